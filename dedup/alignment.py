"""The result of aligning two articles: links between sentences, coverage, verdict, and its JSON form.

Kept apart from the aligner so that reports (terminal, JSON, HTML) can read results without importing
the scoring machinery.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dedup.documents import Document
from dedup.sentences import Sentence

__all__ = ["KINDS", "VERDICTS", "SCHEMA_VERSION", "Span", "Link", "Coverage", "Passage", "Alignment"]

SCHEMA_VERSION = 1
KINDS = ("verbatim", "edited", "paraphrase")
VERDICTS = ("wholly_derived", "partially_derived", "independent", "unrelated")
Span = tuple[int, int]


@dataclass(frozen=True)
class Link:
    """Derived sentence(s) taken from source sentence(s).

    One sentence on each side usually; two derived sentences for a source sentence split in two, two
    source sentences for two merged into one. Sentence indices refer to the splitter's output on each
    document (``Alignment.source_sentences`` / ``derived_sentences``); spans are character offsets.
    """

    source_sentences: tuple[int, ...]
    derived_sentences: tuple[int, ...]
    source_spans: tuple[Span, ...]
    derived_spans: tuple[Span, ...]
    score: float
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_spans": [list(s) for s in self.source_spans],
            "derived_spans": [list(s) for s in self.derived_spans],
            "score": round(self.score, 4),
            "kind": self.kind,
        }


@dataclass(frozen=True)
class Coverage:
    """Shares by characters of sentences: of the derived article (by kind) and of the source used."""

    derived_from_source: float
    source_used: float
    verbatim: float
    edited: float
    paraphrase: float
    new: float

    def to_dict(self) -> dict[str, float]:
        return {k: round(v, 4) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class Passage:
    """A contiguous stretch of the derived article and the source stretch it came from."""

    source_span: Span
    derived_span: Span


@dataclass(frozen=True)
class Alignment:
    """Sentence alignment of two articles.

    ``source``/``derived`` are ids when the direction is known, else ``None``; the roles of the spans
    are then those stated in ``direction_reason`` (the first document read as source).
    """

    source_document: Document
    derived_document: Document
    source: str | None
    derived: str | None
    direction_reason: str
    verdict: str
    coverage: Coverage
    links: tuple[Link, ...]
    new: tuple[Span, ...]
    unused: tuple[Span, ...]
    source_sentences: tuple[Sentence, ...]
    derived_sentences: tuple[Sentence, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``dedup compare --json`` (schema_version 1)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "documents": [_document_dict(d) for d in (self.source_document, self.derived_document)],
            "source": self.source,
            "derived": self.derived,
            "direction_reason": self.direction_reason,
            "verdict": self.verdict,
            "coverage": self.coverage.to_dict(),
            "links": [link.to_dict() for link in self.links],
            "new": [list(s) for s in self.new],
            "unused": [list(s) for s in self.unused],
        }

    def passages(self, *, max_gap: int = 2, max_source_gap: int = 8) -> list[Passage]:
        """Merge links that follow each other in both articles into passages.

        Runs of linked derived sentences (allowing ``max_gap`` unlinked sentences between them) whose
        source sentences stay within ``max_source_gap`` sentences of each other become one passage: a
        reused paragraph is reported once, not sentence by sentence.
        """
        runs: list[tuple[list[int], list[int]]] = []
        for link in sorted(self.links, key=lambda lk: (lk.derived_sentences, lk.source_sentences)):
            if runs and _continues(runs[-1], link, max_gap, max_source_gap):
                runs[-1][0].extend(link.derived_sentences)
                runs[-1][1].extend(link.source_sentences)
            else:
                runs.append((list(link.derived_sentences), list(link.source_sentences)))
        return [
            Passage(
                source_span=(self.source_sentences[min(s)].start, self.source_sentences[max(s)].end),
                derived_span=(self.derived_sentences[min(d)].start, self.derived_sentences[max(d)].end),
            )
            for d, s in runs
        ]


def _continues(run: tuple[list[int], list[int]], link: Link, max_gap: int, max_source_gap: int) -> bool:
    derived, source = run
    if link.derived_sentences[0] - max(derived) > max_gap + 1:
        return False
    lo, hi = min(source), max(source)
    return all(lo - max_source_gap <= i <= hi + max_source_gap for i in link.source_sentences)


def _document_dict(document: Document) -> dict[str, Any]:
    return {"id": document.id, "text": document.text, "outlet": document.outlet, "published": document.published}
