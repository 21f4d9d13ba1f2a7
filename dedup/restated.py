"""Figures restated in another form: "twenty-six" for 26, "a dozen" for 12, "3.5 million" for 3,500,000,
"half" or "one in two" for 50 percent, "two-thirds" for 67 percent.

The wire desk's fact diff (:mod:`dedup.factdiff`) compares figures by value, and a human rewrite that writes
"Twenty-six people died" for "killed 26 people" or "nine in ten" for "90 percent" had the figure "dropped";
a figure the other sentence states in another form (:func:`said_in`) is no change. A form's new figures are
other values, which no form of writing makes agree; English only (the number words read here are English;
another language's digits have their own decimal marks, :func:`dedup.facts.extract_facts`).

:func:`restated` and :func:`restated_at` read the same for the verdict's whole-text figure features (a
figure of one text the other restates counted as held by both): measured with the model regenerated and
not shipped (benchmarks/RESULTS.md, forty-sixth round, branch ``rewrite49``); kept, with their tests, for
the next try.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from dedup.language import detect_language
from dedup.numerals import EN_TEENS, EN_TENS, EN_UNITS

__all__ = ["Statements", "statements", "restated", "restated_at", "said_in"]

_UNITS = ["zero", *EN_UNITS, *EN_TEENS]
_TENS = EN_TENS
#: Number words and their values: "one" alone is no figure (it is a pronoun as often: "one of them").
_NUMBER = {w: float(i) for i, w in enumerate(_UNITS)} | {w: float(20 + 10 * i) for i, w in enumerate(_TENS)}
_SCALE = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "billion": 1e9, "bln": 1e9, "trillion": 1e12}
#: Suffixes and words after a figure that multiply it ("20m", "1.2bn", "5,000 mln").
_SUFFIX = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "bln": 1e9, "tn": 1e12, "tln": 1e12} | _SCALE
#: Fractions' denominators as words ("a third", "two-thirds", "three quarters").
_PARTS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
          "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10}
#: Words, figures and the marks that end a number ("a hundred, twenty" is two).
_WORD = re.compile(r"\d+(?:[.,]\d+)*(?:[a-z]+)?%?|[a-z]+|%|[,.;:!?()\"\u201c\u201d]")
#: A figure in digits as :func:`dedup.figure_sets._figure_set` writes it, with what may follow it; not a
#: piece of a price in fractions ("10-13/16": no 13 there), a time ("2:06:41") or a range ("1987-88").
_DIGITS = re.compile(r"(?<![\w.,/:-])(?<!\d-)(\d+(?:[.,]\d+)*)(?![\d/:]|[.,]\d|-\d)(?:(k|m|mn|bn|tn)\b|\s?(mln|bln|tln|thousand|million|billion|trillion)\b)?"
                     r"(\s?(?:%|per\s?cent\b|percent\b|pct\b))?", re.I)
_PERCENT = ("percent", "pct", "%")
#: How far a share written as a fraction or a ratio may lie from a percentage and be the same one:
#: "two-thirds" is 66.7, written 67 or 66; "a third" is 33.3. A percentage written as a number is exact
#: (77 percent is no restatement of 78 percent, as a form's next day has it).
_SHARE_SLACK = 1.0


@dataclass(frozen=True)
class Statements:
    """What one text states, in any form: its ``amounts`` (values as keys, :func:`_key`), its
    ``shares`` (percentages written as numbers, keys too), its ``fractions`` (shares written as fractions
    or ratios, as percentages: "two-thirds" is 66.7, near enough to 67) and each figure as written in
    digits (``figures``: its values in place, as ``(value, is a percentage)``; ``spans``: where each
    such figure stands, ``(start, end, value, is a percentage)`` in text order)."""

    amounts: frozenset[str]
    shares: frozenset[str]
    fractions: tuple[float, ...]
    figures: dict[str, tuple[tuple[float, bool], ...]]
    spans: tuple[tuple[int, int, float, bool], ...] = ()


def _key(value: float) -> str:
    return f"{value:.6g}"


def _digits_value(number: str) -> float | None:
    """"3,500,000" and "3500000" are one value; "3.5" is three and a half (English marks only)."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", number):
        number = number.replace(",", "")
    elif "," in number:
        return None
    try:
        return float(number)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def statements(text: str) -> Statements | None:
    """What ``text`` states (:class:`Statements`), None for a text not in English (a text too short to
    tell is read: another language's number words are none of these)."""
    if detect_language(text) not in (None, "en"):
        return None
    return _read(text)


