"""A large table (a CSV or TSV export) read in bounded pieces and decoded as it is read, never held whole.

A table was read whole, its bytes and its text (twice its bytes, or four times, in Windows-1252 with curly quotes,
whose text Python holds at two bytes a character) held at once beside its articles: a 255 MB export in Windows-1252
peaked at 1.3 to 1.8 GB. A table of :data:`STREAM_FROM` bytes or more is now judged in pieces of
:data:`PIECE` bytes (which encoding its bytes are in, read as a file read whole is judged: UTF-8, else Windows-1252
when it is plainly Western and mixes no UTF-8 lines; its stray control characters counted), then read again a
piece at a time, each decoded and its lines given to the table's reader as they come. A table the pieces cannot
settle (UTF-16, a page or a feed under a table's name, bytes of another code page, lines of mixed encodings, a
header of more than a piece) is read whole as before: the same articles, skips and warnings either way. A table the
pieces settle has no bound of size. A JSON list of articles and an RSS or Atom feed in UTF-8 are judged and read
alike (:func:`text_pieces`; a list's items cut by :mod:`dedup.streamed_lists`). With :mod:`dedup.reading`, one of
the modules that read input.
"""

from __future__ import annotations

import codecs
import os
import stat
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from dedup.charsets import DECLARED_ELSE, UNDECODABLE, declared_encoding, mixed_lines, utf16_encoding
from dedup.codepages import FileBytes, plainly_western_bytes
from dedup.decoding import encoding_note
from dedup.encodings import CJK_DECLARED, cjk_codec, declared_cjk_codec, sensible_codec
from dedup.exports import LongTableLine, table_line_ends
from dedup.file_kinds import SNIFF, document, html_page, is_binary, xml_feed
from dedup.formats import CONTROLS, controls_note
from dedup.lines import MAX_LINE_BYTES, judged_lines

__all__ = ["STREAM_FROM", "PIECE", "TablePlan", "streamed_table", "table_plan", "table_lines", "text_pieces",
           "streamed_feed", "declared_plan", "undecodable"]

#: A table of this many bytes or more is read in pieces; a smaller one is read whole (its cost is small).
STREAM_FROM = 8 << 20
#: The bytes read at a time.
PIECE = 1 << 20
#: The longest line held while the lines are judged for mixed encodings; a longer one is judged as it comes.
LINE_HELD = MAX_LINE_BYTES
_ASCII_BYTES = bytes(range(128))
#: The control characters :data:`~dedup.formats.CONTROLS` drops, as bytes (each is one byte in UTF-8 and Windows-1252).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
#: The bytes Windows-1252 does not define: a file holding one is no Windows-1252 text (read whole, as it was).
_UNDEFINED_1252 = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})
_WINDOWS_1252 = "not UTF-8; read as Windows-1252"


@dataclass(frozen=True)
class TablePlan:
    """How a large table is read: its ``codec``, what a warning says of it (``note``; None for UTF-8), the stray
    control characters dropped from its text (``controls``), and its text's ``head``: its first piece decoded,
    control characters dropped, which holds its header's line; and the ``size`` of the bytes judged, which are
    the bytes read (a file that grows meanwhile, written by another program, is read no further)."""

    codec: str
    note: str | None
    controls: int
    head: str
    size: int = 0
    opening: bytes = b""  # its first 1,024 bytes, where a page or a feed declares its encoding

    @property
    def warnings(self) -> list[str]:
        """What the read of the table says before its rows (as a file read whole says it): its encoding, its
        control characters dropped."""
        return [note for note in (self.note, controls_note(self.controls) if self.controls else None) if note]


def _pieces(fd: int, piece: int | None = None, end: int | None = None) -> Iterator[bytes]:
    """The bytes of the file open at ``fd``, ``piece`` (:data:`PIECE`) at a time from its start (whatever its
    position), up to ``end`` (the bytes judged: a file another program writes on is read no further)."""
    piece = piece or PIECE
    at = 0
    while (end is None or at < end) and (chunk := os.pread(fd, piece if end is None else min(piece, end - at), at)):
        yield chunk
        at += len(chunk)


def _byte_lines(fd: int, piece: int | None, end: int) -> Iterator[bytes]:
    """The file's lines as bytes (as ``bytes.splitlines`` gives them) up to ``end``, a piece at a time, for
    :func:`~dedup.charsets.mixed_lines`: one longer than :data:`~dedup.lines.MAX_LINE_BYTES` judged as it comes,
    never held (:func:`~dedup.lines.judged_lines`; a table of one 300 MB line after its header took 1.3 GB)."""
    return judged_lines(_pieces(fd, piece, end), LINE_HELD)


