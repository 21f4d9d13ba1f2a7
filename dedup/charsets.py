"""Which encoding a file's bytes are in, and their text.

UTF-8, else the encoding an HTML page declares (unless its bytes are East Asian text it reads as nonsense), else
an East Asian encoding in which the bytes make sense (:func:`dedup.encodings.cjk_reading`), else a single-byte code
page in which the letters surely make sense (:func:`dedup.encodings.single_byte_reading`: Cyrillic, Greek, Hebrew, Arabic, Central European,
Turkish, Thai, Baltic, Vietnamese), else Windows-1252; UTF-16 and UTF-32 by their byte-order mark or
their NULs; binary files refused (:mod:`dedup.file_kinds`); the lines of a file mixing encodings each decoded on
its own. :mod:`dedup.decoding` says in a warning what was read.
"""

from __future__ import annotations

import codecs
import re
from typing import Iterable

from dedup.encodings import CJK_DECLARED, cjk_reading, encoding_name, nonsense, sense_made, sensible_reading
from dedup.file_kinds import (BINARY, BINARY_SHARE, BZIP2_HEAD, CONTROL_BYTES, EMPTY_OF_TEXT, SNIFF, compressed, compressed_reason,
                              document, document_reason, is_binary)

__all__ = [
    "UNDECODABLE", "decode_bytes", "DECLARED_ELSE", "MARKED_ELSE", "CUT_OFF", "stray_bytes_replaced", "declared_label",
    "declared_encoding", "mixed_lines", "decode_line", "utf16_encoding", "iso2022_text",
]

#: :func:`decode_bytes`'s reason for text bytes that are neither UTF-8 nor Windows-1252.
UNDECODABLE = "undecodable: neither UTF-8 nor Windows-1252 text"


def decode_bytes(data: bytes, *, html: bool = False) -> tuple[str | None, str]:
    """``(text, encoding)`` of a file's bytes, or ``(None, reason)`` when it is not text.

    UTF-16 with a byte-order mark (or with NULs in every other byte, as plain UTF-16 English has) and
    UTF-32 with a byte-order mark (or with the NULs of its high bytes) are read as such; otherwise a file whose first bytes are more than 5% control bytes is binary
    (or :data:`~dedup.file_kinds.EMPTY_OF_TEXT` when it holds nothing else but white space). Text is
    UTF-8, else (``html``) the encoding the page declares (:func:`declared_encoding`), else Windows-1252; its
    stray control characters are left for the caller to drop. A file cut off inside its last character is
    read without it (its encoding named with :data:`CUT_OFF` added).
    """
    head = data[:SNIFF]
    if (kind := document(head)) is not None:  # before the test for binary bytes: an RTF file is text
        return None, document_reason(kind)
    utf16 = utf16_encoding(head)
    if utf16 is not None:
        return _wide_text(data, utf16)
    if b"\x1b" in head and (found := iso2022_text(data)) is not None:  # before the test for binary: its SO and SI
        return found
    if (reason := _no_text(data, head)) is not None:
        return None, reason
    found = _utf8_text(data)
    if found is None and html:
        found = _declared_text(data, head)
    if found is not None:
        return found
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return None, UNDECODABLE


#: The escape sequences of the 7-bit encodings of Japanese and Korean text (ISO-2022-JP, still the encoding of much
#: Japanese mail, and ISO-2022-KR): one that switches to a double-byte set (JIS X 0208 ``ESC $ B`` or ``ESC $ @``,
#: JIS X 0212 ``ESC $ ( D``, JIS X 0213) or designates KS X 1001 (``ESC $ ) C``), and the codecs that read them, tried
#: in order. Their bytes are all ASCII: such a file was read as UTF-8, the escapes dropped as control characters
#: and its text a run of ASCII letters ("$B%3%s%T%e!<%?", one "word"); ISO-2022-KR's shifts made it "binary".
_ISO2022 = ((re.compile(rb"\x1b\$[@B]|\x1b\$\([DOPQ]"), ("iso2022_jp_2", "iso2022_jp_ext", "iso2022_jp_2004")),
            (re.compile(rb"\x1b\$\)C"), ("iso2022_kr",)))


