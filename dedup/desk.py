"""The wire desk's questions about a scan's pairs: was it credited, which version was taken, which facts
were changed, and who published what when.

The last stage of a scan, after clusters: it reads the reported pairs and never adds or drops one (an
independent report citing an agency is not made a pair here; versions of one story keep their
``duplicate`` verdict, as every entry point gives it, and are marked with their story). Pure: the same
pairs give the same answers, whichever engine found them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from dedup.agencies import AgencyTable, load_agencies
from dedup.credit import NO_NAME, NO_NAME_EITHER, Credit, check_credit
from dedup.dates import parse_published
from dedup.documents import Document
from dedup.fact_changes import LinkChanges, summarize, summary_text
from dedup.factdiff import diff_links
from dedup.parallel import default_workers, parallel_map
from dedup.timeline import Taking, Timeline, build_timeline, outlet_takings
from dedup.versions import Story, Taken, group_versions, taken_versions
from dedup.wirecopy import WireCopy, wire_copy

__all__ = ["PairDesk", "WireDesk", "wire_desk", "pair_credit", "compare_desk", "earlier_common", "source_wording",
           "later_version"]

#: Aligned pairs from which their fact diffs are made on worker processes, as verification aligns
#: (fewer are not worth starting processes for). Reading an article's facts is most of the desk's time.
PARALLEL_FACTS = 200


@dataclass(frozen=True)
class PairDesk:
    """What the desk adds to one pair: its credit, the facts changed per link, its story if versions, and
    ``wire``: a common source the later may have taken from, another agency's copy its texts credit
    (:func:`dedup.wirecopy.wire_copy`) or an earlier article reported with both (:func:`earlier_common`), with
    ``sides``, the (source, derived) ids it was read of, when the direction told by publication order may not
    be who took from whom."""

    credit: Credit
    facts: tuple[LinkChanges, ...] = ()
    story: str | None = None
    wire: WireCopy | None = None
    sides: tuple[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        counts = summarize(self.facts)
        return {
            "credit": self.credit.to_dict(),
            "facts": {"summary": counts, "text": summary_text(counts),
                      "serious": sum(c.serious for link in self.facts for c in link.changes),
                      "links": [link.to_dict() for link in self.facts]},
            "story": self.story,
            "common_source": self.wire.to_dict(*self.sides) if self.wire and self.sides else None,
        }


@dataclass(frozen=True)
class WireDesk:
    """Per pair (keyed by ``(a, b)``) and per corpus: stories, taken versions, timelines, outlets."""

    pairs: Mapping[tuple[str, str], PairDesk]
    stories: tuple[Story, ...] = ()
    taken: tuple[Taken, ...] = ()
    timelines: tuple[Timeline, ...] = ()
    outlets: tuple[dict[str, Any], ...] = field(default=())

    def pair_dict(self, a: str, b: str) -> dict[str, Any]:
        desk = self.pairs.get((a, b))
        return desk.to_dict() if desk is not None else {}

    def to_dict(self) -> dict[str, Any]:
        taken_by: dict[str, list[dict[str, Any]]] = {}
        for t in self.taken:
            taken_by.setdefault(t.story, []).append(t.to_dict())
        return {
            "stories": [s.to_dict() | {"taken_by": taken_by.get(s.id, [])} for s in self.stories],
            "timelines": [t.to_dict() for t in self.timelines],
            "outlets": [dict(o) for o in self.outlets],
        }


def wire_desk(documents: Sequence[Document], pairs: Sequence[Any], clusters: Sequence[Any], *,
              table: AgencyTable | None = None, workers: int | None = 1) -> WireDesk:
    """Credit, fact diff, story versions and timelines for a scan's ``pairs`` (objects with ``a``, ``b``,
    ``verdict``, ``evidence``, ``alignment``, ``source``, ``derived``) and ``clusters`` (``id``, ``members``).
    ``workers``: processes for the fact diffs of many pairs (None: the cores, at most four); the answer
    is the same whatever their number."""
    table = table or load_agencies()
    diffs = _fact_diffs(pairs, workers)
    docs = {d.id: d for d in documents}
    stories = group_versions(docs, pairs)
    story_of = {v.id: s.id for s in stories for v in s.versions}
    per_pair: dict[tuple[str, str], PairDesk] = {}
    takings: list[Taking] = []
    first_of = {s.id: s.versions[0] for s in stories}
    earlier = earlier_common(pairs, docs)
    by_ids = {(pair.a, pair.b): pair for pair in pairs}
    sources = set()
    for pair, facts in zip(pairs, diffs):
        same_story = story_of.get(pair.a) is not None and story_of.get(pair.a) == story_of.get(pair.b)
        own = _own_version(pair, docs, story_of, first_of)
        credit = own or pair_credit(pair, docs, table)
        wire = _common(pair, docs, table, earlier, by_ids) if not same_story and not own else None
        per_pair[(pair.a, pair.b)] = PairDesk(credit, facts, story_of[pair.a] if same_story else None, wire,
                                              (pair.source, pair.derived) if wire else None)
        # a pair with a common source in sight is published first and later, no one's taking (nor a start)
        if pair.source and pair.derived and not own and wire is None:
            takings.append(Taking(pair.derived, pair.source, _share(pair), pair.verdict, credit.status,
                                  summary_text(summarize(facts)) if facts else ""))
        if pair.source and wire is None:
            sources.add(pair.source)
    by_derived: dict[str, list[Taking]] = {}
    for taking in takings:
        by_derived.setdefault(taking.derived, []).append(taking)
    timelines = tuple(build_timeline(c.id, c.members, docs, [t for m in c.members for t in by_derived.get(m, ())],
                                     story_of, sources) for c in clusters)
    return WireDesk(per_pair, tuple(stories), tuple(taken_versions(stories, pairs, docs)), timelines,
                    tuple(outlet_takings(takings, docs)))


def _fact_diffs(pairs: Sequence[Any], workers: int | None) -> list[tuple[LinkChanges, ...]]:
    """The facts changed per link of each pair (none without an alignment), in the order of ``pairs``;
    on forked worker processes when there are many, the pairs that share articles on one worker, so that
    each article's facts are read once, by the worker that diffs its pairs."""
    aligned = [k for k, pair in enumerate(pairs) if pair.alignment is not None]
    diffs: list[tuple[LinkChanges, ...]] = [()] * len(pairs)
    n_workers = default_workers() if workers is None else workers
    if n_workers < 2 or len(aligned) < PARALLEL_FACTS:
        for k in aligned:
            diffs[k] = tuple(diff_links(pairs[k].alignment))
        return diffs
    chunks = _sharing_articles(pairs, aligned, 4 * n_workers)
    parts = parallel_map(lambda chunk: [tuple(diff_links(pairs[k].alignment)) for k in chunk], chunks,
                         workers=n_workers)
    for chunk, part in zip(chunks, parts):
        for k, found in zip(chunk, part):
            diffs[k] = found
    return diffs


