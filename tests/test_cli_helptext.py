"""Every command's ``--help`` (dedup/cli/helptext.py): short flags, ranges in words, names within the terminal."""

from __future__ import annotations

import re

import pytest

from dedup.cli import app

from conftest import CORPUS
from _cli_helpers import runner


def test_short_help_flag_everywhere() -> None:
    for command in ([], ["scan"], ["index"], ["index", "add"], ["check"], ["serve"]):
        result = runner.invoke(app, [*command, "-h"])
        assert result.exit_code == 0 and "Usage:" in result.output, command


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
