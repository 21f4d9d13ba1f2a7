"""The file a SQLite index lives in: what may be opened as one, its connection and settings, why it cannot be written.

Before SQLite opens a path, what is there is looked at (:func:`check_path`): a folder, a device, a pipe,
an empty file or a file of another kind is refused in words, never misread or written beside. A file on a
read-only mount is read without writing anything (:func:`connect`); a file or folder this user may not
write is named as such (:func:`not_writable`, :func:`read_only_file`). Pure I/O on one path: the tables
are :mod:`dedup.index.sqlite_schema`'s.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from dedup.errors import NotAnIndexError, StorageError, on_read_only_mount

__all__ = ["REFUSED", "WHAT_AN_INDEX_IS", "check_path", "connect", "not_writable", "read_only_file", "set_up",
           "sqlite_header"]

#: Bytes of the file read through a memory map: none. A file read through one that another program cut short
#: (``truncate``, a restore, ``> index.db``) killed the process with SIGBUS, no word said, where read by SQLite's
#: own reads it is one line ("the index file is damaged"); the map took nothing measurable off a check once
#: the page cache holds the postings (``benchmarks/RESULTS.md``, fifty-eighth round).
_MMAP_BYTES = 0
#: Page cache per connection, KiB.
_CACHE_KIB = 65536
#: Pages the write-ahead log holds before a commit copies them into the file (SQLite's automatic
#: checkpoint; its default is 1,000). An add writes ~25 pages, many of them pages earlier adds wrote (the
#: recent segment's, the articles' last leaves), copied once a checkpoint however often written: the
#: checkpoints of 1,000 Reuters adds onto 15,000 stored cost 47-48 ms CPU against 80-87, and one add in
#: ~100 pays one instead of one in ~40 (``benchmarks/RESULTS.md``, fifty-ninth round). The log grows to
#: ~16 MB before it is copied; a crash loses no committed add either way.
_WAL_PAGES = 4000


def set_up(db: sqlite3.Connection, read_only: bool) -> None:
    """A connection's settings: WAL and NORMAL (durable against process crashes) and a log of
    :data:`_WAL_PAGES` pages between checkpoints unless read-only, no memory map (:data:`_MMAP_BYTES`) and a
    larger page cache (a check seeks ~170 band keys in the postings B-tree; per connection, nothing stored)."""
    if not read_only:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(f"PRAGMA wal_autocheckpoint={_WAL_PAGES}")
    db.execute(f"PRAGMA mmap_size={_MMAP_BYTES}")
    db.execute(f"PRAGMA cache_size=-{_CACHE_KIB}")


def check_path(path: str, create: bool) -> None:
    if path == ":memory:":
        return
    if not path.strip():  # Path("") is the current folder; SQLite would open a private temporary database, and
        # made a file named " " of a location of white space alone (an unset variable quoted with a space)
        raise NotAnIndexError(f"{path!r}: an empty index location; give a file path or a redis:// URL")
    if "\x00" in path:  # SQLite's ValueError ("embedded null byte"), no error of dedup's
        raise NotAnIndexError(f"{path!r}: a path holding a NUL character, which no file system takes; give a file path")
    target = Path(path)
    if target.is_dir():
        raise NotAnIndexError(f"{path}: is a folder; give the index's file name")
    if not target.exists():
        if not create:
            raise NotAnIndexError(f"{path}: no such index (dedup index add {path} <corpus> creates one)")
        if not target.parent.is_dir():
            raise StorageError(f"{path}: the folder does not exist; create it first")
        return
    _check_file(path, create)


#: How every SQLite database file starts (its header string).
_SQLITE_MAGIC = b"SQLite format 3\x00"
WHAT_AN_INDEX_IS = "a dedup index is an SQLite file made by `dedup index add`"


def _check_file(path: str, create: bool) -> None:
    """Refuse, before SQLite opens it, a path that holds no index and that SQLite would misread or write
    beside: a device (``/dev/null``: SQLite made a ``/dev/null-journal``), a pipe (SQLite called it
    a "disk I/O error"), a file of another kind, an empty file (made by another program, or by mistake: it is
    not taken over). Called by :func:`check_path` for a path that exists and is no folder."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):  # gone meanwhile (or a name the system refuses): SQLite says which
        return
    if not stat.S_ISREG(mode):
        kind = ("a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a pipe" if stat.S_ISFIFO(mode)
                else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
        raise NotAnIndexError(f"{path}: {kind}, not a dedup index ({WHAT_AN_INDEX_IS}); give a file path")
    try:
        with open(path, "rb") as file:
            head = file.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise StorageError(f"{path}: cannot be read ({exc.strerror or exc}); give read and write access to it") from exc
    if not head:
        wal = Path(path + "-wal")
        if wal.is_file() and wal.stat().st_size > 0:
            return  # all of it still in the write-ahead log: SQLite's to read
        if not create:
            raise NotAnIndexError(f"{path}: an empty file, not a dedup index ({WHAT_AN_INDEX_IS})")
        raise NotAnIndexError(f"{path}: an empty file, not a dedup index; it is left as it is: give a path that "
                              "does not exist yet, or delete the file, for an index to be made there")
    if head != _SQLITE_MAGIC:
        raise NotAnIndexError(f"{path}: not an SQLite database, so not a dedup index ({WHAT_AN_INDEX_IS}); "
                              "it is left as it is: give another path")


#: SQLite's primary result codes for a file it may not write or create: SQLITE_READONLY, SQLITE_CANTOPEN.
REFUSED = (8, 14)


def connect(path: str, timeout: float, read_only: bool) -> sqlite3.Connection:
    """A connection to the index at ``path``; on a read-only file system (``read_only``) one that writes
    nothing: with no write-ahead log beside the file, SQLite told the file cannot change (``immutable``: no
    -shm file, no locks; what it holds is all there is, as nobody on this mount can write it); with a log
    (a writer elsewhere has it open, or it was copied with it), read through that log's -shm file
    (``mode=ro``), which SQLite then needs to find there."""
    if not read_only:
        return sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    wal = Path(path + "-wal")
    logged = wal.is_file() and wal.stat().st_size > 0
    uri = Path(path).absolute().as_uri() + ("?mode=ro" if logged else "?immutable=1")
    db = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False)
    if not logged:
        return db
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # SQLite opens the log here
    except sqlite3.DatabaseError as exc:
        db.close()
        raise StorageError(f"{path}: on a read-only file system, with changes in its write-ahead log ({wal.name}) that "
                           f"cannot be read there without its {Path(path).name}-shm file ({exc}); open it once "
                           "where it can be written, which folds the log into the file") from exc
    return db


