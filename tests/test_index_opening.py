"""What an index refuses before its store opens, and after it closes (:mod:`dedup.index.opening`): common
words that are no strings, a flag that is no True or False, stored settings out of range, the Redis backend
without its extra, any use of a closed index."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from _ingest_fixtures import synthetic_article
from dedup.cli import app
from dedup.errors import DedupError, MissingExtraError, NotAnIndexError, SettingsError
from dedup.index import Index
from test_index import WIRE
from _bad_input_files import REWRITE
from _bad_input_helpers import _error_line, index, runner, template  # noqa: F401 - fixtures


def test_redis_without_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(__import__("sys").modules, "redis", None)
    with pytest.raises(MissingExtraError, match=r"extra 'redis': pip install '\.\[redis\]'"):
        Index.open("redis://127.0.0.1:6379/0")


@pytest.mark.parametrize(("given", "says"), [
    ({"common_from": [5]}, "common_from must hold texts as strings, not int"),
    ({"common_from": [None]}, "common_from must hold texts as strings, not NoneType"),
    ({"common_words": [b"the"]}, "common_words must hold words as strings, not bytes"),
    ({"common_from": "one long text"}, "common_from must be a collection of texts"),
], ids=["a-number", "none", "bytes", "one-string"])
def test_common_words_or_texts_that_are_no_strings_are_refused_before_an_index_is_made(
        tmp_path: Path, given: dict[str, Any], says: str) -> None:
    # [5] was "its stored settings are damaged (TypeError ...)" and left a new index holding no settings; one
    # string was read as its letters, each a text
    path = tmp_path / "new.db"
    with pytest.raises((TypeError, ValueError), match=says):
        Index.open(path, **given)
    assert not path.exists()


@pytest.mark.parametrize(("setting", "value"), [("seed", -5), ("channels", []), ("min_words", 0), ("min_words", "20")],
                         ids=["negative-seed", "no-channel", "min-words-0", "min-words-a-string"])
def test_stored_settings_out_of_range_are_damaged_settings_not_a_traceback(tmp_path: Path, setting: str, value: Any) -> None:
    # a settings entry edited by hand: a seed of -5 opened, then failed at the first check with numpy's
    # OverflowError, no channel with "need at least one array to concatenate"; a min_words of 0 was taken
    import sqlite3

    path = tmp_path / "i.db"
    with Index.open(path) as index:
        index.add(WIRE)
    db = sqlite3.connect(path)
    settings = json.loads(db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()[0])
    db.execute("UPDATE settings SET value = ? WHERE name = 'index'", (json.dumps(settings | {setting: value}),))
    db.commit()
    db.close()
    with pytest.raises(NotAnIndexError, match=f"stored settings are damaged .*{setting}"):
        Index.open(path)


@pytest.mark.parametrize(("call", "flag"), [(lambda path: Index.open(path, align="false"), "align"),
                                            (lambda path: Index.open(path, create="no"), "create")],
                         ids=["align", "create"])
def test_index_open_refuses_a_flag_that_is_no_true_or_false(tmp_path: Path, call: Any, flag: str) -> None:
    # create="no" is a string that is true: a missing index was made where the caller asked for none
    with pytest.raises(SettingsError, match=f"{flag} must be True or False"):
        call(tmp_path / "i.db")
    assert not (tmp_path / "i.db").exists()


def test_a_closed_index_is_one_storage_error_at_any_use_and_closing_it_again_does_nothing(tmp_path: Path) -> None:
    # it was SQLite's ProgrammingError ("Cannot operate on a closed database"), outside dedup's exception tree
    from dedup.errors import StorageError

    index = Index.open(str(tmp_path / "x.db"))
    index.add(synthetic_article(1))
    index.close()
    index.close()
    for use in (lambda: index.check(synthetic_article(2)), lambda: index.add(synthetic_article(2)),
                lambda: index.stats(), lambda: index.matches("art-1"), lambda: index.remove("art-1"),
                lambda: index.contains("art-1")):
        with pytest.raises(StorageError, match=r"x\.db: this index was closed; open it again"):
            use()
    with Index.open(str(tmp_path / "x.db"), create=False) as again:  # nothing lost
        assert again.contains("art-1")


@pytest.mark.parametrize("damage", ["drop channels", "max_bucket x"])
def test_damaged_settings_are_one_line(index: Path, damage: str) -> None:
    db = sqlite3.connect(index)
    settings = json.loads(db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()[0])
    if damage == "drop channels":
        del settings["channels"]
    else:
        settings["max_bucket"] = "x"
    db.execute("UPDATE settings SET value = ? WHERE name = 'index'", (json.dumps(settings),))
    db.commit()
    db.close()
    result = runner.invoke(app, ["check", str(index), str(REWRITE)])
    assert "stored settings are damaged" in _error_line(result)


@pytest.mark.parametrize("location,options,error,says", [
    (None, {}, TypeError, "an index location is a file path or a redis:// URL, not NoneType"),
    (b"news.db", {}, TypeError, "not bytes"),
    ("new.db", {"min_words": 0}, DedupError, "min_words must be a whole number of at least 1, got 0"),
    ("new.db", {"max_bucket": 1}, DedupError, "max_bucket must be a whole number of at least 2, got 1"),
    ("new.db", {"seed": -1}, DedupError, "seed must be a whole number"),
    ("new.db", {"seed": "x"}, DedupError, "seed must be a whole number"),
    ("new.db", {"min_confidence": 2}, DedupError, "min_confidence must be between 0 and 1"),
    ("new.db", {"channels": "thorough"}, TypeError, "channels must be a non-empty sequence of ChannelSpec"),
    ("new.db", {"channels": ()}, TypeError, "channels must be a non-empty sequence of ChannelSpec"),
    ("new.db", {"common_words": "the"}, DedupError, "common_words must be a collection of words, such as \\['the'\\]"),
    ("new.db", {"min_words": 2.5}, DedupError, "min_words must be a whole number of at least 1, got 2.5"),
], ids=["none", "bytes", "min-words-0", "max-bucket-1", "seed-negative", "seed-text", "min-confidence-2",
        "channels-a-name", "no-channels", "common-words-a-string", "min-words-float"])
def test_python_api_index_refuses_bad_arguments_and_creates_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   location: Any, options: dict[str, Any],
                                                                   error: type, says: str) -> None:
    # were an index file named "None" or "b'news.db'", or a new index holding settings a scan refuses (and
    # min_words=0 was refused as "built with other settings" by the index it had just created)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(error, match=says):
        Index.open(location, **options)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("setting", ["min_words", "max_bucket"])
def test_index_open_refuses_a_setting_past_64_bits_and_makes_no_file(setting: str, tmp_path: Path) -> None:
    # Index.open(min_words=10**20) made an index that stores nothing
    db = tmp_path / "new.db"
    with pytest.raises(DedupError, match=rf"{setting} must be a whole number from \d to 2\*\*63 - 1, got 1(0){{20}}"):
        Index.open(db, **{setting: 10**20})
    assert not db.exists()
