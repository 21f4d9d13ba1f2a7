"""Bad input against every entry point: scan, compare, check, index add, stream, serve and the Python API.

Each case says what a user gets: the exit code, one ``Error:`` line (never a traceback), the input named
with the reason it was skipped or read with a warning, and nothing stored lost (an index's article count
never drops, and only adding adds).
"""

from __future__ import annotations

import codecs
import json
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest
from typer.testing import CliRunner

import dedup
from dedup.cli import app
from dedup.documents import Document
from dedup.errors import DedupError
from dedup.index import Index

from _bad_input_files import LINE, REWRITE, TEXT, WIRE, _file
from conftest import CORPUS

runner = CliRunner()


@dataclass(frozen=True)
class Case:
    """A bad input file; ``read`` when it is read (with ``says`` as a warning), else skipped (``says`` the reason)."""

    name: str
    make: Callable[[Path], Path]
    read: bool
    says: str | None
    articles: int = 1  # articles read from it when ``read`` (a feed with a bad line: the good ones)


CASES = [
    Case("empty-file", _file("empty.txt", ""), False, "empty"),
    Case("binary", _file("photo.txt", bytes(range(256)) * 40), False, "binary file"),
    # not a binary file, as it was called: only white space and control characters, empty as an empty file is
    Case("controls-only", _file("blank.txt", b" \x00\x01\n\t\x0b\x1f\x7f \n" * 3), False,
         "empty (only white space and control characters)"),
    Case("control-bytes", _file("garbled.txt", TEXT.replace("drills", "dri\x00lls", 1).replace("Belarus", "Bel\x07arus", 1)),
         True, "2 control characters (such as NUL) dropped"),
    Case("latin-1", _file("latin.txt", TEXT.replace("military", "militaire é").encode("latin-1", errors="replace")),
         True, "not UTF-8; read as Windows-1252"),
    Case("utf-16", _file("wide.txt", TEXT.encode("utf-16")), True, None),
    # no byte-order mark: was skipped as "binary file"
    Case("utf-32-no-bom", _file("wide32.txt", TEXT.encode("utf-32-le")), True, None),
    # a UTF-8 text with a Windows-1252 line pasted in: was skipped as "undecodable" (its curly quotes hold
    # bytes Windows-1252 lacks), or read all of it as Windows-1252, with mojibake in every UTF-8 line
    Case("mixed-encodings", _file("mixed.txt", TEXT.replace("said", "said \u201cso\u201d", 1).encode()
                                  + "\nCaf\xe9 owners in Minsk were \xabworried\xbb.\n".encode("cp1252")), True,
         "mixes UTF-8 and other lines: 1 line not UTF-8; read as Windows-1252"),
    # a copy or a download that stopped inside a character: the article was lost (or all of it mojibake)
    # one line of UTF-8 with a byte of another encoding in it (a one-line JSON article): was skipped as
    # undecodable, the article lost to a byte
    Case("stray-byte", _file("stray.json", json.dumps({"id": "s", "text": TEXT}, ensure_ascii=False).encode()
                             .replace(b"military", b"milit\xe4ry", 1)), True,
         "UTF-8 but for 1 stray byte (of another encoding?); read as U+FFFD"),
    Case("cut-off-utf-8", _file("cut.txt", (TEXT.strip() + " €").encode()[:-1]), True,
         "ends inside a character (the file was cut off?); read without it"),
    Case("cut-off-utf-16", _file("cut16.txt", TEXT.encode("utf-16")[:-1]), True, "ends inside a character"),
    Case("malformed-jsonl", _file("feed.jsonl", LINE + "\n{not json\n"), True, "feed.jsonl:2: malformed JSON line"),
    Case("truncated-jsonl", _file("cut.jsonl", LINE + "\n" + LINE.replace("feed-1", "feed-2")[:200]), True,
         "cut.jsonl:2: malformed JSON line"),
    Case("json-list-of-numbers", _file("list.json", json.dumps([1, 2])), False, "must be an object"),
    Case("missing-text", _file("notext.json", json.dumps({"id": "n", "title": "A headline only"})), False,
         "no 'text' field"),
    Case("duplicate-ids", _file("dups.jsonl", LINE + "\n" + LINE + "\n"), False, "duplicate article id 'feed-1'"),
    Case("20MB-article", lambda folder: _big(folder), True, "longer than 1,000,000 characters; truncated"),
    # JSON escapes of lone surrogates, in the id and the text: read with U+FFFD in their place
    Case("lone-surrogates", _file("odd.json", json.dumps({"id": "odd-\udc80", "text": TEXT + " \ud800"})), True, None),
    Case("deep-json", _file("deep.json", "[" * 100_000 + "]" * 100_000), False, "malformed JSON (nested too deep"),
    # nested less deep than the JSON parser stops at, a field failed with RecursionError where the record was walked
    Case("deep-field", _file("deepfield.json", '{"id": "d", "text": ' + json.dumps(TEXT) + ', "extra": ' + "[" * 600
                             + "]" * 600 + "}"), False, "malformed JSON (nested too deep"),
    Case("long-number", _file("num.json", '{"id": "n", "views": ' + "7" * 5000 + ', "text": ' + json.dumps(TEXT) + "}"),
         False, "malformed JSON (a number too long"),
    Case("date-off-the-calendar", _file("old.json", json.dumps({"id": "o", "text": TEXT, "published": "0001-01-01T00:00:00+05:00"})),
         True, "'published' is not a date (ISO 8601 or RFC 2822)"),
    # whitespace-split "words" of no letter or digit met the minimum of 20: read as an article (robust52)
    Case("only-punctuation", _file("dots.txt", "... !!! ??? -- ;; (( )) " * 40), False, "no words"),
    Case("only-emoji", _file("emoji.txt", "\U0001F600 \U0001F389 \U0001F44D\U0001F3FD \U0001F468\u200d\U0001F469 \U0001F1EB\U0001F1F7 " * 40),
         False, "no words"),
    Case("only-combining-marks", _file("marks.txt", " ".join(["\u0301\u0308\u0327"] * 200)), False, "no words"),
    Case("nan-field", _file("nan.json", '{"id": "nan", "score": NaN, "reach": 1e999, "text": ' + json.dumps(TEXT) + "}"), True, None),
    # an e-mail message of parts nested 2,000 deep (a mail loop's or a bomb's): the mail parser's RecursionError
    # stopped every command with a traceback (twenty-seventh look)
    Case("mail-nested-too-deep", lambda folder: _nested_mail(folder, 2000), False, "nested too deep to read"),
    # a web page saved under a text name (``wget -O story.txt``): its scripts, styles and menus were read as the
    # article's words, and unrelated pages of one site reported as copies of each other (twenty-seventh look)
    Case("html-page-as-text", _file("page.txt", "<!DOCTYPE html>\n<html><head><title>Drills</title><script>var ads = "
                                    "['top', 'mid'];</script></head><body><nav><a href='/'>Home</a></nav><p>"
                                    + TEXT.replace("\n\n", "</p><p>") + "</p></body></html>"), True,
         "an HTML page under a text name; read as HTML"),
    # the same page as a JSON record's text (a scraper's export): read as text, as above
    Case("html-page-in-json-text", _file("page.json", json.dumps({"id": "p", "text": "<!DOCTYPE html>\n<html><body><nav>"
                                         "<a href='/'>Home</a></nav><p>" + TEXT.replace("\n\n", "</p><p>")
                                         + "</p></body></html>"})), True, "its 'text' is a whole HTML page; read as HTML"),
    # an RSS feed saved under a text name: all its items, their markup and its channel's lines were one article
    Case("rss-feed-as-text", _file("feed.txt", '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                                   "<title>Wire</title><item><title>Drills</title><description>"
                                   + TEXT.replace("&", "&amp;").replace("<", "&lt;") + "</description></item></channel></rss>"),
         False, "an RSS feed, not an article: write its items as JSONL"),
    # a message with no text part: was "empty"
    Case("mail-no-text-part", _file("scan.eml", "From: desk@example.com\nSubject: Scan\nMIME-Version: 1.0\n"
                                    "Content-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n"
                                    "JVBERi0xLjQK\n"), False, "an e-mail message with no text or HTML part (application/pdf)"),
    # an RSS feed as a JSON record's text (a scraper's export of one site's feeds): read as one article of its items
    # and its channel's lines, the records of one site were reported as copies of each other (twenty-eighth look)
    Case("rss-feed-in-json-text", _file("feed.json", json.dumps({"id": "f", "text": '<?xml version="1.0"?>\n<rss '
                                        'version="2.0"><channel><title>Wire</title><item><description>'
                                        + TEXT.replace("&", "&amp;").replace("<", "&lt;")
                                        + "</description></item></channel></rss>"})),
         False, "its 'text' is an RSS feed, not an article: give each of its items as a record of its own"),
    # a message of several plain parts, the story in the last: only the first was read ("too short")
    Case("mail-many-plain-parts", _file("parts.eml", "From: desk@example.com\nSubject: Drills\nMIME-Version: 1.0\n"
                                        'Content-Type: multipart/mixed; boundary="x"\n\n'
                                        + "".join(f"--x\nContent-Type: text/plain\n\nPart {i}.\n" for i in range(30))
                                        + "--x\nContent-Type: text/plain\n\n" + TEXT + "\n--x--\n"), True, None),
    # a damaged encoded word as the subject: the mail library's reading of it was the title, nonsense ("\ufffd{\u0596'")
    Case("mail-damaged-subject", _file("subject.eml", "From: desk@example.com\nSubject: =?utf-8?b?!!!invalid?=\n"
                                       "MIME-Version: 1.0\n\n" + TEXT), True,
         "its Subject holds a damaged encoded word (=?...?=); no title taken from it"),
    # a page built by scripts: a notice to turn JavaScript on shown, the story only in its JSON-LD ``articleBody``;
    # read as the notice, one site's unrelated stories were duplicates of each other (twenty-ninth look)
    Case("ld-json-page", _file("story.html", '<html><head><script type="application/ld+json">'
                               + json.dumps({"@type": "NewsArticle", "articleBody": TEXT}).replace("</", "<\\/")
                               + "</script></head><body><div id='app'><p>Please enable JavaScript to read this story."
                               "</p></div></body></html>"), True, None),
    # an article's body as a CMS exports it, its markup and the site's newsletter offer inside: read as text, the
    # offer and the photo credits were its last words, and one site's unrelated stories partial copies
    Case("html-markup-in-json-text", _file("cms.json", json.dumps({"id": "m", "text": "<p>" + TEXT.replace("\n\n", "</p><p>")
                                           + "</p><div class='newsletter-signup'><p>Sign up for our morning newsletter."
                                           "</p></div>"})), True,
         "its 'text' is HTML markup (an article's body as a CMS exports it); read as HTML"),
    # a CMS's export of a list of articles, and of a body nested as an object: both were "no 'text' field"
    Case("json-articles-list", _file("export.json", json.dumps({"articles": [{"id": "a", "text": TEXT}], "total": 1})),
         False, "its 'articles' is a list of articles; write them in a .jsonl file"),
    # a story forwarded with a note and the desk's disclaimer: read as the note and the disclaimer alone (too short,
    # or, for one desk's forwards of unrelated stories, duplicates of each other)
    Case("mail-forwarded-story", _file("fwd.eml", "From: editor@example.com\nSubject: Fwd: drills\nMIME-Version: 1.0\n"
                                       'Content-Type: multipart/mixed; boundary="x"\n\n--x\nContent-Type: text/plain\n\n'
                                       "See below.\n\n--x\nContent-Type: message/rfc822\n\nFrom: desk@example.com\n"
                                       "Subject: Drills\nContent-Type: text/plain\n\n" + TEXT + "\n--x\nContent-Type: "
                                       "text/plain\n\nThis message is confidential.\n--x--\n"), True, None),
    Case("json-nested-body", _file("nested.json", json.dumps({"id": "n", "body": {"html": "<p>" + TEXT + "</p>"}})),
         False, "its 'body' is an object, not the article's text;"),
    # a CMS's export as a JSON list of articles: refused ("not a list"), its articles lost (thirtieth look)
    Case("json-list", _file("export.json", json.dumps([{"id": "a", "title": "Drills", "text": TEXT}], indent=2)), True,
         None),
    Case("json-list-malformed", _file("broken.json", '[\n  {"id": "a", "text": "x",\n'), False,
         "malformed JSON list (Expecting property name enclosed in double quotes at line 3, column 1)"),
    # a CSV export, one article a row, its body quoted over several lines: "unsupported file type .csv"
    Case("csv-export", _file("export.csv", 'id,Title,Text\nd1,Drills,"' + TEXT.replace('"', '""') + '"\n'),
         True, None),
    Case("csv-no-text-column", _file("export.csv", "id,headline,story\nd1,Drills,x\n"), False,
         "a table with no text column (its header names 'id', 'headline', 'story')"),
    # the same saved as .txt: one article of all its rows (two exports that shared rows were a pair)
    Case("csv-as-txt", _file("export.txt", "id,title,text\n" + "".join(
        f'd{n},Drills {n},"{TEXT} Row {n}."\n' for n in range(3))), True,
         "a CSV table under a text name; read as a table, one article a row", articles=3),
]
IDS = [c.name for c in CASES]
FATAL = {"duplicate-ids"}  # an error for the whole input, not a skip


def _nested_mail(folder: Path, depth: int) -> Path:
    """A message whose text part sits ``depth`` multipart parts deep."""
    body = "Content-Type: text/plain\n\n" + TEXT
    for level in range(depth):
        body = f'Content-Type: multipart/mixed; boundary="b{level}"\n\n--b{level}\n{body}\n--b{level}--\n'
    path = folder / "loop.eml"
    path.write_text("From: desk@example.com\nSubject: Fwd\nMIME-Version: 1.0\n" + body)
    return path


