"""Facts of a news text: figures, names, dates and quotations, with comparison keys and spans.

What the fact diff compares (``dedup.factdiff``): figures by value, so house style is no change ("5 mln
dlrs" is "$5 million"; "1 200 miljoner" is "1,2 miljarder", "17.745" in German and "17 745" in Swedish are
17745: each language's separators and its words for millions, :mod:`dedup.fact_figures`); names as capitalised words other than at the
start of a sentence, and at one where the same text capitalises the word inside a sentence too ("Moore
said" after "minister Mike Moore"; not the text's first word, as often a dateline as a name), in every cased script ("Набиуллина", "Émile"; not in
German, which capitalises every noun), and in scripts without capitals as :mod:`dedup.names` finds them
(titles, transliterations, brackets); dates in their form (weekday, month and day, month and year, year); quotations as the words inside quotation
marks, which may run over the hard-wrapped lines of wire copy.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from dedup.fact_figures import figure_pattern, written_figures
from dedup.figures import powers_after, writes_decimal_comma
from dedup.language import detect_language, fold_digits
from dedup.names import caseless_names
from dedup.stop_words import COMMA_BELOW
from dedup.words import rules_for

__all__ = ["Fact", "extract_facts", "capitals_mark_names", "names_inside", "all_facts", "day_date_spans", "within", "name_key", "unit", "word_set", "NUMBER_WORDS", "Span",
           "quotation_spans", "later_year", "months_cased"]

Span = tuple[int, int]
_MONTHS = ("january february march april may june july august september october november december").split()
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|" \
         r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
# A month and a day; a month before a figure with a thousands group ("im November 2,245 Millionen", "September
# 3,865" of a table of prices) is no date: the day is the figure's first digits.
_DATE = re.compile(
    rf"\b(?:(?P<md>{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?![.,]\d{{3}}(?!\d))(?:,?\s+(?:19|20)\d\d\b)?)"
    rf"|(?P<dm>\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\b(?:,?\s+(?:19|20)\d\d\b)?)"
    rf"|(?P<wd>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)"
    rf"|(?P<my>{_MONTH}\.?\s+(?:19|20)\d\d)"
    rf"|(?P<yr>(?<![\d.,$€£])(?:19|20)\d\d(?P<span>[-/–](?:(?:19|20)\d\d|\d\d)(?![-/]\d))?"
    rf"(?![\d%]|[.,]\d|\s*(?:pct|percent|per cent|mln|bln|million|billion))))\b"
)
#: A month's name in any case beside a day of the month, written after it or before it ("APril 3", "3 APRIL"):
#: the name, and the day after it (or the day before it, in the match). :func:`months_cased` reads those with a capital.
_ANY_CASE_MONTH = re.compile(r"(?:\b\d{1,2}(?:st|nd|rd|th)?[ \t\n]+)?\b(?P<name>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?"
                             r"|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?"
                             r"|dec(?:ember)?)\b(?P<day>\.?[ \t\n]+\d{1,2}(?:st|nd|rd|th)?\b)?", re.IGNORECASE)
#: A month's name with a capital past its first letter ("APril", "aPRIL", "APR"): a text without one is as
#: :func:`months_cased` would give it back, and is told so by this search alone (a third of its time on wire copy).
_ODD_CASE_MONTH = re.compile(r"\b(?=[A-Za-z][a-z]*[A-Z])(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may"
                             r"|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b")


def months_cased(text: str) -> str:
    """``text`` with each month's name written in odd case beside a day of the month ("DALLAS, APril 3", "aPRIL 3",
    "3 APRIL": wire copy set in capitals, or a key held down) capitalised as a month is, every other character as
    it is (the same length: a span of one is a span of the other). A date reads the same whatever its capitals;
    a name all in lower case stays as it is ("may", "march" are words too), and so does one without a day beside
    it ("MAY" of a line set in capitals is as likely the verb). The whole-text facts' dates read it (since the
    sixty-first round: "APril 3" was a name and a figure there, a date to the forms).

    >>> months_cased("DALLAS, APril 3 - due by 4 MAY; MAY RISE in may 4")
    'DALLAS, April 3 - due by 4 May; MAY RISE in may 4'
    """
    if not _ODD_CASE_MONTH.search(text):  # "April 3", "april", "MARKET": nothing to case
        return text
    parts, at = [], 0
    for m in _ANY_CASE_MONTH.finditer(text):
        name = m.group("name")
        if name.islower() or not (m.group("day") or m.group()[0].isdigit()):
            continue
        parts += [text[at:m.start("name")], name.capitalize()]
        at = m.end("name")
    return "".join(parts) + text[at:] if parts else text


# A quotation may run over the hard-wrapped lines of wire copy, never over a paragraph break. A mark opening a line
# opens a quotation, never closes one: read as closing, it put every later quotation out of phase, the text between
# two quotations read as one. A quotation its paragraph leaves open (news copy opens the next paragraph of one
# speaker's words with a mark again, and leaves the first unclosed) ends before that line, when its mark opens words
# (a mark followed by a space closes a quotation the text opened earlier, and opens none). A straight mark after a
# Latin letter or a digit opens none: an apostrophe typed as a quotation mark ('Indonesia"s', Reuters-21578), a
# closing one, inches (scripts written without spaces, Chinese, Japanese, Thai, open a quotation after a letter).
_QUOTE_BODY = r"((?:[^\"“”„«»\n]|\n(?![ \t]*\n)(?![ \t]*[\"“„«])){2,800}?)"
_QUOTE = re.compile(rf"(?:(?<![A-Za-z0-9\u00c0-\u024f])\"|[“„«])"
                    rf"(?:(?=\S){_QUOTE_BODY}(?:[\"”“»]|(?=\n\s*[\"“„«]))|{_QUOTE_BODY}[\"”“»])")
#: Quotation marks that open a quotation, each with the marks that may close it.
QUOTATION_MARKS = {'"': '"', "\u201c": "\u201d", "\u00ab": "\u00bb", "\u00bb": "\u00ab", "\u201e": "\u201c\u201d",
                   "\u201a": "\u2018\u2019", "\u300c": "\u300d", "\u300e": "\u300f", "\u2039": "\u203a"}
#: A quotation: from an opening mark to the first mark that closes it (none opening another on the way:
#: a text of unclosed marks is read in one pass), over a hard-wrapped line of wire
#: copy but never over a paragraph break (a blank line); \u2018...\u2019 not inside a word (where \u2019 is an
#: apostrophe); or a paragraph opened by a mark and not closed (a quotation running on into the next
#: paragraph, as news copy writes it).
_QUOTATION = re.compile("|".join(
    [f"{re.escape(o)}(?:[^{re.escape(o + c)}\\n]|\\n(?![ \\t]*\\n)){{0,2000}}[{re.escape(c)}]" for o, c in QUOTATION_MARKS.items()]
    + ["(?<!\\w)\u2018(?:[^\u2018\\n]|\\n(?![ \\t]*\\n)){0,2000}?\u2019(?!\\w)",
       "(?m:^[ \\t]*[\"\u201c\u00ab\u201e](?:[^\"\u201c\u201d\u00ab\u00bb\u201e\\n]|\\n(?![ \\t]*\\n)){0,2000}(?=\\n[ \\t]*\\n|\\Z))"]))


@lru_cache(maxsize=4096)
def quotation_spans(text: str) -> np.ndarray:
    """The character spans ``[start, end)`` of the quotations of a text (:data:`_QUOTATION`), in order, as
    an array of two columns: every quotation a reader sees, to weigh the text two documents share
    (:mod:`dedup.features`). The quotations a fact diff compares are read by ``_QUOTE``: their words,
    in the common marks, closed."""
    spans = [m.span() for m in _QUOTATION.finditer(text)]
    return np.array(spans, dtype=np.int64).reshape(-1, 2)


#: The blocks of the alphabets with capitals that mark names (Latin with its extensions, Greek, Cyrillic with
#: its supplement, Armenian); Georgian is left out, written in one case (its capitals are for headings).
_CASED_BLOCKS = ((0x00C0, 0x024F), (0x0370, 0x03FF), (0x0400, 0x052F), (0x0531, 0x058A), (0x1E00, 0x1FFF))


def _class_of(codes: list[int]) -> str:
    """A regular-expression class body of the characters ``codes`` (ascending), as ranges."""
    out, k = [], 0
    while k < len(codes):
        j = k
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        out.append(chr(codes[k]) if j == k else f"{chr(codes[k])}-{chr(codes[j])}")
        k = j + 1
    return "".join(out)


# A capital of a cased script opens a name, as Unicode tells capitals ("Łódź", "Šabac", "Қазақстан", "Արամ",
# "Άγγελος" were none); Latin letters of "CEO库克" stop at the Han.
_UPPER = "A-Z" + _class_of([c for lo, hi in _CASED_BLOCKS for c in range(lo, hi + 1) if chr(c).isupper()])
_CASED = "A-Za-z0-9_" + _class_of([c for lo, hi in _CASED_BLOCKS for c in range(lo, hi + 1)
                                   if chr(c).isalnum() or unicodedata.category(chr(c)).startswith("M")])
_NAME = re.compile(f"(?<![\\w'’-])[{_UPPER}][{_CASED}'’.-]*[{_CASED}]|(?<![\\w'’-])[{_UPPER}](?![\\w'’.-])")
#: The combining marks Unicode's \w leaves out (the vowel signs and viramas of the Indic scripts, Thai's vowels,
#: Hebrew's and Arabic's points), and the zero-width joiners written inside Indic words (Sinhala's "ශ්‍රී"): a
#: word read without them fell apart ("मुंबईकर" into "म", "ब", "कर"), and two quotations differing only in their
#: vowels had one key.
_MARKS = _class_of([c for c in range(0x0300, 0x2100) if unicodedata.category(chr(c)) in ("Mn", "Mc")]
                   + [0x200C, 0x200D])
_WORD = re.compile(f"[\\w'’{_MARKS}]+")
#: What a key leaves out or writes one way: the zero-width joiners (a Sinhala conjunct is typed with one or
#: without, a Persian word's parts with a non-joiner or without), and Romanian's s and t with a cedilla, typed
#: for the comma below (:func:`dedup.words.comma_below`).
_KEY_FORMS = {0x200C: None, 0x200D: None, **COMMA_BELOW}
_OPENERS = " \"“‘'([«\n\t"  # what may stand before the first word of a sentence
# a sentence ends at a full stop inside its quotation too ('fairness." According')
_SENTENCE_START = re.compile(r"(?:[.!?:;][\"'”’»)\]]*\s+|\n)[\W]*$")
#: The text's opening dateline in any case ("Manila — ", "Tokyo (Reuters) - ", "LONDON, April 3 - "): the word
#: after it opens the story's first sentence, and is no word the text capitalises inside one (:func:`names_inside`;
#: it stays a name of its own, as before: in wire copy it is the story's subject, "Murphy Oil said", as often).
_DATELINE = re.compile("\\s*[^\\W\\d_][^\\n]{0,60}?\\s[-\u2013\u2014]{1,2}\\s+[\"“‘'(«]*")
NUMBER_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
NUMBER_WORDS.update({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12})
#: Capitalised words that are not names (they open clauses after a colon, a quote, a dash).
_NOT_NAMES = frozenset("a an the i in on at of for and but or if it its he she they we this that these those "
                       "his her their as to by with from after before when while there mr mrs ms dr".split()) | frozenset(
    _MONTHS) | frozenset(f"{d}day" for d in "mon tues wednes thurs fri satur sun".split())


@dataclass(frozen=True)
class Fact:
    """One figure, name, date or quotation: its kind, the text as written, a comparison key, its span."""

    kind: str
    text: str
    key: str
    span: Span
    near: str = ""  # the word after it, to pair "1,000 troops" with "1,200 troops"
    before: str = ""  # the word before it: "sent 1,000" with "sent 1,200"


def extract_facts(text: str, spans: Sequence[Span]) -> list[Fact]:
    """Figures, names, dates and quotations inside ``spans`` of ``text`` (offsets into ``text``).

    >>> [(f.kind, f.key) for f in extract_facts('On July 8, 1,000 troops arrived, Rizhenkov said.', [(0, 49)])]
    [('date', 'md:july 8'), ('figure', '1000'), ('name', 'rizhenkov')]
    """
    facts: list[Fact] = []
    # dates and figures read with every script's digits as ASCII ("২০২৪" is the year 2024, "٣٫٥" is 3.5),
    # written as the text writes them
    language = detect_language(text)
    digits = powers_after(fold_digits(text), language)  # "Naira miliyan 850" as "Naira 850 miliyan", the same length
    dated = months_cased(digits)  # "DALLAS, APril 3" is a date, as the forms read it, not a name and a figure
    figures = figure_pattern(language)
    decimal_comma = writes_decimal_comma(language)
    for start, end in spans:
        taken: set[int] = set()  # offsets inside dates: their numbers and month names are no other fact
        for m in _QUOTE.finditer(text, start, end):
            quoted = m.group(m.lastindex or 1)  # the one of the two bodies that matched
            facts.append(Fact("quotation", quoted.strip(" ,.;"), _quote_key(quoted), m.span()))
        for m in _DATE.finditer(dated, start, end):
            for _, key, span in _dates(m):
                facts.append(Fact("date", text[span[0]:span[1]], key, span, _next_word(text, m.end()),
                                  _word_before(text, m.start())))
                taken.update(range(*span))
        for fig_start, fig_end, value in written_figures(digits, start, end, language, figures, decimal_comma):
            if fig_start not in taken and fig_end - 1 not in taken:
                facts.append(Fact("figure", text[fig_start:fig_end].strip(), value, (fig_start, fig_end),
                                  _next_word(text, fig_end), _word_before(text, fig_start)))
        for m in _NAME.finditer(text, start, end) if capitals_mark_names(text) else ():
            word = m.group().rstrip(".")
            if m.start() in taken or word.lower() in _NOT_NAMES:
                continue
            if _starts_sentence(text, start, m.start()) and (
                    name_key(word) not in names_inside(text) or m.start() < 64 and not text[: m.start()].strip(_OPENERS)):
                continue  # a capital opening the text is its dateline ("Tokyo (Reuters) -") as often as a name
            facts.append(Fact("name", word, name_key(word), (m.start(), m.start() + len(word))))
        named = {f.span for f in facts if f.kind == "name"}
        for at, stop, word in caseless_names(text):
            if start <= at and stop <= end and (at, stop) not in named and at not in taken:
                facts.append(Fact("name", word, name_key(word), (at, stop)))
    facts.sort(key=lambda f: (f.span, f.kind))
    return facts


def capitals_mark_names(text: str) -> bool:
    """False for text in a language that capitalises every noun (German): a capital there is no name."""
    return rules_for(detect_language(text)).capitals_mark_names


@lru_cache(maxsize=4096)
def names_inside(text: str) -> frozenset[str]:
    """The keys of the words ``text`` capitalises inside a sentence (names, :func:`name_key`). A capital
    opening a sentence is a name only where the same text writes the word so too ("Moore said" after
    "Trade minister Mike Moore"); one that only ever opens a sentence ("Ministers", "Trade") is none,
    as whole-text fact agreement reads it (:mod:`dedup.evidence`).

    >>> sorted(names_inside('Trade minister Mike Moore spoke. Moore said so.'))
    ['mike', 'moore']
    """
    out = set()
    for m in _NAME.finditer(text):
        word = m.group().rstrip(".")
        if (word.lower() not in _NOT_NAMES and not _starts_sentence(text, 0, m.start())
                and not (m.start() < 80 and _DATELINE.fullmatch(text, 0, m.start()))):
            out.add(name_key(word))
    return frozenset(out)


@lru_cache(maxsize=4096)
def all_facts(text: str) -> tuple[Fact, ...]:
    """The facts of a whole article (cached: one article takes part in many pairs of a scan)."""
    return tuple(extract_facts(text, [(0, len(text))]))


def day_date_spans(text: str) -> list[Span]:
    """Where the dates of ``text`` that name a day of the month stand ("April 26", "8 July 2024": the
    dates :func:`extract_facts` keys ``md:``), in order, read without its other facts (names, figures
    and quotations cost twenty times the dates)."""
    return sorted(span for m in _DATE.finditer(months_cased(fold_digits(text)))
                  for _, key, span in _dates(m) if key.startswith("md:"))


def unit(text: str) -> str:
    lower = text.lower()
    if "%" in lower or "pct" in lower or "cent" in lower:
        return "share"
    return "amount"


def _dates(m: re.Match[str]) -> list[tuple[str, str, Span]]:
    """The dates of one match of :data:`_DATE` (text, key, span): one, or the two years of a crop or
    fiscal year or a span of years ("1987-88", "1986/87", "1969-71", "1941-1960"), each read as the year
    it is; a year and two digits that are no later year ("1987-12" of "1987-12-01", "1990-88") give the
    year only, and the digits are read as before.

    >>> [key for _, key, _ in _dates(_DATE.search("the 1987-88 season"))], [key for _, key, _ in _dates(_DATE.search("in 1999/00"))]
    (['yr:1987', 'yr:1988'], ['yr:1999', 'yr:2000'])
    """
    span = m.span("span") if m.group("yr") and m.group("span") else None
    if span is None:
        return [(m.group(), _date_key(m), m.span())]
    first = int(m.group()[:4])
    written = m.string[span[0] + 1 : span[1]]
    year = [(m.group()[:4], f"yr:{first}", (m.start(), m.start() + 4))]
    if len(written) == 4:  # two years written whole are two dates, whichever comes first
        return year + [(written, f"yr:{written}", (span[0] + 1, span[1]))]
    second = later_year(first, written)
    return year + [(written, f"yr:{second}", (span[0] + 1, span[1]))] if second is not None else year


def later_year(first: int, written: str) -> int | None:
    """The year a span of years starting at ``first`` ends in, written with its last two digits
    (``written``: "88" of "1987-88", "00" of "1999-00", "71" of "1969-71"), or None when those digits name
    no later year within a century ("1990-88").

    >>> later_year(1987, "88"), later_year(1999, "00"), later_year(1990, "88")
    (1988, 2000, None)
    """
    second = first // 100 * 100 + int(written)
    if second <= first and second + 100 <= first + 10:
        second += 100  # "1999-00"
    return second if second > first else None


def _date_key(m: re.Match[str]) -> str:
    form = next(k for k in ("md", "dm", "my", "wd", "yr") if m.group(k))
    text = " ".join(m.group().lower().split())  # "June\n1988", hard-wrapped, is "June 1988"
    if form in ("my", "wd", "yr"):
        return f"{form}:{text}"
    month = next(i for i, name in enumerate(_MONTHS) if re.search(rf"\b{name[:3]}", text))
    day = int(re.search(r"\d{1,2}", text).group())  # type: ignore[union-attr]
    return f"md:{_MONTHS[month]} {day}"  # "8 July 2024" is "July 8": the year is its own fact


def name_key(word: str) -> str:
    """``Russia's`` and ``Belarus’`` are Russia and Belarus (string ends, no regex: called per word)."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    elif word.endswith(("'", "’")):
        word = word[:-1]
    word = word.replace(".", "").lower()  # U.S. is US
    return word if word.isascii() else word.translate(_KEY_FORMS)


