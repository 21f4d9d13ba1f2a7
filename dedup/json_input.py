"""JSON records read for articles: numbers no float is, a number too long, nesting too deep and a field given
twice each told, not a crash; an error in one line.

The JSON of JSONL feeds and ``.json`` files (:mod:`dedup.records`), of ``stream`` and of the HTTP API.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from typing import Any, Collection

import orjson

__all__ = ["MAX_JSON_DEPTH", "MAX_JSON_VALUES", "TOO_DEEP", "NEVER_CLOSED", "load_json", "load_record", "Lean", "large_item",
           "load_json_standard", "repeated_fields", "json_error", "where_malformed", "EmptyItems", "empty_items", "RepeatedItems", "repeats"]


#: A record nested deeper than this is malformed: no article's is, and the stages that walk one (its strings
#: made valid, its metadata written to a report or an index) recurse deeper than the JSON parser does (a
#: field nested 500 deep, which the parser reads, failed with RecursionError).
MAX_JSON_DEPTH = 64


#: A record's top field holding more values than this (its items, nested or not, outside strings) is left out
#: unbuilt, and so are the fields past as many values kept: no article's metadata holds so many, and built they
#: cost some 100 bytes each (20,000,000 empty lists in a 60 MB line took 2.2 GB; a million small fields kept, 939 MB).
MAX_JSON_VALUES = 100_000
#: A value with its separator takes two characters at least: a shorter text cannot hold more values.
_COUNTED_FROM = 2 * MAX_JSON_VALUES
#: A JSON string (escapes passed over), unrolled and possessive: a string of 20,000,000 escaped quotes matched with
#: the state to backtrack into took 4.6 GB.
_STRING = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"')
#: What the scan of a large value reads: a string (passed over), a bracket.
_STRUCTURE = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"|[\[\]{}]')
#: A run of at most 64 whole strings and stretches of at most 64K characters between them (:func:`values_in`): at most
#: 4 MB besides its strings.
_RUN = re.compile(r'(?:[^"]{1,65536}+|"[^"\\]*+(?:\\.[^"\\]*+)*+"){1,64}+')
#: JSON's white space, taken out of a text whose strings are made one character (:func:`values_in`).
_BLANKS = re.compile(r"[ \t\n\r]+")


class Lean(str):
    """A record's JSON text with top fields left out: ``dropped`` names each of more than :data:`MAX_JSON_VALUES`
    values with their count, in order; ``more`` counts the fields and values left out past the first that many
    values kept (fields and values)."""

    dropped: tuple[tuple[str, int], ...]
    more: tuple[int, int]

    def __new__(cls, text: str, dropped: tuple[tuple[str, int], ...], more: tuple[int, int] = (0, 0)) -> "Lean":
        lean = super().__new__(cls, text)
        lean.dropped, lean.more = dropped, more
        return lean


def load_record(text: str, *, literal: tuple[str, ...] = (), keep: Collection[str] = ()) -> tuple[Any, str]:
    """:func:`load_json` of a record, and the text it was read from: ``text`` itself, or, when ``text`` holds
    more than :data:`MAX_JSON_VALUES` values outside its strings, a :class:`Lean` text of the object's top
    fields found without building them: each of more than that many left out, and past the first that many
    values kept (millions of small fields) every field but those named in ``keep`` (an article's own). A value
    that is no object and holds so many is malformed. Memory is the text's and its kept fields', not the values'.

    >>> record, read = load_record('{"text": "words", "meta": [' + "[]," * 100_000 + '[]]}')
    >>> record, read.dropped
    ({'text': 'words'}, (('meta', 100002),))
    """
    if len(text) < _COUNTED_FROM or values_in(text) <= MAX_JSON_VALUES:
        return load_json(text, literal=literal), text
    lean = _lean(text, frozenset(keep))
    return load_json(lean, literal=literal), lean


def values_in(text: str, start: int = 0, end: int | None = None) -> int:
    """How many values the JSON ``text[start:end]`` holds outside its strings (itself, and each item of each
    array or object in it, nested or not): one, a comma's each, and one for each container that is not empty;
    told on its text with each string made one character and no white space (the names of an object's fields are
    no values), a run of whole strings and text between them at a time (:data:`_RUN`: millions of strings made
    one character at once were a list of millions of pieces, 500 MB; runs of 268 MB, a large list's copies).

    >>> values_in('{"a": [1, [], {"b": "[x, y]"}], "c": null}')
    7
    """
    count, last = 1, ""
    for run in _RUN.finditer(text, start, len(text) if end is None else end):
        skeleton = _BLANKS.sub("", _STRING.sub("0", run.group()))
        if not skeleton:
            continue
        opened = skeleton.count("[") + skeleton.count("{")  # counted, not found: 20,000,000 matches were a list
        count += skeleton.count(",") + opened - skeleton.count("[]") - skeleton.count("{}")
        count -= (last + skeleton[0]) in ("[]", "{}")  # an empty container cut between two runs
        last = skeleton[-1]
    return count


def _lean(text: str, keep: frozenset[str]) -> Lean:
    """:func:`load_record`'s lean text of the object ``text``: its top fields read one by one (a string by the
    JSON reader, a container to its closing bracket by :func:`_value_end`), each written again as given but
    those of more than :data:`MAX_JSON_VALUES` values (one named in ``keep`` kept empty, an array or an object as
    it was), and those past as many values kept but named in ``keep``."""
    at = _blank(text, 0)
    if text[at : at + 1] != "{":
        if deep := where_malformed(text, at):  # nested too deep, or a number too long: said as a read of it says it
            raise json.JSONDecodeError(TOO_DEEP if text[deep] in "[{" else "a number too long", text, deep)
        raise json.JSONDecodeError(f"more than {MAX_JSON_VALUES:,} values outside its strings, in no object", text, at)
    kept: list[str] = []
    dropped: list[tuple[str, int]] = []
    held, more_fields, more_values = 0, 0, 0
    at = _blank(text, at + 1)
    while text[at : at + 1] != "}":
        if text[at : at + 1] != '"':
            raise json.JSONDecodeError("Expecting property name enclosed in double quotes", text, at)
        name, after = json.decoder.scanstring(text, at + 1)
        colon = _blank(text, after)
        if text[colon : colon + 1] != ":":
            raise json.JSONDecodeError("Expecting ':' delimiter", text, colon)
        start = _blank(text, colon + 1)
        end, values = _value_end(text, start)
        if values > MAX_JSON_VALUES:
            dropped.append((name, values))
            if name in keep:  # an article's own field kept empty, of its type: its reader says what it is
                kept.append(text[at:after] + ":" + ("[]" if text[start] == "[" else "{}"))
        elif held + values > MAX_JSON_VALUES and name not in keep:
            more_fields, more_values = more_fields + 1, more_values + values
        else:
            kept.append(text[at:after] + ":" + text[start:end])
            held += values
        at = _blank(text, end)
        if text[at : at + 1] == ",":
            at = _blank(text, at + 1)
        elif text[at : at + 1] != "}":
            raise json.JSONDecodeError("Expecting ',' delimiter", text, at)
    if _blank(text, at + 1) != len(text):
        raise json.JSONDecodeError("Extra data", text, _blank(text, at + 1))
    return Lean("{" + ", ".join(kept) + "}", tuple(dropped), (more_fields, more_values))


def _value_end(text: str, start: int) -> tuple[int, int]:
    """Where the JSON value at ``start`` ends, and how many values it holds (:func:`values_in`): a container read
    to its closing bracket a string or bracket at a time (nothing built), another value by the JSON reader."""
    if text[start : start + 1] not in ("[", "{"):
        try:
            return _DECODER.raw_decode(text, start)[1], 1
        except ValueError:  # malformed, or a number too long for Python: the kept fields' reader says which
            after = _STRUCTURE.search(text, start)
            return (after.start() if after else len(text)), 1
    end = _container_end(text, start)
    if end is None:
        raise json.JSONDecodeError("Expecting ',' delimiter", text, len(text))
    return end, values_in(text, start, end)


def _container_end(text: str, start: int, outer: int = 1, *, bounded: bool = True) -> int | None:
    """Where the array or object at ``start``, a value inside an array or object, closes in ``text`` (None: the text
    ends first), a string or bracket at a time, nothing built; nested too deep (``bounded``), an error where a read
    says it. ``outer``: the levels around it in its record (1: a field's value; 0: a list's item, its own record)."""
    depth = outer
    for token in _STRUCTURE.finditer(text, start):
        mark = token.group()[0]
        if mark in "[{":
            depth += 1
            if bounded and depth > MAX_JSON_DEPTH:  # as a read of it says it, at the bracket that opens the level past it
                raise json.JSONDecodeError(TOO_DEEP, text, token.start())
        elif mark != '"':
            depth -= 1
            if depth == outer:
                return token.end()
    return None


def large_item(text: str, at: int) -> tuple[bool, int | None]:
    """Whether the item of a JSON list at ``at`` is an array or object of more than :data:`MAX_JSON_VALUES` values,
    and where it ends in ``text`` (None: not there yet), found without building it: such an item's text is given to
    :func:`load_record` as it is, never built whole to find its end (20,000,000 empty lists in an item: 1.5 GB), and
    one never closed is malformed without being built (:data:`NEVER_CLOSED`: the JSON reader built 30 MB of it, 0.8
    GB, to say so). One nested too deep is found to its end too, and :func:`load_record` says so. ``(False, None)``
    for any other: the JSON reader reads it, and says what is wrong.

    >>> large_item('[{"a": 1}, {"b": [' + "0," * 100_000 + '0]}]', 11), large_item('[{"a": 1}]', 1)
    ((True, 200021), (False, None))
    """
    if text[at : at + 1] not in ("[", "{"):
        return False, None
    try:
        end = _container_end(text, at, 0)
    except json.JSONDecodeError:  # too deep for a record: its end, unbuilt (the JSON reader built what came first)
        end = _container_end(text, at, 0, bounded=False)
    if end is None:  # read so far: past the bound already? (a string cut off counts its commas: no matter, read on)
        return len(text) - at >= _COUNTED_FROM and values_in(text, at) > MAX_JSON_VALUES, None
    # an item shorter than that cannot hold so many (an article's: not counted, a sixth of a list's read)
    return (True, end) if end - at >= _COUNTED_FROM and values_in(text, at, end) > MAX_JSON_VALUES else (False, None)


_DECODER = json.JSONDecoder()
#: Why a list's item of more than :data:`MAX_JSON_VALUES` values that never closes is malformed (:func:`large_item`).
NEVER_CLOSED = f"an item of more than {MAX_JSON_VALUES:,} values that never closes"


def _blank(text: str, at: int) -> int:
    """The first position from ``at`` that is no JSON white space."""
    while text[at : at + 1] in (" ", "\t", "\n", "\r"):
        at += 1
    return at


def load_json(text: str, *, literal: tuple[str, ...] = ()) -> Any:
    """``json.loads`` for articles: ``NaN``, ``Infinity`` and numbers beyond a float read as None (they could
    not be written back as JSON); a number too long for Python or nesting deeper than :data:`MAX_JSON_DEPTH`
    is malformed JSON (a :class:`json.JSONDecodeError`), not a crash. A field of an object named in
    ``literal`` (at its top) keeps such a number as its text, so that its reader can say what it dropped
    (``"published": NaN`` was dropped without a word where ``"published": "nan"`` was warned of).

    orjson reads a record first (four times faster than the standard library, which was a third of reading
    a feed); what it refuses (``NaN``, ``1e400``, an escaped lone surrogate, malformed JSON) and a record
    with a number of 2**63 or more, which orjson reads as a float where Python keeps an integer, are read
    again by the standard library: the same values, and its error messages.

    >>> load_json('{"published": NaN, "n": 1e999, "m": {"published": NaN}}', literal=("published",))
    {'published': 'NaN', 'n': None, 'm': {'published': None}}
    """
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return load_json_standard(text, literal=literal)
    return (value if _nesting_checked(value, text, floats_read_fast=True)
            else load_json_standard(text, literal=literal))


def load_json_standard(text: str, *, literal: tuple[str, ...] = ()) -> Any:
    """:func:`load_json` by the standard library alone (the reference its fast path is tested against)."""
    found: list[bool] = []
    value = _json_loads(text, found)
    _nesting_checked(value, text)
    return _not_finite_replaced(value, literal) if found else value


class _NotFinite(str):
    """A number JSON holds that no float is (``NaN``, ``-Infinity``, ``1e999``), as its text, until
    :func:`_not_finite_replaced` makes it None (or keeps its text, for a field named to keep it)."""


def _not_finite_replaced(value: Any, literal: tuple[str, ...]) -> Any:
    """``value`` with each :class:`_NotFinite` None, but at the top of an object in a field of ``literal``,
    where it is its text (a plain string). A level at a time, as :func:`_nesting_checked` (which has
    bounded the depth)."""
    if isinstance(value, _NotFinite):
        return None
    level = [value]
    while level:
        inner = []
        for x in level:
            items = x.items() if isinstance(x, dict) else enumerate(x) if isinstance(x, list) else ()
            for k, v in list(items):
                if isinstance(v, _NotFinite):
                    x[k] = str(v) if x is value and k in literal else None
                elif isinstance(v, (dict, list)):
                    inner.append(v)
        level = inner
    return value


#: From here a number orjson gives as a float may have been an integer in the text (``2**64``).
_BIG = float(2**63)


def _nesting_checked(value: Any, text: str, *, floats_read_fast: bool = False) -> bool:
    """Raise when ``value`` nests deeper than :data:`MAX_JSON_DEPTH`; with ``floats_read_fast``, False
    when it holds a float that may have been an integer too large for orjson."""
    level = [value]
    for _ in range(MAX_JSON_DEPTH):  # a level at a time, not recursively
        if floats_read_fast and any(type(x) is float and not -_BIG < x < _BIG for x in level):
            return False
        level = [v for x in level if isinstance(x, (dict, list)) for v in (x.values() if isinstance(x, dict) else x)]
        if not level:
            return True
    if any(isinstance(x, (dict, list)) for x in level):
        raise json.JSONDecodeError(TOO_DEEP, text, where_malformed(text))
    return True


def _json_loads(text: str, found: list[bool]) -> Any:
    """``json.loads`` of ``text``; each number no float is read as a :class:`_NotFinite`, and ``found``
    given an item when there was one."""
    def not_finite(literal: str) -> _NotFinite:
        found.append(True)
        return _NotFinite(literal)

    def number(literal: str) -> float | _NotFinite:
        value = float(literal)
        return value if math.isfinite(value) else not_finite(literal)

    try:
        return json.loads(text, parse_constant=not_finite, parse_float=number)
    except json.JSONDecodeError:
        raise
    except (ValueError, RecursionError) as exc:
        why = TOO_DEEP if isinstance(exc, RecursionError) else "a number too long"
        raise json.JSONDecodeError(why, text, where_malformed(text)) from None


#: Why a JSON text nested deeper than :data:`MAX_JSON_DEPTH` is malformed.
TOO_DEEP = f"nested too deep (more than {MAX_JSON_DEPTH} levels)"
#: What :func:`where_malformed` looks for: a string (passed over), a bracket, a number of more digits than
#: Python reads as an integer (4,300); possessive, as :data:`_STRING` is.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*+"|[\[\]{}]|-?\d{4301,}')


def where_malformed(text: str, start: int = 0) -> int:
    """Where, from ``start``, the JSON text ``text`` is too deep or too long for a number: the bracket that opens
    a level past :data:`MAX_JSON_DEPTH`, or the first number of more than 4,300 digits; ``start`` when there is
    none (the error then names where the value opens). Every such error named column 1 whatever its depth.

    >>> where_malformed('{"a": "[[[", "b": ' + "[" * 70 + "]" * 70 + "}")
    81
    """
    depth = 0
    for token in _TOKENS.finditer(text, start):
        mark = token.group()[0]
        if mark in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return token.start()
        elif mark in "]}":
            depth -= 1
        elif mark != '"':
            return token.start()
    return start


def repeated_fields(text: str, names: tuple[str, ...]) -> list[str]:
    """The ``names`` given more than once at the top of the JSON object ``text`` (already read as one), sorted:
    JSON readers keep a repeated field's last value, so the first was dropped without a word (an exporter that
    wrote ``"text"`` twice, the summary then the story). Looked for only when a name appears twice as a field's
    name anywhere in the text (one pass; a quote inside a string is escaped), and then read again keeping each
    object's fields in order: the last object made is the top one.

    >>> repeated_fields('{"id": "a", "text": "x", "m": {"text" : 1}, "text": "y"}', ("id", "text"))
    ['text']
    >>> repeated_fields('{"id": "a", "m": {"text": 1}, "text": "text"}', ("text",))
    []
    """
    found = _field_names(names).findall(text)
    if len(found) == len(set(found)):
        return []
    top: list[list[tuple[str, Any]]] = []

    def kept(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        top[:] = [pairs]
        return {}

    try:
        json.loads(text, object_pairs_hook=kept)
    except (ValueError, RecursionError):  # read once already: not met
        return []
    given = [key for key, _ in top[0]] if top else []
    return sorted(name for name in set(given) & set(names) if given.count(name) > 1)


@lru_cache(maxsize=4)
def _field_names(names: tuple[str, ...]) -> re.Pattern[str]:
    """A quoted name of ``names`` followed by a colon: a field's name."""
    return re.compile('"(%s)"\\s*:' % "|".join(map(re.escape, names)))


