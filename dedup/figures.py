"""A text's figures by value, as each language writes them: its decimal comma or point, its thousands grouped
with full stops, commas or spaces, its words for thousands, millions and billions after a figure ("1,2 miljarder",
"42 mia.", "25,4 млрд."), Chinese, Japanese and Korean multipliers and Arabic number words (:mod:`dedup.numerals`),
so that a rewrite restating "1 200 miljoner" as "1,2 miljarder" does not read as contradicting its source.
The aligner's word rules read them (:meth:`dedup.words.WordRules.numbers`), as do the facts and the figure sets.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from dedup.approximations import approximate
from dedup.language import fold
from dedup.numerals import (EAST_ASIAN, arabic_number_words, east_asian_figures, english_figures, ethiopic_figures, han_numeral,
                            number_words, with_values)

__all__ = ["numbers", "figure_values", "amounts_in_parts", "powers_after", "approximate_values", "slot_values", "writes_decimal_comma", "groups_with_spaces", "multiplier", "MULTIPLIER_WORDS",
           "plain_figures"]

# Languages that write 1.234,5 (a decimal comma) rather than 1,234.5.
_DECIMAL_COMMA = frozenset(
    "de fr es it pt ru uk pl cs sk sl hr sr bs mk bg ro tr nl da sv no nb fi et lv lt hu el id vi "
    "be is sq az eu ca kk ht zu ku tg lb fo mg rw xh br oc tt ba tk cv".split()
)
#: Languages whose style books group a figure's thousands with a space ("17 745", "1 200 000"), not a full stop:
#: since the sixtieth round Breton and Occitan as French does ("38 450 tonenn", "4 312 escolans"), Tatar and
#: Bashkir as Russian does ("6 142 килограмм"), and Turkmen; since the sixty-first round Chuvash ("6 214 хваттер").
_SPACE_GROUPS = frozenset(
    "fr ru uk be pl cs sk bg hu fi sv no nb nn lt lv et sl kk ht zu tg mg rw xh br oc tt ba tk cv".split()
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_GROUPED = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+(?:[.,]\d+)*")
#: Other languages' words for a thousand, a million and a thousand millions after a figure ("1 200 miljoner",
#: "1,2 miljarder", "42.000 mio. kr.", "42 mia. kr.", "25,4 млрд."): words by their first letters and up to three
#: more (every case ending: "milionů", "milijuna", "миллиона"; not "millionnaires"), abbreviations whole, French
#: ones with the euro sign a desk writes on them ("412 M€", "6,3 Md€", "2 Mds€"; a bare "M" is as often metres);
#: Arabic's ("1,3 مليون", "40 ألف") and Hindi's lakh and crore ("1.3 लाख" is 130000, "करोड़" ten millions); since the
#: sixty-first round Sorani's ("٨٤٢ هەزار", its ی folded as the figures read it), Chuvash's "пин", Scottish Gaelic's
#: "millean", Romansh's "milliun", Maori's "miriona" and "piriona" and Tongan's "piliona" (Tok Pisin's "bilion" is
#: Polish's and Czech's million millions, and stays unread), and the Turkic languages' thousand: Kazakh's "мың",
#: Kyrgyz's "миң", Tatar's and Bashkir's "мең", Turkmen's "müň", Uzbek's "ming" ("1 million 252 müň 400" was three
#: figures, 1000000, 252 and 400, against its rewrite's "1,25 million"; Azerbaijani's "min" is a minute too).
_MULTIPLIERS = {
    1_000: ("tusen tusind duizend tausend tuhat хиляд тысяч тисяч tisíc tisoč tisuć hiljad хиљад tūkstoš tūkstan হাজাৰ "
            "мың миң мең müň ming минг",
            "tys тыс тис tūkst ezer ألف آلاف الف الاف ribu elfu dubu ہزار হাজার bin binde binden bine bini binin hezar हजार हज़ार ହଜାର مىڭ հազար "
            "هەزار пин هزار ሺህ ሺ ਹਜ਼ਾਰ ਹਜਾਰ apem ibihumbi nkoto lukumi nkumi"),
    100_000: ("", "लाख لاکھ لاكھ লাখ ଲକ୍ଷ ਲੱਖ ਲਖ laki"),
    1_000_000: ("miljon miljoen million millió milion milión milijon milijun miljoon millon millón milhão milhõe "
                "milljón milyon milioi mıllıon mi'lli'on миллион милион мільйон мільён مليون miliwn miliyan milyan مىليون միլիոն "
                "millean milliun miriona",
                "mio mln milj млн m€ ملايين juta մլն tapitrisa yezigidi مليۆن ميليون ميلون میلیون মিলিয়ন मिलियन ሚሊዮን ਮਿਲੀਅਨ "
                "bukadde obukadde akakadde kakadde ɔpepem miliyoni milio miriyoni"),
    10_000_000: ("", "करोड़ करो\u0921\u093c करोड کروڑ كروڑ কোটি କୋଟି ਕਰੋੜ"),
    1_000_000_000: ("miljard milliard miliar milijard milliárd milljarð milyar mıllıard mi'lli'ard миллиард милиард "
                    "милијард мільярд مليار biliwn biliyan مىليارد միլիարդ billean piriona piliona", "mrd mld mia mlrd млрд մլրդ md€ mds€ bilhão bilhões ارب अर्ब अरब ميليارد میلیارد "
                    "বিলিয়ন बिलियन ቢሊዮን ਬਿਲੀਅਨ bilioni buwumbi obuwumbi ɔpepepem miliyari biliyoni"),
    100_000_000_000: ("", "खर्ब खरब کھرب"),
    1_000_000_000_000: ("triliun trilion trilyon триллион", "трлн"),
}
#: :data:`_MULTIPLIERS` as a regular expression (to be matched ignoring case, and followed by no letter).
MULTIPLIER_WORDS = "|".join(
    [f"(?:{'|'.join(stems.split())})\\w{{0,3}}" for stems, _ in _MULTIPLIERS.values() if stems]
    + [f"(?:{'|'.join(words.split())})" for _, words in _MULTIPLIERS.values()])
_MULTIPLIED = re.compile(f"({_GROUPED.pattern})(?:\\s?((?i:{MULTIPLIER_WORDS}))(?!\\w))?")
#: A word for thousands or millions right after a figure: the figure has its multiplier already.
_MULTIPLIED_AFTER = re.compile(f"\\s?(?i:{MULTIPLIER_WORDS})(?!\\w)")
#: :data:`_MULTIPLIERS` split once: each value with its stems and its whole words.
_MULTIPLIER_FORMS = tuple((value, tuple(stems.split()), frozenset(words.split()))
                          for value, (stems, words) in _MULTIPLIERS.items())


#: Languages that write the word for thousands or millions before the figure ("Naira miliyan 850", "shilingi milioni
#: 5.2 na laki 3", "ddoola obukadde 186.5", "sidi ɔpepem 2,480"), and their words: each such figure is read as the
#: other languages write it, the word after the figure (:func:`powers_after`).
_POWER_FIRST = {language: frozenset(words.split()) for language, words in {
    "sw": "elfu laki milioni bilioni", "ha": "dubu miliyan biliyan",
    "lg": "lukumi nkumi kakadde akakadde bukadde obukadde buwumbi obuwumbi", "ak": "apem ɔpepem ɔpepepem",
    "rw": "ibihumbi miliyoni miliyari", "ny": "miliyoni biliyoni", "ln": "nkoto milio", "sn": "miriyoni",
}.items()}
_POWER_FIRST_RE = {language: re.compile(f"(?<!\\w)({'|'.join(sorted(words))})([ \u00a0])(\\d+(?:[.,]\\d+)*)(?![\\d\\w])",
                                        re.IGNORECASE) for language, words in _POWER_FIRST.items()}


def powers_after(text: str, language: str | None) -> str:
    """``text`` with each word for thousands or millions written before its figure in ``language`` (:data:`_POWER_FIRST`)
    moved after it, the text's length kept: "miliyan 850" reads "850 miliyan", as the figure's multiplier
    (:data:`MULTIPLIER_WORDS`). Unread, Hausa's "Naira biliyan 6.8" was 6.8 and its rewrite's "7 billion naira" 7000000000.

    >>> powers_after("Naira miliyan 850 da milioni 5 na laki 3", "sw"), powers_after("Naira miliyan 850", "ha")
    ('Naira miliyan 850 da 5 milioni na 3 laki', 'Naira 850 miliyan')
    """
    pattern = _POWER_FIRST_RE.get(language or "")
    if pattern is None or not any(c.isdigit() for c in text):
        return text
    return pattern.sub(lambda m: f"{m[3]}{m[2]}{m[1]}" if _MULTIPLIED_AFTER.match(m.string, m.end()) is None else m.group(), text)


def numbers(text: str, language: str | None = None) -> set[str]:
    """Figures of ``text`` with the separators of ``language`` read (see :meth:`WordRules.numbers`); in a
    language of decimal commas a figure and its word for thousands, millions or billions are one number
    ("1 200 miljoner" and "1,2 miljarder" are 1200000000: a rewrite's sentence no longer contradicts its source's).
    Outside English (:func:`_other_figures`) a comma before one or two digits is a decimal one and a word for
    millions multiplies too; Chinese, Japanese and Korean multipliers are read into the figure ("38.6万" is
    386000) and Arabic number words are figures (:mod:`dedup.numerals`).

    >>> sorted(numbers("rose 1,200.5 from 3")), sorted(numbers("stieg um 1.200,5 auf ٣", "de"))
    (['1200.5', '3'], ['1200.5', '3'])
    """
    text = powers_after(fold(text), language)
    if language in _POINT_WORDS:
        text = _POINT_WORDS[language].sub(_pointed, text)
    if language in EAST_ASIAN:
        text = _east_asian_multiplied(text, language)
    if language in (None, "en"):  # as the compiled kernel reads them (plain_figures)
        found = {n.replace(",", "") for n in _NUMBER.findall(text)}
    else:  # "1 200 miljoner" and "1,2 miljarder" are one figure; "23 milyar 412 milyon" one amount
        found = {value for value, _ in _figures_at(text, language)}
    if language in ("zh", "ja"):
        found |= _han_numbers(text, language)
    if language == "ar":
        found |= {str(value) for _, _, value in arabic_number_words(text)}
    return found


#: A decimal point said in a word between two figures ("14 ነጥብ 6 በመቶ", 14.6 per cent; "2 ነጥብ 5 ቢሊዮን"), per language.
_POINT_WORDS = {language: re.compile(f"(?<![\\d.,])(\\d+) (?:{words}) (\\d+)(?![\\d.,])")
                for language, words in {"am": "ነጥብ", "ti": "ነጥቢ|ነጥብ"}.items()}


def _pointed(m: re.Match[str]) -> str:
    """A figure said with its decimal point in a word, as digits and a point, the text's length kept (spaces before)."""
    figure = f"{m[1]}.{m[2]}"
    return figure.rjust(len(m.group()))


