"""A request's body as the HTTP server takes it, before the app reads it: its size, its time, its charset, its depth.

:class:`BodyLimit` (ASGI middleware) refuses a body larger than ``max_body`` (413) before it is read into
memory, one not whole ``body_timeout`` seconds after its request's head (408), a compressed one (415), and
JSON the feed's reader would refuse (422: not text of its charset, nested too deep); it reads a body in the
charset its Content-Type names and hands it on whole, as UTF-8. A limit raised from inside the app would be
caught by FastAPI's body parsing and answered as a 400 instead. :func:`read_as_the_reader_reads` and
:func:`as_written` let the app's model take a metadata field as the feed's reader takes it (a title that is a
number, a date that is ``NaN``), so that the server and ``dedup stream`` give one answer.
"""

from __future__ import annotations

import math
from typing import Any

from dedup.json_input import MAX_JSON_DEPTH, json_error, load_json
from dedup.records import LITERAL_FIELDS

__all__ = ["BODY", "BODY_TIMEOUT", "BodyLimit", "as_written", "read_as_the_reader_reads", "unparsed_json"]

#: Seconds a request has for its whole body once its head has arrived (2 MB, the default ``max_body``, in
#: them is 70 KB a second): past them it is answered 408 and its connection closed. A client that declared
#: a body and sent it a byte now and then, or never, held its connection slot for as long as it went on
#: (the head's deadline, :data:`~dedup.index.serve_server.HEAD_TIMEOUT`, was met), and with every slot so
#: held every other request was answered 503.
BODY_TIMEOUT = 30.0
#: The request's scope entry holding its body as the app was given it (:class:`BodyLimit`).
BODY = "dedup.body"


class BodyLimit:
    """ASGI middleware: 413 when Content-Length (or the bytes actually sent) exceed ``max_body``, 408 when
    the body is not whole ``body_timeout`` seconds after the request's head.

    The body is read here, up to the limit, and handed on whole: a limit raised from inside the app would
    be caught by FastAPI's body parsing and answered as a 400 instead.
    """

    def __init__(self, app: Any, max_body: int, body_timeout: float | None = None) -> None:
        self.app = app
        self.max_body = max_body
        self.body_timeout = BODY_TIMEOUT if body_timeout is None else body_timeout

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if await self._refused_head(scope, send):
            return
        chunks = await self._whole_body(receive, send)
        if chunks is None:
            return
        scope, chunks, why = _as_json(scope, chunks)
        if why is not None:
            await _answer(send, 422, why)
            return
        scope = dict(scope, **{BODY: b"".join(chunks)})  # a refusal of the app's own may read it again
        replayed = False

        async def whole() -> Any:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, whole, send)

    async def _refused_head(self, scope: Any, send: Any) -> bool:
        """Whether the request's head alone refuses it (answered here): a length and chunks both given, a body
        declared larger than ``max_body``, a query string (the API reads none), a compressed body. Told before
        any byte of the body is read."""
        length = dict(scope.get("headers", ())).get(b"content-length")
        if length is not None and b"transfer-encoding" in dict(scope.get("headers", ())):
            # both: which one ends the body is for each reader of the request to guess (a proxy in front may read
            # the other), the way a request is smuggled past it; the server took the chunks, and said nothing
            await _answer(send, 400, "the request gives both Content-Length and Transfer-Encoding; send one of them")
            return True
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _too_large(send, self.max_body)
            return True
        query = scope.get("query_string", b"")
        if query and (scope.get("path") == "/check" or scope.get("path", "").startswith("/articles")):
            # "POST /check?min_confidence=0.9" was answered at the server's own bar, the parameter ignored unsaid
            await _answer(send, 400, f"this server reads no query parameters ({query.decode('latin-1')[:80]!r} would "
                                     "be ignored): an article goes in a POST's body, and serve's --min-confidence "
                                     "sets the bar")
            return True
        coding = dict(scope.get("headers", ())).get(b"content-encoding", b"identity").decode("latin-1").strip()
        if coding.lower() not in ("identity", ""):  # a gzip body was refused as "not UTF-8 text (byte 0x8b ...)"
            await _answer(send, 415, f"the body is compressed (Content-Encoding: {coding[:40]}), which this server "
                                     "does not read: send the article uncompressed, without that header")
            return True
        return False

    async def _whole_body(self, receive: Any, send: Any) -> list[bytes] | None:
        """The body's chunks, read up to ``max_body`` bytes and ``body_timeout`` seconds; None when it is
        refused (answered here: too large, too slow) or the client went away."""
        import asyncio

        chunks, size, message = [], 0, {"more_body": True}
        deadline = asyncio.get_running_loop().time() + self.body_timeout
        while message.get("more_body", False):
            try:
                message = await asyncio.wait_for(receive(), deadline - asyncio.get_running_loop().time())
            except asyncio.TimeoutError:
                await _answer(send, 408, f"the request body did not arrive within {self.body_timeout:g} s of its "
                                         "head; send the whole body at once")
                return None
            if message["type"] != "http.request":  # the client went away
                return None
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_body:
                await _too_large(send, self.max_body)
                return None
        return chunks


