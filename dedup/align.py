"""Sentence-level alignment of two articles: which sentences of one were taken from the other, and how.

``SentenceAligner`` is a scikit-learn-shaped estimator: ``fit`` learns sentence-level IDF from a corpus,
``align`` links the sentences of a pair. Each derived sentence is linked to its best-scoring source
sentence when the score clears ``link_threshold`` and the pair is linkable (see ``dedup.similarity``:
enough shared wording, no contradicting names or numbers). Order does not matter (reordered paragraphs
link), a derived sentence may take two source sentences (a merge), and neighbouring derived sentences
may share one source sentence (a split).

>>> from dedup.documents import Document
>>> a = Document("wire", "Heavy rain flooded the river valley on Monday. Roads were closed.")
>>> b = Document("copy", "Heavy rain flooded the river valley on Monday. Roads were closed.")
>>> SentenceAligner().align(a, b).verdict
'wholly_derived'
"""

from __future__ import annotations

import itertools
import logging
from collections import OrderedDict
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from dedup.alignment import Alignment, Coverage, Link, Span
from dedup.documents import Document
from dedup.errors import SettingsError
from dedup.language import detect_language, language_of
from dedup.lineage import Direction, decide_direction
from dedup.pair_scores import PairScores, SentenceTable, prepare, score_batch
from dedup.sentences import Sentence, split_sentences
from dedup.similarity import (
    DocumentVectors,
    common_columns,
    keep_rows,
    score_pairs,
    sentence_idf,
    tokens,
    vectorize,
    vectorize_pair,
    vectorize_rows,
)

__all__ = ["SentenceAligner", "DocumentVectors"]

logger = logging.getLogger(__name__)

#: (derived sentences, source sentences): one sentence or two neighbours each.
GroupPair = tuple[tuple[int, ...], tuple[int, ...]]
#: Scores the linkable ones of some group pairs: ``[(derived, source, score), ...]``.
GroupScorer = Callable[[Sequence[GroupPair]], list[tuple[tuple[int, ...], tuple[int, ...], float]]]


@dataclass(frozen=True)
class _Side:
    """What the link and verdict steps read of one document: its sentences (empty rows outside the
    compared regions), the ids of its names and numbers, and each sentence's word tokens."""

    sentences: tuple[Sentence, ...]
    entities: frozenset[int]
    tokens: Callable[[int], list[str]]

    @classmethod
    def of_vectors(cls, vectors: DocumentVectors) -> _Side:
        return cls(vectors.sentences, vectors.entities, lambda k: tokens(vectors.sentences[k].text))

    @classmethod
    def of_table(cls, table: SentenceTable, mask: np.ndarray | None) -> _Side:
        return cls(table.sentences, table.entity_ids(mask), table.tokens)


