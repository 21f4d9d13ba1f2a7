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
"""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from typing import Any, Iterator, Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

from dedup.errors import MissingExtraError, NotAnIndexError, StorageError
from dedup.index.store import StoredArticle, StoredMatch, Stretch, check_settings, distinct, migrated

__all__ = ["RedisStorage"]

#: Seconds to wait for a connection to the server and for its first answer.
CONNECT_SECONDS = 5.0
#: Seconds to wait for any later answer: one call of an index's (a lookup, an article's insert) takes
#: milliseconds; a server that stops answering is an error, not a command that never ends.
ANSWER_SECONDS = 60.0

#: Lua run first by the scripts that write: the first key they would write that holds another Redis type
#: than dedup puts there, or a counter that is no number (nil when none does). A script's writes are not
#: undone when one of its calls fails, so a key of the wrong type met midway left half an article written.
_KINDS = """
local function wrong(key, kind)
  local t = redis.call('TYPE', key)['ok']
  if t ~= 'none' and t ~= kind then return key end
  if kind == 'string' and t == 'string' and not tonumber(redis.call('GET', key)) then return key end
  return nil
end
local function wrong_in(keys, kind)
  for _, key in ipairs(keys) do
    local found = wrong(key, kind)
    if found then return found end
  end
  return nil
