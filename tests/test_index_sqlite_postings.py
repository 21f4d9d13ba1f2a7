"""The SQLite store's postings (:mod:`dedup.index.sqlite_postings`): a batch's lookups read the recent
segment, a large recent row written without SQLite's copies of it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dedup.index.store import StoredArticle, open_storage

from test_store import numbered_article
from test_store_sqlite import rows_of_tables


def test_a_batchs_lookup_in_an_empty_postings_table_reads_the_recent_segment(tmp_path: Path) -> None:
    # a batch's many keys are not sought in the postings table while it is empty (a new index); once
    # postings are merged into it they are, and each lookup answers as one over every posting
    store = open_storage(str(tmp_path / "x.db"))
    try:
        keys = np.arange(25_000, dtype=np.int64) * 7  # a batch's many keys
        store.insert(numbered_article(1), [(int(k), 0) for k in keys[:700]], [])
        many = store.lookup(keys, most=5, arrays=True)
        assert sorted(map(tuple, many.tolist())) == [(int(k), 1, 0) for k in keys[:700]]
        assert store.present(keys) == set(keys[:700].tolist())
        store.merge()
        store.insert(numbered_article(2), [(int(k), 3) for k in keys[500:900]], [])
        many = store.lookup(keys, most=5, arrays=True)
        assert sorted(map(tuple, many.tolist())) == sorted([(int(k), 1, 0) for k in keys[:700]]
                                                           + [(int(k), 2, 3) for k in keys[500:900]])
        assert store.present(keys) == set(keys[:900].tolist())
    finally:
        store.close()


#: Stores an article of ``count`` postings (``one``: ``insert``; ``batch``: ``insert_batch`` with its run) and
#: prints the most memory SQLite itself held meanwhile (sqlite3_memory_highwater, from the library the
#: interpreter's sqlite3 module loaded), or "static" when that library is linked into the module
_LARGE_ROW_SCRIPT = r"""
import ctypes, sqlite3, sys
import numpy as np
from dedup.index.store import StoredArticle, batch_postings
from dedup.index.store_sqlite import SQLiteStorage

path, how, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = np.random.default_rng(6)
keys, spans = np.sort(rng.integers(-(1 << 62), 1 << 62, count)), np.arange(count, dtype=np.int64)
store = SQLiteStorage(path)
store.insert(StoredArticle(0, "small", "h0", "small text"), [(11, 0), (12, 5)], [])
libraries = [line.split()[-1] for line in open("/proc/self/maps") if "libsqlite3" in line]
if not libraries:
    print("static")
    sys.exit()
sqlite = ctypes.CDLL(libraries[0])
sqlite.sqlite3_memory_highwater.restype = ctypes.c_int64
article = StoredArticle(0, "large", "h1", "large text")
if how == "batch":
    pairs, run = batch_postings([keys], [spans])
    sqlite.sqlite3_memory_highwater(1)
    with store.writing(many=True):
        store.insert_batch([(StoredArticle(store.next_seq(), *list(vars(article).values())[1:]), pairs[0], [], [])],
                           run=run)
else:
    sqlite.sqlite3_memory_highwater(1)
    store.insert(article, np.column_stack([keys, spans]), [])
print(sqlite.sqlite3_memory_highwater(0))
store.close()
"""


@pytest.mark.parametrize("how", ["one", "batch"])
def test_a_large_recent_row_is_written_without_sqlites_copies_of_it(tmp_path: Path, how: str) -> None:
    # an article of a million characters' recent row (76 MB) was bound whole: SQLite copied the bound value,
    # and copied it again into the row's record, before writing its pages (3.1 times the row's bytes held by
    # SQLite; index add peaked at 647 MB, 527 now). Written a slice at a time: its page cache's share (64 MB)
    import subprocess
    import sys

    count = 2_500_000  # 40 MB of encoded pairs
    done = subprocess.run([sys.executable, "-c", _LARGE_ROW_SCRIPT, str(tmp_path / "s.db"), how, str(count)],
                          capture_output=True, text=True, check=True)
    if done.stdout.split()[-1] == "static":
        pytest.skip("SQLite is linked into the interpreter's sqlite3 module: its memory cannot be asked")
    held = int(done.stdout.split()[-1])
    assert held < 1.5 * 16 * count, held


def test_a_large_recent_row_holds_the_bytes_a_bound_one_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dedup.index import sqlite_postings, store_sqlite
    from dedup.index.store import batch_postings

    rng = np.random.default_rng(7)
    made = [(numbered_article(n), np.column_stack([rng.integers(0, 5000, size), np.arange(size)]), [], [])
            for n, size in enumerate([30, 4000, 10, 9000], 1)]
    for name, bound_up_to in (("bound", 1 << 40), ("written", 1000)):
        monkeypatch.setattr(sqlite_postings, "BLOB_WRITTEN_AT", bound_up_to)
        store = store_sqlite.SQLiteStorage(str(tmp_path / f"{name}.db"), merge_at=1000)
        try:
            store.insert(*made[0])
            with store.writing(many=True):
                store.insert(*made[1])
                start = store.next_seq()
                pairs, run = batch_postings([p[:, 0] for _, p, *_ in made[2:]], [p[:, 1] for _, p, *_ in made[2:]])
                store.insert_batch([(StoredArticle(start + k, *list(vars(a).values())[1:]), q, m, s)
                                    for k, ((a, _, m, s), q) in enumerate(zip(made[2:], pairs))], run=run)
            looked = store.lookup(np.arange(5000), arrays=True).tolist()
        finally:
            store.close()
        assert sorted(map(tuple, looked)) == sorted((int(k), n, int(s)) for n, (_, p, *_) in enumerate(made, 1)
                                                    for k, s in p.tolist())
    assert rows_of_tables(tmp_path / "bound.db") == rows_of_tables(tmp_path / "written.db")
