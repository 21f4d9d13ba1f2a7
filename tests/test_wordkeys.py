"""Words keyed by language (dedup.wordkeys): stems of inflected languages; English keeps exact words."""

from __future__ import annotations

import re

import numpy as np
import pytest

from dedup.shingles import tokenize_batch
from dedup.tokens import TokenBatch, hash_tokens
from dedup.wordkeys import keyed_language


RUSSIAN_A = "Центральный банк России в пятницу сохранил ключевую ставку на уровне 16% годовых."
RUSSIAN_B = "Банк России оставил ключевую ставку без изменений, решение по ставке совпало с прогнозами."
ENGLISH = "The central bank kept its key rates unchanged on Friday, as analysts had expected."
GERMAN = "Der Autobauer Volkswagen will in seinem Werk in Emden rund 1.200 Stellen abbauen, teilte der Konzern mit."


def _hash_of(text: str, word: str, **kw: bool) -> int:
    batch = tokenize_batch([text], **kw)
    starts, ends = batch.doc_spans(0)
    return next(int(h) for h, s, e in zip(batch.doc(0), starts, ends) if text[s:e] == word)


def test_inflected_forms_of_a_russian_word_share_one_key() -> None:
    """"ставку" (accusative) and "ставке" (prepositional) are one word to the channels and the evidence;
    a capital does not change the key ("Банк"/"банк")."""
    assert _hash_of(RUSSIAN_A, "ставку") == _hash_of(RUSSIAN_B, "ставке")
    assert _hash_of(RUSSIAN_A, "ставку", stems=False) != _hash_of(RUSSIAN_B, "ставке", stems=False)
    assert _hash_of(RUSSIAN_A, "банк") == _hash_of(RUSSIAN_B, "Банк")


def test_english_and_plain_ascii_texts_keep_exact_words() -> None:
    keyed, exact = tokenize_batch([ENGLISH, "Shares rose 5% on Monday"]), tokenize_batch([ENGLISH, "Shares rose 5% on Monday"], stems=False)
    assert np.array_equal(keyed.hashes, exact.hashes) and np.array_equal(keyed.flags, exact.flags)


def test_figures_keep_their_hashes_in_a_keyed_text() -> None:
    assert _hash_of(RUSSIAN_A, "16") == int(hash_tokens(["16"])[0])


def test_a_german_capital_is_no_name() -> None:
    """German capitalises every noun: none of its capitalised words is flagged as a name."""
    batch = tokenize_batch([GERMAN])
    assert not (batch.flags & TokenBatch.CAPITALISED).any()
    assert (tokenize_batch([GERMAN], stems=False).flags & TokenBatch.CAPITALISED).any()


def test_the_keyed_language_depends_on_the_text_alone() -> None:
    """Russian text is keyed by Russian stems, English and plain figures by nothing: a function of the
    text, so that every entry point keys a text alike."""
    assert keyed_language(RUSSIAN_A) == "ru"
    assert keyed_language(ENGLISH) is None and keyed_language("12 345 678") is None
    assert keyed_language(GERMAN) == "de"


TURKISH_A = "İlk karar İstanbul'da açıklandı ve piyasalar yükseldi. Ekonomist Işık, kararın etkisini anlattı."
TURKISH_B = "Piyasalar kararın ilk etkisini ışık hızında gördü, diye açıkladı ekonomistler."


def test_a_turkish_capital_i_lowers_to_its_own_letter() -> None:
    """Turkish tells dotted and dotless i apart: "İlk" opening a sentence is "ilk", "Işık" is "ışık" (the
    default lowering made "i̇lk" and "işık", keys no lower-case form has)."""
    assert keyed_language(TURKISH_A) == "tr" and keyed_language(TURKISH_B) == "tr"
    assert _hash_of(TURKISH_A, "İlk") == _hash_of(TURKISH_B, "ilk")
    assert _hash_of(TURKISH_A, "Işık") == _hash_of(TURKISH_B, "ışık")


