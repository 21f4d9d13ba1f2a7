"""Line-oriented ingest: JSONL articles in, one JSON result per article out (``dedup stream``).

Kept apart from :mod:`dedup.index.index` so that the index knows nothing of lines and encodings.

A stream, like a server (:mod:`dedup.index.serve`), is a long-lived process around one open index; both run
under :func:`dedup.index.index.long_lived_collector`, which keeps Python's garbage collector from walking what they hold for
their whole life at every full collection.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable, Iterator

from dedup.article_ids import id_too_long
from dedup.dates import parse_published
from dedup.errors import InputError
from dedup.json_input import json_error, load_record
from dedup.index.index import Index, long_lived_collector
from dedup.index.match import same_text_id

__all__ = ["parse_age", "stream_results"]


#: A line (or a body posted to ``/articles``) that is no JSON object with an id: one answer on a stream and
#: from the server (pydantic's "Field required" list was the server's).
NEEDS_ID = "each article must be a JSON object with an 'id' and a 'text'"


def parse_age(value: str) -> timedelta | datetime:
    """``30m``, ``12h``, ``7d``, ``2w`` as a timedelta, or a date as articles give it (ISO 8601 or RFC 2822,
    :func:`dedup.dates.parse_published`; for ``prune``).

    An age of 0 and a date still to come are refused: either is every article of the index (``0d`` for
    ``30d``, a year mistyped), and ``prune`` removed them all.
    """
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
    text = value.strip().lower()
    if text[:-1].isascii() and text[:-1].isdigit() and text[-1:] in units:
        seconds = int(text[:-1]) * units[text[-1]]
        if seconds > 1000 * 366 * 86400:
            raise InputError(f"{value!r}: an age of more than 1000 years reaches before the calendar; give a date")
        if seconds == 0:
            raise InputError(f"{value!r}: an age of 0 is every article; give one above 0, such as 30d")
        return timedelta(seconds=seconds)
    parsed = parse_published(value)
    if parsed is None and _iso_date(value) is not None:  # a date, but its offset takes it off the calendar in UTC:
        # it was "neither an age nor a date" (9999-12-31T23:59:59-14:00, 0001-01-01T00:00:00+01:00)
        raise InputError(f"{value!r} falls outside the calendar in UTC (its offset moves it past year 9999 or before "
                         "year 1); give a date within it")
    if parsed is None:
        raise InputError(f"{value!r} is neither an age (30m, 12h, 7d, 2w) nor a date (ISO 8601 or RFC 2822)")
    if (parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)) > datetime.now(timezone.utc):
        raise InputError(f"{value!r} is still to come (every article added so far is older); give a date in the past")
    return parsed


def _iso_date(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def stream_results(index: Index, lines: Iterable[str], *, add: bool = True) -> Iterator[str]:
    """One JSON result per JSONL article: ``{"line", "id", "matches"}`` (with ``"warnings"`` when the article
    was read with some, as a scan warns, and ``"stored_before": true`` when its id was stored before the line:
    its matches are those recorded then) or ``{"line", "error"}`` (with ``"id"`` when the line gives one).

    A bad line yields an error object and the stream goes on: one malformed article must not stop an
    ingest pipeline. A store that fails (:class:`~dedup.errors.StorageError`: a Redis server gone, an
    index found damaged) is no bad line: it is raised, and the stream stops, instead of taking in and
    dropping every line after it with an error object each and a success at the end. Nor is a feed that is
    no JSONL at all (a text, binary bytes: its first line opens with no JSON object or list, and none of its
    first :data:`~dedup.feeds.NOT_JSONL_LINES` lines gives an article): an :class:`~dedup.errors.InputError`
    once those lines are answered, as a scan leaves such a file (it was an error object a line, for ever on an
    endless one, and exit status 0). Articles are built
    as the corpus reader builds them (:func:`dedup.records.make_document`), so they accept the same
    fields as a scan and their text is normalised the same way.

    While the results are being taken, the process's collector is set for a long run
    (:func:`long_lived_collector`); it is restored when the stream ends or is closed.
    """
    with long_lived_collector():
        yield from _results(index, lines, add=add)


#: What a stream answers a feed that opens with a JSON list (an export of many articles, pretty-printed or on one line):
#: an error object a line and nothing stored, exit 0, said nothing a user could act on.
JSON_LIST = ("standard input: a JSON list of articles, not JSONL: stream reads one JSON object a line "
             "(jq -c '.[]' FILE | dedup stream ...; dedup scan and dedup index add read the list)")
#: ... and one that opens with markup (an RSS or Atom feed, an HTML page piped in): an error object a line, exit 0,
#: nothing stored, for every line of the feed.
MARKUP = ("standard input: XML or HTML (an RSS or Atom feed, a web page?), not JSONL: stream reads one JSON object a "
          "line (dedup index add LOCATION FEED.rss adds a feed's items; dedup check LOCATION FEED.rss checks them)")


def _results(index: Index, lines: Iterable[str], *, add: bool) -> Iterator[str]:
    """:func:`stream_results`' lines, under whatever collector setting the caller made."""
    from dedup.feeds import NOT_JSONL_LINES
    from dedup.records import READ_FIELDS, dropped_notes
    from dedup.errors import DedupError, StorageError
    from dedup.formats import without_controls
    from dedup.json_input import repeated_fields
    from dedup.lines import LongLine, is_nul_block, too_long

    # no enumerate: it holds the last line it gave until it gives the next, and a line of 64 MB was then
    # held (with the record read from it) while its article, cut to a million characters, was indexed
    number, source = 0, iter(lines)
    # whether the feed may be JSONL: an article answered, or a first line that opens with an object or a list;
    # else the lines read so far (a text or bytes given as the feed is stopped after NOT_JSONL_LINES of them)
    jsonl, unread = False, 0
    while (line := next(source, None)) is not None:
        number += 1
        if not jsonl and unread >= NOT_JSONL_LINES:
            raise InputError(f"standard input: no JSON article on any of its first {NOT_JSONL_LINES:,} lines, nor "
                             "does it open with one: not JSONL, which holds one JSON object a line; the rest is not read")
        if isinstance(line, LongLine):
            yield json.dumps({"line": number, "error": too_long(line)})
            unread += 1
            continue
        if not line or line.isspace():  # as ``not line.strip()``, without a copy of the line
            continue
        recoded = getattr(line, "note", None)  # a line not in UTF-8 (lines.Recoded): said, as a scan says it
        if not jsonl and not unread:
            opening = line.lstrip(" \t\r\n\ufeff")[:1]
            if opening == "[":
                raise InputError(JSON_LIST)
            if opening == "<":
                raise InputError(MARKUP)
            jsonl = opening == "{"
        unread += 1
        if is_nul_block(line):  # NULs alone, the block a writer that
            continue  # crashed had allocated: no line, as a scan reads it (it was "malformed JSON")
        record = None
        try:
            line, controls = without_controls(line)  # a NUL where a character was garbled: dropped, as a scan drops it
            record, line = _record(line)  # a field of millions of values left out unread, said
            if not isinstance(record, dict) or "id" not in record:
                raise InputError(NEEDS_ID)
            repeated, left_out, line = repeated_fields(line, READ_FIELDS), dropped_notes(line), ""  # twice, too large
            doc, warnings = _document(record, index.min_words, [recoded, controls, *left_out], repeated)
            record = {"id": record["id"]}  # its text let go; its id kept for an error after (an id stored with another text)
            out = _answer(index, doc, warnings, add, number)  # the line and its record let go of: the article alone held
            jsonl = True
        except json.JSONDecodeError as exc:
            out = {"line": number, "error": f"malformed JSON ({json_error(exc)})"}
        except StorageError:
            raise
        except DedupError as exc:
            out = _refused(number, record, exc)
        yield json.dumps(out, ensure_ascii=False)


