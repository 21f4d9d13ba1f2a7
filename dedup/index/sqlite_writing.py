"""The write transactions of a SQLite index, and its write-ahead log kept when it is deleted under a running process.

Every write runs in one ``BEGIN IMMEDIATE`` transaction (:meth:`SQLiteWriting.writing`): two processes
adding the same article cannot both insert it, a writer killed mid-add leaves no trace of it, and a failure
rolls back what the process holds in memory with it. A batch's upkeep of the recent segment is made as one
wider step at its end. A log deleted while the index is open is folded into the file at the next commit.
:class:`SQLiteWriting` is the part of :class:`~dedup.index.store_sqlite.SQLiteStorage` that does it.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections import OrderedDict
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from dedup.errors import WRITE_REFUSED, StorageError, write_refused
from dedup.index.sqlite_file import connect, read_only_file, set_up
from dedup.index.sqlite_postings import SQLitePostings

__all__ = ["SQLiteWriting"]

log = logging.getLogger(__name__)


class SQLiteWriting(SQLitePostings):
    """The writing part of :class:`~dedup.index.store_sqlite.SQLiteStorage`, over its postings
    (:class:`SQLitePostings`): its ``path``, whether it is ``read_only``, its ``_timeout``, and the
    stretches it keeps (``_kept``, valid while ``PRAGMA data_version`` is ``_kept_at``)."""

    path: str
    read_only: bool
    _timeout: float
    _kept: OrderedDict[int, tuple[tuple[int, int, int], ...]]
    _kept_at: int

    @contextmanager
    def writing(self, *, many: bool = False) -> Iterator[None]:
        """One write transaction (nested ones join the outer); ``many``: a batch's, whose recent rows and
        merge steps are taken at its end. A failure rolls back, and what this connection holds of the index in
        memory (the recent view, the key filter, the kept stretches) is dropped with it."""
        if self.read_only:
            raise StorageError(f"{self.path}: on a read-only file system, where an index can be checked (dedup check, "
                               "stream --check-only) but not written to (added to, removed from, merged); copy it "
                               "to a writable disk to change it")
        with self._lock:
            if self._db.in_transaction:  # nested: the outer transaction already holds the write lock
                yield
                return
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StorageError(_not_locked(self.path, exc, self._timeout)) from exc
            try:
                if many:
                    self._recent_view()  # up to date now: nobody else commits until this transaction ends
                    self._batch, self._owed = [], 0
                yield
                if many:
                    self._end_batch()
                # inside: a commit refused (a full disk: SQLite rolls the transaction back) left the recent view
                # holding the article's postings, under a number no stored article had, and every later check
                # meeting them failed (KeyError, a server's 500) until the process ended
                self._db.execute("COMMIT")
            except BaseException as exc:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                self._recent = None  # it may hold rows of the transaction rolled back
                self._keys = None
                self._kept.clear()
                if str(getattr(exc, "sqlite_errorname", "")).startswith("SQLITE_READONLY"):
                    raise StorageError(read_only_file(self.path, exc)) from exc
                if write_refused(exc):  # was SQLite's own OperationalError, outside dedup's tree, from the API
                    raise StorageError(WRITE_REFUSED.format(exc)) from exc
                raise
            finally:
                self._batch = None
            self._keep_log()

    def _keep_log(self) -> None:
        """After a commit: when the index's write-ahead log was deleted while it was open (a clean-up of
        "stray" ``-wal`` files beside a running ``serve`` or ``stream``), the commits live only in the deleted
        file, which this connection alone still holds. They are copied into the index file now (a
        checkpoint) and the connection opened again, which makes a new log; a warning says so. Without it
        every article added since its last checkpoint (a new index's settings too) was lost when the
        process was killed: the next command read "not a dedup index (an empty database)"."""
        if self.path == ":memory:" or os.path.exists(self.path + "-wal"):
            return
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        log.warning("%s: its write-ahead log (%s-wal) was deleted while the index was open; what was written is "
                    "kept in the index file, and a new log begun", self.path, Path(self.path).name)
        self._db.close()
        self._db = connect(self.path, self._timeout, False)
        set_up(self._db, False)
        self._recent, self._keys, self._seen, self._kept_at = None, None, -1, -1
        self._kept.clear()

    def _end_batch(self) -> None:
        """The merge steps owed for the batch's adds, as one wider step: the same postings move, in fewer
        statements (the view takes the batch's rows first, as one sorted run, not one per article)."""
        self._recent_view()
        if self._owed:
            self._merge_step(self._owed)
            self._owed = 0

    def settle(self) -> None:
        """The recent segment's upkeep that a batch's articles stored so far owe (the view takes their rows,
        and the merge steps of their adds are made), now rather than when the batch's transaction ends.
        Called as :meth:`~dedup.index.store_sqlite.SQLiteStorage.insert_batch` is (by the thread holding the
        batch's transaction, or one it waits for)."""
        if self._batch is not None:
            self._end_batch()


def _not_locked(path: str, exc: sqlite3.OperationalError, timeout: float) -> str:
    """The line of a write refused its lock: "database is locked" after ``timeout`` seconds is another process
    writing to the index (an ``index add``, a ``stream``, a ``serve``) all that time, which the line says."""
    if "locked" in str(exc):
        return (f"{path}: cannot lock the index for writing ({exc}): another process held it for the {timeout:g} s "
                "waited (an index add, stream or serve writing to it); try again when it is done")
    return f"{path}: cannot lock the index for writing ({exc})"
