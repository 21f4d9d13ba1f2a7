"""One exception tree for everything dedup raises on purpose.

Every message says what went wrong *and* what to do about it, because the CLI prints it as the single
line a user sees (``Error: ...``).
"""

from __future__ import annotations

import os

__all__ = [
    "DedupError",
    "InputError",
    "DuplicateIdError",
    "SettingsError",
    "IndexMismatchError",
    "StorageError",
    "NotAnIndexError",
    "EngineError",
    "MissingExtraError",
    "DAMAGED_INDEX",
    "damaged_database",
    "on_read_only_mount",
    "write_refused",
    "WRITE_REFUSED",
]


#: What every command says of an SQLite index found damaged past its settings: on opening (a damaged
#: root page, :mod:`dedup.index.store_sqlite`) and when a statement meets a damaged page later.
DAMAGED_INDEX = ("the index file is damaged (database disk image is malformed); it is left as it is: restore it "
                 "from a copy, or build a new index with dedup index add")

#: SQLite's primary result code for a damaged database file (SQLITE_CORRUPT).
_SQLITE_CORRUPT = 11


#: How Python's ``sqlite3`` says a stored text is not UTF-8, which no text dedup stores is: a byte of the file
#: changed (a disk's or a copy's damage SQLite's checks do not see, since a page's bytes are not checked).
_NOT_UTF8 = "Could not decode to UTF-8 column "


def damaged_database(exc: BaseException) -> bool:
    """Whether ``exc`` (an ``sqlite3.DatabaseError``) says the database file is damaged (SQLITE_CORRUPT,
    "database disk image is malformed"; or a stored text that is not UTF-8, which read back said "cannot be
    read (Could not decode to UTF-8 column 'text' with text '<the story's words>')"): what opening an index,
    the command line and ``serve`` answer with :data:`DAMAGED_INDEX`."""
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) == _SQLITE_CORRUPT or str(exc).startswith(_NOT_UTF8)


#: SQLite's names for a write the system refused: a full disk (SQLITE_FULL), a write past a quota or a file size
#: limit (SQLITE_IOERR_WRITE, "disk I/O error").
_WRITE_REFUSED = frozenset({"SQLITE_FULL", "SQLITE_IOERR_WRITE"})


#: What a write the system refused (:func:`write_refused`) is said as, SQLite's words in the braces: the index's
#: :class:`StorageError` (the command line names the file before it, ``news.db: the index file ...``).
WRITE_REFUSED = ("the index file cannot be written ({}): its disk is full, or the file may grow no more (a quota, a file "
                 "size limit); nothing stored before is lost: free space and run it again")


def write_refused(exc: BaseException) -> bool:
    """Whether ``exc`` (an ``sqlite3.DatabaseError``) is a write the system refused: a full disk, a quota or a
    file size limit reached. Nothing of the transaction it stopped is stored (SQLite rolls it back)."""
    return getattr(exc, "sqlite_errorname", None) in _WRITE_REFUSED


def on_read_only_mount(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` lies on a file system mounted read-only (a snapshot, a container's read-only volume, a
    disc): why a report or an index cannot be written there, which no permission cures (and where SQLite
    cannot make the -shm file it reads an index in WAL mode through)."""
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError, ValueError):  # no statvfs here, or a name the system refuses
        return False


class DedupError(Exception):
    """Base class of every error dedup raises deliberately."""


class InputError(DedupError):
    """A corpus, file or article cannot be read or is malformed as a whole."""


class DuplicateIdError(InputError):
    """Two articles in one corpus carry the same id."""


class SettingsError(DedupError, ValueError):
    """A parameter is out of range or inconsistent with another one."""


class IndexMismatchError(DedupError):
    """A persistent index was built with other settings than the ones asked for. ``differ``: for each
    setting that differs, its name and ``(stored, asked)`` in words (empty when the index's format or
    hashing differs)."""

    def __init__(self, message: str, differ: dict[str, tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.differ = dict(differ or {})


class StorageError(DedupError):
    """A storage backend (SQLite file, Redis server) failed or is unreachable."""


class NotAnIndexError(StorageError):
    """The path or Redis prefix holds no dedup index: nothing there, or another program's data.

    Raised instead of creating or touching anything, so that a typo never reads as "no matches".
    """


class EngineError(DedupError):
    """A compute engine (a Dask cluster) is unreachable, or one of its tasks failed."""


class MissingExtraError(DedupError, ImportError):
    """An optional part was asked for but its extra is not installed."""

    def __init__(self, feature: str, extra: str) -> None:
        super().__init__(f"{feature} needs the optional extra {extra!r}: pip install '.[{extra}]' in a checkout of dedup")
        self.feature = feature
        self.extra = extra
