"""Each language's stemmer for the aligner's words: a Snowball stemmer (PyStemmer, the C build of the Snowball
algorithms: about 80 times faster than the pure-Python package on the same words) or a light one of
:mod:`dedup.stemming`, wrapped so that the forms news copy writes meet (a curly apostrophe, Catalan's elided
article, Portuguese plurals, Arabic's "and the"); English keeps dedup's own crude suffix stemmer.
"""

from __future__ import annotations

import functools
import re
from typing import Callable

from dedup.stemming import arabic_article, light_stemmer, portuguese_singular

__all__ = ["english_stem", "has_stemmer", "stemmer"]

_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ed", "ies", "es", "ly", "s")


@functools.lru_cache(maxsize=200_000)
def english_stem(word: str) -> str:
    """A crude stem: enough for "exercise"/"exercises", "strengthened"/"strengthen" to meet."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:7]



# Snowball's algorithm names by ISO 639-1 code (PyStemmer 3.x).
_SNOWBALL = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
    "nl": "dutch", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french", "de": "german",
    "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian",
    "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "nb": "norwegian", "fa": "persian", "pl": "polish",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "es": "spanish", "sv": "swedish",
    "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}


def has_stemmer(language: str | None) -> bool:
    """Whether ``language`` has a stemmer (its inflected forms can be brought together): a Snowball one,
    or a light one of :mod:`dedup.stemming` (Korean particles, Hebrew prefixes, a word's first letters).

    >>> has_stemmer("pl"), has_stemmer("ko"), has_stemmer("kk"), has_stemmer("th")
    (True, True, True, False)
    """
    return language in _SNOWBALL or light_stemmer(language) is not None


def stemmer(language: str) -> Callable[[str], str]:
    light = light_stemmer(language)  # first: Turkish's prefixes replace Snowball's stemmer
    name = _SNOWBALL.get(language)
    if light is not None or name is None:
        return functools.lru_cache(maxsize=200_000)(functools.partial(_stem_straight, light)) if light else _unchanged
    import Stemmer

    stem = Stemmer.Stemmer(name).stemWord
    if language in _ELISION_STRIPPED:
        stem = functools.partial(_stem_after_elision, stem)
    if language == "pt":  # plurals Snowball's Portuguese stemmer leaves apart from their singulars
        stem = functools.partial(_stem_singular, stem)
    if language == "ar":  # "and the" written on a word, which Snowball's Arabic stemmer leaves on it
        stem = functools.partial(_stem_after_conjunction, stem)
    return functools.lru_cache(maxsize=200_000)(functools.partial(_stem_straight, stem))


def _stem_straight(stem: Callable[[str], str], word: str) -> str:
    """``stem`` of ``word`` with a curly apostrophe inside it read as the straight one: a publishing system
    curls the quotes of the copy it takes ("l’aéroport", "dell’anno", "об’єм"), and Snowball's French and
    Italian stemmers drop "l'" but not "l’", so a curled copy's words had other stems than its source's.

    >>> import Stemmer; s = Stemmer.Stemmer("french").stemWord
    >>> _stem_straight(s, "l’aéroport") == _stem_straight(s, "l'aéroport") == s("aéroport")
    True
    """
    return stem(word.replace("\u2019", "'") if "\u2019" in word else word)


#: Languages whose Snowball stemmer keeps an elided article, preposition or pronoun and its apostrophe on the
#: word ("l'aeroport", "d'aeroports", "s'acosta"), where Italian's and French's drop it: Catalan. The word after
#: the apostrophe is stemmed alone, so that "l'aeroport" meets "aeroport" (a rewrite writes "de l'aeroport" as
#: "l'aeroport", "aeroport" or "aeroports" by its own syntax).
_ELISION_STRIPPED = frozenset({"ca"})
_ELISION = re.compile(r"(?:l|d|s|n|m|t)['\u2019](?=\w)")


def _stem_after_elision(stem: Callable[[str], str], word: str) -> str:
    """``stem`` of ``word`` without the elided word before its apostrophe.

    >>> import Stemmer; s = Stemmer.Stemmer("catalan").stemWord
    >>> _stem_after_elision(s, "l'aeroport") == _stem_after_elision(s, "aeroport"), _stem_after_elision(s, "d'esgotar")
    (True, 'esgot')
    """
    match = _ELISION.match(word)
    return stem(word[match.end():] if match else word)


def _stem_singular(stem: Callable[[str], str], word: str) -> str:
    """``stem`` of ``word`` with a Portuguese plural ending read as the singular's
    (:func:`dedup.stemming.portuguese_singular`).

    >>> import Stemmer; s = Stemmer.Stemmer("portuguese").stemWord
    >>> _stem_singular(s, "finais") == _stem_singular(s, "final"), _stem_singular(s, "milhões") == s("milhão")
    (True, True)
    """
    return stem(portuguese_singular(word))


def _stem_after_conjunction(stem: Callable[[str], str], word: str) -> str:
    """``stem`` of ``word`` without the conjunction written on its article
    (:func:`dedup.stemming.arabic_article`).

    >>> import Stemmer; s = Stemmer.Stemmer("arabic").stemWord
    >>> _stem_after_conjunction(s, "والحكومة") == _stem_after_conjunction(s, "الحكومة") == s("بالحكومة")
    True
    """
    return stem(arabic_article(word))


def _unchanged(word: str) -> str:
    return word
