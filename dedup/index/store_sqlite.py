"""The SQLite backend of :mod:`dedup.index.store`: the embedded default, one file in WAL mode.

Every check-and-add runs in one ``BEGIN IMMEDIATE`` transaction, so two processes adding the same
article cannot both insert it, and a writer killed mid-add leaves no trace of the half-written article.
Postings live in a ``WITHOUT ROWID`` table keyed by ``(key, seq, span)``, beside the recent segment
that adds write to (:mod:`dedup.index.recent`).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import stat
import threading
from collections import OrderedDict
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

import numpy as np
import orjson

from dedup.errors import DAMAGED_INDEX, NotAnIndexError, StorageError, damaged_database, on_read_only_mount
from dedup.index import keyfilter
from dedup.index.keyfilter import KeyFilter
from dedup.index.recent import (HIGHEST, MERGE_AT, RecentPostings, bump_generation, encoded, insert_postings,
                                merge_threshold, set_merging, state)
from dedup.index.store import _ARTICLE_FIELDS, StoredArticle, StoredMatch, Stretch, check_settings, distinct, migrated

__all__ = ["SQLiteStorage"]

log = logging.getLogger(__name__)

_SCHEMA = """
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
_LOOKUP_CHUNK = 500
#: Stored articles whose stretches an open index keeps as last read: a form's dozens of stored look-alikes
#: are read back check after check (4,000-6,000 rows, about a microsecond each as Python tuples).
STRETCHES_KEPT = 4096
#: The postings of the keys ``?1`` (a JSON array) that hold at most ``?2`` articles in the table; a key
#: that holds more comes back as one row ``(key, NULL, NULL)`` and its postings are not read.
_BOUNDED_LOOKUP = (
    # materialised: each present key tested once (a subquery flattened into the join would test it again
    # for every posting of the key)
    "WITH k AS MATERIALIZED (SELECT value, "
    "(EXISTS (SELECT 1 FROM postings WHERE key = value LIMIT 1 OFFSET ?2) "
    "AND (SELECT count(*) FROM (SELECT DISTINCT seq FROM postings WHERE key = value LIMIT ?2 + 1)) > ?2) AS crowded "
    "FROM json_each(?1) WHERE EXISTS (SELECT 1 FROM postings WHERE key = value)) "
    "SELECT k.value, p.seq, p.span FROM k "
    "LEFT JOIN postings AS p ON NOT k.crowded AND p.key = k.value")
#: Bytes of the file read through a memory map (SQLite caps it at its compile-time limit, 2 GB by default).
_MMAP_BYTES = 1 << 31
#: Page cache per connection, KiB.
_CACHE_KIB = 65536
#: A recent row of more bytes than this (the postings of an article of ~15,000 characters or more) is written
#: through SQLite's incremental blob I/O, a slice at a time, not bound whole: a bound value is copied by SQLite,
#: and copied again into the row's record, before its pages are written (three copies of an article of a million
#: characters' 76 MB at once). The bytes stored are the same.
_BLOB_WRITTEN_AT = 1 << 20


