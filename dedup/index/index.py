"""``Index``: a persistent index that flags syndicated copy as articles arrive.

The batch scan (:mod:`dedup.pipeline`) sees a whole corpus at once; an ingest pipeline sees one article
at a time and must answer "which stored articles is this a copy of?" in milliseconds. ``Index`` signs
that one article with the scan's own signing (:func:`dedup.signing.sign_batch`), looks its band keys up
in a :mod:`dedup.index.store` backend, and verifies the stored candidates with the scan's own
verification stage (:func:`dedup.verify.verify`). For every stored partner, ``check(x)`` gives the
verdict a scan of the stored articles plus ``x`` gives that pair, under this policy:

- common words: the scan leaves out words found in more than 1% of the corpus (and at least 50
  documents). An incremental index cannot recount that as articles arrive without re-signing every
  stored article, so it uses a *fixed* vocabulary frozen at creation (:attr:`Index.vocabulary`):
  learnt with the scan's own rule from texts (``common_from=``; ``dedup index add`` passes the corpus it
  adds) or named (``common_words=``); empty when neither is given, which is also what a scan of fewer
  than 50 documents learns. A scan given the same vocabulary (``scan(..., vocabulary=index.vocabulary)``)
  gives the same verdicts;
- spread: each stored article's closely shared stretches are recorded when its pairs are verified, so
  a stored partner's passages count the other documents sharing them as a scan counts them;
- bucket crowding: a bucket is skipped when the stored articles plus the new one exceed ``max_bucket``
  (a scan counts a bucket's distinct texts: a long article's neighbouring windows often share a key);
- alignment: the same pairs and regions as a scan, each aligned on its own two texts (pair-local IDF).

A pair recorded between two stored articles stays recorded when a bucket they shared crowds later; a
scan of everything would skip that bucket. Only the spread of their stretches can differ so.

>>> import tempfile, os
>>> text = ("Norges Bank raised its key interest rate by a quarter point to 4.5 on Tuesday, its first "
...         "increase in seven years, citing persistent inflation in Oslo services and wages.")
>>> with tempfile.TemporaryDirectory() as tmp, Index.open(os.path.join(tmp, "news.db")) as index:
...     _ = index.add(Document("wire-1", text, outlet="wire"))
...     [(m.id, m.verdict) for m in index.check(Document("paper-1", text + " More follows."))]
[('wire-1', 'duplicate')]
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import numpy as np

from dedup.channels import DEFAULT_CHANNELS, ChannelSpec, passage_setting
from dedup.vocabulary import Vocabulary
from dedup.decision import Thresholds
from dedup.documents import Document
from dedup.errors import InputError
from dedup.index import settings as recorded
from dedup.index.intake import articles_given, given_id, nonempty, with_composed_id
from dedup.index.match import Match, evidence_from_dict, judgement_from_dict
from dedup.index.matching import PREPARED, Prepared
from dedup.index.opening import Closed, check_arguments, closed_on_failure, strings_given
from dedup.index.store import Storage, open_storage, shown_location
from dedup.index.storing import Storing, check_many
from dedup.records import MIN_WORDS
from dedup.signatures import check_flag, check_seed, check_whole
from dedup.signing import check_channels, text_bounds

__all__ = ["Index", "Match", "INDEX_FORMAT", "long_lived_collector", "YOUNG_COLLECTION"]

INDEX_FORMAT = recorded.INDEX_FORMAT
#: Articles ``add_many`` adds at once at most: committed together, their pairs verified in one call (on
#: worker processes when they are many, as in a scan). A batch pays a fixed part (its worker processes
#: forked twice, the in-memory view's large run merged again, a commit): batches of 5,000 Reuters
#: stories cost less CPU than batches of 1,000 (benchmarks/RESULTS.md, "Bulk loading in larger batches").
BATCH = 5000
#: Container objects allocated, net of those freed, at which a long-lived index process collects its
#: youngest generation (Python's default is 700). A check's or an add's temporaries are mostly freed by
#: the time it returns: at 700 a form's check collects several times while they are alive, promotes them
#: to the older generations, and those promotions bring on middle and full collections. At 10,000 an
#: operation rarely collects mid-way; one young collection walks at most 10,000 objects (5-10 ms on a
#: loaded 2-core machine; 50,000 put a 35 ms collection on one operation). benchmarks/RESULTS.md, "The
#: collector in a long-lived index process".
YOUNG_COLLECTION = 10_000


class Index(Storing):
    """A persistent near-duplicate index. Open it with :meth:`open`; use it as a context manager.

    ``check`` is read-only; ``add`` checks and adds in one atomic step and is idempotent: adding an id
    already stored changes nothing and returns the matches recorded the first time; a text already
    stored under another id is not stored again, and the stored copy is reported as its duplicate.
    """

    def __init__(self, storage: Storage, settings: dict[str, Any], *, align: bool = True,
                 min_confidence: float | None = None) -> None:
        self._store = storage
        self.settings = settings
        self.thresholds = Thresholds(min_confidence)
        # checked as a scan checks them: a stored seed of -5 or no channel at all (a settings entry edited by
        # hand) failed only at the first check or add, with numpy's OverflowError or "need at least one array"
        self.channels = check_channels(tuple(ChannelSpec(**c) for c in settings["channels"]))
        self.seed = check_seed(settings["seed"])
        self.max_bucket = check_whole("max_bucket", settings["max_bucket"], 2)
        self.min_words = check_whole("min_words", settings["min_words"], 1)
        self.max_chars = check_whole("max_chars", settings["max_chars"], 1)
        self.align = align
        self._vocab = recorded.vocabulary_of(settings["vocabulary"])
        self._lock = threading.RLock()
        self._prepared = Prepared(PREPARED)
        self._windowed = np.array([spec.window > 0 for spec in self.channels])  # by channel number
        #: rows of colliding windows each channel needs (those that need more than one;
        #: :meth:`~dedup.index.collisions.Collisions._plausible`)
        self._need = {spec.name: max(spec.min_hits, 1) for spec in self.channels if spec.min_hits > 1 or spec.min_bands > 1}
        self._need_by_channel = np.array([self._need.get(spec.name, 0) for spec in self.channels], dtype=np.int64)
        #: and the bands one of its colliding window pairs must share (a window channel's ``min_bands``)
        self._bands = {spec.name: spec.min_bands for spec in self.channels if spec.name in self._need}
        self._bands_by_channel = np.array([self._bands.get(spec.name, 1) for spec in self.channels], dtype=np.int64)

    @classmethod
    def open(
        cls,
        location: str | Path,
        *,
        channels: Sequence[ChannelSpec] | None = None,
        seed: int | None = None,
        max_bucket: int | None = None,
        common_words: Iterable[str] | None = None,
        common_from: Sequence[str] | None = None,
        min_words: int | None = None,
        align: bool = True,
        create: bool = True,
        min_confidence: float | None = None,
    ) -> "Index":
        """Open (or create) the index at a file path (SQLite) or a ``redis://host:port/db`` URL.

        Settings left as None take the stored values (or the defaults for a new index); settings given
        must equal the stored ones, otherwise :class:`IndexMismatchError` says which differ: keys made
        with other settings would silently never match. ``align`` (the default, as in ``scan``) aligns
        the sentences of the candidates worth it before the verdict: a heavy rewrite is reported as one
        only so. ``align=False`` is faster and gives ``scan(align=False)``'s verdicts (judged by the model
        fitted on pairs without their alignment, with its own operating point); the alignment is still
        there on demand (:meth:`Match.alignment`).

        ``common_from`` (texts) only matters when the index is created: the words found in more than 1% of
        them are frozen as the common words, exactly as a scan derives them from its corpus. Give a sample
        of the articles to come (``dedup index add`` gives the corpus it adds); ``common_words`` instead
        names the words. ``create=False`` (for reading: check, stats) raises
        :class:`~dedup.errors.NotAnIndexError` instead of creating a missing index.

        ``min_confidence`` (None: the shipped model's operating point) is where a match starts, for this
        session: ``check`` and ``add`` report, and ``add`` records, the matches that reach it.
        """
        check_arguments(location, seed=seed, max_bucket=max_bucket, min_words=min_words, channels=channels)
        align, create = check_flag("align", align), check_flag("create", create)  # "false" is a true string
        common_words, common_from = strings_given("common_words", common_words), strings_given("common_from", common_from)
        Thresholds(min_confidence)  # refused here, before a new index is created for a session that cannot start
        store = open_storage(location, create=create)
        with closed_on_failure(store, location):
            asked = recorded.record(channels, seed, max_bucket, common_words, min_words)
            stored = store.read_settings() or store.init_settings(recorded.record(
                channels or DEFAULT_CHANNELS, 1 if seed is None else seed,
                50 if max_bucket is None else max_bucket, common_words or (),
                MIN_WORDS if min_words is None else min_words, common_from=common_from))
            recorded.check_same(stored, asked, shown_location(location))
            return cls(store, stored, align=align, min_confidence=min_confidence)

    @property
    def vocabulary(self) -> Vocabulary:
        """The common words frozen at creation (pass it to :func:`dedup.scan` for the same verdicts)."""
        return self._vocab

    @property
    def read_only(self) -> bool:
        """Whether this index is read as it is and never written: an SQLite index on a file system mounted
        read-only (a snapshot, a container's read-only volume). ``check``, ``matches`` and ``stats`` answer as
        anywhere else; ``add``, ``remove``, ``prune`` and ``merge`` raise :class:`~dedup.errors.StorageError`
        before any write. A Redis index is never read-only here (its server says what it refuses)."""
        return bool(getattr(self._store, "read_only", False))

    # -- the API -------------------------------------------------------------------------------------

    def check(self, article: Document) -> list[Match]:
        """Stored articles that ``article`` duplicates, partly reuses or rewrites. Changes nothing."""
        article = with_composed_id(article)
        text, keys, spans = self._sign(article)
        with self._lock:
            return self._match(article, text, keys, spans)[0]

    def add(self, article: Document) -> list[Match]:
        """Check ``article`` and add it, atomically. Returns its matches among the earlier articles."""
        article = with_composed_id(article)
        text = self._validate(article)
        bounds = text_bounds([text])
        keys, spans = nonempty(article, *self._signed_many([text], bounds)[0])
        return self._add_signed(article, text, keys, spans, (int(bounds[0, 0]), int(bounds[0, 1])))

    def add_many(self, articles: Iterable[Document], *, batch_size: int = BATCH, workers: int | None = None,
                 progress: Callable[[int], None] | None = None) -> list[tuple[Document, list[Match] | InputError]]:
        """Add many articles in order, each checked against every earlier one; returns, per article,
        ``(article, matches)``, or ``(article, InputError)`` for one that cannot be indexed (the others go
        on). Every article is stored by the time it returns.

        Same result as calling :meth:`add` on each, many times faster: a batch of articles is signed,
        looked up, scored and verified at once, as a scan verifies a corpus (:mod:`dedup.index.bulk`),
        and on SQLite committed at once (a crash loses the batch in progress, never part of an article).
        ``workers``: processes for a batch's exact scoring and decisions, and threads for its signing, as
        in a scan (None: the cores, at most four; 1: none forked, one thread). A batch is ``batch_size``
        articles, or fewer when their texts reach :data:`~dedup.index.storing.BATCH_CHARS` characters. ``progress(done)`` is
        called after each batch with the number of articles done so far.

        When ``articles`` fails midway (a generator that raises, an item that is no :class:`Document`),
        the articles it gave before are added, as :meth:`add` of each would have added them (a feed's
        articles already taken from it are not lost), and the error is raised then. A ``KeyboardInterrupt``
        (Ctrl-C) or ``SystemExit`` while it is read is raised at once: the batches committed before it are
        kept, the one in progress is not.
        """
        articles_given(articles)  # a dict, a str, None: named, with what is taken
        batch_size = check_many(articles, batch_size, workers, progress)
        return self._add_in_batches(iter(articles), batch_size, workers, progress)

    def contains(self, article_id: str) -> bool:
        """Whether an article with this id is indexed."""
        article_id = given_id(article_id, "contains")
        with self._lock:
            return self._store.find(id=article_id) is not None

    def matches(self, article_id: str, *, earlier_only: bool = False) -> list[Match]:
        """Matches recorded for a stored article: with earlier articles and (unless ``earlier_only``) later ones."""
        article_id = given_id(article_id, "matches")
        earlier_only = check_flag("earlier_only", earlier_only)
        with self._lock:
            stored = self._store.find(id=article_id)
            if stored is None:
                raise InputError(f"no article {article_id!r} in the index")
            rows = [m for m in self._store.matches(stored.seq) if not earlier_only or m.seq == stored.seq]
            others = self._store.articles([m.other if m.seq == stored.seq else m.seq for m in rows])
        out = []
        for m in rows:
            mine = m.seq == stored.seq
            other = others.get(m.other if mine else m.seq)
            if other is None:
                continue
            ev = evidence_from_dict(m.evidence)
            confidence, why = judgement_from_dict(m.evidence)
            out.append(Match.of(other, m.verdict, ev if mine else ev.flipped(), m.channels, stored.text,
                                confidence=confidence, why=why, incoming_language=stored.language))
        return sorted(out, key=Match.sort_key)

    def remove(self, article_id: str) -> bool:
        """Remove an article, its postings and its matches. False when it was not indexed."""
        article_id = given_id(article_id, "remove")
        with self._lock, self._store.writing():
            stored = self._store.find(id=article_id)
            if stored is None:
                return False
            keys, _ = self._keys_many([stored.text])[0]
            self._store.delete(stored.seq, keys)
        return True

    def prune(self, older_than: datetime | timedelta) -> int:
        """Remove articles published (or, without a date, added) before a date or longer ago than a delta.
        An age of 0 or less and a date still to come are refused (:class:`InputError`): either is every
        article of the index, as the command line refuses them (:func:`dedup.index.stream.parse_age`).
        On SQLite the removals are one transaction: a failure midway (a damaged page met, a full disk)
        removes none of them (on Redis, each article's removal is one atomic step)."""
        if not isinstance(older_than, (datetime, timedelta)):
            raise TypeError(f"prune() takes a datetime or a timedelta, not {type(older_than).__name__} "
                            "(dedup.index.stream.parse_age reads '7d' or a date)")
        now = datetime.now(timezone.utc)
        if isinstance(older_than, timedelta) and older_than <= timedelta(0):
            raise InputError(f"prune: an age of {older_than} is every article; give one above 0, such as timedelta(days=30)")
        try:
            cutoff = now - older_than if isinstance(older_than, timedelta) else older_than
        except OverflowError:  # was the OverflowError itself, "date value out of range"
            raise InputError(f"prune: an age of {older_than} reaches before the calendar (year 1); give a datetime, "
                             "or a shorter age") from None
        if cutoff.tzinfo is None:
            cutoff = cutoff.replace(tzinfo=timezone.utc)
        if cutoff > now:
            raise InputError(f"prune: {cutoff.isoformat()} is still to come: every article added so far is older")
        removed = 0
        with self._lock, self._store.writing():  # all or none: a failure midway (a damaged page) keeps them all
            for _, article_id in self._store.older_than(cutoff.timestamp()):
                removed += self.remove(article_id)
        return removed

    def merge(self) -> int:
        """Merge the postings of the articles added lately into the postings table now (SQLite; nothing
        to do on Redis), instead of a key range with each of the next adds: for a pipeline that would
        rather do it at a quiet moment (it takes seconds at 100,000 stored). Changes no answer. Returns
        the number of articles whose postings moved."""
        with self._lock:
            return self._store.merge()

    def stats(self) -> dict[str, Any]:
        """Counts, size and settings (for ``dedup index stats``)."""
        with self._lock:
            out = self._store.stats()
        out["bytes_per_article"] = round(out["bytes"] / out["articles"]) if out.get("articles") and out.get("bytes") else None
        out["passages"] = passage_setting(self.channels)  # the --passages it was made with
        out["settings"] = {k: v for k, v in self.settings.items() if k != "common_hashes"} | {
            "common_words": len(self.settings["vocabulary"]["words"])}
        return out

    def close(self) -> None:
        """Close the index (leaving a ``with`` block does it). Closing it again does nothing; any other use
        of a closed index is one :class:`~dedup.errors.StorageError`."""
        store = self._store
        if isinstance(store, Closed):
            return
        self._store = Closed(store)  # type: ignore[assignment]
        store.close()

    def __enter__(self) -> "Index":
        """The index itself; a closed one is refused here, with the :class:`~dedup.errors.StorageError` every other
        use of it raises: ``with index:`` after ``index.close()`` entered, and only the first use inside refused."""
        if isinstance(self._store, Closed):
            self._store.find  # noqa: B018 - its StorageError, "this index was closed"
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def long_lived_collector(young: int = YOUNG_COLLECTION) -> Iterator[None]:
    """Python's garbage collector set for a process that serves one open index for a long time (``dedup
    stream``, ``dedup serve``), restored on leaving.

    What is alive on entering (the modules, the open index and its settings, a server's application) is
    collected once and frozen (:func:`gc.freeze`): it stays alive as long as the process, and a full
    collection no longer walks it (a full collection walks every object the process holds: 130-160 ms
    CPU on one check in the ingest benchmark on a loaded 2-core machine). The youngest generation is collected every
    ``young`` net allocations instead of 700 (:data:`YOUNG_COLLECTION`). Nothing is lost: frozen objects
    are freed by their reference counts as before, and a reference cycle among them is collected after
    leaving (it is unfrozen then). The setting is the process's: it is for the command that owns it, not
    for a library call inside another program.
    """
    if young < 1:
        raise ValueError(f"young={young}: the collector's youngest generation needs a threshold of 1 or more")
    thresholds, frozen = gc.get_threshold(), gc.get_freeze_count()
    gc.collect()
    gc.freeze()
    gc.set_threshold(young, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if not frozen:  # what a caller had frozen before stays so, with what was frozen here
            gc.unfreeze()