def _big(folder: Path) -> Path:
    path = folder / "huge.txt"
    sentence = "Officials in Minsk said the drills near the border would last ten days and involve 3,000 troops. "
    with path.open("w") as out:
        for _ in range(20 * 1024 * 1024 // len(sentence) + 1):
            out.write(sentence)
    return path


def _error_line(result: Any, code: int = 1) -> str:
    """The single ``Error:`` line of a failed command (and no traceback anywhere)."""
    assert result.exit_code == code, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output and not isinstance(result.exception, AssertionError)
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def _said(output: str, says: str | None) -> bool:
    """The input's name and the reason or warning are in the output (table cells or one line)."""
    flat = " ".join(output.replace("│", " ").split())
    return says is None or all(" ".join(part.split()) in flat for part in says.split(": "))


def _ok(result: Any) -> Any:
    assert result.exit_code == 0, (result.output, result.exception)
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("index") / "news.db"
    _ok(runner.invoke(app, ["index", "add", str(db), str(WIRE), "-q"]))
    return db


@pytest.fixture
def index(template: Path, tmp_path: Path) -> Path:
    db = tmp_path / "news.db"
    shutil.copy(template, db)
    return db


def _articles(db: Path | str) -> int:
    with Index.open(db, create=False) as opened:
        return int(opened.stats()["articles"])


@pytest.fixture
def bad(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Case, Path]:
    case: Case = request.param
    folder = tmp_path / "in"
    folder.mkdir()
    return case, case.make(folder)


bad_cases = pytest.mark.parametrize("bad", CASES, ids=IDS, indirect=True)


# -- one bad file as the whole input -----------------------------------------------------------------


@bad_cases
def test_scan(bad: tuple[Case, Path]) -> None:
    case, path = bad
    result = runner.invoke(app, ["scan", str(path), "--no-align"], env={"COLUMNS": "200"})
    if not case.read:
        assert case.says in _error_line(result)
        return
    _ok(result)
    assert f"{case.articles} article" in result.stdout
    assert _said(result.stdout, case.says)


@bad_cases
def test_scan_folder_reads_the_rest(bad: tuple[Case, Path]) -> None:
    case, path = bad
    shutil.copy(WIRE, path.parent / "wire.txt")
    result = runner.invoke(app, ["scan", str(path.parent), "--no-align"], env={"COLUMNS": "300"})
    if case.name in FATAL:
        assert case.says in _error_line(result)
        return
    flat = " ".join(_ok(result).stdout.split())
    assert f"{1 + case.articles * case.read} article" in flat
    assert _said(result.stdout, case.says)


@bad_cases
def test_compare(bad: tuple[Case, Path]) -> None:
    case, path = bad
    result = runner.invoke(app, ["compare", str(path), str(WIRE), "--json"])
    if case.read and case.articles == 1 and ".jsonl" not in path.name:
        expected = "unrelated" if case.name == "20MB-article" else "wholly_derived"
        assert json.loads(_ok(result).stdout)["alignment"]["verdict"] == expected
        # what the article was read with, on stderr as check says it (compare said nothing: a verdict on
        # the first 1,000,000 characters of a 20 MB file, or on a guessed encoding, read as the file's)
        assert result.stderr.startswith(f"warning: {path.name}: {case.says}") if case.says else not result.stderr
        assert result.stderr.count("\n") == (case.says is not None)
    else:
        _error_line(result)


@bad_cases
def test_check(bad: tuple[Case, Path], index: Path) -> None:
    case, path = bad
    result = runner.invoke(app, ["check", str(index), str(path), "--no-align"])
    several = path.suffix == ".jsonl" and case.name not in FATAL
    if case.read and not several:
        _ok(result)
        assert case.says is None or f"warning: {path.name}: {case.says}" in result.stderr
    elif several:  # the good line checked, the bad one named, exit 1
        assert result.exit_code == 1 and result.stdout.startswith("feed-1\t")
        assert f"skipped {case.says}" in result.stderr and result.stderr.strip().splitlines()[-1].startswith("Error: ")
    else:
        assert case.says in _error_line(result)
    assert _articles(index) == 1  # check never adds


@bad_cases
def test_index_add(bad: tuple[Case, Path], index: Path) -> None:
    case, path = bad
    result = runner.invoke(app, ["index", "add", str(index), str(path)])
    if case.read:
        _ok(result)
        assert case.says is None or case.says in result.stderr
        assert _articles(index) == 1 + case.articles
    else:
        assert case.says in _error_line(result)
        assert _articles(index) == 1


@bad_cases
def test_stream(bad: tuple[Case, Path], index: Path) -> None:
    case, path = bad
    data = path.read_bytes()
    result = runner.invoke(app, ["stream", str(index), "--no-align"], input=data)
    if len(data.splitlines()) > 1000:  # a text of thousands of lines, no JSON in its first 1,000: "not JSONL", stopped
        assert result.exit_code == 1 and "not JSONL" in result.output and "Traceback" not in result.output
        assert _articles(index) == 1
        return
    if data.lstrip(b" \t\r\n").removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n").startswith(b"["):
        # a JSON list (an export of many articles): said at once, one line, nothing stored
        assert result.exit_code == 1 and "a JSON list of articles, not JSONL" in result.output
        assert "Traceback" not in result.output and _articles(index) == 1
        return
    _ok(result)  # a bad line gives an error object; the stream goes on
    out = [json.loads(line) for line in result.stdout.splitlines()]
    wide = data.startswith(codecs.BOM_UTF16_LE)  # read as UTF-16, as a file is
    # a line ends at "\n", "\r\n" or a lone "\r" (the "\r" bytes of a binary file too)
    lines = re.split("\r\n|\r|\n", data.decode("utf-16", "replace")) if wide else data.splitlines()
    # a line of white space, or of NULs and white space (a crashed writer's block), is no line: no answer
    nuls = "\x00 \t\r\n\f\v" if wide else b"\x00 \t\r\n\f\v"
    assert [o["line"] for o in out] == [n for n, line in enumerate(lines, start=1) if line.strip(nuls)]
    added = sum("matches" in o for o in out)
    if case.name == "duplicate-ids":  # the second line is the same article: added once (idempotent)
        assert [o.get("id") for o in out] == ["feed-1", "feed-1"] and _articles(index) == 2
        return
    assert _articles(index) == 1 + added
    if path.suffix == ".jsonl":
        assert added == 1


@bad_cases
def test_python_api(bad: tuple[Case, Path]) -> None:
    case, path = bad
    if case.name in FATAL:
        with pytest.raises(DedupError, match=case.says):
            dedup.scan(path, align=False)
        return
    result = dedup.scan(path, align=False)
    assert len(result.documents) == (case.articles if case.read else 0)
    said = [s.reason for s in result.skipped] + list(result.warnings)
    assert case.says is None or any(case.says.split(": ")[-1] in s for s in said)


# -- paths that are wrong as a whole -------------------------------------------------------------------


@pytest.mark.parametrize("command", [
    ["scan", "{x}"], ["compare", "{x}", str(REWRITE)], ["check", "{db}", "{x}"], ["index", "add", "{db}", "{x}"],
], ids=["scan", "compare", "check", "index-add"])
@pytest.mark.parametrize("what", ["missing", "empty-folder"])
def test_missing_path_and_empty_folder(command: list[str], what: str, index: Path, tmp_path: Path) -> None:
    x = tmp_path / "nothing"
    if what == "empty-folder":
        x.mkdir()
    result = runner.invoke(app, [c.format(x=x, db=index) for c in command])
    line = _error_line(result)
    assert str(x) in line and ("no such file" in line or "no article" in line or "is a folder" in line)
    assert _articles(index) == 1


@pytest.mark.parametrize("command", [
    ["scan", "{x}"], ["compare", "{x}", str(REWRITE)], ["check", "{db}", "{x}"], ["index", "add", "{db}", "{x}"],
    ["check", "{x}", str(REWRITE)], ["index", "stats", "{x}"],
], ids=["scan", "compare", "check", "index-add", "check-index", "index-stats"])
def test_a_path_with_a_line_break_or_an_escape_is_named_on_one_line(command: list[str], index: Path, tmp_path: Path) -> None:
    # the path was written as given: a line break in it made two lines of the error, an escape sequence
    # in it was obeyed by the terminal
    x = tmp_path / "wire\nstory\x1b[2J.txt"
    result = runner.invoke(app, [c.format(x=x, db=index) for c in command])
    line = _error_line(result)
    assert "\x1b" not in line and "wire\\nstory\\x1b[2J.txt" in line
    assert _articles(index) == 1


def test_check_lines_hold_one_article_each_whatever_its_id(index: Path, tmp_path: Path) -> None:
    # an id with a line break or a tab made two lines, or one field more, of a line of tab-separated fields
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"id": i, "text": TEXT}) for i in ("wire\n7", "wire\t8", "../x")) + "\n")
    lines = _ok(runner.invoke(app, ["check", str(index), str(feed), "--no-align"])).stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["wire\ufffd7", "wire\ufffd8", "../x"]
    assert {len(line.split("\t")) for line in lines} == {9}


def test_stream_drops_a_nul_in_a_line_as_a_scan_does(index: Path) -> None:
    # a raw NUL in a field made the line malformed JSON for stream (an error, the article not added), where
    # a scan of the same line drops it with a warning
    line = LINE.replace("feed-1", "feed-\x001").replace("drills", "dri\x00lls", 1) + "\n"
    out = json.loads(_ok(runner.invoke(app, ["stream", str(index), "--no-align"], input=line)).stdout)
    assert out["id"] == "feed-1" and out["warnings"] == ["feed-1: 2 control characters (such as NUL) dropped"]
    assert _articles(index) == 2
    scanned = _ok(runner.invoke(app, ["scan", "-", "--no-align"], input=line))
    assert "<stdin>:1: 2 control characters (such as NUL) dropped" in scanned.stdout


def test_a_line_of_nuls_alone_is_no_line_to_stream_or_scan(index: Path, tmp_path: Path) -> None:
    # the NUL block of a feed's writer that crashed (and was started again, writing on after it): stream
    # answered it "malformed JSON (Expecting value at column 1)", a scan of the file skipped it as a malformed
    # line and, in a small feed, the whole file as binary
    feed = (LINE + "\n" + "\x00" * 4096 + "\n" + LINE.replace("feed-1", "feed-2") + "\n")
    lines = [json.loads(line) for line in
             _ok(runner.invoke(app, ["stream", str(index), "--no-align"], input=feed)).stdout.splitlines()]
    assert [(out["line"], out.get("id"), out.get("error")) for out in lines] == [(1, "feed-1", None), (3, "feed-2", None)]
    (tmp_path / "feed.jsonl").write_text(feed)
    scanned = json.loads(_ok(runner.invoke(app, ["scan", str(tmp_path / "feed.jsonl"), "--no-align", "-q",
                                                 "--json", "-"])).stdout)
    assert [d["id"] for d in scanned["documents"]] == ["feed-1", "feed-2"] and scanned["skipped"] == []
    assert scanned["warnings"] == ["feed.jsonl:2: 4096 control characters (such as NUL) dropped"]

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_stdin_with_a_byte_order_mark_of_utf16_or_utf32_is_read_in_it(encoding: str, index: Path) -> None:
    # a file with one is read so; on stdin each line was malformed JSON (UTF-16 from a Windows tool)
    lines = LINE + "\r\n" + LINE.replace("feed-1", "feed-2") + "\n"
    data = (codecs.BOM_UTF16_BE if encoding == "utf-16-be" else b"") + lines.encode(encoding)
    out = [json.loads(o) for o in _ok(runner.invoke(app, ["stream", str(index), "--no-align"], input=data)).stdout.splitlines()]
    assert [o.get("id") for o in out] == ["feed-1", "feed-2"] and _articles(index) == 2  # one text
    assert "2 articles" in _ok(runner.invoke(app, ["scan", "-", "--no-align"], input=data)).stdout


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_stdin_in_utf16_without_a_byte_order_mark_is_read_in_it(encoding: str, index: Path) -> None:
    # a file is read so by its NULs; on stdin they were dropped as stray controls, with a warning a line, a
    # character beyond ASCII lost its other byte with them, and the NUL after the last line was malformed
    lines = LINE.replace("drills", "dr\u00efll\u0161", 1) + "\r\n" + LINE.replace("feed-1", "feed-2") + "\n"
    out = [json.loads(o) for o in _ok(runner.invoke(app, ["stream", str(index), "--no-align"],
                                                     input=lines.encode(encoding))).stdout.splitlines()]
    assert [(o.get("id"), o.get("warnings")) for o in out] == [("feed-1", None), ("feed-2", None)]
    scanned = _ok(runner.invoke(app, ["scan", "-", "--no-align"], input=lines.encode(encoding))).stdout
    assert "2 articles" in scanned and "0 skipped" in scanned and "warning" not in scanned


@pytest.mark.parametrize("command", [["scan", ""], ["compare", "", str(REWRITE)], ["check", "{db}", ""],
                                     ["index", "add", "{db}", ""], ["check", "", str(REWRITE)]],
                         ids=["scan", "compare", "check", "index-add", "check-index"])
def test_an_empty_path_is_refused_not_read_as_the_current_folder(command: list[str], index: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # Path("") is "."; "$CORPUS" left unset read (and index add stored) whatever the current folder held
    monkeypatch.chdir(tmp_path)
    shutil.copy(REWRITE, tmp_path / "stray.txt")
    result = runner.invoke(app, [c.format(db=index) for c in command])
    assert "'': an empty " in _error_line(result)
    assert _articles(index) == 1
    with pytest.raises(DedupError, match="an empty path"):
        dedup.scan("")


def test_python_api_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(DedupError, match="no such file or folder"):
        dedup.scan(tmp_path / "nothing")
    with pytest.raises(DedupError, match="no such file"):
        dedup.compare(tmp_path / "nothing", REWRITE)
    assert dedup.scan(tmp_path).documents == ()


def test_a_folder_where_a_file_is_expected(tmp_path: Path) -> None:
    assert "is a folder" in _error_line(runner.invoke(app, ["compare", str(tmp_path), str(REWRITE)]))
    assert "is a folder" in _error_line(runner.invoke(app, ["scan", str(CORPUS), "--json", str(tmp_path)]))
    assert "is a folder" in _error_line(runner.invoke(app, ["index", "add", str(tmp_path), str(WIRE)]))
    with pytest.raises(DedupError, match="is a folder"):
        dedup.compare(tmp_path, REWRITE)


# -- unreadable file (permission denied), as a user whom root's override does not cover ------------------


def _as_nobody(fn: Callable[[], Any]) -> Any:
    """Run ``fn`` in a forked child that has dropped root's privileges; its result comes back as JSON."""
    import pwd

    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("no 'nobody' user to drop privileges to")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            os.write(write, json.dumps(fn()).encode())
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which fails the test
            os.write(write, json.dumps({"crash": repr(exc)}).encode())
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read) as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(data)


