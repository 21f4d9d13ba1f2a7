"""The verification stage: from candidate pairs to verdicts, the one path every entry point takes.

exact scores (:mod:`dedup.evidence`) -> spread of shared stretches -> what and where to align
(:func:`dedup.decision.what_to_align`) -> sentence alignment (:func:`align_pair`) -> the decision
(:func:`dedup.decision.decide`: a calibrated confidence, the kind of reuse and its reasons). The local
scan, the Dask engine's tasks, the persistent index (check, add, stream, serve) and ``compare`` all call
:func:`verify`; none of them re-implements a step. Its parts: :mod:`dedup.lanes` (the rows in lanes of
chunks, one lane a worker, an article's rows together) and :mod:`dedup.reachable` (which rows may still
be reported, before they are aligned or their spread is counted).

IDF policy: the aligner's IDF is fitted per pair, on the sentences of that pair's two articles only
(:func:`align_pair`). The alignment of (A, B) then depends on A and B alone, so a scan, the index and
``compare`` align a pair identically whatever else they hold. Corpus-level knowledge enters only
through the common-word vocabulary and the spread of shared stretches, both passed in.
"""

from __future__ import annotations

import logging
import time
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from dedup.alignment import Alignment
from dedup.candidate_sets import PassageHits
from dedup.candidates import CandidateSet
from dedup.vocabulary import Vocabulary, boilerplate_tokens
from dedup.confidence import Reason
from dedup.features import FEATURES, LINKS_REFILLED, links_refilled, pair_features, text_memo, with_alignment
from dedup.decision import BARS, Regions, Thresholds, link_facts, refuse_chance_order, verdict_model, what_to_align
from dedup.documents import Document
from dedup.evidence import Copies, Evidence, Stretches, score_pair, with_spread
from dedup.exact_sets import Features, features
from dedup.lanes import decision_lanes
from dedup.normalize import content_bounds
from dedup.language import language_of
from dedup.parallel import default_workers, parallel_lanes, parallel_map
from dedup.reachable import ceiling_reaches, may_be_reported
from dedup.result import Pair
from dedup.shingles import tokenize_batch

log = logging.getLogger(__name__)
__all__ = ["Verified", "verify", "reported_pairs", "channels_of", "score_candidates", "align_pair", "caching_aligner",
           "align_pairs", "document_features", "PARALLEL_SCORING", "PARALLEL_ALIGNING", "may_be_reported", "row_windows"]

#: Candidate pairs from which exact scoring is worth spreading over worker processes (a fork costs a few
#: ms, a thousand pairs a few hundred: an index's batch of 1,000 Reuters stories has 1,000-1,700, and
#: scored on workers the batch loads 5% faster, benchmarks/RESULTS.md).
PARALLEL_SCORING = 1000
#: Pairs to align from which alignment is worth spreading over worker processes.
PARALLEL_ALIGNING = 200
#: Pairs aligned per task sent to a worker, at most.
CHUNK = 64
#: What deciding a row worth aligning costs, in rows decided without an alignment (a profile of a
#: Reuters-21578 scan: 9,648 rows aligned, 23,331 judged; the lanes of the workers are cut by it).
ALIGN_COST = 8
#: Articles whose sentence tables a worker keeps for later pairs (candidate rows come grouped by article).
ALIGN_CACHE = 1024

Documents = Sequence[Document] | Mapping[int, Document]
#: Progress callback: (stage name, done, total).
Progress = Callable[[str, int, int], None]
#: A row's decision: ``(verdict, alignment, confidence, why)``.
Decided = tuple[str | None, Alignment | None, float, tuple[Reason, ...]]


@dataclass(frozen=True)
class Verified:
    """A verified candidate: its row in the candidate set, the verdict (None: not reported), the evidence
    (oriented as the row: ``a`` is the row's first document), the alignment when one was made, and the
    model's confidence (reported or not) and, for a reported pair, its reasons
    (:class:`dedup.confidence.Judgement`; an unreported one's are not computed: ``()``)."""

    row: int
    verdict: str | None
    evidence: Evidence
    alignment: Alignment | None
    confidence: float = 0.0
    why: tuple[Reason, ...] = ()


