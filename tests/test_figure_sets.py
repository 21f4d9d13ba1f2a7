"""dedup.figure_sets: a text's or a link's figures, as written or by value; the kernels' twins of the patterns."""

from __future__ import annotations

import pytest

from _verdict_pairs import _texts_of_every_kind


@pytest.mark.parametrize("written, held", [
    ("6.5-7", {"6.5"}),  # a range's ends; the single digit is no figure, as "7%" alone is none
    ("16.50-17.25", {"16.50", "17.25"}),
    ("1987-88", {"1987", "1988"}),  # a crop year's second year written short
    ("1986-1990", {"1986", "1990"}),
    ("1986/87", {"1986", "1987"}),  # a crop year with a slash, as dedup.facts reads it
    ("1999-00", {"1999", "2000"}),
    ("1969-71", {"1969", "1971"}),
    ("1987-12", {"1987", "12"}),  # no later year: the digits as they are
    ("11-5/8", {"11-5/8"}),  # a price in fractions is one figure
    ("6-1/4-6-3/8", {"6-1/4", "6-3/8"}),  # a range of two such prices
    ("3/15/87", {"3/15/87"}),  # a slash form stays whole
    ("450", {"450"}),
], ids=["decimal-range", "price-range", "crop-year", "year-range", "crop-year-slash", "crop-year-over-a-century", "years-written-short", "no-year-after", "fraction", "fraction-range", "slash-date", "plain"])
def test_held_figures_read_a_range_as_its_ends(written: str, held: set[str]) -> None:
    from dedup.figure_sets import _held_figures

    assert _held_figures([written]) == held


def test_the_fast_patterns_read_what_the_reference_patterns_read() -> None:
    """Figures and sentence ends are read with patterns rewritten for speed: the same matches and cuts."""
    import dedup.figure_sets
    import dedup.refilled

    for text in _texts_of_every_kind(3, 3000):
        assert dedup.figure_sets._FIGURE_FAST.findall(text) == dedup.figure_sets._FIGURE.findall(text)
        assert dedup.refilled._SENTENCE_END_FAST.split(text) == dedup.refilled._SENTENCE_END.split(text)


def test_the_kernels_read_a_texts_figures_and_sentences_with_numbers_as_the_patterns_do(compiled: bool) -> None:
    """An ASCII text's figures and sentences with numbers by the compiled kernels (``figure_set``,
    ``slot_sentences``), else by the patterns: the same sets, the same keys in the same order, frozensets
    both; every other text by the patterns (the kernels say None for it). Texts of every kind, and ASCII
    ones packed with what the patterns turn on (digit runs and the marks between them, word characters
    after them, Python's white space \x1c-\x1f and \x0b, sentence ends and line breaks)."""
    import random

    import dedup.figure_sets
    import dedup.refilled
    from dedup import kernels

    rng = random.Random(5)
    pieces = ["1", "23", "4.5", "6-1/4", "12:45", ".", ",", "/", "-", ":", "a", "Z", "_", "x1", " ", "  ", "\n", "\n\n",
              "\t", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "!", "?", ". ", "?\n", "Net", "mln", "vs", "#"]
    ascii_texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 80))) for _ in range(3000)]
    texts = _texts_of_every_kind(9, 1500) + ascii_texts
    for text in texts:
        figures, slots = dedup.figure_sets._figure_set.__wrapped__(text), dedup.refilled.slot_sentences.__wrapped__(text)
        want_slots = dedup.refilled._slot_sentences_py(text)
        assert figures == dedup.figure_sets._figure_set_py(text) and type(figures) is frozenset
        assert slots == want_slots and list(slots) == list(want_slots)
        assert all(type(raws) is frozenset for raws in slots.values())
        if compiled:
            assert (kernels.KERNELS.figure_set(text) is None) == (not text.isascii())
    assert sum(bool(dedup.refilled._slot_sentences_py(t)) for t in ascii_texts) > 500
    assert sum(len(dedup.figure_sets._figure_set_py(t)) > 1 for t in ascii_texts) > 500


@pytest.mark.parametrize("text, comma, values", [
    ("omzet van 1.400 miljoen en 3,5 procent", True, {"1400000000", "3.5"}),
    ("omzet van 1400 miljoen en 3.5 procent", True, {"1400000000", "3.5"}),  # "3.5": no group of three
    ("1,3 miljoen klanten, 1.300.000 klanten, 640 duizend", True, {"1300000", "640000"}),
    ("3 miljoen klanten", True, {"3000000"}),  # a single digit with its word for millions is a figure
    ("1 300 000 kunder", True, {"1300000"}),  # thousands grouped with spaces
    ("rose 1,200 from 1200.50 and 3,5", False, {"1200", "1200.5", "3,5"}),  # English: "3,5" as written
    ("1.400 shares", False, {"1.4"}),  # English reads a full stop as a decimal point
    ("6,5-7 procent in 1987-88", True, {"6.5", "1987", "1988"}),  # ranges and crop years as before
    ("11-5/8 and 3/15/87", False, {"11-5/8", "3/15/87"}),
], ids=["nl-grouped", "nl-plain", "nl-multiplied", "nl-single-digit-million", "space-groups", "en", "en-point",
        "ranges", "fractions"])
