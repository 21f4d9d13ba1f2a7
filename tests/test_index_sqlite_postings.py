"""The SQLite store's postings (:mod:`dedup.index.sqlite_postings`): lookups read the recent segment beside
the postings table and answer as if every posting were in one place, before, during and after merges; a
crash at any point loses nothing; another connection sees what one adds or merges; crowded keys counted
over both places; a large recent row written without SQLite's copies of it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from _ingest_fixtures import synthetic_article
from dedup.documents import Document
from dedup.index import Index, recent, recent_runs
from dedup.index.recent_table import state
from dedup.index.store import StoredArticle, open_storage
from dedup.index.store_sqlite import SQLiteStorage
from test_index_recent import recent_article
from test_store import numbered_article
from test_store_sqlite import rows_of_tables

ROOT = Path(__file__).resolve().parents[1]


def test_a_batchs_lookup_in_an_empty_postings_table_reads_the_recent_segment(tmp_path: Path) -> None:
    # a batch's many keys are not sought in the postings table while it is empty (a new index); once
    # postings are merged into it they are, and each lookup answers as one over every posting
    store = open_storage(str(tmp_path / "x.db"))
    try:
        keys = np.arange(25_000, dtype=np.int64) * 7  # a batch's many keys
        store.insert(numbered_article(1), [(int(k), 0) for k in keys[:700]], [])
        many = store.lookup(keys, most=5, arrays=True)
        assert sorted(map(tuple, many.tolist())) == [(int(k), 1, 0) for k in keys[:700]]
        assert store.present(keys) == set(keys[:700].tolist())
        store.merge()
        store.insert(numbered_article(2), [(int(k), 3) for k in keys[500:900]], [])
        many = store.lookup(keys, most=5, arrays=True)
        assert sorted(map(tuple, many.tolist())) == sorted([(int(k), 1, 0) for k in keys[:700]]
                                                           + [(int(k), 2, 3) for k in keys[500:900]])
        assert store.present(keys) == set(keys[:900].tolist())
    finally:
        store.close()


#: Stores an article of ``count`` postings (``one``: ``insert``; ``batch``: ``insert_batch`` with its run) and
#: prints the most memory SQLite itself held meanwhile (sqlite3_memory_highwater, from the library the
#: interpreter's sqlite3 module loaded), or "static" when that library is linked into the module
_LARGE_ROW_SCRIPT = r"""
import ctypes, sqlite3, sys
import numpy as np
from dedup.index.store import StoredArticle, batch_postings
from dedup.index.store_sqlite import SQLiteStorage

path, how, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = np.random.default_rng(6)
keys, spans = np.sort(rng.integers(-(1 << 62), 1 << 62, count)), np.arange(count, dtype=np.int64)
store = SQLiteStorage(path)
store.insert(StoredArticle(0, "small", "h0", "small text"), [(11, 0), (12, 5)], [])
libraries = [line.split()[-1] for line in open("/proc/self/maps") if "libsqlite3" in line]
if not libraries:
    print("static")
    sys.exit()
sqlite = ctypes.CDLL(libraries[0])
sqlite.sqlite3_memory_highwater.restype = ctypes.c_int64
article = StoredArticle(0, "large", "h1", "large text")
if how == "batch":
    pairs, run = batch_postings([keys], [spans])
    sqlite.sqlite3_memory_highwater(1)
    with store.writing(many=True):
        store.insert_batch([(StoredArticle(store.next_seq(), *list(vars(article).values())[1:]), pairs[0], [], [])],
                           run=run)
else:
    sqlite.sqlite3_memory_highwater(1)
    store.insert(article, np.column_stack([keys, spans]), [])
