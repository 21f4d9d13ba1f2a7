"""Lines judged for mixed encodings (dedup.lines.judged_lines): what charsets.mixed_lines answers of them is what it
answers of the bytes' own lines, however they come in pieces, and no line longer than the bound is ever held."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from dedup import streamed_tables
from dedup.charsets import mixed_lines
from dedup.lines import judged_lines
from dedup.parts import _byte_lines
from test_file_kinds import _tar

SAMPLES = {
    "ascii": b"id,text\n1,plain words\r\n2,more\r3,last",
    "utf8-then-1252": "caf\u00e9 one\n".encode() + "d\u00e9j\u00e0 two\n".encode("cp1252"),
    "all-1252": "caf\u00e9 one\r\nd\u00e9j\u00e0 two\r\n".encode("cp1252"),
    "utf16-line": b"plain line\n" + "\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac text here\n".encode("utf-16-le") + b"\n",
    "nul-block": b"\x00" * 40 + b"\nwords\n",
    "cut-utf8": "caf\u00e9 \u00e9t\u00e9".encode()[:-1] + b"\nd\xe9j\xe0\n",
    "crlf-at-cut": b"a\r\n" * 50 + "\u00e9\r\n".encode() + b"\xe9\r\n",
}


def _chunks(data: bytes, size: int) -> list[bytes]:
    return [data[at:at + size] for at in range(0, len(data), size)]


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64, 1 << 20])
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_lines_judged_in_pieces_are_judged_as_the_bytes_own_lines(name: str, size: int) -> None:
    data = SAMPLES[name]
    assert mixed_lines(judged_lines(_chunks(data, size))) == mixed_lines(data.splitlines())
    assert [line for line in judged_lines(_chunks(data, size)) if line] == [line for line in data.splitlines() if line]
    assert mixed_lines(_byte_lines(io.BytesIO(data))) == mixed_lines(data.splitlines())


@pytest.mark.parametrize("line, kind", [
    (b"plain words " * 100, b"a"),
    (b" \t" * 500, b" "),
    ("caf\u00e9 ".encode() * 300, b"\xc3\xa9"),
    ("caf\u00e9 ".encode("cp1252") * 300, b"\xff"),
    ("caf\u00e9 ".encode() * 300 + b"\xc3", b"\xff"),  # cut inside its last character
], ids=["ascii", "blank", "utf8", "cp1252", "cut-utf8"])
@pytest.mark.parametrize("size", [1, 5, 64, 4096])
def test_a_line_past_the_bound_is_judged_as_it_comes_and_given_as_its_kind(line: bytes, kind: bytes, size: int) -> None:
    data = b"short\n" + line + b"\nafter"
    got = list(judged_lines(_chunks(data, size), most=100))
    assert [g for g in got if g] == [b"short", kind, b"after"]
    assert mixed_lines(got) == mixed_lines(data.splitlines())


def test_a_table_of_one_long_line_is_judged_without_holding_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a table whose one row after its header was a 300 MB cell was held whole to judge its lines: 1.3 GB
    file = tmp_path / "long.csv"
    file.write_bytes(b"id,text\n1,\"" + "caf\u00e9 na\u00efve d\u00e9j\u00e0 ".encode("cp1252") * 5_000 + b"\"\n")
    from dedup.reading import read_corpus

    read_whole = read_corpus(file)
    whole = ([d.id for d in read_whole.documents], list(read_whole.skipped), list(read_whole.warnings))
    seen: list[int] = []
    real = streamed_tables.mixed_lines
    monkeypatch.setattr(streamed_tables, "mixed_lines", lambda lines: real(seen.append(len(line)) or line for line in lines))
    monkeypatch.setattr(streamed_tables, "STREAM_FROM", 1)
    monkeypatch.setattr(streamed_tables, "PIECE", 4096)
    monkeypatch.setattr(streamed_tables, "LINE_HELD", 10_000)
    read = read_corpus(file)
    assert ([d.id for d in read.documents], list(read.skipped), list(read.warnings)) == whole and whole[0] == ["1"]
    assert seen and max(seen) <= 10_000
    fd = os.open(file, os.O_RDONLY)
    try:
        assert streamed_tables.table_plan(fd, piece=4096).codec == "cp1252"
    finally:
        os.close(fd)


class _Trickle(io.RawIOBase):
    """A pipe whose writer gives ``size`` bytes a write."""

    def __init__(self, data: bytes, size: int) -> None:
        self._data, self._at, self._size = data, 0, size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        piece = self._data[self._at:self._at + min(self._size, len(buffer))]
        buffer[:len(piece)] = piece
        self._at += len(piece)
        return len(piece)


# a gzip header's time (bytes 4-8) holding a newline byte cut the first line there, and the archive was said to be
# only "gzip-compressed"; told by the stream's first bytes now, whatever its first line
@pytest.mark.parametrize("mtime", [0, 0x0A0A0A0A, 0x5F0A0000, 0x0000000A], ids=["none", "all-newlines", "one", "low"])
@pytest.mark.parametrize("size", [1 << 16, 7], ids=["whole", "trickle"])
def test_a_gzipped_tar_on_standard_input_is_named_whatever_its_header_time(mtime: int, size: int) -> None:
    import gzip

    from dedup.errors import InputError
    from dedup.lines import stdin_lines

    data = gzip.compress(_tar(Path()), mtime=mtime)
    with pytest.raises(InputError, match="^standard input is a gzip-compressed tar archive: unpack it first"):
        list(stdin_lines(io.BufferedReader(_Trickle(data, size))))


def test_a_word_file_on_standard_input_is_named_a_document_not_a_zip_archive() -> None:
    import zipfile

    from dedup.errors import InputError
    from dedup.lines import stdin_lines

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        # a time whose DOS form holds a newline byte in the entry's header, before its name
        archive.writestr(zipfile.ZipInfo("[Content_Types].xml", date_time=(1980, 1, 1, 0, 0, 20)), "<Types/>")
    assert b"\n" in data.getvalue()[:30]
    with pytest.raises(InputError, match="^standard input is an office document .*, not text"):
        list(stdin_lines(io.BytesIO(data.getvalue())))


def test_lines_that_only_open_like_magic_numbers_are_read() -> None:
    from dedup.lines import stdin_lines

    lines = [b'{"id": "a", "text": "BZh is no bzip2 here"}\n', b"\xef\xbb\xbf" + b'{"id": "b", "text": "PK"}\n']
    assert list(stdin_lines(io.BytesIO(b"".join(lines)))) == [line.decode("utf-8-sig") for line in lines]
