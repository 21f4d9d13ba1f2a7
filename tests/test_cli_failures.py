"""The one-line errors of dedup/cli/failures.py: a write that fails, a full disk, a reader that goes away."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from dedup.cli import app

from conftest import CORPUS
from _cli_helpers import SEED_REWRITE, SEED_WIRE, _dedup, _one_error_line, _refused_folder, runner


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
    for name in ("a.jsonl", "b.jsonl"):
        (dup / name).write_text(json.dumps({"id": "same", "text": "word " * 30}) + "\n")
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
