"""dedup.records (through the reader): a record's fields and their other names, dates, names as printed, the
checks every article passes."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest

import dedup
from _bad_input_files import TEXT, WIRE
from _reading_cases import BODY, write
from conftest import CORPUS
from dedup.errors import DedupError
from dedup.reading import read_corpus
from dedup.records import MAX_CHARS, make_document


def test_jsonl_fields_metadata_and_line_ids(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": BODY, "outlet": "wire", "published": "2024-05-01T10:00:00Z", "desk": "city"}),
        json.dumps({"id": "given", "text": BODY}),
    ]
    write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    docs = read_corpus(tmp_path).documents
    assert [d.id for d in docs] == ["feed.jsonl:1", "given"]
    assert docs[0].meta == {"desk": "city"} and docs[0].published == "2024-05-01T10:00:00Z"


def test_fields_under_other_exports_names_are_read_and_said_once(tmp_path: Path) -> None:
    crawled = {"maintext": BODY, "headline": "Port strike", "date_publish": "2024-05-01T10:00:00Z",
               "source_domain": "example.com", "link": "https://example.com/a", "lang": "en", "uuid": "u1"}
    lines = [json.dumps(crawled), json.dumps(crawled | {"uuid": "u2"}),
             json.dumps({"text": BODY + " Own.", "body": "a field of its own", "headline": 7})]
    write(tmp_path / "crawl.jsonl", "\n".join(lines) + "\n")
    corpus = read_corpus(tmp_path)
    first, _, own = corpus.documents
    assert (first.text, first.title, first.published, first.outlet, first.url, first.language) == (
        BODY, "Port strike", "2024-05-01T10:00:00Z", "example.com", "https://example.com/a", "en")
    assert first.meta == {"uuid": "u1"}  # the names read as dedup's fields leave the metadata
    # dedup's own name first; another name's value that is no string is not read
    assert own.text.endswith("Own.") and own.title is None and own.meta == {"body": "a field of its own", "headline": 7}
    said = [w for w in corpus.warnings if "read as" in w]
    assert said == [f"crawl.jsonl:1: the field '{other}' read as '{name}', which the record lacks" for other, name in (("maintext", "text"), ("headline", "title"),
                                                     ("date_publish", "published"), ("link", "url"),
                                                     ("source_domain", "outlet"), ("lang", "language"))]


def test_a_record_with_no_text_under_any_name_is_still_skipped(tmp_path: Path) -> None:
    write(tmp_path / "a.json", json.dumps({"headline": "no body", "content": ["not", "text"]}))
    assert "no 'text' field" in read_corpus(tmp_path).skipped[0].reason


def test_json_without_text_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "a.json", json.dumps({"title": "no body"}))
    assert "no 'text' field" in read_corpus(tmp_path).skipped[0].reason


@pytest.mark.parametrize(("text", "kind"), [([BODY], "a list"), ({"body": BODY}, "an object"), (42, "a number"),
                                            (True, "true or false")])
def test_json_text_that_is_no_string_is_skipped_and_says_what_it_is(tmp_path: Path, text: object, kind: str) -> None:
    write(tmp_path / "a.jsonl", json.dumps({"id": "x", "text": text}) + "\n" + json.dumps({"id": "y", "text": BODY}) + "\n")
    corpus = read_corpus(tmp_path)
    assert [(s.path, s.reason) for s in corpus.skipped] == [("a.jsonl:1", f"'text' must be a string, not {kind}")]
    assert [d.id for d in corpus.documents] == ["y"]


@pytest.mark.parametrize("published", ["last tuesday", "2026-13-45", 1767312000, True, [2026, 1, 2], {"year": 2026}],
                         ids=["words", "off-the-calendar", "epoch", "boolean", "list", "object"])
def test_invalid_published_is_dropped_with_warning(tmp_path: Path, published: object) -> None:
    # a list or an object was dropped without a word, where every other date that is none was named
    write(tmp_path / "a.json", json.dumps({"text": BODY, "published": published}))
    corpus = read_corpus(tmp_path)
    assert corpus.documents[0].published is None
    given = json.dumps(published) if isinstance(published, (list, dict)) else str(published)
    assert corpus.warnings == (f"a.json: 'published' is not a date (ISO 8601 or RFC 2822) ({given!r}); ignored",)


@pytest.mark.parametrize("literal", ["NaN", "-Infinity", "1e999"])
def test_a_published_no_number_can_be_is_dropped_with_a_warning_as_its_string_is(tmp_path: Path, literal: str) -> None:
    # "published": NaN (or 1e999) was read as null and dropped without a word, where "published": "NaN" warned
    write(tmp_path / "feed.jsonl", '{"id": "a", "text": ' + json.dumps(BODY) + ', "published": ' + literal
          + ', "reach": ' + literal + "}\n")
    corpus = read_corpus(tmp_path)
    assert corpus.documents[0].published is None and corpus.documents[0].meta == {"reach": None}
    assert corpus.warnings == (f"feed.jsonl:1: 'published' is not a date (ISO 8601 or RFC 2822) ({literal!r}); ignored",)


@pytest.mark.parametrize("name", ["published_at", "pubDate", "datePublished", "publish_date", "date_publish",
                                  "date_published"])
@pytest.mark.parametrize("literal", ["NaN", "1e999"])
def test_another_date_name_holding_no_number_can_be_is_warned_of_as_its_string_is(tmp_path: Path, name: str,
                                                                                   literal: str) -> None:
    # "pubDate": NaN was dropped without a word (and kept in the metadata as null), where "pubDate": "nan" warned
    write(tmp_path / "feed.jsonl", json.dumps({"id": "a", "text": BODY})[:-1] + f', "{name}": {literal}}}\n'
          + json.dumps({"id": "b", "text": BODY + " More.", name: literal}) + "\n")
    corpus = read_corpus(tmp_path)
    assert [(d.published, d.meta) for d in corpus.documents] == [(None, {}), (None, {})]
    said = [w for w in corpus.warnings if "is not a date" in w]
    assert said == [f"feed.jsonl:{n}: 'published' is not a date (ISO 8601 or RFC 2822) ({literal!r}); ignored"
                    for n in (1, 2)]


@pytest.mark.parametrize("given,kept", [
    ("Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00 +0000", "2003-06-10T04:00:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00 EST", "2003-06-10T04:00:00-05:00"),
    ("10 Jun 03 04:00 -0130", "2003-06-10T04:00:00-01:30"),
    ("Tue, 10 Jun 2003 04:00:00 -0000", "2003-06-10T04:00:00+00:00"),
    ("2003-06-10T04:00:00z", "2003-06-10T04:00:00z"),  # RFC 3339 (Atom, JSON Feed) allows a small z: as given
], ids=["gmt", "plus-0000", "est", "two-digit-year-no-day-name", "minus-0000", "rfc3339-small-z"])
def test_an_rss_pubdate_is_read_as_iso_8601(tmp_path: Path, given: str, kept: str) -> None:
    # RFC 2822 (an RSS feed's pubDate) was dropped as not ISO 8601, with a warning a line
    write(tmp_path / "feed.jsonl", json.dumps({"id": "a", "text": BODY, "pubDate": given}) + "\n"
          + json.dumps({"id": "b", "text": BODY + " More.", "published": given}) + "\n")
    corpus = read_corpus(tmp_path)
    assert [d.published for d in corpus.documents] == [kept, kept]
    assert corpus.warnings == ("feed.jsonl:1: the field 'pubDate' read as 'published', which the record lacks",)


@pytest.mark.parametrize("given", ["Tue, 31 Feb 2003 04:00:00 GMT", "Tue, 10 Jun 2003 04:00:00 CEST",
                                   "Tue, 10 Jun 2003 25:00:00 GMT", "Tue, 10 Jun 2003 04:00:00 +9999",
                                   "Fri, 31 Dec 9999 23:59:59 -0500", "Tue, 10 Jun 0003 04:00:00 GMT", "Tue, 10 Jun 2003"],
                         ids=["31-feb", "zone-name-not-placed", "hour-25", "offset-past-a-day", "past-the-calendar",
                              "year-three", "no-time"])
def test_a_bad_rss_pubdate_is_dropped_with_a_warning(tmp_path: Path, given: str) -> None:
    write(tmp_path / "a.json", json.dumps({"text": BODY, "published": given}))
    corpus = read_corpus(tmp_path)
    assert corpus.documents[0].published is None
    assert corpus.warnings == (f"a.json: 'published' is not a date (ISO 8601 or RFC 2822) ({given!r}); ignored",)


def test_a_json_feed_item_is_read(tmp_path: Path) -> None:
    # a JSON Feed item's text, page and date were none of the names read: "no 'text' field", or no date
    items = [{"id": "1", "content_text": BODY, "date_published": "2010-02-07T14:04:00-05:00"},
             {"id": "2", "content_html": f"<p>{BODY} Again.</p>", "date_published": "2010-02-08T14:04:00-05:00"}]
    write(tmp_path / "feed.jsonl", "".join(json.dumps(item) + "\n" for item in items))
    corpus = read_corpus(tmp_path)
    assert [(d.id, d.published) for d in corpus.documents] == [("1", "2010-02-07T14:04:00-05:00"),
                                                                ("2", "2010-02-08T14:04:00-05:00")]
    assert corpus.documents[1].text == BODY + " Again." and not corpus.documents[1].meta and not corpus.skipped


def test_oversized_article_is_truncated_with_warning(tmp_path: Path) -> None:
    write(tmp_path / "big.txt", "word " * (MAX_CHARS // 4))
    corpus = read_corpus(tmp_path)
    assert len(corpus.documents[0].text) == MAX_CHARS and "truncated" in corpus.warnings[0]


ZH_STORY = "受强降雨影响，广东省北部多地发生洪涝灾害。省防汛指挥部已启动二级应急响应，调派救援人员赶赴灾区。"


def test_language_from_json_field_and_html_lang(tmp_path: Path) -> None:
    write(tmp_path / "a.json", json.dumps({"text": BODY, "language": "en-GB"}))
    write(tmp_path / "b.jsonl", json.dumps({"text": BODY, "language": "not a tag"}) + "\n")
    write(tmp_path / "c.html", f'<html lang="pt-BR"><body><article><p>{BODY}</p></article></body></html>')
    write(tmp_path / "d.html", f'<html lang="en"><body><article lang="fr"><p>{BODY}</p></article></body></html>')
    write(tmp_path / "e.txt", BODY)
    by_id = {d.id: d for d in read_corpus(tmp_path).documents}
    assert {k: d.language for k, d in by_id.items()} == {
        "a.json": "en", "b.jsonl:1": None, "c.html": "pt", "d.html": "fr", "e.txt": None}
    assert by_id["a.json"].to_dict()["language"] == "en" and "language" not in by_id["a.json"].meta


def test_chinese_length_counts_characters_per_word(tmp_path: Path) -> None:
    """The same story is as long in Chinese as in English: no 'too short (2 words)' for 45 characters."""
    write(tmp_path / "zh.txt", ZH_STORY)
    write(tmp_path / "short.txt", "受强降雨影响。")
    corpus = read_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["zh.txt"]
    assert corpus.skipped[0].reason == "too short (5 words; the minimum is 20)"


def test_names_hold_no_terminal_escapes_and_an_empty_id_is_no_id(tmp_path: Path) -> None:
    write(tmp_path / "feed.jsonl", "\n".join(json.dumps(r) for r in (
        {"id": "evil\u001b[31mRED\u001b[0m", "title": "T\u009b2J", "outlet": "o\u0007", "text": BODY},
        {"id": "", "text": BODY + " Another."},
        {"id": "  ", "text": BODY + " A third."})) + "\n")
    corpus = read_corpus(tmp_path)
    first = corpus.documents[0]
    assert first.id == "evil\ufffd[31mRED\ufffd[0m" and first.title == "T\ufffd2J" and first.outlet == "o\ufffd"
    assert [d.id for d in corpus.documents[1:]] == ["feed.jsonl:2", "feed.jsonl:3"]


def test_a_line_break_or_a_tab_in_a_name_is_no_line_break(tmp_path: Path) -> None:
    # an id with a line break split a line of `dedup check` in two, one with a tab added a field to it
    write(tmp_path / "feed.jsonl", json.dumps({"id": "wire\n7\tb", "title": "Port strike\non day\tthree",
                                               "outlet": "east\r\ndesk", "text": BODY}) + "\n")
    doc = read_corpus(tmp_path).documents[0]
    assert (doc.id, doc.title, doc.outlet) == ("wire\ufffd7\ufffdb", "Port strike on day three", "east  desk")


def test_true_or_false_is_no_title_outlet_or_url_and_a_number_is_text(tmp_path: Path) -> None:
    # were the title 'True', the outlet 'False' and the URL 'True' (Python's names for them)
    feed = write(tmp_path / "feed.jsonl", json.dumps({"id": "a", "text": BODY, "title": True, "outlet": False,
                                                      "url": True}) + "\n"
                 + json.dumps({"id": "b", "text": BODY + " More.", "title": 1984, "outlet": 7}) + "\n")
    first, second = read_corpus(feed).documents
    assert (first.title, first.outlet, first.url) == (None, None, None)
    assert (second.title, second.outlet) == ("1984", "7")


def test_a_list_as_a_jsonl_line_or_a_list_of_no_articles_is_skipped_saying_where_a_list_is_read(tmp_path: Path) -> None:
    # a .json list of articles is read (tests/test_exports.py); a line of a JSONL file that is a list, or a list of
    # numbers, is none
    write(tmp_path / "feed.jsonl", json.dumps({"id": "c", "text": BODY}) + "\n" + json.dumps([{"id": "a", "text": BODY}]))
    write(tmp_path / "numbers.json", json.dumps([1, 2]))
    reasons = {s.path: s.reason for s in read_corpus(tmp_path).skipped}
    assert reasons == {"feed.jsonl:2": "a JSON article must be an object with a 'text' field, not a list (a list of "
                                       "articles is read from a .json file, or one article a line from a .jsonl file)",
                       "numbers.json": "a JSON article must be an object with a 'text' field"}


@pytest.mark.parametrize("breaks", [False, True], ids=["id", "title"])
def test_a_name_is_cleaned_as_its_two_patterns_say(breaks: bool) -> None:
    # through the article made of a record (an id, a title: between two letters, which no name loses to its ends)
    rng = random.Random(7)
    pieces = ["Reuters", " ", "\t", "\n", "\r", "\x00", "\x1b[31m", "\x7f", "\x85", "\x9f", "\xa0", "\u2028", "\u2029", "é", "東京"]
    for _ in range(2000):
        value = "A" + "".join(rng.choice(pieces) for _ in range(rng.randrange(6))) + "Z"
        expected = re.sub("[\t\n\r\u2028\u2029]", " ", value) if breaks else value  # Unicode's separators too
        doc = make_document({"id": value, "title": value, "text": BODY})
        assert (doc.title if breaks else doc.id) == re.sub("[\x00-\x1f\x7f-\x9f\u2028\u2029]", "\ufffd", expected), repr(value)
    assert make_document({"id": "a", "text": BODY}).title is None


def test_one_word_is_said_as_one_word(tmp_path: Path) -> None:
    """A text of one long word (a million characters without a space) is skipped as "1 word", not "1 words"."""
    write(tmp_path / "one.txt", "x" * 100_000)
    assert read_corpus(tmp_path).skipped[0].reason == "too short (1 word; the minimum is 20)"


def test_a_page_of_more_elements_than_the_parser_should_hold_is_skipped_with_its_reason(tmp_path: Path) -> None:
    # 8 MB of <p>a</p> took 530 MB and 10 s to parse, 32 MB 2 GB: a page of the largest size read, 4 GB
    from dedup.markup import MAX_HTML_ELEMENTS

    page = "<html><body>" + "<i>a</i>" * MAX_HTML_ELEMENTS + f"<p>{BODY}</p></body></html>"
    write(tmp_path / "in" / "huge.html", page)
    write(tmp_path / "in" / "feed.jsonl", json.dumps({"id": "h", "html": page}) + "\n")
    write(tmp_path / "in" / "fine.html", "<html><body>" + "<i>a</i>" * 1000 + f"<p>{BODY}</p></body></html>")
    corpus = read_corpus(tmp_path / "in")
    reason = (f"too many HTML elements for one article ({MAX_HTML_ELEMENTS + 3:,}; at most {MAX_HTML_ELEMENTS:,} are "
              "read): left out (the parser holds every one)")
    assert {s.path: s.reason for s in corpus.skipped} == {"huge.html": reason, "feed.jsonl:1": reason}
    assert [d.id for d in corpus.documents] == ["fine.html"]


def test_a_record_whose_text_is_a_whole_web_page_is_read_as_its_html(tmp_path) -> None:
    import json

    import dedup
    from test_reading import _site_page

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    stories = [corpus / "newswire" / "belarus-china-drills.txt", corpus / "citypaper" / "weather-week.txt",
               corpus / "metrotribune" / "football-derby.txt"]
    feed = tmp_path / "scraped.jsonl"
    feed.write_text("".join(json.dumps({"id": s.stem, "text": _site_page(s.read_text(), s.stem)}) + "\n" for s in stories))
    # read as text, the pages' shared scripts, styles and menus made every two of them a duplicate
    result = dedup.scan(feed)
    assert len(result.documents) == 3 and list(result.pairs) == []
    assert result.warnings == ("scraped.jsonl:1: its 'text' is a whole HTML page; read as HTML (so is any other "
                               "record's)",)  # once a read, not once a line
    as_html = make_document({"id": "a", "html": _site_page(stories[0].read_text(), "x")})
    assert make_document({"id": "a", "text": _site_page(stories[0].read_text(), "x")}).text == as_html.text
    # a record that gives its html as well is read by that; a text that merely mentions a tag is text
    both = make_document({"id": "a", "html": "<p>" + stories[1].read_text() + "</p>", "text": _site_page("x", "x")})
    assert both.text.startswith(stories[1].read_text()[:40])
    mention = "<html> tags open every page, the editors said. " + stories[1].read_text()
    assert make_document({"id": "b", "text": "The " + mention}).text.startswith("The <html> tags")


def test_a_record_whose_text_is_an_rss_or_atom_feed_is_skipped_saying_so(tmp_path: Path) -> None:
    from dedup.errors import InputError

    item = "<item><title>Drills</title><description>" + BODY + "</description></item>"
    rss = '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Wire</title>' + item + "</channel></rss>"
    atom = '<feed xmlns="http://www.w3.org/2005/Atom"><entry><content>' + BODY + "</content></entry></feed>"
    records = [{"id": "r", "text": rss}, {"id": "a", "content": atom}, {"id": "h", "html": rss},
               {"id": "ok", "text": "The <rss> element carries the headlines. " + BODY}]
    (tmp_path / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    corpus = read_corpus(tmp_path / "feed.jsonl")  # each was one article of its items and its channel's lines
    assert [d.id for d in corpus.documents] == ["ok"]
    assert [(s.path, s.reason.split(",")[0]) for s in corpus.skipped] == [
        ("feed.jsonl:1", "its 'text' is an RSS feed"), ("feed.jsonl:2", "its 'text' is an Atom feed"),
        ("feed.jsonl:3", "its 'html' is an RSS feed")]
    with pytest.raises(InputError, match="give each of its items as a record of its own"):
        make_document({"id": "r", "text": rss})


# -- mojibake: UTF-8 read as Windows-1252 and written again as UTF-8 --

_FRENCH = ("La SNCF a annoncé jeudi la suppression de 30 % des trains régionaux dans le Grand Est pendant trois "
           "semaines en raison d'un manque de conducteurs. Selon la région, près de 200 trains par jour sont concernés. "
           "Les usagers sont invités à consulter les horaires avant leur départ, a précisé la direction régionale.")


@pytest.mark.parametrize("given", ["txt", "jsonl"])
def test_mojibake_is_read_as_it_was_written_and_said(given: str, tmp_path: Path) -> None:
    # was read as it stood ("rÃ©gionaux"): no accented word matched the article it copies, a copy in French was
    # a "rewrite" of it, one in Czech or Polish missed
    moji = _FRENCH.encode("utf-8").decode("cp1252")
    (tmp_path / "fr.txt").write_text(_FRENCH)
    if given == "txt":
        (tmp_path / "fr-moji.txt").write_text(moji)
        where = "fr-moji.txt"
    else:
        (tmp_path / "moji.jsonl").write_text(json.dumps({"id": "fr-moji", "text": moji}) + "\n")
        where = "moji.jsonl:1"
    corpus = dedup.read_corpus(tmp_path)
    assert [doc.text for doc in corpus.documents] == [_FRENCH, _FRENCH]
    assert list(corpus.warnings) == [f"{where}: UTF-8 that was read as Windows-1252 and written again ('Ã©' for "
                                     "'é'); read as it was written"]


# -- a field given twice in one JSON record: the last value read, the first dropped without a word --

_TWICE = ('{"id": "twice", "text": "A summary of the story, a line long.", "meta": {"text": 1}, "text": %s}'
          % json.dumps(TEXT))


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_a_field_given_twice_in_a_record_is_warned_of_by_the_reader(suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"twice{suffix}"
    path.write_text(_TWICE + "\n" + json.dumps({"id": "once", "text": TEXT, "m": {"text": 1, "id": 2}}) + "\n"
                    if suffix == ".jsonl" else _TWICE)
    corpus = dedup.read_corpus(path)
    where = "twice.jsonl:1" if suffix == ".jsonl" else "twice.json"
    assert list(corpus.warnings) == [f"{where}: the field 'text' is given more than once; its last value is read"]
    assert corpus.documents[0].text.startswith(TEXT.strip()[:40])  # the last value, as before


@pytest.mark.parametrize("min_words", [float("nan"), 0, -1, 2.5, "20", True], ids=["nan", "0", "-1", "float", "text", "bool"])
def test_python_api_read_corpus_refuses_a_min_words_of_the_wrong_kind(min_words: Any) -> None:
    # NaN was a TypeError from deep in the read; 0 and -1 were taken, and kept articles of no word
    for read in (lambda: dedup.read_corpus(CORPUS, min_words=min_words), lambda: dedup.read_corpus(WIRE, min_words=min_words)):
        with pytest.raises(DedupError, match="min_words must be a whole number of at least 1, got "):
            read()


def test_a_structure_is_no_title_or_outlet(tmp_path: Path) -> None:
    article = tmp_path / "a.json"
    article.write_text(json.dumps({"id": "a", "title": {"en": "Drills"}, "outlet": ["x"], "text": TEXT}))
    doc = dedup.read_corpus(article).documents[0]
    assert (doc.title, doc.outlet) == (None, None)


def _cms_body(story: str) -> str:
    """A story's body as a CMS exports it: its paragraphs' markup, the site's newsletter offer and a photo's credit."""
    paragraphs = "".join(f'<p class="article-body__paragraph">{p}</p>' for p in story.split("\n") if p.strip())
    return (paragraphs + '<div class="newsletter-signup"><p>Sign up for our morning newsletter to get the top stories '
            "delivered to your inbox every day. Subscribe now and never miss a story from our award-winning newsroom."
            '</p></div><figure><img src="photo.jpg"><figcaption>Photo credit: a staff photographer of the news '
            "organisation</figcaption></figure>")


def test_a_body_exported_as_html_markup_is_read_as_html_not_as_copies_of_each_other(tmp_path: Path) -> None:
    stories = [CORPUS / "newswire" / "belarus-china-drills.txt", CORPUS / "citypaper" / "weather-week.txt",
               CORPUS / "metrotribune" / "football-derby.txt", CORPUS / "globalwire" / "election-turnout.txt"]
    feed = tmp_path / "cms.jsonl"
    feed.write_text("".join(json.dumps({"id": s.stem, "headline": s.stem, "body": _cms_body(s.read_text())}) + "\n"
                            for s in stories))
    # read as text, the newsletter offer and the credit were every story's last words: partial copies of each other
    result = dedup.scan(feed)
    assert len(result.documents) == 4 and list(result.pairs) == []
    assert result.warnings == ("cms.jsonl:1: the field 'body' read as 'text', which the record lacks",
                               "cms.jsonl:1: the field 'headline' read as 'title', which the record lacks",
                               "cms.jsonl:1: its 'text' is HTML markup (an article's body as a CMS exports it); read as "
                               "HTML (so is any other record's)")
    drills = make_document({"id": "a", "text": _cms_body(stories[0].read_text())})
    assert drills.text == make_document({"id": "a", "text": stories[0].read_text()}).text
    # a text that opens with a tag it does not close, or mentions one, is text
    assert make_document({"id": "b", "text": "<p> marks a paragraph. " + BODY}).text.startswith("<p> marks")


def test_a_cms_export_of_a_nested_body_or_a_list_of_articles_says_what_it_gives(tmp_path: Path) -> None:
    write(tmp_path / "nested.json", json.dumps({"id": "n", "body": {"html": f"<p>{BODY}</p>"}}))
    write(tmp_path / "wordpress.json", json.dumps({"id": 7, "content": {"rendered": f"<p>{BODY}</p>"}}))
    write(tmp_path / "export.json", json.dumps({"articles": [{"id": "a", "text": BODY}], "total": 1}))
    write(tmp_path / "none.json", json.dumps({"id": "x", "tags": ["a"], "related": [{"id": "b"}, "c"]}))
    # a CMS's blocks of one article (Arc XP's content_elements; a body of paragraphs): no list of articles
    write(tmp_path / "arc.json", json.dumps({"_id": "x", "content_elements": [{"_id": "p1", "type": "text", "content": BODY}]}))
    write(tmp_path / "blocks.json", json.dumps({"id": "b", "body": [{"type": "paragraph", "text": BODY}]}))
    corpus = read_corpus(tmp_path)
    reasons = {s.path: s.reason for s in corpus.skipped}
    none = "no 'text' field (or 'html') with the article"
    # an object wrapping one list of articles is read (it was refused, saying to write them as JSONL)
    assert [(d.id, d.path) for d in corpus.documents] == [("a", "export.json[0]")]
    assert reasons == {
        "nested.json": f"{none}: its 'body' is an object, not the article's text; give the text as a string in 'text' "
                       "(or the article's HTML in 'html')",
        "wordpress.json": f"{none}: its 'content' is an object, not the article's text; give the text as a string in "
                          "'text' (or the article's HTML in 'html')",
        "none.json": none, "arc.json": none,
        "blocks.json": f"{none}: its 'body' is a list, not the article's text; give the text as a string in 'text' "
                       "(or the article's HTML in 'html')"}


@pytest.mark.parametrize("literal, shown", [("5", "'5'"), ('"klingon"', "'klingon'"), ("true", "'True'"),
                                            ('"12-xx"', "'12-xx'")])
def test_a_language_that_is_no_tag_is_warned_of_once_and_detected(tmp_path: Path, literal: str, shown: str) -> None:
    # "language": 5 or "klingon" was dropped without a word, where a list was said to be kept in the metadata
    lines = [json.dumps({"id": f"a{n}", "text": BODY + " More." * n})[:-1] + f', "language": {literal}}}' for n in range(3)]
    write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    corpus = read_corpus(tmp_path)
    assert [d.language for d in corpus.documents] == [None] * 3
    assert corpus.warnings == (f"feed.jsonl:1: 'language' is not a language tag (BCP 47, such as en or zh-Hans) "
                               f"({shown}); ignored: each article's language is told from its text",)


def test_a_language_tag_is_read_without_a_word(tmp_path: Path) -> None:
    write(tmp_path / "feed.jsonl", "".join(json.dumps({"id": f"a{n}", "text": BODY + " More." * n, "language": tag})
                                           + "\n" for n, tag in enumerate(["en", "zh-Hans-CN", "EN_us", ""])))
    corpus = read_corpus(tmp_path)
    assert [d.language for d in corpus.documents] == ["en", "zh", "en", None] and corpus.warnings == ()


_STORY = "Dock workers at Harlow walked out over pay on Monday, leaving ships waiting at sea for a second day running. "


def _list_read_counting_parses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, items: list[str], cut: int,
                               piece: int | None):
    """Read a JSON list of ``items`` (a line break after the first ``cut``), whole or in pieces of ``piece``
    characters, and the items' texts it parsed."""
    from dedup import records, streamed_tables

    file = tmp_path / "list.json"
    file.write_text("[" + ", ".join(items[:cut]) + ",\n" + ",".join(items[cut:]) + "]")
    if piece is not None:
        monkeypatch.setattr(streamed_tables, "STREAM_FROM", 1)
        monkeypatch.setattr(streamed_tables, "PIECE", piece)
    parsed: list[str] = []
    real = records.load_record
    monkeypatch.setattr(records, "load_record", lambda text, **kw: parsed.append(text) or real(text, **kw))
    return read_corpus(file), parsed


