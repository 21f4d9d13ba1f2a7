"""dedup.fact_figures: figures read by value whatever a desk writes (separators, fractions, multipliers, the
words for millions of each language, Chinese, Japanese and Arabic figures), through the facts a text gives."""

from __future__ import annotations

import pytest

from dedup.fact_figures import figure_pattern, written_figures
from dedup.facts import all_facts, extract_facts


def _facts(text: str, kind: str) -> list[tuple[str, str]]:
    return [(f.text, f.key) for f in extract_facts(text, [(0, len(text))]) if f.kind == kind]


def test_written_figures_inside_a_span_are_offsets_into_the_text() -> None:
    text = "Sales rose 2.5 pct. Net was 5 mln dlrs, up from 1,000."
    start = text.index("Net")
    read = written_figures(text, start, len(text), "en", figure_pattern("en"), False)
    assert read == [(28, 33, "5e+06"), (48, 53, "1000")]
    assert [text[a:b] for a, b, _ in read] == ["5 mln", "1,000"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sales rose 2.5 pct to 5 mln dlrs.", [("2.5 pct", "2.5"), ("5 mln", "5e+06")]),
        ("It paid $5 million for 1,000 shares.", [("$5 million", "5e+06"), ("1,000", "1000")]),
        ("Output rose 84% in March.", [("84%", "84")]),
        ("Inflation was 3,5 percent.", [("3,5 percent", "3.5")]),
        ("The stock rose 3/8 to 11-5/8.", [("3/8", "0.375"), ("11-5/8", "11.625")]),
        ("Bonds firmed 3/32 to 101-17/32, a 1-1/2 mln dlr issue.",
         [("3/32", "0.09375"), ("101-17/32", "101.531"), ("1-1/2 mln", "1.5e+06")]),
        ("It was quoted at 6-1/4-6-3/8.", [("6-1/4", "6.25"), ("6-3/8", "6.375")]),
        ("Filed 3/15/87 for the 1986/87 crop, 24/7.", [("3", "3"), ("15", "15"), ("87", "87"), ("24", "24"), ("7", "7")]),
        ("Bid 2.85-1/2, asked 1,000-1/4.", [("2.85", "2.85"), ("1/2", "0.5"), ("1,000", "1000"), ("1/4", "0.25")]),
    ],
    ids=["reuters-style", "spelled-out", "percent-sign", "decimal-comma", "fraction-prices", "bond-prices",
         "price-range", "slashes-that-are-no-fractions", "fractions-after-decimals-and-thousands"],
)
def test_figures_by_value(text: str, expected: list[tuple[str, str]]) -> None:
    assert _facts(text, "figure") == expected


def test_any_run_of_digits_and_marks_reads_as_figures_without_error() -> None:
    import random

    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice("0123456789-/.,% $x ") for _ in range(rng.randrange(1, 30)))
        for fact in extract_facts(text, [(0, len(text))]):
            assert fact.kind != "figure" or float(fact.key) >= 0


# Sentences long enough for their language to be detected; each writes the same figures another way.
_GROUPED = {
    "sv": ("Bolaget räknar med att kostnaderna minskar med {} kronor om året, meddelade Scania på tisdagen i "
           "Södertälje."),
    "no": ("Oljefondet tjente {} kroner i første halvår, opplyste Norges Bank Investment Management tirsdag. Det "
           "er det nest beste halvåret i fondets historie."),
    "cs": "Zápas na stadionu v Praze sledovalo podle pořadatelů celkem {} diváků, uvedl klub v neděli.",
    "fr": "Selon la préfecture, quelque {} personnes ont manifesté samedi dans les rues de Paris contre la réforme.",
    "de": "Die Bank teilte am Dienstag mit, dass der Gewinn im vergangenen Jahr auf {} Euro gestiegen sei.",
    "nl": "Volgens het havenbedrijf heeft de haven van Rotterdam vorig jaar {} euro geïnvesteerd in nieuwe kades.",
}


