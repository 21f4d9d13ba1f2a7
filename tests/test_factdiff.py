"""Fact diff: named sentence pairs, the seed pair, a verbatim link read without its facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from dedup.factdiff import diff_facts, diff_links
from dedup.facts import extract_facts

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"


def _labels(source: str, derived: str) -> list[str]:
    return [c.label() for c in diff_facts(source, [(0, len(source))], derived, [(0, len(derived))])]


@pytest.mark.parametrize(
    "source, derived, expected",
    [
        ("It sent 1,000 troops to the border.", "It sent 1,200 troops to the border.", ["1,000 -> 1,200"]),
        ("It sent 1,000 troops and 40 tanks.", "It sent 1,200 troops.", ["1,000 -> 1,200", "dropped: 40"]),
        ("Profit rose 2.5 pct, said Rizhenkov.", "Profit rose 3.5 pct, said Ryzhenkov.",
         ["2.5 pct -> 3.5 pct", "Rizhenkov -> Ryzhenkov"]),
        ("Talks began on July 8 in Minsk.", "Talks began on July 9 in Minsk.", ["July 8 -> July 9"]),
        ("Talks began on July 8 in Minsk.", "Talks began on Monday in Minsk.", ["dropped: July 8", "added: Monday"]),
        ("It paid 5 mln dlrs on March 3.", "It paid $5 million on 3 March.", []),
        ("Deliveries run to June 1988.", "Deliveries run to June\n1988.", []),  # a date hard-wrapped, unchanged
        ("Two years ago, 3 people died.", "2 years ago, three people died.", []),
        ("Troops from Belarus arrived.", "Belarusian troops arrived.", []),
        ("Talks were held in Minsk and Moscow.", "Talks were held in Minsk.", ["dropped: Moscow"]),
        ("Officials said the talks went well.", "Officials of the European Union said the talks went well.",
         ["added: European Union"]),
        ("Talks with Russia and Vladimir Putin went on.", "Talks went on.", ["dropped: Russia", "dropped: Vladimir Putin"]),
        ("Its shares rose 1/4 to 6-1/4 in active trading.", "Its shares rose 3/8 to 6-3/8 in active trading.",
         ["1/4 -> 3/8", "6-1/4 -> 6-3/8"]),
        ("Its shares rose 1/8 to 29-3/8.", "Its shares rose 1/8 to 29-3/8 on the day.", []),
    ],
    ids=["figure", "figure-and-dropped", "share-and-respelt-name", "date", "date-form", "house-style", "date-hard-wrapped",
         "number-words", "inflected-name", "name-dropped", "two-word-name-added", "names-apart-dropped",
         "fraction-prices-changed", "fraction-prices-kept"],
)
def test_changes(source: str, derived: str, expected: list[str]) -> None:
    assert _labels(source, derived) == expected


def test_altered_quotation_is_serious_and_listed_first() -> None:
    changes = diff_facts('He sent 1,000 troops. "We will win," he said.', [(0, 45)],
                         'He sent 1,200 troops. "We shall win," he said.', [(0, 46)])
    assert [(c.kind, c.change, c.serious) for c in changes] == [("quotation", "altered", True),
                                                                ("figure", "changed", False)]


def test_names_at_a_sentence_start_are_not_facts() -> None:
    assert [f.text for f in extract_facts("Officials met. Later, Lukashenko spoke.", [(0, 39)])
            if f.kind == "name"] == ["Lukashenko"]


def test_seed_pair() -> None:
    """The rewrite puts other words in Denisenko's mouth and respells Maxim as Maksim."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not found")
    from dedup import compare

    wire, rewrite = sorted(SEEDS.glob("*.txt"))
    changes = [c for link in diff_links(compare(wire, rewrite).alignment) for c in link.changes]
    altered = [c for c in changes if c.serious]
    assert len(altered) == 1 and altered[0].derived.startswith("Here we will work out all these moments")
    assert ("Maxim", "Maksim") in [(c.source, c.derived) for c in changes if c.change == "changed"]
    assert not [c for c in changes if c.kind == "figure" and c.change == "changed"]


def test_a_pair_whose_links_are_the_same_words_reads_no_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    # reading an article's facts is most of a fact diff's time, and a verbatim copy never needs them
    import dedup.factdiff as factdiff
    from dedup import Document, compare

    text = ("The port authority said on Tuesday that 1,000 dock workers walked out at Harlow, halting container "
            "traffic. Talks between the union and the employers are due to resume on Thursday, it added.")
    read: list[str] = []
    facts = factdiff.all_facts
    monkeypatch.setattr(factdiff, "all_facts", lambda t: read.append(t) or facts(t))
    def pair(derived: str) -> object:
        return compare(Document("a", text), Document("b", derived)).alignment

    assert diff_links(pair(text.replace("Harlow, halting", "Harlow,\nhalting"))) == []
    assert read == []
    changed = diff_links(pair(text.replace("1,000", "1,200")))
    assert [c.label() for link in changed for c in link.changes] == ["1,000 -> 1,200"] and len(read) == 2
