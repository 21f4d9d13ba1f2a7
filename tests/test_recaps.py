"""A lead retold (dedup.recaps): one story's lead restated in another's prose, against a digest carrying it."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from dedup.confidence import Judgement, Reason
from dedup.decision import RETOLD_LEAD, _worded, refuse_chance_order
from dedup.documents import Document
from dedup.evidence import score_pair
from dedup.exact_sets import features
from dedup.shingles import tokenize_batch
from dedup.vocabulary import Vocabulary
from dedup.recaps import JOINING_LETTERS, LEAD_SHARE, PLACE_WORDS, at_lead, dated, opens_item, retold_lead
from dedup.verify import align_pair

#: A court's story: its lead, then two sentences of its own.
COURT = ("HOUSTON, April 13 - A state appeals court ruled that the refinery group's bankruptcy filing stays its "
         "obligation to post a bond of four billion dlrs while the lawsuit over the pipeline merger goes on. "
         "The judges heard the arguments of both sides for three hours in a crowded courtroom on Monday. "
         "Lawyers for the pipeline company said they would appeal the ruling to the state supreme court. The "
         "refinery group filed for protection from its creditors last week, citing the size of the bond.")
#: A market story hours later, recapping the court's lead inside its prose.
MARKET = ("NEW YORK, April 13 - Shares of the refinery group rose two dlrs in heavy trading on the stock exchange "
          "as investors weighed the next steps in the long legal fight. Analysts said the company's bankers were "
          "ready to extend new credit lines within the month. Indeed, a state appeals court this morning ruled "
          "that the refinery group's bankruptcy filing stays its obligation to post a bond of four billion dlrs "
          "while the lawsuit over the pipeline merger goes on. Traders expected the shares to stay volatile.")
#: A digest carrying the court's lead as an item of its own, after the item before and its dateline.
DIGEST = ("NEW YORK, April 13 - Crude oil futures closed higher on the exchange as traders covered short positions "
          "ahead of the weekend and the winter heating season. (NYFC 1433)\n    HOUSTON - A state appeals court "
          "ruled that the refinery group's bankruptcy filing stays its obligation to post a bond of four billion "
          "dlrs while the lawsuit over the pipeline merger goes on. (NYFC 1502)")


def _retold(a: str, b: str) -> bool:
    alignment = align_pair(Document("a", a), Document("b", b))
    assert _worded(alignment)  # the two share a linked sentence: the answer is read from it
    return retold_lead(alignment, _worded(alignment))


def test_a_lead_retold_in_another_storys_prose_is_read_either_way() -> None:
    assert _retold(COURT, MARKET) and _retold(MARKET, COURT)


def test_a_digest_carrying_the_lead_as_an_item_is_not_a_retold_lead() -> None:
    assert not _retold(COURT, DIGEST) and not _retold(DIGEST, COURT)


def test_a_story_carried_whole_and_a_copy_are_not_retold_leads() -> None:
    lead = COURT.split(". ")[0] + "."
    assert not _retold(lead, MARKET)  # the link holds all the lead's text: a story carried whole
    assert not _retold(COURT, COURT)  # both sides at their leads
    headed = "Court rules on the bond.\n\n" + COURT.split(". ")[0][len("HOUSTON, April 13 - "):] + "."
    assert not _retold(COURT, headed)  # a headline of its own over the lead taken: all but the headline linked


def test_more_than_one_link_is_not_read() -> None:
    one = SimpleNamespace(source_spans=((0, 40),), derived_spans=((200, 240),), source_sentences=(0,),
                          derived_sentences=(2,))
    alignment = SimpleNamespace(source_document=Document("a", COURT), derived_document=Document("b", MARKET))
    assert retold_lead(alignment, [one])
    assert not retold_lead(alignment, [one, one]) and not retold_lead(alignment, [])


def test_a_lead_is_what_follows_a_dateline_or_nothing() -> None:
    assert at_lead(COURT, [(0, 50)]) and at_lead(COURT, [(19, 50)])  # with its dateline, or after it
    assert at_lead("  Shares rose.", [(2, 14)])
    assert not at_lead(COURT, [(COURT.index("The judges"), len(COURT))])
    assert not at_lead(COURT, [])


@pytest.mark.parametrize("before, sentence, item", [
    ("Prices fell. ", "WASHINGTON - Kuwait asked for flags.", True),
    ("Prices fell. ", "NEW YORK, April 7 - Copper rose.", True),
    ("Prices fell. (MMSU\n1404) ", "(MMSU\n1404) In LONDON, silver ended higher.", True),
    ("sold by private exporters -\n    ", "Japanese crushers bought rapeseed.", True),
    ("Prices fell. ", "OPEC's president said the meeting would be calm.", False),
    ("Prices fell. ", "However, the minister told Japan to resolve the row.", False),
    ("Prices fell. ", "U.S. Officials said so.", False),
])
def test_an_item_opens_with_a_dateline_or_after_a_dash(before: str, sentence: str, item: bool) -> None:
    text = before.rstrip(" ") + " " + sentence if not sentence.startswith("(") else before.split("(")[0] + sentence
    assert opens_item(text, text.index(sentence)) is item


def test_a_retold_lead_about_to_be_reported_is_refused_and_a_digest_is_not() -> None:
    judged = Judgement(0.8, "partial", (Reason("cover_verbatim", 0.2, 1.0),))

    def refused(a: str, b: str) -> Judgement:
        batch = tokenize_batch([a, b])
        fa, fb = features(batch, np.array([[0, len(a)], [0, len(b)]]), vocab=Vocabulary.empty())
        ev = score_pair(fa, fb, windows=[((0, len(a)), (0, len(b)))], len_a=len(a), len_b=len(b))
        return refuse_chance_order(judged, ev, align_pair(Document("a", a), Document("b", b)), (a, b), 0.61, "en")

    out = refused(COURT, MARKET)
    assert out.confidence == 0.6099 and out.why[0].feature == RETOLD_LEAD and out.why[0].value == 1.0
    assert refused(COURT, DIGEST) is judged
    assert 0 < LEAD_SHARE < 1


def _one_link(source: str, derived: str, source_sentences: tuple[int, ...], derived_sentences: tuple[int, ...],
              passage: str) -> bool:
    """:func:`retold_lead` of one link holding ``passage`` at the start of ``source`` and inside ``derived``."""
    at, start = source.index(passage), derived.index(passage)
    link = SimpleNamespace(source_spans=[(at, at + len(passage))], derived_spans=[(start, start + len(passage))],
                           source_sentences=source_sentences, derived_sentences=derived_sentences)
    alignment = SimpleNamespace(source_document=Document("a", source), derived_document=Document("b", derived))
    return retold_lead(alignment, [link])


def test_a_passage_of_sentences_taken_from_the_lead_on_is_no_retold_lead() -> None:
    # a copied passage (the plagiarist's paragraph, a desk lifting the opening paragraphs) links sentences on each
    # side: no sentence of background retold; one sentence each side is read as before
    opening = COURT.split(" The judges")[0][len("HOUSTON, April 13 - "):]
    source = COURT + " " + " ".join(MARKET.split(". ")[1:3]) + ". " + COURT[len("HOUSTON, April 13 - "):]
    derived = MARKET + " " + opening + " " + MARKET
    assert _one_link(source, derived, (0,), (5,), opening)
    assert not _one_link(source, derived, (0, 1), (5, 6), opening)
    assert not _one_link(source, derived, (0,), (5, 6), opening)


def test_an_opening_sentence_with_no_dateline_is_no_wire_lead() -> None:
    # a book's or an essay's opening sentence copied into another text's body (PAN's plagiarism cases) is reuse:
    # only a wire story's lead, under its dateline, is read as one recapped
    undated = COURT[len("HOUSTON, April 13 - "):]
    assert _retold(COURT, MARKET)
    assert not _retold(undated, MARKET) and not _retold(MARKET, undated)


@pytest.mark.parametrize("head", [
    "WASHINGTON", "NEW YORK, April 7", "RIO DE JANEIRO, March 13", "KING OF PRUSSIA, Pa., March 2",
    "New York (Reuters)", "Washington", "Rio De Janeiro", "Dar es Salaam", "Ústí nad Labem 7. prosince",
    "omaha, april 7", "sioux falls, april 7", "Bratislava 7. decembra (TASR)", "Cluj-Napoca, 6 dec /Agerpres/",
    "San Pawl il-Baħar, 7 ta' Diċembru", "Kigali, ku wa 7 Ukuboza 2026 (RBA)", "MAYNILA, Disyembre 5 (PNA)",
    "LEEDS CROWN COURT", "القاهرة", "عمّان 6 كانون الأول (بترا)", "नई दिल्ली, 17 मार्च", "北京3月17日电",
    "กรุงเทพฯ 6 ธ.ค.", "Lëtzebuerg, 7. Dezember (RTL)", "BERLIN, 6. März (Wire)",
])
def test_a_place_with_or_without_its_date_and_agency_is_a_dateline(head: str) -> None:
    assert dated(head)
    text = head + " - The central bank raised its main rate by half a point on Tuesday to curb inflation."
    assert at_lead(text, [(text.index("The central"), len(text))])


@pytest.mark.parametrize("head", [
    "The Center for Capacity Development", "Weekly crop and pasture report", "Answers to Common Job Interview Questions",
    "Fob Gulf edible oils", "Bids only", "Economic week in review", "Економічний тиждень",
    "НБУ знизив облікову ставку на пів відсоткового пункта",
])
def test_a_title_before_a_dash_is_no_dateline(head: str) -> None:
    # a title of many words, or of words in lower case that join no name, is no place: the sentence after its dash
    # is no wire story's lead under a dateline
    assert not dated(head)
    text = head + " - The central bank raised its main rate by half a point on Tuesday to curb inflation."
    assert not at_lead(text, [(text.index("The central"), len(text))])
    assert at_lead(text, [(0, len(text))])


def test_a_place_takes_a_few_words_and_short_joining_ones() -> None:
    place = " ".join(["Upper"] * PLACE_WORDS)
    assert dated(place) and not dated(place + " Upper") and dated((place + " Upper").upper())
    assert dated("Upper " + "d" * JOINING_LETTERS + " Lower") and not dated("Upper " + "d" * (JOINING_LETTERS + 1) + " Lower")
    assert not dated("Upper lower") and not dated("lower Upper")


def test_an_opening_sentence_after_a_title_is_no_wire_lead() -> None:
    # a web page's title and a dash ("The Center for Capacity Development - We help ...", a PAN source) over the
    # sentence another text's body repeats: no lead under a dateline, no retold lead refused
    body = COURT[len("HOUSTON, April 13 - "):]
    assert _retold(COURT, MARKET)
    titled = "The Center for Capacity Development - " + body
    assert not _retold(titled, MARKET) and not _retold(MARKET, titled)
    assert _retold("HOUSTON - " + body, MARKET)


#: A central bank's story in Arabic (a script without capitals): its lead under a dateline, then its own sentences.
RATE_LEAD = "قال البنك المركزي يوم الثلاثاء إنه رفع أسعار الفائدة الرئيسية بمقدار نقطتين لكبح التضخم."
RATE = ("القاهرة - " + RATE_LEAD + " وقال محافظ البنك إن القرار جاء بعد ارتفاع الأسعار لثلاثة أشهر متتالية. "
        "وتوقع محللون مزيدا من الزيادات خلال العام مع استمرار الضغوط على العملة. "
        "وكانت الحكومة قد أعلنت الشهر الماضي عن خطة لخفض الدعم على الوقود والكهرباء.")


@pytest.mark.parametrize("before, sentence, item", [
    ("ارتفعت الأسهم.", "القاهرة - قال البنك إن الأسعار ارتفعت.", True),
    ("शेयर बढ़े।", "नई दिल्ली, 17 मार्च - सरकार ने कहा।", True),  # a place of two words, vowel signs and all
    ("股市上涨。", "北京3月17日电——中国人民银行周二表示。", True),
    ("ارتفعت الأسهم.", "(ع ر 1502) بيروت - قال الوزير.", True),
    ("ارتفعت الأسهم.", "قال البنك المركزي إن الأسعار ارتفعت - وهذا جديد.", False),  # a dash inside prose
    ("ارتفعت الأسهم.", "وفي سياق متصل، قال البنك إن الأسعار ارتفعت.", False),
    ("股市上涨。", "中国人民银行周二表示利率不变。", False),
    ("Prices fell.", "Dealers said - as expected - that rates held.", False),  # a script with capitals: as before
])
def test_an_item_in_a_script_without_capitals_opens_with_a_dateline(before: str, sentence: str, item: bool) -> None:
    text = before + " " + sentence
    assert opens_item(text, text.index(sentence)) is item


def test_a_digest_in_a_script_without_capitals_carrying_the_lead_is_not_a_retold_lead() -> None:
    digest = ("بيروت - ارتفعت الأسهم في تعاملات هادئة مع إقبال المستثمرين على أسهم البنوك والعقارات. (ع ر 1433)\n"
              "    القاهرة - " + RATE_LEAD + " (ع ر 1502)\n    عمان - قالت الحكومة إنها ستطرح سندات جديدة "
              "بقيمة مئتي مليون دينار الشهر المقبل لتمويل العجز. (ع ر 1515)")
    prose = ("دبي - تراجعت أسواق الخليج في تعاملات ضعيفة مع ترقب المستثمرين لنتائج الشركات. وفي سياق متصل، "
             + RATE_LEAD + " وقال متعاملون إن الأسواق ستبقى متقلبة خلال الأسبوع المقبل مع تراجع السيولة.")
    assert not _one_link(RATE, digest, (0,), (1,), RATE_LEAD) and not _one_link(digest, RATE, (1,), (0,), RATE_LEAD)
    assert _one_link(RATE, prose, (0,), (1,), RATE_LEAD)  # retold inside another story's prose: refused as before
