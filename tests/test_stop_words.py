"""dedup.stop_words: each language's stop words, in the forms news copy writes them (read through the word rules)."""

from __future__ import annotations

import pytest

from dedup.stop_words import comma_below
from dedup.words import rules_for, tokens


def test_stop_words_per_language() -> None:
    assert "и" in rules_for("ru").stop_words and "der" in rules_for("de").stop_words
    assert not rules_for("ru").is_content("и") and rules_for("ru").is_content("ставка")
    assert rules_for("zh").is_content("北京") and not rules_for("zh").is_content("北")


def test_greek_stop_words_match_accented_spelling() -> None:
    """The Greek list writes most words unaccented ("οτι"); news writes "ότι", which was a content word."""
    rules = rules_for("el")
    assert not rules.is_content("ότι") and not rules.is_content("έως") and rules.is_content("πυρκαγιά")


@pytest.mark.parametrize(("language", "elided", "plain"), [
    ("it", "La crescita acquisita per quest'anno", "La crescita acquisita per anno"),
    ("it", "La crescita acquisita dell’anno", "La crescita acquisita anno"),
    ("fr", "Le ministre a dit qu'il partira", "Le ministre a dit il partira"),
], ids=["it", "it-typographic-apostrophe", "fr"])
def test_a_stop_word_after_an_elided_word_is_a_stop_word(language: str, elided: str, plain: str) -> None:
    # "quest'anno" is one token, and the stemmer keeps "anno" of it: a stop word counted as content
    rules = rules_for(language)
    assert rules.words(tokens(elided)) == rules.words(tokens(plain))


def test_stop_word_lists_fold_their_words_not_their_digits() -> None:
    # the Chinese and Korean lists hold full-width digits: folded they would be the figures 0-9 themselves
    assert "0" not in rules_for("zh").stop_words and "０" in rules_for("zh").stop_words


@pytest.mark.parametrize("word", ["și", "şi", "deși", "deşi", "ți", "ţi", "toți", "toţi", "totuși", "totuşi"])
def test_romanian_stop_words_are_read_with_a_comma_below_or_a_cedilla(word: str) -> None:
    # stopwords-iso writes Romanian with cedillas, wire copy mostly with commas below: "și" (and) was content
    assert not rules_for("ro").is_content(word)
    assert comma_below(word) in rules_for("ro").stop_words


def test_turkish_stop_words_meet_its_tokens_in_one_form() -> None:
    # the tokens write every "ş" with the comma below (no language writes the two as two letters): the
    # stop words of every language are read in that form too, so Turkish's "şu" (that) stays a stop word
    rules = rules_for("tr")
    assert "şu" in rules.stop_words and tokens("şu")[0] in rules.stop_words
    assert rules.words(tokens("şu anda şirket")) == rules.words(tokens("şu anda şirket".replace("ş", "ș")))


def test_malayalam_has_stop_words_of_its_own() -> None:
    # stopwords-iso has no Malayalam list: its articles, pronouns and copula counted as content words
    rules = rules_for("ml")
    assert not any(rules.is_content(w) for w in ("ഒരു", "ഈ", "അദ്ദേഹം", "എന്നാൽ", "ആണ്", "എന്ന്"))
    assert rules.is_content("വിനോദസഞ്ചാരികൾ") and rules.is_content("കേരളം")
    assert rules.words(["ഈ", "വർഷം", "ഒരു", "റെക്കോർഡ്"]) == [rules.stem("വർഷം"), rules.stem("റെക്കോർഡ്")]


@pytest.mark.parametrize(("language", "function", "content"), [
    ("sq", ["është", "për", "nga", "një", "sipas"], ["turizmi", "aeroporti"]),
    ("is", ["hefur", "voru", "eftir", "þessi", "fyrir"], ["verðbólga", "seðlabanki"]),
    ("be", ["паводле", "таксама", "гэта", "былі"], ["стаўка", "інфляцыя"]),
    ("az", ["üçün", "lakin", "barədə", "olub"], ["inflyasiya", "dərəcə"]),
    ("mn", ["байна", "болон", "талаар", "гэж"], ["нүүрс", "экспорт"]),
    ("ta", ["மற்றும்", "இந்த", "என்று", "தெரிவித்தார்"], ["மழை", "மாவட்டங்களில்"]),
    ("kk", ["және", "бойынша", "деп", "үшін"], ["инфляция", "теңге"]),
    ("uz", ["va", "bilan", "bo'yicha", "boʻyicha", "ва", "бўйича"], ["aholisi", "аҳолиси"]),
    ("ka", ["და", "რომ", "განაცხადა", "მიერ"], ["ინფლაცია", "ბანკმა"]),
    ("am", ["እና", "ወደ", "ገልጸዋል", "ላይ"], ["ባንክ", "ወለድ"]),
    ("cy", ["mae", "wedi", "meddai", "gyda"], ["llywodraeth", "cleifion"]),
    ("ky", ["жана", "боюнча", "деп", "үчүн"], ["электр", "суу"]),
], ids=["albanian", "icelandic", "belarusian", "azerbaijani", "mongolian", "tamil", "kazakh", "uzbek", "georgian",
        "amharic", "welsh", "kyrgyz"])
