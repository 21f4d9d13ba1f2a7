"""dedup.feeds: JSONL lines from a stream, a file or a range of one; lines too long, NULs, JSON over several
lines or no JSON at all named once."""

from __future__ import annotations

import codecs
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from _reading_cases import ARTICLE, BODY, write
from dedup.errors import InputError
from dedup import feeds, readable, reading
from dedup.reading import read_corpus


def test_malformed_jsonl_line_names_file_and_line_and_goes_on(tmp_path: Path) -> None:
    write(tmp_path / "f.jsonl", "{oops\n" + json.dumps({"text": BODY}) + "\n")
    corpus = read_corpus(tmp_path)
    assert [s.path for s in corpus.skipped] == ["f.jsonl:1"]
    assert "malformed JSON" in corpus.skipped[0].reason
    assert [d.id for d in corpus.documents] == ["f.jsonl:2"]


def test_stdin_jsonl() -> None:
    stream = io.StringIO(json.dumps({"id": "s1", "text": BODY}) + "\n")
    assert [d.id for d in read_corpus("-", stdin=stream).documents] == ["s1"]


def test_jsonl_lines_with_controls_are_read_and_named(tmp_path: Path) -> None:
    line = json.dumps({"id": "x", "text": ARTICLE}).encode().replace(b"third", b"th\x00rd", 1)
    corpus = read_corpus(write(tmp_path / "f.jsonl", line + b"\n"))
    assert [d.id for d in corpus.documents] == ["x"] and corpus.warnings == ("f.jsonl:1: 1 control character (such as NUL) dropped",)


@pytest.mark.parametrize("tail", [b"\x00" * 4096 + b"\n", b"\x00" * 4096], ids=["nul-line", "nul-tail"])
def test_jsonl_with_a_block_of_nuls_reads_its_lines_and_calls_none_malformed(tmp_path: Path, tail: bytes) -> None:
    # a feed whose writer crashed leaves the block it had allocated as NULs: they were dropped with a warning,
    # and what was left, a line end or nothing, was "malformed JSON line (Expecting value at line 2, column 1)"
    good = json.dumps({"id": "x", "text": ARTICLE}).encode()
    corpus = read_corpus(write(tmp_path / "f.jsonl", good + b"\n" + tail))
    assert [d.id for d in corpus.documents] == ["x"] and corpus.skipped == ()
    assert corpus.warnings == ("f.jsonl:2: 4096 control characters (such as NUL) dropped",)

def test_binary_stdin_lines_are_malformed_not_a_crash() -> None:
    from dedup.lines import stdin_lines

    good = json.dumps({"id": "x", "text": ARTICLE}).encode()
    lines = list(stdin_lines(io.BytesIO(b"\xff\xfe\x00garbage\n" + good + b"\n")))
    corpus = read_corpus("-", stdin=io.StringIO("".join(lines)))
    assert [d.id for d in corpus.documents] == ["x"] and "malformed JSON line" in corpus.skipped[0].reason


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_on_stdin_without_a_byte_order_mark_is_read_as_a_file_is(encoding: str, tmp_path: Path) -> None:
    from dedup.lines import stdin_lines

    text = "Caf\u00e9 owners in \u041c\u043e\u0441\u043a\u0432\u0430 met on Monday. " + ARTICLE  # beyond ASCII
    feed = "".join(json.dumps({"id": f"x{k}", "text": text}, ensure_ascii=False) + "\r\n" for k in (1, 2))
    read = read_corpus("-", stdin=stdin_lines(io.BytesIO(feed.encode(encoding))))
    # its NULs were dropped as stray controls (a warning a line), a character beyond ASCII lost its other byte
    # with them, and the NUL after the last line end was a malformed line
    assert [d.id for d in read.documents] == ["x1", "x2"] and not read.skipped and not read.warnings
    as_file = read_corpus(write(tmp_path / "feed.jsonl", feed.encode(encoding)))
    assert [d.text for d in read.documents] == [d.text for d in as_file.documents] and text[:28] in read.documents[0].text


@pytest.mark.parametrize("data", [b"\x00\x01" * 64, b"\x00" * 128, bytes(range(256)) * 2, b"\x00A" * 7 + b"\n"],
                         ids=["nul-and-control", "all-nul", "every-byte", "too-little"])
