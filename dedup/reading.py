"""Reading articles: the one stage that reads input files (a folder, a file, a JSONL stream, a part).

Every file becomes a :class:`~dedup.documents.Document` with normalised text, or a
:class:`~dedup.documents.Skipped` with the reason; ids are checked for uniqueness as the read goes.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import io
import json
import os
import re
import stat
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, Mapping, Sequence

import numpy as np

from dedup.documents import Corpus, Document, Documents, Skipped, published_iso, replaced_in_id, valid_unicode
from dedup.encodings import encoding_name, mojibake_repaired, sense_made, sensible_reading
from dedup.errors import DuplicateIdError, InputError, SettingsError
from dedup.formats import (
    CONTROLS,
    declared_label,
    CUT_OFF,
    HTML_SUFFIXES,
    JSON_SUFFIXES,
    JSONL_SUFFIXES,
    NOT_ARTICLES,
    SUPPORTED_SUFFIXES,
    UNDECODABLE,
    BINARY,
    COMPRESSED_SUFFIXES,
    OTHER_SUFFIXES,
    compressed_reason,
    SNIFF,
    DECLARED_ELSE,
    MARKED_ELSE,
    decode_bytes,
    decode_line,
    stray_bytes_replaced,
    file_name,
    is_json_report,
    is_nul_block,
    json_lines_among,
    mixed_lines,
    json_error,
    load_json,
    stdin_lines,
    MAX_LINE_BYTES,
    LongLine,
    file_lines,
    too_long,
    without_controls,
    repeated_fields,
)
from dedup.language import count_words, normalize_language
from dedup.markup import MAX_HTML_ELEMENTS, too_many_elements
from dedup.normalize import html_to_article, looks_like_headline, normalize_text, word_salad
from dedup.parts import Part, corpus_files, large_jsonl_ranges, leads_out
from dedup.signatures import check_flag

__all__ = ["read_corpus", "read_article", "make_document", "read_part", "pretty_json_collapsed", "id_hash", "id_key",
           "composed_apart", "would_read", "not_there", "spill_from_start", "MIN_WORDS", "MAX_CHARS",
           "LITERAL_FIELDS", "OTHER_NAMES", "READ_FIELDS", "REPEATED", "repeated_warnings"]

#: Articles with fewer words than this are skipped: too little text to say anything about copying,
#: and two near-empty signatures would look identical.
MIN_WORDS = 20
#: Larger articles are truncated to this many characters (a documented limit, not a silent one).
MAX_CHARS = 1_000_000

#: Why a text without a letter or a digit is skipped: punctuation, symbols, emoji or combining marks alone.
NO_WORDS = "no words (only punctuation, symbols, emoji or marks)"

_KNOWN_FIELDS = ("id", "text", "title", "outlet", "published", "url", "language")
#: Names other exports give a field (news crawlers, news APIs, schema.org, JSON Feed items), read when the record lacks
#: dedup's own name; the first present whose value is a string, and said once in a warning. Names whose
#: meaning varies (``source``, ``date`` of a crawl) are not among them: a wrong outlet would make two
#: outlets' copies one outlet's versions of a story.
OTHER_NAMES = {
    "text": ("body", "content", "maintext", "article_text", "full_text", "articleBody", "content_text"),
    "html": ("content_html",),
    "title": ("headline",),
    "published": ("published_at", "publish_date", "date_publish", "datePublished", "pubDate", "date_published"),
    "url": ("link",),
    "outlet": ("publisher", "source_domain", "site_name"),
    "language": ("lang",),
}
#: Every field a JSON article is read by: dedup's names, ``html`` and the other names read for them.
READ_FIELDS = (*_KNOWN_FIELDS, "html", *(other for others in OTHER_NAMES.values() for other in others))
#: The warning for a field of :data:`READ_FIELDS` a record gives more than once (:func:`repeated_warnings`).
REPEATED = "the field '{}' is given more than once; its last value is read"
#: The fields whose ``NaN``, ``Infinity`` or number beyond a float is read as its text (not None), so that
#: the date dropped is warned of as ``"published": "nan"`` is: dedup's name and every other name read for it
#: (``"pubDate": NaN`` was dropped without a word where ``"pubDate": "nan"`` was warned of).
LITERAL_FIELDS = ("published", *OTHER_NAMES["published"])
#: Control characters, C0 and C1 (ESC and CSI start terminal escape sequences; a tab or a line break in an id
#: split a line of ``dedup check``, whose fields tabs part, in two), and Unicode's line and paragraph separators
#: (U+2028, U+2029: a line break to ``str.splitlines`` and to JavaScript, which split such a line too).
_NAME_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: Tabs and line breaks (and Unicode's separators) in a title, an outlet or a URL: white space (a headline given on
#: two lines).
_NAME_BREAKS = re.compile("[\t\n\r\u2028\u2029]")
#: The mark of dedup's own HTML pages (``<meta name="generator" content="dedup">``).
_DEDUP_REPORT = re.compile(r"""<meta\s+name=["']generator["']\s+content=["']dedup["']""", re.I)
#: The start of dedup's own JSON reports (``dedup scan --json``).
_JSON_REPORT = re.compile(r'\s*\{\s*"schema_version"')


def read_corpus(source: str | Path, *, min_words: int = MIN_WORDS, stdin: IO[Any] | Iterable[str] | None = None,
                progress: Callable[[str, int, int], None] | None = None, spill: int | None = None,
                follow_links: bool = False) -> Corpus:
    """Read a folder (recursively), one file, or ``"-"`` (JSONL on ``stdin``: a text or binary stream, or lines;
    standard input when None) into documents.

    A link in the folder that leads out of it is named among the skipped, not read, unless
    ``follow_links``: a folder of uploads holding a link to ``/etc/passwd`` or another user's files must
    not put them in a report (links to files inside the folder are read, once).

    Files that cannot be read as articles are skipped with a reason; the read goes on. Raises
    :class:`InputError` when the path does not exist and :class:`DuplicateIdError` when two articles
    share an id. ``progress("read", files_done, files)`` is called as a folder is read. ``spill``
    (characters): past that much text, the texts wait in a temporary file (:class:`Documents`); from the
    first article when the input files are larger than ``spill`` bytes (:func:`spill_from_start`).
    """
    follow_links = check_flag("follow_links", follow_links)
    if progress is not None and not callable(progress):  # it failed as "'int' object is not callable" mid-read
        raise TypeError(f"progress must be a function called as progress(stage, done, total), or None, "
                        f"not {type(progress).__name__}")
    if str(source) == "-":
        reader = _Reader(min_words=min_words, spill=spill)
        reader.read_jsonl_stream(stdin_lines() if stdin is None else _text_lines(stdin), "<stdin>")
    else:
        path = _given_path(source)
        if not _exists(path, source):
            raise InputError(f"{source}: {not_there(path)}")
        files = corpus_files(path) if path.is_dir() else [path]
        reader = _Reader(min_words=min_words, spill=0 if spill_from_start(files, spill) else spill,
                         follow_links=follow_links)
        if path.is_dir():
            for done, file in enumerate(files, start=1):
                reader.read_file(file, root=path)
                if progress is not None and (done % 64 == 0 or done == len(files)):
                    progress("read", done, len(files))
        else:
            reader.read_file(path, root=None)
    reader.finish()
    docs = reader.documents
    return Corpus(docs if docs.spilled else tuple(docs), tuple(reader.skipped), tuple(reader.warnings))


