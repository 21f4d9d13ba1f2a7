"""Tests for dedup.sentences: news-specific splitting cases, offsets, and speed-sensitive inputs."""

from __future__ import annotations

import pytest

from dedup.sentences import Sentence, split_sentences

# (id, text, expected sentence texts). Written for this project: news-style cases a splitter gets wrong.
CASES = [
    ("us-abbrev", "The U.S. economy grew. Prices fell.", ["The U.S. economy grew.", "Prices fell."]),
    ("us-at-end", "He flew to the U.S. Then he left.", ["He flew to the U.S.", "Then he left."]),
    ("gen-title", "Gen. Mark Smith spoke. He left.", ["Gen. Mark Smith spoke.", "He left."]),
    ("lt-col", "Lt. Col. Ann Lee met Sgt. Bo Park. They talked.", ["Lt. Col. Ann Lee met Sgt. Bo Park.", "They talked."]),
    ("month", "Talks began on Jan. 5 in Oslo. They ended.", ["Talks began on Jan. 5 in Oslo.", "They ended."]),
    ("am-pm", "The vote opens at 9 a.m. and closes at 8 p.m. on Sunday. Turnout was high.",
     ["The vote opens at 9 a.m. and closes at 8 p.m. on Sunday.", "Turnout was high."]),
    ("number-no", "He wore No. 2 for the club. Fans cheered.", ["He wore No. 2 for the club.", "Fans cheered."]),
    ("inc", "Acme Inc. said profit rose. Shares fell.", ["Acme Inc. said profit rose.", "Shares fell."]),
    ("inc-lowercase-next", "Shares of Acme Inc. rose 2 pct. in early trade.", ["Shares of Acme Inc. rose 2 pct. in early trade."]),
    ("quote-period", 'He said, "We will stay." Then he left.', ['He said, "We will stay."', "Then he left."]),
    ("quote-question", '"Why now?" she asked. Nobody replied.', ['"Why now?" she asked.', "Nobody replied."]),
    ("quote-question-end", 'Reporters asked, "Is it over?" The minister smiled.',
     ['Reporters asked, "Is it over?"', "The minister smiled."]),
    ("curly-quote", "“We are ready,” she said. “Are you?” he asked.", ["“We are ready,” she said.", "“Are you?” he asked."]),
    ("dateline", "BRUSSELS (Reuters) - EU ministers met on Monday. They agreed.",
     ["BRUSSELS (Reuters) - EU ministers met on Monday.", "They agreed."]),
    ("dateline-dash", "KYIV, March 3 (AP) — Sirens sounded overnight. Power failed.",
     ["KYIV, March 3 (AP) — Sirens sounded overnight.", "Power failed."]),
    ("ellipsis-mid", "He paused... and then went on. It was late.", ["He paused... and then went on.", "It was late."]),
    ("ellipsis-end", "She waited... Nobody came.", ["She waited...", "Nobody came."]),
    ("headline", "Storm hits coast\n\nA storm hit the coast on Monday.", ["Storm hits coast", "A storm hit the coast on Monday."]),
    ("paragraph-no-stop", "First paragraph without stop\n\nSecond one", ["First paragraph without stop", "Second one"]),
    ("hard-wrapped", "The central bank raised rates by a\nquarter point on Tuesday, citing\ninflation. Markets rose.",
     ["The central bank raised rates by a\nquarter point on Tuesday, citing\ninflation.", "Markets rose."]),
    ("wrapped-abbrev", "Officials in the U.S.\nsaid talks would resume. No date was set.",
     ["Officials in the U.S.\nsaid talks would resume.", "No date was set."]),
    ("decimal", "Output rose 2.5 pct in May. Imports fell 0.3 pct.", ["Output rose 2.5 pct in May.", "Imports fell 0.3 pct."]),
    ("initials", "J.P. Morgan Chase & Co. said so. Its shares rose.", ["J.P. Morgan Chase & Co. said so.", "Its shares rose."]),
    ("exclamation", "Fire! Everyone ran out.", ["Fire!", "Everyone ran out."]),
    ("signoff", "Profit rose 10 pct.\n Reuter", ["Profit rose 10 pct.", "Reuter"]),
    # Reuters marks a paragraph, and each row of a table, by an indented line
    ("indented-table", "NEW YORK, April 1 - Shr loss six cts vs loss 76 cts\n    Net loss 343,748 vs loss 4.0 mln\n"
     "    Year\n    Revs 21.6 mln vs 19.7 mln\n Reuter",
     ["NEW YORK, April 1 - Shr loss six cts vs loss 76 cts", "Net loss 343,748 vs loss 4.0 mln", "Year",
      "Revs 21.6 mln vs 19.7 mln", "Reuter"]),
    ("indented-paragraph", "Fed adds reserves via customer repurchases\n    The Federal Reserve entered the market.",
     ["Fed adds reserves via customer repurchases", "The Federal Reserve entered the market."]),
    ("hanging-indent", "The minister said the talks on the\n  budget would resume on Monday. No date was set.",
     ["The minister said the talks on the\n  budget would resume on Monday.", "No date was set."]),
    ("every-line-indented", "  Shares rose in Tokyo on\n  Monday, dealers said\n    Profit taking followed",
     ["Shares rose in Tokyo on\n  Monday, dealers said", "Profit taking followed"]),
    ("ideographic-indent", "\u3000\u3000第一段没有句号\n\u3000\u3000\u3000第二段开始了。\n\u3000\u3000同一段",
     ["第一段没有句号", "第二段开始了。", "同一段"]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_split_news_cases(text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_offsets_point_into_text(text: str, expected: list[str]) -> None:
    found = split_sentences(text)
    assert len(found) == len(expected)  # every case has sentences: the check below is never vacuous
    assert [text[s.start : s.end] for s in found] == [s.text for s in found]


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n  \n", "\n\n\n"],
    ids=["empty", "spaces-and-breaks", "only-breaks"],
)
def test_blank_text_has_no_sentences(text: str) -> None:
    assert split_sentences(text) == []


def test_trailing_whitespace_excluded() -> None:
    assert split_sentences("  Hello there.  \n") == [Sentence(2, 14, "Hello there.")]


def test_the_splitter_is_told_the_language() -> None:
    german = "Sie kam am 3. Oktober an. Das Werk liegt in der Hauptstr. 5 in Emden."
    assert [s.text for s in split_sentences(german, "de")] == ["Sie kam am 3. Oktober an.", "Das Werk liegt in der Hauptstr. 5 in Emden."]
    assert len(split_sentences(german)) == 4  # English rules cut after "3." and "Hauptstr."
    assert len(split_sentences("Vive en la Avda. Libertad de Madrid. Es alto.", "es")) == 2
    zh = "受强降雨影响，多地发生洪涝灾害。省防汛指挥部已启动二级应急响应！救援人员赶赴灾区。"
    spans = split_sentences(zh, "zh")
    assert [s.text for s in spans] == ["受强降雨影响，多地发生洪涝灾害。", "省防汛指挥部已启动二级应急响应！", "救援人员赶赴灾区。"]
    assert all(zh[s.start:s.end] == s.text for s in spans)
    hi = "मानसून पहुंच गया है। बारिश कम हुई।"
    assert [s.text for s in split_sentences(hi, "hi")] == ["मानसून पहुंच गया है।", "बारिश कम हुई।"]


def test_an_unknown_language_splits_as_english_would() -> None:
    text = "Heavy rain fell. Roads closed."
    assert split_sentences(text, "xx") == split_sentences(text)


def test_the_aligner_reads_at_most_max_aligned_sentences() -> None:
    # Sentence pairs are scored in dense matrices: two texts of 3,500 sentences took 2.1 GB to align.
    from dedup.align import SentenceAligner
    from dedup.documents import Document
    from dedup.sentences import MAX_ALIGNED, aligned_sentences

    text = " ".join(f"Officials counted {k} boats in the harbour on day {k}." for k in range(MAX_ALIGNED + 500))
    assert len(split_sentences(text)) == MAX_ALIGNED + 500
    assert aligned_sentences(text) == split_sentences(text)[:MAX_ALIGNED]
    result = SentenceAligner().align(Document("a", text), Document("b", text + " One more line was added here."))
    assert len(result.source_sentences) == len(result.derived_sentences) == MAX_ALIGNED
    assert result.verdict == "wholly_derived"


def test_recent_aligned_sentences_are_the_aligned_sentences_kept() -> None:
    from dedup.sentences import aligned_sentences, recent_aligned_sentences

    text = "Heavy rain flooded the valley. Rescue teams used boats.\n\nMore rain is expected."
    first = recent_aligned_sentences(text, "en")
    assert first == tuple(aligned_sentences(text, "en"))
    assert recent_aligned_sentences(text, "en") is first  # split once
    assert recent_aligned_sentences(text, "de") == tuple(aligned_sentences(text, "de"))  # by language too


def _paragraph_breaks_read_in_full(text: str) -> list[tuple[int, int]]:
    """:func:`dedup.sentences._paragraph_breaks` as first written: every line's indent read for the least."""
    from dedup.sentences import _INDENTED_LINE, _LINE_INDENT, _PARAGRAPH_BREAK

    breaks = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK.finditer(text)]
    if "\n" in text:
        least = min((len(m.group(1)) for m in _LINE_INDENT.finditer(text)), default=0)
        breaks += [(m.start(), m.end()) for m in _INDENTED_LINE.finditer(text)
                   if len(m.group(1)) > least and not text[m.end()].islower()]
        breaks.sort()
    out: list[tuple[int, int]] = []
    for brk in breaks:
        if out and brk[0] < out[-1][1]:
            continue
        out.append(brk)
    return out


#: Texts whose least indent the shortcut must read as the whole text does: opening with a word, with an
#: indent, with a blank or a control line, every line indented, ideographic spaces, lines of spaces.
INDENTS = {
    "word first": "Shr 12 cts vs 10 cts\n    Net 1.2 mln\n    Revs 5.1 mln",
    "indented first": "  Shr 12 cts\n    Net 1.2 mln\n  Revs 5.1 mln\n      Avg shrs 3",
    "all indented alike": "    One line.\n    Two lines.\n    Three.",
    "blank first": "\n    Net 1.2 mln\n  Revs 5.1 mln",
    "control first": "\x1c  Net 1.2 mln\n    Revs 5.1 mln\n  Avg",
    "ideographic": "\u3000第一段。\n\u3000\u3000第二段。\n\u3000第三段。",
    "spaces only lines": "   \n      Net 1.2\n   \n    Revs 5.1\n  x",
    "tab": "\tA line\n\t\tB line\n\tC line",
    "lower-case continuation": "Results\n    were good\n    Net up",
}


@pytest.mark.parametrize("text", INDENTS.values(), ids=INDENTS.keys())
def test_paragraph_breaks_equal_the_whole_texts_reading(text: str) -> None:
    from dedup.sentences import _paragraph_breaks

    assert _paragraph_breaks(text) == _paragraph_breaks_read_in_full(text)


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("bn", "মূল্যস্ফীতি ছিল ৯.২ শতাংশ। হার বাড়বে।", ["মূল্যস্ফীতি ছিল ৯.২ শতাংশ।", "হার বাড়বে।"]),
    ("ur", "مہنگائی کی شرح ۷.۲ فیصد رہی۔ اگلا اجلاس ۱۶ دسمبر کو ہوگا۔",
     ["مہنگائی کی شرح ۷.۲ فیصد رہی۔", "اگلا اجلاس ۱۶ دسمبر کو ہوگا۔"]),
    ("km", "អត្រាការប្រាក់ ៣ ភាគរយ។ អតិផរណា ២,៨ ភាគរយ។", ["អត្រាការប្រាក់ ៣ ភាគរយ។", "អតិផរណា ២,៨ ភាគរយ។"]),
    ("my", "ဘဏ်များ၏ ချေးငွေကို ကန့်သတ်ထားသည်။ အစည်းအဝေး ကျင်းပမည်။",
     ["ဘဏ်များ၏ ချေးငွေကို ကန့်သတ်ထားသည်။", "အစည်းအဝေး ကျင်းပမည်။"]),
    ("ka", "ბანკმა განაკვეთი დატოვა. ინფლაცია 2.4 პროცენტი იყო.", ["ბანკმა განაკვეთი დატოვა.", "ინფლაცია 2.4 პროცენტი იყო."]),
], ids=["bengali digits", "urdu digits", "khmer stop", "burmese genitive", "georgian one case"])
def test_sentences_of_other_scripts(language: str, text: str, expected: list[str]) -> None:
    """A point between Bengali or Urdu digits was cut as a stop; Khmer's ។ was no stop; Burmese's genitive
    ၏ was one; a Georgian sentence, opening with a letter Unicode calls lower-case, continued the one
    before it (a whole story was one sentence)."""
    spans = split_sentences(text, language)
    assert [s.text for s in spans] == expected
    assert all(text[s.start:s.end] == s.text for s in spans)


