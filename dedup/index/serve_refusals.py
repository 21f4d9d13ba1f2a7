"""A request body the HTTP front refuses, answered as ``dedup stream`` answers a line of it.

FastAPI refuses a body it cannot take with its own list (422) and one its JSON parser gave up on with a
sentence of its own (400); :func:`refusals` answers both in the reader's words: what to send when the body
came as another type than JSON or as no object, a stream's "malformed JSON (...)" with the position, the
reader's refusal of an article (400, :func:`reader_refusal`), and otherwise FastAPI's list, in brief and
always writable as JSON.
"""

# No ``from __future__ import annotations``: as in :mod:`dedup.index.serve`, FastAPI may read a handler's
# annotations at run time.

import math
from typing import TYPE_CHECKING, Any

from dedup.documents import valid_unicode
from dedup.errors import InputError
from dedup.index.serve_body import BODY, unparsed_json
from dedup.index.stream import NEEDS_ID
from dedup.records import make_document

if TYPE_CHECKING:
    from dedup.index.index import Index

__all__ = ["refusals", "reader_refusal", "json_type", "BRIEF_CHARS", "BRIEF_ITEMS", "BRIEF_DEPTH"]


def refusals(app: Any, index: "Index") -> None:
    """The app's answers to bodies FastAPI refuses itself (422 as JSON, saying what to send; an article the
    reader refuses too, 400 in the reader's words; a parse that gave no reason answered as a JSONL line of it
    is read)."""
    from fastapi import Request
    from fastapi.encoders import jsonable_encoder
    from fastapi.exception_handlers import http_exception_handler
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse
    from starlette.exceptions import HTTPException as RoutingError  # what FastAPI's body parsing raises

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Any:
        """422, as FastAPI answers a body it cannot take, but always as JSON (a NaN given where text
        belongs, echoed back as JSON cannot write it, was a 500), and saying what to send when the body
        came as another type than JSON (``curl -d`` sends a form's type unless told)."""
        kind = request.headers.get("content-type")
        if kind is None and request.method == "POST":  # its body was taken as one string, and echoed back whole
            return JSONResponse({"detail": "send the article as a JSON object with the header Content-Type: "
                                           "application/json (this request has no Content-Type)"}, status_code=422)
        if kind and not json_type(kind):  # "application/json, text/plain" was "not bytes": FastAPI read no JSON
            return JSONResponse({"detail": f"send the article as a JSON object with the header Content-Type: "
                                           f"application/json (this request's type: {kind[:100]})"}, status_code=422)
        # what it echoes of the body may hold a lone surrogate ("\ud800" in a JSON string), which no UTF-8
        # answer takes: a 500 where the article gets U+FFFD in its place; and it is echoed in brief (a body
        # missing its text was sent back whole, up to --max-body)
        if (not_one := _not_an_article(exc.errors())) is not None:
            return JSONResponse({"detail": not_one}, status_code=422)
        if (malformed := _malformed(exc.errors(), request.scope.get(BODY))) is not None:
            return JSONResponse({"detail": malformed}, status_code=422)
        if (refusal := reader_refusal(exc.body, request.url.path == "/articles", index.min_words)) is not None:
            return JSONResponse({"detail": valid_unicode(refusal)}, status_code=400)
        errors = [{**e, "input": _brief(e["input"])} if "input" in e else e for e in exc.errors()]
        return JSONResponse({"detail": valid_unicode(_finite(jsonable_encoder(errors)))}, status_code=422)

    @app.exception_handler(RoutingError)
    async def refused(request: Request, exc: RoutingError) -> Any:
        """FastAPI's own refusals as it answers them, but a body its JSON parser gave up on with no reason
        (a number of more than 4,300 digits, nesting past Python's recursion limit: "There was an error
        parsing the body", 400) is answered as a JSONL line of it is read: "malformed JSON (a number too
        long ...)", 422, as other malformed JSON."""
        if exc.status_code == 400 and exc.detail == _PARSE_FAILED:
            why = unparsed_json(request.scope.get(BODY))
            if why is not None:
                return JSONResponse({"detail": why}, status_code=422)
        return await http_exception_handler(request, exc)


