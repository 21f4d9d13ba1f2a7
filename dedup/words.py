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
from dataclasses import dataclass
from typing import Callable

from dedup.figures import numbers
from dedup.language import fold, fold_han, is_dense, is_hangul
from dedup.stemmers import english_stem, has_stemmer, stemmer
from dedup.stop_words import COMMA_BELOW, ENGLISH_STOP_WORDS, stop_words

__all__ = ["WordRules", "rules_for", "tokens", "lower", "dense_char_grams", "is_content_word", "TOKEN", "one_form"]

# A word character: \w, plus the combining marks \w leaves out (Devanagari and other Indic vowel signs,
# Arabic and Hebrew points, Thai vowels, Thaana's vowels, Tibetan's vowels and subjoined letters), without which
# "प्रतिशत" falls apart into "प", "रत", "शत", and Dhivehi's "ފަތުރުވެރިން" into its five consonants.
_W = ("[\\w\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u07a6-\u07b0\u0900-\u0dff"
      "\u0e31-\u0e3a\u0e47-\u0e4e\u0f35\u0f37\u0f39\u0f71-\u0f84\u0f86\u0f87\u0f8d-\u0fbc\u1000-\u109f\u1780-\u17ff]")
TOKEN = re.compile(f"{_W}+(?:['’.,-]{_W}+)*")
_TOKEN = TOKEN
_DIGIT = re.compile(r"\d")
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


# Languages that capitalise every noun.
_NOUNS_CAPITALISED = frozenset({"de", "lb"})


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


_ENGLISH = WordRules(None, ENGLISH_STOP_WORDS, english_stem)


@functools.lru_cache(maxsize=None)
def rules_for(language: str | None) -> WordRules:
    """The word rules of ``language`` (an ISO 639-1 code); English rules for ``"en"`` and None.

    >>> rules_for("ru").stem("ставку") == rules_for("ru").stem("ставка")
    True
    """
    if language in (None, "en"):
        return _ENGLISH
    return WordRules(language, stop_words(language), stemmer(language), stem_words=has_stemmer(language),
                     capitals_mark_names=language not in _NOUNS_CAPITALISED)
