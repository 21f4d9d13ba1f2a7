"""JSON output: stable key order and formatting, written atomically so a failed run leaves no half file.

A large result is streamed: a top-level value that is an iterator (a scan's documents and pairs, see
:meth:`dedup.result.ScanResult.to_dict`) is written one item at a time, never held as one string, in
exactly the bytes :func:`dumps` gives for the same list.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any, Iterator, Mapping

import orjson

from dedup.report.targets import check_file_target, write_atomic

__all__ = ["write_json", "dumps", "iter_json", "stats_json", "STATS_LINE"]

_INDENT = "  "


def dumps(data: Any) -> str:
    """Deterministic JSON text (UTF-8 characters kept, two-space indent).

    Written by orjson, whose text is ``json.dumps(data, ensure_ascii=False, indent=2)``'s but for floats
    under 0.0001 (``0.00001``, ``2.5e-7`` for ``1e-05``, ``2.5e-07``) and NaN (``null``), twelve times
    faster: the standard library indents in Python, and a million articles' result took 35 s to write.
    What orjson cannot write (an integer past 64 bits, a key that is not a string) goes to the standard
    library, which writes it or says why not."""
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()
    except orjson.JSONEncodeError:
        return json.dumps(data, ensure_ascii=False, indent=2)


def iter_json(data: Any) -> Iterator[str]:
    """:func:`dumps` of ``data`` in pieces; a top-level value of a mapping that is an iterator is taken
    as a list and written item by item (JSON escapes every newline inside a string, so nesting a value
    only indents the lines :func:`dumps` gives it)."""
    if not isinstance(data, Mapping) or not data:
        yield dumps(data if not isinstance(data, Iterator) else list(data))
        return
    yield "{"
    for k, (key, value) in enumerate(data.items()):
        yield ("," if k else "") + f"\n{_INDENT}{json.dumps(key, ensure_ascii=False)}: "
        if isinstance(value, Iterator):
            yield from _iter_list(value)
        else:
            yield _nested(dumps(value), 1)
    yield "\n}"


def _iter_list(items: Iterator[Any]) -> Iterator[str]:
    empty = True
    for item in items:
        yield ("[" if empty else ",") + f"\n{_INDENT * 2}" + _nested(dumps(item), 2)
        empty = False
    yield "[]" if empty else f"\n{_INDENT}]"


def _nested(text: str, depth: int) -> str:
    return text.replace("\n", "\n" + _INDENT * depth)


def write_json(data: Any, path: str | Path) -> Path:
    """Write ``data`` to ``path`` whole or not at all (:func:`dedup.report.targets.write_atomic`); top-level
    iterators are streamed (:func:`iter_json`)."""
    target = check_file_target(path, "JSON output")
    return write_atomic(target, itertools.chain(iter_json(data), ["\n"]))


#: The widest line a list of numbers of ``index stats`` fills before it goes on to the next.
STATS_LINE = 100


def stats_json(value: Any, indent: int = 0) -> str:
    """``value`` as ``json.dumps(value, indent=2)`` gives it, the same JSON, but a list of numbers or words
    written on lines filled up to :data:`STATS_LINE` characters: the vocabulary's 96 word hashes and 96 shares
    took 200 lines of one number each, before anything a person reads.

    >>> print(stats_json({"articles": 2, "shares": [0.5, 0.25]}))
    {
      "articles": 2,
      "shares": [0.5, 0.25]
    }
    """
    pad = " " * (indent + 2)
    if isinstance(value, dict) and value:
        items = [f"{pad}{json.dumps(k)}: {stats_json(v, indent + 2)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    if isinstance(value, list) and value and all(not isinstance(v, (dict, list)) for v in value):
        words = [json.dumps(v) for v in value]
        lines, line = [], ""
        for word in words:
            if line and len(pad) + len(line) + len(word) + 2 > STATS_LINE:
                lines.append(line + ",")
                line = ""
            line = f"{line}, {word}" if line else word
        lines.append(line)
        if len(lines) == 1 and indent + len(lines[0]) + 2 <= STATS_LINE:
            return f"[{lines[0]}]"
        return "[\n" + "\n".join(pad + text for text in lines) + "\n" + " " * indent + "]"
    if isinstance(value, list) and value:
        return "[\n" + ",\n".join(pad + stats_json(v, indent + 2) for v in value) + "\n" + " " * indent + "]"
    return json.dumps(value)
