"""benchmarks/long_pairs.py: the long texts it makes are the same every time, of their length, from real sentences."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from long_pairs import commands, edited, folder_name, make, run  # noqa: E402


def _reuters(where: Path) -> Path:
    stories = [{"id": f"r-{k}", "text": f"LONDON, March {k} - Story {k} says the bank lent 1{k}0 mln dlrs to a firm. "
                f"Officials of desk {k} expect more loans next year. The firm number {k} declined to comment further."}
               for k in range(12)]
    path = where / "reuters.jsonl"
    path.write_text("".join(json.dumps(s) + "\n" for s in stories), encoding="utf-8")
    return path


def test_the_texts_are_made_alike_every_time_and_cut_to_their_length(tmp_path: Path) -> None:
    reuters = _reuters(tmp_path)
    for run in ("one", "two"):
        make(tmp_path / run, reuters, [3000], pool=2)
    folder = tmp_path / "one" / folder_name(3000, 2)
    assert folder.name == "3000-p2" and folder_name(3000, 0) == "3000"
    texts = {name: (folder / f"{name}.txt").read_text(encoding="utf-8") for name in ("a", "copy", "edit", "other")}
    assert texts == {name: (tmp_path / "two" / "3000-p2" / f"{name}.txt").read_text(encoding="utf-8") for name in texts}
    assert len(texts["a"]) == 3001 and texts["copy"] == texts["a"] != texts["other"]
    assert len(texts["edit"]) < len(texts["a"])  # every 11th sentence dropped
    assert (folder / "pair" / "b.txt").read_text(encoding="utf-8") == texts["a"]
    assert "Story 0 says" in texts["a"] and "Story 2 says" in texts["a"] and "Story 1 says" not in texts["a"]
    assert "Story 1 says" in texts["other"] and "Story 4 says" not in texts["a"] + texts["other"]  # the pool: 2 a half


def test_a_light_edit_drops_every_eleventh_sentence_and_changes_every_seventh_figures() -> None:
    sentences = [f"Sentence {k} holds 19 units." for k in range(22)]
    out = edited(sentences)
    assert len(out) == 20 and "Sentence 10 holds 19 units." not in out
    assert out[3] == "Sentence 4 holds 20 units." and out[0] == sentences[0]


def test_each_size_runs_three_compares_and_a_scan(tmp_path: Path) -> None:
    found = commands(tmp_path, "1GB")
    assert [c[0] for c in found] == ["compare", "compare", "compare", "scan"]
    assert found[-1][-2:] == ["--memory", "1GB"] and found[1][2].endswith("edit.txt")


def test_a_command_runs_the_code_it_is_given_whatever_the_folder_it_is_run_from(tmp_path: Path) -> None:
    # ``python -m dedup`` imports the package of its working folder before PYTHONPATH's: run from a checkout, the
    # command ran that checkout's code whatever ``--code`` said
    package = tmp_path / "code" / "dedup"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "__main__.py").write_text('print(\'{"verdict": "from the code given", "confidence": 1}\')\n',
                                         encoding="utf-8")
    found = run(["compare", "x", "y"], tmp_path / "code", 4 << 30)
    assert found["exit"] == 0 and found["verdict"] == "from the code given"
