"""What the HTML report shows of the wire desk's answers, as plain values for the templates.

Reads the JSON dicts only (``credit``, ``facts`` and ``story`` of a pair; ``stories``, ``timelines`` and
``outlets`` of a scan), so a report can be rebuilt from a saved ``--json`` file, and an older file
without them renders without these sections. Timeline plots are computed here as coordinates; the
template draws them as inline SVG (no script, no network).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Mapping, Sequence

from dedup.dates import parse_published
from dedup.report.htmlpair import Piece, clean_spans
from dedup.report.wiredesk import NEITHER_CREDITS, NEITHER_WHY, change_shown, credit_label, desk_order, facts_shown

__all__ = ["pair_desk", "index_desk", "timeline_plot", "fact_pieces"]

PLOT_WIDTH = 640
ROW = 24
LEFT = 150  # room for the outlet names
RIGHT = 20


@dataclass(frozen=True)
class Point:
    """One article on a timeline plot."""

    x: float
    y: float
    label: str
    when: str
    role: str
    credit: str
    dated: bool


@dataclass(frozen=True)
class Arrow:
    """From the article taken from to the one that took."""

    x1: float
    y1: float
    x2: float
    y2: float
    credit: str


#: Characters of each side of a changed fact's heading on a pair page when its sentences are shown below it.
LABEL_SIDE = 60


def pair_desk(pair: Mapping[str, Any], docs: Mapping[str, Mapping[str, Any]], left: str | None = None) -> dict[str, Any]:
    """Credit and changed facts of one pair for its page; empty values when the JSON has none. ``left``: the id
    the page lays out as article A, when the direction is unknown (the facts then name "article A" and
    "article B", as the page does)."""
    credit = pair.get("credit") or {}
    facts = pair.get("facts") or {}
    alignment = pair.get("alignment") or {}
    ids = [str(d.get("id")) for d in alignment.get("documents") or ()]
    source_id = ids[0] if ids else str(pair.get("source") or pair.get("a") or "")
    derived_id = ids[1] if len(ids) > 1 else str(pair.get("derived") or pair.get("b") or "")
    source_text = str(docs.get(source_id, {}).get("text") or "")
    derived_text = str(docs.get(derived_id, {}).get("text") or "")
    # another agency's copy credited (common_source): who took is not known, so no charge and no side changed
    directed = bool(pair.get("source") and pair.get("derived")) and not pair.get("common_source")
    # with the direction unknown, a fact differs or is in one text only (named by id): "altered", "dropped"
    # and "added" said which of two newsrooms changed it
    sides = () if directed else (source_id, derived_id) if left is None else \
        ("article A", "article B") if left == source_id else ("article B", "article A")
    items = []
    chips: dict[str, int] = {}
    for entry in facts.get("links") or ():
        changes = list(entry.get("changes") or ())
        if entry.get("link") is not None:
            chips[f"l{entry['link']}"] = len(changes)
        for change in changes:
            items.append({
                "kind": change.get("kind", ""), "change": change.get("change", ""),
                "change_shown": change_shown(str(change.get("change", "")), *sides),
                "serious": bool(change.get("serious")),
                "source": fact_pieces(source_text, entry.get("source_spans"), change.get("source_span"), "del"),
                "derived": fact_pieces(derived_text, entry.get("derived_spans"), change.get("derived_span"), "ins"),
            })
            # the heading of a long quotation, with its sentences in full right below: each side's start
            items[-1]["label"] = _label(change, LABEL_SIDE if items[-1]["source"] and items[-1]["derived"] else None,
                                        "→" if directed else "|")
    items.sort(key=lambda i: (not i["serious"], i["change"] != "changed"))
    # the badge: with the direction unknown, "not credited" would charge one of two newsrooms, unnamed
    shown = credit_label(str(credit.get("status") or ""), directed)
    neither = NEITHER_WHY if shown == NEITHER_CREDITS else ""
    if neither and credit.get("names"):
        neither = f"looked for {' or '.join(map(str, credit['names']))}; {neither}"
    # whom a credit found credits when not the source's outlet: the agency its text credits (dedup.credit)
    via = credit.get("agency_of") if credit.get("status") == "credited" else None
    whom = f"the agency {via}'s text credits, not {via} itself" if via else ""
    return {"credit": credit, "credit_shown": shown, "neither": neither, "directed": directed, "credit_whom": whom,
            "facts_text": facts_shown(str(facts.get("text") or ""), *sides),
            "facts": items, "chips": chips, "story": pair.get("story"), "source_id": source_id, "derived_id": derived_id}


def fact_pieces(text: str, spans: Any, mark: Any, kind: str) -> list[Piece]:
    """The sentence(s) ``spans`` of ``text``, with the fact at ``mark`` marked ``kind`` (ins or del)."""
    pieces: list[Piece] = []
    target = clean_spans([mark], text) if mark else []
    for start, end in clean_spans(spans, text):
        hit = next(((s, e) for s, e in target if start <= s and e <= end), None)
        if hit is None:
            pieces.append(Piece(text[start:end] + " "))
            continue
        pieces += [Piece(text[start:hit[0]]), Piece(text[hit[0]:hit[1]], kind), Piece(text[hit[1]:end] + " ")]
    return [p for p in pieces if p.text]


def index_desk(scan: Mapping[str, Any], docs: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Stories in several versions, outlets that took copy, and each cluster's timeline with its plot."""
    timelines = {}
    for timeline in scan.get("timelines") or ():
        entries = list(timeline.get("entries") or ())
        timelines[str(timeline.get("cluster"))] = {"entries": entries, "plot": timeline_plot(entries)}
    outlets = [{"outlet": str(o.get("outlet") or ""), "took": o.get("took") or 0, "mean_share": o.get("mean_share"),
                "not_credited": o.get("not_credited") or 0, "unknown": o.get("unknown") or 0,
                "from": dict(o.get("from") or {}), "from_not_credited": dict(o.get("from_not_credited") or {})}
               for o in scan.get("outlets") or () if isinstance(o, Mapping)]
    outlets.sort(key=desk_order)
    stories = [dict(s, versions=list(s.get("versions") or ()), taken_by=list(s.get("taken_by") or ()))
               for s in scan.get("stories") or () if isinstance(s, Mapping)]
    return {"stories": stories, "outlets": outlets, "timelines": timelines}