def _ethiopic(text: str, language: str | None) -> set[str]:
    """The figures an Amharic or Tigrinya text writes in Ethiopic numerals (:func:`dedup.numerals.ethiopic_figures`)."""
    return {value for _, _, value in ethiopic_figures(text, multiplier)} if language in ("am", "ti") else set()


#: A figure as a language that groups thousands with commas writes it, with a word for millions after it if any.
_MULTIPLIED_PLAIN = re.compile(f"(\\d+(?:[.,]\\d+)*)(?:\\s?((?i:{MULTIPLIER_WORDS}))(?!\\w))?")
_DECIMAL_AFTER_COMMA = re.compile(r"\d+,\d{1,2}")


def _figures_at(text: str, language: str | None) -> list[tuple[str, int]]:
    """The figures of a (folded) text of a language other than English by value, each with where it starts:
    :func:`_other_figures` where thousands are grouped with commas, its decimal comma read where they are not."""
    if language not in _DECIMAL_COMMA:
        return _other_figures(text)
    return _in_parts(text, [(_decimal_comma(m[1]), m[2] or "", m.start(), m.end()) for m in _MULTIPLIED.finditer(text)])


#: "More than" as the languages that write it after the figure say it: a word for "than" (a postposition, or a case
#: ending glued on the figure's last word: its power word or its unit) and one for "more" ("১২ হাজাৰ হেক্টৰতকৈ বেছি",
#: "২১ হাজাৰৰো অধিক", "১২ হাজারের বেশি", "१२ हजार से अधिक", "१२ हजार भन्दा बढी", "12 ہزار سے زائد", "12 binden
#: fazla", "12 мыңнан астам", "12 mingdan ortiq", "12 mindən çox", "2 меңнән артык", "598 мең тоннанан ашыу", "341 müň
#: tonnadan gowrak"; Nepali's "भन्दा" written apart or onto the unit, "14 महिनाभन्दा बढी"), per language: (than, more).
#: The word for "more" alone after a figure is none ("4,8 процентка күбрәк": 4.8 per cent more, a difference).
_AFTER = {
    "as": ("তকৈ|তকৈও|ৰো|ৰতকৈ", "অধিক|বেছি"), "bn": ("এর|ের|র|এরও|েরও|রও| চেয়ে| থেকে", "বেশি|অধিক"),
    "hi": (" से", "अधिक|ज़्यादा|ज्यादा"), "mr": ("पेक्षा|हून", "अधिक|जास्त"), "ne": (" ?भन्दा", "बढी(?:को|मा)?|धेरै"),
    "ur": (" سے", "زائد|زیادہ"), "tr": ("'?(?:den|dan|ten|tan)", "fazla"), "az": ("'?(?:dən|dan|tən|tan)", "çox|artıq"),
    "kk": ("нан|нен|дан|ден|тан|тен", "астам|артық|көп"), "ky": ("дан|ден|дон|дөн|тан|тен|тон|төн|нан|нен|нон|нөн", "ашык|көп"),
    "uz": ("dan|дан", "ortiq|ziyod|ортиқ|зиёд"), "tt": ("нан|нән|дан|дән|тан|тән", "артык|күбрәк"),
    "ba": ("нан|нән|дан|дән|тан|тән|ҙан|ҙән", "артыҡ|күберәк|ашыу"), "tk": ("dan|den|tan|ten", "gowrak|artyk|köp"),
}
#: A figure as the patterns of :data:`_AFTER` read it from its first digit (its thousands grouped with a space too).
_AFTER_FIGURE = r"\d(?:[\d.,]|[ \u00a0](?=\d{3}))*"
_AFTER_WORD = r"[^\s\d.,;:!?()\[\]\"'«»“”/–—-]"
_AFTER_RE = {language: re.compile(f"{_AFTER_FIGURE}(?:\\s+{_AFTER_WORD}+){{0,2}}?\\s*{_AFTER_WORD}*?(?:{than})"
                                  f"\\s+(?:{more})(?!{_AFTER_WORD})", re.IGNORECASE)
             for language, (than, more) in _AFTER.items()}


