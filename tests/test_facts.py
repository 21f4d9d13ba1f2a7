"""Facts of a text: what counts as a figure, a name, a date or a quotation, and their keys."""

from __future__ import annotations

from typing import Any

import pytest

from dedup.facts import all_facts, extract_facts, quotation_spans
from dedup.language import fold
from _bad_input_files import TEXT


def _facts(text: str, kind: str) -> list[tuple[str, str]]:
    return [(f.text, f.key) for f in extract_facts(text, [(0, len(text))]) if f.kind == kind]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Talks began on July 8, 2024 in Minsk.", ["md:july 8"]),
        ("Talks began on 8 July in Minsk.", ["md:july 8"]),
        ("Talks began on Monday.", ["wd:monday"]),
        ("The war began in February 2022.", ["my:february 2022"]),
        ("The bloc was founded in 2001.", ["yr:2001"]),
        ("Exports in the 1987-88 season rose.", ["yr:1987", "yr:1988"]),
        ("Filed for the 1986/87 crop.", ["yr:1986", "yr:1987"]),
        ("Output grew in 1986-1990.", ["yr:1986", "yr:1990"]),
        ("The 1999-00 budget.", ["yr:1999", "yr:2000"]),
        ("Filed on 1987-12-01.", ["yr:1987"]),  # a date written in numbers: no span of years
        ("Filed on 2010-11-05.", ["yr:2010"]),  # nor when its month could be a year's last digits
        ("Output grew in 1969-71.", ["yr:1969", "yr:1971"]),
        ("From 1990-1988, it fell.", ["yr:1990", "yr:1988"]),  # two years written whole, as before
    ],
    ids=["month-day-year", "day-month", "weekday", "month-year", "year", "crop-year", "crop-year-slash",
         "years-range", "crop-year-over-a-century", "numeric-date", "numeric-date-month-after-year",
         "years-written-short", "years-backwards"],
)
def test_dates_keep_their_form(text: str, expected: list[str]) -> None:
    assert [k for _, k in _facts(text, "date")] == expected


def test_a_date_wrapped_over_two_lines_keeps_its_key() -> None:
    # wire copy is hard-wrapped: "June\n1988" is the date "June 1988" of the line that did not wrap
    assert [k for _, k in _facts("Deliveries run to June\n1988, it said.", "date")] == ["my:june 1988"]
    assert [k for _, k in _facts("Deliveries run to\nJune 1988, it said.", "date")] == ["my:june 1988"]


def test_a_crop_year_holds_no_figure() -> None:
    # "1987-88" is two years, not the year 1987 and a figure 88 a rewrite writing "1987/88" would lack
    assert _facts("Exports in the 1987-88 season rose 5 pct.", "figure") == [("5 pct", "5")]
    assert _facts("Filed on 1987-12-01.", "figure") == [("12", "12"), ("01", "1")]  # as before


def test_quotations_may_run_over_hard_wrapped_lines_not_paragraphs() -> None:
    wrapped = '"We will not\nreturn," he said.'
    assert _facts(wrapped, "quotation") == [("We will not\nreturn", "we will not return")]
    assert _facts('"We will not\n\nreturn," he said.', "quotation") == []


RUN_ON = (
    '    Howard said "I am not sure it is correct to regard the letter\n'
    'as a rejection of the request.\n'
    "    \"I don't understand it to be closed at all.\"\n"
    '    Howard added that during his visit he would be\n'
    '"talking to them about it, finding out exactly what\n'
    'they do mean about it."\n'
    "    \"I hope it won't come to that,\" Howard added.\n")


@pytest.mark.parametrize("text", [RUN_ON, RUN_ON.replace("\n    ", "\n\n")])
def test_a_quotation_left_open_by_its_paragraph_keeps_the_next_ones_in_phase(text: str) -> None:
    """News copy leaves a speaker's paragraph unclosed and opens the next with a mark again (reuters-13034). The
    mark opening that line closed the first quotation, so "I don't understand ..." was never read, and the text
    between two quotations ("Howard added that ...") was read as one, line breaks for quotations."""
    assert [t for t, _ in _facts(text, "quotation")] == [
        "I am not sure it is correct to regard the letter\nas a rejection of the request",
        "I don't understand it to be closed at all",
        "talking to them about it, finding out exactly what\nthey do mean about it",
        "I hope it won't come to that"]


