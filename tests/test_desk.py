"""The wire desk stage end to end through ``scan``: credit, changed facts, versions, timelines."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from dedup import Document, scan
from dedup.agencies import load_agencies
from dedup.desk import pair_credit, wire_desk

WIRE = ("LONDON (Reuters) - The port authority said on Tuesday that 1,000 dock workers walked out at Harlow, "
        "halting container traffic at the country's second-largest terminal. \"We will not return until the "
        "pay offer is improved,\" union leader Maria Kovacs told reporters outside the gates. The authority said "
        "about 40 ships were waiting at sea and that perishable cargo was being diverted to Felixstowe. Talks "
        "between the union and the employers are due to resume on Thursday, the authority added.")
CORRECTED = WIRE.replace("1,000 dock workers", "1,200 dock workers")
REPRINT = WIRE  # a client that kept the dateline: credited
UNCREDITED = CORRECTED.replace("LONDON (Reuters) - ", "").replace("about 40 ships", "about 60 ships") \
    .replace("We will not return until the pay offer is improved", "We will never return until the pay offer improves")
INDEPENDENT = ("Shipping analysts expect freight rates on routes to northern Europe to rise next month as "
               "carriers add surcharges, Reuters reported last week, citing three brokers. Insurers said "
               "premiums for vessels waiting at anchor had not yet moved, and that most contracts include "
               "clauses for industrial action that limit their exposure to delays of this kind.")

DOCS = [
    Document("wire-1", WIRE, title="Harlow dock workers strike", outlet="reuters", published="2024-10-08T06:00:00Z"),
    Document("wire-2", CORRECTED, title="CORRECTED - Harlow dock workers strike", outlet="reuters",
             published="2024-10-08T08:00:00Z"),
    Document("coast-1", REPRINT, title="Strike at Harlow", outlet="coastnews", published="2024-10-08T07:00:00Z"),
    Document("city-1", UNCREDITED, title="Harlow port strike", outlet="citypaper", published="2024-10-08T09:00:00Z"),
    Document("ship-1", INDEPENDENT, title="Freight rates", outlet="shipweek", published="2024-10-08T10:00:00Z"),
]


def _result():  # type: ignore[no-untyped-def]
    return scan(DOCS)


def test_credit_per_pair_and_independent_report_is_no_pair() -> None:
    result = _result()
    assert all("ship-1" not in (p.a, p.b) for p in result.pairs)  # citing Reuters makes no pair
    credit = {(p.source, p.derived): result.desk.pairs[(p.a, p.b)].credit for p in result.pairs if p.derived}
    assert credit[("wire-1", "coast-1")].status == "credited"
    assert credit[("wire-1", "coast-1")].text == "(Reuters)"
    assert credit[("wire-2", "city-1")].status == "not credited"


def test_changed_facts_are_reported_per_pair() -> None:
    result = _result()
    pair = next(p for p in result.pairs if {p.a, p.b} == {"wire-2", "city-1"})
    data = result.to_dict()["pairs"][result.pairs.index(pair)]
    assert data["facts"]["summary"] == {"quotation altered": 1, "figure changed": 1}
    changed = [c for link in data["facts"]["links"] for c in link["changes"] if c["kind"] == "figure"]
    assert (changed[0]["source"], changed[0]["derived"]) == ("40", "60")


def test_versions_story_and_missed_correction() -> None:
    result = _result()
    data = result.to_dict()
    (story,) = data["stories"]
    assert [v["id"] for v in story["versions"]] == ["wire-1", "wire-2"]
    assert story["versions"][1]["correction"] is True
    taken = {t["derived"]: (t["version"], t["missed_correction"]) for t in story["taken_by"]}
    assert taken == {"coast-1": ("wire-1", "wire-2"), "city-1": ("wire-2", None)}
    version_pair = next(p for p in data["pairs"] if {p["a"], p["b"]} == {"wire-1", "wire-2"})
    assert version_pair["story"] == "s1" and version_pair["credit"]["status"] == "unknown"


def test_timeline_in_time_order_and_outlets() -> None:
    data = _result().to_dict()
    (timeline,) = data["timelines"]
    assert [(e["id"], e["role"]) for e in timeline["entries"]] == [
        ("wire-1", "first"), ("coast-1", "took"), ("wire-2", "version"), ("city-1", "took")]
    outlets = {o["outlet"]: o for o in data["outlets"]}
    assert outlets["citypaper"]["not_credited"] == 1 and outlets["coastnews"]["credited"] == 1
    assert "reuters" not in outlets  # its versions took from no one
    # per source, how many and how many of those without credit: a desk asks "what did this client run of ours
    # without credit", which the outlet's total alone did not say
    assert outlets["citypaper"]["from"] == {"reuters": 1} and outlets["citypaper"]["from_not_credited"] == {"reuters": 1}
    assert outlets["coastnews"]["from"] == {"reuters": 1} and outlets["coastnews"]["from_not_credited"] == {}


def test_desk_is_deterministic_and_engine_free() -> None:
    result = _result()
    again = wire_desk(result.documents, result.pairs, result.clusters)
    assert again.to_dict() == result.desk.to_dict()


def _undirected(a: Document, b: Document) -> Any:
    """A pair whose direction is unknown (no alignment): the credit check reads it both ways."""
    return SimpleNamespace(a=a.id, b=b.id, source=None, derived=None, alignment=None)


NAMELESS = "Talks between the union and the employers resumed on Thursday, the port authority said."


@pytest.mark.parametrize("outlet, expected", [
    (None, "direction unknown; neither article has an outlet, agency sign-off, byline or web address to look for"),
    ("reuters", "direction unknown; both articles are reuters's own copy"),
], ids=["no-names", "own-copy"])
def test_unknown_credit_either_way_says_its_cause_once(outlet: str | None, expected: str) -> None:
    a, b = Document("a", NAMELESS, outlet=outlet), Document("b", NAMELESS + " No date was set.", outlet=outlet)
    credit = pair_credit(_undirected(a, b), {"a": a, "b": b}, load_agencies())
    assert (credit.status, credit.reason) == ("unknown", expected)


def test_a_credit_found_either_way_names_the_article_that_credits() -> None:
    a = Document("a", NAMELESS + " | BGNES")
    b = Document("b", NAMELESS + " (BGNES)", outlet="citypaper")
    credit = pair_credit(_undirected(a, b), {"a": a, "b": b}, load_agencies())
    assert credit.status == "credited"
    assert credit.reason.startswith("direction unknown; b credits BGNES"), credit.reason


def _pair_dicts(desk: Any, pairs: Any) -> list[dict[str, Any]]:
    return [desk.pair_dict(p.a, p.b) for p in pairs] + [desk.to_dict()]


def test_fact_diffs_on_worker_processes_give_the_same_desk(monkeypatch: pytest.MonkeyPatch) -> None:
    # the fact diffs ran serially after the scan's parallel stages: ~2 s of a Reuters-21578 scan
    import dedup.desk as desk_module

    result = _result()
    serial = wire_desk(result.documents, result.pairs, result.clusters, workers=1)
    chunks: list[Any] = []
    mapped = desk_module.parallel_map

    def spy(fn: Any, items: Any, **kwargs: Any) -> Any:
        chunks.extend(items)
        return mapped(fn, items, **kwargs)

    monkeypatch.setattr(desk_module, "PARALLEL_FACTS", 1)
    monkeypatch.setattr(desk_module, "parallel_map", spy)
    forked = wire_desk(result.documents, result.pairs, result.clusters, workers=2)
    assert chunks and sorted(k for chunk in chunks for k in chunk) == [k for k, p in enumerate(result.pairs)
                                                                      if p.alignment is not None]
    assert _pair_dicts(forked, result.pairs) == _pair_dicts(serial, result.pairs)
    assert any(link["changes"] for d in _pair_dicts(forked, result.pairs)[:-1] for link in d["facts"]["links"])


def _linked(a: str, b: str) -> Any:
    return SimpleNamespace(a=a, b=b)


def test_pairs_that_share_an_article_are_diffed_on_one_worker() -> None:
    # each article's facts are read once, by the worker that diffs its pairs
    from dedup.desk import _sharing_articles

    pairs = [_linked("a", "b"), _linked("c", "d"), _linked("b", "e"), _linked("f", "g"), _linked("e", "h"),
             _linked("i", "j")]
    chunks = _sharing_articles(pairs, range(len(pairs)), pieces=3)
    assert sorted(k for chunk in chunks for k in chunk) == list(range(len(pairs)))
    of = {k: n for n, chunk in enumerate(chunks) for k in chunk}
    assert of[0] == of[2] == of[4] and len(chunks) > 1
    assert _sharing_articles(pairs, [], pieces=3) == []