def _more_than_after(text: str, at: int, language: str | None) -> bool:
    """Whether the figure at ``at`` in ``text`` is followed by "than" and "more" (:data:`_AFTER`), within its
    power word and unit: a floor, which a desk writes for a figure it restates rounded.

    >>> _more_than_after("২১ হাজাৰৰো অধিক লোক", 0, "as"), _more_than_after("4,8 процентка күбрәк", 0, "tt")
    (True, False)
    """
    after = _AFTER_RE.get(language or "")
    return after is not None and after.match(text, at, at + 60) is not None


def approximate_values(text: str, language: str | None) -> frozenset[str]:
    """The values of the figures ``text`` says are approximate (:func:`dedup.approximations.approximate`: "gairebé
    4.800", "झन्डै रु ६ खर्ब ४२ अर्ब"; "more than" written after the figure: :data:`_AFTER`), as :func:`figure_values`
    writes them; none in English and the dense scripts.

    >>> sorted(approximate_values("va pujar en 4.812, gairebé 4.800", "ca"))
    ['4800']
    """
    if language in (None, "en"):
        return frozenset()
    text = powers_after(fold(text), language)
    if language in EAST_ASIAN:  # "约1.25亿吨", "約百十九万人", each figure by value where it starts
        return frozenset(_no_trailing_zeros(value) for value, at in _east_asian_at(text, language) if approximate(text, at, language))
    return frozenset(_no_trailing_zeros(value) for value, at in _figures_at(text, language)
                     if approximate(text, at, language) or _more_than_after(text, at, language))


