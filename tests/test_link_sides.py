"""link_sides: the short statements of a figure a side's counts find."""

from __future__ import annotations

import numpy as np
import pytest

from dedup.link_sides import Side


def _side(content: list[int], figures: list[int]):  # type: ignore[no-untyped-def]
    from dedup.link_sides import Side

    return Side((), frozenset(), lambda k: [], np.array(content), np.array(figures))


@pytest.mark.parametrize("content_a, figures_a, content_b, figures_b, shared, linkable, expected", [
    (2, 1, 5, 2, 2, True, True),     # a's two words both in b, figures agree
    (5, 2, 2, 1, 2, True, True),     # the other way round
    (3, 1, 4, 1, 2, True, False),    # neither shares all its words
    (2, 0, 5, 2, 2, True, False),    # a states no figure
    (2, 1, 5, 0, 2, True, False),    # b states none to agree with
    (2, 1, 5, 2, 2, False, False),   # figures in conflict
    (1, 0, 1, 1, 1, True, False),    # one word is not a statement
    (2, 2, 2, 2, 2, True, False),    # as many figures as words: a table's row
], ids=["a-short", "b-short", "neither-whole", "no-figure-a", "no-figure-b", "figures-differ", "one-word", "table-row"])
def test_short_statements(content_a: int, figures_a: int, content_b: int, figures_b: int, shared: int,
                          linkable: bool, expected: bool) -> None:
    from dedup.link_sides import short_statements

    found = short_statements(_side([content_a], [figures_a]), _side([content_b], [figures_b]),
                             np.array([[shared]]), np.array([[linkable]]))
    assert found.tolist() == [[expected]]
