"""Crash and concurrency safety of the persistent index: SIGKILLed writers, racing writers, re-adds."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from _ingest_fixtures import redis_url, synthetic_article  # noqa: F401 - fixture
from dedup.documents import Document
from dedup.errors import InputError
from dedup.index import Index
from dedup.records import MAX_CHARS

ROOT = Path(__file__).resolve().parents[1]
WRITER = """
import sys
from _ingest_fixtures import synthetic_article
from dedup.index import Index
location, first, last, step = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
with Index.open(location) as index:
    for number in range(first, last, step):
        index.add(synthetic_article(number))
        print(f"art-{number}", flush=True)  # acknowledged: printed only once add() has committed
"""


def _writer(location: str, first: int, last: int, step: int = 1) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "tests")]))
    return subprocess.Popen([sys.executable, "-c", WRITER, location, str(first), str(last), str(step)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _consistent(db: Path) -> set[str]:
    """Ids in the file, after checking it is sound and has no postings or matches of missing articles."""
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM postings WHERE seq NOT IN (SELECT seq FROM articles)").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM matches WHERE other NOT IN (SELECT seq FROM articles)").fetchone()[0] == 0
        return {row[0] for row in con.execute("SELECT id FROM articles")}


def test_sigkill_mid_ingest_loses_nothing_acknowledged(tmp_path: Path) -> None:
    db, rng, acknowledged = tmp_path / "news.db", random.Random(1234), set()
    for round_ in range(5):
        proc = _writer(str(db), round_ * 40, round_ * 40 + 5000)  # killed long before the end
        assert proc.stdout is not None
        first = proc.stdout.readline()  # the writer is ingesting
        time.sleep(rng.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        rest, _ = proc.communicate()
        acknowledged |= {line for line in (first + rest).splitlines() if line}
        assert proc.returncode == -signal.SIGKILL, "the writer finished before it was killed: raise the range"
        stored = _consistent(db)
        assert acknowledged <= stored, f"round {round_}: acknowledged but missing: {sorted(acknowledged - stored)[:5]}"


def test_two_writers_on_sqlite_store_each_article_once(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    Index.open(str(db)).close()  # create the file before the race
    procs = [_writer(str(db), 0, 120), _writer(str(db), 119, -1, -1)]
    outputs = [p.communicate() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outputs]
    assert all(not err.strip() for _, err in outputs)
    assert _consistent(db) == {f"art-{n}" for n in range(120)}
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 120


def test_two_writers_on_redis_store_each_article_once(redis_url: str) -> None:  # noqa: F811
    Index.open(redis_url).close()
    procs = [_writer(redis_url, 0, 80), _writer(redis_url, 79, -1, -1)]
    outputs = [p.communicate() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outputs]
    with Index.open(redis_url) as index:
        assert index.stats()["articles"] == 80
        assert all(index.contains(f"art-{n}") for n in range(80))


def test_re_adding_in_a_new_process_is_a_no_op(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with Index.open(str(db)) as index:
        first = [m.id for m in index.add(synthetic_article(5))]
        before = index.stats()
    with Index.open(str(db)) as index:
        assert [m.id for m in index.add(synthetic_article(5))] == first
        after = index.stats()
    assert (after["articles"], after["postings"], after["matches"]) == (before["articles"], before["postings"], before["matches"])


@pytest.mark.parametrize("text", ["", " ", "two words"], ids=["empty", "space", "short"])
def test_empty_or_short_is_never_indexed(tmp_path: Path, text: str) -> None:
    with Index.open(str(tmp_path / "news.db")) as index:
        with pytest.raises(InputError):
            index.add(Document("x", text))
        assert index.stats()["articles"] == 0 and index.stats()["postings"] == 0


def test_oversized_article_is_stored_up_to_the_documented_limit(tmp_path: Path) -> None:
    base = synthetic_article(9).text + " "
    with Index.open(str(tmp_path / "news.db")) as index:
        index.add(Document("big", base * (MAX_CHARS // len(base) + 10)))
        assert len(index._store.find(id="big").text) == MAX_CHARS  # type: ignore[union-attr]