end
"""

_INSERT = _KINDS + """
local p = ARGV[1]
if #KEYS > 0 and redis.call('EXISTS', KEYS[1]) == 0 then return {-1, 0} end
local bad = wrong_in({p .. 'id:' .. ARGV[2], p .. 'hash:' .. ARGV[3]}, 'string')
if bad then return {-2, bad} end
local s = redis.call('GET', p .. 'id:' .. ARGV[2]) or redis.call('GET', p .. 'hash:' .. ARGV[3])
if s then return {0, tonumber(s)} end
local n = tonumber(ARGV[6])
local m = 8
local t = m + 1 + 2 * tonumber(ARGV[m])
local sets, hashes = {}, {}
for key in string.gmatch(ARGV[7], '(%S+) %S+') do sets[#sets + 1] = p .. 'k:' .. key end
for i = m + 1, m + 2 * tonumber(ARGV[m]), 2 do hashes[#hashes + 1] = p .. 'm:' .. ARGV[i] end
for i = t + 1, t + 4 * tonumber(ARGV[t]), 4 do
  if tonumber(ARGV[i]) ~= 0 then sets[#sets + 1] = p .. 's:' .. ARGV[i] end
end
bad = wrong_in({p .. 'seq', p .. 'articles', p .. 'postings'}, 'string') or wrong(p .. 'age', 'zset')
  or wrong_in(sets, 'set') or wrong_in(hashes, 'hash')
if bad then return {-2, bad} end
local coming = tonumber(redis.call('GET', p .. 'seq') or '0') + 1
bad = wrong_in({p .. 'doc:' .. coming, p .. 'm:' .. coming, p .. 's:' .. coming}, 'none')
if bad then return {-2, bad} end
local seq = redis.call('INCR', p .. 'seq')
redis.call('SET', p .. 'id:' .. ARGV[2], seq)
redis.call('SET', p .. 'hash:' .. ARGV[3], seq)
redis.call('SET', p .. 'doc:' .. seq, ARGV[4])
redis.call('ZADD', p .. 'age', ARGV[5], seq)
for key, span in string.gmatch(ARGV[7], '(%S+) (%S+)') do
  redis.call('SADD', p .. 'k:' .. key, seq .. ':' .. span)
end
for i = m + 1, m + 2 * tonumber(ARGV[m]), 2 do
  local row = '{"seq": ' .. seq .. ', "other": ' .. ARGV[i] .. ', ' .. ARGV[i + 1]
  redis.call('HSET', p .. 'm:' .. seq, ARGV[i], row)
  redis.call('HSET', p .. 'm:' .. ARGV[i], seq, row)
end
for i = t + 1, t + 4 * tonumber(ARGV[t]), 4 do
  local owner, partner = tonumber(ARGV[i]), tonumber(ARGV[i + 3])
  if owner == 0 then owner = seq end
  if partner == 0 then partner = seq end
  redis.call('SADD', p .. 's:' .. owner, ARGV[i + 1] .. ':' .. ARGV[i + 2] .. ':' .. partner)
end
redis.call('INCR', p .. 'articles')
redis.call('INCRBY', p .. 'postings', n)
return {1, seq}
"""

#: Postings written into their text at a time (:func:`_postings_text`).
_TEXT_CHUNK = 1 << 16


def _postings_text(postings: Sequence[tuple[int, int]] | np.ndarray) -> bytes:
    """An article's postings as the insert script reads them: ``key span key span ...`` in decimal, one
    argument. Two arguments a posting, as they were, cost some 425 bytes each in the client (the list of
    numbers, then each packed on its own, through every layer of the call): 2.7 GB at the peak of
    ``dedup stream`` of an article of a million characters (4.75 million postings) into Redis.

    >>> _postings_text(np.array([[-5, 0], [7, 12]])), _postings_text([(3, 1)]), _postings_text([])
    (b'-5 0 7 12', b'3 1', b'')
    """
    flat = np.asarray(postings, dtype=np.int64).reshape(-1)
    return b" ".join(" ".join(map(str, flat[lo : lo + _TEXT_CHUNK].tolist())).encode()
                     for lo in range(0, len(flat), _TEXT_CHUNK))


_DELETE = _KINDS + """
local p, seq = ARGV[1], ARGV[2]
local sets, hashes = {p .. 's:' .. seq}, {p .. 'm:' .. seq}
for i = 5, #ARGV do sets[#sets + 1] = p .. 'k:' .. ARGV[i] end
local bad = wrong_in({p .. 'articles', p .. 'postings'}, 'string') or wrong(p .. 'age', 'zset')
  or wrong_in(sets, 'set') or wrong_in(hashes, 'hash')
if bad then return {-1, bad} end
for _, other in ipairs(redis.call('HKEYS', p .. 'm:' .. seq)) do hashes[#hashes + 1] = p .. 'm:' .. other end
for _, mine in ipairs(redis.call('SMEMBERS', p .. 's:' .. seq)) do
  local partner = string.match(mine, ':(%d+)$')
  if not partner then return {-1, p .. 's:' .. seq} end
  sets[#sets + 1] = p .. 's:' .. partner
end
bad = wrong_in(sets, 'set') or wrong_in(hashes, 'hash')
if bad then return {-1, bad} end
local removed = 0
for i = 5, #ARGV do
  for _, member in ipairs(redis.call('SMEMBERS', p .. 'k:' .. ARGV[i])) do
    if string.sub(member, 1, #seq + 1) == seq .. ':' then
      redis.call('SREM', p .. 'k:' .. ARGV[i], member)
      removed = removed + 1
    end
  end
end
for _, other in ipairs(redis.call('HKEYS', p .. 'm:' .. seq)) do
  redis.call('HDEL', p .. 'm:' .. other, seq)
end
local suffix = ':' .. seq
for _, mine in ipairs(redis.call('SMEMBERS', p .. 's:' .. seq)) do
  local partner = string.match(mine, ':(%d+)$')
  for _, theirs in ipairs(redis.call('SMEMBERS', p .. 's:' .. partner)) do
    if string.sub(theirs, -#suffix) == suffix then
      redis.call('SREM', p .. 's:' .. partner, theirs)
    end
  end
end
redis.call('DEL', p .. 's:' .. seq, p .. 'm:' .. seq, p .. 'doc:' .. seq, p .. 'id:' .. ARGV[3], p .. 'hash:' .. ARGV[4])
redis.call('ZREM', p .. 'age', seq)
redis.call('DECR', p .. 'articles')
redis.call('DECRBY', p .. 'postings', removed)
return {removed, ''}
"""

#: Which of the keys ``ARGV[3..]`` hold postings of at most ``ARGV[2]`` distinct articles (1) or more (0):
#: counted where the set is, so that a crowded bucket's members are not sent back to be counted.
_FEW_ARTICLES = """
local p, most = ARGV[1], tonumber(ARGV[2])
local out = {}
for i = 3, #ARGV do
  local seen, n = {}, 0
  for _, member in ipairs(redis.call('SMEMBERS', p .. 'k:' .. ARGV[i])) do
    local seq = string.match(member, '^(%d+):')
    if not seen[seq] then
      seen[seq] = true
      n = n + 1
      if n > most then break end
    end
  end
  out[#out + 1] = n <= most and 1 or 0
end
return out
"""


def connection_url(url: str) -> tuple[str, str]:
    """The URL redis-py is given (``?prefix=`` taken out) and the key prefix (default ``dedup:``).

    >>> connection_url("unix:///run/redis.sock?db=2&prefix=news:")
    ('unix:///run/redis.sock?db=2', 'news:')
    """
    try:
        url.encode("utf-8")
    except UnicodeEncodeError:  # bytes of another encoding in the argument: Redis keys are UTF-8 here
        shown = url.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        raise StorageError(f"malformed Redis URL {shown!r} (it holds bytes that are not UTF-8): give the URL and its "
                           "?prefix= in UTF-8") from None
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # an IPv6 address left unclosed ("redis://[::1")
        raise StorageError(f"malformed Redis URL {shown_url(url)!r} ({exc}): use redis://host:port/db") from None
    given = [value for key, value in parse_qsl(parts.query, keep_blank_values=True) if key == "prefix"]
    if len(given) > 1 or given == [""]:  # the last was taken, or the default: another index was written
        why = "it names ?prefix= twice" if len(given) > 1 else "its ?prefix= is empty, as an unset variable leaves it"
        raise StorageError(f"malformed Redis URL {shown_url(url)!r} ({why}): give one prefix, such as ?prefix=news:, "
                           "or leave it out for the default dedup:")
    query = dict(parse_qsl(parts.query))
    prefix = query.pop("prefix", "dedup:")
    rest = urlunsplit(parts._replace(query=urlencode(query)))
    if not parts.netloc and not rest.startswith(f"{parts.scheme}://"):  # unix:///path lost its empty host
        rest = f"{parts.scheme}://" + rest[len(parts.scheme) + 1 :]
    database = query.get("db") if parts.scheme == "unix" else parts.path.strip("/")
    if database and not database.isdigit():  # redis-py would quietly use database 0
        raise StorageError(f"malformed Redis URL {shown_url(url)!r} (database {database!r} is not a number): use "
                           "redis://host:port/db")
    return rest, prefix


def _unknown_option(exc: BaseException, url: str) -> str | None:
    """The option of ``url``'s query that redis-py's connection refused as an unexpected keyword argument
    (``?prefx=news:``): it was told as a server that "does not answer as a Redis server does"."""
    if not isinstance(exc, TypeError) or "unexpected keyword argument" not in str(exc):
        return None
    return next((key for key, _ in parse_qsl(urlsplit(url).query) if f"'{key}'" in str(exc)), None)


def shown_url(url: str) -> str:
    """``url`` as a message may show it: its password, in the address or the query, as ``***``.

    >>> shown_url("redis://:secret@127.0.0.1:6379/0"), shown_url("unix:///run/redis.sock?db=2&password=secret")
    ('redis://:***@127.0.0.1:6379/0', 'unix:///run/redis.sock?db=2&password=***')
    >>> shown_url("redis://:secret@[::1/0")  # a URL that cannot be split: its password hidden all the same
    'redis://:***@[::1/0'
    """
    try:
        parts = urlsplit(url)
    except ValueError:  # an IPv6 address left unclosed: a user's password before the last "@", a query's after "="
        hidden = re.sub(r"^([^:/]*://[^:@/]*:)[^@]*@", r"\1***@", url)
        return re.sub(r"([?&]password=)[^&]*", r"\1***", hidden)
    netloc = parts.netloc
    if parts.password is not None:
        users, _, host = netloc.rpartition("@")
        netloc = f"{users.partition(':')[0]}:***@{host}"
    query = "&".join(f"{k}=***" if k == "password" else f"{k}={v}" for k, v in parse_qsl(parts.query, keep_blank_values=True))
    shown = urlunsplit(parts._replace(netloc=netloc, query=query if parts.query else ""))
    return shown if shown.startswith(f"{parts.scheme}://") else f"{parts.scheme}://" + shown[len(parts.scheme) + 1 :]


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
            probe = redis.Redis.from_url(self.url, socket_connect_timeout=CONNECT_SECONDS, socket_timeout=CONNECT_SECONDS)
            try:
                probe.ping()
            finally:
                probe.close()
            self._check_password_used(redis)
            self._r = redis.Redis.from_url(self.url, socket_connect_timeout=CONNECT_SECONDS, socket_timeout=ANSWER_SECONDS)
            self._insert = self._r.register_script(_INSERT)
            self._delete = self._r.register_script(_DELETE)
            self._few_articles = self._r.register_script(_FEW_ARTICLES)
        except ValueError as exc:  # from_url: a port that is no number, a database that is no index...
            raise StorageError(f"malformed Redis URL {shown_url(url)!r} ({exc}): use redis://host:port/db") from exc
        except redis.exceptions.ResponseError as exc:  # reached: it refused what the URL asks (a database it lacks)
            raise StorageError(f"Redis at {self.shown_url} refused the connection's set-up ({exc}): fix the URL's "
                               "database number or credentials") from exc
        except redis.exceptions.AuthenticationError as exc:  # reached: it refused the URL's user name or password
            raise StorageError(f"Redis at {self.shown_url} refused the URL's credentials ({exc}): fix the user name "
                               "or password in the URL") from exc
        except self._errors as exc:
            raise StorageError(f"cannot reach Redis at {self.shown_url} ({exc}): start the server or fix the URL") from exc
        except (AttributeError, TypeError, IndexError) as exc:  # redis-py's handshake read a reply of another kind
            option = _unknown_option(exc, self.url)
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
        plain = redis.Redis.from_url(bare, socket_connect_timeout=CONNECT_SECONDS, socket_timeout=CONNECT_SECONDS)
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
                           _postings_text(postings), len(matches)]
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
