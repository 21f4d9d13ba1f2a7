"""The HTML report's index page: the pairs table (a row a pair, a card on a phone), the outlets' figures,
the clusters and their timelines, rendered from a scan's JSON (``ScanResult.to_dict()``)."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from typing import Any, Mapping, Sequence

from dedup.desk import later_version
from dedup.report.htmldesk import index_desk
from dedup.language import detect_language, direction, normalize_language
from dedup.report.htmlenv import ENV, VERDICTS, pair_filename
from dedup.report.wiredesk import NEITHER_CREDITS, credit_label, facts_shown
from dedup.wirecopy import WireCopy

__all__ = ["render_index", "outlet_figures", "wire_words", "linkable_url", "doc_meta", "pair_sides", "CREDIT_FILTERS",
           "PAGE_ROWS", "OPEN_TIMELINES"]

#: The credit filter's choices on the index page, in this order, each offered when a pair shows it.
CREDIT_FILTERS = ("not credited", "credited", NEITHER_CREDITS, "unknown", "versions")
#: Past this many pairs the index shows them this many at a time, in the order sorted and among those filtered,
#: with buttons for more and for all: the browser lays out one page of rows when a column is sorted or a filter
#: typed (the syndication set's 2,742 rows took 1-2 s of the browser's time for each, 4-5 s under load; one page
#: well under a tenth of that). Printed, and without JavaScript, every pair shows.
PAGE_ROWS = 200
#: Clusters whose timelines the index shows open; past this many each is folded under its cluster (a scan of
#: the syndication set has 722: their plots and tables were most of the page's 6 MB and of its load time).
OPEN_TIMELINES = 10


def render_index(scan: Mapping[str, Any], docs: Mapping[str, Mapping[str, Any]]) -> str:
    """The index page: totals, the pairs table, clusters and per-outlet figures (no article text)."""
    pairs = list(scan.get("pairs") or ())
    by_verdict = {v: sum(p.get("verdict") == v for p in pairs) for v in VERDICTS}
    by_verdict.update({p["verdict"]: by_verdict.get(p["verdict"], 0) for p in pairs if p.get("verdict")})
    rows = [_pair_row(p, docs) for p in pairs]
    shown_credits = {row["credit_shown"] for row in rows}
    clusters = [_cluster(c, docs) for c in scan.get("clusters") or ()]
    return ENV.get_template("index.html").render(
        asset_prefix="",
        n_documents=(scan.get("stats") or {}).get("documents", len(docs)),
        bar=(scan.get("settings") or {}).get("min_confidence"),
        by_verdict=by_verdict,
        pairs=rows,
        page_rows=PAGE_ROWS if len(rows) > PAGE_ROWS else 0,
        credits=[c for c in CREDIT_FILTERS if c in shown_credits],
        takers=sorted({row["right"]["outlet"] for row in rows if row["taker"]}),
        clusters=clusters,
        fold_timelines=len(clusters) > OPEN_TIMELINES,
        skipped=list(scan.get("skipped") or ()),
        n_skipped=sum(_count_of(s) for s in scan.get("skipped") or ()),
        warnings=list(scan.get("warnings") or ()),
        outlets=outlet_figures(pairs, docs),
        desk=index_desk(scan, docs),
    )


def _count_of(skipped: Mapping[str, Any]) -> int:
    """How many inputs a row of the JSON's ``skipped`` stands for: its ``count`` (a row counting a file's lines or
    items skipped past those named, :mod:`dedup.skips`), else one."""
    count = skipped.get("count") if isinstance(skipped, Mapping) else None
    return count if isinstance(count, int) and not isinstance(count, bool) and count > 0 else 1


def doc_meta(doc_id: str | None, docs: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    doc = docs.get(doc_id or "", {})
    url = str(doc.get("url") or "")
    language = normalize_language(doc.get("language")) or (detect_language(doc["text"]) if doc.get("text") else None)
    return {
        "id": doc_id or "",
        "title": doc.get("title") or doc_id or "",
        "outlet": doc.get("outlet") or "",
        "published": doc.get("published") or "",
        "url": linkable_url(url),
        "chars": len(doc.get("text") or ""),
        # lang and dir on each article's text: Arabic and Hebrew read right to left, and a browser breaks
        # Chinese and Japanese lines by their own rules only when it knows the language
        "language": language,
        "dir": direction(language) if language else "auto",
    }


def linkable_url(url: str) -> str:
    """``url`` when the report may link it, else ``""``: only http(s) (no ``javascript:`` links), and none
    holding a control, format or separator character, which a browser drops or obeys while the page shows
    it (a right-to-left override makes ``https://moc.elpmaxe//:sptth`` of one host read as another's; a tab
    or a zero-width space inside the host leads elsewhere than the text says). Such a URL is shown as its
    title only; spaces around a URL, as a feed's field may carry, are dropped.

    >>> linkable_url(" https://example.org/a "), linkable_url("https://exa\u202emple.org/"), linkable_url("javascript:x")
    ('https://example.org/a', '', '')
    """
    url = url.strip()
    if not re.match(r"https?://", url, re.IGNORECASE):
        return ""
    return "" if any(unicodedata.category(c)[0] in "CZ" for c in url) else url


def pair_sides(pair: Mapping[str, Any]) -> tuple[str, str, bool]:
    """(left id, right id, direction known): the source goes left when the direction is known; unknown, the
    two as the alignment lays them out (the reading that traces more, its "source" first), else ``a``, ``b``.

    The row's "taken" is the alignment's share of its derived-role text: with ``a`` always in column A, a
    row read "96%" under B where the pair page, laying the two out the other way, said it was A's.

    >>> pair = {"a": "x", "b": "y", "alignment": {"documents": [{"id": "y"}, {"id": "x"}]}}
    >>> pair_sides(pair), pair_sides({"a": "x", "b": "y"})
    (('y', 'x', False), ('x', 'y', False))
    """
    if pair.get("source") and pair.get("derived"):
        return str(pair["source"]), str(pair["derived"]), True
    laid = [str(d.get("id")) for d in (pair.get("alignment") or {}).get("documents") or () if isinstance(d, Mapping)]
    if sorted(laid) == sorted((str(pair["a"]), str(pair["b"]))) and laid[0] != laid[-1]:
        return laid[0], laid[1], False
    return str(pair["a"]), str(pair["b"]), False


def wire_words(pair: Mapping[str, Any], left: Mapping[str, Any], right: Mapping[str, Any], *, short: bool = False) -> str:
    """What the pair's ``common_source`` leaves open of "``right`` took from ``left``", in words naming the two
    by outlet (by id when both are one outlet's or one has none); "" when the JSON gives none."""
    common = pair.get("common_source") or {}
    agencies, articles = tuple(map(str, common.get("agencies") or ())), tuple(map(str, common.get("articles") or ()))
    if not articles and (not agencies or common.get("carried_by") not in ("both", "source", "derived")):
        return ""
    by_id = not left.get("outlet") or not right.get("outlet") or left.get("outlet") == right.get("outlet")
    names = (str(left["id"]), str(right["id"])) if by_id else (str(left["outlet"]), str(right["outlet"]))
    wire = WireCopy(agencies, common.get("carried_by") if agencies else None, articles, _apart(common))
    return wire.short(*names) if short else wire.said(*names)


def _apart(common: Mapping[str, Any]) -> int:
    """``common_source.apart``, the later's sentences in the source's own words that the earlier article lacks
    (0 when the JSON gives none, or no whole number)."""
    apart = common.get("apart")
    return apart if isinstance(apart, int) and not isinstance(apart, bool) and apart > 0 else 0


def _pair_row(pair: Mapping[str, Any], docs: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    left, right, known = pair_sides(pair)
    # the later a later version of its outlet's own story, first sent before the earlier: no one's taking
    own = later_version(pair.get("credit")) if known else None
    # with another agency's copy credited, "not credited" would charge the later outlet with the earlier one's
    # copy, where both may carry the agency's: said as of a pair whose direction is unknown
    credit = credit_label((pair.get("credit") or {}).get("status") or "", known and not pair.get("common_source"))
    scores = pair.get("scores") or {}
    contain = scores.get("containment") or {}
    coverage = (pair.get("alignment") or {}).get("coverage") or {}
    wire = wire_words(pair, doc_meta(left, docs), doc_meta(right, docs), short=True) if known else ""
    return {
        "href": "pairs/" + pair_filename(str(pair["a"]), str(pair["b"])),
        "verdict": pair.get("verdict") or "",
        "confidence": pair.get("confidence"),
        "left": doc_meta(left, docs),
        "right": doc_meta(right, docs),
        "known": known,
        "wire": wire,
        "own_version": own or "",
        # the outlet the "taken by" filter keeps the row under: a known taking, no common source in sight, no version
        "taker": bool(known and not wire and not own and not pair.get("story") and doc_meta(right, docs)["outlet"]),
        # the later's sentences in the source's own words (common_source.apart): said on a phone's card too
        "sign": known and _apart(pair.get("common_source") or {}) > 0,
        "share": coverage.get("derived_from_source"),
        "jaccard": scores.get("jaccard"),
        "containment": max(contain.values()) if contain else None,
        "content": scores.get("content_jaccard"),
        # "neither credits the other" where the direction is unknown: the JSON's "not credited" there names no one
        "credit": credit,
        # what the credit filter matches: a pair between versions of one story is listed as such
        "credit_shown": "versions" if pair.get("story") or own else credit,
        # a credit of the agency the earlier text credits, not of its outlet: "credited" alone read as the latter
        "credit_whom": _credit_whom(pair, doc_meta(left, docs)) if known else "",
        "facts": _facts_cell(pair, left, known and not pair.get("common_source")),  # no side changed a fact
        "story": pair.get("story"),
    }


def _credit_whom(pair: Mapping[str, Any], source: Mapping[str, Any]) -> str:
    """Whom a credit found credits when it is the agency the source's text credits, not the source's outlet
    (``credit.agency_of``, :func:`dedup.credit.check_credit`): "to Reuters, not coastal-post"; "" otherwise."""
    credit = pair.get("credit") or {}
    if credit.get("status") != "credited" or not credit.get("agency_of"):
        return ""
    return f"to {credit.get('credited')}, not {source.get('outlet') or source.get('id')}"


def _facts_cell(pair: Mapping[str, Any], left: str, known: bool) -> str:
    """The facts' summary under a pair's credit; with the direction unknown, in words that take no side,
    naming the texts as the columns do (A, B): "1 name only in A" (it read "1 name dropped")."""
    facts = pair.get("facts") or {}
    if not facts.get("summary"):
        return ""
    text = str(facts.get("text") or "")
    if known:
        return text
    laid = [str(d.get("id")) for d in (pair.get("alignment") or {}).get("documents") or ()]  # the facts' source first
    return facts_shown(text, *(("A", "B") if not laid or laid[0] == left else ("B", "A")))


def _cluster(cluster: Mapping[str, Any], docs: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    return {"id": cluster.get("id", ""), "members": [doc_meta(str(m), docs) for m in cluster.get("members") or ()]}


def outlet_figures(pairs: Sequence[Mapping[str, Any]], docs: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """How much of each outlet's copy (in characters) is found in, or derived from, each other outlet.

    Per article and other outlet the best pair counts once: the alignment's share derived from the source
    when the article is the derived one; with the direction unknown, the share of it the alignment links
    to the other or its shared passages cover, whichever is more. An article known to be the source of a
    pair took nothing from that pair's other article, so it does not count; nor does a pair of one outlet's
    articles (an outlet was listed as "derived from" itself), nor a pair whose later article is a later version
    of its outlet's own story, first sent before the earlier (an agency's UPDATE 1 was "derived from" the client
    that ran its first take). A pair with a common source in sight (``common_source``: another agency's copy
    credited, or an article published before both) is copy shared with the other outlet, not derived from it,
    as its row in the pairs table says.
    """
    best: dict[tuple[str, str], tuple[float, bool]] = {}
    for pair in pairs:
        if later_version(pair.get("credit")) is not None:
            continue
        for doc, other in ((str(pair["a"]), str(pair["b"])), (str(pair["b"]), str(pair["a"]))):
            share, directed = _share(pair, doc)
            directed = directed and not pair.get("common_source")
            if share is None or (docs.get(doc, {}).get("outlet") and _outlet(docs, doc) == _outlet(docs, other)):
                continue  # versions of one outlet's story are not copy "found in another outlet's articles"
            key = (doc, _outlet(docs, other))
            old = best.get(key, (0.0, False))
            best[key] = (max(old[0], share), old[1] or directed)
    size, articles = defaultdict(int), defaultdict(int)
    for doc_id, doc in docs.items():
        size[_outlet(docs, doc_id)] += len(doc.get("text") or "") or 1
        articles[_outlet(docs, doc_id)] += 1
    taken: dict[str, dict[str, list[Any]]] = defaultdict(dict)
    for (doc_id, other), (share, directed) in sorted(best.items()):
        weight = len(docs.get(doc_id, {}).get("text") or "") or 1
        entry = taken[_outlet(docs, doc_id)].setdefault(other, [0.0, False])
        entry[0] += share * weight
        entry[1] = entry[1] or directed
    rows = []
    for outlet in sorted(taken):
        sources = [{"outlet": o, "share": v[0] / size[outlet], "derived": v[1]} for o, v in taken[outlet].items()]
        sources.sort(key=lambda s: (-s["share"], s["outlet"]))
        rows.append({"outlet": outlet, "articles": articles[outlet], "sources": sources})
    return rows


def _share(pair: Mapping[str, Any], doc: str) -> tuple[float | None, bool]:
    """The share of ``doc`` found in the pair's other article, and whether it is known to be taken.

    With the direction unknown, the more of what the sentence alignment links (it read one of them as
    source: ``doc``'s share of it either way round) and what the shared passages cover: a rewrite
    shares no passage word for word, yet nearly all its sentences are linked."""
    if pair.get("source") == doc:
        return None, False
    alignment = pair.get("alignment") or {}
    coverage = alignment.get("coverage") or {}
    if pair.get("derived") == doc and coverage.get("derived_from_source") is not None:
        return float(coverage["derived_from_source"]), True
    side = "a" if str(pair["a"]) == doc else "b"
    shares = [((pair.get("scores") or {}).get("passage_coverage") or {}).get(side)]
    read = [str(d.get("id")) for d in alignment.get("documents") or () if isinstance(d, Mapping)]
    if len(read) == 2 and doc in read:
        shares.append(coverage.get("source_used" if read[0] == doc else "derived_from_source"))
    known = [float(s) for s in shares if isinstance(s, (int, float))]
    return (max(known), False) if known else (None, False)


def _outlet(docs: Mapping[str, Mapping[str, Any]], doc_id: str) -> str:
    return str(docs.get(doc_id, {}).get("outlet") or "(no outlet)")


# --------------------------------------------------------------------------------------------------
# Pair page
# --------------------------------------------------------------------------------------------------

