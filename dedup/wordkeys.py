"""Words keyed by language: stems in inflected languages, names in scripts without capitals.

In inflected languages a rewrite changes the endings of most words ("ставку"/"ставка",
"Abfindungen"/"Abfindung"), so exact tokens of a Russian or Spanish rewrite rarely meet and it was not even
a candidate. A text detected in a language with a Snowball stemmer, other than English, or with a light
one (Korean, Hebrew, Ukrainian, Vietnamese's fold of its marks: :mod:`dedup.stemming`) is keyed by stems
(:func:`stem_keys`): each word's hash is the hash of its lower-cased stem (a Korean stem of three
syllables or more: its pairs of syllables, so that a compound meets its parts); one in another language written
in an alphabet with capitals by its lower-cased words. English text keeps its exact
tokens, on which every English figure was measured. Names in scripts without capitals
(:func:`flag_caseless_names`) are flagged as a capital flags a name in a cased script. In a keyed text a figure
the tokens cut at its decimal mark or thousands separator ("2,9", "12.486,3") is one token again, so that its
value, not its digits, is what two texts share (:func:`_figure_joins`), and a figure with an Indic case ending or
classifier glued on ("୧୯୬୭ରେ", "୨,୪୧୦ଟି") is keyed as the figure. Both take the
exact tokens of :mod:`dedup.tokens` and depend on each text alone, so that every entry point keys a text
alike.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Sequence

import numpy as np

from dedup import kernels
from dedup.language import detect_language, fold, is_dense, is_hangul
from dedup.language_signs import (OTHER_MARKERS, SAMPLE_CHARS, apostrophe_letters, needs_model, nguni_prefixes,
                                  open_syllables, uzbek_suffixes, vietnamese_syllables)
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
    if found < 2:  # but Uzbek typed in ASCII, with few function words (:func:`apostrophe_letters`, or its
        # suffixes where no word has an o': :func:`uzbek_suffixes`), Vietnamese without its marks, or Zulu and
        # Xhosa by their prefixes (:func:`nguni_prefixes`)
        return _ascii_signs(text[:SAMPLE_CHARS])
    return found * 12 >= lead or needs_model(text[:SAMPLE_CHARS])


@lru_cache(maxsize=65_536)  # keyed on the lead, as :func:`_keyed_language`: a scan tokenises a text two or three times
def _ascii_signs(sample: str) -> bool:
    """Whether a lead shows Uzbek, Vietnamese, Zulu, Xhosa, Malagasy, Kinyarwanda or Shona typed in plain ASCII letters (each sign reads the first
    :data:`SAMPLE_CHARS` characters only: the same on the lead as on the whole text)."""
    return (apostrophe_letters(sample) or vietnamese_syllables(sample) or uzbek_suffixes(sample)
            or nguni_prefixes(sample) or open_syllables(sample))


@lru_cache(maxsize=65_536)  # keyed on the lead the detector reads: a scan tokenises a text two or three times
def _keyed_language(sample: str) -> str | None:
    from dedup.stemmers import has_stemmer

    language = detect_language(sample)
    if language in (None, "en"):
        return None
    return language if has_stemmer(language) or _cased(sample) else None


def _cased(sample: str) -> bool:
    """Whether most letters of ``sample`` are of an alphabet with capitals (Latin, Greek, Cyrillic ...):
    a language written in one that has no stemmer is keyed by its
    lower-cased words, so that "Đội" opening a sentence meets "đội" inside one, as
    "Bank" meets "bank" in English's ASCII-lowered tokens. Han, kana, Hangul, Thai, Hebrew have no case."""
    letters = [c for c in sample if c.isalpha()]
    return sum(c.isupper() or c.islower() for c in letters) * 2 > len(letters)


