"""Hashed features of sentences: what the aligner compares, before any weighting.

Each sentence is described by its words (stop words aside), the character 4-grams of its words (pairs of
syllables in Hangul, whose syllables hold two or three letters each), its
*content stems* (lower-case, non-stopword, non-entity words, stemmed), its *entities* (words the document
capitalises mid-sentence and never writes in lower case, stemmed in a language whose words are) and its
*numbers*, each hashed into one of
2**20 columns as scikit-learn's ``FeatureHasher`` would (MurmurHash3 of the string, no alternate sign), by
the compiled kernel (:mod:`dedup.kernels`) or, where it is not built, by scikit-learn's own hash, loaded
then: a scan need not import scikit-learn (and scipy's statistics under it). Distinct strings are hashed
once per process: news vocabulary repeats. :mod:`dedup.similarity` weighs and compares them.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass
from typing import AbstractSet, Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from dedup import kernels
from dedup.figures import numbers as read_figures
from dedup.figures import plain_figures
from dedup.language import fold, has_hangul, is_dense
from dedup.sentences import Sentence
from dedup.transliteration import kazakh_latin, serbian_latin, uzbek_latin
from dedup.words import TOKEN, WordRules, dense_char_grams, is_content_word, one_form, rules_for, tokens
from dedup.words import lower as lower_token

__all__ = [
    "N_FEATURES",
    "HashedSentences",
    "KEY_SHIFT",
    "bag_keys",
    "binary",
    "char_ids",
    "char_keys",
    "char_matrix",
    "char_texts",
    "document_entities",
    "document_frequency",
    "feature_bags",
    "hash_bags",
    "hash_sentences",
    "sentence_bags",
    "string_ids",
    "word_bags",
]

N_FEATURES = 2**20
#: Where a key of :func:`bag_keys` and :func:`char_keys` holds its row: above the columns (below 2**20).
KEY_SHIFT = N_FEATURES.bit_length() - 1
_TOKEN = TOKEN


def _char_ngrams(text: str) -> list[str]:
    """Character 4-grams of each lower-cased word padded with spaces (like scikit-learn's char_wb)."""
    grams: list[str] = []
    for word in one_form(text).lower().split():
        grams.extend(_word_ngrams(word))
    return grams


@functools.lru_cache(maxsize=200_000)
def _word_ngrams(word: str, n: int = 4) -> tuple[str, ...]:
    # cached: news vocabulary repeats, and this is the costliest step of vectorising a document
    if is_dense(word):
        return dense_char_grams(word, _word_ngrams)
    if has_hangul(word):
        n = 2  # a Hangul syllable holds two or three letters: two of them span what four Latin letters do
    padded = f" {word} "
    return tuple(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))


def _feature_id(feature: str) -> int:
    """The column scikit-learn's ``FeatureHasher(n_features=N_FEATURES, alternate_sign=False)`` gives
    ``feature``."""
    h = _murmurhash3_32(feature)
    return (2**31 - 1 - (N_FEATURES - 1)) % N_FEATURES if h == -(2**31) else abs(h) % N_FEATURES


def _murmurhash3_32(feature: str) -> int:
    """MurmurHash3 (x86, 32 bits, seed 0, signed) of the string's UTF-8 bytes: the compiled kernel's, or
    scikit-learn's where the kernels are not built (the tests compare the two)."""
    compiled = kernels.KERNELS
    if compiled is not None:
        return int(compiled.murmurhash3_32(feature, 0))
    from sklearn.utils import murmurhash3_32

    return int(murmurhash3_32(feature, seed=0))


@functools.lru_cache(maxsize=200_000)
def _word_ngram_ids(word: str) -> tuple[int, ...]:
    """Hashed columns of a word's character n-grams: hashed once per distinct word, not per occurrence."""
    return tuple(_feature_id(g) for g in _word_ngrams(word))


def char_matrix(sentences: Sequence[Sentence], language: str | None = None) -> sp.csr_matrix:
    """Counts of each sentence's character n-grams (its text as :func:`char_texts` reads it in ``language``), as
    ``hash_bags`` of ``_char_ngrams`` would give."""
    return _count_matrix([char_ids(text) for text in char_texts(sentences, language)])


#: Languages printed in two scripts whose sentences' character n-grams are read in one (the Latin letters their
#: words are keyed on, :mod:`dedup.stemming`): a reprint converted from Cyrillic shared no n-gram with its source.
_ONE_SCRIPT = {"sr": lambda text: serbian_latin(text.lower()),
               "uz": lambda text: " ".join(map(uzbek_latin, text.lower().split())),
               "kk": lambda text: kazakh_latin(text.lower())}


