"""What a file's first bytes say it is, before any is decoded: binary data, a compressed file or an archive,
a document of a word processor or the like, a dedup report, a feed with a line of another width among its lines.

Read first by :func:`dedup.charsets.decode_bytes` and by a range of a large file (:mod:`dedup.parts`): a file that
is no text is skipped with what it is and what to do, not read as an article of its control bytes.
"""

from __future__ import annotations

import bz2
import codecs
import json
import lzma
import re
import zlib

__all__ = [
    "SNIFF", "BZIP2_HEAD", "BINARY_SHARE", "CONTROL_BYTES", "EMPTY_OF_TEXT", "BINARY", "COMPRESSED_SUFFIXES", "OTHER_SUFFIXES",
    "compressed", "compressed_by_name", "compressed_reason", "document", "document_reason", "is_json_report", "json_lines_among", "is_binary",
    "html_page", "html_markup", "xml_feed",
]

#: A file is binary when more than this share of its first bytes are control bytes.
BINARY_SHARE = 0.05
SNIFF = 8192
#: The C0 control bytes but tab, newline, form feed and carriage return, and DEL: what binary data has.
CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


#: :func:`~dedup.charsets.decode_bytes`'s reason for bytes that are all white space and control characters (as an
#: empty file is "empty"; with that many control bytes they would otherwise read as a binary file).
EMPTY_OF_TEXT = "empty (only white space and control characters)"
#: :func:`~dedup.charsets.decode_bytes`'s reason for bytes that are no text.
BINARY = "binary file"

#: The opening bytes of compressed files and archives, and what they are called. A feed kept compressed
#: (``feed.jsonl.gz``, or gzip's bytes under a ``.jsonl`` name or on standard input) was "binary file",
#: "unsupported file type .gz" or a malformed JSON line for every line, with no word of what it was.
_COMPRESSED = ((b"\x1f\x8b", "gzip"), (b"PK\x03\x04", "zip"), (b"BZh", "bzip2"), (b"\xfd7zXZ\x00", "xz"),
               (b"\x28\xb5\x2f\xfd", "zstd"), (b"7z\xbc\xaf\x27\x1c", "7-Zip"))
#: The names of compressed files and archives, by their suffix.
COMPRESSED_SUFFIXES = {".gz": "gzip", ".tgz": "tar+gzip", ".zip": "zip", ".bz2": "bzip2", ".xz": "xz", ".zst": "zstd",
                       ".7z": "7-Zip", ".tar": "tar", ".tbz2": "tar+bzip2", ".txz": "tar+xz"}
#: Where a tar archive's first header writes its ``ustar`` mark (a tar archive of text files is mostly NULs there).
_TAR_MARK = slice(257, 262)
_OPENERS = {"gzip": lambda: zlib.decompressobj(wbits=31), "xz": lzma.LZMADecompressor, "bzip2": bz2.BZ2Decompressor}
#: Bytes of a bzip2 file read to tell a tar archive inside: bzip2 gives nothing of a block until the whole block has
#: come (up to 900 KB of text compressed, ~100-300 KB for news and up to ~910 KB at most), where gzip and xz give a
#: tar header from their first kilobytes (:data:`SNIFF`).
BZIP2_HEAD = 1 << 20


def compressed_by_name(name: str) -> str | None:
    """The compression or archive a file's name says it is (:data:`COMPRESSED_SUFFIXES`), a compressed tar
    archive by its two suffixes (``news.tar.gz``: "tar+gzip"), or None.

    >>> compressed_by_name("news.tar.gz"), compressed_by_name("feed.jsonl.gz"), compressed_by_name("a.txt")
    ('tar+gzip', 'gzip', None)
    """
    lower = name.lower()
    kind = COMPRESSED_SUFFIXES.get(lower[lower.rfind("."):]) if "." in lower else None
    return f"tar+{kind}" if kind in ("gzip", "bzip2", "xz", "zstd") and lower[:lower.rfind(".")].endswith(".tar") else kind