def stem_keys(texts: Sequence[str], batch: TokenBatch) -> TokenBatch:
    """``batch`` (the tokens of ``texts``) with the words of texts in an inflected language
    (:func:`keyed_language`) hashed as their lower-cased stems, so that inflected forms meet in the
    candidate channels and the exact evidence. Character pairs of dense scripts and figures keep their
    hashes; a word whose stem is itself keeps its hash too (mixed-language names meet). In a language that
    capitalises every noun (German) a capital is no name: the flag is cleared. Every token keeps its
    place but in Korean, whose stems of three syllables or more become their pairs of syllables, a token
    each (:func:`_syllable_pairs`), and whose figures lose the particle after their counter ("11일에")."""
    languages = _keyed_languages(texts, batch)
    if not any(languages):  # English copy: nothing to key, no loop over the texts
        return batch
    from dedup.words import rules_for

    hashes = flags = None
    paired: dict[int, tuple[list[str], list[int]]] = {}
    joined: dict[int, tuple[np.ndarray, np.ndarray]] = {}
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
        if language in APOSTROPHE_LETTERS:
            joins = _apostrophe_joins(folded, words, batch.starts[lo:hi], batch.ends[lo:hi])
            if joins is not None:
                words, joined[i] = joins
        words, hashes = _with_figures_joined(folded, words, batch, i, joined, hashes)
        if "\u200d" in folded or "\u200c" in folded:
            # a joiner inside an Indic word is no letter of it: the token's hash leaves it out, as its key does
            words = [w.replace("\u200d", "").replace("\u200c", "") for w in words]
        lower = lower_case(language)
        keys = {k: stem(lower(w)) for k, w in enumerate(words) if w and not (w[:1].isdigit() or is_dense(w))}
        # a figure with an Indic case ending or classifier glued on ("୧୯୬୭ରେ", "୨,୪୧୦ଟି") is keyed as the figure
        keys.update((k, f.group(1)) for k, w in enumerate(words) if w[:1].isdigit() and (f := _GLUED.fullmatch(w)))
        if language in SYLLABLE_PAIRED:
            # a figure's counter takes particles as a noun does ("11일에", "1분기에"): keyed as the figure
            # and counter alone ("11일"), as every figure keeps its hash
            keys.update((k, stem(w)) for k, w in enumerate(words) if w[:1].isdigit() and is_hangul(w[-1]))
            paired[i] = _kept_words(words, [k for k, key in keys.items() if len(key) > 2 and is_hangul(key)],
                                    joined[i][0] if i in joined else None)
        # a lower-case ASCII word that is its own stem already has the key's hash
        pick = [k for k, key in keys.items() if key != words[k]]
        if not pick:
            continue
        if hashes is None:
            hashes = batch.hashes.copy()
        hashes[lo + np.array(pick)] = hash_words([keys[k] for k in pick])
    if hashes is None and flags is None and not joined and not any(long for _, long in paired.values()):
        return batch
    keyed = TokenBatch(batch.hashes if hashes is None else hashes, batch.starts, batch.ends, batch.offsets,
                       batch.flags if flags is None else flags)
    if joined:
        keyed = _without_joined(keyed, joined)
    return _syllable_pairs(keyed, paired, languages) if paired else keyed


#: Languages that write a letter with an apostrophe inside a word, which a keyboard without the letter types
#: straight: Uzbek's o' and g' (oʻ, gʻ) and its sign ' (ʼ). The tokens cut "o'zbekiston" in two at a straight
#: or curly apostrophe, where "oʻzbekiston" (the modifier letter) is one token: :func:`_apostrophe_joins`. Kazakh's
#: Latin alphabet of 2017 wrote nine letters so ("den'gei'inde").
APOSTROPHE_LETTERS = frozenset({"uz", "kk"})
_WORD_APOSTROPHES = frozenset("'\u2018\u2019`")


def _apostrophe_joins(text: str, words: list[str], starts: np.ndarray,
                      ends: np.ndarray) -> tuple[list[str], tuple[np.ndarray, np.ndarray]] | None:
    """``words`` with each run of tokens joined by one apostrophe and nothing else ("o", "zbekiston") read as
    one word at its first token ("o'zbekiston"), the others left empty; and the tokens to drop and the first
    tokens' new ends. None where no two tokens are so joined. A figure is not joined ("1990'da" is no letter)."""
    starts_l, ends_l = starts.tolist(), ends.tolist()
    glued = [k for k in range(len(words) - 1)
             if starts_l[k + 1] == ends_l[k] + 1 and text[ends_l[k]] in _WORD_APOSTROPHES
             and words[k][-1:].isalpha() and words[k + 1][:1].isalpha()]
    if not glued:
        return None
    words = list(words)
    new_ends = ends.copy()
    drop: list[int] = []
    head = 0
    for k in glued:
        if not drop or drop[-1] != k:  # else a chain ("to'g'ri"): the run's head takes this word too
            head = k
        words[head] += text[ends_l[k]] + words[k + 1]
        words[k + 1] = ""
        new_ends[head] = ends_l[k + 1]
        drop.append(k + 1)
    return words, (np.array(drop, dtype=np.int64), new_ends)