def _as_json(scope: Any, chunks: list[bytes]) -> tuple[Any, list[bytes], str | None]:
    """A JSON body in the charset its Content-Type names, handed on as UTF-8 (the scope's length with it),
    and why it is refused (422) before the app parses it: not text of its charset, nested too deep. Any
    other type of body is handed on as it came."""
    headers = dict(scope.get("headers", ()))
    kind = headers.get(b"content-type", b"").decode("latin-1")
    why = None
    if "json" in kind.lower():
        body, why = _as_utf8(b"".join(chunks), kind)
        if why is None and body is not None:  # read in the charset the client named: handed on as UTF-8
            chunks = [body]
            scope = dict(scope, headers=[(name, str(len(body)).encode() if name == b"content-length" else value)
                                         for name, value in scope.get("headers", ())])
        elif why is None:
            why = _not_json_text(b"".join(chunks))
        if why is None:
            why = _too_deep(b"".join(chunks))
    return scope, chunks, why




async def _too_large(send: Any, limit: int) -> None:
    await _answer(send, 413, f"request body larger than {limit:,} bytes; send one article per request")


def _as_utf8(body: bytes, kind: str) -> tuple[bytes | None, str | None]:
    """A body sent with a charset other than UTF-8 named in its Content-Type (``application/json;
    charset=iso-8859-1``), as UTF-8, or why it cannot be read so (an unknown charset, bytes that are not of
    it): ``(None, None)`` when no such charset is named. It was read as UTF-8 whatever the client said,
    and refused as "not UTF-8" for the accents its charset wrote correctly."""
    import codecs
    import re

    named = re.search(r";\s*charset\s*=\s*\"?([^\s;\"]*)", kind, re.IGNORECASE)
    if named is None or not named.group(1):
        return None, None
    charset = named.group(1)
    try:
        codec = codecs.lookup(charset)
    except LookupError:
        codec = None
    if codec is None or not getattr(codec, "_is_text_encoding", True):  # base64 and the like: no text
        return None, f"unknown charset {charset[:40]!r} in Content-Type: send the article as JSON in UTF-8"
    if codec.name in ("utf-8", "utf-8-sig"):
        return None, None
    try:
        return body.decode(codec.name).encode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, (f"the body is not {charset[:40]} text, as its Content-Type says (byte 0x{body[exc.start]:02x} "
                      f"at position {exc.start}): send the article as JSON in UTF-8")


def _too_deep(body: bytes) -> str | None:
    """"malformed JSON (nested too deep ...)" when ``body`` nests deeper than a JSONL line may
    (:data:`dedup.json_input.MAX_JSON_DEPTH`), or None: FastAPI's parser took any depth short of Python's
    recursion limit, so a body a feed's reader refused was stored. Parsed again only when it opens more
    objects and lists than that depth (a count of two bytes)."""
    if body.count(b"[") + body.count(b"{") <= MAX_JSON_DEPTH:
        return None
    why = unparsed_json(body)
    return why if why is not None and why.startswith("malformed JSON (nested too deep") else None


def _not_json_text(body: bytes) -> str | None:
    """Why ``body`` is no JSON text (UTF-8, or UTF-16 or UTF-32 as JSON tells them apart), or None: its
    parse failed with "There was an error parsing the body", a 400 that did not say where or why."""
    import json

    encoding = json.detect_encoding(body)
    try:
        body.decode(encoding)
    except UnicodeDecodeError as exc:
        return (f"the body is not {encoding.upper()} text (byte 0x{body[exc.start]:02x} at position {exc.start}): "
                "send the article as JSON in UTF-8")
    return None


async def _answer(send: Any, status: int, detail: str) -> None:
    import json

    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})  # the rest of the body is not read
    await send({"type": "http.response.body", "body": body})



def unparsed_json(body: bytes | None) -> str | None:
    """Why a JSONL line of ``body`` would be malformed (the reader's words), or None when it is not."""
    import json

    if not isinstance(body, bytes):
        return None
    try:
        load_json(body.decode(json.detect_encoding(body)))
    except json.JSONDecodeError as exc:
        return f"malformed JSON ({json_error(exc)})"
    except (UnicodeDecodeError, ValueError):
        return None
    return None


def as_written(given: dict[str, Any], body: bytes | None) -> dict[str, Any]:
    """``given`` with a date JSON gives as a number no float holds (``NaN``, ``1e999``) as its body writes it,
    as a stream's reader keeps it to warn of it by name ("'published' is not a date ('NaN')"): FastAPI's
    parser made it nan or inf, warned of as 'nan', or dropped without a word under another name (pubDate)."""
    if body is None or not any(isinstance(v, float) and not math.isfinite(v) for v in given.values()):
        return given
    record = load_json(body.decode("utf-8"), literal=LITERAL_FIELDS)
    return given | {k: record[k] for k in LITERAL_FIELDS if k in given and isinstance(record.get(k), str)}


def read_as_the_reader_reads() -> Any:
    """A metadata field's type: any JSON value, which :func:`~dedup.records.make_document` reads as a scan and
    a stream read it (``"title": 5`` the title "5", a date that is none dropped with a warning, a list dropped);
    pydantic's 422 ("Input should be a valid string") was a second answer where a stream answered the line.
    The API's schema still says what to send: a string, or null."""
    from typing import Annotated

    from pydantic import WithJsonSchema

    return Annotated[Any, WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "null"}]})]
