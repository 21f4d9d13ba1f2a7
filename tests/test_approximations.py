"""dedup.approximations: the words before a figure that say it is approximate, per language."""

from __future__ import annotations

import pytest

from dedup.approximations import APPROXIMATE_LANGUAGES, approximate
from dedup.figures import approximate_values


@pytest.mark.parametrize(
    "text, language",
    [
        ("l'atur suma gairebé 4.800 aturats", "ca"),
        ("झन्डै रु ६ खर्ब ४२ अर्ब पुगेको छ", "ne"),
        ("in ka badan 3.4 milyan oo neef", "so"),
        ("зиёда аз 2,3 млрд киловатт-соат", "tg"),
        ("Abantu abangaphezu kwe-1 200", "zu"),
        ("mehr als 12.000 Menschen", "de"),
        ("нарастила выпуск почти 40 тыс. тонн", "ru"),
    ],
    ids=["catalan", "nepali-currency", "somali", "tajik", "zulu-hyphen", "german", "russian"],
)
def test_a_figure_after_a_word_for_nearly_or_over_is_approximate(text: str, language: str) -> None:
    at = next(k for k, c in enumerate(text) if c.isdigit() or "०" <= c <= "९")
    assert approximate(text, at, language)
    assert approximate_values(text, language)


@pytest.mark.parametrize(
    "text, language",
    [
        ("va pujar en 4.812 persones", "ca"),
        ("hækkaði um 0,42% milli mánaða", "is"),  # "um": by, as often as about
        ("per 2025 metus", "lt"),  # "per": in
        ("Das ist gut. 2025 kommt", "de"),  # a sentence's end between them
        ("mehr als 12.000 Menschen", "en"),  # read only in its own language
        ("mehr als 12.000 Menschen", None),
    ],
    ids=["catalan-exact", "icelandic-by", "lithuanian-in", "sentence-end", "other-language", "no-language"],
)
def test_a_figure_without_such_a_word_is_not(text: str, language: str | None) -> None:
    at = next(k for k, c in enumerate(text) if c.isdigit())
    assert not approximate(text, at, language)
    assert not approximate_values(text, language)


def test_only_the_approximate_figures_of_a_text_are_read_and_by_value() -> None:
    assert approximate_values("va pujar en 4.812, gairebé 4.800 i prop de 334.300", "ca") == {"4800", "334300"}
    assert approximate_values("झन्डै रु ६ खर्ब ४२ अर्ब, रु ६ खर्ब ४२ अर्ब ३० करोड", "ne") == {"642000000000"}
    assert {"ca", "ne", "so", "tg", "zu", "ht", "yo", "ku", "de", "ru"} <= APPROXIMATE_LANGUAGES


@pytest.mark.parametrize(("text", "language", "value"), [
    ("نزدیک به ۵۰۰ نفر", "fa", "500"), ("بیش از ۵۰۰ نفر", "fa", "500"), ("تقریباً ۵۰۰ نفر", "ur", "500"),
    ("زیاتر لە ٨٤٠ هەزار تەن", "ckb", "840000"), ("evit ouzhpenn 186 milion a euroioù", "br", "186000000"),
    ("còrr is 1.18 millean meatair", "gd", "1180000"),
], ids=["persian-near", "persian-more", "urdu", "sorani", "breton", "gaelic"])
def test_hedges_written_with_persian_letters_are_read_folded(text: str, language: str, value: str) -> None:
    """The figures read the text folded (Persian's ی and ک as Arabic's): a hedge listed with Persian's letters met
    no folded text ("نزدیک به", "بیش از" never read). Sorani's, Breton's and Gaelic's hedges are listed."""
    assert approximate_values(text, language) == {value}


def test_thai_chinese_and_japanese_approximation_words_run_on_from_the_word_before() -> None:
    """Written without spaces, the approximation word ends the word before the figure ("ฟิลิปปินส์ราว 1.1", about
    1.1 in the Philippines); a figure said without one is no approximation."""
    assert approximate_values("ตามด้วยฟิลิปปินส์ราว 1.1 ล้านตัน และแอฟริกาใต้ 670,000 ตัน", "th") == {"1.1"}
    assert approximate_values("仓储能力约1.25亿吨，新建烘干塔420座", "zh") == {"125000000"}
    assert approximate_values("出国した日本人は約百十九万人と、伸びは四・二％", "ja") == {"1190000"}


def test_nepali_more_than_written_onto_the_unit_is_a_floor() -> None:
    """"14 महिनाभन्दा बढीको" (more than 14 months'): "than" written onto the unit and "more" with its case ending, as
    "१२ हजार भन्दा बढी" written apart; a figure without them is exact."""
    assert approximate_values("जसले 14 महिनाभन्दा बढीको आयात धान्न पुग्छ", "ne") == {"14"}
    assert approximate_values("१२ हजार भन्दा बढी", "ne") == {"12000"}
    assert approximate_values("14 महिनाको आयात धान्न पुग्छ", "ne") == frozenset()
