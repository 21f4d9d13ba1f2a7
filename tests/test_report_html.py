"""The HTML report (dedup.report.html): a pair's page (markup shown as text, links marked, titles, headings and
figures as the pair's verdict and direction say) and the scan's report written, one page a pair, deterministic. The
pair and scan samples here are shared with tests/test_report_htmlenv.py, test_report_htmlindex.py and
test_report_htmlpair.py."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dedup.cli import app
from dedup.pipeline import scan
from dedup.report.html import render_pair, write_pair_html, write_scan_html
from dedup.report.htmlenv import pair_filename
from dedup.report.htmlpair import alignment_rows

from conftest import CORPUS


# A wire story and a rewrite of it: one verbatim sentence, one edited, one paraphrase split in two
# (one-to-many), new text carrying an injection attempt, and a source sentence the rewrite dropped.
SOURCE_SENTENCES = (
    "About 2,400 dock workers at the port of Harlow walked off the job on Tuesday.",
    "The union said the strike would last at least 72 hours.",
    "Talks with the port operator collapsed late on Monday.",
    "A spokesman for the operator declined to comment.",
)


DERIVED_SENTENCES = (
    "About 2,400 dock workers at the port of Harlow walked off the job on Tuesday.",
    "The union said the stoppage would last at least three days.",
    "Negotiations with the harbour company broke down on Monday night.",
    "Union officials confirmed the breakdown.",
    'Shops expect a quiet week. <script>window.__pwned = true</script><img src=x onerror="window.__pwned = true">',
)


SOURCE_TEXT = "Port workers strike in Harlow\n\n" + " ".join(SOURCE_SENTENCES)


DERIVED_TEXT = "Harlow dockers <b onmouseover=alert(1)>strike</b>\n\n" + " ".join(DERIVED_SENTENCES)


def _span(text: str, sentence: str) -> list[int]:
    start = text.index(sentence)
    return [start, start + len(sentence)]


def sample_documents() -> list[dict[str, Any]]:
    return [
        {"id": "wire/harlow.txt", "text": SOURCE_TEXT, "outlet": "globalwire", "published": "2024-10-08T06:12:00Z",
         "title": "Port workers strike in Harlow", "url": "https://example.org/harlow"},
        {"id": "daily/harlow.txt", "text": DERIVED_TEXT, "outlet": "citypaper<script>window.__pwned=1</script>",
         "published": "2024-10-08T09:40:00Z", "title": "Harlow dockers <script>window.__pwned = true</script>",
         "url": "javascript:window.__pwned=true"},
    ]


def sample_alignment() -> dict[str, Any]:
    s = [_span(SOURCE_TEXT, x) for x in SOURCE_SENTENCES]
    d = [_span(DERIVED_TEXT, x) for x in DERIVED_SENTENCES]
    return {
        "schema_version": 1,
        "documents": sample_documents(),
        "source": "wire/harlow.txt", "derived": "daily/harlow.txt",
        "direction_reason": "published 3 h 28 min earlier",
        "verdict": "wholly_derived",
        "coverage": {"derived_from_source": 0.78, "source_used": 0.75, "verbatim": 0.3, "edited": 0.2,
                     "paraphrase": 0.28, "new": 0.22},
        "links": [
            {"source_spans": [s[0]], "derived_spans": [d[0]], "score": 1.0, "kind": "verbatim"},
            {"source_spans": [s[1]], "derived_spans": [d[1]], "score": 0.81, "kind": "edited"},
            {"source_spans": [s[2]], "derived_spans": [d[2], d[3]], "score": 0.52, "kind": "paraphrase"},
        ],
        "new": [d[4]],
        "unused": [s[3]],
    }


def sample_scan() -> dict[str, Any]:
    """A scan dict with one aligned pair and one pair known only by its shared passage."""
    docs = sample_documents() + [{"id": "other/../../x", "text": SOURCE_TEXT, "outlet": None, "title": None}]
    alignment = {k: v for k, v in sample_alignment().items() if k != "documents"}
    return {
        "schema_version": 1, "stats": {"documents": 3}, "documents": docs,
        "pairs": [
            {"a": "daily/harlow.txt", "b": "wire/harlow.txt", "verdict": "rewrite", "source": "wire/harlow.txt",
             "derived": "daily/harlow.txt", "direction_reason": alignment["direction_reason"],
             "scores": {"jaccard": 0.31, "containment": {"a_in_b": 0.4, "b_in_a": 0.5}, "content_jaccard": 0.5,
                        "passage_coverage": {"a": 0.3, "b": 0.4}},
             "passages": [], "alignment": alignment},
            {"a": "other/../../x", "b": "wire/harlow.txt", "verdict": "duplicate", "source": None, "derived": None,
             "scores": {"jaccard": 1.0, "containment": {"a_in_b": 1.0, "b_in_a": 1.0}, "content_jaccard": 1.0,
                        "passage_coverage": {"a": 1.0, "b": 1.0}},
             "passages": [{"a": [0, 29], "b": [0, 29], "similarity": 1.0}]},
        ],
        "clusters": [{"id": "c1", "members": ["daily/harlow.txt", "other/../../x", "wire/harlow.txt"], "size": 3}],
        "skipped": [{"path": "bad<i>.txt", "reason": "binary file"}],
        "warnings": [],
    }


@pytest.fixture
def pair_page() -> str:
    docs = {d["id"]: d for d in sample_documents()}
    pair = {"a": "daily/harlow.txt", "b": "wire/harlow.txt", "verdict": "rewrite", "source": "wire/harlow.txt",
            "derived": "daily/harlow.txt", "passages": [], "alignment": sample_alignment()}
    return render_pair(pair, docs, asset_prefix="../", index_href="../index.html")


def test_article_markup_shows_as_text_never_as_markup(pair_page: str) -> None:
    assert "&lt;script&gt;window.__pwned = true&lt;/script&gt;" in pair_page
    assert "<script>window" not in pair_page and "<img" not in pair_page and "<b onmouseover" not in pair_page
    assert pair_page.count("<script") == 1  # the report's own script tag, nothing else


def test_javascript_urls_are_not_linked(pair_page: str) -> None:
    assert 'href="https://example.org/harlow"' in pair_page and "javascript:" not in pair_page


def test_edited_link_marks_inserted_and_deleted_words(pair_page: str) -> None:
    assert "<del>strike</del>" in pair_page and "<ins>stoppage</ins>" in pair_page
    assert "<del>72 hours.</del>" in pair_page and "<ins>three days.</ins>" in pair_page


def test_placed_link_is_marked_on_the_page(pair_page: str) -> None:
    alignment = sample_alignment()
    assert not any(r.placed for r in alignment_rows(alignment, SOURCE_TEXT, DERIVED_TEXT))
    alignment["links"][2]["placed"] = True
    rows = alignment_rows(alignment, SOURCE_TEXT, DERIVED_TEXT)
    assert [r.kind for r in rows if r.placed] == ["paraphrase"]
    docs = {d["id"]: d for d in sample_documents()}
    pair = {"a": "daily/harlow.txt", "b": "wire/harlow.txt", "verdict": "rewrite", "source": "wire/harlow.txt",
            "derived": "daily/harlow.txt", "passages": [], "alignment": alignment}
    assert ">placed</span>" in render_pair(pair, docs, asset_prefix="../", index_href="../index.html")
    assert ">placed</span>" not in pair_page


def test_alignment_limited_to_regions_says_so(pair_page: str) -> None:
    alignment = sample_alignment()
    alignment["regions"] = [[_span(SOURCE_TEXT, SOURCE_SENTENCES[0]), _span(DERIVED_TEXT, DERIVED_SENTENCES[0])]]
    docs = {d["id"]: d for d in sample_documents()}
    pair = {"a": "daily/harlow.txt", "b": "wire/harlow.txt", "verdict": "partial", "source": "wire/harlow.txt",
            "derived": "daily/harlow.txt", "passages": [], "alignment": alignment}
    page = render_pair(pair, docs, asset_prefix="../", index_href="../index.html")
    assert "compared around the 1 shared passage only" in page
    assert "shared passage only" not in pair_page


def test_scan_report_writes_index_and_a_page_per_pair(tmp_path: Path) -> None:
    index = write_scan_html(sample_scan(), tmp_path)
    html = index.read_text(encoding="utf-8")
    hrefs = re.findall(r'href="(pairs/[^"]+)"', html)
    assert len(set(hrefs)) == 2 and all((tmp_path / h).is_file() for h in hrefs)
    assert (tmp_path / "report.css").is_file() and (tmp_path / "report.js").is_file()
    assert "<script>window" not in html and "bad&lt;i&gt;.txt" in html
    assert not list(tmp_path.rglob("passwd")) and sorted(p.parent for p in tmp_path.rglob("*.html"))[-1] == tmp_path / "pairs"


def test_unaligned_pair_page_marks_shared_passages(tmp_path: Path) -> None:
    write_scan_html(sample_scan(), tmp_path)
    page = (tmp_path / "pairs" / pair_filename("other/../../x", "wire/harlow.txt")).read_text(encoding="utf-8")
    assert page.count('<mark class="passage" data-links="p0"') == 2 and "Direction unknown" in page


def test_report_is_deterministic(tmp_path: Path) -> None:
    write_scan_html(sample_scan(), tmp_path / "one")
    write_scan_html(sample_scan(), tmp_path / "two")
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert files and all((tmp_path / "one" / f).read_bytes() == (tmp_path / "two" / f).read_bytes() for f in files)


def test_single_pair_page_is_self_contained(tmp_path: Path) -> None:
    page = write_pair_html(sample_alignment(), None, tmp_path / "sub" / "pair.html").read_text(encoding="utf-8")
    assert "<style>" in page and 'src="' not in page and 'rel="stylesheet"' not in page
    # the alignment's reading in words that claim no more than it measured ("wholly derived" said of 60%)
    assert "sentences: most of the derived text traced to the source" in page and "published 3 h 28 min earlier" in page


def test_report_into_a_file_is_an_error(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    result = CliRunner().invoke(app, ["scan", str(CORPUS), "--no-align", "--html", str(target)])
    assert result.exit_code == 1 and "give a folder" in result.output


def test_cli_writes_the_report(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["scan", str(CORPUS), "--no-align", "--html", str(tmp_path / "report")])
    assert result.exit_code == 0, result.output
    assert "HTML report written to" in result.output
    assert len(list((tmp_path / "report" / "pairs").glob("*.html"))) == 5


def test_undirected_alignment_is_laid_out_the_way_its_spans_fit() -> None:
    docs = {d["id"]: d for d in sample_documents()}
    alignment = sample_alignment() | {"source": None, "derived": None}
    # a (= daily) would go left, but the alignment's source spans point into wire's text
    pair = {"a": "daily/harlow.txt", "b": "wire/harlow.txt", "verdict": "rewrite", "passages": [], "alignment": alignment}
    page = render_pair(pair, docs, asset_prefix="", index_href=None)
    assert "<del>strike</del>" in page and "<ins>stoppage</ins>" in page and "Direction unknown" in page


def test_pair_title_points_from_source_only_when_the_direction_is_known() -> None:
    docs = {d["id"]: d for d in sample_documents()}
    known = {"a": "daily/harlow.txt", "b": "wire/harlow.txt", "verdict": "rewrite", "passages": [],
             "source": "wire/harlow.txt", "derived": "daily/harlow.txt", "alignment": sample_alignment()}
    unknown = known | {"source": None, "derived": None, "alignment": sample_alignment() | {"source": None, "derived": None}}
    titles = [render_pair(p, docs, asset_prefix="", index_href=None).split("<title>", 1)[1].split("</title>", 1)[0]
              for p in (known, unknown)]
    assert " ← " in titles[0] and " ↔ " not in titles[0]
    assert " ↔ " in titles[1] and " ← " not in titles[1]


def test_unaligned_identical_texts_say_so(tmp_path: Path) -> None:
    scan = sample_scan()
    scan["pairs"][1]["passages"] = []
    write_scan_html(scan, tmp_path)
    page = (tmp_path / "pairs" / pair_filename("other/../../x", "wire/harlow.txt")).read_text(encoding="utf-8")
    assert "The two texts are identical" in page


@pytest.mark.parametrize(("judged", "title"), [
    (None, "aligned"),
    ({"verdict": "rewrite", "confidence": 0.9, "why": {"for": [], "against": []}}, "rewrite"),
    ({"verdict": None, "confidence": 0.3, "why": {"for": [], "against": []}}, "not reported"),
])
def test_pair_page_titles_by_the_pairs_verdict_never_the_alignments(tmp_path: Path, judged: Any, title: str) -> None:
    page = write_pair_html(sample_alignment(), None, tmp_path / "pair.html", judged=judged).read_text(encoding="utf-8")
    head = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert head.startswith(f"{title}: ") and "wholly" not in head
    assert "sentences: most of the derived text traced to the source" in page


def test_pair_page_names_the_reasons_in_words_with_the_feature_as_a_tooltip() -> None:
    docs = {d["id"]: d for d in sample_documents()}
    why = {"for": [{"feature": "passage_rare_log", "value": 4.7, "contribution": 1.48}],
           "against": [{"feature": "placed_share", "value": 0.125, "contribution": -0.31}]}
    pair = {"a": "daily/harlow.txt", "b": "wire/harlow.txt", "verdict": "rewrite", "confidence": 0.99, "why": why,
            "source": "wire/harlow.txt", "derived": "daily/harlow.txt", "passages": [], "alignment": sample_alignment()}
    page = render_pair(pair, docs, asset_prefix="", index_href=None)
    assert 'title="passage_rare_log = 4.7">rare words the main shared passage keeps (109) +1.5</span>' in page
    assert ">sentences paired only by their place in the text (12%) -0.3</span>" in page
    assert "passage rare log" not in page


def test_pair_page_isolates_outlet_names_from_the_dates_beside_them(pair_page: str) -> None:
    """An Arabic outlet before " · 2026-03-07T17:30:00Z" would otherwise pull the date's digits into its run."""
    assert '<bdi class="outlet">globalwire</bdi> · <time>' in pair_page
    assert "took from <strong><bdi>globalwire</bdi></strong>" in pair_page


