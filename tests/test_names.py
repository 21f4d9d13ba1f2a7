"""Names in scripts without capitals (dedup/names.py), and what they do downstream: a name changed
between a copy and its source shows as a changed name in the fact diff, and an independent report that
names other people does not agree with the source on names."""

from __future__ import annotations

import pytest

from dedup.factdiff import diff_facts
from dedup.facts import extract_facts
from dedup.names import caseless_names, has_caseless_script
from dedup.shingles import tokenize_batch
from dedup.tokens import TokenBatch

# Per script: (source, the source's names, a copy with one name replaced, (old, new), an independent
# report of the same kind of event naming someone else).
CASES = {
    "zh": ("国家主席习近平12日在北京会见了来访的法国总统马克龙，双方就贸易问题交换了意见。",
           {"习近平", "马克龙"},
           "国家主席习近平12日在北京会见了来访的法国总统奥朗德，双方就贸易问题交换了意见。", ("马克龙", "奥朗德"),
           "外交部发言人汪文斌表示，中法两国元首的会晤取得了积极成果。"),
    "ja": ("日本銀行の植田和男総裁は10日、金融政策決定会合後の記者会見で、追加利上げの可能性に言及した。",
           {"植田和男"},
           "日本銀行の黒田東彦総裁は10日、金融政策決定会合後の記者会見で、追加利上げの可能性に言及した。", ("植田和男", "黒田東彦"),
           "岸田首相は10日、官邸で記者団に対し、物価対策を急ぐ考えを示した。"),
    "ko": ("윤석열 대통령은 10일 국무회의에서 물가 안정을 최우선 과제로 제시했다.",
           {"윤석열"},
           "이재명 대통령은 10일 국무회의에서 물가 안정을 최우선 과제로 제시했다.", ("윤석열", "이재명"),
           "한덕수 총리는 10일 정부서울청사에서 경제 관계 장관 회의를 주재했다."),
    "ar": ("وقال الرئيس عبد الفتاح السيسي إن الحكومة ستخفض أسعار الخبز خلال ثلاثة أشهر.",
           {"عبد الفتاح السيسي"},
           "وقال الرئيس محمد مرسي إن الحكومة ستخفض أسعار الخبز خلال ثلاثة أشهر.", ("عبد الفتاح السيسي", "محمد مرسي"),
           "وقال رئيس الوزراء مصطفى مدبولي إن الأسواق مستقرة والمخزون يكفي ستة أشهر."),
    "he": ("ראש הממשלה בנימין נתניהו אמר כי ההסכם ייחתם בשבוע הבא בירושלים.",
           {"בנימין נתניהו"},
           "ראש הממשלה יאיר לפיד אמר כי ההסכם ייחתם בשבוע הבא בירושלים.", ("בנימין נתניהו", "יאיר לפיד"),
           "שר האוצר בצלאל סמוטריץ' אמר כי התקציב יאושר בקרוב."),
    "hi": ("प्रधानमंत्री नरेंद्र मोदी ने शुक्रवार को किसानों के लिए नई योजना की घोषणा की।",
           {"नरेंद्र मोदी"},
           "प्रधानमंत्री मनमोहन सिंह ने शुक्रवार को किसानों के लिए नई योजना की घोषणा की।", ("नरेंद्र मोदी", "मनमोहन सिंह"),
           "मुख्यमंत्री योगी आदित्यनाथ ने लखनऊ में किसानों से मुलाकात की।"),
}
SCRIPTS = sorted(CASES)


def _names(text: str) -> set[str]:
    return {f.text for f in extract_facts(text, [(0, len(text))]) if f.kind == "name"}


@pytest.mark.parametrize("script", SCRIPTS)
def test_names_are_found_by_their_titles(script: str) -> None:
    source, names, *_ = CASES[script]
    assert _names(source) == names


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_name_changed_in_a_copy_is_a_changed_name(script: str) -> None:
    source, _, copy, (old, new), _ = CASES[script]
    changes = diff_facts(source, [(0, len(source))], copy, [(0, len(copy))])
    assert [(c.kind, c.change, c.source, c.derived) for c in changes] == [("name", "changed", old, new)]


@pytest.mark.parametrize("script", SCRIPTS)
def test_an_independent_report_naming_others_does_not_agree_on_names(script: str) -> None:
    source, names, _, _, independent = CASES[script]
    assert _names(independent) and not _names(independent) & _names(source)
    # the token flags the exact evidence counts facts by: the names' tokens are flagged in both texts,
    # and none of the independent report's flagged tokens is one of the source's
    batch = tokenize_batch([source, independent])

    def flagged(i: int) -> set[int]:
        capital = (batch.flags[batch.offsets[i]:batch.offsets[i + 1]] & TokenBatch.CAPITALISED) > 0
        return set(batch.doc(i)[capital].tolist())

    assert flagged(0) and flagged(1) and not flagged(0) & flagged(1)


