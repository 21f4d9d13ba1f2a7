"""The Redis backend of :mod:`dedup.index.store` (optional extra ``dedup[redis]``, imported only when asked for).

Why a Lua script: a duplicate check that reads and then writes lets two writers insert the same article
between the read and the write (datasketch's Redis storage reads, then writes). Here the insert of an
article, its postings and its matches is one script, which Redis runs atomically: the script refuses the
article when its id or content hash is already set, so concurrent writers never store it twice.

Layout, under a prefix (default ``dedup:``; ``redis://host:port/db?prefix=news:`` to choose another):
``settings`` (JSON), ``seq`` (counter), ``id:<id>`` and ``hash:<sha256>`` -> seq, ``doc:<seq>`` (JSON),
``age`` (sorted set seq by date), ``k:<key>`` (set of ``seq:span``), ``m:<seq>`` (hash other -> match),
``s:<seq>`` (set of ``start:end:partner``, the article's closely shared stretches).

Limitation: lookups happen before the atomic insert, so two *different* near-duplicates added at the same
moment by two writers may not see each other; the same article (id or text) is never stored twice.

The scripts are :mod:`dedup.index.redis_scripts`; what a URL names (and shows, its password hidden),
:mod:`dedup.index.redis_url`.
"""

from __future__ import annotations

import json
import logging
from contextlib import contextmanager
from typing import Any, Iterator, Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

from dedup.errors import MissingExtraError, NotAnIndexError, StorageError
from dedup.index.redis_scripts import DELETE, FEW_ARTICLES, INSERT, postings_text
from dedup.index.redis_url import connection_url, shown_url, unknown_option
from dedup.index.store import StoredArticle, StoredMatch, Stretch, check_settings, distinct, migrated

__all__ = ["RedisStorage"]

#: Seconds to wait for a connection to the server and for its first answer.
CONNECT_SECONDS = 5.0
#: Seconds to wait for any later answer: one call of an index's (a lookup, an article's insert) takes
#: milliseconds; a server that stops answering is an error, not a command that never ends.
ANSWER_SECONDS = 60.0
#: The protocol redis-py asks for; None: its own default (RESP3 first, RESP2 where the server has no ``HELLO``).
#: Left so: RESP2 asked for outright changes what a server answers the handshake (a password the default user
#: lacks is refused by ``AUTH``, taken by ``HELLO``); tests set it to compare the index's answers under both.
PROTOCOL: int | None = None


