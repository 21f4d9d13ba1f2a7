"""``scan()``: one corpus through every stage, from reading to clusters.

read -> normalise -> shingle -> sign -> band -> candidate pairs -> exact scores -> sentence alignment
-> verdicts -> direction -> clusters. Each stage is a plain function of its inputs; this module only
wires them together, in batches so that memory stays bounded by the batch, not the corpus, until the
verification stage.
"""

from __future__ import annotations

import logging
import os
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np

from dedup.candidates import (
    DEFAULT_CHANNELS,
    CandidateSet,
    ChannelSpec,
    UnitTable,
    Vocabulary,
    boilerplate_tokens,
    channel_units,
    find_candidates,
    learn_vocabulary,
    sign_units,
)
from dedup.clusters import Cluster, Edge, build_clusters
from dedup.documents import Corpus, Document, Skipped, read_corpus
from dedup.errors import InputError, SettingsError
from dedup.normalize import content_bounds
from dedup.shingles import tokenize_batch
from dedup.verify import (
    Evidence,
    SharedPassage,
    Stretches,
    Thresholds,
    copied_passages,
    decide_verdict,
    features,
    link_facts,
    score_pair,
    with_spread,
)

log = logging.getLogger(__name__)

__all__ = ["Pair", "ScanResult", "scan", "compare", "worth_aligning", "alignment_regions", "fit_aligner",
           "score_candidates", "SCHEMA_VERSION"]

SCHEMA_VERSION = 1
#: Documents read to learn what is too common to count (every k-th document, in corpus order).
VOCABULARY_SAMPLE = 5000
#: Progress callback: (stage name, done, total).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Pair:
    """A reported pair: the two articles (``a`` < ``b`` by id), the verdict and its evidence."""

    a: str
    b: str
    verdict: str
    evidence: Evidence
    channels: tuple[str, ...]
    alignment: Any = None  # dedup.align.Alignment when alignment ran
    source: str | None = None
    derived: str | None = None
    direction_reason: str = ""

    @property
    def jaccard(self) -> float:
        return self.evidence.jaccard

    @property
    def containment(self) -> float:
        """The larger containment: the share of one text's 5-grams found in the other."""
        return max(self.evidence.a_in_b, self.evidence.b_in_a)

    @property
    def passages(self) -> tuple[SharedPassage, ...]:
        return self.evidence.passages

    def to_dict(self, *, with_alignment: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "a": self.a,
            "b": self.b,
            "verdict": self.verdict,
            "source": self.source,
            "derived": self.derived,
            "direction_reason": self.direction_reason,
            "channels": list(self.channels),
            "scores": self.evidence.to_dict(),
            "passages": [p.to_dict() for p in self.evidence.passages],
        }
        if with_alignment and self.alignment is not None:
            alignment = self.alignment.to_dict()
            # The scan lists every document once, at the top; here only which one the spans read as
            # source (first) and as derived (second), which matters when the direction is unknown.
            alignment["documents"] = [{"id": d["id"]} for d in alignment["documents"]]
            out["alignment"] = alignment
        return out


@dataclass(frozen=True)
class ScanResult:
    """Everything a scan found; ``to_dict()`` is the ``--json`` output."""

    documents: tuple[Document, ...]
    pairs: tuple[Pair, ...]
    clusters: tuple[Cluster, ...]
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[str, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)

    def document(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)

    def to_dict(self, *, with_text: bool = True) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "settings": self.settings,
            "stats": self.stats,
            "documents": [d.to_dict(with_text=with_text) for d in self.documents],
            "pairs": [p.to_dict() for p in self.pairs],
            "clusters": [c.to_dict() for c in self.clusters],
            "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
            "warnings": list(self.warnings),
        }


