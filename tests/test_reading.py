"""dedup.reading: folders, files, JSONL streams and ranges read into documents, skips and warnings."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

import dedup
from _reading_cases import ARTICLE, BODY, write
from dedup.errors import SettingsError
from dedup import reading, records
from dedup.reading import read_corpus
from _bad_input_files import WIRE


def test_folder_ids_outlets_and_titles(tmp_path: Path) -> None:
    write(tmp_path / "apwire" / "story.txt", f"Council passes budget\n\n{BODY}")
    write(tmp_path / "loose.txt", BODY)
    corpus = read_corpus(tmp_path)
    by_id = {d.id: d for d in corpus.documents}
    assert set(by_id) == {"apwire/story.txt", "loose.txt"}
    assert by_id["apwire/story.txt"].outlet == "apwire"
    assert by_id["apwire/story.txt"].title == "Council passes budget"
    assert by_id["loose.txt"].outlet is None and by_id["loose.txt"].title is None


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


def test_html_is_reduced_to_article_text(tmp_path: Path) -> None:
    page = f"<html><head><title>T</title></head><body><nav>Home</nav><p>{BODY}</p><script>x()</script></body></html>"
    write(tmp_path / "p.html", page)
    doc = read_corpus(tmp_path).documents[0]
    assert doc.title == "T" and "Home" not in doc.text and "x()" not in doc.text


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


def test_files_larger_than_the_spill_put_the_texts_in_a_file_from_the_first_article(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Held until the spill and then written, the articles left the heap in pieces (a million articles: 142 MB
    # resident after reading against 50): input files larger than the spill go to the file from the start
    from dedup.spilled_documents import Documents

    spills: list[int | None] = []

    class Recorded(Documents):
        def __init__(self, *args, spill=None, **kwargs):  # type: ignore[no-untyped-def]
            spills.append(spill)
            super().__init__(*args, spill=spill, **kwargs)

    monkeypatch.setattr(records, "Documents", Recorded)
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


def test_read_corpus_reads_an_iterable_of_lines_of_bytes_as_a_binary_stream() -> None:
    """A list of bytes lines (a socket's or a queue's messages) failed with "a bytes-like object is required, not
    'str'", naming the wrong type; read as a binary stream's lines are, Windows-1252 said as it is there."""
    line = json.dumps({"id": "s1", "text": "Caf\u00e9 " + BODY}, ensure_ascii=False)
    as_bytes = read_corpus("-", stdin=[line.encode("utf-8")])
    assert as_bytes.documents == read_corpus("-", stdin=[line]).documents and not as_bytes.warnings
    recoded = read_corpus("-", stdin=[line.encode("cp1252")])
    assert recoded.documents == as_bytes.documents
    assert recoded.warnings == read_corpus("-", stdin=io.BytesIO(line.encode("cp1252"))).warnings == (
        "<stdin>:1: not UTF-8; read as Windows-1252",)


def test_read_corpus_names_a_line_of_stdin_that_is_no_text() -> None:
    # a list of records given where lines go failed with "'dict' object has no attribute 'lstrip'"
    with pytest.raises(TypeError, match="stdin's lines must be str or bytes, not dict"):
        read_corpus("-", stdin=[{"id": "s1", "text": BODY}])


def test_a_progress_that_cannot_be_called_is_refused_before_the_read(tmp_path: Path) -> None:
    # read_corpus(folder, progress=5) failed with "'int' object is not callable" after the first file was read,
    # as scan() and Index.add_many refuse it before any work
    write(tmp_path / "a.txt", BODY)
    with pytest.raises(TypeError, match=r"progress must be a function called as progress\(stage, done, total\), or "
                                        r"None, not int"):
        read_corpus(tmp_path, progress=5)  # type: ignore[arg-type]


