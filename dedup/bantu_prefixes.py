"""Shona's words keyed without the particles written before them, as :mod:`dedup.indic_endings` keys an Indic word
without its endings.

Shona writes "and", "with", "like", "of" and "at" as prefixes on the word they govern: "bazi" (the ministry) is
"nebazi" (with the ministry), "webazi" (of the ministry); "chibage" (maize) "yechibage", "wechibage"; "gore" (the
year) "pagore" (a year), "wegore"; "gorosi" (wheat) "neyegorosi" (and of wheat). A rewrite says the thing with
another particle or none, and keyed whole its words never met the source's: its content keys shared a fifth. The
particles (:data:`PARTICLES`) are the associative ones with their vowel ``e`` ("we-", "ye-", "re-", "che-", "dze-",
"ze-", "rwe-", "kwe-", "hwe-", "twe-", "pe-", "me-"), the conjunctive and comparative ones ("ne-", "na-", "no-",
"se-", "sa-", "so-") and the locative "pa-"; up to two are left off, longest first, while a word of at least
:data:`MIN_LETTERS` letters remains that opens with a consonant (a particle stands before a noun's or an
infinitive's class prefix: "nematani" keeps "matani", "sekutaura" is "kutaura"). The noun classes' own prefixes
("mu-", "va-", "chi-", "zvi-", "ma-") are part of the word and stay: they tell "munhu" (a person) from "vanhu"
(people), and a key of what remains ("nhu") would join unrelated words. A verb's subject and tense prefixes
("yakatenga", "yatenga") stay too: they are read no more than English's verbs' tenses are.
"""

from __future__ import annotations

import functools

__all__ = ["shona_stem", "PARTICLES", "MIN_LETTERS"]

#: Shona's particles written before a word, longest first.
PARTICLES = tuple(sorted("che dze rwe kwe hwe twe we ye re ze pe me ne na no se sa so pa".split(),
                         key=lambda p: (-len(p), p)))
#: The fewest letters a word keeps once a particle is left off.
MIN_LETTERS = 4
_VOWELS = frozenset("aeiou")


@functools.lru_cache(maxsize=200_000)
def shona_stem(word: str) -> str:
    """``word`` (lower case) without up to two of Shona's particles written before it (:data:`PARTICLES`).

    >>> shona_stem("nebazi"), shona_stem("webazi"), shona_stem("neyegorosi"), shona_stem("nematani")
    ('bazi', 'bazi', 'gorosi', 'matani')
    >>> shona_stem("nenzara"), shona_stem("pagore"), shona_stem("sezvo"), shona_stem("nemuvhuro")
    ('nzara', 'gore', 'sezvo', 'muvhuro')
    """
    for _ in range(2):
        for particle in PARTICLES:
            rest = word[len(particle):]
            if word.startswith(particle) and len(rest) >= MIN_LETTERS and rest[0] not in _VOWELS and rest.isalpha():
                word = rest
                break
        else:
            break
    return word
