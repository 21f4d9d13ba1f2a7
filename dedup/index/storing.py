"""Adding articles: one checked and stored atomically, many in batches (in order, each against every earlier one).

``add`` of one article checks it (:mod:`dedup.index.matching`) and stores it, its postings, its matches and
the stretches later checks count, in one write. ``add_many`` cuts a feed into batches (by count, and by
characters: a batch holds what its texts hold), signs each batch on threads and hands it to
:mod:`dedup.index.bulk`, which gives each article the answer ``add`` gives it; a very long article is
added alone, as ``add`` adds it. A feed that fails midway keeps the articles it gave before.
:class:`Storing` is the part of :class:`~dedup.index.Index` that does it.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Callable, Iterator

import numpy as np

from dedup.documents import Document, replaced_in_id
from dedup.errors import DuplicateIdError, InputError
from dedup.index.bulk import Item, add_batch, signed_in_parts
from dedup.index.intake import Intake, content_hash_of, nonempty, stored_row, with_composed_id
from dedup.index.match import Match, evidence_to_dict
from dedup.index.matching import Matching
from dedup.index.store import StoredMatch
from dedup.signatures import check_whole
from dedup.signing import text_bounds

__all__ = ["ALONE_FROM", "BATCH_CHARS", "Storing", "as_answer", "check_many"]

log = logging.getLogger(__name__)

#: Characters of text at which a batch closes before ``batch_size`` articles (:data:`~dedup.index.index.BATCH`):
#: what a batch holds grows with its texts (their postings, features and candidate windows), so a batch of long articles is cut
#: sooner, holding about what 1,000 articles of 5,000 characters held.
BATCH_CHARS = 5_000_000
#: Characters from which :meth:`Index.add_many` adds an article alone, as :meth:`Index.add` does (the same
#: answer): its colliding windows are counted by window pair a part at a time and bounded there
#: (:data:`~dedup.index.collisions.MOST_WINDOW_PAIRS`), where a batch expands every window row of its items
#: at once (a story repeated to a million characters added beside a copy of it: 30 GiB asked for, a traceback).
ALONE_FROM = 200_000

Added = list[tuple[Document, list[Match] | InputError]]


def as_answer(refusal: InputError) -> InputError:
    """A refusal kept as an article's answer (``add_many`` returns it, raises nothing), without its traceback.

    Its traceback holds the frame of the batch that caught it, and that frame the batch's articles, their
    band keys, verdicts and the refusal itself: a reference cycle, which kept every batch with a refused
    article (one Reuters story in 100 is too short) in memory until a full collection found it (15,000
    stories: 69,000 objects freed so, the load's peak memory 4-6% higher).

    >>> refusal = InputError("too short")
    >>> try:
    ...     raise refusal
    ... except InputError as exc:
    ...     as_answer(exc) is refusal, refusal.__traceback__
    (True, None)
    """
    return refusal.with_traceback(None)


def check_many(articles: Any, batch_size: Any, workers: Any, progress: Any) -> int:
    """``add_many``'s arguments refused before any article is read (as a scan refuses them: batch_size=0 or
    "100" was never met, every article in batches by characters alone; workers=-1 or "4" taken or failed
    deep in a batch); returns the batch size."""
    if isinstance(articles, (str, bytes, Document)) or not hasattr(articles, "__iter__"):
        raise TypeError(f"add_many() takes an iterable of Documents, not {type(articles).__name__}"
                        + (": give [article], or use add()" if isinstance(articles, Document) else ""))
    batch_size = check_whole("batch_size", batch_size, 1)
    if workers is not None:
        check_whole("workers", workers, 0)
    if progress is not None and not callable(progress):
        raise TypeError(f"progress must be a function called as progress(done), or None, not {type(progress).__name__}")
    return batch_size


class Storing(Matching, Intake):
    """The storing part of :class:`~dedup.index.Index`: writes to ``self._store`` under its lock (``_lock``),
    after the checks of :class:`Matching` on the keys of :class:`Intake`."""

    _lock: Any

    def _add_in_batches(self, given: Iterator[Any], batch_size: int, workers: int | None,
                        progress: Callable[[int], None] | None) -> Added:
        """:meth:`add_many` of the articles ``given``, checked: a batch closes at ``batch_size`` articles or at
        :data:`BATCH_CHARS` characters; an article of :data:`ALONE_FROM` characters is added alone, after the
        articles before it."""
        done: Added = []
        pending: list[Document] = []
        chars = 0  # of the pending articles' texts
        while (article := self._next_given(given, pending, done, workers, progress)) is not None:
            if isinstance(article.text, str) and len(article.text) >= ALONE_FROM:  # after those before it
                if pending:
                    done += self._add_batch(pending, workers)
                    pending, chars = [], 0
                done.append(self._add_alone(with_composed_id(article)))
                if progress:
                    progress(len(done))
                continue
            pending.append(with_composed_id(article))
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

    def _next_given(self, given: Iterator[Any], pending: list[Document], done: Added, workers: int | None,
                    progress: Callable[[int], None] | None) -> Document | None:
        """The next article of a feed (None at its end). When the feed fails (its generator raises, it gives
        something that is no :class:`Document`), the ``pending`` articles it gave before are added to
        ``done`` first, as :meth:`add` of each would have added them, and the error is raised then."""
        try:
            article = next(given)
            if not isinstance(article, Document):
                self._validate(article)  # its TypeError
        except StopIteration:
            return None
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
        return article

    def _add_alone(self, article: Document) -> tuple[Document, list[Match] | InputError]:
        """:meth:`add` of one long article of :meth:`add_many`, its refusal as a batch's item is given."""
        try:
            return article, self.add(article)
        except InputError as exc:
            return article, as_answer(exc)

    def _add_batch(self, articles: list[Document], workers: int | None) -> list[tuple[Document, list[Match] | InputError]]:
        """One batch of :meth:`add_many`: each article checked and signed (a refusal is its answer, the others
        go on), then checked and stored at once by :func:`dedup.index.bulk.add_batch` in one write."""
        started = time.perf_counter()
        texts: list[str | InputError] = []
        for article in articles:
            try:
                texts.append(self._validate(article))
            except InputError as exc:
                texts.append(as_answer(exc))
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
                    keys, spans = nonempty(article, *next(signed))
                except InputError as exc:
                    text = as_answer(exc)
                else:
                    items.append(Item(article, text, keys, spans, content_hash_of(text), bounds=(body[0], body[1])))
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
        content_hash = content_hash_of(text)
        with self._lock, self._store.writing():
            existing = self._store.find(id=article.id)
            if existing is not None:
                if existing.content_hash != content_hash:
                    raise DuplicateIdError(f"article id {article.id!r} is already indexed with another text"
                                           f"{replaced_in_id(article.id)}; remove it first to replace it")
                return self.matches(article.id, earlier_only=True)
            found, stretches = self._match(article, text, keys, spans, content_hash)
            stored = stored_row(article, text, content_hash, bounds)
            matched = [StoredMatch(0, m.seq, m.verdict, m.channels,
                                   evidence_to_dict(m.evidence, confidence=m.confidence, why=m.why)) for m in found]
            added, seq = self._store.insert(stored, np.column_stack([keys, spans]), matched, stretches)
            if added and self._prepared.new is not None:  # its next copy finds it prepared
                self._prepared.keep({seq: stored}, {seq: self._prepared.new})
        if not added and self._store.find(id=article.id) is not None:
            return self.matches(article.id, earlier_only=True)  # another writer added it first (Redis)
        return found  # added, or the same text is stored under another id (reported as a duplicate of it)