def _east_asian_at(text: str, language: str) -> list[tuple[str, int]]:
    """The figures of a (folded) Chinese, Japanese or Korean text by value, each with where it starts: in digits with
    their multipliers (:func:`dedup.numerals.east_asian_figures`) and in Chinese numerals (:func:`_han_numbers`)."""
    found = [(value, start) for start, _, value in east_asian_figures(text, language)]
    if language in ("zh", "ja"):
        pattern = _HAN_FIGURE_JA if language == "ja" else _HAN_FIGURE
        found += [(value, m.start()) for m in pattern.finditer(text) for value in _han_numbers(m.group(), language)]
    return found


def _other_figures(text: str) -> list[tuple[str, int]]:
    """The figures of a language other than English that groups thousands with commas (Arabic, Hindi,
    Chinese): a comma before one or two digits, the figure's only separator, is a decimal comma (a Maghreb
    desk's "5,8" is the Mashreq's "5.8"; "1,200" and Indian "1,00,000" stay grouped thousands), and a word
    for millions after a figure multiplies it (:data:`MULTIPLIER_WORDS`).

    >>> sorted(value for value, _ in _other_figures("5,8 و 1,200 و 1,3 مليون"))
    ['1200', '1300000', '5.8']
    """
    found = []
    for m in _MULTIPLIED_PLAIN.finditer(text):
        number = m[1].replace(",", ".") if _DECIMAL_AFTER_COMMA.fullmatch(m[1]) else m[1].replace(",", "")
        found.append((number, (m[2] or "") if number.count(".") <= 1 else "", m.start(), m.end()))
    return _in_parts(text, found)


