"""The HTML reports' shared parts: the Jinja environment (its templates in ``dedup/report/templates``), the
filters and pieces of markup the templates print with, and the pair pages' file names.

Article text is untrusted: every value goes through Jinja's autoescaping, and bidirectional controls in it
are shown, not obeyed (:func:`_shown`).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, Iterable, Mapping

from jinja2 import Environment, PackageLoader, Undefined, select_autoescape
from markupsafe import Markup, escape

from dedup.normalize import shown_bidi, shown_id
from dedup.report.htmlpair import Row
from dedup.report.reasons import reason_label

__all__ = ["ENV", "VERDICTS", "pair_filename", "pieces_html", "sentences_html", "row_items_html", "kind_label"]

VERDICTS = ("duplicate", "partial", "rewrite")
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
    # an article's id as a page shows it, as the terminal does: its bidirectional controls and invisible characters
    # written out (links and anchors keep it)
    env.filters["shown_id"] = lambda v: shown_id(v) if isinstance(v, str) else v
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


ENV = _env()


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

