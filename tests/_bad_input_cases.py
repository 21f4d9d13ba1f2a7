"""The bad files every entry point is given (tests/test_equal_readings.py): each ``Case`` is read (with the
warning it says) or skipped (for the reason it says)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from _bad_input_files import LINE, TEXT, _file


@dataclass(frozen=True)
class Case:
    """A bad input file; ``read`` when it is read (with ``says`` as a warning), else skipped (``says`` the reason)."""

    name: str
    make: Callable[[Path], Path]
    read: bool
    says: str | None
    articles: int = 1  # articles read from it when ``read`` (a feed with a bad line: the good ones)


CASES = [
    Case("empty-file", _file("empty.txt", ""), False, "empty"),
    Case("binary", _file("photo.txt", bytes(range(256)) * 40), False, "binary file"),
    # not a binary file, as it was called: only white space and control characters, empty as an empty file is
    Case("controls-only", _file("blank.txt", b" \x00\x01\n\t\x0b\x1f\x7f \n" * 3), False,
         "empty (only white space and control characters)"),
    Case("control-bytes", _file("garbled.txt", TEXT.replace("drills", "dri\x00lls", 1).replace("Belarus", "Bel\x07arus", 1)),
         True, "2 control characters (such as NUL) dropped"),
    Case("latin-1", _file("latin.txt", TEXT.replace("military", "militaire é").encode("latin-1", errors="replace")),
         True, "not UTF-8; read as Windows-1252"),
    Case("utf-16", _file("wide.txt", TEXT.encode("utf-16")), True, None),
    # no byte-order mark: was skipped as "binary file"
    Case("utf-32-no-bom", _file("wide32.txt", TEXT.encode("utf-32-le")), True, None),
    # a UTF-8 text with a Windows-1252 line pasted in: was skipped as "undecodable" (its curly quotes hold
    # bytes Windows-1252 lacks), or read all of it as Windows-1252, with mojibake in every UTF-8 line
    Case("mixed-encodings", _file("mixed.txt", TEXT.replace("said", "said \u201cso\u201d", 1).encode()
                                  + "\nCaf\xe9 owners in Minsk were \xabworried\xbb.\n".encode("cp1252")), True,
         "mixes UTF-8 and other lines: 1 line not UTF-8; read as Windows-1252"),
    # a copy or a download that stopped inside a character: the article was lost (or all of it mojibake)
    # one line of UTF-8 with a byte of another encoding in it (a one-line JSON article): was skipped as
    # undecodable, the article lost to a byte
    Case("stray-byte", _file("stray.json", json.dumps({"id": "s", "text": TEXT}, ensure_ascii=False).encode()
                             .replace(b"military", b"milit\xe4ry", 1)), True,
         "UTF-8 but for 1 stray byte (of another encoding?); read as U+FFFD"),
    Case("cut-off-utf-8", _file("cut.txt", (TEXT.strip() + " €").encode()[:-1]), True,
         "ends inside a character (the file was cut off?); read without it"),
    Case("cut-off-utf-16", _file("cut16.txt", TEXT.encode("utf-16")[:-1]), True, "ends inside a character"),
    Case("malformed-jsonl", _file("feed.jsonl", LINE + "\n{not json\n"), True, "feed.jsonl:2: malformed JSON line"),
    Case("truncated-jsonl", _file("cut.jsonl", LINE + "\n" + LINE.replace("feed-1", "feed-2")[:200]), True,
         "cut.jsonl:2: malformed JSON line"),
    Case("json-list-of-numbers", _file("list.json", json.dumps([1, 2])), False, "must be an object"),
    Case("missing-text", _file("notext.json", json.dumps({"id": "n", "title": "A headline only"})), False,
         "no 'text' field"),
    # one id, two texts (an updated story): which is meant is not guessed
    Case("duplicate-ids", _file("dups.jsonl", LINE + "\n" + json.dumps({"id": "feed-1", "text": TEXT + " It was updated."})
                                + "\n"), False, "duplicate article id 'feed-1'"),
    # one id, one text (a feed exported twice, one story in two feeds of one outlet): it was the error above
    Case("repeated-article", _file("twice.jsonl", LINE + "\n" + LINE + "\n"), True,
         "the same article as twice.jsonl:1 (id 'feed-1'), read once"),
    Case("20MB-article", lambda folder: _big(folder), True, "longer than 1,000,000 characters; truncated"),
    # JSON escapes of lone surrogates, in the id and the text: read with U+FFFD in their place
    Case("lone-surrogates", _file("odd.json", json.dumps({"id": "odd-\udc80", "text": TEXT + " \ud800"})), True, None),
    Case("deep-json", _file("deep.json", "[" * 100_000 + "]" * 100_000), False, "malformed JSON (nested too deep"),
    # nested less deep than the JSON parser stops at, a field failed with RecursionError where the record was walked
    Case("deep-field", _file("deepfield.json", '{"id": "d", "text": ' + json.dumps(TEXT) + ', "extra": ' + "[" * 600
                             + "]" * 600 + "}"), False, "malformed JSON (nested too deep"),
    Case("long-number", _file("num.json", '{"id": "n", "views": ' + "7" * 5000 + ', "text": ' + json.dumps(TEXT) + "}"),
         False, "malformed JSON (a number too long"),
    Case("date-off-the-calendar", _file("old.json", json.dumps({"id": "o", "text": TEXT, "published": "0001-01-01T00:00:00+05:00"})),
         True, "'published' is not a date (ISO 8601 or RFC 2822)"),
    # whitespace-split "words" of no letter or digit met the minimum of 20: read as an article (robust52)
    Case("only-punctuation", _file("dots.txt", "... !!! ??? -- ;; (( )) " * 40), False, "no words"),
    Case("only-emoji", _file("emoji.txt", "\U0001F600 \U0001F389 \U0001F44D\U0001F3FD \U0001F468\u200d\U0001F469 \U0001F1EB\U0001F1F7 " * 40),
         False, "no words"),
    Case("only-combining-marks", _file("marks.txt", " ".join(["\u0301\u0308\u0327"] * 200)), False, "no words"),
    Case("nan-field", _file("nan.json", '{"id": "nan", "score": NaN, "reach": 1e999, "text": ' + json.dumps(TEXT) + "}"), True, None),
    # an e-mail message of parts nested 2,000 deep (a mail loop's or a bomb's): the mail parser's RecursionError
    # stopped every command with a traceback (twenty-seventh look)
    Case("mail-nested-too-deep", lambda folder: _nested_mail(folder, 2000, rfc822=True), False, "nested too deep to read"),
    Case("mail-too-many-parts", lambda folder: _nested_mail(folder, 2000), False, "of more than 1,000 parts"),
    # a web page saved under a text name (``wget -O story.txt``): its scripts, styles and menus were read as the
    # article's words, and unrelated pages of one site reported as copies of each other (twenty-seventh look)
    Case("html-page-as-text", _file("page.txt", "<!DOCTYPE html>\n<html><head><title>Drills</title><script>var ads = "
                                    "['top', 'mid'];</script></head><body><nav><a href='/'>Home</a></nav><p>"
                                    + TEXT.replace("\n\n", "</p><p>") + "</p></body></html>"), True,
         "an HTML page under a text name; read as HTML"),
    # the same page as a JSON record's text (a scraper's export): read as text, as above
    Case("html-page-in-json-text", _file("page.json", json.dumps({"id": "p", "text": "<!DOCTYPE html>\n<html><body><nav>"
                                         "<a href='/'>Home</a></nav><p>" + TEXT.replace("\n\n", "</p><p>")
                                         + "</p></body></html>"})), True, "its 'text' is a whole HTML page; read as HTML"),
    # an RSS feed saved under a text name: all its items, their markup and its channel's lines were one article,
    # then it was skipped ("write its items as JSONL, ... or name it .rss"); read as the feed it is
    Case("rss-feed-as-text", _file("feed.txt", '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                                   "<title>Wire</title><item><title>Drills</title><description>"
                                   + TEXT.replace("&", "&amp;").replace("<", "&lt;") + "</description></item></channel></rss>"),
         True, "an RSS feed under a text name; read as a feed"),
    # a message with no text part: was "empty"
    Case("mail-no-text-part", _file("scan.eml", "From: desk@example.com\nSubject: Scan\nMIME-Version: 1.0\n"
                                    "Content-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n"
                                    "JVBERi0xLjQK\n"), False, "an e-mail message with no text or HTML part (application/pdf)"),
    # an RSS feed as a JSON record's text (a scraper's export of one site's feeds): read as one article of its items
    # and its channel's lines, the records of one site were reported as copies of each other (twenty-eighth look)
    Case("rss-feed-in-json-text", _file("feed.json", json.dumps({"id": "f", "text": '<?xml version="1.0"?>\n<rss '
                                        'version="2.0"><channel><title>Wire</title><item><description>'
                                        + TEXT.replace("&", "&amp;").replace("<", "&lt;")
                                        + "</description></item></channel></rss>"})),
         False, "its 'text' is an RSS feed, not an article: give each of its items as a record of its own"),
    # a message of several plain parts, the story in the last: only the first was read ("too short")
    Case("mail-many-plain-parts", _file("parts.eml", "From: desk@example.com\nSubject: Drills\nMIME-Version: 1.0\n"
                                        'Content-Type: multipart/mixed; boundary="x"\n\n'
                                        + "".join(f"--x\nContent-Type: text/plain\n\nPart {i}.\n" for i in range(30))
                                        + "--x\nContent-Type: text/plain\n\n" + TEXT + "\n--x--\n"), True, None),
    # a damaged encoded word as the subject: the mail library's reading of it was the title, nonsense ("\ufffd{\u0596'")
    Case("mail-damaged-subject", _file("subject.eml", "From: desk@example.com\nSubject: =?utf-8?b?!!!invalid?=\n"
                                       "MIME-Version: 1.0\n\n" + TEXT), True,
         "its Subject holds a damaged encoded word (=?...?=); no title taken from it"),
    # a page built by scripts: a notice to turn JavaScript on shown, the story only in its JSON-LD ``articleBody``;
    # read as the notice, one site's unrelated stories were duplicates of each other (twenty-ninth look)
    Case("ld-json-page", _file("story.html", '<html><head><script type="application/ld+json">'
                               + json.dumps({"@type": "NewsArticle", "articleBody": TEXT}).replace("</", "<\\/")
                               + "</script></head><body><div id='app'><p>Please enable JavaScript to read this story."
                               "</p></div></body></html>"), True, None),
    # an article's body as a CMS exports it, its markup and the site's newsletter offer inside: read as text, the
    # offer and the photo credits were its last words, and one site's unrelated stories partial copies
    Case("html-markup-in-json-text", _file("cms.json", json.dumps({"id": "m", "text": "<p>" + TEXT.replace("\n\n", "</p><p>")
                                           + "</p><div class='newsletter-signup'><p>Sign up for our morning newsletter."
                                           "</p></div>"})), True,
         "its 'text' is HTML markup (an article's body as a CMS exports it); read as HTML"),
    # a CMS's export of a list of articles, and of a body nested as an object: both were "no 'text' field"
    Case("json-articles-list", _file("export.json", json.dumps({"articles": [{"id": "a", "text": TEXT}], "total": 1})),
         True, "an object whose 'articles' lists 1 article; each read as an article"),
    # a story forwarded with a note and the desk's disclaimer: read as the note and the disclaimer alone (too short,
    # or, for one desk's forwards of unrelated stories, duplicates of each other)
    Case("mail-forwarded-story", _file("fwd.eml", "From: editor@example.com\nSubject: Fwd: drills\nMIME-Version: 1.0\n"
                                       'Content-Type: multipart/mixed; boundary="x"\n\n--x\nContent-Type: text/plain\n\n'
                                       "See below.\n\n--x\nContent-Type: message/rfc822\n\nFrom: desk@example.com\n"
                                       "Subject: Drills\nContent-Type: text/plain\n\n" + TEXT + "\n--x\nContent-Type: "
                                       "text/plain\n\nThis message is confidential.\n--x--\n"), True, None),
    Case("json-nested-body", _file("nested.json", json.dumps({"id": "n", "body": {"html": "<p>" + TEXT + "</p>"}})),
         False, "its 'body' is an object, not the article's text;"),
    # a CMS's export as a JSON list of articles: refused ("not a list"), its articles lost (thirtieth look)
    Case("json-list", _file("export.json", json.dumps([{"id": "a", "title": "Drills", "text": TEXT}], indent=2)), True,
         None),
    Case("json-list-malformed", _file("broken.json", '[\n  {"id": "a", "text": "x",\n'), False,
         "malformed JSON list (Expecting property name enclosed in double quotes at line 3, column 1)"),
    # a CSV export, one article a row, its body quoted over several lines: "unsupported file type .csv"
    Case("csv-export", _file("export.csv", 'id,Title,Text\nd1,Drills,"' + TEXT.replace('"', '""') + '"\n'),
         True, None),
    Case("csv-no-text-column", _file("export.csv", "id,headline,story\nd1,Drills,x\n"), False,
         "a table with no text column (its header names 'id', 'headline', 'story')"),
    # the same saved as .txt: one article of all its rows (two exports that shared rows were a pair)
    Case("csv-as-txt", _file("export.txt", "id,title,text\n" + "".join(
        f'd{n},Drills {n},"{TEXT} Row {n}."\n' for n in range(3))), True,
         "a CSV table under a text name; read as a table, one article a row", articles=3),
]


IDS = [c.name for c in CASES]


FATAL = {"duplicate-ids"}  # an error for the whole input, not a skip
ONCE = {"repeated-article"}  # an article read twice: read once, the repeat named, nothing left unread


def _nested_mail(folder: Path, depth: int, *, rfc822: bool = False) -> Path:
    """A message whose text part sits ``depth`` multipart parts deep (``rfc822``: messages within messages; a
    multipart that deep is first a message of too many parts)."""
    body = "Content-Type: text/plain\n\n" + TEXT
    for level in range(depth):
        body = ("From: desk@example.com\nSubject: Fwd\nMIME-Version: 1.0\nContent-Type: message/rfc822\n\n" + body
                if rfc822 else f'Content-Type: multipart/mixed; boundary="b{level}"\n\n--b{level}\n{body}\n--b{level}--\n')
    path = folder / "loop.eml"
    path.write_text("From: desk@example.com\nSubject: Fwd\nMIME-Version: 1.0\n" + body)
    return path


def _big(folder: Path) -> Path:
    path = folder / "huge.txt"
    sentence = "Officials in Minsk said the drills near the border would last ten days and involve 3,000 troops. "
    with path.open("w") as out:
        for _ in range(20 * 1024 * 1024 // len(sentence) + 1):
            out.write(sentence)
    return path
