"""dedup.figures: a text's figures by value in every language's way of writing them."""

from __future__ import annotations

import pytest

from dedup.figures import figure_values, groups_with_spaces, multiplier, numbers, writes_decimal_comma


@pytest.mark.parametrize(
    "text, language, found",
    [
        ("rose 1,200.5 from 3", None, {"1200.5", "3"}),
        ("stieg um 1.200,5 auf 3", "de", {"1200.5", "3"}),
        ("de 6,5 % à 30 000 euros", "fr", {"6.5", "30000"}),
        ("نحو ١٤ مليون و٢٫٥", "ar", {"14000000", "2.5"}),  # fourteen million (figures51: was read as 14)
        ("未来三天，二十五人受伤", "zh", {"3", "25"}),
        ("统一的政策", "zh", set()),  # 一 inside a word is no figure
    ],
    ids=["english", "german", "french-spaces", "arabic-indic", "chinese-numerals", "chinese-word"],
)
def test_figures_mean_the_same_in_every_locale(text: str, language: str | None, found: set[str]) -> None:
    assert numbers(text, language) == found


@pytest.mark.parametrize(("language", "comma", "spaces"), [
    ("sv", True, True), ("fi", True, True), ("fr", True, True), ("de", True, False), ("nl", True, False),
    ("en", False, False), (None, False, False), ("mk", True, False), ("bs", True, False),
])
def test_figure_separators_by_language(language: str | None, comma: bool, spaces: bool) -> None:
    assert (writes_decimal_comma(language), groups_with_spaces(language)) == (comma, spaces)


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("minskar med 1 200 miljoner kronor", "sv", {"1200000000"}),
    ("besparingar på 1,2 miljarder kronor", "sv", {"1200000000"}),
    ("42.000 mio. kr. og 17,3 mia. kr.", "da", {"42000000000", "17300000000"}),
    ("investeert 1.200 miljoen euro, 7,1 miljoen TEU", "nl", {"1200000000", "7100000"}),
    ("potrošili 14,5 milijardi eura i 99,6 milijuna noćenja", "hr", {"14500000000", "99600000"}),
    ("3 millionnaires et 12 maisons", "fr", {"3", "12"}),
    ("резерви од 4,9 милијарди евра и 1.200 милиони денари", "mk", {"4900000000", "1200000000"}),
    ("rezervat 10,8 milyard dollar, 4.500 milyon manat", "az", {"10800000000", "4500000000"}),
    ("15.218 milioi euro, %6,1 gehiago", "eu", {"15218000000", "6.1"}),
    ("3,2 miliardë euro, 10,1 milionë", "sq", {"3200000000", "10100000"}),
    ("3,41 milions de passatgers, 24.650 operacions", "ca", {"3410000", "24650"}),
    ("útgjöld 2,5 milljarðar, 8,5%", "is", {"2500000000", "8.5"}),
    ("9,2 млрд даляраў, 1,3 мільёна", "be", {"9200000000", "1300000"}),
], ids=["sv-millions", "sv-billions", "da-abbreviations", "nl", "hr-cases", "no-multiplier-word", "mk", "az", "eu",
        "sq", "ca", "is", "be"])
def test_a_figure_and_its_word_for_millions_are_one_number(text: str, language: str, expected: set[str]) -> None:
    assert numbers(text, language) == expected


def test_english_numbers_take_no_multiplier_word() -> None:
    assert numbers("1,2 miljarder and 5 mln", "en") == {"12", "5"}


@pytest.mark.parametrize(("word", "factor"), [("miljarder", 10**9), ("Mio", 1), ("mio", 10**6), ("tys", 1000),
                                              ("milionů", 10**6), ("миллиарда", 10**9), ("millionnaires", 1)])
