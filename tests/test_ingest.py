"""The ingest CLI commands (``dedup index``, ``check``, ``stream``) and the stream's reading; the Index API's
own tests mirror its modules (``test_index.py``, ``test_index_intake.py``, ``test_index_matching.py``,
``test_index_storing.py``, ``test_index_opening.py``, ``test_index_settings.py``)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from _ingest_fixtures import location, redis_url, synthetic_article  # noqa: F401 - fixtures
from dedup.cli import app
from dedup.documents import Document
from dedup.errors import InputError
from dedup.index import Index
from dedup.index.stream import parse_age
from dedup.pipeline import scan
from dedup.reading import read_corpus
from test_index import CORPUS, REPRINT, WIRE


@pytest.mark.parametrize("value,expected", [
    ("7d", timedelta(days=7)), ("12h", timedelta(hours=12)), ("2w", timedelta(weeks=2)),
    ("2003-06-10T04:00:00Z", datetime(2003, 6, 10, 4, tzinfo=timezone.utc)),
    ("Tue, 10 Jun 2003 04:00:00 EST", datetime(2003, 6, 10, 9, tzinfo=timezone.utc)),  # as an article's date is read
])
def test_parse_age(value: str, expected: timedelta) -> None:
    assert parse_age(value) == expected


# -- CLI -----------------------------------------------------------------------------------------------

def test_cli_add_stats_check(tmp_path: Path) -> None:
    runner, db = CliRunner(), str(tmp_path / "news.db")
    result = runner.invoke(app, ["index", "add", db, str(CORPUS)])
    assert result.exit_code == 0 and "11 articles added" in result.output
    assert json.loads(runner.invoke(app, ["index", "stats", db]).output)["articles"] == 11
    result = runner.invoke(app, ["check", db, str(CORPUS / "citypaper" / "port-strike.txt"), "--json"])
    assert result.exit_code == 0
    # the stored file checked again by its path: the others, not itself (said on stderr)
    assert {m["id"] for m in json.loads(result.stdout)["matches"]} >= {"globalwire/port-strike.json"}
    assert "citypaper/port-strike.txt" not in {m["id"] for m in json.loads(result.stdout)["matches"]}


def test_cli_check_confirms_a_rewrite_unless_told_not_to_align(tmp_path: Path) -> None:
    runner, db = CliRunner(), str(tmp_path / "news.db")
    assert runner.invoke(app, ["index", "add", db, str(CORPUS / "newswire")]).exit_code == 0
    rewrite = str(CORPUS / "eastdesk" / "belarus-china-drills.txt")
    verdicts = {}
    for flags in ([], ["--no-align"]):
        result = runner.invoke(app, ["check", db, rewrite, "--json", *flags])
        assert result.exit_code == 0
        (match,) = json.loads(result.output)["matches"]
        verdicts[tuple(flags)] = (match["verdict"], match["confidence"])
    # a heavy rewrite either way, near certain either way: the two are judged by two models fitted apart
    # (with and without the alignment's features), which agree within a point on a pair this sure
    assert verdicts[()][0] == verdicts[("--no-align",)][0] == "rewrite"
    assert min(verdicts[()][1], verdicts[("--no-align",)][1]) > 0.95
    assert abs(verdicts[()][1] - verdicts[("--no-align",)][1]) < 0.01


def test_cli_stream_reports_bad_lines_and_goes_on(tmp_path: Path) -> None:
    lines = [json.dumps(WIRE.to_dict()), "{not json", json.dumps({"id": "s", "text": "too short"}), json.dumps(REPRINT.to_dict())]
    result = CliRunner().invoke(app, ["stream", str(tmp_path / "news.db")], input="\n".join(lines) + "\n")
    out = [json.loads(line) for line in result.output.splitlines()]
    assert result.exit_code == 0 and [o["line"] for o in out] == [1, 2, 3, 4]
    assert "malformed JSON" in out[1]["error"] and "too short" in out[2]["error"]
    assert [m["id"] for m in out[3]["matches"]] == ["wire-1"]
    # an article refused names itself where its line gives an id (a feed's engineer asks: too short, which one?)
    assert out[2]["id"] == "s" and "id" not in out[1]


def test_a_stream_given_again_says_which_articles_were_stored_before(tmp_path: Path) -> None:
    # a client's copy stored before its source answered "matches": [] when the feed was given again, where a
    # check of it lists the source: the answer recorded when it was stored, said to be that
    db = str(tmp_path / "news.db")
    first = CliRunner().invoke(app, ["stream", db], input=json.dumps(REPRINT.to_dict()) + "\n")
    assert "stored_before" not in json.loads(first.output)
    lines = [json.dumps(REPRINT.to_dict()), json.dumps(WIRE.to_dict())]
    again = CliRunner().invoke(app, ["stream", db], input="\n".join(lines) + "\n")
    out = [json.loads(line) for line in again.output.splitlines()]
    assert again.exit_code == 0 and out[0]["stored_before"] is True and out[0]["matches"] == []
    assert "stored_before" not in out[1] and [m["id"] for m in out[1]["matches"]] == [REPRINT.id]
    checked = CliRunner().invoke(app, ["check", db, "--json", str(_written(tmp_path, REPRINT))])
    assert [m["id"] for m in json.loads(checked.output.splitlines()[0])["matches"]] == [WIRE.id]
    only = CliRunner().invoke(app, ["stream", db, "--check-only"], input=json.dumps(REPRINT.to_dict()) + "\n")
    assert "stored_before" not in json.loads(only.output)  # a check adds nothing: nothing was stored by it


def _written(root: Path, doc: Any) -> Path:
    path = root / "article.json"
    path.write_text(json.dumps(doc.to_dict()), encoding="utf-8")
    return path


def test_a_line_too_long_to_hold_is_read_past_with_an_error_and_the_stream_goes_on(tmp_path: Path) -> None:
    import io

    from dedup.lines import stdin_lines
    from dedup.index.stream import stream_results

    huge = json.dumps({"id": "huge", "text": "word " * 400})
    feed = "\n".join([json.dumps(WIRE.to_dict()), huge, json.dumps(REPRINT.to_dict())]).encode() + b"\n"
    with Index.open(tmp_path / "news.db") as index:
        out = [json.loads(line) for line in stream_results(index, stdin_lines(io.BytesIO(feed), most=1500))]
        assert [o["line"] for o in out] == [1, 2, 3]
        assert out[1] == {"line": 2, "error": f"line too long ({len(huge):,} bytes; at most 1,500 are read): left out"}
        assert [m["id"] for m in out[2]["matches"]] == ["wire-1"] and not index.contains("huge")


def test_cli_stream_of_nothing_makes_no_index_and_a_bad_one_is_said_at_once(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["stream", str(tmp_path / "typo.db")], input="")
    assert result.exit_code == 0 and result.output == "" and list(tmp_path.iterdir()) == []
    (tmp_path / "notes.db").write_text("my notes, not an index\n" * 50)
    refused = CliRunner().invoke(app, ["stream", str(tmp_path / "notes.db")], input="")
    assert refused.exit_code == 1 and "not a dedup index" in refused.output
    missing = CliRunner().invoke(app, ["stream", str(tmp_path / "no" / "news.db")], input="")
    assert missing.exit_code == 1 and "the folder does not exist" in missing.output


def test_cli_stream_stops_quietly_when_its_reader_does(tmp_path: Path) -> None:
    # `dedup stream news.db | head -1`: the reader goes away; the stream stops as a filter does (the
    # status of a pipe closed under it), without an error line
    import os
    import subprocess
    import sys

    incoming = tmp_path / "incoming.jsonl"
    incoming.write_bytes(b"{not json\n" * 20000)  # an error object each: far more than a pipe holds
    with incoming.open("rb") as stdin:
        proc = subprocess.Popen([sys.executable, "-m", "dedup", "stream", str(tmp_path / "news.db")],
                                stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env={**os.environ, "PYTHONPATH": str(CORPUS.parent)})
    assert proc.stdout is not None and proc.stderr is not None
    assert json.loads(proc.stdout.readline())["line"] == 1
    proc.stdout.close()
    assert proc.wait(timeout=60) == 141
    assert proc.stderr.read() == b""


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    Index.open(db).close()
    result = CliRunner().invoke(app, ["index", "remove", db, "missing"])
    assert result.exit_code == 1 and "Error: no article 'missing'" in result.output
    result = CliRunner().invoke(app, ["index", "prune", db, "--older-than", "soon"])
    assert result.exit_code == 2 and "Error: --older-than 'soon':" in result.output  # a usage error


def test_a_story_carried_word_for_word_by_55_outlets_is_indexed_and_found(tmp_path: Path) -> None:
    # Its 5-grams are in 55 of 57 articles: counted as boilerplate, they left the story nothing to be
    # indexed by ("too few distinct word sequences") and a scan nothing to pair.
    feed = tmp_path / "feed"
    feed.mkdir()
    story = (CORPUS / "citypaper" / "port-strike.txt").read_text(encoding="utf-8")
    for k in range(55):
        (feed / f"outlet{k:02d}.txt").write_text(story, encoding="utf-8")
    for other in ("metrotribune/football-derby.txt", "newswire/belarus-china-drills.txt"):
        (feed / Path(other).name).write_text((CORPUS / other).read_text(encoding="utf-8"), encoding="utf-8")
    db = str(tmp_path / "news.db")
    result = CliRunner().invoke(app, ["index", "add", db, str(feed), "-q"])
    assert result.exit_code == 0 and "too few" not in result.output, result.output
    with Index.open(db, create=False) as index:
        assert index.stats()["articles"] == 3  # the text once, and the two others
        assert [(m.id, m.verdict) for m in index.check(Document("late", story + " (Reporting by staff)"))] == [
            ("outlet00.txt", "duplicate")]
    scanned = scan(read_corpus(feed), max_bucket=60)
    assert sum(p.verdict == "duplicate" for p in scanned.pairs) == 55 * 54 // 2


def test_index_add_records_min_words_in_a_new_index(tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    feed.mkdir()
    (feed / "short.txt").write_text("Port of Harlow reopens after the strike ends on Friday night, union leaders "
                                    "and managers said in a statement.")  # 19 words
    (feed / "long.txt").write_text((CORPUS / "citypaper" / "port-strike.txt").read_text(encoding="utf-8"))
    db = str(tmp_path / "news.db")
    result = CliRunner().invoke(app, ["index", "add", db, str(feed), "--min-words", "5"])
    assert result.exit_code == 0 and result.stdout.startswith("2 articles added"), result.output
    with Index.open(db, create=False) as index:
        assert index.min_words == 5
    again = CliRunner().invoke(app, ["index", "add", db, str(feed)])  # no --min-words: the index's own
    assert again.exit_code == 0 and again.stdout.startswith("0 articles added, 1 already indexed"), again.output


def test_index_add_says_under_which_id_a_text_is_stored_already(tmp_path: Path) -> None:
    # it said "1 already indexed", as for an id added twice: the article seemed stored under its own id
    feed, more = tmp_path / "feed", tmp_path / "more"
    feed.mkdir(), more.mkdir()
    story = (CORPUS / "citypaper" / "port-strike.txt").read_text(encoding="utf-8")
    (feed / "wire.txt").write_text(story, encoding="utf-8")
    (more / "copy.txt").write_text(story.replace("\n\n", "\n\n\n"), encoding="utf-8")  # re-wrapped: same text
    db = str(tmp_path / "news.db")
    assert CliRunner().invoke(app, ["index", "add", db, str(feed)]).exit_code == 0
    one = CliRunner().invoke(app, ["index", "add", db, str(more / "copy.txt")])
    assert one.exit_code == 0 and one.stdout == ("0 articles added, copy.txt already stored under the id wire.txt "
                                                 "(the same text), 0 of those added matched earlier articles, 0 inputs "
                                                 "skipped\n")
    (more / "copy2.txt").write_text(story, encoding="utf-8")
    (more / "wire.txt").write_text(story, encoding="utf-8")  # its own id again
    many = CliRunner().invoke(app, ["index", "add", db, str(more)])
    assert many.stdout.startswith("0 articles added, 3 already stored (1 under the same id, 2 the same text under "
                                  "another id), "), many.stdout
    checked = CliRunner().invoke(app, ["check", db, str(more / "copy.txt"), "--json"])
    assert json.loads(checked.stdout)["same_text_as"] == "wire.txt"
    lines = [json.dumps({"id": "copy-9", "text": story}), json.dumps(REPRINT.to_dict())]
    streamed = [json.loads(line) for line in CliRunner().invoke(app, ["stream", db], input="\n".join(lines)).stdout.splitlines()]
    assert streamed[0]["same_text_as"] == "wire.txt" and "same_text_as" not in streamed[1]
    with Index.open(db, create=False) as index:
        assert not index.contains("copy.txt") and not index.contains("copy-9") and index.contains("paper-1")


def test_index_add_beside_another_writer_counts_a_text_stored_under_another_id_as_not_added(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # another writer's add meanwhile was counted as this run's: "2 articles added, 0 already stored (1 the same
    # text under another id)", a count that says the copy was both added and not
    story = (CORPUS / "citypaper" / "port-strike.txt").read_text(encoding="utf-8")
    feed, more = tmp_path / "feed", tmp_path / "more"
    feed.mkdir(), more.mkdir()
    (feed / "wire.txt").write_text(story, encoding="utf-8")
    (more / "copy.txt").write_text(story, encoding="utf-8")
    (more / "new.txt").write_text((CORPUS / "globalwire" / "election-turnout.txt").read_text(encoding="utf-8"),
                                  encoding="utf-8")
    db = str(tmp_path / "news.db")
    assert CliRunner().invoke(app, ["index", "add", db, str(feed)]).exit_code == 0
    add_many = Index.add_many

    def beside_another_writer(self: Index, *args: Any, **kwargs: Any) -> Any:
        with Index.open(db) as other:
            other.add(synthetic_article(5, words=150))
        return add_many(self, *args, **kwargs)

    monkeypatch.setattr(Index, "add_many", beside_another_writer)
    added = CliRunner().invoke(app, ["index", "add", db, str(more)])
    assert added.exit_code == 0 and added.stdout.startswith(
        "1 article added, copy.txt already stored under the id wire.txt (the same text), "), added.stdout
    with Index.open(db, create=False) as index:
        assert index.stats()["articles"] == 3 and index.contains("new.txt") and not index.contains("copy.txt")


def test_stream_results_of_an_article_stored_with_lone_surrogates_are_utf8(location: str) -> None:
    from conftest import lone_surrogate_documents

    from dedup.index.stream import stream_results

    wire, copy = lone_surrogate_documents()
    with Index.open(location) as index:
        index.add(copy)  # through the Python API: as given, lone surrogates and all
        line = json.dumps({"id": "wire", "text": wire.text})
        out = [json.loads(result.encode("utf-8")) for result in stream_results(index, [line])]
    assert [(m["id"], m["title"]) for m in out[0]["matches"]] == [("copy-\ufffd", "Port strike \ufffd")]


def test_stream_warns_of_a_published_no_number_can_be_as_of_its_string(tmp_path: Path) -> None:
    # "published": NaN was dropped without a word, where "published": "nan" (and a scan of either) warned
    from dedup.index.stream import stream_results

    lines = ['{"id": "w", "text": ' + json.dumps(WIRE.text) + ', "published": NaN}',
             '{"id": "v", "text": ' + json.dumps(WIRE.text + " More.") + ', "published": "nan"}']
    with Index.open(str(tmp_path / "i.db")) as index:
        out = [json.loads(result) for result in stream_results(index, lines)]
    assert [o["warnings"] for o in out] == [
        [f"{i}: 'published' is not a date (ISO 8601 or RFC 2822) ({v!r}); ignored"] for i, v in (("w", "NaN"), ("v", "nan"))]


def test_stream_warns_of_another_date_name_holding_no_number_can_be(tmp_path: Path) -> None:
    # "published_at": 1e999 was dropped without a word, where a scan of the same line warns
    from dedup.index.stream import stream_results

    lines = ['{"id": "w", "text": ' + json.dumps(WIRE.text) + ', "published_at": 1e999}']
    with Index.open(str(tmp_path / "i.db")) as index:
        out = [json.loads(result) for result in stream_results(index, lines)]
    assert "w: 'published' is not a date (ISO 8601 or RFC 2822) ('1e999'); ignored" in out[0]["warnings"]


def test_stdin_lines_holds_no_line_it_has_given() -> None:
    """A line given out is held by its reader alone: the generator kept the line's bytes while the caller
    read its text, and a line of 64 MB was held twice."""
    import io
    import tracemalloc

    from dedup.lines import stdin_lines

    size = 8 << 20
    lines = stdin_lines(io.BytesIO(b"x" * size + b"\n" + b'{"id": "b"}\n'))
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        line = next(lines)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(line) == size + 1 and held < 1.5 * size  # the text alone, not its bytes as well


def test_a_long_line_is_let_go_of_before_its_article_is_added() -> None:
    """When the article is added, neither the line nor the record read from it is held (only the article,
    cut to a million characters): a line of 64 MB was held twice over while a 1 MB article was indexed."""
    import tracemalloc

    from dedup.index.stream import stream_results
    from dedup.records import MAX_CHARS

    class Recording:
        min_words = 20

        def __init__(self) -> None:
            self.held: list[int] = []

        def add(self, doc: Document) -> list[Any]:
            self.held.append(tracemalloc.get_traced_memory()[0])
            return []

        def contains(self, article_id: str) -> bool:  # asked first: was the id stored before the line
            return False

    index = Recording()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        lines = (json.dumps({"id": "long", "text": "word " * (2 * MAX_CHARS)}) for _ in range(1))  # 10 MB, held by none
        out = [json.loads(o) for o in stream_results(index, lines)]  # type: ignore[arg-type]
    finally:
        tracemalloc.stop()
    assert out[0]["id"] == "long" and len(index.held) == 1
    assert index.held[0] - before < 3 * MAX_CHARS  # the article's million characters, not the line's ten


def test_a_stream_runs_under_the_long_lived_collector_and_gives_it_back(location: str) -> None:
    """A stream is a long-lived process: while it runs, what was alive when it began is frozen out of the
    collector's full walks and the youngest generation is collected every YOUNG_COLLECTION allocations;
    when it ends (or is closed part way) the process's own setting is back and nothing stays frozen."""
    import gc

    from dedup.index.index import YOUNG_COLLECTION
    from dedup.index.stream import stream_results

    before = gc.get_threshold()
    lines = [json.dumps(WIRE.to_dict()), json.dumps(REPRINT.to_dict())]
    with Index.open(location) as index:
        during = []
        for result in stream_results(index, lines):
            during.append((gc.get_threshold(), gc.get_freeze_count() > 0, json.loads(result)["id"]))
        assert during == [((YOUNG_COLLECTION, *before[1:]), True, "wire-1"), ((YOUNG_COLLECTION, *before[1:]), True, "paper-1")]
        assert gc.get_threshold() == before and gc.get_freeze_count() == 0
        results = stream_results(index, lines)
        next(results)
        results.close()  # a reader gone after one line
        assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_an_article_meeting_too_many_stored_window_pairs_is_refused_in_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a story repeated to a million characters, checked under another id against itself stored: 4 billion
    # window rows asked for at once, a traceback ("Unable to allocate 30.0 GiB"); the bound made small here
    import dedup.index.collisions as module

    story = (CORPUS / "citypaper" / "port-strike.txt").read_text(encoding="utf-8")
    feed = tmp_path / "a.jsonl"
    feed.write_text(json.dumps({"id": "a", "text": "\n\n".join([story] * 6)}) + "\n", encoding="utf-8")
    copy = tmp_path / "b.jsonl"
    copy.write_text(json.dumps({"id": "b", "text": "\n\n".join([story] * 6)}) + "\n", encoding="utf-8")
    db = str(tmp_path / "x.db")
    assert CliRunner().invoke(app, ["index", "add", db, str(feed), "-q"]).exit_code == 0
    monkeypatch.setattr(module, "MOST_WINDOW_PAIRS", 40)
    monkeypatch.setattr(module, "_EXPAND_AT_ONCE", 16)
    checked = CliRunner().invoke(app, ["check", db, str(copy)])
    assert checked.exit_code == 1 and checked.exception is None or isinstance(checked.exception, SystemExit)
    lines = checked.output.strip().splitlines()
    assert lines == [lines[0]] and lines[0].startswith("Error: article 'b': too many of its passages meet stored ones"), lines
    assert "more than 40 pairs of windows" in lines[0] and "Traceback" not in checked.output
    with Index.open(db, create=False) as index:  # an add (as stream adds) refuses it, nothing stored or lost
        with pytest.raises(InputError, match="article 'b': too many of its passages"):
            index.add(Document("b", "\n\n".join([story] * 6)))
        assert index.stats()["articles"] == 1
    monkeypatch.undo()
    with Index.open(db, create=False) as index:  # under the bound, the copy is read and found
        assert [(m.id, m.verdict) for m in index.check(Document("b", "\n\n".join([story] * 6)))] == [("a", "duplicate")]