class SQLiteStorage:
    """The embedded default: one SQLite file in WAL mode.

    Postings live in a ``WITHOUT ROWID`` table keyed by ``(key, seq, span)``: a lookup is one B-tree
    range per key and removing an article needs no second index (its keys are recomputed from its text).
    An article's postings are first written as one row of the ``recent`` table; once ``merge_at``
    articles wait, each add moves one key range of them into the postings table (:mod:`dedup.index.recent`).
    ``merge_at`` None (the default): the threshold grows with the articles stored
    (:func:`~dedup.index.recent.merge_threshold`).
    """

    def __init__(self, path: str, *, timeout: float = 30.0, create: bool = True, merge_at: int | None = None) -> None:
        _check_path(path, create)
        # a file that is not there yet is made here: when that fails (a full disk), it is said so, not that an
        # index there "cannot be opened", which reads as though one were there
        failed = "a new index cannot be made there" if path != ":memory:" and not Path(path).exists() \
            else "cannot be opened as an index"
        #: an index on a file system mounted read-only is read as it is, and never written (:func:`_connect`)
        self.read_only = path != ":memory:" and Path(path).exists() and on_read_only_mount(path)
        try:
            self._db = _connect(path, timeout, self.read_only)
        except sqlite3.DatabaseError as exc:
            raise StorageError(_not_writable(path) or f"{path}: {failed} ({exc})") from exc
        try:
            _check_tables(self._db, path, create)  # before the first write: WAL mode rewrites the header
            _check_roots(self._db)  # every command, writers too, refuses a damaged index before writing
            _set_up(self._db, self.read_only)
            if self.read_only:
                _check_readable_as_is(self._db, path)
            else:
                self._db.executescript(_SCHEMA)
                _migrate(self._db)
        except BaseException as exc:
            self._db.close()
            if isinstance(exc, sqlite3.DatabaseError):
                raise StorageError(_not_writable(path) or f"{path}: {failed} ({exc})") from exc
            raise
        self.path = path
        self._timeout = timeout
        self.merge_at = merge_at
        self._lock = threading.RLock()
        self._recent: RecentPostings | None = None  # the recent segment as last read (None: read it again)
        #: what a batch appended, not yet in the view: rows ``(id, seq, blob)`` and runs ready for it (:class:`_Run`)
        self._batch: list[tuple[int, int, bytes] | _Run] | None = None
        self._owed = 0  # merge steps owed for the adds of a batch
        self._seen = -1  # PRAGMA data_version when it was read: another connection's commit changes it
        self._keys: KeyFilter | None = None  # the postings table's key filter (None: read it when asked)
        #: stretches by seq as last read, valid while PRAGMA data_version is ``_kept_at`` (another
        #: connection's commit changes it); this connection's own writes are added to it (``_note``)
        self._kept: OrderedDict[int, tuple[tuple[int, int, int], ...]] = OrderedDict()
        self._kept_at = -1

    def read_settings(self) -> dict[str, Any] | None:
        row = self._db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()
        return check_settings(row[0] if row else None, self.path)

    def init_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        with self.writing():
            self._db.execute("INSERT OR IGNORE INTO settings VALUES ('index', ?)", (json.dumps(settings, sort_keys=True),))
        stored = self.read_settings()
        assert stored is not None
        return stored

    @contextmanager
    def writing(self, *, many: bool = False) -> Iterator[None]:
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
                raise StorageError(f"{self.path}: cannot lock the index for writing ({exc})") from exc
            try:
                if many:
                    self._recent_view()  # up to date now: nobody else commits until this transaction ends
                    self._batch, self._owed = [], 0
                yield
                if many:
                    self._end_batch()
            except BaseException as exc:
                self._db.execute("ROLLBACK")
                self._recent = None  # it may hold rows of the transaction rolled back
                self._keys = None
                self._kept.clear()
                if str(getattr(exc, "sqlite_errorname", "")).startswith("SQLITE_READONLY"):
                    raise StorageError(_read_only_file(self.path, exc)) from exc
                raise
            finally:
                self._batch = None
            self._db.execute("COMMIT")
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
        self._db = _connect(self.path, self._timeout, False)
        _set_up(self._db, False)
        self._recent, self._keys, self._seen, self._kept_at = None, None, -1, -1
        self._kept.clear()

    def _end_batch(self) -> None:
        """The merge steps owed for the batch's adds, as one wider step: the same postings move, in fewer
        statements (the view takes the batch's rows first, as one sorted run, not one per article)."""
        self._recent_view()
        if self._owed:
            self._merge_step(self._owed)
            self._owed = 0

    def lookup(self, keys: np.ndarray, *, most: int | None = None,
               arrays: bool = False) -> list[tuple[int, int, int]] | np.ndarray:
        unique = distinct(keys)
        with self._lock:
            recent = self._recent_view().rows(unique)
            asked = self._maybe_posted(unique)
            if most is not None:
                # a key is read when its (most + 1)-th posting does not exist, or else its (most + 1)-th
                # article: short B-tree walks (an article's postings of a key are neighbours, by seq), so
                # that a form's bucket of thousands of rows is neither read back nor counted in full
                # (the test runs once per key, before its rows are read: a join on the keys, not IN); most
                # keys have no posting at all: one seek finds that, before the walk and the join's seek.
                # A long article's neighbouring windows often share a key: its postings count once (the
                # articles are counted, not tested with EXISTS: SQLite drops a DISTINCT inside EXISTS).
                # A key crowded in the table comes back as one row (key, NULL, NULL): whether the recent
                # segment's rows of a key crowd it is then told without a second statement
                rows = self._db.execute(_BOUNDED_LOOKUP, (_json_keys(asked), most)).fetchall() if len(asked) else []
                crowded_here = {row[0] for row in rows if row[1] is None}
                if crowded_here:
                    rows = [row for row in rows if row[1] is not None]
            else:
                rows = []
                for lo in range(0, len(asked), _LOOKUP_CHUNK):
                    chunk = asked[lo : lo + _LOOKUP_CHUNK].tolist()
                    marks = ",".join("?" * len(chunk))
                    rows += self._db.execute(f"SELECT key, seq, span FROM postings WHERE key IN ({marks})", chunk).fetchall()
        if not len(recent):
            return np.array(rows, dtype=np.int64).reshape(-1, 3) if arrays else rows
        if most is not None:  # crowded by both places together: none of the key's rows, as for one place
            crowded = _crowded(recent, rows, crowded_here, most)
            if crowded:
                rows = [row for row in rows if row[0] not in crowded]
                recent = recent[np.array([key not in crowded for key in recent[:, 0].tolist()], dtype=bool)]
        if arrays:
            return np.concatenate([np.array(rows, dtype=np.int64).reshape(-1, 3), recent])
        return rows + [tuple(row) for row in recent.tolist()]

    def _maybe_posted(self, keys: np.ndarray) -> np.ndarray:
        """The ``keys`` the postings table may hold, by its key filter (:mod:`dedup.index.keyfilter`): a
        check's 170 keys hold postings there for a handful, and SQLite sought each (1.7 us a key). Called
        after :meth:`_recent_view`, which reads again the parts that other connections rewrote."""
        return keys[self._key_filter().may_hold(keys)]

    def merge(self) -> int:
        """Move the recent segment's postings into the postings table now (see :mod:`dedup.index.recent`);
        the number of articles whose postings moved."""
        with self.writing():
            view = self._recent_view()
            if not view.articles:
                return 0
            waiting = view.waiting()
            insert_postings(self._db, waiting)
            self._key_filter().add(self._db, waiting[:, 0])
            self._db.execute("DELETE FROM recent")
            set_merging(self._db, None)
            bump_generation(self._db)
            self._recent = None
        return view.articles

    def _append(self, seq: int, postings: Sequence[tuple[int, int]] | np.ndarray) -> None:
        """Add an article's postings to the recent segment (inside a write transaction), and to the view
        of it, read up to date first: rows of other connections come before this one's."""
        pairs = encoded(postings)
        if self._batch is not None:  # the view takes the batch's rows at its end
            blob = pairs.astype("<i8").tobytes()  # encode(postings)
            row = self._insert_recent(None, seq, blob)
            self._batch.append((row, seq, blob))
            self._owed += 1
            return
        view = self._recent_view()
        # the pairs bound as they are (the bytes of encode(postings), no copy on a little-endian machine): an
        # article of a million characters has millions of postings, and two copies of them in bytes were
        # held while the view took them (peak memory of an add, not its answers)
        row = self._insert_recent(None, seq, memoryview(np.ascontiguousarray(pairs, dtype="<i8")))
        view.append(row, seq, pairs)

    def _insert_recent(self, row: int | None, seq: int, blob: bytes | memoryview) -> int:
        """A row of the recent table (``row``: its id; None: the next), its rowid: a large one
        (:data:`_BLOB_WRITTEN_AT`) made of zeros and written over a slice at a time, the others bound."""
        data = memoryview(blob).cast("B")
        if data.nbytes <= _BLOB_WRITTEN_AT:
            return int(self._db.execute("INSERT INTO recent (id, seq, postings) VALUES (?, ?, ?)",
                                        (row, seq, blob)).lastrowid or 0)
        made = int(self._db.execute("INSERT INTO recent (id, seq, postings) VALUES (?, ?, zeroblob(?))",
                                    (row, seq, data.nbytes)).lastrowid or 0)
        with self._db.blobopen("recent", "postings", made) as written:
            for start in range(0, data.nbytes, _BLOB_WRITTEN_AT):
                written.write(data[start:start + _BLOB_WRITTEN_AT])
        return made

    def _merge_step(self, steps: int = 1) -> None:
        """One step of merging, after an add (inside its write transaction): once the threshold's articles
        wait (:meth:`_merge_ranges`), their postings move into the postings table one key range at a time,
        one range per add, as many ranges as the threshold: each add inserts ~180 postings sorted into one
        narrow stretch of the B-tree (a few leaf pages), and no add pays for a whole merge. The last step
        deletes the merged rows.
        ``steps``: the steps of that many adds at once (a batch's), as one range. Steps end on the key
        filter's part boundaries (:func:`step_end`): each part is rewritten once a merge."""
        view = self._recent
        if view is None:
            return
        upto, below = view.moved
        if below == HIGHEST:  # no merge in progress: start one when enough wait
            floor = MERGE_AT if self.merge_at is None else self.merge_at  # below it, no query for the threshold
            if view.articles < floor or view.articles < self._merge_ranges():
                return
            upto, below = view.last_id, -HIGHEST
        high = step_end(below, steps, self._merge_ranges())
        moving = view.between(below, high, upto)
        insert_postings(self._db, moving)
        self._key_filter().add(self._db, moving[:, 0])
        if high < HIGHEST:
            set_merging(self._db, (upto, high))
            view.moved = (upto, high)
            return
        self._db.execute("DELETE FROM recent WHERE id <= ?", (upto,))
        set_merging(self._db, None)
        bump_generation(self._db)
        view.drop(upto, state(self._db)[0])

    def _merge_ranges(self) -> int:
        """The waiting articles that start a merge, and the key ranges (adds) it is made in: ``merge_at``, or
        as many as :func:`~dedup.index.recent.merge_threshold` gives for the articles numbered so far (the
        largest ``seq``: one B-tree seek; removed articles count, as they are few). Asked again at each step:
        a merge's ranges widen a little as the articles stored during it raise the threshold, and a step
        starts where the last one ended, so every posting waiting still moves once."""
        if self.merge_at is not None:
            return self.merge_at
        return merge_threshold(int(self._db.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0]))

    def _key_filter(self) -> KeyFilter:
        if self._keys is None:
            self._keys = KeyFilter.load(self._db)
        return self._keys

    def _recent_view(self) -> RecentPostings:
        """The recent segment, read again where it changed: rows appended since (by any connection), or
        all of it after a merge or a removal (a new generation); and the key filter's parts that other
        connections' merge steps rewrote since (all of them in a new generation)."""
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        view = self._recent
        if view is None or version != self._seen:  # else nobody else committed since; its own rows it adds itself
            current, merging = state(self._db)
            moved = merging or (0, HIGHEST)
            if view is None or view.generation != current:
                view = RecentPostings(current)
                self._keys = None  # read when next asked, after the state: it holds at least what moved
            elif self._keys is not None and moved != view.moved:  # merge steps of another connection
                upto, below = view.moved
                start = below if moved[0] == upto and below != HIGHEST else -HIGHEST
                self._keys.reload(self._db, keyfilter.parts_between(start, moved[1]))
            view.moved = moved
            view.extend(self._db.execute("SELECT id, seq, postings FROM recent WHERE id > ? ORDER BY id", (view.last_id,)))
            self._recent, self._seen = view, version
            if self._batch:  # read with the rest: rows after last_id, or all of a new generation's
                self._batch.clear()
        elif self._batch:  # a batch's rows appended since, as one run (a run made already taken as it is)
            rows: list[tuple[int, int, bytes]] = []
            for entry in [*self._batch, None]:  # in the order appended: the rows between runs as one run
                if not isinstance(entry, tuple) and rows:
                    view.extend(rows)
                    rows = []
                if isinstance(entry, _Run):
                    view.extend_sorted(entry.ids, entry.columns)
                elif entry is not None:
                    rows.append(entry)
            self._batch.clear()
        return view

    def present(self, keys: np.ndarray) -> set[int]:
        unique = distinct(keys)
        with self._lock:
            recent = self._recent_view().rows(unique)  # first: it reads again what other connections merged
            asked = self._maybe_posted(unique)
            rows = self._db.execute(
                "SELECT value FROM json_each(?) AS k WHERE EXISTS (SELECT 1 FROM postings WHERE key = k.value)",
                (_json_keys(asked),)).fetchall() if len(asked) else []
        return {int(r[0]) for r in rows} | set(recent[:, 0].tolist())

    def articles(self, seqs: Sequence[int]) -> dict[int, StoredArticle]:
        out: dict[int, StoredArticle] = {}
        wanted = sorted(set(seqs))
        with self._lock:
            for lo in range(0, len(wanted), _LOOKUP_CHUNK):
                chunk = wanted[lo : lo + _LOOKUP_CHUNK]
                marks = ",".join("?" * len(chunk))
                for row in self._db.execute(f"SELECT seq, {', '.join(_ARTICLE_FIELDS)} FROM articles WHERE seq IN ({marks})", chunk):
                    out[row[0]] = StoredArticle(row[0], *row[1:])
        return out

    def find(self, *, id: str | None = None, content_hash: str | None = None) -> StoredArticle | None:
        column, value = ("id", id) if id is not None else ("content_hash", content_hash)
        with self._lock:
            row = self._db.execute(f"SELECT seq, {', '.join(_ARTICLE_FIELDS)} FROM articles WHERE {column} = ?", (value,)).fetchone()
        return StoredArticle(row[0], *row[1:]) if row else None

    def insert(self, article: StoredArticle, postings: Sequence[tuple[int, int]] | np.ndarray, matches: Sequence[StoredMatch],
               stretches: Sequence[Stretch] = ()) -> tuple[bool, int]:
        with self.writing():
            row = article.to_row()
            # stored unless its id or its text is stored already (both unique): one statement, not two
            # lookups before it; which one it is is looked up only then, the id first
            cur = self._db.execute(
                f"INSERT INTO articles ({', '.join(row)}) VALUES ({','.join('?' * len(row))}) ON CONFLICT DO NOTHING",
                tuple(row.values()))
            if not cur.rowcount:
                existing = self.find(id=article.id) or self.find(content_hash=article.content_hash)
                assert existing is not None  # the only constraints that make an insert do nothing
                return False, existing.seq
            seq = int(cur.lastrowid or 0)
            if len(postings):
                # the postings as given are let go once encoded (millions for an article of a million characters)
                postings = encoded(postings)
                self._append(seq, postings)
            if matches:  # most articles have none: no statement to prepare
                self._db.executemany(
                    "INSERT OR REPLACE INTO matches VALUES (?, ?, ?, ?, ?)",
                    [(seq, m.other, m.verdict, ",".join(m.channels), json.dumps(m.evidence)) for m in matches],
                )
            if stretches:
                rows = [(o or seq, a, b, p or seq) for o, a, b, p in stretches]
                self._db.executemany("INSERT OR IGNORE INTO stretches VALUES (?, ?, ?, ?)", rows)
                self._note(rows)
            if len(postings) and self._batch is None:
                self._merge_step()
        return True, seq

    def next_seq(self) -> int:
        """The ``seq`` the next article stored gets: SQLite gives a new row the largest rowid plus one (1 in an
        empty table). Asked inside a write transaction, it numbers a batch's articles before they are stored
        (:meth:`insert_batch`)."""
        return int(self._db.execute("SELECT coalesce(max(seq), 0) + 1 FROM articles").fetchone()[0])

    def insert_batch(self, rows: Sequence[tuple[StoredArticle, np.ndarray, Sequence[StoredMatch], Sequence[Stretch]]], *,
                     run: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> None:
        """:meth:`insert` of each ``(article, postings, matches, stretches)`` of a batch (``add_many``, inside
        ``writing(many=True)``), articles stored under none of their ids or texts yet, numbered from
        :meth:`next_seq` on in ``article.seq``: the same rows, in one statement per table instead of four
        an article (the rowids SQLite would give them, given explicitly).

        ``run``: the rows' postings, each row's already as :func:`~dedup.index.recent.encoded` gives them, also
        as one run by key, ``(key, row, span)`` (:func:`~dedup.index.store.batch_postings`): the recent view takes
        that run as it is, instead of reading each row's postings back and sorting them all again.

        Called by the thread that holds the batch's transaction, or by one it waits for meanwhile (it stores
        the batch while the batch's pairs are verified): the lock that thread holds is not taken again."""
        if self._batch is None:  # not a batch's: stored one by one (each add's merge step after it)
            for article, postings, found, spans in rows:
                self.insert(article, postings, found, spans)
            return
        first = self.next_seq()
        if [row[0].seq for row in rows] != list(range(first, first + len(rows))):  # a bug, never data
            raise AssertionError("a batch's articles are numbered from next_seq()")
        self._db.executemany(
            f"INSERT INTO articles (seq, {', '.join(_ARTICLE_FIELDS)}) VALUES ({','.join('?' * (len(_ARTICLE_FIELDS) + 1))})",
            [(article.seq, *article.to_row().values()) for article, *_ in rows])
        # the encoded pairs given (a run with them) are bound as they are (the bytes of encode(postings)): no
        # copy in bytes of an article's millions of postings (the view takes the run, not these rows)
        blob = (lambda p: memoryview(np.ascontiguousarray(p, dtype="<i8"))) if run is not None \
            else (lambda p: encoded(p).astype("<i8").tobytes())
        posted = [(k, article.seq, blob(postings)) for k, (article, postings, *_) in enumerate(rows) if len(postings)]
        row_id = int(self._db.execute("SELECT coalesce(max(id), 0) + 1 FROM recent").fetchone()[0])
        appended = [(row_id + k, seq, data) for k, (_, seq, data) in enumerate(posted)]
        self._db.executemany("INSERT INTO recent (id, seq, postings) VALUES (?, ?, ?)",
                             [row for row in appended if memoryview(row[2]).nbytes <= _BLOB_WRITTEN_AT])
        for row in appended:
            if memoryview(row[2]).nbytes > _BLOB_WRITTEN_AT:
                self._insert_recent(*row)
        if run is None:
            self._batch.extend(appended)  # the view takes the batch's rows at its end
        elif appended:
            self._batch.append(_Run.of(run, [k for k, *_ in posted], [row[0].seq for row in rows], row_id))
        self._owed += len(appended)
        self._insert_matches([(article.seq, found) for article, _, found, _ in rows])
        stretches = [(o or article.seq, a, b, p or article.seq) for article, _, _, spans in rows for o, a, b, p in spans]
        if stretches:
            self._db.executemany("INSERT OR IGNORE INTO stretches VALUES (?, ?, ?, ?)", stretches)
            self._note(stretches)

    def settle(self) -> None:
        """The recent segment's upkeep that a batch's articles stored so far owe (the view takes their rows,
        and the merge steps of their adds are made), now rather than when the batch's transaction ends.
        Called as :meth:`insert_batch` is (by the thread holding the batch's transaction, or one it waits for)."""
        if self._batch is not None:
            self._end_batch()

    def insert_matches(self, rows: Sequence[tuple[int, Sequence[StoredMatch]]]) -> None:
        """The matches ``(seq, matches)`` of articles stored already (a batch's, once verified)."""
        with self.writing():
            self._insert_matches(rows)

    def _insert_matches(self, rows: Sequence[tuple[int, Sequence[StoredMatch]]]) -> None:
        matches = [(seq, m.other, m.verdict, ",".join(m.channels), json.dumps(m.evidence)) for seq, found in rows for m in found]
        if matches:
            self._db.executemany("INSERT OR REPLACE INTO matches VALUES (?, ?, ?, ?, ?)", matches)

    def stretches(self, seqs: Sequence[int]) -> dict[int, list[tuple[int, int, int]]]:
        """The rows of ``seqs``, those read before from what this connection kept (:data:`STRETCHES_KEPT`
        articles, with the rows it has written since; all dropped when another connection has committed
        since, or a write of its own was rolled back), the others from the table."""
        out: dict[int, list[tuple[int, int, int]]] = {}
        with self._lock:
            version = self._db.execute("PRAGMA data_version").fetchone()[0]
            if version != self._kept_at:
                self._kept.clear()
                self._kept_at = version
            wanted = []
            for seq in sorted(set(seqs)):
                kept = self._kept.get(seq)
                if kept is None:
                    wanted.append(seq)
                else:
                    self._kept.move_to_end(seq)
                    if kept:
                        out[seq] = list(kept)
            read: dict[int, list[tuple[int, int, int]]] = {}
            for lo in range(0, len(wanted), _LOOKUP_CHUNK):
                chunk = wanted[lo : lo + _LOOKUP_CHUNK]
                marks = ",".join("?" * len(chunk))
                for seq, a, b, p in self._db.execute(
                        f"SELECT seq, lo, hi, partner FROM stretches WHERE seq IN ({marks}) ORDER BY seq, lo, hi, partner",
                        chunk):
                    read.setdefault(seq, []).append((a, b, p))
            for seq in wanted:  # an article without stretches is kept too: most of a form's look-alikes have some
                found = read.get(seq)
                self._kept[seq] = tuple(found) if found else ()
                if found:
                    out[seq] = found
            while len(self._kept) > STRETCHES_KEPT:
                self._kept.popitem(last=False)
        return {seq: out[seq] for seq in sorted(out)}

    def _note(self, rows: Sequence[Stretch]) -> None:
        """Rows ``(seq, lo, hi, partner)`` written to the table, added to the kept stretches of their
        articles as the table holds them (in order, each once): an add writes rows for the stored forms
        it met, which the next check reads again."""
        written: dict[int, list[tuple[int, int, int]]] = {}
        for seq, a, b, p in rows:
            if seq in self._kept:
                written.setdefault(seq, []).append((int(a), int(b), int(p)))
        for seq, found in written.items():
            kept = self._kept[seq]
            merged = set(kept).union(found)
            if len(merged) > len(kept):
                self._kept[seq] = tuple(sorted(merged))

    def matches(self, seq: int) -> list[StoredMatch]:
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, other, verdict, channels, evidence FROM matches WHERE seq = ? OR other = ? ORDER BY seq, other",
                (seq, seq),
            ).fetchall()
        return [StoredMatch(a, b, v, tuple(c.split(",")) if c else (), json.loads(e)) for a, b, v, c, e in rows]

    def delete(self, seq: int, keys: np.ndarray) -> None:
        with self.writing():
            self._db.executemany("DELETE FROM postings WHERE key = ? AND seq = ?", [(int(k), seq) for k in np.unique(keys)])
            if self._db.execute("DELETE FROM recent WHERE seq = ?", (seq,)).rowcount:
                bump_generation(self._db)  # row numbers may be given again: every open view reads it anew
                self._recent = None
            self._db.execute("DELETE FROM matches WHERE seq = ? OR other = ?", (seq, seq))
            self._db.execute("DELETE FROM stretches WHERE seq = ? OR partner = ?", (seq, seq))
            self._kept.clear()  # the rows of every partner of it go too
            self._db.execute("DELETE FROM articles WHERE seq = ?", (seq,))

    def older_than(self, timestamp: float) -> list[tuple[int, str]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, id FROM articles WHERE coalesce(published_ts, added_ts) < ? ORDER BY seq", (timestamp,)
            ).fetchall()
        return [(int(s), str(i)) for s, i in rows]

    def stats(self) -> dict[str, Any]:
        with self._lock:
            count = lambda sql: int(self._db.execute(sql).fetchone()[0])  # noqa: E731
            page = count("PRAGMA page_size") * count("PRAGMA page_count")
            return {
                "backend": "sqlite",
                "location": self.path,
                "articles": count("SELECT count(*) FROM articles"),
                "postings": count("SELECT count(*) FROM postings") + self._recent_view().waiting_count(),
                "matches": count("SELECT count(*) FROM matches"),
                "bytes": page,
                # pages freed by merged recent rows (or removals), reused by the next adds
                "free_bytes": count("PRAGMA page_size") * count("PRAGMA freelist_count"),
            }

    def integrity(self) -> str:
        """``PRAGMA integrity_check``: ``"ok"`` for a sound file."""
        with self._lock:
            return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()