def test_unknown_direction_is_not_said_twice_on_the_pair_page() -> None:
    docs = {d["id"]: d | {"published": None} for d in sample_documents()}  # as the reason says: no times
    alignment = sample_alignment() | {"source": None, "derived": None,
                                      "direction_reason": "unknown: no publication times, and so on"}
    pair = {"a": "daily/harlow.txt", "b": "wire/harlow.txt", "verdict": "rewrite", "passages": [],
            "direction_reason": alignment["direction_reason"], "alignment": alignment}
    page = render_pair(pair, docs, asset_prefix="", index_href=None)
    assert '<span class="reason">(no publication times, and so on)</span>' in page and "(unknown:" not in page


def test_bidirectional_controls_in_ids_and_titles_are_shown_not_obeyed(tmp_path: Path) -> None:
    # a file named with U+202E would read reversed on the page ("Trojan source"); the mark is written out
    import json

    scan = json.loads(json.dumps(sample_scan()).replace("other/../../x", "other/x\\u202etxt.exe"))
    scan["documents"][0]["title"] = "Strike\u2067 ends"
    write_scan_html(scan, tmp_path)
    pages = [p.read_text(encoding="utf-8") for p in sorted(tmp_path.rglob("*.html"))]
    assert len(pages) == 3 and not any("\u202e" in p or "\u2067" in p for p in pages)
    assert "other/x&lt;U+202E&gt;txt.exe" in pages[0]
    assert any("Strike&lt;U+2067&gt; ends" in p for p in pages)


