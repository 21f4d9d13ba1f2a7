"""Reading articles: the one stage that reads input files (a folder, a file, a JSONL stream, a part).

Every file becomes a :class:`~dedup.documents.Document` with normalised text, or a
:class:`~dedup.documents.Skipped` with the reason; ids are checked for uniqueness as the read goes. With
:mod:`dedup.feeds` (JSONL streams and ranges), :mod:`dedup.readable` (what may be read, a file's bytes),
:mod:`dedup.whole_reads` (what is read whole and how much, a pipe as it comes), :mod:`dedup.formats` (with
:mod:`dedup.lines`, which reads standard input) and :mod:`dedup.parts`, the only modules that read input; the
bytes become text in
:mod:`dedup.decoding`, a record or a text an article in :mod:`dedup.records`, its id one id in
:mod:`dedup.article_ids`, none of which reads a file.
"""

from __future__ import annotations

import stat
from dataclasses import replace
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Mapping, Sequence

from dedup.decoding import decoded_file
from dedup.documents import Corpus, Document, Skipped
from dedup.errors import InputError
from dedup.feeds import WHOLE_FILE_SKIPS, Feeds, folder_outlet, jsonl_lines
from dedup.exports import json_list, looks_like_table, objects_a_line, opens_a_list, table_delimiter
from dedup.file_kinds import html_markup, html_page, is_json_report, xml_feed
from dedup.formats import (FEED_SUFFIXES, HTML_SUFFIXES, JSON_SUFFIXES, JSONL_SUFFIXES, SUPPORTED_SUFFIXES,
                           TABLE_SUFFIXES, file_name)
from dedup.lines import given_lines, stdin_lines
from dedup.mail import MailText, mail_message
from dedup.markup import too_many_elements
from dedup.normalize import html_to_article, normalize_text
from dedup.parts import Part, corpus_files, large_jsonl_ranges
from dedup.readable import (DEDUP_REPORT_PAGE, LINK_OUT, device_reason, is_pipe, not_entered, not_read_reason,
                            not_there, own_mode, path_exists, shown_path, source_path, text_hint, unlisted_reason)
from dedup.record_refusals import too_many_reason
from dedup.records import MIN_WORDS, READ_FIELDS, title_of
from dedup.signatures import check_flag
from dedup.skips import REASONS_A_PART, Skips
from dedup.streamed_lists import list_items
from dedup.streamed_tables import streamed_feed, streamed_table, table_lines, text_pieces
from dedup.whole_reads import opens_jsonl, pipe_bytes, pipe_reader, whole_file_data

