"""The SQLite store's rows (:mod:`dedup.index.store_sqlite`): stretches read again as the table holds them,
a batch's articles and postings stored together as one by one, its counts, a new file that cannot be made."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from dedup.errors import StorageError
from dedup.index.store import StoredArticle, StoredMatch, open_storage

from test_store import numbered_article


def test_stretches_read_again_are_what_the_table_holds_after_every_write(tmp_path: Path) -> None:
    """SQLite keeps the stretches it read (a form's look-alikes are read check after check): what it answers
    is what the table holds after its own inserts and removals, after a batch, after another connection's
    commit, and after a write rolled back."""
    path = str(tmp_path / "news.db")
    store, other = open_storage(path), open_storage(path)
    try:
        _, one = store.insert(numbered_article(1), [(21, 0)], [])
        _, two = store.insert(numbered_article(2), [(21, 0)], [], [(one, 5, 40, 0), (0, 0, 35, one)])
        assert store.stretches([one, two]) == {one: [(5, 40, two)], two: [(0, 35, one)]}
        assert store.stretches([one]) == {one: [(5, 40, two)]}  # kept: the same answer
        _, three = store.insert(numbered_article(3), [(22, 0)], [], [(one, 1, 30, 0), (0, 2, 37, one)])
        assert store.stretches([one, two, three]) == {
            one: [(1, 30, three), (5, 40, two)], two: [(0, 35, one)], three: [(2, 37, one)]}
        # another connection's commit
        _, four = other.insert(numbered_article(4), [(23, 0)], [], [(two, 3, 33, 0), (0, 4, 34, two)])
        assert store.stretches([one, two, four]) == {
            one: [(1, 30, three), (5, 40, two)], two: [(0, 35, one), (3, 33, four)], four: [(4, 34, two)]}
        # a batch's rows, one of them in the table already
        with store.writing(many=True):
            seq = store.next_seq()
            row = StoredArticle(seq, "a5", "hash5", "text of article 5", added_ts=5.0, body_start=0, body_end=10)
            store.insert_batch([(row, np.array([(24, 0)], dtype=np.int64), [],
                                 [(one, 0, 9, 0), (0, 0, 9, one), (one, 1, 30, three)])])
        assert store.stretches([one, seq]) == {one: [(0, 9, seq), (1, 30, three), (5, 40, two)], seq: [(0, 9, one)]}
        # a removal takes the rows of its partners too
        store.delete(two, np.array([21]))
        assert store.stretches([one, two, four]) == {one: [(0, 9, seq), (1, 30, three)]}
        # a write rolled back leaves what the table holds
        with pytest.raises(RuntimeError):
            with store.writing():
                store.insert(numbered_article(6), [(25, 0)], [], [(one, 50, 90, 0), (0, 50, 90, one)])
                assert store.stretches([one])[one][-1] == (50, 90, one + 5)
                raise RuntimeError("given up")
        assert store.stretches([one]) == {one: [(0, 9, seq), (1, 30, three)]}
        assert other.stretches([one, three, four]) == store.stretches([one, three, four])
    finally:
        store.close()
        other.close()


def test_an_article_without_stretches_read_again_finds_those_added_since(tmp_path: Path) -> None:
    store = open_storage(str(tmp_path / "news.db"))
    try:
        _, one = store.insert(numbered_article(1), [(21, 0)], [])
        assert store.stretches([one]) == {}
        _, two = store.insert(numbered_article(2), [(21, 0)], [], [(one, 5, 40, 0), (0, 0, 35, one)])
        assert store.stretches([one]) == {one: [(5, 40, two)]}
    finally:
        store.close()


def test_a_new_index_that_cannot_be_made_is_said_so_not_that_it_cannot_be_opened(tmp_path: Path) -> None:
    # a full disk (a file size limit, as the system tells a writer) when a new file is made: the error said
    # "cannot be opened as an index (disk I/O error)", as though an index were there
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1000, hard))
    try:
        with pytest.raises(StorageError, match=r"news\.db: a new index cannot be made there \(") as raised:
            open_storage(tmp_path / "news.db")
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert "opened" not in str(raised.value)


def test_a_batch_stored_with_its_postings_by_key_is_read_back_as_without_them(tmp_path: Path) -> None:
    # insert_batch given the run of its rows' postings (the view takes it as it is) stores the same tables,
    # and its view answers every lookup as when it reads the rows back, a single add's row before it and
    # after it in the same transaction included (the view takes them in the order written)
    from dedup.index.store import batch_postings
    from dedup.index.store_sqlite import SQLiteStorage

    rng = np.random.default_rng(5)
    made = [(numbered_article(n), np.column_stack([rng.integers(0, 50, 30), rng.integers(0, 3, 30)]), [], [])
            for n in range(1, 9)]
    stores = {name: SQLiteStorage(str(tmp_path / f"{name}.db")) for name in ("rows", "run")}
    try:
        for name, store in stores.items():
            with store.writing(many=True):
                store.insert(*made[0])
                start = store.next_seq()
                batch = [(StoredArticle(start + k, *list(vars(a).values())[1:]), p, m, s)
                         for k, (a, p, m, s) in enumerate(made[1:7])]
                if name == "run":
                    pairs, run = batch_postings([p[:, 0] for _, p, *_ in batch], [p[:, 1] for _, p, *_ in batch])
                    batch = [(a, q, m, s) for (a, _, m, s), q in zip(batch, pairs)]
                    store.insert_batch(batch, run=run)
                else:
                    store.insert_batch(batch)
                store.insert(*made[7])
                inside = store.lookup(np.arange(50), arrays=True)
            assert sorted(map(tuple, inside.tolist())) == sorted(map(tuple, store.lookup(np.arange(50), arrays=True).tolist()))
        assert rows_of_tables(tmp_path / "rows.db") == rows_of_tables(tmp_path / "run.db")
        views = [stores[name]._recent_view() for name in ("rows", "run")]  # noqa: SLF001
        assert [[c.tolist() for c in run] for run in views[0]._runs] == [[c.tolist() for c in run] for run in views[1]._runs]  # noqa: SLF001
        assert views[0]._posted == views[1]._posted and views[0].last_id == views[1].last_id == 8  # noqa: SLF001
        assert stores["run"].lookup(np.arange(50), arrays=True).tolist() == stores["rows"].lookup(np.arange(50), arrays=True).tolist()
    finally:
        for store in stores.values():
            store.close()


def rows_of_tables(path: Path) -> list[list[tuple[object, ...]]]:
    db = sqlite3.connect(path)
    try:
        return [db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
                for table in ("articles", "recent", "matches", "stretches", "settings")]
    finally:
        db.close()


def test_a_batchs_articles_stored_together_are_the_rows_stored_one_by_one(tmp_path: Path) -> None:
    # numbered before they are stored (SQLite gives a new row the largest rowid plus one), with their
    # matches, stretches (0: the article itself) and recent rows: the same rows as insert() one by one,
    # also after a row of each table was deleted (a removed article: the next number is still max + 1)
    from dedup.index.store_sqlite import SQLiteStorage

    def rows(seq: int, n: int) -> tuple[StoredArticle, np.ndarray, list[StoredMatch], list[tuple[int, int, int, int]]]:
        matches = [StoredMatch(0, seq - 1, "duplicate", ("text",), {"score": n})] if seq > 1 else []
        stretches = [(0, n, n + 5, seq - 1), (seq - 1, 2, 9, 0)] if seq > 1 else []
        return numbered_article(n), np.array([(100 + n, 0), (7, n)], dtype=np.int64), matches, stretches

    stores = {name: SQLiteStorage(str(tmp_path / f"{name}.db")) for name in ("single", "together")}
    try:
        for name, store in stores.items():
            for first, count in ((1, 3), (4, 2)):
                with store.writing(many=True):
                    start = store.next_seq()
                    if name == "single":
                        for k, n in enumerate(range(first, first + count)):
                            assert store.insert(*rows(start + k, n)) == (True, start + k)  # as next_seq() said
                    else:
                        made = [rows(start + k, n) for k, n in enumerate(range(first, first + count))]
                        store.insert_batch([(StoredArticle(start + k, *list(vars(a).values())[1:]), p, m, s)
                                            for k, (a, p, m, s) in enumerate(made)])
                store.delete(start + count - 1, np.array([100 + first + count - 1, 7]))
        assert rows_of_tables(tmp_path / "single.db") == rows_of_tables(tmp_path / "together.db")
        assert all(len(t) >= 2 for t in rows_of_tables(tmp_path / "together.db")[:4])
    finally:
        for store in stores.values():
            store.close()


def test_stats_count_the_recent_postings_without_making_their_rows(tmp_path: Path) -> None:
    # stats (which index add asks after its batches) made every waiting row of the recent segment, sorted,
    # to count them: some 400 MB after an article of a million characters, for a number
    import tracemalloc

    from dedup.index.store_sqlite import SQLiteStorage

    count = 300_000
    store = SQLiteStorage(str(tmp_path / "s.db"))
    try:
        rng = np.random.default_rng(4)
        store.insert(numbered_article(1), np.column_stack([rng.integers(-(1 << 62), 1 << 62, count), np.arange(count)]), [])
        store.insert(numbered_article(2), [(11, 0), (12, 5)], [])
        expected = len(store._recent_view().waiting())  # noqa: SLF001
        tracemalloc.start()
        try:
            stats = store.stats()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    finally:
        store.close()
    assert stats["postings"] == expected == count + 2
    assert peak < 4 * count


def test_an_index_whose_settings_text_is_damaged_out_of_utf8_is_said_damaged(tmp_path: Path) -> None:
    """A byte of the stored settings changed said "news.db: cannot be opened as an index (Could not decode to UTF-8
    column 'value' with text '{"channels": ...')", the settings' JSON and no word of the damage: it is the damaged
    index's error, its file left as it was."""
    from dedup.errors import DAMAGED_INDEX, StorageError
    from dedup.index import Index

    db = tmp_path / "news.db"
    Index.open(db).close()
    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE settings SET value = CAST(CAST(value AS BLOB) || x'ff' AS TEXT)")
    raw.close()
    before = db.read_bytes()
    with pytest.raises(StorageError) as refused:
        Index.open(db, create=False)
    assert str(refused.value) == DAMAGED_INDEX and db.read_bytes() == before


