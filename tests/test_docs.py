"""Docs that cannot drift: every CLI command and option is documented, and the README's Python runs."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import typer

from dedup.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _docs_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in DOCS)


def _commands(command: Any, prefix: str = "dedup") -> list[tuple[str, Any]]:
    found = [(prefix, command)]
    if hasattr(command, "commands"):  # a group (typer may bring its own click classes)
        for name, sub in sorted(command.commands.items()):
            found += _commands(sub, f"{prefix} {name}")
    return found


COMMANDS = _commands(typer.main.get_command(app))


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_and_option_is_documented(name: str, command: Any) -> None:
    text = _docs_text()
    assert len(COMMANDS) >= 10  # scan, compare, check, stream, serve, index and its commands
    assert re.search(rf"{re.escape(name)}\b", text), f"{name} is not in README or docs/"
    for param in command.params:
        if param.param_type_name == "option":
            options = [o for o in param.opts + param.secondary_opts if o.startswith("--") and o != "--help"]
            assert any(o in text for o in options), f"{name} {'/'.join(options)} is not in README or docs/"


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_argument_says_what_it_takes(name: str, command: Any) -> None:
    bare = [p.name for p in command.params if p.param_type_name == "argument" and not getattr(p, "help", None)]
    assert not bare, f"{name}: arguments without help in --help: {bare}"


def _python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def test_readme_python_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    blocks = _python_blocks(ROOT / "README.md")
    assert len(blocks) >= 2
    (tmp_path / "corpus").symlink_to(ROOT / "corpus")
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {"__name__": "readme"})  # noqa: S102 - our own README
    printed = capsys.readouterr().out
    assert "duplicate" in printed and "rewrite" in printed  # the examples did their work


def test_ingest_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (block,) = _python_blocks(ROOT / "docs" / "ingest.md")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "incoming").mkdir()
    (tmp_path / "incoming" / "partner-story.txt").write_text(
        (ROOT / "corpus" / "citypaper" / "port-strike.txt").read_text(encoding="utf-8"), encoding="utf-8")
    exec(compile(block, "docs/ingest.md", "exec"), {"__name__": "ingest"})  # noqa: S102 - self-contained, as a reader runs it
    assert (tmp_path / "news.db").exists() and os.path.getsize(tmp_path / "news.db") > 0
