from __future__ import annotations

import codecs
import io
import json
import unicodedata
import os
import random
import re
from pathlib import Path
from typing import Any

import pytest

from dedup.errors import DuplicateIdError, InputError, SettingsError
from dedup import reading
from dedup.reading import MAX_CHARS, read_corpus

BODY = " ".join(["The council approved the new budget after a long debate on Tuesday."] * 4)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_folder_ids_outlets_and_titles(tmp_path: Path) -> None:
    write(tmp_path / "apwire" / "story.txt", f"Council passes budget\n\n{BODY}")
    write(tmp_path / "loose.txt", BODY)
    corpus = read_corpus(tmp_path)
    by_id = {d.id: d for d in corpus.documents}
    assert set(by_id) == {"apwire/story.txt", "loose.txt"}
    assert by_id["apwire/story.txt"].outlet == "apwire"
    assert by_id["apwire/story.txt"].title == "Council passes budget"
    assert by_id["loose.txt"].outlet is None and by_id["loose.txt"].title is None


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


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("bin.txt", b"\x00\x01binary", "binary file"),
        ("empty.txt", "   \n", "empty"),
        ("blank.txt", b"\x00 \x01\n\t\x0b\x1f\x7f\n", "empty (only white space and control characters)"),
        ("short.txt", "Too short to judge.", "too short"),
        ("pic.png", b"\x89PNG", "unsupported file type .png"),
        ("README.md", BODY, "not an article"),
    ],
    ids=["binary", "empty", "controls-only", "short", "unsupported", "readme"],
)
def test_skips_with_reason(tmp_path: Path, name: str, content: str | bytes, reason: str) -> None:
    write(tmp_path / name, content)
    corpus = read_corpus(tmp_path)
    assert corpus.documents == ()
    assert reason in corpus.skipped[0].reason


def test_malformed_jsonl_line_names_file_and_line_and_goes_on(tmp_path: Path) -> None:
    write(tmp_path / "f.jsonl", "{oops\n" + json.dumps({"text": BODY}) + "\n")
    corpus = read_corpus(tmp_path)
    assert [s.path for s in corpus.skipped] == ["f.jsonl:1"]
    assert "malformed JSON" in corpus.skipped[0].reason
    assert [d.id for d in corpus.documents] == ["f.jsonl:2"]


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


def test_windows_1252_fallback_warns(tmp_path: Path) -> None:
    write(tmp_path / "old.txt", (BODY + " caf\xe9").encode("cp1252"))
    corpus = read_corpus(tmp_path)
    assert corpus.documents[0].text.endswith("café")
    assert "Windows-1252" in corpus.warnings[0]


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    write(tmp_path / "bom.txt", "\ufeff" + BODY)
    assert not read_corpus(tmp_path).documents[0].text.startswith("\ufeff")


def _jsonl_ids(path: Path, ids: list[str]) -> Path:
    path.write_text("".join(json.dumps({"id": i, "text": BODY}) + "\n" for i in ids), encoding="utf-8")
    return path


@pytest.mark.parametrize("batch", [2, 3, 1 << 16])
@pytest.mark.parametrize("spill", [None, 0], ids=["held", "texts-in-a-file"])
def test_the_first_id_read_twice_is_named_whatever_the_batches_of_the_check(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int, spill: int | None) -> None:
    # ids are checked a batch at a time against the older ones: a repeat across batches is found when its
    # batch is merged, and the one reported is still the first read twice (here 'c', not the later 'a');
    # where each was read comes back from the articles, also when they wait in a file
    monkeypatch.setattr(reading._SeenIds, "BATCH", batch)
    feed = _jsonl_ids(tmp_path / "feed.jsonl", ["a", "b", "c", "d", "e", "c", "a"])
    with pytest.raises(DuplicateIdError, match=r"'c' in feed.jsonl:3 and feed.jsonl:6"):
        read_corpus(feed, spill=spill)
    assert len(read_corpus(_jsonl_ids(tmp_path / "ok.jsonl", list("abcdefg"))).documents) == 7


def test_ids_that_share_a_hash_are_told_apart_by_their_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "id_hash", len)  # every id of one length collides
    monkeypatch.setattr(reading._SeenIds, "BATCH", 2)
    ids = ["a1", "b2", "c3", "d4", "e5"]
    assert [d.id for d in read_corpus(_jsonl_ids(tmp_path / "ok.jsonl", ids)).documents] == ids
    with pytest.raises(DuplicateIdError, match=r"'c3' in dup.jsonl:3 and dup.jsonl:5"):
        read_corpus(_jsonl_ids(tmp_path / "dup.jsonl", ["a1", "b2", "c3", "d4", "c3", "a1"]))


def test_duplicate_ids_name_both_places(tmp_path: Path) -> None:
    write(tmp_path / "a.jsonl", json.dumps({"id": "x", "text": BODY}) + "\n")
    write(tmp_path / "b.json", json.dumps({"id": "x", "text": BODY}))
    with pytest.raises(DuplicateIdError, match=r"'x' in a.jsonl:1 and b.json"):
        read_corpus(tmp_path)


@pytest.mark.parametrize("ids", [["caf\u00e9", "cafe\u0301"], ["cafe\u0301", "caf\u00e9"], ["\uac00", "\u1100\u1161"]],
                         ids=["composed-first", "decomposed-first", "hangul-jamo"])
def test_ids_that_differ_only_in_how_they_are_composed_are_one_id(tmp_path: Path, ids: list[str]) -> None:
    """Two ids that are one string composed (NFC) are one id read twice: every report showed them alike (a
    cluster of "café, café"), and the two articles could not be told apart. Neither id is changed."""
    lines = [json.dumps({"id": doc_id, "text": f"{BODY} {k}"}) for k, doc_id in enumerate(ids)]
    write(tmp_path / "f.jsonl", "\n".join(lines) + "\n")
    with pytest.raises(DuplicateIdError, match=rf"in f.jsonl:1 and f.jsonl:2 \(the ids {re.escape(ascii(ids[0]))} "
                                                rf"and {re.escape(ascii(ids[1]))} differ only in how"):
        read_corpus(tmp_path / "f.jsonl")
    write(tmp_path / "g.jsonl", lines[0] + "\n")
    assert [d.id for d in read_corpus(tmp_path / "g.jsonl").documents] == ids[:1]  # kept as given


def test_the_api_refuses_ids_that_differ_only_in_how_they_are_composed() -> None:
    from dedup import Document, scan

    with pytest.raises(DuplicateIdError, match=r"the ids 'caf\\xe9' and 'cafe\\u0301' differ only"):
        scan([Document("caf\u00e9", BODY), Document("cafe\u0301", BODY + " Later.")])


@pytest.mark.parametrize("ids, named", [
    (["a\ud800", "a\udfff"], r"the ids 'a\\ud800' and 'a\\udfff' became one"),  # lone surrogates
    (["a\x01", "a\x1b"], r"the ids 'a\\x01' and 'a\\x1b' became one"),          # control characters
    (["a\ufffd", "a\ud800"], r"the id 'a\\ud800' became this one"),              # one was U+FFFD as given
], ids=["surrogates", "controls", "one-as-given"])
def test_ids_made_one_by_replaced_characters_are_named_as_given(tmp_path: Path, ids: list[str], named: str) -> None:
    # both became 'a\ufffd': the error named that id only, which neither line of the feed holds
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": i, "text": BODY}) + "\n" for i in ids), encoding="utf-8")
    with pytest.raises(DuplicateIdError, match=r"'a\ufffd' in feed.jsonl:1 and feed.jsonl:2 \(" + named):
        read_corpus(feed)


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        read_corpus(tmp_path / "nope")


def test_stdin_jsonl() -> None:
    stream = io.StringIO(json.dumps({"id": "s1", "text": BODY}) + "\n")
    assert [d.id for d in read_corpus("-", stdin=stream).documents] == ["s1"]


def test_html_is_reduced_to_article_text(tmp_path: Path) -> None:
    page = f"<html><head><title>T</title></head><body><nav>Home</nav><p>{BODY}</p><script>x()</script></body></html>"
    write(tmp_path / "p.html", page)
    doc = read_corpus(tmp_path).documents[0]
    assert doc.title == "T" and "Home" not in doc.text and "x()" not in doc.text


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


ARTICLE = "The port strike entered its third day on Tuesday as dock workers refused the latest offer. " * 3


@pytest.mark.parametrize(
    "data,warning",
    [(ARTICLE.replace("third", "th\x00rd", 1).encode(), "1 control character (such as NUL) dropped"),
     (ARTICLE.replace("day", "d\x00a\x01y\x1b", 1).encode(), "3 control characters (such as NUL) dropped"),
     (ARTICLE.encode("utf-16"), None), (ARTICLE.encode("utf-16-le"), None), (ARTICLE.encode("utf-16-be"), None)],
    ids=["one-nul", "several-controls", "utf-16-bom", "utf-16-le", "utf-16-be"],
)
def test_text_with_stray_controls_or_in_utf16_is_read(tmp_path: Path, data: bytes, warning: str | None) -> None:
    corpus = read_corpus(write(tmp_path / "a.txt", data))
    assert [d.text.split()[:3] for d in corpus.documents] == [["The", "port", "strike"]]
    assert "\x00" not in corpus.documents[0].text and "third day" in corpus.documents[0].text
    assert corpus.warnings == ((f"a.txt: {warning}",) if warning else ())


@pytest.mark.parametrize("data", [(ARTICLE + "\U0001F600").encode("utf-32"),
                                  codecs.BOM_UTF32_BE + (ARTICLE + "\U0001F600").encode("utf-32-be")],
                         ids=["utf-32-le", "utf-32-be"])
def test_utf32_with_its_mark_is_read(tmp_path: Path, data: bytes) -> None:
    # UTF-32-LE was read as UTF-16-LE (its mark begins with theirs): every other character a NUL dropped with
    # a warning, and characters beyond the BMP garbled; UTF-32-BE was skipped as a binary file
    corpus = read_corpus(write(tmp_path / "a.txt", data))
    assert [d.text for d in corpus.documents] == [(ARTICLE + "\U0001F600").strip()] and corpus.warnings == ()


CAFE = "Café owners said " + ARTICLE


@pytest.mark.parametrize("data", [(CAFE + "\u20ac").encode()[:-1], (CAFE + "\u20ac").encode("utf-16")[:-1],
                                  (CAFE + "\u20ac").encode("utf-16-le")[:-1], (CAFE + "\u20ac").encode("utf-32")[:-2],
                                  (CAFE + "\U0001F600").encode("utf-16")[:-2]],
                         ids=["utf-8", "utf-16", "utf-16-le-unmarked", "utf-32", "utf-16-half-a-pair"])
def test_a_file_cut_off_inside_its_last_character_is_read_without_it(tmp_path: Path, data: bytes) -> None:
    # the article was lost as undecodable (or read as Windows-1252, mojibake in every accented word)
    corpus = read_corpus(write(tmp_path / "a.txt", data))
    assert [d.text for d in corpus.documents] == [CAFE.strip()]
    assert corpus.warnings == ("a.txt: ends inside a character (the file was cut off?); read without it",)


def test_a_windows_1252_text_ending_in_an_accent_is_not_taken_for_cut_off_utf8(tmp_path: Path) -> None:
    corpus = read_corpus(write(tmp_path / "a.txt", (ARTICLE.strip() + " café").encode("cp1252")))
    assert corpus.documents[0].text.endswith(" café") and corpus.warnings == ("a.txt: not UTF-8; read as Windows-1252",)


def test_utf32_that_is_not_is_named_so(tmp_path: Path) -> None:
    corpus = read_corpus(write(tmp_path / "a.txt", codecs.BOM_UTF32_LE + b"\xff\xff\xff\xff" * 40))
    assert corpus.skipped[0].reason == "undecodable: starts as UTF-32 text but is not"