def _plain_opening(head: bytes, header: bool) -> bool:
    """Whether a table's first bytes ``head`` leave its reading to its bytes' encoding alone: no document, no
    UTF-16 or UTF-32, no escapes of ISO-2022, no binary data, no page, nor a feed under a table's name (a
    ``header``: a table's)."""
    return bool(head) and not (document(head) or utf16_encoding(head) or b"\x1b" in head or is_binary(head)
                               or is_binary(head, nul_blocks=False) or html_page(head[:4096])
                               or header and xml_feed(head[:4096]) is not None)


def table_plan(fd: int, *, piece: int | None = None, end: int | None = None, header: bool = True) -> TablePlan | None:
    """How the table open at ``fd`` is read in pieces (:class:`TablePlan`), or None when it is read whole: its
    pieces cannot settle how (see the module's summary). Judged as :func:`~dedup.decoding.decoded_file` judges
    its bytes whole: UTF-8 (a byte-order mark or none), else Windows-1252 when every byte is defined there, no
    UTF-8 line is mixed with the others and the bytes beyond ASCII are plainly Western. ``end``: its size when it
    was opened, read no further (a file that grows for ever, written by another program, was never done).
    ``header``: the first piece must hold a whole line (a table's header); a JSON list or a feed needs none."""
    if not _plain_opening(os.pread(fd, SNIFF, 0), header):
        return None
    utf8 = codecs.getincrementaldecoder("utf-8")()
    valid, wide, controls, size = True, set(), 0, 0
    for chunk in _pieces(fd, piece, end):
        size += len(chunk)
        if valid:
            try:
                utf8.decode(chunk)
            except UnicodeDecodeError:
                valid = False
        wide.update(chunk.translate(None, delete=_ASCII_BYTES))
        controls += len(chunk) - len(chunk.translate(None, delete=_CONTROL_BYTES))
    if valid:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            return None  # cut off inside its last character: read whole, which says so
        codec, note = "utf-8-sig", None
    elif wide & _UNDEFINED_1252 or mixed_lines(_byte_lines(fd, piece, size)) or not _western(fd, frozenset(wide), piece, size):
        return None
    else:
        codec, note = "cp1252", _WINDOWS_1252
    opening = os.pread(fd, (piece or PIECE) if header else max(piece or PIECE, 1 << 16), 0)  # a feed's root in it
    head = CONTROLS.sub("", codecs.getincrementaldecoder(codec)("replace").decode(opening))
    if header and "\n" not in head or not head.strip():
        return None  # a header longer than a piece, or a table that opens with nothing: read whole
    return TablePlan(codec, note, controls, head, size, opening[:1024])


def _western(fd: int, wide: frozenset[int], piece: int | None, end: int) -> bool:
    """Whether the table open at ``fd`` (not UTF-8; its bytes beyond ASCII ``wide``) is read as Windows-1252, as a
    file read whole is (:func:`~dedup.encodings.sensible_reading`): at once when it is plainly Western, else judged
    on its bytes a piece at a time as they are judged whole (:func:`~dedup.encodings.sensible_codec` of
    :class:`~dedup.codepages.FileBytes`: its counts over every byte, its readings on its first characters), whatever
    its size (judged on the bytes read whole, a table of several Western languages was skipped past 256 MB). An East
    Asian or another code page's reading is read whole (up to :data:`~dedup.whole_reads.MAX_WHOLE_BYTES`)."""
    return plainly_western_bytes(wide) or sensible_codec(FileBytes(fd, end, piece or PIECE)) is None


def text_pieces(fd: int, plan: TablePlan, *, piece: int | None = None) -> Iterator[str]:
    """The text of the file open at ``fd``, a piece at a time: decoded as ``plan`` says, control characters dropped
    (the text a file read whole gives, :func:`~dedup.decoding.decoded_file`). A byte that does not decode (the file
    written again since it was judged) is read as U+FFFD."""
    decoder = codecs.getincrementaldecoder(plan.codec)("replace")
    for chunk in _pieces(fd, piece, plan.size):
        if text := CONTROLS.sub("", decoder.decode(chunk)):
            yield text
    if tail := CONTROLS.sub("", decoder.decode(b"", final=True)):
        yield tail


#: The most characters of a table's line held while it is read in pieces: a cell's bound
#: (:func:`~dedup.exports.table_rows`), past which the table is malformed.
ROW_HELD = MAX_LINE_BYTES


def table_lines(fd: int, plan: TablePlan, *, piece: int | None = None) -> Iterator[str]:
    """The lines of the table open at ``fd``, with their ends, as :func:`~dedup.exports.table_rows` reads a
    table's text (:func:`text_pieces`), its byte-order mark left out. A line not ended within :data:`ROW_HELD`
    characters (a cell's bound) is given as a :class:`~dedup.exports.LongTableLine`, the last: a row of 300 MB was held whole
    to be refused (916 MB)."""
    first = True
    for text in _bounded_cut(text_pieces(fd, plan, piece=piece), ROW_HELD):
        if isinstance(text, LongTableLine):
            yield text
            return
        if first and text:
            text, first = text[1:] if text.startswith("\ufeff") else text, False
        yield from table_line_ends(text)