print(sqlite.sqlite3_memory_highwater(0))
store.close()
"""


@pytest.mark.parametrize("how", ["one", "batch"])
def test_a_large_recent_row_is_written_without_sqlites_copies_of_it(tmp_path: Path, how: str) -> None:
    # an article of a million characters' recent row (76 MB) was bound whole: SQLite copied the bound value,
    # and copied it again into the row's record, before writing its pages (3.1 times the row's bytes held by
    # SQLite; index add peaked at 647 MB, 527 now). Written a slice at a time: its page cache's share (64 MB)
    import subprocess
    import sys

    count = 2_500_000  # 40 MB of encoded pairs
    done = subprocess.run([sys.executable, "-c", _LARGE_ROW_SCRIPT, str(tmp_path / "s.db"), how, str(count)],
                          capture_output=True, text=True, check=True)
    if done.stdout.split()[-1] == "static":
        pytest.skip("SQLite is linked into the interpreter's sqlite3 module: its memory cannot be asked")
    held = int(done.stdout.split()[-1])
    assert held < 1.5 * 16 * count, held


def test_a_large_recent_row_holds_the_bytes_a_bound_one_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dedup.index import sqlite_postings, store_sqlite
    from dedup.index.store import batch_postings

    rng = np.random.default_rng(7)
    made = [(numbered_article(n), np.column_stack([rng.integers(0, 5000, size), np.arange(size)]), [], [])
            for n, size in enumerate([30, 4000, 10, 9000], 1)]
    for name, bound_up_to in (("bound", 1 << 40), ("written", 1000)):
        monkeypatch.setattr(sqlite_postings, "BLOB_WRITTEN_AT", bound_up_to)
        store = store_sqlite.SQLiteStorage(str(tmp_path / f"{name}.db"), merge_at=1000)
        try:
            store.insert(*made[0])
            with store.writing(many=True):
                store.insert(*made[1])
                start = store.next_seq()
                pairs, run = batch_postings([p[:, 0] for _, p, *_ in made[2:]], [p[:, 1] for _, p, *_ in made[2:]])
                store.insert_batch([(StoredArticle(start + k, *list(vars(a).values())[1:]), q, m, s)
                                    for k, ((a, _, m, s), q) in enumerate(zip(made[2:], pairs))], run=run)
            looked = store.lookup(np.arange(5000), arrays=True).tolist()
        finally:
            store.close()
        assert sorted(map(tuple, looked)) == sorted((int(k), n, int(s)) for n, (_, p, *_) in enumerate(made, 1)
                                                    for k, s in p.tolist())
    assert rows_of_tables(tmp_path / "bound.db") == rows_of_tables(tmp_path / "written.db")


def _fill(store: SQLiteStorage, seed: int, articles: int = 40) -> list[list[tuple[int, int]]]:
    """Random postings over few keys (so buckets hold many), some repeated within an article."""
    rng = np.random.default_rng(seed)
    postings = []
    for n in range(articles):
        keys = rng.integers(0, 30, int(rng.integers(1, 12)))
        rows = [(int(k), int(s)) for k, s in zip(keys, rng.integers(0, 3, len(keys)))]
        store.insert(recent_article(n), rows + rows[:2], [])
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
                    one.insert(recent_article(n), rows, [])
                    split.insert(recent_article(n), rows, [])
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
            one.insert(recent_article(n), rows, [])
            _, seq = grown.insert(recent_article(n), rows, [])
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
                    one.insert(recent_article(n), rows, [])
                    grown.insert(recent_article(n), rows, [])
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
            store.insert(recent_article(n), [(7, n)], [])
        store.merge()  # four postings of key 7 in the table
        _, seq = store.insert(recent_article(9), [(7, 9), (8, 0)], [])  # a fifth one waiting, key 8 only there
        assert sorted(store.lookup(np.array([7, 8]), most=4)) == [(8, seq, 0)]
        assert len(store.lookup(np.array([7, 8]), most=5)) == 6
    finally:
        store.close()


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


def test_a_keys_articles_are_counted_over_the_table_and_the_recent_segment(tmp_path: Path) -> None:
    # a long article's windows sharing a key count once, wherever its postings are
    store = SQLiteStorage(str(tmp_path / "x.db"), merge_at=1000)
    try:
        store.insert(recent_article(1), [(7, span) for span in range(5)], [])
        store.merge()  # five postings of one article in the table
        store.insert(recent_article(2), [(7, 10), (7, 11), (7, 12)], [])  # three of another waiting
        assert len(store.lookup(np.array([7]), most=2)) == 8
        store.insert(recent_article(3), [(7, 20)], [])
        assert store.lookup(np.array([7]), most=2) == []
        assert len(store.lookup(np.array([7]), most=3)) == 9
    finally:
        store.close()


@pytest.mark.parametrize("seed", range(4))
def test_articles_per_key_counts_each_keys_distinct_articles(seed: int) -> None:
    from dedup.index.sqlite_postings import articles_per_key

    rng = np.random.default_rng(seed)
    rows = np.column_stack([rng.integers(-4, 4, 60), rng.integers(1, 6, 60), rng.integers(0, 3, 60)])
    keys, count = articles_per_key(rows)
    expect = {k: len({s for kk, s, _ in rows.tolist() if kk == k}) for k in set(rows[:, 0].tolist())}
    assert dict(zip(keys.tolist(), count.tolist())) == expect and keys.tolist() == sorted(expect)
    assert [a.tolist() for a in articles_per_key(np.zeros((0, 3), dtype=np.int64))] == [[], []]


@pytest.mark.parametrize("seed", range(4))
def test_the_most_rows_of_a_key_are_counted_over_both_places(seed: int) -> None:
    from collections import Counter

    from dedup.index.sqlite_postings import _most_rows

    rng = np.random.default_rng(seed)
    recent_keys = rng.integers(0, 12, int(rng.integers(0, 40)))
    table_keys = rng.integers(0, 12, int(rng.integers(0, 40)))
    counted = Counter(recent_keys.tolist()) + Counter(table_keys.tolist())
    assert _most_rows(recent_keys, table_keys) == max(counted.values(), default=0)


@pytest.mark.parametrize("seed", range(4))
def test_the_tables_rows_read_as_an_array_are_numpys_reading_of_them(seed: int) -> None:
    from dedup.index.sqlite_postings import as_rows

    rng = np.random.default_rng(seed)
    rows = [(int(k), int(s), int(p)) for k, s, p in rng.integers(-(1 << 62), 1 << 62, (int(rng.integers(0, 50)), 3))]
    read = as_rows(rows)
    assert read.dtype == np.int64 and read.tobytes() == np.array(rows, dtype=np.int64).reshape(-1, 3).tobytes()


@pytest.mark.parametrize("seed", range(4))
def test_crowding_is_told_without_a_sort_when_all_rows_together_are_too_few(monkeypatch: pytest.MonkeyPatch,
                                                                          seed: int) -> None:
    # a key has at most every row of a lookup: up to `most` rows in both places, none is crowded, and
    # the keys are not even sorted to count them; with more, they are (the same answer as counting)
    from dedup.index import sqlite_postings

    rng = np.random.default_rng(seed)
    recent_rows = np.column_stack([rng.integers(0, 3, 20), rng.integers(0, 40, 20), np.zeros(20, dtype=np.int64)])
    rows = sqlite_postings.as_rows([(int(k), int(s), 0) for k, s in zip(rng.integers(0, 3, 9), rng.integers(40, 80, 9))])
    counted = sqlite_postings._crowded(recent_rows, rows, set(), 4)  # noqa: SLF001
    sorts = []
    monkeypatch.setattr(sqlite_postings, "_most_rows", lambda *a: sorts.append(a) or 0)
    assert sqlite_postings._crowded(recent_rows, rows, set(), 29) == set()  # noqa: SLF001 - 29 rows: told by count
    assert not sorts
    assert sqlite_postings._crowded(recent_rows, rows, set(), 28) == set() and len(sorts) == 1  # noqa: SLF001
    assert counted  # with few articles allowed a key, some are crowded: the count above was a real one


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
            one.insert(recent_article(n), rows, [])
            split.insert(recent_article(n), rows, [])
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