def test_permission_denied(tmp_path_factory: pytest.TempPathFactory) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to drop privileges to 'nobody' (as another user, chmod 000 tests the same)")
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="dedup-perm-"))  # world-traversable, unlike pytest's tmp_path
    try:
        folder.chmod(0o755)
        secret = folder / "secret.txt"
        secret.write_text(TEXT)
        secret.chmod(0o000)
        shutil.copy(REWRITE, folder / "rewrite.txt")
        (folder / "rewrite.txt").chmod(0o644)
        out = folder / "out"
        out.mkdir(mode=0o755)

        def run() -> dict[str, Any]:
            found = {}
            for name, args in {"scan": ["scan", str(secret)], "scan-folder": ["scan", str(folder), "--no-align"],
                               "compare": ["compare", str(secret), str(folder / "rewrite.txt")],
                               "json": ["scan", str(folder), "--no-align", "--json", str(out / "r.json")]}.items():
                result = runner.invoke(app, args, env={"COLUMNS": "200"})
                found[name] = [result.exit_code, result.stdout, result.stderr]
            found["api"] = [s.reason for s in dedup.scan(secret).skipped]
            return found

        found = _as_nobody(run)
    finally:
        shutil.rmtree(folder)
    assert "crash" not in found, found
    assert found["scan"][0] == 1 and found["scan"][2] == f"Error: {secret}: cannot be read (Permission denied)\n"
    assert found["scan-folder"][0] == 0 and "cannot be read (Permission denied)" in found["scan-folder"][1]
    assert found["compare"][0] == 1 and "Permission denied" in found["compare"][2] and found["compare"][2].count("\n") == 1
    assert found["json"][0] == 1 and found["json"][2] == f"Error: {out}: permission denied; the JSON output cannot be written there\n"
    assert found["api"] == ["cannot be read (Permission denied)"]


@pytest.mark.parametrize("file_mode,folder_mode", [(0o666, 0o555), (0o644, 0o555), (0o644, 0o777)],
                         ids=["read-only-folder", "read-only-file-and-folder", "read-only-file"])
def test_an_index_it_may_not_write_is_named_so_not_called_no_index(template: Path, file_mode: int, folder_mode: int) -> None:
    # in a folder it may not write, SQLite cannot even read an index (its -shm file goes beside it): that was
    # "not a dedup index (not an SQLite database: attempt to write a readonly database)", and a user told
    # their index is no index may well delete it
    if os.geteuid() != 0:
        pytest.skip("needs root to drop privileges to 'nobody' (as another user, chmod tests the same)")
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="dedup-ro-"))  # world-traversable, unlike pytest's tmp_path
    try:
        db = folder / "news.db"
        shutil.copy(template, db)
        shutil.copy(REWRITE, folder / "rewrite.txt")
        for args in (["check", str(db), str(REWRITE)], ["index", "add", str(db), str(folder / "rewrite.txt")]):
            runner.invoke(app, args)  # as root first: every module a command imports lazily is loaded
        shutil.copy(template, db)
        (folder / "rewrite.txt").chmod(0o644)
        db.chmod(file_mode)
        folder.chmod(folder_mode)

        def run() -> dict[str, Any]:
            found = {}
            for name, args in {"check": ["check", str(db), str(REWRITE)], "stats": ["index", "stats", str(db)],
                               "add": ["index", "add", str(db), str(folder / "rewrite.txt")]}.items():
                result = runner.invoke(app, args)
                found[name] = [result.exit_code, result.stderr]
            return found

        found = _as_nobody(run)
        assert "crash" not in found, found
        if folder_mode == 0o555:
            for name, (code, stderr) in found.items():
                assert code == 1 and stderr.count("\n") == 1, (name, stderr)
                assert stderr.startswith(f"Error: {db}: its folder {folder} is not writable; ") and "give write access" in stderr
        else:  # beside it, the -shm file is made: it is read, and only an add is refused
            assert found["check"][0] == found["stats"][0] == 0
            # it was "Error: the index file cannot be written (attempt to write a readonly database)": no file named
            assert found["add"] == [1, f"Error: {db}: the file is read-only to this user (attempt to write a readonly "
                                       "database), so the index can be checked (dedup check, stream --check-only) but "
                                       "not written to (added to, removed from, merged): give write access to it, or "
                                       "run as its owner; nothing was changed\n"]
        assert db.read_bytes() == template.read_bytes()
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


# -- indexes that are not what they seem -------------------------------------------------------------


def _garbage(tmp_path: Path) -> str:
    path = tmp_path / "garbage.db"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16)
    return str(path)


def _foreign(tmp_path: Path) -> str:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    return str(path)


def _empty(tmp_path: Path) -> str:
    path = tmp_path / "news.db"  # made by another program, or by a mistaken touch: not taken over
    path.touch()
    return str(path)


def _device(tmp_path: Path) -> str:
    path = tmp_path / "news.db"  # SQLite opened /dev/null, found "an empty database", and wrote /dev/null-journal
    path.symlink_to("/dev/null")
    return str(path)


INDEXES = {
    "garbage-file": (_garbage, "not an SQLite database"),
    "text-file": (lambda tmp: str(_file("notes.txt", "hello\n")(tmp)), "not an SQLite database, so not a dedup index"),
    "empty-file": (_empty, "an empty file, not a dedup index"),
    "device": (_device, "a device, not a dedup index (a dedup index is an SQLite file made by `dedup index add`)"),
    "foreign-sqlite": (_foreign, "another program (tables invoices)"),
    "unreachable-redis": (lambda tmp: "redis://127.0.0.1:1/0", "cannot reach Redis"),
    "malformed-redis-url": (lambda tmp: "redis://127.0.0.1:sixtythree/0", "malformed Redis URL"),
    # the URL's parser failed with ValueError (a traceback) before redis-py saw it
    "unclosed-ipv6-redis-url": (lambda tmp: "redis://[::1:6379/0", "6379/0' (Invalid IPv6 URL): use redis://host:port/db"),
}
INDEX_COMMANDS = {
    "check": ["check", "{db}", str(REWRITE)],
    "index-add": ["index", "add", "{db}", str(WIRE)],
    "stream": ["stream", "{db}"],
    "stream-check-only": ["stream", "{db}", "--check-only"],
    "stats": ["index", "stats", "{db}"],
    "serve": ["serve", "{db}"],  # refused before the server starts (and the test never lets it start)
}


@pytest.mark.parametrize("command", list(INDEX_COMMANDS.values()), ids=list(INDEX_COMMANDS))
@pytest.mark.parametrize("kind", list(INDEXES), ids=list(INDEXES))
def test_bad_index(kind: str, command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if "redis" in kind:
        pytest.importorskip("redis")
    if command[0] == "serve":
        uvicorn = pytest.importorskip("uvicorn")
        monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("served an index it should have refused"))
    make, says = INDEXES[kind]
    db = make(tmp_path)
    before = Path(db).read_bytes() if Path(db).exists() else None
    journal = Path("/dev/null-journal").exists()
    result = runner.invoke(app, [c.format(db=db) for c in command], input=LINE + "\n")
    assert says in _error_line(result)
    if before is not None:
        assert Path(db).read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == [Path(db).name]  # no -wal, no -shm
    if kind == "device":
        assert Path("/dev/null-journal").exists() is journal


@pytest.mark.parametrize("kind", list(INDEXES), ids=list(INDEXES))
def test_python_api_bad_index(kind: str, tmp_path: Path) -> None:
    if "redis" in kind:
        pytest.importorskip("redis")
    make, says = INDEXES[kind]
    with pytest.raises(DedupError, match=says.replace("(", r"\(").replace(")", r"\)")):
        Index.open(make(tmp_path))


# -- HTTP: bodies too large, malformed, of the wrong type ------------------------------------------------


@pytest.fixture
def client(index: Path) -> Any:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from dedup.index.serve import create_app

    with Index.open(index) as opened:
        yield TestClient(create_app(opened))


@pytest.mark.parametrize("body,status,says", [
    (json.dumps({"id": "big", "text": "word " * (1 << 20)}).encode(), 413, "larger than"),
    (b'{"id": "x", "text": "unterminated', 422, "JSON decode error"),
    # pydantic's "Input should be a valid dictionary ..." before
    (b'[{"id": "x", "text": "a list"}]', 422, "not a list; a list of articles goes one article a request"),
    # the reader's refusals, in dedup stream's words (they were pydantic's 422 lists)
    (json.dumps({"id": "x", "text": 12}).encode(), 400, "'text' must be a string, not a number"),
    (json.dumps({"id": 7.5, "text": TEXT}).encode(), 400, "an 'id' must be a string or a whole number, not 7.5"),  # a whole number is an id, as in JSONL
    (json.dumps({"id": "x"}).encode(), 400, "no 'text' field (or 'html') with the article"),
    (json.dumps({"id": "x", "text": "too short"}).encode(), 400, "too short"),
    (b"\xff\xfe\x00garbage", 422, ""),
], ids=["too-large", "malformed", "a-list", "text-not-string", "id-not-string-or-whole", "missing-text", "too-short", "binary"])
@pytest.mark.parametrize("route", ["/check", "/articles"])
def test_http_bodies(client: Any, index: Path, route: str, body: bytes, status: int, says: str) -> None:
    response = client.post(route, content=body, headers={"content-type": "application/json"})
    assert response.status_code == status
    assert says in json.dumps(response.json()["detail"])
    assert client.get("/health").json()["articles"] == 1


def test_http_control_bytes_in_text_are_read(client: Any) -> None:
    response = client.post("/check", json={"text": TEXT.replace("drills", "dri\x00lls", 1)})
    assert response.status_code == 200 and response.json()["matches"][0]["id"] == "belarus-china-drills.txt"


# -- an unreachable Dask scheduler ---------------------------------------------------------------------


def test_unreachable_dask_scheduler() -> None:
    pytest.importorskip("distributed")
    from dedup.engines import scan_with

    result = runner.invoke(app, ["scan", str(CORPUS), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1",
                                 "--connect-timeout", "1", "--json", str(CORPUS.parent / "never-written.json")])
    assert "cannot reach the Dask scheduler" in _error_line(result)
    assert not (CORPUS.parent / "never-written.json").exists()
    with pytest.raises(DedupError, match="cannot reach the Dask scheduler"):
        scan_with("dask", CORPUS, scheduler="tcp://127.0.0.1:1", timeout=1)


# -- odd names and values that reach the reports ----------------------------------------------------


def _strict_json(path: Path) -> Any:
    """The file as JSON that any reader takes: no NaN or Infinity, no lone surrogates."""
    raw = path.read_bytes().decode("utf-8")  # lone surrogates cannot be encoded, so never in a UTF-8 file

    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(raw, parse_constant=refuse)


def test_reports_of_odd_names_and_values_are_valid(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "dir[").mkdir(parents=True)
    shutil.copy(WIRE, folder / "dir[" / "x].txt")  # its path "dir[/x].txt" holds a closing markup tag
    os.makedirs(os.fsencode(folder / "caf\xe9"[:-1]) + b"\xe9", exist_ok=True)  # a folder name that is not UTF-8
    shutil.copy(WIRE, os.fsencode(folder / "caf") + b"\xe9/copy.txt")
    (folder / "nan.json").write_text('{"id": "nan", "score": NaN, "reach": -1e999, "text": ' + json.dumps(TEXT) + "}")
    (folder / "odd.json").write_text(json.dumps({"id": "odd-\udc80", "title": "T\ud800", "text": TEXT}))
    out, report = tmp_path / "out.json", tmp_path / "report"
    result = _ok(runner.invoke(app, ["scan", str(folder), "--no-align", "--json", str(out), "--html", str(report)],
                               env={"COLUMNS": "200"}))
    assert "dir[/x].txt" in result.stdout
    data = _strict_json(out)
    ids = sorted(d["id"] for d in data["documents"])
    assert ids == sorted(["dir[/x].txt", "caf\\xe9/copy.txt", "nan", "odd-\ufffd"])
    assert [d for d in data["documents"] if d["id"] == "nan"][0]["meta"] == {"score": None, "reach": None}
    assert len(data["pairs"]) == 6 and (report / "index.html").read_text(encoding="utf-8")


def test_compare_with_a_closing_markup_tag_in_a_name(tmp_path: Path) -> None:
    (tmp_path / "wire[").mkdir()
    odd = tmp_path / "wire[" / "i].txt"  # "...wire[/i].txt": a closing markup tag in the column header
    shutil.copy(WIRE, odd)
    result = _ok(runner.invoke(app, ["compare", str(odd), str(REWRITE)], env={"COLUMNS": "400"}))
    assert "wire[/i].txt" in result.stdout


def test_compare_of_files_named_in_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    # the ids were the paths as given, a lone surrogate for each such byte: --html failed with a traceback
    # (UnicodeEncodeError), --json wrote bytes that are not UTF-8
    folder = tmp_path / os.fsdecode(b"caf\xe9")
    folder.mkdir()
    wire, rewrite = folder / "wire.txt", folder / os.fsdecode(b"r\xe9write.txt")
    shutil.copy(WIRE, wire)
    shutil.copy(REWRITE, rewrite)
    page = tmp_path / "pair.html"
    _ok(runner.invoke(app, ["compare", str(wire), str(rewrite), "--html", str(page)]))
    assert "caf\\xe9/r\\xe9write.txt" in page.read_text(encoding="utf-8")
    out = json.loads(_ok(runner.invoke(app, ["compare", str(wire), str(rewrite), "--json"])).stdout)
    assert {out["a"], out["b"]} == {str(tmp_path) + "/caf\\xe9/wire.txt", str(tmp_path) + "/caf\\xe9/r\\xe9write.txt"}


@pytest.mark.parametrize("command", [["scan", "{path}"], ["index", "stats", "{path}"], ["compare", "{path}", str(WIRE)]],
                         ids=["scan", "index-stats", "compare"])
def test_an_error_names_a_path_whose_bytes_are_not_utf8_as_ids_name_it(command: list[str], tmp_path: Path) -> None:
    missing = str(tmp_path / os.fsdecode(b"caf\xe9"))  # written "caf\udce9": not how an id or a listing names it
    line = _error_line(runner.invoke(app, [c.format(path=missing) for c in command]))
    assert "caf\\xe9: no such " in line and "\\udc" not in line