def _document(record: dict[str, Any], min_words: int, notes: list[str | None],
              repeated: list[str]) -> tuple[Any, list[str]]:
    """The article of a line's record, built as the corpus reader builds it, and what a scan would warn of in
    reading it (``notes``: the line not UTF-8, controls dropped; a field given twice, a date dropped, the text
    truncated)."""
    from dedup.records import REPEATED, make_document

    warnings: list[str] = []
    doc = make_document(record, default_id="", min_words=min_words,  # an id of another type: refused there
                        warnings=warnings)
    warnings[:0] = [f"{doc.id}: {note}" for note in notes if note is not None] + [
        f"{doc.id}: {REPEATED.format(name)}" for name in repeated]
    return doc, warnings


def _answer(index: Index, doc: Any, warnings: list[str], add: bool, number: int) -> dict[str, Any]:
    """Line ``number``'s answer: the article stored (or checked) and its matches."""
    # an id stored before (a feed given again): its answer is the one recorded then, which a check of it
    # now may outnumber (articles stored since): said, so that "matches": [] is not read as a check's
    before = add and bool(doc.id) and index.contains(doc.id)
    found = _stored(index, doc, add, number)
    out: dict[str, Any] = {"line": number, "id": doc.id, "matches": [m.to_dict() for m in found]}
    if before:
        out["stored_before"] = True
    if (same := same_text_id(found)) is not None:  # not stored again: its text is, under this id
        out["same_text_as"] = same
    if warnings:  # what the reader would warn of (a date dropped, the text truncated), said here too
        out["warnings"] = warnings
    return out