def said_in(text: str, spans: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> frozenset[str]:
    """The values the stretches ``spans`` of ``text`` state in any form, as keys
    (:func:`dedup.facts.extract_facts` writes a figure's key so): a fraction or a ratio at its nearest whole
    percentage ("two-thirds" is 67). Empty unless ``text`` is English."""
    if detect_language(text) not in (None, "en"):
        return frozenset()
    out: set[str] = set()
    for start, end in spans:
        said = _read(text[start:end])
        out |= said.amounts | said.shares | {_key(round(share)) for share in said.fractions}
    return frozenset(out)


def _read(text: str) -> Statements:
    """:func:`statements` of a text read as English."""
    lower = text.lower()
    amounts: set[str] = set()
    shares: set[str] = set()
    fractions: list[float] = []
    figures: dict[str, list[tuple[float, bool]]] = {}
    spans = []
    for m in _DIGITS.finditer(lower):
        value = _digits_value(m.group(1))
        if value is None:
            continue
        value *= _SUFFIX.get((m.group(2) or m.group(3) or "").lower(), 1.0)
        share = m.group(4) is not None
        figures.setdefault(m.group(1), []).append((value, share))
        spans.append((m.start(1), m.end(1), value, share))
        if share:
            shares.add(_key(value))
        else:
            amounts.add(_key(value))
    words = _WORD.findall(lower.replace("-", " "))
    _read_words(words, amounts, shares, fractions)
    return Statements(frozenset(amounts), frozenset(shares), tuple(fractions), {k: tuple(v) for k, v in figures.items()}, tuple(spans))


def _read_words(words: list[str], amounts: set[str], shares: set[str], fractions: list[float]) -> None:
    """The numbers written in words in ``words`` (lower case, hyphens as spaces): into ``amounts``, or
    ``shares`` when "percent" follows; and fractions and ratios into ``fractions`` ("a third", "nine in ten")."""
    i = 0
    while i < len(words):
        value, stop = _number_at(words, i)
        if value is not None:
            after = words[stop] if stop < len(words) else ""
            if after in _PERCENT or after == "per" and stop + 1 < len(words) and words[stop + 1] == "cent":
                shares.add(_key(value))
            elif value != 1.0 or stop - i > 1:
                amounts.add(_key(value))
            share = _ratio_at(words, i, stop, value)
            if share is not None:
                fractions.append(share)
            i = max(stop, i + 1)
            continue
        share = _ratio_at(words, i, i + 1, float(words[i])) if words[i].isdigit() else _half_at(words, i)
        if share is not None:
            fractions.append(share)
        i += 1


def _count(word: str) -> float | None:
    """A word that counts: a number word, or digits ("9 in 10")."""
    if word in _NUMBER:
        return _NUMBER[word]
    return float(word) if word.isdigit() else None


def _number_at(words: list[str], i: int) -> tuple[float | None, int]:
    """The number written in words from ``words[i]`` ("twenty six", "fifteen hundred", "three and a half
    million", "a dozen", "half a million", "a quarter of a million") and where it stops; None where none
    starts."""
    total, current, j, seen = 0.0, 0.0, i, False
    while j < len(words):
        w = words[j]
        nxt = words[j + 1] if j + 1 < len(words) else ""
        if w in _NUMBER and (current % 100 == 0 or current % 10 == 0 and current % 100 >= 20 and 0 < _NUMBER[w] < 10):
            current += _NUMBER[w]
        elif w in ("a", "an") and not seen and nxt in ("hundred", "dozen", *_SCALE):
            current = 1.0
        elif w == "hundred" and seen:
            current = (current or 1.0) * 100
        elif w == "dozen" and seen:
            current = (current or 1.0) * 12
        elif w in _SCALE and seen:
            total, current = total + (current or 1.0) * _SCALE[w], 0.0
        elif w == "and" and seen and nxt == "a" and j + 2 < len(words) and words[j + 2] == "half":
            current += 0.5
            j += 3
            continue
        elif w == "and" and seen and nxt in _NUMBER and current % 100 == 0 and (current or total):
            pass
        elif not seen and w in ("a", "one", "half") and (scaled := _fraction_of_scale(words, j)) is not None:
            return scaled
        else:
            break
        seen = True
        j += 1
    if not seen or (total + current == 0 and words[i] != "zero"):
        return None, i
    return total + current, j


def _fraction_of_scale(words: list[str], i: int) -> tuple[float, int] | None:
    """"half a million", "a quarter of a million", "a third of a billion" (a fraction of a scale word)."""
    rest = words[i:i + 5]
    if rest[:1] == ["half"] and len(rest) >= 3 and rest[1] in ("a", "an") and rest[2] in (*_SCALE, "dozen"):
        return 0.5 * (_SCALE.get(rest[2]) or 12.0), i + 3
    if len(rest) >= 5 and rest[0] in ("a", "one") and rest[1] in _PARTS and rest[2] == "of" and rest[3] in ("a", "an") \
            and rest[4] in _SCALE:
        return _SCALE[rest[4]] / _PARTS[rest[1]], i + 5
    return None


def _ratio_at(words: list[str], i: int, stop: int, value: float) -> float | None:
    """A share written as a ratio or a fraction where a count stands at ``words[i:stop]`` ("nine in ten",
    "four out of five", "two thirds", "a quarter"), as a percentage; None otherwise."""
    nxt = words[stop:stop + 3]
    if nxt[:1] == ["in"] or nxt[:2] == ["out", "of"]:
        whole = _count(nxt[1] if nxt[:1] == ["in"] else (nxt[2] if len(nxt) > 2 else ""))
        if whole and whole <= 100 and 0 < value < whole:
            return 100 * value / whole
    if nxt[:1] and nxt[0] in _PARTS and stop - i == 1 and 0 < value < _PARTS[nxt[0]]:
        return 100 * value / _PARTS[nxt[0]]
    return None


def _half_at(words: list[str], i: int) -> float | None:
    """A share written as a fraction without a number word: "a third of", "a quarter as much", "half of"
    (not "the second half", "half an hour": "half" counts only before "of", "as" or "the")."""
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if w in ("a", "one") and nxt in _PARTS and nxt not in ("half", "halves"):
        after = words[i + 2] if i + 2 < len(words) else ""
        if after not in ("final", "finals", "hour", "mile", "century") and not (after == "of" and i + 3 < len(words)
                                                                                and words[i + 3] in ("a", "an")):
            return 100.0 / _PARTS[nxt]
    if w == "half" and nxt in ("of", "as", "the") and (i == 0 or words[i - 1] not in ("first", "second", "and")):
        return 50.0
    return None


def restated(figures: frozenset[str] | set[str], text: str, other: str) -> int:
    """How many of ``figures`` (figures of ``text`` as written in digits, none of them written so in
    ``other``) ``other`` states in another form: the same value in words or with another grouping or
    multiplier, or the same percentage as a fraction or a ratio. 0 unless both texts are English."""
    if not figures:
        return 0
    mine, theirs = statements(text), statements(other)
    if mine is None or theirs is None:
        return 0
    return sum(any(_said(value, share, theirs) for value, share in mine.figures.get(f, ())) for f in figures)


def _said(value: float, share: bool, other: Statements) -> bool:
    """Whether ``other`` states ``value`` (a percentage when ``share``)."""
    if share:
        return _key(value) in other.shares or any(abs(value - s) <= _SHARE_SLACK for s in other.fractions)
    return _key(value) in other.amounts


def restated_at(places: list[tuple[int, int]], text: str, other: str) -> list[bool]:
    """For each stretch ``[start, end)`` of ``text`` (a number's token, as the word tokens cut
    "3,500,000" into "3", "500" and "000"), whether it lies inside a figure in digits that ``other``
    states in another form (:func:`restated`); all False unless both texts are English."""
    mine, theirs = statements(text), statements(other)
    if mine is None or theirs is None:
        return [False] * len(places)
    starts = [s for s, _, _, _ in mine.spans]
    out = []
    for start, end in places:
        k = bisect.bisect_right(starts, start) - 1
        span = mine.spans[k] if k >= 0 else None
        out.append(span is not None and end <= span[1] and _said(span[2], span[3], theirs))
    return out