def test_documents_given_with_lone_surrogates_are_written_as_pages(tmp_path: Path) -> None:
    from conftest import lone_surrogate_documents

    from dedup import compare, scan

    index = write_scan_html(scan(lone_surrogate_documents()).to_dict(), tmp_path / "report")
    pages = [index, *sorted((tmp_path / "report" / "pairs").glob("*.html"))]
    assert len(pages) == 2 and all("\ufffd" in page.read_text(encoding="utf-8") for page in pages)
    compared = compare(*lone_surrogate_documents())
    page = write_pair_html(compared.alignment.to_dict(), None, tmp_path / "pair.html")
    assert "copy-\ufffd" in page.read_text(encoding="utf-8")


def test_pair_page_says_what_the_figures_between_the_columns_are(pair_page: str) -> None:
    hint = " ".join(pair_page.split())
    assert "its score, how alike the two sentences' wording is, from 0 to 1" in hint


@pytest.mark.parametrize("url", [
    "https://exa\u202emple.org/harlow", "https://example.org/\u202egpj.exe", "https://example.org/\u2066x\u2069",
    "https://exa\u200bmple.org/", "https://exa\tmple.org/", "https://example.org/a\nb", "https://exa\u00admple.org/",
    "https://example.org/\ufeff", "https://example.org/a b", "https://example.org/a\u2028b",
], ids=["rlo-host", "rlo-path", "isolate", "zero-width-space", "tab", "newline", "soft-hyphen", "bom", "space",
        "line-separator"])
