"""Static HTML reports: an index of a scan and one side-by-side page per pair.

Rendered from the plain dicts (``ScanResult.to_dict()``, ``Alignment.to_dict()``) rather than the
in-memory classes, so a report can be written again from a saved ``--json`` file and the renderer does not
move when the pipeline's classes do. Article text is untrusted: every value goes through Jinja's
autoescaping, URLs are kept only when they are http(s), and file names never come from ids unaltered.
Output is deterministic (same input, same bytes) and needs no network: CSS and JS sit in the report folder.

>>> import tempfile
>>> out = write_scan_html({"documents": [], "pairs": [], "clusters": []}, tempfile.mkdtemp())
>>> out.name
'index.html'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from jinja2 import Environment, PackageLoader, Undefined, select_autoescape
from markupsafe import Markup, escape

from dedup.wirecopy import WireCopy
from dedup.errors import InputError
from dedup.language import detect_language, direction, normalize_language
from dedup.normalize import shown_bidi
from dedup.report.htmldesk import index_desk, pair_desk
from dedup.report.targets import write_atomic
from dedup.report.htmlpair import (KINDS, Row, alignment_rows, clean_spans, link_fit, passage_pieces, plain_answer,
                                   sentence_tally)
from dedup.report.reasons import direction_why, reason_label, sentences_reading
from dedup.report.wiredesk import NEITHER_CREDITS, credit_label, facts_shown

__all__ = ["write_scan_html", "write_pair_html", "pair_filename", "render_pair", "render_index"]

VERDICTS = ("duplicate", "partial", "rewrite")
_ASSETS = ("report.css", "report.js")
_SLUG = re.compile(r"[^a-z0-9]+")


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("dedup.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # ids, titles and texts read from a corpus: their bidirectional controls shown, not obeyed
        finalize=_shown,
    )
    env.filters["pct"] = lambda v: _figure(v, "{:.0%}")
    env.filters["num"] = lambda v: _figure(v, "{:.2f}")
    # a count with thousands separated, as the terminal writes it ("3,980 articles"; it was "3980" here)
    env.filters["thousands"] = lambda v: f"{v:,}" if isinstance(v, int) else v
    env.filters["reason_label"] = reason_label
    env.filters["kind_label"] = kind_label
    env.filters["pieces"] = pieces_html
    env.filters["sentences"] = sentences_html
    env.filters["row_items"] = row_items_html
    return env


#: The characters :func:`dedup.normalize.shown_bidi` writes out (embeddings, overrides, isolates): a text
#: without one, nearly every text, is printed as it is, without a ``str.translate`` through a dict per value
#: (a tenth of the time the syndication set's pages took to write).
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _shown(value: Any) -> Any:
    """What a template prints: text with its bidirectional controls written out (in markup already made,
    escaped as the markup's own text is)."""
    if not isinstance(value, str) or not _BIDI_CONTROL.search(value):
        return value
    if isinstance(value, Markup):
        return Markup(shown_bidi(str(value), html=True))
    return shown_bidi(value)


def _text(value: Any) -> str:
    """What ``{{ value }}`` prints in a template: the finalizer's text, escaped."""
    return escape(_shown(value))


def _field(item: Any, name: str) -> Any:
    """``item.name`` as a template reads it: an attribute, else a key (pieces are dataclasses or dicts)."""
    try:
        return getattr(item, name)
    except AttributeError:
        return item.get(name) if isinstance(item, Mapping) else Undefined(name=name)


def pieces_html(items: Iterable[Any], side: str = "") -> Markup:
    """A run of pieces as markup: ``<ins>``, ``<del>``, a shared passage's ``<mark>``, or plain text.

    The page's inner loop (a pair page holds thousands of pieces), written here rather than as a template
    macro: a macro call per piece was most of the time the syndication set's 2,742 pages took to write. The
    bytes are the macro's: each value is printed as ``{{ value }}`` prints it.
    """
    out = []
    for p in items:
        mark, text = _field(p, "mark"), _text(_field(p, "text"))
        if mark == "ins":
            out.append(f"<ins>{text}</ins>")
        elif mark == "del":
            out.append(f"<del>{text}</del>")
        elif mark == "mark":
            out.append(f'<mark class="passage" data-links="{_text(_field(p, "link"))}" data-side="{_text(side)}" '
                       f'tabindex="0">{text}</mark>')
        else:
            out.append(text)
    return Markup("".join(out))


def sentences_html(items: Iterable[Any], side: str) -> Markup:
    """Sentences as ``<span class="sent">``, a linked one with its links, side and tab stop (see :func:`pieces_html`)."""
    out = []
    for s in items:
        links = _field(s, "links")
        attrs = f' data-links="{_text(links)}" data-side="{_text(side)}" tabindex="0"' if links else ""
        out.append(f'<span class="sent"{attrs}>{pieces_html(_field(s, "pieces"))}</span>')
    return Markup("".join(out))


def kind_label(kind: str) -> str:
    """A row's kind as the page's gutter names it."""
    return {"other": "not aligned", "unused": "not used"}.get(kind, kind)


def _langdir(meta: Mapping[str, Any]) -> str:
    """An article's ``lang`` and ``dir`` attributes (the article's language, when known)."""
    lang = f' lang="{_text(meta["language"])}"' if meta.get("language") else ""
    return f'{lang} dir="{_text(meta.get("dir"))}"'


def row_items_html(rows: Iterable[Row], known: bool, left: Mapping[str, Any], right: Mapping[str, Any],
                   chips: Mapping[str, int]) -> Markup:
    """The pair page's aligned rows, one ``<li>`` each: the source's sentences, the gutter (the link's kind,
    the facts it changed, its score), the derived article's sentences (see :func:`pieces_html`: the loop of the
    page, written here so a page of 50 rows is not 500 template expressions)."""
    left_open = f'<div class="col-left" data-label="{"source" if known else "article A"}"{_langdir(left)}>'
    right_open = f'<div class="col-right" data-label="{"derived" if known else "article B"}"{_langdir(right)}>'
    out = []
    for r in rows:
        lid = r.left[0].links if r.left else (r.right[0].links if r.right else "")
        gutter = f'<span class="chip">{_text(kind_label(r.kind))}</span>'
        if lid in chips:
            n = chips[lid]
            gutter += (f'<span class="facts-chip" title="facts changed in this sentence: see Credit and changed facts">'
                       f'{_text(n)} fact{"s" if n != 1 else ""}</span>')
        if r.placed:
            gutter += ('<span class="score" title="linked for its place between two linked sentences, at a score too '
                       'low to link on wording alone">placed</span>')
        if r.score is not None:
            gutter += f'<span class="score">{_text(_figure(r.score, "{:.2f}"))}</span>'
        out.append(f'  <li class="row kind-{_text(r.kind)}">\n'
                   f'    {left_open}{sentences_html(r.left, "left")}</div>\n'
                   f'    <div class="gutter">{gutter}</div>\n'
                   f'    {right_open}{sentences_html(r.right, "right")}</div>\n'
                   f'  </li>\n')
    return Markup("".join(out))


def _figure(value: Any, pattern: str) -> str:
    """A score as text; a missing or malformed one (older or hand-made JSON) is a dash, not a crash."""
    if value is None or isinstance(value, Undefined):
        return "–"
    try:
        return pattern.format(float(value))
    except (TypeError, ValueError):
        return "–"


_ENV = _env()


def pair_filename(a: str, b: str) -> str:
    """A safe, collision-free file name for the pair (``a``, ``b``): readable slug plus a hash of both ids.

    Ids are paths or arbitrary strings (``../x``, ``a/b`` vs ``a_b``): the slug keeps only ``[a-z0-9-]`` and
    the hash keeps two pairs whose slugs coincide apart.

    >>> pair_filename("../etc/passwd", "x")
    'etc-passwd--x-147b930a24.html'
    """
    digest = hashlib.sha256(f"{a}\x00{b}".encode("utf-8")).hexdigest()[:10]
    return f"{_slug(a)}--{_slug(b)}-{digest}.html"


def _slug(text: str, limit: int = 40) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")[:limit].strip("-") or "doc"


def write_scan_html(scan: Mapping[str, Any], out_dir: str | Path) -> Path:
    """Write ``out_dir/index.html``, the shared CSS/JS, and ``out_dir/pairs/<name>.html`` for every pair.

    Returns the index path. Files of earlier runs that this scan does not produce are left alone.
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: is a file; give a folder for the HTML report")
    (out / "pairs").mkdir(parents=True, exist_ok=True)
    docs = {str(d["id"]): d for d in scan.get("documents") or ()}
    for name in _ASSETS:
        _write(out / name, _ENV.get_template(name).render())
    for pair in scan.get("pairs") or ():
        page = render_pair(pair, docs, asset_prefix="../", index_href="../index.html")
        _write(out / "pairs" / pair_filename(str(pair["a"]), str(pair["b"])), page)
    index = out / "index.html"
    _write(index, render_index(scan, docs))
    return index


def write_pair_html(alignment: Mapping[str, Any], documents: Iterable[Any] | None, path: str | Path, *,
                    judged: Mapping[str, Any] | None = None) -> Path:
    """Write one self-contained pair page (CSS and JS inline) for an ``Alignment.to_dict()``.

    ``documents`` are the two articles as dicts or objects with ``to_dict()``; ``None`` takes the
    alignment's own ``documents`` list. ``judged`` (``verdict``, ``confidence``, ``why``) is the
    verdict on the pair. This is what ``dedup compare --html`` calls.
    """
    docs_list = [d.to_dict() if hasattr(d, "to_dict") else dict(d) for d in (documents or alignment.get("documents") or ())]
    docs = {str(d["id"]): d for d in docs_list}
    ids = [str(d["id"]) for d in docs_list]
    a = alignment.get("source") or (ids[0] if ids else "")
    b = alignment.get("derived") or next((i for i in ids if i != a), "")
    pair = {"a": a, "b": b, "verdict": "", "source": alignment.get("source"),
            "derived": alignment.get("derived"), "direction_reason": alignment.get("direction_reason", ""),
            "passages": [], "alignment": dict(alignment), "credit": alignment.get("credit"),
            "facts": alignment.get("facts"), "common_source": alignment.get("common_source")} | dict(judged or {})
    pair["verdict"] = pair.get("verdict") or ""
    target = Path(path)
    page = render_pair(pair, docs, asset_prefix=None, index_href=None)  # whole before anything is written
    target.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(target, [page])


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")


# --------------------------------------------------------------------------------------------------
# Index page
# --------------------------------------------------------------------------------------------------


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
    return _ENV.get_template("index.html").render(
        asset_prefix="",
        n_documents=(scan.get("stats") or {}).get("documents", len(docs)),
        bar=(scan.get("settings") or {}).get("min_confidence"),
        by_verdict=by_verdict,
        pairs=rows,
        page_rows=PAGE_ROWS if len(rows) > PAGE_ROWS else 0,
        credits=[c for c in CREDIT_FILTERS if c in shown_credits],
        takers=sorted({row["right"]["outlet"] for row in rows if row["known"] and not row["wire"] and row["right"]["outlet"]}),
        clusters=clusters,
        fold_timelines=len(clusters) > OPEN_TIMELINES,
        skipped=list(scan.get("skipped") or ()),
        warnings=list(scan.get("warnings") or ()),
        outlets=outlet_figures(pairs, docs),
        desk=index_desk(scan, docs),
    )


def _meta(doc_id: str | None, docs: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
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


def _sides(pair: Mapping[str, Any]) -> tuple[str, str, bool]:
    """(left id, right id, direction known): the source goes left when the direction is known."""
    if pair.get("source") and pair.get("derived"):
        return str(pair["source"]), str(pair["derived"]), True
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
    left, right, known = _sides(pair)
    # with another agency's copy credited, "not credited" would charge the later outlet with the earlier one's
    # copy, where both may carry the agency's: said as of a pair whose direction is unknown
    credit = credit_label((pair.get("credit") or {}).get("status") or "", known and not pair.get("common_source"))
    scores = pair.get("scores") or {}
    contain = scores.get("containment") or {}
    coverage = (pair.get("alignment") or {}).get("coverage") or {}
    return {
        "href": "pairs/" + pair_filename(str(pair["a"]), str(pair["b"])),
        "verdict": pair.get("verdict") or "",
        "confidence": pair.get("confidence"),
        "left": _meta(left, docs),
        "right": _meta(right, docs),
        "known": known,
        "wire": wire_words(pair, _meta(left, docs), _meta(right, docs), short=True) if known else "",
        # the later's sentences in the source's own words (common_source.apart): said on a phone's card too
        "sign": known and _apart(pair.get("common_source") or {}) > 0,
        "share": coverage.get("derived_from_source"),
        "jaccard": scores.get("jaccard"),
        "containment": max(contain.values()) if contain else None,
        "content": scores.get("content_jaccard"),
        # "neither credits the other" where the direction is unknown: the JSON's "not credited" there names no one
        "credit": credit,
        # what the credit filter matches: a pair between versions of one story is listed as such
        "credit_shown": "versions" if pair.get("story") else credit,
        # a credit of the agency the earlier text credits, not of its outlet: "credited" alone read as the latter
        "credit_whom": _credit_whom(pair, _meta(left, docs)) if known else "",
        "facts": _facts_cell(pair, left, known and not pair.get("common_source")),  # no side changed a fact
        "story": pair.get("story"),
    }


def _credit_whom(pair: Mapping[str, Any], source: Mapping[str, Any]) -> str:
    """Whom a credit found credits when it is the agency the source's text credits, not the source's outlet
    (:func:`dedup.credit.check_credit`'s reason says so): "to Reuters, not coastal-post"; "" otherwise."""
    credit = pair.get("credit") or {}
    if credit.get("status") != "credited" or not str(credit.get("reason") or "").endswith(" itself"):
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
    return {"id": cluster.get("id", ""), "members": [_meta(str(m), docs) for m in cluster.get("members") or ()]}


def outlet_figures(pairs: Sequence[Mapping[str, Any]], docs: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """How much of each outlet's copy (in characters) is found in, or derived from, each other outlet.

    Per article and other outlet the best pair counts once: the alignment's share derived from the source
    when the article is the derived one; with the direction unknown, the share of it the alignment links
    to the other or its shared passages cover, whichever is more. An article known to be the source of a
    pair took nothing from that pair's other article, so it does not count; nor does a pair of one outlet's
    articles (an outlet was listed as "derived from" itself).
    """
    best: dict[tuple[str, str], tuple[float, bool]] = {}
    for pair in pairs:
        for doc, other in ((str(pair["a"]), str(pair["b"])), (str(pair["b"]), str(pair["a"]))):
            share, directed = _share(pair, doc)
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


def render_pair(pair: Mapping[str, Any], docs: Mapping[str, Mapping[str, Any]], *,
                asset_prefix: str | None, index_href: str | None) -> str:
    """One pair page; ``asset_prefix=None`` inlines the CSS and JS (a single self-contained file).

    Source on the left, derived on the right. With the direction unknown, ``a`` goes left unless the
    alignment's spans fit the texts the other way round (see :func:`link_fit`).
    """
    left, right, known = _sides(pair)
    alignment = pair.get("alignment") or None
    left_text = str(docs.get(left, {}).get("text") or "")
    right_text = str(docs.get(right, {}).get("text") or "")
    if alignment and not known and link_fit(alignment, right_text, left_text) > link_fit(alignment, left_text, right_text):
        left, right, left_text, right_text = right, left, right_text, left_text
    rows: list[Row] = alignment_rows(alignment, left_text, right_text) if alignment else []
    coverage = (alignment or {}).get("coverage") or {}
    traced = traced_sentences(alignment)
    left_meta, right_meta = _meta(left, docs), _meta(right, docs)
    # another agency's copy credited: published first and later, not "took from" (dedup.wirecopy.wire_copy)
    wire = wire_words(pair, left_meta, right_meta) if known else ""
    known = known and not wire
    if known:  # named as the heading names them: by outlet, or by id when both are one outlet's
        by_id = not left_meta["outlet"] or left_meta["outlet"] == right_meta["outlet"]
        names = (left_meta["id"], right_meta["id"]) if by_id else (left_meta["outlet"], right_meta["outlet"])
    else:
        names = ("article A", "article B")
    tally = sentence_tally(rows)  # the legend counts sentences, as the answer does (it counted links)
    answer = plain_answer(tally, known=known, source=names[0], derived=names[1],
                          story=bool(pair.get("story"))) if traced else ""
    return _ENV.get_template("pair.html").render(
        asset_prefix=asset_prefix,
        index_href=index_href,
        verdict=pair.get("verdict") or "",
        confidence=pair.get("confidence"),
        why=pair.get("why") or {},
        alignment_verdict=sentences_reading(str((alignment or {}).get("verdict")), directed=known, left="A", right="B")
        if (alignment or {}).get("verdict") else "",
        known=known,
        wire=wire,
        reason=direction_why(pair.get("direction_reason") or (alignment or {}).get("direction_reason"),
                             (left_meta.get("published"), right_meta.get("published"))),
        left=left_meta,
        right=right_meta,
        has_text=bool(left_text or right_text),
        coverage=[(k, coverage[k]) for k in ("derived_from_source", "source_used", *KINDS) if k in coverage],
        traced=traced,
        answer=answer,
        story=pair.get("story"),
        scores=pair.get("scores") or {},
        kinds=KINDS,
        rows=rows,
        counts=tally,
        regions=len((alignment or {}).get("regions") or ()),
        passages=None if alignment else _passages(pair, left, left_text, right_text),
        desk=pair_desk(pair, docs, left),
    )


def traced_sentences(alignment: Mapping[str, Any] | None) -> tuple[int, int] | None:
    """How many of the derived text's sentences the alignment links to the source, of how many: the count the
    terminal's answer gives (``dedup compare``). None without an alignment, or when it was limited to the
    regions around shared passages (the rest of the text was not read sentence by sentence).

    >>> traced_sentences({"links": [{"derived_spans": [[0, 9]]}, {"derived_spans": [[10, 19], [20, 29]]}],
    ...                   "new": [[30, 39]]})
    (3, 4)
    """
    if not alignment or alignment.get("regions"):
        return None
    linked = {tuple(span) for link in alignment.get("links") or () for span in link.get("derived_spans") or ()}
    total = len(linked) + len(alignment.get("new") or ())
    return (len(linked), total) if total else None


def _passages(pair: Mapping[str, Any], left: str, left_text: str, right_text: str) -> dict[str, Any]:
    """Both full texts with the shared passages marked; ``p<n>`` links a passage to its counterpart."""
    flip = str(pair["a"]) != left
    spans_left, spans_right = [], []
    for n, passage in enumerate(pair.get("passages") or ()):
        a_span, b_span = passage.get("a"), passage.get("b")
        mine, theirs = (b_span, a_span) if flip else (a_span, b_span)
        spans_left += [(s, e, f"p{n}") for s, e in clean_spans([mine], left_text)]
        spans_right += [(s, e, f"p{n}") for s, e in clean_spans([theirs], right_text)]
    same = " ".join(left_text.split()) == " ".join(right_text.split())
    return {"left": passage_pieces(left_text, spans_left), "right": passage_pieces(right_text, spans_right),
            "count": len(pair.get("passages") or ()), "identical": bool(left_text) and same}
