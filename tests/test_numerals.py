"""dedup.numerals: figures an English text says in words, read by value."""

from __future__ import annotations

from dedup.numerals import english_figures, english_spoken


def test_half_a_million_said_alone_is_read_as_its_value() -> None:
    text = "close to half a million on gambling, a half billion in all"
    assert english_spoken(text) == [(9, 23, "500000"), (37, 51, "500000000")]
    assert [value for _, _, value in english_figures("fell half a billion dlrs")] == ["500000000"]
    # a half with no word for a power after it is no figure; a half after a whole number as before
    assert english_spoken("half a dozen eggs, half the money, a million") == []
    assert english_spoken("one and a half million") == [(0, 22, "1500000")]


def test_ethiopic_numerals_are_read_with_their_hundreds_and_ten_thousands() -> None:
    from dedup.numerals import ethiopic_figures, ethiopic_value

    assert [ethiopic_value(n) for n in ("፳፻፲፱", "፰፻፲", "፻፳፬", "፷፪", "፬፻", "፲፼", "፻፼")] == [2019, 810, 124, 62, 400, 100000, 1000000]
    # a preposition written onto the numeral ("ከ፰፻", from 800) leaves it a figure; its word for millions multiplies it
    scale = {"ሚሊዮን": 1_000_000}.get
    assert ethiopic_figures("ከ፰፻ ሚሊዮን ዶላር በላይ", lambda w: scale(w) or 1) == [(1, 8, "800000000")]
