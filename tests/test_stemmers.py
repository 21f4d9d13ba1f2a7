"""dedup.stemmers: each language's stemmer, so that a word's inflected forms meet (read through the word rules)."""

from __future__ import annotations

import pytest

from dedup.stemmers import has_stemmer
from dedup.words import rules_for


@pytest.mark.parametrize(
    "language, a, b",
    [("ru", "ставку", "ставка"), ("ar", "الأطفال", "أطفال"), ("es", "trenes", "tren"), ("de", "Stellen".lower(), "stelle"),
     ("fr", "conducteurs", "conducteur"), ("hi", "किसानों", "किसान"), ("ko", "한국은행은", "한국은행의"),
     ("he", "והחברה", "חברה")],
    ids=["ru", "ar", "es", "de", "fr", "hi", "ko", "he"],
)
def test_inflected_forms_meet(language: str, a: str, b: str) -> None:
    stem = rules_for(language).stem
    assert stem(a) == stem(b)


def test_inflected_languages_compare_stemmed_words() -> None:
    rules = rules_for("ru")
    assert rules.words(["ключевую", "ставку"]) == rules.words(["ключевая", "ставка"])


def test_korean_and_hebrew_compare_stemmed_words() -> None:
    """Korean and Hebrew have no Snowball stemmer: their light stemmers (dedup.stemming) bring a word's
    forms together for the aligner, as Snowball's do in Russian."""
    assert rules_for("ko").stem_words and rules_for("he").stem_words
    assert rules_for("ko").words(["금리를"]) == rules_for("ko").words(["금리는"])
    assert rules_for("he").words(["בחברה"]) == rules_for("he").words(["לחברה"])


@pytest.mark.parametrize(("language", "a", "b"), [
    ("kk", "инфляция", "инфляцияны"),
    ("ka", "ინფლაცია", "ინფლაციამ"),
    ("bn", "মূল্যস্ফীতি", "মূল্যস্ফীতির"),
], ids=["kazakh", "georgian", "bengali"])
def test_suffixing_languages_without_a_stemmer_are_keyed_by_first_letters(language: str, a: str, b: str) -> None:
    """Kazakh, Georgian and Bengali had no stemmer: an inflected form never met its base in the aligner's
    words nor in the content channel's keys (as Turkish's five-letter prefixes bring them together)."""
    rules = rules_for(language)
    assert has_stemmer(language) and rules.stem_words
    assert rules.stem(a) == rules.stem(b) != b


def test_romanian_words_with_a_cedilla_or_a_comma_below_have_one_stem() -> None:
    stem = rules_for("ro").stem
    assert stem("creşterea") == stem("creșterea") and stem("inflaţia") == stem("inflația")
    assert rules_for("ro").words(["ştefan", "şi", "ţara"]) == rules_for("ro").words(["ștefan", "și", "țara"])


def test_catalan_words_after_an_elided_article_have_the_word_s_stem() -> None:
    # Snowball's Catalan stemmer keeps "l'" and "d'" on the word (Italian's and French's drop them), so
    # "l'aeroport" and "aeroport" were two words to the aligner and two keys to the candidate channels
    stem = rules_for("ca").stem
    assert stem("l'aeroport") == stem("aeroport") == stem("d'aeroport") == stem("l’aeroport")
    assert stem("d'esgotar") == stem("esgotar")
    assert rules_for("ca").words(["l'any", "de", "l'hi"]) == ["any"]  # "hi" elided is a stop word still
    assert rules_for("fr").stem("l'aéroport") == rules_for("fr").stem("aéroport")  # French's stemmer did already