MAILED_STORY = ("LONDON, March 3 (Reuters) - BP Plc said on Tuesday it would sell its stake in a North Sea oil field "
                "to a private equity group for 450 million pounds, as the company presses ahead with plans to cut "
                "debt. The sale is expected to close in the second quarter, the company said in a statement.\n")


def test_an_email_message_saved_as_a_text_is_read_as_the_story_it_carries(tmp_path: Path) -> None:
    """A story mailed in base64 and saved under a text name (or as ``.eml``) was read as a run of base64
    letters, its head as the article's first words: no pair with the same story saved as text."""
    import base64

    (tmp_path / "story.txt").write_text(MAILED_STORY)
    head = ("From: desk@example.com\nTo: clients@example.com\nSubject: BP sells North Sea stake\n"
            "Date: Tue, 3 Mar 2026 10:15:00 +0000\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n")
    (tmp_path / "mailed.txt").write_text(head + "Content-Transfer-Encoding: base64\n\n"
                                         + base64.encodebytes(MAILED_STORY.encode()).decode())
    (tmp_path / "page.eml").write_text("From: desk@example.com\nSubject: Oil\nContent-Type: text/html; charset=utf-8\n\n"
                                       f"<html><body><p>{MAILED_STORY}</p></body></html>\n")
    docs = {d.id: d for d in reading.read_corpus(tmp_path).documents}
    assert sorted(docs) == ["mailed.txt", "page.eml", "story.txt"]
    assert docs["mailed.txt"].text == docs["story.txt"].text == docs["page.eml"].text
    assert docs["mailed.txt"].title == "BP sells North Sea stake" and docs["page.eml"].title == "Oil"
    assert docs["mailed.txt"].published == "2026-03-03T10:15:00+00:00"


def test_a_story_opening_with_a_from_line_is_no_email_message(tmp_path: Path) -> None:
    text = "From: the desk\n" + MAILED_STORY
    (tmp_path / "note.txt").write_text(text)
    assert reading.read_corpus(tmp_path).documents[0].text.startswith("From: the desk")


def _site_page(story: str, title: str) -> str:
    """A story as one news site serves it: its scripts, styles, menu and footer, the same on every page."""
    script = "\n".join(f"window.dataLayer.push({{'event': 'view', 'slot': {i}, 'section': 'news'}});" for i in range(200))
    style = "\n".join(f".story p.s{i} {{ margin: 0 0 1em; font-family: Georgia, serif; line-height: 1.6; }}" for i in range(150))
    menu = "".join(f'<li><a href="/section/{i}">Section {i} of the daily site</a></li>' for i in range(40))
    paragraphs = "".join(f"<p>{p}</p>" for p in story.split("\n") if p.strip())
    return (f"<!DOCTYPE html>\n<html><head><title>{title}</title><style>{style}</style><script>{script}</script></head>"
            f"<body><nav><ul>{menu}</ul></nav><article>{paragraphs}</article><footer>Copyright 2024 The Daily Site."
            "</footer></body></html>")


def test_web_pages_saved_under_text_names_are_read_as_pages_not_as_copies_of_each_other(tmp_path: Path) -> None:
    import dedup

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    stories = [corpus / "newswire" / "belarus-china-drills.txt", corpus / "citypaper" / "weather-week.txt",
               corpus / "metrotribune" / "football-derby.txt"]
    for story in stories:
        (tmp_path / story.name).write_text(_site_page(story.read_text(), story.stem))
    # read as text, the pages' shared scripts, styles and menus made every two a duplicate, confidence 1.00
    result = dedup.scan(tmp_path)
    assert len(result.documents) == 3 and list(result.pairs) == []
    assert sorted(result.warnings) == sorted(f"{s.name}: an HTML page under a text name; read as HTML" for s in stories)
    # read as the same page named .html is
    (tmp_path / "page.html").write_text(_site_page(stories[0].read_text(), "x"))
    read = {d.id: d.text for d in read_corpus(tmp_path).documents}
    assert read[stories[0].name] == read["page.html"] and "dataLayer" not in read["page.html"]


