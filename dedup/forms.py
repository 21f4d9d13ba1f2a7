"""A form filled in on another day: two texts alike in wording, apart in every figure their linked sentences hold.

Wire copy sends forms again day after day (a weather warning, a central bank's operations, a market fixing, a
month's inflation flash): the same sentences, the figures filled in anew. The learned verdict weighs a long
shared wording against the links refilled (``links_refilled``) and can still report such a pair. Read here, for
a pair about to be reported: the worded links whose two sentences both hold figures (:func:`link_slots`, each
side by value with its single digits and a day written alone kept, :func:`dedup.figures.slot_values`), and how
many of them hold on each side a figure the other lacks (:func:`refilled_slots`). A copy or a rewrite keeps its
figures, in whatever way it writes them ("640.000" and "640 duizend", "1,5 %" and "1.5%", "3,612 Millionen"
rounded to "rund 3,6 Millionen"), and a story sent again the next day changes its dateline's day only (the days
of dates naming their month are left out); a correction changes one sentence of several. A month's release filled
in again restates last month's figure beside this month's ("rose 2.2 pct in February after 1.1 pct in January"
against "rose 1.1 pct in January"): a link one side of which names a month just after one the other names, and
holds a figure the other lacks, is refilled too (:func:`_restated`); so is a link whose two sides name dates
more than a week apart (:func:`_dated_apart`: a tender of March 3 and the next of March 30; a story sent again,
or updated within the week, is the same story). The sentences the aligner left unlinked for their figures, alike
in wording (:func:`dedup.refilled.refilled_unlinked`; a table's rows read cell by cell, :func:`unlinked_cells`),
count among the links refilled; and one sentence alike in wording (its months left out, as its figures: a form
of another month names its month anew) dated apart on the two sides is a form of another day whatever the form's
fixed sentences keep (:func:`dated_again`). Pure functions over an alignment, for :func:`dedup.decision.refuse_chance_order`.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache, partial
from typing import Any, Sequence

from dedup.channels import LONG_DOCUMENT
from dedup.figures import slot_values
from dedup.hedged import hedged_figures, unhedged_apart
from dedup.language import language_of
from dedup.refilled import left_out, refilled_unlinked
from dedup.sentence_slots import MONTH, alike_wording, date_spans, months_cased
from dedup.shingles import content_mask, tokenize_batch
from dedup.slot_figures import apart, apart_counted, digits

__all__ = ["FORM_LINKS", "FORM_SHARE", "link_slots", "refilled_slots", "form_share", "filled_in_again", "dated_again",
           "unlinked_cells"]

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
    return [(one[0], other[0]) for one, other in _link_sides(alignment, links) if one[0] and other[0]]


#: One side of a link as a form reads it: its figures by value, its text as read (:func:`_side`: its months read
#: from it when its figures are not apart, :func:`months_named`), its dates naming a day ``(month, day)`` and how
#: many of its cells hold each figure (:func:`cell_counts`).
SideSlots = tuple[frozenset[str], str, frozenset[tuple[int, int]], Counter[str]]


def _link_sides(alignment: Any, links: Sequence[Any]) -> list[tuple[SideSlots, SideSlots]]:
    """:func:`link_slots` with the months each side names (:func:`months_named`) and its dates
    (:func:`dates_named`), for the links whose two sides both hold figures or both dates."""
    return [(one, other) for _, one, other in _held_links(alignment, links)]


def _held_links(alignment: Any, links: Sequence[Any]) -> list[tuple[Any, SideSlots, SideSlots]]:
    """:func:`_link_sides`, each with its link."""
    source, derived = alignment.source_document, alignment.derived_document
    ls, ld = language_of(source), language_of(derived)
    out = []
    for link in links:
        one = _slots(source.text, link.source_spans, ls)
        if one[0] or one[2]:  # the derived side read only where the source's holds something to compare
            other = _slots(derived.text, link.derived_spans, ld)
            if (one[0] and other[0]) or (one[2] and other[2]):
                out.append((link, one, other))
    return out


def _slots(text: str, spans: Sequence[tuple[int, int]], language: str | None) -> SideSlots:
    """One side of a link (``spans`` of ``text``) as a form reads it (:data:`SideSlots`)."""
    marked, dates = _side_read(text, spans, language, blank=_LEFT_OUT)
    side = marked.replace(_LEFT_OUT, " ")
    values = slot_values(side, language)
    return values, side, dates, cell_counts(marked, language, whole=values)


#: What stands for a date's day left out while a side's cells are read: no space, so that "March 3 to" parts no
#: cell ("March   to" would).
_LEFT_OUT = "\x00"


#: What parts a table's cells: a run of two spaces or more (its columns), or a line break and the indent after it.
_CELL_GAP = re.compile(r"\s{2,}")


def cell_counts(text: str, language: str | None = None, *, whole: frozenset[str] | None = None) -> Counter[str]:
    """How many cells of ``text`` hold each figure (by its digits, :func:`dedup.slot_figures.digits`), a cell a
    stretch between runs of two spaces or more (:data:`_CELL_GAP`: a table's columns and rows): a rate table's
    row "5.93 pct  5.93 pct" holds 5.93 twice, its next day's "5.90 pct  5.93 pct" once. A sentence of prose is one cell;
    ``whole``, the whole text's :func:`dedup.figures.slot_values` when read already, are then its figures.

    >>> sorted(cell_counts("124-150 days  5.93 pct  5.93 pct  124-150 days").items())
    [('124', 2), ('15', 2), ('593', 2)]
    """
    cells = [cell.replace(_LEFT_OUT, " ") for cell in _CELL_GAP.split(text)]
    if whole is not None and len(cells) == 1:  # one cell (prose): its figures are the side's, read already
        return Counter({digits(v) for v in whole})
    return Counter(key for cell in cells for key in {digits(v) for v in slot_values(cell, language)})


#: How many months after one the other side names a month's form restated may name (a month's, a quarter's).
RESTATED_MONTHS = 3


def months_named(text: str) -> frozenset[int]:
    """The months ``text`` names in English (1 to 12): a monthly release's slots beside its figures.

    >>> sorted(months_named("rose 2.2 pct in February after 1.1 pct in Jan, Sept"))
    [1, 2, 9]
    """
    return frozenset(m.lastindex for m in MONTH.finditer(months_cased(text)))


def dates_named(text: str) -> frozenset[tuple[int, int]]:
    """The dates naming a day that ``text`` writes in English, as ``(month, day)`` (:func:`dedup.facts.day_date_spans`,
    the month by :func:`months_named`): a dateline's, a form's "through midnight April 16".

    >>> sorted(dates_named("PARIS, March 30 - due by April 13, not in 1990 nor November 2,245 mln"))
    [(3, 30), (4, 13)]
    """
    return _side_read(text, [(0, len(text))])[1]


def _side(text: str, spans: Sequence[tuple[int, int]], language: str | None = None) -> str:
    """One side of a link, its spans joined, the day of each date naming its month left out ("April 26",
    :func:`dedup.facts.day_date_spans`; "12月6日", :data:`_DENSE_DAY`): a story sent again on another day
    changes its dateline's day and is the same story. A day written alone ("22日至25日", a warning's days)
    is a form's slot and stays. Outside English a day and its month written with a slash ("5/12" in Vietnamese)
    are a date, left out whole (in English "3/4" is a fraction of a price)."""
    return _side_read(text, spans, language)[0]


def _side_read(text: str, spans: Sequence[tuple[int, int]], language: str | None = None,
               blank: str = " ") -> tuple[str, frozenset[tuple[int, int]]]:
    """:func:`_side`, and the dates naming a day in English its dates' days were taken from
    (:func:`dates_named`): the dates read once. Each day left out is written ``blank``."""
    parts, dates = [], set()
    for start, end in spans:
        stretch = text[start:end]
        days = []
        for span in date_spans(stretch):
            day = _day_of(stretch, span)
            if _FIGURE_GOES_ON.match(stretch, day[1]):  # "im November 2,245 Millionen": no date's day
                continue
            days.append(day)
            month = months_named(stretch[span[0]:span[1]])
            if len(month) == 1 and day != span:
                dates.add((next(iter(month)), int(stretch[day[0]:day[1]].rstrip("stndrh"))))
        days += [m.span() for m in _DENSE_DAY.finditer(stretch)]
        if language not in (None, "en"):
            days += [m.span() for m in _SLASH_DATE.finditer(stretch)]
        for a, b in sorted(days, reverse=True):
            stretch = stretch[:a] + blank + stretch[b:]
        parts.append(stretch)
    return " ".join(parts), frozenset(dates)


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
    """How many of ``links`` hold figures or dates on both sides, and how many of those are refilled
    (:func:`_refilled`)."""
    held = _link_sides(alignment, links)
    return len(held), sum(_refilled(one, other) for one, other in held)


def _refilled(one: SideSlots, other: SideSlots) -> bool:
    """Whether two sides of a link read as a form's slots filled in anew: each holds a figure the other lacks (a
    figure and the same digits times a word for thousands or millions are one,
    :func:`dedup.slot_figures.digits`: "181 miln dlrs", its word misspelt, is "181 mln dlrs"), or one restates the other's month and figures beside a later
    month's (:func:`_restated`), or each names a date more than :data:`DATE_GAP` days from every date the
    other names (:func:`_dated_apart`: a tender of March 3 and one of March 30; a story sent again the next
    day, or updated within the week, is the same story)."""
    (fa, ta, da, ca), (fb, tb, db, cb) = one, other
    if fa and fb and apart_counted(fa, ca, fb, cb) and apart_counted(fb, cb, fa, ca) and not _said_roughly(one, other):
        return True
    if fa and fb:
        ma, mb = months_named(ta), months_named(tb)
        if _restated(fa, ma, mb, fb) or _restated(fb, mb, ma, fa):
            return True
    return _dated_apart(da, db) and _dated_apart(db, da)


def _said_roughly(one: SideSlots, other: SideSlots) -> bool:
    """Whether a side's figures apart from the other's (:func:`dedup.slot_figures.apart`) are all said roughly where
    the other says them exactly (:func:`dedup.hedged.unhedged_apart`, English's hedges: "close to half a million" for 450,000,
    "nearly three billion dollars" for $2.94 billion), as ``links_refilled`` reads a link
    (:func:`dedup.refilled.refilled_links`): a rewrite rounding a figure after a hedge refills no form's slot."""
    (fa, ta, _, _), (fb, tb, _, _) = one, other
    ha, hb = hedged_figures(ta, [(0, len(ta))]), hedged_figures(tb, [(0, len(tb))])
    if not (ha or hb):
        return False
    apart_a, apart_b = _apart_of(fa, fb), _apart_of(fb, fa)
    return bool(apart_a and not unhedged_apart(apart_a, ha, fb, hb)) or bool(apart_b and not unhedged_apart(apart_b, hb, fa, ha))


