"""dedup.words: tokens, and the word rules of each language (stop words, stems and figures: their own tests)."""

from __future__ import annotations

import pytest

from dedup.words import dense_char_grams, one_form, rules_for, tokens


def test_english_rules_are_the_historical_ones() -> None:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    assert rules_for(None) is rules_for("en")
    # the copy shipped in dedup/data is scikit-learn's list, word for word
    assert rules_for("en").stop_words == ENGLISH_STOP_WORDS and len(ENGLISH_STOP_WORDS) == 318
    assert rules_for("en").stem("strengthened") == rules_for("en").stem("strengthen")
    assert rules_for("en").words(["the", "exercises"]) == ["exercises"]  # surface words, not stems


def test_tokens_keep_indic_words_whole_and_pair_cjk_characters() -> None:
    assert tokens("प्रतिशत बारिश") == ["प्रतिशत", "बारिश"]
    assert tokens("U.S. 11-day rally") == ["u.s", "11-day", "rally"]
    assert tokens("在北京 Apple 公司") == ["在北", "北京", "apple", "公司"]
    assert tokens("٣٥ ألف") == ["35", "ألف"]


def test_dense_char_grams() -> None:
    assert dense_char_grams("在北京", lambda w: (w,)) == ("在", "北", "京")
    assert dense_char_grams("Apple公司", lambda w: (f"<{w}>",)) == ("<Apple>", "公", "司")


def test_a_language_without_a_stemmer_or_list_keeps_its_words() -> None:
    rules = rules_for("xx")
    assert rules.stop_words == frozenset() and rules.stem("words") == "words" and not rules.stem_words


def test_the_dotted_capital_i_lowers_to_i() -> None:
    # str.lower gives "i" and a combining dot above, so "İlk" and "ilk" were two words
    assert tokens("İlk olarak İSTANBUL'da ilk") == ["ilk", "olarak", "istanbul'da", "ilk"]


def test_persian_typed_with_arabic_letters_is_the_same_words() -> None:
    # Persian keyboards write ی and ک, Arabic ones ي and ك for the same letters: one word either way, and a
    # listed stop word is one in either spelling
    assert tokens("بانک مرکزی ایران") == tokens("بانك مركزي ايران")
    rules = rules_for("fa")
    assert rules.words(tokens("این رقم")) == rules.words(tokens("اين رقم")) == [rules.stem(tokens("رقم")[0])]


def test_two_hangul_syllables_are_a_content_word() -> None:
    # a syllable block holds two or three letters: "물가" (prices) is a noun as long as "price"; one syllable,
    # or two Latin letters, are not
    from dedup.words import is_content_word

    assert is_content_word("물가") and is_content_word("北京")
    assert not is_content_word("금") and not is_content_word("of") and not is_content_word("3월")


def test_khmer_and_burmese_words_are_character_pairs_as_thai_ones() -> None:
    """Written without spaces between words: a phrase was one word to the aligner, and a rewrite that kept
    its words in another phrase shared none."""
    assert tokens("ធនាគារជាតិ។") == ["ធន", "នា", "ាគ", "គា", "ារ", "រជ", "ជា", "ាត", "តិ"]
    assert tokens("ဗဟိုဘဏ် ၁၀") == ["ဗဟ", "ဟိ", "ို", "ုဘ", "ဘဏ", "ဏ်", "10"]


def test_a_word_typed_two_ways_is_one_token() -> None:
    # a Sinhala conjunct with its zero-width joiner or without (as some keyboards type it), Romanian's s and t
    # with a cedilla or the comma below: the tokens, as the links compare them, were two words (or three)
    assert tokens("ශ්\u200dරී ලංකා මහ බැංකුව") == tokens("ශ්රී ලංකා මහ බැංකුව") == ["ශ්රී", "ලංකා", "මහ", "බැංකුව"]
    assert tokens("Banca Naţională şi Guvernul") == tokens("Banca Națională și Guvernul")
    assert tokens("ÎNTÂLNIREA DE ŞEDINŢĂ") == tokens("ÎNTÂLNIREA DE ȘEDINȚĂ")


