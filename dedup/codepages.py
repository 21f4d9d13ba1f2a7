"""Which single-byte code page other than Windows-1252 a text's bytes make sense in (:func:`single_byte_reading`:
Cyrillic, Greek, Hebrew, Arabic, Central European, Turkish, Thai, Baltic, Vietnamese, Romanian in ISO-8859-16), judged
by the letters its languages commonly write in words that look like words; and whether they are plainly Western, with
no need to judge them (:func:`plainly_western`). Pure functions over bytes and text; :mod:`dedup.encodings` asks, after
the East Asian encodings."""

from __future__ import annotations

import codecs
import functools
import os
import re
import unicodedata
from collections import Counter
from typing import Any, Iterator, Union

__all__ = ["single_byte_reading", "single_byte_codec", "plainly_western", "plainly_western_bytes", "decoded_sample",
           "SINGLE_NAMES", "FileBytes", "Judged", "views", "wide_count"]

#: The first characters of a text judged (as :mod:`dedup.encodings` judges an East Asian reading on).
_SAMPLE = 20_000
_ASCII_BYTES = bytes(range(128))


#: The single-byte code pages a text that is neither UTF-8 nor East Asian is tried in (Windows-1252 first: the
#: reading kept unless another is sure), each with the letters beyond ASCII that the languages written in it
#: commonly hold, one string a language (lower case; Greek without its accents): Western European; Cyrillic
#: (Russian, Ukrainian, Bulgarian: their most frequent letters); Greek; Hebrew; Arabic and Persian; Central
#: European (Polish, Czech, Slovak, Hungarian, Croatian and Slovene, Romanian); Turkish; Thai; Baltic (Lithuanian,
#: Latvian, Estonian); Vietnamese. KOI8-U reads every letter of KOI8-R the same, and ISO-8859-7 and -8 the letters
#: of Windows-1253 and -1255. Where a page serves several languages, each is listed with its whole alphabet beyond
#: ASCII (a word's letters count for a language that writes them all: :func:`_languages_writing`).
_CENTRAL = ("ąćęłńóśźż", "áčďéěíňóřšťúůýž", "áäčďéíĺľňóôŕšťúýž", "áéíóöőúüű", "čćđšž", "ăâîşţ")
_BALTIC = ("ąčęėįšųūž", "āčēģīķļņšūž", "äöõüšž")  # Lithuanian, Latvian, Estonian
_SINGLE_CODECS: dict[str, tuple[str, ...]] = {
    "cp1252": ("àâæçéèêëîïôœùûüÿ", "äöüßé", "áéíñóúü", "áâãàçéêíóôõú", "àèéìíîòóù", "éëïèöüáó", "åæøäöé",
               "áðéíóúýþæö"),
    "cp1251": ("оеаинтсрвлкмдпуяіыьгзбч",),
    "koi8_u": ("оеаинтсрвлкмдпуяіыьгзбч",),
    "cp1253": ("αοιετσνηυρπκμλς",),
    "iso8859_7": ("αοιετσνηυρπκμλς",),
    "cp1255": ("יוהלארמתבשנםעדכ",),
    "iso8859_8": ("יוהלארמתבשנםעדכ",),
    "cp1256": ("اليمونهرتبعةدفكسقحیک",),
    "cp1250": _CENTRAL,
    "iso8859_2": _CENTRAL,
    "cp1254": ("çğıöşüi",),  # "i": İ, whose lower case is an "i" with a combining dot; â, î, û are rare
    "cp874": ("านรอกเมงยดลทสวบตปะหคพขใไจโแ",),  # Thai: its vowel signs and tone marks are combining marks, not judged
    "cp1257": _BALTIC,
    "iso8859_13": _BALTIC,  # the letters of Windows-1257 at the same bytes; its quotation marks elsewhere
    "cp1258": ("àáâăèéêíóôơùúưđ",),  # Vietnamese: its tones are combining marks (after â, ê, ô, ơ, ư, ă), not judged
    # Romanian with its ș and ț (comma below) at the bytes of Windows-1250's ş and ţ (cedilla): the same bytes as
    # Romanian in Windows-1250 (tied, that reading kept, listed first) but for its marks: „ and ” (Windows-1250's
    # Ą and µ), € (¤)
    "iso8859_16": ("ăâîșț",),
}
#: The names a user knows the code pages by (warnings name the page a text was read in).
SINGLE_NAMES = {"cp1251": "Windows-1251", "koi8_u": "KOI8-R/U", "cp1253": "Windows-1253", "iso8859_7": "ISO-8859-7",
                 "cp1255": "Windows-1255", "iso8859_8": "ISO-8859-8", "cp1256": "Windows-1256", "cp1250": "Windows-1250",
                 "iso8859_2": "ISO-8859-2", "cp1254": "Windows-1254", "cp874": "Windows-874",
                 "cp1257": "Windows-1257", "iso8859_13": "ISO-8859-13", "cp1258": "Windows-1258",
                 "iso8859_16": "ISO-8859-16"}
