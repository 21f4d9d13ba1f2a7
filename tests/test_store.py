"""The storage backends on their own: one interface, the same answers from SQLite and Redis."""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import uuid
from pathlib import Path

import numpy as np
import pytest

from dedup.errors import NotAnIndexError, StorageError
from dedup.index import Index
from dedup.index.store import MIGRATED, StoredArticle, StoredMatch, open_storage

from _ingest_fixtures import location, redis_url, require_redis, synthetic_article  # noqa: F401  (pytest fixtures)


def _article(number: int) -> StoredArticle:
    return StoredArticle(0, f"a{number}", f"hash{number}", f"text of article {number}", title=f"T{number}",
                         added_ts=float(number), body_start=0, body_end=10)


def test_insert_assigns_numbers_and_refuses_the_same_id_or_text(location: str) -> None:  # noqa: F811
    store = open_storage(location)
    try:
        added, first = store.insert(_article(1), [(11, 0), (12, 5)], [])
        assert added and store.find(id="a1") == StoredArticle(first, *list(vars(_article(1)).values())[1:])
        again, seq = store.insert(_article(1), [], [])
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
        seqs = [store.insert(_article(n), [(31, 0), (32, n), (33, n)] if n == 1 else [(32, n), (33, n)] if n == 2
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
        _, one = store.insert(_article(1), [(41, span) for span in range(6)] + [(42, 0)], [])
        _, two = store.insert(_article(2), [(41, 9), (42, 1)], [])
        _, three = store.insert(_article(3), [(42, 2)], [])
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
        _, one = store.insert(_article(1), [(21, 0)], [])
        # article 2 matched article 1; their passages [5, 40) and [0, 35) are shared closely (seq 0: itself)
        match = StoredMatch(0, one, "partial", ("passage",), {"jaccard": 0.2})
        _, two = store.insert(_article(2), [(21, 0)], [match], [(one, 5, 40, 0), (0, 0, 35, one)])
        _, three = store.insert(_article(3), [(22, 0)], [], [(one, 5, 40, 0), (0, 2, 37, one)])
        assert store.stretches([one, two, three]) == {
            one: [(5, 40, two), (5, 40, three)], two: [(0, 35, one)], three: [(2, 37, one)]}
        assert [(m.seq, m.other, m.verdict) for m in store.matches(one)] == [(two, one, "partial")]
        store.delete(two, np.array([21]))
        assert store.stretches([one, two, three]) == {one: [(5, 40, three)], three: [(2, 37, one)]}
        assert store.matches(one) == [] and store.lookup(np.array([21])) == [(21, one, 0)]
    finally:
        store.close()


def test_stretches_read_again_are_what_the_table_holds_after_every_write(tmp_path: Path) -> None:
    """SQLite keeps the stretches it read (a form's look-alikes are read check after check): what it answers
    is what the table holds after its own inserts and removals, after a batch, after another connection's
    commit, and after a write rolled back."""
    path = str(tmp_path / "news.db")
    store, other = open_storage(path), open_storage(path)
    try:
        _, one = store.insert(_article(1), [(21, 0)], [])
        _, two = store.insert(_article(2), [(21, 0)], [], [(one, 5, 40, 0), (0, 0, 35, one)])
        assert store.stretches([one, two]) == {one: [(5, 40, two)], two: [(0, 35, one)]}
        assert store.stretches([one]) == {one: [(5, 40, two)]}  # kept: the same answer
        _, three = store.insert(_article(3), [(22, 0)], [], [(one, 1, 30, 0), (0, 2, 37, one)])
        assert store.stretches([one, two, three]) == {
            one: [(1, 30, three), (5, 40, two)], two: [(0, 35, one)], three: [(2, 37, one)]}
        # another connection's commit
        _, four = other.insert(_article(4), [(23, 0)], [], [(two, 3, 33, 0), (0, 4, 34, two)])
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
                store.insert(_article(6), [(25, 0)], [], [(one, 50, 90, 0), (0, 50, 90, one)])
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
        _, one = store.insert(_article(1), [(21, 0)], [])
        assert store.stretches([one]) == {}
        _, two = store.insert(_article(2), [(21, 0)], [], [(one, 5, 40, 0), (0, 0, 35, one)])
        assert store.stretches([one]) == {one: [(5, 40, two)]}
    finally:
        store.close()


def test_older_than_uses_the_publication_date_or_else_the_time_added(location: str) -> None:  # noqa: F811
    store = open_storage(location)
    try:
        store.insert(_article(1), [], [])  # added at t=1
        dated = StoredArticle(0, "old", "hash-old", "old text", published_ts=0.5, added_ts=100.0)
        store.insert(dated, [], [])
        store.insert(_article(5), [], [])
        assert sorted(i for _, i in store.older_than(2.0)) == ["a1", "old"]
    finally:
        store.close()


def test_a_missing_folder_is_a_storage_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StorageError, match="does not exist"):
        open_storage(tmp_path / "nowhere" / "news.db")


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


# -- opening rules: reading never creates; data that is not a dedup index is refused before any write --


def _foreign_sqlite(path: Path) -> bytes:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    db.execute("INSERT INTO customers (name) VALUES ('Ada')")
    db.commit()
    db.close()
    return path.read_bytes()


@pytest.mark.parametrize("create", [False, True], ids=["read", "create"])
def test_foreign_sqlite_file_is_refused_and_left_unchanged(tmp_path: Path, create: bool) -> None:
    path = tmp_path / "other.db"
    before = _foreign_sqlite(path)
    with pytest.raises(NotAnIndexError, match=r"another program \(tables customers\)"):
        open_storage(path, create=create)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]  # no -wal or -shm file either


