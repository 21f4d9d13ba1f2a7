"""What a read may read, and the bytes of a file: the checks a path passes before it is read as articles.

A folder that cannot be listed, a device or a socket behind an article's name, a named pipe in a folder, a
link that leads out of the folder read or nowhere, a file of a type not read, a project file, a hidden
one, a file too large for one article, an empty path, a path that is an article's text: each is named
with its reason, not read (or refused with a one-line error). With :mod:`dedup.reading` and the formats
and parts it uses, one of the only modules that read input: :func:`file_data` reads a file's bytes,
and :func:`would_read` and :func:`dedup_report` the head of a file a report may replace.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import Callable

from dedup.documents import Skipped
from dedup.errors import InputError
from dedup.file_kinds import OTHER_SUFFIXES, compressed_by_name, compressed_reason
from dedup.formats import NOT_ARTICLES, SUPPORTED_SUFFIXES, file_name
from dedup.lines import MAX_LINE_BYTES

__all__ = ["would_read", "dedup_report", "not_there", "LINK_OUT", "DEDUP_REPORT_PAGE", "device_reason",
           "path_exists", "file_data", "source_path", "not_read_reason", "own_mode", "is_pipe", "shown_path",
           "text_hint", "unlisted_reason"]

#: The mark of dedup's own HTML pages (``<meta name="generator" content="dedup">``).
DEDUP_REPORT_PAGE = re.compile(r"""<meta\s+name=["']generator["']\s+content=["']dedup["']""", re.I)
#: The start of dedup's own JSON reports (``dedup scan --json``).
_JSON_REPORT = re.compile(r'\s*\{\s*"schema_version"')


#: Why a link in a scanned folder that leads to a file outside it is not read.
LINK_OUT = "a link to a file outside the folder, not read (give --follow-links to read the files such links lead to)"


class _TooLarge(Exception):
    """A file of more bytes than are read for one article (:func:`_file_bytes`'s ``most``)."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def _file_bytes(file: Path, *, no_link: bool = False, most: int | None = None, head: bool = False) -> bytes:
    """The bytes of ``file`` (``Path.read_bytes``), asked of the system with one ``open``, one ``fstat`` and
    the reads: ``read_bytes`` asked for another ``fstat``, two ``lseek`` and a terminal check besides, which
    were most of what a folder of 100,000 small files cost to read. Raises :class:`OSError` as it does, and
    with ``no_link`` when ``file`` is a link (ELOOP); :class:`_TooLarge` when it holds more than ``most``
    bytes (a pipe or a growing file read up to that many, not to its end). ``head``: its first 64 KB only."""
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(file, flags | (getattr(os, "O_NOFOLLOW", 0) if no_link else 0))
    try:
        if head:
            return os.read(fd, 1 << 16)
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
    if not file.is_file() or not_read_reason(file, file.relative_to(root), root) is not None:
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
    return bool(DEDUP_REPORT_PAGE.search(head) or _JSON_REPORT.match(head))


def own_mode(file: Path) -> int | None:
    """``file``'s own mode (``lstat``: a link's, not its target's), or None when it cannot be had."""
    try:
        return os.lstat(file).st_mode
    except OSError:
        return None


def unlisted_reason(file: Path, own: int | None) -> str | None:
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


def not_read_reason(file: Path, rel: Path, root: Path | None, *, own: int | None = None) -> str | None:
    """Why a corpus does not read ``file`` (at ``rel`` under ``root``) by its name, or None when it does:
    ``""`` for a hidden file or folder in a folder read (left out silently), else the reason the summary lists.
    ``own``: its own mode (:func:`own_mode`), when asked already. A hidden file given by name is read, as a
    README given by name is: ``dedup scan .draft.txt`` said "no article could be read (nothing there)"."""
    if root is not None and any(part.startswith(".") for part in rel.parts):
        return ""
    if (stat.S_ISLNK(own) if own is not None else file.is_symlink()) and file.is_dir():
        return "a link to a folder, not followed: give that folder to read its files"
    suffix = file.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES and (own is None or stat.S_ISLNK(own)) and (broken := not_there(file, "")):
        return broken  # a link that leads nowhere was "unsupported file type (none)": its name said nothing of it
    if suffix not in SUPPORTED_SUFFIXES:
        kind = compressed_by_name(file.name)
        other = f", {compressed_reason(kind)}" if kind else f", {OTHER_SUFFIXES[suffix]}" if suffix in OTHER_SUFFIXES else ""
        return f"unsupported file type {suffix or '(none)'}{other}"
    if root is not None and NOT_ARTICLES.match(file.name):
        return "not an article (project file such as README)"
    return None


