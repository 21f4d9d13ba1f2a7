"""Tests for dedup.file_kinds: what a file's first bytes say it is (binary data, a feed among control bytes)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from dedup.charsets import decode_bytes
from dedup.file_kinds import is_binary, json_lines_among

ARTICLE_BYTES = ("Dock workers at Harlow walked out over pay on Monday, leaving ships waiting at sea. " * 6).encode()


@pytest.mark.parametrize("data, binary", [
    (ARTICLE_BYTES + b"\x00" * 4096, False),  # a copy cut short where the disk filled: the block allocated
    (ARTICLE_BYTES + b"\n" + b"\x00" * 4096 + b"\n" + ARTICLE_BYTES, False),  # a writer that crashed, then wrote on
    (b"\x00" * 4096 + ARTICLE_BYTES, False),
    (bytes(range(256)) * 40, True),
    (bytes(range(256)) * 4 + b"\x00" * 4096, True),  # the bytes around the block decide
    (b"x.txt" + b"\x00" * 95 + b"0000644\x00" * 8 + b"\x00" * 200 + ARTICLE_BYTES[:300], True),  # NULs inside a line count
], ids=["nul-tail", "nul-block-between-lines", "nul-lead", "all-bytes", "bytes-then-nuls", "archive-header"])
def test_a_block_of_nuls_where_a_line_starts_or_at_the_end_is_no_sign_of_binary(data: bytes, binary: bool) -> None:
    assert is_binary(data[:8192]) is binary
    text, encoding = decode_bytes(data)
    assert (text is None) is binary and (encoding == "binary file") is binary


def test_json_lines_among_a_feed_that_reads_as_binary_are_found_and_none_in_binary_data() -> None:
    lines = [json.dumps({"id": f"a{n}", "text": f"story {n} " * 20}) + "\n" for n in range(4)]
    mixed = lines[0].encode() + lines[1].encode("utf-16-le") + (lines[2] + lines[3]).encode()
    assert decode_bytes(mixed)[1] == "binary file" and json_lines_among(mixed)
    rng = random.Random(3)
    blob = bytes(rng.randrange(256) for _ in range(8192))
    assert not json_lines_among(blob)
    # a blob holding a JSON line or two among much else is no feed
    assert not json_lines_among(blob[:3000] + b"\n" + lines[0].encode() + lines[1].encode() + blob[3000:])



def test_feeds_under_text_names_are_read_as_feeds_and_an_article_mentioning_one_is_read(tmp_path) -> None:
    from dedup.reading import read_corpus

    item = "<item><title>Drills</title><description>" + "Troops gathered near the border on Monday. " * 8
    (tmp_path / "rss.txt").write_text('<?xml version="1.0"?>\n<?xml-stylesheet href="s.xsl"?><rss version="2.0">'
                                      "<channel><title>Wire</title>" + item + "</description></item></channel></rss>")
    (tmp_path / "atom.md").write_text('<feed xmlns="http://www.w3.org/2005/Atom"><entry><content>'
                                      + "Floods cut the roads to three villages on Sunday. " * 8 + "</content></entry></feed>")
    (tmp_path / "feed.xml").write_text('<rss version="2.0"></rss>')
    (tmp_path / "note.txt").write_text("Our <rss> feeds carry the headlines, the editor said. " * 5)
    (tmp_path / "odd.txt").write_text("<feed> the cat twice a day, the note on the fridge said, or she sulks. " * 3)
    corpus = read_corpus(tmp_path)
    # the feeds were read as one article of all their markup, then skipped; now an article an item, as under a feed's name
    docs = {d.id: d for d in corpus.documents}
    assert sorted(docs) == ["atom.md[0]", "note.txt", "rss.txt[0]"]
    assert docs["rss.txt[0]"].title == "Drills" and docs["rss.txt[0]"].text.startswith("Troops gathered")
    assert "<" not in docs["rss.txt[0]"].text and "Floods" in docs["atom.md[0]"].text
    assert "rss.txt: an RSS feed under a text name; read as a feed" in corpus.warnings
    assert "atom.md: an Atom feed under a text name; read as a feed" in corpus.warnings
    reasons = dict((s.path, s.reason) for s in corpus.skipped)
    assert reasons["feed.xml"] == "empty (an RSS feed of no item)"  # named .xml, a feed is read (tests/test_xml_feeds.py)
    assert reasons["odd.txt"].startswith("malformed XML")  # a text that only opens as a feed does: named, not guessed


def _tar(folder: Path) -> bytes:
    """A tar archive of two stories, as ``tar -cf`` writes one."""
    import io
    import tarfile

    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as archive:
        for name in ("a.txt", "b.txt"):
            story = f"Dock workers at Harlow walked out over pay on Monday, story {name}. ".encode() * 5
            entry = tarfile.TarInfo(name)
            entry.size = len(story)
            archive.addfile(entry, io.BytesIO(story))
    return data.getvalue()


def test_a_tar_archive_is_said_to_be_one_whatever_its_name_or_compression(tmp_path: Path) -> None:
    import bz2
    import gzip
    import lzma

    from dedup.reading import read_corpus

    tar = _tar(tmp_path)
    files = {"news.tar.gz": gzip.compress(tar), "news.tgz": gzip.compress(tar), "news.tar": tar,
             "news.tar.bz2": bz2.compress(tar), "news.tar.xz": lzma.compress(tar), "story.txt": gzip.compress(tar),
             "feed.jsonl": lzma.compress(tar), "plain.txt": tar, "feed.jsonl.gz": gzip.compress(b'{"id": "a"}\n')}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    reasons = {s.path: s.reason for s in read_corpus(tmp_path).skipped}
    unpack = "tar archive: unpack it first (tar -xf FILE; dedup reads text files, and folders of them)"
    # "zcat FILE | dedup scan -", the advice for a compressed feed, gave the archive's headers to read
    assert reasons == {
        "news.tar.gz": f"unsupported file type .gz, a gzip-compressed {unpack}",
        "news.tgz": f"unsupported file type .tgz, a gzip-compressed {unpack}",
        "news.tar": f"unsupported file type .tar, a {unpack}",
        "news.tar.bz2": f"unsupported file type .bz2, a bzip2-compressed {unpack}",
        "news.tar.xz": f"unsupported file type .xz, an xz-compressed {unpack}",
        "story.txt": f"a gzip-compressed {unpack}", "feed.jsonl": f"an xz-compressed {unpack}", "plain.txt": f"a {unpack}",
        "feed.jsonl.gz": "unsupported file type .gz, gzip-compressed: decompress it first (dedup reads text; zcat FILE | "
                         "dedup scan - reads a compressed feed)"}


def test_a_tar_archive_on_standard_input_is_one_error() -> None:
    import gzip
    import io

    from dedup.errors import InputError
    from dedup.lines import stdin_lines

    with pytest.raises(InputError, match="^standard input is a gzip-compressed tar archive: unpack it first"):
        list(stdin_lines(io.BytesIO(gzip.compress(_tar(Path()), mtime=0))))


def _bzip2_tar(tmp_path: Path) -> bytes:
    """A bzip2'd tar archive of text whose first block, compressed, is far past the first 8 KB: bzip2 gives nothing
    of a block before the whole block has come."""
    import bz2
    import io
    import tarfile

    words = random.Random(7).choices(["wire", "copy", "minister", "said", "market", "rose", "fell", "report"], k=90_000)
    data = " ".join(f"{w}{i % 997}" for i, w in enumerate(words)).encode()
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        info = tarfile.TarInfo("news/story.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    packed = bz2.compress(out.getvalue())
    assert len(packed) > 8192 * 4
    return packed


def test_a_bzip2d_tar_archive_is_named_one_under_a_text_name_and_on_standard_input(tmp_path: Path) -> None:
    # it was "bzip2-compressed: decompress it first (... bzcat FILE | dedup scan - ...)", whose advice gives the
    # archive's headers and files to read as one text: unless named .tar.bz2, its first block is not in its first bytes
    import io

    from dedup.errors import InputError
    from dedup.lines import stdin_lines
    from dedup.reading import read_corpus

    packed = _bzip2_tar(tmp_path)
    (tmp_path / "feed.jsonl").write_bytes(packed)
    (tmp_path / "story.txt").write_bytes(packed)
    reasons = {s.path: s.reason for s in read_corpus(tmp_path).skipped}
    unpack = "a bzip2-compressed tar archive: unpack it first (tar -xf FILE; dedup reads text files, and folders of them)"
    assert reasons == {"feed.jsonl": unpack, "story.txt": unpack}
    with pytest.raises(InputError, match=f"^standard input is {unpack[:40]}"):
        list(stdin_lines(io.BufferedReader(io.BytesIO(packed))))
    # a bzip2'd feed (no tar inside) is still told to be decompressed on its way in
    import bz2
    with pytest.raises(InputError, match=r"^standard input is bzip2-compressed: decompress it on its way in \(bzcat"):
        list(stdin_lines(io.BufferedReader(io.BytesIO(bz2.compress(b'{"id": "a", "text": "x"}\n' * 1000)))))
