"""Timeline: who published a cluster's story when, what each took from whom, and whether it credited.

A cluster is one story and everything taken from it. Its timeline lists the members in publication
order (undated ones last); each says whether it is where the story starts (``first``), another
version of a story its outlet sent (``version``), an article that took from an earlier one (``took``,
with the source it took most from, the share of its text taken and the credit check's answer), or one
whose direction the evidence does not decide (``unknown``).

Per outlet, the same facts add up to what a syndication desk reports: how many articles took from
another outlet, how much of their text on average, and how many of them without credit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from dedup.dates import parse_published
from dedup.documents import Document

__all__ = ["Entry", "Timeline", "Taking", "build_timeline", "outlet_takings"]


@dataclass(frozen=True)
class Taking:
    """One derived article's best-documented taking: its source, share of its text, credit status."""

    derived: str
    source: str
    share: float | None
    verdict: str
    credit: str
    facts: str = ""


@dataclass(frozen=True)
class Entry:
    """One member of a cluster on its timeline."""

    id: str
    outlet: str | None
    published: str | None
    title: str | None
    role: str  # first | version | took | unknown
    took_from: str | None = None
    share: float | None = None
    verdict: str | None = None
    credit: str | None = None
    story: str | None = None
    facts: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "outlet": self.outlet, "published": self.published, "title": self.title,
                "role": self.role, "took_from": self.took_from,
                "share": None if self.share is None else round(self.share, 4), "verdict": self.verdict,
                "credit": self.credit, "story": self.story, "facts": self.facts}


@dataclass(frozen=True)
class Timeline:
    """A cluster's members in publication order."""

    cluster: str
    entries: tuple[Entry, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"cluster": self.cluster, "entries": [e.to_dict() for e in self.entries]}


def build_timeline(cluster_id: str, members: Sequence[str], documents: Mapping[str, Document],
                   takings: Iterable[Taking], story_of: Mapping[str, str], sources: Iterable[str] = ()) -> Timeline:
    """The timeline of one cluster. ``takings`` are the directed pairs (any; those inside the cluster
    count), ``story_of`` maps version ids to their story, ``sources`` are ids known to be a source of
    some pair (``first`` when they took from no one)."""
    inside = set(members)
    best: dict[str, Taking] = {}
    for taking in takings:
        if taking.derived in inside and taking.source in inside:
            old = best.get(taking.derived)
            if old is None or _rank(taking) > _rank(old):
                best[taking.derived] = taking
    known_sources = set(sources)
    entries = []
    for doc_id in sorted(members, key=lambda i: (_when(documents[i]), i)):
        doc = documents[doc_id]
        taking = best.get(doc_id)
        story = story_of.get(doc_id)
        if taking is not None and story is not None and story_of.get(taking.source) == story:
            role = "version"
        elif taking is not None:
            role = "took"
        else:
            role = "first" if doc_id in known_sources else "unknown"
        entries.append(Entry(doc_id, doc.outlet, doc.published, doc.title, role,
                             taking.source if taking else None, taking.share if taking else None,
                             taking.verdict if taking else None,
                             taking.credit if taking and role == "took" else None, story,
                             taking.facts if taking else ""))
    return Timeline(cluster_id, tuple(entries))


def outlet_takings(takings: Iterable[Taking], documents: Mapping[str, Document]) -> list[dict[str, Any]]:
    """Per outlet: articles that took from another outlet, mean share of their text taken, and their
    credit (each article counted once, by its largest taking); ``from``: how many it took from each source
    outlet, and ``from_not_credited``: how many of those without credit to the source (sources it credited
    every time left out), so that a desk reads "took 134 from us, 52 without credit"."""
    best: dict[str, Taking] = {}
    for taking in takings:
        outlet, source_outlet = documents[taking.derived].outlet, documents[taking.source].outlet
        if outlet and source_outlet and outlet == source_outlet:
            continue  # versions of one outlet's story take nothing from anyone
        old = best.get(taking.derived)
        if old is None or _rank(taking) > _rank(old):
            best[taking.derived] = taking
    rows: dict[str, dict[str, Any]] = {}
    for derived, taking in sorted(best.items()):
        outlet = documents[derived].outlet or "(no outlet)"
        row = rows.setdefault(outlet, {"outlet": outlet, "took": 0, "shares": [], "credited": 0,
                                       "not_credited": 0, "unknown": 0, "from": {}, "from_not_credited": {}})
        row["took"] += 1
        if taking.share is not None:
            row["shares"].append(taking.share)
        row[taking.credit.replace(" ", "_")] += 1
        source_outlet = documents[taking.source].outlet or "(no outlet)"
        row["from"][source_outlet] = row["from"].get(source_outlet, 0) + 1
        if taking.credit == "not credited":
            row["from_not_credited"][source_outlet] = row["from_not_credited"].get(source_outlet, 0) + 1
    out = []
    for outlet in sorted(rows):
        row = rows[outlet]
        shares = row.pop("shares")
        row["mean_share"] = round(sum(shares) / len(shares), 4) if shares else None
        row["from"] = dict(sorted(row["from"].items(), key=lambda kv: (-kv[1], kv[0])))
        row["from_not_credited"] = {o: row["from_not_credited"][o] for o in row["from"] if o in row["from_not_credited"]}
        out.append(row)
    return out


def _rank(taking: Taking) -> tuple[float, str]:
    return (taking.share if taking.share is not None else -1.0, taking.source)


def _when(doc: Document) -> str:
    when = parse_published(doc.published)
    return when.isoformat() if when is not None else "~"