def test_a_table_named_like_ours_with_other_columns_is_foreign(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE settings (key TEXT, val TEXT, updated REAL)")
    db.commit()
    db.close()
    with pytest.raises(NotAnIndexError, match="tables settings"):
        Index.open(path)


@pytest.mark.parametrize("create", [False, True], ids=["read", "create"])
def test_garbage_file_is_refused_and_left_unchanged(tmp_path: Path, create: bool) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    with pytest.raises(NotAnIndexError, match="not an SQLite database"):
        open_storage(path, create=create)
    assert path.read_bytes() == b"these are my notes, not a database\n" * 200


@pytest.mark.parametrize("create", [False, True], ids=["read", "create"])
def test_a_damaged_index_is_called_damaged_and_left_unchanged(tmp_path: Path, create: bool) -> None:
    path = tmp_path / "news.db"
    with Index.open(path) as index:
        index.add(synthetic_article(1))
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])  # a copy cut short: the header is there, the schema's pages not all
    cut = path.read_bytes()
    with pytest.raises(StorageError, match="a damaged SQLite database .*restore it from a copy, or build a new index"):
        open_storage(path, create=create)
    assert path.read_bytes() == cut


def test_reading_a_missing_index_never_creates_it(tmp_path: Path) -> None:
    path = tmp_path / "typo.db"
    with pytest.raises(NotAnIndexError, match="no such index"):
        Index.open(path, create=False)
    assert not path.exists() and list(tmp_path.iterdir()) == []