#: A single-byte reading replaces Windows-1252's when it makes this much sense (:func:`_letters_sense`),
#: Windows-1252's at most :data:`_LATIN_DOUBT` and :data:`_SINGLE_MARGIN` less, judged on :data:`_SINGLE_LEAST`
#: characters beyond ASCII at least (a line of a few accents says too little) in the first :data:`_SAMPLE`
#: characters. Text in these code pages scores 0.85-1.0 in its own (the multilingual set's articles), 0.0-0.55
#: read as Windows-1252, but Turkish, whose ğ, ı and ş read as the ð, ý and þ of Icelandic: 0.67-0.79.
_SINGLE_SURE, _LATIN_DOUBT, _SINGLE_MARGIN, _SINGLE_LEAST = 0.75, 0.8, 0.2, 12
#: A run of characters between spaces or a page's tags' brackets, with one beyond ASCII ("<p>Президент" glued
#: the tag's p to the word, whose capital then followed a small letter: a page of one paragraph lost its capitals)
_WIDE_TOKEN = re.compile(r"[^\s<>]*[^\x00-\x7f][^\s<>]*")


class FileBytes:
    """The bytes of the file open at ``fd`` (``size`` of them), judged as bytes read whole are (:func:`decoded_sample`,
    :func:`wide_count`, an opening ``data[:n]``) but read ``piece`` bytes at a time, never held whole: a large table's
    (:mod:`dedup.streamed_tables`; judged whole, a table of several Western languages was skipped past 256 MB)."""

    def __init__(self, fd: int, size: int, piece: int = 1 << 20) -> None:
        self.fd, self.size, self.piece = fd, size, piece

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, cut: slice) -> bytes:
        if not isinstance(cut, slice) or cut.start not in (None, 0) or cut.step is not None:
            raise TypeError("only an opening of a file's bytes is read at once")
        return os.pread(self.fd, min(self.size, self.size if cut.stop is None else max(0, cut.stop)), 0)

    def pieces(self) -> Iterator[bytes]:
        """Its bytes, a piece at a time."""
        at = 0
        while at < self.size and (chunk := os.pread(self.fd, min(self.piece, self.size - at), at)):
            yield chunk
            at += len(chunk)


#: Bytes judged: held (``bytes``), or a file's read a piece at a time.
Judged = Union[bytes, FileBytes]


def views(data: Judged, piece: int = 1 << 20) -> Iterator[Any]:
    """``data``'s bytes a piece at a time (views of bytes held)."""
    if isinstance(data, FileBytes):
        yield from data.pieces()
        return
    view = memoryview(data)
    for at in range(0, len(data), piece):
        yield view[at:at + piece]


def wide_count(data: Judged) -> int:
    """How many of ``data``'s bytes are beyond ASCII."""
    if isinstance(data, FileBytes):
        return sum(len(chunk.translate(None, delete=_ASCII_BYTES)) for chunk in data.pieces())
    return len(data.translate(None, delete=_ASCII_BYTES))