INDONESIAN_FIGURES = ("BI-Rate tetap 6,25%. Bank Indonesia memutuskan tidak mengubah suku bunga acuan usai Rapat Dewan "
                      "Gubernur yang selesai pada Rabu 17 Juli 2024, demi menjaga rupiah tetap stabil. Inflasi tahunan "
                      "bulan Juni sebesar 2,51% dinilai masih berada dalam target 1,5-3,5%, kata Gubernur BI. Rupiah "
                      "turun 0,3% menjadi Rp16.420 per dolar AS, dan cadangan devisa USD 140,2 miliar.")


def test_a_text_the_detector_places_is_keyed_in_its_language() -> None:
    """The tokens of a lead count its figures, the detector's words do not: an Indonesian lead full of
    rates and dates was detected as Indonesian but keyed by exact words, so that its stems never met
    those of the story it rewrote."""
    from dedup.language import detect_language

    assert detect_language(INDONESIAN_FIGURES) == "id"
    assert keyed_language(INDONESIAN_FIGURES) == "id"


UKRAINIAN_A = "Національний банк України у четвер знизив облікову ставку до 13% річних, повідомили в регуляторі."
UKRAINIAN_B = "Рішення ухвалило правління, заявив голова банку: національний регулятор знизив облікову ставку."
VIETNAMESE_A = "Đội tuyển Việt Nam đã giành chiến thắng 3-1 trước Philippines trong trận giao hữu tối thứ Bảy."
VIETNAMESE_B = "Trong trận giao hữu tối thứ Bảy, đội tuyển Việt Nam thắng Philippines với tỷ số 3-1."
HEBREW = "בנק ישראל הודיע ביום שני כי הריבית תיוותר ללא שינוי ברמה של 4.5%, על רקע עליית האינפלציה."


def test_a_cased_alphabet_without_a_stemmer_is_keyed_lower_cased() -> None:
    """Ukrainian and Vietnamese have no Snowball stemmer; their tokens kept their capitals (only ASCII is
    lowered), so a word opening one sentence ("Національний", "Đội") never met itself inside another.
    Vietnamese is keyed by its lower-cased words, Ukrainian by its light stems (dedup.stemming)."""
    assert keyed_language(UKRAINIAN_A) == "uk" and keyed_language(VIETNAMESE_A) == "vi"
    assert _hash_of(UKRAINIAN_A, "Національний") == _hash_of(UKRAINIAN_B, "національний")
    assert _hash_of(VIETNAMESE_A, "Đội") == _hash_of(VIETNAMESE_B, "đội")
    assert keyed_language("Nhà máy mới mở cửa ở Đà Nẵng hôm thứ Hai, tạo việc làm cho 2.000 người.") == "vi"


KOREAN_A = "한국은행은 11일 기준금리를 동결했다고 밝혔다. 이창민 총재는 기자간담회에서 가계부채가 우려된다고 말했다."
KOREAN_B = "기준금리가 또다시 묶였다. 한국은행의 금융통화위원회는 금리를 동결하기로 결정했다."
HEBREW_B = "הריבית של בנק ישראל לא תשתנה, כך הודיע הבנק ביום שני, והאינפלציה עלתה."


def test_korean_and_hebrew_words_are_keyed_by_light_stems() -> None:
    """Korean and Hebrew have no capitals and no Snowball stemmer: they were keyed by exact words, so a
    word with another particle ("한국은행은"/"한국은행의") or prefix ("הריבית"/"ריבית") never met itself and
    a heavy rewrite was not even a candidate. Their light stems (dedup.stemming) key them now."""
    assert keyed_language(KOREAN_A) == "ko" and keyed_language(HEBREW) == "he"
    assert _keys_of(KOREAN_A, "한국은행은") == _keys_of(KOREAN_B, "한국은행의")
    assert _hash_of(KOREAN_A, "동결했다고") == _hash_of(KOREAN_B, "동결하기로")
    assert _hash_of(HEBREW, "האינפלציה") == _hash_of(HEBREW_B, "והאינפלציה")


