"""benchmarks/forms_still.py: the pairs read as not reuse a scan still reports, and how the forms' readings see them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import forms_still
from dedup.documents import Document
from dedup.verify import align_pair

#: A Fed operation, to be sent again three weeks later with its figures the same.
FED = ("NEW YORK, March 2 - The Federal Reserve entered the U.S. Government securities market to arrange 1.5 billion "
       "dlrs of customer repurchase agreements, a Fed spokesman said. Dealers said Federal funds were trading at "
       "6-3/16 pct when the Fed began its temporary and indirect supply of reserves to the banking system.")


def test_a_readers_reason_is_grouped_by_what_it_says() -> None:
    assert forms_still.kind_of("monthly form filled in again") == "form or template"
    assert forms_still.kind_of("follow-up, background restated") == "follow-up"
    assert forms_still.kind_of("facts restated, one shared lede") == "separate write-ups"
    assert forms_still.kind_of("single recap sentence") == "recap or background sentence"
    assert forms_still.kind_of("drawn at random, fifth round") == "unstated"


def test_the_readings_are_read_by_label_with_their_reasons(tmp_path: Path) -> None:
    readings = tmp_path / "read.tsv"
    readings.write_text("# a comment\na\tb\tlabel\treason\nx-1\tx-2\tnot\tform filled again\nx-1\tx-3\treuse\tresent\n",
                        encoding="utf-8")
    assert forms_still.readings(readings, "not") == {frozenset({"x-1", "x-2"}): "form filled again"}


def test_a_scan_is_tabulated_and_bad_input_exits_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    later = Document("d-3", FED.replace("March 2", "March 23"))
    alignment = align_pair(Document("d-1", FED), later)
    pair = {"a": "d-1", "b": "d-3", "verdict": "duplicate", "confidence": 0.9, "alignment": alignment.to_dict()}
    documents = [{"id": "d-1", "text": FED}, {"id": "d-3", "text": later.text}]
    report = tmp_path / "scan.json"
    report.write_text(json.dumps({"documents": documents, "pairs": [pair]}), encoding="utf-8")
    readings = tmp_path / "read.tsv"
    readings.write_text("d-1\td-3\tnot\tform filled again\n", encoding="utf-8")
    assert forms_still.main([str(report), "--readings", str(readings), "--links"]) == 0
    out = capsys.readouterr().out
    assert "d-1~d-3" in out and "form or template" in out and "read as: form or template 1 (of 1)" in out
    assert "retold leads: 0" in out and "retold lead\n" not in out  # the two leads linked: no lead retold
    assert forms_still.main([str(tmp_path / "missing.json")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cannot read the scan or the readings") and err.count("\n") == 1


def test_a_pair_of_one_link_is_read_for_a_retold_lead_from_the_scans_json(tmp_path: Path,
                                                                            capsys: pytest.CaptureFixture[str]) -> None:
    # the JSON holds a link's spans, not its sentences' indices: one span a sentence, so they are counted from them
    from test_recaps import COURT, MARKET

    alignment = align_pair(Document("d-1", COURT), Document("d-2", MARKET))
    rebuilt = forms_still.alignment_of({"alignment": alignment.to_dict()},
                                       {"d-1": Document("d-1", COURT), "d-2": Document("d-2", MARKET)})
    assert [len(link.source_sentences) for link in rebuilt.links] == [len(link.source_sentences) for link in alignment.links]
    pair = {"a": "d-1", "b": "d-2", "verdict": "partial", "confidence": 0.7, "alignment": alignment.to_dict()}
    report = tmp_path / "scan.json"
    report.write_text(json.dumps({"documents": [{"id": "d-1", "text": COURT}, {"id": "d-2", "text": MARKET}],
                                  "pairs": [pair]}), encoding="utf-8")
    readings = tmp_path / "read.tsv"
    readings.write_text("d-1\td-2\tnot\tsingle recap sentence\n", encoding="utf-8")
    assert forms_still.main([str(report), "--readings", str(readings)]) == 0
    out = capsys.readouterr().out
    assert "one link" in out and "retold lead\n" in out and "retold leads: 1" in out