@pytest.mark.parametrize("piece", [None, 97, 4096], ids=["whole", "pieces-97", "pieces-4096"])
def test_empty_objects_of_a_list_are_skipped_at_once_as_each_would_be(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, piece: int | None) -> None:
    # a list of 10,000,000 {} took 153 s, each item read as a record and skipped; runs of them are skipped at once now,
    # named and counted as one by one, never parsed
    from dedup import records
    from dedup.documents import Skipped
    from dedup.skips import Skips, skipped_count

    items = (["{}"] * 1500 + [json.dumps({"id": "a", "text": _STORY})] + ["{ }", "{\n}", "{}"] * 400
             + ['{"x": 1}', "{}", json.dumps({"id": "b", "text": _STORY + "Again."})] + ["{}"] * 3)
    corpus, parsed = _list_read_counting_parses(tmp_path, monkeypatch, items, 700, piece)
    assert [d.id for d in corpus.documents] == ["a", "b"]
    assert parsed == [items[1500], '{"x": 1}', items[-4]]
    expected = Skips()
    for place, item in enumerate(items):
        if item not in (items[1500], items[-4]):
            reason = ("no 'text' field (or 'html') with the article" if item != '{"x": 1}' else
                      records.no_text_reason({"x": 1}, records.OTHER_NAMES["text"]))
            expected.append(Skipped(f"list.json[{place}]", reason))
    assert list(corpus.skipped) == list(expected) and skipped_count(corpus.skipped) == len(items) - 2


