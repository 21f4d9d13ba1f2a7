"""Tokens and shingles as numpy arrays of 64-bit hashes (pure functions).

Why not ``re.findall`` and Python's ``hash``: a Python object per token caps throughput at a few thousand
news articles per second, and ``hash(str)`` changes between runs. Here a whole batch of articles is
tokenised at once on its UTF-8 bytes: a word is a maximal run of ASCII letters/digits or non-ASCII bytes
(typographic punctuation such as curly quotes and dashes separates words), and each token is hashed by
tabulation hashing read off prefix sums, so tokenising and hashing cost a handful of vectorised passes
over the bytes whatever the number of articles.

Scripts written without spaces (Chinese, Japanese, Thai) have no words to find this way: their
characters become overlapping character pairs ("北京市" -> "北京", "京市"), mixed freely with the words of
Latin names and figures around them. Digits of every script and full-width forms count as their ASCII
selves (:func:`dedup.language.fold`). Only a chunk of texts holding such characters takes this slower
path: one comparison over the bytes, shared with the punctuation pass, tells which chunks do.

In inflected languages a rewrite changes the endings of most words ("ставку"/"ставка",
"Abfindungen"/"Abfindung"), so exact tokens of a Russian or Spanish rewrite rarely meet and it was not even
a candidate. A text detected in a language with a Snowball stemmer, other than English, is keyed by stems
(:func:`stem_keys`): each word's hash is the hash of its lower-cased stem. English text keeps its exact
tokens, on which every English figure was measured.

Token hashes are deterministic across runs, machines and Python versions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from dedup.language import OTHER_MARKERS, SAMPLE_CHARS, detect_language, fold, is_dense

__all__ = [
    "TokenBatch",
    "in_sorted",
    "tokenize_batch",
    "hash_tokens",
    "ngram_hashes",
    "batch_ngrams",
    "STOPWORDS",
    "stopword_hashes",
    "content_mask",
    "mix64",
    "stem_keys",
    "flag_caseless_names",
    "keyed_language",
]

_U64 = np.uint64
_M1 = _U64(0xBF58476D1CE4E5B9)
_M2 = _U64(0x94D049BB133111EB)

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


def _word_bytes(raw: np.ndarray) -> np.ndarray:
    """Bytes that can be part of a word: ASCII letters and digits, and every non-ASCII byte
    (non-ASCII letters; typographic punctuation is unmarked separately). Byte arithmetic instead of a
    256-entry lookup table: a gather per byte cost twice as much."""
    word = ((raw | _B(0x20)) - _B(ord("a"))) < _B(26)
    word |= (raw - _B(ord("0"))) < _B(10)
    word |= raw >= _B(128)
    return word


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


def tokenize_batch(texts: Sequence[str], *, chunk_chars: int = 1 << 18, stems: bool = True) -> TokenBatch:
    """Tokenise and hash many texts in vectorised passes.

    Texts are processed in chunks of about ``chunk_chars`` so that the per-byte arrays stay in cache.
    ``stems``: key the words of texts in inflected languages by their stems (:func:`stem_keys`).

    >>> b = tokenize_batch(["Shares rose 5%.", "Les prix ont augmenté"])
    >>> [len(b.doc(i)) for i in range(len(b))]
    [3, 4]
    >>> bool(b.doc(0)[0] == tokenize_batch(["shares"]).doc(0)[0])
    True
    """
    parts: list[TokenBatch] = []
    lo = 0
    while lo < len(texts) or not parts:
        hi, size = lo, 0
        while hi < len(texts) and (hi == lo or size + len(texts[hi]) <= chunk_chars):
            size += len(texts[hi]) + 1
            hi += 1
        parts.append(_tokenize_chunk(texts[lo:hi]))
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


def _tokenize_chunk(texts: Sequence[str]) -> TokenBatch:
    # "\n" separates texts and is never part of a word, so no token crosses from one text to the next.
    joined = "\n".join(texts) + "\n"
    raw = np.frombuffer(joined.encode("utf-8"), dtype=np.uint8)
    high = np.flatnonzero(raw >= 0xD8)  # lead bytes of Arabic, Indic, CJK ... and of typographic punctuation
    dense = None
    if len(high) and (raw[high] != 0xE2).any():
        raw = np.frombuffer(fold(joined).encode("utf-8"), dtype=np.uint8)  # same characters, other bytes
        high = np.flatnonzero(raw >= 0xD8)
        dense = _dense_chars(raw, high)
    word = _word_bytes(raw)
    _unmark_punctuation(raw, word, high[raw[high] == 0xE2])
    if dense is not None:
        for k in range(3):
            word[dense + k] = False
        _unmark_symbols(raw, word, high)
    edges = np.diff(word.view(np.int8), prepend=np.int8(0))
    starts_b = np.flatnonzero(edges == 1).astype(np.int32)
    ends_b = np.flatnonzero(edges == -1).astype(np.int32)
    hashes = _hash_spans(_lower(raw), starts_b, ends_b)
    if dense is not None and len(dense):
        starts_b, ends_b, hashes = _with_character_pairs(raw, dense, starts_b, ends_b, hashes)
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
    text_starts = np.zeros(len(texts) + 1, dtype=np.int64)
    if texts:
        text_starts[1:] = np.cumsum([len(t) + 1 for t in texts])
    offsets = np.searchsorted(starts_c, text_starts).astype(np.int64)
    base = np.repeat(text_starts[:-1], np.diff(offsets))
    first = raw[starts_b]
    capitalised = (first >= 65) & (first <= 90)
    two = np.flatnonzero(first >= 0xC2)
    two = two[first[two] <= 0xDF]  # a two-byte letter: Latin, Greek, Cyrillic ...
    if len(two):
        point = ((first[two].astype(np.int32) & 0x1F) << 6) | (raw[starts_b[two] + 1] & 0x3F)
        capitalised[two] = _UPPER_2BYTE[point]  # "Набиуллина", "Émile", "Łódź" are names as "Paris" is
    if dense is not None:
        capitalised |= _katakana(raw, starts_b, ends_b)
    flags = (capitalised * TokenBatch.CAPITALISED) | (((first >= 48) & (first <= 57)) * TokenBatch.NUMERIC)
    flags |= _sentence_starts(raw, starts_b, ends_b, capitalised) * TokenBatch.SENTENCE_START
    return TokenBatch(hashes, starts_c - base, ends_c - base, offsets, flags.astype(np.uint8))


# Upper-case letters among the code points UTF-8 writes in two bytes (U+0080-U+07FF).
_UPPER_2BYTE = np.array([chr(c).isupper() for c in range(0x800)], dtype=bool)


def _sentence_starts(raw: np.ndarray, starts: np.ndarray, ends: np.ndarray, capitalised: np.ndarray) -> np.ndarray:
    """Tokens that open a sentence: a line break, or a full stop, "!" or "?", lies between them and the
    token before (texts are joined by line breaks). A full stop after a short capitalised token ("Mr.",
    "Gen.", "U.S.") is an abbreviation's, not a sentence's end."""
    if not len(starts):
        return np.zeros(0, dtype=bool)
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


def _unmark_punctuation(raw: np.ndarray, word: np.ndarray, e2: np.ndarray) -> None:
    """Typographic punctuation is multi-byte UTF-8: make its bytes separators, not word bytes.

    Covers U+2000-U+207F (curly quotes, dashes, ellipsis, thin spaces; ``e2`` holds the positions of
    the 0xE2 bytes that open them) and U+00A0-U+00BF (no-break space, guillemets, currency signs, fractions).
    """
    e2 = e2[e2 < len(raw) - 2]
    if len(e2):
        e2 = e2[(raw[e2 + 1] == 0x80) | (raw[e2 + 1] == 0x81)]
        for k in range(3):
            word[e2 + k] = False
    c2 = np.flatnonzero(raw[:-1] == 0xC2)
    if len(c2):
        c2 = c2[raw[c2 + 1] >= 0xA0]
        word[c2] = False
        word[c2 + 1] = False


def _dense_chars(raw: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Byte positions of the characters of dense scripts (all three bytes long in UTF-8): kana
    (U+3041-U+30FF), Han (U+3400-U+9FFF, U+F900-U+FAFF), the iteration mark 々 and 〇, and Thai letters."""
    lead = high[high < len(raw) - 2]
    b0, b1, b2 = raw[lead], raw[lead + 1], raw[lead + 2]
    cjk = (b0 >= 0xE4) & (b0 <= 0xE9)
    cjk |= (b0 == 0xE3) & (((b1 >= 0x81) & (b1 <= 0x83)) | (b1 >= 0x90) | ((b1 == 0x80) & ((b2 == 0x85) | (b2 == 0x87))))
    cjk |= (b0 == 0xEF) & (b1 >= 0xA4) & (b1 <= 0xAB)
    thai = (b0 == 0xE0) & (((b1 == 0xB8) & (b2 >= 0x81)) | ((b1 == 0xB9) & ((b2 <= 0x8F) | (b2 == 0x9A) | (b2 == 0x9B))))
    return lead[cjk | thai]