def char_texts(sentences: Sequence[Sentence], language: str | None = None) -> list[str]:
    """The sentences' texts as their character n-grams are read: a Serbian or Uzbek sentence in Cyrillic in the
    Latin letters of its language's table (a link across the two scripts scored a third of its due), any other as
    written.

    >>> char_texts([Sentence(0, 12, "Влада Србије")], "sr"), char_texts([Sentence(0, 5, "Влада")], "ru")
    (['vlada srbije'], ['Влада'])
    """
    fold = _ONE_SCRIPT.get(language or "")
    if fold is None:
        return [sentence.text for sentence in sentences]
    # an Uzbek sentence typed in ASCII has its o' and g' with a straight apostrophe, which the table leaves out
    return [fold(sentence.text) if not sentence.text.isascii() or "'" in sentence.text else sentence.text
            for sentence in sentences]


def _count_matrix(rows: Sequence[list[int]]) -> sp.csr_matrix:
    """How often each hashed column occurs in each row, as a CSR matrix over all hashed columns."""
    cols = [c for row in rows for c in row]
    indptr = np.concatenate([[0], np.cumsum([len(row) for row in rows])]).astype(np.int32)
    matrix = sp.csr_matrix(
        (np.ones(len(cols)), np.array(cols, dtype=np.int32), indptr), shape=(len(rows), N_FEATURES)
    )
    matrix.sum_duplicates()
    return matrix


def binary(matrix: sp.spmatrix) -> sp.csr_matrix:
    out = sp.csr_matrix(matrix, copy=True)
    out.data[:] = 1.0
    return out


def document_entities(sentences: Sequence[Sentence], language: str | None = None) -> frozenset[str]:
    """Lower-cased words a document capitalises mid-sentence and never writes in lower case (none in a
    language that capitalises every noun)."""
    return _entities([_TOKEN.findall(one_form(sentence.text)) for sentence in sentences], rules_for(language))


def _entities(found: Sequence[list[str]], rules: WordRules) -> frozenset[str]:
    """:func:`document_entities` of sentences whose tokens (as written) are ``found``."""
    if not rules.capitals_mark_names:
        return frozenset()
    lower = {tok for toks in found for tok in toks if tok[0].islower()}
    capitalised = {lower_token(tok) for toks in found for tok in itertools.islice(toks, 1, None) if tok[0].isupper()}
    return frozenset(capitalised - rules.stop_words - lower)


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
        return document_frequency(self.words, self.chars)


def document_frequency(words: sp.csr_matrix, chars: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    both = (words + chars).tocsr()
    both.sum_duplicates()
    return np.unique(both.indices, return_counts=True)


def word_bags(sentences: Sequence[Sentence], rules: WordRules) -> list[list[str]]:
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
        words=hash_bags(word_bags),
        chars=char_matrix(sentences, language),
        content=binary(hash_bags(content)),
        entities=binary(hash_bags(entities)),
        numbers=binary(hash_bags(numbers)),
    )


Bags = tuple[list[list[str]], list[set[str]], list[AbstractSet[str]], list[set[str]]]


def sentence_bags(
    sentences: Sequence[Sentence], *, entity_words: frozenset[str] | None = None, language: str | None = None,
    tokens_read: list[list[str] | None] | None = None,
) -> Bags:
    """The strings :func:`hash_sentences` hashes, per sentence: words (stopwords aside), content stems,
    entities (by their stems where the language's words are stemmed, :func:`_names`) and numbers. One
    place decides what a sentence's features are, whoever stores them: scan, compare, the index and Dask.

    With ``tokens_read`` (a list, emptied first), also each sentence's tokens as the compiled ``plain_words``
    read them on the way (what :func:`dedup.sentence_tables.sentence_tokens` asks the kernel again for a
    sentence a link compares), None for a sentence the kernel did not read."""
    rules = rules_for(language)
    stop_words, stem = rules.stop_words, rules.stem
    read = _read_words([sentence.text for sentence in sentences], stop_words, plain_figures(rules.language),
                       tokens_read)
    if entity_words is None:
        entity_words = _read_entities(read, rules)
    word_bags: list[list[str]] = []
    content: list[set[str]] = []
    entities: list[AbstractSet[str]] = []
    numbers: list[set[str]] = []
    stems = _content_stems_known.get(rules) or _content_stems(rules, (), entity_words)[0]
    for sentence, (toks, words, _, _, figures) in zip(sentences, read):
        word_bags.append([stem(t) for t in words] if rules.stem_words else words)
        try:
            found = {stems[t] for t in words if t not in entity_words}
            found.discard(None)
        except KeyError:  # a word not met before: learnt, and the sentence's stems found on the way
            stems, found = _content_stems(rules, words, entity_words)
        content.append(found)  # type: ignore[arg-type]
        entities.append(_names(entity_words.intersection(toks), rules) if entity_words else set())
        numbers.append(rules.numbers(sentence.text) if figures is None else figures)
    return word_bags, content, entities, numbers


