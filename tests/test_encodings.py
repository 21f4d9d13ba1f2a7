"""dedup.encodings: the encoding a text's bytes make sense in (more of its cases through the reader: tests/test_reading.py)."""

from __future__ import annotations

from dedup import encodings


def test_single_byte_judgement_remembers_words_not_long_tokens() -> None:
    # every token judged was remembered, up to 65,536 of them: a feed of lines of long tokens without spaces (20,000
    # characters each) would have held gigabytes
    encodings._remembered_word.cache_clear()
    sentence = "Президент России заявил сегодня, что правительство примет меры."
    long_line = "-".join(sentence.replace(",", "").replace(".", "").split() * 500).encode("cp1251")  # one token
    words = sentence.encode("cp1251")
    assert encodings.single_byte_reading(long_line) == (long_line.decode("cp1251"), "cp1251")
    assert encodings._remembered_word.cache_info().currsize == 0
    assert encodings.single_byte_reading(words)[1] == "cp1251"
    # each word in the two readings judged, Windows-1252's and Windows-1251's
    assert 0 < encodings._remembered_word.cache_info().currsize <= 2 * len(words.split())
