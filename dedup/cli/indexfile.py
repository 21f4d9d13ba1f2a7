"""The index a command names (``LOCATION``): its arguments' help, the checks made before a corpus is read, a
new file removed when it could not be made, and an index refusing other settings said in the options that set them."""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import typer

from dedup.cli.failures import fail
from dedup.cli.paths import writable
from dedup.errors import IndexMismatchError

WHERE = typer.Argument(..., metavar="LOCATION", help="Index: a SQLite file or redis://host:port/db (must exist: only index add, stream and serve create one).")
NEW_WHERE = typer.Argument(..., metavar="LOCATION", help="Index: a SQLite file (created if missing) or redis://host:port/db.")


#: The options of ``index add`` that set what an index records, by the name it records them under.
_RECORDED_OPTIONS = {"min_words": "--min-words", "channels": "--passages"}


def shown_index(location: str) -> str:
    """``location`` as an output line names it: a Redis URL's password as ``***``."""
    from dedup.index.store import shown_location

    return shown_location(location)


@contextmanager
def settings_named(location: str) -> Iterator[None]:
    """An index refusing other settings than its own, said in the options that set them."""
    try:
        yield
    except IndexMismatchError as exc:
        if not exc.differ or not set(exc.differ) <= set(_RECORDED_OPTIONS):
            raise
        options = [_RECORDED_OPTIONS[name] for name in exc.differ]
        made = ", ".join(f"{_RECORDED_OPTIONS[name]} {stored}" for name, (stored, _) in exc.differ.items())
        given = ", ".join(asked for _, asked in exc.differ.values())
        fail(f"{shown_index(location)} was made with {made} (given: {given}): leave out {' and '.join(options)} to add "
             "to it with its own, or give a new index")


@contextmanager
def nothing_left_if_not_made(location: str) -> Iterator[None]:
    """A new index file that could not be made (a full disk, a file size limit: SQLite failed before it wrote
    its first page, or after its tables but before any article) is removed, not left behind: every later command
    refused the empty file as "not a dedup index", and the user had to find and delete it. Only a file this
    command created and left without an article goes; a file that was there before, or that holds an article,
    is left as it is."""
    new = "://" not in location and not os.path.lexists(location)
    try:
        yield
    except BaseException:
        if new:
            _remove_if_empty(Path(location))
        raise


def _remove_if_empty(path: Path) -> None:
    """``path`` and the journals SQLite opens beside it, when the file holds no article (empty, or its tables
    made but no article in them: a full disk met while the index was being made) and no journal holds anything."""
    import stat

    beside = [path.with_name(path.name + end) for end in ("-journal", "-wal", "-shm")]
    try:
        mode = path.lstat()
        if not stat.S_ISREG(mode.st_mode) or any(p.exists() and p.stat().st_size for p in beside[:2]):
            return
        if mode.st_size and not _holds_no_article(path):
            return
        for made in (path, *beside):
            made.unlink(missing_ok=True)
    except OSError:  # gone meanwhile, or not ours to remove: the error being reported says enough
        return


def _holds_no_article(path: Path) -> bool:
    """Whether a SQLite file (its journals empty) has no ``articles`` table or no row in it; False when it
    cannot be read as SQLite. Read as immutable: no journal or lock file is made beside it."""
    import sqlite3

    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
        try:
            if not db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'articles'").fetchone():
                return True
            return db.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None
        finally:
            db.close()
    except sqlite3.Error:
        return False


def check_index_location(location: str) -> None:
    """Before a corpus is read: an index that cannot be opened (another program's file, no such folder,
    an unreachable server) is refused now, not after the reading. A new SQLite file is not made yet."""
    from dedup.index.store import open_storage

    if "://" in location or Path(location).exists():
        open_storage(location).close()
    elif url_meant(location) is not None:
        refuse_mistyped_url(location)
    elif location.endswith(("/", os.sep)):  # it made a file of that name, without the slash
        fail(f"{location}: ends in '/', so it names a folder; give the index's file name")
    elif Path(location).parent.exists() and not Path(location).parent.is_dir():
        fail(f"{Path(location).parent}: is a file, not a folder, so the index cannot be made under it")
    elif not Path(location).parent.is_dir():
        fail(f"{location}: the folder does not exist; create it first")
    else:  # a folder the system will not write in (a read-only file system, /proc) was met after the reading
        writable(Path(location), "index")


#: A Redis URL's scheme without its ``//`` (``redis:127.0.0.1:6379``, ``redis:/x``), and a server's address without
#: a scheme (``127.0.0.1:6379``, ``localhost:6379/0``, ``[::1]:6379``): read as a file path, each made a new SQLite
#: file of that name, and the command succeeded.
_SCHEME_ALONE = re.compile(r"(rediss?|unix):(?!//)/?", re.IGNORECASE)
_HOST_PORT = re.compile(r"(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\]):\d{1,5}(?:/\d*)?")


def url_meant(location: str) -> str | None:
    """The Redis URL ``location`` reads as when it is a server's address mistyped (its scheme without ``//``,
    or no scheme), else None; a path given as ``./name`` is a file's.

    >>> url_meant("redis:127.0.0.1:6379"), url_meant("localhost:6379"), url_meant("news.db"), url_meant("./a:1")
    ('redis://127.0.0.1:6379', 'redis://localhost:6379/0', None, None)
    """
    scheme = _SCHEME_ALONE.match(location)
    if scheme is not None:  # a socket's path keeps its "/" (unix:///run/redis.sock)
        name = scheme.group(1).lower()
        return f"{name}://{'/' if name == 'unix' else ''}{location[scheme.end():]}"
    if _HOST_PORT.fullmatch(location):
        return f"redis://{location}" + ("" if "/" in location else "/0")
    return None


def refuse_mistyped_url(location: str) -> None:
    """Exit with one line when ``location``, naming no file there now, is a Redis URL mistyped (:func:`url_meant`):
    a new SQLite file of that name was made, the command succeeded, and the server was never used."""
    meant = url_meant(location)
    if meant is not None and not os.path.lexists(location):
        fail(f"{location}: reads as a Redis server's address without its '//', where a new SQLite file of that name "
             f"would be made; give {meant}, or ./{location} for a file of that name")
