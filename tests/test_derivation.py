"""Tests for dedup.derivation: the way a pair is read, its direction from dates, then from what the links
would cover, or read both ways; a direction that names another pair refused.

All texts are written for these tests (no corpus excerpts).
"""

from __future__ import annotations

import pytest

from dedup.align import SentenceAligner
from dedup.errors import SettingsError
from dedup.lineage import Direction

from _align_cases import doc
from _align_texts import (
    EARNINGS_A,
    EARNINGS_B,
    GAP,
    INDEPENDENT,
    OTHER_STORY,
    PARTIAL,
    REWRITE,
    UNRELATED,
    WIRE,
)


@pytest.fixture
def aligner() -> SentenceAligner:
    return SentenceAligner().fit([WIRE, REWRITE, INDEPENDENT, UNRELATED, EARNINGS_A, EARNINGS_B, OTHER_STORY])


def test_direction_from_publication_time(aligner: SentenceAligner) -> None:
    result = aligner.align(doc("late", WIRE, "2024-07-08T12:00:00+02:00"), doc("early", REWRITE, "2024-07-08T09:00:00Z"))
    assert (result.source, result.derived) == ("early", "late")


def test_direction_from_text_when_one_is_a_small_part_of_the_other(aligner: SentenceAligner) -> None:
    shorter = "\n\n".join(WIRE.split("\n\n")[:2])  # two of five paragraphs: most of the long one is not in it
    result = aligner.align(doc("short", shorter), doc("long", WIRE))
    assert (result.source, result.derived) == ("long", "short")


def test_no_direction_from_text_when_most_of_each_is_in_the_other(aligner: SentenceAligner) -> None:
    # three of five paragraphs: the long one is the short one with two paragraphs added, or the short one
    # the long one cut; the pair is laid out with the long one as source, and no direction is claimed
    shorter = "\n\n".join(WIRE.split("\n\n")[:3])
    for first, second in ((doc("short", shorter), doc("long", WIRE)), (doc("long", WIRE), doc("short", shorter))):
        result = aligner.align(first, second)
        assert (result.source, result.derived) == (None, None)
        assert (result.source_document.id, result.derived_document.id) == ("long", "short")
        assert result.direction_reason.startswith("unknown: no publication times, and most of each text has a counterpart")
        assert result.coverage.derived_from_source == 1.0


def test_unknown_direction_reads_identical_texts_by_id(aligner: SentenceAligner) -> None:
    for first, second in (("a", "b"), ("b", "a")):
        result = aligner.align(doc(first, WIRE), doc(second, WIRE))
        assert (result.source, result.derived, result.source_document.id) == (None, None, "a")


@pytest.mark.parametrize("first, second", [("WIRE", "REWRITE"), ("PARTIAL", "WIRE"), ("GAP", "REWRITE")])
def test_unknown_direction_reads_a_pair_alike_in_either_order(aligner: SentenceAligner, first: str, second: str) -> None:
    # Neither time nor text says which is the source: both readings are made and the one that traces more
    # of the two texts is kept, so the links, coverage and verdict never depend on the order of the pair.
    x, y = doc("x", globals()[first]), doc("y", globals()[second])
    one, other = aligner.align(x, y), aligner.align(y, x)
    assert one.source is None and other.source is None
    assert one.to_dict() == other.to_dict()
    assert one.links and one.source_document.id in ("x", "y")
    if {first, second} == {"WIRE", "REWRITE"}:  # the rewrite's added sentence is new: it reads as derived
        assert one.derived_document.text == REWRITE and one.coverage.new > 0


def test_direction_must_name_the_pair(aligner: SentenceAligner) -> None:
    with pytest.raises(SettingsError, match="direction must name"):
        aligner.align(doc("s", WIRE), doc("d", REWRITE), direction=Direction("x", "y", "given"))
