"""Light stemmers for languages Snowball has none for (Korean particles and endings, Hebrew prefixes and
endings, Ukrainian endings, the first letters of a word in suffixing languages without any: Kazakh and other
Turkic languages (Uyghur among them), Georgian, Bengali, Assamese and Odia (their endings left off first), Mongolian, Slovak, Croatian, Bosnian,
Bulgarian, Macedonian, Belarusian, Latvian, Icelandic, Faroese, Albanian, Hausa, Somali, Telugu, Kannada; Malayalam's
first three), and Turkish's prefixes of five letters, which replace Snowball's stemmer, as Serbian's and Uzbek's
do on their Latin letters (a story reprinted from Cyrillic in Latin meets its source: :mod:`dedup.transliteration`).

A Korean or Hebrew rewrite writes most of its source's words with other affixes: Korean glues its
particles and verb endings to the word ("한국은행은", "한국은행의"; "동결했다", "동결하기로"), Hebrew its
conjunction, article and prepositions ("החברה", "בחברה", "והחברה"), and writes a noun in its construct
form or as an adjective where another text writes it alone ("החלטת", "ההחלטה"; "הביטחונית", "ביטחוני").
Compared as whole words, a rewrite in either language shared fewer content words with its source than an
independent report of the same event does in Russian, and was not even a candidate. The rules below are
written from the grammar of each language, not from any text: they strip one attached particle or ending
(Korean) or one ending and the one-letter prefixes (Hebrew) when what remains is long enough to still be
a word, so that a stem rarely joins two unrelated words (a wrong strip of a word's own letters is
harmless when every form of it loses them).

Each stemmer is a pure function of one lower-cased word, as a Snowball stemmer is.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Callable

from dedup.bantu_prefixes import shona_stem
from dedup.indic_endings import without_endings
from dedup.language import is_hangul
from dedup.language_signs import CHUVASH_LOOKALIKES
from dedup.transliteration import kazakh_key, serbian_latin, uzbek_latin, vietnamese_fold

__all__ = ["light_stemmer", "korean_stem", "hebrew_stem", "ukrainian_stem", "turkish_stem", "prefix_stem", "malayalam_stem",
           "odia_stem", "bengali_stem", "assamese_stem", "portuguese_singular", "arabic_article", "serbian_stem", "uzbek_stem", "kazakh_stem", "chuvash_stem", "sorani_stem", "PREFIX_KEYED",
           "LIGHT_STEMMERS"]

# Korean case particles, auxiliary particles and the copula's forms as they end a word, with the common
# stacks of two (에서는, 으로도, 에게서). Longest first: "에서는" before "는".
_KO_PARTICLES = """
은 는 이 가 을 를 의 에 에서 로 으로 와 과 도 만 까지 부터 에게 께 한테 보다 처럼 마다 조차 마저 밖에 이나 나
이며 이고 이다 였다 이었다 이라고 라고 이라는 라는 으로서 로서 으로써 로써
에는 에서는 으로는 로는 에도 에서도 으로도 로도 와는 과는 와의 과의 에서의 으로의 로의 에의 까지의 까지는
부터는 에게는 에게서 에서부터 이라며 라며 이라면서 라면서
""".split()
# Endings of the verbs made of a noun and 하다 (do), 되다 (become) or 시키다 (make do), which most news verbs
# are ("동결하다", "발표되다"): the noun is the word a rewrite keeps. With 하/되/시키 itself stripped.
_KO_VERB_STEMS = ("하", "했", "한", "할", "해", "되", "됐", "된", "될", "돼", "시키", "시켰", "시킨", "시킬", "시켜")
_KO_VERB_TAILS = """
다 다고 다는 다며 다면서 으며 며 고 는 기로 기 지만 던 었다 였다 면 도록 자 어 여 서 어서 여서 으나 나
""".split()
_KO_ENDINGS = sorted(set(_KO_PARTICLES) | {s + t for s in _KO_VERB_STEMS for t in _KO_VERB_TAILS}
                     | {"하다", "되다", "하는", "되는", "한다", "된다", "했다", "됐다", "하고", "되고", "하며", "되며"}
                     | set(_KO_VERB_STEMS), key=len, reverse=True)
#: Syllables a Korean stem keeps at least: most nouns of news copy have two or more, and a one-syllable
#: remainder ("국" of "국가") would join unrelated words.
KO_MIN_SYLLABLES = 2


@functools.lru_cache(maxsize=200_000)
def korean_stem(word: str) -> str:
    """``word`` without the particles and verb endings attached to it, stripped longest first while two
    syllables or more remain. Stripped again until none is left, so that a noun that ends like a particle
    ("어린이") and the same noun with one ("어린이는") have one stem.

    >>> korean_stem("한국은행은"), korean_stem("한국은행의"), korean_stem("동결했다고"), korean_stem("국가")
    ('한국은행', '한국은행', '동결', '국가')
    """
    stem = word
    while len(stem) > KO_MIN_SYLLABLES and is_hangul(stem[-1]):
        for ending in _KO_ENDINGS:
            # not where it would leave the 으 of "으로", "으며" behind ("것으로": "것" is one syllable)
            if stem.endswith(ending) and len(stem) - len(ending) >= KO_MIN_SYLLABLES \
                    and not stem[: -len(ending)].endswith("으"):
                stem = stem[: -len(ending)]
                break
        else:
            break
    return stem


# Hebrew's one-letter prefixes: ו (and), ה (the), ב (in), ל (to), מ (from), ש (that), כ (as); up to three
# stack ("וה", "שב", "כש", "ומה").
_HE_PREFIXES = frozenset("והבלמשכ")
#: Letters a Hebrew stem keeps at least: most roots have three, and a stem of two would join words that
#: only share a prefix letter and a short root.
HE_MIN_LETTERS = 3
# Final letters written as their medial forms, so that a word and its plural ("סכום", "סכומים") meet.
_HE_FINALS = str.maketrans("ךםןףץ", "כמנפצ")
# The endings of a noun's or adjective's inflection, longest first: the masculine and feminine plurals and
# the feminine singular ("תחנות", "תחנה"); the feminine's construct form, which a rewrite writes where its
# source wrote the word alone ("החלטת הבנק", "ההחלטה"; "בשנת", "השנה"); the adjectives made of a noun by
# "י" (masculine), "ית" (feminine) and their plurals "יים", "יות" ("ביטחוני", "הביטחונית", "כלכליים"), so
# that both genders and numbers of an adjective meet, and meet the noun ("כלכלה", "כלכלי").
_HE_ENDINGS = ("יים", "יות", "ים", "ות", "ית", "ה", "ת", "י")


@functools.lru_cache(maxsize=200_000)
def hebrew_stem(word: str) -> str:
    """``word`` without its ending (plural, feminine, construct form or adjective, :data:`_HE_ENDINGS`),
    then without up to three one-letter prefixes, each while :data:`HE_MIN_LETTERS` letters or more
    remain; final letters written as medial ones.

    Prefixes are stripped from any word that starts with one of their letters: a word's own first letter
    is lost too ("מחיר" -> "חיר"), but alike in every form of it ("המחיר", "במחיר"), where stripping only
    what a longer form has in front would leave "מחיר" and "חיר" apart. The ending goes first, so that a
    plural and its singular ("מבקשים", "מבקש") lose the same prefixes.

    >>> hebrew_stem("והחברה"), hebrew_stem("החברות"), hebrew_stem("בנק"), hebrew_stem("לתחנות")
    ('חבר', 'חבר', 'בנק', 'תחנ')
    >>> hebrew_stem("החלטת"), hebrew_stem("ההחלטה"), hebrew_stem("הביטחונית"), hebrew_stem("ביטחוני")
    ('חלט', 'חלט', 'יטחונ', 'יטחונ')
    """
    stem = word.replace("\u05be", "")
    if not stem or not all("\u05d0" <= c <= "\u05ea" for c in stem):
        return word
    for ending in _HE_ENDINGS:
        if stem.endswith(ending) and len(stem) - len(ending) >= HE_MIN_LETTERS:
            stem = stem[: -len(ending)]
            break
    for _ in range(3):
        if len(stem) > HE_MIN_LETTERS and stem[0] in _HE_PREFIXES:
            stem = stem[1:]
        else:
            break
    return stem.translate(_HE_FINALS)


# Ukrainian's inflectional endings: the cases of nouns in both numbers ("ставка", "ставку", "ставки",
# "ставкою"; "продукти", "продуктів", "продуктами"), of adjectives in every gender ("річний", "річна",
# "річному", "річних"; "наступне", "наступного"), and the verbs' present and past forms ("становить",
# "становили"; "зростають"), not the infinitive's "ти", which would cut the plural "продукти" apart from
# "продуктів". The reflexive "ся"/"сь" goes first ("прискорилася").
_UK_ENDINGS = tuple(sorted(set("""
ами ями ові еві єві ою ею єю ом ем єм ах ях ам ям ів їв ей
ого ього ому ьому ими іми их іх ий ій ої ьої ім им
ала ила ало ило али или ла ло ли
ає ають ує ують ють уть ать ять ить їть имо ите ємо єте емо
а я у ю і ї и е є о ь
""".split()), key=lambda e: (-len(e), e)))
_UK_REFLEXIVE = ("ся", "сь")
#: Letters a Ukrainian stem keeps at least: "ціна"/"ціни" meet as "цін", and a stem of two letters would
#: join unrelated words.
UK_MIN_LETTERS = 3


@functools.lru_cache(maxsize=200_000)
def ukrainian_stem(word: str) -> str:
    """``word`` without its reflexive particle and one inflectional ending (:data:`_UK_ENDINGS`, longest
    first), each while :data:`UK_MIN_LETTERS` letters or more remain. Ukrainian inflects as Russian does,
    and Snowball has no stemmer for it: a rewrite's "ставку" never met its source's "ставки".

    >>> ukrainian_stem("ставку"), ukrainian_stem("ставки"), ukrainian_stem("продуктів"), ukrainian_stem("банк")
    ('ставк', 'ставк', 'продукт', 'банк')
    """
    if not word or not all("\u0400" <= c <= "\u04ff" or c in "'’ʼ" for c in word):
        return word
    stem = word
    # the letters a stem keeps are counted without the apostrophe Ukrainian writes inside words: "об'єм"
    # (volume) lost its "єм" and met nothing, while "об'єму" lost its "у" alone
    apostrophes = sum(c in "'’ʼ" for c in word)
    for ending in _UK_REFLEXIVE:
        if stem.endswith(ending) and len(stem) - len(ending) - apostrophes >= UK_MIN_LETTERS:
            stem = stem[: -len(ending)]
            break
    for ending in _UK_ENDINGS:
        if stem.endswith(ending) and len(stem) - len(ending) - apostrophes >= UK_MIN_LETTERS:
            return stem[: -len(ending)]
    return stem


#: Letters of a Turkish word its key keeps: the first five (Can et al., "Information retrieval on Turkish
#: texts", JASIST 59(3), 2008: prefixes of five letters retrieve as well as a lemmatiser, and better than
#: suffix stripping).
TR_PREFIX = 5


@functools.lru_cache(maxsize=200_000)
def turkish_stem(word: str) -> str:
    """The first :data:`TR_PREFIX` letters of a Turkish word. Turkish is agglutinative and its roots come
    first, so a prefix holds the root whatever the suffixes ("toplantısı", "toplantısında"; "bankası",
    "banka"; "Kurulu'nun", "Kurulu"); Snowball's Turkish stemmer kept a suffix's buffer consonant on some
    forms and not on others ("bankas" / "banka", "toplantıs" / "toplantı") and cut "günü" to "g".

    >>> turkish_stem("toplantısında"), turkish_stem("toplantısı"), turkish_stem("bankası"), turkish_stem("gün")
    ('topla', 'topla', 'banka', 'gün')
    """
    return word[:TR_PREFIX]


#: Languages that inflect by suffixes, with no stemmer of Snowball's nor a light one: the Turkic languages
#: other than Turkish (Kazakh, Kyrgyz, Uzbek, Azerbaijani, Turkmen, Tatar, Bashkir), Georgian (Bengali and
#: Assamese too until the fifty-ninth round: their endings are left off first now, :func:`bengali_stem`), Mongolian, Slovak, Croatian, Bosnian, Bulgarian and Macedonian (Slavic, inflected by endings:
#: "rozpočet", "rozpočtu"; "turisti", "turista"; "бюджет", "бюджетът"; "стапка", "стапката"; Serbian in Latin
#: script is mostly detected as Bosnian), and the Dravidian languages without a Snowball stemmer, Telugu and
#: Kannada, which glue case endings and postpositions to the word ("హైదరాబాద్‌లో", "ಜಲಾಶಯಕ್ಕೆ"; Malayalam too,
#: by fewer letters: :func:`malayalam_stem`). A word is keyed by its first :data:`PREFIX_LETTERS` letters, as Turkish is
#: (:data:`TR_PREFIX`, after Can et al. 2008): "инфляция", "инфляцияны" and "инфляциясы" meet. Serbian in Cyrillic
#: too, on its Latin letters (:func:`serbian_stem`), and Uzbek in either script (:func:`uzbek_stem`). Belarusian (Slavic,
#: by endings as Ukrainian, whose light stemmer reads Ukrainian's letters: "стаўку", "стаўкі"), Latvian (Baltic,
#: by endings as Lithuanian, which has Snowball's: "ostas", "ostā", "ostai"), Icelandic (four cases, endings
#: and a suffixed article: "verðbólga", "verðbólgan", "verðbólgu") and Albanian (cases and a suffixed article:
#: "aeroporti", "aeroportin", "aeroportit"), none with a stemmer of Snowball's, are keyed so too; since the
#: fifty-eighth round Uyghur (Turkic: "ھوسۇلى", "ھوسۇلنىڭ"), Odia (case endings and postpositions glued on, as in
#: Bengali: "ବଲାଙ୍ଗିର", "ବଲାଙ୍ଗିରରୁ"; since the fifty-ninth round its endings left off first, :func:`odia_stem`), Faroese (Icelandic's cases and suffixed article: "húsarhald", "húsarhaldum"),
#: Hausa (possessive and plural suffixes: "shinkafa", "shinkafarsa"; "sansani", "sansanoni") and Somali (suffixed
#: articles: "dalka", "dalkii"); since the sixtieth round Dhivehi (case endings glued on: "ފަތުރުވެރިން",
#: "ފަތުރުވެރިންގެ"; told by its script, :func:`dedup.language_signs.thaana_letters`). Hausa's words read whole,
#: as the language's own rules read them, kept a rewrite's sentences from its source's that English's rules (a suffix cut, then seven letters) linked: told "ha", NAN's
#: rewrite fell from 0.648 to 0.411 (4 links of 6 lost: "shinkafarsa", "makarantu", "sansanoni"), keyed so 0.634.
#: Since the sixty-first round Sorani Kurdish is keyed so once its endings are left off (:func:`sorani_stem`) and
#: Chuvash, Turkic as Tatar and Bashkir, with its letters typed in Latin read as Cyrillic (:func:`chuvash_stem`).
#: Since the sixty-second round Greenlandic (polysynthetic: a root and its suffixes one word, "raajat",
#: "raajarniarneq"; "amerlanerusut", "amerlanersaat"; told by its endings, :func:`dedup.language_signs.kalaallisut_letters`).
PREFIX_KEYED = frozenset("kk ky uz az tk tt ba ka mn sk hr bs bg mk te kn be lv is sq ug fo ha so dv kl".split())
PREFIX_LETTERS = TR_PREFIX


@functools.lru_cache(maxsize=200_000)
def prefix_stem(word: str) -> str:
    """The first :data:`PREFIX_LETTERS` letters of ``word``, with the vowel signs and other combining marks
    written on them (in an abugida a letter and its signs are one sound: "মূল্যস্ফীতি" keeps "মূল্যস্ফী").

    >>> prefix_stem("инфляцияны"), prefix_stem("მონეტარული"), prefix_stem("মূল্যস্ফীতির")
    ('инфля', 'მონეტ', 'মূল্যস্ফী')
    """
    return _first_letters(word, PREFIX_LETTERS)


@functools.lru_cache(maxsize=200_000)
def chuvash_stem(word: str) -> str:
    """A Chuvash word's first :data:`PREFIX_LETTERS` letters, its letters typed in Latin read as the Cyrillic ones
    they stand for (:data:`dedup.language_signs.CHUVASH_LOOKALIKES`): one desk's "çулталăк" is another's "ҫулталӑк".

    >>> chuvash_stem("çулталăкра") == chuvash_stem("ҫулталӑк"), chuvash_stem("уйăхĕсенче") == chuvash_stem("уйӑхӗн")
    (True, True)
    """
    return prefix_stem(word.translate(CHUVASH_LOOKALIKES))


@functools.lru_cache(maxsize=200_000)
def sorani_stem(word: str) -> str:
    """A Sorani Kurdish word's first :data:`PREFIX_LETTERS` letters once up to two of its endings are left off
    (:func:`dedup.indic_endings.without_endings`; told by its letters, :func:`dedup.language_signs.sorani_letters`):
    "گەنم" and "گەنمی", "جووتیاران" and "جووتیارانی" are one key each (written folded, as the keys read them).

    >>> sorani_stem("گەنمي") == sorani_stem("گەنم"), sorani_stem("پارەي") == sorani_stem("پارە")
    (True, True)
    """
    return _first_letters(without_endings(word, "ckb"), PREFIX_LETTERS)


@functools.lru_cache(maxsize=200_000)
def odia_stem(word: str) -> str:
    """An Odia word's first :data:`PREFIX_LETTERS` letters once up to two of its endings are left off
    (:func:`dedup.indic_endings.without_endings`): "ଚାଷୀ", "ଚାଷୀଙ୍କୁ" and "ଚାଷୀଙ୍କଠାରୁ" are one key.

    >>> len({odia_stem(w) for w in ("ଚାଷୀଙ୍କଠାରୁ", "ଚାଷୀଙ୍କୁ", "ଚାଷୀଙ୍କ", "ଚାଷୀ")})
    1
    >>> odia_stem("କହିଛନ୍ତି") == odia_stem("କହିବା"), odia_stem("ନମ୍ବର") == odia_stem("ନମ୍ବରରେ")
    (True, True)
    """
    return _first_letters(without_endings(word, "or"), PREFIX_LETTERS)


@functools.lru_cache(maxsize=200_000)
def bengali_stem(word: str) -> str:
    """A Bengali word's first :data:`PREFIX_LETTERS` letters once up to two of its endings are left off.

    >>> bengali_stem("অক্টোবরে") == bengali_stem("অক্টোবর"), bengali_stem("সুদের") == bengali_stem("সুদে")
    (True, True)
    """
    return _first_letters(without_endings(word, "bn"), PREFIX_LETTERS)


@functools.lru_cache(maxsize=200_000)
def assamese_stem(word: str) -> str:
    """An Assamese word's first :data:`PREFIX_LETTERS` letters once up to two of its endings are left off.

    >>> len({assamese_stem(w) for w in ("শিবিৰ", "শিবিৰত")}), len({assamese_stem(w) for w in ("জিলা", "জিলাৰ")})
    (1, 1)
    """
    return _first_letters(without_endings(word, "as"), PREFIX_LETTERS)


#: Letters of a Malayalam word its key keeps: three, not :data:`PREFIX_LETTERS`. Malayalam glues more to a word
#: than the other Dravidian languages keyed by prefixes (case endings, postpositions, the copula and the
#: conjunctions "-ഉം" and "-ഓ"), and its script writes each consonant of a cluster as a letter (a virama between):
#: the geminates its inflection makes, the oblique "-ത്ത്-" of a noun in "-ം" and the dative's "-ക്ക്", fall inside the
#: first five letters, so "കണക്ക്" and "കണക്കുകൾ", "ദുരന്തം" and "ദുരന്തത്തിനു", "സംസ്ഥാനം" and "സംസ്ഥാനത്തോട്",
#: "ജില്ലയിലെ" and "ജില്ലകളിലാണ്" had two keys each. Of the 16 sets of words of the multilingual set's Malayalam
#: texts that three letters join and five do not, 15 are one word's forms or derivations, one is not
#: ("സ്റ്റേഡിയം", "സ്റ്റേഷനുകൾ"); the vowel signs and the anusvara after the third letter stay ("കേരളം").
ML_PREFIX = 3


@functools.lru_cache(maxsize=200_000)
def malayalam_stem(word: str) -> str:
    """The first :data:`ML_PREFIX` letters of a Malayalam word, with the signs written on them (as
    :func:`prefix_stem` keeps them).

    >>> malayalam_stem("കണക്കുകൾ") == malayalam_stem("കണക്ക്"), malayalam_stem("ദുരന്തത്തിനു") == malayalam_stem("ദുരന്തം")
    (True, True)
    """
    return _first_letters(word, ML_PREFIX)


def _first_letters(word: str, count: int) -> str:
    letters = 0
    for k, c in enumerate(word):
        if not unicodedata.category(c).startswith("M"):
            if letters == count:
                return word[:k]
            letters += 1
    return word


#: Portuguese plural endings Snowball's Portuguese stemmer does not take back to the singular's, with that
#: singular's ending: nouns and adjectives in -al, -el, -ol, -ul, -il and -ão ("final"/"finais",
#: "papel"/"papéis", "possível"/"possíveis", "fácil"/"fáceis", "eleição"/"eleições", "pão"/"pães"). Longest
#: first: "veis" before "eis".
_PT_PLURALS = (("veis", "vel"), ("ões", "ão"), ("ães", "ão"), ("ais", "al"), ("éis", "el"), ("óis", "ol"),
               ("uis", "ul"), ("eis", "il"))
#: Letters a Portuguese word keeps before its plural ending at least: "reais", "azuis" and "leões" are read,
#: "mais", "seis", "leis", "pais" and "cais" keep theirs.
PT_MIN_ROOT = 2


def portuguese_singular(word: str) -> str:
    """``word`` with a plural ending Snowball's Portuguese stemmer leaves on it written as the singular's
    (:data:`_PT_PLURALS`), for that stemmer to read: it takes "-s" off "eleitos" but not "-ais" off "finais"
    or "-ões" off "eleições", so a rewrite writing a plural where its source had the singular ("a semifinal",
    "nas semifinais"; "a eleição", "as eleições"; "um milhão", "2 milhões") shared no stem with it. Words
    too short to be plurals of such a noun ("mais", "seis", "leis") are left.

    >>> [portuguese_singular(w) for w in ("semifinais", "eleições", "possíveis", "papéis", "fáceis", "reais", "mais", "eleição")]
    ['semifinal', 'eleição', 'possível', 'papel', 'fácil', 'real', 'mais', 'eleição']
    """
    for plural, singular in _PT_PLURALS:
        if word.endswith(plural) and len(word) - len(plural) >= PT_MIN_ROOT:
            return word[: len(word) - len(plural)] + singular
    return word


#: The conjunctions "and" and "so" written on the article ("والحكومة", "فالحكومة": and the government), and the
#: letters an Arabic word keeps after them at least ("والد", father, and "والدة", mother, keep theirs).
_AR_CONJUNCTION_ARTICLE = ("وال", "فال")
AR_MIN_AFTER = 3


def arabic_article(word: str) -> str:
    """``word`` with the conjunction written before its article left off ("والحكومة" -> "الحكومة"), for
    Snowball's Arabic stemmer to read: it takes off the article alone ("الحكومة", "بالحكومة", "للحكومة" ->
    "حكوم") but not the conjunction and the article together, so "and the government", as often written as
    the government alone, had another stem ("والحكوم"), and so had "والأغطية", "والمواد", "والزلزال" against a
    rewrite's "أغطية", "المواد", "بالزلزال". Left when fewer than three letters follow the article.

    >>> arabic_article("والحكومة"), arabic_article("فالحكومة"), arabic_article("والد"), arabic_article("الحكومة")
    ('الحكومة', 'الحكومة', 'والد', 'الحكومة')
    """
    for prefix in _AR_CONJUNCTION_ARTICLE:
        if word.startswith(prefix) and len(word) - len(prefix) >= AR_MIN_AFTER:
            return word[1:]
    return word


@functools.lru_cache(maxsize=200_000)
def serbian_stem(word: str) -> str:
    """A Serbian word keyed in either script as Croatian and Bosnian are (:func:`prefix_stem`), on its Latin
    letters (:func:`dedup.transliteration.serbian_latin`): Serbian is written in two scripts, and a story reprinted
    from Cyrillic in Latin shared no key with its source. Only a text detected as Serbian is read so; Russian,
    Bulgarian and Macedonian keep their Cyrillic keys, so that the fold makes no two languages alike.

    >>> serbian_stem("повећане") == serbian_stem("povećane") == serbian_stem("povećanje")
    True
    """
    return prefix_stem(serbian_latin(word))


@functools.lru_cache(maxsize=200_000)
def uzbek_stem(word: str) -> str:
    """An Uzbek word keyed by its first letters (:func:`prefix_stem`) in Latin script
    (:func:`dedup.transliteration.uzbek_latin`), written in either: Uzbek is printed in Cyrillic and in Latin, and a
    story reprinted from one in the other shared no key with its source.

    >>> uzbek_stem("аҳолиси") == uzbek_stem("aholisi"), uzbek_stem("ўсиши") == uzbek_stem("oʻsishi")
    (True, True)
    """
    return prefix_stem(uzbek_latin(word))


@functools.lru_cache(maxsize=200_000)
def kazakh_stem(word: str) -> str:
    """A Kazakh word keyed by its first letters (:func:`prefix_stem`) in one Latin spelling
    (:func:`dedup.transliteration.kazakh_key`), written in Cyrillic or any of its Latin alphabets (2017, 2018,
    2021): Kazakh is moving to the Latin alphabet and its sites print them, and a story reprinted from one in
    another shared no key with its source.

    >>> kazakh_stem("министрлігінің") == kazakh_stem("ministrlıgınıñ") == kazakh_stem("mi'nistrligin'in'")
    True
    >>> kazakh_stem("ауруханасы")
    'auruh'
    """
    return prefix_stem(kazakh_key(word))


#: The light stemmers by ISO 639-1 code: Turkish's replaces Snowball's, and so does Serbian's in either script.
LIGHT_STEMMERS: dict[str, Callable[[str], str]] = {"ko": korean_stem, "he": hebrew_stem, "uk": ukrainian_stem,
                                                   "tr": turkish_stem, "ml": malayalam_stem,
                                                   **dict.fromkeys(PREFIX_KEYED, prefix_stem),
                                                   "sr": serbian_stem, "uz": uzbek_stem, "kk": kazakh_stem,
                                                   "vi": vietnamese_fold, "or": odia_stem, "bn": bengali_stem,
                                                   "as": assamese_stem, "sn": shona_stem, "cv": chuvash_stem,
                                                   "ckb": sorani_stem}


def light_stemmer(language: str | None) -> Callable[[str], str] | None:
    """The light stemmer of ``language``, or None where it has none.

    >>> light_stemmer("ko") is korean_stem, light_stemmer("fr")
    (True, None)
    """
    return LIGHT_STEMMERS.get(language) if language else None
