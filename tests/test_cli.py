from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dedup.cli import app

from conftest import CORPUS

runner = CliRunner()


def test_scan_prints_pairs_clusters_and_summary() -> None:
    result = runner.invoke(app, ["scan", str(CORPUS), "--no-align"])
    assert result.exit_code == 0, result.output
    assert "11 articles" in result.output and "duplicate" in result.output and "Clusters" in result.output


def test_scan_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["scan", str(CORPUS), "--no-align", "--json", str(out), "--quiet"])
    assert result.exit_code == 0 and result.output == ""
    data = json.loads(out.read_text())
    assert data["schema_version"] == 1 and len(data["pairs"]) >= 4


def test_missing_path_is_one_line_error() -> None:
    result = runner.invoke(app, ["scan", "no/such/folder"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no/such/folder: no such file or folder"


def test_bad_option_is_a_usage_error() -> None:
    result = runner.invoke(app, ["scan", str(CORPUS), "--max-bucket", "1"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_json_into_missing_folder_is_an_error_and_keeps_nothing_half_written(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scan", str(CORPUS), "--no-align", "--json", str(tmp_path / "no" / "r.json")])
    assert result.exit_code == 1 and "no such folder" in result.output


def test_existing_json_survives_a_failed_run(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    out.write_text('{"kept": true}')
    dup = tmp_path / "c"
    dup.mkdir()
    for name in ("a.jsonl", "b.jsonl"):
        (dup / name).write_text(json.dumps({"id": "same", "text": "word " * 30}) + "\n")
    result = runner.invoke(app, ["scan", str(dup), "--json", str(out)])
    assert result.exit_code == 1 and "duplicate article id" in result.output
    assert json.loads(out.read_text()) == {"kept": True}


def test_skipped_files_are_listed(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01")
    result = runner.invoke(app, ["scan", str(tmp_path)])
    assert result.exit_code == 0 and "binary file" in result.output


def test_stdin_jsonl() -> None:
    line = json.dumps({"id": "x", "text": "word " * 30}) + "\n"
    result = runner.invoke(app, ["scan", "-", "--no-align"], input=line)
    assert result.exit_code == 0 and "1 articles" in result.output


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("dedup ")
