"""A form filled in again: the sentences of a text that hold numbers, and links refilled with other figures.

Wire copy is full of forms (market operations, price fixings, tenders, court lists, results) sent again
on another day with their figures or names filled in anew and the rest kept word for word: the same
wording is no copy then. Read here: a text's sentences with numbers by their wording
(:func:`slot_sentences`, the compiled kernel's for ASCII text) and the share two texts refill
(``form_slots_share``); the linked sentences whose figures (or names, :mod:`dedup.renamed`) each side
holds apart, and the sentences left unlinked that are alike but for their figures
(``links_refilled``, :func:`refilled_links`), a date's day left out; the same unlinked sentences and two
stretches' wording but for figures (:func:`refilled_unlinked`, :func:`alike_wording`; the sentences links leave out,
:func:`left_out`) for :mod:`dedup.forms`. Pure functions over the texts and
their alignment, for :mod:`dedup.features`.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any, Sequence

from dedup import kernels
from dedup.facts import day_date_spans
from dedup.figure_sets import link_figures
from dedup.figures import approximate_values, writes_decimal_comma
from dedup.hedged import hedged_figures, unhedged_apart
from dedup.language import CJK, HANGUL, language_of
from dedup.renamed import WORD_PART, capitalised_pair, names_within, slot_refilled


#: A sentence: up to an end mark followed by a space, or a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
#: :data:`_SENTENCE_END` tried only where a space is (the same cuts, the tests compare them): its
#: look-behind was tried at every character of a text.
_SENTENCE_END_FAST = re.compile(r"(?=\s)(?:(?<=[.!?])\s+|\n+)")
#: A number as a form's slot holds it: "6-3/8", "98.734", "12:45", "4".
_SLOT = re.compile(r"\d[\d.,:/-]*")
#: What opens a :data:`_SLOT`.
_DIGIT = re.compile(r"\d")
#: A character of the scripts whose figures run into the words around them ("上涨0.4%", "0.4%상승"):
#: kana, Han and Hangul. A sentence of theirs ends at its full-width stop without a space after it, and
#: its words are cut at its digits.
_GLUED = re.compile(f"[{CJK}{HANGUL}]")
#: A sentence's end in those scripts: after a full-width stop, question or exclamation mark.
_GLUED_END = re.compile(r"(?<=[\u3002\uff01\uff1f])")
#: A word of those scripts' sentences: letters only, cut at the digits the characters run into.
_LETTERS = re.compile(r"[^\W\d_]+")


def _glued(text: str) -> bool:
    """Whether ``text`` holds a character of :data:`_GLUED` (an ASCII text, most wire copy, holds none:
    told without scanning it with the pattern)."""
    return not text.isascii() and _GLUED.search(text) is not None


@lru_cache(maxsize=4096)
def slot_sentences(text: str) -> dict[str, frozenset[str]]:
    """The sentences of a text that hold a number and four words or more, by their wording with every
    number written ``#`` (lower case, single spaces): a form's sentence keeps its key from day to day.
    An ASCII text's by the compiled kernel (``slot_sentences``), else by the patterns."""
    compiled = kernels.KERNELS
    found = compiled.slot_sentences(text) if compiled is not None else None
    return _slot_sentences_py(text) if found is None else found


