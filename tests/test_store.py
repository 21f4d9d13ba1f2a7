"""Opening rules of the index storage: reading never creates, and data that is not a dedup index is refused
before anything is written to it."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest

from _ingest_fixtures import require_redis, synthetic_article
from dedup.errors import NotAnIndexError, StorageError
from dedup.ingest import Index
from dedup.store import open_storage


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
def test_garbage_file_is_refused_and_left_unchanged(tmp_path: Path, create: bool) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    with pytest.raises(NotAnIndexError, match="not an SQLite database"):
        open_storage(path, create=create)
    assert path.read_bytes() == b"these are my notes, not a database\n" * 200


def test_reading_a_missing_index_never_creates_it(tmp_path: Path) -> None:
    path = tmp_path / "typo.db"
    with pytest.raises(NotAnIndexError, match="no such index"):
        Index.open(path, create=False)
    assert not path.exists() and list(tmp_path.iterdir()) == []


def test_reading_an_empty_file_is_not_an_index(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with pytest.raises(NotAnIndexError, match="not a dedup index"):
        Index.open(path, create=False)
    assert path.read_bytes() == b""


def test_a_folder_is_not_an_index(tmp_path: Path) -> None:
    with pytest.raises(NotAnIndexError, match="is a folder"):
        Index.open(tmp_path, create=False)


def test_an_existing_index_opens_for_reading(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    with Index.open(path) as index:
        index.add(synthetic_article(1))
    with Index.open(path, create=False) as index:
        assert index.stats()["articles"] == 1


def test_settings_of_another_kind_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    Index.open(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE settings SET value = '[1, 2]' WHERE name = 'index'")
    db.commit()
    db.close()
    with pytest.raises(NotAnIndexError, match="not a dedup index"):
        Index.open(path)


# -- Redis -------------------------------------------------------------------------------------------


@pytest.fixture
def redis_client():  # type: ignore[no-untyped-def]
    require_redis()
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, db=15)
    prefix = f"dedup-test-{uuid.uuid4().hex[:8]}:"
    yield client, prefix
    for key in client.scan_iter(match=prefix + "*"):
        client.delete(key)
    client.close()


def test_redis_keys_of_another_program_are_refused_and_kept(redis_client) -> None:  # type: ignore[no-untyped-def]
    client, prefix = redis_client
    client.set(prefix + "session:42", "alice")
    url = f"redis://127.0.0.1:6379/15?prefix={prefix}"
    for create in (False, True):
        with pytest.raises(NotAnIndexError, match="keys that are not a dedup index"):
            Index.open(url, create=create)
    assert sorted(client.scan_iter(match=prefix + "*")) == [f"{prefix}session:42".encode()]


def test_redis_settings_of_another_type_are_refused(redis_client) -> None:  # type: ignore[no-untyped-def]
    client, prefix = redis_client
    client.hset(prefix + "settings", "theme", "dark")
    with pytest.raises(NotAnIndexError, match="is a Redis hash"):
        Index.open(f"redis://127.0.0.1:6379/15?prefix={prefix}")


def test_reading_a_redis_prefix_without_an_index_creates_nothing(redis_client) -> None:  # type: ignore[no-untyped-def]
    client, prefix = redis_client
    with pytest.raises(NotAnIndexError, match="no dedup index there"):
        Index.open(f"redis://127.0.0.1:6379/15?prefix={prefix}", create=False)
    assert list(client.scan_iter(match=prefix + "*")) == []


@pytest.mark.parametrize("url", ["redis://127.0.0.1:port/0", "redis://127.0.0.1:99999/0"], ids=["not-a-number", "out-of-range"])
def test_malformed_redis_url_is_one_clear_error(url: str) -> None:
    pytest.importorskip("redis")
    with pytest.raises(StorageError, match="Redis URL"):
        Index.open(url)


def test_unreachable_redis_is_one_clear_error() -> None:
    pytest.importorskip("redis")
    with pytest.raises(StorageError, match="cannot reach Redis"):
        Index.open("redis://127.0.0.1:1/0")
