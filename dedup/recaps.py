"""A lead retold: one story's lead sentence restated inside another story's running prose, all the two share.

The wire recaps what it reported before: a story on Texaco's bankruptcy carries "Indeed, a Texas State Court of
Appeal this morning said the bankruptcy petition effectively stays Texaco's obligation ..." from the lead of the
court's story an hour earlier; a money market report notes that "Federal Reserve Board Chairman Paul Volcker said
a restrictive monetary policy would hit investment", the lead of Volcker's story. Readers call such a pair no
reuse: a sentence of background, not a story taken. A digest carrying the story is reuse, and it carries the lead
too, but as an item of its own: after a dateline ("WASHINGTON - Kuwait has asked ...", "In LONDON, LME silver
ended ..."), or after a dash closing the line before it. Read here, for a pair about to be reported, from the
pair's own two texts (never from the rest of a corpus: ``compare`` of the two gives what ``scan`` gives):
whether its only worded link joins one text's lead (:func:`at_lead`) to a sentence of the other's body that
opens no item (:func:`opens_item`), each text going on past it (the link holding under :data:`LEAD_SHARE` of
either). Pure functions over an alignment, for :func:`dedup.decision.refuse_chance_order`.
"""

from __future__ import annotations

import re
from typing import Any, Sequence

__all__ = ["at_lead", "dated", "opens_item", "retold_lead", "LEAD_SHARE", "PLACE_WORDS", "JOINING_LETTERS"]

#: The shape of a dateline: up to 60 characters from a letter (its head, which :func:`dated` reads as a place, and a
#: date or an agency) and a dash ("WASHINGTON, March 17 - ").
_DATED = r"(?P<head>[^\W\d_][^\n!?]{0,60}?)\s[-\u2013\u2014]{1,2}\s*"
#: What a text's characters before its lead may be: a dateline, or nothing but space.
_DATELINE = re.compile(rf"\s*(?:{_DATED})?")
#: A dateline before a wire story's lead, which a text opens with.
_LEAD_DATELINE = re.compile(rf"\s*{_DATED}")
#: Where a dateline's place ends: a comma or a figure before its date, a bracket or a slash before its agency.
_PLACE_END = re.compile(r"[,(/\u060c\d]")
#: The most words a place's name takes ("RIO DE JANEIRO", "Ústí nad Labem", "NORTH MIAMI BEACH, Fla"), but in
#: capitals: more is a title ("The Center for Capacity Development - We help ...").
PLACE_WORDS = 4
#: The longest word a place's name has in lower case between its capitalised ones ("Dar es Salaam", "Rio de
#: Janeiro", "Ústí nad Labem").
JOINING_LETTERS = 3
#: A sentence opening an item of a digest with its dateline: a place in capitals and a dash ("NEW YORK - ",
#: "WASHINGTON, April 7 - "), or "In" and the place in capitals ("In LONDON, "), after the bracketed tag closing
#: the item before, when the sentence holds it ("(MMSU 1404) In LONDON, ").
_ITEM_DATELINE = re.compile(r"\s*(?:\([^()]{0,20}\)\s*)?(?:In\s+)?[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+)*(?:\s*[-\u2013\u2014]|,)")
#: A character of a place's word in a script without capitals: no space, figure, stop, comma, bracket or dash (a
#: vowel sign, which is no letter, kept).
_WORD_PART = r"[^\s\d,.!?\u060c\u3001\u3002()\-\u2013\u2014\uff0d]"
#: :data:`_ITEM_DATELINE` in a script without capitals (Arabic, Hebrew, Devanagari, Thai, Han, kana, Hangul ...),
#: where it finds none: a place of up to three words, a date in figures after it or none, and a dash ("القاهرة - ",
#: "नई दिल्ली, 17 मार्च - ", "北京3月17日电——"); read only when the sentence's first letter has no case
#: (:func:`_caseless`).
_CASELESS_ITEM = re.compile(rf"\s*(?:\([^()]{{0,20}}\)\s*)?[^\W\d_]{_WORD_PART}*(?:\s{_WORD_PART}+){{0,2}}"
                            r"(?:[,\u060c\u3001]?\s*\d[^\n.!?\u3002]{0,16}?)?\s*(?:[-\u2013\u2014]{1,2}|\uff0d)")
#: The first letter of a sentence, after a bracketed tag closing the item before, when it holds one.
_FIRST_LETTER = re.compile(r"\s*(?:\([^()]{0,20}\)\s*)?([^\W\d_])")
#: The most of each text the one link may hold: a text that is all its lead is a story carried whole, one that is
#: all the retold sentence but a headline of its own is the lead taken.
LEAD_SHARE = 0.5