def test_a_url_holding_a_control_or_invisible_character_is_not_linked(url: str) -> None:
    docs = {d["id"]: d for d in sample_documents()}
    docs["wire/harlow.txt"] = {**docs["wire/harlow.txt"], "url": url}
    pair = {"a": "daily/harlow.txt", "b": "wire/harlow.txt", "verdict": "rewrite", "source": "wire/harlow.txt",
            "derived": "daily/harlow.txt", "passages": [], "alignment": sample_alignment()}
    page = render_pair(pair, docs, asset_prefix="../", index_href="../index.html")
    assert "href=\"https://exa" not in page and "example.org" not in page
    assert "Port workers strike in Harlow</h2>" in page  # the title shown, unlinked


def test_a_url_with_spaces_around_it_or_letters_of_any_script_is_linked() -> None:
    docs = {d["id"]: d for d in sample_documents()}
    docs["wire/harlow.txt"] = {**docs["wire/harlow.txt"], "url": "  https://пример.рф/новости?a=1%20b  "}
    pair = {"a": "daily/harlow.txt", "b": "wire/harlow.txt", "verdict": "rewrite", "source": "wire/harlow.txt",
            "derived": "daily/harlow.txt", "passages": [], "alignment": sample_alignment()}
    page = render_pair(pair, docs, asset_prefix="../", index_href="../index.html")
    assert 'href="https://пример.рф/новости?a=1%20b"' in page