def json_error(exc: json.JSONDecodeError) -> str:
    """``Expecting value at column 3``: json's message (some end in "at" already) and where."""
    message = exc.msg[:-3] if exc.msg.endswith(" at") else exc.msg
    return f"{message} at line {exc.lineno}, column {exc.colno}" if exc.lineno > 1 else f"{message} at column {exc.colno}"


class EmptyItems(str):
    """In place of a run of ``count`` empty objects of a JSON list (``{}, {}, ...``), each followed by its comma,
    given at once by the list's readers (:func:`empty_items`): no article is among them, and a list of
    10,000,000 of them, each read as a record and skipped, took 153 s."""

    count: int

    def __new__(cls, count: int) -> "EmptyItems":
        run = super().__new__(cls, "{}")
        run.count = count
        return run


#: Empty objects each followed by a comma, and the JSON white space after them: at most 4,096 a match (the
#: regular expression engine keeps a state for each repeat of a group: a run of 300,000 took 70 MB matched at once).
_EMPTY_RUN = re.compile(r"(?:\{[ \t\r\n]*\}[ \t\r\n]*,[ \t\r\n]*){1,4096}")


def empty_items(text: str, at: int) -> tuple[EmptyItems, int] | None:
    """The run of empty objects of a list opening at ``at`` in ``text``, each followed by its comma, and where
    the item after them opens; None when no empty object followed by a comma opens there.

    >>> run, at = empty_items('[{}, { },{}]', 1)
    >>> run.count, at
    (2, 9)
    """
    count, start = 0, at
    while (run := _EMPTY_RUN.match(text, at)) is not None:
        at = run.end()
    count = text.count("{", start, at)
    return (EmptyItems(count), at) if count else None


