"""dedup.indic_endings: Odia's, Bengali's and Assamese's endings left off before a word is keyed."""

from __future__ import annotations

import pytest

from dedup.indic_endings import MIN_LETTERS, without_endings


@pytest.mark.parametrize(("language", "forms"), [
    ("or", ("ଚାଷୀ", "ଚାଷୀଙ୍କ", "ଚାଷୀଙ୍କୁ", "ଚାଷୀଙ୍କଠାରୁ")),
    ("or", ("ଜିଲ୍ଲାରୁ", "ଜିଲ୍ଲାରେ", "ଜିଲ୍ଲାଗୁଡ଼ିକରେ")),
    ("bn", ("অক্টোবর", "অক্টোবরে")),  # the locative's vowel sign
    ("bn", ("সুদের", "সুদে")),
    ("bn", ("ব্যাংক", "ব্যাংকের", "ব্যাংকগুলোর")),
    ("as", ("শিবিৰ", "শিবিৰত")),  # a noun ending as the genitive does loses it in every form
    ("as", ("জিলা", "জিলাৰ")),
    ("as", ("লোকৰ", "লোকক")),
    ("as", ("হেক্টৰ", "হেক্টৰতকৈ")),
    ("as", ("দলবোৰ", "দলবোৰে")),
])
def test_a_word_s_forms_lose_their_endings_alike(language: str, forms: tuple[str, ...]) -> None:
    """Fails without the endings: each form kept its ending inside the first five letters."""
    assert len({without_endings(w, language) for w in forms}) == 1


def test_two_letters_are_kept_and_other_languages_untouched() -> None:
    assert without_endings("ৰে", "as") == "ৰে" and without_endings("ରେ", "or") == "ରେ"
    assert MIN_LETTERS == 2
    assert without_endings("জিলাৰ", "hi") == "জিলাৰ"  # a language without endings listed: the word as it is
    assert without_endings("ଲକ୍ଷ", "or") != without_endings("ଲକ୍ଷ୍ୟ", "or")  # a lakh, a target


@pytest.mark.parametrize("forms", [("گەنم", "گەنمی"), ("جووتیار", "جووتیاران", "جووتیارانی"), ("پارێزگا", "پارێزگاکان"),
                                   ("ئەمساڵ", "ئەمساڵدا")])
def test_sorani_forms_lose_their_endings(forms: tuple[str, ...]) -> None:
    """Sorani's endings are written folded, as the keys read them (ی and ک as Arabic's)."""
    from dedup.language import fold

    assert len({without_endings(fold(w), "ckb") for w in forms}) == 1
