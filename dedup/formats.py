"""Input formats: which files are articles, and how their bytes become text.

UTF-8, else the encoding an HTML page declares (unless its bytes are East Asian text it reads as nonsense), else
an East Asian encoding in which the bytes make sense (:func:`dedup.encodings.cjk_reading`), else a single-byte code
page in which the letters surely make sense (:func:`dedup.encodings.single_byte_reading`: Cyrillic, Greek, Hebrew, Arabic, Central European,
Turkish, Thai, Baltic, Vietnamese), else Windows-1252; UTF-16 and UTF-32 by their byte-order mark or
their NULs; binary files refused; stray
control characters found for the reader to drop; JSON errors in one line; standard input decoded a
line at a time, as the lines of a file mixing encodings are.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import io
import json
import math
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import IO, Any, Iterable, Iterator

import orjson

from dedup.encodings import CJK_DECLARED, cjk_reading, encoding_name, nonsense, sense_made, sensible_reading
from dedup.errors import InputError

__all__ = [
    "SUPPORTED_SUFFIXES", "TEXT_SUFFIXES", "HTML_SUFFIXES", "JSON_SUFFIXES", "JSONL_SUFFIXES", "NOT_ARTICLES",
    "CONTROLS", "SNIFF", "COMPRESSED_SUFFIXES", "compressed", "compressed_reason", "document", "document_reason", "OTHER_SUFFIXES", "decode_bytes", "DECLARED_ELSE", "MARKED_ELSE", "stray_bytes_replaced", "declared_encoding", "is_binary", "is_json_report", "is_nul_block", "line_end", "utf16_encoding", "json_error", "stdin_lines", "file_name",
    "LongLine", "MAX_LINE_BYTES", "ENDLESS_FACTOR", "file_lines", "too_long", "without_controls", "repeated_fields",
    "MailText", "mail_message",
]

TEXT_SUFFIXES = {".txt", ".md", ".text", ".eml"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = frozenset(TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES)
NOT_ARTICLES = re.compile(r"^(readme|license|licence|changelog|contributing)(\..*)?$", re.IGNORECASE)

#: C0 controls other than tab, newline, carriage return and form feed, and DEL.
CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
def without_controls(text: str) -> tuple[str, str | None]:
    r"""``text`` without its stray control characters (:data:`CONTROLS`: a NUL where a character was garbled),
    and what was done, for a warning (None when there were none).

    >>> without_controls("th\x00ird")
    ('third', '1 control character (such as NUL) dropped')
    """
    cleaned, dropped = CONTROLS.subn("", text)
    return cleaned, f"{dropped} control character{'s' if dropped != 1 else ''} (such as NUL) dropped" if dropped else None


_NULS_AND_SPACE = "\x00 \t\r\n\f\v"


def is_nul_block(line: str) -> bool:
    r"""Whether ``line`` is NULs alone (and white space): the block a feed's writer that crashed had allocated
    and never wrote, no line to read (a scan and ``stream`` pass over it as over a blank line).

    >>> is_nul_block("\x00" * 80 + "\n"), is_nul_block("\x00{}")
    (True, False)
    """
    return line[:1] == "\x00" and not line.strip(_NULS_AND_SPACE)


#: A file is binary when more than this share of its first bytes are control bytes.
_BINARY_SHARE = 0.05
SNIFF = 8192


#: The longest line of standard input held in memory (bytes): an article's text is cut at a million
#: characters anyway, and one endless line must not take the memory of a process that runs for days.
MAX_LINE_BYTES = 64 << 20
#: A line of standard input is read past (to find where the next begins) for at most this many times
#: :data:`MAX_LINE_BYTES` (1 GiB); past that it has no end to find (a device of endless bytes, a file of one
#: line given as JSONL), and reading stops with an error instead of going on for as long as bytes come.
ENDLESS_FACTOR = 16


class LongLine(str):
    """In place of a line of standard input longer than ``most`` bytes (:data:`MAX_LINE_BYTES`; read
    past, not held): empty, with the line's ``size`` in bytes."""

    size: int
    most: int
    at_cr: bool = False  # it ended at a "\r" that ended what had arrived

    def __new__(cls, size: int, most: int = MAX_LINE_BYTES) -> "LongLine":
        line = super().__new__(cls, "")
        line.size, line.most = size, most
        return line

    def __repr__(self) -> str:
        return f"LongLine({self.size})"


def too_long(line: LongLine) -> str:
    """What is said of a line read past."""
    return f"line too long ({line.size:,} bytes; at most {line.most:,} are read): left out"


def stdin_lines(stream: IO[Any] | None = None, *, most: int = MAX_LINE_BYTES) -> Iterator[str]:
    """Lines of standard input (or a binary ``stream``), each decoded as UTF-8, else Windows-1252 (as files
    are), so that stray bytes make a line malformed instead of stopping the read with a traceback. A line
    of more than ``most`` bytes is read past and given as a :class:`LongLine`. Raises :class:`InputError`
    when there is no standard input at all (the command was started with it closed, ``<&-``), and when a line
    runs past :data:`ENDLESS_FACTOR` times ``most`` bytes without an end (the lines before it given first)."""
    if stream is None and sys.stdin is None:  # Python sets it to None when descriptor 0 is closed
        raise InputError("standard input is closed, so there is nothing to read: pipe JSONL into the command, "
                         "or give a file")
    source = _marked_wide(stream if stream is not None else getattr(sys.stdin, "buffer", sys.stdin))
    if not hasattr(source, "readline"):
        yield from (_decoded(line) for line in source)
        return
    after_cr, number = False, 0
    while (line := _next_line(source, most, number + 1)) is not None:
        number += 1
        if number == 1 and isinstance(line, bytes) and (kind := compressed(line)) is not None:
            raise InputError(f"standard input is {compressed_reason(kind, piped=True)}")
        if number == 1 and isinstance(line, bytes) and (kind := document(line[:SNIFF])) is not None:
            raise InputError(f"standard input is {document_reason(kind)}")
        # the "\n" of a "\r\n" whose "\r" ended the input that had arrived: it ends no line of its own
        after_cr, skip = line[-1:] in (b"\r", "\r") or getattr(line, "at_cr", False), after_cr and line in (b"\n", "\n")
        if skip:
            continue
        # neither the line's bytes nor its text held here while the caller reads it (a generator's
        # variables are): a line of 64 MB was held twice more than needed
        held, line = [_decoded(line)], None
        yield held.pop()


