"""``Index``: a persistent index that flags syndicated copy as articles arrive.

The batch scan (:mod:`dedup.pipeline`) sees a whole corpus at once; an ingest pipeline sees one article
at a time and must answer "which stored articles is this a copy of?" in milliseconds. ``Index`` runs the
scan's own stages on that one article (:func:`~dedup.shingles.tokenize_batch`,
:func:`~dedup.candidates.channel_units`, :func:`~dedup.candidates.sign_units`, then
:func:`~dedup.verify.features`, :func:`~dedup.verify.score_pair` and
:func:`~dedup.verify.decide_verdict`), looks its band keys up in a :mod:`dedup.store` backend and
verifies each stored candidate exactly, so an index and a scan of the same corpus report the same pairs.

Common words: the scan leaves out words found in more than 1% of the corpus (and at least 50 documents)
from the ``content`` and ``passage`` channels. An incremental index cannot recount that as articles
arrive without re-signing every stored article, so it uses a *fixed* list frozen in the index settings at
creation: derived with the scan's own rule from a sample of texts (``common_from=``; ``dedup index add``
passes the corpus it is adding) or named (``common_words=``); empty when neither is given, which is also
what a scan of fewer than 50 documents uses. Without it, template vocabulary ("shr", "net", "mln") costs
extra candidates, which exact verification and the fact check then reject, at about a millisecond each.

>>> import tempfile, os
>>> text = ("Norges Bank raised its key interest rate by a quarter point to 4.5 on Tuesday, its first "
...         "increase in seven years, citing persistent inflation in Oslo services and wages.")
>>> with tempfile.TemporaryDirectory() as tmp, Index.open(os.path.join(tmp, "news.db")) as index:
...     _ = index.add(Document("wire-1", text, outlet="wire"))
...     [(m.id, m.verdict) for m in index.check(Document("paper-1", text + " More follows."))]
[('wire-1', 'duplicate')]
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import fields
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import numpy as np

from dedup.candidates import DEFAULT_CHANNELS, ChannelSpec, channel_units, sign_units
from dedup.candidates import Vocabulary, boilerplate_tokens, learn_vocabulary
from dedup.documents import MAX_CHARS, MIN_WORDS, Document, parse_published
from dedup.errors import DuplicateIdError, IndexMismatchError, InputError
from dedup.match import Match, evidence_from_dict, evidence_to_dict
from dedup.normalize import content_bounds
from dedup.shingles import hash_tokens, tokenize_batch
from dedup.store import Storage, StoredArticle, StoredMatch, open_storage
from dedup.pipeline import VOCABULARY_SAMPLE, fit_aligner, worth_aligning
from dedup.verify import Thresholds, decide_verdict, features, link_facts, score_pair, text_verdict, with_spread

__all__ = ["Index", "Match", "INDEX_FORMAT"]

#: Bumped whenever stored keys or rows change meaning; an index of another format is refused.
INDEX_FORMAT = 1
#: Names of the hashing schemes the stored keys depend on (see shingles.py and signatures.py).
SCHEME = {"tokens": "utf8-bytes-tabulation64/1", "minhash": "oph-optimal-densification-splitmix64/1",
          "bands": "fnv-fold-splitmix64/1"}
_CHANNEL_BITS = 2  # a key's low bits name its channel: one postings table serves every channel


def _channel_dict(spec: ChannelSpec) -> dict[str, Any]:
    banding = spec.banding
    return {f.name: getattr(spec, f.name) for f in fields(spec)} | {"bands": banding.bands, "rows": banding.rows}


class Index:
    """A persistent near-duplicate index. Open it with :meth:`open`; use it as a context manager.

    ``check`` is read-only; ``add`` checks and adds in one atomic step and is idempotent: adding an id
    (or a text) already stored changes nothing and returns the matches recorded the first time.
    """

    def __init__(self, storage: Storage, settings: dict[str, Any], *, align: bool = True) -> None:
        self._store = storage
        self.settings = settings
        self.channels = tuple(ChannelSpec(**c) for c in settings["channels"])
        self.thresholds = Thresholds(**settings["thresholds"])
        self.seed = int(settings["seed"])
        self.max_bucket = int(settings["max_bucket"])
        self.min_words = int(settings["min_words"])
        self.max_chars = int(settings["max_chars"])
        self.align = align
        self._vocab = _vocabulary(settings["vocabulary"])
        self._lock = threading.RLock()

    @classmethod
    def open(
        cls,
        location: str | Path,
        *,
        channels: Sequence[ChannelSpec] | None = None,
        thresholds: Thresholds | None = None,
        seed: int | None = None,
        max_bucket: int | None = None,
        common_words: Iterable[str] | None = None,
        common_from: Sequence[str] | None = None,
        min_words: int | None = None,
        align: bool = True,
        create: bool = True,
    ) -> "Index":
        """Open (or create) the index at a file path (SQLite) or a ``redis://host:port/db`` URL.

        Settings left as None take the stored values (or the defaults for a new index); settings given
        must equal the stored ones, otherwise :class:`IndexMismatchError` says which differ: keys made
        with other settings would silently never match. ``align`` (the default, as in ``scan``) aligns
        the sentences of the candidates worth it before the verdict: a heavy rewrite is reported as one
        only so. ``align=False`` is faster and gives ``scan(align=False)``'s verdicts (rewrites then show
        only as their reworded passages, ``partial``); the alignment is still there on demand.

        ``common_from`` (texts) only matters when the index is created: the words found in more than 1% of
        them are frozen as the common words, exactly as a scan derives them from its corpus. Give a sample
        of the articles to come (``dedup index add`` gives the corpus it adds); ``common_words`` instead
        names the words. ``create=False`` (for reading: check, stats) raises
        :class:`~dedup.errors.NotAnIndexError` instead of creating a missing index.
        """
        store = open_storage(location, create=create)
        try:
            asked = _settings(channels, thresholds, seed, max_bucket, common_words, min_words)
            stored = store.read_settings() or store.init_settings(_settings(
                channels or DEFAULT_CHANNELS, thresholds or Thresholds(), 1 if seed is None else seed,
                50 if max_bucket is None else max_bucket, common_words or (), min_words or MIN_WORDS,
                common_from=common_from))
            _compare(stored, asked, str(location))
        except BaseException:
            store.close()
            raise
        return cls(store, stored, align=align)

    # -- the API -------------------------------------------------------------------------------------

    def check(self, article: Document) -> list[Match]:
        """Stored articles that ``article`` duplicates, partly reuses or rewrites. Changes nothing."""
        text, keys, spans = self._sign(article)
        with self._lock:
            return self._match(article, text, keys, spans)

    def add(self, article: Document) -> list[Match]:
        """Check ``article`` and add it, atomically. Returns its matches among the earlier articles."""
        text, keys, spans = self._sign(article)
        return self._add_signed(article, text, keys, spans)

    def add_many(self, articles: Iterable[Document], *, batch_size: int = 500) -> Iterator[tuple[Document, list[Match] | InputError]]:
        """Add many articles in order, each checked against every earlier one: ``(article, matches)``, or
        ``(article, InputError)`` for one that cannot be indexed (the others go on).

        Same result as calling :meth:`add` on each, several times faster: articles are signed in
        vectorised batches, and on SQLite a batch is committed at once (a crash loses the batch in progress,
        never part of an article).
        """
        pending: list[Document] = []
        for article in articles:
            pending.append(article)
            if len(pending) == batch_size:
                yield from self._add_batch(pending)
                pending = []
        if pending:
            yield from self._add_batch(pending)

    def _add_batch(self, articles: list[Document]) -> list[tuple[Document, list[Match] | InputError]]:
        texts: list[str | InputError] = []
        for article in articles:
            try:
                texts.append(self._validate(article))
            except InputError as exc:
                texts.append(exc)
        valid = [t for t in texts if isinstance(t, str)]
        signed = iter(self._keys_many(valid)) if valid else iter(())
        out: list[tuple[Document, list[Match] | InputError]] = []
        with self._lock, self._store.writing():
            for article, text in zip(articles, texts):
                if isinstance(text, InputError):
                    out.append((article, text))
                    continue
                keys, spans = next(signed)
                try:
                    out.append((article, self._add_signed(article, text, *_nonempty(article, keys, spans))))
                except InputError as exc:
                    out.append((article, exc))
        return out

    def _add_signed(self, article: Document, text: str, keys: np.ndarray, spans: np.ndarray) -> list[Match]:
        content_hash = _content_hash(text)
        with self._lock, self._store.writing():
            existing = self._store.find(id=article.id)
            if existing is not None:
                if existing.content_hash != content_hash:
                    raise DuplicateIdError(f"article id {article.id!r} is already indexed with another text; "
                                           "remove it first to replace it")
                return self.matches(article.id, earlier_only=True)
            found = self._match(article, text, keys, spans)
            stored = _stored(article, text, content_hash)
            recorded = [StoredMatch(0, m.seq, m.verdict, m.channels, evidence_to_dict(m.evidence)) for m in found]
            added, _ = self._store.insert(stored, list(zip(keys.tolist(), spans.tolist())), recorded)
        if not added and self._store.find(id=article.id) is not None:
            return self.matches(article.id, earlier_only=True)  # another writer added it first (Redis)
        return found  # added, or the same text is stored under another id (reported as a duplicate of it)

    def contains(self, article_id: str) -> bool:
        """Whether an article with this id is indexed."""
        with self._lock:
            return self._store.find(id=article_id) is not None

    def matches(self, article_id: str, *, earlier_only: bool = False) -> list[Match]:
        """Matches recorded for a stored article: with earlier articles and (unless ``earlier_only``) later ones."""
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
            out.append(Match.of(other, m.verdict, ev if mine else ev.flipped(), m.channels, stored.text))
        return sorted(out, key=Match.sort_key)

    def remove(self, article_id: str) -> bool:
        """Remove an article, its postings and its matches. False when it was not indexed."""
        with self._lock, self._store.writing():
            stored = self._store.find(id=article_id)
            if stored is None:
                return False
            keys, _ = self._keys_many([stored.text])[0]
            self._store.delete(stored.seq, keys)
        return True

    def prune(self, older_than: datetime | timedelta) -> int:
        """Remove articles published (or, without a date, added) before a date or longer ago than a delta."""
        cutoff = datetime.now(timezone.utc) - older_than if isinstance(older_than, timedelta) else older_than
        if cutoff.tzinfo is None:
            cutoff = cutoff.replace(tzinfo=timezone.utc)
        removed = 0
        for _, article_id in self._store.older_than(cutoff.timestamp()):
            removed += self.remove(article_id)
        return removed

    def stats(self) -> dict[str, Any]:
        """Counts, size and settings (for ``dedup index stats``)."""
        with self._lock:
            out = self._store.stats()
        out["bytes_per_article"] = round(out["bytes"] / out["articles"]) if out.get("articles") and out.get("bytes") else None
        out["settings"] = {k: v for k, v in self.settings.items() if k != "common_hashes"} | {
            "common_words": len(self.settings["vocabulary"]["words"])}
        return out

    def close(self) -> None:
        self._store.close()

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
        if not isinstance(article.id, str) or not article.id:
            raise InputError("an article needs a non-empty string id")
        text = article.text if isinstance(article.text, str) else ""
        if not text.strip():
            raise InputError(f"article {article.id!r} is empty: empty articles are never indexed")
        text = text[: self.max_chars]  # documented limit, the same as the corpus reader's MAX_CHARS
        words = len(text.split())
        if words < self.min_words:
            raise InputError(f"article {article.id!r} is too short ({words} words; the minimum is {self.min_words})")
        return text

    def _keys_many(self, texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per text: band keys (int64, channel in the low bits) and unit spans (``start << 32 | end``, 0 for
        whole documents). Signed as one batch, as the scan does; each unit's keys depend on it alone."""
        batch = tokenize_batch(list(texts))
        bounds = np.array([content_bounds(t) for t in texts], dtype=np.int64).reshape(-1, 2)
        keys: list[list[np.ndarray]] = [[] for _ in texts]
        spans: list[list[np.ndarray]] = [[] for _ in texts]
        boilerplate = boilerplate_tokens(batch, self._vocab)
        for number, spec in enumerate(self.channels):
            shingles, unit, unit_doc, start, end = channel_units(
                batch, spec, vocab=self._vocab, content_bounds=bounds, boilerplate=boilerplate
            )
            indexed, band = sign_units(shingles, unit, len(unit_doc), spec, seed=self.seed)
            tagged = (band & ~np.uint64((1 << _CHANNEL_BITS) - 1)) | np.uint64(number)
            span = (start[indexed] << 32) | end[indexed] if spec.window else np.zeros(len(indexed), np.int64)
            cut = np.searchsorted(unit_doc[indexed], np.arange(len(texts) + 1))  # units come in document order
            for i in range(len(texts)):
                keys[i].append(tagged[cut[i] : cut[i + 1]].reshape(-1))
                spans[i].append(np.repeat(span[cut[i] : cut[i + 1]].astype(np.int64), band.shape[1]))
        return [(np.concatenate(k).view(np.int64), np.concatenate(p)) for k, p in zip(keys, spans)]

    def _match(self, article: Document, text: str, keys: np.ndarray, spans: np.ndarray) -> list[Match]:
        """Candidates from the postings (skipping boilerplate buckets), verified exactly."""
        rows = self._store.lookup(keys)
        if not rows:
            return []
        posted = np.array(rows, dtype=np.int64).reshape(-1, 3)
        new_keys, new_count = np.unique(keys, return_counts=True)
        stored_keys, stored_count = np.unique(posted[:, 0], return_counts=True)
        size = stored_count + new_count[np.searchsorted(new_keys, stored_keys)]
        crowded = stored_keys[size > self.max_bucket]  # the scan skips the same buckets (max_bucket)
        posted = posted[~np.isin(posted[:, 0], crowded)]
        candidates: dict[int, tuple[set[str], set[tuple[tuple[int, int], tuple[int, int]]]]] = {}
        span_of = {}
        for k, s in zip(keys.tolist(), spans.tolist()):
            span_of.setdefault(k, []).append(s)
        for key, seq, span in posted.tolist():
            channel = self.channels[key & ((1 << _CHANNEL_BITS) - 1)]
            names, windows = candidates.setdefault(seq, (set(), set()))
            names.add(channel.name)
            if channel.window:
                for mine in span_of[key]:
                    windows.add((_unpack(span), _unpack(mine)))
        return self._verify(article, text, candidates)

    def _verify(self, article: Document, text: str, candidates: dict) -> list[Match]:  # type: ignore[type-arg]
        """The scan's verification: features, ``score_pair`` (stored article first), ``decide_verdict``."""
        stored = self._store.articles(list(candidates))
        order = sorted(stored)
        batch = tokenize_batch([text] + [stored[s].text for s in order])
        bounds = [content_bounds(text)] + [(stored[s].body_start, stored[s].body_end) for s in order]
        feats = features(batch, np.array(bounds, dtype=np.int64).reshape(-1, 2), vocab=self._vocab,
                         boilerplate=boilerplate_tokens(batch, self._vocab))
        aligner = None  # fitted on the article and its candidates, once one pair needs it
        # not the article itself, already stored; another text under the same id (two outlets' files of
        # one name, checked without being added) is another article
        keep = [(k, seq) for k, seq in enumerate(order) if (stored[seq].id, stored[seq].text) != (article.id, text)]
        scored = [score_pair(feats[k + 1], feats[0], windows=sorted(candidates[seq][1]),
                             len_a=len(stored[seq].text), len_b=len(text)) for k, seq in keep]
        # how many stored articles share each passage of the new one (forms turn up in many)
        scored = with_spread([(k + 1, 0) for k, _ in keep], scored, min_similarity=self.thresholds.spread_similarity)
        out = []
        for (k, seq), ev in zip(keep, scored):
            other, names = stored[seq], candidates[seq][0]
            alignment = None
            # aligned before the verdict only where it can decide it (shared text decides alone); the
            # alignment of any match is there on demand (``Match.alignment()``)
            decides = text_verdict(ev, self.thresholds) is None and worth_aligning(ev, self.thresholds)
            if self.align and decides:
                aligner = aligner or _fit_aligner(article, text, [stored[s] for s in order])
                alignment = aligner.align(_as_document(other), Document(article.id, text))
            facts = link_facts(feats[k + 1], feats[0], alignment, other.id)
            verdict = decide_verdict(ev, alignment, self.thresholds, facts_in_links=facts)
            if verdict is not None:
                out.append(Match.of(other, verdict, ev.flipped(), tuple(sorted(names)), text, alignment))
        return sorted(out, key=Match.sort_key)


