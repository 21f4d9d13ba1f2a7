"""Tests for dedup.webpage: a news site's furniture around its articles, and what a scan makes of it.

All pages are written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dedup import scan
from dedup.normalize import html_to_article
from dedup.webpage import is_furniture_name

BRIDGE = (
    "The city's main bridge will close for repairs for six weeks from Monday, the transport department said on Thursday.",
    "Engineers found cracks in two of the bridge's support beams during a routine inspection in March, officials said.",
    "Buses will be diverted through the eastern ring road, adding about fifteen minutes to journeys into the centre.",
    "Local businesses near the bridge said they feared losing customers during the busy spring season.",
)
GALLERY = (
    "A new art gallery dedicated to maritime painting opened in the old customs house on Saturday.",
    "The collection includes more than 200 works donated by a local family of shipbuilders over four generations.",
    "Entry will be free for the first month, and the gallery plans evening lectures on the history of the port.",
    "The mayor said the project had cost 3.2 million pounds, most of it raised from private donors.",
)

# One site's page, its furniture built of plain <div>s (no <nav>, <header>, <footer> or <aside>).
COURIER = """<!doctype html><html lang="en"><head><title>{title} | The Daily Courier</title></head><body>
<div class="site-header"><div class="logo">The Daily Courier</div><div class="menu"><a href="/">Home</a>
<a href="/news">News</a> <a href="/sport">Sport</a> <a href="/business">Business</a></div></div>
<div id="cookieBanner">We use cookies to improve your experience on our website. By continuing to browse you agree
to our use of cookies and our privacy policy.</div>
<div class="content"><div class="story"><h1>{title}</h1>
{body}
</div>
<div class="rail"><h3>Elsewhere on the site</h3><ul>
<li><a href="/a">Council approves new budget for public libraries after long debate</a></li>
<li><a href="/b">Local football club signs striker from rival team in record deal</a></li>
<li><a href="/c">Heavy rain expected across the region over the weekend, forecasters warn</a></li>
<li><a href="/d">Hospital opens new children's ward after three years of construction work</a></li>
</ul>
<div class="c-newsletter__promo">Sign up for our morning newsletter and get the day's top stories delivered straight
to your inbox every weekday at 7am.</div>
</div></div>
<div class="footer">The Daily Courier is published by Courier Media Group. All rights reserved. Registered office:
12 Harbour Street, Portsmouth. Contact our newsroom for corrections and complaints.</div>
</body></html>"""

# Another site, laid out otherwise: furniture named by role and id.
HERALD = """<html><body><div role="navigation"><a href="/">Front page</a> <a href="/local">Local</a>
<a href="/world">World</a> <a href="/weather">Weather</a></div>
<div id="main"><h2>{title}</h2>{body}<p class="credit">Reporting by Courier staff.</p></div>
<div id="most-read"><p>Most read today: the harbour festival programme, school holiday dates and the new
parking charges in the old town.</p></div>
<div role="contentinfo">Herald Online. Terms of use. Privacy. Contact the Herald newsroom by email.</div>
</body></html>"""


def page(template: str, title: str, sentences: tuple[str, ...]) -> str:
    return template.format(title=title, body="\n".join(f"<p>{s}</p>" for s in sentences))


@pytest.mark.parametrize("value", ["sidebar", "c-most-read__list", "cookieBanner", "footer", "ad", "related-stories",
                                   "share-tools", "js-newsletter-signup", "mostread", "site-footer nav-wrapper"])
def test_furniture_names(value: str) -> None:
    assert is_furniture_name(value)


@pytest.mark.parametrize("value", ["share-price", "addendum", "article-footer", "story-body", "comment-piece",
                                   "social-affairs-desk", "header-image", "main", "", "  "])
def test_names_that_are_not_furniture(value: str) -> None:
    assert not is_furniture_name(value)


def test_a_page_built_of_divs_reads_as_its_article_alone() -> None:
    article = html_to_article(page(COURIER, "Main bridge to close for six weeks", BRIDGE))
    assert article.text == "\n\n".join(("Main bridge to close for six weeks", *BRIDGE))
    assert article.title == "Main bridge to close for six weeks | The Daily Courier"


def test_furniture_named_by_role_and_id_is_left_out_and_the_credit_line_kept() -> None:
    text = html_to_article(page(HERALD, "Bridge shut for repairs", BRIDGE)).text
    assert text == "\n\n".join(("Bridge shut for repairs", *BRIDGE, "Reporting by Courier staff."))


def test_the_article_is_kept_whatever_its_container_is_named() -> None:
    # a site naming the story's own container after its share tools: most of the page is never furniture
    html = ('<html><body><div class="story-share-body">' + "".join(f"<p>{s}</p>" for s in BRIDGE) +
            '</div><div class="sidebar"><p>Other news in brief.</p></div></body></html>')
    assert html_to_article(html).text == "\n\n".join(BRIDGE)


def test_a_list_of_links_is_left_out_and_a_paragraph_with_links_kept() -> None:
    links = "".join(f'<li><a href="/{k}">Headline of another story number {k}</a></li>' for k in range(5))
    cited = ('<p>The <a href="/dept">transport department</a> said the <a href="/bridge">bridge</a> would close, '
             'according to a statement published on its website on Thursday morning.</p>')
    html = "<html><body>" + "".join(f"<p>{s}</p>" for s in BRIDGE) + cited + f"<ul>{links}</ul></body></html>"
    text = html_to_article(html).text
    assert "Headline of another story" not in text
    assert "according to a statement published on its website" in text


def test_a_page_without_text_reads_as_empty() -> None:
    assert html_to_article('<html><body><div class="sidebar"></div></body></html>').text == ""


def write(folder: Path, name: str, html: str) -> None:
    (folder / name).write_text(html, encoding="utf-8")


def test_two_stories_of_one_site_are_not_copies_and_a_copy_on_another_site_is(tmp_path: Path) -> None:
    write(tmp_path, "courier-bridge.html", page(COURIER, "Main bridge to close for six weeks", BRIDGE))
    write(tmp_path, "courier-gallery.html", page(COURIER, "Maritime gallery opens", GALLERY))
    write(tmp_path, "herald-bridge.html", page(HERALD, "Bridge shut for repairs", BRIDGE))
    pairs = {(p.a, p.b): p.verdict for p in scan(tmp_path).pairs}
    assert pairs == {("courier-bridge.html", "herald-bridge.html"): "duplicate"}


@pytest.mark.parametrize("depth", [10, 400], ids=["ordinary", "deep"])
def test_a_page_of_many_links_is_measured_in_time_linear_in_it(monkeypatch: pytest.MonkeyPatch, depth: int) -> None:
    # each link's elements, and each element's text, were looked up in turn: the square of a deep page's size
    # (500 nested blocks over 20,000 linked paragraphs: 18 s); past a few times the page's text, a walk of
    # the page measures every element at once
    from dedup import webpage

    measured = []
    length = webpage._text_length
    monkeypatch.setattr(webpage, "_text_length", lambda node: measured.append(length(node)) or measured[-1])
    story = "".join(f'<p>Paragraph {k} says the port reopened. <a href="/x{k}">More</a></p>' for k in range(300))
    menu = '<ul class="x">' + "".join(f'<li><a href="/s{k}">Section {k}</a></li>' for k in range(5)) + "</ul>"
    page = "<html><body>" + "<div>" * depth + menu + story + "</div>" * depth + "</body></html>"
    text = html_to_article(page).text
    assert "Section" not in text and text.count("Paragraph") == 300
    assert sum(measured) <= 40 * measured[0]  # measured[0]: the page's text


def test_a_long_texts_length_without_white_space_is_counted_without_its_words() -> None:
    # a page's body of 50 MB was split into its millions of words to be measured (850 MB at peak for the
    # page, 435 MB now): its length is counted in a copy of it at most
    import tracemalloc

    from selectolax.lexbor import LexborHTMLParser

    from dedup.webpage import _text_length

    body = "<html><body>" + "<p>word and\u00a0figure 12\u3000more</p>\n" * 20_000 + "</body></html>"
    root = LexborHTMLParser(body).body
    text = root.text(separator=" ")
    tracemalloc.start()
    try:
        length = _text_length(root)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert length == len("".join(text.split())) and peak < 6 * len(text)  # the text made (UTF-8, then a str of 2 bytes a character): old 14 bytes a character


@pytest.mark.parametrize("size", [10, 1 << 16, 200_000])
def test_a_texts_length_without_white_space_is_that_of_its_words_joined(size: int) -> None:
    from dedup.webpage import _unspaced_length

    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    text = "".join(("ab\u200b" if k % 3 else spaces[k % len(spaces)]) for k in range(size))
    assert _unspaced_length(text) == len("".join(text.split()))
