"""A wrong command line is refused in dedup's words: one ``Error:`` line, exit code 2, naming the argument
or option and what it takes (it was typer's usage line, a hint, and "Invalid value for '--rows': Input
should be greater than or equal to 1" beside a help that says "at least 1")."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from dedup.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def refused(args: list[str]) -> str:
    """The one line a wrong command line gets (asserted: exit code 2, one line, no usage, no traceback)."""
    result = runner.invoke(app, args)
    lines = result.stderr.splitlines()
    assert result.exit_code == 2, (args, result.output)
    assert len(lines) == 1 and lines[0].startswith("Error: "), (args, result.stderr)
    assert "Usage:" not in result.output and "Traceback" not in result.output
    return lines[0].removeprefix("Error: ")


def test_a_missing_argument_is_named_with_what_it_takes_and_the_usage() -> None:
    line = refused(["scan"])
    assert ("scan needs PATH (folder (searched recursively), file (.eml .md .text .txt .htm .html .json .jsonl .ndjson "
            ".csv .tsv .atom .rss .xml), or - for JSONL on stdin); usage: ") in line and line.endswith("scan [OPTIONS] PATH"), line
    assert "compare needs B (second article file); usage: " in refused(["compare", "a.txt"])
    assert "index add needs LOCATION (index: a SQLite file" in refused(["index", "add"])
    assert "index remove needs ID (the article's id in the index" in refused(["index", "remove", "x.db"])


@pytest.mark.parametrize("command", [["scan"], ["check", "x.db"]])
def test_the_help_lists_every_suffix_the_reader_reads(command: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # scan's help listed 8 of the 14 suffixes read (no .csv, .tsv, .ndjson, .htm, .text, .eml), check's 9
    from dedup.formats import SHOWN_SUFFIXES, SUPPORTED_SUFFIXES

    monkeypatch.setenv("COLUMNS", "400")  # the help's lines unbroken
    shown = runner.invoke(app, [*command, "--help"]).stdout
    listed = set(re.findall(r"(?<![\w.])\.[a-z]+\b", shown.split("Options")[0]))
    assert set(SHOWN_SUFFIXES.split()) == SUPPORTED_SUFFIXES and SUPPORTED_SUFFIXES <= listed, listed


def test_a_missing_required_option_is_named_with_its_value_and_what_it_takes() -> None:
    line = refused(["index", "prune", "x.db"])
    assert "index prune needs --older-than AGE: age (30m, 12h, 7d, 2w) or ISO date" in line, line


@pytest.mark.parametrize("args, name, meant", [
    (["scan", "corpus", "--jsn", "x"], "--jsn", "did you mean --json?"),
    (["scan", "corpus", "--min-conf", "0.5"], "--min-conf", "did you mean --min-confidence or --min-words?"),
    (["scan", "corpus", "-x"], "-x", None),
    (["check", "x.db", "a.txt", "--bogus"], "--bogus", None),
    (["index", "add", "x.db", "corpus", "--quite"], "--quite", "did you mean --quiet?"),
])
def test_an_unknown_option_is_named_with_the_nearest_ones(args: list[str], name: str, meant: str | None) -> None:
    line = refused(args)
    assert f"has no option {name}" in line and "-h lists its options" in line, line
    assert (meant in line) if meant else "did you mean" not in line, line


@pytest.mark.parametrize("args, line", [
    (["scan", "corpus", "--rows", "x"], "--rows 'x': give a whole number, at least 1"),
    (["scan", "corpus", "--rows=ten"], "--rows 'ten': give a whole number, at least 1"),
    (["scan", "corpus", "--min-confidence", "high"], "--min-confidence 'high': give a number from 0 to 1"),
    (["serve", "x.db", "--port", "http"], "--port 'http': give a whole number from 1 to 65535"),
    (["scan", "corpus", "--workers", "2.5"], "--workers 2.5: give a whole number from 1 to 256"),
])
def test_a_value_that_is_no_number_says_what_number_the_option_takes(args: list[str], line: str) -> None:
    assert refused(args) == line


@pytest.mark.parametrize("args, line", [
    (["scan", "corpus", "--rows", "0"], "--rows 0: give a whole number, at least 1"),
    (["scan", "corpus", "--min-confidence", "2"], "--min-confidence 2: give a number from 0 to 1"),
    (["scan", "corpus", "--min-confidence=-0.1"], "--min-confidence -0.1: give a number from 0 to 1"),
    (["scan", "corpus", "--connect-timeout", "0"], "--connect-timeout 0: give a number from 0.1 to 86400"),
    (["index", "add", "x.db", "corpus", "--min-words", "-1"], "--min-words -1: give a whole number, at least 1"),
    (["scan", "corpus", "--max-bucket", str(10**20)],
     f"--max-bucket {10**20}: give a whole number from 2 to 9,223,372,036,854,775,807"),
])
def test_a_number_out_of_range_is_refused_with_the_range_the_help_gives(args: list[str], line: str) -> None:
    assert refused(args) == line


@pytest.mark.parametrize("args, line", [
    (["scan", "corpus", "--passages", "dense"], "--passages 'dense': no such setting; give one of default, thorough, sparse"),
    (["index", "add", "x.db", "corpus", "--passages", "x"],
     "--passages 'x': no such setting; give one of default, thorough, sparse"),
    (["scan", "corpus", "--engine", "spark"], "--engine 'spark': no such engine; choose one of local, dask"),
])
def test_a_bad_choice_names_the_option_and_its_choices(args: list[str], line: str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert refused(args) == line
    assert not list(tmp_path.iterdir())  # refused before any work: no index made


@pytest.mark.parametrize("age, words", [
    ("0d", "an age of 0 is every article; give one above 0, such as 30d"),
    ("000w", "an age of 0 is every article; give one above 0, such as 30d"),
    ("2999-01-01", "is still to come (every article added so far is older); give a date in the past"),
    ("soon", "is neither an age (30m, 12h, 7d, 2w) nor a date (ISO 8601 or RFC 2822)"),
])
def test_prune_refuses_an_age_as_every_other_option_refuses_a_value(age: str, words: str, tmp_path: Path) -> None:
    # "--older-than 0d" was exit 1, as if the index had failed, where every other value refused is exit 2
    db = tmp_path / "news.db"
    assert runner.invoke(app, ["index", "add", str(db), str(CORPUS)]).exit_code == 0
    before = db.read_bytes()
    assert refused(["index", "prune", str(db), "--older-than", age]) == f"--older-than {age!r}: {words}"
    assert db.read_bytes() == before  # refused before the index was opened
    # an index not there: the value is still what is refused, before the world is looked at
    assert refused(["index", "prune", str(tmp_path / "none.db"), "--older-than", age]).startswith("--older-than")


def test_an_option_without_its_value_or_a_switch_given_one() -> None:
    assert refused(["scan", "corpus", "--rows"]) == "--rows needs a value (N): a whole number, at least 1"
    assert refused(["index", "prune", "x.db", "--older-than"]).startswith(
        "--older-than needs a value (AGE): age (30m, 12h, 7d, 2w) or ISO date")
    assert refused(["scan", "corpus", "--quiet=3"]) == "--quiet takes no value: it is a switch, given alone (--quiet, " \
                                                       "not --quiet=...)"


def test_more_arguments_than_the_command_takes() -> None:
    line = refused(["compare", "a.txt", "b.txt", "c.txt"])
    assert "compare takes A and B only; left over: c.txt (usage: " in line and "compare [OPTIONS] A B" in line, line
    assert "scan takes PATH only; left over: two" in refused(["scan", "one", "two"])


def test_an_unknown_command_names_the_nearest_and_every_command() -> None:
    line = refused(["scna"])
    assert "has no command 'scna' (did you mean scan?); its commands: scan, compare, check, stream, serve, index" in line
    line = refused(["index", "ad"])
    assert "index has no command 'ad' (did you mean add?); its commands: add, stats, remove, prune" in line, line


def _value_options() -> list[tuple[list[str], str, str]]:
    """(the command's words, an option taking a number, the kind of number) of every command."""
    found = []

    def walk(command, words):  # type: ignore[no-untyped-def]
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*words, name])
        for param in command.params if not hasattr(command, "commands") else ():
            kind = getattr(getattr(param, "type_descriptor", None), "annotation", None)
            kind = kind if kind in (int, float) else {"integer": int, "float": float}.get(getattr(getattr(param, "type", None), "name", ""))
            if param.param_type_name == "option" and kind in (int, float):
                found.append((words, max(param.opts, key=len), "a whole number" if kind is int else "a number"))

    walk(get_command(app), [])
    return found


