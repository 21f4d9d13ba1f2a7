from __future__ import annotations

import contextlib
import json
import os
import re
import time
from pathlib import Path
from typing import Any, Callable

import pytest
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
    assert data["schema_version"] == 5 and len(data["pairs"]) >= 4
    assert {"credit", "facts", "story"} <= set(data["pairs"][0]) and {"stories", "timelines", "outlets"} <= set(data)


def test_missing_path_is_one_line_error() -> None:
    result = runner.invoke(app, ["scan", "no/such/folder"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no/such/folder: no such file or folder"


def test_bad_option_is_a_usage_error() -> None:
    result = runner.invoke(app, ["scan", str(CORPUS), "--max-bucket", "1"])
    assert result.exit_code == 2 and "Traceback" not in result.output


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


def test_json_to_a_dash_goes_to_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # "--json -" wrote a file named "-" in the current folder, and nothing to the pipe to jq
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["scan", str(CORPUS), "-q", "--json", str(tmp_path / "scan.json")]).exit_code == 0
    result = runner.invoke(app, ["scan", str(CORPUS), "--json", "-"])
    assert result.exit_code == 0 and not (tmp_path / "-").exists()
    assert result.stdout == (tmp_path / "scan.json").read_text(encoding="utf-8")  # the same bytes as a file's
    assert result.stderr.startswith("11 articles, 5 pairs") and "written to" not in result.stderr


def test_memory_setting_keeps_the_same_json(tmp_path: Path) -> None:
    outs = [tmp_path / "default.json", tmp_path / "small.json"]
    assert runner.invoke(app, ["scan", str(CORPUS), "--no-align", "-q", "--json", str(outs[0])]).exit_code == 0
    small = runner.invoke(app, ["scan", str(CORPUS), "--no-align", "-q", "--memory", "64MB", "--json", str(outs[1])])
    assert small.exit_code == 0 and outs[0].read_bytes() == outs[1].read_bytes()


def test_thorough_passages_are_the_scans_channels_and_recorded_in_its_json(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    assert runner.invoke(app, ["scan", str(CORPUS), "-q", "--passages", "thorough", "--json", str(out)]).exit_code == 0
    passage = [c for c in json.loads(out.read_text())["settings"]["channels"] if c["name"] == "passage"]
    assert [(c["stride"], c["bands"], c["rows"], c["num_perm"]) for c in passage] == [(6, 48, 3, 144)]
    assert runner.invoke(app, ["scan", str(CORPUS), "-q", "--json", str(out)]).exit_code == 0
    passage = [c for c in json.loads(out.read_text())["settings"]["channels"] if c["name"] == "passage"]
    assert [(c["stride"], c["bands"]) for c in passage] == [(8, 32)]


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


def test_an_index_refusing_its_settings_names_the_options(tmp_path: Path) -> None:
    db = str(tmp_path / "i.db")
    assert runner.invoke(app, ["index", "add", db, str(CORPUS / "newswire"), "-q"]).exit_code == 0
    before = (tmp_path / "i.db").read_bytes()
    other = runner.invoke(app, ["index", "add", db, str(CORPUS / "eastdesk"), "-q", "--min-words", "30",
                                "--passages", "thorough"])
    assert other.exit_code == 1 and other.output.strip() == (
        f"Error: {db} was made with --passages default, --min-words 20 (given: thorough, 30): leave out "
        "--passages and --min-words to add to it with its own, or give a new index")
    assert (tmp_path / "i.db").read_bytes() == before


def test_an_index_keeps_its_passage_setting(tmp_path: Path) -> None:
    db = str(tmp_path / "i.db")
    assert runner.invoke(app, ["index", "add", db, str(CORPUS / "newswire"), "-q", "--passages", "thorough"]).exit_code == 0
    again = runner.invoke(app, ["index", "add", db, str(CORPUS / "eastdesk"), "-q"])  # not given: the index's own
    assert again.exit_code == 0, again.output
    other = runner.invoke(app, ["index", "add", db, str(CORPUS / "eastdesk"), "-q", "--passages", "default"])
    assert other.exit_code == 1 and "Traceback" not in other.output
    assert other.output.strip() == (f"Error: {db} was made with --passages thorough (given: default): leave out "
                                    "--passages to add to it with its own, or give a new index")
    assert json.loads(runner.invoke(app, ["index", "stats", db]).output)["passages"] == "thorough"
    plain = str(tmp_path / "plain.db")
    assert runner.invoke(app, ["index", "add", plain, str(CORPUS / "newswire"), "-q"]).exit_code == 0
    assert json.loads(runner.invoke(app, ["index", "stats", plain]).output)["passages"] == "default"


def test_a_broken_pipe_that_is_not_the_output_is_an_error_line(monkeypatch: pytest.MonkeyPatch) -> None:
    # a closed output pipe (`| head`) ends a command quietly (tests/test_ingest.py); any other broken pipe
    # (a worker's, say) is an error like any other
    import dedup.pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(dedup.pipeline, "scan", broken)
    result = runner.invoke(app, ["scan", str(CORPUS), "-q"])
    assert result.exit_code == 1 and result.output.strip() == "Error: Broken pipe"


def test_bidirectional_controls_are_shown_not_obeyed_on_a_terminal() -> None:
    import io

    from dedup.cli.streams import _Visible, _visible

    shown = io.StringIO()
    _Visible(shown).write("news\u202etxt.exe \u2067x\u2069 \u200fوكالة")
    assert shown.getvalue() == "news<U+202E>txt.exe <U+2067>x<U+2069> \u200fوكالة"  # marks and letters kept

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    plain = io.StringIO()
    assert _visible(plain) is plain and isinstance(_visible(Terminal()), _Visible)


def test_a_file_name_that_turns_text_around_is_escaped_on_a_terminal_and_kept_in_json(tmp_path: Path) -> None:
    # a corpus file named with U+202E ("Trojan source"): the terminal shows the control, the JSON keeps the id
    import pty
    import subprocess
    import sys

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    tricky = "news\u202etxt.exe.txt"
    (corpus / tricky).write_text((CORPUS / "newswire" / "belarus-china-drills.txt").read_text())
    (corpus / "b.txt").write_text((CORPUS / "eastdesk" / "belarus-china-drills.txt").read_text())
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "dedup", "scan", str(corpus), "--json", str(tmp_path / "r.json")],
                            stdout=slave, stderr=slave, env={**os.environ, "PYTHONPATH": str(CORPUS.parent)})
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal's other end closed: the command ended
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    assert proc.wait(timeout=120) == 0
    assert b"<U+202E>" in out and "\u202e".encode() not in out
    assert tricky in {d["id"] for d in json.loads((tmp_path / "r.json").read_text())["documents"]}


