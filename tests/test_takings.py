"""Takings counted honestly: a pair with a common source in sight (another agency's copy its texts credit, or an
earlier article of the corpus reported with both) says who published first, not who took from whom, and counts
as no one's taking in the outlets table and the timelines; a credit of the agency the earlier text credits is
said to be that, not a credit of the earlier outlet."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from rich.console import Console
from typer.testing import CliRunner

from dedup import Document, scan
from dedup.cli import app
from dedup.credit import check_credit
from dedup.wirecopy import WireCopy
from dedup.desk import earlier_common, wire_desk
from dedup.report.terminal import render_scan

BODY = ("Lifeguards closed the beaches along the coast on Monday after a swell of four metres pushed sand into the "
        "surf club's car park, the city council said. Surfers who had come for the annual competition were told to "
        "wait for the wind to drop, and the organisers moved the final to Thursday. The council said the clean-up "
        "would take two days and cost about 80,000 dollars, most of it for the machines that clear the dunes.")
DATELINE = "SURFERS PARADISE, Australia (Reuters) - "


def _doc(doc_id: str, outlet: str, hour: int, text: str = BODY) -> Document:
    return Document(doc_id, text, outlet=outlet, published=f"2024-10-09T{hour:02d}:00:00Z")


def _pair(source: str, derived: str) -> SimpleNamespace:
    a, b = sorted((source, derived))
    return SimpleNamespace(a=a, b=b, source=source, derived=derived, verdict="duplicate", alignment=None,
                           evidence=SimpleNamespace(a_in_b=0.9, b_in_a=0.9))


def _three(wire_outlet: str = "reuters") -> tuple[list[Document], list[SimpleNamespace]]:
    """An agency's story and two clients' copies of it (no credit in any text), all three pairs reported."""
    docs = [_doc("wire-1", wire_outlet, 6), _doc("coastal-1", "coastal-post", 7), _doc("northern-1", "northern-chronicle", 8)]
    return docs, [_pair("wire-1", "coastal-1"), _pair("wire-1", "northern-1"), _pair("coastal-1", "northern-1")]


def test_an_earlier_article_reported_with_both_is_a_common_source() -> None:
    docs, pairs = _three()
    found = earlier_common(pairs, {d.id: d for d in docs})
    assert found == {("coastal-1", "northern-1"): ("wire-1",)}


def test_an_earlier_story_of_the_sources_own_outlet_is_not_one() -> None:
    # the later took that outlet's copy either way: Reuters' story and its earlier one, both with a client's copy
    docs = [_doc("wire-0", "reuters", 5), _doc("wire-1", "reuters", 6), _doc("coastal-1", "coastal-post", 7)]
    pairs = [_pair("wire-0", "wire-1"), _pair("wire-0", "coastal-1"), _pair("wire-1", "coastal-1")]
    assert earlier_common(pairs, {d.id: d for d in docs}) == {}


def test_a_hedged_pair_is_no_ones_taking_in_the_outlets_and_timelines() -> None:
    docs, pairs = _three()
    desk = wire_desk(docs, pairs, [SimpleNamespace(id="c1", members=[d.id for d in docs])])
    hedged = desk.pairs[("coastal-1", "northern-1")]
    assert hedged.wire == WireCopy((), None, ("wire-1",))
    assert hedged.to_dict()["common_source"] == {
        "agencies": [], "carried_by": None, "articles": ["wire-1"], "apart": 0,
        "text": "wire-1, published before both, has the text too: northern-1 may have taken it from coastal-1 or "
                "from wire-1"}
    assert {o["outlet"]: o["from"] for o in desk.outlets} == {"coastal-post": {"reuters": 1},
                                                            "northern-chronicle": {"reuters": 1}}
    entries = {e.id: e for e in desk.timelines[0].entries}
    assert entries["northern-1"].role == "took" and entries["northern-1"].took_from == "wire-1"
    assert entries["wire-1"].role == "first"


def test_without_the_earlier_article_the_clients_pair_is_still_a_taking() -> None:
    docs, pairs = _three()
    desk = wire_desk(docs[1:], pairs[2:], [SimpleNamespace(id="c1", members=["coastal-1", "northern-1"])])
    assert desk.pairs[("coastal-1", "northern-1")].wire is None
    assert {o["outlet"]: o["from"] for o in desk.outlets} == {"northern-chronicle": {"coastal-post": 1}}
    entries = {e.id: e for e in desk.timelines[0].entries}
    assert entries["coastal-1"].role == "first" and entries["northern-1"].took_from == "coastal-1"


def test_a_pair_hedged_alone_leaves_its_articles_unknown() -> None:
    # both texts carry Reuters copy and no Reuters story is in the corpus: neither started it, neither took
    docs = [_doc("coastal-1", "coastal-post", 7, DATELINE + BODY), _doc("northern-1", "northern-chronicle", 8, DATELINE + BODY)]
    desk = wire_desk(docs, [_pair("coastal-1", "northern-1")], [SimpleNamespace(id="c1", members=[d.id for d in docs])])
    assert desk.pairs[("coastal-1", "northern-1")].wire == WireCopy(("Reuters",), "both")
    assert desk.outlets == ()
    assert [e.role for e in desk.timelines[0].entries] == ["unknown", "unknown"]


def test_a_credit_of_the_earlier_texts_agency_says_whom_it_credits() -> None:
    source = _doc("coastal-1", "coastal-post", 7, DATELINE + BODY)
    credit = check_credit(source, _doc("northern-1", "northern-chronicle", 8, "SYDNEY (Reuters) - " + BODY))
    assert credit.status == "credited" and credit.credited == "Reuters"
    assert credit.reason == "credits Reuters (dateline), the agency coastal-post's text credits, not coastal-post itself"
    # a credit of the earlier's own outlet, and of an agency's own story, are said as before
    own = check_credit(source, _doc("northern-1", "northern-chronicle", 8, BODY + " (Coastal Post)"))
    assert own.status == "credited" and own.reason.startswith("credits coastal-post") and "itself" not in own.reason
    wire = check_credit(_doc("wire-1", "reuters", 6), _doc("northern-1", "northern-chronicle", 8, "SYDNEY (Reuters) - " + BODY))
    assert wire.reason == "credits Reuters (dateline)"


def _feed(root: Path, docs: list[Document]) -> Path:
    lines = [{"id": d.id, "outlet": d.outlet, "text": d.text, "published": d.published, "title": f"Beaches closed: {d.outlet}"} for d in docs]
    (root / "feed.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return root / "feed.jsonl"


def test_the_scan_says_published_first_where_an_earlier_article_has_the_text(tmp_path: Path) -> None:
    docs, _ = _three()
    feed = _feed(tmp_path, docs)
    result = scan(str(feed))
    assert {(p.source, p.derived) for p in result.pairs} == {("wire-1", "coastal-1"), ("wire-1", "northern-1"),
                                                            ("coastal-1", "northern-1")}
    for width, word in ((80, "earlier"), (120, "earlier copy")):
        console = Console(width=width, record=True, color_system=None)
        console.print(render_scan(result, width=width))
        row = next(line for line in console.export_text().splitlines() if "coastal-1 ->" in line)
        assert word in row.split("->")[-1]
    out = CliRunner().invoke(app, ["scan", str(feed), "--json", str(tmp_path / "o.json"), "--html", str(tmp_path / "h"), "--quiet"])
    assert out.exit_code == 0, out.output
    data = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    hedged = next(p for p in data["pairs"] if p["source"] == "coastal-1")
    assert hedged["common_source"]["articles"] == ["wire-1"]
    assert not any(e["took_from"] == "coastal-1" for t in data["timelines"] for e in t["entries"])
    page = next(p for p in (tmp_path / "h").rglob("*.html") if "coastal-1" in p.read_text(encoding="utf-8")
                and "northern-1" in p.read_text(encoding="utf-8") and p.name != "index.html")
    assert "wire-1, published before both, has the text too" in page.read_text(encoding="utf-8")


def test_the_reports_say_a_credit_of_the_earlier_texts_agency_is_not_one_of_its_outlet(tmp_path: Path) -> None:
    # the index said a green "credited" for coastal-post -> northern-chronicle where northern-chronicle credits
    # Reuters, the agency coastal-post's text credits, and nothing of coastal-post
    from dedup.report.wiredesk import credit_cell

    docs = [_doc("coastal-1", "coastal-post", 7, DATELINE + BODY),
            _doc("northern-1", "northern-chronicle", 8, "SYDNEY (Reuters) - " + BODY)]
    desk = wire_desk(docs, [_pair("coastal-1", "northern-1")], [SimpleNamespace(id="c1", members=[d.id for d in docs])])
    assert credit_cell(desk, "coastal-1", "northern-1", False).plain == "agency"
    out = CliRunner().invoke(app, ["scan", str(_feed(tmp_path, docs)), "--html", str(tmp_path / "h"), "--quiet"])
    assert out.exit_code == 0, out.output
    index = (tmp_path / "h" / "index.html").read_text(encoding="utf-8")
    assert '<span class="meta">to Reuters, not coastal-post</span>' in index
    page = next((tmp_path / "h" / "pairs").glob("*.html")).read_text(encoding="utf-8")
    assert "the agency coastal-post&#39;s text credits, not coastal-post itself" in page or \
        "the agency coastal-post's text credits, not coastal-post itself" in page


def test_the_index_lists_a_pair_with_a_common_source_as_published_first_and_later(tmp_path: Path) -> None:
    # on a phone the row's cards read "source" and "derived", and "Taken by northern-chronicle" listed it
    import re

    docs, _ = _three()
    out = CliRunner().invoke(app, ["scan", str(_feed(tmp_path, docs)), "--html", str(tmp_path / "h"), "--quiet"])
    assert out.exit_code == 0, out.output
    index = (tmp_path / "h" / "index.html").read_text(encoding="utf-8")
    rows = {re.search(r"<code>([\w-]+)</code>.*?<code>([\w-]+)</code>", row, re.S).groups(): row
            for row in re.findall(r"<tr data-verdict.*?</tr>", index, re.S)}
    hedged = rows[("coastal-1", "northern-1")]
    assert 'data-common="1"' in hedged and "data-taker" not in hedged
    assert 'data-taker="northern-chronicle"' in rows[("wire-1", "northern-1")]
    css = (tmp_path / "h" / "report.css").read_text(encoding="utf-8")
    assert 'tr.known[data-common] td:nth-child(3)::before { content: "published first"; }' in css


def test_several_earlier_articles_are_named_together_and_the_source_is_one_of_them() -> None:
    two = WireCopy((), None, ("reuters-1", "valley-1"))
    assert two.said("coastal", "northern") == ("reuters-1 and valley-1, published before both, have the text too: "
                                              "northern may have taken it from coastal or from one of them")
    assert two.short("coastal", "northern") == "reuters-1 and valley-1 have it, earlier"
    many = WireCopy(("Reuters",), "derived", ("a-1", "b-1", "c-1"))
    assert many.said("coastal", "northern") == ("northern's text credits Reuters (and a-1, b-1 and 1 other, published "
                                               "before both, have the text too); it may come from Reuters rather "
                                               "than from coastal")


# -- a client's copy of another client's text, seen where the evidence says so (branch ux54) --

LONG = ("Lifeguards closed the beaches along the coast on Monday after a swell of four metres pushed sand into the "
        "surf club's car park, the city council said. Surfers who had come for the annual competition were told to "
        "wait for the wind to drop. The organisers moved the final of the competition to Thursday morning. "
        "The council said the clean-up would take two days and cost about 80,000 dollars. Most of the money will "
        "go to the machines that clear the dunes after every storm. A spokesman said the beaches would open again "
        "on Wednesday if the swell eased as forecast.")
#: coastal-post's copy: the agency's first, third and fourth sentences as they were, the second and fifth in its
#: own words, and a sentence of its own
COASTAL = ("Lifeguards closed the beaches along the coast on Monday after a swell of four metres pushed sand into the "
           "surf club's car park, the city council said. Competitors who had travelled for the yearly contest were "
           "asked to stay off the water until the gales calmed. The organisers moved the final of the competition "
           "to Thursday morning. The council said the clean-up would take two days and cost about 80,000 dollars. "
           "Much of that sum pays for the bulldozers that rebuild the sand hills whenever a storm hits. Residents of "
           "Main Beach Parade said the water had reached their garden walls for the first time since 1974.")


def _link(spans: list[tuple[int, int]], score: float, placed: bool = False) -> SimpleNamespace:
    return SimpleNamespace(derived_spans=spans, source_spans=[(0, 1)], score=score, placed=placed)


def _aligned(source: str, derived: str, links: list[SimpleNamespace]) -> SimpleNamespace:
    return SimpleNamespace(alignment=SimpleNamespace(source_document=SimpleNamespace(id=source),
                                                     derived_document=SimpleNamespace(id=derived), links=links))


def test_the_later_texts_sentences_in_the_sources_own_words_are_counted() -> None:
    from dedup.desk import APART_MARGIN, source_wording

    pair = SimpleNamespace(derived="northern-1", **vars(_aligned("coastal-1", "northern-1", [
        _link([(0, 10)], 1.0), _link([(11, 20)], 1.0), _link([(21, 30)], 0.9), _link([(31, 40)], 1.0, placed=True)])))
    earlier = _aligned("wire-1", "northern-1", [_link([(0, 10)], 1.0), _link([(21, 30)], 0.85 - APART_MARGIN)])
    # (11, 20): not in the earlier article; (21, 30): nearer the source by the margin; a placed link does not count
    assert source_wording(pair, [earlier]) == 2
    assert source_wording(pair, [_aligned("wire-1", "northern-1", [_link([(0, 10)], 1.0), _link([(11, 20)], 1.0), _link([(21, 30)], 0.8)])]) == 0
    # read the other way round (the later article as the earlier pair's source), the same sentences
    flipped = SimpleNamespace(alignment=SimpleNamespace(source_document=SimpleNamespace(id="northern-1"),
                              derived_document=SimpleNamespace(id="wire-1"),
                              links=[SimpleNamespace(source_spans=[(0, 10)], derived_spans=[(5, 6)], score=1.0, placed=False)]))
    assert source_wording(pair, [flipped]) == 2
    # no alignment to tell by (--no-align, or the pair with an earlier article not reported): nothing said
    assert source_wording(pair, [None]) == 0
    assert source_wording(SimpleNamespace(derived="northern-1", alignment=None), [earlier]) == 0


def test_a_copy_of_a_clients_own_words_is_said_where_an_earlier_article_has_the_story(tmp_path: Path) -> None:
    # the desk said "wire-1, published before both, has the text too" and nothing more of northern-chronicle's copy
    # of coastal-post's rewrite: the sentences coastal-post wrote itself, which wire-1 does not have, show it
    docs = [_doc("wire-1", "reuters", 6, LONG), _doc("coastal-1", "coastal-post", 7, COASTAL),
            _doc("northern-1", "northern-chronicle", 8, COASTAL)]
    result = scan(str(_feed(tmp_path, docs)))
    pairs = {(p.source, p.derived): p for p in result.pairs}
    assert set(pairs) == {("wire-1", "coastal-1"), ("wire-1", "northern-1"), ("coastal-1", "northern-1")}
    said = result.to_dict()["pairs"]
    common = next(p["common_source"] for p in said if p["source"] == "coastal-1")
    assert common["articles"] == ["wire-1"]
    assert common["text"].startswith("wire-1, published before both, has the text too: northern-1 may have taken it")
    assert "; but northern-1 has 3 sentences in coastal-1's words that wire-1 does not have, a sign it took from " \
           "coastal-1" in common["text"]
    # still published first, not a taking: the text both share may come from a copy the corpus lacks
    assert not any(e["took_from"] == "coastal-1" for t in result.to_dict()["timelines"] for e in t["entries"])


def test_a_copy_of_the_agencys_own_words_has_no_sign() -> None:
    # northern-chronicle took the agency's text: every sentence it shares with coastal-post is the agency's too
    docs = [_doc("wire-1", "reuters", 6, LONG), _doc("coastal-1", "coastal-post", 7, COASTAL),
            _doc("northern-1", "northern-chronicle", 8, LONG)]
    result = scan(docs)
    common = next((p.get("common_source") for p in result.to_dict()["pairs"] if p["source"] == "coastal-1"), None)
    assert common is not None and common["articles"] == ["wire-1"] and "a sign" not in common["text"]


def test_the_reports_show_the_sign_beside_earlier(tmp_path: Path) -> None:
    docs = [_doc("wire-1", "reuters", 6, LONG), _doc("coastal-1", "coastal-post", 7, COASTAL),
            _doc("northern-1", "northern-chronicle", 8, COASTAL)]
    feed = _feed(tmp_path, docs)
    result = scan(str(feed))
    # the sign was one dim "+" (earlier+): now how many sentences, "+3"
    for width, word in ((60, "earlier +3"), (80, "earlier +3"), (120, "earlier copy +3")):
        console = Console(width=width, record=True, color_system=None)
        console.print(render_scan(result, width=width))
        text = console.export_text()
        row = next(line for line in text.splitlines() if "coastal-1 ->" in line)
        assert word in row.split("->")[-1] and all(len(line) <= width for line in text.splitlines())
        assert "earlier +N (wire +N): the later has N sentences in the source's own words" in " ".join(text.split())
    out = CliRunner().invoke(app, ["scan", str(feed), "--html", str(tmp_path / "h"), "--quiet"])
    assert out.exit_code == 0, out.output
    page = next(p for p in (tmp_path / "h").rglob("*.html") if p.name != "index.html"
                and "coastal-1" in p.read_text(encoding="utf-8") and "northern-1" in p.read_text(encoding="utf-8"))
    assert ("but northern-chronicle has 3 sentences in coastal-post&#39;s words that wire-1 does not have, a sign it "
            "took from coastal-post") in page.read_text(encoding="utf-8")
    index = (tmp_path / "h" / "index.html").read_text(encoding="utf-8")
    assert "wire-1 has it, earlier; 3 sentences in coastal-post&#39;s own words" in index
    # without the sign, the cell and the caption are as they were
    plain = scan([*docs[:2], _doc("northern-1", "northern-chronicle", 8, LONG)])
    console = Console(width=120, record=True, color_system=None)
    console.print(render_scan(plain, width=120))
    row = next(line for line in console.export_text().splitlines() if "coastal-1 ->" in line)
    assert "earlier copy" in row and "+" not in row and "earlier +N" not in console.export_text()


def test_a_phone_card_says_the_sign_beside_published_later(tmp_path: Path) -> None:
    # a phone's card of the HTML index said "published first" / "published later" and nothing of the later's
    # sentences in the source's own words, which the wide table's taken cell says
    docs = [_doc("wire-1", "reuters", 6, LONG), _doc("coastal-1", "coastal-post", 7, COASTAL),
            _doc("northern-1", "northern-chronicle", 8, COASTAL)]
    for name, corpus, signed in (("sign", docs, True),
                                 ("plain", [*docs[:2], _doc("northern-1", "northern-chronicle", 8, LONG)], False)):
        folder = tmp_path / name
        folder.mkdir()
        out = CliRunner().invoke(app, ["scan", str(_feed(folder, corpus)), "--html", str(folder / "h"), "--quiet"])
        assert out.exit_code == 0, out.output
        index = (folder / "h" / "index.html").read_text(encoding="utf-8")
        rows = [row for row in index.split("<tr ")[1:] if "data-common" in row.split(">", 1)[0]]
        assert rows and [("data-sign" in row.split(">", 1)[0]) for row in rows] == [signed] * len(rows)
    css = (Path(__file__).parent.parent / "dedup" / "report" / "templates" / "report.css").read_text(encoding="utf-8")
    assert ("tr.known[data-common][data-sign] td:nth-child(4)::before { content: \"published later, with the "
            "first's own words\"; }") in css
