"""Text clean-up before anything is measured: unicode, whitespace, HTML to text, wire boilerplate.

Everything here is a pure function of its input. ``normalize_text`` defines the ``Document.text`` that
every reported offset points into, so it never rewrites words: it only unifies unicode forms, line ends
and runs of blank lines.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

import numpy as np

from dedup.language import normalize_language
from dedup.markup import flattened
from dedup.page_data import SHORTER_SHARE, structured_body
from dedup.webpage import drop_furniture

__all__ = ["normalize_text", "html_to_article", "HtmlArticle", "content_bounds", "looks_like_headline", "text_keys",
           "shown_bidi", "INVISIBLE", "shown_id", "word_salad"]

#: Unicode's bidirectional embedding, override and isolate controls: in an id or a title read from a
#: corpus they turn the text after them around where it is shown ("Trojan source"), so that a reader sees
#: another file name than the one meant. Marks (U+200E, U+200F) and right-to-left letters are left alone.
_BIDI_CODES = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))


def _written_out(codes: Iterable[int], html: bool = False) -> dict[int, str]:
    """A translation table writing each of ``codes`` out as ``<U+202E>`` (escaped for a page with ``html``)."""
    return {code: f"&lt;U+{code:04X}&gt;" if html else f"<U+{code:04X}>" for code in codes}


_BIDI_CONTROLS = _written_out(_BIDI_CODES)
_BIDI_CONTROLS_HTML = _written_out(_BIDI_CODES, html=True)
#: Characters a name holds that print as nothing (zero-width space, non-joiner and joiner, word joiner,
#: byte order mark, soft hyphen, the left-to-right, right-to-left and Arabic letter marks, the invisible
#: operators): "café" and "café" + U+200B read the same on a terminal or a page though they are two ids.
#: Where a name is shown to a person they are written out as ``<U+200B>``, as the bidirectional controls
#: are (:func:`shown_bidi`); the JSON reports and the index keep the name as it is. Not in a text's words:
#: Persian writes the non-joiner inside them.
INVISIBLE = "\u00ad\u061c\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
#: Both written out where a name is shown (:func:`shown_id`): one rule for an id on a terminal, piped or not.
_ID_SHOWN = _BIDI_CONTROLS | _written_out(map(ord, INVISIBLE))
_ID_UNSEEN = re.compile("[%s]" % "".join(map(chr, _ID_SHOWN)))

# Control and invisible characters a text loses. Not the zero-width non-joiner (U+200C): Persian writes
# it inside words ("می‌دهد", "سیاست‌ها"), and the text shown without it joins what the writer kept apart.
# The tokenizers read it as a break between words, as any character of General Punctuation. The soft hyphen
# (a page's &shy;, "Bundes&shy;regierung") and the bidirectional embedding, override and isolate controls are
# lost too: the tokenizers broke words at them, so that a copy differing from its source only in them was a
# rewrite or a partial copy, not a duplicate. The marks U+200E, U+200F and U+061C (placed beside numbers in
# right-to-left text, between words) are kept there, and lost inside a word (``_MARK_IN_WORD``): between two
# letters or digits they write nothing, and the tokenizers broke the word at them as at the controls above.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b\u200d\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_MARKS = "\u200e\u200f\u061c"
_MARK_IN_WORD = re.compile(f"(?<=\\w)[{_MARKS}]+(?=\\w)")
_BLANK_RUNS = re.compile(r"\n{3,}")

# "BRUSSELS (Reuters) -", "WASHINGTON, March 3 (AP) --", "LONDON, Jan 5 -": an all-caps place, an
# optional date and agency, then a dash. Only at the very start of an article. The place and the agency
# may be written in any cased alphabet ("İSTANBUL (AA) -", "ΑΘΗΝΑ (ΑΠΕ) -", "КИЇВ (Укрінформ) -",
# "SÃO PAULO (Reuters) -"); in ASCII the expression is the one English copy was measured with.
_CAPITALS = "A-Z" + "".join(chr(c) for c in range(0xC0, 0x530) if chr(c).isupper() and chr(c).lower() != chr(c))
_DATELINE = re.compile(
    f"^\\s*[{_CAPITALS}][{_CAPITALS} .,'\\-]{{1,40}}(?:,\\s*[A-Z][a-z]{{2,8}}\\.?\\s+\\d{{1,2}})?\\s*"
    "(?:\\((?:[^\\W\\d_]|[ .&]){1,30}\\))?\\s*[-\\u2013\\u2014]{1,2}\\s+"
)
# Sign-offs and credits at the very end, one line at a time: "Reuter", "REUTER", "-- AP",
# "(c) 2024 ...", "Copyright ...", and "(Reporting by ...; Editing by ...)" closing the last line.
_SIGNOFF_LINE = re.compile(
    r"(?:reuters?|(?:-{1,2}|\u2014)\s*(?:ap|afp|reuters|dpa)|(?:\(c\)|\u00a9|copyright)\s.{0,200})",
    re.IGNORECASE,
)
_CREDIT_TAIL = re.compile(r"\((?:reporting|writing|editing|additional reporting)[^()]{0,300}\)\s*$", re.IGNORECASE)
# A site's own lines closing its articles: a newsletter offer, "contact our newsroom", a copyright notice,
# "this story first appeared in", an address to write to. One of these marks it; "subscribe", "sign up",
# "read more" only two together (a farm program's sign-up, a right to subscribe to shares are news).
# Looked for as substrings of the lower-cased paragraph: an expression with every alternative took 40 us
# a paragraph, a million articles' last paragraphs most of a minute.
_FURNITURE = ("newsletter", "follow us", "download our app", "download the app", "all rights reserved", "click here",
              "contact us", "news tip", "story tip", "have a tip", "first appeared", "originally appeared",
              "originally published")
#: Marks of a closing paragraph that an opening one may hold as news (a lead may name a website).
_LINKS = ("http://", "https://", "www.", "\u00a9")
_EMAIL = re.compile(r"[\w.+-]@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")  # looked for only where there is an "@"
_FURNITURE_WEAK = re.compile(r"\b(?:subscribe|subscription|sign(?:ing)?[ -]up|read more|more from|related:|advertisement)\b",
                             re.IGNORECASE)
_WEAK_HINTS = ("subscri", "sign up", "sign-up", "signing up", "read more", "more from", "related:", "advertisement")
#: A closing paragraph longer than this is the article's, whatever it mentions.
MAX_FURNITURE_WORDS = 80
#: Closing paragraphs left out at most: past them, a run of short paragraphs with links is the article's
#: own list (of sources, of help lines), not the site's.
MAX_FURNITURE_PARAGRAPHS = 3


def normalize_text(text: str) -> str:
    """NFC, one kind of line end, no control characters (the zero-width non-joiner kept), no trailing
    blanks, at most one blank line.

    >>> normalize_text("Caf\\u0065\\u0301  \\r\\n\\r\\n\\r\\n\\r\\nNext\\ufeff")
    'Café\\n\\nNext'
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _without_controls(text)
    # each pattern looked for only where it can match: a regular expression tries its character class at
    # every position, which was a third of reading a million articles; a substring test is a memory scan
    if " \n" in text or "\t\n" in text or "\u00a0\n" in text:
        # each line's trailing blanks (the last line's go with the strip below), at C speed: a regular
        # expression was slower
        text = "\n".join([line.rstrip(_TRAILING_BLANKS) for line in text.split("\n")])
    if "\n\n\n" in text:
        text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()


