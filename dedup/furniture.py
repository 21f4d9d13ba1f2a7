"""A page's furniture found in its tags without parsing it: the menus, asides and link lists of a page nested too
deep to parse (:func:`without_furniture`), left out before :func:`dedup.markup.flattened` drops its layout.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Any, NamedTuple

from dedup.nesting import CLOSES, CROSSED, CROSSED_NONE, FIRM, FOREIGN, MAX_CROSSED, NO_DEPTH
from dedup.webpage import LINK_SHARE, MIN_LINKS, MOST_OF_PAGE, names_furniture

__all__ = ["without_furniture"]

#: What :func:`dedup.normalize.html_to_article` leaves out of every page it parses (beside scripts and styles).
_DROPPED = frozenset(b"noscript nav header footer aside form iframe svg button template figcaption".split())
#: Blocks a list of links is looked for in (as :func:`dedup.webpage.drop_furniture` looks).
_LISTS = frozenset(b"ul ol div section table p dl".split())
_ROOTS = (b"article", b"main")
#: End tags that close their element through any other left open in it but a scope's boundary (a cell, a
#: template, an svg): ``</div>`` closes a ``<nav>`` left open in it. Others stop at a block (:data:`FIRM`).
_BLOCK_ENDS = frozenset(b"address article aside blockquote button center details dialog dir div dl fieldset "
                        b"figcaption figure footer form header hgroup listing main menu nav ol pre search section "
                        b"summary ul".split())
_SCOPES = frozenset(b"applet caption html table td th marquee object template svg math".split())
_ELEMENT = re.compile(rb"<(/?)([A-Za-z][^\t\n\f\r />]*)([^>]*)>?")
_ATTRIBUTE = re.compile(rb"""(?:^|[\s/])(class|id|role)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_ENTITY = re.compile(rb"&#?[A-Za-z0-9]+;")
_BLANKS = b" \t\n\r\f"
#: What an element found is (:class:`_Element`): left out of every page, named furniture, a block of links.
_TAGGED, _NAMED, _LINKED, _ROOT = range(4)


class _Element(NamedTuple):
    """An element of a page as :func:`_elements` finds it: its bytes ``[start, end)``, what it is, and the
    characters of its text, the links in it and the characters of their text (white space left out)."""

    start: int
    end: int
    kind: int
    name: bytes
    text: int
    links: int
    link_text: int


def without_furniture(html: str) -> str:
    """``html`` without what :func:`dedup.normalize.html_to_article` leaves out of a parsed page as a site's
    furniture, found in its markup instead, in one walk over its tags: for a page too deep to parse as it
    is, before its layout elements go (and with them the names and bounds of its furniture). As in a parsed
    page, first ``nav``, ``header``, ``footer``, ``aside``, forms and the like; then elements named furniture;
    then blocks mostly of links, measured without what went before them (:mod:`dedup.webpage`).

    An element is taken to end where the parser surely ends it, or later; so none that holds the article
    (the first ``<article>``, else ``<main>``), or more than half of its text (of the page's, without one),
    is taken for furniture.

    >>> without_furniture("<nav><p>Home News Sport</p></nav><article><p>Dockers walked out.</p></article>")
    ' <article><p>Dockers walked out.</p></article>'
    """
    data = html.encode("utf-8", "surrogatepass")
    if not _may_hold_furniture(data):
        return html
    elements, total = _elements(data)
    root = next((e for name in _ROOTS for e in elements if e.name == name), None)
    dropped: list[_Element] = []
    for kind in (_TAGGED, _NAMED, _LINKED):
        if kind == _NAMED:  # the article's text as drop_furniture measures it: without what went first
            total = _Held(dropped).without(root, total=total)[0]
        dropped = _furniture(elements, kind, dropped, root, MOST_OF_PAGE * total)
    if not dropped:
        return html
    kept, start = [], 0
    for e in dropped:
        kept += [data[start:e.start], b" "]
        start = e.end
    return b"".join([*kept, data[start:]]).decode("utf-8", "surrogatepass")


#: A tag :data:`_DROPPED` names, or a link's (as :data:`_ELEMENT` reads a name: up to white space, ``/`` or ``>``).
_DROPPED_TAG = re.compile(rb"<(?:" + b"|".join(sorted(_DROPPED)) + rb")(?=[\t\n\f\r />]|\Z)", re.IGNORECASE)
_LINK_TAG = re.compile(rb"<a(?=[\t\n\f\r />]|\Z)", re.IGNORECASE)
#: What :data:`_ATTRIBUTE` needs to name furniture, in a tag or not.
_NAMING = re.compile(rb"(?:class|id|role)\s*=", re.IGNORECASE)


def _may_hold_furniture(data: bytes) -> bool:
    """Whether the walk of :func:`_elements` may find any furniture in ``data``: a tag left out of every page,
    an attribute that may name furniture, or links enough for a list of them. A page of 100,000 bare
    ``<div>``s has none, and its walk was four fifths of the time it took to read (0.17 of 0.21 s).
    Substrings are looked for first (a search of bytes is fast), the patterns only where they are found."""
    low = data.lower()
    if any(b"<" + name in low for name in _DROPPED) and _DROPPED_TAG.search(data):
        return True
    if any(name in low for name in (b"class", b"id", b"role")) and _NAMING.search(data):
        return True
    if low.count(b"<a") < MIN_LINKS:
        return False
    links = 0
    for _ in _LINK_TAG.finditer(data):
        links += 1
        if links >= MIN_LINKS:
            return True
    return False