class _Run:
    """A batch's postings ready for the recent view (:meth:`RecentPostings.extend_sorted`): the ids of the
    ``recent`` rows written, in order, and the ``(key, seq, span, id)`` columns sorted by key, as the view
    makes a run of those rows."""

    __slots__ = ("ids", "columns")

    def __init__(self, ids: list[int], columns: tuple[np.ndarray, ...]) -> None:
        self.ids, self.columns = ids, columns

    @classmethod
    def of(cls, run: tuple[np.ndarray, np.ndarray, np.ndarray], posted: list[int], seqs: list[int],
           first_id: int) -> "_Run":
        """The run of a batch's rows: ``run``'s ``(key, row, span)``, ``posted`` the rows (positions) that hold
        postings, given ids from ``first_id`` on in order, ``seqs`` every row's seq."""
        key, row, span = run
        ids = np.zeros(len(seqs), dtype=np.int64)
        ids[posted] = first_id + np.arange(len(posted), dtype=np.int64)
        if len(seqs) == 1:  # one row's seq and id, the same for each of its postings, held once (as append does)
            return cls(ids[posted].tolist(), (key, np.broadcast_to(np.int64(seqs[0]), key.shape), span,
                                              np.broadcast_to(ids[0], key.shape)))
        return cls(ids[posted].tolist(), (key, np.asarray(seqs, dtype=np.int64)[row], span, ids[row]))