def timeline_plot(entries: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Coordinates of a timeline plot: one row per article, x by publication time (undated at the
    right edge), an arrow from each article to the one that took from it."""
    times = [_time(e.get("published")) for e in entries]
    dated = [t for t in times if t is not None]
    lo, hi = (min(dated), max(dated)) if dated else (None, None)
    span = (hi - lo).total_seconds() if lo is not None and hi is not None else 0.0
    usable = PLOT_WIDTH - LEFT - RIGHT
    points: dict[str, Point] = {}
    for row, (entry, when) in enumerate(zip(entries, times)):
        if when is None or lo is None:
            x = float(PLOT_WIDTH - RIGHT)
        else:
            x = LEFT + (usable * 0.9 * ((when - lo).total_seconds() / span) if span else usable * 0.45)
        points[str(entry.get("id"))] = Point(round(x, 1), row * ROW + ROW / 2 + 4,
                                             str(entry.get("outlet") or entry.get("id")),
                                             str(entry.get("published") or "undated"), str(entry.get("role") or ""),
                                             str(entry.get("credit") or ""), when is not None)
    arrows = []
    for entry in entries:
        source = points.get(str(entry.get("took_from")))
        target = points.get(str(entry.get("id")))
        if source is not None and target is not None:
            arrows.append(Arrow(source.x, source.y, target.x, target.y, str(entry.get("credit") or "")))
    first, last = (lo.strftime("%Y-%m-%d %H:%M"), hi.strftime("%Y-%m-%d %H:%M")) if lo and hi else ("", "")
    if last == first:  # one time on the axis (one article dated): labelled once, not at both ends
        last = ""
    return {"width": PLOT_WIDTH, "height": len(entries) * ROW + 22, "left": LEFT, "points": list(points.values()),
            "arrows": arrows, "first": first, "last": last, "axis_y": len(entries) * ROW + 4}


def _label(change: Mapping[str, Any], side: int | None = None, between: str = "→") -> str:
    """A changed fact's heading, ``source → derived`` (``between``: ``|`` when the direction is unknown); with
    ``side``, each side cut to about that many characters at a word (an altered quotation of 60 words was
    read three times: in bold, then in each sentence below)."""
    src, der = change.get("source"), change.get("derived")
    if src is not None and der is not None:
        return f"{_cut(str(src), side)} {between} {_cut(str(der), side)}"
    return _cut(str(src if src is not None else der), side)


def _cut(text: str, side: int | None) -> str:
    if side is None or len(text) <= side:
        return text
    cut = text[:side].rsplit(" ", 1)[0] if " " in text[:side] else text[:side]
    return cut.rstrip(" ,;:") + " …"


def _time(value: Any) -> datetime | None:
    return parse_published(str(value)) if value else None