def test_languages_stopwords_iso_lacks_have_dedup_s_own_stop_words(language: str, function: list[str],
                                                                   content: list[str]) -> None:
    # stopwords-iso has no list for them: their auxiliaries, prepositions and conjunctions were content
    # words to the aligner, shared by any two texts of the language
    rules = rules_for(language)
    assert not any(rules.is_content(w) for w in function) and all(rules.is_content(w) for w in content)


@pytest.mark.parametrize("inverted", ["a-t-il", "est-elle", "peut-on", "sont-ils"])
def test_french_stop_words_with_their_pronoun_after_them_are_stop_words(inverted: str) -> None:
    """"a-t-il dit" is one token "a-t-il" and a verb: it counted as a content word of every sentence holding it."""
    assert not rules_for("fr").is_content(inverted)


@pytest.mark.parametrize("word", ["dum", "nele", "disso", "daquilo"])
def test_portuguese_contractions_stopwords_iso_leaves_out_are_stop_words(word: str) -> None:
    assert not rules_for("pt").is_content(word)


@pytest.mark.parametrize(("language", "function_words", "content"), [
    ("uk", ("його", "них", "яких", "через", "серед", "вже", "ще", "має", "цього"), ("порт", "термінала", "пшениці")),
    ("et", ("ning", "ka", "veel", "selle", "nende", "kohta", "juba", "kus"), ("majandus", "kvartalis", "töötus")),
], ids=["ukrainian", "estonian"])
def test_thin_stop_word_lists_are_read_with_dedups_own(language: str, function_words: tuple[str, ...],
                                                       content: tuple[str, ...]) -> None:
    # stopwords-iso lists 73 Ukrainian and 35 Estonian words: pronouns in their cases, prepositions and
    # particles counted as content words, shared by any two texts of the language
    rules = rules_for(language)
    assert not any(rules.is_content(w) for w in function_words)
    assert all(rules.is_content(w) for w in content)
    assert {"та", "що"} <= rules_for("uk").stop_words and {"ja", "on"} <= rules_for("et").stop_words


@pytest.mark.parametrize("word", ["және", "jäne", "ja'ne", "jáne", "бойынша", "boiynşa", "boi'yns'a", "boıynsha"])
def test_kazakh_stop_words_in_each_of_its_alphabets(word: str) -> None:
    # a story reprinted in a Latin alphabet (2021's, or 2017's and 2018's that sites printed) drops the words its
    # Cyrillic source drops, so that the two sides' words are alike
    assert not rules_for("kk").is_content(word)


def test_sindhi_s_own_list_is_read_as_its_tokens_are() -> None:
    """Sindhi has no stopwords-iso list; its function words ("۾", "جي", "آهي", "کان" written with Persian's keheh,
    which the tokens read as Arabic's kaf) are its own list's, folded as the tokens are, and no content word is."""
    rules = rules_for("sd")
    words = tokens("سنڌ حڪومت ڪڻڪ جي خريداري ڪئي آهي، ۽ مارچ کان شروع ٿيندي")
    assert [w for w in words if rules.is_content(w)] == ["سنڌ", "حڪومت", "ڪڻڪ", "خريداري", "مارچ", "شروع"]


def test_sorani_s_own_list_is_read_as_its_tokens_are() -> None:
    """Sorani has no stopwords-iso list (the model read it as Persian, whose list is another language's): its function
    words ("لە", "بە", "کە", "بەڵام", "ڕایگەیاند"), folded as the tokens are, and no content word."""
    rules = rules_for("ckb")
    words = tokens("وەزارەتی کشتوکاڵ ڕایگەیاند کە لە ساڵی ڕابردوو گەنم زیادی کردووە، بەڵام جووتیاران سکاڵایان هەیە")
    assert [w for w in words if rules.is_content(w)] == [
        tokens(w)[0] for w in "وەزارەتی کشتوکاڵ ساڵی ڕابردوو گەنم زیادی جووتیاران سکاڵایان".split()]