def _schema_columns() -> dict[str, list[str]]:
    """Our tables and their columns, as the schema makes them: anything else in a file is another program's."""
    db = sqlite3.connect(":memory:")
    db.executescript(_SCHEMA)
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    columns = {t: [c[1] for c in db.execute(f"PRAGMA table_info({t})")] for t in tables}
    db.close()
    return columns


_TABLES = _schema_columns()


def _set_up(db: sqlite3.Connection, read_only: bool) -> None:
    """A connection's settings: WAL and NORMAL (durable against process crashes) unless read-only, a memory
    map and a larger page cache (a check seeks ~170 band keys in the postings B-tree: pages read through
    them take a third off the lookup; per connection, nothing stored)."""
    if not read_only:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
    db.execute(f"PRAGMA mmap_size={_MMAP_BYTES}")
    db.execute(f"PRAGMA cache_size=-{_CACHE_KIB}")


def _check_path(path: str, create: bool) -> None:
    if path == ":memory:":
        return
    if path == "":  # Path("") is the current folder; SQLite would open a private temporary database
        raise NotAnIndexError(f"{path!r}: an empty index location; give a file path or a redis:// URL")
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
_WHAT_AN_INDEX_IS = "a dedup index is an SQLite file made by `dedup index add`"


def _check_file(path: str, create: bool) -> None:
    """Refuse, before SQLite opens it, a path that holds no index and that SQLite would misread or write
    beside: a device (``/dev/null``: SQLite made a ``/dev/null-journal``), a pipe (SQLite called it
    a "disk I/O error"), a file of another kind, an empty file (made by another program, or by mistake: it is
    not taken over). Called by :func:`_check_path` for a path that exists and is no folder."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):  # gone meanwhile (or a name the system refuses): SQLite says which
        return
    if not stat.S_ISREG(mode):
        kind = ("a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a pipe" if stat.S_ISFIFO(mode)
                else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
        raise NotAnIndexError(f"{path}: {kind}, not a dedup index ({_WHAT_AN_INDEX_IS}); give a file path")
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
            raise NotAnIndexError(f"{path}: an empty file, not a dedup index ({_WHAT_AN_INDEX_IS})")
        raise NotAnIndexError(f"{path}: an empty file, not a dedup index; it is left as it is: give a path that "
                              "does not exist yet, or delete the file, for an index to be made there")
    if head != _SQLITE_MAGIC:
        raise NotAnIndexError(f"{path}: not an SQLite database, so not a dedup index ({_WHAT_AN_INDEX_IS}); "
                              "it is left as it is: give another path")


#: SQLite's primary result codes for a file it may not write or create: SQLITE_READONLY, SQLITE_CANTOPEN.
_REFUSED = (8, 14)


def _connect(path: str, timeout: float, read_only: bool) -> sqlite3.Connection:
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


def _check_readable_as_is(db: sqlite3.Connection, path: str) -> None:
    """Refuse an index on a read-only file system that this version reads only once it is brought up to date:
    tables missing (an empty SQLite file) or an older format, which opening it where it can be written would
    bring to this one (:func:`_migrate`)."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    row = db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone() if "settings" in tables else None
    if row is None:
        raise NotAnIndexError(f"{path}: a dedup index without its settings, on a read-only file system where "
                              f"nothing can be added to it ({_WHAT_AN_INDEX_IS})")
    missing = sorted(set(_TABLES) - tables)
    if missing:
        raise StorageError(f"{path}: a dedup index without its table{'s' * (len(missing) > 1)} {', '.join(missing)}, on a "
                           "read-only file system where they cannot be made: open it once where it can be written")
    if migrated(json.loads(row[0])) is not None:
        raise StorageError(f"{path}: an index of an older format, on a read-only file system: open it once where it "
                           "can be written, which brings it to this version's format, then check it here")


