"""The Dask workers' side (dedup.engines.dask_workers): a failed task fails the scan in one line, naming a memory
limit a lost worker most likely passed; workers know the size of what they hold; a missing Dask names the extra."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from dedup.channels import DEFAULT_CHANNELS
from dedup.vocabulary import Vocabulary
from dedup.errors import MissingExtraError
from dedup.parts import plan_parts

from conftest import CORPUS
from test_engine_dask import client, distributed, needs_dask  # noqa: F401 - fixtures


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


def test_missing_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from dedup.engines.dask import scan_dask

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MissingExtraError, match=r"pip install '\.\[dask\]'"):
        scan_dask(CORPUS, align=False)


@needs_dask
def test_a_failing_task_fails_the_scan_with_one_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from dedup.engines import partitions
    from dedup.engines.dask import scan_dask
    from dedup.errors import EngineError

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("OrderedDict mutated during iteration")

    monkeypatch.setattr(partitions, "verify_part", broken)
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=":0") as inproc:
        with ThreadPoolExecutor(1) as pool:
            running = pool.submit(scan_dask, CORPUS, client=inproc, align=False, retries=1)
            with pytest.raises(EngineError, match=r"a Dask task failed \(RuntimeError: OrderedDict mutated"):
                running.result(timeout=120)  # a hang fails here instead of stopping the suite


@needs_dask
def test_workers_know_the_size_of_what_they_hold(client: Any) -> None:
    """Dask spills a stored result to disk by its size: parts and band records must not count as a few
    dozen bytes (sys.getsizeof), or a worker holding every part's keeps it all in memory."""
    from dedup.engines.dask import scan_dask

    scan_dask(CORPUS, client=client, align=False, part_bytes=4000)

    def sizes() -> dict[str, int]:
        from dask.sizeof import sizeof

        from dedup.engines.partitions import part_bands
        from dedup.reading import read_part

        part = read_part(plan_parts(CORPUS, part_bytes=1 << 20)[0])
        bands = part_bands(part, first=0, channels=DEFAULT_CHANNELS, vocab=Vocabulary.empty(), seed=1,
                           batch_size=100, buckets=1)[0]
        return {"corpus": sizeof(part), "text": sum(len(d.text) for d in part.documents),
                "bands": sizeof(bands), "keys": sum(b.key.nbytes for b in bands.values())}

    for found in client.run(sizes).values():
        assert found["corpus"] > found["text"] > 10_000
        assert found["bands"] > found["keys"] > 10_000


@pytest.mark.parametrize("own", [True, False], ids=["local-cluster", "users-cluster"])
def test_a_local_clusters_worker_drops_its_heartbeat_error_as_the_scan_stops(
        own: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    # a Dask scan stopped by SIGTERM printed a worker's "Failed to communicate with scheduler during heartbeat"
    # and its traceback before its one line (3 runs of 6 at load 10-13); a user's own cluster keeps its logs
    import logging
    import os

    from dedup.engines.dask_workers import Sizes

    plugin = Sizes()
    monkeypatch.setattr(os, "getppid", lambda: plugin.started_by if own else plugin.started_by + 1)
    logger = logging.getLogger("distributed.worker")
    before = list(logger.filters)
    try:
        plugin.setup(worker=None)
        added = [f for f in logger.filters if f not in before]
        assert len(added) == (1 if own else 0)

        def record(msg: str) -> logging.LogRecord:
            return logging.LogRecord("distributed.worker", logging.ERROR, __file__, 1, msg, None, None)

        assert logger.filter(record("Failed to communicate with scheduler during heartbeat.")) is not own
        assert logger.filter(record("Compute Failed"))
    finally:
        for extra in [f for f in logger.filters if f not in before]:
            logger.removeFilter(extra)
