"""dedup.language_signs: what sends a lead in plain ASCII letters to the model (other languages' function words,
Uzbek's apostrophes and suffixes, Vietnamese without its marks), and what does not (English, tables, names)."""

from __future__ import annotations

import pytest


def test_plain_ascii_without_another_language_never_loads_the_model() -> None:
    from dedup.language_signs import needs_model

    assert not needs_model("LAS VEGAS, June 18 - Shr 23 cts vs 14 cts Net 611,000 vs 511,000 Revs 10.2 mln")
    assert needs_model("El gobierno aprobo un plan para los trenes de cercanias en las ciudades del pais.")
    assert needs_model("Kündigungen")  # a letter outside ASCII: the model decides
    # English words that open like an Indonesian prefix and end like its suffixes are no confix
    assert not needs_model("Kenya and the Balkan states met the Peruvian and Kenyan envoys in Berlin on Monday.")


def test_a_dutch_lead_in_plain_ascii_is_sent_to_the_model() -> None:
    # Dutch's prepositions, auxiliaries and pronouns besides "het", "een", "van": a Dutch lead of figures
    # and names with few of those was read as a table, its language unknown, and keyed by exact words
    from dedup.language import detect_language
    from dedup.language_signs import needs_model

    lead = ("De omzet van de fabriek in Eindhoven is in het derde kwartaal met 4,2 procent gedaald tot 1,3 miljard "
            "euro, meldde directeur Jan de Groot op dinsdag. Volgens hem werd de daling vooral veroorzaakt door "
            "minder vraag naar chips uit China. Ook bij de dochters in Belgie ging de productie omlaag.")
    assert needs_model(lead)
    assert detect_language(lead) == "nl"


def test_a_basque_lead_in_plain_ascii_is_sent_to_the_model() -> None:
    # Basque writes no letter outside ASCII and shares no function word with the languages listed before:
    # its conjunction and auxiliaries ("eta", "zuen", "dute") tell it from a table, and the model reads it
    from dedup.language import detect_language
    from dedup.language_signs import needs_model

    lead = ("Eusko Jaurlaritzak 2025erako aurrekontu proiektua onartu zuen asteartean Gasteizen, guztira 15.218 "
            "milioi eurokoa. Osasunari 4.890 milioi euro bideratuko zaizkio, eta hezkuntzari 3.512 milioi. "
            "Sindikatuek greba deitu dute azaroaren 14rako.")
    assert needs_model(lead)
    assert detect_language(lead) == "eu"


# Uzbek in Latin letters typed with a straight apostrophe for its o' and g' is plain ASCII, and Uzbek has few function
# words: the lead of a reprint so typed was read as a table of names, keyed by exact words, and met no key of its source.
UZBEK_ASCII = ("Samarqandda 220 megavattlik quyosh elektr stansiyasi foydalanishga topshirildi. Loyihaga 187 million "
               "dollar sarflangan. Vazir o'rinbosari G'ayrat To'xtayevning aytishicha, yangi stansiya har yili 130 "
               "ming tonna gazni tejashga yordam beradi.")


def test_an_uzbek_lead_typed_with_straight_apostrophes_is_sent_to_the_model() -> None:
    from dedup.language import detect_language
    from dedup.language_signs import apostrophe_letters, needs_model

    assert apostrophe_letters(UZBEK_ASCII) and needs_model(UZBEK_ASCII)
    assert detect_language(UZBEK_ASCII) == "uz"


@pytest.mark.parametrize("lead", [
    "Mr O'Brien and Mr O'Neill met at five o'clock in Dublin, the company said in a statement on Monday.",
    "Hong Kong's index fell, and the dog's owner said he didn't know why rock 'n' roll sales rose.",
])
def test_english_apostrophes_do_not_read_as_uzbek_letters(lead: str) -> None:
    # Irish names take a capital after the apostrophe, "o'clock" is left out, English's "'s", "n't" are no o' or g'
    from dedup.language_signs import apostrophe_letters, needs_model

    assert not apostrophe_letters(lead) and not needs_model(lead)


def test_a_german_brief_in_plain_ascii_is_sent_to_the_model() -> None:
    # two sentences of a dpa brief with no umlaut and one of the markers before ("die"): read as a table of names and
    # keyed by exact words, its partial copy met no stem of its source; its articles and "zum", "im", "wurde" send it
    from dedup.language import detect_language
    from dedup.language_signs import needs_model

    lead = ("Feuer in Linden: Was wir wissen. Hannover (dpa) - Ein Brand in einer Lagerhalle im Hannoveraner Stadtteil "
            "Linden hat in der Nacht zum Samstag einen Schaden von rund 2,5 Millionen Euro verursacht.")
    assert needs_model(lead) and detect_language(lead) == "de"


