"""The short rewrites of Reuters stories written by hand (benchmarks/short_rewrites): the cases file and
the runner's table, on a corpus of the cases' stories written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.short_rewrites import CASES, EXPECTED, main, stories

#: A story and its rewrite, shaped like a case of the file (an invented event).
STORY = ("LONDON, May 4 - Harbour Foods Plc said it agreed to buy the frozen-meals maker Norden Kitchens for 140 mln "
         "stg in cash, its largest purchase. Norden had sales of 310 mln stg last year. Harbour said the deal would "
         "add to its earnings in the first full year and that it would pay for it from its own cash and a new bank "
         "loan. The purchase needs the approval of competition authorities, which it expects by the autumn.")
REWRITE = ("Food group Harbour Foods is paying 140 mln stg in cash for Norden Kitchens, which makes frozen meals and "
           "sold 310 mln stg worth of them last year. It is Harbour's biggest acquisition. The company, which will use "
           "cash on hand and a new bank loan, expects the deal to lift earnings in its first full year, once "
           "competition regulators clear it, probably by the autumn.")
INDEPENDENT = ("Shares in frozen-food companies rose in London on Monday as traders bet on more takeovers in the sector. "
               "Analysts at one broker said smaller producers were struggling with the cost of energy and packaging.")


def test_each_case_names_a_story_and_holds_a_rewrite_and_a_report_of_the_same_event() -> None:
    cases = json.loads(CASES.read_text(encoding="utf-8"))["cases"]
    assert len(cases) >= 3
    assert len({c["story"] for c in cases}) == len(cases)
    for case in cases:
        assert case["story"].startswith("reuters-")
        assert set(EXPECTED) <= case.keys()
        assert all(len(case[name].split()) >= 40 for name in EXPECTED)


def test_stories_reads_only_the_wanted_ones(tmp_path: Path) -> None:
    corpus = tmp_path / "r.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in (("a", "one"), ("b", "two"))),
                      encoding="utf-8")
    assert stories(corpus, {"b", "c"}) == {"b": "two"}


def test_the_table_reads_each_text_against_its_story(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus, cases = tmp_path / "r.jsonl", tmp_path / "cases.json"
    corpus.write_text(json.dumps({"id": "reuters-1", "text": STORY}) + "\n", encoding="utf-8")
    cases.write_text(json.dumps({"cases": [{"story": "reuters-1", "rewrite": REWRITE, "independent": INDEPENDENT}]}),
                     encoding="utf-8")
    assert main(["--corpus", str(corpus), "--cases", str(cases)]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| reuters-1 |")]
    assert [row.split(" | ")[1] for row in rows] == ["rewrite", "independent"]
    assert rows[1].split(" | ")[3] == "-"  # the unrelated report is not reported


def test_a_missing_corpus_or_story_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--corpus", str(tmp_path / "none.jsonl")]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    corpus = tmp_path / "r.jsonl"
    corpus.write_text(json.dumps({"id": "reuters-0", "text": STORY}) + "\n", encoding="utf-8")
    assert main(["--corpus", str(corpus)]) == 2
    assert "not in" in capsys.readouterr().err