def _quote_key(text: str) -> str:
    key = " ".join(w.lower().replace("’", "'") for w in _WORD.findall(text))
    return key if key.isascii() else " ".join(key.translate(_KEY_FORMS).split())


def word_set(text: str, spans: Sequence[Span]) -> set[str]:
    """Lower-case words of the spans, possessives cut (``Russia's`` is russia)."""
    return {name_key(w) if w[-1] in "s'’" or not w.isascii() else w.lower() for s, e in spans
            for w in _WORD.findall(text[s:e])}


def _starts_sentence(text: str, span_start: int, at: int) -> bool:
    """A capital opening a sentence (or a quotation, or a clause after a colon) says nothing of a name."""
    prefix = text[max(span_start, at - 8):at]  # a few characters back: extraction runs over whole articles
    if at - span_start <= 8 and not prefix.strip(_OPENERS):
        return True
    return bool(_SENTENCE_START.search(prefix))


def within(facts: Sequence[Fact], spans: Sequence[Span], starts: Sequence[int] | None = None) -> list[Fact]:
    """The facts lying inside one of ``spans``; ``facts`` sorted by span (as :func:`extract_facts` gives
    them), so each span is found by bisection (``starts``: their start offsets, when the caller has them)."""
    starts = [f.span[0] for f in facts] if starts is None else starts
    taken: set[int] = set()  # by position: a membership test on the list grew with the square of the facts
    for s, e in spans:
        i = bisect.bisect_left(starts, s)
        while i < len(facts) and facts[i].span[0] < e:
            if facts[i].span[1] <= e:
                taken.add(i)
            i += 1
    out = list({facts[i]: None for i in sorted(taken)})  # equal facts once, as before
    return sorted(out, key=lambda f: (f.span, f.kind))


def _word_before(text: str, at: int) -> str:
    words = _WORD.findall(text, max(0, at - 40), at)
    return words[-1].lower() if words else ""


def _next_word(text: str, at: int) -> str:
    m = _WORD.search(text, at, at + 40)
    return m.group().lower() if m else ""
