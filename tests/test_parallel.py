"""parallel_map and parallel_lanes: the same results in the same order on worker processes, and no state left
behind."""

from __future__ import annotations

import threading

import pytest

import dedup.parallel as parallel
from dedup.parallel import parallel_lanes, parallel_map


@pytest.mark.parametrize("workers", [1, 2], ids=["in-process", "two-workers"])
def test_results_in_order(workers: int) -> None:
    offset = 100  # a closure: reaches the workers through the fork, never pickled
    assert parallel_map(lambda x: x + offset, list(range(20)), workers=workers) == [x + 100 for x in range(20)]


def test_worker_pids_differ_from_the_parent() -> None:
    import os

    pids = set(parallel_map(lambda _: os.getpid(), list(range(8)), workers=2))
    assert os.getpid() not in pids


def test_few_items_stay_in_process() -> None:
    import os

    assert parallel_map(lambda _: os.getpid(), [1], workers=2) == [os.getpid()]
    assert parallel_map(lambda _: os.getpid(), [1, 2, 3], workers=2, min_items=10) == [os.getpid()] * 3


def test_two_maps_at_once_keep_their_own_functions() -> None:
    results: dict[str, list[int]] = {}

    def run(name: str, factor: int) -> None:
        results[name] = parallel_map(lambda x: x * factor, list(range(30)), workers=2)

    threads = [threading.Thread(target=run, args=(n, f)) for n, f in (("double", 2), ("triple", 3))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {"double": [2 * x for x in range(30)], "triple": [3 * x for x in range(30)]}
    assert parallel._worker_fn is None  # nothing installed in the parent


def test_an_error_in_a_worker_reaches_the_caller() -> None:
    def fail(x: int) -> int:
        if x == 3:
            raise ValueError("item 3")
        return x

    with pytest.raises(ValueError, match="item 3"):
        parallel_map(fail, list(range(6)), workers=2)


def test_progress_counts_every_result() -> None:
    seen: list[tuple[int, int]] = []
    parallel_map(lambda x: x, list(range(5)), workers=2, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(k, 5) for k in range(1, 6)]


def _sleepy(x: int) -> int:
    import time

    if x:
        time.sleep(60)  # still working when the caller gives up
    return x


def test_an_interrupted_map_stops_its_workers_at_once() -> None:
    import time

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt  # Ctrl-C while the other items are still running

    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        parallel_map(_sleepy, [0, 1, 2], workers=2, min_items=1, progress=interrupt)
    # a hang guard, not a speed measure: waiting for the workers would take a minute
    assert time.monotonic() - started < 30


def test_an_interrupted_map_waits_a_while_for_its_pools_manager_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    from concurrent.futures import process

    joined: list[float | None] = []
    join = process._ExecutorManagerThread.join

    def spied(self: threading.Thread, timeout: float | None = None) -> None:
        joined.append(timeout)
        join(self, timeout)

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(process._ExecutorManagerThread, "join", spied)
    with pytest.raises(KeyboardInterrupt):
        parallel_map(_sleepy, [0, 1, 2, 3], workers=2, min_items=1, progress=interrupt)
    # joined with a time limit before the interrupt goes on: left running, the interpreter's exit hook joins
    # it without one (the pool's ``shutdown(wait=False)`` forgets the thread, so it is taken before)
    assert joined and joined[0] is not None


def test_workers_leave_the_inherited_objects_to_the_parent_and_the_parent_gets_them_back() -> None:
    import gc

    inherited = [[k] for k in range(1000)]  # tracked objects the workers inherit through the fork
    frozen = parallel_map(lambda _: gc.get_freeze_count(), list(range(4)), workers=2)
    assert all(count >= len(inherited) for count in frozen)  # outside the workers' collections
    assert gc.get_freeze_count() == 0  # back in the parent's collections once the map is done


def test_a_failed_map_gives_the_parent_its_objects_back() -> None:
    import gc

    def fail(x: int) -> int:
        raise ValueError(f"item {x}")

    with pytest.raises(ValueError):
        parallel_map(fail, list(range(4)), workers=2)
    assert gc.get_freeze_count() == 0


def test_inside_a_scans_frozen_heap_a_map_leaves_what_it_froze_and_its_results_frozen() -> None:
    import gc

    from dedup.heap import frozen_heap

    with frozen_heap():
        made = [[k] for k in range(1000)]  # made after the heap was frozen: frozen by the map
        before = gc.get_freeze_count()
        results = parallel_map(lambda x: [x], list(range(100)), workers=2)
        assert results == [[x] for x in range(100)]
        # what the map froze and the lists read back with it stay frozen, for the stages after it
        assert gc.get_freeze_count() >= before + len(made) + len(results)
    assert gc.get_freeze_count() == 0  # and all of it back in the collections with the heap


@pytest.mark.parametrize("workers", [1, 2, 3], ids=["in-process", "two-workers", "more-workers-than-lanes"])
def test_lanes_give_every_result_in_its_lane_and_place(workers: int) -> None:
    lanes = [list(range(10)), [], list(range(100, 103))]
    seen: list[tuple[int, int]] = []
    out = parallel_lanes(lambda x: x * 2, lanes, workers=workers, progress=lambda d, t: seen.append((d, t)))
    assert out == [[x * 2 for x in lane] for lane in lanes]
    assert seen == [(k, 13) for k in range(1, 14)]
    assert parallel._worker_fn is None and parallel._lanes is None  # nothing installed in the parent


def test_a_worker_takes_its_lane_in_order_then_the_last_items_of_the_longest_other() -> None:
    from types import SimpleNamespace

    lanes = [["a0", "a1"], ["b0", "b1", "b2", "b3"], ["c0", "c1", "c2"]]
    cursors = [end for lane in lanes for end in (0, len(lane))]
    seats = SimpleNamespace(value=0)
    try:  # the first worker's part, in this process
        parallel._install_lanes(lambda x: x, lanes, cursors, threading.Lock(), seats)
        taken = [parallel._take(ticket)[2] for ticket in range(9)]
    finally:
        parallel._worker_fn, parallel._lanes = None, None
    assert seats.value == 1
    assert taken == ["a0", "a1", "b3", "b2", "c2", "b1", "c1", "b0", "c0"]  # ties: the first lane
    assert cursors == [2, 2, 0, 0, 0, 0]  # every item taken once


def test_an_error_in_a_lane_reaches_the_caller() -> None:
    def fail(x: int) -> int:
        if x == 3:
            raise ValueError("item 3")
        return x

    with pytest.raises(ValueError, match="item 3"):
        parallel_lanes(fail, [[0, 1, 2, 3], [4, 5]], workers=2)
    assert parallel._worker_fn is None
