"""dedup.sentence_cuts: where sentences are cut (sentencex's cuts, and those it misses by language), read through
the splitter."""

from __future__ import annotations

import pytest

from dedup.sentences import split_sentences


def test_single_long_paragraph_is_split() -> None:
    # One 160 KB paragraph (no breaks at all) must still split into its sentences.
    text = "The index rose 2 pct on Monday in the U.S. market. " * 3200
    assert len(split_sentences(text)) == 3200


def test_stray_quote_does_not_glue_long_paragraph() -> None:
    # An unbalanced opening quote: sentencex alone keeps everything after it as one "quotation".
    text = 'The mayor said "we are ready. ' + "Crews worked through the night to clear the roads. " * 20
    assert len(split_sentences(text)) == 21


THAI = ("กรมอุตุนิยมวิทยาประกาศเตือนว่าจะมีฝนตกหนักในภาคเหนือระหว่างวันที่ 24 ถึง 27 สิงหาคม "
        "ประชาชนในจังหวัดเชียงใหม่ควรเฝ้าระวังน้ำป่าไหลหลากและดินถล่มในช่วงนี้ "
        "ทางการได้เปิดศูนย์พักพิงชั่วคราว 15 แห่งในอำเภอเมืองเชียงใหม่ นายสมชาย ใจดี")


def test_thai_sentences_end_at_spaces_between_thai_letters() -> None:
    """Thai has no sentence punctuation: a whole story was one sentence, so that a report of the same event
    aligned with it as a whole. A space between Thai letters ends a sentence once the piece is long enough
    (not after a first name, nor before a figure)."""
    spans = split_sentences(THAI, "th")
    assert [s.text for s in spans] == [
        "กรมอุตุนิยมวิทยาประกาศเตือนว่าจะมีฝนตกหนักในภาคเหนือระหว่างวันที่ 24 ถึง 27 สิงหาคม",
        "ประชาชนในจังหวัดเชียงใหม่ควรเฝ้าระวังน้ำป่าไหลหลากและดินถล่มในช่วงนี้",
        "ทางการได้เปิดศูนย์พักพิงชั่วคราว 15 แห่งในอำเภอเมืองเชียงใหม่",
        "นายสมชาย ใจดี",
    ]
    assert all(THAI[s.start:s.end] == s.text for s in spans)
    assert split_sentences(THAI) == spans  # by script, whatever the language given


LAO = ("ທາງລົດໄຟລາວ-ຈີນ ໄດ້ຂົນສົ່ງຜູ້ໂດຍສານ 3,2 ລ້ານຄົນ ໃນ 10 ເດືອນທຳອິດຂອງປີ 2024 ເພີ່ມຂຶ້ນ 28% "
       "ບໍລິສັດທາງລົດໄຟລາວ-ຈີນ ໄດ້ແຈ້ງໃຫ້ຮູ້ໃນວັນອັງຄານທີ່ນະຄອນຫຼວງວຽງຈັນ "
       "ທ່ານ ສົມພອນ ແກ້ວມະນີ ຮອງຜູ້ອຳນວຍການບໍລິສັດ ກ່າວວ່າ ນັກທ່ອງທ່ຽວນິຍົມເດີນທາງໄປຫຼວງພະບາງ")


def test_lao_sentences_end_at_spaces_between_lao_letters_as_thai_ones_do() -> None:
    """Lao, as Thai, writes no sentence punctuation: a Lao story was one sentence (its partial copy one link,
    called a duplicate). A space between Lao letters ends a sentence once the piece is long enough."""
    spans = split_sentences(LAO, "lo")
    assert [s.text for s in spans] == [
        "ທາງລົດໄຟລາວ-ຈີນ ໄດ້ຂົນສົ່ງຜູ້ໂດຍສານ 3,2 ລ້ານຄົນ",
        "ໃນ 10 ເດືອນທຳອິດຂອງປີ 2024 ເພີ່ມຂຶ້ນ 28% ບໍລິສັດທາງລົດໄຟລາວ-ຈີນ",  # a clause, as Thai's are cut
        "ໄດ້ແຈ້ງໃຫ້ຮູ້ໃນວັນອັງຄານທີ່ນະຄອນຫຼວງວຽງຈັນ",
        "ທ່ານ ສົມພອນ ແກ້ວມະນີ ຮອງຜູ້ອຳນວຍການບໍລິສັດ",
        "ກ່າວວ່າ ນັກທ່ອງທ່ຽວນິຍົມເດີນທາງໄປຫຼວງພະບາງ",
    ]
    assert all(LAO[s.start:s.end] == s.text for s in spans)
    assert split_sentences(LAO) == spans


