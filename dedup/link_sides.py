"""What the link steps (:mod:`dedup.links`) read of a pair: each document's side (:class:`Side`: its sentences,
names and numbers, tokens, counts), the settings (:class:`LinkRules`), the shape of the scorer of sentence
groups, and the short statements of a figure a side's counts find.

Apart from the steps because the seeds (:mod:`dedup.link_seeds`), the scores of sentence groups
(:mod:`dedup.sentence_scores`) and the coverage (:mod:`dedup.coverage`) read the same sides and shapes, and the
steps' own modules (:mod:`dedup.link_gaps`, :mod:`dedup.link_kinds`) read them below :mod:`dedup.links`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Protocol, Sequence

import numpy as np

from dedup.hashing import char_texts
from dedup.sentence_tables import SentenceTable
from dedup.sentences import Sentence
from dedup.similarity import DocumentVectors
from dedup.words import tokens

__all__ = ["GroupPair", "GroupScorer", "LinkRules", "SHORT_STATEMENT_WORDS", "Side", "short_statements"]

#: (derived sentences, source sentences): one sentence or two neighbours each.
GroupPair = tuple[tuple[int, ...], tuple[int, ...]]
#: Scores the linkable ones of some group pairs: ``[(derived, source, score), ...]``.
GroupScorer = Callable[[Sequence[GroupPair]], list[tuple[tuple[int, ...], tuple[int, ...], float]]]


@dataclass(frozen=True)
class Side:
    """What the link and verdict steps read of one document: its sentences (empty rows outside the
    compared regions), the ids of its names and numbers, and each sentence's word tokens."""

    sentences: tuple[Sentence, ...]
    entities: frozenset[int]
    tokens: Callable[[int], list[str]]
    #: per sentence, how many content stems and how many figures it holds (:func:`short_statements`)
    content_counts: np.ndarray
    figure_counts: np.ndarray

    @classmethod
    def of_vectors(cls, vectors: DocumentVectors, language: str | None = None) -> Side:
        features = vectors.features
        texts = char_texts(vectors.sentences, language)  # a reprint between two scripts compared in one
        return cls(vectors.sentences, vectors.entities, lambda k: tokens(texts[k]),
                   np.diff(features.content.indptr), np.diff(features.numbers.indptr))

    @classmethod
    def of_table(cls, table: SentenceTable, mask: np.ndarray | None) -> Side:
        return cls(table.sentences, table.entity_ids(mask), table.tokens, *table.set_counts())


#: Content stems a short statement of a figure must share, all of its own (:func:`short_statements`).
SHORT_STATEMENT_WORDS = 2


def short_statements(side_a: Side, side_b: Side, shared_content: np.ndarray, linkable: np.ndarray) -> np.ndarray:
    """Sentence pairs (rows: ``side_a``'s sentences) in which one sentence is a short statement of a
    figure that the other repeats: it shares all its content stems (:data:`SHORT_STATEMENT_WORDS` at
    least) and both sentences state figures that agree (``linkable``: no figure in conflict, so with
    figures on both sides at least one is shared). Two words and a figure say what three words say in a
    longer sentence ("La crescita acquisita per il 2024 è pari allo 0,5%" and "La crescita già acquisita
    per quest'anno è dello 0,5%"). Not a row of a table: a sentence with as many figures as content
    words ("30-69 days 5.00 pct") states figures, not a fact in words.

    >>> def side(content, figures):
    ...     return Side((), frozenset(), lambda k: [], np.array(content), np.array(figures))
    >>> short_statements(side([3], [1]), side([2, 2], [1, 2]), np.array([[2, 2]]), np.array([[True, True]])).tolist()
    [[True, False]]
    """
    content_a, content_b = side_a.content_counts[:, None], side_b.content_counts[None, :]
    figures_a, figures_b = side_a.figure_counts[:, None], side_b.figure_counts[None, :]
    stated_a = (shared_content >= content_a) & (figures_a < content_a)
    stated_b = (shared_content >= content_b) & (figures_b < content_b)
    return (linkable & (shared_content >= SHORT_STATEMENT_WORDS) & (figures_a > 0) & (figures_b > 0)
            & (stated_a | stated_b))


class LinkRules(Protocol):
    """The settings the link steps read (a :class:`dedup.align.SentenceAligner` has them all)."""

    link_threshold: float
    extend_threshold: float
    extend_window: int
    gap_threshold: float
    edited_min_ratio: float
    merge_gain: float
    min_links: int