def _keys_of(text: str, word: str) -> list[int]:
    """The keys of the tokens inside the first ``word`` of ``text``, in order."""
    batch = tokenize_batch([text])
    start = text.index(word)
    starts, ends = batch.doc_spans(0)
    inside = (starts >= start) & (ends <= start + len(word))
    return batch.doc(0)[inside].tolist()


def test_a_korean_compound_meets_its_parts_by_pairs_of_syllables() -> None:
    """Korean writes a compound whole ("경제성장률" growth rate, "가계부채" household debt) where a rewrite
    takes a part ("성장률", "가계"): a stem of three syllables or more is keyed as its pairs of syllables, so
    the parts meet; a stem of two keeps its one key, which is the pair a longer word holds."""
    compound, part = _keys_of(KOREAN_A, "가계부채가"), _keys_of("가계 빚이 빠르게 늘고 있다. 성장률을 높였다.", "가계")
    assert len(compound) == 3 and part == compound[:1]  # 가계, 계부, 부채: the particle stripped first
    assert set(_keys_of("올해 경제성장률 전망치를 높였다.", "경제성장률")) > set(_keys_of("올해 성장률은 높다.", "성장률은"))
    batch = tokenize_batch([KOREAN_A])
    starts, ends = batch.doc_spans(0)
    assert (np.diff(starts) > 0).all() and (ends > starts).all()  # each pair spans its own two syllables, in order
    assert batch.flags[0] & TokenBatch.SENTENCE_START and not batch.flags[1] & TokenBatch.SENTENCE_START


def test_a_korean_figure_with_a_particle_is_keyed_as_the_figure_and_counter() -> None:
    """"11일에" (on the 11th) and "11일" are one figure to the channels and the evidence, as in any script."""
    assert _hash_of("회의는 7월 11일에 열린다.", "11일에") == _hash_of(KOREAN_A, "11일") == int(hash_tokens(["11일"])[0])
    assert _hash_of("1분기에 48% 늘었다.", "1분기에") == _hash_of("1분기 수출은 늘었다.", "1분기")


def test_only_korean_is_keyed_by_pairs_of_syllables() -> None:
    """Other languages keep one key a word, whatever its length (Hebrew, Russian, and English's exact words); a
    figure cut at its decimal mark is one word in a keyed text (:func:`test_a_figure_cut_at_its_decimal_mark_is_one_token_in_a_keyed_text`)."""
    for text, marks in ((HEBREW, len(re.findall(r"(?<=\d)[.,](?=\d)", HEBREW))), (RUSSIAN_A, 0), (ENGLISH, 0)):
        batch = tokenize_batch([text])
        assert len(batch.doc(0)) == len(tokenize_batch([text], stems=False).doc(0)) - marks


def test_ukrainian_words_are_keyed_by_light_stems() -> None:
    """Ukrainian inflects as Russian does and has no Snowball stemmer: keyed by its lower-cased words, a
    rewrite's "ставку" never met its source's "ставки". Its light stems (dedup.stemming) key it now."""
    source = "Національний банк України знизив облікову ставку до 13% річних, повідомили в регуляторі."
    rewrite = "Рішення щодо облікової ставки ухвалило правління: ставка становить 13% річних."
    assert keyed_language(source) == keyed_language(rewrite) == "uk"
    assert _hash_of(source, "ставку") == _hash_of(rewrite, "ставки") == _hash_of(rewrite, "ставка")
    assert _hash_of(source, "облікову") == _hash_of(rewrite, "облікової")
    assert _hash_of(source, "ставку", stems=False) != _hash_of(rewrite, "ставки", stems=False)


