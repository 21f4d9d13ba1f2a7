"""Shared passages of a pair located and measured: colliding windows merged, trimmed to what both share,
their similarity, verbatim share, names and figures, ordinary and rare words.

The passage channel's windows that collide (:mod:`dedup.candidate_sets`) only estimate a shared stretch;
here they are merged into passages (:func:`chained`, :func:`merged`) and each is measured once
(:func:`passage_measures`), on the exact sets of :mod:`dedup.exact_sets`. What the measures make of a pair
(a :class:`dedup.evidence.SharedPassage`, the pair's evidence) is :mod:`dedup.evidence`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from dedup import kernels
from dedup.exact_sets import Features, unique_sorted

__all__ = ["MIN_PASSAGE_WORDS", "MANY_BOXES", "chained", "merged", "merged_boxes", "passage_measures", "facts_in_span",
           "cover"]


#: Distinct content words (names and figures included) a shared passage must have in common to be one:
#: fewer is a phrase, not a passage (two windows that met on "rebuild depleted uranium"). Among a million
#: unrelated generated articles, such phrases of two to seven words were the only evidence of 59 of the
#: 61 pairs reported as partial copies (benchmarks/RESULTS.md, 2026-12-01).
MIN_PASSAGE_WORDS = 8


def chained(boxes: np.ndarray) -> list[list[int]]:
    """Windows ``(a0, a1, b0, b1)`` (rows, repeats allowed) with each run of windows that overlap their
    neighbour on both sides, taken along each diagonal (``b0 - a0``) in order, already merged, sorted:
    what :func:`merged` would make of them in the end, in one pass of numpy. Its passages are the same
    whichever windows merge first (two boxes it joins stay joined whatever joins before them; a box grows
    only over boxes it overlaps), and a text that repeats itself brings hundreds of thousands of window
    pairs, which its loop in Python took seconds to join one by one."""
    if len(boxes) < 2:
        return boxes.tolist()
    if len(boxes) <= _FEW_BOXES:
        return _chained_few(boxes.tolist())
    order = np.lexsort((boxes[:, 3], boxes[:, 2], boxes[:, 1], boxes[:, 0], boxes[:, 2] - boxes[:, 0]))
    a0, a1, b0, b1 = boxes[order].T
    joined = (a0[1:] <= a1[:-1]) & (a0[:-1] <= a1[1:]) & (b0[1:] <= b1[:-1]) & (b0[:-1] <= b1[1:])
    first = np.flatnonzero(np.concatenate(([True], ~joined)))
    chained = np.stack([np.minimum.reduceat(a0, first), np.maximum.reduceat(a1, first),
                        np.minimum.reduceat(b0, first), np.maximum.reduceat(b1, first)], axis=1)
    return sorted(set(map(tuple, chained.tolist())))  # type: ignore[arg-type]


#: Up to this many windows a pair's runs are chained in Python (:func:`_chained_few`): numpy's dozen calls cost more.
_FEW_BOXES = 32


def _chained_few(boxes: list[list[int]]) -> list[tuple[int, int, int, int]]:
    """:func:`chained` of a few windows, the same passes in Python: sorted by diagonal and then by each
    coordinate, each window joined to the run of the one before it when the two overlap on both sides."""
    rows = sorted(boxes, key=lambda r: (r[2] - r[0], r[0], r[1], r[2], r[3]))
    out = []
    a0, a1, b0, b1 = run = list(rows[0])
    for row in rows[1:]:
        c0, c1, d0, d1 = row
        if c0 <= a1 and a0 <= c1 and d0 <= b1 and b0 <= d1:  # overlaps the window before it
            run = [min(run[0], c0), max(run[1], c1), min(run[2], d0), max(run[3], d1)]
        else:
            out.append(tuple(run))
            run = list(row)
        a0, a1, b0, b1 = c0, c1, d0, d1
    out.append(tuple(run))
    return sorted(set(out))  # type: ignore[arg-type]


def merged(boxes: list[list[int]]) -> list[list[int]]:
    """Windows ``[a0, a1, b0, b1]`` merged into passages, in order: any two that overlap on both sides become
    one spanning both, again until no two do. The passages are the same whichever text is given first
    (a window joined the first passage it met, and two passages that had grown into each other stayed
    apart in one order of the texts and not in the other: ``compare a b`` and ``compare b a`` located
    other passages, and judged one pair twice)."""
    groups = boxes
    while True:
        out: list[list[int]] = []
        for a0, a1, b0, b1 in groups:
            for g in out:
                if a0 <= g[1] and g[0] <= a1 and b0 <= g[3] and g[2] <= b1:
                    g[:] = [min(g[0], a0), max(g[1], a1), min(g[2], b0), max(g[3], b1)]
                    break
            else:
                out.append([a0, a1, b0, b1])
        out.sort()
        if len(out) == len(groups):
            return out
        groups = out


#: From this many windows a pair's passages are merged by :func:`merged_boxes`'s passes in numpy before the
#: loop of :func:`merged`: two long texts that repeat themselves bring millions of windows, whose tuples took
#: gigabytes and whose loop minutes. Fewer are merged as they always were (the same passages either way).
MANY_BOXES = 4096
#: ... and the passes stop when one of them leaves more than this share of the boxes it was given.
_PASS_KEEPS = 0.9


def merged_boxes(boxes: np.ndarray) -> list[list[int]]:
    """``merged(chained(boxes))``, the same passages, for many windows: boxes that overlap the one before
    them in some order are joined a pass at a time in numpy (along each diagonal, then in the order of
    their starts in each text, again while a pass joins a tenth of them); then every two boxes left that
    overlap are found at once and each group of boxes so connected joined, until none overlap
    (:func:`_connected`), or, where too many are near one another for that, the rest go through
    :func:`merged`'s loop. Joining any two boxes that overlap on both sides is a step :func:`merged` may take:
    two boxes that overlap once overlap when either has grown, so whichever joins come first the passages
    are the same (the boxes no two of which overlap that every order of joins ends in)."""
    if len(boxes) < MANY_BOXES:
        return merged(chained(boxes))
    rows = _joined(boxes, (boxes[:, 3], boxes[:, 2], boxes[:, 1], boxes[:, 0], boxes[:, 2] - boxes[:, 0]))
    while len(rows) > _FEW_BOXES:
        before = len(rows)
        rows = _joined(rows, (rows[:, 3], rows[:, 2], rows[:, 1], rows[:, 0]))
        rows = _joined(rows, (rows[:, 1], rows[:, 0], rows[:, 3], rows[:, 2]))
        if len(rows) > _PASS_KEEPS * before:
            break
    while len(rows) > _FEW_BOXES:
        joined = _connected(rows)
        if joined is None:
            break
        if len(joined) == len(rows):
            return rows.tolist()  # no two overlap: what merged() ends in
        rows = joined
    return merged(rows.tolist())


def _sorted_rows(rows: np.ndarray) -> np.ndarray:
    """The distinct rows of ``rows``, in lexicographic order (``numpy.unique(rows, axis=0)``, a few times faster)."""
    rows = rows[np.lexsort(rows.T[::-1])]
    return rows[np.concatenate(([True], (rows[1:] != rows[:-1]).any(axis=1)))] if len(rows) else rows


#: Pairs of boxes sharing a cell of the grid :func:`_connected` lays over the two texts that it tests at once, at
#: most (16 bytes each), and cells of the grid: past the cells, or the pairs of one cell, the rest are merged by
#: the loop.
_MOST_NEAR = 4_000_000
#: Cells of the grid from which a box is tested against every box instead (:func:`_grid`).
_WIDE_BOX = 64


def _connected(rows: np.ndarray) -> np.ndarray | None:
    """``rows`` (sorted, distinct) with each group of boxes that overlap one another on both sides, directly
    or through others, joined into the box spanning it, sorted; None when the grid would hold more than
    :data:`_MOST_NEAR` cells, or one cell more pairs.

    Two boxes that overlap share a cell of a grid laid over the two texts (the corner where their overlap
    starts lies in both), so only the boxes of one cell are tested against one another (:func:`_grid`), a block
    of cells at a time, each block's overlaps kept as a forest joining the same boxes (:func:`_forest`): a text
    that repeats itself stacks hundreds of boxes over each stretch of the first text, on as many diagonals,
    which testing every box starting inside another on the first text met a hundred million times."""
    from scipy.sparse.csgraph import connected_components

    grid = _grid(rows)
    if grid is None:
        return None
    cell, box, wide = grid
    start = np.flatnonzero(np.concatenate(([True], cell[1:] != cell[:-1])))
    sizes = np.diff(np.append(start, len(cell)))
    pairs = sizes * (sizes - 1) // 2
    if len(pairs) and int(pairs.max()) > _MOST_NEAR:
        return None
    edges = [_wide_edges(rows, wide)]
    block = np.cumsum(pairs) // max(_MOST_NEAR, 1)  # cells taken together while their pairs fit
    bounds = np.append(start[np.flatnonzero(np.concatenate(([True], block[1:] != block[:-1])))], len(cell))
    for first, last in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        edges.append(_forest(rows, _cell_pairs(cell[first:last], box[first:last]), len(rows)))
    i, j = np.concatenate([e[0] for e in edges]), np.concatenate([e[1] for e in edges])
    _, label = connected_components(_graph(i, j, len(rows)), directed=False)
    order = np.argsort(label, kind="stable")
    first = np.flatnonzero(np.concatenate(([True], label[order][1:] != label[order][:-1])))
    a0, a1, b0, b1 = rows[order].T
    joined = np.stack([np.minimum.reduceat(a0, first), np.maximum.reduceat(a1, first),
                       np.minimum.reduceat(b0, first), np.maximum.reduceat(b1, first)], axis=1)
    return _sorted_rows(joined)


def _grid(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The cells of a square grid over the two texts (its side twice the boxes' median width on the first text)
    that each box spans, as ``(cell, box)`` sorted by cell, and the boxes spanning more than :data:`_WIDE_BOX`
    cells (laid over the grid, a passage grown long would fill millions), left out of it; None past
    :data:`_MOST_NEAR` cells or tests of the wide boxes."""
    side = max(64, 2 * int(np.median(rows[:, 1] - rows[:, 0])))
    ka0, ka1, kb0, kb1 = (rows // side).T
    down = kb1 - kb0 + 1
    spans = (ka1 - ka0 + 1) * down
    wide = np.flatnonzero(spans > _WIDE_BOX)
    cells = np.where(spans > _WIDE_BOX, 0, spans)
    if int(cells.sum()) > _MOST_NEAR or len(wide) * len(rows) > 16 * _MOST_NEAR:
        return None
    box = np.repeat(np.arange(len(rows)), cells)
    step = np.arange(len(box)) - np.repeat(np.cumsum(cells) - cells, cells)
    cell = (ka0[box] + step // down[box]) * (int(kb1.max()) + 1) + kb0[box] + step % down[box]
    order = np.lexsort((box, cell))
    return cell[order], box[order], wide


def _cell_pairs(cell: np.ndarray, box: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of boxes sharing a cell (``cell`` sorted, ``box`` beside it), once for each cell they share."""
    start = np.flatnonzero(np.concatenate(([True], cell[1:] != cell[:-1])))
    end = np.repeat(np.append(start[1:], len(cell)), np.diff(np.append(start, len(cell))))
    counts = end - np.arange(len(cell)) - 1  # the boxes after each in its cell
    at = np.repeat(np.arange(len(cell)), counts)
    other = at + 1 + np.arange(len(at)) - np.repeat(np.cumsum(counts) - counts, counts)
    return box[at], box[other]


def _overlap(rows: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Whether boxes ``i`` and ``j`` overlap on both sides."""
    a0, a1, b0, b1 = rows.T
    return (a0[j] <= a1[i]) & (a0[i] <= a1[j]) & (b0[j] <= b1[i]) & (b0[i] <= b1[j])


def _wide_edges(rows: np.ndarray, wide: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each wide box (:func:`_grid`) with every box it overlaps."""
    found = [(np.full(len(j), i), j) for i in wide.tolist()
             for j in [np.flatnonzero(_overlap(rows, np.full(len(rows), i), np.arange(len(rows))))]]
    empty = np.zeros(0, dtype=np.int64)
    return np.concatenate([f[0] for f in found] or [empty]), np.concatenate([f[1] for f in found] or [empty])


def _forest(rows: np.ndarray, pairs: tuple[np.ndarray, np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    """The pairs that overlap (:func:`_overlap`) as edges joining the same boxes: each box met to the first of
    the group it is joined to (fewer edges, held while the other blocks are tested)."""
    from scipy.sparse.csgraph import connected_components

    i, j = pairs
    keep = _overlap(rows, i, j)
    i, j = i[keep], j[keep]
    nodes = np.unique(np.concatenate([i, j]))
    if not len(nodes):
        return i, j
    _, label = connected_components(_graph(i, j, n), directed=False)
    labels, first = np.unique(label[nodes], return_index=True)
    return nodes, nodes[first][np.searchsorted(labels, label[nodes])]


def _graph(i: np.ndarray, j: np.ndarray, n: int):  # type: ignore[no-untyped-def]
    """The sparse graph of ``n`` boxes with the edges ``(i, j)``."""
    from scipy.sparse import coo_matrix

    return coo_matrix((np.ones(len(i), dtype=np.int8), (i, j)), shape=(n, n))


def _joined(boxes: np.ndarray, keys: tuple[np.ndarray, ...]) -> np.ndarray:
    """``boxes`` sorted by ``keys`` (:func:`numpy.lexsort`'s, the last the first), each run of boxes that
    overlap the one before them on both sides joined into the box spanning them, repeats dropped, in
    lexicographic order."""
    a0, a1, b0, b1 = boxes[np.lexsort(keys)].T
    joined = (a0[1:] <= a1[:-1]) & (a0[:-1] <= a1[1:]) & (b0[1:] <= b1[:-1]) & (b0[:-1] <= b1[1:])
    first = np.flatnonzero(np.concatenate(([True], ~joined)))
    rows = np.stack([np.minimum.reduceat(a0, first), np.maximum.reduceat(a1, first),
                     np.minimum.reduceat(b0, first), np.maximum.reduceat(b1, first)], axis=1)
    return _sorted_rows(rows)


#: A passage's measures as :func:`_passage_measures_py` gives them: its spans, similarity, verbatim share,
#: names and figures kept, ordinary words, figures' Jaccard, rare words, and each side's distinct words.
_Measured = tuple[int, int, int, int, float, float, float, int, float, int, int, int]


def passage_measures(fa: Features, fb: Features, groups: list[list[int]], min_similarity: float) -> list[_Measured]:
    """The measures of each merged group of windows (in order) that is a passage: by the compiled kernel
    (``passage_measures``, a pair's passages a fifth of exact scoring in Python), else in Python."""
    compiled = kernels.KERNELS
    if compiled is not None:
        try:
            return compiled.passage_measures(fa, fb, groups, min_similarity, MIN_PASSAGE_WORDS)
        except BufferError:  # features whose arrays are not contiguous (``features`` makes them so)
            pass
    return _passage_measures_py(fa, fb, groups, min_similarity)


def _passage_measures_py(fa: Features, fb: Features, groups: list[list[int]], min_similarity: float) -> list[_Measured]:
    """:func:`passage_measures` in Python sets: the reference, and the way where the kernels are not built."""
    out = []
    for a0, a1, b0, b1 in groups:
        (a0, a1), (b0, b1) = _trim(fa, fb, (a0, a1), (b0, b1))
        a, b = (a0, a1), (b0, b1)
        wa, wb = _span_words(fa, a), _span_words(fb, b)
        similarity = _set_jaccard(wa.words, wb.words, empty=0.0)
        shared = wa.words & wb.words
        if similarity >= min_similarity and len(shared) >= MIN_PASSAGE_WORDS:
            out.append((
                a0, a1, b0, b1, similarity, _verbatim(fa, fb, a, b), _containment(wa.facts, wb.facts),
                len(shared - wa.facts - wb.facts),  # ordinary words
                _set_jaccard(wa.figures, wb.figures, empty=1.0),
                _rare(shared, fa.content),  # a word's rarity is the corpus's: one side says it
                len(wa.words), len(wb.words),
            ))
    return out


def _trim(fa: Features, fb: Features, a: tuple[int, int], b: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]]:
    """Shrink both spans to the stretch between their first and last shared content word.

    Windows reach past the reused text; trimmed spans locate the passage itself, and its measures are
    not diluted by the words around it.
    """
    words = []
    for f, span in ((fa, a), (fb, b)):
        lo, hi = f.content_starts.searchsorted(span).tolist()  # both ends in one call: a passage's few words
        words.append((lo, f.content_tokens[lo:hi].tolist()))  # cost less than numpy's calls on them
    # Python sets: for a few dozen words they beat numpy's set routines by an order of magnitude.
    shared_words = set(words[0][1]) & set(words[1][1])
    spans = []
    for f, span, (lo, tokens) in ((fa, a, words[0]), (fb, b, words[1])):
        hits = [k for k, t in enumerate(tokens) if t in shared_words]
        spans.append((int(f.content_starts[lo + hits[0]]), int(f.content_ends[lo + hits[-1]])) if hits else span)
    return spans[0], spans[1]


def _span_slice(f: Features, span: tuple[int, int]) -> slice:
    """The content words of ``f`` that start inside ``span``."""
    lo, hi = f.content_starts.searchsorted(span).tolist()
    return slice(lo, hi)


def facts_in_span(f: Features, span: tuple[int, int]) -> np.ndarray:
    """The distinct names and figures of ``f`` inside ``span``."""
    k = _span_slice(f, span)
    return unique_sorted(f.content_tokens[k][f.content_is_fact[k]])


# The measures of a passage work on Python sets: a passage holds a few dozen words, and for so few
# numpy's set routines cost an order of magnitude more in per-call overhead (the counts are the same).

@dataclass(frozen=True)
class _SpanWords:
    """The distinct content words of a span: all, the names and figures among them, the figures."""

    words: set[int]
    facts: set[int]
    figures: set[int]


def _span_words(f: Features, span: tuple[int, int]) -> _SpanWords:
    k = _span_slice(f, span)
    tokens = f.content_tokens[k].tolist()
    is_fact, is_number = f.content_is_fact[k].tolist(), f.content_is_number[k].tolist()
    return _SpanWords(set(tokens), {t for t, x in zip(tokens, is_fact) if x},
                      {t for t, x in zip(tokens, is_number) if x})


def _set_jaccard(sa: set[int], sb: set[int], *, empty: float) -> float:
    both = len(sa & sb)
    union = len(sa) + len(sb) - both
    return both / union if union else empty


def _containment(sa: set[int], sb: set[int]) -> float:
    """Share of the smaller set found in the other (1 when either is empty: nothing to disagree on)."""
    smaller = min(len(sa), len(sb))
    return len(sa & sb) / smaller if smaller else 1.0


def _rare(words: set[int], content: np.ndarray) -> int:
    """How many of ``words`` are in the sorted unique array ``content``."""
    if not words or not len(content):
        return 0
    values = np.fromiter(words, dtype=content.dtype, count=len(words))
    at = content.searchsorted(values)
    at[at == len(content)] = 0
    return int(np.count_nonzero(content[at] == values))


def _grams_in(f: Features, span: tuple[int, int]) -> set[int]:
    lo, hi = f.gram_starts.searchsorted(span).tolist()
    last = span[1]
    return {h for h, end in zip(f.gram_hashes[lo:hi].tolist(), f.gram_ends[lo:hi].tolist()) if end <= last}


def _verbatim(fa: Features, fb: Features, a: tuple[int, int], b: tuple[int, int]) -> float:
    ga, gb = _grams_in(fa, a), _grams_in(fb, b)
    smaller = min(len(ga), len(gb))
    return len(ga & gb) / smaller if smaller else 0.0


def cover(spans: Sequence[tuple[int, int]], length: int) -> float:
    covered, reach = 0, 0
    for start, end in sorted(spans):
        start = max(start, reach)
        if end > start:
            covered += end - start
            reach = end
    return min(1.0, covered / length) if length else 0.0
