"""The recent segment of a SQLite index (:mod:`dedup.index.recent`): lookups read it beside the postings
table and answer as if every posting were in one place, before, during and after merges; a crash at any
point loses nothing; another connection sees what one adds or merges; a format-5 index is migrated
(the key filter: tests/test_index_keyfilter.py; the runs' merges and filters alone:
tests/test_index_recent_runs.py; the segment's rows in the file: tests/test_index_recent_table.py)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from _ingest_fixtures import redis_url, synthetic_article  # noqa: F401 - fixtures
from dedup.documents import Document
from dedup.errors import IndexMismatchError
from dedup.index import INDEX_FORMAT, Index
from dedup.index import recent, recent_runs
from dedup.index.recent import RecentPostings, encode
from dedup.index.recent_table import state
from dedup.index.store import StoredArticle
from dedup.index.store_sqlite import SQLiteStorage

ROOT = Path(__file__).resolve().parents[1]


def _article(number: int) -> StoredArticle:
    return StoredArticle(0, f"a{number}", f"hash{number}", f"text {number}", added_ts=float(number))


def _fill(store: SQLiteStorage, seed: int, articles: int = 40) -> list[list[tuple[int, int]]]:
    """Random postings over few keys (so buckets hold many), some repeated within an article."""
    rng = np.random.default_rng(seed)
    postings = []
    for n in range(articles):
        keys = rng.integers(0, 30, int(rng.integers(1, 12)))
        rows = [(int(k), int(s)) for k, s in zip(keys, rng.integers(0, 3, len(keys)))]
        store.insert(_article(n), rows + rows[:2], [])
        postings.append(rows)
    return postings


@pytest.mark.parametrize("merge_at", [1, 3, 7, 10_000], ids=["every-add", "every-3", "every-7", "never"])
@pytest.mark.parametrize("seed", range(3))
def test_lookups_answer_as_if_every_posting_were_in_one_table(tmp_path: Path, merge_at: int, seed: int) -> None:
    one = SQLiteStorage(str(tmp_path / "one.db"), merge_at=1)  # every posting in the postings table
    split = SQLiteStorage(str(tmp_path / "split.db"), merge_at=merge_at)
    try:
        _fill(one, seed)
        _fill(split, seed)
        keys = np.arange(-1, 32)
        assert one._db.execute("SELECT count(*) FROM recent").fetchone()[0] == 0  # noqa: SLF001
        # a merge moves merge_at key ranges, one an add: with 3 or 7, the 40th add is in the middle of one
        assert (state(split._db)[1] is not None) == (merge_at in (3, 7))  # noqa: SLF001
        for most in (None, 0, 3, 8, 20, 1000):
            assert sorted(split.lookup(keys, most=most)) == sorted(one.lookup(keys, most=most)), most
        assert split.present(keys) == one.present(keys)
        assert split.stats()["postings"] == one.stats()["postings"]
        split.merge()
        assert split._db.execute("SELECT count(*) FROM recent").fetchone()[0] == 0  # noqa: SLF001
        assert sorted(split.lookup(keys, most=5)) == sorted(one.lookup(keys, most=5))
    finally:
        one.close()
        split.close()


@pytest.mark.parametrize("merge_at", [3, 7, 10_000], ids=["every-3", "every-7", "never"])
@pytest.mark.parametrize("batch", [1, 4, 13])
def test_batches_of_inserts_answer_as_if_every_posting_were_in_one_table(tmp_path: Path, merge_at: int,
                                                                          batch: int) -> None:
    """``writing(many=True)`` (``add_many``) brings a batch's postings into the view and takes its merge
    steps at its end: lookups inside and after a batch equal one table's."""
    one = SQLiteStorage(str(tmp_path / "one.db"), merge_at=1)
    split = SQLiteStorage(str(tmp_path / "split.db"), merge_at=merge_at)
    keys = np.arange(-1, 32)
    rng = np.random.default_rng(batch)
    try:
        for lo in range(0, 40, batch):
            with split.writing(many=True):
                for n in range(lo, min(lo + batch, 40)):
                    rows = [(int(k), int(rng.integers(0, 3))) for k in rng.integers(0, 30, int(rng.integers(1, 12)))]
                    one.insert(_article(n), rows, [])
                    split.insert(_article(n), rows, [])
                    if n % 5 == 0:  # a lookup inside the batch sees the batch's inserts so far
                        assert sorted(split.lookup(keys, most=8)) == sorted(one.lookup(keys, most=8))
            for most in (None, 3, 20):
                assert sorted(split.lookup(keys, most=most)) == sorted(one.lookup(keys, most=most))
        assert split.present(keys) == one.present(keys)
        assert split.stats()["postings"] == one.stats()["postings"]
        again = SQLiteStorage(str(tmp_path / "split.db"))  # another connection reads what the batches left
        try:
            assert sorted(again.lookup(keys)) == sorted(one.lookup(keys))
        finally:
            again.close()
        if merge_at < 40:  # the batches' steps merged some postings into the table
            assert split._db.execute("SELECT count(*) FROM postings").fetchone()[0] > 0  # noqa: SLF001
    finally:
        one.close()
        split.close()


def test_the_merge_threshold_is_a_share_of_what_is_stored_between_the_floor_and_the_cap() -> None:
    share = recent.MERGE_SHARE
    assert recent.merge_threshold(0) == recent.merge_threshold(share * recent.MERGE_AT) == recent.MERGE_AT
    assert recent.merge_threshold(share * (recent.MERGE_AT + 1_001)) == recent.MERGE_AT + 1_001
    assert recent.merge_threshold(share * recent.MERGE_MOST) == recent.merge_threshold(10**9) == recent.MERGE_MOST
    assert recent.MERGE_AT < recent.MERGE_MOST


