"""What a scan keeps for a later stage in temporary files instead of memory.

:class:`Spool`: objects written in order and taken back in order (the evidence a first verification pass
keeps for the second); :class:`Rows`: rows of numbers indexed as an array (each article's span), read back
a block at a time by :func:`gather_rows`, which :class:`dedup.spilled_documents.Documents` uses for spilled texts.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections import deque
from types import TracebackType
from typing import Any, Callable, Sequence

import numpy as np

__all__ = ["Spool", "Rows", "GATHER_ROWS", "gather_rows"]


class Spool:
    """Lists of objects written in order to a temporary file and taken back in the same order, a few at a
    time: what one pass of a stage keeps for the next without holding it (a scan's first verification pass
    keeps the exact evidence of every row its second pass decides: 149,082 rows, about 80 MB, at two million
    articles). Pickled: the file is the process's own, written and read by it alone."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="dedup-spool-")
        self._waiting: deque[Any] = deque()
        self._reading = False
        self._count = 0

    def __len__(self) -> int:
        """The objects put in and not yet taken."""
        return self._count

    def extend(self, items: Sequence[Any]) -> None:
        """Put ``items`` after those put before (only before the first :meth:`take`)."""
        if self._reading:
            raise ValueError("a spool takes no more items once they are being taken back")
        if items:
            pickle.dump(list(items), self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._count += len(items)

    def take(self, n: int) -> list[Any]:
        """The next ``n`` objects, in the order they were put in."""
        if n > self._count:
            raise ValueError(f"{n} items asked of a spool that holds {self._count}")
        if not self._reading:
            self._file.seek(0)
            self._reading = True
        while len(self._waiting) < n:
            self._waiting.extend(pickle.load(self._file))
        self._count -= n
        return [self._waiting.popleft() for _ in range(n)]

    def close(self) -> None:
        """Remove the file (also when the spool is left by ``with``)."""
        self._file.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


#: Rows read with one positioned read when :class:`Rows` gathers the rows asked for.
GATHER_ROWS = 1 << 16


def gather_rows(numbers: np.ndarray, block: int, read: Callable[[int, int], np.ndarray], out: np.ndarray) -> np.ndarray:
    """``out`` filled with the rows ``numbers`` (int64, in range, any order, repeats allowed) of a table kept
    out of memory, read a block of ``block`` rows at a time: ``read(first, end)`` gives rows ``first`` to
    ``end - 1``, and is called once for each block holding rows asked for, from the first of them to the last.

    >>> table = np.arange(10) * 10
    >>> gather_rows(np.array([7, 2, 7]), 4, lambda first, end: table[first:end], np.empty(3, np.int64)).tolist()
    [70, 20, 70]
    """
    order = np.argsort(numbers, kind="stable")
    wanted = numbers[order]
    blocks = wanted // block
    cuts = np.flatnonzero(np.concatenate(([True], blocks[1:] != blocks[:-1], [True]))).tolist() if len(wanted) else []
    for lo, hi in zip(cuts[:-1], cuts[1:]):
        first, last = int(wanted[lo]), int(wanted[hi - 1])
        out[order[lo:hi]] = read(first, last + 1)[wanted[lo:hi] - first]
    return out


class Rows:
    """Rows of ``width`` 64-bit numbers appended in blocks to a temporary file and indexed with an array of
    row numbers as a numpy array of that shape would be (``rows[[3, 1]]``: two rows): what a scan keeps
    per article for a later stage without holding it (the article-proper span of every text, 16 bytes an
    article: 16 MB at a million). Only the blocks of rows holding those asked for are read, with positioned
    reads (safe from threads and forked workers); no memory map, whose pages, once read, count as resident.

    >>> rows = Rows(2)
    >>> rows.append(np.array([[0, 5], [1, 7], [2, 9]]))
    >>> rows[[2, 0]].tolist(), rows[1:].tolist(), len(rows)
    ([[2, 9], [0, 5]], [[1, 7], [2, 9]], 3)
    """

    def __init__(self, width: int) -> None:
        self.width = width
        self._file = tempfile.TemporaryFile(prefix="dedup-rows-", buffering=0)
        self._count = 0

    def __len__(self) -> int:
        return self._count

    @property
    def shape(self) -> tuple[int, int]:
        return self._count, self.width

    def append(self, rows: np.ndarray) -> None:
        """Put ``rows`` (shape ``(n, width)``) after those put before."""
        rows = np.asarray(rows)
        if rows.ndim != 2 or rows.shape[1] != self.width:
            raise ValueError(f"rows of {self.width} numbers expected, got an array of shape {rows.shape}")
        self._file.write(np.ascontiguousarray(rows, dtype="<i8").tobytes())
        self._count += len(rows)

    def __getitem__(self, numbers: Any) -> np.ndarray:
        if isinstance(numbers, slice):  # rows[lo:hi]: those rows, as an array's slice gives them
            numbers = np.arange(*numbers.indices(self._count))
        numbers = np.asarray(numbers, dtype=np.int64).reshape(-1)
        if len(numbers) and (numbers.min() < -self._count or numbers.max() >= self._count):
            raise IndexError(f"row out of range: there are {self._count}")
        numbers = np.where(numbers < 0, numbers + self._count, numbers)
        size = 8 * self.width

        def read(first: int, end: int) -> np.ndarray:
            data = os.pread(self._file.fileno(), size * (end - first), size * first)
            return np.frombuffer(data, dtype="<i8").reshape(-1, self.width)

        return gather_rows(numbers, GATHER_ROWS, read, np.empty((len(numbers), self.width), dtype=np.int64))

    def close(self) -> None:
        """Remove the file."""
        self._file.close()
