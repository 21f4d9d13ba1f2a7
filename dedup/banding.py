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
from dedup.buckets import UnitTexts, band_pair_blocks, band_pairs
from dedup.errors import SettingsError
from dedup.sorted_arrays import counted_codes, unique_pairs
from dedup.tokens import mix64

__all__ = ["NO_BAND", "Banding", "choose_bands", "band_keys", "colliding_pairs", "colliding_pairs_of_bands", "colliding_codes",
           "read_into"]


#: The band key a unit does not have: a short document's passage windows in the bands of long documents
#: alone (:attr:`dedup.channels.ChannelSpec.dense_bands`). Left out before banding and storing.
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
    found = [band_pairs(column, unit_doc, max_bucket, unit_text) for column in columns]
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
        found = [_codes_of(band_pairs(column, unit_doc, max_bucket, unit_text)) for column in columns]
        held = [np.concatenate(found) if found else np.zeros(0, dtype=np.int64)]
        del found
        held[0].sort()
        yield held.pop()  # not kept in this frame while the caller judges them (a long text's: 24M, 195 MB)
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
    for pairs in band_pair_blocks(column, unit_doc, max_bucket, unit_text):
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
