"""A pair's passage windows measured on its two texts, whatever bands met: what a band draw finds, expected.

The passage channel (:mod:`dedup.channels`) proposes a pair when windows of its two texts meet in the bands of
one draw of MinHash functions (one seed). Which window pairs met is the seed's luck: a window pair 0.3 alike
meets in two of the 32 bands one draw in five. Here every window pair of a candidate pair is measured exactly
(its content words' Jaccard similarity ``s``), and the chance that a draw finds it is worked out
(:func:`met_chance`: at least two of 32 bands of 3 rows, as the channel asks). Window pairs that overlap on both
sides are merged into groups (:func:`dedup.passages.chained`, :func:`dedup.passages.merged`); a group is a
passage when a draw finds at least one of its window pairs more often than not (:data:`FOUND`), its window
pairs' chances taken as independent. A pair's passages so depend on its two texts alone: a scan, an index, the
Dask engine and ``compare`` read them alike under any seed (benchmarks/RESULTS.md, "A pair's passages from the
band draw's expectation").
"""

from __future__ import annotations

from math import comb

import numpy as np

from dedup.exact_sets import Features
from dedup.passages import chained, merged

__all__ = ["WINDOW", "STEP", "MIN_WORDS", "FLOOR", "FOUND", "met_chance", "window_table", "window_similarities",
           "expected_windows"]

#: The passage channel's windows (:data:`dedup.channels.SPARSE_CHANNELS`): 24 content words, one every 8, and
#: those with fewer than 8 distinct words not indexed.
WINDOW, STEP, MIN_WORDS = 24, 8, 8
#: The channel's bands: 32 of 3 rows, two of which a window pair must share.
BANDS, ROWS, MIN_BANDS = 32, 3, 2
#: Window pairs a draw finds less often than this (below about 0.2 alike) join no group: a stretch of one
#: beat's words, not of one text.
FLOOR = 0.02
#: The chance a draw finds one window pair of a group, at least, from which the group is a passage.
FOUND = 0.5
#: A group found is read where a draw finds it most: its window pairs found at least this share as often as its
#: likeliest one (a copied paragraph's window pairs all, a rewrite's closest one or two).
LIKELY = 0.9
#: Window-pair products (windows of a x windows of b x shared words) up to which the similarities are one
#: dense product; longer texts are multiplied as sparse tables.
DENSE_MOST = 4_000_000


def met_chance(similarity: np.ndarray | float, *, rows: int = ROWS, bands: int = BANDS,
               min_bands: int = MIN_BANDS) -> np.ndarray:
    """The chance that two windows this alike (Jaccard) share at least ``min_bands`` of ``bands`` bands of
    ``rows`` rows: ``1 - sum over k < min_bands of C(bands, k) p^k (1-p)^(bands-k)``, ``p = s^rows``.

    >>> [round(float(met_chance(s)), 3) for s in (0.2, 0.3, 0.373, 0.5)]
    [0.027, 0.214, 0.5, 0.922]
    """
    p = np.asarray(similarity, dtype=np.float64) ** rows
    missed = sum(comb(bands, k) * p**k * (1 - p) ** (bands - k) for k in range(min_bands))
    return np.clip(1.0 - missed, 0.0, 1.0)