class RepeatedItems(str):
    """A small object of a JSON list given ``count`` times in a row (itself the first), each after the same comma and
    white space, given at once by the list's readers (:func:`repeats`): read once, and when it is no article, each of
    the others is skipped for its reason without being cut from the list and read again (``[{"x": 0}, ...]``:
    17 us an item, 10,000,000 of them some three minutes)."""

    count: int

    def __new__(cls, item: str, count: int) -> "RepeatedItems":
        run = super().__new__(cls, item)
        run.count = count
        return run


#: The longest item whose repeats are counted at once (a record that can hold an article is longer).
REPEATED_ITEM = 64
_SEPARATOR = re.compile(r"[ \t\r\n]*,[ \t\r\n]*")


def repeats(text: str, at: int, end: int) -> tuple[int, int]:
    """How many times the object ``text[at:end]`` (:data:`REPEATED_ITEM` characters at most) is given again right
    after it, each after the same comma and white space as the first, and where the last ends (``end`` when none).
    The runs are compared in blocks doubling up to 4,096 items, not an item at a time.

    >>> repeats('[{"x": 0}, {"x": 0}, {"x": 0}, {"x": 1}]', 1, 9)
    (2, 29)
    """
    if end - at > REPEATED_ITEM or text[at:at + 1] != "{" or (sep := _SEPARATOR.match(text, end)) is None:
        return 0, end
    unit = text[end:sep.end()] + text[at:end]
    count, step = 0, 1
    while step:
        if text.startswith(block := unit * step, end):
            end += len(block)
            count += step
            step = min(step * 2, 4096)
        else:
            step //= 2
    return count, end