def test_persian_non_joiner_and_english_are_as_written() -> None:
    # Persian's non-joiner (after an Arabic letter) separates a word's parts; ASCII is never changed
    assert one_form("می\u200cدهد") == "می\u200cدهد" and len(tokens("می\u200cدهد")) == 2
    assert one_form("Shares rose 5% on Monday.") == "Shares rose 5% on Monday."


def test_an_apostrophe_inside_a_word_is_one_character_however_typed() -> None:
    from dedup.words import one_form

    assert one_form("абʼём") == "аб'ём"  # Ukrainian's and Belarusian's modifier letter, a letter to Unicode
    assert one_form("l’aéroport, the agencies’ copy") == "l’aéroport, the agencies’ copy"  # read as written
    # a curly apostrophe is stemmed as the straight one: Snowball's French stemmer drops "l'", not "l’"
    assert rules_for("fr").words(tokens("l’aéroport")) == rules_for("fr").words(tokens("l'aéroport")) == ["aéroport"]
    assert rules_for("uk").stem("об’єму") == rules_for("uk").stem("об'єм")
    assert rules_for("en").words(tokens("oil’s")) == ["oil’s"]  # English words are not stemmed: as before


def test_catalan_geminate_l_is_one_word_with_a_middle_dot_or_a_full_stop() -> None:
    # the middle dot cut "instal·lació" in two tokens, while "instal.lació" (typed without it) was one
    assert tokens("la instal·lació") == tokens("la instal.lació") == ["la", "instal.lació"]
    assert rules_for("ca").words(tokens("col·laboració")) == rules_for("ca").words(tokens("col.laboració"))
    assert tokens("a·b") == ["a", "b"]  # between other letters, as before


# --- lang51: the euro sign read as the word ---


@pytest.mark.parametrize("language, sign, words", [
    ("fr", "un bénéfice de 412 M€", "un bénéfice de 412 millions d'euros"),
    ("fr", "un chiffre d'affaires de 6,3 Md€", "un chiffre d'affaires de 6,3 milliards d'euros"),
    ("es", "un dividendo de 2,10 € por acción", "un dividendo de 2,10 euros por acción"),
    ("pt", "um prêmio de 500 mil €", "um prêmio de 500 mil euros"),
])
def test_the_euro_sign_and_a_french_desks_millions_of_euros_are_the_words(language: str, sign: str, words: str) -> None:
    """A desk restating "412 millions d'euros" as "412 M€" left its sentence two content words short of its
    source's, and the lead and the sales sentence of a heavily rewritten results story went unlinked."""
    rules = rules_for(language)

    def content(text: str) -> set[str]:
        return {rules.stem(t) for t in tokens(text) if rules.is_content(t)}

    assert content(sign) == content(words)


def test_a_euro_sign_after_a_letter_and_text_without_one_are_read_as_written() -> None:
    assert one_form("la série E€X") == "la série E€X"
    assert one_form("Reuters’ report") == "Reuters’ report"




@pytest.mark.parametrize(("text", "expected"), [
    ("ފަތުރުވެރިން ޒިޔާރަތްކޮށްފިއެވެ", ["ފަތުރުވެރިން", "ޒިޔާރަތްކޮށްފިއެވެ"]),
    ("བོད་རང་སྐྱོང་ལྗོངས་ཀྱི་འབྲུ་རིགས།", ["བོད", "རང", "སྐྱོང", "ལྗོངས", "ཀྱི", "འབྲུ", "རིགས"]),
], ids=["thaana", "tibetan"])
def test_thaana_and_tibetan_words_keep_their_vowels_and_subjoined_letters(text: str, expected: list[str]) -> None:
    """Thaana writes every vowel as a mark on its consonant, Tibetan its vowels and stacked consonants as marks: as
    ``\\w`` leaves marks out, a Dhivehi word fell apart into its consonants and a Tibetan syllable into pieces. A
    Tibetan syllable is a token, the tsheg between them a space (:func:`dedup.language.fold`)."""
    assert tokens(text) == expected
