"""A SQLite file's tables (:mod:`dedup.index.sqlite_schema`): another program's database, a table named
like ours with other columns, a damaged index: refused, naming what the file is, and left unchanged."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

import pytest

import dedup
from dedup.cli import app
from dedup.errors import NotAnIndexError, StorageError
from dedup.index import Index
from dedup.index.store import open_storage

from _ingest_fixtures import synthetic_article
from _bad_input_files import LINE, REWRITE, TEXT
from _bad_input_helpers import DAMAGED, _error_line, aged, index, runner, template  # noqa: F401 - fixtures


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


# -- ingest: damaged files, URLs, ages, ids ------------------------------------------------------------


def test_a_damaged_index_is_one_line(index: Path, tmp_path: Path) -> None:
    with Index.open(index) as opened:  # enough rows that the damage lands on pages a check reads
        opened.add_many(dedup.Document(f"a{k}", TEXT.replace("Belarus", f"Belarus {k}")) for k in range(60))
        opened.merge()
    data = bytearray(index.read_bytes())
    for at in range(8192, len(data) - 4096, 4096):
        data[at + 100 : at + 300] = bytes(range(200))
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(bytes(data))
    for command in (["check", str(damaged), str(REWRITE)], ["index", "stats", str(damaged)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 1 and "Traceback" not in result.output, (command, result.output)
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr


@pytest.mark.parametrize("command", [["index", "stats", "{db}"], ["check", "{db}", str(REWRITE)],
                                     ["index", "add", "{db}", str(REWRITE)], ["stream", "{db}"]],
                         ids=["stats", "check", "index-add", "stream"])
def test_an_index_damaged_past_its_settings_says_so_and_what_to_do(command: list[str], index: Path) -> None:
    # opened fine (its settings read), then "the index file cannot be read (database disk image is
    # malformed)": no word of the damage nor of what to do, as opening a damaged index says
    with sqlite3.connect(index) as db:
        (page,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'recent'").fetchone()
        (size,) = db.execute("PRAGMA page_size").fetchone()
    db.close()
    with index.open("r+b") as file:  # the page's type byte: no B-tree page has this one
        file.seek((page - 1) * size)
        file.write(b"\xff")
    result = runner.invoke(app, [c.format(db=index) for c in command], input=LINE + "\n")
    assert _error_line(result) == ("Error: the index file is damaged (database disk image is malformed); it is left as "
                                   "it is: restore it from a copy, or build a new index with dedup index add\n")


def _b_trees(db: Path) -> list[str]:
    with sqlite3.connect(db) as opened:
        names = [row[0] for row in opened.execute("SELECT name FROM sqlite_master WHERE rootpage > 0 ORDER BY name")]
    opened.close()
    return names


def _break_root(db: Path, name: str) -> None:
    """Write over the type byte of the root page of the table or index ``name`` (no B-tree page has 0xff)."""
    with sqlite3.connect(db) as opened:
        (page,) = opened.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()
        (size,) = opened.execute("PRAGMA page_size").fetchone()
    opened.close()
    with db.open("r+b") as file:
        file.seek((page - 1) * size + (100 if page == 1 else 0))
        file.write(b"\xff")


@pytest.mark.parametrize("command", [["index", "remove", "{db}", "old-1"], ["index", "prune", "{db}", "--older-than", "2010-01-01"],
                                     ["index", "stats", "{db}"], ["check", "{db}", str(REWRITE)]],
                         ids=["remove", "prune", "stats", "check"])
@pytest.mark.parametrize("name", ["articles", "articles_age", "keyfilter", "matches", "matches_other", "postings",
                                  "recent", "sqlite_autoindex_articles_1", "sqlite_autoindex_articles_2", "stretches",
                                  "stretches_partner"])
def test_an_index_with_a_damaged_root_page_is_refused_by_every_command_and_left_as_it_is(
        aged: Path, tmp_path: Path, name: str, command: list[str]) -> None:
    # a command that never read the damaged table went on: remove and prune of an index whose key filter
    # was damaged removed articles from it, and stats printed the counts of one whose matches were
    assert name in _b_trees(aged)
    db = tmp_path / "news.db"
    shutil.copy(aged, db)
    _break_root(db, name)
    before = db.read_bytes()
    result = runner.invoke(app, [c.format(db=db) for c in command])
    assert _error_line(result) == DAMAGED
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.db"]  # nothing left in a -wal file either


def _settings_of_a_new_index(tmp_path: Path) -> str:
    with Index.open(tmp_path / "reference.db"):
        pass
    db = sqlite3.connect(tmp_path / "reference.db")
    value = db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()[0]
    db.close()
    return value


def test_a_reader_opening_an_index_its_first_writer_is_making_waits_for_its_settings(tmp_path: Path) -> None:
    # the first index add makes the tables, then reads its corpus's common words (seconds), then writes the
    # settings: a stream --check-only started in that window was "not a dedup index (an empty database)", exit 1
    import threading

    settings = _settings_of_a_new_index(tmp_path)
    path = tmp_path / "news.db"
    writer = open_storage(path, create=True)  # the tables made and committed (in the log), no settings yet
    try:
        def write_settings() -> None:
            time.sleep(0.4)
            other = sqlite3.connect(path, isolation_level=None)
            other.execute("INSERT INTO settings VALUES ('index', ?)", (settings,))
            other.close()

        thread = threading.Thread(target=write_settings)
        thread.start()
        with Index.open(path, create=False) as reader:
            assert reader.stats()["articles"] == 0
        thread.join()
    finally:
        writer.close()


def test_a_reader_told_an_index_is_being_made_when_its_settings_never_come(tmp_path: Path, monkeypatch) -> None:
    from dedup.index import sqlite_schema

    monkeypatch.setattr(sqlite_schema, "SETTINGS_WAIT", 0.3)
    path = tmp_path / "news.db"
    writer = open_storage(path, create=True)
    try:
        with pytest.raises(NotAnIndexError, match=r"news.db: a dedup index being made, its settings not written after "
                                                  r"0.3 s: another process's dedup index add may still be"):
            Index.open(path, create=False)
    finally:
        writer.close()
    # its writer gone (the log folded into the file), the file is one left unmade, said at once
    with pytest.raises(NotAnIndexError, match=r"a dedup index left unmade \(its tables made, its settings never "
                                              r"written.*dedup index add makes it again"):
        Index.open(path, create=False)
    result = runner.invoke(app, ["index", "stats", str(path)])
    assert result.exit_code == 1 and "a dedup index left unmade" in _error_line(result)


def test_another_programs_empty_database_is_still_called_empty_at_once(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (x)")
    db.execute("DROP TABLE t")
    db.commit()
    db.close()
    with pytest.raises(NotAnIndexError, match=r"not a dedup index \(an empty database\)"):
        Index.open(path, create=False)
