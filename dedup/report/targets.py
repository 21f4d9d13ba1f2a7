"""Where reports go, checked before any work starts: a bad destination costs a second, not a scan."""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from dedup.errors import InputError, on_read_only_mount

__all__ = ["check_file_target", "check_folder_target", "check_own_page", "check_own_file", "check_apart", "creation_mode", "staged_folder", "write_atomic",
           "file_system_type", "unwritable_reason", "KERNEL_FILE_SYSTEMS"]


def check_file_target(path: str | Path, what: str, *, make_folder: bool = False) -> Path:
    """Raise :class:`InputError` unless a file can be written at ``path``, in a folder that exists (or,
    with ``make_folder``, that can be made)."""
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{target}: is a folder; give a file name for the {what}")
    if _write_through(target):  # /dev/stdout, a FIFO: written in place, not beside it in a folder such as /dev
        return target
    _check_folder(target.parent, what)
    if not make_folder and not target.parent.is_dir():
        raise InputError(f"{target.parent}: no such folder for the {what}; create it first")
    return target


#: What an HTML report writes in its folder (``dedup.report.html.write_scan_html``).
REPORT_FILES = ("index.html", "report.css", "report.js", "pairs")


def check_apart(inputs: list[str | Path], outputs: dict[str, str | Path | None]) -> None:
    """Raise :class:`InputError` when two outputs are one path, a file output is one the HTML report
    writes in its folder (``index.html``, its CSS and JS, ``pairs/``), or an output is an input or an article
    inside an input folder (the article would be overwritten by the report on it; an earlier report there
    is replaced). Other files beside a report are left alone."""
    given = {what: Path(os.path.realpath(p)) for what, p in outputs.items() if p is not None}
    names = list(given)
    for k, first in enumerate(names):
        for second in names[k + 1 :]:
            a, b = given[first], given[second]
            if a == b or any(inner.relative_to(outer).parts[:1] in [(f,) for f in REPORT_FILES]
                             for inner, outer in ((a, b), (b, a)) if outer in inner.parents):
                raise InputError(f"{outputs[first]}: the {first} and the {second} would overwrite each other; give two places")
    from dedup.readable import would_read

    for source in inputs:
        real = Path(os.path.realpath(source))
        for what, place in given.items():
            if place == real:
                raise InputError(f"{outputs[what]}: is an input; the {what} would overwrite it")
            written = place / REPORT_FILES[0] if place.is_dir() else place  # a report folder's index.html
            if real in written.parents and would_read(written, real):
                shown = outputs[what] if written == place else Path(str(outputs[what])) / REPORT_FILES[0]
                raise InputError(f"{shown}: is an article of the input {source}; the {what} would overwrite "
                                 "it: give another place")


