"""``GET /docs`` of the HTTP server: a plain page of its OpenAPI document, read offline."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import pytest

pytest.importorskip("fastapi", reason="the HTTP server needs the dedup[serve] extra")
pytest.importorskip("httpx", reason="FastAPI's TestClient needs httpx")

from fastapi.testclient import TestClient  # noqa: E402

from dedup.index import Index  # noqa: E402
from dedup.index.serve import create_app  # noqa: E402
from dedup.index.serve_docs import POLICY, docs_page, type_of  # noqa: E402


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with Index.open(str(tmp_path / "news.db")) as index:
        yield TestClient(create_app(index))


def test_the_docs_page_loads_nothing_from_elsewhere(client: TestClient) -> None:
    # FastAPI's /docs loaded Swagger UI's script and style from cdn.jsdelivr.net: blank on a closed network
    response = client.get("/docs")
    page = response.text
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == POLICY and "default-src 'none'" in POLICY
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert re.findall(r"(?:src|href)=\"([^\"]*)\"", page) == ["/openapi.json"]  # the one link, on this server
    assert "http://" not in page and "https://" not in page
    assert client.head("/docs").status_code == 200  # HEAD where GET is, as /health


def test_the_docs_page_lists_every_route_and_the_fields_of_the_bodies(client: TestClient) -> None:
    page = client.get("/docs").text
    openapi = client.get("/openapi.json").json()
    for path, methods in openapi["paths"].items():
        for method in methods:
            assert f"<code>{method.upper()} {path}</code>" in page
    for field in openapi["components"]["schemas"]["NewArticle"]["properties"]:
        assert f"<td><code>{field}</code></td>" in page
    assert "ISO 8601 or RFC 2822 date; prune uses it" in page and "string or integer" in page
    assert "/docs" not in openapi["paths"]  # the page is no route of the API


def test_fastapis_own_pages_are_not_served(client: TestClient) -> None:
    for path in ("/redoc", "/docs/oauth2-redirect"):
        response = client.get(path)
        assert response.status_code == 404 and "cdn" not in response.text


def test_a_description_cannot_write_markup() -> None:
    page = docs_page({"info": {"title": "<b>t</b>", "description": "<script>x</script>"},
                      "paths": {"/a": {"get": {"description": "\"><img src=x>", "responses": {}}}},
                      "components": {"schemas": {"A": {"properties": {"<i>": {"type": "string",
                                                                              "description": "&"}}}}}})
    assert "<script>x" not in page and "<img" not in page and "<i>" not in page and "<b>t" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "&amp;" in page


def test_a_type_is_said_in_a_few_words() -> None:
    assert type_of({"type": "array", "items": {"$ref": "#/components/schemas/ValidationError"}}) == \
        "array of ValidationError"
    assert type_of({"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}) == "string or integer or null"
    assert type_of({}) == "any"
