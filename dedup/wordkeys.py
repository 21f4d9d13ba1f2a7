"""Words keyed by language: stems in inflected languages, names in scripts without capitals.

In inflected languages a rewrite changes the endings of most words ("ставку"/"ставка",
"Abfindungen"/"Abfindung"), so exact tokens of a Russian or Spanish rewrite rarely meet and it was not even
a candidate. A text detected in a language with a Snowball stemmer, other than English, or with a light
one (Korean, Hebrew: :mod:`dedup.stemming`) is keyed by stems
(:func:`stem_keys`): each word's hash is the hash of its lower-cased stem; one in another language written
in an alphabet with capitals (Ukrainian, Vietnamese) by its lower-cased words. English text keeps its exact
tokens, on which every English figure was measured. Names in scripts without capitals
(:func:`flag_caseless_names`) are flagged as a capital flags a name in a cased script. Both take the
exact tokens of :mod:`dedup.tokens` and depend on each text alone, so that every entry point keys a text
alike.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Sequence

import numpy as np

from dedup import kernels
from dedup.language import OTHER_MARKERS, SAMPLE_CHARS, detect_language, fold, is_dense, needs_model
from dedup.tokens import TokenBatch, hash_tokens, hash_words, in_sorted, tokenize_chunk

__all__ = ["keyed_language", "stem_keys", "flag_caseless_names", "lower_case"]

#: Languages whose dotted and dotless i are two letters: upper-case "I" is "ı" lowered, "İ" is "i"
#: (Unicode's default lowers "I" to "i" and "İ" to "i" with a combining dot, so that "İlk" and "ilk",
#: "Işık" and "ışık" had different keys).
_DOTLESS_I = frozenset({"tr", "az", "crh", "tt", "kk"})
_DOTLESS_I_UPPER = str.maketrans({"I": "ı", "İ": "i"})


def _turkic_lower(word: str) -> str:
    return word.translate(_DOTLESS_I_UPPER).lower()


def lower_case(language: str | None) -> Callable[[str], str]:
    """The function that lowers a word of ``language``: ``str.lower`` but in Turkic languages, where the
    dotted and dotless i are told apart.

    >>> lower_case("tr")("İlk") == "ilk", lower_case("tr")("IŞIK") == "ışık", lower_case("de")("Ist")
    (True, True, 'ist')
    """
    return _turkic_lower if language in _DOTLESS_I else str.lower


def keyed_language(text: str) -> str | None:
    """The language whose stems key the words of ``text`` (:func:`stem_keys`), or None for exact words:
    the detected language when it is not English and has a stemmer (Snowball's, or a light one of
    :mod:`dedup.stemming`) or is written in an alphabet with capitals (its words are then keyed lower-cased).
    A function of the text
    alone, so that a scan, the index and the Dask engine key a text alike wherever only texts travel.

    >>> keyed_language("Банк России сохранил ключевую ставку."), keyed_language("Shares rose 5% on Monday.")
    ('ru', None)
    """
    return _keyed_languages([text], tokenize_chunk([text]))[0]


@lru_cache(maxsize=1)
def _marker_hashes() -> np.ndarray:
    return np.unique(hash_tokens(sorted(OTHER_MARKERS)))


def _keyed_languages(texts: Sequence[str], batch: TokenBatch) -> list[str | None]:
    """:func:`keyed_language` of each text, ``batch`` holding their exact tokens. A lead (the part the
    detector reads) in plain ASCII with fewer than two other languages' function words (and under a
    twelfth of its words) is English or a table: it keeps exact words without asking the detector,
    counted on the tokens at once, so that English copy does not pay for detection (asked of every text,
    it tripled the tokeniser's time on Reuters-21578)."""
    if kernels.KERNELS is not None and batch.starts.dtype == np.int64 and batch.offsets[0] == 0:
        markers, words = np.empty(len(texts), dtype=np.int64), np.empty(len(texts), dtype=np.int64)
        kernels.KERNELS.lead_counts(batch.starts, batch.offsets, batch.hashes, _marker_hashes(), SAMPLE_CHARS,
                                    markers, words)
    else:
        # only the leads' tokens are looked up (a search over every token was a third of the tokeniser's time)
        lead = np.flatnonzero(batch.starts < SAMPLE_CHARS)
        doc_of = np.searchsorted(batch.offsets, lead, side="right") - 1
        markers = np.bincount(doc_of[in_sorted(batch.hashes[lead], _marker_hashes())], minlength=len(texts))
        words = np.bincount(doc_of, minlength=len(texts))
    # an ASCII text has an ASCII lead (asked first: no copy of the lead); compared in Python, as the loop
    # over the texts is (four array operations cost one text more than the loop)
    return [None if not _may_be_other(found, lead, text) and (text.isascii() or text[:SAMPLE_CHARS].isascii())
            else _keyed_language(text[:SAMPLE_CHARS])
            for found, lead, text in zip(markers.tolist(), words.tolist(), texts)]


def _may_be_other(found: int, lead: int, text: str) -> bool:
    """Whether an ASCII lead with ``found`` other languages' function words among its ``lead`` tokens is
    sent to the detector: as :func:`dedup.language.detect_language` sends it to its model. The tokens count
    the lead's figures, which the detector's words do not: an Indonesian rewrite full of rates and dates was
    detected as Indonesian, yet keyed by exact words, so its stems never met its source's."""
    if found < 2:
        return False
    return found * 12 >= lead or needs_model(text[:SAMPLE_CHARS])


@lru_cache(maxsize=65_536)  # keyed on the lead the detector reads: a scan tokenises a text two or three times
def _keyed_language(sample: str) -> str | None:
    from dedup.words import has_stemmer

    language = detect_language(sample)
    if language in (None, "en"):
        return None
    return language if has_stemmer(language) or _cased(sample) else None


def _cased(sample: str) -> bool:
    """Whether most letters of ``sample`` are of an alphabet with capitals (Latin, Greek, Cyrillic ...):
    a language written in one that Snowball has no stemmer for (Ukrainian, Vietnamese) is keyed by its
    lower-cased words, so that "Національний" opening a sentence meets "національний" inside one, as
    "Bank" meets "bank" in English's ASCII-lowered tokens. Han, kana, Hangul, Thai, Hebrew have no case."""
    letters = [c for c in sample if c.isalpha()]
    return sum(c.isupper() or c.islower() for c in letters) * 2 > len(letters)


def stem_keys(texts: Sequence[str], batch: TokenBatch) -> TokenBatch:
    """``batch`` (the tokens of ``texts``) with the words of texts in an inflected language
    (:func:`keyed_language`) hashed as their lower-cased stems, so that inflected forms meet in the
    candidate channels and the exact evidence. Offsets and flags are unchanged; character pairs of dense
    scripts and figures keep their hashes; a word whose stem is itself keeps its hash too (mixed-language
    names meet). In a language that capitalises every noun (German) a capital is no name: the flag is
    cleared."""
    languages = _keyed_languages(texts, batch)
    if not any(languages):  # English copy: nothing to key, no loop over the texts
        return batch
    from dedup.words import rules_for

    hashes = flags = None
    for i, (text, language) in enumerate(zip(texts, languages)):
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
        lower = lower_case(language)
        keys = {k: stem(lower(w)) for k, w in enumerate(words) if not (w[:1].isdigit() or is_dense(w))}
        # a lower-case ASCII word that is its own stem already has the key's hash
        pick = [k for k, key in keys.items() if key != words[k]]
        if not pick:
            continue
        if hashes is None:
            hashes = batch.hashes.copy()
        hashes[lo + np.array(pick)] = hash_words([keys[k] for k in pick])
    if hashes is None and flags is None:
        return batch
    return TokenBatch(batch.hashes if hashes is None else hashes, batch.starts, batch.ends, batch.offsets,
                      batch.flags if flags is None else flags)


def flag_caseless_names(texts: Sequence[str], batch: TokenBatch) -> TokenBatch:
    """``batch`` with the tokens inside the names :func:`dedup.names.caseless_names` finds in scripts
    without capitals (Chinese, Japanese, Korean, Arabic, Hindi) flagged CAPITALISED, as a capital flags
    a name in a cased script: the names of a story count among its facts in every script."""
    flags = None
    for i, text in enumerate(texts):
        if text.isascii():
            continue
        from dedup.names import caseless_names

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
