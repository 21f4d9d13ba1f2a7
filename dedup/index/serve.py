"""HTTP front of an :class:`~dedup.index.Index` (optional extra ``dedup[serve]``: fastapi + uvicorn).

``POST /check`` (read-only), ``POST /articles`` (check and add), ``GET /articles/{id}/matches``,
``GET /health``; the OpenAPI description is at ``/openapi.json``, and a plain page of it, read offline, at ``/docs``
(:mod:`dedup.index.serve_docs`). Bodies larger than ``max_body`` bytes are
refused with 413 before they are read into memory, and one not whole 30 s (``body_timeout``) after its request's head with 408;
a body in the charset its Content-Type names is read in it, malformed JSON (or a body not in UTF-8) gets 422 with the position of the error, and library errors map to
400 (bad article), 404 (unknown id), 409 (id taken by another text) and 503 (storage unreachable or damaged). The server has no authentication, so :func:`run` binds only loopback addresses
unless ``allow_remote`` says otherwise; it caps concurrent connections (503 beyond) and closes idle ones.

The body's checks before the app reads it are :mod:`dedup.index.serve_body`'s; the answers to a body FastAPI or
the reader refuses, :mod:`dedup.index.serve_refusals`'; uvicorn's protocol, the address checks and the logging,
:mod:`dedup.index.serve_server`'s.
"""

# No ``from __future__ import annotations`` here: FastAPI reads endpoint annotations at run time, and the
# request models are made inside a function (_article_models) so that fastapi stays an optional, lazily imported extra.

import sqlite3
from typing import TYPE_CHECKING, Any, Callable

from dedup.documents import Document, valid_unicode
from dedup.errors import (DAMAGED_INDEX, DuplicateIdError, InputError, MissingExtraError, SettingsError,
                          StorageError, damaged_database)
from dedup.json_input import repeated_fields
from dedup.index.match import same_text_id
from dedup.index.serve_body import BODY, BODY_TIMEOUT, BodyLimit, as_written, read_as_the_reader_reads
from dedup.index.serve_docs import add_docs
from dedup.index.serve_refusals import refusals
from dedup.index.serve_server import KEEP_ALIVE, check_host, head_deadline_protocol, is_loopback, log_config
from dedup.records import OTHER_NAMES, READ_FIELDS, REPEATED, make_document

if TYPE_CHECKING:
    from dedup.index.index import Index


__all__ = ["create_app", "run", "check_limits", "MAX_BODY", "MAX_CONNECTIONS", "MAX_BODY_LIMIT",
           "MAX_CONNECTIONS_LIMIT"]

#: Requests larger than this are refused (413): an article is far smaller, and the limit bounds memory.
MAX_BODY = 2 * 1024 * 1024
#: Connections served at once; more get 503 at once instead of queueing without bound.
MAX_CONNECTIONS = 64
#: The largest ``max_body`` allowed, 16 MiB: the reader keeps 1,000,000 characters of an article
#: (``dedup.records.MAX_CHARS``; the rest is cut off), at most 12 MB as JSON even with every character
#: written as an escape (12 bytes for one outside the BMP), so a larger body only holds memory for text
#: thrown away; and every connection may hold one body in memory at once. Below 1 KiB no article fits.
MAX_BODY_LIMIT = 16 * 1024 * 1024
MIN_BODY = 1024
#: The most connections served at once: each holds an open file and may hold a body of ``max_body``
#: bytes in memory (1024 of 16 MiB: 16 GiB), and an article is matched in milliseconds, so more wait
#: rather than being served faster; beyond the process's open-file limit (often 1024) the server fails
#: to accept connections at all.
MAX_CONNECTIONS_LIMIT = 1024


