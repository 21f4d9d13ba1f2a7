"""The one-line errors of dedup/cli/failures.py: a write that fails, a full disk, a reader that goes away."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import dedup
from dedup.cli import app
from dedup.index import Index

from conftest import CORPUS
from _cli_helpers import SEED_REWRITE, SEED_WIRE, _dedup, _one_error_line, _refused_folder, runner
from _bad_input_helpers import _articles, _dedup_limited, index, template  # noqa: F401 - fixtures


def test_a_broken_pipe_that_is_not_the_output_is_an_error_line(monkeypatch: pytest.MonkeyPatch) -> None:
    # a closed output pipe (`| head`) ends a command quietly (tests/test_ingest.py); any other broken pipe
    # (a worker's, say) is an error like any other
    import dedup.pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(dedup.pipeline, "scan", broken)
    result = runner.invoke(app, ["scan", str(CORPUS), "-q"])
    assert result.exit_code == 1 and result.output.strip() == "Error: Broken pipe"


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
    for name in ("a.jsonl", "b.jsonl"):  # one id, two texts (one text under one id is one article, read once)
        (dup / name).write_text(json.dumps({"id": "same", "text": f"{name} " + "word " * 30}) + "\n")
    result = runner.invoke(app, ["scan", str(dup), "--json", str(out)])
    assert result.exit_code == 1 and "duplicate article id" in result.output
    assert out.read_bytes() == kept


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


def test_compare_stops_quietly_when_its_reader_does() -> None:
    # `dedup compare a b | head -2`: rich's own answer to a closed pipe was exit status 1 and no word, which
    # a script reads as a failure; it ends as every other command does, with the status of a closed pipe
    proc = _dedup(["compare", str(CORPUS / "citypaper" / "port-strike.txt"), str(CORPUS / "globalwire" / "port-strike.json")])
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first line: the write meets a closed pipe
    assert proc.wait(timeout=120) == 141
    assert proc.stderr.read() == b""


def test_the_html_report_is_kept_when_the_reader_of_the_json_stops_reading(tmp_path: Path) -> None:
    # `dedup scan x --html report --json - | head -c 10`: the pages were written whole, then thrown away with the
    # scan's work when the pipe closed, status 141 saying nothing of them
    proc = _dedup(["scan", str(CORPUS), "--no-align", "--html", str(tmp_path / "report"), "--json", "-"])
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    assert proc.wait(timeout=300) == 141
    assert b"Traceback" not in proc.stderr.read()
    assert (tmp_path / "report" / "index.html").is_file() and any((tmp_path / "report" / "pairs").iterdir())


@pytest.mark.parametrize("args", [["--help"], ["scan", "-h"], ["--version"]], ids=["help", "command-help", "version"])
def test_help_and_version_stop_quietly_when_their_reader_does(args: list[str]) -> None:
    # `dedup --help | head -1`: click ended a closed pipe with status 1, which a script reads as a failure
    proc = _dedup(args)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    assert proc.wait(timeout=120) == 141
    assert proc.stderr.read() == b""


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


def _to_full(args: list[str]) -> "subprocess.CompletedProcess[bytes]":
    """``python -m dedup ARGS > /dev/full``: an output that takes nothing, each write "No space left on device"."""
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(CORPUS.parent)}
    with open("/dev/full", "wb") as full:
        return subprocess.run([sys.executable, "-m", "dedup", *args], env=env, stdout=full, stderr=subprocess.PIPE,
                              timeout=120)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("command", [
    ["scan", str(CORPUS)], ["scan", str(CORPUS), "-q", "--json", "/dev/stdout"],
    ["compare", str(CORPUS / "citypaper/port-strike.txt"), str(CORPUS / "globalwire/port-strike.json"), "--json"],
    ["index", "stats", "{db}"],
    # these two were a traceback: the help and the version are written before any command's error handling
    ["--help"], ["--version"],
], ids=["scan-tables", "scan-json-stdout", "compare-json", "stats", "help", "version"])
def test_an_output_that_takes_nothing_is_named_not_the_temporary_folder(command: list[str], index: Path) -> None:
    # were "No space left on device (writing a temporary file in /tmp, or the output: temporary files go in
    # the folder TMPDIR names; give it one with more room)": the temporary folder had room
    done = _to_full([c.format(db=index) for c in command])
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert done.stderr.decode() == ("Error: No space left on device (writing standard output, which takes no more: "
                                    "give the command an output with room)\n")
    assert _articles(index) == 1


def test_a_temporary_file_the_disk_refused_is_said_to_be_one(tmp_path: Path) -> None:
    # a scan's temporary files are unnamed: "Error: File too large" (or "No space left on device") left the
    # user to guess which disk, when the output's had room and the temporary folder had none
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    done = _dedup_limited(["scan", str(CORPUS), "-q", "--no-align", "--json", "-"], tmp_path, TMPDIR=str(scratch))
    assert done.returncode == 1 and done.stdout == b""
    assert done.stderr.decode() == (f"Error: {os.strerror(27)} (writing a temporary file in {scratch}, or the output: "
                                    "temporary files go in the folder TMPDIR names; give it one with more room)\n")


# -- standard output that is a file of the kernel's file system (``> /proc/version``) -------------------------------


def test_standard_output_on_a_file_of_the_kernels_file_system_is_named_in_the_error() -> None:
    # "Error: Input/output error" named neither the output nor why
    import subprocess
    import sys

    try:
        out = open("/proc/version", "wb")
    except OSError:
        pytest.skip("/proc/version cannot be opened for writing here (not root, or no /proc)")
    env = {**os.environ, "PYTHONPATH": str(CORPUS.parent)}
    wire, rewrite = CORPUS / "newswire" / "belarus-china-drills.txt", CORPUS / "eastdesk" / "belarus-china-drills.txt"
    with out:
        done = subprocess.run([sys.executable, "-m", "dedup", "compare", str(wire), str(rewrite)], env=env, stdout=out,
                              stderr=subprocess.PIPE, timeout=120)
    assert done.returncode == 1 and b"Traceback" not in done.stderr and done.stderr.count(b"\n") == 1
    assert "(writing standard output, /proc/version, a file of the kernel's proc file system" in done.stderr.decode()


def test_an_index_add_past_a_file_size_limit_says_the_file_cannot_be_written_and_keeps_the_index(tmp_path: Path) -> None:
    # a full disk, a quota or a file size limit refuses SQLite's write: it said "the index file cannot be
    # read (disk I/O error)", a read fault, where the system refused a write; what was stored stays
    import resource
    import subprocess
    import sys

    feed = tmp_path / "feed.jsonl"
    docs = dedup.reading.read_corpus(CORPUS).documents
    feed.write_text("".join(json.dumps({"id": f"{d.id}-{n}", "text": f"{d.text} Copy {n}."}) + "\n"
                            for n in range(3) for d in docs), encoding="utf-8")
    index = tmp_path / "news.db"
    first = runner.invoke(app, ["index", "add", str(index), str(CORPUS), "-q"])
    assert first.exit_code == 0
    stored = Index.open(str(index)).stats()["articles"]
    limit = os.path.getsize(index) + 16 * 1024

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run([sys.executable, "-m", "dedup", "index", "add", str(index), str(feed), "-q"],
                          capture_output=True, text=True, preexec_fn=limited, cwd=Path(dedup.__file__).parent.parent)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    # the file is named (it was "Error: the index file cannot be written ...": which of a job's indexes, on which disk?)
    assert done.stderr.strip().splitlines()[-1].startswith(f"Error: {index}: the index file cannot be written (disk I/O "
                                                            "error): its disk is full")
    with Index.open(str(index)) as opened:
        assert opened.stats()["articles"] >= stored and opened._store.integrity() == "ok"  # noqa: SLF001


@pytest.mark.parametrize("named", [True, False], ids=["index given", "none known"])
def test_a_full_index_file_says_it_cannot_be_written(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     named: bool) -> None:
    # SQLITE_FULL, as a full disk gives it (here a page limit of the connection's own)
    import typer

    from dedup.cli.app import one_line_errors

    db = sqlite3.connect(tmp_path / "full.db")
    db.execute("CREATE TABLE t (x BLOB)")
    db.execute("PRAGMA max_page_count = 4")
    with pytest.raises(typer.Exit) as stopped:
        with one_line_errors(index=str(tmp_path / "full.db") if named else None):
            db.execute("INSERT INTO t VALUES (?)", (b"x" * 100_000,))
    db.close()
    assert stopped.value.exit_code == 1
    opening = f"Error: {tmp_path / 'full.db'}: the index file" if named else "Error: the index file"
    assert capsys.readouterr().err.startswith(f"{opening} cannot be written (database or disk is full): its disk is full")


def test_an_index_command_names_the_index_file_it_could_not_write(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # the index add of a full disk said "Error: the index file cannot be written (...)", naming no file: the
    # command's LOCATION is named, as the user gave it
    from dedup.index import Index

    monkeypatch.setattr(Index, "open", classmethod(lambda cls, *a, **k: _Opened()))
    result = runner.invoke(app, ["index", "add", str(tmp_path / "news.db"), str(CORPUS / "citypaper"), "-q"])
    assert result.exit_code == 1 and result.stderr == (
        f"Error: {tmp_path / 'news.db'}: the index file cannot be written (database or disk is full): its disk is "
        "full, or the file may grow no more (a quota, a file size limit); nothing stored before is lost: free space "
        "and run it again\n")


class _Opened:
    """A stand-in index whose add meets a full disk (:func:`test_an_index_command_names_the_index_file_it_could_not_write`)."""

    def __enter__(self) -> "_Opened":
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def stats(self) -> dict[str, int]:
        return {"articles": 0}

    def contains(self, article_id: str) -> bool:  # index add asks which articles were stored before
        return False

    def add_many(self, *args: object, **kwargs: object) -> None:
        full = sqlite3.OperationalError("database or disk is full")
        full.sqlite_errorname = "SQLITE_FULL"  # as SQLite sets it on a write a full disk refused
        raise full


def _line_of(error: BaseException, capsys: pytest.CaptureFixture[str], index: str) -> str:
    import typer

    from dedup.cli.failures import one_line_errors

    with pytest.raises(typer.Exit):
        with one_line_errors(index=index):
            raise error
    return capsys.readouterr().err


def test_a_raw_sqlite_write_refusal_is_said_in_the_storage_errors_words(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A write SQLite's API refused outside the index's writes is said as the index's own ``StorageError`` for it
    says it (``dedup.errors.WRITE_REFUSED``), one wording for both: the command line kept a copy of its own."""
    from dedup.cli import failures
    from dedup.errors import WRITE_REFUSED, StorageError

    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorname = "SQLITE_FULL"
    where = str(tmp_path / "news.db")
    raw, stored = _line_of(full, capsys, where), _line_of(StorageError(WRITE_REFUSED.format(full)), capsys, where)
    assert raw == stored == f"Error: {where}: {WRITE_REFUSED.format(full)}\n"
    monkeypatch.setattr(failures, "WRITE_REFUSED", "the index file cannot be written ({}): reworded")
    assert _line_of(full, capsys, where) == f"Error: {where}: the index file cannot be written (database or disk is full): reworded\n"


