"""The recent postings of a SQLite index: appended per article, merged into the key-ordered table in bulk.

The postings table is a B-tree ordered by band key, and band keys are hashes: an article's ~180
postings land on as many leaf pages, so adding one article dirtied ~180 pages, wrote them to the WAL at
commit and copied them again at the next checkpoint (2.3-2.9 ms of an ``add``, measured). So an article's
postings are first written as one row of the ``recent`` table (one blob, one or two pages), and moved
into the postings table when the recent segment holds :data:`MERGE_AT` articles: then sorted by key,
tens of thousands of rows per leaf page touched, in one transaction (0.3-0.5 ms an article at 15,000
and 100,000 stored, against 2.1-2.7 ms written one article at a time; see benchmarks/RESULTS.md).

Lookups read both. The recent rows are held in memory by each open index as sorted arrays
(:class:`RecentPostings`), refreshed from the table when it changed (rows appended by this or
another connection; a merge or a removal bumps the segment's ``generation`` and the view is read again).
Every posting is in exactly one of the two places at any commit: a merge inserts the rows and
deletes the recent ones in one transaction, so a crash before, during or after it loses nothing.
"""

from __future__ import annotations

import sqlite3
from typing import Iterable, Sequence

import numpy as np

__all__ = ["MERGE_AT", "RecentPostings", "encode", "merge_recent", "generation", "bump_generation"]

#: Articles whose postings the recent segment holds before they are merged into the postings table:
#: the larger, the cheaper each article's share of a merge (fewer passes over the B-tree) and the longer
#: the one add that pays for it (seconds at 100,000 stored), and the more memory an open index holds
#: (about 4 kB an article).
MERGE_AT = 10_000

def encode(postings: Sequence[tuple[int, int]] | np.ndarray) -> bytes:
    """One article's ``(key, span)`` postings as stored in its ``recent`` row: the distinct pairs, sorted,
    as little-endian int64 (the postings table keeps each ``(key, seq, span)`` once)."""
    pairs = np.asarray(postings, dtype=np.int64).reshape(-1, 2)
    pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
    fresh = np.ones(len(pairs), dtype=bool)
    fresh[1:] = (pairs[1:, 0] != pairs[:-1, 0]) | (pairs[1:, 1] != pairs[:-1, 1])
    return pairs[fresh].astype("<i8").tobytes()


def _decode(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<i8").reshape(-1, 2)


class RecentPostings:
    """The ``recent`` table of one generation, in memory: postings in a few runs sorted by key.

    Appending an article adds a run and merges the last runs while the one before is no longer than
    twice the newer one (as a binary counter), so that there are about log2(articles) runs, each merge
    is a linear pass (a stable sort of two sorted runs) and a lookup is one binary search per run."""

    def __init__(self, generation: int) -> None:
        self.generation = generation
        self.last_id = 0  # rows are numbered in the order they were appended, within a generation
        self._runs: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def extend(self, rows: Iterable[tuple[int, int, bytes]]) -> None:
        """Append ``(id, seq, postings blob)`` rows, in id order."""
        keys, seqs, spans = [], [], []
        for row_id, seq, blob in rows:
            pairs = _decode(blob)
            keys.append(pairs[:, 0])
            spans.append(pairs[:, 1])
            seqs.append(np.full(len(pairs), seq, dtype=np.int64))
            self.last_id = row_id
        if not keys:
            return
        self._runs.append(_sorted(np.concatenate(keys), np.concatenate(seqs), np.concatenate(spans)))
        while len(self._runs) > 1 and len(self._runs[-2][0]) <= 2 * len(self._runs[-1][0]):
            (k2, q2, s2), (k1, q1, s1) = self._runs.pop(), self._runs.pop()
            self._runs.append(_sorted(np.concatenate([k1, k2]), np.concatenate([q1, q2]), np.concatenate([s1, s2])))

    def rows(self, keys: np.ndarray) -> np.ndarray:
        """``(key, seq, span)`` rows of the distinct sorted ``keys``, as an ``(n, 3)`` int64 array."""
        out = []
        for run_keys, seqs, spans in self._runs:
            lo = np.searchsorted(run_keys, keys, "left")
            count = np.searchsorted(run_keys, keys, "right") - lo
            total = int(count.sum())
            if total:
                at = np.repeat(lo - (np.cumsum(count) - count), count) + np.arange(total)
                out.append(np.column_stack([run_keys[at], seqs[at], spans[at]]))
        return np.concatenate(out) if out else np.zeros((0, 3), dtype=np.int64)

    def __len__(self) -> int:
        return sum(len(run[0]) for run in self._runs)


def _sorted(keys: np.ndarray, seqs: np.ndarray, spans: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    order = np.argsort(keys, kind="stable")  # timsort: two sorted runs concatenated merge in one pass
    return keys[order], seqs[order], spans[order]


def merge_recent(db: sqlite3.Connection) -> int:
    """Move every recent posting into the postings table, sorted by key (inside the caller's write
    transaction, which also bumps the generation); returns the number of articles moved."""
    rows = db.execute("SELECT seq, postings FROM recent").fetchall()
    if not rows:
        return 0
    view = RecentPostings(0)
    view.extend((number, seq, blob) for number, (seq, blob) in enumerate(rows, 1))
    for keys, seqs, spans in view._runs:  # noqa: SLF001 (one run after extend of every row at once)
        db.executemany("INSERT OR IGNORE INTO postings VALUES (?, ?, ?)",
                       zip(keys.tolist(), seqs.tolist(), spans.tolist()))
    db.execute("DELETE FROM recent")
    return len(rows)


def generation(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT value FROM settings WHERE name = 'generation'").fetchone()
    return int(row[0]) if row else 0


def bump_generation(db: sqlite3.Connection) -> None:
    db.execute("INSERT INTO settings VALUES ('generation', '1') "
               "ON CONFLICT (name) DO UPDATE SET value = CAST(value AS INTEGER) + 1")

