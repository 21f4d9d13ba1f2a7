"""The paths a command is given (dedup/cli/paths.py): standard input and output, destinations refused before the work."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dedup.cli import app

from conftest import CORPUS
from _cli_helpers import SEED_REWRITE, SEED_WIRE, _one_error_line, _refused_folder, runner


def test_missing_path_is_one_line_error() -> None:
    result = runner.invoke(app, ["scan", "no/such/folder"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no/such/folder: no such file or folder"


def test_json_to_a_dash_goes_to_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # "--json -" wrote a file named "-" in the current folder, and nothing to the pipe to jq
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["scan", str(CORPUS), "-q", "--json", str(tmp_path / "scan.json")]).exit_code == 0
    result = runner.invoke(app, ["scan", str(CORPUS), "--json", "-"])
    assert result.exit_code == 0 and not (tmp_path / "-").exists()
    assert result.stdout == (tmp_path / "scan.json").read_text(encoding="utf-8")  # the same bytes as a file's
    assert result.stderr.startswith("11 articles, 5 pairs") and "written to" not in result.stderr


def test_json_into_missing_folder_is_an_error_and_keeps_nothing_half_written(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scan", str(CORPUS), "--no-align", "--json", str(tmp_path / "no" / "r.json")])
    assert result.exit_code == 1 and "no such folder" in result.output
    assert list(tmp_path.rglob("*")) == []  # no folder made, no temporary file left behind


def test_a_corpus_with_no_article_is_an_error_not_an_empty_result(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01binary")
    result = runner.invoke(app, ["scan", str(tmp_path)])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "no article could be read (1 input skipped, such as bin.txt: binary file)" in result.stderr


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
    read = "read: .atom .csv .eml .htm .html .json .jsonl .md .ndjson .rss .text .tsv .txt .xml"
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


@pytest.mark.parametrize("command", [["scan", str(CORPUS), "--json", "{out}/"],
                                     ["compare", str(SEED_WIRE), str(SEED_REWRITE), "--html", "{out}/"]],
                         ids=["scan-json", "compare-html"])
def test_a_file_output_ending_in_a_slash_is_a_usage_error(tmp_path: Path, command: list[str]) -> None:
    # the slash was dropped and a file written where a folder was meant
    out = tmp_path / "out"
    result = runner.invoke(app, [c.replace("{out}", str(out)) for c in command])
    assert "ends in '/', so it names a folder" in _one_error_line(result, 2)
    assert list(tmp_path.iterdir()) == []


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
