"""The storage backends on their own (:mod:`dedup.index.store`): one interface, the same answers from SQLite and
Redis; stored settings, a location's kind, a batch's postings by key (the SQLite store alone:
tests/test_store_sqlite.py, test_index_sqlite_file.py, test_index_sqlite_schema.py, test_index_sqlite_postings.py;
the Redis store alone: tests/test_store_redis.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from dedup.errors import NotAnIndexError
from dedup.index import Index
from dedup.index.store import StoredArticle, StoredMatch, open_storage

from _ingest_fixtures import location, redis_url, synthetic_article  # noqa: F401  (pytest fixtures)


def numbered_article(number: int) -> StoredArticle:
    return StoredArticle(0, f"a{number}", f"hash{number}", f"text of article {number}", title=f"T{number}",
                         added_ts=float(number), body_start=0, body_end=10)


def test_insert_assigns_numbers_and_refuses_the_same_id_or_text(location: str) -> None:  # noqa: F811
    store = open_storage(location)
    try:
        added, first = store.insert(numbered_article(1), [(11, 0), (12, 5)], [])
        assert added and store.find(id="a1") == StoredArticle(first, *list(vars(numbered_article(1)).values())[1:])
        again, seq = store.insert(numbered_article(1), [], [])
        assert (again, seq) == (False, first)
        other_id = StoredArticle(0, "a9", "hash1", "text of article 1")
        assert store.insert(other_id, [], []) == (False, first)  # same content hash
        assert sorted(store.lookup(np.array([11, 12, 13]))) == [(11, first, 0), (12, first, 5)]
    finally:
        store.close()


def test_lookup_with_most_leaves_out_crowded_keys_whole(location: str) -> None:  # noqa: F811
    store = open_storage(location)
    try:
        # key 31 holds one posting, key 32 two, key 33 three
        seqs = [store.insert(numbered_article(n), [(31, 0), (32, n), (33, n)] if n == 1 else [(32, n), (33, n)] if n == 2
                             else [(33, n)], [])[1] for n in (1, 2, 3)]
        keys = np.array([31, 32, 33, 34])
        assert sorted(store.lookup(keys)) == sorted(
            [(31, seqs[0], 0), (32, seqs[0], 1), (32, seqs[1], 2), (33, seqs[0], 1), (33, seqs[1], 2), (33, seqs[2], 3)])
        assert sorted(store.lookup(keys, most=2)) == [(31, seqs[0], 0), (32, seqs[0], 1), (32, seqs[1], 2)]
        assert store.lookup(keys, most=0) == []
    finally:
        store.close()


def test_lookup_with_most_counts_a_keys_articles_not_its_postings(location: str) -> None:  # noqa: F811
    # a long article's neighbouring passage windows often share a band key: its postings of the key
    # count as one article, as a scan counts a bucket's texts (dedup.banding)
    store = open_storage(location)
    try:
        _, one = store.insert(numbered_article(1), [(41, span) for span in range(6)] + [(42, 0)], [])
        _, two = store.insert(numbered_article(2), [(41, 9), (42, 1)], [])
        _, three = store.insert(numbered_article(3), [(42, 2)], [])
        keys = np.array([41, 42])
        assert sorted(store.lookup(keys, most=2, arrays=True).tolist()) == sorted(
            [[41, one, span] for span in range(6)] + [[41, two, 9]])  # 7 postings, 2 articles; 42: 3 articles
        assert len(store.lookup(keys, most=3)) == 10
        assert store.lookup(keys, most=1) == []
    finally:
        store.close()


def test_matches_and_stretches_are_kept_on_both_sides_and_removed_with_either(location: str) -> None:  # noqa: F811
    store = open_storage(location)
    try:
        _, one = store.insert(numbered_article(1), [(21, 0)], [])
        # article 2 matched article 1; their passages [5, 40) and [0, 35) are shared closely (seq 0: itself)
        match = StoredMatch(0, one, "partial", ("passage",), {"jaccard": 0.2})
        _, two = store.insert(numbered_article(2), [(21, 0)], [match], [(one, 5, 40, 0), (0, 0, 35, one)])
        _, three = store.insert(numbered_article(3), [(22, 0)], [], [(one, 5, 40, 0), (0, 2, 37, one)])
        assert store.stretches([one, two, three]) == {
            one: [(5, 40, two), (5, 40, three)], two: [(0, 35, one)], three: [(2, 37, one)]}
        assert [(m.seq, m.other, m.verdict) for m in store.matches(one)] == [(two, one, "partial")]
        store.delete(two, np.array([21]))
        assert store.stretches([one, two, three]) == {one: [(5, 40, three)], three: [(2, 37, one)]}
        assert store.matches(one) == [] and store.lookup(np.array([21])) == [(21, one, 0)]
    finally:
        store.close()


def test_older_than_uses_the_publication_date_or_else_the_time_added(location: str) -> None:  # noqa: F811
    store = open_storage(location)
    try:
        store.insert(numbered_article(1), [], [])  # added at t=1
        dated = StoredArticle(0, "old", "hash-old", "old text", published_ts=0.5, added_ts=100.0)
        store.insert(dated, [], [])
        store.insert(numbered_article(5), [], [])
        assert sorted(i for _, i in store.older_than(2.0)) == ["a1", "old"]
    finally:
        store.close()


def test_settings_of_another_kind_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    Index.open(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE settings SET value = '[1, 2]' WHERE name = 'index'")
    db.commit()
    db.close()
    with pytest.raises(NotAnIndexError, match="not a dedup index"):
        Index.open(path)


def test_present_names_the_keys_holding_postings(location: str) -> None:  # noqa: F811
    store = open_storage(location)
    try:
        added, seq = store.insert(numbered_article(1), [(41, 0)], [])
        assert store.present(np.array([41, 42, 43, 41])) == {41}
        _, other = store.insert(numbered_article(2), [(42, 7), (43, 0)], [])
        assert store.present(np.array([41, 42, 43, 44])) == {41, 42, 43}
        assert sorted(store.lookup(np.array([42, 43]))) == [(42, other, 7), (43, other, 0)]
        assert store.stats()["postings"] == 3
    finally:
        store.close()


def test_an_index_of_a_newer_format_says_to_upgrade_not_to_rebuild(tmp_path: Path) -> None:
    # it said "Build a new index", though the index was sound and only this dedup too old for it
    import json

    from dedup.errors import IndexMismatchError
    from dedup.index.settings import INDEX_FORMAT

    path = tmp_path / "news.db"
    with Index.open(path) as index:
        index.add(synthetic_article(1))
    with sqlite3.connect(path) as db:
        settings = json.loads(db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()[0])
        db.execute("UPDATE settings SET value = ? WHERE name = 'index'",
                   (json.dumps(settings | {"format": INDEX_FORMAT + 1, "dedup_version": "99.0"}),))
    db.close()
    before = path.read_bytes()
    with pytest.raises(IndexMismatchError, match=f"format {INDEX_FORMAT + 1}, written by a newer dedup \\(99.0\\); "
                                                 f"this dedup reads format {INDEX_FORMAT}. Open it with the dedup "
                                                 "that wrote it, or upgrade this one"):
        Index.open(path, create=False)
    assert path.read_bytes() == before


def test_documents_given_with_lone_surrogates_are_stored_and_read_back(location: str) -> None:  # noqa: F811
    from conftest import lone_surrogate_documents

    wire, copy = lone_surrogate_documents()
    with Index.open(location) as index:  # SQLite and Redis took no lone surrogate (the add failed or was refused)
        index.add(wire)
        assert [m.id for m in index.add(copy)] == ["wire"]
    with Index.open(location, create=False) as index:
        matches = index.matches("copy-\ufffd")
        assert [m.id for m in matches] == ["wire"] and index.contains("copy-\ufffd")
        assert [(m.id, m.title, m.outlet) for m in index.matches("wire")] == [("copy-\ufffd", "Port strike \ufffd",
                                                                                "coast\ufffd")]


@pytest.mark.parametrize(("count", "high"), [(0, 10), (1, 10), (4095, 1 << 62), (50_000, 1 << 62), (50_000, 40), (50_000, 1 << 30)],
                         ids=["empty", "one", "below-packing", "hashes", "few-values", "shared-top-bits"])
def test_stable_order_is_a_stable_argsort(count: int, high: int) -> None:
    from dedup.index.store import stable_order

    rng = np.random.default_rng(count + high % 97)
    values = rng.integers(-high, high, count)
    values[1::4] = values[::4][: len(values[1::4])]  # equal values, far apart
    assert stable_order(values).tolist() == np.argsort(values, kind="stable").tolist()


def test_stable_order_puts_values_sharing_their_top_bits_in_order() -> None:
    # values equal above the bits a position takes, different below: packed codes order them by position,
    # which must be put right (here every value is one of four such groups, interleaved)
    from dedup.index.store import stable_order

    rng = np.random.default_rng(3)
    groups = np.array([-(1 << 60), 5 << 40, 9 << 50, 1 << 61], dtype=np.int64)
    values = groups[rng.integers(0, 4, 20_000)] + rng.integers(0, 1 << 10, 20_000)
    assert stable_order(values).tolist() == np.argsort(values, kind="stable").tolist()


@pytest.mark.parametrize("seed", range(4))
def test_a_batchs_postings_encoded_at_once_are_each_articles_encoded_alone(seed: int) -> None:
    # keys repeated in an article, (key, span) pairs repeated, an article's spans out of order under one
    # key (then the whole batch is sorted in full), articles without postings
    from dedup.index.recent import encoded
    from dedup.index.store import encoded_many

    rng = np.random.default_rng(seed)
    keys = [rng.integers(-6, 6, int(rng.integers(0, 40)) if n % 9 else 0) for n in range(60)]
    spans = [rng.integers(0, 4, len(k)) for k in keys]
    together = encoded_many(keys, spans)
    alone = [encoded(np.column_stack([k, s])) for k, s in zip(keys, spans)]
    assert [p.tolist() for p in together] == [p.tolist() for p in alone] and len(together) == 60
    # hashed keys, spans in order: the batch's sort alone
    keys = [rng.integers(-(1 << 62), 1 << 62, 300) for _ in range(20)]
    spans = [np.sort(rng.integers(0, 1 << 40, 300)) for _ in range(20)]
    assert [p.tolist() for p in encoded_many(keys, spans)] == [encoded(np.column_stack([k, s])).tolist()
                                                               for k, s in zip(keys, spans)]
    assert encoded_many([], []) == []


@pytest.mark.parametrize("seed", range(4))
def test_a_batchs_postings_by_key_are_the_run_the_recent_view_makes_of_its_rows(seed: int) -> None:
    # the run batch_postings gives (key, article, span) is what the view's stable sort by key of the
    # articles' encoded pairs, concatenated in order, gives: repeated keys and pairs, spans out of order
    # under one key (the whole batch sorted in full), articles without postings
    from dedup.index.recent import encoded
    from dedup.index.store import batch_postings

    rng = np.random.default_rng(seed)
    for low, high in ((-6, 6), (-(1 << 62), 1 << 62)):
        keys = [rng.integers(low, high, int(rng.integers(0, 40)) if n % 9 else 0) for n in range(60)]
        spans = [rng.integers(0, 4, len(k)) for k in keys]
        pairs, (key, article, span) = batch_postings(keys, spans)
        alone = [encoded(np.column_stack([k, s])) for k, s in zip(keys, spans)]
        assert [p.tolist() for p in pairs] == [p.tolist() for p in alone]
        rows = np.concatenate([np.column_stack([a[:, 0], np.full(len(a), n), a[:, 1]]) for n, a in enumerate(alone)])
        view = rows[np.argsort(rows[:, 0], kind="stable")]
        assert np.column_stack([key, article, span]).tolist() == view.tolist() and len(view)
    assert batch_postings([], [])[0] == [] and len(batch_postings([], [])[1][0]) == 0


@pytest.mark.parametrize("url", ["REDIS://127.0.0.1:6379/0", "Rediss://127.0.0.1:6379/0", "UNIX:///tmp/redis.sock"])
def test_a_redis_url_is_one_whatever_the_case_of_its_scheme(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # "REDIS://host/0" was taken for a file path: "the folder does not exist; create it first"
    from dedup.index import store_redis

    opened: list[str] = []
    monkeypatch.setattr(store_redis, "RedisStorage", lambda text, create: opened.append(text) or "redis")
    assert open_storage(url) == "redis" and opened == [url]


@pytest.mark.parametrize("url", ["sqlite:///news.db", "http://host/news", "file:///news.db", "reddis://host/0"])
def test_a_url_of_another_kind_is_refused_saying_what_an_index_is(url: str, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(NotAnIndexError, match="a URL of another kind than redis://"):
        open_storage(url)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("shape", ["plain", "repeats", "spans-out-of-order", "empty"])
def test_one_articles_postings_are_what_the_batchs_general_path_gives(shape: str) -> None:
    # a batch of one article takes its own path (its key order is its article order): the same pairs and run
    # as a batch of it and an article with no postings, which takes the general one
    from dedup.index.recent import encoded
    from dedup.index.store import batch_postings

    rng = np.random.default_rng(7)
    keys = rng.integers(-5, 5, 400) if shape == "repeats" else rng.integers(-(1 << 62), 1 << 62, 400 * (shape != "empty"))
    spans = np.sort(rng.integers(0, 1000, len(keys)))
    if shape == "spans-out-of-order":
        keys[:50] = 3
        spans = spans[::-1].copy()
    if shape == "repeats":
        keys[10], spans[10] = keys[11], spans[11]  # a pair twice
    pairs, (key, article, span) = batch_postings([keys], [spans])
    general, (key2, article2, span2) = batch_postings([keys, np.zeros(0, dtype=np.int64)], [spans, np.zeros(0, dtype=np.int64)])
    assert pairs[0].tolist() == general[0].tolist() == encoded(np.column_stack([keys, spans])).tolist()
    assert [key.tolist(), article.tolist(), span.tolist()] == [key2.tolist(), article2.tolist(), span2.tolist()]


def test_one_articles_postings_are_made_in_memory_near_their_own_size() -> None:
    # an article of a million characters fills a batch alone, with millions of postings: the batch's general
    # path held a dozen columns of them at once (90 bytes a posting traced; the answer itself is 32)
    import tracemalloc

    from dedup.index.store import batch_postings

    rng = np.random.default_rng(3)
    count = 400_000
    keys, spans = rng.integers(-(1 << 62), 1 << 62, count), np.arange(count, dtype=np.int64)
    tracemalloc.start()
    try:
        batch_postings([keys], [spans])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 48 * count