# Vietnamese printed without its diacritics is plain ASCII with few function words of any list: its syllables'
# shapes send it to the model, which reads it as Vietnamese.
VIETNAMESE_ACCENTED = ("Hà Nội, 6/12 (TTXVN) - Ngân hàng Nhà nước cho biết tín dụng toàn nền kinh tế đã tăng 12,5% so "
                       "với cuối năm ngoái. Theo đại diện ngân hàng, người dân và doanh nghiệp được hỗ trợ lãi suất "
                       "thấp hơn trong quý cuối năm, nhưng nợ xấu vẫn ở mức 4,6%.")
VIETNAMESE_ASCII = ("Ha Noi, 6/12 (TTXVN) - Ngan hang Nha nuoc cho biet tin dung toan nen kinh te da tang 12,5% so voi "
                    "cuoi nam ngoai. Theo dai dien ngan hang, nguoi dan va doanh nghiep duoc ho tro lai suat thap hon "
                    "trong quy cuoi nam, nhung no xau van o muc 4,6%.")


def test_a_vietnamese_lead_without_its_diacritics_is_sent_to_the_model() -> None:
    from dedup.language import detect_language
    from dedup.language_signs import needs_model, vietnamese_syllables

    assert vietnamese_syllables(VIETNAMESE_ASCII) and needs_model(VIETNAMESE_ASCII)
    assert detect_language(VIETNAMESE_ASCII) == detect_language(VIETNAMESE_ACCENTED) == "vi"


@pytest.mark.parametrize("lead", [
    "President Denis Sassou Nguesso of Congo met Vietnam's envoy Truong in Brazzaville, the agency said on Monday.",
    "Shares of Singapore's Keppel rose after the long-running dispute over the Changi ring road was settled.",
])
def test_english_with_vietnamese_or_african_names_is_not_read_as_vietnamese(lead: str) -> None:
    # a name or two of that shape (Reuters-21578's leads hold at most two) keeps an English lead off the model
    from dedup.language_signs import needs_model, vietnamese_syllables

    assert not vietnamese_syllables(lead) and not needs_model(lead)


def test_an_english_lead_naming_three_vietnamese_officials_is_still_english() -> None:
    # three names of that shape send the lead to the model, which reads it as English: its keys stay exact words
    from dedup.language import detect_language
    from dedup.language_signs import vietnamese_syllables
    from dedup.wordkeys import keyed_language

    lead = ("Prime Minister Nguyen Tan Dung met Truong Tan Sang and Nguyen Minh Triet in Hanoi on Monday to discuss "
            "the budget, officials said, and the talks will continue next week.")
    assert vietnamese_syllables(lead)
    assert detect_language(lead) == "en" and keyed_language(lead) is None


# Uzbek in plain ASCII with no o' or g' word (two sentences of an UzA story copied): its suffixes send it to the model,
# which reads it as Uzbek; English names with a q ("Iraqi", "Iqbal") do not.
UZBEK_WITHOUT_APOSTROPHES = ("Samarqand, 6 dekabr /UzA/. Samarqand viloyatida qurilgan yangi quyosh elektr stansiyasi ishga "
               "tushirildi. Stansiyaning quvvati 220 megavattni tashkil etadi.")


def test_an_uzbek_lead_in_plain_ascii_without_an_apostrophe_is_sent_to_the_model() -> None:
    from dedup.language import detect_language
    from dedup.language_signs import apostrophe_letters, needs_model, uzbek_suffixes

    assert not apostrophe_letters(UZBEK_WITHOUT_APOSTROPHES)
    assert uzbek_suffixes(UZBEK_WITHOUT_APOSTROPHES) and needs_model(UZBEK_WITHOUT_APOSTROPHES) and detect_language(UZBEK_WITHOUT_APOSTROPHES) == "uz"


@pytest.mark.parametrize("lead", [
    "Iraqi oil exports rose as Iraqi officials met Qantas and Iqbal Holdings in Baghdad, the ministry said on Monday.",
    "Net shr 12 cts vs 10 cts qtly div 5 cts vs 5 cts prior, the company said, adding that Bingqian would acuqire it.",
    "Beijing's Li Bingqian said the Qatar Investment Authority and Iqaluit's planning board met on Monday.",
])
def test_english_with_q_words_is_not_read_as_uzbek(lead: str) -> None:
    # Reuters-21578's 19,043 leads hold none with three words of those shapes (8 one: a name, typos)
    from dedup.language_signs import needs_model, uzbek_suffixes

    assert not uzbek_suffixes(lead) and not needs_model(lead)


