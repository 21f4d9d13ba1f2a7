"""benchmarks/still_reported.py: the pairs read as not reuse a scan still reports, by the shape of their evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import still_reported
from dedup.documents import Document
from dedup.verify import align_pair

#: One release written up twice the same day: the two leads linked, no passage word for word.
ONE = ("ATLANTA, March 6 - Southern Mills Corp said it called for redemption on April 10 all of its eight pct "
       "debentures due 2006 at 1,080 dlrs per 1,000 dlrs of principal amount.\n The debentures are convertible "
       "into common stock at 8.25 dlrs a share.")
TWO = ("ATLANTA, March 6 - Southern Mills Corp said it has called its eight pct debentures due 2006 for redemption "
       "on April 10, paying 1,080 dlrs for each 1,000 dlrs of principal.\n Holders may convert them into common "
       "shares at 8.25 dlrs each.")


def test_dateline_day_reads_a_datelines_month_and_day() -> None:
    assert still_reported.dateline_day(ONE) == ("March", 6)
    assert still_reported.dateline_day("BRUSSELS, APril 1 - a notice") == ("April", 1)
    assert still_reported.dateline_day("A story without a dateline.") is None


def test_a_scan_is_read_by_shape_and_bad_input_exits_with_one_line(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    alignment = align_pair(Document("d-1", ONE), Document("d-2", TWO))
    pair = {"a": "d-1", "b": "d-2", "verdict": "rewrite", "confidence": 0.8, "alignment": alignment.to_dict(),
            "why": {"for": [{"feature": "cover_edited", "value": 0.7, "contribution": 2.1}]},
            "scores": {"copied_words": 0}}
    report = tmp_path / "scan.json"
    report.write_text(json.dumps({"documents": [{"id": "d-1", "text": ONE}, {"id": "d-2", "text": TWO}],
                                  "pairs": [pair]}), encoding="utf-8")
    readings = tmp_path / "read.tsv"
    readings.write_text("# a comment\nd-1\td-2\tnot\tseparate write-ups of one release\n", encoding="utf-8")
    assert still_reported.main([str(report), "--readings", str(readings)]) == 0
    out = capsys.readouterr().out
    assert "d-1~d-2  one release written twice  [separate write-ups]" in out and "cover_edited 0.70 (+2.10)" in out
    assert "| one release written twice | 1 | 1 |" in out and "one day" in out
    assert still_reported.main([str(report), "--readings", str(readings), "--label", "reuse"]) == 0
    assert capsys.readouterr().out == "no reported pair is read reuse\n"
    assert still_reported.main([str(tmp_path / "missing.json")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cannot read the scan or the readings") and err.count("\n") == 1
