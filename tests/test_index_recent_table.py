"""The recent segment in the index file (:mod:`dedup.index.recent_table`): postings inserted many a statement,
each row once; a merge step's progress updated in place (the segment itself: tests/test_index_recent.py)."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from dedup.index import recent_table
from dedup.index.recent_table import state


@pytest.mark.parametrize("count", [0, 1, 63, 64, 65, 200])
def test_postings_inserted_many_a_statement_are_every_row_once(count: int) -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE postings (key INTEGER NOT NULL, seq INTEGER NOT NULL, span INTEGER NOT NULL, "
               "PRIMARY KEY (key, seq, span)) WITHOUT ROWID")
    rng = np.random.default_rng(count)
    rows = np.column_stack([rng.integers(-(1 << 63), (1 << 63) - 1, count, dtype=np.int64),
                            rng.integers(1, 9, count), rng.integers(0, 1 << 40, count)])
    if count:
        db.execute("INSERT INTO postings VALUES (?, ?, ?)", tuple(rows[0].tolist()))
    recent_table.insert_postings(db, np.concatenate([rows, rows[: count // 3]]))  # some there already, some twice
    assert sorted(db.execute("SELECT key, seq, span FROM postings").fetchall()) == sorted(map(tuple, rows.tolist()))


def test_a_merge_steps_progress_is_updated_in_place() -> None:
    # each step records how far the merge got: the same row updated (its rowid kept), so that the
    # settings' name index is not rewritten by every add; the row goes when the merge ends
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("INSERT INTO settings VALUES ('index', '{}')")
    recent_table.set_merging(db, (5, -100))
    first = db.execute("SELECT rowid FROM settings WHERE name = 'merging'").fetchone()
    recent_table.set_merging(db, (5, 300))
    assert db.execute("SELECT rowid FROM settings WHERE name = 'merging'").fetchone() == first
    assert state(db) == (0, (5, 300))
    recent_table.set_merging(db, None)
    assert state(db) == (0, None)