def window_table(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The windows over ``n`` content words, as ``(first, end)`` word positions: one every :data:`STEP` words,
    :data:`WINDOW` long, the last reaching the text's end (one window for a text shorter than a window).

    >>> [x.tolist() for x in window_table(40)]
    [[0, 8, 16], [24, 32, 40]]
    """
    if n <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    first = np.arange(0, max(1, n - WINDOW + STEP), STEP, dtype=np.int64)
    return first, np.minimum(first + WINDOW, n)


def _membership(tokens: np.ndarray, columns: np.ndarray, first: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(window, column)`` of every word of every window (``columns``: each token's column, -1 none),
    repeats allowed."""
    positions = np.arange(len(tokens), dtype=np.int64)
    rows, cols = [], []
    for k in range(-(-WINDOW // STEP)):  # a word is in up to WINDOW / STEP windows
        w = positions // STEP - k
        inside = (w >= 0) & (w < len(first)) & (columns >= 0)
        inside[inside] &= positions[inside] < end[w[inside]]
        rows.append(w[inside])
        cols.append(columns[inside])
    return np.concatenate(rows), np.concatenate(cols)


#: Texts whose window tables are kept between pairs (a text is in many pairs): the last this many.
_KEPT = 4096
_tables: dict[int, tuple] = {}


def _text_table(tokens: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A text's windows: ``first``, ``end``, each window's distinct words, the text's distinct words, and
    the ``(window, word)`` memberships (distinct words as positions in those), worked out once a text (kept
    while the array is, by its identity: the array is held with them, so no other takes its place)."""
    kept = _tables.get(id(tokens))
    if kept is not None and kept[0] is tokens:
        return kept[1]
    first, end = window_table(len(tokens))
    words, local = np.unique(tokens, return_inverse=True)
    w, c = _membership(tokens, local.reshape(-1).astype(np.int64), first, end)
    keys = np.unique(w * len(words) + c) if len(words) else np.zeros(0, dtype=np.int64)
    w, c = keys // max(1, len(words)), keys % max(1, len(words))
    table = (first, end, np.bincount(w, minlength=len(first)), words, w, c)
    if len(_tables) >= _KEPT:
        del _tables[next(iter(_tables))]
    _tables[id(tokens)] = (tokens, table)
    return table


def _table(tokens: np.ndarray, shared: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A text's windows: ``first``, ``end``, each window's distinct words, and its ``(window, column)``
    memberships of the ``shared`` words (distinct)."""
    first, end, distinct, words, w, c = _text_table(tokens)
    column = np.searchsorted(shared, words)
    column[column >= len(shared)] = 0
    inside = shared[column] == words if len(shared) else np.zeros(len(words), dtype=bool)
    member = inside[c]
    return first, end, distinct, w[member], column[c[member]]


def window_similarities(fa: Features, fb: Features) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple]:
    """Every window pair of two texts that shares a word: ``(window of a, window of b, similarity)``, and the
    two texts' window tables ``((first_a, end_a), (first_b, end_b))``. A window of fewer than
    :data:`MIN_WORDS` distinct words is not measured (the channel indexes none)."""
    ta, tb = fa.content_tokens, fb.content_tokens
    shared = np.intersect1d(ta, tb)
    fa_, ea, da, wa, ca = _table(ta, shared)
    fb_, eb, db, wb, cb = _table(tb, shared)
    tables = ((fa_, ea), (fb_, eb))
    none = np.zeros(0, dtype=np.int64)
    if not len(shared) or not len(wa) or not len(wb):
        return none, none, np.zeros(0), tables
    if len(fa_) * len(fb_) * len(shared) <= DENSE_MOST:
        ma = np.zeros((len(fa_), len(shared)), dtype=np.float32)
        mb = np.zeros((len(fb_), len(shared)), dtype=np.float32)
        ma[wa, ca] = 1.0
        mb[wb, cb] = 1.0
        inter = ma @ mb.T
        ia, ib = np.nonzero(inter)
        both = inter[ia, ib].astype(np.float64)
    else:
        from scipy.sparse import csr_matrix

        ma = csr_matrix((np.ones(len(wa), dtype=np.float32), (wa, ca)), shape=(len(fa_), len(shared)))
        mb = csr_matrix((np.ones(len(wb), dtype=np.float32), (wb, cb)), shape=(len(fb_), len(shared)))
        inter = (ma @ mb.T).tocoo()
        order = np.lexsort((inter.col, inter.row))
        ia, ib, both = inter.row[order].astype(np.int64), inter.col[order].astype(np.int64), inter.data[order].astype(np.float64)
    kept = (da[ia] >= MIN_WORDS) & (db[ib] >= MIN_WORDS)
    ia, ib, both = ia[kept], ib[kept], both[kept]
    return ia, ib, both / (da[ia] + db[ib] - both), tables


def expected_windows(fa: Features, fb: Features, *, floor: float | None = None,
                     found: float | None = None) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The pair's passage windows, as character spans ``((a0, a1), (b0, b1))``: the groups of window pairs
    (those a draw finds at least ``floor`` of the time, merged where they overlap on both sides) of which a
    draw finds one at least ``found`` of the time (default :data:`FLOOR`, :data:`FOUND`), each read where a draw
    finds it most (:data:`LIKELY`). Deterministic: the two texts alone decide them."""
    floor = FLOOR if floor is None else floor
    found = FOUND if found is None else found
    ia, ib, similarity, ((first_a, end_a), (first_b, end_b)) = window_similarities(fa, fb)
    chance = met_chance(similarity)
    keep = chance >= floor
    if not keep.any():
        return []
    ia, ib, chance = ia[keep], ib[keep], chance[keep]
    boxes = np.stack([fa.content_starts[first_a[ia]], fa.content_ends[end_a[ia] - 1],
                      fb.content_starts[first_b[ib]], fb.content_ends[end_b[ib] - 1]], axis=1).astype(np.int64)
    groups = merged(chained(boxes))
    missed = np.log1p(-np.minimum(chance, 1.0 - 1e-12))
    order = np.argsort(boxes[:, 0], kind="stable")
    starts = boxes[order, 0]
    out = []
    for a0, a1, b0, b1 in groups:
        lo, hi = np.searchsorted(starts, [a0, a1 + 1])
        inside = order[lo:hi]
        box = boxes[inside]
        inside = inside[(box[:, 1] <= a1) & (box[:, 2] >= b0) & (box[:, 3] <= b1)]
        if 1.0 - np.exp(missed[inside].sum()) >= found:
            likely = inside[chance[inside] >= LIKELY * chance[inside].max()]
            out.extend(((a0, a1), (b0, b1)) for a0, a1, b0, b1 in merged(chained(boxes[likely])))
    return sorted(out)
