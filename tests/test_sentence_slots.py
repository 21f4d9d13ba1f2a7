"""dedup.sentence_slots: a sentence's words and figures as a form's, and two wordings alike but for their figures."""

from __future__ import annotations


def test_sentences_left_unlinked_count_only_when_alike_but_for_figures_that_differ() -> None:
    from dedup.sentence_slots import alike_but_figures

    day1 = "sailings resumed after hours of gales with of the scheduled crossings running".split()
    assert alike_but_figures(day1, day1)
    assert alike_but_figures(day1, [w for w in day1 if w != "scheduled"])  # a word of a list dropped
    reworded = "the ferries were sailing again after hours of gales though only crossings out of ran".split()
    assert not alike_but_figures(day1, reworded)


def test_a_story_sent_again_with_its_datelines_day_changed_refills_no_unlinked_sentence() -> None:
    # the same story sent on another day, its opening sentence's dateline day changed: were that sentence
    # left unlinked, a day of the month is no form's figure, so the pair of it counts for nothing; the
    # same sentence with another count of ships waiting is one refilled
    from dedup.sentence_slots import with_figures

    day1 = "PORTLAND, April 21 - There were 5 grain ships loading and 13 ships waiting to load at the port."
    sentence = [type("S", (), {"start": 0, "end": len(day1), "text": day1})()]
    day2 = day1.replace("April 21", "April 23")
    (words_1, figures_1), = with_figures(day1, sentence, False)
    (words_2, figures_2), = with_figures(day2, sentence, False)
    assert words_1 == words_2 and figures_1 == figures_2 == {"13"}
    (_, figures_3), = with_figures(day2.replace("13 ships", "17 ships"), sentence, False)
    assert figures_1 - figures_3 and figures_3 - figures_1


def test_without_days_leaves_out_a_dates_day_of_the_month() -> None:
    from dedup.figure_sets import link_figures
    from dedup.sentence_slots import without_days

    text = "LONDON, March 17 - 450 mln stg on 8 July 2024, in 1987 and at 12.5 pct"
    # "450 mln" by value (figures52: English words for millions multiply their figure)
    assert link_figures(text, [(0, len(text))], False) == {"17", "450000000", "2024", "1987", "12.5"}
    assert link_figures(text, without_days(text, (0, len(text))), False) == {"450000000", "2024", "1987", "12.5"}
    # a date's year stays, so that a date on one side and the year alone on the other keep it alike
    dated = "welcomed 14 recruits on December 2, 2007 and 21 more"
    assert link_figures(dated, without_days(dated, (0, len(dated))), False) == {"14", "2007", "21"}
    assert without_days(text, (0, 6), (8, 12)) == [(0, 6), (8, 12)]  # a date across two stretches: in neither


def test_words_are_cut_at_digits_only_in_the_scripts_whose_figures_run_into_them() -> None:
    from dedup.sentence_slots import LETTERS, WORD_PART

    assert LETTERS.findall("同比上涨0.4%，环比下降0.2%") == ["同比上涨", "环比下降"]
    assert [w for w in WORD_PART.findall("covid19 cases rose") if not w[0].isdigit()] == ["covid19", "cases", "rose"]


def test_alike_wording_reads_two_stretches_words_without_their_figures() -> None:
    from dedup.sentence_slots import alike_wording

    a = "There were 4 ships loading and 9 waiting at the port on May 4."
    b = "There were 12 ships loading and 5 waiting at the port on June 8."
    assert alike_wording(a, [(0, len(a))], b, [(0, len(b))])
    assert alike_wording(a, [(0, 26), (27, len(a))], b, [(0, len(b))])  # a side of two spans read as one
    assert not alike_wording(a, [(0, 16)], b, [(0, 17)])  # fewer than four words
    c = "The port said more ships were loading there than in May, at a faster pace."
    assert not alike_wording(a, [(0, len(a))], c, [(0, len(c))])


def test_alike_wording_may_leave_the_months_named_out_as_a_forms_slots() -> None:
    from dedup.sentence_slots import MONTH, alike_wording

    a = ("Export refunds for white sugar will stay at 45.5 Ecus for the week starting March 23, European Commission "
         "officials said.")
    b = "Export refunds, ERs, will stay at 45.5 Ecus for the week starting April 6, EC Commission officials said."
    assert not alike_wording(a, [(0, len(a))], b, [(0, len(b))])  # "march" against "april": under the bar
    assert alike_wording(a, [(0, len(a))], b, [(0, len(b))], months=True)
    c = "The port said more ships were loading there than in May, at a faster pace than in June."
    assert not alike_wording(a, [(0, len(a))], c, [(0, len(c))], months=True)  # other words stay other words
    assert [m.lastindex for m in MONTH.finditer("Sept 3, Feb. and May; may not, APril")] == [9, 2, 5]


def test_a_months_name_in_odd_case_beside_a_day_is_read_as_a_month() -> None:
    # wire copy set in capitals, or a key held down: "APril 3" and "3 APRIL" are dates as "April 3" is; a name
    # all in lower case, or in capitals with no day beside it, stays (the verb "may", a line set in capitals)
    from dedup.sentence_slots import alike_wording, date_spans, months_cased, without_days

    assert months_cased("DALLAS, APril 3 - by aPRIL 30 or 3 JUNE") == "DALLAS, April 3 - by April 30 or 3 June"
    assert months_cased("SHARES MAY RISE, it may 4 times") == "SHARES MAY RISE, it may 4 times"
    assert months_cased("MAY 4, 1987") == "May 4, 1987" and months_cased("the SEPT. 12 meeting") == "the Sept. 12 meeting"
    text = "DALLAS, APril 3 - The company called its 16 pct debentures for redemption."
    assert date_spans(text) == [(8, 15)]
    assert without_days(text, (0, len(text))) == [(0, 14), (15, len(text))]  # the day left out, as of "April 3"
    weekly = "for the week starting APRIL 6, the office said of its 12 ships waiting"
    again = "for the week starting March 23, the office said of its 14 ships waiting"
    assert alike_wording(weekly, [(0, len(weekly))], again, [(0, len(again))], months=True)


def test_every_casing_of_a_month_beside_a_day_reads_as_the_month_whatever_the_quick_search_skips() -> None:
    # months_cased first asks whether a name has a capital past its first letter, and gives the text back when none
    # has: every casing of "april 3" and "3 may" is read as before that search (lower case alone left as it is)
    from itertools import product

    from dedup.sentence_slots import months_cased

    for word, template in (("april", "DALLAS, {} 3 - the bonds"), ("may", "due by 3 {}; rates")):
        for caps in product((str.lower, str.upper), repeat=len(word)):
            name = "".join(f(c) for f, c in zip(caps, word))
            text = template.format(name)
            want = text if name.islower() else template.format(name.capitalize())
            assert months_cased(text) == want, name