#: Words that join the parts of an amount written in parts ("18 milyon û 400 hezar", "5 milioni e 300"): "and".
_PART_JOINS = frozenset("و û u e i y ve və va ва и і na and und et og och ja és".split())


def _in_parts(text: str, found: list[tuple[str, str, int, int]]) -> list[tuple[str, int]]:
    """The figures ``found`` in ``text`` (each a number as its language's separators read it, the word for
    thousands or millions after it, its span), each multiplied (:func:`_multiplied`), and an amount written in
    parts read as one figure, its value: whole numbers each with a word for a smaller power than the one before
    ("23 milyar 412 milyon", "6 खर्ब 42 अर्ब 30 करोड", "21 млрд 460 млн", "18 milyon û 400 hezar"), or after a
    word for thousands a whole number under a thousand ("2 bin 500", "1 लाख 87 हजार 420"), or a number of
    thousands of a larger power ("২ হাজার ৩৪৫ কোটি" is 2,345 crore), next to one another or joined by "and"
    (:data:`_PART_JOINS`), so that "31 کروڑ 40 لاکھ" and "31.4 کروڑ" are one figure, as they are to a reader.

    >>> _in_parts("23 milyar 412 milyon", [("23", "milyar", 0, 9), ("412", "milyon", 10, 20)])
    [('23412000000', 0)]
    """
    return [(value, start) for value, start, _ in amounts_in_parts(text, found)]


def amounts_in_parts(text: str, found: list[tuple[str, str, int, int]]) -> list[tuple[str, int, int]]:
    """:func:`_in_parts` with each figure's end too (the span of an amount in parts runs from its first part to its
    last): the fact diff's figures read an amount so (:mod:`dedup.fact_figures`), as the figure sets do.

    >>> amounts_in_parts("১ হাজার ২১৪ কোটি", [("1", "হাজার", 0, 7), ("214", "কোটি", 8, 16)])
    [('12140000000', 0, 16)]
    """
    out: list[tuple[str, int, int]] = []
    at = 0
    while at < len(found):
        number, word, start, end = found[at]
        factor, at = multiplier(word.lower()) if word else 1, at + 1
        if factor < 1000 or not number.isdigit():
            out.append((_multiplied(number, word), start, end))
            continue
        total, smallest, first = int(number) * factor, factor, True
        while at < len(found) and found[at][0].isdigit() and _joined(text[end:found[at][2]], found[at][1]):
            part, power = int(found[at][0]), multiplier(found[at][1].lower()) if found[at][1] else 1
            if power < smallest and part * power < smallest and (power > 1 or smallest == 1000):
                total, smallest = total + part * power, power
            elif first and smallest == 1000 and power > 1000 and part < 1000:  # thousands of crores
                total, smallest = (total + part) * power, power
            else:
                break
            first, end, at = False, found[at][3], at + 1
        out.append((str(total), start, end))
    return out


