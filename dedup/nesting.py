"""How deep a page's elements nest as the HTML parser will nest them, measured on its tags without parsing it: the
parser's rules of which end tag closes what (shared with :mod:`dedup.furniture`), and :func:`too_deep`.

The HTML parser's time grows with the square of a page's depth; :func:`dedup.markup.flattened` makes a page that
nests past what browsers keep flat before :func:`dedup.normalize.html_to_article` parses it.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["MAX_HTML_DEPTH", "too_deep", "NO_DEPTH", "FIRM", "FOREIGN", "CROSSED", "CROSSED_NONE", "MAX_CROSSED",
           "CLOSES"]

#: Elements nested deeper than this are flattened before parsing: the parser's time grows with the square
#: of the depth (100,000 unclosed ``<div>``s, half a megabyte: minutes), and browsers stop nesting at 512.
MAX_HTML_DEPTH = 512
#: A tag as the parser names it: every character up to white space, ``/`` or ``>`` (with the ``/`` of an end
#: tag; one group, not two: a third of the time went on building the pairs).
_TAG = re.compile(rb"<(/?[A-Za-z][^\t\n\f\r />]*)")
#: Never left open: void elements, and html, head and body, which the parser opens once whatever it is given.
NO_DEPTH = frozenset(b"area base basefont bgsound br col embed frame hr image img input keygen link meta param "
                      b"source track wbr html head body".split())
_FORMATTING = frozenset(b"a b big code em font i nobr s small strike strong tt u".split())
#: Elements an end tag of another name is not seen to pop through (the parser's "special" elements, scope
#: boundaries, foreign roots); crossing a formatting element would miss the elements it is rebuilt as.
FIRM = frozenset(b"address applet article aside blockquote button caption center col colgroup dd details dialog "
                  b"dir div dl dt fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup "
                  b"iframe li listing main marquee menu nav noembed noframes noscript object ol p plaintext pre "
                  b"script search section select style summary table tbody td template textarea tfoot th thead "
                  b"title tr ul xmp svg math mi mo mn ms mtext annotation-xml foreignobject desc".split()) | _FORMATTING
FOREIGN = frozenset({b"svg", b"math"})
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
CROSSED_NONE: frozenset[bytes] = frozenset()
#: What an end tag is seen to pop through to its element besides ordinary elements: a special element's
#: closes the paragraphs, list items and cells left open in it; a formatting element's (which the parser
#: may rebuild) and ``</form>`` (which takes out the form alone) only ordinary ones.
CROSSED = {name: _IMPLIED for name in FIRM - _FORMATTING - {b"form"}}
CROSSED.update({b"tr": _IMPLIED | _CELLS, b"tbody": _IMPLIED | _ROWS, b"thead": _IMPLIED | _ROWS,
                 b"tfoot": _IMPLIED | _ROWS, b"table": _IMPLIED | _TABLE_PARTS, b"form": CROSSED_NONE})
#: An end tag further above its element than this is taken as ignored (a page closes what it left open a
#: few levels up; this keeps the measure linear whatever the page).
MAX_CROSSED = 16
#: What a start tag closes when it is the open element (an unclosed ``<p>`` before a block, ``<li>`` before
#: ``<li>``, ...), in order.
_BLOCK_STARTS = (b"address article aside blockquote center details dialog dir div dl fieldset figcaption figure "
                 b"footer header hgroup main menu nav ol p search section summary ul h1 h2 h3 h4 h5 h6 pre "
                 b"listing form xmp plaintext").split()
CLOSES: dict[bytes, tuple[frozenset[bytes], ...]] = {name: (frozenset({b"p"}),) for name in _BLOCK_STARTS}
CLOSES.update({b"li": (frozenset({b"p"}), frozenset({b"li"})),
                **{name: (frozenset({b"p"}), frozenset({b"dd", b"dt"})) for name in (b"dd", b"dt")},
                **{b"h%d" % n: (frozenset({b"p"}), frozenset(b"h1 h2 h3 h4 h5 h6".split())) for n in range(1, 7)},
                b"option": (frozenset({b"option"}),), b"optgroup": (frozenset({b"option"}), frozenset({b"optgroup"})),
                b"td": (_CELLS,), b"th": (_CELLS,), b"tr": (_CELLS, frozenset({b"tr"})),
                **{name: (_CELLS, frozenset({b"tr"}), frozenset({b"tbody", b"thead", b"tfoot"}))
                   for name in (b"tbody", b"thead", b"tfoot")}})


def too_deep(html: str) -> bool:
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
        if name in NO_DEPTH:
            continue
        if not closing:
            _opened(stack, name)
            if len(stack) > MAX_HTML_DEPTH:
                return True
            if name in FOREIGN and _closes_itself(data, next(roots).end()) is False and foreign < 0 and paused < 0:
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
    """:func:`too_deep`'s step inside an svg or math element (``stack[foreign]``): ``(foreign, paused,
    skipped)``, where the parser may be reading HTML again (an HTML element's tag, an end tag of an element
    ``outside``: no longer foreign; an integration point: ``paused`` on it), or the tag is skipped (counted
    nowhere; the svg or math tags it passes, taken from ``roots``)."""
    if name in _BREAKOUT or (closing and name in outside):
        return -1, paused, False  # the parser may have left the svg: count from here, the svg still open
    if not closing and name in _INTEGRATION:
        return -1, len(stack), False  # HTML inside, counted; the svg's content resumes after it
    if not closing or name != stack[foreign]:
        if name in FOREIGN and not closing:
            next(roots)
        return foreign, paused, True
    return foreign, paused, False


def _opened(stack: list[bytes], name: bytes) -> None:
    """``stack`` with the element ``name`` opened: the open elements its start tag closes first popped
    (:data:`CLOSES`: an unclosed ``<p>`` before a block)."""
    closes = CLOSES.get(name)
    if closes is not None:
        for closed in closes:
            if stack and stack[-1] in closed:
                stack.pop()
    stack.append(name)


def _end_tag_at(stack: list[bytes], name: bytes) -> int | None:
    """Where on ``stack`` the end tag of ``name`` surely closes elements from, or None when it may not
    (taken as ignored): it pops through ordinary elements and what :data:`CROSSED` lets it, at most
    :data:`MAX_CROSSED` down."""
    at = len(stack) - 1
    if at < 0 or stack[at] != name:
        crossed, lowest = CROSSED.get(name, CROSSED_NONE), max(-1, at - MAX_CROSSED)
        while at > lowest and stack[at] != name and (stack[at] not in FIRM or stack[at] in crossed):
            at -= 1
        if at <= lowest or stack[at] != name:
            return None
    return at


def _closed_at(stack: list[bytes], at: int, foreign: int, paused: int) -> tuple[int, int]:
    """``stack`` closed from ``at``, and :func:`too_deep`'s ``(foreign, paused)`` after it: the integration
    point itself closed takes the walk back into its svg; an svg or an integration point closed is left."""
    if at == paused == len(stack) - 1:  # the integration point itself, closed: back in the svg
        foreign = next(k for k in range(at - 1, -1, -1) if stack[k] in FOREIGN)
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
