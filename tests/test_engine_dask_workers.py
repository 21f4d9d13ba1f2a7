"""A failed Dask task fails the scan in one line, naming a memory limit a lost worker most likely passed
(dedup.engines.dask_workers)."""

from __future__ import annotations

import pytest


class KilledWorker(Exception):
    """Named as Dask's: a task whose retries were used up on workers that died."""


class CommClosedError(Exception):
    """Named as Dask's: the connection to a worker closed under a task."""


@pytest.mark.parametrize("lost", [KilledWorker, CommClosedError], ids=["killed", "closed"])
def test_a_worker_lost_under_a_memory_limit_says_to_give_more_memory(lost: type) -> None:
    # --memory 64MB ended with "a Dask task failed (CommClosedError ...)", no word of the limit
    from dedup.engines.dask_workers import task_errors
    from dedup.errors import EngineError

    with pytest.raises(EngineError, match=r"a worker was lost, most likely for passing its memory limit \(64 MB a "
                                          r"worker\): give --memory more; the scan is stopped"):
        with task_errors(64 * 2**20):
            raise lost("in: Worker for task verify-part")


def test_a_worker_lost_with_no_limit_set_here_or_another_failure_names_no_memory() -> None:
    from dedup.engines.dask_workers import task_errors
    from dedup.errors import EngineError

    for limit, failure in ((None, CommClosedError("closed")), (64 * 2**20, RuntimeError("a bug"))):
        with pytest.raises(EngineError) as raised:
            with task_errors(limit):
                raise failure
        assert "memory" not in str(raised.value) and str(raised.value).endswith("; the scan is stopped")