def file_lines(source: IO[bytes], end: int, *, most: int = MAX_LINE_BYTES) -> Iterator[bytes | LongLine]:
    """The lines of a binary file from where ``source`` stands (a line's start) to ``end`` (a line's end, or
    the file's), as bytes, each ended as :func:`stdin_lines` ends them; a line of more than ``most`` bytes is
    read past, not held, and given as a :class:`LongLine`, as standard input's are (a range of a large JSONL
    file was read whole: a line of 300 MB took 2.9 GB)."""
    after_cr = False
    while source.tell() < end and (line := _next_line(source, most, endless=False)) is not None:
        after_cr, skip = line[-1:] == b"\r" or getattr(line, "at_cr", False), after_cr and line == b"\n"
        if not skip:
            yield line


def _decoded(line: Any) -> str:
    """A line as text: a str as it is, bytes as UTF-8, else in the East Asian or single-byte encoding they make
    sense in (:func:`sensible_reading`), else Windows-1252."""
    if isinstance(line, str):
        return line
    try:
        return line.decode("utf-8-sig")
    except UnicodeDecodeError:
        found = sensible_reading(line)
        return found[0] if found is not None else line.decode("cp1252", errors="replace")


def _marked_wide(source: Any) -> Any:
    """A binary stream that opens with a UTF-16 or UTF-32 byte-order mark, or with the NULs of UTF-16 text
    without one in every other byte (:func:`utf16_encoding`, looked for in what has arrived, up to
    :data:`SNIFF` bytes), as a text stream in that encoding, as a file is read (UTF-16 from a Windows tool
    was a malformed line a line); others as given."""
    if not hasattr(source, "read") or isinstance(source, io.TextIOBase):
        return source
    buffered = source if hasattr(source, "peek") else io.BufferedReader(source)
    arrived = buffered.peek(SNIFF)[:SNIFF]  # what is there already: a feed's first line is not waited past
    if not arrived:  # the end of the input already: on a terminal the read after an end (Ctrl-D) waits for
        return io.BytesIO()  # more, and it took a second Ctrl-D to end a command given nothing
    head = arrived[:8]
    # the mark and a first character of the ASCII a JSON line opens with, in that width (not bytes that
    # merely open so: binary input stays lines of bytes, each malformed)
    for encoding, marks, width in (("utf-32", (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), 4),
                                   ("utf-16", (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), 2)):
        first = head[width:2 * width]
        if head.startswith(marks) and len(first) == width and (first.count(0) == width - 1) and (
                first[0 if head.startswith(marks[0]) else -1] != 0):
            return _WideLines(buffered, encoding)
        if head.startswith(marks) and first[:1].isascii() and len(first) == width and 0 not in first:
            # the mark before UTF-8 lines (a tool's, or a file pasted behind another's): the first line was lost
            # as malformed JSON; the mark is passed over, as a UTF-8 one is
            buffered.read(4 if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) else 2)
            return buffered
    unmarked = utf16_encoding(arrived) if not arrived.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else None
    if unmarked in ("utf-16-le", "utf-16-be"):  # over eight NULs in ten of one parity, under one in twenty of the other
        return _WideLines(buffered, unmarked)
    return buffered


class _WideLines:
    """The lines of a binary stream in UTF-16 or UTF-32 (``encoding``), decoded as they arrive; each ends at
    a "\n", a "\r\n" or a lone "\r", as :func:`_read_line` ends the lines of bytes: a "\r" that ends
    what has arrived ends the line (the "\n" that may follow is passed over by :func:`stdin_lines`). A
    text stream (``TextIOWrapper``, ``newline=""``) waited for what followed such a "\r" before it gave the
    line: a feed of lone "\r" ends in UTF-16 had each article answered only once the next had come."""

    def __init__(self, source: Any, encoding: str) -> None:
        self._source = source
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self._text = ""  # the text decoded and not yet given, from ``_at`` on
        self._at = 0
        self._ended = False

    def readline(self, most: int = -1) -> str:
        """The next line, or up to ``most`` characters of it; "" at the end. Each character decoded is
        looked at once, and a long line is joined once (a line of 64 MB arrives in a thousand pieces)."""
        parts: list[str] = []
        size = 0
        while True:
            if self._at >= len(self._text):
                if self._ended:
                    return "".join(parts)
                chunk = self._source.read1(1 << 16)  # what has arrived, waiting only when nothing has
                self._text, self._at = self._decoder.decode(chunk, final=not chunk), 0
                self._ended = not chunk
                continue
            text, at = self._text, self._at
            stop = len(text) if most < 0 else min(len(text), at + most - size)
            lf, cr = text.find("\n", at, stop), text.find("\r", at, stop)
            if cr >= 0 and (lf < 0 or cr < lf):  # a "\r" first: with its "\n" if one is there already
                lf = cr + 1 if text[cr + 1 : cr + 2] == "\n" else cr
            if lf >= 0 and lf < stop:
                self._at = lf + 1
                parts.append(text[at : lf + 1])
                return "".join(parts)
            parts.append(text[at:stop])
            size += stop - at
            self._at = stop
            if most >= 0 and size >= most:
                return "".join(parts)