def compressed(head: bytes) -> str | None:
    r"""The kind of compression or archive ``head`` (a file's first bytes) opens with, or None: a tar archive
    inside gzip or xz told from the first :data:`SNIFF` bytes, inside bzip2 from its first block (up to
    :data:`BZIP2_HEAD` bytes; given fewer, it is "bzip2").

    >>> compressed(b"\x1f\x8b\x08\x00"), compressed(b'{"id": "a"}')
    ('gzip', None)
    """
    kind = next((kind for magic, kind in _COMPRESSED if head.startswith(magic)), None)
    if kind is None:
        return "tar" if head[_TAR_MARK] == b"ustar" else None
    return f"tar+{kind}" if kind in _OPENERS and _tar_inside(head, kind) else kind


def _tar_inside(head: bytes, kind: str) -> bool:
    """Whether the compressed bytes ``head`` open a tar archive: decompressed as far as its first header's mark
    (``zcat FILE | dedup scan -``, the advice for a compressed feed, gives a tar archive's headers to read)."""
    try:
        opened = _OPENERS[kind]().decompress(head, _TAR_MARK.stop)
    except (zlib.error, lzma.LZMAError, EOFError, ValueError, OSError):  # bz2: OSError "Invalid data stream"
        return False
    return opened[_TAR_MARK] == b"ustar"


