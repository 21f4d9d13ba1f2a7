"""JSONL feeds: lines of JSON articles read from a stream, a file, or a line-aligned byte range of a large file.

One article a line, each line a record (:class:`~dedup.records.Articles`); a line too long to hold read past and
named, a block of NULs left, a file written as JSON over several lines or holding no JSON at all named once (not a
malformed line for each of its lines), a range's lines decoded one by one when it mixes encodings. With
:mod:`dedup.reading` (which reads folders and files through it), :mod:`dedup.readable`, :mod:`dedup.formats` and
:mod:`dedup.parts`, one of the only modules that read input: :meth:`Feeds.read_range` reads a range of a file.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import re
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from dedup.charsets import decode_line
from dedup.decoding import decoded_lines
from dedup.documents import Skipped
from dedup.encodings import encoding_name, sense_made
from dedup.exports import json_list, wrapped_articles
from dedup.file_kinds import xml_feed
from dedup.formats import CONTROLS, file_name, without_controls
from dedup.json_input import json_error, load_record
from dedup.lines import MAX_LINE_BYTES, LongLine, file_lines, is_nul_block, too_long
from dedup.parts import Part, leads_out
from dedup.readable import LINK_OUT
from dedup.records import LITERAL_FIELDS, READ_FIELDS, TEXT_FIELDS, Articles, repeated_warnings
from dedup.xml_feeds import MAX_PROLOG_CHARS, NO_DTD, FeedError, feed_records, prolog_read, root_at

__all__ = ["pretty_json_collapsed", "PRETTY_JSON", "NOT_JSONL", "NOT_JSONL_LINES", "Feeds", "WHOLE_FILE_SKIPS", "CUT_SHORT", "GREW", "ENDS_INSIDE",
           "jsonl_lines", "folder_outlet"]


def pretty_json_collapsed(skipped: Iterable[Skipped], pretty: set[str] | None = None) -> list[Skipped]:
    """``skipped`` without the lines (``feed.jsonl:120``) of a file skipped as JSON written over several lines
    (:data:`PRETTY_JSON`), nor the rows counting its lines (:mod:`dedup.skips`): an engine that reads a large
    file's ranges apart (Dask) finds that its first range is such JSON, and each line of its other ranges
    malformed. ``pretty``: the files found so in the parts before (their first range's), added to as it is read.

    >>> [s.path for s in pretty_json_collapsed([Skipped("f.jsonl", PRETTY_JSON), Skipped("f.jsonl:9", "malformed"),
    ...                                          Skipped("g.jsonl:9", "malformed")])]
    ['f.jsonl', 'g.jsonl:9']
    """
    skipped = list(skipped)
    pretty = set() if pretty is None else pretty
    pretty.update(s.path for s in skipped if s.reason in WHOLE_FILE_SKIPS)
    if not pretty:
        return skipped
    return [s for s in skipped if not ((where := s.path.rpartition(":"))[2].isdigit() and where[0] in pretty
                                       or s.counted and s.path in pretty)]


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
WHOLE_FILE_SKIPS = frozenset({PRETTY_JSON, NOT_JSONL})
#: What is said of a large JSONL file that ended before the byte its read was planned to (:meth:`Feeds._cut_short`).
CUT_SHORT = "cut short while it was read"
#: What is said of a large JSONL file that held more bytes once its last range was read than when its ranges
#: were planned (:meth:`Feeds._grown`): read to its size at the start, a snapshot.
GREW = "grew while it was read"
#: A malformed last line with no line end: the file (or standard input) ends inside it, whenever it was cut (while it
#: was read, before, or as it is still written). It was "malformed JSON line (Unterminated string ...)" alone, and a
#: file truncated just before its read (no warning of its range's size could tell) said nothing of it.
ENDS_INSIDE = ("malformed JSON line, the input ending inside it: cut short (changed while it was read, or a copy cut) "
               "or still being written; read it again once it is written whole")


#: A document type declaration, with its internal subset: left out to tell what feed declares one (then refused).
_DOCTYPE = re.compile(r"<!DOCTYPE\s[^\[>]*(?:\[.*?\]\s*)?>", re.IGNORECASE | re.DOTALL)

#: What :meth:`Feeds._read_lines` gives for a stream it left as no JSONL.
_NOT_JSONL = "\x00not JSONL"


class Feeds(Articles):
    """Reads JSONL streams and line-aligned ranges of JSONL files into the articles a read finds
    (:class:`~dedup.records.Articles`); links that lead out of the folder read are followed only with
    ``follow_links``."""

    def __init__(self, *, min_words: int, spill: int | None = None, follow_links: bool = False) -> None:
        super().__init__(min_words=min_words, spill=spill)
        self.follow_links = follow_links
        self._real_roots: dict[Path, str] = {}  # each folder read, resolved once

    def _leaves(self, link: Path, root: Path) -> bool:
        """Whether the link ``link`` in the folder ``root`` leads to a file outside it (or to a link that
        does); a link that leads nowhere is not said to leave: the read names it with its own reason."""
        real_root = self._real_roots.get(root)
        if real_root is None:
            real_root = self._real_roots.setdefault(root, os.path.realpath(root))
        return leads_out(link, real_root)

    def read_jsonl_stream(self, stream: IO[str] | Iterator[str], rel: str, *, outlet: str | None = None,
                          first_line: int = 1, whole: bool = True) -> None:
        """Read the JSONL lines of ``stream`` (at ``rel``, from its line ``first_line``); a ``whole`` stream (a file or
        standard input, not a range of a file) that is a JSON list of articles is read as one."""
        if whole:
            stream, listed, feed = _json_list_in(stream)
            if listed is not None and feed is not None:  # a feed piped to ``scan -``: a malformed line a line
                self.warnings.append(f"{rel}: {feed}, not JSONL (one article a line); read as a feed")
                self.read_xml_feed(listed, rel, outlet)
                return
            if listed is not None:  # a CMS's export piped to ``scan -`` or named .jsonl: it was one malformed line
                # for each of its lines, or "not a list" for one of a single line
                self.warnings.append(f"{rel}: a JSON list of articles, not JSONL (one article a line); read as a list")
                self._read_json_list(listed, rel, outlet)
                return
        read, skips = len(self.documents), self.skipped.count
        opening = self._read_lines(stream, rel, outlet=outlet, first_line=first_line)
        if first_line == 1 and opening in ("{", "[") and len(self.documents) == read and self.skipped.count > skips:
            # JSON written over several lines (``jq . > feed.jsonl``) was a "malformed JSON line" for each of its
            # lines, hundreds of them, with no word of what the file was (its first read: every skip of it is one)
            self.skipped.forget(rel)
            self.skipped.append(Skipped(rel, PRETTY_JSON))
        elif opening is _NOT_JSONL:
            self.skipped.forget(rel)
            self.skipped.append(Skipped(rel, NOT_JSONL))

    def read_xml_feed(self, text: str, rel: str, outlet: str | None, *, pieces: Iterator[str] | None = None) -> None:
        """An RSS or Atom feed's text (:mod:`dedup.xml_feeds`): each item read as a JSONL line is, at ``rel[0]``,
        ``rel[1]``, ... (its id when it gives no guid, id nor link); its outlet the one the item names, else the
        folder's (``outlet``), else the channel's title. A feed malformed part way is one skip naming where, after
        the items before it; one that declares a document type is refused (no entity expanded nor fetched).
        ``pieces``: its text as it is read (a large feed's), ``text`` then its opening."""
        kind = xml_feed(_DOCTYPE.sub("", text[:65536], count=1)[:4096].encode("utf-8", "surrogatepass"))
        if kind is None:
            kind, text, pieces = _kind_past_prolog(text, pieces)
        if kind is None:
            # no article, as a file of a type not read is (a sitemap.xml beside the stories was one): it does not
            # make ``check`` of the folder fail
            self.skipped.append(Skipped(rel, "XML that is no RSS or Atom feed: write its articles as JSONL, one "
                                             '{"id": ..., "text": ...} object a line', article=False))
            return
        count = 0
        try:
            for count, record in enumerate(feed_records(text if pieces is None else pieces), start=1):
                self._add_record(record, f"{rel}[{count - 1}]", default_id=f"{rel}[{count - 1}]",
                                 outlet=outlet or record.get("feed"))
        except FeedError as exc:
            read = f"; the {count:,} item{'s' * (count != 1)} before it read" if count else ""
            what = f"{kind}: {exc}" if exc.reason == NO_DTD else f"malformed XML ({exc}){read}"
            self.skipped.append(Skipped(rel, what))
            return
        if not count:
            self.skipped.append(Skipped(rel, f"empty ({kind} of no item)"))

    def _read_json(self, text: str, rel: str, outlet: str | None) -> None:
        """A ``.json`` file's text: one article, a list of them (:meth:`_read_json_list`), or an object wrapping one
        list of articles (JSON Feed's ``items``, an API's ``data`` or ``results``, a CMS's ``articles``:
        :func:`~dedup.exports.wrapped_articles`), each read as a JSONL line is, its outlet the object's title."""
        if json_list(text):
            self._read_json_list(text, rel, outlet)
            return
        try:
            record, text = load_record(text, literal=LITERAL_FIELDS, keep=READ_FIELDS)  # millions of values left out
        except json.JSONDecodeError as exc:
            self.skipped.append(Skipped(rel, f"malformed JSON ({json_error(exc)})"))
            return
        wrapped = wrapped_articles(record, (*TEXT_FIELDS, "summary")) if isinstance(record, dict) else None
        if wrapped is None:
            if isinstance(record, dict):
                self.warnings += repeated_warnings(text, rel)
            self._add_record(record, rel, default_id=rel, outlet=outlet)
            return
        name, items, title = wrapped
        self.warnings.append(f"{rel}: an object whose '{name}' lists {len(items):,} article{'s' * (len(items) != 1)}; "
                             "each read as an article")
        for number, item in enumerate(items):
            where = f"{rel}[{number}]"
            if isinstance(item, dict) and isinstance(item.get("summary"), str) and not _has_text(item):
                item = {k: v for k, v in item.items() if k != "summary"} | {"text": item["summary"]}  # a summary alone
            self._add_record(item, where, default_id=where, outlet=outlet or title)
        if not items:
            self.skipped.append(Skipped(rel, f"empty (its '{name}' lists no article)"))

    def _read_lines(self, stream: IO[str] | Iterator[str], rel: str, *, outlet: str | None = None, first_line: int = 1) -> str | None:
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
            if (note := getattr(line, "note", None)) is not None:  # a line of standard input not in UTF-8 (lines.Recoded),
                self.warnings.append(f"{rel}:{number}: {note}")  # read as a file of it is, with its warning
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
            self._add_json(line, where, outlet, "malformed JSON line" if line.endswith(("\n", "\r")) else ENDS_INSIDE)
        return _NOT_JSONL if no_jsonl() else opening

    def read_range(self, file: Path, root: Path | None, part: Part, *, last: bool = False) -> None:
        """One line-aligned byte range of a JSONL file (see :func:`dedup.parts.plan_parts`); ``last``: the file's
        last range as planned, which ends where the file did then (what was written past it since is said)."""
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
                                           outlet=folder_outlet(rel, root), first_line=part.first_line, whole=False)
                    self._cut_short(rel, fh, end, last)
                    return
                data = fh.read(end - start)
                self._cut_short(rel, fh, end, last)
        except OSError as exc:  # gone or unreadable since the plan
            self.skipped.append(Skipped(f"{rel}:{part.first_line}", f"cannot be read ({exc.strerror})"))
            return
        text = None
        if encoding != "mixed" and not _escaped_ascii(data, encoding):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:  # rewritten since the plan learnt its encoding: each line decoded on its own
                pass
        if text is None:
            lines = decoded_lines(data, rel, part.first_line, self.warnings, bom=start == 0)
            self.read_jsonl_stream(jsonl_lines(lines), rel, outlet=folder_outlet(rel, root), first_line=part.first_line,
                                   whole=False)
            return
        self._encoding_warning(rel, start, encoding)
        self.read_jsonl_stream(jsonl_lines(text), rel, outlet=folder_outlet(rel, root), first_line=part.first_line,
                                   whole=False)

    def _cut_short(self, rel: str, fh: IO[bytes], end: int, last: bool = False) -> None:
        """A warning, once a file, when it holds fewer bytes than a range of it was planned to (``end``): it was cut
        short or rewritten while it was read (a log rotated, an export written again), and the articles past that
        point, left out without a word, were missing from the report as though never there. Its ``last`` range
        read, one that holds more bytes than when planned grew meanwhile (a log still written to): what was
        written past that point is not read, which is said as well."""
        now = os.fstat(fh.fileno()).st_size
        said = f"{rel}: {CUT_SHORT}"
        if now < end and not any(w.startswith(said) for w in self.warnings):
            self.warnings.append(f"{said} (it holds {now:,} bytes now, fewer than when its read began): the articles "
                                 "it held as it was read are reported; read it again once it is written whole")
        elif last and now > end and not any(w.startswith(said) for w in self.warnings):
            self.warnings.append(f"{rel}: {GREW} (it holds {now:,} bytes now, {end:,} when its read began): the "
                                 f"articles in its first {end:,} bytes are reported, none written since; read it "
                                 "again once it is written whole")

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
            if encoding != "mixed" and not _escaped_ascii(line, encoding):
                try:
                    text = line.decode(encoding)
                except UnicodeDecodeError:  # rewritten since the plan learnt its encoding
                    pass
            if text is None:
                text, note = decode_line(line)
                if note is not None and line.strip():
                    self.warnings.append(f"{rel}:{number}: {note}")
            yield text

    def _drop_controls(self, text: str, where: str) -> str:
        """Text without stray control characters (a NUL where a character was garbled), with a warning:
        losing an article to one bad byte is worse than reading it without that byte."""
        cleaned, note = without_controls(text)
        if note is not None:
            self.warnings.append(f"{where}: {note}")
        return cleaned

def _escaped_ascii(data: bytes, encoding: str) -> bool:
    """Whether ``data``, planned as UTF-8, holds an escape byte: lines that may be ISO-2022-JP or -KR (ASCII bytes,
    so planned as UTF-8), decoded a line at a time (:func:`~dedup.charsets.decode_line` reads them by their escapes;
    read as UTF-8, their double-byte characters' quotes made each line malformed JSON)."""
    return encoding in ("utf-8", "utf-8-sig") and b"\x1b" in data


def _json_list_in(stream: IO[str] | Iterator[str]) -> tuple[Iterator[str], str | None, str | None]:
    """``stream``'s lines, and its whole text when it is a JSON list of articles (:func:`~dedup.exports.json_list`;
    its first line that holds anything opens with "[", and is not a list by itself followed by more lines:
    JSONL whose lines are lists) or an RSS or Atom feed (then what feed it is, third); else None, the lines given
    back as they were (only those before the first that holds anything, and that one, are read ahead)."""
    lines = iter(stream)
    ahead: list[str] = []
    for line in lines:
        ahead.append(line)
        if line.lstrip("\ufeff").strip():
            break
    if not ahead or not ahead[-1].lstrip("\ufeff").lstrip().startswith(("[", "<")):
        return itertools.chain(ahead, lines), None, None
    first = len(ahead) - 1
    ahead.extend(lines)
    if any(isinstance(line, LongLine) for line in ahead):
        return iter(ahead), None, None
    text = "".join(ahead)
    if text.lstrip("\ufeff").lstrip().startswith("<"):
        feed = xml_feed(text[:4096].encode("utf-8", "surrogatepass"))
        return (iter(()), text, feed) if feed is not None else (iter(ahead), None, None)
    if not json_list(text) or (any(line.strip() for line in ahead[first + 1:]) and _a_list(ahead[first])):
        return iter(ahead), None, None
    return iter(()), text, None


def _has_text(record: dict[str, Any]) -> bool:
    """Whether a record gives a text by a name it is read by (then its ``summary`` is only metadata)."""
    return any(isinstance(record.get(name), str) for name in TEXT_FIELDS)


def _a_list(line: str) -> bool:
    """Whether ``line`` is a JSON list by itself (one of millions of values is not built: none, malformed)."""
    try:
        return isinstance(load_record(line.lstrip("\ufeff"))[0], list)
    except ValueError:
        return False


def jsonl_lines(text: str) -> IO[str]:
    """The lines of a JSONL text, each ended by "\\r\\n", "\\n" or a lone "\\r" (old Mac line ends: a "\\r" in a
    JSON string is escaped, so a raw one ends a line); a file of such lines was read as one malformed line."""
    return io.StringIO(text, newline="")


def folder_outlet(rel: str, root: Path | None) -> str | None:
    """The first folder under the corpus root names the outlet."""
    return Path(rel).parts[0] if root is not None and len(Path(rel).parts) > 1 else None


def _kind_past_prolog(text: str, pieces: Iterator[str] | None) -> tuple[str | None, str, Iterator[str] | None]:
    """What feed an XML text's root opens after a prolog longer than its opening (a long comment, processing
    instructions: :func:`~dedup.xml_feeds.root_at`), read up to :data:`~dedup.xml_feeds.MAX_PROLOG_CHARS`; and the text
    and pieces to read it from (``pieces``: a large feed's, those taken to find the root given back first)."""
    if pieces is None:
        at = root_at(text)
        prolog = text
    else:
        prolog, read = "", 0
        for piece in pieces:
            prolog += piece
            read, at = prolog_read(prolog, final=False, start=read)
            if at is not None and len(prolog) - at >= 4096 or len(prolog) > MAX_PROLOG_CHARS:
                break  # the root's name read whole
        else:
            at = root_at(prolog, start=read)
        pieces = itertools.chain([prolog], pieces)
    if at is None or at > MAX_PROLOG_CHARS:
        return None, text, pieces
    return xml_feed(prolog[at:at + 4096].encode("utf-8", "surrogatepass")), text, pieces

