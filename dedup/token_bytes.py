"""Which bytes of a text's UTF-8 are parts of words, as the tokeniser (:func:`dedup.tokens.tokenize_chunk`) reads them.

Pure functions over a chunk's bytes (a numpy array of uint8) and the positions of its lead bytes from 0xD8 on
(``high``): the bytes a word may hold (ASCII letters and digits, every non-ASCII byte), the typographic punctuation
and CJK symbols that separate words all the same, the characters of the scripts written without spaces (read as
character pairs), the zero-width joiners typed inside Indic words, and the katakana that mark foreign names in
Japanese. Byte arithmetic and comparisons, no lookup table per byte.
"""

from __future__ import annotations

import numpy as np

__all__ = ["word_bytes", "unmark_punctuation", "joiners_in_words", "dense_chars", "unmark_symbols", "katakana"]

_B = np.uint8  # byte constants: comparisons of uint8 arrays with them stay uint8 (SIMD, no gathers)


def word_bytes(raw: np.ndarray) -> np.ndarray:
    """Bytes that can be part of a word: ASCII letters and digits, and every non-ASCII byte
    (non-ASCII letters; typographic punctuation is unmarked separately). Byte arithmetic instead of a
    256-entry lookup table: a gather per byte cost twice as much."""
    word = ((raw | _B(0x20)) - _B(ord("a"))) < _B(26)
    word |= (raw - _B(ord("0"))) < _B(10)
    word |= raw >= _B(128)
    return word


def unmark_punctuation(raw: np.ndarray, word: np.ndarray, e2: np.ndarray) -> None:
    """Typographic punctuation is multi-byte UTF-8: make its bytes separators, not word bytes.

    Covers U+2000-U+207F (curly quotes, dashes, ellipsis, thin spaces; ``e2`` holds the positions of
    the 0xE2 bytes that open them) and U+00A0-U+00BF (no-break space, guillemets, currency signs, fractions).
    """
    e2 = e2[e2 < len(raw) - 2]
    if len(e2):
        e2 = e2[(raw[e2 + 1] == 0x80) | (raw[e2 + 1] == 0x81)]
        for k in range(3):
            word[e2 + k] = False
    c2 = np.flatnonzero(raw[:-1] == 0xC2)
    if len(c2):
        c2 = c2[raw[c2 + 1] >= 0xA0]
        word[c2] = False
        word[c2 + 1] = False


def joiners_in_words(raw: np.ndarray, word: np.ndarray, high: np.ndarray) -> np.ndarray | None:
    """The bytes of the zero-width joiners and non-joiners (U+200D, U+200C) written inside a word of an Indic
    script, made word bytes (``word`` is changed), or None where there are none. An Indic script writes them
    after a virama to choose a conjunct's form (Sinhala "ශ්‍රී", "ප්‍රතිපත්ති"; Malayalam's old chillus), and some
    keyboards type the word without them: as typographic punctuation they cut "ශ්‍රී" into "ශ්" and "රී", which
    never met "ශ්රී" typed without. A joiner right after a letter or sign of U+0800-U+0FFF (three bytes, lead
    0xE0: the Indic scripts, Sinhala, Tibetan) that is a word byte joins it; the token's hash leaves it out
    (:func:`dedup.tokens._hash_without`), so the two typings are one word. Such text always takes the numpy way (the
    compiled tokeniser leaves lead bytes from 0xD8 on to it), so both ways read every text alike."""
    lead = high[(high >= 3) & (high < len(raw) - 2)]
    lead = lead[(raw[lead] == 0xE2) & (raw[lead + 1] == 0x80) & ((raw[lead + 2] == 0x8D) | (raw[lead + 2] == 0x8C))]
    if not len(lead):
        return None
    lead = lead[(raw[lead - 3] == 0xE0) & word[lead - 1]]
    if not len(lead):
        return None
    for k in range(3):
        word[lead + k] = True
    return lead


def dense_chars(raw: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Byte positions of the characters of dense scripts (all three bytes long in UTF-8): kana
    (U+3041-U+30FF), Han (U+3400-U+9FFF, U+F900-U+FAFF), the iteration mark 々 and 〇, and the letters and
    signs of Thai, Lao, Burmese and Khmer (:data:`dedup.language.DENSE_CHAR`; their digits and stops are
    folded before)."""
    lead = high[high < len(raw) - 2]
    b0, b1, b2 = raw[lead], raw[lead + 1], raw[lead + 2]
    cjk = (b0 >= 0xE4) & (b0 <= 0xE9)
    cjk |= (b0 == 0xE3) & (((b1 >= 0x81) & (b1 <= 0x83)) | (b1 >= 0x90) | ((b1 == 0x80) & ((b2 == 0x85) | (b2 == 0x87))))
    cjk |= (b0 == 0xEF) & (b1 >= 0xA4) & (b1 <= 0xAB)
    thai = (b0 == 0xE0) & (((b1 == 0xB8) & (b2 >= 0x81)) | ((b1 == 0xB9) & ((b2 <= 0x8F) | (b2 == 0x9A) | (b2 == 0x9B))))
    lao = (b0 == 0xE0) & (((b1 == 0xBA) & (b2 >= 0x81)) | ((b1 == 0xBB) & ((b2 <= 0x8F) | (b2 >= 0x9C) & (b2 <= 0x9F))))
    # Burmese U+1000-U+103F, U+104C-U+108F, U+109A-U+109F; Khmer U+1780-U+17D3, U+17D7, U+17DC, U+17DD
    burmese = (b0 == 0xE1) & ((b1 == 0x80) | ((b1 == 0x81) & (b2 >= 0x8C)) | ((b1 == 0x82) & ((b2 <= 0x8F) | (b2 >= 0x9A))))
    khmer = (b0 == 0xE1) & ((b1 == 0x9E) | ((b1 == 0x9F) & ((b2 <= 0x93) | (b2 == 0x97) | (b2 == 0x9C) | (b2 == 0x9D))))
    return lead[cjk | thai | lao | burmese | khmer]


def unmark_symbols(raw: np.ndarray, word: np.ndarray, high: np.ndarray) -> None:
    """CJK symbols and punctuation left after folding (U+3000-U+303F: marks, brackets) separate words."""
    lead = high[high < len(raw) - 2]
    e3 = lead[(raw[lead] == 0xE3) & (raw[lead + 1] == 0x80)]
    for k in range(3):
        word[e3 + k] = False


def katakana(raw: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Character pairs (or lone characters) all in katakana: Japanese writes foreign names in it
    ("ナビウリナ", "トヨタ"), as it writes loanwords; the nearest a caseless script comes to a capital."""
    out = np.zeros(len(starts), dtype=bool)
    pick = np.flatnonzero((raw[starts] == 0xE3) & ((ends - starts == 3) | (ends - starts == 6)))
    if not len(pick):
        return out

    def kana(at: np.ndarray) -> np.ndarray:
        b0, b1, b2 = raw[at], raw[at + 1], raw[at + 2]
        return (b0 == 0xE3) & (((b1 == 0x82) & (b2 >= 0xA1)) | ((b1 == 0x83) & ((b2 <= 0xBA) | (b2 == 0xBC))))

    first = kana(starts[pick])
    pair = ends[pick] - starts[pick] == 6
    second = np.ones(len(pick), dtype=bool)
    second[pair] = kana(starts[pick][pair] + 3)
    out[pick] = first & second
    return out
