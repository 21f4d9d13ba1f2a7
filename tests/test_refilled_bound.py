"""The refilled links read only for a pair that may reach the bar whatever they are: the bound over their
values holds every value's confidence, and a vector completed afterwards is the one read at once."""

from __future__ import annotations

import numpy as np
import pytest

from _verdict_pairs import CEILING_PAIRS, FORM_DAY_1, FORM_DAY_2, _aligned, _features
from dedup.confidence import default_model
from dedup.features import LINKS_REFILLED, links_refilled, with_alignment


@pytest.mark.parametrize("a, b", CEILING_PAIRS + [(FORM_DAY_1, FORM_DAY_2)])
def test_the_bound_over_the_refilled_links_holds_each_of_their_values(a: str, b: str) -> None:
    unaligned, aligned, _, alignment = _aligned(a, b)
    model = default_model()
    bound = model.bound_over(aligned, LINKS_REFILLED, 0.0, 1.0)
    for value in np.linspace(0.0, 1.0, 11):
        x = aligned.copy()
        x[LINKS_REFILLED] = value
        assert model.judge(x).confidence <= bound
    # the vector without them, completed with them, is the one read at once, bit for bit
    from dedup.verify import link_facts

    fa, fb = _features(a, b)
    facts = link_facts(fa, fb, alignment, "a")
    later = with_alignment(unaligned, alignment, facts, refilled=False)
    later[LINKS_REFILLED] = links_refilled(alignment)
    assert later.tobytes() == with_alignment(unaligned, alignment, facts).tobytes() == aligned.tobytes()
