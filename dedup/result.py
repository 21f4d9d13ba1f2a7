"""The result schema: a reported ``Pair``, a ``ScanResult``, a ``Comparison``, and their JSON shape.

One shape for a pair wherever it comes from: a scan pair and ``dedup compare --json`` both give
``a``, ``b``, ``verdict``, direction, ``channels``, ``scores``, the exact shared ``passages`` and the
``alignment`` (with its located passages, :meth:`dedup.alignment.Alignment.to_dict`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Sequence

from dedup.alignment import Alignment
from dedup.channels import ChannelSpec
from dedup.clusters import Cluster, Edge, build_clusters
from dedup.confidence import Reason, why_dict
from dedup.decision import VERDICTS, Thresholds
from dedup.desk import WireDesk, wire_desk
from dedup.documents import Corpus, Document, Skipped
from dedup.spilled_documents import with_ids
from dedup.evidence import Evidence, SharedPassage
from dedup.language import language_of
from dedup.lineage import decide_direction, times_said

__all__ = ["SCHEMA_VERSION", "Pair", "ScanResult", "Comparison", "pair_order", "scan_settings", "finish_scan"]

#: 2: every pair carries ``confidence`` and ``why`` (the learned verdict), besides issue 18's fields;
#: settings carry ``min_confidence``. 3: every pair carries ``common_source`` (another agency's copy its texts
#: credit, so that publication order alone does not tell who took from whom: :func:`dedup.wirecopy.wire_copy`).
#: 4: ``common_source`` also names ``articles``, earlier ones reported with both (:func:`dedup.desk.earlier_common`),
#: its ``carried_by`` null when no text credits an agency; such a pair is no one's taking in ``timelines`` and
#: ``outlets``. 5: ``common_source.apart``, the later's sentences in the source's own words that those earlier
#: articles lack (:func:`dedup.desk.source_wording`). 6: ``credit.later_version``, the story whose later version the
#: derived article is, first sent before the source (:func:`dedup.desk.later_version`), a field the reports read.
SCHEMA_VERSION = 7


@dataclass(frozen=True)
class Pair:
    """A reported pair: the two articles (``a`` < ``b`` by id), the verdict and its evidence.

    ``confidence`` is the calibrated probability that one text was taken from the other; ``why`` the
    features that weighed most for and against it (:class:`dedup.confidence.Reason`)."""

    a: str
    b: str
    verdict: str
    evidence: Evidence
    channels: tuple[str, ...]
    alignment: Alignment | None = None  # when the pair was aligned
    source: str | None = None
    derived: str | None = None
    direction_reason: str = ""
    confidence: float = 0.0
    why: tuple[Reason, ...] = ()

    @classmethod
    def of(cls, da: Document, db: Document, verdict: str, ev: Evidence, channels: tuple[str, ...],
           alignment: Alignment | None, *, confidence: float = 0.0, why: tuple[Reason, ...] = ()) -> Pair:
        """The pair of ``da`` and ``db`` (evidence oriented ``da`` first), its ids put in order."""
        if da.id > db.id:
            da, db = db, da
            ev = ev.flipped()
        if alignment is None:  # judged without an alignment: the publication times alone tell the direction
            told = decide_direction(da, db)
            return cls(da.id, db.id, verdict, ev, channels, None, told.source_id, told.derived_id,
                       told.reason if told.known else f"unknown: {times_said(da, db)}, and the pair was not aligned",
                       confidence, why)
        return cls(da.id, db.id, verdict, ev, channels, alignment, alignment.source, alignment.derived,
                   alignment.direction_reason, confidence, why)

    @property
    def jaccard(self) -> float:
        """Word 5-gram Jaccard similarity of the two texts (the ``J5`` column)."""
        return self.evidence.jaccard

    @property
    def containment(self) -> float:
        """The larger containment: the share of one text's 5-grams found in the other."""
        return max(self.evidence.a_in_b, self.evidence.b_in_a)

    @property
    def passages(self) -> tuple[SharedPassage, ...]:
        """The passages found in both texts (spans in ``a`` and ``b``)."""
        return self.evidence.passages

    def to_dict(self, *, with_alignment: bool = True, with_documents: bool = False) -> dict[str, Any]:
        """The pair's JSON shape. The scan lists every document once, at the top, so a pair's alignment
        names its documents by id only, unless ``with_documents`` (``compare``: the pair is all there is)."""
        out = _pair_dict(self.a, self.b, self.verdict, self.evidence, self.channels,
                         self.alignment if with_alignment else None, with_documents=with_documents,
                         confidence=self.confidence, why=self.why)
        return out | {"source": self.source, "derived": self.derived, "direction_reason": self.direction_reason}