def iso2022_text(data: bytes) -> tuple[str, str] | None:
    r"""``(text, codec)`` of 7-bit bytes in ISO-2022-JP or ISO-2022-KR (:data:`_ISO2022`: by their escape
    sequences, which no other text holds), or None.

    >>> iso2022_text("東京で3日".encode("iso2022_jp"))
    ('東京で3日', 'iso2022_jp_2')
    >>> iso2022_text(b"plain ASCII with \x1b[1m a terminal's escape") is None
    True
    """
    if not data.isascii():
        return None
    for escapes, codecs_ in _ISO2022:
        if escapes.search(data) is None:
            continue
        for codec in codecs_:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if not text.isascii():
                return text, codec
    return None


def _wide_text(data: bytes, utf16: str) -> tuple[str | None, str]:
    """:func:`decode_bytes` of a file in the wide encoding ``utf16`` (:func:`utf16_encoding`): UTF-8 behind a
    wide byte-order mark read as UTF-8, a file cut off inside its last character read without it."""
    unmarked = _utf8_behind_wide_mark(data) if utf16 in ("utf-16", "utf-32") else None
    if unmarked is not None:
        return unmarked, f"utf-8{MARKED_ELSE}{utf16.upper()}"
    try:
        return data.decode(utf16), utf16
    except UnicodeDecodeError as exc:
        text = _without_cut(data, utf16, exc)
        return (text, utf16 + CUT_OFF) if text is not None else (
            None, f"undecodable: starts as {utf16[:6].upper()} text but is not")


def _no_text(data: bytes, head: bytes) -> str | None:
    """Why a file that is in no wide encoding is no text (its first bytes ``head`` binary: empty of text,
    compressed, or binary data), or None."""
    if is_binary(head, nul_blocks=False) and not data.translate(None, delete=CONTROL_BYTES + b" \t\n\f\r"):
        return EMPTY_OF_TEXT  # nothing but white space and control bytes is no photo nor archive: no text
    if is_binary(head):
        kind = compressed(data[:BZIP2_HEAD] if head.startswith(b"BZh") else head)  # a tar inside: its first block
        return BINARY if kind is None else compressed_reason(kind)
    return None


def _utf8_text(data: bytes) -> tuple[str, str] | None:
    """``(text, encoding)`` of UTF-8 bytes (with a byte-order mark or none), or of UTF-8 cut off inside its last
    character, read without it; else None."""
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError as exc:
        text = _without_cut(data, "utf-8-sig", exc)
        if text is not None and not text.isascii():  # UTF-8 up to the cut (an ASCII text ending in "é" is Windows-1252)
            return text, "utf-8-sig" + CUT_OFF
    return None


def _declared_text(data: bytes, head: bytes) -> tuple[str, str] | None:
    """``(text, encoding)`` of an HTML page that is not UTF-8, in the encoding it declares
    (:func:`declared_encoding`), or in the East Asian one its bytes make sense in where they make nonsense in
    the one declared; None when it declares none (or one it is not in, and they make sense in no other)."""
    declared = declared_encoding(head)
    if declared is None:
        return None
    try:
        text = data.decode(declared)
    except UnicodeDecodeError:
        text = None
    if text is not None and (declared not in CJK_DECLARED or not nonsense(text, declared)):
        return text, declared
    # East Asian bytes under another East Asian name (Shift_JIS declaring GBK reads as rare Chinese
    # characters; declaring Big5 or EUC-KR, not at all): read in the encoding they make sense in
    other = cjk_reading(data, besides=declared)
    if other is not None:
        return other[0], f"{other[1]}{DECLARED_ELSE}{declared}"
    if text is not None:
        return text, declared
    return None