def align_pair(a: Document, b: Document, regions: Regions = ()) -> Alignment:
    """The sentence alignment of ``a`` and ``b`` (limited to ``regions`` when given), the IDF fitted on the
    two articles' sentences only: the one way every entry point aligns a pair."""
    from dedup.align import SentenceAligner

    return SentenceAligner().align(a, b, regions=regions)


def align_pairs(pairs: Sequence[tuple[Document, Document, Regions]], *, aligner: Any = None) -> list[Alignment]:
    """:func:`align_pair` of each ``(a, b, regions)``, in order, computed in batches: each article is split
    and hashed once however many pairs it is in, and the sentence scores of many pairs come from one
    sparse product (:meth:`dedup.align.SentenceAligner.align_many`; the same alignments, a few times
    faster). ``aligner``: an unfitted ``SentenceAligner`` to reuse, whose cache keeps prepared articles
    between calls."""
    from dedup.align import SentenceAligner

    return (aligner or SentenceAligner()).align_many(pairs)


def caching_aligner(size: int = ALIGN_CACHE) -> Any:
    """An aligner for :func:`align_pairs` and :func:`verify` that keeps ``size`` prepared articles (their
    sentence tables) between calls: an index passes one to every check, as wire copy keeps matching the
    same stored articles."""
    from dedup.align import SentenceAligner

    return SentenceAligner(cache_size=size)


def document_features(docs: Documents, numbers: Sequence[int], vocab: Vocabulary, *,
                      bounds: np.ndarray | None = None) -> dict[int, Features]:
    """Features of the documents ``numbers`` (``bounds``: their article-proper spans, in that order,
    when already known), tokenised in one batch."""
    batch = tokenize_batch([docs[i].text for i in numbers])
    if bounds is None:
        bounds = np.array([content_bounds(docs[i].text) for i in numbers], dtype=np.int64).reshape(-1, 2)
    found = features(batch, bounds, vocab=vocab, boilerplate=boilerplate_tokens(batch, vocab))
    return dict(zip(numbers, found))


