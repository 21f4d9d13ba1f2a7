"""dedup.arabic_numerals: Arabic's number words read by value, with their spans."""

from __future__ import annotations

from dedup import numerals
from dedup.arabic_numerals import arabic_number_words


def test_teens_and_tens_joined_by_and_are_one_figure_each() -> None:
    text = "قتل أربعة عشر شخصاً وخمسة وعشرون جريحا"
    assert arabic_number_words(text) == [(4, 13, 14), (20, 32, 25)]
    assert [text[a:b] for a, b, _ in arabic_number_words(text)] == ["أربعة عشر", "وخمسة وعشرون"]


def test_an_ordinals_ten_one_and_two_alone_and_the_weekdays_are_no_figures() -> None:
    assert arabic_number_words("في الدورة الحادية عشرة") == []  # eleventh
    assert arabic_number_words("قال واحد من المسؤولين إن اثنين غادرا يوم الثلاثاء") == []
    assert arabic_number_words("سبعة") == [(0, 4, 7)]


def test_numerals_gives_the_same_reading() -> None:
    """:mod:`dedup.numerals` reads Arabic's words by this part, for the figures and the facts."""
    assert numerals.arabic_number_words is arabic_number_words
