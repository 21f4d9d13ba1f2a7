"""Which encoding a text's bytes make sense in, when they are not UTF-8: an East Asian one (:func:`cjk_reading`:
Shift_JIS, EUC-JP, GBK, Big5, EUC-KR, judged by how common its characters are and how its script is spaced) or a
single-byte code page other than Windows-1252 (:func:`dedup.codepages.single_byte_reading`: Cyrillic, Greek, Hebrew,
Arabic, Central European, Turkish, Thai, Baltic, Vietnamese, judged by the letters its languages commonly write in words
that look like words).
Pure functions over bytes and text; :mod:`dedup.formats` decides when to ask."""

from __future__ import annotations

import codecs
import encodings.cp1252 as _stdlib_cp1252
import functools
import re
from collections import Counter

from dedup.codepages import (SINGLE_NAMES, Judged, decoded_sample, plainly_western, single_byte_codec,
                             single_byte_reading, views, wide_count)

__all__ = ["CJK_DECLARED", "cjk_reading", "cjk_codec", "declared_cjk_codec", "sensible_codec", "single_byte_reading",
           "sensible_reading", "sense_made", "encoding_name", "nonsense", "mojibake_repaired"]


#: East Asian encodings a text's bytes are tried in when the one declared fails or reads as nonsense (or,
#: for a file neither UTF-8 nor Windows-1252, when none is declared), the first of two equal readings kept.
_CJK_CODECS = ("cp932", "euc_jp", "gb18030", "big5hkscs", "cp949")
CJK_DECLARED = frozenset(_CJK_CODECS) | {"iso2022_jp"}
_CJK_NAMES = {"cp932": "Shift_JIS", "euc_jp": "EUC-JP", "gb18030": "GBK", "big5hkscs": "Big5", "cp949": "EUC-KR",
              "iso2022_jp": "ISO-2022-JP"}
#: A reading makes sense (:func:`_sense`) when this share of its East Asian characters are common ones
#: (:func:`_common`), and is nonsense under :data:`_NONSENSE`; judged on at least :data:`_CJK_LEAST` of them, in
#: the first :data:`_CJK_SAMPLE` characters. Text in these encodings scores 1.0 (the multilingual set's Chinese,
#: Japanese and Korean), Japanese in Shift_JIS read as GBK 0.27.
_SENSE, _NONSENSE, _CJK_LEAST, _CJK_SAMPLE = 0.9, 0.6, 20, 20_000
#: Japanese with fewer kana than a twentieth of its characters (kanji-heavy: a run of headlines) makes sense by its
#: common kanji alone when it holds this many different Han characters. Read as GBK, EUC-JP's kanji are common Chinese
#: ones too, of GB2312's rows 0xB0-0xCF only; a quarter of Chinese text's Han characters lie in its rows 0xD0-0xD7, so
#: Chinese read as EUC-JP is rare kanji (JIS level 2) where it is Japanese: 40 different Han characters tell them
#: apart. Counted with repeats, a few Chinese characters repeated (none of them in those rows) passed for Japanese
#: headlines: a GB18030 file of seven characters forty times was read as EUC-JP, the first of two equal readings.
_KANJI_LEAST = 40


#: Windows-1252 as tools read it: its five bytes with no character (0x81, 0x8D, 0x8F, 0x90, 0x9D) read as the
#: control characters of their numbers, as Windows itself reads them (a right double quotation mark, E2 80 9D,
#: read so is ``â€`` and U+009D).
_WINDOWS_1252 = "".join(chr(number) if char == "\ufffe" else char
                        for number, char in enumerate(_stdlib_cp1252.decoding_table))
_WINDOWS_1252_BYTES = codecs.charmap_build(_WINDOWS_1252)
#: How many times a text's mojibake is undone at most (:func:`mojibake_repaired`): a text read wrongly twice
#: (``CafÃƒÂ©``) is met; more is not.
_MOJIBAKE_DEPTH = 3


def mojibake_repaired(text: str) -> tuple[str, str, int] | None:
    """``text`` as it was written, when it is UTF-8 that was read as Windows-1252 (or Latin-1) and written again
    as UTF-8 (``CafÃ©`` for ``Café``, ``â€”`` for an em dash: a file saved by a tool that took its UTF-8 for its
    own code page), with the code page and how many times (a text so read twice is undone twice); None for
    any other text. Only a text every character of which goes back to the code page's bytes, and those bytes
    are UTF-8, is undone: a text of its own accents (``é`` before a plain letter) is no UTF-8 so, nor is one in
    another script (not in the code page), so nothing written in Windows-1252's letters is changed.

    >>> mojibake_repaired("CafÃ© owners â€” and seÃ±ores")
    ('Café owners — and señores', 'Windows-1252', 1)
    >>> mojibake_repaired("Café owners"), mojibake_repaired("plain"), mojibake_repaired("Ğ Ã©")
    (None, None, None)
    """
    if text.isascii():
        return None
    times, page = 0, "Windows-1252"
    while times < _MOJIBAKE_DEPTH and not text.isascii():
        try:
            data, codec = codecs.charmap_encode(text, "strict", _WINDOWS_1252_BYTES)[0], "cp1252"
        except UnicodeEncodeError:
            try:
                data, codec = text.encode("latin-1"), "latin-1"
            except UnicodeEncodeError:
                break
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            break
        times, page = times + 1, "Windows-1252" if codec == "cp1252" else "Latin-1"
    return (text, page, times) if times else None


