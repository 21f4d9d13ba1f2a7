"""What the aligner needs of one document, whatever pair it is in: its sentence table.

A document is aligned in many pairs (a form in hundreds), so its sentences, their hashed features (words,
character n-grams, content stems, names, numbers) and each feature's sentence count are worked out once
(:func:`prepare`) and kept as flat arrays (:class:`Entries`), which the pair's scores
(:mod:`dedup.pair_scores`, :mod:`dedup.pair_join`, the compiled kernel) read without converting them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, NamedTuple, Sequence

import numpy as np

from dedup import kernels
from dedup.hashing import KEY_SHIFT, N_FEATURES, bag_keys, char_keys, char_texts, sentence_bags
from dedup.sentences import Sentence, recent_aligned_sentences
from dedup.words import tokens

__all__ = ["Entries", "SentenceTable", "prepare", "sentence_tokens"]

_SHIFT = np.int64(KEY_SHIFT)  # feature ids are below 2**20: a pair index (or a sentence) fits above


class Entries(NamedTuple):
    """One feature kind of a document as flat arrays, one entry per (sentence, feature). A tuple of
    C-contiguous int32 arrays (float64 ``values``), as :func:`prepare` makes them both ways (the tests hold
    both to it): the compiled pair scores read a table's five kinds as they are, with nothing converted or
    kept beside them (:func:`dedup.sentence_scores._table_kinds`)."""

    rows: np.ndarray  # sentence of each entry
    ids: np.ndarray  # hashed feature id (sorted within a sentence)
    values: np.ndarray  # 1 + log(count) for words and character n-grams, 1 for sets
    vocab: np.ndarray  # sorted distinct ids: the columns this document offers to its partners
    cols: np.ndarray  # position of each entry's id in ``vocab``
    next_left: np.ndarray  # entries of sentence k whose feature sentence k + 1 also has ...
    next_right: np.ndarray  # ... and those entries of sentence k + 1


@dataclass(frozen=True)
class SentenceTable:
    """What alignment needs of one document, independent of the pair it is in."""

    sentences: tuple[Sentence, ...]
    words: Entries
    chars: Entries
    content: Entries
    entities: Entries
    numbers: Entries
    df: np.ndarray  # sentences holding each id of ``words.vocab`` (== ``chars.vocab``), as words or chars
    sets: tuple[tuple[frozenset[int], ...], ...]  # content, entities, numbers: one set per sentence
    #: worked out when first asked and kept (a document is aligned in many pairs), None until then: a table
    #: never aligned holds no object for them, and each is one object the garbage collector counts (an
    #: array none, a frozenset one): what a collection walks grows with what every stored table keeps
    _tokens: dict[int, list[str]] | None = field(default=None, compare=False, repr=False)
    _entities: frozenset[int] | None = field(default=None, compare=False, repr=False)  # the document's
    _counts: np.ndarray | None = field(default=None, compare=False, repr=False)  # (2, sentences), int64
    #: the sentences' texts as their words are compared in a link, where they are not as written: a Serbian, Uzbek
    #: or Kazakh sentence in the one script its language is keyed in (:func:`dedup.hashing.char_texts`), so that a
    #: reprint converted between the scripts links word for word; None: as written
    token_texts: tuple[str, ...] | None = field(default=None, compare=False, repr=False)

    def tokens(self, k: int) -> list[str]:
        """Word tokens of sentence ``k`` (:func:`dedup.words.tokens`, by :func:`sentence_tokens`; cached: a
        sentence is compared in several links)."""
        known = self._tokens
        if known is None:
            known = {}
            object.__setattr__(self, "_tokens", known)  # a cache of a frozen table
        if k not in known:
            known[k] = sentence_tokens(self.sentences[k].text if self.token_texts is None else self.token_texts[k])
        return known[k]

    def set_counts(self) -> tuple[np.ndarray, np.ndarray]:
        """How many content stems and how many figures each sentence holds (int64), counted once (cached: a
        document is aligned in many pairs) into one array, which the collector does not walk. Read, never
        changed."""
        counts = self._counts
        if counts is None:
            content, _, figures = self.sets
            counts = np.array([list(map(len, content)), list(map(len, figures))], dtype=np.int64).reshape(2, -1)
            counts.setflags(write=False)  # shared by every pair the table is in
            object.__setattr__(self, "_counts", counts)  # a cache of a frozen table
        return counts[0], counts[1]

    def entity_ids(self, rows: np.ndarray | None = None) -> frozenset[int]:
        """Names and numbers of the document (or of the sentences ``rows`` only); the document's are
        gathered once (cached: a document is aligned in many pairs)."""
        if rows is None:
            if self._entities is None:
                object.__setattr__(self, "_entities", self._entity_ids(range(len(self.sentences))))
            return self._entities  # type: ignore[return-value]
        return self._entity_ids(np.flatnonzero(rows).tolist())

    def _entity_ids(self, keep: Iterable[int]) -> frozenset[int]:
        return frozenset().union(*(self.sets[1][k] | self.sets[2][k] for k in keep))


_NO_WORDS: frozenset[str] = frozenset()


#: Sentences' tokens as :func:`prepare` had the kernel read them, by the sentence's text, for the links of the
#: pairs aligned next (a pair of two articles seen first asked the kernel for each linked sentence's tokens a
#: second time); at most :data:`_RECENT_TOKENS` sentences, all dropped when full. Read, never changed.
_recent_tokens: dict[str, list[str] | None] = {}
_RECENT_TOKENS = 2048


def sentence_tokens(text: str) -> list[str]:
    """:func:`dedup.words.tokens` of ``text``, by the compiled ``plain_words`` where it can read the text
    (what a link compares of its sentences: :meth:`SentenceTable.tokens`), an apostrophe inside a word
    typed curly ("don’t", "Reuters’s") written straight: a copy whose quotes a publishing system curled is
    word for word its source, not an edit of it.

    >>> sentence_tokens("The company’s chief didn’t say.") == sentence_tokens("The company's chief didn't say.")
    True
    """
    compiled = kernels.KERNELS
    found: list[str] | None = _recent_tokens.get(text) if compiled is not None else None
    if found is None:
        read = compiled.plain_words([text], _NO_WORDS, False)[0] if compiled is not None else None
        found = tokens(text) if read is None else read[0]
    if "\u2019" in text:  # a publishing system curls the apostrophes of the copy it takes: the same words
        return [t.replace("\u2019", "'") if "\u2019" in t else t for t in found]
    return found


def prepare(text: str, language: str | None = None) -> SentenceTable:
    """Split, hash and count the features of one document (once, whatever pairs it is in), read with
    the word rules of ``language`` (ISO 639-1; None: the default rules).

    The features are those of :func:`dedup.hashing.hash_sentences` (the same strings, the same
    hashed columns), kept as flat arrays: building sparse matrices cost more than the hashing.
    """
    sentences = recent_aligned_sentences(text, language)
    read: list[list[str] | None] = []
    word_bags, content, entities, numbers = sentence_bags(sentences, language=language, tokens_read=read)
    texts = char_texts(sentences, language)  # a Serbian or Uzbek sentence in Cyrillic read in Latin letters
    _keep_tokens(sentences, read)
    compiled = kernels.KERNELS
    if compiled is not None:
        return _with_token_texts(_compiled_table(compiled, sentences, texts, word_bags, (content, entities, numbers)),
                                 sentences, texts)
    words = _distinct(bag_keys(word_bags))  # (sentence, feature) keys, sorted, and their counts
    chars = _distinct(char_keys(texts))
    # a feature's sentence count takes words and character n-grams together (their columns are shared)
    df_ids, df = _distinct(_distinct(np.concatenate([words[0], chars[0]]))[0] & _ID_MASK)
    df_ids, df = df_ids.astype(np.int32), df.astype(np.int32)
    binary, sets = zip(*_set_kinds((content, entities, numbers), len(sentences)))
    return _with_token_texts(SentenceTable(
        sentences,
        _entries(words, df_ids),
        _entries(chars, df_ids),
        *binary,
        df=df,
        sets=sets,
    ), sentences, texts)


def _keep_tokens(sentences: Sequence[Sentence], read: Sequence[list[str] | None]) -> None:
    """Keep the tokens the kernel read of each sentence (:data:`_recent_tokens`): the same list
    ``plain_words`` gives :func:`sentence_tokens` for that text (its tokens do not depend on the stop words
    or the figures asked)."""
    if kernels.KERNELS is None:
        return
    if len(_recent_tokens) + len(sentences) > _RECENT_TOKENS:
        _recent_tokens.clear()
    _recent_tokens.update(zip([sentence.text for sentence in sentences], read))  # None: read again as before


def _with_token_texts(table: SentenceTable, sentences: tuple[Sentence, ...], texts: list[str]) -> SentenceTable:
    """``table`` with the sentences' texts its links compare (:attr:`SentenceTable.token_texts`) where they are
    not as written."""
    if all(text is sentence.text for text, sentence in zip(texts, sentences)):
        return table
    object.__setattr__(table, "token_texts", tuple(texts))
    return table


_ID_MASK = np.int64(N_FEATURES - 1)


def _compiled_table(compiled, sentences: tuple[Sentence, ...], texts: list[str], word_bags,  # type: ignore[no-untyped-def]
                    set_bags) -> SentenceTable:
    """:func:`prepare`'s table from the kernels (``counted_tables``, ``set_tables``): the same arrays,
    dtypes and sets as the numpy path below it, which the tests compare; numpy's share of a table was
    some thirty calls on small arrays, most of their cost per call."""
    def sort(keys: np.ndarray) -> np.ndarray:  # numpy's sort of a few thousand keys: three times the kernel's
        return np.frombuffer(compiled.sort_keys(keys), dtype=np.int64)

    counted = compiled.counted_tables(sort(bag_keys(word_bags)), sort(char_keys(texts)),
                                      KEY_SHIFT, N_FEATURES)
    i32 = [np.frombuffer(b, dtype=np.int32) for b in counted]
    df_ids, df = i32[12], i32[13]
    counted_kinds = []
    for k in (0, 6):
        counts = np.frombuffer(counted[k + 2], dtype=np.int64)
        counted_kinds.append(Entries(i32[k], i32[k + 1], 1.0 + np.log(counts.astype(np.float64)), df_ids,
                                      i32[k + 3], i32[k + 4], i32[k + 5]))
    n = len(sentences)
    keys = sort(bag_keys([bag for bags in set_bags for bag in bags]))
    empty = np.zeros(0, dtype=np.int32)
    binary, sets = [], []
    for rows, ids, vocab, cols, kind_sets in compiled.set_tables(keys, len(set_bags), n, KEY_SHIFT, N_FEATURES):
        ids_ = np.frombuffer(ids, dtype=np.int32)
        binary.append(Entries(np.frombuffer(rows, dtype=np.int32), ids_, np.ones(len(ids_)),
                               np.frombuffer(vocab, dtype=np.int32), np.frombuffer(cols, dtype=np.int32), empty, empty))
        sets.append(kind_sets)
    return SentenceTable(sentences, *counted_kinds, *binary, df=df, sets=tuple(sets))


def _distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct values and their counts (``np.unique``'s answer; by sorting, which on these small
    integer arrays is several times faster than its hash table)."""
    values = np.sort(values)
    starts = np.flatnonzero(np.concatenate([[True], values[1:] != values[:-1]])) if len(values) else values
    return values[starts], np.diff(np.append(starts, len(values)))