def test_a_closing_mark_opens_no_quotation_that_a_paragraph_ends() -> None:
    """A quotation run over a blank line without a mark opening the next paragraph is not read (as before); the mark
    closing it, followed by a space, opens no quotation the next paragraph's opening mark would end ("he stated" was
    read as one, the syndication set's northern-chronicle-29444408)."""
    text = ('The stock rose, while "I think that would be totally wrong.\n\nI think the price is very fair," he '
            'stated.\n\n"Let\'s wait and see how the bid runs." Another declined to comment.')
    assert [t for t, _ in _facts(text, "quotation")] == ["Let's wait and see how the bid runs"]


def test_a_mark_typed_for_an_apostrophe_opens_no_quotation() -> None:
    """Reuters-21578 types some apostrophes as quotation marks ('Indonesia"s', reuters-235): the mark opened a
    quotation running over the next paragraphs to the report's own quotation, read as altered."""
    text = ('Production of Indonesia"s staple food, rice, is forecast to fall.\n    The government estimates '
            'output at 26.7 mln tonnes.\n    "Growth prospects for agriculture do not look promising," it said.')
    assert [t for t, _ in _facts(text, "quotation")] == ["Growth prospects for agriculture do not look promising"]


def test_a_mark_opening_a_wrapped_line_opens_a_quotation() -> None:
    """A hard wrap before a quotation's opening mark, the quotation closed further on, as before."""
    text = 'He said he would be\n"talking to them about it" and left.'
    assert [t for t, _ in _facts(text, "quotation")] == ["talking to them about it"]


def test_names_skip_sentence_starts_months_and_function_words() -> None:
    text = "Officials met in May. The talks, said Lukashenko, went well. In Minsk: Putin agreed."
    assert [t for t, _ in _facts(text, "name")] == ["Lukashenko", "Minsk"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Trade minister Mike Moore spoke. Moore said talks went well.", ["Mike", "Moore", "Moore"]),
        ("Talks ended. Moore's aides left. Later, Mike Moore spoke.", ["Moore's", "Mike", "Moore"]),
        ("Tokyo (Reuters) - the chip market rose in Tokyo.", ["Reuters", "Tokyo"]),
        ("Manila — According to brokers, prices rose in Manila. According to Smith, they fell.",
         ["According", "Manila", "Smith"]),  # the word after a dateline is a name as before, and makes no other one
        ('"Prices will rise." According to Smith, they fell. According to brokers, they rose.', ["Smith"]),
        ("Ministers met. Trade talks went well. Ministers said so.", []),
        ("Moore spoke. Talks went well.", []),
    ],
    ids=["named-inside-first", "named-inside-later", "opening-the-text-a-dateline", "after-a-dateline-makes-no-other-name",
         "after-a-quotation-that-ends-a-sentence", "only-ever-opening", "one-opening"],
)
def test_a_sentence_start_is_a_name_where_the_text_capitalises_the_word_inside_a_sentence(
        text: str, expected: list[str]) -> None:
    assert [t for t, _ in _facts(text, "name")] == expected


def test_a_sentence_start_is_a_name_by_the_whole_text_when_only_a_span_is_read() -> None:
    text = "Trade minister Mike Moore spoke. Moore said talks went well."
    assert [f.text for f in extract_facts(text, [(33, len(text))]) if f.kind == "name"] == ["Moore"]


