"""What is read whole, and how much of it is held: a file of many articles up to :data:`MAX_WHOLE_BYTES`, and
a pipe given as the input read as it comes.

A table, a JSON list or an RSS or Atom feed is read whole before it is judged (a sparse 1 GB ``.csv`` of NULs
held 1.1 GB, to be skipped as empty); past :data:`MAX_WHOLE_BYTES` it is skipped with the reason instead. A pipe
given as the input (``dedup scan <(zcat feed.jsonl.gz)``, ``/dev/fd/63``) was read whole too, to its end: one of
endless bytes (``<(cat /dev/zero)``) took the memory of the machine and ended in a MemoryError's traceback. Its
JSONL lines are now read a line at a time, as standard input's are (a line without an end stops the read with one
error), and any other text as one article's, up to :data:`~dedup.lines.MAX_LINE_BYTES`. With
:mod:`dedup.reading`, one of the modules that read input.
"""

from __future__ import annotations

import codecs
import io
import os
import stat
from pathlib import Path
from typing import Callable

from dedup.documents import Skipped
from dedup.file_kinds import SNIFF, compressed, document
from dedup.lines import MAX_LINE_BYTES
from dedup.readable import file_data

__all__ = ["MAX_WHOLE_BYTES", "too_large_whole", "whole_size", "whole_file_data", "pipe_reader", "opens_jsonl", "pipe_bytes",
           "too_large_pipe"]

#: The most bytes of a file of many articles read whole (a table, a JSON list, an RSS or Atom feed, a JSONL file
#: not read in ranges): 256 MB. A real export of that size peaks at 0.6 to 0.75 GB while it is read (its bytes,
#: its text and its articles; ``benchmarks/RESULTS.md``, fifty-seventh round). A JSONL file is read in ranges,
#: a line at a time, whatever its size.
MAX_WHOLE_BYTES = 256 << 20
#: How much of a pipe's opening is read to tell JSONL lines from a text (its first bytes but white space).
_HEAD = 1 << 16


def too_large_whole(size: int, *, came: bool = False) -> str:
    """Why a file of many articles read whole (a table, a JSON list, a feed) of ``size`` bytes is left out
    (``came``: a pipe's, of which more came).

    >>> too_large_whole(300 << 20)[:56]
    'too large to be read whole (314,572,800 bytes; a table, '
    """
    more = "more than " if came else ""
    return (f"too large to be read whole ({more}{size - came:,} bytes; a table, a JSON list or an RSS or Atom feed is read "
            f"whole, at most {MAX_WHOLE_BYTES:,} bytes): left out; split it, or write its articles as JSONL in UTF-8, "
            "one a line, which is read a line at a time whatever its size")


def whole_size(file: Path, *, no_link: bool = False) -> int | None:
    """The size of ``file`` when it is a regular file of more than :data:`MAX_WHOLE_BYTES` (``no_link``: a link in
    its place not followed), else None (a smaller file, or one the read will name with its own reason)."""
    try:
        info = os.stat(file, follow_symlinks=not no_link)
    except OSError:
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) and info.st_size > MAX_WHOLE_BYTES else None


class _Prefixed(io.RawIOBase):
    """A pipe whose first bytes were read already: they are given again, then the rest as it comes."""

    def __init__(self, head: bytes, raw: io.RawIOBase) -> None:
        super().__init__()
        self._head, self._raw = head, raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int | None:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        return self._raw.readinto(buffer)

    def close(self) -> None:
        self._raw.close()
        super().close()


def pipe_reader(file: Path) -> tuple[bytes, io.BufferedReader]:
    """A pipe's opening (up to 64 KB, read until a byte that is not white space has come, or its end) and a
    buffered reader that gives every byte of it, the opening again first. Raises :class:`OSError` as ``open``."""
    raw = open(file, "rb", buffering=0)  # noqa: SIM115 (closed by the reader it is given to)
    head = b""
    while len(head) < _HEAD and not head.lstrip(b" \t\r\n"):
        chunk = raw.read(_HEAD - len(head))
        if not chunk:
            break
        head += chunk
    return head, io.BufferedReader(_Prefixed(head, raw), 1 << 16)


def opens_jsonl(head: bytes) -> bool:
    r"""Whether a pipe's opening ``head`` opens a JSONL line in UTF-8: "{" after white space and a byte-order mark.

    >>> opens_jsonl(b'\xef\xbb\xbf  {"id": "a"}'), opens_jsonl(b"The minister said"), opens_jsonl(b"\x00" * 8)
    (True, False, False)
    """
    head = head[len(codecs.BOM_UTF8):] if head.startswith(codecs.BOM_UTF8) else head
    return head.lstrip(b" \t\r\n")[:1] == b"{"


def pipe_bytes(reader: io.BufferedReader, head: bytes, *, many: bool, rel: str) -> bytes | Skipped:
    """A pipe's bytes (``head``: its opening, read already), at most :data:`MAX_WHOLE_BYTES` when it is read as a
    file of ``many`` articles is, else :data:`~dedup.lines.MAX_LINE_BYTES` (one article's bound); or why it is
    skipped (at ``rel``): more came, and the read stopped there (a pipe may never end). A compressed stream or a
    document says what it is by its opening, the rest left unread."""
    if compressed(head) or document(head[:SNIFF]):
        return head
    most = MAX_WHOLE_BYTES if many else MAX_LINE_BYTES
    chunks: list[bytes] = []
    got = 0
    while got <= most and (chunk := reader.read1(min(1 << 20, most + 1 - got))):
        chunks.append(chunk)
        got += len(chunk)
    if got <= most:
        return b"".join(chunks)
    return Skipped(rel, too_large_whole(got, came=True) if many else too_large_pipe(most))


def too_large_pipe(most: int) -> str:
    """Why a pipe given as the input, read as one article, is left out past ``most`` bytes.

    >>> too_large_pipe(64)[:50]
    'too large for one article (more than 64 bytes came'
    """
    return (f"too large for one article (more than {most:,} bytes came, and the rest was not read): left out; a feed "
            "of many articles is read from a pipe as JSONL, one article a line")


def whole_file_data(file: Path, rel: str, *, whole: bool, no_link: bool,
                    many: Callable[[bytes], bool] | None) -> bytes | Skipped:
    """A file's bytes (:func:`~dedup.readable.file_data`), a file read whole (``whole``, or by ``many``: one too
    large for one article that holds many by its first bytes) held to :data:`~dedup.whole_reads.MAX_WHOLE_BYTES`."""
    if whole and (size := whole_size(file, no_link=no_link)) is not None:
        return Skipped(rel, too_large_whole(size))
    data = file_data(file, rel, jsonl=whole, no_link=no_link)
    if not isinstance(data, Skipped) or many is None or not data.reason.startswith("too large for one article"):
        return data
    size = whole_size(file, no_link=no_link)
    try:
        with open(file, "rb") as fh:
            head = fh.read(1 << 16)
    except OSError:
        return data
    if not many(head):
        return data
    return Skipped(rel, too_large_whole(size)) if size is not None else file_data(file, rel, jsonl=True, no_link=no_link)