def score_candidates(docs: Documents, candidates: CandidateSet, vocab: Vocabulary, thresholds: Thresholds, *,
                     bounds: np.ndarray | None = None, workers: int | None = 1,
                     evidence: list[Evidence] | None = None,
                     known: Mapping[int, Features] | None = None) -> tuple[dict[int, Features], list[list[int]], list[Evidence]]:
    """Features of the documents involved, the candidate rows, and each row's exact evidence (scored
    here unless ``evidence`` was scored before). ``bounds`` holds every document's article-proper span
    by document number, when known; ``known``: features computed before (by document number), reused."""
    involved = np.unique(candidates.pairs).tolist() if len(candidates.pairs) else []
    known = known or {}
    missing = [i for i in involved if i not in known]
    feats = {i: known[i] for i in involved if i in known}
    if missing:
        feats |= document_features(docs, missing, vocab, bounds=None if bounds is None else bounds[missing])
    rows = candidates.pairs.tolist()
    if evidence is None:
        def score(chunk: tuple[int, int]) -> list[Evidence]:
            return [
                score_pair(feats[i], feats[j], windows=row_windows(candidates.passage_hits, row),
                           len_a=len(docs[i].text), len_b=len(docs[j].text),
                           min_verbatim=BARS.verbatim, min_facts=BARS.facts)
                for row, (i, j) in enumerate(rows[chunk[0] : chunk[1]], start=chunk[0])
            ]

        n_workers = (workers or default_workers()) if len(rows) >= PARALLEL_SCORING else 1
        step = max(1, -(-len(rows) // (4 * n_workers)))
        chunks = [(lo, min(lo + step, len(rows))) for lo in range(0, len(rows), step)]
        evidence = [ev for part in parallel_map(score, chunks, workers=n_workers) for ev in part]
    return feats, rows, evidence


def row_windows(hits: Mapping[int, Any], row: int) -> Any:
    """A candidate row's colliding passage windows: the rows of the array the hits are held in
    (:meth:`dedup.candidate_sets.PassageHits.windows`), else what the mapping holds for it. The same windows
    in the same order either way, without the tuples :meth:`PassageHits.__getitem__` builds for a reader."""
    return hits.windows(row) if isinstance(hits, PassageHits) else hits.get(row, ())


def verify(docs: Documents, candidates: CandidateSet, vocab: Vocabulary, thresholds: Thresholds, *,
           align: bool = True, bounds: np.ndarray | None = None, stretches: Stretches | None = None,
           evidence: list[Evidence] | None = None, known: Mapping[int, Features] | None = None,
           aligner: Any = None, workers: int | None = 1, progress: Progress | None = None,
           spread: bool = True, reported_only: bool = False, explain_all: bool = False,
           memo: bool = True, copies: Copies | None = None,
           before_spread: Sequence[tuple[Evidence, np.ndarray]] | None = None) -> list[Verified]:
    """Every row of ``candidates`` (whose numbers point into ``docs``) verified, in row order; the reported
    ones have a verdict.

    ``stretches``: every closely shared stretch known (:func:`dedup.evidence.close_stretches` of every
    part of a scan, or of an index's stored articles plus the new one's pairs); without, they are
    counted among ``candidates``. ``copies``: documents whose text is another's (:func:`dedup.evidence.text_copies`),
    counted once with it in the spread (``stretches``, when given, recorded with the same). ``evidence``: the rows' exact evidence when scored before; ``known``:
    documents' features computed before. ``aligner``: an unfitted ``SentenceAligner`` whose cache of
    prepared articles outlives the call (an index keeps one for the stored articles matched often).
    ``spread=False``: ``evidence`` counts its spread already (an index adding a batch counts it article
    by article, as each was added).
    ``reported_only``: only the reported rows are read (an index answers with them and stores them): a
    row whose confidence cannot reach the bar whatever its alignment (:meth:`VerdictModel.ceiling`) is
    not aligned; it is unreported as it would be aligned, but its confidence is the one judged without
    an alignment; and an unreported row carries no alignment.
    ``explain_all``: every row gets its reasons (``why``), not only the reported ones (``compare`` says
    why a pair is not reported, too).
    ``memo=False``: what the decision reads of each text itself (figures, form sentences, quotations)
    comes from the bounded caches that outlive the call (the last 4,096 texts), not from a memo of this
    call's texts: an index verifies a few pairs a call and meets the same stored forms call after call.
    The same answers either way.
    ``before_spread``: each row's evidence before its spread was counted, with its features without an
    alignment read from it (:func:`dedup.reachable.hopes_before_spread`: an index reads them to drop the rows
    that cannot be reported); a row whose spread changed nothing of its evidence keeps those features,
    not read again (a form's look-alikes: most of their passages are found nowhere else among them).
    """
    with text_memo() if memo else nullcontext():  # each text read once, whatever pairs it is in
        started = time.perf_counter()
        feats, rows, evidence = score_candidates(docs, candidates, vocab, thresholds, bounds=bounds, workers=workers,
                                                 evidence=evidence, known=known)
        if spread:
            evidence = with_spread(rows, evidence, min_similarity=thresholds.spread_similarity, stretches=stretches,
                                   copies=copies)
        log.info("scored %d candidate pairs exactly in %.2f s", len(rows), time.perf_counter() - started)
        if progress:
            progress("verify", len(rows), len(rows))
        mark = time.perf_counter()
        todo = [(row, regions) for row, ev in enumerate(evidence) if (regions := what_to_align(ev)) is not None] \
            if align else []
        out, hopeless = _decide_all(docs, rows, evidence, feats, todo, bar=thresholds.bar(align), align=align,
                                    aligner=aligner, workers=workers, progress=progress,
                                    reported_only=reported_only, explain_all=explain_all, before_spread=before_spread)
        log.info("aligned and decided %d pairs in %.2f s: %d worth aligning, %d of them left unaligned (they "
                 "cannot be reported)", len(out), time.perf_counter() - mark, len(todo), hopeless)
        log.info("decided: %d of %d pairs reported", sum(v.verdict is not None for v in out), len(out))
        return out


def _decide_all(docs: Documents, rows: list[list[int]], evidence: list[Evidence], feats: Mapping[int, Features],
                todo: list[tuple[int, Regions]], *, bar: float, align: bool, aligner: Any, workers: int | None,
                progress: Progress | None, reported_only: bool, explain_all: bool,
                before_spread: Sequence[tuple[Evidence, np.ndarray]] | None = None) -> tuple[list[Verified], int]:
    """Every row verified, in row order (:func:`verify`'s answer, its evidence scored and spread), and how
    many of the rows ``todo`` (those worth aligning, with where) were left unaligned as hopeless."""
    todo_rows = [row for row, _ in todo]
    lanes, n_workers = decision_lanes(rows, todo_rows, workers, least=PARALLEL_ALIGNING, chunk=CHUNK, cost=ALIGN_COST)
    if n_workers > 1:
        # the languages of the articles, detected once here: forked workers inherit the answers (and
        # the detector's model, loaded at most once) instead of each loading it again
        for i in {i for row in todo_rows for i in rows[row]}:
            language_of(docs[i])
    # one aligner per call unless one is given (each forked worker gets its own copy): its cache keeps
    # the articles already prepared for earlier chunks, ALIGN_CACHE of them (about 150 kB each)
    aligner = aligner or caching_aligner()
    where = dict(todo)
    chunks = [chunk for lane in lanes for chunk in lane]

    def decide_chunk(chunk: list[int]) -> tuple[list[Decided], int]:
        mine = [(row, where[row]) for row in chunk if row in where]
        return _decide_rows(docs, rows, evidence, feats, chunk, mine, bar=bar, align=align, aligner=aligner,
                            reported_only=reported_only, explain_all=explain_all, before_spread=before_spread)

    def report(done: int, total: int) -> None:
        if progress and todo:  # chunks hold about as many rows worth aligning each
            progress("align", len(todo) * done // total, len(todo))

    # each chunk of rows decided on its own, on worker processes when it pays (a row's answer does not
    # depend on the rows beside it): which pairs cannot be reported whatever their alignment, the
    # alignment of the others worth aligning, the features and the model's judgement. A worker keeps
    # to its lane: the rows of an article mostly in one worker, one after another
    parts = [part for lane in parallel_lanes(decide_chunk, lanes, workers=n_workers, progress=report)
             for part in lane]
    decided = dict(zip((row for chunk in chunks for row in chunk), (one for part, _ in parts for one in part)))
    out = []
    for row, ev in enumerate(evidence):  # back in row order
        verdict, alignment, confidence, why = decided[row]
        out.append(Verified(row, verdict, ev, alignment, confidence, why))
    return out, sum(count for _, count in parts)


def _decide_rows(docs: Documents, rows: list[list[int]], evidence: list[Evidence], feats: Mapping[int, Features],
                 chunk: Sequence[int], todo: list[tuple[int, Regions]], *, bar: float, align: bool, aligner: Any,
                 reported_only: bool, explain_all: bool,
                 before_spread: Sequence[tuple[Evidence, np.ndarray]] | None = None) -> tuple[list[Decided], int]:
    """``(verdict, alignment, confidence, why)`` of the rows ``chunk``, in its order: the rows ``todo`` (those of
    the chunk worth aligning, with where) aligned, unless (``reported_only``) their confidence cannot reach
    ``bar`` whatever their alignment (:meth:`VerdictModel.ceiling`); then every row judged. And how many
    of ``todo`` were left unaligned so."""
    at = {row: k for k, row in enumerate(chunk)}
    # every row's features without an alignment, once: what an unaligned row is judged on, and what the
    # ceiling of a row worth aligning is reckoned from (a form's dozens of candidates: each read once)
    unaligned = np.array([_unaligned(docs, rows, evidence, feats, row, before_spread) for row in chunk],
                         dtype=np.float64).reshape(len(chunk), len(FEATURES))
    hopeless = {row for row, _ in todo
                if not ceiling_reaches(docs, rows[row], evidence[row], feats, bar, x=unaligned[at[row]])} \
        if reported_only else set()
    todo = [(row, regions) for row, regions in todo if row not in hopeless]
    alignments = dict(zip((row for row, _ in todo), align_pairs(
        [(docs[rows[row][0]], docs[rows[row][1]], regions) for row, regions in todo], aligner=aligner))) if todo else {}
    x, model = unaligned, verdict_model(align)
    unaligned_hopeless = len(hopeless)
    hopeless |= _with_alignments(x, at, alignments, docs, rows, feats, model=model, bar=bar,
                                 reported_only=reported_only)
    # judged all at once, reasons only for the reported pairs unless all are wanted
    judged = model.judge_many(x, explain_from=0.0 if explain_all else bar)
    out = []
    for row, j in zip(chunk, judged):
        if j.confidence >= bar and row not in hopeless:  # about to be reported: its evidence's order read
            i, k = rows[row]
            j = refuse_chance_order(j, evidence[row], alignments.get(row), (docs[i].text, docs[k].text), bar,
                                    language_of(docs[i]), language_of(docs[k]))
        verdict = j.kind if j.confidence >= bar and row not in hopeless else None
        # an unreported row's alignment is not read when only the reported ones are: not sent back from a
        # worker (it holds both texts and their sentences)
        alignment = alignments.get(row) if verdict is not None or not reported_only else None
        out.append((verdict, alignment, j.confidence, j.why if row not in hopeless else ()))
    return out, unaligned_hopeless


def _unaligned(docs: Documents, rows: list[list[int]], evidence: list[Evidence], feats: Mapping[int, Features],
               row: int, before_spread: Sequence[tuple[Evidence, np.ndarray]] | None) -> np.ndarray:
    """Row ``row``'s features without an alignment: those read before its spread was counted when its
    evidence is still what they were read from (the same inputs, the same vector), else read now."""
    if before_spread is not None:
        before, vector = before_spread[row]
        if before == evidence[row]:
            return vector
    i, j = rows[row]
    return pair_features(evidence[row], feats[i], feats[j], None, 0.0, (docs[i].text, docs[j].text))


def _with_alignments(x: np.ndarray, at: Mapping[int, int], alignments: Mapping[int, Alignment], docs: Documents,
                     rows: list[list[int]], feats: Mapping[int, Features], *, model: Any, bar: float,
                     reported_only: bool) -> set[int]:
    """The aligned rows' features with their ``alignments`` written into ``x`` (row ``r`` at ``at[r]``;
    decision.judge_many's, row by row): the texts' own features are those computed without it. The rows
    found hopeless so (``reported_only``: their refilled links cannot lift them to ``bar``)."""
    hopeless = set()
    for row, alignment in alignments.items():
        i, j = rows[row]
        aligned = with_alignment(x[at[row]], alignment, link_facts(feats[i], feats[j], alignment, docs[i].id),
                                 refilled=not reported_only)
        if reported_only:
            # the refilled links (as costly to read as the alignment) read only for a pair that may reach the
            # bar whatever they are: one that cannot is hopeless as one its ceiling turned down before
            # aligning, and keeps its vector without the alignment
            if model.bound_over(aligned, LINKS_REFILLED, 0.0, 1.0) < bar:
                hopeless.add(row)
                continue
            aligned[LINKS_REFILLED] = links_refilled(alignment)
        x[at[row]] = aligned
    return hopeless


def reported_pairs(docs: Documents, candidates: CandidateSet, verified: Sequence[Verified]) -> list[Pair]:
    """The reported pairs among ``verified`` (unordered), with the channels that proposed them."""
    rows = candidates.pairs.tolist()
    out = []
    for v in verified:
        if v.verdict is not None:
            i, j = rows[v.row]
            out.append(Pair.of(docs[i], docs[j], v.verdict, v.evidence, channels_of(candidates, v.row), v.alignment,
                               confidence=v.confidence, why=v.why))
    return out


def channels_of(candidates: CandidateSet, row: int) -> tuple[str, ...]:
    """The channels that proposed candidate ``row``, by name."""
    return tuple(sorted(name for name, mask in candidates.channels.items() if mask[row]))