@pytest.mark.parametrize("lead", [
    "ETHEKWINI, 7 kuZibandlela (SAnews) - UMnyango uthe izimvula ezinamandla zishaye isifundazwe ngeMpelasonto zishiye "
    "imizi engu-3 870 ilimele futhi abantu abangu-1 245 bashiywe bengenamakhaya.",
    "EGQEBERHA, 7 kuDisemba (SAnews) - UMasipala weSixeko saseNelson Mandela Bay uthe amadama agcwele ngeepesenti "
    "ezili-14,6 kuphela.",
])
def test_a_zulu_or_xhosa_lead_is_sent_to_the_model_by_its_prefixes(lead: str) -> None:
    """Zulu's and Xhosa's function words are prefixes ("kuZibandlela", "abangu-1 245"): a lead in plain ASCII held too
    few listed words to be sent to the model, and a Xhosa rewrite read with English's rules beside its source read with
    Xhosa's (fifty-eighth round)."""
    from dedup.language import detect_language
    from dedup.language_signs import nguni_prefixes, needs_model

    assert nguni_prefixes(lead) and needs_model(lead) and detect_language(lead) in ("zu", "xh")


def test_english_with_a_small_letter_before_a_capital_is_not_read_as_zulu() -> None:
    # Reuters-21578's one lead with two such words is "duPont deNemours": the name particles are left out; two brand
    # names send a lead to the model, which reads it as English
    from dedup.language import detect_language
    from dedup.language_signs import nguni_prefixes

    assert not nguni_prefixes("NEW YORK, June 18 - Conoco Inc, a subsidiary of duPont deNemours, raised crude prices")
    assert not nguni_prefixes("Sales of the iPhone rose in mid-1987 and post-1990, with 12 of the top-10 dealers")
    brands = "Apple Inc sold the iPhone on eBay in mid-1987 to dealers in Cupertino, Seattle and Boston on Monday"
    assert nguni_prefixes(brands) and detect_language(brands) == "en"


@pytest.mark.parametrize("language", ["mg", "rw", "mg-2", "sn"])
def test_words_ending_in_vowels_send_every_article_of_a_story_to_the_model(language: str) -> None:
    """Malagasy, Kinyarwanda and Shona typed in plain ASCII letters: every article of the story with twelve small words
    standing alone (all but its brief) is sent to the model, none left to English's rules beside a source read in its
    language (an apostrophe's particles sent some of a story's leads and not others). Fails without the sign."""
    import sys
    from pathlib import Path

    from dedup.language_signs import OPEN_WORDS, SAMPLE_CHARS, _OPEN_WORD, open_syllables

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import multilingual

    for case, text in multilingual.articles(multilingual.load(language)).items():
        if len(_OPEN_WORD.findall(text[:SAMPLE_CHARS])) >= OPEN_WORDS:
            assert open_syllables(text[:SAMPLE_CHARS]), case
        elif case != "unrelated":
            raise AssertionError(f"{language} {case}: fewer than {OPEN_WORDS} small words")


@pytest.mark.parametrize("language", ["ha", "so", "en", "id", "tl", "jv"])
def test_words_ending_in_vowels_are_not_every_language_s(language: str) -> None:
    """Hausa's and Somali's plain-ASCII copy (0.57-0.75 of their small words end in a vowel), English's (0.2-0.4),
    Indonesian's, Tagalog's and Javanese: none of their articles shows the sign, so a story stays on one side of it."""
    import sys
    from pathlib import Path

    from dedup.language_signs import SAMPLE_CHARS, open_syllables

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import multilingual

    assert not any(open_syllables(t[:SAMPLE_CHARS]) for t in multilingual.articles(multilingual.load(language)).values())


def test_names_and_words_joined_by_an_apostrophe_are_not_counted() -> None:
    from dedup.language_signs import open_syllables

    # capitalised names are no small words; "amin'ny" and "taon-dasa" are counted by their last part only
    assert not open_syllables("Rakotondrabe Andrianarisoa Madagasikara Toamasina Antsiranana Mahajanga Fianarantsoa "
                              "Toliara Ambatondrazaka Antsirabe Morondava Maroantsetra Sambava Vohemar")
    assert not open_syllables("ny lavanila amin'ny taona")  # too few words to read a share