def test_multiplier_words(word: str, factor: int) -> None:
    assert multiplier(word) == factor


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("un bénéfice de 412 M€ et des ventes de 6,3 Md€", "fr", {"412000000", "6300000000"}),
    ("2 Mds€ d'ici 2028", "fr", {"2000000000", "2028"}),
    ("R$ 2,3 bilhões e R$ 1 bilhão", "pt", {"2300000000", "1000000000"}),
    ("à 120 m de profondeur", "fr", {"120"}),
], ids=["m-and-md-euro", "mds-euro", "pt-billions", "metres-are-no-millions"])
def test_abbreviated_millions_and_portuguese_billions_multiply(text: str, language: str, expected: set[str]) -> None:
    """A French desk writes "412 M€" and "6,3 Md€" for "412 millions d'euros" and "6,3 milliards d'euros", a
    Brazilian one "bilhões": read as 412 and 6.3, the rewrite's figures contradicted its source's."""
    assert numbers(text, language) == expected


def test_kazakh_writes_a_decimal_comma() -> None:
    # "15,25 пайыз" was 1525 where "15.25" of a copy typed with a point was 15.25
    assert writes_decimal_comma("kk") and numbers("15,25 пайыз, 1 200 млрд теңге", "kk") == {"15.25", "1200000000000"}


# --- Figures read by value across writing systems (figures51): Chinese, Japanese and Korean multipliers, a decimal
# comma in languages that otherwise read figures as English does, Arabic number words. ---

@pytest.mark.parametrize(("text", "language", "expected"), [
    ("全年共交付新能源汽车38.6万辆，其中海外销量达到5.2万辆", "zh", {"386000", "52000"}),
    ("全年新能源车交付量为386000辆", "zh", {"386000"}),
    ("营业收入486.3亿元", "zh", {"48630000000"}),
    ("売上高は1億2000万円だった", "ja", {"120000000"}),
    ("観客は3万5000人", "ja", {"35000"}),
    ("5千万円の損失", "ja", {"50000000"}),
    ("인구는 386만 명", "ko", {"3860000"}),
    ("1억 2000만 원", "ko", {"120000000"}),
    ("营收1,200万元", "zh", {"12000000"}),
    ("增长22.7%，每10股派发4.5元", "zh", {"22.7", "10", "4.5"}),
], ids=["wan", "plain", "yi", "oku-and-man", "man-and-digits", "sen-man", "ko-man", "ko-eok-man", "grouped-wan", "no-multiplier"])
def test_east_asian_multipliers_are_read_into_the_figure(text: str, language: str, expected: set[str]) -> None:
    """A Chinese desk writes "38.6万辆" where another writes "386000辆": read as 38.6, a rewrite's figure
    contradicted its source's. 万 is ten thousand, 亿/億 a hundred million (Korean 만, 억)."""
    assert numbers(text, language) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("三万人", {"30000"}), ("五十万辆", {"500000"}), ("三千五百万元", {"35000000"}), ("二十五人", {"25"}),
    ("万科集团", set()),
], ids=["san-wan", "wushi-wan", "sanqian-wubai-wan", "no-wan", "a-name-with-wan"])
def test_chinese_numerals_multiply_by_wan(text: str, expected: set[str]) -> None:
    assert numbers(text, "zh") == expected


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("بقوة 5,8 درجات", "ar", {"5.8"}),
    ("بقوة 5.8 درجات", "ar", {"5.8"}),
    ("بقوة ٥٫٨ درجات", "ar", {"5.8"}),
    ("نحو 1,200 منزل", "ar", {"1200"}),
    ("نحو ١٬٢٠٠ منزل", "ar", {"1200"}),
    ("12,75 درهم", "ar", {"12.75"}),
    ("1,00,000 रुपये", "hi", {"100000"}),
    ("1,234,5", "ar", {"12345"}),
], ids=["maghreb-comma", "mashreq-point", "arabic-indic", "thousands", "arabic-thousands", "two-decimals",
        "indian-grouping", "two-commas"])
def test_a_comma_before_one_or_two_digits_is_decimal_outside_english(text: str, language: str, expected: set[str]) -> None:
    """A Maghreb desk writes "5,8" in Arabic copy where a Mashreq one writes "5.8": read as 58. A comma
    before exactly three digits stays a thousands separator, and several commas a grouping."""
    assert numbers(text, language) == expected