def test_turkish_words_are_keyed_by_their_first_five_letters() -> None:
    """Snowball's Turkish stemmer keyed "Bankası" as "bankas" and "banka" as "banka": the central bank of
    one text never met the bank of its rewrite. A prefix of five letters keys both."""
    source = "Türkiye Cumhuriyet Merkez Bankası politika faizini yüzde 50 seviyesinde sabit tuttuğunu açıkladı."
    rewrite = "Merkez bankası faizi değiştirmedi; banka politika faizini yüzde 50 olarak korudu, dedi ekonomistler."
    assert keyed_language(source) == keyed_language(rewrite) == "tr"
    assert _hash_of(source, "Bankası") == _hash_of(rewrite, "banka") == int(hash_tokens(["banka"])[0])


def test_an_indic_word_typed_with_a_joiner_or_without_has_one_key_in_a_stemmed_language() -> None:
    # Hindi is keyed by Snowball's stems: the joiner is dropped before stemming, as the token's hash drops it
    text = "रिज़र्व बैंक ने कहा कि क्‍या महंगाई और बढ़ेगी, इस पर समिति अगली बैठक में फ़ैसला करेगी।"
    bare = text.replace("\u200d", "")
    assert keyed_language(text) == keyed_language(bare) == "hi"
    batch = tokenize_batch([text, bare])
    assert batch.doc(0).tolist() == batch.doc(1).tolist()


@pytest.mark.parametrize("apostrophe", ["'", "\u2019", "\u2018"])
def test_an_uzbek_word_typed_with_an_apostrophe_is_one_key(apostrophe: str) -> None:
    """Uzbek's oʻ and gʻ typed with an apostrophe cut the word in two tokens ("o", "zbekiston"): the reprint met no
    key of its source. Joined, the text has the keys of the one typed with the letter, token for token."""
    letter = ("Oʻzbekiston aholisi 2026 yil 1 dekabr holatiga 37 million kishini tashkil etdi. Agentlik maʼlumotlariga "
              "koʻra, respublikada 842,6 ming chaqaloq tugʻilgan, bu toʻgʻri hisob.")
    typed = letter.replace("ʻ", apostrophe).replace("ʼ", apostrophe)
    batch = tokenize_batch([letter, typed])
    assert batch.doc(0).tolist() == batch.doc(1).tolist()
    starts, ends = batch.doc_spans(1)
    assert [typed[s:e] for s, e in zip(starts, ends)][:2] == [f"O{apostrophe}zbekiston", "aholisi"]
    assert "to" + apostrophe + "g" + apostrophe + "ri" in [typed[s:e] for s, e in zip(starts, ends)]


def test_a_kazakh_word_of_2017_typed_with_apostrophes_is_one_key_as_in_cyrillic() -> None:
    """Kazakh's alphabet of 2017 wrote nine letters with an apostrophe ("den'gei'inde"), which cut the word in
    tokens ("den", "gei", "inde"): joined as Uzbek's are and keyed in one spelling, the reprint has its source's keys."""
    cyrillic = "Ұлттық банк базалық мөлшерлемені 15,25 пайыз деңгейінде сақтап қалды. Банк төрағасы брифингте айтты."
    latin = "Ulttyq bank bazalyq mo'ls'erlemeni 15,25 pai'yz den'gei'inde saqtap qaldy. Bank to'rag'asy bri'fi'ngte ai'tty."
    batch = tokenize_batch([cyrillic, latin])
    assert keyed_language(cyrillic) == keyed_language(latin) == "kk"
    assert batch.doc(0).tolist() == batch.doc(1).tolist()


def test_an_english_apostrophe_still_cuts_its_word() -> None:
    # only a text keyed as Uzbek joins its words: English keeps "don" and "t" (every English figure was measured so)
    text = "The chairman said he didn't expect the O'Brien deal to close, and shares fell 5 pct on Monday."
    batch = tokenize_batch([text])
    starts, ends = batch.doc_spans(0)
    assert {"didn", "t", "O", "Brien"} <= {text[s:e] for s, e in zip(starts, ends)}