def _unmark_symbols(raw: np.ndarray, word: np.ndarray, high: np.ndarray) -> None:
    """CJK symbols and punctuation left after folding (U+3000-U+303F: marks, brackets) separate words."""
    lead = high[high < len(raw) - 2]
    e3 = lead[(raw[lead] == 0xE3) & (raw[lead + 1] == 0x80)]
    for k in range(3):
        word[e3 + k] = False


def _katakana(raw: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Character pairs (or lone characters) all in katakana: Japanese writes foreign names in it
    ("ナビウリナ", "トヨタ"), as it writes loanwords; the nearest a caseless script comes to a capital."""
    out = np.zeros(len(starts), dtype=bool)
    pick = np.flatnonzero((raw[starts] == 0xE3) & ((ends - starts == 3) | (ends - starts == 6)))
    if not len(pick):
        return out

    def kana(at: np.ndarray) -> np.ndarray:
        b0, b1, b2 = raw[at], raw[at + 1], raw[at + 2]
        return (b0 == 0xE3) & (((b1 == 0x82) & (b2 >= 0xA1)) | ((b1 == 0x83) & ((b2 <= 0xBA) | (b2 == 0xBC))))

    first = kana(starts[pick])
    pair = ends[pick] - starts[pick] == 6
    second = np.ones(len(pick), dtype=bool)
    second[pair] = kana(starts[pick][pair] + 3)
    out[pick] = first & second
    return out


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


def _hash_spans(raw: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Tabulation hash of each token: a sum of table words keyed by (position in token, byte).

    Sums of per-byte words are read off one prefix sum, so no Python loop runs per token. Bytes
    outside tokens get weights too; they never fall between a token's start and end.
    """
    if len(starts) == 0:
        return np.zeros(0, dtype=_U64)
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
    key |= raw
    prefix = np.zeros(len(raw) + 1, dtype=_U64)
    np.cumsum(np.take(_TABLE, key), dtype=_U64, out=prefix[1:])
    lengths = (ends - starts).astype(_U64)
    return mix64((prefix[ends] - prefix[starts]) ^ (lengths * _M2))


def hash_tokens(words: Sequence[str]) -> np.ndarray:
    """Hashes of single words, equal to the hashes :func:`tokenize_batch` gives the same words (in a
    text keyed by exact words: a list of words is no text of any language)."""
    batch = tokenize_batch([" ".join(words)], stems=False)
    return batch.doc(0)


def keyed_language(text: str) -> str | None:
    """The language whose stems key the words of ``text`` (:func:`stem_keys`), or None for exact words:
    the detected language when it has a Snowball stemmer and is not English. A function of the text
    alone, so that a scan, the index and the Dask engine key a text alike wherever only texts travel.

    >>> keyed_language("Банк России сохранил ключевую ставку."), keyed_language("Shares rose 5% on Monday.")
    ('ru', None)
    """
    return _keyed_languages([text], tokenize_batch([text], stems=False))[0]


@lru_cache(maxsize=1)
def _marker_hashes() -> np.ndarray:
    return np.unique(hash_tokens(sorted(OTHER_MARKERS)))


def _keyed_languages(texts: Sequence[str], batch: TokenBatch) -> list[str | None]:
    """:func:`keyed_language` of each text, ``batch`` holding their exact tokens. A lead (the part the
    detector reads) in plain ASCII with fewer than two other languages' function words (and under a
    twelfth of its words) is English or a table: it keeps exact words without asking the detector,
    counted on the tokens at once, so that English copy does not pay for detection (asked of every text,
    it tripled the tokeniser's time on Reuters-21578)."""
    in_lead = batch.starts < SAMPLE_CHARS
    doc_of = np.repeat(np.arange(len(texts)), np.diff(batch.offsets))
    markers = np.bincount(doc_of[in_lead & in_sorted(batch.hashes, _marker_hashes())], minlength=len(texts))
    words = np.bincount(doc_of[in_lead], minlength=len(texts))
    maybe = (markers >= 2) & (markers * 12 >= words)
    return [None if not maybe[i] and text[:SAMPLE_CHARS].isascii() else _keyed_language(text[:SAMPLE_CHARS])
            for i, text in enumerate(texts)]


@lru_cache(maxsize=65_536)  # keyed on the lead the detector reads: a scan tokenises a text two or three times
def _keyed_language(sample: str) -> str | None:
    from dedup.words import has_stemmer

    language = detect_language(sample)
    return language if language != "en" and has_stemmer(language) else None


def stem_keys(texts: Sequence[str], batch: TokenBatch) -> TokenBatch:
    """``batch`` (the tokens of ``texts``) with the words of texts in an inflected language
    (:func:`keyed_language`) hashed as their lower-cased stems, so that inflected forms meet in the
    candidate channels and the exact evidence. Offsets and flags are unchanged; character pairs of dense
    scripts and figures keep their hashes; a word whose stem is itself keeps its hash too (mixed-language
    names meet). In a language that capitalises every noun (German) a capital is no name: the flag is
    cleared."""
    from dedup.words import rules_for

    hashes = flags = None
    for i, (text, language) in enumerate(zip(texts, _keyed_languages(texts, batch))):
        if language is None or batch.offsets[i] == batch.offsets[i + 1]:
            continue
        rules = rules_for(language)
        stem = rules.stem
        lo, hi = int(batch.offsets[i]), int(batch.offsets[i + 1])
        if not rules.capitals_mark_names:
            flags = batch.flags.copy() if flags is None else flags
            flags[lo:hi] &= np.uint8(~TokenBatch.CAPITALISED & 0xFF)
        folded = fold(text)
        words = [folded[s:e] for s, e in zip(batch.starts[lo:hi].tolist(), batch.ends[lo:hi].tolist())]
        keys = {k: stem(w.lower()) for k, w in enumerate(words) if not (w[:1].isdigit() or is_dense(w))}
        # a lower-case ASCII word that is its own stem already has the key's hash
        pick = [k for k, key in keys.items() if key != words[k]]
        if not pick:
            continue
        if hashes is None:
            hashes = batch.hashes.copy()
        hashes[lo + np.array(pick)] = _hash_words([keys[k] for k in pick])
    if hashes is None and flags is None:
        return batch
    return TokenBatch(batch.hashes if hashes is None else hashes, batch.starts, batch.ends, batch.offsets,
                      batch.flags if flags is None else flags)


def flag_caseless_names(texts: Sequence[str], batch: TokenBatch) -> TokenBatch:
    """``batch`` with the tokens inside the names :func:`dedup.names.caseless_names` finds in scripts
    without capitals (Chinese, Japanese, Korean, Arabic, Hindi) flagged CAPITALISED, as a capital flags
    a name in a cased script: the names of a story count among its facts in every script."""
    from dedup.names import caseless_names

    flags = None
    for i, text in enumerate(texts):
        if text.isascii():
            continue
        names = caseless_names(text)
        if not names:
            continue
        lo, hi = int(batch.offsets[i]), int(batch.offsets[i + 1])
        starts, ends = batch.starts[lo:hi], batch.ends[lo:hi]
        inside = np.zeros(hi - lo, dtype=bool)
        for start, end, _ in names:
            inside |= (starts >= start) & (ends <= end)
        if inside.any():
            flags = batch.flags.copy() if flags is None else flags
            flags[lo:hi][inside] |= np.uint8(TokenBatch.CAPITALISED)
    if flags is None:
        return batch
    return TokenBatch(batch.hashes, batch.starts, batch.ends, batch.offsets, flags)


def _hash_words(words: Sequence[str]) -> np.ndarray:
    """Hashes of ``words``, each hashed whole as :func:`tokenize_batch` hashes a word (no re-tokenising:
    a stem is hashed even where the tokeniser would have cut it)."""
    encoded = [w.encode("utf-8") for w in words]
    lengths = np.array([len(b) for b in encoded], dtype=np.int32)
    starts = np.zeros(len(encoded), dtype=np.int32)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    raw = np.frombuffer(b"\n".join(encoded) + b"\n", dtype=np.uint8)
    return _hash_spans(_lower(raw), starts, starts + lengths)


def in_sorted(values: np.ndarray, table: np.ndarray) -> np.ndarray:
    """``np.isin(values, table)`` for a sorted ``table`` of unique hashes (a vocabulary, the stopwords):
    binary search instead of sorting both arrays together on every call, which cost a few tenths of a
    millisecond per call on one article (ingest signs and scores articles one at a time)."""
    if not len(table) or not len(values):
        return np.zeros(len(values), dtype=bool)
    if len(table) > 1 and not (table[:-1] <= table[1:]).all():  # a vocabulary built by hand, unsorted
        table = np.sort(table)
    at = np.searchsorted(table, values)
    at[at == len(table)] = 0
    return table[at] == values


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
    grams = ngram_hashes(hashes, n)
    idx = np.arange(len(grams), dtype=np.int64)
    if n > 1 and len(grams):
        ends = np.repeat(offsets[1:], np.diff(offsets))[: len(grams)]
        keep = idx + n <= ends
        grams, idx = grams[keep], idx[keep]
    return grams, idx
