"""A parallel map over forked worker processes, for the stages that are pure Python per item.

Exact scoring and sentence alignment spend their time in Python loops over small arrays, so threads do
not give them a second core; processes do. The function to map (usually a closure over the documents
and their features) reaches the workers through the fork itself, as the pool's initializer argument: it
is never pickled, and nothing is kept in the parent, so two maps may run at once (threads, nested
scans). Only the items and the results cross the process boundary.

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

__all__ = ["parallel_map", "default_workers"]

T = TypeVar("T")
R = TypeVar("R")

#: The function each forked worker applies; set by the pool's initializer inside the worker only (a
#: worker belongs to one pool), never in the parent process.
_worker_fn: Callable[[Any], Any] | None = None


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
    pool = ProcessPoolExecutor(max_workers=min(n_workers, total), mp_context=context, initializer=_install,
                               initargs=(fn,))
    # workers are forked as the items are submitted: the parent's objects stay out of the collector's
    # reach (in the workers, and in the parent until the map is done; they are only garbage collected
    # later, never lost)
    gc.freeze()
    try:
        for done, result in enumerate(pool.map(_call, items), start=1):
            if progress:
                progress(done, total)
            yield result
    except BaseException:  # Ctrl-C, an error, a consumer that stopped early: stop now, wait for nothing
        _abandon(pool)
        raise
    finally:
        gc.unfreeze()
    pool.shutdown(wait=True)


def _abandon(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once: cancel what is queued, kill the workers, and close the parent's end of their
    result pipe. A worker killed (or leaving on Ctrl-C) while it sends a result leaves half a message in
    that pipe, on which the pool's manager thread would wait forever, and the process with it, in
    ``shutdown`` or at exit; with every writer closed the read ends and the thread leaves."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    result_queue = getattr(pool, "_result_queue", None)
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
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:
        manager.join(timeout=5)


def _install(fn: Callable[[Any], Any]) -> None:
    global _worker_fn
    _worker_fn = fn


def _call(item: Any) -> Any:
    assert _worker_fn is not None, "parallel_map's worker was not initialised"  # a bug, never data
    return _worker_fn(item)


def _fork_context() -> Any:
    return multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
