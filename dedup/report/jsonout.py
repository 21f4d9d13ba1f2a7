"""JSON output: stable key order and formatting, written atomically so a failed run leaves no half file.

A large result is streamed: a top-level value that is an iterator (a scan's documents and pairs, see
:meth:`dedup.result.ScanResult.to_dict`) is written one item at a time, never held as one string, in
exactly the bytes :func:`dumps` gives for the same list.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterator, Mapping

from dedup.report.targets import check_file_target, creation_mode, write_through

__all__ = ["write_json", "dumps", "iter_json"]

_INDENT = "  "


def dumps(data: Any) -> str:
    """Deterministic JSON text (UTF-8 characters kept, two-space indent)."""
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
    """Write ``data`` to ``path`` through a temporary file and a rename (an existing file is replaced
    only once the new one is complete). The file gets the permissions of the one it replaces, else those
    the umask gives a new file (not the temporary file's private 0600). Top-level iterators are
    streamed (:func:`iter_json`)."""
    given = check_file_target(path, "JSON output")
    target = Path(os.path.realpath(given))  # a symlink: the file it points to is replaced, the link kept
    if write_through(target):  # a device or a pipe (/dev/stdout, a FIFO): written in place, never replaced
        with open(target, "w", encoding="utf-8") as handle:
            for piece in iter_json(data):
                handle.write(piece)
            handle.write("\n")
        return given
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        os.fchmod(fd, creation_mode(target if target.exists() else None))
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for piece in iter_json(data):
                handle.write(piece)
            handle.write("\n")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return given
