"""The Index API on both backends, its equivalence with a scan, and the ingest CLI commands."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from _ingest_fixtures import location, redis_url, synthetic_article  # noqa: F401 - fixtures
from dedup.candidates import DEFAULT_CHANNELS
from dedup.cli import app
from dedup.documents import Document
from dedup.errors import (DuplicateIdError, IndexMismatchError, InputError, MissingExtraError, NotAnIndexError,
                           SettingsError)
from dedup.index import INDEX_FORMAT, Index
from dedup.index.stream import parse_age
from dedup.pipeline import scan
from dedup.reading import read_corpus
from dedup.records import MAX_CHARS

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
WIRE = Document("wire-1", "Harlow port workers walked out on Monday after talks with Kestrel Shipping broke down "
                "over a 4.5 percent pay offer, leaving 23 container ships waiting at anchor off the coast "
                "and threatening deliveries to factories across the region, union leader Ana Okafor said.",
                outlet="wire", published="2026-11-20T08:00:00Z")
REPRINT = Document("paper-1", WIRE.text + " Talks resume on Thursday.", outlet="paper")
OTHER = synthetic_article(1)


def test_check_finds_a_reprint_and_changes_nothing(location: str) -> None:
    with Index.open(location) as index:
        index.add(WIRE)
        found = index.check(REPRINT)
        assert [(m.id, m.verdict, m.outlet) for m in found] == [("wire-1", "duplicate", "wire")]
        assert index.stats()["articles"] == 1


def test_check_compares_another_text_under_a_stored_id(location: str) -> None:
    # two outlets' files of one name: checking one against an index holding the other is no self-match
    with Index.open(location) as index:
        index.add(WIRE)
        assert index.check(WIRE) == []  # the stored article itself
        found = index.check(Document(WIRE.id, REPRINT.text))
        assert [(m.id, m.verdict) for m in found] == [(WIRE.id, "duplicate")]


def test_add_is_idempotent_on_id(location: str) -> None:
    with Index.open(location) as index:
        index.add(WIRE)
        first = index.add(REPRINT)
        again = index.add(REPRINT)
        assert [m.id for m in again] == [m.id for m in first] == ["wire-1"]
        assert again[0].verdict == first[0].verdict
        assert index.stats()["articles"] == 2


def test_an_add_stores_the_article_proper_its_signing_found(location: str) -> None:
    # the stored bounds come from the add's signing (not found a second time): those content_bounds gives
    from dedup.normalize import content_bounds

    text = "LONDON, Nov 20 (Reuters) - " + WIRE.text + "\n\nReporting by Ana Okafor; Editing by Tom Hale"
    with Index.open(location) as index:
        index.add(Document("dated", text))
        stored = index._store.find(id="dated")  # noqa: SLF001
        assert stored is not None and (stored.body_start, stored.body_end) == content_bounds(text) != (0, len(text))


def test_same_text_under_another_id_is_not_stored_twice(location: str) -> None:
    with Index.open(location) as index:
        index.add(WIRE)
        found = index.add(Document("copy", "  " + WIRE.text.replace(" ", "\n", 3)))
        assert [(m.id, m.verdict) for m in found] == [("wire-1", "duplicate")]
        assert index.stats()["articles"] == 1 and not index.contains("copy")


def test_an_id_with_another_text_is_refused(location: str) -> None:
    with Index.open(location) as index:
        index.add(WIRE)
        with pytest.raises(DuplicateIdError, match="remove it first"):
            index.add(Document("wire-1", OTHER.text))


def test_an_id_made_one_with_a_stored_one_by_replaced_characters_is_refused_saying_so(location: str) -> None:
    # "a\ud800" and "a\udfff" are both stored as "a\ufffd": the second is refused, the first kept
    with Index.open(location) as index:
        index.add(Document("wire-\ud800", WIRE.text))
        with pytest.raises(DuplicateIdError, match=r"'wire-\ufffd' is already indexed with another text \(its U\+FFFD"):
            index.add(Document("wire-\udfff", OTHER.text))
        assert index.stats()["articles"] == 1 and index.contains("wire-\ufffd")
        index.add(Document("wire-\ufffd", WIRE.text))  # the text stored is the first one's: taken as itself


def test_an_id_composed_or_not_is_one_id(location: str) -> None:
    # "café" with a composed é and with e and a combining accent (a macOS file name) were two articles, each
    # found under its own spelling only; a scan reads them as one id, and so does the index now
    composed, decomposed = "caf\u00e9-1", "cafe\u0301-1"
    with Index.open(location) as index:
        index.add(Document(decomposed, WIRE.text))
        assert index.contains(composed) and index.contains(decomposed) and index.stats()["articles"] == 1
        with pytest.raises(DuplicateIdError, match="already indexed with another text"):
            index.add(Document(composed, OTHER.text))
        [(article, refused)] = index.add_many([Document(composed, OTHER.text)], workers=1)
        assert isinstance(refused, DuplicateIdError) and article.id == composed
        found = index.check(Document("copy", "  " + WIRE.text))
        assert [m.id for m in found] == [composed]
        assert index.matches(decomposed) == index.matches(composed)
        assert index.remove(decomposed) and not index.contains(composed)


def test_a_blank_id_is_refused_as_an_empty_one_is(location: str) -> None:
    # " " was stored as an id (POST /articles took it), where a feed's line with it is refused
    with Index.open(location) as index:
        with pytest.raises(InputError, match="an article needs a non-empty string id"):
            index.add(Document(" \t", WIRE.text))
        assert index.stats()["articles"] == 0


@pytest.mark.parametrize("text", ["", "   \n ", "Too short to say anything."], ids=["empty", "blank", "short"])
def test_empty_and_short_articles_are_never_indexed(location: str, text: str) -> None:
    with Index.open(location) as index:
        with pytest.raises(InputError, match="empty|too short"):
            index.add(Document("tiny", text))
        with pytest.raises(InputError):
            index.check(Document("tiny", text))
        assert index.stats()["articles"] == 0


def test_oversized_article_is_truncated_at_max_chars(tmp_path: Path) -> None:
    big = Document("big", (OTHER.text + " ") * (MAX_CHARS // len(OTHER.text) + 50))
    with Index.open(str(tmp_path / "news.db")) as index:
        index.add(big)
        stored = index._store.find(id="big")
        assert stored is not None and len(stored.text) == MAX_CHARS < len(big.text)


def test_matches_are_recorded_on_both_sides(location: str) -> None:
    with Index.open(location) as index:
        index.add(WIRE)
        index.add(REPRINT)
        index.add(OTHER)
        assert [m.id for m in index.matches("wire-1")] == ["paper-1"]
        mine = index.matches("paper-1")[0]
        assert mine.id == "wire-1" and mine.evidence.b_in_a == 1.0  # all of the wire is in the reprint
        with pytest.raises(InputError, match="no article"):
            index.matches("nope")


def test_remove_and_prune(location: str) -> None:
    with Index.open(location) as index:
        index.add(WIRE)
        index.add(REPRINT)
        assert index.remove("paper-1") and not index.remove("paper-1")
        assert index.matches("wire-1") == [] and index.check(REPRINT)[0].id == "wire-1"
        assert index.stats()["postings"] > 0
        assert index.prune(datetime(2026, 1, 1, tzinfo=timezone.utc)) == 0
        assert index.prune(datetime(2026, 11, 21, tzinfo=timezone.utc)) == 1  # published 2026-11-20
        assert index.stats()["articles"] == 0 and index.stats()["postings"] == 0


def test_other_settings_are_refused(location: str) -> None:
    Index.open(location, seed=3).close()
    with pytest.raises(IndexMismatchError, match="seed") as refused:
        Index.open(location, seed=4)
    assert "(seed 3, not 4)" in str(refused.value) and refused.value.differ == {"seed": ("3", "4")}
    with Index.open(location) as index:  # no settings given: the stored ones
        assert index.seed == 3


@pytest.mark.parametrize("align", [False, True], ids=["unaligned", "aligned"])
def test_equivalence_with_scan_on_the_demo_corpus(location: str, align: bool) -> None:
    """Same pairs and verdicts as ``scan``, aligned or not: the index runs the scan's stages one article at
    a time (the confidences may differ a little: an article added counts a stretch's spread over the
    articles stored before it, a scan over the whole corpus)."""
    corpus = read_corpus(CORPUS)
    expected = sorted((p.a, p.b, p.verdict) for p in scan(corpus, align=align).pairs)
    got = []
    with Index.open(location, channels=DEFAULT_CHANNELS, align=align) as index:
        for doc in corpus.documents:
            got += [(min(doc.id, m.id), max(doc.id, m.id), m.verdict) for m in index.add(doc)]
    assert expected and sorted(got) == expected


def test_alignment_is_computed_on_demand(tmp_path: Path) -> None:
    with Index.open(str(tmp_path / "n.db")) as index:
        index.add(WIRE)
        match = index.check(REPRINT)[0]
    try:
        import dedup.align  # noqa: F401
    except ImportError:
        assert match.alignment() is None  # a build without the sentence aligner
        return
    alignment = match.alignment()
    assert alignment is not None and alignment is match.alignment()  # computed once
    assert "alignment" in match.to_dict(with_alignment=True)


def test_redis_without_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(__import__("sys").modules, "redis", None)
    with pytest.raises(MissingExtraError, match=r"extra 'redis': pip install '\.\[redis\]'"):
        Index.open("redis://127.0.0.1:6379/0")


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


def test_add_many_equals_adding_one_by_one(tmp_path: Path) -> None:
    docs = list(read_corpus(CORPUS).documents) + [Document("tiny", "too short")]
    with Index.open(str(tmp_path / "one.db")) as one, Index.open(str(tmp_path / "many.db")) as many:
        singly = [[(m.id, m.verdict) for m in one.add(d)] for d in docs[:-1]]
        batched = list(many.add_many(docs, batch_size=4))
        assert [[(m.id, m.verdict) for m in r] for _, r in batched[:-1]] == singly
        assert isinstance(batched[-1][1], InputError)
        keys_many = many._keys_many([d.text for d in docs[:3]])
        for doc, (keys, spans) in zip(docs[:3], keys_many):
            single_keys, single_spans = many._keys_many([doc.text])[0]
            assert (keys == single_keys).all() and (spans == single_spans).all()


@pytest.mark.parametrize("align", [True, False], ids=["aligned", "unaligned"])
def test_align_true_runs_the_aligner_before_the_verdict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        align: bool) -> None:
    import dedup.verify as verify

    aligned: list[tuple[str, str]] = []
    real = verify.align_pairs

    def spy(pairs: list, **kwargs: object) -> object:  # type: ignore[type-arg]
        aligned.extend((a.id, b.id) for a, b, _ in pairs)
        return real(pairs, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(verify, "align_pairs", spy)
    with Index.open(str(tmp_path / "n.db"), align=align) as index:
        index.add(WIRE)
        found = index.add(REPRINT)
        assert [(m.id, m.verdict) for m in found] == [("wire-1", "duplicate")]
        # aligned during verification (stored article first) only when asked; kept on the match
        assert aligned == ([("wire-1", "paper-1")] if align else [])
        assert (found[0]._alignment is not None) is align


def test_reworded_passage_is_matched_unless_it_is_a_form(tmp_path: Path) -> None:
    from test_pipeline import REUSED, REWORDED, _long

    feature = Document("feature", _long(2, REWORDED))
    with Index.open(str(tmp_path / "index.db")) as index:
        index.add(Document("wire", _long(1, REUSED)))
        (alone,) = index.check(feature)
        assert (alone.id, alone.verdict) == ("wire", "partial")
        for k in range(4):  # the same stretch in four more stored articles: more like a form than reuse
            index.add(Document(f"outlet-{k}", _long(10 + k, REWORDED)))
    with Index.open(str(tmp_path / "index.db"), min_confidence=0.0) as index:
        (form,) = [m for m in index.check(feature) if m.id == "wire"]
        # the spread of the stretch never raises the confidence; it no longer lowers this long pair's: the
        # passage head decides it, and PAN (where several documents take from one source) holds that head's
        # weight on the spread at 0 (benchmarks/RESULTS.md, "PAN recall after the three heads")
        assert form.confidence <= alone.confidence
        assert form.evidence.passages[0].elsewhere > alone.evidence.passages[0].elsewhere == 0


# -- the given language (index format 4) -----------------------------------------------------------

def _arabic_pair(language: str | None) -> tuple[Document, Document]:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import multilingual

    texts = multilingual.articles(multilingual.load("ar"))
    return (Document("ar-source", texts["source"], outlet="agency", language=language),
            Document("ar-rewrite", texts["rewrite"], outlet="paper", language=language))


def _links(alignment) -> list[float]:  # type: ignore[no-untyped-def]
    return [round(link.score, 6) for link in alignment.links]


def test_a_given_language_is_stored_and_a_check_answers_as_a_scan(location: str) -> None:
    """Arabic copy labelled Persian by its feed: the label, not detection, chooses the word rules, in the
    index as in a scan (before format 4 the stored article was detected again: Arabic rules on one side)."""
    source, rewrite = _arabic_pair("fa")
    detected = scan(list(_arabic_pair(None))).pairs[0]
    (pair,) = scan([source, rewrite]).pairs
    assert _links(pair.alignment) != _links(detected.alignment)  # the given language matters here
    with Index.open(location) as index:
        index.add(source)
        (match,) = index.check(rewrite)
        assert (match.verdict, round(match.confidence, 6)) == (pair.verdict, round(pair.confidence, 6))
        assert _links(match.alignment()) == _links(pair.alignment)
        assert index._store.find(id="ar-source").language == "fa"


def test_an_alignment_made_on_demand_reads_each_text_in_its_given_language(tmp_path: Path) -> None:
    from dedup.verify import align_pair

    source, rewrite = _arabic_pair("fa")
    # Without alignment the rewrite's confidence is low; the bar is lowered so that it is a match at
    # all: what is tested is the alignment made afterwards, not the verdict.
    with Index.open(str(tmp_path / "news.db"), align=False, min_confidence=0.01) as index:
        index.add(source)
        matches = index.check(rewrite)
        assert matches and matches[0]._alignment is None
        assert _links(matches[0].alignment()) == _links(align_pair(source, rewrite))
        assert _links(matches[0].alignment()) != _links(align_pair(*_arabic_pair(None)))


def _old_index(tmp_path: Path, settings_of: Any, *statements: str) -> Path:
    """A SQLite index of WIRE whose recorded settings are ``settings_of(settings)``, after ``statements``:
    what an older dedup left behind."""
    import sqlite3

    path = tmp_path / "old.db"
    with Index.open(str(path)) as index:
        index.add(WIRE)
    db = sqlite3.connect(path)
    settings = json.loads(db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()[0])
    db.execute("UPDATE settings SET value = ? WHERE name = 'index'", (json.dumps(settings_of(settings)),))
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()
    return path


def test_an_index_of_an_older_format_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = _old_index(tmp_path, lambda settings: settings | {"format": 3},
                      "ALTER TABLE articles DROP COLUMN language")  # as format 3 wrote it
    with pytest.raises(IndexMismatchError, match=f"format 3 .*this dedup reads format {INDEX_FORMAT}. Build a new index"):
        Index.open(str(path))
    result = CliRunner().invoke(app, ["check", str(path), str(CORPUS / "citypaper" / "port-strike.txt")])
    assert result.exit_code == 1 and "format 3" in result.output and result.exception.__class__ is SystemExit


def test_an_index_hashed_by_an_older_scheme_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    # before Turkish i and the lower-cased keys of Ukrainian and Vietnamese
    path = _old_index(tmp_path, lambda settings: settings | {
        "scheme": settings["scheme"] | {"tokens": "utf8-bytes-tabulation64/3"}})
    with pytest.raises(IndexMismatchError, match=r"another version of dedup.*tokens 'utf8-bytes-tabulation64/3' "
                                                 r"\(this dedup: 'utf8-bytes-tabulation64/18'\).*build a new index"):
        Index.open(str(path))
    result = CliRunner().invoke(app, ["check", str(path), str(CORPUS / "citypaper" / "port-strike.txt")])
    assert result.exit_code == 1 and "another version of dedup" in result.output
    assert "Traceback" not in result.output


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


def test_an_articles_keys_signed_alone_are_those_it_has_in_a_batch(tmp_path: Path) -> None:
    texts = [(CORPUS / "citypaper" / "port-strike.txt").read_text(encoding="utf-8"), synthetic_article(3).text,
             synthetic_article(4).text]
    with Index.open(tmp_path / "x.db") as index:
        batch = index._keys_many(texts)  # noqa: SLF001
        for text, (keys, spans) in zip(texts, batch):
            alone = index._keys_many([text])  # noqa: SLF001
            assert len(alone) == 1 and len(keys) > 100
            assert alone[0][0].tolist() == keys.tolist() and alone[0][1].tolist() == spans.tolist()


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


def test_prune_refuses_what_would_remove_every_article(location: str) -> None:
    # the command line refuses an age of 0 and a date to come (parse_age); the API does too, the index untouched
    with Index.open(location) as index:
        index.add(WIRE)
        for age in (timedelta(0), timedelta(days=-1), datetime(2999, 1, 1, tzinfo=timezone.utc), datetime(2999, 1, 1)):
            with pytest.raises(InputError, match="every article"):
                index.prune(age)
        assert index.contains("wire-1") and index.stats()["articles"] == 1


def test_the_stretches_of_candidates_that_cannot_be_reported_are_not_read(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # a form meets dozens of stored forms that cannot reach the bar whatever their spread: they are
    # dropped before the stored stretches are read, and the answers are those of verifying them all
    from test_verdict_cases import FORM_MONDAY, FORM_THURSDAY, REPRINT as REPRINT_TEXT, WIRE as WIRE_TEXT

    import dedup.index.matching as index_module
    from dedup.index.store_sqlite import SQLiteStorage

    read: list[list[int]] = []
    stretches = SQLiteStorage.stretches
    monkeypatch.setattr(SQLiteStorage, "stretches", lambda self, seqs: read.append(list(seqs)) or stretches(self, seqs))
    answers = []
    for hopeful in (index_module.may_be_reported, lambda docs, rows, *_, **__: [True] * len(rows)):
        monkeypatch.setattr(index_module, "may_be_reported", hopeful)
        read.clear()
        # 0.999: under the model regenerated on 2026-12-06 the form met inside the reprint's longer text has
        # a ceiling (the most an alignment could give it, bounded by its sentences) of 0.99 or more
        with Index.open(str(tmp_path / f"{len(answers)}.db"), min_confidence=0.999) as index:
            index.add(Document("wire", WIRE_TEXT))
            index.add(Document("form", FORM_MONDAY))
            seqs = {i: index._store.find(id=i).seq for i in ("wire", "form")}  # noqa: SLF001
            answers.append([(m.id, m.verdict, m.confidence, m.why) for m in index.check(Document("b", FORM_THURSDAY))]
                           + [(m.id, m.verdict, m.confidence, m.why)
                              for m in index.check(Document("c", REPRINT_TEXT + "\n\n" + FORM_THURSDAY))])
        answers.append(read[:])
    filtered, read_filtered, everything, read_all = answers
    assert filtered == everything and [m[:2] for m in filtered] == [("wire", "duplicate")]
    assert read_all == [[seqs["form"]], [seqs["wire"], seqs["form"]]]  # both candidates of the second check
    assert read_filtered == [[seqs["wire"]]]  # the form never: it cannot reach 0.999


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


def test_the_long_lived_collector_leaves_a_callers_freeze_and_refuses_a_threshold_under_one() -> None:
    import gc

    from dedup.index.index import long_lived_collector

    kept = [object()]  # noqa: F841 - something alive to freeze
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with long_lived_collector(young=5000):
            assert gc.get_threshold()[0] == 5000 and gc.get_freeze_count() >= frozen
        assert gc.get_freeze_count() >= frozen  # the caller's freeze is the caller's to undo
    finally:
        gc.unfreeze()
    before = gc.get_threshold()
    with pytest.raises(ValueError, match="threshold of 1 or more"):
        with long_lived_collector(young=0):
            pass  # pragma: no cover - refused before
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


@pytest.mark.parametrize(("given", "says"), [
    ({"common_from": [5]}, "common_from must hold texts as strings, not int"),
    ({"common_from": [None]}, "common_from must hold texts as strings, not NoneType"),
    ({"common_words": [b"the"]}, "common_words must hold words as strings, not bytes"),
    ({"common_from": "one long text"}, "common_from must be a collection of texts"),
], ids=["a-number", "none", "bytes", "one-string"])
def test_common_words_or_texts_that_are_no_strings_are_refused_before_an_index_is_made(
        tmp_path: Path, given: dict[str, Any], says: str) -> None:
    # [5] was "its stored settings are damaged (TypeError ...)" and left a new index holding no settings; one
    # string was read as its letters, each a text
    path = tmp_path / "new.db"
    with pytest.raises((TypeError, ValueError), match=says):
        Index.open(path, **given)
    assert not path.exists()


@pytest.mark.parametrize(("setting", "value"), [("seed", -5), ("channels", []), ("min_words", 0), ("min_words", "20")],
                         ids=["negative-seed", "no-channel", "min-words-0", "min-words-a-string"])
def test_stored_settings_out_of_range_are_damaged_settings_not_a_traceback(tmp_path: Path, setting: str, value: Any) -> None:
    # a settings entry edited by hand: a seed of -5 opened, then failed at the first check with numpy's
    # OverflowError, no channel with "need at least one array to concatenate"; a min_words of 0 was taken
    import sqlite3

    path = tmp_path / "i.db"
    with Index.open(path) as index:
        index.add(WIRE)
    db = sqlite3.connect(path)
    settings = json.loads(db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()[0])
    db.execute("UPDATE settings SET value = ? WHERE name = 'index'", (json.dumps(settings | {setting: value}),))
    db.commit()
    db.close()
    with pytest.raises(NotAnIndexError, match=f"stored settings are damaged .*{setting}"):
        Index.open(path)


def test_prune_of_an_age_past_the_calendar_is_refused(location: str) -> None:
    # timedelta(days=999999999) was an OverflowError ("date value out of range")
    with Index.open(location) as index:
        index.add(WIRE)
        with pytest.raises(InputError, match="before the calendar"):
            index.prune(timedelta(days=999_999_999))
        assert index.contains("wire-1")


@pytest.mark.parametrize("given", [{"batch_size": 0}, {"batch_size": "100"}, {"workers": -1}, {"workers": "2"}],
                         ids=["batch-0", "batch-a-string", "workers-negative", "workers-a-string"])
def test_add_many_refuses_a_batch_size_or_workers_as_a_scan_does(tmp_path: Path, given: dict[str, Any]) -> None:
    # batch_size=0 or "100" was never met (one batch, cut by characters alone), workers=-1 taken
    with Index.open(tmp_path / "i.db") as index:
        with pytest.raises(SettingsError, match=f"{next(iter(given))} must be a whole number"):
            index.add_many([WIRE], **given)
        assert index.stats()["articles"] == 0


def test_add_many_refuses_a_progress_that_cannot_be_called_before_it_stores_anything(tmp_path: Path) -> None:
    # progress=5 failed with "'int' object is not callable" once its first batch was stored
    with Index.open(tmp_path / "i.db") as index:
        with pytest.raises(TypeError, match="progress must be a function"):
            index.add_many([WIRE], progress=5)  # type: ignore[arg-type]
        assert index.stats()["articles"] == 0


@pytest.mark.parametrize(("call", "flag"), [(lambda path: Index.open(path, align="false"), "align"),
                                            (lambda path: Index.open(path, create="no"), "create")],
                         ids=["align", "create"])
def test_index_open_refuses_a_flag_that_is_no_true_or_false(tmp_path: Path, call: Any, flag: str) -> None:
    # create="no" is a string that is true: a missing index was made where the caller asked for none
    with pytest.raises(SettingsError, match=f"{flag} must be True or False"):
        call(tmp_path / "i.db")
    assert not (tmp_path / "i.db").exists()


def test_matches_refuses_an_earlier_only_that_is_no_true_or_false(tmp_path: Path) -> None:
    with Index.open(tmp_path / "i.db") as index:
        index.add(WIRE)
        with pytest.raises(SettingsError, match="earlier_only must be True or False"):
            index.matches("wire-1", earlier_only="no")  # type: ignore[arg-type]


def test_a_closed_index_is_one_storage_error_at_any_use_and_closing_it_again_does_nothing(tmp_path: Path) -> None:
    # it was SQLite's ProgrammingError ("Cannot operate on a closed database"), outside dedup's exception tree
    from dedup.errors import StorageError

    index = Index.open(str(tmp_path / "x.db"))
    index.add(synthetic_article(1))
    index.close()
    index.close()
    for use in (lambda: index.check(synthetic_article(2)), lambda: index.add(synthetic_article(2)),
                lambda: index.stats(), lambda: index.matches("art-1"), lambda: index.remove("art-1"),
                lambda: index.contains("art-1")):
        with pytest.raises(StorageError, match=r"x\.db: this index was closed; open it again"):
            use()
    with Index.open(str(tmp_path / "x.db"), create=False) as again:  # nothing lost
        assert again.contains("art-1")


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
