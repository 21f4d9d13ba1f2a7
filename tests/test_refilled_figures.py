"""A linked sentence is refilled (``links_refilled``, a form filled in again) only where each side holds a
figure the other text lacks everywhere, even rounded (:func:`dedup.numerals.unexplained`): a rewrite that
splits or merges sentences carries figures into their neighbours, a broadcast rounds them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dedup.numerals import rounds, unexplained
from tests.test_confidence import FORM_DAY_1, FORM_DAY_2, _refilled

#: A store closure story, and a local paper's version that merges its first two sentences' facts
#: differently: the 17 and the history's 120 years move, each link holds a figure the other link lacks,
#: and the other text holds it in the next sentence.
SPLIT_SOURCE = ("The Marlow & Pike department store chain said on Thursday it would shut 17 of its 48 stores by the end "
                "of May, putting around 1,300 jobs at risk, after a Christmas it called the weakest in its 120-year "
                "history. Takings in the five weeks to January 6 dropped 9.7 percent on a year earlier, and the chain "
                "said it now expected an annual loss of between 24 million and 29 million pounds. Chief executive "
                "Harriet Lomond blamed higher business rates, rising wages and a shift of spending to online shops.")
SPLIT_REWRITE = ("Harbury's Marlow & Pike branch is among 17 stores the department store chain will shut by the end of "
                 "May, putting around 1,300 jobs at risk across the country. The chain said on Thursday that takings "
                 "in the five weeks to January 6 dropped 9.7 percent on a year earlier, in a Christmas it called the "
                 "weakest in its 120-year history. Chief executive Harriet Lomond blamed higher business rates, "
                 "rising wages and a shift of spending to online shops.")
#: A hosepipe ban, and a broadcast script that rounds its figures ("nearly three million" for 2,870,000).
BROADCAST_SOURCE = ("Vale Water will ban hosepipes for 2,870,000 customers across three counties from July 25, after the "
                    "driest spring on record in the region. Its two main reservoirs were 43.6 percent full on "
                    "Wednesday, against an average of 71 percent for mid-July, the company said. It lost 187 million "
                    "litres a day through leaks last year, about a fifth of the water it supplied.")
BROADCAST_SCRIPT = ("Nearly three million customers across three counties are being told to put away their hosepipes "
                    "from July 25, after the driest spring on record in the region. The company's two main reservoirs "
                    "are well under half full, when at this time of year they would usually be at around 70 percent. "
                    "It loses around 190 million litres a day through leaks, about a fifth of the water it supplies.")


def test_a_rewrite_carrying_figures_into_the_next_sentence_refills_nothing() -> None:
    assert _refilled(SPLIT_SOURCE, SPLIT_REWRITE) == 0.0
    assert _refilled(SPLIT_REWRITE, SPLIT_SOURCE) == 0.0


def test_a_broadcast_rounding_its_figures_refills_nothing() -> None:
    assert _refilled(BROADCAST_SOURCE, BROADCAST_SCRIPT) == 0.0
    assert _refilled(BROADCAST_SCRIPT, BROADCAST_SOURCE) == 0.0


def test_a_form_whose_new_figure_was_the_last_one_given_is_still_refilled() -> None:
    # each day gives the new figure and the last one: day 2's "previous" is day 1's figure, held in the
    # other text, but each linked sentence still holds a figure new to the other text
    day_1 = ("The statistics office said the jobless rate rose to 5.1 percent in March from 4.9 percent in "
             "February. Vacancies fell to 712,000 from 750,000 over the quarter, the office said. Regular pay "
             "grew 4.2 percent on the year, down from 4.6 percent, it said.")
    day_2 = (day_1.replace("5.1 percent in March from 4.9", "5.3 percent in April from 5.1")
             .replace("712,000 from 750,000", "689,000 from 712,000").replace("4.2 percent on the year, down from 4.6",
                                                                             "3.9 percent on the year, down from 4.2"))
    assert _refilled(day_1, day_2) == 1.0
    assert _refilled(FORM_DAY_1, FORM_DAY_2) == 1.0


@pytest.mark.parametrize("a, b, rounded", [
    ("3000000", "2870000", True),  # "nearly three million"
    ("70", "71", True), ("190000000", "187000000", True), ("44", "43.6", True), ("20900", "20870", True),
    ("2870000", "3000000", True),  # either way round
    ("20", "22", False),  # a rounding, but 10% off: a form's figure changed
    ("20", "19", False),  # 5.3% off
    ("44.8", "41.5", False), ("5.1", "4.9", False), ("650", "620", False),  # written to the same places
    ("3000000", "2000000", False), ("0", "0.2", False), ("17", "17", False),
])
def test_a_figure_rounds_another_only_to_fewer_places_and_close(a: str, b: str, rounded: bool) -> None:
    assert rounds(Decimal(a), Decimal(b)) is rounded


def test_unexplained_figures_are_those_the_other_side_holds_in_no_form() -> None:
    assert unexplained({"3000000", "140", "61"}, {"2870000", "140", "23"}) == {"61"}
    assert unexplained({"3/15/87", "6-1/4"}, {"3/15/87"}) == {"6-1/4"}  # no single number: held or not
    assert unexplained(set(), {"1"}) == set()
    assert unexplained({"12"}, set()) == {"12"}