def test_binary_stdin_is_not_read_as_utf16(data: bytes) -> None:
    from dedup.charsets import utf16_encoding
    from dedup.lines import stdin_lines

    assert utf16_encoding(data) is None
    assert len("".join(stdin_lines(io.BytesIO(data)))) == len(data)  # a character a byte: not read two bytes a character


def test_a_stdin_line_too_long_to_hold_is_read_past_and_skipped() -> None:
    from dedup.lines import LongLine, stdin_lines

    good = json.dumps({"id": "x", "text": ARTICLE}).encode()
    feed = b"z" * 5000 + b"\n" + good + b"\n" + b"y" * 3000  # the last line without its line end
    lines = list(stdin_lines(io.BytesIO(feed), most=len(good) + 1))
    assert [type(line).__name__ for line in lines] == ["LongLine", "str", "LongLine"]
    assert [line.size for line in lines if isinstance(line, LongLine)] == [5000, 3000]
    corpus = read_corpus("-", stdin=iter(lines))
    assert [d.id for d in corpus.documents] == ["x"]
    assert [(s.path, s.reason.split(" (")[0]) for s in corpus.skipped] == [("<stdin>:1", "line too long"),
                                                                          ("<stdin>:3", "line too long")]


class _Endless(io.RawIOBase):
    """Standard input of one line that never ends (``< /dev/zero``), after ``head``; counts what was read."""

    def __init__(self, head: bytes = b"") -> None:
        self.head, self.read_so_far = head, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self.head[:len(buffer)] or b"z" * len(buffer)
        self.head = self.head[len(chunk):]
        buffer[:len(chunk)] = chunk
        self.read_so_far += len(chunk)
        return len(chunk)


@pytest.mark.parametrize("head", [b"", b'{"id": "x", "text": "a"}\n'], ids=["at-once", "after-a-line"])
def test_a_stdin_line_without_an_end_stops_the_read_with_an_error(head: bytes) -> None:
    # it was read past for as long as bytes came: ``scan - < /dev/zero`` never ended
    from dedup.lines import ENDLESS_FACTOR, stdin_lines

    source = _Endless(head)
    lines = stdin_lines(io.BufferedReader(source), most=1000)
    if head:
        assert next(lines) == head.decode()  # the lines before it are given first
    with pytest.raises(InputError, match=f"line {2 if head else 1} runs past 16,000 bytes without an end"):
        next(lines)
    assert source.read_so_far < len(head) + (ENDLESS_FACTOR + 1) * 1000 + (1 << 20) + 8192  # bounded


def test_a_feed_with_a_bad_line_is_not_one_article(tmp_path: Path) -> None:
    from dedup.reading import read_article

    feed = write(tmp_path / "f.jsonl", json.dumps({"text": ARTICLE}) + "\n{oops\n")
    with pytest.raises(InputError, match=r"not one readable article \(f.jsonl:2: malformed JSON line"):
        read_article(feed)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_a_large_jsonl_file_is_read_in_ranges_as_if_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           encoding: str) -> None:
    import dedup.parts as parts

    lines = []
    for k in range(40):
        lines.append(json.dumps({"id": f"s{k}", "text": f"Caf\u00e9 story {k}. {BODY}"}, ensure_ascii=False))
        if k % 9 == 4:
            lines += ["{not json", "", json.dumps({"text": f"No id here {k}. \u0007{BODY}"}, ensure_ascii=False)]
    file = write(tmp_path / "wire" / "big.jsonl", ("\n".join(lines) + "\n").encode(encoding))
    whole = read_corpus(tmp_path)
    monkeypatch.setattr(parts, "PART_BYTES", 700)  # some 20 ranges, cut inside no line
    ranged = read_corpus(tmp_path)
    assert len(ranged.documents) == 44 and len(ranged.skipped) == 4
    assert (ranged.documents, ranged.skipped, ranged.warnings) == (whole.documents, whole.skipped, whole.warnings)
    assert parts._large(file) and not parts._large(tmp_path / "missing.jsonl")


