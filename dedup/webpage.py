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
    named = [node for node in root.css(_NAMED) if names_furniture(node.attributes)]
    for listing in (False, True):
        try:
            found = _furniture(root, named, listing, _Looked(root, total), total)
        except _TooDeep:  # measured in one walk of the page instead
            found = _furniture(root, named, listing, _Walked(root), total)
        for node in found:
            node.decompose()


def _furniture(root: Any, named: list[Any], listing: bool, measure: Any, total: int) -> list[Any]:
    """The outermost furniture under ``root`` holding at most :data:`MOST_OF_PAGE` of the ``total`` text
    (removing an element removes what is inside it): ``named``, or (``listing``) the lists of links."""
    found = named
    if listing:
        found = [node for node in root.css(_CONTAINERS)
                 if (links := measure.links(node))[0] >= MIN_LINKS and links[1] >= LINK_SHARE * measure.text(node)]
    return measure.outermost([node for node in found if measure.text(node) <= MOST_OF_PAGE * total])


class _TooDeep(Exception):
    """Looking each element up in turn would take longer than a walk of the page (a page nested deep)."""


class _Looked:
    """An element's text, links and link text looked up in turn, and its ancestors walked up: fast on a
    page of ordinary depth, the square of its size on a deep one, so :class:`_TooDeep` is raised past
    a few times what a walk of the page costs."""

    def __init__(self, root: Any, total: int) -> None:
        self.root, self.steps, self.chars = root, 4096, 8 * total + 65536  # what may be spent: steps up, characters
        self._links: dict[int, list[int]] | None = None

    def text(self, node: Any) -> int:
        length = _text_length(node)
        self.chars -= length
        if self.chars < 0:
            raise _TooDeep
        return length

    def links(self, node: Any) -> tuple[int, int]:
        if self._links is None:  # each link counted in the elements around it, walking up once
            self._links = {}
            links = self.root.css("a")
            self.steps += 32 * len(links)  # a link's elements walked up: a page of ordinary depth has a few dozen
            for link in links:
                length = self.text(link)
                for holder in self._ancestors(link):
                    counts = self._links.setdefault(holder.mem_id, [0, 0])
                    counts[0] += 1
                    counts[1] += length
        count, length = self._links.get(node.mem_id, (0, 0))
        return count, length

    def outermost(self, found: list[Any]) -> list[Any]:
        chosen = {node.mem_id for node in found}
        return [n for n in found if not any(a.mem_id in chosen for a in self._ancestors(n))]

    def _ancestors(self, node: Any) -> Any:
        parent = node.parent
        while parent is not None and parent.mem_id != self.root.mem_id:
            self.steps -= 1
            if self.steps < 0:
                raise _TooDeep
            yield parent
            parent = parent.parent


class _Walked:
    """Every element's text, links and link text summed up from its text in one walk of the page (linear
    whatever its depth: a page of 500 nested blocks over 20,000 linked paragraphs took 18 s looked up)."""

    def __init__(self, root: Any) -> None:
        self.root = root
        self.measures: dict[int, list[int]] = {}
        for node in reversed(list(root.traverse(include_text=True))):  # each node after all it holds
            own = self.measures.setdefault(node.mem_id, [0, 0, 0])
            if node.tag == "-text":
                own[0] = len("".join((node.text_content or "").split()))
            elif node.tag == "a":
                own[1], own[2] = own[1] + 1, own[0]
            if node.mem_id != root.mem_id and node.parent is not None:
                held = self.measures.setdefault(node.parent.mem_id, [0, 0, 0])
                held[0], held[1], held[2] = held[0] + own[0], held[1] + own[1], held[2] + own[2]

    def text(self, node: Any) -> int:
        return self.measures.get(node.mem_id, (0,))[0]

    def links(self, node: Any) -> tuple[int, int]:
        _, count, length = self.measures.get(node.mem_id, (0, 0, 0))
        return count, length

    def outermost(self, found: list[Any]) -> list[Any]:
        chosen = {node.mem_id for node in found}
        inside = {self.root.mem_id: False}  # whether one of the chosen holds the element, from its parent's answer
        for node in self.root.traverse():
            if node.mem_id != self.root.mem_id:
                parent = node.parent.mem_id
                inside[node.mem_id] = inside.get(parent, False) or (parent in chosen and parent != self.root.mem_id)
        return [n for n in found if not inside.get(n.mem_id, False)]


def _text_length(node: Any) -> int:
    """Characters of a node's text, whitespace left out (:func:`_unspaced_length`)."""
    return _unspaced_length(node.text(separator=" ") or "")


#: A text from this many characters on is measured without splitting it into words (:func:`_unspaced_length`).
_SPLIT_BELOW = 1 << 16


@lru_cache(maxsize=1)
def _spaces() -> tuple[str, ...]:
    """Every character ``str.split`` splits at (``str.isspace``), found once (0.05 s) when first wanted."""
    return tuple(ch for ch in map(chr, range(0x110000)) if ch.isspace())


def _unspaced_length(text: str) -> int:
    """``len("".join(text.split()))``: a text's characters that are not white space. A long one (a page's
    body of 50 MB) is not split into its millions of words (a string each: 850 MB at peak for the body of a
    50 MB page), but has its white space counted, a kind of space at a time, no copy of it made.

    >>> _unspaced_length(" a b\\u3000c\\n"), _unspaced_length(("a \\xa0" * 40_000) + "b")
    (3, 40001)
    """
    if len(text) < _SPLIT_BELOW:
        return len("".join(text.split()))
    return len(text) - sum(map(text.count, _spaces()))
