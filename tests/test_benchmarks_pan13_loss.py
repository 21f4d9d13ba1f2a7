"""Tests for the PAN 2013 recall-loss breakdown (no data needed): each cause on a made-up pair."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import pan13, pan13_loss
from benchmarks.pan13 import Annotation
from benchmarks.pan13_loss import CAUSES, case_loss, uncovered

# four sentences of 100 characters on each side, a space between them
SENTENCES = ([(k * 101, k * 101 + 100) for k in range(4)], [(k * 101, k * 101 + 100) for k in range(4)])
CASE = Annotation("s", "r", 0, 403, 0, 403)  # all four sentences on both sides


def _det(a: tuple[int, int], b: tuple[int, int]) -> Annotation:
    return Annotation("s", "r", a[0], a[1] - a[0], b[0], b[1] - b[0])


def test_uncovered_is_the_span_less_the_cover() -> None:
    assert uncovered((0, 100), []) == [(0, 100)]
    assert uncovered((0, 100), [(10, 20), (15, 30), (90, 120)]) == [(0, 10), (30, 90)]
    assert uncovered((0, 100), [(-5, 200)]) == []


def test_a_pair_without_detections_or_a_case_no_detection_meets() -> None:
    linked = ({1}, {1})
    assert case_loss(CASE, [], SENTENCES, linked) == {CAUSES[0]: 806}
    elsewhere = [_det((0, 100), (500, 600))]  # overlaps the case on one side only
    assert case_loss(CASE, elsewhere, SENTENCES, linked) == {CAUSES[2]: 806}
    assert case_loss(CASE, elsewhere, SENTENCES, (set(), set())) == {CAUSES[1]: 806}


def test_the_characters_of_a_detected_case_by_cause() -> None:
    # detected: sentence 1 on both sides, and (a second passage) sentence 3 but trimmed by 10 characters
    # at its end; sentence 0 unlinked past the start; sentence 2 unlinked between the two passages
    detections = [_det((101, 201), (101, 201)), _det((303, 393), (303, 393))]
    lost = case_loss(CASE, detections, SENTENCES, ({1, 3}, {1, 3}))
    assert lost == {CAUSES[3]: 200, CAUSES[7]: 6, CAUSES[4]: 200, CAUSES[6]: 20}
    # the same with sentence 0 linked into a passage that overlaps the case on one side only
    detections.append(_det((0, 100), (900, 1000)))
    lost = case_loss(CASE, detections, SENTENCES, ({0, 1, 3}, {1, 3}))
    assert lost[CAUSES[5]] == 100 and lost[CAUSES[3]] == 100


def test_the_causes_add_up_to_what_plagdet_leaves_uncovered() -> None:
    detections = [_det((101, 201), (101, 201)), _det((303, 393), (303, 393))]
    share, _ = pan13._covered(CASE, detections)
    lost = case_loss(CASE, detections, SENTENCES, ({1, 3}, {1, 3}))
    assert sum(lost.values()) == pytest.approx((1 - share) * 806)


def test_without_the_corpus_it_says_where_to_point_it(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert pan13_loss.main(["--data", str(tmp_path)]) == 2
    assert "pass --data <path to pan13-train>" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["2", "-0.1", "most"])
def test_a_growth_outside_zero_to_one_is_refused_in_one_line(value: str, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as stop:
        pan13_loss.main(["--grow", value])
    assert stop.value.code == 2
    assert "--grow" in capsys.readouterr().err
    assert pan13._grow("none") is None and pan13._grow("0.3") == 0.3