def check_limits(max_body: int, max_connections: int, body_timeout: float | None = None) -> None:
    """Raise :class:`SettingsError` when ``max_body`` (bytes), ``max_connections`` or ``body_timeout``
    (seconds; None: the default) is out of its range (:data:`MIN_BODY` to :data:`MAX_BODY_LIMIT`, 1 to
    :data:`MAX_CONNECTIONS_LIMIT`, :data:`MIN_BODY_TIMEOUT` to :data:`MAX_BODY_TIMEOUT`).

    >>> check_limits(MAX_BODY, MAX_CONNECTIONS, BODY_TIMEOUT)
    """
    if not isinstance(max_body, int) or isinstance(max_body, bool) or not MIN_BODY <= max_body <= MAX_BODY_LIMIT:
        raise SettingsError(f"--max-body {max_body}: give from {MIN_BODY} to {MAX_BODY_LIMIT} bytes (16 MiB: an "
                            "article is cut at 1,000,000 characters, and each connection may hold a body in memory)")
    if (not isinstance(max_connections, int) or isinstance(max_connections, bool)
            or not 1 <= max_connections <= MAX_CONNECTIONS_LIMIT):
        raise SettingsError(f"--max-connections {max_connections}: give from 1 to {MAX_CONNECTIONS_LIMIT} (each "
                            "connection holds an open file and may hold a request body in memory)")
    if body_timeout is not None and (isinstance(body_timeout, bool) or not isinstance(body_timeout, (int, float))
            or not MIN_BODY_TIMEOUT <= body_timeout <= MAX_BODY_TIMEOUT):  # NaN fails both comparisons
        raise SettingsError(f"--body-timeout {body_timeout}: give from {MIN_BODY_TIMEOUT:g} to {MAX_BODY_TIMEOUT:g} "
                            "seconds (a connection sending its body slowly holds one of --max-connections that long)")

#: The range of ``body_timeout`` (``--body-timeout``): a client behind a slow link, or a proxy that passes a
#: body on as it comes, may need longer than 30 s for a body near ``max_body`` (16 MiB in 30 s is 560 KB a
#: second); but every second a slow body is allowed is a second it holds one of the connection slots.
MIN_BODY_TIMEOUT = 1.0
MAX_BODY_TIMEOUT = 3600.0


def create_app(index: "Index", *, max_body: int = MAX_BODY, body_timeout: float | None = None) -> Any:
    """A FastAPI application serving ``index`` (the caller keeps ownership and closes it); a request body
    larger than ``max_body`` bytes, or not whole ``body_timeout`` seconds after its head, is refused."""
    try:
        from fastapi import FastAPI
    except ImportError as exc:
        raise MissingExtraError("the HTTP server", "serve") from exc
    from dedup.version import __version__

    article_in, new_article = _article_models(index)
    app = FastAPI(title="dedup ingest", version=__version__, docs_url=None, redoc_url=None,  # theirs load a CDN's
                  description="Flags syndicated copy, partial reuse and rewrites as articles arrive.")
    refusals(app, index)
    _routes(app, index, article_in, new_article)
    add_docs(app)  # a plain page of the routes, read offline
    app.add_middleware(BodyLimit, max_body=max_body, body_timeout=body_timeout)  # type: ignore[arg-type]
    return app


def _article_models(index: "Index") -> tuple[type, type]:
    """The request bodies, as pydantic models made here (fastapi, and with it pydantic, is an optional extra,
    imported only when a server is made): an article to check, and one to add (its id required). Each makes
    its :class:`Document` as the corpus reader makes a JSON article's, with the index's ``min_words``."""
    try:
        from pydantic import BaseModel, ConfigDict, Field, StrictInt
    except ImportError as exc:
        raise MissingExtraError("the HTTP server", "serve") from exc
    Read = read_as_the_reader_reads()

    class ArticleIn(BaseModel):
        """An article to check: ``id`` is optional (it is not stored)."""

        # other exports' names for a field (headline, published_at, pubDate, link, ...) are read as a JSONL
        # line's are: they were dropped without a word, and an article posted with its date under
        # published_at was stored undated (never pruned by age) where dedup stream stored its date
        model_config = ConfigDict(extra="allow")

        # no min_length: pydantic refuses a string it must measure that holds a lone surrogate ("\ud800"), which
        # every other field reads with U+FFFD in its place, as the reader does; a blank id is the index's 400
        # a whole number is an id as the reader takes one (``{"id": 5}`` is article "5" in a JSONL file and on a
        # stream); strict, so that neither true nor 1.5 is taken for one
        id: str | StrictInt | None = None
        # not required here: a body without it is refused by the reader's rules, in its words, as check and
        # stream refuse the line ("no 'text' field (or 'html') with the article", 400); pydantic's "Field
        # required" (422) was a second answer, and an article under another export's name for its text ('body',
        # 'content', ...) or given as 'html' was refused where a scan and a stream read it
        text: str | None = Field(None, description="the article's text (or give 'html')")
        html: str | None = Field(None, description="the article as an HTML page, read when there is no 'text'")
        title: Read = None
        outlet: Read = None
        published: Read = Field(None, description="ISO 8601 or RFC 2822 date; prune uses it")
        url: Read = None
        language: Read = Field(None, description="ISO 639-1 code (en, fr, zh, ...); detected when absent")

        def document(self, default_id: str, warnings: list[str], body: bytes | None = None) -> Document:
            # normalised exactly as the corpus reader normalises a JSON article, with its warnings
            given = as_written(self.model_dump(), body)  # only other names' strings: no other extra reaches the reader
            fields = {k: v for k, v in given.items() if v is not None and k in type(self).model_fields}
            fields |= {other: given[other] for name, others in OTHER_NAMES.items() if name not in self.model_fields_set
                       for other in others if isinstance(given.get(other), str)}
            return make_document(fields, default_id=default_id, min_words=index.min_words, warnings=warnings)

    class NewArticle(ArticleIn):
        """An article to add: the id is required (re-adding it is a no-op)."""

        id: str | StrictInt

    return ArticleIn, NewArticle