#: (language, text, expected): an acronym, "Fed." or a unit at a sentence's end (sentencex's lists, matched without
#: case, held "pp", "ing", "fed", "km"), and titles and abbreviations before a name or a figure it cut after.
BY_LANGUAGE = [
    ("es", "Lo anunció el PP. El Gobierno calla.", ["Lo anunció el PP.", "El Gobierno calla."]),
    ("es", "La columna recorrió 12 km. Luego paró.", ["La columna recorrió 12 km.", "Luego paró."]),
    ("de", "Das sagte die Fed. Die Börse fiel.", ["Das sagte die Fed.", "Die Börse fiel."]),
    ("de", "Der Umsatz stieg um 5 Mio. Euro im II. Quartal.", ["Der Umsatz stieg um 5 Mio. Euro im II. Quartal."]),
    ("nl", "Dat meldt ING. De koers daalde.", ["Dat meldt ING.", "De koers daalde."]),
    ("cs", "Vládu kritizuje ODS. Trh klesl.", ["Vládu kritizuje ODS.", "Trh klesl."]),
    ("fr", "Selon le PP. Le marché a baissé.", ["Selon le PP.", "Le marché a baissé."]),
    ("fr", "Selon MM. Dupont et Durand, Mme. Martin part.", ["Selon MM. Dupont et Durand, Mme. Martin part."]),
    ("sv", "Det sade Fed. Börsen föll. Mötet börjar kl. 15 i dag.", ["Det sade Fed.", "Börsen föll.", "Mötet börjar kl. 15 i dag."]),
    ("ro", "A spus dl. Popescu, de pe str. Lipscani. Piața a scăzut.",
     ["A spus dl. Popescu, de pe str. Lipscani.", "Piața a scăzut."]),
    ("pl", "Zgodnie z art. 5 ustawy przyszło ok. 500 osób.", ["Zgodnie z art. 5 ustawy przyszło ok. 500 osób."]),
    ("ru", "Согласно ч. 2 ст. 5 закона МГУ им. Ломоносова прав.", ["Согласно ч. 2 ст. 5 закона МГУ им. Ломоносова прав."]),
    ("uk", "Бюджет отримав 5 млрд грн. Уряд задоволений.", ["Бюджет отримав 5 млрд грн.", "Уряд задоволений."]),
    ("el", "Το δήλωσε ο Γ. Παπανδρέου στην οδ. Πανεπιστημίου.", ["Το δήλωσε ο Γ. Παπανδρέου στην οδ. Πανεπιστημίου."]),
    ("tr", "Bunu Sn. Yılmaz söyledi. Piyasa düştü.", ["Bunu Sn. Yılmaz söyledi.", "Piyasa düştü."]),
    ("id", "Hal itu dikatakan Bpk. Joko kemarin.", ["Hal itu dikatakan Bpk. Joko kemarin."]),
    ("hu", "Jött kb. 500 ember az ún. Nagy-ügyben.", ["Jött kb. 500 ember az ún. Nagy-ügyben."]),
    ("fi", "Näin sanoi tri. Virtanen eilen.", ["Näin sanoi tri. Virtanen eilen."]),
    ("da", "Det gælder bl.a. Mærsk. Prisen er 100 kr. Det er dyrt.",
     ["Det gælder bl.a. Mærsk.", "Prisen er 100 kr.", "Det er dyrt."]),
    ("no", "Det sa Fed. Møtet starter kl. 15 i Oslo.", ["Det sa Fed.", "Møtet starter kl. 15 i Oslo."]),
    ("ru", "Об этом заявил Ю. Ушаков. Рынок упал.", ["Об этом заявил Ю. Ушаков.", "Рынок упал."]),
    ("uk", "Про це заявив В. Зеленський у Києві.", ["Про це заявив В. Зеленський у Києві."]),
    ("de", "Das meldete die Gebr. Heinemann am Montag.", ["Das meldete die Gebr. Heinemann am Montag."]),
    ("pt", "Disse o Dep. Silva, da Exma. Sra. Costa. O mercado caiu.",
     ["Disse o Dep. Silva, da Exma. Sra. Costa.", "O mercado caiu."]),
    # the language's own words that sentencex took for abbreviations: pronouns, adverbs, "etc." closing a list
    ("sv", "Det sa hon. Börsen föll.", ["Det sa hon.", "Börsen föll."]),
    ("no", "Jeg vet det. Børsen falt.", ["Jeg vet det.", "Børsen falt."]),
    ("da", "Priserne gik ned. Børsen faldt.", ["Priserne gik ned.", "Børsen faldt."]),
    ("hr", "Predsjednik je primio pismo i pročitao ga. Sjednica je završena.",
     ["Predsjednik je primio pismo i pročitao ga.", "Sjednica je završena."]),
    ("it", "Lo aveva annunciato tre anni fa. Il governo tace.", ["Lo aveva annunciato tre anni fa.", "Il governo tace."]),
    ("es", "El ministro dijo que no. El mercado cayó.", ["El ministro dijo que no.", "El mercado cayó."]),
    ("hu", "A miniszter azt mondta, hogy nem. A tőzsde esett.", ["A miniszter azt mondta, hogy nem.", "A tőzsde esett."]),
    ("cs", "Vyrábí auta, motory atd. Trh klesl.", ["Vyrábí auta, motory atd.", "Trh klesl."]),
    ("nl", "Het gaat om kolen, olie enz. „De vraag daalt”, zei hij.", ["Het gaat om kolen, olie enz.", "„De vraag daalt”, zei hij."]),
    # a year or a century before a capitalised function word ends a sentence, before a name it does not
    ("ru", "Завод построили в 2024 г. Затем его продали. В 2024 г. Москва приняла закон.",
     ["Завод построили в 2024 г.", "Затем его продали.", "В 2024 г. Москва приняла закон."]),
    ("uk", "Собор збудували у XIX ст. Потім його перебудували. У 2024 р. Київ ухвалив закон.",
     ["Собор збудували у XIX ст.", "Потім його перебудували.", "У 2024 р. Київ ухвалив закон."]),
    ("bg", "Бюджетът е за 2025 г. Това заяви министърът. През 2025 г. България ще влезе в еврозоната.",
     ["Бюджетът е за 2025 г.", "Това заяви министърът.", "През 2025 г. България ще влезе в еврозоната."]),
    ("bg", "Приходите ще са 25,4 млрд. лв. Разходите растат.", ["Приходите ще са 25,4 млрд. лв.", "Разходите растат."]),
    ("lt", "Biudžetas įsigalios sausio 1 d. Tai pabrėžė ministras. Sausio 1 d. Seimas posėdžiavo.",
     ["Biudžetas įsigalios sausio 1 d.", "Tai pabrėžė ministras.", "Sausio 1 d. Seimas posėdžiavo."]),
    # an abbreviation before an acronym that ends the phrase: percent of GDP
    ("lt", "Skola sieks 40,2 proc. BVP. Tai daug.", ["Skola sieks 40,2 proc. BVP.", "Tai daug."]),
    ("pl", "Wydatki wyniosą 3 proc. PKB, a dług rośnie.", ["Wydatki wyniosą 3 proc. PKB, a dług rośnie."]),
    # a right double quotation mark opening a quotation (Swedish, Finnish)
    ("sv", "Det gick ned i fjol. ”Vi måste anpassa oss”, sa Lindqvist. Det är bra.",
     ["Det gick ned i fjol.", "”Vi måste anpassa oss”, sa Lindqvist.", "Det är bra."]),
    ("fi", "Myynti laski. ”Meidän on sopeuduttava”, hän sanoi. Se on hyvä.",
     ["Myynti laski.", "”Meidän on sopeuduttava”, hän sanoi.", "Se on hyvä."]),
    # titles and the rupee in scripts without capitals, before a name or a figure; initials of Dravidian names
    ("mr", "अध्यक्षा डॉ. सुनीता पाटील आल्या. ३,७२५ कोटी रु. देण्यात आले.",
     ["अध्यक्षा डॉ. सुनीता पाटील आल्या.", "३,७२५ कोटी रु. देण्यात आले."]),
    ("ne", "प्रवक्ता डा. रामप्रसाद अधिकारीले भने। सञ्चिति रु. २३ खर्ब पुगेको छ।",
     ["प्रवक्ता डा. रामप्रसाद अधिकारीले भने।", "सञ्चिति रु. २३ खर्ब पुगेको छ।"]),
    ("hi", "डॉ. राम ने कहा। वह गया।", ["डॉ. राम ने कहा।", "वह गया।"]),
    ("gu", "અધિકારી ડૉ. હિતેશ પંડ્યાએ કહ્યું. તે ગયા છે.", ["અધિકારી ડૉ. હિતેશ પંડ્યાએ કહ્યું.", "તે ગયા છે."]),
    ("pa", "ਡਾਇਰੈਕਟਰ ਡਾ. ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ ਨੇ ਕਿਹਾ। ਉਹ ਗਏ।", ["ਡਾਇਰੈਕਟਰ ਡਾ. ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ ਨੇ ਕਿਹਾ।", "ਉਹ ਗਏ।"]),
    ("te", "కార్యదర్శి డా. శ్రీనివాస్ రెడ్డి అన్నారు. కె. చంద్రశేఖర్ వెళ్లారు.",
     ["కార్యదర్శి డా. శ్రీనివాస్ రెడ్డి అన్నారు.", "కె. చంద్రశేఖర్ వెళ్లారు."]),
    ("kn", "ಎಂಜಿನಿಯರ್ ಡಾ. ಮಂಜುನಾಥ ಗೌಡ ಹೇಳಿದರು. ಬಿ. ಎಸ್. ಪಾಟೀಲ್ ಬಂದರು.",
     ["ಎಂಜಿನಿಯರ್ ಡಾ. ಮಂಜುನಾಥ ಗೌಡ ಹೇಳಿದರು.", "ಬಿ. ಎಸ್. ಪಾಟೀಲ್ ಬಂದರು."]),
    ("ta", "அவலாஞ்சியில் 21 செ.மீ. மழை பதிவாகியுள்ளது. அவர் சென்றார்.",
     ["அவலாஞ்சியில் 21 செ.மீ. மழை பதிவாகியுள்ளது.", "அவர் சென்றார்."]),
    ("ta", "சென்னை, டிச. 7 (பிடிஐ): சென்னையில் மழை பெய்தது. மதுரை, நவ. 30: கோயிலில் விழா நடந்தது.",
     ["சென்னை, டிச. 7 (பிடிஐ): சென்னையில் மழை பெய்தது.", "மதுரை, நவ. 30: கோயிலில் விழா நடந்தது."]),
    ("si", "පසුගිය මාසයේ ආදායම රු. බිලියන 98 ක් විය. ඊළඟ සමාලෝචනය ජනවාරියේ.",
     ["පසුගිය මාසයේ ආදායම රු. බිලියන 98 ක් විය.", "ඊළඟ සමාලෝචනය ජනවාරියේ."]),
    ("gu", "તે છે. આ બીજું છે.", ["તે છે.", "આ બીજું છે."]),
]