def test_the_stored_ids_and_texts_of_a_batch_are_what_find_tells_of_each(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # a batch's plan asks for its ids and texts at once (more than one statement's values here), and
    # learns what find() of each would: an id with its text's hash, a hash stored under another id, none
    import dedup.index.store_sqlite as store_sqlite
    from dedup.index.store_sqlite import SQLiteStorage

    monkeypatch.setattr(store_sqlite, "LOOKUP_CHUNK", 3)
    store = SQLiteStorage(str(tmp_path / "i.db"))
    try:
        for n in range(1, 8):
            store.insert(numbered_article(n), [(100 + n, 0)], [])
        ids = ["a1", "a5", "a9", "a1", "a7", "b2", "a3", "a6", "zz"]
        hashes = ["hash2", "hash9", "hash7", "hash2", "x", "hash4", "hash1", "hash8"]
        by_id, held = store.stored_of(ids, hashes)
        assert by_id == {i: found.content_hash for i in ids if (found := store.find(id=i)) is not None}
        assert held == {h for h in hashes if store.find(content_hash=h) is not None}
        assert by_id == {"a1": "hash1", "a5": "hash5", "a7": "hash7", "a3": "hash3", "a6": "hash6"}
        assert held == {"hash2", "hash7", "hash4", "hash1"}
        assert store.stored_of([], []) == ({}, set())
    finally:
        store.close()
