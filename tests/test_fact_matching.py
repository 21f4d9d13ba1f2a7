"""Facts matched across two texts: moved, respelt, replaced (``dedup.fact_matching``)."""

from __future__ import annotations

from dedup.factdiff import diff_facts
from dedup.facts import extract_facts


def _labels(source: str, derived: str) -> list[str]:
    return [c.label() for c in diff_facts(source, [(0, len(source))], derived, [(0, len(derived))])]


def test_a_fact_moved_to_another_sentence_is_not_dropped() -> None:
    source = "It sent 1,000 troops. They arrived on Monday."
    derived = "It sent troops. The 1,000 soldiers arrived on Monday."
    first = diff_facts(source, [(0, 21)], derived, [(0, 15)],
                       source_all=extract_facts(source, [(0, len(source))]),
                       derived_all=extract_facts(derived, [(0, len(derived))]))
    assert first == []


def test_a_name_replaced_at_a_sentence_start_is_found_where_the_texts_name_it_inside_one() -> None:
    """A rewrite that gives the words to another speaker: "Moore said" / "Lamy said", both names the
    texts capitalise inside a sentence too (a capital that only ever opens one stays no name)."""
    source = "Trade minister Mike Moore spoke. Moore said the talks went well."
    derived = "WTO head Pascal Lamy spoke. Lamy said the talks went well."
    changes = diff_facts(source, [(33, len(source))], derived, [(28, len(derived))],
                         source_all=extract_facts(source, [(0, len(source))]),
                         derived_all=extract_facts(derived, [(0, len(derived))]))
    assert [c.label() for c in changes] == ["added: Lamy", "dropped: Moore"]
    assert _labels("Moore said the talks went well.", "Lamy said the talks went well.") == []
