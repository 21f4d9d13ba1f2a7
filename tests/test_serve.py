"""The HTTP server, driven with FastAPI's TestClient."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi", reason="the HTTP server needs the dedup[serve] extra")
pytest.importorskip("httpx", reason="FastAPI's TestClient needs httpx")

from fastapi.testclient import TestClient  # noqa: E402

from _ingest_fixtures import synthetic_article  # noqa: E402
from dedup.index import Index  # noqa: E402
from dedup.index.serve import create_app  # noqa: E402

WIRE = synthetic_article(11, words=150)
REPRINT = {"id": "paper-11", "text": WIRE.text + " More to follow.", "outlet": "paper"}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with Index.open(str(tmp_path / "news.db")) as index:
        yield TestClient(create_app(index, max_body=64 * 1024))


def test_health(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok", "articles": 0, "backend": "sqlite"}


def test_add_then_check_then_matches(client: TestClient) -> None:
    assert client.post("/articles", json=WIRE.to_dict()).json() == {"id": WIRE.id, "matches": []}
    checked = client.post("/check", json={"text": REPRINT["text"]}).json()
    assert [(m["id"], m["verdict"]) for m in checked["matches"]] == [(WIRE.id, "duplicate")]
    added = client.post("/articles", json=REPRINT)
    assert added.status_code == 200 and added.json()["matches"][0]["id"] == WIRE.id
    assert client.post("/articles", json=REPRINT).json() == added.json() | {"stored_before": True}  # idempotent, and said
    matches = client.get(f"/articles/{WIRE.id}/matches").json()["matches"]
    assert [m["id"] for m in matches] == ["paper-11"]


def test_unknown_article_is_404(client: TestClient) -> None:
    response = client.get("/articles/nope/matches")
    assert response.status_code == 404 and "no article" in response.json()["detail"]


@pytest.mark.parametrize(
    "body,status",
    [(b"{not json", 422), (b'{"text": 3}', 400), (b'{"text": "too short"}', 400)],
    ids=["malformed", "wrong-type", "too-short"],
)
def test_bad_requests_get_clear_4xx(client: TestClient, body: bytes, status: int) -> None:
    response = client.post("/check", content=body, headers={"content-type": "application/json"})
    assert response.status_code == status and response.json()["detail"]


def test_add_needs_an_id(client: TestClient) -> None:
    # pydantic's "Field required" list (422), where dedup stream says this line
    response = client.post("/articles", json={"text": WIRE.text})
    assert (response.status_code, response.json()) == (
        400, {"detail": "each article must be a JSON object with an 'id' and a 'text'"})
    assert client.get("/health").json()["articles"] == 0


def test_oversized_request_is_413(client: TestClient) -> None:
    response = client.post("/check", json={"text": "word " * 20_000})
    assert response.status_code == 413  # "larger than 65536 bytes" was hard to read
    assert response.json()["detail"] == "request body larger than 65,536 bytes; send one article per request"


def test_openapi_lists_the_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/check", "/articles", "/articles/{article_id}/matches", "/health"} <= set(paths)


def test_text_is_normalised_as_the_reader_normalises_it(client: TestClient, tmp_path: Path) -> None:
    import unicodedata

    from dedup import read_corpus

    text = ("Zürich café owners in Genève said on Monday that the new tariff would cost them dearly, "
            "and the Société des Cafetiers called on Bern to delay it until the spring of next year.")
    (tmp_path / "wire.json").write_text('{"id": "wire", "text": "%s"}' % text, encoding="utf-8")
    (read,) = read_corpus(tmp_path / "wire.json").documents
    assert client.post("/articles", json={"id": "wire", "text": read.text}).status_code == 200
    decomposed = unicodedata.normalize("NFD", text)  # the same text, accents as combining marks
    assert decomposed != text
    (match,) = client.post("/check", json={"text": decomposed}).json()["matches"]
    assert match["id"] == "wire" and match["scores"]["jaccard"] == 1.0


def test_a_blank_id_is_refused(client: TestClient) -> None:
    response = client.post("/articles", json={"id": " ", "text": WIRE.text})
    assert response.status_code == 400 and "non-empty string id" in response.json()["detail"]
    assert client.get("/health").json()["articles"] == 0


def test_an_article_whose_text_is_stored_names_the_id_it_is_stored_under(client: TestClient) -> None:
    client.post("/articles", json=WIRE.to_dict())
    copy = {"id": "copy-1", "text": WIRE.text}
    for path in ("/articles", "/check"):
        answer = client.post(path, json=copy).json()
        assert answer["same_text_as"] == WIRE.id and answer["matches"][0]["id"] == WIRE.id
    assert client.get("/articles/copy-1/matches").status_code == 404  # not stored a second time
    assert "same_text_as" not in client.post("/check", json={"text": REPRINT["text"]}).json()


def test_an_article_posted_again_says_it_was_stored_before_as_the_stream_does(client: TestClient) -> None:
    # its answer is the one recorded when it was stored ("matches": [] for the first article), which a check
    # of it now may outnumber: said, as `dedup stream` says it, so that it is not read as a check's answer
    first = client.post("/articles", json=WIRE.to_dict()).json()
    assert "stored_before" not in first
    again = client.post("/articles", json=WIRE.to_dict()).json()
    assert again["stored_before"] is True and again["id"] == WIRE.id
    assert "stored_before" not in client.post("/check", json=WIRE.to_dict()).json()
    assert client.get("/health").json()["articles"] == 1


def test_an_added_article_is_answered_with_the_id_it_is_stored_under(client: TestClient) -> None:
    # control characters in an id are stored as U+FFFD (as a corpus's are read): the answer gave the id as
    # sent, under which the article's matches were then not found
    answer = client.post("/articles", json={"id": "wire\x1b[2J\t7", "text": WIRE.text}).json()
    assert answer["id"] == "wire\ufffd[2J\ufffd7"
    assert client.get("/articles/" + quote(answer["id"], safe="") + "/matches").status_code == 200


@pytest.mark.parametrize("route", ["/check", "/articles"])
def test_a_body_not_in_utf8_says_where_and_what_to_send(client: TestClient, route: str) -> None:
    # a Windows-1252 body was answered 400 "There was an error parsing the body", saying neither where nor why
    import json

    body = json.dumps({"id": "x", "text": "Caf\u00e9 " + WIRE.text}, ensure_ascii=False).encode("cp1252", "replace")
    response = client.post(route, content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json() == {"detail": f"the body is not UTF-8 text (byte 0xe9 at position {body.index(0xE9)}): "
                                          "send the article as JSON in UTF-8"}
    assert client.get("/health").json()["articles"] == 0
    wide = json.dumps({"id": "x", "text": WIRE.text}).encode("utf-16")  # JSON tells UTF-16 by its bytes: read
    assert client.post(route, content=wide, headers={"content-type": "application/json"}).status_code == 200


@pytest.mark.parametrize("route", ["/check", "/articles"])
@pytest.mark.parametrize("field", ["id", "text", "title"])
def test_a_lone_surrogate_in_the_body_is_read_as_u_fffd(client: TestClient, route: str, field: str) -> None:
    # in the id: 500 Internal Server Error (refused, and the refusal echoed the id, which UTF-8 cannot write)
    body = {"id": "paper-12", "text": WIRE.text, "title": "Port strike"}
    sent = json.dumps(body).replace(json.dumps(body[field])[:-1], json.dumps(body[field])[:-1] + "\\ud800", 1)
    response = client.post(route, content=sent.encode(), headers={"content-type": "application/json"})
    assert response.status_code == 200 and response.json()["id"] == ("paper-12\ufffd" if field == "id" else "paper-12")
    assert client.get("/health").json()["articles"] == (route == "/articles")


@pytest.mark.parametrize("charset,words", [("iso-8859-1", "Caf\u00e9 owners in Minsk"), ("windows-1252", "\u201cCaf\u00e9\u201d owners"),
                                           ("koi8-r", "\u041c\u0438\u043d\u0441\u043a said"), ("utf-16", "Caf\u00e9 owners")],
                         ids=["latin-1", "windows-1252", "koi8-r", "utf-16"])
def test_a_body_in_the_charset_its_content_type_names_is_read_in_it(client: TestClient, charset: str, words: str) -> None:
    # read as UTF-8 whatever the header said: 422 "not UTF-8" for the accents its charset wrote correctly
    body = json.dumps({"id": "x", "text": f"{words}. " + WIRE.text}, ensure_ascii=False).encode(charset)
    response = client.post("/articles", content=body, headers={"content-type": f"application/json; charset={charset}"})
    assert response.status_code == 200, response.text
    checked = client.post("/check", json={"text": f"{words}. " + WIRE.text}).json()
    assert [(m["id"], m["verdict"], m["scores"]["jaccard"]) for m in checked["matches"]] == [("x", "duplicate", 1.0)]


@pytest.mark.parametrize("charset", ["klingon", "base64"])
def test_a_charset_that_is_no_text_encoding_is_a_422_saying_so(client: TestClient, charset: str) -> None:
    body = json.dumps({"id": "x", "text": WIRE.text}).encode()
    response = client.post("/articles", content=body, headers={"content-type": f"application/json; charset={charset}"})
    assert response.status_code == 422
    assert response.json() == {"detail": f"unknown charset {charset!r} in Content-Type: send the article as JSON in UTF-8"}
    assert client.get("/health").json()["articles"] == 0


def test_a_damaged_page_met_while_serving_is_a_503_saying_so(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    # a 500 Internal Server Error, with a traceback in the server's log
    import sqlite3

    client.post("/articles", json=WIRE.to_dict())
    damaged = sqlite3.DatabaseError("database disk image is malformed")
    damaged.sqlite_errorcode = 11  # type: ignore[attr-defined]

    def fail(*args: object, **kwargs: object) -> None:
        raise damaged

    monkeypatch.setattr(Index, "check", fail)
    response = client.post("/check", json={"text": REPRINT["text"]})
    assert response.status_code == 503
    assert response.json()["detail"].startswith("the index file is damaged (database disk image is malformed)")


@pytest.mark.parametrize("sent", [[], [b'{"id": "a", ']], ids=["nothing", "a part"])
def test_a_body_not_whole_in_time_is_answered_408(sent: list, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[type-arg]
    """A client that declared a body and sent part of it, or none, then waited (a byte now and then: slow
    POST) held its connection slot for as long as it went on: the head had arrived, so the head's deadline
    was met. The body now has :data:`~dedup.index.serve_body.BODY_TIMEOUT` seconds (here 0.2) once the head came."""
    import asyncio

    from dedup.index import serve_body

    monkeypatch.setattr(serve_body, "BODY_TIMEOUT", 0.2, raising=False)
    reached = []

    async def app(scope: dict, receive: object, send: object) -> None:  # type: ignore[type-arg]
        reached.append(scope)

    async def receive() -> dict:  # type: ignore[type-arg]
        if sent:
            return {"type": "http.request", "body": sent.pop(), "more_body": True}
        await asyncio.sleep(3600)  # the rest never comes
        return {"type": "http.disconnect"}

    answered: list[dict] = []  # type: ignore[type-arg]

    async def send(message: dict) -> None:  # type: ignore[type-arg]
        answered.append(message)

    scope = {"type": "http", "method": "POST", "path": "/check",
             "headers": [(b"content-type", b"application/json"), (b"content-length", b"1000")]}
    asyncio.run(asyncio.wait_for(serve_body.BodyLimit(app, max_body=64 * 1024)(scope, receive, send), 10))
    assert not reached and answered[0]["status"] == 408 and (b"connection", b"close") in answered[0]["headers"]
    assert json.loads(answered[1]["body"]) == {"detail": "the request body did not arrive within 0.2 s of its head; "
                                                         "send the whole body at once"}


def test_the_body_deadline_is_a_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The 30 s a body had was fixed: a client behind a slow link sending a body near --max-body (16 MiB in
    30 s is 560 KB a second) could not be served. ``--body-timeout`` gives it, checked before the index is
    opened, and reaches the body limit."""
    uvicorn = pytest.importorskip("uvicorn")
    from typer.testing import CliRunner

    from dedup.cli import app
    from dedup.index import serve

    made: list[dict[str, Any]] = []
    real = serve.create_app
    monkeypatch.setattr(serve, "create_app", lambda index, **options: made.append(options) or real(index, **options))
    monkeypatch.setattr(uvicorn, "run", lambda application, **options: None)
    monkeypatch.setattr(serve, "_check_port", lambda host, port: None)
    result = CliRunner().invoke(app, ["serve", str(tmp_path / "n.db"), "--body-timeout", "120"])
    assert result.exit_code == 0, result.output
    assert made[0]["body_timeout"] == 120.0
    assert "--body-timeout" in CliRunner().invoke(app, ["serve", "-h"], env={"COLUMNS": "200"}).output


