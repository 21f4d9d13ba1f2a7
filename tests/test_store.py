"""The storage backends on their own: one interface, the same answers from SQLite and Redis."""

from __future__ import annotations

import numpy as np
import pytest

from dedup.errors import StorageError
from dedup.index.store import StoredArticle, StoredMatch, open_storage

from _ingest_fixtures import location, redis_url  # noqa: F401  (pytest fixtures)


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