def _text_lines(stdin: Any) -> Any:
    """The lines of ``stdin`` given to :func:`read_corpus`: a text stream or an iterable of lines as it is, a
    binary stream (``sys.stdin.buffer``, a file opened ``"rb"``) read as standard input is
    (:func:`stdin_lines`); they failed with "startswith first arg must be bytes", and a number with
    "'int' object is not iterable"."""
    if isinstance(stdin, (io.RawIOBase, io.BufferedIOBase)) or "b" in str(getattr(stdin, "mode", "")):
        return stdin_lines(stdin)
    if isinstance(stdin, (str, bytes)) or not hasattr(stdin, "__iter__"):
        raise TypeError(f"stdin must be a stream of JSONL lines (text or binary) or an iterable of lines, not "
                        f"{type(stdin).__name__}" + (" (wrap the text in io.StringIO)" if isinstance(stdin, str) else ""))
    return stdin


def spill_from_start(files: Sequence[Path], spill: int | None) -> bool:
    """Whether a read of ``files`` under a texts' ``spill`` (characters) puts the texts in a file from the first
    article: when the files hold more than ``spill`` bytes (their texts, which are no longer than their bytes
    but for a few entities, will most likely pass it). Held until the spill and then written, a corpus's
    articles left the heap in pieces the C library could not give back: a million articles under 1GB read
    that way kept 142 MB resident after reading, through every later stage, against 50 MB when their texts
    went to the file from the first (and a peak of 476 MB while reading, against 276; benchmarks/RESULTS.md,
    2026-12-03). The answers are the same either way; a corpus whose texts stay under the spill after all is
    only read back from the file.

    >>> spill_from_start([], 0), spill_from_start([Path(__file__)], None)
    (False, False)
    """
    if spill is None:
        return False
    size = 0
    for file in files:
        try:
            info = file.stat()
        except OSError:  # a link that leads nowhere: the read skips it with the reason
            continue
        if stat.S_ISREG(info.st_mode):
            size += info.st_size
            if size > spill:
                return True
    return False


def repeated_warnings(text: str, where: str) -> list[str]:
    """A warning for each field an article is read by that the JSON object ``text`` gives more than once
    (:func:`dedup.formats.repeated_fields`): its last value is read, the others were dropped without a word."""
    return [f"{where}: {REPEATED.format(name)}" for name in repeated_fields(text, READ_FIELDS)]


def make_document(record: Mapping[str, Any], *, default_id: str = "article", min_words: int = MIN_WORDS,
                  warnings: list[str] | None = None) -> Document:
    """A Document from an article's fields (``id``, ``text`` or ``html``, ``title``, ``outlet``,
    ``published``, ``url``, ``language``; others are kept in ``meta``), built exactly as the reader builds one from a
    JSON record: normalised text, truncated at ``MAX_CHARS``, an unparseable date dropped. Raises
    :class:`InputError` with the reason the reader would skip it (empty, too short, no text). What the
    reader would warn of (a date dropped, the text truncated) is appended to ``warnings`` when given.

    >>> doc = make_document({"id": "a1", "text": "Cafe\u0301 owners met on Monday. " * 5})
    >>> doc.text[:11] == "Caf\u00e9 owners"  # composed (NFC), as the reader composes it
    True
    """
    reader = _Reader(min_words=min_words)
    reader._add_record(dict(record), str(record.get("id", default_id)), default_id=default_id, outlet=None)
    if not reader.documents:
        raise InputError(reader.skipped[0].reason if reader.skipped else "no article")
    if warnings is not None:
        warnings += reader.warnings
    return reader.documents[0]


def read_article(path: str | Path, *, min_words: int = MIN_WORDS, warnings: list[str] | None = None) -> Document:
    """Read exactly one article from a file; its id is the path as given unless the file names one.

    Raises :class:`InputError` when the file does not hold exactly one readable article. What it was read
    with (an encoding guessed, the text truncated, control characters dropped, a date ignored) is appended
    to ``warnings`` when given.
    """
    target = _given_path(path)
    if not _exists(target, path) or target.is_dir():
        raise InputError(f"{_shown_path(path, named=True)}: {not_there(target, 'no such file')}{_text_hint(path, named=True)}"
                         if not target.exists() else f"{path}: is a folder, not an article file")
    corpus = read_corpus(target, min_words=min_words)
    if len(corpus.documents) != 1 or corpus.skipped:
        why = (f"{corpus.skipped[0].path}: {corpus.skipped[0].reason}" if corpus.documents else corpus.skipped[0].reason) \
            if corpus.skipped else f"holds {len(corpus.documents)} articles"
        raise InputError(f"{path}: not one readable article ({why})")
    if warnings is not None:
        warnings += corpus.warnings
    doc = corpus.documents[0]
    if doc.id == file_name(target.name):
        # as a folder's files are named: a byte that is not UTF-8 as \xNN (it was a lone surrogate, which
        # no report could write)
        doc = replace(doc, id=file_name(str(path)))
    return doc


#: Why a link in a scanned folder that leads to a file outside it is not read.
LINK_OUT = "a link to a file outside the folder, not read (give --follow-links to read the files such links lead to)"


def read_part(part: Part, *, min_words: int = MIN_WORDS) -> Corpus:
    """Read one part: the same documents, skips and warnings :func:`read_corpus` gives for it.

    Ids are checked for uniqueness within the part only; the engine checks across parts. Links that lead
    out of the folder are followed as the part says (:attr:`Part.follow_links`).
    """
    reader = _Reader(min_words=min_words, follow_links=part.follow_links)
    root = Path(part.root) if part.root is not None else None
    if part.span is None:
        for file in part.files:
            reader.read_file(Path(file), root=root)
    else:
        reader.read_range(Path(part.files[0]), root, part)
    reader.finish()
    return Corpus(tuple(reader.documents), tuple(reader.skipped), tuple(reader.warnings))


