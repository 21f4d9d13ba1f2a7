from __future__ import annotations

import pytest

from dedup.normalize import content_bounds, html_to_article, looks_like_headline, normalize_text


def test_normalize_unifies_unicode_lines_and_blank_runs() -> None:
    assert normalize_text("Cafe\u0301 \r\n\r\n\r\n\r\nx\u200b") == "Café\n\nx"


@pytest.mark.parametrize(("text", "expected"), [
    ("a \t\u00a0\nb", "a\nb"), ("a\t\nb", "a\nb"), ("a\u00a0\nb", "a\nb"), ("a\n\n\n\n\nb", "a\n\nb"),
    ("a \n\n \n\nb", "a\n\nb"),  # blanks cleared first make a run of blank lines
    ("a  b\n c\n\nd", "a  b\n c\n\nd"),  # spaces inside or leading a line, one blank line: kept
])
def test_trailing_blanks_and_blank_runs(text: str, expected: str) -> None:
    assert normalize_text(text) == expected


@pytest.mark.parametrize(
    ("text", "core"),
    [
        ("BRUSSELS (Reuters) - EU ministers met.", "EU ministers met."),
        ("WASHINGTON, March 3 (AP) -- The Senate voted.", "The Senate voted."),
        ("Prices rose.\n Reuter", "Prices rose."),
        ("Prices rose.\n(Reporting by A; Editing by B)", "Prices rose."),
        ("No dateline here - just text.", "No dateline here - just text."),
        ("Prices rose.\n\nSign up for our free newsletter to get the top stories in your inbox.", "Prices rose."),
        ("Prices rose.\n\nHave a story tip? Email news@courier.example.\n\n\u00a9 2026 Courier Media. All rights "
         "reserved.\nReuter", "Prices rose."),
        ("Prices rose.\n\nThis story first appeared in the Harbour Gazette.", "Prices rose."),
        ("Prices rose.\n\nRead more: subscribe today.", "Prices rose."),
        ("Prices rose.\n\nFarmers had until Friday to sign up for the set-aside programme.",
         "Prices rose.\n\nFarmers had until Friday to sign up for the set-aside programme."),
        ("Prices rose.\n\nDetails are at www.example.gov. " + "More words of the article itself. " * 20,
         "Prices rose.\n\nDetails are at www.example.gov. " + "More words of the article itself. " * 19
         + "More words of the article itself."),
        ("Write to news@courier.example with tips.", "Write to news@courier.example with tips."),
        ("Help lines:\n\n" + "\n\n".join(f"Line {k}: www.help{k}.example" for k in range(5)),
         "Help lines:\n\nLine 0: www.help0.example\n\nLine 1: www.help1.example"),

        ("Sign up for our free newsletter to get the top stories in your inbox.\n\nPARIS (Reuters) - Prices rose.",
         "Prices rose."),
        ("The new website www.example.gov went live on Monday.\n\nIt crashed an hour later.",
         "The new website www.example.gov went live on Monday.\n\nIt crashed an hour later."),
    ],
    ids=["reuters-dateline", "ap-dateline", "reuter-signoff", "credits", "none", "newsletter-offer",
         "tip-line-copyright-and-signoff", "first-appeared", "two-weak-marks", "one-weak-mark-is-news",
         "long-closing-paragraph-is-news", "one-paragraph-kept", "three-closing-paragraphs-at-most",
         "opening-newsletter-offer-then-dateline", "a-lead-naming-a-website-is-news"],
)
def test_content_bounds(text: str, core: str) -> None:
    start, end = content_bounds(text)
    assert text[start:end] == core


@pytest.mark.parametrize(
    ("line", "expected"),
    [("Dock workers walk out at Harlow port", True), ("This is a sentence.", False), ("Word", False)],
    ids=["headline", "sentence", "one-word"],
)
def test_looks_like_headline(line: str, expected: bool) -> None:
    assert looks_like_headline(line) is expected


def test_html_drops_scripts_nav_and_keeps_metadata() -> None:
    page = (
        '<html><head><meta property="og:title" content="Title"><link rel="canonical" href="https://x.example/a">'
        '</head><body><header>Site</header><article><p>One.</p><script>bad()</script><p>Two.</p></article>'
        "<footer>Foot</footer></body></html>"
    )
    art = html_to_article(page)
    assert art.text == "One.\n\nTwo."
    assert art.title == "Title" and art.url == "https://x.example/a"


