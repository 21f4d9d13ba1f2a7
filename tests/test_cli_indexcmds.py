"""``dedup index add`` and its siblings (dedup/cli/indexcmds.py): what an add counts and keeps."""

from __future__ import annotations

import json
from pathlib import Path

from dedup.cli import app

from conftest import CORPUS
from _cli_helpers import SEED_WIRE, runner


def test_an_index_keeps_its_passage_setting(tmp_path: Path) -> None:
    db = str(tmp_path / "i.db")
    assert runner.invoke(app, ["index", "add", db, str(CORPUS / "newswire"), "-q", "--passages", "thorough"]).exit_code == 0
    again = runner.invoke(app, ["index", "add", db, str(CORPUS / "eastdesk"), "-q"])  # not given: the index's own
    assert again.exit_code == 0, again.output
    other = runner.invoke(app, ["index", "add", db, str(CORPUS / "eastdesk"), "-q", "--passages", "default"])
    assert other.exit_code == 1 and "Traceback" not in other.output
    assert other.output.strip() == (f"Error: {db} was made with --passages thorough (given: default): leave out "
                                    "--passages to add to it with its own, or give a new index")
    assert json.loads(runner.invoke(app, ["index", "stats", db]).output)["passages"] == "thorough"
    plain = str(tmp_path / "plain.db")
    assert runner.invoke(app, ["index", "add", plain, str(CORPUS / "newswire"), "-q"]).exit_code == 0
    assert json.loads(runner.invoke(app, ["index", "stats", plain]).output)["passages"] == "default"


def test_index_add_names_each_skipped_input(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "wire.txt").write_text(SEED_WIRE.read_text())
    (corpus / "photo.txt").write_bytes(bytes(range(256)) * 4)
    result = runner.invoke(app, ["index", "add", str(tmp_path / "n.db"), str(corpus)])
    assert result.exit_code == 0
    assert "skipped photo.txt: binary file" in result.stderr
    assert result.stdout.strip() == "1 article added, 0 already indexed, 0 of those added matched earlier articles, " \
                                    "1 input skipped"


def test_index_add_again_counts_no_match_of_an_article_it_did_not_add(tmp_path: Path) -> None:
    # run again on an indexed corpus it said "0 articles added, 11 already indexed, 4 matched earlier articles":
    # the matches recorded when they were added, counted as if found now
    db = str(tmp_path / "n.db")
    first = runner.invoke(app, ["index", "add", db, str(CORPUS)])
    again = runner.invoke(app, ["index", "add", db, str(CORPUS)])
    assert first.exit_code == 0 and again.exit_code == 0
    assert first.stdout == "11 articles added, 0 already indexed, 4 of those added matched earlier articles, 1 input skipped\n"
    assert again.stdout == "0 articles added, 11 already indexed, 0 of those added matched earlier articles, 1 input skipped\n"
    more = tmp_path / "more"
    more.mkdir()
    (more / "reprint.txt").write_text((CORPUS / "newswire" / "belarus-china-drills.txt").read_text() + "\n\nMore later.")
    (more / "own.txt").write_text("The county council voted on Tuesday to keep the library in Marsh Lane open on "
                                  "Saturdays after a petition signed by four hundred residents, the clerk said. "
                                  "Opening hours on weekdays are unchanged, and the cafe will reopen in the spring.")
    both = runner.invoke(app, ["index", "add", db, str(more)])
    assert both.exit_code == 0
    assert both.stdout.startswith("2 articles added, 0 already indexed, 1 of those added matched earlier articles"), both.stdout
