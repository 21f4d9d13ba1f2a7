"""The Redis index backend's own checks (:mod:`dedup.index.store_redis`): a password the server would not use,
credentials it refuses (its URL read and shown: tests/test_index_redis_url.py); keys and values of another
program refused and kept, a server that is unreachable, never answers or answers as Redis does not, a flushed
index."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
import uuid
from contextlib import contextmanager
from typing import Any, Callable, Iterator

import pytest
from typer.testing import CliRunner

import dedup
from dedup.cli import app
from dedup.documents import Document
from dedup.errors import NotAnIndexError, StorageError
from dedup.index import Index

from _ingest_fixtures import require_redis


runner = CliRunner()


@pytest.fixture
def prefix() -> Iterator[str]:
    """A fresh key prefix on database 15 of the local server (which asks no password), deleted afterwards."""
    require_redis()
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, db=15)
    name = f"dedup-test-{uuid.uuid4().hex[:8]}:"
    yield name
    for key in client.scan_iter(match=name + "*"):
        client.delete(key)
    client.close()


def _own_server(*options: str) -> Iterator[int]:
    """A Redis server of its own on a free port, started with ``options``; its port, until the caller is done."""
    pytest.importorskip("redis")
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("no redis-server to start one of its own")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                *options], stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def guarded_port() -> Iterator[int]:
    """A Redis server of its own on a free port, asking the password "s3cret"."""
    yield from _own_server("--requirepass", "s3cret")


@pytest.mark.parametrize("user", ["", "default"], ids=["password-alone", "default-user"])
def test_a_password_the_server_does_not_ask_for_is_refused_and_nothing_written(prefix: str, user: str) -> None:
    # redis-py's handshake sends AUTH, which a server without a password answers OK: the index was written
    # there, open to anyone, for a user who believed it guarded
    import redis

    url = f"redis://{user}:hunter2@127.0.0.1:6379/15?prefix={prefix}"
    with pytest.raises(StorageError, match=r"Redis at redis://\w*:\*\*\*@127.0.0.1:6379/15 asks no password, so the "
                                           r"URL's password would not be used .*take the password out of the URL"):
        Index.open(url)
    client = redis.Redis(host="127.0.0.1", port=6379, db=15)
    assert list(client.scan_iter(match=prefix + "*")) == []
    client.close()


def test_a_password_the_server_does_not_ask_for_is_one_line_from_the_cli(prefix: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.txt").write_text("Officials said the storm would reach the coast by Tuesday night. " * 5)
    result = runner.invoke(app, ["index", "add", f"redis://:hunter2@127.0.0.1:6379/15?prefix={prefix}",
                                 str(tmp_path / "a.txt")])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: Redis at redis://:***@127.0.0.1:6379/15 asks no password")
    assert "hunter2" not in result.output


def test_the_password_of_a_server_that_asks_one_is_used(guarded_port: int) -> None:
    import redis

    prefix = f"dedup-test-{uuid.uuid4().hex[:8]}:"
    index = Index.open(f"redis://:s3cret@127.0.0.1:{guarded_port}/0?prefix={prefix}")
    index.close()
    client = redis.Redis(host="127.0.0.1", port=guarded_port, password="s3cret")
    assert list(client.scan_iter(match=prefix + "*"))  # the index's settings were written with the password
    client.close()


@pytest.mark.parametrize("credentials", ["", ":wrong@", "bob:s3cret@"], ids=["none", "wrong-password", "unknown-user"])
def test_credentials_the_server_refuses_are_named_not_unreachable(guarded_port: int, credentials: str) -> None:
    # it said "cannot reach Redis ... start the server or fix the URL": the server was reached and refused them
    with pytest.raises(StorageError, match=r"Redis at redis://\S*127.0.0.1:\d+/0 refused the URL's credentials "
                                           r"\(.*\): fix the user name or password in the URL") as raised:
        Index.open(f"redis://{credentials}127.0.0.1:{guarded_port}/0")
    assert "s3cret" not in str(raised.value) and "wrong@" not in str(raised.value)


def test_a_password_is_not_shown_when_the_server_cannot_be_reached() -> None:
    pytest.importorskip("redis")
    with pytest.raises(StorageError, match=r"cannot reach Redis at redis://:\*\*\*@127.0.0.1:1/0 ") as raised:
        Index.open("redis://:hunter2@127.0.0.1:1/0")
    assert "hunter2" not in str(raised.value)


def test_the_command_line_names_an_index_on_a_server_with_a_password_without_it(guarded_port: int, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # "Error: redis://:s3cret@... was made with --min-words 20" and "no article 'x' in redis://:s3cret@...":
    # the password written out on the terminal and in logs
    from conftest import CORPUS

    url = f"redis://:s3cret@127.0.0.1:{guarded_port}/0?prefix=dedup-test-{uuid.uuid4().hex[:8]}:"
    assert runner.invoke(app, ["index", "add", url, str(CORPUS / "citypaper")]).exit_code == 0
    for command in (["index", "add", url, str(CORPUS / "citypaper"), "--min-words", "5"], ["index", "remove", url, "x"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 1 and "s3cret" not in result.output
        assert f"redis://:***@127.0.0.1:{guarded_port}/0" in result.output


@pytest.mark.parametrize("given", ["array", "pairs"])
def test_an_articles_postings_go_to_redis_in_memory_near_their_text(prefix: str, given: str) -> None:
    # two arguments a posting cost some 425 bytes each in the client (the numbers, then each packed through
    # every layer of the call): 2.7 GB at the peak of a million-character article streamed into Redis. The
    # postings go as one argument of their text; what is stored is as before (each key's set of seq:span)
    import tracemalloc

    import numpy as np
    import redis

    from dedup.index.store import StoredArticle, open_storage

    count = 50_000
    rng = np.random.default_rng(2)
    postings = np.column_stack([rng.integers(-(1 << 62), 1 << 62, count), np.arange(count)])
    store = open_storage(f"redis://127.0.0.1:6379/15?prefix={prefix}")
    try:
        store.insert(StoredArticle(0, "a0", "h0", "a short text", added_ts=1.0, body_start=0, body_end=6), [(1, 2)], [])
        tracemalloc.start()
        try:
            store.insert(StoredArticle(0, "a1", "h1", "a text", added_ts=1.0, body_start=0, body_end=6),
                         postings if given == "array" else [tuple(p) for p in postings.tolist()], [])
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    finally:
        store.close()
    client = redis.Redis(host="127.0.0.1", port=6379, db=15)
    key, span = postings[5].tolist()
    assert client.smembers(f"{prefix}k:{key}") == {f"2:{span}".encode()}
    assert int(client.get(f"{prefix}postings")) == count + 1
    if given == "array":
        assert peak < 150 * count


@pytest.fixture()
def own_port() -> Iterator[int]:
    """A Redis server of its own on a free port (its memory limit is changed by the test)."""
    yield from _own_server("--maxmemory-policy", "noeviction")


def test_a_redis_out_of_memory_is_said_so_and_what_was_stored_is_kept(own_port: int, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # a server at its maxmemory refused the insert script's first write: "failed: command not allowed when used
    # memory > 'maxmemory'. script: 3f2a..., on @user_script:37.", a script's hash and line for the reason
    import json

    import redis

    from _ingest_fixtures import synthetic_article

    url = f"redis://127.0.0.1:{own_port}/0"
    with Index.open(url, align=False) as index:
        for number in range(3):
            index.add(synthetic_article(number))
    client = redis.Redis(host="127.0.0.1", port=own_port)
    client.config_set("maxmemory", str(int(client.info("memory")["used_memory"]) - 4096))
    try:
        with Index.open(url, align=False) as index:
            with pytest.raises(StorageError, match=r"Redis at redis://127.0.0.1:\d+/0 is out of memory \(its maxmemory "
                                                   r"is reached.*what was stored before is kept"):
                index.add(synthetic_article(7))
        feed = tmp_path / "feed.jsonl"
        feed.write_text("".join(json.dumps({"id": d.id, "text": d.text}) + "\n" for d in map(synthetic_article, (8, 9))))
        result = runner.invoke(app, ["index", "add", url, str(feed), "-q"])
        assert result.exit_code == 1 and result.output.strip().splitlines() == [
            line for line in result.output.strip().splitlines() if line.startswith("Error: Redis at ")]
        assert "is out of memory" in result.output and "user_script" not in result.output
    finally:
        client.config_set("maxmemory", "0")
        client.close()
    with Index.open(url, align=False) as index:
        assert index.stats()["articles"] == 3
        assert [index.contains(f"art-{n}") for n in (0, 1, 2, 7, 8)] == [True, True, True, False, False]


@pytest.fixture
def redis_client():  # type: ignore[no-untyped-def]
    require_redis()
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, db=15)
    prefix = f"dedup-test-{uuid.uuid4().hex[:8]}:"
    yield client, prefix
    for key in client.scan_iter(match=prefix + "*"):
        client.delete(key)
    client.close()


def test_a_database_the_redis_server_lacks_is_named_as_refused_not_unreachable(redis_client) -> None:  # type: ignore[no-untyped-def]
    # the server was reached and answered "DB index is out of range": it said "cannot reach Redis ... start the server"
    with pytest.raises(StorageError, match="Redis at redis://127.0.0.1:6379/99999 refused the connection's set-up "
                                           "\\(.*out of range.*\\): fix the URL's database number"):
        Index.open("redis://127.0.0.1:6379/99999")


def test_redis_keys_of_another_program_are_refused_and_kept(redis_client) -> None:  # type: ignore[no-untyped-def]
    client, prefix = redis_client
    client.set(prefix + "session:42", "alice")
    url = f"redis://127.0.0.1:6379/15?prefix={prefix}"
    for create in (False, True):
        with pytest.raises(NotAnIndexError, match="keys that are not a dedup index"):
            Index.open(url, create=create)
    assert sorted(client.scan_iter(match=prefix + "*")) == [f"{prefix}session:42".encode()]


def test_redis_settings_of_another_type_are_refused(redis_client) -> None:  # type: ignore[no-untyped-def]
    client, prefix = redis_client
    client.hset(prefix + "settings", "theme", "dark")
    with pytest.raises(NotAnIndexError, match="is a Redis hash"):
        Index.open(f"redis://127.0.0.1:6379/15?prefix={prefix}")


def test_reading_a_redis_prefix_without_an_index_creates_nothing(redis_client) -> None:  # type: ignore[no-untyped-def]
    client, prefix = redis_client
    with pytest.raises(NotAnIndexError, match="no dedup index there"):
        Index.open(f"redis://127.0.0.1:6379/15?prefix={prefix}", create=False)
    assert list(client.scan_iter(match=prefix + "*")) == []


def test_unreachable_redis_is_one_clear_error() -> None:
    pytest.importorskip("redis")
    with pytest.raises(StorageError, match="cannot reach Redis"):
        Index.open("redis://127.0.0.1:1/0")


def _two_matching_articles(url: str) -> None:
    """An index at ``url`` holding two articles that match (a rewrite of a wire story, and its source)."""
    from conftest import CORPUS
    from dedup import Document

    with Index.open(url) as index:
        for name in ("newswire", "eastdesk"):
            index.add(Document(name, (CORPUS / name / "belarus-china-drills.txt").read_text(), outlet=name))
        assert index.matches("eastdesk")


def _keys(client, prefix: str) -> dict[bytes, bytes]:  # type: ignore[no-untyped-def]
    """Every key under the prefix and its value, as Redis dumps it."""
    keys = sorted(client.scan_iter(match=prefix + "*", count=1000))
    return dict(zip(keys, [client.dump(key) for key in keys]))


def _as_string(client, key: bytes, value: str = "junk") -> None:  # type: ignore[no-untyped-def]
    client.delete(key)
    client.set(key, value)


#: Keys of an index given other values than dedup writes there (by hand, or another program), and what
#: is asked of the index then: each was a traceback (ValueError, JSONDecodeError) or half an article
#: removed (the removal script stopped at the key, its earlier writes kept).
DAMAGE = {
    "postings-a-string": (lambda c, p: [_as_string(c, k) for k in c.scan_iter(match=p + "k:*")], "remove"),
    "matches-a-string": (lambda c, p: [_as_string(c, k) for k in c.scan_iter(match=p + "m:*")], "remove"),
    "stretches-a-string": (lambda c, p: [_as_string(c, k) for k in c.scan_iter(match=p + "s:*")], "remove"),
    "ages-a-string": (lambda c, p: _as_string(c, (p + "age").encode()), "remove"),
    "count-no-number": (lambda c, p: c.set(p + "articles", "many"), "stats"),
    "id-no-number": (lambda c, p: [c.set(k, "seven") for k in c.scan_iter(match=p + "id:*")], "remove"),
    "article-no-json": (lambda c, p: [c.set(k, '{"id": "x"') for k in c.scan_iter(match=p + "doc:*")], "prune"),
    "article-a-list": (lambda c, p: [c.set(k, "[1, 2]") for k in c.scan_iter(match=p + "doc:*")], "prune"),
    "article-a-hash": (lambda c, p: [(c.delete(k), c.hset(k, "a", "b")) for k in c.scan_iter(match=p + "doc:*")],
                       "remove"),
}


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_redis_values_dedup_did_not_write_are_one_error_and_nothing_is_written(redis_client, damage: str) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    client, prefix = redis_client
    url = f"redis://127.0.0.1:6379/15?prefix={prefix}"
    _two_matching_articles(url)
    make, call = DAMAGE[damage]
    make(client, prefix)
    before = _keys(client, prefix)
    with Index.open(url) as index:
        with pytest.raises(StorageError, match="a damaged value under the prefix"):
            {"remove": lambda: index.remove("eastdesk"), "stats": index.stats,
             "prune": lambda: index.prune(timedelta(microseconds=1))}[call]()
    assert _keys(client, prefix) == before


def test_an_add_after_the_redis_index_was_flushed_adds_nothing(redis_client) -> None:  # type: ignore[no-untyped-def]
    # the add made keys without settings (a seq, an article, its postings): every later command refused
    # the prefix as "keys that are not a dedup index", and the server went on adding to it
    from conftest import CORPUS
    from dedup import Document

    client, prefix = redis_client
    url = f"redis://127.0.0.1:6379/15?prefix={prefix}"
    with Index.open(url) as index:
        index.add(Document("first", (CORPUS / "newswire" / "belarus-china-drills.txt").read_text()))
        for key in client.scan_iter(match=prefix + "*"):  # FLUSHALL, for this prefix only
            client.delete(key)
        with pytest.raises(StorageError, match="the index's settings are gone .* nothing was added"):
            index.add(Document("second", (CORPUS / "eastdesk" / "belarus-china-drills.txt").read_text()))
    assert list(client.scan_iter(match=prefix + "*")) == []
    with Index.open(url) as index:  # opened again: a new index, which takes it
        index.add(Document("second", (CORPUS / "eastdesk" / "belarus-china-drills.txt").read_text()))
        assert index.contains("second") and not index.contains("first")


def test_a_server_that_never_answers_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # it waited forever: the connection is taken (the listening socket's backlog), no answer comes
    pytest.importorskip("redis")
    import socket

    from dedup.index import store_redis

    monkeypatch.setattr(store_redis, "CONNECT_SECONDS", 0.3)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        port = silent.getsockname()[1]
        with pytest.raises(StorageError, match=f"cannot reach Redis at redis://127.0.0.1:{port}/0 \\(Timeout"):
            Index.open(f"redis://127.0.0.1:{port}/0")


def test_a_stream_stops_at_an_index_that_fails_instead_of_dropping_every_line(redis_client) -> None:  # type: ignore[no-untyped-def]
    # each line after it was answered {"line", "error"} and dropped, and the stream ended with success
    import json

    from typer.testing import CliRunner

    from conftest import CORPUS
    from dedup.cli import app

    client, prefix = redis_client
    url = f"redis://127.0.0.1:6379/15?prefix={prefix}"
    _two_matching_articles(url)
    _as_string(client, (prefix + "age").encode())
    lines = "".join(json.dumps({"id": f"feed-{k}", "text": (CORPUS / "globalwire" / "chip-plant.json").read_text() + f" {k}"})
                    + "\n" for k in range(3))
    result = CliRunner().invoke(app, ["stream", url], input=lines)
    assert result.exit_code == 1 and result.stdout == "", (result.stdout, result.exception)
    assert result.stderr.startswith("Error: ") and "a damaged value under the prefix" in result.stderr
    assert result.stderr.count("\n") == 1


@contextmanager
def _fake_server(serve: Callable[[socket.socket], None]) -> Iterator[str]:
    """A server on a free local port that is no Redis: each connection it takes is handed to ``serve`` on a
    thread, then closed; the redis:// URL naming it."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(4)
        server.settimeout(10)

        def run() -> None:
            try:
                while True:
                    conn, _ = server.accept()
                    with conn:
                        conn.settimeout(10)
                        serve(conn)
            except OSError:
                pass

        threading.Thread(target=run, daemon=True).start()
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"


