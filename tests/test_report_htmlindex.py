"""The HTML report's index page (dedup.report.htmlindex): its columns, legend and tables, the figures by outlet, no
article text, thousands separated, the facts of an undirected pair said without taking a side."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from dedup.pipeline import scan
from dedup.report.html import write_scan_html
from dedup.report.htmlenv import pair_filename
from dedup.report.htmlindex import outlet_figures

from conftest import CORPUS
from test_report_html import SOURCE_SENTENCES, sample_scan


def test_index_keeps_article_text_out(tmp_path: Path) -> None:
    html = write_scan_html(sample_scan(), tmp_path).read_text(encoding="utf-8")
    assert SOURCE_SENTENCES[3] not in html


def test_outlet_figures_count_the_derived_side_only() -> None:
    scan = sample_scan()
    docs = {d["id"]: d for d in scan["documents"]}
    rows = {r["outlet"]: r for r in outlet_figures(scan["pairs"], docs)}
    derived = rows["citypaper<script>window.__pwned=1</script>"]["sources"]
    assert derived == [{"outlet": "globalwire", "share": pytest.approx(0.78), "derived": True}]
    assert [s["derived"] for s in rows["globalwire"]["sources"]] == [False]  # only the undirected pair


def test_outlet_figures_leave_out_an_outlets_own_articles() -> None:
    # versions of one story made "reuters: 5% derived from reuters" under a note that speaks of "another outlet"
    docs = {i: {"id": i, "text": "x" * 100, "outlet": o} for i, o in (("w1", "wire"), ("w2", "wire"), ("c1", "client"))}
    coverage = {"alignment": {"coverage": {"derived_from_source": 0.9}}}
    pairs = [dict(coverage, a="w1", b="w2", source="w1", derived="w2"),
             dict(coverage, a="w1", b="c1", source="w1", derived="c1")]
    rows = {r["outlet"]: r["sources"] for r in outlet_figures(pairs, docs)}
    assert rows == {"client": [{"outlet": "wire", "share": pytest.approx(0.9), "derived": True}]}


def test_outlet_figures_of_an_undirected_rewrite_come_from_its_alignment() -> None:
    """A rewrite shares no passage word for word: its linked sentences say how much the two share."""
    scan = sample_scan()
    docs = {d["id"]: d for d in scan["documents"]}
    pair = scan["pairs"][0] | {"source": None, "derived": None, "scores": {"passage_coverage": {"a": 0.0, "b": 0.0}}}
    pair["alignment"] = pair["alignment"] | {"source": None, "derived": None,
                                             "documents": [{"id": "wire/harlow.txt"}, {"id": "daily/harlow.txt"}]}
    rows = {r["outlet"]: r["sources"] for r in outlet_figures([pair], docs)}
    assert rows["globalwire"] == [{"outlet": "citypaper<script>window.__pwned=1</script>",
                                   "share": pytest.approx(0.75), "derived": False}]  # source_used
    assert rows["citypaper<script>window.__pwned=1</script>"][0]["share"] == pytest.approx(0.78)


def test_index_columns_are_named_and_shown_as_in_the_terminal(tmp_path: Path) -> None:
    """The terminal's "taken" and "in other" (a percentage) are the same figures under the same names."""
    html = write_scan_html(sample_scan(), tmp_path).read_text(encoding="utf-8")
    heads = re.findall(r'data-col="\d"[^>]*>([^<]+)</button>', html)
    assert heads[4] == "taken" and heads[6] == "in other"
    cells = re.findall(r'<td class="num(?: detail)?" data-sort="([^"]+)">([^<]+)</td>', html)
    assert ("0.5", "50%") in cells  # the larger containment of the first pair


def test_index_of_one_pair_says_pair_not_pairs(tmp_path: Path) -> None:
    scan = sample_scan()
    scan["pairs"] = scan["pairs"][:1]
    html = write_scan_html(scan, tmp_path).read_text(encoding="utf-8")
    assert "<title>dedup: 1 pair among 3 articles</title>" in html and ">1 of 1 pair shown<" in html
    assert '" pair shown" : " pairs shown"' in (tmp_path / "report.js").read_text(encoding="utf-8")


def test_index_legend_says_what_every_column_and_verdict_means(tmp_path: Path) -> None:
    """The pairs table's figures were explained only in tooltips, which a keyboard or a printout never shows."""
    scan = sample_scan() | {"settings": {"min_confidence": 0.62}}
    html = write_scan_html(scan, tmp_path).read_text(encoding="utf-8")
    legend = re.search(r'<p class="note" id="pairs-legend">(.*?)</p>', html, flags=re.S)
    assert legend and 'aria-describedby="pairs-legend"' in html
    glossed = set(re.findall(r"<strong>([^<]+)</strong>:", legend.group(1)))
    columns = set(re.findall(r'<th scope="col"[^>]*><button type="button" data-col="\d+"[^>]*>([^<]+)</button>', html))
    assert len(columns) == 9 and columns - {"verdict", "source / A", "derived / B"} <= glossed
    assert {"duplicate", "partial", "rewrite"} <= glossed and "from 0.62 on" in " ".join(legend.group(1).split())


