"""What the Dask engine's workers are taught, and how their failures read.

Workers size the stage results they hold by what those are (:class:`Sizes`), so Dask spills them to disk
under a memory limit, and those of a local cluster say nothing of the scheduler gone while the scan stops; a
task that failed after its retries fails the scan in one line (:func:`task_errors`), saying so when a worker
was most likely lost to its memory limit.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
from contextlib import contextmanager
from typing import Any, Iterator

import numpy as np

from dedup.candidates import CandidateSet
from dedup.documents import Corpus, Document
from dedup.engines import partitions as stage
from dedup.errors import DedupError, EngineError, MissingExtraError
from dedup.evidence import Evidence
from dedup.result import Pair

try:
    from distributed import WorkerPlugin as _WorkerPlugin
except ImportError:  # without Dask scan_dask says which extra to install; the class is never used then
    _WorkerPlugin = object

log = logging.getLogger(__name__)


class Sizes(_WorkerPlugin):  # type: ignore[misc, valid-type]
    """Teaches each worker the size of the stage results it stores.

    Dask sizes an object it does not know by ``sys.getsizeof``: a part's Corpus or band records counted
    as a few dozen bytes, so its memory manager never spilled them to disk, and at a million articles the
    workers passed their limit holding every part's band records and were restarted. With their sizes
    known it spills the oldest to disk past 60% of the limit (Dask's ``target``), as the local scan's
    spilled texts and key files keep it under ``--memory``.

    A worker of the local cluster this process started (its parent: :attr:`started_by`) also drops its
    "Failed to communicate with scheduler during heartbeat" error (:class:`_ClosingHeartbeat`): a scan stopped
    by SIGTERM or Ctrl-C closes the scheduler, in this process, before its workers, and a worker whose next
    heartbeat came first printed that line and a traceback of 30 before the one ``Error:`` line (3 runs of 6 at
    load 10-14, without ``--quiet``). A user's own cluster's workers keep their logs as they are.
    """

    def __init__(self) -> None:
        self.started_by = os.getpid()

    def setup(self, worker: Any) -> None:
        if os.getppid() == getattr(self, "started_by", None):
            logging.getLogger("distributed.worker").addFilter(_ClosingHeartbeat())
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


class _ClosingHeartbeat(logging.Filter):
    """Drops a worker's log of a heartbeat its scheduler, gone, did not answer (:class:`Sizes`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Failed to communicate with scheduler during heartbeat")


def _document_bytes(doc: Document) -> int:
    """An article's memory: its text and id as Python strings, and about 300 bytes of record and fields."""
    return sys.getsizeof(doc.text) + sys.getsizeof(doc.id) + 300


@contextmanager
def task_errors(memory: int | None = None) -> Iterator[None]:
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


def distributed_module() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise MissingExtraError("the Dask engine", "dask") from exc
    return distributed
