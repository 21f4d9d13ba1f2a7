"""Reading articles: the one module that reads input files, and the Document record every stage uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

__all__ = ["Document"]


@dataclass(frozen=True)
class Document:
    """One article.

    ``text`` is the normalised article body; every character offset dedup reports (sentences, passages,
    alignment spans) points into it. ``meta`` keeps any extra fields of the input as they were.

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

    def to_dict(self, *, with_text: bool = True) -> dict[str, Any]:
        """The JSON form used in every output (``text`` optional to keep large reports small)."""
        out: dict[str, Any] = {"id": self.id}
        if with_text:
            out["text"] = self.text
        for key in ("title", "outlet", "published", "url", "path"):
            out[key] = getattr(self, key)
        if self.meta:
            out["meta"] = dict(self.meta)
        return out
