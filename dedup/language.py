"""Languages and scripts: which language an article is in, and what counts as a word in its script.

Wire copy comes in many languages, and three things depend on the script rather than on the words:

* **Dense scripts** (Chinese, Japanese, and the abugidas of South-East Asia: Thai, Lao, Khmer, Burmese)
  write no spaces between words (Khmer and Burmese put one between phrases). dedup reads them as
  overlapping character pairs (the usual unit for CJK retrieval, and no dictionary to ship), and counts
  their length so that a minimum means about the same amount of text in every script: a Chinese or
  Japanese word is about 1.5 characters on average, a Thai, Lao, Khmer or Burmese word about 4.
* **Folded characters**: full-width forms, Arabic-Indic, Devanagari and other decimal digits, and the
  punctuation of those scripts (。、「」، ؟ । ։ ። ။ ។) stand for the same thing as their ASCII forms, and Persian's
  ی and ک for Arabic's ي and ك. :data:`FOLD` maps each to one character, so folding a text never moves a
  character offset.
* **The language**, when the input does not name it, is detected by py3langid (chosen by measurement:
  see the README): only where an answer depends on it (the aligner's stop words and stems, the reports),
  so a scan of English copy does not pay for it; what shows a language in a sample of plain ASCII
  letters, before the model is asked, is :mod:`dedup.language_signs`.
"""

from __future__ import annotations

import functools
import re
import sys
from typing import Any

from dedup.language_signs import (SAMPLE_CHARS, SCRIPT_CODES, SCRIPT_LANGUAGES, chuvash_letters, hawaiian_letters,
                                  inuktitut_letters, kalaallisut_letters, kazakh_latin_letters, looks_english, needs_model,
                                  own_script, sakha_letters, sindhi_letters, sorani_letters, thaana_letters,
                                  tigrinya_letters, yiddish_letters)

__all__ = [
    "FOLD",
    "FOLDED_LOW",
    "LOOKALIKES",
    "fold_palochka",
    "DIGIT_FOLD",
    "DIGIT_ZEROS",
    "fold",
    "fold_han",
    "HAN_SIMPLIFIED",
    "fold_digits",
    "is_dense",
    "count_words",
    "word_share",
    "normalize_language",
    "detect_language",
    "language_of",
    "direction",
    "DENSE_CHARS_PER_WORD",
    "DENSE_CHAR",
    "HANGUL",
    "CJK",
    "has_hangul",
    "is_hangul",
]

#: Characters of a dense script per word of text, for length minimums (Chinese and Japanese words
#: average about 1.5 characters; Thai words about 4, and Lao, Khmer and Burmese ones are counted as Thai).
DENSE_CHARS_PER_WORD = {"cjk": 1.5, "thai": 4.0}

#: Kana and Han (a regular-expression range; not Hangul: Korean is spaced).
CJK = "\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: Letters, vowel signs and word-internal marks of the abugidas written without spaces between words:
#: Thai, Lao, Burmese, Khmer. Not their digits (folded to ASCII) nor their stops and commas (folded too).
_THAI = ("\u0e01-\u0e4f\u0e5a\u0e5b"  # Thai
         "\u0e81-\u0ecf\u0edc-\u0edf"  # Lao
         "\u1000-\u103f\u104c-\u108f\u109a-\u109f"  # Burmese (Myanmar), and the letters of Shan and Mon
         "\u1780-\u17d3\u17d7\u17dc\u17dd")  # Khmer
#: A regular-expression class matching one character of a dense script.
DENSE_CHAR = f"[{CJK}{_THAI}]"
_DENSE = re.compile(DENSE_CHAR)
_DENSE_CJK = re.compile(f"[{CJK}]")
#: The Hangul syllables (a regular-expression range): Korean is spaced, and each of its characters is a
#: syllable of two or three letters.
HANGUL = "\uac00-\ud7a3"
_HANGUL = re.compile(f"[{HANGUL}]")
_HANGUL_ONLY = re.compile(f"[{HANGUL}]+")
_DENSE_THAI = re.compile(f"[{_THAI}]")
_DENSE_RUN = re.compile(f"[{CJK}{_THAI}]+")