def test_a_byte_order_mark_opening_a_later_line_is_read_past(tmp_path: Path) -> None:
    # two feeds joined with cat, each with its mark: the second's first line was 'malformed JSON line
    # (Unexpected UTF-8 BOM)'; standard input already read it
    line = json.dumps({"id": "a", "text": BODY}).encode()
    second = line.replace(b'"a"', b'"b"')
    feed = write(tmp_path / "joined.jsonl", codecs.BOM_UTF8 + line + b"\r\n" + codecs.BOM_UTF8 + second + b"\r\n")
    corpus = read_corpus(feed)
    assert [d.id for d in corpus.documents] == ["a", "b"] and corpus.skipped == ()


def test_a_part_of_a_feed_changed_or_gone_since_the_plan_is_read_or_named(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # a feed's parts are read after the plan learnt their bounds and encoding (by an engine's workers, much
    # later): rewritten in another encoding meanwhile, a part failed with UnicodeDecodeError; gone, with
    # FileNotFoundError (a traceback either way)
    from dedup import parts

    monkeypatch.setattr(parts, "PART_BYTES", 1000)
    feed = write(tmp_path / "feed.jsonl", "".join(json.dumps({"id": f"n{k}", "text": "Café " + BODY}, ensure_ascii=False)
                                                  + "\n" for k in range(8)))
    plan = parts.large_jsonl_ranges(feed, tmp_path)
    assert len(plan) >= 2 and {p.encoding for p in plan} == {"utf-8-sig"}
    feed.write_bytes(feed.read_bytes().replace("é".encode(), "é ".encode("cp1252")))  # the same bounds
    read = [reading.read_part(part) for part in plan]
    assert [d.id for c in read for d in c.documents] == [f"n{k}" for k in range(8)]
    assert all(d.text.startswith("Café") for c in read for d in c.documents)
    assert [w for c in read for w in c.warnings] == [f"feed.jsonl:{k}: not UTF-8; read as Windows-1252" for k in range(1, 9)]
    feed.unlink()
    gone = reading.read_part(plan[1])
    assert gone.documents == () and gone.skipped[0].path == f"feed.jsonl:{plan[1].first_line}"
    assert gone.skipped[0].reason == "cannot be read (No such file or directory)"


@pytest.mark.parametrize("follow", [False, True], ids=["links-out-skipped", "--follow-links"])
def test_a_part_of_a_feed_made_a_link_out_of_the_folder_since_the_plan_is_not_followed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, follow: bool) -> None:
    # a large feed's ranges are read long after the plan (by an engine's workers): a feed swapped meanwhile for
    # a link to a file outside the folder was read through it, where the whole-file read refuses such a link
    from dedup import parts

    monkeypatch.setattr(parts, "PART_BYTES", 1000)
    folder, outside = tmp_path / "uploads", tmp_path / "private"
    folder.mkdir(), outside.mkdir()
    lines = "".join(json.dumps({"id": f"n{k}", "text": BODY}) + "\n" for k in range(8))
    feed = write(folder / "feed.jsonl", lines)
    write(outside / "secret.jsonl", lines.replace('"n', '"s'))  # the same bounds
    plan = parts.plan_parts(folder, part_bytes=1000, follow_links=follow)
    assert len(plan) >= 2 and all(p.span is not None for p in plan)
    feed.unlink()
    feed.symlink_to(outside / "secret.jsonl")
    read = [reading.read_part(part) for part in plan]
    ids = [d.id for c in read for d in c.documents]
    if follow:
        assert ids == [f"s{k}" for k in range(8)]
    else:
        assert ids == [] and [s.path for c in read for s in c.skipped] == [f"feed.jsonl:{p.first_line}" for p in plan]
        assert {s.reason for c in read for s in c.skipped} == {readable.LINK_OUT}