@pytest.mark.parametrize("reply,says", [
    (b"+OK\r\n", "does not answer as a Redis server does"),  # was a traceback (AttributeError in redis-py)
    (b"-LOADING Redis is loading the dataset in memory\r\n", "cannot reach Redis at .* \\(Redis is loading"),
    # these two were "cannot reach Redis ...: start the server", of a server running (another service, on that port)
    (b"HTTP/1.1 400 Bad Request\r\n\r\n", "answered, but not as a Redis server does \\(Protocol Error: b'HTTP/1.1 400"),
    (b"SSH-2.0-OpenSSH_9.6\r\n", "answered, but not as a Redis server does \\(Protocol Error: b'SSH-2.0.* another service "
                                  "listens there; fix the URL's host or port$"),
], ids=["ok-to-everything", "loading", "http", "ssh"])
def test_a_server_that_answers_as_redis_does_not_is_one_clear_error(reply: bytes, says: str) -> None:
    pytest.importorskip("redis")

    def answer(conn: socket.socket) -> None:
        while conn.recv(65536):
            conn.sendall(reply)

    with _fake_server(answer) as url, pytest.raises(StorageError, match=says):
        Index.open(url)


def test_a_server_that_closes_the_connection_unanswered_is_not_said_unreachable() -> None:
    # an HTTP server given Redis's greeting closes the connection: it was "cannot reach Redis ... start the server"
    pytest.importorskip("redis")

    def close(conn: socket.socket) -> None:  # redis-py may try again: each connection read, then closed
        conn.recv(65536)

    with _fake_server(close) as url, pytest.raises(
            StorageError, match="took the connection and closed it without a Redis answer") as raised:
        Index.open(url)
    assert "start the server" not in str(raised.value)