def test_english_keeps_its_reading_of_a_comma() -> None:
    # the compiled kernel reads English figures as before (its twin): a comma is dropped
    assert numbers("up 5,8 and 1,200", "en") == numbers("up 5,8 and 1,200") == {"58", "1200"}


@pytest.mark.parametrize(("text", "expected"), [
    ("قتل أربعة عشر شخصاً وجرح 87", {"14", "87"}),
    ("على عمق عشرة كيلومترات", {"10"}),
    ("أربعين شاحنة", {"40"}),
    ("أكثر من عشرين هزة", {"20"}),
    ("خمسة وعشرون قتيلا", {"25"}),
    ("ثلاث سنوات", {"3"}),
    ("مساء الثلاثاء والاثنين", set()),
    ("القرن التاسع عشر", set()),
    ("الساعة الحادية عشرة", set()),
    ("خمس السكان", set()),
], ids=["teen", "ten", "forty", "twenty", "compound", "three", "weekdays", "an-ordinal", "an-ordinal-feminine",
        "a-fifth"])
def test_arabic_number_words_are_figures(text: str, expected: set[str]) -> None:
    """A desk writes "أربعة عشر" (fourteen) where its source wrote "14": words from three to ninety-nine,
    not those that also write a fraction or an ordinal ("خمس", a fifth; "التاسع عشر", nineteenth)."""
    assert numbers(text, "ar") == expected


def test_an_arabic_number_word_after_a_noun_with_the_article_is_a_figure() -> None:
    # "إلى المنطقة أربعين شاحنة" (forty lorries to the region): only a ten after the article is an ordinal's
    assert numbers("ووجهت السلطات إلى المنطقة أربعين شاحنة", "ar") == {"40"}


@pytest.mark.parametrize(("one", "other", "language"), [
    ("交付38.6万辆,营收486.3亿元", "交付386000辆,营收48,630,000,000元", "zh"),
    ("بقوة 5,8 درجات ومقتل أربعة عشر شخصا", "بقوة 5.8 درجات ومقتل 14 شخصا", "ar"),
    ("1,3 miljoen inwoners en 1.400 woningen", "1.300.000 inwoners en 1400 woningen", "nl"),
    ("기준금리 3.50%", "기준금리 3.5%", "ko"),
], ids=["zh", "ar", "nl", "trailing-zero"])
def test_figure_values_agree_however_a_desk_writes_them(one: str, other: str, language: str) -> None:
    assert figure_values(one, language) == figure_values(other, language) != frozenset()


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("2025ean 45 milioi euro", "eu", {"45000000"}),  # a year with its case ending is no figure, as written
    ("G20 summit on 3 May", "sw", set()),  # a code, a single digit
    ("2025年3月28日发布,营收486.3亿元", "zh", {"48630000000"}),  # a date's figures are the date's
    ("و40 شاحنة", "ar", {"40"}),  # "and forty": a one-letter prefix is no word
], ids=["case-ending", "code-and-digit", "dense-date", "arabic-prefix"])
def test_figure_values_leave_codes_dates_and_single_digits(text: str, language: str, expected: set[str]) -> None:
    assert figure_values(text, language) == expected


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("1,3 مليون نسمة و40 ألف منزل و2 مليار دولار", "ar", {"1300000", "40000", "2000000000"}),
    ("3 ملايين نسمة", "ar", {"3000000"}),
    ("1.3 लाख लोग और 5 करोड़ रुपये", "hi", {"130000", "50000000"}),
], ids=["arabic-million-thousand-billion", "arabic-millions", "lakh-and-crore"])
def test_arabic_and_hindi_words_for_thousands_and_millions_multiply(text: str, language: str, expected: set[str]) -> None:
    """"1,3 مليون" against "1.300.000", "1.3 लाख" against "130,000": read as 1.3, the figures disagreed."""
    assert numbers(text, language) == expected


# --- number words and English's words for millions, read by value (figures52) ---