def at_lead(text: str, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``spans`` (a link's side in ``text``) open with the text's lead: nothing but a dateline or space
    before the first of them."""
    if not spans:
        return False
    before = _DATELINE.fullmatch(text, 0, min(start for start, _ in spans))
    return before is not None and (before.group("head") is None or dated(before.group("head")))


def dated(head: str) -> bool:
    """Whether ``head``, what a text holds before a dash, reads as a dateline's place (and date or agency), not a
    title. In a script without capitals anything up to the dash does, as :data:`_DATED` finds it. Else its place
    (up to a comma, a figure, a bracket or a slash) takes at most :data:`PLACE_WORDS` words unless in capitals, and
    a date or an agency after it makes a dateline ("omaha, april 7", "Bratislava 7. decembra (TASR)"); a place
    alone is written in capitals ("LEEDS CROWN COURT") or as a name, its first and last words capitalised and
    those between capitalised or joining words of up to :data:`JOINING_LETTERS` letters ("New York", "Rio de
    Janeiro"): "Weekly crop and pasture report" and "Answers to Common Job Interview Questions" are titles."""
    if _caseless(head, 0):
        return True
    end = _PLACE_END.search(head)
    place = head[:end.start()] if end is not None else head
    words = place.split()
    capitals = place.upper() == place
    if not words or (len(words) > PLACE_WORDS and not capitals):
        return False
    if end is not None or capitals:
        return True
    between = words[1:-1]
    return _capitalised(words[0]) and _capitalised(words[-1]) and all(
        _capitalised(word) or len(word) <= JOINING_LETTERS for word in between)


def _capitalised(word: str) -> bool:
    """Whether ``word``'s first letter is a capital."""
    letter = next((c for c in word if c.isalpha()), "")
    return letter.isupper()


def opens_item(text: str, start: int) -> bool:
    """Whether the sentence at ``start`` of ``text`` opens an item of its own: it begins with a dateline
    (:data:`_ITEM_DATELINE`, or :data:`_CASELESS_ITEM` in a script without capitals), or the text before it ends
    with a dash (a digest's line "... private exporters -")."""
    before = text[:start].rstrip()
    if before.endswith(("-", "\u2013", "\u2014")) or _ITEM_DATELINE.match(text, start) is not None:
        return True
    return _caseless(text, start) and _CASELESS_ITEM.match(text, start) is not None


def _caseless(text: str, start: int) -> bool:
    """Whether the sentence at ``start`` of ``text`` opens with a letter of a script without capitals (its upper
    and lower case the same)."""
    first = _FIRST_LETTER.match(text, start)
    return first is not None and first.group(1).upper() == first.group(1).lower()


def retold_lead(alignment: Any, links: Sequence[Any]) -> bool:
    """Whether ``alignment``'s only worded link (``links``), a sentence on each side (a link of several is a
    passage taken: a plagiarist's or a desk's copy of the opening paragraph), joins one text's lead
    (:func:`at_lead`, the text opening with a dateline: a book's or an essay's opening sentence copied is reuse)
    to a sentence inside the other text's body (not at its lead) opening no item (:func:`opens_item`), the link holding under
    :data:`LEAD_SHARE` of each text (its non-space characters): the lead's story goes on past its lead, and the
    other is a story of its own, not a headline of its own over the lead taken. Either text may hold the lead."""
    if len(links) != 1 or len(links[0].source_sentences) != 1 or len(links[0].derived_sentences) != 1:
        return False
    link = links[0]
    source, derived = alignment.source_document.text, alignment.derived_document.text
    sides = ((source, link.source_spans, derived, link.derived_spans), (derived, link.derived_spans, source, link.source_spans))
    return any(_retold(*side) for side in sides)


def _retold(lead_text: str, lead_spans: Sequence[tuple[int, int]], body_text: str,
            body_spans: Sequence[tuple[int, int]]) -> bool:
    if not (lead_spans and body_spans) or not at_lead(lead_text, lead_spans) or at_lead(body_text, body_spans):
        return False
    lead = _LEAD_DATELINE.match(lead_text)
    if lead is None or not dated(lead.group("head")):
        return False  # no dateline: no wire story's lead (a book's or an essay's opening sentence taken is reuse)
    if opens_item(body_text, min(start for start, _ in body_spans)):
        return False
    return _held(lead_text, lead_spans) < LEAD_SHARE and _held(body_text, body_spans) < LEAD_SHARE


def _held(text: str, spans: Sequence[tuple[int, int]]) -> float:
    """The share of ``text``'s non-space characters ``spans`` hold."""
    return sum(len("".join(text[a:b].split())) for a, b in spans) / max(1, len("".join(text.split())))