def test_a_copy_keeps_the_flagged_names_of_its_source() -> None:
    source = CASES["zh"][0]
    batch = tokenize_batch([source, source + "（完）"])
    assert ((batch.flags & TokenBatch.CAPITALISED) > 0).sum() >= 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("特朗普将于下月访问日本。", ["特朗普"]),
        ("俄罗斯央行行长纳比乌琳娜在会上说，利率不变。", ["纳比乌琳娜"]),
        ("据《人民日报》报道，新规将于明年实施。", ["人民日报"]),
        ("据Reuters报道，油价上涨。", ["Reuters"]),
        ("A股三大指数午后集体走高。", []),
        ("وقال محافظ البنك المركزي حسن عبد الله إن القرار", ["حسن عبد الله"]),
        ("当地气象部门表示，未来三天仍将有强降雨。", []),
        ("وقال المتحدث باسم الوزارة إن الحملة تستمر أربعة أيام.", []),
        ("이창민 총재는 기자간담회에서 금리를 동결했다고 말했다.", ["이창민"]),
        ("علی‌رضا کریمی، رئیس کل بانک مرکزی، گفت تورم کاهش یافت.", ["علی‌رضا کریمی"]),
        ("رئیس کل بانک مرکزی علی‌رضا کریمی روز یکشنبه گفت تورم کاهش یافت.", ["علی‌رضا کریمی"]),
        ("به گفته محمد رضایی، سخنگوی دولت، قیمت‌ها ثابت می‌ماند.", ["محمد رضایی"]),
        ("گورنر ظفر اقبال ملک نے کراچی میں پالیسی کا اعلان کیا۔", ["ظفر اقبال ملک"]),
        ("وزیر خزانہ محمد اورنگزیب نے کہا کہ مہنگائی کم ہوئی۔", ["محمد اورنگزیب"]),
    ],
    ids=["zh-transliteration", "zh-title-transliteration", "zh-brackets", "latin-in-han", "lone-capital-in-han",
         "ar-title-after-body", "zh-no-name", "ar-body-not-person", "ko-title-is-a-whole-word",
         "fa-name-comma-title", "fa-title-long-portfolio-name", "fa-according-to-name-comma-title",
         "ur-title-name-postposition", "ur-title-portfolio-name"],
)
def test_other_ways_names_are_found_and_words_that_are_no_names(text: str, expected: list[str]) -> None:
    assert [name for _, _, name in caseless_names(text)] == expected


def test_cased_and_ascii_text_has_no_caseless_names() -> None:
    assert not has_caseless_script("Nabiullina said rates would stay at 16%.")
    assert caseless_names("Набиуллина сохранила ставку.") == ()
    assert _names("Глава ЦБ Эльвира Набиуллина допустила снижение ставки.") == {"ЦБ", "Эльвира", "Набиуллина"}


@pytest.mark.parametrize(("text", "expected"), [
    # Marathi: the honorific pronoun after a respected person's name ends it, in any case
    ("आयुक्त अनिल देशपांडे यांनी सांगितले.", ["अनिल देशपांडे"]),
    ("अध्यक्षा डॉ. सुनीता पाटील यांच्या मागणीनुसार", ["सुनीता पाटील"]),
    # Nepali: the title "डा." and a case ending written on the name's last word, cut after a long vowel
    ("प्रवक्ता डा. रामप्रसाद अधिकारीले विदेश जाने कामदार बढेको बताए।", ["रामप्रसाद अधिकारी"]),
    ("डा. रामप्रसाद अधिकारीका अनुसार संख्या बढेको छ।", ["रामप्रसाद अधिकारी"]),
    # not after a short vowel or a consonant: the letters are the name's own
    ("श्रीमती दीपिका ने कहा।", ["दीपिका"]),
    ("डॉ. अनिल गोखले यांनी सांगितले.", ["अनिल गोखले"]),
], ids=["mr-honorific", "mr-genitive", "ne-ergative", "ne-genitive", "hi-short-vowel", "mr-consonant"])
def test_marathi_and_nepali_names_end_at_their_case(text: str, expected: list[str]) -> None:
    """One person named in two cases ("अधिकारीका", "अधिकारीले"; "पाटील यांच्या", "पाटील यांनी") was two names:
    the fact diff of a Nepali or Marathi rewrite reported a name changed."""
    assert [name for _, _, name in caseless_names(text)] == expected
