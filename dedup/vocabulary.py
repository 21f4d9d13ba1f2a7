"""What is too common in a corpus to be evidence of copying: each word's share of documents (template vocabulary:
"shr", "net", "mln"), learned from a batch that may sample the corpus, and the word 5-grams of boilerplate
(sign-offs, legal lines, navigation) whose tokens take no part in any channel (:mod:`dedup.candidates`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from dedup.shingles import batch_ngrams
from dedup.tokens import TokenBatch, in_sorted, mix64

__all__ = ["COMMON_SHARE", "Vocabulary", "learn_vocabulary", "BOILERPLATE_NGRAM", "boilerplate_tokens"]


#: The share of documents above which a word is common (:meth:`Vocabulary.common`'s default; what the exact
#: scores leave out of a text's rare words, :func:`dedup.exact_sets.features`).
COMMON_SHARE = 0.01


@dataclass(frozen=True)
class Vocabulary:
    """What is too common in this corpus to be evidence of copying.

    ``words``/``shares``: each word and the share of documents it is found in, for those found in more
    than ``min_share`` of them (template vocabulary: "shr", "net", "mln"). ``limit`` is the smallest
    share that counts as common at all (it keeps small corpora and widely syndicated stories safe).
    ``grams``: word 5-grams found in more than the common share of documents (boilerplate: sign-offs,
    legal lines, navigation); the tokens they cover take no part in any channel.
    """

    words: np.ndarray
    shares: np.ndarray
    grams: np.ndarray
    limit: float = 0.0
    # sorted tables the compiled signing looks words up in, made once per vocabulary (an index signs
    # every article with one vocabulary: selecting and sorting them again cost it tens of microseconds)
    _tables: dict[float | str, np.ndarray] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def empty(cls) -> "Vocabulary":
        none = np.zeros(0, dtype=np.uint64)
        return cls(none, np.zeros(0), none)

    def common(self, share: float = COMMON_SHARE) -> np.ndarray:
        """Sorted hashes of the words found in more than ``share`` of the documents."""
        return self.words[self.shares > max(share, self.limit)]

    def sorted_common(self, share: float) -> np.ndarray:
        """:meth:`common` sorted and distinct (none at all for a share of 0: a channel that leaves no word
        out), as the compiled signing looks words up in it; made once per share."""
        table = self._tables.get(share)
        if table is None:
            table = self._tables[share] = np.unique(self.common(share) if share else self.words[:0])
        return table

    def sorted_grams(self) -> np.ndarray:
        """:attr:`grams` sorted and distinct, made once."""
        table = self._tables.get("grams")
        if table is None:
            table = self._tables["grams"] = np.unique(self.grams)
        return table


def _document_frequency(hashes: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    doc_of = np.repeat(np.arange(len(offsets) - 1, dtype=np.uint64), np.diff(offsets))
    # One (item, document) occurrence each: unique on a joint hash (a 1-D unique is much faster).
    _, first = np.unique(hashes ^ mix64(doc_of + np.uint64(1)), return_index=True)
    return np.unique(hashes[first], return_counts=True)


def learn_vocabulary(
    batch: TokenBatch,
    *,
    corpus_size: int | None = None,
    max_share: float = 0.01,
    min_docs: int = 50,
    ngram: int = 5,
) -> Vocabulary:
    """Document frequencies of words and 5-grams, from a batch that may sample a larger corpus.

    Frequent items are frequent everywhere, so a sample is enough. An item is common when it is in more
    than ``max(min_docs, max_share * documents)`` documents (scaled to the sample). For 5-grams, texts of
    the very same words count once: a story carried word for word by a hundred outlets is one text sent a
    hundred times, not boilerplate to be left out of every channel (a form filled in again differs in its
    figures and counts each time).
    """
    n = max(1, len(batch))
    scale = n / corpus_size if corpus_size else 1.0
    limit = max(min_docs * scale, max_share * n) / n
    words, df = _document_frequency(batch.hashes, batch.offsets)
    hashes, offsets = _distinct_texts(batch.hashes, batch.offsets)
    grams, pos = batch_ngrams(hashes, offsets, ngram)
    doc_of = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))[pos]
    gram_items, gram_df = _document_frequency(grams, np.searchsorted(doc_of, np.arange(len(offsets))))
    share = df / n
    keep = share > limit
    return Vocabulary(words[keep], share[keep], gram_items[gram_df / n > limit], limit)


def _distinct_texts(hashes: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The token hashes and offsets of the batch's texts with each sequence of tokens kept once (first)."""
    seen: set[bytes] = set()
    keep = []
    for i in range(len(offsets) - 1):
        key = hashes[offsets[i] : offsets[i + 1]].tobytes()
        if key not in seen:
            seen.add(key)
            keep.append(i)
    if len(keep) == len(offsets) - 1:
        return hashes, offsets
    lengths = np.diff(offsets)[keep]
    kept = np.concatenate([hashes[offsets[i] : offsets[i + 1]] for i in keep]) if keep else hashes[:0]
    return kept, np.concatenate([[0], np.cumsum(lengths)]).astype(offsets.dtype)


#: Words in a boilerplate n-gram (:attr:`Vocabulary.grams`).
BOILERPLATE_NGRAM = 5


def boilerplate_tokens(batch: TokenBatch, vocab: Vocabulary, *, ngram: int = BOILERPLATE_NGRAM) -> np.ndarray:
    """True for tokens covered by a frequent 5-gram of ``vocab``."""
    covered = np.zeros(len(batch.hashes), dtype=bool)
    if not len(vocab.grams):
        return covered
    grams, pos = batch_ngrams(batch.hashes, batch.offsets, ngram)
    hit = pos[in_sorted(grams, vocab.grams)]
    for k in range(ngram):
        covered[hit + k] = True
    return covered