def test_json_into_missing_folder_is_an_error_and_keeps_nothing_half_written(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scan", str(CORPUS), "--no-align", "--json", str(tmp_path / "no" / "r.json")])
    assert result.exit_code == 1 and "no such folder" in result.output
    assert list(tmp_path.rglob("*")) == []  # no folder made, no temporary file left behind


def test_a_json_write_that_fails_midway_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dedup.report.jsonout as jsonout

    def broken(data: object) -> str:
        raise OSError("disk full")

    monkeypatch.setattr(jsonout, "dumps", broken)
    with pytest.raises(OSError, match="disk full"):
        jsonout.write_json({"a": 1}, tmp_path / "r.json")
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_midway_through_a_scan_is_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A temporary file the scan needs cannot be written (the kept evidence of a scan verified in several
    chunks, here): one line, exit 1, no report and no file left behind."""
    import errno

    import dedup.pipeline as pipeline
    import dedup.spools as spools

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pipeline, "verify_chunks", lambda pairs, lengths, memory, **_: [*range(0, len(pairs), 2), len(pairs)])
    monkeypatch.setattr(spools.tempfile, "TemporaryFile", full)
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["scan", str(CORPUS), "--json", str(out), "--quiet"])
    assert result.exit_code == 1, result.output
    import tempfile  # a temporary file has no name to give: where they go is said instead

    assert result.output.strip() == (f"Error: {os.strerror(errno.ENOSPC)} (writing a temporary file in "
                                     f"{tempfile.gettempdir()}, or the output: temporary files go in the folder "
                                     "TMPDIR names; give it one with more room)")
    assert list(tmp_path.iterdir()) == []


def test_existing_json_survives_a_failed_run(tmp_path: Path) -> None:
    out = tmp_path / "r.json"  # a report of an earlier run (a file that is no report is not written over at all)
    assert runner.invoke(app, ["scan", str(CORPUS), "-q", "--json", str(out)]).exit_code == 0
    kept = out.read_bytes()
    dup = tmp_path / "c"
    dup.mkdir()
    for name in ("a.jsonl", "b.jsonl"):
        (dup / name).write_text(json.dumps({"id": "same", "text": "word " * 30}) + "\n")
    result = runner.invoke(app, ["scan", str(dup), "--json", str(out)])
    assert result.exit_code == 1 and "duplicate article id" in result.output
    assert out.read_bytes() == kept


def test_skipped_files_are_listed(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "wire.txt").write_text(SEED_WIRE.read_text())
    result = runner.invoke(app, ["scan", str(tmp_path)])
    assert result.exit_code == 0 and "binary file" in result.output


def test_a_corpus_with_no_article_is_an_error_not_an_empty_result(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01binary")
    result = runner.invoke(app, ["scan", str(tmp_path)])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "no article could be read (1 input skipped, such as bin.txt: binary file)" in result.stderr


def test_stdin_jsonl() -> None:
    line = json.dumps({"id": "x", "text": "word " * 30}) + "\n"
    result = runner.invoke(app, ["scan", "-", "--no-align"], input=line)
    assert result.exit_code == 0 and result.output.startswith("1 article, 0 pairs")


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("dedup ")


SEED_WIRE = CORPUS / "newswire" / "belarus-china-drills.txt"
SEED_REWRITE = CORPUS / "eastdesk" / "belarus-china-drills.txt"


def test_compare_prints_aligned_sentences(corpus_here: Path) -> None:
    wire, rewrite = (corpus_here / path.relative_to(CORPUS) for path in (SEED_WIRE, SEED_REWRITE))
    result = runner.invoke(app, ["compare", str(wire), str(rewrite)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    # direction unknown: neither text is called derived ("sentences: wholly derived" was)
    assert ("sentences: most of the right text has a counterpart in the left" in result.output
            and "paraphrase" in result.output and "new" in result.output)
    # one verdict: the pair's, first, with the answer (who took how many sentences from whom); the
    # alignment's reading is not shown as a second "verdict"
    first = " ".join(result.output.split("\nweighed most", 1)[0].split())
    assert first == (f"rewrite, confidence 0.99: 25 of the 26 sentences of {rewrite} (99% of its text) have a "
                     f"counterpart in {wire}; who took from whom is unknown"), first
    assert "\nverdict:" not in result.output
    # direction unknown: neither is charged with a missing credit
    assert "credit: neither credits the other" in result.output
    # nor is either said to have altered or dropped a fact: they differ, or one text alone holds it
    text = " ".join(result.output.split())
    assert "facts that differ: 1 quotation differs, 1 name differs, 3 quotations only in the left" in text
    assert "name only in the right" in text and "altered" not in text and "dropped" not in text
    assert "18 more facts in one text only in --json and --html" in text


@pytest.mark.parametrize("how", ["same path", "a link to it"])
def test_compare_of_one_file_twice_warns_and_answers_as_before(tmp_path: Path, how: str) -> None:
    # "dedup compare a.txt a.txt", a slip of completion, answered "duplicate, confidence 1.00" with no word
    second = str(SEED_WIRE)
    if how == "a link to it":
        (tmp_path / "link.txt").symlink_to(SEED_WIRE)
        second = str(tmp_path / "link.txt")
    result = runner.invoke(app, ["compare", str(SEED_WIRE), second, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["verdict"] == "duplicate"
    assert f"warning: {SEED_WIRE} and {second} are one file: it is compared with itself" in result.stderr


def test_compare_of_two_files_warns_of_nothing() -> None:
    result = runner.invoke(app, ["compare", str(SEED_WIRE), str(SEED_REWRITE), "--json"])
    assert result.exit_code == 0 and "one file" not in result.stderr


def test_compare_json_schema() -> None:
    result = runner.invoke(app, ["compare", str(SEED_WIRE), str(SEED_REWRITE), "--json"])
    data = json.loads(result.output)
    # the pair schema of a scan: the scan's verdict, scores, exact passages, and the alignment
    assert data["schema_version"] == 5 and data["verdict"] == "rewrite"
    assert {"a", "b", "source", "derived", "channels", "scores", "passages", "alignment"} <= set(data)
    assert data["credit"]["status"] == "not credited" and data["facts"]["summary"]["quotation altered"] == 1
    aligned = data["alignment"]
    assert aligned["verdict"] == "wholly_derived"
    text = aligned["documents"][1]["text"]
    (start, end), *_ = aligned["links"][0]["derived_spans"]
    assert 0 <= start < end <= len(text)
    assert set(aligned["coverage"]) == {"derived_from_source", "source_used", "verbatim", "edited", "paraphrase", "new"}
    # located passages: merged runs of links, with character offsets on both sides
    assert aligned["passages"]
    for located in aligned["passages"]:
        (s0, s1), (d0, d1) = located["source"], located["derived"]
        assert 0 <= s0 < s1 <= len(aligned["documents"][0]["text"]) and 0 <= d0 < d1 <= len(text)


def test_compare_writes_html(tmp_path: Path) -> None:
    page = tmp_path / "pair.html"
    result = runner.invoke(app, ["compare", str(SEED_WIRE), str(SEED_REWRITE), "--html", str(page)])
    assert result.exit_code == 0 and "<html" in page.read_text()


def test_compare_html_heads_each_column_with_its_articles_title(tmp_path: Path) -> None:
    page = tmp_path / "pair.html"
    wire, reprint = CORPUS / "globalwire" / "port-strike.json", CORPUS / "coastnews" / "port-strike-reprint.json"
    result = runner.invoke(app, ["compare", str(wire), str(reprint), "--html", str(page)])
    html = page.read_text()
    assert result.exit_code == 0
    for given in (wire, reprint):  # the title, its link and the publication time, as a scan's pages show them
        article = json.loads(given.read_text())
        assert f'rel="noopener noreferrer">{article["title"]}</a></h2>' in html
        assert f"<time>{article['published']}</time>" in html


def test_compare_missing_file_is_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["compare", str(SEED_WIRE), str(tmp_path / "nope.txt")])
    assert result.exit_code == 1 and result.output.strip().endswith("nope.txt: no such file")


def test_compare_rejects_a_folder_and_a_multi_article_file(tmp_path: Path) -> None:
    feed = tmp_path / "two.jsonl"
    feed.write_text("\n".join(json.dumps({"text": "word " * 30}) for _ in range(2)) + "\n")
    assert "is a folder" in runner.invoke(app, ["compare", str(tmp_path), str(SEED_WIRE)]).output
    result = runner.invoke(app, ["compare", str(feed), str(SEED_WIRE)])
    assert result.exit_code == 1 and "holds 2 articles" in result.output


def test_a_number_of_dask_workers_past_any_machine_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scan", str(CORPUS), "--engine", "dask", "--workers", "100000",
                                 "--json", str(tmp_path / "r.json")])
    assert result.exit_code == 2 and "Traceback" not in result.output and "--workers" in result.output and "256" in result.output
    assert list(tmp_path.iterdir()) == []


def test_unknown_engine_is_a_usage_error(tmp_path: Path) -> None:
    # it exited with 1, a library error's code, where every other bad option gives typer's 2
    result = runner.invoke(app, ["scan", str(CORPUS), "--engine", "spark", "--json", str(tmp_path / "r.json")])
    assert _one_error_line(result, 2) == "Error: --engine 'spark': no such engine; choose one of local, dask\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [
    ["scan", str(CORPUS)],
    ["compare", str(CORPUS / "newswire" / "belarus-china-drills.txt"), str(CORPUS / "eastdesk" / "belarus-china-drills.txt")],
], ids=["scan", "compare"])
def test_html_to_a_dash_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    # "--html -" made a folder (scan) or a file (compare) named "-": an HTML report is pages, not a stream
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*command, "--html", "-"])
    assert _one_error_line(result, 2).startswith("Error: --html -: ") and "standard output" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [[str(SEED_WIRE), "-"], ["-", str(SEED_WIRE)]], ids=["second", "first"])
def test_compare_says_it_reads_no_standard_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    # it said "-: no such file", as if a file named "-" were missing
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["compare", *args], input="{}\n")
    line = _one_error_line(result, 2)
    assert "not standard input" in line and "no such file" not in line


@pytest.mark.parametrize("command", [
    ["scan", str(CORPUS), "--html", "{empty}"],
    ["scan", str(CORPUS), "--json", "{empty}"],
    ["compare", str(CORPUS / "newswire" / "belarus-china-drills.txt"), str(CORPUS / "eastdesk" / "belarus-china-drills.txt"),
     "--html", "{empty}"],
], ids=["scan-html", "scan-json", "compare-html"])
@pytest.mark.parametrize("empty", ["", " "], ids=["empty", "blank"])
def test_an_empty_output_path_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str],
                                               empty: str) -> None:
    # --html "" (an unset shell variable) wrote the report into the current folder; --json "" said ".: is a folder"
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [a.replace("{empty}", empty) for a in command])
    assert _one_error_line(result, 2) == f"Error: {command[-2]} {empty!r}: an empty path; give a file or folder name\n"
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


def test_compare_json_carries_the_confidence_and_reasons() -> None:
    result = runner.invoke(app, ["compare", str(SEED_WIRE), str(SEED_REWRITE), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["verdict"] == "rewrite" and data["confidence"] > 0.5 and data["why"]["for"]
    stricter = runner.invoke(app, ["compare", str(SEED_WIRE), str(SEED_REWRITE), "--json", "--min-confidence", "1"])
    assert json.loads(stricter.output)["verdict"] is None  # not reported, same confidence
    assert json.loads(stricter.output)["confidence"] == data["confidence"]
    assert json.loads(stricter.output)["why"] == data["why"]  # and the same reasons: why it is not reported


def test_compare_says_why_a_pair_is_not_reported() -> None:
    result = runner.invoke(app, ["compare", str(SEED_WIRE), str(SEED_REWRITE), "--min-confidence", "1"])
    assert result.exit_code == 0, result.output
    verdict = " ".join(result.output.split("\nverdict:", 1)[0].split())  # the first lines, as rich wraps them
    assert "not reported" in verdict and "under the bar 1.000" in verdict, verdict
    assert "weighed most: " in verdict and "weighed most: )" not in verdict, verdict


# -- issue 17: safe by default ----------------------------------------------------------------------


def _one_error_line(result, code: int = 1) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


@pytest.mark.parametrize("command", [["scan"], ["index", "add", "news.db"]], ids=["scan", "index add"])
def test_an_empty_folder_says_what_was_looked_for_and_where(tmp_path: Path, command: list[str]) -> None:
    # "Error: D: no article could be read (nothing there)": empty, or its files of a type not read? hidden?
    empty, hidden, nested, links = (tmp_path / name for name in ("empty", "hidden", "nested", "links"))
    (nested / "2026" / "12").mkdir(parents=True)
    (hidden / ".git").mkdir(parents=True)
    (hidden / ".draft.txt").write_text((CORPUS / "citypaper" / "port-strike.txt").read_text())
    links.mkdir()
    (links / "story.txt").symlink_to(CORPUS / "citypaper" / "port-strike.txt")
    empty.mkdir()
    args = [*command[:2], *(str(tmp_path / name) for name in command[2:])]
    read = "read: .csv .eml .htm .html .json .jsonl .md .ndjson .text .tsv .txt"
    for folder in (empty, nested):
        said = _one_error_line(runner.invoke(app, [*args, str(folder)]))
        assert said == (f"Error: {folder}: no article could be read: the folder and its subfolders hold no file ({read}; "
                        "hidden files, named .*, are left out)\n")
    said = _one_error_line(runner.invoke(app, [*args, str(hidden)]))
    assert said == (f"Error: {hidden}: no article could be read: the folder and its subfolders hold only hidden files "
                    f"or folders (2, such as .draft.txt), which are left out; give a hidden file by name to read it ({read})\n")
    said = _one_error_line(runner.invoke(app, [*args, str(links)]))
    assert said.startswith(f"Error: {links}: no article could be read (1 input skipped, such as story.txt: a link") and "--follow-links" in said
    assert not (tmp_path / "news.db").exists()


def test_an_empty_standard_input_says_what_was_expected() -> None:
    said = _one_error_line(runner.invoke(app, ["scan", "-"], input=""))
    assert said == 'Error: -: no article could be read: standard input held no line (a JSON object a line was expected, its text under "text")\n'


def _index(tmp_path: Path) -> Path:
    db = tmp_path / "news.db"
    assert runner.invoke(app, ["index", "add", str(db), str(SEED_WIRE), "-q"]).exit_code == 0
    return db


@pytest.mark.parametrize("command", [["check", "{db}", str(SEED_REWRITE)], ["stream", "{db}", "--check-only"],
                                     ["index", "stats", "{db}"], ["index", "remove", "{db}", "x"],
                                     ["index", "prune", "{db}", "--older-than", "7d"]],
                         ids=["check", "stream-check-only", "stats", "remove", "prune"])
def test_a_mistyped_index_path_is_an_error_and_creates_nothing(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "typo.db"
    result = runner.invoke(app, [c.format(db=db) for c in command], input="")
    assert "no such index" in _one_error_line(result)
    assert list(tmp_path.iterdir()) == []


def test_check_refuses_a_foreign_sqlite_file_and_adds_no_tables(tmp_path: Path) -> None:
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, caption TEXT)")
    before = other.read_bytes()
    result = runner.invoke(app, ["check", str(other), str(SEED_REWRITE)])
    assert "another program (tables photos)" in _one_error_line(result)
    assert other.read_bytes() == before


def test_check_checks_every_article_of_a_feed_and_names_bad_lines(tmp_path: Path) -> None:
    db = _index(tmp_path)
    feed = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": "rewrite", "text": SEED_REWRITE.read_text()}), "{broken",
             json.dumps({"id": "copy", "text": SEED_WIRE.read_text() + " More to follow."})]
    feed.write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, ["check", str(db), str(feed), "--no-align"])
    assert result.exit_code == 1
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["rewrite", "copy"]
    assert "copy\tbelarus-china-drills.txt\tduplicate" in result.stdout
    assert "skipped feed.jsonl:2: malformed JSON line" in result.stderr
    assert result.stderr.strip().endswith("Error: 1 input of " + str(feed) + " not checked (named above)")
    as_json = runner.invoke(app, ["check", str(db), str(feed), "--no-align", "--json"])
    assert [json.loads(line)["id"] for line in as_json.stdout.splitlines()] == ["rewrite", "copy"]


def test_check_of_a_folder_fails_for_an_unread_article_not_for_a_readme(tmp_path: Path) -> None:
    db = _index(tmp_path)
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "rewrite.txt").write_text(SEED_REWRITE.read_text())
    (folder / "README.md").write_text("What this folder holds.")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n")
    result = runner.invoke(app, ["check", str(db), str(folder), "--no-align"])
    assert result.exit_code == 0, result.output
    assert "skipped README.md: not an article" in result.stderr and "skipped photo.png: unsupported file type" in result.stderr
    assert result.stdout.startswith("rewrite.txt\t")
    (folder / "empty.txt").write_text("   ")
    result = runner.invoke(app, ["check", str(db), str(folder), "--no-align"])
    assert result.exit_code == 1
    assert result.stderr.strip().endswith(f"Error: 1 input of {folder} not checked (named above)")


def test_check_shows_reading_warnings(tmp_path: Path) -> None:
    db = _index(tmp_path)
    article = tmp_path / "latin.txt"
    article.write_bytes(SEED_REWRITE.read_text().replace("minister", "ministère").encode("cp1252") + b"\x00")
    result = runner.invoke(app, ["check", str(db), str(article)])
    assert result.exit_code == 0
    assert "warning: latin.txt: not UTF-8; read as Windows-1252" in result.stderr
    assert "warning: latin.txt: 1 control character (such as NUL) dropped" in result.stderr


@pytest.mark.parametrize("where", ["missing/r.json", "file.txt/r.json", "folder"], ids=["missing-folder", "file-as-folder", "a-folder"])
def test_a_bad_json_destination_is_refused_before_the_scan(tmp_path: Path, where: str, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "file.txt").write_text("x")
    (tmp_path / "folder").mkdir()
    import dedup.pipeline

    monkeypatch.setattr(dedup.pipeline, "scan", lambda *a, **k: pytest.fail("the scan ran"))
    result = runner.invoke(app, ["scan", str(CORPUS), "--json", str(tmp_path / where)])
    _one_error_line(result)


def test_a_file_given_as_html_folder_is_refused_before_the_scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "file.txt").write_text("x")
    import dedup.pipeline

    monkeypatch.setattr(dedup.pipeline, "scan", lambda *a, **k: pytest.fail("the scan ran"))
    for where in ("file.txt", "file.txt/report"):
        result = runner.invoke(app, ["scan", str(CORPUS), "--html", str(tmp_path / where)])
        assert "is a file" in _one_error_line(result)
    result = runner.invoke(app, ["compare", str(SEED_WIRE), str(SEED_REWRITE), "--html", str(tmp_path / "file.txt" / "p.html")])
    assert "is a file" in _one_error_line(result)


def test_an_html_folder_holding_a_page_that_is_no_report_is_refused_before_the_scan(tmp_path: Path,
                                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # a site's folder lost its index.html to the report's without a word
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body>Our newsroom's own page</body></html>")
    import dedup.pipeline

    with monkeypatch.context() as patched:
        patched.setattr(dedup.pipeline, "scan", lambda *a, **k: pytest.fail("the scan ran"))
        result = runner.invoke(app, ["scan", str(CORPUS), "--html", str(site)])
        assert _one_error_line(result) == (f"Error: {site / 'index.html'}: a page that is no dedup report, which the HTML "
                                           "report would replace; give another folder (or move the page)\n")
    assert (site / "index.html").read_text() == "<html><body>Our newsroom's own page</body></html>"
    (site / "index.html").unlink()
    (site / "notes.txt").write_text("kept")
    for _ in range(2):  # a report replaces its own
        assert runner.invoke(app, ["scan", str(CORPUS), "--no-align", "-q", "--html", str(site)]).exit_code == 0
    assert (site / "notes.txt").read_text() == "kept" and "generator" in (site / "index.html").read_text()


@pytest.mark.parametrize("umask,existing", [(0o022, None), (0o077, None), (0o022, 0o640)], ids=["022", "077", "replaces-0640"])
def test_json_output_gets_the_umask_mode_or_keeps_the_replaced_files(tmp_path: Path, umask: int, existing: int | None) -> None:
    out = tmp_path / "r.json"
    if existing is not None:  # an earlier report (a file that is no report is not replaced at all)
        assert runner.invoke(app, ["scan", str(SEED_WIRE), "-q", "--json", str(out)]).exit_code == 0
        out.chmod(existing)
    old = os.umask(umask)
    try:
        result = runner.invoke(app, ["scan", str(CORPUS), "--no-align", "-q", "--json", str(out)])
    finally:
        os.umask(old)
    assert result.exit_code == 0
    assert out.stat().st_mode & 0o777 == (existing if existing is not None else 0o666 & ~umask)


def test_two_scans_write_the_same_json_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    for out in (first, second):
        assert runner.invoke(app, ["scan", str(CORPUS), "-q", "--json", str(out)]).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert "seconds" not in json.loads(first.read_text())["stats"]
    runner.invoke(app, ["scan", str(CORPUS), "--no-align", "-q", "--timings", "--json", str(first)])
    assert "total" in json.loads(first.read_text())["stats"]["seconds"]


def test_index_add_names_each_skipped_input(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "wire.txt").write_text(SEED_WIRE.read_text())
    (corpus / "photo.txt").write_bytes(bytes(range(256)) * 4)
    result = runner.invoke(app, ["index", "add", str(tmp_path / "n.db"), str(corpus)])
    assert result.exit_code == 0
    assert "skipped photo.txt: binary file" in result.stderr
    assert result.stdout.strip() == "1 article added, 0 already indexed, 0 of those added matched earlier articles, " \
                                    "1 input skipped"


def test_index_add_again_counts_no_match_of_an_article_it_did_not_add(tmp_path: Path) -> None:
    # run again on an indexed corpus it said "0 articles added, 11 already indexed, 4 matched earlier articles":
    # the matches recorded when they were added, counted as if found now
    db = str(tmp_path / "n.db")
    first = runner.invoke(app, ["index", "add", db, str(CORPUS)])
    again = runner.invoke(app, ["index", "add", db, str(CORPUS)])
    assert first.exit_code == 0 and again.exit_code == 0
    assert first.stdout == "11 articles added, 0 already indexed, 4 of those added matched earlier articles, 1 input skipped\n"
    assert again.stdout == "0 articles added, 11 already indexed, 0 of those added matched earlier articles, 1 input skipped\n"
    more = tmp_path / "more"
    more.mkdir()
    (more / "reprint.txt").write_text((CORPUS / "newswire" / "belarus-china-drills.txt").read_text() + "\n\nMore later.")
    (more / "own.txt").write_text("The county council voted on Tuesday to keep the library in Marsh Lane open on "
                                  "Saturdays after a petition signed by four hundred residents, the clerk said. "
                                  "Opening hours on weekdays are unchanged, and the cafe will reopen in the spring.")
    both = runner.invoke(app, ["index", "add", db, str(more)])
    assert both.exit_code == 0
    assert both.stdout.startswith("2 articles added, 0 already indexed, 1 of those added matched earlier articles"), both.stdout


def test_json_errors_name_the_column_once() -> None:
    line = '{"id": "x", "text": "a\tb"}\n'  # a raw tab inside a JSON string is invalid
    result = runner.invoke(app, ["stream", ":memory:"], input=line)
    error = json.loads(result.stdout)["error"]
    assert "at column" in error and "at at" not in error


def test_short_help_flag_everywhere() -> None:
    for command in ([], ["scan"], ["index"], ["index", "add"], ["check"], ["serve"]):
        result = runner.invoke(app, [*command, "-h"])
        assert result.exit_code == 0 and "Usage:" in result.output, command


def test_min_confidence_help_gives_the_shipped_operating_points() -> None:
    from dedup.decision import verdict_model

    result = runner.invoke(app, ["scan", "-h"], env={"COLUMNS": "200"})
    bars = f"({verdict_model(True).min_confidence:.2f}; {verdict_model(False).min_confidence:.2f} with --no-align)"
    assert result.exit_code == 0 and bars in " ".join(result.output.split())


@pytest.mark.parametrize("command, option, shown", [
    (["scan"], "--min-words N", "[default: 20; at least 1]"), (["scan"], "--seed N", "[default: 1; at least 0]"),
    (["scan"], "--max-bucket N", "[default: 50; at least 2]"), (["scan"], "--rows N", "[default: 50; at least 1]"),
    (["scan"], "--workers N", "[default: 2; from 1 to 256]"),
    (["scan"], "--connect-timeout SECONDS", "[default: 10; from 0.1 to 86400]"),
    (["scan"], "--min-confidence NUMBER", "[from 0 to 1]"), (["serve"], "--port PORT", "[default: 8000; from 1 to 65535]"),
    (["index", "add"], "--min-words N", "[default: 20 for a new index; at least 1]"),
])
def test_a_number_option_shows_its_value_and_range_as_a_person_writes_them(command: list[str], option: str,
                                                                          shown: str) -> None:
    # the help read "--min-words <int range> ... [default: 20; x>=1]" and "[0.1<=x<=86400.0]"; before that
    # "[default: 20; 1<=x<=9223372036854775807]": the 64-bit bound is checked, not shown
    result = runner.invoke(app, [*command, "-h"])
    text = " ".join(result.output.split())
    described = text[text.index(f" {option} "):]
    assert result.exit_code == 0 and described[:described.index("]") + 1].endswith(shown), described
    assert "9223372036854775807" not in result.output


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


def test_arguments_are_named_in_capitals_in_every_usage_line() -> None:
    # typer wrote them "{PATH}", "{A} {B}": a person writes "dedup scan [OPTIONS] PATH"
    for command, usage in ((["scan"], "scan [OPTIONS] PATH"), (["compare"], "compare [OPTIONS] A B"),
                           (["check"], "check [OPTIONS] LOCATION ARTICLE"), (["stream"], "stream [OPTIONS] LOCATION"),
                           (["index", "add"], "add [OPTIONS] LOCATION PATH"), (["index", "remove"], "remove [OPTIONS] LOCATION ID"),
                           (["index"], "index [OPTIONS] COMMAND [ARGS]...")):
        result = runner.invoke(app, [*command, "-h"], env={"COLUMNS": "200"})
        assert result.exit_code == 0 and result.output.splitlines()[0].endswith(usage), command


def _every_command(group=None, path=()):  # type: ignore[no-untyped-def]
    """Each command and group of the app, as the words that name it (``()`` for dedup itself)."""
    import typer.main

    group = typer.main.get_command(app) if group is None else group
    yield list(path)
    for name, command in getattr(group, "commands", {}).items():
        yield from _every_command(command, (*path, name))


#: What typer wrote where a person writes a word: ``{PATH}``, ``PATH <str>``, ``--json <path>``, ``--rows <int
#: range>``, ``[x>=1]``, ``[0.0<=x<=1.0]``, ``[default: (20 for a new index)]``.
TYPER_PLACEHOLDERS = re.compile(r"\{[A-Z]+\}|<(?:int|float|str|path|text|file|bool)[^>]*>|\bx\s*[<>]=|<=\s*x\b|default: \(")


@pytest.mark.parametrize("columns", ["80", "120"])
def test_every_help_reads_in_words_within_the_terminal(columns: str) -> None:
    commands = list(_every_command())
    assert len(commands) >= 11  # dedup, scan, compare, check, stream, serve, index and its four
    for command in commands:
        result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": columns})
        assert result.exit_code == 0, command
        assert not TYPER_PLACEHOLDERS.search(result.output), (command, TYPER_PLACEHOLDERS.findall(result.output))
        assert max(len(line) for line in result.output.splitlines()) <= int(columns), command
        # each option that takes a value names it in a word (N, FILE, SIZE, ...), not a type
        for line in result.output.splitlines():
            words = line.split()
            if words and words[0].startswith("--") and len(words) > 1 and words[1].isupper():
                assert words[1] in {"N", "NUMBER", "FILE", "FOLDER", "SIZE", "SECONDS", "ADDRESS", "PORT", "AGE",
                                    "SETTING", "TEXT"}, (command, line)


def test_the_help_names_each_value_and_no_argument_as_required() -> None:
    text = runner.invoke(app, ["scan", "-h"], env={"COLUMNS": "200"}).output
    for shown in ("--json FILE ", "--html FOLDER ", "--memory SIZE ", "--engine local|dask ", "--scheduler ADDRESS ",
                  "--passages SETTING ", "\n  PATH  Folder"):
        assert shown in text, shown
    assert "[required]" not in text  # an argument is required by being one: a command line without it says so
    compare = runner.invoke(app, ["compare", "-h"], env={"COLUMNS": "200"}).output
    assert "--html FILE " in compare and "\n  A  First article file" in compare
    prune = runner.invoke(app, ["index", "prune", "-h"], env={"COLUMNS": "200"}).output
    assert "--older-than AGE " in prune and "[required]" in prune  # an option that must be given says so


def test_scheduler_without_dask_engine_is_a_usage_error() -> None:
    result = runner.invoke(app, ["scan", str(CORPUS), "--scheduler", "tcp://127.0.0.1:8786"])
    assert "--scheduler needs --engine dask" in _one_error_line(result, 2)


def test_narrow_terminal_breaks_names_between_words() -> None:
    result = runner.invoke(app, ["scan", str(CORPUS), "--no-align"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    pairs_table = result.stdout.split("Pairs", 1)[1].split("└", 1)[0]
    rows = [line.split("│") for line in pairs_table.splitlines() if line.startswith("│")]
    cells = [r[2].strip().removesuffix(" ->").removesuffix(" <->") for r in rows]
    pieces = [c for c in cells if c and c not in ("->", "<->")]
    assert len(pieces) >= 10  # every pair's two names, in pieces
    # every piece of a name ends where a name may break: after / - _ or at the name's end
    names = {p for d in ("citypaper", "coastnews", "globalwire", "weeklyreview", "eastdesk", "newswire")
             for p in (CORPUS / d).iterdir()}
    ends = {p.name for p in names} | {f"{p.parent.name}/{p.name}" for p in names}  # whole, where it fits
    assert all(piece[-1] in "/-_" or any(e.endswith(piece) for e in ends) for piece in pieces), pieces


def test_serve_refuses_a_public_address_without_allow_remote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    uvicorn = pytest.importorskip("uvicorn")
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("the server was started"))
    result = runner.invoke(app, ["serve", str(tmp_path / "n.db"), "--host", "0.0.0.0"])
    assert "--allow-remote" in _one_error_line(result)
    assert "--allow-remote" in runner.invoke(app, ["serve", "-h"], env={"COLUMNS": "200"}).output
    assert list(tmp_path.iterdir()) == []


def _interrupted_once_logged(proc: "subprocess.Popen[bytes]", marker: bytes) -> tuple[bytes, list[str]]:
    """Ctrl-C to a command started in a session of its own (as a terminal sends it to the process group)
    once its log (``-v``, stderr) shows ``marker``; its output and its log's lines, once it has stopped,
    which it must do within 15 s."""
    import signal
    import time

    assert proc.stderr is not None
    log = b""
    while marker not in log:
        line = proc.stderr.readline()
        assert line, f"the command ended before it could be interrupted: {log.decode()[-500:]}"
        log += line
    os.killpg(proc.pid, signal.SIGINT)
    sent = time.monotonic()
    stdout, rest = proc.communicate(timeout=60)
    assert time.monotonic() - sent < 15
    return stdout, (log + rest).decode().splitlines()


def _long_scan(tmp_path: Path) -> tuple[Any, Path]:
    """A scan of many seconds writing its JSON and HTML into ``tmp_path / "out"``, in a new session (so
    that a signal to its process group reaches it whole, as Ctrl-C in a terminal does), logging its stages."""
    import subprocess
    import sys

    from test_engine_dask import generated_corpus

    corpus = generated_corpus(tmp_path / "corpus", articles=6000)
    out = tmp_path / "out"
    out.mkdir(parents=True)
    env = {**os.environ, "PYTHONPATH": str(CORPUS.parent)}
    proc = subprocess.Popen([sys.executable, "-m", "dedup", "-v", "scan", str(corpus), "--json", str(out / "r.json"),
                             "--html", str(out / "report")], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, preexec_fn=_hangups_heard)
    return proc, out


def _hangups_heard() -> None:
    """In a command started by a test: SIGHUP back to its default, as a terminal's command has it. Run under
    ``nohup`` (as a CI job may be), the tests' process ignores it, its children inherit that, and dedup keeps
    an ignoring it finds (``nohup dedup ...``): a test of how dedup meets a hang-up would see none."""
    import signal

    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def test_ctrl_c_stops_promptly_with_one_line_and_writes_no_report(tmp_path: Path) -> None:
    proc, out = _long_scan(tmp_path)
    # interrupt once the scan is under way (its log says so), not while Python is still importing: on a
    # loaded machine a fixed wait could land in the imports
    stdout, lines = _interrupted_once_logged(proc, b"signed")
    assert proc.returncode == 130 and lines[-1] == "Error: interrupted; no report written" and stdout == b""
    assert not any("Traceback" in line or line.startswith("Error") for line in lines[:-1])
    assert list(out.iterdir()) == []  # no JSON, no temporary file, no half HTML report


def _children(pid: int) -> list[int]:
    """The processes ``pid`` forked from any of its threads (Linux), waiting up to 20 s for the first."""
    import time

    for _ in range(200):
        found = [int(k) for task in Path(f"/proc/{pid}/task").iterdir() for k in (task / "children").read_text().split()]
        if found:
            return found
        time.sleep(0.1)
    return []


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="lists a process's children from /proc")
@pytest.mark.parametrize(("signum", "code"), [("SIGTERM", 143), ("SIGHUP", 129)])
def test_sigterm_during_a_scan_stops_its_workers_and_writes_no_report(tmp_path: Path, signum: str, code: int) -> None:
    # SIGHUP (the terminal or SSH session closed) ended the scan at once, its workers left waiting for ever
    import signal

    for attempt in range(3):
        proc, out = _long_scan(tmp_path / str(attempt))
        assert proc.stderr is not None
        log = b""
        while b"scored" not in log:  # the pairs are being aligned on worker processes
            line = proc.stderr.readline()
            assert line, f"the scan ended before it could be stopped: {log.decode()[-500:]}"
            log += line
        workers = _children(proc.pid)
        assert workers and proc.poll() is None
        proc.send_signal(getattr(signal, signum))  # to the scan alone, as kill, timeout or a service manager send it
        left: list[int] = []
        try:
            # the workers were left waiting forever, holding the scan's output pipes open
            stdout, rest = proc.communicate(timeout=120)  # long enough for a loaded machine; forever is the fault
            # a worker told to stop may still be exiting the moment its parent has: on a loaded machine it is
            # given a while to end of itself (forever is the fault), and only then counted as left behind
            deadline = time.monotonic() + 60
            while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            for pid in workers:
                if _running(pid):
                    left.append(pid)
                    os.kill(pid, signal.SIGKILL)
        # on a loaded machine the workers found may be the last stage's, the signal landing while the
        # finished report is moved into place: too late to stop it (exit 0, the whole report), so again
        if not (proc.returncode == 0 and (out / "r.json").is_file() and (out / "report" / "index.html").is_file()):
            break
    lines = (log + rest).decode().splitlines()
    assert proc.returncode == code and lines[-1] == "Error: interrupted; no report written" and stdout == b"", lines[-30:]
    assert not any("Traceback" in line for line in lines)
    assert not left, f"workers still running a minute after the scan ended: {left}"
    assert list(out.iterdir()) == []


_STUCK_AT_EXIT = """
import gc, os, signal, sys, threading, time
import dedup.cli

cli = sys.modules["dedup.cli.app"]  # the module (the package's ``app`` is the command line itself)

# a thread the interpreter's exit would wait for forever, as a worker pool's helper thread left waiting on a
# killed worker can be
threading.Thread(target=threading.Event().wait, name="stuck").start()


class Noisy:
    def __del__(self):
        raise OSError(9, "Bad file descriptor")  # a queue's finalizer on a pipe already closed


class Waiting:
    def __del__(self):
        time.sleep(120)  # let go of as the interrupt's traceback is, after the one line: a pool's object waiting


@cli.app.command("stuck")
def stuck() -> None:
    with cli.one_line_errors("interrupted; no report written"):
        waiting = Waiting()
        noisy = Noisy()
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(60)
        finally:
            del noisy
            if gc.isenabled():  # the abandoned pools' garbage would be collected, their finalizers run
                print("the collector still runs", file=sys.stderr)


sys.argv = ["dedup", "stuck"]
cli.main()
"""


def test_an_interrupted_command_leaves_at_once_after_its_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(CORPUS.parent)}
    try:
        done = subprocess.run([sys.executable, "-c", _STUCK_AT_EXIT], env=env, capture_output=True, timeout=60)
    except subprocess.TimeoutExpired as exc:  # the exit waited for the stuck thread
        pytest.fail(f"the interrupted command did not end: {exc.stderr!r}")
    assert done.returncode == 143 and done.stdout == b""
    assert done.stderr.decode().splitlines() == ["Error: interrupted; no report written"]


_WORKER_LEFT_WAITING = """
import multiprocessing, os, signal, sys, threading
import dedup.cli

cli = sys.modules["dedup.cli.app"]


@cli.app.command("waiting")
def waiting() -> None:
    # a forked worker waiting for its next task, as a pool's are when the interrupt meets the command
    # elsewhere than in the pool's loop: it holds the command's output pipes
    worker = multiprocessing.get_context("fork").Process(target=threading.Event().wait, daemon=True)
    worker.start()
    with cli.one_line_errors("interrupted; no report written"):
        os.kill(os.getpid(), signal.SIGTERM)
        threading.Event().wait(60)


sys.argv = ["dedup", "waiting"]
cli.main()
"""


def test_an_interrupted_command_stops_its_workers_before_it_leaves(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(CORPUS.parent)}
    proc = subprocess.Popen([sys.executable, "-c", _WORKER_LEFT_WAITING], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=30)  # the pipes end when every process holding them has
    except subprocess.TimeoutExpired:
        pytest.fail("the worker outlived the interrupted command, holding its output pipes open")
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the worker, should it still wait
        except ProcessLookupError:
            pass
    assert proc.returncode == 143 and stdout == b""
    assert stderr.decode().splitlines() == ["Error: interrupted; no report written"]


def _index_add_under_way(tmp_path: Path, batches: int, hangup: Callable[[], None]) -> tuple[Any, Path, bytes]:
    """``index add`` of ``batches`` batches of generated articles, started in a new session with SIGHUP as
    ``hangup`` sets it, once its first batch is committed (the next one under way): the command, the index,
    and what it logged so far."""
    import subprocess
    import sys

    from dedup.index.index import BATCH
    from test_engine_dask import generated_corpus

    corpus = generated_corpus(tmp_path / "corpus", articles=batches * BATCH)
    where = tmp_path / "news.db"
    env = {**os.environ, "PYTHONPATH": str(CORPUS.parent)}
    proc = subprocess.Popen([sys.executable, "-m", "dedup", "-v", "index", "add", str(where), str(corpus)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=hangup)
    assert proc.stderr is not None
    log = b""
    while b"added a batch" not in log:
        line = proc.stderr.readline()
        assert line, f"the command ended before it could be stopped: {log.decode()[-500:]}"
        log += line
    return proc, where, log


@pytest.mark.parametrize(("signum", "code"), [("SIGTERM", 143), ("SIGHUP", 129)])
def test_sigterm_during_index_add_keeps_the_batches_committed_and_the_file_sound(
        tmp_path: Path, signum: str, code: int) -> None:
    # SIGHUP (the terminal closed) ended the command at once, as SIGTERM did before it was handled
    import signal

    from dedup.index import Index
    from dedup.index.index import BATCH

    proc, where, log = _index_add_under_way(tmp_path, 3, _hangups_heard)
    proc.send_signal(getattr(signal, signum))  # to the command alone, as kill, timeout or a service manager send it
    _, rest = proc.communicate(timeout=30)
    lines = (log + rest).decode().splitlines()
    assert proc.returncode == code, lines[-20:]
    assert lines[-1] == "Error: interrupted; the articles added so far are kept, the batch in progress is not"
    assert not any("Traceback" in line for line in lines)
    with Index.open(str(where), create=False) as index:
        assert index._store.integrity() == "ok" and 0 < index.stats()["articles"] < 3 * BATCH


def test_a_hang_up_ignored_by_nohup_stays_ignored(tmp_path: Path) -> None:
    # ``nohup dedup index add ...``: the hang-up a closed terminal sends must not stop the command
    import signal

    from dedup.index import Index
    from dedup.index.index import BATCH

    proc, where, log = _index_add_under_way(tmp_path, 2, lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    proc.send_signal(signal.SIGHUP)
    _, rest = proc.communicate(timeout=120)
    assert proc.returncode == 0, (log + rest).decode().splitlines()[-20:]
    assert b"interrupted" not in rest
    with Index.open(str(where), create=False) as index:  # every article read, the second batch's too
        assert index.stats()["articles"] > BATCH


def test_ctrl_c_during_index_add_keeps_the_batches_committed(tmp_path: Path) -> None:
    import subprocess
    import sys

    from dedup.index import Index
    from dedup.index.index import BATCH
    from dedup.reading import read_corpus
    from test_engine_dask import generated_corpus

    corpus = generated_corpus(tmp_path / "corpus", articles=3 * BATCH)  # several batches, verified on workers
    where = tmp_path / "news.db"
    env = {**os.environ, "PYTHONPATH": str(CORPUS.parent)}
    proc = subprocess.Popen([sys.executable, "-m", "dedup", "-v", "index", "add", str(where), str(corpus)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    _, lines = _interrupted_once_logged(proc, b"added a batch")  # the first batch committed: the next one
    assert proc.returncode == 130
    assert lines[-1] == "Error: interrupted; the articles added so far are kept, the batch in progress is not"
    assert not any("Traceback" in line for line in lines)
    with Index.open(str(where), create=False) as index:
        stored = index.stats()["articles"]
        assert index._store.integrity() == "ok"
    # whole batches, none of the one interrupted: what adding the corpus batch by batch stores after some
    # batch (copies of a text stored earlier are checked, not stored again). The batches are add_many's own,
    # which close at BATCH articles or sooner by their characters: the count after each is taken as it ends.
    docs = read_corpus(corpus).documents
    after: list[int] = []

    class Enough(Exception):
        pass

    def ended(done: int) -> None:
        after.append(reference.stats()["articles"])
        if after[-1] >= stored:
            raise Enough

    with Index.open(str(tmp_path / "reference.db"), common_from=[d.text for d in docs]) as reference:
        with contextlib.suppress(Enough):
            reference.add_many(docs, workers=1, progress=ended)
    # the counts only grow: the first batch end reaching what was stored must be where the add stopped
    assert after and after[-1] == stored, (stored, after)
    assert stored < len(docs)  # interrupted before the last batch


@pytest.mark.parametrize("where", ["other.db", "missing/news.db"], ids=["foreign-file", "missing-folder"])
def test_index_add_checks_the_index_before_reading_the_corpus(tmp_path: Path, where: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    import dedup.reading

    with sqlite3.connect(tmp_path / "other.db") as db:
        db.execute("CREATE TABLE notes (body TEXT)")
    monkeypatch.setattr(dedup.reading, "read_corpus", lambda *a, **k: pytest.fail("the corpus was read"))
    result = runner.invoke(app, ["index", "add", str(tmp_path / where), str(CORPUS)])
    _one_error_line(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def _interrupt(*args: object, **kwargs: object) -> None:
    import signal

    os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C arriving while this output is being written


def test_ctrl_c_while_the_html_report_is_written_leaves_no_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dedup.report.html

    monkeypatch.setattr(dedup.report.html, "write_scan_html", _interrupt)
    result = runner.invoke(app, ["scan", str(CORPUS), "--json", str(tmp_path / "r.json"), "--html", str(tmp_path / "report")])
    assert result.exit_code == 130 and "interrupted; no report written" in result.output
    assert list(tmp_path.iterdir()) == []  # neither the JSON nor any part of the HTML report


def test_ctrl_c_once_the_outputs_are_moving_into_place_lets_both_finish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dedup.report.jsonout

    real = dedup.report.jsonout.write_json

    def write_json(data: object, path: Path) -> Path:
        _interrupt()
        return real(data, path)

    monkeypatch.setattr(dedup.report.jsonout, "write_json", write_json)
    monkeypatch.setattr(dedup.report, "write_json", write_json)
    result = runner.invoke(app, ["scan", str(CORPUS), "--json", str(tmp_path / "r.json"), "--html", str(tmp_path / "report")])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "r.json").read_text())["pairs"]
    assert (tmp_path / "report" / "index.html").is_file()


# -- destinations the system will not write in: refused before the scan, naming the destination ---------------


def _refused_folder(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Temporary files in ``folder`` refused as on a read-only file system, which root cannot write either
    (its permission bits say it may)."""
    import errno
    import tempfile

    made = tempfile.mkstemp

    def mkstemp(*args: Any, **kwargs: Any) -> Any:
        if Path(str(kwargs.get("dir", ""))).resolve() == folder.resolve():
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return made(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


@pytest.mark.parametrize("option,where", [(["--json"], "r.json"), (["--html"], "report"), (["--html"], ".")],
                         ids=["json", "html-new-folder", "html-existing-folder"])
def test_a_destination_on_a_read_only_file_system_is_refused_before_the_scan(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: list[str], where: str) -> None:
    # the scan ran to its end, then the write failed naming the temporary file ('.r.json.x1y2z3')
    import dedup.pipeline

    out = tmp_path / "ro"
    out.mkdir()
    target = out / where
    _refused_folder(monkeypatch, out)
    monkeypatch.setattr(dedup.pipeline, "scan", lambda *a, **k: pytest.fail("the scan ran"))
    result = runner.invoke(app, ["scan", str(CORPUS), *option, str(target)])
    what = "JSON output" if option == ["--json"] else "HTML report"
    assert _one_error_line(result) == f"Error: {target}: the {what} cannot be written in {out} ({os.strerror(30)})\n"
    assert list(out.iterdir()) == []


def test_compare_and_index_add_refuse_a_read_only_destination_before_any_work(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dedup.pipeline
    import dedup.reading

    out = tmp_path / "ro"
    out.mkdir()
    _refused_folder(monkeypatch, out)
    monkeypatch.setattr(dedup.pipeline, "compare", lambda *a, **k: pytest.fail("the comparison ran"))
    page = out / "p.html"
    result = runner.invoke(app, ["compare", str(SEED_WIRE), str(SEED_REWRITE), "--html", str(page)])
    assert _one_error_line(result) == f"Error: {page}: the HTML page cannot be written in {out} ({os.strerror(30)})\n"
    monkeypatch.setattr(dedup.reading, "read_corpus", lambda *a, **k: pytest.fail("the corpus was read"))
    db = out / "news.db"
    result = runner.invoke(app, ["index", "add", str(db), str(SEED_WIRE)])
    assert _one_error_line(result) == f"Error: {db}: the index cannot be written in {out} ({os.strerror(30)})\n"
    assert list(out.iterdir()) == []


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
@pytest.mark.parametrize("command", [["scan", str(CORPUS), "--json", "/proc/r.json"],
                                     ["scan", str(CORPUS), "--html", "/proc/dedup-report"],
                                     ["compare", str(SEED_WIRE), str(SEED_REWRITE), "--html", "/proc/p.html"],
                                     ["index", "add", "/proc/news.db", str(SEED_WIRE)]],
                         ids=["scan-json", "scan-html", "compare-html", "index-add"])
def test_a_folder_no_file_can_be_made_in_is_refused_before_any_work(command: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # /proc takes no new file, even from root, whose permission bits say it may write there
    import dedup.pipeline
    import dedup.reading

    for name in ("scan", "compare"):
        monkeypatch.setattr(dedup.pipeline, name, lambda *a, **k: pytest.fail("the work ran"))
    monkeypatch.setattr(dedup.reading, "read_corpus", lambda *a, **k: pytest.fail("the corpus was read"))
    assert "/proc" in _one_error_line(runner.invoke(app, command))


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
@pytest.mark.parametrize("command", [["scan", str(CORPUS), "--json", "/proc/version"],
                                     ["scan", str(CORPUS), "--json", "/proc/sys/kernel/r.json"],
                                     ["scan", str(CORPUS), "--html", "/proc/sys/dedup-report"],
                                     ["compare", str(SEED_WIRE), str(SEED_REWRITE), "--html", "/proc/p.html"],
                                     ["index", "add", "/proc/news.db", str(SEED_WIRE)]],
                         ids=["json-on-a-proc-file", "json-in-proc-sys", "html-in-proc-sys", "compare-html", "index-add"])
def test_a_folder_of_the_kernels_file_system_is_named_as_such(command: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # the reason given was the system's for the file it failed to make there ("No such file or directory"), or
    # "permission denied" for /proc/sys, to root too: neither named the cause
    import dedup.pipeline
    import dedup.reading

    for name in ("scan", "compare"):
        monkeypatch.setattr(dedup.pipeline, name, lambda *a, **k: pytest.fail("the work ran"))
    monkeypatch.setattr(dedup.reading, "read_corpus", lambda *a, **k: pytest.fail("the corpus was read"))
    line = _one_error_line(runner.invoke(app, command))
    assert "is on the kernel's proc file system, where no file can be made" in line
    assert "No such file or directory" not in line and "permission denied" not in line


def _refused_once_done(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, folder: Path) -> None:
    """``module.name`` (the scan, the comparison) runs, then ``folder`` refuses new files, as a file system
    made read-only while it ran: the report's write is what fails."""
    work = getattr(module, name)

    def then_refuse(*args: Any, **kwargs: Any) -> Any:
        result = work(*args, **kwargs)
        _refused_folder(monkeypatch, folder)
        return result

    monkeypatch.setattr(module, name, then_refuse)


def test_a_json_write_that_fails_after_the_scan_names_the_destination(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # its file system made read-only while the scan ran: the message named the temporary file beside it
    import dedup.pipeline

    out = tmp_path / "out"
    out.mkdir()
    _refused_once_done(monkeypatch, dedup.pipeline, "scan", out)
    result = runner.invoke(app, ["scan", str(CORPUS), "--no-align", "-q", "--json", str(out / "r.json")])
    assert _one_error_line(result) == f"Error: {out / 'r.json'}: the JSON output could not be written ({os.strerror(30)})\n"
    assert list(out.iterdir()) == []


def test_a_compare_page_write_that_fails_names_the_destination(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dedup.pipeline

    out = tmp_path / "out"
    out.mkdir()
    _refused_once_done(monkeypatch, dedup.pipeline, "compare", out)
    page = out / "p.html"
    result = runner.invoke(app, ["compare", str(SEED_WIRE), str(SEED_REWRITE), "--html", str(page)])
    assert _one_error_line(result) == f"Error: {page}: the HTML page could not be written ({os.strerror(30)})\n"
    assert list(out.iterdir()) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_device_that_refuses_the_json_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    # a device is written in place, so nothing can be checked before: the error named nothing
    result = runner.invoke(app, ["scan", str(CORPUS), "--no-align", "-q", "--json", "/dev/full"])
    assert _one_error_line(result) == f"Error: /dev/full: the JSON output could not be written ({os.strerror(28)})\n"


@pytest.mark.parametrize("command", [["scan", str(CORPUS), "--json", "{out}/"],
                                     ["compare", str(SEED_WIRE), str(SEED_REWRITE), "--html", "{out}/"]],
                         ids=["scan-json", "compare-html"])
def test_a_file_output_ending_in_a_slash_is_a_usage_error(tmp_path: Path, command: list[str]) -> None:
    # the slash was dropped and a file written where a folder was meant
    out = tmp_path / "out"
    result = runner.invoke(app, [c.replace("{out}", str(out)) for c in command])
    assert "ends in '/', so it names a folder" in _one_error_line(result, 2)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["index", "add", "{db}", str(SEED_WIRE)], ["stream", "{db}"]], ids=["index-add", "stream"])
def test_an_index_named_with_a_slash_at_its_end_or_under_a_file_is_refused(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "file.txt").write_text("x")
    for db, says in ((f"{tmp_path / 'news.db'}/", "ends in '/', so it names a folder; give the index's file name"),
                     (str(tmp_path / "file.txt" / "news.db"), f"{tmp_path / 'file.txt'}: is a file, not a folder")):
        result = runner.invoke(app, [c.replace("{db}", db) for c in command], input=(SEED_JSONL_LINE + "\n"))
        assert says in _one_error_line(result)  # it said "the folder does not exist" of a file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


SEED_JSONL_LINE = json.dumps({"id": "wire", "text": SEED_WIRE.read_text()})


def _dedup(args: list[str], **env: str) -> "Any":
    """``python -m dedup ARGS`` in a process of its own, as a shell runs it (the code of this checkout)."""
    import subprocess
    import sys

    return subprocess.Popen([sys.executable, "-m", "dedup", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(CORPUS.parent), **env})


def test_compare_stops_quietly_when_its_reader_does() -> None:
    # `dedup compare a b | head -2`: rich's own answer to a closed pipe was exit status 1 and no word, which
    # a script reads as a failure; it ends as every other command does, with the status of a closed pipe
    proc = _dedup(["compare", str(CORPUS / "citypaper" / "port-strike.txt"), str(CORPUS / "globalwire" / "port-strike.json")])
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first line: the write meets a closed pipe
    assert proc.wait(timeout=120) == 141
    assert proc.stderr.read() == b""


def test_a_terminal_width_of_zero_still_shows_the_tables() -> None:
    # COLUMNS=0 (a pseudo-terminal whose size was never set): rich wrapped every line to nothing, and a
    # scan or a compare printed nothing at all, with exit status 0
    scanned = runner.invoke(app, ["scan", str(CORPUS), "--no-align"], env={"COLUMNS": "0"})
    assert scanned.exit_code == 0 and "11 articles" in scanned.output and "Clusters" in scanned.output
    compared = runner.invoke(app, ["compare", str(SEED_WIRE), str(SEED_REWRITE)], env={"COLUMNS": "0"})
    assert compared.exit_code == 0 and compared.output.startswith("rewrite, confidence 0.99: 25 of the 26")


@pytest.mark.parametrize("columns", ["1", "10", "40"])
def test_a_very_narrow_terminal_keeps_every_figure_of_the_tables(columns: str, corpus_here: Path) -> None:
    # COLUMNS=1 printed the tables one character a line, and 10 or 40 columns cut the pairs table's figures
    # to "…" (J5 "0.…", whole columns empty): the tables are laid out at the narrowest that holds them
    wide = runner.invoke(app, ["scan", str(corpus_here), "--no-align"], env={"COLUMNS": "80"})
    narrow = runner.invoke(app, ["scan", str(corpus_here), "--no-align"], env={"COLUMNS": columns})
    assert narrow.exit_code == 0 and "…" not in narrow.output
    figures = re.compile(r"\b\d\.\d\d\b|\b\d+%")
    seconds = re.compile(r"\bin\s+\d+\.\d+ s\b")  # the summary's time, which differs run to run
    assert figures.findall(seconds.sub("", narrow.output)) == figures.findall(seconds.sub("", wide.output)) != []
    assert narrow.output.startswith("11 articles, 5 pairs")
    wire, rewrite = (str(corpus_here / path.relative_to(CORPUS)) for path in (SEED_WIRE, SEED_REWRITE))
    compared = runner.invoke(app, ["compare", wire, rewrite], env={"COLUMNS": columns})
    assert compared.exit_code == 0 and compared.output.startswith("rewrite, confidence 0.99") and "…" not in compared.output


def test_output_in_an_encoding_that_lacks_a_name_is_no_traceback(tmp_path: Path) -> None:
    # PYTHONIOENCODING=ascii (or a Latin-1 locale): a file name or a title it cannot encode ended the command
    # in a UnicodeEncodeError traceback; output for programs is UTF-8, as JSON must be
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "Café \u2013 \u201cport\u201d.txt").write_bytes((CORPUS / "citypaper" / "port-strike.txt").read_bytes())
    (corpus / "copy.txt").write_bytes((CORPUS / "citypaper" / "port-strike.txt").read_bytes())
    for encoding in ("ascii", "latin-1"):
        shown = _dedup(["scan", str(corpus), "--no-align"], PYTHONIOENCODING=encoding)
        out, err = shown.communicate(timeout=120)
        assert shown.returncode == 0 and err == b"", err.decode("utf-8", "replace")[-500:]
        assert "Café \u2013 \u201cport\u201d.txt" in out.decode("utf-8")
        piped = _dedup(["scan", str(corpus), "--no-align", "-q", "--json", "-"], PYTHONIOENCODING=encoding)
        out, err = piped.communicate(timeout=120)
        assert piped.returncode == 0 and err == b""
        assert sorted(d["id"] for d in json.loads(out.decode("utf-8"))["documents"]) == ["Café \u2013 \u201cport\u201d.txt", "copy.txt"]


@pytest.mark.parametrize("args", [["--help"], ["scan", "-h"], ["--version"]], ids=["help", "command-help", "version"])
def test_help_and_version_stop_quietly_when_their_reader_does(args: list[str]) -> None:
    # `dedup --help | head -1`: click ended a closed pipe with status 1, which a script reads as a failure
    proc = _dedup(args)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    assert proc.wait(timeout=120) == 141
    assert proc.stderr.read() == b""


@pytest.mark.parametrize("args", [["scan", "-"], ["index", "add", "news.db", "-"], ["stream", "news.db"]],
                         ids=["scan", "index-add", "stream"])
def test_standard_input_from_a_terminal_is_said_to_be_read(args: list[str], tmp_path: Path) -> None:
    # `dedup scan -` typed at a terminal waited without a word for an end of input no one knew to give, and
    # one Ctrl-D did not end it (the read after the first end of input waited for another)
    import pty
    import subprocess
    import sys

    controller, terminal = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "dedup", *args], stdin=terminal, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(CORPUS.parent)})
        os.write(controller, b"\x04")  # Ctrl-D: the end of the input, typed ahead
        try:
            said = proc.communicate(timeout=60)[1]
        except subprocess.TimeoutExpired:  # one Ctrl-D did not end it: the read after the end waited for more
            proc.kill()
            said = b"still waiting after one Ctrl-D: " + proc.communicate()[1]
    finally:
        os.close(controller)
        os.close(terminal)
    assert said.startswith(b"reading JSONL articles from standard input (this terminal): one JSON object a line, "
                           b"then Ctrl-D to end it (Ctrl-C to stop)\n"), said
    assert not (tmp_path / "news.db").exists()  # nothing came: no index made


@pytest.mark.parametrize("into", ["pipe", "file"])
def test_json_to_dev_stdout_is_written_as_json_to_standard_output(tmp_path: Path, into: str) -> None:
    # "--json /dev/stdout" on a pipe was refused after a probe of the folder its link resolves to ("cannot be
    # written in /proc/N/fd"); redirected to a file, the summary went to standard output beside the JSON
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(CORPUS.parent)}
    args = [sys.executable, "-m", "dedup", "scan", str(CORPUS), "--no-align", "--json", "/dev/stdout"]
    if into == "pipe":
        done = subprocess.run(args, env=env, capture_output=True, timeout=300)
        out = done.stdout
    else:
        with (tmp_path / "out.json").open("wb") as sink:
            done = subprocess.run(args, env=env, stdout=sink, stderr=subprocess.PIPE, timeout=300)
        out = (tmp_path / "out.json").read_bytes()
    assert done.returncode == 0, done.stderr.decode()[-500:]
    assert json.loads(out)["pairs"] and b"pairs (" in done.stderr  # the JSON alone; the summary on stderr