def test_a_vietnamese_text_printed_without_its_diacritics_has_its_sources_keys() -> None:
    """A Vietnamese reprint without diacritics (a site or feed that cannot write them) met no key of its source: the
    lead is detected as Vietnamese and both are keyed without their marks, token for token."""
    accented = ("Đà Nẵng, 6/12 (TTXVN) - Cảng Tiên Sa đón 1,2 triệu tấn hàng trong tháng 11, tăng 8% so với cùng kỳ. "
                "Theo giám đốc cảng, lượng tàu container được tiếp nhận nhiều hơn nhờ tuyến vận tải mới đến Nhật Bản.")
    bare = ("Da Nang, 6/12 (TTXVN) - Cang Tien Sa don 1,2 trieu tan hang trong thang 11, tang 8% so voi cung ky. "
            "Theo giam doc cang, luong tau container duoc tiep nhan nhieu hon nho tuyen van tai moi den Nhat Ban.")
    assert keyed_language(bare) == keyed_language(accented) == "vi"
    batch = tokenize_batch([accented, bare])
    assert batch.doc(0).tolist() == batch.doc(1).tolist()


def _words(text: str) -> list[str]:
    batch = tokenize_batch([text])
    starts, ends = batch.doc_spans(0)
    return [text[s:e] for s, e in zip(starts.tolist(), ends.tolist())]


def test_a_figure_cut_at_its_decimal_mark_is_one_token_in_a_keyed_text() -> None:
    """Two forms of one template filled in other months ("gedaald naar 2,9 procent", "3,4 procent") shared every
    part of their figures that was a content word (none of one digit, the parts of more met any figure's)."""
    dutch = ("De inflatie in Nederland is in november gedaald naar 2,9 procent, meldt het Centraal Bureau voor de "
             "Statistiek. De beursindex sloot op 12.486,3 punten, het hoogste niveau van dit jaar.")
    assert "2,9" in _words(dutch) and "12.486,3" in _words(dutch) and "9" not in _words(dutch)
    assert _hash_of(dutch, "2,9") != _hash_of(dutch.replace("2,9", "3,4"), "3,4")
    assert _hash_of(dutch, "2,9") == _hash_of(dutch.replace("De beursindex", "De index van de beurs"), "2,9")


def test_a_figure_is_joined_in_keyed_texts_only() -> None:
    # English copy keeps its exact tokens, on which every English figure was measured; a figure and a word, a
    # figure after a space, a time ("06:00") are not joined
    english = "Prices rose 2.9 pct in November, the bureau said."
    assert _words(english)[2:4] == ["2", "9"]
    assert _words("Der Zug fuhr um 06:00 Uhr ab, 3, 4 oder 5 Wagen.")[4:6] == ["06", "00"]
    assert "3, 4" not in " ".join(_words("Es waren 3, 4 oder 5 Wagen im Zug des Bahnhofs."))


def test_a_korean_figure_joined_keeps_the_syllable_pairs_after_it_in_place() -> None:
    text = "반도체 수출은 경제성장률 31.2% 증가한 142억달러를 기록했다."
    words = _words(text)
    assert "31.2" in words and words[words.index("31.2") - 1] == "장률"