def test_python_api_stores_a_lone_surrogate_as_u_fffd(tmp_path: Path) -> None:
    with Index.open(tmp_path / "news.db") as opened:  # the Document holds U+FFFD in its place, as a read gives
        opened.add(dedup.Document("x\udc80", TEXT))
        assert opened.stats()["articles"] == 1 and opened.contains("x\ufffd")


def test_a_seed_out_of_range_is_a_usage_error() -> None:
    for seed in ("-1", str(2**64)):
        result = runner.invoke(app, ["scan", str(WIRE), "--seed", seed])
        assert result.exit_code == 2 and "Traceback" not in result.output and "--seed" in result.output


# -- where the reports go ------------------------------------------------------------------------------


def test_json_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    real, link = tmp_path / "real.json", tmp_path / "link.json"
    _ok(runner.invoke(app, ["scan", str(WIRE), "-q", "--json", str(real)]))  # an earlier report, replaced
    link.symlink_to(real)
    _ok(runner.invoke(app, ["scan", str(CORPUS), "-q", "--json", str(link)]))
    assert link.is_symlink() and json.loads(real.read_text())["pairs"]


def test_json_into_a_pipe_is_written_through(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "feed.json"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)  # never holds up the run
    reader.start()
    _ok(runner.invoke(app, ["scan", str(CORPUS), "-q", "--json", str(fifo)]))
    reader.join(timeout=30)
    assert got and json.loads(got[0])["pairs"]
    assert fifo.exists() and not fifo.is_file()  # still the pipe


@pytest.mark.parametrize("where", ["same", "inside"])
def test_json_and_html_in_one_place_is_refused_before_the_scan(tmp_path: Path, where: str) -> None:
    report = tmp_path / "report"
    if where == "inside":
        report.mkdir()  # the JSON would be written, then the report's own index.html put over it
    target = report if where == "same" else report / "index.html"
    result = runner.invoke(app, ["scan", str(CORPUS), "-q", "--json", str(target), "--html", str(report)])
    assert "would overwrite each other" in _error_line(result)
    assert not report.exists() or not any(report.iterdir())


@pytest.mark.parametrize("option,target", [("--json", "wire.txt"), ("--json", "sub/feed.json"), ("--html", "sub")],
                         ids=["json-over-an-article", "json-over-a-json-article", "html-over-an-index-html-article"])
def test_a_report_over_an_article_of_the_corpus_is_refused_before_the_scan(tmp_path: Path, option: str, target: str) -> None:
    # the article was overwritten by the report, exit 0: the scan read it, then lost it
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    shutil.copy(WIRE, corpus / "wire.txt")
    (corpus / "sub" / "feed.json").write_text(json.dumps({"id": "f", "text": TEXT}))
    (corpus / "sub" / "index.html").write_text(f"<html><body><p>{TEXT}</p></body></html>")
    before = {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()}
    result = runner.invoke(app, ["scan", str(corpus), "-q", option, str(corpus / target)])
    shown = corpus / target / "index.html" if option == "--html" else corpus / target
    assert _error_line(result) == f"Error: {shown}: is an article of the input {corpus}; the " \
        f"{'HTML report' if option == '--html' else 'JSON output'} would overwrite it: give another place\n"
    assert {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()} == before


def test_a_report_into_the_corpus_replaces_the_last_one_and_leaves_hidden_files(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / ".cache").mkdir(parents=True)
    shutil.copy(WIRE, corpus / "wire.txt")
    shutil.copy(REWRITE, corpus / "rewrite.txt")
    _ok(runner.invoke(app, ["scan", str(WIRE), "-q", "--json", str(corpus / ".cache" / "x.json")]))  # an earlier report
    for _ in range(2):  # the second run replaces the first run's reports, which it does not read
        _ok(runner.invoke(app, ["scan", str(corpus), "-q", "--json", str(corpus / "result.json"), "--html", str(corpus / "report")]))
    _ok(runner.invoke(app, ["scan", str(corpus), "-q", "--json", str(corpus / ".cache" / "x.json")]))
    assert json.loads((corpus / ".cache" / "x.json").read_text())["pairs"] == json.loads((corpus / "result.json").read_text())["pairs"]


