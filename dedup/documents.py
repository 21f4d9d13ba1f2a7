"""Reading articles: the one module that reads input files, and the Document record every stage uses."""

from __future__ import annotations

import codecs
import io
import json
import re
import sys
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any, Callable, Iterator, Mapping

from dedup.errors import DuplicateIdError, InputError, SettingsError
from dedup.language import count_words, normalize_language
from dedup.normalize import html_to_article, looks_like_headline, normalize_text

__all__ = [
    "Document",
    "Corpus",
    "Skipped",
    "read_corpus",
    "read_article",
    "stdin_lines",
    "decode_bytes",
    "json_error",
    "make_document",
    "Part",
    "plan_parts",
    "read_part",
    "parse_published",
    "MIN_WORDS",
    "MAX_CHARS",
]


@dataclass(frozen=True)
class Document:
    """One article.

    ``text`` is the normalised article body; every character offset dedup reports (sentences, passages,
    alignment spans) points into it. ``meta`` keeps any extra fields of the input as they were.
    ``language`` is the ISO 639-1 code the input gave (a ``language`` field, HTML ``lang``), else None:
    :func:`dedup.language.language_of` detects it where an answer depends on it.

    >>> Document(id="a", text="Some wire copy.").outlet is None
    True
    """

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)
    path: str | None = None
    language: str | None = None

    def to_dict(self, *, with_text: bool = True) -> dict[str, Any]:
        """The JSON form used in every output (``text`` optional to keep large reports small)."""
        out: dict[str, Any] = {"id": self.id}
        if with_text:
            out["text"] = self.text
        for key in ("title", "outlet", "published", "url", "path", "language"):
            out[key] = getattr(self, key)
        if self.meta:
            out["meta"] = dict(self.meta)
        return out


# --------------------------------------------------------------------------------------------------
# Reading a corpus
# --------------------------------------------------------------------------------------------------

#: Articles with fewer words than this are skipped: too little text to say anything about copying,
#: and two near-empty signatures would look identical.
MIN_WORDS = 20
#: Larger articles are truncated to this many characters (a documented limit, not a silent one).
MAX_CHARS = 1_000_000

