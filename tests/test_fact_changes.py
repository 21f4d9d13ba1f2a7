"""A fact diff's changes and their counts as the reports say them (``dedup.fact_changes``)."""

from __future__ import annotations

from dedup.fact_changes import Change, LinkChanges, summarize, summary_text


def test_summary() -> None:
    links = [LinkChanges(0, (Change("figure", "changed", "1", "2"), Change("figure", "changed", "3", "4"))),
             LinkChanges(3, (Change("quotation", "altered", "a b c", "a b d"), Change("name", "dropped", "X")))]
    counts = summarize(links)
    assert counts == {"quotation altered": 1, "figure changed": 2, "name dropped": 1}
    assert summary_text(counts) == "1 quotation altered, 2 figures changed, 1 name dropped"
    assert summary_text({}) == "no facts changed"