#: :func:`decode_bytes` names an encoding ``X{DECLARED_ELSE}Y`` when a page declared ``Y`` and its bytes make
#: sense only in ``X`` (:func:`cjk_reading`).
DECLARED_ELSE = "; declared "
#: :func:`decode_bytes` names an encoding ``utf-8{MARKED_ELSE}UTF-16`` (or ``UTF-32``) when a file opens with that
#: byte-order mark but its bytes after it are UTF-8 (:func:`_utf8_behind_wide_mark`).
MARKED_ELSE = "; marked "


def _utf8_behind_wide_mark(data: bytes) -> str | None:
    """The text of ``data`` after its UTF-16 or UTF-32 byte-order mark, when those bytes are UTF-8 and hold no
    NUL (a mark put before UTF-8 text by a tool, or a file pasted behind another's mark), else None. UTF-32 text
    has a NUL in every character and UTF-16 one in each ASCII character (a space, a digit, a line end): text
    without any is no such text. It was read in the width its mark says: Chinese-looking nonsense."""
    mark = 4 if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) else 2
    rest = data[mark:]
    if len(rest) < 16 or b"\x00" in rest:
        return None
    try:
        return rest.decode("utf-8")
    except UnicodeDecodeError:
        return None


def stray_bytes_replaced(data: bytes) -> tuple[str | None, int]:
    """``(text, n)``: ``data`` read as UTF-8 with U+FFFD for its ``n`` stray byte sequences, when it is UTF-8
    text (with characters beyond ASCII) but for at most one in a thousand of its bytes: a byte of another
    encoding on a line of UTF-8 (a one-line JSON article), which no line-by-line read can part. Else
    ``(None, 0)``: it stays :data:`UNDECODABLE`."""
    text = data.decode("utf-8-sig", errors="replace")
    kept = data.decode("utf-8-sig", errors="ignore")
    stray = len(text) - len(kept)
    if kept.isascii() or not 0 < stray <= max(1, len(data) // 1000):
        return None, 0
    return text, stray


#: Added to the encoding :func:`decode_bytes` names when the text's last character was cut off and left out.
CUT_OFF = ", cut off"


def _without_cut(data: bytes, encoding: str, error: UnicodeDecodeError) -> str | None:
    """``data`` decoded without its last, incomplete character when that alone (``error``) keeps it from
    being ``encoding`` (a file cut off inside a character: a copy or a download that stopped); else None."""
    if error.end != len(data) or error.reason not in ("unexpected end of data", "truncated data"):
        return None
    try:
        return data[: error.start].decode(encoding)
    except UnicodeDecodeError:
        return None


#: An encoding a page declares in its first 1024 bytes, as a browser's prescan finds it: ``<meta
#: charset>``, ``<meta http-equiv="Content-Type" content="text/html; charset=...">``, an XML declaration.
_DECLARED = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
                       rb"""|<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
#: Labels browsers read as a wider encoding than their name (the WHATWG Encoding Standard), so that the
#: characters pages under them hold beyond the old set are read too.
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "shift_jis": "cp932", "euc_kr": "cp949", "big5": "big5hkscs",
          "latin_1": "cp1252", "iso8859_1": "cp1252", "ascii": "cp1252", "iso8859_9": "cp1254", "tis_620": "cp874"}


#: The encodings of the Encoding Standard (what browsers read a page in) that Python has, as :func:`codecs.lookup`
#: names them: a page may declare any name Python knows, and ``base64``, ``rot13`` or ``undefined`` are no
#: text encodings (the read failed with LookupError), ``unicode_escape`` or ``utf-7`` none a browser reads.
_BROWSER_CODECS = frozenset("""cp866 iso8859_2 iso8859_3 iso8859_4 iso8859_5 iso8859_6 iso8859_7 iso8859_8 iso8859_10
    iso8859_13 iso8859_14 iso8859_15 iso8859_16 koi8_r koi8_u mac_roman mac_cyrillic cp874 cp1250 cp1251 cp1253 cp1254
    cp1255 cp1256 cp1257 cp1258 gb18030 big5hkscs euc_jp iso2022_jp cp932 cp949""".split())


def declared_label(head: bytes) -> str | None:
    """The encoding an HTML page's first 1024 bytes declare, as written (``utf-8``, ``ISO-8859-1``), whichever it
    is: what a warning names where the page's bytes are read in another (:func:`declared_encoding` gives none for
    the UTF-8 and Windows-1252 it already covers).

    >>> declared_label(b'<html><head><meta charset="utf-8"><title>')
    'utf-8'
    """
    found = _DECLARED.search(head[:1024])
    return (found.group(1) or found.group(2)).decode("ascii", errors="replace") if found is not None else None


def declared_encoding(head: bytes) -> str | None:
    """The encoding (a Python codec name) an HTML page declares in its first 1024 bytes, or None: none
    declared, one no browser reads a page in or Python does not know, or one of those UTF-8 and Windows-1252
    already cover.

    >>> declared_encoding(b'<html><head><meta charset="GBK"><title>')
    'gb18030'
    """
    found = _DECLARED.search(head[:1024])
    if found is None:
        return None
    try:
        codec = codecs.lookup((found.group(1) or found.group(2)).decode("ascii")).name.replace("-", "_")
    except (LookupError, UnicodeDecodeError):
        return None
    codec = _WIDER.get(codec, codec)
    if codec in ("utf_8", "cp1252") or codec not in _BROWSER_CODECS:  # a page read as bytes is neither UTF-16 nor 32
        return None
    return codec


def mixed_lines(lines: Iterable[bytes]) -> bool:
    """Whether the lines of a JSONL file that is not UTF-8 as a whole mix UTF-8 lines (with characters
    beyond ASCII) and lines in another encoding: a feed put together from two sources. Such a file is
    decoded line by line (:func:`decode_line`) instead of all of it as Windows-1252 (mojibake in its
    UTF-8 lines) or not at all (a UTF-8 line holding a byte Windows-1252 lacks). A line in UTF-16
    (:func:`decode_line`) beside lines that are not makes a mixed file too: a Greek line pasted in UTF-16
    into a feed of ASCII lines was read, with the whole file, as Windows-1252."""
    utf8 = other = wide = plain = False
    for line in lines:
        if b"\x00" in line and _wide_line(line):
            wide = True
        elif not plain and line.strip(b" \t\r\n\x00"):
            plain = True
        if wide and plain:
            return True
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            other = True
        else:
            utf8 = True
        if utf8 and other:
            return True
    return False


def decode_line(line: bytes) -> tuple[str, str | None]:
    """One line of a mixed JSONL file: UTF-8, else the East Asian or single-byte encoding its bytes make sense
    in (:func:`sensible_reading`: Shift_JIS or Windows-1251 lines in a feed of UTF-8 ones were Windows-1252 mojibake), else
    Windows-1252, else UTF-8 with U+FFFD for what is neither; and what was done, for a warning (None: it
    was UTF-8). A line in UTF-16 (a NUL in every other byte: one pasted from a Windows tool) is read as such;
    its NULs were dropped as control characters, which left its ASCII and garbled the rest. A line in ISO-2022-JP
    or -KR (:func:`iso2022_text`) is read in it, as a file is (read as ASCII, its double-byte characters' bytes,
    quotes among them, made the JSON line malformed)."""
    if b"\x00" in line:
        wide = _wide_line(line)
        if wide is not None:
            return wide
    if b"\x1b" in line and (found_2022 := iso2022_text(line)) is not None:  # its escapes say it: no warning
        return found_2022[0], None
    try:
        return line.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    found = sensible_reading(line)
    if found is not None:
        return found[0], f"not UTF-8; read as {encoding_name(found[1])}, {sense_made(found[1])}"
    try:
        return line.decode("cp1252"), "not UTF-8; read as Windows-1252"
    except UnicodeDecodeError:
        return line.decode("utf-8", errors="replace"), "neither UTF-8 nor Windows-1252; undecodable bytes replaced"


def _wide_line(body: bytes) -> tuple[str, str] | None:
    r"""``(text, note)`` of one line in UTF-16, or None: its NULs all in the high bytes of one byte order (a
    tenth of them at least: the spaces and punctuation of any script, all of ASCII), and its text then free
    of control characters. Greek or Cyrillic has no NUL in its letters' high bytes, so a file's test (most
    high bytes NUL, :func:`utf16_encoding`) would miss it. ``body`` may end with its line end, and open
    with the NUL of the line end before it (a UTF-16 ``"\n\x00"``, cut after its ``"\n"``)."""
    ended = body.rstrip(b"\r\n")
    end = body[len(ended) :]
    body = ended[1:] if ended[:1] == b"\x00" and len(ended) % 2 else ended
    if len(body) % 2 or len(body) < 16:
        return None
    even, odd = body[0::2].count(0), body[1::2].count(0)
    least = max(4, len(body) // 20)
    encoding = "utf-16-le" if odd >= least and not even else "utf-16-be" if even >= least and not odd else None
    if encoding is None:
        return None
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError:
        return None
    if any(ch < " " and ch not in "\t\r\n\f" for ch in text):
        return None
    return text + end.decode("ascii"), f"not UTF-8; read as {encoding.upper()} (its NULs)"


def utf16_encoding(head: bytes) -> str | None:
    """The wide encoding of a file's first bytes: UTF-16 by its byte-order mark or its NULs, UTF-32 by its
    byte-order mark (looked for first: UTF-32-LE's mark begins with UTF-16-LE's) or by its NULs (two in
    every four bytes, in text of the first 65,536 code points); else None."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    unmarked = _utf32_by_nuls(head)
    if unmarked is not None:
        return unmarked
    pairs = len(head) // 2
    if pairs < 8:
        return None
    low, high = head[0 : 2 * pairs : 2], head[1 : 2 * pairs : 2]
    even, odd = low.count(0), high.count(0)
    if odd > 0.8 * pairs and even < 0.05 * pairs and not _controls_beside_nuls(low, high):
        return "utf-16-le"
    if even > 0.8 * pairs and odd < 0.05 * pairs and not _controls_beside_nuls(high, low):
        return "utf-16-be"
    return None