@pytest.mark.parametrize("language, words, digits", [
    ("en", "Fourteen people died and twenty-five were hurt", "14 people died and 25 were hurt"),
    ("en", "a twenty five-member board", "a 25-member board"),
    ("de", "vierzehn Tote und fünfundzwanzig Verletzte", "14 Tote und 25 Verletzte"),
    ("fr", "quatorze morts et vingt-cinq blessés, soixante-quinze disparus", "14 morts et 25 blessés, 75 disparus"),
    ("fr", "vingt et un morts", "21 morts"),
    ("es", "catorce muertos y treinta y cinco heridos, veinticinco desaparecidos", "14 muertos y 35 heridos, 25 desaparecidos"),
    ("pt", "catorze mortos e vinte e cinco feridos", "14 mortos e 25 feridos"),
    ("it", "quattordici morti e venticinque feriti", "14 morti e 25 feriti"),
    ("nl", "veertien doden en vijfentwintig gewonden", "14 doden en 25 gewonden"),
    ("ru", "четырнадцать погибших и двадцать пять раненых", "14 погибших и 25 раненых"),
])
def test_number_words_are_the_figures_in_digits(language: str, words: str, digits: str) -> None:
    """A desk writing "fourteen" for "14" restates the figure; read as written the two texts shared none."""
    assert figure_values(words, language) == figure_values(digits, language) != frozenset()


@pytest.mark.parametrize("language, text", [
    ("en", "one of the six ministers, the second time in nine months"),  # units and ordinals: no figure
    ("en", "the twenty-fifth anniversary"),
    ("fr", "le dix-huitième siècle, un ministre"),
    ("de", "ein Minister und die Elf"),
    ("it", "i venti del nord"),  # winds
    ("es", "uno de los seis ministros"),
])
def test_articles_ordinals_and_units_alone_are_no_figures(language: str, text: str) -> None:
    assert figure_values(text, language) == frozenset()


def test_english_words_for_millions_multiply_their_figure() -> None:
    from dedup.numerals import english_figures

    values = {value for _, _, value in english_figures(
        "1.3 million, $1.3 mln, 1.3bn, 2 bln, US$40k, 1,300 million, six million and fourteen")}
    assert values == {"1300000", "1300000000", "2000000000", "40000", "6000000", "14"}
    assert english_figures("a 1.3m wall and 5k run") == []  # "m" and "k" only after a currency sign
    # a figure hyphenated to its word for millions, as Reuters writes an adjective: "108-billion-dlr", "40-mln dlr"
    hyphenated = english_figures("Brazil's 108-billion-dlr debt, a 40-mln dlr purchase, a two-mln-dlr loan")
    assert [value for _, _, value in hyphenated] == ["108000000000", "40000000", "2000000"]


@pytest.mark.parametrize("said, value", [
    ("about six hundred and eighty thousand dollars", "680000"),
    ("more than four hundred million dollars", "400000000"),
    ("a hundred and eight degrees", "108"),
    ("one hundred people", "100"),
    ("twelve and a half billion dollars", "12500000000"),
    ("just over thirty-one and a half thousand homes", "31500"),
    ("a 1958 structure, built in nineteen fifty-eight", "1958"),
    ("since early twenty-twenty", "2020"),
    ("in twenty twenty-four", "2024"),
])
def test_english_said_as_a_broadcast_says_it_is_one_figure(said: str, value: str) -> None:
    """A script's hundreds, halves before a word for thousands or more, and years said in two pairs are
    one figure each, not their last word's ("six hundred and eighty thousand" is no 80000)."""
    from dedup.numerals import english_figures

    assert value in [v for _, _, v in english_figures(said)]
    assert len(english_figures(said)) == 1


@pytest.mark.parametrize("text, values", [
    ("twenty five were hurt", ["25"]),
    ("two and a half times as many", []),
    ("the twenty fifteen-year-olds", ["20", "15"]),
    ("twenty thousand and twelve hundred", ["20000", "12"]),
])
def test_english_words_that_say_no_hundred_half_or_year_read_as_before(text: str, values: list[str]) -> None:
    from dedup.numerals import english_figures

    assert [v for _, _, v in english_figures(text)] == values


