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

from pathlib import Path
from typing import Any, Iterable, Mapping

from dedup.errors import InputError
from dedup.report.htmldesk import pair_desk
from dedup.report.htmlenv import ENV, pair_filename
from dedup.report.htmlindex import doc_meta, pair_sides, render_index, wire_words
from dedup.report.htmlpair import (KINDS, Row, alignment_rows, clean_spans, link_fit, passage_pieces, plain_answer,
                                   sentence_tally)
from dedup.report.reasons import direction_why, sentences_reading, weighed
from dedup.report.targets import write_atomic

__all__ = ["write_scan_html", "write_pair_html", "render_pair", "traced_sentences"]

_ASSETS = ("report.css", "report.js")


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
        _write(out / name, ENV.get_template(name).render())
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



def render_pair(pair: Mapping[str, Any], docs: Mapping[str, Mapping[str, Any]], *,
                asset_prefix: str | None, index_href: str | None) -> str:
    """One pair page; ``asset_prefix=None`` inlines the CSS and JS (a single self-contained file).

    Source on the left, derived on the right. With the direction unknown, ``a`` goes left unless the
    alignment's spans fit the texts the other way round (see :func:`link_fit`).
    """
    alignment = pair.get("alignment") or None
    left, right, known, left_text, right_text = _oriented(pair, docs, alignment)
    rows: list[Row] = alignment_rows(alignment, left_text, right_text) if alignment else []
    coverage = (alignment or {}).get("coverage") or {}
    traced = traced_sentences(alignment)
    left_meta, right_meta = doc_meta(left, docs), doc_meta(right, docs)
    # another agency's copy credited: published first and later, not "took from" (dedup.wirecopy.wire_copy)
    wire = wire_words(pair, left_meta, right_meta) if known else ""
    known = known and not wire
    names = _named(left_meta, right_meta) if known else ("article A", "article B")
    tally = sentence_tally(rows)  # the legend counts sentences, as the answer does (it counted links)
    answer = plain_answer(tally, known=known, source=names[0], derived=names[1],
                          story=bool(pair.get("story"))) if traced else ""
    return ENV.get_template("pair.html").render(
        asset_prefix=asset_prefix,
        index_href=index_href,
        verdict=pair.get("verdict") or "",
        confidence=pair.get("confidence"),
        why=_shown_why(pair.get("why") or {}),
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


def _shown_why(why: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The reasons for and against that a page lists: one whose weight prints as 0.0 weighed nothing worth
    saying ("figures that differ (3) -0.0" among those that weighed most); the JSON keeps it."""
    return {side: [r for r in reasons if weighed(r.get("contribution"))]
            for side, reasons in why.items() if isinstance(reasons, list)}


def _oriented(pair: Mapping[str, Any], docs: Mapping[str, Mapping[str, Any]],
              alignment: Mapping[str, Any] | None) -> tuple[str, str, bool, str, str]:
    """The pair's left (source) and right (derived) ids, whether that direction is known, and their texts.
    With the direction unknown, ``a`` goes left unless the alignment's spans fit the texts the other way
    round: a page whose spans were marked in the wrong text showed nonsense."""
    left, right, known = pair_sides(pair)
    left_text = str(docs.get(left, {}).get("text") or "")
    right_text = str(docs.get(right, {}).get("text") or "")
    if alignment and not known and link_fit(alignment, right_text, left_text) > link_fit(alignment, left_text, right_text):
        left, right, left_text, right_text = right, left, right_text, left_text
    return left, right, known, left_text, right_text


def _named(left_meta: Mapping[str, Any], right_meta: Mapping[str, Any]) -> tuple[str, str]:
    """Source and derived named as the page's heading names them: by outlet, or by id when both are one
    outlet's (or the source gives none), so that the answer never says an outlet took from itself."""
    by_id = not left_meta["outlet"] or left_meta["outlet"] == right_meta["outlet"]
    return (left_meta["id"], right_meta["id"]) if by_id else (left_meta["outlet"], right_meta["outlet"])


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