def single_byte_reading(data: bytes) -> tuple[str, str] | None:
    """``(text, codec)``: ``data`` read in the single-byte code page (:data:`_SINGLE_CODECS`) other than
    Windows-1252 in which it makes sense (:func:`_letters_sense`) where Windows-1252 makes none: Cyrillic in
    Windows-1251 or KOI8-R, Greek, Hebrew, Arabic, Central European or Turkish text, read as Windows-1252
    mojibake before ("Ïðåçèäåíò", "g³ówny"). None when Windows-1252 makes sense, or none does surely.

    >>> single_byte_reading("Президент России заявил сегодня, что правительство примет меры.".encode("cp1251"))[1]
    'cp1251'
    """
    codec = single_byte_codec(data)
    return (data.decode(codec), codec) if codec is not None else None


def single_byte_codec(data: Judged) -> str | None:
    """The code page :func:`single_byte_reading` reads ``data`` in, or None; ``data`` never decoded whole."""
    if wide_count(data) < _SINGLE_LEAST:
        return None
    most = _at_most(data[:_SAMPLE])
    # code pages in which it cannot make sense enough are neither decoded nor judged (a Cyrillic line paid
    # eleven judgements); when none is left, Windows-1252 is not judged either
    possible = [codec for codec in _SINGLE_CODECS if codec != "cp1252" and most[codec] >= _SINGLE_SURE]
    if not possible:
        return None
    # Windows-1252's sense is judged when its most could keep it (over _LATIN_DOUBT) or keep another from being
    # sure enough; a Cyrillic line's is at most 0.5 or so, and its Windows-1251 reading beats that by far
    western_most = most["cp1252"]
    western = _western_sense(data) if western_most > _LATIN_DOUBT else None
    if western is not None and western > _LATIN_DOUBT:
        return None
    best: tuple[float, str] | None = None
    for codec in possible:
        if western is not None and most[codec] < western + _SINGLE_MARGIN:
            continue
        text = decoded_sample(data, codec, _SAMPLE)  # judged on its first characters; decoded whole once chosen
        if text is None:
            continue
        share, count = _letters_sense(text, codec)
        if count < _SINGLE_LEAST or share < _SINGLE_SURE or best is not None and share <= best[0]:
            continue
        if share < western_most + _SINGLE_MARGIN:  # Windows-1252's most does not settle it: its sense does
            western = _western_sense(data) if western is None else western
            if share < western + _SINGLE_MARGIN:
                continue
        best = (share, codec)
    return best[1] if best is not None else None


def _western_sense(data: Judged) -> float:
    """How much sense ``data`` makes read as Windows-1252 (:func:`_letters_sense`; none when it cannot be)."""
    text = decoded_sample(data, "cp1252", _SAMPLE)
    return 0.0 if text is None else _letters_sense(text, "cp1252")[0]


#: The bytes decoded at a time by :func:`decoded_sample`.
_PIECE = 1 << 20


def decoded_sample(data: Judged, codec: str, most: int) -> str | None:
    """The first ``most`` characters of ``data`` read in ``codec``, or None when ``data`` is not text in it
    (``data.decode(codec)[:most]``, decoded a piece at a time: a reading is judged on its first characters, and
    a 255 MB table's whole text, twice or four times its bytes, was made for each code page judged and let go).

    >>> decoded_sample("Le président".encode("cp1252"), "cp1252", 5), decoded_sample(bytes([0x81]), "cp1252", 5)
    ('Le pr', None)
    """
    decoder = codecs.getincrementaldecoder(codec)()
    kept: list[str] = []
    held = 0
    try:
        for chunk in views(data, _PIECE):
            text = decoder.decode(chunk)
            if held < most:
                kept.append(text[:most - held])
                held += len(kept[-1])
        kept.append(decoder.decode(b"", final=True)[:max(0, most - held)])
    except UnicodeDecodeError:
        return None
    return "".join(kept)


