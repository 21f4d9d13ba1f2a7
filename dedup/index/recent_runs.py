"""The runs of the recent segment's view (:class:`~dedup.index.recent.RecentPostings`): two merged at once
(:func:`merged_run`) or a slice an add (:class:`Merge`), and the filter of the keys a large run holds
(:func:`run_filter`), so that a lookup searches a run of millions of postings only for the keys it may hold.

Each run is four columns ``(key, seq, span, id)`` sorted by key; a merge keeps the older run's rows first
among equal keys (a stable sort's order), so a view answers alike however its runs were merged.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from dedup.index.store import stable_order

__all__ = ["FILTER_FROM", "Merge", "merged_filter", "merged_run", "run_filter", "slots_held", "sorted_run"]

#: Runs of at least this many postings get a filter of the keys they hold (:func:`run_filter`).
FILTER_FROM = 1 << 16


class Merge:
    """Two neighbouring runs (``older`` at ``at`` in the view's runs, ``newer`` after it) merged into
    ``out`` a slice at a time, in key order: each slice is the rows of both below a key, placed as a
    merge at once places them (the older run's rows first among equal keys). Nothing reads ``out``
    before the last slice is made; the two runs are read meanwhile, unchanged. ``bits``, the filter of
    ``out`` (:func:`run_filter`), is the older run's own when it has the merged run's size, the newer keys'
    slots set in it slice by slice (the older run's lookups meanwhile search a few keys it does not
    hold, and find nothing more), else made anew from both runs' keys as their slices are placed."""

    __slots__ = ("at", "older", "newer", "out", "bits", "anew", "done_older", "done_newer", "size")

    def __init__(self, at: int, older: tuple[np.ndarray, ...], newer: tuple[np.ndarray, ...],
                 held: np.ndarray | None) -> None:
        self.at, self.older, self.newer = at, older, newer
        self.size = len(older[0]) + len(newer[0])
        self.out = tuple(np.empty(self.size, dtype=older[0].dtype if k == 0 else _column_type(old, new))
                         for k, (old, new) in enumerate(zip(older, newer)))
        slots = _filter_size(self.size) if self.size >= FILTER_FROM else 0
        self.anew = held is None or 8 * len(held) != slots
        self.bits = (np.zeros(slots // 8, dtype=np.uint8) if slots else None) if self.anew else held
        self.done_older = self.done_newer = 0

    def advance(self, rows: int) -> bool:
        """Merge at least ``rows`` more rows (and at most twice as many, but all the rows of a key: a slice
        ends below the ``rows``-th next key of one run, in one slice mostly); whether the merge is done."""
        old_keys, new_keys = self.older[0], self.newer[0]
        moved = 0
        while self.done_older < len(old_keys) or self.done_newer < len(new_keys):
            if moved >= rows:
                return False
            i, j = self.done_older, self.done_newer
            ends = [keys[at + rows] for keys, at in ((old_keys, i), (new_keys, j)) if at + rows < len(keys)]
            if not ends:
                i_end, j_end = len(old_keys), len(new_keys)
            else:
                cut = min(ends)  # rows below it, of both runs: at most `rows` of each
                i_end, j_end = int(np.searchsorted(old_keys, cut, "left")), int(np.searchsorted(new_keys, cut, "left"))
                if i_end == i and j_end == j:  # the next key has more rows than `rows`: all of them
                    i_end, j_end = int(np.searchsorted(old_keys, cut, "right")), int(np.searchsorted(new_keys, cut, "right"))
            mine, theirs = old_keys[i:i_end], new_keys[j:j_end]
            # a row's place: its own rank plus the other run's rows before it (older rows before newer ones)
            old_at = np.searchsorted(theirs, mine, "left") + np.arange(i + j, i_end + j)
            new_at = np.searchsorted(mine, theirs, "right") + np.arange(i + j, i + j_end)
            for target, old, new in zip(self.out, self.older, self.newer):
                target[old_at] = old[i:i_end]
                target[new_at] = new[j:j_end]
            if self.bits is not None:
                _set_slots(self.bits, theirs)
                if self.anew:
                    _set_slots(self.bits, mine)
            self.done_older, self.done_newer = i_end, j_end
            moved += (i_end - i) + (j_end - j)
        return True


def run_filter(keys: np.ndarray) -> np.ndarray | None:
    """For a run of at least :data:`FILTER_FROM` postings, which slots (a key's top bits, about eight
    slots a posting) hold a key of it, one bit a slot (a byte a posting): a lookup searches only the keys
    whose slot is held, about one in ten of the keys the run does not hold. A binary search of a run of
    millions of keys misses the CPU's caches at nearly every step; a slot's bit misses once."""
    if len(keys) < FILTER_FROM:
        return None
    # the bits set in place, a slice of keys at a time: a bool a slot, then packed, with every key's slot at
    # once, was 22 bytes a posting at its peak (105 MB for an article of a million characters, its add's peak)
    bits = np.zeros(_filter_size(len(keys)) // 8, dtype=np.uint8)
    _set_slots(bits, keys)
    return bits


def merged_filter(held: np.ndarray | None, older: np.ndarray, newer: np.ndarray) -> np.ndarray | None:
    """:func:`run_filter` of the run to be merged from the keys ``older`` (whose run's filter was ``held``) and
    ``newer``: the slots of both. The older filter with the newer keys' slots set, when it has the merged
    run's size (most merges into a large run: its filter is rebuilt only when the run outgrows it); else made
    from both. Rebuilding the filter of a run of millions of postings for each batch merged into it was a
    quarter of bulk loading's view upkeep; made before the merge, it needs neither run's keys after it."""
    total = len(older) + len(newer)
    if total < FILTER_FROM:
        return None
    if held is None or 8 * len(held) != _filter_size(total):
        held = np.zeros(_filter_size(total) // 8, dtype=np.uint8)
        _set_slots(held, older)
    _set_slots(held, newer)
    return held  # the older run's filter, no longer used by it: set in place


#: Keys whose filter slots are set at once (:func:`_set_slots`): a few MB of slots, bytes and bits.
_SLOTS_AT_ONCE = 1 << 18


def _set_slots(bits: np.ndarray, keys: np.ndarray) -> None:
    """Set the slots of ``keys`` in the filter ``bits`` (:func:`run_filter`), in place, :data:`_SLOTS_AT_ONCE` keys
    at a time (all at once, a run's millions of keys held their slots, bytes and bits beside it)."""
    size = 8 * len(bits)
    for start in range(0, len(keys), _SLOTS_AT_ONCE):
        slots = _slots(keys[start:start + _SLOTS_AT_ONCE], size)
        np.bitwise_or.at(bits, slots >> 3, np.left_shift(np.uint8(1), (slots & 7).astype(np.uint8)))


def _filter_size(postings: int) -> int:
    """The slots of the filter of a run of ``postings`` keys: a power of two, about eight a posting."""
    return 1 << (8 * postings - 1).bit_length()


def slots_held(bits: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Which ``keys`` have their slot held in the filter ``bits`` (:func:`run_filter`)."""
    slots = _slots(keys, 8 * len(bits))
    return ((bits[slots >> 3] >> (slots & 7).astype(np.uint8)) & 1).astype(bool)


def _slots(keys: np.ndarray, size: int) -> np.ndarray:
    """The slot of each key among ``size`` (a power of two): its top bits (band keys are hashes)."""
    # the shifted keys are below 2**63: read as int64 in place, not copied (a run of millions of postings)
    return (np.asarray(keys, dtype=np.int64).view(np.uint64) >> np.uint64(65 - size.bit_length())).view(np.int64)


def sorted_run(columns: list[np.ndarray]) -> tuple[np.ndarray, ...]:
    if len(columns[0]) < 2 or not (columns[0][1:] < columns[0][:-1]).any():
        # contiguous, as a sort's gather left them: an article's keys and spans are strided views of its pairs
        return tuple(np.ascontiguousarray(column) for column in columns)
    # a stable argsort of int64 is a timsort; the order of one plain sort of packed codes is the same,
    # several times sooner on a batch's run of a million postings and more
    order = stable_order(columns[0])
    return tuple(column[order] for column in columns)


#: Runs merged by placing the newer one's rows among the older one's from this many postings on: the
#: placement's binary searches beat a sort of both from about here (measured: 21,400 postings 1.8 ms
#: against 2.9, 1.35 million 65 ms against 133; 600 postings 73 us against 13).
_PLACE_FROM = 8192


def merged_run(older: Sequence[np.ndarray | None], newer: Sequence[np.ndarray | None]) -> tuple[np.ndarray, ...]:
    """Two runs sorted by key as one, the older one's rows first among equal keys (a stable sort's order).

    Given as lists, the two runs' columns are let go (set to None) as each is copied, and the merged run's
    seq, span and id columns are int32 when their values fit (row numbers, seqs and spans do; keys are
    hashes): two runs of 4.75 million postings each (articles of a million characters) were merged into
    four int64 columns beside both (304 MB made, 428 MB traced at the peak)."""
    total = len(older[0]) + len(newer[0])  # type: ignore[arg-type]
    if total < _PLACE_FROM:
        return sorted_run([np.concatenate(pair) for pair in zip(older, newer)])  # type: ignore[arg-type]
    at = np.searchsorted(older[0], newer[0], "right") + np.arange(len(newer[0]))  # type: ignore[arg-type]
    theirs = np.ones(total, dtype=bool)
    theirs[at] = False
    out = []
    for k, (old, new) in enumerate(zip(older, newer)):
        assert old is not None and new is not None
        column = np.empty(total, dtype=old.dtype if k == 0 else _column_type(old, new))
        column[theirs] = old
        column[at] = new
        out.append(column)
        if isinstance(older, list) and isinstance(newer, list):
            older[k] = newer[k] = old = new = None
    return tuple(out)


_INT32 = np.iinfo(np.int32)


def _column_type(old: np.ndarray, new: np.ndarray) -> np.dtype:
    """int32 when every value of the two columns fits in it (a column of one value broadcast is read at its
    one value; an int32 column fits already), else int64."""
    def fits(column: np.ndarray) -> bool:
        if column.dtype == np.int32 or not len(column):
            return True
        values = column[:1] if column.strides == (0,) else column
        return _INT32.min <= int(values.min()) and int(values.max()) <= _INT32.max

    return np.dtype(np.int32 if fits(old) and fits(new) else np.int64)