def _read_only_file(path: str, exc: BaseException) -> str:
    """What a write to an index that opened but cannot be written says: a file of another user's, read-only
    to this one in a folder it may write (SQLite opens it read-only, and reads it through the -wal and -shm
    files it makes beside it): it was "the index file cannot be written (attempt to write a readonly
    database)", naming neither the file nor what to do."""
    return (f"{path}: the file is read-only to this user ({exc}), so the index can be checked (dedup check, stream "
            "--check-only) but not written to (added to, removed from, merged): give write access to it, or run as its "
            "owner; nothing was changed")


def _not_writable(path: str) -> str | None:
    """Why the index at ``path`` cannot be written, when permissions say so (else None): SQLite writes the
    index's -wal and -shm files beside it even to read it, so a read-only file or folder fails either way."""
    target = Path(path)
    if not target.exists() and on_read_only_mount(str(target.parent)):  # "give write access" cures nothing there
        return f"{path}: its folder {target.parent} is on a read-only file system; a new index cannot be made there"
    why = (f"its folder {target.parent} is not writable" if not os.access(target.parent, os.W_OK | os.X_OK)
           else "the file is read-only" if target.exists() and not os.access(target, os.W_OK) else None)
    return None if why is None else (f"{path}: {why}; an index is written to even when checked (SQLite keeps "
                                     "its -wal and -shm files beside it): give write access to both")