def pretty_json_collapsed(skipped: Sequence[Skipped]) -> list[Skipped]:
    """``skipped`` without the lines (``feed.jsonl:120``) of a file skipped as JSON written over several lines
    (:data:`PRETTY_JSON`): an engine that reads a large file's ranges apart (Dask) finds that its first range
    is such JSON, and each line of its other ranges malformed.

    >>> [s.path for s in pretty_json_collapsed([Skipped("f.jsonl", PRETTY_JSON), Skipped("f.jsonl:9", "malformed"),
    ...                                          Skipped("g.jsonl:9", "malformed")])]
    ['f.jsonl', 'g.jsonl:9']
    """
    pretty = {s.path for s in skipped if s.reason in _WHOLE_FILE}
    if not pretty:
        return list(skipped)
    return [s for s in skipped if not ((where := s.path.rpartition(":"))[2].isdigit() and where[0] in pretty)]


def id_key(doc_id: str) -> str:
    r"""What makes two article ids one id: the id in Unicode's composed form (NFC). ``café`` written with a
    composed ``é`` and with ``e`` and a combining accent (a file name from macOS) are two strings that every
    report, terminal and page shows alike: two articles under them could not be told apart (a cluster of
    "café, café"), so they are one id read twice.

    >>> id_key("cafe\u0301") == id_key("caf\u00e9") == "caf\u00e9"
    True
    """
    return doc_id if doc_id.isascii() else unicodedata.normalize("NFC", doc_id)


def composed_apart(ids: Sequence[str]) -> str:
    r"""What an error about a duplicate id adds when the ids read were two strings that are one id only
    composed (:func:`id_key`): both, escaped, so that the user can find them; ``""`` otherwise.

    >>> composed_apart(["caf\u00e9", "cafe\u0301"])
    " (the ids 'caf\\xe9' and 'cafe\\u0301' differ only in how their accents are composed, which no report shows)"
    >>> composed_apart(["a", "a"])
    ''
    """
    first, second = ids[0], ids[-1]
    if first == second:
        return ""
    return (f" (the ids {ascii(first)} and {ascii(second)} differ only in how their accents are composed, "
            "which no report shows)")


