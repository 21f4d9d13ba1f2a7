"""Candidate sets: each channel's document pairs and the colliding passage windows assembled into one
:class:`CandidateSet`, by the same rule in a scan, the Dask engine and an index.

A passage (window) channel keeps a document pair only when its colliding window pairs share enough
bands (``min_hits`` in all, ``min_bands`` for one of them: :class:`dedup.channels.ChannelSpec`); the
window pairs sharing ``min_bands`` become the pair's passage hits, the windows :mod:`dedup.evidence`
merges into passages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Mapping

import numpy as np

from dedup.sorted_arrays import sorted_unique, unique_inverse, unique_pairs
from dedup.spools import Rows

__all__ = ["CandidateSet", "PassageHits", "document_pairs", "assemble_candidates", "assemble_ranked", "candidate_rows", "hits_in_file", "hits_are_in_file"]


@dataclass(frozen=True)
class CandidateSet:
    """Candidate document pairs with the channels that proposed them.

    ``pairs`` is ``(m, 2)`` (document indices, first < second); ``channels[name]`` a boolean mask over
    them; ``passage_hits`` maps a pair row to the colliding passage windows ``(spans_a, spans_b)``.
    """

    pairs: np.ndarray
    channels: dict[str, np.ndarray]
    passage_hits: Mapping[int, list[tuple[tuple[int, int], tuple[int, int]]]]


def _window_hits(codes, shared, doc, start, end, *, min_hits: int, min_bands: int,  # type: ignore[no-untyped-def]
                 row_bands: int = 1, chunk: int = 1 << 22):
    """The document pairs a window channel proposes, the window rows of theirs sharing ``row_bands`` bands or
    more, and the bands their other window pairs share, from its distinct colliding unit pairs (sorted codes
    ``u << 32 | v``) and the bands each shares: ``(pairs, rows, dropped)``, ``dropped`` the rows ``(code,
    bands)`` of the kept pairs (:func:`_codes`) and the bands of their window pairs left out, which
    :func:`_assemble_arrays` counts toward ``min_hits`` as it would have counted those rows.

    Most unit pairs of loose bands are chance collisions in one band, of pairs the rule drops: they are
    judged a chunk at a time, and only the rows of the pairs kept are built (the rule is applied again,
    to the same rows, by :func:`_assemble_arrays`, which the Dask engine and the index share). A chunk
    ends where the first unit's document changes, so that every unit pair of a document pair is in one
    chunk (units are numbered in document order; otherwise one chunk holds them all). A chunk past ``chunk``
    unit pairs (one long document meeting a text that repeats itself: millions) is judged in slices of that
    many, its pairs' bands summed over the slices before any row is built. ``row_bands`` above 1 leaves out
    the rows the assembly would drop (the least ``min_bands`` of the channels, when one channel has windows):
    two long texts that repeat themselves share tens of millions of window pairs in one band.
    """
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = [
        (np.zeros((0, 2), dtype=np.int64), np.zeros((0, 7), dtype=np.int64), np.zeros((0, 2), dtype=np.int64))]
    for lo, hi in _chunk_bounds(codes, doc, chunk):
        slices = [(at, min(at + chunk, hi)) for at in range(lo, hi, chunk)]
        units = _slice_units(codes[lo:hi], shared[lo:hi], doc) if len(slices) == 1 else None  # read once
        parts = [_judged_pairs(*(units or _slice_units(codes[a:b], shared[a:b], doc))[2:], row_bands)
                 for a, b in slices]
        doc_codes, total, strong, most = parts[0] if len(parts) == 1 else _summed_parts(parts)
        del parts
        keep = (total >= min_hits) & (most >= min_bands)
        kept, left = doc_codes[keep], (total - strong)[keep].astype(np.int64)
        rows = []
        for a, b in slices:
            u, v, pair_code, bands = units or _slice_units(codes[a:b], shared[a:b], doc)
            mine = _find(kept, pair_code)[0] & (bands >= row_bands)
            rows.append(_window_rows(u[mine], v[mine], doc, start, end, bands[mine]))
        found.append((np.stack([kept >> 32, kept & 0xFFFFFFFF], axis=1), _joined(rows),
                      np.stack([kept[left > 0], left[left > 0]], axis=1)))
        del units
    return tuple(_joined([f[k] for f in found[len(found) > 1:]]) for k in range(3))


def _joined(arrays: list[np.ndarray]) -> np.ndarray:
    """The arrays of a list joined, the list emptied: one array as it is (joined, the rows of two long texts
    that repeat themselves were held twice)."""
    out = arrays.pop() if len(arrays) == 1 else np.concatenate(arrays)
    arrays.clear()
    return out


def _chunk_bounds(codes: np.ndarray, doc: np.ndarray, chunk: int) -> list[tuple[int, int]]:
    """The ``(lo, hi)`` of the chunks :func:`_window_hits` judges: about ``chunk`` codes each, cut where the
    first unit's document changes (one document's run whole when longer); one chunk when units are not numbered
    in document order."""
    first_doc = doc[codes >> 32]
    if not len(codes) or not bool(np.all(first_doc[1:] >= first_doc[:-1])):
        return [(0, len(codes))] if len(codes) else []
    bounds = [0]
    while bounds[-1] < len(codes):
        at = bounds[-1] + chunk
        if at >= len(codes):
            bounds.append(len(codes))
            continue
        run = int(np.searchsorted(first_doc, first_doc[at], "left"))
        bounds.append(run if run > bounds[-1] else int(np.searchsorted(first_doc, first_doc[at], "right")))
    return list(zip(bounds, bounds[1:]))


def _slice_units(codes, shared, doc):  # type: ignore[no-untyped-def]
    """The units ``(u, v)`` of distinct colliding unit pairs, the one of the lower document first, the code of
    their document pair and the bands each shares."""
    u, v = codes >> 32, codes & 0xFFFFFFFF
    du, dv = doc[u].astype(np.int64), doc[v].astype(np.int64)
    swap = du > dv  # none when units are numbered in document order (a scan's, the index's)
    if swap.any():
        u, v, du, dv = np.where(swap, v, u), np.where(swap, u, v), np.where(swap, dv, du), np.where(swap, du, dv)
    return u, v, du * (1 << 32) + dv, shared


def _judged_pairs(pair_code: np.ndarray, bands: np.ndarray, row_bands: int) -> tuple[np.ndarray, ...]:
    """Each document pair of a slice of unit pairs (their codes, ``pair_code``) with the bands its unit pairs
    share in all, those of the unit pairs sharing ``row_bands`` or more (the rows built), and the most one
    shares: ``(codes, total, strong, most)``."""
    doc_codes, which = unique_inverse(pair_code)
    total = np.bincount(which, weights=bands, minlength=len(doc_codes))
    strong = total if row_bands <= 1 else np.bincount(which, weights=np.where(bands >= row_bands, bands, 0),
                                                      minlength=len(doc_codes))
    most = np.zeros(len(doc_codes), dtype=np.int64)
    np.maximum.at(most, which, bands)
    return doc_codes, total, strong, most


def _summed_parts(parts: list[tuple[np.ndarray, ...]]) -> tuple[np.ndarray, ...]:
    """:func:`_judged_pairs` of a chunk's slices, summed (the most, the greatest) over the slices."""
    doc_codes, which = unique_inverse(np.concatenate([p[0] for p in parts]))
    total, strong = (np.bincount(which, weights=np.concatenate([p[k] for p in parts]), minlength=len(doc_codes))
                     for k in (1, 2))
    most = np.zeros(len(doc_codes), dtype=np.int64)
    np.maximum.at(most, which, np.concatenate([p[3] for p in parts]))
    return doc_codes, total, strong, most