#: The marks between the parts of one figure written without a space: a decimal mark, a thousands separator
#: ("2,9", "12.486,3", "4,2460", "2.12.2026").
_FIGURE_MARKS = frozenset(".,")


def _figure_joins(text: str, words: list[str], starts: np.ndarray,
                  ends: np.ndarray) -> tuple[list[str], tuple[np.ndarray, np.ndarray], np.ndarray] | None:
    """``words`` with each figure the tokens cut at its decimal mark or thousands separator ("2", "9") read as
    one token at its first part ("2,9"), the others left empty; the tokens to drop, the first tokens' new ends,
    and the first tokens. None where no figure is so cut. A figure's parts of one or two digits were no content
    words (one character: :func:`dedup.shingles.content_mask`) and those of more met any figure's: two forms of
    one template filled in other months ("gedaald naar 2,9 procent", "gestegen naar 3,4 procent") agreed on
    every figure, as they agreed on none. ``ends`` may be an earlier join's (:func:`_apostrophe_joins`)."""
    starts_l, ends_l = starts.tolist(), ends.tolist()
    glued = [k for k in range(len(words) - 1)
             if starts_l[k + 1] == ends_l[k] + 1 and text[ends_l[k]] in _FIGURE_MARKS
             and words[k].isdigit() and words[k + 1][:1].isdigit()]
    if not glued:
        return None
    words = list(words)
    new_ends = ends.copy()
    drop: list[int] = []
    heads: list[int] = []
    head = 0
    for k in glued:
        if not drop or drop[-1] != k:  # else a chain ("12.486,3"): the run's head takes this part too
            head = k
            heads.append(k)
        words[head] += text[ends_l[k]] + words[k + 1]
        words[k + 1] = ""
        new_ends[head] = ends_l[k + 1]
        drop.append(k + 1)
    return words, (np.array(drop, dtype=np.int64), new_ends), np.array(heads, dtype=np.int64)


def _with_figures_joined(text: str, words: list[str], batch: TokenBatch, i: int,
                         joined: dict[int, tuple[np.ndarray, np.ndarray]],
                         hashes: np.ndarray | None) -> tuple[list[str], np.ndarray | None]:
    """Text ``i``'s ``words`` with its figures joined (:func:`_figure_joins`), the join recorded in ``joined`` with
    any earlier one of the text, and ``hashes`` (a copy of the batch's, made on the first change) with each joined
    figure's first token hashed as the whole figure; both as they were where no figure is cut."""
    lo, hi = int(batch.offsets[i]), int(batch.offsets[i + 1])
    figures = _figure_joins(text, words, batch.starts[lo:hi], joined[i][1] if i in joined else batch.ends[lo:hi])
    if figures is None:
        return words, hashes
    words, joined[i] = figures[0], _merged_joins(joined.get(i), figures[1])
    hashes = batch.hashes.copy() if hashes is None else hashes
    hashes[lo + figures[2]] = hash_words([words[k] for k in figures[2].tolist()])
    return words, hashes


