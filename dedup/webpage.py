"""A web page's furniture: what a news site puts around every article, found in the parsed page.

A page saved from a news site holds, besides its article, the site's menus, cookie notice, "most read"
list, newsletter offer, share buttons and legal footer: the same words on every page of the site. Pages
that mark them with ``<nav>``, ``<header>``, ``<footer>`` or ``<aside>`` lose them with those elements
(:func:`dedup.normalize.html_to_article`); many build them of ``<div>``s, and then two unrelated
stories of one site share whole paragraphs of the site's text and read as copies of each other. Here
they are found the two ways such blocks show themselves:

- by name: an element whose ``class``, ``id`` or ``role`` names furniture (``sidebar``, ``cookie-banner``,
  ``newsletter``, ``most-read``, ``related-stories``, ``share``, ``comments``, ``role="navigation"``,
  ...), read word by word from the attribute, so that ``share-price`` or ``add`` are not taken for
  ``share`` or ``ad``;
- by links: a list or block of three links or more whose text is mostly the links' own (headlines of
  other stories, a menu, tags).

Either way an element is left in place when it holds most of the page's text (a site may name the
article's own container ``story-share-body``): furniture is what surrounds the article, never most of
the page.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Mapping

__all__ = ["drop_furniture", "is_furniture_name", "names_furniture"]

#: Words of a ``class`` or ``id`` that name furniture wherever they stand in it (``c-sidebar__inner``,
#: ``cookieBanner``), read as whole words (split at spaces, ``-``, ``_`` and changes of case) or as the
#: joined form some sites write (``mostread``).
_WORDS = frozenset("""
    nav navbar navigation menu menubar breadcrumb breadcrumbs sidebar sidenav masthead topbar toolbar
    cookie cookies consent gdpr newsletter newsletters subscribe subscription signup paywall
    promo promotion promoted advert adverts advertisement advertising ads adslot sponsor sponsored
    related recommended recommendations trending mostread mostpopular mostviewed
    share sharing sharebar social socials comments disqus outbrain taboola skiplink widget widgets
""".split())
#: Words that name furniture only as a whole token (``class="footer"``, ``id="ad"``): inside a longer
#: name they often do not (``article-footer`` holds the story's credit line, ``comment-piece`` is an
#: opinion article).
_ALONE = frozenset({"footer", "header", "ad", "comment", "tags", "popular"})
#: Pairs of words that name furniture together.
_PAIRS = frozenset({("most", "read"), ("most", "viewed"), ("most", "popular"), ("read", "more"), ("more", "stories"),
                    ("also", "read"), ("top", "stories"), ("latest", "news"), ("site", "footer"), ("site", "header"),
                    ("page", "footer"), ("page", "header"), ("global", "header"), ("global", "footer"),
                    ("sign", "up")})
#: A furniture word that the word after it makes something else.
_QUALIFIED = {"share": frozenset({"price", "prices", "capital", "holder", "holders", "issue"}),
              "social": frozenset({"affairs", "policy", "care", "security"})}
_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog",
                    "menu", "menubar"})
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_NAMED = "[class], [id], [role]"
_CONTAINERS = "ul, ol, div, section, table, p, dl"
#: A block of at least this many links, whose text is at least this share link text, is a list of links.
MIN_LINKS = 3
LINK_SHARE = 0.6
#: An element holding more than this share of the page's text is never furniture.
MOST_OF_PAGE = 0.5


@lru_cache(maxsize=4096)  # a page repeats its class names hundreds of times, a site its pages'
def is_furniture_name(value: str) -> bool:
    """Whether a ``class`` or ``id`` value names page furniture.

    >>> [is_furniture_name(v) for v in ("sidebar", "c-most-read__list", "cookieBanner", "footer", "ad")]
    [True, True, True, True, True]
    >>> [is_furniture_name(v) for v in ("share-price", "addendum", "article-footer", "story-body", "comment-piece")]
    [False, False, False, False, False]
    """
    for token in value.split():
        words = [w.lower() for w in _WORD.findall(token)]
        if not words:
            continue
        if len(words) == 1 and words[0] in _ALONE:
            return True
        if "".join(words) in _WORDS:
            return True
        for at, word in enumerate(words):
            following = words[at + 1] if at + 1 < len(words) else ""
            if word in _WORDS and following not in _QUALIFIED.get(word, ()):
                return True
            if (word, following) in _PAIRS:
                return True
    return False


def names_furniture(attributes: Mapping[str, str | None]) -> bool:
    """Whether an element's attributes name it furniture: its ``role``, or its ``class`` or ``id``.

    >>> names_furniture({"class": "story-body", "role": "navigation"}), names_furniture({"id": "story"})
    (True, False)
    """
    return (attributes.get("role") or "").strip().lower() in _ROLES or any(
        is_furniture_name(attributes.get(key) or "") for key in ("class", "id"))


def drop_furniture(root: Any) -> None:
    """Remove the furniture under ``root`` (a parsed selectolax node: the page's ``<body>``, say) in place:
    first what is named furniture, then lists of links in what is left."""
    total = _text_length(root)
    if not total:
        return
    _drop_outermost(root, [node for node in root.css(_NAMED) if names_furniture(node.attributes)], total)
    # each link counted in the elements around it, walking up once (not each element's links looked up in
    # turn: a page of nested blocks made that the square of its size)
    links: dict[int, list[int]] = {}
    for link in root.css("a"):
        length = _text_length(link)
        for holder in _ancestors(link, root):
            counts = links.setdefault(holder.mem_id, [0, 0])
            counts[0] += 1
            counts[1] += length
    listed = []
    for node in root.css(_CONTAINERS):
        count, length = links.get(node.mem_id, (0, 0))
        if count >= MIN_LINKS and length >= LINK_SHARE * _text_length(node):
            listed.append(node)
    _drop_outermost(root, listed, total)


def _drop_outermost(root: Any, found: list[Any], total: int) -> None:
    """Remove the outermost of ``found`` that hold at most :data:`MOST_OF_PAGE` of the ``total`` text
    (removing an element removes what is inside it)."""
    found = [node for node in found if _text_length(node) <= MOST_OF_PAGE * total]
    chosen = {node.mem_id for node in found}
    for node in [n for n in found if not any(a.mem_id in chosen for a in _ancestors(n, root))]:
        node.decompose()


def _ancestors(node: Any, root: Any) -> Any:
    parent = node.parent
    while parent is not None and parent.mem_id != root.mem_id:
        yield parent
        parent = parent.parent


def _text_length(node: Any) -> int:
    """Characters of a node's text, whitespace left out."""
    return len("".join((node.text(separator=" ") or "").split()))
