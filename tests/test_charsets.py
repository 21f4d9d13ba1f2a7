"""Tests for dedup.charsets: which encoding a file's bytes are in, and their text."""

from __future__ import annotations

from dedup.charsets import decode_bytes, decode_line
from dedup.file_kinds import EMPTY_OF_TEXT


def test_nuls_and_white_space_alone_are_still_empty_not_binary() -> None:
    assert decode_bytes(b"\x00" * 10000) == (None, EMPTY_OF_TEXT)
    assert decode_bytes(b"\n\x00\x01 " * 3000) == (None, EMPTY_OF_TEXT)


def test_a_line_in_utf16_is_read_as_such_whatever_its_script() -> None:
    for text in ('{"id": "a", "text": "Dock workers walked out"}', '{"id": "g", "text": "Οι λιμενεργάτες απήργησαν"}',
                 '{"id": "r", "text": "Докеры объявили забастовку"}'):
        for order in ("utf-16-le", "utf-16-be"):
            got, note = decode_line(text.encode(order))
            assert got == text and note is not None and order.upper() in note
        # after a UTF-16-LE line, its line end's NUL opens the next one
        assert decode_line(b"\x00" + text.encode("utf-16-le"))[0] == text
    # a UTF-8 line holding a NUL or two is no UTF-16 line
    assert decode_line('{"id": "a", "text": "x\x00y\x00z"}'.encode())[1] is None
