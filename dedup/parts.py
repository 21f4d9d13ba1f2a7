"""Reading a corpus in parts, for engines that spread the work over processes or machines.

A part is whole files, or a line-aligned byte range of one large JSONL file; :func:`dedup.reading.read_part`
reads one exactly as :func:`dedup.reading.read_corpus` would read that piece.
"""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Iterator

from dedup.encodings import sensible_reading
from dedup.errors import InputError, SettingsError
from dedup.charsets import mixed_lines, utf16_encoding
from dedup.file_kinds import SNIFF, is_binary, is_json_report
from dedup.formats import JSONL_SUFFIXES, NOT_ARTICLES
from dedup.lines import judged_lines, line_end
from dedup.signatures import check_flag

__all__ = ["PART_BYTES", "Part", "plan_parts", "large_jsonl_ranges", "corpus_files"]

#: Bytes of input per part: small files are grouped up to this size, larger JSONL files split into
#: ranges of about this size.
PART_BYTES = 32 << 20
_BLOCK = 1 << 20  # bytes read at a time when a large file is planned
_PART_FILES = 5000  # at most this many files per part, so that listing a part stays cheap


@dataclass(frozen=True)
class Part:
    """A piece of a corpus that one task reads on its own: whole files, or a byte range of one JSONL file.

    Ranges start at a line start, and ``first_line`` is the line number there, so ids (``path:line``),
    skips and warnings come out exactly as :func:`dedup.reading.read_corpus` gives them.
    """

    files: tuple[str, ...]
    root: str | None = None  # the folder ids are relative to (None: the corpus is one file)
    span: tuple[int, int] | None = None  # byte range [start, end) of files[0]
    first_line: int = 1
    encoding: str = "utf-8-sig"  # the whole file's decoding, learnt when planning ("mixed": line by line)
    follow_links: bool = False  # read the files that links in the folder lead to outside it (else skipped, named)
    last: bool = False  # the file's last range, which ends where the file did when planned (a file grown since is said)


def plan_parts(source: str | Path, *, part_bytes: int = PART_BYTES, follow_links: bool = False) -> list[Part]:
    """Cut a folder or file into parts, in :func:`dedup.reading.read_corpus` order.

    Large JSONL files are scanned once (newlines and encoding, block by block, never whole in memory).
    ``follow_links``: as :func:`dedup.reading.read_corpus`'s, carried by each part to its reader; without
    it, a link that leads out of the folder is named among the skipped, large or not (a large JSONL file
    it led to was cut into ranges and read).
    """
    if part_bytes < 1:
        raise SettingsError("part_bytes must be at least 1")
    follow_links = check_flag("follow_links", follow_links)
    if str(source) == "-":
        raise InputError("standard input cannot be read in parts: save it to a .jsonl file first")
    path = Path(source)
    if not path.exists():
        raise InputError(f"{source}: no such file or folder")
    root = path if path.is_dir() else None
    if root is None and stat.S_ISFIFO(path.stat().st_mode):  # ``--engine dask <(zcat feed.jsonl.gz)``: the workers,
        # other processes, cannot open this one's /dev/fd/63 ("unsupported file type (none)", the pipe unread)
        raise InputError(f"{source}: a pipe cannot be read in parts (the Dask engine's workers are other processes): "
                         "give --engine local, which reads it, or save it to a file first")
    files = corpus_files(path) if root is not None else [path]
    real_root = os.path.realpath(root) if root is not None and not follow_links else None
    parts: list[Part] = []
    group: list[str] = []
    size = 0
    for file in files:
        try:
            length = file.stat().st_size
        except OSError:  # a link that leads nowhere, or a file gone since the listing: its reader says why
            length = 0
        if length > part_bytes and not _leaves(file, real_root) and _splittable(file, root):
            parts.extend([Part(tuple(group), _str(root), follow_links=follow_links)] if group else [])
            group, size = [], 0
            parts.extend(replace(part, follow_links=follow_links) for part in _jsonl_parts(file, root, part_bytes))
            continue
        if group and (size + length > part_bytes or len(group) >= _PART_FILES):
            parts.append(Part(tuple(group), _str(root), follow_links=follow_links))
            group, size = [], 0
        group.append(str(file))
        size += length
    if group:
        parts.append(Part(tuple(group), _str(root), follow_links=follow_links))
    return parts


def _leaves(file: Path, real_root: str | None) -> bool:
    """Whether ``file`` is a link that leads out of the folder whose real path is ``real_root`` (``None``:
    links are followed, or the corpus is one file): read whole, so that its reader names it among the skipped."""
    return real_root is not None and file.is_symlink() and leads_out(file, real_root)


