"""dedup.transliteration: Serbian, Uzbek and Kazakh words keyed alike in Cyrillic and in Latin letters, Vietnamese
syllables alike with or without their marks; other languages keep their letters and marks."""

from __future__ import annotations

from typing import Callable

import pytest

from dedup.transliteration import kazakh_key, kazakh_latin, serbian_latin, uzbek_latin, vietnamese_fold
from dedup.words import rules_for


@pytest.mark.parametrize("write, cyrillic, latin", [
    (serbian_latin, "џепова", "džepova"), (serbian_latin, "љубљана", "ljubljana"),
    (uzbek_latin, "ўзбекистон", "ozbekiston"), (uzbek_latin, "миграция", "migratsiya"),
    (kazakh_latin, "жұмыс", "jūmys"), (kazakh_latin, "теңге", "teñge"),
], ids=["sr-dzh", "sr-lj", "uz-o", "uz-ts", "kk-u", "kk-n"])
def test_a_cyrillic_word_is_written_in_the_latin_letters_its_table_gives(
        write: Callable[[str], str], cyrillic: str, latin: str) -> None:
    assert write(cyrillic) == latin
    assert write(latin) == latin  # a word in Latin letters is left as it is


def test_vietnamese_fold_leaves_the_bare_letters() -> None:
    assert vietnamese_fold("Đồng") == "dong" and vietnamese_fold("dong") == "dong"


# Serbian and Uzbek are printed in Cyrillic and in Latin; a desk reprints an agency's story in the other script by
# the published letter-for-letter table. Each pair: a word in Cyrillic, the same word in Latin.
@pytest.mark.parametrize("cyrillic, latin", [("повећане", "povećane"), ("потрошачке", "potrošačke"),
                                             ("Љубљана", "Ljubljana"), ("џепова", "džepova"), ("ђорђевић", "đorđević")])
def test_a_serbian_word_is_keyed_alike_in_either_script(cyrillic: str, latin: str) -> None:
    # the Latin text is detected as Bosnian or Croatian (or Serbian): every reading gives the Cyrillic one's key
    key = rules_for("sr").stem(cyrillic.lower())
    assert key == rules_for("sr").stem(latin.lower()) == rules_for("bs").stem(latin.lower()) == rules_for("hr").stem(latin.lower())


@pytest.mark.parametrize("cyrillic, latin", [("аҳолиси", "aholisi"), ("ўзбекистон", "oʻzbekiston"),
                                             ("ўзбекистон", "o'zbekiston"), ("маълумотларига", "maʼlumotlariga"),
                                             ("туғилган", "tug‘ilgan"), ("ер", "yer"), ("миграция", "migratsiya")])
def test_an_uzbek_word_is_keyed_alike_in_either_script(cyrillic: str, latin: str) -> None:
    assert rules_for("uz").stem(cyrillic) == rules_for("uz").stem(latin)


# Kazakh is printed in Cyrillic and, since 2021, in a Latin alphabet a desk converts to by the decree's table.
@pytest.mark.parametrize("cyrillic, latin", [("халқы", "halqy"), ("ауруханасы", "auruhanasy"), ("теңгеге", "teñgege"),
                                             ("министрлігінің", "ministrlıgınıñ"), ("жұмыс", "jūmys"),
                                             ("төсекке", "tösekke"), ("шетелге", "şetelge"), ("үшін", "üşın")])
def test_a_kazakh_word_is_keyed_alike_in_either_script(cyrillic: str, latin: str) -> None:
    assert rules_for("kk").stem(cyrillic) == rules_for("kk").stem(latin)


@pytest.mark.parametrize("language, word", [("ru", "цены"), ("bg", "цените"), ("mk", "стапката"), ("uk", "ціни"),
                                            ("ky", "калкы")])
def test_other_cyrillic_languages_keep_their_letters(language: str, word: str) -> None:
    """The fold is Serbian's, Uzbek's and Kazakh's, chosen by the detected language: Russian, Bulgarian, Macedonian,
    Ukrainian and Kyrgyz keys stay Cyrillic, so that no text in them meets a Latin one by it."""
    key = rules_for(language).stem(word)
    assert key and all("\u0400" <= c <= "\u04ff" for c in key)


# Vietnamese is reprinted without its diacritics by sites and feeds that cannot write them: its syllables are keyed
# without their tones and vowels' marks, so that the reprint meets its source.
@pytest.mark.parametrize("accented, bare", [("Cần", "Can"), ("Thơ", "Tho"), ("đồng", "dong"), ("Đà", "Da"),
                                            ("người", "nguoi"), ("được", "duoc"), ("Việt", "Viet"), ("tỷ", "ty")])
def test_a_vietnamese_syllable_is_keyed_alike_with_or_without_its_marks(accented: str, bare: str) -> None:
    stem = rules_for("vi").stem
    assert stem(accented.lower()) == stem(bare.lower()) == bare.lower()


def test_only_vietnamese_is_keyed_without_its_marks() -> None:
    # the fold is Vietnamese's alone: French and Czech keep their accents apart (a stem of theirs, not a fold)
    assert rules_for("vi").stem("thể") == rules_for("vi").stem("the")
    assert rules_for("fr").stem("été") != rules_for("fr").stem("ete")
    assert rules_for("cs").stem("být") != rules_for("cs").stem("byt")


# Kazakh was printed in three Latin alphabets in turn, the decrees of 2017 (apostrophes), 2018 (acute accents) and
# 2021: a word in Cyrillic and in each of them, one key.
@pytest.mark.parametrize("cyrillic, l2017, l2018, l2021", [
    ("мөлшерлемені", "mo'ls'erlemeni", "mólsherlemeni", "mölşerlemenı"),
    ("деңгейінде", "den'gei'inde", "deńgeıinde", "deñgeiınde"),
    ("төрағасы", "to'rag'asy", "tóraǵasy", "törağasy"),
    ("ауруханасы", "ay'ry'hanasy", "aýrýhanasy", "auruhanasy"),
    ("жұмсалды", "jumsaldy", "jumsaldy", "jūmsaldy"),
    ("үшін", "u's'in", "úshin", "üşın"),
    ("инфляция", "i'nfli'atsi'i'a", "ınflıatsııa", "infliatsiia"),
], ids=["ө-ш", "ң-й-і", "ғ", "у", "ұ", "ү", "и"])
def test_a_kazakh_word_is_one_key_in_cyrillic_and_every_latin_alphabet(cyrillic: str, l2017: str, l2018: str,
                                                                         l2021: str) -> None:
    assert len({kazakh_key(w) for w in (cyrillic, l2017, l2018, l2021)}) == 1
    assert not any("\u0400" <= c <= "\u04ff" for c in kazakh_key(cyrillic))


def test_kazakh_key_leaves_other_letters_alone() -> None:
    # an apostrophe after a letter no alphabet of 2017 writes with one stays; the word's other letters too
    assert kazakh_key("qazaqstan") == "qazaqstan" and kazakh_key("d'arc") == "d'arc"