#: The blanks a line loses before its line break.
_TRAILING_BLANKS = " \t\u00a0"
#: _CONTROL's ASCII characters, as bytes to delete.
_ASCII_CONTROLS = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def _without_controls(text: str) -> str:
    """``_CONTROL.sub("", text)``; ASCII text by a bytes deletion (a regular expression's class tried at
    every position was most of normalising a wire story)."""
    if not text.isascii():
        text = _CONTROL.sub("", text)
        return _MARK_IN_WORD.sub("", text) if any(mark in text for mark in _MARKS) else text
    raw = text.encode("ascii")
    kept = raw.translate(None, _ASCII_CONTROLS)
    return text if len(kept) == len(raw) else kept.decode("ascii")


def text_keys(texts: Iterable[str]) -> np.ndarray:
    """A 32-bit key per text, equal for texts that differ only in their whitespace (the persistent
    index's notion of one text stored twice): what LSH buckets count copies by, so that a story carried
    word for word by many outlets is one text in a bucket, not boilerplate. Two different texts share a
    key once in about four billion pairs; they then count as one text in a crowded bucket, nothing more.

    >>> a, b, c = text_keys(["Rates rose.", "Rates  rose.\\n", "Rates fell."])
    >>> bool(a == b), bool(a == c)
    (True, False)
    """
    keys = [hashlib.blake2b(" ".join(text.split()).encode("utf-8", "surrogatepass"), digest_size=4).digest()
            for text in texts]
    return np.frombuffer(b"".join(keys), dtype="<u4").astype(np.uint32) if keys else np.zeros(0, dtype=np.uint32)