def leads_out(link: Path, real_root: str) -> bool:
    """Whether the link ``link`` leads to a file outside the folder whose real path is ``real_root`` (or to a
    link that does); a link that leads nowhere is not said to leave: the read names it with its own reason."""
    target = os.path.realpath(link)
    return os.path.lexists(target) and os.path.commonpath([real_root, target]) != real_root


def large_jsonl_ranges(file: Path, root: Path | None) -> list[Part]:
    """The ranges of a JSONL file larger than ``PART_BYTES`` that is read line by line, else ``[]``
    (a reader then reads it whole: small, or to be skipped with its reason)."""
    return _jsonl_parts(file, root, PART_BYTES) if _large(file) and _splittable(file, root) else []


def _str(path: Path | None) -> str | None:
    return str(path) if path is not None else None


def _large(file: Path) -> bool:
    try:
        return file.stat().st_size > PART_BYTES
    except OSError:
        return False  # read whole, to be skipped with its reason


def _splittable(file: Path, root: Path | None) -> bool:
    """A JSONL file that the reader (:mod:`dedup.reading`) would read line by line (else it is read whole, as usual)."""
    rel = file.relative_to(root).as_posix() if root is not None else file.name
    hidden = root is not None and any(part.startswith(".") for part in Path(rel).parts)  # one given by name is read
    if hidden or file.suffix.lower() not in JSONL_SUFFIXES:
        return False
    if root is not None and NOT_ARTICLES.match(file.name):
        return False
    try:
        with file.open("rb") as fh:
            head = fh.read(SNIFF)
        # a dedup report (``--json``) named .jsonl is read whole, to be skipped as one, not line by line
        return utf16_encoding(head) is None and not is_binary(head) and not is_json_report(head)
    except OSError:
        return False


def _jsonl_parts(file: Path, root: Path | None, part_bytes: int) -> list[Part]:
    """Byte ranges of about ``part_bytes`` cut after a newline, with their first line numbers."""
    decoders = {"utf-8-sig": codecs.getincrementaldecoder("utf-8")(), "cp1252": codecs.getincrementaldecoder("cp1252")()}
    cuts: list[tuple[int, int]] = [(0, 1)]
    pos, lines, next_cut, after_cr = 0, 0, part_bytes, False
    with file.open("rb") as fh:
        while block := fh.read(_BLOCK):
            for name in list(decoders):
                try:
                    decoders[name].decode(block)
                except UnicodeDecodeError:
                    del decoders[name]
            # a "\r\n" cut in two by the blocks: its "\n" ends no line of its own
            carried = 1 if after_cr and block.startswith(b"\n") else 0
            if after_cr and not carried and next_cut <= pos:  # the lone "\r" that ended the last block was the cut
                cuts.append((pos, lines + 1))
                next_cut = pos + part_bytes
            # never between a "\r" and its "\n" (the next range would open with an empty line and number
            # every line one too many); a "\r" ending the block waits for the next one to say
            while (i := line_end(block, max(0, next_cut - 1 - pos), open_end=True)) >= 0:
                cuts.append((pos + i + 1, lines + _line_ends(block, i + 1) - carried + 1))
                next_cut = pos + i + 1 + part_bytes
            lines += _line_ends(block, len(block)) - carried
            after_cr = block.endswith(b"\r")
            pos += len(block)
    for name in list(decoders):
        try:
            decoders[name].decode(b"", final=True)  # a multi-byte sequence cut off by the end of the file
        except UnicodeDecodeError:
            del decoders[name]
    if "utf-8-sig" not in decoders:  # lines of UTF-8 beside lines of another encoding: decoded line by line
        with file.open("rb") as fh:
            if mixed_lines(_byte_lines(fh)):
                decoders = {"mixed": None}  # type: ignore[dict-item]
            elif (codec := _sensible_encoding(fh)) is not None:  # as a smaller file is read whole (it was Windows-1252,
                decoders = {codec: None}  # type: ignore[dict-item]  # or undecodable and skipped)
    if not decoders:
        return [Part((str(file),), _str(root))]  # undecodable: read whole, to be skipped with its reason
    encoding = next(iter(decoders))
    bounds = [c for c in cuts if c[0] < pos] + [(pos, 0)]
    return [Part((str(file),), _str(root), (start, end), line, encoding, last=end == pos)
            for (start, line), (end, _) in zip(bounds, bounds[1:])]


def _sensible_encoding(fh: IO[bytes]) -> str | None:
    """The East Asian or single-byte encoding a large file that is not UTF-8 is in (:func:`sensible_reading` of its first
    :data:`_BLOCK` bytes, cut after a line), when the whole file decodes in it; else None."""
    fh.seek(0)
    head = fh.read(_BLOCK)
    found = sensible_reading(head[: _last_line_end(head)])
    if found is None:
        return None
    decoder = codecs.getincrementaldecoder(found[1])()
    fh.seek(0)
    try:
        while block := fh.read(_BLOCK):
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return found[1]


