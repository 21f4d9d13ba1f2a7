"""Sentence-pair scores of one pair of short articles, by joining their feature entries: what a check
of the index aligns, one or two pairs of wire stories at a time.

:func:`dedup.pair_scores.score_batch` scores a batch of pairs with five sparse products (words,
character n-grams, content words, names, numbers). For the 64 pairs of a scan's batch the matrices pay
for themselves; for the one or two pairs of a check, stories of 5-30 sentences, building them (about
thirty scipy constructions, each with its checks and conversions) costs several times the arithmetic.
Here each product is a join instead: every entry of the first document meets the second document's
entries of the same feature, and the terms are summed per sentence pair by ``np.bincount``.

The numbers are the sparse products' bit for bit, not just close. scipy's CSR product adds the terms of
a cell in the order of the row's entries, which construction sorts by column, starting from 0;
``bincount`` adds its terms in the order given, starting from 0. The first document's entries are kept
sorted by sentence, then feature id (:func:`dedup.sentence_tables.prepare`), and a pair's columns are the
second document's vocabulary in id order, so walking those entries in order gives each cell its terms
in column order. Everything else (the pair's IDF, norms, the products of neighbouring sentences) is
the batch's own elementwise arithmetic on one pair's rows, and the score, the Dice share of content
words and the conflicts come from the batch's own function (:func:`dedup.pair_scores.combine`).
``tests/test_pair_join.py`` compares the two paths array by array.
"""

from __future__ import annotations

import numpy as np

from typing import TYPE_CHECKING

from dedup.pair_scores import PairScores, combine, masked_sets
from dedup.sentence_tables import SentenceTable

if TYPE_CHECKING:
    from dedup.sentence_tables import Entries as _Entries

__all__ = ["score_pair"]


def score_pair(
    ta: SentenceTable,
    tb: SentenceTable,
    mask_a: np.ndarray | None = None,
    mask_b: np.ndarray | None = None,
    *,
    min_shared_content: int = 2,
    idf: np.ndarray | None = None,
) -> PairScores:
    """:func:`dedup.pair_scores.score_batch` of the one pair ``(ta, tb)``, with the same numbers."""
    n_a, n_b = len(ta.sentences), len(tb.sentences)
    cross, norms, next_dots = [], [], []
    for kind in ("words", "chars"):
        ea, eb = getattr(ta, kind), getattr(tb, kind)
        wa, found, pos = _weights(ea, ta.df, eb, tb.df, mask_a, n_a + n_b, idf)
        wb, _, _ = _weights(eb, tb.df, ea, ta.df, mask_b, n_a + n_b, idf)
        norm_a = np.sqrt(np.bincount(ea.rows, weights=wa**2, minlength=n_a))
        norm_b = np.sqrt(np.bincount(eb.rows, weights=wb**2, minlength=n_b))
        left = wa[found] / np.where(norm_a == 0, 1.0, norm_a)[ea.rows[found]]
        right = wb / np.where(norm_b == 0, 1.0, norm_b)[eb.rows]
        cross.append(_join(ea.rows[found], pos[found], left, eb, right, None, n_a, n_b))
        norms.append((norm_a, norm_b))
        next_dots.append((_next_dots(ea, wa, n_a), _next_dots(eb, wb, n_b)))
    overlaps, counts = [], []
    for kind in ("content", "entities", "numbers"):
        ea, eb = getattr(ta, kind), getattr(tb, kind)
        keep_a, keep_b = _keep(ea, mask_a), _keep(eb, mask_b)
        pos, found = _lookup(eb.vocab, ea.ids)
        if keep_a is not None:
            found &= keep_a
        overlaps.append(_join(ea.rows[found], pos[found], None, eb, None, keep_b, n_a, n_b))
        counts.append((_row_counts(ea, keep_a, n_a), _row_counts(eb, keep_b, n_b)))
    score, linkable, entity_conflict = combine(cross, overlaps, [(a[:, None], b[None, :]) for a, b in counts],
                                               min_shared_content)
    return PairScores(
        score=score,
        linkable=linkable,
        entity_conflict=entity_conflict,
        shared_content=overlaps[0],
        _cosines=np.stack(cross),
        _norms=(np.stack([n[0] for n in norms]), np.stack([n[1] for n in norms])),
        _next_dots=(np.stack([d[0] for d in next_dots]), np.stack([d[1] for d in next_dots])),
        _sets=(masked_sets(ta, mask_a), masked_sets(tb, mask_b)),
    )