def test_a_full_disk_under_redirected_output_is_named_as_the_output(monkeypatch: pytest.MonkeyPatch) -> None:
    # `dedup scan x --json - > out.json` on a full disk said "writing a temporary file in /tmp, or the output",
    # when the temporary folder had room: the output's file and its full disk are named
    import errno
    import importlib
    import stat
    from types import SimpleNamespace

    cli_app = importlib.import_module("dedup.cli.failures")
    full = OSError(errno.ENOSPC, "No space left on device")
    with monkeypatch.context() as patch:  # standard output a file on a disk with no room left
        patch.setattr(cli_app.os, "fstat", lambda fd: SimpleNamespace(st_mode=stat.S_IFREG | 0o644))
        patch.setattr(cli_app.os, "fstatvfs", lambda fd: SimpleNamespace(f_bavail=0))
        patch.setattr(cli_app.os, "readlink", lambda path: "/mnt/full/out.json")
        said = cli_app._unnamed_write(full)
        patch.setattr(cli_app.os, "fstatvfs", lambda fd: SimpleNamespace(f_bavail=1000))  # its disk has room
        roomy = cli_app._unnamed_write(full)
    assert said == " (writing standard output, /mnt/full/out.json: its disk is full; give a file on a disk with room)"
    assert roomy.startswith(" (writing a temporary file in ")


