"""A sentence read as a form's: its words without its figures and its figures by value (a date's day left out),
and two sentences or two stretches alike in wording but for their figures.

A form sent again on another day keeps its wording and fills in its figures anew ("restored to 182,000 customers"
and "to 221,000 customers"). Read here, sentence by sentence: its words and figures (:func:`with_figures`, kept by
sentence), the stretches of a sentence less the days of its dates (:func:`without_days`: a story sent again with
its dateline's day changed is the same story), and whether two sentences' words are one wording
(:func:`alike_but_figures`, :func:`alike_wording`). :mod:`dedup.refilled` pairs the sentences links leave out by
them, and :mod:`dedup.forms` reads two sentences dated apart by them. Pure functions over the texts.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any, Sequence

from dedup.facts import day_date_spans, months_cased
from dedup.figure_sets import link_figures
from dedup.language import CJK, HANGUL
from dedup.renamed import WORD_PART

__all__ = ["GLUED", "LETTERS", "MONTH", "months_cased", "date_spans", "glued", "with_figures", "without_days",
           "alike_but_figures", "alike_wording", "SLOTS_KEPT", "ALIKE_KEPT"]

#: What opens a figure.
_DIGIT = re.compile(r"\d")
#: A character of the scripts whose figures run into the words around them ("上涨0.4%", "0.4%상승"):
#: kana, Han and Hangul. A sentence of theirs ends at its full-width stop without a space after it, and
#: its words are cut at its digits.
GLUED = re.compile(f"[{CJK}{HANGUL}]")
#: A word of those scripts' sentences: letters only, cut at the digits the characters run into.
LETTERS = re.compile(r"[^\W\d_]+")
#: A month named in English, in full or cut short ("February", "Feb.", "Sept"), capitalised as a month is; the
#: group that matched is the month's number.
MONTH = re.compile(r"\b(?:(Jan)(?:uary)?|(Feb)(?:ruary)?|(Mar)(?:ch)?|(Apr)(?:il)?|(May)|(Jun)e?|(Jul)y?|(Aug)(?:ust)?"
                   r"|(Sep)(?:t|tember)?|(Oct)(?:ober)?|(Nov)(?:ember)?|(Dec)(?:ember)?)\b")


def date_spans(text: str) -> list[tuple[int, int]]:
    """Where the dates of ``text`` naming a day of the month stand (:func:`dedup.facts.day_date_spans`), their
    months read whatever their capitals (:func:`months_cased`): the forms' one reading of a date."""
    return day_date_spans(months_cased(text))


def glued(text: str) -> bool:
    """Whether ``text`` holds a character of :data:`GLUED` (an ASCII text, most wire copy, holds none:
    told without scanning it with the pattern)."""
    return not text.isascii() and GLUED.search(text) is not None


def with_figures(text: str, sentences: Sequence[Any], comma: bool) -> list[tuple[tuple[str, ...], frozenset[str]]]:
    """The words (no figures) and the figures (:func:`~dedup.figure_sets.link_figures`, a date's day left out:
    :func:`without_days`) of each of ``sentences`` that holds a figure and four words or more, as
    :func:`dedup.refilled.slot_sentences` reads a form's sentences (:func:`_sentence_slots`)."""
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
    """The words and figures of the sentence ``text[start:end]`` as :func:`with_figures` reads
    them, or None when it holds no figure or fewer than four words. Kept by sentence: a check reads the new
    article's sentences once for every look-alike it is aligned with, and a stored form's check after
    check. In a text of kana, Han or Hangul the words are cut at the digits the characters run into
    ("上涨0.4%": "上涨"), so a form's sentence refilled on another day keeps its words."""
    sentence = text[start:end]
    if not _DIGIT.search(sentence):
        return None
    if glued(text):
        words = LETTERS.findall(sentence.lower())
    else:
        words = [w for w in WORD_PART.findall(sentence.lower()) if not w[0].isdigit()]
    if len(words) < 4:
        return None
    figures = link_figures(text, without_days(text, (start, end)), comma)
    return (tuple(words), frozenset(figures)) if figures else None


def without_days(text: str, *spans: tuple[int, int]) -> list[tuple[int, int]]:
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
    """Where the days of the month of a text's dates stand (:func:`without_days`), once per text."""
    return tuple(_day_of(text, span) for span in date_spans(text))


def _day_of(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Where the day of the month stands in a date (``span``, "March 17, 1987" or "8 July 2024")."""
    m = _DAY.search(text, *span)
    return m.span() if m else span


#: The day of a date: one or two digits (with "st", "nd", "rd", "th").
_DAY = re.compile(r"(?<!\d)\d{1,2}(?:st|nd|rd|th)?(?!\d)")


def alike_but_figures(words_a: Sequence[str], words_b: Sequence[str]) -> bool:
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
                  spans_b: Sequence[tuple[int, int]], *, months: bool = False) -> bool:
    """Whether two stretches (``spans_a`` of ``text_a``, ``spans_b`` of ``text_b``: a link's two sides, two
    sentences) are one wording but for their figures (:func:`alike_but_figures`), each four words or more
    read as :func:`_sentence_slots` reads a sentence's (no figure among them). ``months``: the months named in
    English (:data:`MONTH`) left out too, as the figures are: a form filled in for another month names its
    month anew as it writes its day anew ("for the week starting April 6" and "starting March 23")."""
    words_a, words_b = _stretch_words(text_a, tuple(spans_a), months), _stretch_words(text_b, tuple(spans_b), months)
    return len(words_a) >= 4 and len(words_b) >= 4 and alike_but_figures(words_a, words_b)


@lru_cache(maxsize=SLOTS_KEPT)
def _stretch_words(text: str, spans: tuple[tuple[int, int], ...], months: bool = False) -> tuple[str, ...]:
    """The words of ``spans`` of ``text`` without their figures, as :func:`_sentence_slots` reads them (without
    the months named in English too when ``months``)."""
    dense = glued(text)
    out: list[str] = []
    for start, end in spans:
        piece = MONTH.sub(" ", months_cased(text[start:end])) if months else text[start:end]
        out += LETTERS.findall(piece.lower()) if dense else [w for w in WORD_PART.findall(piece.lower()) if not w[0].isdigit()]
    return tuple(out)


#: Pairs of sentences' words whose answer :func:`_alike_words` keeps.
ALIKE_KEPT = 16384


@lru_cache(maxsize=ALIKE_KEPT)
def _alike_words(words_a: tuple[str, ...], words_b: tuple[str, ...]) -> bool:
    """:func:`alike_but_figures` by the matcher's bounds, then its ratio."""
    matcher = SequenceMatcher(None, words_a, words_b, autojunk=False)
    return matcher.real_quick_ratio() >= _ALIKE and matcher.quick_ratio() >= _ALIKE and matcher.ratio() >= _ALIKE


#: How alike two sentences' words must be to be one form's (:func:`alike_but_figures`).
_ALIKE = 0.8
