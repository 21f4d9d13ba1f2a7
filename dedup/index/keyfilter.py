"""Which band keys the postings table of a SQLite index may hold: a filter kept in the index file.

A check asks about 170 band keys (a long story a thousand), of which a handful hold postings in the
table: asking SQLite about each cost about 1.7 us a key, mostly seeks that find nothing. The filter
answers most absent keys in memory, so only the keys it may hold are asked (all that are there, and
about one in ten of the others).

The key space is cut into :data:`PARTS` parts by a key's top bits (band keys are hashes, so parts hold
about as many keys each); a part keeps one bit a slot, about eight to thirty-two slots a key it holds, a
key's slot being its next bits (a key range is a range of slots). Each part is one row of the
``keyfilter`` table, written in the same transaction as the postings it covers: a merge step moves one
key range into the postings table and rewrites the one or two parts of that range (steps end on
part boundaries: each part is rewritten once a merge)
(:meth:`KeyFilter.add`); a part that outgrows its slots is made again, twice as large as its keys need,
from its keys in the table. Postings removed leave their bits set (a filter may answer "maybe" for a
key that is not there; never "no" for one that is). An open index holds the parts in memory (about a byte
or two a key) and reads again the parts that another connection's merge steps rewrote
(:meth:`KeyFilter.reload`).
"""

from __future__ import annotations

import sqlite3
from typing import Iterable

import numpy as np

from dedup.errors import DAMAGED_INDEX, StorageError
from dedup.index.store import distinct

__all__ = ["PARTS", "KeyFilter", "parts_between", "build"]

#: The parts are numbered by a key's top bits (its unsigned view): 16,384 parts, each a row. A merge step
#: (a 10,000th of the key space, to the nearest part boundary) rewrites one or two of them; an open index reads them all at once.
PART_BITS = 14
PARTS = 1 << PART_BITS
#: Slots a key at least (a part outgrown below this many is made again with twice as many).
SLOTS_PER_KEY = 8
_LEAST = 3  # a part has at least 2**3 slots: one byte
_NO_KEYS = 0  # the offset of the shared zero byte that parts without keys point at


def part_of(keys: np.ndarray) -> np.ndarray:
    """The part of each int64 band key."""
    return (np.asarray(keys, dtype=np.int64).view(np.uint64) >> np.uint64(64 - PART_BITS)).astype(np.intp)


def part_keys(part: int) -> tuple[int, int]:
    """The int64 keys ``lo <= key <= hi`` of a part (a part is one range of the signed keys too)."""
    lo = part << (64 - PART_BITS)
    hi = lo + (1 << (64 - PART_BITS)) - 1
    wrap = lambda value: value - (1 << 64) if value >= 1 << 63 else value  # noqa: E731 - unsigned to int64
    return wrap(lo), wrap(hi)


def parts_between(low: int, high: int) -> list[int]:
    """The parts holding int64 keys ``low <= key < high`` (a merge's key range)."""
    if high <= low:
        return []
    first, last = (int(p) for p in part_of(np.array([low, high - 1], dtype=np.int64)))
    if low < 0 <= high - 1:  # through 0: the negative keys' parts are the upper half
        return list(range(first, PARTS)) + list(range(0, last + 1))
    return list(range(first, last + 1))


def _slots_for(keys: int) -> int:
    """The log2 of the slots a part made from ``keys`` keys gets: twice what :data:`SLOTS_PER_KEY` asks,
    so that it is made again only when its keys have doubled."""
    return max(_LEAST, (2 * SLOTS_PER_KEY * keys - 1).bit_length())


def _slot(keys: np.ndarray, lg: np.ndarray | int) -> np.ndarray:
    """Each key's slot in its part of ``2**lg`` slots: the bits after its part's."""
    shifted = np.asarray(keys, dtype=np.int64).view(np.uint64) << np.uint64(PART_BITS)
    return (shifted >> (np.uint64(64) - np.asarray(lg, dtype=np.uint64))).astype(np.int64)


def _bits_of(keys: np.ndarray, lg: int) -> np.ndarray:
    """The packed bits (little bit order) of a part of ``2**lg`` slots holding ``keys``."""
    held = np.zeros(1 << lg, dtype=bool)
    held[_slot(keys, lg)] = True
    return np.packbits(held, bitorder="little")


