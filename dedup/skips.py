"""What a read skipped, in bounded memory: the first skips of a file's lines or items named in full, the rest counted.

Every skip was held to the end of a read, a :class:`~dedup.documents.Skipped` of about 225 bytes: 3,000,000 JSONL
lines of ``{}`` took 674 MB, so a 1 GB file of them would have taken some 80 GB, beyond any ``--memory``. A skip that
names a line or an item of a file (``feed.jsonl:12``, ``list.json[3]``, ``feed.rss[7]``) is named in full up to
:data:`KEPT_A_FILE` of that file and :data:`KEPT_A_READ` of the read; past either, it is counted by its reason, one
row a reason and file ("and 2,999,000 more lines: no 'text' field with the article", its count in
:attr:`~dedup.documents.Skipped.counted`). A skip naming a file itself is always named (one a file, as the listing of
a folder holds). Every count a user reads (:func:`skipped_count`) stays exact.

Pure: the skips are given by the reader (:class:`dedup.records.Articles`) or an engine merging its parts' reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from dedup.documents import Skipped

__all__ = ["KEPT_A_FILE", "KEPT_A_READ", "REASONS_A_FILE", "REASONS_A_PART", "OTHER_REASONS", "Skips", "skipped_count",
           "file_of"]

#: The skips of one file's lines or items named in full; past them they are counted by reason.
KEPT_A_FILE = 1_000
#: The skips of lines or items named in full in one read, whatever the files (a folder of many bad feeds).
KEPT_A_READ = 10_000
#: The reasons a file's counted skips are told apart by; past them, one row "other reasons".
REASONS_A_FILE = 10
#: The reasons told apart in a part of a read (an engine's: :func:`dedup.reading.read_part`), whose rows are merged
#: again as one read's (:meth:`Skips.extend`): a part told fewer apart would have put among "other reasons" a reason
#: the whole read tells apart (one seen first in an earlier part). Equal to one read's rows unless one part of one
#: file gives more reasons than these past its named lines.
REASONS_A_PART = 10_000
#: The reason of the row counting the skips of reasons past :data:`REASONS_A_FILE`.
OTHER_REASONS = "other reasons"

_PLACE = re.compile(r"(?::(\d+)|\[(\d+)\])\Z")
#: A reason's details in brackets (a line and column, a count of words), left out of a counted row's reason.
_DETAIL = re.compile(r" \([^()]*\)")
_COUNTED = re.compile(r"and [\d,]+ more (line|item)s?: (.*)", re.S)


def skipped_count(skipped: Iterable[Skipped]) -> int:
    """How many inputs ``skipped`` stands for: one a row, a counted row's count.

    >>> skipped_count([Skipped("a.jsonl:1", "empty"), Skipped("a.jsonl", "and 5 more lines: empty", counted=5)])
    6
    """
    return sum(s.counted or 1 for s in skipped)


def file_of(path: str) -> tuple[str, str | None]:
    """The file a skip's ``path`` is in and what of it the path names (``"line"``, ``"item"``; None: the file).

    >>> file_of("feeds/a.jsonl:12"), file_of("list.json[3]"), file_of("notes.txt")
    (('feeds/a.jsonl', 'line'), ('list.json', 'item'), ('notes.txt', None))
    """
    place = _PLACE.search(path)
    if place is None or place.start() == 0:
        return path, None
    return path[:place.start()], "line" if place.group(1) is not None else "item"


@dataclass
class _Counted:
    """One file's skips of lines or items: how many were named, and those past them counted by (reason, unit,
    whether an article)."""

    file: str
    most: int  # the reasons told apart
    named: int = 0
    counts: dict[tuple[str, str, bool], int] = field(default_factory=dict)
    reasons: int = 0  # the reasons told apart so far (OTHER_REASONS not among them)
    placed: bool = False  # its rows are among the read's (after the file's last named one)

    def add(self, reason: str, unit: str, article: bool, count: int) -> None:
        key = (reason, unit, article)
        if key not in self.counts and reason != OTHER_REASONS:
            if self.reasons >= self.most:
                key = (OTHER_REASONS, unit, article)
            else:
                self.reasons += 1
        self.counts[key] = self.counts.get(key, 0) + count

    def rows(self) -> Iterator[Skipped]:
        """The counted rows, in the order their reasons came, other reasons last."""
        for (reason, unit, article), count in sorted(self.counts.items(), key=lambda kv: kv[0][0] == OTHER_REASONS):
            yield Skipped(self.file, f"and {count:,} more {unit}{'s' * (count != 1)}: {reason}", article, counted=count)


class Skips:
    """A read's skips as they come (``append``), named or counted (module doc); iterated, the rows a
    :class:`~dedup.documents.Corpus` holds, in the order they came, a file's counted rows after its last named one.
    ``count``: how many inputs were skipped, exactly."""

    def __init__(self, *, kept_a_file: int | None = None, kept_a_read: int | None = None,
                 reasons: int | None = None) -> None:
        self._rows: list[Skipped | _Counted] = []
        self._files: dict[str, _Counted] = {}
        self._kept_a_file = KEPT_A_FILE if kept_a_file is None else kept_a_file
        self._kept_a_read = KEPT_A_READ if kept_a_read is None else kept_a_read
        self._reasons = REASONS_A_FILE if reasons is None else reasons
        self._named = 0
        self._last: tuple[str | None, str] = (None, "")
        self.count = 0

    def append(self, skipped: Skipped) -> None:
        """One skip (or a counted row of another read's, merged: an engine's parts)."""
        self.count += skipped.counted or 1
        file, unit = file_of(skipped.path)
        counted = _COUNTED.fullmatch(skipped.reason) if skipped.counted else None
        if counted is not None:
            file, unit = skipped.path, counted.group(1)
        if unit is None:
            self._rows.append(skipped)
            return
        tally = self._files.get(file)
        if tally is None:
            tally = self._files[file] = _Counted(file, self._reasons)
        if counted is None and tally.named < self._kept_a_file and self._named < self._kept_a_read:
            tally.named += 1
            self._named += 1
            self._rows.append(skipped)
            return
        if not tally.placed:
            tally.placed = True
            self._rows.append(tally)
        if counted is not None:
            tally.add(counted.group(2), unit, skipped.article, skipped.counted)
        else:
            if skipped.reason != self._last[0]:  # a reader's skips of one file mostly give one reason again
                self._last = (skipped.reason, _DETAIL.sub("", skipped.reason))
            tally.add(self._last[1], unit, skipped.article, 1)

    def extend(self, skipped: Iterable[Skipped]) -> None:
        """Each of ``skipped`` appended."""
        for one in skipped:
            self.append(one)

    def __iter__(self) -> Iterator[Skipped]:
        for row in self._rows:
            if isinstance(row, Skipped):
                yield row
            else:
                yield from row.rows()

    def __bool__(self) -> bool:
        return self.count > 0

    def first(self) -> Skipped | None:
        """The first skip, or None."""
        return next(iter(self), None)

    def mark(self) -> int:
        """Where the rows end now, for :meth:`since`."""
        return len(self._rows)

    def since(self, mark: int) -> list[Skipped]:
        """The named rows after ``mark``."""
        return [row for row in self._rows[mark:] if isinstance(row, Skipped)]

    def forget(self, file: str) -> None:
        """Every skip of ``file`` (itself, its lines, its items) dropped: a JSONL file found to be something else
        (JSON over several lines, no JSONL at all), one reason for the whole file said instead."""
        kept: list[Skipped | _Counted] = []
        for row in self._rows:
            if isinstance(row, _Counted):
                mine = row.file == file
                if mine:
                    self.count -= sum(row.counts.values())
            else:
                mine = row.path == file or file_of(row.path)[0] == file and file_of(row.path)[1] is not None
                if mine:
                    self.count -= row.counted or 1
                    self._named -= file_of(row.path)[1] is not None
            if not mine:
                kept.append(row)
        self._rows = kept
        self._files.pop(file, None)
