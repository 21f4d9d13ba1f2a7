"""Input formats: which files are articles (by their suffix), an id from a file's name, stray control characters.

How their bytes become text is :mod:`dedup.charsets` (with what the first bytes say a file is, :mod:`dedup.file_kinds`);
lines of a stream :mod:`dedup.lines`; JSON records :mod:`dedup.json_input`; e-mail messages :mod:`dedup.mail`. The
names those modules took from here are still importable from here for the modules outside the reader
(:mod:`dedup.index`, :mod:`dedup.cli`, :mod:`dedup.parts`) and a benchmark run on older trees.
"""

from __future__ import annotations

import re

# kept importable here: the index, the CLI, the parts of a large file and benchmarks/readings.py (run on older
# trees too) import them from this module
from dedup.charsets import UNDECODABLE, decode_bytes, decode_line, mixed_lines, utf16_encoding
from dedup.file_kinds import SNIFF, is_binary, is_json_report
from dedup.json_input import MAX_JSON_DEPTH, json_error, load_json, repeated_fields
from dedup.lines import LongLine, is_nul_block, line_end, stdin_lines, too_long

__all__ = [
    "SUPPORTED_SUFFIXES", "TEXT_SUFFIXES", "HTML_SUFFIXES", "JSON_SUFFIXES", "JSONL_SUFFIXES", "NOT_ARTICLES",
    "CONTROLS", "without_controls", "file_name",
    "SNIFF", "is_binary", "is_json_report", "UNDECODABLE", "decode_bytes", "decode_line", "mixed_lines",
    "utf16_encoding", "MAX_JSON_DEPTH", "json_error", "load_json", "repeated_fields", "LongLine", "is_nul_block",
    "line_end", "stdin_lines", "too_long",
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
