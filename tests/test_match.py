"""Match: what a check returns, its stored form, and its order."""

from __future__ import annotations

from dedup.decision import VERDICTS
from dedup.evidence import Evidence, SharedPassage
from dedup.index.match import Match, evidence_from_dict, evidence_to_dict
from dedup.index.store import StoredArticle

EVIDENCE = Evidence(0.4, 0.6, 0.5, 0.45, 0.9, (SharedPassage((0, 40), (5, 45), 0.8, 0.7, 1.0, 9, 1.0, 2, 4),),
                    0.25, 0.3, 21)
STORED = StoredArticle(7, "wire-1", "h", "Harlow port workers walked out on Monday. The union said so.", title="Strike",
                       outlet="wire", published="2026-11-30T08:00:00Z", url="https://example.org/1")


def test_evidence_round_trips_through_its_stored_form() -> None:
    assert evidence_from_dict(evidence_to_dict(EVIDENCE)) == EVIDENCE


def test_to_dict_names_the_stored_article_and_the_evidence() -> None:
    match = Match.of(STORED, "partial", EVIDENCE, ("passage",), STORED.text + " Talks resume on Thursday.")
    out = match.to_dict()
    assert (out["id"], out["verdict"], out["outlet"], out["url"]) == ("wire-1", "partial", "wire", "https://example.org/1")
    assert out["scores"] == EVIDENCE.to_dict() and out["passages"][0]["found_elsewhere"] == 2
    assert "alignment" not in out
    aligned = match.to_dict(with_alignment=True)["alignment"]
    assert {d["id"] for d in aligned["documents"]} == {"wire-1", "incoming"}
    assert aligned["links"][0]["kind"] == "verbatim"  # computed on demand from the two texts


def test_sort_key_puts_the_strongest_verdict_first_then_the_most_confident() -> None:
    def m(name: str, verdict: str, confidence: float) -> Match:
        return Match(name, verdict, Evidence(0.5, 0.0, 0.0, 0.0, 1.0), confidence=confidence)

    found = [m("c", "rewrite", 0.1), m("b", "partial", 0.2), m("a", "partial", 0.3), m("d", "duplicate", 0.6),
             m("e", "partial", 0.3)]
    assert [x.id for x in sorted(found, key=Match.sort_key)] == ["d", "a", "e", "b", "c"]
    assert set(VERDICTS) == {"duplicate", "partial", "rewrite"}


def test_same_text_is_the_stored_text_white_space_aside() -> None:
    from dedup.index.match import same_text_id

    rewrapped = Match.of(STORED, "duplicate", EVIDENCE, ("text",), STORED.text.replace(" The", "\n\nThe") + "\n")
    longer = Match.of(STORED, "duplicate", EVIDENCE, ("text",), STORED.text + " Talks resume on Thursday.")
    assert rewrapped.same_text and not longer.same_text
    assert same_text_id([longer, rewrapped]) == "wire-1" and same_text_id([longer]) is None
