"""The tables of a SQLite index: the schema, the checks that a file holds a dedup index and a sound one, migrations.

A file is refused, naming what it is, before anything is written to it: another program's database, a
damaged one, an index without its tables on a read-only mount (:func:`check_tables`,
:func:`check_readable_as_is`); a damaged root page is found before a write (:func:`check_roots`). An
index of an older format this one reads is brought to this format in one transaction (:func:`migrate`).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from pathlib import Path

from dedup.errors import DAMAGED_INDEX, NotAnIndexError, StorageError, damaged_database
from dedup.index import keyfilter
from dedup.index.sqlite_file import REFUSED, WHAT_AN_INDEX_IS, not_writable, sqlite_header
from dedup.index.store import check_settings, migrated

__all__ = ["SCHEMA", "TABLES", "check_readable_as_is", "check_roots", "check_tables", "migrate"]

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, content_hash TEXT NOT NULL UNIQUE, text TEXT NOT NULL,
    title TEXT, outlet TEXT, published TEXT, url TEXT, published_ts REAL, added_ts REAL NOT NULL,
    body_start INTEGER NOT NULL, body_end INTEGER NOT NULL, language TEXT);
CREATE INDEX IF NOT EXISTS articles_age ON articles (coalesce(published_ts, added_ts));
CREATE TABLE IF NOT EXISTS postings (key INTEGER NOT NULL, seq INTEGER NOT NULL, span INTEGER NOT NULL,
    PRIMARY KEY (key, seq, span)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS matches (seq INTEGER NOT NULL, other INTEGER NOT NULL, verdict TEXT NOT NULL,
    channels TEXT NOT NULL, evidence TEXT NOT NULL, PRIMARY KEY (seq, other)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS matches_other ON matches (other);
CREATE TABLE IF NOT EXISTS stretches (seq INTEGER NOT NULL, lo INTEGER NOT NULL, hi INTEGER NOT NULL,
    partner INTEGER NOT NULL, PRIMARY KEY (seq, lo, hi, partner)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS stretches_partner ON stretches (partner);
CREATE TABLE IF NOT EXISTS recent (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, postings BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS keyfilter (part INTEGER PRIMARY KEY, lg INTEGER NOT NULL, keys INTEGER NOT NULL,
    bits BLOB NOT NULL);
"""


def _schema_columns() -> dict[str, list[str]]:
    """Our tables and their columns, as the schema makes them: anything else in a file is another program's."""
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    columns = {t: [c[1] for c in db.execute(f"PRAGMA table_info({t})")] for t in tables}
    db.close()
    return columns


TABLES = _schema_columns()


def check_readable_as_is(db: sqlite3.Connection, path: str) -> None:
    """Refuse an index on a read-only file system that this version reads only once it is brought up to date:
    tables missing (an empty SQLite file) or an older format, which opening it where it can be written would
    bring to this one (:func:`migrate`)."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    row = db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone() if "settings" in tables else None
    if row is None:
        raise NotAnIndexError(f"{path}: a dedup index without its settings, on a read-only file system where "
                              f"nothing can be added to it ({WHAT_AN_INDEX_IS})")
    missing = sorted(set(TABLES) - tables)
    if missing:
        raise StorageError(f"{path}: a dedup index without its table{'s' * (len(missing) > 1)} {', '.join(missing)}, on a "
                           "read-only file system where they cannot be made: open it once where it can be written")
    if migrated(json.loads(row[0])) is not None:
        raise StorageError(f"{path}: an index of an older format, on a read-only file system: open it once where it "
                           "can be written, which brings it to this version's format, then check it here")


def migrate(db: sqlite3.Connection) -> None:
    """An index of an older format that this one reads (its tables made already) records this format,
    its postings table's key filter made first (:func:`dedup.index.keyfilter.build`), in one transaction."""
    row = db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()
    if not row or migrated(json.loads(row[0])) is None:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        row = db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()  # another may have done it
        settings = migrated(json.loads(row[0]))
        if settings is not None:
            log.info("making the key filter of an index of format %s", json.loads(row[0]).get("format"))
            keyfilter.build(db)
            db.execute("UPDATE settings SET value = ? WHERE name = 'index'", (json.dumps(settings, sort_keys=True),))
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def check_tables(db: sqlite3.Connection, path: str, create: bool) -> None:
    """Refuse a file that is not a dedup index, naming what it is, before anything is written to it."""
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:  # "file is not a database": some other kind of file
        refused = not_writable(path) if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in REFUSED else None
        if refused:  # reading an index in WAL mode writes its -shm file: an index, but one it may not write
            raise StorageError(refused) from exc
        if damaged_database(exc) or sqlite_header(path):
            raise StorageError(f"{path}: a damaged SQLite database ({exc}); it is left as it is: restore it "
                               "from a copy, or build a new index with dedup index add") from exc
        raise NotAnIndexError(f"{path}: not a dedup index (not an SQLite database: {exc})") from exc
    if "settings" in tables:  # an older dedup's index (other columns) is named as such, not as a stranger's
        try:
            row = db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()
        except sqlite3.DatabaseError:
            row = None
        if row is not None:
            check_settings(row[0], path)
    foreign = sorted(t for t in tables if not t.startswith("sqlite_") and (
        t not in TABLES or [c[1] for c in db.execute(f"PRAGMA table_info({t})")] != TABLES[t]))
    if foreign:
        shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
        raise NotAnIndexError(f"{path}: an SQLite database of another program (tables {shown}), not a dedup "
                              "index; give another path")
    if not create and not _settings_stored(db, tables):
        if _being_made(db, path, tables):
            _wait_for_settings(db, path)
            check_tables(db, path, create)  # its tables and settings, as made
            return
        if "settings" in tables:
            raise NotAnIndexError(f"{path}: a dedup index left unmade (its tables made, its settings never written: "
                                  "its first dedup index add was stopped before); dedup index add makes it again")
        raise NotAnIndexError(f"{path}: not a dedup index (an empty database); dedup index add creates one")


