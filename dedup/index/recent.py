"""The recent postings of a SQLite index: appended per article, merged into the key-ordered table a
key range at a time.

The postings table is a B-tree ordered by band key, and band keys are hashes: an article's ~180
postings land on as many leaf pages, so adding one article dirtied ~180 pages, wrote them to the WAL at
commit and copied them again at the next checkpoint (2.3-2.9 ms of an ``add``, measured). So an
article's postings are first written as one row of the ``recent`` table (one blob, one or two pages).

Once T articles wait there (:func:`merge_threshold`: :data:`MERGE_AT`, growing with what is stored),
they are merged into the postings table without stopping anyone: each following add moves one key range
(one T-th of the key space) of the waiting postings, sorted, into the B-tree: ~180 postings that fall on
a few neighbouring leaf pages, not on ~180 scattered ones. After T adds every range has moved and the
merged rows are deleted; meanwhile the next articles wait. Merging them all at once instead was measured at
0.4-0.5 ms an article (15,000 and 100,000 stored) but paid by one add: 5 s at 100,000 stored, 20 s on a loaded
machine.

Lookups read both places. The recent rows are held in memory by each open index as sorted arrays
(:class:`RecentPostings`), with the merge in progress ``(upto, below)``: postings of rows up to ``upto``
with keys below ``below`` are read from the table only. The view is read again where it changed:
rows another connection appended, its merge steps (``settings`` row ``merging``), or all of it in a
new ``generation`` (a merge ended, an article was removed). A step moves postings and records how far
it got in the add's own transaction, so at every commit each posting is in exactly one of the two
places, and a crash before, during or after a merge loses nothing.

The runs' merges and filters are :mod:`dedup.index.recent_runs`; the segment's rows and settings in the
index file, and the postings a merge step inserts, :mod:`dedup.index.recent_table`.
"""

from __future__ import annotations

import bisect
from typing import Iterable, Sequence

import numpy as np

from dedup.errors import DAMAGED_INDEX, StorageError
from dedup.index.recent_runs import Merge, merged_filter, merged_run, run_filter, slots_held, sorted_run

__all__ = ["MERGE_AT", "MERGE_SHARE", "MERGE_MOST", "merge_threshold", "HIGHEST", "RecentPostings", "encode", "encoded"]

#: Articles waiting in the recent segment that start a merge, and the number of key ranges (adds) it
#: takes: the larger, the fewer leaf pages each range's postings fall on per posting (cheaper adds), and
#: the more memory an open index holds (the waiting postings, 32 bytes each and a byte for the filter:
#: about 10 kB a Reuters story, up to twice this many stories).
MERGE_AT = 10_000
#: The threshold of a store that was given none grows with what is stored: a merge dirties nearly every
#: leaf page of the postings table (its ranges are spread over the whole key space), so with a fixed
#: threshold each article merged cost the table's size over the threshold in pages written, and filling a
#: large index was quadratic (about 430 kB written an article at 300,000 stored). A quarter of the
#: articles stored (:func:`merge_threshold`) keeps that near constant...
MERGE_SHARE = 4
#: ...up to this many waiting articles, for memory: the view of every open index holds them (and those
#: that arrive while they are merged), about 12 kB an article: at most twice this many, ~0.5 GB
#: (``docs/ingest.md``). Past ``MERGE_SHARE * MERGE_MOST`` stored a merge rewrites the table again every
#: ``MERGE_MOST`` articles.
MERGE_MOST = 20_000
_RATIO = 8
#: Two runs of at least this many postings together are merged in slices across the following adds
#: (:class:`Merge`); smaller merges are made at once (up to 15-25 ms). Meanwhile lookups search the two
#: runs apart, one run more: only the rare merges into the large run are made so (measured with
#: ``benchmarks/recent_view.py``, 15,000 stored and 10,000 adds: from 131,072 postings on, merges were
#: under way most of the time and a lookup in the view took 1.2x as long; from 1,048,576 on, as long as before).
STEP_FROM = 1 << 20
#: A run added advances a merge in progress by this many times its postings: more than :data:`_RATIO`,
#: so that the merge ends before the runs above it add up to an eighth of it (:meth:`RecentPostings._add_run`),
#: and well more, so that it is under way for few adds (a merge of 5.4 million postings: about 500 adds
#: of a Reuters story's 323; each moves about 10,000 rows, 0.2-0.3 ms).
_STEP_RATIO = 4 * _RATIO
#: Past the last int64 key: ``(upto, HIGHEST)`` says no merge is in progress.
HIGHEST = 1 << 63