#: Each language's words as content stems (None: no content word, :func:`dedup.words.is_content_word`), as
#: :func:`sentence_bags` read them: news words repeat, and a word's two calls and pattern were a third of
#: reading a sentence's bags. At most :data:`_CONTENT_STEMS_KEPT` words a language, all dropped when full.
_content_stems_known: dict[WordRules, dict[str, str | None]] = {}
_CONTENT_STEMS_KEPT = 50_000


def _content_stems(rules: WordRules, words: Sequence[str],
                   entity_words: AbstractSet[str]) -> tuple[dict[str, str | None], set[str]]:
    """The content stems of the words met before and of ``words`` (None for a word that is none), and the
    content stems of ``words`` that are not ``entity_words`` (a sentence's, as :func:`sentence_bags` reads them).

    >>> stems, found = _content_stems(rules_for(None), ["rates", "2024", "fed"], frozenset({"fed"}))
    >>> stems["rates"] == rules_for(None).stem("rates"), stems["2024"], found == {rules_for(None).stem("rates")}
    (True, None, True)
    """
    known = _content_stems_known.get(rules)
    if known is None or len(known) + len(words) > _CONTENT_STEMS_KEPT:
        known = _content_stems_known[rules] = {}  # a new dict: another thread may be reading the old one
    stem, found = rules.stem, set()
    for t in words:
        if t in known:
            content = known[t]
        else:
            content = known[t] = stem(t) if is_content_word(t) else None
        if content is not None and t not in entity_words:
            found.add(content)
    return known, found


def _names(found: AbstractSet[str], rules: WordRules) -> AbstractSet[str]:
    """A sentence's names as compared: by their stems in a language whose words are stemmed
    (:attr:`dedup.words.WordRules.stem_words`), so that one name in two cases is one name (Polish "Rady" and
    "Rada", Russian "Путина" and "Путину", Turkish "Kurulu'nun" and "Kurulu"), as it is to a reader; the
    lower-cased forms as written elsewhere (English: its names, like its words, are not stemmed).

    >>> sorted(_names({"путина", "путину"}, rules_for("ru"))), sorted(_names({"friday's"}, rules_for(None)))
    (['путин'], ["friday's"])
    """
    return {rules.stem(name) for name in found} if rules.stem_words else found


Words = tuple[list[str], list[str], list[str], list[str], "set[str] | None"]


def _read_words(texts: Sequence[str], stop_words: AbstractSet[str], figures: bool,
                tokens_read: list[list[str] | None] | None = None) -> list[Words]:
    """:func:`_words` of each text: by the compiled kernel ``plain_words`` where it is built (one pass of C
    over a text instead of the pattern, a list comprehension and the names' two passes), for text of ASCII
    and the typographic quotes and dashes only; other text, and all where the kernel is not built, here.
    ``tokens_read`` (emptied first) gets each text's tokens as the kernel read them, None where it did not."""
    compiled = kernels.KERNELS
    if tokens_read is not None:
        tokens_read.clear()
    if compiled is None or not isinstance(stop_words, (set, frozenset)):
        if tokens_read is not None:
            tokens_read.extend([None] * len(texts))
        return [_words(text, stop_words, figures) for text in texts]
    found = compiled.plain_words(texts, stop_words, figures)
    if tokens_read is not None:
        tokens_read.extend([None if read is None else read[0] for read in found])
    return [_words(text, stop_words, figures) if read is None else read for text, read in zip(texts, found)]


def _words(text: str, stop_words: AbstractSet[str], figures: bool = False) -> Words:
    """A sentence's tokens as compared (:func:`dedup.words.tokens`), those of them that are no stop
    word, and what the names are read from (:func:`_entities`): the tokens as written that open in lower
    case, and those after the first that open with a capital, lower-cased. The tokens as compared come
    from the same pass of the pattern where they are the same tokens: text with nothing to fold (ASCII,
    or no digit or punctuation of another script to fold) and no dense script to cut apart. With
    ``figures``, also the text's figures read as English ones (:func:`dedup.figures.plain_figures`), else
    None. The words are read from the text with a word's two typings written one way
    (:func:`dedup.words.one_form`: a joiner inside an Indic word, a cedilla for Romanian's comma below), as
    the tokens are. The Python twin of the kernel ``plain_words`` (the tests compare the two)."""
    text = one_form(text)
    found = _TOKEN.findall(text)
    lowered = [tok.lower() for tok in found] if _read_as_written(text) else tokens(text)
    return (lowered, [t for t in lowered if t not in stop_words], [t for t in found if t[0].islower()],
            [lower_token(t) for t in itertools.islice(found, 1, None) if t[0].isupper()],
            read_figures(text) if figures else None)