def _slot_sentences_py(text: str) -> dict[str, frozenset[str]]:
    """:func:`slot_sentences` by the patterns: the reference, and the way for every text not ASCII. In a
    text of kana, Han or Hangul (:data:`_GLUED`) a sentence also ends at a full-width stop with no space
    after it, and half its dense characters count as words (about 1.5 characters a Chinese or Japanese
    word, and a Korean word is two or three syllables): else a Chinese form held one "sentence" a line."""
    out: dict[str, set[str]] = {}
    if not _DIGIT.search(text):
        return {}
    glued = _glued(text)
    for part in _SENTENCE_END_FAST.split(text):
        for sentence in _GLUED_END.split(part) if glued else (part,):
            if not _DIGIT.search(sentence):  # no number: splitting its words would find none
                continue
            words = sentence.split()
            raw = " ".join(words)
            size = len(words) + (len(_GLUED.findall(raw)) // 2 if glued else 0)
            if size >= 4 and _SLOT.search(raw):
                out.setdefault(_SLOT.sub("#", raw.lower()), set()).add(raw)
    return {key: frozenset(raws) for key, raws in out.items()}


def _form_slots(text_a: str, text_b: str) -> float:
    """The share of the sentences with numbers (of the text with fewer, two at least) that the other text
    holds word for word with other numbers in them: a form filled in again on another day (a market
    operation, a price fixing: its sentences of figures filled in anew), where a copy keeps its figures
    (0) and a correction changes one sentence of several. A sentence both hold as it is (a form's fixed
    text, or what an update kept) counts in the base only, so that an update refilling two sentences of
    six reads as a third, a form refilling all but its fixed text as most. The figures of the whole text
    cannot say this: a form's fixed text, shared word for word, reads as a passage copied."""
    return refilled_share(slot_sentences(text_a), slot_sentences(text_b))


def refilled_share(sa: dict[str, frozenset[str]], sb: dict[str, frozenset[str]]) -> float:
    """:func:`_form_slots` of the two texts' sentences with numbers (:func:`slot_sentences`)."""
    fewer = min(len(sa), len(sb))
    if fewer < 2:
        return 0.0
    refilled = sum(1 for key in sa.keys() & sb.keys() if not sa[key] & sb[key])
    return refilled / fewer


def refilled_links(alignment: Any, links: Sequence[Any]) -> float:
    """The share of the worded links, of those whose sentences hold figures on both sides, where each side
    holds a figure the other lacks, or of those whose sentences hold two capitalised words in a row on
    both sides (:func:`~dedup.renamed.capitalised_pair`), where each side holds a name the other text lacks in the same
    place (:func:`~dedup.renamed.slot_refilled`), whichever is higher: a form filled in again on another day links
    sentence by sentence with every figure changed (a market operation's amounts, a fixing's prices, the
    dateline's day) or every name (a court's defendants, a round's teams, a list's winners), where a copy
    or a rewrite keeps its figures, adds one (both sides' figures, one inside the other) or drops one, and
    a correction changes one sentence of several. The two shares are read apart, so that a figures'
    form's sentences of names kept (its issuer, its dealers) do not thin its share. A name counts as
    lacking only when the other text holds it nowhere, in no form (:func:`~dedup.renamed._new_names`): a rewrite that
    moves a name to another sentence, writes "the Fed" for "the Federal Reserve" or "ECB" for "European
    Central Bank", or adds a spokesman's name on one side only, refills nothing. Unlike
    ``form_slots_share``, which needs a form's sentences word for word, it reads linked sentences however
    they were reworded. A form's sentences whose figures all changed are often not linked at all (their
    figures conflict): the pairs of sentences left unlinked that are alike in wording but for figures
    that differ (:func:`_refilled_unlinked`) count as sentences refilled, so that the fixed sentences a
    form keeps with their figures (a phone number, the hour of the next update) do not read it as a copy."""
    source, derived = alignment.source_document.text, alignment.derived_document.text
    lang_s, lang_d = language_of(alignment.source_document), language_of(alignment.derived_document)
    comma_s, comma_d = writes_decimal_comma(lang_s), writes_decimal_comma(lang_d)
    holding = refilled = named = renamed = 0
    for link in links:
        fs = _held(source, link.source_spans, comma_s)
        if fs:
            fd = _held(derived, link.derived_spans, comma_d)
            if fd:
                holding += 1
                refilled += _figures_refilled(source, derived, link, fs, fd, (comma_s, comma_d), (lang_s, lang_d))
        if capitalised_pair(source, link.source_spans) and capitalised_pair(derived, link.derived_spans):
            named += 1
            if (capitalised_pair(source, link.source_spans, derived)
                    and capitalised_pair(derived, link.derived_spans, source)):
                ns, nd = _names(source, link.source_spans), _names(derived, link.derived_spans)
                renamed += bool(ns) and bool(nd) and ns.keys() != nd.keys() and slot_refilled(ns, nd, source, derived)
    alike = _refilled_unlinked(alignment, links, comma_s, comma_d)
    holding, refilled = holding + alike, refilled + alike
    return max(refilled / holding if holding else 0.0, renamed / named if named else 0.0)


def _figures_refilled(source: str, derived: str, link: Any, fs: frozenset[str], fd: frozenset[str],
                      commas: tuple[bool, bool], languages: tuple[str | None, str | None]) -> bool:
    """Whether each side of a link holds a figure the other lacks, neither a rounding of the other's
    (:func:`_unrounded`) nor said roughly where the other says it exactly (:func:`dedup.hedged.unhedged_apart`:
    "nearly three billion dollars" for $2.94 billion, "about twelve per cent" for 12.4 per cent; outside English
    the language's own words, "gairebé 4.800" for 4.812, "झन्डै रु ६ खर्ब ४२ अर्ब" for 642.3 arab: :func:`_rough`).
    A figure hedged on both sides, as a form keeps its hedge from day to day, stays apart."""
    apart_s, apart_d = _unrounded(fs - fd, fd), _unrounded(fd - fs, fs)
    if apart_s and apart_d:
        hs = hedged_figures(source, link.source_spans, commas[0]) | _rough(source, link.source_spans, languages[0])
        hd = hedged_figures(derived, link.derived_spans, commas[1]) | _rough(derived, link.derived_spans, languages[1])
        apart_s, apart_d = unhedged_apart(apart_s, hs, fd, hd), unhedged_apart(apart_d, hd, fs, hs)
    return bool(apart_s) and bool(apart_d)


#: A figure's value as :func:`~dedup.figure_sets.link_figures` writes it; a sentence's slots may hold other strings
#: ("315.443.5711", a telephone number), which are no rounding of anything.
_VALUE = re.compile(r"\d+(?:\.\d+)?")


def _rough(text: str, spans: Sequence[tuple[int, int]], language: str | None) -> frozenset[str]:
    """The figures one side of a link says are approximate ("gairebé 4.800", "झन्डै रु ६ खर्ब ४२ अर्ब":
    :func:`dedup.figures.approximate_values`), in ``language``, the one its article is read in."""
    return _rough_kept(text, tuple(map(tuple, spans)), language)


@lru_cache(maxsize=8192)  # as SIDES_KEPT
def _rough_kept(text: str, spans: tuple[tuple[int, int], ...], language: str | None) -> frozenset[str]:
    return frozenset().union(*(approximate_values(text[start:end], language) for start, end in spans))


def _unrounded(figures: frozenset[str], other: frozenset[str]) -> frozenset[str]:
    """Those of ``figures`` that are no rounding of a figure of ``other``, nor rounded to one: a rewrite restates
    "22,417" as "over 22,000" and "23 milyar 412 milyon" as "23,4 milyar", a figure of a hundred or more written
    to fewer significant digits (:func:`rounded_alike`); a form filled in again changes its figures' digits.

    >>> sorted(_unrounded(frozenset({"22000", "4.2"}), frozenset({"22417", "4"})))
    ['4.2']
    """
    return frozenset(f for f in figures if not any(rounded_alike(f, g) for g in other))


def rounded_alike(a: str, b: str) -> bool:
    """Whether one of the figures ``a`` and ``b`` (values as :func:`~dedup.figure_sets.link_figures` writes them) is
    the other rounded: a whole number ending in two zeros or more, written with two significant digits fewer than the
    other or more, which rounds to it ("22000" and "22417", "800000" and "791412", "23400000000" and "23412000000"):
    a desk restating a figure. A form filled in again the next day changes a figure's digits ("450 mln" and "400 mln",
    "1,450" and "1,400": one digit fewer), and stays apart.

    >>> rounded_alike("22000", "22417"), rounded_alike("800000", "791412"), rounded_alike("400", "450"), rounded_alike("1400", "1450")
    (True, True, False, False)
    """
    for rough, fine in ((a, b), (b, a)):
        if not rough.isdigit() or not rough.endswith("00") or rough == fine:
            continue
        digits = len(rough.rstrip("0"))
        kept = fine.replace(".", "").strip("0") if "." in fine else fine.rstrip("0")
        if not _VALUE.fullmatch(fine) or len(kept) < digits + 2:
            continue
        value = float(fine)
        if value >= 100 and float(f"{value:.{digits}g}") == float(rough):
            return True
    return False


def refilled_unlinked(alignment: Any, links: Sequence[Any], rest: tuple[list[Any], list[Any]] | None = None) -> int:
    """:func:`_refilled_unlinked` of ``alignment`` left unlinked by the worded ``links``, each text's decimal mark
    read from its language: the sentences of a form filled in again that the aligner left apart for their
    figures, as :func:`refilled_links` counts them (two such pairs at least, else 0). ``rest``: :func:`left_out` of
    ``alignment`` and ``links``, when read already."""
    comma_s = writes_decimal_comma(language_of(alignment.source_document))
    comma_d = writes_decimal_comma(language_of(alignment.derived_document))
    return _refilled_unlinked(alignment, links, comma_s, comma_d, rest)


def _linked(links: Sequence[Any]) -> tuple[frozenset[int], frozenset[int]]:
    """The sentences ``links`` hold in each text."""
    return (frozenset(i for lk in links for i in lk.source_sentences),
            frozenset(i for lk in links for i in lk.derived_sentences))


def left_out(alignment: Any, links: Sequence[Any]) -> tuple[list[Any], list[Any]]:
    """The sentences ``links`` leave out of each text, ``(source's, derived's)``: only those inside the regions the
    alignment was limited to, where it was (the rest were never compared). Read once for the tests of
    :func:`_refilled_unlinked` (their figures) and of :func:`dedup.forms.dated_again` (their months)."""
    regions = getattr(alignment, "regions", ())
    linked_s, linked_d = _linked(links)
    return (_outside(alignment.source_sentences, linked_s, [s for s, _ in regions]),
            _outside(alignment.derived_sentences, linked_d, [d for _, d in regions]))


def _outside(sentences: Sequence[Any], linked: frozenset[int], regions: Sequence[tuple[int, int]]) -> list[Any]:
    return [s for i, s in enumerate(sentences) if i not in linked
            and (not regions or any(start < s.end and s.start < end for start, end in regions))]


def _refilled_unlinked(alignment: Any, links: Sequence[Any], comma_s: bool, comma_d: bool,
                       rest: tuple[list[Any], list[Any]] | None = None) -> int:
    """How many sentences left unlinked by the worded ``links`` (:func:`left_out`, or ``rest`` when read already)
    pair one to one with a sentence of the other text alike in wording but for their figures
    (:func:`_alike_but_figures`), each side holding a figure the other lacks: a form's sentence filled in again
    ("restored to 182,000 customers" and "to 221,000 customers"), which the aligner leaves unlinked for its
    conflicting figures. A copy keeps its figures and links; a rewrite that restates them rewords its sentences,
    which then are not alike. One such pair alone counts for nothing: a correction or an update changes one
    sentence of several."""
    source, derived = alignment.source_document.text, alignment.derived_document.text
    left_s, left_d = left_out(alignment, links) if rest is None else rest
    rest_s = _with_figures(source, left_s, comma_s)
    if not rest_s:
        return 0
    rest_d = _with_figures(derived, left_d, comma_d)
    found = 0
    for words_s, figures_s in rest_s:
        for j, (words_d, figures_d) in enumerate(rest_d):
            if (_unrounded(figures_s - figures_d, figures_d) and _unrounded(figures_d - figures_s, figures_s)
                    and _alike_but_figures(words_s, words_d)):
                found += 1
                del rest_d[j]
                break
    return found if found >= 2 else 0


def _with_figures(text: str, sentences: Sequence[Any], comma: bool) -> list[tuple[tuple[str, ...], frozenset[str]]]:
    """The words (no figures) and the figures (:func:`~dedup.figure_sets.link_figures`, a date's day left out:
    :func:`_without_days`) of each of ``sentences`` that holds a figure and four words or more, as
    :func:`slot_sentences` reads a form's sentences (:func:`_sentence_slots`)."""
    out = []
    for sentence in sentences:
        slots = _sentence_slots(text, sentence.start, sentence.end, comma)
        if slots is not None:
            out.append(slots)
    return out


#: Sentences whose words and figures :func:`_sentence_slots` keeps (a few dozen a text: the new article's
#: and its look-alikes' for a check, and the stored forms met check after check).
SLOTS_KEPT = 8192


@lru_cache(maxsize=SLOTS_KEPT)
def _sentence_slots(text: str, start: int, end: int, comma: bool) -> tuple[tuple[str, ...], frozenset[str]] | None:
    """The words and figures of the sentence ``text[start:end]`` as :func:`_with_figures` reads
    them, or None when it holds no figure or fewer than four words. Kept by sentence: a check reads the new
    article's sentences once for every look-alike it is aligned with, and a stored form's check after
    check. In a text of kana, Han or Hangul the words are cut at the digits the characters run into
    ("上涨0.4%": "上涨"), so a form's sentence refilled on another day keeps its words."""
    sentence = text[start:end]
    if not _DIGIT.search(sentence):
        return None
    if _glued(text):
        words = _LETTERS.findall(sentence.lower())
    else:
        words = [w for w in WORD_PART.findall(sentence.lower()) if not w[0].isdigit()]
    if len(words) < 4:
        return None
    figures = link_figures(text, _without_days(text, (start, end)), comma)
    return (tuple(words), frozenset(figures)) if figures else None


#: Links' sides whose figures (:func:`_held`) and names (:func:`_names`) are kept.
SIDES_KEPT = 8192


def _held(text: str, spans: Sequence[tuple[int, int]], comma: bool) -> frozenset[str]:
    """:func:`~dedup.figure_sets.link_figures` of one side of a link, kept by its spans (a check links the
    new article's sentences with each look-alike's, a stored form's with each check's)."""
    return _held_kept(text, tuple(map(tuple, spans)), comma)


@lru_cache(maxsize=SIDES_KEPT)
def _held_kept(text: str, spans: tuple[tuple[int, int], ...], comma: bool) -> frozenset[str]:
    return frozenset(link_figures(text, spans, comma))


def _names(text: str, spans: Sequence[tuple[int, int]]) -> dict[tuple[str, ...], frozenset[tuple[str, str]]]:
    """:func:`~dedup.renamed.names_within` of one side of a link, kept by its spans as :func:`_held` is (read
    only: the places of each name a frozenset)."""
    return _names_kept(text, tuple(map(tuple, spans)))


@lru_cache(maxsize=SIDES_KEPT)
def _names_kept(text: str, spans: tuple[tuple[int, int], ...]) -> dict[tuple[str, ...], frozenset[tuple[str, str]]]:
    return {run: frozenset(places) for run, places in names_within(text, spans).items()}


def _without_days(text: str, *spans: tuple[int, int]) -> list[tuple[int, int]]:
    """The stretches ``spans`` of ``text`` less the days of its dates of a day of the month (the 26 of
    "April 26", the 8 of "8 July 2024", :func:`dedup.facts.day_date_spans`; a year written with one stays): a
    story sent again on another day with its dateline's day changed is the same story, where a form
    filled in again changes its other figures."""
    days = _days(text) if _DIGIT.search(text) else ()
    out = []
    for start, end in spans:
        at = start
        for day_start, day_end in days:
            if start <= day_start and day_end <= end:
                out.append((at, day_start))
                at = day_end
        out.append((at, end))
    return out


@lru_cache(maxsize=4096)
def _days(text: str) -> tuple[tuple[int, int], ...]:
    """Where the days of the month of a text's dates stand (:func:`_without_days`), once per text."""
    return tuple(_day_of(text, span) for span in day_date_spans(text))


def _day_of(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Where the day of the month stands in a date (``span``, "March 17, 1987" or "8 July 2024")."""
    m = _DAY.search(text, *span)
    return m.span() if m else span


#: The day of a date: one or two digits (with "st", "nd", "rd", "th").
_DAY = re.compile(r"(?<!\d)\d{1,2}(?:st|nd|rd|th)?(?!\d)")


def _alike_but_figures(words_a: Sequence[str], words_b: Sequence[str]) -> bool:
    """Whether two sentences' words (their figures left out) are one wording: in the same order, all
    but a fifth of them the same (a form's place or weekday filled in too, a name dropped from a list).
    The matcher's quickest bound first, from the two lengths alone (``real_quick_ratio``, the same
    expression): most pairs of sentences compared are far apart; the rest kept by their words
    (:func:`_alike_words`), as a form's sentences meet the same sentences of its look-alikes."""
    total = len(words_a) + len(words_b)
    if total and 2.0 * min(len(words_a), len(words_b)) / total < _ALIKE:
        return False
    return _alike_words(tuple(words_a), tuple(words_b))


def alike_wording(text_a: str, spans_a: Sequence[tuple[int, int]], text_b: str,
                  spans_b: Sequence[tuple[int, int]]) -> bool:
    """Whether two stretches (``spans_a`` of ``text_a``, ``spans_b`` of ``text_b``: a link's two sides, two
    sentences) are one wording but for their figures (:func:`_alike_but_figures`), each four words or more
    read as :func:`_sentence_slots` reads a sentence's (no figure among them)."""
    words_a, words_b = _stretch_words(text_a, tuple(spans_a)), _stretch_words(text_b, tuple(spans_b))
    return len(words_a) >= 4 and len(words_b) >= 4 and _alike_but_figures(words_a, words_b)


@lru_cache(maxsize=SLOTS_KEPT)
def _stretch_words(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[str, ...]:
    """The words of ``spans`` of ``text`` without their figures, as :func:`_sentence_slots` reads them."""
    glued = _glued(text)
    out: list[str] = []
    for start, end in spans:
        piece = text[start:end]
        out += _LETTERS.findall(piece.lower()) if glued else [w for w in WORD_PART.findall(piece.lower()) if not w[0].isdigit()]
    return tuple(out)


#: Pairs of sentences' words whose answer :func:`_alike_words` keeps.
ALIKE_KEPT = 16384


@lru_cache(maxsize=ALIKE_KEPT)
def _alike_words(words_a: tuple[str, ...], words_b: tuple[str, ...]) -> bool:
    """:func:`_alike_but_figures` by the matcher's bounds, then its ratio."""
    matcher = SequenceMatcher(None, words_a, words_b, autojunk=False)
    return matcher.real_quick_ratio() >= _ALIKE and matcher.quick_ratio() >= _ALIKE and matcher.ratio() >= _ALIKE


#: How alike two sentences' words must be to be one form's (:func:`_alike_but_figures`).
_ALIKE = 0.8