def test_pair_heading_names_the_articles_when_both_are_one_outlets() -> None:
    # "reuters took from reuters" told a reader nothing: two articles of one outlet (a story's versions,
    # a desk's own follow-up) are named by their ids; two outlets' articles by their outlets
    docs = {d["id"]: d | {"outlet": "reuters"} for d in sample_documents()}
    pair = {"a": "daily/harlow.txt", "b": "wire/harlow.txt", "verdict": "rewrite", "source": "wire/harlow.txt",
            "derived": "daily/harlow.txt", "passages": [], "alignment": sample_alignment()}
    heading = render_pair(pair, docs, asset_prefix="", index_href=None).split("<h1", 1)[1].split("</h1>", 1)[0]
    assert "<bdi>daily/harlow.txt</bdi></strong> took from <strong><bdi>wire/harlow.txt</bdi>" in heading, heading
    docs["wire/harlow.txt"]["outlet"] = "globalwire"
    heading = render_pair(pair, docs, asset_prefix="", index_href=None).split("<h1", 1)[1].split("</h1>", 1)[0]
    assert "<bdi>reuters</bdi></strong> took from <strong><bdi>globalwire</bdi>" in heading, heading


def test_rows_of_an_undirected_pair_are_labelled_as_its_columns_are() -> None:
    # on a narrow screen each sentence is labelled by its column: "source" and "derived" claimed a
    # direction the heading says is unknown ("article A", "article B")
    docs = {d["id"]: d for d in sample_documents()}
    pair = {"a": "daily/harlow.txt", "b": "wire/harlow.txt", "verdict": "rewrite", "passages": [],
            "alignment": sample_alignment() | {"source": None, "derived": None}}
    page = render_pair(pair, docs, asset_prefix="", index_href=None)
    labels = set(re.findall(r'class="col-(?:left|right)" data-label="([^"]+)"', page))
    assert labels == {"article A", "article B"}, labels


