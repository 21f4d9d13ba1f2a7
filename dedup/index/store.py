"""Storage of a persistent index: one small interface, an embedded SQLite default and a Redis backend.

:mod:`dedup.index.index` computes everything (signatures, band keys, scores, verdicts); a storage object only
keeps state: the settings the index was built with, the articles (with their text, so that a match can
be explained and aligned later), the postings ``band key -> (article, span)``, the matches found when
each article was added, and each article's closely shared stretches (with whom it shares which span).
Keeping the interface this small is what lets a file and a server hold the same index.

Articles are numbered (``seq``) by the storage as they are added; postings and matches refer to that
number instead of the article id, which keeps the posting rows a few bytes long.

The SQLite backend (:mod:`dedup.index.store_sqlite`) runs every check-and-add in one ``BEGIN
IMMEDIATE`` transaction (WAL journal), so two processes adding the same article cannot both insert it,
and a writer killed mid-add leaves no trace of the half-written article. The Redis backend
(:mod:`dedup.index.store_redis`) is imported lazily.
"""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Protocol, Sequence

import numpy as np

from dedup.errors import IndexMismatchError, NotAnIndexError

__all__ = ["StoredArticle", "StoredMatch", "Stretch", "Storage", "open_storage", "shown_location"]

#: A closely shared stretch as stored: ``(owner seq, start, end, partner seq)``.
Stretch = tuple[int, int, int, int]


@dataclass(frozen=True)
class StoredArticle:
    """An indexed article as stored: enough to explain a match and to align it on demand."""

    seq: int
    id: str
    content_hash: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    published_ts: float | None = None
    added_ts: float = 0.0
    body_start: int = 0  # content_bounds of the text, kept so verification need not recompute them
    body_end: int = 0
    language: str | None = None  # the language the input gave (None: detected again when needed)

    def to_row(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ARTICLE_FIELDS}


ARTICLE_FIELDS = ("id", "content_hash", "text", "title", "outlet", "published", "url", "published_ts", "added_ts",
                   "body_start", "body_end", "language")


@dataclass(frozen=True)
class StoredMatch:
    """A match recorded when article ``seq`` was added: it matched the earlier article ``other``."""

    seq: int
    other: int
    verdict: str
    channels: tuple[str, ...]
    evidence: dict[str, Any]


class Storage(Protocol):
    """What an index needs from a backend. ``seq`` numbers are assigned by :meth:`insert`."""

    def read_settings(self) -> dict[str, Any] | None: ...
    def init_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        """Store ``settings`` unless some are stored already; return the stored ones."""
    @contextmanager
    def writing(self, *, many: bool = False) -> Iterator[None]:
        """Serialise check-and-add: a write transaction on SQLite, nothing on Redis (atomic insert).
        ``many``: the inserts inside are one batch (``add_many``): SQLite brings their postings into its
        in-memory view and takes their merge steps once, at the end, instead of after each insert."""
    def lookup(self, keys: np.ndarray, *, most: int | None = None,
               arrays: bool = False) -> list[tuple[int, int, int]] | np.ndarray:
        """``(key, seq, span)`` postings of the given band keys (int64 view); with ``most``, none of the
        keys holding postings of more than ``most`` distinct articles (a crowded bucket is skipped: its rows
        are never read; a long article's windows sharing a key count as one article, as a scan counts them).
        ``arrays``: as an ``(n, 3)`` int64 array (a batch's lookup returns hundreds of thousands)."""
    def present(self, keys: np.ndarray) -> set[int]:
        """The band keys (int64 view) holding at least one posting."""
    def articles(self, seqs: Sequence[int]) -> dict[int, StoredArticle]: ...
    def find(self, *, id: str | None = None, content_hash: str | None = None) -> StoredArticle | None: ...
    def insert(self, article: StoredArticle, postings: Sequence[tuple[int, int]] | np.ndarray, matches: Sequence[StoredMatch],
               stretches: Sequence[Stretch] = ()) -> tuple[bool, int]:
        """Add atomically; ``(False, seq_of_existing)`` when the id or content hash is already stored.
        ``postings``: ``(key, span)`` pairs, or an ``(n, 2)`` int64 array of them.
        ``stretches``: ``(owner, start, end, partner)``, seq 0 standing for the article inserted."""
    def stretches(self, seqs: Sequence[int]) -> dict[int, list[tuple[int, int, int]]]:
        """``{seq: [(start, end, partner), ...]}``: the stretches each article shares closely, and with whom."""
    def matches(self, seq: int) -> list[StoredMatch]:
        """Every recorded match involving ``seq``, on either side."""
    def delete(self, seq: int, keys: np.ndarray) -> None: ...
    def merge(self) -> int:
        """Move postings kept aside for cheap adds into their final place (SQLite's recent segment);
        the number of articles whose postings moved. Lookups read both places, so it changes no answer."""
    def older_than(self, timestamp: float) -> list[tuple[int, str]]: ...
    def stats(self) -> dict[str, Any]: ...
    def close(self) -> None: ...


def distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` by a sort: numpy 2's ``unique`` (without counts or indices) hashes, which
    costs ~100 times a sort on the random 64-bit band keys (measured: 0.16 s against 1 ms for 155,000
    keys, a batch's lookup)."""
    ordered = np.sort(np.asarray(values).reshape(-1))
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(ordered) else ordered


#: Values from which :func:`stable_order` sorts packed codes rather than calling a stable argsort.
_PACKED_FROM = 4096


def stable_order(values: np.ndarray) -> np.ndarray:
    """``np.argsort(values, kind="stable")`` of int64 ``values`` (band keys), by one plain sort of 64-bit
    codes: each value's top bits above its position's. A stable argsort of int64 is a timsort (1.1 s for
    a batch's 4.7 million keys, measured), a plain sort a vectorised one (0.1 s). Values that share their
    top bits but differ (rare among hashes: about five pairs in 4.7 million) are put in order after.

    >>> stable_order(np.array([5, -3, 5, 0, -3] * 1000))[:4].tolist()
    [1, 4, 6, 9]
    """
    values = np.asarray(values, dtype=np.int64).reshape(-1)
    count = len(values)
    bits = max(1, (count - 1).bit_length())  # for the position
    if count < _PACKED_FROM or bits > 40:
        return np.argsort(values, kind="stable")
    # the signed values' order as unsigned: the sign bit flipped
    raised = values.view(np.uint64) ^ np.uint64(1 << 63)
    low = np.uint64((1 << bits) - 1)
    codes = (raised & ~low) | np.arange(count, dtype=np.uint64)
    codes.sort()
    order = (codes & low).astype(np.intp)
    ordered = values[order]
    wrong = ordered[1:] < ordered[:-1]
    if wrong.any():
        # the runs of equal top bits that hold different values: sorted by (run, value, position)
        top = codes >> np.uint64(bits)
        run = np.concatenate(([0], np.cumsum(top[1:] != top[:-1])))
        mixed = np.zeros(int(run[-1]) + 1, dtype=bool)
        mixed[run[1:][wrong]] = True
        at = np.flatnonzero(mixed[run])
        sub = order[at]
        order[at] = sub[np.lexsort((sub, values[sub], run[at]))]
    return order


def encoded_many(keys: Sequence[np.ndarray], spans: Sequence[np.ndarray]) -> list[np.ndarray]:
    """``dedup.index.recent.encoded`` of each article's postings ``(keys[i], spans[i])``, by one sort of them all (a sort
    an article cost 70 us, more than its rows): by key, then by article (a radix sort of small numbers).
    An article's windows under one key come in its units' order, which is their spans' order; should any
    not (or a pair come twice), the whole batch is sorted on all three columns instead.

    >>> [p.tolist() for p in encoded_many([np.array([9, 4, 9]), np.array([1])], [np.array([0, 2, 0]), np.array([5])])]
    [[[4, 2], [9, 0]], [[1, 5]]]
    """
    return batch_postings(keys, spans)[0]


def batch_postings(keys: Sequence[np.ndarray], spans: Sequence[np.ndarray], *, by_key: np.ndarray | None = None
                   ) -> tuple[list[np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """:func:`encoded_many` of a batch's articles, and the same postings as one run by key: ``(key, article,
    span)`` columns, each article's distinct pairs once, sorted by key, then article, then span (the order
    in which a stable sort by key of the articles' encoded pairs, concatenated in order, leaves them).
    Both come from the one sort: the run is its key order, before the articles are put in order. A
    SQLite index's recent view takes a batch's postings as that run (:meth:`SQLiteStorage.insert_batch`)
    instead of reading them back from each article's row and sorting them again. ``by_key``:
    :func:`stable_order` of the keys concatenated, when known (a batch's candidates sorted them already).

    >>> pairs, (key, article, span) = batch_postings([np.array([9, 4, 9]), np.array([4])],
    ...                                              [np.array([0, 2, 0]), np.array([5])])
    >>> [p.tolist() for p in pairs], key.tolist(), article.tolist(), span.tolist()
    ([[[4, 2], [9, 0]], [[4, 5]]], [4, 4, 9], [0, 1, 0], [2, 5, 0])
    """
    counts = [len(k) for k in keys]
    if not counts:
        empty = np.zeros(0, dtype=np.int64)
        return [], (empty, empty, empty)
    if len(counts) == 1:
        return _one_articles_postings(keys[0], spans[0], by_key)
    owner = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    key = np.concatenate(keys).astype(np.int64, copy=False)
    span = np.concatenate(spans).astype(np.int64, copy=False)
    by_key = stable_order(key) if by_key is None else by_key
    owner_by_key = owner[by_key]
    order = by_key[np.argsort(owner_by_key.astype(np.uint16) if len(counts) <= 1 << 16 else owner_by_key,
                              kind="stable")]
    # each column gathered once (a batch's 1.6 million postings: each gather 5-10 ms); in article order the
    # owners are ``owner`` itself, rising
    key_in, span_in = key[order], span[order]
    tie = (owner[1:] == owner[:-1]) & (key_in[1:] == key_in[:-1])
    if (tie & (span_in[1:] <= span_in[:-1])).any():  # spans out of order, or a pair twice: sorted in full
        order = np.lexsort((span, key, owner))
        by_key = np.lexsort((span, owner, key))
        key_in, span_in, owner_by_key = key[order], span[order], owner[by_key]
    pairs = _fresh(owner, key_in, span_in)
    # each column of the batch held once at a time from here: an article of a million characters has millions
    # of postings, and a dozen copies of them were held at once (memory, not answers)
    del key_in, span_in, tie, order
    run = (key[by_key], owner_by_key, span[by_key])
    del owner_by_key, owner
    if len(pairs[0]) < len(key):  # a pair twice in an article (rare): once in the run too
        run = _fresh(*run)
    del key, span, by_key
    split = np.split(np.column_stack([pairs[1], pairs[2]]), np.searchsorted(pairs[0], np.arange(1, len(counts))))
    return split, (run[0], run[1], run[2])


def _one_articles_postings(keys: np.ndarray, spans: np.ndarray, by_key: np.ndarray | None
                           ) -> tuple[list[np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """:func:`batch_postings` of a batch of one article (``dedup index add`` of one file, or of an article
    of a million characters, which fills a batch alone): its order by key is its article order, so the
    run's key and span columns are its encoded pairs' columns, gathered once, and its article column
    one read-only zero broadcast. The general path held a dozen columns of its millions of postings at
    once (the owners, their order, the order by article, the run's own copies): 780 MB at the peak of
    ``index add`` of a million characters, where ``stream`` of it took 530."""
    key = np.asarray(keys, dtype=np.int64)
    span = np.asarray(spans, dtype=np.int64)
    by_key = stable_order(key) if by_key is None else by_key
    key_in, span_in = key[by_key], span[by_key]
    del key, span, by_key
    if ((key_in[1:] == key_in[:-1]) & (span_in[1:] <= span_in[:-1])).any():  # spans out of order, or a pair twice
        order = np.lexsort((span_in, key_in))
        key_in, span_in = key_in[order], span_in[order]
        del order
    key_in, span_in = _fresh(key_in, span_in)
    key_in.setflags(write=False)  # the run's columns, held by the recent view as they are
    span_in.setflags(write=False)
    return [np.column_stack([key_in, span_in])], (key_in, np.broadcast_to(np.int64(0), key_in.shape), span_in)


def _fresh(*columns: np.ndarray) -> tuple[np.ndarray, ...]:
    """Columns sorted on all of them together, each row once (the rows equal to the one before it dropped);
    the columns themselves when no row is (no copy of millions of postings for nothing)."""
    changed = np.zeros(len(columns[0]), dtype=bool)
    changed[:1] = True
    for column in columns:
        changed[1:] |= column[1:] != column[:-1]
    if changed.all():
        return columns
    return tuple(column[changed] for column in columns)


#: A location that opens with a URL's scheme (``redis://``, ``http://``).
_URL = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")


def open_storage(location: str | Path, *, create: bool = True) -> Storage:
    """A storage for a file path (SQLite) or a ``redis://`` URL (needs the ``dedup[redis]`` extra).

    With ``create=False`` (every read-only use) a missing index is an error, never made. Either way, data
    that is not a dedup index (another program's tables or keys, a file of another kind, an empty file, a
    device or a pipe) is refused with :class:`NotAnIndexError` before anything is written to it or beside it.
    """
    text = str(location)
    scheme = _URL.match(text)
    if scheme is not None and scheme.group(1).lower() in ("redis", "rediss", "unix"):  # a scheme's case is no matter
        from dedup.index.store_redis import RedisStorage

        return RedisStorage(text, create=create)
    if scheme is not None and not Path(text).parent.is_dir():
        # read as a file path: "REDIS://host/0" or "sqlite:///x.db" said "the folder does not exist; create it first"
        raise NotAnIndexError(f"{shown_location(text)}: a URL of another kind than redis://, rediss:// or unix://; an "
                              "index is a file path (SQLite) or one of those URLs")
    from dedup.index.store_sqlite import SQLiteStorage

    return SQLiteStorage(text, create=create)


def shown_location(location: str | Path) -> str:
    """``location`` as a message may show it: a URL's password as ``***`` (a file path as it is).

    >>> shown_location("redis://:secret@127.0.0.1:6379/0?prefix=news:"), shown_location("news.db")
    ('redis://:***@127.0.0.1:6379/0?prefix=news:', 'news.db')
    """
    text = str(location)
    if _URL.match(text) is None:
        return text
    from dedup.index.redis_url import shown_url

    return shown_url(text)


def check_settings(raw: str | bytes | None, where: str) -> dict[str, Any] | None:
    """Stored settings, parsed; :class:`NotAnIndexError` when they are not a dedup index's."""
    if raw is None:
        return None
    try:
        settings = json.loads(raw)
    except ValueError:
        settings = None
    if not isinstance(settings, dict) or "format" not in settings or "scheme" not in settings:
        raise NotAnIndexError(f"{where}: holds a 'settings' entry that is not a dedup index's; give another location")
    _check_format(settings, where)
    return settings


def _check_format(settings: dict[str, Any], where: str) -> None:
    """Refuse an index written by a dedup whose stored rows mean something else (its format), unless
    this dedup migrates it when it opens it (:data:`MIGRATED`)."""
    from dedup.index.settings import INDEX_FORMAT

    found = settings.get("format")
    if isinstance(found, int) and not isinstance(found, bool) and found > INDEX_FORMAT:  # rebuilding is no answer
        raise IndexMismatchError(
            f"{where}: an index of format {found}, written by a newer dedup "
            f"({settings.get('dedup_version', 'of another version')}); this dedup reads format {INDEX_FORMAT}. "
            "Open it with the dedup that wrote it, or upgrade this one; the index is left as it is")
    if found != INDEX_FORMAT and found not in MIGRATED:
        raise IndexMismatchError(
            f"{where}: an index of format {settings.get('format')} (written by dedup "
            f"{settings.get('dedup_version', 'of another version')}); this dedup reads format {INDEX_FORMAT}. "
            "Build a new index: dedup index add NEW_INDEX with the articles")


#: Older formats read as this one once their settings say so: format 5 wrote every posting to the
#: postings table, which format 6 reads beside its (then empty) recent segment; SQLite makes the key
#: filter of a format-5 or 6 index's postings table when it migrates it (format 7).
MIGRATED = (5, 6)


def migrated(settings: dict[str, Any]) -> dict[str, Any] | None:
    """The settings of an index of a :data:`MIGRATED` format, as this dedup records them (None: nothing to do)."""
    from dedup.index.settings import INDEX_FORMAT

    return settings | {"format": INDEX_FORMAT} if settings.get("format") in MIGRATED else None
