"""Sentence-pair scores of many article pairs at once, each pair with its own (pair-local) IDF.

The aligner scores every sentence of one article against every sentence of the other (see
:mod:`dedup.similarity` for the score and its guards). Done pair by pair with scipy, most of the time
goes to building small sparse matrices (about 130 per pair), not to arithmetic. Here the work is split
by what it depends on:

* per document, once (:func:`dedup.sentence_tables.prepare`): sentences, hashed features, each feature's sentence count;
* per pair: the IDF, fitted on the pair's two articles only (so the alignment of ``(a, b)`` depends on
  ``a`` and ``b`` alone), applied to the entries of both documents;
* per batch of pairs: one sparse product per feature kind. Each pair's columns are its own block (the
  second document's vocabulary, offset per pair), so the product of the stacked rows holds every
  pair's sentence-by-sentence block and nothing across pairs.

The numbers equal :func:`dedup.similarity.score_pairs` on :func:`dedup.similarity.vectorize_pair`
vectors (same weights, same summation order); sentence *groups* (a split or a merge) are scored from the
per-sentence products and norms, which differs from summing the rows first only in the last bits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np
import scipy.sparse as sp

from dedup.hashing import KEY_SHIFT
from dedup.sentence_tables import SentenceTable

__all__ = ["PairScores", "score_batch"]

_SHIFT = np.int64(KEY_SHIFT)  # feature ids are below 2**20: a pair index (or a sentence) fits above


@dataclass
class PairScores:
    """Sentence-by-sentence results of one pair, rows the first document's sentences.

    ``score``, ``linkable``, ``entity_conflict`` and ``shared_content`` mean what they mean in
    :class:`dedup.similarity.Scores`; the rest serves :meth:`group_scores`.
    """

    score: np.ndarray
    linkable: np.ndarray
    entity_conflict: np.ndarray
    shared_content: np.ndarray
    _cosines: np.ndarray  # (2, rows, cols): words, then character n-grams
    _norms: tuple[np.ndarray, np.ndarray]  # (2, rows) and (2, cols): raw row norms, words and chars
    _next_dots: tuple[np.ndarray, np.ndarray]  # the same shapes: <row k, row k+1> of each document
    _sets: tuple[tuple[tuple[frozenset[int], ...], ...], tuple[tuple[frozenset[int], ...], ...]]

    def group_scores(
        self, groups: Sequence[tuple[tuple[int, ...], tuple[int, ...]]], *, min_shared_content: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Scores of (group of first-document sentences, group of second-document sentences), each
        group one sentence or two neighbours, and whether each is linkable without a name conflict."""
        if not groups:
            return np.zeros(0), np.zeros(0, dtype=bool)
        cosine = (_group_cosine(self._cosines, self._norms, self._next_dots, groups) if len(groups) > _FEW_GROUPS
                  else _few_group_cosines(self._cosines, self._norms, self._next_dots, groups))
        shared = np.zeros(len(groups))
        ok = np.zeros(len(groups), dtype=bool)
        (content_a, ent_a, num_a), (content_b, ent_b, num_b) = self._sets
        for n, (da, db) in enumerate(groups):  # a group is one sentence or two (unions inlined: hot)
            ca = content_a[da[0]] if len(da) == 1 else content_a[da[0]].union(*(content_a[r] for r in da[1:]))
            cb = content_b[db[0]] if len(db) == 1 else content_b[db[0]].union(*(content_b[r] for r in db[1:]))
            inter = len(ca & cb)
            size = len(ca) + len(cb)
            shared[n] = 2.0 * inter / size if size else 0.0
            if inter < min_shared_content:
                continue  # not linkable whatever its names and numbers
            ea, eb = _union(ent_a, da), _union(ent_b, db)
            if ea and eb and not ea & eb:
                continue  # an entity conflict
            na, nb = _union(num_a, da), _union(num_b, db)
            ok[n] = not (na and nb and 2 * len(na & nb) < min(len(na), len(nb)))  # no number conflict
        if len(groups) > _FEW_GROUPS:
            total = np.zeros(len(groups)) + cosine[0] + cosine[1]
            return np.clip((total + shared) / 3.0, 0.0, 1.0), ok
        # the same operations on Python floats, in the same order (IEEE arithmetic either way)
        return np.array([min(max((0.0 + w + c + s) / 3.0, 0.0), 1.0)
                         for w, c, s in zip(cosine[0], cosine[1], shared.tolist())]), ok