def test_the_sign_stopping_early_reads_as_the_whole_share() -> None:
    """:func:`open_syllables` stops at the eleventh word ending in a consonant (no lead of 400 characters holds more
    than 100 small words): the same answer as the share read over every word, on every article of the set and on
    leads made to sit at the line."""
    import sys
    from pathlib import Path

    from dedup.language_signs import OPEN_SHARE, OPEN_WORDS, SAMPLE_CHARS, _OPEN_WORD, open_syllables

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import multilingual

    def whole(sample: str) -> bool:
        words = _OPEN_WORD.findall(sample, 0, SAMPLE_CHARS)
        return len(words) >= OPEN_WORDS and sum(w[-1] in "aeiouy" for w in words) >= OPEN_SHARE * len(words)

    samples = [t[:SAMPLE_CHARS] for lang in multilingual.languages() for t in multilingual.articles(multilingual.load(lang)).values()]
    samples += [" ".join(["aba"] * (100 - k) + ["abc"] * k) for k in range(8, 14)]  # 100 words, 10 closed: the line
    assert all(open_syllables(s) == whole(s) for s in samples)
    assert open_syllables(" ".join(["aba"] * 90 + ["abc"] * 10)) and not open_syllables(" ".join(["aba"] * 89 + ["abc"] * 11))


@pytest.mark.parametrize(("language", "sign"), [("dv", "thaana"), ("sd", "sindhi"), ("ckb", "sorani"),
                                              ("cv", "chuvash")])
def test_a_script_s_own_letters_tell_its_language(language: str, sign: str) -> None:
    """Dhivehi is the one language written in Thaana, and Sindhi and Sorani write letters no other language of the
    Arabic script does: every article of the fifteenth cases' Dhivehi, the fourteenth cases' Sindhi and the sixteenth
    cases' Sorani shows its sign, and no article of another language of the set does (Urdu, Pashto, Persian, Arabic,
    Uyghur, Kurmanji among them); so do Chuvash's reduced vowels, typed in Latin inside its Cyrillic words, and no
    other article (Russian, Tatar, Bashkir, Kazakh, Romanian's ă among them)."""
    from benchmarks import multilingual
    from dedup.language_signs import chuvash_letters, sindhi_letters, sorani_letters, thaana_letters

    test = {"thaana": thaana_letters, "sindhi": sindhi_letters, "sorani": sorani_letters, "chuvash": chuvash_letters}[sign]
    for other in multilingual.languages():
        for document in multilingual.documents(other):
            assert test(document.text) == (other == language), (other, document.outlet)


def test_an_urdu_story_naming_a_sindhi_place_keeps_its_language() -> None:
    from dedup.language_signs import sindhi_letters

    assert not sindhi_letters("حیدرآباد میں گندم کی خریداری شروع، ڪراچي کے قریب گوداموں میں 3 لاکھ ٹن گندم موجود ہے")


def test_chuvash_s_letters_read_in_either_script() -> None:
    """Chuvash's ӑ and ӗ typed as Cyrillic or as the Latin ă and ĕ inside a Cyrillic word are its sign; a Latin ă
    outside one (Romanian) and Bashkir's ҫ are none, and two are too few."""
    from dedup.language_signs import chuvash_letters

    assert chuvash_letters("Чӑваш Республикинче кӑҫалхи уйӑхӗсенче") and chuvash_letters("Чăваш Республикинче кăçалхи уйăхĕсенче")
    assert not chuvash_letters("Bucureşti, 7 decembrie – Guvernul a aprobat o hotărâre până în această lună")
    assert not chuvash_letters("Башҡортостанда ҡыш ваҡытында ҫәй") and not chuvash_letters("Чăваш Республикинче")


def test_a_persian_story_naming_a_kurdish_place_keeps_its_language() -> None:
    from dedup.language_signs import sorani_letters

    assert not sorani_letters("وزارت کشاورزی ایران اعلام کرد که ۸۴۲ هزار تن گندم از کشاورزان استان هەولێر خریداری شد")


def test_greenlandic_is_told_by_its_uvular_q_and_the_letters_it_lacks() -> None:
    """Every article of the seventeenth cases' Greenlandic but its two-line brief shows the sign (four q's not
    before u, under 3% of its letters ones Greenlandic lacks), and no article of another language of the set does:
    Quechua, Maltese, Fijian, Azerbaijani and Uzbek write q before vowels too, with the letters Greenlandic lacks."""
    from benchmarks import multilingual
    from dedup.language_signs import kalaallisut_letters

    for other in multilingual.languages():
        for document in multilingual.documents(other):
            expected = other == "kl" and document.outlet != "unrelated"
            assert kalaallisut_letters(document.text) == expected, (other, document.outlet)