class _Arriving(io.RawIOBase):
    """Standard input as a pipe delivers it: a chunk a read."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = list(chunks)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self.chunks.pop(0) if self.chunks else b""
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _feed_lines(end: str) -> str:
    """Four lines, the second malformed, each ended by ``end``: ids come from the line numbers."""
    return "".join(line + end for line in (json.dumps({"text": BODY}), "{oops", json.dumps({"text": BODY + " Two."}),
                                           json.dumps({"text": BODY + " Three."})))


@pytest.mark.parametrize("part_bytes", [None, 300], ids=["whole", "ranges"])
@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_a_jsonl_line_ends_at_a_lone_carriage_return_as_at_a_newline(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, end: str, part_bytes: int | None) -> None:
    # old Mac line ends ("\r" alone): the whole feed was one malformed line, every article lost
    import dedup.parts as parts

    write(tmp_path / "feed.jsonl", _feed_lines(end).encode())
    if part_bytes is not None:
        monkeypatch.setattr(parts, "PART_BYTES", part_bytes)
        assert len(parts.large_jsonl_ranges(tmp_path / "feed.jsonl", tmp_path)) > 1  # read in ranges
    for source, rel in ((tmp_path, "feed.jsonl"), (tmp_path / "feed.jsonl", "feed.jsonl")):
        corpus = read_corpus(source)
        assert [d.id for d in corpus.documents] == [f"{rel}:1", f"{rel}:3", f"{rel}:4"]
        assert [s.path for s in corpus.skipped] == [f"{rel}:2"] and "malformed JSON" in corpus.skipped[0].reason


@pytest.mark.parametrize("end", [b"\r", b"\r\n"], ids=["cr", "crlf"])
def test_ranges_of_a_large_feed_are_cut_at_its_line_ends_and_numbered_by_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, end: bytes) -> None:
    # a feed of lone "\r" ends was one range (read whole, however large); a cut between "\r" and "\n", where
    # the blocks the plan reads meet, would number every later line one too many
    import dedup.parts as parts

    lines = [json.dumps({"text": f"{BODY} {k}."}).encode() for k in range(12)]
    data = end.join(lines) + end
    write(tmp_path / "feed.jsonl", data)
    monkeypatch.setattr(parts, "_BLOCK", len(lines[0]) + 1, raising=False)  # blocks ending between "\r" and "\n"
    ranges = parts.plan_parts(tmp_path / "feed.jsonl", part_bytes=3 * len(lines[0]))
    assert len(ranges) >= 3
    starts = {sum(len(line) + len(end) for line in lines[:k]): k + 1 for k in range(len(lines))}
    assert [(r.span[0] if r.span else None, r.first_line) for r in ranges] == [
        (r.span[0] if r.span else None, starts.get(r.span[0] if r.span else -1)) for r in ranges]
    ids = [d.id for r in ranges for d in reading.read_part(r).documents]
    assert ids == [f"feed.jsonl:{k}" for k in range(1, 13)]


@pytest.mark.parametrize("end", [b"\n", b"\r\n", b"\r"], ids=["lf", "crlf", "cr"])
def test_a_line_of_a_large_feed_too_long_to_hold_is_read_past_and_skipped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, end: bytes) -> None:
    # a range of a large JSONL file was read whole, however long its lines: one line of 300 MB took 2.9 GB
    # (standard input reads past a line over 64 MB, and names it)
    import dedup.parts as parts

    lines = [json.dumps({"id": f"a{k}", "text": f"{BODY} {k}."}).encode() for k in range(6)]
    long = json.dumps({"id": "long", "text": BODY * 40}).encode()
    write(tmp_path / "feed.jsonl", end.join(lines[:3] + [long] + lines[3:]) + end)
    monkeypatch.setattr(feeds, "MAX_LINE_BYTES", len(long) - 1)
    ranges = parts.plan_parts(tmp_path / "feed.jsonl", part_bytes=2 * len(lines[0]))
    assert any(r.span[1] - r.span[0] > len(long) - 1 for r in ranges if r.span)
    read = [reading.read_part(r) for r in ranges]
    assert [d.id for c in read for d in c.documents] == [f"a{k}" for k in range(6)]
    assert [(s.path, s.reason) for c in read for s in c.skipped] == [
        ("feed.jsonl:4", f"line too long ({len(long):,} bytes; at most {len(long) - 1:,} are read): left out")]


@pytest.mark.parametrize("chunks", [[b"A\rB\r\nC\nD\r"], [b"A\r", b"B\r", b"\nC\n", b"D\r"], [b"A\rB\r", b"\n", b"C\nD\r"]],
                         ids=["at-once", "cr-then-lf-apart", "lf-alone"])
def test_stdin_lines_end_at_a_lone_carriage_return_without_waiting_past_it(chunks: list[bytes]) -> None:
    # a "\r" that ends what has arrived ends the line (a live feed is answered at once); the "\n" that
    # then arrives, of a "\r\n", is no line
    from dedup.lines import stdin_lines

    feed = [c.replace(b"A", json.dumps({"id": "a", "text": ARTICLE}).encode()) for c in chunks]
    lines = list(stdin_lines(io.BufferedReader(_Arriving(feed))))
    assert [line.strip()[-1:] or line for line in lines] == ["}", "B", "C", "D"]
    corpus = read_corpus("-", stdin=stdin_lines(io.BufferedReader(_Arriving(feed))))
    assert [d.id for d in corpus.documents] == ["a"]
    assert [s.path for s in corpus.skipped] == ["<stdin>:2", "<stdin>:3", "<stdin>:4"]


def test_a_stdin_line_of_lone_carriage_returns_too_long_to_hold_is_read_past() -> None:
    from dedup.lines import LongLine, stdin_lines

    good = json.dumps({"id": "x", "text": ARTICLE}).encode()
    lines = list(stdin_lines(io.BytesIO(b"z" * 5000 + b"\r" + good + b"\r"), most=len(good) + 1))
    assert [type(line).__name__ for line in lines] == ["LongLine", "str"]
    assert lines[0].size == 5000 and isinstance(lines[0], LongLine)


def test_a_stdin_line_too_long_ended_by_a_carriage_return_apart_from_its_newline_is_one_line() -> None:
    from dedup.lines import LongLine, stdin_lines

    good = json.dumps({"id": "x", "text": ARTICLE}).encode()
    feed = [b"z" * 3000, b"z" * 2000 + b"\r", b"\n" + good + b"\r\n"]  # its "\r\n" arriving in two
    lines = list(stdin_lines(io.BufferedReader(_Arriving(feed)), most=len(good) + 1))
    assert [type(line).__name__ for line in lines] == ["LongLine", "str"]  # no empty line between: numbered alike
    assert isinstance(lines[0], LongLine) and lines[0].size == 5000


class _Waiting(_Arriving):
    """Standard input whose writer waits after its chunks: a read past them is a read that would wait."""

    def readinto(self, buffer: Any) -> int:
        if not self.chunks:
            raise AssertionError("read past what had arrived: a live feed would wait here")
        return super().readinto(buffer)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"], ids=["utf16-marked", "utf16-unmarked", "utf32"])
@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"], ids=["cr", "crlf", "lf"])
def test_wide_stdin_lines_are_given_when_they_arrive_whatever_ends_them(encoding: str, end: str) -> None:
    # UTF-16 (or UTF-32) on standard input was read through a text stream that, at a "\r" ending what had
    # arrived, read on to see whether a "\n" followed: a feed of lone "\r" ends had each article answered
    # only when the next one came
    from dedup.lines import stdin_lines

    line = json.dumps({"id": "a", "text": ARTICLE}) + end
    first = line.encode(encoding)
    feed = [first[: len(first) // 2 + 1], first[len(first) // 2 + 1 :]]  # the line in two pieces, a character cut
    lines = stdin_lines(io.BufferedReader(_Waiting(feed)))
    assert json.loads(next(lines))["id"] == "a"
    unmarked = {"utf-16": "utf-16-le", "utf-32": "utf-32-le"}.get(encoding, encoding)  # the mark opens the feed only
    rest = (json.dumps({"id": "b", "text": ARTICLE}) + end).encode(unmarked)
    ahead = [rest[: len(rest) // 3], rest[len(rest) // 3 :]]
    lines = stdin_lines(io.BufferedReader(_Arriving(feed + ahead)))
    assert [json.loads(x)["id"] for x in lines if x.strip()] == ["a", "b"]


@pytest.mark.parametrize("content", ["", "\n\n \r\n"], ids=["no-bytes", "blank-lines"])
def test_an_empty_jsonl_file_in_a_folder_is_named_as_an_empty_text_is(tmp_path: Path, content: str) -> None:
    # a feed that came empty (a download that failed) was left out without a word; an empty .txt was named
    write(tmp_path / "feed.jsonl", content)
    write(tmp_path / "story.txt", BODY)
    corpus = read_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["story.txt"]
    assert [(s.path, s.reason) for s in corpus.skipped] == [("feed.jsonl", "empty")]


def test_compressed_standard_input_is_one_error_not_a_malformed_line_each() -> None:
    # `cat feed.jsonl.gz | dedup scan -` skipped hundreds of "malformed JSON line"s and read no article
    import gzip

    data = gzip.compress((json.dumps({"id": "a", "text": BODY}) + "\n").encode() * 50)
    with pytest.raises(InputError, match=re.escape("standard input is gzip-compressed: decompress it on its way in "
                                                   "(zcat FILE | dedup ...)")):
        read_corpus("-", stdin=io.BytesIO(data))


def test_a_large_file_of_json_over_several_lines_is_one_reason_past_its_first_range(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # past PART_BYTES (ranges read apart) only the first range was named as one reason: each line of the others
    # was a malformed line of its own (65,595 inputs skipped for 41 MB of `jq .`)
    import dedup.parts as parts

    monkeypatch.setattr(parts, "PART_BYTES", 700)
    articles = [{"id": f"a{n}", "text": f"{BODY} Number {n}."} for n in range(20)]
    write(tmp_path / "feed.jsonl", json.dumps(articles, indent=2))
    write(tmp_path / "ok.jsonl", json.dumps({"id": "b", "text": BODY}) + "\n")
    assert len(parts.large_jsonl_ranges(tmp_path / "feed.jsonl", tmp_path)) > 3
    corpus = read_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["b"]
    assert [(s.path, s.reason) for s in corpus.skipped] == [("feed.jsonl", feeds.PRETTY_JSON)]
    # an engine that reads the ranges apart (Dask) gives the same one reason
    plan = [part for part in parts.plan_parts(tmp_path, part_bytes=700) if "feed.jsonl" in part.files[0]]
    read = [s for part in plan for s in reading.read_part(part).skipped]
    assert len(read) > 1 and feeds.pretty_json_collapsed(read) == [feeds.Skipped("feed.jsonl", feeds.PRETTY_JSON)]


def test_json_written_over_several_lines_in_a_jsonl_file_is_one_reason(tmp_path: Path) -> None:
    # `jq . > feed.jsonl` was a "malformed JSON line" for each of its lines (hundreds), and read no article
    articles = [{"id": f"a{n}", "text": f"{BODY} Number {n}."} for n in range(3)]
    text = "\n".join(json.dumps(a, indent=2) for a in articles)
    write(tmp_path / "feed.jsonl", text)
    write(tmp_path / "ok.jsonl", json.dumps({"id": "b", "text": BODY}) + "\n{broken\n")
    corpus = read_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["b"]
    assert [(s.path, s.reason) for s in corpus.skipped] == [
        ("feed.jsonl", feeds.PRETTY_JSON), ("ok.jsonl:2", "malformed JSON line (Expecting property name enclosed in "
                                                              "double quotes at column 2)")]
    piped = read_corpus("-", stdin=io.BytesIO(text.encode()))
    assert [(s.path, s.reason) for s in piped.skipped] == [("<stdin>", feeds.PRETTY_JSON)]


@pytest.mark.parametrize("indent", [2, None], ids=["over-lines", "one-line"])
def test_a_json_list_of_articles_in_a_jsonl_file_or_piped_is_read_as_a_list(tmp_path: Path, indent: int | None) -> None:
    # a CMS's export (`jq . > feed.jsonl`, `curl .../articles | dedup scan -`) was "JSON written over several lines",
    # or for a list on one line "not a list", every article lost
    articles = [{"id": f"a{n}", "text": f"{BODY} Number {n}."} for n in range(3)] + [{"text": f"{BODY} No id."}]
    text = json.dumps(articles, indent=indent)
    write(tmp_path / "feed.jsonl", text)
    said = "a JSON list of articles, not JSONL (one article a line); read as a list"
    for corpus, where in ((read_corpus(tmp_path / "feed.jsonl"), "feed.jsonl"),
                          (read_corpus("-", stdin=io.BytesIO(b"\n" + text.encode())), "<stdin>")):
        assert [d.id for d in corpus.documents] == ["a0", "a1", "a2", f"{where}[3]"] and not corpus.skipped
        assert corpus.warnings[0] == f"{where}: {said}"
    # JSONL whose lines are lists is read a line at a time, as before: each line refused
    write(tmp_path / "lists.jsonl", "\n".join(json.dumps([a]) for a in articles[:2]) + "\n")
    skipped = read_corpus(tmp_path / "lists.jsonl").skipped
    assert [s.path for s in skipped] == ["lists.jsonl:1", "lists.jsonl:2"] and "not a list" in skipped[0].reason


def test_a_text_given_as_jsonl_is_one_reason_not_a_malformed_line_for_each_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a text of 200 MB piped to `scan -` was two million "malformed JSON line"s (660 MB, 55 s) for one mistake
    lines = [f"{BODY} Line {n}." for n in range(feeds.NOT_JSONL_LINES + 5)]
    write(tmp_path / "in" / "notes.jsonl", "\n".join(lines) + "\n")
    write(tmp_path / "in" / "ok.jsonl", json.dumps({"id": "b", "text": BODY}) + "\nnot json\n")
    corpus = read_corpus(tmp_path / "in")
    assert [d.id for d in corpus.documents] == ["b"]
    assert [(s.path, s.reason) for s in corpus.skipped] == [
        ("notes.jsonl", feeds.NOT_JSONL), ("ok.jsonl:2", "malformed JSON line (Expecting value at column 1)")]
    piped = read_corpus("-", stdin=io.BytesIO(("\n".join(lines) + "\n").encode()))
    assert [(s.path, s.reason) for s in piped.skipped] == [("<stdin>", feeds.NOT_JSONL)]
    # a feed whose articles come after its first lines, or fewer bad lines than the bound, is read as before
    few = read_corpus("-", stdin=io.BytesIO(("\n".join(lines[:10]) + "\n" + json.dumps({"id": "c", "text": BODY})).encode()))
    assert [d.id for d in few.documents] == ["c"] and len(few.skipped) == 10


def test_a_large_text_given_as_jsonl_is_one_reason_past_its_first_range(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # read in ranges (past PART_BYTES), on either engine
    import dedup.parts as parts

    monkeypatch.setattr(parts, "PART_BYTES", 2000)
    monkeypatch.setattr(feeds, "NOT_JSONL_LINES", 5)
    write(tmp_path / "notes.jsonl", "\n".join(f"{BODY} Line {n}." for n in range(200)) + "\n")
    write(tmp_path / "ok.jsonl", json.dumps({"id": "b", "text": BODY}) + "\n")
    assert len(parts.large_jsonl_ranges(tmp_path / "notes.jsonl", tmp_path)) > 3
    corpus = read_corpus(tmp_path)
    assert [(s.path, s.reason) for s in corpus.skipped] == [("notes.jsonl", feeds.NOT_JSONL)]
    plan = [part for part in parts.plan_parts(tmp_path, part_bytes=2000) if "notes.jsonl" in part.files[0]]
    read = [s for part in plan for s in reading.read_part(part).skipped]
    assert len(read) > 1 and feeds.pretty_json_collapsed(read) == [feeds.Skipped("notes.jsonl", feeds.NOT_JSONL)]


def test_a_document_on_standard_input_is_refused_as_what_it_is() -> None:
    from dedup.lines import stdin_lines

    with pytest.raises(InputError, match=r"^standard input is a PDF document, not text: save it as text \(\.txt\) or HTML first$"):
        list(stdin_lines(io.BytesIO(b"%PDF-1.7\n" + BODY.encode() + b"\n")))


def _cut_while_read(tmp_path: Path) -> tuple[Path, list[Any]]:
    """A JSONL file of 60 articles planned in ranges of 4 KB, then cut to its first 10,000 bytes: a log rotated,
    an export written again while a scan read it."""
    from dedup.parts import plan_parts

    lines = [json.dumps({"id": f"a{i}", "text": f"Story {i}. {BODY}"}) for i in range(60)]
    feed = write(tmp_path / "live.jsonl", "\n".join(lines) + "\n")
    parts = plan_parts(feed, part_bytes=4096)
    assert len(parts) > 3 and all(part.span is not None for part in parts)
    with feed.open("r+b") as handle:
        handle.truncate(10_000)
    return feed, parts


def test_a_file_cut_short_while_its_ranges_are_read_is_said_once(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Read in ranges planned from its size (a large JSONL file), a file cut short meanwhile gave the articles it
    still held, the rest left out without a word: the report read as though they were never there."""
    feed, parts = _cut_while_read(tmp_path)
    monkeypatch.setattr(reading, "large_jsonl_ranges", lambda file, root: parts)
    corpus = read_corpus(feed)
    cut = [w for w in corpus.warnings if feeds.CUT_SHORT in w]
    assert cut == ["live.jsonl: cut short while it was read (it holds 10,000 bytes now, fewer than when its read "
                   "began): the articles it held as it was read are reported; read it again once it is written whole"]
    assert 0 < len(corpus.documents) < 60
    # each range read on its own (the Dask engine's parts): said by every range read after the cut
    assert all(cut == [w for w in reading.read_part(part).warnings if feeds.CUT_SHORT in w] for part in parts[-2:])


