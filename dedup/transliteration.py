"""Words written in the letters another copy of a story prints them in: Serbian, Uzbek and Kazakh in Cyrillic read in
Latin letters, Vietnamese without its tones and marks.

Serbian is written in two scripts, Uzbek and Kazakh are printed in Cyrillic and in Latin, and Vietnamese wire copy is
reprinted without its diacritics by sites that cannot write them: a story reprinted in the other script, or without
the marks, shared no key with its source. Each function writes one lower-case word as the Latin (or bare) form, one
official table each; the light stemmers of :mod:`dedup.stemming` key a word of these languages on that form, and
:mod:`dedup.hashing` reads a whole text of Serbian, Uzbek or Kazakh so. Kazakh's words are keyed in one spelling of
its four alphabets (:func:`kazakh_key`: Cyrillic and the Latin ones of 2017, 2018 and 2021). Pure functions of one word.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["serbian_latin", "uzbek_latin", "kazakh_latin", "kazakh_key", "vietnamese_fold"]

#: Serbian's Cyrillic letters as its Latin alphabet (Gaj's) writes them: the official correspondence, one letter
#: for one but љ, њ, џ, which Latin writes as two (lj, nj, dž). A desk reprints an agency's Cyrillic story in Latin
#: by exactly this table.
_SERBIAN_LATIN = str.maketrans(dict(zip("абвгдђежзијклљмнњопрстћуфхцчџш",
                                        "a b v g d đ e ž z i j k l lj m n nj o p r s t ć u f h c č dž š".split())))


def serbian_latin(word: str) -> str:
    """A lower-case Serbian word in Latin letters: Cyrillic ones by :data:`_SERBIAN_LATIN`, Latin ones as they are.

    >>> serbian_latin("потрошачке"), serbian_latin("љубљана"), serbian_latin("potrošačke")
    ('potrošačke', 'ljubljana', 'potrošačke')
    """
    return word.translate(_SERBIAN_LATIN)


#: Uzbek's Cyrillic letters as its Latin alphabet (1995) writes them, but е and ц, which depend on the letter before
#: (:func:`uzbek_latin`). The Latin alphabet's marks on o' and g' (ʻ) and the sign of ъ (ʼ) are left out on both
#: sides: desks write them as ʻ, ‘, ’ or ', and as a letter or as a word's end.
_UZBEK_LATIN = str.maketrans({**dict(zip("абвгджзийклмнопрстуфхчшэюяёўқғҳ",
                                         "a b v g d j z i y k l m n o p r s t u f x ch sh e yu ya yo o q g h".split())),
                              "ъ": "", "ь": "", "\u02bb": "", "\u02bc": "", "'": "", "\u2018": "", "\u2019": ""})
_UZBEK_VOWELS = frozenset("аеёиоуўэюя")


def uzbek_latin(word: str) -> str:
    """A lower-case Uzbek word in Latin letters without the marks (:data:`_UZBEK_LATIN`): е is ye at the word's start
    and after a vowel or a sign, e elsewhere; ц is ts after a vowel, s elsewhere.

    >>> uzbek_latin("ўзбекистон"), uzbek_latin("oʻzbekiston"), uzbek_latin("ер"), uzbek_latin("маълумот")
    ('ozbekiston', 'ozbekiston', 'yer', 'malumot')
    """
    if "е" in word or "ц" in word:
        out = []
        for k, c in enumerate(word):
            after_vowel = k > 0 and word[k - 1] in _UZBEK_VOWELS
            if c == "е":
                c = "ye" if k == 0 or after_vowel or word[k - 1] in "ъь" else "e"
            elif c == "ц":
                c = "ts" if after_vowel else "s"
            out.append(c)
        word = "".join(out)
    return word.translate(_UZBEK_LATIN)


#: Kazakh's Cyrillic letters as the Latin alphabet of 2021 writes them (the decree's table: ә ä, ғ ğ, и and й i, і ı,
#: қ q, ң ñ, ө ö, ұ ū, ү ü, х and һ h, ч ç, ш ş; the letters it leaves out as loans are spelled: ц ts, щ şş, э e,
#: ю iu, я ia, ё io, the signs dropped). A Latin word is left as it is.
_KAZAKH_LATIN = str.maketrans({**dict(zip("аәбвгғдежзийкқлмнңоөпрстуұүфхһцчшщыіэюяёъь",
                                          "a ä b v g ğ d e j z i i k q l m n ñ o ö p r s t u ū ü f h h ts ç ş şş y ı e iu ia "
                                          "io - -".split())), "ъ": "", "ь": ""})


def kazakh_latin(word: str) -> str:
    """A lower-case Kazakh word in the Latin alphabet of 2021 (:data:`_KAZAKH_LATIN`).

    >>> kazakh_latin("қазақстан"), kazakh_latin("жұмыс"), kazakh_latin("теңге"), kazakh_latin("qazaqstan")
    ('qazaqstan', 'jūmys', 'teñge', 'qazaqstan')
    """
    return word.translate(_KAZAKH_LATIN)


#: Kazakh's letters as the Latin alphabets of 2017 (apostrophes) and 2018 (acute accents) wrote them, by their decrees'
#: tables, in one spelling with 2021's (:data:`_KAZAKH_LATIN`): 2017's a' g' n' o' u' y' i' s' c' (ә ғ ң ө ү у и ш ч),
#: 2018's á ǵ ń ó ú ý ı sh ch (the same letters; 2018's ı is и and й, its i is і, its u is ұ). The three alphabets swap
#: two pairs (2021 writes і ı and и i, у u and ұ ū), so the one spelling writes і and и alike (i), у and ұ alike (u).
_KAZAKH_2017 = re.compile("([agnouyiscAGNOUYISC])['\u2019\u02bc]")
_KAZAKH_2017_LETTERS = dict(zip("agnouyisc", "ä ğ ñ ö ü u i ş ç".split()))
_KAZAKH_ONE = str.maketrans({"á": "ä", "ǵ": "ğ", "ń": "ñ", "ó": "ö", "ú": "ü", "ý": "u", "ı": "i", "ū": "u"})


def kazakh_key(word: str) -> str:
    """A lower-case Kazakh word in one spelling whichever of its alphabets writes it: Cyrillic, or the Latin
    alphabets of 2017, 2018 and 2021 (:data:`_KAZAKH_2017`, :data:`_KAZAKH_ONE`; і and и, у and ұ alike). Kazakh
    sites printed the alphabet of 2017 and 2018 in their turn, and a story reprinted in one shared no key with its
    source in another.

    >>> {kazakh_key(w) for w in ("мөлшерлемені", "mölşerlemenı", "mólsherlemeni", "mo'ls'erlemeni")}
    {'mölşerlemeni'}
    >>> {kazakh_key(w) for w in ("деңгейінде", "deñgeiınde", "deńgeıinde", "den'gei'inde")}
    {'deñgeiinde'}
    """
    word = kazakh_latin(word)
    if "'" in word or "\u2019" in word or "\u02bc" in word:
        word = _KAZAKH_2017.sub(lambda m: _KAZAKH_2017_LETTERS[m.group(1).lower()], word)
    if "h" in word:
        word = word.replace("sh", "ş").replace("ch", "ç")
    return word.translate(_KAZAKH_ONE)


@functools.lru_cache(maxsize=200_000)
def vietnamese_fold(word: str) -> str:
    """A Vietnamese syllable keyed without its tone and its vowels' marks (``đ`` as ``d``): Vietnamese wire
    copy is reprinted without diacritics by sites and feeds that cannot write them ("Can Tho" for "Cần Thơ"),
    and such a reprint shared no key with its source. Only a text read as Vietnamese is keyed so (a light
    stemmer is its language's alone), so a fold cannot make texts of two languages alike; the price is
    coarser keys inside Vietnamese (``ma``, ``mà``, ``má``, ``mả``, ``mã``, ``mạ`` are one key), which the
    candidate channels' 5-grams and rare-word windows read in context, and the sentence scores beside the
    characters the aligner compares.

    >>> vietnamese_fold("Thơ") == vietnamese_fold("Tho"), vietnamese_fold("đồng"), vietnamese_fold("Việt")
    (True, 'dong', 'viet')
    """
    bare = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))
    return bare.replace("đ", "d")
