"""Tokens as numpy arrays of 64-bit hashes (pure functions): the tokeniser under every shingle.

Why not ``re.findall`` and Python's ``hash``: a Python object per token caps throughput at a few thousand
news articles per second, and ``hash(str)`` changes between runs. Here a whole batch of articles is
tokenised at once on its UTF-8 bytes: a word is a maximal run of ASCII letters/digits or non-ASCII bytes
(typographic punctuation such as curly quotes and dashes separates words), and each token is hashed by
tabulation hashing read off prefix sums, so tokenising and hashing cost a handful of vectorised passes
over the bytes whatever the number of articles.

Scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Burmese) have no words
to find this way: their characters become overlapping character pairs ("北京市" -> "北京", "京市"), mixed
freely with the words of Latin names and figures around them. Digits of every script and full-width forms
count as their ASCII selves, and the stops of other scripts as ASCII stops (:func:`dedup.language.fold`);
traditional Chinese characters as simplified ones in a text without kana (:func:`dedup.language.fold_han`).
Only a chunk of texts holding such characters takes this slower path: one comparison over the bytes,
shared with the punctuation pass, tells which chunks do.

Token hashes are deterministic across runs, machines and Python versions. Keying words by language
(stems, names in scripts without capitals) is :mod:`dedup.wordkeys`; shingles are :mod:`dedup.shingles`. Which
bytes are parts of words (letters, punctuation, characters of dense scripts, joiners) is :mod:`dedup.token_bytes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate
from typing import Sequence

import numpy as np

from dedup import kernels
from dedup.language import FOLDED_LOW, LOOKALIKES, fold, fold_han, fold_palochka
from dedup.token_bytes import (dense_chars, joiners_in_words, katakana, unmark_punctuation, unmark_symbols,
                               word_bytes)

__all__ = ["TokenBatch", "tokenize_chunk", "hash_tokens", "hash_words", "hash_spans", "in_sorted", "mix64",
           "text_starts"]

_U64 = np.uint64
_M1 = _U64(0xBF58476D1CE4E5B9)
_M2 = _U64(0x94D049BB133111EB)


def mix64(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser: spreads every input bit over every output bit (vectorised, wraps mod 2**64)."""
    x = x ^ (x >> _U64(30))
    x = x * _M1
    x = x ^ (x >> _U64(27))
    x = x * _M2
    return x ^ (x >> _U64(31))


def _table() -> np.ndarray:
    """Random 64-bit words for tabulation hashing, indexed by (position in token % 32) * 256 + byte."""
    rng = np.random.Generator(np.random.PCG64(0x5EED))
    return rng.integers(0, np.iinfo(np.uint64).max, size=32 * 256, dtype=_U64, endpoint=True)


_TABLE = _table()
_B = np.uint8  # byte constants: comparisons of uint8 arrays with them stay uint8 (SIMD, no gathers)


def _lower(raw: np.ndarray) -> np.ndarray:
    """ASCII upper-case letters lowered; every other byte as it is."""
    return raw + ((raw - _B(ord("A"))) < _B(26)).view(np.uint8) * _B(32)


