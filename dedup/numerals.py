"""Figures written otherwise than in digits alone: Chinese, Japanese and Korean multipliers ("38.6万" is
386000, "1億2000万" is 120000000, "三千五百万" is 35000000), Arabic number words ("أربعة عشر" is 14, read by its part
:mod:`dedup.arabic_numerals`), the wire languages' number words and English figures said in words.

A desk restating a figure writes it in the form its house prefers; read by value, "38.6万辆" and "386000辆"
are one figure, as "1,3 miljoen" and "1.300.000" are (:func:`dedup.figures.numbers`, :mod:`dedup.facts`).
Pure functions over text whose digits are folded to ASCII (:func:`dedup.language.fold_digits`); each
figure comes with its span, so a fact can quote it as written.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Callable, Iterable, Sequence

from dedup.arabic_numerals import arabic_number_words  # its part: Arabic's number words, read with the rest here

__all__ = ["east_asian_figures", "arabic_number_words", "ethiopic_figures", "ethiopic_value", "EAST_ASIAN", "NUMBER_WORDS", "number_words", "english_figures",
           "with_values"]

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


# --- Ethiopic numerals ------------------------------------------------------------------------------------

#: Ethiopic numerals (Amharic, Tigrinya): ones and tens each a sign of their own, a hundred (፻) and ten thousand (፼)
#: multiplying what stands before them ("፳፻፲፱" is 2019, twenty hundred and nineteen).
_ETHIOPIC = {chr(0x1369 + k): k + 1 for k in range(9)} | {chr(0x1372 + k): 10 * (k + 1) for k in range(9)}
_ETHIOPIC_RUN = re.compile("[\u1369-\u137c]+")
#: A decimal point said in a word after an Ethiopic numeral, and the numeral of tenths after it ("፪ ነጥብ ፭").
_ETHIOPIC_POINT = re.compile(" (?:ነጥብ|ነጥቢ) ([\u1369-\u1371])(?![\u1369-\u137c])")


def ethiopic_value(numeral: str) -> int:
    """An Ethiopic numeral's value.

    >>> ethiopic_value("፳፻፲፱"), ethiopic_value("፰፻፲"), ethiopic_value("፻፳፬"), ethiopic_value("፲፼")
    (2019, 810, 124, 100000)
    """
    total = group = ones = 0
    for char in numeral:
        if char == "\u137b":  # a hundred: the ones and tens before it times it
            group, ones = group + (ones or 1) * 100, 0
        elif char == "\u137c":  # ten thousand: all before it times it
            total, group, ones = (total + group + ones or 1) * 10_000, 0, 0
        else:
            ones += _ETHIOPIC[char]
    return total + group + ones


def ethiopic_figures(text: str, scale: Callable[[str], int] | None = None) -> list[tuple[int, int, str]]:
    """The figures ``text`` writes in Ethiopic numerals, wherever they stand (a preposition is written onto them:
    "ከ፰፻", from 800), each times the word for thousands or millions after it (``scale``, as :func:`number_words`
    takes it): (start, end, value in digits). Ethiopic writes no other sign with them, so none is read wrongly.

    >>> ethiopic_figures("ከ፻፳፬ ሺህ ቶን በላይ በ፲፬ በመቶ ፪ ነጥብ ፭", lambda w: 1000 if w == "ሺህ" else 1)
    [(1, 7, '124000'), (16, 18, '14'), (23, 30, '2.5')]
    """
    out = []
    for m in _ETHIOPIC_RUN.finditer(text):
        value, end = ethiopic_value(m.group()), m.end()
        point = _ETHIOPIC_POINT.match(text, end)
        if point:  # "፪ ነጥብ ፭": 2.5
            value, end = Decimal(f"{value}.{ethiopic_value(point[1])}"), point.end()
        after = _WORD.match(text, end + 1) if text[end:end + 1] == " " else None
        factor = scale(after.group().lower()) if scale and after else 1
        if factor > 1 and after is not None:
            value, end = value * factor, after.end()
        if out and m.start() < out[-1][1]:  # the tenths of the figure before
            continue
        out.append((m.start(), end, format(Decimal(value).normalize(), "f")))
    return out


# --- number words of the wire languages, and English's words for millions ---------------------------------

#: English's number words (also the fact diff's restated figures', :mod:`dedup.restated`).
EN_UNITS = "one two three four five six seven eight nine".split()
EN_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
EN_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def _tens_table(units: Sequence[str], teens: Sequence[str], tens: Sequence[str], joined: Callable[[str, str], Iterable[str]],
                alone_units: bool = True) -> dict[str, int]:
    """A language's words for two to ninety-nine (a unit's word alone: ``alone_units``; one is no figure
    alone, it writes "a" or "the one" as often): ten to nineteen, the tens, and each ten joined with a unit
    as ``joined`` writes the pair (its forms, from the ten's word and the unit's)."""
    out = {word: k for k, word in enumerate(teens, start=10) if word}
    for k, ten in enumerate(tens, start=2):
        if ten:
            out[ten] = 10 * k
            for u, unit in enumerate(units, start=1):
                out.update(dict.fromkeys(joined(ten, unit), 10 * k + u))
    if alone_units:
        out.update({unit: u for u, unit in enumerate(units, start=1) if u > 1})
    return out


def _italian(ten: str, unit: str) -> Iterable[str]:
    stem = ten[:-1] if unit in ("uno", "otto") else ten  # "ventuno", "trentotto"
    return (stem + unit, stem + "tré") if unit == "tre" else (stem + unit,)


def _dutch(ten: str, unit: str) -> Iterable[str]:
    return (f"{unit}{'ë' if unit.endswith('e') else 'e'}n{ten}", f"{unit}en{ten}")  # "tweeëntwintig", "vijfentwintig"


_ES_TWENTIES = {"veintiuno": 21, "veintiún": 21, "veintiuna": 21, "veintidós": 22, "veintitrés": 23, "veinticuatro": 24,
                "veinticinco": 25, "veintiséis": 26, "veintisiete": 27, "veintiocho": 28, "veintinueve": 29}
#: Each language's number words by value as whole words (lower case, hyphens kept inside a word), and the
#: word that joins a ten and a unit written apart ("treinta y cinco", "vinte e cinco", "vingt et un"; "" where
#: a space alone does, "twenty five", "двадцать пять"). Left out as words that write something else too:
#: the articles and "one" ("ein", "un", "uno", "um"), Italian "venti" alone (winds), German "elf" (a team),
#: hundreds ("cent" of "pour cent"), "a dozen" and every ordinal ("second", "vingtième").
NUMBER_WORDS: dict[str, tuple[dict[str, int], str | None]] = {
    "en": (_tens_table(EN_UNITS, EN_TEENS, EN_TENS, lambda ten, unit: (f"{ten}-{unit}",)), ""),
    "de": (_tens_table("ein zwei drei vier fünf sechs sieben acht neun".split(),
                       ["zehn", "", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn"],
                       "zwanzig dreißig vierzig fünfzig sechzig siebzig achtzig neunzig".split(),
                       lambda ten, unit: (f"{unit}und{ten}", f"{unit}und{ten}".replace("ß", "ss"))), None),
    "nl": (_tens_table("een twee drie vier vijf zes zeven acht negen".split(),
                       "tien elf twaalf dertien veertien vijftien zestien zeventien achttien negentien".split(),
                       "twintig dertig veertig vijftig zestig zeventig tachtig negentig".split(), _dutch), None),
    "fr": (_tens_table("un deux trois quatre cinq six sept huit neuf".split(),
                       "dix onze douze treize quatorze quinze seize dix-sept dix-huit dix-neuf".split(),
                       "vingt trente quarante cinquante soixante".split(),
                       lambda ten, unit: (f"{ten}-{unit}", f"{ten}-et-{unit}") if unit == "un" else (f"{ten}-{unit}",)), "et"),
    "es": (_tens_table("uno dos tres cuatro cinco seis siete ocho nueve".split(),
                       "diez once doce trece catorce quince dieciséis diecisiete dieciocho diecinueve".split(),
                       ["veinte"] + "treinta cuarenta cincuenta sesenta setenta ochenta noventa".split(),
                       lambda ten, unit: ()) | _ES_TWENTIES, "y"),
    "pt": (_tens_table("um dois três quatro cinco seis sete oito nove".split(),
                       "dez onze doze treze catorze quinze dezesseis dezessete dezoito dezenove".split(),
                       "vinte trinta quarenta cinquenta sessenta setenta oitenta noventa".split(), lambda ten, unit: ())
           | {"quatorze": 14, "dezasseis": 16, "dezassete": 17, "dezanove": 19, "duas": 2}, "e"),
    "it": (_tens_table("uno due tre quattro cinque sei sette otto nove".split(),
                       "dieci undici dodici tredici quattordici quindici sedici diciassette diciotto diciannove".split(),
                       "venti trenta quaranta cinquanta sessanta settanta ottanta novanta".split(), _italian), None),
    "ru": (_tens_table("один два три четыре пять шесть семь восемь девять".split(),
                       "десять одиннадцать двенадцать тринадцать четырнадцать пятнадцать шестнадцать семнадцать "
                       "восемнадцать девятнадцать".split(),
                       "двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто".split(),
                       lambda ten, unit: ()) | {"две": 2}, ""),
}
# French seventy, eighty and ninety count in twenties: "soixante-quinze" is 75, "quatre-vingt-douze" 92.
_FRENCH_UNITS = "un deux trois quatre cinq six sept huit neuf".split()
_FRENCH_TEENS = "dix onze douze treize quatorze quinze seize dix-sept dix-huit dix-neuf".split()
NUMBER_WORDS["fr"][0].update(
    {"soixante-dix": 70, "soixante-et-onze": 71, "quatre-vingts": 80, "quatre-vingt": 80}
    | {f"soixante-{teen}": 60 + k for k, teen in enumerate(_FRENCH_TEENS, start=10)}
    | {f"quatre-vingt-{word}": 80 + k for k, word in enumerate(_FRENCH_UNITS + _FRENCH_TEENS, start=1)})
del NUMBER_WORDS["it"][0]["venti"]  # the winds as often
#: English words for a thousand, a million and more after a figure, as desks write them ("$1.3 mln", "1.3
#: million", "1.3bn"); "m" and "k" only right after a currency sign ("$1.3m", "£40k"), as "1.3m" is as often
#: metres.
_EN_SCALES = {"thousand": 3, "million": 6, "mln": 6, "billion": 9, "bln": 9, "bn": 9, "trillion": 12, "tln": 12}
_EN_SIGNED = {"m": 6, "k": 3}
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_EN_FIGURE = re.compile(r"(?:([$£€¥])\s?|(?<![\w.,]))(\d+(?:,\d{3})*(?:\.\d+)?)(?:\s|-)?(thousand|million|mln|billion|bln|bn|trillion|tln|m|k)\b",
                        re.IGNORECASE)


def number_words(text: str, language: str | None, scale: Callable[[str], int] | None = None) -> list[tuple[int, int, str]]:
    """The figures ``text`` writes in words of ``language`` (:data:`NUMBER_WORDS`; English where it is not
    told): (start, end, value in digits). Ten to ninety-nine alone, a ten and a unit written apart
    ("twenty five", "treinta y cinco", "vingt et un"), and two and more with a word for millions after them
    ("six million", "sechs Millionen"): English's own words, other languages' by ``scale`` (what a word
    multiplies by, 1 for none; :func:`dedup.figures.multiplier`). A unit's word alone is no figure (as a single
    digit is none), nor any word of the table inside a longer one ("fourteenth", "dix-huitième").

    >>> number_words("Fourteen died and twenty five were hurt; six million fled", "en")
    [(0, 8, '14'), (18, 29, '25'), (41, 52, '6000000')]
    """
    words, joiner = NUMBER_WORDS.get(language or "en", (None, None))
    if words is None:
        return []
    english = language in (None, "en")
    lowered = text.lower()
    if words.keys().isdisjoint(w.split("-", 1)[0] if english else w for w in _WORD.findall(lowered)):
        return []  # most texts: no number word at all, read in one pass
    found = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(lowered)]
    out: list[tuple[int, int, str]] = []
    k = 0
    while k < len(found):
        start, end, word = found[k]
        value = words.get(word)
        if value is None and english and "-" in word:  # "twenty-five-year-old", not "twenty-fifth"
            value, end = _english_prefix(word, words, start, end)
        if value is None:
            k += 1
            continue
        step = 1
        if value >= 20 and value % 10 == 0 and joiner is not None:  # "twenty five", "treinta y cinco"
            rest = [w for _, _, w in found[k + 1:k + 3]]
            ones = _ONES.get(language or "en")
            if joiner and rest[:1] == [joiner] and len(rest) == 2 and (rest[1] == ones or words.get(rest[1], 10) < 10):
                value, end, step = value + words.get(rest[1], 1), found[k + 2][1], 3
            elif not joiner and rest:  # the unit may open a word of its own ("twenty five-member")
                unit = rest[0].split("-", 1)[0] if english else rest[0]
                if unit == ones or words.get(unit, 10) < 10:
                    value, end, step = value + words.get(unit, 1), found[k + 1][0] + len(unit), 2
        after = found[k + step] if k + step < len(found) and text[end:found[k + step][0]] in (" ", "\u00a0") else None
        power = _EN_SCALES.get(after[2], 0) if english and after else 0
        factor = 10 ** power if power else (scale(after[2]) if scale and after and not english else 1)
        if factor > 1:
            out.append((start, after[1], str(value * factor)))
            step += 1
        elif value >= 10:
            out.append((start, end, str(value)))
        k += step
    return out


#: The word for one, which joins a ten written apart ("twenty one", "treinta y uno") though it is no figure alone.
_ONES = {"en": "one", "fr": "un", "es": "uno", "pt": "um", "ru": "один"}
_EN_ORDINALS = frozenset({"first", "second", "third"})


def _english_prefix(word: str, words: dict[str, int], start: int, end: int) -> tuple[int | None, int]:
    """The number an English hyphenated word opens with, and where it ends ("twenty-five-year-old" is 25,
    "fourteen-day" 14, "two-mln-dlr" 2000000); none where an ordinal follows it ("twenty-fifth", "forty-first")."""
    parts = word.split("-")
    for n in (2, 1):
        if len(parts) > n and "-".join(parts[:n]) in words:
            after = parts[n]
            if after in _EN_ORDINALS or after.endswith("th"):
                return None, end
            head = "-".join(parts[:n])
            if after in _EN_SCALES:  # "two-mln dlr", "twenty-billion-dlr"
                return words[head] * 10 ** _EN_SCALES[after], start + len(head) + 1 + len(after)
            return words[head], start + len(head)
    return None, end


def english_figures(text: str) -> list[tuple[int, int, str]]:
    """The figures of an English ``text`` with a word for thousands, millions or billions after them, by
    value: "1.3 million", "$1.3 mln", "1.3bn", "$1.3m", "1,300 million", "108-billion-dlr" (:data:`_EN_SCALES`),
    and its number
    words (:func:`number_words`): (start, end, value in digits), in the order they stand.

    >>> english_figures("sales of $1.3m, 1.3 mln dlrs, 2.5bn and fourteen")
    [(10, 14, '1300000'), (16, 23, '1300000'), (30, 35, '2500000000'), (40, 48, '14')]
    """
    out = []
    for m in _EN_FIGURE.finditer(text):
        word = m.group(3).lower()
        power = _EN_SCALES.get(word) or (_EN_SIGNED[word] if m.group(1) else None)
        if power:
            value = Decimal(m.group(2).replace(",", "")).scaleb(power)
            out.append((m.start(2), m.end(), format(value.normalize(), "f")))
    spoken = english_spoken(text)
    words = [w for w in number_words(text, "en") if not any(a < w[1] and w[0] < b for a, b, _ in spoken)]
    return sorted(out + spoken + words)


#: The words an English speaker says a figure with besides :data:`NUMBER_WORDS`' ("six hundred and eighty
#: thousand", "twelve and a half billion", "nineteen fifty-eight"): a word, a hyphen inside one.
_SPOKEN_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")


def english_spoken(text: str) -> list[tuple[int, int, str]]:
    """The figures an English ``text`` says in words that :func:`number_words` reads only in part (start, end,
    value in digits): hundreds ("six hundred and eighty thousand" 680000, "a hundred and eight" 108, "four
    hundred million" 400000000), a half before a word for thousands or more ("twelve and a half billion"
    12500000000) or alone ("half a million" 500000, "a half billion"), and a year said in two pairs ("nineteen fifty-eight" 1958, "twenty-twenty" 2020), as a
    broadcast script says them.

    >>> english_spoken("about six hundred and eighty thousand dollars, twelve and a half billion, in nineteen fifty-eight")
    [(6, 37, '680000'), (47, 72, '12500000000'), (77, 97, '1958')]
    """
    lowered = text.lower()
    if "hundred" not in lowered and "half" not in lowered and "nineteen" not in lowered and "twenty" not in lowered:
        return []
    words = NUMBER_WORDS["en"][0]
    found = [(m.start(), m.end(), m.group()) for m in _SPOKEN_WORD.finditer(lowered)]
    out, k = [], 0
    while k < len(found):
        read = _spoken_at(found, k, words)
        if read is None:
            k += 1
            continue
        value, step = read
        out.append((found[k][0], found[k + step - 1][1], format(value.normalize(), "f")))
        k += step
    return out


def _spoken_at(found: list[tuple[int, int, str]], k: int, words: dict[str, int]) -> tuple[Decimal, int] | None:
    """The figure said from word ``k`` of ``found`` (:func:`english_spoken`) and how many words it takes, or
    None where no hundred, half or year is said there ("half a dozen" is none: a dozen is no word for a power)."""
    said = [w for _, _, w in found[k:k + 9]]
    if len(said) > 1 and said[0] in ("nineteen", "twenty") and _two_digits(said[1], words) and (
            len(said) < 3 or said[2] not in _EN_SCALES):
        return Decimal(words[said[0]] * 100 + _two_digits(said[1], words)), 2
    if said[0] in ("nineteen-fifty", "twenty-twenty") or (said[0].count("-") == 1 and said[0].split("-")[0] in ("nineteen", "twenty")
                                                            and _two_digits(said[0].split("-")[1], words) >= 20):
        head, tail = said[0].split("-")
        return Decimal(words[head] * 100 + words[tail]), 1
    if said[:2] in (["half", "a"], ["a", "half"]) and said[2:3] and said[2] in _EN_SCALES:  # "half a million"
        return Decimal("0.5").scaleb(_EN_SCALES[said[2]]), 3
    value, n, marked = _below_thousand(said, words)
    if value is None:
        return None
    if said[n:n + 3] == ["and", "a", "half"] and n + 3 < len(said) and said[n + 3] in _EN_SCALES:
        value, n, marked = value + Decimal("0.5"), n + 3, True
    if not marked:
        return None
    if n < len(said) and said[n] in _EN_SCALES:
        value, n = value.scaleb(_EN_SCALES[said[n]]), n + 1
    return value, n


def _below_thousand(said: list[str], words: dict[str, int]) -> tuple[Decimal | None, int, bool]:
    """A number below a thousand said at the head of ``said`` ("six hundred and eighty", "a hundred and
    eight", "twelve"), how many words it takes and whether a hundred is said in it."""
    if said[0] == "a" and said[1:2] == ["hundred"]:
        head, n = 1, 1
    elif said[0] in words or said[0] == "one":
        head, n = words.get(said[0], 1), 1
    else:
        return None, 0, False
    if said[n:n + 1] != ["hundred"] or head > 9:
        return (Decimal(head), n, False) if said[0] != "a" else (None, 0, False)
    value, n = head * 100, n + 1
    rest = said[n + 1:n + 2] if said[n:n + 1] == ["and"] else said[n:n + 1]
    if rest and rest[0] in words and words[rest[0]] < 100:
        value, n = value + words[rest[0]], n + (2 if said[n] == "and" else 1)
    return Decimal(value), n, True


def _two_digits(word: str, words: dict[str, int]) -> int:
    """The value of ``word`` when it is a number of two digits (10 to 99), else 0."""
    value = words.get(word, 0)
    return value if 10 <= value <= 99 else 0


def with_values(text: str, figures: Sequence[tuple[int, int, str]]) -> str:
    """``text`` with each of ``figures`` (start, end, value; in order, not overlapping) written as its value."""
    parts, at = [], 0
    for start, end, value in figures:
        if start >= at:
            parts += [text[at:start], value]
            at = end
    return "".join(parts) + text[at:] if parts else text
