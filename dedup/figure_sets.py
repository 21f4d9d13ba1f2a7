"""The figures of a text, or of one side of a linked pair of sentences, as sets the verdict compares.

A copy or a rewrite keeps its figures; a form filled in again on another day changes them. English and the
scripts written without spaces are read as written (the compiled kernels read an ASCII text's figures,
:func:`_figure_set`), every other language by value (``1.400`` and ``1400``, ``5,8`` and ``5.8``,
:func:`dedup.figures.figure_values`); a link's figures by value in every language, ranges and spans of years
read as their ends (:func:`_held_figures`). Pure functions over text, their answers cached by text: a
scan's articles are in many candidate pairs each. :mod:`dedup.features` and :mod:`dedup.refilled` read
them.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Iterable, Sequence

from dedup import kernels
from dedup.facts import later_year
from dedup.figures import MULTIPLIER_WORDS, figure_values, multiplier
from dedup.language import detect_language, fold_digits
from dedup.numerals import english_figures, with_values


#: A figure as written: "6-1/4", "2.5", "1,250", "1987" (single digits alone are too common to count;
#: digits inside a word, as in a code or an id, are no figure).
_FIGURE = re.compile(r"\b\d+(?:[.,/-]\d+)+\b|\b\d{2,}\b")
#: :data:`_FIGURE` with its two alternatives' common opening (a word boundary, a digit) read once: the
#: same matches (the tests compare them), a third faster over a text.
_FIGURE_FAST = re.compile(r"\b\d(?:\d*(?:[.,/-]\d+)+\b|\d+\b)")


@lru_cache(maxsize=4096)
def _figure_set(text: str) -> frozenset[str]:
    """The figures of a text, read once: a scan's articles are in many candidate pairs each. An ASCII
    text's by the compiled kernel (``figure_set``), else by the pattern (:func:`_figure_set_py`)."""
    compiled = kernels.KERNELS
    found = compiled.figure_set(text) if compiled is not None else None
    return _figure_set_py(text) if found is None else found


#: Languages whose figures the verdict reads as written (:func:`_figure_set`), not by value
#: (:func:`dedup.figures.figure_values`): English, the language of the pairs the model was trained on, whose
#: kernels read its figures as written and its rewrites keep them so; and Thai. Every other language's
#: desk restates a figure in its own way ("1.400" and "1400", "5,8" and "5.8" in Arabic, "1,3 miljoen" and
#: "1.300.000"), and in Chinese, Japanese and Korean the figures run into the characters around them
#: ("上涨0.4%"), which only a reading by value finds: read as written, a Chinese price release and a Japanese
#: market close filled in again another month were reported as reuse (forty-ninth round; read by value,
#: one Japanese rewrite of a partial copy falls from 0.81 to 0.61, under the bar).
_AS_WRITTEN = frozenset({"en", "th"})


@lru_cache(maxsize=4096)
def _by_value(text: str) -> str | None:
    """The language whose reading of figures by value ``text`` takes, or None: as written (an English
    text, a dense script's, one whose language is not told; :data:`_AS_WRITTEN`). Kept by text: each
    side of every link and the whole text of every pair ask it again (the detector's own cache is keyed by
    a sample cut from the text anew each time)."""
    language = _language(text)
    return None if language is None or language in _AS_WRITTEN else language


@lru_cache(maxsize=4096)
def _language(text: str) -> str | None:
    """The language of ``text``, kept by text as :func:`_by_value` keeps its answer (a Thai text's years are read by it)."""
    return detect_language(text)


def text_figures(text: str, *, cached: bool = True) -> frozenset[str]:
    """The figures a text's whole-text agreement reads: by value in a language that restates them
    (:func:`_by_value`), else as written (:func:`_figure_set`; ``cached``: through its bounded cache)."""
    language = _by_value(text)
    if language is not None:  # digits alone: number words are read only in a link's sentences
        return figure_values(text, language, worded=False)
    folded = fold_digits(text)  # the same text when ASCII, or when its digits are all ASCII
    found = _figure_set(folded) if cached else _figure_set.__wrapped__(folded)
    return found if folded.isascii() else buddhist_era(found, _language(text))


