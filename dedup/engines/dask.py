"""The Dask engine: the same scan, spread over the worker processes of a Dask cluster.

Each stage of :mod:`dedup.engines.partitions` runs as one task per part (or per bucket of band keys);
this module connects to the cluster and :class:`~dedup.engines.dask_run.Run` submits them and moves
their results between workers. Every task is recomputable from
the input files, so a lost worker costs its tasks, not the scan: the scheduler reruns them elsewhere.

What still meets in one process, and why:

- the vocabulary sample (at most a few thousand texts, as in the local engine);
- the result: :class:`ScanResult` holds every document and pair, so they are gathered at the end, and
  clusters are built there (their rule attaches partial-only articles greedily by edge strength, a
  sequential pass over the reported pairs, which are few next to the documents).
"""

from __future__ import annotations

import gc
import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from dedup.channels import DEFAULT_CHANNELS, ChannelSpec
from dedup.decision import Thresholds
from dedup.engines.dask_run import Run
from dedup.engines.dask_workers import Sizes, distributed_module, task_errors
from dedup.errors import EngineError, SettingsError
from dedup.memory import DEFAULT_MEMORY, parse_memory, text_spill
from dedup.parts import PART_BYTES, plan_parts
from dedup.records import MIN_WORDS
from dedup.result import ScanResult
from dedup.signatures import check_flag, check_seed

log = logging.getLogger(__name__)

__all__ = ["scan_dask"]


def scan_dask(
    source: str | Path,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    client: Any = None,
    channels: Sequence[ChannelSpec] = DEFAULT_CHANNELS,
    thresholds: Thresholds = Thresholds(),
    seed: int = 1,
    max_bucket: int = 50,
    align: bool = True,
    batch_size: int = 2000,
    min_words: int = MIN_WORDS,
    part_bytes: int | None = None,
    retries: int = 2,
    timeout: float = 10.0,
    progress: Callable[[str, int, int], None] | None = None,
    memory: int | str | None = None,
    follow_links: bool = False,
) -> ScanResult:
    """:func:`dedup.scan` of a folder or file on Dask: the same :class:`ScanResult`, pair for pair.

    Connects to ``scheduler`` (``tcp://host:8786``), uses ``client``, or starts a local cluster of
    ``workers`` processes with one thread each. The input is read by the workers in parts of about
    ``part_bytes`` (default: four parts per worker, 1 to 32 MB each and at most a 32nd of the least worker's
    memory limit; a smaller size than pays for its tasks is raised, :func:`part_size`); they must see it at the same path. A task that fails is retried ``retries``
    times; when it still fails, the scan fails with :class:`EngineError` naming it. A scheduler not reached within ``timeout`` seconds is an
    :class:`EngineError` too. ``progress(stage, parts_done, parts)`` is called as parts are read, signed,
    paired (their candidates gathered from every bucket) and verified. ``memory`` (bytes, or text such as
    ``"4GB"``): the memory limit of each worker of a cluster started here (Dask's ``memory_limit``). A
    task holds one part or one bucket; what waits between stages (parts, band records, candidates) is
    spilled by Dask to the worker's disk past 60% of the limit, its sizes taught by
    :class:`~dedup.engines.dask_workers.Sizes`; a worker past 95% is restarted and its tasks rerun.
    ``follow_links``: as :func:`dedup.reading.read_corpus`'s (a link in the folder that leads out of it is
    named among the skipped unless it is given).
    """
    seed, align, follow_links = _checked(workers=workers, batch_size=batch_size, max_bucket=max_bucket, seed=seed,
                                         align=align, timeout=timeout, follow_links=follow_links)
    limit = parse_memory(memory) if memory is not None else None
    if scheduler is None and client is None:  # a cluster started here: what this machine can hold
        distributed = distributed_module()
        if (refused := too_many_workers(workers, limit, cores=_cores(), machine=distributed.system.MEMORY_LIMIT)):
            raise SettingsError(refused)
    with _connect(scheduler, workers, client, timeout, memory=limit) as connected, task_errors(limit if scheduler is None and client is None else None):
        info = connected.scheduler_info()["workers"]
        n_workers = len(info)
        total = _corpus_bytes(source)
        size = part_size(total, n_workers, part_bytes, memory=_least_limit(info))
        parts = plan_parts(source, part_bytes=size, follow_links=follow_links)
        log.info("read: %d parts of about %d bytes planned", len(parts), size)
        connected.register_plugin(Sizes(), name="dedup-sizes")
        run = Run(connected, retries=retries, progress=progress, spill=text_spill(limit or DEFAULT_MEMORY))
        return run.scan(parts, channels=channels, thresholds=thresholds, seed=seed, max_bucket=max_bucket,
                        align=align, batch_size=batch_size, min_words=min_words, buckets=most_buckets(total, n_workers))


