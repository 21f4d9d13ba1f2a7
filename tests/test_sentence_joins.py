"""dedup.sentence_joins: the cuts the splitter undoes (after a title or an initial, inside a dateline's credit or a
web address in capitals), read through the splitter."""

from __future__ import annotations

import pytest

from dedup.sentences import split_sentences


@pytest.mark.parametrize(
    "language, text, expected",
    [
        ("vi", "Tại TP. Hồ Chí Minh, sản lượng tăng 6,2%. Lạm phát ở mức 3,88%.",
         ["Tại TP. Hồ Chí Minh, sản lượng tăng 6,2%.", "Lạm phát ở mức 3,88%."]),
        ("pl", "Konferencja odbędzie się w czwartek o godz. 15. Decyzja była zgodna z oczekiwaniami.",
         ["Konferencja odbędzie się w czwartek o godz. 15.", "Decyzja była zgodna z oczekiwaniami."]),
        ("pl", "Stopa referencyjna wynosi nadal 5,75 proc. Decyzja była zgodna z oczekiwaniami.",
         ["Stopa referencyjna wynosi nadal 5,75 proc.", "Decyzja była zgodna z oczekiwaniami."]),
        ("el", "Πόσο θα κρατήσει αυτή η άνοδος; Η ζήτηση παραμένει ισχυρή.",
         ["Πόσο θα κρατήσει αυτή η άνοδος;", "Η ζήτηση παραμένει ισχυρή."]),
    ],
    ids=["vi-city-abbreviation", "pl-hour-abbreviation", "pl-percent-ends", "el-question-mark"],
)
def test_abbreviations_before_names_and_figures_end_no_sentence(language: str, text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text, language)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Mganga Mfawidhi Dkt. Asha Said alisema tisa wako hali mbaya. Ndugu wanaombwa kufika.",
     ["Mganga Mfawidhi Dkt. Asha Said alisema tisa wako hali mbaya.", "Ndugu wanaombwa kufika."]),
    ("Mhe. Juma Hamisi alisema. Bw. Ali na Bi. Mwanaidi walikuwepo.",
     ["Mhe. Juma Hamisi alisema.", "Bw. Ali na Bi. Mwanaidi walikuwepo."]),
], ids=["doctor", "titles-opening-sentences"])
def test_swahili_titles_before_a_name_end_no_sentence(text: str, expected: list[str]) -> None:
    """sentencex cut after "Dkt." (doctor), "Mhe." (the Honourable), "Bw." and "Bi." (Mr, Mrs): a Swahili desk's
    "Dkt. Asha Said alisema ..." was two sentences, the first a title alone. A title opening a sentence was a
    segment of its own, which the check for a title at a segment's end did not read (it wanted a space before)."""
    assert [s.text for s in split_sentences(text, "sw")] == expected


