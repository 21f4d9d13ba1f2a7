"""Where a pair may seed links: the cells strong on their wording, the short statements of a figure, the
same line with the same figures.

The aligner (:meth:`dedup.align.SentenceAligner`) links a derived sentence from a seed: a cell of the pair's
scores that is linkable on its wording, a short statement of a figure in a language other than English, or a
line word for word alike with its figures (a table's row). The link steps (:mod:`dedup.links`) grow the links
from there; what may seed them is kept here, apart from how they grow.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

import numpy as np

from dedup import kernels
from dedup.documents import Document
from dedup.language import language_of
from dedup.link_sides import SHORT_STATEMENT_WORDS, Side, short_statements
from dedup.pair_scores import PairScores
from dedup.sentences import Sentence

__all__ = ["SAME_LINE_WORDS", "strong_cells", "states_figures_briefly", "same_figures_lines"]


#: Words a sentence needs for :func:`same_figures_lines` to link it by its text alone.
SAME_LINE_WORDS = 3
_LINE_WORD = re.compile(r"\w+")
_ASCII_DIGIT = re.compile(r"[0-9]")
#: Characters none of which is a digit to ``str.isdigit`` (it counts superscripts and circled digits, which
#: ``\d`` does not): ASCII's other characters, Latin-1's and Latin Extended's letters and signs, general
#: punctuation (typographic quotes and dashes). A text of these only holds no word of digits.
_NO_DIGIT_CHARS = frozenset(c for c in map(chr, [*range(0x80), *range(0xA0, 0x250), *range(0x2010, 0x205F)])
                            if not c.isdigit())


def strong_cells(side_a: Side, side_b: Side, scores: PairScores, min_shared_content: int) -> tuple[np.ndarray, np.ndarray | None]:
    """Where the pair may link on its wording (linkable, no conflicting names, ``min_shared_content`` stems
    shared), and the short statements of a figure (:func:`dedup.link_sides.short_statements`, no conflicting names)
    among the other cells, None when there are none. The compiled kernel (``strong_cells``) computes the same
    where it is built: two dozen numpy calls on a pair's few cells were a tenth of deciding a pair (the tests
    compare the two)."""
    compiled = kernels.KERNELS
    if compiled is not None:
        strong, short = compiled.strong_cells(scores.linkable, scores.entity_conflict, scores.shared_content,
                                              side_a.content_counts, side_a.figure_counts, side_b.content_counts,
                                              side_b.figure_counts, min_shared_content, SHORT_STATEMENT_WORDS)
        shape = scores.linkable.shape
        return (np.frombuffer(strong, dtype=bool).reshape(shape),
                None if short is None else np.frombuffer(short, dtype=bool).reshape(shape))
    return _strong_cells_py(side_a, side_b, scores, min_shared_content)


def _strong_cells_py(side_a: Side, side_b: Side, scores: PairScores,
                     min_shared_content: int) -> tuple[np.ndarray, np.ndarray | None]:
    """:func:`strong_cells` in numpy: the reference, and the way where the kernels are not built."""
    linkable = scores.linkable & ~scores.entity_conflict & (scores.shared_content >= min_shared_content)
    short = short_statements(side_a, side_b, scores.shared_content, scores.linkable) & ~scores.entity_conflict
    short &= ~linkable
    return linkable, short if short.any() else None


def states_figures_briefly(a: Document, b: Document) -> bool:
    """Whether a short statement of a figure (:func:`dedup.link_sides.short_statements`) may seed a link
    between ``a`` and ``b``: both in one language, known and not English. In English the rule linked the
    rows of rate forms filled in anew and cost the Reuters readings precision (benchmarks/RESULTS.md,
    thirty-second round, ``lang32``), where a rewrite keeps longer sentences; its verdict model was
    trained on the English links as they are. The languages are asked only of a pair the rule would
    change."""
    language = language_of(a)
    return language is not None and language != "en" and language_of(b) == language


def same_figures_lines(sentences_a: Sequence[Sentence], sentences_b: Sequence[Sentence]) -> np.ndarray:
    """Which sentence pairs are the same line with the same figures: word for word alike (case aside),
    of :data:`SAME_LINE_WORDS` words or more, a figure among them. A table's rows ("Net 200.2 mln vs
    173.9 mln") hold too few content words to seed a link by their scores, yet one copied with its
    figures is copied; a form filled in again changes the figures, and a line without any (a table's
    heading) says nothing of where it came from.

    >>> from dedup.sentences import split_sentences
    >>> same_figures_lines(split_sentences("Net 2.1 mln vs 1.9 mln\\n\\nYear"), split_sentences("NET 2.1 mln vs 1.9 mln"))
    array([[ True],
           [False]])
    """
    # keyed by the texts alone, what the keys are made of: a tuple of strings hashes in C (their hashes kept),
    # one of sentences in Python, a call a sentence (a fifth of deciding a pair without links)
    keys_a = _line_keys(tuple([s.text for s in sentences_a]))
    keys_b = _line_keys(tuple([s.text for s in sentences_b]))
    out = np.zeros((len(keys_a), len(keys_b)), dtype=bool)
    if any(keys_a) and any(keys_b):
        where: dict[str, list[int]] = {}
        for j, key in enumerate(keys_b):
            if key:
                where.setdefault(key, []).append(j)
        for i, key in enumerate(keys_a):
            for j in where.get(key, ()) if key else ():
                out[i, j] = True
    return out


@lru_cache(maxsize=4096)
def _line_keys(texts: tuple[str, ...]) -> tuple[str, ...]:
    """Each sentence's words, lower case, joined by spaces, when :func:`same_figures_lines` may link it ("" if
    not). Once per document: a document is aligned in many pairs (a form in hundreds)."""
    keys = []
    for text in texts:
        if _ASCII_DIGIT.search(text) is None and (text.isascii() or _NO_DIGIT_CHARS.issuperset(text)):
            # no word of digits: most prose, with its typographic quotes and dashes too
            keys.append("")
            continue
        words = _LINE_WORD.findall(text.lower())
        keys.append(" ".join(words) if len(words) >= SAME_LINE_WORDS and any(w.isdigit() for w in words) else "")
    return tuple(keys)
