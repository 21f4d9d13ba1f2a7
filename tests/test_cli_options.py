"""The options several commands share (dedup/cli/options.py) and the scan's settings, refused as they are read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedup.cli import app

from conftest import CORPUS
from _cli_helpers import _one_error_line, runner
from _bad_input_files import WIRE


def test_bad_memory_setting_is_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scan", str(CORPUS), "--memory", "lots", "--json", str(tmp_path / "r.json")])
    assert result.exit_code == 2 and "Traceback" not in result.output  # a usage error (it exited with 1)
    assert result.output.strip() == "Error: --memory must be a size such as 4GB or 512MB, got 'lots'"
    assert not (tmp_path / "r.json").exists()


@pytest.mark.parametrize("value", ["99999999999TB", "0", "-1GB", "nan", "inf", "", "GB", "4XB"],
                         ids=["huge", "zero", "negative", "nan", "inf", "empty", "unit-alone", "unknown-unit"])
def test_every_bad_memory_setting_is_one_line_before_any_work(tmp_path: Path, value: str) -> None:
    # 99999999999TB was taken as given (the scan never spilled to disk); the others were refused already
    result = runner.invoke(app, ["scan", str(CORPUS), "--memory", value, "--json", str(tmp_path / "r.json")])
    assert _one_error_line(result, 2).startswith("Error: --memory must be ")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [
    ["scan", str(CORPUS)],
    ["compare", str(CORPUS / "newswire" / "belarus-china-drills.txt"), str(CORPUS / "eastdesk" / "belarus-china-drills.txt")],
    ["index", "add", "{db}", str(CORPUS)],
], ids=["scan", "compare", "index-add"])
def test_an_unknown_passage_setting_is_one_line_and_writes_nothing(tmp_path: Path, command: list[str]) -> None:
    args = [a.replace("{db}", str(tmp_path / "i.db")) for a in command] + ["--passages", "dense"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "Traceback" not in result.output  # a usage error (it exited with 1)
    # the option named (it was "unknown passage setting 'dense'"), as every value refused is
    assert result.output.strip() == "Error: --passages 'dense': no such setting; give one of default, thorough, sparse"
    assert list(tmp_path.iterdir()) == []
    empty = runner.invoke(app, args[:-1] + [""])  # "" was read as the default
    assert empty.exit_code == 2 and empty.output.strip() == "Error: --passages '': no such setting; give one of default, thorough, sparse"


def test_a_number_of_dask_workers_past_any_machine_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scan", str(CORPUS), "--engine", "dask", "--workers", "100000",
                                 "--json", str(tmp_path / "r.json")])
    assert result.exit_code == 2 and "Traceback" not in result.output and "--workers" in result.output and "256" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("option, value, says", [
    ("--scheduler", "", "--scheduler '': an empty address"),  # "cannot reach the Dask scheduler at  within 10 s"
    ("--connect-timeout", "inf", "--connect-timeout"),          # exit 1, and only with --scheduler
    ("--connect-timeout", "86401", "--connect-timeout"),
], ids=["empty-scheduler", "inf-timeout", "timeout-past-a-day"])
def test_bad_dask_options_are_usage_errors(tmp_path: Path, option: str, value: str, says: str) -> None:
    result = runner.invoke(app, ["scan", str(CORPUS), "--engine", "dask", option, value, "--json", str(tmp_path / "r.json")])
    assert result.exit_code == 2 and "Traceback" not in result.output and says in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_min_confidence_is_the_one_operating_point(tmp_path: Path) -> None:
    counts = []
    for setting in ([], ["--min-confidence", "0.999"]):
        out = tmp_path / f"r{len(counts)}.json"
        result = runner.invoke(app, ["scan", str(CORPUS), "--no-align", "--json", str(out), "-q", *setting])
        assert result.exit_code == 0, result.output
        pairs = json.loads(out.read_text())["pairs"]
        assert all(p["confidence"] >= (0.999 if setting else 0.0) for p in pairs)
        counts.append(len(pairs))
    assert counts[1] < counts[0]
    result = runner.invoke(app, ["scan", str(CORPUS), "--min-confidence", "1.5"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "--duplicate" not in runner.invoke(app, ["scan", "--help"]).output


def test_min_confidence_help_gives_the_shipped_operating_points() -> None:
    from dedup.decision import verdict_model

    result = runner.invoke(app, ["scan", "-h"], env={"COLUMNS": "200"})
    bars = f"({verdict_model(True).min_confidence:.2f}; {verdict_model(False).min_confidence:.2f} with --no-align)"
    assert result.exit_code == 0 and bars in " ".join(result.output.split())


@pytest.mark.parametrize("value, error", [
    (str(2**63), f"--rows {2**63}: give a whole number from 1 to 9,223,372,036,854,775,807"),
    (str(2**63 - 1), None), ("0", "--rows 0: give a whole number, at least 1"),
])
def test_a_whole_number_option_out_of_its_range_is_refused_in_the_helps_words(value: str, error: str | None) -> None:
    # it was typer's "Invalid value for '--rows': Input should be greater than or equal to 1", under the usage
    result = runner.invoke(app, ["scan", str(CORPUS), "--no-align", "--quiet", "--rows", value])
    if error is None:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 2 and result.stderr.splitlines() == [f"Error: {error}"]


def test_a_seed_out_of_range_is_a_usage_error() -> None:
    for seed in ("-1", str(2**64)):
        result = runner.invoke(app, ["scan", str(WIRE), "--seed", seed])
        assert result.exit_code == 2 and "Traceback" not in result.output and "--seed" in result.output


# -- whole numbers past what a 64-bit integer holds --------------------------------------------------------------------

TOO_LARGE = str(2**63)


@pytest.mark.parametrize("args", [
    ["scan", str(WIRE), "--rows", TOO_LARGE], ["scan", str(WIRE), "--max-bucket", TOO_LARGE],
    ["scan", str(WIRE), "--min-words", TOO_LARGE], ["index", "add", "{db}", str(WIRE), "--min-words", TOO_LARGE],
], ids=["scan-rows", "scan-max-bucket", "scan-min-words", "index-add-min-words"])
def test_a_whole_number_option_past_64_bits_is_refused_with_its_bound(args: list[str], tmp_path: Path) -> None:
    # --rows and --max-bucket of 2**63 were taken; --min-words of it skipped every article as too short
    db = tmp_path / "new.db"
    result = runner.invoke(app, [a.replace("{db}", str(db)) for a in args])
    assert result.exit_code == 2 and "Traceback" not in result.output
    # said as the help says a range (it was typer's "less than or equal to 9223372036854775807")
    assert "give a whole number from " in result.stderr and "to 9,223,372,036,854,775,807" in result.stderr
    assert not db.exists()