class _QuietFallback(logging.Filter):
    """Drops redis-py's warning that a server without ``HELLO`` (Redis before 6, some proxies) is spoken to in
    RESP2, printed on standard error at every connection: the index's answers are the same in RESP2 and
    RESP3 (``tests/test_store_redis.py``: one corpus stored and checked under each)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "does not support HELLO" not in record.getMessage()


logging.getLogger("redis.connection").addFilter(_QuietFallback())


class RedisStorage:
    """A dedup index on a Redis server (``redis://host:port/db``)."""

    def __init__(self, url: str, *, create: bool = True) -> None:
        try:
            import redis
        except ImportError as exc:
            raise MissingExtraError("the Redis index backend", "redis") from exc
        self.url, self.prefix = connection_url(url)
        self.shown_url = shown_url(self.url)  # what messages and stats name: the URL without its password
        self._settled = False  # whether the settings were read or written: an index's, from then on
        self._errors = (redis.exceptions.RedisError,)
        try:
            # a server that takes the connection and never answers (a stopped process, another service on
            # the port) waited forever: its first answer is waited for a few seconds, later ones longer
            probe = redis.Redis.from_url(self.url, socket_connect_timeout=CONNECT_SECONDS, socket_timeout=CONNECT_SECONDS,
                                     **_protocol())
            try:
                probe.ping()
            finally:
                probe.close()
            self._check_password_used(redis)
            self._r = redis.Redis.from_url(self.url, socket_connect_timeout=CONNECT_SECONDS, socket_timeout=ANSWER_SECONDS,
                                           **_protocol())
            self._insert = self._r.register_script(INSERT)
            self._delete = self._r.register_script(DELETE)
            self._few_articles = self._r.register_script(FEW_ARTICLES)
        except ValueError as exc:  # from_url: a port that is no number, a database that is no index...
            raise StorageError(f"malformed Redis URL {shown_url(url)!r} ({exc}): use redis://host:port/db") from exc
        except redis.exceptions.ResponseError as exc:  # reached: it refused what the URL asks (a database it lacks)
            raise StorageError(f"Redis at {self.shown_url} refused the connection's set-up ({exc}): fix the URL's "
                               "database number or credentials") from exc
        except redis.exceptions.AuthenticationError as exc:  # reached: it refused the URL's user name or password
            raise StorageError(f"Redis at {self.shown_url} refused the URL's credentials ({exc}): fix the user name "
                               "or password in the URL") from exc
        except self._errors as exc:
            raise StorageError(_unreached(self.shown_url, exc, redis.exceptions)) from exc
        except (AttributeError, TypeError, IndexError) as exc:  # redis-py's handshake read a reply of another kind
            option = unknown_option(exc, self.url)
            if option is not None:  # redis-py passes the query's options on to its connection, which knows none
                raise StorageError(f"malformed Redis URL {self.shown_url!r} (no option {option!r} is read: dedup reads "
                                   "?prefix=, redis-py options such as ?socket_timeout=): fix or drop it") from exc
            raise StorageError(f"{self.shown_url} does not answer as a Redis server does ({type(exc).__name__}: {exc}): "
                               "fix the URL") from exc
        self._check_prefix(create)

    def _check_password_used(self, redis: Any) -> None:
        """Refuse a URL whose password the server does not ask for: Redis takes any password for its default
        user when that user has none (``AUTH`` answers OK), so the index would be written, open to anyone who
        reaches the server, by a user who believes it guarded. Asked by a second connection without the URL's
        credentials: a server that needs a password answers it ``NOAUTH``."""
        parts = urlsplit(self.url)
        password = parts.password if parts.scheme != "unix" else dict(parse_qsl(parts.query)).get("password")
        if not password or (parts.username or "default") != "default":  # a named user's password is checked
            return
        bare = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2])) if parts.scheme != "unix" else \
            urlunsplit(parts._replace(query=urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "password"])))
        plain = redis.Redis.from_url(bare, socket_connect_timeout=CONNECT_SECONDS, socket_timeout=CONNECT_SECONDS,
                                     **_protocol())
        try:
            plain.ping()
        except redis.exceptions.AuthenticationError:  # NOAUTH: the password is needed, so it is used
            return
        except redis.exceptions.ResponseError as exc:
            if "NOAUTH" in str(exc) or "WRONGPASS" in str(exc):
                return
            raise
        finally:
            plain.close()
        raise StorageError(f"Redis at {self.shown_url} asks no password, so the URL's password would not be used "
                           "(anyone who reaches the server can read and change the index): take the password out "
                           "of the URL, or set one on the server (requirepass)")

    def _check_prefix(self, create: bool) -> None:
        """Refuse keys under the prefix that are not a dedup index's (another program's), and, when reading,
        a prefix that holds no index at all."""
        where = f"{self.shown_url} (prefix {self.prefix!r})"
        with self._calls():
            kind = self._r.type(self._k("settings")).decode()
            stray = next(iter(self._r.scan_iter(match=self.prefix + "*", count=100)), None) if kind == "none" else None
        if kind not in ("none", "string"):
            raise NotAnIndexError(f"{where}: '{self.prefix}settings' is a Redis {kind}, not a dedup index; "
                                  "choose another ?prefix=")
        if kind == "string":
            self.read_settings()  # refuses a value that is not a dedup index's settings
        elif stray is not None:
            raise NotAnIndexError(f"{where}: holds keys that are not a dedup index (such as {stray.decode(errors='replace')!r}); "
                                  "choose another ?prefix=")
        elif not create:
            raise NotAnIndexError(f"{where}: no dedup index there (dedup index add creates one)")

    def _k(self, name: str) -> str:
        return self.prefix + name

    @contextmanager
    def _calls(self) -> Iterator[None]:
        """Redis's errors, and values under the prefix that are not what dedup wrote there (a counter or an
        id that is no number, an article that is no JSON object), as :class:`StorageError`: one line,
        never a traceback."""
        try:
            yield
        except self._errors as exc:
            if _out_of_memory(exc):  # its maxmemory reached (noeviction): every write refused from then on
                raise StorageError(f"Redis at {self.shown_url} is out of memory (its maxmemory is reached, and it evicts "
                                   "nothing): what was stored before is kept, no more can be; raise the server's "
                                   "maxmemory or free memory on it, then run it again") from exc
            raise StorageError(f"Redis at {self.shown_url} failed: {exc}") from exc
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise self._damaged(f"{type(exc).__name__}: {exc}") from exc

    @property
    def _where(self) -> str:
        return f"{self.shown_url} (prefix {self.prefix!r})"

    def _damaged(self, what: str, done: str = "it is left as it is") -> StorageError:
        """A value under the prefix that dedup did not write (``what`` says which), and what was done."""
        return StorageError(f"{self._where}: a damaged value under the prefix ({what}); {done}: restore the database "
                            "from a copy, or build a new index under another ?prefix=")

    def read_settings(self) -> dict[str, Any] | None:
        with self._calls():
            raw = self._r.get(self._k("settings"))
        settings = check_settings(raw, self._where)
        self._settled = self._settled or settings is not None
        newer = migrated(settings) if settings is not None else None
        if newer is not None:  # an older format this one reads as it is (Redis keeps no recent segment)
            with self._calls():
                self._r.set(self._k("settings"), json.dumps(newer, sort_keys=True))
            return newer
        return settings

    def init_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        with self._calls():
            self._r.set(self._k("settings"), json.dumps(settings, sort_keys=True), nx=True)
        stored = self.read_settings()
        assert stored is not None
        return stored

    @contextmanager
    def writing(self, *, many: bool = False) -> Iterator[None]:
        yield  # the insert script is the atomic step; nothing to lock around it

    def lookup(self, keys: np.ndarray, *, most: int | None = None,
               arrays: bool = False) -> list[tuple[int, int, int]] | np.ndarray:
        unique = distinct(keys).tolist()
        with self._calls():
            if most is not None:  # crowded buckets (more than ``most`` articles) are skipped unread
                pipe = self._r.pipeline(transaction=False)
                for key in unique:
                    pipe.scard(self._k(f"k:{key}"))
                sizes = pipe.execute()
                # more postings than ``most``: a long article's neighbouring windows may share the key,
                # so its articles are counted (on the server) before it is called crowded
                many = [key for key, n in zip(unique, sizes) if n > most]
                few = set(key for key, kept in zip(many, self._few_articles(args=[self.prefix, most, *many]) if many else ())
                          if kept)
                unique = [key for key, n in zip(unique, sizes) if 0 < n <= most or key in few]
            pipe = self._r.pipeline(transaction=False)
            for key in unique:
                pipe.smembers(self._k(f"k:{key}"))
            found = pipe.execute()
            rows = []
            for key, members in zip(unique, found):
                for member in members:
                    seq, span = member.split(b":")
                    rows.append((key, int(seq), int(span)))
        return np.array(rows, dtype=np.int64).reshape(-1, 3) if arrays else rows

    def merge(self) -> int:
        """Nothing to merge: a Redis index adds postings to their key's set at once."""
        return 0

    def present(self, keys: np.ndarray) -> set[int]:
        unique = distinct(keys).tolist()
        with self._calls():
            pipe = self._r.pipeline(transaction=False)
            for key in unique:
                pipe.exists(self._k(f"k:{key}"))
            found = pipe.execute()
        return {key for key, there in zip(unique, found) if there}

    def articles(self, seqs: Sequence[int]) -> dict[int, StoredArticle]:
        wanted = sorted(set(seqs))
        if not wanted:
            return {}
        with self._calls():
            raws = self._r.mget([self._k(f"doc:{s}") for s in wanted])
            return {s: StoredArticle(s, **json.loads(raw)) for s, raw in zip(wanted, raws) if raw}

    def find(self, *, id: str | None = None, content_hash: str | None = None) -> StoredArticle | None:
        name = f"id:{id}" if id is not None else f"hash:{content_hash}"
        with self._calls():
            seq = int(self._r.get(self._k(name)) or 0)
            kind = self._r.type(self._k(f"doc:{seq}")).decode() if seq else "string"
        if kind != "string":  # MGET reads another type as nothing: the article would seem never stored
            raise self._damaged(f"'{self.prefix}doc:{seq}' is a Redis {kind}")
        return self.articles([seq]).get(seq) if seq else None

    def insert(self, article: StoredArticle, postings: Sequence[tuple[int, int]] | np.ndarray, matches: Sequence[StoredMatch],
               stretches: Sequence[Stretch] = ()) -> tuple[bool, int]:
        age = article.published_ts if article.published_ts is not None else article.added_ts
        args: list[Any] = [self.prefix, article.id, article.content_hash, json.dumps(article.to_row()), age, len(postings),
                           postings_text(postings), len(matches)]
        for m in matches:
            body = json.dumps({"verdict": m.verdict, "channels": list(m.channels), "evidence": m.evidence})
            args += [m.other, body[1:]]  # the script prepends seq and other to the object
        args.append(len(stretches))
        for stretch in stretches:
            args += list(stretch)
        with self._calls():
            # the settings key, once read or written here: it must still be there (a flush meanwhile)
            added, seq = self._insert(keys=[self._k("settings")] if self._settled else [], args=args)
        if added == -2:
            raise self._wrong_kind(seq, "nothing was added")
        if added < 0:  # keys written now would make an index without settings, which every command refuses
            raise StorageError(f"{self._where}: the index's settings are gone (the database was flushed or its keys "
                               "deleted while it was open); nothing was added: open it again (a new index is made)")
        return bool(added), int(seq)

    def stretches(self, seqs: Sequence[int]) -> dict[int, list[tuple[int, int, int]]]:
        wanted = sorted(set(seqs))
        with self._calls():
            pipe = self._r.pipeline(transaction=False)
            for seq in wanted:
                pipe.smembers(self._k(f"s:{seq}"))
            found = pipe.execute()
            out: dict[int, list[tuple[int, int, int]]] = {}
            for seq, members in zip(wanted, found):
                if members:
                    out[seq] = sorted(tuple(int(x) for x in m.split(b":")) for m in members)  # type: ignore[misc]
        return out

    def matches(self, seq: int) -> list[StoredMatch]:
        with self._calls():
            rows = [json.loads(v) for v in self._r.hvals(self._k(f"m:{seq}"))]
            out = [StoredMatch(r["seq"], r["other"], r["verdict"], tuple(r["channels"]), r["evidence"]) for r in rows]
        return sorted(out, key=lambda m: (m.seq, m.other))

    def delete(self, seq: int, keys: np.ndarray) -> None:
        stored = self.articles([seq]).get(seq)
        if stored is None:
            return
        with self._calls():
            removed, bad = self._delete(args=[self.prefix, seq, stored.id, stored.content_hash, *np.unique(keys).tolist()])
        if removed < 0:
            raise self._wrong_kind(bad, "nothing was removed")

    def _wrong_kind(self, key: bytes, done: str) -> StorageError:
        """A script's refusal of a key that holds another Redis type than dedup puts there, or a counter
        that is no number (written by another program, or by hand)."""
        return self._damaged(f"{key.decode(errors='replace')!r} holds another kind of value than dedup writes there",
                             done)

    def older_than(self, timestamp: float) -> list[tuple[int, str]]:
        with self._calls():
            seqs = [int(s) for s in self._r.zrangebyscore(self._k("age"), "-inf", f"({timestamp}")]
        found = self.articles(seqs)
        return [(s, found[s].id) for s in seqs if s in found]

    def stats(self) -> dict[str, Any]:
        with self._calls():
            articles, postings = self._r.mget([self._k("articles"), self._k("postings")])
            memory = self._r.info("memory").get("used_memory")
            return {"backend": "redis", "location": self.shown_url, "prefix": self.prefix, "articles": int(articles or 0),
                    "postings": int(postings or 0), "server_bytes": memory}

    def clear(self) -> int:
        """Delete every key under the prefix (tests and benchmarks); returns how many."""
        removed = 0
        with self._calls():
            for batch in _chunks(self._r.scan_iter(match=self.prefix + "*", count=1000), 1000):
                removed += self._r.delete(*batch)
        return removed

    def close(self) -> None:
        self._r.close()


