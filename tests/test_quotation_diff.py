"""Quotations compared: shortened, paraphrased, altered, a slip of the keys (``dedup.quotation_diff``)."""

from __future__ import annotations

import pytest

from dedup.factdiff import diff_facts


def _labels(source: str, derived: str) -> list[str]:
    return [c.label() for c in diff_facts(source, [(0, len(source))], derived, [(0, len(derived))])]


@pytest.mark.parametrize(
    "derived, expected",
    [
        ('"We will win this war," he said.', []),
        ("He said they would win the war by spring.", ["quotation dropped"]),
        ('"We will surely win this war by summer," he said.', ["quotation altered"]),
    ],
    ids=["shortened-is-fine", "paraphrased", "reworded"],
)
def test_quotations(derived: str, expected: list[str]) -> None:
    source = '"We will win this war by spring," he said.'
    changes = diff_facts(source, [(0, len(source))], derived, [(0, len(derived))])
    assert [f"{c.kind} {c.change}" for c in changes] == expected


@pytest.mark.parametrize(
    "source, derived, expected",
    [
        ('"We will communicate the message to the Community," he said.',
         '"We will communciate the message to the Community," he said.', []),
        ('"It will be back on the table again," he said.', '"It wil be back on the table again," he said.', []),
        ('"It changes our acquisitions policy," he said.', '"It changes our acquistions policy," he said.', []),
        ('"You should recognise our offer," he said.', '"You should recognize our offer," he said.', []),
        ('"We will cut the debt by 300 million dollars this year," he said.',
         '"We will cut the debt by 300 mln dlrs this year," he said.', []),
        ('"Inflation will reach 5 per cent," he said.', '"Inflation will reach 5 pct," he said.', []),
        ('"We will not sign the deal," he said.', '"We will now sign the deal," he said.', ["quotation altered"]),
        ('"We lost 300 million dollars," he said.', '"We lost 300 billion dollars," he said.', ["quotation altered"]),
        ('"We will review the plan," he said.', '"We will review the plans," he said.', ["quotation altered"]),
    ],
    ids=["letters-swapped", "letter-doubled", "letter-left-out", "s-for-z", "house-style-figure", "per-cent",
         "not-now-is-altered", "million-billion-is-altered", "plural-is-altered"],
)
def test_a_slip_of_the_keys_or_house_style_inside_a_quotation_is_no_alteration(source: str, derived: str,
                                                                               expected: list[str]) -> None:
    """Read on Reuters-21578: 27 quotations were called altered, the most serious change, and a handful of them
    were a typo fixed or made ("communciate", "wil", "acquistions"), a British spelling or the wire's "mln dlrs"
    for "million dollars": nothing put in anyone's mouth. A word changed at its first or last letter, or a figure,
    still alters the quotation."""
    changes = diff_facts(source, [(0, len(source))], derived, [(0, len(derived))])
    assert [f"{c.kind} {c.change}" for c in changes if c.kind == "quotation"] == expected


def test_a_quotation_kept_word_for_word_without_its_marks_is_not_dropped() -> None:
    """Read on Reuters-21578 (reuters-12942 / reuters-13034): "quotation dropped: promote understanding on trade
    issues" where the rewrite kept those words in its sentence, unquoted. Reworded, it is still dropped."""
    source = 'Howard told Reuters he would try to "promote understanding on trade issues" during his trip.'
    kept = "Howard told Reuters he will try to promote understanding on trade issues during his visit."
    reworded = "Howard told Reuters he will try to ease trade tensions during his visit."
    assert _labels(source, kept) == []
    assert _labels(source, reworded) == ["dropped: promote understanding on trade issues"]


def test_the_words_between_two_quotations_are_no_quotation_after_a_paragraph_left_open() -> None:
    """The fact diff read a quotation from the mark closing one paragraph's quotation to the mark opening the
    next's: the narration between them reworded ("Howard added that ..." written "the minister said ...") was an
    "altered quotation", the most serious change, and a line break an added one."""
    source = ('    Howard said "I am not sure it is correct to regard the letter\n'
              'as a rejection of the request.\n'
              "    \"I don't understand it to be closed at all.\"\n"
              '    Howard added that during his visit he would be\n'
              '"talking to them about it, finding out exactly what\n'
              'they do mean about it."\n')
    derived = source.replace("Howard added that during his visit", "During the visit, the minister said")
    assert _labels(source, derived) == []
    altered = derived.replace("closed at all", "over at all")
    assert _labels(source, altered) == ["I don't understand it to be closed at all -> I don't understand it to be over at all"]


_OIL = '"The barrel of oil will fall below 18, perhaps {} this week," the sources said.'


@pytest.mark.parametrize(
    "source, derived",
    [("$17.80", "17.80 dlrs"), ("17.80 dlrs", "$17.80"), ("US$5 mln", "5 mln U.S. dlrs"), ("$1", "1 dlr"),
     ("£3 billion", "3 bln stg"), ("$17.80", "17.80 dollars"), ("$17.80", "US$17.80"), ("300 mln dlrs", "300 mln")],
    ids=["sign-to-dlrs", "dlrs-to-sign", "us-sign-to-us-dlrs", "one-dollar", "pound-sign-to-stg", "sign-to-dollars",
         "sign-given-its-country", "currency-left-out"],
)
def test_a_figures_house_style_inside_a_quotation_is_no_alteration(source: str, derived: str) -> None:
    """Read on the syndication set (reuters-16649 and a client's reprint): "perhaps $17.80 this week" inside one
    quotation and "17.80 dlrs" in the other was an altered quotation, the most serious change: the figure's house
    style, nothing put in anyone's mouth (the quotation's words lost the sign, "17 80", beside "17 80 dollars")."""
    assert _quotation_changes(_OIL.format(source), _OIL.format(derived)) == []


@pytest.mark.parametrize(
    "source, derived",
    [("$17.80", "17.60 dlrs"), ("17.80 dlrs", "$17.60"), ("$17.80", "£17.80"), ("$17.80", "17.80 stg"),
     ("US$5 mln", "C$5 mln"), ("$17.80", "$17.80 mln"), ("$17.80", "18 dlrs")],
    ids=["figure-changed", "figure-changed-sign", "currency-changed", "currency-changed-house-style",
         "country-changed", "scale-added", "rounded"],
)
def test_a_changed_figure_or_currency_inside_a_quotation_is_still_an_alteration(source: str, derived: str) -> None:
    """A figure's value, scale or currency changed alters what was said, whichever house style writes it ("$5" for
    "£5" was no alteration: the quotation's words kept no sign)."""
    assert _quotation_changes(_OIL.format(source), _OIL.format(derived)) == ["altered"]
    assert _quotation_changes(_OIL.format(derived), _OIL.format(source)) == ["altered"]


def _quotation_changes(source: str, derived: str) -> list[str]:
    return [c.change for c in diff_facts(source, [(0, len(source))], derived, [(0, len(derived))]) if c.kind == "quotation"]