def _joined(gap: str, word: str) -> bool:
    """Whether ``gap``, the text between two figures, leaves them parts of one amount: a space, or "and" for
    a part with its word (a bare number after "and" is another figure)."""
    if not gap.strip():
        return bool(gap) or bool(word)
    return bool(word) and gap[0].isspace() and gap[-1].isspace() and gap.strip() in _PART_JOINS


def _east_asian_multiplied(text: str, language: str) -> str:
    """``text`` with each figure that takes a multiplier written as its value (:func:`dedup.numerals.east_asian_figures`)."""
    parts, at = [], 0
    for start, end, value in east_asian_figures(text, language):
        if not text[start:end].replace(",", "").replace(".", "").isdigit():
            parts += [text[at:start], value]
            at = end
    return "".join(parts) + text[at:] if parts else text


#: Digits run into letters after them ("2025ean", "3x", "G20"), or before them but for an Arabic one-letter
#: prefix ("و40", and forty) or an Ethiopic one ("በ14", at 14; "ከ124", from 124; "ለ62", to 62; "የ2019", of 2019):
#: a code or a word's case ending, no figure (as figures read as written: a word boundary each side).
_GLUED = re.compile(r"(?<=[^\W\d_])(?<![وبلفكበከለየእ])\d[\d.,]*|(?<![^\W\d_])\d[\d.,]*(?=[^\W\d_])")
#: A date's figures in Chinese, Japanese, Korean: "2025年", "3月28日", and in Chinese numerals, as Japanese dates by its
#: eras and Chinese papers write them ("令和八年十一月", "十二月七日": read, "十一月" was a figure 11 the source's "11月" was not).
_GLUED_DENSE = re.compile("(?:\\d+|[〇一二三四五六七八九十元]+)(?=[年月日년월일])")


def figure_values(text: str, language: str | None = None, *, worded: bool = True) -> frozenset[str]:
    """The figures of a text (or of one stretch of it) by value, as agreement between two texts reads
    them: :func:`numbers` without the single digits alone (too common to count), digits run into a word
    (:data:`_GLUED`; in Chinese, Japanese and Korean, where figures run into the words around them, a
    date's: :data:`_GLUED_DENSE`), so that "38.6万辆" and "386000辆", "5,8" and "5.8" in Arabic,
    "أربعة عشر" and "14", "1,3 miljoen" and "1.300.000", "quatorze" and "14" (number words of the wire
    languages, :func:`dedup.numerals.number_words`) agree where figures read as written do not. English reads
    its words for millions and its number words too ("1.3 million" is "1,300,000", "$2.5 bln" "2.5
    billion": :func:`dedup.numerals.english_figures`); the verdict reads English figures as written (the
    compiled kernels, :data:`dedup.figure_sets._AS_WRITTEN`) but for a link's (``links_refilled``). Without
    ``worded``, digits alone (as the whole-text agreement reads them: two independent reports of one event
    share its figures, and one writing "diez" for the other's "10" read as agreeing more).

    >>> sorted(figure_values("2025年交付38.6万辆,增长3倍", "zh")), sorted(figure_values("بقوة 5,8 درجات وقتل أربعة عشر", "ar"))
    (['386000'], ['14', '5.8'])
    """
    text = fold(text)
    words: set[str] = set()
    if worded and language in (None, "en"):  # "1.3 million", "$1.3 mln" and "fourteen" as their values
        text = with_values(text, english_figures(text))
    elif worded:
        words = {value for _, _, value in number_words(text, language, multiplier)} | _ethiopic(text, language)
    text = (_GLUED_DENSE if language in EAST_ASIAN else _GLUED).sub(" ", text)
    return frozenset(_no_trailing_zeros(value) for value in numbers(text, language) | words if len(value) > 1)