def _least_limit(workers: dict[str, Any]) -> int | None:
    """The least memory limit of the cluster's ``workers`` (as the scheduler describes them), None when none
    has one: a cluster started here has ``--memory``'s, another its own."""
    limits = [int(w.get("memory_limit") or 0) for w in workers.values() if isinstance(w, dict)]
    return min((limit for limit in limits if limit > 0), default=None)


def _checked(*, workers: int, batch_size: int, max_bucket: int, seed: int, align: bool, timeout: float,
             follow_links: bool) -> tuple[int, bool, bool]:
    """:func:`scan_dask`'s settings refused before a cluster is started or reached (which takes seconds), in
    the order they are given; the seed and the two flags as the scan takes them."""
    if workers < 1:
        raise SettingsError("workers must be at least 1")
    if batch_size < 1:
        raise SettingsError("batch_size must be at least 1")
    if max_bucket < 2:
        raise SettingsError(f"max_bucket must be at least 2, got {max_bucket}")
    seed = check_seed(seed)
    align = check_flag("align", align)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= MAX_TIMEOUT:
        # inf was a KeyError from Dask's parsing of it, 1e300 a wait for ever, NaN taken as given
        raise SettingsError(f"timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT:g} (a day), "
                            f"got {timeout!r}")
    follow_links = check_flag("follow_links", follow_links)
    return seed, align, follow_links


def too_many_workers(workers: int, memory: int | None, *, cores: int, machine: int) -> str | None:
    """Why a local cluster of ``workers`` processes, each limited to ``memory`` bytes (None: Dask's share of the
    machine's), cannot start on a machine of ``cores`` cores and ``machine`` bytes of memory, or None. A worker
    runs one thread: more of them than cores (or two, on a machine of one) only share the cores, each holding its
    parts; and workers whose limits add up past the machine's memory are stopped by none of them before it runs
    out (``--workers 500`` started 500 processes). Two always start, as the default must run anywhere (the
    scan plans each worker's parts within its limit, which two seldom reach at once). A cluster elsewhere
    (``scheduler``) is bounded by its own.

    >>> too_many_workers(2, 4 << 30, cores=8, machine=16 << 30) is None
    True
    >>> too_many_workers(500, 4 << 30, cores=8, machine=16 << 30)[:71]
    '500 workers asked for, and this machine has 8 cores (a worker uses one)'
    >>> too_many_workers(4, 4 << 30, cores=8, machine=8 << 30)[:60]
    '4 workers of 4.0 GB each need 16.0 GB, and this machine has '
    >>> too_many_workers(2, 4 << 30, cores=8, machine=6 << 30) is None  # the default, on a small machine
    True
    """
    most = max(2, cores)
    if workers > most:
        return (f"{workers} workers asked for, and this machine has {cores} core{'s' * (cores != 1)} (a worker uses one): "
                f"start at most {most} here, or run on a cluster (--scheduler)")
    if memory is not None and workers > 2 and workers * memory > machine:
        return (f"{workers} workers of {_size(memory)} each need {_size(workers * memory)}, and this machine has "
                f"{_size(machine)}: start at most {max(2, machine // memory)} here, give each less memory (--memory), "
                "or run on a cluster (--scheduler)")
    return None


def _cores() -> int:
    """The cores this process may use (its affinity and its container's quota: Dask's count)."""
    import dask.system

    return int(dask.system.CPU_COUNT)


