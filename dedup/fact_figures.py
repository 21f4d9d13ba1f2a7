"""The figures of a fact diff: where a text writes a figure, and its value as a comparison key.

Each language writes its figures its own way (:mod:`dedup.figures`): its decimal mark, its thousands separators, its
words for millions; Chinese, Japanese and Korean run figures into the words around them, Arabic writes them in words
too (:mod:`dedup.numerals`). A figure's key is its value whatever its separators ("17745", "17 745", "17.745" in a
language of decimal commas, "17'745"), times its multiplier ("5 mln" is 5e+06), a price in fractions as wire copy
quotes it ("6-1/4" is 6.25). Pure functions, read by :func:`dedup.facts.extract_facts`.
"""

from __future__ import annotations

import re

from dedup.figures import MULTIPLIER_WORDS, amounts_in_parts, groups_with_spaces, multiplier
from dedup.numerals import EAST_ASIAN, arabic_number_words, east_asian_figures

__all__ = ["figure_pattern", "written_figures"]

#: A figure: a currency, a number and a multiplier. A price in halves to 64ths, as wire copy quotes shares and bonds,
#: is one number ("6-1/4" is 6.25, "3/8" is 0.375); other slashes part numbers ("3/15/87", "24/7"), and a crop
#: year ("1986/87") is two dates (:data:`dedup.facts._DATE`, :func:`dedup.facts._dates`).
#: Thousands grouped by a separator that is no decimal mark ("17 745", "1 200 000", Swiss "1'200", "1’200"): a
#: figure of one to three digits, then groups of exactly three; a no-break space (U+00A0) or a narrow one
#: (U+202F) or an apostrophe between such groups is a thousands separator in every language, a plain space only
#: in the languages that write it so (:func:`dedup.words.groups_with_spaces`: not "in 2024 12 firms", not
#: English "Article 5 300 people"). A decimal part may follow ("1 200,5", "1'200.50").
_GROUP_MARKS = "'\u2019\u00a0\u202f"


def _figure_pattern(group_marks: str, foreign: bool, before: str = r"(?<![\w.,])") -> re.Pattern[str]:
    multipliers = rf"|(?i:{MULTIPLIER_WORDS})(?!\w)" if foreign else ""
    return re.compile(
        before + r"(?P<cur>[$€£¥])?\s?(?P<num>(?:\d{1,4}-|(?<!/))\d{1,2}/(?:2|4|8|16|32|64)(?![/\d])"
        rf"|\d{{1,3}}(?:[{group_marks}]\d{{3}})+(?:[.,]\d+)?|\d+(?:[,.]\d+)*)"
        r"(?:\s?(?P<mult>%|(?:pct|per\s?cent|percent|"
        rf"thousand|mln|million|bln|billion|trillion|tln)\b{multipliers}))?(?!\w)"
    )


# English's figures (and those of a text whose language is unknown); another language's, with its words for
# millions; one that groups thousands with spaces
_FIGURE = _figure_pattern(_GROUP_MARKS, False)
_FIGURE_FOREIGN = _figure_pattern(_GROUP_MARKS, True)
_FIGURE_SPACED = _figure_pattern(_GROUP_MARKS + " ", True)
# Arabic writes a one-letter conjunction or preposition onto a figure ("و1,3 مليون", and 1.3 million; "ب40", with 40)
_FIGURE_ARABIC = _figure_pattern(_GROUP_MARKS, True, r"(?:(?<![\w.,])|(?<=(?<!\w)[وبلفك]))")
_DOT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_NO_GROUP_MARKS = dict.fromkeys(map(ord, _GROUP_MARKS + " "))  # str.translate: the thousands marks dropped
_MULTIPLIERS = {"thousand": 1e3, "mln": 1e6, "million": 1e6, "bln": 1e9, "billion": 1e9, "trillion": 1e12, "tln": 1e12}


def figure_pattern(language: str | None) -> re.Pattern[str]:
    """The pattern of the figures of a text in ``language``: English's (and an unknown language's), Arabic's, a
    language's that groups thousands with spaces (:func:`dedup.figures.groups_with_spaces`), or another's.

    >>> figure_pattern("en") is _FIGURE, figure_pattern("sv") is _FIGURE_SPACED, figure_pattern("ar") is _FIGURE_ARABIC
    (True, True, True)
    """
    return (_FIGURE if language in (None, "en") else _FIGURE_SPACED if groups_with_spaces(language)
            else _FIGURE_ARABIC if language == "ar" else _FIGURE_FOREIGN)


#: A figure of Chinese, Japanese or Korean that is part of a date ("3月28日", "2025年"): the dates' business.
_DATE_COUNTER = re.compile("[年月日년월일]")


