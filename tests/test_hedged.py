"""dedup.hedged: figures said roughly after a hedge, and the exact figure each rounds."""

from __future__ import annotations

import pytest

from dedup.hedged import approximates, hedged_figures, unhedged_apart


def _hedged(text: str) -> list[str]:
    return sorted(hedged_figures(text, [(0, len(text))]))


@pytest.mark.parametrize("text, values", [
    ("The department handed out nearly three billion dollars in grants.", ["3000000000"]),
    ("Those bridges carry almost ten million vehicles a week.", ["10000000"]),
    ("Sales are down about twelve per cent.", ["12"]),
    ("The biggest check, more than $400 million, goes to St. Louis.", ["400000000"]),
    ("It uses some 50 million gallons, which flows out to sea.", ["50000000"]),
    ("Roughly 42,000 were rated poor, down from 47,000 five years earlier.", ["42000"]),
    ("Prices were close to 12.5 per cent higher.", ["12.5"]),
])
def test_a_figure_after_a_hedge_is_read_up_to_its_clauses_end(text: str, values: list[str]) -> None:
    """The figure after "nearly", "almost", "about", "more than", "some", "roughly", "close to", in words or
    digits, with its word for millions; a figure of the same sentence after the clause's end is not hedged
    (47,000 above)."""
    assert _hedged(text) == values


def test_a_figure_said_exactly_or_after_over_and_under_is_not_hedged() -> None:
    """No hedge, no hedged figure; plain "over" and "under" say a time as often ("over five years")."""
    assert _hedged("The programme was funded at $12.5 billion over 15 years.") == []
    assert _hedged("Sales fell 8.7 per cent, under 12 per cent in Toronto.") == []
    assert hedged_figures("", []) == frozenset()


@pytest.mark.parametrize("rough, exact", [
    ("3000000000", "2940000000"), ("10000000", "9800000"), ("12", "12.4"), ("12", "11.8"), ("9", "8.7"),
    ("400000000", "412000000"), ("717000", "716900"), ("40", "38"),
])
def test_a_rough_figure_is_the_exact_one_rounded_to_its_own_digits(rough: str, exact: str) -> None:
    assert approximates(rough, exact)


@pytest.mark.parametrize("rough, exact", [
    ("400", "450"),        # half up: 450 is 500 to one digit
    ("12", "13.6"),        # another figure
    ("4.6", "4.7"),        # as many digits: a form's figure changed
    ("12", "12"),          # the same figure is no rounding
    ("120", "12.4"),       # another order of magnitude
    ("6-3/8", "6.375"),    # no value
    ("5", "0"),
])
def test_a_figure_is_no_rounding_of_another_or_of_one_as_precise(rough: str, exact: str) -> None:
    assert not approximates(rough, exact)


def test_only_a_figure_hedged_on_one_side_and_exact_on_the_other_is_taken_back() -> None:
    """A rewrite says "about twelve" for 12.4 (taken back); a form filled in again keeps its hedge on both
    days ("about 400" and "about 420": both hedged, both kept apart); a figure not hedged stays."""
    assert unhedged_apart(frozenset({"12"}), frozenset({"12"}), frozenset({"12.4"}), frozenset()) == frozenset()
    assert unhedged_apart(frozenset({"400"}), frozenset({"400"}), frozenset({"420"}), frozenset({"420"})) == {"400"}
    assert unhedged_apart(frozenset({"12"}), frozenset(), frozenset({"12.4"}), frozenset()) == {"12"}


@pytest.mark.parametrize("rough, exact", [
    ("31500", "31640"),         # "thirty-one and a half thousand": the nearest half thousand
    ("2500000", "2460000"),     # "two and a half million"
    ("500000", "460000"),       # "half a million", read as 500000
    ("12.5", "12.38"),          # "twelve and a half per cent"
    ("31500", "31250"),         # a tie rounds half up, as rounds_to does
])
def test_a_half_said_of_a_unit_or_a_thousand_is_the_exact_figure_rounded_to_the_nearest_half(rough: str, exact: str) -> None:
    assert approximates(rough, exact)


@pytest.mark.parametrize("rough, exact", [
    ("15000", "13000"),    # a 5 of ten thousands is no half a speaker says
    ("31500", "31800"),    # nearer 32,000
    ("31500", "31200"),    # nearer 31,000
    ("12.5", "12.4"),      # as precise: a form's figure changed
    ("2500000", "2500000"),
])
def test_a_figure_that_is_no_half_or_not_the_nearest_half_is_no_rounding(rough: str, exact: str) -> None:
    assert not approximates(rough, exact)


def test_rounds_to_is_the_one_rounding_of_both_readings() -> None:
    """The plain rounding is the stricter rule's (:func:`dedup.refilled.rounded_alike`) and a part of the hedged one:
    a half is read only where a figure is said to be approximate."""
    from dedup.hedged import rounds_to
    from dedup.refilled import rounded_alike

    assert rounds_to("22000", "22417") and rounded_alike("22000", "22417")
    assert not rounds_to("31500", "31640") and approximates("31500", "31640")
    assert not rounded_alike("2500000", "2310000") and approximates("2500000", "2310000")
    assert rounds_to("4400", "4420") and not rounded_alike("4400", "4420")  # one digit fewer: a hedge needed


def test_a_half_said_after_a_hedge_is_read_as_one_figure() -> None:
    assert _hedged("Sales came to just over thirty-one and a half thousand units.") == ["31500"]
    assert _hedged("The fund holds about two and a half million dollars.") == ["2500000"]


def test_figures_longer_than_decimals_default_precision_are_read_not_raised() -> None:
    """A run of thirty digits and more (a code, a number read from a table's row) is rounded as exactly as any
    figure: decimal's default precision of 28 digits raised InvalidOperation on it."""
    from dedup.hedged import rounds_to
    from dedup.refilled import rounded_alike

    long_rough, long_exact = "1" + "2" * 29 + "00", "1" + "2" * 29 + "04"
    assert rounds_to(long_rough, long_exact) and rounded_alike("1" + "2" * 29 + "0000", "1" + "2" * 29 + "0412")
    assert not rounds_to(long_rough, "1" + "2" * 29 + "51")
    assert approximates("1" + "5" + "0" * 40, "1" + "4" + "9" * 38 + "12")