def _apart_of(one: frozenset[str], other: frozenset[str]) -> frozenset[str]:
    """Those of ``one`` that ``other`` holds in none of its figures (:func:`dedup.slot_figures.apart`)."""
    return frozenset(f for f in one if apart(frozenset({f}), other))


#: How many days apart two dates of a link's sides may stand and be one story's, sent again or updated.
DATE_GAP = 7


def _dated_apart(dates: frozenset[tuple[int, int]], other: frozenset[tuple[int, int]]) -> bool:
    """Whether one of ``dates`` stands more than :data:`DATE_GAP` days from each of ``other`` (none when
    ``other`` is empty; a month reckoned 31 days, the year's end crossed: December 30 and January 2 are near)."""
    def gap(a: tuple[int, int], b: tuple[int, int]) -> int:
        days = abs((a[0] * 31 + a[1]) - (b[0] * 31 + b[1]))
        return min(days, 12 * 31 - days)
    return bool(other) and any(all(gap(d, o) > DATE_GAP for o in other) for d in dates)


def _restated(figures: frozenset[str], months: frozenset[int], other_months: frozenset[int],
              other_figures: frozenset[str]) -> bool:
    """Whether a side (its ``figures`` and ``months``) reads as the next month's form of the other: it names a
    month the other does not, one to :data:`RESTATED_MONTHS` months after one the other names, and holds a
    figure the other lacks ("rose 2.2 pct in February after 1.1 pct in January" against "rose 1.1 pct in
    January"). A rewrite adding the month before ("after 0.2 pct in December") is none."""
    later = any(0 < (new - named) % 12 <= RESTATED_MONTHS for new in months - other_months for named in other_months)
    return later and apart(figures, other_figures)


