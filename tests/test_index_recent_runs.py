"""The runs of the recent segment's view (:mod:`dedup.index.recent_runs`): a run's key filter made near its own
size, a filter of the merged size kept and set, a merge in slices making the run and filter of a merge at once
(the view that holds the runs: tests/test_index_recent.py)."""

from __future__ import annotations

import numpy as np
import pytest

from dedup.index import recent_runs


@pytest.mark.parametrize("order", ["sorted", "any"])
def test_a_runs_filter_is_made_in_memory_near_its_own_size(order: str) -> None:
    # a bool a slot, then packed, with every key's slot at once: 22 bytes a key at its peak (105 MB for the run
    # of an article of a million characters, the peak of its add); now the filter (a byte a key) and a slice's
    # slots; the same bits as the bool array packed
    import tracemalloc

    keys = np.random.default_rng(11).integers(-(1 << 63), (1 << 63) - 1, 2_000_000, dtype=np.int64)
    keys = np.sort(keys) if order == "sorted" else keys
    tracemalloc.start()
    try:
        made = recent_runs.run_filter(keys)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert made is not None and peak < 5 * len(keys)
    size = 8 * len(made)  # its slots: a power of two, about eight a key
    assert size == 1 << (8 * len(keys) - 1).bit_length()
    expect = np.zeros(size, dtype=bool)
    expect[keys.view(np.uint64) >> np.uint64(65 - size.bit_length())] = True  # a key's slot: its top bits
    assert np.array_equal(made, np.packbits(expect, bitorder="little"))
    assert recent_runs.slots_held(made, keys).all()


def test_a_filter_of_the_merged_size_is_kept_and_set() -> None:
    rng = np.random.default_rng(7)
    older = np.sort(rng.integers(-(1 << 63), (1 << 63) - 1, 70_000, dtype=np.int64))
    newer = np.sort(rng.integers(-(1 << 63), (1 << 63) - 1, 1_000, dtype=np.int64))
    merged = np.sort(np.concatenate([older, newer]))
    held = recent_runs.run_filter(older)
    assert held is not None and len(held) == len(recent_runs.run_filter(merged))  # the same size
    kept = recent_runs.merged_filter(held, older, newer)
    assert kept is held and np.array_equal(kept, recent_runs.run_filter(merged))
    grown = np.sort(rng.integers(-(1 << 63), (1 << 63) - 1, 70_000, dtype=np.int64))  # outgrows it: built anew
    bigger = np.sort(np.concatenate([merged, grown]))
    assert np.array_equal(recent_runs.merged_filter(recent_runs.run_filter(merged), merged, grown), recent_runs.run_filter(bigger))
    assert np.array_equal(recent_runs.merged_filter(None, merged, grown), recent_runs.run_filter(bigger))  # the older had none


@pytest.mark.parametrize("own_filter", [True, False], ids=["older-filter-kept", "filter-made"])
@pytest.mark.parametrize("budget", [1, 2, 7, 64, 10_000])
def test_a_merge_in_slices_makes_the_run_and_filter_of_a_merge_at_once(monkeypatch: pytest.MonkeyPatch,
                                                                         budget: int, own_filter: bool) -> None:
    # keys repeated many times (more rows of one key than a slice takes), the older run's rows first
    monkeypatch.setattr(recent_runs, "FILTER_FROM", 64)
    rng = np.random.default_rng(budget)

    def run(count: int, first_id: int) -> tuple[np.ndarray, ...]:
        keys = np.sort(np.concatenate([rng.integers(-(1 << 63), (1 << 63) - 1, count, dtype=np.int64), [5] * 40]))
        return keys, rng.integers(1, 50, len(keys)), rng.integers(0, 3, len(keys)), rng.integers(first_id, first_id + 9, len(keys))

    older, newer = run(1100, 1), run(300, 20)
    held = recent_runs.run_filter(older[0]) if own_filter else None  # of the merged size: kept, the newer slots set
    merging = recent_runs.Merge(0, older, newer, held)
    assert (merging.bits is held) == own_filter
    steps = 0
    while not merging.advance(budget):
        steps += 1
    # each step moves `budget` rows to twice as many (or the 80 rows of key 5 at once)
    assert steps >= (len(older[0]) + len(newer[0])) // (2 * budget + 80) - 1
    for made, expect in zip(merging.out, recent_runs.merged_run(older, newer)):
        assert np.array_equal(made, expect)
    assert merging.bits is not None and np.array_equal(merging.bits, recent_runs.run_filter(merging.out[0]))