def write_atomic(path: str | Path, pieces: Iterable[str]) -> Path:
    """Write the text ``pieces`` to ``path`` whole or not at all: through a temporary file beside it and a
    rename, so an existing file is replaced only once the new one is complete, with its permissions (else
    those the umask gives a new file, not the temporary file's private 0600). A symlink's target is
    replaced and the link kept; a device or a pipe (``/dev/stdout``, a FIFO) is a reader, written in place."""
    if _write_through(Path(path)):  # asked of the path as given: /dev/stdout on a pipe resolves to no file
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(pieces)
        return Path(path)
    target = Path(os.path.realpath(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        os.fchmod(fd, creation_mode(target if target.exists() else None))
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(pieces)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(path)


def _write_through(path: Path) -> bool:
    """Whether ``path`` is a device or a pipe: not a file to swap for another."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def check_folder_target(path: str | Path, what: str) -> Path:
    """Raise :class:`InputError` unless ``path`` is, or can be made, a writable folder."""
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise InputError(f"{target}: is a file; give a folder for the {what}")
    _check_folder(target, what)
    for name in REPORT_FILES:  # the scan ran to its end, then failed with "(File exists)", half the report moved in
        _check_place(target / name, name == REPORT_FILES[-1], what)
    return target


def _check_place(place: Path, folder: bool, what: str) -> None:
    """Raise :class:`InputError` when ``place``, where a report writes a file (or with ``folder`` its folder of
    pair pages), holds the other kind: a file cannot be moved onto a folder, nor a folder made over a file."""
    if place.exists() and place.is_dir() != folder:
        held, wanted = ("a file", "its folder of pair pages") if folder else ("a folder", f"its file {place.name}")
        raise InputError(f"{place}: {held}, where the {what} writes {wanted}; move it, or give another folder")


def check_own_page(path: str | Path, what: str) -> None:
    """Raise :class:`InputError` when the folder ``path`` holds an ``index.html`` that is no dedup report: the report
    replaces its own, but a folder of pages (a site's, a user's) lost its page to the report's without a word.
    (Asked after :func:`check_apart`, which names a page that is an article of the input as such.)"""
    from dedup.readable import dedup_report

    page = Path(path) / REPORT_FILES[0]
    if Path(path).is_dir() and (page.exists() or page.is_symlink()) and not dedup_report(page):
        raise InputError(f"{page}: a page that is no dedup report, which the {what} would replace; give another folder "
                         "(or move the page)")


def check_own_file(path: str | Path, what: str) -> None:
    """Raise :class:`InputError` when ``path`` is a file that holds something and is no report dedup wrote: a
    report replaces its own, but ``--json news.db`` replaced an index (every stored article lost) and ``--json``
    onto an article or another program's file replaced it without a word. An empty file (one ``mktemp`` made),
    a device or a pipe is written as before. (Asked after :func:`check_apart`, which names an input as such.)"""
    from dedup.readable import dedup_report

    target = Path(path)
    try:
        held = os.stat(target)
    except OSError:  # not there (or a link that leads nowhere): nothing to lose
        return
    if stat.S_ISREG(held.st_mode) and held.st_size > 0 and not dedup_report(target):
        raise InputError(f"{target}: a file that is no dedup report, which the {what} would replace; give another "
                         "name (or move the file)")


def _check_folder(folder: Path, what: str) -> None:
    """The folder, or its nearest existing ancestor when it is to be made, must be a writable folder."""
    existing = _ancestor(folder)
    if not existing.is_dir():
        raise InputError(f"{existing}: is a file, not a folder, so the {what} cannot be written under it")
    kind = file_system_type(existing)
    if kind in KERNEL_FILE_SYSTEMS:  # "permission denied" (or, as root, the write's "no such file") named no cause
        raise InputError(f"{existing}: {_on_kernel_file_system(kind)}, so the {what} cannot be written there; give a "
                         "place on a disk")
    if not os.access(existing, os.W_OK | os.X_OK):
        if on_read_only_mount(existing):  # it said "permission denied", to root too, where no permission would help
            raise InputError(f"{existing}: is on a read-only file system, so the {what} cannot be written there; give "
                             "a place on a writable disk")
        raise InputError(f"{existing}: permission denied; the {what} cannot be written there")


#: File systems that are views of the kernel's state, not storage: no file can be made in them (making one in
#: ``/proc`` fails with "No such file or directory", which named no cause).
KERNEL_FILE_SYSTEMS = frozenset({"proc", "sysfs", "cgroup", "cgroup2", "debugfs", "tracefs", "securityfs", "configfs",
                                  "pstore", "bpf", "efivarfs", "fusectl", "binfmt_misc"})


def file_system_type(path: str | Path) -> str | None:
    """The type of the file system ``path`` lies on (``ext4``, ``tmpfs``, ``proc`` ...), as the system's table of
    mounts names it (the mount point that holds ``path`` most closely); None where there is no such table."""
    real = os.path.realpath(path)
    found: tuple[int, str] | None = None
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as mounts:
            for line in mounts:
                fields = line.split()
                if len(fields) < 3:
                    continue
                point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[1])  # "\040": a space
                inside = real == point or real.startswith(point.rstrip("/") + "/")
                if inside and (found is None or len(point) >= found[0]):
                    found = (len(point), fields[2])
    except OSError:
        return None
    return found[1] if found is not None else None


def _on_kernel_file_system(kind: str) -> str:
    return f"is on the kernel's {kind} file system, where no file can be made"


def unwritable_reason(place: str | Path, exc: OSError) -> str:
    """Why no file could be made in the existing folder ``place`` (``exc``, the error of the attempt), as a
    message names it: the kernel's file system it is on (``/proc``: "No such file or directory" named no
    cause), else the system's reason."""
    kind = file_system_type(place)
    if kind in KERNEL_FILE_SYSTEMS:
        return f"it {_on_kernel_file_system(kind)}"
    return exc.strerror or str(exc)


def _ancestor(folder: Path) -> Path:
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    return existing


def creation_mode(replacing: Path | None = None) -> int:
    """The permissions a new file gets from the user's umask, or those of the file being replaced."""
    if replacing is not None:
        try:
            return replacing.stat().st_mode & 0o7777
        except OSError:
            pass
    mask = os.umask(0)  # the only portable way to read the umask is to set it (and put it back at once)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def staged_folder(target: str | Path, what: str = "HTML report") -> Iterator[Path]:
    """A temporary folder beside ``target`` to write a report into; its files are moved into ``target``
    only when the block ends without error (an interrupted run leaves no half report, and files of
    earlier runs that this one does not write are left alone)."""
    final = Path(target)
    final.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{final.name}.", dir=final.parent))
    try:
        yield stage
        files = sorted(p for p in stage.rglob("*") if p.is_file())
        if final.exists() and not final.is_dir():  # made a file meanwhile (the scan takes minutes)
            raise InputError(f"{final}: is a file; give a folder for the {what}")
        final.mkdir(exist_ok=True)
        with _folder_lock(final):  # two runs writing one folder take turns: it holds one run's report whole
            _move_in(stage, files, final, what)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _move_in(stage: Path, files: list[Path], final: Path, what: str) -> None:
    """Move ``files`` (in ``stage``) to their places in ``final``, every place checked before any file moves."""
    for file in files:  # a report is moved in whole, or not at all
        relative = file.relative_to(stage)
        for folder in reversed(relative.parents[:-1]):
            _check_place(final / folder, True, what)
        _check_place(final / relative, False, what)
    for file in files:
        place = final / file.relative_to(stage)
        place.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(file, place)
        except OSError as exc:  # the report folder (or a folder in it) links to another file system
            if exc.errno != errno.EXDEV:
                raise
            shutil.move(file, place)


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on ``folder`` itself (``flock`` on the folder, no file left in it) while a report's files
    move in: a second run writing the same folder waits its turn (the moves take milliseconds), so the folder
    never holds one run's index beside another's pages. Where the system has no such lock (Windows, a network
    file system refusing it) the files move without one, as before."""
    try:
        import fcntl
    except ImportError:  # not on this system
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # a folder that cannot be opened for reading is written without the lock
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:  # a file system that does not lock: moved without it
            pass
        yield
    finally:
        os.close(fd)  # the lock goes with it