def _at_most(sample: bytes) -> dict[str, float]:
    """The most sense (:func:`_letters_sense`) ``sample`` can make in each code page of :data:`_SINGLE_CODECS`,
    counted on its bytes: those that are common letters of one of the code page's languages, of those that are
    letters beyond ASCII (every one of which is judged), for the language with the most; 1.0 with none. Counted
    for all code pages at once (one count of each byte, one product): a count per page took longer than reading."""
    import numpy as np

    letters, languages, rows = _byte_classes()
    counts = np.bincount(np.frombuffer(sample, dtype=np.uint8), minlength=256).astype(np.float64)
    counted, common = letters @ counts, languages @ counts
    return {codec: (float(common[rows[codec]].max() / counted[i]) if counted[i] else 1.0)
            for i, codec in enumerate(_SINGLE_CODECS)}


@functools.lru_cache(maxsize=None)
def _byte_classes() -> tuple[Any, Any, dict[str, slice]]:
    """For :func:`_at_most`: a row per code page of :data:`_SINGLE_CODECS` marking the bytes that are letters in
    it, a row per language of each marking those that are letters it commonly writes, and each page's rows."""
    import numpy as np

    letters = np.zeros((len(_SINGLE_CODECS), 256))
    languages: list[Any] = []
    rows: dict[str, slice] = {}
    for i, (codec, written) in enumerate(_SINGLE_CODECS.items()):
        bases = _page_letters(codec)
        letters[i, list(bases)] = 1
        rows[codec] = slice(len(languages), len(languages) + len(written))
        for language in written:
            row = np.zeros(256)
            row[[b for b, char in bases.items() if char in language] or []] = 1
            languages.append(row)
    return letters, np.array(languages), rows


@functools.lru_cache(maxsize=None)
def _page_chars(codec: str) -> dict[int, str]:
    """The characters the bytes beyond ASCII are in the single-byte ``codec`` (bytes it does not define left out)."""
    read = bytes(range(0x80, 0x100)).decode(codec, errors="replace")  # one character a byte: a page's bytes
    return {byte: char for byte, char in zip(range(0x80, 0x100), read) if char != "\ufffd"}


def _page_letters(codec: str) -> dict[int, str]:
    """The bytes beyond ASCII that are letters in the single-byte ``codec``, each with its letter's base
    (:func:`_base_letter`)."""
    return {byte: _base_letter(char) for byte, char in _page_chars(codec).items() if char.isalpha()}


def _latin_pages() -> list[str]:
    """The code pages of :data:`_SINGLE_CODECS` whose letters beyond ASCII are Latin (Windows-1250, -1254, -1257,
    -1258...): those whose text may share its bytes with a Western language's letters."""
    def latin(codec: str) -> bool:
        chars = bytes(range(0xC0, 0x100)).decode(codec, errors="ignore")
        return sum(_script(c) == "LATIN" for c in chars if c.isalpha()) * 2 > len(chars)

    return [codec for codec in _SINGLE_CODECS if latin(codec)]


def _letters_sense(text: str, codec: str) -> tuple[float, int]:
    """How much sense ``text`` makes read in the single-byte ``codec``: the share of its characters beyond ASCII
    inside words that are letters its languages commonly write (:data:`_SINGLE_CODECS`, the best language's
    share) in words that look like words (:func:`_word_sense`), and how many were judged. A reading in Cyrillic
    or Greek without a capital, or with more capitals than small letters, makes none (Hebrew read as
    Windows-1251 is small Cyrillic letters alone, as KOI8-R capitals), nor one in Thai with fewer vowel signs and
    tone marks than one for ten letters (Thai writes one for four or five; Western mojibake read as Thai has none),
    nor one in Vietnamese with fewer combining marks (its tones) than one for ten letters."""
    judged = marks = upper = lower = 0
    written = [0] * len(_SINGLE_CODECS[codec])  # per language: the letters of words it writes whole
    for token, times in Counter(_WIDE_TOKEN.findall(text[:_SAMPLE])).items():
        word_judged, word_marks, letters, word_upper, word_lower = _word_sense(token)
        judged, marks = judged + times * word_judged, marks + times * word_marks
        upper, lower = upper + times * word_upper, lower + times * word_lower
        if letters:
            for i, count in _languages_writing(letters, codec):
                written[i] += times * count
    if not judged:
        return 0.0, 0
    if codec in ("cp1251", "koi8_u", "cp1253", "iso8859_7") and (not upper or upper > lower) or (
            codec in ("cp874", "cp1258") and marks * 10 < judged):
        return 0.0, judged
    return max(written) / judged, judged


