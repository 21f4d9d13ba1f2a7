"""dedup.readable: what a read may read (devices, pipes, links, file types, paths not there), a file's bytes."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from _reading_cases import ARTICLE, BODY, write
from dedup.errors import InputError, SettingsError
from dedup import reading
from dedup.reading import read_corpus


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        read_corpus(tmp_path / "nope")


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


def test_a_link_that_leads_nowhere_without_an_articles_suffix_is_named_so(tmp_path: Path) -> None:
    # it was "unsupported file type (none)" (its suffix judged first), in a folder and given alone
    from dedup.reading import read_article

    write(tmp_path / "in" / "story.txt", BODY)
    (tmp_path / "in" / "latest").symlink_to("archive/latest")
    (tmp_path / "in" / "photo.png").symlink_to("archive/photo.png")
    (tmp_path / "in" / "loop").symlink_to("loop")
    (tmp_path / "in" / "notes").write_text(BODY)  # a file without a suffix is still of no type read
    corpus = read_corpus(tmp_path / "in")
    assert sorted((s.path, s.reason) for s in corpus.skipped) == [
        ("latest", "a link to archive/latest, which does not exist"),
        ("loop", "a link that leads round in a loop (too many levels of symbolic links)"),
        ("notes", "unsupported file type (none)"), ("photo.png", "a link to archive/photo.png, which does not exist")]
    for read in (read_corpus, read_article):  # given alone, it was named so already
        with pytest.raises(InputError, match="latest: a link to archive/latest, which does not exist"):
            read(tmp_path / "in" / "latest")


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


def test_a_file_is_read_to_its_end_whatever_its_size_says(tmp_path: Path) -> None:
    """A file is read to its end with one size asked of the system: one larger than it said (it grew, or
    it is a pipe, whose size is 0) is read whole; a folder in a file's place is an error of the system."""
    from dedup.documents import Skipped
    from dedup.readable import file_data

    (tmp_path / "a.txt").write_bytes(b"x" * 70_000)
    assert file_data(tmp_path / "a.txt", "a.txt") == b"x" * 70_000
    (tmp_path / "empty.txt").write_bytes(b"")
    assert file_data(tmp_path / "empty.txt", "empty.txt") == b""
    read, write = os.pipe()
    os.write(write, b"y" * 5000)
    os.close(write)
    assert file_data(Path(f"/dev/fd/{read}"), "pipe") == b"y" * 5000
    os.close(read)
    assert file_data(tmp_path, "folder") == Skipped("folder", "cannot be read (Is a directory)")


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


def test_a_file_made_a_link_after_it_was_listed_is_not_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file of the folder replaced by a link to a file elsewhere between the check of what it is and its
    read (a race an uploader can run) is not followed: it is opened without following links."""
    import stat as stat_module

    import dedup.reading as reading

    (tmp_path / "corpus").mkdir()
    (tmp_path / "secret.txt").write_text(BODY)
    story = tmp_path / "corpus" / "story.txt"
    story.symlink_to(tmp_path / "secret.txt")
    monkeypatch.setattr(reading, "own_mode", lambda file: stat_module.S_IFREG | 0o644)  # it was a file when asked
    corpus = read_corpus(tmp_path / "corpus")
    assert not corpus.documents
    assert [(s.path, s.reason) for s in corpus.skipped] == [("story.txt", "made a link since the folder was listed, not followed")]


@pytest.mark.parametrize("name", [".draft.txt", ".feed.jsonl"])
def test_a_hidden_file_given_by_name_is_read(tmp_path: Path, name: str) -> None:
    # in a folder it is left out (.git, .DS_Store); given by name it was "no article could be read (nothing there)"
    content = json.dumps({"id": "a", "text": BODY}) + "\n" if name.endswith(".jsonl") else BODY
    write(tmp_path / "site" / name, content)
    assert len(read_corpus(tmp_path / "site" / name).documents) == 1
    assert read_corpus(tmp_path / "site").documents == () and read_corpus(tmp_path / "site").skipped == ()


@pytest.mark.parametrize(("given", "hint"), [(BODY * 40, True), ("a" * 5000, False), ("dir/" * 1200 + "x.txt", False)],
                         ids=["an-article-text", "a-long-name", "a-deep-path"])
def test_a_path_too_long_is_told_a_text_goes_in_a_document_only_when_it_is_a_text(given: str, hint: bool) -> None:
    # a path of 5,000 letters given to `dedup compare` was told "(a text goes in a Document)", an API's hint
    with pytest.raises(InputError, match="cannot be read") as refused:
        read_corpus(given)
    assert ("a text goes in a Document" in str(refused.value)) == hint


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


@pytest.mark.parametrize(("name", "says"), [
    ("sheet.ods", "unsupported file type .ods, a spreadsheet: save it as CSV (one article a row, its text in a column "
                  "named 'text') or write its articles as JSONL, one {\"id\": ..., \"text\": ...} object a line"),
    ("sheet.xlsx", "unsupported file type .xlsx, a spreadsheet: save it as CSV"),
    ("story.pdf", "unsupported file type .pdf, a document, not text: save it as text (.txt) or HTML first"),
    ("story.docx", "unsupported file type .docx, a document, not text"),
    ("news.db", "unsupported file type .db, a database (such as a dedup index), not articles"),
    ("photo.png", "unsupported file type .png"),
], ids=["ods", "xlsx", "pdf", "docx", "index", "png"])
def test_a_file_of_another_kind_says_what_to_do_with_it(tmp_path: Path, name: str, says: str) -> None:
    write(tmp_path / name, BODY)
    corpus = read_corpus(tmp_path)
    assert corpus.documents == () and corpus.skipped[0].reason.startswith(says)
    assert name != "photo.png" or corpus.skipped[0].reason == says