def _next_line(source: IO[Any], most: int, number: int = 1, *, endless: bool = True) -> Any:
    """The next line of ``source`` (bytes, or characters of a text stream), a :class:`LongLine` in place
    of one longer than ``most``, or None at the end. A function, not a generator: a generator held the
    line it had given out while the caller read it. Raises :class:`InputError` for a line (``number``)
    still without an end after :data:`ENDLESS_FACTOR` times ``most``: ``scan - < /dev/zero`` read for ever
    (not with ``endless`` False: a file's line ends with the file)."""
    line = _read_line(source, most + 1)
    if not line:
        return None
    if len(line) <= most or line.endswith(_ENDS[type(line)]):
        return line
    size, bound = len(line), ENDLESS_FACTOR * most
    while line and not line.endswith(_ENDS[type(line)]):  # read past the rest
        if endless and size > bound:
            raise InputError(f"standard input: line {number:,} runs past {bound:,} bytes without an end, so it is "
                             "no JSONL line (endless input?); nothing after it was read")
        line = _read_line(source, 1 << 20)
        size += len(line)
    long = LongLine(size - (len(line) - len(line.rstrip(_ENDS[type(line)][0])) if line else 0), most)
    long.at_cr = line[-1:] in (b"\r", "\r")  # its "\n", should one follow, is no line either
    return long


_ENDS = {bytes: (b"\r\n", b"\n", b"\r"), str: ("\r\n", "\n", "\r")}


def line_end(data: bytes, start: int = 0, *, open_end: bool = False) -> int:
    """Where in ``data`` (from ``start``) the first line ends: the index of its "\\n", of its lone "\\r" (old
    Mac line ends), or of the "\\n" of its "\\r\\n", never between the two; -1 for none. A "\\r" that ends
    ``data`` ends the line, unless ``open_end`` (more bytes follow, which may open with its "\\n": -1).

    >>> line_end(b"a\\rb"), line_end(b"a\\r\\nb"), line_end(b"ab\\r"), line_end(b"ab\\r", open_end=True)
    (1, 2, 2, -1)
    """
    lf, cr = data.find(b"\n", start), data.find(b"\r", start)
    if cr < 0 or 0 <= lf < cr:
        return lf
    if cr + 1 == len(data):
        return -1 if open_end else cr
    return cr + 1 if data[cr + 1] == 0x0A else cr


def _read_line(source: IO[Any], most: int) -> Any:
    """Up to ``most`` bytes or characters of ``source``, to the end of a line: a "\\n", a "\\r\\n" or a lone
    "\\r" (old Mac line ends: ``readline`` of bytes knows "\\n" alone, and a feed of them was one line). What
    has arrived is looked at, never waited past: a "\\r" that ends it ends the line, and the "\\n" that may
    follow is passed over by :func:`stdin_lines`. A text stream (opened with ``newline=""``) knows all three."""
    if not hasattr(source, "peek"):
        return source.readline(most)
    parts: list[bytes] = []
    while most > 0 and (arrived := source.peek(1)[:most]):
        end = line_end(arrived)
        parts.append(source.read(end + 1 if end >= 0 else len(arrived)))
        if end >= 0:
            break
        most -= len(arrived)
    return b"".join(parts)


#: :func:`decode_bytes`'s reason for bytes that are all white space and control characters (as an empty file is
#: "empty"; with that many control bytes they would otherwise read as a binary file).
EMPTY_OF_TEXT = "empty (only white space and control characters)"
#: :func:`decode_bytes`'s reason for bytes that are no text.
BINARY = "binary file"

#: The opening bytes of compressed files and archives, and what they are called. A feed kept compressed
#: (``feed.jsonl.gz``, or gzip's bytes under a ``.jsonl`` name or on standard input) was "binary file",
#: "unsupported file type .gz" or a malformed JSON line for every line, with no word of what it was.
_COMPRESSED = ((b"\x1f\x8b", "gzip"), (b"PK\x03\x04", "zip"), (b"BZh", "bzip2"), (b"\xfd7zXZ\x00", "xz"),
               (b"\x28\xb5\x2f\xfd", "zstd"), (b"7z\xbc\xaf\x27\x1c", "7-Zip"))
#: The names of compressed files and archives, by their suffix.
COMPRESSED_SUFFIXES = {".gz": "gzip", ".tgz": "gzip", ".zip": "zip", ".bz2": "bzip2", ".xz": "xz", ".zst": "zstd",
                       ".7z": "7-Zip"}


def compressed(head: bytes) -> str | None:
    r"""The kind of compression or archive ``head`` (a file's first bytes) opens with, or None.

    >>> compressed(b"\x1f\x8b\x08\x00"), compressed(b'{"id": "a"}')
    ('gzip', None)
    """
    return next((kind for magic, kind in _COMPRESSED if head.startswith(magic)), None)


