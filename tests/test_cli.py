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
    assert result.exit_code == 0 and result.output.startswith("1 article, 0 pairs")


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("dedup ")


SEED_WIRE = CORPUS / "newswire" / "belarus-china-drills.txt"
SEED_REWRITE = CORPUS / "eastdesk" / "belarus-china-drills.txt"


def test_compare_prints_aligned_sentences() -> None:
    result = runner.invoke(app, ["compare", str(SEED_WIRE), str(SEED_REWRITE)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "wholly_derived" in result.output and "paraphrase" in result.output and "new" in result.output


def test_compare_json_schema() -> None:
    result = runner.invoke(app, ["compare", str(SEED_WIRE), str(SEED_REWRITE), "--json"])
    data = json.loads(result.output)
    assert data["schema_version"] == 1 and data["verdict"] == "wholly_derived"
    text = data["documents"][1]["text"]
    (start, end), *_ = data["links"][0]["derived_spans"]
    assert 0 <= start < end <= len(text)
    assert set(data["coverage"]) == {"derived_from_source", "source_used", "verbatim", "edited", "paraphrase", "new"}


def test_compare_writes_html(tmp_path: Path) -> None:
    page = tmp_path / "pair.html"
    result = runner.invoke(app, ["compare", str(SEED_WIRE), str(SEED_REWRITE), "--html", str(page)])
    assert result.exit_code == 0 and "<html" in page.read_text()


def test_compare_missing_file_is_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["compare", str(SEED_WIRE), str(tmp_path / "nope.txt")])
    assert result.exit_code == 1 and result.output.strip().endswith("nope.txt: no such file")


def test_compare_rejects_a_folder_and_a_multi_article_file(tmp_path: Path) -> None:
    feed = tmp_path / "two.jsonl"
    feed.write_text("\n".join(json.dumps({"text": "word " * 30}) for _ in range(2)) + "\n")
    assert "is a folder" in runner.invoke(app, ["compare", str(tmp_path), str(SEED_WIRE)]).output
    result = runner.invoke(app, ["compare", str(feed), str(SEED_WIRE)])
    assert result.exit_code == 1 and "holds 2 articles" in result.output


def test_unknown_engine_is_one_line_error() -> None:
    result = runner.invoke(app, ["scan", str(CORPUS), "--engine", "spark"])
    assert result.exit_code == 1 and result.output.strip() == "Error: unknown engine 'spark': choose one of local, dask"