@pytest.mark.parametrize(("text", "expected"), [
    ("Exports rose in May. Imports fell.", ["Exports rose in May.", "Imports fell."]),
    ("Exports rose in May. imports fell.", ["Exports rose in May. imports fell."]),
    ("No month here. Imports fell.", ["No month here.", "Imports fell."]),
], ids=["may ends", "may before lower case", "no may"])
def test_may_is_cut_only_where_written(text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Lo ha comunicato l'Istat. Il dato è stabile.", ["Lo ha comunicato l'Istat.", "Il dato è stabile."]),
    ("Lo hanno detto Cgil, Cisl e Uil. Sindacati pronti.", ["Lo hanno detto Cgil, Cisl e Uil.", "Sindacati pronti."]),
    ("Lo sciopero dura 24 ore. La protesta continua.", ["Lo sciopero dura 24 ore.", "La protesta continua."]),
    ("Il corteo ha percorso 12 km. «Basta», hanno detto.", ["Il corteo ha percorso 12 km.", "«Basta», hanno detto."]),
    ("Ha parlato il Sen. Rossi alla Camera.", ["Ha parlato il Sen. Rossi alla Camera."]),
    ("Lo ha detto il Magg. Bianchi. Poi se ne è andato.", ["Lo ha detto il Magg. Bianchi.", "Poi se ne è andato."]),
    ("Lo dice la Bce. e poi tace.", ["Lo dice la Bce. e poi tace."]),
], ids=["agency", "unions", "hours", "km before a quotation", "title", "title then a sentence",
        "lower case after"])
def test_italian_sentences_end_after_acronyms(text: str, expected: list[str]) -> None:
    """sentencex's Italian list holds acronyms as words ("istat", "cgil", "bce"), "ore" and "km": it cut
    after none of them; the titles before a name still end no sentence."""
    assert [s.text for s in split_sentences(text, "it")] == expected


def test_capitalised_words_end_sentences_only_in_italian() -> None:
    """Any capitalised word ends one only in the language whose list holds acronyms as words: German keeps
    "Mio." before a noun."""
    assert [s.text for s in split_sentences("Der Umsatz stieg um 5 Mio. Euro im Jahr.", "de")] == [
        "Der Umsatz stieg um 5 Mio. Euro im Jahr."]


def test_english_keeps_sentencex_cuts_around_a_right_quotation_mark_opening_a_quotation() -> None:
    """Only in other languages is an opening ” read as one (Swedish, Finnish): English web copy's cuts stay
    sentencex's, on which every English figure was measured."""
    import sentencex

    text = "Sales fell. ”We must adapt”, she said. Markets rose."
    assert [s.text for s in split_sentences(text, "en")] == [s.strip() for s in sentencex.segment("en", text)]


@pytest.mark.parametrize(("language", "text", "first"), [
    ("vi", "Lượng mưa trong 72 giờ lên tới 310 mm. Lực lượng cứu hộ đã tới hiện trường.",
     "Lượng mưa trong 72 giờ lên tới 310 mm."),
    ("de", "Es fielen 120 mm. Die Feuerwehr rückte aus.", "Es fielen 120 mm."),
    ("fr", "Il est tombé 80 mm. « Du jamais vu », dit le maire.", "Il est tombé 80 mm."),
    ("es", "Llovieron 95 mm. El río se desbordó.", "Llovieron 95 mm."),
    ("pt", "A chuva chegou a 150 mm. A Defesa Civil alertou.", "A chuva chegou a 150 mm."),
    ("it", "Sono caduti 200 mm. La protezione civile interviene.", "Sono caduti 200 mm."),
    ("de", "Bis zu 120 l/m². Die Bahn stellte den Verkehr ein.", "Bis zu 120 l/m²."),
    ("tr", "Yağış 90 mm. Okullar tatil edildi.", "Yağış 90 mm."),
], ids=["vi", "de", "fr-quote", "es", "pt", "it", "de-litres", "tr"])
def test_a_unit_after_a_figure_ends_a_sentence_before_a_capital(language: str, text: str, first: str) -> None:
    """SI style writes no full stop after a unit: "310 mm." before a capital is a sentence's end, which
    sentencex's lists (holding "mm" as an abbreviation) ran into the next sentence in most languages."""
    spans = split_sentences(text, language)
    assert [s.text for s in spans] == [first, text[len(first) + 1:]]


@pytest.mark.parametrize(("language", "text"), [
    ("en", "Rain reached 310 mm. Rescue teams arrived."),
    ("es", "Está a 5 km. de Madrid y llueve."),
], ids=["english-as-sentencex", "lower-case-after"])
def test_a_unit_ends_no_sentence_in_english_or_before_a_small_letter(language: str, text: str) -> None:
    assert [s.text for s in split_sentences(text, language)] == [text]


def test_tibetan_clauses_end_at_their_shads() -> None:
    """sentencex does not read Tibetan's shad (``།``) as a stop: a paragraph of Xinhua's Tibetan story was one sentence
    of three clauses, and its rewrite's clauses, each restating one of them, had none to link to alone."""
    from dedup.sentences import split_sentences

    text = "ནས་འདེབས་ཞིང་ཁ་མུའུ་ཁྲི་ ༢༢༠ ཡོད། ལོ་རྗེས་མར་ཏོན་ཁྲི་ ༡༡༠ ལས་བརྒལ་རྒྱུའི་ལས་འཆར་ཡོད། ན་ནིང་ཏོན་ཁྲི་ ༡༠༧ ཐོན།"
    assert [s.text for s in split_sentences(text, "dz")] == [
        "ནས་འདེབས་ཞིང་ཁ་མུའུ་ཁྲི་ ༢༢༠ ཡོད།", "ལོ་རྗེས་མར་ཏོན་ཁྲི་ ༡༡༠ ལས་བརྒལ་རྒྱུའི་ལས་འཆར་ཡོད།", "ན་ནིང་ཏོན་ཁྲི་ ༡༠༧ ཐོན།"]