def content_bounds(text: str) -> tuple[int, int]:
    """``[start, end)`` of the article proper: without a leading dateline, trailing sign-offs and the
    site's opening and closing paragraphs (a newsletter offer, a contact line, a copyright notice).

    Shingles are taken from this span only, so that "(Reuters) -" or "Reuter" shared by every story
    of an agency, or the lines a site closes every article with, are not evidence of copying.

    >>> t = "PARIS (Reuters) - Prices rose.\\nReuter"
    >>> s, e = content_bounds(t); t[s:e]
    'Prices rose.'
    """
    start = 0
    for _ in range(MAX_FURNITURE_PARAGRAPHS):  # a site's lines opening the article (an export's newsletter offer)
        gap = text.find("\n\n", start)
        if gap < 0 or not _is_furniture(text[start:gap], closing=False):
            break
        start = gap + 2
    match = _DATELINE.match(text[start:])
    if match and start + match.end() < len(text):
        start += match.end()
    end = len(text)
    furniture = 0
    while end > start:
        body = text[start:end].rstrip()
        cut = body.rfind("\n") + 1
        last = body[cut:]
        credit = _CREDIT_TAIL.search(last, max(0, len(last) - 320))
        if credit:
            end = start + cut + credit.start()
        elif _SIGNOFF_LINE.fullmatch(last.strip()):
            end = start + cut
        elif furniture < MAX_FURNITURE_PARAGRAPHS and "\n\n" in body and _is_furniture(body[body.rfind("\n\n") + 2 :]):
            end = start + body.rfind("\n\n")
            furniture += 1
        else:
            end = start + len(body)
            break
    end = start + len(text[start:end].rstrip())
    return start, end


def _is_furniture(paragraph: str, *, closing: bool = True) -> bool:
    """A closing (or opening) paragraph that is the site's, not the article's (a newsletter offer, a contact
    line, a copyright notice): short, with one clear mark of it or two weaker ones; an opening one by its
    words alone (a link, an address or a copyright sign may be a lead's news)."""
    if len(paragraph) > 40 * MAX_FURNITURE_WORDS:
        return False
    low = paragraph.lower()
    strong = any(cue in low for cue in _FURNITURE) or (closing and (
        any(cue in low for cue in _LINKS) or ("@" in low and _EMAIL.search(paragraph) is not None)))
    if not strong and sum(low.count(hint) for hint in _WEAK_HINTS) < 2:
        return False  # most articles' last paragraphs stop here: what follows is dearer
    if len(paragraph.split()) > MAX_FURNITURE_WORDS:
        return False
    return strong or len(_FURNITURE_WEAK.findall(paragraph)) >= 2


def looks_like_headline(line: str) -> bool:
    """A first line that reads as a title: short, no final full stop, not a dateline lead."""
    line = line.strip().lstrip("#").strip()
    words = line.split()
    if not 2 <= len(words) <= 25 or len(line) > 200:
        return False
    return not line.endswith((".", ",", ";", ":")) and not _DATELINE.match(line + " - ")