def id_hash(doc_id: str) -> int:
    """A 64-bit hash of an article id (:func:`id_key`), the same in every process (an engine compares the ids
    its workers read by their hashes); ids that share one are told apart by comparing their keys.

    >>> id_hash("reuters-1") == id_hash("reuters-1") != id_hash("reuters-2")
    True
    """
    return int.from_bytes(hashlib.blake2b(id_key(doc_id).encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                          "little", signed=True)


class _SeenIds:
    """The ids of the articles read so far, checked for uniqueness in 8 bytes an article (the strings stay
    in :class:`Documents` only): the hashes of the latest ``BATCH`` in a set, the older ones in one sorted
    array that each full batch is merged into. A hash met again (within the batch at once, against the
    older ones when the batch is merged, or at :meth:`finish`) has the articles read so far compared by
    their ids, and the first id read twice, if any, raises :class:`DuplicateIdError` naming where it was
    read both times."""

    BATCH = 1 << 16

    def __init__(self, documents: Documents) -> None:
        self._documents = documents
        self._recent: set[int] = set()
        self._older = np.zeros(0, dtype=np.int64)
        #: the ids as given of the articles (by place) whose ids had characters replaced by U+FFFD, to name
        #: in the error when two of them became one (few: held as strings)
        self.given: dict[str, str] = {}

    def add(self, doc_id: str, where: str) -> None:
        """Note the id of the article about to be appended to the documents, read at ``where``."""
        if len(self._recent) >= self.BATCH:
            self.finish()
        h = id_hash(doc_id)
        if h in self._recent:
            self._raise_first((doc_id, where))
        self._recent.add(h)

    def finish(self) -> None:
        """Check the batch against the older ids and merge it into them (every article noted is appended)."""
        if not self._recent:
            return
        batch = np.sort(np.fromiter(self._recent, dtype=np.int64, count=len(self._recent)))
        self._recent = set()
        at = np.searchsorted(self._older, batch)
        if len(self._older) and (self._older[np.minimum(at, len(self._older) - 1)] == batch).any():
            self._raise_first(None)
        merged = np.empty(len(self._older) + len(batch), dtype=np.int64)
        mine = np.zeros(len(merged), dtype=bool)
        mine[at + np.arange(len(batch))] = True  # where each of the batch goes among the older ones
        merged[mine], merged[~mine] = batch, self._older
        self._older = merged

    def _raise_first(self, new: tuple[str, str] | None) -> None:
        """Raise for the first id read twice among the documents (and ``new``, the id and place of the
        article about to be appended), if any: a hash met twice may be two ids."""
        ids = [self._documents.id(k) for k in range(len(self._documents))] + ([new[0]] if new is not None else [])
        hashes = np.fromiter(map(id_hash, ids), dtype=np.int64, count=len(ids))
        order = np.argsort(hashes, kind="stable")
        repeated = np.flatnonzero(hashes[order][1:] == hashes[order][:-1])
        first: dict[str, int] = {}
        seconds = []
        for k in sorted({int(order[r]) for r in repeated} | {int(order[r + 1]) for r in repeated}):
            if id_key(ids[k]) in first:
                seconds.append((k, first[id_key(ids[k])]))
            else:
                first[id_key(ids[k])] = k
        if seconds:
            second, earlier = min(seconds)
            later = new[1] if new is not None and second == len(self._documents) else self._documents[second].path
            first_place = self._documents[earlier].path
            given = [self.given.get(place or "", ids[earlier]) for place in (first_place, later)]
            raise DuplicateIdError(f"duplicate article id {ids[earlier]!r} in {first_place} and {later}"
                                   f"{replaced_in_id(ids[earlier], given)}{composed_apart([ids[earlier], ids[second]])}: "
                                   "ids must be unique")


#: Why a JSONL file (or standard input) written as JSON over several lines is not read.
PRETTY_JSON = ("JSON written over several lines, where JSONL holds one article a line: write it one object a line "
               "(jq -c . FILE, or jq -c '.[]' FILE for a list)")
#: Lines of a JSONL file (or standard input) that open with no JSON object or list and hold no article after
#: which the rest is not read: :data:`NOT_JSONL` (a text of 200 MB piped to ``scan -`` was two million
#: "malformed JSON line"s, 660 MB and 55 s, for one mistake).
NOT_JSONL_LINES = 1000
#: Why such a file is not read (said once, for the file, whatever its length).
NOT_JSONL = (f"no JSON article on any of its first {NOT_JSONL_LINES:,} lines, nor does it open with one: not JSONL, which "
             "holds one JSON object a line (a text goes in a .txt file, read as one article); left out")
#: Reasons that stand for a whole JSONL file: the lines of its other ranges (an engine reads them apart) go.
_WHOLE_FILE = frozenset({PRETTY_JSON, NOT_JSONL})


#: What :meth:`_Reader._read_lines` gives for a stream it left as no JSONL.
_NOT_JSONL = "\x00not JSONL"


class _Reader:
    """Accumulates documents, skips and warnings; checks id uniqueness as it goes (:class:`_SeenIds`;
    :meth:`finish` checks the last ids read)."""

    def __init__(self, *, min_words: int, spill: int | None = None, follow_links: bool = False) -> None:
        if isinstance(min_words, bool) or not isinstance(min_words, (int, np.integer)) or min_words < 1:
            # NaN failed deep in the read with "'float' object cannot be interpreted as an integer", and
            # 0 or -1 kept empty articles
            raise SettingsError(f"min_words must be a whole number of at least 1, got {min_words!r}")
        self.min_words = min_words
        self.follow_links = follow_links
        self._real_roots: dict[Path, str] = {}  # each folder read, resolved once
        self.documents = Documents(spill=spill)
        self.skipped: list[Skipped] = []
        self.warnings: list[str] = []
        self._read_as: set[tuple[str, str]] = set()  # fields read under another export's name, warned of once
        self._ids = _SeenIds(self.documents)

    def read_file(self, file: Path, *, root: Path | None) -> None:
        rel = file_name(file.relative_to(root).as_posix() if root is not None else file.name)
        own = _own_mode(file)  # asked once: whether it is a link, and what it is when it is none
        unlisted = _unlisted(file, own) if own is None or stat.S_ISDIR(own) else None
        if unlisted is not None:
            self.skipped.append(Skipped(rel, unlisted))
            return
        # given as the input: a device is named so (it was "unsupported file type (none)"), and a pipe without an
        # article's suffix (``dedup scan <(zcat feed.jsonl.gz)``, /dev/fd/63) is read: as a feed of JSONL lines when
        # it opens with "{", else as the text of one article
        device = _device(file, own=own) if root is None else None
        if device is not None:
            self.skipped.append(Skipped(rel, device))
            return
        feed = root is None and file.suffix.lower() not in SUPPORTED_SUFFIXES and _pipe(file)
        refused = None if feed else _not_read(file, Path(rel), root, own=own)
        if refused is not None:
            if refused:  # hidden files and folders (.git, .DS_Store) are left out without a word
                self.skipped.append(Skipped(rel, refused, article=False))
            return
        link = own is not None and stat.S_ISLNK(own)
        if link and root is not None and not self.follow_links and self._leaves(file, root):
            self.skipped.append(Skipped(rel, LINK_OUT))
            return
        device = _device(file, in_folder=True, own=own) if root is not None else None  # alone: asked above
        if device is not None:
            self.skipped.append(Skipped(rel, device))
            return
        suffix = ".jsonl" if feed else file.suffix.lower()
        parts = large_jsonl_ranges(file, root) if suffix in JSONL_SUFFIXES and not feed else []
        if parts and parts[0].span is not None:
            for part in parts:  # a range at a time, as a Dask engine reads it: never the whole file in memory
                skips = len(self.skipped)
                self.read_range(file, root, part)
                if part.first_line == 1 and any(s.reason in _WHOLE_FILE for s in self.skipped[skips:]):
                    break  # JSON over several lines: one reason for the file, not a malformed line for each line past
                    # its first range (65,595 "inputs skipped" for 41 MB of ``jq .``)
            return
        outlet = _outlet(rel, root)
        # a file of the folder that was no link is read as one: one made a link since it was listed (a way out of
        # an upload folder opened between the check and the read) is not followed
        text = self._decode(file, rel, jsonl=suffix in JSONL_SUFFIXES, html=suffix in HTML_SUFFIXES,
                            no_link=root is not None and not link and not self.follow_links)
        if text is None:
            return
        if suffix in JSON_SUFFIXES | JSONL_SUFFIXES and is_json_report(text[:200].encode("utf-8", "replace")):
            # the JSON of an earlier scan or compare written into the corpus: it was "no 'text' field", or, named
            # .jsonl, a malformed line for each of its thousands of lines
            self.skipped.append(Skipped(rel, "a dedup report (--json), not an article", article=False))
            return
        if feed and not text.lstrip("\ufeff \t\r\n").startswith("{"):  # a pipe of a text, not of JSON lines
            suffix = ".txt"
        if suffix in JSONL_SUFFIXES:  # cleaned line by line, as when read in parts
            if not text.strip():  # named, as an empty .txt is: a feed that came empty was left out without a word
                self.skipped.append(Skipped(rel, "empty"))
                return
            self.read_jsonl_stream(_lines(text), rel, outlet=outlet)
            return
        text = self._drop_controls(text, rel)
        if suffix in JSON_SUFFIXES:
            self._read_json(text, rel, outlet)
        elif suffix in HTML_SUFFIXES:
            if _DEDUP_REPORT.search(text[:4096]):  # a report of an earlier scan written into the corpus
                self.skipped.append(Skipped(rel, "a dedup report, not an article", article=False))
                return
            if (elements := too_many_elements(text)) is not None:
                self.skipped.append(Skipped(rel, _too_many(elements)))
                return
            page = html_to_article(text)
            self._add(rel, page.text, rel, outlet=outlet, title=page.title, published=page.published, url=page.url,
                      language=page.language)
        else:
            self._add(rel, normalize_text(text), rel, outlet=outlet, title=_title_of(text))

    def _leaves(self, link: Path, root: Path) -> bool:
        """Whether the link ``link`` in the folder ``root`` leads to a file outside it (or to a link that
        does); a link that leads nowhere is not said to leave: the read names it with its own reason."""
        real_root = self._real_roots.get(root)
        if real_root is None:
            real_root = self._real_roots.setdefault(root, os.path.realpath(root))
        return leads_out(link, real_root)

    def read_jsonl_stream(self, stream: IO[str], rel: str, *, outlet: str | None = None, first_line: int = 1) -> None:
        read, skips = len(self.documents), len(self.skipped)
        opening = self._read_lines(stream, rel, outlet=outlet, first_line=first_line)
        if first_line == 1 and opening in ("{", "[") and len(self.documents) == read and len(self.skipped) > skips:
            # JSON written over several lines (``jq . > feed.jsonl``) was a "malformed JSON line" for each of its
            # lines, hundreds of them, with no word of what the file was
            del self.skipped[skips:]
            self.skipped.append(Skipped(rel, PRETTY_JSON))
        elif opening is _NOT_JSONL:
            del self.skipped[skips:]
            self.skipped.append(Skipped(rel, NOT_JSONL))

    def _read_lines(self, stream: IO[str], rel: str, *, outlet: str | None = None, first_line: int = 1) -> str | None:
        """Read the lines of ``stream``; the first that holds anything, stripped (None: none does), or
        :data:`_NOT_JSONL` when the stream (from its first line) was left after :data:`NOT_JSONL_LINES` lines
        that opened with no JSON object or list and gave no article."""
        opening, read, lines = None, len(self.documents), 0

        def no_jsonl() -> bool:  # every line so far skipped, and enough of them to say so
            return (lines >= NOT_JSONL_LINES and first_line == 1 and opening is not None
                    and not opening.startswith(("{", "[")) and len(self.documents) == read)

        for number, line in enumerate(stream, start=first_line):
            if no_jsonl():
                return _NOT_JSONL
            if isinstance(line, LongLine):
                self.skipped.append(Skipped(f"{rel}:{number}", too_long(line)))
                continue
            if line.startswith("\ufeff"):  # files joined with cat, each with its byte-order mark (as stdin reads them)
                line = line[1:]
            if not line.strip():
                continue
            if opening is None:
                opening = line.strip()
            where = f"{rel}:{number}"
            if CONTROLS.search(line):
                nuls_alone = is_nul_block(line)
                line = self._drop_controls(line, where)
                if nuls_alone:  # the block a writer that crashed had allocated: the warning says they were
                    continue  # dropped; no line to call malformed ("Expecting value at line 2, column 1")
            lines += 1
            self._add_json(line, where, outlet, "malformed JSON line")
        return _NOT_JSONL if no_jsonl() else opening

    def read_range(self, file: Path, root: Path | None, part: Part) -> None:
        """One line-aligned byte range of a JSONL file (see :func:`dedup.parts.plan_parts`)."""
        rel = file_name(file.relative_to(root).as_posix() if root is not None else file.name)
        if root is not None and not self.follow_links and os.path.islink(file) and self._leaves(file, root):
            # the plan never cuts such a link into ranges: the file was made one since (a way out of an upload
            # folder opened between the plan and an engine's read of the range, which followed it)
            self.skipped.append(Skipped(f"{rel}:{part.first_line}", LINK_OUT))
            return
        encoding = part.encoding
        try:
            start, end = part.span or (0, file.stat().st_size)
            if start > 0 and encoding == "utf-8-sig":
                encoding = "utf-8"  # a byte-order mark can only open the file
            with file.open("rb") as fh:
                fh.seek(start)
                if end - start > MAX_LINE_BYTES:  # a line in it may be longer than is held: line by line
                    self._encoding_warning(rel, start, encoding)
                    self.read_jsonl_stream(self._range_lines(fh, end, rel, part.first_line, encoding), rel,
                                           outlet=_outlet(rel, root), first_line=part.first_line)
                    return
                data = fh.read(end - start)
        except OSError as exc:  # gone or unreadable since the plan
            self.skipped.append(Skipped(f"{rel}:{part.first_line}", f"cannot be read ({exc.strerror})"))
            return
        text = None
        if encoding != "mixed":
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:  # rewritten since the plan learnt its encoding: each line decoded on its own
                pass
        if text is None:
            self.read_jsonl_stream(_lines(self._decode_lines(data, rel, part.first_line, bom=start == 0)), rel,
                                   outlet=_outlet(rel, root), first_line=part.first_line)
            return
        self._encoding_warning(rel, start, encoding)
        self.read_jsonl_stream(_lines(text), rel, outlet=_outlet(rel, root), first_line=part.first_line)

    def _encoding_warning(self, rel: str, start: int, encoding: str) -> None:
        """A large JSONL file's encoding, named once (by its first range) as the file read whole names it."""
        if start == 0 and encoding == "cp1252":
            self.warnings.append(f"{rel}: not UTF-8; read as Windows-1252")
        elif start == 0 and encoding not in ("utf-8-sig", "utf-8", "mixed"):
            self.warnings.append(f"{rel}: not UTF-8; read as {encoding_name(encoding)}, {sense_made(encoding)} (it "
                                 "declares none)")

    def _range_lines(self, fh: IO[bytes], end: int, rel: str, first_line: int, encoding: str) -> Iterator[str]:
        """The lines of a range (from where ``fh`` stands to ``end``) decoded one by one in ``encoding`` (else as
        a mixed file's, with a warning each), a line longer than :data:`MAX_LINE_BYTES` read past, not held, and
        given as a :class:`LongLine` (skipped as "line too long", as on standard input)."""
        for number, line in enumerate(file_lines(fh, end, most=MAX_LINE_BYTES), start=first_line):
            if isinstance(line, LongLine):
                yield line
                continue
            text = None
            if encoding != "mixed":
                try:
                    text = line.decode(encoding)
                except UnicodeDecodeError:  # rewritten since the plan learnt its encoding
                    pass
            if text is None:
                text, note = decode_line(line)
                if note is not None and line.strip():
                    self.warnings.append(f"{rel}:{number}: {note}")
            yield text

    def _read_json(self, text: str, rel: str, outlet: str | None) -> None:
        self._add_json(text, rel, outlet, "malformed JSON")

    def _add_json(self, text: str, where: str, outlet: str | None, malformed: str) -> None:
        """One JSON record (a file, or a line of a JSONL file) as an article, or skipped with ``malformed``."""
        try:
            record = load_json(text, literal=LITERAL_FIELDS)
        except json.JSONDecodeError as exc:
            self.skipped.append(Skipped(where, f"{malformed} ({json_error(exc)})"))
            return
        if isinstance(record, dict):
            self.warnings += repeated_warnings(text, where)
        self._add_record(record, where, default_id=where, outlet=outlet)

    def _add_record(self, record: Any, where: str, *, default_id: str, outlet: str | None) -> None:
        if not isinstance(record, dict):
            # a list of articles (a news API's export) said nothing of where such a list is read
            hint = (", not a list (a list of articles goes in a .jsonl file, one article a line)"
                    if isinstance(record, list) and any(isinstance(item, dict) for item in record) else "")
            self.skipped.append(Skipped(where, f"a JSON article must be an object with a 'text' field{hint}"))
            return
        record, read_as = _own_names(record)
        for name, other in read_as:
            if (name, other) not in self._read_as:  # once, not once a line of a feed
                self._read_as.add((name, other))
                self.warnings.append(f"{where}: the field '{other}' read as '{name}', which the record lacks")
        text, title, published, url = record.get("text"), record.get("title"), record.get("published"), record.get("url")
        language = normalize_language(record.get("language"))
        if not isinstance(text, str) and isinstance(record.get("html"), str):
            if (elements := too_many_elements(record["html"])) is not None:
                self.skipped.append(Skipped(where, _too_many(elements)))
                return
            page = html_to_article(record["html"])
            text, title, published, url = page.text, title or page.title, published or page.published, url or page.url
            language = language or page.language
        if not isinstance(text, str):
            given, html = record.get("text"), record.get("html")
            # an 'html' of another type was "no 'text' field (or 'html')", beside the field it names
            reason = (f"'text' must be a string, not {_json_kind(given)}" if given is not None
                      else f"'html' must be a string, not {_json_kind(html)}" if html is not None
                      else "no 'text' field (or 'html') with the article")
            self.skipped.append(Skipped(where, reason))
            return
        meta = {k: v for k, v in record.items() if k not in _KNOWN_FIELDS and k != "html"}
        doc_id = record.get("id", default_id)
        if isinstance(doc_id, str) and not doc_id.strip():  # "id": "" names nothing: the place stands for it
            doc_id = default_id
        if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int, type(None))):
            self.skipped.append(Skipped(where, f"an 'id' must be a string or a whole number, not {json.dumps(doc_id)[:40]}"))
            return
        self._add(
            str(doc_id) if doc_id is not None else default_id,
            normalize_text(text),
            where,
            outlet=_name_or_none(record.get("outlet")) or outlet,
            title=_name_or_none(title),
            # a structure is no date either, but unlike a title it is named in the warning a bad date gets
            published=json.dumps(published) if isinstance(published, (dict, list)) else _str_or_none(published),
            url=_name_or_none(url),
            meta=meta,
            language=language,
        )

    def _add(self, doc_id: str, text: str, where: str, *, outlet: str | None, title: str | None = None,
             published: str | None = None, url: str | None = None, meta: Mapping[str, Any] | None = None,
             language: str | None = None) -> None:
        given_id = doc_id
        doc_id, text, where, title, outlet, published, url, meta = valid_unicode(
            [doc_id, text, where, title, outlet, published, url, dict(meta or {})])
        # names are printed to terminals and in lines: control characters in them (an escape sequence, a line
        # break) become U+FFFD, but in a title, an outlet or a URL a tab or a line break is a space
        title, outlet, url = (_name(v, breaks=True) for v in (title, outlet, url))
        doc_id, where = _name(doc_id), _name(where)
        if (repaired := mojibake_repaired(text)) is not None:  # read as a tool that took it for its code page wrote it:
            # no word of it matched the article it copies ("rÃ©gionaux"); undone, and said
            text, page, times = repaired
            self.warnings.append(f"{where}: UTF-8 that was read as {page} and written again{' twice' * (times > 1)} "
                                 "('Ã©' for 'é'); read as it was written")
        if not text.strip():
            self.skipped.append(Skipped(where, "empty"))
            return
        if not any(c.isalnum() for c in text):  # stops at the first letter or digit, the first of most texts
            # whitespace-split "words" of punctuation, emoji or combining marks alone met the minimum and were
            # read as an article no word of which could be matched
            self.skipped.append(Skipped(where, NO_WORDS))
            return
        words = count_words(text, most=self.min_words)  # CJK and Thai characters counted per word
        if words < self.min_words:
            self.skipped.append(Skipped(where, f"too short ({words} word{'s' * (words != 1)}; the minimum is {self.min_words})"))
            return
        if len(text) > MAX_CHARS:
            self.warnings.append(f"{where}: longer than {MAX_CHARS:,} characters; truncated")
            text = text[:MAX_CHARS]
        salad = word_salad(text)
        if salad is not None:  # not an article: a salad of one was reported a rewrite of it
            self.skipped.append(Skipped(where, salad))
            return
        if published is not None:
            iso = published_iso(published)  # an RSS pubDate (RFC 2822) written as ISO 8601 dates are
            if iso is None:
                self.warnings.append(f"{where}: 'published' is not a date (ISO 8601 or RFC 2822) ({published!r}); ignored")
            published = iso
        doc = Document(doc_id, text, title=title, outlet=outlet, published=published, url=url,
                       meta=dict(meta or {}), path=where, language=language)
        if doc_id != given_id:  # a lone surrogate or a control character replaced: named if it makes a duplicate
            self._ids.given[where] = given_id
        self._ids.add(doc_id, where)
        self.documents.append(doc)

    def finish(self) -> None:
        """Check the ids of the last articles read (at the end of a read)."""
        self._ids.finish()

    def _decode_lines(self, data: bytes, rel: str, first_line: int, *, bom: bool) -> str:
        """Lines of a mixed JSONL file (or of a range of one), each decoded on its own; a warning for each
        line that was not UTF-8 (its line number, as a skip names a line)."""
        if bom and data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        out = []
        for number, line in enumerate(data.splitlines(), start=first_line):  # "\r\n", "\n" or a lone "\r"
            text, note = decode_line(line)
            if note is not None and line.strip():
                self.warnings.append(f"{rel}:{number}: {note}")
            out.append(text)
        return "\n".join(out)

    def _decode_mixed(self, data: bytes, rel: str) -> str:
        """A text file of mixed lines (:meth:`_decode`), each decoded on its own, with one warning saying
        how many lines were not UTF-8 and how they were read."""
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        decoded = [decode_line(line) for line in data.splitlines()]
        notes: dict[str, int] = {}
        for _, note in decoded:
            if note is not None:
                notes[note] = notes.get(note, 0) + 1
        for note, count in notes.items():
            self.warnings.append(f"{rel}: mixes UTF-8 and other lines: {count} line{'s' * (count != 1)} {note}")
        return "\n".join(text for text, _ in decoded)

    def _decode(self, file: Path, rel: str, *, jsonl: bool = False, html: bool = False,
                no_link: bool = False) -> str | None:
        """The file's text, or None (skipped with the reason). A file that is neither UTF-8 nor UTF-16
        and mixes UTF-8 lines with lines of another encoding is decoded line by line: a JSONL file with a
        warning per line, another with one warning (a text put together from two sources was skipped as
        undecodable, or read as Windows-1252 with mojibake in its UTF-8 lines). ``no_link``: a link in
        ``file``'s place is not followed (it was no link when it was listed)."""
        try:
            data = _file_bytes(file, no_link=no_link, most=None if jsonl else MAX_LINE_BYTES)
        except _TooLarge as large:
            # one article's file is read whole before it is cut at MAX_CHARS: a file of gigabytes took several
            # times its size in memory (a 288 MB text file 1.5 GB); a JSONL record is held to the same bound
            self.skipped.append(Skipped(rel, f"too large for one article ({large.size:,} bytes; at most "
                                             f"{MAX_LINE_BYTES:,} are read): left out; a feed of many articles is read as JSONL"))
            return None
        except OSError as exc:
            broken = not_there(file, "") if exc.errno in (errno.ENOENT, errno.ELOOP) and os.path.islink(file) else ""
            # a link in the folder that leads nowhere or round in a loop was "cannot be read (No such file or
            # directory)", "(Too many levels of symbolic links)": given alone, it is named as what it is
            reason = ("made a link since the folder was listed, not followed" if no_link and exc.errno == errno.ELOOP
                      and os.path.islink(file) else broken or f"cannot be read ({exc.strerror})")
            self.skipped.append(Skipped(rel, reason))
            return None
        text, encoding = decode_bytes(data, html=html)
        if text is None and encoding == BINARY and jsonl and json_lines_among(data[:SNIFF]):
            # a feed with a line in UTF-16 (or a binary blob) among its lines was skipped whole as a binary file:
            # its lines are read, each on its own, and the one that is not a JSON line is named as such
            return self._decode_lines(data, rel, 1, bom=True)
        if encoding in ("cp1252", UNDECODABLE) and mixed_lines(data.splitlines()):
            if not jsonl:
                return self._decode_mixed(data, rel)
            return self._decode_lines(data, rel, 1, bom=True)
        if text is None and encoding == UNDECODABLE:
            text, stray = stray_bytes_replaced(data)
            if text is not None:
                self.warnings.append(f"{rel}: UTF-8 but for {stray} stray byte{'s' * (stray != 1)} (of another "
                                     "encoding?); read as U+FFFD")
                return text
        if encoding in ("cp1252", UNDECODABLE):
            # Shift_JIS, GBK, Big5 or EUC-KR text that declares nothing was skipped (undecodable) or read as
            # Windows-1252 mojibake ("ÇÑ±¹ÀºÇà", too short for want of spaces)
            found = sensible_reading(data)
            if found is not None:
                # a page declaring UTF-8 or ISO-8859-1 in Windows-1251 was said to declare none
                label = declared_label(data) if html else None
                declares = "it declares none" if label is None else f"it declares {label}, which its text is not"
                self.warnings.append(f"{rel}: not UTF-8; read as {encoding_name(found[1])}, {sense_made(found[1])} "
                                     f"({declares})")
                return found[0]
        if text is None:
            self.skipped.append(Skipped(rel, encoding))
            return None
        if encoding == "cp1252":
            self.warnings.append(f"{rel}: not UTF-8; read as Windows-1252")
        elif DECLARED_ELSE in encoding:
            read, declared = (encoding_name(name) for name in encoding.split(DECLARED_ELSE))
            self.warnings.append(f"{rel}: declares {declared}, but its bytes are not {declared} text (or read as rare "
                                 f"characters only); read as {read}, in which they make sense")
        elif MARKED_ELSE in encoding:
            self.warnings.append(f"{rel}: opens with a {encoding.split(MARKED_ELSE)[1]} byte-order mark, but its bytes "
                                 "are UTF-8; read as UTF-8")
        elif encoding.endswith(CUT_OFF):
            self.warnings.append(f"{rel}: ends inside a character (the file was cut off?); read without it")
        return text

    def _drop_controls(self, text: str, where: str) -> str:
        """Text without stray control characters (a NUL where a character was garbled), with a warning:
        losing an article to one bad byte is worse than reading it without that byte."""
        cleaned, note = without_controls(text)
        if note is not None:
            self.warnings.append(f"{where}: {note}")
        return cleaned