class PassageHits(Mapping[int, list[tuple[tuple[int, int], tuple[int, int]]]]):
    """``{row: sorted [((a_start, a_end), (b_start, b_end)), ...]}`` held as two arrays (a dict of tuples
    costs about ten times the memory): ``spans`` ``(m, 4)`` sorted by row, ``offsets`` the first span of
    each row (``len(rows) + 1``). ``spans`` may be :class:`dedup.spools.Rows` (:func:`hits_in_file`)."""

    def __init__(self, offsets: np.ndarray, spans: np.ndarray | Rows) -> None:
        self.offsets, self.spans = offsets, spans

    def __getitem__(self, row: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        if not 0 <= row < len(self.offsets) - 1 or self.offsets[row] == self.offsets[row + 1]:
            raise KeyError(row)
        return [((a0, a1), (b0, b1)) for a0, a1, b0, b1 in self.spans[self.offsets[row] : self.offsets[row + 1]].tolist()]

    def windows(self, row: int) -> np.ndarray | tuple[()]:
        """Row ``row``'s windows as the ``(m, 4)`` rows ``(a0, a1, b0, b1)`` of the array they are held in, in the
        order :meth:`__getitem__` gives them (``()`` for a row past the set): two long texts that repeat
        themselves collide in millions of window pairs, whose tuples took gigabytes."""
        if not 0 <= row < len(self.offsets) - 1:
            return ()
        return np.asarray(self.spans[int(self.offsets[row]) : int(self.offsets[row + 1])], dtype=np.int64).reshape(-1, 4)

    def __iter__(self) -> Iterator[int]:
        return iter(np.flatnonzero(np.diff(self.offsets)).tolist())

    def __len__(self) -> int:
        return int(np.count_nonzero(np.diff(self.offsets)))


def _assemble_arrays(per_channel: dict[str, np.ndarray], windows: list[np.ndarray], *,
                     min_hits: dict[str, int], min_bands: dict[str, int] | None = None,
                     dropped: np.ndarray | None = None) -> CandidateSet:
    """The candidate set of each channel's document pairs (numbers below 2**32) and the colliding window
    rows ``(doc_a, doc_b, a_start, a_end, b_start, b_end, bands)`` (a window pair may come in several
    rows, its bands are summed), its passage hits a :class:`PassageHits` of the window pairs that share
    at least the least ``min_bands`` of any window channel. ``windows`` is emptied as it is read: the
    rows are sorted into a copy, and a caller's list would keep the unsorted ones alive beside it.
    ``dropped``: rows ``(pair code, bands)`` (:func:`_codes`) of window pairs left out before the assembly
    for sharing fewer bands than it keeps (:func:`_window_hits`), counted toward ``min_hits`` as their rows."""
    min_bands = min_bands or {}
    rows = windows.pop() if len(windows) == 1 else np.concatenate(windows) if windows else np.zeros((0, 7), dtype=np.int64)
    windows.clear()
    rows = _summed_rows(rows)
    codes = _codes(rows)
    pair_codes, pair_of_row = unique_inverse(codes)
    left = _left_bands(pair_codes, dropped)
    alive = np.ones(len(pair_codes), dtype=bool)
    for name, need in min_hits.items():  # in channel order: a pair dropped by one has no hits for the next
        bands = min_bands.get(name, 1)
        if (need > 1 or bands > 1) and name in per_channel and len(per_channel[name]):
            pairs = per_channel[name]
            counts = (np.bincount(pair_of_row, weights=rows[:, 6], minlength=len(pair_codes)).astype(np.int64)
                      + left) * alive
            strong = np.bincount(pair_of_row[rows[:, 6] >= bands], minlength=len(pair_codes)) > 0
            there, at = _find(pair_codes, _codes(pairs))
            keep = there & (counts[at] >= need) & strong[at] if len(pair_codes) else there
            per_channel[name] = pairs[keep]
            alive[at[there & ~keep]] = False
    if len(rows):
        rows = rows[alive[pair_of_row] & (rows[:, 6] >= min(min_bands.values(), default=1))]
    found = [_codes(p) for p in per_channel.values() if len(p)]
    all_codes = sorted_unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
    pairs = np.stack([all_codes >> 32, all_codes & 0xFFFFFFFF], axis=1)
    channels = {name: _find(sorted_unique(_codes(p)), all_codes)[0] for name, p in per_channel.items()}
    row_of = np.searchsorted(all_codes, _codes(rows))
    offsets = np.searchsorted(row_of, np.arange(len(pairs) + 1))
    return CandidateSet(pairs, channels, PassageHits(offsets, np.ascontiguousarray(rows[:, 2:6])))


def _left_bands(pair_codes: np.ndarray, dropped: np.ndarray | None) -> np.ndarray | int:
    """The bands of the window pairs left out (``dropped``, rows ``(code, bands)``) of each of ``pair_codes``."""
    if dropped is None or not len(dropped) or not len(pair_codes):
        return 0
    there, at = _find(pair_codes, dropped[:, 0])
    return np.bincount(at[there], weights=dropped[there, 1], minlength=len(pair_codes)).astype(np.int64)


def _codes(pairs: np.ndarray) -> np.ndarray:
    """One 64-bit code per row of document numbers (below 2**32), in the rows' lexicographic order."""
    return pairs[:, 0] * (1 << 32) + pairs[:, 1]


def _find(sorted_codes: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which ``codes`` are in ``sorted_codes``, and where (clipped into range when absent)."""
    if not len(sorted_codes):
        return np.zeros(len(codes), dtype=bool), np.zeros(len(codes), dtype=np.int64)
    at = np.minimum(np.searchsorted(sorted_codes, codes), len(sorted_codes) - 1)
    return sorted_codes[at] == codes, at


def _summed_rows(rows: np.ndarray) -> np.ndarray:
    """Window rows sorted on their first six columns, one per window pair, the last column (bands) summed.
    ``rows`` is sorted in place, a column at a time: a sorted copy beside them held 56 bytes a row more
    (a million articles' chance candidates bring millions of rows)."""
    if len(rows) < 2:
        return rows
    if rows[:, :6].min() >= 0 and rows[:, :6].max() < 1 << 31:  # three keys of two columns each: half the passes
        order = np.lexsort([(rows[:, 2 * k] << 32) | rows[:, 2 * k + 1] for k in (2, 1, 0)])
    else:
        order = np.lexsort(rows[:, :6].T[::-1])
    for column in range(rows.shape[1]):
        rows[:, column] = rows[order, column]
    del order
    first = np.flatnonzero(np.concatenate(([True], (rows[1:, :6] != rows[:-1, :6]).any(axis=1))))
    if len(first) == len(rows):
        return rows
    out = rows[first]
    out[:, 6] = np.add.reduceat(rows[:, 6], first)
    return out


def document_pairs(
    unit_pairs: np.ndarray,
    doc: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    *,
    hits: dict[tuple[int, int], list[tuple[tuple[int, int], tuple[int, int]]]] | None = None,
) -> np.ndarray:
    """Unique document pairs (first < second) of colliding units; with ``hits``, the units' spans are
    recorded there per document pair (passage windows to merge into shared passages), once per row of
    ``unit_pairs``: given one band's colliding pairs after another, a window pair is recorded once for
    each band it shares (what :func:`assemble_candidates` counts)."""
    ua, ub = _oriented(unit_pairs, doc)
    doc_pairs = np.stack([doc[ua], doc[ub]], axis=1)
    if hits is not None:
        rows = np.stack([doc[ua], doc[ub], start[ua], end[ua], start[ub], end[ub]], axis=1).reshape(-1, 6)
        for key, windows in _windows_by_pair(rows[np.lexsort(rows.T[::-1])]).items():
            hits.setdefault(key, []).extend(windows)
    return unique_pairs(doc_pairs)


def assemble_candidates(
    per_channel: dict[str, np.ndarray],
    hits: dict[tuple[int, int], list[tuple[tuple[int, int], tuple[int, int]]]] | np.ndarray,
    *,
    min_hits: dict[str, int] | None = None,
    min_bands: dict[str, int] | None = None,
) -> CandidateSet:
    """One :class:`CandidateSet` from each channel's document pairs and the colliding passage windows
    gathered per pair (the Dask engine's buckets, an index's stored articles): the scan's own assembly.

    ``hits`` lists a window pair once for each band it collides in. A window channel keeps a document
    pair only when its window pairs share at least ``min_hits[channel]`` bands in all and one of them
    at least ``min_bands[channel]`` (counted here, after every band's share has been gathered;
    :func:`dedup.channels.evidence_rules` gives both for a list of channels). Document numbers may be any integers (an
    index numbers a batch's articles from 2**40): they are ranked for the assembly. ``hits`` may also be
    the rows ``(a, b, a_start, a_end, b_start, b_end)`` of those window pairs, as an array (a batch of an
    index's articles meets hundreds of thousands).
    """
    if isinstance(hits, np.ndarray):
        windows = np.column_stack([hits.reshape(-1, 6), np.ones(len(hits), dtype=np.int64)]).astype(np.int64)
    else:
        windows = np.array([(a, b, a0, a1, b0, b1, 1) for (a, b), spans in hits.items()
                            for (a0, a1), (b0, b1) in spans], dtype=np.int64).reshape(-1, 7)
    numbers = sorted_unique(np.concatenate([windows[:, :2].ravel(), *(p.ravel() for p in per_channel.values())]))
    ranked = {name: np.searchsorted(numbers, p).reshape(-1, 2) for name, p in per_channel.items()}
    windows[:, :2] = np.searchsorted(numbers, windows[:, :2])
    return assemble_ranked(ranked, windows, numbers, min_hits=min_hits, min_bands=min_bands)


def assemble_ranked(
    per_channel: dict[str, np.ndarray],
    windows: np.ndarray,
    numbers: np.ndarray,
    *,
    min_hits: dict[str, int] | None = None,
    min_bands: dict[str, int] | None = None,
) -> CandidateSet:
    """:func:`assemble_candidates` of documents given by their rank among ``numbers`` (sorted, distinct,
    every number of the pairs), the window rows as an int64 array ``(a, b, a_start, a_end, b_start, b_end,
    bands)`` (``windows``, sorted in place); the pairs answered in ``numbers``. A batch of an index's
    articles ranks its partners before it expands them into window rows, a binary search a posting where
    :func:`assemble_candidates` searches twice a row.

    >>> found = assemble_ranked({"text": np.array([[0, 1]])}, np.zeros((0, 7), dtype=np.int64),
    ...                         np.array([7, 1 << 40]))
    >>> found.pairs.tolist(), found.channels["text"].tolist()
    ([[7, 1099511627776]], [True])
    """
    found = _assemble_arrays(per_channel, [windows], min_hits=min_hits or {}, min_bands=min_bands)
    return CandidateSet(numbers[found.pairs].reshape(-1, 2), found.channels, found.passage_hits)


def candidate_rows(candidates: CandidateSet, rows: np.ndarray) -> CandidateSet:
    """The candidate set of the given ``rows`` of ``candidates`` (in order, renumbered from 0): what the
    assembly gives those pairs alone (a pair's rows are its own), without assembling them again."""
    rows = np.asarray(rows, dtype=np.int64).reshape(-1)
    hits = candidates.passage_hits
    part: Mapping[int, list[tuple[tuple[int, int], tuple[int, int]]]]
    if isinstance(hits, PassageHits):
        counts = np.diff(hits.offsets)[rows]
        first = np.repeat(hits.offsets[rows] - (np.cumsum(counts) - counts), counts)
        part = PassageHits(np.concatenate(([0], np.cumsum(counts))), hits.spans[first + np.arange(int(counts.sum()))])
    else:
        part = {new: hits[old] for new, old in enumerate(rows.tolist()) if old in hits}
    return CandidateSet(candidates.pairs[rows].reshape(-1, 2),
                        {name: mask[rows] for name, mask in candidates.channels.items()}, part)


def hits_in_file(candidates: CandidateSet) -> CandidateSet:
    """``candidates`` with the spans of their passage hits in a temporary file (:class:`dedup.spools.Rows`,
    32 bytes a window pair: a million articles' chance candidates bring millions), read back by
    :func:`candidate_rows` for the rows each chunk of verification asks for; as they were when they are
    not a :class:`PassageHits` or are in a file already."""
    hits = candidates.passage_hits
    if not isinstance(hits, PassageHits) or hits_are_in_file(candidates):
        return candidates
    spans = Rows(4)
    spans.append(hits.spans)
    return CandidateSet(candidates.pairs, candidates.channels, PassageHits(hits.offsets, spans))


def hits_are_in_file(candidates: CandidateSet) -> bool:
    """Whether the spans of ``candidates``' passage hits wait in a file (:func:`hits_in_file`)."""
    hits = candidates.passage_hits
    return isinstance(hits, PassageHits) and isinstance(hits.spans, Rows)


def _oriented(unit_pairs: np.ndarray, doc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The units of each pair, the one of the lower document first."""
    swap = doc[unit_pairs[:, 0]] > doc[unit_pairs[:, 1]]
    return np.where(swap, unit_pairs[:, 1], unit_pairs[:, 0]), np.where(swap, unit_pairs[:, 0], unit_pairs[:, 1])


def _window_rows(ua, ub, doc, start, end, bands) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Rows ``(doc_a, doc_b, a_start, a_end, b_start, b_end, bands)`` (int64) of the distinct unit pairs
    ``(ua, ub)`` sharing ``bands`` bands each; ``start`` and ``end`` are arrays or anything an integer array
    indexes (:class:`dedup.unit_tables.SpanColumn`: the spans of a spilled table, read for these units only)."""
    out = np.empty((len(ua), 7), dtype=np.int64)  # filled a column at a time: the columns and a stack of them
    for k, column in enumerate((lambda: doc[ua], lambda: doc[ub], lambda: start[ua], lambda: end[ua],  # held twice
                                lambda: start[ub], lambda: end[ub], lambda: bands)):
        out[:, k] = np.asarray(column(), dtype=np.int64).reshape(-1)
    return out


def _windows_by_pair(rows: np.ndarray) -> dict[tuple[int, int], list[tuple[tuple[int, int], tuple[int, int]]]]:
    """``{(doc_a, doc_b): sorted [((a_start, a_end), (b_start, b_end)), ...]}`` of :func:`_window_rows`."""
    out: dict[tuple[int, int], list[tuple[tuple[int, int], tuple[int, int]]]] = {}
    for da, db, a0, a1, b0, b1 in rows.tolist():
        out.setdefault((da, db), []).append(((a0, a1), (b0, b1)))
    return out
