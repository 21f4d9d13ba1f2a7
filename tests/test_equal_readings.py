"""One bad file through every entry point: scan (alone and in a folder), compare, check, index add, stream and the
Python API read it alike.

Each case says what a user gets: the exit code, one ``Error:`` line (never a traceback), the input named with the
reason it was skipped or read with a warning, and nothing stored lost (an index's article count never drops, and only
adding adds). The table crosses the entry points and no one module owns it (the readers say the words, each command
passes them on), so it is kept whole here, named for what it checks; the cases are in tests/_bad_input_cases.py."""

from __future__ import annotations

import codecs
import json
import re
import shutil
from pathlib import Path

import pytest

import dedup
from dedup.cli import app
from dedup.errors import DedupError

from _bad_input_files import WIRE
from _bad_input_cases import CASES, Case, FATAL, IDS, ONCE
from _bad_input_helpers import _articles, _error_line, _ok, index, runner, template  # noqa: F401 - fixtures


def _said(output: str, says: str | None) -> bool:
    """The input's name and the reason or warning are in the output (table cells or one line)."""
    flat = " ".join(output.replace("│", " ").split())
    return says is None or all(" ".join(part.split()) in flat for part in says.split(": "))


@pytest.fixture
def bad(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Case, Path]:
    case: Case = request.param
    folder = tmp_path / "in"
    folder.mkdir()
    return case, case.make(folder)


bad_cases = pytest.mark.parametrize("bad", CASES, ids=IDS, indirect=True)


# -- one bad file as the whole input -----------------------------------------------------------------


@bad_cases
def test_scan(bad: tuple[Case, Path]) -> None:
    case, path = bad
    result = runner.invoke(app, ["scan", str(path), "--no-align"], env={"COLUMNS": "200"})
    if not case.read:
        assert case.says in _error_line(result)
        return
    _ok(result)
    assert f"{case.articles} article" in result.stdout
    assert _said(result.stdout, case.says)


@bad_cases
def test_scan_folder_reads_the_rest(bad: tuple[Case, Path]) -> None:
    case, path = bad
    shutil.copy(WIRE, path.parent / "wire.txt")
    result = runner.invoke(app, ["scan", str(path.parent), "--no-align"], env={"COLUMNS": "300"})
    if case.name in FATAL:
        assert case.says in _error_line(result)
        return
    flat = " ".join(_ok(result).stdout.split())
    assert f"{1 + case.articles * case.read} article" in flat
    assert _said(result.stdout, case.says)


@bad_cases
def test_compare(bad: tuple[Case, Path]) -> None:
    case, path = bad
    result = runner.invoke(app, ["compare", str(path), str(WIRE), "--json"])
    if case.name in ONCE:  # its one article, the repeat read once said on stderr (it was "not one readable article")
        assert json.loads(_ok(result).stdout)["alignment"]["verdict"] == "wholly_derived"
        assert case.says in result.stderr and result.stderr.count("\n") == 1
    elif case.read and case.articles == 1 and ".jsonl" not in path.name:
        expected = "unrelated" if case.name == "20MB-article" else "wholly_derived"
        assert json.loads(_ok(result).stdout)["alignment"]["verdict"] == expected
        # what the article was read with, on stderr as check says it (compare said nothing: a verdict on
        # the first 1,000,000 characters of a 20 MB file, or on a guessed encoding, read as the file's)
        assert result.stderr.startswith(f"warning: {path.name}: {case.says}") if case.says else not result.stderr
        assert result.stderr.count("\n") == (case.says is not None)
    else:
        _error_line(result)


