"""The SQLite backend of :mod:`dedup.index.store`: the embedded default, one file in WAL mode.

Every check-and-add runs in one ``BEGIN IMMEDIATE`` transaction, so two processes adding the same
article cannot both insert it, and a writer killed mid-add leaves no trace of the half-written article.
Postings live in a ``WITHOUT ROWID`` table keyed by ``(key, seq, span)``, beside the recent segment
that adds write to (:mod:`dedup.index.recent`).

The parts: the file (:mod:`dedup.index.sqlite_file`), its tables (:mod:`dedup.index.sqlite_schema`), the
postings and the recent segment (:mod:`dedup.index.sqlite_postings`), the write transactions
(:mod:`dedup.index.sqlite_writing`); here the articles, their matches and stretches.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from dedup.errors import DAMAGED_INDEX, StorageError, damaged_database, on_read_only_mount
from dedup.index.keyfilter import KeyFilter
from dedup.index.recent import RecentPostings, encoded
from dedup.index.recent_table import bump_generation
from dedup.index.sqlite_file import check_path, connect, not_writable, set_up
from dedup.index.sqlite_postings import LOOKUP_CHUNK, Run
from dedup.index.sqlite_schema import SCHEMA, check_readable_as_is, check_roots, check_tables, migrate
from dedup.index.sqlite_writing import SQLiteWriting
from dedup.index.store import ARTICLE_FIELDS, StoredArticle, StoredMatch, Stretch, check_settings

__all__ = ["SQLiteStorage"]

#: Stored articles whose stretches an open index keeps as last read: a form's dozens of stored look-alikes
#: are read back check after check (4,000-6,000 rows, about a microsecond each as Python tuples).
STRETCHES_KEPT = 4096


class SQLiteStorage(SQLiteWriting):
    """The embedded default: one SQLite file in WAL mode.

    Postings live in a ``WITHOUT ROWID`` table keyed by ``(key, seq, span)``: a lookup is one B-tree
    range per key and removing an article needs no second index (its keys are recomputed from its text).
    An article's postings are first written as one row of the ``recent`` table; once ``merge_at``
    articles wait, each add moves one key range of them into the postings table (:mod:`dedup.index.recent`).
    ``merge_at`` None (the default): the threshold grows with the articles stored
    (:func:`~dedup.index.recent.merge_threshold`).
    """

    def __init__(self, path: str, *, timeout: float = 30.0, create: bool = True, merge_at: int | None = None) -> None:
        check_path(path, create)
        # a file that is not there yet is made here: when that fails (a full disk), it is said so, not that an
        # index there "cannot be opened", which reads as though one were there
        failed = "a new index cannot be made there" if path != ":memory:" and not Path(path).exists() \
            else "cannot be opened as an index"
        #: an index on a file system mounted read-only is read as it is, and never written (:func:`~dedup.index.sqlite_file.connect`)
        self.read_only = path != ":memory:" and Path(path).exists() and on_read_only_mount(path)
        try:
            self._db = connect(path, timeout, self.read_only)
        except sqlite3.DatabaseError as exc:
            raise StorageError(not_writable(path) or f"{path}: {failed} ({exc})") from exc
        try:
            check_tables(self._db, path, create)  # before the first write: WAL mode rewrites the header
            check_roots(self._db)  # every command, writers too, refuses a damaged index before writing
            set_up(self._db, self.read_only)
            if self.read_only:
                check_readable_as_is(self._db, path)
            else:
                self._db.executescript(SCHEMA)
                migrate(self._db)
        except BaseException as exc:
            self._db.close()
            if isinstance(exc, sqlite3.DatabaseError) and damaged_database(exc):  # its settings' text not UTF-8
                raise StorageError(DAMAGED_INDEX) from exc
            if isinstance(exc, sqlite3.DatabaseError):
                raise StorageError(not_writable(path) or f"{path}: {failed} ({exc})") from exc
            raise
        self.path = path
        self._timeout = timeout
        self.merge_at = merge_at
        self._lock = threading.RLock()
        self._recent: RecentPostings | None = None  # the recent segment as last read (None: read it again)
        #: what a batch appended, not yet in the view: rows ``(id, seq, blob)`` and runs ready for it (:class:`Run`)
        self._batch: list[tuple[int, int, bytes] | Run] | None = None
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

    def articles(self, seqs: Sequence[int]) -> dict[int, StoredArticle]:
        out: dict[int, StoredArticle] = {}
        wanted = sorted(set(seqs))
        with self._lock:
            for lo in range(0, len(wanted), LOOKUP_CHUNK):
                chunk = wanted[lo : lo + LOOKUP_CHUNK]
                marks = ",".join("?" * len(chunk))
                for row in self._db.execute(f"SELECT seq, {', '.join(ARTICLE_FIELDS)} FROM articles WHERE seq IN ({marks})", chunk):
                    out[row[0]] = StoredArticle(row[0], *row[1:])
        return out

    def stored_of(self, ids: Sequence[str], hashes: Sequence[str]) -> tuple[dict[str, str], set[str]]:
        """Of ``ids``, those stored, with their texts' content hashes; of ``hashes``, those stored: what
        :meth:`find` of each tells a batch's plan (:func:`dedup.index.bulk.add_batch`), in one statement
        per :data:`~dedup.index.sqlite_postings.LOOKUP_CHUNK` values (two a batch's article were 30,000
        statements a load of 15,000)."""
        by_id: dict[str, str] = {}
        held: set[str] = set()
        with self._lock:
            for column, values in (("id", sorted(set(ids))), ("content_hash", sorted(set(hashes)))):
                for lo in range(0, len(values), LOOKUP_CHUNK):
                    chunk = values[lo : lo + LOOKUP_CHUNK]
                    rows = self._db.execute(f"SELECT id, content_hash FROM articles WHERE {column} IN "
                                            f"({','.join('?' * len(chunk))})", chunk).fetchall()
                    if column == "id":
                        by_id.update(rows)
                    else:
                        held.update(found for _, found in rows)
        return by_id, held

    def find(self, *, id: str | None = None, content_hash: str | None = None) -> StoredArticle | None:
        column, value = ("id", id) if id is not None else ("content_hash", content_hash)
        with self._lock:
            row = self._db.execute(f"SELECT seq, {', '.join(ARTICLE_FIELDS)} FROM articles WHERE {column} = ?", (value,)).fetchone()
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
            f"INSERT INTO articles (seq, {', '.join(ARTICLE_FIELDS)}) VALUES ({','.join('?' * (len(ARTICLE_FIELDS) + 1))})",
            [(article.seq, *article.to_row().values()) for article, *_ in rows])
        # the encoded pairs given (a run with them) are bound as they are (the bytes of encode(postings)): no
        # copy in bytes of an article's millions of postings (the view takes the run, not these rows)
        blob = (lambda p: memoryview(np.ascontiguousarray(p, dtype="<i8"))) if run is not None \
            else (lambda p: encoded(p).astype("<i8").tobytes())
        posted = [(k, article.seq, blob(postings)) for k, (article, postings, *_) in enumerate(rows) if len(postings)]
        row_id = int(self._db.execute("SELECT coalesce(max(id), 0) + 1 FROM recent").fetchone()[0])
        appended = [(row_id + k, seq, data) for k, (_, seq, data) in enumerate(posted)]
        self._insert_recent_rows(appended)
        if run is None:
            self._batch.extend(appended)  # the view takes the batch's rows at its end
        elif appended:
            self._batch.append(Run.of(run, [k for k, *_ in posted], [row[0].seq for row in rows], row_id))
        self._owed += len(appended)
        self._insert_matches([(article.seq, found) for article, _, found, _ in rows])
        stretches = [(o or article.seq, a, b, p or article.seq) for article, _, _, spans in rows for o, a, b, p in spans]
        if stretches:
            self._db.executemany("INSERT OR IGNORE INTO stretches VALUES (?, ?, ?, ?)", stretches)
            self._note(stretches)

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
            for lo in range(0, len(wanted), LOOKUP_CHUNK):
                chunk = wanted[lo : lo + LOOKUP_CHUNK]
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