def _migrate(db: sqlite3.Connection) -> None:
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


def _check_tables(db: sqlite3.Connection, path: str, create: bool) -> None:
    """Refuse a file that is not a dedup index, naming what it is, before anything is written to it."""
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:  # "file is not a database": some other kind of file
        refused = _not_writable(path) if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in _REFUSED else None
        if refused:  # reading an index in WAL mode writes its -shm file: an index, but one it may not write
            raise StorageError(refused) from exc
        if damaged_database(exc) or _sqlite_header(path):
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
        t not in _TABLES or [c[1] for c in db.execute(f"PRAGMA table_info({t})")] != _TABLES[t]))
    if foreign:
        shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
        raise NotAnIndexError(f"{path}: an SQLite database of another program (tables {shown}), not a dedup "
                              "index; give another path")
    if not create and ("settings" not in tables or db.execute(
            "SELECT 1 FROM settings WHERE name = 'index'").fetchone() is None):
        raise NotAnIndexError(f"{path}: not a dedup index (an empty database); dedup index add creates one")


def _check_roots(db: sqlite3.Connection) -> None:
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
                if name in _TABLES:  # no dbstat: the table's first row, read from its root down
                    db.execute(f"SELECT 1 FROM {name} LIMIT 1").fetchone()
                continue
            if row is not None and row[0] not in ("internal", "leaf"):
                raise StorageError(DAMAGED_INDEX)
    except sqlite3.DatabaseError as exc:
        if damaged_database(exc):
            raise StorageError(DAMAGED_INDEX) from exc
        raise