def test_every_table_of_the_index_scrolls_inside_the_page(tmp_path: Path) -> None:
    # on a phone the outlets' and the desk's tables widened the whole page, which then scrolled sideways
    write_scan_html(scan(CORPUS).to_dict(), tmp_path)
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    tables = page.count("<table")
    assert tables >= 3 and len(re.findall(r'<div class="table-wrap">\s*<table', page)) == tables


def test_the_index_of_a_large_scan_separates_thousands() -> None:
    # the syndication set's index read "3980" articles, "2742" pairs and "show all 2742" where the terminal
    # reads "3,980 articles, 2,742 pairs"
    from dedup.report.htmlindex import render_index

    sample = sample_scan()
    pairs = [dict(sample["pairs"][0], a=f"daily/{n}.txt") for n in range(1234)]
    scan_dict = dict(sample, pairs=pairs, stats={"documents": 3980})
    html = render_index(scan_dict, {str(d["id"]): d for d in sample["documents"]})
    assert "<dd>3,980</dd>" in html and "<dd>1,234</dd>" in html and "<title>dedup: 1,234 pairs among 3,980 articles" in html
    assert "200 of 1,234 pairs shown (1,234 match: more below the table)" in html and "show all 1,234</button>" in html
    assert not re.search(r"\b1234\b|\b3980\b", re.sub(r'href="[^"]*"|data-[a-z]+="[^"]*"|id="[^"]*"', "", html))


def test_the_index_says_the_facts_of_an_undirected_pair_without_taking_a_side(tmp_path: Path) -> None:
    # the credit cell read "1 quotation altered, 10 names dropped" under "neither credits the other"
    html = " ".join(write_scan_html(_corpus_scan(), tmp_path).read_text(encoding="utf-8").split())
    # A is the text laid out as source (newswire, as compare and the pair page lay it out), whose text holds
    # the quotations the other lacks
    assert "1 quotation differs, 1 name differs, 3 quotations only in A, 10 names only in A, 4 dates only in A, 2 names only in B" in html
    assert "quotation altered" not in html


def _corpus_scan() -> dict[str, Any]:
    """The demo corpus's scan as its JSON reads (its seed pair's direction is unknown)."""
    return scan(CORPUS).to_dict(stream=False)


def test_an_undirected_pairs_row_lays_the_two_out_as_its_page_does(tmp_path: Path) -> None:
    # the row put the pair's first id in column A whatever the reading; "taken" is the share of the text read as
    # derived, so three of the demo's four undirected rows showed under B the share of A, and their pages, laid
    # out by the reading, called A what the row called B
    data = _corpus_scan()
    index = write_scan_html(data, tmp_path).read_text(encoding="utf-8")
    undirected = [p for p in data["pairs"] if not p.get("source")]
    assert "traced to the source by sentence alignment (<em>direction unknown</em>: of B," in " ".join(index.split())
    assert len(undirected) >= 3 and any(p["alignment"]["documents"][0]["id"] != p["a"] for p in undirected)
    for pair in undirected:
        first, second = (f"{d['id']}</" for d in pair["alignment"]["documents"])  # shown as a title or <code>
        href = "pairs/" + pair_filename(pair["a"], pair["b"])
        before, after = index.split(f'href="{href}"', 1)
        row = before.rsplit("<tr", 1)[1] + after.split("</tr>", 1)[0]
        assert row.index(first) < row.index(second), (first, second)  # A, then B
        assert f"{pair['alignment']['coverage']['derived_from_source']:.0%}" in row  # taken: B's share
        heads = (tmp_path / href).read_text(encoding="utf-8").split('<div class="columns heads">', 1)[1]
        page_a, page_b = heads.split('class="col-right"', 1)
        assert first in page_a and second in page_b.split('class="columns', 1)[0]  # the page's A is the row's A


@pytest.mark.parametrize("count", [2_999_900, True, -3, "many", None])
def test_the_index_counts_a_row_that_counts_many_skips_by_its_count(count: Any) -> None:
    # a read names the first skips of a file and counts the rest in one row (dedup.skips): "skipped files" read
    # the rows, 101 for 3,000,000 lines; a count that is no count of inputs is one row
    from dedup.report.htmlindex import render_index

    sample = sample_scan()
    rows = [{"path": f"feed.jsonl:{n}", "reason": "no 'text' field (or 'html') with the article"} for n in range(1, 101)]
    rows.append({"path": "feed.jsonl", "reason": "and 2,999,900 more lines: no 'text' field with the article",
                 **({} if count is None else {"count": count})})
    html = render_index(dict(sample, skipped=rows), {str(d["id"]): d for d in sample["documents"]})
    shown = "3,000,000" if count == 2_999_900 else "101"
    assert f"<dt>skipped files</dt><dd>{shown}</dd>" in html
    assert "<code>feed.jsonl</code>: and 2,999,900 more lines: no &#39;text&#39; field with the article" in html