def _size(n: int) -> str:
    """Bytes as a person reads them: ``4.0 GB``, ``512 MB``."""
    return f"{n / (1 << 30):.1f} GB" if n >= 1 << 30 else f"{n >> 20} MB"


#: The least input of a part the engine plans, once the corpus is large enough to give each worker four parts:
#: a part costs its tasks whatever it holds (13 of its own, and two for each bucket of the shuffle, the pieces
#: of its band records sent to each bucket and each bucket's candidates sent back), and parts of a few hundred
#: bytes, an article each, made the shuffle's tasks grow with the square of the articles (2,000 parts: eight
#: million tasks, a client past 1 GB that lost its workers; benchmarks/RESULTS.md).
MIN_PART_BYTES = 64 << 10


#: A part holds at most this share of its worker's memory limit in input (by default): a part's task holds its
#: bytes, their text, its articles and their features at once, beside what waits between stages (measured: a
#: worker's peak rose by some 17 bytes a byte of its part, 361 MB for parts of 1 MB, 482 MB for parts of 8 MB,
#: ``benchmarks/dask_parts.py``), so a part costs about half the limit at most; a worker limited to 256 MB was
#: given parts of 32 MB (``--memory`` sized none). At 1 GB or more the parts are as before.
PART_MEMORY_SHARE = 32


