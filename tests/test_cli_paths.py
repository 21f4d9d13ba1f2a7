"""The paths a command is given (dedup/cli/paths.py): standard input and output, destinations refused before the work."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

import dedup
from dedup.cli import app
from dedup.errors import DedupError

from conftest import CORPUS
from _cli_helpers import SEED_REWRITE, SEED_WIRE, _one_error_line, _refused_folder, runner
from _bad_input_files import LINE, REWRITE, TEXT, WIRE
from _bad_input_helpers import _articles, _as_nobody, _error_line, _ok, index, template  # noqa: F401 - fixtures


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


# -- paths that are wrong as a whole -------------------------------------------------------------------


@pytest.mark.parametrize("command", [
    ["scan", "{x}"], ["compare", "{x}", str(REWRITE)], ["check", "{db}", "{x}"], ["index", "add", "{db}", "{x}"],
], ids=["scan", "compare", "check", "index-add"])
@pytest.mark.parametrize("what", ["missing", "empty-folder"])
def test_missing_path_and_empty_folder(command: list[str], what: str, index: Path, tmp_path: Path) -> None:
    x = tmp_path / "nothing"
    if what == "empty-folder":
        x.mkdir()
    result = runner.invoke(app, [c.format(x=x, db=index) for c in command])
    line = _error_line(result)
    assert str(x) in line and ("no such file" in line or "no article" in line or "is a folder" in line)
    assert _articles(index) == 1


@pytest.mark.parametrize("command", [
    ["scan", "{x}"], ["compare", "{x}", str(REWRITE)], ["check", "{db}", "{x}"], ["index", "add", "{db}", "{x}"],
    ["check", "{x}", str(REWRITE)], ["index", "stats", "{x}"],
], ids=["scan", "compare", "check", "index-add", "check-index", "index-stats"])
def test_a_path_with_a_line_break_or_an_escape_is_named_on_one_line(command: list[str], index: Path, tmp_path: Path) -> None:
    # the path was written as given: a line break in it made two lines of the error, an escape sequence
    # in it was obeyed by the terminal
    x = tmp_path / "wire\nstory\x1b[2J.txt"
    result = runner.invoke(app, [c.format(x=x, db=index) for c in command])
    line = _error_line(result)
    assert "\x1b" not in line and "wire\\nstory\\x1b[2J.txt" in line
    assert _articles(index) == 1


@pytest.mark.parametrize("command", [["scan", ""], ["compare", "", str(REWRITE)], ["check", "{db}", ""],
                                     ["index", "add", "{db}", ""], ["check", "", str(REWRITE)]],
                         ids=["scan", "compare", "check", "index-add", "check-index"])
def test_an_empty_path_is_refused_not_read_as_the_current_folder(command: list[str], index: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # Path("") is "."; "$CORPUS" left unset read (and index add stored) whatever the current folder held
    monkeypatch.chdir(tmp_path)
    shutil.copy(REWRITE, tmp_path / "stray.txt")
    result = runner.invoke(app, [c.format(db=index) for c in command])
    assert "'': an empty " in _error_line(result)
    assert _articles(index) == 1
    with pytest.raises(DedupError, match="an empty path"):
        dedup.scan("")


def test_a_folder_where_a_file_is_expected(tmp_path: Path) -> None:
    assert "is a folder" in _error_line(runner.invoke(app, ["compare", str(tmp_path), str(REWRITE)]))
    assert "is a folder" in _error_line(runner.invoke(app, ["scan", str(CORPUS), "--json", str(tmp_path)]))
    assert "is a folder" in _error_line(runner.invoke(app, ["index", "add", str(tmp_path), str(WIRE)]))
    with pytest.raises(DedupError, match="is a folder"):
        dedup.compare(tmp_path, REWRITE)


def test_permission_denied(tmp_path_factory: pytest.TempPathFactory) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to drop privileges to 'nobody' (as another user, chmod 000 tests the same)")
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="dedup-perm-"))  # world-traversable, unlike pytest's tmp_path
    try:
        folder.chmod(0o755)
        secret = folder / "secret.txt"
        secret.write_text(TEXT)
        secret.chmod(0o000)
        shutil.copy(REWRITE, folder / "rewrite.txt")
        (folder / "rewrite.txt").chmod(0o644)
        out = folder / "out"
        out.mkdir(mode=0o755)

        def run() -> dict[str, Any]:
            found = {}
            for name, args in {"scan": ["scan", str(secret)], "scan-folder": ["scan", str(folder), "--no-align"],
                               "compare": ["compare", str(secret), str(folder / "rewrite.txt")],
                               "json": ["scan", str(folder), "--no-align", "--json", str(out / "r.json")]}.items():
                result = runner.invoke(app, args, env={"COLUMNS": "200"})
                found[name] = [result.exit_code, result.stdout, result.stderr]
            found["api"] = [s.reason for s in dedup.scan(secret).skipped]
            return found

        found = _as_nobody(run)
    finally:
        shutil.rmtree(folder)
    assert "crash" not in found, found
    assert found["scan"][0] == 1 and found["scan"][2] == f"Error: {secret}: cannot be read (Permission denied)\n"
    assert found["scan-folder"][0] == 0 and "cannot be read (Permission denied)" in found["scan-folder"][1]
    assert found["compare"][0] == 1 and "Permission denied" in found["compare"][2] and found["compare"][2].count("\n") == 1
    assert found["json"][0] == 1 and found["json"][2] == f"Error: {out}: permission denied; the JSON output cannot be written there\n"
    assert found["api"] == ["cannot be read (Permission denied)"]


@pytest.mark.parametrize("command", [["scan", "{path}"], ["index", "stats", "{path}"], ["compare", "{path}", str(WIRE)]],
                         ids=["scan", "index-stats", "compare"])
def test_an_error_names_a_path_whose_bytes_are_not_utf8_as_ids_name_it(command: list[str], tmp_path: Path) -> None:
    missing = str(tmp_path / os.fsdecode(b"caf\xe9"))  # written "caf\udce9": not how an id or a listing names it
    line = _error_line(runner.invoke(app, [c.format(path=missing) for c in command]))
    assert "caf\\xe9: no such " in line and "\\udc" not in line


# -- where the reports go ------------------------------------------------------------------------------


def test_json_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    real, link = tmp_path / "real.json", tmp_path / "link.json"
    _ok(runner.invoke(app, ["scan", str(WIRE), "-q", "--json", str(real)]))  # an earlier report, replaced
    link.symlink_to(real)
    _ok(runner.invoke(app, ["scan", str(CORPUS), "-q", "--json", str(link)]))
    assert link.is_symlink() and json.loads(real.read_text())["pairs"]


def test_json_into_a_pipe_is_written_through(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "feed.json"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)  # never holds up the run
    reader.start()
    _ok(runner.invoke(app, ["scan", str(CORPUS), "-q", "--json", str(fifo)]))
    reader.join(timeout=30)
    assert got and json.loads(got[0])["pairs"]
    assert fifo.exists() and not fifo.is_file()  # still the pipe


@pytest.mark.parametrize("where", ["same", "inside"])
def test_json_and_html_in_one_place_is_refused_before_the_scan(tmp_path: Path, where: str) -> None:
    report = tmp_path / "report"
    if where == "inside":
        report.mkdir()  # the JSON would be written, then the report's own index.html put over it
    target = report if where == "same" else report / "index.html"
    result = runner.invoke(app, ["scan", str(CORPUS), "-q", "--json", str(target), "--html", str(report)])
    assert "would overwrite each other" in _error_line(result)
    assert not report.exists() or not any(report.iterdir())


@pytest.mark.parametrize("option,target", [("--json", "wire.txt"), ("--json", "sub/feed.json"), ("--html", "sub")],
                         ids=["json-over-an-article", "json-over-a-json-article", "html-over-an-index-html-article"])
def test_a_report_over_an_article_of_the_corpus_is_refused_before_the_scan(tmp_path: Path, option: str, target: str) -> None:
    # the article was overwritten by the report, exit 0: the scan read it, then lost it
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    shutil.copy(WIRE, corpus / "wire.txt")
    (corpus / "sub" / "feed.json").write_text(json.dumps({"id": "f", "text": TEXT}))
    (corpus / "sub" / "index.html").write_text(f"<html><body><p>{TEXT}</p></body></html>")
    before = {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()}
    result = runner.invoke(app, ["scan", str(corpus), "-q", option, str(corpus / target)])
    shown = corpus / target / "index.html" if option == "--html" else corpus / target
    assert _error_line(result) == f"Error: {shown}: is an article of the input {corpus}; the " \
        f"{'HTML report' if option == '--html' else 'JSON output'} would overwrite it: give another place\n"
    assert {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()} == before


def test_a_report_into_the_corpus_replaces_the_last_one_and_leaves_hidden_files(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / ".cache").mkdir(parents=True)
    shutil.copy(WIRE, corpus / "wire.txt")
    shutil.copy(REWRITE, corpus / "rewrite.txt")
    _ok(runner.invoke(app, ["scan", str(WIRE), "-q", "--json", str(corpus / ".cache" / "x.json")]))  # an earlier report
    for _ in range(2):  # the second run replaces the first run's reports, which it does not read
        _ok(runner.invoke(app, ["scan", str(corpus), "-q", "--json", str(corpus / "result.json"), "--html", str(corpus / "report")]))
    _ok(runner.invoke(app, ["scan", str(corpus), "-q", "--json", str(corpus / ".cache" / "x.json")]))
    assert json.loads((corpus / ".cache" / "x.json").read_text())["pairs"] == json.loads((corpus / "result.json").read_text())["pairs"]


def test_compare_html_over_an_input_is_refused(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    shutil.copy(WIRE, article)
    before = article.read_bytes()
    result = runner.invoke(app, ["compare", str(article), str(REWRITE), "--html", str(article)])
    assert "is an input" in _error_line(result)
    assert article.read_bytes() == before


def test_json_beside_the_html_report_is_kept(tmp_path: Path) -> None:
    report = tmp_path / "report"
    report.mkdir()
    _ok(runner.invoke(app, ["scan", str(CORPUS), "-q", "--json", str(report / "result.json"), "--html", str(report)]))
    assert json.loads((report / "result.json").read_text())["pairs"] and (report / "index.html").exists()


@pytest.mark.parametrize("command", [["scan", "{path}"], ["compare", "{path}", str(WIRE)], ["check", "{db}", "{path}"],
                                     ["index", "add", "{db}", "{path}"]], ids=["scan", "compare", "check", "index-add"])
def test_a_link_that_leads_nowhere_is_said_so(command: list[str], tmp_path: Path, template: Path) -> None:
    # both were "no such file": beside a name that ls lists, that reads as a typo
    (tmp_path / "one.txt").symlink_to("two.txt")
    (tmp_path / "two.txt").symlink_to("one.txt")
    (tmp_path / "moved.txt").symlink_to("archive/moved.txt")
    db = tmp_path / "news.db"
    shutil.copy(template, db)
    said = {}
    for name in ("one.txt", "moved.txt"):
        result = runner.invoke(app, [c.format(path=tmp_path / name, db=db) for c in command])
        said[name] = _error_line(result)
    assert said["one.txt"] == f"Error: {tmp_path / 'one.txt'}: a link that leads round in a loop (too many levels of symbolic links)\n"
    assert said["moved.txt"] == f"Error: {tmp_path / 'moved.txt'}: a link to archive/moved.txt, which does not exist\n"
    assert db.read_bytes() == template.read_bytes()


# -- standard input or output closed (``<&-``, ``>&-``): Python sets sys.stdin or sys.stdout to None ---------


def _closed(fd: int, args: list[str], stdin: bytes = b"") -> "subprocess.CompletedProcess[bytes]":
    """``python -m dedup ARGS`` started with descriptor ``fd`` closed, as a shell's ``<&-`` or ``>&-`` does."""
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(CORPUS.parent)}
    return subprocess.run([sys.executable, "-m", "dedup", *args], env=env, stderr=subprocess.PIPE, timeout=120,
                          input=stdin if fd != 0 else None, preexec_fn=lambda: os.close(fd))


