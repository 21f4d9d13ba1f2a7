"""The write-ahead log of a SQLite index deleted under a running process (dedup.index.sqlite_writing): what was
stored is kept, a warning said once, and a new log begun."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import dedup
from dedup.errors import StorageError
from dedup.index import Index

from conftest import CORPUS


# -- the write-ahead log deleted under a running index (twenty-sixth look) ---------------------------------------

_KILLED_AFTER_WAL_DELETED = """
import os, sys
from dedup.documents import Document
from dedup.errors import StorageError
from dedup.index import Index
from dedup.reading import read_corpus
docs = list(read_corpus(sys.argv[2]).documents)
index = Index.open(sys.argv[1])
for doc in docs[:3]:
    index.add(doc)
os.remove(sys.argv[1] + "-wal")  # a clean-up of "stray" files beside a running serve
for doc in docs[3:6]:
    index.add(doc)
os._exit(0)  # killed: never closed, nothing checkpointed at the end
"""


def test_an_index_whose_log_is_deleted_while_open_keeps_what_it_stored(tmp_path: Path,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    import subprocess
    import sys

    db = tmp_path / "news.db"
    done = subprocess.run([sys.executable, "-c", _KILLED_AFTER_WAL_DELETED, str(db), str(CORPUS)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "write-ahead log (news.db-wal) was deleted while the index was open" in done.stderr
    ids = [d.id for d in dedup.read_corpus(CORPUS).documents][:6]
    with Index.open(db) as index:  # every article added, before the log was deleted and after
        assert [index.contains(i) for i in ids] == [True] * 6
    # in one process: the warning, once a commit finds the log gone, and the index goes on
    other = tmp_path / "other.db"
    docs = list(dedup.read_corpus(CORPUS).documents)
    with Index.open(other) as index:
        index.add(docs[0])
        os.remove(str(other) + "-wal")
        index.add(docs[1])
        assert "was deleted while the index was open" in caplog.text
        index.add(docs[2])
        assert Path(str(other) + "-wal").exists()  # a new log begun
    with Index.open(other) as index:
        assert index.stats()["articles"] == 3


# -- a commit the disk refuses (thirty-second look at broken input) -----------------------------------------------

class _FullAtCommit:
    """An index's connection whose COMMIT fails as on a full disk: SQLite rolls the transaction back and says
    "database or disk is full" (SQLITE_FULL)."""

    def __init__(self, db: object) -> None:
        self._db = db

    def execute(self, sql: str, *args: object) -> object:
        if sql == "COMMIT":
            self._db.execute("ROLLBACK")  # type: ignore[attr-defined]
            full = __import__("sqlite3").OperationalError("database or disk is full")
            full.sqlite_errorname = "SQLITE_FULL"  # as SQLite sets it
            raise full
        return self._db.execute(sql, *args)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self._db, name)


@pytest.mark.parametrize("many", [False, True], ids=["add", "add_many"])
def test_an_add_whose_commit_the_disk_refuses_leaves_the_open_index_sound(tmp_path: Path, many: bool) -> None:
    # the recent view kept the refused article's postings under a number no stored article had: every later check
    # meeting them (a copy of a stored story, checked or added again) failed with KeyError (a server's 500,
    # "Internal Server Error") until the process ended
    import sqlite3

    from dedup.documents import Document

    docs = list(dedup.reading.read_corpus(CORPUS).documents)
    copy = Document("copy", docs[0].text + " More to follow.")
    with Index.open(str(tmp_path / "news.db"), align=False) as index:
        index.add_many(docs, workers=1)
        expected = [(m.id, m.verdict) for m in index.check(copy)]
        store = index._store  # noqa: SLF001
        store._db = _FullAtCommit(store._db)  # noqa: SLF001
        # it was SQLite's OperationalError, where every other storage failure of the API is a StorageError
        with pytest.raises(StorageError, match=r"^the index file cannot be written \(database or disk is full\): its "
                                               "disk is full, .*nothing stored before is lost") as raised:
            index.add_many([copy], workers=1) if many else index.add(copy)
        assert isinstance(raised.value.__cause__, sqlite3.OperationalError)
        store._db = store._db._db  # noqa: SLF001 - room again
        assert not index.contains("copy") and index.stats()["articles"] == len(docs)
        assert [(m.id, m.verdict) for m in index.check(copy)] == expected and expected
        assert [(m.id, m.verdict) for m in index.add(copy)] == expected
        assert index.contains("copy")


def test_a_write_waiting_out_another_process_lock_says_who_held_it_and_how_long(tmp_path: Path) -> None:
    import sqlite3

    from dedup.index.store_sqlite import SQLiteStorage

    path = str(tmp_path / "news.db")
    store = SQLiteStorage(path, timeout=0.2)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another process writing all the while
    try:
        with pytest.raises(StorageError) as refused:
            with store.writing():
                pass
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert str(refused.value) == (f"{path}: cannot lock the index for writing (database is locked): another process "
                                  "held it for the 0.2 s waited (an index add, stream or serve writing to it); try "
                                  "again when it is done")
    with store.writing():  # the lock given back, the index writes again
        pass
    store.close()