def _lines(text: str) -> IO[str]:
    """The lines of a JSONL text, each ended by "\\r\\n", "\\n" or a lone "\\r" (old Mac line ends: a "\\r" in a
    JSON string is escaped, so a raw one ends a line); a file of such lines was read as one malformed line."""
    return io.StringIO(text, newline="")


class _TooLarge(Exception):
    """A file of more bytes than are read for one article (:func:`_file_bytes`'s ``most``)."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def _file_bytes(file: Path, *, no_link: bool = False, most: int | None = None) -> bytes:
    """The bytes of ``file`` (``Path.read_bytes``), asked of the system with one ``open``, one ``fstat`` and
    the reads: ``read_bytes`` asked for another ``fstat``, two ``lseek`` and a terminal check besides, which
    were most of what a folder of 100,000 small files cost to read. Raises :class:`OSError` as it does, and
    with ``no_link`` when ``file`` is a link (ELOOP); :class:`_TooLarge` when it holds more than ``most``
    bytes (a pipe or a growing file read up to that many, not to its end)."""
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(file, flags | (getattr(os, "O_NOFOLLOW", 0) if no_link else 0))
    try:
        size = os.fstat(fd).st_size  # 0 for a pipe: read to its end all the same
        if most is not None and size > most:
            raise _TooLarge(size)
        chunks: list[bytes] = []
        got = 0
        while chunk := os.read(fd, size + 1 - got if got <= size else 1 << 20):  # to the end, should it grow
            chunks.append(chunk)
            got += len(chunk)
            if most is not None and got > most:
                raise _TooLarge(got)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    finally:
        os.close(fd)


def would_read(file: Path, root: Path) -> bool:
    """Whether a read of the folder ``root`` reads ``file`` (inside it) as an article or a feed of them: an
    existing file of a type read, neither hidden nor a project file such as README, nor a dedup report. A
    report about to be written there must not take such a file's place: the article would be lost."""
    if not file.is_file() or _not_read(file, file.relative_to(root), root) is not None:
        return False
    return _report_head(file) is False