def form_share(alignment: Any, links: Sequence[Any]) -> float | None:
    """The share of ``links`` holding figures on both sides that are refilled (:func:`refilled_slots`, read
    once), the sentences the links leave out alike but for their figures counted among them
    (:func:`dedup.refilled.refilled_unlinked`: a form's sentences the aligner left apart for their figures, two
    pairs at least; where it finds none, read cell by cell, :func:`unlinked_cells`: a table's rows), when they
    read as a form filled in on another day: at least :data:`FORM_LINKS` of them
    refilled, and at least :data:`FORM_SHARE` of those holding figures; or when a sentence of one text and one of
    the other alike in wording are dated apart (:func:`dated_again`: the share then read with one refilled at
    least). None otherwise."""
    held = _held_links(alignment, links)  # the links' sides read once
    rest = left_out(alignment, links)  # so are the sentences they leave out
    alike = refilled_unlinked(alignment, links, rest) or unlinked_cells(alignment, rest)
    holding, refilled = len(held) + alike, sum(_refilled(one, other) for _, one, other in held) + alike
    if refilled >= FORM_LINKS and refilled >= FORM_SHARE * holding:
        return refilled / holding
    return max(refilled, 1) / max(holding, 1) if dated_again(alignment, links, held, rest) else None


def dated_again(alignment: Any, links: Sequence[Any], held: list[tuple[Any, SideSlots, SideSlots]] | None = None,
                rest: tuple[list[Any], list[Any]] | None = None) -> bool:
    """Whether a sentence of one text and one of the other, alike in wording but for their figures and months
    (:func:`dedup.sentence_slots.alike_wording`: one of ``links``' two sides, or two sentences the links leave out,
    paired one to one), are dated apart: each names a date more than :data:`DATE_GAP` days from every date the
    other names (:func:`_dated_apart`), or one restates the other's month and figures beside a later month's
    (:func:`_restated`). A form's sentence filled in for another day ("There were six grain ships loading" on
    April 9, "three" on March 9; a Fed operation sent again three weeks later, its figures the same): one such
    sentence is no correction (a correction is sent the same day) nor an update within the week, and the form's
    fixed sentences, kept with their figures, do not make it a copy. A story taking a paragraph from an earlier
    one words its own lead. Two long texts (each of :data:`dedup.channels.LONG_DOCUMENT` content words or more: a
    record of many days, a book, not a form) name days in many sentences: one of them dated apart is an edit, and
    they read as of another day only when at least :data:`FORM_SHARE` of their sentences alike in wording that name
    days on both sides are dated apart, the others naming the same days (a light edit of a long text keeps nine in
    ten). English dates and months only (:func:`dates_named`, :func:`months_named`): only the
    sentences naming a month on both sides are read. ``held``: :func:`_held_links` of ``links``, and ``rest``:
    :func:`dedup.refilled.left_out` of them, when read already."""
    source, derived = alignment.source_document, alignment.derived_document
    dated, same, kept = 0, [], 0  # the texts' length read only once a sentence dated apart is found
    for link, one, other in _held_links(alignment, links) if held is None else held:
        if _dated(one, other):
            if alike_wording(source.text, link.source_spans, derived.text, link.derived_spans, months=True):
                if not (_long(source.text) and _long(derived.text)):
                    return True
                dated += 1
        elif _same_days(one, other):
            same.append(link)
    ls, ld = language_of(source), language_of(derived)
    for spans_s, spans_d in _unlinked_alike(alignment, left_out(alignment, links) if rest is None else rest):
        one, other = _slots(source.text, spans_s, ls), _slots(derived.text, spans_d, ld)
        if _dated(one, other):
            if not (_long(source.text) and _long(derived.text)):
                return True
            dated += 1
        else:
            kept += _same_days(one, other)
    if not dated:
        return False
    kept += sum(alike_wording(source.text, link.source_spans, derived.text, link.derived_spans, months=True)
                for link in same)
    return dated >= FORM_SHARE * (dated + kept)


