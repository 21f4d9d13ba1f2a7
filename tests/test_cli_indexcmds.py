"""``dedup index add`` and its siblings (dedup/cli/indexcmds.py): what an add counts and keeps."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from dedup.cli import app

from conftest import CORPUS
from _cli_helpers import SEED_WIRE, runner
from _bad_input_files import WIRE
from _bad_input_helpers import _articles, _error_line, _ok, index, template  # noqa: F401 - fixtures


def test_an_index_keeps_its_passage_setting(tmp_path: Path) -> None:
    db = str(tmp_path / "i.db")
    assert runner.invoke(app, ["index", "add", db, str(CORPUS / "newswire"), "-q", "--passages", "thorough"]).exit_code == 0
    again = runner.invoke(app, ["index", "add", db, str(CORPUS / "eastdesk"), "-q"])  # not given: the index's own
    assert again.exit_code == 0, again.output
    other = runner.invoke(app, ["index", "add", db, str(CORPUS / "eastdesk"), "-q", "--passages", "default"])
    assert other.exit_code == 1 and "Traceback" not in other.output
    assert other.output.strip() == (f"Error: {db} was made with --passages thorough (given: default): leave out "
                                    "--passages to add to it with its own, or give a new index")
    assert json.loads(runner.invoke(app, ["index", "stats", db]).output)["passages"] == "thorough"
    plain = str(tmp_path / "plain.db")
    assert runner.invoke(app, ["index", "add", plain, str(CORPUS / "newswire"), "-q"]).exit_code == 0
    assert json.loads(runner.invoke(app, ["index", "stats", plain]).output)["passages"] == "default"


def test_index_add_names_each_skipped_input(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "wire.txt").write_text(SEED_WIRE.read_text())
    (corpus / "photo.txt").write_bytes(bytes(range(256)) * 4)
    result = runner.invoke(app, ["index", "add", str(tmp_path / "n.db"), str(corpus)])
    assert result.exit_code == 0
    assert "skipped photo.txt: binary file" in result.stderr
    assert result.stdout.strip() == "1 article added, 0 already indexed, 0 of those added matched earlier articles, " \
                                    "1 input skipped"


def test_index_add_again_counts_no_match_of_an_article_it_did_not_add(tmp_path: Path) -> None:
    # run again on an indexed corpus it said "0 articles added, 11 already indexed, 4 matched earlier articles":
    # the matches recorded when they were added, counted as if found now
    db = str(tmp_path / "n.db")
    first = runner.invoke(app, ["index", "add", db, str(CORPUS)])
    again = runner.invoke(app, ["index", "add", db, str(CORPUS)])
    assert first.exit_code == 0 and again.exit_code == 0
    assert first.stdout == "11 articles added, 0 already indexed, 4 of those added matched earlier articles, 1 input skipped\n"
    assert again.stdout == "0 articles added, 11 already indexed, 0 of those added matched earlier articles, 1 input skipped\n"
    more = tmp_path / "more"
    more.mkdir()
    (more / "reprint.txt").write_text((CORPUS / "newswire" / "belarus-china-drills.txt").read_text() + "\n\nMore later.")
    (more / "own.txt").write_text("The county council voted on Tuesday to keep the library in Marsh Lane open on "
                                  "Saturdays after a petition signed by four hundred residents, the clerk said. "
                                  "Opening hours on weekdays are unchanged, and the cafe will reopen in the spring.")
    both = runner.invoke(app, ["index", "add", db, str(more)])
    assert both.exit_code == 0
    assert both.stdout.startswith("2 articles added, 0 already indexed, 1 of those added matched earlier articles"), both.stdout


@pytest.mark.parametrize("age", ["99999999999d", "1000000d", "\u00b2d"])
def test_prune_with_an_age_off_the_calendar(index: Path, age: str) -> None:
    result = runner.invoke(app, ["index", "prune", str(index), "--older-than", age])
    assert "Traceback" not in result.output and _error_line(result, 2)
    assert _articles(index) == 1


@pytest.mark.parametrize("age", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+01:00"], ids=["past", "before"])
def test_prune_of_a_date_its_offset_takes_off_the_calendar_says_so(index: Path, age: str) -> None:
    # an ISO date whose UTC falls past year 9999 (or before year 1) was "neither an age ... nor a date"
    result = runner.invoke(app, ["index", "prune", str(index), "--older-than", age])
    assert result.exit_code == 2 and _error_line(result, 2) == f"Error: --older-than {age!r}: falls outside the calendar " \
        "in UTC (its offset moves it past year 9999 or before year 1); give a date within it\n"
    assert _articles(index) == 1


@pytest.mark.parametrize("age", ["0d", "0s", "000w", "2999-01-01", "Fri, 01 Jan 2999 00:00:00 GMT"],
                         ids=["0d", "0s", "000w", "iso-date-to-come", "rfc-date-to-come"])
def test_prune_refuses_what_would_remove_every_article(index: Path, age: str) -> None:
    # "0d" (for "30d") and a year mistyped into the future removed every article of the index
    result = runner.invoke(app, ["index", "prune", str(index), "--older-than", age])
    assert result.exit_code == 2 and _error_line(result, 2) and ("an age of 0" in result.stderr or "still to come" in result.stderr)
    assert _articles(index) == 1


def test_index_remove_of_an_id_typed_as_a_file_name_not_in_utf8(tmp_path: Path) -> None:
    # the id typed as the name ls shows (its bytes as given: a lone surrogate each) was a traceback
    # (UnicodeEncodeError from SQLite); it names the article that file was stored as, caf\xe9.txt
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(WIRE, folder / os.fsdecode(b"caf\xe9.txt"))
    db = tmp_path / "news.db"
    _ok(runner.invoke(app, ["index", "add", str(db), str(folder), "-q"]))
    result = _ok(runner.invoke(app, ["index", "remove", str(db), os.fsdecode(b"caf\xe9.txt")]))
    assert result.stdout == "removed caf\\xe9.txt\n" and _articles(db) == 0


class _LostPartWay:
    """A stand-in index whose store fails after its first article (a Redis server gone mid-add)."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def __enter__(self) -> "_LostPartWay":
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def stats(self) -> dict[str, int]:
        return {"articles": 0}

    def contains(self, article_id: str) -> bool:
        return False

    def add_many(self, documents: Any, **kwargs: object) -> Any:
        yield documents[0], []
        raise self.error