def test_the_server_runs_under_the_long_lived_collector(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A server lives long: it serves with what was alive at its start frozen out of the collector's full
    walks and the young generation collected less often, and gives the setting back when it stops."""
    import gc

    uvicorn = pytest.importorskip("uvicorn")
    from dedup.index import serve
    from dedup.index.index import YOUNG_COLLECTION

    before, seen = gc.get_threshold(), []
    monkeypatch.setattr(uvicorn, "run", lambda application, **options: seen.append((gc.get_threshold()[0], gc.get_freeze_count() > 0)))
    monkeypatch.setattr(serve, "_check_port", lambda host, port: None)
    serve.run(str(tmp_path / "n.db"))
    assert seen == [(YOUNG_COLLECTION, True)]
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


@pytest.mark.parametrize("seconds", ["0", "0.5", "nan", "inf", "3601", "-5"])
def test_a_body_deadline_out_of_range_is_a_usage_error(tmp_path: Path, seconds: str, monkeypatch: pytest.MonkeyPatch) -> None:
    uvicorn = pytest.importorskip("uvicorn")
    from typer.testing import CliRunner

    from dedup.cli import app

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("started with a deadline out of range"))
    result = CliRunner().invoke(app, ["serve", str(tmp_path / "n.db"), "--body-timeout", seconds])
    assert result.exit_code == 2 and "--body-timeout" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "n.db").exists()


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br"])
def test_a_compressed_body_is_a_415_saying_to_send_it_uncompressed(client: TestClient, coding: str) -> None:
    # a gzip body was "the body is not UTF-8 text (byte 0x8b at position 1)", as if its text were in another encoding
    import gzip

    body = gzip.compress(json.dumps({"id": "x", "text": WIRE.text}).encode())
    for route in ("/check", "/articles"):
        response = client.post(route, content=body, headers={"content-type": "application/json",
                                                             "content-encoding": coding})
        assert response.status_code == 415
        assert f"compressed (Content-Encoding: {coding})" in response.json()["detail"]
    assert client.get("/health").json()["articles"] == 0
    plain = client.post("/articles", content=json.dumps({"id": "x", "text": WIRE.text}).encode(),
                        headers={"content-type": "application/json", "content-encoding": "identity"})
    assert plain.status_code == 200


@pytest.mark.parametrize("route", ["/check", "/articles"])
def test_a_whole_number_id_is_taken_as_a_feed_reads_it(client: TestClient, route: str) -> None:
    # {"id": 5} is article "5" in a JSONL file and on dedup stream; the server refused it (422, "Input should be
    # a valid string"), so one feed's lines were taken by one front and refused by the other
    answer = client.post(route, json={"id": 5, "text": WIRE.text})
    assert answer.status_code == 200 and answer.json()["id"] == "5"
    assert client.get("/health").json()["articles"] == (route == "/articles")
    for wrong, said in ((True, "true"), (1.5, "1.5"), ([5], "[5]")):  # as the reader refuses them, in its words
        refused = client.post(route, json={"id": wrong, "text": WIRE.text})
        assert (refused.status_code, refused.json()) == (
            400, {"detail": f"an 'id' must be a string or a whole number, not {said}"})


def test_other_exports_names_of_a_field_are_read_as_a_jsonl_line_reads_them(tmp_path: Path) -> None:
    # {"published_at": ..., "headline": ..., "link": ...} were dropped without a word over HTTP, where dedup
    # stream (and a scan) read them as published, title and url: the article was stored undated
    record = {"id": "w", "text": WIRE.text, "published_at": "2024-01-02T03:04:05Z", "headline": "Port strike",
              "link": "https://example.org/w", "publisher": "globalwire", "extra": {"deep": [[[1]]]}}
    with Index.open(str(tmp_path / "news.db")) as index:
        answered = TestClient(create_app(index, max_body=64 * 1024)).post("/articles", json=record).json()
        stored = index._store.find(id="w")
    assert (stored.published, stored.title, stored.url, stored.outlet) == (
        "2024-01-02T03:04:05Z", "Port strike", "https://example.org/w", "globalwire")
    assert "w: the field 'published_at' read as 'published', which the record lacks" in answered["warnings"]


def test_a_field_given_under_dedups_own_name_is_not_taken_from_another(tmp_path: Path) -> None:
    # as in a JSONL line: "title": null is a title given (none), not one to take from "headline"
    record = {"id": "w", "text": WIRE.text, "title": None, "headline": "Port strike", "pubDate": 5}
    with Index.open(str(tmp_path / "news.db")) as index:
        TestClient(create_app(index, max_body=64 * 1024)).post("/articles", json=record)
        stored = index._store.find(id="w")
    assert (stored.title, stored.published) == (None, None)


@pytest.mark.parametrize("route", ["/articles", "/check"])
def test_a_field_given_twice_in_the_body_is_warned_of_as_the_stream_warns(client: TestClient, route: str) -> None:
    # FastAPI kept the last "text" without a word (the summary dropped), where the stream and the reader warn
    story = synthetic_article(3).text
    body = ('{"id": "twice", "text": "A summary of it.", "meta": {"text": "inner"}, "text": %s, "title": "t"}'
            % json.dumps(story)).encode()
    answered = client.post(route, content=body, headers={"Content-Type": "application/json"}).json()
    assert answered["warnings"] == ["twice: the field 'text' is given more than once; its last value is read"]
    once = client.post(route, content=json.dumps({"id": "once", "text": story, "meta": {"text": "x"}}).encode(),
                       headers={"Content-Type": "application/json"}).json()
    assert "warnings" not in once  # a name inside another object is no second field
    utf16 = client.post(route, content=body.decode().encode("utf-16"),
                        headers={"Content-Type": "application/json; charset=utf-16"}).json()
    assert utf16["warnings"] == answered["warnings"]  # read in the charset named, then looked at


@pytest.mark.parametrize("route", ["/check", "/articles"])
@pytest.mark.parametrize("given", [{"body": WIRE.text}, {"content": WIRE.text},
                                   {"html": "<html><body><p>" + WIRE.text + "</p></body></html>"}],
                         ids=["body", "content", "html"])
def test_a_text_under_another_name_or_as_html_is_read_as_a_stream_reads_it(tmp_path: Path, route: str,
                                                                          given: dict[str, str]) -> None:
    # refused with pydantic's "Field required" (422) where a stream, a scan and dedup check read the article
    from dedup.index.stream import stream_results

    with Index.open(str(tmp_path / "news.db")) as index:
        (line,) = [json.loads(out) for out in stream_results(index, [json.dumps({"id": "a"} | given)], add=False)]
        response = TestClient(create_app(index)).post(route, json={"id": "a"} | given)
        assert response.status_code == 200 and line["matches"] == response.json()["matches"] == []
        assert response.json().get("warnings") == line.get("warnings")
        assert index.stats()["articles"] == (route == "/articles")


def test_an_id_stored_with_another_text_is_named_on_a_streams_line_and_refused_409_by_the_server(tmp_path: Path) -> None:
    # the stream's error object for it had no "id" (its record let go before the store said no), where every
    # other refused line with an id names it
    from dedup.index.stream import stream_results

    other = synthetic_article(12, words=150)
    lines = [json.dumps({"id": "a", "text": WIRE.text}), json.dumps({"id": "a", "text": other.text})]
    said = "article id 'a' is already indexed with another text; remove it first to replace it"
    with Index.open(str(tmp_path / "stream.db")) as index:
        answers = [json.loads(out) for out in stream_results(index, lines)]
    assert answers[1] == {"line": 2, "id": "a", "error": said}
    with Index.open(str(tmp_path / "serve.db")) as index:
        client = TestClient(create_app(index))
        assert client.post("/articles", content=lines[0], headers={"content-type": "application/json"}).status_code == 200
        refused = client.post("/articles", content=lines[1], headers={"content-type": "application/json"})
        assert (refused.status_code, refused.json()) == (409, {"detail": said})


_OF_ANOTHER_TYPE = {"title-a-number": b'"title": 5', "title-true": b'"title": true', "title-a-list": b'"title": ["a"]',
                    "outlet-a-number": b'"outlet": 7', "published-a-number": b'"published": 20240101',
                    "published-no-date": b'"published": "not a date"', "published-a-list": b'"published": ["2024"]',
                    "published-nan": b'"published": NaN',
                    # a title JSON cannot write back was echoed in pydantic's 422 (it was a 500), a big one echoed whole,
                    # one holding a lone surrogate a 500: all read as a stream reads them now, echoing nothing
                    "title-nan": b'"title": [NaN]', "outlet-minus-infinity": b'"outlet": [-Infinity]',
                    "title-a-lone-surrogate": b'"title": ["\\ud800"]',
                    "title-big": b'"title": {"body": "' + b"word " * 10_000 + b'", "tags": [' + b'["x"],' * 50 + b'[]]}',
                    "published-past-a-float": b'"published": -1e999', "pubdate-nan": b'"pubDate": NaN', "url-a-number": b'"url": 5', "language-a-number": b'"language": 5'}


@pytest.mark.parametrize("route", ["/check", "/articles"])
@pytest.mark.parametrize("name", sorted(_OF_ANOTHER_TYPE))
def test_a_metadata_field_of_another_type_is_read_as_a_stream_reads_it(tmp_path: Path, route: str, name: str) -> None:
    # pydantic's 422 ("Input should be a valid string") where a stream read the line ("title": 5 the title "5",
    # a date that is none dropped with a warning): one answer, the reader's, and the same article stored
    from dedup.index.stream import stream_results

    line = b'{"id": "a", "text": ' + json.dumps(WIRE.text).encode() + b", " + _OF_ANOTHER_TYPE[name] + b"}"
    answers = []
    for how in ("stream", "server"):
        with Index.open(str(tmp_path / f"{how}.db")) as index:
            if how == "stream":
                (answer,) = [json.loads(out) for out in stream_results(index, [line.decode()], add=route == "/articles")]
                del answer["line"]
            else:
                response = TestClient(create_app(index)).post(route, content=line,
                                                              headers={"content-type": "application/json"})
                assert response.status_code == 200, response.text
                answer = response.json()
            # what was stored of it, as a later article's match gives it (its title, outlet, date, url)
            stored = [m for m in stream_results(index, [json.dumps(REPRINT)], add=False)]
            answers.append((answer, [{k: m[k] for k in ("id", "title", "outlet", "published", "url")}
                                     for m in json.loads(stored[0])["matches"]]))
    assert answers[0] == answers[1]
    assert "error" not in answers[0][0] and len(answers[0][1]) == (route == "/articles")  # stored by an add alone
    if route == "/articles" and name == "title-a-number":
        assert answers[0][1][0]["title"] == "5"


def test_head_is_answered_where_get_is(client: TestClient) -> None:
    # a monitor's HEAD /health (curl -I, a load balancer's check) was 405 "Method Not Allowed"
    client.post("/articles", json=WIRE.to_dict())
    for path in ("/health", f"/articles/{WIRE.id}/matches"):
        got, head = client.get(path), client.head(path)
        assert head.status_code == got.status_code == 200 and head.content == b"", path
        assert head.headers["content-type"] == got.headers["content-type"] == "application/json"
    assert client.head("/articles/nope/matches").status_code == 404
    assert client.request("PUT", "/health").status_code == 405