def _furniture(elements: list[_Element], kind: int, dropped: list[_Element], root: _Element | None,
               most: float) -> list[_Element]:
    """``dropped`` (the outermost furniture found so far, in order) with the outermost of ``elements`` of
    ``kind`` that are furniture: measured without what ``dropped`` holds, at most ``most`` characters
    when in the article, none holding it."""
    held = _Held(dropped)
    chosen: list[_Element] = []
    for e in elements:
        at = bisect_right(held.starts, e.start)
        if e.kind != kind or (at and e.start < dropped[at - 1].end) or (chosen and e.start < chosen[-1].end):
            continue  # not of the kind, or inside furniture already found
        text, links, link_text = held.without(e)
        if kind == _LINKED and not (links >= MIN_LINKS and link_text >= LINK_SHARE * text):
            continue
        if root is None or root.start < e.start < root.end:
            if text <= most:  # in the article, never most of it
                chosen.append(e)
        elif e.end <= root.start or e.start >= root.end:  # none of the article's text (what holds it stays)
            chosen.append(e)
    outermost: list[_Element] = []
    for e in sorted(chosen + dropped):  # what was found before inside what is found now goes with it
        if not outermost or e.start >= outermost[-1].end:
            outermost.append(e)
    return outermost


class _Held:
    """The text, links and link text of the elements of ``dropped`` (the outermost, in order) that another
    holds: running sums of theirs, and two binary searches."""

    def __init__(self, dropped: list[_Element]) -> None:
        self.starts = [e.start for e in dropped]
        self.sums = [(0, 0, 0)]
        for e in dropped:
            t, n, k = self.sums[-1]
            self.sums.append((t + e.text, n + e.links, k + e.link_text))

    def without(self, outer: _Element | None, *, total: int = 0) -> tuple[int, int, int]:
        """``outer``'s text, links and link text without those of the elements it holds (the page's text,
        ``total``, without all of them when None)."""
        if outer is None:
            return total - self.sums[-1][0], 0, 0
        low, high = bisect_left(self.starts, outer.start), bisect_left(self.starts, outer.end)
        (t0, n0, k0), (t1, n1, k1) = self.sums[low], self.sums[high]
        return outer.text - t1 + t0, outer.links - n1 + n0, outer.link_text - k1 + k0


def _elements(data: bytes) -> tuple[list[_Element], int]:
    """The elements of ``data`` that may be furniture, and the article and main, in order; and the characters
    of the page's text. One walk over the tags, each end tag looked for at most :data:`MAX_CROSSED`
    elements down."""
    found: list[_Element] = []
    stack: list[tuple[bytes, int, int, int, int, int]] = []
    text = links = link_text = foreign = last = 0
    in_link = False

    def close(k: int, end: int) -> None:
        nonlocal foreign
        while len(stack) > k:
            name, start, text0, links0, link_text0, kind = stack.pop()
            foreign -= name in FOREIGN
            if kind == _LINKED and links - links0 < MIN_LINKS:
                continue
            if kind is not None:
                found.append(_Element(start, end, kind, name, text - text0, links - links0, link_text - link_text0))

    for tag in _ELEMENT.finditer(data):
        begin, end = tag.span()
        if begin > last:
            chars = _text_chars(data[last:begin])
            text += chars
            link_text += chars if in_link else 0
        last = end
        closing, name, attributes = tag.groups()
        name = name.lower()
        if name in NO_DEPTH:
            continue
        if name == b"a":
            links, in_link = links + (not closing), not closing
        if closing:
            k = _closed_by(stack, name)
            if k is not None:
                close(k, end)
            continue
        for closed in CLOSES.get(name, ()):
            if stack and stack[-1][0] in closed:
                close(len(stack) - 1, begin)
        if (foreign or name in FOREIGN) and attributes.rstrip().endswith(b"/"):
            continue  # <path/> closes itself in an svg
        stack.append((name, begin, text, links, link_text, _kind(name, attributes)))
        foreign += name in FOREIGN
    text += len(data[last:].translate(None, _BLANKS))
    close(0, len(data))
    found.sort()
    return found, text


def _text_chars(gap: bytes) -> int:
    """The characters of the text between two tags (``gap``), but white space; an entity one character."""
    chars = len(gap.translate(None, _BLANKS))
    if b"&" in gap:  # an entity is one character
        chars -= sum(len(entity) - 1 for entity in _ENTITY.findall(gap))
    return chars


def _kind(name: bytes, attributes: bytes) -> int | None:
    """What :func:`_elements` takes an element for, by its name and attributes: furniture by its tag or by what
    its attributes name, the article or main, a list that may be a block of links; None: none of them."""
    return (_TAGGED if name in _DROPPED else _NAMED if b"=" in attributes and _names_furniture(attributes)
            else _ROOT if name in _ROOTS else _LINKED if name in _LISTS else None)


def _closed_by(stack: list[tuple[Any, ...]], name: bytes) -> int | None:
    """Where on ``stack`` the end tag of ``name`` closes elements from, or None when it is taken as ignored."""
    through = name in _BLOCK_ENDS
    crossed = CROSSED.get(name, CROSSED_NONE)
    k = len(stack) - 1
    for k in range(k, max(-1, k - MAX_CROSSED), -1):
        open_name = stack[k][0]
        if open_name == name:
            return k
        if open_name in _SCOPES if through else (open_name in FIRM and open_name not in crossed):
            return None
    return None


@lru_cache(maxsize=4096)  # a page repeats its tags' attributes: 100,000 <div class="row">s spent 0.3 s here
def _names_furniture(attributes: bytes) -> bool:
    """Whether a tag's attributes (as written) name its element furniture (:func:`dedup.webpage.names_furniture`)."""
    named: dict[str, str | None] = {}
    for key, *values in _ATTRIBUTE.findall(attributes):
        named.setdefault(key.decode("ascii").lower(), b"".join(values).decode("utf-8", "replace"))
    return bool(named) and names_furniture(named)