def scan(
    source: str | Path | Iterable[Document] | Corpus,
    *,
    channels: Sequence[ChannelSpec] = DEFAULT_CHANNELS,
    thresholds: Thresholds = Thresholds(),
    seed: int = 1,
    max_bucket: int = 50,
    align: bool = True,
    batch_size: int = 2000,
    progress: Progress | None = None,
) -> ScanResult:
    """Find copies, partial reuse and rewrites among the articles of ``source``.

    ``source`` is a path (folder, file, ``"-"`` for JSONL on stdin), a :class:`Corpus`, or Documents.

    >>> docs = [Document("a", "The central bank raised its key interest rate by a quarter point on "
    ...          "Tuesday, its first increase in seven years, citing persistent inflation in services."),
    ...         Document("b", "Weather: sunny spells and light winds are expected across the north "
    ...          "of the country tomorrow, with showers moving in from the west by the evening.")]
    >>> scan(docs).pairs
    ()
    """
    if batch_size < 1:
        raise SettingsError("batch_size must be at least 1")
    corpus = _as_corpus(source)
    docs = corpus.documents
    timings: dict[str, float] = {}
    started = time.perf_counter()
    tables, vocab, bounds = _index(docs, channels, seed=seed, batch_size=batch_size, progress=progress)
    timings["index"] = time.perf_counter() - started
    mark = time.perf_counter()
    candidates = find_candidates(tables, max_bucket=max_bucket)
    timings["candidates"] = time.perf_counter() - mark
    mark = time.perf_counter()
    pairs = _verify(docs, candidates, vocab, bounds, thresholds, align=align, progress=progress)
    timings["verify"] = time.perf_counter() - mark
    by_channel = {k: int(v.sum()) for k, v in candidates.channels.items()}
    settings = scan_settings(channels=channels, thresholds=thresholds, seed=seed, max_bucket=max_bucket, align=align)
    return finish_scan(corpus, pairs, candidates=len(candidates.pairs), by_channel=by_channel, timings=timings,
                       started=started, settings=settings)


def scan_settings(*, channels: Sequence[ChannelSpec], thresholds: Thresholds, seed: int, max_bucket: int,
                  align: bool) -> dict[str, Any]:
    """The ``settings`` block of a result (what an engine ran with, never which engine)."""
    return {
        "seed": seed,
        "max_bucket": max_bucket,
        "align": align,
        "channels": [vars(c) | {"bands": c.banding.bands, "rows": c.banding.rows} for c in channels],
        "thresholds": vars(thresholds),
    }


def finish_scan(corpus: Corpus, pairs: Iterable[Pair], *, candidates: int, by_channel: dict[str, int],
                timings: dict[str, float], started: float, settings: dict[str, Any]) -> ScanResult:
    """Order the verified pairs, cluster them, and count: the last stage, shared by every engine."""
    ordered = sorted(pairs, key=pair_order)
    clusters = build_clusters(Edge(p.a, p.b, p.verdict, p.evidence.jaccard + p.evidence.content_jaccard) for p in ordered)
    timings["total"] = time.perf_counter() - started
    stats = {
        "documents": len(corpus.documents),
        "candidates": int(candidates),
        "candidates_by_channel": by_channel,
        "pairs_by_verdict": {v: sum(p.verdict == v for p in ordered) for v in ("duplicate", "partial", "rewrite")},
        "seconds": {k: round(v, 3) for k, v in timings.items()},
    }
    return ScanResult(corpus.documents, tuple(ordered), tuple(clusters), corpus.skipped, corpus.warnings, settings, stats)


def pair_order(pair: Pair) -> tuple[int, str, str]:
    """Report order: duplicates, then partial reuse, then rewrites; by ids within each."""
    return ("duplicate", "partial", "rewrite").index(pair.verdict), pair.a, pair.b


