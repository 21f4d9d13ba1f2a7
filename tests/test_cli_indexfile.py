"""The index file a command is given (dedup/cli/indexfile.py): checked before any work, nothing made for a mistake."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedup.cli import app

from conftest import CORPUS
from _cli_helpers import SEED_REWRITE, SEED_WIRE, _one_error_line, runner


def test_an_index_refusing_its_settings_names_the_options(tmp_path: Path) -> None:
    db = str(tmp_path / "i.db")
    assert runner.invoke(app, ["index", "add", db, str(CORPUS / "newswire"), "-q"]).exit_code == 0
    before = (tmp_path / "i.db").read_bytes()
    other = runner.invoke(app, ["index", "add", db, str(CORPUS / "eastdesk"), "-q", "--min-words", "30",
                                "--passages", "thorough"])
    assert other.exit_code == 1 and other.output.strip() == (
        f"Error: {db} was made with --passages default, --min-words 20 (given: thorough, 30): leave out "
        "--passages and --min-words to add to it with its own, or give a new index")
    assert (tmp_path / "i.db").read_bytes() == before


@pytest.mark.parametrize("command", [["check", "{db}", str(SEED_REWRITE)], ["stream", "{db}", "--check-only"],
                                     ["index", "stats", "{db}"], ["index", "remove", "{db}", "x"],
                                     ["index", "prune", "{db}", "--older-than", "7d"]],
                         ids=["check", "stream-check-only", "stats", "remove", "prune"])
def test_a_mistyped_index_path_is_an_error_and_creates_nothing(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "typo.db"
    result = runner.invoke(app, [c.format(db=db) for c in command], input="")
    assert "no such index" in _one_error_line(result)
    assert list(tmp_path.iterdir()) == []


def test_check_refuses_a_foreign_sqlite_file_and_adds_no_tables(tmp_path: Path) -> None:
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, caption TEXT)")
    before = other.read_bytes()
    result = runner.invoke(app, ["check", str(other), str(SEED_REWRITE)])
    assert "another program (tables photos)" in _one_error_line(result)
    assert other.read_bytes() == before


@pytest.mark.parametrize("where", ["other.db", "missing/news.db"], ids=["foreign-file", "missing-folder"])
def test_index_add_checks_the_index_before_reading_the_corpus(tmp_path: Path, where: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    import dedup.reading

    with sqlite3.connect(tmp_path / "other.db") as db:
        db.execute("CREATE TABLE notes (body TEXT)")
    monkeypatch.setattr(dedup.reading, "read_corpus", lambda *a, **k: pytest.fail("the corpus was read"))
    result = runner.invoke(app, ["index", "add", str(tmp_path / where), str(CORPUS)])
    _one_error_line(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


@pytest.mark.parametrize("command", [["index", "add", "{db}", str(SEED_WIRE)], ["stream", "{db}"]], ids=["index-add", "stream"])
def test_an_index_named_with_a_slash_at_its_end_or_under_a_file_is_refused(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "file.txt").write_text("x")
    for db, says in ((f"{tmp_path / 'news.db'}/", "ends in '/', so it names a folder; give the index's file name"),
                     (str(tmp_path / "file.txt" / "news.db"), f"{tmp_path / 'file.txt'}: is a file, not a folder")):
        result = runner.invoke(app, [c.replace("{db}", db) for c in command], input=(SEED_JSONL_LINE + "\n"))
        assert says in _one_error_line(result)  # it said "the folder does not exist" of a file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


SEED_JSONL_LINE = json.dumps({"id": "wire", "text": SEED_WIRE.read_text()})


def test_index_add_into_an_index_held_in_memory_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # SQLite reads ":memory:" as a database in memory: "11 articles added", and not one of them kept
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["index", "add", ":memory:", str(CORPUS)])
    assert result.exit_code == 1 and result.output.startswith("Error: ':memory:' names an index held in memory")
    assert list(tmp_path.iterdir()) == []
    assert runner.invoke(app, ["index", "add", "./:memory:", str(CORPUS), "-q"]).exit_code == 0  # a file so named
    assert (tmp_path / ":memory:").is_file()
