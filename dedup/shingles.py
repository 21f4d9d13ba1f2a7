"""Shingles: the tokens of a batch of texts keyed for matching, their content words and word n-grams
(pure functions over numpy arrays of 64-bit hashes).

:func:`tokenize_batch` tokenises texts with :mod:`dedup.tokens` (exact words, character pairs of scripts
without spaces) and keys them by language with :mod:`dedup.wordkeys` (stems of inflected languages other
than English, names in scripts without capitals). Every channel, measure and signature starts from it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import numpy as np

from dedup import kernels
from dedup.tokens import TokenBatch, hash_tokens, in_sorted, mix64, text_starts, tokenize_chunk
from dedup.wordkeys import flag_caseless_names, stem_keys

__all__ = ["tokenize_batch", "ngram_hashes", "batch_ngrams", "STOPWORDS", "stopword_hashes", "content_mask"]

_U64 = np.uint64

# Function words carry no content: dropping them leaves what a paraphrase keeps (names, numbers,
# content words). Short on purpose; the IDF of the aligner does the fine weighting later.
STOPWORDS: frozenset[str] = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves s t said says say told according would also mr mrs ms
    percent pct per cent one two three new year years week weeks month months day days monday tuesday
    wednesday thursday friday saturday sunday last first since still yet may might must shall well
    including include includes made make makes many much however""".split()
)


def tokenize_batch(texts: Sequence[str], *, chunk_chars: int = 1 << 18, stems: bool = True) -> TokenBatch:
    """Tokenise and hash many texts in vectorised passes.

    Texts are processed in chunks of about ``chunk_chars`` so that the per-byte arrays stay in cache.
    ``stems``: key the words of texts in inflected languages by their stems (:func:`dedup.wordkeys.stem_keys`).

    >>> b = tokenize_batch(["Shares rose 5%.", "Les prix ont augmenté"])
    >>> [len(b.doc(i)) for i in range(len(b))]
    [3, 4]
    >>> bool(b.doc(0)[0] == tokenize_batch(["shares"]).doc(0)[0])
    True
    """
    parts: list[TokenBatch] = []
    # a chunk takes texts while their characters (and one separator each) stay within chunk_chars, and
    # at least one: ends[k] is the characters (with separators) of the first k texts
    ends = text_starts(texts) if len(texts) > 1 else None  # one text is one chunk
    lo = 0
    while lo < len(texts) or not parts:
        hi = len(texts) if ends is None else \
            max(lo + 1, int(np.searchsorted(ends, ends[lo] + chunk_chars + 1, side="right")) - 1)
        parts.append(tokenize_chunk(texts[lo:hi]))
        parts[-1] = flag_caseless_names(texts[lo:hi], parts[-1])
        if stems:
            parts[-1] = stem_keys(texts[lo:hi], parts[-1])
        lo = hi
    if len(parts) == 1:
        return parts[0]
    counts = np.concatenate([np.diff(p.offsets) for p in parts])
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return TokenBatch(
        np.concatenate([p.hashes for p in parts]),
        np.concatenate([p.starts for p in parts]),
        np.concatenate([p.ends for p in parts]),
        offsets,
        np.concatenate([p.flags for p in parts]),
    )


@lru_cache(maxsize=1)
def stopword_hashes() -> np.ndarray:
    """Sorted hashes of :data:`STOPWORDS`, for ``np.isin`` masks."""
    return np.unique(hash_tokens(sorted(STOPWORDS)))


def content_mask(hashes: np.ndarray, starts: np.ndarray | None = None, ends: np.ndarray | None = None) -> np.ndarray:
    """True for content tokens: not a stopword and (when offsets are given) longer than one character."""
    mask = ~in_sorted(hashes, stopword_hashes())
    if starts is not None and ends is not None:
        mask &= (ends - starts) > 1
    return mask


def ngram_hashes(hashes: np.ndarray, n: int) -> np.ndarray:
    """Hashes of the word n-grams of one token sequence (order-sensitive). Empty when too few tokens."""
    if n < 1:
        raise ValueError("n must be >= 1")
    count = len(hashes) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=_U64)
    if n == 1:
        return hashes.copy()
    acc = hashes[:count].copy()
    for k in range(1, n):
        # Rotate-and-multiply by position keeps "a b" and "b a" apart.
        part = hashes[k : k + count]
        rot = (part << _U64(k * 7)) | (part >> _U64(64 - k * 7))
        acc = acc * _U64(0x9E3779B97F4A7C15) + rot
    return mix64(acc)


def batch_ngrams(hashes: np.ndarray, offsets: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Word n-grams of every text of a batch at once: ``(ngram_hashes, start_token_index)``.

    ``hashes``/``offsets`` are laid out as in :class:`TokenBatch` (any token subsequence, e.g. content
    words only, with its own offsets). n-grams never cross from one text into the next; the returned
    start indices point into ``hashes``, so ``np.searchsorted(offsets, idx, "right") - 1`` is the text.
    """
    if kernels.KERNELS is not None and 2 <= n <= 9 and len(offsets) and offsets[0] == 0 and offsets[-1] == len(hashes):
        size = max(len(hashes) - n + 1, 0)
        grams, idx = np.empty(size, dtype=_U64), np.empty(size, dtype=np.int64)
        count = kernels.KERNELS.batch_ngrams(np.ascontiguousarray(hashes, dtype=_U64),
                                             np.ascontiguousarray(offsets, dtype=np.int64), n, grams, idx)
        return grams[:count], idx[:count]
    grams = ngram_hashes(hashes, n)
    idx = np.arange(len(grams), dtype=np.int64)
    if n > 1 and len(grams):
        ends = np.repeat(offsets[1:], np.diff(offsets))[: len(grams)]
        keep = idx + n <= ends
        grams, idx = grams[keep], idx[keep]
    return grams, idx