def _bounded_cut(chunks: Iterator[str], most: int) -> Iterator[str]:
    """``chunks`` joined again and cut after a line's end: each given ends with "\\n" or with a lone "\\r" (a
    "\\r\\n" is never parted), but the last; a line longer than a chunk is held until it ends, but one held past
    ``most`` characters is let go and given as a :class:`~dedup.exports.LongTableLine`, the last (at most ``most``
    and a chunk are held)."""
    held: list[str] = []
    size = 0
    for chunk in chunks:
        cut = chunk.rfind("\n")
        if cut < 0:
            cut = chunk.rfind("\r", 0, len(chunk) - 1)  # a "\r" at the very end may open a "\r\n"
        if cut < 0:
            held.append(chunk)
            size += len(chunk)
            if size > most:
                held.clear()
                yield LongTableLine()
                return
            continue
        held.append(chunk[:cut + 1])
        yield "".join(held)
        held = [chunk[cut + 1:]] if cut + 1 < len(chunk) else []
        size = len(held[0]) if held else 0
    if held:
        yield "".join(held)


@contextmanager
def streamed_table(file: Path, *, no_link: bool, header: bool = True,
                   opens: Callable[[bytes], bool] | None = None) -> Iterator[tuple[int, TablePlan] | str | None]:
    """The table ``file`` open, and how it is read in pieces (``no_link``: a link in its place not followed);
    :data:`~dedup.charsets.UNDECODABLE` when its bytes, judged in pieces, are text in no encoding a read whole would
    read them in (:func:`undecodable`: it is skipped so without being read whole); None when it is read whole: smaller than :data:`STREAM_FROM`, no regular file, one that cannot be opened (the read
    whole names why), or one its pieces cannot settle (:func:`table_plan`; past
    :data:`~dedup.whole_reads.MAX_WHOLE_BYTES` such a table is skipped by the read whole, too large). A table the
    pieces settle has no bound of size, as a JSONL file has none: it costs its articles, which ``--memory`` puts in
    a file past their share, and a piece. ``header``: as :func:`table_plan` (False: a JSON list or a feed).
    ``opens``: what its first bytes must open (a JSON list), else it is read whole without being judged."""
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(file, flags | (getattr(os, "O_NOFOLLOW", 0) if no_link else 0))
    except OSError:
        yield None
        return
    try:
        info = os.fstat(fd)
        large = stat.S_ISREG(info.st_mode) and STREAM_FROM <= info.st_size and (opens is None or opens(os.pread(fd, SNIFF, 0)))
        plan = table_plan(fd, end=info.st_size, header=header) if large else None
        if large and not header and opens is None and (plan is None or plan.codec == "cp1252"):  # a feed
            plan = declared_plan(fd, end=info.st_size) or plan
        if large and plan is None and undecodable(fd, info.st_size, html=not header and opens is None):
            yield UNDECODABLE  # what a read whole says of it, which held up to 256 MB of bytes (and their copies) to say it
            return
        yield None if plan is None else (fd, plan)
    finally:
        os.close(fd)


