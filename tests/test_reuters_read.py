"""The Reuters pairs read by hand: those the learned verdict trains on (benchmarks/reuters_read.tsv) and
those read to measure it (benchmarks/reuters_read_heldout.tsv): story ids, a label and a few-word reason
only (never text), each pair once, both readers of the file agree, and no measured pair is trained on."""

import re
from pathlib import Path

from benchmarks.make_training import READ, read_labels
from benchmarks.reuters_sample import _stories


HELD_OUT = READ.with_name("reuters_read_heldout.tsv")


def _rows(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


def test_pairs_read_hold_ids_labels_and_short_reasons_only():
    rows = _rows(READ)
    assert rows[0] == ["a", "b", "label", "reason"]
    pairs = set()
    for a, b, label, reason in rows[1:]:
        assert re.fullmatch(r"reuters-\d+", a) and re.fullmatch(r"reuters-\d+", b) and a != b
        assert label in {"reuse", "not", "unclear"}
        assert 0 < len(reason.split()) <= 8, reason  # a reason, not a quotation
        assert frozenset((a, b)) not in pairs
        pairs.add(frozenset((a, b)))
    labels = read_labels()
    assert set(labels) == pairs
    assert {"reuse", "not"} <= set(labels.values())
    assert _stories(READ) == {story for pair in pairs for story in pair}


def test_missing_file_of_pairs_read_means_no_labels(tmp_path: Path):
    assert read_labels(tmp_path / "absent.tsv") == {}


def test_pairs_read_to_measure_are_in_the_same_form_and_never_trained_on():
    rows = _rows(HELD_OUT)
    assert rows[0] == ["a", "b", "label", "reason"] and len(rows) > 100
    held = read_labels(HELD_OUT)
    assert len(held) == len(rows) - 1  # each pair once
    assert {"reuse", "not"} <= set(held.values()) <= {"reuse", "not", "unclear"}
    assert all(re.fullmatch(r"reuters-\d+", s) for pair in held for s in pair)
    assert all(0 < len(row[3].split()) <= 8 for row in rows[1:])
    assert not set(held) & set(read_labels())  # the training reads reuters_read.tsv only


def test_scoring_the_pairs_read_counts_those_reported_by_label_and_confidence(tmp_path: Path):
    from types import SimpleNamespace

    from benchmarks.reuters_sample import score_read

    read = tmp_path / "read.tsv"
    read.write_text("# pairs read\na\tb\tlabel\treason\nreuters-1\treuters-2\treuse\tsame story\n"
                    "reuters-3\treuters-4\tnot\tshared recap\nreuters-5\treuters-6\treuse\tsame story\n", encoding="utf-8")
    pairs = [SimpleNamespace(a="reuters-2", b="reuters-1", confidence=0.97, verdict="partial"),
             SimpleNamespace(a="reuters-3", b="reuters-4", confidence=0.7, verdict="rewrite"),
             SimpleNamespace(a="reuters-7", b="reuters-8", confidence=0.99, verdict="duplicate")]  # not read
    scored = score_read(SimpleNamespace(pairs=pairs), read)  # type: ignore[arg-type]
    assert scored["read"] == 3 and scored["read_reuse"] == 2
    assert scored["default"] == {"reported": 2, "reuse": 1, "not": 1, "unclear": 0,
                                 "by_verdict": {"partial": 1, "rewrite": 1}}
    assert scored[">=0.95"] == {"reported": 1, "reuse": 1, "not": 0, "unclear": 0}


def test_a_bar_outside_zero_to_one_is_refused_before_scanning(tmp_path: Path, capsys):
    from benchmarks.reuters_sample import main

    corpus = tmp_path / "reuters.jsonl"
    corpus.write_text('{"id": "a", "text": "One story."}\n', encoding="utf-8")
    assert main(["--corpus", str(corpus), "--score", str(tmp_path / "read.tsv"), "--min-confidence", "1.5"]) == 2
    assert capsys.readouterr().err.strip() == "--min-confidence must be between 0 and 1, got 1.5"
