"""The depth of a page's markup and the flat page a parser reads fast (dedup/markup.py, dedup/nesting.py,
dedup/furniture.py)."""

from __future__ import annotations

import pytest

from _bad_input_files import TEXT
from dedup.markup import flattened
from dedup.nesting import MAX_HTML_DEPTH
from dedup.normalize import html_to_article


def test_a_page_nested_past_any_browser_is_read_without_its_layout() -> None:
    story = "<p>Dockworkers at the port of Harlow walked out on Monday over pay.</p>"
    deep = "<html><head><title>Strike</title></head><body>" + "<div>" * (20 * MAX_HTML_DEPTH) + story
    assert "<div" not in flattened(deep) and story in flattened(deep)
    page = html_to_article(deep)
    assert page.text == "Dockworkers at the port of Harlow walked out on Monday over pay." and page.title == "Strike"
    # stray closing tags first do not hide the depth; nesting as deep as browsers keep, and many void
    # elements (a <br> a line), are pages as they are
    hidden = "</div>" * (20 * MAX_HTML_DEPTH) + "<div>" * (2 * MAX_HTML_DEPTH) + story
    assert "<div" not in flattened(hidden)
    kept = ["<div>" * (MAX_HTML_DEPTH - 1) + story + "</div>" * (MAX_HTML_DEPTH - 1),
            "<div>" + "<p>a line<br>of text<img src=x></p>" * (4 * MAX_HTML_DEPTH) + "</div>"]
    assert all(flattened(html) is html for html in kept)


ARTICLE_WITH_TABLE = (
    "<html><head><title>Strike</title></head><body><div class='wrap'><article>"
    "<p>Dockworkers at the port of Harlow walked out on Monday over pay.</p>"
    "<table><tr><td>Workers out</td><td>1,200</td></tr><tr><td>Ships waiting</td><td>14</td></tr></table>"
    "<p>The union said the strike would last a week.</p></article></div>{script}</body></html>"
)


@pytest.mark.parametrize("script", [
    "<script>var t = '" + "<div><span>x" * 80_000 + "';</script>",
    "<script>for (var i = 0; i<n; i++) {if (a[i]<b) {s += '<div>' + a[i];}}" * 20_000 + "</script>",
    "<style>" + "div<p{}" * 100_000 + "</style>",
    "<!-- " + "<div>" * 100_000 + " -->",
    "<![CDATA[" + " " * 100_000 + "]]>" + "<!-- <script> -->" + "<!--" + "<b>" * 150_000 + "--!>",
], ids=["js-html-strings", "js-comparisons", "style", "comment", "cdata-and-odd-comments"])
def test_what_scripts_styles_and_comments_hold_is_no_depth(script: str) -> None:

    page = ARTICLE_WITH_TABLE.format(script=script)
    assert len(page) > 500_000 and "<table>" in flattened(page)  # read with its layout
    plain = html_to_article(ARTICLE_WITH_TABLE.format(script=""))
    assert "Workers out\n\n1,200" in plain.text  # one paragraph a cell: the table was read
    assert html_to_article(page).text == plain.text


@pytest.mark.parametrize("unit", ["<div></span>", "<div></>", "<div></div-x>", "<span></div>", "<blockquote>",
                                  "<article></b>", "<div title='<!--'></div>"],
                         ids=["end-of-another", "empty-end", "end-of-longer-name", "end-across-block",
                              "not-layout", "article", "comment-in-attribute"])
def test_nesting_the_depth_measure_once_missed_is_flattened(unit: str) -> None:
    # end tags the parser ignores used to count as closing (the page nested 50,000 deep: minutes), and
    # elements that are not layout stayed nested after the layout went

    story = "<p>Dockworkers at the port of Harlow walked out on Monday over pay.</p>"
    page = "<html><body>" + unit * 50_000 + story
    flat = flattened(page)
    assert all(flat.count(tag) < MAX_HTML_DEPTH for tag in ("<div", "<span", "<blockquote", "<article"))
    assert html_to_article(page).text in ("", "Dockworkers at the port of Harlow walked out on Monday over pay.")


def test_an_inline_chart_of_thousands_of_shapes_is_no_depth() -> None:
    # <rect/> closes itself inside an svg: counted as open, 4,000 shapes made a deep page of a chart

    chart = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 60"><title>Ships waiting</title><g>'
             + "".join(f'<rect x="{i}" y="0" width="1" height="{i % 50}"/>' for i in range(3000))
             + "".join(f'<text x="{i}" y="9">{i}</text><path d="M0 0L{i} 9"/>' for i in range(1000)) + "</g></svg>")
    page = ARTICLE_WITH_TABLE.format(script=chart)
    assert "<table>" in flattened(page) and html_to_article(page).text == html_to_article(ARTICLE_WITH_TABLE.format(script="")).text


