"""Tests for dedup.mail: an e-mail message saved as a text, read for the text it carries (its cases through every
entry point are in tests/test_equal_readings.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dedup.mail import MAIL_NO_TEXT, MAIL_TOO_DEEP, MAIL_TOO_MANY, MAX_MAIL_PARTS, mail_message
from dedup.reading import read_corpus

HEAD = "From: desk@example.com\nSubject: Port strike\nMIME-Version: 1.0\n"
STORY = ("Dock workers at Harlow walked out over pay on Monday, leaving ships waiting at sea, the union said. "
         "The port authority said talks would resume on Wednesday.\n")


def _nested(depth: int, *, kind: str = "multipart") -> str:
    body = "Content-Type: text/plain\n\n" + STORY
    for level in range(depth):
        body = (f'Content-Type: multipart/mixed; boundary="b{level}"\n\n--b{level}\n{body}\n--b{level}--\n'
                if kind == "multipart" else HEAD + "Content-Type: message/rfc822\n\n" + body)
    return HEAD + body


def test_a_message_nested_a_few_levels_is_read_and_one_nested_thousands_deep_is_said_too_deep() -> None:
    assert mail_message(_nested(20)).text.strip() == STORY.strip()
    assert mail_message(_nested(MAX_MAIL_PARTS // 2 - 1)).text.strip() == STORY.strip()  # 998 boundary lines
    # a RecursionError of the parser, not caught, once; parts nested in parts are parts too many first
    for kind, unread in (("multipart", MAIL_TOO_MANY), ("rfc822", MAIL_TOO_DEEP)):
        found = mail_message(_nested(3000, kind=kind))
        assert found is not None and found.text == "" and found.unread == unread


@pytest.mark.parametrize("parts", [MAX_MAIL_PARTS - 1, 10_000])
def test_a_message_of_thousands_of_parts_is_left_out_before_it_is_parsed(tmp_path: Path, parts: int) -> None:
    # 10,000 parts of a few words (165 KB) took the mail parser 29 s, a part's headers parsed 8 times over
    body = "".join(f"--x\nContent-Type: text/plain\n\npart {i}\n" for i in range(parts))
    (tmp_path / "bomb.eml").write_text(HEAD + 'Content-Type: multipart/mixed; boundary="x"\n\n' + STORY + body + "--x--\n")
    corpus = read_corpus(tmp_path / "bomb.eml")
    if parts > MAX_MAIL_PARTS:
        assert corpus.documents == () and [s.reason for s in corpus.skipped] == [
            "an e-mail message of more than 1,000 parts (lines opening with '--', as a part's boundary does), which "
            "would take minutes to read: left out"]
    else:
        assert len(corpus.documents) == 1 and corpus.skipped == ()


def test_a_message_with_no_text_part_names_its_parts() -> None:
    found = mail_message(HEAD + "Content-Type: application/pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n")
    assert found.unread == f"{MAIL_NO_TEXT} (application/pdf)"
    parts = "".join(f'--x\nContent-Type: image/{k}\n\nAAAA\n' for k in ("png", "gif", "jpeg", "webp"))
    found = mail_message(HEAD + 'Content-Type: multipart/mixed; boundary="x"\n\n' + parts + "--x--\n")
    assert found.unread == f"{MAIL_NO_TEXT} (image/gif, image/jpeg, image/png, ...)"


def test_a_multipart_message_that_names_no_boundary_is_read_as_its_body() -> None:
    found = mail_message(HEAD + "Content-Type: multipart/mixed\n\n" + STORY)  # was read as empty
    assert found is not None and found.unread is None and found.text == STORY and not found.html


def test_a_message_the_reader_cannot_read_is_skipped_with_why(tmp_path: Path) -> None:
    (tmp_path / "loop.eml").write_text(_nested(3000, kind="rfc822"))
    (tmp_path / "scan.eml").write_text(HEAD + "Content-Type: application/pdf\n\nJVBERi0xLjQK\n")
    (tmp_path / "plain.eml").write_text(HEAD + "Content-Type: multipart/mixed\n\n" + STORY * 2)
    corpus = read_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["plain.eml"] and corpus.documents[0].title == "Port strike"
    assert sorted((s.path, s.reason) for s in corpus.skipped) == [
        ("loop.eml", MAIL_TOO_DEEP), ("scan.eml", f"{MAIL_NO_TEXT} (application/pdf)")]


def test_a_message_whose_html_part_holds_more_elements_than_a_page_is_read_with_is_skipped(tmp_path: Path) -> None:
    import base64

    from dedup.markup import MAX_HTML_ELEMENTS

    page = "<html><body>" + "<p>a</p>" * (MAX_HTML_ELEMENTS + 1) + "</body></html>"
    (tmp_path / "page.eml").write_text(HEAD + "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: "
                                       "base64\n\n" + base64.encodebytes(page.encode()).decode())
    corpus = read_corpus(tmp_path)  # the page was parsed whole (2,000,000 elements: a minute and 1 GB)
    assert not corpus.documents and len(corpus.skipped) == 1
    assert corpus.skipped[0].reason.startswith(f"too many HTML elements for one article ({MAX_HTML_ELEMENTS + 3:,};")


def test_a_message_forwarded_whole_or_a_story_attached_as_a_text_is_read() -> None:
    forwarded = mail_message(_nested(2, kind="rfc822"))  # message/rfc822 as the body: was read as empty
    assert forwarded.unread is None and forwarded.text.strip() == STORY.strip()
    attached = mail_message(HEAD + 'Content-Type: multipart/mixed; boundary="x"\n\n--x\nContent-Type: image/png\n\n'
                            'AAAA\n--x\nContent-Type: text/plain\nContent-Disposition: attachment; filename="story.txt"'
                            "\n\n" + STORY + "--x--\n")
    assert attached.unread is None and attached.text.strip() == STORY.strip()


def test_a_message_whose_head_runs_past_the_first_64_kb_is_still_read_as_a_message(tmp_path: Path) -> None:
    long_to = "To: " + ", ".join(f"user{i}@example.com" for i in range(60000)) + "\n"  # one header line of 1.3 MB
    folded = "To: " + ",\n ".join(f"user{i}@example.com" for i in range(3000)) + "\n"  # 3,000 lines, one field
    for name, head in (("long.eml", long_to), ("folded.eml", folded)):
        (tmp_path / name).write_text(HEAD + head + "\n" + STORY)  # its head was read as the article's first words
    corpus = read_corpus(tmp_path, min_words=5)
    assert not corpus.skipped and not corpus.warnings
    assert {(d.id, d.title, d.text) for d in corpus.documents} == {
        (name, "Port strike", STORY.strip()) for name in ("long.eml", "folded.eml")}
    assert mail_message("Note: " + "x" * 70000 + "\nmore words, no head\n\n" + STORY) is None  # no message
    assert mail_message("From: a\nSubject: b\n" + "Cc: c\n" * 201 + "\n" + STORY) is None  # too many fields


def test_a_damaged_encoded_subject_is_no_title_and_is_said(tmp_path: Path) -> None:
    from dedup.mail import DAMAGED_SUBJECT

    body = "From: desk@example.com\nMIME-Version: 1.0\nSubject: {}\n\n" + STORY
    for subject in ("=?utf-8?b?!!!invalid?=", "Port =?utf-8?q?=C3=28?= strike", "=?utf-8?b?w6?="):
        found = mail_message(body.format(subject))  # the library's reading of it was the title: "\ufffd{\u0596'"
        assert (found.subject, found.note) == (None, DAMAGED_SUBJECT), subject
    for subject, kept in (("=?utf-8?b?Q2Fmw6k=?= owners", "Café owners"), ("=?iso-8859-1?q?caf=E9?=", "café"),
                          ("=?x-unknown?b?Y2Fm6Q==?=", "caf\ufffd"), ("a =?b?c?= d", "a =?b?c?= d")):
        found = mail_message(body.format(subject))
        assert (found.subject, found.note) == (kept, None), subject
    (tmp_path / "m.eml").write_text(body.format("=?utf-8?b?!!!invalid?="))
    corpus = read_corpus(tmp_path, min_words=5)
    assert corpus.documents[0].title is None and corpus.warnings == (f"m.eml: {DAMAGED_SUBJECT}",)


def test_the_plain_parts_of_a_mixed_message_are_read_in_order_but_not_its_attachments() -> None:
    parts = "".join(f"--x\nContent-Type: text/plain\n\nPart {i}.\n" for i in range(3))
    attached = '--x\nContent-Type: text/plain\nContent-Disposition: attachment; filename="notes.txt"\n\nNotes.\n'
    html = "--x\nContent-Type: text/html\n\n<p>Page.</p>\n"
    found = mail_message(HEAD + 'Content-Type: multipart/mixed; boundary="x"\n\n' + parts + attached + html
                         + "--x\nContent-Type: text/plain\n\n" + STORY + "--x--\n")
    assert found.text == "Part 0.\n\nPart 1.\n\nPart 2.\n\n" + STORY.strip()  # only "Part 0." was read
    alternative = mail_message(HEAD + 'Content-Type: multipart/alternative; boundary="x"\n\n--x\nContent-Type: '
                               "text/plain\n\n" + STORY + "--x\nContent-Type: text/plain\n\nOther.\n--x--\n")
    assert alternative.text.strip() == STORY.strip()  # alternatives are one text shown one way


# -- an e-mail message saved as a text (twenty-sixth look): the text it carries, decoded -------------------------

def _mail(body: str, encoding: str, *, kind: str = "plain", extra: str = "") -> str:
    import base64
    import quopri

    encoded = (base64.encodebytes(body.encode()).decode() if encoding == "base64"
               else quopri.encodestring(body.encode()).decode() if encoding == "quoted-printable" else body)
    return (f"From: desk@example.com\nTo: news@example.com\nSubject: Oil venture\nDate: Thu, 26 Feb 1987 10:00:00 "
            f"+0000\nMIME-Version: 1.0\n{extra}Content-Type: text/{kind}; charset=utf-8\nContent-Transfer-Encoding: "
            f"{encoding}\n\n{encoded}")


OIL_STORY = ("CLEVELAND, Feb 26 - Standard Oil Co and BP North America Inc said they plan to form a venture to "
         "manage the money market borrowing and investment activities of both companies. \u00c9tienne Dupont, "
         "a spokesman, said the venture would start in April.\n\nBP North America is a subsidiary of British "
         "Petroleum Co Plc, which also owns a 55 pct interest in Standard Oil.\n")


@pytest.mark.parametrize("encoding", ["base64", "quoted-printable", "8bit"])
def test_a_mail_message_is_read_for_the_text_it_carries(encoding: str) -> None:
    from dedup.mail import mail_message

    found = mail_message(_mail(OIL_STORY, encoding))
    assert found is not None and found.text == OIL_STORY and not found.html
    assert found.subject == "Oil venture" and found.date == "Thu, 26 Feb 1987 10:00:00 +0000"


def test_a_mail_message_of_html_alone_says_so_and_one_of_neither_gives_no_text() -> None:
    from dedup.mail import mail_message

    page = "<html><body><p>" + OIL_STORY + "</p></body></html>"
    found = mail_message(_mail(page, "base64", kind="html"))
    assert found is not None and found.html and "Standard Oil" in found.text
    assert mail_message(_mail("\x00\x01", "base64", kind="octet-stream").replace("text/octet", "application/octet")).text == ""


@pytest.mark.parametrize("text", [
    OIL_STORY,  # a story
    "From: the desk\n" + OIL_STORY,  # a story opening with a line like a header, no blank line after it
    "Subject: oil\n\n" + OIL_STORY,  # one header-like line
    "Note: this is a correction\nUpdate: figures\n\n" + OIL_STORY,  # header-like lines naming no mail header
    "",
], ids=["story", "from-line", "one-line", "no-mail-header", "empty"])
def test_an_article_is_not_read_as_a_mail_message(text: str) -> None:
    from dedup.mail import mail_message

    assert mail_message(text) is None


def test_a_mail_message_in_an_unknown_charset_or_damaged_base64_is_read_without_an_error() -> None:
    from dedup.mail import mail_message

    odd = _mail(OIL_STORY, "8bit").replace("charset=utf-8", "charset=x-no-such-charset")
    assert "Standard Oil" in mail_message(odd).text
    damaged = _mail(OIL_STORY, "base64")
    damaged = damaged[: len(damaged) - 40] + "!!!###\n"
    found = mail_message(damaged)
    assert found is not None and isinstance(found.text, str)


_STORIES = [Path(__file__).resolve().parents[1] / "corpus" / name for name in (
    "newswire/belarus-china-drills.txt", "citypaper/weather-week.txt", "metrotribune/football-derby.txt",
    "globalwire/election-turnout.txt")]
#: What a mailing list wraps its digest in (Mailman's MIME digest: the list's contents and its footer), the same in
#: every digest it sends.
_LIST_INTRO = ("Send Wire-digest mailing list submissions to\n\twire-digest@lists.example.org\n\nTo subscribe or "
               "unsubscribe via the World Wide Web, visit\n\thttps://lists.example.org/mailman/listinfo/wire-digest\nor, "
               "via email, send a message with subject or body 'help' to\n\twire-digest-request@lists.example.org\n\n"
               "You can reach the person managing the list at\n\twire-digest-owner@lists.example.org\n\nWhen replying, "
               "please edit your Subject line so it is more specific than \"Re: Contents of Wire-digest digest...\"\n\n"
               "Today's Topics:\n\n   1. Drills (desk)\n   2. Weather (desk)\n")
_LIST_FOOTER = ("_______________________________________________\nWire-digest mailing list\nWire-digest@lists.example.org\n"
                "https://lists.example.org/mailman/listinfo/wire-digest\n")
_DISCLAIMER = ("Sent from the newsroom desk. This message and any attachments are confidential and intended only for the "
               "named recipient. If you received it in error please tell the sender and delete it. The Daily Site "
               "newsroom, 1 Main Street.\n")


def _words(text: str) -> list[str]:
    return text.split()


def _carried(story: str, number: int) -> str:
    return f"From: desk{number}@example.com\nSubject: Story {number}\nContent-Type: text/plain\n\n{story}\n"


def _digest(stories: list[str]) -> str:
    messages = "".join(f"--D\nContent-Type: message/rfc822\n\n{_carried(s, k)}" for k, s in enumerate(stories))
    return ("From: wire-digest-request@lists.example.org\nSubject: Wire-digest Digest, Vol 4, Issue 2\nMIME-Version: 1.0\n"
            'Content-Type: multipart/mixed; boundary="O"\n\n--O\nContent-Type: text/plain\n\n' + _LIST_INTRO
            + '\n--O\nContent-Type: multipart/digest; boundary="D"\n\n' + messages + "--D--\n\n--O\nContent-Type: "
            "text/plain\n\n" + _LIST_FOOTER + "\n--O--\n")


def _forward(story: str, *, attached: bool = False) -> str:
    disposition = 'Content-Disposition: attachment; filename="story.eml"\n' if attached else ""
    return ("From: editor@example.com\nSubject: Fwd: a story\nMIME-Version: 1.0\n"
            'Content-Type: multipart/mixed; boundary="O"\n\n--O\nContent-Type: text/plain\n\nSee below, FYI.\n\n'
            f"--O\nContent-Type: message/rfc822\n{disposition}\n{_carried(story, 1)}\n--O\nContent-Type: text/plain\n\n"
            f"{_DISCLAIMER}--O--\n")


def test_digests_and_forwarded_messages_are_read_for_the_messages_they_carry_not_as_copies(tmp_path: Path) -> None:
    import dedup

    stories = [s.read_text() for s in _STORIES]
    for k in range(2):
        (tmp_path / f"digest{k}.eml").write_text(_digest(stories[2 * k:2 * k + 2]))
    for k, story in enumerate(stories):
        (tmp_path / f"fwd{k}.eml").write_text(_forward(story, attached=k % 2 == 1))
    # read as the list's contents and footer, or the forwarder's note and disclaimer, with the stories left out, every
    # two digests and every two forwards were duplicates of each other (0.99)
    result = dedup.scan(tmp_path)
    assert len(result.documents) == 6
    assert sorted((p.a, p.b) for p in result.pairs) == [("digest0.eml", "fwd0.eml"), ("digest0.eml", "fwd1.eml"),
                                                        ("digest1.eml", "fwd2.eml"), ("digest1.eml", "fwd3.eml")]
    assert _words(mail_message(_digest(stories[:2])).text) == _words(stories[0] + "\n" + stories[1])
    assert _words(mail_message(_forward(stories[0])).text) == _words(stories[0])


def test_a_message_without_forwarded_ones_keeps_its_plain_parts_and_forwards_are_followed_a_few_deep() -> None:
    note = ("From: editor@example.com\nSubject: Notes\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"O\"\n\n"
            f"--O\nContent-Type: text/plain\n\n{STORY}\n--O\nContent-Type: text/plain\n\n{_DISCLAIMER}--O--\n")
    assert _words(mail_message(note).text) == _words(STORY + _DISCLAIMER)
    chain = _carried(STORY, 0)
    for level in range(40):  # a forward of a forward of ...: followed eight deep, then the message there is read
        chain = (f'From: e{level}@example.com\nSubject: Fwd\nContent-Type: multipart/mixed; boundary="c{level}"\n\n'
                 f"--c{level}\nContent-Type: text/plain\n\nFYI {level}\n--c{level}\nContent-Type: message/rfc822\n\n"
                 f"{chain}\n--c{level}--\n")
    found = mail_message("MIME-Version: 1.0\n" + chain)
    assert found is not None and found.text.strip() == "FYI 31"


def _html_carried(story: str, number: int) -> str:
    paragraphs = "".join(f"<p>{p.strip()}</p>" for p in story.split("\n\n") if p.strip())
    return (f"From: desk{number}@example.com\nSubject: Story {number}\nContent-Type: text/html\n\n"
            f"<html><body><div class='story'>{paragraphs}</div></body></html>\n")


def _forward_html(stories: list[str], *, plain: int | None = None) -> str:
    carried = "".join(f"--O\nContent-Type: message/rfc822\n\n{_carried(s, k) if k == plain else _html_carried(s, k)}\n"
                      for k, s in enumerate(stories))
    return ("From: editor@example.com\nSubject: Fwd: stories\nMIME-Version: 1.0\n"
            'Content-Type: multipart/mixed; boundary="O"\n\n--O\nContent-Type: text/plain\n\nSee below, FYI.\n\n'
            f"{carried}--O\nContent-Type: text/plain\n\n{_DISCLAIMER}--O--\n")


def test_a_forwarded_message_of_html_alone_is_read_as_the_forward_not_the_note(tmp_path: Path) -> None:
    import dedup

    stories = [s.read_text() for s in _STORIES]
    for k, story in enumerate(stories):
        (tmp_path / f"fwd{k}.eml").write_text(_forward_html([story]))
    # read as the forwarder's note and disclaimer (the HTML story left out), one desk's forwards of four unrelated
    # stories were six duplicates of each other
    result = dedup.scan(tmp_path)
    assert len(result.documents) == 4 and not result.skipped and result.pairs == ()
    assert [_words(d.text) for d in sorted(result.documents, key=lambda d: d.id)] == [_words(s) for s in stories]
    # two forwarded, one plain and one HTML: each read as its kind, in order
    both = read_corpus(_write(tmp_path / "both" / "fwd.eml", _forward_html(stories[:2], plain=1))).documents
    assert [_words(d.text) for d in both] == [_words(stories[0] + "\n" + stories[1])]
    found = mail_message(_forward_html(stories[:2]))  # two pages: read apart, not as one page of two documents
    assert found.text == "" and [html for _, html in found.pieces] == [True, True]


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path
