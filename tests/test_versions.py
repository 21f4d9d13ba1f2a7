"""Story versions: markers, the version rule, grouping, and which version a client took."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from dedup.documents import Document
from dedup.versions import group_versions, is_version_pair, strip_marker, taken_versions, version_marker

BODY = ("The ministry said 1,000 troops would take part in the exercise near the border, which runs "
        "until July 19 and includes hostage rescue drills, officials said on Monday.")


@dataclass(frozen=True)
class Ev:
    jaccard: float
    a_in_b: float
    b_in_a: float


@dataclass(frozen=True)
class P:
    a: str
    b: str
    verdict: str
    evidence: Ev = field(default_factory=lambda: Ev(0.9, 0.95, 0.95))


def doc(doc_id: str, outlet: str, published: str, title: str, text: str = BODY) -> Document:
    return Document(doc_id, text, title=title, outlet=outlet, published=published)


@pytest.mark.parametrize(
    "title, text, marker",
    [
        ("CORRECTED - BANKAMERICA SALE", "", "CORRECTED"),
        ("(RPT) U.S. SAYS TIN DISPOSALS", "", "RPT"),
        ("UPDATE 2-Oil rises", "", "UPDATE 2"),
        ("REFILE-Oil rises", "", "REFILE"),
        ("XEROX ADDS CAPACITY", "", None),
        ("Oil rises", "Oil rose. -- Corrects year of loss in third paragraph.  Reuter", "CORRECTS"),
        ("FED ADDS RESERVES", "The Fed added reserves.", None),
    ],
    ids=["corrected", "rpt", "update", "refile", "adds-is-no-marker", "correction-note", "plain"],
)
def test_version_marker(title: str, text: str, marker: str | None) -> None:
    assert version_marker(title, text) == marker


def test_strip_marker() -> None:
    assert strip_marker("CORRECTED - LIFETIME<LFT> TO BUY NIPPON LACE") == "lifetime to buy nippon lace"


@pytest.mark.parametrize(
    "b, near, overlapping, expected",
    [
        (doc("b", "wire", "2024-07-08T12:00:00Z", "Troops gather"), True, True, True),
        (doc("b", "paper", "2024-07-08T12:00:00Z", "Troops gather"), True, True, False),
        (doc("b", "wire", "2024-07-20T12:00:00Z", "Troops gather"), True, True, False),
        (doc("b", "wire", "2024-07-09T12:00:00Z", "CORRECTED - Troops gather"), False, True, True),
        (doc("b", "wire", "2024-07-09T12:00:00Z", "Troops gather"), False, True, False),
    ],
    ids=["resend", "other-outlet", "weekly-edition", "marked-correction", "overlap-unmarked"],
)
def test_is_version_pair(b: Document, near: bool, overlapping: bool, expected: bool) -> None:
    a = doc("a", "wire", "2024-07-08T10:00:00Z", "Troops gather")
    assert is_version_pair(a, b, near_identical=near, overlapping=overlapping) is expected


def _newsroom() -> tuple[dict[str, Document], list[P]]:
    corrected = BODY.replace("1,000", "1,200")
    docs = [
        doc("w1", "wire", "2024-07-08T10:00:00Z", "Troops gather near border"),
        doc("w2", "wire", "2024-07-08T12:00:00Z", "CORRECTED - Troops gather near border", corrected),
        doc("p1", "paper", "2024-07-08T11:00:00Z", "Border drills", BODY),
        doc("p2", "daily", "2024-07-08T13:00:00Z", "Border drills", corrected),
    ]
    pairs = [P("w1", "w2", "duplicate"), P("p1", "w1", "duplicate", Ev(0.95, 1, 1)),
             P("p1", "w2", "duplicate", Ev(0.8, 0.9, 0.9)), P("p2", "w1", "duplicate", Ev(0.8, 0.9, 0.9)),
             P("p2", "w2", "duplicate", Ev(0.95, 1, 1))]
    return {d.id: d for d in docs}, pairs


def test_versions_are_one_story_in_time_order() -> None:
    docs, pairs = _newsroom()
    stories = group_versions(docs, pairs)
    assert [(s.id, s.outlet, s.members) for s in stories] == [("s1", "wire", ("w1", "w2"))]
    assert [v.correction for v in stories[0].versions] == [False, True]
    assert stories[0].title == "Troops gather near border"


def test_which_version_was_taken_and_the_correction_it_lacks() -> None:
    docs, pairs = _newsroom()
    taken = taken_versions(group_versions(docs, pairs), pairs, docs)
    assert [(t.derived, t.version, t.missed_correction) for t in taken] == [("p1", "w1", "w2"), ("p2", "w2", None)]


def test_a_copy_cannot_take_a_version_sent_after_it() -> None:
    """Even when the copy is as close to the correction (a rewrite keeps few 5-grams), a copy published
    before the correction took the first version and lacks the correction."""
    docs, pairs = _newsroom()
    tied = [P(p.a, p.b, p.verdict, Ev(0.3, 0.3, 0.3)) if "p1" in (p.a, p.b) else p for p in pairs]
    taken = {t.derived: (t.version, t.missed_correction) for t in taken_versions(group_versions(docs, tied), tied, docs)}
    assert taken["p1"] == ("w1", "w2")


def test_outlets_named_in_other_scripts_are_told_apart() -> None:
    """Two papers named in Arabic (or Chinese) are two outlets: before, every name outside a-z0-9 was
    reduced to nothing, so any two such outlets' near-identical copies were 'versions of one story'."""
    a = doc("a", "الأهرام", "2026-03-07T17:30:00Z", "المركزي يرفع الفائدة")
    b = doc("b", "الوفد", "2026-03-07T18:10:00Z", "المركزي يرفع الفائدة")
    assert not is_version_pair(a, b, near_identical=True)
    assert is_version_pair(a, doc("c", "الأهرام", "2026-03-07T18:30:00Z", "المركزي يرفع الفائدة"), near_identical=True)