#: Seconds a reader waits for the settings of an index whose tables are made but whose settings are not yet
#: written: its first ``index add`` writes them once it has read its corpus's common words (1-2 s for Reuters'
#: 19,043 stories at a light load, longer for more); checked every :data:`_SETTINGS_POLL` seconds.
SETTINGS_WAIT = 30.0
_SETTINGS_POLL = 0.1


def _settings_stored(db: sqlite3.Connection, tables: set[str]) -> bool:
    return "settings" in tables and db.execute("SELECT 1 FROM settings WHERE name = 'index'").fetchone() is not None


def _being_made(db: sqlite3.Connection, path: str, tables: set[str]) -> bool:
    """Whether another connection is making an index in this file now: its write-ahead log holds what that
    connection committed (a new index's tables, or its WAL mode alone before them), which the last connection
    to close folds into the file, leaving no log; a file holding a dedup index's tables and no settings
    otherwise was left by a first ``index add`` killed before it wrote them."""
    if tables and not set(TABLES) <= tables:
        return False
    wal = Path(path + "-wal")
    try:
        logged = wal.is_file() and wal.stat().st_size > 0
    except OSError:
        return False
    return logged and str(db.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal"


def _wait_for_settings(db: sqlite3.Connection, path: str) -> None:
    """Wait up to :data:`SETTINGS_WAIT` seconds for the settings of an index being made to be committed: a reader opened in that window (a ``stream --check-only`` or ``check`` started seconds after the
    first ``index add``) was told "not a dedup index (an empty database)", exit 1, of an index being made."""
    deadline = time.monotonic() + SETTINGS_WAIT
    while True:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        row = db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone() if "settings" in tables else None
        if row is not None:
            return
        if time.monotonic() >= deadline:
            raise NotAnIndexError(
                f"{path}: a dedup index being made, its settings not written after {SETTINGS_WAIT:g} s: another "
                "process's dedup index add may still be reading its corpus's common words (try again once it has "
                "added articles), or one stopped before it wrote them (dedup index add makes it again)")
        time.sleep(_SETTINGS_POLL)


def check_roots(db: sqlite3.Connection) -> None:
    """Refuse an index whose table or index B-trees have a damaged root page, as :data:`~dedup.errors.DAMAGED_INDEX`.

    SQLite notices a damaged page only when a statement reads it: a command that never read the
    postings table's root (``index remove`` or ``prune`` of an article whose postings wait in the
    recent segment, ``index stats`` with a damaged matches table) went on, and wrote into an index that
    every other command called damaged. Reading each root page through the ``dbstat`` table (its first
    row, ``LIMIT 1``: the root alone, not the tree) costs a dozen page reads at any size; SQLite's own
    ``PRAGMA quick_check`` reads every page (seconds for a large index). Pages below the roots are
    checked as statements read them, and a write that meets a damaged one is rolled back whole. On a
    SQLite built without ``dbstat``, each table's first row is read instead (its root and leftmost path).
    """
    try:
        names = [row[0] for row in db.execute(
            "SELECT name FROM sqlite_master WHERE rootpage > 0 AND type IN ('table', 'index') ORDER BY rootpage")]
        for name in names:
            try:
                row = db.execute("SELECT pagetype FROM dbstat WHERE name = ? LIMIT 1", (name,)).fetchone()
            except sqlite3.OperationalError as exc:
                if "dbstat" not in str(exc):
                    raise
                if name in TABLES:  # no dbstat: the table's first row, read from its root down
                    db.execute(f"SELECT 1 FROM {name} LIMIT 1").fetchone()
                continue
            if row is not None and row[0] not in ("internal", "leaf"):
                raise StorageError(DAMAGED_INDEX)
    except sqlite3.DatabaseError as exc:
        if damaged_database(exc):
            raise StorageError(DAMAGED_INDEX) from exc
        raise
