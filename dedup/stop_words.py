"""Stop words by language, as the tokens read them: stopwords-iso's lists (dedup's own where it has none or a
thin one), with the forms news copy writes them in that the lists leave out: after an elided word ("quest'anno"),
with French's pronoun after the verb ("a-t-il"), Romanian's comma below for the cedilla, Greek's accents;
scikit-learn's English list for English, on which every English threshold was set.
"""

from __future__ import annotations

from importlib import resources

from dedup.language import fold

__all__ = ["ENGLISH_STOP_WORDS", "stop_words", "comma_below", "COMMA_BELOW"]


def _english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, read from ``dedup/data/stop_words_en.txt`` (a copy: importing
    scikit-learn for them cost a second or more of every command's start)."""
    text = resources.files("dedup").joinpath("data", "stop_words_en.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


ENGLISH_STOP_WORDS = _english_stop_words()


def stop_words(language: str) -> frozenset[str]:
    import stopwordsiso

    if not stopwordsiso.has_lang(language):
        return _own_stop_words(language)
    # a list of dedup's own beside stopwords-iso's where that one is thin (Ukrainian's 73 words, Estonian's 35)
    more = _own_stop_words(language)
    # words of letters folded as the tokens are (Persian's ی and ک as Arabic's), so that a listed word meets
    # its tokens; not the lists' digits and marks (the Chinese and Korean ones list full-width digits, which
    # folded would drop every figure of one digit from the words)
    words = frozenset(folded if (folded := fold(w.lower())).isalpha() else w.lower()
                      for w in stopwordsiso.stopwords(language))
    if language in _ELIDED:
        words = _with_elisions(words, _ELIDED[language])
    words = words | _MORE_STOP_WORDS.get(language, frozenset()) | more
    if language == "fr":
        words = _with_inversions(words)
    # every language's words with the comma below too: the tokens write "ş" so (:func:`one_form`)
    words = words | frozenset(comma_below(w) for w in words)
    return _with_greek_accents(words) if language == "el" else words


#: Function words stopwords-iso's lists leave out: Portuguese contractions of a preposition with an article or
#: pronoun ("dum", "nele", "disso", "daquilo"; its list has "do", "no", "pelo", "dele" and "neste").
_MORE_STOP_WORDS = {"pt": frozenset("dum duma duns dumas nisso nisto disso disto daquilo naquilo nele nela neles "
                                    "nelas àquele àquela àquilo".split())}
#: French's subject pronouns after the verb ("a-t-il", "est-elle", "peut-on"): one token with their verb.
_FR_INVERSIONS = ("-t-il", "-t-elle", "-t-on", "-il", "-elle", "-on", "-ils", "-elles")


def _with_inversions(words: frozenset[str]) -> frozenset[str]:
    """French stop words with a subject pronoun after them, as a question or a quotation's tag writes them
    ("a-t-il dit", "est-il", "peut-on"): the tokens keep the verb and the pronoun as one word, which was no stop
    word, so "a-t-il" counted as a content word.

    >>> {"a-t-il", "est-elle", "peut-on"} <= _with_inversions(frozenset({"a", "est", "peut"}))
    True
    """
    return words | frozenset(w + after for w in words for after in _FR_INVERSIONS)


#: Romanian's s and t with a comma below ("ș", "ț") are also typed with a cedilla ("ş", "ţ"): its letters came
#: into Unicode late and its keyboards and fonts long gave the Turkish cedilla forms, so wire copy mixes both,
#: one text with the other, often inside one text. stopwords-iso's Romanian list is written with cedillas ("şi",
#: "deşi", "ţi") and text with commas, so the most frequent word of Romanian ("și", and) counted as content.
#: Romanian's s and t with a cedilla to the comma below, a table for ``str.translate``.
COMMA_BELOW = str.maketrans("şţŞŢ", "șțȘȚ")


def comma_below(word: str) -> str:
    """``word`` with Romanian's s and t with a cedilla written with the comma below, as Unicode spells them
    (one form for the two a Romanian text may type; the Snowball stemmer reads both alike already).

    >>> comma_below("aşa"), comma_below("Ţara"), comma_below("și")
    ('așa', 'Țara', 'și')
    """
    return word if word.isascii() else word.translate(COMMA_BELOW)


#: Languages stopwords-iso has no list for whose function words dedup lists itself (``dedup/data/stop_words_<code>.txt``):
#: Malayalam, whose particles and pronouns counted as content words, shared by any two texts of the language, and
#: Albanian, Icelandic, Belarusian, Azerbaijani and Mongolian, alike, and Tamil, Kazakh, Uzbek (both its scripts),
#: Georgian, Amharic, Welsh and Kyrgyz (the fifty-sixth round: a Kazakh rewrite's paraphrased sentences then link
#: on their content words, 0.570 -> 0.687); and languages whose stopwords-iso list is
#: too thin to read news copy with (Ukrainian, 73 words without "його", "них", "через"; Estonian, 35 without
#: "ning", "ka", "selle"), whose own list is read beside it.
_OWN_STOP_WORDS = frozenset({"ml", "sq", "is", "be", "az", "mn", "uk", "et", "ta", "kk", "uz", "ka", "am", "cy", "ky",
                             "sd", "ckb"})


def _own_stop_words(language: str) -> frozenset[str]:
    """The stop words dedup lists for ``language`` (:data:`_OWN_STOP_WORDS`), or none.

    >>> "ഒരു" in _own_stop_words("ml"), _own_stop_words("km")
    (True, frozenset())
    """
    if language not in _OWN_STOP_WORDS:
        return frozenset()
    text = resources.files("dedup").joinpath("data", f"stop_words_{language}.txt").read_text(encoding="utf-8")
    # folded as the tokens are (Sindhi's "کان" is written with Persian's keheh, which they read as Arabic's kaf)
    return frozenset(fold(line.strip()) for line in text.splitlines() if line.strip() and not line.startswith("#"))


# The articles, prepositions and pronouns Italian, French and Catalan write elided, joined to the next word by an
# apostrophe ("dell'anno", "quest'anno", "qu'il", "l'on"): one token to the tokenizer.
_ELIDED = {
    "it": "l un dell all dall nell sull coll quest quell d c s m t v n anch com dov cos tutt".split(),
    "fr": "l d j m n s t c qu jusqu lorsqu puisqu quoiqu".split(),
    "ca": "l d s n m t".split(),
}


def _with_elisions(words: frozenset[str], elided: list[str]) -> frozenset[str]:
    """Stop words as Italian and French write them after an elided word ("quest'anno", "dell'altro",
    "qu'il"): the tokenizer keeps the two as one token, which was no stop word, and the Snowball stemmer
    drops what goes before the apostrophe, so the year of "quest'anno" counted as content where "anno"
    alone did not. Each word is added after each elided form, with either apostrophe.

    >>> {"quest'anno", "quest’anno"} <= _with_elisions(frozenset({"anno"}), ["quest"])
    True
    """
    return words | frozenset(f"{e}{mark}{w}" for w in words for e in elided for mark in ("'", "\u2019"))


# Greek's vowels and the same vowels with the tonos (the acute accent of the monotonic spelling).
_GREEK_TONOS = dict(zip("αεηιουω", "άέήίόύώ"))


def _with_greek_accents(words: frozenset[str]) -> frozenset[str]:
    """Greek stop words as news spells them too: the list writes most without their accent ("οτι",
    "εως"), news with it ("ότι", "έως"), so the most frequent words of Greek counted as content words.
    Each unaccented word is added with the tonos on each of its vowels in turn (a word of two syllables
    or more carries one); a form no text spells costs a set entry, nothing more.

    >>> {"ότι", "έως"} <= _with_greek_accents(frozenset({"οτι", "εως"}))
    True
    """
    out = set(words)
    for word in words:
        if any(c in _GREEK_TONOS.values() for c in word):
            continue
        out.update(word[:k] + _GREEK_TONOS[c] + word[k + 1:] for k, c in enumerate(word) if c in _GREEK_TONOS)
    return frozenset(out)
