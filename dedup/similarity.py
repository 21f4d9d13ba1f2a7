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
its numbers do not contradict each other; ``entity_conflict`` flags pairs whose names do (template
stories: same wording, other company, other figures), which the aligner refuses as seed links.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import FeatureHasher
from sklearn.utils import murmurhash3_32

from dedup.sentences import Sentence, split_sentences
from dedup.language import is_dense
from dedup.words import TOKEN, WordRules, dense_char_grams, is_content_word, rules_for, tokens

__all__ = [
    "N_FEATURES",
    "Scores",
    "SentenceFeatures",
    "DocumentVectors",
    "HashedSentences",
    "common_columns",
    "sentence_idf",
    "vectorize",
    "vectorize_pair",
    "vectorize_rows",
    "keep_rows",
    "feature_bags",
    "hash_sentences",
    "sentence_bags",
    "string_ids",
    "char_ids",
    "score_pairs",
    "weigh",
    "tokens",
]

N_FEATURES = 2**20
_TOKEN = TOKEN
_HASHER = FeatureHasher(n_features=N_FEATURES, input_type="string", alternate_sign=False)


def _char_ngrams(text: str) -> list[str]:
    """Character 4-grams of each lower-cased word padded with spaces (like scikit-learn's char_wb)."""
    grams: list[str] = []
    for word in text.lower().split():
        grams.extend(_word_ngrams(word))
    return grams


@functools.lru_cache(maxsize=200_000)
def _word_ngrams(word: str, n: int = 4) -> tuple[str, ...]:
    # cached: news vocabulary repeats, and this is the costliest step of vectorising a document
    if is_dense(word):
        return dense_char_grams(word, _word_ngrams)
    padded = f" {word} "
    return tuple(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))


def _feature_id(feature: str) -> int:
    """The column ``_HASHER`` (scikit-learn's FeatureHasher, no alternate sign) gives ``feature``."""
    h = murmurhash3_32(feature, seed=0)
    return (2**31 - 1 - (N_FEATURES - 1)) % N_FEATURES if h == -(2**31) else abs(h) % N_FEATURES


@functools.lru_cache(maxsize=200_000)
def _word_ngram_ids(word: str) -> tuple[int, ...]:
    """Hashed columns of a word's character n-grams: hashed once per distinct word, not per occurrence."""
    return tuple(_feature_id(g) for g in _word_ngrams(word))


def _char_matrix(sentences: Sequence[Sentence]) -> sp.csr_matrix:
    """Counts of each sentence's character n-grams, as ``_hash`` of ``_char_ngrams`` would give."""
    return _count_matrix([char_ids(sentence.text) for sentence in sentences])


def _count_matrix(rows: Sequence[list[int]]) -> sp.csr_matrix:
    """How often each hashed column occurs in each row, as a CSR matrix over all hashed columns."""
    cols = [c for row in rows for c in row]
    indptr = np.concatenate([[0], np.cumsum([len(row) for row in rows])]).astype(np.int32)
    matrix = sp.csr_matrix(
        (np.ones(len(cols)), np.array(cols, dtype=np.int32), indptr), shape=(len(rows), N_FEATURES)
    )
    matrix.sum_duplicates()
    return matrix


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


def document_entities(sentences: Sequence[Sentence], language: str | None = None) -> frozenset[str]:
    """Lower-cased words a document capitalises mid-sentence and never writes in lower case (none in a
    language that capitalises every noun)."""
    rules = rules_for(language)
    if not rules.capitals_mark_names:
        return frozenset()
    stop_words = rules.stop_words
    capitalised: set[str] = set()
    lower: set[str] = set()
    for sentence in sentences:
        for i, tok in enumerate(_TOKEN.findall(sentence.text)):
            if tok[0].islower():
                lower.add(tok)
            elif i > 0 and tok[0].isupper() and tok.lower() not in stop_words:
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
        return _document_frequency(self.words, self.chars)


