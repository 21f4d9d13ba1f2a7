"""The endings of Odia, Bengali and Assamese words (and, since the sixty-first round, of Sorani Kurdish ones), left
off before a word is keyed by its first letters.

These languages glue their case endings, postpositions, plural and honorific endings, classifiers and particles to
the word ("ଚାଷୀଙ୍କଠାରୁ", "জিলাৰ", "শিবিৰত", "অক্টোবরে"), and their scripts write each consonant of a conjunct as a letter:
keyed by its first five letters alone (:func:`dedup.stemming.prefix_stem`), a short noun kept an ending inside its
key, so that "ଚାଷୀ" and "ଚାଷୀଙ୍କୁ", "জিলা" and "জিলাৰ", "অক্টোবর" and "অক্টোবরে" had a key each, and an Odia heavy
rewrite shared 0.29 of its content keys with its source (the content channel asks 0.45). Up to two endings are left
off, longest first, while two letters remain (a vowel sign counted with its letter): the second takes the genitive
or the plural an ending stood on ("ଚାଷୀଙ୍କଠାରୁ" -> "ଚାଷୀଙ୍କ" -> "ଚାଷୀ"), and a noun that ends as the genitive does
("শিবিৰ", "ନମ୍ବର") loses that letter in every form alike ("শিবিৰত" -> "শিবিৰ" -> "শিবি"). The endings are the
grammar's, not any text's. A pure function of one word, as a stemmer is.

Sorani Kurdish, in the Arabic script, glues on its definite and plural endings, its ezafe and its postposition
("جووتیارانی", "پارێزگاکان", "ئەمساڵدا"): keyed by its first five letters alone, a short noun and its forms had a key
each ("گەنم", "گەنمی"; "پارە", "پارەی"). Its endings are written folded, as the keys read them (ی and ک as Arabic's).
"""

from __future__ import annotations

import functools
import unicodedata

__all__ = ["ENDINGS", "without_endings", "MIN_LETTERS"]

#: Each language's endings (longest first when read): Odia's case endings and postpositions alone or on the plural
#: and honorific ("-ମାନଙ୍କୁ", "-ଗୁଡ଼ିକରେ", "-ଙ୍କଠାରୁ", "-ରେ", "-ରୁ", "-କୁ", "-ର"), its classifier "-ଟି" and a verb's tense and
#: passive endings on its root ("-ାଯାଇଛି", "-ିଛନ୍ତି", "-ିଥିଲା", "-ିବାକୁ"); Bengali's genitive, locative, dative and
#: plural endings ("-ের", "-এর", "-র", "-ে", "-তে", "-য়ে", "-কে", "-রা", "-দের", "-গুলো", "-গুলি"), classifiers ("-টি",
#: "-টা") and particles ("-ই", "-ও"); Assamese's ("-ৰ", "-ত", "-ক", "-লৈ", "-ৰে", "-এ", "-ে", "-বোৰ", "-সকল", "-ৰপৰা",
#: "-তকৈ", "-ৰো"), its classifiers ("-খন", "-জন", "-টো", "-টা") and particles; Sorani's (below).
ENDINGS = {
    "or": """ମାନଙ୍କଠାରୁ ମାନଙ୍କୁ ମାନଙ୍କର ମାନଙ୍କ ମାନେ ଗୁଡ଼ିକରେ ଗୁଡ଼ିକରୁ ଗୁଡ଼ିକର ଗୁଡ଼ିକୁ ଗୁଡ଼ିକ ଙ୍କଠାରୁ ଙ୍କଠାରେ ଙ୍କୁ ଙ୍କର ଙ୍କ
             ଠାରୁ ଠାରେ ରେ ରୁ କୁ ର ଟିରେ ଟିକୁ ଟିର ଟି ାଯାଇଛି ାଯାଇଥିଲା ାଯାଇଥିବା ାଯିବ ାଯିବା ାଯାଉଛି ିଛନ୍ତି ିଥିଲେ ିଥିଲା
             ିଥିବାରୁ ିଥିବା ିଛି ିବାକୁ ିବାର ିବା ିବେ ିବ ିଲେ ିଲା ୁଛନ୍ତି ୁଛି ୁଥିଲା""",
    "bn": "গুলোর গুলোতে গুলো গুলির গুলি দের েরা রা ের এর র তে য়ে কে টির টার টি টা ে ই ও",
    "as": "বোৰৰ বোৰত বোৰে বোৰ সকলৰ সকলে সকল ৰপৰা তকৈও তকৈ লৈ ৰো ৰে ত ক ৰ খন জন টো টা এ ে ই ও",
    # Sorani: the definite "-ەکە" ("-کە" after a vowel), plural "-ەکان", "-ان", the ezafe "-ی", "-دا" (in), "-ەوە", "-یش"
    "ckb": "ەكانی ەكانە ەكان ەكەی ەكە كانی كان كەی كە یەكانی یەكان انی انە ان ەوە دا یش ی".replace("ی", "\u064a").replace("ك", "\u0643"),
}
_ENDINGS = {language: tuple(sorted(words.split(), key=len, reverse=True)) for language, words in ENDINGS.items()}
#: Letters a word keeps at least when an ending is left off (a root of two: "କହ" of "କହିଛନ୍ତି", "জিলা" of "জিলাৰ").
MIN_LETTERS = 2
#: Endings left off one after the other at most (an ending, then the genitive or plural it stood on).
_ROUNDS = 2


@functools.lru_cache(maxsize=200_000)
def without_endings(word: str, language: str) -> str:
    """``word`` with up to two of ``language``'s endings (:data:`ENDINGS`) left off, while :data:`MIN_LETTERS`
    letters remain; a word of another language as it is.

    >>> without_endings("ଚାଷୀଙ୍କଠାରୁ", "or"), without_endings("শিবিৰত", "as") == without_endings("শিবিৰ", "as")
    ('ଚାଷୀ', True)
    >>> without_endings("অক্টোবরে", "bn") == without_endings("অক্টোবর", "bn"), without_endings("ৰে", "as")
    (True, 'ৰে')
    """
    endings = _ENDINGS.get(language, ())
    for _ in range(_ROUNDS):
        cut = next((e for e in endings if word.endswith(e) and _letters(word[: -len(e)]) >= MIN_LETTERS), None)
        if cut is None:
            break
        word = word[: -len(cut)]
    return word


def _letters(word: str) -> int:
    return sum(not unicodedata.category(c).startswith("M") for c in word)