def merge_threshold(stored: int) -> int:
    """The articles waiting in the recent segment that start a merge (and the key ranges, one an add, it is
    made in) in an index of ``stored`` articles: :data:`MERGE_AT`, or a :data:`MERGE_SHARE`-th of what is
    stored, up to :data:`MERGE_MOST`.

    >>> merge_threshold(0), merge_threshold(60_000), merge_threshold(1_000_000)
    (10000, 15000, 20000)
    """
    return max(MERGE_AT, min(MERGE_MOST, stored // MERGE_SHARE))


def encode(postings: Sequence[tuple[int, int]] | np.ndarray) -> bytes:
    """One article's ``(key, span)`` postings as stored in its ``recent`` row: the distinct pairs, sorted,
    as little-endian int64 (the postings table keeps each ``(key, seq, span)`` once)."""
    return encoded(postings).astype("<i8").tobytes()


def encoded(postings: Sequence[tuple[int, int]] | np.ndarray) -> np.ndarray:
    """The distinct ``(key, span)`` pairs of ``postings``, sorted (what :func:`encode` stores). Pairs given
    so already (a batch encodes its articles' postings at once: :func:`dedup.index.store.encoded_many`) are
    returned as they are."""
    pairs = np.asarray(postings, dtype=np.int64).reshape(-1, 2)
    if len(pairs) > 1:
        key, span = pairs[:, 0], pairs[:, 1]
        rising = key[1:] >= key[:-1]  # an add's postings come by channel, not by key: told here, in one step
        if rising.all() and ((key[1:] > key[:-1]) | (span[1:] > span[:-1])).all():
            return pairs
    pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
    fresh = np.ones(len(pairs), dtype=bool)
    fresh[1:] = (pairs[1:, 0] != pairs[:-1, 0]) | (pairs[1:, 1] != pairs[:-1, 1])
    return pairs[fresh]


def _decode(blob: bytes) -> np.ndarray:
    """The ``(key, span)`` pairs of a row's blob; a blob no add wrote (text, or a length that is no whole
    number of pairs) is a damaged index: it was a traceback (ValueError, TypeError) in every command."""
    if not isinstance(blob, bytes) or len(blob) % 16:
        raise StorageError(DAMAGED_INDEX)
    return np.frombuffer(blob, dtype="<i8").reshape(-1, 2)


class RecentPostings:
    """The ``recent`` table of one generation, in memory: postings in a few runs sorted by key, each
    with the number of the row it came from.

    Appending an article adds a run and merges the last two runs while the older is at most
    :data:`_RATIO` times the newer: run sizes grow at least eightfold, so 10,000 articles make about
    five runs; a merge is a linear pass (a stable sort of two sorted runs), a lookup one binary search
    per run. Measured on 4,462 Reuters stories: ratio 2 (a binary counter) 8 runs, lookup 0.13 ms, append
    0.03 ms; ratio 8: 4 runs, 0.08 ms and 0.05 ms (every check pays the lookup, only an add the append).

    ``moved``: the merge in progress, ``(upto, below)``: the postings of rows up to ``upto`` whose key
    is below ``below`` are in the postings table already (their rows are deleted when the merge ends)."""

    def __init__(self, generation: int, moved: tuple[int, int] = (0, HIGHEST)) -> None:
        self.generation = generation
        self.moved = moved
        self.last_id = 0  # rows are numbered in the order they were appended
        self.articles = 0
        self._runs: list[tuple[np.ndarray, ...]] = []
        self._filters: list[np.ndarray | None] = []  # per run: which key slots it holds (large runs only)
        self._merging: Merge | None = None  # two neighbouring runs being merged a slice at a time
        self._posted: list[int] = []  # the rows that hold postings, by id (in the order appended: rising)

    def extend(self, rows: Iterable[tuple[int, int, bytes]]) -> None:
        """Append ``(id, seq, postings blob)`` rows, in id order."""
        keys, spans, seqs, ids, counts = [], [], [], [], []
        for row_id, seq, blob in rows:
            pairs = _decode(blob)
            keys.append(pairs[:, 0])
            spans.append(pairs[:, 1])
            seqs.append(seq)
            ids.append(row_id)
            counts.append(len(pairs))
            if len(pairs):
                self._posted.append(row_id)
            self.last_id = row_id
            self.articles += 1
        if not keys:
            return
        if len(keys) == 1 and not (keys[0][1:] < keys[0][:-1]).any():
            # one row (a view read again after an article of a million characters, its 76 MB blob): its seq and
            # id held once, as append holds them (they were two columns of millions), and the blob let go before
            # the run's filter is made (it was held through it)
            run = (np.ascontiguousarray(keys[0]), np.broadcast_to(np.int64(seqs[0]), (counts[0],)),
                   np.ascontiguousarray(spans[0]), np.broadcast_to(np.int64(ids[0]), (counts[0],)))
            del keys[:], spans[:], pairs, blob
            self._add_run(run)
            return
        # each row's seq and id repeated over its postings in one call each (two calls a row cost more)
        column = [keys[0] if len(keys) == 1 else np.concatenate(keys),
                  np.repeat(np.array(seqs, dtype=np.int64), counts),
                  spans[0] if len(spans) == 1 else np.concatenate(spans),
                  np.repeat(np.array(ids, dtype=np.int64), counts)]
        # one article's postings are stored sorted by key (``encode``): an add's run needs no sort
        self._add_run(sorted_run(column))

    def extend_sorted(self, ids: Sequence[int], run: tuple[np.ndarray, ...]) -> None:
        """What :meth:`extend` does with rows ``ids`` (rising, after :attr:`last_id`, each holding postings),
        given their postings as the run it would make of them: ``(key, seq, span, id)`` columns sorted by key,
        then id, then span (a batch's, :func:`dedup.index.store.batch_postings`)."""
        if not len(ids):
            return
        self._posted.extend(ids)
        self.last_id = ids[-1]
        self.articles += len(ids)
        # a column of one value broadcast (a batch of one row's seq and id) is kept so, as append keeps it
        self._add_run(tuple(column if column.dtype == np.int64 and column.strides == (0,)
                            else np.ascontiguousarray(column, dtype=np.int64) for column in run))

    def append(self, row_id: int, seq: int, pairs: np.ndarray) -> None:
        """Append one article's row, its postings given as the distinct ``(key, span)`` pairs sorted by key
        (:func:`encoded`): what :meth:`extend` does with the row's blob, without reading the blob again."""
        self.last_id = row_id
        self.articles += 1
        if len(pairs):
            self._posted.append(row_id)
            count = len(pairs)
            # the row's seq and id, the same for each of its postings, held once (read only, as every run is;
            # a merge writes them out in full): two arrays of millions for an article of a million characters
            self._add_run((np.ascontiguousarray(pairs[:, 0]), np.broadcast_to(np.int64(seq), (count,)),
                           np.ascontiguousarray(pairs[:, 1]), np.broadcast_to(np.int64(row_id), (count,))))

    def _add_run(self, run: tuple[np.ndarray, ...]) -> None:
        """A new run, then the last two runs merged while the older is at most :data:`_RATIO` times the newer.

        A merge of at least :data:`STEP_FROM` postings is made in slices (:class:`Merge`), one slice a
        run added, :data:`_STEP_RATIO` times the new run's postings: a single add's run that reached the
        view's large run copied every waiting posting in that one add (0.16-0.64 s CPU at 15,000 stored,
        every 2,000-3,000 adds). Meanwhile lookups search the two runs as they were (the merged slices are
        read by nobody until the last one is made), and later runs merge among themselves above them; the
        ladder rule holds the two as one run of their total: the runs above reach an eighth of it only
        after it has advanced by at least the whole of it, so it is done by then."""
        added = len(run[0])
        self._runs.append(run)
        self._filters.append(run_filter(run[0]))
        del run  # held by the runs alone: a merge lets each of its columns go once copied
        while len(self._runs) > 1:
            older = len(self._runs) - 2
            merging = self._merging
            if merging is not None and older == merging.at:  # the pair being merged: nothing above it yet
                break
            if merging is not None and older == merging.at + 1:  # the run above a merge in progress
                if merging.size > _RATIO * len(self._runs[-1][0]):
                    break
                self._finish(merging)  # a large run added (a batch's): the merge is finished first
                continue
            if len(self._runs[-2][0]) > _RATIO * len(self._runs[-1][0]):
                break
            total = len(self._runs[-2][0]) + len(self._runs[-1][0])
            if merging is None and total >= STEP_FROM and total > _STEP_RATIO * added:  # else at once anyway
                self._merging = Merge(older, self._runs[-2], self._runs[-1], self._filters[-2])
                break
            # as lists, so that the merge lets each column of the two go once it is copied (two articles of a
            # million characters: their runs and the merged run's four columns were held at once, 428 MB)
            newer, older_run = list(self._runs.pop()), list(self._runs.pop())
            bits = merged_filter(self._filters[-2], older_run[0], newer[0])  # before: the merge lets the keys go
            del self._filters[-2:]
            self._runs.append(merged_run(older_run, newer))
            self._filters.append(bits)
        if self._merging is not None and self._merging.advance(_STEP_RATIO * added):
            self._finish(self._merging)

    def _finish(self, merging: Merge) -> None:
        """The merge in progress made to its end; its run replaces the two, and merges on down the ladder
        (in slices again, when large) while the run below is at most :data:`_RATIO` times it."""
        merging.advance(HIGHEST)
        at = merging.at
        self._runs[at : at + 2] = [merging.out]
        self._filters[at : at + 2] = [merging.bits]
        self._merging = None
        if at and len(self._runs[at - 1][0]) <= _RATIO * len(self._runs[at][0]):
            self._merging = Merge(at - 1, self._runs[at - 1], self._runs[at], self._filters[at - 1])

    def rows(self, keys: np.ndarray) -> np.ndarray:
        """``(key, seq, span)`` rows of the distinct sorted ``keys`` not moved yet, as an ``(n, 3)`` array."""
        out = []
        upto, below = self.moved
        for (run_keys, seqs, spans, ids), held in zip(self._runs, self._filters):
            # a large run: only the keys whose slot it holds are searched
            wanted = keys if held is None else keys[slots_held(held, keys)]
            lo = np.searchsorted(run_keys, wanted, "left")
            there = run_keys[np.minimum(lo, len(run_keys) - 1)] == wanted
            if not there.any():  # most runs hold none of an article's keys
                continue
            lo = lo[there]
            count = np.searchsorted(run_keys, wanted[there], "right") - lo
            at = np.repeat(lo - (np.cumsum(count) - count), count) + np.arange(int(count.sum()))
            if below != HIGHEST:  # a merge in progress (HIGHEST is past int64): the rows it moved are not here
                at = at[(ids[at] > upto) | (run_keys[at] >= below)]
            rows = np.empty((len(at), 3), dtype=np.int64)
            rows[:, 0], rows[:, 1], rows[:, 2] = run_keys[at], seqs[at], spans[at]
            out.append(rows)
        if len(out) == 1:
            return out[0]
        return np.concatenate(out) if out else np.zeros((0, 3), dtype=np.int64)

    def _is_moved(self, keys: np.ndarray, ids: np.ndarray) -> np.ndarray:
        upto, below = self.moved
        if below == HIGHEST:  # no merge in progress (HIGHEST is past int64)
            return np.zeros(len(keys), dtype=bool)
        return (ids <= upto) & (keys < below)

    def waiting(self) -> np.ndarray:
        """Every ``(key, seq, span)`` row not moved yet, sorted."""
        out = []
        for run_keys, seqs, spans, ids in self._runs:
            keep = ~self._is_moved(run_keys, ids)
            out.append(np.column_stack([run_keys[keep], seqs[keep], spans[keep]]))
        return _by_key(np.concatenate(out) if out else np.zeros((0, 3), dtype=np.int64))

    def waiting_count(self) -> int:
        """``len(self.waiting())``, without making the rows (an index's stats after an article of a million
        characters made its millions of rows, sorted: 400 MB for a count)."""
        return sum(int(np.count_nonzero(~self._is_moved(run[0], run[3]))) for run in self._runs)

    def drop(self, upto: int, generation: int) -> None:
        """Forget the rows up to ``upto`` (merged and deleted), now of ``generation``. A run of later rows
        only is kept as it is, with its filter: a run holds the rows of consecutive appends (only
        neighbouring runs merge), so at most one run holds rows of both sides to be copied."""
        # the two runs of a merge in progress are as they were, dropped from as any other; the older one's
        # filter may hold slots of the newer one's keys: made again
        stale = -1 if self._merging is None else self._merging.at
        self._merging = None
        runs, filters = [], []
        for k, (run, held) in enumerate(zip(self._runs, self._filters)):
            later = run[3] > upto
            if later.all():
                runs.append(run)
                filters.append(run_filter(run[0]) if k == stale else held)
            elif later.any():
                runs.append(tuple(column[later] for column in run))
                filters.append(run_filter(runs[-1][0]))
        self._runs, self._filters = runs, filters
        del self._posted[: bisect.bisect_right(self._posted, upto)]
        self.articles = len(self._posted)
        self.generation, self.moved = generation, (0, HIGHEST)

    def between(self, low: int, high: int, upto: int) -> np.ndarray:
        """``(key, seq, span)`` rows of rows up to ``upto`` with ``low <= key < high``, in key order (a
        key's rows in no particular order: a merge step inserts them into a B-tree, which orders them)."""
        parts = []
        for run_keys, seqs, spans, ids in self._runs:
            a = int(np.searchsorted(run_keys, low, "left"))
            b = len(run_keys) if high == HIGHEST else int(np.searchsorted(run_keys, high, "left"))
            if a == b:
                continue
            keep = ids[a:b] <= upto
            parts.append(np.column_stack([run_keys[a:b][keep], seqs[a:b][keep], spans[a:b][keep]]))
        if len(parts) < 2:  # one run's rows are in key order already
            return parts[0] if parts else np.zeros((0, 3), dtype=np.int64)
        rows = np.concatenate(parts)
        return rows[np.argsort(rows[:, 0], kind="stable")]

    def __len__(self) -> int:
        return sum(len(run[0]) for run in self._runs)


def _by_key(rows: np.ndarray) -> np.ndarray:
    return rows[np.lexsort((rows[:, 2], rows[:, 1], rows[:, 0]))]
