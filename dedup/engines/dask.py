"""The Dask engine: the same scan, spread over the worker processes of a Dask cluster.

Each stage of :mod:`dedup.engines.partitions` runs as one task per part (or per bucket of band keys);
this module only submits them and moves their results between workers. Every task is recomputable from
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
import operator
import pickle
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from dedup.candidates import DEFAULT_CHANNELS, CandidateSet, ChannelSpec
from dedup.decision import Thresholds
from dedup.documents import Corpus, Document, Documents, replaced_in_id
from dedup.engines import partitions as stage
from dedup.errors import DedupError, DuplicateIdError, EngineError, MissingExtraError, SettingsError
from dedup.memory import DEFAULT_MEMORY, parse_memory, text_spill
from dedup.parts import PART_BYTES, Part, plan_parts
from dedup.article_ids import composed_apart, id_hash, id_key
from dedup.feeds import pretty_json_collapsed
from dedup.reading import read_part
from dedup.records import MIN_WORDS
from dedup.evidence import Evidence
from dedup.result import Pair, ScanResult, finish_scan, scan_settings
from dedup.signatures import check_flag, check_seed
from dedup.signing import vocabulary_step

try:
    from distributed import WorkerPlugin as _WorkerPlugin
except ImportError:  # without Dask scan_dask says which extra to install; the class is never used then
    _WorkerPlugin = object

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
    ``part_bytes`` (default: four parts per worker, 1 to 32 MB each); they must see it at the same
    path. A task that fails is retried ``retries`` times; when it still fails, the scan fails with
    :class:`EngineError` naming it. A scheduler not reached within ``timeout`` seconds is an
    :class:`EngineError` too. ``progress(stage, parts_done, parts)`` is called as parts are read, signed,
    paired (their candidates gathered from every bucket) and verified. ``memory`` (bytes, or text such as
    ``"4GB"``): the memory limit of each worker of a cluster started here (Dask's ``memory_limit``). A
    task holds one part or one bucket; what waits between stages (parts, band records, candidates) is
    spilled by Dask to the worker's disk past 60% of the limit, its sizes taught by :class:`_Sizes`; a
    worker past 95% is restarted and its tasks rerun. ``follow_links``: as :func:`dedup.reading.read_corpus`'s
    (a link in the folder that leads out of it is named among the skipped unless it is given).
    """
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
    limit = parse_memory(memory) if memory is not None else None
    with _connect(scheduler, workers, client, timeout, memory=limit) as connected, _task_errors(limit if scheduler is None and client is None else None):
        size = part_bytes or _part_size(source, len(connected.scheduler_info()["workers"]))
        parts = plan_parts(source, part_bytes=size, follow_links=follow_links)
        log.info("read: %d parts of about %d bytes planned", len(parts), size)
        connected.register_plugin(_Sizes(), name="dedup-sizes")
        run = _Run(connected, retries=retries, progress=progress, spill=text_spill(limit or DEFAULT_MEMORY))
        return run.scan(parts, channels=channels, thresholds=thresholds, seed=seed, max_bucket=max_bucket,
                        align=align, batch_size=batch_size, min_words=min_words)


class _Sizes(_WorkerPlugin):  # type: ignore[misc, valid-type]
    """Teaches each worker the size of the stage results it stores.

    Dask sizes an object it does not know by ``sys.getsizeof``: a part's Corpus or band records counted
    as a few dozen bytes, so its memory manager never spilled them to disk, and at a million articles the
    workers passed their limit holding every part's band records and were restarted. With their sizes
    known it spills the oldest to disk past 60% of the limit (Dask's ``target``), as the local scan's
    spilled texts and key files keep it under ``--memory``.
    """

    def setup(self, worker: Any) -> None:
        from dask.sizeof import sizeof

        sizeof.register(Corpus)(lambda corpus: sum(_document_bytes(d) for d in corpus.documents))
        sizeof.register(Document)(_document_bytes)
        sizeof.register(stage.Bands)(lambda b: sum(getattr(b, f).nbytes for f in stage.Bands.FIELDS))
        sizeof.register(stage.Found)(lambda found: found.nbytes)
        sizeof.register(CandidateSet)(lambda c: c.pairs.nbytes + sum(m.nbytes for m in c.channels.values())
                                      + getattr(c.passage_hits, "spans", np.zeros(0)).nbytes)
        # a pair or an evidence holds passages and an alignment: its pickle is its size near enough
        for kind in (Pair, Evidence):
            sizeof.register(kind)(lambda value: len(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))