def undecodable(fd: int, end: int, *, html: bool, piece: int | None = None) -> bool:
    """Whether the file open at ``fd`` (``end`` bytes judged), large, which its pieces read in no encoding, is one
    :func:`~dedup.decoding.decoded_file` would skip whole as :data:`~dedup.charsets.UNDECODABLE` (``html``: a feed,
    whose declared encoding is tried), judged a piece at a time as it judges the bytes whole: its opening plain
    text, its bytes neither UTF-8 (nor UTF-8 but for a few stray bytes) nor Windows-1252 (one of the bytes it does
    not define), nor all in the encoding it declares or an East Asian one besides it, no UTF-8 lines mixed with
    others, and a reading in no other code page (:func:`~dedup.encodings.sensible_codec`). False whenever a read
    whole could read it: it is read whole, as before (up to 256 MB). Such a feed was read whole to be skipped."""
    opening = os.pread(fd, SNIFF, 0)
    if not _plain_opening(opening, not html):  # a feed under a table's name: read whole, in what it declares
        return False
    utf8, replaced, kept = (codecs.getincrementaldecoder("utf-8-sig")(errors) for errors in ("strict", "replace", "ignore"))
    valid, undefined, strays, wide_kept = True, False, 0, False
    for chunk in _pieces(fd, piece, end):
        if valid:
            try:
                utf8.decode(chunk)
            except UnicodeDecodeError:
                valid = False
        undefined = undefined or not _UNDEFINED_1252.isdisjoint(chunk.translate(None, delete=_ASCII_BYTES))
        text = kept.decode(chunk)
        strays += len(replaced.decode(chunk)) - len(text)
        wide_kept = wide_kept or not text.isascii()
    text = kept.decode(b"", final=True)
    strays += len(replaced.decode(b"", final=True)) - len(text)
    wide_kept = wide_kept or not text.isascii()
    if valid or not undefined or (wide_kept and 0 < strays <= max(1, end // 1000)):
        return False  # UTF-8 (or cut off inside its last character), Windows-1252, or UTF-8 but for a few stray bytes
    declared = declared_encoding(opening) if html else None
    if declared is not None and (_decodes(fd, declared, piece, end) or cjk_codec(FileBytes(fd, end, piece or PIECE),
                                                                                  besides=declared)):
        return False
    return not mixed_lines(_byte_lines(fd, piece, end)) and sensible_codec(FileBytes(fd, end, piece or PIECE)) is None


def _decodes(fd: int, codec: str, piece: int | None, end: int) -> bool:
    """Whether the bytes of the file open at ``fd``, up to ``end``, all decode in ``codec``."""
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        for chunk in _pieces(fd, piece, end):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def declared_plan(fd: int, *, piece: int | None = None, end: int | None = None) -> TablePlan | None:
    """How the feed open at ``fd``, not UTF-8, that declares a single-byte encoding other than Windows-1252 (KOI8-R,
    ISO-8859-5, Windows-1251: :func:`~dedup.charsets.declared_encoding`) is read in pieces, as a file read whole is
    (:func:`~dedup.charsets.decode_bytes`: in the encoding it declares, when its bytes all decode in it); one
    declaring an East Asian encoding in it, or in the East Asian one its bytes make sense in where they make nonsense
    in it (:func:`~dedup.encodings.declared_cjk_codec`, judged a piece at a time, with the warning a read whole gives).
    None when it declares none, or is UTF-8 (cut off at its end or not), or its bytes do not all decode in the one it
    reads them in. Such a feed was skipped past 256 MB (one declaring an East Asian encoding until the sixty-first
    round)."""
    opening = os.pread(fd, max(piece or PIECE, 1 << 16), 0)
    declared = declared_encoding(opening[:1024])
    if declared is None or not _plain_opening(opening[:SNIFF], False):
        return None
    codec = declared
    if declared in CJK_DECLARED:  # in it, or in the East Asian encoding its bytes make sense in
        judged = os.fstat(fd).st_size if end is None else end
        codec = declared_cjk_codec(FileBytes(fd, judged, piece or PIECE), declared)
        if codec is None:
            return None
    decoder, utf8 = codecs.getincrementaldecoder(codec)(), codecs.getincrementaldecoder("utf-8")()
    controls, size, valid = 0, 0, True
    try:
        for chunk in _pieces(fd, piece, end):
            size += len(chunk)
            controls += len(CONTROLS.findall(decoder.decode(chunk)))
            if valid:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    valid = False
        controls += len(CONTROLS.findall(decoder.decode(b"", final=True)))
    except UnicodeDecodeError:
        return None
    if valid:  # UTF-8, or UTF-8 cut off inside its last character: read as UTF-8 whole
        return None
    head = CONTROLS.sub("", codecs.getincrementaldecoder(codec)("replace").decode(opening))
    note = None if codec == declared else encoding_note(f"{codec}{DECLARED_ELSE}{declared}")
    return TablePlan(codec, note, controls, head, size, opening[:1024])


def streamed_feed(plan: TablePlan) -> bool:
    """Whether a feed read as ``plan`` says is read in pieces, its text the one a read whole gives
    (:func:`~dedup.charsets.decode_bytes`): UTF-8 whatever it declares (a file's bytes are read as UTF-8 first); or
    Windows-1252, judged so as a file read whole is (:func:`table_plan`), when it declares no encoding a browser
    reads in its stead (:func:`~dedup.charsets.declared_encoding`: none, or ISO-8859-1, ASCII or Windows-1252, which
    Windows-1252 covers); or in the encoding it declares, or the East Asian one its bytes make sense in where it
    declares another (:func:`declared_plan`). Only UTF-8 that declared no other
    encoding was read in pieces: a feed in Windows-1252, or declaring ISO-8859-1 or KOI8-R, was skipped past 256 MB."""
    declared = declared_encoding(plan.opening)
    if declared in CJK_DECLARED and plan.codec != "cp1252":  # its East Asian reading (:func:`declared_plan`)
        return True
    return plan.codec == "utf-8-sig" or plan.codec == ("cp1252" if declared is None else declared)