@pytest.mark.parametrize(("mark", "name"), [(codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"),
                                            (codecs.BOM_UTF32_LE, "UTF-32")], ids=["utf-16-le", "utf-16-be", "utf-32-le"])
def test_utf8_behind_a_wide_byte_order_mark_is_read_as_utf8(tmp_path: Path, mark: bytes, name: str) -> None:
    # read in the width the mark says: Chinese-looking nonsense for a text, and no article at all for a feed
    text = CAFE.strip()
    write(tmp_path / "a.txt", mark + text.encode())
    write(tmp_path / "feed.jsonl", mark + "".join(json.dumps({"id": f"r{k}", "text": text}) + "\n" for k in (1, 2)).encode())
    corpus = read_corpus(tmp_path)
    assert {d.id: d.text for d in corpus.documents} == {"a.txt": text, "r1": text, "r2": text}
    assert sorted(corpus.warnings) == [f"{f}: opens with a {name} byte-order mark, but its bytes are UTF-8; read as UTF-8"
                                       for f in ("a.txt", "feed.jsonl")]


def test_utf8_lines_behind_a_utf16_mark_on_standard_input_are_read() -> None:
    # the first line was lost as malformed JSON ("ÿþ{...")
    from dedup.formats import stdin_lines

    lines = "".join(json.dumps({"id": f"r{k}", "text": CAFE}) + "\n" for k in (1, 2)).encode()
    corpus = read_corpus("-", stdin=stdin_lines(io.BytesIO(codecs.BOM_UTF16_LE + lines)), min_words=5)
    assert [d.id for d in corpus.documents] == ["r1", "r2"] and corpus.skipped == ()


def test_binary_is_still_skipped(tmp_path: Path) -> None:
    corpus = read_corpus(write(tmp_path / "photo.txt", bytes(range(256)) * 40))
    assert corpus.documents == () and corpus.skipped[0].reason == "binary file"


def test_jsonl_lines_with_controls_are_read_and_named(tmp_path: Path) -> None:
    line = json.dumps({"id": "x", "text": ARTICLE}).encode().replace(b"third", b"th\x00rd", 1)
    corpus = read_corpus(write(tmp_path / "f.jsonl", line + b"\n"))
    assert [d.id for d in corpus.documents] == ["x"] and corpus.warnings == ("f.jsonl:1: 1 control character (such as NUL) dropped",)



@pytest.mark.parametrize("tail", [b"\x00" * 4096 + b"\n", b"\x00" * 4096], ids=["nul-line", "nul-tail"])
def test_jsonl_with_a_block_of_nuls_reads_its_lines_and_calls_none_malformed(tmp_path: Path, tail: bytes) -> None:
    # a feed whose writer crashed leaves the block it had allocated as NULs: they were dropped with a warning,
    # and what was left, a line end or nothing, was "malformed JSON line (Expecting value at line 2, column 1)"
    good = json.dumps({"id": "x", "text": ARTICLE}).encode()
    corpus = read_corpus(write(tmp_path / "f.jsonl", good + b"\n" + tail))
    assert [d.id for d in corpus.documents] == ["x"] and corpus.skipped == ()
    assert corpus.warnings == ("f.jsonl:2: 4096 control characters (such as NUL) dropped",)

def test_binary_stdin_lines_are_malformed_not_a_crash() -> None:
    from dedup.formats import stdin_lines

    good = json.dumps({"id": "x", "text": ARTICLE}).encode()
    lines = list(stdin_lines(io.BytesIO(b"\xff\xfe\x00garbage\n" + good + b"\n")))
    corpus = read_corpus("-", stdin=io.StringIO("".join(lines)))
    assert [d.id for d in corpus.documents] == ["x"] and "malformed JSON line" in corpus.skipped[0].reason


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_on_stdin_without_a_byte_order_mark_is_read_as_a_file_is(encoding: str, tmp_path: Path) -> None:
    from dedup.formats import stdin_lines

    text = "Caf\u00e9 owners in \u041c\u043e\u0441\u043a\u0432\u0430 met on Monday. " + ARTICLE  # beyond ASCII
    feed = "".join(json.dumps({"id": f"x{k}", "text": text}, ensure_ascii=False) + "\r\n" for k in (1, 2))
    read = read_corpus("-", stdin=stdin_lines(io.BytesIO(feed.encode(encoding))))
    # its NULs were dropped as stray controls (a warning a line), a character beyond ASCII lost its other byte
    # with them, and the NUL after the last line end was a malformed line
    assert [d.id for d in read.documents] == ["x1", "x2"] and not read.skipped and not read.warnings
    as_file = read_corpus(write(tmp_path / "feed.jsonl", feed.encode(encoding)))
    assert [d.text for d in read.documents] == [d.text for d in as_file.documents] and text[:28] in read.documents[0].text


@pytest.mark.parametrize("data", [b"\x00\x01" * 64, b"\x00" * 128, bytes(range(256)) * 2, b"\x00A" * 7 + b"\n"],
                         ids=["nul-and-control", "all-nul", "every-byte", "too-little"])
def test_binary_stdin_is_not_read_as_utf16(data: bytes) -> None:
    from dedup.formats import stdin_lines, utf16_encoding

    assert utf16_encoding(data) is None
    assert len("".join(stdin_lines(io.BytesIO(data)))) == len(data)  # a character a byte: not read two bytes a character


def test_a_stdin_line_too_long_to_hold_is_read_past_and_skipped() -> None:
    from dedup.formats import LongLine, stdin_lines

    good = json.dumps({"id": "x", "text": ARTICLE}).encode()
    feed = b"z" * 5000 + b"\n" + good + b"\n" + b"y" * 3000  # the last line without its line end
    lines = list(stdin_lines(io.BytesIO(feed), most=len(good) + 1))
    assert [type(line).__name__ for line in lines] == ["LongLine", "str", "LongLine"]
    assert [line.size for line in lines if isinstance(line, LongLine)] == [5000, 3000]
    corpus = read_corpus("-", stdin=iter(lines))
    assert [d.id for d in corpus.documents] == ["x"]
    assert [(s.path, s.reason.split(" (")[0]) for s in corpus.skipped] == [("<stdin>:1", "line too long"),
                                                                          ("<stdin>:3", "line too long")]


class _Endless(io.RawIOBase):
    """Standard input of one line that never ends (``< /dev/zero``), after ``head``; counts what was read."""

    def __init__(self, head: bytes = b"") -> None:
        self.head, self.read_so_far = head, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self.head[:len(buffer)] or b"z" * len(buffer)
        self.head = self.head[len(chunk):]
        buffer[:len(chunk)] = chunk
        self.read_so_far += len(chunk)
        return len(chunk)


@pytest.mark.parametrize("head", [b"", b'{"id": "x", "text": "a"}\n'], ids=["at-once", "after-a-line"])
def test_a_stdin_line_without_an_end_stops_the_read_with_an_error(head: bytes) -> None:
    # it was read past for as long as bytes came: ``scan - < /dev/zero`` never ended
    from dedup.formats import ENDLESS_FACTOR, stdin_lines

    source = _Endless(head)
    lines = stdin_lines(io.BufferedReader(source), most=1000)
    if head:
        assert next(lines) == head.decode()  # the lines before it are given first
    with pytest.raises(InputError, match=f"line {2 if head else 1} runs past 16,000 bytes without an end"):
        next(lines)
    assert source.read_so_far < len(head) + (ENDLESS_FACTOR + 1) * 1000 + (1 << 20) + 8192  # bounded


def test_a_feed_with_a_bad_line_is_not_one_article(tmp_path: Path) -> None:
    from dedup.reading import read_article

    feed = write(tmp_path / "f.jsonl", json.dumps({"text": ARTICLE}) + "\n{oops\n")
    with pytest.raises(InputError, match=r"not one readable article \(f.jsonl:2: malformed JSON line"):
        read_article(feed)
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


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_a_large_jsonl_file_is_read_in_ranges_as_if_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           encoding: str) -> None:
    import dedup.parts as parts

    lines = []
    for k in range(40):
        lines.append(json.dumps({"id": f"s{k}", "text": f"Caf\u00e9 story {k}. {BODY}"}, ensure_ascii=False))
        if k % 9 == 4:
            lines += ["{not json", "", json.dumps({"text": f"No id here {k}. \u0007{BODY}"}, ensure_ascii=False)]
    file = write(tmp_path / "wire" / "big.jsonl", ("\n".join(lines) + "\n").encode(encoding))
    whole = read_corpus(tmp_path)
    monkeypatch.setattr(parts, "PART_BYTES", 700)  # some 20 ranges, cut inside no line
    ranged = read_corpus(tmp_path)
    assert len(ranged.documents) == 44 and len(ranged.skipped) == 4
    assert (ranged.documents, ranged.skipped, ranged.warnings) == (whole.documents, whole.skipped, whole.warnings)
    assert parts._large(file) and not parts._large(tmp_path / "missing.jsonl")


def test_a_scan_report_written_into_the_corpus_is_not_read_again(tmp_path: Path) -> None:
    import shutil

    from typer.testing import CliRunner

    from conftest import CORPUS
    from dedup.cli import app

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    runner = CliRunner()
    first = runner.invoke(app, ["scan", str(corpus), "-q", "--html", str(corpus / "report"), "--json", str(tmp_path / "a.json")])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["scan", str(corpus), "-q", "--json", str(tmp_path / "b.json")])
    assert again.exit_code == 0, again.output
    before, after = (json.loads((tmp_path / f).read_text()) for f in ("a.json", "b.json"))
    assert len(after["pairs"]) == len(before["pairs"]) and len(after["documents"]) == len(before["documents"])
    assert any(s["reason"] == "a dedup report, not an article" for s in after["skipped"])


def test_a_link_to_a_file_of_the_corpus_is_not_a_second_article(tmp_path: Path) -> None:
    from dedup.parts import plan_parts

    (tmp_path / "wire").mkdir()
    story = tmp_path / "wire" / "story.txt"
    story.write_text("Dock workers at the port of Harlow walked out on Monday after talks on a new pay deal broke "
                     "down, leaving twelve container ships waiting at sea and lorries queueing for miles.")
    (tmp_path / "alias.txt").symlink_to(story)  # the same file under a second name
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text(story.read_text().replace("Harlow", "Tilbury"))
    (tmp_path / "linked.txt").symlink_to(outside)  # a file from elsewhere, linked in: read when links are followed
    corpus = read_corpus(tmp_path, follow_links=True)
    assert sorted(d.id for d in corpus.documents) == ["linked.txt", "wire/story.txt"]
    assert sorted(f for part in plan_parts(tmp_path) for f in part.files) == sorted(
        str(p) for p in (tmp_path / "linked.txt", story))


@pytest.mark.parametrize("part_bytes", [None, 300])
def test_a_feed_mixing_utf8_and_windows_1252_lines_is_read_line_by_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, part_bytes: int | None) -> None:
    # A feed put together from two sources: most lines UTF-8 (one with a closing quote, whose UTF-8 bytes
    # hold 0x9D, a byte Windows-1252 lacks), one line from a Windows-1252 source. Read whole as
    # Windows-1252, the UTF-8 lines were mojibake; with the 0x9D line, the whole file was undecodable.
    import dedup.parts as parts

    lines = [json.dumps({"id": f"u{k}", "text": f"Zo\u00eb M\u00fcller \u201cquoted\u201d {k}. {BODY}"}, ensure_ascii=False).encode()
             for k in range(6)]
    lines.insert(3, json.dumps({"id": "w", "text": f"Caf\u00e9 cr\u00e8me story. {BODY}"}, ensure_ascii=False).encode("cp1252"))
    write(tmp_path / "feed.jsonl", b"\n".join(lines) + b"\n")
    if part_bytes is not None:
        monkeypatch.setattr(parts, "PART_BYTES", part_bytes)
    corpus = read_corpus(tmp_path)
    texts = {d.id: d.text for d in corpus.documents}
    assert sorted(texts) == ["u0", "u1", "u2", "u3", "u4", "u5", "w"]
    assert texts["u4"].startswith("Zo\u00eb M\u00fcller \u201cquoted\u201d 4.") and texts["w"].startswith("Caf\u00e9 cr\u00e8me")
    assert list(corpus.warnings) == ["feed.jsonl:4: not UTF-8; read as Windows-1252"]
    ranges = parts.large_jsonl_ranges(tmp_path / "feed.jsonl", tmp_path)
    assert part_bytes is None or (len(ranges) > 2 and {r.encoding for r in ranges} == {"mixed"})  # as Dask reads it


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


def test_a_link_to_a_folder_is_named_not_dropped_without_a_word(tmp_path: Path) -> None:
    # its files are not read (a loop of links, or a way out of the corpus), and the read said nothing of it
    write(tmp_path / "elsewhere" / "story.txt", BODY)
    write(tmp_path / "corpus" / "wire.txt", BODY + " Own.")
    (tmp_path / "corpus" / "archive").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "corpus" / ".hidden").symlink_to(tmp_path / "elsewhere")
    corpus = read_corpus(tmp_path / "corpus")
    assert [d.id for d in corpus.documents] == ["wire.txt"]
    assert [(s.path, s.reason, s.article) for s in corpus.skipped] == [
        ("archive", "a link to a folder, not followed: give that folder to read its files", False)]


def test_links_that_lead_nowhere_are_skipped_with_the_reason(tmp_path: Path) -> None:
    # a link whose target is gone, or a loop of links, is an article that cannot be read: listed among
    # the skipped with why, never dropped without a word
    write(tmp_path / "story.txt", BODY)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    (tmp_path / "loop-a.txt").symlink_to(tmp_path / "loop-b.txt")
    (tmp_path / "loop-b.txt").symlink_to(tmp_path / "loop-a.txt")
    corpus = read_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["story.txt"]
    reasons = {s.path: s.reason for s in corpus.skipped}
    loop = "a link that leads round in a loop (too many levels of symbolic links)"
    assert reasons == {"gone.txt": f"a link to {tmp_path / 'deleted.txt'}, which does not exist", "loop-a.txt": loop,
                       "loop-b.txt": loop}


