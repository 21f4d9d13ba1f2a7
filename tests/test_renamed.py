"""dedup.renamed: names a linked sentence holds that the other text holds nowhere."""

from __future__ import annotations

import pytest

from _verdict_pairs import _aligned, _refilled


#: A rate decision and a rewrite of it that names the bank by its initials and its short name, moves a
#: name to another sentence and adds a spokesman's name.
NAMED_SOURCE = ("The European Central Bank left its deposit rate unchanged on Thursday, President Christine "
                "Lagarde told reporters in Frankfurt. The Federal Reserve is expected to cut its rates in "
                "September, analysts at Commerzbank said. Bank of England policymakers meet next week in London.")
NAMED_REWRITE = ("The ECB kept its deposit rate on hold on Thursday, Christine Lagarde told reporters, a spokesman, "
                 "Peter Ehrlich, said in Frankfurt. Analysts at Commerzbank said the Fed is expected to cut rates "
                 "in September. BoE policymakers meet in London next week.")


def test_a_rewrite_naming_by_initials_or_adding_a_name_refills_nothing() -> None:
    _, _, _, alignment = _aligned(NAMED_SOURCE, NAMED_REWRITE)
    assert len([lk for lk in alignment.links if not lk.placed]) >= 2  # the sentences link
    assert _refilled(NAMED_SOURCE, NAMED_REWRITE) == 0.0
    assert _refilled(NAMED_REWRITE, NAMED_SOURCE) == 0.0


@pytest.mark.parametrize("names, other, new", [
    ({("european", "central", "bank")}, "The ECB said.", False),  # initials of the name
    ({("ecb",)}, "The European Central Bank said.", False),  # the name spelled out
    ({("boe",)}, "The Bank of England said.", False),  # initials over a small word
    ({("federal", "reserve")}, "The Fed said.", False),  # a short name: one word of it is enough
    ({("fed",)}, "The Federal Reserve said.", False),
    ({("lagarde",)}, "Lagarde said so.", False),  # opening a sentence there
    ({("gary", "pollard")}, "Trial continues, Bradley Stott (murder).", True),
    ({("janet", "oldroyd")}, "Court 4, Tracey Lumb, Imran Saeed, of the town.", True),  # "of" spells no initials
], ids=["initials", "spelled-out", "small-word", "short-name", "long-name", "sentence-start", "other-name", "no-acronym"])
def test_a_name_is_new_only_when_the_other_text_holds_it_in_no_form(names, other, new) -> None:
    from dedup.renamed import _new_names

    assert _new_names(names, other) is new
