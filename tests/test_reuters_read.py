"""The Reuters pairs read by hand (benchmarks/reuters_read.tsv) that the learned verdict trains on: story
ids, a label and a few-word reason only (never text), each pair once, and both readers of the file agree."""

import re
from pathlib import Path

from benchmarks.make_training import READ, read_labels
from benchmarks.reuters_sample import _stories


def test_pairs_read_hold_ids_labels_and_short_reasons_only():
    rows = [line.split("\t") for line in READ.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
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


def test_pairs_read_but_not_yet_trained_on_are_new_pairs_in_the_same_form():
    more = READ.with_name("reuters_read_more.tsv")
    labels = read_labels(more)
    assert len(labels) >= 30 and {"reuse", "not"} <= set(labels.values())
    assert not set(labels) & set(read_labels())  # none of them read before
    assert all(re.fullmatch(r"reuters-\d+", s) for pair in labels for s in pair)
