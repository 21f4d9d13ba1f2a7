"""RSS and Atom feeds as records: each item (RSS 2.0, RSS 1.0/RDF) or entry (Atom) one JSON-like record, read as a
JSONL line is (:class:`dedup.records.Articles`).

A wire desk's and a media monitor's daily input is feeds; they were refused ("unsupported file type .xml"). The
parser is the standard library's expat, told to refuse what a feed never needs: a document type that declares
anything (``<!DOCTYPE rss [...]>``), so no entity is declared, none expanded (a "billion laughs" of nested entities) and none fetched (an
external entity naming a local file or a URL), and parameter entities are never parsed. A feed malformed part way
gives the items before the fault, then :class:`FeedError` naming its line and column; an entity HTML names and XML
does not (``&nbsp;``) is no fault: read as HTML reads it. Reads no input: the text is given (by :mod:`dedup.reading`).
"""

from __future__ import annotations

import re
import xml.parsers.expat as expat
from dataclasses import dataclass
from html import escape
from html.entities import html5
from typing import Any, Iterable, Iterator

from dedup.lines import MAX_LINE_BYTES

__all__ = ["FeedError", "MAX_FEED_DEPTH", "MAX_ITEM_CHARS", "MAX_PROLOG_CHARS", "feed_records", "prolog_read", "root_at",
           "NO_DTD"]

#: Elements nested deeper than this in a feed are refused: no feed nests past a dozen, and the parser's stack
#: of open elements would hold every one.
MAX_FEED_DEPTH = 256
#: Why a feed whose document type declares anything (``<!DOCTYPE rss [...]>``: entities) is not read. A document
#: type that only names an outside DTD (RSS 0.91's Netscape DTD) is let be: that DTD is never fetched.
NO_DTD = ("it declares a document type with declarations of its own (<!DOCTYPE ... [...]>), which no feed needs: "
          "refused, its entities neither expanded nor fetched")
#: The most characters an item's fields hold (or a title's outside an item), one article's bound as a JSONL line's:
#: a feed is parsed as it is read, whatever its size, and only the item open is held.
MAX_ITEM_CHARS = MAX_LINE_BYTES
#: The most characters of a feed's prolog (its declaration, comments, processing instructions, document type) read to
#: find its root: one article's bound. A feed whose root came after its first 64 KB (a long comment first) was
#: named "XML that is no RSS or Atom feed".
MAX_PROLOG_CHARS = MAX_LINE_BYTES
_DOCTYPE_OPEN = re.compile(r"<!DOCTYPE\s[^\[>]*(?:\[.*?\]\s*)?>", re.IGNORECASE | re.DOTALL)
_SPACE = re.compile(r"\s*")
#: The text given to the parser at a time: items are given as they close, never all held parsed at once.
_CHUNK = 1 << 20

_NAMESPACES = {
    "http://www.w3.org/2005/Atom": "",
    "http://purl.org/rss/1.0/": "",
    "http://my.netscape.com/rdf/simple/0.9/": "",
    "http://backend.userland.com/rss2": "",
    "http://purl.org/rss/1.0/modules/content/": "content:",
    "http://purl.org/dc/elements/1.1/": "dc:",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
    "http://www.w3.org/1999/xhtml": "xhtml:",
}
_ITEMS = frozenset({"item", "entry"})
#: HTML's own markup in an RSS description (an end tag of its elements, a link or an image, a ``<br>``), which makes it
#: HTML, as the specification has it; plain text with a "<" in it stays text: read as HTML, Reuters' stories as RSS
#: lost their companies' names as unknown tags (``<Sale Tilney Plc>``, ``<B and R International Inc.>``; ``<P>``,
#: Phillips Petroleum's ticker, was a paragraph).
_HTML_TAG = re.compile(r"</(?:p|div|span|a|b|i|em|strong|u|ul|ol|li|h[1-6]|blockquote|figure|figcaption|table|tr|td|pre|"
                       r"section|article|script|style)\s*>|<(?:a|img)\s[^<>]*\b(?:href|src)=|(?-i:<br\s*/?>)", re.IGNORECASE)