def _refused(number: int, record: Any, exc: Exception) -> dict[str, Any]:
    """A refused line's answer, with the article's id when its line gives one, as a feed's engineer looks it
    up: "empty" of which?"""
    given = record.get("id") if isinstance(record, dict) else None
    named = {"id": str(given)} if isinstance(given, (str, int)) and not isinstance(given, bool) else {}
    if named and id_too_long(named["id"]):  # not echoed: an answer line of 300,000 characters; the line names it
        named = {}
    return {"line": number} | named | {"error": str(exc)}


def _stored(index: Index, doc: Any, add: bool, number: int) -> list[Any]:
    """``index.add(doc)`` (or ``check``) for line ``number``; a store that fails stops the stream, saying at
    which line and what became of its article (a disk gone full mid-feed, a Redis server gone: it was the
    store's error alone, which left the user to count the answers to know where to take the feed up again)."""
    import sqlite3

    from dedup.errors import DAMAGED_INDEX, NotAnIndexError, StorageError, write_refused

    try:
        return index.add(doc) if add else index.check(doc)
    except StorageError as exc:  # its own kind kept (a server gone); SQLite's, its write rolled back
        if isinstance(exc, NotAnIndexError) or str(exc).startswith(DAMAGED_INDEX):  # said as every command says it:
            raise  # the index is to be restored first, not the feed taken up again
        # SQLite's error, its write rolled back; or refused before any write: an index on a read-only mount
        certain = isinstance(exc.__cause__, sqlite3.DatabaseError) or index.read_only
        raise type(exc)(f"{exc}; {_stopped(number, doc.id, add, certain=certain)}") from exc
    except sqlite3.DatabaseError as exc:
        if not write_refused(exc):  # a damaged page: said as every command says it
            raise
        raise StorageError(f"the index file cannot be written ({exc}): its disk is full, or the file may grow no more "
                           f"(a quota, a file size limit); {_stopped(number, doc.id, add, certain=True)}") from exc


def _stopped(number: int, article_id: str, add: bool, *, certain: bool) -> str:
    """Where a stream stopped by its store was, and where to take it up again."""
    if not add:
        what = "was not checked"
    elif certain:
        what = "was not stored (the index is as it was before it)"
    else:  # a connection lost: the article's write may have been made before the answer was lost
        what = "may not have been stored"
    before = ", and the lines before it were answered" if number > 1 else ""
    again = " (an article stored is answered again, not stored twice)" if add else ""
    return (f"the stream stopped at line {number:,}, whose article {article_id!r} {what}{before}: "
            f"give the feed again from line {number:,}{again}")


def _record(line: str) -> tuple[Any, str]:
    """The JSON value of a line and the text it was read from (:func:`~dedup.json_input.load_record`: a field of
    millions of values left out), read without a stripped copy of it (JSON allows the white space of its
    ends); a line that fails is read again stripped, so that its error says what it said (a column counted
    from its first character that is no white space) and a line wrapped in other white space (a no-break
    space) still reads."""
    from dedup.records import LITERAL_FIELDS, READ_FIELDS  # "pubDate": NaN warned of too, as a scan warns of it

    try:
        return load_record(line, literal=LITERAL_FIELDS, keep=READ_FIELDS)  # a date of NaN warned of
    except json.JSONDecodeError:
        return load_record(line.strip(), literal=LITERAL_FIELDS, keep=READ_FIELDS)
