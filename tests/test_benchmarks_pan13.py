"""Tests for the PAN 2013 benchmark's split and the link-check trainer's input checks (no data needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import pan13, train_links

# two document groups: s1 and s2 share source r1; s3 takes from r2 alone
PAIRS = {kind: [] for kind in pan13.TYPES} | {
    "02-no-obfuscation": [("s1.txt", "r1.txt"), ("s3.txt", "r2.txt")],
    "03-random-obfuscation": [("s2.txt", "r1.txt")],
}


@pytest.mark.parametrize("seed", range(20))
def test_pairs_of_one_document_group_fall_on_one_side(seed: int) -> None:
    sides = pan13.split(PAIRS, seed)
    assert sides[("s1.txt", "r1.txt")] == sides[("s2.txt", "r1.txt")]
    assert set(sides.values()) <= {"train", "validation"}


def test_both_sides_occur_and_the_parts_partition_the_pairs() -> None:
    seen = set()
    for seed in range(20):
        sides = pan13.split(PAIRS, seed)
        train, validation = pan13.only(PAIRS, "train", sides), pan13.only(PAIRS, "validation", sides)
        for kind in pan13.TYPES:
            assert sorted(train[kind] + validation[kind]) == sorted(PAIRS[kind])
        seen |= set(sides.values())
    assert seen == {"train", "validation"}
    assert pan13.only(PAIRS, "all", {}) == PAIRS


def test_train_links_without_the_corpus_says_where_to_point_it(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert train_links.main(["--data", str(tmp_path)]) == 2
    assert "pass --data <path to pan13-train>" in capsys.readouterr().err


@pytest.mark.parametrize("option, value", [
    ("--grow", "1.5"), ("--grow", "nan"), ("--grow", "some"), ("--near", "1.5"), ("--alone", "1.5"),
    ("--condensed", "0.5"), ("--condensed", "nan"), ("--condensed", "inf"), ("--condensed", "some")])
def test_a_share_or_ratio_that_is_none_of_them_is_refused_in_one_line(option: str, value: str,
                                                                      capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as stop:
        pan13.main([option, value])
    assert stop.value.code == 2
    assert option in capsys.readouterr().err.splitlines()[-1]


def test_detections_are_the_located_passages_grown_or_not() -> None:
    from dedup.alignment import LOCATED_GROW

    from tests.test_alignment import _DERIVED, _SOURCE, _alignment

    alignment = _alignment(_SOURCE, _DERIVED, [(2, 2), (3, 3)])
    plain_of = pan13.detections(("d", "s"), alignment, None, None, None)
    (plain,), (grown,) = plain_of, pan13.detections(("d", "s"), alignment, LOCATED_GROW, None, None)
    assert grown.this_length > plain.this_length and grown.source_length > plain.source_length
    located = alignment.to_dict()["passages"]  # the defaults are the JSON's located passages
    assert [[d.source_offset, d.source_offset + d.source_length] for d in pan13.detections(("d", "s"), alignment)] == [
        p["source"] for p in located]
    assert [[d.this_offset, d.this_offset + d.this_length] for d in pan13.detections(("d", "s"), alignment)] == [
        p["derived"] for p in located]


def test_detections_take_condensed_passages_by_default_as_the_json_does() -> None:
    from tests.test_alignment import _SUMMARY_DERIVED, _SUMMARY_SOURCE, _alignment

    alignment = _alignment(_SUMMARY_SOURCE, _SUMMARY_DERIVED, [(2, 1), (6, 2)])
    (located,), (plain,) = pan13.detections(("d", "s"), alignment), pan13.detections(
        ("d", "s"), alignment, condensed=None)
    assert located.source_length > plain.source_length and located.this_length == plain.this_length
    (passage,) = alignment.to_dict()["passages"]
    assert passage["source"] == [located.source_offset, located.source_offset + located.source_length]