def test_compare_html_over_an_input_is_refused(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    shutil.copy(WIRE, article)
    before = article.read_bytes()
    result = runner.invoke(app, ["compare", str(article), str(REWRITE), "--html", str(article)])
    assert "is an input" in _error_line(result)
    assert article.read_bytes() == before


# -- ingest: damaged files, URLs, ages, ids ------------------------------------------------------------


def test_a_damaged_index_is_one_line(index: Path, tmp_path: Path) -> None:
    with Index.open(index) as opened:  # enough rows that the damage lands on pages a check reads
        opened.add_many(dedup.Document(f"a{k}", TEXT.replace("Belarus", f"Belarus {k}")) for k in range(60))
        opened.merge()
    data = bytearray(index.read_bytes())
    for at in range(8192, len(data) - 4096, 4096):
        data[at + 100 : at + 300] = bytes(range(200))
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(bytes(data))
    for command in (["check", str(damaged), str(REWRITE)], ["index", "stats", str(damaged)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 1 and "Traceback" not in result.output, (command, result.output)
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr


def test_redis_urls_are_read_as_redis_reads_them() -> None:
    from dedup.errors import StorageError
    from dedup.index.store_redis import connection_url

    assert connection_url("unix:///run/redis.sock?db=2&prefix=news:") == ("unix:///run/redis.sock?db=2", "news:")
    assert connection_url("redis://127.0.0.1:6379/13") == ("redis://127.0.0.1:6379/13", "dedup:")
    for typo in ("redis://127.0.0.1:6379/xyz", "redis://127.0.0.1:6379/13x", "unix:///run/redis.sock?db=two"):
        with pytest.raises(StorageError, match="is not a number"):  # redis-py would use database 0
            connection_url(typo)


@pytest.mark.parametrize("age", ["99999999999d", "1000000d", "\u00b2d"])
def test_prune_with_an_age_off_the_calendar(index: Path, age: str) -> None:
    result = runner.invoke(app, ["index", "prune", str(index), "--older-than", age])
    assert "Traceback" not in result.output and _error_line(result, 2)
    assert _articles(index) == 1


@pytest.mark.parametrize("age", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+01:00"], ids=["past", "before"])
def test_prune_of_a_date_its_offset_takes_off_the_calendar_says_so(index: Path, age: str) -> None:
    # an ISO date whose UTC falls past year 9999 (or before year 1) was "neither an age ... nor a date"
    result = runner.invoke(app, ["index", "prune", str(index), "--older-than", age])
    assert result.exit_code == 2 and _error_line(result, 2) == f"Error: --older-than {age!r}: falls outside the calendar " \
        "in UTC (its offset moves it past year 9999 or before year 1); give a date within it\n"
    assert _articles(index) == 1


@pytest.mark.parametrize("age", ["0d", "0s", "000w", "2999-01-01", "Fri, 01 Jan 2999 00:00:00 GMT"],
                         ids=["0d", "0s", "000w", "iso-date-to-come", "rfc-date-to-come"])
def test_prune_refuses_what_would_remove_every_article(index: Path, age: str) -> None:
    # "0d" (for "30d") and a year mistyped into the future removed every article of the index
    result = runner.invoke(app, ["index", "prune", str(index), "--older-than", age])
    assert result.exit_code == 2 and _error_line(result, 2) and ("an age of 0" in result.stderr or "still to come" in result.stderr)
    assert _articles(index) == 1


@pytest.mark.parametrize("record", [{"id": True}, {"id": 7.5}, {"id": ["a"]}])
def test_stream_ids_of_other_types_are_refused(index: Path, record: dict[str, Any]) -> None:
    line = json.dumps(record | {"text": TEXT})
    result = _ok(runner.invoke(app, ["stream", str(index)], input=line + "\n"))
    assert "must be a string or a whole number" in json.loads(result.stdout)["error"]
    assert _articles(index) == 1


def test_stream_and_http_say_what_was_read_with_a_warning(index: Path) -> None:
    # the date was dropped without a word, where a scan, check and index add warn of it
    line = json.dumps({"id": "dated", "text": TEXT, "published": "2026-13-45"})
    out = json.loads(_ok(runner.invoke(app, ["stream", str(index), "--no-align"], input=line + "\n")).stdout)
    assert out["warnings"] == ["dated: 'published' is not a date (ISO 8601 or RFC 2822) ('2026-13-45'); ignored"]
    plain = json.loads(_ok(runner.invoke(app, ["stream", str(index), "--no-align"], input=LINE + "\n")).stdout)
    assert "warnings" not in plain and plain["id"] == "feed-1"
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from dedup.index.serve import create_app

    with Index.open(index, align=False) as opened:
        client = TestClient(create_app(opened))
        for route in ("/check", "/articles"):
            body = client.post(route, json={"id": "dated-2", "text": TEXT + " More.", "published": "yesterday"}).json()
            assert body["warnings"] == ["dated-2: 'published' is not a date (ISO 8601 or RFC 2822) ('yesterday'); ignored"], route
        assert "warnings" not in client.post("/check", json={"text": TEXT}).json()


def test_http_keeps_the_language_given(client: Any, index: Path) -> None:
    response = client.post("/articles", json={"id": "tagged", "text": TEXT, "language": "de"})
    assert response.status_code == 200, response.text
    with Index.open(index, create=False) as opened:
        assert opened._store.find(id="tagged").language == "de"  # noqa: SLF001


def test_texts_without_full_stops_are_compared(tmp_path: Path) -> None:
    # One "sentence" of 30,000 words each: difflib's edit ratio of the two grew with the square of it, and
    # so did collecting the facts inside the linked spans (a scan of two 150,000-word lines did not end).
    from dedup.links import LONGEST_EDIT, _edit_ratio

    import random

    vocabulary = sorted({w.strip(".,") for w in TEXT.split()})
    draw = random.Random(5)
    words = [draw.choice(vocabulary) + ("s" if draw.random() < 0.3 else "") for _ in range(30_000)]
    edited = [("changed" if k % 40 == 0 else w) for k, w in enumerate(words)]
    (tmp_path / "a.txt").write_text(" ".join(words))
    (tmp_path / "b.txt").write_text(" ".join(edited))
    result = _ok(runner.invoke(app, ["scan", str(tmp_path), "-q", "--json", str(tmp_path / "out.json")]))
    pairs = json.loads((tmp_path / "out.json").read_text())["pairs"]
    assert [p["verdict"] for p in pairs] == ["duplicate"] and not result.stdout
    assert len(words) + len(edited) > LONGEST_EDIT
    assert _edit_ratio(words, edited, 0.5) == pytest.approx(2 * sum(1 for w in edited if w != "changed") / (2 * len(words)), abs=0.01)


def test_facts_within_spans_are_each_fact_once_in_order() -> None:
    from dedup.facts import extract_facts, within

    text = TEXT * 3
    facts = extract_facts(text, [(0, len(text))])
    spans = [(0, len(text) // 2), (len(text) // 4, len(text)), (0, 40)]
    naive: list[Any] = []
    for s, e in spans:
        naive += [f for f in facts if s <= f.span[0] and f.span[1] <= e and f not in naive]
    assert within(facts, spans) == sorted(naive, key=lambda f: (f.span, f.kind)) and len(naive) > 10


def test_serve_on_a_port_already_taken_is_one_line(index: Path) -> None:
    pytest.importorskip("uvicorn")
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["serve", str(index), "--port", str(port)])
    assert "another server has it" in _error_line(result)


@pytest.mark.parametrize("host", ["not a host!", "192.0.2.10"], ids=["no-such-name", "not-this-machine"])
def test_serve_on_an_address_it_cannot_listen_on_is_one_line(index: Path, host: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # uvicorn logged the failure in several lines and exited 3
    uvicorn = pytest.importorskip("uvicorn")
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("started on an address it cannot listen on"))
    result = runner.invoke(app, ["serve", str(index), "--host", host, "--allow-remote", "--port", "8765"])
    assert f"cannot listen on {host}:8765" in _error_line(result) and "give --host an address" in result.stderr


@pytest.mark.parametrize("damage", ["drop channels", "max_bucket x"])
def test_damaged_settings_are_one_line(index: Path, damage: str) -> None:
    db = sqlite3.connect(index)
    settings = json.loads(db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()[0])
    if damage == "drop channels":
        del settings["channels"]
    else:
        settings["max_bucket"] = "x"
    db.execute("UPDATE settings SET value = ? WHERE name = 'index'", (json.dumps(settings),))
    db.commit()
    db.close()
    result = runner.invoke(app, ["check", str(index), str(REWRITE)])
    assert "stored settings are damaged" in _error_line(result)


def test_json_beside_the_html_report_is_kept(tmp_path: Path) -> None:
    report = tmp_path / "report"
    report.mkdir()
    _ok(runner.invoke(app, ["scan", str(CORPUS), "-q", "--json", str(report / "result.json"), "--html", str(report)]))
    assert json.loads((report / "result.json").read_text())["pairs"] and (report / "index.html").exists()


# -- the Python API given values of the wrong type ------------------------------------------------------


@pytest.mark.parametrize("call,error,says", [
    (lambda: dedup.scan(None), TypeError, "scan\\(\\) takes a path, a Corpus or an iterable of Documents, not NoneType"),
    (lambda: dedup.scan([TEXT, TEXT]), TypeError, "scan\\(\\) takes Documents, not str: make each article a Document"),
    (lambda: dedup.scan(TEXT), DedupError, "cannot be read \\(File name too long\\); give the path .* a Document"),
    (lambda: dedup.scan([dedup.Document("a", TEXT)], seed=-1), DedupError, "seed must be a whole number"),
    (lambda: dedup.scan([dedup.Document("a", TEXT)], seed="1"), DedupError, "seed must be a whole number"),
    (lambda: dedup.compare(None, REWRITE), TypeError, "compare\\(\\) takes Documents or paths of article files, not NoneType"),
    (lambda: dedup.compare(TEXT, TEXT), DedupError, "cannot be read \\(File name too long\\)"),
    (lambda: dedup.compare(WIRE, REWRITE, seed=-1), DedupError, "seed must be a whole number"),
    (lambda: dedup.read_corpus(TEXT), DedupError, "cannot be read \\(File name too long\\)"),
], ids=["scan-none", "scan-texts", "scan-a-text", "scan-seed-negative", "scan-seed-text", "compare-none",
        "compare-texts", "compare-seed-negative", "read-a-text"])
def test_python_api_of_the_wrong_type(call: Callable[[], Any], error: type, says: str) -> None:
    # were an AttributeError, an OSError or numpy's OverflowError from deep inside a stage
    with pytest.raises(error, match=says):
        call()


@pytest.mark.parametrize("location,options,error,says", [
    (None, {}, TypeError, "an index location is a file path or a redis:// URL, not NoneType"),
    (b"news.db", {}, TypeError, "not bytes"),
    ("new.db", {"min_words": 0}, DedupError, "min_words must be a whole number of at least 1, got 0"),
    ("new.db", {"max_bucket": 1}, DedupError, "max_bucket must be a whole number of at least 2, got 1"),
    ("new.db", {"seed": -1}, DedupError, "seed must be a whole number"),
    ("new.db", {"seed": "x"}, DedupError, "seed must be a whole number"),
    ("new.db", {"min_confidence": 2}, DedupError, "min_confidence must be between 0 and 1"),
    ("new.db", {"channels": "thorough"}, TypeError, "channels must be a non-empty sequence of ChannelSpec"),
    ("new.db", {"channels": ()}, TypeError, "channels must be a non-empty sequence of ChannelSpec"),
    ("new.db", {"common_words": "the"}, DedupError, "common_words must be a collection of words, such as \\['the'\\]"),
    ("new.db", {"min_words": 2.5}, DedupError, "min_words must be a whole number of at least 1, got 2.5"),
], ids=["none", "bytes", "min-words-0", "max-bucket-1", "seed-negative", "seed-text", "min-confidence-2",
        "channels-a-name", "no-channels", "common-words-a-string", "min-words-float"])
def test_python_api_index_refuses_bad_arguments_and_creates_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   location: Any, options: dict[str, Any],
                                                                   error: type, says: str) -> None:
    # were an index file named "None" or "b'news.db'", or a new index holding settings a scan refuses (and
    # min_words=0 was refused as "built with other settings" by the index it had just created)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(error, match=says):
        Index.open(location, **options)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("call,says", [
    (lambda index: index.add(TEXT), "the index takes articles as Documents, not str"),
    (lambda index: index.check(None), "the index takes articles as Documents, not NoneType"),
    (lambda index: index.add_many([TEXT]), "the index takes articles as Documents, not str"),
    (lambda index: index.prune("7d"), "prune\\(\\) takes a datetime or a timedelta, not str"),
], ids=["add-a-text", "check-none", "add-many-texts", "prune-text"])
def test_python_api_index_methods_of_the_wrong_type(index: Path, call: Callable[[Index], Any], says: str) -> None:
    with Index.open(index) as opened:
        with pytest.raises(TypeError, match=says):
            call(opened)
    assert _articles(index) == 1


@pytest.mark.parametrize("command", [["scan", "{path}"], ["compare", "{path}", str(WIRE)], ["check", "{db}", "{path}"],
                                     ["index", "add", "{db}", "{path}"]], ids=["scan", "compare", "check", "index-add"])
def test_a_link_that_leads_nowhere_is_said_so(command: list[str], tmp_path: Path, template: Path) -> None:
    # both were "no such file": beside a name that ls lists, that reads as a typo
    (tmp_path / "one.txt").symlink_to("two.txt")
    (tmp_path / "two.txt").symlink_to("one.txt")
    (tmp_path / "moved.txt").symlink_to("archive/moved.txt")
    db = tmp_path / "news.db"
    shutil.copy(template, db)
    said = {}
    for name in ("one.txt", "moved.txt"):
        result = runner.invoke(app, [c.format(path=tmp_path / name, db=db) for c in command])
        said[name] = _error_line(result)
    assert said["one.txt"] == f"Error: {tmp_path / 'one.txt'}: a link that leads round in a loop (too many levels of symbolic links)\n"
    assert said["moved.txt"] == f"Error: {tmp_path / 'moved.txt'}: a link to archive/moved.txt, which does not exist\n"
    assert db.read_bytes() == template.read_bytes()


@pytest.mark.parametrize(("host", "says"), [
    ("", "Error: --host is empty: give the address to bind, such as 127.0.0.1 (the default)\n"),
    ("127.0.0.1:8080", "Error: --host 127.0.0.1:8080: give the address alone, and the port with --port\n"),
    ("[::1]:8080", "Error: --host [::1]:8080: give the address alone, and the port with --port\n"),
    ("999.1.1.1", "Error: --host 999.1.1.1: not an IPv4 address\n"),
], ids=["empty", "with-port", "ipv6-with-port", "no-ipv4"])
def test_serve_host_that_is_no_address_is_said_so(index: Path, host: str, says: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # each was "would let other machines reach an index with no authentication", which it would not
    uvicorn = pytest.importorskip("uvicorn")
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("started on no address"))
    assert _error_line(runner.invoke(app, ["serve", str(index), "--host", host, "--port", "8765"])) == says


def test_serve_on_a_bracketed_ipv6_loopback_binds_it(index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # "[::1]" was taken for loopback and probed, then given to uvicorn as it is: "Name or service not known", exit 3
    uvicorn = pytest.importorskip("uvicorn")
    from dedup.index import serve

    started: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.append(options))
    monkeypatch.setattr(serve, "_check_port", lambda host, port: None)
    result = runner.invoke(app, ["serve", str(index), "--host", "[::1]", "--port", "8765"])
    assert result.exit_code == 0 and started[0]["host"] == "::1" and "http://[::1]:8765" in result.stderr


LONG_ID = "wire/" + "x" * 100_000  # a 100,000-character id (a feed that put the article's text in it, say)


def test_a_long_id_is_cut_in_the_middle_on_the_terminal_only(tmp_path: Path) -> None:
    # it filled the clusters table (and the pairs table, a check's lines) with a thousand lines of x
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": LONG_ID + end, "text": TEXT}) + "\n" for end in ("/a", "/b")))
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["scan", str(feed), "--json", str(out)], terminal_width=100)
    assert result.exit_code == 0, result.output[:2000]
    assert len(result.output) < 5_000 and len(result.output.splitlines()) < 60
    shown = "wire/" + "x" * 54 + "…" + "x" * 58 + "/a"
    assert shown in result.output.replace("\n", "").replace("│", "").replace(" ", "")
    data = json.loads(out.read_text())  # the JSON keeps every id whole
    assert {d["id"] for d in data["documents"]} == {LONG_ID + "/a", LONG_ID + "/b"}
    assert data["clusters"][0]["members"] == [LONG_ID + "/a", LONG_ID + "/b"]


def test_a_long_id_is_cut_in_checks_lines_and_error_lines(index: Path, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": LONG_ID, "text": TEXT}) + "\n" + json.dumps({"id": "short", "text": TEXT}) + "\n")
    lines = runner.invoke(app, ["check", str(index), str(feed)])
    assert lines.exit_code == 0 and len(lines.output) < 2_000 and "…" in lines.output
    whole = runner.invoke(app, ["check", str(index), str(feed), "--json"])  # machines get the id whole
    assert json.loads(whole.output.splitlines()[0])["id"] == LONG_ID
    twice = tmp_path / "twice.jsonl"
    twice.write_text(2 * (json.dumps({"id": LONG_ID, "text": TEXT}) + "\n"))
    result = runner.invoke(app, ["scan", str(twice)])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and len(result.stderr) < 500
    assert result.stderr.startswith("Error: duplicate article id 'wire/xxx") and "…" in result.stderr


SURROGATE_IDS = "".join(json.dumps({"id": f"feed-{c}", "text": text}) + "\n"
                        for c, text in (("\ud800", TEXT), ("\udfff", WIRE.read_text())))


def test_ids_made_one_by_replaced_characters_say_so_and_lose_nothing(index: Path, tmp_path: Path) -> None:
    # "feed-\ud800" and "feed-\udfff" (JSON escapes) both became "feed-\ufffd": the scan's error named
    # only that, an id neither line holds, and the index refused the second as "another text"
    feed = tmp_path / "feed.jsonl"
    feed.write_text(SURROGATE_IDS, encoding="utf-8")
    result = runner.invoke(app, ["scan", str(feed)])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert result.stderr == ("Error: duplicate article id 'feed-\ufffd' in feed.jsonl:1 and feed.jsonl:2 (the ids "
                             "'feed-\\ud800' and 'feed-\\udfff' became one when a character no id can hold, a lone "
                             "surrogate or a control character, was replaced by U+FFFD): ids must be unique\n")
    before = _articles(index)
    for number, line in enumerate(SURROGATE_IDS.splitlines(keepends=True)):  # one run each
        (tmp_path / f"line{number}.jsonl").write_text(line, encoding="utf-8")
        added = runner.invoke(app, ["index", "add", str(index), str(tmp_path / f"line{number}.jsonl")])
        assert added.exit_code == 0 and _articles(index) == before + 1  # the first is stored and kept
    assert added.stderr.startswith("skipped feed-\ufffd: article id 'feed-\ufffd' is already indexed with another "
                                   "text (its U+FFFD may stand for a character no id can hold")


# -- standard input or output closed (``<&-``, ``>&-``): Python sets sys.stdin or sys.stdout to None ---------


def _closed(fd: int, args: list[str], stdin: bytes = b"") -> "subprocess.CompletedProcess[bytes]":
    """``python -m dedup ARGS`` started with descriptor ``fd`` closed, as a shell's ``<&-`` or ``>&-`` does."""
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(CORPUS.parent)}
    return subprocess.run([sys.executable, "-m", "dedup", *args], env=env, stderr=subprocess.PIPE, timeout=120,
                          input=stdin if fd != 0 else None, preexec_fn=lambda: os.close(fd))


@pytest.mark.parametrize("command", [["stream", "{db}"], ["stream", "{db}", "--check-only"], ["scan", "-"],
                                     ["index", "add", "{db}", "-"]],
                         ids=["stream", "stream-check-only", "scan", "index-add"])
def test_a_closed_standard_input_is_one_line(command: list[str], index: Path) -> None:
    # were a traceback: TypeError: 'NoneType' object is not iterable
    done = _closed(0, [c.format(db=index) for c in command])
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert done.stderr.decode() == ("Error: standard input is closed, so there is nothing to read: pipe JSONL into "
                                    "the command, or give a file\n")
    assert _articles(index) == 1


@pytest.mark.parametrize("command,stored", [(["scan", "-", "-q"], None), (["stream", "{db}"], 2),
                                            (["index", "add", "{db}", "-"], 1)],
                         ids=["scan", "stream", "index-add"])
def test_standard_input_of_one_endless_line_is_one_line_and_what_came_before_is_kept(
        command: list[str], stored: int | None, index: Path) -> None:
    # ``scan - < /dev/zero`` read on for as long as bytes came (memory bounded, but never an end); now
    # reading stops past 1 GiB of one line: a stream's articles before it are stored and answered
    import subprocess
    import sys
    import threading

    env = {**os.environ, "PYTHONPATH": str(CORPUS.parent)}
    outputs = index.parent / "out", index.parent / "err"
    with outputs[0].open("wb") as out_file, outputs[1].open("wb") as err_file:  # communicate() would close stdin
        process = subprocess.Popen([sys.executable, "-m", "dedup", *[c.format(db=index) for c in command]], env=env,
                                   stdin=subprocess.PIPE, stdout=out_file, stderr=err_file)

    def feed() -> None:
        assert process.stdin is not None
        try:
            process.stdin.write((LINE + "\n").encode())
            process.stdin.flush()
            block = b"\0" * (1 << 20)
            while True:
                process.stdin.write(block)
        except (BrokenPipeError, ValueError):
            pass

    threading.Thread(target=feed, daemon=True).start()
    try:
        process.wait(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("an endless line was read for ever")
    out, err = outputs[0].read_bytes(), outputs[1].read_bytes()
    assert process.returncode == 1 and b"Traceback" not in err
    assert err.decode().endswith("Error: standard input: line 2 runs past 1,073,741,824 bytes without an end, so it "
                                 "is no JSONL line (endless input?); nothing after it was read\n")
    if stored is not None:
        assert _articles(index) == stored  # the stream's first article stored; index add reads all first: none
    if command[0] == "stream":
        assert [json.loads(line)["id"] for line in out.splitlines()] == ["feed-1"]


@pytest.mark.parametrize("command,what", [
    (["stream", "{db}"], "the result lines"), (["stream", "{db}", "--check-only"], "the result lines"),
    (["scan", str(CORPUS), "-q", "--json", "-"], "the JSON result"),
    # these were lost without a word, with exit status 0 (click's echo writes nothing when there is no stdout)
    (["scan", str(CORPUS)], "the report (the tables)"),
    (["compare", str(CORPUS / "citypaper/port-strike.txt"), str(CORPUS / "globalwire/port-strike.json")],
     "the comparison (the tables)"),
    (["compare", str(CORPUS / "citypaper/port-strike.txt"), str(CORPUS / "globalwire/port-strike.json"), "--json"],
     "the JSON comparison"),
    (["check", "{db}", str(CORPUS / "citypaper/port-strike.txt")], "the matches"),
    (["index", "stats", "{db}"], "the stats"),
], ids=["stream", "stream-check-only", "scan-json", "scan-tables", "compare-tables", "compare-json", "check", "stats"])
def test_a_closed_standard_output_is_one_line_before_any_work(command: list[str], what: str, index: Path) -> None:
    # were a traceback (AttributeError: 'NoneType' object has no attribute 'write') after the work: a
    # stream's article was added and its result line lost
    done = _closed(1, [c.format(db=index) for c in command], stdin=(LINE + "\n").encode())
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert done.stderr.decode().startswith(f"Error: standard output is closed, so {what} cannot be written there")
    assert done.stderr.count(b"\n") == 1
    assert _articles(index) == 1


@pytest.mark.parametrize("command", [["scan", str(CORPUS), "--json", "{out}"], ["scan", str(CORPUS), "-q"],
                                     ["compare", str(CORPUS / "citypaper/port-strike.txt"),
                                      str(CORPUS / "globalwire/port-strike.json"), "--html", "{out}"]],
                         ids=["scan-json-file", "scan-quiet", "compare-html"])
def test_a_closed_standard_output_is_no_error_where_the_report_goes_elsewhere(command: list[str], tmp_path: Path) -> None:
    out = tmp_path / "report.out"
    done = _closed(1, [c.format(out=out) for c in command])
    assert done.returncode == 0 and done.stderr == b""
    assert out.exists() == ("{out}" in command)


def _to_full(args: list[str]) -> "subprocess.CompletedProcess[bytes]":
    """``python -m dedup ARGS > /dev/full``: an output that takes nothing, each write "No space left on device"."""
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(CORPUS.parent)}
    with open("/dev/full", "wb") as full:
        return subprocess.run([sys.executable, "-m", "dedup", *args], env=env, stdout=full, stderr=subprocess.PIPE,
                              timeout=120)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("command", [
    ["scan", str(CORPUS)], ["scan", str(CORPUS), "-q", "--json", "/dev/stdout"],
    ["compare", str(CORPUS / "citypaper/port-strike.txt"), str(CORPUS / "globalwire/port-strike.json"), "--json"],
    ["index", "stats", "{db}"],
    # these two were a traceback: the help and the version are written before any command's error handling
    ["--help"], ["--version"],
], ids=["scan-tables", "scan-json-stdout", "compare-json", "stats", "help", "version"])
def test_an_output_that_takes_nothing_is_named_not_the_temporary_folder(command: list[str], index: Path) -> None:
    # were "No space left on device (writing a temporary file in /tmp, or the output: temporary files go in
    # the folder TMPDIR names; give it one with more room)": the temporary folder had room
    done = _to_full([c.format(db=index) for c in command])
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert done.stderr.decode() == ("Error: No space left on device (writing standard output, which takes no more: "
                                    "give the command an output with room)\n")
    assert _articles(index) == 1


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


# -- a field given twice in one JSON record: the last value read, the first dropped without a word --

_TWICE = ('{"id": "twice", "text": "A summary of the story, a line long.", "meta": {"text": 1}, "text": %s}'
          % json.dumps(TEXT))


def test_a_field_given_twice_on_a_stream_is_warned_of_in_its_answer(index: Path) -> None:
    from dedup.index.stream import stream_results

    with Index.open(index) as opened:
        (answer,) = [json.loads(line) for line in stream_results(opened, [_TWICE.replace('"id": "twice", ', '"id": "a", "id": "twice", ')])]
    assert answer["id"] == "twice"
    assert answer["warnings"] == ["twice: the field 'id' is given more than once; its last value is read",
                                  "twice: the field 'text' is given more than once; its last value is read"]


def test_a_text_of_mixed_encodings_keeps_the_characters_of_each_line(tmp_path: Path) -> None:
    path = _file("mixed.txt", CASES[IDS.index("mixed-encodings")].make(tmp_path).read_bytes())(tmp_path)
    (doc,) = dedup.read_corpus(path).documents
    assert "Belarus\u2019 defense" in doc.text and "Caf\xe9 owners in Minsk were \xabworried\xbb." in doc.text


@pytest.mark.parametrize("command", [["index", "stats", "{db}"], ["check", "{db}", str(REWRITE)],
                                     ["index", "add", "{db}", str(REWRITE)], ["stream", "{db}"]],
                         ids=["stats", "check", "index-add", "stream"])
def test_an_index_damaged_past_its_settings_says_so_and_what_to_do(command: list[str], index: Path) -> None:
    # opened fine (its settings read), then "the index file cannot be read (database disk image is
    # malformed)": no word of the damage nor of what to do, as opening a damaged index says
    with sqlite3.connect(index) as db:
        (page,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'recent'").fetchone()
        (size,) = db.execute("PRAGMA page_size").fetchone()
    db.close()
    with index.open("r+b") as file:  # the page's type byte: no B-tree page has this one
        file.seek((page - 1) * size)
        file.write(b"\xff")
    result = runner.invoke(app, [c.format(db=index) for c in command], input=LINE + "\n")
    assert _error_line(result) == ("Error: the index file is damaged (database disk image is malformed); it is left as "
                                   "it is: restore it from a copy, or build a new index with dedup index add\n")


# -- damaged stores: every command refuses them alike, and writes nothing ------------------------------------


@pytest.fixture(scope="module")
def aged(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The index with an article published long ago (what prune removes) and its postings merged."""
    db = tmp_path_factory.mktemp("aged") / "news.db"
    shutil.copy(template, db)
    with Index.open(db) as opened:
        opened.add(dedup.Document("old-1", TEXT, published="2001-02-03T04:05:06Z"))
        opened.merge()
    return db


def _b_trees(db: Path) -> list[str]:
    with sqlite3.connect(db) as opened:
        names = [row[0] for row in opened.execute("SELECT name FROM sqlite_master WHERE rootpage > 0 ORDER BY name")]
    opened.close()
    return names


def _break_root(db: Path, name: str) -> None:
    """Write over the type byte of the root page of the table or index ``name`` (no B-tree page has 0xff)."""
    with sqlite3.connect(db) as opened:
        (page,) = opened.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()
        (size,) = opened.execute("PRAGMA page_size").fetchone()
    opened.close()
    with db.open("r+b") as file:
        file.seek((page - 1) * size + (100 if page == 1 else 0))
        file.write(b"\xff")


DAMAGED = ("Error: the index file is damaged (database disk image is malformed); it is left as it is: restore it from "
           "a copy, or build a new index with dedup index add\n")


@pytest.mark.parametrize("command", [["index", "remove", "{db}", "old-1"], ["index", "prune", "{db}", "--older-than", "2010-01-01"],
                                     ["index", "stats", "{db}"], ["check", "{db}", str(REWRITE)]],
                         ids=["remove", "prune", "stats", "check"])
@pytest.mark.parametrize("name", ["articles", "articles_age", "keyfilter", "matches", "matches_other", "postings",
                                  "recent", "sqlite_autoindex_articles_1", "sqlite_autoindex_articles_2", "stretches",
                                  "stretches_partner"])
def test_an_index_with_a_damaged_root_page_is_refused_by_every_command_and_left_as_it_is(
        aged: Path, tmp_path: Path, name: str, command: list[str]) -> None:
    # a command that never read the damaged table went on: remove and prune of an index whose key filter
    # was damaged removed articles from it, and stats printed the counts of one whose matches were
    assert name in _b_trees(aged)
    db = tmp_path / "news.db"
    shutil.copy(aged, db)
    _break_root(db, name)
    before = db.read_bytes()
    result = runner.invoke(app, [c.format(db=db) for c in command])
    assert _error_line(result) == DAMAGED
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.db"]  # nothing left in a -wal file either


def test_a_prune_that_fails_midway_removes_nothing(aged: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import timedelta

    db = tmp_path / "news.db"
    shutil.copy(aged, db)
    with Index.open(db) as opened:  # a second article to prune, added and dated after the first
        opened.add(dedup.Document("old-2", TEXT.replace("Belarus", "Minsk"), published="2002-02-03T04:05:06Z"))
        before = opened.stats()["articles"]
        store = opened._store  # noqa: SLF001
        deleted = []
        real_delete = store.delete

        def delete(seq: int, keys: Any) -> None:
            if deleted:  # the second removal meets a damaged page
                raise sqlite3.DatabaseError("database disk image is malformed")
            deleted.append(seq)
            real_delete(seq, keys)

        monkeypatch.setattr(store, "delete", delete)
        with pytest.raises(sqlite3.DatabaseError):
            opened.prune(timedelta(days=3650))
        assert deleted and opened.stats()["articles"] == before
        assert opened.contains("old-1") and opened.contains("old-2")


# -- the Python API: ids of another type, feeds that fail midway ---------------------------------------------


@pytest.mark.parametrize("call,says", [
    (lambda index: index.remove(3), "remove\\(\\) takes an article's id as a string, not int"),
    (lambda index: index.remove(None), "remove\\(\\) takes an article's id as a string, not NoneType"),
    (lambda index: index.contains(b"belarus-china-drills.txt"), "contains\\(\\) takes an article's id as a string, not bytes"),
    (lambda index: index.matches(7), "matches\\(\\) takes an article's id as a string, not int"),
    (lambda index: index.add_many(None), "add_many\\(\\) takes an iterable of Documents, not NoneType"),
    (lambda index: index.add_many(dedup.Document("one", TEXT)), "not Document: give \\[article\\], or use add\\(\\)"),
], ids=["remove-int", "remove-none", "contains-bytes", "matches-int", "add-many-none", "add-many-a-document"])
def test_python_api_ids_and_feeds_of_the_wrong_type(index: Path, call: Callable[[Index], Any], says: str) -> None:
    # remove(3) removed the article "3" on SQLite (the column's affinity), remove(None) said False as if
    # it were an id; add_many(None) was "'NoneType' object is not iterable", add_many(doc) the same of a Document
    with Index.open(index) as opened:
        opened.add(dedup.Document("3", TEXT))
        with pytest.raises(TypeError, match=says):
            call(opened)
        assert opened.contains("3")


@pytest.mark.parametrize("fails", ["raises", "gives-none"])
def test_add_many_of_a_feed_that_fails_midway_keeps_the_articles_it_gave(index: Path, fails: str) -> None:
    # the articles taken from the feed before it failed were dropped with the batch in progress
    def feed() -> Any:
        yield dedup.Document("feed-1", TEXT)
        yield dedup.Document("feed-2", TEXT.replace("Belarus", "Minsk"))
        if fails == "raises":
            raise ConnectionError("the feed's server went away")
        yield None

    with Index.open(index) as opened:
        with pytest.raises((ConnectionError, TypeError)) as raised:
            opened.add_many(feed())
        assert raised.value.__notes__ == ["dedup: the 2 articles given before it were added"]
        assert opened.contains("feed-1") and opened.contains("feed-2")
    assert _articles(index) == 3


def test_add_many_interrupted_while_its_feed_is_read_adds_nothing_of_the_batch_in_progress(index: Path) -> None:
    # a Ctrl-C while the feed was read added the articles read so far of the batch in progress (`index add`
    # said "the batch in progress is not" kept, and a stop took a batch's verification first)
    def feed() -> Any:
        yield dedup.Document("feed-1", TEXT)
        yield dedup.Document("feed-2", TEXT.replace("Belarus", "Minsk"))
        raise KeyboardInterrupt

    with Index.open(index) as opened:
        with pytest.raises(KeyboardInterrupt):
            opened.add_many(feed())
        assert not opened.contains("feed-1") and not opened.contains("feed-2")
    assert _articles(index) == 1


def test_index_remove_of_an_id_typed_as_a_file_name_not_in_utf8(tmp_path: Path) -> None:
    # the id typed as the name ls shows (its bytes as given: a lone surrogate each) was a traceback
    # (UnicodeEncodeError from SQLite); it names the article that file was stored as, caf\xe9.txt
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(WIRE, folder / os.fsdecode(b"caf\xe9.txt"))
    db = tmp_path / "news.db"
    _ok(runner.invoke(app, ["index", "add", str(db), str(folder), "-q"]))
    result = _ok(runner.invoke(app, ["index", "remove", str(db), os.fsdecode(b"caf\xe9.txt")]))
    assert result.stdout == "removed caf\\xe9.txt\n" and _articles(db) == 0


def test_a_redis_url_not_in_utf8_is_one_line() -> None:
    pytest.importorskip("redis")
    result = runner.invoke(app, ["index", "stats", "redis://127.0.0.1:6379/15?prefix=" + os.fsdecode(b"caf\xe9:")])
    assert _error_line(result) == ("Error: malformed Redis URL 'redis://127.0.0.1:6379/15?prefix=caf\\\\xe9:' (it holds "
                                   "bytes that are not UTF-8): give the URL and its ?prefix= in UTF-8\n")


def test_python_api_ids_with_a_lone_surrogate_are_read_as_documents_hold_them(index: Path) -> None:
    # a Document's id holds U+FFFD for it; contains, matches and remove failed with UnicodeEncodeError
    with Index.open(index) as opened:
        opened.add(dedup.Document("x\udc80", TEXT))
        assert opened.contains("x\udc80") and opened.matches("x\udc80") == opened.matches("x\ufffd")
        assert opened.remove("x\udc80") and not opened.contains("x\ufffd")


@pytest.mark.parametrize("damage", ["UPDATE keyfilter SET bits = x'00'", "UPDATE keyfilter SET lg = -1",
                                    "UPDATE keyfilter SET lg = 99"], ids=["bits-cut-short", "size-below-0", "size-past-the-keys"])
def test_a_key_filter_no_merge_wrote_is_a_damaged_index_not_no_matches(aged: Path, tmp_path: Path, damage: str) -> None:
    # bits cut short read as "no key here": the check of a stored article's copy said "no matches"; a size
    # below 0 was a traceback (OverflowError)
    db = tmp_path / "news.db"
    shutil.copy(aged, db)
    assert "duplicate" in _ok(runner.invoke(app, ["check", str(db), str(REWRITE)])).stdout
    with sqlite3.connect(db) as opened:
        opened.execute(damage)
    opened.close()
    for command in (["check", str(db), str(REWRITE)], ["stream", str(db)]):
        assert _error_line(runner.invoke(app, command, input=LINE + "\n")) == DAMAGED


@pytest.mark.parametrize("damage", ["UPDATE recent SET postings = x'0102'", "UPDATE recent SET postings = 'text'"],
                         ids=["cut-short", "text"])
def test_a_waiting_postings_row_no_add_wrote_is_a_damaged_index(index: Path, damage: str) -> None:
    # was a traceback in every command that reads the recent segment (ValueError, TypeError from numpy)
    with sqlite3.connect(index) as opened:  # the template's article waits in the recent segment
        assert opened.execute("SELECT count(*) FROM recent").fetchone()[0] == 1
        opened.execute(damage)
    opened.close()
    for command in (["check", str(index), str(REWRITE)], ["index", "stats", str(index)]):
        assert _error_line(runner.invoke(app, command)) == DAMAGED


def test_an_html_field_of_another_type_is_named(index: Path) -> None:
    # was "no 'text' field (or 'html') with the article", for a record that has an 'html' field
    result = _ok(runner.invoke(app, ["stream", str(index)], input=json.dumps({"id": "h", "html": ["<p>x</p>"]}) + "\n"))
    assert json.loads(result.stdout) == {"line": 1, "id": "h", "error": "'html' must be a string, not a list"}


@pytest.mark.parametrize("options, says", [
    ({"workers": "4"}, r"workers must be a whole number of at least 0, got '4'"),
    ({"workers": -3}, r"workers must be a whole number of at least 0, got -3"),
    ({"workers": 2.5}, r"workers must be a whole number of at least 0, got 2.5"),
    ({"progress": 5}, r"progress must be a function called as progress\(stage, done, total\), or None, not int"),
    ({"vocabulary": 5}, r"vocabulary must be a Vocabulary \(an index's Index.vocabulary\), or None, not int"),
], ids=["workers-text", "workers-negative", "workers-fraction", "progress-not-callable", "vocabulary-not-one"])
def test_api_scan_options_of_the_wrong_type_are_refused_where_they_enter(options: dict, says: str) -> None:  # type: ignore[type-arg]
    """Each failed deep in the scan (a string compared with a number at its end, "'int' object is not
    callable", an AttributeError inside signing) or was taken as it came (``workers=-3``)."""
    import dedup
    from dedup.errors import SettingsError

    docs = [Document("a", "The port strike entered its third day on Tuesday as dock workers refused the offer. " * 3),
            Document("b", "The port strike entered its third day on Tuesday as dock workers refused the offer. " * 3
                     + "Talks resume.")]
    with pytest.raises((SettingsError, TypeError), match=says):
        dedup.scan(docs, **options)


def _dedup_limited(args: list[str], cwd: Path, *, stdin: bytes | None = None, file_size: int = 1000, **env: str) -> Any:
    """``python -m dedup ARGS`` in a process whose files may not grow past ``file_size`` bytes (RLIMIT_FSIZE:
    a full disk, as the system tells a writer, without filling one); its pipes are not limited."""
    import resource
    import subprocess
    import sys

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, resource.RLIM_INFINITY))

    return subprocess.run([sys.executable, "-m", "dedup", *args], input=stdin, capture_output=True, cwd=cwd,
                          preexec_fn=limit, timeout=300, env={**os.environ, "PYTHONPATH": str(CORPUS.parent), **env})


@pytest.mark.parametrize("command", ["index-add", "stream", "serve"])
def test_a_new_index_that_could_not_be_made_leaves_no_empty_file(command: str, tmp_path: Path) -> None:
    # a full disk when the index is made: SQLite failed before its first page and left an empty file, which
    # every later command refused ("an empty file, not a dedup index") until the user found and deleted it
    args = {"index-add": ["index", "add", "news.db", str(WIRE), "-q"], "stream": ["stream", "news.db"],
            "serve": ["serve", "news.db", "--port", "1"]}[command]
    if command == "serve":  # a port no one may take must not be what fails first
        args[-1] = str(_free_port())
    done = _dedup_limited(args, tmp_path, stdin=(LINE + "\n").encode())
    assert done.returncode == 1 and done.stderr.decode().startswith("Error: news.db: ") and done.stderr.count(b"\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    assert _ok(runner.invoke(app, ["index", "add", str(tmp_path / "news.db"), str(WIRE), "-q"]))


@pytest.mark.parametrize("file_size", [8192, 40000])
def test_a_new_index_whose_tables_were_made_but_no_article_leaves_nothing(file_size: int, tmp_path: Path) -> None:
    # the disk full after SQLite wrote its first page (or its tables): the file, its -wal and -shm were left
    # behind holding no article, and the next command met a half-made index
    done = _dedup_limited(["index", "add", "news.db", str(WIRE), "-q"], tmp_path, file_size=file_size)
    assert done.returncode == 1 and done.stderr.decode().startswith("Error: ") and done.stderr.count(b"\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_new_index_that_holds_an_article_is_kept_when_a_later_add_fails(tmp_path: Path) -> None:
    from dedup.cli.indexfile import _remove_if_empty

    assert _ok(runner.invoke(app, ["index", "add", str(tmp_path / "news.db"), str(WIRE), "-q"]))
    _remove_if_empty(tmp_path / "news.db")
    assert (tmp_path / "news.db").exists() and _ok(runner.invoke(app, ["index", "stats", str(tmp_path / "news.db")]))


def test_an_index_that_was_there_is_never_removed_when_a_command_fails(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")  # another program's empty file: refused, and left as it is
    done = _dedup_limited(["index", "add", "empty.db", str(WIRE), "-q"], tmp_path)
    assert done.returncode == 1 and b"an empty file, not a dedup index" in done.stderr and empty.exists()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_temporary_file_the_disk_refused_is_said_to_be_one(tmp_path: Path) -> None:
    # a scan's temporary files are unnamed: "Error: File too large" (or "No space left on device") left the
    # user to guess which disk, when the output's had room and the temporary folder had none
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    done = _dedup_limited(["scan", str(CORPUS), "-q", "--no-align", "--json", "-"], tmp_path, TMPDIR=str(scratch))
    assert done.returncode == 1 and done.stdout == b""
    assert done.stderr.decode() == (f"Error: {os.strerror(27)} (writing a temporary file in {scratch}, or the output: "
                                    "temporary files go in the folder TMPDIR names; give it one with more room)\n")


def test_lines_ended_by_a_lone_carriage_return_are_lines_to_stream_scan_and_index_add(index: Path) -> None:
    # old Mac line ends: the feed was one malformed line to each, its articles lost
    feed = LINE + "\r{oops\r" + json.dumps({"id": "feed-2", "text": TEXT + " The union said talks would resume."}) + "\r"
    out = [json.loads(line) for line in
           _ok(runner.invoke(app, ["stream", str(index), "--no-align", "--check-only"], input=feed)).stdout.splitlines()]
    assert [(o["line"], o.get("id"), "error" in o) for o in out] == [(1, "feed-1", False), (2, None, True),
                                                                    (3, "feed-2", False)]
    scanned = json.loads(_ok(runner.invoke(app, ["scan", "-", "--no-align", "--json", "-"], input=feed)).stdout)
    assert [d["id"] for d in scanned["documents"]] == ["feed-1", "feed-2"]
    assert [s["path"] for s in scanned["skipped"]] == ["<stdin>:2"]
    _ok(runner.invoke(app, ["index", "add", str(index), "-", "-q"], input=feed.replace("\r{oops", "")))
    assert _articles(index) == 3


def test_a_link_out_of_a_scanned_folder_is_named_not_read(tmp_path: Path, index: Path) -> None:
    # a folder of uploads holding a link to a file elsewhere put that file (any file this user may read) in
    # the report and the index; it is named among the skipped now, and --follow-links reads it
    uploads, elsewhere = tmp_path / "uploads", tmp_path / "elsewhere"
    uploads.mkdir()
    elsewhere.mkdir()
    shutil.copy(REWRITE, uploads / "story.txt")
    (elsewhere / "private.txt").write_text(TEXT.replace("Minsk", "Vilnius"))
    (uploads / "private.txt").symlink_to(elsewhere / "private.txt")
    scanned = json.loads(_ok(runner.invoke(app, ["scan", str(uploads), "--no-align", "--json", "-", "-q"])).stdout)
    assert [d["id"] for d in scanned["documents"]] == ["story.txt"]
    assert scanned["skipped"] == [{"path": "private.txt", "reason": "a link to a file outside the folder, not read "
                                   "(give --follow-links to read the files such links lead to)"}]
    followed = _ok(runner.invoke(app, ["scan", str(uploads), "--no-align", "--json", "-", "-q", "--follow-links"]))
    assert [d["id"] for d in json.loads(followed.stdout)["documents"]] == ["private.txt", "story.txt"]
    added = _ok(runner.invoke(app, ["index", "add", str(index), str(uploads)]))
    assert "private.txt" in added.stderr and _articles(index) == 2
    _ok(runner.invoke(app, ["index", "add", str(index), str(uploads), "--follow-links", "-q"]))
    assert _articles(index) == 3
    checked = runner.invoke(app, ["check", str(index), str(uploads), "--no-align"])  # a folder checked: the same
    assert checked.exit_code == 1 and "Traceback" not in checked.output
    assert checked.stderr.splitlines() == [
        "skipped private.txt: a link to a file outside the folder, not read (give --follow-links to read the files "
        "such links lead to)", f"Error: 1 input of {uploads} not checked (named above)"]
    checked = _ok(runner.invoke(app, ["check", str(index), str(uploads), "--no-align", "--follow-links"]))
    assert "private.txt\t" in checked.stdout and "outside" not in checked.stderr


@pytest.mark.parametrize("follow", [[], ["--follow-links"]], ids=["links-named", "links-followed"])
def test_a_link_out_of_a_folder_scanned_on_dask_is_read_as_locally(tmp_path: Path, follow: list[str]) -> None:
    # "--follow-links is read by the local engine only" (2): the Dask engine's workers read the parts with
    # links left out; they are told now, and answer as the local engine does
    pytest.importorskip("distributed")
    uploads, elsewhere = tmp_path / "uploads", tmp_path / "elsewhere"
    uploads.mkdir()
    elsewhere.mkdir()
    shutil.copy(REWRITE, uploads / "story.txt")
    shutil.copy(WIRE, elsewhere / "wire.txt")
    (uploads / "wire.txt").symlink_to(elsewhere / "wire.txt")
    args = ["scan", str(uploads), "--no-align", "--json", "-", "-q", *follow]
    local = json.loads(_ok(runner.invoke(app, args)).stdout)
    dask = json.loads(_ok(runner.invoke(app, [*args, "--engine", "dask", "--workers", "1"])).stdout)
    assert [d["id"] for d in dask["documents"]] == (["story.txt", "wire.txt"] if follow else ["story.txt"])
    assert bool(dask["pairs"]) == bool(follow)
    assert dask == local


def _nested_past_the_path_limit(root: Path) -> Path:
    """A folder under ``root`` nested deeper than a path can name (ENAMETOOLONG past 4,096 bytes on Linux),
    holding an article: made a level at a time from inside, as only relative paths reach it."""
    here = os.getcwd()
    try:
        os.chdir(root)
        for _ in range(24):
            os.mkdir("d" * 200)
            os.chdir("d" * 200)
        Path("story.txt").write_text(TEXT)
    finally:
        os.chdir(here)
    return root / ("d" * 200)


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_a_folder_nested_deeper_than_a_path_can_name_is_named_not_the_end_of_the_scan(
        tmp_path: Path, engine: str) -> None:
    # "Error: File name too long: ..." stopped the scan (and "a Dask task failed (OSError ...)"), every other
    # article of the corpus lost to one folder no path could reach
    if engine == "dask":
        pytest.importorskip("distributed")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(WIRE, corpus / "wire.txt")
    _nested_past_the_path_limit(corpus)
    args = ["scan", str(corpus), "--no-align", "--json", "-", "-q"] + (["--engine", "dask", "--workers", "1"] if engine == "dask" else [])
    scanned = json.loads(_ok(runner.invoke(app, args)).stdout)
    assert [d["id"] for d in scanned["documents"]] == ["wire.txt"]
    assert [s["reason"] for s in scanned["skipped"]] == [
        "nested deeper than the system can name (its path is longer than it takes): not read; move it nearer the "
        "corpus folder"]


def test_a_folder_that_cannot_be_listed_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # left out without a word: its articles were missing from the report and the summary alike
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    (tmp_path / "locked").mkdir()
    shutil.copy(WIRE, tmp_path / "wire.txt")
    monkeypatch.setattr(os, "scandir", scandir)
    corpus = dedup.read_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["wire.txt"]
    assert [(s.path, s.reason) for s in corpus.skipped] == [
        ("locked", "a folder that cannot be listed (Permission denied): its files are not read")]


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


# -- words without sentences ---------------------------------------------------------------------------------


def test_a_salad_of_an_articles_words_is_no_article_and_no_rewrite(tmp_path: Path) -> None:
    # 5,000 of the story's words drawn at random, with their full stops: compare reported it a rewrite of
    # the story (0.92, on its length, names and figures), and a scan of the two the same pair
    import random

    draw = random.Random(5)
    words = WIRE.read_text().split()
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(WIRE, folder / "story.txt")
    (folder / "salad.txt").write_text(" ".join(draw.choice(words) for _ in range(5000)))
    compared = runner.invoke(app, ["compare", str(folder / "story.txt"), str(folder / "salad.txt")])
    assert compared.exit_code == 1 and "Traceback" not in compared.output
    assert compared.stderr.startswith(f"Error: {folder / 'salad.txt'}: not one readable article (no sentences: ")
    assert len(compared.stderr.splitlines()) == 1
    scanned = runner.invoke(app, ["scan", str(folder), "--json", "-", "-q"])
    assert scanned.exit_code == 0
    result = json.loads(scanned.stdout)
    assert result["pairs"] == [] and [s["path"] for s in result["skipped"]] == ["salad.txt"]


# -- a single article's file of gigabytes ---------------------------------------------------------------------


def test_a_single_articles_file_past_the_line_bound_is_skipped_not_read_whole(tmp_path: Path) -> None:
    # a text, page or JSON file is one article, read whole before it is cut at a million characters: a file
    # of 288 MB took 1.5 GB, one of gigabytes more than the machine has. Past the bound a JSONL line is held
    # to (64 MB; here one sparse file just past it), it is named among the skipped, as such a line is
    from dedup.lines import MAX_LINE_BYTES

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(WIRE, folder / "story.txt")
    for name in ("huge.txt", "huge.html", "huge.json"):
        with open(folder / name, "wb") as fh:
            fh.write(b"The port strike went on. ")
            fh.truncate(MAX_LINE_BYTES + 1)  # sparse: no disk, no time
    result = json.loads(_ok(runner.invoke(app, ["scan", str(folder), "--json", "-", "-q"])).stdout)
    skipped = {s["path"]: s["reason"] for s in result["skipped"]}
    assert sorted(skipped) == ["huge.html", "huge.json", "huge.txt"]
    assert skipped["huge.txt"] == (f"too large for one article ({MAX_LINE_BYTES + 1:,} bytes; at most {MAX_LINE_BYTES:,} "
                                   "are read): left out; a feed of many articles is read as JSONL")
    assert result["stats"]["documents"] == 1
    compared = runner.invoke(app, ["compare", str(folder / "story.txt"), str(folder / "huge.txt")])
    assert compared.exit_code == 1 and "Traceback" not in compared.output
    assert compared.stderr.startswith(f"Error: {folder / 'huge.txt'}: ") and "too large for one article" in compared.stderr
    assert len(compared.stderr.splitlines()) == 1


# -- standard output that is a file of the kernel's file system (``> /proc/version``) -------------------------------


def test_standard_output_on_a_file_of_the_kernels_file_system_is_named_in_the_error() -> None:
    # "Error: Input/output error" named neither the output nor why
    import subprocess
    import sys

    try:
        out = open("/proc/version", "wb")
    except OSError:
        pytest.skip("/proc/version cannot be opened for writing here (not root, or no /proc)")
    env = {**os.environ, "PYTHONPATH": str(CORPUS.parent)}
    wire, rewrite = CORPUS / "newswire" / "belarus-china-drills.txt", CORPUS / "eastdesk" / "belarus-china-drills.txt"
    with out:
        done = subprocess.run([sys.executable, "-m", "dedup", "compare", str(wire), str(rewrite)], env=env, stdout=out,
                              stderr=subprocess.PIPE, timeout=120)
    assert done.returncode == 1 and b"Traceback" not in done.stderr and done.stderr.count(b"\n") == 1
    assert "(writing standard output, /proc/version, a file of the kernel's proc file system" in done.stderr.decode()


# -- whole numbers past what a 64-bit integer holds --------------------------------------------------------------------

TOO_LARGE = str(2**63)


@pytest.mark.parametrize("args", [
    ["scan", str(WIRE), "--rows", TOO_LARGE], ["scan", str(WIRE), "--max-bucket", TOO_LARGE],
    ["scan", str(WIRE), "--min-words", TOO_LARGE], ["index", "add", "{db}", str(WIRE), "--min-words", TOO_LARGE],
], ids=["scan-rows", "scan-max-bucket", "scan-min-words", "index-add-min-words"])
def test_a_whole_number_option_past_64_bits_is_refused_with_its_bound(args: list[str], tmp_path: Path) -> None:
    # --rows and --max-bucket of 2**63 were taken; --min-words of it skipped every article as too short
    db = tmp_path / "new.db"
    result = runner.invoke(app, [a.replace("{db}", str(db)) for a in args])
    assert result.exit_code == 2 and "Traceback" not in result.output
    # said as the help says a range (it was typer's "less than or equal to 9223372036854775807")
    assert "give a whole number from " in result.stderr and "to 9,223,372,036,854,775,807" in result.stderr
    assert not db.exists()


@pytest.mark.parametrize("setting", ["min_words", "max_bucket"])
def test_index_open_refuses_a_setting_past_64_bits_and_makes_no_file(setting: str, tmp_path: Path) -> None:
    # Index.open(min_words=10**20) made an index that stores nothing
    db = tmp_path / "new.db"
    with pytest.raises(DedupError, match=rf"{setting} must be a whole number from \d to 2\*\*63 - 1, got 1(0){{20}}"):
        Index.open(db, **{setting: 10**20})
    assert not db.exists()


def test_an_index_add_past_a_file_size_limit_says_the_file_cannot_be_written_and_keeps_the_index(tmp_path: Path) -> None:
    # a full disk, a quota or a file size limit refuses SQLite's write: it said "the index file cannot be
    # read (disk I/O error)", a read fault, where the system refused a write; what was stored stays
    import resource
    import subprocess
    import sys

    feed = tmp_path / "feed.jsonl"
    docs = dedup.reading.read_corpus(CORPUS).documents
    feed.write_text("".join(json.dumps({"id": f"{d.id}-{n}", "text": f"{d.text} Copy {n}."}) + "\n"
                            for n in range(3) for d in docs), encoding="utf-8")
    index = tmp_path / "news.db"
    first = runner.invoke(app, ["index", "add", str(index), str(CORPUS), "-q"])
    assert first.exit_code == 0
    stored = Index.open(str(index)).stats()["articles"]
    limit = os.path.getsize(index) + 16 * 1024

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run([sys.executable, "-m", "dedup", "index", "add", str(index), str(feed), "-q"],
                          capture_output=True, text=True, preexec_fn=limited, cwd=Path(dedup.__file__).parent.parent)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    # the file is named (it was "Error: the index file cannot be written ...": which of a job's indexes, on which disk?)
    assert done.stderr.strip().splitlines()[-1].startswith(f"Error: {index}: the index file cannot be written (disk I/O "
                                                            "error): its disk is full")
    with Index.open(str(index)) as opened:
        assert opened.stats()["articles"] >= stored and opened._store.integrity() == "ok"  # noqa: SLF001


@pytest.mark.parametrize("named", [True, False], ids=["index given", "none known"])
def test_a_full_index_file_says_it_cannot_be_written(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     named: bool) -> None:
    # SQLITE_FULL, as a full disk gives it (here a page limit of the connection's own)
    import typer

    from dedup.cli.app import one_line_errors

    db = sqlite3.connect(tmp_path / "full.db")
    db.execute("CREATE TABLE t (x BLOB)")
    db.execute("PRAGMA max_page_count = 4")
    with pytest.raises(typer.Exit) as stopped:
        with one_line_errors(index=str(tmp_path / "full.db") if named else None):
            db.execute("INSERT INTO t VALUES (?)", (b"x" * 100_000,))
    db.close()
    assert stopped.value.exit_code == 1
    opening = f"Error: {tmp_path / 'full.db'}: the index file" if named else "Error: the index file"
    assert capsys.readouterr().err.startswith(f"{opening} cannot be written (database or disk is full): its disk is full")


def test_an_index_command_names_the_index_file_it_could_not_write(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # the index add of a full disk said "Error: the index file cannot be written (...)", naming no file: the
    # command's LOCATION is named, as the user gave it
    from dedup.index import Index

    monkeypatch.setattr(Index, "open", classmethod(lambda cls, *a, **k: _Opened()))
    result = runner.invoke(app, ["index", "add", str(tmp_path / "news.db"), str(CORPUS / "citypaper"), "-q"])
    assert result.exit_code == 1 and result.stderr == (
        f"Error: {tmp_path / 'news.db'}: the index file cannot be written (database or disk is full): its disk is "
        "full, or the file may grow no more (a quota, a file size limit); nothing stored before is lost: free space "
        "and run it again\n")


class _Opened:
    """A stand-in index whose add meets a full disk (:func:`test_an_index_command_names_the_index_file_it_could_not_write`)."""

    def __enter__(self) -> "_Opened":
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def stats(self) -> dict[str, int]:
        return {"articles": 0}

    def contains(self, article_id: str) -> bool:  # index add asks which articles were stored before
        return False

    def add_many(self, *args: object, **kwargs: object) -> None:
        full = sqlite3.OperationalError("database or disk is full")
        full.sqlite_errorname = "SQLITE_FULL"  # as SQLite sets it on a write a full disk refused
        raise full


@pytest.mark.parametrize("feed", ["binary", "text"])
def test_stream_of_no_jsonl_stops_after_the_lines_a_scan_reads_of_it(index: Path, tmp_path: Path, feed: str) -> None:
    # bytes or a text given as the feed were an error object a line, for ever on an endless one (a device),
    # and exit status 0; a scan leaves such a file after its first 1,000 lines ("not JSONL")
    import random

    from dedup.feeds import NOT_JSONL_LINES

    rng = random.Random(5)
    data = (bytes(rng.randrange(256) for _ in range(200_000)) if feed == "binary"
            else "\n\n".join(f"Line {n} of a text. Another sentence." for n in range(3000)).encode())
    result = runner.invoke(app, ["stream", str(index), "--no-align"], input=data)
    assert result.exit_code == 1 and "Traceback" not in result.output
    answered = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(answered) == NOT_JSONL_LINES and all("error" in json.loads(line) for line in answered)
    assert result.stderr.strip().splitlines()[-1].startswith("Error: standard input: no JSON article on any of its first 1,000 lines")
    assert _articles(index) == 1


def test_stream_of_jsonl_goes_on_past_its_bad_lines(index: Path) -> None:
    # a feed that opens with a JSON line, or answered an article, is a feed with bad lines: each answered
    feed = "\n".join(["{oops"] + ["not json"] * 1200 + [LINE]) + "\n"
    lines = _ok(runner.invoke(app, ["stream", str(index), "--no-align"], input=feed)).stdout.splitlines()
    assert len(lines) == 1202 and json.loads(lines[-1])["id"] == "feed-1"
    feed = "\n".join([LINE.replace("feed-1", "feed-0")] + ["not json"] * 1200 + [LINE]) + "\n"
    assert len(_ok(runner.invoke(app, ["stream", str(index), "--no-align"], input=feed)).stdout.splitlines()) == 1202


def test_a_count_of_thousands_in_a_message_is_written_with_separators(tmp_path: Path) -> None:
    # "no article could be read (100000 inputs skipped, ...)": the counts had no thousands separator
    from dedup.report.wiredesk import plural

    assert (plural(1, "pair"), plural(999, "pair"), plural(1000, "pair"), plural(1_234_567, "input")) == (
        "1 pair", "999 pairs", "1,000 pairs", "1,234,567 inputs")
    for k in range(1001):
        (tmp_path / f"t{k:04d}.txt").write_text("")
    result = runner.invoke(app, ["scan", str(tmp_path), "--quiet"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "(1,001 inputs skipped, such as " in result.output


def test_a_stream_whose_index_file_cannot_grow_says_at_which_line_it_stopped(tmp_path: Path) -> None:
    # a full disk (here a file size limit) mid-feed: "the index file cannot be written (...)" alone, which left
    # the user to count the answers to know where to take the feed up again; the article of that line not stored
    import resource
    import subprocess
    import sys

    docs = dedup.reading.read_corpus(CORPUS).documents
    feed = "".join(json.dumps({"id": f"{d.id}-{n}", "text": f"{d.text} Copy {n}."}) + "\n" for n in range(6) for d in docs)
    index = tmp_path / "news.db"
    assert runner.invoke(app, ["index", "add", str(index), str(CORPUS), "-q"]).exit_code == 0
    limit = os.path.getsize(index) + 16 * 1024

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run([sys.executable, "-m", "dedup", "stream", str(index)], input=feed, capture_output=True,
                          text=True, preexec_fn=limited, cwd=Path(dedup.__file__).parent.parent)
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    stopped = len(answers) + 1
    said = done.stderr.strip().splitlines()
    assert done.returncode == 1 and "Traceback" not in done.stderr and len(said) == 1
    lost = json.loads(feed.splitlines()[stopped - 1])["id"]
    # the index named, as index add names it (it was "Error: the index file cannot be written ...")
    assert said[0].startswith(f"Error: {index}: the index file cannot be written (disk I/O error): its disk is full")
    assert said[0].endswith(f"; the stream stopped at line {stopped}, whose article {lost!r} was not stored (the index "
                            f"is as it was before it), and the lines before it were answered: give the feed again "
                            f"from line {stopped} (an article stored is answered again, not stored twice)")
    with Index.open(str(index)) as opened:
        assert not opened.contains(lost) and all(opened.contains(a["id"]) for a in answers)
        assert opened._store.integrity() == "ok"  # noqa: SLF001


@pytest.mark.parametrize("add", [True, False], ids=["add", "check-only"])
def test_a_stream_whose_store_fails_says_at_which_line_it_stopped(index: Path, add: bool) -> None:
    # a Redis server gone mid-feed: "Redis at ... failed: Connection closed by server." alone
    from dedup.errors import StorageError
    from dedup.index.stream import stream_results

    lines = [json.dumps({"id": f"s-{n}", "text": f"{TEXT} Take {n}."}) for n in range(3)]
    with Index.open(str(index)) as opened:
        calls = {"n": 0}
        real = opened.add if add else opened.check

        def failing(doc: Document) -> Any:
            calls["n"] += 1
            if calls["n"] == 2:
                raise StorageError("Redis at redis://127.0.0.1:6379/0 failed: Connection closed by server.")
            return real(doc)

        setattr(opened, "add" if add else "check", failing)
        answers = []
        with pytest.raises(StorageError) as stopped:
            for answer in stream_results(opened, lines, add=add):
                answers.append(json.loads(answer))
    assert [a["line"] for a in answers] == [1]
    what = "may not have been stored" if add else "was not checked"
    again = " (an article stored is answered again, not stored twice)" if add else ""
    assert str(stopped.value) == ("Redis at redis://127.0.0.1:6379/0 failed: Connection closed by server.; the stream "
                                  f"stopped at line 2, whose article 's-1' {what}, and the lines before it were "
                                  f"answered: give the feed again from line 2{again}")


# -- the write-ahead log deleted under a running index (twenty-sixth look) ---------------------------------------

_KILLED_AFTER_WAL_DELETED = """
import os, sys
from dedup.documents import Document
from dedup.index import Index
from dedup.reading import read_corpus
docs = list(read_corpus(sys.argv[2]).documents)
index = Index.open(sys.argv[1])
for doc in docs[:3]:
    index.add(doc)
os.remove(sys.argv[1] + "-wal")  # a clean-up of "stray" files beside a running serve
for doc in docs[3:6]:
    index.add(doc)
os._exit(0)  # killed: never closed, nothing checkpointed at the end
"""


def test_an_index_whose_log_is_deleted_while_open_keeps_what_it_stored(tmp_path: Path,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    import subprocess
    import sys

    db = tmp_path / "news.db"
    done = subprocess.run([sys.executable, "-c", _KILLED_AFTER_WAL_DELETED, str(db), str(CORPUS)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "write-ahead log (news.db-wal) was deleted while the index was open" in done.stderr
    ids = [d.id for d in dedup.read_corpus(CORPUS).documents][:6]
    with Index.open(db) as index:  # every article added, before the log was deleted and after
        assert [index.contains(i) for i in ids] == [True] * 6
    # in one process: the warning, once a commit finds the log gone, and the index goes on
    other = tmp_path / "other.db"
    docs = list(dedup.read_corpus(CORPUS).documents)
    with Index.open(other) as index:
        index.add(docs[0])
        os.remove(str(other) + "-wal")
        index.add(docs[1])
        assert "was deleted while the index was open" in caplog.text
        index.add(docs[2])
        assert Path(str(other) + "-wal").exists()  # a new log begun
    with Index.open(other) as index:
        assert index.stats()["articles"] == 3
