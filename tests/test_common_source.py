"""A claim of "took from" held to a common source: two clients' copies of one agency story, published an hour
apart, were said to be one taken from the other ("northern-chronicle took from coastal-post") on publication
order alone, where coastal-post's own text is the agency's copy ("SURFERS PARADISE (Reuters) -"). The JSON, the
terminal, the pair page and the index say what the credit leaves open instead."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from dedup import Document, scan
from dedup.cli import app
from dedup.wirecopy import WireCopy, wire_copy
from dedup.report.terminal import render_scan

BODY = ("Lifeguards closed the beaches along the coast on Monday after a swell of four metres pushed sand into the "
        "surf club's car park, the city council said. Surfers who had come for the annual competition were told to "
        "wait for the wind to drop, and the organisers moved the final to Thursday. The council said the clean-up "
        "would take two days and cost about 80,000 dollars, most of it for the machines that clear the dunes.")
DATELINE = "SURFERS PARADISE, Australia (Reuters) - "


def _doc(doc_id: str, outlet: str, text: str, hour: int) -> Document:
    return Document(doc_id, text, outlet=outlet, published=f"2024-10-09T{hour:02d}:00:00Z")


@pytest.mark.parametrize("first, second, carried", [
    (DATELINE + BODY, DATELINE + BODY, "both"),
    (DATELINE + BODY, BODY, "source"),
    (BODY, BODY + "\n\n(Reporting by Reuters)", None),  # an attribution is no dateline or sign-off
    (BODY, DATELINE + BODY, "derived"),
    (BODY, BODY, None),
])
def test_the_credit_that_leaves_the_direction_open(first: str, second: str, carried: str | None) -> None:
    found = wire_copy(_doc("c1", "coastal-post", first, 7), _doc("n1", "northern-chronicle", second, 8))
    assert (found.carried_by if found else None) == carried
    if found:
        assert found.agencies == ("Reuters",)


def test_the_agencys_own_story_is_its_source_and_a_copy_of_one_outlet_is_its_own() -> None:
    wire = _doc("r1", "reuters", DATELINE + BODY, 6)
    assert wire_copy(wire, _doc("c1", "coastal-post", DATELINE + BODY, 7)) is None  # Reuters' credit: its own
    assert wire_copy(_doc("c1", "coastal-post", DATELINE + BODY, 7), _doc("c2", "Coastal Post", BODY, 8)) is None
    # an agency the table does not know, in a dateline: the same reading (and not of the source's own name)
    other = "HARLOW (Global Wire) - " + BODY
    assert wire_copy(_doc("c1", "coastal-post", other, 7), _doc("n1", "northern-chronicle", BODY, 8)) == \
        WireCopy(("Global Wire",), "source")
    assert wire_copy(_doc("g1", "globalwire", other, 7), _doc("n1", "northern-chronicle", BODY, 8)) is None
    # a source of no known outlet (a file compared alone) may be the agency's own copy: no claim is weighed
    assert wire_copy(Document("a.txt", DATELINE + BODY), Document("b.txt", DATELINE + BODY)) is None


def test_the_words_say_what_is_known_never_took_from() -> None:
    said = {carried: WireCopy(("Reuters",), carried).said("coastal-post", "northern-chronicle")
            for carried in ("both", "source", "derived")}
    assert said["both"] == "both carry Reuters copy: northern-chronicle may have taken it from coastal-post or from Reuters"
    assert said["source"] == "coastal-post's text credits Reuters; northern-chronicle's may come from either"
    assert said["derived"] == ("northern-chronicle's text credits Reuters; it may come from Reuters rather than from "
                               "coastal-post")
    assert not any("took" in text for text in said.values())


@pytest.fixture(scope="module")
def clients(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two clients' copies of a Reuters story (the first with its dateline), and the same story's copy by a
    third client of an article of the corpus's own (no agency credited)."""
    root = tmp_path_factory.mktemp("clients")
    lines = [{"id": "coastal-post-1", "outlet": "coastal-post", "text": DATELINE + BODY, "published": "2024-10-09T07:00:00Z",
              "title": "Beaches closed"},
             {"id": "northern-chronicle-1", "outlet": "northern-chronicle", "text": BODY + " The beaches reopen on Friday.",
              "published": "2024-10-09T08:00:00Z", "title": "Surf final moved"}]
    (root / "feed.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return root


def test_the_json_carries_the_common_source_and_the_direction_as_before(clients: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    assert CliRunner().invoke(app, ["scan", str(clients), "--json", str(out), "-q"]).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    (pair,) = data["pairs"]
    assert data["schema_version"] == 7
    assert pair["source"] == "coastal-post-1" and pair["derived"] == "northern-chronicle-1"  # the order published
    assert pair["common_source"] == {"agencies": ["Reuters"], "carried_by": "source", "articles": [], "apart": 0, "text": (
        "coastal-post-1's text credits Reuters; northern-chronicle-1's may come from either")}


def test_the_scan_table_says_wire_where_it_said_times(clients: Path) -> None:
    result = scan(clients)
    for width, word in ((80, "wire"), (120, "wire copy")):
        console = Console(width=width, record=True, color_system=None)
        console.print(render_scan(result, width=width))
        text = console.export_text()
        row = next(line for line in text.splitlines() if "coastal-post-1" in line)
        assert f"│ {word} " in row and "times" not in row and "publication time" not in row, text
        # not "no": the later outlet is not charged with the earlier one's copy, which both may have from Reuters
        assert "│ neither " in row and "│ no " not in row, row
        assert "another agency's copy" in " ".join(text.split())


def test_compare_says_published_earlier_and_what_the_credit_leaves_open(clients: Path, tmp_path: Path) -> None:
    docs = [json.loads(line) for line in (clients / "feed.jsonl").read_text(encoding="utf-8").splitlines()]
    paths = []
    for doc in docs:
        paths.append(tmp_path / f"{doc['id']}.json")
        paths[-1].write_text(json.dumps(doc), encoding="utf-8")
    result = CliRunner().invoke(app, ["compare", *map(str, paths)], env={"COLUMNS": "200"})
    text = " ".join(result.stdout.split())
    assert result.exit_code == 0, result.output
    assert ("have a counterpart in coastal-post-1, published earlier; coastal-post-1's text credits Reuters; "
            "northern-chronicle-1's may come from either") in text
    assert "took" not in text.split("weighed most")[0]
    assert "left (published first, laid out as source): coastal-post-1" in text
    assert "of the derived text comes from the source" not in text
    page = tmp_path / "p.html"
    assert CliRunner().invoke(app, ["compare", *map(str, paths), "--html", str(page)]).exit_code == 0
    heading = re.search(r'<h1 class="direction">(.*?)</h1>', page.read_text(encoding="utf-8"), re.S).group(1)
    heading = html.unescape(re.sub(r"<[^>]+>", "", heading))
    assert heading.strip().startswith("coastal-post published first, northern-chronicle later: coastal-post's text "
                                      "credits Reuters; northern-chronicle's may come from either"), heading
    assert "took from" not in heading


def test_the_index_marks_the_pair_and_its_page_says_the_same(clients: Path, tmp_path: Path) -> None:
    out = tmp_path / "html"
    assert CliRunner().invoke(app, ["scan", str(clients), "--html", str(out), "-q"]).exit_code == 0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "coastal-post credits Reuters</span>" in index
    assert 'class="credit-neither-credits-the-other">neither credits the other' in index
    assert "credit-not-credited" not in index.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    (page,) = (out / "pairs").iterdir()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
    assert "coastal-post published first, northern-chronicle later" in text
    assert "took from" not in text.replace("who took from whom is unknown", "")  # the neutral credit's words
    assert "neither credits the other looked for coastal-post or Reuters" in text


def test_the_index_says_no_side_changed_a_fact_of_such_a_pair() -> None:
    # "2 names added" under the credit of a pair whose later article may have the agency's copy, not the earlier's
    from dedup.report.htmlindex import _pair_row

    pair = {"a": "c", "b": "n", "source": "c", "derived": "n", "verdict": "partial", "credit": {"status": "not credited"},
            "facts": {"summary": {"name added": 2}, "text": "2 names added"}, "alignment": {"documents": [{"id": "c"}, {"id": "n"}]},
            "common_source": {"agencies": ["Reuters"], "carried_by": "source", "text": "..."}}
    docs = {"c": {"id": "c", "outlet": "coastal-post"}, "n": {"id": "n", "outlet": "northern-chronicle"}}
    row = _pair_row(pair, docs)
    assert row["facts"] == "2 names only in B" and row["credit"] == "neither credits the other"
    assert row["wire"] == "coastal-post credits Reuters"
    directed = _pair_row({k: v for k, v in pair.items() if k != "common_source"}, docs)
    assert directed["facts"] == "2 names added" and directed["credit"] == "not credited" and not directed["wire"]
