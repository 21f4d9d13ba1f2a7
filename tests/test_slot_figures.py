"""Tests of dedup.slot_figures: a form's slots compared figure by figure."""

from collections import Counter

from dedup.slot_figures import apart, apart_counted, digits, rounded


def test_a_figure_and_its_scaled_digits_are_one() -> None:
    assert digits("181000000") == digits("181") == "181" and digits("1.50") == "15" and digits("3/4") == "3/4"


def test_a_figure_rounded_is_kept_but_a_round_figure_of_one_digit_is_a_slot() -> None:
    assert rounded("3612000", "3600000") and rounded("46.08", "46.1")  # "rund 3,6 Millionen"
    assert not rounded("35", "40") and not rounded("405.5", "409.25") and not rounded("3.4", "2.9")
    assert not rounded("3/4", "3")  # a fraction is no decimal figure
    assert not apart(frozenset({"3612000", "96000"}), frozenset({"3600000", "96000"}))
    assert apart(frozenset({"450", "40"}), frozenset({"400", "35"}))


def test_a_figure_held_in_more_cells_is_apart_only_when_both_sides_hold_it() -> None:
    assert apart_counted(frozenset({"4.65"}), Counter({"465": 2}), frozenset({"4.6", "4.65"}),
                         Counter({"46": 1, "465": 1}))
    # "3,612,000" restated rounded as "3,600,000": no figure of the other in more cells, none apart
    assert not apart_counted(frozenset({"3612000"}), Counter({"3612": 1}), frozenset({"3600000"}), Counter({"36": 1}))
