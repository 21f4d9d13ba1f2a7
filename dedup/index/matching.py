"""Checking an article against the stored ones: its candidates scored, its spread counted, its pairs verified.

A check runs the scan's own stages on the candidates its band keys met (:mod:`dedup.index.collisions`):
exact scores (:func:`dedup.verify.score_candidates`), the closely shared stretches a later check counts
(:func:`dedup.evidence.close_stretches`), and verification (:func:`dedup.verify.verify`), so that a check
gives the verdict a scan of the stored articles plus this one gives. What verification computes of a
stored article is kept for the next checks (:class:`Prepared`): wire copy keeps matching the same few.
:class:`Matching` is the part of :class:`~dedup.index.Index` that does it.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any, NamedTuple, Sequence

import numpy as np

from dedup.candidate_sets import candidate_rows
from dedup.candidates import CandidateSet
from dedup.documents import Document
from dedup.errors import InputError
from dedup.evidence import Stretches, close_stretches
from dedup.exact_sets import Features
from dedup.index.collisions import NEW, Collisions
from dedup.index.intake import content_hash_of
from dedup.index.match import Match
from dedup.index.store import StoredArticle, distinct
from dedup.reachable import hopes_before_spread
from dedup.verify import caching_aligner, channels_of, score_candidates, verify

__all__ = ["Matching", "Prepared", "PREPARED", "StoredStretch", "as_document"]

log = logging.getLogger(__name__)

#: Stored articles whose features and sentence tables an open index keeps (about 150 kB each at 800 words).
PREPARED = 1024
#: A stretch, as stored: ``(owner seq, start, end, partner seq)``; seq 0 is the article being inserted.
StoredStretch = tuple[int, int, int, int]


class Partners(NamedTuple):
    """The stored articles a check goes on with (:meth:`Matching._partners`): the candidate pairs ``(stored,
    new)``, the stored rows read back, the article itself where it is stored already (``selves``), its text
    stored under another id (``copies``, each counted as the new article), and the others' seqs, sorted."""

    candidates: CandidateSet
    stored: dict[int, StoredArticle]
    selves: set[int]
    copies: dict[int, int]
    seqs: list[int]