def slot_values(text: str, language: str | None = None) -> frozenset[str]:
    """The figures a form's slots hold in ``text`` (one sentence, or one side of a link), by value: as
    :func:`figure_values` reads them with their words, and the single digits and a date's figures in
    Chinese, Japanese and Korean kept, since a form's slots are often these (a wind force ``4至5级``, a day
    ``22日至23日``, "1,5 %" of a month's inflation). A range gives its two ends, as its digits stand apart.
    Digits run into a word (a code, "G20", "2025ean") stay no figure.

    >>> sorted(slot_values("22日至23日,风力4至5级,气温下降8至12摄氏度", "zh")), sorted(slot_values("640 duizend, 1,5 %", "nl"))
    (['12', '22', '23', '4', '5', '8'], ['1.5', '640000'])
    """
    text = fold(text)
    words: set[str] = set()
    if language in (None, "en"):  # "1.3 million", "$1.3 mln" and "fourteen" as their values
        text = with_values(text, english_figures(text))
    else:
        words = {value for _, _, value in number_words(text, language, multiplier)} | _ethiopic(text, language)
    if language not in EAST_ASIAN:  # in a dense script every figure runs into the words around it
        text = _GLUED.sub(" ", text)
    return frozenset(_no_trailing_zeros(value) for value in numbers(text, language) | words)


def _no_trailing_zeros(value: str) -> str:
    """A decimal written without its trailing zeros ("3.50" is 3.5, "134.0" is 134); others as they are."""
    return value.rstrip("0").rstrip(".") if value.count(".") == 1 else value


def writes_decimal_comma(language: str | None) -> bool:
    """Whether ``language`` writes a decimal comma and groups thousands with full stops or spaces
    ("1.200,5", "1 200,5"), not English's "1,200.5".

    >>> writes_decimal_comma("de"), writes_decimal_comma("en"), writes_decimal_comma(None)
    (True, False, False)
    """
    return language in _DECIMAL_COMMA


def groups_with_spaces(language: str | None) -> bool:
    """Whether ``language`` groups a figure's thousands with a plain space ("17 745 milliarder"): there a
    space between a figure of one to three digits and three more digits is no gap between two figures.

    >>> groups_with_spaces("sv"), groups_with_spaces("de"), groups_with_spaces("en")
    (True, False, False)
    """
    return language in _SPACE_GROUPS


def multiplier(word: str) -> int:
    """What a word of another language for a thousand, a million or a thousand millions after a figure
    multiplies it by (:data:`MULTIPLIER_WORDS`, lower case), 1 for any other word.

    >>> multiplier("miljarder"), multiplier("milijuna"), multiplier("mia"), multiplier("tys"), multiplier("kronor")
    (1000000000, 1000000, 1000000000, 1000, 1)
    """
    if not word:  # a figure with no word after it: most of them
        return 1
    for value, stems, words in _MULTIPLIER_FORMS:
        if word in words or any(word.startswith(stem) and len(word) <= len(stem) + 3 for stem in stems):
            return value
    return 1


def plain_figures(language: str | None) -> bool:
    """Whether :func:`numbers` reads ``language``'s figures as English ones: ``\\d+(?:[.,]\\d+)*`` without
    its commas (what the compiled ``plain_words`` reads of text without other scripts): English only, as every
    other language reads a decimal comma before one or two digits, its multipliers or its number words."""
    return language in (None, "en")


def _multiplied(number: str, word: str) -> str:
    """``number`` (as :func:`_decimal_comma` writes it) times its multiplier ``word``, written as a figure
    without one would be: "1.2" and "miljarder" give "1200000000"; no word, or an unreadable number, leaves it."""
    factor = multiplier(word.lower()) if word else 1
    if factor == 1:
        return number
    try:
        value = Decimal(number) * factor
    except InvalidOperation:
        return number
    return format(value.normalize(), "f")