def test_reading_an_empty_file_is_not_an_index(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with pytest.raises(NotAnIndexError, match="not a dedup index"):
        Index.open(path, create=False)
    assert path.read_bytes() == b""


def test_a_folder_is_not_an_index(tmp_path: Path) -> None:
    with pytest.raises(NotAnIndexError, match="is a folder"):
        Index.open(tmp_path, create=False)


def test_an_existing_index_opens_for_reading(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    with Index.open(path) as index:
        index.add(synthetic_article(1))
    with Index.open(path, create=False) as index:
        assert index.stats()["articles"] == 1


def test_settings_of_another_kind_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    Index.open(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE settings SET value = '[1, 2]' WHERE name = 'index'")
    db.commit()
    db.close()
    with pytest.raises(NotAnIndexError, match="not a dedup index"):
        Index.open(path)


# -- Redis -------------------------------------------------------------------------------------------


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


@pytest.mark.parametrize("url", ["redis://127.0.0.1:port/0", "redis://127.0.0.1:99999/0"], ids=["not-a-number", "out-of-range"])
def test_malformed_redis_url_is_one_clear_error(url: str) -> None:
    pytest.importorskip("redis")
    with pytest.raises(StorageError, match="Redis URL"):
        Index.open(url)


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


def test_present_names_the_keys_holding_postings(location: str) -> None:  # noqa: F811
    store = open_storage(location)
    try:
        added, seq = store.insert(_article(1), [(41, 0)], [])
        assert store.present(np.array([41, 42, 43, 41])) == {41}
        _, other = store.insert(_article(2), [(42, 7), (43, 0)], [])
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


@pytest.mark.parametrize("create", [False, True], ids=["read", "create"])
def test_a_pipe_is_refused_as_a_pipe(tmp_path: Path, create: bool) -> None:
    # SQLite answered "cannot open (disk I/O error)", which reads like a failing disk
    path = tmp_path / "news.db"
    os.mkfifo(path)
    with pytest.raises(NotAnIndexError, match="a pipe, not a dedup index"):
        open_storage(path, create=create)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.db"]


def test_an_index_it_may_not_read_is_said_so(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    path = tmp_path / "news.db"
    Index.open(path).close()
    path.chmod(0)
    try:
        with pytest.raises(StorageError, match="cannot be read"):
            open_storage(path, create=False)
    finally:
        path.chmod(0o644)


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


def test_a_batchs_lookup_in_an_empty_postings_table_reads_the_recent_segment(tmp_path: Path) -> None:
    # a batch's many keys are not sought in the postings table while it is empty (a new index); once
    # postings are merged into it they are, and each lookup answers as one over every posting
    store = open_storage(str(tmp_path / "x.db"))
    try:
        keys = np.arange(25_000, dtype=np.int64) * 7  # a batch's many keys
        store.insert(_article(1), [(int(k), 0) for k in keys[:700]], [])
        many = store.lookup(keys, most=5, arrays=True)
        assert sorted(map(tuple, many.tolist())) == [(int(k), 1, 0) for k in keys[:700]]
        assert store.present(keys) == set(keys[:700].tolist())
        store.merge()
        store.insert(_article(2), [(int(k), 3) for k in keys[500:900]], [])
        many = store.lookup(keys, most=5, arrays=True)
        assert sorted(map(tuple, many.tolist())) == sorted([(int(k), 1, 0) for k in keys[:700]]
                                                           + [(int(k), 2, 3) for k in keys[500:900]])
        assert store.present(keys) == set(keys[:900].tolist())
    finally:
        store.close()


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


def test_a_batch_stored_with_its_postings_by_key_is_read_back_as_without_them(tmp_path: Path) -> None:
    # insert_batch given the run of its rows' postings (the view takes it as it is) stores the same tables,
    # and its view answers every lookup as when it reads the rows back, a single add's row before it and
    # after it in the same transaction included (the view takes them in the order written)
    from dedup.index.store import batch_postings
    from dedup.index.store_sqlite import SQLiteStorage

    rng = np.random.default_rng(5)
    made = [(_article(n), np.column_stack([rng.integers(0, 50, 30), rng.integers(0, 3, 30)]), [], [])
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
        assert _tables(tmp_path / "rows.db") == _tables(tmp_path / "run.db")
        views = [stores[name]._recent_view() for name in ("rows", "run")]  # noqa: SLF001
        assert [[c.tolist() for c in run] for run in views[0]._runs] == [[c.tolist() for c in run] for run in views[1]._runs]  # noqa: SLF001
        assert views[0]._posted == views[1]._posted and views[0].last_id == views[1].last_id == 8  # noqa: SLF001
        assert stores["run"].lookup(np.arange(50), arrays=True).tolist() == stores["rows"].lookup(np.arange(50), arrays=True).tolist()
    finally:
        for store in stores.values():
            store.close()


def _tables(path: Path) -> list[list[tuple[object, ...]]]:
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
        return _article(n), np.array([(100 + n, 0), (7, n)], dtype=np.int64), matches, stretches

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
        assert _tables(tmp_path / "single.db") == _tables(tmp_path / "together.db")
        assert all(len(t) >= 2 for t in _tables(tmp_path / "together.db")[:4])
    finally:
        for store in stores.values():
            store.close()


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


@pytest.mark.parametrize("reply,says", [
    (b"+OK\r\n", "does not answer as a Redis server does"),  # was a traceback (AttributeError in redis-py)
    (b"-LOADING Redis is loading the dataset in memory\r\n", "cannot reach Redis at .* \\(Redis is loading"),
    (b"HTTP/1.1 400 Bad Request\r\n\r\n", "cannot reach Redis at .* \\(Protocol Error"),
], ids=["ok-to-everything", "loading", "http"])
def test_a_server_that_answers_as_redis_does_not_is_one_clear_error(reply: bytes, says: str) -> None:
    pytest.importorskip("redis")
    import socket
    import threading

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(4)
        server.settimeout(10)

        def answer() -> None:
            try:
                conn, _ = server.accept()
                with conn:
                    conn.settimeout(10)
                    while conn.recv(65536):
                        conn.sendall(reply)
            except OSError:
                pass

        threading.Thread(target=answer, daemon=True).start()
        with pytest.raises(StorageError, match=says):
            Index.open(f"redis://127.0.0.1:{server.getsockname()[1]}/0")


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


def _on_read_only_mount(monkeypatch: pytest.MonkeyPatch) -> None:
    """The system's answer for a folder on a read-only mount, stood in for (a real one needs mount(2))."""
    real = os.statvfs

    def statvfs(path: object) -> os.statvfs_result:
        got = real(path)  # type: ignore[arg-type]
        return os.statvfs_result((*got[:8], got.f_flag | os.ST_RDONLY, *got[9:]))

    monkeypatch.setattr(os, "statvfs", statvfs)


def _index_of(path: Path, count: int) -> list:  # type: ignore[type-arg]
    docs = [synthetic_article(n) for n in range(count)]
    with Index.open(str(path)) as index:
        index.add_many(docs)
    return docs


def test_an_index_on_a_read_only_file_system_is_checked_as_it_is_and_never_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # it could not even be checked: SQLite makes a -shm file beside an index in WAL mode to read it, so `check`,
    # `index stats` and `stream --check-only` said "give write access", which no permission cures on such a mount
    docs = _index_of(tmp_path / "x.db", 12)
    probe = dataclasses.replace(docs[3], id="probe", text=docs[3].text + " A line added by the reprinting paper.")
    with Index.open(str(tmp_path / "x.db"), create=False) as index:
        expected, stats = index.check(probe), index.stats()
    assert expected and not (tmp_path / "x.db-wal").exists()
    before = (tmp_path / "x.db").read_bytes()
    _on_read_only_mount(monkeypatch)
    with Index.open(str(tmp_path / "x.db"), create=False) as index:
        assert index._store.read_only  # noqa: SLF001
        assert index.check(probe) == expected and index.stats() == stats
        with pytest.raises(StorageError, match="on a read-only file system, where an index can be checked .* but not written"):
            index.add(probe)
        with pytest.raises(StorageError, match="read-only file system"):
            index.remove(docs[0].id)
        with pytest.raises(StorageError, match="read-only file system"):
            index.merge()
    with pytest.raises(StorageError, match="read-only file system"):  # `index add` to it: refused at the first write
        with Index.open(str(tmp_path / "x.db")) as index:
            index.add_many([probe])
    assert (tmp_path / "x.db").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.db"]  # no -wal, -shm or journal made beside it


def test_an_index_on_a_read_only_file_system_is_read_with_what_its_log_holds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a writer elsewhere holds it open (its write-ahead log beside it): read through the log, not past it
    docs = _index_of(tmp_path / "x.db", 6)
    with Index.open(str(tmp_path / "x.db"), create=False) as writer:
        writer._store._db.execute("PRAGMA wal_autocheckpoint=0")  # noqa: SLF001 (the added article stays in the log)
        writer.add(synthetic_article(40))
        assert (tmp_path / "x.db-wal").stat().st_size > 0
        added = synthetic_article(40)
        probe = dataclasses.replace(added, id="probe", text=added.text + " A line added by the reprinting paper.")
        with monkeypatch.context() as patch:
            _on_read_only_mount(patch)
            with Index.open(str(tmp_path / "x.db"), create=False) as reader:
                assert reader._store.read_only and reader.stats()["articles"] == len(docs) + 1  # noqa: SLF001
                assert [m.id for m in reader.check(probe)] == [added.id]  # the article only the log holds


def test_an_older_or_incomplete_index_on_a_read_only_file_system_is_refused_saying_why(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _index_of(tmp_path / "part.db", 3)
    with sqlite3.connect(tmp_path / "part.db") as db:  # a table of this format missing (made when opened writable)
        db.execute("DROP TABLE keyfilter")
    db.close()
    _index_of(tmp_path / "old.db", 3)
    with sqlite3.connect(tmp_path / "old.db") as db:  # recorded as of a format this version brings up to date
        (value,) = db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()
        db.execute("UPDATE settings SET value = ? WHERE name = 'index'",
                   (json.dumps(json.loads(value) | {"format": min(MIGRATED)}),))
    db.close()
    before = (tmp_path / "old.db").read_bytes()
    _on_read_only_mount(monkeypatch)
    with pytest.raises(StorageError, match="without its table keyfilter, on a read-only file system where they cannot"):
        open_storage(str(tmp_path / "part.db"), create=False)
    with pytest.raises(StorageError, match="an index of an older format, on a read-only file system: open it once"):
        open_storage(str(tmp_path / "old.db"), create=False)
    assert (tmp_path / "old.db").read_bytes() == before


@pytest.fixture
def read_only_mount(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A folder on a file system of its own, and a function that mounts it read-only: root's mount(2) of a
    tmpfs, skipped where it is not allowed (the tests above stand the system's answer in)."""
    import shutil
    import subprocess

    folder = tmp_path / "mounted"
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a file system needs root and mount(8)")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)], capture_output=True)
    if made.returncode:
        pytest.skip(f"mount not allowed here: {made.stderr.decode(errors='replace').strip()[:100]}")

    def read_only() -> None:
        made = subprocess.run(["mount", "-o", "remount,ro", str(folder)], capture_output=True)
        if made.returncode:
            pytest.skip(f"remounting read-only not allowed here: {made.stderr.decode(errors='replace').strip()[:100]}")

    try:
        yield folder, read_only
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_an_index_on_a_real_read_only_mount_is_checked_and_a_log_it_cannot_read_is_named(
        tmp_path: Path, read_only_mount) -> None:  # type: ignore[no-untyped-def]
    import shutil

    folder, read_only = read_only_mount
    docs = _index_of(tmp_path / "x.db", 8)
    probe = dataclasses.replace(docs[2], id="probe", text=docs[2].text + " A line added by the reprinting paper.")
    with Index.open(str(tmp_path / "x.db"), create=False) as index:
        expected = index.check(probe)
        index._store._db.execute("PRAGMA wal_autocheckpoint=0")  # noqa: SLF001
        index.add(synthetic_article(50))  # in the log only
        shutil.copy(tmp_path / "x.db", folder / "logged.db")
        shutil.copy(tmp_path / "x.db-wal", folder / "logged.db-wal")  # without its -shm
    shutil.copy(tmp_path / "x.db", folder / "x.db")  # closed: the log folded in
    read_only()
    with Index.open(str(folder / "x.db"), create=False) as index:
        assert [m.id for m in index.check(probe)] == [m.id for m in expected] and expected
        assert index.stats()["articles"] == 9
        with pytest.raises(StorageError, match="read-only file system, where an index can be checked .* but not written"):
            index.add(probe)
    with pytest.raises(StorageError, match="with changes in its write-ahead log"):
        Index.open(str(folder / "logged.db"), create=False)
    with pytest.raises(StorageError, match="is on a read-only file system; a new index cannot be made there"):
        Index.open(str(folder / "new.db"))
    assert sorted(p.name for p in folder.iterdir()) == ["logged.db", "logged.db-wal", "x.db"]


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


def test_stats_count_the_recent_postings_without_making_their_rows(tmp_path: Path) -> None:
    # stats (which index add asks after its batches) made every waiting row of the recent segment, sorted,
    # to count them: some 400 MB after an article of a million characters, for a number
    import tracemalloc

    from dedup.index.store_sqlite import SQLiteStorage

    count = 300_000
    store = SQLiteStorage(str(tmp_path / "s.db"))
    try:
        rng = np.random.default_rng(4)
        store.insert(_article(1), np.column_stack([rng.integers(-(1 << 62), 1 << 62, count), np.arange(count)]), [])
        store.insert(_article(2), [(11, 0), (12, 5)], [])
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
    made = [(_article(n), np.column_stack([rng.integers(0, 5000, size), np.arange(size)]), [], [])
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
    assert _tables(tmp_path / "bound.db") == _tables(tmp_path / "written.db")


def test_an_index_file_read_only_to_its_user_says_so_when_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # another user's index, read-only to this one in a folder it may write: SQLite opens it read-only and reads it
    # (check works); a write was "the index file cannot be written (attempt to write a readonly database)", naming
    # neither the file nor what to do. Opened here as SQLite opens such a file (mode=ro), which root obeys too
    import re

    from dedup.documents import Document
    from dedup.index import store_sqlite
    from dedup.index.stream import stream_results

    text = synthetic_article(21, words=150).text
    path = tmp_path / "news.db"
    with Index.open(path) as index:
        index.add(Document(id="wire", text=text))
    connect = store_sqlite.connect

    def read_only(where: str, timeout: float, on_read_only: bool) -> sqlite3.Connection:
        if on_read_only:
            return connect(where, timeout, on_read_only)
        return sqlite3.connect(Path(where).absolute().as_uri() + "?mode=ro", uri=True, timeout=timeout,
                               isolation_level=None, check_same_thread=False)

    monkeypatch.setattr(store_sqlite, "connect", read_only)
    says = f"{path}: the file is read-only to this user (attempt to write a readonly database), so the index can be checked"
    with Index.open(path, create=False) as index:
        assert [m.id for m in index.check(Document(id="copy", text=text + " More."))] == ["wire"]
        with pytest.raises(StorageError, match=re.escape(says)):
            index.add(Document(id="copy", text=text + " More."))
        with pytest.raises(StorageError, match=re.escape(says)):
            index.remove("wire")
        line = json.dumps({"id": "copy", "text": text + " More."})
        with pytest.raises(StorageError, match=r"; the stream stopped at line 1, whose article 'copy' was not stored "
                                               r"\(the index is as it was before it\): give the feed again from line 1"):
            list(stream_results(index, [line]))
    monkeypatch.undo()
    with Index.open(path) as index:
        assert index.stats()["articles"] == 1 and index.contains("wire")
