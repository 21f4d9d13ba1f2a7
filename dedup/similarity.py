"""Sentence features and the calibrated sentence-pair similarity used by the aligner.

Plain TF-IDF cosine cannot tell a rewrite from an independent report of the same event: both share the
names and numbers of the story, and those are exactly the rare, high-IDF words. So a sentence is described
by four things, and the score and its guards use them separately:

* word and character TF-IDF vectors (hashed, so words never seen when fitting still count);
* *content stems*: lower-case, non-stopword, non-entity words, crudely stemmed; the wording itself;
* *entities*: words the document capitalises mid-sentence (names, places, organisations);
* *numbers*: digit strings, commas removed.

``score = (word cosine + char cosine + content Dice) / 3``: the Dice term has no IDF, which keeps a
threshold meaning the same whether IDF came from a 20,000-article corpus or from the pair alone. A pair
is only *linkable* when it shares enough content stems (names and numbers alone never make a link) and
neither its entities nor its numbers contradict each other (template stories: same wording, other
company, other figures).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from dedup.sentences import Sentence

__all__ = [
    "N_FEATURES",
    "Scores",
    "SentenceFeatures",
    "HashedSentences",
    "feature_bags",
    "hash_sentences",
    "score_pairs",
    "weigh",
    "tokens",
]

N_FEATURES = 2**20
_TOKEN = re.compile(r"\w+(?:['’.,-]\w+)*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ed", "ies", "es", "ly", "s")
_HASHER = FeatureHasher(n_features=N_FEATURES, input_type="string", alternate_sign=False)


def tokens(text: str) -> list[str]:
    """Lower-case word tokens ("U.S." stays one token, "11-day" too); used for verbatim/edited checks."""
    return [t.lower() for t in _TOKEN.findall(text)]


def _stem(word: str) -> str:
    """A crude stem: enough for "exercise"/"exercises", "strengthened"/"strengthen" to meet."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:7]


def _char_ngrams(text: str, n: int = 4) -> list[str]:
    """Character n-grams of each lower-cased word padded with spaces (like scikit-learn's char_wb)."""
    grams: list[str] = []
    for word in text.lower().split():
        padded = f" {word} "
        grams.extend(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
    return grams


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
            content=_binary(agg @ self.content),
            entities=_binary(agg @ self.entities),
            numbers=_binary(agg @ self.numbers),
        )

    def widen(self, vocab: np.ndarray) -> SentenceFeatures:
        """The same features over a larger sorted ``vocab`` (a superset of this one)."""
        mapping = np.searchsorted(vocab, self.vocab)
        return SentenceFeatures(vocab, *(_remap(m, mapping, len(vocab)) for m in self._matrices()))

    def _matrices(self) -> tuple[sp.csr_matrix, ...]:
        return (self.words, self.chars, self.content, self.entities, self.numbers)


def _remap(matrix: sp.csr_matrix, mapping: np.ndarray, width: int) -> sp.csr_matrix:
    return sp.csr_matrix((matrix.data, mapping[matrix.indices], matrix.indptr), shape=(matrix.shape[0], width))


def _binary(matrix: sp.spmatrix) -> sp.csr_matrix:
    out = sp.csr_matrix(matrix, copy=True)
    out.data[:] = 1.0
    return out


def document_entities(sentences: Sequence[Sentence]) -> frozenset[str]:
    """Lower-cased words a document capitalises mid-sentence and never writes in lower case."""
    capitalised: set[str] = set()
    lower: set[str] = set()
    for sentence in sentences:
        for i, tok in enumerate(_TOKEN.findall(sentence.text)):
            if tok[0].islower():
                lower.add(tok)
            elif i > 0 and tok[0].isupper() and tok.lower() not in ENGLISH_STOP_WORDS:
                capitalised.add(tok.lower())
    return frozenset(capitalised - lower)


@dataclass(frozen=True)
class HashedSentences:
    """Hashed, unweighted features of a document's sentences (global 2**20-wide columns)."""

    words: sp.csr_matrix
    chars: sp.csr_matrix
    content: sp.csr_matrix
    entities: sp.csr_matrix
    numbers: sp.csr_matrix

    def document_frequency(self) -> tuple[np.ndarray, np.ndarray]:
        """Sorted feature ids and in how many sentences each occurs (word and char features)."""
        both = (self.words + self.chars).tocsr()
        both.sum_duplicates()
        return np.unique(both.indices, return_counts=True)


