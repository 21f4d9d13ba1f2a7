"""The write-ahead log of a SQLite index deleted under a running process (dedup.index.sqlite_writing): what was
stored is kept, a warning said once, and a new log begun."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import dedup
from dedup.index import Index

from conftest import CORPUS


# -- the write-ahead log deleted under a running index (twenty-sixth look) ---------------------------------------

_KILLED_AFTER_WAL_DELETED = """
import os, sys
from dedup.documents import Document
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