def test_the_ascii_signs_of_a_text_are_read_on_its_lead_alone() -> None:
    """Uzbek's apostrophes and suffixes and Vietnamese syllables typed in ASCII are looked for in the lead the
    detector reads: a text whose signs stand on either side of the lead's end gives the same answer as the
    signs read on the whole text (what the lead's cache, ``_ascii_signs``, is keyed on)."""
    from dedup.language_signs import SAMPLE_CHARS, apostrophe_letters, uzbek_suffixes, vietnamese_syllables
    from dedup.wordkeys import _may_be_other

    signs = ["Vazir o'rinbosari G'ayrat ko'ra bo'lib", "cau moi chinh thuc duoc thong xe quoc lo nguoi",
             "Samarqand viloyatida qurilgan yangi quyosh tushirildi"]
    seen = set()
    for sign in signs:
        for pad in range(SAMPLE_CHARS - len(sign) - 4, SAMPLE_CHARS + 4):
            text = "x" * pad + " " + sign
            whole = apostrophe_letters(text) or vietnamese_syllables(text) or uzbek_suffixes(text)
            assert _may_be_other(0, 60, text) == whole
            seen.add(whole)
    assert seen == {True, False}


def test_a_zulu_lead_sent_to_the_detector_by_its_prefixes_is_keyed_as_zulu() -> None:
    """The tokens' own gate asks what the detector's asks (:func:`dedup.language_signs.nguni_prefixes`): SAnews's Zulu
    rewrite (twelfth case), with one listed word in its lead, was detected as Zulu for the aligner and keyed as English
    for the channels, so that a stemmer of Zulu's would have keyed its source's words and not its own."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import multilingual

    from dedup.language import detect_language
    from dedup.wordkeys import keyed_language

    texts = multilingual.articles(multilingual.load("zu"))
    for case in ("source", "rewrite", "independent"):
        assert detect_language(texts[case]) == "zu" and keyed_language(texts[case]) == "zu"


ODIA_A = "ଟୋଲ ଫ୍ରି ନମ୍ବର ୧୯୬୭ରେ ଅଭିଯୋଗ କରିବାକୁ ଚାଷୀଙ୍କୁ ପରାମର୍ଶ ଦିଆଯାଇଛି। ରାଜ୍ୟରେ ମୋଟ ୨,୪୧୦ଟି ମଣ୍ଡି ଖୋଲାଯାଇଛି।"
ODIA_B = "କଟନୀ ଛଟଣୀ ଅଭିଯୋଗ ୧୯୬୭ ନମ୍ବରରେ ଜଣାଇହେବ। ୨,୪୧୦ ମଣ୍ଡି ଖୋଲିଥିବା ସରକାର ଧାନ କିଣିବାକୁ ଲକ୍ଷ୍ୟ ରଖିଛନ୍ତି।"


def test_an_odia_figure_with_an_ending_is_keyed_as_the_figure() -> None:
    """"୧୯୬୭ରେ" (at 1967) and "୨,୪୧୦ଟି" (2,410 of them, a classifier) are the figures "୧୯୬୭" and "୨,୪୧୦" to the
    channels and the evidence: Odia writes a case ending on a figure as on a noun. Fails without the reading."""
    assert _hash_of(ODIA_A, "୧୯୬୭ରେ") == _hash_of(ODIA_B, "୧୯୬୭") == int(hash_tokens(["1967"])[0])
    assert _hash_of(ODIA_A, "୨,୪୧୦ଟି") == _hash_of(ODIA_B, "୨,୪୧୦")
    assert _hash_of(ODIA_A, "୧୯୬୭ରେ", stems=False) != _hash_of(ODIA_B, "୧୯୬୭", stems=False)
    # the noun's forms meet too ("ନମ୍ବର", "ନମ୍ବରରେ": dedup.stemming.odia_stem)
    assert _hash_of(ODIA_A, "ନମ୍ବର") == _hash_of(ODIA_B, "ନମ୍ବରରେ")


def test_a_malagasy_lead_in_plain_ascii_is_keyed_as_its_detector_reads_it() -> None:
    """The tokens' gate asks what the detector's asks (``language_signs.open_syllables``): a Malagasy lead with none of
    the listed function words is keyed as Malagasy, not read as English's exact words."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import multilingual

    texts = multilingual.articles(multilingual.load("mg-2"))
    assert {keyed_language(texts[case]) for case in ("source", "rewrite", "independent")} == {"mg"}