@pytest.mark.parametrize("command", [["stream", "{db}"], ["stream", "{db}", "--check-only"], ["scan", "-"],
                                     ["index", "add", "{db}", "-"]],
                         ids=["stream", "stream-check-only", "scan", "index-add"])
def test_a_closed_standard_input_is_one_line(command: list[str], index: Path) -> None:
    # were a traceback: TypeError: 'NoneType' object is not iterable
    done = _closed(0, [c.format(db=index) for c in command])
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert done.stderr.decode() == ("Error: standard input is closed, so there is nothing to read: pipe JSONL into "
                                    "the command, or give a file\n")
    assert _articles(index) == 1


@pytest.mark.parametrize("command,stored", [(["scan", "-", "-q"], None), (["stream", "{db}"], 2),
                                            (["index", "add", "{db}", "-"], 1)],
                         ids=["scan", "stream", "index-add"])
def test_standard_input_of_one_endless_line_is_one_line_and_what_came_before_is_kept(
        command: list[str], stored: int | None, index: Path) -> None:
    # ``scan - < /dev/zero`` read on for as long as bytes came (memory bounded, but never an end); now
    # reading stops past 1 GiB of one line: a stream's articles before it are stored and answered
    import subprocess
    import sys
    import threading

    env = {**os.environ, "PYTHONPATH": str(CORPUS.parent)}
    outputs = index.parent / "out", index.parent / "err"
    with outputs[0].open("wb") as out_file, outputs[1].open("wb") as err_file:  # communicate() would close stdin
        process = subprocess.Popen([sys.executable, "-m", "dedup", *[c.format(db=index) for c in command]], env=env,
                                   stdin=subprocess.PIPE, stdout=out_file, stderr=err_file)

    def feed() -> None:
        assert process.stdin is not None
        try:
            process.stdin.write((LINE + "\n").encode())
            process.stdin.flush()
            block = b"\0" * (1 << 20)
            while True:
                process.stdin.write(block)
        except (BrokenPipeError, ValueError):
            pass

    threading.Thread(target=feed, daemon=True).start()
    try:
        process.wait(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("an endless line was read for ever")
    out, err = outputs[0].read_bytes(), outputs[1].read_bytes()
    assert process.returncode == 1 and b"Traceback" not in err
    assert err.decode().endswith("Error: standard input: line 2 runs past 1,073,741,824 bytes without an end, so it "
                                 "is no JSONL line (endless input?); nothing after it was read\n")
    if stored is not None:
        assert _articles(index) == stored  # the stream's first article stored; index add reads all first: none
    if command[0] == "stream":
        assert [json.loads(line)["id"] for line in out.splitlines()] == ["feed-1"]


@pytest.mark.parametrize("command,what", [
    (["stream", "{db}"], "the result lines"), (["stream", "{db}", "--check-only"], "the result lines"),
    (["scan", str(CORPUS), "-q", "--json", "-"], "the JSON result"),
    # these were lost without a word, with exit status 0 (click's echo writes nothing when there is no stdout)
    (["scan", str(CORPUS)], "the report (the tables)"),
    (["compare", str(CORPUS / "citypaper/port-strike.txt"), str(CORPUS / "globalwire/port-strike.json")],
     "the comparison (the tables)"),
    (["compare", str(CORPUS / "citypaper/port-strike.txt"), str(CORPUS / "globalwire/port-strike.json"), "--json"],
     "the JSON comparison"),
    (["check", "{db}", str(CORPUS / "citypaper/port-strike.txt")], "the matches"),
    (["index", "stats", "{db}"], "the stats"),
], ids=["stream", "stream-check-only", "scan-json", "scan-tables", "compare-tables", "compare-json", "check", "stats"])
def test_a_closed_standard_output_is_one_line_before_any_work(command: list[str], what: str, index: Path) -> None:
    # were a traceback (AttributeError: 'NoneType' object has no attribute 'write') after the work: a
    # stream's article was added and its result line lost
    done = _closed(1, [c.format(db=index) for c in command], stdin=(LINE + "\n").encode())
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert done.stderr.decode().startswith(f"Error: standard output is closed, so {what} cannot be written there")
    assert done.stderr.count(b"\n") == 1
    assert _articles(index) == 1


@pytest.mark.parametrize("command", [["scan", str(CORPUS), "--json", "{out}"], ["scan", str(CORPUS), "-q"],
                                     ["compare", str(CORPUS / "citypaper/port-strike.txt"),
                                      str(CORPUS / "globalwire/port-strike.json"), "--html", "{out}"]],
                         ids=["scan-json-file", "scan-quiet", "compare-html"])
def test_a_closed_standard_output_is_no_error_where_the_report_goes_elsewhere(command: list[str], tmp_path: Path) -> None:
    out = tmp_path / "report.out"
    done = _closed(1, [c.format(out=out) for c in command])
    assert done.returncode == 0 and done.stderr == b""
    assert out.exists() == ("{out}" in command)


def test_a_folder_listed_but_not_entered_and_one_not_listed(tmp_path_factory: pytest.TempPathFactory) -> None:
    # a folder of mode r-- (its names listed, its files neither opened nor asked their mode) ended the scan,
    # "Error: Permission denied: news/a.txt" ("a Dask task failed (PermissionError ...)"); a folder given that
    # cannot be listed said "the folder and its subfolders hold no file", and check "no article to check"
    if os.geteuid() != 0:
        pytest.skip("needs root to drop privileges to 'nobody' (as another user, chmod tests the same)")
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="dedup-perm-"))
    try:
        folder.chmod(0o755)
        for name in ("listed", "locked"):
            (folder / name).mkdir()
            shutil.copy(REWRITE, folder / name / "rewrite.txt")
        shutil.copy(WIRE, folder / "wire.txt")
        (folder / "listed").chmod(0o444)
        (folder / "locked").chmod(0o000)
        made = folder / "news.db"
        dedup.Index.open(str(made)).close()
        for args in (["scan", str(folder / "listed")], ["check", str(made), str(folder / "listed")],
                     ["index", "add", str(tmp_path_factory.mktemp("warm") / "w.db"), str(folder / "listed")]):
            assert runner.invoke(app, args).exit_code == 0  # as root: what they import is loaded before the child
            # drops root (this machine's Python may be readable by root alone)
        folder.chmod(0o777)  # the index (and its -wal and -shm files) writable by the child
        made.chmod(0o666)

        def run() -> dict[str, Any]:
            found: dict[str, Any] = {name: [(r := runner.invoke(app, args, env={"COLUMNS": "300"})).exit_code, r.stderr or repr(r.exception)]
                                     for name, args in {"listed": ["scan", str(folder / "listed")],
                                                        "locked": ["scan", str(folder / "locked")],
                                                        "check": ["check", str(made), str(folder / "locked")],
                                                        "add": ["index", "add", str(made), str(folder / "locked")]}.items()}
            corpus = dedup.read_corpus(folder)
            found["api"] = [[d.id for d in corpus.documents], [[s.path, s.reason] for s in corpus.skipped]]
            return found

        found = _as_nobody(run)
    finally:
        (folder / "listed").chmod(0o755)
        (folder / "locked").chmod(0o755)
        shutil.rmtree(folder)
    assert "crash" not in found, found
    denied = "cannot be read (Permission denied: its folder's names can be listed, not its files opened)"
    assert found["api"] == [["wire.txt"], [["listed/rewrite.txt", denied],
                                            ["locked", "a folder that cannot be listed (Permission denied): its files are not read"],
                                            ["news.db", "unsupported file type .db, a database (such as a dedup index), not articles"]]]
    assert found["listed"] == [1, f"Error: {folder / 'listed'}: no article could be read (1 input skipped, such as "
                                  f"rewrite.txt: {denied})\n"]
    unlisted = "the folder cannot be listed (Permission denied): none of its files can be read"
    assert found["locked"] == [1, f"Error: {folder / 'locked'}: no article could be read: {unlisted}\n"]
    assert found["add"] == found["locked"]
    assert found["check"] == [1, f"Error: {folder / 'locked'}: no article to check: {unlisted}\n"]
