"""Shared helpers of the ingest tests: synthetic articles and a Redis server that is skipped when absent."""

from __future__ import annotations

import os
import random
import uuid
from typing import Iterator

import pytest

from dedup.documents import Document

_SYLLABLES = "ka lo mi ne ru sa ti vo dre ghi plo stra quen bor lin mar tes vik zu pen".split()
# 20**3 = 8,000 pseudo-words: two articles share about as few words as two unrelated news stories do.
_WORDS = [a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in _SYLLABLES]
_NAMES = "Harlow Oslo Brenner Kestrel Ardmore Valdez Okafor Lindqvist Marais Tanaka".split()


def synthetic_article(number: int, *, words: int = 120, seed: int = 7) -> Document:
    """A deterministic filler article with its own names and figures, unlike any other number's."""
    rng = random.Random(seed * 1_000_003 + number)
    body = []
    for k in range(words):
        if k % 9 == 0:
            body.append(f"{rng.choice(_NAMES)}{number}")
        elif k % 13 == 0:
            body.append(str(rng.randrange(10, 10_000)))
        else:
            body.append(rng.choice(_WORDS))
    return Document(f"art-{number}", " ".join(body) + ".", outlet=f"outlet{number % 5}")


def redis_available() -> str | None:
    """None when a local Redis answers, else why not."""
    try:
        import redis

        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=0.5).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means "no server to test against"
        return f"{type(exc).__name__}: {exc}"
    return None


def require_redis() -> None:
    """Skip without a local Redis, but fail in CI (``CI=true``), where the server must be running."""
    reason = redis_available()
    if reason is None:
        return
    message = f"no Redis server on 127.0.0.1:6379 ({reason}); start one with: redis-server --daemonize yes"
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true but " + message)
    pytest.skip(message)


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A fresh key prefix on database 15 of the local server, deleted afterwards."""
    require_redis()
    import redis

    prefix = f"dedup-test-{uuid.uuid4().hex[:8]}:"
    yield f"redis://127.0.0.1:6379/15?prefix={prefix}"
    # deleted directly: a storage object refuses to open keys left without an index's settings
    client = redis.Redis(host="127.0.0.1", port=6379, db=15)
    for batch in iter(lambda: list(client.scan_iter(match=prefix + "*", count=1000))[:1000], []):
        client.delete(*batch)
    client.close()


@pytest.fixture(params=["sqlite", "redis"])
def location(request: pytest.FixtureRequest, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """Each backend in turn: a SQLite file, then a Redis URL."""
    if request.param == "sqlite":
        return str(tmp_path / "news.db")
    return request.getfixturevalue("redis_url")
