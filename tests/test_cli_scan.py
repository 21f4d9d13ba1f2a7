"""``dedup scan`` and ``dedup compare`` (dedup/cli/scan.py) end to end: their reports, targets and outputs."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from dedup.cli import app

from conftest import CORPUS
from _cli_helpers import SEED_REWRITE, SEED_WIRE, _one_error_line, runner
from _bad_input_files import REWRITE, TEXT, WIRE
from _bad_input_helpers import LONG_ID, _articles, _ok, index, template  # noqa: F401 - fixtures


def test_scan_prints_pairs_clusters_and_summary() -> None:
    result = runner.invoke(app, ["scan", str(CORPUS), "--no-align"])
    assert result.exit_code == 0, result.output
    assert "11 articles" in result.output and "duplicate" in result.output and "Clusters" in result.output


def test_scan_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["scan", str(CORPUS), "--no-align", "--json", str(out), "--quiet"])
    assert result.exit_code == 0 and result.output == ""
    data = json.loads(out.read_text())
    assert data["schema_version"] == 7 and len(data["pairs"]) >= 4
    assert {"credit", "facts", "story"} <= set(data["pairs"][0]) and {"stories", "timelines", "outlets"} <= set(data)


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


def test_skipped_files_are_listed(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "wire.txt").write_text(SEED_WIRE.read_text())
    result = runner.invoke(app, ["scan", str(tmp_path)])
    assert result.exit_code == 0 and "binary file" in result.output


def test_a_files_bad_lines_past_the_first_are_one_row_and_every_one_is_counted(tmp_path: Path) -> None:
    # each bad line was a row held to the end of the read (3,000,000 lines of "{}": 674 MB); the first are named,
    # the rest counted in one row a reason (dedup.skips), the summary's count exact
    (tmp_path / "wire.txt").write_text(SEED_WIRE.read_text())
    (tmp_path / "feed.jsonl").write_text("{}\n" * 1_250)
    result = runner.invoke(app, ["scan", str(tmp_path), "--rows", "5000"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 article, 0 pairs") and ", 1,250 skipped in " in result.output.splitlines()[0]
    assert re.search(r"feed\.jsonl +│ and 250 more lines: no 'text' field with the article", result.output)
    assert result.output.count("no 'text' field (or 'html') with the article") == 1_000
    short = runner.invoke(app, ["scan", str(tmp_path), "--rows", "30"], env={"COLUMNS": "120"})
    assert "1,220 more inputs skipped, in --json and --html" in short.output  # the rows past 30 stand for 1,220


def test_stdin_jsonl() -> None:
    line = json.dumps({"id": "x", "text": "word " * 30}) + "\n"
    result = runner.invoke(app, ["scan", "-", "--no-align"], input=line)
    assert result.exit_code == 0 and result.output.startswith("1 article, 0 pairs")


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
    assert data["schema_version"] == 7 and data["verdict"] == "rewrite"
    assert (data["read_among"], data["near_bar"]) == (2, False)  # the seed pair: 0.99, far from the bar
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


def test_unknown_engine_is_a_usage_error(tmp_path: Path) -> None:
    # it exited with 1, a library error's code, where every other bad option gives typer's 2
    result = runner.invoke(app, ["scan", str(CORPUS), "--engine", "spark", "--json", str(tmp_path / "r.json")])
    assert _one_error_line(result, 2) == "Error: --engine 'spark': no such engine; choose one of local, dask\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [[str(SEED_WIRE), "-"], ["-", str(SEED_WIRE)]], ids=["second", "first"])
def test_compare_says_it_reads_no_standard_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    # it said "-: no such file", as if a file named "-" were missing
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["compare", *args], input="{}\n")
    line = _one_error_line(result, 2)
    assert "not standard input" in line and "no such file" not in line


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


def test_scheduler_without_dask_engine_is_a_usage_error() -> None:
    result = runner.invoke(app, ["scan", str(CORPUS), "--scheduler", "tcp://127.0.0.1:8786"])
    assert "--scheduler needs --engine dask" in _one_error_line(result, 2)


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
    assert "credit: yes, no, ? (no name to look for), neither when the direction is unknown and neither credits the other" in text
    assert "the share of the derived text taken (of b, the text compare reads as derived)" in text
    assert "from 120 columns the word-overlap figures too" in text


# -- odd names and values that reach the reports ----------------------------------------------------


def _strict_json(path: Path) -> Any:
    """The file as JSON that any reader takes: no NaN or Infinity, no lone surrogates."""
    raw = path.read_bytes().decode("utf-8")  # lone surrogates cannot be encoded, so never in a UTF-8 file

    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(raw, parse_constant=refuse)


def test_reports_of_odd_names_and_values_are_valid(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "dir[").mkdir(parents=True)
    shutil.copy(WIRE, folder / "dir[" / "x].txt")  # its path "dir[/x].txt" holds a closing markup tag
    os.makedirs(os.fsencode(folder / "caf\xe9"[:-1]) + b"\xe9", exist_ok=True)  # a folder name that is not UTF-8
    shutil.copy(WIRE, os.fsencode(folder / "caf") + b"\xe9/copy.txt")
    (folder / "nan.json").write_text('{"id": "nan", "score": NaN, "reach": -1e999, "text": ' + json.dumps(TEXT) + "}")
    (folder / "odd.json").write_text(json.dumps({"id": "odd-\udc80", "title": "T\ud800", "text": TEXT}))
    out, report = tmp_path / "out.json", tmp_path / "report"
    result = _ok(runner.invoke(app, ["scan", str(folder), "--no-align", "--json", str(out), "--html", str(report)],
                               env={"COLUMNS": "200"}))
    assert "dir[/x].txt" in result.stdout
    data = _strict_json(out)
    ids = sorted(d["id"] for d in data["documents"])
    assert ids == sorted(["dir[/x].txt", "caf\\xe9/copy.txt", "nan", "odd-\ufffd"])
    assert [d for d in data["documents"] if d["id"] == "nan"][0]["meta"] == {"score": None, "reach": None}
    assert len(data["pairs"]) == 6 and (report / "index.html").read_text(encoding="utf-8")


def test_compare_with_a_closing_markup_tag_in_a_name(tmp_path: Path) -> None:
    (tmp_path / "wire[").mkdir()
    odd = tmp_path / "wire[" / "i].txt"  # "...wire[/i].txt": a closing markup tag in the column header
    shutil.copy(WIRE, odd)
    result = _ok(runner.invoke(app, ["compare", str(odd), str(REWRITE)], env={"COLUMNS": "400"}))
    assert "wire[/i].txt" in result.stdout


def test_compare_of_files_named_in_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    # the ids were the paths as given, a lone surrogate for each such byte: --html failed with a traceback
    # (UnicodeEncodeError), --json wrote bytes that are not UTF-8
    folder = tmp_path / os.fsdecode(b"caf\xe9")
    folder.mkdir()
    wire, rewrite = folder / "wire.txt", folder / os.fsdecode(b"r\xe9write.txt")
    shutil.copy(WIRE, wire)
    shutil.copy(REWRITE, rewrite)
    page = tmp_path / "pair.html"
    _ok(runner.invoke(app, ["compare", str(wire), str(rewrite), "--html", str(page)]))
    assert "caf\\xe9/r\\xe9write.txt" in page.read_text(encoding="utf-8")
    out = json.loads(_ok(runner.invoke(app, ["compare", str(wire), str(rewrite), "--json"])).stdout)
    assert {out["a"], out["b"]} == {str(tmp_path) + "/caf\\xe9/wire.txt", str(tmp_path) + "/caf\\xe9/r\\xe9write.txt"}


def test_a_long_id_is_cut_in_the_middle_on_the_terminal_only(tmp_path: Path) -> None:
    # it filled the clusters table (and the pairs table, a check's lines) with a thousand lines of x
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": LONG_ID + end, "text": TEXT}) + "\n" for end in ("/a", "/b")))
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["scan", str(feed), "--json", str(out)], terminal_width=100)
    assert result.exit_code == 0, result.output[:2000]
    assert len(result.output) < 5_000 and len(result.output.splitlines()) < 60
    shown = "wire/" + "x" * 54 + "…" + "x" * 58 + "/a"
    assert shown in result.output.replace("\n", "").replace("│", "").replace(" ", "")
    data = json.loads(out.read_text())  # the JSON keeps every id whole
    assert {d["id"] for d in data["documents"]} == {LONG_ID + "/a", LONG_ID + "/b"}
    assert data["clusters"][0]["members"] == [LONG_ID + "/a", LONG_ID + "/b"]


SURROGATE_IDS = "".join(json.dumps({"id": f"feed-{c}", "text": text}) + "\n"
                        for c, text in (("\ud800", TEXT), ("\udfff", WIRE.read_text())))


def test_ids_made_one_by_replaced_characters_say_so_and_lose_nothing(index: Path, tmp_path: Path) -> None:
    # "feed-\ud800" and "feed-\udfff" (JSON escapes) both became "feed-\ufffd": the scan's error named
    # only that, an id neither line holds, and the index refused the second as "another text"
    feed = tmp_path / "feed.jsonl"
    feed.write_text(SURROGATE_IDS, encoding="utf-8")
    result = runner.invoke(app, ["scan", str(feed)])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert result.stderr == ("Error: duplicate article id 'feed-\ufffd' in feed.jsonl:1 and feed.jsonl:2 (the ids "
                             "'feed-\\ud800' and 'feed-\\udfff' became one when a character no id can hold, a lone "
                             "surrogate or a control character, was replaced by U+FFFD): ids must be unique\n")
    before = _articles(index)
    for number, line in enumerate(SURROGATE_IDS.splitlines(keepends=True)):  # one run each
        (tmp_path / f"line{number}.jsonl").write_text(line, encoding="utf-8")
        added = runner.invoke(app, ["index", "add", str(index), str(tmp_path / f"line{number}.jsonl")])
        assert added.exit_code == 0 and _articles(index) == before + 1  # the first is stored and kept
    assert added.stderr.startswith("skipped feed-\ufffd: article id 'feed-\ufffd' is already indexed with another "
                                   "text (its U+FFFD may stand for a character no id can hold")


def test_a_link_out_of_a_scanned_folder_is_named_not_read(tmp_path: Path, index: Path) -> None:
    # a folder of uploads holding a link to a file elsewhere put that file (any file this user may read) in
    # the report and the index; it is named among the skipped now, and --follow-links reads it
    uploads, elsewhere = tmp_path / "uploads", tmp_path / "elsewhere"
    uploads.mkdir()
    elsewhere.mkdir()
    shutil.copy(REWRITE, uploads / "story.txt")
    (elsewhere / "private.txt").write_text(TEXT.replace("Minsk", "Vilnius"))
    (uploads / "private.txt").symlink_to(elsewhere / "private.txt")
    scanned = json.loads(_ok(runner.invoke(app, ["scan", str(uploads), "--no-align", "--json", "-", "-q"])).stdout)
    assert [d["id"] for d in scanned["documents"]] == ["story.txt"]
    assert scanned["skipped"] == [{"path": "private.txt", "reason": "a link to a file outside the folder, not read "
                                   "(give --follow-links to read the files such links lead to)"}]
    followed = _ok(runner.invoke(app, ["scan", str(uploads), "--no-align", "--json", "-", "-q", "--follow-links"]))
    assert [d["id"] for d in json.loads(followed.stdout)["documents"]] == ["private.txt", "story.txt"]
    added = _ok(runner.invoke(app, ["index", "add", str(index), str(uploads)]))
    assert "private.txt" in added.stderr and _articles(index) == 2
    _ok(runner.invoke(app, ["index", "add", str(index), str(uploads), "--follow-links", "-q"]))
    assert _articles(index) == 3
    checked = runner.invoke(app, ["check", str(index), str(uploads), "--no-align"])  # a folder checked: the same
    assert checked.exit_code == 1 and "Traceback" not in checked.output
    assert checked.stderr.splitlines() == [
        "skipped private.txt: a link to a file outside the folder, not read (give --follow-links to read the files "
        "such links lead to)", f"Error: 1 input of {uploads} not checked (named above)"]
    checked = _ok(runner.invoke(app, ["check", str(index), str(uploads), "--no-align", "--follow-links"]))
    assert "private.txt\t" in checked.stdout and "outside" not in checked.stderr


# -- words without sentences ---------------------------------------------------------------------------------


def test_a_salad_of_an_articles_words_is_no_article_and_no_rewrite(tmp_path: Path) -> None:
    # 5,000 of the story's words drawn at random, with their full stops: compare reported it a rewrite of
    # the story (0.92, on its length, names and figures), and a scan of the two the same pair
    import random

    draw = random.Random(5)
    words = WIRE.read_text().split()
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(WIRE, folder / "story.txt")
    (folder / "salad.txt").write_text(" ".join(draw.choice(words) for _ in range(5000)))
    compared = runner.invoke(app, ["compare", str(folder / "story.txt"), str(folder / "salad.txt")])
    assert compared.exit_code == 1 and "Traceback" not in compared.output
    assert compared.stderr.startswith(f"Error: {folder / 'salad.txt'}: not one readable article (no sentences: ")
    assert len(compared.stderr.splitlines()) == 1
    scanned = runner.invoke(app, ["scan", str(folder), "--json", "-", "-q"])
    assert scanned.exit_code == 0
    result = json.loads(scanned.stdout)
    assert result["pairs"] == [] and [s["path"] for s in result["skipped"]] == ["salad.txt"]


# -- a single article's file of gigabytes ---------------------------------------------------------------------


def test_a_single_articles_file_past_the_line_bound_is_skipped_not_read_whole(tmp_path: Path) -> None:
    # a text, page or JSON file is one article, read whole before it is cut at a million characters: a file
    # of 288 MB took 1.5 GB, one of gigabytes more than the machine has. Past the bound a JSONL line is held
    # to (64 MB; here one sparse file just past it), it is named among the skipped, as such a line is
    from dedup.lines import MAX_LINE_BYTES

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(WIRE, folder / "story.txt")
    for name in ("huge.txt", "huge.html", "huge.json"):
        with open(folder / name, "wb") as fh:
            fh.write(b"The port strike went on. ")
            fh.truncate(MAX_LINE_BYTES + 1)  # sparse: no disk, no time
    result = json.loads(_ok(runner.invoke(app, ["scan", str(folder), "--json", "-", "-q"])).stdout)
    skipped = {s["path"]: s["reason"] for s in result["skipped"]}
    assert sorted(skipped) == ["huge.html", "huge.json", "huge.txt"]
    assert skipped["huge.txt"] == (f"too large for one article ({MAX_LINE_BYTES + 1:,} bytes; at most {MAX_LINE_BYTES:,} "
                                   "are read): left out; a feed of many articles is read as JSONL")
    assert result["stats"]["documents"] == 1
    compared = runner.invoke(app, ["compare", str(folder / "story.txt"), str(folder / "huge.txt")])
    assert compared.exit_code == 1 and "Traceback" not in compared.output
    assert compared.stderr.startswith(f"Error: {folder / 'huge.txt'}: ") and "too large for one article" in compared.stderr
    assert len(compared.stderr.splitlines()) == 1


def test_a_count_of_thousands_in_a_message_is_written_with_separators(tmp_path: Path) -> None:
    # "no article could be read (100000 inputs skipped, ...)": the counts had no thousands separator
    from dedup.report.wiredesk import plural

    assert (plural(1, "pair"), plural(999, "pair"), plural(1000, "pair"), plural(1_234_567, "input")) == (
        "1 pair", "999 pairs", "1,000 pairs", "1,234,567 inputs")
    for k in range(1001):
        (tmp_path / f"t{k:04d}.txt").write_text("")
    result = runner.invoke(app, ["scan", str(tmp_path), "--quiet"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "(1,001 inputs skipped, such as " in result.output


def test_compare_read_among_a_corpus_gives_the_scans_answer(tmp_path: Path) -> None:
    from benchmarks.multilingual import documents

    folder = tmp_path / "cy"
    folder.mkdir()
    for doc in documents("cy"):
        (folder / f"{doc.id.split('/')[1]}.json").write_text(json.dumps({"id": doc.id, "text": doc.text}),
                                                            encoding="utf-8")
    pair = [str(folder / "rewrite.json"), str(folder / "source.json")]  # alone a rewrite near the bar
    alone = json.loads(runner.invoke(app, ["compare", *pair, "--json"]).output)
    assert alone["verdict"] == "rewrite" and (alone["read_among"], alone["near_bar"]) == (2, True)
    said = runner.invoke(app, ["compare", *pair])
    assert "a two-text answer near the bar" in " ".join(said.output.split())
    among = json.loads(runner.invoke(app, ["compare", *pair, "--corpus", str(folder), "--json"]).output)
    scanned = json.loads(runner.invoke(app, ["scan", str(folder), "--json", "-", "-q"]).output)
    assert not any({p["a"], p["b"]} == {"cy/rewrite", "cy/source"} for p in scanned["pairs"])
    assert among["verdict"] is None and (among["read_among"], among["near_bar"]) == (7, False)
    said = runner.invoke(app, ["compare", *pair, "--corpus", str(folder)])
    assert said.exit_code == 0 and "read among 7 articles" in " ".join(said.output.split())


def test_compare_corpus_missing_or_empty_is_a_one_line_error(tmp_path: Path) -> None:
    pair = [str(SEED_WIRE), str(SEED_REWRITE)]
    result = runner.invoke(app, ["compare", *pair, "--corpus", str(tmp_path / "nothere")])
    assert result.exit_code == 1 and "--corpus" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["compare", *pair, "--corpus", str(tmp_path)])
    assert result.exit_code == 1 and "no article read" in result.output


def test_compare_of_one_pipe_given_twice_is_one_line_not_a_wait_for_ever(tmp_path: Path) -> None:
    # read twice, a named pipe's second open waited for a second writer for ever; /dev/stdin twice found nothing
    # left the second time, "not one readable article (empty)"
    import threading

    fifo = tmp_path / "story.txt"
    os.mkfifo(fifo)

    def release() -> None:  # a second open, should the command wait on the pipe after all (the test then fails)
        for _ in range(2):
            with open(fifo, "w") as fh:
                fh.write(SEED_WIRE.read_text())

    timer = threading.Timer(20, release)
    timer.daemon = True
    timer.start()
    try:
        result = runner.invoke(app, ["compare", str(fifo), str(fifo)])
    finally:
        timer.cancel()
    assert result.exit_code == 1 and result.stdout == ""
    assert _one_error_line(result) == (f"Error: {fifo} and {fifo} are one pipe, whose text can be read once: save it to a "
                                       "file to compare it with itself\n")
