"""dedup.forms: a form filled in on another day, read from its linked sentences' figures by value."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from _verdict_pairs import FORM_DAY_1, FORM_DAY_2
from dedup import compare
from dedup.decision import FORM_REFILLED, _worded
from dedup.documents import Document
from dedup.forms import (_slots as _slot_side, _dated_apart, _restated, _side, dates_named, filled_in_again, cell_counts,
                         dated_again, form_share, months_named, refilled_slots)
from dedup.refilled import refilled_unlinked
from dedup.verify import align_pair

MULTILINGUAL = Path(__file__).resolve().parent.parent / "benchmarks" / "multilingual"

#: A story and the same story sent again the next day: its dateline's day changed, a figure's word for millions
#: misspelt ("miln"), its figures otherwise kept; and a rewrite restating them ("1.3 million" as "1,300,000").
STORY = ("KINGSTON, March 11 - Jamaica will reduce its foreign debt by 300 mln dlrs this year, Prime Minister Edward "
         "Seaga said today. Debt payments this year are expected to total 287 mln dlrs, Seaga said. Jamaica agreed "
         "with creditor banks to reschedule some 181 mln dlrs due in 1987-89 over the next 12 years.")
SENT_AGAIN = (STORY.replace("March 11", "March 12").replace("181 mln", "181 miln")
              .replace("Seaga said today", "Seaga said"))
RESTATED = ("KINGSTON, March 11 - Jamaica is to cut its foreign debt by 300,000,000 dlrs this year, Prime Minister "
            "Edward Seaga said on Wednesday. Its debt payments this year should total 287,000,000 dlrs, Seaga said. "
            "Jamaica agreed with creditor banks to reschedule some 181 million dlrs due in 1987-89 over 12 years.")


def _slots(a: str, b: str) -> tuple[int, int]:
    alignment = align_pair(Document("a", a), Document("b", b))
    return refilled_slots(alignment, _worded(alignment))


def _filled(a: str, b: str) -> bool:
    alignment = align_pair(Document("a", a), Document("b", b))
    return filled_in_again(alignment, _worded(alignment))


def test_an_english_form_filled_in_twice_reads_as_one() -> None:
    holding, refilled = _slots(FORM_DAY_1, FORM_DAY_2)
    assert holding >= 2 and refilled == holding  # every linked sentence with figures filled in anew
    assert _filled(FORM_DAY_1, FORM_DAY_2)


def test_a_copy_a_story_sent_again_and_a_rewrite_keep_their_figures() -> None:
    assert _slots(FORM_DAY_1, FORM_DAY_1)[1] == 0 and not _filled(FORM_DAY_1, FORM_DAY_1)
    holding, refilled = _slots(STORY, SENT_AGAIN)  # the dateline's day and the scale's misspelt word read as kept
    assert holding >= 2 and refilled == 0
    holding, refilled = _slots(STORY, RESTATED)  # "300 mln" and "300,000,000" one figure
    assert holding >= 2 and refilled == 0


def test_a_correction_of_one_figure_is_no_form() -> None:
    corrected = FORM_DAY_1.replace("650 mln", "600 mln")
    assert _slots(FORM_DAY_1, corrected)[1] == 1 and not _filled(FORM_DAY_1, corrected)


def test_a_dates_day_is_left_out_but_a_day_written_alone_is_a_slot() -> None:
    text = "新华社北京12月6日电,6日至9日,气温 KINGSTON, March 12 - the 8 July 2024 rally"
    assert _side(text, [(0, len(text))]) == "新华社北京12月 日电,6日至9日,气温 KINGSTON, March   - the   July 2024 rally"
    assert _side(text, [(0, 10), (31, 39)]) == "新华社北京12月 日 March  "


def test_a_figure_going_on_after_a_month_is_no_dates_day() -> None:
    text = "In Westdeutschland waren im November 2,245 Millionen Menschen arbeitslos."
    assert _side(text, [(0, len(text))]) == text
    text = "Output rose in November 2, to 2,245 tonnes."
    assert _side(text, [(0, len(text))]) == text.replace("November 2,", "November  ,")


def test_a_day_and_month_with_a_slash_are_a_date_outside_english() -> None:
    text = "Sáng 5/12, sông Vu Gia đạt 9,15 m; mưa từ tối 04/12."
    assert _side(text, [(0, len(text))], "vi") == "Sáng  , sông Vu Gia đạt 9,15 m; mưa từ tối  ."
    text = "The selling concession is 3/4 pct, on 3/15/87."
    assert _side(text, [(0, len(text))], "en") == text  # a fraction of a price; a date of three parts stays


def _case(name: str) -> dict[str, str]:
    return json.loads((MULTILINGUAL / f"{name}.json").read_text(encoding="utf-8"))


def test_a_weather_form_of_another_day_is_not_reported_and_its_rewrite_is() -> None:
    case = _case("zh-6")
    form = compare(Document("source", case["source"]), Document("other_day", case["other_day"]))
    assert form.verdict is None and form.why and form.why[0].feature == FORM_REFILLED
    assert 0.5 <= form.why[0].value <= 1.0 and form.why[0].contribution < 0
    rewrite = compare(Document("source", case["source"]), Document("rewrite", case["rewrite"]))
    assert rewrite.verdict == "rewrite" and all(reason.feature != FORM_REFILLED for reason in rewrite.why)


def test_a_rewrite_and_a_partial_copy_of_one_flood_report_are_reported() -> None:
    from benchmarks.multilingual import articles

    # the rewrite adds the hours, the partial copy the victim's age: a date written "5/12" is no slot of theirs
    texts = articles(_case("vi-3"))
    pair = compare(Document("rewrite", texts["rewrite"]), Document("partial", texts["partial"]))
    assert pair.verdict == "rewrite"


def test_a_rewrite_restating_its_figures_in_words_is_reported() -> None:
    case = _case("nl-2")  # "640.000" restated as "640 duizend"
    rewrite = compare(Document("source", case["source"]), Document("rewrite", case["rewrite"]))
    assert rewrite.verdict == "rewrite"


#: A month's money supply release and the next month's: this month's figures filled in, last month's restated
#: beside them ("after a 1.1 pct rise in January"), each sentence keeping the other's figures on one side.
MONTHLY = ("LONDON, March 2 - The Bank of England said Sterling M3 rose a seasonally adjusted 1.1 pct in January, "
           "the Bank said. The narrow measure of money supply, M0, fell by an adjusted 0.6 pct in January and rose "
           "by a non-adjusted 4.1 pct year on year. There was a fall of 290 mln stg in notes and coin in January, "
           "the Bank said.")
NEXT_MONTH = ("LONDON, March 30 - The Bank of England said Sterling M3 rose a seasonally adjusted 2.2 pct in "
              "February after a 1.1 pct rise in January, the Bank said. The narrow measure of money supply, M0, fell "
              "by an adjusted 0.8 pct in February and rose by a non-adjusted 4.1 pct year on year. There was a "
              "rise of 50 mln stg in notes and coin in February after a 290 mln stg fall in January, the Bank said.")


def test_a_monthly_release_restating_last_months_figures_is_a_form() -> None:
    holding, refilled = _slots(MONTHLY, NEXT_MONTH)
    assert holding == 3 and refilled == 3  # no sentence holds a figure on each side the other lacks
    assert _filled(MONTHLY, NEXT_MONTH) and _filled(NEXT_MONTH, MONTHLY)  # whichever comes first
    alignment = align_pair(Document("a", MONTHLY), Document("b", NEXT_MONTH))
    assert form_share(alignment, _worded(alignment)) == 1.0


def test_a_rewrite_adding_the_month_before_or_keeping_its_figures_is_no_form() -> None:
    # the month added is December, before January: context, not the next month's form
    context = MONTHLY.replace("1.1 pct in January,", "1.1 pct in January after 0.2 pct in December,").replace(
        "0.6 pct in January", "0.6 pct in January after 0.3 pct in December")
    assert _slots(MONTHLY, context)[1] == 0 and not _filled(MONTHLY, context)
    rewrite = MONTHLY.replace("rose a seasonally adjusted", "grew by a seasonally adjusted").replace(
        "There was a fall of", "Notes and coin fell by").replace(" in notes and coin in January", " in January")
    assert _slots(MONTHLY, rewrite)[1] == 0 and not _filled(MONTHLY, rewrite)


def test_restated_reads_a_later_month_across_the_years_end() -> None:
    figures, other = frozenset({"2.2", "1.1"}), frozenset({"1.1"})
    assert _restated(figures, frozenset({1, 12}), frozenset({12}), other)  # January after December
    assert not _restated(figures, frozenset({11, 12}), frozenset({12}), other)  # November before December
    assert not _restated(frozenset({"1.1"}), frozenset({1, 12}), frozenset({12}), other)  # no figure added
    assert months_named("in Jan. and Sept, not in may or the Mayor") == frozenset({1, 9})



#: A monthly tender's notice and the next month's: its tranches and dateline filled in anew, its amounts kept.
TENDER = ("PARIS, March 3 - The French Treasury will issue between eight and 12 billion francs of tap stock at its "
          "monthly tender on Thursday, the Bank of France said. The planned issue will be of two tranches, of the "
          "8.50 pct June 1997 and the 8.50 pct December 2012 stock. The minimum amount of each tranche to be sold "
          "will be one billion francs.")
NEXT_TENDER = TENDER.replace("March 3", "March 30").replace("June 1997", "1997").replace("December 2012", "2002")


def test_a_tender_of_another_weeks_date_is_a_form_and_a_story_sent_again_is_not() -> None:
    holding, refilled = _slots(TENDER, NEXT_TENDER)
    assert (holding, refilled) == (2, 2) and _filled(TENDER, NEXT_TENDER)  # the dateline's link holds no figure apart
    sent_again = TENDER.replace("March 3", "March 9").replace("December 2012", "2012")  # within the week
    assert not _filled(TENDER, sent_again)
    assert dates_named("PARIS, March 30 - by April 13, in 1990, in November 2,245 mln") == frozenset({(3, 30), (4, 13)})
    assert _dated_apart(frozenset({(1, 2)}), frozenset({(12, 30)})) is False  # the year's end crossed: four days
    assert _dated_apart(frozenset({(3, 3)}), frozenset({(3, 30)})) and not _dated_apart(frozenset({(3, 3)}), frozenset())


#: A rate table sent twice on one day, one column filled in anew in some rows: as sets, each row of the second holds
#: every figure of the first's (a rate unchanged is written twice, "4.10 pct  4.10 pct").
RATES = ("CHICAGO, June 2 - The savings bank set the rates on its deposit notes as follows:\n"
         "    TERM         NEW RATE   OLD RATE\n"
         "  10-59 days    4.10 pct   4.10 pct\n"
         "  60-119 days   4.65 pct   4.65 pct\n"
         "  120-179 days  4.80 pct   4.80 pct\n"
         "  180-365 days  4.95 pct   4.95 pct\n")
RATES_AGAIN = (RATES.replace("4.65 pct   4.65", "4.60 pct   4.65").replace("4.80 pct   4.80", "4.70 pct   4.80")
               .replace("4.95 pct   4.95", "4.90 pct   4.95"))


def test_a_rate_table_with_one_column_filled_in_anew_is_a_form_read_cell_by_cell() -> None:
    assert cell_counts("60-119 days   4.65 pct   4.65 pct") == Counter({"6": 1, "119": 1, "465": 2})
    assert cell_counts("rose 4.65 pct to 4.65 pct") == Counter({"465": 1})  # a sentence of prose is one cell
    prose = "rose 4.65 pct on March 3 to 4.65 pct"  # a date's day left out parts no cell
    assert _side_counts(prose) == Counter({"465": 1})
    holding, refilled = _slots(RATES, RATES_AGAIN)
    assert (holding, refilled) == (5, 3) and _filled(RATES, RATES_AGAIN)
    assert not _filled(RATES, RATES) and not _filled(RATES, RATES.replace("CHICAGO, June 2", "CHICAGO, June 3"))


def _side_counts(text: str) -> Counter[str]:
    return _slot_side(text, [(0, len(text))], "en")[3]


#: A weekly port notice and the same notice a month later, its counts written as words: one sentence alike in
#: wording, dated five weeks apart (left unlinked for its dates), and the notice's fixed sentence.
PORT = ("SEATTLE, May 4 - There were four log ships loading and nine ships were waiting to load at Seattle, "
        "according to the port's shipping office. The office reports the ships each Monday.")
PORT_LATER = PORT.replace("May 4", "June 8").replace("four", "two").replace("nine", "five")


def test_one_sentence_alike_dated_weeks_apart_is_a_form_of_another_day() -> None:
    alignment = align_pair(Document("a", PORT), Document("b", PORT_LATER))
    links = _worded(alignment)
    assert len(links) == 1 and dated_again(alignment, links)  # the fixed sentence linked, the dated one not
    assert form_share(alignment, links) == 1.0  # one sentence of another day: no correction, sent weeks later
    assert dated_again(alignment, []) and form_share(alignment, []) == 1.0  # read the same when linked or not
    for again in (PORT.replace("May 4", "May 6"), PORT.replace("four", "five")):  # within the week; a correction
        alignment = align_pair(Document("a", PORT), Document("b", again))
        assert not dated_again(alignment, _worded(alignment)) and form_share(alignment, _worded(alignment)) is None


#: A story and its follow-up five weeks later, which takes the background paragraph word for word: its own lead.
STRIKE = ("SEATTLE, May 4 - Longshoremen at the port walked out over a contract dispute with the shipping lines, "
          "the union said. The port handled 12 mln tonnes of grain last year, most of it bound for Japan and South "
          "Korea, port officials said. Talks are to resume next week.")
STRIKE_ENDED = ("SEATTLE, June 8 - The union representing the port's dock workers accepted a new three-year contract "
                "and its members returned to work today. The port handled 12 mln tonnes of grain last year, most of "
                "it bound for Japan and South Korea, port officials said.")


def test_a_follow_up_weeks_later_taking_a_paragraph_is_not_dated_again() -> None:
    alignment = align_pair(Document("a", STRIKE), Document("b", STRIKE_ENDED))
    links = _worded(alignment)
    assert links and not dated_again(alignment, links) and form_share(alignment, links) is None


def test_a_forms_sentences_left_unlinked_for_their_figures_count_as_refilled() -> None:
    from benchmarks.multilingual import articles

    # Agerpres's inflation release and the month before's: the forecast paragraph, the meeting's date and the
    # credit line linked word for word with their figures, the month's sentences left unlinked for theirs
    texts = articles(_case("ro-3"))
    edited, other_day = Document("light_edit", texts["light_edit"]), Document("other_day", texts["other_day"])
    alignment = align_pair(edited, other_day)
    links = _worded(alignment)
    assert refilled_slots(alignment, links)[1] == 0 and refilled_unlinked(alignment, links) >= 2
    assert form_share(alignment, links) is not None
    form = compare(edited, other_day)
    assert form.verdict is None and form.why and form.why[0].feature == FORM_REFILLED
    assert compare(Document("source", texts["source"]), edited).verdict == "duplicate"


#: A weekly notice and the one of two weeks later: its lead reworded a little ("(ERs)" written ", ERs,", the
#: commission's name cut short) and dated anew, its month named anew in the dateline and the body; its table of
#: refunds unchanged, as a week's figures often are.
REFUNDS = ("BRUSSELS, March 18 - Export refunds (ERs) for white sugar will stay at 45.5 Ecus per 100 kilos for the "
           "week starting March 23, European Commission officials said.\n    The refunds are 45.5 Ecus for Spain, "
           "40.1 Ecus for Portugal, 39.8 Ecus for Greece and 38.2 Ecus for Ireland, unchanged from the week before.")
REFUNDS_LATER = (REFUNDS.replace("March 18", "April 1").replace("(ERs) for white sugar", ", ERs,")
                 .replace("March 23, European", "April 6, EC"))


def test_a_forms_sentence_of_another_month_is_read_with_its_month_left_out_of_its_wording() -> None:
    # the lead's month is a slot of the form as its day is: with "march ... march" against "april ... april" among
    # its words, the reworded lead fell under the wording's bar and the notice read as a copy of its table
    alignment = align_pair(Document("a", REFUNDS), Document("b", REFUNDS_LATER))
    links = _worded(alignment)
    assert dated_again(alignment, links) and form_share(alignment, links) is not None
    resent = REFUNDS_LATER.replace("April 1", "March 19").replace("April 6", "March 23")  # the same week's
    alignment = align_pair(Document("a", REFUNDS), Document("b", resent))
    assert not dated_again(alignment, _worded(alignment)) and form_share(alignment, _worded(alignment)) is None


#: A river port's daily table and the next but one: the lead's counts filled in anew, one row's "1  1" filled in
#: as "1  0" (its 1 kept in one cell of two), another row's waiting barges changed, the rest kept.
BARGES = ("MEMPHIS, May 4 - Six barges were loading and 12 were waiting to load at Memphis terminals, river sources "
          "said.\n TERMINAL                      LOADING  WAITING\n Riverside Grain, Harbor Town     1      1\n"
          " Delta Export, President Island   2      3\n Cotton Row Terminal, Mud Island  1      0\n"
          " Wolf River Elevator, North Bank  2      4\n reuter\n")
BARGES_LATER = (BARGES.replace("May 4", "May 6").replace("12 were", "10 were")
                .replace("Harbor Town     1      1", "Harbor Town     1      0")
                .replace("North Bank  2      4", "North Bank  2      5"))


def test_a_tables_rows_left_unlinked_are_read_cell_by_cell() -> None:
    from dedup.forms import unlinked_cells
    from dedup.refilled import left_out

    alignment = align_pair(Document("a", BARGES), Document("b", BARGES_LATER))
    links = _worded(alignment)
    rest = left_out(alignment, links)
    assert refilled_slots(alignment, links) == (3, 1)  # one row linked refilled, two kept
    assert refilled_unlinked(alignment, links, rest) == 0  # the row of "1  1" and "1  0" read as sets: none apart
    assert unlinked_cells(alignment, rest) == 2  # the lead and that row
    assert form_share(alignment, links) == 3 / 5
    form = compare(Document("a", BARGES), Document("b", BARGES_LATER))
    assert form.verdict is None and form.why[0].feature == FORM_REFILLED
    # the lead's counts corrected, the table the same: one sentence apart is a correction, no form
    corrected = BARGES.replace("12 were", "11 were")
    alignment = align_pair(Document("a", BARGES), Document("b", corrected))
    assert unlinked_cells(alignment, left_out(alignment, _worded(alignment))) == 0
    assert form_share(alignment, _worded(alignment)) is None


def test_a_figure_said_roughly_after_a_hedge_refills_no_slot() -> None:
    from dedup.forms import _refilled

    def side(text: str):
        return _slot_side(text, [(0, len(text))], "en")

    exact = "He spent 1.2 million pounds on a house and 450,000 pounds on betting sites."
    rough = "He spent 1.2 million pounds on a house and close to half a million on betting sites."
    assert not _refilled(side(rough), side(exact)) and not _refilled(side(exact), side(rough))
    # said without a hedge, the half million is another figure: a form's slot filled in anew
    assert _refilled(side(rough.replace("close to ", "")), side(exact))
    # a hedge kept on both sides, as a form keeps it from day to day, takes nothing back
    assert _refilled(side(rough), side(exact.replace("and 450,000", "and close to 450,000")))
    assert _refilled(side(rough.replace("1.2 million", "1.3 million")), side(exact.replace("450,000", "470,000")))


def _long_record(days: list[int]) -> str:
    """A record of many sittings: a sentence a sitting, each naming its day of March and its own words."""
    letters = "bcdfghjklmnprstvz"

    def word(k: int, salt: int) -> str:
        k = k * 7 + salt
        return "".join(letters[(k // 17 ** n) % 17] + "aeiou"[(k + n) % 5] for n in range(3))

    return " ".join(f"On March {day} the council heard {word(k, 1)} and {word(k, 2)} speak on the {word(k, 3)} "
                    f"scheme for the {word(k, 4)} district, and {word(k, 5)} answered for the {word(k, 6)} office."
                    for k, day in enumerate(days))


def test_a_long_record_with_a_date_or_two_changed_is_no_form_of_another_day() -> None:
    # two long texts name days in many sentences: one moved is an edit, all moved another day's record
    days = [1 + k % 20 for k in range(60)]
    record = _long_record(days)
    edited = _long_record([day + 10 if k in (5, 30) else day for k, day in enumerate(days)])
    alignment = align_pair(Document("a", record), Document("b", edited))
    assert not dated_again(alignment, _worded(alignment))
    later = _long_record([day + 10 for day in days])
    alignment = align_pair(Document("a", record), Document("b", later))
    assert dated_again(alignment, _worded(alignment))
    # the same edit of a short text (the first six sittings, one moved) is a form of another day, as before
    short, short_edit = _long_record(days[:6]), _long_record([d + 10 if k == 5 else d for k, d in enumerate(days[:6])])
    alignment = align_pair(Document("a", short), Document("b", short_edit))
    assert dated_again(alignment, _worded(alignment))


def test_a_dateline_set_in_odd_case_is_read_as_a_date() -> None:
    # the weekly notice of five weeks later with its dateline set in capitals is a form of another day as it is
    # written in lower case; a story sent again the same day, its dateline mistyped ("APril 3") and a date of its
    # own written in figures where the first wrote it in words, is the same story
    later = PORT_LATER.replace("June 8", "JUNE 8")
    alignment = align_pair(Document("a", PORT), Document("b", later))
    assert dates_named(later) == frozenset({(6, 8)}) and dated_again(alignment, _worded(alignment))
    first = ("DALLAS, April 3 - The pipeline company said it has called for redemption on May four all of its "
             "outstanding 12 pct debentures due 2009, under the indenture's optional redemption terms.")
    again = ("DALLAS, APril 3 - The pipeline company said it called for redemption on May 4 all of its outstanding "
             "12 pct debentures due 2009, under the optional redemption terms of the indenture.")
    assert dates_named(again) == frozenset({(4, 3), (5, 4)})
    alignment = align_pair(Document("a", first), Document("b", again))
    assert not dated_again(alignment, _worded(alignment)) and form_share(alignment, _worded(alignment)) is None
