"""A Redis index's URL (:mod:`dedup.index.redis_url`): shown without its password, a prefix empty or given
twice, an option no one reads, a malformed URL named without its password."""

from __future__ import annotations

import os
import re

import pytest

from dedup.cli import app
from dedup.errors import StorageError
from dedup.index import Index
from dedup.index.redis_url import shown_url

from test_store_redis import prefix  # noqa: F401 - a fixture: a fresh key prefix on database 15, deleted after
from _bad_input_helpers import _error_line, runner


@pytest.mark.parametrize(("url", "shown"), [
    ("redis://:secret@127.0.0.1:6379/0", "redis://:***@127.0.0.1:6379/0"),
    ("redis://bob:secret@h:1/2", "redis://bob:***@h:1/2"),
    ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
    ("unix:///run/redis.sock?db=2&password=secret", "unix:///run/redis.sock?db=2&password=***"),
    ("unix:///run/redis.sock", "unix:///run/redis.sock"),
], ids=["password", "user-and-password", "none", "unix-query", "unix-plain"])
def test_urls_are_shown_without_their_password(url: str, shown: str) -> None:
    assert shown_url(url) == shown


@pytest.mark.parametrize("query,why", [
    ("prefix=", "its ?prefix= is empty, as an unset variable leaves it"),
    ("prefix={prefix}a:&prefix={prefix}b:", "it names ?prefix= twice"),
], ids=["empty", "twice"])
def test_a_prefix_empty_or_given_twice_is_refused_and_no_index_written(prefix: str, query: str,  # noqa: F811
                                                                        why: str) -> None:
    # ?prefix= (an unset variable) opened the default index dedup: and ?prefix=a&prefix=b the last one named:
    # articles were added to another index than the one meant
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, db=15)
    before = set(client.scan_iter(match="dedup:*"))
    with pytest.raises(StorageError, match=f"malformed Redis URL .*\\({re.escape(why)}\\): give one prefix"):
        Index.open(f"redis://127.0.0.1:6379/15?{query.format(prefix=prefix)}")
    assert set(client.scan_iter(match="dedup:*")) == before and not list(client.scan_iter(match=prefix + "*"))
    client.close()


def test_an_option_of_the_url_that_no_one_reads_is_named(prefix: str) -> None:  # noqa: F811
    # ?prefx=news: (a typo) was "does not answer as a Redis server does (TypeError: ... unexpected keyword
    # argument 'prefx')", as if the server were at fault
    with pytest.raises(StorageError, match=r"\(no option 'prefx' is read: dedup reads \?prefix="):
        Index.open(f"redis://127.0.0.1:6379/15?prefx={prefix}")


@pytest.mark.parametrize("url", ["redis://:hunter2@127.0.0.1:port/0", "redis://bob:hunter2@127.0.0.1:99999/0",
                                 "redis://:hunter2@127.0.0.1:6379/abc", "redis://:hunter2@[::1/0",
                                 "unix:///run/redis.sock?db=x&password=hunter2"],
                         ids=["port-no-number", "port-out-of-range", "database-no-number", "ipv6-unclosed", "unix-query"])
def test_a_malformed_url_is_named_without_its_password(url: str) -> None:
    # "malformed Redis URL 'redis://:hunter2@...'": the password written out in the one line, where every
    # other message shows it as ***
    pytest.importorskip("redis")
    with pytest.raises(StorageError, match="malformed Redis URL") as raised:
        Index.open(url)
    assert "hunter2" not in str(raised.value) and "***" in str(raised.value)


@pytest.mark.parametrize("url", ["redis://127.0.0.1:port/0", "redis://127.0.0.1:99999/0"], ids=["not-a-number", "out-of-range"])
def test_malformed_redis_url_is_one_clear_error(url: str) -> None:
    pytest.importorskip("redis")
    with pytest.raises(StorageError, match="Redis URL"):
        Index.open(url)


def test_redis_urls_are_read_as_redis_reads_them() -> None:
    from dedup.errors import StorageError
    from dedup.index.store_redis import connection_url

    assert connection_url("unix:///run/redis.sock?db=2&prefix=news:") == ("unix:///run/redis.sock?db=2", "news:")
    assert connection_url("redis://127.0.0.1:6379/13") == ("redis://127.0.0.1:6379/13", "dedup:")
    for typo in ("redis://127.0.0.1:6379/xyz", "redis://127.0.0.1:6379/13x", "unix:///run/redis.sock?db=two"):
        with pytest.raises(StorageError, match="is not a number"):  # redis-py would use database 0
            connection_url(typo)


def test_a_redis_url_not_in_utf8_is_one_line() -> None:
    pytest.importorskip("redis")
    result = runner.invoke(app, ["index", "stats", "redis://127.0.0.1:6379/15?prefix=" + os.fsdecode(b"caf\xe9:")])
    assert _error_line(result) == ("Error: malformed Redis URL 'redis://127.0.0.1:6379/15?prefix=caf\\\\xe9:' (it holds "
                                   "bytes that are not UTF-8): give the URL and its ?prefix= in UTF-8\n")


@pytest.mark.parametrize("url", ["redis://", "redis:///0", "redis://:6379/0", "rediss://:6380/1", "redis://:hunter2@/0"])
def test_a_url_with_no_host_is_refused_not_taken_for_the_local_server(url: str) -> None:
    # redis://${HOST}:6379/0 with HOST unset: redis-py connected to the local server and the index was written there
    from dedup.index.redis_url import connection_url

    with pytest.raises(StorageError, match=r"^malformed Redis URL .* \(no host, as an unset variable leaves it") as raised:
        connection_url(url)
    assert "hunter2" not in str(raised.value)
    result = runner.invoke(app, ["index", "stats", url])
    assert _error_line(result).startswith("Error: malformed Redis URL ") and "no host" in _error_line(result)
