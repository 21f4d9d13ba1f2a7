"""The HTML report's wire desk parts: plain values (no browser) and the rendered pages in Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dedup import scan
from dedup.report.html import write_pair_html, write_scan_html
from dedup.report.htmlenv import pair_filename
from dedup.report.htmldesk import fact_pieces, pair_desk, timeline_plot

from conftest import CORPUS
from test_desk import DOCS
from test_report_browser import browser, page  # noqa: F401  (fixtures)

SEED = CORPUS / "newswire" / "belarus-china-drills.txt", CORPUS / "eastdesk" / "belarus-china-drills.txt"


def test_fact_pieces_mark_the_fact_in_its_sentence() -> None:
    text = "About 40 ships waited. Talks resume."
    pieces = fact_pieces(text, [[0, 22]], [6, 8], "del")
    assert [(p.text, p.mark) for p in pieces] == [("About ", ""), ("40", "del"), (" ships waited. ", "")]


def test_timeline_plot_orders_by_time_and_puts_undated_last() -> None:
    entries = [{"id": "a", "outlet": "wire", "published": "2024-10-08T06:00:00Z", "role": "first"},
               {"id": "b", "outlet": "paper", "published": "2024-10-08T12:00:00Z", "role": "took", "took_from": "a",
                "credit": "not credited"},
               {"id": "c", "outlet": "blog", "published": None, "role": "took", "took_from": "b"}]
    plot = timeline_plot(entries)
    xs = [p.x for p in plot["points"]]
    assert xs[0] < xs[1] < xs[2] == plot["width"] - 20
    assert [(a.x1, a.x2, a.credit) for a in plot["arrows"]][0] == (xs[0], xs[1], "not credited")


def test_pair_desk_reads_old_json_without_desk_fields() -> None:
    desk = pair_desk({"a": "x", "b": "y"}, {})
    assert desk["credit"] == {} and desk["facts"] == [] and desk["chips"] == {}


@pytest.fixture(scope="module")
def desk_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_scan_html(scan(DOCS).to_dict(), tmp_path_factory.mktemp("desk"))


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dedup.desk import compare_desk
    from dedup.pipeline import compare

    alignment = compare(*SEED).alignment
    return write_pair_html(alignment.to_dict() | compare_desk(alignment).to_dict(), None,
                           tmp_path_factory.mktemp("seed") / "pair.html")


def test_index_shows_credit_takers_versions_and_timeline(page: Any, desk_report: Path) -> None:  # noqa: F811
    page.goto(desk_report.as_uri())
    credits = page.locator("#pairs tbody td:nth-child(9)").all_inner_texts()  # after verdict and confidence
    assert any(c.startswith("credited") for c in credits) and any(c.startswith("not credited") for c in credits)
    assert any(c.startswith("versions (s1)") for c in credits)
    assert "citypaper took 1 story, 76% of their text on average, 1 without credit." in \
        page.locator(".takers").inner_text()
    assert "lacks the correction wire-2" in page.locator("#story-s1").inner_text()
    plot = page.locator(".timeline svg").first
    assert plot.is_visible() and plot.locator("circle").count() == 4
    assert plot.locator("line.took.credit-not-credited").count() == 1
    roles = page.locator(".timeline-table").first.locator("tbody tr td:nth-child(4)").all_inner_texts()
    assert roles[0] == "first" and roles[2].startswith("version of s1")


def test_pair_page_shows_credit_and_altered_quotation(page: Any, seed_page: Path) -> None:  # noqa: F811
    page.goto(seed_page.as_uri())
    assert page.locator(".credit .badge").inner_text() == "neither credits the other"  # direction unknown
    serious = page.locator(".fact.serious")
    assert serious.count() == 1 and serious.is_visible()
    assert serious.locator(".to ins").inner_text().startswith("“Here we will work out all these moments")
    assert page.locator(".facts-minor .fact").first.is_hidden()  # dropped/added details start folded
    page.locator(".facts-minor summary").click()
    assert page.locator(".facts-minor .fact").first.is_visible()
    chips = page.locator(".rows .facts-chip")
    assert chips.count() >= 2 and chips.first.is_visible()


def test_version_pair_page_says_nothing_to_credit(page: Any, desk_report: Path) -> None:  # noqa: F811
    page.goto((desk_report.parent / "pairs" / pair_filename("wire-1", "wire-2")).as_uri())
    assert "versions of one story (s1)" in page.locator(".desk").inner_text()


def test_hand_made_json_with_partial_desk_fields_renders(tmp_path: Path) -> None:
    """A saved or hand-made result missing parts of the wire desk fields still renders (no crash)."""
    scan_json = {"documents": [{"id": "a", "text": "x"}, {"id": "b", "text": "y"}],
                 "pairs": [{"a": "a", "b": "b", "verdict": "duplicate", "credit": {"status": "credited"},
                            "facts": {"links": [{"link": 0, "changes": [{"kind": "figure"}]}]}}],
                 "clusters": [{"id": "c1", "members": ["a", "b"]}],
                 "stories": [{"id": "s1"}], "outlets": [{"outlet": "x"}],
                 "timelines": [{"cluster": "c1", "entries": [{"id": "a"}, {"id": "b", "took_from": "a"}]}]}
    index = write_scan_html(scan_json, tmp_path)
    assert "Who took copy" in index.read_text() and "s1" in index.read_text()


def test_timeline_plot_labels_a_single_time_once() -> None:
    entries = [{"id": "a", "outlet": "wire", "published": "2024-10-10T08:05:00Z", "role": "unknown"},
               {"id": "b", "outlet": "weekly", "published": None, "role": "unknown"}]
    plot = timeline_plot(entries)
    assert (plot["first"], plot["last"]) == ("2024-10-10 08:05", "")


RTL_SCAN = {
    "documents": [{"id": "ar/mena.json", "text": "نص", "outlet": "وكالة أنباء الشرق الأوسط", "title": "رفع الفائدة"},
                  {"id": "ar/wafd.json", "text": "نص", "outlet": "الوفد"}],
    "pairs": [],
    "clusters": [{"id": "c1", "members": ["ar/mena.json", "ar/wafd.json"]}],
    "outlets": [{"outlet": "الوفد", "took": 1, "mean_share": 1.0, "not_credited": 1,
                 "from": {"وكالة أنباء الشرق الأوسط": 1}}],
    "timelines": [{"cluster": "c1", "entries": [
        {"id": "ar/mena.json", "outlet": "وكالة أنباء الشرق الأوسط", "title": "رفع الفائدة", "role": "first"},
        {"id": "ar/wafd.json", "outlet": "الوفد", "title": None, "role": "took", "took_from": "ar/mena.json"}]}],
}


def test_outlet_names_are_isolated_so_right_to_left_names_keep_their_counts_in_place(tmp_path: Path) -> None:
    """"وكالة أنباء الشرق الأوسط (1)" in a left-to-right table shows as "(1) وكالة ..." unless isolated."""
    index = write_scan_html(RTL_SCAN, tmp_path).read_text(encoding="utf-8")
    assert "<bdi>وكالة أنباء الشرق الأوسط</bdi> (1)" in index
    assert "<bdi>الوفد</bdi> took 1 story" in index
    assert '<bdi class="outlet">الوفد</bdi>' in index  # the clusters' members


def test_timeline_row_of_an_untitled_article_names_its_id_once(tmp_path: Path) -> None:
    index = write_scan_html(RTL_SCAN, tmp_path).read_text(encoding="utf-8")
    row = index.split('<table class="timeline-table">', 1)[1]
    assert row.count("ar/wafd.json") == 1 and "<bdi>رفع الفائدة</bdi>" in row


def test_index_lists_the_outlets_that_took_most_without_credit_first(tmp_path: Path) -> None:
    scan_json = dict(RTL_SCAN, outlets=[{"outlet": o, "took": t, "mean_share": 1.0, "not_credited": n, "from": {"w": t}}
                                        for o, t, n in [("alpha", 40, 1), ("bravo", 12, 9), ("charlie", 30, 9)]])
    index = write_scan_html(scan_json, tmp_path).read_text(encoding="utf-8")
    takers = index.split('<table class="outlets takers">', 1)[1].split("</table>", 1)[0]
    assert [takers.index(f"<bdi>{o}</bdi> took") for o in ("charlie", "bravo", "alpha")] == \
        sorted(takers.index(f"<bdi>{o}</bdi> took") for o in ("charlie", "bravo", "alpha"))


def test_index_says_per_source_how_many_were_taken_without_credit(tmp_path: Path) -> None:
    scan_json = dict(RTL_SCAN, outlets=[{"outlet": "coast", "took": 5, "mean_share": 1.0, "not_credited": 2,
                                         "from": {"wire": 3, "agency": 2}, "from_not_credited": {"wire": 2}}])
    index = write_scan_html(scan_json, tmp_path).read_text(encoding="utf-8")
    takers = index.split('<table class="outlets takers">', 1)[1].split("</table>", 1)[0]
    assert '<bdi>wire</bdi> (3, <span class="uncredited">2 without credit</span>), <bdi>agency</bdi> (2)' in takers


@pytest.mark.parametrize("clusters, folded", [(1, False), (10, False), (11, True)])
def test_timelines_fold_under_their_clusters_when_there_are_many(tmp_path: Path, clusters: int, folded: bool) -> None:
    # a scan of the syndication set has 722 clusters: their plots and tables, all open, were most of the index's
    # 6 MB and of its load time, and a reader scrolled past 722 plots to the skipped files
    docs = [{"id": f"d{n}", "text": "x", "outlet": f"o{n % 2}"} for n in range(2 * clusters)]
    scan_json = {"documents": docs, "pairs": [],
                 "clusters": [{"id": f"c{k}", "members": [f"d{2 * k}", f"d{2 * k + 1}"]} for k in range(clusters)],
                 "timelines": [{"cluster": f"c{k}", "entries": [{"id": f"d{2 * k}", "role": "first"},
                                                               {"id": f"d{2 * k + 1}", "role": "took",
                                                                "took_from": f"d{2 * k}"}]} for k in range(clusters)]}
    index = write_scan_html(scan_json, tmp_path).read_text(encoding="utf-8")
    assert index.count('<details class="timeline-fold">') == (clusters if folded else 0)
    assert index.count('<details class="timeline-fold" open>') == (0 if folded else clusters)
    assert index.count('<figure class="timeline">') == clusters


def test_a_long_altered_quotation_is_headed_by_its_start_and_shown_whole_in_its_sentences() -> None:
    # a 60-word quotation was printed whole three times: in the bold heading, then in each sentence
    quote = "We will work out all these moments, taking into account everything new learned in the past two years"
    text_a, text_b = f'He said: "{quote}."', f'He said: "{quote.replace("past", "last")}."'
    docs = {"a": {"text": text_a}, "b": {"text": text_b}}
    change = {"kind": "quotation", "change": "altered", "serious": True, "source": quote,
              "derived": quote.replace("past", "last"), "source_span": [10, 10 + len(quote)],
              "derived_span": [10, 10 + len(quote)]}
    pair = {"a": "a", "b": "b", "source": "a", "derived": "b",
            "facts": {"links": [{"link": 0, "source_spans": [[0, len(text_a)]], "derived_spans": [[0, len(text_b)]],
                                 "changes": [change]}]}}
    fact = pair_desk(pair, docs)["facts"][0]
    assert fact["label"] == "We will work out all these moments, taking into account … → " \
                            "We will work out all these moments, taking into account …"
    assert quote in "".join(p.text for p in fact["source"])
    short = dict(change, source="Maxim", derived="Maksim")
    assert pair_desk(dict(pair, facts={"links": [dict(pair["facts"]["links"][0], changes=[short])]}), docs)[
        "facts"][0]["label"] == "Maxim → Maksim"


def test_the_facts_of_a_pair_whose_direction_is_unknown_take_no_side() -> None:
    # "quotation altered", "name dropped", "name added" and "a → b" said which of two newsrooms changed a fact,
    # on a page headed "Direction unknown"; known, the words are as they were
    text_a, text_b = 'Smith said "we go". Paris.', 'Smith said "we went". Rome.'
    docs = {"a": {"text": text_a}, "b": {"text": text_b}}
    changes = [{"kind": "quotation", "change": "altered", "serious": True, "source": "we go", "derived": "we went",
                "source_span": [12, 17], "derived_span": [12, 19]},
               {"kind": "name", "change": "dropped", "serious": False, "source": "Paris", "derived": None,
                "source_span": [20, 25], "derived_span": None},
               {"kind": "name", "change": "added", "serious": False, "source": None, "derived": "Rome",
                "source_span": None, "derived_span": [22, 26]}]
    facts = {"text": "1 quotation altered, 1 name dropped, 1 name added",
             "links": [{"link": 0, "source_spans": [[0, len(text_a)]], "derived_spans": [[0, len(text_b)]], "changes": changes}]}
    unknown = pair_desk({"a": "a", "b": "b", "facts": facts}, docs)
    assert unknown["facts_text"] == "1 quotation differs, 1 name only in a, 1 name only in b"
    assert [f["change_shown"] for f in unknown["facts"]] == ["differs", "only in a", "only in b"]
    assert unknown["facts"][0]["label"] == "we go | we went" and not unknown["directed"]
    known = pair_desk({"a": "a", "b": "b", "source": "a", "derived": "b", "facts": facts}, docs)
    assert known["facts_text"] == facts["text"] and known["facts"][0]["label"] == "we go → we went"
    assert [f["change_shown"] for f in known["facts"]] == ["altered", "dropped", "added"]
    # on a page, named as the page names the two: article A is the one laid out on the left
    assert pair_desk({"a": "a", "b": "b", "facts": facts}, docs, "a")["facts_text"] == \
        "1 quotation differs, 1 name only in article A, 1 name only in article B"
    assert pair_desk({"a": "a", "b": "b", "facts": facts}, docs, "b")["facts_text"] == \
        "1 quotation differs, 1 name only in article B, 1 name only in article A"