def test_api_read_corpus_of_no_path_says_it_takes_a_path() -> None:
    import dedup

    with pytest.raises(TypeError, match=r"read from a path \(a str or a Path\), not int"):
        dedup.read_corpus(5)  # type: ignore[arg-type]


def test_an_articles_markup_saved_under_a_text_name_is_read_as_html(tmp_path: Path) -> None:
    from test_records import _cms_body

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    stories = [corpus / "newswire" / "belarus-china-drills.txt", corpus / "citypaper" / "weather-week.txt",
               corpus / "metrotribune" / "football-derby.txt", corpus / "globalwire" / "election-turnout.txt"]
    for story in stories:
        (tmp_path / story.name).write_text(_cms_body(story.read_text()))
    # read as text, the site's newsletter offer and photo credit made them partial copies of each other
    import dedup

    result = dedup.scan(tmp_path)
    assert len(result.documents) == 4 and list(result.pairs) == []
    assert sorted(result.warnings) == [f"{s.name}: HTML markup (an article's body as a CMS exports it) under a text "
                                       "name; read as HTML" for s in sorted(stories, key=lambda s: s.name)]
    (doc,) = [d for d in result.documents if d.id == "weather-week.txt"]
    assert "newsletter" not in doc.text and "<p" not in doc.text


def test_a_json_file_of_objects_one_a_line_is_read_as_jsonl(tmp_path: Path) -> None:
    # an NDJSON export named .json was "malformed JSON (Extra data at line 2, column 1)", every article lost
    lines = [json.dumps({"id": f"a{k}", "text": f"{ARTICLE} Story {k}."}) for k in range(3)]
    write(tmp_path / "export.json", "\ufeff" + "\r\n".join(lines) + "\r\n")
    write(tmp_path / "one.json", lines[0].replace('"a0"', '"b0"') + "\n\n")
    write(tmp_path / "pretty.json", json.dumps({"id": "c", "text": ARTICLE}, indent=2) + "\n")
    corpus = read_corpus(tmp_path)
    assert sorted(d.id for d in corpus.documents) == ["a0", "a1", "a2", "b0", "c"]
    assert list(corpus.warnings) == ["export.json: JSON objects one a line (JSONL) under a .json name; read as JSONL"]
    write(tmp_path / "bad.json", lines[0].replace('"a0"', '"d0"') + "\n{not json\n")
    assert {s.path: s.reason for s in read_corpus(tmp_path).skipped}["bad.json:2"].startswith("malformed JSON line")


def test_a_folder_that_cannot_be_listed_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # left out without a word: its articles were missing from the report and the summary alike
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    (tmp_path / "locked").mkdir()
    shutil.copy(WIRE, tmp_path / "wire.txt")
    monkeypatch.setattr(os, "scandir", scandir)
    corpus = dedup.read_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["wire.txt"]
    assert [(s.path, s.reason) for s in corpus.skipped] == [
        ("locked", "a folder that cannot be listed (Permission denied): its files are not read")]


def test_a_folder_listed_but_not_entered_skips_each_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a folder of mode r--: its names are listed, its files' modes cannot be asked; the PermissionError of
    # asking whether one was a link ended the read ("Error: Permission denied: listed/a.txt")
    real_lstat = os.lstat

    def lstat(path: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(path).parent.name == "listed":
            raise PermissionError(13, "Permission denied", str(path))
        return real_lstat(path, *args, **kwargs)

    (tmp_path / "listed").mkdir()
    shutil.copy(WIRE, tmp_path / "listed" / "a.txt")
    shutil.copy(WIRE, tmp_path / "wire.txt")
    monkeypatch.setattr(os, "lstat", lstat)
    corpus = read_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["wire.txt"]
    assert [(s.path, s.reason) for s in corpus.skipped] == [
        ("listed/a.txt", "cannot be read (Permission denied: its folder's names can be listed, not its files opened)")]
