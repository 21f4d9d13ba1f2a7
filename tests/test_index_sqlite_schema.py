"""A SQLite file's tables (:mod:`dedup.index.sqlite_schema`): another program's database, a table named
like ours with other columns, a damaged index: refused, naming what the file is, and left unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dedup.errors import NotAnIndexError, StorageError
from dedup.index import Index
from dedup.index.store import open_storage

from _ingest_fixtures import synthetic_article


def _foreign_sqlite(path: Path) -> bytes:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    db.execute("INSERT INTO customers (name) VALUES ('Ada')")
    db.commit()
    db.close()
    return path.read_bytes()


@pytest.mark.parametrize("create", [False, True], ids=["read", "create"])
def test_foreign_sqlite_file_is_refused_and_left_unchanged(tmp_path: Path, create: bool) -> None:
    path = tmp_path / "other.db"
    before = _foreign_sqlite(path)
    with pytest.raises(NotAnIndexError, match=r"another program \(tables customers\)"):
        open_storage(path, create=create)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]  # no -wal or -shm file either


def test_a_table_named_like_ours_with_other_columns_is_foreign(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE settings (key TEXT, val TEXT, updated REAL)")
    db.commit()
    db.close()
    with pytest.raises(NotAnIndexError, match="tables settings"):
        Index.open(path)


@pytest.mark.parametrize("create", [False, True], ids=["read", "create"])
def test_a_damaged_index_is_called_damaged_and_left_unchanged(tmp_path: Path, create: bool) -> None:
    path = tmp_path / "news.db"
    with Index.open(path) as index:
        index.add(synthetic_article(1))
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])  # a copy cut short: the header is there, the schema's pages not all
    cut = path.read_bytes()
    with pytest.raises(StorageError, match="a damaged SQLite database .*restore it from a copy, or build a new index"):
        open_storage(path, create=create)
    assert path.read_bytes() == cut