def part_size(total: int, workers: int, asked: int | None = None, *, memory: int | None = None) -> int:
    """The bytes of a part for a corpus of ``total`` bytes on ``workers`` workers: ``asked`` (``part_bytes``)
    when given, but never so small that there are more parts than four a worker or one per
    :data:`MIN_PART_BYTES` of input, whichever allows more (said in the log when it is raised); by default four
    parts a worker, within 1 MB (task overhead) and PART_BYTES, and within a :data:`PART_MEMORY_SHARE` of
    ``memory``, the least memory limit of the workers (None or 0: none known), but never under 1 MB."""
    if asked is None:
        most = PART_BYTES if not memory else max(1 << 20, min(PART_BYTES, memory // PART_MEMORY_SHARE))
        return int(min(most, max(1 << 20, total // (4 * max(1, workers)))))
    most = max(4 * max(1, workers), -(-total // MIN_PART_BYTES))
    least = -(-total // most)
    if asked >= least:
        return asked
    log.warning("parts of %d bytes asked for: parts of %d bytes used, at most %d parts for %d bytes on %d "
                "workers (a part's tasks cost more than a smaller part's articles)", asked, least, most, total, workers)
    return least


def most_buckets(total: int, workers: int) -> int:
    """How many buckets the shuffle may use for a corpus of ``total`` bytes: four a worker, or one per
    PART_BYTES of input, whichever is more (as many as the default plan's parts). Every part sends a piece
    of its band records to each bucket (a task each): one bucket per part made the shuffle's tasks the
    square of the parts. Which bucket a key goes to changes no pair (the colliding units of a key meet in
    one bucket whatever their number)."""
    return max(4 * max(1, workers), -(-total // PART_BYTES))


def _corpus_bytes(source: str | Path) -> int:
    """The bytes of the file or of every file in the folder (0 when they cannot be listed)."""
    path = Path(source)
    try:
        files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path] if path.exists() else []
        return sum(p.stat().st_size for p in files)
    except OSError:  # a folder nested deeper than a path can name, a file gone: the plan's reader names them
        return 0


@contextmanager
def _connect(scheduler: str | None, workers: int, client: Any, timeout: float, *, memory: int | None = None) -> Iterator[Any]:
    """The caller's client, a client of ``scheduler``, or one of a local cluster closed afterwards."""
    if client is not None:
        yield client
        return
    distributed = distributed_module()
    if scheduler is not None:
        try:
            connected = distributed.Client(scheduler, timeout=timeout)
        except (OSError, ValueError, TypeError) as exc:  # refused, timed out, or not an address
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler} within {timeout:g} s "
                              f"({type(exc).__name__}: {exc}); start it or fix the address") from exc
        with connected:
            yield connected
        return
    with _quiet_nannies(), _patient_scheduler():
        try:
            cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                               memory_limit=memory or "auto", dashboard_address=":0",
                                               silence_logs=worker_log_level())
        except (RuntimeError, ValueError, KeyError, TypeError) as exc:  # a traceback of Dask's own
            raise _misconfigured(exc) from exc
        with cluster, distributed.Client(cluster) as connected:
            yield connected


def _misconfigured(exc: BaseException) -> EngineError:
    """The line of a local cluster that could not start on Dask's configuration (``DASK_DISTRIBUTED__WORKER__
    MEMORY__TARGET=abc``: "RuntimeError: Nanny failed to start", a traceback of 80 lines): the first cause in
    Dask's words, and where such settings come from."""
    while exc.__cause__ is not None:
        exc = exc.__cause__
    said = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
    return EngineError(f"the local Dask cluster could not start ({type(exc).__name__}: {said}): check Dask's "
                       "configuration, its DASK_* environment variables and its files (~/.config/dask)")


def worker_log_level() -> int:
    """The level from which the workers of a cluster started here log: errors, or less when this process
    has silenced Dask's loggers (``dedup scan --quiet``), whose workers then say nothing either (a worker's
    "Failed to communicate with scheduler during heartbeat" as the cluster closed printed despite it)."""
    return max(logging.ERROR, logging.getLogger("distributed").getEffectiveLevel())


#: The longest wait for a scheduler (seconds): a day. A longer one is a wait for ever in effect.
MAX_TIMEOUT = 86400.0


#: How long the scheduler of a cluster this engine starts waits for a silent worker before removing it
#: (Dask's default is 5 minutes). On a loaded machine a worker deep in a long task (a part's signing or
#: verification, minutes at a million articles) can miss its heartbeats for longer than that; the
#: scheduler then removes it and reruns all of its tasks, and a run measured at a million articles failed
#: that way. A worker that really died is still noticed at once by its nanny.
WORKER_TTL = "30 minutes"


@contextmanager
def _patient_scheduler() -> Iterator[None]:
    """Raise the scheduler's ``worker-ttl`` to :data:`WORKER_TTL` for a cluster started here, unless
    the user's Dask configuration already allows longer (or none at all)."""
    import dask
    from dask.utils import parse_timedelta

    configured = dask.config.get("distributed.scheduler.worker-ttl", None)
    try:
        longer = configured is None or parse_timedelta(configured) >= parse_timedelta(WORKER_TTL)
    except (KeyError, ValueError, TypeError) as exc:  # DASK_DISTRIBUTED__SCHEDULER__WORKER_TTL=abc: a KeyError
        raise _misconfigured(exc) from exc
    if longer:
        yield
        return
    with dask.config.set({"distributed.scheduler.worker-ttl": WORKER_TTL}):
        yield


@contextmanager
def _quiet_nannies() -> Iterator[None]:
    """No "worker still alive, killing" warning while the cluster closes: on a loaded machine (seen at load
    15) a nanny kills a worker slow to exit and says so on stderr, a line that ``--quiet`` promised not
    to print and that tells nothing about the scan. Its other warnings (a worker restarted past its memory
    limit) still show. Nor asyncio's "Future exception was never retrieved" for a connection's timed-out
    future that the closing cluster dropped (``TimeoutError('Timeout')``, seen once in the suite): the
    scan's results are in by then, and freed futures are collected before the filter goes."""
    nanny, loop = logging.getLogger("distributed.nanny"), logging.getLogger("asyncio")
    slow_exit = _Dropping("Worker process still alive after")
    dropped_future = _Dropping("Future exception was never retrieved", "Task exception was never retrieved")
    nanny.addFilter(slow_exit)
    loop.addFilter(dropped_future)
    try:
        yield
    finally:
        gc.collect()  # a dropped future in a reference cycle says so when collected: here, not after
        nanny.removeFilter(slow_exit)
        loop.removeFilter(dropped_future)


class _Dropping(logging.Filter):
    def __init__(self, *prefixes: str) -> None:
        super().__init__()
        self.prefixes = prefixes

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self.prefixes)
