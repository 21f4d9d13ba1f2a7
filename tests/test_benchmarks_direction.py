"""Tests for benchmarks/direction.py: a reported pair's claimed direction against the labelled one."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from direction import directions, table  # noqa: E402

TRUTH = {"pairs": [
    {"a": "copy-1", "b": "wire-1", "kind": "reprint", "source": "wire-1", "derived": "copy-1"},
    {"a": "copy-2", "b": "wire-2", "kind": "reprint", "source": "wire-2", "derived": "copy-2"},
    {"a": "copy-3", "b": "wire-3", "kind": "rewrite", "source": "wire-3", "derived": "copy-3"},
]}


def pair(a: str, b: str, source: str | None) -> SimpleNamespace:
    derived = None if source is None else (b if source == a else a)
    return SimpleNamespace(a=a, b=b, source=source, derived=derived, direction_reason="because")


def test_right_wrong_and_unknown_claims_are_counted_by_kind() -> None:
    pairs = [pair("copy-1", "wire-1", "wire-1"), pair("copy-2", "wire-2", "copy-2"), pair("copy-3", "wire-3", None),
             pair("copy-1", "copy-2", "copy-1")]  # not labelled: not counted
    counts, wrong = directions(TRUTH, pairs)
    assert dict(counts) == {("reprint", "right"): 1, ("reprint", "wrong"): 1, ("rewrite", "unknown"): 1}
    assert wrong == [("reprint", "copy-2 -> wire-2", "because")]
    assert table(counts).splitlines()[2:] == ["| reprint | 1 | 0 | 1 |", "| rewrite | 0 | 1 | 0 |", "| all | 1 | 1 | 1 |"]
