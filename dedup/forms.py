"""A form filled in on another day: two texts alike in wording, apart in every figure their linked sentences hold.

Wire copy sends forms again day after day (a weather warning, a central bank's operations, a market fixing, a
month's inflation flash): the same sentences, the figures filled in anew. The learned verdict weighs a long
shared wording against the links refilled (``links_refilled``) and can still report such a pair. Read here, for
a pair about to be reported: the worded links whose two sentences both hold figures (:func:`link_slots`, each
side by value with its single digits and a day written alone kept, :func:`dedup.figures.slot_values`), and how
many of them hold on each side a figure the other lacks (:func:`refilled_slots`). A copy or a rewrite keeps its
figures, in whatever way it writes them ("640.000" and "640 duizend", "1,5 %" and "1.5%", "3,612 Millionen"
rounded to "rund 3,6 Millionen"), and a story sent again the next day changes its dateline's day only (the days
of dates naming their month are left out); a correction changes one sentence of several. Pure functions over an
alignment, for :func:`dedup.decision.refuse_chance_order`.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import partial
from typing import Any, Sequence

from dedup.facts import day_date_spans
from dedup.figures import slot_values
from dedup.language import language_of

__all__ = ["FORM_LINKS", "FORM_SHARE", "link_slots", "refilled_slots", "filled_in_again"]

#: The least number of linked sentences refilled for a pair to read as a form: one is a correction.
FORM_LINKS = 2
#: The least share of the linked sentences holding figures on both sides that are refilled.
FORM_SHARE = 0.5


#: The day of a date that names its month in Chinese, Japanese and Korean ("12月6日", "12월 6일"): the 6.
_DENSE_DAY = re.compile(r"(?<=\d月)\d{1,2}(?=[日号])|(?<=\d월 )\d{1,2}(?=일)|(?<=\d월)\d{1,2}(?=일)")


def link_slots(alignment: Any, links: Sequence[Any]) -> list[tuple[frozenset[str], frozenset[str]]]:
    """Each of ``links``' source and derived figures by value (:func:`dedup.figures.slot_values`, each side in
    its text's language, the days of its dates left out: :func:`_side`), for the links whose two sides both
    hold figures."""
    source, derived = alignment.source_document, alignment.derived_document
    ls, ld = language_of(source), language_of(derived)
    out = []
    for link in links:
        fs = slot_values(_side(source.text, link.source_spans, ls), ls)
        if fs:
            fd = slot_values(_side(derived.text, link.derived_spans, ld), ld)
            if fd:
                out.append((fs, fd))
    return out


def _side(text: str, spans: Sequence[tuple[int, int]], language: str | None = None) -> str:
    """One side of a link, its spans joined, the day of each date naming its month left out ("April 26",
    :func:`dedup.facts.day_date_spans`; "12月6日", :data:`_DENSE_DAY`): a story sent again on another day
    changes its dateline's day and is the same story. A day written alone ("22日至25日", a warning's days)
    is a form's slot and stays. Outside English a day and its month written with a slash ("5/12" in Vietnamese)
    are a date, left out whole (in English "3/4" is a fraction of a price)."""
    parts = []
    for start, end in spans:
        stretch = text[start:end]
        days = [day for day in map(partial(_day_of, stretch), day_date_spans(stretch))
                if not _FIGURE_GOES_ON.match(stretch, day[1])]  # "im November 2,245 Millionen": no date's day
        days += [m.span() for m in _DENSE_DAY.finditer(stretch)]
        if language not in (None, "en"):
            days += [m.span() for m in _SLASH_DATE.finditer(stretch)]
        for a, b in sorted(days, reverse=True):
            stretch = stretch[:a] + " " + stretch[b:]
        parts.append(stretch)
    return " ".join(parts)


#: A day and its month written with a slash ("5/12", "04/12"), no fraction's or longer date's part.
_SLASH_DATE = re.compile(r"(?<![\d/.,])(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])(?![\d/])")
#: A figure going on after what a date's reader took for its day: a decimal or a group of thousands.
_FIGURE_GOES_ON = re.compile(r"[.,]\d")
#: The day of a date: one or two digits (with "st", "nd", "rd", "th").
_DAY = re.compile(r"(?<!\d)\d{1,2}(?:st|nd|rd|th)?(?!\d)")


def _day_of(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Where the day of the month stands in a date (``span`` of ``text``: "March 17, 1987", "8 July 2024")."""
    m = _DAY.search(text, *span)
    return m.span() if m else span


def refilled_slots(alignment: Any, links: Sequence[Any]) -> tuple[int, int]:
    """How many of ``links`` hold figures on both sides, and how many of those hold on each side a figure
    the other lacks (a form's slots filled in anew; a figure and the same digits times a word for thousands
    or millions are one, :func:`_digits`: "181 miln dlrs", its word misspelt, is "181 mln dlrs")."""
    held = link_slots(alignment, links)
    return len(held), sum(_apart(fs, fd) and _apart(fd, fs) for fs, fd in held)


def _apart(one: frozenset[str], other: frozenset[str]) -> bool:
    """Whether ``one`` holds a figure that ``other`` holds in none of its figures, neither with the same digits
    (:func:`_digits`) nor rounded (:func:`_rounded`: "3,612 Millionen" restated as "rund 3,6 Millionen")."""
    digits = {_digits(g) for g in other}
    return any(_digits(f) not in digits and not any(_rounded(f, g) for g in other) for f in one)


def _rounded(figure: str, other: str) -> bool:
    """Whether ``other`` is ``figure`` rounded to fewer significant digits, two at least (3612000 and 3600000,
    46.08 and 46.1; not 35 and 40: a round figure of one digit is as often a slot filled in anew)."""
    try:
        a, b = Decimal(figure).normalize(), Decimal(other).normalize()
        kept = len(b.as_tuple().digits)
        if not (a.is_finite() and b.is_finite() and 2 <= kept < len(a.as_tuple().digits)):
            return False
        return a.quantize(Decimal(1).scaleb(a.adjusted() - kept + 1), rounding=ROUND_HALF_UP) == b
    except InvalidOperation:  # a fraction ("3/4"), or a figure past the decimal context's precision
        return False


def _digits(figure: str) -> str:
    """A figure's significant digits, its scale left out: "181", "181000000" and "18.1" are "181"; a figure
    that is no decimal number (a fraction) as it is."""
    try:
        return "".join(map(str, Decimal(figure).normalize().as_tuple().digits))
    except InvalidOperation:
        return figure


def filled_in_again(alignment: Any, links: Sequence[Any]) -> bool:
    """Whether the linked sentences ``links`` of ``alignment`` read as a form filled in on another day: at
    least :data:`FORM_LINKS` of them refilled, and at least :data:`FORM_SHARE` of those holding figures."""
    holding, refilled = refilled_slots(alignment, links)
    return refilled >= FORM_LINKS and refilled >= FORM_SHARE * holding