@dataclass(frozen=True)
class HtmlArticle:
    """Text and metadata pulled out of an HTML page."""

    text: str
    title: str | None
    published: str | None
    url: str | None
    language: str | None = None  # the primary subtag of the article's or the page's lang attribute


_DROP = "script, style, noscript, nav, header, footer, aside, form, iframe, svg, button, template, figure figcaption"
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th", "dd", "dt"}


def html_to_article(html: str) -> HtmlArticle:
    """Article text of an HTML page: the ``<article>`` (or ``<main>``, or ``<body>``) without scripts,
    styles, navigation, headers, footers and asides, nor the site's furniture built otherwise (menus,
    notices, lists of links: :mod:`dedup.webpage`), one paragraph per block element. A page nested
    deeper than :data:`~dedup.nesting.MAX_HTML_DEPTH` is read without its layout elements (``div``, ``span``, ``table``,
    ...), its furniture found in its tags first (:func:`dedup.furniture.without_furniture`)."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(flattened(html))
    title = _meta(tree, 'meta[property="og:title"]') or _first_text(tree, "title") or _first_text(tree, "h1")
    published = _meta(tree, 'meta[property="article:published_time"]') or _meta(
        tree, 'meta[name="date"]'
    )
    if published is None:
        time_node = tree.css_first("time[datetime]")
        published = time_node.attributes.get("datetime") if time_node else None
    url = _meta(tree, 'meta[property="og:url"]')
    if url is None:
        canonical = tree.css_first('link[rel="canonical"]')
        url = canonical.attributes.get("href") if canonical else None
    structured = structured_body(tree)  # its JSON-LD articleBody: the story of a page built by scripts
    for node in tree.css(_DROP):
        node.decompose()
    root = tree.css_first("article") or tree.css_first("main") or tree.body or tree.root
    if root is not None:
        drop_furniture(root)  # the site's menus, lists and notices built of plain <div>s (dedup.webpage)
    language = _language(tree, root)
    paragraphs: list[str] = []
    if root is not None:
        for node in _outermost_blocks(root) or [root]:
            piece = " ".join(node.text(separator=" ").split())
            if piece:
                paragraphs.append(piece)
    text = normalize_text("\n\n".join(paragraphs))
    if structured is not None and _unspaced(text) < SHORTER_SHARE * _unspaced(structured := normalize_text(structured)):
        text = structured  # the page shows a notice or a lead; its data, the story (dedup.page_data)
    return HtmlArticle(text, _clean(title), _clean(published), _clean(url), language)


def _unspaced(text: str) -> int:
    """Characters of ``text`` that are not white space."""
    return len(text) - sum(c.isspace() for c in text)


def _language(tree, root) -> str | None:  # type: ignore[no-untyped-def]
    """The article's own ``lang``, else the page's (``<html lang>``, or a content-language meta)."""
    for node in (root, tree.css_first("html")):
        if node is not None and node.attributes.get("lang"):
            return normalize_language(node.attributes.get("lang"))
    return normalize_language(_meta(tree, 'meta[http-equiv="content-language"]'))


def _outermost_blocks(root):  # type: ignore[no-untyped-def]
    """The block elements under ``root`` that no other block under it holds (the text of those it holds is in
    theirs), in order. Whether a block holds a node is its parent's answer and the parent's own tag, in one
    walk: looking up each block's ancestors took the square of a deep page's size, and went on past
    ``root`` (its node objects are made anew, never ``root`` itself), so that an article in a table cell or
    a list item read as empty."""
    held = {root.mem_id: False}  # whether a block under root is the node or holds it
    outermost = []
    for node in root.traverse():
        if node.mem_id == root.mem_id:
            continue
        above = held.get(node.parent.mem_id, False)
        if node.tag in _BLOCKS and not above:
            outermost.append(node)
        held[node.mem_id] = above or node.tag in _BLOCKS
    return outermost


def _meta(tree, selector: str) -> str | None:  # type: ignore[no-untyped-def]
    node = tree.css_first(selector)
    return node.attributes.get("content") if node else None


def _first_text(tree, selector: str) -> str | None:  # type: ignore[no-untyped-def]
    node = tree.css_first(selector)
    return node.text(strip=True) if node else None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def shown_bidi(text: str, *, html: bool = False) -> str:
    """``text`` with its bidirectional controls written out (``<U+202E>``) instead of obeyed: for what a
    person reads (a terminal, the HTML report); JSON keeps them as read. ``html``: ``text`` is HTML
    already, and the mark is written escaped.

    >>> shown_bidi("news\u202etxt.exe"), shown_bidi("<b>news\u202e</b>", html=True)
    ('news<U+202E>txt.exe', '<b>news&lt;U+202E&gt;</b>')
    """
    return text.translate(_BIDI_CONTROLS_HTML if html else _BIDI_CONTROLS)


def shown_id(name: str) -> str:
    """``name`` (an article's id, an outlet's name, a path) as a person is shown it, wherever: its bidirectional
    controls (:func:`shown_bidi`) and its invisible characters (:data:`INVISIBLE`) written out, on a terminal,
    in output piped to a pager or a file, in a message and on a page alike; the JSON reports and the index keep
    the name as it is. (A terminal alone wrote the controls out, so ``dedup scan ... | less`` obeyed them.)

    >>> shown_id("wire\u202etxt.exe"), shown_id("caf\u00e9\u200b"), shown_id("café")
    ('wire<U+202E>txt.exe', 'café<U+200B>', 'café')
    """
    return name.translate(_ID_SHOWN) if _ID_UNSEEN.search(name) else name


#: :func:`word_salad` judges a text on at least this many sentence starts in a cased script, and calls it words
#: without sentences when under :data:`_SALAD_SHARE` of them open with a capital letter and fewer than twice as
#: many as its other words do (while at least :data:`_CASED_LEAST` of those do: a text written all in lower case
#: says nothing by its capitals). Measured (``benchmarks/RESULTS.md``, thirty-fifth round): of 1,204 texts with
#: 50 such starts or more (9 of Reuters-21578, 15 of the syndication set, 1,180 of PAN13's sources and suspicious
#: documents), news opens 67% of its sentences with a capital at the fewest; under half do only in two texts of
#: keyword spam in lower case (1% and 2%, as 1% of their other words) and one obfuscated PAN text (43%, three times
#: its other words' 13%). A salad of an article's words opens 20% of its "sentences" with a capital, as 19% of
#: its other words.
_SALAD_STARTS, _SALAD_SHARE, _CASED_LEAST = 50, 0.5, 0.05
_OPENS = "\"'\u201c\u2018\u00ab(["
_SENTENCE_START = re.compile(rf"[.!?][\"'\u201d\u2019\u00bb)\]]*\s+[{_OPENS}]*([^\W\d_])")
_WORD_START = re.compile(rf"(?<!\S)[{_OPENS}]*([^\W\d_])")


def word_salad(text: str) -> str | None:
    """Why ``text`` reads as words without sentences, or None when it has sentences (or too few to say): a
    sentence opens with a capital letter in a cased script, other words mostly not; in a salad of an
    article's words, shuffled with their full stops, what follows a full stop is any word. dedup reported
    such a salad a ``rewrite`` of the article (its names, figures and length alike), though no sentence of it
    is one.

    >>> word_salad("said the. it was Of. " * 40) is not None, word_salad("It rained. The river rose. " * 40)
    (True, None)
    """
    if text.count(".") + text.count("!") + text.count("?") < _SALAD_STARTS:  # cheap: most articles stop here
        return None
    starts = [c.isupper() for c in _SENTENCE_START.findall(text) if c.isupper() or c.islower()]
    if len(starts) < _SALAD_STARTS:
        return None
    words = [c.isupper() for c in _WORD_START.findall(text) if c.isupper() or c.islower()]
    start_share = sum(starts) / len(starts)
    other = (sum(words) - sum(starts)) / max(len(words) - len(starts), 1)
    if start_share >= _SALAD_SHARE or other < _CASED_LEAST or start_share >= 2 * other:
        return None
    return (f"no sentences: {start_share:.0%} of its {len(starts):,} sentence starts open with a capital letter, as "
            f"{other:.0%} of its other words do (words without sentences, such as a shuffled article)")