@dataclass(frozen=True)
class TokenBatch:
    """Tokens of several texts, concatenated.

    ``hashes[offsets[i]:offsets[i+1]]`` are the token hashes of text ``i``; ``starts``/``ends`` are the
    tokens' character offsets into that text.
    """

    CAPITALISED = 1
    NUMERIC = 2
    SENTENCE_START = 4

    hashes: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    offsets: np.ndarray
    #: per token: CAPITALISED and/or NUMERIC bits (proper names and figures are the "facts" of a story),
    #: and SENTENCE_START (a capital there says nothing about a name)
    flags: np.ndarray

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def doc(self, i: int) -> np.ndarray:
        """Token hashes of text ``i``."""
        return self.hashes[self.offsets[i] : self.offsets[i + 1]]

    def doc_spans(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """Character offsets ``(starts, ends)`` of text ``i``'s tokens."""
        lo, hi = self.offsets[i], self.offsets[i + 1]
        return self.starts[lo:hi], self.ends[lo:hi]


def text_starts(texts: Sequence[str]) -> np.ndarray:
    """Where each text starts in the texts joined by line breaks, in characters, and where the last one's
    break ends (``len(texts) + 1`` values). Summed in Python: numpy's sum of a list converts it first,
    which cost a text signed alone more than the sum.

    >>> text_starts(["ab", "", "c"]).tolist()
    [0, 3, 4, 6]
    """
    return np.array([0, *accumulate(len(t) + 1 for t in texts)], dtype=np.int64)


def tokenize_chunk(texts: Sequence[str]) -> TokenBatch:
    """Tokens of ``texts``, hashed as their exact (ASCII-lowered) words: one chunk of :func:`dedup.shingles.tokenize_batch`,
    before any keying by language."""
    # "\n" separates texts and is never part of a word, so no token crosses from one text to the next.
    # Traditional Chinese characters are read as simplified ones, text by text (a Japanese text keeps its kanji)
    joined = "\n".join(texts if all(t.isascii() for t in texts) else [fold_han(t) for t in texts]) + "\n"
    raw = np.frombuffer(joined.encode("utf-8"), dtype=np.uint8)
    # Hebrew's maqaf and sof pasuq and Armenian's full stop and comma are the only characters to fold below
    # the lead byte 0xD8: looked for as characters, so that a text's tokens never depend on the other texts
    # of its chunk.
    # So is a Latin letter typed for a Cyrillic one (the palochka, Chuvash's ӑ, ӗ, ҫ, ӳ: :func:`dedup.language.fold_palochka`),
    # which keeps a Cyrillic text's lead bytes below 0xD8 too.
    low = not joined.isascii() and (any(c in joined for c in FOLDED_LOW) or _lookalikes_in_cyrillic(joined, raw))
    if kernels.KERNELS is not None and not low:
        plain = _tokenize_plain(texts, raw)
        if plain is not None:
            return plain
    high = np.flatnonzero(raw >= 0xD8)  # lead bytes of Arabic, Indic, CJK ... and of typographic punctuation
    dense = None
    if low or (len(high) and (raw[high] != 0xE2).any()):
        raw = np.frombuffer(fold(joined).encode("utf-8"), dtype=np.uint8)  # same characters, other bytes
        high = np.flatnonzero(raw >= 0xD8)
        dense = dense_chars(raw, high)
    word = word_bytes(raw)
    unmark_punctuation(raw, word, high[raw[high] == 0xE2])
    if dense is not None:
        for k in range(3):
            word[dense + k] = False
        unmark_symbols(raw, word, high)
    joiners = joiners_in_words(raw, word, high) if dense is not None else None
    edges = np.diff(word.view(np.int8), prepend=np.int8(0))
    starts_b = np.flatnonzero(edges == 1).astype(np.int32)
    ends_b = np.flatnonzero(edges == -1).astype(np.int32)
    hashes = hash_spans(raw, starts_b, ends_b) if joiners is None else _hash_without(raw, starts_b, ends_b, joiners)
    if dense is not None and len(dense):
        starts_b, ends_b, hashes = _with_character_pairs(raw, dense, starts_b, ends_b, hashes)
    starts_c, ends_c = _char_offsets(raw, starts_b, ends_b)
    starts_t = text_starts(texts)
    offsets = np.searchsorted(starts_c, starts_t).astype(np.int64)
    base = np.repeat(starts_t[:-1], np.diff(offsets))
    flags = _token_flags(raw, starts_b, ends_b, dense)
    return TokenBatch(hashes, starts_c - base, ends_c - base, offsets, flags.astype(np.uint8))


def _lookalikes_in_cyrillic(joined: str, raw: np.ndarray) -> bool:
    """Whether a chunk holds a Latin letter typed for a Cyrillic one (:func:`dedup.language.fold_palochka`): looked
    for only where it holds Cyrillic (lead bytes 0xD0-0xD3) and one of the letters, as most chunks holding an I do not."""
    if not any(c in joined for c in LOOKALIKES):
        return False
    return bool(((raw >= 0xD0) & (raw <= 0xD3)).any()) and fold_palochka(joined) != joined


def _char_offsets(raw: np.ndarray, starts_b: np.ndarray, ends_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The tokens' byte offsets into ``raw`` as character offsets (int64 starts and ends)."""
    # Byte offsets -> character offsets: take away the UTF-8 continuation bytes before (none in ASCII):
    # a binary search per token when they are few, a running count over the bytes when they are many
    is_continuation = (raw & _B(0xC0)) == _B(0x80)
    continuation = np.flatnonzero(is_continuation)
    starts_c = starts_b.astype(np.int64)
    ends_c = ends_b.astype(np.int64)
    if 0 < len(continuation) * 16 < len(starts_b):
        starts_c -= np.searchsorted(continuation, starts_b)
        ends_c -= np.searchsorted(continuation, ends_b - 1, side="right")
    elif len(continuation):
        char_start = np.arange(len(raw), dtype=np.int32) - np.cumsum(is_continuation, dtype=np.int32)
        starts_c = char_start[starts_b].astype(np.int64)
        ends_c = char_start[ends_b - 1].astype(np.int64) + 1
    return starts_c, ends_c


def _token_flags(raw: np.ndarray, starts_b: np.ndarray, ends_b: np.ndarray, dense: np.ndarray | None) -> np.ndarray:
    """Each token's :class:`TokenBatch` flags: capitalised (a capital of a one- or two-byte letter, or katakana where
    the chunk holds dense characters), numeric, opening a sentence."""
    first = raw[starts_b]
    capitalised = (first >= 65) & (first <= 90)
    two = np.flatnonzero(first >= 0xC2)
    two = two[first[two] <= 0xDF]  # a two-byte letter: Latin, Greek, Cyrillic ...
    if len(two):
        point = ((first[two].astype(np.int32) & 0x1F) << 6) | (raw[starts_b[two] + 1] & 0x3F)
        capitalised[two] = _UPPER_2BYTE[point]  # "Набиуллина", "Émile", "Łódź" are names as "Paris" is
    if dense is not None:
        capitalised |= katakana(raw, starts_b, ends_b)
    flags = (capitalised * TokenBatch.CAPITALISED) | (((first >= 48) & (first <= 57)) * TokenBatch.NUMERIC)
    flags |= _sentence_starts(raw, starts_b, ends_b, capitalised) * TokenBatch.SENTENCE_START
    return flags


# Upper-case letters among the code points UTF-8 writes in two bytes (U+0080-U+07FF).
_UPPER_2BYTE = np.array([chr(c).isupper() for c in range(0x800)], dtype=bool)


def _tokenize_plain(texts: Sequence[str], raw: np.ndarray) -> TokenBatch | None:
    """:func:`tokenize_chunk` by the compiled kernel in one pass over the bytes, or None when the chunk
    holds characters to fold or pair (dense scripts, digits of other scripts): those take the numpy way."""
    size = (len(raw) + 1) // 2
    starts, ends = np.empty(size, dtype=np.int64), np.empty(size, dtype=np.int64)
    hashes, flags = np.empty(size, dtype=_U64), np.empty(size, dtype=np.uint8)
    offsets = np.empty(len(texts) + 1, dtype=np.int64)
    count = kernels.KERNELS.tokenize_plain(raw, text_starts(texts), _TABLE, _UPPER_2BYTE, starts, ends, hashes, flags,
                                           offsets)
    if count < 0:
        return None
    for array in (hashes, starts, ends, flags):  # shrunk in place: the batch holds no more than its tokens
        array.resize(count, refcheck=False)
    return TokenBatch(hashes, starts, ends, offsets, flags)


def _sentence_starts(raw: np.ndarray, starts: np.ndarray, ends: np.ndarray, capitalised: np.ndarray) -> np.ndarray:
    """Tokens that open a sentence: a line break, or a full stop, "!" or "?", lies between them and the
    token before (texts are joined by line breaks). A full stop after a short capitalised token ("Mr.",
    "Gen.", "U.S.") is an abbreviation's, not a sentence's end."""
    if not len(starts):
        return np.zeros(0, dtype=bool)
    if kernels.KERNELS is not None and starts.dtype == np.int32 and ends.dtype == np.int32:
        out = np.empty(len(starts), dtype=bool)
        kernels.KERNELS.sentence_starts(raw, starts, ends, np.ascontiguousarray(capitalised, dtype=bool), out)
        return out
    # Stops and breaks are never word bytes, so each lies between the end of one token and the start
    # of the next: the token after it is the first to start past it (a binary search per stop, not a
    # count over every byte).
    stops = np.flatnonzero((raw == _B(ord("."))) | (raw == _B(ord("!"))) | (raw == _B(ord("?"))))
    breaks = np.flatnonzero(raw == _B(ord("\n")))
    stop_between = _tokens_after(starts, stops)
    break_between = _tokens_after(starts, breaks)
    prev_abbrev = np.concatenate(([False], capitalised[:-1] & (ends[:-1] - starts[:-1] <= 3)))
    out = break_between | (stop_between & ~prev_abbrev)
    out[0] = True
    return out


def _tokens_after(starts: np.ndarray, marks: np.ndarray) -> np.ndarray:
    """Per token: whether one of the byte positions ``marks`` (outside tokens) lies before it and
    after the token before it."""
    out = np.zeros(len(starts), dtype=bool)
    after = np.searchsorted(starts, marks, side="right")
    out[after[after < len(starts)]] = True
    return out


def _hash_without(raw: np.ndarray, starts: np.ndarray, ends: np.ndarray, joiners: np.ndarray) -> np.ndarray:
    """:func:`hash_spans` of the tokens with the three bytes of each joiner at ``joiners`` left out: the hash
    of the word typed without them."""
    drop = (joiners[:, None] + np.arange(3)).ravel()
    keep = np.ones(len(raw), dtype=bool)
    keep[drop] = False
    return hash_spans(raw[keep], (starts - np.searchsorted(drop, starts)).astype(np.int32),
                      (ends - np.searchsorted(drop, ends)).astype(np.int32))


_PAIR_SALT = _U64(0x2545F4914F6CDD1D)
_SINGLE_SALT = _U64(0x9FB21C651E98DF25)


def _with_character_pairs(
    raw: np.ndarray, dense: np.ndarray, starts: np.ndarray, ends: np.ndarray, hashes: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The word tokens plus one token per pair of neighbouring dense characters (a character with no
    dense neighbour is a token alone), merged in text order."""
    code = (raw[dense].astype(_U64) << _U64(16)) | (raw[dense + 1].astype(_U64) << _U64(8)) | raw[dense + 2]
    joined = np.zeros(len(dense), dtype=bool)
    joined[:-1] = dense[1:] == dense[:-1] + 3  # character i and i+1 are neighbours
    alone = ~joined.copy()
    alone[1:] &= ~joined[:-1]
    pair = np.flatnonzero(joined)
    single = np.flatnonzero(alone)
    new_starts = np.concatenate([dense[pair], dense[single]]).astype(np.int32)
    new_ends = np.concatenate([dense[pair] + 6, dense[single] + 3]).astype(np.int32)
    new_hashes = np.concatenate([
        mix64(((code[pair] << _U64(24)) | code[pair + 1]) ^ _PAIR_SALT),
        mix64(code[single] ^ _SINGLE_SALT),
    ])
    all_starts = np.concatenate([starts, new_starts])
    order = np.argsort(all_starts, kind="stable")
    return all_starts[order], np.concatenate([ends, new_ends])[order], np.concatenate([hashes, new_hashes])[order]


def hash_spans(raw: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Tabulation hash of each token: a sum of table words keyed by (position in token, ASCII-lowered byte).

    Sums of per-byte words are read off one prefix sum, so no Python loop runs per token. Bytes
    outside tokens get weights too; they never fall between a token's start and end.
    """
    if len(starts) == 0:
        return np.zeros(0, dtype=_U64)
    if kernels.KERNELS is not None:
        out = np.empty(len(starts), dtype=_U64)
        kernels.KERNELS.hash_spans(np.ascontiguousarray(raw, dtype=np.uint8), np.ascontiguousarray(starts, dtype=np.int32),
                                   np.ascontiguousarray(ends, dtype=np.int32), _TABLE, out)
        return out
    # each byte's position in its token (before the first token: in the text), as a running sum of
    # ones that drops back to 0 at every token start (cheaper than a running maximum of the starts)
    key = np.ones(len(raw), dtype=np.int32)
    key[0] = 0
    key[starts[1:]] = 1 - np.diff(starts)
    if starts[0] > 0:
        key[starts[0]] = 1 - starts[0]
    np.cumsum(key, out=key)
    key &= 31
    key <<= 8
    key |= _lower(raw)
    prefix = np.zeros(len(raw) + 1, dtype=_U64)
    np.cumsum(np.take(_TABLE, key), dtype=_U64, out=prefix[1:])
    lengths = (ends - starts).astype(_U64)
    return mix64((prefix[ends] - prefix[starts]) ^ (lengths * _M2))


def hash_tokens(words: Sequence[str]) -> np.ndarray:
    """Hashes of single words, equal to the hashes :func:`tokenize_chunk` gives the same words (and
    :func:`dedup.shingles.tokenize_batch` in a text keyed by exact words: a list of words is no text of
    any language)."""
    return tokenize_chunk([" ".join(words)]).doc(0)


def hash_words(words: Sequence[str]) -> np.ndarray:
    """Hashes of ``words``, each hashed whole as :func:`tokenize_chunk` hashes a word (no re-tokenising:
    a stem is hashed even where the tokeniser would have cut it)."""
    encoded = [w.encode("utf-8") for w in words]
    lengths = np.array([len(b) for b in encoded], dtype=np.int32)
    starts = np.zeros(len(encoded), dtype=np.int32)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    raw = np.frombuffer(b"\n".join(encoded) + b"\n", dtype=np.uint8)
    return hash_spans(raw, starts, starts + lengths)


def in_sorted(values: np.ndarray, table: np.ndarray) -> np.ndarray:
    """``np.isin(values, table)`` for a sorted ``table`` of unique hashes (a vocabulary, the stopwords):
    binary search instead of sorting both arrays together on every call, which cost a few tenths of a
    millisecond per call on one article (ingest signs and scores articles one at a time)."""
    if not len(table) or not len(values):
        return np.zeros(len(values), dtype=bool)
    if len(table) > 1 and not (table[:-1] <= table[1:]).all():  # a vocabulary built by hand, unsorted
        table = np.sort(table)
    # the kernel's bitmap and binary search stay in cache up to tables of this size (vocabularies, markers);
    # against a larger table numpy's search, which reuses its last answer for ascending values, was faster
    if kernels.KERNELS is not None and values.dtype == _U64 and table.dtype == _U64 and len(table) <= 1 << 16:
        out = np.empty(len(values), dtype=bool)
        kernels.KERNELS.in_sorted(np.ascontiguousarray(values), np.ascontiguousarray(table), out)
        return out
    at = np.searchsorted(table, values)
    at[at == len(table)] = 0
    return table[at] == values
