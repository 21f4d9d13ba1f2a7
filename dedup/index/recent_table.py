"""The recent segment in the index file: its generation and the merge in progress (rows of the ``settings``
table), and the postings a merge step inserts into the postings table (:mod:`dedup.index.recent` says why
the segment exists; :mod:`dedup.index.sqlite_postings` makes the steps).
"""

from __future__ import annotations

import json
import sqlite3
from functools import lru_cache

import numpy as np

__all__ = ["state", "set_merging", "bump_generation", "insert_postings"]


def state(db: sqlite3.Connection) -> tuple[int, tuple[int, int] | None]:
    """The segment's generation, and the merge in progress: ``(upto, below)`` (the postings of rows up to
    ``upto`` with keys below ``below`` are in the postings table) or None."""
    found = dict(db.execute("SELECT name, value FROM settings WHERE name IN ('generation', 'merging')").fetchall())
    merging = json.loads(found["merging"]) if "merging" in found else None
    return int(found.get("generation", 0)), (int(merging[0]), int(merging[1])) if merging else None


def set_merging(db: sqlite3.Connection, merging: tuple[int, int] | None) -> None:
    if merging is None:
        db.execute("DELETE FROM settings WHERE name = 'merging'")
        return
    # updated in place once it exists (every merge step): a replace would delete the row and insert it
    # under a new rowid, writing the page of the settings' name index too (one page of ~19 an add)
    value = json.dumps(list(merging))
    if not db.execute("UPDATE settings SET value = ? WHERE name = 'merging'", (value,)).rowcount:
        db.execute("INSERT INTO settings VALUES ('merging', ?)", (value,))


def bump_generation(db: sqlite3.Connection) -> None:
    db.execute("INSERT INTO settings VALUES ('generation', '1') "
               "ON CONFLICT (name) DO UPDATE SET value = CAST(value AS INTEGER) + 1")


def insert_postings(db: sqlite3.Connection, rows: np.ndarray) -> None:
    """Insert ``(key, seq, span)`` rows into the postings table (rows already there are left as they are).

    :data:`_ROWS_PER_INSERT` rows a statement (one ``VALUES`` list), and the rest in one more statement of
    their number of rows: a merge step's ~320 rows cost 0.15 ms so, 0.29 ms one row a statement (Reuters
    index, 15,000 stored); the per-row statement overhead was more than the B-tree's own work, and the
    rest (up to 63 rows) had paid it row by row."""
    rows = np.asarray(rows, dtype=np.int64).reshape(-1, 3)
    whole = len(rows) - len(rows) % _ROWS_PER_INSERT
    if whole:
        flat = rows[:whole].reshape(-1, 3 * _ROWS_PER_INSERT)
        db.executemany(_MANY_ROWS, (chunk.tolist() for chunk in flat))
    if whole < len(rows):
        db.execute(_rows_statement(len(rows) - whole), rows[whole:].reshape(-1).tolist())


#: Rows inserted by one statement (3 parameters each; SQLite allows 32,766 parameters a statement).
_ROWS_PER_INSERT = 64


@lru_cache(maxsize=_ROWS_PER_INSERT)
def _rows_statement(count: int) -> str:
    """The statement inserting ``count`` postings (the sqlite3 module keeps the prepared statements of the
    last 128 texts: these 64 among them)."""
    return "INSERT OR IGNORE INTO postings VALUES " + ", ".join(["(?, ?, ?)"] * count)


_MANY_ROWS = _rows_statement(_ROWS_PER_INSERT)