def test_the_ukrainian_abbreviation_for_thousands_multiplies_its_figure() -> None:
    # "12 тис. т" (12 thousand tonnes) as a Ukrainian desk writes it, as the Russian "тыс." is read
    assert figure_values("експорт 12 тис. т зерна", "uk") == figure_values("експорт 12 000 т зерна", "uk") == {"12000"}


@pytest.mark.parametrize("text, language, expected", [
    ("22日至23日,风力4至5级,气温下降8至12摄氏度", "zh", {"22", "23", "4", "5", "8", "12"}),  # days, single digits, ranges' ends
    ("640 duizend banen, inflatie 1,5 %", "nl", {"640000", "1.5"}),
    ("640.000 banen, inflatie 1.5 procent", "nl", {"640000", "1.5"}),
    ("rose 1.3 million, up fourteen pct, at 7 pct", "en", {"1300000", "14", "7"}),
    ("the G20 met in 2025ean", "eu", set()),  # digits run into a word: a code, a case ending
])
def test_a_forms_slots_keep_single_digits_and_dates_by_value(text: str, language: str, expected: set[str]) -> None:
    from dedup.figures import slot_values

    assert slot_values(text, language) == expected
    # the figures the agreement reads leave single digits and a date's figures out; the slots keep them
    assert figure_values(text, language) <= slot_values(text, language)


@pytest.mark.parametrize(("text", "language", "values"), [
    ("přes 318 tisíc lidí", "cs", {"318000"}), ("vairāk nekā 54 tūkstoši", "lv", {"54000"}),
    ("11 ارب ڈالر اور 84 کروڑ", "ur", {"11000000000", "840000000"}), ("৬০ লাখ টাকা", "bn", {"6000000"}),
    ("bron i 2 miliwn o bobl", "cy", {"2000000"}), ("12 juta orang, 5 ribu rumah", "id", {"12000000", "5000"}),
])
def test_words_for_thousands_and_millions_of_more_languages(text: str, language: str, values: set[str]) -> None:
    assert figure_values(text, language) == values


@pytest.mark.parametrize("written", ["42 mıllıard", "42 mi'lli'ard", "42 milliard", "42 миллиард"])
def test_kazakh_milliards_in_each_of_its_alphabets(written: str) -> None:
    # Kazakh sites printed the Latin alphabets of 2017 (apostrophes) and 2018 (dotless ı) in their turn: a reprint's
    # "42 mıllıard" read as 42 was a figure changed, and a partial copy of a Cyrillic story read as a form refilled
    assert figure_values(written, "kk") == {"42000000000"}
    assert figure_values(written.replace("ard", "on").replace("ард", "он"), "kk") == {"42000000"}


@pytest.mark.parametrize(
    "whole, parts, language",
    [
        ("23,4 milyar", "23 milyar 400 milyon", "tr"),
        ("31.4 کروڑ", "31 کروڑ 40 لاکھ", "ur"),
        ("11.84 ارب", "11 ارب 84 کروڑ", "ur"),
        ("1.250 miliar", "1 triliun 250 miliar", "id"),
        ("2.500", "2 bin 500", "tr"),
        ("१८७४२०", "१ लाख ८७ हजार ४२०", "ne"),
        ("642,3 अर्ब", "६ खर्ब ४२ अर्ब ३० करोड", "ne"),
        ("23456000000", "২ হাজার ৩৪৫ কোটি ৬০ লাখ", "bn"),
        ("18,4 milyon", "18 milyon û 400 hezar", "ku"),
        ("21,46 млрд", "21 млрд 460 млн", "tg"),
        ("3 005 тыс", "3 млн и 5 тыс", "ru"),
    ],
    ids=["turkish", "urdu-lakh", "urdu-arab", "indonesian", "turkish-bin", "nepali-lakh", "nepali-kharab", "bengali",
         "kurdish-and", "tajik", "russian-and"],
)
def test_an_amount_written_in_parts_is_one_figure(whole: str, parts: str, language: str) -> None:
    """"23 milyar 412 milyon" read as 23 and 412000000 parted a rewrite's sentence from its source's "23,4 milyar";
    each part's word for a smaller power after the one before it adds to it (fifty-seventh round)."""
    assert numbers(parts, language) == numbers(whole, language) and len(numbers(parts, language)) == 1
    assert figure_values(parts, language) == figure_values(whole, language)