@pytest.mark.parametrize(("language", "text", "expected"), BY_LANGUAGE,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(BY_LANGUAGE)])
def test_sentence_ends_by_language(language: str, text: str, expected: list[str]) -> None:
    """sentencex matches its abbreviations without case, and languages fall back to English's list: "PP.",
    "PS.", "ING.", "Fed." ended no sentence; and it cut after titles and abbreviations its lists lack."""
    spans = split_sentences(text, language)
    assert [s.text for s in spans] == expected
    assert all(text[s.start:s.end] == s.text for s in spans)


@pytest.mark.parametrize("text", [
    "Las relaciones con EE. UU. han mejorado. Otra frase.",
    "El sindicato CC. OO. convocó la huelga. Otra frase.",
    "Según las FF. AA. el ataque fue repelido. Otra frase.",
    "Los JJ. OO. de París terminan hoy. Otra frase.",
], ids=["united states", "union", "armed forces", "olympic games"])
def test_spanish_plural_abbreviations_end_no_sentence_in_their_middle(text: str) -> None:
    """A letter doubled and its full stop is half of one abbreviation ("EE. UU."): the acronym rule cut after
    "EE.", and sentencex after "CC.", "FF.", "JJ."."""
    assert [s.text for s in split_sentences(text, "es")] == [text[: text.index(" Otra")], "Otra frase."]


def test_a_spanish_plural_abbreviation_at_the_end_of_a_sentence_ends_it() -> None:
    assert [s.text for s in split_sentences("Viajó a EE. UU. Luego volvió.", "es")] == ["Viajó a EE. UU.", "Luego volvió."]