def read_only_file(path: str, exc: BaseException) -> str:
    """What a write to an index that opened but cannot be written says: a file of another user's, read-only
    to this one in a folder it may write (SQLite opens it read-only, and reads it through the -wal and -shm
    files it makes beside it): it was "the index file cannot be written (attempt to write a readonly
    database)", naming neither the file nor what to do."""
    return (f"{path}: the file is read-only to this user ({exc}), so the index can be checked (dedup check, stream "
            "--check-only) but not written to (added to, removed from, merged): give write access to it, or run as its "
            "owner; nothing was changed")


def not_writable(path: str) -> str | None:
    """Why the index at ``path`` cannot be written, when permissions say so (else None): SQLite writes the
    index's -wal and -shm files beside it even to read it, so a read-only file or folder fails either way."""
    target = Path(path)
    if not target.exists() and on_read_only_mount(str(target.parent)):  # "give write access" cures nothing there
        return f"{path}: its folder {target.parent} is on a read-only file system; a new index cannot be made there"
    why = (f"its folder {target.parent} is not writable" if not os.access(target.parent, os.W_OK | os.X_OK)
           else "the file is read-only" if target.exists() and not os.access(target, os.W_OK) else None)
    return None if why is None else (f"{path}: {why}; an index is written to even when checked (SQLite keeps "
                                     "its -wal and -shm files beside it): give write access to both")


def sqlite_header(path: str) -> bool:
    """Whether the file opens with SQLite's header: a database, whatever else went wrong with it."""
    try:
        with open(path, "rb") as file:
            return file.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False