@pytest.mark.parametrize(("language", "written", "key"), [
    ("sv", "17 745", "17745"), ("sv", "17\u00a0745", "17745"), ("sv", "17\u202f745", "17745"), ("sv", "17745", "17745"),
    ("no", "17 745", "17745"), ("no", "1 200 000", "1.2e+06"), ("cs", "12 450", "12450"),
    ("fr", "30 000", "30000"), ("fr", "1 200,5", "1200.5"),
    ("de", "17.745", "17745"), ("de", "1.200,5", "1200.5"), ("de", "17'745", "17745"), ("de", "17’745", "17745"),
    ("nl", "1.200", "1200"), ("nl", "2,5", "2.5"),
], ids=lambda v: v if isinstance(v, str) and v.isalpha() else None)
def test_thousands_grouped_as_the_language_writes_them_are_one_figure(language: str, written: str, key: str) -> None:
    text = _GROUPED[language].format(written)
    assert _facts(text, "figure") == [(written, key)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Article 5 300 people were questioned by the police on Tuesday, the ministry said in a statement.",
     [("5", "5"), ("300", "300")]),
    ("In 2024 12 firms closed their doors in the city, the chamber of commerce said in its report.", [("12", "12")]),
    ("Sales rose to 17.745 mln dlrs from 12.5 mln dlrs, the company said in a statement on Tuesday.",
     [("17.745 mln", "1.7745e+07"), ("12.5 mln", "1.25e+07")]),
    ("The fund paid 1\u00a0200 dlrs and 1'200 dlrs, the company said in a statement on Tuesday.",
     [("1\u00a0200", "1200"), ("1'200", "1200")]),
    ("The ministry gave 1,00,000 rupees and 1,00,00,000 rupees to the states, it said on Tuesday.",
     [("1,00,000", "100000"), ("1,00,00,000", "1e+07")]),
], ids=["english-space-is-two-figures", "year-then-count", "english-decimal-point", "no-break-space-and-apostrophe",
        "indian-lakh-and-crore"])
