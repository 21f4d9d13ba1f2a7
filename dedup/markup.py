"""A page's markup read without parsing it: how deep its elements nest as the parser will nest them, and the
page as the parser may read it fast when they nest too deep (without its furniture, found in its tags).

The HTML parser's time grows with the square of a page's depth; a page nested past what browsers keep
is made flat here, in time linear in its size, before :func:`dedup.normalize.html_to_article` parses it.
"""

from __future__ import annotations

import re

from dedup.furniture import without_furniture
from dedup.nesting import MAX_HTML_DEPTH, too_deep

__all__ = ["MAX_HTML_ELEMENTS", "MAX_ATTRIBUTE_NAMES", "flattened", "too_many_elements"]

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
    if not too_deep(read):
        return read
    flat = _LAYOUT.sub(" ", without_furniture(read))  # furniture goes first, its names and bounds with its layout
    return flat if not too_deep(flat) else _NESTING.sub(" ", flat)


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
