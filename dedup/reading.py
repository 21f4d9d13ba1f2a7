"""Reading articles: the one stage that reads input files (a folder, a file, a JSONL stream, a part).

Every file becomes a :class:`~dedup.documents.Document` with normalised text, or a
:class:`~dedup.documents.Skipped` with the reason; ids are checked for uniqueness as the read goes. With
:mod:`dedup.readable` (what may be read, a file's bytes), :mod:`dedup.formats` and :mod:`dedup.parts`, the
only modules that read input; the bytes become text in :mod:`dedup.decoding`, a record or a text an
article in :mod:`dedup.records`, its id one id in :mod:`dedup.article_ids`, none of which reads a file.
"""

from __future__ import annotations

import io
import os
import stat
from dataclasses import replace
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, Sequence

from dedup.decoding import _decode_lines, _decoded
from dedup.documents import Corpus, Document, Skipped
from dedup.encodings import encoding_name, sense_made
from dedup.errors import InputError
from dedup.formats import (
    CONTROLS,
    HTML_SUFFIXES,
    JSON_SUFFIXES,
    JSONL_SUFFIXES,
    SUPPORTED_SUFFIXES,
    LongLine,
    MAX_LINE_BYTES,
    decode_line,
    file_lines,
    file_name,
    is_json_report,
    is_nul_block,
    stdin_lines,
    too_long,
    without_controls,
)
from dedup.markup import too_many_elements
from dedup.normalize import html_to_article, normalize_text
from dedup.parts import Part, corpus_files, large_jsonl_ranges, leads_out
from dedup.readable import (_DEDUP_REPORT, LINK_OUT, _device, _exists, _file_data, _given_path, _not_read, _own_mode,
                            _pipe, _shown_path, _text_hint, _unlisted, not_there)
from dedup.records import MIN_WORDS, _Articles, _title_of, _too_many
from dedup.signatures import check_flag

__all__ = ["read_corpus", "read_article", "read_part", "pretty_json_collapsed", "spill_from_start", "PRETTY_JSON",
           "NOT_JSONL", "NOT_JSONL_LINES"]

def read_corpus(source: str | Path, *, min_words: int = MIN_WORDS, stdin: IO[Any] | Iterable[str] | None = None,
                progress: Callable[[str, int, int], None] | None = None, spill: int | None = None,
                follow_links: bool = False) -> Corpus:
    """Read a folder (recursively), one file, or ``"-"`` (JSONL on ``stdin``: a text or binary stream, or lines;
    standard input when None) into documents.

    A link in the folder that leads out of it is named among the skipped, not read, unless
    ``follow_links``: a folder of uploads holding a link to ``/etc/passwd`` or another user's files must
    not put them in a report (links to files inside the folder are read, once).

    Files that cannot be read as articles are skipped with a reason; the read goes on. Raises
    :class:`InputError` when the path does not exist and :class:`~dedup.errors.DuplicateIdError` when two articles
    share an id. ``progress("read", files_done, files)`` is called as a folder is read. ``spill``
    (characters): past that much text, the texts wait in a temporary file (:class:`~dedup.documents.Documents`); from the
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


class _Reader(_Articles):
    """Reads files, line-aligned ranges of large JSONL files and JSONL streams into the articles a read finds
    (:class:`~dedup.records._Articles`: documents, skips, warnings; id uniqueness checked as it goes)."""

    def __init__(self, *, min_words: int, spill: int | None = None, follow_links: bool = False) -> None:
        super().__init__(min_words=min_words, spill=spill)
        self.follow_links = follow_links
        self._real_roots: dict[Path, str] = {}  # each folder read, resolved once

    def read_file(self, file: Path, *, root: Path | None) -> None:
        rel = file_name(file.relative_to(root).as_posix() if root is not None else file.name)
        own = _own_mode(file)  # asked once: whether it is a link, and what it is when it is none
        feed = self._admitted(file, rel, root, own)
        if feed is None:
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
        link = own is not None and stat.S_ISLNK(own)
        # a file of the folder that was no link is read as one: one made a link since it was listed (a way out of
        # an upload folder opened between the check and the read) is not followed
        text = self._decode(file, rel, jsonl=suffix in JSONL_SUFFIXES, html=suffix in HTML_SUFFIXES,
                            no_link=root is not None and not link and not self.follow_links)
        if text is not None:
            self._read_text(text, rel, suffix, _outlet(rel, root), feed=feed)

    def _admitted(self, file: Path, rel: str, root: Path | None, own: int | None) -> bool | None:
        """Whether ``file`` (at ``rel``; ``own``: its own mode, :func:`~dedup.readable._own_mode`) is read as a
        feed of JSONL lines (a pipe given as the input), or None when it is not read: named among the skipped
        with the reason (a folder that could not be listed, a device, a file of a type not read, a link out
        of the folder), or left out without a word (a hidden file)."""
        unlisted = _unlisted(file, own) if own is None or stat.S_ISDIR(own) else None
        if unlisted is not None:
            self.skipped.append(Skipped(rel, unlisted))
            return None
        # given as the input: a device is named so (it was "unsupported file type (none)"), and a pipe without an
        # article's suffix (``dedup scan <(zcat feed.jsonl.gz)``, /dev/fd/63) is read: as a feed of JSONL lines when
        # it opens with "{", else as the text of one article
        device = _device(file, own=own) if root is None else None
        if device is not None:
            self.skipped.append(Skipped(rel, device))
            return None
        feed = root is None and file.suffix.lower() not in SUPPORTED_SUFFIXES and _pipe(file)
        refused = None if feed else _not_read(file, Path(rel), root, own=own)
        if refused is not None:
            if refused:  # hidden files and folders (.git, .DS_Store) are left out without a word
                self.skipped.append(Skipped(rel, refused, article=False))
            return None
        link = own is not None and stat.S_ISLNK(own)
        if link and root is not None and not self.follow_links and self._leaves(file, root):
            self.skipped.append(Skipped(rel, LINK_OUT))
            return None
        device = _device(file, in_folder=True, own=own) if root is not None else None  # alone: asked above
        if device is not None:
            self.skipped.append(Skipped(rel, device))
            return None
        return feed

    def _read_text(self, text: str, rel: str, suffix: str, outlet: str | None, *, feed: bool) -> None:
        """The text of a file read whole, as its ``suffix`` says (a ``feed``'s as JSONL unless it opens with no
        "{"): JSONL lines, a JSON article, a page or a plain text; a report of an earlier scan left out."""
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
            lines = _decode_lines(data, rel, part.first_line, self.warnings, bom=start == 0)
            self.read_jsonl_stream(_lines(lines), rel, outlet=_outlet(rel, root), first_line=part.first_line)
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

    def _decode(self, file: Path, rel: str, *, jsonl: bool = False, html: bool = False,
                no_link: bool = False) -> str | None:
        """The file's text, or None (skipped with the reason): its bytes (:func:`~dedup.readable._file_data`)
        decoded (:func:`~dedup.decoding._decoded`). ``no_link``: a link in ``file``'s place is not followed
        (it was no link when it was listed)."""
        data = _file_data(file, rel, jsonl=jsonl, no_link=no_link)
        text = data if isinstance(data, Skipped) else _decoded(data, rel, self.warnings, jsonl=jsonl, html=html)
        if isinstance(text, Skipped):
            self.skipped.append(text)
            return None
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


def _outlet(rel: str, root: Path | None) -> str | None:
    """The first folder under the corpus root names the outlet."""
    return Path(rel).parts[0] if root is not None and len(Path(rel).parts) > 1 else None