def encoding_name(encoding: str) -> str:
    """The name a user knows an encoding :func:`decode_bytes` names by (``cp932``: Shift_JIS).

    >>> encoding_name("gb18030"), encoding_name("cp1252")
    ('GBK', 'Windows-1252')
    """
    return _CJK_NAMES.get(encoding) or SINGLE_NAMES.get(encoding) or ("Windows-1252" if encoding == "cp1252" else encoding)


def sense_made(encoding: str) -> str:
    """What a warning says of an encoding :func:`sensible_reading` found: "the East Asian encoding its bytes make
    sense in", or "the code page its letters make sense in"."""
    return ("the East Asian encoding its bytes make sense in" if encoding in _CJK_NAMES
            else "the code page its letters make sense in")


def sensible_reading(data: bytes) -> tuple[str, str] | None:
    """``(text, codec)``: ``data``, which is not UTF-8, read in the East Asian encoding it makes sense in
    (:func:`cjk_reading`), else in the single-byte code page other than Windows-1252 it surely makes sense in
    (:func:`single_byte_reading`); None: neither (it is read as Windows-1252), at once when it is plainly
    Western (:func:`plainly_western`)."""
    if plainly_western(data):
        return None
    return cjk_reading(data) or single_byte_reading(data)


def sensible_codec(data: Judged) -> str | None:
    """The encoding :func:`sensible_reading` reads ``data`` in when it is not plainly Western (asked before: a large
    table's bytes, :class:`~dedup.codepages.FileBytes`), or None; ``data`` never decoded whole."""
    return cjk_codec(data) or single_byte_codec(data)


def cjk_reading(data: bytes, *, besides: str | None = None) -> tuple[str, str] | None:
    """``(text, codec)``: ``data`` read in the East Asian encoding (:data:`_CJK_CODECS`, but ``besides``) in
    which it makes the most sense, when one makes sense (:func:`_sense`: its characters common ones, as
    text is, not the rare ones bytes of another encoding read as) and ``data`` is not UTF-8 with a few
    bytes wrong (a tenth of its bytes beyond ASCII at least fail as UTF-8: UTF-8 accents read as GBK are
    common characters too); else None.

    >>> cjk_reading("東京電力は10日、処理水の海洋放出を始めたと発表した。政府は安全だと説明している。".encode("cp932"))[1]
    'cp932'
    """
    codec = cjk_codec(data, besides=besides)
    return (data.decode(codec), codec) if codec is not None else None


def cjk_codec(data: Judged, *, besides: str | None = None) -> str | None:
    """The encoding :func:`cjk_reading` reads ``data`` in, or None; ``data`` never decoded whole."""
    wide = wide_count(data)  # its bytes beyond ASCII
    # each character judged takes a byte beyond ASCII at least: fewer than are judged on is no reading (a
    # Western line of a few accents paid five decodings for nothing, six times a line's plain read)
    if wide < _CJK_LEAST or _utf8_bytes(data) > len(data) - wide // 10:
        return None
    best: tuple[float, str] | None = None
    for codec in _CJK_CODECS:
        if codec == besides:
            continue
        text = decoded_sample(data, codec, _CJK_SAMPLE)  # judged on its first characters; decoded whole once chosen
        if text is None:
            continue
        share, count = _sense(text, codec)
        if count >= _CJK_LEAST and share >= _SENSE and (best is None or share > best[0]):
            best = (share, codec)
    return best[1] if best is not None else None


def declared_cjk_codec(data: Judged, declared: str) -> str | None:
    """The encoding a page or feed declaring the East Asian ``declared`` and not in UTF-8 is read in, as
    :func:`~dedup.charsets.decode_bytes` reads its bytes whole: ``declared`` when they all decode in it and make no
    nonsense there (judged on its first characters), else the East Asian encoding they make sense in
    (:func:`cjk_codec`), else ``declared`` when they all decode in it; None: in none. ``data`` never decoded whole."""
    sample = decoded_sample(data, declared, _CJK_SAMPLE)
    if sample is not None and not nonsense(sample, declared):
        return declared
    return cjk_codec(data, besides=declared) or (declared if sample is not None else None)