def _document_bytes(doc: Document) -> int:
    """An article's memory: its text and id as Python strings, and about 300 bytes of record and fields."""
    return sys.getsizeof(doc.text) + sys.getsizeof(doc.id) + 300


@contextmanager
def _task_errors(memory: int | None = None) -> Iterator[None]:
    """A task that failed (after its retries) fails the scan with one line; dedup's own errors pass. A worker
    lost while the scan's workers have a ``memory`` limit (bytes) was most likely stopped for passing it
    (``--memory 64MB``: "a Dask task failed (CommClosedError ...)", with no word of the limit): said so."""
    try:
        yield
    except (DedupError, KeyboardInterrupt):
        raise
    except Exception as exc:  # whatever a task raised, re-raised here by gather
        log.debug("task failure", exc_info=True)
        lost = memory is not None and type(exc).__name__ in _WORKER_LOST
        hint = (f"; a worker was lost, most likely for passing its memory limit ({memory / 2**20:,.0f} MB a worker): "
                "give --memory more") if lost else ""
        raise EngineError(f"a Dask task failed ({type(exc).__name__}: {exc}){hint}; the scan is stopped") from exc


#: What Dask raises when a worker running the scan's tasks is gone (its nanny stopped it past its memory limit,
#: or it died): the task's retries used up on lost workers, or the connection to one closed.
_WORKER_LOST = frozenset({"KilledWorker", "CommClosedError", "StreamClosedError"})


def _part_size(source: str | Path, workers: int) -> int:
    """Four parts per worker, so that work spreads evenly, within 1 MB (task overhead) and PART_BYTES."""
    path = Path(source)
    try:
        files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path] if path.exists() else []
        total = sum(p.stat().st_size for p in files)
    except OSError:  # a folder nested deeper than a path can name, a file gone: the plan's reader names them
        total = 0
    return int(min(PART_BYTES, max(1 << 20, total // (4 * max(1, workers)))))


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise MissingExtraError("the Dask engine", "dask") from exc
    return distributed


@contextmanager
def _connect(scheduler: str | None, workers: int, client: Any, timeout: float, *, memory: int | None = None) -> Iterator[Any]:
    """The caller's client, a client of ``scheduler``, or one of a local cluster closed afterwards."""
    if client is not None:
        yield client
        return
    distributed = _distributed()
    if scheduler is not None:
        try:
            connected = distributed.Client(scheduler, timeout=timeout)
        except (OSError, ValueError, TypeError) as exc:  # refused, timed out, or not an address
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler} within {timeout:g} s "
                              f"({type(exc).__name__}: {exc}); start it or fix the address") from exc
        with connected:
            yield connected
        return
    with _quiet_nannies(), _patient_scheduler(), \
            distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                     memory_limit=memory or "auto", dashboard_address=":0",
                                     silence_logs=worker_log_level()) as cluster:
        with distributed.Client(cluster) as connected:
            yield connected


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
    if configured is None or parse_timedelta(configured) >= parse_timedelta(WORKER_TTL):
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


