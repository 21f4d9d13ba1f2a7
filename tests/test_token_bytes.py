"""dedup.token_bytes: which bytes are parts of words: letters and digits, not punctuation; the characters of dense
scripts (read as character pairs); the joiners typed inside an Indic word."""

from __future__ import annotations

import numpy as np
import pytest

from dedup.token_bytes import dense_chars, unmark_punctuation, word_bytes
from dedup.tokens import tokenize_chunk


def _raw(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def test_letters_digits_and_non_ascii_bytes_are_word_bytes_typographic_punctuation_is_not() -> None:
    raw = _raw("Ab9, é“x”")
    word = word_bytes(raw)
    # A b 9 , space, the two bytes of é, the three of each curly quote around x
    assert word.astype(int).tolist() == [1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    unmark_punctuation(raw, word, np.flatnonzero(raw == 0xE2))
    assert word.astype(int).tolist() == [1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0]


def test_dense_characters_are_found_by_their_lead_bytes() -> None:
    raw = _raw("a北京 Bank ไทย")
    at = dense_chars(raw, np.flatnonzero(raw >= 0xD8))
    assert at.tolist() == [1, 4, 13, 16, 19]


@pytest.mark.parametrize("text", ["ធនាគារជាតិនៃកម្ពុជា", "ဗဟိုဘဏ်သည်", "ທະນາຄານແຫ່ງຊາດ"], ids=["khmer", "burmese", "lao"])
def test_khmer_burmese_and_lao_are_read_as_character_pairs(text: str) -> None:
    """Written without spaces between words, as Thai is: a phrase was one token, so that a copy that
    changed one word of it shared none of the phrase."""
    batch = tokenize_chunk([text])
    words = [text[s:e] for s, e in zip(*batch.doc_spans(0))]
    assert words == [text[i:i + 2] for i in range(len(text) - 1)]


@pytest.mark.parametrize("text", [
    "ශ්‍රී ලංකා මහ බැංකුව ප්‍රතිපත්ති පොලී අනුපාත නොවෙනස්ව තබා ගැනීමට තීරණය කළේය.",  # Sinhala conjuncts, ZWJ
    "उन्होंने क्‍या कहा, यह स्पष्ट नहीं है।",  # Hindi, ZWJ after a virama
    "അവന്‍ പറഞ്ഞു, കണ്‍ട്രോള്‍ റൂം തുറന്നു.",  # Malayalam's old chillus, ZWJ
    "कार्‌यालय बंद रहेगा।",  # a zero-width non-joiner after a virama
], ids=["sinhala", "hindi", "malayalam", "non-joiner"])
def test_a_joiner_inside_an_indic_word_is_no_letter_and_cuts_no_word(text: str) -> None:
    # typed with the joiner or without (some keyboards), one word and one hash; the joiner stays in its span
    bare = text.replace("\u200d", "").replace("\u200c", "")
    assert bare != text
    batch = tokenize_chunk([text, bare])
    assert batch.doc(0).tolist() == batch.doc(1).tolist()
    words = [text[s:e] for s, e in zip(*batch.doc_spans(0))]
    assert len(words) == len(bare.split()) and all("\u200d" not in w[:1] for w in words)


def test_a_joiner_outside_an_indic_word_still_separates() -> None:
    # after Latin, Cyrillic or Arabic letters (a Persian non-joiner) the joiners are no word's letter: unchanged
    batch = tokenize_chunk(["abc\u200ddef", "می\u200cشود", "ශ්\u200d"])
    assert len(batch.doc(0)) == 2 and len(batch.doc(1)) == 2 and len(batch.doc(2)) == 1