@bad_cases
def test_check(bad: tuple[Case, Path], index: Path) -> None:
    case, path = bad
    result = runner.invoke(app, ["check", str(index), str(path), "--no-align"])
    several = path.suffix == ".jsonl" and case.name not in FATAL | ONCE
    if case.name in ONCE:  # the article checked once, its repeat named: nothing left unchecked
        _ok(result)
        assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["feed-1"]
        assert case.says in result.stderr
    elif case.read and not several:
        _ok(result)
        assert case.says is None or f"warning: {path.name}: {case.says}" in result.stderr
    elif several:  # the good line checked, the bad one named, exit 1
        assert result.exit_code == 1 and result.stdout.startswith("feed-1\t")
        assert f"skipped {case.says}" in result.stderr and result.stderr.strip().splitlines()[-1].startswith("Error: ")
    else:
        assert case.says in _error_line(result)
    assert _articles(index) == 1  # check never adds


@bad_cases
def test_index_add(bad: tuple[Case, Path], index: Path) -> None:
    case, path = bad
    result = runner.invoke(app, ["index", "add", str(index), str(path)])
    if case.read:
        _ok(result)
        assert case.says is None or case.says in result.stderr
        assert _articles(index) == 1 + case.articles
    else:
        assert case.says in _error_line(result)
        assert _articles(index) == 1


@bad_cases
def test_stream(bad: tuple[Case, Path], index: Path) -> None:
    case, path = bad
    data = path.read_bytes()
    result = runner.invoke(app, ["stream", str(index), "--no-align"], input=data)
    if len(data.splitlines()) > 1000:  # a text of thousands of lines, no JSON in its first 1,000: "not JSONL", stopped
        assert result.exit_code == 1 and "not JSONL" in result.output and "Traceback" not in result.output
        assert _articles(index) == 1
        return
    if data.lstrip(b" \t\r\n").removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n").startswith(b"["):
        # a JSON list (an export of many articles): said at once, one line, nothing stored
        assert result.exit_code == 1 and "a JSON list of articles, not JSONL" in result.output
        assert "Traceback" not in result.output and _articles(index) == 1
        return
    if data.lstrip(b" \t\r\n").removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n").startswith(b"<"):
        # markup (a feed, a page): said at once, one line, nothing stored (it was an error object a line, exit 0)
        assert result.exit_code == 1 and "XML or HTML" in result.output and "not JSONL" in result.output
        assert "Traceback" not in result.output and _articles(index) == 1
        return
    _ok(result)  # a bad line gives an error object; the stream goes on
    out = [json.loads(line) for line in result.stdout.splitlines()]
    wide = data.startswith(codecs.BOM_UTF16_LE)  # read as UTF-16, as a file is
    # a line ends at "\n", "\r\n" or a lone "\r" (the "\r" bytes of a binary file too)
    lines = re.split("\r\n|\r|\n", data.decode("utf-16", "replace")) if wide else data.splitlines()
    # a line of white space, or of NULs and white space (a crashed writer's block), is no line: no answer
    nuls = "\x00 \t\r\n\f\v" if wide else b"\x00 \t\r\n\f\v"
    assert [o["line"] for o in out] == [n for n, line in enumerate(lines, start=1) if line.strip(nuls)]
    added = sum("matches" in o for o in out)
    if case.name in ("duplicate-ids", "repeated-article"):  # the same article added once (idempotent), another
        # text under its id refused: the stream answers each line as it comes, as an index add of one article does
        assert [o.get("id") for o in out] == ["feed-1", "feed-1"] and _articles(index) == 2
        assert ("matches" in out[1]) == (case.name == "repeated-article")
        return
    assert _articles(index) == 1 + added
    if path.suffix == ".jsonl":
        assert added == 1


@bad_cases
def test_python_api(bad: tuple[Case, Path]) -> None:
    case, path = bad
    if case.name in FATAL:
        with pytest.raises(DedupError, match=case.says):
            dedup.scan(path, align=False)
        return
    result = dedup.scan(path, align=False)
    assert len(result.documents) == (case.articles if case.read else 0)
    said = [s.reason for s in result.skipped] + list(result.warnings)
    assert case.says is None or any(case.says.split(": ")[-1] in s for s in said)