#: The zero of every run of decimal digits Unicode (14.0) holds but ASCII's: Arabic-Indic, N'Ko, the Indic scripts',
#: Thai, Lao, Tibetan, Burmese, Khmer, Mongolian, and (since the sixty-third round, when Santali copy in Ol Chiki showed
#: its figures unread and a decimal point between its digits cut a sentence) Limbu, New Tai Lue, Tai Tham, Balinese,
#: Sundanese, Lepcha, Ol Chiki, Vai, Saurashtra, Kayah Li, Javanese, Cham, Meetei Mayek, the full-width forms and
#: the scripts beyond the first plane (Osmanya, Adlam ...).
DIGIT_ZEROS = (0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6,
               0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0,
               0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30,
               0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0,
               0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC,
               0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0)


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for zero in DIGIT_ZEROS:
        for k in range(10):
            table[zero + k] = str(k)
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII
        table[code] = chr(code - 0xFEE0)
    table.update({
        0x3000: " ", 0x3001: ",", 0x3002: ".", 0xFF61: ".", 0xFF64: ",", 0x30FB: " ",
        0x300C: '"', 0x300D: '"', 0x300E: '"', 0x300F: '"', 0x300A: '"', 0x300B: '"', 0x3008: '"', 0x3009: '"',
        0x3010: "[", 0x3011: "]", 0x3014: "(", 0x3015: ")", 0x301C: "~",
        0x060C: ",", 0x061B: ";", 0x061F: "?", 0x066A: "%", 0x066B: ".", 0x066C: ",", 0x06D4: ".",
        0x0964: ".", 0x0965: ".", 0x05BE: "-", 0x05C3: ".",
        # the stops and commas of Armenian, Ethiopic, Burmese and Khmer: written at a word's end with no space
        # before them ("տոկոս։", "ገልጸዋል።", "ဖြစ်သည်။", "ភាគរយ។"), they were read as letters of that word
        0x0589: ".", 0x055D: ",", 0x1361: " ", 0x1362: ".", 0x1363: ",", 0x1364: ";", 0x1365: ":", 0x1367: "?",
        0x104A: ",", 0x104B: ".", 0x17D4: ".", 0x17D5: ".", 0x17D6: ":",
        # Tibetan's tsheg (and its non-breaking form) ends every syllable, and a shad a clause: written with no
        # space, they left a Tibetan clause one token of forty syllables; the tsheg is a space, as Ethiopic's
        # word space is, and the shads stops
        0x0F0B: " ", 0x0F0C: " ", 0x0F0D: ".", 0x0F0E: ".",
        # Ol Chiki's mucaad and double mucaad and Meetei Mayek's cheikhei, stops written at a word's end as
        # Ethiopic's are
        0x1C7E: ".", 0x1C7F: ".", 0xABEB: ".",
    })
    # Persian's yeh and keheh (ی, ک) as Arabic's (ي, ك): one letter each, written with either code by
    # Persian keyboards and Arabic ones, so that "کریمی" typed on either is one word. The Persian Snowball
    # stemmer reads both alike already; Arabic text keeps its letters.
    table.update({0x06CC: "\u064a", 0x06A9: "\u0643"})
    # Pashto's gaf with a ring (ګ) as the gaf of Persian and Urdu (گ): Pashto spells /g/ with the ring, and
    # its copy typed on a Persian keyboard (as much of it is) without: "سوداګرۍ" and "سوداگرۍ" are one word.
    # No other language writes the two as two letters.
    table[0x06AB] = "\u06af"
    return table