@pytest.mark.skipif(not Path("/dev/null").is_char_device(), reason="needs /dev/null")
def test_a_device_given_as_an_article_is_refused_not_read(tmp_path: Path) -> None:
    # a link named like an article to a device: /dev/zero was read until memory ran out (MemoryError),
    # and dedup compare called it a folder; /dev/null stands in for it here
    from dedup.reading import read_article

    device = tmp_path / "news.txt"
    device.symlink_to("/dev/null")
    corpus = read_corpus(device)
    assert corpus.documents == () and [(s.path, s.reason) for s in corpus.skipped] == [
        ("news.txt", "a device, not a file: not read")]
    with pytest.raises(InputError, match="not one readable article \\(a device, not a file"):
        read_article(device)


def test_a_named_pipe_given_as_a_feed_is_read(tmp_path: Path) -> None:
    import os
    import threading

    pipe = tmp_path / "feed.jsonl"
    os.mkfifo(pipe)
    writer = threading.Thread(target=lambda: pipe.write_text(json.dumps({"id": "a", "text": BODY}) + "\n"))
    writer.start()
    corpus = read_corpus(pipe)
    writer.join()
    assert [d.id for d in corpus.documents] == ["a"]


@pytest.mark.parametrize(("content", "ids"), [(json.dumps({"id": "a", "text": BODY}) + "\n", ["a"]), (BODY, ["pipe"])],
                         ids=["jsonl-feed", "text"])
def test_a_named_pipe_without_a_suffix_given_as_the_input_is_read(tmp_path: Path, content: str, ids: list[str]) -> None:
    # the /dev/fd/63 of a shell's "dedup scan <(zcat feed.jsonl.gz)" was "unsupported file type (none)"
    import os
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    writer = threading.Thread(target=lambda: pipe.write_text(content), daemon=True)  # waits for a reader: not joined
    writer.start()
    corpus = read_corpus(pipe)
    assert [d.id for d in corpus.documents] == ids and [d.text for d in corpus.documents] == [BODY]


def test_a_device_given_as_the_input_without_a_suffix_is_named_so() -> None:
    # it was "unsupported file type (none)"
    corpus = read_corpus("/dev/null")
    assert corpus.documents == () and [(s.path, s.reason) for s in corpus.skipped] == [
        ("null", "a device, not a file: not read")]


@pytest.mark.parametrize("follow", [False, True], ids=["folder", "--follow-links"])
def test_links_in_a_folder_that_lead_nowhere_or_round_in_a_loop_are_named_so(tmp_path: Path, follow: bool) -> None:
    # they were "cannot be read (No such file or directory)" and "(Too many levels of symbolic links)", where the
    # same link given alone is named as what it is
    write(tmp_path / "a.txt", BODY)
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    (tmp_path / "one.jsonl").symlink_to("two.jsonl")
    (tmp_path / "two.jsonl").symlink_to("one.jsonl")
    (tmp_path / "moved.txt").symlink_to("archive/moved.txt")
    corpus = read_corpus(tmp_path, follow_links=follow)
    loop = "a link that leads round in a loop (too many levels of symbolic links)"
    assert [d.id for d in corpus.documents] == ["a.txt"]
    assert sorted((s.path, s.reason) for s in corpus.skipped) == [
        ("loop.txt", loop), ("moved.txt", "a link to archive/moved.txt, which does not exist"), ("one.jsonl", loop),
        ("two.jsonl", loop)]


def test_file_names_that_are_not_utf8_stay_apart(tmp_path: Path) -> None:
    # two Latin-1 names ('café', 'cafè') were both 'caf\ufffd.txt': the whole read failed on a duplicate id
    import os

    folder = os.fsencode(tmp_path)
    for name in (b"caf\xe9.txt", b"caf\xe8.txt"):
        with open(os.path.join(folder, name), "w") as out:
            out.write(BODY + name.decode("latin-1"))
    os.makedirs(os.path.join(folder, b"d\xfcsseldorf"))
    with open(os.path.join(folder, b"d\xfcsseldorf", b"a.jsonl"), "w") as out:
        out.write(json.dumps({"text": BODY}) + "\n")
    corpus = read_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["caf\\xe8.txt", "caf\\xe9.txt", "d\\xfcsseldorf/a.jsonl:1"]
    assert corpus.documents[2].outlet == "d\\xfcsseldorf" and corpus.skipped == ()


def test_a_byte_order_mark_opening_a_later_line_is_read_past(tmp_path: Path) -> None:
    # two feeds joined with cat, each with its mark: the second's first line was 'malformed JSON line
    # (Unexpected UTF-8 BOM)'; standard input already read it
    line = json.dumps({"id": "a", "text": BODY}).encode()
    second = line.replace(b'"a"', b'"b"')
    feed = write(tmp_path / "joined.jsonl", codecs.BOM_UTF8 + line + b"\r\n" + codecs.BOM_UTF8 + second + b"\r\n")
    corpus = read_corpus(feed)
    assert [d.id for d in corpus.documents] == ["a", "b"] and corpus.skipped == ()


def test_true_or_false_is_no_title_outlet_or_url_and_a_number_is_text(tmp_path: Path) -> None:
    # were the title 'True', the outlet 'False' and the URL 'True' (Python's names for them)
    feed = write(tmp_path / "feed.jsonl", json.dumps({"id": "a", "text": BODY, "title": True, "outlet": False,
                                                      "url": True}) + "\n"
                 + json.dumps({"id": "b", "text": BODY + " More.", "title": 1984, "outlet": 7}) + "\n")
    first, second = read_corpus(feed).documents
    assert (first.title, first.outlet, first.url) == (None, None, None)
    assert (second.title, second.outlet) == ("1984", "7")


RUSSIAN = ("Президент в понедельник объявил о новых мерах поддержки малого бизнеса, включая снижение налогов и "
           "льготные кредиты для предприятий, пострадавших от кризиса, сообщили журналистам на брифинге.")
CHINESE = ("北京市政府周一宣布，将在未来三年内投资五百亿元人民币，用于改善城市公共交通系统，包括新建四条地铁线路和扩建"
           "现有的公交网络。官员表示，这项计划将缓解交通拥堵，并减少空气污染。")


@pytest.mark.parametrize(("text", "declared", "codec"), [
    (CHINESE, '<meta charset="gb2312">', "gbk"),  # a GBK character past GB2312 (扩) read as a browser reads it
    (RUSSIAN, '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">', "cp1251"),
    (RUSSIAN, "<meta charset=KOI8-R>", "koi8_r"),
], ids=["gb2312-label", "http-equiv-1251", "koi8-r"])
def test_an_html_page_is_read_in_the_encoding_it_declares(tmp_path: Path, text: str, declared: str, codec: str) -> None:
    # it was read as Windows-1252: a GBK page became "too short (1 words)", a Russian one latin mojibake
    # that passed for words, with only a warning
    page = f"<html><head>{declared}<title>t</title></head><body><article><p>{text}</p></article></body></html>"
    (tmp_path / "page.html").write_bytes(page.encode(codec))
    corpus = read_corpus(tmp_path)
    assert [d.text for d in corpus.documents] == [text] and not corpus.warnings


JAPANESE = ("東京の中央銀行は火曜日、政策金利を据え置くと発表した。物価の上昇は続いているが、賃金の伸びはまだ弱いと"
            "説明している。市場では、年内に利上げがあるとの見方が広がっている。")
TRADITIONAL = ("台北市政府週一宣布，將在未來三年內投資五百億元新台幣，用於改善城市公共交通系統，包括新建四條捷運路線和擴建"
               "現有的公車網路。官員表示，這項計畫將緩解交通擁擠，並減少空氣污染。")
KOREAN = ("서울시는 월요일 앞으로 삼 년 동안 대중교통 체계를 개선하기 위해 오천억 원을 투자하겠다고 발표했다. 관계자는 "
          "이 계획이 교통 혼잡을 줄이고 대기 오염을 낮출 것이라고 말했다.")
# Korean with jamo written alone: read as EUC-JP, its jamo are kana and its syllables common Han characters
KOREAN_JAMO = ("국립국어원은 화요일 누리꾼들이 댓글에 ㅋㅋㅋ, ㅎㅎ, ㅠㅠ 같은 자음과 모음만 쓰는 일이 늘었다고 밝혔다. "
               "연구진은 ㅇㅇ 이나 ㄱㅅ 같은 줄임말도 흔하다고 말했다.")


@pytest.mark.parametrize(("text", "codec", "declared", "read_as"), [
    (JAPANESE, "cp932", "GBK", "Shift_JIS"),  # valid GBK bytes, read as rare Chinese characters: nonsense
    (JAPANESE, "cp932", "Big5", "Shift_JIS"),  # not Big5 at all: it fell back to Windows-1252, then was skipped
    (JAPANESE, "euc_jp", "GBK", "EUC-JP"),  # common Chinese characters, but kana among them: Japanese
    (CHINESE, "gbk", "Shift_JIS", "GBK"),
    (TRADITIONAL, "big5", "GBK", "Big5"),
    (KOREAN, "cp949", "GBK", "EUC-KR"),  # common Chinese characters spaced as Korean words are
    (KOREAN_JAMO, "cp949", "EUC-JP", "EUC-KR"),  # Han characters spaced as Korean words, kana for its jamo
    (JAPANESE, "euc_jp", "EUC-KR", "EUC-JP"),
], ids=["sjis-as-gbk", "sjis-as-big5", "eucjp-as-gbk", "gbk-as-sjis", "big5-as-gbk", "euckr-as-gbk", "jamo-as-eucjp",
        "eucjp-as-euckr"])
def test_east_asian_bytes_under_another_east_asian_name_are_read_in_what_they_say(
        tmp_path: Path, text: str, codec: str, declared: str, read_as: str) -> None:
    # a Shift_JIS page declaring GBK was read as GBK without a word: its bytes are valid GBK, but read so
    # they are rare Chinese characters no text uses ("堦尨巕椡敪揹強偺")
    page = f'<html><head><meta charset="{declared}"><title>t</title></head><body><p>{text}</p></body></html>'
    (tmp_path / "page.html").write_bytes(page.encode(codec))
    corpus = read_corpus(tmp_path)
    assert [d.text for d in corpus.documents] == [text]
    assert list(corpus.warnings) == [f"page.html: declares {declared}, but its bytes are not {declared} text (or read "
                                     f"as rare characters only); read as {read_as}, in which they make sense"]


@pytest.mark.parametrize(("text", "codec", "read_as"), [(JAPANESE, "cp932", "Shift_JIS"), (JAPANESE, "euc_jp", "EUC-JP"),
                                                        (CHINESE, "gbk", "GBK"), (TRADITIONAL, "big5", "Big5"),
                                                        (KOREAN, "cp949", "EUC-KR")],
                         ids=["sjis", "eucjp", "gbk", "big5", "euckr"])
@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_east_asian_text_that_declares_nothing_is_read_in_what_its_bytes_say(
        tmp_path: Path, text: str, codec: str, read_as: str, suffix: str) -> None:
    # it was skipped as undecodable (Shift_JIS's 0x81, which Windows-1252 lacks), or read as Windows-1252
    # mojibake, too short for want of spaces or words of Latin letters
    (tmp_path / f"story{suffix}").write_bytes((f"<p>{text}</p>" if suffix == ".html" else text).encode(codec))
    corpus = read_corpus(tmp_path)
    assert [d.text for d in corpus.documents] == [text]
    assert list(corpus.warnings) == [f"story{suffix}: not UTF-8; read as {read_as}, the East Asian encoding its bytes "
                                     "make sense in (it declares none)"]


def _japanese_line(number: int, codec: str = "cp932") -> bytes:
    return json.dumps({"id": f"j{number}", "text": f"{JAPANESE}{number}。{JAPANESE}"}, ensure_ascii=False).encode(codec)


def test_shift_jis_lines_in_a_feed_of_utf_8_lines_are_read_as_shift_jis(tmp_path: Path) -> None:
    # each was read as Windows-1252, line by line: mojibake ("“Œ‹ž‚Ì’†‰›‹â")
    utf8 = json.dumps({"id": "u", "text": f"Zo\u00eb M\u00fcller. {BODY}"}, ensure_ascii=False).encode()
    write(tmp_path / "feed.jsonl", utf8 + b"\n" + _japanese_line(2) + b"\n")
    corpus = read_corpus(tmp_path)
    assert {d.id: d.text for d in corpus.documents}["j2"] == f"{JAPANESE}2。{JAPANESE}"
    assert list(corpus.warnings) == ["feed.jsonl:2: not UTF-8; read as Shift_JIS, the East Asian encoding its bytes "
                                     "make sense in"]


def test_shift_jis_lines_on_standard_input_are_read_as_shift_jis() -> None:
    from dedup.formats import stdin_lines

    utf8 = json.dumps({"id": "u", "text": f"Zo\u00eb M\u00fcller. {BODY}"}, ensure_ascii=False).encode()
    corpus = read_corpus("-", stdin=stdin_lines(io.BytesIO(utf8 + b"\n" + _japanese_line(2) + b"\n")))
    assert {d.id: d.text for d in corpus.documents}["j2"] == f"{JAPANESE}2。{JAPANESE}"


