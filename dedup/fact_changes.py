"""A fact diff's answer: each fact that differs (:class:`Change`), the changes inside one link
(:class:`LinkChanges`), and their counts as the reports say them (:func:`summarize`, :func:`summary_text`).

What :mod:`dedup.factdiff` finds and what the desk, the JSON and the reports read: kept apart from how the facts
are matched (:mod:`dedup.fact_matching`, :mod:`dedup.quotation_diff`), which build these.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable

from dedup.facts import Span

__all__ = ["KINDS", "Change", "LinkChanges", "summarize", "summary_text", "change_at"]

KINDS = ("quotation", "figure", "name", "date")

@dataclass(frozen=True)
class Change:
    """One fact that differs: ``change`` is changed, altered (a quotation), dropped or added."""

    kind: str
    change: str
    source: str | None = None
    derived: str | None = None
    source_span: Span | None = None
    derived_span: Span | None = None

    @property
    def serious(self) -> bool:
        """Altered quotations are the most serious change: words put in someone's mouth."""
        return self.kind == "quotation" and self.change == "altered"

    def label(self) -> str:
        """``1,000 -> 1,200``, ``dropped: July 8``, ``added: Monday``."""
        if self.source is not None and self.derived is not None:
            return f"{self.source} -> {self.derived}"
        return f"{self.change}: {self.source if self.source is not None else self.derived}"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "change": self.change, "serious": self.serious, "source": self.source,
                "derived": self.derived, "source_span": list(self.source_span) if self.source_span else None,
                "derived_span": list(self.derived_span) if self.derived_span else None}


@dataclass(frozen=True)
class LinkChanges:
    """The changes inside one link (``link``: its index in the alignment's links), or inside a derived
    sentence left ``new`` and a source sentence left ``unused`` that are the same sentence with other
    facts (``link`` is ``None``): the aligner links no sentences whose figures disagree."""

    link: int | None
    changes: tuple[Change, ...]
    source_spans: tuple[Span, ...] = ()
    derived_spans: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"link": self.link, "source_spans": [list(s) for s in self.source_spans],
                "derived_spans": [list(s) for s in self.derived_spans],
                "changes": [c.to_dict() for c in self.changes]}


def summarize(links: Iterable[LinkChanges]) -> dict[str, int]:
    """Counts per ``"<kind> <change>"`` (``"figure changed"``, ``"quotation altered"``), in report order."""
    counts = Counter(f"{c.kind} {c.change}" for link in links for c in link.changes)
    order = [f"{k} {c}" for c in ("altered", "changed", "dropped", "added") for k in KINDS]
    return {key: counts[key] for key in order if counts[key]}


def summary_text(counts: dict[str, int]) -> str:
    """``3 figures changed, 1 quotation altered`` (``no facts changed`` when there is nothing)."""
    if not counts:
        return "no facts changed"
    parts = []
    for key, n in counts.items():
        kind, change = key.split(" ")
        parts.append(f"{n} {kind}{'s' if n != 1 else ''} {change}")
    return ", ".join(parts)


def change_at(change: Change) -> int:
    """Where a change stands (its derived span's start, else its source span's): the order it is listed in."""
    return (change.derived_span or change.source_span or (0, 0))[0]