def buddhist_era(figures: Iterable[str], language: str | None) -> frozenset[str]:
    """Figures read as written, with a Thai text's years of the Buddhist era (2400-2699: every Thai text dates so,
    "ปี ๒๕๖๙") as the common era's (543 years fewer): a Thai release and its rewrite dating by the other calendar
    ("ปี 2026") keep their years. Every figure of another language as it is. A text's digits of another script are
    read as ASCII ones before (:func:`dedup.language.fold_digits`: a Thai release's "๑๒.๓" is its rewrite's "12.3";
    read as written, they shared no figure and linked sentence by sentence as a form filled in anew).

    >>> sorted(buddhist_era(["2569", "12.3", "2026"], "th")), sorted(buddhist_era(["2569"], "en"))
    (['12.3', '2026'], ['2569'])
    """
    if language != "th":
        return frozenset(figures)
    return frozenset(str(int(f) - 543) if len(f) == 4 and f.isdigit() and "2400" <= f < "2700" else f for f in figures)


def _figure_set_py(text: str) -> frozenset[str]:
    """:func:`_figure_set` by the pattern: the reference, and the way for every text not ASCII."""
    return frozenset(_FIGURE_FAST.findall(text))


def figure_agreement(sa: frozenset[str], sb: frozenset[str]) -> list[float]:
    """Whole-text agreement of the figures as written (each text's set, :func:`_figure_set`): a copy or a
    rewrite keeps them, a form filled in again on another day (market operations, price fixings, tenders)
    changes them and keeps the rest. Read from the text because the word tokens split "6-1/4" into single
    digits.

    Jaccard, containment, the log count of the fewer figures' side missing from the other, and that
    count as a share when both texts have two figures or more (0 otherwise: one figure, or none, is too
    little to tell a form from a copy). The share tells "every figure changed" (a form, 1.0) from "one
    of several corrected" (a correction, 0.1-0.3) in a short text, where the counts are alike; it is
    the only figure feature that can lower the confidence as disagreement, not just fail to raise it."""
    both = len(sa & sb)
    union = len(sa | sb)
    smaller = min(len(sa), len(sb))
    return [both / union if union else 1.0, both / smaller if smaller else 1.0, math.log1p(smaller - both),
            (smaller - both) / smaller if smaller >= 2 else 0.0]


#: A figure as :func:`dedup.figures.numbers` reads one in a language of decimal commas: thousands grouped with
#: spaces ("1 300 000"), or a figure as :data:`_FIGURE_FAST` reads it, or a single digit before a word for
#: thousands, millions or billions ("3 miljoen"), with that word if one follows.
_FIGURE_WORDED = re.compile(
    rf"\b(\d{{1,3}}(?:[ \u00a0\u202f]\d{{3}})+(?!\d)|\d(?:\d*(?:[.,/-]\d+)+\b|\d+\b)"
    rf"|\d\b(?=\s?(?i:{MULTIPLIER_WORDS})(?!\w)))(?:\s?((?i:{MULTIPLIER_WORDS}))(?!\w))?")
#: A figure whose thousands are grouped, with decimals or none: with full stops and a decimal comma
#: ("1.300.000", "1.400,5"), and with commas and a decimal point ("1,200", "1,200.5").
_GROUPED_BY = {True: re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?"), False: re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")}
_DECIMAL_BY_COMMA = re.compile(r"\d+,\d+")
_SPACES = str.maketrans("", "", " \u00a0\u202f")


def link_figures(text: str, spans: Sequence[tuple[int, int]], comma: bool) -> set[str]:
    """The values of the figures one side of a link holds (:func:`_held_figures`, each read by
    :func:`_figure_value`): a rewrite writing "1400" for "1.400", "1,200" for "1200", "3.5" for "3,5" or
    "1.300.000" for "1,3 miljoen" keeps its figures. ``comma``: the text's language writes a decimal
    comma (:func:`dedup.figures.writes_decimal_comma`; a language not known reads as English). In a language
    that restates figures (:func:`_by_value`), each as :func:`dedup.figures.figure_values` reads it, as the
    whole-text agreement does ("5,8" is 5.8 in Arabic, "38.6" and "38,6" one figure in Spanish)."""
    language = _by_value(text)
    if language is not None:
        return set().union(*(figure_values(text[start:end], language) for start, end in spans))
    if not text.isascii():  # a Thai text's digits and years as the whole-text agreement reads them (buddhist_era)
        thai = _language(text) == "th"
        text = fold_digits(text)
        if thai:
            return set(buddhist_era({_figure_value(f, False) for f in _held_figures(
                f for start, end in spans for f in _FIGURE_FAST.findall(text[start:end]))}, "th"))
    if not comma:  # English: "1.3 million", "$1.3 mln" and "fourteen" as their values (_english_valued)
        return {_figure_value(f, False) for f in _held_figures(
            f for start, end in spans for f in _FIGURE_FAST.findall(_english_valued(text[start:end])))}
    out: set[str] = set()
    for start, end in spans:
        for figure, word in _FIGURE_WORDED.findall(text, start, end):
            factor = multiplier(word.lower()) if word else 1
            out.update(_figure_value(f, True, factor) for f in _held_figures([figure.translate(_SPACES)]))
    return out


