"""dedup.exports (through the reader): a CMS's JSON list of articles and a CSV or TSV export read as articles, as
JSONL lines are; a table saved under a text name found; both read alike by every engine."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from _reading_cases import BODY, write
from conftest import CORPUS
from dedup import exports, readable, reading
from dedup.parts import plan_parts
from dedup.reading import read_corpus
from dedup.records import READ_FIELDS

RECORDS = [
    {"id": "cms-1", "headline": "Budget passed", "body": BODY + " First.", "published_at": "2026-12-01T10:00:00Z",
     "publisher": "Coastal Post", "section": "City"},
    {"id": "cms-2", "title": "Port strike", "text": BODY + " Second.", "outlet": "Harbour News", "url": "https://h.example/2"},
    {"text": BODY + " Third.", "published": "not a date"},
]


def _fields(corpus: reading.Corpus) -> list[tuple[object, ...]]:
    """What an article is read as, but its place (its id where the record gives none)."""
    return [(d.text, d.title, d.outlet, d.published, d.url, d.meta) for d in corpus.documents]


def _without_places(warnings: tuple[str, ...]) -> list[str]:
    return [w.split(": ", 1)[1] for w in warnings]


def test_a_json_list_of_articles_is_read_as_its_records_are_as_jsonl(tmp_path: Path) -> None:
    # a CMS's commonest export: it was "a JSON article must be an object ..., not a list", every article lost
    write(tmp_path / "list" / "export.json", json.dumps(RECORDS, indent=2))
    write(tmp_path / "lines" / "export.jsonl", "\n".join(json.dumps(r) for r in RECORDS) + "\n")
    listed, lines = read_corpus(tmp_path / "list"), read_corpus(tmp_path / "lines")
    assert [d.id for d in listed.documents] == ["cms-1", "cms-2", "export.json[2]"] and not listed.skipped
    assert _fields(listed) == _fields(lines) and _without_places(listed.warnings) == _without_places(lines.warnings)
    assert listed.documents[0].title == "Budget passed" and listed.documents[0].outlet == "Coastal Post"
    # minified on one line, with a byte-order mark: the same
    write(tmp_path / "min" / "export.json", "\ufeff" + json.dumps(RECORDS))
    assert _fields(read_corpus(tmp_path / "min")) == _fields(listed)


def test_a_json_list_that_holds_no_article_or_is_malformed_is_one_reason(tmp_path: Path) -> None:
    def article(doc_id: str) -> str:
        return json.dumps({"id": doc_id, "text": BODY})

    write(tmp_path / "numbers.json", "[1, 2]")
    write(tmp_path / "empty.json", " [ ] \n")
    write(tmp_path / "mixed.json", f"[{article('a')}, 7]")
    write(tmp_path / "cut.json", f'[\n{article("b")},\n{article("c")},\n{{"id": "d", "text": ')
    write(tmp_path / "tail.json", f"[{article('e')}] x")
    corpus = read_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["b", "c", "a", "e"]
    reasons = {s.path: s.reason for s in corpus.skipped}
    must = "a JSON article must be an object with a 'text' field"
    end = len(article("e")) + 3
    assert reasons == {
        "numbers.json": must, "empty.json": "empty (a JSON list of no article)", "mixed.json[1]": must,
        "cut.json": "malformed JSON list (Expecting value at line 4, column 21); the 2 items before it read",
        "tail.json": f"malformed JSON list (Extra data at column {end + 1}); the 1 item before it read"}


def test_a_json_list_is_read_an_item_at_a_time_and_whatever_its_size(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    items = exports.json_items('[{"id": "a"}, {"id": "b"} {"id": "c"}]')
    assert next(items) == '{"id": "a"}' and next(items) == '{"id": "b"}'  # given before the list is read to its end
    with pytest.raises(json.JSONDecodeError, match="Expecting ',' delimiter"):
        next(items)
    # a file of many articles is read as a feed is, past the bound on one article's file (64 MB)
    monkeypatch.setattr(readable, "MAX_LINE_BYTES", 2000)
    write(tmp_path / "export.json", json.dumps([{"id": f"a{n}", "text": f"{BODY} Number {n}."} for n in range(10)]))
    write(tmp_path / "export.csv", "id,text\n" + "".join(f'c{n},"{BODY} Row {n}."\n' for n in range(10)))
    write(tmp_path / "one.txt", BODY * 10)
    write(tmp_path / "one.json", json.dumps({"id": "one", "text": BODY * 10}))  # one article: held to the bound
    corpus = read_corpus(tmp_path)
    assert len(corpus.documents) == 20 and [s.path for s in corpus.skipped] == ["one.json", "one.txt"]
    assert all(s.reason.startswith("too large for one article") for s in corpus.skipped)


def _table(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def test_a_csv_or_tsv_export_is_read_one_article_a_row_as_jsonl_lines_are(tmp_path: Path) -> None:
    # one article a row, its body quoted over several lines: "unsupported file type .csv"
    header = ["id", "Headline", "Body", "published_at", "Publisher", "section", "url"]
    rows = [header, ["cms-1", "Budget passed", BODY + "\n\nFirst, said the mayor.", "2026-12-01T10:00:00Z", "Coastal Post",
                     "City", ""],
            ["", "Port strike", BODY + ' Second, "quoted".', "", "", "Port", "https://h.example/2"], [], ["", "", "", ""]]
    write(tmp_path / "t" / "export.csv", _table(rows))
    write(tmp_path / "t" / "export.tsv", _table([[c.replace("Second", "Third").replace("cms-1", "cms-3") for c in r]
                                                  for r in rows], "\t"))
    write(tmp_path / "t" / "semicolons.csv", _table([[c.replace("Second", "Fourth").replace("cms-1", "cms-4") for c in r]
                                                     for r in rows[:3]], ";"))
    corpus = read_corpus(tmp_path / "t")
    # ids: the record's, else the file and the line its row opens on (its body before is three lines long)
    assert [d.id for d in corpus.documents] == ["cms-1", "export.csv:5", "cms-3", "export.tsv:5", "cms-4",
                                                "semicolons.csv:5"]
    assert not corpus.skipped
    first = corpus.documents[0]
    assert (first.title, first.outlet, first.published, first.meta) == (
        "Budget passed", "Coastal Post", "2026-12-01T10:00:00Z", {"section": "City"})
    assert first.text.endswith("First, said the mayor.") and "\n\n" in first.text
    assert corpus.documents[1].text.endswith('Second, "quoted".') and corpus.documents[1].url == "https://h.example/2"


def test_a_tables_rows_are_read_as_the_same_records_as_jsonl(tmp_path: Path) -> None:
    records = [{k: v for k, v in r.items() if k != "id" or r is RECORDS[0]} for r in RECORDS]
    names = sorted({k for r in records for k in r})
    write(tmp_path / "csv" / "export.csv", _table([names] + [[r.get(k, "") for k in names] for r in records]))
    write(tmp_path / "jsonl" / "export.jsonl", "\n".join(json.dumps(r) for r in records) + "\n")
    table, lines = read_corpus(tmp_path / "csv"), read_corpus(tmp_path / "jsonl")
    assert [d.id for d in table.documents] == ["cms-1", "export.csv:3", "export.csv:4"] and not table.skipped
    assert _fields(table) == _fields(lines) and _without_places(table.warnings) == _without_places(lines.warnings)


def test_a_table_without_a_text_column_or_with_a_bad_row_says_so_in_one_line(tmp_path: Path) -> None:
    write(tmp_path / "story.csv", "id,headline,story\n1,Budget,\"" + BODY + "\"\n")
    write(tmp_path / "empty.tsv", "")
    write(tmp_path / "wide.csv", f"id,text\na,\"{BODY}\"\nb,{BODY.replace('.', ',')}\n")
    corpus = read_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["a"]
    reasons = {s.path: s.reason for s in corpus.skipped}
    assert reasons == {
        "story.csv": "a table with no text column (its header names 'id', 'headline', 'story'): name the articles' "
                     "column 'text' (or 'body' or 'content')",
        "empty.tsv": "empty",
        "wide.csv:3": "a row of 6 cells under a header of 2 (a delimiter in an unquoted cell?)"}


def test_a_table_saved_as_text_is_read_as_the_table_or_refused(tmp_path: Path) -> None:
    # read as one article of all its rows, two exports were one text each: their shared rows made them a pair
    rows = [["id", "title", "section", "text"]] + [[f"r{n}", f"Story {n}", "City", f"{BODY} Row {n}."] for n in range(4)]
    write(tmp_path / "export.txt", _table(rows))
    write(tmp_path / "export2.md", _table([[c.replace("Row", "Line").replace("r", "m", 1) for c in r] for r in rows], "\t"))
    write(tmp_path / "nocolumn.txt", _table([["id", "headline", "story"]] + [[f"s{n}", "A", BODY] for n in range(3)]))
    corpus = read_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["r0", "r1", "r2", "r3", "m0", "m1", "m2", "m3"]
    assert [d.title for d in corpus.documents[:2]] == ["Story 0", "Story 1"] and corpus.documents[0].meta == {
        "section": "City"}
    assert corpus.warnings == ("export.txt: a CSV table under a text name; read as a table, one article a row",
                               "export2.md: a TSV table under a text name; read as a table, one article a row")
    assert [(s.path, s.reason) for s in corpus.skipped] == [
        ("nocolumn.txt", "a CSV table under a text name with no text column (its header names 'id', 'headline', "
                         "'story'): name the articles' column 'text' (or 'body' or 'content')")]


@pytest.mark.parametrize("text", [
    "Markets, rates and oil\n\nOil rose, traders said.\nRates fell, the bank said.\nGold held, dealers said.\n",
    "LONDON, March 3 - Shares fell, traders said.\nBonds rose, dealers said.\nOil slid, analysts said.\nGold, too.\n",
    "Title: Budget, text and more\n\nThe council, after a debate, approved it.\nIt was late.\nVery late, they said.\n",
], ids=["headline", "dateline", "labelled"])
def test_prose_with_commas_is_no_table(text: str) -> None:
    assert exports.looks_like_table(text, READ_FIELDS) is None


def test_no_text_of_the_corpus_or_a_plain_article_is_taken_for_a_table() -> None:
    texts = [p.read_text() for p in CORPUS.rglob("*.txt")] + [p.read_text() for p in CORPUS.rglob("*.md")]
    assert len(texts) >= 9
    assert [t[:40] for t in texts if exports.looks_like_table(t, READ_FIELDS) is not None] == []


def test_the_dask_engines_parts_read_lists_and_tables_as_the_reader_does(tmp_path: Path) -> None:
    write(tmp_path / "a" / "export.json", json.dumps(RECORDS))
    write(tmp_path / "b" / "export.csv", _table([["title", "text"]] + [[f"T{n}", f"{BODY} Row {n}."] for n in range(3)]))
    write(tmp_path / "c" / "export.txt", _table([["id", "text"]] + [[f"x{n}", f"{BODY} Line {n}."] for n in range(3)]))
    whole = read_corpus(tmp_path)
    parted = [doc for part in plan_parts(tmp_path, part_bytes=200) for doc in reading.read_part(part).documents]
    assert [(d.id, d.text) for d in parted] == [(d.id, d.text) for d in whole.documents] and len(parted) == 9


def test_a_table_of_old_mac_line_ends_is_read_row_by_row(tmp_path: Path) -> None:
    # a lone "\r" ends a line (csv refused the table: "new-line character seen in unquoted field"); one inside a
    # quoted body stays in it
    write(tmp_path / "mac.csv", _table([["id", "text"], ["a", BODY], ["b", BODY + "\r\rSecond paragraph."]]).replace(
        "\r\n", "\r"))
    corpus = read_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["a", "b"] and not corpus.skipped
    assert corpus.documents[1].text.endswith("Second paragraph.")


def test_a_list_item_nested_too_deep_names_the_bracket_past_the_bound_not_the_items_opening() -> None:
    import json

    from dedup.json_input import json_error

    text = '[{"id": "a", "text": "x"}, ' + "[" * 3000 + "]" * 3000 + "]"
    with pytest.raises(json.JSONDecodeError) as caught:
        list(exports.json_items(text))
    assert json_error(caught.value) == f"nested too deep (more than 64 levels) at column {text.index('[[') + 65}"


def test_a_quote_never_closed_is_one_cell_up_to_one_articles_bound_then_the_table_is_malformed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # a quote never closed in a 200 MB table made one cell of the rest: 1.5 GB at peak, read as one article cut to a
    # million characters; a cell is held to one article's bound now (MAX_LINE_BYTES), the rows before it kept
    import csv

    from dedup.lines import MAX_LINE_BYTES

    assert exports._FIELD_LIMIT == MAX_LINE_BYTES
    before = csv.field_size_limit()
    monkeypatch.setattr(exports, "_FIELD_LIMIT", 1000)
    csv.field_size_limit(1000)
    try:
        rows = exports.table_rows('id,text\n1,"a closed one"\n2,"never closed\n' + "more words\n" * 200, ",", ("id", "text"))
        assert next(rows) == (2, {"id": "1", "text": "a closed one"})
        with pytest.raises(exports.TableError) as caught:
            next(rows)
    finally:
        csv.field_size_limit(before)
    assert str(caught.value) == ("malformed table (a cell of more than 1,000 characters, in the row of line 3: a quote "
                                 "never closed?); nothing after it read")


def test_a_row_of_a_million_cells_is_one_skip_its_count_marked_in_thousands(tmp_path: Path) -> None:
    # "a row of 1000002 cells under a header of 2": a scan's counts are marked in thousands
    from dedup.reading import read_corpus

    table = tmp_path / "wide.csv"
    table.write_text("id,text\na," + "word " * 30 + "," + ",".join(["x"] * 1_000_000) + "\nb," + "other words " * 12 + "\n")
    corpus = read_corpus(table)
    assert [d.id for d in corpus.documents] == ["b"]
    assert [(s.path, s.reason) for s in corpus.skipped] == [
        ("wide.csv:2", "a row of 1,000,002 cells under a header of 2 (a delimiter in an unquoted cell?)")]