def dedup_report(file: Path) -> bool:
    """Whether ``file`` is a page or JSON report dedup wrote (its generator mark, or its JSON's opening): one that a
    new report may replace."""
    return _report_head(file) is True


def _report_head(file: Path) -> bool | None:
    """Whether the head of ``file`` is a dedup report's (:func:`dedup_report`); None when it cannot be read."""
    try:
        with file.open("rb") as handle:
            head = handle.read(4096).decode("utf-8", errors="replace")
    except OSError:
        return None
    return bool(_DEDUP_REPORT.search(head) or _JSON_REPORT.match(head))


def _own_mode(file: Path) -> int | None:
    """``file``'s own mode (``lstat``: a link's, not its target's), or None when it cannot be had."""
    try:
        return os.lstat(file).st_mode
    except OSError:
        return None


def _unlisted(file: Path, own: int | None) -> str | None:
    """Why ``file``, listed in a corpus folder, is not read when it is a folder that could not be listed
    (:func:`dedup.parts.corpus_files` gives such a folder itself), or its own mode could not be had because its
    path is longer than the system takes; None otherwise (the read says why it fails, if it does)."""
    if own is None:
        try:
            os.lstat(file)
        except OSError as exc:
            if exc.errno == errno.ENAMETOOLONG:
                return ("nested deeper than the system can name (its path is longer than it takes): not read; "
                        "move it nearer the corpus folder")
        return None
    try:
        os.scandir(file).close()
    except OSError as exc:
        return f"a folder that cannot be listed ({exc.strerror}): its files are not read"
    return "a folder, listed after the others: its files are not read"  # could be listed since


