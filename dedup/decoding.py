"""A file's bytes as text, as the reader reads them: UTF-8, UTF-16 or UTF-32, Windows-1252, an East Asian or
another single-byte encoding that makes sense of them, stray bytes replaced, lines of mixed encodings each
decoded on its own; each reading that is not plain UTF-8 said in a warning.

Pure: the bytes are given (read by :mod:`dedup.reading` and :mod:`dedup.readable`, the modules that read
input), the warnings appended to the list given.
"""

from __future__ import annotations

import codecs

from dedup.charsets import (CUT_OFF, DECLARED_ELSE, MARKED_ELSE, UNDECODABLE, declared_label, decode_bytes, decode_line,
                            mixed_lines, stray_bytes_replaced)
from dedup.documents import Skipped
from dedup.encodings import encoding_name, sense_made, sensible_reading
from dedup.file_kinds import BINARY, SNIFF, json_lines_among


def decoded_file(data: bytes, rel: str, warnings: list[str], *, jsonl: bool = False, html: bool = False) -> str | Skipped:
    """The text of a file's bytes ``data`` (at ``rel``; ``jsonl``, ``html``: what its suffix says it is), or
    why it is skipped. A file that is neither UTF-8 nor UTF-16 and mixes UTF-8 lines with lines of another
    encoding is decoded line by line: a JSONL file with a warning per line, another with one warning (a
    text put together from two sources was skipped as undecodable, or read as Windows-1252 with mojibake in
    its UTF-8 lines)."""
    text, encoding = decode_bytes(data, html=html)
    if text is None and encoding == BINARY and jsonl and json_lines_among(data[:SNIFF]):
        # a feed with a line in UTF-16 (or a binary blob) among its lines was skipped whole as a binary file:
        # its lines are read, each on its own, and the one that is not a JSON line is named as such
        return decoded_lines(data, rel, 1, warnings, bom=True)
    if jsonl and encoding == "utf-8-sig" and b"\x1b" in data:
        # a line in ISO-2022-JP or -KR among UTF-8 ones (ASCII bytes, valid UTF-8): read by its escapes
        # (:func:`~dedup.charsets.decode_line`); as UTF-8 its double-byte characters' quotes made it malformed JSON
        return decoded_lines(data, rel, 1, warnings, bom=True)
    if encoding in ("cp1252", UNDECODABLE) and mixed_lines(data.splitlines()):
        if not jsonl:
            return _decode_mixed(data, rel, warnings)
        return decoded_lines(data, rel, 1, warnings, bom=True)
    if text is None and encoding == UNDECODABLE:
        text, stray = stray_bytes_replaced(data)
        if text is not None:
            warnings.append(f"{rel}: UTF-8 but for {stray} stray byte{'s' * (stray != 1)} (of another "
                            "encoding?); read as U+FFFD")
            return text
    if encoding in ("cp1252", UNDECODABLE):
        # Shift_JIS, GBK, Big5 or EUC-KR text that declares nothing was skipped (undecodable) or read as
        # Windows-1252 mojibake ("ÇÑ±¹ÀºÇà", too short for want of spaces)
        found = sensible_reading(data)
        if found is not None:
            # a page declaring UTF-8 or ISO-8859-1 in Windows-1251 was said to declare none
            label = declared_label(data) if html else None
            declares = "it declares none" if label is None else f"it declares {label}, which its text is not"
            warnings.append(f"{rel}: not UTF-8; read as {encoding_name(found[1])}, {sense_made(found[1])} "
                            f"({declares})")
            return found[0]
    if text is None:
        return Skipped(rel, encoding)
    note = encoding_note(encoding)
    if note is not None:
        warnings.append(f"{rel}: {note}")
    return text


def encoding_note(encoding: str) -> str | None:
    """What a warning says of a text decoded as ``encoding`` (as :func:`dedup.charsets.decode_bytes` names
    it), or None for plain UTF-8 (or UTF-16, UTF-32 with their byte-order marks)."""
    if encoding == "cp1252":
        return "not UTF-8; read as Windows-1252"
    if DECLARED_ELSE in encoding:
        read, declared = (encoding_name(name) for name in encoding.split(DECLARED_ELSE))
        return (f"declares {declared}, but its bytes are not {declared} text (or read as rare "
                f"characters only); read as {read}, in which they make sense")
    if MARKED_ELSE in encoding:
        return (f"opens with a {encoding.split(MARKED_ELSE)[1]} byte-order mark, but its bytes "
                "are UTF-8; read as UTF-8")
    if encoding.endswith(CUT_OFF):
        return "ends inside a character (the file was cut off?); read without it"
    return None


def decoded_lines(data: bytes, rel: str, first_line: int, warnings: list[str], *, bom: bool) -> str:
    """Lines of a mixed JSONL file (or of a range of one), each decoded on its own; a warning for each
    line that was not UTF-8 (its line number, as a skip names a line)."""
    if bom and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    out = []
    for number, line in enumerate(data.splitlines(), start=first_line):  # "\r\n", "\n" or a lone "\r"
        text, note = decode_line(line)
        if note is not None and line.strip():
            warnings.append(f"{rel}:{number}: {note}")
        out.append(text)
    return "\n".join(out)


def _decode_mixed(data: bytes, rel: str, warnings: list[str]) -> str:
    """A text file of mixed lines (:func:`decoded_file`), each decoded on its own, with one warning saying
    how many lines were not UTF-8 and how they were read."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    decoded = [decode_line(line) for line in data.splitlines()]
    notes: dict[str, int] = {}
    for _, note in decoded:
        if note is not None:
            notes[note] = notes.get(note, 0) + 1
    for note, count in notes.items():
        warnings.append(f"{rel}: mixes UTF-8 and other lines: {count} line{'s' * (count != 1)} {note}")
    return "\n".join(text for text, _ in decoded)
