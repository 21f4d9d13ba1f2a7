"""A parallel map over forked worker processes, for the stages that are pure Python per item.

Exact scoring and sentence alignment spend their time in Python loops over small arrays, so threads do
not give them a second core; processes do. The function to map (usually a closure over the documents
and their features) reaches the workers through the fork itself, as the pool's initializer argument: it
is never pickled, and nothing is kept in the parent, so two maps may run at once (threads, nested
scans). Only the items and the results cross the process boundary.

:func:`parallel_lanes` keeps items that share work in one worker: each worker takes its own lane's items
in order (their state shared through the fork: a lock and two cursors a lane), then the last ones of the
others, so that what an item leaves in a worker's caches serves the next without leaving one idle.

The parent's objects are frozen out of the garbage collector's reach while its workers are forked
(:func:`gc.freeze`): a worker's collections then walk only what the worker made, not every document,
feature and evidence record it inherited (which also copied those pages into the worker, one by one).

>>> parallel_map(lambda x: x * x, [1, 2, 3], workers=2, min_items=1)
[1, 4, 9]
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Iterator, Sequence, TypeVar

from dedup.heap import heap_frozen

__all__ = ["parallel_map", "parallel_lanes", "default_workers"]

T = TypeVar("T")
R = TypeVar("R")

#: Results read back between two freezes of what the parent holds, inside a scan's frozen heap
#: (:func:`dedup.heap.frozen_heap`).
FREEZE_EVERY = 32
#: The function each forked worker applies; set by the pool's initializer inside the worker only (a
#: worker belongs to one pool), never in the parent process.
_worker_fn: Callable[[Any], Any] | None = None
#: A :func:`parallel_lanes` worker's lanes, their shared cursors and lock, and its seat (worker only).
_lanes: tuple[Sequence[Sequence[Any]], Any, Any, int] | None = None


def default_workers() -> int:
    """Worker processes when the caller does not say: the cores, at most four."""
    return min(4, os.cpu_count() or 1)


def parallel_map(fn: Callable[[T], R], items: Sequence[T], *, workers: int | None = None, min_items: int = 2,
                 progress: Callable[[int, int], None] | None = None) -> list[R]:
    """``[fn(x) for x in items]``, on ``workers`` forked processes when there are at least ``min_items``
    items (fewer are not worth starting processes for) and the platform can fork; in order either way.

    ``progress(done, total)`` is called as results come in.
    """
    return list(_results(fn, items, workers=workers, min_items=min_items, progress=progress))


def parallel_lanes(fn: Callable[[T], R], lanes: Sequence[Sequence[T]], *, workers: int | None = None,
                   progress: Callable[[int, int], None] | None = None) -> list[list[R]]:
    """``[[fn(x) for x in lane] for lane in lanes]``, on ``workers`` forked processes as :func:`parallel_map`,
    each lane's items taken in order by a worker of its own (lane k by the k-th worker started; a lane
    beyond the workers only by those that finish theirs): what an item leaves in a worker's caches (an
    article's sentence tables, what was read of its text) serves the items after it in the lane, where
    a map's items go to whichever worker is free. A worker whose lane is done takes the last items of the
    lane with most left, so that none waits while another works. In one process, lane after lane, when
    the platform cannot fork, ``workers`` is below 2 or there are fewer than two items.

    ``progress(done, total)`` is called as results come in (items, not lanes).

    >>> parallel_lanes(lambda x: x * x, [[1, 2], [3]], workers=2)
    [[1, 4], [9]]
    """
    n_workers = default_workers() if workers is None else workers
    context = _fork_context()
    total = sum(len(lane) for lane in lanes)
    out: list[list[Any]] = [[None] * len(lane) for lane in lanes]
    if context is None or n_workers < 2 or total < 2:
        done = 0
        for k, lane in enumerate(lanes):
            for i, item in enumerate(lane):
                out[k][i] = fn(item)
                done += 1
                if progress:
                    progress(done, total)
        return out
    # each lane's next item and the end of what is left of it, shared by the forked workers; each worker
    # takes a seat (its lane) as it starts. A ticket sent to a worker takes one item: as many tickets
    # as items, so every item is taken once
    cursors = context.Array("q", [end for lane in lanes for end in (0, len(lane))], lock=False)
    lock = context.Lock()
    seats = context.Value("i", 0, lock=False)
    results = _pooled(context, min(n_workers, total), _install_lanes, (fn, lanes, cursors, lock, seats), _take,
                      range(total), progress)
    for k, i, result in results:
        out[k][i] = result
    return out


def _results(fn: Callable[[T], R], items: Sequence[T], *, workers: int | None, min_items: int,
             progress: Callable[[int, int], None] | None) -> Iterator[R]:
    n_workers = default_workers() if workers is None else workers
    context = _fork_context()
    total = len(items)
    if context is None or n_workers < 2 or total < max(2, min_items):
        results: Iterator[R] = map(fn, items)
        for done, result in enumerate(results, start=1):
            if progress:
                progress(done, total)
            yield result
        return
    yield from _pooled(context, min(n_workers, total), _install, (fn,), _call, items, progress)


def _pooled(context: Any, processes: int, initializer: Callable[..., None], initargs: tuple[Any, ...],
            call: Callable[[Any], Any], items: Sequence[Any],
            progress: Callable[[int, int], None] | None) -> Iterator[Any]:
    """``call`` of each of ``items`` on a pool of ``processes`` forked workers, each set up by ``initializer``
    (whose arguments reach it through the fork, never pickled); the results in order."""
    total = len(items)
    pool = ProcessPoolExecutor(max_workers=processes, mp_context=context, initializer=initializer,
                               initargs=initargs)
    # workers are forked as the items are submitted: the parent's objects stay out of the collector's
    # reach (in the workers, and in the parent until the map is done; they are only garbage collected
    # later, never lost)
    gc.freeze()
    keep = heap_frozen()
    try:
        for done, result in enumerate(pool.map(call, items), start=1):
            if keep and done % FREEZE_EVERY == 0:
                gc.freeze()  # the results read back so far, kept by the caller: out of the collector's walks too
            if progress:
                progress(done, total)
            yield result
    except BaseException:  # Ctrl-C, an error, a consumer that stopped early: stop now, wait for nothing
        _abandon(pool)
        raise
    finally:
        if keep:  # inside a scan's frozen heap what is frozen stays so until the scan ends, the
            gc.freeze()  # results read back with it (the next stage keeps them)
        else:
            gc.unfreeze()
    pool.shutdown(wait=True)


def _abandon(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once: cancel what is queued, kill the workers, and close the parent's end of their
    result pipe. A worker killed (or leaving on Ctrl-C) while it sends a result leaves half a message in
    that pipe, on which the pool's manager thread would wait forever, and the process with it, in
    ``shutdown`` or at exit; with every writer closed the read ends and the thread leaves."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    result_queue = getattr(pool, "_result_queue", None)
    manager = getattr(pool, "_executor_manager_thread", None)  # taken first: ``shutdown`` forgets it
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join(timeout=5)
    writer = getattr(result_queue, "_writer", None)
    if writer is not None:
        writer.close()
    # wait for the pool's manager thread to see the pipe closed and close its wake-up pipe: the
    # interpreter's exit hook writes to that pipe without a lock, and met it half closed ("Exception
    # ignored ... Bad file descriptor" after the one-line message) when the thread was still closing it
    if manager is not None:
        manager.join(timeout=5)


def _install(fn: Callable[[Any], Any]) -> None:
    global _worker_fn
    _worker_fn = fn


def _call(item: Any) -> Any:
    assert _worker_fn is not None, "parallel_map's worker was not initialised"  # a bug, never data
    return _worker_fn(item)


def _install_lanes(fn: Callable[[Any], Any], lanes: Sequence[Sequence[Any]], cursors: Any, lock: Any,
                   seats: Any) -> None:
    global _worker_fn, _lanes
    _worker_fn = fn
    with lock:
        seat = seats.value
        seats.value += 1
    _lanes = (lanes, cursors, lock, seat)


def _take(ticket: int) -> tuple[int, int, Any]:
    """The next item of this worker's lane, or when it is done the last item of the lane with most left:
    ``(lane, index in it, result)``."""
    assert _worker_fn is not None and _lanes is not None, "parallel_lanes' worker was not initialised"  # a bug
    lanes, cursors, lock, seat = _lanes
    with lock:
        if seat < len(lanes) and cursors[2 * seat] < cursors[2 * seat + 1]:
            k = seat
            i = cursors[2 * k]
            cursors[2 * k] = i + 1
        else:
            k = max(range(len(lanes)), key=lambda lane: cursors[2 * lane + 1] - cursors[2 * lane])
            i = cursors[2 * k + 1] - 1
            cursors[2 * k + 1] = i
    return k, i, _worker_fn(lanes[k][i])


def _fork_context() -> Any:
    return multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