#: The opening bytes of documents of word processors and the like, and what they are called. An RTF file is
#: text: saved under a ``.txt`` name, its control words were read as the article's, and two unrelated stories
#: saved by one editor (whose header of fonts and colours is the same) were reported as a copy (two Reuters stories
#: of 473 and 791 characters: partial, 0.66).
_DOCUMENTS = ((b"%PDF-", "a PDF document"), (b"{\\rtf", "an RTF document"),
              (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Word, Excel or PowerPoint document (of before 2007)"))
#: The names inside a zip archive's first entry that say it is an office document (Office Open XML, OpenDocument).
_OFFICE_ZIP = re.compile(rb"\[Content_Types\]\.xml|mimetypeapplication/vnd\.oasis|^PK\x03\x04.{26}(?:word|xl|ppt)/", re.S)


#: What files of other kinds are, by their suffix, and what to do (their type alone was "unsupported").
OTHER_SUFFIXES = {
    **{suffix: "a spreadsheet: save it as CSV (one article a row, its text in a column named 'text') or write its "
               "articles as JSONL, one {\"id\": ..., \"text\": ...} object a line" for suffix in (".xls", ".xlsx", ".ods")},
    **{suffix: "a document, not text: save it as text (.txt) or HTML first"
       for suffix in (".pdf", ".rtf", ".doc", ".docx", ".odt", ".pages", ".epub")},
    **{suffix: "a database (such as a dedup index), not articles" for suffix in (".db", ".sqlite", ".sqlite3")},
}


def document(head: bytes) -> str | None:
    r"""What kind of document ``head`` (a file's first bytes) opens as, or None: a PDF, RTF or office file.

    >>> document(b"%PDF-1.7\n"), document(b"{\\rtf1\\ansi"), document(b"The minister said")
    ('a PDF document', 'an RTF document', None)
    """
    head = head[3:] if head.startswith(codecs.BOM_UTF8) else head
    kind = next((kind for magic, kind in _DOCUMENTS if head.startswith(magic)), None)
    if kind is None and head.startswith(b"PK\x03\x04") and _OFFICE_ZIP.search(head[:512]):
        kind = "an office document (Word, Excel, OpenDocument)"
    return kind


def document_reason(kind: str) -> str:
    """Why a document of a word processor or the like is not read, and what to do.

    >>> document_reason("a PDF document")
    'a PDF document, not text: save it as text (.txt) or HTML first'
    """
    return f"{kind}, not text: save it as text (.txt) or HTML first"


def compressed_reason(kind: str, *, piped: bool = False) -> str:
    """Why a compressed file or archive (``piped``: standard input) is not read, and what to do.

    >>> compressed_reason("gzip")
    'gzip-compressed: decompress it first (dedup reads text; zcat FILE | dedup scan - reads a compressed feed)'
    >>> compressed_reason("tar+gzip")
    'a gzip-compressed tar archive: unpack it first (tar -xf FILE; dedup reads text files, and folders of them)'
    """
    if kind in ("zip", "7-Zip"):
        return f"a {kind} archive: extract it first (dedup reads text files, and folders of them)"
    if kind.startswith("tar"):  # decompressed, its headers and files would be read as one text
        archive = "a tar archive" if kind == "tar" else f"{'an' if kind == 'tar+xz' else 'a'} {kind[4:]}-compressed tar archive"
        return f"{archive}: unpack it first (tar -xf FILE; dedup reads text files, and folders of them)"
    tool = {"gzip": "zcat", "bzip2": "bzcat", "xz": "xzcat", "zstd": "zstdcat"}[kind]
    if piped:
        return f"{kind}-compressed: decompress it on its way in ({tool} FILE | dedup ...)"
    return f"{kind}-compressed: decompress it first (dedup reads text; {tool} FILE | dedup scan - reads a compressed feed)"


#: A run of 64 NULs or more where a line starts, or ending what was read, is a block a writer allocated and
#: never wrote (a feed whose writer crashed, and was maybe started again and wrote on after it), not binary
#: data: the bytes around it decide. Inside a line it counts (an archive's headers pad fields with NULs).
_NUL_BLOCK = re.compile(rb"(?:^|(?<=\n))\x00{64,}|\x00{64,}\Z")


#: How dedup's JSON reports open, as written (indented): a line break inside the object, which no line of a
#: JSONL feed holds, and the fields a scan's (``settings``) or a compare's (``a``) follow its version with.
_JSON_REPORT = re.compile(rb'(?:\xef\xbb\xbf)?\{\n +"schema_version": \d+,\n +"(?:settings|a)": ')


def is_json_report(head: bytes) -> bool:
    """Whether a file's first bytes open a JSON report of dedup's (``scan --json``, ``compare --json``)."""
    return _JSON_REPORT.match(head) is not None


def json_lines_among(head: bytes) -> bool:
    r"""Whether ``head``, a JSONL file's first bytes that read as binary, holds a feed's lines among its
    control bytes: at least two whole lines that are JSON objects, and at least a quarter of its lines
    that hold anything. A feed with one line pasted in UTF-16 (its NULs) among its UTF-8 lines was skipped
    whole as a binary file; a photo or an archive named ``.jsonl`` has no such lines.

    >>> json_lines_among(b'{"id": "a", "text": "x"}\n' + '{"id": "b"}\n'.encode("utf-16-le") + b'{"id": "c"}\n')
    True
    >>> json_lines_among(bytes(range(256)) * 4)
    False
    """
    lines = head.splitlines()
    if lines and not head.endswith((b"\n", b"\r")):
        lines.pop()  # cut off where the head ends
    # a NUL left at an end: the other half of a UTF-16 line end ("\n\x00") begins the line after it
    lines = [text for text in (line.strip(b" \t\x00") for line in lines) if text]
    whole = 0
    for text in lines:
        if text.startswith(codecs.BOM_UTF8):
            text = text[len(codecs.BOM_UTF8) :]
        if text[:1] == b"{" and text[-1:] == b"}" and b"\x00" not in text:
            try:
                whole += isinstance(json.loads(text), dict)
            except ValueError:  # UnicodeDecodeError too
                pass
    return whole >= 2 and 4 * whole >= len(lines)


def is_binary(head: bytes, *, nul_blocks: bool = True) -> bool:
    """Whether ``head``, a file's first bytes, are binary data: more than 5% of them control bytes, not
    counting (unless ``nul_blocks``) runs of 64 NULs or more where a line starts or at the end: a small feed
    holding the NUL block of a writer that crashed was skipped whole as a binary file. Photos, archives and
    executables keep their other control bytes."""
    if nul_blocks and b"\x00" * 64 in head:
        head = _NUL_BLOCK.sub(b"", head)
    return bool(head) and len(head.translate(None, delete=CONTROL_BYTES)) < (1 - BINARY_SHARE) * len(head)


#: How an HTML page opens: a doctype or an ``<html>`` tag, after white space, a byte-order mark, an XML declaration
#: or comments (the HTML parser's own reading: anything else before them is text).
_HTML_PAGE = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]{0,200}\?>\s*)?(?:<!--.{0,2000}?-->\s*)*"
                        rb"(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE | re.DOTALL)