def hash_sentences(sentences: Sequence[Sentence]) -> HashedSentences:
    """Hash words, character n-grams, content stems, entities and numbers of each sentence."""
    entity_words = document_entities(sentences)
    word_bags, content, entities, numbers = [], [], [], []
    for sentence in sentences:
        toks = tokens(sentence.text)
        words = [t for t in toks if t not in ENGLISH_STOP_WORDS]
        word_bags.append(words)
        content.append(
            {_stem(t) for t in words if t not in entity_words and len(t) > 2 and not any(c.isdigit() for c in t)}
        )
        entities.append({t for t in toks if t in entity_words})
        numbers.append({n.replace(",", "") for n in _NUMBER.findall(sentence.text)})
    return HashedSentences(
        words=_hash(word_bags),
        chars=_hash([_char_ngrams(s.text) for s in sentences]),
        content=_binary(_hash(content)),
        entities=_binary(_hash(entities)),
        numbers=_binary(_hash(numbers)),
    )


def _hash(bags: Sequence[Iterable[str]]) -> sp.csr_matrix:
    if not bags:
        return sp.csr_matrix((0, N_FEATURES))
    matrix = _HASHER.transform(bags).tocsr()
    matrix.sum_duplicates()
    return matrix


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


def feature_bags(sentences: Sequence[Sentence]) -> list[list[str]]:
    """The hashed features (words and character n-grams) of each sentence, as counted for IDF."""
    bags = []
    for sentence in sentences:
        words = [t for t in tokens(sentence.text) if t not in ENGLISH_STOP_WORDS]
        bags.append(words + _char_ngrams(sentence.text))
    return bags


@dataclass(frozen=True)
class Scores:
    """Pairwise results between the rows of two SentenceFeatures (dense, rows x cols)."""

    score: np.ndarray
    linkable: np.ndarray
    shared_content: np.ndarray


def _normalise(matrix: sp.csr_matrix) -> sp.csr_matrix:
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    norms = np.sqrt(np.bincount(rows, weights=matrix.data**2, minlength=matrix.shape[0]))
    norms[norms == 0] = 1.0
    return sp.csr_matrix((matrix.data / norms[rows], matrix.indices, matrix.indptr), shape=matrix.shape)


def _overlap(a: sp.csr_matrix, b: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shared counts and the two set sizes, broadcast to rows x cols."""
    shared = (a @ b.T).toarray()
    size_a = np.asarray(a.sum(axis=1)).reshape(-1, 1)
    size_b = np.asarray(b.sum(axis=1)).reshape(1, -1)
    return shared, size_a, size_b


def score_pairs(a: SentenceFeatures, b: SentenceFeatures, *, min_shared_content: int = 2) -> Scores:
    """Score every row of ``a`` against every row of ``b``; see the module docstring for the formula."""
    if a.vocab is not b.vocab:
        vocab = np.union1d(a.vocab, b.vocab)
        a, b = a.widen(vocab), b.widen(vocab)
    word_cos = (_normalise(a.words) @ _normalise(b.words).T).toarray()
    char_cos = (_normalise(a.chars) @ _normalise(b.chars).T).toarray()
    shared, size_a, size_b = _overlap(a.content, b.content)
    with np.errstate(invalid="ignore", divide="ignore"):
        dice = np.nan_to_num(2.0 * shared / (size_a + size_b))
    score = (word_cos + char_cos + dice) / 3.0
    ent_shared, ent_a, ent_b = _overlap(a.entities, b.entities)
    num_shared, num_a, num_b = _overlap(a.numbers, b.numbers)
    entity_conflict = (ent_a > 0) & (ent_b > 0) & (ent_shared == 0)
    # numbers: at least half of the smaller set must agree (a merged sentence carries more numbers)
    number_conflict = (num_a > 0) & (num_b > 0) & (2 * num_shared < np.minimum(num_a, num_b))
    linkable = (shared >= min_shared_content) & ~entity_conflict & ~number_conflict
    return Scores(score=np.clip(score, 0.0, 1.0), linkable=linkable, shared_content=shared)