def _small_thresholds(monkeypatch: pytest.MonkeyPatch) -> None:
    """A floor of 3 waiting articles, half of what is stored above it, at most 8."""
    from dedup.index import sqlite_postings

    monkeypatch.setattr(recent, "MERGE_AT", 3)
    monkeypatch.setattr(sqlite_postings, "MERGE_AT", 3)
    monkeypatch.setattr(recent, "MERGE_SHARE", 2)
    monkeypatch.setattr(recent, "MERGE_MOST", 8)


def test_a_store_given_no_threshold_merges_once_a_share_of_what_is_stored_waits(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _small_thresholds(monkeypatch)
    one = SQLiteStorage(str(tmp_path / "one.db"), merge_at=1)
    grown = SQLiteStorage(str(tmp_path / "grown.db"))
    keys = np.arange(-1, 32)
    rng = np.random.default_rng(5)
    starts = []
    try:
        for n in range(60):
            rows = [(int(k), int(rng.integers(0, 3))) for k in rng.integers(0, 30, int(rng.integers(1, 12)))]
            idle = state(grown._db)[1] is None  # noqa: SLF001
            one.insert(_article(n), rows, [])
            _, seq = grown.insert(_article(n), rows, [])
            waiting, threshold = grown._recent.articles, recent.merge_threshold(seq)  # noqa: SLF001
            if idle and state(grown._db)[1] is not None:  # noqa: SLF001
                starts.append((seq, waiting))
                assert waiting >= threshold
            elif idle:  # no merge started: fewer wait than the threshold of what is stored
                assert waiting < threshold
            if n % 7 == 0:
                assert sorted(grown.lookup(keys, most=8)) == sorted(one.lookup(keys, most=8))
        # the floor first, then half of what is stored, then the cap
        assert starts[0] == (3, 3) and {waiting for _, waiting in starts} >= {3, 8} and len(starts) >= 4, starts
        assert any(3 < waiting < 8 for _, waiting in starts), starts
        for most in (None, 3, 20):
            assert sorted(grown.lookup(keys, most=most)) == sorted(one.lookup(keys, most=most))
        assert grown.present(keys) == one.present(keys)
        assert grown.stats()["postings"] == one.stats()["postings"]
    finally:
        one.close()
        grown.close()


@pytest.mark.parametrize("batch", [4, 13])
def test_batches_into_a_store_given_no_threshold_answer_as_one_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     batch: int) -> None:
    """``add_many``'s batches take their merge steps at their end, against the grown threshold: what waits
    stays under twice the cap and a batch, and lookups equal one table's."""
    _small_thresholds(monkeypatch)
    one = SQLiteStorage(str(tmp_path / "one.db"), merge_at=1)
    grown = SQLiteStorage(str(tmp_path / "grown.db"))
    keys = np.arange(-1, 32)
    rng = np.random.default_rng(batch)
    generations = set()
    try:
        for lo in range(0, 90, batch):
            with grown.writing(many=True):
                for n in range(lo, min(lo + batch, 90)):
                    rows = [(int(k), int(rng.integers(0, 3))) for k in rng.integers(0, 30, int(rng.integers(1, 12)))]
                    one.insert(_article(n), rows, [])
                    grown.insert(_article(n), rows, [])
            assert grown._recent.articles < 2 * 8 + batch  # noqa: SLF001
            generations.add(state(grown._db)[0])  # noqa: SLF001
            assert sorted(grown.lookup(keys, most=8)) == sorted(one.lookup(keys, most=8))
        assert len(generations) > 2  # merges ended
        again = SQLiteStorage(str(tmp_path / "grown.db"), merge_at=5)  # another threshold, the same answers
        try:
            assert sorted(again.lookup(keys)) == sorted(one.lookup(keys))
        finally:
            again.close()
        assert grown.stats()["postings"] == one.stats()["postings"]
    finally:
        one.close()
        grown.close()


def test_a_key_crowded_in_the_postings_table_stays_crowded_with_recent_postings(tmp_path: Path) -> None:
    store = SQLiteStorage(str(tmp_path / "x.db"), merge_at=1000)
    try:
        for n in range(4):
            store.insert(_article(n), [(7, n)], [])
        store.merge()  # four postings of key 7 in the table
        _, seq = store.insert(_article(9), [(7, 9), (8, 0)], [])  # a fifth one waiting, key 8 only there
        assert sorted(store.lookup(np.array([7, 8]), most=4)) == [(8, seq, 0)]
        assert len(store.lookup(np.array([7, 8]), most=5)) == 6
    finally:
        store.close()


@pytest.mark.parametrize("given", ["array", "list"])
def test_an_adds_recent_row_is_the_bytes_encode_gives(tmp_path: Path, given: str) -> None:
    """The row of one add holds ``encode(postings)`` byte for byte, whether the postings come as the index
    gives them (an array, not sorted by key, some repeated) or as a list; the view holds the same pairs."""
    rng = np.random.default_rng(11)
    pairs = np.column_stack([rng.integers(-2**62, 2**62, 400), rng.integers(0, 50, 400)])
    pairs = np.concatenate([pairs, pairs[:30]])
    postings = pairs if given == "array" else [tuple(p) for p in pairs.tolist()]
    store = SQLiteStorage(str(tmp_path / "r.db"), merge_at=1000)
    _, seq = store.insert(_article(1), postings, [])
    (blob,) = store._db.execute("SELECT postings FROM recent").fetchone()  # noqa: SLF001
    assert isinstance(blob, bytes) and blob == encode(pairs)
    rows = store._recent_view().rows(np.unique(pairs[:, 0]))  # noqa: SLF001
    store.close()
    assert sorted(map(tuple, rows.tolist())) == sorted({(int(k), seq, int(s)) for k, s in pairs.tolist()})

