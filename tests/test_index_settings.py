"""The settings an index records and compares (dedup.index.settings): other settings refused, an index
built before long documents got denser passage windows, an index of an older format or hashing scheme
refused in words."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from _ingest_fixtures import location, redis_url, synthetic_article  # noqa: F401 - fixtures
from dedup import Document
from dedup.channels import DEFAULT_CHANNELS, ChannelSpec, SPARSE_CHANNELS, THOROUGH_CHANNELS, passage_setting
from dedup.cli import app
from dedup.errors import IndexMismatchError
from dedup.index import INDEX_FORMAT, Index
from dedup.index.settings import record
from dedup.reading import read_corpus
from test_index import CORPUS, WIRE

ROOT = Path(__file__).resolve().parent.parent

#: The channels an index recorded before long documents got denser passage windows (2026-12-03), as
#: stored: every document's windows every 8 content words, 32 bands of 3 rows.
RECORDED_BEFORE = json.loads("""[
 {"name": "text", "ngram": 5, "content_only": false, "window": 0, "stride": 0, "drop_common": 0.0, "num_perm": 128,
  "threshold": 0.5, "min_shingles": 8, "min_hits": 1, "min_bands": 1, "bands": 30, "rows": 4},
 {"name": "passage", "ngram": 1, "content_only": true, "window": 24, "stride": 8, "drop_common": 0.05,
  "num_perm": 96, "threshold": 0.5, "min_shingles": 8, "min_hits": 6, "min_bands": 2, "bands": 32, "rows": 3},
 {"name": "content", "ngram": 1, "content_only": true, "window": 0, "stride": 0, "drop_common": 0.01,
  "num_perm": 128, "threshold": 0.45, "min_shingles": 20, "min_hits": 1, "min_bands": 1, "bands": 32, "rows": 4}]""")


def _settings(channels):  # type: ignore[no-untyped-def]
    return record(channels, 1, 50, (), 20)


@pytest.mark.parametrize("channels, name", [(SPARSE_CHANNELS, "sparse"), (DEFAULT_CHANNELS, "default"),
                                            (THOROUGH_CHANNELS, "thorough")], ids=["sparse", "default", "thorough"])
def test_recorded_channels_read_back_as_their_setting(channels, name) -> None:  # type: ignore[no-untyped-def]
    stored = json.loads(json.dumps(_settings(channels)))
    assert passage_setting([ChannelSpec(**c) for c in stored["channels"]]) == name


def test_an_index_built_before_records_the_sparse_setting_and_the_default_records_more() -> None:
    assert _settings(SPARSE_CHANNELS)["channels"] == RECORDED_BEFORE
    passage = _settings(DEFAULT_CHANNELS)["channels"][1]
    assert {k: passage[k] for k in ("dense_from", "dense_stride", "dense_bands")} == {
        "dense_from": 500, "dense_stride": 2, "dense_bands": 16}


def _long(texts: list[str]) -> str:
    return "\n\n".join(texts)


def test_an_index_built_before_opens_with_its_own_windows_and_still_finds_what_it_found(tmp_path: Path) -> None:
    corpus = [d.text for d in read_corpus(ROOT / "corpus").documents]
    long_a, long_b = _long(corpus[:8]), _long(corpus[3:])  # long articles sharing five whole stories
    old = tmp_path / "old.db"
    index = Index.open(old, channels=SPARSE_CHANNELS, common_from=corpus)  # what the dedup before made
    index.add(Document("a", long_a))
    index.close()
    assert json.loads(json.dumps(Index.open(old, create=False).settings["channels"])) == RECORDED_BEFORE
    reopened = Index.open(old)  # no settings given: the index's own, neither refused nor changed
    assert passage_setting(reopened.channels) == reopened.stats()["passages"] == "sparse"
    assert [m.id for m in reopened.check(Document("b", long_b))] == ["a"]
    reopened.close()
    with pytest.raises(IndexMismatchError, match="channels of the 'sparse' passage setting, not 'default'"):
        Index.open(old, channels=DEFAULT_CHANNELS)


def test_a_new_index_keeps_the_denser_windows_of_long_articles(tmp_path: Path) -> None:
    corpus = [d.text for d in read_corpus(ROOT / "corpus").documents]
    new = tmp_path / "new.db"
    index = Index.open(new, common_from=corpus)
    index.add(Document("a", _long(corpus[:8])))
    index.close()
    reopened = Index.open(new)
    assert passage_setting(reopened.channels) == reopened.stats()["passages"] == "default"
    assert [m.id for m in reopened.check(Document("b", _long(corpus[3:])))] == ["a"]
    reopened.close()


def test_a_setting_no_one_chooses_that_differs_says_so_not_to_open_the_index_without_it(tmp_path: Path) -> None:
    # a recorded max_chars edited (or of another version) said "open it without those settings", which no
    # option or argument can do
    import sqlite3

    from dedup.index.settings import check_same

    with Index.open(str(tmp_path / "x.db")) as index:
        index.add(Document("a", "Dock workers walked out at the port on Monday over pay and conditions, " * 3))
    with sqlite3.connect(tmp_path / "x.db") as db:
        (value,) = db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()
        db.execute("UPDATE settings SET value = ? WHERE name = 'index'", (json.dumps(json.loads(value) | {"max_chars": 5}),))
    db.close()
    with pytest.raises(IndexMismatchError, match=r"records settings no one chooses .*\(max_chars 5, not 1000000\): made by "
                                                 r"another version of dedup, or edited; build a new index") as refused:
        Index.open(str(tmp_path / "x.db"), create=False)
    assert "without those settings" not in str(refused.value)
    stored = record(None, 1, 50, None, 20)  # a chosen setting still says how to open it
    with pytest.raises(IndexMismatchError, match="open it without those settings"):
        check_same(stored, record(None, 7, None, None, None), "x.db")


def test_other_settings_are_refused(location: str) -> None:
    Index.open(location, seed=3).close()
    with pytest.raises(IndexMismatchError, match="seed") as refused:
        Index.open(location, seed=4)
    assert "(seed 3, not 4)" in str(refused.value) and refused.value.differ == {"seed": ("3", "4")}
    with Index.open(location) as index:  # no settings given: the stored ones
        assert index.seed == 3


def _old_index(tmp_path: Path, settings_of: Any, *statements: str) -> Path:
    """A SQLite index of WIRE whose recorded settings are ``settings_of(settings)``, after ``statements``:
    what an older dedup left behind."""
    import sqlite3

    path = tmp_path / "old.db"
    with Index.open(str(path)) as index:
        index.add(WIRE)
    db = sqlite3.connect(path)
    settings = json.loads(db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()[0])
    db.execute("UPDATE settings SET value = ? WHERE name = 'index'", (json.dumps(settings_of(settings)),))
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()
    return path


def test_an_index_of_an_older_format_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = _old_index(tmp_path, lambda settings: settings | {"format": 3},
                      "ALTER TABLE articles DROP COLUMN language")  # as format 3 wrote it
    with pytest.raises(IndexMismatchError, match=f"format 3 .*this dedup reads format {INDEX_FORMAT}. Build a new index"):
        Index.open(str(path))
    result = CliRunner().invoke(app, ["check", str(path), str(CORPUS / "citypaper" / "port-strike.txt")])
    assert result.exit_code == 1 and "format 3" in result.output and result.exception.__class__ is SystemExit


def test_an_index_hashed_by_an_older_scheme_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    # before Turkish i and the lower-cased keys of Ukrainian and Vietnamese
    path = _old_index(tmp_path, lambda settings: settings | {
        "scheme": settings["scheme"] | {"tokens": "utf8-bytes-tabulation64/3"}})
    with pytest.raises(IndexMismatchError, match=r"another version of dedup.*tokens 'utf8-bytes-tabulation64/3' "
                                                 r"\(this dedup: 'utf8-bytes-tabulation64/31'\).*build a new index"):
        Index.open(str(path))
    result = CliRunner().invoke(app, ["check", str(path), str(CORPUS / "citypaper" / "port-strike.txt")])
    assert result.exit_code == 1 and "another version of dedup" in result.output
    assert "Traceback" not in result.output


def _format_5(path: Path) -> None:
    """What dedup wrote before the recent segment: every posting in the postings table, format 5."""
    with Index.open(str(path)) as index:
        index.add(synthetic_article(1))
        index.merge()
    db = sqlite3.connect(path)
    settings = json.loads(db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()[0])
    db.execute("UPDATE settings SET value = ? WHERE name = 'index'", (json.dumps(settings | {"format": 5}),))
    db.execute("DROP TABLE recent")
    db.execute("DROP TABLE keyfilter")
    db.execute("DELETE FROM settings WHERE name = 'generation'")
    db.commit()
    db.close()


def test_an_index_of_format_5_is_migrated_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _format_5(path)
    with Index.open(str(path), create=False) as index:
        assert index.settings["format"] == INDEX_FORMAT == 7
        copy = Document("copy", synthetic_article(1).text + " More follows.")
        assert [m.id for m in index.check(copy)] == ["art-1"]  # its postings found through the filter made
        index.add(synthetic_article(2))
    db = sqlite3.connect(path)
    assert json.loads(db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()[0])["format"] == 7
    assert db.execute("SELECT count(*) FROM recent").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM keyfilter").fetchone()[0] > 0
    db.close()


def test_an_index_of_format_4_is_still_refused_for_its_passage_keys(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _format_5(path)
    db = sqlite3.connect(path)
    settings = json.loads(db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()[0])
    db.execute("UPDATE settings SET value = ? WHERE name = 'index'", (json.dumps(settings | {"format": 4}),))
    db.commit()
    db.close()
    with pytest.raises(IndexMismatchError, match=f"an index of format 4 .*this dedup reads format {INDEX_FORMAT}. Build a new index"):
        Index.open(str(path))


def test_a_redis_index_of_format_5_is_migrated_when_opened(redis_url: str) -> None:  # noqa: F811
    with Index.open(redis_url) as index:
        index.add(synthetic_article(1))
        raw = index._store._r  # noqa: SLF001
        key = index._store._k("settings")  # noqa: SLF001
    raw.set(key, json.dumps(json.loads(raw.get(key)) | {"format": 5}))
    with Index.open(redis_url) as index:
        assert index.settings["format"] == INDEX_FORMAT and index.merge() == 0
        assert [m.id for m in index.check(Document("copy", synthetic_article(1).text + " More."))] == ["art-1"]
    assert json.loads(raw.get(key))["format"] == INDEX_FORMAT
