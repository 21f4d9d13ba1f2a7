"""Arabic's number words: the figures an Arabic text writes in words, from three to ninety-nine ("أربعة عشر" is 14,
"خمسة وعشرون" 25), by value, each with its span. A part of :mod:`dedup.numerals` (which gives
:func:`arabic_number_words` with the other scripts' figures); pure functions over text.
"""

from __future__ import annotations

import re

__all__ = ["arabic_number_words"]

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