_CHANNELS = frozenset({"channel", "feed"})


class FeedError(ValueError):
    """A feed that cannot be read on: malformed at ``line``, ``column`` (1-based), or refused; ``reason`` says why."""

    def __init__(self, reason: str, line: int | None = None, column: int | None = None) -> None:
        where = f" at line {line}, column {column}" if line is not None else ""
        super().__init__(f"{reason}{where}")
        self.reason, self.line, self.column = reason, line, column


@dataclass
class _Open:
    """An element open in the parse: its short name, its attributes, the text gathered in it."""

    name: str
    attrs: dict[str, str]
    parts: list[str]
    markup: bool = False  # inside an Atom content of type xhtml: its text and child elements gathered as markup
    root: bool = False  # that content element itself


class _Parse:
    """The handlers of one parse: items closed so far (``done``), the channel's title, the element stack."""

    def __init__(self) -> None:
        self.stack: list[_Open] = []
        self.done: list[dict[str, Any]] = []
        self.item: dict[str, Any] | None = None
        self.item_depth = 0
        self.channel_title: str | None = None
        self.gathered = 0  # characters gathered in the item open, or in a title outside one

    def start(self, name: str, attrs: dict[str, str]) -> None:
        """An element opens: an item begins, or a field of one; inside xhtml content, its markup is kept."""
        if len(self.stack) >= MAX_FEED_DEPTH:
            raise FeedError(f"elements nested deeper than {MAX_FEED_DEPTH}")
        short = _short(name)
        holder = self._markup_holder()
        if holder is not None:
            shown = "".join(f' {_local(_short(k))}="{escape(v)}"' for k, v in attrs.items())
            holder.parts.append(f"<{_local(short)}{shown}>")
            self.stack.append(_Open(short, {}, holder.parts, markup=True))  # shares the holder's text
            return
        attrs = {_short(k): v for k, v in attrs.items()}
        if short in _ITEMS and self.item is None:
            self.item, self.item_depth, self.gathered = {"_fields": {}, "_links": []}, len(self.stack) + 1, 0
            if "rdf:about" in attrs:
                self.item["_fields"].setdefault("rdf:about", attrs["rdf:about"])
        opened = _Open(short, attrs, [])
        if short in ("content", "summary") and attrs.get("type") == "xhtml" and self.item is not None:
            opened.markup = opened.root = True
        self.stack.append(opened)

    def _markup_holder(self) -> _Open | None:
        """The xhtml content element the parse is inside (whose markup gathers its children), or None."""
        if self.stack and self.stack[-1].markup:
            return self.stack[-1]
        return None

    def text(self, data: str) -> None:
        """Character data: gathered in the element open (escaped inside xhtml markup, which is read as HTML), in an
        item or a title (outside an item nothing else is read: the white space between a large feed's items was
        gathered in its channel), at most :data:`MAX_ITEM_CHARS` characters an item or a title."""
        if self.stack and (self.item is not None or self.stack[-1].name == "title"):
            top = self.stack[-1]
            self.gathered += len(data)
            if self.gathered > MAX_ITEM_CHARS:
                raise FeedError(f"an item of more than {MAX_ITEM_CHARS:,} characters, longer than an article may be")
            top.parts.append(escape(data, quote=False) if top.markup else data)

    def end(self, name: str) -> None:
        """An element closes: a field of the item open, the channel's title, or an item done."""
        closed = self.stack.pop()
        if closed.markup and not closed.root:
            closed.parts.append(f"</{_local(closed.name)}>")  # an xhtml child: its end tag in the markup
            return
        depth = len(self.stack) + 1
        value = "".join(closed.parts)
        if self.item is None:
            self.gathered = 0
            if closed.name == "title" and self.stack and self.stack[-1].name in _CHANNELS and self.channel_title is None:
                self.channel_title = value.strip() or None
            return
        if depth == self.item_depth:
            self.done.append(_record(self.item, self.channel_title))
            self.item = None
            return
        path = "/".join([o.name for o in self.stack[self.item_depth:]] + [closed.name])
        if closed.name == "link" and "href" in closed.attrs:  # Atom: <link rel="alternate" href="..."/>
            self.item["_links"].append((closed.attrs.get("rel", "alternate"), closed.attrs["href"]))
        if closed.name in ("content", "summary") and depth == self.item_depth + 1:
            self.item[f"_{closed.name}_type"] = closed.attrs.get("type", "text")
        if closed.name == "source" and "url" in closed.attrs:
            self.item["_fields"].setdefault("source@url", closed.attrs["url"])
        self.item["_fields"].setdefault(path, value)


