"""The answers to a body the HTTP front refuses (:mod:`dedup.index.serve_refusals`): in a stream's words."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest

from dedup.index.serve_refusals import BRIEF_CHARS, BRIEF_DEPTH, BRIEF_ITEMS, _brief, _finite, _malformed, \
    _not_an_article, reader_refusal

from _ingest_fixtures import synthetic_article  # noqa: E402

WIRE = synthetic_article(11, words=150)


def test_the_reader_refusal_is_the_readers_words_or_none() -> None:
    assert reader_refusal({"id": "a", "text": WIRE.text}, True, 5) is None
    assert reader_refusal({"text": WIRE.text}, False, 5) is None  # a check needs no id
    assert "id" in reader_refusal({"text": WIRE.text}, True, 5)  # type: ignore[operator]
    assert reader_refusal({"id": "a", "text": 3}, False, 5) == "'text' must be a string, not a number"
    assert reader_refusal(["not", "an", "object"], True, 5) is None  # answered elsewhere (_not_an_article)


def test_a_refused_value_is_echoed_in_brief() -> None:
    assert _brief("x" * BRIEF_CHARS) == "x" * BRIEF_CHARS
    assert _brief("x" * (BRIEF_CHARS + 1)) == "x" * BRIEF_CHARS + "\u2026"
    assert len(_brief(list(range(BRIEF_ITEMS + 5)))) == BRIEF_ITEMS
    assert len(_brief({str(k): k for k in range(BRIEF_ITEMS + 5)})) == BRIEF_ITEMS
    deep: Any = "end"
    for _ in range(BRIEF_DEPTH + 2):
        deep = [deep]
    cut = _brief(deep)
    for _ in range(BRIEF_DEPTH):
        cut = cut[0]
    assert cut == "\u2026"
    assert _brief(3.5) == 3.5


def test_floats_json_cannot_write_are_written_as_their_names() -> None:
    given = {"a": [float("nan"), float("inf"), -float("inf"), 1.5], "b": (2.0,)}
    assert _finite(given) == {"a": ["NaN", "Infinity", "-Infinity", 1.5], "b": [2.0]}
    json.dumps(_finite(given), allow_nan=False)  # writable


def test_only_a_body_that_is_no_object_or_no_json_gets_those_answers() -> None:
    field = [{"type": "string_type", "loc": ("body", "text"), "input": 3}]
    assert _not_an_article(field) is None and _malformed(field, b"{}") is None
    assert _not_an_article([{"loc": ("body",), "input": 12}]) == (
        "the body must be one article as a JSON object with a 'text' field, not a number")
    assert _malformed([{"type": "json_invalid"}], b'{"text": "a" "b"}').startswith("malformed JSON (")


pytest.importorskip("fastapi", reason="the HTTP server needs the dedup[serve] extra")
pytest.importorskip("httpx", reason="FastAPI's TestClient needs httpx")

from fastapi.testclient import TestClient  # noqa: E402

from dedup.index import Index  # noqa: E402
from dedup.index.serve import create_app  # noqa: E402
from dedup.reading import read_corpus  # noqa: E402


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with Index.open(str(tmp_path / "news.db")) as index:
        yield TestClient(create_app(index, max_body=64 * 1024))


@pytest.mark.parametrize("route", ["/check", "/articles"])
def test_a_text_json_cannot_write_is_refused_in_the_readers_words(client: TestClient, route: str) -> None:
    # {"text": NaN} was pydantic's "Input should be a valid string" (422), where a stream says this
    response = client.post(route, content=b'{"id": "x", "text": NaN}', headers={"content-type": "application/json"})
    assert (response.status_code, response.json()) == (400, {"detail": "'text' must be a string, not a number"})


@pytest.mark.parametrize("kind", ["application/x-www-form-urlencoded", "text/plain"])
def test_a_body_sent_as_another_type_than_json_says_what_to_send(client: TestClient, kind: str) -> None:
    # curl -d without -H sends a form's type: the answer was 'Input should be a valid dictionary'
    import json

    response = client.post("/check", content=json.dumps({"text": WIRE.text}), headers={"content-type": kind})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("send the article as a JSON object with the header Content-Type: "
                                                "application/json")
    assert client.post("/check", content=json.dumps({"text": WIRE.text}),
                       headers={"content-type": "application/json; charset=utf-8"}).status_code == 200


@pytest.mark.parametrize("route", ["/check", "/articles"])
def test_a_body_sent_with_no_type_says_what_to_send_and_is_not_echoed(client: TestClient, route: str) -> None:
    # a client that sends no Content-Type at all: its body was taken as one string and the 422 echoed it back
    # whole (up to --max-body) under "Input should be a valid dictionary"
    import json

    body = json.dumps({"id": "no-type", "text": WIRE.text}).encode()
    request = client.build_request("POST", route, content=body)
    assert "content-type" not in request.headers
    response = client.send(request)
    assert response.status_code == 422 and response.json() == {
        "detail": "send the article as a JSON object with the header Content-Type: application/json (this request "
                  "has no Content-Type)"}


@pytest.mark.parametrize("route", ["/check", "/articles"])
@pytest.mark.parametrize("what", ["id", "text", "nesting"])
def test_a_number_too_long_or_nesting_too_deep_is_malformed_json_as_on_a_jsonl_line(client: TestClient, tmp_path: Path,
                                                                                    route: str, what: str) -> None:
    # "There was an error parsing the body" (400, saying nothing) where a JSONL line of the same object was
    # "malformed JSON (a number too long at column 8)": one input, one reading
    big = "1" + "0" * 5000
    body = {"id": f'{{"id": {big}, "text": {json.dumps(WIRE.text)}}}',
            "text": f'{{"id": "x", "text": {big}}}',
            "nesting": f'{{"id": "x", "text": {json.dumps(WIRE.text)}, "extra": {"[" * 5000}{"]" * 5000}}}'}[what]
    response = client.post(route, content=body.encode(), headers={"content-type": "application/json"})
    feed = tmp_path / "feed.jsonl"
    feed.write_text(body + "\n", encoding="utf-8")
    skipped = read_corpus(feed).skipped
    assert response.status_code == 422
    assert [s.reason for s in skipped] == [f"malformed JSON line ({response.json()['detail'][len('malformed JSON ('):-1]})"]
    # the column where the number opens, or the bracket that opens the 65th level (it was column 1 whatever the depth)
    column = body.index("[" if what == "nesting" else big) + (64 if what == "nesting" else 1)
    assert response.json()["detail"] == (f"malformed JSON (nested too deep (more than 64 levels) at column {column})"
                                         if what == "nesting" else f"malformed JSON (a number too long at column {column})")
    assert client.get("/health").json()["articles"] == 0
    assert client.get("/articles/x/matches").status_code == 404  # the other refusals answered as before


@pytest.mark.parametrize("route", ["/check", "/articles"])
@pytest.mark.parametrize("depth", [63, 64, 100, 900])
def test_a_body_nested_past_the_jsonl_readers_depth_is_refused_as_a_line_of_it_is(client: TestClient, tmp_path: Path,
                                                                                 route: str, depth: int) -> None:
    # the JSONL reader refuses nesting past MAX_JSON_DEPTH; the server took any depth short of Python's
    # recursion limit and stored the article: one rule for both
    body = f'{{"id": "deep", "text": {json.dumps(WIRE.text)}, "extra": {"[" * depth}{"]" * depth}}}'
    feed = tmp_path / "feed.jsonl"
    feed.write_text(body + "\n", encoding="utf-8")
    read = read_corpus(feed)
    response = client.post(route, content=body.encode(), headers={"content-type": "application/json"})
    if read.documents:
        assert response.status_code == 200
    else:
        said = f"nested too deep (more than 64 levels) at column {body.index('[') + 64}"  # the 65th level's bracket
        assert [s.reason for s in read.skipped] == [f"malformed JSON line ({said})"]
        assert (response.status_code, response.json()) == (422, {"detail": f"malformed JSON ({said})"})
        assert client.get("/health").json()["articles"] == 0


@pytest.mark.parametrize("body, what", [
    (b'[{"id": "a", "text": "x"}]', "not a list; a list of articles goes one article a request (dedup stream reads "
                                    "them one a line)"),
    (b"[[1, 2], [3]]", "not a list; a list of articles goes one article a request (dedup stream reads them one a line)"),
    (b'"an article"', "not a string"), (b"12", "not a number"), (b"true", "not true or false"),
    (b"", "not nothing (an empty body, or null)"), (b"null", "not nothing (an empty body, or null)"),
], ids=["list", "nested-lists", "string", "number", "boolean", "empty", "null"])
@pytest.mark.parametrize("route", ["/articles", "/check"])
def test_a_body_that_is_no_json_object_says_what_to_send(client: TestClient, route: str, body: bytes, what: str) -> None:
    # pydantic's "Input should be a valid dictionary or object to extract fields from" ("Field required" for an
    # empty body) said neither what came nor what to send
    response = client.post(route, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json() == {"detail": f"the body must be one article as a JSON object with a 'text' field, {what}"}


_ONE_ANSWER = {  # an article as a stream's line and as a body posted, each (id, fields)
    "no text": {"id": "a"},
    "text null": {"id": "a", "text": None},
    "text a number": {"id": "a", "text": 3},
    "text a list": {"id": "a", "text": ["word"] * 30},
    "html a number": {"id": "a", "html": 5},
    "empty": {"id": "a", "text": ""},
    "blank": {"id": "a", "text": " \n "},
    "too short": {"id": "a", "text": "too short"},
    "id true": {"id": True, "text": WIRE.text},
    "id a list": {"id": ["a"], "text": WIRE.text},
    "id blank": {"id": " ", "text": WIRE.text},
    "no id": {"text": WIRE.text},
    "a feed": {"id": "a", "items": [{"text": WIRE.text}]},
}


@pytest.mark.parametrize("route", ["/check", "/articles"])
@pytest.mark.parametrize("name", sorted(_ONE_ANSWER))
def test_a_refused_article_gets_a_streams_words_and_a_400(tmp_path: Path, route: str, name: str) -> None:
    # a body without its text was pydantic's 422 [{"type": "missing", "loc": ["body", "text"], "msg": "Field
    # required", ...}] where dedup stream and dedup check said "no 'text' field (or 'html') with the article";
    # an id or a text of another type, a body to add without an id, each a list of pydantic's, each a line there
    from dedup.index.stream import stream_results

    record = _ONE_ANSWER[name]
    with Index.open(str(tmp_path / "news.db")) as index:
        (line,) = [json.loads(out) for out in stream_results(index, [json.dumps(record)], add=route == "/articles")]
        response = TestClient(create_app(index)).post(route, json=record)
        if route == "/check" and not str(record.get("id", "")).strip():  # a check needs no id (a stream's line does)
            assert response.status_code == 200
            return
        assert "error" in line
        assert (response.status_code, response.json()) == (400, {"detail": line["error"]})
        assert index.stats()["articles"] == 0