def _han_simplified() -> dict[int, str]:
    """The traditional Chinese characters (and Hong Kong's and Taiwan's forms of them) that OpenCC writes as one
    simplified character, read from ``dedup/data/han_traditional.txt`` (derived from OpenCC's tables, Apache
    License 2.0: the file's header says which entries): one character for one, so folding keeps every offset."""
    from importlib import resources

    lines = [line for line in resources.files("dedup").joinpath("data", "han_traditional.txt").read_text(
        encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return {ord(t): s for t, s in zip(lines[0], lines[1], strict=True)}


#: Traditional Chinese characters as simplified ones (:func:`fold_han`).
HAN_SIMPLIFIED: dict[int, str] = _han_simplified()
_TRADITIONAL = re.compile("[" + "".join(chr(c) for c in sorted(HAN_SIMPLIFIED)) + "]")
_KANA = re.compile("[\u3041-\u30ff]")


def fold_han(text: str) -> str:
    """``text`` with its traditional Chinese characters written as simplified ones (:data:`HAN_SIMPLIFIED`), unless
    it holds kana; same length. A Xinhua story reprinted in Hong Kong or Taiwan is converted character for
    character, and shared no character pair with its source. Kana tell Japanese, whose kanji are left as
    written: Japanese copy reads as before, and a Japanese text and a Chinese one are no more alike than they were.

    >>> fold_han("新華社北京12月7日電"), fold_han("東京株式市場は"), fold_han("Reuters")
    ('新华社北京12月7日电', '東京株式市場は', 'Reuters')
    """
    if text.isascii() or _TRADITIONAL.search(text) is None or _KANA.search(text) is not None:
        return text
    return text.translate(HAN_SIMPLIFIED)


#: One character for each folded character (so folding keeps every offset): ASCII, or for Persian's two
#: letters of their own the Arabic letters they stand for (and Pashto's ګ the گ it is typed as).
FOLD: dict[int, str] = _fold_table()
_FOLDED = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(FOLD)) + "]")
#: The folded characters UTF-8 writes with a lead byte under 0xD8 (Hebrew's maqaf and sof pasuq, Armenian's
#: full stop and comma): the tokenizer's test for characters to fold looks at lead bytes from 0xD8 on, and
#: looks for these by name.
FOLDED_LOW = "".join(chr(c) for c in sorted(FOLD) if 0x80 <= c < 0x600)


#: Digits of every script as ASCII, and the Arabic decimal and thousands separators as "." and ",": the
#: part of :data:`FOLD` that reading figures needs, leaving letters and the other punctuation as written.
DIGIT_FOLD: dict[int, str] = {c: t for c, t in FOLD.items() if chr(c).isdecimal() or c in (0x066B, 0x066C)}
_DIGITS_TO_FOLD = re.compile("[" + "".join(chr(c) for c in sorted(DIGIT_FOLD)) + "]")


def fold_digits(text: str) -> str:
    """``text`` with the digits of every script in ASCII (and the Arabic decimal separator), same length.

    >>> fold_digits("২০২৪ সালে ৯.২ শতাংশ، ٣٫٥")
    '2024 সালে 9.2 শতাংশ، 3.5'
    """
    if text.isascii() or _DIGITS_TO_FOLD.search(text) is None:
        return text
    return text.translate(DIGIT_FOLD)


def fold(text: str) -> str:
    """``text`` with digits, full-width forms and CJK/Arabic/Devanagari punctuation in ASCII, and Persian's
    yeh and keheh as Arabic's; same length.

    >>> fold("营收１２亿元。٣٥ ११")
    '营收12亿元.35 11'
    """
    if text.isascii():
        return text
    if _has_lookalike(text):
        text = fold_palochka(text)
    if _FOLDED.search(text) is None:
        return text
    return text.translate(FOLD)


def fold_palochka(text: str) -> str:
    """``text`` with each Latin letter that stands for a Cyrillic one inside a Cyrillic word read as that letter,
    same length: the capital I touching a Cyrillic letter as the palochka (``Ӏ``), and Chuvash's ``ă``, ``ĕ``, ``ç``,
    ``ÿ`` as ``ӑ``, ``ӗ``, ``ҫ``, ``ӳ``. The Caucasian languages written in Cyrillic (Chechen, Ingush, Avar, Lezgian,
    Kabardian ...) spell with the palochka, and Chuvash with its four letters, which no keyboard layout of theirs held
    for years: much of their copy is typed with the Latin letters in their place (``кIошт`` for ``кӀошт``,
    ``çулталăк`` for ``ҫулталӑк``), one desk's word another's in other letters. No Cyrillic word holds a Latin letter
    otherwise, and a Latin word keeps its letters (the Cyrillic must touch them: Romanian's ``ă`` stays).

    >>> fold_palochka("Шелковски кIоштахь, Iалашдеш; World War I, IT-компания; çулталăк, până")
    'Шелковски кӀоштахь, Ӏалашдеш; World War I, IT-компания; ҫулталӑк, până'
    """
    chars = None  # a list only where a letter is read otherwise: most texts holding an I hold no Cyrillic
    for found in _LOOKALIKE.finditer(text):
        at = found.start()
        if (at and _cyrillic(text[at - 1])) or (at + 1 < len(text) and _cyrillic(text[at + 1])):
            chars = list(text) if chars is None else chars
            chars[at] = _CYRILLIC_FOR[text[at]]
    return text if chars is None else "".join(chars)


