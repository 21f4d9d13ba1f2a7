"""benchmarks/shared_stock.py: how much of a reported pair's shared wording the rest of the corpus holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import shared_stock

#: Two versions of one story, a third text carrying their lead, and three market reports whose stock phrase
#: ("the dollar closed at") the first two also hold.
TEXTS = {
    "a": "Acme Corp said it sold its plastics unit for 40 mln dlrs. The dollar closed at 1.80 marks.",
    "b": "Acme Corp said it sold its plastics unit for 40 mln dlrs to Beta. The dollar closed at 1.81 marks.",
    "c": "Acme Corp said it sold its plastics unit for an undisclosed sum.",
    "d": "In Frankfurt the dollar closed at 1.79 marks.",
    "e": "In Zurich the dollar closed at 1.50 francs.",
    "f": "In Paris the dollar closed at 6.05 francs.",
}


def _grams() -> tuple[dict, dict]:
    grams = {k: shared_stock.ngrams(t, 3) for k, t in TEXTS.items()}
    return grams, shared_stock.holders(grams)


def test_shared_ngrams_are_read_against_the_other_texts() -> None:
    grams, held = _grams()
    stock, own, third = shared_stock.pair_stock("a", "b", grams, held)
    shared = grams["a"] & grams["b"]
    # "the dollar closed", "dollar closed at" are in d, e and f: stock; "for 40 mln", ... in no other text
    assert stock == pytest.approx(2 / len(shared))
    # the twelve shared: the lead's nine and "unit for 40" ... (c holds the lead up to "plastics unit for")
    assert len(shared) == 12
    assert own == pytest.approx(3 / len(grams["a"]))  # "unit for 40", "for 40 mln", "40 mln dlrs"
    assert third == pytest.approx(7 / 12)  # c, the text holding most of them
    assert shared_stock.pair_stock("a", "e", {"a": frozenset(), "e": grams["e"]}, held) == (0.0, 0.0, 0.0)


def test_a_scan_is_read_by_label_and_bad_input_exits_with_one_line(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "scan.json"
    report.write_text(json.dumps({"documents": [{"id": k, "text": t} for k, t in TEXTS.items()],
                                  "pairs": [{"a": "a", "b": "b", "confidence": 0.8},
                                            {"a": "d", "b": "e", "confidence": 0.7}]}), encoding="utf-8")
    readings = tmp_path / "read.tsv"
    readings.write_text("# a comment\na\tb\treuse\tversions of one story\ne\td\tnot\tform filled again\n",
                        encoding="utf-8")
    assert shared_stock.main([str(report), "--readings", str(readings), "--n", "3"]) == 0
    out = capsys.readouterr().out
    assert "| reuse | all | 1 |" in out and "| not | under 0.9 | 1 |" in out
    assert "| stock > 0.5 | 0 | 1 |" in out  # d and e share only the stock phrase
    report.write_text("{not json", encoding="utf-8")
    assert shared_stock.main([str(report), "--readings", str(readings)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cannot read the scan or the readings") and err.count("\n") == 1
    assert shared_stock.main([str(report), "--n", "0"]) == 2