def _same_days(one: SideSlots, other: SideSlots) -> bool:
    """Whether two sides name dates with their days, the same ones."""
    return bool(one[2]) and one[2] == other[2]


@lru_cache(maxsize=1024)
def _long(text: str) -> bool:
    """Whether a text is a long document (:data:`dedup.channels.LONG_DOCUMENT` content words or more, read over
    the whole text)."""
    if len(text) < LONG_DOCUMENT:  # fewer characters than the words it would need
        return False
    batch = tokenize_batch([text])
    return int(content_mask(batch.hashes, batch.starts, batch.ends).sum()) >= LONG_DOCUMENT


def _dated(one: SideSlots, other: SideSlots) -> bool:
    """Whether two sides name dates more than :data:`DATE_GAP` days apart each way, or one restates the other's
    month and figures beside a later month's."""
    (fa, ta, da, _), (fb, tb, db, _) = one, other
    if _dated_apart(da, db) and _dated_apart(db, da):
        return True
    return bool(fa and fb) and (_restated(fa, months_named(ta), months_named(tb), fb)
                                or _restated(fb, months_named(tb), months_named(ta), fa))


def _unlinked_alike(alignment: Any, rest: tuple[list[Any], list[Any]]) -> list[tuple[list[tuple[int, int]], list[tuple[int, int]]]]:
    """The sentences naming a month among those the links leave out in each text (``rest``:
    :func:`dedup.refilled.left_out`), paired one to one where alike in wording but for their figures
    (:func:`dedup.sentence_slots.alike_wording`), as ``(source spans, derived spans)``."""
    source, derived = alignment.source_document.text, alignment.derived_document.text
    rest_s = _naming_a_month(source, rest[0])
    rest_d = _naming_a_month(derived, rest[1]) if rest_s else []
    out = []
    for one in rest_s:
        for j, other in enumerate(rest_d):
            if alike_wording(source, one, derived, other, months=True):
                out.append((one, other))
                del rest_d[j]
                break
    return out