class KeyFilter:
    """The ``keyfilter`` rows of an index in memory: every part's bits in one byte array, found by offset.

    >>> f = KeyFilter()
    >>> f.set(3, 5, np.packbits(np.eye(1, 32, 7, dtype=bool)[0], bitorder="little"))
    >>> key = (3 << 50) | (7 << 45)
    >>> f.may_hold(np.array([key, key + (1 << 45), 5], dtype=np.int64)).tolist()
    [True, False, False]
    """

    def __init__(self) -> None:
        self._lg = np.full(PARTS, _LEAST, dtype=np.uint64)  # each part's slots: 2**lg
        self._at = np.full(PARTS, _NO_KEYS, dtype=np.int64)  # the byte where each part's bits start
        self._bits = np.zeros(1, dtype=np.uint8)
        self._used = 1  # bytes of _bits in use (parts made larger leave their old bytes unused)
        self._live = 1

    @classmethod
    def load(cls, db: sqlite3.Connection) -> "KeyFilter":
        """Every part stored in ``db``."""
        out = cls()
        rows = db.execute("SELECT part, lg, bits FROM keyfilter ORDER BY part").fetchall()
        if rows:
            _check_rows(rows)
            parts = np.array([row[0] for row in rows], dtype=np.intp)
            sizes = np.array([len(row[2]) for row in rows], dtype=np.int64)
            out._lg[parts] = np.array([row[1] for row in rows], dtype=np.uint64)
            out._at[parts] = 1 + np.cumsum(sizes) - sizes
            out._bits = np.frombuffer(b"\0" + b"".join(row[2] for row in rows), dtype=np.uint8).copy()
            out._used = out._live = len(out._bits)
        return out

    def reload(self, db: sqlite3.Connection, parts: Iterable[int]) -> None:
        """Read again the given parts (another connection's merge steps rewrote them)."""
        wanted = sorted(set(parts))
        for lo in range(0, len(wanted), 500):
            chunk = wanted[lo : lo + 500]
            rows = db.execute(f"SELECT part, lg, bits FROM keyfilter WHERE part IN ({','.join('?' * len(chunk))})",
                              chunk).fetchall()
            _check_rows(rows)
            for part, lg, bits in rows:
                self.set(int(part), int(lg), np.frombuffer(bits, dtype=np.uint8))

    def may_hold(self, keys: np.ndarray) -> np.ndarray:
        """Whether each int64 key may be in the postings table (False: it is not)."""
        keys = np.asarray(keys, dtype=np.int64)
        part = part_of(keys)
        slot = _slot(keys, self._lg[part])
        byte = self._bits[self._at[part] + (slot >> 3)]
        return ((byte >> (slot & 7).astype(np.uint8)) & 1).astype(bool)

    def set(self, part: int, lg: int, bits: np.ndarray) -> None:
        """Part ``part`` is now ``2**lg`` slots, ``bits`` (packed, little bit order)."""
        size = len(bits)
        if self._at[part] != _NO_KEYS and int(self._lg[part]) == lg:  # the same size: in place
            at = int(self._at[part])
            self._bits[at : at + size] = bits
            return
        if self._at[part] != _NO_KEYS:
            self._live -= max(1, (1 << int(self._lg[part])) >> 3)
        if self._used + size > len(self._bits):
            if self._live + size <= len(self._bits) // 2:  # mostly bytes no part uses: packed again
                self._pack()
            if self._used + size > len(self._bits):
                grown = np.zeros(max(2 * len(self._bits), self._used + size), dtype=np.uint8)
                grown[: self._used] = self._bits[: self._used]
                self._bits = grown
        self._bits[self._used : self._used + size] = bits
        self._at[part], self._lg[part] = self._used, lg
        self._used += size
        self._live += size

    def _pack(self) -> None:
        """Keep only the bytes of parts in use, in part order."""
        held = np.flatnonzero(self._at != _NO_KEYS)
        sizes = np.maximum(1, (1 << self._lg[held].astype(np.int64)) >> 3)
        packed = np.zeros(len(self._bits), dtype=np.uint8)
        at = 1 + np.cumsum(sizes) - sizes
        for part, start, size in zip(held.tolist(), at.tolist(), sizes.tolist()):
            old = int(self._at[part])
            packed[start : start + size] = self._bits[old : old + size]
        self._at[held] = at
        self._bits, self._used = packed, 1 + int(sizes.sum())
        self._live = self._used

    def add(self, db: sqlite3.Connection, keys: np.ndarray) -> None:
        """Record ``keys`` (int64, any order, repeats allowed), just inserted into the postings table inside
        the write transaction, in the parts that hold them, in ``db`` and here."""
        keys = _distinct_sorted(np.asarray(keys, dtype=np.int64).reshape(-1))  # a part's keys are one run of them
        if not len(keys):
            return
        part = part_of(keys)
        starts = np.flatnonzero(np.concatenate(([True], part[1:] != part[:-1])))
        for start, end in zip(starts.tolist(), np.append(starts[1:], len(part)).tolist()):
            self._add_part(db, int(part[start]), keys[start:end])

    def _add_part(self, db: sqlite3.Connection, part: int, keys: np.ndarray) -> None:
        row = db.execute("SELECT lg, keys, bits FROM keyfilter WHERE part = ?", (part,)).fetchone()
        if row is not None:
            _check_rows([(part, row[0], row[2])])
        if row is None:  # no key of the part in the table before these
            count = len(keys)
            lg = _slots_for(count)
            bits = _bits_of(keys, lg)
        else:
            lg, count = int(row[0]), int(row[1]) + len(keys)  # keys counted again when there already: at most
            if SLOTS_PER_KEY * count > 1 << lg:  # outgrown: made again from the table's keys of the part
                low, high = part_keys(part)
                held = np.array(db.execute("SELECT DISTINCT key FROM postings WHERE key BETWEEN ? AND ?",
                                           (low, high)).fetchall(), dtype=np.int64).reshape(-1)
                count = len(held)
                lg = _slots_for(count)
                bits = _bits_of(held, lg)
            else:
                bits = np.frombuffer(row[2], dtype=np.uint8).copy()
                slot = _slot(keys, lg)
                np.bitwise_or.at(bits, slot >> 3, np.left_shift(np.uint8(1), (slot & 7).astype(np.uint8)))
        db.execute("INSERT OR REPLACE INTO keyfilter (part, lg, keys, bits) VALUES (?, ?, ?, ?)",
                   (part, lg, count, bits.tobytes()))
        self.set(part, lg, bits)


