"""dedup.refilled: a form filled in again (sentences with numbers, links and unlinked sentences refilled)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from _verdict_pairs import FORM_DAY_1, FORM_DAY_2, _aligned, _features, _refilled
from dedup.documents import Document
from dedup.features import FEATURES, SIGNS, pair_features
from dedup.sentences import split_sentences
from dedup.verify import score_pair


def test_sentences_filled_in_with_other_figures_tell_a_form() -> None:
    """A form filled in again holds the other day's sentences with other numbers in them (its fixed
    sentence, the same both days, in the base only); a copy holds none, a correction of one figure of
    several one."""
    from dedup.refilled import _form_slots

    day1 = ("The bank accepted 98.7 billion dlrs from 31 bidders on March 4. Bids totalled 120.5 billion dlrs "
            "at a rate of 4.25 pct. The operation ran from 1245 to 1315 hours as every day. The next one is "
            "scheduled for March 5, it said.")
    day2 = day1.replace("98.7", "127.6").replace("31 ", "38 ").replace("March 4", "March 18").replace(
        "120.5", "131.0").replace("4.25", "4.30").replace("March 5", "March 19")
    correction = day1.replace("120.5", "121.5")
    assert _form_slots(day1, day2) == 0.75 and _form_slots(day2, day1) == 0.75  # 3 of 4, 1 fixed
    assert _form_slots(day1, day1) == 0.0
    assert 0.0 < _form_slots(day1, correction) <= 0.25
    assert _form_slots("Rates rose 5 pct on the day.", "Rates rose 6 pct on the day.") == 0.0  # one sentence: too little
    fa, fb = _features(day1, day2)
    assert pair_features(score_pair(fa, fb), fa, fb, texts=(day1, day2))[FEATURES.index("form_slots_share")] == 0.75


def test_linked_sentences_with_their_figures_changed_tell_a_form_from_a_copy() -> None:
    assert _refilled(FORM_DAY_1, FORM_DAY_2) == 1.0  # every linked sentence filled in anew
    assert _refilled(FORM_DAY_1, FORM_DAY_1) == 0.0  # a copy keeps its figures
    # a rewrite that keeps the figures (drops the dateline's, adds none): no sentence refilled
    rewrite = ("The Bank of England forecast a money market shortage of about 450 mln stg for today. Some 650 "
               "mln stg will be drained by bills maturing in official hands, and a rise in note circulation "
               "will take out 50 mln stg. Exchequer transactions and bankers balances above target will add "
               "200 mln stg and 40 mln stg.")
    assert _refilled(FORM_DAY_1, rewrite) == 0.0
    # one that trades the dateline's day for another figure in one sentence reads as that one refilled
    assert _refilled(FORM_DAY_1, rewrite.replace("for today", "today, the most since 1986")) == pytest.approx(1 / 3)
    # one figure corrected in one sentence of three: a third, not a form
    corrected = FORM_DAY_1.replace("650 mln", "620 mln")  # the other figure of the sentence kept
    assert _refilled(FORM_DAY_1, corrected) == pytest.approx(1 / 3)
    assert _refilled(FORM_DAY_2, FORM_DAY_1) == 1.0  # symmetric
    assert SIGNS["links_refilled"] == -1  # it can only lower the confidence


#: A league's results filled in on two match days: the form's fixed wording and its referee kept, the
#: teams and scorers (names, the form's blanks) changed, the scores mostly alike.
ROUND_DAY_1 = ("Northern League results, Saturday. At Millbrook Park, referee Alan Dacre: Halton Rovers 2, Kirkby "
               "Athletic 1, with goals from Sean Tully and Ross Meara for the home side. At Ferry Lane, referee "
               "Paul Inchley: Ashworth Town 1, Selby Wanderers 1, the visitors' goal from Craig Noone. Kick-off "
               "times are subject to change, the secretary of the Northern League said.")
ROUND_DAY_2 = ("Northern League results, Saturday. At Millbrook Park, referee Alan Dacre: Halton Rovers 2, Dunmore "
               "United 1, with goals from Owen Farrow and Lewis Brack for the home side. At Ferry Lane, referee "
               "Paul Inchley: Thornbury Town 1, Selby Wanderers 1, the visitors' goal from Martin Quayle. Kick-off "
               "times are subject to change, the secretary of the Northern League said.")


def test_linked_sentences_with_their_names_changed_tell_a_form_from_a_copy() -> None:
    # the figures agree where they are read (2-1, 1-1: single digits, no figures): the names say it is a
    # form refilled, in each linked sentence that holds names on both sides; the closing sentence, linked
    # as it is with its name, counts in the base only
    assert _refilled(ROUND_DAY_1, ROUND_DAY_2) == pytest.approx(2 / 3)
    assert _refilled(ROUND_DAY_2, ROUND_DAY_1) == pytest.approx(2 / 3)  # symmetric
    assert _refilled(ROUND_DAY_1, ROUND_DAY_1) == 0.0  # a copy keeps its names


#: A rate decision, and its rewrite writing the forecast's range with a hyphen ("6.5-7%" for "6.5% to 7%").
RANGE_SOURCE = ("The central bank kept its key rate at 16 percent on Friday, its press service said. The regulator "
                "estimates annual inflation at the end of the year at 6.5% to 7%, above its target. The next board "
                "meeting on the rate is scheduled for October 25.")
RANGE_REWRITE = ("The central bank left its key rate unchanged at 16 percent after Friday's meeting, the press service "
                 "said. The regulator estimates annual inflation at the end of the year in a range of 6.5-7%, above "
                 "target. The next board meeting on the key rate will take place on October 25.")


def test_a_range_written_with_a_hyphen_is_no_sentence_refilled() -> None:
    # every sentence links and keeps its figures: the range's sentence read as "6.5-7" against "6.5" was
    # a sentence refilled with other figures, a third of them
    _, _, _, alignment = _aligned(RANGE_SOURCE, RANGE_REWRITE)
    assert len([lk for lk in alignment.links if not lk.placed]) == 3
    assert _refilled(RANGE_SOURCE, RANGE_REWRITE) == 0.0


#: A Dutch company report, a desk's rewrite of it that writes its figures otherwise ("1400" for "1.400",
#: "3.5" for "3,5", "1.300.000" for "1,3 miljoen"), and the same form filled in on another day.
DUTCH_SOURCE = ("AMSTERDAM - Het bedrijf boekte vorig jaar een omzet van 1.400 miljoen euro, meldde de directie op "
                "17 maart in een verklaring. De winst van het bedrijf steeg met 3,5 procent tot 2.000 miljoen euro, "
                "aldus de directie. Het aantal klanten van het bedrijf nam vorig jaar toe tot 1,3 miljoen, tegen "
                "1,1 miljoen een jaar eerder.")
DUTCH_REWRITE = ("Het bedrijf boekte in het afgelopen jaar een omzet van 1400 miljoen euro, zo meldde de directie op "
                 "17 maart in een verklaring. De winst van het bedrijf nam toe met 3.5 procent tot 2000 miljoen euro, "
                 "aldus de directie. Het aantal klanten van het bedrijf steeg vorig jaar tot 1.300.000, tegen "
                 "1.100.000 een jaar eerder.")
#: The form filled in on the next day: in each sentence one figure changed beside one kept.
DUTCH_NEXT_DAY = (DUTCH_SOURCE.replace("17 maart", "18 maart").replace("3,5", "4,1")
                  .replace("1,3 miljoen", "1,4 miljoen"))
#: A German rate report and its rewrite writing "1400" for "1.400" and "3.5" for "3,5".
GERMAN_SOURCE = ("FRANKFURT - Die Bank hat im vergangenen Jahr 1.400 neue Stellen geschaffen, teilte das Institut am "
                 "Dienstag mit. Der Gewinn der Bank stieg um 3,5 Prozent auf 2.750 Millionen Euro, sagte der "
                 "Vorstandschef. Die Zahl der Filialen der Bank sank im vergangenen Jahr auf 3.200.")
GERMAN_REWRITE = ("Die Bank hat im vergangenen Jahr 1400 neue Stellen geschaffen, wie das Institut am Dienstag "
                  "mitteilte. Der Gewinn der Bank stieg um 3.5 Prozent auf 2750 Millionen Euro, sagte der "
                  "Vorstandschef. Die Zahl der Filialen der Bank sank im vergangenen Jahr auf 3200.")
ENGLISH_GROUPED = FORM_DAY_1.replace("450 mln", "1,450 mln").replace("650 mln", "2,650 mln")
ENGLISH_UNGROUPED = FORM_DAY_1.replace("450 mln", "1450 mln").replace("650 mln", "2650 mln")


def test_a_rewrite_writing_its_figures_otherwise_is_no_form_refilled() -> None:
    # each side's figures read by value in its language: thousands' full stops, a decimal comma, a million
    # written as a word are the figures the other side writes otherwise (as written, every link refilled)
    assert _refilled(DUTCH_SOURCE, DUTCH_REWRITE) == 0.0
    assert _refilled(DUTCH_REWRITE, DUTCH_SOURCE) == 0.0
    assert _refilled(GERMAN_SOURCE, GERMAN_REWRITE) == 0.0
    assert _refilled(ENGLISH_GROUPED, ENGLISH_UNGROUPED) == 0.0  # English "1,450" / "1450"


def test_a_form_of_two_days_in_a_language_of_decimal_commas_is_still_refilled() -> None:
    assert _refilled(DUTCH_SOURCE, DUTCH_NEXT_DAY) == 1.0  # every value changed, however written
    assert _refilled(ENGLISH_GROUPED, FORM_DAY_2.replace("450 mln", "1,450 mln")
                     .replace("650 mln", "2,650 mln")) == 1.0


#: A ferry operator's service notice filled in on two days: the sentences of figures all changed (the
#: aligner leaves them unlinked, their figures conflicting), the fixed ones kept with their own figures
#: (a phone number, the hour of the next notice).
FERRY_DAY_1 = ("Harbour Lines service notice, 7 a.m. Friday. Sailings on the northern route resumed after 14 "
               "hours of gales, with 23 of the 40 scheduled crossings running. A backlog of 1,150 vehicles is "
               "waiting at the terminals, most of them freight lorries bound for Larne and Cairnryan. Crews "
               "expect to clear 60 percent of the backlog by Saturday night. Passengers should check their "
               "sailing before travelling or call 0800 214 377. Our next notice will be issued at 6 p.m.")
FERRY_DAY_2 = ("Harbour Lines service notice, 7 a.m. Saturday. Sailings on the northern route resumed after 31 "
               "hours of gales, with 36 of the 42 scheduled crossings running. A backlog of 480 vehicles is "
               "waiting at the terminals, most of them freight lorries bound for Cairnryan. Crews "
               "expect to clear 85 percent of the backlog by Sunday night. Passengers should check their "
               "sailing before travelling or call 0800 214 377. Our next notice will be issued at 6 p.m.")
#: Another desk's copy of the first day's notice, one figure corrected ("1,150" written "1,170").
FERRY_COPY = FERRY_DAY_1.replace("1,150", "1,170").replace("Harbour Lines service notice, 7 a.m. Friday. ", "")
#: A rewrite of the first day's notice restating its figures in words and shares.
FERRY_REWRITE = ("The northern route's ferries were sailing again on Friday after fourteen hours of gales, though "
                 "only 23 crossings out of 40 ran. Some 1,150 vehicles, mostly freight lorries heading for Larne "
                 "and Cairnryan, are still queueing at the terminals, and Harbour Lines hopes to have three in five "
                 "of them moving by Saturday night. Travellers were told to check their sailing or call 0800 214 377.")


def test_a_form_whose_refilled_sentences_do_not_link_reads_as_refilled() -> None:
    # its refilled sentences are left unlinked (their figures conflict), and its fixed sentences link with
    # their figures kept: on the links alone a copy (0.0), with the unlinked sentences alike in wording
    # but for figures that differ (three of them) counted as refilled, half of it
    _, _, _, alignment = _aligned(FERRY_DAY_1, FERRY_DAY_2)
    linked = {i for lk in alignment.links if not lk.placed for i in lk.derived_sentences}
    assert len(linked) >= 2 and len(linked) < len(alignment.derived_sentences) - 2
    assert _refilled(FERRY_DAY_1, FERRY_DAY_2) >= 0.5
    assert _refilled(FERRY_DAY_2, FERRY_DAY_1) == _refilled(FERRY_DAY_1, FERRY_DAY_2)  # symmetric
    # a copy keeps its figures, and one corrected reads as one sentence of several; a rewrite restating
    # them rewords its sentences, which are then not alike
    assert _refilled(FERRY_DAY_1, FERRY_DAY_1) == 0.0
    assert _refilled(FERRY_DAY_1, FERRY_COPY) <= 0.25
    assert _refilled(FERRY_DAY_1, FERRY_REWRITE) == 0.0


def test_one_sentence_left_unlinked_with_its_figures_changed_is_a_correction_not_a_form() -> None:
    # one sentence of several with its figures changed is a correction or an update; two or more, a form
    # filled in again (one alone had counted, and its share moved resent stories' confidence)
    one = FERRY_DAY_1.replace("A backlog of 1,150 vehicles", "A backlog of 480 vehicles")
    assert _refilled(FERRY_DAY_1, one) == 0.0
    assert _refilled(FERRY_DAY_1, one.replace("clear 60 percent", "clear 85 percent")) >= 0.5


# --- English multipliers and number words in a link's figures (figures52) ---

#: A wire story and a rewrite restating its figures: "1.3 million" for "1,300,000", "2.5 billion" for "2,500 mln",
#: "2.1 billion" for "2.1 bln", "fourteen" for "14", beside figures kept as written (the sentences link).
ENGLISH_WIRE = ("LONDON, March 17 - The airline said it carried 1,300,000 passengers in February against 1,150,000 a "
                "year earlier, a rise of 13 pct, the company said in a statement. Revenue rose to 2,500 mln dlrs from "
                "2.1 bln dlrs a year earlier, the airline said. The airline said it would add 14 routes to its network "
                "of 120 routes this year.")
ENGLISH_RESTATED = ("The airline carried 1.3 million passengers in February against 1,150,000 a year earlier, a rise "
                    "of 13 pct, the company said in a statement. Revenue rose to 2.5 billion dlrs from 2.1 billion dlrs "
                    "a year earlier, the airline said. The airline said it would add fourteen routes to its network of "
                    "120 routes this year.")


def test_an_english_rewrite_restating_millions_and_number_words_refills_nothing() -> None:
    # as written two sentences of three refilled (0.67): "1,300,000" / "1.3", "2,500" / "2.5"
    assert _refilled(ENGLISH_WIRE, ENGLISH_RESTATED) == 0.0
    assert _refilled(ENGLISH_RESTATED, ENGLISH_WIRE) == 0.0


def test_an_english_form_of_two_days_written_in_millions_is_still_refilled() -> None:
    next_day = (ENGLISH_RESTATED.replace("1.3 million", "1.4 million").replace("13 pct", "22 pct")
                .replace("2.5 billion", "2.7 billion").replace("fourteen routes", "twelve routes"))
    assert _refilled(ENGLISH_WIRE, next_day) == 1.0


#: A price release filled in again the month after, as a Chinese desk writes it: every figure runs into the
#: characters around it, and no sentence ends with a space.
CPI_NOVEMBER = ("国家统计局12日发布数据显示，11月份全国居民消费价格同比上涨0.4%，环比下降0.2%。其中，城市上涨0.5%，农村上涨0.3%。"
                "食品价格上涨1.2%，非食品价格上涨0.2%。1至11月平均，全国居民消费价格比上年同期上涨0.3%。")
CPI_OCTOBER = ("国家统计局12日发布数据显示，10月份全国居民消费价格同比上涨0.2%，环比下降0.1%。其中，城市上涨0.3%，农村上涨0.1%。"
               "食品价格上涨0.9%，非食品价格上涨0.4%。1至10月平均，全国居民消费价格比上年同期上涨0.2%。")


def test_a_chinese_form_filled_in_again_reads_as_refilled() -> None:
    """Its sentences end at the full-width stop, and their words are cut at the digits they run into: each
    sentence of the release, its figures written '#', is the other month's (before, the text was one
    "sentence" and its words held the figures, so nothing read as refilled)."""
    from dedup.refilled import _form_slots, _slot_sentences_py

    assert len(_slot_sentences_py(CPI_NOVEMBER)) == 4
    assert _form_slots(CPI_NOVEMBER, CPI_OCTOBER) == 1.0 and _form_slots(CPI_NOVEMBER, CPI_NOVEMBER) == 0.0
    assert _refilled(CPI_NOVEMBER, CPI_OCTOBER) == 1.0 and _refilled(CPI_NOVEMBER, CPI_NOVEMBER) == 0.0


def test_refilled_unlinked_counts_two_pairs_of_sentences_at_least() -> None:
    from dedup.refilled import refilled_unlinked

    day1 = ("The utility restored power to 182,000 customers by noon. Crews from 14 states were at work. "
            "About 35,000 homes were still dark in the county.")
    day2 = day1.replace("182,000", "221,000").replace("14 states", "16 states")
    one = day1.replace("182,000", "221,000")  # an update of one sentence counts for nothing

    def alignment(a: str, b: str) -> SimpleNamespace:
        doc_a, doc_b = Document("a", a), Document("b", b)
        return SimpleNamespace(source_document=doc_a, derived_document=doc_b, regions=(),
                               source_sentences=split_sentences(a), derived_sentences=split_sentences(b))

    assert refilled_unlinked(alignment(day1, day2), []) == 2
    assert refilled_unlinked(alignment(day1, one), []) == 0 and refilled_unlinked(alignment(day1, day1), []) == 0


#: A rewrite restating its source's figures to fewer digits ("more than 318,000" for "318,452"), as desks do, each
#: sentence keeping another figure as written.
ROUNDED_SOURCE = ("The jobless rate rose to 4.3 pct in November as 318,452 people were out of work, the labour office said "
                  "on Monday. Vacancies fell by 3.9 pct to 247,103 in November, the labour office said in its monthly report. "
                  "Foreign job seekers made up 8.4 pct of the total with 26,715 people in November, the office said.")
ROUNDED_REWRITE = ("More than 318,000 people were out of work in November and the jobless rate rose to 4.3 pct, the labour "
                   "office said on Monday. Vacancies fell by 3.9 pct to about 247,000 in November, the labour office said in "
                   "its monthly report. Almost 27,000 foreign job seekers made up 8.4 pct of the total in November, the office said.")


def test_a_rewrite_rounding_its_figures_is_no_form_refilled() -> None:
    # "318,000" is "318,452" to three digits: the same figure restated, where a form's figures change their digits
    # (the money-market form's "450 mln" and "400 mln" stay apart: the tests above)
    assert _refilled(ROUNDED_SOURCE, ROUNDED_REWRITE) == 0.0


@pytest.mark.parametrize(("a", "b", "alike"), [
    ("22000", "22417", True), ("800000", "791412", True), ("4000", "4318", True), ("23400000000", "23412000000", True),
    ("22000", "23417", False), ("4", "4.2", False), ("4000", "4000", False), ("400000000", "450000000", False),
    ("1400", "1450", False), ("1300", "1287", True), ("30", "31", False), ("300", "315.443.5711", False),
    ("315.443.5711", "300", False),
])
def test_a_figure_rounded_to_two_digits_fewer_is_alike(a: str, b: str, alike: bool) -> None:
    from dedup.refilled import rounded_alike

    assert rounded_alike(a, b) is alike and rounded_alike(b, a) is alike


def test_a_figure_said_to_be_approximate_restates_one_of_any_precision() -> None:
    """"gairebé 4.800" (nearly 4,800) for "4.812", "करिब १५" (about 15) for "14.8": one digit fewer, which
    :func:`rounded_alike` leaves apart (a form's "450 mln" and "400 mln"); the text's word for "nearly" says it is
    the same figure rounded, where the other side says it exactly. Without that word, the figures stay apart."""
    from dedup.hedged import unhedged_apart
    from dedup.refilled import _unrounded

    assert unhedged_apart(frozenset({"4800"}), frozenset({"4800"}), frozenset({"4812"}), frozenset()) == frozenset()
    assert unhedged_apart(frozenset({"15"}), frozenset({"15"}), frozenset({"14.8"}), frozenset()) == frozenset()
    assert _unrounded(frozenset({"15"}), frozenset({"14.8"})) == {"15"}
    assert _unrounded(frozenset({"642300000000"}), frozenset({"642000000000"})) == {"642300000000"}
    assert unhedged_apart(frozenset({"642000000000"}), frozenset({"642000000000"}), frozenset({"642300000000"}),
                          frozenset()) == frozenset()
    assert unhedged_apart(frozenset({"400"}), frozenset({"400"}), frozenset({"460"}), frozenset()) == {"400"}  # no 460 rounded
    # hedged on both sides, as a form keeps "about 4.800" from day to day: apart
    assert unhedged_apart(frozenset({"4800"}), frozenset({"4800"}), frozenset({"4812"}), frozenset({"4812"})) == {"4800"}


def test_a_figure_called_approximate_in_its_own_language_refills_nothing() -> None:
    """The same read on a link of two Catalan sentences: "uns 240 quilòmetres" (some 240) for "236 quilòmetres" is
    no figure refilled; "240" with no word for "about" is, as is "310"."""
    wire = ("El govern va aprovar ahir una inversió de 4.812 milions d'euros per a la xarxa de trens de rodalies de "
            "Barcelona, segons va informar el departament. La consellera va dir que les obres afectaran 236 quilòmetres "
            "de via i 41 estacions de tota la xarxa. Segons el departament, el nombre de viatgers va créixer un 14,8 "
            "per cent l'any passat a tota la xarxa.")
    rewrite = wire.replace("236 quilòmetres", "uns 240 quilòmetres").replace("4.812", "gairebé 4.800").replace(
        "un 14,8", "gairebé un 15")
    assert _refilled(wire, rewrite) == 0.0 and _refilled(rewrite, wire) == 0.0
    assert _refilled(wire, rewrite.replace("uns 240", "240")) == 1.0
    assert _refilled(wire, rewrite.replace("uns 240", "310")) == 1.0


def test_figures_said_roughly_where_the_other_side_says_them_exactly_refill_nothing() -> None:
    """A broadcast script says "nearly three billion dollars" for $2.94 billion, "almost ten million" for 9.8
    million, "about twelve per cent" for 12.4 per cent: each linked sentence holds figures the other lacks,
    each a rounding of the other's after a hedge (:mod:`dedup.hedged`), and no figure refilled. The same
    sentences with the figures themselves changed are refilled."""
    wire = ("The department awarded $2.94 billion in grants to repair 61 bridges in 37 states on Tuesday. "
            "The department said the bridges carry a combined 9.8 million vehicles a week across the country. "
            "Compared with last year, sales of the permits were down 12.4 per cent, the department said.")
    script = ("The department awarded nearly three billion dollars in grants to repair bridges in thirty-seven states "
              "today. The department said the bridges carry almost ten million vehicles a week across the country. "
              "Compared with last year, sales of the permits were down about twelve per cent, the department said.")
    assert _refilled(wire, script) == 0.0 and _refilled(script, wire) == 0.0
    other = script.replace("three billion", "five billion").replace("ten million", "seven million").replace(
        "twelve", "seventeen")
    assert _refilled(wire, other) > 0.5


def test_a_figure_said_as_a_half_after_a_hedge_refills_nothing() -> None:
    """"just over thirty-one and a half thousand" for 31,640 (the nearest half thousand, :func:`dedup.hedged.approximates`)
    and "about eight per cent" for 8.2: no figure refilled; the same half without its hedge is a figure refilled."""
    wire = ("The port handled 31,640 containers in November, up 8.2 per cent from a year earlier, its authority said "
            "on Monday. The authority said 412 ships called at its two terminals during the month of November.")
    script = ("The port handled just over thirty-one and a half thousand containers last month, up about eight per "
              "cent from a year earlier, its authority said. The authority said 412 ships called at its two terminals "
              "during the month.")
    assert _refilled(wire, script) == 0.0 and _refilled(script, wire) == 0.0
    assert _refilled(wire, script.replace("just over thirty-one and a half", "thirty-one and a half")
                     .replace("about eight", "eight")) == 0.5


def _joined_refilled(source: str, derived: str, cut: int, gap: int = 1) -> bool:
    """:func:`dedup.refilled._figures_refilled` of a link whose source side is ``source`` cut at ``cut`` in two
    spans, its derived side ``derived`` whole (English)."""
    from dedup.figure_sets import link_figures
    from dedup.refilled import _figures_refilled

    link = SimpleNamespace(source_spans=[(0, cut), (cut + gap, len(source))], derived_spans=[(0, len(derived))])
    fs = frozenset(link_figures(source, link.source_spans, False))
    fd = frozenset(link_figures(derived, link.derived_spans, False))
    return _figures_refilled(source, derived, link, fs, fd, (False, False), (None, None))


def test_a_link_joining_two_statements_is_refilled_only_where_each_holds_a_figure_apart() -> None:
    """A rewrite that joins two of the other side's sentences in one link keeps the figures of one ("23 of its 61
    shops" for "23 stores") and brings the other's fact ("11.4 per cent") along: each side holds a figure the other
    lacks, yet one joined sentence holds none apart, and the link is no form refilled. A form's two sentences joined
    and filled in again each hold figures apart: refilled."""
    wire = "The chain will close 23 stores by the end of April. Sales fell 11.4 per cent in the six weeks to January."
    local = "The chain said it would close 23 of its 61 shops by the end of April, including the one in town."
    assert not _joined_refilled(wire, local, wire.index(" Sales"))
    day1 = "The bank bought 98.7 billion at an average rate of 4.25 pct. Bids totalled 120.5 billion from 31 banks."
    day2 = "The bank bought 127.6 billion at an average rate of 4.30 pct, with bids of 131.0 billion from 38 banks."
    assert _joined_refilled(day1, day2, day1.index(" Bids"))


def test_a_sentence_cut_at_a_line_is_one_statement_and_read_whole() -> None:
    """A dateline's line cut before its sentence goes on is no statement of its own: a form's dateline day and its
    other figures changed read as refilled, one figure kept or not."""
    day1 = "WASHINGTON, March 24 - The Commodity Credit Corporation\n(CCC) has switched 25.0 mln dlrs in guarantees."
    day2 = "WASHINGTON, March 9 - The Commodity Credit Corporation, CCC, has authorized 25.0 mln dlrs for 103 firms."
    assert _joined_refilled(day1, day2, day1.index("\n"))
    wire = "The chain will close 23 stores by the end of April\nand sales fell 11.4 per cent in the six weeks."
    local = "The chain said it would close 23 of its 61 shops by the end of April, including the one in town."
    assert _joined_refilled(wire, local, wire.index("\n"))  # one sentence cut at a line: read whole, as before


def test_a_form_keeping_its_half_and_its_hedge_from_day_to_day_stays_refilled() -> None:
    """A weekly review says "about two and a half million barrels" one week and "about 2.46 million" the next,
    both hedged: no side says the figure exactly, and the half takes nothing back."""
    week1 = ("Stocks at the hub stood at about two and a half million barrels on Friday, the operator said in its weekly "
             "review. Deliveries to the refineries averaged 412,000 barrels a day during the week, the operator said.")
    week2 = ("Stocks at the hub stood at about 2.46 million barrels on Friday, the operator said in its weekly review. "
             "Deliveries to the refineries averaged 398,000 barrels a day during the week, the operator said.")
    assert _refilled(week1, week2) == 1.0
    assert _refilled(week1, week2.replace("about 2.46", "2.46")) == 0.0  # said exactly: the half a rounding of it