def _last_line_end(data: bytes) -> int:
    """Where the last whole line of ``data`` ends (past its line end); all of it when it holds none."""
    end = max(data.rfind(b"\n"), data.rfind(b"\r"))
    return end + 1 if end >= 0 else len(data)


def _line_ends(block: bytes, stop: int) -> int:
    """How many lines end in ``block[:stop]``: its "\\n"s and "\\r"s, a "\\r\\n" counted once."""
    return block.count(b"\n", 0, stop) + block.count(b"\r", 0, stop) - block.count(b"\r\n", 0, stop)


def _byte_lines(fh: IO[bytes]) -> Iterator[bytes]:
    """The lines of a binary file, ended by "\\r\\n", "\\n" or a lone "\\r", a block at a time (iterating the
    file splits at "\\n" alone: a file of "\\r" line ends was one line, held whole), for :func:`mixed_lines`: one
    longer than an article's line judged as it comes (:func:`~dedup.lines.judged_lines`; a line of 300 MB was held,
    copied again with each block: 674 MB and 30 s of CPU)."""
    return judged_lines(iter(lambda: fh.read(_BLOCK), b""))


def corpus_files(folder: Path) -> list[Path]:
    """The files of a corpus folder, recursively, in name order; a symbolic link to a file read already
    (the real file or another link to it) is left out, so that no file is read as two articles. A link
    that leads nowhere (its target gone, or a loop of links) is listed too: the reader skips it with the
    reason, where leaving it out would lose an article without a word; and so are a link to a folder, whose
    files a read does not follow (a loop, or a way out of the corpus), and a named pipe, a socket or a
    device, which it does not read, but names."""
    seen: set[str] = set()
    out = []
    folders: dict[str, str] = {}  # a folder's real path, resolved once for all its files
    # Paths are ordered by their parts, as Path orders them (not as their strings: "a/b" comes before
    # "a-b"), and kept in sets as strings: Path's own comparisons and hashes were most of a large folder's time.
    files = ((link, p.parts, p) for p, link in _listed(folder))
    for link, _, file in sorted(files, key=lambda row: row[:2]):  # real files first: they keep their names
        if not link:
            # a file that is no link is where its folder really is: one resolve a folder, not one a file
            # (which asks the system about every folder above it)
            parent = str(file.parent)
            real = os.path.join(folders.get(parent) or folders.setdefault(parent, str(file.parent.resolve())),
                                file.name)
        elif not file.exists() or file.is_dir():
            out.append(file)
            continue
        else:
            real = str(file.resolve())
        if real not in seen:
            seen.add(real)
            out.append(file)
    return sorted(out, key=lambda p: p.parts)


def _listed(folder: Path) -> Iterator[tuple[Path, bool]]:
    """``(path, is a link)`` for the files, links, named pipes, sockets and devices in ``folder`` and the
    folders under it that are no links, as ``folder.rglob("*")`` lists them (a folder under it that cannot be
    listed, one that may not be read or is nested deeper than a path can name, is given itself, for the reader to
    name; a scan of it stopped on "File name too long"; one removed while the corpus is
    listed is left out too, where rglob stopped the scan). The entry types a folder's listing
    gives are asked no further: rglob and the filter asked for two ``stat`` calls a file, which were most of
    the time a folder of 100,000 small files took to list."""
    pending = [folder]
    while pending:
        parent = pending.pop()
        try:
            with os.scandir(parent) as entries:
                listed = list(entries)
        except (FileNotFoundError, NotADirectoryError):
            if parent is folder:
                raise
            continue  # a folder removed (or replaced by a file) since its parent was listed: its files are gone
        except OSError:  # one that may not be read, or nested deeper than a path can name (ENAMETOOLONG)
            if parent is not folder:
                yield parent, False  # named among the skipped by the reader, not left out without a word
            continue
        for entry in listed:
            if entry.is_symlink():
                yield parent / entry.name, True
            elif entry.is_dir(follow_symlinks=False):
                pending.append(parent / entry.name)
            elif entry.is_file(follow_symlinks=False) or _is_special(entry):
                yield parent / entry.name, False


def _is_special(entry: os.DirEntry[str]) -> bool:
    """Whether a listed entry that is neither a file, a folder nor a link is a named pipe, a socket or a
    device: the reader names each among the skipped, not read (a socket or a device in the folder itself was
    left out without a word, where a link to one was named)."""
    try:
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
