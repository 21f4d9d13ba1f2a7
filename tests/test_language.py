"""dedup.language: folding, dense scripts, word counts, language tags, detection, direction."""

from __future__ import annotations

import pytest

from dedup.language import (count_words, detect_language, direction, fold, fold_digits, is_dense, language_of,
                            normalize_language)
from dedup.documents import Document


@pytest.mark.parametrize(
    "text, folded",
    [
        ("١٤ مليون", "14 مليون"),  # Arabic-Indic digits
        ("۱۲", "12"),  # Extended Arabic-Indic (Persian, Urdu)
        ("११ प्रतिशत।", "11 प्रतिशत."),  # Devanagari digits and danda
        ("营收１２亿元。", "营收12亿元."),  # full-width digits, ideographic full stop
        ("「東京」、ＡＢＣ", '"東京",ABC'),
        ("Plain English stays.", "Plain English stays."),
        ("کریمی بانک", "كريمي بانك"),  # Persian's yeh and keheh as Arabic's
        ("علي كريمي", "علي كريمي"),  # Arabic letters stay
        ("տոկոս։ խոսքով՝", "տոկոս. խոսքով,"),  # Armenian's full stop and comma
        ("ገልጸዋል። ገዥው፣", "ገልጸዋል. ገዥው,"),  # Ethiopic's
        ("၁၂ ဖြစ်သည်။", "12 ဖြစ်သည်."),  # Burmese digits and stop
        ("១២ ភាគរយ។", "12 ភាគរយ."),  # Khmer's
    ],
    ids=["arabic-indic", "persian", "devanagari", "full-width", "cjk-punctuation", "ascii", "persian-letters",
         "arabic-letters", "armenian-stops", "ethiopic-stops", "burmese", "khmer"],
)
def test_fold_keeps_every_offset(text: str, folded: str) -> None:
    assert fold(text) == folded and len(fold(text)) == len(text)


@pytest.mark.parametrize(
    "text, words",
    [
        ("Shares rose 5% on Monday.", 5),
        ("北京市政府今天宣布新的交通规划", 10),  # 15 Han characters / 1.5
        ("东京 Tokyo 2024年", 4),  # "Tokyo", "2024" and three Han characters
        ("ตลาดหุ้นไทยปิดบวก", 4),  # 17 Thai characters / 4
        ("서울시는 오늘 발표했다", 3),  # Korean is spaced
        ("ធនាគារជាតិនៃកម្ពុជា", 5),  # 19 Khmer characters / 4, as Thai
    ],
    ids=["english", "chinese", "mixed", "thai", "korean", "khmer"],
)
def test_count_words_means_the_same_amount_of_text(text: str, words: int) -> None:
    assert count_words(text) == words


def test_dense_scripts() -> None:
    assert is_dense("在北京") and is_dense("ひらがな") and is_dense("ภาษาไทย")
    assert is_dense("ធនាគារ") and is_dense("ဗဟိုဘဏ်") and is_dense("ພາສາລາວ")  # Khmer, Burmese, Lao
    assert not is_dense("Москва") and not is_dense("서울") and not is_dense("القاهرة")


@pytest.mark.parametrize(
    "tag, code",
    [("en-US", "en"), ("zh-Hans-CN", "zh"), ("PT_br", "pt"), ("zho", "zh"), ("iw", "he"), ("ind", "id"), ("ukr", "uk"),
     ("fas", "fa"), ("", None),
     ("not a tag", None), (None, None), (42, None)],
)
def test_normalize_language(tag: object, code: str | None) -> None:
    assert normalize_language(tag) == code


