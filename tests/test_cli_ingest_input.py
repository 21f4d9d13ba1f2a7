"""``dedup check`` and ``dedup stream`` (dedup.cli.ingest) given ids and lines that could break a line of their
output, and an output that takes nothing: check's lines hold one article each, a stream's answer that cannot be
written is named with its line. Beside tests/test_cli_ingest.py, whose ``index`` is another index (the corpus's,
one for the module)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import dedup
from dedup.cli import app

from _bad_input_files import TEXT
from conftest import CORPUS
from _bad_input_helpers import LONG_ID, _articles, _ok, index, runner, template  # noqa: F401 - fixtures


def test_check_lines_hold_one_article_each_whatever_its_id(index: Path, tmp_path: Path) -> None:
    # an id with a line break or a tab made two lines, or one field more, of a line of tab-separated fields
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"id": i, "text": TEXT}) for i in ("wire\n7", "wire\t8", "../x")) + "\n")
    lines = _ok(runner.invoke(app, ["check", str(index), str(feed), "--no-align"])).stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["wire\ufffd7", "wire\ufffd8", "../x"]
    assert {len(line.split("\t")) for line in lines} == {9}


def test_a_long_id_is_cut_in_checks_lines_and_error_lines(index: Path, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": LONG_ID, "text": TEXT}) + "\n" + json.dumps({"id": "short", "text": TEXT}) + "\n")
    lines = runner.invoke(app, ["check", str(index), str(feed)])
    assert lines.exit_code == 0 and len(lines.output) < 2_000 and "…" in lines.output
    whole = runner.invoke(app, ["check", str(index), str(feed), "--json"])  # machines get the id whole
    assert json.loads(whole.output.splitlines()[0])["id"] == LONG_ID
    twice = tmp_path / "twice.jsonl"
    twice.write_text("".join(json.dumps({"id": LONG_ID, "text": TEXT + end}) + "\n" for end in ("", " Updated.")))
    result = runner.invoke(app, ["scan", str(twice)])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and len(result.stderr) < 500
    assert result.stderr.startswith("Error: duplicate article id 'wire/xxx") and "…" in result.stderr


def _stream_to_full(args: list[str], feed: bytes) -> "subprocess.CompletedProcess[bytes]":
    """``python -m dedup stream ARGS < FEED > /dev/full``."""
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(CORPUS.parent)}
    with open("/dev/full", "wb") as full:
        return subprocess.run([sys.executable, "-m", "dedup", "stream", *args], env=env, input=feed, stdout=full,
                              stderr=subprocess.PIPE, timeout=120)


_FULL = "Error: No space left on device (writing standard output, which takes no more: give the command an output with room); "


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("check_only", [False, True], ids=["add", "check-only"])
def test_a_stream_whose_answer_cannot_be_written_says_which_line_and_what_became_of_its_article(
        check_only: bool, index: Path) -> None:
    # was "No space left on device (...)" alone: the article of the line was stored (and is kept: it is sound),
    # and nothing said which, nor where to give the feed again
    feed = b"\n" + json.dumps({"id": "lost-answer", "text": TEXT}).encode() + b"\n" + b'{"id": "next", "text": "x"}\n'
    done = _stream_to_full([str(index)] + (["--check-only"] if check_only else []), feed)
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    if check_only:
        said = "line 2, article 'lost-answer', was checked (nothing stored)"
    else:
        said = ("line 2, article 'lost-answer', was stored (and kept: the index is sound)")
    assert done.stderr.decode() == (_FULL + said + ", its answer not written; the lines before it were answered: give "
                                    "the feed again from line 2" + ("" if check_only else " (an article stored is "
                                    "answered again, not stored twice)") + "\n")
    assert _articles(index) == (1 if check_only else 2)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_a_stream_whose_answer_to_a_bad_line_cannot_be_written_says_nothing_was_stored(index: Path) -> None:
    done = _stream_to_full([str(index)], b'{"id": 5}\n')
    assert done.returncode == 1
    assert done.stderr.decode() == (_FULL + "line 1 was refused (nothing stored), its answer not written: give the "
                                    "feed again from line 1 (an article stored is answered again, not stored twice)\n")
    assert _articles(index) == 1


def test_check_lines_are_lines_to_splitlines_whatever_an_id_or_title_holds(index: Path, tmp_path: Path) -> None:
    # Unicode's line and paragraph separators (U+2028, U+2029) in an id or a title made two lines of one to
    # str.splitlines and JavaScript, which read check's output, and of the terminal's report to some
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"id": i, "text": TEXT, "title": f"Drills{i[-2:]}"})
                              for i in ("wire\u20287", "wire\u20298")) + "\n")
    out = _ok(runner.invoke(app, ["check", str(index), str(feed), "--no-align"])).stdout
    assert out.splitlines() == out.split("\n")[:-1] and len(out.splitlines()) == 2
    assert [line.split("\t")[0] for line in out.splitlines()] == ["wire\ufffd7", "wire\ufffd8"]
    assert [d.title for d in dedup.read_corpus(feed).documents] == ["Drills 7", "Drills 8"]  # a break is a space
