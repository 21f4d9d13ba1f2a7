"""What is read whole, and how much (dedup.whole_reads): a file of many articles past its bound is one skip with
the reason, read no further; a pipe given as the input is read as it comes, its JSONL lines one at a time and any
other text up to one article's bound, so that one that never ends neither hangs the read nor takes the memory."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from dedup import readable, whole_reads
from dedup.errors import InputError
from dedup.reading import read_corpus

BODY = ("The central bank raised its main interest rate by a quarter point on Tuesday, citing inflation that "
        "has stayed above its target for a year, and said more increases could follow in the coming months.")


def _rows(n: int) -> str:
    return "id,text\n" + "".join(f"r{i},\"{BODY} Row {i}.\"\n" for i in range(n))


@pytest.mark.parametrize("name", ["export.csv", "feed.xml", "small.jsonl"])
def test_a_file_of_many_articles_past_its_bound_is_one_skip(tmp_path: Path, name: str,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # a table or a feed was read whole whatever its size, before it was judged: a sparse 1 GB .csv of NULs
    # held 1.1 GB to be skipped as empty
    content = {"export.csv": _rows(40),
               "feed.xml": "<rss><channel>" + "".join(f"<item><guid>g{i}</guid><description>{BODY}</description>"
                                                     "</item>" for i in range(40)) + "</channel></rss>",
               "small.jsonl": "".join(json.dumps({"id": f"j{i}", "text": BODY}) + "\n" for i in range(40))}[name]
    (tmp_path / name).write_text(content)
    read = read_corpus(tmp_path / name)
    assert len(read.documents) == 40
    monkeypatch.setattr(whole_reads, "MAX_WHOLE_BYTES", len(content) - 1)
    skipped = read_corpus(tmp_path / name)
    assert skipped.documents == () and [s.reason for s in skipped.skipped] == [
        f"too large to be read whole ({len(content):,} bytes; a table, a JSON list or an RSS or Atom feed is read "
        f"whole, at most {len(content) - 1:,} bytes): left out; split it, or write its articles as JSONL in UTF-8, "
        "one a line, which is read a line at a time whatever its size"]


def test_a_json_list_past_one_articles_bound_and_past_the_whole_bound_is_one_skip(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listed = json.dumps([{"id": f"l{i}", "text": BODY} for i in range(30)])
    (tmp_path / "export.json").write_text(listed)
    monkeypatch.setattr(readable, "MAX_LINE_BYTES", 1000)  # past one article's bound: read whole as a list
    assert len(read_corpus(tmp_path / "export.json").documents) == 30
    monkeypatch.setattr(whole_reads, "MAX_WHOLE_BYTES", 2000)
    skipped = read_corpus(tmp_path / "export.json").skipped
    assert len(skipped) == 1 and skipped[0].reason.startswith(f"too large to be read whole ({len(listed):,} bytes; ")
    # one article's file past its bound is said to be that, as before, by its opening
    (tmp_path / "one.json").write_text(json.dumps({"id": "x", "text": BODY * 20}))
    assert read_corpus(tmp_path / "one.json").skipped[0].reason.startswith("too large for one article")


def _endless_pipe(opening: bytes = b"") -> tuple[Path, threading.Thread, int]:
    """A pipe given as the input whose writer writes ``opening`` and then NULs for as long as it is read."""
    read, write = os.pipe()

    def writer() -> None:
        try:
            os.write(write, opening)
            while True:
                os.write(write, b"\x00" * (1 << 16))
        except OSError:  # the reader closed its end
            pass
        finally:
            os.close(write)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    return Path(f"/dev/fd/{read}"), thread, read


def test_a_pipe_of_endless_bytes_given_as_the_input_is_read_to_one_articles_bound(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # dedup scan <(cat /dev/zero) read to the end that never came: 3.7 GB, then a MemoryError's traceback
    monkeypatch.setattr(whole_reads, "MAX_LINE_BYTES", 1 << 20)
    pipe, thread, fd = _endless_pipe()
    try:
        corpus = read_corpus(pipe)
    finally:
        os.close(fd)
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert corpus.documents == () and [s.reason for s in corpus.skipped] == [
        "too large for one article (more than 1,048,576 bytes came, and the rest was not read): left out; a feed of "
        "many articles is read from a pipe as JSONL, one article a line"]


def test_a_pipe_of_jsonl_that_never_ends_a_line_stops_with_one_error_naming_it() -> None:
    pipe, thread, fd = _endless_pipe(json.dumps({"id": "a", "text": BODY}).encode() + b"\n{")
    try:
        with pytest.raises(InputError, match=rf"^{pipe}: line 2 runs past 1,073,741,824 bytes without an end"):
            read_corpus(pipe)
    finally:
        os.close(fd)
    thread.join(timeout=30)


def test_a_pipe_of_jsonl_is_read_a_line_at_a_time_as_a_file_of_it_is(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"id": f"p{i}", "text": f"{BODY} {i}"}) + "\n" for i in range(50))
    (tmp_path / "feed.jsonl").write_text(lines)
    read, write = os.pipe()
    thread = threading.Thread(target=lambda: (os.write(write, lines.encode()), os.close(write)), daemon=True)
    thread.start()
    try:
        piped = read_corpus(f"/dev/fd/{read}")
    finally:
        os.close(read)
    named = read_corpus(tmp_path / "feed.jsonl")
    assert [(d.id, d.text) for d in piped.documents] == [(d.id, d.text) for d in named.documents]
    assert len(piped.documents) == 50 and piped.skipped == ()


def test_a_named_pipe_with_a_tables_suffix_is_read_as_a_table_up_to_its_bound(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pipe = tmp_path / "export.csv"
    os.mkfifo(pipe)
    content = _rows(20)
    writer = threading.Thread(target=lambda: pipe.write_text(content), daemon=True)
    writer.start()
    assert len(read_corpus(pipe).documents) == 20
    writer.join(timeout=30)
    monkeypatch.setattr(whole_reads, "MAX_WHOLE_BYTES", 1000)
    writer = threading.Thread(target=lambda: pipe.write_text(content), daemon=True)
    writer.start()
    skipped = read_corpus(pipe).skipped
    assert [s.reason[:50] for s in skipped] == ["too large to be read whole (more than 1,000 bytes;"]


def test_a_compressed_pipe_says_what_it_is_by_its_opening() -> None:
    import gzip

    read, write = os.pipe()
    data = gzip.compress(BODY.encode() * 10)
    thread = threading.Thread(target=lambda: (os.write(write, data), os.close(write)), daemon=True)
    thread.start()
    try:
        corpus = read_corpus(f"/dev/fd/{read}")
    finally:
        os.close(read)
    assert corpus.skipped[0].reason.startswith("gzip-compressed: decompress it first")


def test_opens_jsonl() -> None:
    assert whole_reads.opens_jsonl(b'\n\n  {"id": 1}') and not whole_reads.opens_jsonl(b"[{")