def test_a_hungarian_dateline_keeps_its_agency_credit_and_its_sentence() -> None:
    """A Hungarian date's day is an ordinal, written with a full stop ("november 12."): sentencex cut the
    dateline off before the agency's credit, "(MTI) —" opening the story's first sentence."""
    text = "BUDAPEST, november 12. (MTI) — Négy év börtönt kapott a volt polgármester. Az ítélet nem jogerős."
    assert [s.text for s in split_sentences(text, "hu")] == [
        "BUDAPEST, november 12. (MTI) — Négy év börtönt kapott a volt polgármester.", "Az ítélet nem jogerős."]
    # a date that ends a sentence still ends it, and a bracket that is no credit opens one
    assert len(split_sentences("A döntés 2024. november 12. Kedden tárgyalták.", "hu")) == 2
    assert len(split_sentences("Az árak nőttek. (A KSH adatai.) — Ez sok.", "hu")) == 2


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("tr", "Duraklarda uzun kuyruklar vardı. İBB, mağdur olan yolculara ücretleri geri ödeyecek.",
     ["Duraklarda uzun kuyruklar vardı.", "İBB, mağdur olan yolculara ücretleri geri ödeyecek."]),
    ("de", "Der Absatz sank deutlich. BMW, der Autobauer, meldet Verluste.",
     ["Der Absatz sank deutlich.", "BMW, der Autobauer, meldet Verluste."]),
], ids=["turkish", "german"])
def test_a_sentence_opening_with_an_acronym_and_a_comma_follows_a_word_as_its_own(
        language: str, text: str, expected: list[str]) -> None:
    """The cut before an acronym and a comma is undone only after a unit's abbreviation after a figure ("3 proc.
    PKB,"): after any lower-case word it ran two sentences into one, a Turkish desk's "vardı. İBB, ..." among them."""
    assert [s.text for s in split_sentences(text, language)] == expected


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("ru", "НОВОСИБИРСК, 5 декабря. /ТАСС/. Самолет совершил посадку. Никто не пострадал.",
     ["НОВОСИБИРСК, 5 декабря. /ТАСС/. Самолет совершил посадку.", "Никто не пострадал."]),
    ("ru", "МИНСК, 5 декабря /БЕЛТА/. Президент заявил об этом. Он добавил.",
     ["МИНСК, 5 декабря /БЕЛТА/. Президент заявил об этом.", "Он добавил."]),
    ("es", "BARCELONA, 5 Dic. (EFE).- La Generalitat decretó la emergencia. Afecta a 6 millones.",
     ["BARCELONA, 5 Dic. (EFE).- La Generalitat decretó la emergencia.", "Afecta a 6 millones."]),
    ("es", "SAN SEBASTIÁN DE LOS REYES (Madrid), 5 Dic. (EFE).- Un incendio arrasó la nave. Nadie resultó herido.",
     ["SAN SEBASTIÁN DE LOS REYES (Madrid), 5 Dic. (EFE).- Un incendio arrasó la nave.", "Nadie resultó herido."]),
], ids=["tass", "belta", "efe", "efe-long-place"])
def test_a_dateline_with_its_credit_in_slashes_or_before_a_dash_opens_the_first_sentence(
        language: str, text: str, expected: list[str]) -> None:
    """TASS's "НОВОСИБИРСК, 5 декабря. /ТАСС/. Самолет ..." was three sentences (the date's full stop, the
    credit's) and EFE's "BARCELONA, 5 Dic. (EFE).- La Generalitat ..." two, the lead opening with a dash: a
    dateline alone is a sentence that two reports of one day from one city share word for word."""
    assert [s.text for s in split_sentences(text, language)] == expected


@pytest.mark.parametrize(("language", "text"), [
    ("ru", "Это заявил источник агентства /ТАСС/. Он добавил, что все в порядке."),
    ("es", "Según la Agencia Catalana del Agua (ACA). - Los embalses están bajos."),
    ("es", "Los datos son de la agencia (ACA). Los embalses están bajos."),
], ids=["credit-ending-a-sentence", "no-dateline-before-a-dash", "no-dash"])
def test_a_credit_that_ends_a_sentence_of_other_words_still_ends_it(language: str, text: str) -> None:
    # a dateline opens with a place in capitals: a credit after other words is no dateline's
    assert len(split_sentences(text, language)) == 2


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("ru", "Москва. 5 декабря. INTERFAX.RU - Текст новости. Второе.",
     ["Москва.", "5 декабря. INTERFAX.RU - Текст новости.", "Второе."]),
    ("ru", "Об этом сообщил сайт RBC.RU в среду. Второе.", ["Об этом сообщил сайт RBC.RU в среду.", "Второе."]),
    ("fr", "Le site LEMONDE.FR a publié la liste. Deuxième.", ["Le site LEMONDE.FR a publié la liste.", "Deuxième."]),
    ("es", "Un portavoz de CC.OO. dijo que la huelga sigue. Segunda.",
     ["Un portavoz de CC.OO. dijo que la huelga sigue.", "Segunda."]),
], ids=["interfax", "domain", "french", "comisiones-obreras"])
def test_a_web_address_in_capitals_ends_no_sentence(language: str, text: str, expected: list[str]) -> None:
    """Interfax's dateline "INTERFAX.RU -" was cut at its domain's full stop, "RU - ..." opening a sentence;
    so was any address in capitals, and Spain's union "CC.OO". English is left as it was (the model's)."""
    assert [s.text for s in split_sentences(text, language)] == expected


def test_an_acronym_ending_a_sentence_before_a_space_still_ends_it() -> None:
    assert [s.text for s in split_sentences("It joined NATO. EU leaders met.", "en")] == [
        "It joined NATO.", "EU leaders met."]


