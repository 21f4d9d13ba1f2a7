"""Tests for dedup.mail: an e-mail message saved as a text, read for the text it carries (the common cases, and
damaged ones, are in tests/test_bad_input.py)."""

from __future__ import annotations

from pathlib import Path

from dedup.mail import MAIL_NO_TEXT, MAIL_TOO_DEEP, mail_message
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
    for kind in ("multipart", "rfc822"):  # a RecursionError of the parser, not caught, on the base
        found = mail_message(_nested(3000, kind=kind))
        assert found is not None and found.text == "" and found.unread == MAIL_TOO_DEEP


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
    (tmp_path / "loop.eml").write_text(_nested(3000))
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
