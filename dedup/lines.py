"""Lines of standard input, of a stream or lines given for it, and of a file's byte range: each ended at a "\n", a
"\r\n" or a lone "\r", a line too long read past and named (:class:`LongLine`), endless input stopped, a wide
encoding read by its mark or NULs.

:mod:`dedup.feeds` reads a feed's articles from them; ``stream`` and ``index add -`` read standard input through
:func:`stdin_lines`, :func:`~dedup.reading.read_corpus` a stream it is given through :func:`given_lines`.
"""

from __future__ import annotations

import codecs
import io
import sys
import re
from typing import IO, Any, Iterable, Iterator

from dedup.charsets import iso2022_text, utf16_encoding
from dedup.encodings import encoding_name, sense_made, sensible_reading
from dedup.errors import InputError
from dedup.file_kinds import BZIP2_HEAD, SNIFF, compressed, compressed_reason, document, document_reason

__all__ = ["MAX_LINE_BYTES", "ENDLESS_FACTOR", "LongLine", "Recoded", "too_long", "stdin_lines", "given_lines", "file_lines", "line_end",
           "is_nul_block", "judged_lines"]

_NULS_AND_SPACE = "\x00 \t\r\n\f\v"


def is_nul_block(line: str) -> bool:
    r"""Whether ``line`` is NULs alone (and white space): the block a feed's writer that crashed had allocated
    and never wrote, no line to read (a scan and ``stream`` pass over it as over a blank line).

    >>> is_nul_block("\x00" * 80 + "\n"), is_nul_block("\x00{}")
    (True, False)
    """
    return line[:1] == "\x00" and not line.strip(_NULS_AND_SPACE)


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


def stdin_lines(stream: IO[Any] | None = None, *, most: int = MAX_LINE_BYTES, name: str = "standard input") -> Iterator[str]:
    """Lines of standard input (or a binary ``stream``), each decoded as UTF-8, else Windows-1252 (as files
    are), so that stray bytes make a line malformed instead of stopping the read with a traceback. A line
    of more than ``most`` bytes is read past and given as a :class:`LongLine`. Raises :class:`InputError`
    when there is no standard input at all (the command was started with it closed, ``<&-``), and when a line
    runs past :data:`ENDLESS_FACTOR` times ``most`` bytes without an end (the lines before it given first).
    ``name``: what the errors call the input (a pipe given by its name, ``/dev/fd/63``, is read as standard input is)."""
    if stream is None and sys.stdin is None:  # Python sets it to None when descriptor 0 is closed
        raise InputError("standard input is closed, so there is nothing to read: pipe JSONL into the command, "
                         "or give a file")
    source = _marked_wide(stream if stream is not None else getattr(sys.stdin, "buffer", sys.stdin))
    _refuse_no_text(source, name)
    if not hasattr(source, "readline"):
        yield from (_decoded(line) for line in source)
        return
    after_cr, number = False, 0
    while (line := _next_line(source, most, number + 1, name=name)) is not None:
        number += 1
        if number == 1 and isinstance(line, bytes) and line.startswith(_NO_TEXT_MAGIC):  # its opening came in bytes
            _refuse_kind(line[:SNIFF], name)  # too few to be told above (a pipe's first write of one byte)
        # the "\n" of a "\r\n" whose "\r" ended the input that had arrived: it ends no line of its own
        after_cr, skip = line[-1:] in (b"\r", "\r") or getattr(line, "at_cr", False), after_cr and line in (b"\n", "\n")
        if skip:
            continue
        # neither the line's bytes nor its text held here while the caller reads it (a generator's
        # variables are): a line of 64 MB was held twice more than needed
        held, line = [_decoded(line)], None
        yield held.pop()