def _entries(counted: tuple[np.ndarray, np.ndarray], vocab: np.ndarray) -> Entries:
    """Words or character n-grams: counted entries, weighed 1 + log(count) (sets: :func:`_set_entries`)."""
    # 32-bit positions and ids (ids are below 2**20): tables stay cached for many pairs, at about 25
    # bytes per (sentence, feature) entry
    keys, counts = counted
    rows, ids = (keys >> _SHIFT).astype(np.int32), (keys & _ID_MASK).astype(np.int32)
    values = 1.0 + np.log(counts.astype(np.float64))
    cols = np.searchsorted(vocab, ids).astype(np.int32)
    # an entry and the entry of the next sentence with the same feature, for the norms of two sentences
    # taken together (a split or a merge)
    order = np.lexsort((rows, ids)).astype(np.int32)
    left, right = order[:-1], order[1:]
    same = (ids[left] == ids[right]) & (rows[right] == rows[left] + 1)
    return Entries(rows, ids, values, vocab, cols, left[same], right[same])


def _set_entries(bags: Sequence[Iterable[str]]) -> tuple[Entries, tuple[frozenset[int], ...]]:
    """One kind of sentence sets (content stems, names or numbers): its entries, and each sentence's set
    of ids. The distinct (sentence, id) keys, sorted, are the entries in order (a set's entries weigh 1)."""
    return _set_kinds((bags,), len(bags))[0]