def _utf8_bytes(data: Judged) -> int:
    """How many of ``data``'s bytes are UTF-8 characters (``len(data.decode("utf-8", "ignore").encode())``, a
    piece at a time: the text and its bytes again were three times a 255 MB table's bytes at once)."""
    decoder = codecs.getincrementaldecoder("utf-8")("ignore")
    counted = sum(len(decoder.decode(chunk).encode("utf-8")) for chunk in views(data))
    return counted + len(decoder.decode(b"", final=True).encode("utf-8"))


_ASCII_BYTES = bytes(range(128))


#: The language each East Asian encoding is written in, for the marks of its text :func:`_sense` asks for.
_CJK_LANGUAGE = {"cp932": "ja", "euc_jp": "ja", "iso2022_jp": "ja", "gb18030": "zh", "big5hkscs": "zh", "cp949": "ko"}
_SPACED_HAN = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff]")
_SPACED_HANGUL = re.compile(r"[\uac00-\ud7a3] [\uac00-\ud7a3]")


def nonsense(text: str, codec: str) -> bool:
    """Whether ``text``, read in the East Asian encoding ``codec``, is nonsense (:func:`_sense`)."""
    share, count = _sense(text, codec)
    return count >= _CJK_LEAST and share < _NONSENSE


def _sense(text: str, codec: str) -> tuple[float, int]:
    """How much sense ``text`` makes read in ``codec``: the share of its characters beyond ASCII (but
    punctuation and white space) that are common ones (:func:`_common`), and how many there were, in its
    first :data:`_CJK_SAMPLE` characters; 0.0 when it lacks what the language writes: Japanese its kana
    (a twentieth at least), Korean its Hangul (half), Chinese neither kana, and when it writes what the
    language does not: Chinese and Japanese a space between two Han characters every ten, Korean fewer than
    one between two Hangul syllables every ten (the EUC encodings place common characters at the same bytes,
    so that Korean read as GBK or EUC-JP is common Han characters, but spaced as Korean words are, with
    kana where it had jamo; and Japanese or Chinese read as EUC-KR is common Hangul, unspaced). Japanese with few
    kana is judged by its kanji when it holds :data:`_KANJI_LEAST` different ones (a run of headlines was Windows-1252)."""
    sample = text[:_CJK_SAMPLE]
    counted = common = kana = hangul = han = kinds = 0
    for char, times in _counts(sample).items():
        if _neutral(char):
            continue
        code = ord(char)
        counted += times
        common += times if _common(char) else 0
        kana += times if 0x3041 <= code <= 0x30FA else 0
        hangul += times if 0xAC00 <= code <= 0xD7A3 else 0
        han += times if 0x4E00 <= code <= 0x9FFF else 0
        kinds += 0x4E00 <= code <= 0x9FFF  # different Han characters
    if not counted:
        return 0.0, 0
    language = _CJK_LANGUAGE.get(codec)
    spaced_han = language in ("ja", "zh") and len(_SPACED_HAN.findall(sample)) * 10 >= max(han, 1)
    kanji_run = kinds >= _KANJI_LEAST  # a run of headlines writes few kana: its many kanji, common ones, say enough
    if (language == "ja" and kana * 20 < counted and not kanji_run or spaced_han or language == "zh" and kana * 100 > counted
            or language == "ko" and (hangul * 2 < counted or len(_SPACED_HANGUL.findall(sample)) * 10 < hangul)):
        return 0.0, counted
    return common / counted, counted


def _counts(text: str) -> dict[str, int]:
    """How often each character beyond ASCII occurs in ``text`` (counted in C: a loop here was half the cost of
    a reading)."""
    return {char: times for char, times in Counter(text).items() if char >= "\x80"}


def _neutral(char: str) -> bool:
    """Punctuation and white space of every script: no evidence of the text's encoding."""
    code = ord(char)
    return 0x2000 <= code <= 0x206F or 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E or char.isspace()


@functools.lru_cache(maxsize=1 << 16)  # a character is asked of again and again, line after line
def _common(char: str) -> bool:
    """Whether ``char`` is a character East Asian text commonly holds: kana, Hangul jamo written alone (ㅋㅋ),
    a Hangul syllable of KS X 1001, a Han character of GB2312's first level, JIS X 0208's first level or
    Big5's common set. (Of the encodings read, only EUC-KR gives jamo: from the kana of EUC-JP or GBK too,
    but such a reading is unspaced Hangul, which :func:`_sense` calls nonsense.)"""
    code = ord(char)
    if 0x3041 <= code <= 0x3096 or 0x30A1 <= code <= 0x30FA or code == 0x30FC or 0x3131 <= code <= 0x318E:
        return True
    sets = (("euc_kr", 0xB0, 0xC8),) if 0xAC00 <= code <= 0xD7A3 else (
        ("gb2312", 0xB0, 0xD7), ("euc_jp", 0xB0, 0xCF), ("big5", 0xA4, 0xC6)) if 0x4E00 <= code <= 0x9FFF else ()
    for codec, low, high in sets:
        try:
            lead = char.encode(codec)[0]
        except UnicodeEncodeError:
            continue
        if low <= lead <= high:
            return True
    return False