__all__ = ["read_corpus", "read_article", "read_part", "spill_from_start"]


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
    share an id (one article read again, its id and its text, is skipped: read once). ``progress("read",
    files_done, files)`` is called as a folder is read. ``spill``
    (characters): past that much text, the texts wait in a temporary file (:class:`~dedup.spilled_documents.Documents`); from the
    first article when the input files are larger than ``spill`` bytes (:func:`spill_from_start`).
    """
    follow_links = check_flag("follow_links", follow_links)
    if progress is not None and not callable(progress):  # it failed as "'int' object is not callable" mid-read
        raise TypeError(f"progress must be a function called as progress(stage, done, total), or None, "
                        f"not {type(progress).__name__}")
    if str(source) == "-":
        reader = _Reader(min_words=min_words, spill=spill)
        reader.read_jsonl_stream(stdin_lines() if stdin is None else given_lines(stdin), "<stdin>")
    else:
        path = source_path(source)
        if not path_exists(path, source):
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
    target = source_path(path)
    if not path_exists(target, path) or target.is_dir():
        raise InputError(f"{shown_path(path, named=True)}: {not_there(target, 'no such file')}{text_hint(path, named=True)}"
                         if not target.exists() else f"{path}: is a folder, not an article file")
    corpus = read_corpus(target, min_words=min_words)
    # beside its one article, what was never one (its story listed again under its id: read once) is no fault
    skipped = [s for s in corpus.skipped if s.article or not corpus.documents]
    if len(corpus.documents) != 1 or skipped:
        why = (f"{skipped[0].path}: {skipped[0].reason}" if corpus.documents else skipped[0].reason) \
            if skipped else f"holds {len(corpus.documents)} articles"
        raise InputError(f"{path}: not one readable article ({why})")
    if warnings is not None:
        warnings += corpus.warnings
        warnings += [f"{s.path}: {s.reason}" for s in corpus.skipped]  # a repeat read once, said as a scan says it
    doc = corpus.documents[0]
    if doc.id == file_name(target.name):
        # as a folder's files are named: a byte that is not UTF-8 as \xNN (it was a lone surrogate, which
        # no report could write)
        doc = replace(doc, id=file_name(str(path)))
    return doc


def read_part(part: Part, *, min_words: int = MIN_WORDS,
              read_before: Mapping[str, tuple[str, bytes]] | None = None) -> Corpus:
    """Read one part: the same documents, skips and warnings :func:`read_corpus` gives for it.

    Ids are checked for uniqueness within the part only; the engine checks across parts, and reads a part again
    with ``read_before`` (by :func:`~dedup.article_ids.id_key`: where an id was read first in an earlier part and
    its text's :func:`~dedup.article_ids.text_digest`), so that an article read there is skipped here, in its
    place among the part's skips, as a local read skips it. Links that lead out of the folder are followed as
    the part says (:attr:`Part.follow_links`).
    """
    reader = _Reader(min_words=min_words, follow_links=part.follow_links)
    reader.skipped = Skips(reasons=REASONS_A_PART)  # told apart as the whole read does once gathered (dedup.skips)
    reader._ids.known = dict(read_before or {})
    root = Path(part.root) if part.root is not None else None
    if part.span is None:
        for file in part.files:
            reader.read_file(Path(file), root=root)
    else:
        reader.read_range(Path(part.files[0]), root, part, last=part.last)
    reader.finish()
    return Corpus(tuple(reader.documents), tuple(reader.skipped), tuple(reader.warnings))


class _Reader(Feeds):
    """Reads files and folders into the articles a read finds (:class:`~dedup.feeds.Feeds`: JSONL streams and
    ranges; :class:`~dedup.records.Articles`: documents, skips, warnings; id uniqueness checked as it goes)."""

    def read_file(self, file: Path, *, root: Path | None) -> None:
        rel = file_name(file.relative_to(root).as_posix() if root is not None else file.name)
        own = own_mode(file)  # asked once: whether it is a link, and what it is when it is none
        feed = self._admitted(file, rel, root, own)
        if feed is None:
            return
        suffix = ".jsonl" if feed else file.suffix.lower()
        if feed or root is None and is_pipe(file):  # a pipe given as the input: read as it comes, never to its end
            self._read_pipe(file, rel, suffix, feed=feed)
            return
        parts = large_jsonl_ranges(file, root) if suffix in JSONL_SUFFIXES else []
        if parts and parts[0].span is not None:
            for part in parts:  # a range at a time, as a Dask engine reads it: never the whole file in memory
                skips = self.skipped.mark()
                self.read_range(file, root, part, last=part.last)
                if part.first_line == 1 and any(s.reason in WHOLE_FILE_SKIPS for s in self.skipped.since(skips)):
                    break  # JSON over several lines: one reason for the file, not a malformed line for each line past
                    # its first range (65,595 "inputs skipped" for 41 MB of ``jq .``)
            return
        link = own is not None and stat.S_ISLNK(own)
        # a file of the folder that was no link is read as one: one made a link since it was listed (a way out of
        # an upload folder opened between the check and the read) is not followed
        no_link = root is not None and not link and not self.follow_links
        if suffix in TABLE_SUFFIXES | JSON_SUFFIXES | FEED_SUFFIXES and self._read_in_pieces(
                file, rel, suffix, folder_outlet(rel, root), no_link):
            return
        text = self._decode(file, rel, jsonl=suffix in JSONL_SUFFIXES, html=suffix in HTML_SUFFIXES | FEED_SUFFIXES,
                            no_link=no_link, many=suffix in JSON_SUFFIXES | TABLE_SUFFIXES | FEED_SUFFIXES)
        if text is not None:
            self._read_text(text, rel, suffix, folder_outlet(rel, root), feed=False)

    def _read_in_pieces(self, file: Path, rel: str, suffix: str, outlet: str | None, no_link: bool) -> bool:
        """Whether ``file``, a large table, JSON list or feed by its ``suffix``, was read in pieces, decoded as it
        was read (:mod:`dedup.streamed_tables`, :mod:`dedup.streamed_lists`; read whole, a 255 MB export in
        Windows-1252 took 1.3 GB and more, a JSON list 0.7 GB at 256 MB); False: it is read whole."""
        table = suffix in TABLE_SUFFIXES
        with streamed_table(file, no_link=no_link, header=table,
                            opens=opens_a_list if suffix in JSON_SUFFIXES else None) as opened:
            if opened is None:
                return False
            if isinstance(opened, str):  # text in no encoding, judged in pieces: skipped as a read whole skips it
                self.skipped.append(Skipped(rel, opened))
                return True
            fd, plan = opened
            if not table and not (json_list(plan.head) if suffix in JSON_SUFFIXES else streamed_feed(plan)):
                return False
            self.warnings += [f"{rel}: {note}" for note in plan.warnings]
            if table:
                self._read_table(plan.head, rel, outlet, table_delimiter(plan.head, suffix), lines=table_lines(fd, plan))
            elif suffix in JSON_SUFFIXES:
                self._read_json_list(list_items(text_pieces(fd, plan)), rel, outlet)
            else:
                self.read_xml_feed(plan.head, rel, outlet, pieces=text_pieces(fd, plan))
        return True

    def _admitted(self, file: Path, rel: str, root: Path | None, own: int | None) -> bool | None:
        """Whether ``file`` (at ``rel``; ``own``: its own mode, :func:`~dedup.readable.own_mode`) is read as a
        feed of JSONL lines (a pipe given as the input), or None when it is not read: named among the skipped
        with the reason (a folder that could not be listed, a device, a file of a type not read, a link out
        of the folder), or left out without a word (a hidden file)."""
        unlisted = unlisted_reason(file, own) if own is None or stat.S_ISDIR(own) else None
        unlisted = unlisted if unlisted is not None or own is not None else not_entered(file)
        if unlisted is not None:
            self.skipped.append(Skipped(rel, unlisted))
            return None
        # given as the input: a device is named so (it was "unsupported file type (none)"), and a pipe without an
        # article's suffix (``dedup scan <(zcat feed.jsonl.gz)``, /dev/fd/63) is read: as a feed of JSONL lines when
        # it opens with "{", else as the text of one article
        device = device_reason(file, own=own) if root is None else None
        if device is not None:
            self.skipped.append(Skipped(rel, device))
            return None
        feed = root is None and file.suffix.lower() not in SUPPORTED_SUFFIXES and is_pipe(file)
        refused = None if feed else not_read_reason(file, Path(rel), root, own=own)
        if refused is not None:
            if refused:  # hidden files and folders (.git, .DS_Store) are left out without a word
                self.skipped.append(Skipped(rel, refused, article=False))
            return None
        link = own is not None and stat.S_ISLNK(own)
        if link and root is not None and not self.follow_links and self._leaves(file, root):
            self.skipped.append(Skipped(rel, LINK_OUT))
            return None
        device = device_reason(file, in_folder=True, own=own) if root is not None else None  # alone: asked above
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
            self.read_jsonl_stream(jsonl_lines(text), rel, outlet=outlet)
            return
        if suffix in JSON_SUFFIXES and objects_a_line(text):  # an NDJSON export named .json
            self.warnings.append(f"{rel}: JSON objects one a line (JSONL) under a .json name; read as JSONL")
            self.read_jsonl_stream(jsonl_lines(text), rel, outlet=outlet)
            return
        text = self._drop_controls(text, rel)
        if suffix in FEED_SUFFIXES:  # RSS or Atom: an article an item (it was refused, "unsupported file type .xml")
            self.read_xml_feed(text, rel, outlet)
            return
        if suffix in TABLE_SUFFIXES:  # a CSV or TSV export, one article a row
            self._read_table(text, rel, outlet, table_delimiter(text, suffix))
            return
        head = text[:4096].encode("utf-8", "surrogatepass") if suffix not in JSON_SUFFIXES | HTML_SUFFIXES else b""
        if (kind := xml_feed(head)) is not None:  # a feed saved under a text name: it was all its items one article,
            # then skipped; its root says what it is, and a text that only opens like one is named malformed XML
            self.warnings.append(f"{rel}: {kind} under a text name; read as a feed")
            self.read_xml_feed(text, rel, outlet)
            return
        if html_markup(head):  # a page, or a CMS's export of an article's body, saved as a text
            what = "an HTML page" if html_page(head) else "HTML markup (an article's body as a CMS exports it)"
            self.warnings.append(f"{rel}: {what} under a text name; read as HTML")
            suffix = ".html"
        if suffix in JSON_SUFFIXES:
            self._read_json(text, rel, outlet)
        elif suffix in HTML_SUFFIXES:
            if DEDUP_REPORT_PAGE.search(text[:4096]):  # a report of an earlier scan written into the corpus
                self.skipped.append(Skipped(rel, "a dedup report, not an article", article=False))
                return
            if (elements := too_many_elements(text)) is not None:
                self.skipped.append(Skipped(rel, too_many_reason(elements)))
                return
            page = html_to_article(text)
            self._add(rel, page.text, rel, outlet=outlet, title=page.title, published=page.published, url=page.url,
                      language=page.language)
        elif (mail := mail_message(text)) is not None:  # an e-mail message saved as a text: the text it carries
            self._read_mail(mail, rel, outlet)
        elif (delimiter := looks_like_table(text, READ_FIELDS)) is not None:
            # a CSV export saved as .txt was one article of all its rows: two exports that shared a row were a pair
            what = "a TSV table" if delimiter == "\t" else "a CSV table"
            self._read_table(text, rel, outlet, delimiter, named=f"{what} under a text name")
        else:
            self._add(rel, normalize_text(text), rel, outlet=outlet, title=title_of(text))

    def _read_mail(self, mail: MailText, rel: str, outlet: str | None) -> None:
        """The article an e-mail message (:func:`~dedup.mail.mail_message`) carries, its subject the title; or
        the message skipped with why its text cannot be read (nested too deep, no text part, an HTML part of more
        elements than a page is read with: it was parsed, 2,000,000 of them in a minute and 1 GB)."""
        if mail.unread is not None:
            self.skipped.append(Skipped(rel, mail.unread))
            return
        if mail.note is not None:
            self.warnings.append(f"{rel}: {mail.note}")
        for text in [mail.text] if mail.html else [t for t, html in mail.pieces if html]:
            if (elements := too_many_elements(text)) is not None:
                self.skipped.append(Skipped(rel, too_many_reason(elements)))
                return
        if mail.pieces:  # forwarded messages, some HTML: each read as its kind, then joined
            text = "\n\n".join(html_to_article(t).text if html else t for t, html in mail.pieces)
            self._add(rel, normalize_text(text), rel, outlet=outlet, title=mail.subject, published=mail.date)
            return
        page = html_to_article(mail.text) if mail.html else None
        self._add(rel, page.text if page else normalize_text(mail.text), rel, outlet=outlet,
                  title=mail.subject or (page.title if page else title_of(mail.text)), published=mail.date,
                  url=page.url if page else None, language=page.language if page else None)

    def _read_pipe(self, file: Path, rel: str, suffix: str, *, feed: bool) -> None:
        """A pipe given as the input (``dedup scan <(zcat feed.jsonl.gz)``, a named pipe; ``feed``: without an
        article's suffix): JSONL lines read a line at a time, as standard input's are, else its bytes up to the
        bound of what its suffix is read as (:func:`~dedup.whole_reads.pipe_bytes`). It was read whole to its
        end: ``<(cat /dev/zero)`` took the machine's memory and ended in a MemoryError's traceback."""
        try:
            head, reader = pipe_reader(file)
        except OSError as exc:
            self.skipped.append(Skipped(rel, f"cannot be read ({exc.strerror})"))
            return
        with reader:
            if suffix in JSONL_SUFFIXES and opens_jsonl(head):
                self.read_jsonl_stream(stdin_lines(reader, name=file_name(str(file))), rel)
                return
            many = not feed and suffix in JSONL_SUFFIXES | JSON_SUFFIXES | TABLE_SUFFIXES | FEED_SUFFIXES
            data = pipe_bytes(reader, head, many=many, rel=rel)
        text = self._decode(file, rel, jsonl=suffix in JSONL_SUFFIXES, html=suffix in HTML_SUFFIXES | FEED_SUFFIXES,
                            data=data)
        if text is not None:
            self._read_text(text, rel, suffix, None, feed=feed)

    def _decode(self, file: Path, rel: str, *, jsonl: bool = False, html: bool = False,
                no_link: bool = False, many: bool = False, data: bytes | Skipped | None = None) -> str | None:
        """The file's text, or None (skipped with the reason): its bytes (:func:`~dedup.readable.file_data`)
        decoded (:func:`~dedup.decoding.decoded_file`). ``no_link``: a link in ``file``'s place is not followed
        (it was no link when it was listed). ``many``: a file that may hold many articles, read whatever its size
        as a feed is when it does (a JSON list by its opening, a table or an RSS or Atom feed by its suffix).
        ``data``: its bytes read already (a pipe's), or why they were not."""
        whole = many and file.suffix.lower() in TABLE_SUFFIXES | FEED_SUFFIXES  # many articles by the suffix alone
        if data is None:
            data = whole_file_data(file, rel, whole=jsonl or whole, no_link=no_link,
                                   many=opens_a_list if many else None if jsonl or html else _opens_a_feed)
        # a page's <meta charset>, a feed's XML declaration under a text name
        html = html or not jsonl and not isinstance(data, Skipped) and (html_page(data[:4096]) or _opens_a_feed(data))
        text = data if isinstance(data, Skipped) else decoded_file(data, rel, self.warnings, jsonl=jsonl, html=html)
        if isinstance(text, Skipped):
            self.skipped.append(text)
            return None
        return text


def _opens_a_feed(head: bytes) -> bool:
    """Whether a file's first bytes open an RSS or Atom feed (:func:`~dedup.file_kinds.xml_feed`): under a text
    name, it is read as one, whatever its size and in the encoding its declaration names."""
    return xml_feed(head[:4096]) is not None
