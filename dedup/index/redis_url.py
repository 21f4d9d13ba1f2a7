"""What a Redis index's URL names: the address redis-py is given and the key prefix (``?prefix=``), a URL
refused in one line when it cannot name one; and the URL as messages show it, its password hidden.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from dedup.errors import StorageError

__all__ = ["connection_url", "shown_url", "unknown_option"]


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
    if parts.scheme in ("redis", "rediss") and not parts.hostname:  # redis-py took the local server for it
        raise StorageError(f"malformed Redis URL {shown_url(url)!r} (no host, as an unset variable leaves it: "
                           "redis:///0, redis://:6379/0): give the host, such as redis://127.0.0.1:6379/0")
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


def unknown_option(exc: BaseException, url: str) -> str | None:
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
