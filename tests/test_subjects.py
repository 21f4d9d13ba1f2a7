"""One template filled in for two subjects (dedup.subjects): each lead's subject, named or not in the other text."""

from __future__ import annotations

from dedup.decision import _worded
from dedup.documents import Document
from dedup.subjects import lead_subject, named_in, other_subjects
from dedup.verify import align_pair

#: A fund's dividend notice and another fund's, filled in on one template: the same figures, two names.
FUND = ("BOSTON, April 13 - Putnam High Income Trust said its board declared a monthly dividend of 6.6 cts a share, "
        "payable April 30 to holders of record April 20. The trust paid 6.6 cts a share the month before.")
OTHER_FUND = FUND.replace("Putnam High Income Trust", "Colonial Intermediate Fund").replace("The trust", "The fund")
#: The same notice rewritten: its lead rephrased, its subject named.
REWRITTEN = ("BOSTON, April 13 - The board of Putnam High Income Trust has declared a monthly dividend of 6.6 cts a "
             "share, payable April 30 to holders of record April 20. The trust paid 6.6 cts a share the month before.")


def _other(a: str, b: str) -> bool:
    alignment = align_pair(Document("a", a), Document("b", b))
    assert _worded(alignment)  # the leads link: the answer is read from them
    return other_subjects(alignment, _worded(alignment))


def test_a_dividend_notice_of_another_fund_reads_as_two_subjects() -> None:
    assert _other(FUND, OTHER_FUND) and _other(OTHER_FUND, FUND)


def test_a_copy_and_a_rewrite_name_their_subject() -> None:
    assert not _other(FUND, FUND)
    assert not _other(FUND, REWRITTEN)  # its lead opens on "The": no subject read, and Putnam is named in both


def test_a_leads_subject_is_a_name_after_the_dateline() -> None:
    assert lead_subject(FUND) == ("putnam", 19)
    assert lead_subject("The trust said") is None  # a stop word
    assert lead_subject("LONDON, March 2 - Profits rose, and profits will rise") is None  # written without a capital
    assert lead_subject("LONDON, March 2 - 50 banks") is None  # no word


def test_a_subject_cut_short_or_misspelt_is_named() -> None:
    assert named_in("nebraska", "LINCOLN, Neb., March 2 - The state said")  # "Neb" for Nebraska
    assert named_in("fieldcor", "Fidelcor Inc said it agreed")  # misspelt
    assert named_in("us", "U.S. officials said")
    assert not named_in("unocal", "Southland Corp's Citgo Petroleum Corp said it raised")


def test_no_subject_is_read_where_capitals_do_not_mark_names() -> None:
    german = "BERLIN, 12. März - Siemens hat die Preise erhöht. Der Konzern sagte, Siemens werde wachsen."
    other = german.replace("Siemens", "Bosch")
    alignment = align_pair(Document("a", german), Document("b", other))
    assert not other_subjects(alignment, _worded(alignment))


def test_a_sentences_first_word_is_no_subject() -> None:
    # a rewrite opening on a synonym ("Appetite" for "Demand", "Oljefondet" for "Statens pensjonsfond")
    assert lead_subject("LONDON, April 8 - Demand for shares in Rolls Royce is expected to be substantial") is None
    assert lead_subject("Statens pensjonsfond utland fikk et overskudd", "no") is None
    assert lead_subject("NEW YORK, June 18 - Murphy Oil said it increased its prices") == ("murphy", 20)


def test_a_reprint_in_another_alphabet_is_one_text() -> None:
    from types import SimpleNamespace

    cyrillic = "БЕОГРАД, 5. март - Телеком Србија је објавио резултате. Телеком Србија је повећао добит."
    latin = "BEOGRAD, 5. mart - Telekom Srbija je objavio rezultate. Telekom Srbija je povećao dobit."
    other = latin.replace("Telekom Srbija", "Elektroprivreda Srbije")
    lead = SimpleNamespace(source_spans=((0, 55),), derived_spans=((0, 55),))  # the two leads linked

    def other_subjects_of(a: str, b: str) -> bool:
        return other_subjects(SimpleNamespace(source_document=Document("a", a), derived_document=Document("b", b)),
                              [lead])

    assert lead_subject(cyrillic, "sr") == ("телеком", 19) and lead_subject(latin, "sr") == ("telekom", 19)
    assert not other_subjects_of(cyrillic, latin)  # each subject absent from the other's letters: one script apart
    assert other_subjects_of(latin, other)  # in one script, two companies


#: A Kurmanji report and its rewrite, both opening on a head noun joined by the izafe to the place they report on ("the
#: administration of Erbil's airport", "the passengers of Erbil's airport"): one subject, the airport.
KURMANJI = ("HEWLÊR (Ajans) - Rêveberiya Balafirgeha Hewlêrê ragihand ku di meha borî de 96 hezar kes bi balafirgehê "
            "geriyane, ji sedî 12 zêdetir ji meha berê. Berpirsekî balafirgehê got ku firînên nû dê sala bê dest pê bikin.")
KURMANJI_REWRITTEN = ("Rêwiyên Balafirgeha Hewlêrê di meha borî de gihîştin 96 hezar kesî, ji sedî 12 zêdetir ji meha "
                      "berê. Berpirsekî balafirgehê got ku firînên nû dê sala bê dest pê bikin.")


def test_a_kurmanji_leads_subject_is_the_name_its_head_noun_is_joined_to() -> None:
    assert lead_subject(KURMANJI, "ku") == ("hewlêrê", KURMANJI.index("Hewlêrê"))
    assert lead_subject(KURMANJI_REWRITTEN, "ku") == ("hewlêrê", KURMANJI_REWRITTEN.index("Hewlêrê"))
    assert not _other(KURMANJI, KURMANJI_REWRITTEN)
    # English names open their run: the first word stands
    assert lead_subject("NEW YORK, March 12 - Unocal Corp said it raised prices.", "en") == ("unocal", 21)
