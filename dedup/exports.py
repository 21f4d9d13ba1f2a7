"""A newsroom's exports of many articles in one file: a JSON list of articles, a CSV or TSV table of one article a row.

A CMS exports its articles as a JSON list (``[{"id": ..., "text": ...}, ...]``) or as a table whose header names
the text's column; each item or row is read as a JSONL line is, by :class:`dedup.records.Articles`. Reads no
input: the texts are given (by :mod:`dedup.reading`).
"""

from __future__ import annotations

import csv
import json
import re
from typing import Any, Iterator

from dedup.json_input import (NEVER_CLOSED, TOO_DEEP, RepeatedItems, empty_items, large_item, load_json, repeats,
                               where_malformed)
from dedup.lines import MAX_LINE_BYTES

__all__ = ["json_list", "json_items", "wrapped_articles", "an_article", "table_delimiter", "table_rows", "looks_like_table",
           "header_names", "TableError", "LongTableLine"]

#: The delimiter a table's suffix says (a ``.csv`` may use ``;`` or a tab: :func:`table_delimiter`).
_DELIMITERS = {".csv": ",", ".tsv": "\t"}

_SPACE = re.compile(r"[ \t\r\n]*")
#: An article's body runs past csv's default field limit (128 KB); the reader cuts an article at
#: :data:`dedup.records.MAX_CHARS` anyway. One article's bound (:data:`~dedup.lines.MAX_LINE_BYTES`, as a JSONL
#: line's): a quote never closed in a table of 200 MB made one cell of the rest, 1.5 GB at peak (csv holds a
#: cell four bytes a character), to be cut to a million characters.
_FIELD_LIMIT = MAX_LINE_BYTES


class TableError(ValueError):
    """A table that cannot be read as articles; its message says why (one line)."""


def json_list(text: str) -> bool:
    """Whether the JSON text ``text`` is a list of objects (or an empty list): a CMS's export of its articles.

    >>> json_list(' [ {"id": "a"}]'), json_list('[]'), json_list('[1, 2]'), json_list('{"id": "a"}')
    (True, True, False, False)
    """
    text = text[:65536].lstrip("\ufeff")
    start = _SPACE.match(text).end()  # type: ignore[union-attr]
    if text[start:start + 1] != "[":
        return False
    after = _SPACE.match(text, start + 1).end()  # type: ignore[union-attr]
    return text[after:after + 1] in ("{", "]")


#: The fields that name an article in a list (a CMS's blocks of one article, text and images, have none).
_NAMING_FIELDS = ("id", "title", "headline", "url", "link")


def wrapped_articles(record: dict[str, Any], text_fields: tuple[str, ...]) -> tuple[str, list[Any], str | None] | None:
    """The one list of articles the JSON object ``record`` wraps, as ``(its field's name, the list, the object's
    title)``, or None: JSON Feed (``{"version": "https://jsonfeed.org/version/1.1", "items": [...]}``, its items
    read even when none gives a text, so that each is named), or an object with no text of its own and exactly one
    field whose every item is an object with a text and an id, a title or a link (an API's ``{"data": [...]}``, a
    CMS's ``{"articles": [...]}``). Such exports were refused, every article in them lost. ``text_fields``: the
    names an article's text is read by (:data:`dedup.records.TEXT_FIELDS`, and a JSON Feed item's ``summary``).

    >>> wrapped_articles({"status": "ok", "articles": [{"id": 1, "body": "Rain."}]}, ("text", "body"))[:2]
    ('articles', [{'id': 1, 'body': 'Rain.'}])
    >>> wrapped_articles({"id": 1, "text": "Rain.", "tags": [{"id": 2, "text": "x"}]}, ("text", "body")) is None
    True
    """
    if any(isinstance(record.get(name), str) for name in text_fields):
        return None
    title = record.get("title") if isinstance(record.get("title"), str) and record["title"].strip() else None
    version = record.get("version")
    if isinstance(version, str) and version.startswith("https://jsonfeed.org/version/") and isinstance(record.get("items"), list):
        return "items", record["items"], title
    listed = [name for name, value in record.items()
              if isinstance(value, list) and value and all(an_article(item, text_fields) for item in value)]
    return (listed[0], record[listed[0]], title) if len(listed) == 1 else None


def an_article(item: Any, text_fields: tuple[str, ...]) -> bool:
    """Whether a list's item is an article: an object with a text (by a name of ``text_fields``) and an id, a title
    or a link (a CMS's blocks of one article, ``{"_id": ..., "type": "text", "content": ...}``, have none)."""
    return (isinstance(item, dict) and any(isinstance(item.get(name), str) for name in text_fields)
            and any(name in item for name in _NAMING_FIELDS))


