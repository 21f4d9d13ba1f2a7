"""dedup.codepages: the single-byte code page a text's bytes make sense in (more of its cases through the reader:
tests/test_reading.py)."""

from __future__ import annotations

import pytest

from dedup import codepages


def test_single_byte_judgement_remembers_words_not_long_tokens() -> None:
    # every token judged was remembered, up to 65,536 of them: a feed of lines of long tokens without spaces (20,000
    # characters each) would have held gigabytes
    codepages._remembered_word.cache_clear()
    sentence = "Президент России заявил сегодня, что правительство примет меры."
    long_line = "-".join(sentence.replace(",", "").replace(".", "").split() * 500).encode("cp1251")  # one token
    words = sentence.encode("cp1251")
    assert codepages.single_byte_reading(long_line) == (long_line.decode("cp1251"), "cp1251")
    assert codepages._remembered_word.cache_info().currsize == 0
    assert codepages.single_byte_reading(words)[1] == "cp1251"
    # each word in the two readings judged, Windows-1252's and Windows-1251's
    assert 0 < codepages._remembered_word.cache_info().currsize <= 2 * len(words.split())


@pytest.mark.parametrize(("text", "codec"), [
    ("Příliš žluťoučký kůň úpěl ďábelské ódy a řekl, že šťastný není.", "cp1250"),
    ("Příliš žluťoučký kůň úpěl ďábelské ódy a řekl, že šťastný není.", "iso8859_2"),
    ("Zażółć gęślą jaźń, powiedział minister na konferencji prasowej.", "iso8859_2"),
    ("A kormány hétfőn új intézkedéseket jelentett be, a szűkülő piacról is beszélt.", "cp1250"),
    ("Valdība pirmdien paziņoja par jauniem atbalsta pasākumiem mazajiem uzņēmumiem.", "cp1257"),
    ("Президент России заявил сегодня, что правительство примет меры.", "cp1251"),
    ("Guvernul a aprobat în ședința de miercuri proiectul bugetului și măsurile fiscale.", "iso8859_16"),
], ids=["czech-cp1250", "czech-iso8859-2", "polish-iso8859-2", "hungarian-cp1250", "latvian-cp1257", "russian-cp1251",
        "romanian-iso8859-16"])
def test_text_of_other_code_pages_is_not_plainly_western(text: str, codec: str) -> None:
    assert not codepages.plainly_western(text.encode(codec))


ROMANIAN = ("Ministrul finanțelor a declarat că deficitul ar urma să scadă sub patru la sută din produsul intern brut, în "
            "principal datorită încasărilor mai mari din taxe, iar opoziția susține că reducerile vor afecta școlile.")


def test_romanian_bytes_that_iso_8859_16_and_windows_1250_read_alike_stay_windows_1250() -> None:
    # without the marks that tell them apart („, ”, €), ISO-8859-16's ș, ț are Windows-1250's ş, ţ at the same bytes:
    # the two readings tie, and Windows-1250's (the more common page) is kept
    data = ROMANIAN.encode("iso8859_16")
    assert data == ROMANIAN.translate(str.maketrans("șț", "şţ")).encode("cp1250")
    assert codepages.single_byte_reading(data) == (data.decode("cp1250"), "cp1250")


def test_romanian_with_iso_8859_16_quotation_marks_is_read_in_it() -> None:
    data = f"Guvernatorul a spus că „{ROMANIAN}” Cursul a urcat la 4,97 lei pentru un €.".encode("iso8859_16")
    assert codepages.single_byte_reading(data) == (data.decode("iso8859_16"), "iso8859_16")