@pytest.mark.parametrize("unit", ["<svg><p><article/>", "<x-a><svg></x-a><article/>", "<svg><foreignObject><article/>",
                                  "<svg><title><p></title><article>", "<svg x='>'/><article>", "<math><mi><section/>"],
                         ids=["breakout", "end-tag-outside", "foreign-object", "title-left-open", "quoted-self-closing",
                              "mathml-text"])
def test_html_the_parser_reads_again_after_an_svg_is_counted(unit: str) -> None:

    flat = flattened("<html><body>" + unit * 50_000 + "<p>Dockworkers walked out on Monday over pay.</p>")
    assert flat.count("<article") < MAX_HTML_DEPTH and flat.count("<section") < MAX_HTML_DEPTH


STORY = "".join(f"<p>Dock workers at Harlow walked out on day {k} over pay, and the port said talks would resume.</p>"
                for k in range(6))
FURNITURE = {
    "nav": "<nav><ul>" + "".join(f'<li><a href="/s{k}">Section {k}</a></li>' for k in range(6)) + "</ul></nav>",
    "header": "<header><p>The Harbour Times, since 1851</p></header>",
    "cookie-notice": '<div class="cookie-banner"><p>We use cookies to improve your visit.</p></div>',
    "most-read": "<aside><h2>Most read</h2><p>Mayor opens the new bridge</p></aside>",
    "related-links": "<div><p>" + " ".join(f'<a href="/r{k}">Related headline number {k}</a>' for k in range(5)) + "</p></div>",
    "footer": "<footer><p>Copyright Harbour Times, all rights reserved.</p></footer>",
}
DEPTH = {"layout": "<div>" * 20 * MAX_HTML_DEPTH, "no-layout": "<blockquote>" * 20 * MAX_HTML_DEPTH}


def _page(depth: str, article: bool) -> str:
    story = f"<article>{STORY}</article>" if article else STORY
    head, tail = "".join(list(FURNITURE.values())[:3]), "".join(list(FURNITURE.values())[3:])
    return f"<html><head><title>Port strike</title></head><body>{head}{depth}{story}{tail}</body></html>"


@pytest.mark.parametrize("article", [True, False], ids=["article", "no-article"])
@pytest.mark.parametrize("depth", DEPTH.values(), ids=DEPTH.keys())
def test_a_page_too_deep_still_loses_its_furniture(depth: str, article: bool) -> None:
    # a page read without its layout (and, still too deep, with only its paragraphs and headings) kept its
    # menus, notices and footer: their tags, and the names marking them, were gone before it was parsed
    shallow = html_to_article(_page("", article)).text
    assert shallow.startswith("Dock workers") and shallow.count("\n\n") == 5
    assert html_to_article(_page(depth, article)).text == shallow


@pytest.mark.parametrize("wrapper", ['<div class="share-tools">{}</div>', "<form>{}</form>", "<div><nav>{}</div>",
                                     "<header>{}"],
                         ids=["named-wrapper", "form-wrapper", "nav-left-open", "header-never-closed"])
def test_what_holds_the_article_is_never_furniture(wrapper: str) -> None:
    # furniture holding the article (or most of the text) stays, as in a parsed page; an element left open is
    # taken to end where the parser surely ends it, or later
    page = "<html><body>" + FURNITURE["nav"] + "<blockquote>" * 20 * MAX_HTML_DEPTH + wrapper.format(STORY)
    assert html_to_article(page).text.startswith("Dock workers") and html_to_article(page).text.count("\n\n") == 5
    assert "Section" not in html_to_article(page).text


