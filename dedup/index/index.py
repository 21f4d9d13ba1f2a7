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
import hashlib
import logging
import os
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import numpy as np

from dedup.article_ids import id_key
from dedup.banding import MOST_REPEATS, paired_along
from dedup.candidate_sets import assemble_ranked, candidate_rows
from dedup.candidates import (DEFAULT_CHANNELS, NO_BAND, CandidateSet, ChannelSpec, Vocabulary,
                              evidence_rules, passage_setting)
from dedup.decision import Thresholds
from dedup.documents import Document, parse_published, replaced_in_id, valid_unicode
from dedup.errors import DedupError, DuplicateIdError, InputError, NotAnIndexError, SettingsError, StorageError
from dedup.evidence import Features, Stretches, close_stretches
from dedup.index import settings as recorded
from dedup.index.bulk import Item, add_batch, signed_in_parts
from dedup.index.match import Match, evidence_from_dict, evidence_to_dict, judgement_from_dict
from dedup.index.store import Storage, StoredArticle, StoredMatch, distinct, open_storage, shown_location
from dedup.language import count_words
from dedup.normalize import content_bounds
from dedup.records import MIN_WORDS
from dedup.signatures import check_flag, check_seed, check_whole
from dedup.signing import check_channels, sign_batch, text_bounds
from dedup.verify import caching_aligner, channels_of, may_be_reported, score_candidates, verify

__all__ = ["Index", "Match", "INDEX_FORMAT", "long_lived_collector", "YOUNG_COLLECTION"]

log = logging.getLogger(__name__)

INDEX_FORMAT = recorded.INDEX_FORMAT
#: Stored articles whose features and sentence tables an open index keeps (about 150 kB each at 800 words).
PREPARED = 1024
#: Articles ``add_many`` adds at once at most: committed together, their pairs verified in one call (on
#: worker processes when they are many, as in a scan). A batch pays a fixed part (its worker processes
#: forked twice, the in-memory view's large run merged again, a commit): batches of 5,000 Reuters
#: stories cost less CPU than batches of 1,000 (benchmarks/RESULTS.md, "Bulk loading in larger batches").
BATCH = 5000
#: Characters of text at which a batch closes before :data:`BATCH` articles: what a batch holds grows
#: with its texts (their postings, features and candidate windows), so a batch of long articles is cut
#: sooner, holding about what 1,000 articles of 5,000 characters held.
BATCH_CHARS = 5_000_000
#: Characters from which :meth:`Index.add_many` adds an article alone, as :meth:`Index.add` does (the same
#: answer): its colliding windows are counted by window pair a part at a time and bounded there
#: (:data:`MOST_WINDOW_PAIRS`), where a batch expands every window row of its items at once (a story
#: repeated to a million characters added beside a copy of it: 30 GiB asked for, a traceback).
ALONE_FROM = 200_000
#: Colliding window rows up to which a check's candidates are sifted in Python (:meth:`Index._strong_few`).
_FEW_WINDOWS = 64
#: Container objects allocated, net of those freed, at which a long-lived index process collects its
#: youngest generation (Python's default is 700). A check's or an add's temporaries are mostly freed by
#: the time it returns: at 700 a form's check collects several times while they are alive, promotes them
#: to the older generations, and those promotions bring on middle and full collections. At 10,000 an
#: operation rarely collects mid-way; one young collection walks at most 10,000 objects (5-10 ms on a
#: loaded 2-core machine; 50,000 put a 35 ms collection on one operation). benchmarks/RESULTS.md, "The
#: collector in a long-lived index process".
YOUNG_COLLECTION = 10_000
_CHANNEL_BITS = 2  # a key's low bits name its channel: one postings table serves every channel
#: The incoming article's number among the documents verified (stored articles go by their ``seq`` >= 1).
_NEW = 0
#: A stretch, as stored: ``(owner seq, start, end, partner seq)``; seq 0 is the article being inserted.
StoredStretch = tuple[int, int, int, int]
#: Candidates from the postings: stored seq -> channel names, and the colliding windows as rows ``(seq,
#: stored start, stored end, new start, new end, bands)``, each window pair once with the bands it shares,
#: sorted (an array: a check against a large index meets a thousand colliding windows, mostly chance ones
#: the assembly drops).
Found = tuple[dict[int, set[str]], np.ndarray]
#: Window rows (a window pair and one band) expanded at once before they are counted by window pair: a
#: copy of an article of a million characters collides in some 20 bands a window pair, 23 million rows
#: held at once (about 1.3 GB in one array) where its distinct window pairs are a twentieth of them.
_EXPAND_AT_ONCE = 1 << 21
#: Distinct colliding window pairs of one article with the stored ones at which a check or an add refuses
#: it (48 bytes each, held two or three times over while counted and assembled, and each pair then
#: verified: minutes). A text that repeats one passage met each of its copies in a stored copy of it, the
#: square of its length (a story repeated to a million characters: 4 billion band rows, 30 GiB asked for
#: at once); its windows are now paired along their order as a scan pairs them
#: (:func:`dedup.banding.paired_along`): that story's copy meets 2.6 million and is answered as the scan
#: answers it (3.1 GB), where a copy of a million characters of Reuters stories still meets 11.7 million
#: (its windows overlap their neighbours, and its stories repeat each other). benchmarks/RESULTS.md, "a
#: twenty-fourth look" and "a twenty-sixth look"; ``python benchmarks/long_check.py``.
MOST_WINDOW_PAIRS = 3_000_000