def test_a_page_nested_past_any_browser_is_read_without_its_layout() -> None:
    from dedup.normalize import MAX_HTML_DEPTH, _flattened

    story = "<p>Dockworkers at the port of Harlow walked out on Monday over pay.</p>"
    deep = "<html><head><title>Strike</title></head><body>" + "<div>" * (20 * MAX_HTML_DEPTH) + story
    assert "<div" not in _flattened(deep) and story in _flattened(deep)
    page = html_to_article(deep)
    assert page.text == "Dockworkers at the port of Harlow walked out on Monday over pay." and page.title == "Strike"
    # stray closing tags first do not hide the depth; nesting as deep as browsers keep, and many void
    # elements (a <br> a line), are pages as they are
    hidden = "</div>" * (20 * MAX_HTML_DEPTH) + "<div>" * (2 * MAX_HTML_DEPTH) + story
    assert "<div" not in _flattened(hidden)
    kept = ["<div>" * (MAX_HTML_DEPTH - 1) + story + "</div>" * (MAX_HTML_DEPTH - 1),
            "<div>" + "<p>a line<br>of text<img src=x></p>" * (4 * MAX_HTML_DEPTH) + "</div>"]
    assert all(_flattened(html) is html for html in kept)


TAGLINE = ("\n\nSign up for the Courier's free morning newsletter to get the day's top stories delivered to your inbox "
           "every weekday before 7am. Have a story tip? Contact our newsroom at news@courier.example, day or night.")
STORIES = (
    "The city's main bridge will close for repairs for six weeks from Monday, the transport department said.\n\n"
    "Engineers found cracks in two of the bridge's support beams during a routine inspection in March.\n\n"
    "Buses will be diverted through the eastern ring road, adding about fifteen minutes to journeys.",
    "A new art gallery dedicated to maritime painting opened in the old customs house on Saturday.\n\n"
    "The collection includes more than 200 works donated by a local family of shipbuilders.\n\n"
    "The mayor said the project had cost 3.2 million pounds, most of it raised from private donors.",
    "Firefighters were called to a warehouse blaze on the industrial estate late on Tuesday.\n\n"
    "Six crews spent four hours bringing the fire under control, and nobody was hurt.\n\n"
    "The cause of the fire is being investigated, the fire service said on Wednesday.",
)


@pytest.mark.parametrize("where", ["closing", "opening"])
def test_stories_closing_with_one_sites_lines_are_not_copies_and_a_copy_of_one_is(tmp_path, where: str) -> None:
    from dedup import scan

    for k, story in enumerate(STORIES):
        text = story + TAGLINE if where == "closing" else TAGLINE.strip() + "\n\n" + story
        (tmp_path / f"courier-{k}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "herald-0.txt").write_text(STORIES[0], encoding="utf-8")
    pairs = {(p.a, p.b): p.verdict for p in scan(tmp_path).pairs}
    assert pairs == {("courier-0.txt", "herald-0.txt"): "duplicate"}


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
    from dedup.normalize import _flattened

    page = ARTICLE_WITH_TABLE.format(script=script)
    assert len(page) > 500_000 and "<table>" in _flattened(page)  # read with its layout
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
    from dedup.normalize import MAX_HTML_DEPTH, _flattened

    story = "<p>Dockworkers at the port of Harlow walked out on Monday over pay.</p>"
    page = "<html><body>" + unit * 50_000 + story
    flat = _flattened(page)
    assert all(flat.count(tag) < MAX_HTML_DEPTH for tag in ("<div", "<span", "<blockquote", "<article"))
    assert html_to_article(page).text in ("", "Dockworkers at the port of Harlow walked out on Monday over pay.")


def test_an_inline_chart_of_thousands_of_shapes_is_no_depth() -> None:
    # <rect/> closes itself inside an svg: counted as open, 4,000 shapes made a deep page of a chart
    from dedup.normalize import _flattened

    chart = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 60"><title>Ships waiting</title><g>'
             + "".join(f'<rect x="{i}" y="0" width="1" height="{i % 50}"/>' for i in range(3000))
             + "".join(f'<text x="{i}" y="9">{i}</text><path d="M0 0L{i} 9"/>' for i in range(1000)) + "</g></svg>")
    page = ARTICLE_WITH_TABLE.format(script=chart)
    assert "<table>" in _flattened(page) and html_to_article(page).text == html_to_article(ARTICLE_WITH_TABLE.format(script="")).text


@pytest.mark.parametrize("unit", ["<svg><p><article/>", "<x-a><svg></x-a><article/>", "<svg><foreignObject><article/>",
                                  "<svg><title><p></title><article>", "<svg x='>'/><article>", "<math><mi><section/>"],
                         ids=["breakout", "end-tag-outside", "foreign-object", "title-left-open", "quoted-self-closing",
                              "mathml-text"])
def test_html_the_parser_reads_again_after_an_svg_is_counted(unit: str) -> None:
    from dedup.normalize import MAX_HTML_DEPTH, _flattened

    flat = _flattened("<html><body>" + unit * 50_000 + "<p>Dockworkers walked out on Monday over pay.</p>")
    assert flat.count("<article") < MAX_HTML_DEPTH and flat.count("<section") < MAX_HTML_DEPTH