def _settings(channels, thresholds, seed, max_bucket, common_words, min_words, common_from=None) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The recorded settings; entries left as None are not compared."""
    from dedup import __version__

    vocabulary = None
    if common_words is not None or common_from:
        vocabulary = {"words": [], "shares": [], "grams": [], "limit": 0.0}
        if common_from:  # the scan's own rule, on an even sample of the texts given
            texts = list(common_from)
            sample = texts[:: max(1, -(-len(texts) // VOCABULARY_SAMPLE))]
            learnt = learn_vocabulary(tokenize_batch(sample), corpus_size=len(texts))
            vocabulary = {"words": [int(h) for h in learnt.words], "shares": [float(x) for x in learnt.shares],
                          "grams": [int(h) for h in learnt.grams], "limit": float(learnt.limit)}
        for h in np.unique(hash_tokens(sorted(set(common_words or ())))):  # named words: always common
            vocabulary["words"].append(int(h))
            vocabulary["shares"].append(1.0)
    return {
        "format": INDEX_FORMAT,
        "scheme": SCHEME,
        "dedup_version": __version__,
        "channels": None if channels is None else [_channel_dict(c) for c in channels],
        "thresholds": None if thresholds is None else vars(thresholds),
        "seed": seed,
        "max_bucket": max_bucket,
        "vocabulary": vocabulary,
        "min_words": min_words,
        "max_chars": MAX_CHARS,
    }


def _vocabulary(stored: dict[str, Any] | None) -> Vocabulary:
    if not stored:
        return Vocabulary.empty()
    words = np.array(stored["words"], dtype=np.uint64)
    order = np.argsort(words, kind="stable")
    return Vocabulary(words[order], np.array(stored["shares"], dtype=float)[order],
                      np.unique(np.array(stored["grams"], dtype=np.uint64)), float(stored["limit"]))


def _compare(stored: dict[str, Any], asked: dict[str, Any], where: str) -> None:
    """Refuse an index built with other settings (dedup_version is recorded, not compared: a release that
    changes stored keys bumps ``format`` or a ``scheme`` name)."""
    import json

    differ = [name for name, value in asked.items() if name != "dedup_version" and value is not None
              and json.loads(json.dumps(value)) != stored.get(name)]
    if differ:
        raise IndexMismatchError(
            f"{where} was built with other settings ({', '.join(differ)}): open it without those settings "
            "to use the stored ones, or build a new index")


def _content_hash(text: str) -> str:
    """Whitespace-insensitive: a re-wrapped copy of a stored text is the same content."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _stored(article: Document, text: str, content_hash: str) -> StoredArticle:
    when = parse_published(article.published) if article.published else None
    return StoredArticle(0, article.id, content_hash, text, article.title, article.outlet, article.published,
                         article.url, when.timestamp() if when else None, time.time(), *content_bounds(text))


def _unpack(span: int) -> tuple[int, int]:
    return (span >> 32, span & 0xFFFFFFFF)


def _as_document(stored: StoredArticle) -> Document:
    return Document(stored.id, stored.text, title=stored.title, outlet=stored.outlet, published=stored.published, url=stored.url)


def _fit_aligner(article: Document, text: str, others: Sequence[StoredArticle]):  # type: ignore[no-untyped-def]
    """Fitted on the article and its candidates, as the scan fits it on the documents of candidate pairs."""
    if not others:
        return None
    return fit_aligner([Document(article.id, text)] + [_as_document(o) for o in others])


def _nonempty(article: Document, keys: np.ndarray, spans: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if not len(keys):
        raise InputError(f"article {article.id!r} has too few distinct word sequences to be indexed")
    return keys, spans