@pytest.mark.parametrize(("text", "quoted"), [
    ('He said "we go now" today.', ['"we go now"']),
    ("\u201cWe go now,\u201d he said.", ["\u201cWe go now,\u201d"]),
    ("\u00abNous partons\u00bb, dit-il.", ["\u00abNous partons\u00bb"]),
    ("Er sagte: \u201eWir gehen\u201c und ging. \u00bbJetzt\u00ab, sagte sie.", ["\u201eWir gehen\u201c", "\u00bbJetzt\u00ab"]),
    ("\u4ed6\u8bf4\uff1a\u300c\u6211\u4eec\u8d70\u4e86\u300d\u3002", ["\u300c\u6211\u4eec\u8d70\u4e86\u300d"]),
    ("\u2018I don\u2019t know,\u2019 he said. It\u2019s late.", ["\u2018I don\u2019t know,\u2019"]),
    ('"We go now,\nand fast," he said.', ['"We go now,\nand fast,"']),  # a hard-wrapped line of wire copy
    ('"We go now\n\nand fast," he said.', ['"We go now']),  # a paragraph break ends it (a quotation running on)
    ("It\u2019s the company\u2019s plan, he said.", []),  # apostrophes
], ids=["straight", "curly", "guillemets", "german", "cjk", "single", "wrapped", "paragraph", "apostrophes"])
def test_quotations_are_found_in_the_marks_of_each_language(text: str, quoted: list[str]) -> None:
    assert [text[a:b] for a, b in quotation_spans(text).tolist()] == quoted


@pytest.mark.parametrize(("text", "expected"), [
    ("হার ১ ডিসেম্বর ২০২৪ থেকে ৯.২ শতাংশ", [("figure", "১", "1"), ("date", "২০২৪", "yr:2024"), ("figure", "৯.২", "9.2")]),
    ("قال إن النمو بلغ ٣٫٥ في المئة عام ٢٠٢٣", [("figure", "٣٫٥", "3.5"), ("date", "٢٠٢٣", "yr:2023")]),
], ids=["bengali", "arabic separator"])
def test_dates_and_figures_in_the_digits_of_other_scripts(text: str, expected: list[tuple[str, str, str]]) -> None:
    """A year in Bengali digits was a figure, its ASCII form a date; an Arabic decimal separator cut a
    figure in two."""
    assert [(f.kind, f.text, f.key) for f in all_facts(text) if f.kind != "name"] == expected
    assert [f.key for f in all_facts(text) if f.kind != "name"] == [f.key for f in all_facts(fold(text)) if f.kind != "name"]


@pytest.mark.parametrize(("text", "names"), [
    ("Prezydent Łukasz Śliwa odwiedził Łódź.", ["łukasz", "śliwa", "łódź"]),
    ("Премьер Әлихан Бөкейхан сказал, что Өскемен растет.", ["әлихан", "бөкейхан", "өскемен"]),
    ("Բանկի նախագահ Արամ Պետրոսյանը ասաց։", ["արամ", "պետրոսյանը"]),
    ("Ο υπουργός Άγγελος Ηλιόπουλος είπε.", ["άγγελος", "ηλιόπουλος"]),
], ids=["latin extended", "kazakh cyrillic", "armenian", "greek accented"])
def test_names_open_with_any_capital_of_a_cased_alphabet(text: str, names: list[str]) -> None:
    """Only the capitals of Latin-1, basic Greek and basic Cyrillic opened a name."""
    assert [f.key for f in all_facts(text) if f.kind == "name"] == names


@pytest.mark.parametrize(("first", "second"), [
    ("मंत्री ने कहा, \"मुंबई में बारिश हुई\" और चले गए।", "मंत्री ने कहा, \"मंबई में बरिश हई\" और चले गए।"),
    ("ஆணையர் கூறினார்: \"மழை குறைந்தது\" என்று.", "ஆணையர் கூறினார்: \"மழை குறைந்தத\" என்று."),
], ids=["hindi-vowel-signs", "tamil-vowel-sign"])
def test_a_quotation_key_keeps_the_vowel_signs_of_indic_scripts(first: str, second: str) -> None:
    # two quotations differing only in their vowel signs are two quotations, and a word keeps its signs
    (one,), (other,) = ([f.key for f in all_facts(t) if f.kind == "quotation"] for t in (first, second))
    assert one != other
    assert one == "मुंबई में बारिश हुई" or one == "மழை குறைந்தது"