def _ends(groups) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    """First and last sentence of groups of one or two neighbours, and which have two."""
    first = np.array([g[0] for g in groups], dtype=np.int64)
    last = np.array([g[-1] for g in groups], dtype=np.int64)
    return first, last, last != first


def _union(sets: tuple[frozenset[int], ...], rows: tuple[int, ...]) -> frozenset[int]:
    return sets[rows[0]] if len(rows) == 1 else sets[rows[0]].union(*(sets[r] for r in rows[1:]))


#: Up to this many groups a call (about six on Reuters), :meth:`PairScores.group_scores` reads its cells
#: as Python floats: numpy's thirty-odd calls on arrays that short cost more than the arithmetic.
_FEW_GROUPS = 24


def _few_group_cosines(cos, norms, next_dots, groups) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    """:func:`_group_cosine` (words, then chars) one group at a time: the same operations in the same
    order on Python floats, so the same bits (the tests compare the two)."""
    item = cos.item
    out: tuple[list[float], list[float]] = ([], [])
    for kind in (0, 1):
        norm_a, norm_b = norms[0][kind].tolist(), norms[1][kind].tolist()
        next_a, next_b = next_dots[0][kind].tolist(), next_dots[1][kind].tolist()
        values = out[kind]
        for da, db in groups:
            a0, a1, b0, b1 = da[0], da[-1], db[0], db[-1]
            two_a, two_b = a1 != a0, b1 != b0
            na0, nb0 = norm_a[a0], norm_b[b0]
            dot = item(kind, a0, b0) * na0 * nb0
            dot = dot + (item(kind, a0, b1) * na0 * norm_b[b1] if two_b else 0.0)
            dot = dot + (item(kind, a1, b0) * norm_a[a1] * nb0 if two_a else 0.0)
            dot = dot + (item(kind, a1, b1) * norm_a[a1] * norm_b[b1] if two_a and two_b else 0.0)
            sq_a = na0 * na0 + (norm_a[a1] * norm_a[a1] + 2.0 * next_a[a0] if two_a else 0.0)
            sq_b = nb0 * nb0 + (norm_b[b1] * norm_b[b1] + 2.0 * next_b[b0] if two_b else 0.0)
            denominator = math.sqrt(sq_a * sq_b)
            values.append(dot / denominator if denominator > 0 else 0.0)
    return out