@pytest.mark.parametrize("command", [["check", "{db}", "{wire}"], ["index", "add", "{db}", "{wire}", "-q"],
                                     ["stream", "{db}"]], ids=["check", "index-add", "stream"])
def test_a_stored_text_damaged_out_of_utf8_is_said_a_damaged_index(command: list[str], index: Path) -> None:
    """A byte of a stored article's text changed (damage SQLite's checks do not see: a page's bytes are not
    checked) said "the index file cannot be read (Could not decode to UTF-8 column 'text' with text '<the story's
    words>')", quoting the story and saying nothing of the damage nor of what to do: it is the damaged index's line."""
    from _bad_input_files import TEXT, WIRE
    from _bad_input_helpers import DAMAGED, _error_line

    with sqlite3.connect(index) as db:
        db.execute("UPDATE articles SET text = CAST(CAST(text AS BLOB) || x'ff' AS TEXT)")
    db.close()
    line = json.dumps({"id": "fresh", "text": TEXT}) + "\n"
    result = runner.invoke(app, [c.format(db=index, wire=WIRE) for c in command], input=line)
    assert _error_line(result) == DAMAGED


@pytest.mark.skipif(not Path("/proc/self/task").is_dir() or not hasattr(os, "fork"), reason="reads children from /proc")
def test_an_interrupted_command_stops_a_worker_forked_before_its_pool_knew_of_it() -> None:
    # an interrupt raised between a worker's fork and its pool's record of it left that worker out of every list
    # of workers: it waited for ever, holding the command's output pipes open (a scan stopped by SIGHUP, once in a
    # clean-clone CI run, said its one line and never ended)
    import signal
    import time

    from dedup.cli.failures import _forked_children, _stop_workers

    pid = os.fork()
    if pid == 0:  # the worker no list holds: it waits as a pool's worker waits for its first task
        time.sleep(60)
        os._exit(0)
    try:
        for _ in range(100):  # its command line is read once the fork is done
            if pid in _forked_children():
                break
            time.sleep(0.05)
        assert pid in _forked_children()
        _stop_workers()
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
