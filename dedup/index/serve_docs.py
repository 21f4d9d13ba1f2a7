"""``GET /docs`` of ``dedup serve``: the API's routes and the fields of their bodies, one plain HTML page made from
the server's own OpenAPI document (``/openapi.json``), which loads nothing from anywhere else.

FastAPI's own pages (``/docs``, Swagger UI; ``/redoc``) load their scripts and styles from a CDN: on an ingest
server of a closed network they were blank, and a newsroom's server called out to a third party for them. The
page here is pure (:func:`docs_page`, a dict in, a string out); :func:`add_docs` serves it with a policy that
lets the browser fetch nothing.
"""

from __future__ import annotations

import html
from typing import Any

#: The browser may fetch nothing for the page (no script, no style sheet, no font, no image): its style is inline.
POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

_STYLE = ("body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.4}"
          "code{background:#f3f3f3;padding:0 .2em}table{border-collapse:collapse;margin:.5em 0 1em}"
          "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}"
          "h2{margin-top:2em}h3{margin-bottom:.2em}")


def docs_page(openapi: dict[str, Any]) -> str:
    """The HTML page of an OpenAPI document: its title and description, each route (method, path, what it
    does, its path parameters, its body, its answers) and each schema's fields (name, type, required, what it
    is). Every text of the document is escaped: a field's description cannot write markup."""
    info = openapi.get("info", {})
    title = f"{info.get('title', 'API')} {info.get('version', '')}".strip()
    parts = [f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{_e(title)}</title>",
             f"<style>{_STYLE}</style></head><body><h1>{_e(title)}</h1>",
             f"<p>{_e(info.get('description', ''))}</p>",
             "<p>The same description as JSON, for tools that read OpenAPI: <a href=\"/openapi.json\">"
             "<code>/openapi.json</code></a>.</p><h2>Routes</h2>"]
    for path, methods in openapi.get("paths", {}).items():
        for method, operation in methods.items():
            parts.append(_route(method, path, operation))
    parts.append("<h2>Bodies and answers</h2>")
    for name, schema in openapi.get("components", {}).get("schemas", {}).items():
        parts.append(_schema(name, schema))
    parts.append("</body></html>\n")
    return "".join(parts)


def _route(method: str, path: str, operation: dict[str, Any]) -> str:
    """One route: its heading, what it does, its parameters, its body and its answers' statuses."""
    out = [f"<h3><code>{_e(method.upper())} {_e(path)}</code></h3>",
           f"<p>{_e(operation.get('description') or operation.get('summary', ''))}</p>"]
    for parameter in operation.get("parameters", []):
        out.append(f"<p>{_e(parameter.get('in', ''))} parameter <code>{_e(parameter.get('name', ''))}</code>: "
                   f"{_e(type_of(parameter.get('schema', {})))}</p>")
    body = operation.get("requestBody", {}).get("content", {})
    for kind, content in body.items():
        out.append(f"<p>Body ({_e(kind)}): {_e(type_of(content.get('schema', {})))}</p>")
    statuses = ", ".join(f"{_e(code)} {_e(answer.get('description', ''))}"
                         for code, answer in operation.get("responses", {}).items())
    out.append(f"<p>Answers: {statuses}</p>")
    return "".join(out)


def _schema(name: str, schema: dict[str, Any]) -> str:
    """One schema: its name, what it is and a table of its fields."""
    required = set(schema.get("required", []))
    rows = "".join(f"<tr><td><code>{_e(field)}</code></td><td>{_e(type_of(spec))}</td>"
                   f"<td>{'yes' if field in required else ''}</td><td>{_e(spec.get('description', ''))}</td></tr>"
                   for field, spec in schema.get("properties", {}).items())
    more = "<p>Other fields are read as a JSONL line's are.</p>" if schema.get("additionalProperties") else ""
    return (f"<h3 id=\"{_e(name)}\">{_e(name)}</h3><p>{_e(schema.get('description', ''))}</p>"
            f"<table><tr><th>field</th><th>type</th><th>required</th><th>what it is</th></tr>{rows}</table>{more}")


def type_of(schema: dict[str, Any]) -> str:
    """A schema's type in a few words: ``string or integer or null``, ``array of ValidationError``, the name a
    ``$ref`` gives.

    >>> type_of({"anyOf": [{"type": "string"}, {"type": "null"}]}), type_of({"$ref": "#/components/schemas/A"})
    ('string or null', 'A')
    """
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(type_of(option) for option in schema["anyOf"])
    if schema.get("type") == "array":
        return f"array of {type_of(schema.get('items', {}))}"
    return str(schema.get("type", "any"))


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def add_docs(app: Any) -> None:
    """Serve :func:`docs_page` of ``app``'s OpenAPI document at ``GET /docs`` (made with ``docs_url=None`` and
    ``redoc_url=None``, so that neither of FastAPI's pages is served)."""
    from fastapi.responses import HTMLResponse

    def docs() -> HTMLResponse:
        return HTMLResponse(docs_page(app.openapi()), headers={"Content-Security-Policy": POLICY})

    app.add_api_route("/docs", docs, methods=["GET", "HEAD"], include_in_schema=False)  # HEAD where GET is