def test_link_figures_are_read_by_value(text: str, comma: bool, values: set[str]) -> None:
    from dedup.figure_sets import link_figures

    assert link_figures(text, [(0, len(text))], comma) == values


# --- figures read by value in the verdict outside English (the whole-text agreement and the links) ---

#: A Spanish story and a desk's restatement of it: thousands without their full stops, a decimal point for the
#: decimal comma, millions written out.
SPANISH_SOURCE = ("MADRID - La empresa registró el año pasado unas ventas de 1.400 millones de euros, informó la "
                  "dirección en un comunicado. El beneficio creció un 3,5 por ciento hasta 2.000 millones de euros, "
                  "según la dirección. El número de clientes de la empresa aumentó hasta 1,3 millones.")
SPANISH_REWRITE = ("La empresa tuvo el año pasado ventas por 1400 millones de euros, según informó la dirección. El "
                   "beneficio subió un 3.5 por ciento hasta 2000 millones de euros, dijo la dirección. Los clientes "
                   "de la empresa sumaron 1.300.000.")


def test_whole_text_figures_are_read_by_value_outside_english() -> None:
    from dedup.figure_sets import figure_agreement, text_figures

    # as written the two share no figure (every one restated); by value they agree on each
    source, rewrite = text_figures(SPANISH_SOURCE), text_figures(SPANISH_REWRITE)
    assert source == rewrite == {"1400000000", "3.5", "2000000000", "1300000"}
    assert figure_agreement(source, rewrite)[:2] == [1.0, 1.0]


def test_whole_text_figures_stay_as_written_in_english() -> None:
    from dedup.figure_sets import _figure_set, text_figures

    english = "The company sold 1,400 million euros of goods, up 3.5 percent, to 1.3 million customers."
    assert text_figures(english) == _figure_set(english)  # the model was trained on figures as written


@pytest.mark.parametrize("text, figures", [
    ("同社の売上高は前年比3.5%増の1400億円となり、顧客数は130万人に達した。", {"3.5", "140000000000", "1300000"}),
    ("国家统计局12日发布数据显示，11月份全国居民消费价格同比上涨0.4%，环比下降0.2%。", {"0.4", "0.2"}),
], ids=["japanese", "chinese"])
def test_figures_run_into_cjk_characters_are_read_by_value(text: str, figures: set[str]) -> None:
    from dedup.figure_sets import _figure_set, text_figures

    assert _figure_set(text) == frozenset()  # as written, a figure glued to the characters has no word boundary
    assert text_figures(text) == figures


def test_an_arabic_link_restating_a_decimal_comma_refills_nothing() -> None:
    from dedup.figure_sets import link_figures

    maghreb = "ضرب زلزال بقوة 5,8 درجات على مقياس ريختر المنطقة الجبلية صباح الثلاثاء وفق المعهد الوطني"
    mashreq = "ضرب زلزال بقوة 5.8 درجات على مقياس ريختر المنطقة الجبلية صباح الثلاثاء وفق المعهد الوطني"
    assert link_figures(maghreb, [(0, len(maghreb))], False) == link_figures(mashreq, [(0, len(mashreq))], False) == {"5.8"}


@pytest.mark.parametrize("text, values", [
    ("carried 1.3 million passengers, 1,300,000 in all", {"1300000"}),
    ("rose to $1.3 mln from 1.1 bln dlrs and 2.5bn", {"1300000", "1100000000", "2500000000"}),
    ("fourteen people, a twenty-five-year-old, six million", {"14", "25", "6000000"}),
    ("a 1.3 metre wall, 1.3m high, the second of nine", {"1.3"}),  # "1.3m" no figure as written; units, ordinals none
], ids=["million", "mln-bln-bn", "words", "as-written"])
def test_english_link_figures_read_words_for_millions_and_number_words(text: str, values: set[str]) -> None:
    from dedup.figure_sets import link_figures

    assert link_figures(text, [(0, len(text))], False) == values


def test_a_thai_text_s_digits_and_buddhist_era_years_read_as_its_rewrite_s() -> None:
    """A Thai release in Thai digits dating by the Buddhist era ("ปี ๒๕๖๙") and its rewrite in ASCII digits and the
    common era share their figures, in the whole text and in a link's sides; an English text's figures as before."""
    from dedup.figure_sets import link_figures, text_figures

    source = "ในช่วง ๑๑ เดือนแรกของปี ๒๕๖๙ ไทยส่งออกข้าวได้ ๘.๔๖ ล้านตัน ลดลงร้อยละ ๑๒.๓ ส่วนปี ๒๕๗๐ ตั้งเป้าไว้ ๘.๕ ล้านตัน"
    rewrite = "ในช่วง 11 เดือนแรกของปี 2026 ไทยส่งออกข้าวได้ 8.46 ล้านตัน ลดลงร้อยละ 12.3 ส่วนปี 2027 ตั้งเป้าไว้ 8.5 ล้านตัน"
    assert text_figures(source) == text_figures(rewrite) == {"11", "2026", "8.46", "12.3", "2027", "8.5"}
    assert link_figures(source, [(0, len(source))], False) == link_figures(rewrite, [(0, len(rewrite))], False)
    assert text_figures("In 2569 BC, 12.3 tonnes") == {"2569", "12.3"}  # not Thai: its years as written