def json_items(text: str) -> Iterator[str]:
    """The text of each item of the JSON list ``text``, in order, one at a time: a list of a million articles is
    never held parsed whole beside its text (each item's text is read again as a JSONL line is). Raises
    :class:`json.JSONDecodeError` where the list is malformed (its line and column in ``text``), after the
    items before it.

    >>> list(json_items('[{"id": "a"}, {"id": "b"}]'))
    ['{"id": "a"}', '{"id": "b"}']
    """
    decoder = json.JSONDecoder()
    bom = 1 if text.startswith("\ufeff") else 0
    at = _SPACE.match(text, bom).end() + 1  # type: ignore[union-attr]  # past the "["
    at = _SPACE.match(text, at).end()  # type: ignore[union-attr]
    if text[at:at + 1] == "]":
        _end(text, at + 1)
        return
    while True:
        if (run := empty_items(text, at)) is not None:  # empty objects: given at once (an EmptyItems)
            yield run[0]
            at = run[1]
            continue
        large, end = large_item(text, at)  # one of millions of values: its text given unbuilt, read lean after
        if large and end is None:  # never closed: malformed, not built to say so
            raise json.JSONDecodeError(NEVER_CLOSED, text, at)
        try:
            end = end if large and end is not None else decoder.raw_decode(text, at)[1]
        except RecursionError:
            raise json.JSONDecodeError(TOO_DEEP, text, where_malformed(text, at)) from None
        except ValueError as exc:
            if isinstance(exc, json.JSONDecodeError):
                raise
            raise json.JSONDecodeError("a number too long", text, where_malformed(text, at)) from None
        again, last = repeats(text, at, end)  # a small object given again and again: given at once (RepeatedItems)
        yield RepeatedItems(text[at:end], again + 1) if again else text[at:end]
        at = _SPACE.match(text, last).end()  # type: ignore[union-attr]
        mark = text[at:at + 1]
        if mark == "]":
            _end(text, at + 1)
            return
        if mark != ",":
            raise json.JSONDecodeError("Expecting ',' delimiter" if mark else "Expecting ']'", text, at)
        at = _SPACE.match(text, at + 1).end()  # type: ignore[union-attr]


def _end(text: str, at: int) -> None:
    """Raise when anything but white space follows the list's end at ``at``."""
    rest = _SPACE.match(text, at).end()  # type: ignore[union-attr]
    if rest < len(text):
        raise json.JSONDecodeError("Extra data", text, rest)


def table_delimiter(text: str, suffix: str) -> str:
    """The delimiter of a table by its ``suffix``; a ``.csv`` whose header holds more semicolons or tabs than
    commas uses those (a spreadsheet's export where the comma is the decimal mark).

    >>> table_delimiter("id;title;text\\n", ".csv"), table_delimiter("id,text\\n", ".csv")
    (';', ',')
    """
    if suffix != ".csv":
        return _DELIMITERS.get(suffix, ",")
    header = text[:text.find("\n")] if "\n" in text else text[:4096]
    return max((",", ";", "\t"), key=lambda mark: (header.count(mark), mark == ","))


def table_rows(text: str | Iterator[str], delimiter: str,
               read_names: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str] | str]]:
    """Each row of the table ``text`` (its first row the header; or its lines with their ends, read as they come:
    :mod:`dedup.streamed_tables`) as ``(line, record)``: its first line's number
    and its cells under the header's names (a name given in any case, ``Text`` or ``BODY``, as the name of
    ``read_names`` it is; empty cells left out), or ``(line, reason)`` for a row that is no record (more cells
    than the header names). Raises :class:`TableError` when the table is malformed (the caller has found its
    text column among :func:`header_names`).

    >>> list(table_rows('id,Body\\n7,"one\\ntwo"\\n', ",", ("id", "body")))
    [(2, {'id': '7', 'body': 'one\\ntwo'})]
    """
    if csv.field_size_limit() < _FIELD_LIMIT:  # raised once, never lowered: other readers keep theirs or more
        csv.field_size_limit(_FIELD_LIMIT)
    own = {name.lower(): name for name in read_names}
    reader = csv.reader(_bounded_lines(_lines(text) if isinstance(text, str) else text), delimiter=delimiter)
    line = 1
    try:
        header = next(reader, None)
        if not header:
            raise TableError("an empty table (no header)")
        names = [own.get(cell.strip().lower(), cell.strip()) for cell in header]
        line = reader.line_num + 1
        for row in reader:
            first, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(names):
                yield first, f"a row of {len(row):,} cells under a header of {len(names):,} (a delimiter in an unquoted cell?)"
                continue
            yield first, {name: cell for name, cell in zip(names, row) if cell.strip() and name}
    except csv.Error as exc:
        if str(exc).startswith("field larger than field limit"):
            raise TableError(f"malformed table (a cell of more than {_FIELD_LIMIT:,} characters, in the row of line "
                             f"{line}: a quote never closed?); nothing after it read") from None
        raise TableError(f"malformed table ({exc} at line {reader.line_num})") from None