def _decimal_comma(number: str) -> str:
    """A figure of a language of decimal commas by value: its groups' separators dropped, its decimal comma a
    point. A lone full stop before digits that are no group of three is a decimal point whatever the
    language (a desk writing "3.5 procent" for "3,5 procent": read as 35 it disagreed with its source).

    >>> _decimal_comma("1.200,5"), _decimal_comma("1 300 000"), _decimal_comma("1.400"), _decimal_comma("3.5")
    ('1200.5', '1300000', '1400', '3.5')
    """
    if "," not in number and _DECIMAL_POINT.fullmatch(number):
        return number
    for separator in (" ", "\u00a0", "\u202f", "."):
        number = number.replace(separator, "")
    return number.replace(",", ".")


#: A figure with one full stop before one, two or four digits and more: no group of three, a decimal point.
_DECIMAL_POINT = re.compile(r"\d+\.(?:\d{1,2}|\d{4,})")

# A Chinese numeral counts as a figure only before a counter or unit: "三天" (three days), not "统一"; it opens
# with a digit or ten ("十五", fifteen), and takes its ten thousands and hundred millions ("三万人", "五十万辆").
_HAN_NUMBER = re.compile(
    "([零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万萬亿億]*)(?=[人名个天年月日时岁次倍艘列架辆项家所座条位元米吨周])"
)


#: A Chinese numeral a desk writes for a figure whatever follows it: a per cent ("百分之二点三", 2.3 per cent), one
#: with a decimal point ("八百一十二点三亿", 81230000000; Japanese's "四・二％"), or one that takes a ten thousand or a
#: hundred million ("三百四十万亩", "五百万"): the decimal's digits before no ten, hundred or minute ("三点三十分" is
#: half past three), Japanese's middle dot (a space once folded) only before a per cent, a times or a multiplier
#: ("第一・第二" is a list); a decimal's digits before a multiplier, a per cent, a times or no ideograph ("一点一滴",
#: bit by bit, is none); none run on from digits ("3億2千万円" is the digits' figure, 320000000).
_HAN_FIGURE = re.compile(
    "(?<![\\d.,零〇一二两三四五六七八九十百千万萬亿億])(百分之)?([零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万萬亿億]*)"
    "(?:点([零〇一二三四五六七八九]+)(?![十百千分刻])(?=[万萬亿億%％倍]|[^\u3400-\u9fff]|$)"
    "|[・ ]([零〇一二三四五六七八九]+)(?=[％%倍万萬億亿兆]))?([万萬亿億]*)")


def _han_numbers(text: str, language: str | None = "zh") -> set[str]:
    """Chinese numerals as digits: before a counter ("三天" -> "3", "二十五人" -> "25", "三万人" -> "30000"), and
    wherever they stand as a per cent, a decimal or with a multiplier (:data:`_HAN_FIGURE`: "百分之二点三" -> "2.3",
    "一点二五亿" -> "125000000", "三百四十万" -> "3400000"; read so, "一点二五亿吨" was 2500000000, "二五亿"). Japanese
    opens a hundred or a thousand without a one ("百十九万人", 1190000; Chinese's "千万" is "by all means" as often)."""
    found, taken = set(), set()
    for m in (_HAN_FIGURE_JA if language == "ja" else _HAN_FIGURE).finditer(text):
        fraction = m[3] or m[4]
        if not (m[1] or fraction or m[5] or _HAN_BIG_UNIT.search(m[2])):
            continue
        value = Decimal(han_numeral(m[2]))
        if fraction:
            value += Decimal("0." + "".join(str(_HAN_DIGIT_VALUES[c]) for c in fraction))
        for big in m[5]:
            value *= 10 ** (4 if big in "万萬" else 8)
        found.add(_no_trailing_zeros(format(value.normalize(), "f")))
        taken.update(range(*m.span()))
    return found | {str(han_numeral(match.group(1))) for match in _HAN_NUMBER.finditer(text) if match.start() not in taken}


_HAN_FIGURE_JA = re.compile(_HAN_FIGURE.pattern.replace(
    "([零〇一二两三四五六七八九十]", "((?:[零〇一二两三四五六七八九十]|[百千](?=[一二三四五六七八九十百千]*[万萬亿億]))"))
_HAN_BIG_UNIT = re.compile("[万萬亿億]")
_HAN_DIGIT_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
