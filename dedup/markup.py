"""A page's markup read without parsing it: how deep its elements nest as the parser will nest them, and the
page as the parser may read it fast when they nest too deep (without its furniture, found in its tags).

The HTML parser's time grows with the square of a page's depth; a page nested past what browsers keep
is made flat here, in time linear in its size, before :func:`dedup.normalize.html_to_article` parses it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Any, NamedTuple

from dedup.webpage import LINK_SHARE, MIN_LINKS, MOST_OF_PAGE, names_furniture

__all__ = ["MAX_HTML_DEPTH", "MAX_HTML_ELEMENTS", "flattened", "too_many_elements", "without_furniture"]

#: Elements nested deeper than this are flattened before parsing: the parser's time grows with the square
#: of the depth (100,000 unclosed ``<div>``s, half a megabyte: minutes), and browsers stop nesting at 512.
MAX_HTML_DEPTH = 512
#: A page with more start tags than this is not parsed: the parser holds each element (with what the reader
#: makes of it, some 500 bytes), and 8 MB of ``<p>a</p>`` took 530 MB and 10 s, 32 MB 2 GB (a page of the
#: largest size read, 64 MB, 4 GB). News pages hold thousands; a book's chapter tens of thousands.
MAX_HTML_ELEMENTS = 500_000
_START = re.compile(r"<[A-Za-z]")
#: Where the parser reads no markup: a comment, a CDATA section (a bogus comment in HTML: to the first ``>``),
#: the text of a script or a style (to its first end tag; a parser may read on, never stops sooner).
_UNREAD = re.compile(r"<!--|<!\[CDATA\[|<(script|style)(?=[\t\n\f\r />])", re.IGNORECASE | re.ASCII)
_UNREAD_END = {"--": re.compile(r"--!?>"), "script": re.compile(r"</script(?=[\t\n\f\r />])", re.I | re.A),
               "style": re.compile(r"</style(?=[\t\n\f\r />])", re.I | re.A)}
#: A tag as the parser names it: every character up to white space, ``/`` or ``>`` (with the ``/`` of an end
#: tag; one group, not two: a third of the time went on building the pairs).
_TAG = re.compile(rb"<(/?[A-Za-z][^\t\n\f\r />]*)")
#: Never left open: void elements, and html, head and body, which the parser opens once whatever it is given.
_NO_DEPTH = frozenset(b"area base basefont bgsound br col embed frame hr image img input keygen link meta param "
                      b"source track wbr html head body".split())
_FORMATTING = frozenset(b"a b big code em font i nobr s small strike strong tt u".split())
#: Elements an end tag of another name is not seen to pop through (the parser's "special" elements, scope
#: boundaries, foreign roots); crossing a formatting element would miss the elements it is rebuilt as.
_FIRM = frozenset(b"address applet article aside blockquote button caption center col colgroup dd details dialog "
                  b"dir div dl dt fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup "
                  b"iframe li listing main marquee menu nav noembed noframes noscript object ol p plaintext pre "
                  b"script search section select style summary table tbody td template textarea tfoot th thead "
                  b"title tr ul xmp svg math mi mo mn ms mtext annotation-xml foreignobject desc".split()) | _FORMATTING
_FOREIGN = frozenset({b"svg", b"math"})
_FOREIGN_TAG = re.compile(rb"<(?:svg|math)(?=[\t\n\f\r />]|\Z)", re.IGNORECASE)
#: Where an svg or math element holds HTML again (``foreignObject``, ``desc``, ``title``; MathML's text).
_INTEGRATION = frozenset(b"foreignobject desc title mi mo mn ms mtext annotation-xml".split())
#: Start tags that take the parser out of an svg or math element (and ``</br>``, ``</p>``).
_BREAKOUT = frozenset(b"b big blockquote body br center code dd div dl dt em embed font h1 h2 h3 h4 h5 h6 head hr i "
                      b"img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u "
                      b"ul var".split())
#: Elements whose end the end tag of an enclosing one implies (unclosed paragraphs, list items, cells).
_IMPLIED = {b"p", b"li", b"dd", b"dt", b"option", b"optgroup", b"rb", b"rp", b"rt", b"rtc"}
_CELLS = frozenset(b"td th".split())
_ROWS = _CELLS | {b"tr"}
_TABLE_PARTS = _ROWS | frozenset(b"tbody thead tfoot caption colgroup".split())
_CROSSED_NONE: frozenset[bytes] = frozenset()
#: What an end tag is seen to pop through to its element besides ordinary elements: a special element's
#: closes the paragraphs, list items and cells left open in it; a formatting element's (which the parser
#: may rebuild) and ``</form>`` (which takes out the form alone) only ordinary ones.
_CROSSED = {name: _IMPLIED for name in _FIRM - _FORMATTING - {b"form"}}
_CROSSED.update({b"tr": _IMPLIED | _CELLS, b"tbody": _IMPLIED | _ROWS, b"thead": _IMPLIED | _ROWS,
                 b"tfoot": _IMPLIED | _ROWS, b"table": _IMPLIED | _TABLE_PARTS, b"form": _CROSSED_NONE})
#: An end tag further above its element than this is taken as ignored (a page closes what it left open a
#: few levels up; this keeps the measure linear whatever the page).
_MAX_CROSSED = 16
#: What a start tag closes when it is the open element (an unclosed ``<p>`` before a block, ``<li>`` before
#: ``<li>``, ...), in order.
_BLOCK_STARTS = (b"address article aside blockquote center details dialog dir div dl fieldset figcaption figure "
                 b"footer header hgroup main menu nav ol p search section summary ul h1 h2 h3 h4 h5 h6 pre "
                 b"listing form xmp plaintext").split()
_CLOSES: dict[bytes, tuple[frozenset[bytes], ...]] = {name: (frozenset({b"p"}),) for name in _BLOCK_STARTS}
_CLOSES.update({b"li": (frozenset({b"p"}), frozenset({b"li"})),
                **{name: (frozenset({b"p"}), frozenset({b"dd", b"dt"})) for name in (b"dd", b"dt")},
                **{b"h%d" % n: (frozenset({b"p"}), frozenset(b"h1 h2 h3 h4 h5 h6".split())) for n in range(1, 7)},
                b"option": (frozenset({b"option"}),), b"optgroup": (frozenset({b"option"}), frozenset({b"optgroup"})),
                b"td": (_CELLS,), b"th": (_CELLS,), b"tr": (_CELLS, frozenset({b"tr"})),
                **{name: (_CELLS, frozenset({b"tr"}), frozenset({b"tbody", b"thead", b"tfoot"}))
                   for name in (b"tbody", b"thead", b"tfoot")}})
#: Layout elements a page too deeply nested loses (their text stays; block elements the text is read by stay).
_LAYOUT = re.compile(r"</?(?:div|span|section|font|center|b|i|u|em|strong|small|big|table|tbody|thead|tr|ul|ol|dl)\b[^>]*>",
                     re.IGNORECASE)
#: A page still too deep without them keeps only tags that cannot nest.
_NESTING = re.compile(r"</?(?!(?:p|h[1-6]|br|title|meta|link)[\t\n\f\r />])[A-Za-z][^>]*>", re.IGNORECASE | re.ASCII)


#: A page whose tags name more distinct attributes than this keeps only the attributes the reader reads: the
#: parser's time grows with the square of their number (it checks each against those it has, per element
#: and per page): 200,000 in one tag (2.7 MB), or one in each of 128,000 tags, took minutes. Pages have dozens.
MAX_ATTRIBUTE_NAMES = 1024
#: Pages with fewer ``=`` and fewer ``<`` than this and no tag this long cannot name enough attributes to be
#: slow (half a second at most) and are not counted (the count takes a quarter of the parser's time; this
#: look, a tenth).
_ATTRIBUTES_FROM = 16 * 1024
_LONG_TAG = re.compile(r"<[A-Za-z][^<>]{%d}" % _ATTRIBUTES_FROM)
#: A start tag's name and what follows it up to its ``>`` (quoted values may hold ``>``). Possessive, a run of
#: characters at a time: repeated a character at a time, the regular expression engine kept a mark for each
#: (170 bytes a character: a tag of 3.4 MB, 300,000 attributes, took 600 MB and 2 s; one of 64 MB would take 11 GB).
_START_TAG = re.compile(r"""(<[A-Za-z][^\t\n\f\r />]*)((?:[^>"']++|"[^"]*+"|'[^']*+')*+)""")
#: One attribute in what follows a tag's name: its name and its value, if it has one.
_ATTRIBUTE_OF_TAG = re.compile(r"""([^\t\n\f\r />="']+)(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"[^"]*"|'[^']*'|[^\t\n\f\r >]*))?""")
#: The attributes the reader reads (dedup.normalize, dedup.webpage).
_READ_ATTRIBUTES = frozenset("charset class content datetime href http-equiv id lang name property rel role".split())


def too_many_elements(html: str, most: int = MAX_HTML_ELEMENTS) -> int | None:
    """The number of start tags of ``html`` when it is more than ``most`` (counted whole: a tag in a script
    counts too, so a page near the bound may be counted above it), else None; only a page of more than
    ``most`` ``<`` is counted.

    >>> too_many_elements("<p>a</p>" * 3, most=2), too_many_elements("<p>a < b</p>", most=2)
    (3, None)
    """
    if html.count("<") <= most:
        return None
    found = sum(1 for _ in _START.finditer(html))
    return found if found > most else None


def flattened(html: str) -> str:
    """``html`` as the parser may read it fast: with only the attributes the reader reads when its tags
    name more than :data:`MAX_ATTRIBUTE_NAMES` distinct ones, without what scripts, styles and comments
    hold, and without its furniture (:func:`without_furniture`) and its layout elements when they nest
    deeper than :data:`MAX_HTML_DEPTH`.

    The depth is measured on exactly the text the parser gets, so that markup the measure skips (a script
    full of ``<div>`` strings) is markup the parser never reads either."""
    html = _fewer_attributes(html)
    if html.count("<") <= MAX_HTML_DEPTH:
        return html
    read = _without_unread(html)
    if not _too_deep(read):
        return read
    flat = _LAYOUT.sub(" ", without_furniture(read))  # furniture goes first, its names and bounds with its layout
    return flat if not _too_deep(flat) else _NESTING.sub(" ", flat)


def _fewer_attributes(html: str) -> str:
    """``html`` itself, or, when its tags name more than :data:`MAX_ATTRIBUTE_NAMES` distinct attributes,
    with each tag's attributes cut to those the reader reads (its text as it was)."""
    if html.count("=") < _ATTRIBUTES_FROM and html.count("<") < _ATTRIBUTES_FROM and not _LONG_TAG.search(html):
        return html
    names = set(_ATTRIBUTE_OF_TAG.findall("\n".join(rest for _, rest in _START_TAG.findall(html))))
    if len(names) <= MAX_ATTRIBUTE_NAMES:
        return html

    def kept(tag: re.Match[str]) -> str:
        attributes = (a.group() for a in _ATTRIBUTE_OF_TAG.finditer(tag.group(2))
                      if a.group(1).lower() in _READ_ATTRIBUTES)
        closing = "/" if tag.group(2).rstrip().endswith("/") else ""  # <br/>, <path .../> in foreign content
        return " ".join((tag.group(1), *attributes)) + closing

    return _START_TAG.sub(kept, html)


def _without_unread(html: str) -> str:
    """``html`` without the contents of its comments, CDATA sections, scripts and styles (their tags stay)."""
    kept: list[str] = []
    start = 0
    while (found := _UNREAD.search(html, start)) is not None:
        name = found.group(1)
        if name is None:
            open_end = found.end()
            if found.group().startswith("<!["):
                close = html.find(">", open_end)
                end = len(html) if close < 0 else close + 1
            elif html.startswith(">", open_end) or html.startswith("->", open_end):
                end = html.index(">", open_end) + 1  # <!--> and <!--->: empty comments
            else:
                close_m = _UNREAD_END["--"].search(html, open_end)
                end = len(html) if close_m is None else close_m.end()
            kept.append(html[start:found.start()])
        else:
            tag_end = html.find(">", found.end())
            if tag_end < 0:
                break
            close_m = _UNREAD_END[name.lower()].search(html, tag_end + 1)
            end = len(html) if close_m is None else close_m.start()
            kept.append(html[start:tag_end + 1])
        start = end
    if not kept:
        return html
    kept.append(html[start:])
    return "".join(kept)


def _too_deep(html: str) -> bool:
    """Whether the elements of ``html`` may nest deeper than :data:`MAX_HTML_DEPTH`, read as the parser reads
    them or deeper (never shallower): an end tag closes only an element it surely closes, and one it may
    not is taken as ignored (``<div></span>`` nests as ``<div><div>``).

    Inside an ``<svg>`` or ``<math>`` nothing is counted (an inline chart's thousands of ``<path/>`` close
    themselves there, and nesting there costs the parser nothing) until the parser may be reading HTML
    again: at an HTML element's tag, an end tag of an element outside, or inside a ``foreignObject``."""
    if html.count("<") <= MAX_HTML_DEPTH:
        return False
    # lowered at once, as the parser compares names (a tag's case changes no position the walk reads)
    data = html.encode("utf-8", "surrogatepass").lower()
    stack: list[bytes] = []
    foreign = paused = -1  # the svg or math whose content is skipped; the integration point it waits on
    outside: set[bytes] = set()  # the elements open outside that svg or math
    roots = _FOREIGN_TAG.finditer(data)  # the tags found below, where each svg or math tag's name ends
    for tag in _tags(data):
        closing = tag[0] == 47  # "/"
        name = tag[1:] if closing else tag
        if foreign >= 0:
            foreign, paused, skipped = _in_foreign(stack, foreign, paused, outside, roots, closing, name)
            if skipped:
                continue
        if name in _NO_DEPTH:
            continue
        if not closing:
            _opened(stack, name)
            if len(stack) > MAX_HTML_DEPTH:
                return True
            if name in _FOREIGN and _closes_itself(data, next(roots).end()) is False and foreign < 0 and paused < 0:
                foreign, outside = len(stack) - 1, set(stack[:-1])
            continue
        if stack and stack[-1] == name and foreign < 0 and paused < 0:  # most end tags: the open element's
            stack.pop()
            continue
        at = _end_tag_at(stack, name)
        if at is not None:
            foreign, paused = _closed_at(stack, at, foreign, paused)
    return False


def _in_foreign(stack: list[bytes], foreign: int, paused: int, outside: set[bytes], roots: Any, closing: bool,
                name: bytes) -> tuple[int, int, bool]:
    """:func:`_too_deep`'s step inside an svg or math element (``stack[foreign]``): ``(foreign, paused,
    skipped)``, where the parser may be reading HTML again (an HTML element's tag, an end tag of an element
    ``outside``: no longer foreign; an integration point: ``paused`` on it), or the tag is skipped (counted
    nowhere; the svg or math tags it passes, taken from ``roots``)."""
    if name in _BREAKOUT or (closing and name in outside):
        return -1, paused, False  # the parser may have left the svg: count from here, the svg still open
    if not closing and name in _INTEGRATION:
        return -1, len(stack), False  # HTML inside, counted; the svg's content resumes after it
    if not closing or name != stack[foreign]:
        if name in _FOREIGN and not closing:
            next(roots)
        return foreign, paused, True
    return foreign, paused, False


def _opened(stack: list[bytes], name: bytes) -> None:
    """``stack`` with the element ``name`` opened: the open elements its start tag closes first popped
    (:data:`_CLOSES`: an unclosed ``<p>`` before a block)."""
    closes = _CLOSES.get(name)
    if closes is not None:
        for closed in closes:
            if stack and stack[-1] in closed:
                stack.pop()
    stack.append(name)


def _end_tag_at(stack: list[bytes], name: bytes) -> int | None:
    """Where on ``stack`` the end tag of ``name`` surely closes elements from, or None when it may not
    (taken as ignored): it pops through ordinary elements and what :data:`_CROSSED` lets it, at most
    :data:`_MAX_CROSSED` down."""
    at = len(stack) - 1
    if at < 0 or stack[at] != name:
        crossed, lowest = _CROSSED.get(name, _CROSSED_NONE), max(-1, at - _MAX_CROSSED)
        while at > lowest and stack[at] != name and (stack[at] not in _FIRM or stack[at] in crossed):
            at -= 1
        if at <= lowest or stack[at] != name:
            return None
    return at


def _closed_at(stack: list[bytes], at: int, foreign: int, paused: int) -> tuple[int, int]:
    """``stack`` closed from ``at``, and :func:`_too_deep`'s ``(foreign, paused)`` after it: the integration
    point itself closed takes the walk back into its svg; an svg or an integration point closed is left."""
    if at == paused == len(stack) - 1:  # the integration point itself, closed: back in the svg
        foreign = next(k for k in range(at - 1, -1, -1) if stack[k] in _FOREIGN)
    del stack[at:]
    if foreign >= len(stack):
        foreign = -1
    if paused >= len(stack):
        paused = -1
    return foreign, paused


#: How many bytes of a page :func:`_tags` reads the tags of at once.
_TAG_CHUNK = 1 << 16


def _tags(data: bytes) -> Any:
    """The names of ``data``'s tags as :data:`_TAG` finds them, a chunk of about :data:`_TAG_CHUNK` bytes at a
    time, so that a page found too deep in its first tags is not read to its end (a third of the measure's
    time on 100,000 unclosed ``<div>``s). A chunk ends just after a ``>``, which no name holds, so every
    name is found whole, and only where it is found reading all of ``data`` at once."""
    start = 0
    while start < len(data):
        cut = data.find(b">", start + _TAG_CHUNK)
        end = len(data) if cut < 0 else cut + 1
        yield from _TAG.findall(data, start, end)
        start = end


_SPACE = frozenset(b"\t\n\f\r ")


def _closes_itself(data: bytes, at: int) -> bool | None:
    """Whether the start tag whose name ends at ``at`` closes itself (``<svg .../>``), its attributes read as
    the tokenizer reads them (a ``/>`` inside a quoted value or ending an unquoted one does not); None for
    a tag that never ends."""
    i, n = at, len(data)
    while i < n:
        c = data[i]
        if c == 62:  # >
            return False
        if c == 47 or c in _SPACE:  # a "/" not before ">" is read as a space
            if c == 47 and data[i + 1 : i + 2] == b">":
                return True
            i += 1
            continue
        i += 1  # an attribute's name (it may begin with "=")
        while i < n and data[i] not in _SPACE and data[i] not in b"/>=":
            i += 1
        j = i
        while j < n and data[j] in _SPACE:
            j += 1
        if j < n and data[j] == 61:  # =: a value, quoted or not
            j += 1
            while j < n and data[j] in _SPACE:
                j += 1
            if j < n and data[j] in b"\"'":
                close = data.find(data[j : j + 1], j + 1)
                if close < 0:
                    return None
                i = close + 1
            else:
                while j < n and data[j] not in _SPACE and data[j] != 62:
                    j += 1
                i = j
    return None


# -- furniture of a page too deep to parse ------------------------------------------------------------------

#: What :func:`dedup.normalize.html_to_article` leaves out of every page it parses (beside scripts and styles).
_DROPPED = frozenset(b"noscript nav header footer aside form iframe svg button template figcaption".split())
#: Blocks a list of links is looked for in (as :func:`dedup.webpage.drop_furniture` looks).
_LISTS = frozenset(b"ul ol div section table p dl".split())
_ROOTS = (b"article", b"main")
#: End tags that close their element through any other left open in it but a scope's boundary (a cell, a
#: template, an svg): ``</div>`` closes a ``<nav>`` left open in it. Others stop at a block (:data:`_FIRM`).
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
    of the page's text. One walk over the tags, each end tag looked for at most :data:`_MAX_CROSSED`
    elements down."""
    found: list[_Element] = []
    stack: list[tuple[bytes, int, int, int, int, int]] = []
    text = links = link_text = foreign = last = 0
    in_link = False

    def close(k: int, end: int) -> None:
        nonlocal foreign
        while len(stack) > k:
            name, start, text0, links0, link_text0, kind = stack.pop()
            foreign -= name in _FOREIGN
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
        if name in _NO_DEPTH:
            continue
        if name == b"a":
            links, in_link = links + (not closing), not closing
        if closing:
            k = _closed_by(stack, name)
            if k is not None:
                close(k, end)
            continue
        for closed in _CLOSES.get(name, ()):
            if stack and stack[-1][0] in closed:
                close(len(stack) - 1, begin)
        if (foreign or name in _FOREIGN) and attributes.rstrip().endswith(b"/"):
            continue  # <path/> closes itself in an svg
        stack.append((name, begin, text, links, link_text, _kind(name, attributes)))
        foreign += name in _FOREIGN
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
    crossed = _CROSSED.get(name, _CROSSED_NONE)
    k = len(stack) - 1
    for k in range(k, max(-1, k - _MAX_CROSSED), -1):
        open_name = stack[k][0]
        if open_name == name:
            return k
        if open_name in _SCOPES if through else (open_name in _FIRM and open_name not in crossed):
            return None
    return None


@lru_cache(maxsize=4096)  # a page repeats its tags' attributes: 100,000 <div class="row">s spent 0.3 s here
def _names_furniture(attributes: bytes) -> bool:
    """Whether a tag's attributes (as written) name its element furniture (:func:`dedup.webpage.names_furniture`)."""
    named: dict[str, str | None] = {}
    for key, *values in _ATTRIBUTE.findall(attributes):
        named.setdefault(key.decode("ascii").lower(), b"".join(values).decode("utf-8", "replace"))
    return bool(named) and names_furniture(named)