def test_check_says_it_reads_no_standard_input_and_names_what_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # it said "-: no such file or folder", as if a file named "-" were missing
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", str(tmp_path / "news.db"), "-"], input="{}\n")
    line = _one_error_line(result, 2)
    assert "not standard input" in line and "stream LOCATION --check-only" in line and "no such file" not in line


def test_a_json_or_html_output_onto_a_file_that_is_no_report_is_refused_and_the_file_kept(tmp_path: Path) -> None:
    # `--json news.db` replaced the index with the scan's JSON (every stored article lost), and `compare --html`
    # onto an article of another folder replaced it: a report replaces its own, nothing else
    index, article = tmp_path / "news.db", tmp_path / "story.txt"
    assert runner.invoke(app, ["index", "add", str(index), str(CORPUS / "citypaper")]).exit_code == 0
    article.write_bytes(SEED_WIRE.read_bytes())
    stored, text = index.read_bytes(), article.read_bytes()
    for command, target, what in [(["scan", str(CORPUS), "-q", "--json", str(index)], index, "JSON output"),
                                  (["compare", str(SEED_WIRE), str(SEED_REWRITE), "--html", str(article)], article,
                                   "HTML page")]:
        result = runner.invoke(app, command)
        assert result.exit_code == 1 and result.output == (f"Error: {target}: a file that is no dedup report, which the "
                                                           f"{what} would replace; give another name (or move the file)\n")
    assert index.read_bytes() == stored and article.read_bytes() == text
    # a report of its own, or an empty file, is replaced as before
    for target in (tmp_path / "out.json", tmp_path / "out.json"):
        assert runner.invoke(app, ["scan", str(CORPUS), "-q", "--json", str(target)]).exit_code == 0
    (tmp_path / "empty.json").touch()
    assert runner.invoke(app, ["scan", str(CORPUS), "-q", "--json", str(tmp_path / "empty.json")]).exit_code == 0
    for _ in range(2):
        page = runner.invoke(app, ["compare", str(SEED_WIRE), str(SEED_REWRITE), "--html", str(tmp_path / "p.html")])
        assert page.exit_code == 0