def html_page(head: bytes) -> bool:
    """Whether a file's first bytes (``head``) open an HTML page: a page saved under a text name (``wget -O
    story.txt``, a scraper's files) was read as text, its scripts, styles and menus as the article's words, and
    seven unrelated stories of one site were reported as copies of each other (``duplicate``, 1.00).

    >>> html_page(b"<!DOCTYPE html><html><head>"), html_page(b"  <HTML lang=en>"), html_page(b"<b>Note</b>: the html")
    (True, True, False)
    """
    return _HTML_PAGE.match(head[:4096]) is not None


#: How a fragment of a page's markup opens (a CMS's export of an article's body, ``<p class="...">``): a block
#: element's start tag, after white space or a byte-order mark; :func:`html_markup` wants a block's end tag too.
_HTML_BLOCK = re.compile(rb"(?:\xef\xbb\xbf)?\s*<(?:p|div|section|article|main|h[1-6]|figure|ul|ol|blockquote|table|aside"
                         rb"|header)[\s/>]", re.IGNORECASE)
_BLOCK_END = re.compile(rb"</(?:p|div|section|article|main|h[1-6]|figure|ul|ol|blockquote|table|aside|header)\s*>",
                        re.IGNORECASE)


def html_markup(head: bytes) -> bool:
    """Whether a text's first bytes (``head``) open a page or a fragment of one's markup: :func:`html_page`, or a
    block element (``<p>``, ``<div>``, ``<figure>``, ...) whose end tag is there too. A CMS exports an article's
    body as its markup (``{"body": "<p class=...>...</p><div class=\"newsletter-signup\">..."}``); read as
    text, the site's newsletter offer and photo credits inside it were the article's last words, and unrelated
    stories of one site were reported as partial copies of each other.

    >>> html_markup(b'<p class="lead">Rain fell.</p>'), html_markup(b"<p> marks a paragraph, the editor said.")
    (True, False)
    """
    head = head[:4096]
    return html_page(head) or (_HTML_BLOCK.match(head) is not None and _BLOCK_END.search(head) is not None)


#: How an RSS or Atom feed opens: its root element (``rss``, RSS 1.0's ``rdf:RDF``, Atom's ``feed``), after white
#: space, a byte-order mark, an XML declaration, a stylesheet's processing instruction or comments.
_FEED = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]{0,200}\?>\s*)?(?:<!--.{0,2000}?-->\s*|<\?xml-stylesheet[^>]{0,500}"
                   rb"\?>\s*)*<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE | re.DOTALL)
_FEED_KINDS = {"rss": "an RSS feed", "rdf:rdf": "an RSS feed", "feed": "an Atom feed"}


def xml_feed(head: bytes) -> str | None:
    """What feed a file's first bytes (``head``) open, "an RSS feed" or "an Atom feed", or None. Saved under a
    text name, a feed was read as one article of all its items, their markup and the channel's title, links and
    copyright as its words: seven feeds of one site, an item each, were 18 ``partial`` copies of each other.

    >>> xml_feed(b'<?xml version="1.0"?><rss version="2.0">'), xml_feed(b'<feed xmlns="http://www.w3.org/2005/Atom">')
    ('an RSS feed', 'an Atom feed')
    >>> xml_feed(b"<rss> feeds carry the headlines, the editor said.") is None, xml_feed(b"The <rss> tag") is None
    (False, True)
    """
    found = _FEED.match(head[:4096])
    return _FEED_KINDS[found.group(1).decode("ascii").lower()] if found is not None else None
