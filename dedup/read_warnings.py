"""What a read warns of, in bounded memory: the first warnings of a file's lines or items said in full, the rest counted.

Every warning of a read was held to its end and said: a JSONL file of 500,000 lines each giving its ``title`` twice
held 500,000 warnings (some 70 MB; 10,000,000 lines, 1.4 GB), each written on stderr by ``index add`` and ``check``
and into ``--json``. As :class:`~dedup.skips.Skips` does for skips, the first :data:`KEPT_A_READ` warnings naming a
line or an item (``file:12: ...``, ``file[3]: ...``) are kept in full; past them a warning is counted by its file
and its words (its place and details in brackets left out) in one row, "file: and 1,234 more warnings like: ...",
rewritten in place as the count grows, :data:`KINDS` such rows at most (past them one row counts the rest). A
warning naming no line (a file's: "not UTF-8; read as Windows-1252") is always kept: one a file at most.
Pure: the readers append to it as to a list.
"""

from __future__ import annotations

import re
from typing import Iterable

__all__ = ["KEPT_A_READ", "KINDS", "Warnings"]

#: Warnings naming a line or an item kept in full, a read.
KEPT_A_READ = 1_000
#: Rows counting warnings past them, a read; past these, one row counts every other.
KINDS = 256

_PLACED = re.compile(r"(.*?)(?::\d+|\[\d+\])(?: \([^()]*\))?: (.*)\Z", re.S)
_DETAIL = re.compile(r" \([^()]*\)")


class Warnings(list):  # type: ignore[type-arg]
    """A list of warnings that keeps :data:`KEPT_A_READ` of those naming a line or an item and counts the rest
    (module doc): ``append``, ``extend`` and ``+=`` as on a list.

    >>> said = Warnings(kept=1)
    >>> said += ["a.jsonl:1: the field 'title' is given more than once", "a.jsonl:2: the field 'title' is given more than once"]
    >>> said.append("a.jsonl:9: the field 'title' is given more than once")
    >>> list(said)
    ["a.jsonl:1: the field 'title' is given more than once", "a.jsonl: and 2 more warnings like: the field 'title' is given more than once"]
    """

    def __init__(self, items: Iterable[str] = (), *, kept: int = KEPT_A_READ, kinds: int = KINDS) -> None:
        super().__init__()
        self._kept, self._kinds, self._placed = kept, kinds, 0
        self.said = 0  # how many warnings were given, kept or counted
        self._rows: dict[tuple[str, str], list[int]] = {}  # (file, words): [row's index, count]
        self.extend(items)

    def append(self, warning: str) -> None:  # type: ignore[override]
        self.said += 1
        placed = _PLACED.match(warning)
        if placed is None or self._placed < self._kept:
            self._placed += placed is not None
            super().append(warning)
            return
        file, words = placed.group(1), _DETAIL.sub("", placed.group(2))
        key = (file, words) if len(self._rows) < self._kinds or (file, words) in self._rows else ("", "")
        row = self._rows.get(key)
        if row is None:
            row = self._rows[key] = [len(self), 0]
            super().append("")
        row[1] += 1
        count = f"{row[1]:,} more warning{'s' * (row[1] != 1)}"
        self[row[0]] = f"{file}: and {count} like: {words}" if key[0] or key[1] else f"and {count} of other kinds"

    def extend(self, warnings: Iterable[str]) -> None:  # type: ignore[override]
        for warning in warnings:
            self.append(warning)

    def __iadd__(self, warnings: Iterable[str]) -> "Warnings":  # type: ignore[override]
        self.extend(warnings)
        return self