def test_a_sinhala_quotation_is_one_key_typed_with_the_joiner_or_without() -> None:
    with_joiner = "ඔහු පැවසුවේ \"ශ්‍රී ලංකා මහ බැංකුව ප්‍රතිපත්ති පොලී අනුපාත නොවෙනස්ව තබයි\" යනුවෙනි."
    keys = {f.key for t in (with_joiner, with_joiner.replace("\u200d", "")) for f in all_facts(t) if f.kind == "quotation"}
    assert keys == {"ශ්රී ලංකා මහ බැංකුව ප්රතිපත්ති පොලී අනුපාත නොවෙනස්ව තබයි"}


def test_romanian_s_and_t_with_a_cedilla_or_a_comma_below_are_one_name_and_one_quotation() -> None:
    comma = 'Guvernatorul Ștefan Țurcanu a spus: "Inflația scade în București" la conferința de joi.'
    cedilla = comma.translate(str.maketrans("șțȘȚ", "şţŞŢ"))
    assert cedilla != comma
    read = [sorted((f.kind, f.key) for f in all_facts(t) if f.kind in ("name", "quotation")) for t in (comma, cedilla)]
    assert read[0] == read[1]
    assert ("name", "ștefan") in read[0] and ("quotation", "inflația scade în bucurești") in read[0]


def test_day_date_spans_are_the_dates_of_a_day_that_all_facts_reads() -> None:
    from dedup.facts import day_date_spans

    text = "LONDON, March 17 - Talks on 8 July 2024 and in the 1987-88 season, Smith said on April 2, 1987."
    expected = [f.span for f in all_facts(text) if f.kind == "date" and f.key.startswith("md:")]
    assert day_date_spans(text) == expected and len(expected) == 3  # the years of a season are none


def test_a_month_before_a_figure_with_a_thousands_group_is_no_date() -> None:
    """"im November 2,245 Millionen Euro": the day was read as the figure's first digit, a date the text never
    wrote; a day before a comma and a year ("April 26,1987", "April 2, 1987") is still one."""
    from dedup.facts import day_date_spans

    for text in ("Der Umsatz stieg im November 2,245 Millionen Euro.", "im November 2.245 Tonnen",
                 "    September 3,865  (3,772)  volume 23 lots"):
        assert day_date_spans(text) == [], text
        assert not [f for f in all_facts(text) if f.kind == "date" and f.key.startswith("md:")]
    assert len(day_date_spans("on April 26,1987 and on April 2, 1987 and on May 3,")) == 3


def test_facts_within_spans_are_each_fact_once_in_order() -> None:
    from dedup.facts import extract_facts, within

    text = TEXT * 3
    facts = extract_facts(text, [(0, len(text))])
    spans = [(0, len(text) // 2), (len(text) // 4, len(text)), (0, 40)]
    naive: list[Any] = []
    for s, e in spans:
        naive += [f for f in facts if s <= f.span[0] and f.span[1] <= e and f not in naive]
    assert within(facts, spans) == sorted(naive, key=lambda f: (f.span, f.kind)) and len(naive) > 10


@pytest.mark.parametrize("dateline", ["DALLAS, APril 3", "DALLAS, APRIL 3", "DALLAS, 3 APRIL", "DALLAS, aPRIL 3"])
def test_a_month_in_odd_case_beside_a_day_is_a_date(dateline: str) -> None:
    """Wire copy set in capitals or mistyped ("DALLAS, APril 3"): the forms read it as a month since the sixtieth
    round; the whole-text facts read "APril" as a name and "3" as a figure, and now read the date as the forms do."""
    facts = [(f.kind, f.key) for f in all_facts(f"{dateline} - Enserch Corp said it would redeem the debentures.")]
    assert ("date", "md:april 3") in facts
    assert not [k for kind, k in facts if kind == "figure" or k == "april"]


def test_a_month_in_capitals_without_a_day_stays_as_it_is() -> None:
    from dedup.facts import months_cased

    assert months_cased("SHARES MAY RISE, it may 4 times") == "SHARES MAY RISE, it may 4 times"
    assert months_cased("DALLAS, APril 3 - by aPRIL 30 or 3 JUNE") == "DALLAS, April 3 - by April 30 or 3 June"
