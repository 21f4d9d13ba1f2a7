"""``dedup check``'s lines for a person: tab-separated to a file or a pipe, laid out to a narrow terminal's width."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dedup.cli import app

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = tmp_path_factory.mktemp("check") / "news.db"
    assert CliRunner().invoke(app, ["index", "add", str(db), str(CORPUS)]).exit_code == 0
    return str(db)


def _on_terminal(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    from dedup.cli import ingest

    monkeypatch.setattr(ingest, "_on_terminal", lambda stream: True)
    monkeypatch.setattr("shutil.get_terminal_size", lambda *a, **k: os.terminal_size((width, 24)))


@pytest.mark.parametrize("width", [60, 80], ids=["60 columns", "80 columns"])
def test_a_match_is_laid_out_to_a_narrow_terminal_with_every_field(index: str, width: int,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # each match's line ran to about 200 characters, tabs a column apart: a 60-column terminal cut ids, numbers
    # and titles mid-word, run together
    piped = CliRunner().invoke(app, ["check", index, str(CORPUS)])
    matches = [line.split("\t") for line in piped.stdout.splitlines() if "\tconfidence=" in line]
    assert piped.exit_code == 0 and len(matches) >= 10 and all(len(m) == 9 for m in matches)
    assert any(len("\t".join(m).expandtabs()) > width for m in matches)
    _on_terminal(monkeypatch, width)
    shown = CliRunner().invoke(app, ["check", index, str(CORPUS)])
    lines = shown.stdout.splitlines()
    assert shown.exit_code == 0 and all(len(line.expandtabs()) <= width for line in lines), lines
    # the same fields, in order, each match's first line at the left margin and the rest indented
    starts = [k for k, line in enumerate(lines) if not line.startswith("  ")]
    blocks = [" ".join(lines[k:end]).split() for k, end in zip(starts, [*starts[1:], len(lines)])]
    words = [" ".join(m).split() for m in matches]
    assert [b for b in blocks if any(w.startswith("confidence=") for w in b)] == words


def test_one_article_checked_on_a_narrow_terminal_keeps_its_fields(index: str, monkeypatch: pytest.MonkeyPatch) -> None:
    article = str(CORPUS / "globalwire" / "port-strike.json")
    piped = CliRunner().invoke(app, ["check", index, article]).stdout.splitlines()
    assert len(piped) == 2 and all(line.count("\t") == 7 for line in piped)
    _on_terminal(monkeypatch, 60)
    lines = CliRunner().invoke(app, ["check", index, article]).stdout.splitlines()
    assert len(lines) > 2 and all(len(line) <= 60 for line in lines), lines
    assert lines[0].startswith("coastnews/port-strike-reprint.json  duplicate") and lines[1].startswith("  confidence=")
    assert " ".join(" ".join(lines).split()) == " ".join(" ".join(piped).split())


def test_a_line_that_fits_the_terminal_is_left_as_it_is(index: str, monkeypatch: pytest.MonkeyPatch) -> None:
    piped = CliRunner().invoke(app, ["check", index, str(CORPUS)]).stdout
    _on_terminal(monkeypatch, 400)
    assert CliRunner().invoke(app, ["check", index, str(CORPUS)]).stdout == piped
