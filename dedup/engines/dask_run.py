"""One Dask scan's tasks: submitted stage by stage, their results moved between workers.

:class:`Run` submits each stage of :mod:`dedup.engines.partitions` as one task per part (or per bucket of
band keys), numbers the documents across parts (their ids checked unique by hash), sends each part the
partner documents its candidates need, and gathers the pairs and the corpus at the end.
"""

from __future__ import annotations

import logging
import operator
import time
import uuid
from typing import Any, Callable, Sequence

import numpy as np

from dedup.article_ids import composed_apart, id_hash, id_key, text_digest
from dedup.channels import ChannelSpec
from dedup.decision import Thresholds
from dedup.documents import Corpus, replaced_in_id
from dedup.spilled_documents import Documents
from dedup.engines import partitions as stage
from dedup.engines.dask_workers import distributed_module
from dedup.errors import DedupError, DuplicateIdError
from dedup.feeds import CUT_SHORT, pretty_json_collapsed
from dedup.parts import Part
from dedup.reading import read_part
from dedup.result import ScanResult, finish_scan, scan_settings
from dedup.signing import vocabulary_step
from dedup.skips import Skips

log = logging.getLogger(__name__)


class Run:
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
        for done, _ in enumerate(distributed_module().as_completed(futures), start=1):
            self.progress(stage, done, len(futures))

    def submit(self, fn: Any, *args: Any, name: str, **kwargs: Any) -> Any:
        return self.client.submit(fn, *args, key=f"dedup-{name}-{self.tag}", retries=self.retries, pure=False, **kwargs)

    def pick(self, future: Any, index: int, name: str) -> Any:
        """One piece of a task's list result, as its own future (moved alone, not with its siblings)."""
        return self.submit(operator.getitem, future, index, name=name)

    def scan(self, parts: list[Part], *, channels: Sequence[ChannelSpec], thresholds: Thresholds, seed: int,
             max_bucket: int, align: bool, batch_size: int, min_words: int, buckets: int | None = None) -> ScanResult:
        """The scan of ``parts``; its band records shuffled through ``buckets`` buckets (at most one a part;
        default one a part)."""
        timings: dict[str, float] = {}
        started = time.perf_counter()
        corpora = [self.submit(_read_part, part, min_words=min_words, name=f"read-{p}") for p, part in enumerate(parts)]
        self.wait(corpora, "parts read")
        for refusal in self.client.gather([self.submit(_refusal, c, name=f"refused-{p}") for p, c in enumerate(corpora)]):
            if refusal is not None:  # the first part's, as the local engine reads them in turn
                raise refusal
        firsts = self._number(corpora, parts, min_words)
        total = int(firsts[-1])
        log.info("read: %d articles", total)
        step = vocabulary_step(total)
        samples = [self.submit(stage.sample_texts, c, first=int(firsts[p]), step=step, name=f"sample-{p}")
                   for p, c in enumerate(corpora)]
        vocab = self.submit(stage.fit_vocabulary, samples, corpus_size=total, name="vocabulary")
        # at most one reducer per part (the default plan's parts are of the size a bucket should be); a part's
        # band records go to each in a task of its own, so that more parts than buckets keep the shuffle's
        # tasks (parts x buckets, each way) from growing with the square of the parts
        buckets = min(len(parts), buckets or len(parts))
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

    def _number(self, corpora: list[Any], parts: list[Part], min_words: int) -> np.ndarray:
        """Each part's first document number (and the total last); ids checked unique across parts, by
        their hashes (8 bytes an article reach the client); the ids themselves only when a hash repeats. An
        article read again in a later part under its id with its text is skipped there: that part read again,
        knowing where those were read first, names it in its place as a local read does (:meth:`SeenIds.add`)."""
        hashes = self.client.gather([self.submit(_id_hashes, c, name=f"id-hashes-{p}") for p, c in enumerate(corpora)])
        every = np.sort(np.concatenate([np.zeros(0, dtype=np.int64), *hashes]))
        counts = [len(h) for h in hashes]
        if (every[1:] == every[:-1]).any():
            repeated = np.unique(every[1:][every[1:] == every[:-1]])
            met = self.client.gather([self.submit(_repeated_ids, c, repeated, name=f"id-places-{p}")
                                      for p, c in enumerate(corpora)])
            for p, known in _read_once(met).items():
                corpora[p] = self.submit(_read_part, parts[p], min_words=min_words, read_before=known,
                                         name=f"read-once-{p}")
                counts[p] -= len(known)
        return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)

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
        docs, skipped, warnings, pretty = Documents(spill=self.spill), Skips(), [], set()
        for future in corpora:
            part = future.result()
            for doc in part.documents:
                docs.append(doc)
            # a large file of JSON over several lines: one reason (its first range's), not each line of the others;
            # the parts' skips bounded again as one read's are (the first of a file named, the rest counted)
            skipped.extend(pretty_json_collapsed(part.skipped, pretty))
            # a file cut short while its ranges were read: said once, as a local read says it (each range read after
            # the cut said it)
            warnings.extend(w for w in part.warnings if CUT_SHORT not in w or w.partition(" (")[0] not in
                            {seen.partition(" (")[0] for seen in warnings})
        return Corpus(docs if docs.spilled else tuple(docs), tuple(skipped), tuple(warnings))


def _read_part(part: Part, *, min_words: int,
               read_before: dict[str, tuple[str, bytes]] | None = None) -> Corpus | DedupError:
    """:func:`~dedup.reading.read_part`, with dedup's own refusal of the part (two articles under one id in
    it) returned, not raised: raised in a worker, it was logged there with its traceback ("Compute
    Failed", three times on stderr above the one ``Error:`` line) and the task retried twice for the same
    answer."""
    try:
        return read_part(part, min_words=min_words, read_before=read_before)
    except DedupError as exc:
        return exc


def _refusal(read: Corpus | DedupError) -> DedupError | None:
    return read if isinstance(read, DedupError) else None


def _repeated_ids(corpus: Corpus, repeated: np.ndarray) -> list[tuple[str, str, bytes]]:
    """The id, place and text's digest of each article whose id's hash is ``repeated``."""
    wanted = set(repeated.tolist())
    return [(d.id, d.path or d.id, text_digest(d.text)) for d in corpus.documents if id_hash(d.id) in wanted]


def _read_once(met: list[list[tuple[str, str, bytes]]]) -> dict[int, dict[str, tuple[str, bytes]]]:
    """By part, the articles it read that an earlier part read first (by id key: where, and the text's digest);
    raises :class:`DuplicateIdError` for the first id read again with another text."""
    origin: dict[str, tuple[str, str, bytes]] = {}  # by id_key: the id as read, where, the text's digest
    known: dict[int, dict[str, tuple[str, bytes]]] = {}
    for p, ids in enumerate(met):
        for doc_id, where, digest in ids:
            if (key := id_key(doc_id)) not in origin:
                origin[key] = (doc_id, where, digest)
            elif origin[key][2] == digest:
                known.setdefault(p, {})[key] = origin[key][1:]
            else:
                first_id, first_place, _ = origin[key]
                raise DuplicateIdError(f"duplicate article id {first_id!r} in {first_place} and {where}"
                                       f"{replaced_in_id(doc_id)}{composed_apart([first_id, doc_id])}: ids must be unique")
    return known


def _id_hashes(corpus: Corpus) -> np.ndarray:
    return np.fromiter((id_hash(d.id) for d in corpus.documents), dtype=np.int64, count=len(corpus.documents))
