"""Tests for the PAN haystack benchmark's split of labelled pairs by stage (a small folder laid out as PAN's)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import pan_haystack  # noqa: E402

from dedup.confidence import Reason  # noqa: E402

STORY = ("The harbour authority of Kestrel Bay approved a plan on Monday to dredge the northern channel, "
         "a project that will cost 48 million crowns and take three years. Fishermen opposed the plan, "
         "saying the dredging would drive cod from the spawning grounds near Aldholm. The authority said "
         "larger container ships could not reach the port without it, and that traffic had fallen by a "
         "fifth since 2019. Work is due to start in the spring once the environment ministry signs off.")
OTHER = ("Tomato growers in the Varnell valley expect a record harvest after a warm and wet summer, the "
         "growers' association said on Friday. Prices at the wholesale market in Dunmore fell by a third "
         "in August as supply outran demand, and several canneries have added night shifts. Growers warned "
         "that a shortage of pickers could leave part of the crop in the fields before the first frost.")


@pytest.fixture
def pan(tmp_path: Path) -> Path:
    for folder, name, text in (("src", "source-document1.txt", STORY), ("src", "source-document2.txt", OTHER),
                               ("susp", "suspicious-document1.txt", STORY),
                               ("susp", "suspicious-document2.txt", OTHER.replace("Tomato", "Pepper"))):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / name).write_text(text, encoding="utf-8")
    for kind in pan_haystack.TYPES:
        (tmp_path / kind).mkdir()
        (tmp_path / kind / "pairs").write_text("")
    (tmp_path / "02-no-obfuscation" / "pairs").write_text("suspicious-document1.txt source-document1.txt\n")
    (tmp_path / "01-no-plagiarism" / "pairs").write_text("suspicious-document1.txt source-document2.txt\n")
    return tmp_path


def test_each_labelled_pair_gets_the_stage_that_keeps_or_loses_it(pan: Path) -> None:
    split = pan_haystack.stage_split(pan_haystack.load_documents(pan), pan_haystack.labelled_pairs(pan), workers=1)
    stages = {(row["kind"], row["pair"]): row for row in split}
    copied = stages[("02-no-obfuscation", "source-document1.txt suspicious-document1.txt")]
    assert copied["stage"] == "reported" and copied["confidence"] >= copied["bar"]
    unrelated = stages[("01-no-plagiarism", "source-document2.txt suspicious-document1.txt")]
    assert unrelated["stage"] == "not a candidate" and unrelated["confidence"] == ""
    assert len(split) == 2  # the unlabelled candidate (the two harvest stories) is no labelled pair


def test_stages_report_writes_every_labelled_pair(pan: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "stages.tsv"
    pan_haystack.report_stages(pan_haystack.load_documents(pan), pan_haystack.labelled_pairs(pan), pairs_out=out)
    lines = out.read_text().splitlines()
    assert lines[0].split("\t")[:3] == ["kind", "pair", "stage"] and len(lines) == 3
    assert "| 02-no-obfuscation | 1 | 0 | 0 | 0 | 1 |" in capsys.readouterr().out


def _losses(pan: Path, pair: tuple[str, str], **spec: int) -> str:
    docs = pan_haystack.load_documents(pan)
    texts = [d.text for d in docs]
    channels = tuple(replace(c, **spec) if c.window else c for c in pan_haystack.DEFAULT_CHANNELS)
    found = pan_haystack.candidate_losses(docs, [frozenset(pair)], vocab=pan_haystack.corpus_vocabulary(texts),
                                          bounds=pan_haystack.text_bounds(texts), channels=channels)
    return found[frozenset(pair)]


@pytest.mark.parametrize(("pair", "spec", "loss"), [
    (("source-document2.txt", "suspicious-document1.txt"), {}, "no window pair colliding"),
    (("source-document1.txt", "suspicious-document1.txt"), {"min_hits": 10**6},
     "a window pair sharing min_bands, under min_hits in all"),
    (("source-document1.txt", "suspicious-document1.txt"), {}, "the rule met, lost to a crowded bucket"),
], ids=["unrelated", "too-few-bands-in-all", "rule-met"])
def test_a_pair_not_a_candidate_is_told_by_its_windows_collisions(pan: Path, pair: tuple[str, str],
                                                                  spec: dict[str, int], loss: str) -> None:
    assert _losses(pan, pair, **spec) == loss


def test_candidate_losses_are_empty_without_a_window_channel(pan: Path) -> None:
    docs = pan_haystack.load_documents(pan)
    texts = [d.text for d in docs]
    whole = tuple(c for c in pan_haystack.DEFAULT_CHANNELS if not c.window)
    assert pan_haystack.candidate_losses(docs, [frozenset(("source-document1.txt", "suspicious-document1.txt"))],
                                         vocab=pan_haystack.corpus_vocabulary(texts),
                                         bounds=pan_haystack.text_bounds(texts), channels=whole) == {}


@pytest.mark.parametrize(("why", "held"), [
    ((Reason("retold_lead", 1.0, -0.2), Reason("length_ratio", 0.4, -3.0)), "retold_lead"),
    ((Reason("length_ratio", 0.4, -3.0), Reason("words_short_log", 5.0, 1.4), Reason("cover_verbatim", 0.0, -0.5)),
     "length_ratio"),
    ((Reason("words_short_log", 5.0, 1.4),), ""),
    ((), ""),
], ids=["refusal-first", "most-negative", "nothing-against", "no-reasons"])
def test_what_holds_a_pair_under_the_bar(why: tuple[Reason, ...], held: str) -> None:
    assert pan_haystack.held_by(SimpleNamespace(why=why)) == held


def test_lost_split_says_why_each_lost_pair_is_lost(pan: Path, capsys: pytest.CaptureFixture) -> None:
    docs, truth = pan_haystack.load_documents(pan), pan_haystack.labelled_pairs(pan)
    split = {row["kind"]: row for row in pan_haystack.stage_split(docs, truth, workers=1, lost=True)}
    assert split["01-no-plagiarism"]["lost_by"] == "no window pair colliding"
    assert split["02-no-obfuscation"]["stage"] == "reported" and split["02-no-obfuscation"]["lost_by"] == ""
    pan_haystack.report_stages(docs, truth, lost=True)
    out = capsys.readouterr().out
    assert "| 01-no-plagiarism | 1 | 0 | 0 | 0 | 0 |" in out  # the unrelated pair: no window pair colliding
    assert "under the bar, by what holds each down most" in out


def test_lost_without_stages_is_one_line_and_exit(pan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["pan_haystack.py", "--data", str(pan), "--lost"])
    with pytest.raises(SystemExit, match="--lost needs --stages"):
        pan_haystack.main()


def _evidence(**measures: float):  # type: ignore[no-untyped-def]
    from dedup.evidence import Evidence, SharedPassage
    passage = measures.pop("passage", None)
    base = {"jaccard": 0.0, "a_in_b": 0.0, "b_in_a": 0.0, "content_jaccard": 0.0, "fact_agreement": 0.0}
    passages = (SharedPassage((0, 10), (0, 10), passage[0], wording=int(passage[1]), facts=0.0, figures=0.0),) if passage else ()
    return Evidence(**{**base, **measures}, passages=passages)


@pytest.mark.parametrize("measures, way, measure, share", [
    ({"jaccard": 0.05, "b_in_a": 0.15}, "shared text", "containment", 0.75),
    ({"jaccard": 0.09}, "shared text", "jaccard", 0.9),
    ({"content_jaccard": 0.27, "fact_agreement": 0.9}, "rewritten", "content_jaccard", 0.9),
    ({"content_jaccard": 0.6, "fact_agreement": 0.3}, "rewritten", "fact_agreement", 0.5),
    ({"passage": (0.45, 5)}, "passage", "similarity", 0.9),
    ({"passage": (0.7, 2)}, "passage", "wording", 0.6667),
    ({}, "shared text", "jaccard", 0.0),
], ids=["containment", "jaccard", "content", "facts", "passage-similarity", "passage-wording", "nothing"])
def test_a_pair_not_worth_aligning_is_told_by_its_nearest_bar(measures: dict, way: str, measure: str,
                                                              share: float) -> None:
    from dedup.decision import worth_aligning
    ev = _evidence(**measures)
    assert pan_haystack.nearest_bar(ev) == (way, measure, share) and not worth_aligning(ev)


@pytest.mark.parametrize("measures", [
    {"jaccard": 0.1}, {"a_in_b": 0.2}, {"content_jaccard": 0.3, "fact_agreement": 0.6}, {"passage": (0.5, 3)},
])
def test_a_pair_at_the_nearest_bar_is_worth_aligning(measures: dict) -> None:
    # the bars the benchmark reads are the decision's own: reaching one of them lets the pair through
    from dedup.decision import worth_aligning
    ev = _evidence(**measures)
    assert pan_haystack.nearest_bar(ev)[2] >= 1.0 and worth_aligning(ev)


def test_nearness_bands_nearest_first() -> None:
    assert [pan_haystack.nearness_band(x) for x in (0.95, 0.9, 0.8, 0.6, 0.1)] == [
        "0.9-1", "0.9-1", "0.75-0.9", "0.5-0.75", "under 0.5"]
    assert pan_haystack.BANDS[0] == "0.9-1" and pan_haystack.BANDS[-1] == "under 0.5"
