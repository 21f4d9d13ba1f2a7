"""The recent segment's view of a SQLite index (:mod:`dedup.index.recent`): its merge threshold, its runs
appended or read from their rows, merged at once or in slices, filtered by key slots, and the bytes an add's
row holds (lookups through the store, merges and crashes: tests/test_index_sqlite_postings.py; a format-5
index migrated: tests/test_index_settings.py; the key filter: tests/test_index_keyfilter.py; the runs'
merges and filters alone: tests/test_index_recent_runs.py; the segment's rows in the file:
tests/test_index_recent_table.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from dedup.cli import app
from dedup.index import recent, recent_runs
from dedup.index.recent import RecentPostings, encode
from dedup.index.store import StoredArticle
from dedup.index.store_sqlite import SQLiteStorage

from _bad_input_files import REWRITE
from _bad_input_helpers import DAMAGED, _error_line, index, runner, template  # noqa: F401 - fixtures

def recent_article(number: int) -> StoredArticle:
    return StoredArticle(0, f"a{number}", f"hash{number}", f"text {number}", added_ts=float(number))


def test_the_merge_threshold_is_a_share_of_what_is_stored_between_the_floor_and_the_cap() -> None:
    share = recent.MERGE_SHARE
    assert recent.merge_threshold(0) == recent.merge_threshold(share * recent.MERGE_AT) == recent.MERGE_AT
    assert recent.merge_threshold(share * (recent.MERGE_AT + 1_001)) == recent.MERGE_AT + 1_001
    assert recent.merge_threshold(share * recent.MERGE_MOST) == recent.merge_threshold(10**9) == recent.MERGE_MOST
    assert recent.MERGE_AT < recent.MERGE_MOST


@pytest.mark.parametrize("given", ["array", "list"])
def test_an_adds_recent_row_is_the_bytes_encode_gives(tmp_path: Path, given: str) -> None:
    """The row of one add holds ``encode(postings)`` byte for byte, whether the postings come as the index
    gives them (an array, not sorted by key, some repeated) or as a list; the view holds the same pairs."""
    rng = np.random.default_rng(11)
    pairs = np.column_stack([rng.integers(-2**62, 2**62, 400), rng.integers(0, 50, 400)])
    pairs = np.concatenate([pairs, pairs[:30]])
    postings = pairs if given == "array" else [tuple(p) for p in pairs.tolist()]
    store = SQLiteStorage(str(tmp_path / "r.db"), merge_at=1000)
    _, seq = store.insert(recent_article(1), postings, [])
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


@pytest.mark.parametrize("damage", ["UPDATE recent SET postings = x'0102'", "UPDATE recent SET postings = 'text'"],
                         ids=["cut-short", "text"])
def test_a_waiting_postings_row_no_add_wrote_is_a_damaged_index(index: Path, damage: str) -> None:
    # was a traceback in every command that reads the recent segment (ValueError, TypeError from numpy)
    with sqlite3.connect(index) as opened:  # the template's article waits in the recent segment
        assert opened.execute("SELECT count(*) FROM recent").fetchone()[0] == 1
        opened.execute(damage)
    opened.close()
    for command in (["check", str(index), str(REWRITE)], ["index", "stats", str(index)]):
        assert _error_line(runner.invoke(app, command)) == DAMAGED