#: The opening bytes of documents of word processors and the like, and what they are called. An RTF file is
#: text: saved under a ``.txt`` name, its control words were read as the article's, and two unrelated stories
#: saved by one editor (whose header of fonts and colours is the same) were reported as a copy (two Reuters stories
#: of 473 and 791 characters: partial, 0.66).
_DOCUMENTS = ((b"%PDF-", "a PDF document"), (b"{\\rtf", "an RTF document"),
              (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Word, Excel or PowerPoint document (of before 2007)"))
#: The names inside a zip archive's first entry that say it is an office document (Office Open XML, OpenDocument).
_OFFICE_ZIP = re.compile(rb"\[Content_Types\]\.xml|mimetypeapplication/vnd\.oasis|^PK\x03\x04.{26}(?:word|xl|ppt)/", re.S)


#: What files of other kinds are, by their suffix, and what to do (their type alone was "unsupported").
OTHER_SUFFIXES = {
    **{suffix: "a table: write its articles as JSONL, one {\"id\": ..., \"text\": ...} object a line"
       for suffix in (".csv", ".tsv", ".xls", ".xlsx", ".ods")},
    **{suffix: "a document, not text: save it as text (.txt) or HTML first"
       for suffix in (".pdf", ".rtf", ".doc", ".docx", ".odt", ".pages", ".epub")},
    **{suffix: "a database (such as a dedup index), not articles" for suffix in (".db", ".sqlite", ".sqlite3")},
}


def document(head: bytes) -> str | None:
    r"""What kind of document ``head`` (a file's first bytes) opens as, or None: a PDF, RTF or office file.

    >>> document(b"%PDF-1.7\n"), document(b"{\\rtf1\\ansi"), document(b"The minister said")
    ('a PDF document', 'an RTF document', None)
    """
    head = head[3:] if head.startswith(codecs.BOM_UTF8) else head
    kind = next((kind for magic, kind in _DOCUMENTS if head.startswith(magic)), None)
    if kind is None and head.startswith(b"PK\x03\x04") and _OFFICE_ZIP.search(head[:512]):
        kind = "an office document (Word, Excel, OpenDocument)"
    return kind


def document_reason(kind: str) -> str:
    """Why a document of a word processor or the like is not read, and what to do.

    >>> document_reason("a PDF document")
    'a PDF document, not text: save it as text (.txt) or HTML first'
    """
    return f"{kind}, not text: save it as text (.txt) or HTML first"


def compressed_reason(kind: str, *, piped: bool = False) -> str:
    """Why a compressed file or archive (``piped``: standard input) is not read, and what to do.

    >>> compressed_reason("gzip")
    'gzip-compressed: decompress it first (dedup reads text; zcat FILE | dedup scan - reads a compressed feed)'
    """
    if kind in ("zip", "7-Zip"):
        return f"a {kind} archive: extract it first (dedup reads text files, and folders of them)"
    tool = {"gzip": "zcat", "bzip2": "bzcat", "xz": "xzcat", "zstd": "zstdcat"}[kind]
    if piped:
        return f"{kind}-compressed: decompress it on its way in ({tool} FILE | dedup ...)"
    return f"{kind}-compressed: decompress it first (dedup reads text; {tool} FILE | dedup scan - reads a compressed feed)"
#: :func:`decode_bytes`'s reason for text bytes that are neither UTF-8 nor Windows-1252.
UNDECODABLE = "undecodable: neither UTF-8 nor Windows-1252 text"


def decode_bytes(data: bytes, *, html: bool = False) -> tuple[str | None, str]:
    """``(text, encoding)`` of a file's bytes, or ``(None, reason)`` when it is not text.

    UTF-16 with a byte-order mark (or with NULs in every other byte, as plain UTF-16 English has) and
    UTF-32 with a byte-order mark (or with the NULs of its high bytes) are read as such; otherwise a file whose first bytes are more than 5% control bytes is binary
    (or :data:`EMPTY_OF_TEXT` when it holds nothing else but white space). Text is
    UTF-8, else (``html``) the encoding the page declares (:func:`declared_encoding`), else Windows-1252; its
    stray control characters are left for the caller to drop. A file cut off inside its last character is
    read without it (its encoding named with :data:`CUT_OFF` added).
    """
    head = data[:SNIFF]
    if (kind := document(head)) is not None:  # before the test for binary bytes: an RTF file is text
        return None, document_reason(kind)
    utf16 = utf16_encoding(head)
    unmarked = _utf8_behind_wide_mark(data) if utf16 in ("utf-16", "utf-32") else None
    if unmarked is not None:
        return unmarked, f"utf-8{MARKED_ELSE}{utf16.upper()}"
    if utf16 is not None:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError as exc:
            text = _without_cut(data, utf16, exc)
            return (text, utf16 + CUT_OFF) if text is not None else (
                None, f"undecodable: starts as {utf16[:6].upper()} text but is not")
    if is_binary(head, nul_blocks=False) and not data.translate(None, delete=_CONTROL_BYTES + b" \t\n\f\r"):
        return None, EMPTY_OF_TEXT  # nothing but white space and control bytes is no photo nor archive: no text
    if is_binary(head):
        kind = compressed(head)
        return None, BINARY if kind is None else compressed_reason(kind)
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError as exc:
        text = _without_cut(data, "utf-8-sig", exc)
        if text is not None and not text.isascii():  # UTF-8 up to the cut (an ASCII text ending in "é" is Windows-1252)
            return text, "utf-8-sig" + CUT_OFF
    declared = declared_encoding(head) if html else None
    if declared is not None:
        try:
            text = data.decode(declared)
        except UnicodeDecodeError:
            text = None
        if text is not None and (declared not in CJK_DECLARED or not nonsense(text, declared)):
            return text, declared
        # East Asian bytes under another East Asian name (Shift_JIS declaring GBK reads as rare Chinese
        # characters; declaring Big5 or EUC-KR, not at all): read in the encoding they make sense in
        other = cjk_reading(data, besides=declared)
        if other is not None:
            return other[0], f"{other[1]}{DECLARED_ELSE}{declared}"
        if text is not None:
            return text, declared
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return None, UNDECODABLE


#: :func:`decode_bytes` names an encoding ``X{DECLARED_ELSE}Y`` when a page declared ``Y`` and its bytes make
#: sense only in ``X`` (:func:`cjk_reading`).
DECLARED_ELSE = "; declared "
#: :func:`decode_bytes` names an encoding ``utf-8{MARKED_ELSE}UTF-16`` (or ``UTF-32``) when a file opens with that
#: byte-order mark but its bytes after it are UTF-8 (:func:`_utf8_behind_wide_mark`).
MARKED_ELSE = "; marked "


def _utf8_behind_wide_mark(data: bytes) -> str | None:
    """The text of ``data`` after its UTF-16 or UTF-32 byte-order mark, when those bytes are UTF-8 and hold no
    NUL (a mark put before UTF-8 text by a tool, or a file pasted behind another's mark), else None. UTF-32 text
    has a NUL in every character and UTF-16 one in each ASCII character (a space, a digit, a line end): text
    without any is no such text. It was read in the width its mark says: Chinese-looking nonsense."""
    mark = 4 if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) else 2
    rest = data[mark:]
    if len(rest) < 16 or b"\x00" in rest:
        return None
    try:
        return rest.decode("utf-8")
    except UnicodeDecodeError:
        return None


def stray_bytes_replaced(data: bytes) -> tuple[str | None, int]:
    """``(text, n)``: ``data`` read as UTF-8 with U+FFFD for its ``n`` stray byte sequences, when it is UTF-8
    text (with characters beyond ASCII) but for at most one in a thousand of its bytes: a byte of another
    encoding on a line of UTF-8 (a one-line JSON article), which no line-by-line read can part. Else
    ``(None, 0)``: it stays :data:`UNDECODABLE`."""
    text = data.decode("utf-8-sig", errors="replace")
    kept = data.decode("utf-8-sig", errors="ignore")
    stray = len(text) - len(kept)
    if kept.isascii() or not 0 < stray <= max(1, len(data) // 1000):
        return None, 0
    return text, stray


#: Added to the encoding :func:`decode_bytes` names when the text's last character was cut off and left out.
CUT_OFF = ", cut off"


def _without_cut(data: bytes, encoding: str, error: UnicodeDecodeError) -> str | None:
    """``data`` decoded without its last, incomplete character when that alone (``error``) keeps it from
    being ``encoding`` (a file cut off inside a character: a copy or a download that stopped); else None."""
    if error.end != len(data) or error.reason not in ("unexpected end of data", "truncated data"):
        return None
    try:
        return data[: error.start].decode(encoding)
    except UnicodeDecodeError:
        return None


#: An encoding a page declares in its first 1024 bytes, as a browser's prescan finds it: ``<meta
#: charset>``, ``<meta http-equiv="Content-Type" content="text/html; charset=...">``, an XML declaration.
_DECLARED = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
                       rb"""|<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
#: Labels browsers read as a wider encoding than their name (the WHATWG Encoding Standard), so that the
#: characters pages under them hold beyond the old set are read too.
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "shift_jis": "cp932", "euc_kr": "cp949", "big5": "big5hkscs",
          "latin_1": "cp1252", "iso8859_1": "cp1252", "ascii": "cp1252", "iso8859_9": "cp1254", "tis_620": "cp874"}


#: The encodings of the Encoding Standard (what browsers read a page in) that Python has, as :func:`codecs.lookup`
#: names them: a page may declare any name Python knows, and ``base64``, ``rot13`` or ``undefined`` are no
#: text encodings (the read failed with LookupError), ``unicode_escape`` or ``utf-7`` none a browser reads.
_BROWSER_CODECS = frozenset("""cp866 iso8859_2 iso8859_3 iso8859_4 iso8859_5 iso8859_6 iso8859_7 iso8859_8 iso8859_10
    iso8859_13 iso8859_14 iso8859_15 iso8859_16 koi8_r koi8_u mac_roman mac_cyrillic cp874 cp1250 cp1251 cp1253 cp1254
    cp1255 cp1256 cp1257 cp1258 gb18030 big5hkscs euc_jp iso2022_jp cp932 cp949""".split())


def declared_label(head: bytes) -> str | None:
    """The encoding an HTML page's first 1024 bytes declare, as written (``utf-8``, ``ISO-8859-1``), whichever it
    is: what a warning names where the page's bytes are read in another (:func:`declared_encoding` gives none for
    the UTF-8 and Windows-1252 it already covers).

    >>> declared_label(b'<html><head><meta charset="utf-8"><title>')
    'utf-8'
    """
    found = _DECLARED.search(head[:1024])
    return (found.group(1) or found.group(2)).decode("ascii", errors="replace") if found is not None else None


def declared_encoding(head: bytes) -> str | None:
    """The encoding (a Python codec name) an HTML page declares in its first 1024 bytes, or None: none
    declared, one no browser reads a page in or Python does not know, or one of those UTF-8 and Windows-1252
    already cover.

    >>> declared_encoding(b'<html><head><meta charset="GBK"><title>')
    'gb18030'
    """
    found = _DECLARED.search(head[:1024])
    if found is None:
        return None
    try:
        codec = codecs.lookup((found.group(1) or found.group(2)).decode("ascii")).name.replace("-", "_")
    except (LookupError, UnicodeDecodeError):
        return None
    codec = _WIDER.get(codec, codec)
    if codec in ("utf_8", "cp1252") or codec not in _BROWSER_CODECS:  # a page read as bytes is neither UTF-16 nor 32
        return None
    return codec


def mixed_lines(lines: Iterable[bytes]) -> bool:
    """Whether the lines of a JSONL file that is not UTF-8 as a whole mix UTF-8 lines (with characters
    beyond ASCII) and lines in another encoding: a feed put together from two sources. Such a file is
    decoded line by line (:func:`decode_line`) instead of all of it as Windows-1252 (mojibake in its
    UTF-8 lines) or not at all (a UTF-8 line holding a byte Windows-1252 lacks). A line in UTF-16
    (:func:`decode_line`) beside lines that are not makes a mixed file too: a Greek line pasted in UTF-16
    into a feed of ASCII lines was read, with the whole file, as Windows-1252."""
    utf8 = other = wide = plain = False
    for line in lines:
        if b"\x00" in line and _wide_line(line):
            wide = True
        elif not plain and line.strip(b" \t\r\n\x00"):
            plain = True
        if wide and plain:
            return True
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            other = True
        else:
            utf8 = True
        if utf8 and other:
            return True
    return False


def decode_line(line: bytes) -> tuple[str, str | None]:
    """One line of a mixed JSONL file: UTF-8, else the East Asian or single-byte encoding its bytes make sense
    in (:func:`sensible_reading`: Shift_JIS or Windows-1251 lines in a feed of UTF-8 ones were Windows-1252 mojibake), else
    Windows-1252, else UTF-8 with U+FFFD for what is neither; and what was done, for a warning (None: it
    was UTF-8). A line in UTF-16 (a NUL in every other byte: one pasted from a Windows tool) is read as such;
    its NULs were dropped as control characters, which left its ASCII and garbled the rest."""
    if b"\x00" in line:
        wide = _wide_line(line)
        if wide is not None:
            return wide
    try:
        return line.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    found = sensible_reading(line)
    if found is not None:
        return found[0], f"not UTF-8; read as {encoding_name(found[1])}, {sense_made(found[1])}"
    try:
        return line.decode("cp1252"), "not UTF-8; read as Windows-1252"
    except UnicodeDecodeError:
        return line.decode("utf-8", errors="replace"), "neither UTF-8 nor Windows-1252; undecodable bytes replaced"


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


def _wide_line(body: bytes) -> tuple[str, str] | None:
    r"""``(text, note)`` of one line in UTF-16, or None: its NULs all in the high bytes of one byte order (a
    tenth of them at least: the spaces and punctuation of any script, all of ASCII), and its text then free
    of control characters. Greek or Cyrillic has no NUL in its letters' high bytes, so a file's test (most
    high bytes NUL, :func:`utf16_encoding`) would miss it. ``body`` may end with its line end, and open
    with the NUL of the line end before it (a UTF-16 ``"\n\x00"``, cut after its ``"\n"``)."""
    ended = body.rstrip(b"\r\n")
    end = body[len(ended) :]
    body = ended[1:] if ended[:1] == b"\x00" and len(ended) % 2 else ended
    if len(body) % 2 or len(body) < 16:
        return None
    even, odd = body[0::2].count(0), body[1::2].count(0)
    least = max(4, len(body) // 20)
    encoding = "utf-16-le" if odd >= least and not even else "utf-16-be" if even >= least and not odd else None
    if encoding is None:
        return None
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError:
        return None
    if any(ch < " " and ch not in "\t\r\n\f" for ch in text):
        return None
    return text + end.decode("ascii"), f"not UTF-8; read as {encoding.upper()} (its NULs)"


#: A run of 64 NULs or more where a line starts, or ending what was read, is a block a writer allocated and
#: never wrote (a feed whose writer crashed, and was maybe started again and wrote on after it), not binary
#: data: the bytes around it decide. Inside a line it counts (an archive's headers pad fields with NULs).
_NUL_BLOCK = re.compile(rb"(?:^|(?<=\n))\x00{64,}|\x00{64,}\Z")


#: How dedup's JSON reports open, as written (indented): a line break inside the object, which no line of a
#: JSONL feed holds, and the fields a scan's (``settings``) or a compare's (``a``) follow its version with.
_JSON_REPORT = re.compile(rb'(?:\xef\xbb\xbf)?\{\n +"schema_version": \d+,\n +"(?:settings|a)": ')


def is_json_report(head: bytes) -> bool:
    """Whether a file's first bytes open a JSON report of dedup's (``scan --json``, ``compare --json``)."""
    return _JSON_REPORT.match(head) is not None


def json_lines_among(head: bytes) -> bool:
    r"""Whether ``head``, a JSONL file's first bytes that read as binary, holds a feed's lines among its
    control bytes: at least two whole lines that are JSON objects, and at least a quarter of its lines
    that hold anything. A feed with one line pasted in UTF-16 (its NULs) among its UTF-8 lines was skipped
    whole as a binary file; a photo or an archive named ``.jsonl`` has no such lines.

    >>> json_lines_among(b'{"id": "a", "text": "x"}\n' + '{"id": "b"}\n'.encode("utf-16-le") + b'{"id": "c"}\n')
    True
    >>> json_lines_among(bytes(range(256)) * 4)
    False
    """
    lines = head.splitlines()
    if lines and not head.endswith((b"\n", b"\r")):
        lines.pop()  # cut off where the head ends
    # a NUL left at an end: the other half of a UTF-16 line end ("\n\x00") begins the line after it
    lines = [text for text in (line.strip(b" \t\x00") for line in lines) if text]
    whole = 0
    for text in lines:
        if text.startswith(codecs.BOM_UTF8):
            text = text[len(codecs.BOM_UTF8) :]
        if text[:1] == b"{" and text[-1:] == b"}" and b"\x00" not in text:
            try:
                whole += isinstance(json.loads(text), dict)
            except ValueError:  # UnicodeDecodeError too
                pass
    return whole >= 2 and 4 * whole >= len(lines)


def is_binary(head: bytes, *, nul_blocks: bool = True) -> bool:
    """Whether ``head``, a file's first bytes, are binary data: more than 5% of them control bytes, not
    counting (unless ``nul_blocks``) runs of 64 NULs or more where a line starts or at the end: a small feed
    holding the NUL block of a writer that crashed was skipped whole as a binary file. Photos, archives and
    executables keep their other control bytes."""
    if nul_blocks and b"\x00" * 64 in head:
        head = _NUL_BLOCK.sub(b"", head)
    return bool(head) and len(head.translate(None, delete=_CONTROL_BYTES)) < (1 - _BINARY_SHARE) * len(head)


def utf16_encoding(head: bytes) -> str | None:
    """The wide encoding of a file's first bytes: UTF-16 by its byte-order mark or its NULs, UTF-32 by its
    byte-order mark (looked for first: UTF-32-LE's mark begins with UTF-16-LE's) or by its NULs (two in
    every four bytes, in text of the first 65,536 code points); else None."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    unmarked = _utf32_by_nuls(head)
    if unmarked is not None:
        return unmarked
    pairs = len(head) // 2
    if pairs < 8:
        return None
    low, high = head[0 : 2 * pairs : 2], head[1 : 2 * pairs : 2]
    even, odd = low.count(0), high.count(0)
    if odd > 0.8 * pairs and even < 0.05 * pairs and not _controls_beside_nuls(low, high):
        return "utf-16-le"
    if even > 0.8 * pairs and odd < 0.05 * pairs and not _controls_beside_nuls(high, low):
        return "utf-16-be"
    return None


def _utf32_by_nuls(head: bytes) -> str | None:
    """UTF-32 without a byte-order mark (it was read as a binary file): the highest byte of every
    character NUL, the next one NUL in nine characters in ten (beyond the first 65,536 code points: emoji,
    rare CJK), the lowest byte (ASCII, in English) almost never NUL, and under 5% control characters in it
    (binary data of 32-bit numbers has them: small numbers are control bytes)."""
    quads = len(head) // 4
    if quads < 8:
        return None
    head = head[: 4 * quads]
    for encoding, top, next_, low in (("utf-32-le", 3, 2, 0), ("utf-32-be", 0, 1, 3)):
        if head[top::4].count(0) == quads and head[next_::4].count(0) >= 0.9 * quads and \
                head[low::4].count(0) < 0.05 * quads:
            chars = head[low::4]
            if len(chars.translate(None, delete=_CONTROL_BYTES)) >= (1 - _BINARY_SHARE) * quads:
                return encoding
    return None


def _controls_beside_nuls(chars: bytes, nuls: bytes) -> bool:
    """Whether the characters whose other byte is NUL (ASCII, if this is UTF-16) are more than 5% control
    characters: binary data with NULs in every other byte (16-bit numbers) is no text."""
    ascii_ = bytes(c for c, n in zip(chars, nuls) if n == 0)
    return len(ascii_.translate(None, delete=_CONTROL_BYTES)) < (1 - _BINARY_SHARE) * len(ascii_)


#: What Python makes of a byte of a file name that is not UTF-8 (its "surrogateescape": U+DC80-U+DCFF).
_NAME_BYTES = re.compile("[\udc80-\udcff]")


def file_name(name: str) -> str:
    r"""A file's name (or path) as an article's id: each byte that is not UTF-8 written ``\xe9`` (as
    Python's ``backslashreplace`` writes it). Two names that differ only in such bytes stay two ids
    (``caf\xe9.txt`` and ``caf\xe8.txt``, Latin-1 names): with U+FFFD for each byte they were one, and the
    corpus failed as holding one id twice.

    >>> file_name("caf\udce9.txt"), file_name("café.txt")
    ('caf\\xe9.txt', 'café.txt')
    """
    return _NAME_BYTES.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", name) if not name.isascii() else name


#: A record nested deeper than this is malformed: no article's is, and the stages that walk one (its strings
#: made valid, its metadata written to a report or an index) recurse deeper than the JSON parser does (a
#: field nested 500 deep, which the parser reads, failed with RecursionError).
MAX_JSON_DEPTH = 64


def load_json(text: str, *, literal: tuple[str, ...] = ()) -> Any:
    """``json.loads`` for articles: ``NaN``, ``Infinity`` and numbers beyond a float read as None (they could
    not be written back as JSON); a number too long for Python or nesting deeper than :data:`MAX_JSON_DEPTH`
    is malformed JSON (a :class:`json.JSONDecodeError`), not a crash. A field of an object named in
    ``literal`` (at its top) keeps such a number as its text, so that its reader can say what it dropped
    (``"published": NaN`` was dropped without a word where ``"published": "nan"`` was warned of).

    orjson reads a record first (four times faster than the standard library, which was a third of reading
    a feed); what it refuses (``NaN``, ``1e400``, an escaped lone surrogate, malformed JSON) and a record
    with a number of 2**63 or more, which orjson reads as a float where Python keeps an integer, are read
    again by the standard library: the same values, and its error messages.

    >>> load_json('{"published": NaN, "n": 1e999, "m": {"published": NaN}}', literal=("published",))
    {'published': 'NaN', 'n': None, 'm': {'published': None}}
    """
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return load_json_standard(text, literal=literal)
    return (value if _nesting_checked(value, text, floats_read_fast=True)
            else load_json_standard(text, literal=literal))


def load_json_standard(text: str, *, literal: tuple[str, ...] = ()) -> Any:
    """:func:`load_json` by the standard library alone (the reference its fast path is tested against)."""
    found: list[bool] = []
    value = _json_loads(text, found)
    _nesting_checked(value, text)
    return _not_finite_replaced(value, literal) if found else value


class _NotFinite(str):
    """A number JSON holds that no float is (``NaN``, ``-Infinity``, ``1e999``), as its text, until
    :func:`_not_finite_replaced` makes it None (or keeps its text, for a field named to keep it)."""


def _not_finite_replaced(value: Any, literal: tuple[str, ...]) -> Any:
    """``value`` with each :class:`_NotFinite` None, but at the top of an object in a field of ``literal``,
    where it is its text (a plain string). A level at a time, as :func:`_nesting_checked` (which has
    bounded the depth)."""
    if isinstance(value, _NotFinite):
        return None
    level = [value]
    while level:
        inner = []
        for x in level:
            items = x.items() if isinstance(x, dict) else enumerate(x) if isinstance(x, list) else ()
            for k, v in list(items):
                if isinstance(v, _NotFinite):
                    x[k] = str(v) if x is value and k in literal else None
                elif isinstance(v, (dict, list)):
                    inner.append(v)
        level = inner
    return value


#: From here a number orjson gives as a float may have been an integer in the text (``2**64``).
_BIG = float(2**63)


def _nesting_checked(value: Any, text: str, *, floats_read_fast: bool = False) -> bool:
    """Raise when ``value`` nests deeper than :data:`MAX_JSON_DEPTH`; with ``floats_read_fast``, False
    when it holds a float that may have been an integer too large for orjson."""
    level = [value]
    for _ in range(MAX_JSON_DEPTH):  # a level at a time, not recursively
        if floats_read_fast and any(type(x) is float and not -_BIG < x < _BIG for x in level):
            return False
        level = [v for x in level if isinstance(x, (dict, list)) for v in (x.values() if isinstance(x, dict) else x)]
        if not level:
            return True
    if any(isinstance(x, (dict, list)) for x in level):
        raise json.JSONDecodeError("nested too deep", text, 0)
    return True


def _json_loads(text: str, found: list[bool]) -> Any:
    """``json.loads`` of ``text``; each number no float is read as a :class:`_NotFinite`, and ``found``
    given an item when there was one."""
    def not_finite(literal: str) -> _NotFinite:
        found.append(True)
        return _NotFinite(literal)

    def number(literal: str) -> float | _NotFinite:
        value = float(literal)
        return value if math.isfinite(value) else not_finite(literal)

    try:
        return json.loads(text, parse_constant=not_finite, parse_float=number)
    except json.JSONDecodeError:
        raise
    except (ValueError, RecursionError) as exc:
        why = "nested too deep" if isinstance(exc, RecursionError) else "a number too long"
        raise json.JSONDecodeError(why, text, 0) from None


def repeated_fields(text: str, names: tuple[str, ...]) -> list[str]:
    """The ``names`` given more than once at the top of the JSON object ``text`` (already read as one), sorted:
    JSON readers keep a repeated field's last value, so the first was dropped without a word (an exporter that
    wrote ``"text"`` twice, the summary then the story). Looked for only when a name appears twice as a field's
    name anywhere in the text (one pass; a quote inside a string is escaped), and then read again keeping each
    object's fields in order: the last object made is the top one.

    >>> repeated_fields('{"id": "a", "text": "x", "m": {"text" : 1}, "text": "y"}', ("id", "text"))
    ['text']
    >>> repeated_fields('{"id": "a", "m": {"text": 1}, "text": "text"}', ("text",))
    []
    """
    found = _field_names(names).findall(text)
    if len(found) == len(set(found)):
        return []
    top: list[list[tuple[str, Any]]] = []

    def kept(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        top[:] = [pairs]
        return {}

    try:
        json.loads(text, object_pairs_hook=kept)
    except (ValueError, RecursionError):  # read once already: not met
        return []
    given = [key for key, _ in top[0]] if top else []
    return sorted(name for name in set(given) & set(names) if given.count(name) > 1)


@lru_cache(maxsize=4)
def _field_names(names: tuple[str, ...]) -> re.Pattern[str]:
    """A quoted name of ``names`` followed by a colon: a field's name."""
    return re.compile('"(%s)"\\s*:' % "|".join(map(re.escape, names)))


def json_error(exc: json.JSONDecodeError) -> str:
    """``Expecting value at column 3``: json's message (some end in "at" already) and where."""
    message = exc.msg[:-3] if exc.msg.endswith(" at") else exc.msg
    return f"{message} at line {exc.lineno}, column {exc.colno}" if exc.lineno > 1 else f"{message} at column {exc.colno}"


@dataclass(frozen=True)
class MailText:
    """The readable part of an e-mail message (:func:`mail_message`): its text, decoded; whether that is
    HTML (a message with no plain part); its subject and date header, as written."""

    text: str
    html: bool
    subject: str | None
    date: str | None


#: Header names of which one, or ``From`` with ``Subject``, tells a message's head from an article that
#: opens with a line such as "From: the desk" (the transport's and MIME's own names).
_MAIL_HEADERS = frozenset({"mime-version", "content-type", "content-transfer-encoding", "received", "message-id",
                           "return-path", "delivered-to", "x-mailer"})
_HEADER_LINE = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,60}:(?:[ \t]|$)")
#: Lines read at most for a message's head before its blank line (a head of hundreds of Received lines is
#: rare; an article is not read as one past this).
_MOST_HEAD_LINES = 200


def mail_message(text: str) -> MailText | None:
    r"""The text an e-mail message carries, when ``text`` is one (a wire story forwarded by mail and saved,
    an ``.eml`` named ``.txt``), or None. Read raw, its head was taken for the article's first words and
    its body as sent: quoted-printable's ``=`` at every line end, base64 as a run of letters (read as an
    article that meets nothing: a story mailed in base64 and the same story saved as text were no pair).

    A message is a head of header lines (``Name: value``, continued on indented lines) up to the first
    blank line, naming a transport or MIME header, or ``From`` and ``Subject``. Its plain part is read (or
    its HTML part, flagged); a message with neither gives an empty text.

    >>> m = mail_message("From: a@b.c\nSubject: Oil\nContent-Transfer-Encoding: quoted-printable\n\nBP said=\n it would.\n")
    >>> m.text, m.html, m.subject
    ('BP said it would.\n', False, 'Oil')
    >>> mail_message("From: the desk\nLONDON, March 3 - BP said it would.\n") is None
    True
    """
    names = []
    for line in text[:65536].splitlines()[:_MOST_HEAD_LINES]:
        if not line.strip():
            break
        if line[:1] in (" ", "\t") and names:
            continue
        if not _HEADER_LINE.match(line):
            return None
        names.append(line.split(":", 1)[0].lower())
    else:
        return None  # no blank line after the head: no message
    if len(names) < 2 or not (_MAIL_HEADERS & set(names) or {"from", "subject"} <= set(names)):
        return None
    message = email.message_from_string(text, policy=email.policy.default)
    part = message.get_body(preferencelist=("plain", "html"))
    return MailText(_content(part) if part is not None else "",
                    part is not None and part.get_content_type() == "text/html",
                    _header(message, "subject"), _header(message, "date"))


def _content(part: Any) -> str:
    """A part's text, decoded (its transfer encoding and charset); a charset Python does not know, or a
    damaged encoding, read as UTF-8 with U+FFFD where bytes make none. A part in no transfer encoding is
    text the file's reading decoded already, taken as it stands."""
    if str(part.get("content-transfer-encoding", "")).strip().lower() not in ("base64", "quoted-printable"):
        payload = part.get_payload(decode=False)
        if isinstance(payload, str):
            return payload
    try:
        return str(part.get_content())
    except (LookupError, ValueError, UnicodeError, AssertionError):
        payload = part.get_payload(decode=True)
        return payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(part.get_payload())


def _header(message: Any, name: str) -> str | None:
    """A header's value as written (folded lines joined), or None; a header email cannot parse is None."""
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError):
        return None
    return " ".join(str(value).split()) or None if value is not None else None