def test_index_add_adds_a_long_article_alone_and_refuses_it_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a batch expanded every window row of its items at once: a story repeated to a million characters added
    # beside a copy of it asked for 30 GiB (a traceback); alone, it is bounded and refused, the others added
    import dedup.index.collisions as module
    import dedup.index.storing as storing

    story = (CORPUS / "citypaper" / "port-strike.txt").read_text(encoding="utf-8")
    other = (CORPUS / "metrotribune" / "football-derby.txt").read_text(encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    rows = [{"id": "a", "text": "\n\n".join([story] * 6)}, {"id": "b", "text": "\n\n".join([story] * 6)},
            {"id": "c", "text": other}]
    feed.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    monkeypatch.setattr(storing, "ALONE_FROM", 5000)
    monkeypatch.setattr(module, "MOST_WINDOW_PAIRS", 40)
    db = str(tmp_path / "x.db")
    added = CliRunner().invoke(app, ["index", "add", db, str(feed), "-q"])
    assert "Traceback" not in added.output and "too many of its passages meet stored ones" in added.output, added.output
    with Index.open(db, create=False) as index:
        assert index.stats()["articles"] == 2 and index.contains("a") and index.contains("c")


def test_a_check_of_several_articles_names_one_the_index_refuses_and_checks_the_others(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # one refused article (too many window pairs) stopped the check of the whole feed at it
    import dedup.index.collisions as module

    story = (CORPUS / "citypaper" / "port-strike.txt").read_text(encoding="utf-8")
    other = (CORPUS / "metrotribune" / "football-derby.txt").read_text(encoding="utf-8")
    stored = tmp_path / "a.jsonl"
    stored.write_text(json.dumps({"id": "a", "text": "\n\n".join([story] * 6)}) + "\n" + json.dumps({"id": "c", "text": other})
                      + "\n", encoding="utf-8")
    db = str(tmp_path / "x.db")
    assert CliRunner().invoke(app, ["index", "add", db, str(stored), "-q"]).exit_code == 0
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "b", "text": "\n\n".join([story] * 6)}) + "\n"
                    + json.dumps({"id": "d", "text": other}) + "\n", encoding="utf-8")
    monkeypatch.setattr(module, "MOST_WINDOW_PAIRS", 40)
    checked = CliRunner().invoke(app, ["check", db, str(feed)])
    assert checked.exit_code == 1 and "Traceback" not in checked.output
    assert "skipped article 'b': too many of its passages meet stored ones" in checked.output
    assert any(line.startswith("d\tc\tduplicate") for line in checked.output.splitlines()), checked.output
    assert checked.output.strip().splitlines()[-1].startswith("Error: 1 input of "), checked.output