@pytest.mark.parametrize("words, option, kind", _value_options())
def test_every_number_option_of_every_command_refuses_a_word_in_one_line(words: list[str], option: str,
                                                                        kind: str) -> None:
    arguments = {"scan": ["corpus"], "compare": ["a", "b"], "check": ["x.db", "a"], "stream": ["x.db"],
                 "serve": ["x.db"], "add": ["x.db", "corpus"], "remove": ["x.db", "id"], "prune": ["x.db"],
                 "stats": ["x.db"]}[words[-1]]
    line = refused([*words, *arguments, option, "many"])
    assert line.startswith(f"{option} 'many': give {kind}"), line


def test_every_command_refuses_an_unknown_option_in_one_line() -> None:
    commands = [["scan"], ["compare"], ["check"], ["stream"], ["serve"], ["index", "add"], ["index", "stats"],
                ["index", "remove"], ["index", "prune"], ["index"], []]
    for words in commands:
        assert "has no option --nonsense" in refused([*words, "--nonsense"]), words


@pytest.mark.parametrize("args, line", [
    (["scan", "no-such-folder"], "no-such-folder: no such file or folder"),
    (["compare", "no-such.txt", "corpus/README.md"], "no-such.txt: no such file"),
    (["check", "no-such.db", "corpus"], "no-such.db: no such index (dedup index add no-such.db <corpus> creates one)"),
])
def test_a_path_that_does_not_exist_is_one_line_naming_it(args: list[str], line: str, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # an input that is not there is an input error (1), as an empty folder is: a feed's folder not yet mounted
    # must not read as a command line typed wrong; one line, naming the path
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and result.stderr.splitlines() == [f"Error: {line}"], result.output


def test_the_installed_command_refuses_in_one_line_too() -> None:
    done = subprocess.run([sys.executable, "-m", "dedup", "scan", str(CORPUS), "--rows", "0"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == ["Error: --rows 0: give a whole number, at least 1"], done.stderr