def test_english_groups_thousands_only_by_commas_no_break_spaces_and_apostrophes(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert _facts(text, "figure") == expected


def test_a_year_before_a_space_grouped_figure_stays_a_year() -> None:
    text = "Zysk spółki wyniósł w 2024 12 345 tys. zł, podała firma w komunikacie prasowym we wtorek."
    assert _facts(text, "figure") == [("12 345 tys", "1.2345e+07")]
    assert [f.key for f in all_facts(text) if f.kind == "date"] == ["yr:2024"]


@pytest.mark.parametrize(("source", "rewrite"), [
    ("Bolaget räknar med att kostnaderna minskar med 1 200 miljoner kronor om året, meddelade Scania på tisdagen.",
     "Bolaget väntar sig årliga besparingar på 1,2 miljarder kronor, och facket kallas till förhandlingar i november."),
    ("Volgens het havenbedrijf investeert de haven van Rotterdam 1.200 miljoen euro in nieuwe kades en leidingen.",
     "Het havenbedrijf steekt de komende jaren 1,2 miljard euro in nieuwe kades en leidingen voor waterstof."),
    ("Koncernen forventer et driftsoverskud på 42.000 mio. kr. i år, oplyste selskabet i forbindelse med regnskabet.",
     "Selskabet venter nu et driftsoverskud på 42 mia. kr. i år, og aktien steg kraftigt efter meddelelsen i dag."),
    ("Turisti su u Hrvatskoj tijekom ljeta potrošili 14,5 milijardi eura, objavilo je ministarstvo turizma u petak.",
     "Ministarstvo turizma objavilo je da su turisti ovog ljeta u Hrvatskoj potrošili 14.500 milijuna eura."),
], ids=["swedish-millions-and-billions", "dutch", "danish-abbreviations", "croatian"])
def test_a_figure_in_millions_or_billions_is_one_value_in_other_languages(source: str, rewrite: str) -> None:
    (first,), (second,) = _facts(source, "figure"), _facts(rewrite, "figure")
    assert first[1] == second[1]


def test_english_multipliers_are_unchanged() -> None:
    text = "The firm sold 5 mia shares and 3 millionaires bought 2 mio of them, the company said in a statement."
    assert _facts(text, "figure") == [("5", "5"), ("3", "3"), ("2", "2")]


def test_a_word_that_only_starts_like_a_multiplier_is_none() -> None:
    text = "Selon la préfecture, 3 millionnaires ont acheté 12 maisons à Paris l'an dernier, selon le journal."
    assert _facts(text, "figure") == [("3", "3"), ("12", "12")]


# --- Figures read by value across writing systems (figures51) ---

@pytest.mark.parametrize(("source", "rewrite", "key"), [
    ("公司全年共交付新能源汽车38.6万辆，是上年的近三倍。", "全年新能源车交付量为386000辆，约为上年的三倍。", "386000"),
    ("全年实现营业收入486.3亿元，同比增长22.7%。", "2025年其营收达48,630,000,000元。", "4.863e+10"),
    ("売上高は1億2000万円で、前年から増えた。", "売上高は120,000,000円で、前年から増えた。", "1.2e+08"),
], ids=["wan", "yi", "oku-man"])
def test_an_east_asian_figure_and_its_multiplier_are_one_value(source: str, rewrite: str, key: str) -> None:
    """Chinese and Japanese figures run into the words around them ("收入486.3亿元"): none was read, and
    "5.2万辆" was read as 5."""
    read = [{f.key for f in all_facts(t) if f.kind == "figure"} for t in (source, rewrite)]
    assert key in read[0] and key in read[1]


def test_a_figure_before_a_multiplier_is_not_read_as_its_integer_part() -> None:
    keys = {f.key for f in all_facts("海外销量达到5.2万辆，是上年的近三倍。") if f.kind == "figure"}
    assert "5" not in keys and "52000" in keys


@pytest.mark.parametrize(("source", "rewrite", "key"), [
    ("ضرب زلزال بقوة 5.8 درجات على مقياس ريختر مساء الثلاثاء منطقة جبلية في جنوب المغرب.",
     "وبلغت قوة الهزة 5,8 درجات، وحدد مركزها قرب البلدة على عمق عشرة كيلومترات.", "5.8"),
    ("ما أسفر عن مقتل 14 شخصاً وإصابة 87 آخرين، بحسب حصيلة أولية أعلنتها وزارة الداخلية.",
     "قتل أربعة عشر شخصاً وجرح 87 في زلزال قوي هز مساء الثلاثاء جبال جنوب المغرب.", "14"),
], ids=["decimal-comma", "words"])
def test_arabic_figures_by_value_whatever_the_desk_writes(source: str, rewrite: str, key: str) -> None:
    read = [{f.key for f in all_facts(t) if f.kind == "figure"} for t in (source, rewrite)]
    assert key in read[0] and key in read[1]


def test_an_arabic_figure_after_a_one_letter_prefix_is_read() -> None:
    # "و1,3 مليون" (and 1.3 million): the conjunction is written onto the figure; "G20" stays a code
    keys = {f.key for f in all_facts("وأرسلت السلطات 40 شاحنة و1,3 مليون دولار إلى المنطقة.") if f.kind == "figure"}
    assert keys == {"40", "1.3e+06"}
    assert not [f for f in all_facts("The G20 leaders met in Rome on Monday.") if f.kind == "figure"]


def test_an_amount_in_parts_is_one_fact() -> None:
    """"২৪৬ কোটি ৮০ লাখ" (246 crore 80 lakh) and "১ হাজার ২১৪ কোটি" are one figure each, as the figure sets read
    them, so that a rewrite's "2.468 billion" and "12.14 billion" can meet them; a figure alone keeps its key."""
    text = "রেমিট্যান্স ২৪৬ কোটি ৮০ লাখ ডলার, মোট ১ হাজার ২১৪ কোটি ডলার, বৃদ্ধি ১৮.৪ শতাংশ।"
    assert [key for kind, key in _facts(text, "figure")] == ["2.468e+09", "1.214e+10", "18.4"]
