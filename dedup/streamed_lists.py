"""A large JSON list of articles read a piece of its text at a time: each item's text given as it is read, never
the whole list held.

A ``.json`` export (``[{"id": ..., "text": ...}, ...]``) was read whole, its bytes and its text at once beside its
articles (0.7 GB at 256 MB), and past :data:`~dedup.whole_reads.MAX_WHOLE_BYTES` was one skip. Its text now comes
in pieces (:func:`~dedup.streamed_tables.text_pieces`), and :func:`list_items` cuts it into items with the standard
library's ``json.JSONDecoder.raw_decode`` on a buffer that holds the item being read and a piece: the items, and
the error where the list is malformed (its message, line and column in the whole text), are those
:func:`~dedup.exports.json_items` gives for the text read whole. An item is bounded as a JSONL line is
(:data:`~dedup.lines.MAX_LINE_BYTES` characters): one longer stops the read there with one error. Reads no input:
the pieces are given (by :mod:`dedup.reading`).
"""

from __future__ import annotations

import json
import re
from typing import Iterable, Iterator

from dedup.json_input import NEVER_CLOSED, TOO_DEEP, RepeatedItems, empty_items, large_item, repeats, where_malformed
from dedup.lines import MAX_LINE_BYTES

__all__ = ["list_items", "too_long_item"]

_SPACE = re.compile(r"[ \t\r\n]*")


def too_long_item(most: int) -> str:
    """Why a list's item longer than ``most`` characters stops the read.

    >>> too_long_item(64)
    'an item of more than 64 characters, longer than an article may be (a string never closed?)'
    """
    return f"an item of more than {most:,} characters, longer than an article may be (a string never closed?)"


class _Buffer:
    """The text of a list read so far and not yet passed: ``text`` from the character ``start`` of the whole text
    (its line ``line``, and ``column``: the column of its first character, less one); ``ended`` once every piece
    has come."""

    def __init__(self, pieces: Iterable[str]) -> None:
        self._pieces = iter(pieces)
        self.text, self.start, self.line, self.column, self.ended = "", 0, 1, 0, False

    def more(self, at: int, want: int = 1) -> int:
        """Read on: the text from ``at`` kept (what is before it passed), at least ``want`` characters more read
        (unless the pieces end); where ``at`` is now."""
        passed = self.text[:at]
        if (lines := passed.count("\n")) != 0:
            self.line, self.column = self.line + lines, len(passed) - passed.rfind("\n") - 1
        else:
            self.column += len(passed)
        self.start += at
        got = [self.text[at:]]
        size = 0
        while size < want and (piece := next(self._pieces, None)) is not None:
            got.append(piece)
            size += len(piece)
        self.ended = self.ended or size < want
        self.text = "".join(got)
        return 0

    def space(self, at: int) -> int:
        """``at`` past white space, read on until a character that is none (or the end)."""
        while True:
            at = _SPACE.match(self.text, at).end()  # type: ignore[union-attr]
            if at < len(self.text) or self.ended:
                return at
            at = self.more(at)

    def error(self, message: str, at: int) -> json.JSONDecodeError:
        """A :class:`json.JSONDecodeError` of ``message`` at ``at``, its line and column in the whole text."""
        exc = json.JSONDecodeError(message, self.text, at)
        before = self.text.count("\n", 0, at)
        exc.lineno = self.line + before
        exc.colno = at - self.text.rfind("\n", 0, at) if before else self.column + at + 1
        exc.pos = self.start + at
        return exc


def list_items(pieces: Iterable[str], *, most: int = MAX_LINE_BYTES) -> Iterator[str]:
    """The text of each item of the JSON list whose text comes in ``pieces``, one at a time (the list's opening,
    "[", is known to be there: :func:`~dedup.exports.json_list`). Raises :class:`json.JSONDecodeError` where the
    list is malformed, after the items before it, as :func:`~dedup.exports.json_items` does for the whole text, or
    at an item longer than ``most`` characters (:func:`too_long_item`).

    >>> list(list_items(['[{"id": "a"}', ', {"id"', ': "b"}]']))
    ['{"id": "a"}', '{"id": "b"}']
    """
    buf = _Buffer(pieces)
    buf.more(0)
    at = buf.space(1 if buf.text.startswith("\ufeff") else 0)
    at = buf.space(at + 1)  # past the "["
    decoder = json.JSONDecoder()
    if buf.text[at:at + 1] == "]":
        _end(buf, at + 1)
        return
    while True:
        if (run := empty_items(buf.text, at)) is not None:  # empty objects: given at once (an EmptyItems)
            yield run[0]
            at = buf.space(run[1])
            continue
        at, end = _item(buf, at, decoder, most)
        again, last = repeats(buf.text, at, end)  # a small object given again and again: given at once
        yield RepeatedItems(buf.text[at:end], again + 1) if again else buf.text[at:end]
        at = buf.space(last)
        mark = buf.text[at:at + 1]
        if mark == "]":
            _end(buf, at + 1)
            return
        if mark != ",":
            raise buf.error("Expecting ',' delimiter" if mark else "Expecting ']'", at)
        at = buf.space(at + 1)


def _item(buf: _Buffer, at: int, decoder: json.JSONDecoder, most: int) -> tuple[int, int]:
    """Where the item that opens at ``at`` is in ``buf``'s text, read on until it is whole: an error is the
    list's only once every piece has come (before, it may be an item cut by a piece's end), or past ``most``."""
    while True:
        large, end = large_item(buf.text, at)  # one of millions of values: found, never built (read lean after)
        if large and end is not None:
            return at, end
        if large and not buf.ended and len(buf.text) - at <= most:  # past the bound, not whole yet: read on
            at = buf.more(at, max(len(buf.text) - at, 1))
            continue
        if large:  # never closed, or longer than an item may be: malformed, not built to say so
            raise buf.error(NEVER_CLOSED if buf.ended else too_long_item(most), at)
        try:
            _, end = decoder.raw_decode(buf.text, at)
        except (ValueError, RecursionError) as exc:
            if not buf.ended:  # twice as much: an item read again a few times at most; past the bound, its end?
                at = buf.more(at, max(len(buf.text) - at, 1) if len(buf.text) - at <= most else 1)
                if len(buf.text) - at <= most or buf.ended:
                    continue
            raise _malformed(buf, at, exc, most) from None
        if end < len(buf.text) or buf.ended:  # a number at the buffer's end may go on
            return at, end
        at = buf.more(at)


def _malformed(buf: _Buffer, at: int, exc: Exception, most: int) -> json.JSONDecodeError:
    """The error of the item at ``at`` that cannot be read (``exc``), as :func:`~dedup.exports.json_items` says it."""
    if not buf.ended:
        return buf.error(too_long_item(most), at)
    if isinstance(exc, json.JSONDecodeError):
        return buf.error(exc.msg, exc.pos)
    return buf.error(TOO_DEEP if isinstance(exc, RecursionError) else "a number too long", where_malformed(buf.text, at))


def _end(buf: _Buffer, at: int) -> None:
    """Raise when anything but white space follows the list's end at ``at`` (read to the end)."""
    while True:
        at = _SPACE.match(buf.text, at).end()  # type: ignore[union-attr]
        if at < len(buf.text):
            raise buf.error("Extra data", at)
        if buf.ended:
            return
        at = buf.more(at)
