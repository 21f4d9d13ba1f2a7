"""An agency's later version of its own story, sent after a client ran the first take: publication order puts the
client first, yet the agency took nothing from it. The desk says so in the credit's ``later_version`` (and in its
reason's words, for a reader); the reports read the field, never the words."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from rich.console import Console

from dedup import Document, scan
from dedup.desk import later_version
from dedup.report.html import write_scan_html
from dedup.report.htmlindex import outlet_figures
from dedup.report.terminal import render_scan

FIRST = ("HARLOW, Oct 8 (Reuters) - The Port of Harlow authority said on Tuesday it would spend 1.2 billion euros "
         "over five years to deepen its main channel and build two new container berths, the largest investment in "
         "the harbour's history. Chief executive Lena Marsh told reporters the work would start in March and allow "
         "ships carrying up to 24,000 containers to dock without waiting for the tide. Environmental groups said "
         "dredging the channel would threaten a protected seagrass meadow and vowed to challenge the permits.")
UPDATE = FIRST + (" Transport Minister Pavel Novak welcomed the plan and said the government would consider "
                  "guarantees for part of a 600 million euro loan from the European Investment Bank.")
CLIENT = FIRST.replace("HARLOW, Oct 8 (Reuters) - ", "")

DOCS = [
    Document("reuters-1", FIRST, title="Harlow port to spend 1.2 bln euros", outlet="reuters",
             published="2024-10-08T06:00:00Z"),
    Document("herald-1", CLIENT, title="Harlow to deepen its port", outlet="dailyherald",
             published="2024-10-08T08:00:00Z"),
    Document("reuters-2", UPDATE, title="UPDATE 1-Harlow port to spend 1.2 bln euros", outlet="reuters",
             published="2024-10-08T13:00:00Z"),
]


def _own_pair(result):  # type: ignore[no-untyped-def]
    return next(p for p in result.pairs if {p.a, p.b} == {"herald-1", "reuters-2"})


def test_the_desk_says_the_update_took_nothing_from_the_client() -> None:
    result = scan(DOCS)
    pair = _own_pair(result)
    assert (pair.source, pair.derived) == ("herald-1", "reuters-2")  # the order published
    credit = result.desk.pairs[(pair.a, pair.b)].credit
    assert credit.status == "unknown" and credit.later_version == "s1" and later_version(credit) == "s1"
    assert result.to_dict()["pairs"][result.pairs.index(pair)]["credit"]["later_version"] == "s1"
    assert all(later_version(d.credit) is None for key, d in result.desk.pairs.items() if key != (pair.a, pair.b))
    assert all(row["outlet"] != "reuters" for row in result.to_dict()["outlets"])


def test_the_scan_table_says_own_version_where_it_said_publication_time() -> None:
    """It read "herald-1 -> reuters-2 | publication time | ?": the agency's update taken from its client."""
    result = scan(DOCS)
    for width, word in ((80, "version"), (120, "own version")):
        console = Console(width=width, record=True, color_system=None)
        console.print(render_scan(result, width=width))
        text = console.export_text()
        row = next(line for line in text.splitlines() if "herald-1 ->" in line)
        assert f"│ {word} " in row and "times" not in row and "publication time" not in row, text


def test_the_index_lists_no_taking_by_the_agency_from_its_client(tmp_path: Path) -> None:
    """The "taken by" filter offered "reuters" (its update's pair with the client, and its versions' pairs with
    each other), and the outlets' figures said "reuters 57% derived from dailyherald"."""
    result = scan(DOCS)
    data = result.to_dict()
    docs = {d["id"]: d for d in data["documents"]}
    assert all(row["outlet"] != "reuters" for row in outlet_figures(data["pairs"], docs))
    write_scan_html(data, tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert set(re.findall(r'data-taker="([^"]*)"', index)) == {"dailyherald"}
    assert '<option value="reuters">' not in index
    assert "own version (s1)" in index


def test_a_common_source_is_shared_copy_in_the_outlets_figures() -> None:
    """Two clients' copies of one agency story, the agency's published before both: the pairs table says the
    later "may have taken it from" either; the outlets' figures said "derived from" the earlier client."""
    second = Document("times-1", CLIENT, title="Harlow port plan", outlet="citytimes", published="2024-10-08T09:00:00Z")
    result = scan(DOCS[:2] + [second])
    data = result.to_dict()
    docs = {d["id"]: d for d in data["documents"]}
    rows = {row["outlet"]: {s["outlet"]: s["derived"] for s in row["sources"]} for row in outlet_figures(data["pairs"], docs)}
    assert rows["citytimes"] == {"reuters": True, "dailyherald": False}


def _reworded(result, story):  # type: ignore[no-untyped-def]
    """``result`` with the own-version pair's credit reason in other words, its ``later_version`` ``story``."""
    pair = _own_pair(result)
    key = (pair.a, pair.b)
    desk = result.desk.pairs[key]
    credit = replace(desk.credit, reason="an update of its own story, not a taking", later_version=story)
    return replace(result, desk=replace(result.desk, pairs={**result.desk.pairs, key: replace(desk, credit=credit)}))


def test_the_reports_read_the_field_not_the_reasons_words(tmp_path: Path) -> None:
    """The reports told an own version by the reason's words ("... is a later version of story ..."): reworded,
    the agency's update was its taking from the client again. They read ``credit.later_version`` now."""
    reworded = _reworded(scan(DOCS), "s1")
    console = Console(width=120, record=True, color_system=None)
    console.print(render_scan(reworded, width=120))
    row = next(line for line in console.export_text().splitlines() if "herald-1 ->" in line)
    assert "│ own version " in row
    data = reworded.to_dict()
    docs = {d["id"]: d for d in data["documents"]}
    assert all(row["outlet"] != "reuters" for row in outlet_figures(data["pairs"], docs))
    write_scan_html(data, tmp_path)
    assert "own version (s1)" in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_the_reasons_words_alone_make_no_own_version(tmp_path: Path) -> None:
    """The field, not the words: a credit whose reason reads as the desk's but carries no ``later_version`` is the
    pair it says it is, a taking by publication order (the words are for a reader)."""
    result = scan(DOCS)
    words = result.desk.pairs[(_own_pair(result).a, _own_pair(result).b)].credit.reason
    assert "is a later version of story s1" in words
    stripped = _reworded(result, None)
    stripped = replace(stripped, desk=replace(stripped.desk, pairs={
        k: replace(d, credit=replace(d.credit, reason=words)) if d.credit.reason.startswith("an update") else d
        for k, d in stripped.desk.pairs.items()}))
    console = Console(width=120, record=True, color_system=None)
    console.print(render_scan(stripped, width=120))
    row = next(line for line in console.export_text().splitlines() if "herald-1 ->" in line)
    assert "own version" not in row
    data = stripped.to_dict()
    assert later_version(next(p["credit"] for p in data["pairs"] if p["credit"]["reason"] == words)) is None
    write_scan_html(data, tmp_path)
    assert "own version (s1)" not in (tmp_path / "index.html").read_text(encoding="utf-8")
