"""Why a JSON record is read as no article, in the words a skip gives: its text a whole RSS or Atom feed, an object
or a list of articles where the text goes, a value of another type than a string, a page of too many elements.

Pure: the record is given (by :class:`dedup.records.Articles`, which says these reasons).
"""

from __future__ import annotations

from typing import Any, Sequence

from dedup.exports import an_article
from dedup.file_kinds import xml_feed
from dedup.markup import MAX_HTML_ELEMENTS

__all__ = ["feed_in", "no_text_reason", "too_many_reason", "json_kind"]


def feed_in(record: dict[str, Any]) -> str | None:
    """Why a record whose ``text`` (or, lacking one, ``html``) is a whole RSS or Atom feed
    (:func:`~dedup.file_kinds.xml_feed`) is not read, or None. Read as text, its items, their markup and the
    channel's title, links and copyright were one article's words: records of one site's feeds (a scraper's export)
    were reported as copies of each other, as a feed under a text name was."""
    field = "text" if isinstance(record.get("text"), str) else "html"
    given = record.get(field)
    if not isinstance(given, str) or "<" not in given[:4096]:
        return None
    kind = xml_feed(given[:4096].encode("utf-8", "surrogatepass"))
    return (f"its '{field}' is {kind}, not an article: give each of its items as a record of its own"
            if kind is not None else None)


_NO_TEXT = "no 'text' field (or 'html') with the article"


def no_text_reason(record: dict[str, Any], text_names: Sequence[str]) -> str:
    """Why a record with no ``text`` nor ``html`` is not read, naming what a CMS's export gives instead: the
    article's text as an object (``{"body": {"html": ...}}``, WordPress's ``{"content": {"rendered": ...}}``), or a
    list of articles (``{"articles": [...]}``); both were "no 'text' field", beside the field that holds it."""
    nested = next((name for name in text_names if isinstance(record.get(name), (dict, list))), None)
    if nested is not None:  # a list of the CMS's blocks (paragraphs, images), or {"html": ...}
        return (f"{_NO_TEXT}: its '{nested}' is {json_kind(record[nested])}, not the article's text; give the text "
                "as a string in 'text' (or the article's HTML in 'html')")
    # a list's items that look like articles (by any name of a text, but a page's markup): :func:`an_article`
    listed = next((name for name, value in record.items() if isinstance(value, list) and value
                   and all(an_article(item, ("text", "html", *text_names)) for item in value)), None)
    if listed is not None:
        return f"{_NO_TEXT}: its '{listed}' is a list of articles; write them in a .jsonl file, one article a line"
    return _NO_TEXT


def too_many_reason(elements: int) -> str:
    """Why a page of ``elements`` start tags is left out (:data:`dedup.markup.MAX_HTML_ELEMENTS`)."""
    return (f"too many HTML elements for one article ({elements:,}; at most {MAX_HTML_ELEMENTS:,} are read): left out "
            "(the parser holds every one)")


def json_kind(value: Any) -> str:
    """What a JSON value is, for a message: "a list", "an object", "a number", "true or false"."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    return "a list" if isinstance(value, list) else "an object" if isinstance(value, dict) else type(value).__name__
