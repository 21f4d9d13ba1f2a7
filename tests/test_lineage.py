"""Tests for dedup.lineage: direction by publication time, by text evidence, and unknown."""

from __future__ import annotations

import pytest

from dedup.documents import Document
from dedup.errors import SettingsError
from dedup.lineage import decide_direction, parse_published, times_said


def doc(doc_id: str, published: str | None = None) -> Document:
    return Document(id=doc_id, text="Some text.", published=published)


@pytest.mark.parametrize(
    ("a_time", "b_time", "source"),
    [
        ("2024-07-08T09:00:00Z", "2024-07-08T10:00:00Z", "a"),
        ("2024-07-09", "2024-07-08", "b"),
        ("2024-07-08T11:30:00+02:00", "2024-07-08T10:00:00+00:00", "a"),
        ("2024-07-08T10:00:00", "2024-07-08T10:30:00+00:00", "a"),
    ],
    ids=["utc", "dates", "offsets-compared-in-utc", "naive-taken-as-utc"],
)
def test_earlier_publication_is_source(a_time: str, b_time: str, source: str) -> None:
    assert decide_direction(doc("a", a_time), doc("b", b_time)).source_id == source


def test_time_beats_text_evidence() -> None:
    direction = decide_direction(doc("a", "2024-01-01"), doc("b", "2024-01-02"), a_covered=1.0, b_covered=0.2)
    assert (direction.source_id, direction.derived_id) == ("a", "b")


@pytest.mark.parametrize(
    ("a_time", "b_time"),
    [(None, "2024-01-02"), ("2024-01-02", "2024-01-02"), ("yesterday", "2024-01-02")],
    ids=["one-missing", "same-time", "unreadable"],
)
def test_text_decides_without_usable_times(a_time: str | None, b_time: str | None) -> None:
    direction = decide_direction(doc("a", a_time), doc("b", b_time), a_covered=0.95, b_covered=0.4)
    assert (direction.source_id, direction.derived_id) == ("b", "a")


@pytest.mark.parametrize(("a_covered", "b_covered"), [(0.99, 0.78), (0.78, 0.99), (1.0, 0.5)],
                         ids=["copy-that-adds-or-cut-source", "the-other-way", "half-of-the-other"])
def test_no_direction_when_most_of_each_is_in_the_other(a_covered: float, b_covered: float) -> None:
    """A copy with a paragraph of its own and a source cut by a paragraph leave the same two texts: the
    shares say which to lay out as source (the one holding more the other lacks), not who took from whom."""
    direction = decide_direction(doc("a"), doc("b"), a_covered=a_covered, b_covered=b_covered)
    assert (direction.source_id, direction.derived_id, direction.known) == (None, None, False)
    assert direction.read_as == ("b" if a_covered > b_covered else "a")
    assert direction.reason.startswith("unknown: no publication times, and most of each text has a counterpart")
    assert f"{max(a_covered, b_covered):.0%} of {'a' if a_covered > b_covered else 'b'}" in direction.reason


def test_nothing_laid_out_when_the_text_decides_or_says_nothing() -> None:
    assert decide_direction(doc("a"), doc("b"), a_covered=0.95, b_covered=0.4).read_as is None
    assert decide_direction(doc("a"), doc("b"), a_covered=0.9, b_covered=0.85).read_as is None
    assert decide_direction(doc("a", "2024-01-01"), doc("b", "2024-01-02"), a_covered=0.99, b_covered=0.7).read_as is None


def test_reason_names_the_evidence() -> None:
    direction = decide_direction(doc("a"), doc("b"), a_covered=0.95, b_covered=0.4)
    assert "95% of a has a counterpart in b" in direction.reason


@pytest.mark.parametrize(
    ("a_covered", "b_covered"),
    [(0.9, 0.85), (0.3, 0.05), (None, None)],
    ids=["mutual-rewrite", "too-little-shared", "no-evidence"],
)
def test_unknown_when_evidence_does_not_decide(a_covered: float | None, b_covered: float | None) -> None:
    direction = decide_direction(doc("a"), doc("b"), a_covered=a_covered, b_covered=b_covered)
    assert (direction.source_id, direction.derived_id, direction.known) == (None, None, False)


def test_unknown_reason_says_unknown() -> None:
    assert decide_direction(doc("a"), doc("b"), a_covered=0.9, b_covered=0.85).reason.startswith("unknown")


def test_bad_margin_raises() -> None:
    with pytest.raises(SettingsError, match="margin"):
        decide_direction(doc("a"), doc("b"), margin=2.0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2024-07-08T10:00:00Z", "2024-07-08T10:00:00+00:00"), ("", None), (None, None), ("8 July", None)],
    ids=["zulu", "empty", "missing", "not-iso"],
)
def test_parse_published(value: str | None, expected: str | None) -> None:
    parsed = parse_published(value)
    assert (parsed.isoformat() if parsed else None) == expected


@pytest.mark.parametrize(
    ("a_covered", "b_covered", "said"),
    [(0.96, 0.83, "the texts cover each other too evenly to tell (by their wording, 96% of a and 83% of b have a "
                  "counterpart in the other)"),
     (0.3, 0.05, "too little of either has a counterpart in the other (by their wording, 30% of a and 5% of b")],
    ids=["mutual-rewrite", "too-little-shared"],
)
def test_unknown_reason_says_which_test_failed(a_covered: float, b_covered: float, said: str) -> None:
    """30% and 5% are not "alike": the text says why it does not decide, and what its shares measure."""
    direction = decide_direction(doc("a"), doc("b"), a_covered=a_covered, b_covered=b_covered)
    assert direction.reason.startswith("unknown: no publication times, and ") and said in direction.reason


def test_a_pair_judged_without_an_alignment_takes_its_direction_from_the_dates() -> None:
    # a passage-only pair can be reported unaligned: its direction (and so its credit check) still
    # comes from the publication times, as an aligned pair's does first
    from dedup.evidence import Evidence
    from dedup.result import Pair

    ev = Evidence(0.1, 0.2, 0.3, 0.2, 1.0)
    early = Document("wire", "x", published="2024-07-08T10:00:00Z")
    late = Document("client", "y", published="2024-07-08T12:00:00Z")
    pair = Pair.of(early, late, "partial", ev, ("passage",), None)
    assert (pair.a, pair.source, pair.derived) == ("client", "wire", "client")
    assert pair.direction_reason == "wire was published before client"
    assert pair.to_dict()["source"] == "wire" and pair.evidence == ev.flipped()
    undated = Pair.of(Document("a", "x"), Document("b", "y"), "partial", ev, ("passage",), None)
    assert undated.source is None and undated.direction_reason.startswith("unknown: no publication times")


def test_an_unknown_direction_says_what_the_times_were_whichever_article_comes_first() -> None:
    # two copies stamped alike were said to have "no publication times" in the JSON's reason
    a = Document("wire", "x", published="1987-04-02T07:02:24Z")
    b = Document("client", "y", published="1987-04-02T07:02:24Z")
    told = decide_direction(a, b, a_covered=0.9, b_covered=0.9)
    assert told.reason.startswith("unknown: both published at 1987-04-02T07:02:24Z (the same moment), and ")
    assert told.reason == decide_direction(b, a, a_covered=0.9, b_covered=0.9).reason
    c = Document("client", "y", published="1987-04-02T09:02:24+02:00")  # the same moment written otherwise
    assert times_said(a, c) == times_said(c, a) == (
        "publication times that do not tell which came first (1987-04-02T09:02:24+02:00, 1987-04-02T07:02:24Z)")
    assert times_said(Document("a", "x"), Document("b", "y", published="")) == "no publication times"