def test_greenlandic_s_sign_needs_both_its_q_and_its_alphabet() -> None:
    from dedup.language_signs import kalaallisut_letters

    assert kalaallisut_letters("Ukioq manna raajat pisarineqarput. Naalakkersuisoq oqarpoq, saqqummiuppaa.")
    assert not kalaallisut_letters("Ukioq manna raajat pisarineqarput.")  # three q's: too few
    assert not kalaallisut_letters("Qosqo llaqtapi turistakuna watukurqanku, qayna watamanta aswan qhatu.")


@pytest.mark.parametrize(("language", "sign", "except_outlets"), [
    ("yi", "yiddish", set()), ("iu", "inuktitut", set()), ("sah", "sakha", {"unrelated"}), ("haw", "hawaiian", set()),
    ("ti", "tigrinya", set())])
def test_a_language_the_model_lacks_is_told_by_its_letters(language: str, sign: str, except_outlets: set[str]) -> None:
    """Every article of the seventeenth cases' Yiddish, Inuktitut and Sakha (but Sakha's one-line brief: one ҥ, no һ)
    and of the eighteenth cases' Hawaiian, and of the fourteenth cases' Tigrinya, shows its sign, and no article of
    another language of the set does: Hebrew's four stories, Cree's syllabics, Kyrgyz, Kazakh, Tatar, Bashkir, Chuvash
    and Russian, Tongan's and Samoan's ʻokina, Amharic."""
    from benchmarks import multilingual
    from dedup.language_signs import (hawaiian_letters, inuktitut_letters, sakha_letters, tigrinya_letters,
                                      yiddish_letters)

    test = {"yiddish": yiddish_letters, "inuktitut": inuktitut_letters, "sakha": sakha_letters,
            "hawaiian": hawaiian_letters, "tigrinya": tigrinya_letters}[sign]
    for other in multilingual.languages():
        for document in multilingual.documents(other):
            expected = other == language and document.outlet not in except_outlets
            assert test(document.text) == expected, (other, document.outlet)


def test_each_sign_needs_both_its_halves() -> None:
    """Yiddish's pointed letters outnumbered by the points of vocalised Hebrew are none, nor are two of its function
    words; Sakha's ҥ without its һ or ҕ (Altai, Mari) is none; the ʻokina in a language writing t and s (Tongan) is none,
    nor are two."""
    from dedup.language_signs import hawaiian_letters, sakha_letters, yiddish_letters

    assert yiddish_letters("אין דער שטאָט איז אויך") and not yiddish_letters("בְּרֵאשִׁית בָּרָא אַ אָ פֿ")
    assert yiddish_letters("און פון דער שטאט") and not yiddish_letters("און פון השטח")
    assert sakha_letters("саҥа сааһыгар таҥнары") and not sakha_letters("Улалуда јаҥы школ ачылды, јаҥы ӧй")
    assert not hawaiian_letters("Naʻe fakahoko ʻe he Palēmia ʻa e fakataha ʻi Nukuʻalofa ʻaneafi")
    assert not hawaiian_letters("Ua hōʻike ka ʻOihana") and hawaiian_letters("Ua hōʻike ka ʻOihana Mahiʻai")


def test_a_script_s_letters_are_counted_over_all_letters() -> None:
    """The script more than half the letters are in, Latin's counting against it; Latin, Cyrillic, Arabic and Han are
    left to the model (None)."""
    from dedup.language_signs import own_script

    assert own_script("ᐃᖃᓗᐃᑦ, ᑎᓯᐱᕆ 7 (Nunatsiaq) – ᓄᓇᕗᑦ ᐃᓪᓗᓕᕆᔨᒃᑯᑦ") == "CANADIAN SYLLABICS"
    assert own_script("ᐃᖃᓗᐃᑦ (Nunatsiaq News, Iqaluit)") is None  # more Latin letters than syllabics
    assert own_script("ⴰⴳⴰⴷⵉⵔ, 7 ⴷⵓⵊⴰⵏⴱⵉⵔ") == "TIFINAGH" and own_script("ꯃꯅꯤꯄꯨꯔ ꯁꯔꯀꯥꯔ") == "MEETEI MAYEK"
    assert own_script("Москва, 7 декабря") is None and own_script("北京12月7日电") is None and own_script("") is None