#: FastAPI's answer to a body its JSON parser raised on with no JSON error (``fastapi.routing``).
_PARSE_FAILED = "There was an error parsing the body"


def reader_refusal(body: Any, add: bool, min_words: int) -> str | None:
    """The reader's reason to refuse the JSON object ``body`` (to be added when ``add``), as ``dedup stream``
    and ``dedup check`` word it, or None when the reader would take it. Asked of a body pydantic refused: an
    id of another type ("an 'id' must be a string or a whole number, not true"), a text that is a number or a
    list, an article to add without an id were pydantic's lists (422), the same line a stream's error."""
    if not isinstance(body, dict):
        return None
    if add and "id" not in body:
        return NEEDS_ID
    try:
        make_document(body, default_id="incoming", min_words=min_words)
    except InputError as exc:
        return str(exc)
    return None


def _malformed(errors: Any, body: bytes | None) -> str | None:
    """A body that is no JSON, in a stream's words for its line ("malformed JSON (Expecting ',' delimiter at column
    16)"), or None: pydantic's list (``"type": "json_invalid"``, "JSON decode error", the position counted from 0)
    was a second answer to the line a stream answers, and a client had two shapes of ``detail`` to read."""
    if not any(e.get("type") == "json_invalid" for e in errors):
        return None
    return unparsed_json(body)


def _not_an_article(errors: Any) -> str | None:
    """What to send, when the body as a whole is no JSON object (a list, a string, a number, nothing): pydantic's
    "Input should be a valid dictionary or object to extract fields from" (or "Field required" for an empty
    body) named neither what came nor what to send, where a file of them is told "a JSON article must be an
    object with a 'text' field, not a list"."""
    whole = [e for e in errors if tuple(e.get("loc", ())) == ("body",)]
    if not whole:
        return None
    given = whole[0].get("input")
    kinds = {list: "a list", str: "a string", bool: "true or false", int: "a number", float: "a number", dict: "an object"}
    what = "nothing (an empty body, or null)" if given is None else kinds.get(type(given), type(given).__name__)
    many = "; a list of articles goes one article a request (dedup stream reads them one a line)" if isinstance(given, list) else ""
    return f"the body must be one article as a JSON object with a 'text' field, not {what}{many}"


#: How much of a refused value a 422 echoes: strings cut to this many characters, objects and lists to
#: BRIEF_ITEMS entries, BRIEF_DEPTH levels deep.
BRIEF_CHARS, BRIEF_ITEMS, BRIEF_DEPTH = 200, 20, 4


def _brief(value: Any, depth: int = 0) -> Any:
    """``value`` as a refusal echoes it: long strings cut (ending in "…"), long or deep objects and lists cut."""
    if isinstance(value, str):
        return value if len(value) <= BRIEF_CHARS else value[:BRIEF_CHARS] + "\u2026"
    if isinstance(value, dict):
        if depth >= BRIEF_DEPTH:
            return "\u2026"
        return {k: _brief(v, depth + 1) for k, v in list(value.items())[:BRIEF_ITEMS]}
    if isinstance(value, (list, tuple)):
        if depth >= BRIEF_DEPTH:
            return "\u2026"
        return [_brief(v, depth + 1) for v in value[:BRIEF_ITEMS]]
    return value


def _finite(value: Any) -> Any:
    """``value`` with each float that JSON cannot write (NaN, infinities) written as its JavaScript name."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if value != value else "Infinity" if value > 0 else "-Infinity"
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def json_type(kind: str) -> bool:
    """Whether a Content-Type is one FastAPI parses a body of as JSON (``application/json``,
    ``application/*+json``), read as it reads it; any other body reaches a route as bytes.

    >>> json_type("application/json; charset=utf-8"), json_type("application/ld+json"), json_type("text/json")
    (True, True, False)
    >>> json_type("application/json, text/plain")
    False
    """
    import email.message

    message = email.message.Message()
    message["content-type"] = kind
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (subtype == "json" or subtype.endswith("+json"))