def _answers(url: str) -> list[Any]:
    """What an index on ``url`` answers for the test corpus: each add's matches, a check, the matches recorded,
    the articles' ids in order, a prune and the counts."""
    from datetime import timedelta

    from conftest import CORPUS

    docs = list(dedup.read_corpus(CORPUS).documents)
    with Index.open(url, common_from=[d.text for d in docs]) as index:
        added = [[(m.id, m.verdict, m.confidence) for m in index.add(d)] for d in docs]
        copy = Document("copy", docs[0].text + " More to follow.")
        checked = [m.to_dict() for m in index.check(copy)]
        recorded = [[m.to_dict() for m in index.matches(d.id)] for d in docs]
        index.remove(docs[1].id)
        stats = {k: v for k, v in index.stats().items() if k not in ("bytes", "bytes_per_article", "prefix", "server_bytes")}
        return [added, checked, recorded, index.prune(timedelta(days=36500)), stats]


def test_resp2_and_resp3_give_the_same_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    # PROTOCOL = 2 silences redis-py's "does not support HELLO (RESP3). Falling back to RESP2" on servers without
    # HELLO; it is spoken only because the index answers the same under both
    from _ingest_fixtures import require_redis

    require_redis()
    import uuid

    import redis

    from dedup.index import store_redis

    answers = []
    for protocol in (2, 3):
        monkeypatch.setattr(store_redis, "PROTOCOL", protocol)
        prefix = f"dedup-test-resp{protocol}-{uuid.uuid4().hex[:8]}:"
        try:
            answers.append(_answers(f"redis://127.0.0.1:6379/15?prefix={prefix}"))
        finally:
            client = redis.Redis(host="127.0.0.1", port=6379, db=15)
            keys = list(client.scan_iter(match=prefix + "*", count=1000))
            if keys:
                client.delete(*keys)
            client.close()
    assert answers[0] == answers[1] and answers[0][1] and any(answers[0][0])


def test_a_server_without_hello_is_spoken_to_without_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    # redis-py asks for RESP3 first and warned of falling back to RESP2 at every connection to such a server
    pytest.importorskip("redis")

    seen: list[bytes] = []

    def answer(conn: socket.socket) -> None:  # a server of before HELLO: PING answered, every other command refused
        while data := conn.recv(65536):
            seen.append(data)
            conn.sendall(b"+PONG\r\n" if b"PING" in data.upper() else b"-ERR unknown command\r\n")

    with _fake_server(answer) as url, caplog.at_level("WARNING"), pytest.raises(StorageError):
        Index.open(url)
    assert any(b"HELLO" in data.upper() for data in seen)  # asked, refused, and RESP2 spoken
    assert "HELLO" not in caplog.text