@pytest.mark.parametrize(
    "title, marker, correction, stripped",
    [
        ("UPDATE 2-CORRECTED-Troops gather near border", "UPDATE 2-CORRECTED", True, "troops gather near border"),
        ("REFILE-CORRECTED-Troops gather near border", "REFILE-CORRECTED", True, "troops gather near border"),
        ("CORRECTED-UPDATE 1-Troops gather near border", "CORRECTED-UPDATE 1", True, "troops gather near border"),
        ("RPT-UPDATE 1-Troops gather near border", "RPT-UPDATE 1", False, "troops gather near border"),
        ("Fixed income: bonds rally", None, False, "fixed income: bonds rally"),
        ("Repeat offenders face longer terms", None, False, "repeat offenders face longer terms"),
        ("Corrected: Troops gather near border", "CORRECTED", True, "troops gather near border"),
    ],
    ids=["update-then-corrected", "refile-then-corrected", "corrected-then-update", "rpt-then-update",
         "fixed-income-is-no-marker", "repeat-is-a-word", "corrected-colon"],
)
def test_a_chain_of_markers_is_read_whole(title: str, marker: str | None, correction: bool, stripped: str) -> None:
    """Agencies stack markers ("REFILE-CORRECTED-", "UPDATE 2-CORRECTED-"): only the first was read, so such a
    correction was no correction (a client that ran the version before it was not told it lacks one) and its
    title kept "corrected-" against its story's. A title opening with the word as a word of its own
    ("Fixed income: ...") was a version marked FIXED."""
    from dedup.versions import Version

    found = version_marker(title)
    assert (found, Version("v", None, title, found).correction, strip_marker(title)) == (marker, correction, stripped)


def test_a_correction_behind_another_marker_is_one_a_client_lacks() -> None:
    docs, pairs = _newsroom()
    docs["w2"] = doc("w2", "wire", "2024-07-08T12:00:00Z", "UPDATE 1-CORRECTED-Troops gather near border",
                     docs["w2"].text)
    taken = taken_versions(group_versions(docs, pairs), pairs, docs)
    assert [(t.derived, t.version, t.missed_correction) for t in taken] == [("p1", "w1", "w2"), ("p2", "w2", None)]