@pytest.mark.parametrize(
    "text, code",
    [
        ("The central bank raised its key interest rate by a quarter point on Tuesday, citing inflation.", "en"),
        ("Der Autobauer will in Emden rund 1.200 Stellen abbauen; Kündigungen seien nicht geplant.", "de"),
        ("Pemerintah akan membangun jalan tol baru di Jawa Barat untuk mengurangi kemacetan yang parah.", "id"),
        ("Центральный банк России в пятницу сохранил ключевую ставку на уровне 16% годовых.", "ru"),
        ("أعلنت وزارة الصحة المصرية يوم الأحد إطلاق حملة وطنية لتطعيم الأطفال.", "ar"),
        ("受强降雨影响，广东省北部多地11日发生洪涝灾害，已造成3人死亡。", "zh"),
        ("東京電力は10日、処理水の海洋放出を始めたと発表した。", "ja"),
        # Indonesian in plain ASCII whose lead has few of the function words it shares with Malay
        ("BI-Rate tetap 6,25%. Bank Indonesia memutuskan tidak mengubah suku bunga acuan usai Rapat Dewan Gubernur "
         "yang selesai pada Rabu, demi menjaga rupiah tetap stabil. Inflasi tahunan bulan Juni sebesar 2,51% dinilai "
         "masih berada dalam target, kata Gubernur BI Budi Santoso.", "id"),
        # Indonesian leads of names and affixed verbs, with at most one function word: no answer before
        # (the model never asked), Indonesian once a confix (meN-...-kan) counts as a sign of a language
        ("Presiden Joko Widodo meresmikan Bendungan Karian di Kabupaten Lebak, Banten, Kamis (30/11).", "id"),
        ("Pemerintah menaikkan harga bahan bakar minyak bersubsidi mulai Sabtu pukul 14.30 WIB.", "id"),
    ],
    ids=["en", "de", "id-plain-ascii", "ru", "ar", "zh", "ja", "id-few-markers", "id-confix-lead", "id-confix-only"],
)
def test_detect_language(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_detection_is_unsure_rather_than_wrong() -> None:
    """A table of figures has no language: no answer (English rules), not some other language's."""
    assert detect_language("qtr shr 12 cts vs 10 cts net 1.2 mln vs 900,000 revs 12.4 mln vs 11.1 mln") is None
    assert detect_language("   ") is None


def test_given_language_wins_over_detection() -> None:
    text = "Центральный банк России в пятницу сохранил ключевую ставку на уровне 16% годовых."
    assert language_of(Document("a", text, language="uk")) == "uk"
    assert language_of(Document("a", text)) == "ru"


def test_direction() -> None:
    assert direction("ar") == "rtl" and direction("he") == "rtl"
    assert direction("zh") == "auto" and direction(None) == "auto"


def test_plain_ascii_without_another_language_never_loads_the_model() -> None:
    from dedup.language import needs_model

    assert not needs_model("LAS VEGAS, June 18 - Shr 23 cts vs 14 cts Net 611,000 vs 511,000 Revs 10.2 mln")
    assert needs_model("El gobierno aprobo un plan para los trenes de cercanias en las ciudades del pais.")
    assert needs_model("Kündigungen")  # a letter outside ASCII: the model decides
    # English words that open like an Indonesian prefix and end like its suffixes are no confix
    assert not needs_model("Kenya and the Balkan states met the Peruvian and Kenyan envoys in Berlin on Monday.")


@pytest.mark.parametrize("text", ["one two three", " one  two\nthree four ", "one", "", "a b c d e f g"])
def test_words_counted_up_to_a_minimum_compare_with_it_as_the_whole_count(text: str) -> None:
    from dedup.language import count_words

    whole = count_words(text)
    for most in range(0, 9):
        assert count_words(text, most=most) == min(whole, most + 1)  # under the minimum: the whole count


def test_a_minimum_too_large_for_a_string_count_is_every_word(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # was an OverflowError traceback from str.split (dedup scan --min-words 100000000000000000000)
    from typer.testing import CliRunner

    from dedup.cli import app

    assert count_words("one two three", most=10**20) == 3
    (tmp_path / "a.txt").write_text("Officials in Minsk said the drills would last ten days. " * 5)
    result = CliRunner().invoke(app, ["scan", str(tmp_path), "--min-words", str(10**20)])
    # the command line now refuses a minimum past 2**63 - 1 before any work, as a usage error
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"Error: --min-words {10**20}: give a whole number from 1 to 9,223,372,036,854,775,807" in result.stderr


@pytest.mark.parametrize(
    "text, code",
    [
        ("한국은행은 11일 기준금리를 연 3.50%로 동결했다. 삼성전자와 SK하이닉스의 HBM 수출은 48% 늘었다.", "ko"),
        ("กรมอุตุนิยมวิทยาเตือนว่าจะมีฝนตกหนักในภาคเหนือ ประชาชนในจังหวัดเชียงใหม่ควรเฝ้าระวังน้ำป่า", "th"),
        ("Tổng cục Thống kê cho biết GDP quý III của Việt Nam tăng 7,4% so với cùng kỳ năm trước.", "vi"),
        ("Merkez Bankası politika faizini yüzde 50'de sabit tuttuğunu açıkladı.", "tr"),
        ("Οι αφίξεις τουριστών αυξήθηκαν κατά 11,2% το πρώτο εξάμηνο του 2024.", "el"),
        ("בנק ישראל הודיע ביום שני כי הריבית תיוותר ללא שינוי ברמה של 4.5%.", "he"),
        ("بانک مرکزی ایران اعلام کرد نرخ تورم سالانه به ۳۷٫۵ درصد رسیده است.", "fa"),
        ("Rada Polityki Pieniężnej pozostawiła w środę stopy procentowe bez zmian.", "pl"),
        ("Національний банк України у четвер знизив облікову ставку до 13% річних.", "uk"),
        ("O Banco Central manteve a taxa Selic em 10,50% ao ano; a decisão do Copom foi unânime.", "pt"),
        ("Il prodotto interno lordo italiano è cresciuto dello 0,3% nel primo trimestre.", "it"),
    ],
    ids=["ko-with-latin-brands", "th", "vi", "tr", "el", "he", "fa", "pl", "uk", "pt", "it"],
)
def test_languages_of_the_new_wire_cases_are_detected(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_fold_digits_folds_digits_only() -> None:
    assert fold_digits("২০২৪ সালে ৯.২ শতাংশ। ٣٫٥ 「x」") == "2024 সালে 9.2 শতাংশ। 3.5 「x」"
    assert fold_digits("plain") == "plain"


def test_a_dutch_lead_in_plain_ascii_is_sent_to_the_model() -> None:
    # Dutch's prepositions, auxiliaries and pronouns besides "het", "een", "van": a Dutch lead of figures
    # and names with few of those was read as a table, its language unknown, and keyed by exact words
    from dedup.language import detect_language, needs_model

    lead = ("De omzet van de fabriek in Eindhoven is in het derde kwartaal met 4,2 procent gedaald tot 1,3 miljard "
            "euro, meldde directeur Jan de Groot op dinsdag. Volgens hem werd de daling vooral veroorzaakt door "
            "minder vraag naar chips uit China. Ook bij de dochters in Belgie ging de productie omlaag.")
    assert needs_model(lead)
    assert detect_language(lead) == "nl"


def test_a_basque_lead_in_plain_ascii_is_sent_to_the_model() -> None:
    # Basque writes no letter outside ASCII and shares no function word with the languages listed before:
    # its conjunction and auxiliaries ("eta", "zuen", "dute") tell it from a table, and the model reads it
    from dedup.language import detect_language, needs_model

    lead = ("Eusko Jaurlaritzak 2025erako aurrekontu proiektua onartu zuen asteartean Gasteizen, guztira 15.218 "
            "milioi eurokoa. Osasunari 4.890 milioi euro bideratuko zaizkio, eta hezkuntzari 3.512 milioi. "
            "Sindikatuek greba deitu dute azaroaren 14rako.")
    assert needs_model(lead)
    assert detect_language(lead) == "eu"


def test_pashto_gaf_with_a_ring_is_folded_as_the_gaf_it_is_typed_as() -> None:
    from dedup.language import fold

    assert fold("سوداګرۍ") == fold("سوداگرۍ") and len(fold("سوداګرۍ")) == len("سوداګرۍ")
    assert fold("گزارش") == "گزارش"  # Persian's own gaf stays


# Uzbek in Latin letters typed with a straight apostrophe for its o' and g' is plain ASCII, and Uzbek has few function
# words: the lead of a reprint so typed was read as a table of names, keyed by exact words, and met no key of its source.
UZBEK_ASCII = ("Samarqandda 220 megavattlik quyosh elektr stansiyasi foydalanishga topshirildi. Loyihaga 187 million "
               "dollar sarflangan. Vazir o'rinbosari G'ayrat To'xtayevning aytishicha, yangi stansiya har yili 130 "
               "ming tonna gazni tejashga yordam beradi.")


def test_an_uzbek_lead_typed_with_straight_apostrophes_is_sent_to_the_model() -> None:
    from dedup.language import apostrophe_letters, detect_language, needs_model

    assert apostrophe_letters(UZBEK_ASCII) and needs_model(UZBEK_ASCII)
    assert detect_language(UZBEK_ASCII) == "uz"


@pytest.mark.parametrize("lead", [
    "Mr O'Brien and Mr O'Neill met at five o'clock in Dublin, the company said in a statement on Monday.",
    "Hong Kong's index fell, and the dog's owner said he didn't know why rock 'n' roll sales rose.",
])
def test_english_apostrophes_do_not_read_as_uzbek_letters(lead: str) -> None:
    # Irish names take a capital after the apostrophe, "o'clock" is left out, English's "'s", "n't" are no o' or g'
    from dedup.language import apostrophe_letters, needs_model

    assert not apostrophe_letters(lead) and not needs_model(lead)


# Kazakh in the Latin alphabet of 2021: the model knows Kazakh in Cyrillic only and read a Latin story as Turkmen.
KAZAKH_LATIN = ("ASTANA. QazAqparat - Elordada 6 jeltoqsanda jaña balalar auruhanasy aşyldy. Auruhana 300 tösekke "
                "arnalğan, onyñ qūrylysyna 42 milliard teñge jūmsaldy. Densaulyq saqtau ministrlıgınıñ habarlauynşa, "
                "auruhanada 12 operasiialyq bölme bar.")


def test_kazakh_in_its_latin_alphabet_is_detected_as_kazakh() -> None:
    from dedup.language import detect_language

    assert detect_language(KAZAKH_LATIN) == "kk"


@pytest.mark.parametrize("lead, code", [
    ("Türkiye İstatistik Kurumu, kasım ayında yıllık enflasyonun yüzde 47,1 olduğunu açıkladı. Aylık artış yüzde 2,2 "
     "oldu ve beklentilerin altında kaldı, dedi Bakan Mehmet Şimşek.", "tr"),
    ("Azərbaycan Respublikasının Dövlət Statistika Komitəsi noyabr ayında inflyasiyanın 4,2 faiz olduğunu bildirib. "
     "Ərzaq məhsulları 5,1 faiz bahalaşıb.", "az"),
    ("El Niño golpeó la costa de España y los niños de Logroño no fueron a la escuela el año pasado.", "es"),
])
def test_other_turkic_and_latin_leads_are_not_read_as_kazakh(lead: str, code: str) -> None:
    # Kazakh's ñ and ū both, three times: Turkish, Azerbaijani (no ñ, no ū) and Spanish (ñ, no ū) keep their language
    from dedup.language import detect_language

    assert detect_language(lead) == code


def test_a_german_brief_in_plain_ascii_is_sent_to_the_model() -> None:
    # two sentences of a dpa brief with no umlaut and one of the markers before ("die"): read as a table of names and
    # keyed by exact words, its partial copy met no stem of its source; its articles and "zum", "im", "wurde" send it
    from dedup.language import detect_language, needs_model

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
    from dedup.language import detect_language, needs_model, vietnamese_syllables

    assert vietnamese_syllables(VIETNAMESE_ASCII) and needs_model(VIETNAMESE_ASCII)
    assert detect_language(VIETNAMESE_ASCII) == detect_language(VIETNAMESE_ACCENTED) == "vi"


@pytest.mark.parametrize("lead", [
    "President Denis Sassou Nguesso of Congo met Vietnam's envoy Truong in Brazzaville, the agency said on Monday.",
    "Shares of Singapore's Keppel rose after the long-running dispute over the Changi ring road was settled.",
])
def test_english_with_vietnamese_or_african_names_is_not_read_as_vietnamese(lead: str) -> None:
    # a name or two of that shape (Reuters-21578's leads hold at most two) keeps an English lead off the model
    from dedup.language import needs_model, vietnamese_syllables

    assert not vietnamese_syllables(lead) and not needs_model(lead)


def test_an_english_lead_naming_three_vietnamese_officials_is_still_english() -> None:
    # three names of that shape send the lead to the model, which reads it as English: its keys stay exact words
    from dedup.language import detect_language, vietnamese_syllables
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
    from dedup.language import apostrophe_letters, detect_language, needs_model, uzbek_suffixes

    assert not apostrophe_letters(UZBEK_WITHOUT_APOSTROPHES)
    assert uzbek_suffixes(UZBEK_WITHOUT_APOSTROPHES) and needs_model(UZBEK_WITHOUT_APOSTROPHES) and detect_language(UZBEK_WITHOUT_APOSTROPHES) == "uz"


@pytest.mark.parametrize("lead", [
    "Iraqi oil exports rose as Iraqi officials met Qantas and Iqbal Holdings in Baghdad, the ministry said on Monday.",
    "Net shr 12 cts vs 10 cts qtly div 5 cts vs 5 cts prior, the company said, adding that Bingqian would acuqire it.",
    "Beijing's Li Bingqian said the Qatar Investment Authority and Iqaluit's planning board met on Monday.",
])
def test_english_with_q_words_is_not_read_as_uzbek(lead: str) -> None:
    # Reuters-21578's 19,043 leads hold none with three words of those shapes (8 one: a name, typos)
    from dedup.language import needs_model, uzbek_suffixes

    assert not uzbek_suffixes(lead) and not needs_model(lead)
