"""A request's body as the HTTP server takes it (dedup.index.serve_body, dedup.index.serve): too large, malformed,
a list, the reader's refusals in the stream's words, control bytes read, a language kept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dedup.index import Index

from _bad_input_files import TEXT
from _bad_input_helpers import index, template  # noqa: F401 - fixtures


# -- HTTP: bodies too large, malformed, of the wrong type ------------------------------------------------


@pytest.fixture
def client(index: Path) -> Any:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from dedup.index.serve import create_app

    with Index.open(index) as opened:
        yield TestClient(create_app(opened))


@pytest.mark.parametrize("body,status,says", [
    (json.dumps({"id": "big", "text": "word " * (1 << 20)}).encode(), 413, "larger than"),
    # a stream's words for the line (pydantic's "JSON decode error" list before)
    (b'{"id": "x", "text": "unterminated', 422, "malformed JSON (Unterminated string starting at column 21)"),
    # pydantic's "Input should be a valid dictionary ..." before
    (b'[{"id": "x", "text": "a list"}]', 422, "not a list; a list of articles goes one article a request"),
    # the reader's refusals, in dedup stream's words (they were pydantic's 422 lists)
    (json.dumps({"id": "x", "text": 12}).encode(), 400, "'text' must be a string, not a number"),
    (json.dumps({"id": 7.5, "text": TEXT}).encode(), 400, "an 'id' must be a string or a whole number, not 7.5"),  # a whole number is an id, as in JSONL
    (json.dumps({"id": "x"}).encode(), 400, "no 'text' field (or 'html') with the article"),
    (json.dumps({"id": "x", "text": "too short"}).encode(), 400, "too short"),
    (b"\xff\xfe\x00garbage", 422, ""),
], ids=["too-large", "malformed", "a-list", "text-not-string", "id-not-string-or-whole", "missing-text", "too-short", "binary"])
@pytest.mark.parametrize("route", ["/check", "/articles"])
def test_http_bodies(client: Any, index: Path, route: str, body: bytes, status: int, says: str) -> None:
    response = client.post(route, content=body, headers={"content-type": "application/json"})
    assert response.status_code == status
    assert says in json.dumps(response.json()["detail"])
    assert client.get("/health").json()["articles"] == 1


def test_http_control_bytes_in_text_are_read(client: Any) -> None:
    response = client.post("/check", json={"text": TEXT.replace("drills", "dri\x00lls", 1)})
    assert response.status_code == 200 and response.json()["matches"][0]["id"] == "belarus-china-drills.txt"


def test_http_keeps_the_language_given(client: Any, index: Path) -> None:
    response = client.post("/articles", json={"id": "tagged", "text": TEXT, "language": "de"})
    assert response.status_code == 200, response.text
    with Index.open(index, create=False) as opened:
        assert opened._store.find(id="tagged").language == "de"  # noqa: SLF001


@pytest.mark.parametrize("body", [b"hello there", b'{"id": "x", "text": "a",}', b'{"id": "x", "text" "a"}', b"{"],
                         ids=["words", "trailing-comma", "no-colon", "cut"])
@pytest.mark.parametrize("route", ["/check", "/articles"])
def test_malformed_json_is_answered_as_a_stream_answers_its_line(client: Any, index: Path, route: str,
                                                                 body: bytes) -> None:
    from dedup.index.stream import stream_results

    response = client.post(route, content=body, headers={"content-type": "application/json"})
    with Index.open(index, create=False) as opened:
        line = json.loads(next(stream_results(opened, [body.decode()], add=False)))
    assert response.status_code == 422
    assert response.json() == {"detail": line["error"]} and line["error"].startswith("malformed JSON (")
    assert client.get("/health").json()["articles"] == 1


@pytest.mark.parametrize("method, path", [("post", "/check?min_confidence=0.9"), ("post", "/articles?id=x"),
                                          ("get", "/articles/wire-1/matches?earlier_only=true")])
def test_a_query_parameter_is_refused_not_ignored(client: Any, method: str, path: str) -> None:
    # "POST /check?min_confidence=0.9" was answered at the server's own bar, the parameter ignored without a word
    kwargs = {"content": json.dumps({"id": "q", "text": TEXT}), "headers": {"content-type": "application/json"}} \
        if method == "post" else {}
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == 400, response.text
    assert response.json()["detail"].startswith(f"this server reads no query parameters ({path.partition('?')[2]!r} "
                                                "would be ignored)")
    assert client.get("/health?probe=1").status_code == 200  # a monitor's own parameter on /health is no matter
    assert client.get("/health").json()["articles"] == 1  # nothing added


@pytest.mark.parametrize("kind", ["application/json, text/plain", "text/json"])
def test_a_content_type_fastapi_reads_no_json_of_is_named(client: Any, kind: str) -> None:
    # "application/json, text/plain" was "... a JSON object with a 'text' field, not bytes"
    response = client.post("/check", content=json.dumps({"id": "q", "text": TEXT}), headers={"content-type": kind})
    assert response.status_code == 422
    assert response.json()["detail"] == ("send the article as a JSON object with the header Content-Type: "
                                         f"application/json (this request's type: {kind})")
    fine = client.post("/check", content=json.dumps({"id": "q", "text": TEXT}),
                       headers={"content-type": "application/ld+json"})
    assert fine.status_code == 200, fine.text