def _read_entities(read: Sequence[Words], rules: WordRules) -> frozenset[str]:
    """:func:`_entities` from each sentence's :func:`_words`."""
    if not rules.capitals_mark_names:
        return frozenset()
    lower = set().union(*(r[2] for r in read))
    capitalised = set().union(*(r[3] for r in read))
    return frozenset(capitalised - rules.stop_words - lower)


def _read_as_written(text: str) -> bool:
    """Whether :func:`dedup.words.tokens` of ``text`` are its pattern's tokens lower-cased one by one."""
    return text.isascii() or (fold(text) == text and not is_dense(text) and "İ" not in text)


def string_ids(bag: Iterable[str]) -> list[int]:
    """Hashed columns of some strings (as ``hash_sentences`` gives them), one per string."""
    return list(map(_string_id, bag))


def char_ids(text: str) -> list[int]:
    """Hashed columns of the character n-grams of one sentence, one per n-gram occurrence (of its words
    as :func:`dedup.words.one_form` writes them)."""
    cols: list[int] = []
    for word in one_form(text).lower().split():
        cols.extend(_word_ngram_ids(word))
    return cols


def bag_keys(bags: Sequence[Iterable[str]]) -> np.ndarray:
    """``(row << KEY_SHIFT) | column`` of each string of each bag (its row: the bag's position), in order, as
    int64: :func:`string_ids` of every bag at once. The compiled kernel hashes the strings where it is
    built (a preparing worker met each string once or twice: the per-string cache cost more than the
    hash); the tests compare the two ways.

    >>> bag_keys([["shares"], [], ["shares", "rose"]]).tolist() == [
    ...     string_ids(["shares"])[0], (2 << KEY_SHIFT) | string_ids(["shares"])[0],
    ...     (2 << KEY_SHIFT) | string_ids(["rose"])[0]]
    True
    """
    compiled = kernels.KERNELS
    if compiled is not None:
        return np.frombuffer(compiled.bag_keys(bags, KEY_SHIFT, N_FEATURES), dtype=np.int64)
    return _keyed([string_ids(bag) for bag in bags])


def char_keys(texts: Sequence[str]) -> np.ndarray:
    """``(row << KEY_SHIFT) | column`` of each character n-gram occurrence of each text (its row: the
    text's position), in order, as int64: :func:`char_ids` of every text at once, by the compiled kernel
    unless a text holds a character of a dense script (whose words are cut apart first).

    >>> char_keys(["Oil", "oil"]).tolist() == char_ids("oil") + [(1 << KEY_SHIFT) | c for c in char_ids("oil")]
    True
    """
    compiled = kernels.KERNELS
    if compiled is not None and not any(not t.isascii() and (is_dense(t) or has_hangul(t)) for t in texts):
        texts = [one_form(t) for t in texts]  # ASCII as it is
        return np.frombuffer(compiled.char_keys(texts, KEY_SHIFT, N_FEATURES), dtype=np.int64)
    return _keyed([char_ids(text) for text in texts])


def _keyed(rows: Sequence[list[int]]) -> np.ndarray:
    """Columns of each row as keys ``(row << KEY_SHIFT) | column``, in order."""
    lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    ids = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64, count=int(lengths.sum()))
    row = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
    return (row << KEY_SHIFT) | ids


@functools.lru_cache(maxsize=200_000)
def _string_id(feature: str) -> int:
    return _feature_id(feature)


def hash_bags(bags: Sequence[Iterable[str]]) -> sp.csr_matrix:
    """Counts of hashed strings per row (what scikit-learn's ``FeatureHasher`` without alternate sign
    gives), each distinct string hashed once per process: news vocabulary repeats, and the hasher's
    per-call and per-string overhead was most of the cost of preparing an article for alignment."""
    return _count_matrix([string_ids(bag) for bag in bags])


def feature_bags(sentences: Sequence[Sentence], language: str | None = None) -> list[list[str]]:
    """The hashed features (words and character n-grams) of each sentence, as counted for IDF."""
    return [words + _char_ngrams(s.text) for words, s in zip(word_bags(sentences, rules_for(language)), sentences)]
