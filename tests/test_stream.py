"""``dedup stream`` (dedup.index.stream): a feed's lines read as a scan reads them (NULs, byte-order marks, UTF-16,
lone carriage returns), bad lines answered and the stream going on, input that is no JSONL stopped, ids and fields of
other types refused, and a store that fails mid-feed named with the line it stopped at."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path
from typing import Any

import pytest

import dedup
from dedup.cli import app
from dedup.documents import Document
from dedup.index import Index

from _bad_input_files import LINE, TEXT
from conftest import CORPUS
from _bad_input_helpers import _articles, _ok, index, runner, template  # noqa: F401 - fixtures


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


def test_an_html_field_of_another_type_is_named(index: Path) -> None:
    # was "no 'text' field (or 'html') with the article", for a record that has an 'html' field
    result = _ok(runner.invoke(app, ["stream", str(index)], input=json.dumps({"id": "h", "html": ["<p>x</p>"]}) + "\n"))
    assert json.loads(result.stdout) == {"line": 1, "id": "h", "error": "'html' must be a string, not a list"}


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


@pytest.mark.parametrize("feed", [
    '<?xml version="1.0"?>\n<rss version="2.0"><channel><item><description>' + TEXT + "</description></item></channel></rss>\n",
    "\ufeff  <html><body><p>" + TEXT + "</p></body></html>\n",
])
def test_markup_piped_to_a_stream_stops_at_once_and_stores_nothing(feed: str, index: Path) -> None:
    # a feed or a page piped in was an error object a line, exit 0, nothing stored: now one line, exit 1
    result = runner.invoke(app, ["stream", str(index), "--no-align"], input=feed.encode("utf-8"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "XML or HTML" in result.output and "not JSONL" in result.output and "index add" in result.output
    assert _articles(index) == 1


@pytest.mark.parametrize("encoding,says", [
    ("cp1252", "not UTF-8; read as Windows-1252"),
    ("cp1251", "not UTF-8; read as Windows-1251, the code page its letters make sense in"),
])
def test_a_line_not_in_utf8_is_read_with_the_warning_a_scan_gives_it(index: Path, tmp_path: Path, encoding: str,
                                                                      says: str) -> None:
    # read as a scan reads it, but without a word: a CMS sending Windows-1252 or -1251 was never told
    text = TEXT + (" Le café de la gare a fermé." if encoding == "cp1252" else
                   " Москва сообщила сегодня о новых мерах поддержки экономики региона и его жителей.")
    line = json.dumps({"id": "legacy", "text": text}, ensure_ascii=False).encode(encoding)
    out = json.loads(_ok(runner.invoke(app, ["stream", str(index), "--no-align"], input=line + b"\n")).stdout)
    assert out["id"] == "legacy" and out["warnings"] == [f"legacy: {says}"]
    assert _articles(index) == 2
    with Index.open(index, create=False) as opened:
        assert opened._store.find(id="legacy").text.endswith(text[-40:])  # noqa: SLF001 - read in its code page
    (tmp_path / "legacy.jsonl").write_bytes(line + b"\n")
    scanned = _ok(runner.invoke(app, ["scan", str(tmp_path / "legacy.jsonl"), "--no-align"]))
    assert f"legacy.jsonl: {says}" in " ".join((scanned.stdout + scanned.stderr).split())  # the terminal's wrapping undone
    plain = json.loads(_ok(runner.invoke(app, ["stream", str(index), "--no-align"], input=LINE + "\n")).stdout)
    assert "warnings" not in plain


def test_standard_input_not_in_utf8_is_warned_of_by_scan_and_index_add_as_its_file_is(index: Path) -> None:
    # `dedup scan -` and `dedup index add LOCATION -` read such a line as the file of it is read, without its warning
    line = json.dumps({"id": "legacy", "text": TEXT + " Le café a fermé."}, ensure_ascii=False).encode("cp1252")
    scanned = _ok(runner.invoke(app, ["scan", "-", "--no-align"], input=line + b"\n"))
    assert "<stdin>:1: not UTF-8; read as Windows-1252" in " ".join(scanned.stdout.split())
    added = _ok(runner.invoke(app, ["index", "add", str(index), "-", "--no-align"], input=line + b"\n"))
    assert "<stdin>:1: not UTF-8; read as Windows-1252" in " ".join((added.stdout + added.stderr).split())
    assert _articles(index) == 2


def test_a_stream_into_an_index_on_a_read_only_mount_says_its_first_line_was_not_stored(
        index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # it said the line "may not have been stored", as of a connection lost mid-write: nothing can have been
    before, real = index.read_bytes(), os.statvfs

    def statvfs(path: object) -> os.statvfs_result:  # the system's answer for a read-only mount, stood in for
        got = real(path)  # type: ignore[arg-type]
        return os.statvfs_result((*got[:8], got.f_flag | os.ST_RDONLY, *got[9:]))

    monkeypatch.setattr(os, "statvfs", statvfs)
    result = runner.invoke(app, ["stream", str(index), "--no-align"], input=(LINE + "\n").encode("utf-8"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    error = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(error) == 1 and "on a read-only file system" in error[0], result.output
    assert "was not stored (the index is as it was before it)" in error[0] and "may not" not in error[0]
    assert index.read_bytes() == before
    monkeypatch.setattr(os, "statvfs", real)
    assert _articles(index) == 1


def test_a_field_of_millions_of_values_is_left_out_said_by_stream_and_scan_alike(index: Path, tmp_path: Path) -> None:
    # 20,000,000 empty lists in a 60 MB line were built whole (2.3 GB); past 100,000 values a top field is
    # left out unread, the article read, and both readers say so in the same words
    line = json.dumps({"id": "wide", "text": TEXT, "meta": []}).replace("[]", "[" + ",".join(["[]"] * 100_001) + "]")
    said = "its 'meta' field left out unread: 100,002 values, more than the 100,000 a field is read with"
    out = json.loads(_ok(runner.invoke(app, ["stream", str(index), "--no-align"], input=line + "\n")).stdout)
    assert out["id"] == "wide" and out["warnings"] == [f"wide: {said}"]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "feed.jsonl").write_text(line + "\n")
    (tmp_path / "in" / "one.json").write_text(line.replace('"wide"', '"whole"'))
    scanned = json.loads(_ok(runner.invoke(app, ["scan", str(tmp_path / "in"), "--no-align", "-q", "--json", "-"])).stdout)
    assert [d["id"] for d in scanned["documents"]] == ["wide", "whole"] and scanned["skipped"] == []
    assert scanned["warnings"] == [f"feed.jsonl:1: {said}", f"one.json: {said}"]


def test_millions_of_small_fields_keep_the_article_s_own_said_by_stream_and_scan_alike(index: Path, tmp_path: Path) -> None:
    # 5,000,000 fields of one value each (64 MB) were built whole; past 100,000 values kept the rest are left out,
    # the fields an article is read by (its id and text, given last) kept
    line = "{" + ",".join(f'"k{i}": 0' for i in range(100_010)) + ", " + json.dumps({"id": "keys", "text": TEXT})[1:]
    said = "10 of its fields left out unread (10 values), past the first 100,000 values read (the fields an article is read by kept)"
    out = json.loads(_ok(runner.invoke(app, ["stream", str(index), "--no-align"], input=line + "\n")).stdout)
    assert out["id"] == "keys" and out["warnings"] == [f"keys: {said}"]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "feed.jsonl").write_text(line + "\n")
    scanned = json.loads(_ok(runner.invoke(app, ["scan", str(tmp_path / "in"), "--no-align", "-q", "--json", "-"])).stdout)
    assert [d["id"] for d in scanned["documents"]] == ["keys"] and scanned["warnings"] == [f"feed.jsonl:1: {said}"]