def test_a_file_that_grows_while_its_ranges_are_read_is_said_once(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Read in ranges planned from its size, a file written to meanwhile (a log) was read to its size at the start,
    the lines written since left out without a word."""
    from dedup.parts import plan_parts

    lines = [json.dumps({"id": f"a{i}", "text": f"Story {i}. {BODY}"}) for i in range(60)]
    feed = write(tmp_path / "live.jsonl", "\n".join(lines) + "\n")
    size, parts = feed.stat().st_size, plan_parts(feed, part_bytes=4096)
    assert len(parts) > 3 and all(part.span is not None for part in parts)
    with feed.open("ab") as handle:
        handle.write(b"".join(json.dumps({"id": f"b{i}", "text": BODY}).encode() + b"\n" for i in range(5)))
    monkeypatch.setattr(reading, "large_jsonl_ranges", lambda file, root: parts)
    corpus = read_corpus(feed)
    grew = [w for w in corpus.warnings if feeds.GREW in w]
    assert grew == [f"live.jsonl: grew while it was read (it holds {feed.stat().st_size:,} bytes now, {size:,} when "
                    f"its read began): the articles in its first {size:,} bytes are reported, none written since; "
                    "read it again once it is written whole"]
    assert [d.id for d in corpus.documents] == [f"a{i}" for i in range(60)]
    assert not [w for w in corpus.warnings if feeds.CUT_SHORT in w]
    # each range read on its own (the Dask engine's parts): said by the last alone
    assert [[w for w in reading.read_part(part).warnings if feeds.GREW in w] for part in parts] == \
        [[]] * (len(parts) - 1) + [grew]


def test_a_file_read_whole_in_ranges_says_nothing_of_a_cut(tmp_path: Path) -> None:
    from dedup.parts import plan_parts

    feed = write(tmp_path / "whole.jsonl", "".join(json.dumps({"id": f"a{i}", "text": BODY}) + "\n" for i in range(30)))
    assert not [w for part in plan_parts(feed, part_bytes=4096) for w in reading.read_part(part).warnings]


@pytest.mark.parametrize("piped", [False, True], ids=["file", "stdin"])
def test_a_last_line_cut_where_the_input_ends_says_it_was_cut_short_whenever_that_was(tmp_path: Path, piped: bool) -> None:
    # a JSONL file truncated while scan read it, or just before (no range's size could tell), was "malformed JSON
    # line (Unterminated string ...)" alone; a malformed line with its line end, and a whole last line without one,
    # are as before
    lines = [json.dumps({"id": f"a{n}", "text": BODY + f" Line {n}."}) for n in range(3)]
    for text, reasons in [("\n".join(lines[:2]) + "\n" + lines[2][:40], {"f.jsonl:3": feeds.ENDS_INSIDE}),
                          ("\n".join(lines[:2]) + "\n" + lines[2][:40] + "\n", {"f.jsonl:3": "malformed JSON line"}),
                          ("\n".join(lines), {})]:
        if piped:
            corpus = read_corpus("-", stdin=io.StringIO(text))
            reasons = {k.replace("f.jsonl", "<stdin>"): v for k, v in reasons.items()}
        else:
            write(tmp_path / "f.jsonl", text)
            corpus = read_corpus(tmp_path / "f.jsonl")
        got = {s.path: s.reason for s in corpus.skipped}
        assert got.keys() == reasons.keys()
        assert all(got[k].startswith(v + " (") and (v == feeds.ENDS_INSIDE or feeds.ENDS_INSIDE not in got[k])
                   for k, v in reasons.items())
        assert len(corpus.documents) == 3 - len(reasons)
    assert "changed while it was read" in feeds.ENDS_INSIDE