def _pair_dict(a: str, b: str, verdict: str | None, ev: Evidence, channels: tuple[str, ...],
               alignment: Alignment | None, *, with_documents: bool, confidence: float,
               why: tuple[Reason, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "a": a,
        "b": b,
        "verdict": verdict,
        "confidence": round(confidence, 4),
        "why": why_dict(why),
        "source": alignment.source if alignment is not None else None,
        "derived": alignment.derived if alignment is not None else None,
        "direction_reason": alignment.direction_reason if alignment is not None else "",
        "channels": list(channels),
        "scores": ev.to_dict(),
        "passages": [p.to_dict() for p in ev.passages],
    }
    if alignment is not None:
        aligned = alignment.to_dict()
        if not with_documents:
            # which document the spans read as source (first) and as derived (second) matters when the
            # direction is unknown
            aligned["documents"] = [{"id": d["id"]} for d in aligned["documents"]]
        out["alignment"] = aligned
    return out


def pair_order(pair: Pair) -> tuple[int, str, str]:
    """Report order: duplicates, then partial reuse, then rewrites; by ids within each."""
    return VERDICTS.index(pair.verdict), pair.a, pair.b


@dataclass(frozen=True)
class ScanResult:
    """Everything a scan found; ``to_dict()`` is the ``--json`` output."""

    documents: Sequence[Document]  # a tuple, or Documents whose texts wait in a file (a large scan)
    pairs: tuple[Pair, ...]
    clusters: tuple[Cluster, ...]
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[str, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)
    desk: WireDesk | None = None  # credit, changed facts, story versions, timelines (dedup.desk)

    def document(self, doc_id: str) -> Document:
        """The article with this id (``KeyError`` when there is none)."""
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)

    def _documents(self, with_text: bool) -> Iterator[dict[str, Any]]:
        """Document entries; the language of an article in a reported pair is detected when the input
        gave none (detecting every article would cost a large scan more than its index stage)."""
        paired = {doc_id for p in self.pairs for doc_id in (p.a, p.b)}
        for d in self.documents:
            entry = d.to_dict(with_text=with_text)
            if d.language is None and d.id in paired:
                entry["language"] = language_of(d)
            yield entry

    def _pairs(self) -> Iterator[dict[str, Any]]:
        return (p.to_dict() | (self.desk.pair_dict(p.a, p.b) if self.desk else {}) for p in self.pairs)

    def to_dict(self, *, with_text: bool = True, stream: bool = False) -> dict[str, Any]:
        """The ``--json`` output; ``stream``: documents and pairs as iterators, made as they are written
        (:func:`dedup.report.jsonout.write_json`), so a large result is never held twice."""
        lazy: Callable[[Iterator[Any]], Any] = (lambda items: items) if stream else list
        return {
            "schema_version": SCHEMA_VERSION,
            "settings": self.settings,
            "stats": self.stats,
            "documents": lazy(self._documents(with_text)),
            "pairs": lazy(self._pairs()),
            "clusters": [c.to_dict() for c in self.clusters],
            # a row counting a file's lines or items skipped past those named (dedup.skips) says how many
            "skipped": [{"path": s.path, "reason": s.reason, **({"count": s.counted} if s.counted else {})}
                        for s in self.skipped],
            "warnings": list(self.warnings),
            **(self.desk.to_dict() if self.desk else {}),
        }


def scan_settings(*, channels: Sequence[ChannelSpec], thresholds: Thresholds, seed: int, max_bucket: int,
                  align: bool) -> dict[str, Any]:
    """The ``settings`` block of a result (what an engine ran with, never which engine)."""
    return {
        "seed": seed,
        "max_bucket": max_bucket,
        "align": align,
        "channels": [vars(c) | {"bands": c.banding.bands, "rows": c.banding.rows} for c in channels],
        "min_confidence": thresholds.bar(align),
    }


def finish_scan(corpus: Corpus, pairs: Iterable[Pair], *, candidates: int, by_channel: dict[str, int],
                timings: dict[str, float], started: float, settings: dict[str, Any],
                workers: int | None = 1) -> ScanResult:
    """Order the verified pairs, cluster them, and count: the last stage, shared by every engine
    (``workers``: processes for the wire desk's fact diffs, :func:`dedup.desk.wire_desk`)."""
    ordered = sorted(pairs, key=pair_order)
    clusters = build_clusters(Edge(p.a, p.b, p.verdict, p.evidence.jaccard + p.evidence.content_jaccard) for p in ordered)
    mark = time.perf_counter()
    paired = {doc_id for p in ordered for doc_id in (p.a, p.b)}
    # credit, changed facts, versions, timelines: of the paired articles alone (their texts read back when
    # the corpus keeps its texts in a file)
    desk = wire_desk(with_ids(corpus.documents, paired), ordered, clusters, workers=workers)
    timings["desk"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - started
    stats = {
        "documents": len(corpus.documents),
        "candidates": int(candidates),
        "candidates_by_channel": by_channel,
        "pairs_by_verdict": {v: sum(p.verdict == v for p in ordered) for v in VERDICTS},
        "seconds": {k: round(v, 3) for k, v in timings.items()},
    }
    return ScanResult(corpus.documents, tuple(ordered), tuple(clusters), corpus.skipped, corpus.warnings, settings, stats,
                      desk)


@dataclass(frozen=True)
class Comparison:
    """Two articles compared (:func:`dedup.compare`): the verdict a scan of the two alone gives
    (``duplicate``, ``partial``, ``rewrite``; None when it reports no pair), the exact evidence
    (``a`` first), the channels that made them a scan's candidates (none: a scan never compares them),
    the sentence alignment (the scan's when it aligned the pair, else of the whole texts, for the view),
    and the model's confidence and reasons, reported or not (0 and none when not even candidates)."""

    a: Document
    b: Document
    verdict: str | None
    evidence: Evidence
    channels: tuple[str, ...]
    alignment: Alignment
    confidence: float = 0.0
    why: tuple[Reason, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The pair JSON shape of a scan (``a``/``b`` as given), the documents in the alignment."""
        return {"schema_version": SCHEMA_VERSION} | _pair_dict(
            self.a.id, self.b.id, self.verdict, self.evidence, self.channels, self.alignment, with_documents=True,
            confidence=self.confidence, why=self.why)