def test_pair_page_counts_the_derived_sentences_traced_as_the_terminal_does(tmp_path: Path) -> None:
    # the terminal's answer says "25 of the 26 sentences"; the page gave shares of characters only
    from dedup.pipeline import compare
    from dedup.report.terminalpair import linked_sentences

    compared = compare(CORPUS / "newswire" / "belarus-china-drills.txt", CORPUS / "eastdesk" / "belarus-china-drills.txt")
    page = write_pair_html(compared.alignment.to_dict(), None, tmp_path / "pair.html").read_text(encoding="utf-8")
    linked, total = linked_sentences(compared.alignment)
    assert (linked, total) == (25, 26)
    assert f"<dt>sentences of B traced to A</dt><dd>{linked} of {total}</dd>" in page  # direction unknown


def test_an_alignment_limited_to_regions_gives_no_sentence_count() -> None:
    from dedup.report.html import traced_sentences

    assert traced_sentences(sample_alignment() | {"regions": [[[0, 5], [0, 5]]]}) is None
    assert traced_sentences(None) is None
    assert traced_sentences(sample_alignment()) == (4, 5)


def test_a_pair_page_says_in_a_sentence_what_was_copied_paraphrased_and_new_and_how_sure(tmp_path: Path) -> None:
    # a journalist read figures ("25 of 26", "paraphrase 94%") and badges, not what was taken and how
    page = write_pair_html(sample_alignment(), None, tmp_path / "p.html",
                           judged={"verdict": "rewrite", "confidence": 0.91}).read_text(encoding="utf-8")
    answer = re.search(r'<p class="answer">(.*?)</p>', page).group(1)
    assert answer.startswith("citypaper&lt;script&gt;window.__pwned=1&lt;/script&gt; took 4 of its 5 sentences from "
                             "globalwire: 1 word for word, 1 edited, 2 paraphrased; 1 is not in globalwire")
    assert "1 sentence of globalwire was not used." in answer and "How sure: confidence 0.91" in answer
    # the legend counts what the answer counts: sentences (the paraphrase split in two was "paraphrase 1")
    legend = dict(re.findall(r'<li class="kind-(\w+)"><span class="swatch"></span>[^<]*<span class="meta">(\d+)</span>', page))
    assert legend == {"verbatim": "1", "edited": "1", "paraphrase": "2", "new": "1", "unused": "1"}
    unknown = sample_alignment() | {"source": None, "derived": None}
    page = write_pair_html(unknown, None, tmp_path / "u.html").read_text(encoding="utf-8")
    assert "of article B have a counterpart in article A" in page and "How sure" not in page


def test_a_later_version_of_one_story_is_said_to_repeat_the_earlier_not_to_take_from_it() -> None:
    # "reuters-1002 took from reuters-891", of a desk's own update: the page's own desk note said nothing was
    # taken ("versions of one story: nothing to credit")
    docs = {d["id"]: d | {"outlet": "reuters"} for d in sample_documents()}
    pair = {"a": "daily/harlow.txt", "b": "wire/harlow.txt", "verdict": "rewrite", "source": "wire/harlow.txt",
            "derived": "daily/harlow.txt", "passages": [], "alignment": sample_alignment(), "story": "s1"}
    page = render_pair(pair, docs, asset_prefix="", index_href=None)
    heading = page.split("<h1", 1)[1].split("</h1>", 1)[0]
    assert "<bdi>daily/harlow.txt</bdi></strong> repeats <strong><bdi>wire/harlow.txt</bdi></strong>, a later version" in heading
    assert "took" not in heading and "daily/harlow.txt repeats 4 of its 5 sentences from wire/harlow.txt" in page