@pytest.mark.parametrize("large", [2_000, 1 << 17], ids=["merged-at-once", "filtered"])
def test_a_large_appended_run_answers_as_the_same_rows_read_from_their_blobs(large: int) -> None:
    """An article's run appended (its seq and id held once, not a column each) answers every lookup, merge
    step and drop as the same rows read back from their blobs do, before and after smaller runs merge below it."""
    rng = np.random.default_rng(5)
    appended, read = RecentPostings(0), RecentPostings(0)
    for number, size in enumerate([large] + [int(rng.integers(1, 40)) for _ in range(60)] + [large // 2], start=1):
        pairs = recent.encoded(np.column_stack([rng.integers(-50, 50, size) << 57, rng.integers(0, 3, size)]))
        appended.append(number, number * 10, pairs)
        read.extend([(number, number * 10, encode(pairs))])
        if number % 20 == 1:
            keys = np.arange(-50, 50, dtype=np.int64) << 57
            assert appended.rows(keys).tolist() == read.rows(keys).tolist()
            assert appended.waiting().tolist() == read.waiting().tolist()
            assert appended.between(-(1 << 62), 1 << 61, number - 3).tolist() == read.between(-(1 << 62), 1 << 61, number - 3).tolist()
    for view in (appended, read):
        view.drop(30, 1)
    assert appended.waiting().tolist() == read.waiting().tolist() and len(appended) == len(read)

def test_recent_postings_in_memory_are_those_appended(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    view, rows = RecentPostings(0), []
    for number in range(1, 60):  # runs merged as a binary counter; one lookup per run
        keys, spans = rng.integers(-5, 5, 6), rng.integers(0, 2, 6)
        view.extend([(number, number * 10, encode(list(zip(keys.tolist(), spans.tolist()))))])
        rows += {(int(k), number * 10, int(s)) for k, s in zip(keys, spans)}
    assert len(view._runs) <= 6  # noqa: SLF001
    wanted = np.array([-5, -1, 0, 4, 9])
    assert sorted(map(tuple, view.rows(wanted).tolist())) == sorted(r for r in rows if r[0] in wanted.tolist())


@pytest.mark.parametrize("seed", range(3))
def test_large_runs_filtered_by_key_slots_find_every_row(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    # runs of 64 postings and more get a filter: a lookup must still find every row appended, also while
    # a merge is under way and after one ended (keys over all of int64, a few repeated many times)
    monkeypatch.setattr(recent_runs, "FILTER_FROM", 64)
    rng = np.random.default_rng(seed)
    pool = rng.integers(-(1 << 63), (1 << 63) - 1, 3000, dtype=np.int64)
    view, rows = RecentPostings(0), []
    for number in range(1, 120):
        keys = np.concatenate([rng.choice(pool, 20), [pool[0], pool[1]]])
        spans = rng.integers(0, 3, len(keys))
        view.extend([(number, number * 10, encode(list(zip(keys.tolist(), spans.tolist()))))])
        rows += {(int(k), number * 10, int(s)) for k, s in zip(keys, spans)}
    assert any(held is not None for held in view._filters)  # noqa: SLF001
    wanted = np.unique(np.concatenate([rng.choice(pool, 400), rng.integers(-(1 << 63), (1 << 63) - 1, 400)]))
    expect = sorted(r for r in rows if r[0] in set(wanted.tolist()))
    assert sorted(map(tuple, view.rows(wanted).tolist())) == expect and len(expect) > 100
    view.moved = (60, 0)  # rows up to 60 with negative keys are in the postings table
    assert sorted(map(tuple, view.rows(wanted).tolist())) == [r for r in expect if not (r[1] <= 600 and r[0] < 0)]
    view.drop(60, 1)
    assert sorted(map(tuple, view.rows(wanted).tolist())) == [r for r in expect if r[1] > 600]
    assert len(view._filters) == len(view._runs)  # noqa: SLF001


@pytest.mark.parametrize("seed", range(3))
def test_a_merged_runs_filter_is_the_filter_of_its_keys(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    # a run merged into one that has a filter of the merged size keeps that filter with the newer keys'
    # slots set (not built again): bit for bit the filter built from the merged run's keys
    monkeypatch.setattr(recent_runs, "FILTER_FROM", 64)
    rng = np.random.default_rng(seed)
    view = RecentPostings(0)
    for number in range(1, 200):
        keys = rng.integers(-(1 << 63), (1 << 63) - 1, int(rng.integers(1, 40)), dtype=np.int64)
        view.extend([(number, number, encode(list(zip(keys.tolist(), rng.integers(0, 3, len(keys)).tolist()))))])
        for run, held in zip(view._runs, view._filters):  # noqa: SLF001
            expect = recent_runs.run_filter(run[0])
            assert (held is None) == (expect is None)
            assert held is None or np.array_equal(held, expect)


def test_another_connection_sees_adds_merges_and_removals(tmp_path: Path) -> None:
    path = str(tmp_path / "news.db")
    with Index.open(path) as writer, Index.open(path) as reader:
        story = synthetic_article(1)
        copy = Document("copy", story.text + " More follows.")
        assert reader.check(copy) == []
        writer.add(story)
        assert [m.id for m in reader.check(copy)] == ["art-1"]  # waiting in the recent segment
        writer.merge()
        assert [m.id for m in reader.check(copy)] == ["art-1"]  # in the postings table, read once
        assert writer.remove("art-1")
        assert reader.check(copy) == []
        writer.add(synthetic_article(2))  # a recent row numbered as the removed one was
        assert reader.check(copy) == []


def test_remove_takes_an_article_out_of_either_place(tmp_path: Path) -> None:
    with Index.open(str(tmp_path / "news.db")) as index:
        for n in (1, 2):
            index.add(synthetic_article(n))
        index.merge()
        index.add(synthetic_article(3))
        for n in (2, 3):
            assert index.remove(f"art-{n}")
            assert index.check(Document("copy", synthetic_article(n).text + " More.")) == []
        assert [m.id for m in index.check(Document("copy", synthetic_article(1).text + " More."))] == ["art-1"]
        keys, _ = index._keys_many([synthetic_article(1).text])[0]  # noqa: SLF001
        assert index.stats()["postings"] == len(index._store.lookup(keys)) > 0  # noqa: SLF001


_CRASH = """
import os, sys
import dedup.index.sqlite_postings as store
from dedup.index import Index
from _ingest_fixtures import synthetic_article
index = Index.open(sys.argv[1])
index._store.merge_at = 3
real, calls = store.insert_postings, []
def dying(db, rows):
    real(db, rows)  # some postings inserted into the postings table: then the process dies, uncommitted
    calls.append(1)
    if len(calls) == {"during-a-merge-step": 2, "during-merge": 4}.get(sys.argv[2]):
        os._exit(3)
store.insert_postings = dying
# three articles start a merge of three steps, one an add: the fifth ends it (rows 4 and 5 wait)
for n in range(1, 6):
    index.add(synthetic_article(n))
if sys.argv[2] == "during-merge":
    index.merge()  # the fourth insert of postings
os._exit(3)  # killed: no close, no checkpoint
"""


_BATCH_CRASH = """
import os, sys
import dedup.index.sqlite_postings as store
from dedup.index import Index
from _ingest_fixtures import synthetic_article
index = Index.open(sys.argv[1])
index._store.merge_at = 3
index.add_many([synthetic_article(n) for n in range(1, 5)], batch_size=2)  # the second batch starts a merge
real = store.insert_postings
def dying(db, rows):
    real(db, rows)  # the third batch's merge step has moved postings: then the process dies, uncommitted
    os._exit(3)
store.insert_postings = dying
index.add_many([synthetic_article(n) for n in range(5, 8)], batch_size=3)
"""


def test_a_crash_in_a_batch_loses_only_that_batch(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    env = {"PYTHONPATH": f"{ROOT}:{ROOT / 'tests'}"}
    done = subprocess.run([sys.executable, "-c", _BATCH_CRASH, str(path)], env=env, capture_output=True, text=True)
    assert done.returncode == 3, done.stderr
    with Index.open(str(path)) as index:
        assert index._store.integrity() == "ok"  # noqa: SLF001
        assert index.stats()["articles"] == 4
        keys = np.concatenate([index._keys_many([synthetic_article(n).text])[0][0] for n in range(1, 5)])  # noqa: SLF001
        posted = index._store.lookup(keys)  # noqa: SLF001
        assert len(posted) == len(set(posted)) == index.stats()["postings"]  # each posting in one place
        for n in range(1, 5):
            found = index.check(Document("copy", synthetic_article(n).text + " More follows."))
            assert [m.id for m in found] == [f"art-{n}"]


@pytest.mark.parametrize(("when", "stored", "waiting"), [
    ("between-add-and-merge", 5, 2), ("during-a-merge-step", 3, 3), ("during-merge", 5, 2)])
def test_a_crash_before_or_during_a_merge_loses_nothing(tmp_path: Path, when: str, stored: int, waiting: int) -> None:
    path = tmp_path / "news.db"
    env = {"PYTHONPATH": f"{ROOT}:{ROOT / 'tests'}"}
    done = subprocess.run([sys.executable, "-c", _CRASH, str(path), when], env=env, capture_output=True, text=True)
    assert done.returncode == 3, done.stderr
    with Index.open(str(path)) as index:
        assert index._store.integrity() == "ok"  # noqa: SLF001
        assert index._store._db.execute("SELECT count(*) FROM recent").fetchone()[0] == waiting  # noqa: SLF001
        assert index.stats()["articles"] == stored  # the add that died in its merge step is not stored
        keys = np.concatenate([index._keys_many([synthetic_article(n).text])[0][0] for n in range(1, stored + 1)])  # noqa: SLF001
        posted = index._store.lookup(keys)  # noqa: SLF001
        assert len(posted) == len(set(posted)) == index.stats()["postings"]  # each posting in one place
        for _ in range(2):  # before and after merging what waits
            for n in range(1, stored + 1):
                found = index.check(Document("copy", synthetic_article(n).text + " More follows."))
                assert [m.id for m in found] == [f"art-{n}"]
            index.merge()


def _format_5(path: Path) -> None:
    """What dedup wrote before the recent segment: every posting in the postings table, format 5."""
    with Index.open(str(path)) as index:
        index.add(synthetic_article(1))
        index.merge()
    db = sqlite3.connect(path)
    settings = json.loads(db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()[0])
    db.execute("UPDATE settings SET value = ? WHERE name = 'index'", (json.dumps(settings | {"format": 5}),))
    db.execute("DROP TABLE recent")
    db.execute("DROP TABLE keyfilter")
    db.execute("DELETE FROM settings WHERE name = 'generation'")
    db.commit()
    db.close()


def test_an_index_of_format_5_is_migrated_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _format_5(path)
    with Index.open(str(path), create=False) as index:
        assert index.settings["format"] == INDEX_FORMAT == 7
        copy = Document("copy", synthetic_article(1).text + " More follows.")
        assert [m.id for m in index.check(copy)] == ["art-1"]  # its postings found through the filter made
        index.add(synthetic_article(2))
    db = sqlite3.connect(path)
    assert json.loads(db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()[0])["format"] == 7
    assert db.execute("SELECT count(*) FROM recent").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM keyfilter").fetchone()[0] > 0
    db.close()


def test_an_index_of_format_4_is_still_refused_for_its_passage_keys(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _format_5(path)
    db = sqlite3.connect(path)
    settings = json.loads(db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()[0])
    db.execute("UPDATE settings SET value = ? WHERE name = 'index'", (json.dumps(settings | {"format": 4}),))
    db.commit()
    db.close()
    with pytest.raises(IndexMismatchError, match=f"an index of format 4 .*this dedup reads format {INDEX_FORMAT}. Build a new index"):
        Index.open(str(path))


def test_a_redis_index_of_format_5_is_migrated_when_opened(redis_url: str) -> None:  # noqa: F811
    with Index.open(redis_url) as index:
        index.add(synthetic_article(1))
        raw = index._store._r  # noqa: SLF001
        key = index._store._k("settings")  # noqa: SLF001
    raw.set(key, json.dumps(json.loads(raw.get(key)) | {"format": 5}))
    with Index.open(redis_url) as index:
        assert index.settings["format"] == INDEX_FORMAT and index.merge() == 0
        assert [m.id for m in index.check(Document("copy", synthetic_article(1).text + " More."))] == ["art-1"]
    assert json.loads(raw.get(key))["format"] == INDEX_FORMAT



def _runs_of(view: RecentPostings) -> list[list[tuple[int, ...]]]:
    return [list(zip(*(column.tolist() for column in run))) for run in view._runs]  # noqa: SLF001


@pytest.mark.parametrize("seed", range(3))
def test_runs_merged_by_placing_rows_are_those_a_stable_sort_gives(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    # large runs merge by placing the newer run's rows among the older one's: the same run, row for row
    # (a key's rows in the order they were appended), as the stable sort of both that small runs use
    def filled() -> RecentPostings:
        rng = np.random.default_rng(seed)
        view = RecentPostings(0)
        for number in range(1, 150):
            keys = rng.integers(-40, 40, int(rng.integers(1, 30)))  # keys repeated within and across rows
            view.extend([(number, number * 7 % 11, encode(list(zip(keys.tolist(), rng.integers(0, 4, len(keys)).tolist()))))])
        return view

    monkeypatch.setattr(recent_runs, "_PLACE_FROM", 1 << 62)
    sorted_ = filled()
    monkeypatch.setattr(recent_runs, "_PLACE_FROM", 2)
    placed = filled()
    assert len(placed._runs) > 1 and _runs_of(placed) == _runs_of(sorted_)  # noqa: SLF001


def test_a_merge_steps_rows_are_every_row_of_its_range_in_key_order() -> None:
    rng = np.random.default_rng(5)
    view = RecentPostings(0)
    for number in range(1, 80):
        keys = rng.integers(-(1 << 63), (1 << 63) - 1, 15, dtype=np.int64)
        keys[:3] = [-(1 << 62), 0, 1 << 62]  # shared by every row: a key's rows come from several runs
        view.extend([(number, number, encode(list(zip(keys.tolist(), rng.integers(0, 3, 15).tolist()))))])
    assert len(view._runs) > 1  # noqa: SLF001
    every = [tuple(r) for r in view.waiting().tolist()]
    for low, high, upto in [(-(1 << 63), 0, 79), (0, recent.HIGHEST, 40), (-(1 << 62), 1 << 62, 60)]:
        got = view.between(low, high, upto)
        assert (np.diff(got[:, 0]) >= 0).all()
        expect = [r for r in every if low <= r[0] < high and r[1] <= upto]
        assert sorted(map(tuple, got.tolist())) == expect and len(expect) > 40


def test_an_added_articles_run_is_held_in_contiguous_arrays() -> None:
    view = RecentPostings(0)
    view.extend([(1, 5, encode([(9, 0), (3, 1), (3, 0), (7, 2)]))])
    (run,) = view._runs  # noqa: SLF001
    # its keys and spans contiguous (not strided views of its blob); its seq and id, one value each, held once
    # as append holds them
    assert run[0].flags.c_contiguous and run[2].flags.c_contiguous
    assert [column.tolist() for column in run] == [[3, 3, 7, 9], [5, 5, 5, 5], [0, 1, 2, 0], [1, 1, 1, 1]]


def test_one_row_read_back_holds_its_seq_and_id_once_and_lets_its_blob_go() -> None:
    # a view read again after an article of a million characters (one row, millions of postings) held its
    # seq and id as two columns of millions, and its blob (the row's bytes) through the making of its filter:
    # what is held when the filter is made is now the run's keys and spans, the blob's size (it was 2.5 times it)
    import tracemalloc

    pairs = recent.encoded(np.column_stack([np.arange(70_000, dtype=np.int64) << 40, np.zeros(70_000, dtype=np.int64)]))
    held = []
    real = recent.run_filter

    def filter_watched(keys: np.ndarray) -> np.ndarray | None:
        held.append(tracemalloc.get_traced_memory()[0])
        return real(keys)

    def rows():  # as a cursor gives them: no row kept once given
        yield (3, 7, encode(pairs))

    view = RecentPostings(0)
    tracemalloc.start()
    try:
        recent.run_filter = filter_watched
        start = tracemalloc.get_traced_memory()[0]
        view.extend(rows())
    finally:
        recent.run_filter = real
        tracemalloc.stop()
    assert len(held) == 1 and held[0] - start < 1.25 * pairs.nbytes
    (run,) = view._runs  # noqa: SLF001
    assert run[1].strides == run[3].strides == (0,) and (run[1][0], run[3][0]) == (7, 3)
    assert run[0].tolist() == pairs[:, 0].tolist() and run[2].tolist() == pairs[:, 1].tolist()
    assert view.rows(pairs[:3, 0]).tolist() == [[int(k), 7, 0] for k in pairs[:3, 0].tolist()]


def test_a_keys_articles_are_counted_over_the_table_and_the_recent_segment(tmp_path: Path) -> None:
    # a long article's windows sharing a key count once, wherever its postings are
    store = SQLiteStorage(str(tmp_path / "x.db"), merge_at=1000)
    try:
        store.insert(_article(1), [(7, span) for span in range(5)], [])
        store.merge()  # five postings of one article in the table
        store.insert(_article(2), [(7, 10), (7, 11), (7, 12)], [])  # three of another waiting
        assert len(store.lookup(np.array([7]), most=2)) == 8
        store.insert(_article(3), [(7, 20)], [])
        assert store.lookup(np.array([7]), most=2) == []
        assert len(store.lookup(np.array([7]), most=3)) == 9
    finally:
        store.close()


def test_an_articles_run_appended_from_its_pairs_is_the_run_read_from_its_blob() -> None:
    # an add hands its sorted pairs to the view (append) instead of the blob it stores (extend): the
    # same runs, merged the same way, and the same rows found during a merge
    rng = np.random.default_rng(5)
    read, appended = RecentPostings(0), RecentPostings(0)
    for number in range(1, 40):
        postings = list(zip(rng.integers(-20, 20, 12).tolist(), rng.integers(0, 3, 12).tolist()))
        read.extend([(number, number * 10, encode(postings))])
        appended.append(number, number * 10, recent.encoded(postings))
    assert (appended.last_id, appended.articles) == (read.last_id, read.articles) == (39, 39)
    assert [[c.tolist() for c in run] for run in appended._runs] == [[c.tolist() for c in run] for run in read._runs]  # noqa: SLF001
    assert all(column.flags.c_contiguous for run in appended._runs for column in run)  # noqa: SLF001
    read.moved = appended.moved = (20, 0)
    wanted = np.arange(-20, 20)
    assert appended.rows(wanted).tolist() == read.rows(wanted).tolist() and len(read.rows(wanted)) > 100
    assert recent.encoded([]).shape == (0, 2)
    appended.append(40, 400, recent.encoded([]))  # an article without postings: counted, no run
    assert (appended.last_id, appended.articles, len(appended._runs)) == (40, 40, len(read._runs))  # noqa: SLF001


@pytest.mark.parametrize("seed", range(4))
def test_articles_per_key_counts_each_keys_distinct_articles(seed: int) -> None:
    from dedup.index.sqlite_postings import articles_per_key

    rng = np.random.default_rng(seed)
    rows = np.column_stack([rng.integers(-4, 4, 60), rng.integers(1, 6, 60), rng.integers(0, 3, 60)])
    keys, count = articles_per_key(rows)
    expect = {k: len({s for kk, s, _ in rows.tolist() if kk == k}) for k in set(rows[:, 0].tolist())}
    assert dict(zip(keys.tolist(), count.tolist())) == expect and keys.tolist() == sorted(expect)
    assert [a.tolist() for a in articles_per_key(np.zeros((0, 3), dtype=np.int64))] == [[], []]


def _postings_of(rng: np.random.Generator, count: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Articles' keys and spans over few values: keys repeated in an article, repeated (key, span) pairs,
    an article's spans out of order under one key, and articles without postings."""
    keys = [rng.integers(-6, 6, int(rng.integers(0, 40)) if n % 9 else 0) for n in range(count)]
    return keys, [rng.integers(0, 4, len(k)) for k in keys]


def test_pairs_encoded_already_are_returned_as_they_are_and_others_put_in_order() -> None:
    ordered = np.array([[1, 0], [1, 2], [4, 1]], dtype=np.int64)
    assert np.shares_memory(recent.encoded(ordered), ordered)  # sorted by key then span, each once: not sorted again
    assert recent.encoded(np.array([[4, 1], [1, 0], [1, 2]])).tolist() == [[1, 0], [1, 2], [4, 1]]
    assert recent.encoded(np.array([[1, 2], [1, 0], [4, 1]])).tolist() == [[1, 0], [1, 2], [4, 1]]
    assert recent.encoded(np.array([[1, 0], [1, 0], [4, 1]])).tolist() == [[1, 0], [4, 1]]


@pytest.mark.parametrize("per_call", [1, 7, 60])
def test_rows_read_in_many_at_once_make_the_runs_of_rows_read_one_by_one(per_call: int) -> None:
    # a batch's rows join the view as one run (seq and row id repeated over each row's postings at once)
    keys, spans = _postings_of(np.random.default_rng(9), 60)
    rows = [(n + 1, 10 * (n + 1), encode(np.column_stack([k, s]))) for n, (k, s) in enumerate(zip(keys, spans))]
    alone, together = RecentPostings(0), RecentPostings(0)
    for row in rows:
        alone.extend([row])
    for lo in range(0, len(rows), per_call):
        together.extend(rows[lo : lo + per_call])
    assert (together.last_id, together.articles) == (alone.last_id, alone.articles) == (60, 60)
    wanted = np.arange(-6, 6)
    assert sorted(together.rows(wanted).tolist()) == sorted(alone.rows(wanted).tolist())
    assert together.waiting().tolist() == alone.waiting().tolist() and len(alone.waiting()) > 300


@pytest.mark.parametrize("seed", range(4))
def test_the_most_rows_of_a_key_are_counted_over_both_places(seed: int) -> None:
    from collections import Counter

    from dedup.index.sqlite_postings import _most_rows

    rng = np.random.default_rng(seed)
    recent_keys = rng.integers(0, 12, int(rng.integers(0, 40)))
    rows = [(int(k), 1, 0) for k in rng.integers(0, 12, int(rng.integers(0, 40)))]
    counted = Counter(recent_keys.tolist()) + Counter(row[0] for row in rows)
    assert _most_rows(recent_keys, rows) == max(counted.values(), default=0)


@pytest.mark.parametrize("seed", range(4))
def test_crowding_is_told_without_a_sort_when_all_rows_together_are_too_few(monkeypatch: pytest.MonkeyPatch,
                                                                          seed: int) -> None:
    # a key has at most every row of a lookup: up to `most` rows in both places, none is crowded, and
    # the keys are not even sorted to count them; with more, they are (the same answer as counting)
    from dedup.index import sqlite_postings

    rng = np.random.default_rng(seed)
    recent_rows = np.column_stack([rng.integers(0, 3, 20), rng.integers(0, 40, 20), np.zeros(20, dtype=np.int64)])
    rows = [(int(k), int(s), 0) for k, s in zip(rng.integers(0, 3, 9), rng.integers(40, 80, 9))]
    counted = sqlite_postings._crowded(recent_rows, rows, set(), 4)  # noqa: SLF001
    sorts = []
    monkeypatch.setattr(sqlite_postings, "_most_rows", lambda *a: sorts.append(a) or 0)
    assert sqlite_postings._crowded(recent_rows, rows, set(), 29) == set()  # noqa: SLF001 - 29 rows: told by count
    assert not sorts
    assert sqlite_postings._crowded(recent_rows, rows, set(), 28) == set() and len(sorts) == 1  # noqa: SLF001
    assert counted  # with few articles allowed a key, some are crowded: the count above was a real one


def _appended(rng: np.random.Generator, pool: np.ndarray, number: int) -> tuple[bytes, set[tuple[int, int, int]]]:
    """One article's postings over ``pool`` (some keys shared by many articles), as a row's blob and rows."""
    keys = np.concatenate([rng.choice(pool, int(rng.integers(1, 30))), pool[:2]])
    spans = rng.integers(0, 3, len(keys))
    return encode(list(zip(keys.tolist(), spans.tolist()))), {(int(k), number * 10, int(s)) for k, s in zip(keys, spans)}


@pytest.mark.parametrize("seed", range(3))
def test_a_large_merge_is_made_in_slices_across_appends_and_lookups_see_every_row(
        monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    # merges of 1,000 postings and more in slices: no append merges more than its share of rows (an add's
    # run that reached the large run copied all of it), every lookup meanwhile finds every row, each run's
    # filter is its keys' filter, and a merge ended leaves the runs a merge at once would have
    monkeypatch.setattr(recent_runs, "FILTER_FROM", 64)
    monkeypatch.setattr(recent, "STEP_FROM", 1000)
    merged_sizes: list[int] = []
    merge = recent.merged_run
    monkeypatch.setattr(recent, "merged_run", lambda a, b: merged_sizes.append(len(a[0]) + len(b[0])) or merge(a, b))
    rng = np.random.default_rng(seed)
    pool = rng.integers(-(1 << 63), (1 << 63) - 1, 400, dtype=np.int64)
    view, rows, in_slices = RecentPostings(0), set(), 0
    for number in range(1, 700):
        blob, added = _appended(rng, pool, number)
        merged_sizes.clear()
        before = getattr(view, "_merging", None)
        view.extend([(number, number * 10, blob)])
        rows |= added
        # an append merges at once only runs of fewer than 1,000 postings together (or of few more than it
        # moves: a slice would take them all), or the runs above a merge in progress (fewer than an eighth
        # of it: it ends first); the merge in progress moves a slice
        most = max(1000, recent._STEP_RATIO * len(added), 0 if before is None else before.size // 8 + len(added))
        assert max(merged_sizes, default=0) <= most, number
        in_slices += view._merging is not None  # noqa: SLF001
        wanted = np.unique(np.concatenate([rng.choice(pool, 50), pool[:2]]))
        assert sorted(map(tuple, view.rows(wanted).tolist())) == sorted(r for r in rows if r[0] in set(wanted.tolist()))
        merging = view._merging  # noqa: SLF001
        for k, (run, held) in enumerate(zip(view._runs, view._filters)):  # noqa: SLF001
            expect = recent_runs.run_filter(run[0])
            assert (held is None) == (expect is None)
            if held is not None and merging is not None and k == merging.at:  # may hold the newer run's slots too
                assert np.array_equal(held & expect, expect)
            else:
                assert held is None or np.array_equal(held, expect)
    assert in_slices > 50 and len(view) == len(rows)
    assert sorted(map(tuple, view.waiting().tolist())) == sorted(rows)


def test_a_merge_in_slices_is_finished_before_a_large_run_merges_into_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # a batch's run as large as the merge in progress: the merge is finished first, then merged with it
    monkeypatch.setattr(recent, "STEP_FROM", 300)
    rng = np.random.default_rng(5)
    pool = rng.integers(-(1 << 63), (1 << 63) - 1, 400, dtype=np.int64)
    view, rows, number = RecentPostings(0), set(), 0
    while view._merging is None:  # noqa: SLF001
        number += 1
        blob, added = _appended(rng, pool, number)
        view.extend([(number, number * 10, blob)])
        rows |= added
    batch = []
    for _ in range(60):
        number += 1
        blob, added = _appended(rng, pool, number)
        batch.append((number, number * 10, blob))
        rows |= added
    view.extend(batch)
    assert view._merging is None and len(view._runs) == 1  # noqa: SLF001
    assert sorted(map(tuple, view.waiting().tolist())) == sorted(rows)


def test_a_drop_keeps_runs_of_later_rows_as_they_are_and_counts_the_articles_left(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recent_runs, "FILTER_FROM", 64)
    monkeypatch.setattr(recent, "STEP_FROM", 300)
    rng = np.random.default_rng(9)
    pool = rng.integers(-(1 << 63), (1 << 63) - 1, 400, dtype=np.int64)
    view, rows = RecentPostings(0), set()
    for number in range(1, 120):
        blob, added = _appended(rng, pool, number)
        view.extend([(number, number * 10, blob)])
        rows |= added
    view.append(120, 1200, np.zeros((0, 2), dtype=np.int64))  # an article with no postings is no row left
    later = [run for run in view._runs if (run[3] > 100).all()]  # noqa: SLF001
    view.drop(100, 1)
    assert view._merging is None and all(any(run is kept for kept in view._runs) for run in later)  # noqa: SLF001
    assert view.articles == 19 == len(np.unique(np.concatenate([run[3] for run in view._runs])))  # noqa: SLF001
    assert sorted(map(tuple, view.waiting().tolist())) == sorted(r for r in rows if r[1] > 1000)
    for run, held in zip(view._runs, view._filters):  # noqa: SLF001
        expect = recent_runs.run_filter(run[0])
        assert (held is None) == (expect is None) and (held is None or np.array_equal(held, expect))


@pytest.mark.parametrize("seed", range(2))
def test_lookups_answer_as_one_table_while_the_view_merges_in_slices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     seed: int) -> None:
    # the store's view merging its runs in slices (and the table's merge steps beside): answers as one table
    monkeypatch.setattr(recent, "STEP_FROM", 40)
    monkeypatch.setattr(recent, "_STEP_RATIO", 9)
    begun: list[int] = []
    start = recent_runs.Merge.__init__
    monkeypatch.setattr(recent_runs.Merge, "__init__", lambda self, *args: begun.append(1) or start(self, *args))
    one = SQLiteStorage(str(tmp_path / "one.db"), merge_at=1)
    split = SQLiteStorage(str(tmp_path / "split.db"), merge_at=70)
    rng = np.random.default_rng(seed)
    keys = np.arange(-1, 32)
    try:
        for n in range(200):
            rows = [(int(k), int(rng.integers(0, 3))) for k in rng.integers(0, 30, int(rng.integers(1, 12)))]
            one.insert(_article(n), rows, [])
            split.insert(_article(n), rows, [])
            if n % 10:
                continue
            for most in (None, 3, 20):
                assert sorted(split.lookup(keys, most=most)) == sorted(one.lookup(keys, most=most))
            assert split.present(keys) == one.present(keys)
            assert split.stats()["postings"] == one.stats()["postings"]
        assert len(begun) > 5
    finally:
        one.close()
        split.close()


def _big_article(rng: np.random.Generator, count: int) -> np.ndarray:
    keys = np.sort(rng.integers(-(1 << 63), (1 << 63) - 1, count, dtype=np.int64))
    return np.column_stack([keys, rng.integers(0, 5_000, count)])


def test_two_large_runs_merge_in_memory_near_the_merged_runs_size() -> None:
    # two articles of a million characters (4.75 million postings each): their runs were merged into four int64
    # columns beside both runs (304 MB made, 428 MB traced for them); now each column of the two is let go
    # once copied and the seq, span and id columns are int32 (their values fit): 207 MB made, 292 traced
    import tracemalloc

    rng = np.random.default_rng(3)
    count = 300_000
    first, second = _big_article(rng, count), _big_article(rng, count)
    view = RecentPostings(0)
    view.append(1, 10, first)
    tracemalloc.start()
    try:
        view.append(2, 20, second)
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    (run,) = view._runs  # noqa: SLF001 - merged at once (the older run at most eight times the newer)
    assert [column.dtype for column in run] == [np.int64, np.int32, np.int32, np.int32]
    merged = 2 * count
    assert held < 22 * merged and peak < 33 * merged  # old: 34 and 45 bytes a merged posting
    wanted = np.unique(np.concatenate([first[::997, 0], second[::991, 0]]))
    expect = {(int(k), 10, int(s)) for k, s in first if k in set(wanted.tolist())}
    expect |= {(int(k), 20, int(s)) for k, s in second if k in set(wanted.tolist())}
    assert set(map(tuple, view.rows(wanted).tolist())) == expect
    assert view.rows(wanted).dtype == np.int64


@pytest.mark.parametrize("slices", [False, True], ids=["at-once", "in-slices"])
def test_a_merged_runs_values_past_int32_are_kept_whole(monkeypatch: pytest.MonkeyPatch, slices: bool) -> None:
    # a seq, span or row id past int32 (an index that has numbered billions): the column stays int64
    monkeypatch.setattr(recent_runs, "_PLACE_FROM", 2)
    if slices:
        monkeypatch.setattr(recent, "STEP_FROM", 64)
        monkeypatch.setattr(recent, "_STEP_RATIO", 1)
    rng = np.random.default_rng(4)
    view, big = RecentPostings(0), (1 << 40) + 3
    added: set[tuple[int, int, int]] = set()
    for number, seq in enumerate([5, 6, big, 7, big + 1, 8, 9, 10], start=1):
        pairs = _big_article(rng, 40)
        pairs[:, 1] += big if number == 5 else 0  # a span past int32 too
        view.append(number, seq, pairs)
        added |= {(int(k), seq, int(s)) for k, s in pairs}
    if slices and view._merging is not None:  # noqa: SLF001
        view._finish(view._merging)  # noqa: SLF001
    assert sorted(map(tuple, view.waiting().tolist())) == sorted(added)
    assert any(column.dtype == np.int64 for run in view._runs for column in run[1:])  # noqa: SLF001
