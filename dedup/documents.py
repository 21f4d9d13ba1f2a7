"""The article record every stage uses: Document, and the Corpus a read gives (articles, skips, warnings).

Reading input files is :mod:`dedup.reading`'s work; this module holds only the types and the one date
rule every stage shares (:func:`parse_published`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Mapping

__all__ = ["Document", "Corpus", "Skipped", "parse_published"]


@dataclass(frozen=True)
class Document:
    """One article.

    ``text`` is the normalised article body; every character offset dedup reports (sentences, passages,
    alignment spans) points into it. ``meta`` keeps any extra fields of the input as they were.
    ``language`` is the ISO 639-1 code the input gave (a ``language`` field, HTML ``lang``), else None:
    :func:`dedup.language.language_of` detects it where an answer depends on it.

    >>> Document(id="a", text="Some wire copy.").outlet is None
    True
    """

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)
    path: str | None = None
    language: str | None = None

    def to_dict(self, *, with_text: bool = True) -> dict[str, Any]:
        """The JSON form used in every output (``text`` optional to keep large reports small)."""
        out: dict[str, Any] = {"id": self.id}
        if with_text:
            out["text"] = self.text
        for key in ("title", "outlet", "published", "url", "path", "language"):
            out[key] = getattr(self, key)
        if self.meta:
            out["meta"] = dict(self.meta)
        return out


@dataclass(frozen=True)
class Skipped:
    """An input that was not read as an article, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Corpus:
    """What :func:`dedup.reading.read_corpus` found: the articles, what it skipped, and warnings."""

    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[str, ...] = ()


def parse_published(value: str | None) -> datetime | None:
    """An ISO 8601 date or timestamp as a UTC datetime (naive ones are taken as UTC), else None.

    >>> parse_published("2024-07-08T10:00:00+02:00").isoformat()
    '2024-07-08T08:00:00+00:00'
    """
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
