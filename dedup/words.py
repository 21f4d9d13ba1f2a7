"""Words by language for the sentence aligner: tokens, stop words, stems and figures.

The aligner compares the *content words* of two sentences, so a Russian or Arabic paraphrase only links
when its inflected forms meet ("ставку"/"ставка", "الأطفال"/"أطفال"). :func:`rules_for` gives, per
language, the stop words (stopwords-iso lists) and a Snowball stemmer (PyStemmer, the C build of the
Snowball algorithms: about 80 times faster than the pure-Python package on the same words). English, and
an article whose language is unknown, keep dedup's own rules: scikit-learn's stop words and a crude
suffix stemmer, on which every English threshold was set.

Tokens are the same in every language: ``\\w+`` runs, with runs of Chinese, Japanese, Thai, Lao, Khmer or
Burmese characters cut into overlapping character pairs (as :mod:`dedup.shingles` does), and digits of
every script read as ASCII (:func:`dedup.language.fold`).
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation
from dataclasses import dataclass
from importlib import resources
from typing import Callable

from dedup.language import fold, fold_han, is_dense, is_hangul
from dedup.numerals import (EAST_ASIAN, arabic_number_words, east_asian_figures, english_figures, han_numeral, number_words,
                            with_values)
from dedup.stemming import arabic_article, light_stemmer, portuguese_singular

__all__ = ["WordRules", "rules_for", "has_stemmer", "tokens", "lower", "numbers", "dense_char_grams", "is_content_word", "TOKEN",
           "writes_decimal_comma", "groups_with_spaces", "multiplier", "MULTIPLIER_WORDS", "comma_below", "COMMA_BELOW",
           "one_form"]

# A word character: \w, plus the combining marks \w leaves out (Devanagari and other Indic vowel signs,
# Arabic and Hebrew points, Thai vowels), without which "प्रतिशत" falls apart into "प", "रत", "शत".
_W = "[\\w\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0dff\u0e31-\u0e3a\u0e47-\u0e4e\u1000-\u109f\u1780-\u17ff]"
TOKEN = re.compile(f"{_W}+(?:['’.,-]{_W}+)*")
_TOKEN = TOKEN
_DIGIT = re.compile(r"\d")
_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ed", "ies", "es", "ly", "s")
# runs of Han and kana, or of one of the spaceless abugidas (Thai, Lao, Burmese, Khmer: DENSE_CHAR's)
_DENSE_OR_NOT = re.compile("([\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3007]+|[\u0e01-\u0e4f]+|"
                           "[\u0e81-\u0ecf\u0edc-\u0edf]+|[\u1000-\u103f\u104c-\u108f\u109a-\u109f]+|"
                           "[\u1780-\u17d3\u17d7\u17dc\u17dd]+)")


def tokens(text: str) -> list[str]:
    """Lower-case word tokens ("U.S." stays one token, "11-day" too); used for verbatim/edited checks.

    >>> tokens("Reuters said 北京市 rose")
    ['reuters', 'said', '北京', '京市', 'rose']
    """
    text = one_form(fold(text))
    if "İ" in text:
        text = text.replace("İ", "i")  # as lower() reads it, one character for one
    found = [t.lower() for t in _TOKEN.findall(text)]
    if not is_dense(text):
        return found
    return [piece for token in found for piece in _pieces(token)]


#: A zero-width joiner or non-joiner right after a letter or sign of U+0800-U+0FFF (the Indic scripts, Sinhala,
#: Tibetan): part of the word, as :mod:`dedup.tokens` reads it (Sinhala "ශ්‍රී" is "ශ්රී" typed with one).
_INDIC_JOINER = re.compile("(?<=[\u0800-\u0fff])[\u200c\u200d]")
_CEDILLAS = re.compile("[şţŞŢ]")
#: An apostrophe inside a word typed as the modifier letter apostrophe (Ukrainian's and Belarusian's "ʼ", a
#: letter to Unicode): the straight one, as most copy types it. The curly one ("’", which a publishing system
#: gives the copy it takes) is read as written, as the compiled tokeniser reads it, and stemmed as the
#: straight one (:func:`_stem_straight`).
_APOSTROPHES = re.compile(r"(?<=\w)\u02bc(?=\w)")
#: Catalan's geminate l written with the middle dot ("instal·lació", "col·laboració"), which the tokens cut in two,
#: where a keyboard without it types a full stop ("instal.lació", one token): the full stop, one word either way.
_ELA_GEMINADA = re.compile("(?<=[lL])\u00b7(?=[lL])")


#: The euro sign, and a French desk's millions and billions of euros ("412 M€", "6,3 Md€", "2 Mds€"), not after a
#: letter: words, as a story writes them ("412 millions d'euros", "2,10 euros"): the plural, which French, Spanish
#: and Portuguese write after a figure (German, Italian and Dutch write "Euro", "euro": their stemmers keep the "s"
#: of "euros", so there the sign meets the word no more than it did).
_EURO = re.compile(r"(?<![^\W\d_])(M|Mds|Md)?€")
_EURO_WORDS = {None: " euros ", "M": " millions euros ", "Md": " milliards euros ", "Mds": " milliards euros "}


def _euro_words(found: re.Match[str]) -> str:
    return _EURO_WORDS[found.group(1)]


def one_form(text: str) -> str:
    """``text`` with the two ways of typing one word written one way, as the tokens' keys and the facts' keys
    read them: a joiner or non-joiner inside a word of an Indic script left out (a Sinhala conjunct is typed
    with a zero-width joiner or without, as the keyboard gives it), and the s and t with a cedilla written
    with the comma below (Romanian's letters, long typed with Turkish's cedilla forms: :data:`COMMA_BELOW`),
    an apostrophe inside a word typed as a letter ("абʼём") straight (:data:`_APOSTROPHES`), Catalan's
    "l·l" as "l.l" (:data:`_ELA_GEMINADA`), and the euro sign as the word ("2,10 €", "412 M€": :data:`_EURO`;
    a rewrite restating "412 millions d'euros" as "412 M€" had two content words fewer in its sentence and
    no link), and traditional Chinese characters as simplified ones where no kana tell Japanese
    (:func:`dedup.language.fold_han`: a story reprinted in Hong Kong shared no character pair with Xinhua's).
    In every language: no language writes both forms of s or t, or two
    apostrophes, as two letters, and a text's own words still meet (Turkish's "ş" is "ș" in both texts and
    in the stop words). Persian's non-joiner, after an Arabic letter, stays (it separates a word's parts).
    A text without any is returned as it is.

    >>> one_form("ශ්‍රී ලංකා") == "ශ්රී ලංකා", one_form("şi ţara"), one_form("می‌دهد") == "می‌دهد"
    (True, 'și țara', True)
    >>> one_form("абʼём"), one_form("la instal·lació"), one_form("Reuters’ report")
    ("аб'ём", 'la instal.lació', 'Reuters’ report')
    >>> one_form("412 M€, 6,3 Md€ et 2,10 €")
    '412  millions euros , 6,3  milliards euros  et 2,10  euros '
    """
    if text.isascii():
        return text
    if "\u200c" in text or "\u200d" in text:
        text = _INDIC_JOINER.sub("", text)
    if "\u02bc" in text:
        text = _APOSTROPHES.sub("'", text)
    if "\u00b7" in text:
        text = _ELA_GEMINADA.sub(".", text)
    if "€" in text:
        text = _EURO.sub(_euro_words, text)
    text = fold_han(text)
    return text.translate(COMMA_BELOW) if _CEDILLAS.search(text) else text


def lower(word: str) -> str:
    """``word`` lower-cased as :func:`tokens` lowers it: as ``str.lower`` does, but the dotted capital I of
    Turkish and Azeri ("İ") is "i", not "i" and a combining dot above, so that "İlk" and "ilk" are one word
    (:func:`dedup.wordkeys.lower_case`'s rule; the dotless "ı" of a capital "I" needs the language).

    >>> lower("İSTANBUL") == "istanbul", lower("Ünal")
    (True, 'ünal')
    """
    return word.lower() if "İ" not in word else word.replace("İ", "i").lower()


def _pieces(token: str) -> list[str]:
    """A token split into its dense-script runs (as character pairs) and the words between them."""
    out: list[str] = []
    for k, part in enumerate(_DENSE_OR_NOT.split(token)):
        if not part:
            continue
        if k % 2 == 0:  # between dense runs: a Latin name, a figure
            out.extend(w for w in _TOKEN.findall(part))
        elif len(part) == 1:
            out.append(part)
        else:
            out.extend(part[i : i + 2] for i in range(len(part) - 1))
    return out


def dense_char_grams(word: str, grams: Callable[[str], tuple[str, ...]]) -> tuple[str, ...]:
    """The character features of a whitespace-delimited ``word`` holding Chinese, Japanese or Thai: each
    character of a dense run on its own (a Han character is a morpheme, the unit that a paraphrase keeps,
    as sub-word n-grams are in spaced scripts), ``grams`` of the pieces between runs.

    Measured on the multilingual set's Chinese and Japanese rewrites: character cosine of rewritten
    sentences 0.38-0.91 with single characters, 0.11-0.45 with 3-grams; independent reports stay under
    0.2 either way.

    >>> dense_char_grams("在北京", lambda w: (w,))
    ('在', '北', '京')
    """
    out: list[str] = []
    for k, part in enumerate(_DENSE_OR_NOT.split(word)):
        if part:
            out.extend(part if k % 2 else grams(part))
    return tuple(out)


@functools.lru_cache(maxsize=200_000)
def _english_stem(word: str) -> str:
    """A crude stem: enough for "exercise"/"exercises", "strengthened"/"strengthen" to meet."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:7]


@functools.lru_cache(maxsize=200_000)
def is_content_word(word: str) -> bool:
    """Three letters or more and no digit (numbers are compared on their own); a pair of Chinese or
    Japanese characters, or two Hangul syllables, is a content word too.

    A Hangul syllable is written as one character but holds two or three letters (a consonant, a vowel
    and often a final consonant), so a word of two syllables is as long as an English word of four to
    six letters: most Korean nouns of news copy ("금리", "물가", "수출") have two, and a rewrite that writes
    one of them bare while its source gave it a particle ("물가가") lost it from the words compared.

    >>> is_content_word("물가"), is_content_word("금"), is_content_word("of"), is_content_word("北京")
    (True, False, False, True)
    """
    return _DIGIT.search(word) is None and (len(word) > 2 or (len(word) == 2 and (is_dense(word) or is_hangul(word))))


# Snowball's algorithm names by ISO 639-1 code (PyStemmer 3.x).
_SNOWBALL = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
    "nl": "dutch", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french", "de": "german",
    "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian",
    "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "nb": "norwegian", "fa": "persian", "pl": "polish",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "es": "spanish", "sv": "swedish",
    "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}
# Languages that capitalise every noun.
_NOUNS_CAPITALISED = frozenset({"de", "lb"})
# Languages that write 1.234,5 (a decimal comma) rather than 1,234.5.
_DECIMAL_COMMA = frozenset(
    "de fr es it pt ru uk pl cs sk sl hr sr bs mk bg ro tr nl da sv no nb fi et lv lt hu el id vi "
    "be is sq az eu ca kk".split()
)
#: Languages whose style books group a figure's thousands with a space ("17 745", "1 200 000"), not a full stop.
_SPACE_GROUPS = frozenset("fr ru uk be pl cs sk bg hu fi sv no nb nn lt lv et sl kk".split())
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_GROUPED = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+(?:[.,]\d+)*")
#: Other languages' words for a thousand, a million and a thousand millions after a figure ("1 200 miljoner",
#: "1,2 miljarder", "42.000 mio. kr.", "42 mia. kr.", "25,4 млрд."): words by their first letters and up to three
#: more (every case ending: "milionů", "milijuna", "миллиона"; not "millionnaires"), abbreviations whole, French
#: ones with the euro sign a desk writes on them ("412 M€", "6,3 Md€", "2 Mds€"; a bare "M" is as often metres);
#: Arabic's ("1,3 مليون", "40 ألف") and Hindi's lakh and crore ("1.3 लाख" is 130000, "करोड़" ten millions).
_MULTIPLIERS = {
    1_000: ("tusen tusind duizend tausend tuhat хиляд тысяч тисяч", "tys тыс тис tūkst ezer ألف آلاف الف الاف"),
    100_000: ("", "लाख"),
    1_000_000: ("miljon miljoen million millió milion milión milijon milijun miljoon millon millón milhão milhõe "
                "milljón milyon milioi миллион милион мільйон мільён مليون", "mio mln milj млн m€ ملايين"),
    10_000_000: ("", "करोड़ करो\u0921\u093c"),
    1_000_000_000: ("miljard milliard miliard miliárd milijard milliárd milljarð milyard миллиард милиард милијард "
                    "мільярд مليار", "mrd mld mia mlrd млрд md€ mds€ bilhão bilhões"),
}
#: :data:`_MULTIPLIERS` as a regular expression (to be matched ignoring case, and followed by no letter).
MULTIPLIER_WORDS = "|".join(
    [f"(?:{'|'.join(stems.split())})\\w{{0,3}}" for stems, _ in _MULTIPLIERS.values() if stems]
    + [f"(?:{'|'.join(words.split())})" for _, words in _MULTIPLIERS.values()])
_MULTIPLIED = re.compile(f"({_GROUPED.pattern})(?:\\s?((?i:{MULTIPLIER_WORDS}))(?!\\w))?")
#: :data:`_MULTIPLIERS` split once: each value with its stems and its whole words.
_MULTIPLIER_FORMS = tuple((value, tuple(stems.split()), frozenset(words.split()))
                          for value, (stems, words) in _MULTIPLIERS.items())


@dataclass(frozen=True)
class WordRules:
    """How the aligner reads the words of one language."""

    language: str | None
    stop_words: frozenset[str]
    stem: Callable[[str], str]

    #: whether the word features are stems too (not only the content words): in an inflected language a
    #: paraphrase changes the endings of most words ("ставку"/"ставка"), and unstemmed word cosines of
    #: rewritten Russian sentences fall below those of English ones. English keeps its surface words.
    stem_words: bool = False
    #: whether a capital mid-sentence marks a name: German capitalises every noun, so there a capital
    #: says nothing of a name (every noun of a rewrite would count as a name left out or changed)
    capitals_mark_names: bool = True

    def is_content(self, word: str) -> bool:
        return is_content_word(word) and word not in self.stop_words

    def words(self, tokens: list[str]) -> list[str]:
        """The word features of a sentence's tokens: stop words dropped (and stemmed, see ``stem_words``)."""
        kept = [t for t in tokens if t not in self.stop_words]
        return [self.stem(t) for t in kept] if self.stem_words else kept

    def numbers(self, text: str) -> set[str]:
        """The figures of ``text`` written one way whatever the locale: no thousands separator, a
        full stop before decimals ("1.200,5" in German and "1,200.5" in English both give "1200.5")."""
        return numbers(text, self.language)


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
    text = fold(text)
    if language in EAST_ASIAN:
        text = _east_asian_multiplied(text, language)
    if language in (None, "en"):  # as the compiled kernel reads them (plain_figures)
        found = {n.replace(",", "") for n in _NUMBER.findall(text)}
    elif language not in _DECIMAL_COMMA:
        found = _other_figures(text)
    else:  # "1 200 miljoner" and "1,2 miljarder" are one figure
        found = {_multiplied(_decimal_comma(n), word) for n, word in _MULTIPLIED.findall(text)}
    if language in ("zh", "ja"):
        found |= _han_numbers(text)
    if language == "ar":
        found |= {str(value) for _, _, value in arabic_number_words(text)}
    return found


#: A figure as a language that groups thousands with commas writes it, with a word for millions after it if any.
_MULTIPLIED_PLAIN = re.compile(f"(\\d+(?:[.,]\\d+)*)(?:\\s?((?i:{MULTIPLIER_WORDS}))(?!\\w))?")
_DECIMAL_AFTER_COMMA = re.compile(r"\d+,\d{1,2}")


def _other_figures(text: str) -> set[str]:
    """The figures of a language other than English that groups thousands with commas (Arabic, Hindi,
    Chinese): a comma before one or two digits, the figure's only separator, is a decimal comma (a Maghreb
    desk's "5,8" is the Mashreq's "5.8"; "1,200" and Indian "1,00,000" stay grouped thousands), and a word
    for millions after a figure multiplies it (:data:`MULTIPLIER_WORDS`).

    >>> sorted(_other_figures("5,8 و 1,200 و 1,3 مليون"))
    ['1200', '1300000', '5.8']
    """
    out = set()
    for number, word in _MULTIPLIED_PLAIN.findall(text):
        number = number.replace(",", ".") if _DECIMAL_AFTER_COMMA.fullmatch(number) else number.replace(",", "")
        out.add(_multiplied(number, word) if number.count(".") <= 1 else number)
    return out


def _east_asian_multiplied(text: str, language: str) -> str:
    """``text`` with each figure that takes a multiplier written as its value (:func:`dedup.numerals.east_asian_figures`)."""
    parts, at = [], 0
    for start, end, value in east_asian_figures(text, language):
        if not text[start:end].replace(",", "").replace(".", "").isdigit():
            parts += [text[at:start], value]
            at = end
    return "".join(parts) + text[at:] if parts else text


#: Digits run into letters after them ("2025ean", "3x", "G20"), or before them but for an Arabic one-letter
#: prefix ("و40", and forty): a code or a word's case ending, no figure (as figures read as written: a word
#: boundary each side).
_GLUED = re.compile(r"(?<=[^\W\d_])(?<![وبلفك])\d[\d.,]*|(?<![^\W\d_])\d[\d.,]*(?=[^\W\d_])")
_GLUED_DENSE = re.compile("\\d+(?=[年月日년월일])")  # a date's figures in Chinese, Japanese, Korean: "2025年", "3月28日"


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
        words = {value for _, _, value in number_words(text, language, multiplier)}
    text = (_GLUED_DENSE if language in EAST_ASIAN else _GLUED).sub(" ", text)
    return frozenset(_no_trailing_zeros(value) for value in numbers(text, language) | words if len(value) > 1)


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


def _han_numbers(text: str) -> set[str]:
    """Chinese numerals before a counter, as digits: "三天" -> "3", "二十五人" -> "25", "三万人" -> "30000"."""
    return {str(han_numeral(match.group(1))) for match in _HAN_NUMBER.finditer(text)}


def _english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, read from ``dedup/data/stop_words_en.txt`` (a copy: importing
    scikit-learn for them cost a second or more of every command's start)."""
    text = resources.files("dedup").joinpath("data", "stop_words_en.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


ENGLISH_STOP_WORDS = _english_stop_words()
_ENGLISH = WordRules(None, ENGLISH_STOP_WORDS, _english_stem)


@functools.lru_cache(maxsize=None)
def rules_for(language: str | None) -> WordRules:
    """The word rules of ``language`` (an ISO 639-1 code); English rules for ``"en"`` and None.

    >>> rules_for("ru").stem("ставку") == rules_for("ru").stem("ставка")
    True
    """
    if language in (None, "en"):
        return _ENGLISH
    return WordRules(language, _stop_words(language), _stemmer(language), stem_words=has_stemmer(language),
                     capitals_mark_names=language not in _NOUNS_CAPITALISED)


def has_stemmer(language: str | None) -> bool:
    """Whether ``language`` has a stemmer (its inflected forms can be brought together): a Snowball one,
    or a light one of :mod:`dedup.stemming` (Korean particles, Hebrew prefixes, a word's first letters).

    >>> has_stemmer("pl"), has_stemmer("ko"), has_stemmer("kk"), has_stemmer("th")
    (True, True, True, False)
    """
    return language in _SNOWBALL or light_stemmer(language) is not None


def _stop_words(language: str) -> frozenset[str]:
    import stopwordsiso

    if not stopwordsiso.has_lang(language):
        return _own_stop_words(language)
    # a list of dedup's own beside stopwords-iso's where that one is thin (Ukrainian's 73 words, Estonian's 35)
    more = _own_stop_words(language)
    # words of letters folded as the tokens are (Persian's ی and ک as Arabic's), so that a listed word meets
    # its tokens; not the lists' digits and marks (the Chinese and Korean ones list full-width digits, which
    # folded would drop every figure of one digit from the words)
    words = frozenset(folded if (folded := fold(w.lower())).isalpha() else w.lower()
                      for w in stopwordsiso.stopwords(language))
    if language in _ELIDED:
        words = _with_elisions(words, _ELIDED[language])
    words = words | _MORE_STOP_WORDS.get(language, frozenset()) | more
    if language == "fr":
        words = _with_inversions(words)
    # every language's words with the comma below too: the tokens write "ş" so (:func:`one_form`)
    words = words | frozenset(comma_below(w) for w in words)
    return _with_greek_accents(words) if language == "el" else words


#: Function words stopwords-iso's lists leave out: Portuguese contractions of a preposition with an article or
#: pronoun ("dum", "nele", "disso", "daquilo"; its list has "do", "no", "pelo", "dele" and "neste").
_MORE_STOP_WORDS = {"pt": frozenset("dum duma duns dumas nisso nisto disso disto daquilo naquilo nele nela neles "
                                    "nelas àquele àquela àquilo".split())}
#: French's subject pronouns after the verb ("a-t-il", "est-elle", "peut-on"): one token with their verb.
_FR_INVERSIONS = ("-t-il", "-t-elle", "-t-on", "-il", "-elle", "-on", "-ils", "-elles")


def _with_inversions(words: frozenset[str]) -> frozenset[str]:
    """French stop words with a subject pronoun after them, as a question or a quotation's tag writes them
    ("a-t-il dit", "est-il", "peut-on"): the tokens keep the verb and the pronoun as one word, which was no stop
    word, so "a-t-il" counted as a content word.

    >>> {"a-t-il", "est-elle", "peut-on"} <= _with_inversions(frozenset({"a", "est", "peut"}))
    True
    """
    return words | frozenset(w + after for w in words for after in _FR_INVERSIONS)


#: Romanian's s and t with a comma below ("ș", "ț") are also typed with a cedilla ("ş", "ţ"): its letters came
#: into Unicode late and its keyboards and fonts long gave the Turkish cedilla forms, so wire copy mixes both,
#: one text with the other, often inside one text. stopwords-iso's Romanian list is written with cedillas ("şi",
#: "deşi", "ţi") and text with commas, so the most frequent word of Romanian ("și", and) counted as content.
#: Romanian's s and t with a cedilla to the comma below, a table for ``str.translate``.
COMMA_BELOW = str.maketrans("şţŞŢ", "șțȘȚ")


def comma_below(word: str) -> str:
    """``word`` with Romanian's s and t with a cedilla written with the comma below, as Unicode spells them
    (one form for the two a Romanian text may type; the Snowball stemmer reads both alike already).

    >>> comma_below("aşa"), comma_below("Ţara"), comma_below("și")
    ('așa', 'Țara', 'și')
    """
    return word if word.isascii() else word.translate(COMMA_BELOW)


#: Languages stopwords-iso has no list for whose function words dedup lists itself (``dedup/data/stop_words_<code>.txt``):
#: Malayalam, whose particles and pronouns counted as content words, shared by any two texts of the language, and
#: Albanian, Icelandic, Belarusian, Azerbaijani and Mongolian, alike; and languages whose stopwords-iso list is
#: too thin to read news copy with (Ukrainian, 73 words without "його", "них", "через"; Estonian, 35 without
#: "ning", "ka", "selle"), whose own list is read beside it.
_OWN_STOP_WORDS = frozenset({"ml", "sq", "is", "be", "az", "mn", "uk", "et"})


def _own_stop_words(language: str) -> frozenset[str]:
    """The stop words dedup lists for ``language`` (:data:`_OWN_STOP_WORDS`), or none.

    >>> "ഒരു" in _own_stop_words("ml"), _own_stop_words("km")
    (True, frozenset())
    """
    if language not in _OWN_STOP_WORDS:
        return frozenset()
    text = resources.files("dedup").joinpath("data", f"stop_words_{language}.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


# The articles, prepositions and pronouns Italian, French and Catalan write elided, joined to the next word by an
# apostrophe ("dell'anno", "quest'anno", "qu'il", "l'on"): one token to the tokenizer.
_ELIDED = {
    "it": "l un dell all dall nell sull coll quest quell d c s m t v n anch com dov cos tutt".split(),
    "fr": "l d j m n s t c qu jusqu lorsqu puisqu quoiqu".split(),
    "ca": "l d s n m t".split(),
}


def _with_elisions(words: frozenset[str], elided: list[str]) -> frozenset[str]:
    """Stop words as Italian and French write them after an elided word ("quest'anno", "dell'altro",
    "qu'il"): the tokenizer keeps the two as one token, which was no stop word, and the Snowball stemmer
    drops what goes before the apostrophe, so the year of "quest'anno" counted as content where "anno"
    alone did not. Each word is added after each elided form, with either apostrophe.

    >>> {"quest'anno", "quest’anno"} <= _with_elisions(frozenset({"anno"}), ["quest"])
    True
    """
    return words | frozenset(f"{e}{mark}{w}" for w in words for e in elided for mark in ("'", "\u2019"))


# Greek's vowels and the same vowels with the tonos (the acute accent of the monotonic spelling).
_GREEK_TONOS = dict(zip("αεηιουω", "άέήίόύώ"))


def _with_greek_accents(words: frozenset[str]) -> frozenset[str]:
    """Greek stop words as news spells them too: the list writes most without their accent ("οτι",
    "εως"), news with it ("ότι", "έως"), so the most frequent words of Greek counted as content words.
    Each unaccented word is added with the tonos on each of its vowels in turn (a word of two syllables
    or more carries one); a form no text spells costs a set entry, nothing more.

    >>> {"ότι", "έως"} <= _with_greek_accents(frozenset({"οτι", "εως"}))
    True
    """
    out = set(words)
    for word in words:
        if any(c in _GREEK_TONOS.values() for c in word):
            continue
        out.update(word[:k] + _GREEK_TONOS[c] + word[k + 1:] for k, c in enumerate(word) if c in _GREEK_TONOS)
    return frozenset(out)


def _stemmer(language: str) -> Callable[[str], str]:
    light = light_stemmer(language)  # first: Turkish's prefixes replace Snowball's stemmer
    name = _SNOWBALL.get(language)
    if light is not None or name is None:
        return functools.lru_cache(maxsize=200_000)(functools.partial(_stem_straight, light)) if light else _unchanged
    import Stemmer

    stem = Stemmer.Stemmer(name).stemWord
    if language in _ELISION_STRIPPED:
        stem = functools.partial(_stem_after_elision, stem)
    if language == "pt":  # plurals Snowball's Portuguese stemmer leaves apart from their singulars
        stem = functools.partial(_stem_singular, stem)
    if language == "ar":  # "and the" written on a word, which Snowball's Arabic stemmer leaves on it
        stem = functools.partial(_stem_after_conjunction, stem)
    return functools.lru_cache(maxsize=200_000)(functools.partial(_stem_straight, stem))


def _stem_straight(stem: Callable[[str], str], word: str) -> str:
    """``stem`` of ``word`` with a curly apostrophe inside it read as the straight one: a publishing system
    curls the quotes of the copy it takes ("l’aéroport", "dell’anno", "об’єм"), and Snowball's French and
    Italian stemmers drop "l'" but not "l’", so a curled copy's words had other stems than its source's.

    >>> import Stemmer; s = Stemmer.Stemmer("french").stemWord
    >>> _stem_straight(s, "l’aéroport") == _stem_straight(s, "l'aéroport") == s("aéroport")
    True
    """
    return stem(word.replace("\u2019", "'") if "\u2019" in word else word)


#: Languages whose Snowball stemmer keeps an elided article, preposition or pronoun and its apostrophe on the
#: word ("l'aeroport", "d'aeroports", "s'acosta"), where Italian's and French's drop it: Catalan. The word after
#: the apostrophe is stemmed alone, so that "l'aeroport" meets "aeroport" (a rewrite writes "de l'aeroport" as
#: "l'aeroport", "aeroport" or "aeroports" by its own syntax).
_ELISION_STRIPPED = frozenset({"ca"})
_ELISION = re.compile(r"(?:l|d|s|n|m|t)['\u2019](?=\w)")


def _stem_after_elision(stem: Callable[[str], str], word: str) -> str:
    """``stem`` of ``word`` without the elided word before its apostrophe.

    >>> import Stemmer; s = Stemmer.Stemmer("catalan").stemWord
    >>> _stem_after_elision(s, "l'aeroport") == _stem_after_elision(s, "aeroport"), _stem_after_elision(s, "d'esgotar")
    (True, 'esgot')
    """
    match = _ELISION.match(word)
    return stem(word[match.end():] if match else word)


def _stem_singular(stem: Callable[[str], str], word: str) -> str:
    """``stem`` of ``word`` with a Portuguese plural ending read as the singular's
    (:func:`dedup.stemming.portuguese_singular`).

    >>> import Stemmer; s = Stemmer.Stemmer("portuguese").stemWord
    >>> _stem_singular(s, "finais") == _stem_singular(s, "final"), _stem_singular(s, "milhões") == s("milhão")
    (True, True)
    """
    return stem(portuguese_singular(word))


def _stem_after_conjunction(stem: Callable[[str], str], word: str) -> str:
    """``stem`` of ``word`` without the conjunction written on its article
    (:func:`dedup.stemming.arabic_article`).

    >>> import Stemmer; s = Stemmer.Stemmer("arabic").stemWord
    >>> _stem_after_conjunction(s, "والحكومة") == _stem_after_conjunction(s, "الحكومة") == s("بالحكومة")
    True
    """
    return stem(arabic_article(word))


def _unchanged(word: str) -> str:
    return word