def unlinked_cells(alignment: Any, rest: tuple[list[Any], list[Any]]) -> int:
    """How many of the sentences the links leave out (``rest``: :func:`dedup.refilled.left_out`) pair one to one with
    a sentence of the other text alike in wording but for their figures
    (:func:`dedup.sentence_slots.alike_wording`), their figures read cell by cell apart each way
    (:func:`dedup.slot_figures.apart_counted`: a table's row "1  1" filled in again as "1  0" holds its 1 in one cell of two, which a
    reading of the row's figures as a set does not see); two such pairs at least, else 0, as
    :func:`dedup.refilled.refilled_unlinked` counts them. A form's table left unlinked row by row for its figures."""
    source, derived = alignment.source_document, alignment.derived_document
    ls, ld = language_of(source), language_of(derived)
    rest_s = [one for one in (_held_row(source.text, s, ls) for s in rest[0]) if one is not None]
    rest_d = [one for one in (_held_row(derived.text, s, ld) for s in rest[1]) if one is not None] if rest_s else []
    found = 0
    for span_s, (fa, _, _, ca) in rest_s:
        for j, (span_d, (fb, _, _, cb)) in enumerate(rest_d):
            if (apart_counted(fa, ca, fb, cb) and apart_counted(fb, cb, fa, ca)
                    and alike_wording(source.text, [span_s], derived.text, [span_d])):
                found += 1
                del rest_d[j]
                break
    return found if found >= 2 else 0


def _held_row(text: str, sentence: Any, language: str | None) -> tuple[tuple[int, int], SideSlots] | None:
    """A sentence left out (``sentence``'s span of ``text``) with its slots (:func:`_slots`), when it holds a figure."""
    span = (sentence.start, sentence.end)
    if not _DIGIT.search(text, *span):
        return None
    slots = _slots(text, [span], language)
    return (span, slots) if slots[0] else None


#: What opens a figure.
_DIGIT = re.compile(r"\d")


def _naming_a_month(text: str, sentences: Sequence[Any]) -> list[list[tuple[int, int]]]:
    return [[(s.start, s.end)] for s in sentences if MONTH.search(months_cased(text[s.start:s.end]))]


def filled_in_again(alignment: Any, links: Sequence[Any]) -> bool:
    """Whether the linked sentences ``links`` of ``alignment`` read as a form filled in on another day
    (:func:`form_share`)."""
    return form_share(alignment, links) is not None
