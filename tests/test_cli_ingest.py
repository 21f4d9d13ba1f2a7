"""``dedup check``, ``stream`` and ``serve`` (dedup/cli/ingest.py) end to end, and ``check``'s lines for a person:
tab-separated to a file or a pipe, laid out to a narrow terminal's width."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dedup.cli import app

from conftest import CORPUS
from _cli_helpers import SEED_REWRITE, SEED_WIRE, _one_error_line, runner


def _index(tmp_path: Path) -> Path:
    db = tmp_path / "news.db"
    assert runner.invoke(app, ["index", "add", str(db), str(SEED_WIRE), "-q"]).exit_code == 0
    return db


def test_check_checks_every_article_of_a_feed_and_names_bad_lines(tmp_path: Path) -> None:
    db = _index(tmp_path)
    feed = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": "rewrite", "text": SEED_REWRITE.read_text()}), "{broken",
             json.dumps({"id": "copy", "text": SEED_WIRE.read_text() + " More to follow."})]
    feed.write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, ["check", str(db), str(feed), "--no-align"])
    assert result.exit_code == 1
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["rewrite", "copy"]
    assert "copy\tbelarus-china-drills.txt\tduplicate" in result.stdout
    assert "skipped feed.jsonl:2: malformed JSON line" in result.stderr
    assert result.stderr.strip().endswith("Error: 1 input of " + str(feed) + " not checked (named above)")
    as_json = runner.invoke(app, ["check", str(db), str(feed), "--no-align", "--json"])
    assert [json.loads(line)["id"] for line in as_json.stdout.splitlines()] == ["rewrite", "copy"]


def test_check_of_a_folder_fails_for_an_unread_article_not_for_a_readme(tmp_path: Path) -> None:
    db = _index(tmp_path)
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "rewrite.txt").write_text(SEED_REWRITE.read_text())
    (folder / "README.md").write_text("What this folder holds.")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n")
    result = runner.invoke(app, ["check", str(db), str(folder), "--no-align"])
    assert result.exit_code == 0, result.output
    assert "skipped README.md: not an article" in result.stderr and "skipped photo.png: unsupported file type" in result.stderr
    assert result.stdout.startswith("rewrite.txt\t")
    (folder / "empty.txt").write_text("   ")
    result = runner.invoke(app, ["check", str(db), str(folder), "--no-align"])
    assert result.exit_code == 1
    assert result.stderr.strip().endswith(f"Error: 1 input of {folder} not checked (named above)")


def test_check_shows_reading_warnings(tmp_path: Path) -> None:
    db = _index(tmp_path)
    article = tmp_path / "latin.txt"
    article.write_bytes(SEED_REWRITE.read_text().replace("minister", "ministère").encode("cp1252") + b"\x00")
    result = runner.invoke(app, ["check", str(db), str(article)])
    assert result.exit_code == 0
    assert "warning: latin.txt: not UTF-8; read as Windows-1252" in result.stderr
    assert "warning: latin.txt: 1 control character (such as NUL) dropped" in result.stderr


def test_json_errors_name_the_column_once() -> None:
    line = '{"id": "x", "text": "a\tb"}\n'  # a raw tab inside a JSON string is invalid
    result = runner.invoke(app, ["stream", ":memory:"], input=line)
    error = json.loads(result.stdout)["error"]
    assert "at column" in error and "at at" not in error


def test_serve_refuses_a_public_address_without_allow_remote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    uvicorn = pytest.importorskip("uvicorn")
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("the server was started"))
    result = runner.invoke(app, ["serve", str(tmp_path / "n.db"), "--host", "0.0.0.0"])
    assert "--allow-remote" in _one_error_line(result)
    assert "--allow-remote" in runner.invoke(app, ["serve", "-h"], env={"COLUMNS": "200"}).output
    assert list(tmp_path.iterdir()) == []


def test_check_says_it_reads_no_standard_input_and_names_what_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # it said "-: no such file or folder", as if a file named "-" were missing
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", str(tmp_path / "news.db"), "-"], input="{}\n")
    line = _one_error_line(result, 2)
    assert "not standard input" in line and "stream LOCATION --check-only" in line and "no such file" not in line


# -- dedup check's lines for a person: tab-separated to a file or a pipe, laid out to a narrow terminal's width


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


@pytest.mark.parametrize(("stop", "code"), [("KeyboardInterrupt", 130), ("Terminated", 143), ("HungUp", 129)])
@pytest.mark.parametrize("check_only", [False, True])
def test_a_stream_stopped_says_where_to_give_the_feed_again(stop: str, code: int, check_only: bool, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # it said "interrupted" alone: which lines had been answered, and stored, was left to guess
    from dedup.cli import failures
    from dedup.index import stream
    from dedup.index import Index

    real = stream.stream_results

    def stopped_after_two(index: object, lines: object, **options: object) -> object:
        for answered, result in enumerate(real(index, lines, **options)):
            if answered == 2:
                raise KeyboardInterrupt() if stop == "KeyboardInterrupt" else getattr(failures, stop)()
            yield result

    db = tmp_path / "news.db"
    Index.open(str(db)).close()
    feed = "".join(json.dumps({"id": f"a{n}", "text": f"story {n} " + "word " * 40}) + "\n" for n in range(5))
    monkeypatch.setattr(stream, "stream_results", stopped_after_two)
    result = runner.invoke(app, ["stream", str(db), *(["--check-only"] if check_only else [])], input=feed)
    assert result.exit_code == code and [json.loads(line)["line"] for line in result.stdout.splitlines()] == [1, 2]
    if check_only:
        assert result.stderr == "Error: interrupted after line 2 was answered: give the feed again from line 3\n"
    else:
        assert result.stderr == ("Error: interrupted after line 2 was answered (the articles of the lines answered are "
                                 "stored and kept): give the feed again from line 3 (an article stored is answered "
                                 "again, not stored twice)\n")
    with Index.open(str(db)) as index:
        # the third line's article stored before its answer was given: given again, it is answered, not stored twice
        assert index.stats()["articles"] == (0 if check_only else 3)