#: The Latin letters typed for Cyrillic ones (:func:`fold_palochka`), and the Cyrillic letters they stand for.
_CYRILLIC_FOR = dict(zip("IăĕçÿĂĔÇŸ", "\u04c0\u04d1\u04d7\u04ab\u04f3\u04d0\u04d6\u04aa\u04f2"))
_LOOKALIKE = re.compile("[" + "".join(_CYRILLIC_FOR) + "]")
#: Characters whose presence makes a text worth reading with :func:`fold_palochka`.
LOOKALIKES = "".join(_CYRILLIC_FOR)


def _has_lookalike(text: str) -> bool:
    # nine substring tests: three times faster than a regular expression's class or a loop over the letters
    return ("I" in text or "ă" in text or "ĕ" in text or "ç" in text or "ÿ" in text or "Ă" in text or "Ĕ" in text
            or "Ç" in text or "Ÿ" in text)


def _cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff"


def is_dense(text: str) -> bool:
    """True when ``text`` holds a character of a script written without spaces (CJK, Thai)."""
    return not text.isascii() and _DENSE.search(text) is not None


def has_hangul(text: str) -> bool:
    """True when ``text`` holds a Hangul syllable."""
    return not text.isascii() and _HANGUL.search(text) is not None


def is_hangul(text: str) -> bool:
    """True when ``text`` is Hangul syllables only (and not empty).

    >>> is_hangul("물가"), is_hangul("3월"), has_hangul("3월"), is_hangul("")
    (True, False, True, False)
    """
    return _HANGUL_ONLY.fullmatch(text) is not None


def count_words(text: str, most: int | None = None) -> int:
    """Words of text, comparable across scripts: whitespace-separated words, with runs of Chinese,
    Japanese or Thai characters counted as characters per word (:data:`DENSE_CHARS_PER_WORD`). With
    ``most``, a text of spaced words is counted up to ``most + 1`` only (enough to compare with a minimum
    of ``most``; splitting a whole text was a tenth of reading a corpus).

    >>> count_words("Shares rose 5% on Monday."), count_words("Shares rose 5% on Monday.", most=3)
    (5, 4)
    >>> count_words("北京市政府今天宣布新的交通规划")
    10
    """
    if not is_dense(text):  # a minimum past what a string can hold (--min-words 10**20) counts every word
        return len(text.split(None, -1 if most is None or most >= sys.maxsize else most))
    cjk = len(_DENSE_CJK.findall(text))
    thai = len(_DENSE_THAI.findall(text))
    rest = len(_DENSE_RUN.sub(" ", fold(text)).split())
    return rest + round(cjk / DENSE_CHARS_PER_WORD["cjk"] + thai / DENSE_CHARS_PER_WORD["thai"])


def word_share(text: str, at: int) -> float:
    """How much of a word a token of ``text`` opening at ``at`` stands for: a character pair of a dense
    script the share :data:`DENSE_CHARS_PER_WORD` gives (Chinese and Japanese 1/1.5, Thai 1/4), as
    :func:`count_words` counts them; any other token one word.

    >>> word_share("北京市", 0), word_share("ธนาคาร", 0), word_share("Bank 北京", 0)
    (0.6666666666666666, 0.25, 1.0)
    """
    if _DENSE_THAI.match(text, at):
        return 1 / DENSE_CHARS_PER_WORD["thai"]
    if _DENSE_CJK.match(text, at):
        return 1 / DENSE_CHARS_PER_WORD["cjk"]
    return 1.0


_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")
# Codes py3langid and common inputs use for what dedup treats as one language.
_ALIASES = {"zho": "zh", "chi": "zh", "cmn": "zh", "wuu": "zh", "yue": "zh", "jpn": "ja", "ara": "ar",
            "rus": "ru", "spa": "es", "hin": "hi", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de",
            "por": "pt", "tur": "tr", "kor": "ko", "eng": "en", "heb": "he", "iw": "he", "tha": "th",
            "ind": "id", "in": "id", "vie": "vi", "ell": "el", "gre": "el", "fas": "fa", "per": "fa", "pes": "fa",
            "pol": "pl", "ukr": "uk", "ita": "it"}