def _sqlite_header(path: str) -> bool:
    """Whether the file opens with SQLite's header: a database, whatever else went wrong with it."""
    try:
        with open(path, "rb") as file:
            return file.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def step_end(below: int, steps: int, ranges: int) -> int:
    """Where a merge step that starts at key ``below`` ends (keys below it move): ``steps`` more of the
    ``ranges`` equal ranges the key space is cut into, moved to the nearest boundary of the key filter's
    parts (:mod:`dedup.index.keyfilter`; :data:`HIGHEST` past the last key). A range of 10,000 is 1.6
    parts: ending wherever it fell, a step rewrote the part it ended in and the next step rewrote it
    again, 2.6 parts a step, and a part made by one step with half its keys was made again from the
    table's keys by the next (about a third of the steps of a first merge). Ending on a boundary, each
    part is rewritten once a merge; the merge still takes ``ranges`` steps. Ranges finer than the parts
    end where they fall.

    >>> step_end(-HIGHEST, 1, 4) == -(1 << 62) and step_end(-HIGHEST, 4, 4) == HIGHEST
    True
    """
    width = -(-(1 << 64) // ranges)  # at least the key space over `ranges`: `ranges` steps cover it
    start = below + HIGHEST  # from the lowest key: 0 to 2**64
    part = 1 << (64 - keyfilter.PART_BITS)
    if width < part:
        return min(below + steps * width, HIGHEST)
    done = (start + width // 2) // width  # the steps taken: `below` is within half a part of their end
    end = ((done + steps) * width + part // 2) // part * part
    if end <= start:  # a merge begun by a version whose steps ended between boundaries: onwards all the same
        end = (start // part + 1) * part
    return min(end - HIGHEST, HIGHEST)


def _json_keys(keys: np.ndarray) -> str:
    """Band keys as the JSON array a lookup hands ``json_each``: written by orjson straight from the
    int64 array, 6 us for an article's 600 keys against 66 us through ``json.dumps`` of a list. Text, not
    bytes: SQLite 3.45 and later read a BLOB argument of its JSON functions as its binary JSON."""
    return orjson.dumps(np.ascontiguousarray(keys, dtype=np.int64), option=orjson.OPT_SERIALIZE_NUMPY).decode()


def _crowded(recent: np.ndarray, rows: Sequence[tuple[int, int, int]], crowded_here: set[int], most: int) -> set[int]:
    """Keys of the ``recent`` rows with more than ``most`` articles in both places together: those the
    table alone crowds (``crowded_here``), and those whose recent articles and the table's (its ``rows``
    read by the lookup: every row of a key it does not crowd) are more together. An article's postings of
    a key are all in one place (a merge moves a key's rows together).

    A key's articles are at most its rows: when no key has more than ``most`` rows in both places and the
    table crowds none, none is crowded, told by one sort of the keys (most lookups: a check's few dozen
    rows), not by counting each key's distinct articles in both places (0.1 ms). No key has more rows than
    there are rows: when they are at most ``most`` together (nearly half of the Reuters lookups), not
    even the sort is needed."""
    if not crowded_here and (len(recent) + len(rows) <= most or _most_rows(recent[:, 0], rows) <= most):
        return set()
    keys, count = articles_per_key(recent)
    table, held = articles_per_key(np.array(rows, dtype=np.int64).reshape(-1, 3))
    if len(table):
        at = np.minimum(np.searchsorted(table, keys), len(table) - 1)
        count = count + np.where(table[at] == keys, held[at], 0)
    return set(keys[count > most].tolist()) | (crowded_here & set(keys.tolist()))


def _most_rows(recent: np.ndarray, rows: Sequence[tuple[int, int, int]]) -> int:
    """The most rows one key has among the keys ``recent`` and the ``rows``' keys."""
    total = len(recent) + len(rows)
    if total < 2:
        return total
    keys = np.concatenate([recent, np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))])
    keys.sort()
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    return int(np.diff(np.append(starts, total)).max())


def articles_per_key(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys of ``(key, seq, ...)`` rows, sorted, and how many distinct articles each holds.
    What ``np.unique`` of the distinct ``(key, seq)`` pairs gives, by one sort: ``np.unique`` along an axis
    views each row as one structured value and cost 0.1-0.4 ms for the few dozen rows of a lookup."""
    if not len(rows):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    key, seq = rows[:, 0], rows[:, 1]
    order = np.lexsort((seq, key))
    key, seq = key[order], seq[order]
    step = np.empty(len(key), dtype=bool)  # a new key, and a new (key, seq)
    step[0] = True
    np.not_equal(key[1:], key[:-1], out=step[1:])
    starts = np.flatnonzero(step)
    step[1:] |= seq[1:] != seq[:-1]
    pairs = np.cumsum(step)  # distinct (key, seq) pairs up to each row
    ends = np.append(starts[1:], len(key)) - 1
    return key[starts], pairs[ends] - pairs[starts] + 1