def _routes(app: Any, index: "Index", ArticleIn: type, NewArticle: type) -> None:  # noqa: N803 - the models' names
    """The endpoints, each one call of the index through :func:`_called` (its errors as HTTP statuses)."""
    from fastapi import HTTPException, Request

    @app.get("/health")
    def health() -> dict[str, Any]:
        stats = _called(index.stats)
        return {"status": "ok", "articles": stats["articles"], "backend": stats["backend"]}

    @app.post("/check")
    def check(article: ArticleIn, request: Request) -> dict[str, Any]:
        """Matches of an article among the stored ones; nothing is stored."""
        warnings: list[str] = []
        doc = _called(article.document, "incoming", warnings, request.scope.get(BODY))
        warnings[:0] = _repeated(request.scope.get(BODY), doc.id)
        matches = _called(index.check, doc)
        given = None if article.id is None else str(article.id)
        return _matches_answer(valid_unicode(given), matches, warnings)  # echoed: U+FFFD for a lone surrogate

    @app.post("/articles")
    def add(article: NewArticle, request: Request) -> dict[str, Any]:
        """Check and add an article atomically; its matches among the earlier articles."""
        warnings: list[str] = []
        doc = _called(article.document, str(article.id), warnings, request.scope.get(BODY))
        warnings[:0] = _repeated(request.scope.get(BODY), doc.id)
        before = bool(doc.id) and _called(index.contains, doc.id)  # posted again: not stored a second time
        matches = _called(index.add, doc)
        # the id stored (control characters in one given are not)
        return _matches_answer(doc.id, matches, warnings, before)

    @app.get("/articles/{article_id:path}/matches")
    def matches(article_id: str) -> dict[str, Any]:
        """Every recorded match of a stored article, with earlier and later articles."""
        if not _called(index.contains, article_id):
            raise HTTPException(404, f"no article {article_id!r} in the index")
        found = _called(index.matches, article_id)
        return {"id": article_id, "matches": [m.to_dict() for m in found]}

    # HEAD where GET is (RFC 9110: a general-purpose server answers both), kept out of the API's description (one
    # operation a path): a monitor's HEAD /health (curl -I, a load balancer's check) was 405
    app.add_api_route("/health", health, methods=["HEAD"], include_in_schema=False)
    app.add_api_route("/articles/{article_id:path}/matches", matches, methods=["HEAD"], include_in_schema=False)


def _called(fn: Any, *args: Any) -> Any:
    """``fn(*args)``, the library's errors as the HTTP statuses they mean: 409 an id taken by another text, 400 a
    bad article, 503 the storage unreachable or damaged."""
    from fastapi import HTTPException

    try:
        return fn(*args)
    except DuplicateIdError as exc:
        raise HTTPException(409, str(exc)) from exc
    except InputError as exc:
        raise HTTPException(400, str(exc)) from exc
    except StorageError as exc:
        raise HTTPException(503, str(exc)) from exc
    except sqlite3.DatabaseError as exc:  # a damaged page met (500, and a traceback in the log), a full disk
        raise HTTPException(503, DAMAGED_INDEX if damaged_database(exc) else f"the index file cannot be used ({exc})") from exc