@pytest.mark.parametrize(("codec", "name"), [("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP")])
def test_a_large_east_asian_feed_read_in_ranges_is_read_as_it_is_whole(tmp_path: Path, codec: str, name: str) -> None:
    # past PART_BYTES a JSONL file is read in ranges, each decoded as the plan said: Windows-1252 (mojibake),
    # or the whole file read and skipped as undecodable; read whole, it was read in its East Asian encoding
    import dedup.parts as parts

    lines = [_japanese_line(k, codec) for k in range(1, 13)]
    write(tmp_path / "feed.jsonl", b"\n".join(lines) + b"\n")
    ranges = parts.plan_parts(tmp_path / "feed.jsonl", part_bytes=3 * len(lines[0]))
    assert len(ranges) >= 3 and {r.encoding for r in ranges} == {codec}
    read = [reading.read_part(r) for r in ranges]
    whole = read_corpus(tmp_path)
    assert [(d.id, d.text) for c in read for d in c.documents] == [(d.id, d.text) for d in whole.documents]
    assert [d.text for d in whole.documents] == [f"{JAPANESE}{k}。{JAPANESE}" for k in range(1, 13)]
    warning = f"feed.jsonl: not UTF-8; read as {name}, the East Asian encoding its bytes make sense in (it declares none)"
    assert [w for c in read for w in c.warnings] == list(whole.warnings) == [warning]


def test_western_text_in_windows_1252_is_not_taken_for_east_asian(tmp_path: Path) -> None:
    texts = {"fr": "Le président a déclaré à Genève que l'économie européenne était à un tournant décisif, après "
                   "une réunion où les ministres ont évoqué la crise énergétique et les prix élevés. " * 2,
             "de": "Die Bundesregierung hat beschlossen, dass die Förderung für Elektroautos früher endet; Käufer "
                   "müssen sich auf höhere Preise einstellen. Übrigens äußerte sich auch der Verband. " * 2,
             "mojibake": "Ã©Ã¨Ã Ã§ÃªÃ®Ã´Ã» " * 10 + BODY}
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_bytes(text.encode("cp1252"))
    corpus = read_corpus(tmp_path)
    assert sorted(d.text for d in corpus.documents) == sorted(t.strip() for t in texts.values())
    assert set(corpus.warnings) == {f"{name}.txt: not UTF-8; read as Windows-1252" for name in texts}


def test_a_declared_encoding_the_bytes_are_not_in_falls_back_to_windows_1252(tmp_path: Path) -> None:
    page = f'<meta charset="utf-8"><p>{BODY} Caf\xe9 au lait, na\xefve r\xe9sum\xe9.</p>'
    (tmp_path / "page.html").write_bytes(page.encode("cp1252"))
    corpus = read_corpus(tmp_path)
    assert corpus.documents[0].text.endswith("Café au lait, naïve résumé.")
    assert list(corpus.warnings) == ["page.html: not UTF-8; read as Windows-1252"]


@pytest.mark.parametrize("label", ["base64", "rot13", "undefined", "unicode_escape", "utf-7"])
def test_a_declared_codec_no_browser_reads_a_page_in_is_not_used(tmp_path: Path, label: str) -> None:
    # any name Python knows was used: base64, rot13 or undefined failed the whole read with LookupError or
    # UnicodeError (a traceback), unicode_escape read the page's "\\u00e9" as an accent
    page = f'<meta charset="{label}"><p>{BODY} Caf\xe9 au lait, \\u00e9 + 1.</p>'
    (tmp_path / "page.html").write_bytes(page.encode("cp1252"))
    corpus = read_corpus(tmp_path)
    assert corpus.documents[0].text.endswith("Café au lait, \\u00e9 + 1.")
    assert list(corpus.warnings) == ["page.html: not UTF-8; read as Windows-1252"]


def test_a_part_of_a_feed_changed_or_gone_since_the_plan_is_read_or_named(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # a feed's parts are read after the plan learnt their bounds and encoding (by an engine's workers, much
    # later): rewritten in another encoding meanwhile, a part failed with UnicodeDecodeError; gone, with
    # FileNotFoundError (a traceback either way)
    from dedup import parts

    monkeypatch.setattr(parts, "PART_BYTES", 1000)
    feed = write(tmp_path / "feed.jsonl", "".join(json.dumps({"id": f"n{k}", "text": "Café " + BODY}, ensure_ascii=False)
                                                  + "\n" for k in range(8)))
    plan = parts.large_jsonl_ranges(feed, tmp_path)
    assert len(plan) >= 2 and {p.encoding for p in plan} == {"utf-8-sig"}
    feed.write_bytes(feed.read_bytes().replace("é".encode(), "é ".encode("cp1252")))  # the same bounds
    read = [reading.read_part(part) for part in plan]
    assert [d.id for c in read for d in c.documents] == [f"n{k}" for k in range(8)]
    assert all(d.text.startswith("Café") for c in read for d in c.documents)
    assert [w for c in read for w in c.warnings] == [f"feed.jsonl:{k}: not UTF-8; read as Windows-1252" for k in range(1, 9)]
    feed.unlink()
    gone = reading.read_part(plan[1])
    assert gone.documents == () and gone.skipped[0].path == f"feed.jsonl:{plan[1].first_line}"
    assert gone.skipped[0].reason == "cannot be read (No such file or directory)"


@pytest.mark.parametrize("follow", [False, True], ids=["links-out-skipped", "--follow-links"])
def test_a_part_of_a_feed_made_a_link_out_of_the_folder_since_the_plan_is_not_followed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, follow: bool) -> None:
    # a large feed's ranges are read long after the plan (by an engine's workers): a feed swapped meanwhile for
    # a link to a file outside the folder was read through it, where the whole-file read refuses such a link
    from dedup import parts

    monkeypatch.setattr(parts, "PART_BYTES", 1000)
    folder, outside = tmp_path / "uploads", tmp_path / "private"
    folder.mkdir(), outside.mkdir()
    lines = "".join(json.dumps({"id": f"n{k}", "text": BODY}) + "\n" for k in range(8))
    feed = write(folder / "feed.jsonl", lines)
    write(outside / "secret.jsonl", lines.replace('"n', '"s'))  # the same bounds
    plan = parts.plan_parts(folder, part_bytes=1000, follow_links=follow)
    assert len(plan) >= 2 and all(p.span is not None for p in plan)
    feed.unlink()
    feed.symlink_to(outside / "secret.jsonl")
    read = [reading.read_part(part) for part in plan]
    ids = [d.id for c in read for d in c.documents]
    if follow:
        assert ids == [f"s{k}" for k in range(8)]
    else:
        assert ids == [] and [s.path for c in read for s in c.skipped] == [f"feed.jsonl:{p.first_line}" for p in plan]
        assert {s.reason for c in read for s in c.skipped} == {reading.LINK_OUT}


def test_a_named_pipe_in_a_folder_is_named_not_read(tmp_path: Path) -> None:
    # a pipe in a folder, and a link to one, were left out without a word; listing links (to folders), the
    # link was read, and the read of the folder waited until something wrote to the pipe
    import os
    import threading

    os.mkfifo(tmp_path / "feed.jsonl")
    (tmp_path / "link.jsonl").symlink_to("feed.jsonl")
    write(tmp_path / "wire.txt", BODY)
    found: list = []
    reader = threading.Thread(target=lambda: found.append(read_corpus(tmp_path)), daemon=True)
    reader.start()
    reader.join(timeout=60)
    if reader.is_alive():  # held by the pipe: let it go (an end of file), so that the test fails, not hangs
        os.close(os.open(tmp_path / "feed.jsonl", os.O_WRONLY | os.O_NONBLOCK))
        reader.join()
    (corpus,) = found
    assert [d.id for d in corpus.documents] == ["wire.txt"]
    assert [(s.path, s.reason) for s in corpus.skipped] == [
        ("feed.jsonl", "a named pipe, not a file: not read in a folder (give it as the input to read a feed from it)")]


def test_a_socket_or_a_device_in_a_folder_is_named_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a link to one was named among the skipped, the socket or the device itself was left out without a word
    import os
    import socket
    import stat

    monkeypatch.chdir(tmp_path)  # a socket's path is short: bound by its name in the folder
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind("news.sock.txt")
        try:
            os.mknod(tmp_path / "null.txt", stat.S_IFCHR | 0o600, os.makedev(1, 3))
        except OSError:  # not root, or a file system that refuses devices
            pass
        write(tmp_path / "wire.txt", BODY)
        corpus = read_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["wire.txt"]
    expected = [("news.sock.txt", "a socket, not a file: not read")]
    if (tmp_path / "null.txt").exists():
        expected.append(("null.txt", "a device, not a file: not read"))
    assert [(s.path, s.reason) for s in corpus.skipped] == expected

def test_a_json_list_of_articles_is_skipped_saying_where_such_a_list_goes(tmp_path: Path) -> None:
    write(tmp_path / "export.json", json.dumps([{"id": "a", "text": BODY}, {"id": "b", "text": BODY}]))
    write(tmp_path / "numbers.json", json.dumps([1, 2]))
    write(tmp_path / "ok.json", json.dumps({"id": "c", "text": BODY}))
    reasons = {s.path: s.reason for s in read_corpus(tmp_path).skipped}
    assert reasons == {"export.json": "a JSON article must be an object with a 'text' field, not a list (a list of "
                                      "articles goes in a .jsonl file, one article a line)",
                       "numbers.json": "a JSON article must be an object with a 'text' field"}


@pytest.mark.parametrize("breaks", [False, True], ids=["id", "title"])
def test_a_name_is_cleaned_as_its_two_patterns_say(breaks: bool) -> None:
    from dedup.reading import _name

    rng = random.Random(7)
    pieces = ["Reuters", " ", "\t", "\n", "\r", "\x00", "\x1b[31m", "\x7f", "\x85", "\x9f", "\xa0", "\u2028", "\u2029", "é", "東京"]
    for _ in range(2000):
        value = "".join(rng.choice(pieces) for _ in range(rng.randrange(6)))
        expected = re.sub("[\t\n\r\u2028\u2029]", " ", value) if breaks else value  # Unicode's separators too
        assert _name(value, breaks=breaks) == re.sub("[\x00-\x1f\x7f-\x9f\u2028\u2029]", "\ufffd", expected), repr(value)
    assert _name(None) is None