def _not_read(file: Path, rel: Path, root: Path | None, *, own: int | None = None) -> str | None:
    """Why a corpus does not read ``file`` (at ``rel`` under ``root``) by its name, or None when it does:
    ``""`` for a hidden file or folder in a folder read (left out silently), else the reason the summary lists.
    ``own``: its own mode (:func:`_own_mode`), when asked already. A hidden file given by name is read, as a
    README given by name is: ``dedup scan .draft.txt`` said "no article could be read (nothing there)"."""
    if root is not None and any(part.startswith(".") for part in rel.parts):
        return ""
    if (stat.S_ISLNK(own) if own is not None else file.is_symlink()) and file.is_dir():
        return "a link to a folder, not followed: give that folder to read its files"
    suffix = file.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kind = COMPRESSED_SUFFIXES.get(suffix)
        other = f", {compressed_reason(kind)}" if kind else f", {OTHER_SUFFIXES[suffix]}" if suffix in OTHER_SUFFIXES else ""
        return f"unsupported file type {suffix or '(none)'}{other}"
    if root is not None and NOT_ARTICLES.match(file.name):
        return "not an article (project file such as README)"
    return None


def _device(file: Path, *, in_folder: bool = False, own: int | None = None) -> str | None:
    """Why ``file`` is not read although its name says an article: it is a device or a socket, not a file
    (``/dev/zero`` behind a link named ``news.txt`` never ends, and was read until memory ran out). A
    named pipe given as the input is read: a feed written into it; one met in a folder (``in_folder``) is
    not: a link to one held the read of the folder until something wrote to it. None when it can be read
    (or the read will say why not). ``own``: its own mode (:func:`_own_mode`), when asked already: what it
    is, unless it is a link (one ``stat`` a file less)."""
    if own is not None and not stat.S_ISLNK(own):
        mode = own
    else:
        try:
            mode = file.stat().st_mode
        except OSError:
            return None
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file: not read"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file: not read"
    if in_folder and stat.S_ISFIFO(mode):
        return "a named pipe, not a file: not read in a folder (give it as the input to read a feed from it)"
    return None