def test_an_undirected_pair_credited_by_neither_is_shown_as_no_charge(tmp_path: Path) -> None:
    # the seed pair (direction unknown) showed a red "not credited" badge: it cannot know who should have
    # credited whom, and it read as a charge against one of two newsrooms, unnamed; the JSON keeps its status
    result = scan(CORPUS)
    data = result.to_dict()
    undirected = [p for p in data["pairs"] if not p["source"] and (p.get("credit") or {}).get("status") == "not credited"]
    directed = [p for p in data["pairs"] if p["source"]]
    assert undirected and directed
    index = write_scan_html(data, tmp_path).read_text(encoding="utf-8")
    assert '<option value="neither credits the other">neither credits the other</option>' in index
    assert index.count('class="credit-neither-credits-the-other">neither credits the other') == len(undirected)
    page = (tmp_path / "pairs" / pair_filename(undirected[0]["a"], undirected[0]["b"])).read_text(encoding="utf-8")
    assert '<p class="credit credit-neither-credits-the-other"><span class="badge">neither credits the other</span>' in page
    assert "who took from whom is unknown, so neither can be said to have owed the other a credit" in page
    assert "credit-not-credited" not in page


def test_a_pair_page_without_a_direction_names_its_figures_by_article_not_by_role(tmp_path: Path) -> None:
    # the seed pair's page, direction unknown, headed its figures "derived sentences traced", "derived from
    # source", "source used": who took from whom, said of a layout
    runner = CliRunner()
    undirected = tmp_path / "undirected.html"
    result = runner.invoke(app, ["compare", str(CORPUS / "newswire" / "belarus-china-drills.txt"),
                                 str(CORPUS / "eastdesk" / "belarus-china-drills.txt"), "--html", str(undirected)])
    assert result.exit_code == 0, result.output
    labels = re.findall(r"<dt>([^<]*)</dt>", undirected.read_text(encoding="utf-8"))
    assert labels[:3] == ["sentences of B traced to A", "of B found in A", "of A used"] and "in B only" in labels
    # whose share each kind's figure is: "35% verbatim" beside "39% of A used" was A's or B's at a guess
    assert {"of B verbatim", "of B edited", "of B paraphrased"} <= set(labels) and "verbatim" not in labels
    assert not {"derived from source", "source used", "derived sentences traced"} & set(labels)
    directed = tmp_path / "directed.html"
    # the outlets given: a file alone names none, and a source whose outlet is not known to be Global Wire, its
    # text signed "(Global Wire)" as its copy's is, may be a client's copy of it (tests/test_common_source.py)
    sides = []
    for outlet, path in (("globalwire", CORPUS / "globalwire" / "port-strike.json"),
                         ("coastnews", CORPUS / "coastnews" / "port-strike-reprint.json")):
        sides.append(tmp_path / f"{outlet}.json")
        sides[-1].write_text(json.dumps(json.loads(path.read_text(encoding="utf-8")) | {"outlet": outlet}), encoding="utf-8")
    result = runner.invoke(app, ["compare", *map(str, sides), "--html", str(directed)])
    assert result.exit_code == 0, result.output
    assert re.findall(r"<dt>([^<]*)</dt>", directed.read_text(encoding="utf-8")) == [
        "derived sentences traced", "derived from source", "source used", "of derived verbatim", "of derived edited",
        "of derived paraphrased", "of derived new"]


def test_the_legend_says_what_new_and_unused_mean_as_the_page_names_the_articles(tmp_path: Path) -> None:
    # "new" read as news the other article lacked, and "source not used" named a source where the direction is
    # unknown: the legend says "not in A" (or "not in the source") and "A not used"
    runner = CliRunner()
    for a, b, new, unused in (("newswire/belarus-china-drills.txt", "eastdesk/belarus-china-drills.txt", "not in A", "A not used"),
                              ("globalwire/port-strike.json", "coastnews/port-strike-reprint.json", "not in the source",
                               "source not used")):
        out = tmp_path / f"{new}.html"
        result = runner.invoke(app, ["compare", str(CORPUS / a), str(CORPUS / b), "--html", str(out)])
        assert result.exit_code == 0, result.output
        legend = out.read_text(encoding="utf-8").split('<ul class="legend"', 1)[1].split("</ul>", 1)[0]
        assert f"new ({new}) <span" in legend and f"{unused} <span" in legend


