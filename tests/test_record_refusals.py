"""Why a JSON record is read as no article (``dedup.record_refusals``); read through a scan in ``test_records.py``."""

from __future__ import annotations

from dedup.record_refusals import feed_in, json_kind, no_text_reason, too_many_reason

_TEXTS = ("body", "content")


def test_a_record_whose_text_is_a_feed_says_so_and_an_article_says_nothing() -> None:
    feed = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
    assert feed_in({"text": feed}) == ("its 'text' is an RSS feed, not an article: give each of its items as a record "
                                      "of its own")
    assert feed_in({"html": feed}) is not None and feed_in({"text": "<p>An article.</p>"}) is None
    assert feed_in({"text": 5}) is None


def test_a_record_without_text_names_what_it_holds_instead() -> None:
    assert no_text_reason({"id": "a"}, _TEXTS) == "no 'text' field (or 'html') with the article"
    assert no_text_reason({"body": {"html": "<p>x</p>"}}, _TEXTS).startswith(
        "no 'text' field (or 'html') with the article: its 'body' is an object, not the article's text")
    listed = no_text_reason({"articles": [{"id": "1", "text": "a"}, {"id": "2", "content": "b"}]}, _TEXTS)
    assert listed.endswith("its 'articles' is a list of articles; write them in a .jsonl file, one article a line")


def test_what_a_value_is_and_a_page_too_large() -> None:
    assert [json_kind(v) for v in (True, 1, 1.5, [], {}, None)] == [
        "true or false", "a number", "a number", "a list", "an object", "NoneType"]
    assert too_many_reason(600_000).startswith("too many HTML elements for one article (600,000; at most 500,000")