@pytest.mark.parametrize(
    "text, language, found",
    [
        ("2 bin, 500 kişi", "tr", {"2000", "500"}),  # a comma: two figures
        ("1,2 milyon 2025 yılında", "tr", {"1200000", "2025"}),  # a bare number after millions: another figure
        ("5 milyon ve 300", "tr", {"5000000", "300"}),  # a bare number after "and": another figure
        ("400 milyon 2 milyar", "tr", {"400000000", "2000000000"}),  # a larger power after a smaller one
        ("1,5 milyar 300 milyon", "tr", {"1500000000", "300000000"}),  # a part with decimals is no amount in parts
    ],
    ids=["comma", "year-after-millions", "bare-after-and", "larger-power", "decimal-part"],
)
def test_figures_next_to_one_another_that_are_no_amount_in_parts(text: str, language: str, found: set[str]) -> None:
    assert numbers(text, language) == found


@pytest.mark.parametrize(
    "whole, parts, language",
    [
        ("1245000", "୧୨ ଲକ୍ଷ ୪୫ ହଜାର", "or"),
        ("2864 କୋଟି", "୨ ହଜାର ୮୬୪ କୋଟି", "or"),
        ("১,৮৬,০০০", "১.৮৬ লাখ", "as"),
        ("12000", "১২ হাজাৰ", "as"),
        ("5.86 مىليون", "5 مىليون 860 مىڭ", "ug"),
        ("42.6 مىليارد", "42 مىليارد 600 مىليون", "ug"),
        ("9.412 մլրդ", "9 մլրդ 412 մլն", "hy"),
        ("85000000", "85 tapitrisa", "mg"),
        ("86300000", "R86,3 yezigidi", "xh"),
    ],
    ids=["odia-lakh", "odia-crore", "assamese-lakh", "assamese-thousand", "uyghur-million", "uyghur-billion",
         "armenian", "malagasy", "xhosa"],
)
def test_the_thirteenth_cases_words_for_powers_are_read(whole: str, parts: str, language: str) -> None:
    """Odia's, Assamese's (its "হাজাৰ" with the letter ৰ), Uyghur's, Armenian's, Malagasy's and Xhosa's words for
    thousands, lakhs, millions, crores and billions after a figure (fifty-eighth round): read as figures alone before,
    "5 مىليون 860 مىڭ" as 5 and 860, a rewrite's "5.86 مىليون" disagreed with its source's amount in parts."""
    assert numbers(parts, language) == numbers(whole, language) and len(numbers(parts, language)) == 1


@pytest.mark.parametrize(
    "text, language, found",
    [
        ("19.842 Leit, 6,1 Prozent", "lb", {"19842", "6.1"}),
        ("3.200 húsarhaldum, 4,5 metrar", "fo", {"3200", "4.5"}),
        ("Olona 12 450, 6,5%", "mg", {"12450", "6.5"}),
        ("inzu 1 460, 6,5%", "rw", {"1460", "6.5"}),
        ("abahlali abamalunga nama-410 000, ezili-14,6", "xh", {"410000", "14.6"}),
    ],
    ids=["luxembourgish", "faroese", "malagasy", "kinyarwanda", "xhosa"],
)
def test_the_thirteenth_cases_local_figures_are_read(text: str, language: str, found: set[str]) -> None:
    """A decimal comma, and thousands grouped with full stops (Luxembourgish, Faroese) or spaces (Malagasy,
    Kinyarwanda, Xhosa): "410 000" was two figures and "19.842" nineteen and a fraction."""
    assert numbers(text, language) == found


