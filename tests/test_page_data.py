"""dedup.page_data: a page's story as its JSON-LD ``articleBody`` gives it, read where the page shows much less."""

from __future__ import annotations

import json
from pathlib import Path

import dedup
from dedup.normalize import html_to_article
from dedup.records import make_document

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
STORIES = [CORPUS / "newswire" / "belarus-china-drills.txt", CORPUS / "citypaper" / "weather-week.txt",
           CORPUS / "metrotribune" / "football-derby.txt", CORPUS / "globalwire" / "election-turnout.txt"]
#: What a page built by scripts shows before they run: the same on every page of the site.
SHELL = ("<div id='app'><div class='loading'>Loading...</div><p>Please enable JavaScript to read this article on our "
         "website. Our site works best with the latest version of your browser, with cookies enabled for the full "
         "experience.</p><p>The Daily Site brings you the news of the region every morning, from our newsroom "
         "and our correspondents.</p></div>")


def _data(body: str, **more: object) -> str:
    """A JSON-LD script of a news article."""
    item = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "A story", "articleBody": body, **more}
    return '<script type="application/ld+json">' + json.dumps(item).replace("</", "<\\/") + "</script>"


def _scripted(story: str, *, data: str | None = None) -> str:
    return (f"<!DOCTYPE html><html><head><title>The Daily Site</title>{data or _data(story)}</head>"
            f"<body>{SHELL}</body></html>")


def test_pages_built_by_scripts_are_read_for_their_stories_not_as_copies_of_each_other(tmp_path: Path) -> None:
    for story in STORIES:
        (tmp_path / f"{story.stem}.html").write_text(_scripted(story.read_text()))
    # read as what they show, the site's notices alone, every two pages were a duplicate (0.99)
    result = dedup.scan(tmp_path)
    assert len(result.documents) == 4 and list(result.pairs) == []
    drills = next(doc for doc in result.documents if doc.id == "belarus-china-drills.html")
    assert drills.text == make_document({"id": "x", "text": STORIES[0].read_text()}).text
    # the story read so is the wire story's copy, as the wire's own text is
    (tmp_path / "wire.txt").write_text(STORIES[0].read_text())
    paired = dedup.scan(tmp_path)
    assert [(p.a, p.b, p.verdict) for p in paired.pairs] == [("belarus-china-drills.html", "wire.txt", "duplicate")]


def test_a_page_that_shows_its_story_is_read_as_it_shows_it() -> None:
    story = STORIES[1].read_text()
    shown = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in story.split("\n") if p.strip()) + "</article></body></html>"
    with_data = shown.replace("<body>", "<body>" + _data("A summary of the week's weather, far shorter.")).replace(
        "<html>", "<html><head>" + _data(story.upper()) + "</head>", 1)
    # its own text kept (two bodies given: none taken), and so with one body no longer than the page's text
    assert html_to_article(with_data).text == html_to_article(shown).text
    assert html_to_article(shown.replace("<body>", "<body>" + _data(story))).text == html_to_article(shown).text


def test_a_paywalled_page_is_read_for_the_whole_story_its_data_gives() -> None:
    story = STORIES[0].read_text()
    first = story.split("\n\n")[0]
    page = f"<html><head>{_data(story)}</head><body><article><p>{first}</p><p>Subscribe to read more.</p></article></body></html>"
    assert html_to_article(page).text == make_document({"id": "x", "text": story}).text


def test_the_data_is_found_in_a_graph_or_a_list_and_read_as_text() -> None:
    story = STORIES[2].read_text()
    paragraphs = [p for p in story.split("\n") if p.strip()]
    markup = "".join(f"<p>{p.replace('&', '&amp;')}</p>" for p in paragraphs)
    graph = json.dumps({"@graph": [{"@type": "WebPage"}, {"@type": "NewsArticle", "articleBody": markup}]})
    page = f'<html><head><script type="application/ld+json; charset=utf-8">{graph}</script></head><body>{SHELL}</body></html>'
    read = html_to_article(page).text
    assert "<p>" not in read and read.split("\n\n") == [" ".join(p.split()) for p in paragraphs]
    listed = json.dumps([{"@type": "Organization", "name": "The Daily Site"}, {"@type": "NewsArticle", "articleBody": story}])
    assert html_to_article(page.replace(graph, listed)).text == html_to_article(_scripted(story)).text


def test_data_that_is_no_json_or_no_story_leaves_the_page_as_it_shows() -> None:
    shown = html_to_article(f"<html><body>{SHELL}</body></html>").text
    for data in ('<script type="application/ld+json">{"articleBody": "unterminated</script>',
                 '<script type="application/ld+json">' + "[" * 200 + "]" * 200 + "</script>",
                 _data("..."), _data(STORIES[0].read_text()).replace("ld+json", "json")):
        assert html_to_article(f"<html><head>{data}</head><body>{SHELL}</body></html>").text == shown