class SentenceAligner:
    """Align the sentences of two articles and judge whether one is derived from the other.

    Parameters (keyword-only; defaults measured in ``benchmarks/``, see ``benchmarks/RESULTS.md``):

    link_threshold : float, default 0.45
        Minimum sentence-pair score for a link. Independent reports of one event score ~0.1-0.35,
        rewrites 0.3-0.9.
    extend_threshold : float, default 0.3
        Once ``min_links`` links clear ``link_threshold`` (derivation is established), a derived sentence
        also links to its source sentence at this lower score if each is the other's best match: heavy
        rewrites keep the order of facts but little wording.
    extend_window : int, default 2
        How near (in sentences, on both sides) an extension link must be to an existing link.
    gap_threshold : float, default 0.15
        Once derivation is established, an unlinked derived sentence between two links (at most
        ``extend_window`` sentences in a row) whose source sentences are in order takes a source sentence
        in the matching place, including either neighbour's (a split), at this lower score: a rewrite
        keeps the order of its source, so the place says as much as the wording.
    edited_min_ratio : float, default 0.7
        Token-sequence similarity from which a non-identical link is ``edited`` rather than ``paraphrase``.
    min_shared_content : int, default 3
        Content words (not names, numbers or stopwords) a pair must share to link on its own; extension
        links (next to an existing link) need one fewer.
    merge_gain : float, default 0.05
        Score gain needed to prefer a two-sentence group (split or merge) over a single sentence.
    wholly_derived_min, partially_derived_min : float, default 0.6 and 0.15
        Share of the derived article's characters that must come from the source for each verdict.
    min_links : int, default 2
        Links needed for a derived verdict unless one of them is verbatim or edited (a single paraphrase
        link is too little evidence; one shared sentence is often a common quotation or a template).
    region_margin : int, default 2
        When ``align`` is given the regions already known to be shared (located passages), the sentences
        compared are those overlapping a region and this many either side of them.
    cache_size : int, default 4096
        Documents whose sentence vectors are kept between ``align`` calls (a corpus scan aligns one
        article against many).
    """

    def __init__(
        self,
        *,
        link_threshold: float = 0.45,
        extend_threshold: float = 0.3,
        extend_window: int = 2,
        gap_threshold: float = 0.15,
        edited_min_ratio: float = 0.7,
        min_shared_content: int = 3,
        merge_gain: float = 0.05,
        wholly_derived_min: float = 0.6,
        partially_derived_min: float = 0.15,
        min_links: int = 2,
        region_margin: int = 2,
        cache_size: int = 4096,
    ) -> None:
        self.link_threshold = link_threshold
        self.extend_threshold = extend_threshold
        self.extend_window = extend_window
        self.gap_threshold = gap_threshold
        self.edited_min_ratio = edited_min_ratio
        self.min_shared_content = min_shared_content
        self.merge_gain = merge_gain
        self.wholly_derived_min = wholly_derived_min
        self.partially_derived_min = partially_derived_min
        self.min_links = min_links
        self.region_margin = region_margin
        self.cache_size = cache_size

    # -- fitting -------------------------------------------------------------------------------------
    def fit(self, texts: Iterable[str]) -> SentenceAligner:
        """Learn IDF over the *sentences* of ``texts`` (sentences, not articles, are what get compared).

        Each text is read with the word rules of its detected language.
        """
        self._validate()
        texts = list(texts)
        self.idf_, self.n_sentences_ = sentence_idf(texts, [detect_language(t) for t in texts])
        self._cache: OrderedDict[tuple[str, int], DocumentVectors] = OrderedDict()
        logger.debug("fitted IDF on %d sentences", self.n_sentences_)
        return self

    def __getstate__(self) -> dict[str, Any]:
        # Without the caches: a copy sent to another process needs none, and pickling a cache while
        # another thread of the same worker updates it fails ("OrderedDict mutated during iteration").
        state = self.__dict__.copy()
        state.pop("_cache", None)
        state.pop("_tables", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        if hasattr(self, "idf_"):
            self._cache = OrderedDict()

    def transform(self, document: Document) -> DocumentVectors:
        """Sentences and features of ``document``, from the cache when it was seen before."""
        if not hasattr(self, "idf_"):
            raise SettingsError("SentenceAligner is not fitted: call fit(texts) first, or align() a pair")
        key = (document.id, hash(document.text))
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        language = language_of(document)
        sentences = tuple(split_sentences(document.text, language))
        idf = self.idf_
        vectors = vectorize(sentences, lambda ids: idf[ids], language=language)
        self._cache[key] = vectors
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return vectors

    # -- aligning ------------------------------------------------------------------------------------
    def align(
        self,
        a: Document,
        b: Document,
        *,
        direction: Direction | None = None,
        regions: Sequence[tuple[Span, Span]] = (),
    ) -> Alignment:
        """Align ``a`` and ``b``; direction from ``dedup.lineage.decide_direction`` unless given.

        Pass ``direction`` when the roles are known beforehand (it must name ``a`` and ``b``).
        ``regions`` (``(span in a, span in b)`` pairs, e.g. located shared passages) limits the
        comparison to the sentences overlapping them and ``region_margin`` sentences around: a few
        paragraphs reused inside two long articles are aligned without comparing every sentence with
        every other. The result lists them in ``Alignment.regions``; without, whole documents are compared.

        Unfitted, the IDF is learnt from the pair's own sentences (not stored); fitting on the corpus
        is better and, for many pairs, much faster thanks to the cache.
        """
        self._validate()
        spans_a, spans_b = [r[0] for r in regions], [r[1] for r in regions]
        if not hasattr(self, "idf_"):
            va, vb = vectorize_pair(a.text, b.text, (language_of(a), language_of(b)))
            if regions:
                va = keep_rows(va, self._region_rows(va.sentences, spans_a))
                vb = keep_rows(vb, self._region_rows(vb.sentences, spans_b))
        elif regions:
            va, vb = self._region_vectors(a, spans_a), self._region_vectors(b, spans_b)
        else:
            va, vb = self.transform(a), self.transform(b)
        va, vb = common_columns(va, vb)
        scores = score_pairs(va.features, vb.features, min_shared_content=self._extend_min_shared)

        def groups(pairs: Sequence[GroupPair], derived_is_a: bool) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
            vs, vd = (vb, va) if derived_is_a else (va, vb)
            return self._group_scores(vs, vd, pairs)

        side_a, side_b = _Side.of_vectors(va), _Side.of_vectors(vb)
        return self._decide(a, b, side_a, side_b, scores, groups, direction=direction, regions=regions)

    def align_many(
        self,
        pairs: Iterable[tuple[Document, Document] | tuple[Document, Document, Sequence[tuple[Span, Span]]]],
        *,
        batch_size: int = 64,
    ) -> list[Alignment]:
        """Align many pairs (``(a, b)`` or ``(a, b, regions)``); equal to ``align`` on each pair, in
        order: with the fitted IDF when fitted, else each pair with the IDF of its own two articles.

        Each document is split and hashed once however many pairs it is in (``cache_size`` documents
        are kept between calls), and the sentence scores of ``batch_size`` pairs come from one sparse
        product per feature kind (see ``dedup.pair_scores``): what a corpus scan needs.
        """
        self._validate()
        if batch_size < 1:
            raise SettingsError(f"batch_size must be at least 1, got {batch_size}")
        results: list[Alignment] = []
        todo = [(p[0], p[1], tuple(p[2]) if len(p) > 2 else ()) for p in pairs]  # type: ignore[misc]
        for start in range(0, len(todo), batch_size):
            results += self._align_batch(todo[start : start + batch_size])
        return results

    def _align_batch(self, batch: Sequence[tuple[Document, Document, tuple[tuple[Span, Span], ...]]]) -> list[Alignment]:
        tables = [(self._table(a), self._table(b)) for a, b, _ in batch]
        masks = [
            (self._region_mask(ta, [r[0] for r in regions]), self._region_mask(tb, [r[1] for r in regions]))
            for (ta, tb), (_, _, regions) in zip(tables, batch)
        ]
        scored = score_batch(tables, masks=masks, min_shared_content=self._extend_min_shared,
                             idf=getattr(self, "idf_", None))
        out = []
        for (a, b, regions), (ta, tb), (ma, mb), scores in zip(batch, tables, masks, scored):

            def groups(pairs: Sequence[GroupPair], derived_is_a: bool, scores: PairScores = scores):
                ab = pairs if derived_is_a else [(s, d) for d, s in pairs]
                values, ok = scores.group_scores(ab, min_shared_content=self._extend_min_shared)
                return [(d, s, float(v)) for (d, s), v, k in zip(pairs, values, ok) if k]

            side_a, side_b = _Side.of_table(ta, ma), _Side.of_table(tb, mb)
            out.append(self._decide(a, b, side_a, side_b, scores, groups, direction=None, regions=regions))
        return out

    def _table(self, document: Document) -> SentenceTable:
        """The document's sentence table, from the cache when it was seen before."""
        if not hasattr(self, "_tables"):
            self._tables: OrderedDict[tuple[str, int], SentenceTable] = OrderedDict()
        key = (document.id, hash(document.text))
        table = self._tables.get(key)
        if table is None:
            table = self._tables[key] = prepare(document.text, language_of(document))
            if len(self._tables) > self.cache_size:
                self._tables.popitem(last=False)
        else:
            self._tables.move_to_end(key)
        return table

    def _region_mask(self, table: SentenceTable, spans: Sequence[Span]) -> np.ndarray | None:
        if not spans:
            return None
        mask = np.zeros(len(table.sentences), dtype=bool)
        mask[self._region_rows(table.sentences, spans)] = True
        return mask

    def _decide(self, a: Document, b: Document, side_a: _Side, side_b: _Side, scores, groups, *,  # type: ignore[no-untyped-def]
                direction: Direction | None, regions: Sequence[tuple[Span, Span]]) -> Alignment:
        """Direction, links and verdict from the sentence scores of ``a`` (rows) against ``b``."""
        # names must agree to seed a link; next to a link (derivation established) a renamed entity is
        # tolerated, numbers must still agree
        linkable = scores.linkable & ~scores.entity_conflict & (scores.shared_content >= self.min_shared_content)
        weak_ok = scores.linkable
        if direction is None:
            ok = self._linked(scores.score, linkable, weak_ok)
            a_covered = _covered(side_a.sentences, ok.any(axis=1))
            b_covered = _covered(side_b.sentences, ok.any(axis=0))
            direction = decide_direction(a, b, a_covered=a_covered, b_covered=b_covered)
        elif direction.known and {direction.source_id, direction.derived_id} != {a.id, b.id}:
            raise SettingsError(
                f"direction must name {a.id!r} and {b.id!r}, got {direction.source_id!r}, {direction.derived_id!r}"
            )
        if direction.derived_id == a.id and direction.source_id == b.id:
            src, der, vs, vd, derived_is_a = b, a, side_b, side_a, True
            score, strong, weak = scores.score, linkable, weak_ok
            reason = direction.reason
        else:
            src, der, vs, vd, derived_is_a = a, b, side_a, side_b, False
            score, strong, weak = scores.score.T, linkable.T, weak_ok.T
            reason = direction.reason if direction.known else f"{direction.reason}; spans read {a.id} as source"
        links = self._links(vs, vd, score, strong, weak, lambda pairs: groups(pairs, derived_is_a))
        result = self._result(src, der, vs, vd, links, direction.source_id, direction.derived_id, reason)
        if regions:
            spans = tuple((tuple(r[0]), tuple(r[1])) if src is a else (tuple(r[1]), tuple(r[0])) for r in regions)
            result = replace(result, regions=tuple(sorted(spans)))  # type: ignore[arg-type]
        return result

    def _region_rows(self, sentences: Sequence[Sentence], spans: Sequence[Span]) -> list[int]:
        """Sentences overlapping any of ``spans``, widened by ``region_margin`` sentences each side."""
        rows: set[int] = set()
        m = self.region_margin
        for k, sentence in enumerate(sentences):
            if any(sentence.start < end and start < sentence.end for start, end in spans):
                rows.update(range(max(0, k - m), min(len(sentences), k + m + 1)))
        return sorted(rows)

    def _region_vectors(self, document: Document, spans: Sequence[Span]) -> DocumentVectors:
        """Vectors of ``document`` with only the sentences around ``spans`` comparable; from the cache's
        whole-document vectors when there, else hashing just those sentences (the same rows either way)."""
        cached = self._cache.get((document.id, hash(document.text)))
        if cached is not None:
            return keep_rows(cached, self._region_rows(cached.sentences, spans))
        language = language_of(document)
        sentences = tuple(split_sentences(document.text, language))
        return vectorize_rows(sentences, self._region_rows(sentences, spans), lambda ids: self.idf_[ids],
                              language=language)

    @property
    def _extend_min_shared(self) -> int:
        return max(1, self.min_shared_content - 1)

    def _linked(self, score: np.ndarray, strong: np.ndarray, weak: np.ndarray) -> np.ndarray:
        """Pairs that would link in either direction (strong, or mutual-best extensions); for direction."""
        ok = strong & (score >= self.link_threshold)
        masked = np.where(weak, score, 0.0)
        if masked.size and np.count_nonzero(ok.any(axis=1)) >= self.min_links:
            mutual = (masked == masked.max(axis=1, keepdims=True)) & (masked == masked.max(axis=0, keepdims=True))
            ok |= mutual & (masked >= self.extend_threshold)
        return ok

    def _links(
        self, vs: _Side, vd: _Side, score: np.ndarray, strong: np.ndarray, weak: np.ndarray, groups: GroupScorer
    ) -> list[Link]:
        """Choose each derived sentence's source group, then join neighbours that share one (splits)."""
        masked = np.where(weak, score, 0.0)
        best = _best_in_order(masked)
        choice = {
            j: ((int(i),), float(masked[j, i]))
            for j, i in enumerate(best)
            if masked[j, i] >= self.link_threshold and strong[j, i]
        }
        threshold = self.link_threshold
        established = len(choice) >= self.min_links
        if established:
            threshold = self.extend_threshold
            self._extend(masked, best, choice)
        self._add_merges(groups, score, masked, choice, threshold)
        split = self._splits(len(vd.sentences), groups, choice)
        # wording first, place last: only sentences that no step above linked are placed
        in_groups = {j for derived, _ in split.values() for j in derived}
        placed = self._fill_gaps(masked, choice, in_groups) if established else set()
        return self._build_links(vs, vd, choice, split, placed)

    def _extend(
        self, masked: np.ndarray, best: np.ndarray, choice: dict[int, tuple[tuple[int, ...], float]]
    ) -> None:
        """Add mutual-best matches above ``extend_threshold`` that sit next to an existing link.

        Derivation is established, and heavy rewrites keep the order of facts but little wording; the
        anchor (a link within ``extend_window`` sentences on both sides) keeps topic-alike sentences
        elsewhere in a long article from joining in.
        """
        best_derived = np.argmax(masked, axis=0)
        weak = {
            j: int(i)
            for j, i in enumerate(best)
            if j not in choice and masked[j, i] >= self.extend_threshold and best_derived[i] == j
        }
        grew = True
        while grew:
            grew = False
            for j, i in sorted(weak.items()):
                if self._anchored(j, i, choice):
                    choice[j] = ((i,), float(masked[j, i]))
                    del weak[j]
                    grew = True

    def _fill_gaps(
        self, masked: np.ndarray, choice: dict[int, tuple[tuple[int, ...], float]], in_groups: set[int]
    ) -> set[int]:
        """Link the unlinked derived sentences between two links whose sources are in order.

        A gap of at most ``extend_window`` derived sentences between derived ``j0`` (taken from source
        ``lo``) and ``j1`` (from ``hi >= lo``, at most ``extend_window + 1`` sentences further on) is
        filled with the in-order choice of sources in ``lo..hi`` that scores most, each link at least
        ``gap_threshold`` (and linkable: numbers agree, content words shared); a sentence that fits
        none stays new; a gap holding part of a split (``in_groups``) is left alone. Returns the derived
        sentences linked this way.
        """
        w = self.extend_window
        filled: set[int] = set()
        linked = sorted(choice)
        for j0, j1 in zip(linked, linked[1:]):
            lo, hi = max(choice[j0][0]), min(choice[j1][0])
            rows = range(j0 + 1, j1)
            if not 1 < j1 - j0 <= w + 1 or not 0 <= hi - lo <= w + 1 or in_groups.intersection(rows):
                continue
            best_total, best_pick = 0.0, ()
            for pick in itertools.product((None, *range(lo, hi + 1)), repeat=len(rows)):
                used = [i for i in pick if i is not None]
                values = [float(masked[j, i]) for j, i in zip(rows, pick) if i is not None]
                if used != sorted(used) or any(v < self.gap_threshold for v in values):
                    continue
                total = sum(values)
                if total > best_total:
                    best_total, best_pick = total, pick
            for j, i in zip(rows, best_pick):
                if i is not None:
                    choice[j] = ((i,), float(masked[j, i]))
                    filled.add(j)
        return filled

    def _add_merges(
        self,
        groups: GroupScorer,
        score: np.ndarray,
        masked: np.ndarray,
        choice: dict[int, tuple[tuple[int, ...], float]],
        threshold: float,
    ) -> None:
        """Link a derived sentence to its best source sentence plus a neighbour when together they fit better.

        Two sentences merged into one were neighbours in the source; the second one may share little
        with the merged sentence on its own (a date, a clause), so neighbours are tried, not the
        second-best match. A merge that creates a new link needs ``link_threshold`` unless it sits next
        to an existing link (then ``threshold``, the extension threshold once derivation is established).
        """
        n_source = score.shape[1]
        candidates = []
        for j in range(score.shape[0]):
            i = int(np.argmax(score[j])) if n_source else 0
            if score[j, i] >= threshold / 2 if n_source else False:
                candidates += [((j,), (k, k + 1)) for k in (i - 1, i) if 0 <= k and k + 1 < n_source]
        anchored = {j for j in range(score.shape[0]) if self._anchored(j, None, choice)}
        for (j,), sources, value in groups(candidates):
            # always beat the best single source sentence by merge_gain: a merge must explain more
            needed = max(float(masked[j].max()), choice.get(j, ((), 0.0))[1]) + self.merge_gain
            if j not in choice:
                needed = max(needed, threshold if j in anchored else self.link_threshold)
            if value >= max(threshold, needed) and value > choice.get(j, ((), 0.0))[1]:
                choice[j] = (sources, value)

    def _anchored(self, j: int, i: int | None, choice: dict[int, tuple[tuple[int, ...], float]]) -> bool:
        """Whether another link sits within ``extend_window`` sentences of derived ``j`` (and source ``i``)."""
        w = self.extend_window
        # the neighbours' places, not every link: this runs for every sentence of every aligned pair
        return any(
            k != j and k in choice and (i is None or abs(i - choice[k][0][0]) <= w + 1) for k in range(j - w, j + w + 1)
        )

    def _splits(
        self, n: int, groups: GroupScorer, choice: dict[int, tuple[tuple[int, ...], float]]
    ) -> dict[int, tuple[tuple[int, ...], float]]:
        """Unlinked neighbours of a linked derived sentence (of ``n``) that, joined to it, fit its source better."""
        candidates = [((j - 1, j), choice[j - 1][0]) for j in range(1, n) if j - 1 in choice and j not in choice]
        candidates += [((j, j + 1), choice[j + 1][0]) for j in range(n - 1) if j + 1 in choice and j not in choice]
        split: dict[int, tuple[tuple[int, ...], float]] = {}
        for derived, _, value in groups(candidates):
            (partner,) = [d for d in derived if d in choice]
            if value >= choice[partner][1] + self.merge_gain and value > split.get(partner, ((), 0.0))[1]:
                split[partner] = (derived, value)
        return split

    def _group_scores(
        self, vs: DocumentVectors, vd: DocumentVectors, pairs: Sequence[tuple[tuple[int, ...], tuple[int, ...]]]
    ) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
        """Scores of (derived group, source group) pairs that are linkable as groups."""
        if not pairs:
            return []
        d_feat = vd.features.group([d for d, _ in pairs])
        s_feat = vs.features.group([s for _, s in pairs])
        scores = score_pairs(d_feat, s_feat, min_shared_content=self._extend_min_shared, rowwise=True)
        ok = scores.linkable & ~scores.entity_conflict
        return [(d, s, float(v)) for (d, s), v, k in zip(pairs, scores.score, ok) if k]

    def _build_links(
        self,
        vs: _Side,
        vd: _Side,
        choice: dict[int, tuple[tuple[int, ...], float]],
        groups: dict[int, tuple[tuple[int, ...], float]],
        placed: set[int],
    ) -> list[Link]:
        taken: set[int] = set()
        runs: list[tuple[tuple[int, ...], tuple[int, ...], float, bool]] = []
        for j in sorted(choice):
            if j in taken:
                continue
            sources, value = choice[j]
            derived: tuple[int, ...] = (j,)
            by_place = j in placed
            if j in groups and not taken.intersection(groups[j][0]):
                derived, value = groups[j]
                by_place = False
            taken.update(derived)
            if runs and runs[-1][1] == sources and runs[-1][0][-1] == min(derived) - 1 and runs[-1][3] == by_place:
                # neighbours taken from the same source sentence: one sentence split in two (a placed
                # sentence stays a link of its own, so that verdicts can leave it out)
                prev = runs.pop()
                derived, value = prev[0] + tuple(sorted(derived)), max(prev[2], value)
            runs.append((tuple(sorted(derived)), sources, value, by_place))
        return [self._make_link(vs, vd, d, s, v, p) for d, s, v, p in runs]

    def _make_link(
        self,
        vs: _Side,
        vd: _Side,
        derived: tuple[int, ...],
        sources: tuple[int, ...],
        value: float,
        placed: bool = False,
    ) -> Link:
        d_tokens = [t for j in derived for t in vd.tokens(j)]
        s_tokens = [t for i in sources for t in vs.tokens(i)]
        if d_tokens == s_tokens:
            kind, value = "verbatim", 1.0
        elif _edit_ratio(d_tokens, s_tokens, self.edited_min_ratio) >= self.edited_min_ratio:
            kind = "edited"
        else:
            kind = "paraphrase"
        return Link(
            source_sentences=sources,
            derived_sentences=derived,
            source_spans=tuple((vs.sentences[i].start, vs.sentences[i].end) for i in sources),
            derived_spans=tuple((vd.sentences[j].start, vd.sentences[j].end) for j in derived),
            score=value,
            kind=kind,
            placed=placed and kind == "paraphrase",
        )

    # -- the article-level result --------------------------------------------------------------------
    def _result(
        self,
        src: Document,
        der: Document,
        vs: _Side,
        vd: _Side,
        links: list[Link],
        source_id: str | None,
        derived_id: str | None,
        reason: str,
    ) -> Alignment:
        kind_of = {j: link.kind for link in links for j in link.derived_sentences}
        used = {i for link in links for i in link.source_sentences}
        d_total = sum(len(s.text) for s in vd.sentences) or 1
        s_total = sum(len(s.text) for s in vs.sentences) or 1
        by_kind = {k: 0 for k in ("verbatim", "edited", "paraphrase", "new")}
        for j, sentence in enumerate(vd.sentences):
            by_kind[kind_of.get(j, "new")] += len(sentence.text)
        derived_share = 1.0 - by_kind["new"] / d_total if vd.sentences else 0.0
        coverage = Coverage(
            derived_from_source=derived_share,
            source_used=sum(len(vs.sentences[i].text) for i in used) / s_total,
            **{k: v / d_total for k, v in by_kind.items()},
        )
        return Alignment(
            source_document=src,
            derived_document=der,
            source=source_id,
            derived=derived_id,
            direction_reason=reason,
            verdict=self._verdict(coverage, links, vs, vd),
            coverage=coverage,
            links=tuple(links),
            new=tuple(_span(s) for j, s in enumerate(vd.sentences) if j not in kind_of),
            unused=tuple(_span(s) for i, s in enumerate(vs.sentences) if i not in used),
            source_sentences=vs.sentences,
            derived_sentences=vd.sentences,
        )

    def _verdict(self, coverage: Coverage, links: list[Link], vs: _Side, vd: _Side) -> str:
        # one paraphrase link is too little evidence even in a one-sentence brief (template notices:
        # "X said its board declared a quarterly dividend ..."); one verbatim or edited sentence is enough
        enough = len(links) >= self.min_links or any(link.kind != "paraphrase" for link in links)
        if enough and coverage.derived_from_source >= self.wholly_derived_min:
            return "wholly_derived"
        if enough and coverage.derived_from_source >= self.partially_derived_min:
            return "partially_derived"
        shared = len(vs.entities & vd.entities)
        union = len(vs.entities | vd.entities) or 1
        # same story: several shared names/numbers, a fair share of both articles' sets
        return "independent" if shared >= 3 and shared / union >= 0.1 else "unrelated"

    def _validate(self) -> None:
        if self.extend_threshold > self.link_threshold:
            raise SettingsError("extend_threshold must not exceed link_threshold (it extends, never seeds)")
        if self.gap_threshold > self.extend_threshold:
            raise SettingsError("gap_threshold must not exceed extend_threshold (it fills gaps between links)")
        shares = ("link_threshold", "extend_threshold", "gap_threshold", "edited_min_ratio", "merge_gain")
        for name in (*shares, "wholly_derived_min", "partially_derived_min"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
                raise SettingsError(f"{name} must be a number between 0 and 1, got {value!r}")
        if self.partially_derived_min > self.wholly_derived_min:
            raise SettingsError("partially_derived_min must not exceed wholly_derived_min")
        for name in ("min_shared_content", "min_links", "cache_size", "extend_window", "region_margin"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0:
                raise SettingsError(f"{name} must be a non-negative integer, got {value!r}")


def _best_in_order(masked: np.ndarray, tie: float = 0.02) -> np.ndarray:
    """Each row's best column; among near-ties, the one in line with the nearest unambiguous row.

    Sources repeat themselves (a paragraph quoted twice, boilerplate): the copy that keeps the
    alignment in order with its neighbours is the one that was taken.
    """
    if not masked.size:
        return np.zeros(masked.shape[0], dtype=np.int64)
    best = np.argmax(masked, axis=1)
    top = masked[np.arange(len(best)), best]
    tied = (masked >= (top - tie)[:, None]) & (top[:, None] > 0)
    ambiguous = tied.sum(axis=1) > 1
    anchors = np.flatnonzero(~ambiguous & (top > 0))
    if not anchors.size:
        return best
    for j in np.flatnonzero(ambiguous):
        anchor = anchors[np.argmin(np.abs(anchors - j))]
        expected = best[anchor] + (j - anchor)
        options = np.flatnonzero(tied[j])
        best[j] = options[np.argmin(np.abs(options - expected))]
    return best


def _edit_ratio(a: list[str], b: list[str], needed: float) -> float:
    """difflib's ratio of two token lists, skipping the full computation when its bound already fails."""
    # the two bounds SequenceMatcher offers (length ratio, then shared tokens as a multiset), computed
    # without building the matcher's index of ``b``: most links fail them, and building it cost more
    # than the rest of their alignment
    total = len(a) + len(b)
    if not total:
        return 1.0
    if 2.0 * min(len(a), len(b)) / total < needed:
        return 0.0
    if 2.0 * _shared_tokens(a, b) / total < needed:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _shared_tokens(a: list[str], b: list[str]) -> int:
    """Tokens ``a`` and ``b`` share, counted as multisets (difflib's ``quick_ratio`` numerator)."""
    left: dict[str, int] = {}
    for token in b:
        left[token] = left.get(token, 0) + 1
    shared = 0
    for token in a:
        n = left.get(token, 0)
        if n > 0:
            left[token] = n - 1
            shared += 1
    return shared


def _covered(sentences: Sequence[Sentence], linked: np.ndarray) -> float:
    total = sum(len(s.text) for s in sentences)
    return sum(len(s.text) for s, k in zip(sentences, linked) if k) / total if total else 0.0


def _span(sentence: Sentence) -> Span:
    return (sentence.start, sentence.end)