def _set_kinds(kinds: Sequence[Sequence[Iterable[str]]],
               n: int) -> list[tuple[Entries, tuple[frozenset[int], ...]]]:
    """:func:`_set_entries` of each kind of ``n`` sentences' sets, hashed and sorted together (a kind's
    rows follow the last kind's: the per-call costs of a few small arrays were most of it)."""
    keys = _distinct(bag_keys([bag for bags in kinds for bag in bags]))[0]
    rows, flat = (keys >> _SHIFT).astype(np.int32), (keys & _ID_MASK).astype(np.int32)
    # where each sentence's entries start, every kind's sentences in a row, and where the last ends
    cut = np.searchsorted(rows, np.arange(len(kinds) * n + 1, dtype=np.int32)).tolist()
    ids = flat.tolist()
    empty = np.zeros(0, dtype=np.int32)
    out = []
    for k in range(len(kinds)):
        bounds = cut[k * n : (k + 1) * n + 1]
        lo, hi = bounds[0], bounds[-1]
        mine = flat[lo:hi]
        vocab = _distinct(mine)[0]
        entries = Entries(rows[lo:hi] - np.int32(k * n), mine, np.ones(hi - lo), vocab,
                           np.searchsorted(vocab, mine).astype(np.int32), empty, empty)
        out.append((entries, tuple(frozenset(ids[a:b]) for a, b in zip(bounds, bounds[1:]))))
    return out