def _merged_joins(first: tuple[np.ndarray, np.ndarray] | None,
                  then: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Two joins of one text's tokens as one: the tokens either drops, the later one's ends (made on the first's)."""
    return then if first is None else (np.union1d(first[0], then[0]), then[1])


def _kept_words(words: list[str], picked: list[int], drop: np.ndarray | None) -> tuple[list[str], list[int]]:
    """``words`` and the places ``picked`` among them as they stand once the tokens ``drop`` names are left out."""
    if drop is None or not len(drop):
        return words, picked
    gone = set(drop.tolist())
    before = np.cumsum([k in gone for k in range(len(words))]).tolist()
    return [w for k, w in enumerate(words) if k not in gone], [k - before[k] for k in picked]


def _without_joined(batch: TokenBatch, joined: dict[int, tuple[np.ndarray, np.ndarray]]) -> TokenBatch:
    """``batch`` without the tokens :func:`_apostrophe_joins` and :func:`_figure_joins` joined to the word before
    them: a word cut at its apostrophe, a figure at its decimal mark, is one token, spanning it, keyed as it."""
    keep = np.ones(len(batch.hashes), dtype=bool)
    ends = batch.ends.copy()
    for i, (drop, new_ends) in joined.items():
        lo = int(batch.offsets[i])
        ends[lo : lo + len(new_ends)] = new_ends
        keep[lo + drop] = False
    offsets = np.concatenate([[0], np.cumsum(keep, dtype=np.int64)])[batch.offsets]
    return TokenBatch(batch.hashes[keep], batch.starts[keep], ends[keep], offsets, batch.flags[keep])


#: A figure (its digits folded, its thousands and decimal marks joined) and the letters of an Indic script glued
#: after it: Odia, Bengali and Assamese write a case ending or a classifier on a figure as on a noun ("in 1967",
#: "2,410 of them"), where another text writes the figure alone. Not Devanagari's: what Hindi glues on a figure is
#: an ordinal's ending ("42वें", the 42nd), another word than the figure. Korean's counters are read apart (above).
_GLUED = re.compile(r"(\d(?:[\d.,]*\d)?)[\u0980-\u0dff]+")


#: Languages whose stems key the candidate channels by pairs of syllables (:func:`_syllable_pairs`).
SYLLABLE_PAIRED = frozenset({"ko"})


def _syllable_pairs(batch: TokenBatch, paired: dict[int, tuple[list[str], list[int]]],
                    languages: Sequence[str | None]) -> TokenBatch:
    """``batch`` with each Hangul stem of three syllables or more keyed as its pairs of syllables, one
    token each (``paired``: per text, its words and the tokens whose stems are such). Korean writes
    compounds whole ("경제성장률" growth rate, "가계부채" household debt) where a rewrite takes a part
    ("성장률", "가계"), and a stem keeps what an ending the light stemmer does not know left on it; a
    word's pairs meet the pairs of its parts, as the aligner's character features do (pairs of syllables,
    :mod:`dedup.hashing`). Each pair spans its two syllables of the word (starts stay in order); a
    sentence's opening flag stays on the word's first pair."""
    from dedup.words import rules_for

    parts = []
    for i in range(len(batch)):
        lo, hi = int(batch.offsets[i]), int(batch.offsets[i + 1])
        long = paired.get(i, ((), []))[1]
        if not long:
            parts.append((batch.hashes[lo:hi], batch.starts[lo:hi], batch.ends[lo:hi], batch.flags[lo:hi]))
            continue
        words, stem = paired[i][0], rules_for(languages[i]).stem
        count = np.ones(hi - lo, dtype=np.int64)
        grams: list[str] = []
        for k in long:
            key = stem(words[k])
            count[k] = len(key) - 1
            grams += [key[p : p + 2] for p in range(len(key) - 1)]
        rows = np.repeat(np.arange(lo, hi), count)
        hashes, starts, flags = batch.hashes[rows], batch.starts[rows].copy(), batch.flags[rows].copy()
        first = np.concatenate([[0], np.cumsum(count)[:-1]])
        step = np.arange(len(rows)) - np.repeat(first, count)  # a pair's place in its word
        is_pair = np.repeat(np.isin(np.arange(hi - lo), long), count)
        hashes[is_pair] = hash_words(grams)
        starts[is_pair] += step[is_pair]
        ends = np.where(is_pair, starts + 2, batch.ends[rows])
        flags[step > 0] &= np.uint8(~TokenBatch.SENTENCE_START & 0xFF)
        parts.append((hashes, starts, ends, flags))
    counts = np.array([len(p[0]) for p in parts], dtype=np.int64)
    offsets = np.zeros(len(parts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return TokenBatch(*(np.concatenate([p[n] for p in parts]).astype(a.dtype, copy=False)
                        for n, a in enumerate((batch.hashes, batch.starts, batch.ends))),
                      offsets, np.concatenate([p[3] for p in parts]).astype(batch.flags.dtype, copy=False))


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
