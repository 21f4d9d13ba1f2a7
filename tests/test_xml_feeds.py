"""dedup.xml_feeds (through the reader): RSS 2.0, RSS 1.0/RDF and Atom feeds read one article an item, as JSONL lines
are; a document type, and so every entity, refused; a feed malformed part way read up to the fault; every entry point
alike."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import dedup
from _cli_helpers import runner
from _reading_cases import BODY, write
from dedup import readable, reading, xml_feeds
from dedup.cli import app
from dedup.errors import DuplicateIdError
from dedup.parts import plan_parts
from dedup.reading import read_article, read_corpus, read_part

RATES = ("The central bank raised its main interest rate by a quarter point on Tuesday, citing stubborn inflation in "
         "services and a tight labour market that has kept wages rising faster than expected this year.")
FLOODS = ("Floods swept through three northern provinces over the weekend, cutting roads and power to thousands of "
          "homes as rescue teams searched for residents stranded on rooftops, officials said on Monday.")
NS = ('xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"')


def _item(guid: str | None, body: str, *, extra: str = "") -> str:
    return (f"<item><title>T {guid}</title><link>https://wire.example/{guid}</link>"
            + (f"<guid>{guid}</guid>" if guid else "") + f"<description>{body}</description>{extra}</item>")


def _rss(*items: str, title: str = "Wire Desk") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" {NS}>\n<channel><title>{title}</title>'
            "<link>https://wire.example/</link>\n" + "\n".join(items) + "\n</channel></rss>\n")


def test_rss_items_are_read_as_articles_full_content_before_summary(tmp_path: Path) -> None:
    full = (f"<content:encoded><![CDATA[<p>{RATES}</p><p>{BODY}</p>]]></content:encoded>"
            "<pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate><dc:creator>Jo Smith</dc:creator>")
    feed = _rss(_item("g1", "a short summary", extra=full),
                _item(None, f"&lt;p&gt;{FLOODS}&lt;/p&gt;", extra='<source url="https://other.example/rss">Other Post'
                                                                     "</source>"),
                _item("g3", "Too few words here."))
    corpus = read_corpus(write(tmp_path / "wire.rss", feed))
    one, two = corpus.documents
    assert (one.id, one.path, one.title, one.url, one.outlet) == ("g1", "wire.rss[0]", "T g1", "https://wire.example/g1",
                                                                  "Wire Desk")
    assert one.text.startswith(RATES) and "summary" not in one.text and "<p>" not in one.text  # HTML read as HTML
    assert one.published == "2003-06-10T04:00:00+00:00" and one.meta == {"author": "Jo Smith", "feed": "Wire Desk"}
    # no guid: the link is the id; the item names its source, which is its outlet
    assert (two.id, two.outlet, two.text) == ("https://wire.example/None", "Other Post", FLOODS)
    # a summary under the floor is skipped as too short, as any other file's article is
    assert [(s.path, s.reason) for s in corpus.skipped] == [("wire.rss[2]", "too short (4 words; the minimum is 20)")]


def test_the_folder_names_the_outlet_before_the_channel(tmp_path: Path) -> None:
    write(tmp_path / "coastal" / "feed.xml", _rss(_item("a", RATES), title="Coastal Post: World"))
    write(tmp_path / "feed.xml", _rss(_item("b", FLOODS), title="Harbour News"))
    assert {d.id: d.outlet for d in read_corpus(tmp_path).documents} == {"a": "coastal", "b": "Harbour News"}


def test_rss_1_rdf_and_atom_are_read_as_rss_2_is(tmp_path: Path) -> None:
    write(tmp_path / "rdf.rss", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
          'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="c">'
          f'<title>RDF Wire</title></channel><item rdf:about="https://r.example/1"><title>R</title><description>{RATES}'
          "</description><dc:date>2026-12-01T10:00:00Z</dc:date></item></rdf:RDF>")
    write(tmp_path / "news.atom", '<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Post</title>'
          '<entry><id>urn:a:1</id><title>A</title><link rel="alternate" href="https://a.example/1"/>'
          f"<published>2026-12-02T09:00:00Z</published><summary>A summary.</summary><content type=\"html\">&lt;p&gt;{FLOODS}"
          "&lt;/p&gt;&lt;script&gt;track()&lt;/script&gt;</content><author><name>Al</name></author></entry>"
          '<entry><id>urn:a:2</id><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>'
          f"{RATES} &amp; more</p></div></content></entry></feed>")
    docs = {d.id: d for d in read_corpus(tmp_path).documents}
    rdf = docs["https://r.example/1"]
    assert (rdf.text, rdf.outlet, rdf.published, rdf.url) == (RATES, "RDF Wire", "2026-12-01T10:00:00Z",
                                                               "https://r.example/1")
    atom = docs["urn:a:1"]
    assert (atom.text, atom.title, atom.url, atom.outlet) == (FLOODS, "A", "https://a.example/1", "Atom Post")
    assert atom.meta["author"] == "Al" and atom.published == "2026-12-02T09:00:00Z"
    assert docs["urn:a:2"].text == RATES + " & more"


def test_json_feed_and_an_object_wrapping_a_list_of_articles_are_read(tmp_path: Path) -> None:
    for version in ("1", "1.1"):
        write(tmp_path / f"feed{version}.json", json.dumps({
            "version": f"https://jsonfeed.org/version/{version}", "title": "JSON Wire", "items": [
                {"id": f"j{version}", "content_html": f"<p>{RATES}</p>", "summary": "s",
                 "date_published": "2026-12-01T10:00:00Z", "authors": [{"name": "X"}]},
                {"id": f"t{version}", "content_text": FLOODS, "url": "https://j.example/t"},
                {"id": f"s{version}", "summary": "Only a few words."}]}))
    write(tmp_path / "api.json", json.dumps({"status": "ok", "total": 1, "data": [{"id": "d", "body": BODY}]}))
    write(tmp_path / "two.json", json.dumps({"data": [{"id": "x", "text": BODY}], "more": [{"id": "y", "text": BODY}]}))
    corpus = read_corpus(tmp_path)
    docs = {d.id: d for d in corpus.documents}
    assert sorted(docs) == ["d", "j1", "j1.1", "t1", "t1.1"]
    assert (docs["j1"].text, docs["j1"].outlet, docs["j1"].published) == (RATES, "JSON Wire", "2026-12-01T10:00:00Z")
    assert docs["j1"].meta == {"summary": "s", "authors": [{"name": "X"}]} and docs["t1.1"].text == FLOODS
    assert docs["d"].path == "api.json[0]" and docs["d"].outlet is None
    skipped = {s.path: s.reason for s in corpus.skipped}
    assert skipped["feed1.json[2]"].startswith("too short") and skipped["feed1.1.json[2]"].startswith("too short")
    # two lists of articles: which one is meant is not guessed
    assert skipped["two.json"].startswith("no 'text' field (or 'html') with the article")
    assert "api.json: an object whose 'data' lists 1 article; each read as an article" in corpus.warnings


def test_a_feed_of_no_item_or_xml_that_is_no_feed_is_named(tmp_path: Path) -> None:
    write(tmp_path / "empty.rss", _rss())
    write(tmp_path / "sitemap.xml", '<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>')
    write(tmp_path / "none.json", json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": []}))
    skipped = read_corpus(tmp_path).skipped
    reasons = {s.path: s.reason for s in skipped}
    # a sitemap is no article, as a file of a type not read was: it does not make check of the folder fail
    assert [s.path for s in skipped if not s.article] == ["sitemap.xml"]
    assert reasons == {"empty.rss": "empty (an RSS feed of no item)",
                       "sitemap.xml": 'XML that is no RSS or Atom feed: write its articles as JSONL, one {"id": ..., '
                                      '"text": ...} object a line',
                       "none.json": "empty (its 'items' lists no article)"}


BOMB = ('<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(8))
    + ']>\n<rss version="2.0"><channel><title>W</title><item><guid>x</guid><description>&i;</description></item>'
    "</channel></rss>")


def test_a_document_type_and_so_every_entity_is_refused_not_expanded_nor_fetched(tmp_path: Path) -> None:
    secret = write(tmp_path / "secret" / "passwd.txt", "root:x:0:0 the secret words of this machine " * 5)
    write(tmp_path / "in" / "bomb.rss", BOMB)  # a billion laughs: 10**9 characters from 1 KB
    write(tmp_path / "in" / "external.xml", f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
          f'<rss version="2.0"><channel><title>W</title><item><guid>y</guid><description>{BODY} &x;</description>'
          "</item></channel></rss>")
    write(tmp_path / "in" / "param.atom", '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY % p SYSTEM "'
          f'{secret.as_uri()}"> %p;]><feed xmlns="http://www.w3.org/2005/Atom"><entry><id>z</id><content>{BODY}'
          "</content></entry></feed>")
    corpus = read_corpus(tmp_path / "in")
    assert corpus.documents == () or list(corpus.documents) == []
    reasons = {s.path: s.reason for s in corpus.skipped}
    assert reasons["bomb.rss"] == f"an RSS feed: {xml_feeds.NO_DTD} at line 2, column 15"  # where its name ends
    assert reasons["external.xml"].startswith(f"an RSS feed: {xml_feeds.NO_DTD}")
    assert reasons["param.atom"].startswith(f"an Atom feed: {xml_feeds.NO_DTD}")


def test_a_document_type_that_only_names_an_outside_dtd_is_read_and_the_dtd_never_fetched(tmp_path: Path) -> None:
    secret = write(tmp_path / "secret" / "entities.dtd", '<!ENTITY eacute "the secret words of this machine">')
    old = ('<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS '
           f'0.91//EN" "{secret.as_uri()}">\n<rss version="0.91"><channel><title>Old Wire</title><item><title>Caf&eacute;'
           f"</title><link>https://o.example/1</link><description>{RATES}</description></item></channel></rss>")
    doc, = read_corpus(write(tmp_path / "in" / "old.rss", old.encode("latin-1"))).documents
    # RSS 0.91's entities are HTML's: read as HTML names them, the DTD (here a local file) never read
    assert (doc.id, doc.title, doc.text, doc.outlet) == ("https://o.example/1", "Café", RATES, "Old Wire")


def test_a_feed_malformed_part_way_gives_the_items_before_it_and_one_skip(tmp_path: Path) -> None:
    feed = _rss(_item("a", RATES), _item("b", FLOODS), _item("c", BODY).replace("</title>", "</titel>"),
                _item("d", BODY + " Again."))
    corpus = read_corpus(write(tmp_path / "cut.xml", feed))
    assert [d.id for d in corpus.documents] == ["a", "b"]
    assert [(s.path, s.reason) for s in corpus.skipped] == [
        ("cut.xml", "malformed XML (mismatched tag at line 6, column 19); the 2 items before it read")]


def test_an_entity_html_knows_and_xml_does_not_is_read_as_html_reads_it_and_the_items_after_it_too(
        tmp_path: Path) -> None:
    """A CMS's feed with ``&nbsp;`` in a description lost that item and every one after it ("malformed XML
    (undefined entity ...)"): the entity is read as HTML names it, one no one names is dropped, the items after
    it are read, and a CDATA section keeps its text as written."""
    feed = _rss(_item("n", f"{RATES}&nbsp;Caf&eacute; &bogus;"), _item("m", FLOODS),
                _item("c", f"<![CDATA[{BODY} &nbsp;]]>"))
    corpus = read_corpus(write(tmp_path / "nbsp.rss", feed))
    assert [d.id for d in corpus.documents] == ["n", "m", "c"] and not corpus.skipped
    n, m, c = corpus.documents
    assert n.text.startswith(RATES) and "Café" in n.text and "bogus" not in n.text and "&" not in n.text
    assert m.text == FLOODS and c.text.startswith(BODY)
    # a declaration of its own is still refused: the foreign DTD read as named opens no door to entities
    declared = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "b">]><rss><channel>'
                + _item("x", "&a;") + "</channel></rss>")
    assert not read_corpus(write(tmp_path / "declared.rss", declared)).documents


def test_nesting_past_the_bound_is_refused_not_held(tmp_path: Path) -> None:
    deep = "<x>" * (xml_feeds.MAX_FEED_DEPTH + 10)
    corpus = read_corpus(write(tmp_path / "deep.rss", f'<rss version="2.0"><channel>{deep}'))
    assert corpus.skipped[0].reason.startswith(f"malformed XML (elements nested deeper than {xml_feeds.MAX_FEED_DEPTH} at")


def test_items_with_one_id_are_refused_as_any_duplicate_ids_are(tmp_path: Path) -> None:
    with pytest.raises(DuplicateIdError, match=r"'a' in dup.rss\[0\] and dup.rss\[1\]"):
        read_corpus(write(tmp_path / "dup.rss", _rss(_item("a", RATES), _item("a", FLOODS))))


def test_a_feed_is_decoded_as_its_declaration_says_and_read_whatever_its_size(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    latin = _rss(_item("a", RATES + " Café crème à Orléans."), _item("b", FLOODS)).replace("UTF-8", "ISO-8859-1")
    write(tmp_path / "latin.rss", latin.encode("latin-1"))
    monkeypatch.setattr(readable, "MAX_LINE_BYTES", 600)  # a feed of many articles, as a JSON list, past one's bound
    corpus = read_corpus(tmp_path)
    assert corpus.documents[0].text.endswith("Café crème à Orléans.") and len(corpus.documents) == 2


def test_a_feed_piped_to_standard_input_is_read_as_a_feed() -> None:
    corpus = read_corpus("-", stdin=io.StringIO(_rss(_item("a", RATES))))
    assert [d.id for d in corpus.documents] == ["a"]
    assert corpus.warnings == ("<stdin>: an RSS feed, not JSONL (one article a line); read as a feed",)


def test_every_entry_point_reads_a_feed_alike(tmp_path: Path) -> None:
    feed = write(tmp_path / "in" / "wire.rss", _rss(_item("a", RATES), _item("b", FLOODS)))
    write(tmp_path / "in" / "copy.jsonl", json.dumps({"id": "c", "text": RATES}) + "\n")
    scanned = dedup.scan(tmp_path / "in")
    assert sorted(d.id for d in scanned.documents) == ["a", "b", "c"] and len(scanned.pairs) == 1
    # the Dask engine's workers read its parts (the feed a part of its own, whole)
    parted = [d.id for part in plan_parts(tmp_path / "in", part_bytes=100) for d in reading.read_part(part).documents]
    assert sorted(parted) == ["a", "b", "c"]
    one = write(tmp_path / "one.xml", _rss(_item("solo", RATES)))
    assert read_article(one).id == "solo"
    compared = runner.invoke(app, ["compare", str(one), str(tmp_path / "in" / "copy.jsonl"), "--json"])
    assert compared.exit_code == 0 and json.loads(compared.stdout)["verdict"] == scanned.pairs[0].verdict
    db = str(tmp_path / "news.db")
    added = runner.invoke(app, ["index", "add", db, str(feed)])
    assert added.exit_code == 0, added.output
    checked = runner.invoke(app, ["check", db, str(tmp_path / "in" / "copy.jsonl")])
    assert checked.exit_code == 0 and "a" in checked.stdout


def test_a_records_title_or_url_given_as_a_structure_is_kept_and_said(tmp_path: Path) -> None:
    records = [{"id": "w", "text": BODY, "title": {"rendered": "Budget passed"}, "url": ["https://x.example/w"]},
               {"id": "v", "text": BODY + " Again.", "title": {"rendered": "Again"}}]
    write(tmp_path / "wp.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    out = tmp_path / "report.json"
    scanned = runner.invoke(app, ["scan", str(tmp_path / "wp.jsonl"), "--json", str(out), "-q"])
    assert scanned.exit_code == 0, scanned.output
    report = json.loads(out.read_text())
    assert [d["meta"] for d in report["documents"]] == [
        {"title": {"rendered": "Budget passed"}, "url": ["https://x.example/w"]}, {"title": {"rendered": "Again"}}]
    assert [d["title"] for d in report["documents"]] == [None, None]
    assert report["warnings"] == [
        "wp.jsonl:1: the field 'title' is an object, not a string: kept in the metadata, not read as the title",
        "wp.jsonl:1: the field 'url' is a list, not a string: kept in the metadata, not read as the url"]


def test_a_plain_description_with_a_ticker_in_angle_brackets_stays_text(tmp_path: Path) -> None:
    # RSS's description is HTML when it holds HTML's own markup; a wire's tickers (<P> is Phillips Petroleum's) were
    # read as tags and dropped: the companies' names left the story
    ticker = f"Phillips Petroleum Co &lt;P&gt; and &lt;Sale Tilney Plc&gt; said on Monday that {RATES}"
    marked = f"{FLOODS}&lt;br&gt;&lt;a href=&quot;https://x.example/&quot;&gt;More&lt;/a&gt;"
    corpus = read_corpus(write(tmp_path / "wire.rss", _rss(_item("t", ticker), _item("h", marked))))
    texts = {d.id: d.text for d in corpus.documents}
    assert texts["t"].startswith("Phillips Petroleum Co <P> and <Sale Tilney Plc> said")
    assert "<br>" not in texts["h"] and "href" not in texts["h"] and texts["h"].startswith(FLOODS)


PORTS = ("Dock workers at the two largest ports walked out on Thursday over a pay offer their union called an insult, "
         "leaving container ships queued offshore and exporters warning of delays into next month.")


def _two_feeds(folder: Path, *, world_rates: str = RATES) -> Path:
    """A desk's day of one outlet's feeds: its "top news" and its "world" feed carry one story under one guid."""
    write(folder / "top.rss", _rss(_item("urn:rates", RATES), _item("urn:floods", FLOODS), title="Top News"))
    write(folder / "world.rss", _rss(_item("urn:rates", world_rates), _item("urn:ports", PORTS), title="World"))
    return folder


def test_one_story_under_one_guid_in_two_feeds_is_read_once_at_every_entry_point(tmp_path: Path) -> None:
    # it was "duplicate article id 'urn:rates' in top.rss[0] and world.rss[0]": a day of one outlet's feeds stopped
    folder = _two_feeds(tmp_path / "in")
    once = "the same article as top.rss[0] (id 'urn:rates'), read once"
    corpus = read_corpus(folder)
    assert [d.id for d in corpus.documents] == ["urn:rates", "urn:floods", "urn:ports"]
    assert corpus.documents[0].meta["feed"] == "Top News"  # the first read kept
    assert [(s.path, s.reason) for s in corpus.skipped] == [("world.rss[0]", once)]
    scanned = runner.invoke(app, ["scan", str(folder), "--json", str(tmp_path / "out.json"), "--quiet"])
    assert scanned.exit_code == 0, scanned.output
    out = json.loads((tmp_path / "out.json").read_text())
    assert len(out["documents"]) == 3 and out["skipped"] == [{"path": "world.rss[0]", "reason": once}]
    parted = [read_part(part) for part in plan_parts(folder, part_bytes=100)]  # the Dask engine's parts, each whole
    assert len(parted) == 2 and sum(len(c.documents) for c in parted) == 4  # across parts: tests/test_engine_dask_run.py
    db = str(tmp_path / "news.db")
    added = runner.invoke(app, ["index", "add", db, str(folder)])
    assert added.exit_code == 0 and once in added.stderr, added.output
    with dedup.Index.open(db, create=False) as index:
        assert index.stats()["articles"] == 3
    checked = runner.invoke(app, ["check", db, str(folder)])  # each checked once, nothing left unchecked: exit 0
    assert checked.exit_code == 0 and [line.split("\t")[0] for line in checked.stdout.splitlines()] == [
        "urn:rates", "urn:floods", "urn:ports"], checked.output


def test_one_guid_under_another_text_stays_an_error_naming_both_places(tmp_path: Path) -> None:
    # an updated story: which text is meant is not guessed (the later one may be a correction, or another outlet's)
    folder = _two_feeds(tmp_path / "in", world_rates=RATES.replace("a quarter point", "half a point"))
    with pytest.raises(DuplicateIdError, match=r"'urn:rates' in top.rss\[0\] and world.rss\[0\]"):
        read_corpus(folder)
    scanned = runner.invoke(app, ["scan", str(folder), "--json", str(tmp_path / "out.json"), "--quiet"])
    assert scanned.exit_code == 1 and "duplicate article id 'urn:rates' in top.rss[0] and world.rss[0]" in scanned.output


def test_a_feed_under_a_text_name_is_read_as_the_feed_in_its_declared_encoding_whatever_its_size(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # it was skipped ("an RSS feed, not an article: write its items as JSONL, ... or name it .rss")
    latin = _rss(_item("a", RATES + " Café crème à Orléans."), _item("b", FLOODS)).replace("UTF-8", "ISO-8859-1")
    write(tmp_path / "feed.txt", latin.encode("latin-1"))
    monkeypatch.setattr(readable, "MAX_LINE_BYTES", 600)  # past one article's bound, as a feed of many is
    corpus = read_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["a", "b"] and not corpus.skipped
    assert corpus.documents[0].text.endswith("Café crème à Orléans.")
    assert corpus.warnings == ("feed.txt: not UTF-8; read as Windows-1252",  # as under .rss (its declaration's)
                               "feed.txt: an RSS feed under a text name; read as a feed")


def test_compare_reads_a_feed_that_lists_its_one_story_twice(tmp_path: Path) -> None:
    # it was "not one readable article (wire.rss[1]: the same article as wire.rss[0] ..., read once)"
    twice = write(tmp_path / "wire.rss", _rss(_item("urn:rates", RATES), _item("urn:rates", RATES)))
    assert read_article(twice).id == "urn:rates"
    other = write(tmp_path / "other.rss", _rss(_item("urn:rates", RATES), _item("urn:floods", FLOODS)))
    with pytest.raises(dedup.errors.InputError, match="holds 2 articles"):
        read_article(other)
    copy = write(tmp_path / "copy.txt", RATES)
    compared = runner.invoke(app, ["compare", str(twice), str(copy), "--json"])
    assert compared.exit_code == 0 and json.loads(compared.stdout)["verdict"] == "duplicate", compared.output


_FEED = ('\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Wire</title>\n'
         + "".join(f"<item><guid>g{i}</guid><title>T{i}</title><description>{BODY} caf\u00e9 {i}</description></item>\n"
                   for i in range(12)) + "</channel></rss>\n")


@pytest.mark.parametrize("size", [1, 5, 64, 1 << 20])
def test_a_feed_given_in_pieces_gives_the_records_and_the_error_it_gives_whole(size: int) -> None:
    # a large feed's text comes in pieces as it is read; a byte-order mark parted from the rest is left out too
    for text in (_FEED, _FEED[:-60] + "<item><title>x</titl></item>", "\ufeff\ufeff" + _FEED[1:]):
        def records(given) -> tuple:
            got: list = []
            try:
                got.extend(xml_feeds.feed_records(given))
            except xml_feeds.FeedError as exc:
                return got, str(exc)
            return got, None
        whole = records(text)
        assert records(text[at:at + size] for at in range(0, len(text), size)) == whole
        assert len(whole[0]) >= 11


def test_an_item_past_one_articles_bound_is_one_error_after_the_items_before_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # a feed is parsed as it is read whatever its size: an item of a description never closed was held whole
    monkeypatch.setattr(xml_feeds, "MAX_ITEM_CHARS", 5000)
    text = _FEED.replace("</channel>", "<item><title>long</title><description>" + "x" * 6000 + "</description></item>")
    got: list = []
    with pytest.raises(xml_feeds.FeedError, match=r"^an item of more than 5,000 characters, longer than an article may "
                                                  r"be at line 15, column \d+$"):
        got.extend(xml_feeds.feed_records(text[at:at + 1000] for at in range(0, len(text), 1000)))
    assert len(got) == 12


def test_white_space_between_items_is_not_gathered_outside_them() -> None:
    # the channel gathered every newline between a large feed's items, a string each, for the whole read
    parse = xml_feeds._Parse()
    parser = xml_feeds._parser(parse)
    parser.Parse(_FEED.lstrip("\ufeff").replace("</channel></rss>\n", ""), False)
    assert [len(o.parts) for o in parse.stack] == [0, 0] and parse.channel_title == "Wire" and len(parse.done) == 12


def _after_a_long_prolog(comment: int, *, doctype: str = "") -> str:
    feed = _rss(_item("g1", BODY), _item("g2", RATES))
    declaration, rest = feed.split("\n", 1)
    return f"{declaration}\n<!-- {'c' * comment} -->\n<?xml-stylesheet href='a.xsl'?>\n{doctype}{rest}"


@pytest.mark.parametrize("piece", [None, 97, 4096])
def test_a_feed_whose_root_comes_after_its_first_64_kb_is_read(tmp_path: Path, piece: int | None,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # a long comment first: it was named "XML that is no RSS or Atom feed" (judged on its opening alone)
    from dedup import streamed_tables

    write(tmp_path / "wire.rss", _after_a_long_prolog(100_000))
    if piece is not None:
        monkeypatch.setattr(streamed_tables, "STREAM_FROM", 1)
        monkeypatch.setattr(streamed_tables, "PIECE", piece)
    corpus = read_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["g1", "g2"] and not corpus.skipped


@pytest.mark.parametrize("piece", [None, 4096])
def test_a_prolog_past_the_bound_is_no_feed_and_a_document_type_after_a_long_one_is_refused(
        tmp_path: Path, piece: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    from dedup import streamed_tables

    monkeypatch.setattr(xml_feeds, "MAX_PROLOG_CHARS", 50_000)
    monkeypatch.setattr(dedup.feeds, "MAX_PROLOG_CHARS", 50_000)
    write(tmp_path / "long.rss", _after_a_long_prolog(70_000))
    bomb = BOMB.split("\n", 2)[1] + "\n"
    write(tmp_path / "laughs.rss", _after_a_long_prolog(40_000, doctype=bomb))
    if piece is not None:
        monkeypatch.setattr(streamed_tables, "STREAM_FROM", 1)
        monkeypatch.setattr(streamed_tables, "PIECE", piece)
    reasons = {s.path: s.reason for s in read_corpus(tmp_path).skipped}
    assert reasons["long.rss"].startswith("XML that is no RSS or Atom feed")
    assert reasons["laughs.rss"].startswith(f"an RSS feed: {xml_feeds.NO_DTD}")


def test_the_root_is_found_in_pieces_cut_anywhere_in_the_prolog() -> None:
    text = _after_a_long_prolog(300, doctype='<!DOCTYPE rss SYSTEM "x.dtd">\n')
    root = xml_feeds.root_at(text)
    assert text[root:].startswith("<rss ")
    for cut in range(1, root + 1):
        read, at = xml_feeds.prolog_read(text[:cut], final=False)
        assert at is None or at == root and cut > root - 1, cut
        assert xml_feeds.prolog_read(text, final=False, start=read)[1] == root