_TEXT_SUFFIXES = {".txt", ".md", ".text"}
_HTML_SUFFIXES = {".html", ".htm"}
_JSON_SUFFIXES = {".json"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = frozenset(_TEXT_SUFFIXES | _HTML_SUFFIXES | _JSON_SUFFIXES | _JSONL_SUFFIXES)
_NOT_ARTICLES = re.compile(r"^(readme|license|licence|changelog|contributing)(\..*)?$", re.IGNORECASE)
_KNOWN_FIELDS = ("id", "text", "title", "outlet", "published", "url", "language")


@dataclass(frozen=True)
class Skipped:
    """An input that was not read as an article, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Corpus:
    """What :func:`read_corpus` found: the articles, what it skipped, and warnings."""

    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[str, ...] = ()


def read_corpus(source: str | Path, *, min_words: int = MIN_WORDS, stdin: IO[str] | None = None,
                progress: Callable[[str, int, int], None] | None = None) -> Corpus:
    """Read a folder (recursively), one file, or ``"-"`` (JSONL on ``stdin``) into documents.

    Files that cannot be read as articles are skipped with a reason; the read goes on. Raises
    :class:`InputError` when the path does not exist and :class:`DuplicateIdError` when two articles
    share an id. ``progress("read", files_done, files)`` is called as a folder is read.
    """
    reader = _Reader(min_words=min_words)
    if str(source) == "-":
        reader.read_jsonl_stream(stdin if stdin is not None else stdin_lines(), "<stdin>")
    else:
        path = Path(source)
        if not path.exists():
            raise InputError(f"{source}: no such file or folder")
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
            for done, file in enumerate(files, start=1):
                reader.read_file(file, root=path)
                if progress is not None and (done % 64 == 0 or done == len(files)):
                    progress("read", done, len(files))
        else:
            reader.read_file(path, root=None)
    return Corpus(tuple(reader.documents), tuple(reader.skipped), tuple(reader.warnings))


def stdin_lines(stream: IO[Any] | None = None) -> Iterator[str]:
    """Lines of standard input (or a binary ``stream``), each decoded as UTF-8, else Windows-1252 (as files
    are), so that stray bytes make a line malformed instead of stopping the read with a traceback."""
    source = stream if stream is not None else getattr(sys.stdin, "buffer", sys.stdin)
    for line in source:
        if isinstance(line, str):
            yield line
            continue
        try:
            yield line.decode("utf-8-sig")
        except UnicodeDecodeError:
            yield line.decode("cp1252", errors="replace")


def make_document(record: Mapping[str, Any], *, default_id: str = "article", min_words: int = MIN_WORDS) -> Document:
    """A Document from an article's fields (``id``, ``text`` or ``html``, ``title``, ``outlet``,
    ``published``, ``url``, ``language``; others are kept in ``meta``), built exactly as the reader builds one from a
    JSON record: normalised text, truncated at ``MAX_CHARS``, an unparseable date dropped. Raises
    :class:`InputError` with the reason the reader would skip it (empty, too short, no text).

    >>> doc = make_document({"id": "a1", "text": "Cafe\u0301 owners met on Monday. " * 5})
    >>> doc.text[:11] == "Caf\u00e9 owners"  # composed (NFC), as the reader composes it
    True
    """
    reader = _Reader(min_words=min_words)
    reader._add_record(dict(record), str(record.get("id", default_id)), default_id=default_id, outlet=None)
    if not reader.documents:
        raise InputError(reader.skipped[0].reason if reader.skipped else "no article")
    return reader.documents[0]


def read_article(path: str | Path, *, min_words: int = MIN_WORDS) -> Document:
    """Read exactly one article from a file; its id is the path as given unless the file names one.

    Raises :class:`InputError` when the file does not hold exactly one readable article.
    """
    target = Path(path)
    if not target.is_file():
        raise InputError(f"{path}: no such file" if not target.exists() else f"{path}: is a folder, not an article file")
    corpus = read_corpus(target, min_words=min_words)
    if len(corpus.documents) != 1 or corpus.skipped:
        why = (f"{corpus.skipped[0].path}: {corpus.skipped[0].reason}" if corpus.documents else corpus.skipped[0].reason) \
            if corpus.skipped else f"holds {len(corpus.documents)} articles"
        raise InputError(f"{path}: not one readable article ({why})")
    doc = corpus.documents[0]
    if doc.id == target.name:
        doc = replace(doc, id=str(path))
    return doc

# --------------------------------------------------------------------------------------------------
# Reading a corpus in parts (for engines that spread the work over processes or machines)
# --------------------------------------------------------------------------------------------------

#: Bytes of input per part: small files are grouped up to this size, larger JSONL files split into
#: ranges of about this size.
PART_BYTES = 32 << 20
_PART_FILES = 5000  # at most this many files per part, so that listing a part stays cheap


@dataclass(frozen=True)
class Part:
    """A piece of a corpus that one task reads on its own: whole files, or a byte range of one JSONL file.

    Ranges start at a line start, and ``first_line`` is the line number there, so ids (``path:line``),
    skips and warnings come out exactly as :func:`read_corpus` gives them.
    """

    files: tuple[str, ...]
    root: str | None = None  # the folder ids are relative to (None: the corpus is one file)
    span: tuple[int, int] | None = None  # byte range [start, end) of files[0]
    first_line: int = 1
    encoding: str = "utf-8-sig"  # the whole file's decoding, learnt when planning


def plan_parts(source: str | Path, *, part_bytes: int = PART_BYTES) -> list[Part]:
    """Cut a folder or file into parts, in :func:`read_corpus` order.

    Large JSONL files are scanned once (newlines and encoding, block by block, never whole in memory).
    """
    if part_bytes < 1:
        raise SettingsError("part_bytes must be at least 1")
    if str(source) == "-":
        raise InputError("standard input cannot be read in parts: save it to a .jsonl file first")
    path = Path(source)
    if not path.exists():
        raise InputError(f"{source}: no such file or folder")
    root = path if path.is_dir() else None
    files = sorted(p for p in path.rglob("*") if p.is_file()) if root is not None else [path]
    parts: list[Part] = []
    group: list[str] = []
    size = 0
    for file in files:
        length = file.stat().st_size
        if length > part_bytes and _splittable(file, root):
            parts.extend([Part(tuple(group), _str(root))] if group else [])
            group, size = [], 0
            parts.extend(_jsonl_parts(file, root, part_bytes))
            continue
        if group and (size + length > part_bytes or len(group) >= _PART_FILES):
            parts.append(Part(tuple(group), _str(root)))
            group, size = [], 0
        group.append(str(file))
        size += length
    if group:
        parts.append(Part(tuple(group), _str(root)))
    return parts


def read_part(part: Part, *, min_words: int = MIN_WORDS) -> Corpus:
    """Read one part: the same documents, skips and warnings :func:`read_corpus` gives for it.

    Ids are checked for uniqueness within the part only; the engine checks across parts.
    """
    reader = _Reader(min_words=min_words)
    root = Path(part.root) if part.root is not None else None
    if part.span is None:
        for file in part.files:
            reader.read_file(Path(file), root=root)
    else:
        reader.read_range(Path(part.files[0]), root, part)
    return Corpus(tuple(reader.documents), tuple(reader.skipped), tuple(reader.warnings))


def _str(path: Path | None) -> str | None:
    return str(path) if path is not None else None


def _large(file: Path) -> bool:
    try:
        return file.stat().st_size > PART_BYTES
    except OSError:
        return False  # read whole, to be skipped with its reason


def _splittable(file: Path, root: Path | None) -> bool:
    """A JSONL file that :class:`_Reader` would read line by line (else it is read whole, as usual)."""
    rel = file.relative_to(root).as_posix() if root is not None else file.name
    if any(part.startswith(".") for part in Path(rel).parts) or file.suffix.lower() not in _JSONL_SUFFIXES:
        return False
    if root is not None and _NOT_ARTICLES.match(file.name):
        return False
    try:
        with file.open("rb") as fh:
            head = fh.read(_SNIFF)
        return _utf16(head) is None and not _binary(head)
    except OSError:
        return False


def _jsonl_parts(file: Path, root: Path | None, part_bytes: int) -> list[Part]:
    """Byte ranges of about ``part_bytes`` cut after a newline, with their first line numbers."""
    decoders = {"utf-8-sig": codecs.getincrementaldecoder("utf-8")(), "cp1252": codecs.getincrementaldecoder("cp1252")()}
    cuts: list[tuple[int, int]] = [(0, 1)]
    pos, lines, next_cut = 0, 0, part_bytes
    with file.open("rb") as fh:
        while block := fh.read(1 << 20):
            for name in list(decoders):
                try:
                    decoders[name].decode(block)
                except UnicodeDecodeError:
                    del decoders[name]
            while (i := block.find(b"\n", max(0, next_cut - 1 - pos))) >= 0:
                cuts.append((pos + i + 1, lines + block.count(b"\n", 0, i + 1) + 1))
                next_cut = pos + i + 1 + part_bytes
            lines += block.count(b"\n")
            pos += len(block)
    for name in list(decoders):
        try:
            decoders[name].decode(b"", final=True)  # a multi-byte sequence cut off by the end of the file
        except UnicodeDecodeError:
            del decoders[name]
    if not decoders:
        return [Part((str(file),), _str(root))]  # undecodable: read whole, to be skipped with its reason
    encoding = next(iter(decoders))
    bounds = [c for c in cuts if c[0] < pos] + [(pos, 0)]
    return [Part((str(file),), _str(root), (start, end), line, encoding)
            for (start, line), (end, _) in zip(bounds, bounds[1:])]


class _Reader:
    """Accumulates documents, skips and warnings; checks id uniqueness as it goes."""

    def __init__(self, *, min_words: int) -> None:
        self.min_words = min_words
        self.documents: list[Document] = []
        self.skipped: list[Skipped] = []
        self.warnings: list[str] = []
        self._origin: dict[str, str] = {}

    def read_file(self, file: Path, *, root: Path | None) -> None:
        rel = file.relative_to(root).as_posix() if root is not None else file.name
        if any(part.startswith(".") for part in Path(rel).parts):
            return  # hidden files and folders (.git, .DS_Store) are not part of a corpus
        suffix = file.suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            self.skipped.append(Skipped(rel, f"unsupported file type {suffix or '(none)'}"))
            return
        if root is not None and _NOT_ARTICLES.match(file.name):
            self.skipped.append(Skipped(rel, "not an article (project file such as README)"))
            return
        parts = _jsonl_parts(file, root, PART_BYTES) if suffix in _JSONL_SUFFIXES and _large(file) and _splittable(file, root) else []
        if parts and parts[0].span is not None:
            for part in parts:  # a range at a time, as a Dask engine reads it: never the whole file in memory
                self.read_range(file, root, part)
            return
        text = self._decode(file, rel)
        if text is None:
            return
        outlet = _outlet(rel, root)
        if suffix in _JSONL_SUFFIXES:  # cleaned line by line, as when read in parts
            self.read_jsonl_stream(io.StringIO(text), rel, outlet=outlet)
            return
        text = self._drop_controls(text, rel)
        if suffix in _JSON_SUFFIXES:
            self._read_json(text, rel, outlet)
        elif suffix in _HTML_SUFFIXES:
            page = html_to_article(text)
            self._add(rel, page.text, rel, outlet=outlet, title=page.title, published=page.published, url=page.url,
                      language=page.language)
        else:
            self._add(rel, normalize_text(text), rel, outlet=outlet, title=_title_of(text))

    def read_jsonl_stream(self, stream: IO[str], rel: str, *, outlet: str | None = None, first_line: int = 1) -> None:
        for number, line in enumerate(stream, start=first_line):
            if not line.strip():
                continue
            where = f"{rel}:{number}"
            if _CONTROLS.search(line):
                line = self._drop_controls(line, where)
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                self.skipped.append(Skipped(where, f"malformed JSON line ({json_error(exc)})"))
                continue
            self._add_record(record, where, default_id=where, outlet=outlet)

    def read_range(self, file: Path, root: Path | None, part: Part) -> None:
        """One line-aligned byte range of a JSONL file (see :func:`plan_parts`)."""
        rel = file.relative_to(root).as_posix() if root is not None else file.name
        start, end = part.span or (0, file.stat().st_size)
        with file.open("rb") as fh:
            fh.seek(start)
            data = fh.read(end - start)
        encoding = part.encoding
        if start == 0 and encoding == "cp1252":
            self.warnings.append(f"{rel}: not UTF-8; read as Windows-1252")
        elif start > 0 and encoding == "utf-8-sig":
            encoding = "utf-8"  # a byte-order mark can only open the file
        self.read_jsonl_stream(io.StringIO(data.decode(encoding)), rel, outlet=_outlet(rel, root),
                               first_line=part.first_line)

    def _read_json(self, text: str, rel: str, outlet: str | None) -> None:
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            self.skipped.append(Skipped(rel, f"malformed JSON ({json_error(exc)})"))
            return
        self._add_record(record, rel, default_id=rel, outlet=outlet)

    def _add_record(self, record: Any, where: str, *, default_id: str, outlet: str | None) -> None:
        if not isinstance(record, dict):
            self.skipped.append(Skipped(where, "a JSON article must be an object with a 'text' field"))
            return
        text, title, published, url = record.get("text"), record.get("title"), record.get("published"), record.get("url")
        language = normalize_language(record.get("language"))
        if not isinstance(text, str) and isinstance(record.get("html"), str):
            page = html_to_article(record["html"])
            text, title, published, url = page.text, title or page.title, published or page.published, url or page.url
            language = language or page.language
        if not isinstance(text, str):
            self.skipped.append(Skipped(where, "no 'text' field (or 'html') with the article"))
            return
        meta = {k: v for k, v in record.items() if k not in _KNOWN_FIELDS and k != "html"}
        doc_id = record.get("id", default_id)
        self._add(
            str(doc_id) if doc_id is not None else default_id,
            normalize_text(text),
            where,
            outlet=_str_or_none(record.get("outlet")) or outlet,
            title=_str_or_none(title),
            published=_str_or_none(published),
            url=_str_or_none(url),
            meta=meta,
            language=language,
        )

    def _add(self, doc_id: str, text: str, where: str, *, outlet: str | None, title: str | None = None,
             published: str | None = None, url: str | None = None, meta: Mapping[str, Any] | None = None,
             language: str | None = None) -> None:
        if not text.strip():
            self.skipped.append(Skipped(where, "empty"))
            return
        words = count_words(text)  # characters of Chinese, Japanese, Thai counted per word
        if words < self.min_words:
            self.skipped.append(Skipped(where, f"too short ({words} words; the minimum is {self.min_words})"))
            return
        if len(text) > MAX_CHARS:
            self.warnings.append(f"{where}: longer than {MAX_CHARS:,} characters; truncated")
            text = text[:MAX_CHARS]
        if published is not None and parse_published(published) is None:
            self.warnings.append(f"{where}: 'published' is not an ISO 8601 date ({published!r}); ignored")
            published = None
        if doc_id in self._origin:
            raise DuplicateIdError(
                f"duplicate article id {doc_id!r} in {self._origin[doc_id]} and {where}: ids must be unique"
            )
        self._origin[doc_id] = where
        self.documents.append(
            Document(doc_id, text, title=title, outlet=outlet, published=published, url=url,
                     meta=dict(meta or {}), path=where, language=language)
        )

    def _decode(self, file: Path, rel: str) -> str | None:
        try:
            data = file.read_bytes()
        except OSError as exc:
            self.skipped.append(Skipped(rel, f"cannot be read ({exc.strerror})"))
            return None
        text, encoding = decode_bytes(data)
        if text is None:
            self.skipped.append(Skipped(rel, encoding))
            return None
        if encoding == "cp1252":
            self.warnings.append(f"{rel}: not UTF-8; read as Windows-1252")
        return text

    def _drop_controls(self, text: str, where: str) -> str:
        """Text without stray control characters (a NUL where a character was garbled), with a warning:
        losing an article to one bad byte is worse than reading it without that byte."""
        cleaned, dropped = _CONTROLS.subn("", text)
        if dropped:
            self.warnings.append(f"{where}: {dropped} control character{'s' if dropped != 1 else ''} (such as NUL) dropped")
        return cleaned


#: C0 controls other than tab, newline, carriage return and form feed, and DEL.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
#: A file is binary when more than this share of its first bytes are control bytes.
_BINARY_SHARE = 0.05
_SNIFF = 8192


def decode_bytes(data: bytes) -> tuple[str | None, str]:
    """``(text, encoding)`` of a file's bytes, or ``(None, reason)`` when it is not text.

    UTF-16 with a byte-order mark (or with NULs in every other byte, as plain UTF-16 English has) is
    read as such; otherwise a file whose first bytes are more than 5% control bytes is binary. Text is
    UTF-8, else Windows-1252; its stray control characters are left for the caller to drop.
    """
    head = data[:_SNIFF]
    utf16 = _utf16(head)
    if utf16 is not None:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            return None, "undecodable: starts as UTF-16 text but is not"
    if _binary(head):
        return None, "binary file"
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    return None, "undecodable: neither UTF-8 nor Windows-1252 text"


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


def _binary(head: bytes) -> bool:
    return bool(head) and len(head.translate(None, delete=_CONTROL_BYTES)) < (1 - _BINARY_SHARE) * len(head)


def _utf16(head: bytes) -> str | None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    pairs = len(head) // 2
    if pairs < 8:
        return None
    even, odd = head[0 : 2 * pairs : 2].count(0), head[1 : 2 * pairs : 2].count(0)
    if odd > 0.8 * pairs and even < 0.05 * pairs:
        return "utf-16-le"
    if even > 0.8 * pairs and odd < 0.05 * pairs:
        return "utf-16-be"
    return None


def json_error(exc: json.JSONDecodeError) -> str:
    """``Expecting value at column 3``: json's message (some end in "at" already) and where."""
    message = exc.msg[:-3] if exc.msg.endswith(" at") else exc.msg
    return f"{message} at line {exc.lineno}, column {exc.colno}" if exc.lineno > 1 else f"{message} at column {exc.colno}"


def _outlet(rel: str, root: Path | None) -> str | None:
    """The first folder under the corpus root names the outlet."""
    return Path(rel).parts[0] if root is not None and len(Path(rel).parts) > 1 else None


def _title_of(text: str) -> str | None:
    """The first line of a plain-text article when it reads as a headline followed by a blank line."""
    lines = text.lstrip("\ufeff").strip().splitlines()
    if len(lines) >= 2 and not lines[1].strip() and looks_like_headline(lines[0]):
        return lines[0].strip().lstrip("#").strip()
    return None


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def parse_published(value: str | None) -> datetime | None:
    """An ISO 8601 date or timestamp as a UTC datetime (naive ones are taken as UTC), else None.

    >>> parse_published("2024-07-08T10:00:00+02:00").isoformat()
    '2024-07-08T08:00:00+00:00'
    """
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