def _short(name: str) -> str:
    """An element's or attribute's name as ``uri local`` (expat's) written short: ``dc:creator``, ``content``."""
    uri, _, local = name.rpartition(" ")
    if not uri:
        return local
    return _NAMESPACES.get(uri, uri + "#") + local


def _local(short: str) -> str:
    """A short name (:func:`_short`) without its prefix or namespace: ``xhtml:p`` is ``p``, as HTML names it."""
    return re.split("[:#]", short)[-1]


def _field(fields: dict[str, str], *names: str) -> str | None:
    """The first of ``names`` the item gives with something in it, stripped."""
    return next((fields[n].strip() for n in names if n in fields and fields[n].strip()), None)


def _record(item: dict[str, Any], channel_title: str | None) -> dict[str, Any]:
    """An item's fields as a record the reader reads (``id``, ``text`` or ``html``, ``title``, ``url``, ``published``,
    ``outlet`` when the item names its source; an ``author`` and the channel's title, ``feed``, kept in the metadata):
    the full content before a summary, HTML read as HTML, the guid (or Atom's id) before the link as the id."""
    fields: dict[str, str] = item["_fields"]
    links = [href for rel, href in item["_links"] if rel == "alternate"]
    url = _field(fields, "link") or (links[0].strip() if links else None) or _field(fields, "rdf:about")
    record: dict[str, Any] = {}
    ident = _field(fields, "guid", "id") or url
    if ident is not None:
        record["id"] = ident
    body, html = _field(fields, "content:encoded"), True
    if body is None:
        name = next((n for n in ("content", "description", "summary") if _field(fields, n) is not None), None)
        if name is not None:
            body = _field(fields, name)
            kind = item.get(f"_{name}_type", "text")  # Atom's type: text (the default), html, xhtml or a MIME type
            html = _HTML_TAG.search(body) is not None if name == "description" else "html" in kind
    if body is not None:
        record["html" if html else "text"] = body
    for key, names in (("title", ("title", "dc:title")), ("published", ("pubDate", "published", "dc:date", "updated")),
                       ("author", ("dc:creator", "author/name", "author"))):
        value = _field(fields, *names)
        if value is not None:
            record[key] = value
    if url is not None:
        record["url"] = url
    outlet = _field(fields, "source/title", "source", "dc:publisher")  # the item names its outlet
    if outlet is not None:
        record["outlet"] = outlet
    if channel_title is not None:  # the outlet when neither the item nor the corpus's folder names one
        record["feed"] = channel_title
    return record