def _utf32_by_nuls(head: bytes) -> str | None:
    """UTF-32 without a byte-order mark (it was read as a binary file): the highest byte of every
    character NUL, the next one NUL in nine characters in ten (beyond the first 65,536 code points: emoji,
    rare CJK), the lowest byte (ASCII, in English) almost never NUL, and under 5% control characters in it
    (binary data of 32-bit numbers has them: small numbers are control bytes)."""
    quads = len(head) // 4
    if quads < 8:
        return None
    head = head[: 4 * quads]
    for encoding, top, next_, low in (("utf-32-le", 3, 2, 0), ("utf-32-be", 0, 1, 3)):
        if head[top::4].count(0) == quads and head[next_::4].count(0) >= 0.9 * quads and \
                head[low::4].count(0) < 0.05 * quads:
            chars = head[low::4]
            if len(chars.translate(None, delete=CONTROL_BYTES)) >= (1 - BINARY_SHARE) * quads:
                return encoding
    return None


def _controls_beside_nuls(chars: bytes, nuls: bytes) -> bool:
    """Whether the characters whose other byte is NUL (ASCII, if this is UTF-16) are more than 5% control
    characters: binary data with NULs in every other byte (16-bit numbers) is no text."""
    ascii_ = bytes(c for c, n in zip(chars, nuls) if n == 0)
    return len(ascii_.translate(None, delete=CONTROL_BYTES)) < (1 - BINARY_SHARE) * len(ascii_)
