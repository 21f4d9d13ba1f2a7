"""The scan's orchestration, and ``compare``: corpus (or two articles) in, verified pairs out.

read -> normalise -> shingle -> sign -> band -> candidate pairs -> verification (exact scores, spread,
sentence alignment, decision: :mod:`dedup.verify`) -> direction -> clusters. Each stage is a function
of its inputs in its own module; this module only wires them together, signing in batches and
verifying candidates in chunks sized from the memory setting (:mod:`dedup.memory`), so that what grows
with the corpus is the documents, the units' spans and the candidates' evidence, not their features.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import numpy as np

from dedup.candidate_sets import candidate_rows, hits_are_in_file, hits_in_file
from dedup.candidates import CandidateSet, UnitTable, find_candidates
from dedup.channels import DEFAULT_CHANNELS, ChannelSpec
from dedup.vocabulary import Vocabulary
from dedup.dates import parse_published
from dedup.decision import Thresholds
from dedup.documents import Corpus, Document, replaced_in_id
from dedup.spilled_documents import Documents, texts_of
from dedup.errors import DuplicateIdError, InputError
from dedup.evidence import Copies, Stretches, close_stretches, text_copies
from dedup.heap import freeze_alive, frozen_heap, one_arena, release_freed, resident
from dedup.memory import (DEFAULT_MEMORY, KEYS_SHARE, chunk_cost, keys_spill, measured_scale, parse_memory, text_spill,
                          verify_chunks)
from dedup.spools import Rows, Spool
from dedup.article_ids import composed_apart, id_key
from dedup.reading import read_article, read_corpus
from dedup.result import Comparison, ScanResult, finish_scan, scan_settings
from dedup.result import Pair
from dedup.normalize import text_keys
from dedup.signatures import check_flag, check_seed, check_whole
from dedup.signing import SignedUnits, check_channels, corpus_vocabulary, sign_batch, text_bounds
from dedup.verify import align_pair, channels_of, may_be_reported, reported_pairs, score_candidates, verify

log = logging.getLogger(__name__)

__all__ = ["scan", "compare"]

#: Signed batches between two returns of freed memory to the system (:func:`dedup.heap.release_freed`).
RELEASE_EVERY = 16
#: Progress callback: (stage name, done, total).
Progress = Callable[[str, int, int], None]

def scan(
    source: str | Path | Iterable[Document] | Corpus,
    *,
    channels: Sequence[ChannelSpec] = DEFAULT_CHANNELS,
    thresholds: Thresholds = Thresholds(),
    seed: int = 1,
    max_bucket: int = 50,
    align: bool = True,
    batch_size: int = 2000,
    vocabulary: Vocabulary | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    memory: int | str = DEFAULT_MEMORY,
) -> ScanResult:
    """Find copies, partial reuse and rewrites among the articles of ``source``.

    ``source`` is a path (folder, file, ``"-"`` for JSONL on stdin), a :class:`Corpus`, or Documents.
    ``vocabulary``: the common words to leave out of the rare-word channels and measures, when given
    (an index's frozen vocabulary, :attr:`dedup.index.Index.vocabulary`); else learnt from the corpus.
    ``workers``: processes for exact scoring, alignment and the fact diffs (default: the cores, at most four).
    ``memory``: the memory the scan may plan for (bytes, or text such as ``"4GB"``): candidate pairs are
    verified in chunks sized from it, their documents' features released after each, and a channel's band
    keys beyond an eighth of it wait in a temporary file (the result is the same whatever the setting).

    >>> docs = [Document("a", "The central bank raised its key interest rate by a quarter point on "
    ...          "Tuesday, its first increase in seven years, citing persistent inflation in services."),
    ...         Document("b", "Weather: sunny spells and light winds are expected across the north "
    ...          "of the country tomorrow, with showers moving in from the west by the evening.")]
    >>> scan(docs).pairs
    ()
    """
    _check_options(channels, thresholds, max_bucket)
    batch_size = check_whole("batch_size", batch_size, 1)
    seed = check_seed(seed)
    align = check_flag("align", align)
    memory = parse_memory(memory)
    _check_edges(workers, progress, vocabulary)
    corpus = _as_corpus(source, spill=text_spill(memory))
    with frozen_heap():  # the documents, and each stage's output the next ones keep, out of the collector's walks
        return _scanned(corpus, channels=channels, thresholds=thresholds, seed=seed, max_bucket=max_bucket,
                        align=align, batch_size=batch_size, vocabulary=vocabulary, workers=workers,
                        progress=progress, memory=memory)


def _scanned(corpus: Corpus, *, channels: Sequence[ChannelSpec], thresholds: Thresholds, seed: int, max_bucket: int,
             align: bool, batch_size: int, vocabulary: Vocabulary | None, workers: int | None,
             progress: Progress | None, memory: int) -> ScanResult:
    """:func:`scan` of a corpus read, its options checked."""
    docs = corpus.documents
    timings: dict[str, float] = {}
    started = time.perf_counter()
    if isinstance(docs, Documents) and docs.spilled:
        one_arena()  # the signing threads' arenas kept memory a large scan cannot spare
    release_freed()
    vocab = corpus_vocabulary(texts_of(docs)) if vocabulary is None else vocabulary
    tables, bounds, copies = _sign(docs, channels, vocab, seed=seed, batch_size=batch_size, progress=progress,
                                   spill=keys_spill(memory, len(channels)))
    freeze_alive()
    timings["index"] = time.perf_counter() - started
    log.info("signed %d documents in %.2f s", len(docs), timings["index"])
    release_freed()
    mark = time.perf_counter()
    candidates = find_candidates(tables, max_bucket=max_bucket, text_keys=copies, keys_bytes=int(memory * KEYS_SHARE))
    for table in tables.values():
        table.close()
    same = text_copies(copies)  # copies of one text count once in the spread, as an index (storing one) counts them
    del tables, copies
    if isinstance(bounds, Rows):  # the corpus outgrew its share: its candidates' window pairs wait in a file too
        candidates = hits_in_file(candidates)
    release_freed()
    freeze_alive()
    timings["candidates"] = time.perf_counter() - mark
    log.info("%d candidate pairs in %.2f s", len(candidates.pairs), timings["candidates"])
    mark = time.perf_counter()
    pairs = _verify_in_chunks(docs, candidates, vocab, thresholds, align=align, bounds=bounds, workers=workers,
                              progress=progress, memory=memory, copies=same)
    timings["verify"] = time.perf_counter() - mark
    if isinstance(bounds, Rows):
        bounds.close()
    if hits_are_in_file(candidates):
        candidates.passage_hits.spans.close()  # type: ignore[attr-defined]
    log.info("%d pairs reported in %.2f s", len(pairs), timings["verify"])
    by_channel = {k: int(v.sum()) for k, v in candidates.channels.items()}
    settings = scan_settings(channels=channels, thresholds=thresholds, seed=seed, max_bucket=max_bucket, align=align)
    return finish_scan(corpus, pairs, candidates=len(candidates.pairs), by_channel=by_channel, timings=timings,
                       started=started, settings=settings, workers=workers)


def _check_options(channels: Any, thresholds: Any, max_bucket: Any) -> None:
    """Refuse options of the wrong type where they enter (they failed stages later, as an AttributeError
    deep in verification, or were compared with as they came: ``max_bucket=float("nan")``)."""
    if not isinstance(thresholds, Thresholds):
        raise TypeError(f"thresholds must be a Thresholds (such as Thresholds(min_confidence=0.9)), not "
                        f"{type(thresholds).__name__}")
    check_channels(channels)
    check_whole("max_bucket", max_bucket, 2)


def _check_edges(workers: Any, progress: Any, vocabulary: Any) -> None:
    """Refuse ``workers``, ``progress`` and ``vocabulary`` of the wrong type or out of range where they enter:
    ``workers="4"`` failed at the end of the scan comparing a string with a number, ``workers=-3`` was taken
    (as one worker, or as an error of a thread pool in a large scan), ``progress=5`` failed as "'int' object is
    not callable" and ``vocabulary=5`` as an AttributeError inside signing. ``workers=0`` stays the default."""
    if workers is not None:
        check_whole("workers", workers, 0)
    if progress is not None and not callable(progress):
        raise TypeError(f"progress must be a function called as progress(stage, done, total), or None, "
                        f"not {type(progress).__name__}")
    if vocabulary is not None and not isinstance(vocabulary, Vocabulary):
        raise TypeError(f"vocabulary must be a Vocabulary (an index's Index.vocabulary), or None, "
                        f"not {type(vocabulary).__name__}")


def _as_corpus(source: str | Path | Iterable[Document] | Corpus, *, spill: int | None = None) -> Corpus:
    if isinstance(source, Corpus):
        return source
    if isinstance(source, (str, os.PathLike)):
        return read_corpus(source, spill=spill)
    if isinstance(source, (bytes, Document)) or not isinstance(source, Iterable):
        raise TypeError(f"scan() takes a path, a Corpus or an iterable of Documents, not {type(source).__name__}")
    docs = tuple(source)
    seen: dict[str, str] = {}  # by id_key: the id as given
    for doc in docs:
        if not isinstance(doc, Document):
            raise TypeError(f"scan() takes Documents, not {type(doc).__name__}: make each article a "
                            "Document(id, text)")
        if not doc.id.strip():  # a report's pair between '' and ' ' names nothing (a feed's blank id is its place)
            raise InputError(f"an article needs a non-empty id, not {doc.id!r}: give each Document an id that names it")
        if (key := id_key(doc.id)) in seen:
            raise DuplicateIdError(f"duplicate article id {seen[key]!r}{replaced_in_id(doc.id)}"
                                   f"{composed_apart([seen[key], doc.id])}: ids must be unique")
        seen[key] = doc.id
    # a date the reader warns of ("'published' is not a date ...; ignored") was scanned as undated without a word
    undated = tuple(f"{doc.id}: 'published' is not a date (ISO 8601 or RFC 2822) ({doc.published[:40]!r}); ignored"
                    for doc in docs if doc.published is not None and parse_published(doc.published) is None)
    return Corpus(docs, (), undated)




def _verify_in_chunks(docs: Sequence[Document], candidates: CandidateSet, vocab: Vocabulary, thresholds: Thresholds, *,
                      align: bool, bounds: np.ndarray | Rows, workers: int | None, progress: Progress | None,
                      memory: int, copies: Copies | None = None) -> list[Pair]:
    """The reported pairs among ``candidates``, verified in chunks sized to what ``memory`` leaves above what is
    resident when each pass starts (:func:`dedup.memory.verify_chunks`), in two passes when there are
    several: exact evidence and the close stretches of every chunk first (the spread of a stretch counts the
    whole scan's), keeping only the rows that may still be reported once it is counted
    (:func:`dedup.verify.may_be_reported`), their evidence in a temporary file; then the alignment and
    decision of those, in chunks again. A chunk's document features are dropped when it is done, so memory
    follows the chunk, not the corpus; the pairs are those of one :func:`verify` over every row."""
    pairs, lengths = _involved(docs, candidates.pairs)
    starts = verify_chunks(pairs, lengths, memory, resident=resident())
    total = len(candidates.pairs)
    if len(starts) == 2:
        return reported_pairs(docs, candidates, verify(docs, candidates, vocab, thresholds, align=align, bounds=bounds,
                                                       workers=workers, progress=progress, reported_only=True,
                                                       copies=copies))
    kept: list[int] = []
    stretches: Stretches = {}
    held, scale, lo = resident(), 1.0, 0
    with Spool() as evidence:  # the kept rows' evidence, read back in order by the second pass
        while lo < total:
            # each chunk sized again with what the chunks before it were measured to cost (the estimates fit
            # texts held in memory; read back from their file, a chunk cost more): the same rows in the end
            hi = lo + verify_chunks(pairs[lo:], lengths, memory, resident=held, scale=scale)[1]
            before = resident()
            feats, rows, found = score_candidates(docs, _chunk(candidates, lo, hi), vocab, thresholds, bounds=bounds,
                                                  workers=workers)
            scale = measured_scale(scale, chunk_cost(pairs[lo:hi], lengths), before, resident())
            for doc, spans_of_doc in close_stretches(rows, found, min_similarity=thresholds.spread_similarity,
                                                     copies=copies).items():
                stretches.setdefault(doc, []).extend(spans_of_doc)
            keep = may_be_reported(docs, rows, found, feats, thresholds.bar(align), aligned=align)
            kept.extend(lo + row for row, keeps in enumerate(keep) if keeps)
            evidence.extend([ev for ev, keeps in zip(found, keep) if keeps])
            del feats, rows, found
            release_freed()  # the chunk's features
            if progress:
                progress("score", hi, total)
            lo = hi
        hopeful = candidate_rows(candidates, np.array(kept, dtype=np.int64))
        if hits_are_in_file(candidates):
            hopeful = hits_in_file(hopeful)
        log.info("%d of %d candidate pairs may be reported once the spread is counted", len(kept), total)
        found: list[Pair] = []
        starts = verify_chunks(pairs[kept], lengths, memory, resident=resident(), scale=scale)
        for lo, hi in zip(starts, starts[1:]):
            part = _chunk(hopeful, lo, hi)
            verified = verify(docs, part, vocab, thresholds, align=align, bounds=bounds, stretches=stretches,
                              evidence=evidence.take(hi - lo), workers=workers, reported_only=True, copies=copies)
            found += reported_pairs(docs, part, verified)
            del verified
            release_freed()
            if progress:
                progress("verify", hi, len(kept))
    return found


def _involved(docs: Sequence[Document], pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pairs`` (rows of two document numbers) renumbered among the documents they involve, and those
    documents' text lengths in the new numbers: all that sizing verification's chunks needs
    (:func:`dedup.memory.verify_chunks`), without an array as long as the corpus (the lengths of a million
    articles, and the list they were read through: about 44 MB)."""
    involved, renumbered = np.unique(pairs, return_inverse=True)
    renumbered = renumbered.reshape(pairs.shape).astype(np.int64)
    if isinstance(docs, Documents):
        return renumbered, docs.lengths_of(involved)
    return renumbered, np.array([len(docs[i].text) for i in involved.tolist()], dtype=np.int64)


def _chunk(candidates: CandidateSet, lo: int, hi: int) -> CandidateSet:
    """Rows ``lo`` to ``hi`` of ``candidates`` as a candidate set of their own (rows renumbered from 0)."""
    return candidate_rows(candidates, np.arange(lo, min(hi, len(candidates.pairs))))


def _sign(docs: Sequence[Document], channels: Sequence[ChannelSpec], vocab: Vocabulary, *, seed: int,
          batch_size: int, progress: Progress | None, workers: int | None = None,
          spill: int | None = None) -> tuple[dict[str, UnitTable], np.ndarray | Rows, np.ndarray]:
    """Sign every document in batches (on ``workers`` threads: numpy releases the GIL in its loops);
    keep only band keys and unit spans (a channel's keys beyond ``spill`` bytes in a temporary file),
    each document's article-proper span (in a temporary file, :class:`dedup.spools.Rows`, when the texts
    wait in one) and its text key (copies of one text share it). Batches are collected in order, so the
    result is the same whatever the number of threads."""
    tables = {spec.name: UnitTable(spec, spill=spill) for spec in channels}
    texts = texts_of(docs)  # read back a batch at a time when they wait in a file

    def sign(lo: int) -> tuple[np.ndarray, np.ndarray, list[SignedUnits]]:
        batch = texts[lo : lo + batch_size]
        bounds = text_bounds(batch)
        return bounds, text_keys(batch), sign_batch(batch, bounds, channels, vocab=vocab, seed=seed, offset=lo)

    starts = range(0, len(docs), batch_size)
    bounds: list[np.ndarray] | Rows = [np.zeros((0, 2), dtype=np.int64)]
    if isinstance(docs, Documents) and docs.spilled:
        bounds = Rows(2)  # verification reads back the spans of the documents each chunk involves
    keys = [np.zeros(0, dtype=np.uint32)]
    threads = workers or min(4, os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for done, (batch_bounds, batch_keys, result) in enumerate(_in_order(pool, sign, starts, 2 * threads), start=1):
            bounds.append(batch_bounds)
            keys.append(batch_keys)
            for name, *arrays in result:
                tables[name].add(*arrays)
            if done % RELEASE_EVERY == 0:
                release_freed()  # the batches' temporaries, kept by the C library until asked
            if progress:
                progress("sign", min(done * batch_size, len(docs)), len(docs))
    for table in tables.values():
        table.finish()
    return tables, bounds if isinstance(bounds, Rows) else np.concatenate(bounds), np.concatenate(keys)


def _in_order(pool: ThreadPoolExecutor, fn: Callable[[int], Any], items: Iterable[int], ahead: int) -> Iterator[Any]:
    """``pool.map(fn, items)`` with at most ``ahead`` results computed and waiting: ``map`` submits every
    item at once, so batches signed faster than the tables take them (and write their keys to a file) wait
    in memory, about 5 MB of band keys each for the syndication set's passage windows."""
    waiting: deque[Future[Any]] = deque()
    for item in items:
        waiting.append(pool.submit(fn, item))
        if len(waiting) > ahead:
            yield waiting.popleft().result()
    while waiting:
        yield waiting.popleft().result()


def compare(a: Document | str | Path, b: Document | str | Path, *, channels: Sequence[ChannelSpec] = DEFAULT_CHANNELS,
            thresholds: Thresholds = Thresholds(), seed: int = 1, max_bucket: int = 50,
            corpus: str | Path | Iterable[Document] | Corpus | None = None,
            vocabulary: Vocabulary | None = None) -> Comparison:
    """Two articles (Documents or paths of article files) through the scan's stages: the verdict a scan
    of a folder holding only them gives, its evidence, and their sentence alignment.

    The alignment is the scan's when the scan aligns the pair; otherwise the whole texts are aligned,
    for the view (it then has no say in the verdict, as in the scan). ``corpus`` (a path, a Corpus or
    Documents): the answer a scan of it (the two added where it lacks them) gives the pair, its common words
    (``vocabulary``'s, when given) and the spread of a shared stretch counted among its articles
    (:func:`dedup.one_answer.compare_among`).
    """
    for given in (a, b):
        if not isinstance(given, (Document, str, os.PathLike)):
            raise TypeError(f"compare() takes Documents or paths of article files, not {type(given).__name__}")
    _check_options(channels, thresholds, max_bucket)
    seed = check_seed(seed)
    da = a if isinstance(a, Document) else read_article(a)
    db = b if isinstance(b, Document) else read_article(b)
    for doc in (da, db):
        if not isinstance(doc.text, str) or not doc.text.strip():
            raise InputError(f"article {doc.id!r} is empty: nothing to compare")
    if da.id == db.id:
        db = replace(db, id=f"{db.id} (2)")
    if corpus is not None or vocabulary is not None:
        from dedup.one_answer import compare_among

        if vocabulary is not None and not isinstance(vocabulary, Vocabulary):
            raise TypeError(f"vocabulary must be a Vocabulary, not {type(vocabulary).__name__}")
        among = (da, db) if corpus is None else _as_corpus(corpus).documents
        return compare_among(da, db, among, channels=channels, thresholds=thresholds, seed=seed,
                             max_bucket=max_bucket, vocabulary=vocabulary)
    docs = (da, db)
    vocab = corpus_vocabulary([d.text for d in docs])
    tables, bounds, copies = _sign(docs, channels, vocab, seed=seed, batch_size=2, progress=None, workers=1)
    candidates = find_candidates(tables, max_bucket=max_bucket, text_keys=copies)
    found = bool(len(candidates.pairs))
    if not found:  # a scan never pairs them; their evidence is still measured, for the view
        candidates = CandidateSet(np.array([[0, 1]], dtype=np.int64), {c.name: np.zeros(1, bool) for c in channels}, {})
    (verified,) = verify(docs, candidates, vocab, thresholds, bounds=bounds, workers=1, explain_all=True)
    names = channels_of(candidates, 0)
    alignment = verified.alignment or align_pair(da, db)
    if not found:
        return Comparison(da, db, None, verified.evidence, names, alignment)
    return Comparison(da, db, verified.verdict, verified.evidence, names, alignment, verified.confidence, verified.why)