def test_files_larger_than_the_spill_put_the_texts_in_a_file_from_the_first_article(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Held until the spill and then written, the articles left the heap in pieces (a million articles: 142 MB
    # resident after reading against 50): input files larger than the spill go to the file from the start
    from dedup.documents import Documents

    spills: list[int | None] = []

    class Recorded(Documents):
        def __init__(self, *args, spill=None, **kwargs):  # type: ignore[no-untyped-def]
            spills.append(spill)
            super().__init__(*args, spill=spill, **kwargs)

    monkeypatch.setattr(reading, "Documents", Recorded)
    for k in range(3):
        write(tmp_path / f"wire-{k}.jsonl", json.dumps({"id": f"s{k}", "text": BODY, "padding": "x" * 500}) + "\n")
    size = sum(p.stat().st_size for p in tmp_path.iterdir())
    texts = 3 * len(read_corpus(tmp_path).documents[0].text)
    assert texts < size  # a spill between the two: the texts alone would never pass it
    held = read_corpus(tmp_path, spill=size)
    assert isinstance(held.documents, tuple) and spills[-1] == size
    early = read_corpus(tmp_path, spill=(texts + size) // 2)
    assert isinstance(early.documents, Documents) and early.documents.spilled and spills[-1] == 0
    assert list(early.documents) == list(held.documents)
    one = read_corpus(tmp_path / "wire-0.jsonl", spill=size // 3 - 1)  # one file, its own size
    assert one.documents.spilled and [d.id for d in one.documents] == ["s0"]


def test_the_spill_from_the_start_counts_regular_files_only(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "x" * 100)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    files = [tmp_path / "a.txt", tmp_path / "gone.txt", tmp_path]
    assert reading.spill_from_start(files, 99) and not reading.spill_from_start(files, 100)
    assert not reading.spill_from_start(files, None)


def test_a_folder_is_listed_without_a_stat_call_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder's listing says which entries are files: rglob and the checks after it asked the system
    twice more a file (``stat`` and ``lstat``), most of the time a folder of 100,000 small files took."""
    from dedup.parts import corpus_files

    def add_files(first: int) -> None:
        for number in range(first, first + 40):
            (tmp_path / ("sub" if number % 2 else "") / f"{number:03d}.txt").write_text("")

    (tmp_path / "sub").mkdir()
    add_files(0)
    (tmp_path / "link.txt").symlink_to(tmp_path / "000.txt")
    calls: list[str] = []
    for name in ("stat", "lstat"):
        real = getattr(os, name)
        monkeypatch.setattr(os, name, lambda *a, _real=real, _name=name, **k: calls.append(_name) or _real(*a, **k))
    listed = corpus_files(tmp_path)
    asked = len(calls)
    add_files(40)
    assert len(listed) == 40 and Path(tmp_path / "link.txt") not in listed  # the link's file is listed already
    assert len(corpus_files(tmp_path)) == 80 and len(calls) == 2 * asked  # the folders' and the link's, not two a file


def test_a_file_is_read_to_its_end_whatever_its_size_says(tmp_path: Path) -> None:
    """A file is read to its end with one size asked of the system: one larger than it said (it grew, or
    it is a pipe, whose size is 0) is read whole; a folder in a file's place is an error of the system."""
    from dedup.reading import _file_bytes

    (tmp_path / "a.txt").write_bytes(b"x" * 70_000)
    assert _file_bytes(tmp_path / "a.txt") == b"x" * 70_000
    (tmp_path / "empty.txt").write_bytes(b"")
    assert _file_bytes(tmp_path / "empty.txt") == b""
    read, write = os.pipe()
    os.write(write, b"y" * 5000)
    os.close(write)
    assert _file_bytes(Path(f"/dev/fd/{read}")) == b"y" * 5000
    os.close(read)
    with pytest.raises(IsADirectoryError):
        _file_bytes(tmp_path)


def test_a_folder_removed_while_the_corpus_is_listed_is_left_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder removed between the listing of its parent and its own (a corpus that changes while it is
    scanned) has no files to read: its files are left out, as a file removed before it is read is skipped;
    the listing stopped the scan with "No such file or directory"."""
    for name in ("a.txt", "gone/b.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(ARTICLE)
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path).name == "gone":
            raise FileNotFoundError(2, "No such file or directory", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert [d.id for d in read_corpus(tmp_path).documents] == ["a.txt"]


def test_one_word_is_said_as_one_word(tmp_path: Path) -> None:
    """A text of one long word (a million characters without a space) is skipped as "1 word", not "1 words"."""
    write(tmp_path / "one.txt", "x" * 100_000)
    assert read_corpus(tmp_path).skipped[0].reason == "too short (1 word; the minimum is 20)"


def test_a_folder_is_read_with_one_stat_call_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether a file is a link and what it is are asked of the system once (``lstat``; a link's target
    once more): the link check and the device check asked twice, besides the listing's two."""
    def add_files(first: int) -> None:
        for number in range(first, first + 30):
            (tmp_path / f"{number:03d}.txt").write_text(ARTICLE + f" Story {number}.")

    add_files(0)
    calls: list[str] = []
    for name in ("stat", "lstat"):
        real = getattr(os, name)
        monkeypatch.setattr(os, name, lambda *a, _real=real, _name=name, **k: calls.append(_name) or _real(*a, **k))
    assert len(read_corpus(tmp_path).documents) == 30
    asked = len(calls)
    add_files(30)
    calls.clear()
    assert len(read_corpus(tmp_path).documents) == 60
    assert len(calls) - asked <= 30  # one more a file read


def _reports(folder: Path) -> None:
    """A scan's JSON report saved as .json and as .jsonl, and a compare's, written into ``folder``."""
    from typer.testing import CliRunner

    from dedup.cli import app

    from conftest import CORPUS

    runner = CliRunner()
    assert runner.invoke(app, ["scan", str(CORPUS), "--no-align", "-q", "--json", str(folder / "out.json")]).exit_code == 0
    (folder / "out.jsonl").write_bytes((folder / "out.json").read_bytes())
    compared = runner.invoke(app, ["compare", str(CORPUS / "citypaper" / "port-strike.txt"),
                                   str(CORPUS / "globalwire" / "port-strike.json"), "--json"])
    assert compared.exit_code == 0
    (folder / "compare.json").write_text(compared.stdout)


def test_a_json_report_in_the_corpus_is_named_a_report_not_read(tmp_path: Path) -> None:
    # a scan's --json written into the corpus and scanned again: "no 'text' field (or 'html') with the
    # article", and, named .jsonl, a malformed line for each of its hundreds of lines
    _reports(tmp_path)
    write(tmp_path / "wire.txt", BODY)
    # an article's own field named schema_version, first on its line: an article still
    write(tmp_path / "feed.jsonl", json.dumps({"schema_version": 2, "settings": {}, "id": "f", "text": BODY}) + "\n")
    corpus = read_corpus(tmp_path)
    assert sorted(d.id for d in corpus.documents) == ["f", "wire.txt"]
    assert [(s.path, s.reason, s.article) for s in corpus.skipped] == [
        (name, "a dedup report (--json), not an article", False) for name in ("compare.json", "out.json", "out.jsonl")]


def test_a_large_json_report_named_jsonl_is_not_read_line_by_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dedup import parts

    _reports(tmp_path)
    monkeypatch.setattr(parts, "PART_BYTES", 4096)  # the report is large: read in ranges, each line malformed
    assert parts.large_jsonl_ranges(tmp_path / "out.jsonl", tmp_path) == []
    assert [(s.path, s.reason) for s in read_corpus(tmp_path / "out.jsonl").skipped] == [
        ("out.jsonl", "a dedup report (--json), not an article")]


class _Arriving(io.RawIOBase):
    """Standard input as a pipe delivers it: a chunk a read."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = list(chunks)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self.chunks.pop(0) if self.chunks else b""
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _feed_lines(end: str) -> str:
    """Four lines, the second malformed, each ended by ``end``: ids come from the line numbers."""
    return "".join(line + end for line in (json.dumps({"text": BODY}), "{oops", json.dumps({"text": BODY + " Two."}),
                                           json.dumps({"text": BODY + " Three."})))


@pytest.mark.parametrize("part_bytes", [None, 300], ids=["whole", "ranges"])
@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_a_jsonl_line_ends_at_a_lone_carriage_return_as_at_a_newline(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, end: str, part_bytes: int | None) -> None:
    # old Mac line ends ("\r" alone): the whole feed was one malformed line, every article lost
    import dedup.parts as parts

    write(tmp_path / "feed.jsonl", _feed_lines(end).encode())
    if part_bytes is not None:
        monkeypatch.setattr(parts, "PART_BYTES", part_bytes)
        assert len(parts.large_jsonl_ranges(tmp_path / "feed.jsonl", tmp_path)) > 1  # read in ranges
    for source, rel in ((tmp_path, "feed.jsonl"), (tmp_path / "feed.jsonl", "feed.jsonl")):
        corpus = read_corpus(source)
        assert [d.id for d in corpus.documents] == [f"{rel}:1", f"{rel}:3", f"{rel}:4"]
        assert [s.path for s in corpus.skipped] == [f"{rel}:2"] and "malformed JSON" in corpus.skipped[0].reason


@pytest.mark.parametrize("end", [b"\r", b"\r\n"], ids=["cr", "crlf"])
def test_ranges_of_a_large_feed_are_cut_at_its_line_ends_and_numbered_by_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, end: bytes) -> None:
    # a feed of lone "\r" ends was one range (read whole, however large); a cut between "\r" and "\n", where
    # the blocks the plan reads meet, would number every later line one too many
    import dedup.parts as parts

    lines = [json.dumps({"text": f"{BODY} {k}."}).encode() for k in range(12)]
    data = end.join(lines) + end
    write(tmp_path / "feed.jsonl", data)
    monkeypatch.setattr(parts, "_BLOCK", len(lines[0]) + 1, raising=False)  # blocks ending between "\r" and "\n"
    ranges = parts.plan_parts(tmp_path / "feed.jsonl", part_bytes=3 * len(lines[0]))
    assert len(ranges) >= 3
    starts = {sum(len(line) + len(end) for line in lines[:k]): k + 1 for k in range(len(lines))}
    assert [(r.span[0] if r.span else None, r.first_line) for r in ranges] == [
        (r.span[0] if r.span else None, starts.get(r.span[0] if r.span else -1)) for r in ranges]
    ids = [d.id for r in ranges for d in reading.read_part(r).documents]
    assert ids == [f"feed.jsonl:{k}" for k in range(1, 13)]


@pytest.mark.parametrize("end", [b"\n", b"\r\n", b"\r"], ids=["lf", "crlf", "cr"])
def test_a_line_of_a_large_feed_too_long_to_hold_is_read_past_and_skipped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, end: bytes) -> None:
    # a range of a large JSONL file was read whole, however long its lines: one line of 300 MB took 2.9 GB
    # (standard input reads past a line over 64 MB, and names it)
    import dedup.parts as parts

    lines = [json.dumps({"id": f"a{k}", "text": f"{BODY} {k}."}).encode() for k in range(6)]
    long = json.dumps({"id": "long", "text": BODY * 40}).encode()
    write(tmp_path / "feed.jsonl", end.join(lines[:3] + [long] + lines[3:]) + end)
    monkeypatch.setattr(reading, "MAX_LINE_BYTES", len(long) - 1, raising=False)
    ranges = parts.plan_parts(tmp_path / "feed.jsonl", part_bytes=2 * len(lines[0]))
    assert any(r.span[1] - r.span[0] > len(long) - 1 for r in ranges if r.span)
    read = [reading.read_part(r) for r in ranges]
    assert [d.id for c in read for d in c.documents] == [f"a{k}" for k in range(6)]
    assert [(s.path, s.reason) for c in read for s in c.skipped] == [
        ("feed.jsonl:4", f"line too long ({len(long):,} bytes; at most {len(long) - 1:,} are read): left out")]


def test_a_mixed_feed_of_lone_carriage_returns_is_decoded_line_by_line(tmp_path: Path) -> None:
    # read as one line, a feed of UTF-8 lines and one Windows-1252 line was all Windows-1252: mojibake
    utf8 = json.dumps({"id": "u", "text": f"Zo\u00eb M\u00fcller. {BODY}"}, ensure_ascii=False).encode()
    cp1252 = json.dumps({"id": "w", "text": f"Caf\u00e9 cr\u00e8me. {BODY}"}, ensure_ascii=False).encode("cp1252")
    write(tmp_path / "feed.jsonl", utf8 + b"\r" + cp1252 + b"\r")
    corpus = read_corpus(tmp_path)
    texts = {d.id: d.text for d in corpus.documents}
    assert texts["u"].startswith("Zo\u00eb M\u00fcller.") and texts["w"].startswith("Caf\u00e9 cr\u00e8me.")
    assert list(corpus.warnings) == ["feed.jsonl:2: not UTF-8; read as Windows-1252"]


def test_a_text_of_lone_carriage_returns_reads_as_with_newlines(tmp_path: Path) -> None:
    text = f"Port strike enters third day\n\n{BODY}\n\nCaf\u00e9 owners said trade fell by half.\n"
    write(tmp_path / "lf" / "story.txt", text)
    write(tmp_path / "cr" / "story.txt", text.replace("\n", "\r"))
    lf, cr = (read_corpus(tmp_path / name).documents[0] for name in ("lf", "cr"))
    assert (cr.text, cr.title) == (lf.text, lf.title) and lf.title == "Port strike enters third day"
    # mixed UTF-8 and Windows-1252 lines: decoded line by line only when its lines are seen as lines
    write(tmp_path / "mixed" / "story.txt", text.replace("\n", "\r").encode().replace(
        "Caf\u00e9".encode(), "Caf\u00e9".encode("cp1252")).replace(b"third", "th\u00efrd".encode()))
    mixed = read_corpus(tmp_path / "mixed")
    assert "Caf\u00e9 owners" in mixed.documents[0].text and "th\u00efrd" in mixed.documents[0].title


@pytest.mark.parametrize("chunks", [[b"A\rB\r\nC\nD\r"], [b"A\r", b"B\r", b"\nC\n", b"D\r"], [b"A\rB\r", b"\n", b"C\nD\r"]],
                         ids=["at-once", "cr-then-lf-apart", "lf-alone"])
def test_stdin_lines_end_at_a_lone_carriage_return_without_waiting_past_it(chunks: list[bytes]) -> None:
    # a "\r" that ends what has arrived ends the line (a live feed is answered at once); the "\n" that
    # then arrives, of a "\r\n", is no line
    from dedup.formats import stdin_lines

    feed = [c.replace(b"A", json.dumps({"id": "a", "text": ARTICLE}).encode()) for c in chunks]
    lines = list(stdin_lines(io.BufferedReader(_Arriving(feed))))
    assert [line.strip()[-1:] or line for line in lines] == ["}", "B", "C", "D"]
    corpus = read_corpus("-", stdin=stdin_lines(io.BufferedReader(_Arriving(feed))))
    assert [d.id for d in corpus.documents] == ["a"]
    assert [s.path for s in corpus.skipped] == ["<stdin>:2", "<stdin>:3", "<stdin>:4"]


def test_a_stdin_line_of_lone_carriage_returns_too_long_to_hold_is_read_past() -> None:
    from dedup.formats import LongLine, stdin_lines

    good = json.dumps({"id": "x", "text": ARTICLE}).encode()
    lines = list(stdin_lines(io.BytesIO(b"z" * 5000 + b"\r" + good + b"\r"), most=len(good) + 1))
    assert [type(line).__name__ for line in lines] == ["LongLine", "str"]
    assert lines[0].size == 5000 and isinstance(lines[0], LongLine)


def test_a_stdin_line_too_long_ended_by_a_carriage_return_apart_from_its_newline_is_one_line() -> None:
    from dedup.formats import LongLine, stdin_lines

    good = json.dumps({"id": "x", "text": ARTICLE}).encode()
    feed = [b"z" * 3000, b"z" * 2000 + b"\r", b"\n" + good + b"\r\n"]  # its "\r\n" arriving in two
    lines = list(stdin_lines(io.BufferedReader(_Arriving(feed)), most=len(good) + 1))
    assert [type(line).__name__ for line in lines] == ["LongLine", "str"]  # no empty line between: numbered alike
    assert isinstance(lines[0], LongLine) and lines[0].size == 5000


def test_a_link_out_of_the_folder_is_named_not_read_unless_links_are_followed(tmp_path: Path) -> None:
    """A folder of uploads holding a link to a file elsewhere (``/etc/passwd``, another user's files) had that
    file read into the report. A link that leaves the folder is now named among the skipped; one that stays
    in it is read (once); ``follow_links`` reads them all, as before."""
    from dedup.parts import plan_parts
    from dedup.reading import read_part

    corpus_dir, elsewhere = tmp_path / "uploads", tmp_path / "elsewhere"
    (corpus_dir / "wire").mkdir(parents=True)
    elsewhere.mkdir()
    text = ("Dock workers at the port of Harlow walked out on Monday after talks on a new pay deal broke down, "
            "leaving twelve container ships waiting at sea and lorries queueing for miles.")
    (corpus_dir / "wire" / "story.txt").write_text(text)
    (elsewhere / "secret.txt").write_text(text.replace("Harlow", "Tilbury"))
    (corpus_dir / "inside.txt").symlink_to(Path("wire") / "story.txt")  # in the folder: the story, read once
    (corpus_dir / "secret.txt").symlink_to(elsewhere / "secret.txt")
    (corpus_dir / "wire" / "up.txt").symlink_to(Path("..") / ".." / "elsewhere" / "secret.txt")  # relative, out
    (corpus_dir / "gone.txt").symlink_to(elsewhere / "deleted.txt")  # leads nowhere: its own reason, as before
    corpus = read_corpus(corpus_dir)
    assert [d.id for d in corpus.documents] == ["wire/story.txt"]
    reasons = {s.path: s.reason for s in corpus.skipped}
    out = "a link to a file outside the folder, not read (give --follow-links to read the files such links lead to)"
    assert reasons == {"secret.txt": out, "gone.txt": reasons["gone.txt"]} and "outside" not in reasons["gone.txt"]
    parts = plan_parts(corpus_dir)  # an engine's workers read the same
    assert [d.id for p in parts for d in read_part(p).documents] == ["wire/story.txt"]
    assert {s.path: s.reason for p in parts for s in read_part(p).skipped} == reasons
    followed = read_corpus(corpus_dir, follow_links=True)
    assert sorted(d.id for d in followed.documents) == ["secret.txt", "wire/story.txt"]
    with pytest.raises(SettingsError, match="follow_links must be True or False"):
        read_corpus(corpus_dir, follow_links="no")  # type: ignore[arg-type]


@pytest.mark.parametrize("reader", ["read_corpus", "plan_parts"])
def test_follow_links_is_checked_as_every_other_flag_is(reader: str, tmp_path: Path) -> None:
    # the reader and the parts had a check of their own: numpy's True (a flag read from an array, accepted as
    # align is) was refused, and a wrong value of a million characters was written whole into the message
    import numpy as np
    from dedup.parts import plan_parts

    corpus_dir = tmp_path / "uploads"
    write(corpus_dir / "wire" / "story.txt", BODY)
    write(tmp_path / "elsewhere.txt", BODY.replace("council", "board"))
    (corpus_dir / "wire" / "secret.txt").symlink_to(tmp_path / "elsewhere.txt")
    read = (lambda **flag: read_corpus(corpus_dir, **flag)) if reader == "read_corpus" else (
        lambda **flag: [d for p in plan_parts(corpus_dir, **flag) for d in reading.read_part(p).documents])
    documents = read(follow_links=np.True_)
    assert sorted(d.id for d in getattr(documents, "documents", documents)) == ["wire/secret.txt", "wire/story.txt"]
    with pytest.raises(SettingsError) as refused:
        read(follow_links="x" * 1_000_000)
    assert str(refused.value) == f"follow_links must be True or False, not '{'x' * 59}"


def test_a_file_made_a_link_after_it_was_listed_is_not_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file of the folder replaced by a link to a file elsewhere between the check of what it is and its
    read (a race an uploader can run) is not followed: it is opened without following links."""
    import stat as stat_module

    import dedup.reading as reading

    (tmp_path / "corpus").mkdir()
    (tmp_path / "secret.txt").write_text(BODY)
    story = tmp_path / "corpus" / "story.txt"
    story.symlink_to(tmp_path / "secret.txt")
    monkeypatch.setattr(reading, "_own_mode", lambda file: stat_module.S_IFREG | 0o644)  # it was a file when asked
    corpus = read_corpus(tmp_path / "corpus")
    assert not corpus.documents
    assert [(s.path, s.reason) for s in corpus.skipped] == [("story.txt", "made a link since the folder was listed, not followed")]


class _Waiting(_Arriving):
    """Standard input whose writer waits after its chunks: a read past them is a read that would wait."""

    def readinto(self, buffer: Any) -> int:
        if not self.chunks:
            raise AssertionError("read past what had arrived: a live feed would wait here")
        return super().readinto(buffer)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"], ids=["utf16-marked", "utf16-unmarked", "utf32"])
@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"], ids=["cr", "crlf", "lf"])
def test_wide_stdin_lines_are_given_when_they_arrive_whatever_ends_them(encoding: str, end: str) -> None:
    # UTF-16 (or UTF-32) on standard input was read through a text stream that, at a "\r" ending what had
    # arrived, read on to see whether a "\n" followed: a feed of lone "\r" ends had each article answered
    # only when the next one came
    from dedup.formats import stdin_lines

    line = json.dumps({"id": "a", "text": ARTICLE}) + end
    first = line.encode(encoding)
    feed = [first[: len(first) // 2 + 1], first[len(first) // 2 + 1 :]]  # the line in two pieces, a character cut
    lines = stdin_lines(io.BufferedReader(_Waiting(feed)))
    assert json.loads(next(lines))["id"] == "a"
    unmarked = {"utf-16": "utf-16-le", "utf-32": "utf-32-le"}.get(encoding, encoding)  # the mark opens the feed only
    rest = (json.dumps({"id": "b", "text": ARTICLE}) + end).encode(unmarked)
    ahead = [rest[: len(rest) // 3], rest[len(rest) // 3 :]]
    lines = stdin_lines(io.BufferedReader(_Arriving(feed + ahead)))
    assert [json.loads(x)["id"] for x in lines if x.strip()] == ["a", "b"]


GREEK = ("Η κυβέρνηση ανακοίνωσε τη Δευτέρα νέα μέτρα στήριξης για τις μικρές επιχειρήσεις, μεταξύ των οποίων μείωση "
         "φόρων και φθηνότερα δάνεια, δήλωσε ο υπουργός Οικονομικών σε συνέντευξη Τύπου.")
HEBREW = ("הממשלה הודיעה ביום שני על צעדים חדשים לתמיכה בעסקים קטנים, ובהם הפחתת מסים והלוואות בתנאים נוחים, כך אמר "
          "שר האוצר במסיבת עיתונאים בירושלים.")
ARABIC = ("أعلنت الحكومة يوم الاثنين عن إجراءات جديدة لدعم الشركات الصغيرة، من بينها خفض الضرائب وتقديم قروض ميسرة، "
          "بحسب ما قاله وزير المالية في مؤتمر صحفي.")
POLISH = ("Rząd ogłosił w poniedziałek nowe środki wsparcia dla małych firm, w tym obniżkę podatków i tańsze kredyty dla "
          "przedsiębiorstw, które ucierpiały z powodu kryzysu, powiedział minister finansów na konferencji prasowej.")
TURKISH = ("Hükümet pazartesi günü küçük işletmelere yönelik yeni destek önlemlerini açıkladı; bunlar arasında vergi "
           "indirimi ve düşük faizli krediler bulunuyor. Maliye bakanı, yardımın bütçeye yaklaşık iki milyar liraya "
           "mal olacağını söyledi.")
THAI = ("รัฐบาลประกาศมาตรการใหม่เมื่อวันจันทร์เพื่อช่วยเหลือธุรกิจขนาดเล็ก รวมถึงการลดภาษีและสินเชื่อดอกเบี้ยต่ำ "
        "รัฐมนตรีว่าการกระทรวงการคลังกล่าวในการแถลงข่าวที่กรุงเทพฯ")
HUNGARIAN = ("A kormány hétfőn új támogatási intézkedéseket jelentett be a kisvállalkozások számára, köztük adócsökkentést "
             "és kedvezőbb hiteleket, mondta a pénzügyminiszter a sajtótájékoztatón, ahol a szűkülő piacról is beszélt.")
LITHUANIAN = ("Vyriausybė pirmadienį paskelbė naujas paramos priemones smulkiajam verslui, tarp jų mokesčių mažinimą ir "
              "pigesnes paskolas, sakė finansų ministras spaudos konferencijoje Vilniuje. Jis pridūrė, kad šių "
              "priemonių kaina biudžetui sieks apie du šimtus milijonų eurų per metus.")
LATVIAN = ("Valdība pirmdien paziņoja par jauniem atbalsta pasākumiem mazajiem uzņēmumiem, tostarp nodokļu samazinājumu "
           "un lētākiem aizdevumiem, sacīja finanšu ministrs preses konferencē Rīgā.")
#: Vietnamese as Windows-1258 writes it: its tones as combining marks after the letters the page holds (ệ: ê, dot below)
VIETNAMESE = ("Ch\xednh phu\u0309 h\xf4m th\u01b0\u0301 hai c\xf4ng b\xf4\u0301 c\xe1c bi\xea\u0323n ph\xe1p "
              "m\u01a1\u0301i \u0111\xea\u0309 h\xf4\u0303 tr\u01a1\u0323 doanh nghi\xea\u0323p nho\u0309, trong \u0111\xf3 "
              "c\xf3 gia\u0309m thu\xea\u0301 v\xe0 cho vay la\u0303i su\xe2\u0301t th\xe2\u0301p, b\xf4\u0323 "
              "tr\u01b0\u01a1\u0309ng t\xe0i ch\xednh cho bi\xea\u0301t ta\u0323i cu\xf4\u0323c ho\u0323p b\xe1o "
              "\u01a1\u0309 H\xe0 N\xf4\u0323i.")
#: Romanian as ISO-8859-16 writes it (ș, ț with a comma below; „ and ” at bytes that are Windows-1250's Ą and µ), and as
#: Windows-1250 does (ş, ţ with a cedilla, its own „ and ”)
ROMANIAN = ("Premierul a declarat joi că „nu va exista nicio creștere a taxelor” anul acesta, iar sindicatele din "
            "învățământ cer o majorare a salariilor și amenință cu grevă dacă guvernul nu răspunde până la sfârșitul lunii.")
ROMANIAN_CEDILLA = ROMANIAN.translate(str.maketrans("șțȘȚ", "şţŞŢ"))
SINGLE_BYTE = [(RUSSIAN, "cp1251", "Windows-1251"), (RUSSIAN, "koi8_r", "KOI8-R/U"), (GREEK, "cp1253", "Windows-1253"),
               (GREEK, "iso8859_7", "Windows-1253"), (HEBREW, "cp1255", "Windows-1255"), (HEBREW, "iso8859_8", "Windows-1255"),
               (ARABIC, "cp1256", "Windows-1256"), (POLISH, "cp1250", "Windows-1250"), (POLISH, "iso8859_2", "ISO-8859-2"),
               (TURKISH, "cp1254", "Windows-1254"), (THAI, "cp874", "Windows-874"),
               # read as Windows-1252 before: Hungarian's ő and ű are its õ and û (Portuguese's and French's letters),
               # Baltic and Vietnamese pages were not tried, and Latvian's ā, ī, ū, š, ž are Turkish's â, î, û, ğ, ş
               (HUNGARIAN, "cp1250", "Windows-1250"), (HUNGARIAN, "iso8859_2", "Windows-1250"),
               (LITHUANIAN, "cp1257", "Windows-1257"), (LATVIAN, "cp1257", "Windows-1257"),
               (LATVIAN, "iso8859_13", "Windows-1257"), (VIETNAMESE, "cp1258", "Windows-1258"),
               # ISO-8859-16 was not tried: read as Windows-1250, "Ąnu va exista ... taxelorµ" with ş and ţ
               (ROMANIAN, "iso8859_16", "ISO-8859-16"), (ROMANIAN_CEDILLA, "cp1250", "Windows-1250")]
SINGLE_IDS = ["cp1251", "koi8-r", "cp1253", "iso8859-7", "cp1255", "iso8859-8", "cp1256", "cp1250", "iso8859-2", "cp1254",
              "cp874", "hungarian-cp1250", "hungarian-iso8859-2", "lithuanian-cp1257", "latvian-cp1257",
              "latvian-iso8859-13", "vietnamese-cp1258", "romanian-iso8859-16", "romanian-cp1250"]


@pytest.mark.parametrize(("text", "codec", "name"), SINGLE_BYTE, ids=SINGLE_IDS)
def test_a_line_of_standard_input_in_a_single_byte_code_page_is_read_in_it(text: str, codec: str, name: str) -> None:
    # every line neither UTF-8 nor East Asian was read as Windows-1252: "Ïðåçèäåíò", "g³ówny", "açýkladý"
    from dedup.formats import stdin_lines

    line = json.dumps({"id": "s", "text": text}, ensure_ascii=False).encode(codec)
    corpus = read_corpus("-", stdin=stdin_lines(io.BytesIO(line + b"\n")), min_words=5)
    assert [d.text for d in corpus.documents] == [unicodedata.normalize("NFC", text)]  # Vietnamese's marks composed


@pytest.mark.parametrize(("text", "codec", "name"), SINGLE_BYTE, ids=SINGLE_IDS)
def test_a_file_and_a_feed_line_in_a_single_byte_code_page_are_read_in_it(tmp_path: Path, text: str, codec: str,
                                                                          name: str) -> None:
    (tmp_path / "story.txt").write_bytes(text.encode(codec))
    utf8 = json.dumps({"id": "u", "text": f"Zo\u00eb M\u00fcller. {BODY}"}, ensure_ascii=False).encode()
    line = json.dumps({"id": "s", "text": text}, ensure_ascii=False).encode(codec)
    write(tmp_path / "feed.jsonl", utf8 + b"\n" + line + b"\n")
    corpus = read_corpus(tmp_path, min_words=5)
    text = unicodedata.normalize("NFC", text)
    assert {d.id: d.text for d in corpus.documents if d.id != "u"} == {"s": text, "story.txt": text}
    assert sorted(corpus.warnings) == [f"feed.jsonl:2: not UTF-8; read as {name}, the code page its letters make sense in",
                                       f"story.txt: not UTF-8; read as {name}, the code page its letters make sense in "
                                       "(it declares none)"]


def test_a_large_feed_in_a_single_byte_code_page_read_in_ranges_is_read_in_it(tmp_path: Path) -> None:
    import dedup.parts as parts

    lines = [json.dumps({"id": f"r{k}", "text": f"{RUSSIAN} {k}"}, ensure_ascii=False).encode("cp1251") for k in range(12)]
    write(tmp_path / "feed.jsonl", b"\n".join(lines) + b"\n")
    ranges = parts.plan_parts(tmp_path / "feed.jsonl", part_bytes=3 * len(lines[0]))
    assert len(ranges) >= 3 and {r.encoding for r in ranges} == {"cp1251"}
    assert [d.text for r in ranges for d in reading.read_part(r).documents] == [f"{RUSSIAN} {k}" for k in range(12)]


@pytest.mark.parametrize("text", [
    "Le président a déclaré à Genève que l'économie européenne était à un tournant décisif, après une réunion où "
    "les ministres ont évoqué la crise énergétique et les prix élevés.",
    "Þjóðin kaus í gær nýjan forseta; á kjörstað var þröng á þingi og kjörsóknin sú mesta í áratugi, að sögn "
    "yfirkjörstjórnar í Reykjavík.",  # Icelandic: Turkish read as Windows-1252 is its ð, ý and þ
    "The company’s chief executive said it wouldn’t cut jobs, but analysts didn’t believe him; the shares fell "
    "3% to £4.20 and the bonds’ yields rose — “a bad day”, one trader said, “worse than Monday’s”.",
], ids=["french", "icelandic", "curly-quotes"])
def test_western_text_in_windows_1252_stays_windows_1252(text: str) -> None:
    from dedup.formats import decode_line

    assert decode_line(text.encode("cp1252")) == (text, "not UTF-8; read as Windows-1252")


KANJI_HEADLINES = ("日経平均株価大幅続落　米長期金利上昇受　東証一部銘柄八割下落　円相場一時百五十円台　日銀総裁発言受円安加速　"
                   "政府経済対策閣議決定　総額二十兆円規模　国土交通省新幹線延伸計画発表　東京都知事選告示　与野党候補者乱立　"
                   "大阪万博会場建設費増額　関西電力原発再稼働申請　北海道大雪交通機関混乱　気象庁警報発表")


@pytest.mark.parametrize(("codec", "name"), [("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP")])
def test_japanese_headlines_with_few_kana_are_read_as_japanese(tmp_path: Path, codec: str, name: str) -> None:
    # under a twentieth of kana was no Japanese: Shift_JIS was read as Windows-1252 mojibake, EUC-JP as GBK Chinese
    (tmp_path / "story.txt").write_bytes(KANJI_HEADLINES.encode(codec))
    corpus = read_corpus(tmp_path, min_words=5)
    assert [d.text for d in corpus.documents] == [KANJI_HEADLINES]
    assert list(corpus.warnings) == [f"story.txt: not UTF-8; read as {name}, the East Asian encoding its bytes make sense "
                                     "in (it declares none)"]


@pytest.mark.parametrize("label", [None, "utf-8", "ISO-8859-1"], ids=["none", "utf-8", "iso-8859-1"])
def test_a_page_of_one_paragraph_is_read_in_its_code_page_and_named_with_its_declaration(tmp_path: Path,
                                                                                          label: str | None) -> None:
    # its one capital glued to the tag before it ("<p>Президент": a small p before a capital) was no word, so the
    # Cyrillic reading had no capital and made no sense: Windows-1252 mojibake; and a page that declared an
    # encoding its text is not was said to declare none
    meta = f'<meta charset="{label}">' if label else ""
    page = f"<html><head>{meta}<title>t</title></head><body><p>{RUSSIAN}</p></body></html>"
    (tmp_path / "a.html").write_bytes(page.encode("cp1251"))
    corpus = read_corpus(tmp_path, min_words=5)
    assert [d.text for d in corpus.documents] == [RUSSIAN]
    declares = f"declares {label}, which its text is not" if label else "declares none"
    assert corpus.warnings == (f"a.html: not UTF-8; read as Windows-1251, the code page its letters make sense in (it "
                               f"{declares})",)


@pytest.mark.parametrize("content", ["", "\n\n \r\n"], ids=["no-bytes", "blank-lines"])
def test_an_empty_jsonl_file_in_a_folder_is_named_as_an_empty_text_is(tmp_path: Path, content: str) -> None:
    # a feed that came empty (a download that failed) was left out without a word; an empty .txt was named
    write(tmp_path / "feed.jsonl", content)
    write(tmp_path / "story.txt", BODY)
    corpus = read_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["story.txt"]
    assert [(s.path, s.reason) for s in corpus.skipped] == [("feed.jsonl", "empty")]


@pytest.mark.parametrize("name", [".draft.txt", ".feed.jsonl"])
def test_a_hidden_file_given_by_name_is_read(tmp_path: Path, name: str) -> None:
    # in a folder it is left out (.git, .DS_Store); given by name it was "no article could be read (nothing there)"
    content = json.dumps({"id": "a", "text": BODY}) + "\n" if name.endswith(".jsonl") else BODY
    write(tmp_path / "site" / name, content)
    assert len(read_corpus(tmp_path / "site" / name).documents) == 1
    assert read_corpus(tmp_path / "site").documents == () and read_corpus(tmp_path / "site").skipped == ()


def test_read_corpus_reads_a_binary_stream_given_as_stdin(tmp_path: Path) -> None:
    # sys.stdin.buffer or a file opened "rb" failed with "startswith first arg must be bytes or a tuple of bytes"
    feed = write(tmp_path / "feed.jsonl", json.dumps({"id": "s1", "text": "Caf\u00e9 " + BODY}) + "\n")
    with feed.open("rb") as handle:
        (doc,) = read_corpus("-", stdin=handle).documents
    assert doc.id == "s1" and doc.text.startswith("Caf\u00e9 ")
    assert [d.id for d in read_corpus("-", stdin=io.BytesIO(feed.read_bytes())).documents] == ["s1"]


@pytest.mark.parametrize("stdin", [5, "{\"id\": \"s1\"}"], ids=["a-number", "a-string"])
def test_read_corpus_refuses_a_stdin_that_is_no_stream_of_lines(stdin: Any) -> None:
    with pytest.raises(TypeError, match="stdin must be a stream of JSONL lines"):
        read_corpus("-", stdin=stdin)


@pytest.mark.parametrize(("given", "hint"), [(BODY * 40, True), ("a" * 5000, False), ("dir/" * 1200 + "x.txt", False)],
                         ids=["an-article-text", "a-long-name", "a-deep-path"])
def test_a_path_too_long_is_told_a_text_goes_in_a_document_only_when_it_is_a_text(given: str, hint: bool) -> None:
    # a path of 5,000 letters given to `dedup compare` was told "(a text goes in a Document)", an API's hint
    with pytest.raises(InputError, match="cannot be read") as refused:
        read_corpus(given)
    assert ("a text goes in a Document" in str(refused.value)) == hint


def test_a_feed_with_a_line_in_utf16_among_its_utf8_lines_is_read_line_by_line(tmp_path: Path) -> None:
    # the UTF-16 line's NULs made the feed's first bytes look binary: the whole feed was skipped ("binary file")
    lines = [json.dumps({"id": f"g{n}", "text": "Οι λιμενεργάτες απήργησαν για τους μισθούς τους τη Δευτέρα " * 3
                         + str(n)}, ensure_ascii=False) + "\n" for n in range(4)]
    (tmp_path / "feed.jsonl").write_bytes(lines[0].encode() + lines[1].encode("utf-16-le")
                                          + (lines[2] + lines[3]).encode())
    corpus = read_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["g0", "g1", "g2", "g3"] and not corpus.skipped
    assert corpus.documents[1].text.startswith("Οι λιμενεργάτες")
    assert any("feed.jsonl:2: not UTF-8; read as UTF-16-LE" in w for w in corpus.warnings)
    # binary data named .jsonl is still a binary file
    (tmp_path / "feed.jsonl").write_bytes(random.Random(4).randbytes(9000))
    assert [(s.path, s.reason) for s in read_corpus(tmp_path).skipped] == [("feed.jsonl", "binary file")]


def test_a_utf16_line_in_a_feed_of_ascii_lines_is_read_alike_whole_and_in_ranges(tmp_path: Path) -> None:
    # the feed was read as Windows-1252 as a whole (the Greek line's UTF-16 bytes are no UTF-8): "Ÿ¹ »¹¼µ½µÁ³¬..."
    import dedup.parts as parts

    greek = "Οι λιμενεργάτες απήργησαν για τους μισθούς τους τη Δευτέρα και τα πλοία περιμένουν ανοιχτά. " * 2
    greek = greek.strip()
    lines = [(json.dumps({"id": f"a{k}", "text": f"Story {k}. {BODY}"}) + "\n").encode() for k in range(60)]
    lines[50] = (json.dumps({"id": "greek", "text": greek}, ensure_ascii=False) + "\n").encode("utf-16-le")
    assert sum(map(len, lines[:50])) > 8192  # past the first bytes a file's kind is judged by: no binary file
    write(tmp_path / "feed.jsonl", b"".join(lines))
    whole = read_corpus(tmp_path)
    assert {d.id: d.text for d in whole.documents}["greek"] == greek and len(whole.documents) == 60
    assert "feed.jsonl:51: not UTF-8; read as UTF-16-LE (its NULs)" in whole.warnings
    ranges = parts.plan_parts(tmp_path / "feed.jsonl", part_bytes=10 * len(lines[0]))
    assert len(ranges) >= 3 and {r.encoding for r in ranges} == {"mixed"}
    read = [reading.read_part(r) for r in ranges]
    assert [(d.id, d.text) for c in read for d in c.documents] == [(d.id, d.text) for d in whole.documents]


def test_a_progress_that_cannot_be_called_is_refused_before_the_read(tmp_path: Path) -> None:
    # read_corpus(folder, progress=5) failed with "'int' object is not callable" after the first file was read,
    # as scan() and Index.add_many refuse it before any work
    write(tmp_path / "a.txt", BODY)
    with pytest.raises(TypeError, match=r"progress must be a function called as progress\(stage, done, total\), or "
                                        r"None, not int"):
        read_corpus(tmp_path, progress=5)  # type: ignore[arg-type]


def test_a_compressed_feed_is_named_so_with_what_to_do(tmp_path: Path) -> None:
    # a gzip feed was "binary file" under a .jsonl name and "unsupported file type .gz" under its own, and a zip
    # archive named .txt "binary file": nothing said what it was or what to do
    import gzip
    import zipfile

    feed = (json.dumps({"id": "a", "text": BODY}) + "\n").encode()
    write(tmp_path / "wire.txt", BODY)
    write(tmp_path / "feed.jsonl", gzip.compress(feed))
    write(tmp_path / "feed.jsonl.gz", gzip.compress(feed))
    with zipfile.ZipFile(tmp_path / "bundle.txt", "w") as bundle:
        bundle.writestr("a.txt", BODY)
    reasons = {s.path: s.reason for s in read_corpus(tmp_path).skipped}
    gzipped = "gzip-compressed: decompress it first (dedup reads text; zcat FILE | dedup scan - reads a compressed feed)"
    assert reasons == {"feed.jsonl": gzipped, "feed.jsonl.gz": f"unsupported file type .gz, {gzipped}",
                       "bundle.txt": "a zip archive: extract it first (dedup reads text files, and folders of them)"}
    (tmp_path / "noise.txt").write_bytes(bytes(range(256)) * 8)  # other binary bytes: as before
    assert {s.path: s.reason for s in read_corpus(tmp_path).skipped}["noise.txt"] == "binary file"


def test_compressed_standard_input_is_one_error_not_a_malformed_line_each() -> None:
    # `cat feed.jsonl.gz | dedup scan -` skipped hundreds of "malformed JSON line"s and read no article
    import gzip

    data = gzip.compress((json.dumps({"id": "a", "text": BODY}) + "\n").encode() * 50)
    with pytest.raises(InputError, match=re.escape("standard input is gzip-compressed: decompress it on its way in "
                                                   "(zcat FILE | dedup ...)")):
        read_corpus("-", stdin=io.BytesIO(data))


def test_a_large_file_of_json_over_several_lines_is_one_reason_past_its_first_range(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # past PART_BYTES (ranges read apart) only the first range was named as one reason: each line of the others
    # was a malformed line of its own (65,595 inputs skipped for 41 MB of `jq .`)
    import dedup.parts as parts

    monkeypatch.setattr(parts, "PART_BYTES", 700)
    articles = [{"id": f"a{n}", "text": f"{BODY} Number {n}."} for n in range(20)]
    write(tmp_path / "feed.jsonl", json.dumps(articles, indent=2))
    write(tmp_path / "ok.jsonl", json.dumps({"id": "b", "text": BODY}) + "\n")
    assert len(parts.large_jsonl_ranges(tmp_path / "feed.jsonl", tmp_path)) > 3
    corpus = read_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["b"]
    assert [(s.path, s.reason) for s in corpus.skipped] == [("feed.jsonl", reading.PRETTY_JSON)]
    # an engine that reads the ranges apart (Dask) gives the same one reason
    plan = [part for part in parts.plan_parts(tmp_path, part_bytes=700) if "feed.jsonl" in part.files[0]]
    read = [s for part in plan for s in reading.read_part(part).skipped]
    assert len(read) > 1 and reading.pretty_json_collapsed(read) == [reading.Skipped("feed.jsonl", reading.PRETTY_JSON)]


@pytest.mark.parametrize("indent_list", [False, True], ids=["objects", "a-list"])
def test_json_written_over_several_lines_in_a_jsonl_file_is_one_reason(tmp_path: Path, indent_list: bool) -> None:
    # `jq . > feed.jsonl` was a "malformed JSON line" for each of its lines (hundreds), and read no article
    articles = [{"id": f"a{n}", "text": f"{BODY} Number {n}."} for n in range(3)]
    text = json.dumps(articles, indent=2) if indent_list else "\n".join(json.dumps(a, indent=2) for a in articles)
    write(tmp_path / "feed.jsonl", text)
    write(tmp_path / "ok.jsonl", json.dumps({"id": "b", "text": BODY}) + "\n{broken\n")
    corpus = read_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["b"]
    assert [(s.path, s.reason) for s in corpus.skipped] == [
        ("feed.jsonl", reading.PRETTY_JSON), ("ok.jsonl:2", "malformed JSON line (Expecting property name enclosed in "
                                                              "double quotes at column 2)")]
    piped = read_corpus("-", stdin=io.BytesIO(text.encode()))
    assert [(s.path, s.reason) for s in piped.skipped] == [("<stdin>", reading.PRETTY_JSON)]


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


def test_a_text_given_as_jsonl_is_one_reason_not_a_malformed_line_for_each_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a text of 200 MB piped to `scan -` was two million "malformed JSON line"s (660 MB, 55 s) for one mistake
    lines = [f"{BODY} Line {n}." for n in range(reading.NOT_JSONL_LINES + 5)]
    write(tmp_path / "in" / "notes.jsonl", "\n".join(lines) + "\n")
    write(tmp_path / "in" / "ok.jsonl", json.dumps({"id": "b", "text": BODY}) + "\nnot json\n")
    corpus = read_corpus(tmp_path / "in")
    assert [d.id for d in corpus.documents] == ["b"]
    assert [(s.path, s.reason) for s in corpus.skipped] == [
        ("notes.jsonl", reading.NOT_JSONL), ("ok.jsonl:2", "malformed JSON line (Expecting value at column 1)")]
    piped = read_corpus("-", stdin=io.BytesIO(("\n".join(lines) + "\n").encode()))
    assert [(s.path, s.reason) for s in piped.skipped] == [("<stdin>", reading.NOT_JSONL)]
    # a feed whose articles come after its first lines, or fewer bad lines than the bound, is read as before
    few = read_corpus("-", stdin=io.BytesIO(("\n".join(lines[:10]) + "\n" + json.dumps({"id": "c", "text": BODY})).encode()))
    assert [d.id for d in few.documents] == ["c"] and len(few.skipped) == 10


def test_a_large_text_given_as_jsonl_is_one_reason_past_its_first_range(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # read in ranges (past PART_BYTES), on either engine
    import dedup.parts as parts

    monkeypatch.setattr(parts, "PART_BYTES", 2000)
    monkeypatch.setattr(reading, "NOT_JSONL_LINES", 5)
    write(tmp_path / "notes.jsonl", "\n".join(f"{BODY} Line {n}." for n in range(200)) + "\n")
    write(tmp_path / "ok.jsonl", json.dumps({"id": "b", "text": BODY}) + "\n")
    assert len(parts.large_jsonl_ranges(tmp_path / "notes.jsonl", tmp_path)) > 3
    corpus = read_corpus(tmp_path)
    assert [(s.path, s.reason) for s in corpus.skipped] == [("notes.jsonl", reading.NOT_JSONL)]
    plan = [part for part in parts.plan_parts(tmp_path, part_bytes=2000) if "notes.jsonl" in part.files[0]]
    read = [s for part in plan for s in reading.read_part(part).skipped]
    assert len(read) > 1 and reading.pretty_json_collapsed(read) == [reading.Skipped("notes.jsonl", reading.NOT_JSONL)]


@pytest.mark.parametrize("text", ["中国经济增长快。" * 40, "今天天气很好，" * 40, "北京上海广州深圳" * 30])
def test_a_few_chinese_characters_repeated_are_read_as_chinese_not_kana_less_japanese(tmp_path: Path, text: str) -> None:
    # read as EUC-JP (mojibake, "嶄忽将蔀奐海酔"): their repeats counted as the many kanji of Japanese headlines, whose
    # common kanji say enough without kana; the few different characters say nothing of Japanese
    (tmp_path / "story.txt").write_bytes(text.encode("gb18030"))
    corpus = read_corpus(tmp_path, min_words=5)
    assert [d.text for d in corpus.documents] == [text]
    assert list(corpus.warnings) == ["story.txt: not UTF-8; read as GBK, the East Asian encoding its bytes make sense in "
                                     "(it declares none)"]


@pytest.mark.parametrize("tail", ["\ud800", "\udfff and more words after it"], ids=["ending", "inside"])
def test_an_articles_text_given_for_a_path_the_system_takes_is_named_in_brief(tail: str) -> None:
    # a text the system does not refuse as a name (a lone surrogate in it: no file can be named so) was
    # echoed whole in "...: no such file", 2,900 characters and the surrogate, which no UTF-8 output takes
    from dedup import Document, compare

    with pytest.raises(InputError) as refused:
        compare(BODY * 10 + tail, Document("b", BODY))
    message = str(refused.value)
    assert message.endswith(": no such file (a text goes in a Document)") and len(message) < 160
    message.encode("utf-8")  # no lone surrogate left


def test_a_short_path_with_a_lone_surrogate_is_named_escaped() -> None:
    with pytest.raises(InputError) as refused:
        reading.read_article("x\ud800.txt")
    assert str(refused.value) == "x\\ud800.txt: no such file"


_RTF_HEADER = ("{\\rtf1\\ansi\\ansicpg1252\\cocoartf2709\n{\\fonttbl\\f0\\fswiss\\fcharset0 Helvetica;\\f1\\froman\\fcharset0 "
               "Times-Roman;}\n{\\colortbl;\\red255\\green255\\blue255;\\red0\\green0\\blue0;\\red38\\green38\\blue38;}\n"
               "\\paperw11900\\paperh16840\\margl1440\\margr1440\\vieww11520\\viewh8400\\viewkind0\n"
               "\\pard\\tx566\\tx1133\\tx1700\\tx2267\\tx2834\\tx3401\\tx3968\\tx4535\\tx5102\\pardirnatural\n\\f0\\fs24 \\cf0 ")


def _office_zip(first: str, content: str) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(first, "application/vnd.oasis.opendocument.text" if first == "mimetype" else "<Types/>")
        archive.writestr("content.xml", content)
    return out.getvalue()


@pytest.mark.parametrize(("content", "kind"), [
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n" + BODY.encode(), "a PDF document"),
    ((_RTF_HEADER + BODY + "}").encode(), "an RTF document"),
    (codecs.BOM_UTF8 + (_RTF_HEADER + BODY + "}").encode(), "an RTF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600) + BODY.encode(), "a Word, Excel or PowerPoint document (of before 2007)"),
    (_office_zip("[Content_Types].xml", BODY), "an office document (Word, Excel, OpenDocument)"),
    (_office_zip("mimetype", BODY), "an office document (Word, Excel, OpenDocument)"),
], ids=["pdf", "rtf", "rtf-behind-a-mark", "ole", "docx", "odt"])
def test_a_document_named_as_text_is_skipped_as_what_it_is(tmp_path: Path, content: bytes, kind: str) -> None:
    # "binary file" or "a zip archive: extract it first" for a PDF or a .docx; an RTF file was read as text, its
    # control words and all
    write(tmp_path / "story.txt", content)
    corpus = read_corpus(tmp_path)
    assert corpus.documents == ()
    assert corpus.skipped[0].reason == f"{kind}, not text: save it as text (.txt) or HTML first"


def test_two_stories_saved_as_rtf_by_one_editor_are_no_copy(tmp_path: Path) -> None:
    # the editor's header of fonts and colours, the same in both, made two unrelated stories a copy (these two a
    # duplicate; two Reuters stories of 473 and 791 characters so saved, partial 0.66)
    from typer.testing import CliRunner

    from dedup.cli import app

    first = "The central bank raised its main rate by a quarter point on Tuesday, its third rise this year. " * 3
    second = "Heavy rain flooded the river valley overnight and hundreds of homes were left without power. " * 3
    write(tmp_path / "a.txt", _RTF_HEADER + first + "\\par\n}")
    write(tmp_path / "b.txt", _RTF_HEADER + second + "\\par\n}")
    result = CliRunner().invoke(app, ["scan", str(tmp_path), "--json", "-"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "no article could be read (2 inputs skipped, such as a.txt: an RTF document, not text" in result.output


def test_a_document_on_standard_input_is_refused_as_what_it_is() -> None:
    from dedup.formats import stdin_lines

    with pytest.raises(InputError, match=r"^standard input is a PDF document, not text: save it as text \(\.txt\) or HTML first$"):
        list(stdin_lines(io.BytesIO(b"%PDF-1.7\n" + BODY.encode() + b"\n")))


@pytest.mark.parametrize(("name", "says"), [
    ("feed.csv", "unsupported file type .csv, a table: write its articles as JSONL, one {\"id\": ..., \"text\": ...} object a line"),
    ("sheet.xlsx", "unsupported file type .xlsx, a table: write its articles as JSONL"),
    ("story.pdf", "unsupported file type .pdf, a document, not text: save it as text (.txt) or HTML first"),
    ("story.docx", "unsupported file type .docx, a document, not text"),
    ("news.db", "unsupported file type .db, a database (such as a dedup index), not articles"),
    ("photo.png", "unsupported file type .png"),
], ids=["csv", "xlsx", "pdf", "docx", "index", "png"])
def test_a_file_of_another_kind_says_what_to_do_with_it(tmp_path: Path, name: str, says: str) -> None:
    write(tmp_path / name, BODY)
    corpus = read_corpus(tmp_path)
    assert corpus.documents == () and corpus.skipped[0].reason.startswith(says)
    assert name != "photo.png" or corpus.skipped[0].reason == says