def _lookup(vocab: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each id's place in the partner's sorted ``vocab``, and whether it is there."""
    if not len(vocab):
        return np.zeros(len(ids), dtype=np.int64), np.zeros(len(ids), dtype=bool)
    pos = np.minimum(np.searchsorted(vocab, ids), len(vocab) - 1)
    return pos, vocab[pos] == ids


def _keep(entries: _Entries, mask: np.ndarray | None) -> np.ndarray | None:
    return None if mask is None else mask[entries.rows]


def _weights(own: _Entries, own_df: np.ndarray, other: _Entries, other_df: np.ndarray, mask: np.ndarray | None,
             n_sentences: int, fitted: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """TF-IDF weight of each entry (the pair's IDF unless ``fitted``), where the partner has its
    feature, and the feature's column there; as ``pair_scores._weights`` computes them."""
    pos, found = _lookup(other.vocab, own.ids)
    if fitted is None:
        df = own_df[own.cols] + np.where(found, other_df[pos] if len(other.vocab) else 0, 0)
        idf = np.log((1.0 + n_sentences) / (1.0 + df)) + 1.0
    else:
        idf = fitted[own.ids]
    weights = own.values * idf
    if mask is not None:  # times 1.0 elsewhere changes nothing: the batch multiplies by its keep flags
        weights = weights * mask[own.rows]
    return weights, found, pos


def _join(rows_a: np.ndarray, cols_a: np.ndarray, values_a: np.ndarray | None, b: _Entries,
          values_b: np.ndarray | None, keep_b: np.ndarray | None, n_a: int, n_b: int) -> np.ndarray:
    """The (n_a, n_b) product of the first document's entries (``rows_a``, their columns ``cols_a`` in the
    second's vocabulary, ``values_a``; None: ones) with the second's entries (``values_b`` or ones, only
    those ``keep_b``), each cell's terms added in the order of the first's entries."""
    cols_b = b.cols if keep_b is None else np.where(keep_b, b.cols, len(b.vocab))  # dropped: a column no one has
    order = np.argsort(cols_b, kind="stable")
    per_col = np.bincount(cols_b, minlength=len(b.vocab) + 1)
    starts = np.cumsum(per_col) - per_col
    counts = per_col[cols_a]
    total = int(counts.sum())
    if not total:
        return np.zeros((n_a, n_b))
    first = np.repeat(np.arange(len(cols_a)), counts)
    within = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    second = order[np.repeat(starts[cols_a], counts) + within]
    cells = rows_a[first].astype(np.int64) * n_b + b.rows[second]
    if values_a is None:  # counts of shared features: whole numbers, exact in any order
        return np.bincount(cells, minlength=n_a * n_b).astype(np.float64).reshape(n_a, n_b)
    terms = values_a[first] * values_b[second]  # type: ignore[index]
    return np.bincount(cells, weights=terms, minlength=n_a * n_b).reshape(n_a, n_b)


def _next_dots(entries: _Entries, weights: np.ndarray, n: int) -> np.ndarray:
    """Raw product of each sentence with the next one, in ``pair_scores._next_dots``'s order."""
    left, right = entries.next_left, entries.next_right
    dots = np.bincount(entries.rows[left].astype(np.int64), weights=weights[left] * weights[right], minlength=n)
    return dots.astype(np.float64, copy=False)  # bincount of nothing gives integer zeros


def _row_counts(entries: _Entries, keep: np.ndarray | None, n: int) -> np.ndarray:
    rows = entries.rows if keep is None else entries.rows[keep]
    return np.bincount(rows, minlength=n).astype(np.float64)