@pytest.mark.parametrize("page,walked", [
    ("<div>" * 20_000 + "<p>Dock workers walked out.</p>", False),
    ("<div>" * 20_000 + "<p>Dock workers <a href=/a>walked</a> <a href=/b>out</a>.</p>", False),  # two links: no list
    ("<div>" * 20_000 + "<p>Dock workers walked out. <abbr>ILA</abbr> <aside>x</aside></p>", True),
    ("<div>" * 20_000 + '<p class="lead">Dock workers walked out.</p>', True),
    ("<div>" * 20_000 + "<p>" + "<a href=/x>x</a> " * 3 + "</p>", True),
], ids=["bare", "two-links", "aside", "a-class", "three-links"])
def test_a_page_that_can_hold_no_furniture_is_not_walked(page: str, walked: bool,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # the walk of 100,000 bare <div>s was four fifths of the time the page took to read
    import dedup.furniture as furniture

    seen = []
    walk = furniture._elements
    monkeypatch.setattr(furniture, "_elements", lambda data: seen.append(1) or walk(data))
    assert furniture.without_furniture(page) == page or walked
    assert bool(seen) == walked


def test_the_depth_measure_reads_a_page_a_chunk_at_a_time_and_stops_when_too_deep(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import dedup.nesting as nesting

    page = ("<div class='a>b'><p x=<y>" + "<div<span>" + "</div >" * 3 + "<!-- a > b -->") * 400
    whole = nesting._TAG.findall(page.encode())
    for chunk in (1, 7, 64, 1 << 20):  # a chunk ends after a ">", which no tag name holds
        monkeypatch.setattr(nesting, "_TAG_CHUNK", chunk)
        assert list(nesting._tags(page.encode())) == whole
    monkeypatch.setattr(nesting, "_TAG_CHUNK", 1 << 16)
    read: list[int] = []
    real = nesting._TAG

    class Counted:
        def findall(self, data: bytes, start: int, end: int) -> list[bytes]:
            read.append(end - start)
            return real.findall(data, start, end)

    monkeypatch.setattr(nesting, "_TAG", Counted())
    assert nesting.too_deep("<div>" * 100_000)
    assert len(read) == 1 and read[0] < 70_000  # the first chunk told it: not all 500,000 bytes were read


def test_a_tag_of_many_attributes_is_cut_in_memory_near_its_size() -> None:
    # the start-tag pattern kept a mark a character: a tag of 3.4 MB (300,000 attributes) took 600 MB to cut
    import tracemalloc

    text = "Dock workers walked off the job on Tuesday, the union said in a statement to reporters. " * 3
    html = "<html><body><p " + " ".join(f'a{i}="x"' for i in range(60_000)) + ">" + text + "</p></body></html>"
    tracemalloc.start()
    try:
        flat = flattened(html)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert flat.startswith("<html><body><p>Dock workers") and peak < 20 * len(html), (peak, len(html))


def test_too_many_elements_counts_start_tags_only_past_the_bound() -> None:
    from dedup.markup import too_many_elements

    assert too_many_elements("<p>a</p>" * 5, most=4) == 5 and too_many_elements("<p>a</p>" * 4, most=4) is None
    assert too_many_elements("1 < 2 < 3 < 4 < 5 <p>x</p>", most=4) is None  # a "<" of the text is no element


# -- HTML whose tags name thousands of attributes: the parser's time grows with the square of their number --


def _many_attributes(kind: str, *, attributes: bool = True) -> str:
    body = "".join(f"<p>{line}</p>" for line in TEXT.splitlines() if line.strip())
    many = {"one-tag": " ".join(f'data-a{i}="{i}"' for i in range(5000)),  # 200,000 (2.7 MB) took minutes
            "valueless": " ".join(f"a{i}" for i in range(5000)), "many-tags": ""}[kind] if attributes else ""
    # one attribute in each of 128,000 tags took 9 s
    tags = "".join(f'<i data-a{i}="1">x</i>' if attributes else "<i>x</i>" for i in range(20_000 if kind == "many-tags" else 0))
    return f'<html lang="en"><body>{tags}<div class="story" {many}>{body}</div></body></html>'


@pytest.mark.parametrize("kind", ["one-tag", "valueless", "many-tags"])
def test_a_page_naming_thousands_of_attributes_is_parsed_with_those_read_only(kind: str) -> None:
    from dedup.markup import flattened
    from dedup.normalize import html_to_article

    page = _many_attributes(kind)
    parsed = flattened(page)
    assert "a4999" not in parsed and "a19999" not in parsed  # were all given to the parser
    assert parsed.count('class="story"') == 1 and 'lang="en"' in parsed  # the attributes the reader reads stay
    read = html_to_article(page)
    assert read.text == html_to_article(_many_attributes(kind, attributes=False)).text and "Belarus" in read.text
    assert read.language == "en"


def test_a_page_of_few_attributes_is_parsed_as_it_is() -> None:
    from dedup.markup import flattened

    page = '<html lang="en"><body>' + "".join(f'<p class="c{i % 40}" data-x="{i}">{i} word</p>' for i in range(5000)) + "</body></html>"
    assert flattened(page) is page