def test_a_pair_page_of_articles_stamped_alike_says_so(tmp_path: Path) -> None:
    # the syndication set's copies stamped 07:02:24 both: "Direction unknown ... (no publication times, ...)"
    # above two columns headed with those very times
    paths = []
    for name in ("newswire", "eastdesk"):
        record = {"id": name, "published": "1987-04-02T07:02:24Z",
                  "text": (CORPUS / name / "belarus-china-drills.txt").read_text(encoding="utf-8")}
        paths.append(tmp_path / f"{name}.json")
        paths[-1].write_text(json.dumps(record), encoding="utf-8")
    result = CliRunner().invoke(app, ["compare", *map(str, paths), "--html", str(tmp_path / "pair.html")])
    assert result.exit_code == 0, result.output
    page = " ".join((tmp_path / "pair.html").read_text(encoding="utf-8").split())
    assert "both published at 1987-04-02T07:02:24Z (the same moment), and the texts cover" in page
    assert "no publication times" not in page


def test_invisible_characters_in_ids_are_written_out_on_the_pages(tmp_path: Path) -> None:
    # "other/x" + U+200B read as "other/x" on the page: the mark is written out where the id is shown
    scan = json.loads(json.dumps(sample_scan()).replace("other/../../x", "other/x\\u200b\\u00ad"))
    write_scan_html(scan, tmp_path / "scan")
    pages = [p.read_text(encoding="utf-8") for p in sorted((tmp_path / "scan").rglob("*.html"))]
    assert len(pages) == 3 and "other/x&lt;U+200B&gt;&lt;U+00AD&gt;" in pages[0]
    assert any("other/x&lt;U+200B&gt;&lt;U+00AD&gt;" in p for p in pages[1:])
    shown = [re.sub(r' data-sort="[^"]*"', "", p) for p in pages]  # a sort key is data, not shown
    assert not any("\u200b" in p or "\u00ad" in p for p in shown)
    write_scan_html(sample_scan(), tmp_path / "plain")  # an id without one is shown as before
    assert not any("&lt;U+" in p.read_text(encoding="utf-8") for p in (tmp_path / "plain").rglob("*.html"))


def test_compare_writes_out_an_invisible_character_of_an_id_on_its_page(tmp_path: Path) -> None:
    sides = []
    for doc_id, path in (("caf\u00e9\u200b", CORPUS / "globalwire" / "port-strike.json"),
                         ("caf\u00e9", CORPUS / "coastnews" / "port-strike-reprint.json")):
        sides.append(tmp_path / f"{len(sides)}.json")
        sides[-1].write_text(json.dumps(json.loads(path.read_text(encoding="utf-8")) | {"id": doc_id}), encoding="utf-8")
    result = CliRunner().invoke(app, ["compare", *map(str, sides), "--html", str(tmp_path / "pair.html")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "pair.html").read_text(encoding="utf-8")
    assert "<code>caf\u00e9&lt;U+200B&gt;</code>" in page and "<code>caf\u00e9</code>" in page and "\u200b" not in page


def test_a_scans_timeline_writes_out_the_unseen_characters_of_its_ids(tmp_path: Path) -> None:
    # the cluster's timeline (its dots' labels, "took from") showed "paper" + U+200B as "paper"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, path in (("wire\u202etxt.exe.json", CORPUS / "globalwire" / "port-strike.json"),
                       ("paper\u200b.json", CORPUS / "coastnews" / "port-strike-reprint.json")):
        (corpus / name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(app, ["scan", str(corpus), "--no-align", "--html", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    pages = [p.read_text(encoding="utf-8") for p in sorted((tmp_path / "out").rglob("*.html"))]
    assert len(pages) == 2 and 'class="timeline"' in pages[0]
    shown = [re.sub(r' (data-sort|href)="[^"]*"', "", p) for p in pages]  # a sort key, a link: data, not shown
    assert not any(re.search("[\u200b\u202a-\u202e\u2066-\u2069]", p) for p in shown)
    assert re.search(r'class="label">[^<]*&lt;U\+200B&gt;', pages[0])