def _document_frequency(words: sp.csr_matrix, chars: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    both = (words + chars).tocsr()
    both.sum_duplicates()
    return np.unique(both.indices, return_counts=True)


def _word_bags(sentences: Sequence[Sentence], rules: WordRules) -> list[list[str]]:
    """Each sentence's words, stopwords aside (the word features)."""
    return [rules.words(tokens(s.text)) for s in sentences]


def hash_sentences(
    sentences: Sequence[Sentence], *, entity_words: frozenset[str] | None = None, language: str | None = None
) -> HashedSentences:
    """Hash words, character n-grams, content stems, entities and numbers of each sentence.

    ``entity_words`` (from :func:`document_entities`) defaults to those of ``sentences`` themselves; pass
    the whole document's when hashing only some of its sentences. ``language`` (ISO 639-1) chooses the
    stop words and stemmer (:func:`dedup.words.rules_for`).
    """
    word_bags, content, entities, numbers = sentence_bags(sentences, entity_words=entity_words, language=language)
    return HashedSentences(
        words=_hash_rows(word_bags),
        chars=_char_matrix(sentences),
        content=_binary(_hash_rows(content)),
        entities=_binary(_hash_rows(entities)),
        numbers=_binary(_hash_rows(numbers)),
    )


Bags = tuple[list[list[str]], list[set[str]], list[set[str]], list[set[str]]]


def sentence_bags(
    sentences: Sequence[Sentence], *, entity_words: frozenset[str] | None = None, language: str | None = None
) -> Bags:
    """The strings :func:`hash_sentences` hashes, per sentence: words (stopwords aside), content stems,
    entities and numbers. One place decides what a sentence's features are, whoever stores them."""
    rules = rules_for(language)
    stop_words, stem = rules.stop_words, rules.stem
    if entity_words is None:
        entity_words = document_entities(sentences, language)
    word_bags: list[list[str]] = []
    content: list[set[str]] = []
    entities: list[set[str]] = []
    numbers: list[set[str]] = []
    for sentence in sentences:
        toks = tokens(sentence.text)
        words = [t for t in toks if t not in stop_words]
        word_bags.append([stem(t) for t in words] if rules.stem_words else words)
        content.append({stem(t) for t in words if t not in entity_words and is_content_word(t)})
        entities.append({t for t in toks if t in entity_words})
        numbers.append(rules.numbers(sentence.text))
    return word_bags, content, entities, numbers


def string_ids(bag: Iterable[str]) -> list[int]:
    """Hashed columns of some strings (as ``hash_sentences`` gives them), one per string."""
    return list(map(_string_id, bag))


def char_ids(text: str) -> list[int]:
    """Hashed columns of the character n-grams of one sentence, one per n-gram occurrence."""
    cols: list[int] = []
    for word in text.lower().split():
        cols.extend(_word_ngram_ids(word))
    return cols


@functools.lru_cache(maxsize=200_000)
def _string_id(feature: str) -> int:
    return _feature_id(feature)


def _hash_rows(bags: Sequence[Iterable[str]]) -> sp.csr_matrix:
    """What ``_hash`` gives (counts of hashed strings per row), each distinct string hashed once per
    process: news vocabulary repeats, and the hasher's per-call and per-string overhead was most of
    the cost of preparing an article for alignment."""
    return _count_matrix([string_ids(bag) for bag in bags])


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


def feature_bags(sentences: Sequence[Sentence], language: str | None = None) -> list[list[str]]:
    """The hashed features (words and character n-grams) of each sentence, as counted for IDF."""
    return [words + _char_ngrams(s.text) for words, s in zip(_word_bags(sentences, rules_for(language)), sentences)]


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
        sentences = split_sentences(text, language)
        if not sentences:
            continue
        ids, counts = _document_frequency(_hash(_word_bags(sentences, rules_for(language))), _char_matrix(sentences))
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
    sentences = [tuple(split_sentences(t, lang)) for t, lang in zip((text_a, text_b), languages)]
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