def _sharing_articles(pairs: Sequence[Any], rows: Sequence[int], pieces: int) -> list[list[int]]:
    """``rows`` (indices of ``pairs``) cut into about ``pieces`` chunks of similar size, each pair in the
    chunk of every other pair it shares an article with (directly or through others), in order."""
    parent: dict[str, str] = {}

    def root(doc_id: str) -> str:
        while parent.setdefault(doc_id, doc_id) != doc_id:
            parent[doc_id] = parent[parent[doc_id]]
            doc_id = parent[doc_id]
        return doc_id

    for k in rows:
        parent[root(pairs[k].a)] = root(pairs[k].b)
    groups: dict[str, list[int]] = {}
    for k in rows:
        groups.setdefault(root(pairs[k].a), []).append(k)
    size = -(-len(rows) // pieces)
    chunks: list[list[int]] = [[]]
    for group in groups.values():
        if len(chunks[-1]) >= size:
            chunks.append([])
        chunks[-1].extend(group)
    return [chunk for chunk in chunks if chunk]


def compare_desk(alignment: Any, *, table: AgencyTable | None = None) -> PairDesk:
    """Credit and fact diff for ``dedup compare``'s alignment of two articles (an Alignment, or a result
    holding one as ``.alignment``)."""
    alignment = alignment if hasattr(alignment, "links") else alignment.alignment
    table = table or load_agencies()
    docs = {d.id: d for d in (alignment.source_document, alignment.derived_document)}
    a, b = sorted(docs)
    credit = _credit(docs, alignment.source, alignment.derived, (a, b), alignment, table)
    wire = _wire(alignment.source, alignment.derived, docs, table)
    return PairDesk(credit, tuple(diff_links(alignment)), wire=wire,
                    sides=(alignment.source, alignment.derived) if wire else None)


def earlier_common(pairs: Sequence[Any], docs: Mapping[str, Document]) -> dict[tuple[str, str], tuple[str, ...]]:
    """Per directed pair ``(source, derived)``: the articles the scan found to be the source of both (by the
    pairs' own direction), of an outlet other than the source's, so that the later may have taken its text
    from one of them rather than from the source.

    In the syndication set, 155 pairs of two clients whose texts credit no agency were said "took from" by
    publication order; each had the Reuters story both clients took (the truth) reported with both, published
    before both, and none of them took from the other. An earlier article of the source's own outlet is not
    counted: the later took that outlet's copy either way (Reuters' story and its earlier version, both
    reported with a client's copy: the client took from Reuters)."""
    source_of: dict[str, set[str]] = {}
    for pair in pairs:
        if pair.source and pair.derived:
            source_of.setdefault(pair.derived, set()).add(pair.source)
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for pair in pairs:
        if not (pair.source and pair.derived):
            continue
        outlet = _outlet_key(docs[pair.source])
        found = sorted(c for c in source_of.get(pair.source, set()) & source_of.get(pair.derived, set())
                       if not outlet or _outlet_key(docs[c]) != outlet)
        if found:
            out[(pair.source, pair.derived)] = tuple(found)
    return out


def _outlet_key(doc: Document) -> str:
    """An outlet's name as compared: "Coastal Post" is coastal-post ("" for none)."""
    return "".join(c for c in (doc.outlet or "").casefold() if c.isalnum())


def _common(pair: Any, docs: Mapping[str, Document], table: AgencyTable,
            earlier: Mapping[tuple[str, str], tuple[str, ...]], by_ids: Mapping[tuple[str, str], Any]) -> WireCopy | None:
    """The common source a directed pair's later article may have taken from: another agency's copy its texts
    credit (:func:`_wire`), and the earlier articles of the corpus reported with both (:func:`earlier_common`),
    with the later's sentences in the source's own words that those lack (:func:`source_wording`)."""
    wire = _wire(pair.source, pair.derived, docs, table)
    articles = earlier.get((pair.source, pair.derived), ()) if pair.source and pair.derived else ()
    if not articles:
        return wire
    apart = source_wording(pair, [by_ids.get((min(e, pair.derived), max(e, pair.derived))) for e in articles])
    return WireCopy(wire.agencies if wire else (), wire.carried_by if wire else None, articles,
                    apart if apart >= APART_SENTENCES else 0)


#: How much nearer (in a sentence link's score, 0 to 1) the later article's sentence is to the source's wording
#: than to every earlier article's, and how many such sentences, for the desk to say the later carries the
#: source's own text. Measured on the syndication set (every client took from Reuters): no hedged pair of it
#: has two such sentences at 0.3 (4 at 0.2); of 60 copies of a client's copy added to it, 27 have (reprints of
#: Reuters' text, rightly, none): ``python -m benchmarks.desk_signs``, benchmarks/RESULTS.md (branch ux54).
APART_MARGIN, APART_SENTENCES = 0.3, 2


def source_wording(pair: Any, earlier_pairs: Sequence[Any], *, margin: float = APART_MARGIN) -> int:
    """How many sentences of a directed pair's later article are linked to the source by ``margin``
    more of score than to any earlier article of ``earlier_pairs`` (the pairs of the later with the articles
    :func:`earlier_common` found, None where the scan reported none): text of the source's own that the earlier
    ones lack, so that the later took it from the source, or from a copy of it the corpus does not hold. 0 when
    an alignment is missing (``--no-align``): no sentence to tell by.

    A client that copies another client's rewrite of an agency story carries that client's wording; a client
    that took the agency's story itself is nearer the agency's in every sentence the two share."""
    from_source = _linked(pair.alignment, pair.derived)
    if from_source is None or any(p is None or p.alignment is None for p in earlier_pairs):
        return 0
    from_earlier: dict[tuple[int, int], float] = {}
    for other in earlier_pairs:
        for span, score in (_linked(other.alignment, pair.derived) or {}).items():
            from_earlier[span] = max(from_earlier.get(span, 0.0), score)
    return sum(score - from_earlier.get(span, 0.0) >= margin for span, score in from_source.items())


def _linked(alignment: Any, doc_id: str) -> dict[tuple[int, int], float] | None:
    """The spans of ``doc_id``'s sentences an alignment links (placed links aside: made for their place, not
    their words), each with its best link's score (None: no alignment)."""
    if alignment is None:
        return None
    derived = alignment.derived_document.id == doc_id
    out: dict[tuple[int, int], float] = {}
    for link in alignment.links:
        if not link.placed:
            for span in link.derived_spans if derived else link.source_spans:
                out[tuple(span)] = max(out.get(tuple(span), 0.0), float(link.score))
    return out


def _wire(source: str | None, derived: str | None, docs: Mapping[str, Document], table: AgencyTable) -> WireCopy | None:
    """Another agency's copy a directed pair's texts credit (none for a pair whose direction is unknown: it
    claims no taking)."""
    return wire_copy(docs[source], docs[derived], table) if source and derived else None


def pair_credit(pair: Any, docs: Mapping[str, Document], table: AgencyTable) -> Credit:
    """The credit check of a pair's derived article. With the direction unknown both readings are
    checked: one crediting the other is ``credited``; neither crediting the other (where the other has
    a name to credit) is ``not credited``, whichever copied; otherwise ``unknown``."""
    return _credit(docs, pair.source, pair.derived, (pair.a, pair.b), pair.alignment, table)


def _credit(docs: Mapping[str, Document], source: str | None, derived: str | None, ids: tuple[str, str],
            alignment: Any, table: AgencyTable) -> Credit:
    if source and derived:
        return check_credit(docs[source], docs[derived], taken=_taken(alignment, derived), table=table)
    a, b = ids
    readings = [check_credit(docs[s], docs[d], taken=_taken(alignment, d), table=table) for s, d in ((a, b), (b, a))]
    statuses = {r.status for r in readings}
    if "credited" in statuses:
        crediting, found = next((d, r) for d, r in zip((b, a), readings) if r.status == "credited")
        return Credit(**{**found.__dict__, "reason": f"direction unknown; {crediting} {found.reason}"})
    if "not credited" in statuses:
        # Read the other way, the source may have no name to credit (no outlet, no sign-off): then the
        # one reading that can be checked answers.
        names = tuple(dict.fromkeys(n for r in readings for n in r.names))
        return Credit("not credited", names, reason="direction unknown, and neither article credits the other",
                      mentions=tuple(m for r in readings for m in r.mentions))
    # both readings unknown for the same cause (no name on either side, or one outlet's own copy): say it once
    reasons = list(dict.fromkeys(r.reason for r in readings if r.reason))
    if reasons == [NO_NAME]:
        reasons = [NO_NAME_EITHER]
    return Credit("unknown", reason="; ".join(["direction unknown", *reasons]))


def _own_version(pair: Any, docs: Mapping[str, Document], story_of: Mapping[str, str],
                 first_of: Mapping[str, Any]) -> Credit | None:
    """The credit of a pair whose derived article is a later version of a story its outlet sent first (before
    the source): its text comes from its own earlier version, so it took nothing from the source. ``unknown``,
    with the story in ``later_version`` (the field the reports read) and a reason that says it in words."""
    story = story_of.get(pair.derived or "")
    if not story or story_of.get(pair.source or "") == story or first_of[story].id == pair.derived:
        return None
    first, source = parse_published(first_of[story].published), parse_published(docs[pair.source].published)
    if first is None or source is None or first > source:
        return None
    return Credit("unknown", reason=f"{pair.derived} is a later version of story {story}, first sent before {pair.source}",
                  later_version=story)


def later_version(credit: Credit | Mapping[str, Any] | None) -> str | None:
    """The story a pair's derived article is a later version of, first sent by its own outlet before the source
    (``Credit.later_version``, or ``credit.later_version`` of the JSON), None when it is not one: it took nothing
    from the source, whatever publication order says (an agency's UPDATE 1, sent after a client ran its first
    take, is not the agency's taking from the client). Read from the field, never from the reason's words.

    >>> later_version(Credit("unknown", reason="sent first", later_version="s1"))
    's1'
    >>> later_version({"status": "unknown", "reason": "w2 is a later version of story s1"}) is None
    True
    """
    found = credit.get("later_version") if isinstance(credit, Mapping) else getattr(credit, "later_version", None)
    return found if isinstance(found, str) and found else None


def _taken(alignment: Any, derived: str) -> list[tuple[int, int]] | None:
    """The spans of ``derived`` the alignment traced to the other article (None: no alignment)."""
    if alignment is None:
        return None
    if alignment.derived_document.id == derived:
        return [span for link in alignment.links for span in link.derived_spans]
    return [span for link in alignment.links for span in link.source_spans]


def _share(pair: Any) -> float | None:
    """Share of the derived article taken: the alignment's when it read the pair this way round, else
    the share of its 5-grams found in the source."""
    alignment = pair.alignment
    if alignment is not None and alignment.derived == pair.derived:
        return float(alignment.coverage.derived_from_source)
    ev = pair.evidence
    return float(ev.a_in_b if pair.derived == pair.a else ev.b_in_a)