@lru_cache(maxsize=4096)
def _english_valued(text: str) -> str:
    """An English stretch with its figures of a word for millions and its number words written as their
    values (:func:`dedup.numerals.english_figures`): "1.3 million" and "1,300,000" are one figure, "fourteen"
    and "14", "$2.5 billion" and "2.5 bln dlrs"; where the text holds none (most), the text itself."""
    return with_values(text, english_figures(text))


@lru_cache(maxsize=4096)
def _figure_value(figure: str, comma: bool, factor: int = 1) -> str:
    """A figure held (:func:`_held_figures`) written by its value: thousands separators of its language
    dropped, a decimal comma or point written as a point, no trailing zeros of decimals, times ``factor``
    (a word for millions after it). A separator before digits that are no group of three is a decimal
    one whatever the language ("3.5" in a Dutch text is 3,5); a price in fractions or a slash form stays.

    >>> _figure_value("1.400", True), _figure_value("1,200", False), _figure_value("3,50", True), _figure_value("1,3", True, 10**6)
    ('1400', '1200', '3.5', '1300000')
    """
    if "/" in figure:
        return figure
    value = figure
    if _GROUPED_BY[comma].fullmatch(figure):
        value = figure.replace("." if comma else ",", "").replace(",", ".")
    elif comma and _DECIMAL_BY_COMMA.fullmatch(figure):
        value = figure.replace(",", ".")
    if factor != 1:
        try:
            return format((Decimal(value) * factor).normalize(), "f")
        except InvalidOperation:
            return value
    if "." in value and value.count(".") == 1:
        value = value.rstrip("0").rstrip(".")
    return value


#: A range's ends or a crop year's two years joined by a hyphen ("6.5-7", "1987-88"): a hyphen before a
#: fraction is a price's ("11-5/8" is eleven and five eighths), not a range's.
_RANGE_PART = re.compile(r"[^-]+?(?:-\d+/\d+)?(?=-|$)")
_SPAN_YEAR = re.compile(r"(?:19|20)\d\d")
#: A crop or fiscal year written with a slash ("1986/87"), which is no slash form of parts ("3/15/87").
_CROP_YEAR = re.compile(r"(?:19|20)\d\d/\d\d")


def _held_figures(found: Iterable[str]) -> set[str]:
    """The figures a sentence's figures as written (:data:`_FIGURE_FAST`) hold: a range gives its ends and
    a span of years its two years ("6.5-7" gives 6.5, "1987-88" and "1987/88" give 1987 and 1988), so
    that a rewrite writing "6.5% to 7%" as "6.5-7%" keeps its figures; a price in fractions ("11-5/8",
    "6-1/4-6-3/8" its two) and a slash form ("3/15/87") stay whole. A single digit alone is no figure, as
    in the pattern.

    >>> sorted(_held_figures(["6.5-7", "1987-88", "1986/87", "6-1/4-6-3/8", "3/15/87", "45"]))
    ['1986', '1987', '1988', '3/15/87', '45', '6-1/4', '6-3/8', '6.5']
    """
    out: set[str] = set()
    for figure in found:
        if "-" in figure:
            parts = _RANGE_PART.findall(figure)
        elif _CROP_YEAR.fullmatch(figure):
            parts = figure.split("/")
        else:
            out.add(figure)
            continue
        if len(parts) == 2 and len(parts[1]) == 2 and _SPAN_YEAR.fullmatch(parts[0]) and parts[1].isdigit():
            second = later_year(int(parts[0]), parts[1])  # "1987-88", "1969-71", "1999-00", as dedup.facts reads it
            if second is not None:
                parts[1] = str(second)
        out.update(part for part in parts if len(part) > 1)
    return out
