"""Figures written otherwise than in digits alone: Chinese, Japanese and Korean multipliers ("38.6万" is
386000, "1億2000万" is 120000000, "三千五百万" is 35000000) and Arabic number words ("أربعة عشر" is 14).

A desk restating a figure writes it in the form its house prefers; read by value, "38.6万辆" and "386000辆"
are one figure, as "1,3 miljoen" and "1.300.000" are (:func:`dedup.words.numbers`, :mod:`dedup.facts`).
Pure functions over text whose digits are folded to ASCII (:func:`dedup.language.fold_digits`); each
figure comes with its span, so a fact can quote it as written.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = ["east_asian_figures", "arabic_number_words", "EAST_ASIAN"]

#: The languages whose figures run into the words around them and take a multiplier of ten thousand or more.
EAST_ASIAN = frozenset({"zh", "ja", "ko"})
#: Each language's multipliers by their power of ten: ten thousand, a hundred million and (in Japanese and
#: Korean) a million millions; a thousand only before one of them ("5千万" is 50000000) or in Korean
#: ("6천"). Chinese 兆 is left out: it is a million in some usage and a million millions in other.
_UNITS = {
    "zh": {"千": 3, "万": 4, "萬": 4, "亿": 8, "億": 8},
    "ja": {"千": 3, "万": 4, "萬": 4, "億": 8, "兆": 12},
    "ko": {"천": 3, "만": 4, "억": 8, "조": 12},
}
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
#: A figure in digits, with the multipliers after it if any ("38.6万", "5千万", "386000"); not inside a longer
#: run of digits and separators.
_TERM = {lang: re.compile(rf"(?<![\d.,])({_NUMBER})(?![\d])([{''.join(units)}]*)") for lang, units in _UNITS.items()}
_HAN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_HAN_UNITS = {"十": 1, "百": 2, "千": 3}
_HAN_BIG = {"万": 4, "萬": 4, "亿": 8, "億": 8}


def east_asian_figures(text: str, language: str | None) -> list[tuple[int, int, str]]:
    """The figures in digits of a Chinese, Japanese or Korean ``text`` (digits folded to ASCII) with their
    multipliers read: (start, end, value written in digits). A figure and the next one after a space or
    none make one figure where the second's multiplier is the smaller ("1億2000万", "1억 2000만", and digits
    right after a multiplier larger than them: "3万5000"). Empty for other languages.

    >>> east_asian_figures("交付38.6万辆,其中5.2万辆", "zh")
    [(2, 7, '386000'), (11, 15, '52000')]
    """
    term = _TERM.get(language or "")
    if term is None:
        return []
    units = _UNITS[language or ""]
    out: list[tuple[int, int, str]] = []
    last_scale = None  # the scale of the previous figure's smallest multiplier, while a chain may go on
    for m in term.finditer(text):
        value = _times(m.group(1), sum(units[u] for u in m.group(2)))
        if value is None:
            last_scale = None
            continue
        scale = units[m.group(2)[-1]] if m.group(2) else 0
        joined = out and last_scale is not None and text[out[-1][1]:m.start()] in ("", " ")
        if joined and (scale < last_scale if scale else m.start() == out[-1][1] and value < 10 ** last_scale):
            start, _, before = out.pop()
            value = before + value
            m_start = start
        else:
            m_start = m.start()
        out.append((m_start, m.end(), value))
        last_scale = scale or None
    return [(start, end, format(value.normalize(), "f")) for start, end, value in out]


def _times(number: str, power: int) -> Decimal | None:
    try:
        return Decimal(number.replace(",", "")).scaleb(power)
    except InvalidOperation:
        return None


def han_numeral(numeral: str) -> int:
    """A Chinese numeral's value, with its sections of ten thousand and a hundred million ("三千五百万" is
    35000000, "二十五" is 25, "两亿" is 200000000).

    >>> han_numeral("三千五百万"), han_numeral("二十五"), han_numeral("一亿二千万")
    (35000000, 25, 120000000)
    """
    total = section = 0
    digit = None
    for char in numeral:
        if char in _HAN_DIGITS:
            digit = _HAN_DIGITS[char] if digit is None else digit * 10 + _HAN_DIGITS[char]
        elif char in _HAN_UNITS:
            section += (1 if digit is None else digit) * 10 ** _HAN_UNITS[char]
            digit = None
        else:  # 万 or 亿: the section read so far times it
            section += digit or 0
            total += (section or 1) * 10 ** _HAN_BIG[char]
            section, digit = 0, None
    return total + section + (digit or 0)


_AR_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")
_AR_ALEFS = str.maketrans("أإآ", "ااا")
_AR_WORD = re.compile("[\u0621-\u064a\u064b-\u065f\u0670\u0671-\u06d3]+")
#: Arabic's words for three to ten as a figure stands alone (masculine and feminine), without the article;
#: "خمس", "سبع", "تسع" and "عشر" are left out alone, as they write a fifth, a seventh, a ninth and a tenth too.
_AR_UNITS = {"ثلاثة": 3, "ثلاث": 3, "اربعة": 4, "اربع": 4, "خمسة": 5, "ستة": 6, "ست": 6, "سبعة": 7,
             "ثمانية": 8, "ثماني": 8, "ثمان": 8, "تسعة": 9, "عشرة": 10}
#: The words of one to nine before "and twenty" or "ten" ("واحد وعشرون", "خمس عشرة", "اثنا عشر").
_AR_BEFORE = _AR_UNITS | {"واحد": 1, "احد": 1, "احدى": 1, "اثنان": 2, "اثنين": 2, "اثنا": 2, "اثني": 2,
                          "اثنتان": 2, "اثنتين": 2, "اثنتا": 2, "اثنتي": 2, "خمس": 5, "سبع": 7, "تسع": 9}
_AR_TENS = {f"{stem}{ending}": 10 * k for k, stem in enumerate(
    ("عشر", "ثلاث", "اربع", "خمس", "ست", "سبع", "ثمان", "تسع"), start=2) for ending in ("ون", "ين")}
_AR_TEEN = frozenset({"عشر", "عشرة"})


def arabic_number_words(text: str) -> list[tuple[int, int, int]]:
    """The figures an Arabic ``text`` writes in words, from three to ninety-nine: (start, end, value). Ten
    after a word with the article is an ordinal's part ("الحادية عشرة", eleventh) and skipped, as are the
    article's forms ("الثلاثاء", Tuesday; "الاثنين", Monday) and one and two alone (as often "one
    of", and a dual says two without a number).

    >>> arabic_number_words("قتل أربعة عشر شخصاً وخمسة وعشرون جريحا")
    [(4, 13, 14), (20, 32, 25)]
    """
    words = [(m.start(), m.end(), _AR_DIACRITICS.sub("", m.group()).translate(_AR_ALEFS)) for m in _AR_WORD.finditer(text)]
    out: list[tuple[int, int, int]] = []
    k = 0
    while k < len(words):
        start, end, word = words[k]
        if word.startswith("و") and len(word) > 3 and word[1:] in _AR_BEFORE:  # "وخمسة": and five
            word = word[1:]
        after = words[k + 1][2] if k + 1 < len(words) else ""
        if word in _AR_TEEN and k and words[k - 1][2].startswith("ال"):  # an ordinal's ten ("الحادية عشرة")
            k += 1
            continue
        tens = _AR_TENS.get(after[1:]) if after.startswith("و") else None
        if word in _AR_BEFORE and after in _AR_TEEN and _AR_BEFORE[word] < 10:
            out.append((start, words[k + 1][1], _AR_BEFORE[word] + 10))
            k += 2
        elif word in _AR_BEFORE and tens and _AR_BEFORE[word] < 10:
            out.append((start, words[k + 1][1], _AR_BEFORE[word] + tens))
            k += 2
        else:
            value = _AR_UNITS.get(word) or _AR_TENS.get(word) or (_AR_TENS.get(word[1:]) if word.startswith("و") else None)
            if value:
                out.append((start, end, value))
            k += 1
    return out
