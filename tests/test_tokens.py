"""The byte tokeniser (dedup.tokens): a text's tokens never depend on the other texts of its chunk."""

from __future__ import annotations

import pytest

from dedup.tokens import tokenize_chunk

HEBREW = "ראש הממשלה ביקר בבית־ספר בירושלים היום׃ הוא אמר שהמצב טוב"  # a maqaf and a sof pasuq
CHINESE = "北京市政府今天宣布新的交通规划"
ARABIC = "قال الوزير إن ١٢ مشروعا جديدا سيبدأ العام المقبل"
ENGLISH = "The minister said on Monday that 12 new projects would start next year."


def _tokens(texts: list[str], k: int) -> list[int]:
    batch = tokenize_chunk(texts)
    return batch.hashes[batch.offsets[k] : batch.offsets[k + 1]].tolist()


@pytest.mark.parametrize("neighbour", [CHINESE, ARABIC, ENGLISH], ids=["chinese", "arabic", "english"])
def test_hebrew_tokens_do_not_depend_on_the_chunk(compiled: bool, neighbour: str) -> None:
    alone = _tokens([HEBREW], 0)
    assert alone == _tokens([HEBREW, neighbour], 0) == _tokens([neighbour, HEBREW], 1)
    # the maqaf joins two words as a hyphen does: "בית" and "ספר" are two tokens
    assert len(alone) == len(HEBREW.replace("־", " ").split())


# Stops and commas written against the word before them, no space between: Armenian's full stop and comma,
# Amharic's full stop and comma.
ARMENIAN = "Գնաճը կազմել է 1,2 տոկոս։ Պետրոսյանի խոսքով՝ ռիսկերը մնում են։"
AMHARIC = "ባንኩ ወለዱን ከፍ አደረገ። ገዥው፣ ውሳኔው ትክክል ነው ብለዋል።"


@pytest.mark.parametrize("text", [ARMENIAN, AMHARIC], ids=["armenian", "amharic"])
def test_stops_of_other_scripts_end_the_word_before_them(compiled: bool, text: str) -> None:
    batch = tokenize_chunk([text])
    words = [text[s:e] for s, e in zip(*batch.doc_spans(0))]
    assert "տոկոս" in words or "አደረገ" in words
    assert not any(c in w for w in words for c in "։՝።፣")
    spaced = text.translate(str.maketrans({"։": " .", "՝": " ,", "።": " .", "፣": " ,"}))
    assert _tokens([text], 0) == _tokens([spaced], 0)  # the word before a stop is the word elsewhere


@pytest.mark.parametrize("neighbour", [CHINESE, ARABIC, ENGLISH], ids=["chinese", "arabic", "english"])
def test_armenian_tokens_do_not_depend_on_the_chunk(compiled: bool, neighbour: str) -> None:
    alone = _tokens([ARMENIAN], 0)
    assert alone == _tokens([ARMENIAN, neighbour], 0) == _tokens([neighbour, ARMENIAN], 1)


SIMPLIFIED = "新华社北京12月7日电 海关总署7日发布的数据显示，前11个月我国货物贸易进出口总值增长。"
TRADITIONAL = "新華社北京12月7日電 海關總署7日發佈的數據顯示，前11個月我國貨物貿易進出口總值增長。"


def test_traditional_chinese_is_tokenised_as_simplified(compiled: bool) -> None:
    """Xinhua's story reprinted in Hong Kong, converted character for character, has its source's tokens."""
    assert _tokens([TRADITIONAL], 0) == _tokens([SIMPLIFIED], 0) == _tokens([ENGLISH, TRADITIONAL], 1)


def test_japanese_keeps_its_kanji(compiled: bool) -> None:
    # kana tell Japanese: its kanji are not read as simplified Chinese ("東京" stays apart from "东京")
    assert _tokens(["東京株式市場は続伸した"], 0) != _tokens(["东京株式市场は続伸した"], 0)
    assert _tokens(["東京株式市場は続伸した", CHINESE], 0) == _tokens(["東京株式市場は続伸した"], 0)


@pytest.mark.parametrize("text", ["བོད་རང་སྐྱོང་ལྗོངས་ཀྱི་འབྲུ་རིགས་ཏོན་ཁྲི་ ༡༠༩.༤ ལ་སླེབས།", "ފަތުރުވެރިން 1,985,420 ޒިޔާރަތްކޮށްފިއެވެ"],
                         ids=["tibetan", "thaana"])
def test_tibetan_syllables_and_thaana_words_are_the_words_of_both_tokenisers(text: str) -> None:
    """The hashed tokens (shingles, the candidates) and the aligner's words (:func:`dedup.words.tokens`) cut a
    Tibetan text at its tsheg alike, and keep a Dhivehi word whole alike."""
    from dedup.words import tokens

    batch = tokenize_chunk([text])
    hashed = [text[s:e] for s, e in zip(batch.starts.tolist(), batch.ends.tolist())]
    words = [w for w in tokens(text) if not w[0].isdigit()]
    assert [w for w in hashed if not w[0].isdigit() and not w[0] in "༠༡༢༣༤༥༦༧༨༩"] == words
    assert len(words) == (11 if "་" in text else 2)  # one a syllable, one a word


def test_a_latin_i_typed_for_the_palochka_gives_the_palochka_s_tokens() -> None:
    """Chechen's palochka typed as the Latin I (``кIошт``) and as itself (``кӀошт``) are one word to the shingles, at
    the same offsets, alone in a chunk or beside other texts; a Russian text with a Latin word keeps its tokens."""
    typed, proper = "Шелковски кIоштахь Iалашдеш 12 эзар тонна", "Шелковски кӀоштахь Ӏалашдеш 12 эзар тонна"
    a, b = tokenize_chunk([typed]), tokenize_chunk([proper])
    assert a.hashes.tolist() == b.hashes.tolist() and a.starts.tolist() == b.starts.tolist()
    assert tokenize_chunk(["Москва, World War I", typed]).hashes.tolist()[-6:] == b.hashes.tolist()
    russian = "Николай II и IT-компания"
    alone = tokenize_chunk([russian]).hashes.tolist()
    assert alone == tokenize_chunk([russian, typed]).hashes.tolist()[:len(alone)]


def test_chuvash_typed_with_latin_letters_gives_the_cyrillic_letters_tokens() -> None:
    """Khypar types Chuvash's ӑ, ӗ, ҫ, ӳ as the Latin ă, ĕ, ç, ÿ inside its Cyrillic words; another desk types the
    Cyrillic letters: one word to the shingles. Romanian's ă, in Latin words, keeps its tokens."""
    latin, cyrillic = "Чăваш Республикинче кăçалхи çулталăкра", "Чӑваш Республикинче кӑҫалхи ҫулталӑкра"
    assert tokenize_chunk([latin]).hashes.tolist() == tokenize_chunk([cyrillic]).hashes.tolist()
    romanian = "Guvernul a aprobat o hotărâre până în această lună"
    assert tokenize_chunk([romanian]).hashes.tolist() != tokenize_chunk([romanian.replace("ă", "\u04d1")]).hashes.tolist()