def device_reason(file: Path, *, in_folder: bool = False, own: int | None = None) -> str | None:
    """Why ``file`` is not read although its name says an article: it is a device or a socket, not a file
    (``/dev/zero`` behind a link named ``news.txt`` never ends, and was read until memory ran out). A
    named pipe given as the input is read: a feed written into it; one met in a folder (``in_folder``) is
    not: a link to one held the read of the folder until something wrote to it. None when it can be read
    (or the read will say why not). ``own``: its own mode (:func:`own_mode`), when asked already: what it
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


def is_pipe(file: Path) -> bool:
    """Whether ``file`` is a named pipe (or a link to one: the ``/dev/fd/63`` of a shell's ``<(...)``)."""
    try:
        return stat.S_ISFIFO(file.stat().st_mode)
    except OSError:
        return False


def source_path(source: str | Path) -> Path:
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


def path_exists(path: Path, given: str | Path) -> bool:
    """Whether ``path`` exists; :class:`InputError` when the system refuses to look (a name too long for it,
    such as an article's text passed where its path belongs)."""
    try:
        return path.exists()
    except OSError as exc:
        raise InputError(f"{shown_path(given)}: cannot be read ({exc.strerror}); give the path of a file or folder"
                         + text_hint(given)) from None


def shown_path(given: str | Path, *, named: bool = False) -> str:
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


def text_hint(given: str | Path, *, named: bool = False) -> str:
    """" (a text goes in a Document)" when ``given`` reads as an article's text passed where its path
    belongs (long, with line breaks or many spaces; with ``named``, a part of it longer than a file's name
    may be too), else ""."""
    text = str(given)
    if named and max(map(len, text.split("/"))) <= _LONGEST_NAME:
        return ""
    return " (a text goes in a Document)" if len(text) > 80 and ("\n" in text or text.count(" ") >= 5) else ""


def file_data(file: Path, rel: str, *, jsonl: bool = False, no_link: bool = False,
              many: Callable[[bytes], bool] | None = None) -> bytes | Skipped:
    """The bytes of ``file`` (at ``rel``) read as one article's (``jsonl``: as a feed's, of any size), or why it
    is skipped: too large for one article, gone, unreadable, a link that leads nowhere or round in a loop.
    ``no_link``: a link in ``file``'s place is not followed (it was no link when it was listed). ``many``: whether
    a file too large for one article holds many by its first bytes (a JSON list of articles), read whole then."""
    try:
        try:
            return _file_bytes(file, no_link=no_link, most=None if jsonl else MAX_LINE_BYTES)
        except _TooLarge:
            if many is None or not many(_file_bytes(file, no_link=no_link, head=True)):
                raise
            return _file_bytes(file, no_link=no_link)
    except _TooLarge as large:
        # one article's file is read whole before it is cut at MAX_CHARS: a file of gigabytes took several
        # times its size in memory (a 288 MB text file 1.5 GB); a JSONL record is held to the same bound
        return Skipped(rel, f"too large for one article ({large.size:,} bytes; at most "
                            f"{MAX_LINE_BYTES:,} are read): left out; a feed of many articles is read as JSONL")
    except OSError as exc:
        broken = not_there(file, "") if exc.errno in (errno.ENOENT, errno.ELOOP) and os.path.islink(file) else ""
        # a link in the folder that leads nowhere or round in a loop was "cannot be read (No such file or
        # directory)", "(Too many levels of symbolic links)": given alone, it is named as what it is
        reason = ("made a link since the folder was listed, not followed" if no_link and exc.errno == errno.ELOOP
                  and os.path.islink(file) else broken or f"cannot be read ({exc.strerror})")
        return Skipped(rel, reason)


def not_entered(file: Path) -> str | None:
    """Why ``file``, listed in a folder that may be listed but not entered (mode ``r--``: its names are read,
    nothing in it can be opened, nor its mode asked), is not read; None when that is not why its mode could not
    be had. Asking whether it was a link raised PermissionError out of the read: "Error: Permission denied:
    news/a.txt" ended the scan (a Dask task's, "a Dask task failed"), where an unreadable file is one skip."""
    try:
        os.lstat(file)
    except PermissionError as exc:
        return f"cannot be read ({exc.strerror}: its folder's names can be listed, not its files opened)"
    except OSError:
        return None
    return None
