"""A read's warnings in bounded memory (:mod:`dedup.read_warnings`): the first named, the rest counted by file and words."""

from __future__ import annotations

from pathlib import Path

from dedup.read_warnings import Warnings
from dedup.reading import read_corpus

TWICE = "the field 'title' is given more than once; its last value is read"


def test_a_file_of_many_lines_each_warned_of_keeps_the_first_and_counts_the_rest(tmp_path: Path) -> None:
    # every line's warning was held and said: 500,000 lines giving their title twice held 500,000 warnings (~70 MB)
    path = tmp_path / "feed.jsonl"
    text = " ".join(["word"] * 30)
    path.write_text("".join(f'{{"id": "a{i}", "title": "x", "title": "y", "text": "{text} {i}"}}\n'
                            for i in range(1_250)), encoding="utf-8")
    corpus = read_corpus(path)
    assert len(corpus.documents) == 1_250
    assert len(corpus.warnings) == 1_001
    assert corpus.warnings[0] == f"feed.jsonl:1: {TWICE}"
    assert corpus.warnings[999] == f"feed.jsonl:1000: {TWICE}"
    assert corpus.warnings[-1] == f"feed.jsonl: and 250 more warnings like: {TWICE}"


def test_warnings_naming_no_line_are_kept_and_kinds_past_the_bound_counted_in_one_row() -> None:
    said = Warnings(kept=2, kinds=2)
    said += ["a.jsonl:1: one", "a.jsonl:2: two", "a.jsonl: not UTF-8; read as Windows-1252"]
    said += ["a.jsonl:3: one", "b.json[4]: one", "a.jsonl:5 (line 5, column 2): one", "a.jsonl:6: three",
             "a.jsonl:7: four", "c.jsonl: not UTF-8; read as Windows-1252"]
    assert list(said) == ["a.jsonl:1: one", "a.jsonl:2: two", "a.jsonl: not UTF-8; read as Windows-1252",
                          "a.jsonl: and 2 more warnings like: one", "b.json: and 1 more warning like: one",
                          "and 2 more warnings of other kinds", "c.jsonl: not UTF-8; read as Windows-1252"]