def _matches_answer(article_id: str | None, matches: list[Any], warnings: list[str],
                    before: bool = False) -> dict[str, Any]:
    """A check's or an add's answer: the matches, ``stored_before`` for an id posted again, ``same_text_as``
    when its text is stored under another id, and the reader's warnings."""
    out: dict[str, Any] = {"id": article_id, "matches": [m.to_dict() for m in matches]}
    if before:  # as a stream says it: the matches recorded when it was stored, not a check's of it now
        out["stored_before"] = True
    if (same := same_text_id(matches)) is not None:  # stored already (POST /articles stores it no second time)
        out["same_text_as"] = same
    return out | {"warnings": warnings} if warnings else out  # a date dropped, the text truncated


def _repeated(body: bytes | None, article_id: str) -> list[str]:
    """The warning for each field an article is read by that the JSON ``body`` gives more than once, as
    ``dedup stream`` and the corpus reader warn of it: FastAPI keeps the last value without a word (a body
    giving ``"text"`` twice, the summary then the story, was stored as the story alone, unsaid)."""
    if not isinstance(body, bytes):
        return []
    text = body.decode("utf-8", "replace")  # UTF-8 already: the body limit hands on any other charset as UTF-8
    return [f"{article_id}: {REPEATED.format(name)}" for name in repeated_fields(text, READ_FIELDS)]


def run(location: str, *, host: str = "127.0.0.1", port: int = 8000, max_body: int = MAX_BODY,
        align: bool = True, allow_remote: bool = False, max_connections: int = MAX_CONNECTIONS,
        body_timeout: float = BODY_TIMEOUT,
        min_confidence: float | None = None, access_log: bool = False,
        serving: Callable[[str], None] | None = None) -> None:
    """Serve the index at ``location`` until interrupted (``align``, ``min_confidence``: see :meth:`Index.open`;
    ``max_body``, ``max_connections`` and ``body_timeout``: see :func:`check_limits`).

    A ``host`` other machines can reach is refused unless ``allow_remote``: there is no authentication.
    ``serving(url)`` is called once the index is open and the address free, just before the server starts.
    uvicorn's own messages are kept to its warnings and errors, and a line per request is logged only with
    ``access_log``.
    """
    check_limits(max_body, max_connections, body_timeout)
    check_host(host)
    if not allow_remote and not is_loopback(host):
        raise SettingsError(f"--host {host} would let other machines reach an index with no authentication; "
                            "bind 127.0.0.1 (the default), or pass --allow-remote behind an authenticating proxy")
    try:
        import uvicorn
    except ImportError as exc:
        raise MissingExtraError("the HTTP server", "serve") from exc
    from dedup.index.index import Index, long_lived_collector

    _check_port(host, port)  # uvicorn logs a taken port and exits 3: one line and exit 1 instead
    with Index.open(location, align=align, min_confidence=min_confidence) as index:
        if serving is not None:
            serving(f"http://[{host.strip('[]')}]:{port}" if ":" in host else f"http://{host}:{port}")
        app = create_app(index, max_body=max_body, body_timeout=body_timeout)
        # a server lives long: what it holds from here on (modules, the index, the application) is kept
        # out of the collector's full walks, and its youngest generation collected less often
        with long_lived_collector():
            uvicorn.run(app, host=host.strip("[]"), port=port, log_config=log_config(),
                        log_level=None, access_log=access_log, limit_concurrency=max_connections,
                        timeout_keep_alive=KEEP_ALIVE, http=head_deadline_protocol())


def _check_port(host: str, port: int) -> None:
    """Raise :class:`SettingsError` when ``host:port`` cannot be listened on: another server has it, the
    host is no name or address known here, or not one of this machine's. uvicorn would log the failure in
    several lines and exit 3 instead of one line and exit 1."""
    import errno
    import socket

    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn's own socket
            probe.bind((host.strip("[]"), port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise SettingsError(f"cannot listen on {host}:{port} (address already in use): another server has "
                                "it; choose another --port") from exc
        raise SettingsError(f"cannot listen on {host}:{port} ({exc.strerror or exc}): give --host an address "
                            "of this machine") from exc
