"""LSH banding over MinHash signatures, vectorised with numpy.

A batch scan bands all signatures at once: each band of ``rows`` signature positions is folded into one
64-bit key, units whose keys agree in any band become candidate pairs. Sorting the keys of a band and
pairing neighbours inside equal runs costs ``O(n log n)`` in numpy, where datasketch's ``MinHashLSH``
spends a Python call per insert (measured in ``benchmarks/RESULTS.md``). datasketch still chooses the
number of bands and rows (:func:`choose_bands`). The persistent index keeps the same keys in its own
stores (:mod:`dedup.index.store`), not in datasketch's.

A bucket holding more than ``max_bucket`` distinct documents is dropped: such buckets come from
boilerplate (agency sign-offs, legal lines, navigation) or template stories, and pairing everything in
them would cost quadratic time for no evidence of copying. Copies of one text count once (given the
units' text keys, :func:`dedup.normalize.text_keys`): a story carried word for word by two hundred
outlets is one text, not boilerplate. A bucket crowded by copies pairs each of its units with the units
of the first document (lowest number) of each text in it, not every copy with every copy: the persistent
index stores one copy of a text and reports the others as its duplicates, and so does a scan past
``max_bucket`` copies.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Iterator

import numpy as np

from dedup import kernels
from dedup.errors import SettingsError
from dedup.tokens import mix64

__all__ = ["NO_BAND", "Banding", "choose_bands", "band_keys", "colliding_pairs", "colliding_pairs_of_bands", "colliding_codes",
           "counted_codes", "paired_along", "unique_pairs", "sorted_unique", "unique_inverse", "UnitTexts", "BandPart"]


#: The band key a unit does not have: a short document's passage windows in the bands of long documents
#: alone (:attr:`dedup.candidates.ChannelSpec.dense_bands`). Left out before banding and storing.
NO_BAND = np.uint64(0)


@dataclass(frozen=True)
class Banding:
    """``bands`` bands of ``rows`` signature positions each (``bands * rows <= num_perm``)."""

    bands: int
    rows: int

    def probability(self, jaccard: float) -> float:
        """Chance that two units with this Jaccard similarity share at least one band."""
        return 1.0 - (1.0 - jaccard**self.rows) ** self.bands


@lru_cache(maxsize=64)
def choose_bands(threshold: float, num_perm: int, *, recall_weight: float = 0.8) -> Banding:
    """Bands and rows that minimise weighted false positives and negatives around ``threshold``.

    The optimisation of datasketch's ``MinHashLSH`` (every ``bands x rows <= num_perm``, the first of the
    least weighted error), with the two areas integrated exactly: the chance of a collision is a polynomial
    of degree ``bands x rows``, which Gauss-Legendre nodes, half as many as ``num_perm`` and one more,
    integrate exactly (datasketch integrates with scipy, whose import cost a second of every command's
    start; the tests compare the two). ``recall_weight`` > 0.5 favours recall because every candidate is
    verified exactly afterwards, while a missed pair is lost for good.

    >>> choose_bands(0.5, 128)
    Banding(bands=30, rows=4)
    """
    if not 0.0 < threshold < 1.0:
        raise SettingsError(f"an LSH threshold must be between 0 and 1, got {threshold}")
    if not 0.0 < recall_weight < 1.0:
        raise SettingsError(f"recall_weight must be between 0 and 1, got {recall_weight}")
    if num_perm < 1:
        raise SettingsError(f"num_perm must be at least 1, got {num_perm}")
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)
    below = threshold / 2 * (nodes + 1)  # the nodes mapped onto [0, threshold] and [threshold, 1]
    above = threshold + (1 - threshold) / 2 * (nodes + 1)
    best, chosen = float("inf"), (0, 0)
    for bands in range(1, num_perm + 1):
        rows = np.arange(1, num_perm // bands + 1, dtype=np.float64)[:, None]
        false_positive = threshold / 2 * ((1 - (1 - below**rows) ** bands) @ weights)
        false_negative = (1 - threshold) / 2 * (((1 - above**rows) ** bands) @ weights)
        error = false_positive * (1.0 - recall_weight) + false_negative * recall_weight
        k = int(np.argmin(error))  # the first of the least, as datasketch's loop keeps it
        if error[k] < best:
            best, chosen = float(error[k]), (bands, k + 1)
    return Banding(*chosen)


class UnitTexts:
    """Each unit's text key, looked up through its document: indexed with unit numbers as an array of one
    key a unit would be (the ``unit_text`` of :func:`colliding_codes`), without holding four bytes a unit
    (a million articles' passage windows are 9.5 million units; their documents, a million keys).

    >>> UnitTexts(np.array([7, 9], dtype=np.uint32), np.array([0, 0, 1]))[np.array([2, 0])].tolist()
    [9, 7]
    """

    def __init__(self, doc_texts: np.ndarray, unit_doc: np.ndarray) -> None:
        self._texts, self._doc = doc_texts, unit_doc

    def __len__(self) -> int:
        return len(self._doc)

    def __getitem__(self, units: Any) -> np.ndarray:
        return self._texts[self._doc[units]]


def band_keys(signatures: np.ndarray, banding: Banding) -> np.ndarray:
    """``(n_units, bands)`` uint64 keys: band ``b``'s rows folded into one hash (band index mixed in)."""
    n, k = signatures.shape
    if banding.bands * banding.rows > k:
        raise SettingsError(
            f"{banding.bands} bands x {banding.rows} rows need {banding.bands * banding.rows} "
            f"permutations, signatures have {k}"
        )
    if kernels.KERNELS is not None and signatures.dtype == np.uint32:
        out = np.empty((n, banding.bands), dtype=np.uint64)
        kernels.KERNELS.band_keys(np.ascontiguousarray(signatures), k, banding.bands, banding.rows, out)
        return out
    used = signatures[:, : banding.bands * banding.rows].astype(np.uint64)
    cube = used.reshape(n, banding.bands, banding.rows)
    acc = np.full((n, banding.bands), 0x243F6A8885A308D3, dtype=np.uint64)
    acc ^= np.arange(banding.bands, dtype=np.uint64)
    for r in range(banding.rows):
        acc = mix64(acc * np.uint64(0x100000001B3) + cube[:, :, r])
    return acc


def colliding_pairs(keys: np.ndarray, unit_doc: np.ndarray, *, max_bucket: int = 50,
                    unit_text: np.ndarray | UnitTexts | None = None) -> np.ndarray:
    """Unit pairs ``(u, v)``, ``u < v``, that share a band key and belong to different documents.

    ``keys`` is ``(n_units, bands)`` from :func:`band_keys`; ``unit_doc[u]`` is the document of unit
    ``u``, ``unit_text[u]`` (optional) the text key of that document. Buckets with more than
    ``max_bucket`` units (distinct texts, given ``unit_text``) are skipped. Returns a sorted,
    duplicate-free ``(m, 2)`` int64 array.
    """
    return colliding_pairs_of_bands((keys[:, band] for band in range(keys.shape[1])), unit_doc, max_bucket=max_bucket,
                                    unit_text=unit_text)


def colliding_pairs_of_bands(columns: Iterable[np.ndarray], unit_doc: np.ndarray, *, max_bucket: int = 50,
                             counts: bool = False, unit_text: np.ndarray | UnitTexts | None = None) -> Any:
    """:func:`colliding_pairs` of keys given one band (column) at a time, so that only one band need be
    in memory (:meth:`dedup.candidates.UnitTable.columns` reads them back from a file); a band may come as
    parts by key range (an iterable of :data:`BandPart`), so that only a part need be. With ``counts``,
    ``(pairs, bands)``: how many bands each pair shares (a near copy shares most, a chance collision one)."""
    if max_bucket < 2:
        raise SettingsError(f"max_bucket must be at least 2, got {max_bucket}")
    if counts:
        codes, shared = counted_codes(next(colliding_codes(columns, unit_doc, max_bucket=max_bucket,
                                                           unit_text=unit_text)))
        return np.stack([codes >> 32, codes & 0xFFFFFFFF], axis=1), shared
    found = [_band_pairs(column, unit_doc, max_bucket, unit_text) for column in columns]
    pairs = np.concatenate(found) if found else np.zeros((0, 2), dtype=np.int64)
    return unique_pairs(pairs) if len(pairs) else pairs.reshape(0, 2)


def colliding_codes(columns: Iterable[np.ndarray], unit_doc: np.ndarray, *, max_bucket: int = 50,
                    parts: int = 1, part_bytes: int | None = None,
                    unit_text: np.ndarray | UnitTexts | None = None) -> Iterator[np.ndarray]:
    """Every band's colliding unit pairs as sorted arrays of codes ``u << 32 | v`` (``u < v``), a pair once
    for each band it collides in: 8 bytes a collision (a passage channel of loose bands meets many chance
    collisions in one band each, and must count them before it can drop them).

    One array, or with ``parts`` > 1 one array per part, read back in turn from a temporary file the bands
    were written to: part ``k`` holds the pairs whose lower document is ``k`` modulo ``parts``, so that
    every collision of two documents is in one part and memory holds one part's, not the whole's. With
    ``part_bytes``, neighbouring parts are read back together while their codes fit in that many bytes
    (a part larger than that comes alone): how many collisions there are is known only once they are
    written, so the parts are many and small and the memory setting decides how many go together.
    """
    if max_bucket < 2:
        raise SettingsError(f"max_bucket must be at least 2, got {max_bucket}")
    if len(unit_doc) >= 1 << 31:
        raise SettingsError(f"{len(unit_doc)} units in one channel: at most 2**31 can be paired")
    if parts <= 1:
        found = [_codes_of(_band_pairs(column, unit_doc, max_bucket, unit_text)) for column in columns]
        codes = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
        codes.sort()
        yield codes
        return
    files = [tempfile.TemporaryFile(prefix="dedup-pairs-") for _ in range(parts)]
    try:
        for column in columns:
            _write_parts(files, column, unit_doc, max_bucket, unit_text)
            del column
        sizes = [file.tell() for file in files]
        for group in _groups(sizes, part_bytes):
            held = [_read_parts(files, sizes, group)]
            yield held.pop()  # kept by the caller alone, which may let it go before the next part
    finally:
        for file in files:
            file.close()


def _write_parts(files: list[Any], column: np.ndarray, unit_doc: np.ndarray, max_bucket: int,
                 unit_text: np.ndarray | UnitTexts | None = None) -> None:
    """Append one band's colliding pairs, as codes, to the file of each pair's part (its lower document
    modulo the files), a block of pairs at a time: a million articles' passage windows collide about eight
    million times a band, and the band's pairs whole, sorted by part, were most of its memory."""
    parts = len(files)
    for pairs in _band_pair_blocks(column, unit_doc, max_bucket, unit_text):
        part = np.minimum(unit_doc[pairs[:, 0]], unit_doc[pairs[:, 1]]) % parts
        # a part number fits 16 bits (parts are tens to thousands), which numpy sorts by radix, six times
        # faster than 64-bit numbers: this sort was a fifth of the million's candidate stage
        order = np.argsort(part.astype(np.uint16) if parts <= 1 << 16 else part, kind="stable")
        bounds = np.searchsorted(part[order], np.arange(parts + 1))
        codes = _codes_of(pairs)[order]
        for k, file in enumerate(files):
            file.write(codes[bounds[k] : bounds[k + 1]].tobytes())


def _read_parts(files: list[Any], sizes: list[int], group: list[int]) -> np.ndarray:
    """The sorted codes of the part files ``group`` (closed once read), read straight into one array."""
    codes = np.empty(sum(sizes[k] for k in group) // 8, dtype=np.int64)
    at = 0
    for k in group:
        files[k].flush()
        read_into(files[k].fileno(), codes[at : at + sizes[k] // 8], 0)
        at += sizes[k] // 8
        files[k].close()
    codes.sort()
    return codes


def read_into(fd: int, out: np.ndarray, offset: int) -> None:
    """Fill the contiguous array ``out`` with the bytes of file ``fd`` from ``offset`` (positioned reads:
    safe beside other readers of the file, and no bytes object to copy from)."""
    view = memoryview(out).cast("B")
    done = 0
    while done < len(view):
        got = os.preadv(fd, [view[done:]], offset + done)
        if got <= 0:
            raise EOFError(f"a temporary file ended {len(view) - done} bytes early")
        done += got


def _groups(sizes: list[int], limit: int | None) -> Iterator[list[int]]:
    """Runs of neighbouring indices whose ``sizes`` add up to at most ``limit`` (one each without a limit;
    an index over the limit alone).

    >>> list(_groups([10, 10, 30, 5, 5], 20)), list(_groups([1, 2], None))
    ([[0, 1], [2], [3, 4]], [[0], [1]])
    """
    group: list[int] = []
    total = 0
    for k, size in enumerate(sizes):
        if group and (limit is None or total + size > limit):
            yield group
            group, total = [], 0
        group.append(k)
        total += size
    if group:
        yield group


def _codes_of(pairs: np.ndarray) -> np.ndarray:
    return (pairs[:, 0] << 32) | pairs[:, 1]


def counted_codes(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct codes of a sorted array and how many times each is there."""
    if not len(codes):
        return codes, np.zeros(0, dtype=np.int64)
    # written into arrays made once: the part of a passage channel's collisions judged at once is most of
    # the candidate stage's memory, and each temporary the size of the distinct codes costs as much again
    first = np.flatnonzero(_run_starts(codes))
    counts = np.empty(len(first), dtype=np.int64)
    np.subtract(first[1:], first[:-1], out=counts[:-1])
    counts[-1] = len(codes) - first[-1]
    return codes[first], counts


def unique_pairs(pairs: np.ndarray) -> np.ndarray:
    """``np.unique(pairs, axis=0)`` of non-negative int64 pairs below 2**31, through one 64-bit code per
    pair: a one-dimensional sort, several times faster and lighter than sorting rows."""
    if len(pairs) == 0 or pairs.max() >= 1 << 31:
        return np.unique(pairs, axis=0) if len(pairs) else pairs.reshape(0, 2)
    codes = sorted_unique((pairs[:, 0] << 32) | pairs[:, 1])
    return np.stack([codes >> 32, codes & 0xFFFFFFFF], axis=1)


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` (flattened), by a sort: numpy 2.4's ``np.unique``, hash-based when asked for
    the values alone, took 2.0 s for a million random int64 where a sort and a compare take 0.02 s
    (measured on this project's 2-core machine, 2026-12-01)."""
    ordered = np.sort(values, axis=None)
    return ordered[_run_starts(ordered)]


def unique_inverse(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_inverse=True)`` of a flat array, by a stable sort: the codes of a
    channel's colliding unit pairs come as many short sorted runs (a unit's partners in document order),
    which a merge sort takes in one pass where ``np.unique``'s quicksort starts afresh, ten times faster
    on the million's passage collisions.

    >>> [a.tolist() for a in unique_inverse(np.array([5, 7, 5, 2]))]
    [[2, 5, 7], [1, 2, 1, 0]]
    """
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    change = _run_starts(ordered)
    inverse = np.empty(len(ordered), dtype=np.intp)
    inverse[order] = np.cumsum(change) - 1
    return ordered[change], inverse


def _run_starts(ordered: np.ndarray) -> np.ndarray:
    """Where each run of equal values of a sorted array starts (a flag a value), in one array."""
    change = np.empty(len(ordered), dtype=bool)
    change[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=change[1:])
    return change


def _band_pairs(column: np.ndarray, unit_doc: np.ndarray, max_bucket: int,
                unit_text: np.ndarray | UnitTexts | None = None) -> np.ndarray:
    """The colliding unit pairs of one band: every pair of units of different documents in a bucket of at
    most ``max_bucket`` units, bucket by bucket in key order, a bucket's pairs by their distance in it (1,
    2, ...); then in a larger bucket of at most ``max_bucket`` distinct texts (given ``unit_text``) each
    unit with the first document's units of each text (:func:`_crowded_pairs`)."""
    found = list(_band_pair_blocks(column, unit_doc, max_bucket, unit_text))
    return np.concatenate(found) if found else np.zeros((0, 2), dtype=np.int64)


def _band_pair_blocks(column: Any, unit_doc: np.ndarray, max_bucket: int,
                      unit_text: np.ndarray | UnitTexts | None = None, block: int = 1 << 20) -> Iterator[np.ndarray]:
    """:func:`_band_pairs` in blocks of at most ``block`` pairs (the crowded buckets' pairs last), in the
    same order.

    ``column`` is the band's key of every unit, or the band in parts by key range (:data:`BandPart`:
    units of equal keys are in one part), each part's buckets paired in turn: the same pairs, in another
    order, with only a part sorted at once."""
    if isinstance(column, np.ndarray):
        yield from _part_pair_blocks(None, column, unit_doc, max_bucket, unit_text, block)
        return
    for units, keys in column:
        yield from _part_pair_blocks(units, keys, unit_doc, max_bucket, unit_text, block)


#: One part of a band cut by key range: ``(units, keys)``, the units (in increasing order) whose key in
#: the band falls in the range, and those keys (:meth:`dedup.unit_tables.UnitTable.columns`).
BandPart = tuple[np.ndarray, np.ndarray]


def _part_pair_blocks(units: np.ndarray | None, keys: np.ndarray, unit_doc: np.ndarray, max_bucket: int,
                      unit_text: np.ndarray | UnitTexts | None, block: int) -> Iterator[np.ndarray]:
    """The pairs of the buckets of ``keys`` (the keys of ``units``, or of every unit when None), a block at
    a time.

    Only the sorted positions inside buckets of two or more are kept past the sort: most keys of a band are
    alone, and arrays over every unit beyond the sort itself were most of a band's memory (a million
    articles' passage windows: 9.5 million units a band)."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    same = ordered[1:] == ordered[:-1]  # position k and k + 1 share a key
    del ordered
    shared = np.flatnonzero(same)
    if not len(shared):
        return
    # positions inside a bucket of two or more: each first of a shared neighbour pair and the one after it
    inside = np.zeros(len(keys), dtype=bool)
    inside[shared] = True
    inside[shared + 1] = True
    del shared
    where = np.flatnonzero(inside)
    del inside
    starts = np.flatnonzero(np.concatenate(([True], ~same[where[1:] - 1])))
    del same
    members = order[where] if units is None else units[order[where]]  # the units of the buckets, in order
    del order, where
    sizes = np.diff(np.append(starts, len(members)))
    keep = sizes <= max_bucket
    crowded = _crowded_pairs(members, starts, sizes, unit_doc, unit_text, max_bucket) \
        if unit_text is not None and not keep.all() else None
    if not keep.any():
        if crowded is not None:
            yield crowded
        return
    group_of = np.repeat(np.arange(len(starts)), sizes)
    chosen = keep[group_of]
    order, group_of = members[chosen], group_of[chosen]
    del members, chosen
    for gap in range(1, int(sizes[keep].max())):
        left = np.flatnonzero(group_of[:-gap] == group_of[gap:])
        if len(left) == 0:
            break
        for lo in range(0, len(left), block):
            yield _cross_document(order[left[lo : lo + block]], order[left[lo : lo + block] + gap], unit_doc)
    if crowded is not None:
        yield crowded


def _cross_document(u: np.ndarray, v: np.ndarray, unit_doc: np.ndarray) -> np.ndarray:
    """The unit pairs ``(u[k], v[k])`` of different documents, each as ``(lower, higher)`` (int64)."""
    different = unit_doc[u] != unit_doc[v]
    return np.stack([np.minimum(u, v)[different], np.maximum(u, v)[different]], axis=1).astype(np.int64, copy=False)


#: Unit pairs a crowded bucket may cost before each document speaks by its first unit in it alone (a text
#: repeating one passage thousands of times, carried twice, would otherwise pair every repeat with every
#: other).
CROWDED_PAIRS = 1 << 22


def _crowded_pairs(order: np.ndarray, starts: np.ndarray, sizes: np.ndarray, unit_doc: np.ndarray,
                   unit_text: np.ndarray | UnitTexts | None, max_bucket: int) -> np.ndarray:
    """Pairs from the buckets of more than ``max_bucket`` units that hold at most ``max_bucket`` distinct
    texts: copies of one text crowd a bucket without being boilerplate. Each unit pairs with the units of
    every text's first document (its lowest number) in the bucket, so that a text's copies are each
    paired with its first copy and with every other text there, in ``units x texts`` pairs rather than
    ``units**2``; units of one document never pair. Past :data:`CROWDED_PAIRS` such pairs, a document
    speaks by its first unit in the bucket only."""
    none = np.zeros((0, 2), dtype=np.int64)
    big = np.flatnonzero(sizes > max_bucket)
    if unit_text is None or not len(big):
        return none
    out = [none]
    for g in big.tolist():
        members = order[starts[g] : starts[g] + sizes[g]]
        doc = unit_doc[members]
        if len(sorted_unique(doc)) < 2:
            continue  # one document's own windows
        reps = _representatives(members, unit_doc, unit_text, max_bucket)
        if reps is None:
            continue  # boilerplate: many texts share this key
        if _repeating(doc):
            pairs = _diagonal_pairs(members, reps, unit_doc)
        else:
            if len(members) * len(reps) > CROWDED_PAIRS:
                by_doc = np.lexsort((members, doc))
                members = members[by_doc][np.concatenate([[True], doc[by_doc][1:] != doc[by_doc][:-1]])]
                reps = _representatives(members, unit_doc, unit_text, max_bucket)
            pairs = _cross_document(np.repeat(members, len(reps)), np.tile(reps, len(members)), unit_doc)
        out.append(unique_pairs(pairs) if len(pairs) else pairs)
    return np.concatenate(out)


#: Units one document may bring to a crowded bucket before its pairs with another document that brings as
#: many are thinned (:func:`_diagonal_pairs`): a text that repeats a passage (a story pasted twenty times,
#: a feed item concatenated over and over) puts every repeat of a window in its bucket, and two such texts
#: paired every repeat of one with every repeat of the other, the square of the repeats in every band (a
#: 90,000-character text of 20 copies of a story against a copy of it: 25 s and 590 MB; two of 900,000
#: characters: killed at 15.9 GB). No bucket of the Reuters scan has two documents over 32 units
#: (benchmarks/RESULTS.md, forty-eighth round, `robust52`).
MOST_REPEATS = 48

#: Units of the other document each unit of a repeating one meets, on either side of its place
#: (:func:`_diagonal_pairs`).
REPEAT_REACH = 4


def _repeating(doc: np.ndarray) -> bool:
    """Whether two documents each bring more than :data:`MOST_REPEATS` units to a bucket (``doc``: the
    document of each unit in it)."""
    if len(doc) <= 2 * MOST_REPEATS:
        return False
    _, counts = np.unique(doc, return_counts=True)
    return int(np.count_nonzero(counts > MOST_REPEATS)) >= 2


def _diagonal_pairs(members: np.ndarray, reps: np.ndarray, unit_doc: np.ndarray) -> np.ndarray:
    """The pairs of a crowded bucket (each unit of ``members`` with the units ``reps`` of other documents),
    two documents' units there paired by :func:`paired_along`: all with all, or, where both bring more than
    :data:`MOST_REPEATS` units, along their order. The same pairs whichever document comes first."""
    out = [np.zeros((0, 2), dtype=np.int64)]
    mine_doc, their_doc = unit_doc[members], unit_doc[reps]
    for d in np.unique(mine_doc).tolist():
        mine = np.sort(members[mine_doc == d])
        for e in np.unique(their_doc).tolist():
            if e == d:
                continue
            theirs = np.sort(reps[their_doc == e])
            i, j = paired_along(len(mine), len(theirs))
            out.append(_cross_document(mine[i], theirs[j], unit_doc))
    return unique_pairs(np.concatenate(out))


def paired_along(mine: int, theirs: int) -> tuple[np.ndarray, np.ndarray]:
    """Which of two documents' units in one bucket pair, ``mine`` and ``theirs`` of them in the order of
    their texts: positions ``(i, j)``, the i-th of mine with the j-th of theirs. Every one with every one,
    unless both bring more than :data:`MOST_REPEATS`: then the k-th of the longer run with the units of the
    shorter that stand where it stands in its own (k scaled by their counts), :data:`REPEAT_REACH` either
    side. A text pasted twenty times is still met copy by copy, every repeat of it with a partner (the
    copies' passages cover the whole text), in ``units x (2 x REPEAT_REACH + 1)`` pairs, not ``units**2``;
    the same pairs whichever document is ``mine``. The one rule of a scan's buckets
    (:func:`_diagonal_pairs`) and of an index's join of a new article's windows with a stored one's
    postings under a key (:mod:`dedup.index`): one question, one answer.

    >>> [a.tolist() for a in paired_along(2, 3)]
    [[0, 0, 0, 1, 1, 1], [0, 1, 2, 0, 1, 2]]
    >>> i, j = paired_along(100, 50); len(i), sorted(set(j[i == 99].tolist()))
    (860, [45, 46, 47, 48, 49])
    """
    if min(mine, theirs) <= MOST_REPEATS:
        return np.repeat(np.arange(mine), theirs), np.tile(np.arange(theirs), mine)
    longer, shorter = max(mine, theirs), min(mine, theirs)
    at = np.arange(longer) * shorter // longer
    near = at[:, None] + np.arange(-REPEAT_REACH, REPEAT_REACH + 1)[None, :]
    inside = (near >= 0) & (near < shorter)
    along, other = np.repeat(np.arange(longer), inside.sum(axis=1)), near[inside]
    return (along, other) if mine >= theirs else (other, along)


def _representatives(members: np.ndarray, unit_doc: np.ndarray, unit_text: np.ndarray, max_bucket: int):  # type: ignore[no-untyped-def]
    """The units (of ``members``) of each text's first document, or None past ``max_bucket`` texts."""
    doc, text = unit_doc[members], unit_text[members]
    by_text = np.lexsort((doc, text))
    text_sorted = text[by_text]
    first = np.concatenate([[True], text_sorted[1:] != text_sorted[:-1]])
    if first.sum() > max_bucket:
        return None
    first_doc = doc[by_text][first][np.cumsum(first) - 1]  # per unit (text order): its text's first document
    return members[by_text][doc[by_text] == first_doc]