@functools.lru_cache(maxsize=1 << 16)
def _languages_writing(letters: str, codec: str) -> tuple[tuple[int, int], ...]:
    """``(language, count)``: how many of one word's ``letters`` each language of ``codec`` (:data:`_SINGLE_CODECS`,
    by place) writes. Where a code page serves several languages, each listed with its whole alphabet beyond ASCII,
    a word is written in one of them: its letters count for a language only when it writes them all (Hungarian
    read as Windows-1252 is Portuguese's á, é, õ in some words, German's ö, ü in others: counted letter by letter,
    Portuguese wrote 0.85-0.89 of it). A code page of one language lists its most frequent letters only: each
    counts."""
    languages = _SINGLE_CODECS[codec]
    if len(languages) == 1:
        return ((0, sum(c in languages[0] for c in letters)),)
    return tuple((i, len(letters)) for i, language in enumerate(languages) if all(c in language for c in letters))


#: Tokens of at most this many characters (words) are remembered by :func:`_word_sense`: a feed of long tokens
#: without spaces (20,000 characters each) would otherwise fill its memory with gigabytes.
_REMEMBERED_WORD = 40


def _word_sense(token: str) -> tuple[int, int, str, int, int]:
    """:func:`_judged_word`, remembered for words (:data:`_REMEMBERED_WORD`): a word is asked of again and again,
    in every reading and line after line."""
    return _remembered_word(token) if len(token) <= _REMEMBERED_WORD else _judged_word(token)


def _judged_word(token: str) -> tuple[int, int, str, int, int]:
    """What :func:`_letters_sense` counts of one token (a run of characters between spaces): how many of its
    word's characters beyond ASCII are judged and how many are combining marks; and, when the word looks like a
    word, its letters beyond ASCII (in lower case, Greek without accents) and how many are capitals and small
    letters. A word does not when its letters are of two scripts (Latin and Cyrillic), when a symbol stands
    between them ("g³ówny"), when a capital follows a small letter, or when it is two Latin letters or more all
    beyond ASCII ("Ïðåçèäåíò": a Western word holds a plain letter)."""
    letters = [i for i, c in enumerate(token) if c.isalpha()]
    if not letters:
        return 0, 0, "", 0, 0
    word = token[letters[0] : letters[-1] + 1]
    if word.isascii():
        return 0, 0, "", 0, 0
    alpha = [c for c in word if c.isalpha()]
    scripts = {_script(c) for c in alpha}
    kinds = [_kind(c) for c in word]
    sound = (len(scripts) == 1 and not any(a.islower() and b.isupper() for a, b in zip(word, word[1:]))
             and "symbol" not in kinds and not (scripts == {"LATIN"} and len(alpha) >= 2 and all(c >= "\x80" for c in alpha)))
    wide = [c for c, kind in zip(word, kinds) if kind in ("letter", "symbol")]
    marks = kinds.count("mark")
    if not sound:
        return len(wide), marks, "", 0, 0
    found = [c for c in wide if c.isalpha()]
    return (len(wide), marks, "".join(_base_letter(c) for c in found), sum(c.isupper() for c in found),
            sum(c.islower() for c in found))


_remembered_word = functools.lru_cache(maxsize=1 << 16)(_judged_word)


#: Punctuation that joins the letters of a word beyond ASCII: apostrophes, hyphens, Hebrew's geresh and gershayim,
#: the Catalan middle dot.
_JOINERS = frozenset("\u2019\u2018\u02bc\u2010\u2011\u00ad\u05f3\u05f4\u00b7\u2013")


