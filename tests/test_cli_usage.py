"""Usage errors in one line (dedup/cli/usage.py)."""

from __future__ import annotations

from dedup.cli import app

from conftest import CORPUS
from _cli_helpers import runner


def test_bad_option_is_a_usage_error() -> None:
    result = runner.invoke(app, ["scan", str(CORPUS), "--max-bucket", "1"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_a_value_given_to_a_switch_is_said_to_be_the_switchs() -> None:
    # "dedup compare a b --json out.json", as scan's --json takes a file, read "compare takes A and B only; left
    # over: out.json": the reader was told of arguments, not that --json takes none
    a, b = (str(CORPUS / name) for name in ("newswire/belarus-china-drills.txt", "eastdesk/belarus-china-drills.txt"))
    result = runner.invoke(app, ["compare", a, b, "--json", "out.json"])
    line = result.output.strip()
    assert result.exit_code == 2 and len(line.splitlines()) == 1, result.output
    assert line.startswith("Error: --json takes no value: it is a switch, given alone; it prints on standard output: "
                           "'> FILE' writes a file; left over: out.json (usage: "), line
    quiet = runner.invoke(app, ["scan", str(CORPUS), "-q", "extra"]).output.strip()
    assert quiet.startswith("Error: -q takes no value: it is a switch, given alone; left over: extra"), quiet
    # an argument too many after another argument is still that
    extra = runner.invoke(app, ["compare", a, b, "c.txt"]).output
    assert "compare takes A and B only; left over: c.txt" in extra