@pytest.mark.parametrize(("text", "language", "rough"), [
    ("১২ হাজাৰ হেক্টৰতকৈ বেছি মাটিৰ খেতি", "as", "12000"),
    ("৮৭টা শিবিৰত ২১ হাজাৰৰো অধিক লোকে", "as", "21000"),
    ("১২ হাজারের বেশি মানুষ", "bn", "12000"),
    ("१२ हजार से अधिक लोग", "hi", "12000"),
    ("१२ हजार भन्दा बढी मानिस", "ne", "12000"),
    ("12 ہزار سے زائد افراد", "ur", "12000"),
    ("12.000'den fazla kişi", "tr", "12000"),
    ("2,1 млн квадрат метрдан артык торак", "tt", "2100000"),
    ("598 мең тоннанан ашыу һөт", "ba", "598000"),  # its thousand read since the sixty-first round
    ("Lebap welaýaty 341 müň tonnadan gowrak pagta", "tk", "341000"),
])
def test_more_than_written_after_a_figure_is_a_hedge(text: str, language: str, rough: str) -> None:
    """"More than" as the languages that write it after the figure say it (a word or case ending for "than" on the
    figure, its power word or its unit, then "more"): the figure is said to be approximate. Fails without the reading."""
    from dedup.figures import approximate_values

    assert rough in approximate_values(text, language)


@pytest.mark.parametrize(("text", "language"), [
    ("4,8 процентка күбрәк", "tt"),  # 4.8 per cent more: a difference, no "than"
    ("২১,৬৫০ জন লোকে আশ্ৰয় লৈছে", "as"),
    ("१२ हजार लोग और अधिक", "hi"),
])
def test_more_alone_after_a_figure_is_no_hedge(text: str, language: str) -> None:
    from dedup.figures import approximate_values

    assert approximate_values(text, language) == frozenset()


@pytest.mark.parametrize(("text", "language", "found"), [
    ("Diskarget eo bet 38 450 tonenn pesked, 4,2 % muioc'h", "br", {"38450", "4.2"}),
    ("Las escòlas acuèlhon 4 312 escolans, 5,6 % de mai", "oc", {"4312", "5.6"}),
    ("уртаса һауым 6 142 килограмм, 2,8 процентҡа", "ba", {"6142", "2.8"}),
    ("ортача 6 142 килограмм, 2,8 процентка", "tt", {"6142", "2.8"}),
    ("her gektardan 22,8 sentner, 550 000 gektar", "tk", {"22.8", "550000"}),
], ids=["breton", "occitan", "bashkir", "tatar", "turkmen"])
def test_the_fifteenth_cases_figures_grouped_with_spaces_are_read(text: str, language: str, found: set[str]) -> None:
    """Breton and Occitan write figures as French does, Bashkir and Tatar as Russian does, Turkmen alike: a decimal
    comma and thousands grouped with a space. "38 450 tonenn" was two figures, 38 and 450, and "4,2" four and two."""
    assert numbers(text, language) == found


@pytest.mark.parametrize(("text", "language", "found"), [
    ("٨٤٢ هەزار تەن گەنم، ٤٨٥ ملیار دینار", "ckb", {"842000", "485000000000"}),
    ("712,4 пин тăваткал метр, 6 214 хваттер", "cv", {"712400", "6214"}),
    ("Chaidh 1,184,200 meatair, còrr is 1.18 millean meatair", "gd", {"1184200", "1180000"}),
    ("passa 2,8 milliuns pernottaziuns", "rm", {"2800000"}),
    ("he 2.4 piriona tāra, 1.5 miriona", "mi", {"2400000000", "1500000"}),
    ("paʻanga ʻe 1.2 piliona", "to", {"1200000000"}),
], ids=["sorani", "chuvash", "gaelic", "romansh", "maori", "tongan"])
def test_the_sixteenth_cases_power_words_are_read(text: str, language: str, found: set[str]) -> None:
    """Sorani's and Chuvash's words for a thousand, Gaelic's, Romansh's and Maori's for a million, Maori's and
    Tongan's for a thousand millions multiply the figure before them: "1.18 millean" was 1.18 against its source's
    1,184,200, and Chuvash's "6 214" two figures."""
    assert numbers(text, language) == found


