"""The ingest API misused (a fifty-third round's look): a closed index entered again, ``add_many`` given what is no
iterable of articles, and ids past :data:`dedup.article_ids.MAX_ID_BYTES`, refused alike by the API, a scan,
``index add``, ``stream`` and ``serve``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import dedup
from _ingest_fixtures import synthetic_article
from dedup.article_ids import MAX_ID_BYTES, id_too_long
from dedup.cli import app
from dedup.documents import Document
from dedup.errors import InputError, StorageError
from dedup.index import Index

runner = CliRunner()
WIRE = synthetic_article(21, words=150)
LONG = "x" * 300_000  # an id that was stored, through the API, a stream and HTTP alike


# -- 1. a closed index ---------------------------------------------------------------------------------------------

def test_a_closed_index_is_refused_on_entering_a_with_block(tmp_path: Path) -> None:
    # `with index:` after close() entered, and only the first use inside was refused
    index = Index.open(str(tmp_path / "x.db"))
    index.close()
    entered = False
    with pytest.raises(StorageError, match=r"x\.db: this index was closed; open it again \(Index\.open\)"):
        with index:
            entered = True
    assert not entered


def test_every_use_of_a_closed_index_is_the_one_storage_error(tmp_path: Path) -> None:
    index = Index.open(str(tmp_path / "x.db"))
    index.add(WIRE)
    index.close()
    uses = {"add_many": lambda: index.add_many([synthetic_article(2)], workers=1), "merge": index.merge,
            "prune": lambda: index.prune(__import__("datetime").timedelta(days=1)),
            "matches": lambda: index.matches(WIRE.id, earlier_only=True)}
    for name, use in uses.items():
        with pytest.raises(StorageError, match="this index was closed") as raised:
            use()
        assert isinstance(raised.value, dedup.DedupError), name


# -- 2. add_many given what is no iterable of articles -------------------------------------------------------------

@pytest.mark.parametrize("given,says", [
    ({"id": "a", "text": WIRE.text}, r"add_many\(\) takes an iterable of Documents, not a dict with the keys 'id', "
                                     r"'text': give \[Document\(id, text\), \.\.\.\], or dedup\.records\.make_document"),
    ("wire-1", r"add_many\(\) takes an iterable of Documents, not the str 'wire-1'$"),
    (None, r"add_many\(\) takes an iterable of Documents, not None$"),
    ((n for n in (1, 2)), r"takes an article as a Document, not the int 1: make it Document\(id, text\)$"),
    ([{"id": "a", "text": "b"}], r"not a dict with the keys 'id', 'text': make it Document\(id, text\), or "
                                 r"dedup\.records\.make_document\(fields\)"),
    ([None], r"takes an article as a Document, not None"),
], ids=["dict", "str", "None", "generator of ints", "list of dicts", "list of None"])
def test_add_many_names_what_it_was_given_and_what_it_takes(tmp_path: Path, given: Any, says: str) -> None:
    # a dict was "not str" (its keys read as the articles), None "not NoneType"
    with Index.open(str(tmp_path / "x.db")) as index:
        with pytest.raises(TypeError, match=says):
            index.add_many(given, workers=1)
        assert index.stats()["articles"] == 0


@pytest.mark.parametrize("method", ["add", "check"])
def test_add_and_check_name_a_dict_given_for_an_article(tmp_path: Path, method: str) -> None:
    with Index.open(str(tmp_path / "x.db")) as index:
        with pytest.raises(TypeError, match="not a dict with the keys 'id', 'text'"):
            getattr(index, method)({"id": "a", "text": WIRE.text})


# -- 3. ids past the limit -----------------------------------------------------------------------------------------

def test_the_id_limit_is_counted_in_utf8_bytes() -> None:
    assert id_too_long("a" * MAX_ID_BYTES) is None and id_too_long("a" * (MAX_ID_BYTES + 1))
    assert id_too_long("中" * (MAX_ID_BYTES // 3)) is None and id_too_long("中" * (MAX_ID_BYTES // 3 + 1))
    assert id_too_long(LONG) == ("an id of 300,000 characters (300,000 bytes in UTF-8), longer than the 2,048 bytes an "
                                 "id may be: give a shorter one")


@pytest.mark.parametrize("many", [False, True], ids=["add", "add_many"])
def test_the_api_refuses_an_id_past_the_limit(tmp_path: Path, many: bool) -> None:
    with Index.open(str(tmp_path / "x.db")) as index:
        if many:
            [(_, refused)] = index.add_many([Document(LONG, WIRE.text)], workers=1)
            assert isinstance(refused, InputError)
        else:
            with pytest.raises(InputError) as raised:
                index.add(Document(LONG, WIRE.text))
            refused = raised.value
        assert str(refused).endswith("longer than the 2,048 bytes an id may be: give a shorter one")
        assert len(str(refused)) < 200 and index.stats()["articles"] == 0
        with pytest.raises(InputError, match="2,048 bytes"):
            index.check(Document(LONG, WIRE.text))
        index.add(Document("x" * MAX_ID_BYTES, WIRE.text))  # at the limit: taken
        assert index.contains("x" * MAX_ID_BYTES)


@pytest.mark.parametrize("method", ["matches", "contains", "remove"])
def test_an_id_past_the_limit_asked_of_the_api_is_refused_in_one_short_line(tmp_path: Path, method: str) -> None:
    # matches() said "no article '...' in the index" with all 300,000 characters of the id in it
    with Index.open(str(tmp_path / "x.db")) as index:
        index.add(WIRE)
        with pytest.raises(InputError) as raised:
            getattr(index, method)(LONG)
        assert str(raised.value) == id_too_long(LONG) and index.stats()["articles"] == 1


def _feed(tmp_path: Path) -> Path:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": LONG, "text": WIRE.text}) + "\n"
                    + json.dumps({"id": "paper-1", "text": WIRE.text + " More to follow."}) + "\n", encoding="utf-8")
    return feed


def test_a_scan_and_index_add_skip_an_id_past_the_limit_alike(tmp_path: Path) -> None:
    # a scan reported a pair with the id whole; the index must not answer otherwise
    feed = _feed(tmp_path)
    result = dedup.scan(dedup.read_corpus(feed))
    assert [d.id for d in result.documents] == ["paper-1"]
    [skipped] = result.skipped
    assert skipped.path == "feed.jsonl:1" and skipped.reason == id_too_long(LONG)
    added = runner.invoke(app, ["index", "add", str(tmp_path / "news.db"), str(feed)])
    assert added.exit_code == 0, added.output
    assert f"skipped feed.jsonl:1: {id_too_long(LONG)}" in added.stderr and len(added.stderr) < 2000
    with Index.open(str(tmp_path / "news.db")) as index:
        assert index.stats()["articles"] == 1


def test_a_stream_answers_a_line_with_an_id_past_the_limit_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "one.jsonl").write_text(json.dumps({"id": "wire-0", "text": WIRE.text}) + "\n", encoding="utf-8")
    assert runner.invoke(app, ["index", "add", str(tmp_path / "news.db"), str(tmp_path / "one.jsonl")]).exit_code == 0
    result = runner.invoke(app, ["stream", str(tmp_path / "news.db"), "--no-align"],
                           input=_feed(tmp_path).read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first == {"line": 1, "error": id_too_long(LONG)}  # the id not echoed: 300,000 characters
    assert second["id"] == "paper-1" and [m["id"] for m in second["matches"]] == ["wire-0"]


@pytest.mark.parametrize("route", ["/articles", "/check"])
def test_serve_refuses_an_id_past_the_limit_with_a_400(tmp_path: Path, route: str) -> None:
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from dedup.index.serve import create_app

    with Index.open(str(tmp_path / "news.db")) as index:
        client = TestClient(create_app(index, max_body=2 * 1024 * 1024))
        response = client.post(route, json={"id": LONG, "text": WIRE.text})
        assert response.status_code == 400 and response.json() == {"detail": id_too_long(LONG)}
        assert client.get("/health").json()["articles"] == 0
        assert client.post("/articles", json={"id": "wire-1", "text": WIRE.text}).status_code == 200


# -- 5. a write the disk refuses -------------------------------------------------------------------------------------

def test_serve_answers_a_write_the_disk_refuses_503_in_the_apis_words_and_serves_on(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from dedup.index.serve import create_app
    from test_index_sqlite_writing import _FullAtCommit

    with Index.open(str(tmp_path / "news.db"), align=False) as index:
        client = TestClient(create_app(index, max_body=2 * 1024 * 1024))
        assert client.post("/articles", json={"id": "wire-1", "text": WIRE.text}).status_code == 200
        store = index._store  # noqa: SLF001
        store._db = _FullAtCommit(store._db)  # noqa: SLF001
        refused = client.post("/articles", json={"id": "paper-1", "text": WIRE.text + " More to follow."})
        assert refused.status_code == 503 and refused.json()["detail"].startswith(
            "the index file cannot be written (database or disk is full): its disk is full")
        store._db = store._db._db  # noqa: SLF001 - room again
        again = client.post("/articles", json={"id": "paper-1", "text": WIRE.text + " More to follow."})
        assert again.status_code == 200 and [m["id"] for m in again.json()["matches"]] == ["wire-1"]
