"""Sentence-level alignment of two articles: which sentences of one were taken from the other, and how.

``SentenceAligner`` is a scikit-learn-shaped estimator: ``fit`` learns sentence-level IDF from a corpus,
``align`` links the sentences of a pair. Each derived sentence is linked to its best-scoring source
sentence when the score clears ``link_threshold`` and the pair is linkable (see ``dedup.similarity``:
enough shared wording, no contradicting names or numbers). Order does not matter (reordered paragraphs
link), a derived sentence may take two source sentences (a merge), and neighbouring derived sentences
may share one source sentence (a split). This module holds the estimator (settings, IDF, caches, the
compared regions); the sentence scores it reads are ``dedup.sentence_scores``, the way a pair is read from
them (direction, links, verdict) ``dedup.derivation``, where links may start ``dedup.link_seeds``, the link
steps ``dedup.links``, the coverage and verdict ``dedup.coverage``; the reference path on scipy matrices
``dedup.vector_alignment``.

>>> from dedup.documents import Document
>>> a = Document("wire", "Heavy rain flooded the river valley on Monday. Roads were closed.")
>>> b = Document("copy", "Heavy rain flooded the river valley on Monday. Roads were closed.")
>>> SentenceAligner().align(a, b).verdict
'wholly_derived'
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any, Iterable, Sequence

import numpy as np

from dedup.alignment import Alignment, Span
from dedup.derivation import decide
from dedup.documents import Document
from dedup.errors import SettingsError
from dedup.language import detect_language, language_of
from dedup.lineage import Direction
from dedup.link_model import LinkModel
from dedup.link_sides import GroupPair, Side
from dedup.pair_scores import PairScores
from dedup.sentence_scores import group_links, score_tables
from dedup.sentence_tables import SentenceTable, prepare
from dedup.sentences import Sentence, aligned_sentences
from dedup.similarity import DocumentVectors, sentence_idf, vectorize

__all__ = ["SentenceAligner", "DocumentVectors", "region_rows"]

logger = logging.getLogger(__name__)


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
        links (next to an existing link) need one fewer. A line the other text holds word for word with
        its figures (a table's row) links whatever it shares (:func:`same_figures_lines`).
    merge_gain : float, default 0.05
        Score gain needed to prefer a two-sentence group (split or merge) over a single sentence.
    wholly_derived_min, partially_derived_min : float, default 0.6 and 0.15
        Share of the derived article's characters that must come from the source for each verdict.
    min_links : int, default 2
        Links needed for a derived verdict unless one of them is verbatim or edited (a single paraphrase
        link is too little evidence; one shared sentence is often a common quotation or a template).
    link_model : LinkModel, "shipped" or None, default "shipped"
        The learned check on paraphrase links (``dedup.link_model``): a paraphrase link is kept only
        where its score, its place among the other links and its length make reused text likely;
        ``"shipped"`` is the model learnt from PAN 2013 (``dedup/data/link_model.json``), None keeps
        every link the rules make.
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
        link_model: LinkModel | str | None = "shipped",
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
        self.link_model = link_model
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
        sentences = tuple(aligned_sentences(document.text, language))
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

        The pair goes the way :meth:`align_many` takes (prepared sentence tables, the compiled pair
        scores): one path for ``compare``, a scan and the index.
        :func:`dedup.vector_alignment.align_vectors` is the reference it is tested against.
        """
        self._validate()
        return self._align_batch([(a, b, tuple(regions))], direction=direction)[0]


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

    def _align_batch(self, batch: Sequence[tuple[Document, Document, tuple[tuple[Span, Span], ...]]], *,
                     direction: Direction | None = None) -> list[Alignment]:
        tables = [(self._table(a), self._table(b)) for a, b, _ in batch]
        masks = [
            (self._region_mask(ta, [r[0] for r in regions]), self._region_mask(tb, [r[1] for r in regions]))
            for (ta, tb), (_, _, regions) in zip(tables, batch)
        ]
        scored = score_tables(tables, masks, min_shared_content=self.extend_min_shared, idf=getattr(self, "idf_", None))
        out = []
        for (a, b, regions), (ta, tb), (ma, mb), scores in zip(batch, tables, masks, scored):

            def groups(pairs: Sequence[GroupPair], derived_is_a: bool, scores: PairScores = scores):
                return group_links(scores, pairs, derived_is_a, self.extend_min_shared)

            side_a, side_b = Side.of_table(ta, ma), Side.of_table(tb, mb)
            out.append(decide(self, a, b, side_a, side_b, scores, groups, direction=direction, regions=regions))
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
        mask[region_rows(table.sentences, spans, self.region_margin)] = True
        return mask


    @property
    def extend_min_shared(self) -> int:
        """Content words an extension link (next to a link) needs: one fewer than a link on its own, one at
        least."""
        return max(1, self.min_shared_content - 1)


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
        if self.link_model is not None and self.link_model != "shipped" and not isinstance(self.link_model, LinkModel):
            raise SettingsError(f'link_model must be a LinkModel, "shipped" or None, got {self.link_model!r}')
        for name in ("min_shared_content", "min_links", "cache_size", "extend_window", "region_margin"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0:
                raise SettingsError(f"{name} must be a non-negative integer, got {value!r}")


def region_rows(sentences: Sequence[Sentence], spans: Sequence[Span], margin: int) -> list[int]:
    """Sentences overlapping any of ``spans``, widened by ``margin`` sentences each side
    (a :class:`SentenceAligner`'s ``region_margin``)."""
    rows: set[int] = set()
    m = margin
    for k, sentence in enumerate(sentences):
        if any(sentence.start < end and start < sentence.end for start, end in spans):
            rows.update(range(max(0, k - m), min(len(sentences), k + m + 1)))
    return sorted(rows)
