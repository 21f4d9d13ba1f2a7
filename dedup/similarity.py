"""Sentence vectors and the calibrated sentence-pair similarity used by the aligner.

Plain TF-IDF cosine cannot tell a rewrite from an independent report of the same event: both share the
names and numbers of the story, and those are exactly the rare, high-IDF words. So a sentence is described
by four things, and the score and its guards use them separately:

* word and character TF-IDF vectors (hashed by :mod:`dedup.hashing`, so words never seen when fitting still count);
* *content stems*: lower-case, non-stopword, non-entity words, crudely stemmed; the wording itself;
* *entities*: words the document capitalises mid-sentence (names, places, organisations), by their stems
  where the language's words are stemmed (one name in two cases is one name), as written in English;
* *numbers*: digit strings, commas removed.

``score = (word cosine + char cosine + content Dice) / 3``: the Dice term has no IDF, which keeps a
threshold meaning the same whether IDF came from a 20,000-article corpus or from the pair alone. A pair
is only *linkable* when it shares enough content stems (names and numbers alone never make a link) and
its numbers do not contradict each other; ``entity_conflict`` flags pairs whose names do (template
stories: same wording, other company, other figures), which the aligner refuses as seed links.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from dedup.hashing import (N_FEATURES, HashedSentences, binary, char_matrix, document_entities, document_frequency,
                           hash_bags, hash_sentences, word_bags)
from dedup.sentences import Sentence, aligned_sentences
from dedup.words import rules_for

__all__ = [
    "Scores",
    "SentenceFeatures",
    "DocumentVectors",
    "common_columns",
    "sentence_idf",
    "vectorize",
    "vectorize_pair",
    "vectorize_rows",
    "keep_rows",
    "score_pairs",
    "weigh",
]

@dataclass(frozen=True)
class SentenceFeatures:
    """Everything the scorer needs about a run of sentences (one row per sentence or sentence group).

    Columns are local: column ``k`` of every matrix stands for hashed feature ``vocab[k]``. Working in
    the 2**20-wide hashed space directly makes every sparse product cost ~1M operations; local columns
    keep a pair's products proportional to its size. ``words`` and ``chars`` hold raw (unnormalised)
    TF-IDF rows so that rows can be summed into groups (a sentence split in two, two merged into one).
    """

    vocab: np.ndarray
    words: sp.csr_matrix
    chars: sp.csr_matrix
    content: sp.csr_matrix
    entities: sp.csr_matrix
    numbers: sp.csr_matrix

    @property
    def n_rows(self) -> int:
        return int(self.words.shape[0])

    def group(self, groups: Sequence[Sequence[int]]) -> SentenceFeatures:
        """Features of sentence groups: each output row is the union of the given input rows."""
        rows = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
        cols = np.fromiter((i for g in groups for i in g), dtype=np.int64, count=len(rows))
        agg = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(groups), self.n_rows))
        return SentenceFeatures(
            vocab=self.vocab,
            words=(agg @ self.words).tocsr(),
            chars=(agg @ self.chars).tocsr(),
            content=binary(agg @ self.content),
            entities=binary(agg @ self.entities),
            numbers=binary(agg @ self.numbers),
        )

    def widen(self, vocab: np.ndarray) -> SentenceFeatures:
        """The same features over a larger sorted ``vocab`` (a superset of this one)."""
        mapping = np.searchsorted(vocab, self.vocab)
        return SentenceFeatures(vocab, *(_remap(m, mapping, len(vocab)) for m in self._matrices()))

    def _matrices(self) -> tuple[sp.csr_matrix, ...]:
        return (self.words, self.chars, self.content, self.entities, self.numbers)


def _remap(matrix: sp.csr_matrix, mapping: np.ndarray, width: int) -> sp.csr_matrix:
    return sp.csr_matrix((matrix.data, mapping[matrix.indices], matrix.indptr), shape=(matrix.shape[0], width))


def weigh(hashed: HashedSentences, idf: Callable[[np.ndarray], np.ndarray]) -> SentenceFeatures:
    """Sublinear TF times IDF, moved to local columns; ``idf`` maps feature ids to weights."""
    matrices = (hashed.words, hashed.chars, hashed.content, hashed.entities, hashed.numbers)
    vocab = np.unique(np.concatenate([m.indices for m in matrices]))
    local = []
    for k, matrix in enumerate(matrices):
        data = matrix.data.astype(np.float64)
        if k < 2:
            data = (1.0 + np.log(data)) * idf(matrix.indices)
        cols = np.searchsorted(vocab, matrix.indices)
        local.append(sp.csr_matrix((data, cols, matrix.indptr), shape=(matrix.shape[0], len(vocab))))
    return SentenceFeatures(vocab, *local)


@dataclass(frozen=True)
class Scores:
    """Pairwise results between the rows of two SentenceFeatures (dense, rows x cols)."""

    score: np.ndarray
    linkable: np.ndarray
    entity_conflict: np.ndarray
    shared_content: np.ndarray


def _normalise(matrix: sp.csr_matrix) -> sp.csr_matrix:
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    norms = np.sqrt(np.bincount(rows, weights=matrix.data**2, minlength=matrix.shape[0]))
    norms[norms == 0] = 1.0
    return sp.csr_matrix((matrix.data / norms[rows], matrix.indices, matrix.indptr), shape=matrix.shape)


def _overlap(a: sp.csr_matrix, b: sp.csr_matrix, rowwise: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shared counts and the two set sizes: all pairs (rows x cols), or row k of a with row k of b."""
    if rowwise:
        shared = np.asarray(a.multiply(b).sum(axis=1)).ravel()
        return shared, np.diff(a.indptr), np.diff(b.indptr)
    shared = (a @ b.T).toarray()
    return shared, np.diff(a.indptr).reshape(-1, 1), np.diff(b.indptr).reshape(1, -1)