@functools.lru_cache(maxsize=4096)
def _kind(char: str) -> str:
    """What a character inside a word is to :func:`_letters_sense`: "ascii", "letter", "mark" (a combining
    one), "joiner" (:data:`_JOINERS`) or "symbol" (any other: "³" in "g³ówny" is no part of a word)."""
    if char < "\x80":
        return "ascii"
    if char.isalpha():
        return "letter"
    if unicodedata.category(char).startswith("M"):
        return "mark"
    return "joiner" if char in _JOINERS else "symbol"


@functools.lru_cache(maxsize=4096)
def _script(char: str) -> str:
    """The script a letter is written in (the first word of its Unicode name: LATIN, CYRILLIC, GREEK ...)."""
    return unicodedata.name(char, "").split(" ", 1)[0]


@functools.lru_cache(maxsize=4096)
def _base_letter(char: str) -> str:
    """A letter in lower case, a Greek one without its accent (ά: α), as :data:`_SINGLE_CODECS` lists them."""
    lower = char.lower()
    return unicodedata.normalize("NFD", lower)[0] if _script(char) == "GREEK" or len(lower) > 1 else lower


def plainly_western(data: bytes) -> bool:
    """Whether ``data`` is Windows-1252 with no need to judge it: every byte beyond ASCII is a letter of one
    Western language (:data:`_SINGLE_CODECS`: French, German, Spanish...) or a mark no Latin code page reads as a
    letter (quotation marks, dashes, the euro sign, guillemets). Judging such a line cost it six times its reading; text of another
    code page read as Windows-1252 holds letters of two languages at least (Czech: Icelandic's ý with French's
    è and Danish's ø), and East Asian text a hundred kinds of bytes.

    >>> plainly_western("Le président a déclaré à Genève « c’est décisif ».".encode("cp1252"))
    True
    >>> plainly_western("Příliš žluťoučký kůň úpěl ďábelské ódy.".encode("cp1250"))
    False
    """
    return plainly_western_bytes(frozenset(data.translate(None, delete=_ASCII_BYTES)))


def plainly_western_bytes(wide: frozenset[int]) -> bool:
    """:func:`plainly_western` of a text whose bytes beyond ASCII are ``wide`` (a large table's, gathered a piece
    at a time: :mod:`dedup.streamed_tables`)."""
    return any(wide <= language for language in _western_bytes())


@functools.lru_cache(maxsize=None)
def _western_bytes() -> tuple[frozenset[int], ...]:
    """For :func:`plainly_western`: per Western language, the bytes that are its letters in Windows-1252, with the
    bytes that are a mark (not a letter, not a combining mark) in Windows-1252 and in every Latin code page of
    :data:`_SINGLE_CODECS` that reads them (so not Windows-1252's ³: Windows-1250's ł). The marks of the other
    scripts' pages do not matter: their text holds letters of many more kinds than one Western language writes;
    nor do ISO-8859-2's, whose letters at the bytes of Windows-1252's «, » and © (Ť, ť, Š) come with others that
    no Western language writes in Czech or Slovak text (š, ž, č, ř at bytes that are no such mark), nor
    ISO-8859-16's (Ś, ź at ×, ®...): Romanian in it writes ă and î, Windows-1252's ã and î, which no one Western
    language writes together."""
    def mark(byte: int, codec: str) -> bool:
        char = _page_chars(codec).get(byte)
        if char is None:  # a byte the page does not define
            return codec != "cp1252"
        return not char.isalpha() and not unicodedata.category(char).startswith("M")

    marks = {byte for byte in range(0x80, 0x100)
             if all(mark(byte, codec) for codec in _latin_pages() if codec not in ("iso8859_2", "iso8859_16"))}
    letters = _page_letters("cp1252")
    return tuple(frozenset(marks | {byte for byte, letter in letters.items() if letter in language})
                 for language in _SINGLE_CODECS["cp1252"])