def test_a_store_lost_part_way_through_an_add_says_what_is_kept_and_what_to_do(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Redis server gone mid-add said "Error: Redis at redis://...: failed: Error 111 connecting ... Connection
    refused." and no more: whether anything was kept, and whether to run it again, were left to guess. A full disk
    and a damaged index say what to do already, and are left as they are."""
    from dedup.errors import DAMAGED_INDEX, WRITE_REFUSED, StorageError
    from dedup.index import Index

    def add(error: Exception) -> Any:
        monkeypatch.setattr(Index, "open", classmethod(lambda cls, *a, **k: _LostPartWay(error)))
        return runner.invoke(app, ["index", "add", str(tmp_path / "news.db"), str(CORPUS / "citypaper"), "-q"])

    lost = add(StorageError("Redis at redis://127.0.0.1:1/0 failed: Error 111 connecting to 127.0.0.1:1. Connection refused."))
    assert lost.exit_code == 1 and lost.stderr == (
        "Error: Redis at redis://127.0.0.1:1/0 failed: Error 111 connecting to 127.0.0.1:1. Connection refused; index add "
        "stopped part way: the articles it stored before are kept, and running it again adds the rest (an article "
        "stored is not added twice)\n")
    for said in (DAMAGED_INDEX, WRITE_REFUSED.format("database or disk is full")):
        assert add(StorageError(said)).stderr.endswith(said.removeprefix("the index file ") + "\n")
    # failing before any article was answered (the index locked by another writer), it stopped at the start
    monkeypatch.setattr(_LostPartWay, "add_many", _fails_at_once)
    locked = f"{tmp_path / 'news.db'}: cannot lock the index for writing (database is locked)"
    assert add(StorageError(locked)).stderr == f"Error: {locked}\n"


def _fails_at_once(self: _LostPartWay, documents: Any, **kwargs: object) -> Any:
    raise self.error
    yield  # a generator, as add_many is


def test_index_add_loads_under_the_long_lived_collector_and_gives_it_back(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """``index add`` owns its process: the bulk load runs with what was alive when it began (the corpus read,
    the open index) frozen out of the collector's full walks; the process's own setting is back after it."""
    import gc

    from dedup.index import Index
    from dedup.index.index import YOUNG_COLLECTION

    before, during = gc.get_threshold(), []
    add_many = Index.add_many

    def watched(self: Index, *args: object, **kwargs: object) -> object:
        during.append((gc.get_threshold(), gc.get_freeze_count() > 0))
        return add_many(self, *args, **kwargs)

    monkeypatch.setattr(Index, "add_many", watched)
    result = runner.invoke(app, ["index", "add", str(tmp_path / "n.db"), str(CORPUS / "newswire"), "-q"])
    assert result.exit_code == 0, result.output
    assert during == [((YOUNG_COLLECTION, *before[1:]), True)]
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_index_add_names_the_first_bad_lines_of_a_file_and_counts_every_one(tmp_path: Path) -> None:
    # each of a file's bad lines was a line on stderr (3,000,000 lines of "{}" were 3,000,000), and held to the end
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "wire.txt").write_text(SEED_WIRE.read_text())
    (corpus / "feed.jsonl").write_text("{}\n" * 1_250)
    result = runner.invoke(app, ["index", "add", str(tmp_path / "n.db"), str(corpus)])
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert len(lines) == 1_001 and lines[0] == "skipped feed.jsonl:1: no 'text' field (or 'html') with the article"
    assert lines[-1] == "skipped feed.jsonl: and 250 more lines: no 'text' field with the article"
    assert result.stdout.strip() == "1 article added, 0 already indexed, 0 of those added matched earlier articles, " \
                                    "1,250 inputs skipped"


def test_index_add_of_a_file_of_bad_lines_alone_stores_nothing_and_says_the_count(tmp_path: Path) -> None:
    index = tmp_path / "n.db"
    _ok = runner.invoke(app, ["index", "add", str(index), str(SEED_WIRE)])
    assert _ok.exit_code == 0
    before = index.read_bytes()
    (tmp_path / "feed.jsonl").write_text("{}\n" * 250)
    result = runner.invoke(app, ["index", "add", str(index), str(tmp_path / "feed.jsonl")])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"Error: {tmp_path / 'feed.jsonl'}: no article could be read (250 inputs skipped, such as feed.jsonl:1: "
        "no 'text' field (or 'html') with the article)"]
    assert index.read_bytes() == before