def written_figures(digits: str, start: int, end: int, language: str | None, figures: re.Pattern[str],
                     decimal_comma: bool) -> list[tuple[int, int, str]]:
    """The figures inside ``[start, end)`` of a text (its digits folded): (start, end, key). Chinese,
    Japanese and Korean figures run into the words around them and take their multipliers ("收入486.3亿元",
    "38.6万辆": :func:`dedup.numerals.east_asian_figures`; the pattern of spaced scripts read none, or
    "5" of "5.2万"); Arabic writes figures in words too (:func:`dedup.numerals.arabic_number_words`)."""
    if language not in EAST_ASIAN:
        matches = [(m, value) for m in figures.finditer(digits, start, end)
                   if (value := _figure_value(m, decimal_comma)) is not None]
        out = [(m.start(), m.end(), value) for m, value in matches] if language in (None, "en") else _parts(digits, matches)
        if language == "ar":
            out += [(at + start, stop + start, str(value)) for at, stop, value in arabic_number_words(digits[start:end])]
        return out
    out = []
    for at, stop, value in east_asian_figures(digits[start:end], language):
        at, stop = at + start, stop + start
        if _DATE_COUNTER.match(digits, stop) or float(value) >= 1e15:
            continue
        stop += digits.startswith(("%", "\uff05"), stop)
        out.append((at, stop, f"{float(value):.6g}"))
    return out


def _parts(digits: str, matches: list[tuple[re.Match[str], str]]) -> list[tuple[int, int, str]]:
    """The figures ``matches`` (each with its key) with an amount written in parts read as one figure, its value
    (:func:`dedup.figures.amounts_in_parts`: "২৪৬ কোটি ৮০ লাখ" is 2.468e+09, "۳۵ میلیارد و ۴۲۰ میلیون" 3.542e+10), as
    the figure sets read it; every other figure keyed as before.

    >>> _parts("246 কোটি 80 লাখ", [(m, _figure_value(m)) for m in _FIGURE_FOREIGN.finditer("246 কোটি 80 লাখ")])
    [(0, 15, '2.468e+09')]
    """
    found = [(m.group("num") if not m.group("cur") else "", m.group("mult") or "", m.start(), m.end()) for m, _ in matches]
    keys = {m.start(): (m.end(), value) for m, value in matches}
    out = []
    for value, at, stop in amounts_in_parts(digits, found):
        alone = keys.get(at)
        out.append((at, stop, alone[1] if alone is not None and alone[0] == stop else
                    f"{float(value):.6g}" if float(value) < 1e15 else alone[1] if alone else value))
    return out


def _figure_value(m: re.Match[str], decimal_comma: bool = False) -> str | None:
    """The value of a figure as a comparison key, whatever its separators: "17745", "17 745", "17.745"
    (in a language of decimal commas, :func:`dedup.words.writes_decimal_comma`), "17'745" are one figure,
    as "1.200,5" in German and "1,200.5" in English are; Indian "1,00,000" is a hundred thousand.

    >>> _figure_value(_FIGURE_SPACED.search("17 745 kr")), _figure_value(_FIGURE.search("17.745"), True)
    ('17745', '17745')
    """
    raw = m.group("num")
    if "/" in raw:
        return _fraction_value(raw, (m.group("mult") or "").lower())
    if any(mark in raw for mark in _GROUP_MARKS + " "):
        raw = raw.translate(_NO_GROUP_MARKS).replace(",", ".")
    elif decimal_comma and _DOT_GROUPS.fullmatch(raw):
        raw = raw.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw):
        raw = raw.replace(",", "")
    elif "," in raw:
        raw = raw.replace(",", ".") if raw.count(",") == 1 and "." not in raw else raw.replace(",", "")
    try:
        value = float(raw)
    except ValueError:
        return None
    mult = (m.group("mult") or "").lower()
    value *= _MULTIPLIERS.get(mult) or multiplier(mult)
    return f"{value:.6g}" if value < 1e15 else None


def _fraction_value(raw: str, mult: str) -> str | None:
    """A price as wire copy writes it, a whole number and a fraction ("6-1/4") or the fraction alone ("3/8").

    >>> _fraction_value("6-1/4", ""), _fraction_value("3/8", ""), _fraction_value("1-1/2", "mln"), _fraction_value("5/0", "")
    ('6.25', '0.375', '1.5e+06', None)
    """
    whole, _, fraction = raw.rpartition("-")
    numerator, denominator = (int(part) for part in fraction.split("/"))
    if not denominator:
        return None
    value = (int(whole) if whole else 0) + numerator / denominator
    value *= _MULTIPLIERS.get(mult, 1.0)
    return f"{value:.6g}"