#: The opening bytes of what :func:`_refuse_no_text` reads on, to say what a stream is (compressed, an archive or a
#: document): none of them opens a JSON line, so what is read of them is never a line lost.
_NO_TEXT_MAGIC = (b"\x1f\x8b", b"PK\x03\x04", b"BZh", b"\xfd7zXZ\x00", b"\x28\xb5\x2f\xfd", b"7z\xbc\xaf\x27\x1c",
                  b"%PDF-", b"{\\rtf", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


def _refuse_no_text(source: Any, name: str) -> None:
    """Raise :class:`InputError` when a binary stream opens as compressed data, an archive or a document, told by
    its first bytes (up to :data:`~dedup.file_kinds.SNIFF`), as a file's are. They were told by its first line: a
    gzip header whose time holds a newline byte was cut there, and a gzip'd tar archive or a Word file was then
    called only "gzip-compressed" or "a zip archive". What arrived is looked at; only a stream that opens with
    one of those magic numbers (no JSON line does) is read on, to at most :data:`SNIFF` bytes, to say which."""
    if not hasattr(source, "peek") or isinstance(source, io.TextIOBase):
        return
    head = source.peek(SNIFF)[:SNIFF]
    opening = head[3:] if head.startswith(codecs.BOM_UTF8) else head
    if not opening.startswith(_NO_TEXT_MAGIC) and head[257:262] != b"ustar":
        return
    # refused whatever follows: read on (not waited past SNIFF bytes; a bzip2 stream's first block, up to
    # BZIP2_HEAD), to tell a tar archive inside
    most = BZIP2_HEAD if opening.startswith(b"BZh") else SNIFF
    head = b""
    while len(head) < most and (more := source.read1(most - len(head))):
        head += more
    _refuse_kind(head, name)


def _refuse_kind(head: bytes, name: str) -> None:
    """Raise :class:`InputError` saying what ``head``, a stream's first bytes, is: a document, compressed data or
    an archive; nothing when it is none."""
    if (kind := document(head)) is not None:
        raise InputError(f"{name} is {document_reason(kind)}")
    if (kind := compressed(head)) is not None:
        raise InputError(f"{name} is {compressed_reason(kind, piped=True)}")


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
    """A line as text: a str as it is, bytes in ISO-2022-JP or -KR by their escapes
    (:func:`~dedup.charsets.iso2022_text`: read as UTF-8, the bytes of their double-byte characters, quotes among
    them, made the JSON line malformed), else as UTF-8, else in the East Asian or single-byte encoding they make
    sense in (:func:`sensible_reading`), else Windows-1252."""
    if isinstance(line, str):
        return line
    if b"\x1b" in line and (found_2022 := iso2022_text(line)) is not None:  # ASCII bytes, read so as UTF-8
        return found_2022[0]
    try:
        return line.decode("utf-8-sig")
    except UnicodeDecodeError:
        found = sensible_reading(line)
    if found is not None:
        return Recoded(found[0], f"not UTF-8; read as {encoding_name(found[1])}, {sense_made(found[1])}")
    return Recoded(line.decode("cp1252", errors="replace"), "not UTF-8; read as Windows-1252")


class Recoded(str):
    """A line of standard input that was not UTF-8, as :func:`_decoded` read it, with ``note`` saying how (the
    warning a scan gives such a line of a file): ``dedup stream`` read it so without a word."""

    note: str

    def __new__(cls, text: str, note: str) -> "Recoded":
        line = super().__new__(cls, text)
        line.note = note
        return line


def _marked_wide(source: Any) -> Any:
    """A binary stream that opens with a UTF-16 or UTF-32 byte-order mark, or with the NULs of UTF-16 text
    without one in every other byte (:func:`utf16_encoding`, looked for in what has arrived, up to
    :data:`~dedup.file_kinds.SNIFF` bytes), as a text stream in that encoding, as a file is read (UTF-16 from a
    Windows tool was a malformed line a line); others as given."""
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


def _next_line(source: IO[Any], most: int, number: int = 1, *, endless: bool = True, name: str = "standard input") -> Any:
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
            raise InputError(f"{name}: line {number:,} runs past {bound:,} bytes without an end, so it is "
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


def given_lines(stdin: Any) -> Any:
    """The lines of ``stdin`` given to :func:`~dedup.reading.read_corpus`: a text stream or an iterable of lines as it is, a
    binary stream (``sys.stdin.buffer``, a file opened ``"rb"``) read as standard input is
    (:func:`stdin_lines`); they failed with "startswith first arg must be bytes", and a number with
    "'int' object is not iterable"."""
    if isinstance(stdin, (io.RawIOBase, io.BufferedIOBase)) or "b" in str(getattr(stdin, "mode", "")):
        return stdin_lines(stdin)
    if isinstance(stdin, (str, bytes)) or not hasattr(stdin, "__iter__"):
        raise TypeError(f"stdin must be a stream of JSONL lines (text or binary) or an iterable of lines, not "
                        f"{type(stdin).__name__}" + (" (wrap the text in io.StringIO)" if isinstance(stdin, str) else ""))
    # an iterable's lines of bytes read as a binary stream's are (they failed with "a bytes-like object is
    # required, not 'str'", given bytes), a line of another type named
    return stdin if hasattr(stdin, "read") else (_line_of(line) for line in stdin)


def _line_of(line: Any) -> Any:
    """One line of an iterable given as ``stdin``: text as it is, bytes decoded as standard input's are."""
    if isinstance(line, bytes):
        return next(stdin_lines([line]))
    if not isinstance(line, str):
        raise TypeError(f"stdin's lines must be str or bytes, not {type(line).__name__}")
    return line


_LINE_ENDS = re.compile(rb"\r\n|\r|\n")


def judged_lines(chunks: Iterable[bytes], most: int = MAX_LINE_BYTES) -> Iterator[bytes]:
    r"""The lines of the bytes that come in ``chunks``, as ``bytes.splitlines`` gives them (a "\r\n" parted by a
    chunk's end may give an empty line more), for :func:`~dedup.charsets.mixed_lines` to judge, never holding one of
    more than ``most`` bytes: such a line is given as a few bytes of its kind instead (ASCII or not, white space
    alone or not, UTF-8 or not; judged as it comes), never as UTF-16 (a UTF-16 line longer than an article). A
    large table or feed of one long line was held whole to be judged so (a 300 MB line: 1.3 GB).

    >>> list(judged_lines([b"ab\r", b"\ncaf\xc3", b"\xa9\n\xe9t\xe9 " * 2], most=4))
    [b'ab', b'', b'\xc3\xa9', b'\xff', b'\xe9t\xe9 ']
    """
    held: list[bytes] = []
    size, kind = 0, None
    for chunk in chunks:
        parts = _LINE_ENDS.split(chunk)
        for i, part in enumerate(parts):
            if kind is None and size + len(part) > most:  # past the bound: judged as it comes, held no more
                kind = _LongKind()
                for earlier in held:
                    kind.add(earlier)
                held = []
            if kind is not None:
                kind.add(part)
            elif part:
                held.append(part)
            size += len(part)
            if i < len(parts) - 1:  # a line's end
                yield kind.stand_in() if kind is not None else b"".join(held)
                held, size, kind = [], 0, None
    if size:
        yield kind.stand_in() if kind is not None else b"".join(held)


class _LongKind:
    """What :func:`~dedup.charsets.mixed_lines` asks of a line too long to hold, told a piece at a time."""

    def __init__(self) -> None:
        self.ascii, self.blank, self.utf8 = True, True, True
        self._decoder = codecs.getincrementaldecoder("utf-8")()

    def add(self, part: bytes) -> None:
        self.ascii = self.ascii and part.isascii()
        self.blank = self.blank and not part.strip(b" \t\r\n\x00")
        if self.utf8 and not self.ascii:
            try:
                self._decoder.decode(part)
            except UnicodeDecodeError:
                self.utf8 = False

    def stand_in(self) -> bytes:
        """A few bytes of the line's kind."""
        if self.utf8 and not self.ascii:
            try:
                self._decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                self.utf8 = False
        if self.ascii:
            return b" " if self.blank else b"a"
        return b"\xc3\xa9" if self.utf8 else b"\xff"
