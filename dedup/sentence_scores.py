"""A batch of pairs' sentence scores, the way the build allows, and the scores of a pair's merges and splits.

The aligner asks for the sentence scores of every pair it aligns (:meth:`dedup.align.SentenceAligner.align_many`).
Three ways give the same numbers bit for bit: the compiled kernel pair by pair where it is built, else a join
(:mod:`dedup.pair_join`) for a small batch and one sparse product per feature kind (:mod:`dedup.pair_scores`) for
a large one; which way is taken is a matter of speed only (the tests compare them). The groups of a merge or a
split are scored from the same products (:func:`group_links`).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from dedup import kernels
from dedup.link_sides import GroupPair
from dedup.pair_join import score_pair
from dedup.pair_scores import PairScores, masked_sets, score_batch
from dedup.sentence_tables import SentenceTable

__all__ = ["JOIN_BELOW", "JOIN_MAX_CELLS", "score_tables", "group_links"]


#: Batches under this many pairs (an index's check: one or two, a form a dozen) are scored pair by pair by a join
#: (:mod:`dedup.pair_join`), which skips the sparse matrices whose construction costs most of a small
#: batch; from about 16 pairs one sparse product per feature kind is cheaper. The same numbers either way.
JOIN_BELOW = 16
#: ... and pairs of at most this many sentence pairs (two 200-sentence texts), past which the join's
#: terms take more memory and time than the sparse product.
JOIN_MAX_CELLS = 40_000


def score_tables(tables: Sequence[tuple[SentenceTable, SentenceTable]], masks: Sequence[tuple[np.ndarray | None, np.ndarray | None]],
            *, min_shared_content: int, idf: np.ndarray | None) -> list[PairScores]:
    """The sentence scores of a batch of pairs: pair by pair by the compiled kernel where it is built, else by
    a join when the batch is small and by sparse products when it is not (the same numbers every way)."""
    compiled = kernels.KERNELS
    if compiled is not None:
        return [_pair_scores(compiled, ta, tb, ma, mb, min_shared_content=min_shared_content, idf=idf)
                for (ta, tb), (ma, mb) in zip(tables, masks)]
    return _scores_py(tables, masks, min_shared_content=min_shared_content, idf=idf)


def _scores_py(tables: Sequence[tuple[SentenceTable, SentenceTable]],
               masks: Sequence[tuple[np.ndarray | None, np.ndarray | None]], *, min_shared_content: int,
               idf: np.ndarray | None) -> list[PairScores]:
    """:func:`score_tables` in numpy and scipy: the reference, and the way where the kernels are not built."""
    if len(tables) >= JOIN_BELOW:
        return score_batch(tables, masks=masks, min_shared_content=min_shared_content, idf=idf)
    out = []
    for (ta, tb), (ma, mb) in zip(tables, masks):
        if len(ta.sentences) * len(tb.sentences) <= JOIN_MAX_CELLS:
            out.append(score_pair(ta, tb, ma, mb, min_shared_content=min_shared_content, idf=idf))
        else:
            out += score_batch([(ta, tb)], masks=[(ma, mb)], min_shared_content=min_shared_content, idf=idf)
    return out


def group_links(scores: PairScores, pairs: Sequence[GroupPair], derived_is_a: bool,
                 min_shared_content: int) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """The linkable ones of ``pairs`` (derived group, source group; the derived sentences the rows of
    ``scores`` when ``derived_is_a``), with their scores. The compiled kernel (``group_links``) computes
    the same, bit for bit, where it is built: the groups of merges and splits were the largest share of
    choosing links (the tests compare the two)."""
    compiled = kernels.KERNELS
    if compiled is not None:
        return compiled.group_links(list(pairs), derived_is_a, scores._cosines, *scores._norms, *scores._next_dots,
                                    *scores._sets, min_shared_content)
    return _group_links_py(scores, pairs, derived_is_a, min_shared_content)


def _group_links_py(scores: PairScores, pairs: Sequence[GroupPair], derived_is_a: bool,
                    min_shared_content: int) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """:func:`group_links` by :meth:`PairScores.group_scores`: the reference, and the way where the kernels
    are not built."""
    ab = pairs if derived_is_a else [(s, d) for d, s in pairs]
    values, ok = scores.group_scores(ab, min_shared_content=min_shared_content)
    return [(d, s, float(v)) for (d, s), v, k in zip(pairs, values, ok) if k]


def _pair_scores(compiled, ta: SentenceTable, tb: SentenceTable, mask_a: np.ndarray | None,  # type: ignore[no-untyped-def]
                 mask_b: np.ndarray | None, *, min_shared_content: int, idf: np.ndarray | None) -> PairScores:
    """The sentence scores of one pair from the kernel ``pair_scores``: the numbers of
    :func:`dedup.pair_scores.score_batch` and :func:`dedup.pair_join.score_pair` bit for bit (the tests
    compare the three), without the batch's stacked arrays and sparse matrices, which cost most of a
    pair's scoring. The pair's IDF comes in as a table by sentence count, worked out by numpy as they work
    it out entry by entry (the same logarithms of the same quotients)."""
    n_a, n_b = len(ta.sentences), len(tb.sentences)
    if idf is None:
        n = n_a + n_b
        weights = np.log((1.0 + n) / (1.0 + np.arange(n + 1))) + 1.0
    else:
        weights = np.ascontiguousarray(idf, dtype=np.float64)
    kinds = [_table_kinds(t) for t in (ta, tb)]
    out = compiled.pair_scores(kinds[0], kinds[1], _i32(ta.df), _i32(tb.df), n_a, n_b, _flags(mask_a, n_a),
                               _flags(mask_b, n_b), weights, idf is not None, min_shared_content)
    score, linkable, conflict, shared, cosines, norm_a, norm_b, next_a, next_b = out
    shape = (n_a, n_b)
    return PairScores(
        score=np.frombuffer(score, dtype=np.float64).reshape(shape),
        linkable=np.frombuffer(linkable, dtype=bool).reshape(shape),
        entity_conflict=np.frombuffer(conflict, dtype=bool).reshape(shape),
        shared_content=np.frombuffer(shared, dtype=np.float64).reshape(shape),
        _cosines=np.frombuffer(cosines, dtype=np.float64).reshape(2, *shape),
        _norms=(np.frombuffer(norm_a, dtype=np.float64).reshape(2, n_a), np.frombuffer(norm_b, dtype=np.float64).reshape(2, n_b)),
        _next_dots=(np.frombuffer(next_a, dtype=np.float64).reshape(2, n_a),
                    np.frombuffer(next_b, dtype=np.float64).reshape(2, n_b)),
        _sets=(masked_sets(ta, mask_a), masked_sets(tb, mask_b)),
    )


def _table_kinds(table: SentenceTable) -> tuple:
    """The five kinds of ``table``'s entries as the compiled pair scores read them: the table's own tuples of
    arrays, already of the kernel's types (:class:`dedup.sentence_tables.Entries`), so nothing is converted a
    pair and nothing is kept beside the table (a tuple kept a table was one more object a table for the
    garbage collector, more young collections and a second full one in the ingest benchmark's timed
    operations)."""
    return (table.words, table.chars, table.content, table.entities, table.numbers)


def _i32(values: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(values, dtype=np.int32)


def _flags(mask: np.ndarray | None, n: int) -> np.ndarray | None:
    return None if mask is None else np.ascontiguousarray(mask, dtype=np.uint8).reshape(n)