@pytest.mark.parametrize(("text", "language", "found"), [
    ("1 million 252 müň 400 tonna, 341 müň 600 tonna", "tk", {"1252400", "341600"}),
    ("1 млн 412 мең тонна", "ba", {"1412000"}), ("2 млн 146 мең", "tt", {"2146000"}),
    ("12 мыңнан астам", "kk", {"12000"}), ("12 миң", "ky", {"12000"}), ("12 ming tonna", "uz", {"12000"}),
], ids=["turkmen", "bashkir", "tatar", "kazakh", "kyrgyz", "uzbek"])
def test_the_turkic_thousand_is_read(text: str, language: str, found: set[str]) -> None:
    """The Turkic languages' word for a thousand multiplies the figure before it and joins an amount written in parts:
    TDH's "1 million 252 müň 400 tonna" was three figures, 1000000, 252 and 400, which its rewrite's "1,25 million"
    met none of."""
    assert numbers(text, language) == found


@pytest.mark.parametrize(
    "text, language, found",
    [
        ("总产量一千六百零二点四亿斤，增长百分之二点三", "zh", {"160240000000", "2.3"}),
        ("仓储能力达一点二五亿吨，多出三百四十万亩", "zh", {"125000000", "3400000"}),  # was "二五亿": 2500000000
        ("下午三点三十分，有一点儿，千万不要，一点一滴", "zh", set()),  # an hour, "a little", "by all means", "bit by bit"
        ("約百十九万人と、伸びは四・二％にとどまった", "ja", {"1190000", "4.2"}),
        ("令和八年十一月に、十二月七日", "ja", set()),  # a date's numerals, as "2026年11月" is read: no figure
        ("ከ፻፳፬ ሺህ ቶን በላይ፤ ፪ ነጥብ ፭ ቢሊዮን ዶላር", "am", {"124000", "2500000000"}),  # Ethiopic numerals
        ("በ14 ነጥብ 6 በመቶ፤ 2 ነጥብ 5 ቢሊዮን ዶላር", "am", {"14.6", "2500000000"}),  # the decimal point said in a word
        ("۳۵ میلیارد و ۴۲۰ میلیون دلار و 38.7 میلیارد", "fa", {"35420000000", "38700000000"}),
        ("প্রায় 2.47 বিলিয়ন ডলার, 486 মিলিয়ন", "bn", {"2470000000", "486000000"}),
    ],
    ids=["chinese-decimal-percent", "chinese-decimal-multiplier", "chinese-not-figures", "japanese-kanji",
         "japanese-era-date", "ethiopic-numerals", "amharic-point-word", "persian-in-parts", "bengali-loanwords"],
)
def test_figures_in_other_numeral_systems_are_read_by_value(text: str, language: str, found: set[str]) -> None:
    """A desk restating a figure in another numeral system (nineteenth cases, sixty-fourth round): read by value,
    the figures of a Chinese rewrite in Chinese numerals, an Amharic one in Ethiopic numerals, a Persian one's
    amounts in parts and a Bengali one's billions are its source's, where they were none or another value."""
    assert figure_values(text, language) == found


@pytest.mark.parametrize(
    "text, language, found",
    [
        ("Naira miliyan 850 da Naira biliyan 6.8", "ha", {"850000000", "6800000000"}),
        ("shilingi milioni 5 na laki 3, na elfu 12", "sw", {"5300000", "12000"}),  # an amount in parts, "and" between
        ("ddoola obukadde 186.5 ne bukadde 1.5", "lg", {"186500000", "1500000"}),
        ("sidi ɔpepem 2,480", "ak", {"2480000000"}),
        ("shilingi milioni 5.2 milioni", "sw", {"5200000"}),  # a word after the figure is its multiplier, as before
        ("Naira miliyan 850", "en", {"850"}),  # English writes none before: read as before
    ],
    ids=["hausa", "swahili-parts", "luganda", "akan", "swahili-word-after", "english"],
)
def test_a_word_for_millions_before_the_figure_multiplies_it(text: str, language: str, found: set[str]) -> None:
    """Hausa, Swahili, Luganda, Akan and their neighbours write the word for thousands or millions before the figure
    (:func:`dedup.figures.powers_after`): read so, "Naira biliyan 6.8" is its rewrite's 6.8 billion, not 6.8."""
    assert figure_values(text, language) == found