def _pipe(file: Path) -> bool:
    """Whether ``file`` is a named pipe (or a link to one: the ``/dev/fd/63`` of a shell's ``<(...)``)."""
    try:
        return stat.S_ISFIFO(file.stat().st_mode)
    except OSError:
        return False


def _given_path(source: str | Path) -> Path:
    """The path given; an empty one is an error: ``Path("")`` is the current folder, and an unset variable
    in ``dedup index add news.db "$CORPUS"`` must not read whatever happens to be there."""
    if not isinstance(source, (str, os.PathLike)):  # Path(5) said "expected str, bytes or os.PathLike object"
        raise TypeError(f"a corpus or an article is read from a path (a str or a Path), not {type(source).__name__}")
    if str(source) == "":
        raise InputError(f"{str(source)!r}: an empty path; give a file or folder")
    return Path(source)


def not_there(path: str | Path, missing: str = "no such file or folder") -> str:
    """Why ``path``, which does not exist, is not there: ``missing``, or a link that leads nowhere (to a
    path that does not exist, or round in a loop), which a plain "no such file" hides beside its name.

    >>> not_there("/no/such/place.txt")
    'no such file or folder'
    """
    import os

    link = Path(path)
    try:
        if not link.is_symlink():
            return missing
        target = os.readlink(link)
        link.resolve(strict=True)
    except FileNotFoundError:
        return f"a link to {target}, which does not exist"
    except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13), or no way to look
        return "a link that leads round in a loop (too many levels of symbolic links)"
    return missing


def _exists(path: Path, given: str | Path) -> bool:
    """Whether ``path`` exists; :class:`InputError` when the system refuses to look (a name too long for it,
    such as an article's text passed where its path belongs)."""
    try:
        return path.exists()
    except OSError as exc:
        raise InputError(f"{_shown_path(given)}: cannot be read ({exc.strerror}); give the path of a file or folder"
                         + _text_hint(given)) from None


def _shown_path(given: str | Path, *, named: bool = False) -> str:
    """``given`` as a message names a path: past 80 characters its first 60, quoted, then "..." (with
    ``named``, a path the system took as a name, only when a part of it is longer than a file's name may
    be: an article's text); a byte that is not UTF-8 as ``\\xNN`` (:func:`~dedup.formats.file_name`), any
    other lone surrogate (which no UTF-8 output takes) escaped. An article's text given for a path was
    echoed whole in "... : no such file", lone surrogate and all, when the system did not refuse the name
    first (a lone surrogate in it)."""
    text = str(given)
    long = len(text) > 80 and (not named or max(map(len, text.split("/"))) > _LONGEST_NAME)
    shown = f"{text[:60]!r}..." if long else text
    return file_name(shown).encode("utf-8", "backslashreplace").decode("utf-8")


#: The longest name of a file most file systems take (NAME_MAX): a longer part of a path is no file's name.
_LONGEST_NAME = 255


def _text_hint(given: str | Path, *, named: bool = False) -> str:
    """" (a text goes in a Document)" when ``given`` reads as an article's text passed where its path
    belongs (long, with line breaks or many spaces; with ``named``, a part of it longer than a file's name
    may be too), else ""."""
    text = str(given)
    if named and max(map(len, text.split("/"))) <= _LONGEST_NAME:
        return ""
    return " (a text goes in a Document)" if len(text) > 80 and ("\n" in text or text.count(" ") >= 5) else ""


def _outlet(rel: str, root: Path | None) -> str | None:
    """The first folder under the corpus root names the outlet."""
    return Path(rel).parts[0] if root is not None and len(Path(rel).parts) > 1 else None


def _title_of(text: str) -> str | None:
    """The first line of a plain-text article when it reads as a headline followed by a blank line."""
    lines = text.lstrip("\ufeff").strip().splitlines()
    if len(lines) >= 2 and not lines[1].strip() and looks_like_headline(lines[0]):
        return lines[0].strip().lstrip("#").strip()
    return None


def _name_or_none(value: Any) -> str | None:
    """A title, outlet or URL given: true or false is none, as a structure is (it was the outlet 'False')."""
    return None if isinstance(value, bool) else _str_or_none(value)


def _name(value: str | None, *, breaks: bool = False) -> str | None:
    """A name as it is printed: control characters as U+FFFD, with ``breaks`` tabs and line breaks first as
    spaces (a printable name, nearly every one, is returned as it is: neither pattern matches it)."""
    if value is None or value.isprintable():
        return value
    return _NAME_CONTROLS.sub("\ufffd", _NAME_BREAKS.sub(" ", value) if breaks else value)


def _str_or_none(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):  # a structure is no title, outlet or URL
        return None
    value = str(value).strip()
    return value or None



def _own_names(record: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """``record`` with each of dedup's fields it lacks taken from another export's name for it
    (:data:`OTHER_NAMES`; that name leaves the metadata), and which names were read so."""
    read_as = []
    for name, others in OTHER_NAMES.items():
        if name in record or (name == "text" and "html" in record) or (name == "html" and "text" in record):
            continue
        other = next((o for o in others if isinstance(record.get(o), str) and record[o].strip()), None)
        if other is not None:
            record = {k: v for k, v in record.items() if k != other} | {name: record[other]}
            read_as.append((name, other))
    return record, read_as


def _too_many(elements: int) -> str:
    """Why a page of ``elements`` start tags is left out (:data:`dedup.markup.MAX_HTML_ELEMENTS`)."""
    return (f"too many HTML elements for one article ({elements:,}; at most {MAX_HTML_ELEMENTS:,} are read): left out "
            "(the parser holds every one)")


def _json_kind(value: Any) -> str:
    """What a JSON value is, for a message: "a list", "an object", "a number", "true or false"."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    return "a list" if isinstance(value, list) else "an object" if isinstance(value, dict) else type(value).__name__