def vocabulary_step(n_docs: int) -> int:
    """Every k-th document (in corpus order) is read to learn the vocabulary: this k."""
    return max(1, -(-n_docs // VOCABULARY_SAMPLE))


def _as_corpus(source: str | Path | Iterable[Document] | Corpus) -> Corpus:
    if isinstance(source, Corpus):
        return source
    if isinstance(source, (str, Path)):
        return read_corpus(source)
    docs = tuple(source)
    seen: set[str] = set()
    for doc in docs:
        if doc.id in seen:
            from dedup.errors import DuplicateIdError

            raise DuplicateIdError(f"duplicate article id {doc.id!r}: ids must be unique")
        seen.add(doc.id)
    return Corpus(docs)


def _index(docs, channels, *, seed, batch_size, progress, workers=None):  # type: ignore[no-untyped-def]
    """Sign every document in batches (on ``workers`` threads: numpy releases the GIL in its loops);
    keep only band keys and unit spans. Batches are collected in order, so the result is the same
    whatever the number of threads."""
    bounds = np.array([content_bounds(d.text) for d in docs], dtype=np.int64).reshape(-1, 2)
    sample = docs[:: vocabulary_step(len(docs))] if docs else ()
    vocab = (
        learn_vocabulary(tokenize_batch([d.text for d in sample]), corpus_size=len(docs))
        if sample
        else Vocabulary.empty()
    )
    tables = {spec.name: UnitTable(spec) for spec in channels}

    def sign(lo: int):  # type: ignore[no-untyped-def]
        texts = [d.text for d in docs[lo : lo + batch_size]]
        return sign_batch(texts, bounds[lo : lo + batch_size], channels, vocab=vocab, seed=seed, offset=lo)

    starts = range(0, len(docs), batch_size)
    with ThreadPoolExecutor(max_workers=workers or min(4, os.cpu_count() or 1)) as pool:
        for done, result in enumerate(pool.map(sign, starts), start=1):
            for name, *arrays in result:
                tables[name].add(*arrays)
            if progress:
                progress("sign", min(done * batch_size, len(docs)), len(docs))
    return tables, vocab, bounds


def sign_batch(texts: Sequence[str], bounds: np.ndarray, channels: Sequence[ChannelSpec], *, vocab: Vocabulary,
               seed: int, offset: int = 0) -> list[tuple[str, np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """``(channel, unit_doc + offset, start, end, band_keys)`` of the indexed units of a batch of texts."""
    batch = tokenize_batch(texts)
    boilerplate = boilerplate_tokens(batch, vocab)
    out = []
    for spec in channels:
        shingles, unit, unit_doc, start, end = channel_units(
            batch, spec, vocab=vocab, content_bounds=bounds, boilerplate=boilerplate
        )
        indexed, keys = sign_units(shingles, unit, len(unit_doc), spec, seed=seed)
        out.append((spec.name, unit_doc[indexed] + offset, start[indexed], end[indexed], keys))
    return out


def _verify(docs, candidates, vocab, bounds, thresholds, *, align, progress, workers=None):  # type: ignore[no-untyped-def]
    """Exact scores for every candidate, alignment where it decides or a pair is reported, the verdict
    (unordered: :func:`finish_scan` orders the pairs)."""
    involved = np.unique(candidates.pairs) if len(candidates.pairs) else np.zeros(0, dtype=np.int64)
    aligner = fit_aligner([docs[i] for i in involved.tolist()]) if align and len(involved) else None
    return verify_candidates(docs, candidates, vocab, thresholds, aligner=aligner, bounds=bounds,
                             progress=progress, workers=workers)


def score_candidates(docs: Sequence[Document] | Mapping[int, Document], candidates: CandidateSet,
                     vocab: Vocabulary, *, bounds: np.ndarray | None = None, workers: int | None = 1,
                     evidence: list[Evidence] | None = None) -> tuple[dict[int, Any], list[list[int]], list[Evidence]]:
    """Features of the documents involved, the candidate rows, and each row's exact evidence (scored
    here unless ``evidence`` was scored before)."""
    involved = np.unique(candidates.pairs) if len(candidates.pairs) else np.zeros(0, dtype=np.int64)
    batch = tokenize_batch([docs[i].text for i in involved.tolist()])
    boilerplate = boilerplate_tokens(batch, vocab)
    if bounds is None:
        spans = np.array([content_bounds(docs[i].text) for i in involved.tolist()], dtype=np.int64).reshape(-1, 2)
    else:
        spans = bounds[involved]
    feats = dict(zip(involved.tolist(), features(batch, spans, vocab=vocab, boilerplate=boilerplate)))
    rows = candidates.pairs.tolist()
    if evidence is None:
        evidence = _score_rows(docs, feats, candidates.passage_hits, rows, workers=workers)
    return feats, rows, evidence


def verify_candidates(docs: Sequence[Document] | Mapping[int, Document], candidates: CandidateSet,
                      vocab: Vocabulary, thresholds: Thresholds, *, aligner: Any = None,
                      bounds: np.ndarray | None = None, progress: Progress | None = None,
                      workers: int | None = 1, stretches: Stretches | None = None,
                      evidence: list[Evidence] | None = None) -> list[Pair]:
    """The reported pairs among ``candidates`` (unordered), whose indices point into ``docs``.

    ``aligner`` is fitted by the caller on the documents involved in the scan's candidates, so that
    verifying the candidates in pieces (one engine task each) gives the same verdicts as all at once;
    for the same reason a caller verifying in pieces passes the ``stretches`` of every piece
    (:func:`dedup.verify.close_stretches`) and may pass the ``evidence`` it scored to find them.
    Exact scores come first; then the pairs worth it are aligned (on ``workers`` processes).
    """
    feats, rows, evidence = score_candidates(docs, candidates, vocab, bounds=bounds, workers=workers,
                                             evidence=evidence)
    evidence = with_spread(rows, evidence, min_similarity=thresholds.spread_similarity, stretches=stretches)
    if progress:
        progress("verify", len(rows), len(rows))
    alignments: dict[int, Any] = {}
    if aligner is not None and rows:
        todo = [row for row, ev in enumerate(evidence) if worth_aligning(ev, thresholds)]
        regions = [alignment_regions(evidence[r], thresholds) for r in todo]
        alignments = _align_rows(aligner, docs, [(*rows[r], reg) for r, reg in zip(todo, regions)], todo,
                                 workers=workers, progress=progress)
    pairs: list[Pair] = []
    for row, ((i, j), ev) in enumerate(zip(rows, evidence)):
        alignment = alignments.get(row)
        facts = link_facts(feats[i], feats[j], alignment, docs[i].id)
        verdict = decide_verdict(ev, alignment, thresholds, facts_in_links=facts)
        if verdict is not None:
            names = tuple(sorted(k for k, mask in candidates.channels.items() if mask[row]))
            pairs.append(_pair(docs[i], docs[j], verdict, ev, names, alignment))
    return pairs


def worth_aligning(ev: Evidence, thresholds: Thresholds = Thresholds()) -> bool:
    """Alignment costs milliseconds a pair: align pairs with shared text (for the evidence shown),
    pairs whose rare vocabulary and facts are close enough for a rewrite (a rewrite needs agreeing facts
    anyway), and pairs with a closely similar passage that shares at least ``ALIGN_MIN_WORDING`` ordinary
    words (the aligner links no sentence on fewer); skip the rest (most passage-channel candidates)."""
    shared_text = ev.jaccard >= 0.1 or max(ev.a_in_b, ev.b_in_a) >= 0.2 or ev.copied_words > 0
    reworded = ev.content_jaccard >= 0.3 and ev.fact_agreement >= thresholds.facts
    island = ev.island(thresholds)
    passage = any((p.similarity >= 0.5 and p.wording >= ALIGN_MIN_WORDING) or p.reworded(thresholds, island=island)
                  for p in ev.passages)
    return shared_text or reworded or passage


Regions = tuple[tuple[tuple[int, int], tuple[int, int]], ...]


def alignment_regions(ev: Evidence, thresholds: Thresholds = Thresholds()) -> Regions:
    """Where the aligner should look: the located passages, when copied passages already make the pair
    ``partial`` and little else of the texts is shared (a few paragraphs inside two long articles);
    otherwise ``()``, every sentence compared with every other (copies, rewrites, and pairs the
    alignment decides)."""
    much_shared = ev.jaccard >= 0.1 or max(ev.a_in_b, ev.b_in_a) >= thresholds.partial
    if much_shared or not copied_passages(ev, thresholds):
        return ()
    return tuple((p.a, p.b) for p in ev.passages)


#: Candidate pairs from which exact scoring is worth spreading over worker processes.
PARALLEL_SCORING = 5000


def _score_rows(docs, feats, hits, rows, *, workers):  # type: ignore[no-untyped-def]
    """Exact evidence of every candidate row, in order; on forked worker processes for many rows
    (the features are shared with them by the fork, not copied per task)."""
    n_workers = workers or min(4, os.cpu_count() or 1)
    context = _fork_context()
    if context is None or n_workers < 2 or len(rows) < PARALLEL_SCORING:
        return _score_span(docs, feats, hits, rows, 0, len(rows))
    step = -(-len(rows) // (4 * n_workers))
    starts = range(0, len(rows), step)
    _SHARED.update(docs=docs, feats=feats, hits=hits, rows=rows)
    try:
        with ProcessPoolExecutor(max_workers=n_workers, mp_context=context) as pool:
            return [ev for part in pool.map(_score_chunk, starts, [step] * len(starts)) for ev in part]
    finally:
        _SHARED.clear()


def _score_chunk(lo: int, step: int) -> list[Evidence]:
    rows = _SHARED["rows"]
    return _score_span(_SHARED["docs"], _SHARED["feats"], _SHARED["hits"], rows, lo, min(lo + step, len(rows)))


def _score_span(docs, feats, hits, rows, lo: int, hi: int) -> list[Evidence]:  # type: ignore[no-untyped-def]
    return [
        score_pair(feats[i], feats[j], windows=hits.get(row, ()), len_a=len(docs[i].text), len_b=len(docs[j].text))
        for row, (i, j) in enumerate(rows[lo:hi], start=lo)
    ]


#: Shared ordinary words (names and figures aside) a similar passage needs to be worth aligning.
ALIGN_MIN_WORDING = 3
#: Documents the aligner's IDF is fitted on at most (an even sample of those in candidate pairs).
ALIGNER_SAMPLE = 3000
_SHARED: dict[str, Any] = {}


def _align_rows(aligner, docs, pairs, rows, *, workers, progress):  # type: ignore[no-untyped-def]
    """Alignments of ``pairs`` (document index pairs), keyed by candidate row.

    The pairs are split over worker processes (forked, so that the documents and the fitted aligner
    are shared, not copied per task). Alignment is pure Python on small matrices, so processes, not
    threads, give it both cores. Results come back in order.
    """
    n_workers = workers or min(4, os.cpu_count() or 1)
    chunks = [pairs[k : k + 64] for k in range(0, len(pairs), 64)]
    results: list[Any] = []
    context = _fork_context()
    _SHARED.update(docs=docs, aligner=aligner)
    try:
        if context is None or n_workers < 2 or len(pairs) < 200:
            for done, chunk in enumerate(chunks, start=1):
                results.extend(_align_chunk(chunk))
                if progress:
                    progress("align", min(done * 64, len(pairs)), len(pairs))
        else:
            with ProcessPoolExecutor(max_workers=n_workers, mp_context=context) as pool:
                for done, part in enumerate(pool.map(_align_chunk, chunks), start=1):
                    results.extend(part)
                    if progress:
                        progress("align", min(done * 64, len(pairs)), len(pairs))
    finally:
        _SHARED.clear()
    return dict(zip(rows, results))


def fit_aligner(docs: Sequence[Document]):  # type: ignore[no-untyped-def]
    """A sentence aligner fitted on (an even sample of at most ``ALIGNER_SAMPLE`` of) ``docs``."""
    from dedup.align import SentenceAligner

    sample = docs[:: max(1, -(-len(docs) // ALIGNER_SAMPLE))]
    return SentenceAligner().fit(d.text for d in sample)


def _align_chunk(chunk):  # type: ignore[no-untyped-def]
    docs, aligner = _SHARED["docs"], _SHARED["aligner"]
    return [aligner.align(docs[i], docs[j], regions=regions) for i, j, regions in chunk]


def _fork_context():  # type: ignore[no-untyped-def]
    import multiprocessing

    return multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


def _pair(da: Document, db: Document, verdict: str, ev: Evidence, channels, alignment) -> Pair:  # type: ignore[no-untyped-def]
    if da.id > db.id:
        da, db = db, da
        ev = ev.flipped()
    source = getattr(alignment, "source", None)
    derived = getattr(alignment, "derived", None)
    reason = getattr(alignment, "direction_reason", "") or ""
    return Pair(da.id, db.id, verdict, ev, channels, alignment, source, derived, reason)


def compare(a: Document | str | Path, b: Document | str | Path) -> Any:
    """Sentence alignment of two articles (Documents or paths of article files): a
    :class:`dedup.alignment.Alignment` with links, coverage, verdict and direction.

    The IDF is fitted on the two texts, as nothing else is known.
    """
    from dedup.align import SentenceAligner
    from dedup.documents import read_article

    da = a if isinstance(a, Document) else read_article(a)
    db = b if isinstance(b, Document) else read_article(b)
    for doc in (da, db):
        if not isinstance(doc.text, str) or not doc.text.strip():
            raise InputError(f"article {doc.id!r} is empty: nothing to compare")
    if da.id == db.id:
        db = Document(f"{db.id} (2)", db.text, db.title, db.outlet, db.published, db.url, db.meta, db.path)
    return SentenceAligner().fit([da.text, db.text]).align(da, db)