def normalize_language(tag: Any) -> str | None:
    """The primary language subtag of a BCP 47 / ISO 639 tag, lower case; None when it is not one.

    >>> normalize_language("zh-Hans-CN"), normalize_language("EN_us"), normalize_language("??")
    ('zh', 'en', None)
    """
    if not isinstance(tag, str):
        return None
    match = _TAG.match(tag.strip())
    if match is None:
        return None
    code = match.group(1).lower()
    return _ALIASES.get(code, code)


#: Below this normalised probability the detector's answer is not used (tables of figures, a line of
#: names): the article is read with the default, English, rules.
MIN_CONFIDENCE = 0.5


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    # loaded on first use: decompressing the model takes about 1 s, which a scan of copy whose
    # language is given, or whose pairs are few, should not pay
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    # Only languages with an ISO 639-1 code: the model's others (Nigerian Pidgin, Volapük, Wu ...) took
    # tables of English figures and short Chinese leads for their own
    identifier.set_languages([code for code in identifier.nb_classes if len(code) == 2])
    return identifier


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in, or None when unsure.

    Only the first :data:`dedup.language_signs.SAMPLE_CHARS` characters are read.

    >>> detect_language("Центральный банк России сохранил ключевую ставку на уровне 16% годовых.")
    'ru'
    """
    return _detect(text[:SAMPLE_CHARS])


@functools.lru_cache(maxsize=65_536)  # keyed on the sample, not the article: bounded memory
def _detect(sample: str) -> str | None:
    if not sample.strip():
        return None
    if looks_english(sample):
        return "en"
    if kalaallisut_letters(sample):  # often typed in plain ASCII: before the gate that keeps such text from the model
        return "kl"
    if not needs_model(sample):
        return None
    if thaana_letters(sample):
        return "dv"
    if sindhi_letters(sample):
        return "sd"
    if sorani_letters(sample):
        return "ckb"
    if chuvash_letters(sample):
        return "cv"
    if sakha_letters(sample):
        return "sah"
    if hawaiian_letters(sample):
        return "haw"
    script = own_script(sample)
    if script is not None:
        return _script_language(sample, script)
    code, probability = _identifier().classify(sample)
    if (probability < MIN_CONFIDENCE or code in _TURKIC_LATIN) and kazakh_latin_letters(sample):
        return "kk"
    if probability < MIN_CONFIDENCE or code == "zxx":
        return None
    return _ALIASES.get(code, code)


def _script_language(sample: str, script: str) -> str | None:
    # a script's own letters before a neighbour's profile: the model's answer only among the script's languages
    if script == "HEBREW" and yiddish_letters(sample):
        return "yi"
    if script == "CANADIAN SYLLABICS" and inuktitut_letters(sample):
        return "iu"
    if script == "ETHIOPIC" and tigrinya_letters(sample):
        return "ti"
    languages = SCRIPT_LANGUAGES[script]
    if not languages:  # no language of the script known: named as its script, not as another's language
        return SCRIPT_CODES[script]
    if len(languages) == 1:
        return languages[0]
    code, probability = _identifier().classify(sample)
    if code not in languages:  # another script's language: the script's first
        return languages[0]
    return code if probability >= MIN_CONFIDENCE else None


#: The Turkic languages the model knows in Latin letters, which it takes Kazakh in its Latin alphabet (2021) for: it
#: was trained on Kazakh in Cyrillic only (a Latin Kazakh story read as Turkmen at 0.99, its rewrite as Turkmen,
#: Turkish or Azerbaijani under the confidence asked).
_TURKIC_LATIN = frozenset({"tk", "tr", "az", "uz", "tt", "ky", "ba", "crh"})
def language_of(document: Any) -> str | None:
    """The language an article is in: the one its input names, else the detected one (or None)."""
    given = getattr(document, "language", None)
    return given if given is not None else detect_language(document.text)


_RTL = frozenset({"ar", "he", "fa", "ur", "ps", "yi", "ug", "dv", "ku", "ckb", "sd", "syrc", "nkoo", "adlm"})


def direction(language: str | None) -> str:
    """``"rtl"`` for languages written right to left, else ``"auto"`` (the browser looks at the text)."""
    return "rtl" if language in _RTL else "auto"