def _parser(parse: _Parse) -> Any:
    """An expat parser that builds ``parse``'s items and refuses a document type, entities and external ones."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    # Read as if an outside DTD were named (never fetched: parameter entities are not parsed), so that an entity HTML
    # knows and XML does not (``&nbsp;``, ``&eacute;``: a CMS's feeds are full of them) is a skipped entity, read as
    # HTML names it, and not a fault that lost every item after it.
    parser.UseForeignDTD(True)
    parser.buffer_text = True

    def refuse(*_: Any) -> None:
        raise FeedError(NO_DTD, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)

    def doctype(name: str, system: str | None, public: str | None, internal: int) -> None:
        if internal:  # declarations of its own: entities, the one way to a bomb or to a local file
            refuse()

    def skipped(name: str, param: int) -> None:  # an entity of an outside DTD never read (RSS 0.91's &eacute;, a
        if not param:  # CMS's &nbsp;): as HTML names it, else nothing
            parse.text(html5.get(f"{name};", ""))

    parser.StartDoctypeDeclHandler = doctype
    parser.SkippedEntityHandler = skipped
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = parse.start
    parser.EndElementHandler = parse.end
    parser.CharacterDataHandler = parse.text
    return parser


def root_at(text: str, *, final: bool = True, start: int = 0) -> int | None:
    """Where the root element of the XML ``text`` opens, past its prolog (a byte-order mark, its declaration, comments,
    processing instructions, a document type, white space): the index of its ``<`` (or of whatever is not prolog);
    None when ``text`` ends inside the prolog (``final``: the text is whole, else more of it may come). ``start``: where
    a part of the prolog opens, read from there (:func:`prolog_read`).

    >>> root_at('<?xml version="1.0"?><!-- a -- comment --><?pi x?> <!DOCTYPE rss [<!ENTITY a "b">]> <rss>')
    84
    >>> root_at("<!-- never closed", final=False) is None, root_at("<!-", final=False), root_at("<!-")
    (True, None, 0)
    """
    return prolog_read(text, final=final, start=start)[1]


def prolog_read(text: str, *, final: bool = True, start: int = 0) -> tuple[int, int | None]:
    """:func:`root_at`, and where the last part of the prolog read whole ends (to read on from, more text come)."""
    pos = 1 if start == 0 and text.startswith("\ufeff") else start
    while True:
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if text.startswith(("<?", "<!--"), pos):
            close = "?>" if text.startswith("<?", pos) else "-->"
            end = text.find(close, pos + 2)
            end = end + len(close) if end >= 0 else -1
        elif text[pos:pos + 9].upper() == "<!DOCTYPE":
            found = _DOCTYPE_OPEN.match(text, pos)
            end = found.end() if found is not None else -1
        elif not final and len(text) - pos < 9 and any(opening.startswith(text[pos:].upper())
                                                       for opening in ("<?", "<!--", "<!DOCTYPE")):
            return pos, None  # the text may be cut inside the opening of a comment, an instruction or the document type
        else:
            return pos, pos
        if end < 0:  # not closed in the text
            return pos, None if not final else pos
        pos = end


def feed_records(text: str | Iterable[str]) -> Iterator[dict[str, Any]]:
    """The records of the feed ``text`` (or of its text given in pieces as it is read: a large feed's), item by item
    as the parse closes them. Raises :class:`FeedError` where the feed is malformed or refused (a document type
    declared), after the items before it.

    >>> [r["title"] for r in feed_records('<rss><channel><title>W</title><item><title>A</title></item></channel></rss>')]
    ['A']
    """
    parse = _Parse()
    parser = _parser(parse)
    try:
        for piece in _pieces([text] if isinstance(text, str) else text):
            parser.Parse(piece, False)
            yield from parse.done
            parse.done.clear()
        parser.Parse("", True)
    except expat.ExpatError as exc:
        yield from parse.done
        raise FeedError(expat.ErrorString(exc.code), exc.lineno, exc.offset + 1) from None
    except FeedError as exc:
        yield from parse.done
        if exc.line is None:
            raise FeedError(exc.reason, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1) from None
        raise
    yield from parse.done


def _pieces(texts: Iterable[str]) -> Iterator[str]:
    """``texts`` given to the parser :data:`_CHUNK` characters at a time at most, the byte-order marks they open
    with left out."""
    opening = True
    for text in texts:
        if opening:
            text = text.lstrip("\ufeff")
            opening = not text
        for at in range(0, len(text), _CHUNK):
            yield text[at:at + _CHUNK]