@pytest.mark.parametrize(("text", "expected"), [
    ("Die Mitglieder stimmen bis zum 20. Dezember ab, ein Viertel reicht. Das Ministerium ist erleichtert.",
     ["Die Mitglieder stimmen bis zum 20. Dezember ab, ein Viertel reicht.", "Das Ministerium ist erleichtert."]),
    ("Die Urabstimmung läuft bis zum 20. Dezember, ein Viertel Zustimmung reicht.",
     ["Die Urabstimmung läuft bis zum 20. Dezember, ein Viertel Zustimmung reicht."]),
    ("Am 3. Okt. 2026 war die Halle zu. Am 4. März, einem Montag, öffnete sie.",
     ["Am 3. Okt. 2026 war die Halle zu.", "Am 4. März, einem Montag, öffnete sie."]),
])
def test_a_german_day_is_not_cut_from_its_month(text: str, expected: list[str]) -> None:
    # sentencex cut "bis zum 20." from "Dezember, ..." where a comma or a full stop followed the month (a dpa
    # rewrite's sentence fell in two, and none of its sentences linked)
    assert [s.text for s in split_sentences(text, "de")] == expected


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("de", "Die Halle brannte am 20. Dezember. Verletzt wurde niemand.",
     ["Die Halle brannte am 20. Dezember.", "Verletzt wurde niemand."]),
    ("de", "Der Verein wurde Fünfter mit Platz 5. Im Dezember beginnt die Rückrunde.",
     ["Der Verein wurde Fünfter mit Platz 5.", "Im Dezember beginnt die Rückrunde."]),
    ("en", "The index closed at 20. December trading was thin.", ["The index closed at 20.", "December trading was thin."]),
])
def test_a_sentence_after_a_day_or_before_a_month_still_ends(language: str, text: str, expected: list[str]) -> None:
    # the month's own full stop ends a sentence, a figure before a preposition does, and English is read as before
    assert [s.text for s in split_sentences(text, language)] == expected


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("de", "Fahrgäste müssten nicht mehr mit Streiks rechnen, teilte das Ministerium mit. dpa kr/yyby z2 abc",
     ["Fahrgäste müssten nicht mehr mit Streiks rechnen, teilte das Ministerium mit.", "dpa kr/yyby z2 abc"]),
    ("de", "Der Zug fuhr wieder. apa sb/ks\n\nNeuer Absatz.", ["Der Zug fuhr wieder.", "apa sb/ks", "Neuer Absatz."]),
    ("en", "The talks ended. dpa kr/yyby", ["The talks ended.", "dpa kr/yyby"]),
])
def test_an_agency_sign_off_closing_a_paragraph_is_no_part_of_its_last_sentence(
        language: str, text: str, expected: list[str]) -> None:
    # dpa signs its copy in lower case after the last sentence, on its line: the lower-case word read as the
    # sentence continued (a sentence of dpa's copy and of its reprint without the codes did not read alike)
    assert [s.text for s in split_sentences(text, language)] == expected


@pytest.mark.parametrize(("language", "text"), [
    ("de", "Der Zug fuhr mit 120 km/h. dpa meldete das."),
    ("de", "Das sagte ein Sprecher der dpa kr/yyby zufolge am Montag."),
    ("de", "Die Werte lagen bei 3/4. ap xx/yy"),
])
def test_a_slash_or_an_agency_inside_a_sentence_is_no_sign_off(language: str, text: str) -> None:
    # a unit with a slash, an agency named inside a sentence, a name not on the sign-off list: the sentences as before
    assert [s.text for s in split_sentences(text, language)] == [text]


@pytest.mark.parametrize("text", [
    "Sumala ni DA-7 regional director Engr. Roberto Abella, 4,820 ka ektarya ang naapektuhan. Ang bagyo miagi.",
    "Ayon kay Atty. Maria Santos, tumaas ang presyo. Ang bagyo ay lumihis.",
], ids=["cebuano-engineer", "tagalog-attorney"])
def test_the_philippines_titles_before_a_name_end_no_sentence(text: str) -> None:
    """sentencex cut after "Engr." (engineer) and "Atty." (attorney): PIA's Cebuano "regional director Engr. Roberto
    Abella, ..." was two sentences, the first ending on the title, and the second without its verb. Cebuano is read
    as Tagalog by the detector, and the Philippines' desks write the titles alike in both."""
    assert len(split_sentences(text, "tl")) == 2