def _protocol() -> dict[str, int]:
    """``from_url``'s protocol argument, when :data:`PROTOCOL` names one."""
    return {} if PROTOCOL is None else {"protocol": PROTOCOL}


def _unreached(shown: str, exc: BaseException, errors: Any) -> str:
    """Why no Redis index could be opened at ``shown``: a server that answered as no Redis does (an SSH server's
    banner, an HTTP server's status line: redis-py's "Protocol Error"), one that took the connection and closed
    it without a word (an HTTP server given Redis's greeting), or none reached. The first two were "cannot reach
    Redis ...: start the server", which sent the user to start a server that was running, on another port."""
    if isinstance(exc, errors.InvalidResponse):
        return (f"{shown} answered, but not as a Redis server does ({exc}): another service listens there; fix the "
                "URL's host or port")
    if isinstance(exc, errors.ConnectionError) and any(said in str(exc) for said in _CLOSED_ON_US):
        return (f"{shown} took the connection and closed it without a Redis answer ({exc}): is it a Redis server? "
                "Fix the URL's host or port, or see that server's log")
    return f"cannot reach Redis at {shown} ({exc}): start the server or fix the URL"


#: What redis-py says of a connection made, then closed by the other side before an answer.
_CLOSED_ON_US = ("Connection closed by server", "Connection reset by peer")


def _chunks(items: Any, size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _out_of_memory(exc: BaseException) -> bool:
    """Whether Redis refused a write for its memory: ``OOM command not allowed when used memory >
    'maxmemory'``, from a command or (without the ``OOM`` that redis-py reads as its own error) a script."""
    return "used memory > 'maxmemory'" in str(exc) or type(exc).__name__ == "OutOfMemoryError"