def _cosine(a: sp.csr_matrix, b: sp.csr_matrix, rowwise: bool) -> np.ndarray:
    a, b = _normalise(a), _normalise(b)
    return np.asarray(a.multiply(b).sum(axis=1)).ravel() if rowwise else (a @ b.T).toarray()


def score_pairs(
    a: SentenceFeatures, b: SentenceFeatures, *, min_shared_content: int = 2, rowwise: bool = False
) -> Scores:
    """Score every row of ``a`` against every row of ``b`` (or, ``rowwise``, row k against row k).

    See the module docstring for the formula and the guards.
    """
    if a.vocab is not b.vocab:
        vocab = np.union1d(a.vocab, b.vocab)
        a, b = a.widen(vocab), b.widen(vocab)
    shared, size_a, size_b = _overlap(a.content, b.content, rowwise)
    with np.errstate(invalid="ignore", divide="ignore"):
        dice = np.nan_to_num(2.0 * shared / (size_a + size_b))
    score = (_cosine(a.words, b.words, rowwise) + _cosine(a.chars, b.chars, rowwise) + dice) / 3.0
    ent_shared, ent_a, ent_b = _overlap(a.entities, b.entities, rowwise)
    num_shared, num_a, num_b = _overlap(a.numbers, b.numbers, rowwise)
    entity_conflict = (ent_a > 0) & (ent_b > 0) & (ent_shared == 0)
    # numbers: at least half of the smaller set must agree (a merged sentence carries more numbers)
    number_conflict = (num_a > 0) & (num_b > 0) & (2 * num_shared < np.minimum(num_a, num_b))
    linkable = (shared >= min_shared_content) & ~number_conflict
    return Scores(
        score=np.clip(score, 0.0, 1.0), linkable=linkable, entity_conflict=entity_conflict, shared_content=shared
    )


@dataclass(frozen=True)
class DocumentVectors:
    """A document's sentences and their features, as cached by the aligner."""

    sentences: tuple[Sentence, ...]
    features: SentenceFeatures
    entities: frozenset[int]


def sentence_idf(texts: Iterable[str], languages: Iterable[str | None] | None = None) -> tuple[np.ndarray, int]:
    """Smoothed IDF over hashed features, counting each sentence as one document (``languages``: one
    per text, default English rules)."""
    df = np.zeros(N_FEATURES, dtype=np.int64)
    n = 0
    for text, language in zip(texts, languages if languages is not None else _forever(None)):
        sentences = aligned_sentences(text, language)
        if not sentences:
            continue
        ids, counts = document_frequency(hash_bags(word_bags(sentences, rules_for(language))),
                                         char_matrix(sentences, language))
        df[ids] += counts  # ids are unique: a plain add, not a 2**20-wide count per text
        n += len(sentences)
    return (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float64), n


def _forever(value: None) -> Iterable[None]:
    while True:
        yield value


def vectorize(
    sentences: tuple[Sentence, ...], idf: Callable[[np.ndarray], np.ndarray], *, language: str | None = None
) -> DocumentVectors:
    """Vectors of one document's sentences; ``idf`` maps feature ids to weights."""
    return _vectors(sentences, hash_sentences(sentences, language=language), idf)