class Matching(Collisions):
    """The matching part of :class:`~dedup.index.Index`, on its candidates (:class:`Collisions`): reads
    ``self._store``, its common words (``_vocab``), ``thresholds``, ``align`` and the features it keeps
    (``_prepared``)."""

    _store: Any
    _vocab: Any
    thresholds: Any
    align: bool
    _prepared: "Prepared"

    def _match(self, article: Document, text: str, keys: np.ndarray, spans: np.ndarray,
               content_hash: str | None = None) -> tuple[list[Match], list[StoredStretch]]:
        """The verified matches among the candidates, and the closely shared stretches of every candidate
        pair (what :meth:`add` records so that later checks count the spread as a scan does).
        ``content_hash``: the text's :func:`content_hash_of`, when the caller has it (taken here otherwise)."""
        self._prepared.new = None
        own = content_hash or content_hash_of(text)
        partners = self._partners(article, keys, spans, own)
        if partners is None:
            return [], []
        candidates, stored, selves, copies, seqs = partners
        # the new article with its metadata: the aligner reads the direction from publication times
        new = Document(article.id, text, title=article.title, outlet=article.outlet, published=article.published,
                       url=article.url, language=article.language)
        docs = {s: as_document(stored[s]) for s in seqs} | {NEW: new}
        feats, rows, evidence = score_candidates(docs, candidates, self._vocab, self.thresholds,
                                                 known=self._prepared.features(stored, seqs))
        self._prepared.keep(stored, {s: feats[s] for s in seqs})
        self._prepared.new = feats.get(NEW)
        new = close_stretches(rows, evidence, min_similarity=self.thresholds.spread_similarity, copies=copies)
        recorded_ = [(doc, start, end, partner) for doc, spans_ in new.items() for start, end, partner in spans_]
        # only the pairs that may be reported once their spread is counted go on (their answers depend on
        # their own rows and the stretches alone): a form meets dozens of stored forms, most of which
        # cannot reach the bar; when none can, the stored stretches are not even read
        hopeful, vectors = hopes_before_spread(docs, rows, evidence, feats, self.thresholds.bar(self.align),
                                               aligned=self.align, memo=False)
        if not any(hopeful):
            return [], recorded_
        if not all(hopeful):
            keep = np.flatnonzero(hopeful)
            candidates = candidate_rows(candidates, keep)
            evidence = [evidence[row] for row in keep.tolist()]
            vectors = None if vectors is None else vectors[keep]
            seqs = candidates.pairs[:, 0].tolist()  # rows (stored, new)
        known = self._known_stretches(seqs, new, selves, copies)
        # a row whose spread changes nothing keeps the features read for the cut (verification's own rows)
        before = None if vectors is None else list(zip(evidence, vectors))
        verified = verify(docs, candidates, self._vocab, self.thresholds, align=self.align, stretches=known,
                          evidence=evidence, known=feats, aligner=self._prepared.aligner,
                          reported_only=True, memo=False,  # texts read through caches that outlive the check
                          before_spread=before)
        rows_ = candidates.pairs.tolist()
        out = [Match.of(stored[rows_[v.row][0]], v.verdict, v.evidence.flipped(), channels_of(candidates, v.row), text,
                        v.alignment, confidence=v.confidence, why=v.why, incoming_language=article.language)
               for v in verified if v.verdict is not None]
        return sorted(out, key=Match.sort_key), recorded_

    def _partners(self, article: Document, keys: np.ndarray, spans: np.ndarray, own: str) -> Partners | None:
        """The stored candidates of :meth:`_match` worth scoring, read back (None when there are none): the
        article itself and its copies are told apart here, before any score, because each counts otherwise
        (itself never; a copy of its text as the new article, where a stretch is shared)."""
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
            return None
        # only the stored articles that stay candidates (a passage channel's min_hits, min_bands) are read back
        candidates = self._candidate_set(found, sorted(found[0]))
        if not len(candidates.pairs):
            return None
        stored = self._store.articles(distinct(candidates.pairs[:, 0]).tolist())
        # not the article itself, already stored; another text under the same id (two outlets' files of
        # one name, checked without being added) is another article
        selves = {s for s in stored if stored[s].id == article.id and stored[s].content_hash == own}
        if itself is not None:  # left out of the candidates: what its partners share with it is this pair's
            selves.add(itself)
        # the same text stored under another id: a copy of the new article, which counts once with it where
        # a stretch is shared (as a scan counts copies of one text)
        copies = {s: NEW for s in stored if s not in selves and stored[s].content_hash == own}
        seqs = sorted(s for s in stored if s not in selves)
        if not seqs:
            return None
        if len(seqs) < len(stored):
            candidates = self._candidate_set(found, seqs)
        return Partners(candidates, stored, selves, copies, seqs)

    def _known_stretches(self, seqs: list[int], new: Stretches, selves: set[int], copies: dict[int, int]) -> Stretches:
        """The stretches the candidates ``seqs`` share, as stored, with the check's own (``new``) added: the
        spread a scan of the stored articles plus this one counts."""
        known: Stretches = self._store.stretches(seqs)
        if selves or copies:  # an article checked again once stored: what its partners share with it is this
            # pair's; and what they share with its copies, with it
            known = {doc: [s for s in spans_ if s[2] not in selves and s[2] not in copies] for doc, spans_ in known.items()}
        for doc, spans_ in new.items():
            known.setdefault(doc, []).extend(spans_)
        return known

    def _itself(self, id_: str, content_hash: str) -> int | None:
        """The seq of the article stored under ``id_`` with this text, if it is (a check of an article
        once added), else None; the candidates' assembly drops it anyway (``selves`` in :meth:`_match`)."""
        stored = self._store.find(id=id_)
        return stored.seq if stored is not None and stored.content_hash == content_hash else None


class Prepared:
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


def as_document(stored: StoredArticle) -> Document:
    return Document(stored.id, stored.text, title=stored.title, outlet=stored.outlet, published=stored.published, url=stored.url,
                    language=stored.language)