@pytest.mark.parametrize("text, error", [
    ("[{}, {}, ]", "malformed JSON list (Expecting value at column 10); the 2 items before it read"),
    ("[{}, {}, {}", "malformed JSON list (Expecting ']' at column 12); the 3 items before it read"),
    ("[{}, {}, {]", "malformed JSON list (Expecting property name enclosed in double quotes at column 11); "
                    "the 2 items before it read"),
], ids=["trailing-comma", "never-closed", "cut-object"])
def test_a_list_of_empty_objects_malformed_part_way_says_where_as_before(tmp_path: Path, text: str, error: str) -> None:
    file = tmp_path / "list.json"
    file.write_text(text)
    skipped = list(read_corpus(file).skipped)
    before = int(error.rsplit("the ", 1)[1][0])
    assert (skipped[-1].path, skipped[-1].reason) == ("list.json", error) and len(skipped) == 1 + before


@pytest.mark.parametrize("piece", [None, 97, 4096], ids=["whole", "pieces-97", "pieces-4096"])
def test_a_small_object_given_again_and_again_is_read_once_and_its_repeats_skipped_as_each_would_be(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, piece: int | None) -> None:
    # a list of 10,000,000 {"x": 0} took some three minutes, each cut from the list, parsed and skipped (17 us an
    # item): a run of one small object is read once now, its repeats skipped for its reason, named and counted
    # as one by one; an item that is an article, or that is warned of, is still read each time
    twice = '{"title": "a", "title": "b"}'
    items = (['{"x": 0}'] * 1600 + [json.dumps({"id": "a", "text": _STORY})] + ['{"y": [1]}'] * 30 + [twice] * 3
             + ['{"x": 0}', '{"z": 0}'] * 5 + ['{"text": "too few words"}'] * 1200 + ['{"x": 0}'] * 2)
    corpus, parsed = _list_read_counting_parses(tmp_path, monkeypatch, items, 900, piece)
    monkeypatch.undo()
    assert [d.id for d in corpus.documents] == ["a"]
    # each run read once (its first) as far as the text read holds it (pieces of 97 characters: ~9 items), not 2,800
    most_x, most = (16, 80) if piece != 97 else (400, 800)
    assert parsed.count('{"x": 0}') <= most_x and len(parsed) < most
    assert parsed.count(twice) == 3  # warned of: read each time, each warned of
    # the same rows, reasons, counts and warnings as read one item at a time (no two items in a row the same)
    one_by_one = tmp_path / "apart"
    one_by_one.mkdir()
    expected_rows, expected_warnings = [], []
    for place, item in enumerate(items):
        (one_by_one / "list.json").write_text(f"[{item}]")
        alone = read_corpus(one_by_one / "list.json")
        expected_rows += [(f"list.json[{place}]", s.reason) for s in alone.skipped]
        expected_warnings += [w.replace("list.json[0]", f"list.json[{place}]") for w in alone.warnings]
    rows = list(corpus.skipped)
    named = [(s.path, s.reason) for s in rows if not s.counted]
    assert named == expected_rows[:1000]
    assert sum(s.counted or 1 for s in rows) == len(expected_rows) == len(items) - 1
    assert list(corpus.warnings) == expected_warnings
