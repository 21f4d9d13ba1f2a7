"""Input formats: which files are articles (by their suffix), an id from a file's name, stray control characters.

How their bytes become text is :mod:`dedup.charsets` (with what the first bytes say a file is, :mod:`dedup.file_kinds`);
lines of a stream :mod:`dedup.lines`; JSON records :mod:`dedup.json_input`; e-mail messages :mod:`dedup.mail`.
"""

from __future__ import annotations

import re

__all__ = [
    "SUPPORTED_SUFFIXES", "TEXT_SUFFIXES", "HTML_SUFFIXES", "JSON_SUFFIXES", "JSONL_SUFFIXES", "TABLE_SUFFIXES", "FEED_SUFFIXES",
    "SHOWN_SUFFIXES", "NOT_ARTICLES",
    "CONTROLS", "without_controls", "controls_note", "file_name",
]

TEXT_SUFFIXES = {".txt", ".md", ".text", ".eml"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
#: CSV and TSV exports, one article a row (:mod:`dedup.exports`).
TABLE_SUFFIXES = {".csv", ".tsv"}
#: RSS and Atom feeds, one article an item (:mod:`dedup.xml_feeds`).
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
SUPPORTED_SUFFIXES = frozenset(TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | TABLE_SUFFIXES
                               | FEED_SUFFIXES)
#: The suffixes read, kind by kind (texts, pages, JSON, JSONL, tables, feeds), as ``--help`` lists them: taken from
#: the sets the reader reads by, so that the help cannot list fewer (it listed 8 of 14).
SHOWN_SUFFIXES = " ".join(suffix for kind in (TEXT_SUFFIXES, HTML_SUFFIXES, JSON_SUFFIXES, JSONL_SUFFIXES, TABLE_SUFFIXES,
                                              FEED_SUFFIXES) for suffix in sorted(kind))
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
    return cleaned, controls_note(dropped) if dropped else None


def controls_note(dropped: int) -> str:
    """What a warning says of ``dropped`` stray control characters left out of a text."""
    return f"{dropped} control character{'s' if dropped != 1 else ''} (such as NUL) dropped"


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
