"""A page's article as its structured data gives it: the ``articleBody`` of its schema.org JSON-LD.

Many news pages are built by scripts: the page as saved holds a "Loading..." line, a notice to turn on
JavaScript and the site's legal lines, and the story itself only in the ``<script type="application/ld+json">``
the site writes for search engines (``{"@type": "NewsArticle", "articleBody": ...}``); a paywalled page shows
its first paragraph and gives the whole story there. Read from the page's elements alone, such pages of one
site are its notices and nothing else, and unrelated stories read as copies of each other (six of them were
15 pairs, every one a ``duplicate`` at 0.99). :func:`structured_body` finds that story, for
:func:`dedup.normalize.html_to_article` to read where the page's own text holds much less than it.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from dedup.json_input import load_json

__all__ = ["structured_body", "SHORTER_SHARE"]

#: The page's own text is read unless it holds fewer than this share of the structured body's characters
#: (white space left out): a page that shows its story reads as it always did.
SHORTER_SHARE = 0.5
#: A structured body holding such a tag is HTML (some sites give the story's markup), read paragraph by paragraph.
_MARKUP = re.compile(r"<(?:p|br|div|h[1-6]|li|blockquote)\b[^>]*>", re.IGNORECASE)
_BLOCK_ENDS = re.compile(r"<br\b[^>]*>|</(?:p|div|h[1-6]|li|blockquote)\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def structured_body(tree: Any) -> str | None:
    """The ``articleBody`` the page's JSON-LD scripts give (``tree`` a parsed selectolax page), as text with a
    blank line between its paragraphs, or None: none given, or two different ones (a page listing several
    articles, whose story is not told by its data). An object counts at the top of a script, in a list
    there or in its ``@graph``; a script that is no JSON, or nests too deep, is passed over."""
    bodies: list[str] = []
    for node in tree.css("script"):
        kind = (node.attributes.get("type") or "").split(";")[0].strip().lower()
        if kind != "application/ld+json":
            continue
        try:
            data = load_json(node.text(deep=True) or "")
        except (json.JSONDecodeError, ValueError):
            continue
        bodies += [b for b in map(_body_of, _objects(data)) if b is not None and b not in bodies]
    return _as_text(bodies[0]) if len(bodies) == 1 else None


def _objects(data: Any) -> list[dict[str, Any]]:
    """The objects of a JSON-LD script: itself, its list's items, and the items of their ``@graph``."""
    top = [x for x in (data if isinstance(data, list) else [data]) if isinstance(x, dict)]
    graph = [x for item in top if isinstance(item.get("@graph"), list) for x in item["@graph"] if isinstance(x, dict)]
    return top + graph


def _body_of(item: dict[str, Any]) -> str | None:
    """An object's ``articleBody`` when it is a text with a letter or digit in it."""
    body = item.get("articleBody")
    return body if isinstance(body, str) and any(c.isalnum() for c in body) else None


def _as_text(body: str) -> str:
    """A structured body as text: its HTML (where it is markup) cut into paragraphs at block ends and its tags
    dropped, its character references read (``&amp;``, ``&#8217;``: JSON-LD often carries them); white space
    is the normaliser's."""
    if _MARKUP.search(body):
        pieces = (" ".join(_TAG.sub(" ", piece).split()) for piece in _BLOCK_ENDS.split(body))
        body = "\n\n".join(piece for piece in pieces if piece)
    return html.unescape(body)