def vectorize_rows(
    sentences: tuple[Sentence, ...], rows: Sequence[int], idf: Callable[[np.ndarray], np.ndarray],
    *, language: str | None = None,
) -> DocumentVectors:
    """Vectors of one document in which only the sentences ``rows`` (ascending) have features; the
    others keep their place with empty rows, which never link. Names are still told from the whole
    document, so each kept row equals its row in :func:`vectorize`."""
    chosen = tuple(sentences[k] for k in rows)
    hashed = hash_sentences(chosen, entity_words=document_entities(sentences, language), language=language)
    n = len(sentences)
    return _vectors(sentences, HashedSentences(*(_place_rows(m, rows, n) for m in (
        hashed.words, hashed.chars, hashed.content, hashed.entities, hashed.numbers))), idf)


def keep_rows(vectors: DocumentVectors, rows: Sequence[int]) -> DocumentVectors:
    """``vectors`` with the features of every sentence but ``rows`` emptied (the same as
    :func:`vectorize_rows` on those rows, from vectors already made for the whole document)."""
    f = vectors.features
    mask = np.zeros(f.n_rows, dtype=bool)
    mask[list(rows)] = True
    kept = SentenceFeatures(f.vocab, *(_only_rows(m, mask) for m in f._matrices()))
    entities = frozenset(f.vocab[np.concatenate([kept.entities.indices, kept.numbers.indices])].tolist())
    return replace(vectors, features=kept, entities=entities)


def _only_rows(matrix: sp.csr_matrix, mask: np.ndarray) -> sp.csr_matrix:
    sizes = np.where(mask, np.diff(matrix.indptr), 0)
    take = np.repeat(mask, np.diff(matrix.indptr))
    indptr = np.concatenate([[0], np.cumsum(sizes)])
    return sp.csr_matrix((matrix.data[take], matrix.indices[take], indptr), shape=matrix.shape)


def _place_rows(matrix: sp.csr_matrix, rows: Sequence[int], n: int) -> sp.csr_matrix:
    """The rows of ``matrix`` placed at ``rows`` of an ``n``-row matrix (the other rows empty)."""
    sizes = np.zeros(n, dtype=np.int64)
    sizes[np.asarray(rows, dtype=np.int64)] = np.diff(matrix.indptr)
    indptr = np.concatenate([[0], np.cumsum(sizes)])
    return sp.csr_matrix((matrix.data, matrix.indices, indptr), shape=(n, matrix.shape[1]))


def _vectors(
    sentences: tuple[Sentence, ...], hashed: HashedSentences, idf: Callable[[np.ndarray], np.ndarray]
) -> DocumentVectors:
    features = weigh(hashed, idf)
    entities = frozenset(np.concatenate([hashed.entities.indices, hashed.numbers.indices]).tolist())
    return DocumentVectors(sentences=sentences, features=features, entities=entities)


def vectorize_pair(
    text_a: str, text_b: str, languages: tuple[str | None, str | None] = (None, None)
) -> tuple[DocumentVectors, DocumentVectors]:
    """Vectors of an unfitted pair, IDF counted over the pair's own sentences."""
    sentences = [tuple(aligned_sentences(t, lang)) for t, lang in zip((text_a, text_b), languages)]
    hashed = [hash_sentences(s, language=lang) for s, lang in zip(sentences, languages)]
    ids_a, df_a = hashed[0].document_frequency()
    ids_b, df_b = hashed[1].document_frequency()
    ids = np.union1d(ids_a, ids_b)
    df = np.zeros(len(ids))
    df[np.searchsorted(ids, ids_a)] += df_a
    df[np.searchsorted(ids, ids_b)] += df_b
    n = len(sentences[0]) + len(sentences[1])
    weights = np.log((1.0 + n) / (1.0 + df)) + 1.0

    def idf(feature_ids: np.ndarray) -> np.ndarray:
        return weights[np.searchsorted(ids, feature_ids)]

    va, vb = (_vectors(s, h, idf) for s, h in zip(sentences, hashed))
    return va, vb


def common_columns(va: DocumentVectors, vb: DocumentVectors) -> tuple[DocumentVectors, DocumentVectors]:
    """Both documents over one shared vocabulary, so every later product skips re-mapping columns."""
    vocab = np.union1d(va.features.vocab, vb.features.vocab)
    return (
        replace(va, features=va.features.widen(vocab)),
        replace(vb, features=vb.features.widen(vocab)),
    )
