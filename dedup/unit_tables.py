"""A channel's indexed units as a scan signs them: documents, character spans and band keys, the keys and
spans past a memory share in temporary files.

A million articles' passage windows are 9.5 million units: 2.4 GB of band keys (32 bands) and 230 MB of
spans as int64 arrays, more than a scan under a 1 GB setting can hold beside the rest. Banding needs one
band's keys at once, read back with positioned reads (:meth:`UnitTable.columns`), and the spans of the few
units whose collisions make candidates (:class:`SpanColumn`); only each unit's document stays in memory,
in about a byte a unit (:class:`UnitDocs`: banding looks documents up for every colliding unit, too often
to read them from a file).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator

import numpy as np

from dedup.banding import NO_BAND, read_into
from dedup.buckets import BandPart
from dedup.errors import SettingsError
from dedup.heap import release_freed

if TYPE_CHECKING:
    from dedup.channels import ChannelSpec

__all__ = ["UnitTable", "SpanColumn", "UnitDocs", "DOC_BLOCK"]

#: Rows of a span file read with one positioned read when gathering (1 MB of start and end pairs).
GATHER_ROWS = 1 << 16
#: Units that share one base document in :class:`UnitDocs` (a power of two).
DOC_BLOCK = 256


class UnitDocs:
    """Each unit's document, indexed with unit numbers (non-negative) as an array of one document a unit
    would be, held as the document of every :data:`DOC_BLOCK`-th unit (int64) and each unit's difference
    from its block's (the narrowest integer type that holds them: one byte where units come in document
    order and few documents lack units). A million articles' passage windows are 9.5 million units: 38 MB as
    32-bit numbers, 9.5 MB here, looked up as fast (two gathers for one).

    >>> docs = UnitDocs.of(np.array([0, 0, 1, 3, 3]), block=2)
    >>> docs[np.array([4, 0, 3])].tolist(), len(docs), docs.astype(np.int32)[[2]].dtype.name
    ([3, 0, 3], 5, 'int32')
    """

    def __init__(self, bases: np.ndarray, deltas: np.ndarray, *, block: int = DOC_BLOCK,
                 dtype: Any = np.int64) -> None:
        if block < 1 or block & (block - 1):
            raise ValueError(f"a block of units is a power of two, got {block}")
        self._bases, self._deltas, self._shift = bases, deltas, block.bit_length() - 1
        self.dtype = np.dtype(dtype)

    @classmethod
    def of(cls, doc: np.ndarray, *, block: int = DOC_BLOCK) -> UnitDocs:
        """The documents ``doc`` (one a unit) held as bases and differences."""
        doc = np.asarray(doc, dtype=np.int64)
        bases = doc[::block]
        return cls(bases, narrow(doc - np.repeat(bases, block)[: len(doc)]), block=block)

    def __len__(self) -> int:
        return len(self._deltas)

    @property
    def shape(self) -> tuple[int]:
        return (len(self._deltas),)

    @property
    def nbytes(self) -> int:
        return self._bases.nbytes + self._deltas.nbytes

    def __getitem__(self, units: Any) -> np.ndarray:
        units = np.asarray(units)
        found = self._bases[units >> self._shift] + self._deltas[units]
        return found.astype(self.dtype, copy=False)

    def astype(self, dtype: Any, copy: bool = True) -> UnitDocs:
        """The same documents, looked up as ``dtype``: nothing is copied (a numpy array's ``astype`` would
        make the array this class saves)."""
        return UnitDocs(self._bases, self._deltas, block=1 << self._shift, dtype=dtype)

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self[np.arange(len(self))].astype(dtype or self.dtype, copy=False)


def narrow(values: np.ndarray) -> np.ndarray:
    """``values`` (integers) in the narrowest integer type that holds them all.

    >>> [narrow(np.array(v)).dtype.name for v in ([0, 255], [-1, 200], [0, 70_000], [])]
    ['uint8', 'int16', 'uint32', 'uint8']
    """
    if not len(values):
        return values.astype(np.uint8)
    lo, hi = int(values.min()), int(values.max())
    return values.astype(np.result_type(np.min_scalar_type(lo), np.min_scalar_type(hi)))


class SpanColumn:
    """One column (0: start, 1: end) of a file of ``n`` rows ``(start, end)`` (int64), indexed with an
    integer array as a numpy column would be: only the blocks of rows holding the units asked for are
    read, with positioned reads (no memory map: mapped pages, once read, count as resident memory)."""

    def __init__(self, file: Any, n: int, column: int) -> None:
        self._file, self._n, self._column = file, n, column

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, units: Any) -> np.ndarray:
        units = np.asarray(units, dtype=np.int64)
        flat = units.reshape(-1)
        if len(flat) and (flat.min() < 0 or flat.max() >= self._n):
            raise IndexError(f"unit out of range: the table has {self._n}")
        out = np.empty(len(flat), dtype=np.int64)
        if not len(flat):
            return out.reshape(units.shape)
        order = np.argsort(flat, kind="stable")
        wanted = flat[order]
        block = wanted // GATHER_ROWS
        cuts = np.flatnonzero(np.concatenate(([True], block[1:] != block[:-1], [True])))
        fd = self._file.fileno()
        for lo, hi in zip(cuts[:-1].tolist(), cuts[1:].tolist()):
            first, last = int(wanted[lo]), int(wanted[hi - 1])
            rows = np.frombuffer(os.pread(fd, 16 * (last + 1 - first), 16 * first), dtype=np.int64).reshape(-1, 2)
            out[order[lo:hi]] = rows[wanted[lo:hi] - first, self._column]
        return out.reshape(units.shape)


@dataclass
class UnitTable:
    """The indexed units of one channel: their documents, character spans and band keys.

    With ``spill`` (bytes), band keys beyond that much go to a temporary file, band by band within each
    batch, and :meth:`columns` reads one band back at a time; from then on the units' spans go to a file
    of their own as they come. Each unit's document is held in about a byte (:class:`UnitDocs`).

    A channel with denser windows for long documents (``spec.dense_bands``) keeps the units' keys in those
    bands apart, with the units' numbers, and counts them with the other keys against ``spill`` (past it
    they go to a file of their own): the long documents' windows and the short documents' (their keys
    marked by :data:`~dedup.buckets.SHORT_MARK`, which meet only the long ones there).
    """

    spec: "ChannelSpec"
    start: list[np.ndarray] = field(default_factory=list)
    end: list[np.ndarray] = field(default_factory=list)
    keys: list[np.ndarray] = field(default_factory=list)
    spill: int | None = None
    _file: Any = field(default=None, repr=False)
    _spilled: list[int] = field(default_factory=list, repr=False)  # units of each batch written to the file
    _spans: Any = field(default=None, repr=False)  # (start, end) rows of every unit, once the keys spilled
    _count: int = field(default=0, repr=False)
    _bases: list[np.ndarray] = field(default_factory=list, repr=False)  # UnitDocs: each block's first document
    _deltas: list[np.ndarray] = field(default_factory=list, repr=False)  # and each unit's difference from it
    _open_base: int = field(default=0, repr=False)  # the base of the block the last unit added is in
    _dense_units: list[np.ndarray] = field(default_factory=list, repr=False)  # long documents' units
    _dense_keys: list[np.ndarray] = field(default_factory=list, repr=False)  # and their keys in dense_bands
    _dense_file: Any = field(default=None, repr=False)  # those past the spill: units, then keys band by band
    _dense_spilled: list[int] = field(default_factory=list, repr=False)  # units of each batch written there

    def add(self, doc: np.ndarray, start: np.ndarray, end: np.ndarray, keys: np.ndarray) -> None:
        if keys.shape[1] > self.bands:  # a long document's units have keys in its own bands (dense_bands)
            keys, extra = keys[:, : self.bands], keys[:, self.bands :]
            mine = np.flatnonzero(extra[:, 0] != NO_BAND)
            if len(mine):
                self._dense_units.append(mine + self._count)
                self._dense_keys.append(np.ascontiguousarray(extra[mine]))
            keys = np.ascontiguousarray(keys)
        self._add_docs(np.asarray(doc))
        self._count += len(doc)
        self.keys.append(keys)
        if self._spans is not None:
            self._write_spans(start, end)
        else:
            self.start.append(start)
            self.end.append(end)
        if self.spill is not None and self._held_bytes() > self.spill:
            if self._file is None:
                self._file = tempfile.TemporaryFile(prefix="dedup-keys-")
                self._spans = tempfile.TemporaryFile(prefix="dedup-spans-")
                self._dense_file = tempfile.TemporaryFile(prefix="dedup-dense-keys-")
                for lo, hi in zip(self.start, self.end):
                    self._write_spans(lo, hi)
                self.start, self.end = [], []
            self._write_keys()

    def _add_docs(self, doc: np.ndarray) -> None:
        """Hold the documents of the units added next as :class:`UnitDocs` does: the first document of each
        block of :data:`DOC_BLOCK` units (numbered across batches) and each unit's difference from it."""
        if not len(doc):
            return
        first = self._count
        fresh = doc[-first % DOC_BLOCK :: DOC_BLOCK].astype(np.int64)  # bases of the blocks starting here
        bases = fresh if first % DOC_BLOCK == 0 else np.concatenate(([self._open_base], fresh))
        block = (np.arange(first, first + len(doc)) // DOC_BLOCK) - first // DOC_BLOCK
        self._deltas.append(narrow(doc - bases[block]))
        self._bases.append(fresh)
        self._open_base = int(bases[-1])

    def _held_bytes(self) -> int:
        """Bytes of band keys held in memory: every band's, and the long documents' own with their units."""
        return sum(k.nbytes for k in self.keys) + sum(k.nbytes for k in self._dense_keys) + \
            sum(u.nbytes for u in self._dense_units)

    def _write_keys(self) -> None:
        for batch in self.keys:
            self._file.write(np.ascontiguousarray(batch.T, dtype=np.uint64).tobytes())
            self._spilled.append(len(batch))
        self.keys = []
        for units, keys in zip(self._dense_units, self._dense_keys):
            self._dense_file.write(units.astype(np.int64).tobytes())
            self._dense_file.write(np.ascontiguousarray(keys.T, dtype=np.uint64).tobytes())
            self._dense_spilled.append(len(units))
        self._dense_units, self._dense_keys = [], []

    def finish(self) -> None:
        """Signing is done: once the table has spilled, the keys still held go to its files too. Banding
        reads each band back from the file; keys held beside it (up to ``spill`` bytes a channel) would
        stay in memory through the whole candidate stage for nothing."""
        if self._file is not None and self.keys:  # every batch added holds keys: and its dense ones with them
            self._write_keys()

    def _write_spans(self, start: np.ndarray, end: np.ndarray) -> None:
        self._spans.write(np.stack([start, end], axis=1).astype(np.int64).tobytes())

    @property
    def bands(self) -> int:
        """Bands every unit has a key in (the long documents' own bands come after them)."""
        return self.spec.banding.bands

    def _dense_columns(self) -> Iterator[list[BandPart]]:
        """Each of the long documents' own bands as one part: their units and keys (the others have none),
        one band at a time (those written to the file read back, then those held)."""
        for band in range(self.spec.dense_bands):
            units, keys = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.uint64)]
            for batch_units, batch_keys in self._dense_pieces(band):
                units.append(batch_units)
                keys.append(batch_keys)
            yield [(np.concatenate(units), np.concatenate(keys))]
            del units, keys

    def _dense_pieces(self, band: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """The long documents' units and their keys in their own band ``band``, batch by batch in unit order."""
        if self._dense_spilled:
            self._dense_file.flush()
            fd, at, width = self._dense_file.fileno(), 0, self.spec.dense_bands
            for n in self._dense_spilled:
                units, keys = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.uint64)
                read_into(fd, units, at)
                read_into(fd, keys, at + 8 * n * (1 + band))
                yield units, keys
                at += 8 * n * (1 + width)
        for units, keys in zip(self._dense_units, self._dense_keys):
            yield units, np.ascontiguousarray(keys[:, band])

    def columns(self, ranges: int = 1) -> Iterator[Any]:
        """Each band's keys over every unit, one band at a time; with ``ranges`` (a power of two) above
        one, each band as that many parts by key range (an iterator of :data:`dedup.buckets.BandPart`),
        each read from the keys in turn, so that a part, not the band, is held and sorted at once."""
        yield from self._columns(ranges)
        yield from self._dense_columns()

    def _columns(self, ranges: int) -> Iterator[Any]:
        """:meth:`columns` of the bands every unit has a key in."""
        if ranges > 1:
            if ranges & (ranges - 1):
                raise SettingsError(f"a band is cut in a power of two of key ranges, got {ranges}")
            yield from (self._band_parts(band, ranges) for band in range(self.bands))
            return
        if not self._spilled:
            keys = np.concatenate(self.keys) if self.keys else np.zeros((0, self.bands), dtype=np.uint64)
            yield from (keys[:, band] for band in range(self.bands))
            return
        self._file.flush()
        fd = self._file.fileno()
        for band in range(self.bands):
            # positioned reads (see _band_pieces), straight into the band's array, which is let go before
            # the next is read
            column = np.empty(self._count, dtype=np.uint64)
            at = 0
            for offset, n in self._spilled_slices(band):
                read_into(fd, column[at : at + n], offset)
                at += n
            for k in self.keys:
                column[at : at + len(k)] = k[:, band]
                at += len(k)
            yield column
            del column
            release_freed()  # the band's pairs and sort, freed but kept by the C library until asked

    def _band_pieces(self, band: int) -> Iterator[np.ndarray]:
        """Band ``band``'s keys of each batch added, in order: the spilled ones read back, then those held.

        Positioned reads, not a memory map: every band's slices lie across the whole file, and mapped
        pages, once read, count as the scan's resident memory (the million's 2.4 GB of passage keys)."""
        if self._spilled:
            self._file.flush()
            fd = self._file.fileno()
            for offset, n in self._spilled_slices(band):
                piece = np.empty(n, dtype=np.uint64)
                read_into(fd, piece, offset)
                yield piece
        for k in self.keys:
            yield k[:, band]

    def _spilled_slices(self, band: int) -> Iterator[tuple[int, int]]:
        """Where band ``band``'s keys of each spilled batch lie in the key file: ``(byte offset, keys)``
        (a batch is written band after band, each band its keys in unit order)."""
        at = 0
        for n in self._spilled:
            yield 8 * (at + band * n), n
            at += n * self.bands

    def _band_parts(self, band: int, ranges: int) -> Iterator[BandPart]:
        """Band ``band`` in ``ranges`` parts by the leading bits of its keys (well-mixed hashes: parts of
        about equal size), each the units in order and their keys."""
        shift = np.uint64(63 - (ranges - 1).bit_length())  # a key's top bit is clear (dedup.buckets.KEY_BITS)
        for part in range(ranges):
            units, keys, first = [], [], 0
            for piece in self._band_pieces(band):
                mine = np.flatnonzero((piece >> shift) == part)
                units.append(mine + first)
                keys.append(piece[mine])
                first += len(piece)
            yield (np.concatenate(units) if units else np.zeros(0, dtype=np.int64),
                   np.concatenate(keys) if keys else np.zeros(0, dtype=np.uint64))
            del units, keys
            release_freed()  # the part's sort and pairs (see columns)

    def close(self) -> None:
        """Drop the keys and spans (and their files): banding is done."""
        for file in (self._file, self._spans, self._dense_file):
            if file is not None:
                file.close()
        self._file, self._spilled, self.keys, self._spans = None, [], [], None
        self._bases, self._deltas, self.start, self.end, self._count = [], [], [], [], 0
        self._dense_units, self._dense_keys, self._dense_file, self._dense_spilled = [], [], None, []

    def units(self) -> tuple[UnitDocs, Any, Any]:
        """``(doc, start, end)`` of every unit for banding: ``doc`` a :class:`UnitDocs` (its batches joined
        and kept in place of theirs), ``start`` and ``end`` arrays, or :class:`SpanColumn` of the span file
        once spilled."""
        if len(self._deltas) > 1:
            self._bases, self._deltas = [np.concatenate(self._bases)], [np.concatenate(self._deltas)]
        doc = UnitDocs(self._bases[0] if self._bases else np.zeros(0, dtype=np.int64),
                       self._deltas[0] if self._deltas else np.zeros(0, dtype=np.uint8))
        if self._spans is None:
            if len(self.start) > 1:
                self.start, self.end = [np.concatenate(self.start)], [np.concatenate(self.end)]
            empty = np.zeros(0, dtype=np.int64)
            return doc, self.start[0] if self.start else empty, self.end[0] if self.end else empty
        self._spans.flush()
        return doc, SpanColumn(self._spans, self._count, 0), SpanColumn(self._spans, self._count, 1)

    def spans(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(doc, start, end)`` of every unit as int64 arrays (read back whole when spilled)."""
        doc, start, end = self.units()
        every = np.arange(self._count)
        if isinstance(start, SpanColumn):
            start, end = start[every], end[every]
        return doc[every], start, end

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(doc, start, end, keys)`` concatenated over every batch added, ``spec.key_bands`` keys a unit
        (:data:`~dedup.candidates.NO_BAND` where a short document's unit has none), as signed."""
        doc, start, end = self.spans()
        keys = np.full((len(doc), self.spec.key_bands), NO_BAND, dtype=np.uint64)
        if not len(doc):
            return doc, start, end, keys
        keys[:, : self.bands] = np.stack(list(self._columns(1)), axis=1)
        for band, ((units, column),) in enumerate(self._dense_columns(), start=self.bands):
            keys[units, band] = column
        return doc, start, end, keys
