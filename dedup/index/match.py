"""``Match``: one stored article that an incoming article copies, partly reuses or rewrites.

Scores are given from the incoming article's side: ``a`` is the article checked, ``b`` the stored one, so
``containment.a_in_b`` is the share of the new article's word 5-grams found in the stored article.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from dedup.alignment import Alignment
from dedup.confidence import Reason, why_dict
from dedup.decision import VERDICTS
from dedup.documents import Document
from dedup.evidence import Evidence, SharedPassage

if TYPE_CHECKING:
    from dedup.index.store import StoredArticle

__all__ = ["Match", "same_text_id", "stored_as", "evidence_to_dict", "evidence_from_dict", "judgement_from_dict"]


@dataclass(frozen=True)
class Match:
    """A stored article matched by an incoming one, with the verdict and the exact scores.

    The sentence alignment is computed only when asked for (:meth:`alignment`): it costs milliseconds
    and most ingest pipelines only need the verdict.
    """

    id: str
    verdict: str
    evidence: Evidence
    channels: tuple[str, ...] = ()
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    seq: int = field(default=0, repr=False, compare=False)
    _texts: tuple[str, str] = field(default=("", ""), repr=False, compare=False)  # (stored, incoming)
    _alignment: Alignment | None = field(default=None, repr=False, compare=False)
    confidence: float = 0.0  # calibrated probability that one text was taken from the other
    why: tuple[Reason, ...] = ()  # the features that weighed most for and against
    #: the given languages of (stored, incoming): an alignment made on demand reads each text in its own
    _languages: tuple[str | None, str | None] = field(default=(None, None), repr=False, compare=False)

    @classmethod
    def of(cls, stored: "StoredArticle", verdict: str, evidence: Evidence, channels: tuple[str, ...],
           incoming_text: str, alignment: Alignment | None = None, *, confidence: float = 0.0,
           why: tuple[Reason, ...] = (), incoming_language: str | None = None) -> "Match":
        return cls(stored.id, verdict, evidence, channels, stored.title, stored.outlet, stored.published,
                   stored.url, stored.seq, (stored.text, incoming_text), alignment, confidence, why,
                   (stored.language, incoming_language))

    @staticmethod
    def sort_key(m: "Match") -> tuple[int, float, str]:
        """Strongest verdict first, then the most confident, then by id (stable output)."""
        return (VERDICTS.index(m.verdict), -m.confidence, m.id)

    @property
    def scores(self) -> dict[str, Any]:
        """The exact scores as in a scan's JSON (``jaccard``, ``containment``, ``content_jaccard``, ...),
        from the checked article's side: ``containment["a_in_b"]`` is the share of its word 5-grams
        found in the stored article."""
        return self.evidence.to_dict()

    @property
    def same_text(self) -> bool:
        """Whether the stored article's text is the checked one's, white space aside (the index's content
        hash): ``Index.add`` then stores the article no second time, under its own id."""
        stored, incoming = self._texts
        return bool(stored) and stored.split() == incoming.split()

    def alignment(self) -> Alignment:
        """The sentence alignment of the stored article and the incoming one: the one verification made
        (a scan's), or, for a match decided on shared text alone, of the whole texts, computed on first use."""
        if self._alignment is None:
            from dedup.verify import align_pair

            stored = Document(self.id, self._texts[0], language=self._languages[0])
            incoming = Document("incoming", self._texts[1], language=self._languages[1])
            object.__setattr__(self, "_alignment", align_pair(stored, incoming))
        assert self._alignment is not None
        return self._alignment

    def to_dict(self, *, with_alignment: bool = False) -> dict[str, Any]:
        """The match's JSON (``check --json``, ``stream``, HTTP): the stored article's ``id``, ``title``,
        ``outlet``, ``published``, ``url``; ``verdict``, ``confidence``, ``why``, ``channels``, ``scores``
        and ``passages`` as in a scan's pairs; ``alignment`` too when ``with_alignment``."""
        out: dict[str, Any] = {
            "id": self.id, "verdict": self.verdict, "confidence": round(self.confidence, 4),
            "why": why_dict(self.why), "title": self.title, "outlet": self.outlet,
            "published": self.published, "url": self.url, "channels": list(self.channels),
            "scores": self.evidence.to_dict(), "passages": [p.to_dict() for p in self.evidence.passages],
        }
        if with_alignment:
            out["alignment"] = self.alignment().to_dict()
        return out


def same_text_id(matches: "list[Match]") -> str | None:
    """The id under which the checked article's text is stored already (white space aside), if it is.

    >>> same_text_id([])
    """
    return next((m.id for m in matches if m.same_text), None)


def stored_as(path: "str | os.PathLike[str]", matches: "list[Match]") -> str | None:
    """The id under which the checked file ``path`` is itself stored, if it is: a stored copy of its text
    whose id names the file, as ``index add`` names a file (its path under the folder added), so that
    ``dedup check INDEX corpus/citypaper/port-strike.txt`` is the stored ``citypaper/port-strike.txt``
    checked again (against the other stored articles), not a copy of it arriving under another id.

    >>> stored_as("corpus/a.txt", [])
    """
    parts = Path(os.path.abspath(path)).parts
    for m in matches:
        if m.same_text:
            named = PurePosixPath(m.id).parts
            if named and ".." not in named and parts[-len(named):] == named:
                return m.id
    return None


def evidence_to_dict(ev: Evidence, *, confidence: float = 0.0, why: tuple[Reason, ...] = ()) -> dict[str, Any]:
    """What the index records of a match's evidence: the scores, the shared passages, and the verdict's
    confidence and reasons."""
    return ev.to_dict() | {"passages": [p.to_dict() for p in ev.passages], "confidence": confidence,
                           "why": [[r.feature, r.value, r.contribution] for r in why]}


def judgement_from_dict(data: dict[str, Any]) -> tuple[float, tuple[Reason, ...]]:
    """The confidence and reasons recorded by :func:`evidence_to_dict`."""
    return float(data.get("confidence", 0.0)), tuple(Reason(*r) for r in data.get("why", ()))


def evidence_from_dict(data: dict[str, Any]) -> Evidence:
    passages = tuple(
        SharedPassage(tuple(p["a"]), tuple(p["b"]), p["similarity"], p.get("verbatim", 0.0),  # type: ignore[arg-type]
                      p.get("fact_agreement", 0.0), p.get("shared_wording", 0), p.get("figure_agreement", 1.0),
                      p.get("found_elsewhere", 0), p.get("shared_rare_words", 1))
        for p in data.get("passages", ())
    )
    return Evidence(data["jaccard"], data["containment"]["a_in_b"], data["containment"]["b_in_a"],
                    data["content_jaccard"], data["fact_agreement"], passages,
                    data["passage_coverage"]["a"], data["passage_coverage"]["b"], data.get("copied_words", 0))