def _distinct_sorted(keys: np.ndarray) -> np.ndarray:
    """:func:`~dedup.index.store.distinct` of ``keys``, without its sort when they come in order already (a
    merge step's, read from the recent view by key: sorting 2.3 million of them again cost 0.18 s).

    >>> _distinct_sorted(np.array([-4, 2, 2, 9])).tolist(), _distinct_sorted(np.array([9, -4, 2, 9])).tolist()
    ([-4, 2, 9], [-4, 2, 9])
    """
    if len(keys) > 1 and (keys[1:] >= keys[:-1]).all():
        return keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    return distinct(keys)


def _check_rows(rows: list[tuple[int, int, bytes]]) -> None:
    """Refuse ``(part, lg, bits)`` rows that no merge wrote, as a damaged index: a part number or a size out
    of range, or bits of another length than ``2**lg`` slots take. A part's bits cut short (or zeroed to
    one byte) read as "no key here" for every key of it: a check missed every stored article through it,
    without a word; an ``lg`` below 0 was a traceback (OverflowError)."""
    for part, lg, bits in rows:
        if not (isinstance(part, int) and 0 <= part < PARTS and isinstance(lg, int) and _LEAST <= lg <= 64 - PART_BITS
                and isinstance(bits, bytes) and len(bits) == max(1, (1 << lg) >> 3)):
            raise StorageError(DAMAGED_INDEX)


def build(db: sqlite3.Connection) -> None:
    """Make every part from the postings table's keys (an index of a format before the filter; inside a
    write transaction)."""
    db.execute("DELETE FROM keyfilter")
    cursor = db.execute("SELECT DISTINCT key FROM postings")
    chunks = []
    while rows := cursor.fetchmany(1 << 16):
        chunks.append(np.array(rows, dtype=np.int64).reshape(-1))
    if not chunks:
        return
    keys = distinct(np.concatenate(chunks))
    part = part_of(keys)
    starts = np.flatnonzero(np.concatenate(([True], part[1:] != part[:-1])))
    rows_ = []
    for start, end in zip(starts.tolist(), np.append(starts[1:], len(part)).tolist()):
        lg = _slots_for(end - start)
        rows_.append((int(part[start]), lg, end - start, _bits_of(keys[start:end], lg).tobytes()))
    db.executemany("INSERT INTO keyfilter (part, lg, keys, bits) VALUES (?, ?, ?, ?)", rows_)