def test_index_adds_summary_is_broken_between_words_on_a_narrow_terminal(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # "11 articles added, 0 already indexed, 4 of those added matched earlier articles, 1 input skipped" (96
    # characters) was cut mid-word by a 60-column terminal; to a file or a pipe it stays one line
    import os

    from dedup.cli import ingest

    db = tmp_path / "news.db"
    piped = CliRunner().invoke(app, ["index", "add", str(db), str(CORPUS)])
    summary = [line for line in piped.stdout.splitlines() if "articles added" in line]
    assert len(summary) == 1 and len(summary[0]) > 60 and summary[0].endswith("skipped")
    monkeypatch.setattr(ingest, "_on_terminal", lambda stream: True)
    monkeypatch.setattr("shutil.get_terminal_size", lambda *a, **k: os.terminal_size((60, 24)))
    shown = CliRunner().invoke(app, ["index", "add", str(db), str(CORPUS)])
    lines = shown.stdout.splitlines()
    assert shown.exit_code == 0 and len(lines) > 1 and all(len(line) <= 60 for line in lines), lines
    assert lines[0].startswith("0 articles added") and all(line.startswith("  ") for line in lines[1:])
    assert " ".join(" ".join(lines).split()).endswith("1 input skipped")


def test_index_stats_is_the_same_json_with_its_lists_of_numbers_on_filled_lines(tmp_path: Path) -> None:
    # the vocabulary's word hashes and shares took a line each: 200 lines of numbers before anything read
    from dedup.report.jsonout import STATS_LINE, stats_json
    from dedup.index import Index

    db = tmp_path / "news.db"
    assert CliRunner().invoke(app, ["index", "add", str(db), str(CORPUS)]).exit_code == 0
    shown = CliRunner().invoke(app, ["index", "stats", str(db)])
    with Index.open(str(db), create=False) as index:
        stats = index.stats()
    assert shown.exit_code == 0 and json.loads(shown.output) == stats
    # an index of a larger corpus: its vocabulary, 96 hashes and shares (this one's is empty)
    vocabulary = {"words": [7213318244315616 + 10**17 * k for k in range(96)], "shares": [0.31884057971014 + k / 1000 for k in range(96)]}
    text = stats_json(stats | {"settings": stats["settings"] | {"vocabulary": vocabulary}})
    assert text.count("\n") < json.dumps(stats, indent=2).count("\n") + 60  # one a number: + 196
    assert all(len(line) <= STATS_LINE for line in text.splitlines())
    for value in ({}, [], {"a": []}, [[1, 2], {"b": [0.5] * 40}], {"x": ["w" * 150, 1]}):
        assert json.loads(stats_json(value)) == value