def test_index_add_into_an_index_held_in_memory_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # SQLite reads ":memory:" as a database in memory: "11 articles added", and not one of them kept
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["index", "add", ":memory:", str(CORPUS)])
    assert result.exit_code == 1 and result.output.startswith("Error: ':memory:' names an index held in memory")
    assert list(tmp_path.iterdir()) == []
    assert runner.invoke(app, ["index", "add", "./:memory:", str(CORPUS), "-q"]).exit_code == 0  # a file so named
    assert (tmp_path / ":memory:").is_file()


@pytest.mark.parametrize("quiet", [True, False], ids=["quiet", "not-quiet"])
def test_quiet_keeps_the_engines_own_log_lines_off_stderr(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                          quiet: bool) -> None:
    # Dask's "Restarting worker" and the scheduler's warnings printed despite --quiet (a worker past its
    # memory limit): with it, nothing but the scan's own Error: line; without it, they show as before
    import logging

    pytest.importorskip("distributed")
    import dedup.engines
    from dedup.engines.dask import worker_log_level

    local, seen = dedup.engines.scan_with, {}

    def engine(name: str, path: str, **options: Any) -> Any:
        logging.getLogger("distributed.nanny").warning("Restarting worker")
        logging.getLogger("distributed.client").warning("a client's warning")
        seen["workers"] = worker_log_level()
        kept = ("seed", "max_bucket", "align", "thresholds", "channels", "min_words", "follow_links")
        return local("local", path, **{k: v for k, v in options.items() if k in kept})

    monkeypatch.setattr(dedup.engines, "scan_with", engine)
    level = logging.getLogger("distributed").level
    result = runner.invoke(app, ["scan", str(CORPUS), "--engine", "dask", "--json", str(tmp_path / "r.json")]
                           + ["-q"] * quiet)
    assert result.exit_code == 0, result.output
    if quiet:
        assert result.stderr == "" and seen["workers"] > logging.CRITICAL
    else:
        assert "Restarting worker" in result.stderr and seen["workers"] == logging.ERROR
    assert logging.getLogger("distributed").level == level  # as it was after the scan


def test_scan_help_says_what_the_credit_column_holds_and_when_the_overlap_figures_show() -> None:
    # the first help a user reads: the credit column's "neither", and the figures left to 120 columns
    text = re.sub(r"-\s+", "-", " ".join(runner.invoke(app, ["scan", "--help"], env={"COLUMNS": "80"}).output.split()))
    assert "credit: yes, no, neither when the direction is unknown and neither credits the other" in text
    assert "from 120 columns the word-overlap figures too" in text