def _group_cosine(cos, norms, next_dots, groups) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Cosine of summed raw rows (words and chars at once), from the per-sentence cosines, norms and
    neighbour products; terms a group lacks add 0."""
    (norm_a, norm_b), (next_a, next_b) = norms, next_dots
    a0, a1, two_a = _ends([g for g, _ in groups])
    b0, b1, two_b = _ends([g for _, g in groups])
    dot = cos[:, a0, b0] * norm_a[:, a0] * norm_b[:, b0]
    dot = dot + np.where(two_b, cos[:, a0, b1] * norm_a[:, a0] * norm_b[:, b1], 0.0)
    dot = dot + np.where(two_a, cos[:, a1, b0] * norm_a[:, a1] * norm_b[:, b0], 0.0)
    dot = dot + np.where(two_a & two_b, cos[:, a1, b1] * norm_a[:, a1] * norm_b[:, b1], 0.0)
    sq_a = norm_a[:, a0] ** 2 + np.where(two_a, norm_a[:, a1] ** 2 + 2.0 * next_a[:, a0], 0.0)
    sq_b = norm_b[:, b0] ** 2 + np.where(two_b, norm_b[:, b1] ** 2 + 2.0 * next_b[:, b0], 0.0)
    denominator = np.sqrt(sq_a * sq_b)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denominator > 0, dot / np.where(denominator > 0, denominator, 1.0), 0.0)


@dataclass(frozen=True)
class _Side:
    """One side (first or second documents) of a batch, with row offsets into the stacked rows."""

    tables: Sequence[SentenceTable]
    masks: Sequence[np.ndarray | None]
    #: arrays of the side worked out once a batch (each kind's stacked entries, offsets, kept entries):
    #: the products ask for them again and again, and never write into them
    _memo: dict[tuple[str, ...], np.ndarray] = field(default_factory=dict, compare=False, repr=False)

    def memo(self, key: tuple[str, ...], compute: Callable[[], np.ndarray]) -> np.ndarray:
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = compute()
        return found

    @property
    def sizes(self) -> np.ndarray:
        return self.memo(("sizes",), lambda: np.array([len(t.sentences) for t in self.tables], dtype=np.int64))


def score_batch(
    pairs: Sequence[tuple[SentenceTable, SentenceTable]],
    *,
    masks: Sequence[tuple[np.ndarray | None, np.ndarray | None]] | None = None,
    min_shared_content: int = 2,
    idf: np.ndarray | None = None,
) -> list[PairScores]:
    """Score the sentences of each pair against each other, every pair with its own IDF (or, given
    ``idf``, weights by feature id fitted on a corpus, for every pair alike).

    ``masks`` (optional, per pair) keep only some sentences of either document comparable (the others
    score 0 and never link), as :func:`dedup.similarity.keep_rows` does; the IDF is still the whole
    pair's.
    """
    if not pairs:
        return []
    masks = masks or [(None, None)] * len(pairs)
    a = _Side([p[0] for p in pairs], [m[0] for m in masks])
    b = _Side([p[1] for p in pairs], [m[1] for m in masks])
    n_pairs = a.sizes + b.sizes
    cross, norms, next_dots = [], [], []
    for kind in ("words", "chars"):
        wa, ra, found, cols_a = _weights(kind, a, b, n_pairs, idf)
        wb, rb, _, _ = _weights(kind, b, a, n_pairs, idf)
        norm_a, norm_b = _row_norms(wa, ra, a), _row_norms(wb, rb, b)
        # normalised rows, the first side kept only where the second side has the feature at all
        left = (wa[found] / np.where(norm_a == 0, 1.0, norm_a)[ra[found]], ra[found], cols_a)
        right = (wb / np.where(norm_b == 0, 1.0, norm_b)[rb], rb, _concat_cols(kind, b))
        cross.append(_blocks(left, right, a, b))
        norms.append((norm_a, norm_b))
        next_dots.append((_next_dots(kind, a, wa, ra), _next_dots(kind, b, wb, rb)))
    overlaps = [_blocks(*_binary(kind, a, b), a, b) for kind in ("content", "entities", "numbers")]
    sizes = [(_row_counts(kind, a), _row_counts(kind, b)) for kind in ("content", "entities", "numbers")]
    return _split(a, b, cross, norms, next_dots, overlaps, sizes, min_shared_content)


def _keep(side: _Side, kind: str) -> np.ndarray:
    """Which entries of ``kind`` (all documents' stacked) are in kept sentences."""
    def compute() -> np.ndarray:
        if all(mask is None for mask in side.masks):
            return np.ones(sum(len(getattr(t, kind).rows) for t in side.tables), dtype=bool)
        return np.concatenate([np.ones(len(getattr(t, kind).rows), dtype=bool) if mask is None
                               else mask[getattr(t, kind).rows] for t, mask in zip(side.tables, side.masks)])
    return side.memo(("keep", kind), compute)


def _row_offsets(side: _Side) -> np.ndarray:
    return side.memo(("offsets",), lambda: np.concatenate([[0], np.cumsum(side.sizes)]))


def _stack(side: _Side, kind: str, name: str) -> np.ndarray:
    return side.memo(("stack", kind, name), lambda: np.concatenate([getattr(getattr(t, kind), name) for t in side.tables]))


def _pair_of_entry(side: _Side, kind: str) -> np.ndarray:
    def compute() -> np.ndarray:
        counts = [len(getattr(t, kind).rows) for t in side.tables]
        return np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    return side.memo(("pair", kind), compute)


def _vocab_keys(side: _Side, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """The partners' vocabularies, each tagged with its pair index (sorted overall), and their df."""
    keys = side.memo(("vocab", kind), lambda: np.concatenate(
        [(np.int64(p) << _SHIFT) | getattr(t, kind).vocab for p, t in enumerate(side.tables)]))
    df = side.memo(("df",), lambda: np.concatenate([t.df for t in side.tables])) if kind in ("words", "chars") else np.zeros(0)
    return keys, df


def _weights(kind: str, side: _Side, other: _Side, n_pairs: np.ndarray, fitted: np.ndarray | None):  # type: ignore[no-untyped-def]
    """TF-IDF weight of each entry of ``side`` (zero outside kept sentences), with the pair's IDF
    (the sentences of both documents holding the feature, over the sentences of both) unless
    ``fitted`` weights are given; and where the partner has the entry's feature (its column there)."""
    pair = _pair_of_entry(side, kind)
    ids = _stack(side, kind, "ids")
    rows = _stack(side, kind, "rows") + _row_offsets(side)[:-1][pair]
    own_df = np.concatenate([t.df[getattr(t, kind).cols] for t in side.tables])
    keys, other_df = _vocab_keys(other, kind)
    wanted = (pair << _SHIFT) | ids
    pos = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
    found = keys[pos] == wanted if len(keys) else np.zeros(len(ids), dtype=bool)
    if fitted is None:
        df = own_df + np.where(found, other_df[pos] if len(keys) else 0, 0)
        idf = np.log((1.0 + n_pairs[pair]) / (1.0 + df)) + 1.0
    else:
        idf = fitted[ids]
    weights = _stack(side, kind, "values") * idf * _keep(side, kind)
    return weights, rows, found, pos[found]


def _concat_cols(kind: str, side: _Side) -> np.ndarray:
    """Column of each entry: its id's place in its own document's vocabulary, offset per pair."""
    def compute() -> np.ndarray:
        offsets = np.concatenate([[0], np.cumsum([len(getattr(t, kind).vocab) for t in side.tables])])
        return _stack(side, kind, "cols") + offsets[:-1][_pair_of_entry(side, kind)]
    return side.memo(("cols", kind), compute)


def _binary(kind: str, a: _Side, b: _Side):  # type: ignore[no-untyped-def]
    keys, _ = _vocab_keys(b, kind)
    pair = _pair_of_entry(a, kind)
    wanted = (pair << _SHIFT) | _stack(a, kind, "ids")
    pos = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
    found = (keys[pos] == wanted) & _keep(a, kind) if len(keys) else np.zeros(len(wanted), bool)
    rows_a = _stack(a, kind, "rows") + _row_offsets(a)[:-1][pair]
    rows_b = _stack(b, kind, "rows") + _row_offsets(b)[:-1][_pair_of_entry(b, kind)]
    keep_b = _keep(b, kind)
    left = (np.ones(int(found.sum())), rows_a[found], pos[found])
    right = (np.ones(int(keep_b.sum())), rows_b[keep_b], _concat_cols(kind, b)[keep_b])
    return left, right


def _row_counts(kind: str, side: _Side) -> np.ndarray:
    pair = _pair_of_entry(side, kind)
    rows = _stack(side, kind, "rows") + _row_offsets(side)[:-1][pair]
    keep = _keep(side, kind)
    return np.bincount(rows[keep], minlength=int(side.sizes.sum())).astype(np.float64)


def _row_norms(weights: np.ndarray, rows: np.ndarray, side: _Side) -> np.ndarray:
    # bincount adds each row's entries in their order, as the per-pair path does
    return np.sqrt(np.bincount(rows, weights=weights**2, minlength=int(side.sizes.sum())))


def _next_dots(kind: str, side: _Side, weights: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Raw product of each sentence with the next one (the cross term of their sum's norm)."""
    counts = np.concatenate([[0], np.cumsum([len(getattr(t, kind).rows) for t in side.tables])])
    left = np.concatenate([getattr(t, kind).next_left + counts[p] for p, t in enumerate(side.tables)])
    right = np.concatenate([getattr(t, kind).next_right + counts[p] for p, t in enumerate(side.tables)])
    return np.bincount(
        rows[left].astype(np.int64), weights=weights[left] * weights[right], minlength=int(side.sizes.sum())
    )


def _blocks(left, right, a: _Side, b: _Side) -> np.ndarray:  # type: ignore[no-untyped-def]
    """One sparse product of the stacked rows; returns every pair's block, flattened one after another."""
    n_cols = int(max(right[2].max(initial=-1), left[2].max(initial=-1)) + 1)
    n_a, n_b = int(a.sizes.sum()), int(b.sizes.sum())
    ma = sp.csr_matrix((left[0], (left[1], left[2])), shape=(n_a, n_cols))
    mb = sp.csr_matrix((right[0], (right[1], right[2])), shape=(n_b, n_cols))
    product = (ma @ mb.T).tocoo()
    starts_a, starts_b = _row_offsets(a), _row_offsets(b)
    block = np.concatenate([[0], np.cumsum(a.sizes * b.sizes)])
    pair = np.searchsorted(starts_a, product.row, side="right") - 1
    flat = block[pair] + (product.row - starts_a[pair]) * b.sizes[pair] + (product.col - starts_b[pair])
    out = np.zeros(int(block[-1]))
    out[flat] = product.data
    return out


def _split(a, b, cross, norms, next_dots, overlaps, sizes, min_shared_content) -> list[PairScores]:  # type: ignore[no-untyped-def]
    """Scores of the whole batch at once, then cut into one :class:`PairScores` per pair (views)."""
    starts_a, starts_b = _row_offsets(a), _row_offsets(b)
    block = np.concatenate([[0], np.cumsum(a.sizes * b.sizes)])
    pair = np.repeat(np.arange(len(a.tables)), a.sizes * b.sizes)
    within = np.arange(int(block[-1])) - block[pair]
    width = np.maximum(b.sizes[pair], 1)
    row_a, row_b = starts_a[pair] + within // width, starts_b[pair] + within % width
    shared = overlaps[0]
    score, linkable, entity_conflict = combine(cross, overlaps, [(s[0][row_a], s[1][row_b]) for s in sizes],
                                               min_shared_content)
    cosines = np.stack(cross)
    norm_a, norm_b = np.stack([n[0] for n in norms]), np.stack([n[1] for n in norms])
    next_a, next_b = np.stack([d[0] for d in next_dots]), np.stack([d[1] for d in next_dots])
    out = []
    for p, (ta, tb) in enumerate(zip(a.tables, b.tables)):
        shape = (int(a.sizes[p]), int(b.sizes[p]))
        ra, rb = slice(starts_a[p], starts_a[p + 1]), slice(starts_b[p], starts_b[p + 1])
        cut = slice(block[p], block[p + 1])
        out.append(
            PairScores(
                score=score[cut].reshape(shape),
                linkable=linkable[cut].reshape(shape),
                entity_conflict=entity_conflict[cut].reshape(shape),
                shared_content=shared[cut].reshape(shape),
                _cosines=cosines[:, cut].reshape(2, *shape),
                _norms=(norm_a[:, ra], norm_b[:, rb]),
                _next_dots=(next_a[:, ra], next_b[:, rb]),
                _sets=(masked_sets(ta, a.masks[p]), masked_sets(tb, b.masks[p])),
            )
        )
    return out


def combine(cross, overlaps, sizes, min_shared_content: int):  # type: ignore[no-untyped-def]
    """A sentence pair's score, whether it may link, and whether its names conflict, cell by cell, from
    the cosines of words and character n-grams (``cross``), the shared content words, names and numbers
    (``overlaps``) and each side's count of them (``sizes``: ``(a, b)`` per kind, broadcast against the
    cells). The batch's sparse products and a check's join (:mod:`dedup.pair_join`) both end here."""
    shared, ent, num = overlaps
    (ca, cb), (ea, eb), (xa, xb) = sizes
    with np.errstate(invalid="ignore", divide="ignore"):
        dice = np.nan_to_num(2.0 * shared / (ca + cb))
    score = np.clip((cross[0] + cross[1] + dice) / 3.0, 0.0, 1.0)
    entity_conflict = (ea > 0) & (eb > 0) & (ent == 0)
    number_conflict = (xa > 0) & (xb > 0) & (2 * num < np.minimum(xa, xb))
    return score, (shared >= min_shared_content) & ~number_conflict, entity_conflict


def masked_sets(table: SentenceTable, mask: np.ndarray | None):  # type: ignore[no-untyped-def]
    if mask is None:
        return table.sets
    empty: frozenset[int] = frozenset()
    return tuple(tuple(s if keep else empty for s, keep in zip(sets, mask)) for sets in table.sets)