class LongTableLine(str):
    """In place of a table's line longer than a cell may be (:data:`_FIELD_LIMIT` characters), read no further by
    :func:`dedup.streamed_tables.table_lines`: empty; :func:`table_rows` says the table is malformed there."""


def _bounded_lines(lines: Iterator[str]) -> Iterator[str]:
    """``lines`` as they come, up to one longer than a cell may be (:data:`_FIELD_LIMIT` characters, or a
    :class:`LongTableLine`): :class:`TableError` there, the rows before it read. A row of cells each under the
    bound but longer together was held whole, and a table's reader in pieces held a line of 300 MB to give it
    (916 MB); a read whole says the same of it, so that both read a table alike."""
    for number, line in enumerate(lines, 1):
        if isinstance(line, LongTableLine) or len(line) > _FIELD_LIMIT:
            raise TableError(f"malformed table (a line of more than {_FIELD_LIMIT:,} characters, line {number:,}: "
                             "a row too long to be an article's); nothing after it read")
        yield line


#: A line and its end: "\r\n", "\n" or a lone "\r" (old Mac line ends: csv refused such a table, "new-line character
#: seen in unquoted field"); the last may have none.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` (its byte-order mark left out) one at a time, with their ends, as csv reads them: a
    table's lines all split at once were its text held twice (138 MB at peak for Reuters' 18 MB as CSV, 108 MB as a
    JSON list)."""
    return table_line_ends(text, 1 if text.startswith("\ufeff") else 0)


def table_line_ends(text: str, start: int = 0) -> Iterator[str]:
    """The lines of ``text`` from ``start``, each with its end: "\\r\\n", "\\n" or a lone "\\r" only (a form
    feed or a U+2028 inside a cell ends no line of a table), the last perhaps with none."""
    return (found.group() for found in _LINE.finditer(text, start))


def header_names(text: str, delimiter: str) -> list[str]:
    """The names the first line of the table ``text`` gives its columns, lower case."""
    try:
        row = next(csv.reader(text.lstrip("\ufeff")[:65536].splitlines()[:1], delimiter=delimiter), [])
    except csv.Error:
        return []
    return [cell.strip().lower() for cell in row]


#: A header's cell: a column's name (``id``, ``published_at``, ``Article Body``), not a sentence.
_COLUMN_NAME = re.compile(r"[A-Za-z][\w .-]{0,39}")


def looks_like_table(text: str, read_names: tuple[str, ...]) -> str | None:
    """The delimiter of a table saved under a text name (a CSV or TSV export as ``.txt``), or None: its first line
    a header of two columns or more, each a name, one of them a field an article is read by (``read_names``: an
    id, a title, a text, ...), and at least three rows after it, each of exactly the header's number of cells
    (judged on the first 64 KB; a row cut off there is not judged). Read as one article, every row of two such
    exports was one text, and their shared rows (a section, a byline) made unrelated exports a pair.

    >>> looks_like_table("id,title,text\\n1,a,b\\n2,c,d\\n3,e,f\\n", ("id", "title", "text"))
    ','
    >>> looks_like_table("Markets, rates and oil\\n\\nOil rose, traders said.\\nRates fell, it said.\\n", ("title",))
    """
    head = text.lstrip("\ufeff")[:65536]
    first = head.split("\n", 1)[0]
    known = {name.lower() for name in read_names}
    for mark in ("\t", ",", ";"):
        if first.count(mark) < 1:
            continue
        names = [cell.strip().strip('"').strip() for cell in first.split(mark)]
        if not all(_COLUMN_NAME.fullmatch(name) for name in names) or not known & {name.lower() for name in names}:
            continue
        try:
            rows = list(csv.reader(head.splitlines(keepends=True), delimiter=mark))
        except csv.Error:
            continue
        rows = [row for row in rows[1:-1 if len(text) > len(head) else None] if row]
        if len(rows) >= 3 and all(len(row) == len(names) for row in rows):
            return mark
    return None


def opens_a_list(head: bytes) -> bool:
    """Whether a file's first bytes open a JSON list of articles (`json_list`), in UTF-8."""
    return json_list(head.decode("utf-8", "replace"))


def objects_a_line(text: str) -> bool:
    """Whether a ``.json`` file's text is JSONL: its first line a JSON object by itself, and the next line that is
    not blank opening another (an export of NDJSON named ``.json`` was one "malformed JSON (Extra data at line 2,
    column 1)", every article of it lost). A JSON object written over several lines opens with a line of "{" alone.

    >>> objects_a_line('{"id": "a"}\\n{"id": "b"}\\n'), objects_a_line('{\\n  "id": "a"\\n}\\n')
    (True, False)
    """
    text = text.lstrip("\ufeff \t\r\n")
    end = text.find("\n")
    if not text.startswith("{") or end < 0 or not text[end:].lstrip().startswith("{"):
        return False
    try:
        return isinstance(load_json(text[:end]), dict)
    except (json.JSONDecodeError, ValueError):
        return False