class _Run:
    """One scan's tasks; keys carry a run tag so that two scans on one cluster never share results."""

    def __init__(self, client: Any, *, retries: int, progress: Callable[[str, int, int], None] | None = None,
                 spill: int | None = None) -> None:
        self.client = client
        self.spill = spill
        self.retries = retries
        self.progress = progress
        self.tag = uuid.uuid4().hex[:12]

    def wait(self, futures: list[Any], stage: str) -> None:
        """Report ``stage`` as its tasks finish (each stage needs all of the previous one's results anyway)."""
        if self.progress is None or not futures:
            return
        for done, _ in enumerate(_distributed().as_completed(futures), start=1):
            self.progress(stage, done, len(futures))

    def submit(self, fn: Any, *args: Any, name: str, **kwargs: Any) -> Any:
        return self.client.submit(fn, *args, key=f"dedup-{name}-{self.tag}", retries=self.retries, pure=False, **kwargs)

    def pick(self, future: Any, index: int, name: str) -> Any:
        """One piece of a task's list result, as its own future (moved alone, not with its siblings)."""
        return self.submit(operator.getitem, future, index, name=name)

    def scan(self, parts: list[Part], *, channels: Sequence[ChannelSpec], thresholds: Thresholds, seed: int,
             max_bucket: int, align: bool, batch_size: int, min_words: int) -> ScanResult:
        timings: dict[str, float] = {}
        started = time.perf_counter()
        corpora = [self.submit(_read_part, part, min_words=min_words, name=f"read-{p}") for p, part in enumerate(parts)]
        self.wait(corpora, "parts read")
        for refusal in self.client.gather([self.submit(_refusal, c, name=f"refused-{p}") for p, c in enumerate(corpora)]):
            if refusal is not None:  # the first part's, as the local engine reads them in turn
                raise refusal
        firsts = self._number(corpora)
        total = int(firsts[-1])
        log.info("read: %d articles", total)
        step = vocabulary_step(total)
        samples = [self.submit(stage.sample_texts, c, first=int(firsts[p]), step=step, name=f"sample-{p}")
                   for p, c in enumerate(corpora)]
        vocab = self.submit(stage.fit_vocabulary, samples, corpus_size=total, name="vocabulary")
        buckets = len(parts)  # one reducer per part: the shuffle stays square
        bands = [self.submit(stage.part_bands, c, first=int(firsts[p]), channels=channels, vocab=vocab, seed=seed,
                             batch_size=batch_size, buckets=buckets, name=f"bands-{p}") for p, c in enumerate(corpora)]
        copies = [self.submit(stage.part_text_keys, c, name=f"texts-{p}") for p, c in enumerate(corpora)]
        self.wait(bands, "parts signed")
        candidates = self._candidates(bands, buckets, len(parts), channels, max_bucket, firsts[:-1], copies)
        same = self.submit(stage.scan_copies, copies, name="copies")  # counted once in the spread, as locally
        del bands, samples, copies  # held here, they would keep every part's band records alive through verification
        self.wait(candidates, "parts paired")
        timings["index"] = time.perf_counter() - started
        log.info("signed and banded: %d parts", len(parts))
        mark = time.perf_counter()
        results = self._verify(corpora, candidates, firsts, vocab, thresholds, align, same)
        self.wait(results, "parts verified")
        found = self.client.gather(results)
        corpus = self._gather_corpus(corpora)
        timings["verify"] = time.perf_counter() - mark
        by_channel = {spec.name: sum(r[2][spec.name] for r in found) for spec in channels}
        log.info("verify: %d candidates, %d pairs reported", sum(r[1] for r in found), sum(len(r[0]) for r in found))
        settings = scan_settings(channels=channels, thresholds=thresholds, seed=seed, max_bucket=max_bucket, align=align)
        return finish_scan(corpus, [pair for r in found for pair in r[0]], candidates=sum(r[1] for r in found),
                           by_channel=by_channel, timings=timings, started=started, settings=settings)

    def _number(self, corpora: list[Any]) -> np.ndarray:
        """Each part's first document number (and the total last); ids checked unique across parts, by
        their hashes (8 bytes an article reach the client); the ids themselves only when a hash repeats."""
        hashes = self.client.gather([self.submit(_id_hashes, c, name=f"id-hashes-{p}") for p, c in enumerate(corpora)])
        every = np.sort(np.concatenate([np.zeros(0, dtype=np.int64), *hashes]))
        if (every[1:] == every[:-1]).any():
            origin: dict[str, tuple[str, str]] = {}  # by id_key: the id as read and where
            for ids in self.client.gather([self.submit(_ids, c, name=f"id-places-{p}") for p, c in enumerate(corpora)]):
                for doc_id, where in ids:
                    if (key := id_key(doc_id)) in origin:
                        first_id, first_place = origin[key]
                        raise DuplicateIdError(
                            f"duplicate article id {first_id!r} in {first_place} and {where}{replaced_in_id(doc_id)}"
                            f"{composed_apart([first_id, doc_id])}: ids must be unique"
                        )
                    origin[key] = (doc_id, where)
        return np.concatenate([[0], np.cumsum([len(h) for h in hashes])]).astype(np.int64)

    def _candidates(self, bands: list[Any], buckets: int, n_parts: int, channels: Sequence[ChannelSpec],
                    max_bucket: int, part_starts: np.ndarray, copies: list[Any]) -> list[Any]:
        """The shuffle: band records to buckets by key, colliding pairs back to the part of their first
        document; every bucket gets every part's text keys (``copies``: 4 bytes a document)."""
        reduced = []
        for b in range(buckets):
            pieces = [self.pick(f, b, name=f"route-{p}-{b}") for p, f in enumerate(bands)]
            reduced.append(self.submit(stage.bucket_candidates, pieces, channels=channels, max_bucket=max_bucket,
                                       part_starts=part_starts, text_keys=copies, name=f"bucket-{b}"))
        return [
            self.submit(stage.merge_candidates, [self.pick(r, p, name=f"back-{b}-{p}") for b, r in enumerate(reduced)],
                        channels=channels, name=f"candidates-{p}")
            for p in range(n_parts)
        ]

    def _verify(self, corpora: list[Any], candidates: list[Any], firsts: np.ndarray, vocab: Any,
                thresholds: Thresholds, align: bool, copies: Any = None) -> list[Any]:
        """Send each part the partner documents its candidates need, then verify where the documents live
        (``copies``: :func:`stage.scan_copies`, every part's documents whose text is an earlier one's)."""
        involved = self.client.gather([self.submit(stage.involved_documents, c, name=f"involved-{p}")
                                       for p, c in enumerate(candidates)])
        owner = [np.searchsorted(firsts, numbers, side="right") - 1 for numbers in involved]
        wanted: list[set[int]] = [set() for _ in corpora]
        needs: list[set[int]] = [set() for _ in corpora]
        for p, (numbers, parts) in enumerate(zip(involved, owner)):
            for number, q in zip(numbers.tolist(), parts.tolist()):
                if q != p:
                    wanted[q].add(number)
                    needs[p].add(q)
        exports = {
            q: self.submit(stage.select_documents, corpora[q], first=int(firsts[q]),
                           numbers=np.array(sorted(numbers), dtype=np.int64), name=f"export-{q}")
            for q, numbers in enumerate(wanted) if numbers
        }
        # how many documents share a stretch is counted over every part, as the local engine counts it
        scored = [
            self.submit(stage.score_part, candidates[p], corpora[p], first=int(firsts[p]),
                        imported=[exports[q] for q in sorted(needs[p])], vocab=vocab, thresholds=thresholds,
                        copies=copies, name=f"score-{p}")
            for p in range(len(corpora))
        ]
        stretches = self.submit(stage.merge_stretches, [self.pick(f, 1, name=f"stretches-{p}") for p, f in enumerate(scored)],
                                name="stretches")
        return [
            self.submit(stage.verify_part, candidates[p], corpora[p], first=int(firsts[p]),
                        imported=[exports[q] for q in sorted(needs[p])], vocab=vocab, thresholds=thresholds,
                        align=align, stretches=stretches, evidence=self.pick(scored[p], 0, name=f"evidence-{p}"),
                        copies=copies, name=f"verify-{p}")
            for p in range(len(corpora))
        ]

    def _gather_corpus(self, corpora: list[Any]) -> Corpus:
        """Every part's documents, skips and warnings, in corpus order (the result lists them all), gathered
        a part at a time; past the memory setting's share for texts they wait in a file, as in a local scan."""
        docs, skipped, warnings = Documents(spill=self.spill), [], []
        for future in corpora:
            part = future.result()
            for doc in part.documents:
                docs.append(doc)
            skipped.extend(part.skipped)
            warnings.extend(part.warnings)
        # a large file of JSON over several lines: one reason (its first range's), not each line of the others
        skipped = pretty_json_collapsed(skipped)
        return Corpus(docs if docs.spilled else tuple(docs), tuple(skipped), tuple(warnings))


def _read_part(part: Part, *, min_words: int) -> Corpus | DedupError:
    """:func:`~dedup.reading.read_part`, with dedup's own refusal of the part (two articles under one id in
    it) returned, not raised: raised in a worker, it was logged there with its traceback ("Compute
    Failed", three times on stderr above the one ``Error:`` line) and the task retried twice for the same
    answer."""
    try:
        return read_part(part, min_words=min_words)
    except DedupError as exc:
        return exc


def _refusal(read: Corpus | DedupError) -> DedupError | None:
    return read if isinstance(read, DedupError) else None


def _ids(corpus: Corpus) -> list[tuple[str, str]]:
    return [(d.id, d.path or d.id) for d in corpus.documents]


def _id_hashes(corpus: Corpus) -> np.ndarray:
    return np.fromiter((id_hash(d.id) for d in corpus.documents), dtype=np.int64, count=len(corpus.documents))