class Index:
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
        self._prepared = _Prepared(PREPARED)
        self._windowed = np.array([spec.window > 0 for spec in self.channels])  # by channel number
        #: rows of colliding windows each channel needs (those that need more than one; :meth:`_plausible`)
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
        _check_arguments(location, seed=seed, max_bucket=max_bucket, min_words=min_words, channels=channels)
        align, create = check_flag("align", align), check_flag("create", create)  # "false" is a true string
        common_words, common_from = _strings("common_words", common_words), _strings("common_from", common_from)
        Thresholds(min_confidence)  # refused here, before a new index is created for a session that cannot start
        store = open_storage(location, create=create)
        try:
            asked = recorded.record(channels, seed, max_bucket, common_words, min_words)
            stored = store.read_settings() or store.init_settings(recorded.record(
                channels or DEFAULT_CHANNELS, 1 if seed is None else seed,
                50 if max_bucket is None else max_bucket, common_words or (),
                MIN_WORDS if min_words is None else min_words, common_from=common_from))
            recorded.check_same(stored, asked, shown_location(location))
            return cls(store, stored, align=align, min_confidence=min_confidence)
        except SettingsError as exc:  # a stored setting out of range: every argument was checked before the store opened
            store.close()
            raise NotAnIndexError(f"{shown_location(location)}: its stored settings are damaged ({exc}); build a new "
                                  "index with dedup index add") from exc
        except DedupError:
            store.close()
            raise
        except (KeyError, TypeError, ValueError) as exc:  # a settings entry written by hand, or damaged
            store.close()
            raise NotAnIndexError(f"{shown_location(location)}: its stored settings are damaged ({type(exc).__name__}: "
                                  f"{exc}); build a new index with dedup index add") from exc
        except BaseException:
            store.close()
            raise

    @property
    def vocabulary(self) -> Vocabulary:
        """The common words frozen at creation (pass it to :func:`dedup.scan` for the same verdicts)."""
        return self._vocab

    # -- the API -------------------------------------------------------------------------------------

    def check(self, article: Document) -> list[Match]:
        """Stored articles that ``article`` duplicates, partly reuses or rewrites. Changes nothing."""
        article = _composed(article)
        text, keys, spans = self._sign(article)
        with self._lock:
            return self._match(article, text, keys, spans)[0]

    def add(self, article: Document) -> list[Match]:
        """Check ``article`` and add it, atomically. Returns its matches among the earlier articles."""
        article = _composed(article)
        text = self._validate(article)
        bounds = text_bounds([text])
        keys, spans = _nonempty(article, *self._signed_many([text], bounds)[0])
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
        articles, or fewer when their texts reach :data:`BATCH_CHARS` characters. ``progress(done)`` is
        called after each batch with the number of articles done so far.

        When ``articles`` fails midway (a generator that raises, an item that is no :class:`Document`),
        the articles it gave before are added, as :meth:`add` of each would have added them (a feed's
        articles already taken from it are not lost), and the error is raised then. A ``KeyboardInterrupt``
        (Ctrl-C) or ``SystemExit`` while it is read is raised at once: the batches committed before it are
        kept, the one in progress is not.
        """
        if isinstance(articles, (str, bytes, Document)) or not hasattr(articles, "__iter__"):
            raise TypeError(f"add_many() takes an iterable of Documents, not {type(articles).__name__}"
                            + (": give [article], or use add()" if isinstance(articles, Document) else ""))
        # as a scan refuses them: batch_size=0 or "100" was never met (every article in batches by characters
        # alone), workers=-1 or "4" taken or failed deep in a batch
        batch_size = check_whole("batch_size", batch_size, 1)
        if workers is not None:
            check_whole("workers", workers, 0)
        if progress is not None and not callable(progress):
            raise TypeError(f"progress must be a function called as progress(done), or None, not {type(progress).__name__}")
        done: list[tuple[Document, list[Match] | InputError]] = []
        pending: list[Document] = []
        chars = 0  # of the pending articles' texts
        given = iter(articles)
        while True:
            try:
                article = next(given)
                if not isinstance(article, Document):
                    self._validate(article)  # its TypeError
            except StopIteration:
                break
            except BaseException as exc:
                # a feed's error: the articles it gave are kept; a Ctrl-C (or an exit) while it is read stops
                # at once, the batch in progress not added, as one arriving while a batch is verified
                if pending and isinstance(exc, Exception):
                    done += self._add_batch(pending, workers)
                    if progress:
                        progress(len(done))
                    exc.add_note(f"dedup: the {len(done)} article{'s' if len(done) != 1 else ''} given before it "
                                 "were added")
                raise
            if isinstance(article.text, str) and len(article.text) >= ALONE_FROM:  # after those before it
                if pending:
                    done += self._add_batch(pending, workers)
                    pending, chars = [], 0
                done.append(self._add_alone(_composed(article)))
                if progress:
                    progress(len(done))
                continue
            pending.append(_composed(article))
            chars += min(len(article.text), self.max_chars) if isinstance(article.text, str) else 0
            if len(pending) == batch_size or chars >= BATCH_CHARS:
                done += self._add_batch(pending, workers)
                pending, chars = [], 0
                if progress:
                    progress(len(done))
        if pending:
            done += self._add_batch(pending, workers)
            if progress:
                progress(len(done))
        return done

    def _add_alone(self, article: Document) -> tuple[Document, list[Match] | InputError]:
        """:meth:`add` of one long article of :meth:`add_many`, its refusal as a batch's item is given."""
        try:
            return article, self.add(article)
        except InputError as exc:
            return article, exc

    def _add_batch(self, articles: list[Document], workers: int | None) -> list[tuple[Document, list[Match] | InputError]]:
        started = time.perf_counter()
        texts: list[str | InputError] = []
        for article in articles:
            try:
                texts.append(self._validate(article))
            except InputError as exc:
                texts.append(exc)
        valid = [t for t in texts if isinstance(t, str)]
        bounds = text_bounds(valid)
        signed = iter(signed_in_parts(self._signed_many, valid, bounds, workers=workers)) if valid else iter(())
        spans_of = iter(bounds.tolist())
        answers: list[list[Match] | InputError] = []
        items: list[Item] = []
        for text, article in zip(texts, articles):
            if isinstance(text, str):
                body = next(spans_of)
                try:
                    keys, spans = _nonempty(article, *next(signed))
                except InputError as exc:
                    text = exc
                else:
                    items.append(Item(article, text, keys, spans, _content_hash(text), bounds=(body[0], body[1])))
            answers.append(text if isinstance(text, InputError) else [])
        with self._lock, self._store.writing(many=True):
            added = iter(add_batch(self, items, workers=workers))
        out = [(article, answer if isinstance(answer, InputError) else next(added))
               for article, answer in zip(articles, answers)]
        log.info("added a batch of %d articles in %.2f s", len(articles), time.perf_counter() - started)
        return out

    def _add_signed(self, article: Document, text: str, keys: np.ndarray, spans: np.ndarray,
                    bounds: tuple[int, int] | None = None) -> list[Match]:
        """``add`` of a signed article; ``bounds``: its article proper, as signing found it (else found again)."""
        content_hash = _content_hash(text)
        with self._lock, self._store.writing():
            existing = self._store.find(id=article.id)
            if existing is not None:
                if existing.content_hash != content_hash:
                    raise DuplicateIdError(f"article id {article.id!r} is already indexed with another text"
                                           f"{replaced_in_id(article.id)}; remove it first to replace it")
                return self.matches(article.id, earlier_only=True)
            found, stretches = self._match(article, text, keys, spans, content_hash)
            stored = _stored(article, text, content_hash, bounds)
            matched = [StoredMatch(0, m.seq, m.verdict, m.channels,
                                   evidence_to_dict(m.evidence, confidence=m.confidence, why=m.why)) for m in found]
            added, seq = self._store.insert(stored, np.column_stack([keys, spans]), matched, stretches)
            if added and self._prepared.new is not None:  # its next copy finds it prepared
                self._prepared.keep({seq: stored}, {seq: self._prepared.new})
        if not added and self._store.find(id=article.id) is not None:
            return self.matches(article.id, earlier_only=True)  # another writer added it first (Redis)
        return found  # added, or the same text is stored under another id (reported as a duplicate of it)

    def contains(self, article_id: str) -> bool:
        """Whether an article with this id is indexed."""
        article_id = _given_id(article_id, "contains")
        with self._lock:
            return self._store.find(id=article_id) is not None

    def matches(self, article_id: str, *, earlier_only: bool = False) -> list[Match]:
        """Matches recorded for a stored article: with earlier articles and (unless ``earlier_only``) later ones."""
        article_id = _given_id(article_id, "matches")
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
        article_id = _given_id(article_id, "remove")
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
        if isinstance(store, _Closed):
            return
        self._store = _Closed(store)  # type: ignore[assignment]
        store.close()

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- stages --------------------------------------------------------------------------------------

    def _sign(self, article: Document) -> tuple[str, np.ndarray, np.ndarray]:
        """Validate, truncate at ``max_chars``, and compute the band keys of every channel."""
        text = self._validate(article)
        return (text, *_nonempty(article, *self._keys_many([text])[0]))

    def _validate(self, article: Document) -> str:
        """The text to index: refuses empty and too short articles, truncates at ``max_chars``."""
        if not isinstance(article, Document):
            raise TypeError(f"the index takes articles as Documents, not {type(article).__name__}: make it "
                            "Document(id, text)")
        if not isinstance(article.id, str) or not article.id.strip():  # " " names nothing, as in a feed's line
            raise InputError("an article needs a non-empty string id")
        text = article.text if isinstance(article.text, str) else ""
        if not text.strip():
            raise InputError(f"article {article.id!r} is empty: empty articles are never indexed")
        text = text[: self.max_chars]  # documented limit, the same as the corpus reader's MAX_CHARS
        words = count_words(text, most=self.min_words)  # the corpus reader's count: CJK and Thai characters per word
        if words < self.min_words:
            raise InputError(f"article {article.id!r} is too short ({words} word{'s' * (words != 1)}; the minimum is {self.min_words})")
        return text

    def _keys_many(self, texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per text: band keys (int64, channel in the low bits) and unit spans (``start << 32 | end``, 0 for
        whole documents), from the scan's own signing (:func:`dedup.signing.sign_batch`)."""
        return self._signed_many(texts, text_bounds(texts))

    def _signed_many(self, texts: Sequence[str], bounds: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """:meth:`_keys_many` of texts whose article-proper spans (:func:`dedup.signing.text_bounds`) are
        ``bounds``: a batch keeps them for what it stores and scores (each is computed once, not three times)."""
        signed = sign_batch(texts, bounds, self.channels, vocab=self._vocab, seed=self.seed)
        keys, spans, docs = [], [], []
        for number, (spec, (_, unit_doc, start, end, band)) in enumerate(zip(self.channels, signed)):
            keys.append(((band & ~np.uint64((1 << _CHANNEL_BITS) - 1)) | np.uint64(number)).reshape(-1))
            span = (start << 32) | end if spec.window else np.zeros(len(unit_doc), np.int64)
            spans.append(np.repeat(span.astype(np.int64), band.shape[1]))
            if len(texts) > 1:
                docs.append(np.repeat(unit_doc, band.shape[1]))
            if spec.dense_bands:  # a short article's windows have no key in the long articles' own bands
                there = band.reshape(-1) != NO_BAND
                keys[-1], spans[-1] = keys[-1][there], spans[-1][there]
                if len(texts) > 1:
                    docs[-1] = docs[-1][there]
        # each text's keys channel by channel, its units in order: a stable sort by text, then slices
        key, span = np.concatenate(keys).view(np.int64), np.concatenate(spans)
        if len(texts) == 1:  # a check's or an add's one article
            return [(key, span)]
        doc = np.concatenate(docs)
        order = np.argsort(doc, kind="stable")
        key, span, doc = key[order], span[order], doc[order]
        cut = np.searchsorted(doc, np.arange(len(texts) + 1)).tolist()
        return [(key[a:b], span[a:b]) for a, b in zip(cut, cut[1:])]

    def _candidates(self, keys: np.ndarray, spans: np.ndarray, stored_text: bool = False,
                    itself: int | None = None) -> Found:
        """Stored articles sharing a band key with the new one, skipping the buckets a scan of the stored
        articles plus this one skips (more than ``max_bucket`` articles, the new one among them: a scan
        counts a bucket's distinct texts, not its units), with the colliding windows (every window of the
        new article against every stored window under the key). ``stored_text``: the new article's text
        is stored (itself, or under another id), so it is counted among the stored articles already.
        ``itself``: the seq of the article itself, stored already (its id and text), whose postings are
        left out of the join: it is never its own match, and a long article meets every one of its own
        windows under each of its keys (a million characters checked once stored: 23 million window rows)."""
        # more are crowded with the new one, unless it is one of them
        posted = self._store.lookup(keys, most=self.max_bucket - (not stored_text), arrays=True)
        if itself is not None and len(posted):
            posted = posted[posted[:, 1] != itself]
        if not len(posted):
            return {}, np.zeros((0, 6), dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        keys, spans = keys[order], spans[order]
        # the new article's units under each posting's key: [lo, hi) of its sorted keys (the windows' pairs)
        lo, hi = np.searchsorted(keys, posted[:, 0], "left"), np.searchsorted(keys, posted[:, 0], "right")
        return self._pairs(posted, keys, spans, lo, hi, plausible=True)

    def _found(self, posted: Sequence[Sequence[int]] | np.ndarray, keys: Sequence[int] | np.ndarray,
               spans: Sequence[int] | np.ndarray) -> Found:
        """Candidates from the postings ``(key, seq, span)`` of uncrowded buckets, with the colliding
        windows (the new article's ``keys`` and ``spans``). In arrays: a form meets thousands of postings."""
        posted = np.asarray(posted, dtype=np.int64).reshape(-1, 3)
        keys, spans = np.asarray(keys, dtype=np.int64), np.asarray(spans, dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        keys, spans = keys[order], spans[order]
        return self._pairs(posted, keys, spans, np.searchsorted(keys, posted[:, 0], "left"),
                           np.searchsorted(keys, posted[:, 0], "right"))

    def _pairs(self, posted: np.ndarray, keys: np.ndarray, spans: np.ndarray, lo: np.ndarray, hi: np.ndarray, *,
               plausible: bool = False) -> Found:
        """:meth:`_found` of the new article's keys sorted (stably, with their ``spans``), each posting's
        key found among them at ``[lo, hi)``; ``plausible``: and then :meth:`_plausible`, in arrays (a
        check meets a few dozen stored articles, most of them chance collisions to drop)."""
        low = (1 << _CHANNEL_BITS) - 1
        channel = posted[:, 0] & low
        windowed = self._windowed[channel]
        if windowed.any():
            windows = _window_pairs(posted[windowed], spans, lo[windowed], hi[windowed])
        else:
            windows = np.zeros((0, 6), dtype=np.int64)
        codes = distinct((posted[:, 1] << _CHANNEL_BITS) | channel)  # each (seq, channel) once, by seq
        if plausible and self._need and len(codes):
            codes = codes[self._strong(codes, windows)]
        found: dict[int, set[str]] = {}
        for code in codes.tolist():
            found.setdefault(code >> _CHANNEL_BITS, set()).add(self.channels[code & low].name)
        return found, windows

    def _strong(self, codes: np.ndarray, windows: np.ndarray) -> np.ndarray:
        """Which sorted ``(seq << 2 | channel)`` codes belong to a stored article that :meth:`_plausible`
        keeps: one of its channels needs no more colliding window rows than it has (those of the
        passage channel: ``min_hits``; the others none) and, when it asks for ``min_bands`` (the passage
        channel: 2), has a window pair sharing that many bands (a row per band)."""
        if len(windows) <= _FEW_WINDOWS:
            return self._strong_few(codes, windows)
        seq = codes >> _CHANNEL_BITS
        channel = codes & ((1 << _CHANNEL_BITS) - 1)
        need = self._need_by_channel[channel]  # 0: the channel needs none
        bands = self._bands_by_channel[channel]
        owners, count, most = _window_rows(windows)
        if len(owners):
            at = np.searchsorted(owners, seq)
            at[at == len(owners)] = 0
            there = owners[at] == seq
            count, most = np.where(there, count[at], 0), np.where(there, most[at], 0)
        else:
            count = most = np.zeros(len(seq), dtype=np.int64)
        # enough rows (a channel that needs none always keeps it), and a window pair sharing enough bands
        keep = (count >= need) & ((need == 0) | (bands <= 1) | (most >= bands))
        strong = seq[keep]
        if not len(strong):
            return np.zeros(len(seq), dtype=bool)
        at = np.minimum(np.searchsorted(strong, seq), len(strong) - 1)
        return strong[at] == seq

    def _strong_few(self, codes: np.ndarray, windows: np.ndarray) -> np.ndarray:
        """:meth:`_strong` of a few colliding window rows (most checks: a few dozen), counted in Python:
        the same answer without the forty numpy calls, each of which costs more than its work here."""
        low = (1 << _CHANNEL_BITS) - 1
        rows: dict[int, int] = {}
        most: dict[int, int] = {}
        for seq, *_, count in windows.tolist():  # a window pair, and the bands it shares
            rows[seq] = rows.get(seq, 0) + count
            most[seq] = max(most.get(seq, 0), count)
        need, bands = self._need_by_channel.tolist(), self._bands_by_channel.tolist()
        codes_ = codes.tolist()
        strong = set()
        for code in codes_:
            seq, channel = code >> _CHANNEL_BITS, code & low
            least = need[channel]
            if rows.get(seq, 0) >= least and (least == 0 or bands[channel] <= 1 or most.get(seq, 0) >= bands[channel]):
                strong.add(seq)
        return np.array([code >> _CHANNEL_BITS in strong for code in codes_], dtype=bool)

    def _plausible(self, found: Found) -> Found:
        """``found`` without the stored articles the assembly is sure to drop: those proposed only by
        channels that ask for ``min_hits`` band collisions of colliding windows (or a window pair sharing
        ``min_bands``: one collision at least), with fewer colliding window rows than each of them needs,
        or with no window pair sharing its ``min_bands`` bands (a window pair has a row per band it
        shares). A pair's assembly depends on its own rows only, so the candidate set is the same; most
        checks meet only such chance collisions, and are answered without assembling them."""
        names, windows = found
        need = self._need
        if not names or not need:
            return found
        owners, rows, bands = _window_rows(windows)
        count = dict(zip(owners.tolist(), rows.tolist()))
        most = dict(zip(owners.tolist(), bands.tolist()))  # the bands a window pair shares
        drop = {seq for seq, channels in names.items()
                if all(name in need and (count.get(seq, 0) < need[name] or most.get(seq, 0) < self._bands[name])
                       for name in channels)}
        if not drop:
            return found
        # the windows stay: the assembly reads only those of the candidates it is given
        return {seq: channels for seq, channels in names.items() if seq not in drop}, windows

    def _match(self, article: Document, text: str, keys: np.ndarray, spans: np.ndarray,
               content_hash: str | None = None) -> tuple[list[Match], list[StoredStretch]]:
        """The verified matches among the candidates, and the closely shared stretches of every candidate
        pair (what :meth:`add` records so that later checks count the spread as a scan does).
        ``content_hash``: the text's :func:`_content_hash`, when the caller has it (taken here otherwise)."""
        self._prepared.new = None
        own = content_hash or _content_hash(text)
        # a text stored already (the article checked again, or a copy under another id) is in every bucket
        # of its keys: it counts once there with the new one, as a scan counts a bucket's distinct texts
        stored_text = self._store.find(content_hash=own) is not None
        itself = self._itself(article.id, own) if stored_text else None
        try:  # without those the assembly would drop (_plausible)
            found = self._candidates(keys, spans, stored_text, itself)
        except InputError as exc:  # too many window pairs: say whose
            raise InputError(f"article {article.id!r}: {exc}") from None
        log.info("article %r: %d candidates among the stored articles", article.id, len(found[0]))
        if not found[0]:
            return [], []
        # only the stored articles that stay candidates (a passage channel's min_hits, min_bands) are read back
        candidates = self._candidate_set(found, sorted(found[0]))
        if not len(candidates.pairs):
            return [], []
        stored = self._store.articles(distinct(candidates.pairs[:, 0]).tolist())
        # not the article itself, already stored; another text under the same id (two outlets' files of
        # one name, checked without being added) is another article
        selves = {s for s in stored if stored[s].id == article.id and stored[s].content_hash == own}
        if itself is not None:  # left out of the candidates: what its partners share with it is this pair's
            selves.add(itself)
        # the same text stored under another id: a copy of the new article, which counts once with it where
        # a stretch is shared (as a scan counts copies of one text)
        copies = {s: _NEW for s in stored if s not in selves and stored[s].content_hash == own}
        seqs = sorted(s for s in stored if s not in selves)
        if not seqs:
            return [], []
        if len(seqs) < len(stored):
            candidates = self._candidate_set(found, seqs)
        # the new article with its metadata: the aligner reads the direction from publication times
        new = Document(article.id, text, title=article.title, outlet=article.outlet, published=article.published,
                       url=article.url, language=article.language)
        docs = {s: _as_document(stored[s]) for s in seqs} | {_NEW: new}
        feats, rows, evidence = score_candidates(docs, candidates, self._vocab, self.thresholds,
                                                 known=self._prepared.features(stored, seqs))
        self._prepared.keep(stored, {s: feats[s] for s in seqs})
        self._prepared.new = feats.get(_NEW)
        new = close_stretches(rows, evidence, min_similarity=self.thresholds.spread_similarity, copies=copies)
        recorded_ = [(doc, start, end, partner) for doc, spans_ in new.items() for start, end, partner in spans_]
        # only the pairs that may be reported once their spread is counted go on (their answers depend on
        # their own rows and the stretches alone): a form meets dozens of stored forms, most of which
        # cannot reach the bar; when none can, the stored stretches are not even read
        hopeful = may_be_reported(docs, rows, evidence, feats, self.thresholds.bar(self.align), aligned=self.align,
                                  memo=False)
        if not any(hopeful):
            return [], recorded_
        if not all(hopeful):
            keep = np.flatnonzero(hopeful)
            candidates = candidate_rows(candidates, keep)
            evidence = [evidence[row] for row in keep.tolist()]
            seqs = candidates.pairs[:, 0].tolist()  # rows (stored, new)
        known: Stretches = self._store.stretches(seqs)
        if selves or copies:  # an article checked again once stored: what its partners share with it is this
            # pair's; and what they share with its copies, with it
            known = {doc: [s for s in spans_ if s[2] not in selves and s[2] not in copies] for doc, spans_ in known.items()}
        for doc, spans_ in new.items():
            known.setdefault(doc, []).extend(spans_)
        verified = verify(docs, candidates, self._vocab, self.thresholds, align=self.align, stretches=known,
                          evidence=evidence, known=feats, aligner=self._prepared.aligner,
                          reported_only=True, memo=False)  # texts read through caches that outlive the check
        rows_ = candidates.pairs.tolist()
        out = [Match.of(stored[rows_[v.row][0]], v.verdict, v.evidence.flipped(), channels_of(candidates, v.row), text,
                        v.alignment, confidence=v.confidence, why=v.why, incoming_language=article.language)
               for v in verified if v.verdict is not None]
        return sorted(out, key=Match.sort_key), recorded_

    def _itself(self, id_: str, content_hash: str) -> int | None:
        """The seq of the article stored under ``id_`` with this text, if it is (a check of an article
        once added), else None; the candidates' assembly drops it anyway (``selves`` in :meth:`_match`)."""
        stored = self._store.find(id=id_)
        return stored.seq if stored is not None and stored.content_hash == content_hash else None

    def _candidate_set(self, found: Found, seqs: list[int]) -> CandidateSet:
        """The candidate pairs ``(stored, new)`` through the scan's own assembly (a passage channel needs
        ``min_hits`` band collisions of its windows, one window pair sharing ``min_bands``, as in a scan)."""
        names, windows = found
        per_channel = {spec.name: np.array([(s, _NEW) for s in seqs if spec.name in names[s]], dtype=np.int64)
                       .reshape(-1, 2) for spec in self.channels}
        asked = np.asarray(seqs, dtype=np.int64)  # sorted
        windows = windows[_among(windows[:, 0], asked)]
        # ranked as assemble_candidates ranks its documents: _NEW (0) first, then the stored seqs
        numbers = np.concatenate([[_NEW], asked]).astype(np.int64)
        ranked = {name: np.searchsorted(numbers, p).reshape(-1, 2) for name, p in per_channel.items()}
        hits = np.empty((len(windows), 7), dtype=np.int64)  # (a, b, a_start, a_end, b_start, b_end, bands)
        hits[:, 0], hits[:, 1], hits[:, 2:] = np.searchsorted(numbers, windows[:, 0]), 0, windows[:, 1:]
        return assemble_ranked(ranked, hits, numbers, **evidence_rules(self.channels))


class _Prepared:
    """What verification computes of a stored article, kept for the next checks: its exact-score
    features and (in the aligner's own cache) its sentence table, for the ``size`` stored articles
    matched most recently. Wire copy keeps matching the same few articles (forms, running stories).
    Features are kept by ``seq`` and text: SQLite may give a removed article's ``seq`` to the next one
    added, by this process or another."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._aligner: Any = None
        self._features: OrderedDict[tuple[int, int], Features] = OrderedDict()
        #: the features of the article last matched, if computed (kept under its seq once it is added)
        self.new: Features | None = None

    @property
    def aligner(self) -> Any:
        """The sentence aligner whose cache keeps the tables (made on first use: its import is slow)."""
        if self._aligner is None:
            self._aligner = caching_aligner(self.size)
        return self._aligner

    def features(self, stored: dict[int, StoredArticle], seqs: Sequence[int]) -> dict[int, Features]:
        """The kept features of the articles ``seqs`` (of ``stored``) that are kept."""
        out = {}
        for seq in seqs:
            key = (seq, hash(stored[seq].text))
            if key in self._features:
                self._features.move_to_end(key)
                out[seq] = self._features[key]
        return out

    def keep(self, stored: dict[int, StoredArticle], found: dict[int, Features]) -> None:
        for seq, feats in found.items():
            key = (seq, hash(stored[seq].text))
            self._features[key] = feats
            self._features.move_to_end(key)
        while len(self._features) > self.size:
            self._features.popitem(last=False)


def _among(values: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """``np.isin(values, ordered)`` for a sorted ``ordered``, by a binary search: ``np.isin`` costs about
    50 us however small its arrays, more than the rest of a check's candidate set."""
    if not len(ordered):
        return np.zeros(len(values), dtype=bool)
    return ordered[np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)] == values


def _window_rows(windows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The stored articles of the colliding window pairs ``(seq, stored start, stored end, new start, new
    end, bands)`` (sorted, as :func:`_window_pairs` gives them); each one's band collisions; and the most
    bands one of its window pairs shares (what the assembly holds to ``min_bands``)."""
    if not len(windows):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    owner, bands = windows[:, 0], windows[:, 5]
    opens = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1])))
    return owner[opens], np.add.reduceat(bands, opens), np.maximum.reduceat(bands, opens)


def _window_pairs(rows: np.ndarray, spans: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Every stored posting ``(key, seq, span)`` of a window key (``rows``) against every window of the
    new article under that key (its sorted keys' ``spans[lo:hi]``), counted by window pair: rows ``(seq,
    stored start, stored end, new start, new end, bands)``, sorted. Expanded :data:`_EXPAND_AT_ONCE` rows
    at a time, so that a long article's copy is not held once per band it shares; more distinct pairs
    than :data:`MOST_WINDOW_PAIRS` are refused (:class:`InputError`), before they are all made."""
    parts, held = [], 0
    if len(rows) and int((hi - lo).max()) > MOST_REPEATS:  # the new article repeats a window under a key
        along, rows, lo, hi = _repeating_rows(rows, spans, lo, hi)
        if len(along):
            parts.append(_counted(along))
            held = len(parts[0])
            if held > MOST_WINDOW_PAIRS:
                raise InputError(_too_many_pairs())
    count = hi - lo
    ends = np.cumsum(count)
    start = 0
    while start < len(rows):
        # postings whose windows reach _EXPAND_AT_ONCE rows past those before them (one at least)
        stop = max(start + 1, int(np.searchsorted(ends, (ends[start - 1] if start else 0) + _EXPAND_AT_ONCE, "right")))
        c, first = count[start:stop], lo[start:stop]
        at = np.repeat(first - (np.cumsum(c) - c), c) + np.arange(int(c.sum()))
        row = np.repeat(np.arange(start, stop), c)
        theirs, mine = rows[row, 2], spans[at]
        parts.append(_counted(np.column_stack([rows[row, 1], theirs >> 32, theirs & 0xFFFFFFFF, mine >> 32,
                                               mine & 0xFFFFFFFF, np.ones(len(at), dtype=np.int64)])))
        held += len(parts[-1])
        if held > MOST_WINDOW_PAIRS:  # a pair met in two parts counts once
            parts = [_counted(np.concatenate(parts))]
            held = len(parts[0])
            if held > MOST_WINDOW_PAIRS:
                raise InputError(_too_many_pairs())
        start = stop
    if not parts:
        return np.zeros((0, 6), dtype=np.int64)
    return parts[0] if len(parts) == 1 else _counted(np.concatenate(parts))


def _repeating_rows(rows: np.ndarray, spans: np.ndarray, lo: np.ndarray, hi: np.ndarray):  # type: ignore[no-untyped-def]
    """The postings ``rows`` where a stored article and the new one each bring more than
    :data:`~dedup.banding.MOST_REPEATS` windows to a key (a text that repeats itself, stored and checked),
    paired along their order as a scan pairs them in its bucket (:func:`dedup.banding.paired_along`), not
    every posting with every window: ``(pairs, rows, lo, hi)``, those window pairs as rows ``(seq, stored
    start, stored end, new start, new end, 1)``, and the other postings with their ``[lo, hi)``, for
    :func:`_window_pairs` to expand."""
    order = np.lexsort((rows[:, 2], rows[:, 1], rows[:, 0]))  # by key, seq, span: a run is one bucket's article
    rows, lo, hi = rows[order], lo[order], hi[order]
    opens = np.flatnonzero(np.concatenate(([True], (rows[1:, :2] != rows[:-1, :2]).any(axis=1))))
    runs = np.diff(np.append(opens, len(rows)))
    both = (runs > MOST_REPEATS) & (hi[opens] - lo[opens] > MOST_REPEATS)
    found = [np.zeros((0, 6), dtype=np.int64)]
    for first, count in zip(opens[both].tolist(), runs[both].tolist()):
        theirs = rows[first : first + count, 2]  # sorted
        mine = np.sort(spans[lo[first] : hi[first]])
        i, j = paired_along(len(mine), count)
        found.append(np.column_stack([np.full(len(i), rows[first, 1]), theirs[j] >> 32, theirs[j] & 0xFFFFFFFF,
                                      mine[i] >> 32, mine[i] & 0xFFFFFFFF, np.ones(len(i), dtype=np.int64)]))
    rest = ~np.repeat(both, runs)
    return np.concatenate(found), rows[rest], lo[rest], hi[rest]


def _too_many_pairs() -> str:
    """Why an article meeting more than :data:`MOST_WINDOW_PAIRS` stored window pairs is not matched."""
    return (f"too many of its passages meet stored ones to be matched (more than {MOST_WINDOW_PAIRS:,} pairs of "
            "windows): a text that repeats a passage hundreds of times, or a copy of a very long one, stored "
            "already; give it without its repeats, or cut it into its articles")


def _counted(rows: np.ndarray) -> np.ndarray:
    """Rows ``(seq, stored start, stored end, new start, new end, bands)`` sorted, each window pair once
    with its bands summed."""
    if not len(rows):
        return rows
    rows = rows[np.lexsort(rows[:, :5].T[::-1])]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = (rows[1:, :5] != rows[:-1, :5]).any(axis=1)
    starts = np.flatnonzero(first)
    out = rows[starts]
    out[:, 5] = np.add.reduceat(rows[:, 5], starts)
    return out


class _Closed:
    """What a closed :class:`Index` holds in its storage's place: every use is one :class:`StorageError` naming
    the index, not the backend's own error (SQLite's ``ProgrammingError: Cannot operate on a closed
    database``, outside dedup's exception tree)."""

    def __init__(self, store: Any) -> None:
        self._where = getattr(store, "shown_url", None) or getattr(store, "path", None) or "the index"

    def close(self) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        raise StorageError(f"{self._where}: this index was closed; open it again (Index.open) to use it")


def _check_arguments(location: Any, *, seed: Any, max_bucket: Any, min_words: Any, channels: Any) -> None:
    """Refuse a location of another type, or a setting out of range, before any storage is opened: a new
    index must not be created (a file named "None", or settings a scan refuses) for a session that fails."""
    if not isinstance(location, (str, os.PathLike)):
        raise TypeError(f"an index location is a file path or a redis:// URL, not {type(location).__name__}")
    if seed is not None:
        check_seed(seed)
    for name, value, least in (("max_bucket", max_bucket, 2), ("min_words", min_words, 1)):
        if value is not None:
            check_whole(name, value, least)
    if channels is not None:
        check_channels(channels)


def _strings(name: str, given: Iterable[str] | None) -> list[str] | None:
    """``common_words`` or ``common_from`` as a list, refused before any storage is opened when it is one string
    (each of its letters would be a word, or a text) or holds anything but strings: ``[5]`` was "its stored
    settings are damaged" and left a new index behind, holding no settings, for a session that failed."""
    if given is None:
        return None
    kind = "words" if name == "common_words" else "texts"
    if isinstance(given, (str, bytes)):
        raise SettingsError(f"{name} must be a collection of {kind}, such as [{given!r:.60}], not one string")
    if not hasattr(given, "__iter__"):
        raise TypeError(f"{name} must be a collection of {kind} (strings), not {type(given).__name__}")
    out = given if isinstance(given, (list, tuple)) else list(given)  # a corpus's texts are not copied
    odd = next((item for item in out if not isinstance(item, str)), _NONE)
    if odd is not _NONE:
        raise TypeError(f"{name} must hold {kind} as strings, not {type(odd).__name__}"
                        + (" (decode the bytes first)" if isinstance(odd, bytes) else ""))
    return list(out) if isinstance(out, tuple) else out


_NONE = object()  # no item found (None is an item)


def _given_id(article_id: Any, method: str) -> str:
    """An id given to ``method``, as a :class:`Document` holds it (a lone surrogate as U+FFFD: SQLite
    failed with UnicodeEncodeError); an id that is no string is refused: ``remove(3)`` matched the id "3"
    on SQLite (its column's affinity makes text of the number), and ``remove(None)`` said it was not
    there as if it were an id."""
    if not isinstance(article_id, str):
        raise TypeError(f"{method}() takes an article's id as a string, not {type(article_id).__name__}")
    return id_key(str(valid_unicode(article_id)))


def _composed(article: Any) -> Any:
    r"""``article`` under its id as the index keeps it: in Unicode's composed form (:func:`dedup.article_ids.id_key`),
    as a scan reads ids. ``café`` with a composed ``é`` and with ``e`` and a combining accent (a file name from
    macOS) were two articles, each found under one spelling only; they are one id, as in a scan. Anything
    that is no :class:`Document` is left for the caller's TypeError."""
    if not isinstance(article, Document) or not isinstance(article.id, str):
        return article
    composed = id_key(article.id)
    return article if composed == article.id else replace(article, id=composed)


def _content_hash(text: str) -> str:
    """Whitespace-insensitive: a re-wrapped copy of a stored text is the same content."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _stored(article: Document, text: str, content_hash: str, bounds: tuple[int, int] | None = None, *,
            seq: int = 0) -> StoredArticle:
    """The row to store; ``bounds``: the text's :func:`~dedup.normalize.content_bounds`, when known; ``seq``:
    its number, when known before it is stored (a SQLite batch's)."""
    when = parse_published(article.published) if article.published else None
    return StoredArticle(seq, article.id, content_hash, text, article.title, article.outlet, article.published,
                         article.url, when.timestamp() if when else None, time.time(),
                         *(content_bounds(text) if bounds is None else bounds), language=article.language)


def _as_document(stored: StoredArticle) -> Document:
    return Document(stored.id, stored.text, title=stored.title, outlet=stored.outlet, published=stored.published, url=stored.url,
                    language=stored.language)


def _nonempty(article: Document, keys: np.ndarray, spans: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if not len(keys):
        raise InputError(f"article {article.id!r} has too few distinct word sequences to be indexed")
    return keys, spans


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
