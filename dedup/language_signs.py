"""What shows the language of a sample in plain ASCII letters, before (or instead of) py3langid's model.

:func:`dedup.language.detect_language` reads an article's lead (:data:`SAMPLE_CHARS`). English copy is known by its
function words without the model (:func:`looks_english`); other text in plain ASCII letters is sent to the model only
when it shows a sign of another language (:func:`needs_model`): other languages' function words, an Indonesian
confix, Uzbek's o' and g' typed with an apostrophe or its suffixes, Vietnamese syllables printed without their marks,
Zulu's and Xhosa's prefixes before a capital or a figure, words nearly all ending in a vowel (Malagasy, Kinyarwanda,
Shona: :func:`open_syllables`).
Kazakh in its Latin alphabet of 2021, which the model never saw, is known by its letters
(:func:`kazakh_latin_letters`), and so are two languages the model does not know: Dhivehi, the one language written
in Thaana (:func:`thaana_letters`), Sindhi, by letters of the Arabic script no other language writes
(:func:`sindhi_letters`), and since the sixty-first round Sorani Kurdish (:func:`sorani_letters`) and Chuvash
(:func:`chuvash_letters`), by theirs; since the sixty-third round Yiddish, Sakha, Inuktitut and Hawaiian by theirs
(:func:`yiddish_letters`, :func:`sakha_letters`, :func:`inuktitut_letters`, :func:`hawaiian_letters`,
:func:`tigrinya_letters`), and any text in
a script of :data:`SCRIPT_LANGUAGES` by its script (:func:`own_script`): the model's answer taken only among the
script's languages. Pure functions of the sample.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["SAMPLE_CHARS", "OTHER_MARKERS", "looks_english", "thaana_letters", "sindhi_letters", "sorani_letters",
           "chuvash_letters", "CHUVASH_LOOKALIKES", "kalaallisut_letters", "apostrophe_letters",
           "vietnamese_syllables", "uzbek_suffixes", "nguni_prefixes", "open_syllables", "needs_model", "kazakh_latin_letters",
           "SCRIPT_LANGUAGES", "SCRIPT_CODES", "own_script", "yiddish_letters", "inuktitut_letters", "sakha_letters",
           "hawaiian_letters", "tigrinya_letters"]

#: Characters of an article the detector reads: the lead says which language it is in, and reading
#: more costs time (py3langid's time grows with the text: 0.13 ms for 400 characters, 0.76 ms for 3,700).
SAMPLE_CHARS = 400


# English function words that other languages written in Latin script rarely use. A sample of which at
# least a sixth of the words are among them is English without asking the model: that spares English
# copy the model's load (about 1 s per process) and most of its time.
_ENGLISH_MARKERS = frozenset(
    "the of and to that for with said by from has have were its this which".split()
)
_ASCII_WORD = re.compile(r"[A-Za-z]+")


def looks_english(sample: str) -> bool:
    words = _ASCII_WORD.findall(sample)
    if len(words) < 12 or len(words) * 4 < len(sample.split()) * 3:  # too few, or not mostly Latin words
        return False
    return sum(w.lower() in _ENGLISH_MARKERS for w in words) * 6 >= len(words)


# Frequent function words of other languages written in Latin script (German, with its articles and "zum", "im",
# "wurde" as a brief without an umlaut holds them, Dutch, Indonesian, Spanish,
# French, Portuguese, Italian, Turkish, Scandinavian, Finnish, Slavic, Tagalog, Swahili; Indonesian's own
# besides the few it shares with Malay, whose copy often has no other sign; Basque's conjunctions and
# auxiliaries, as Basque is written in plain ASCII letters: "eta", "zuen", "dute"). Text in plain
# ASCII letters is only sent to the model when it holds some: otherwise it is a table of figures or a
# line of names, which the model would not place either, and English copy never pays for loading it.
_OTHER_MARKERS = frozenset(
    """der die und das nicht mit sich auf ist ein eine einer zum im wurde het een van niet zijn voor wordt ook naar bij zich heeft werd maar
    deze worden hebben yang dan di untuk dengan ini
    dari dalam el los las del que por una para le les des est une dans pour qui os uma com il della che per
    sono gli ve bir bu ile och att det som og er til af ja ei ole kan na za nie jest sie ng mga sa ang wa
    kwa ya pada tidak akan oleh juga telah adalah itu bahwa atau nel alla dei delle dos das pelo pela
    eta zuen zuten dute dira ditu dituzte baino izan egin egingo behar arteko beste gehiago""".split()
)
#: The function words above, for callers that count them on their own tokens.
OTHER_MARKERS = _OTHER_MARKERS
_NON_ASCII_LETTER = re.compile(r"(?![A-Za-z])[^\W\d_]")


# Indonesian and Malay verbs and nouns wear a prefix and a suffix at once (a confix): meN-/di-/ber-/ter-/
# per-/pe-/ke-/se- before the root, -kan or -nya after it ("meresmikan", "dikatakan", "menaikkan",
# "pemerintahnya"). An Indonesian lead of names and such verbs holds few function words; no English word
# has this shape ("Kenya" is too short, "-an" alone is left out: "pedestrian", "Kenyan", "median").
_CONFIX = re.compile(r"(?:me|di|be|te|pe|ke|se)[a-z]{3,}(?:kan|nya)")


# Uzbek's o' and g' (oʻ, gʻ) typed with a straight or curly apostrophe ("ko'ra", "bo'lib", "o'rinbosari",
# "tug'ilgan") leave a Latin Uzbek text in ASCII, and Uzbek, agglutinative, has few function words to count: two
# words with such a letter before two more small letters send the sample to the model. English has Irish names
# ("O'Brien": a capital after the apostrophe) and "o'clock" (left out); Reuters-21578 holds 2 leads with two
# such words (a Tanzanian name), which the model reads as English.
_UZBEK_APOSTROPHE = re.compile(r"[A-Za-z]*[OoGg]['\u2018\u2019`](?!clock)[a-z]{2,}")


def apostrophe_letters(sample: str) -> bool:
    """Whether ``sample`` holds two words with Uzbek's o' or g' typed with an apostrophe (:data:`_UZBEK_APOSTROPHE`).

    >>> apostrophe_letters("Vazir o'rinbosari G'ayrat"), apostrophe_letters("O'Brien at five o'clock")
    (True, False)
    """
    return len(_UZBEK_APOSTROPHE.findall(sample, 0, SAMPLE_CHARS)) >= 2


# Vietnamese printed without its diacritics ("Can Tho", "duoc", "nguoi") is plain ASCII, and its function words
# are short syllables of many other words: what shows it is its syllables' shapes, an "ng" or "nh" before a vowel
# ("nguoi", "nhung", "ngay"), a vowel before a final "nh" ("thanh", "chinh") or the vowel clusters "uong", "uoc",
# "uoi", "uyen" ("truong", "quoc"), which English spells in names only: the 19,043 leads of Reuters-21578 hold at
# most two such words (a name, "Nguesso", "Truong"), a Vietnamese lead of 400 characters eight.
_VIETNAMESE_SHAPE = re.compile(r"\b(?:[Nn][gh][aeiouy][a-z]*|[A-Za-z]*(?:[aeiouy]nh|uong|uoc|uoi|uyen))\b")


def vietnamese_syllables(sample: str) -> bool:
    """Whether ``sample``'s lead holds three words shaped as Vietnamese syllables printed without their marks
    (:data:`_VIETNAMESE_SHAPE`): a Vietnamese text in plain ASCII, sent to the model.

    >>> vietnamese_syllables("Sang 6/12, cau moi chinh thuc duoc thong xe, giup giam un tac cho quoc lo")
    True
    >>> vietnamese_syllables("President Denis Sassou Nguesso met the Truong family in Singapore")
    False
    """
    return len(_VIETNAMESE_SHAPE.findall(sample, 0, SAMPLE_CHARS)) >= 3


# Uzbek in plain ASCII with no o' or g' word (a two-sentence partial copy: "Samarqand viloyatida qurilgan yangi quyosh
# elektr stansiyasi ishga tushirildi") shows itself by its suffixes, which no English word ends with: the past
# participle and passive past ("qurilgan", "tushirildi", "-moqda"), the locative adjective "-dagi", the plural
# "-lari", "-larni", "-larga", "-lardan", the abstract "-ligi", "-lik", the possessive after "-iya" ("stansiyasi"),
# and a q before two letters but u ("Samarqand", "qishloq", "qilish"), which English writes in names only
# ("Iqbal"; "Iraqi" ends after one); three different such words send the sample to the model. None of the 19,043
# leads of Reuters-21578 holds three, nor two: 8 hold one (a name, "Bingqian"; typos, "acuqire", "wqith").
_UZBEK_SHAPE = re.compile(r"\b(?:[A-Za-z]{2,}(?:ilgan|ildi|moqda|dagi|lari|larni|larga|lardan|ligi|iyasi|iyani)"
                          r"|[A-Za-z]*[a-z]q(?!u)[a-z]{2,}|q[aeio][a-z]{2,})\b")


def uzbek_suffixes(sample: str) -> bool:
    """Whether ``sample``'s lead holds three words shaped as Uzbek written in plain ASCII (:data:`_UZBEK_SHAPE`).

    >>> uzbek_suffixes("Samarqand viloyatida qurilgan yangi quyosh elektr stansiyasi ishga tushirildi.")
    True
    >>> uzbek_suffixes("Iraqi officials said the Qantas flight from Iqaluit was delayed, an Iqbal aide said.")
    False
    """
    return len({word.lower() for word in _UZBEK_SHAPE.findall(sample, 0, SAMPLE_CHARS)}) >= 3


# Zulu and Xhosa write their function words as prefixes of the next word, and before a name or a month the prefix
# stays in lower case and the name keeps its capital: "kuZibandlela" (in December), "ngeMpelasonto" (at the
# weekend), "uSipho", "eGqeberha" (at Gqeberha), "yaseNelson", "kweKrismesi"; a figure after a noun-class prefix
# takes a hyphen ("abangu-42", "engama-38", "lika-12", "ezili-14,6", "kwe-15"). A lead in plain ASCII shows so
# few function words of its own (detect65: two or three of its words are listed), and English writes a small
# letter before a capital inside a word in brand names ("iPhone", "eBay") and in names after a particle ("duPont
# deNemours", the one lead of Reuters-21578 with two: the particles are left out): two different such words send
# the sample to the model.
#: What each of those words holds, looked for first: a small letter before a capital or a hyphen and a digit (in
#: one English lead of twenty), so that the words' shapes are read in few leads.
_NGUNI_HINT = re.compile(r"[a-z][A-Z]|[a-z]-\d")
_NGUNI_SHAPE = re.compile(r"\b(?:(?!(?:du|de|da|di|van|von|mac|mc)[A-Z])[a-z]{1,5}[A-Z][a-z]{2,}"
                          r"|[a-z]*(?:ngu|nga|ngama|kwe|lika|zili|zi|li)-\d)")


def nguni_prefixes(sample: str) -> bool:
    """Whether ``sample``'s lead holds two different words shaped as Zulu's or Xhosa's prefixes before a capital or
    a figure (:data:`_NGUNI_SHAPE`).

    >>> nguni_prefixes("ETHEKWINI, 7 kuZibandlela (SAnews) - izimvula zishaye isifundazwe ngeMpelasonto")
    True
    >>> nguni_prefixes("Apple sold the iPhone to Macy in mid-1987, its chief said.")
    False
    """
    if _NGUNI_HINT.search(sample, 0, SAMPLE_CHARS) is None:
        return False
    return len({word.lower() for word in _NGUNI_SHAPE.findall(sample, 0, SAMPLE_CHARS)}) >= 2


# Malagasy, Kinyarwanda and Shona typed in plain ASCII letters hold few of the listed function words, and Malagasy's
# particles joined by an apostrophe ("amin'ny", "n'isuri"; Kinyarwanda's "z'imyaka") are in some leads of a story and
# not in others (lang66: a source detected and its rewrite not, the pair read with two languages' rules). What every
# article of such a story shows is that its words end in a vowel: Malagasy writes none ending in a consonant, and the
# Bantu languages' noun classes and verbs end in one. Of the small words standing alone (not a name, nor the first
# part of a word joined by an apostrophe or a hyphen, "amin'ny", "taon-dasa"), at least :data:`OPEN_SHARE` end in a
# vowel (y is Malagasy's final i) in every article of the multilingual set's Malagasy, Kinyarwanda and Shona copy
# with :data:`OPEN_WORDS` such words (0.96-1.00); in English copy 0.2-0.4, in Hausa's 0.57-0.69, in Somali's
# 0.65-0.75, Sesotho's 0.71-0.84 (the last three stay on the one side of the line, story by story); of the 23,831
# texts of Reuters-21578, the syndication corpus, the newsroom sets and the seeds that no other sign sends to the
# model, none with twelve such words holds more than 0.67.
_OPEN_WORD = re.compile(r"(?<![A-Za-z'\u2019-])[a-z]{3,}(?![A-Za-z'\u2019-])")
#: The share of a lead's small words ending in a vowel that sends it to the model (:func:`open_syllables`).
OPEN_SHARE = 0.9
#: The small words standing alone a lead holds at least for the share to be read (a brief of names holds fewer).
OPEN_WORDS = 12
#: Small words ending otherwise a lead may hold and still show the sign: a tenth of as many as its characters hold
#: (a word of three letters and a space each: 100).
_CLOSED_AT_MOST = round((1 - OPEN_SHARE) * ((SAMPLE_CHARS + 1) // 4))


def open_syllables(sample: str) -> bool:
    """Whether nearly every small word standing alone in ``sample``'s lead ends in a vowel (:data:`OPEN_SHARE` of
    :data:`OPEN_WORDS` or more): Malagasy, Kinyarwanda and Shona typed in plain ASCII letters.

    >>> open_syllables("Antananarivo, 7 Desambra 2026 - Nahatratra 1 850 taonina ny lavanila naondrana tany ivelany "
    ...                "nandritra ny folo volana voalohany tamin'ity taona ity, araka ny tarehimarika navoaka omaly.")
    True
    >>> open_syllables("The central bank left its key rate unchanged on Thursday, as expected by most economists "
    ...                "polled, and said inflation was slowing more quickly than it had forecast in the spring.")
    False
    """
    words = closed = 0
    for word in _OPEN_WORD.finditer(sample, 0, SAMPLE_CHARS):
        words += 1
        if word[0][-1] not in "aeiouy":
            closed += 1
            if closed > _CLOSED_AT_MOST:  # no share of the lead's words can reach OPEN_SHARE now (English: a few words)
                return False
    return words >= OPEN_WORDS and words - closed >= OPEN_SHARE * words


def needs_model(sample: str) -> bool:
    """False for a sample only the model could place but that shows no sign of another language: ASCII
    letters only, and fewer than two (and under a twelfth) of its words other languages' function words,
    an Indonesian or Malay word with a confix (:data:`_CONFIX`) counting as two.

    >>> needs_model("Presiden Joko Widodo meresmikan Bendungan Karian di Kabupaten Lebak, Banten, Kamis (30/11).")
    True
    """
    if (_NON_ASCII_LETTER.search(sample) or apostrophe_letters(sample) or vietnamese_syllables(sample)
            or uzbek_suffixes(sample) or nguni_prefixes(sample) or open_syllables(sample)):
        return True
    words = [w.lower() for w in _ASCII_WORD.findall(sample)]
    # a confix word counts as two: no English word wears one (none in the 19,043 Reuters-21578 stories),
    # where a function word of another language may be a name ("Die", "Van") or a word of English ("die")
    found = sum(2 if _CONFIX.fullmatch(w) else w in _OTHER_MARKERS for w in words)
    return found >= 2 and found * 12 >= len(words)


#: Thaana's letters (U+0780-U+07A5): the script of one language, Dhivehi, which the detector's model was never
#: trained on.
_THAANA = re.compile("[\u0780-\u07a5]")
_LETTER = re.compile(r"[^\W\d_]")


def thaana_letters(sample: str) -> bool:
    """Whether most letters of ``sample`` are Thaana's: Dhivehi's, the one language written in it, which the
    detector's model does not know (it answered Korean or Uyghur at 0.02-0.03, under its confidence).

    >>> thaana_letters("މާލެ، 7 ޑިސެމްބަރު - ފަތުރުވެރިން ޒިޔާރަތްކޮށްފިއެވެ"), thaana_letters("Malé, 7 December")
    (True, False)
    """
    thaana = len(_THAANA.findall(sample, 0, SAMPLE_CHARS))
    return thaana > 0 and thaana * 2 > len(_LETTER.findall(sample, 0, SAMPLE_CHARS))


#: Letters of the Arabic script only Sindhi writes (its implosives and retroflexes, its aspirates and swash kaf: ٻ ڀ ٽ ٿ ڄ
#: ڃ ڇ ڊ ڌ ڍ ڏ ڙ ڪ ڱ ڳ ڻ), none of them Urdu's, Pashto's, Persian's or Arabic's.
_SINDHI = re.compile("[\u067b\u0680\u067d\u067f\u0684\u0683\u0687\u068a\u068c\u068d\u068f\u0699\u06aa\u06b1\u06b3\u06bb]")
_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]")
#: The fewest of them a Sindhi lead holds, and their least share of its letters of the Arabic script.
SINDHI_LETTERS, SINDHI_SHARE = 3, 0.03


def sindhi_letters(sample: str) -> bool:
    """Whether ``sample`` is Sindhi by its letters (:data:`_SINDHI`): at least :data:`SINDHI_LETTERS` of them, and
    :data:`SINDHI_SHARE` of its letters of the Arabic script. The detector's model does not know Sindhi and read
    APP's Sindhi copy as Pashto (Pashto's stop words, none of Sindhi's); an Urdu story naming a Sindhi place keeps
    its language.

    >>> sindhi_letters("ڪراچي، 7 ڊسمبر (اي پي پي): سنڌ حڪومت هن سال ڪڻڪ جي خريداري"), sindhi_letters("کراچی میں گندم")
    (True, False)
    """
    found = len(_SINDHI.findall(sample, 0, SAMPLE_CHARS))
    return found >= SINDHI_LETTERS and found >= SINDHI_SHARE * len(_ARABIC_LETTER.findall(sample, 0, SAMPLE_CHARS))


#: Letters of the Arabic script only Kurdish writes (its rolled r, its velar l, its long e: ڕ ڵ ێ), none of them
#: Persian's, Arabic's, Urdu's or Uyghur's (which writes ە and ۆ as Sorani does, but not these).
_SORANI = re.compile("[\u0695\u06b5\u06ce]")
#: The fewest of them a Sorani lead holds, and their least share of its letters of the Arabic script.
SORANI_LETTERS, SORANI_SHARE = 3, 0.02


def sorani_letters(sample: str) -> bool:
    """Whether ``sample`` is Sorani Kurdish by its letters (:data:`_SORANI`): at least :data:`SORANI_LETTERS` of
    them, and :data:`SORANI_SHARE` of its letters of the Arabic script. The detector's model knows Kurdish in Latin
    letters only (Kurmanji, "ku") and read Kurdistan24's Sorani copy as Persian, with Persian's stop words.

    >>> sorani_letters("هەولێر (کوردستان٢٤) - وەزارەتی کشتوکاڵ ڕایگەیاند"), sorani_letters("وزارت کشاورزی ایران")
    (True, False)
    """
    found = len(_SORANI.findall(sample, 0, SAMPLE_CHARS))
    return found >= SORANI_LETTERS and found >= SORANI_SHARE * len(_ARABIC_LETTER.findall(sample, 0, SAMPLE_CHARS))


#: Chuvash's letters typed with the Latin letters they look like (ă ĕ ç ÿ for ӑ ӗ ҫ ӳ), as much Chuvash copy on the
#: web is: a Cyrillic keyboard has no key for them. Read as the Cyrillic letters by :func:`dedup.stemming.chuvash_stem`.
CHUVASH_LOOKALIKES = str.maketrans("ăĕçÿĂĔÇŸ", "\u04d1\u04d7\u04ab\u04f3\u04d0\u04d6\u04aa\u04f2")
_CYRILLIC = "\u0400-\u04ff"
#: ӑ and ӗ, Chuvash's reduced vowels, in Cyrillic or typed in Latin inside a Cyrillic word ("çулталăк", "Çĕнĕ"):
#: no other language of the Cyrillic script the detector's model knows writes them (Bashkir writes ҫ, not these).
_CHUVASH = re.compile(f"[\u04d1\u04d7\u04d0\u04d6]|(?<=[{_CYRILLIC}])[ăĕĂĔ]|[ăĕĂĔ](?=[çÇ]?[{_CYRILLIC}])")
#: The fewest of them a Chuvash lead holds.
CHUVASH_LETTERS = 3


def chuvash_letters(sample: str) -> bool:
    """Whether ``sample`` is Chuvash by its reduced vowels (:data:`_CHUVASH`), at least :data:`CHUVASH_LETTERS` of
    them. The detector's model does not know Chuvash: Khypar's copy, typed with Latin ă, ĕ and ç inside its Cyrillic
    words, was read as nothing, Russian or Tatar article by article (a light edit read as Russian, its source as no
    language: keyed apart, never a candidate).

    >>> chuvash_letters("Чăваш Республикинче кăçалхи январь уйăхĕсенче"), chuvash_letters("Ҫәй көнө Өфөлә 12 мең")
    (True, False)
    """
    return len(_CHUVASH.findall(sample, 0, SAMPLE_CHARS)) >= CHUVASH_LETTERS


#: A q not followed by u: Greenlandic writes its uvular as q before any vowel and at a word's end ("ukioq",
#: "pisarineqarput", "naleqqiullugu").
_KALAALLISUT_Q = re.compile(r"q(?!u)")
#: Latin letters Greenlandic's alphabet lacks (its loans and names aside): Quechua, Maltese, Fijian, Azerbaijani
#: and Uzbek, which also write q before vowels, write them in 5% of their letters or more.
_NOT_KALAALLISUT = re.compile("[bcdhwxyzñ]")
_LATIN_LETTER = re.compile("[a-zñ]")
#: The fewest uvular q's a Greenlandic lead holds, and the largest share of letters its alphabet lacks.
KALAALLISUT_Q = 4
KALAALLISUT_FOREIGN = 0.03


def kalaallisut_letters(sample: str) -> bool:
    """Whether ``sample`` is Greenlandic (Kalaallisut): at least :data:`KALAALLISUT_Q` q's not before u
    (:data:`_KALAALLISUT_Q`) and under :data:`KALAALLISUT_FOREIGN` of its Latin letters ones its alphabet lacks
    (:data:`_NOT_KALAALLISUT`). The detector's model does not know Greenlandic: KNR's copy was read as Estonian or as
    nothing article by article (a light edit keyed apart from its source, never a candidate).

    >>> kalaallisut_letters("Ukioq manna raajat pisarineqarput. Naalakkersuisoq oqarpoq, saqqummiuppaa.")
    True
    >>> kalaallisut_letters("Qosqo llaqtapi turistakuna watukurqanku, qayna watamanta aswan.")
    False
    """
    sample = sample[:SAMPLE_CHARS].lower()
    if len(_KALAALLISUT_Q.findall(sample)) < KALAALLISUT_Q:
        return False
    return len(_NOT_KALAALLISUT.findall(sample)) < KALAALLISUT_FOREIGN * len(_LATIN_LETTER.findall(sample))


#: ñ and ū: letters of Kazakh's Latin alphabet of 2021 (ң, ұ; the genitive's "-nyñ", "būl", "jūmys") that no other
#: Turkic Latin alphabet has (Turkmen writes ň and ý, Tatar's Latin ñ but not ū).
_KAZAKH_ONLY = re.compile("[ñÑūŪ]")
#: ń and ǵ (ң, ғ) beside the dotless ı (и, й): the alphabet of 2018 ("deńgeıinde", "tóraǵasy"), which the detector
#: read as Turkmen. Turkmen writes ň and no ı, Turkish ı and no ń, Polish ń and no ı.
_KAZAKH_2018 = re.compile("[ńŃǵǴ]|(?P<dotless>ı)")
#: i', y', s', c' (и and й, у, ш, ч): the alphabet of 2017, its apostrophes typed straight or curly ("pai'yz",
#: "den'gei'inde", "as'yldy"), which the detector read as Uzbek. Uzbek writes o' and g' and its sign ' after a
#: vowel or n ("ma'lum", "san'at"), ш and ч as sh and ch, and у as u.
_KAZAKH_2017 = re.compile("(?:(?<=[A-Za-z])|(?<![\\w'\u2019\u02bc])(?=[iIyY]))([iIyYsScC])['\u2019\u02bc]")


def kazakh_latin_letters(sample: str) -> bool:
    """Whether ``sample`` holds the letters only Kazakh's Latin alphabets have: 2021's ñ and ū (:data:`_KAZAKH_ONLY`),
    three, both kinds among them; 2018's ń or ǵ with the dotless ı (:data:`_KAZAKH_2018`), three, both kinds; or
    2017's i', y', s', c' (:data:`_KAZAKH_2017`), four, i' or y' among them and two kinds (Uzbek's "mas'ul" is s').

    >>> kazakh_latin_letters("Serıkbaevanyñ aituynşa, būryn 42 milliard teñge"), kazakh_latin_letters("años y niños")
    (True, False)
    >>> kazakh_latin_letters("bank tóraǵasy paıyz deńgeıinde"), kazakh_latin_letters("ma'lum san'at o'zbek g'alla")
    (True, False)
    >>> kazakh_latin_letters("pai'yz den'gei'inde as'yldy bri'fi'ngte"), kazakh_latin_letters("mas'ul mas'ala mas'uliyat mas'ul")
    (True, False)
    """
    found = _KAZAKH_ONLY.findall(sample, 0, SAMPLE_CHARS)
    if len(found) >= 3 and {c.lower() for c in found} == {"ñ", "ū"}:
        return True
    marks = [m.group("dotless") is not None for m in _KAZAKH_2018.finditer(sample, 0, SAMPLE_CHARS)]
    if len(marks) >= 3 and any(marks) and not all(marks):
        return True
    letters = [c.lower() for c in _KAZAKH_2017.findall(sample, 0, SAMPLE_CHARS)]
    return len(letters) >= 4 and len(set(letters)) >= 2 and bool({"i", "y"} & set(letters))


#: Scripts each of whose letters names the languages a text in it can be in, keyed by the first words of the letters'
#: Unicode names; a script absent (Latin, Cyrillic, Arabic, Han and kana) is read by the model alone. A script's
#: languages come first in the order a wire text in it most likely is; a script with no language listed is written
#: for several the model does not know (Tifinagh: the Berber languages; Canadian syllabics: Inuktitut, Cree, Ojibwe
#: ...), and is named by its ISO 15924 code (:data:`SCRIPT_CODES`). The model, trained on none of Ol Chiki, syllabics
#: or Tifinagh, read Santali and Cree as Amharic at full confidence, Tifinagh as nothing.
SCRIPT_LANGUAGES: dict[str, tuple[str, ...]] = {
    "ETHIOPIC": ("am", "ti"), "HEBREW": ("he", "yi"), "GREEK": ("el",), "ARMENIAN": ("hy",), "GEORGIAN": ("ka",),
    "DEVANAGARI": ("hi", "mr", "ne", "sa"), "BENGALI": ("bn", "as"), "GURMUKHI": ("pa",), "GUJARATI": ("gu",),
    "ORIYA": ("or",), "TAMIL": ("ta",), "TELUGU": ("te",), "KANNADA": ("kn",), "MALAYALAM": ("ml",),
    "SINHALA": ("si",), "THAI": ("th",), "LAO": ("lo",), "TIBETAN": ("dz", "bo"), "MYANMAR": ("my",),
    "KHMER": ("km",), "HANGUL": ("ko",), "THAANA": ("dv",), "OL CHIKI": ("sat",), "MEETEI MAYEK": ("mni",),
    "CHEROKEE": ("chr",), "VAI": ("vai",), "TIFINAGH": (), "CANADIAN SYLLABICS": (), "SYRIAC": (), "NKO": (),
    "ADLAM": (), "MONGOLIAN": (),
}
#: The ISO 15924 code a script with no language known is named by.
SCRIPT_CODES = {"TIFINAGH": "tfng", "CANADIAN SYLLABICS": "cans", "SYRIAC": "syrc", "NKO": "nkoo", "ADLAM": "adlm",
                "MONGOLIAN": "mong"}
_SCRIPT_PREFIXES = sorted(SCRIPT_LANGUAGES, key=len, reverse=True)


@functools.lru_cache(maxsize=8192)  # a lead's letters repeat: its name looked up once per letter
def _script(char: str) -> str | None:
    name = unicodedata.name(char, "")
    return next((s for s in _SCRIPT_PREFIXES if name.startswith(s + " ")), None)


#: The Unicode blocks of the scripts of :data:`SCRIPT_LANGUAGES` (Greek, Armenian, Hebrew, Syriac, Thaana, N'Ko, the
#: Indic scripts to Sinhala, Thai, Lao, Tibetan, Burmese, Georgian, Hangul, Ethiopic, Cherokee, the syllabics, Khmer,
#: Mongolian, Ol Chiki, Tifinagh, Vai, Meetei Mayek, Adlam): a lead with none of its letters in them (Latin, Cyrillic,
#: Arabic, Han ...) is passed by in one search, its letters' names never looked up.
_SCRIPT_BLOCKS = re.compile("[\u0370-\u03ff\u1f00-\u1fff\u0530-\u05ff\ufb1d-\ufb4f\u0700-\u074f\u0780-\u07ff"
                            "\u0900-\u0dff\u0e00-\u0fff\u1000-\u10ff\u1c90-\u1cbf\u1100-\u11ff\u3130-\u318f"
                            "\uac00-\ud7af\u1200-\u139f\u2d80-\u2ddf\uab00-\uab2f\u13a0-\u13ff\uab70-\uabbf"
                            "\u1400-\u167f\u18b0-\u18ff\u1780-\u18af\u1c50-\u1c7f\u2d30-\u2d7f\ua500-\ua63f"
                            "\uaae0-\uaaff\uabc0-\uabff\U0001e900-\U0001e95f]")


def own_script(sample: str) -> str | None:
    """The script of :data:`SCRIPT_LANGUAGES` more than half the letters of ``sample`` are in, or None (the model
    reads it). Letters outside its blocks (:data:`_SCRIPT_BLOCKS`: Latin, Cyrillic, Arabic ...) count as no such
    script's.

    >>> own_script("ᱨᱟᱱᱪᱤ, ᱗ ᱫᱤᱥᱮᱢᱵᱟᱨ – ᱡᱷᱟᱨᱠᱷᱟᱱᱰ ᱥᱚᱨᱠᱟᱨ"), own_script("Kinshasa, 7 Desɛmbɛ"), own_script("Москва")
    ('OL CHIKI', None, None)
    """
    sample = sample[:SAMPLE_CHARS]
    inside = [c for c in _SCRIPT_BLOCKS.findall(sample) if c.isalpha()]
    letters = len(_LETTER.findall(sample)) if inside else 0
    if len(inside) * 2 <= letters:
        return None
    counts: dict[str, int] = {}
    for char in inside:
        script = _script(char)
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    best = max(counts, key=counts.__getitem__, default=None)
    return best if best is not None and counts[best] * 2 > letters else None


#: Yiddish's letters in the Hebrew script: the ligatures װ ױ ײ, and alef, pe and yod pointed as YIVO spells them (אַ אָ
#: פֿ ייִ), composed or not; unpointed Hebrew copy has none, pointed Hebrew points every letter.
_YIDDISH_MARK = re.compile("[\u05f0-\u05f2\ufb1f\ufb2e\ufb2f\ufb4e]|[\u05d0][\u05b7\u05b8]|[\u05e4\u05e3]\u05bf|\u05d9\u05b4")
_HEBREW_POINT = re.compile("[\u05b0-\u05bd\u05bf\u05c1\u05c2\u05c7]")
#: Yiddish function words, none Hebrew's: "and", "of", "the", "is", "on", "with", "not", "has", "itself", "will",
#: "also", "until", "what" (Hasidic papers print them unpointed).
_YIDDISH_WORDS = frozenset("און פון פֿון דער איז אויף אויפֿ מיט נישט ניט האט האָט זיך וועט אויך ביז וואס וואָס".split())
_HEBREW_WORD = re.compile("[\u05d0-\u05ea\u05f0-\u05f2\u05b0-\u05bf\ufb1d-\ufb4f]+")


def yiddish_letters(sample: str) -> bool:
    """Whether ``sample``, in the Hebrew script, is Yiddish: three of its letters (:data:`_YIDDISH_MARK`) and more of
    them than other pointed letters, or three distinct Yiddish function words (:data:`_YIDDISH_WORDS`). The model
    does not know Yiddish: a Yiddish weekly's copy was read as Hebrew.

    >>> yiddish_letters("דער ייִדישער וויסנשאַפֿטלעכער אינסטיטוט האָט"), yiddish_letters("הממשלה אישרה את התקציב")
    (True, False)
    """
    sample = sample[:SAMPLE_CHARS]
    marks = len(_YIDDISH_MARK.findall(sample))
    if marks >= 3 and marks * 2 > len(_HEBREW_POINT.findall(sample)):
        return True
    return len(_YIDDISH_WORDS.intersection(_HEBREW_WORD.findall(sample))) >= 3


#: Inuktitut's syllabics no Cree or Ojibwe writing has: the q series (ᕿ ᖀ ᖁ ᖂ ᖃ ᖄ ᖅ), the ng series (ᖏ-ᖕ), nng (ᙱ-ᙶ)
#: and Nunavik's and Nattilik's ł (ᖠ-ᖦ).
_INUKTITUT = re.compile("[\u157f-\u1585\u158f-\u1595\u15a0-\u15a6\u1671-\u1676]")


def inuktitut_letters(sample: str) -> bool:
    """Whether ``sample`` in Canadian syllabics holds a letter only Inuktitut writes (:data:`_INUKTITUT`).

    >>> inuktitut_letters("ᐃᖃᓗᐃᑦ, ᑎᓯᐱᕆ 7"), inuktitut_letters("ᒪᐢᑲᐧᒌᐢ, 7 ᑲᐢᑲᑎᓄᐏᐲᓯᒼ")
    (True, False)
    """
    return _INUKTITUT.search(sample, 0, SAMPLE_CHARS) is not None


#: Sakha's letters ҕ and ҥ (ghe with a hook, en with a ghe), which no Cyrillic alphabet the model knows has (Kyrgyz,
#: Kazakh, Tatar, Bashkir write ң), with its һ (Altai and Mari write ҥ but no һ; Abkhaz ҕ but no ҥ or һ).
_SAKHA = re.compile("[\u0494\u0495\u04a4\u04a5]")
_SAKHA_H = re.compile("[\u04ba\u04bb\u0494\u0495]")


def sakha_letters(sample: str) -> bool:
    """Whether ``sample`` is Sakha (Yakut): two of ҕ and ҥ (:data:`_SAKHA`) and one of һ or ҕ. The model does not know
    Sakha: YSIA's copy was read as Kyrgyz.

    >>> sakha_letters("балыксыттар таҥнары сааһыгар саҥа тэрилтэ"), sakha_letters("Бишкекте жаңы мектеп ачылды")
    (True, False)
    """
    sample = sample[:SAMPLE_CHARS]
    return len(_SAKHA.findall(sample)) >= 2 and _SAKHA_H.search(sample) is not None


#: Hawaiian's ʻokina (typed as U+02BB, a turned comma or an apostrophe) before a vowel, and the letters its alphabet
#: (a e i o u h k l m n p w) lacks: Tongan and Samoan write the ʻokina too but t, s, f, g and v in a sixth of their
#: letters or more; Maori writes no ʻokina and r, t, g in a fifth.
_OKINA = re.compile("(?:(?<![^\\W\\d_])|(?<=[aeiouāēīōū]))[\u02bb\u2018'][aeiouāēīōūAEIOUĀĒĪŌŪ]")
_NOT_HAWAIIAN = re.compile("[bcdfgjqrstvxyz]")
_HAWAIIAN_LETTER = re.compile("[a-zāēīōū]")
#: The fewest ʻokina a Hawaiian lead holds, and the largest share of letters its alphabet lacks.
HAWAIIAN_OKINA = 3
HAWAIIAN_FOREIGN = 0.03


def hawaiian_letters(sample: str) -> bool:
    """Whether ``sample`` is Hawaiian: :data:`HAWAIIAN_OKINA` ʻokina before a vowel (:data:`_OKINA`) and under
    :data:`HAWAIIAN_FOREIGN` of its Latin letters ones its alphabet lacks (:data:`_NOT_HAWAIIAN`). The model does not
    know Hawaiian: Ka Wai Ola's copy was read as nothing, as Sesotho or as Latvian article by article (a partial copy
    kept under the bar by the two readings).

    >>> hawaiian_letters("Ua hōʻike ka ʻOihana Mahiʻai o ka Mokuʻāina"), hawaiian_letters("Ko e ʻahó ni naʻe fakahoko ʻe he Palēmia")
    (True, False)
    """
    sample = sample[:SAMPLE_CHARS]
    if len(_OKINA.findall(sample)) < HAWAIIAN_OKINA:
        return False
    lower = sample.lower()
    return len(_NOT_HAWAIIAN.findall(lower)) < HAWAIIAN_FOREIGN * len(_HAWAIIAN_LETTER.findall(lower))


#: Tigrinya's letters in the Ethiopic script: the qhe and xe series (ቐ-ቝ, ኸ-ዅ), which Amharic does not write, and the
#: glottal a written ኣ where Amharic writes አ ("ኣብ", "ኣገልግሎት").
_TIGRINYA = re.compile("[\u1250-\u125d\u12b8-\u12c5]")


def tigrinya_letters(sample: str) -> bool:
    """Whether ``sample`` is Tigrinya: two letters of its own series (:data:`_TIGRINYA`), or three ኣ and more than
    አ. The model does not know Tigrinya: ERi-TV's copy was read as Amharic, the script's other language.

    >>> tigrinya_letters("ኣስመራ፣ 7 ታሕሳስ – ሚኒስትሪ ሕርሻ ኣብ ዓመት ኣቕሪቡ ዝተኣከበ እኽሊ"), tigrinya_letters("አዲስ አበባ፣ ታኅሣሥ 7 – የኢትዮጵያ መንግሥት ዛሬ አስታወቀ")
    (True, False)
    """
    sample = sample[:SAMPLE_CHARS]
    if len(_TIGRINYA.findall(sample)) >= 2:
        return True
    glottal = sample.count("\u12a3")
    return glottal >= 3 and glottal > sample.count("\u12a0")
