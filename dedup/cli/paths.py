"""Where a command reads and writes, checked before any work: an output path given, a destination the
system will write in, standard output open or named, standard input from a terminal, and an input that
gave no article at all."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Optional

import typer

from dedup.cli.failures import fail
from dedup.report.wiredesk import plural
from dedup.skips import skipped_count


def given_path(value: Optional[str], option: str, *, file: bool = False) -> Optional[Path]:
    """An output path option as a ``Path``; an empty one (an unset shell variable, ``--html "$OUT"``) is a
    usage error: ``Path("")`` is the current folder, and the HTML report was written into it. So is a
    ``file`` output named with a slash at its end (``--json out/``): ``Path`` drops the slash, and a file
    ``out`` was written where a folder was meant."""
    if value is None:
        return None
    if not value.strip():
        fail(f"{option} {value!r}: an empty path; give a file or folder name", 2)
    if file and value.endswith(("/", os.sep)) and value != "-":
        fail(f"{option} {value}: ends in '/', so it names a folder; give a file name", 2)
    return Path(value)


def writable(target: Path, what: str, *, folder: bool = False) -> None:
    """Before any work: fail in one line, naming ``target``, unless a file can be made where the ``what``
    (a file, or with ``folder`` a folder of files) is to be written. A file is made and removed there,
    as the report itself will be (a temporary file beside it, then a rename): the permission bits do not
    tell what only the system knows (a read-only file system, a folder such as /proc, root's writes), and
    the scan ran to its end before the write failed, naming the temporary file. A device or a pipe is
    written in place and is not probed."""
    import stat
    import tempfile

    real = Path(os.path.realpath(target))
    try:  # asked of the path as given: /dev/stdout on a pipe resolves to no file ("/proc/N/fd/pipe:[...]")
        mode = os.stat(target).st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        return
    # a report folder is staged beside the folder as given, then its files moved into it
    places = [Path(target).parent, real] if folder and mode is not None else [Path(target).parent if folder else real.parent]
    for place in places:
        while not place.exists() and place != place.parent:  # a folder still to be made: its nearest ancestor
            place = place.parent
        if not place.is_dir():
            return  # a file where a folder belongs: the checks of dedup.report.targets say so
        try:
            handle, probe = tempfile.mkstemp(prefix=f".{real.name}.", dir=place)
        except OSError as exc:
            from dedup.report.targets import unwritable_reason

            fail(f"{target}: the {what} cannot be written in {place} ({unwritable_reason(place, exc)})")
        os.close(handle)
        os.unlink(probe)


def is_stdout(target: Optional[Path]) -> bool:
    """Whether ``target`` is ``-`` or names standard output itself (``/dev/stdout``, ``/dev/fd/1``): written
    there as ``-`` is, the summary on standard error. Given as a file, its summary went into the JSON on a
    pipe, and on a pipe it was refused ("cannot be written in /proc/N/fd")."""
    if target is None:
        return False
    if str(target) == "-":
        return True
    try:
        given, out = os.stat(target), os.fstat(1)
    except (OSError, ValueError):
        return False
    return (given.st_dev, given.st_ino) == (out.st_dev, out.st_ino)


def stdout_open(what: str) -> None:
    """Before any work: fail in one line when standard output is closed (the command was started with
    ``>&-``) and ``what`` is written there: it failed with a traceback after the work was done (a stream's
    article added, its result line lost)."""
    if sys.stdout is None:  # Python sets it to None when descriptor 1 is closed
        fail(f"standard output is closed, so {what} cannot be written there: give the command an output "
             "(a file, a pipe, or /dev/null to drop it)")


def stdin_from_terminal(path: str) -> None:
    """Say that standard input is read when it is a terminal (``dedup scan -`` typed by mistake, or to paste
    articles): the command waited without a word for an end of input that no one knew to give."""
    try:
        interactive = path == "-" and sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):  # a closed or stand-in stream
        interactive = False
    if interactive:
        typer.echo("reading JSONL articles from standard input (this terminal): one JSON object a line, "
                   "then Ctrl-D to end it (Ctrl-C to stop)", err=True)



def nothing_read(path: str, skipped: Any) -> None:
    """No article at all is an error, not an empty result: a wrong path (a folder not yet mounted, a feed's
    folder before its first delivery, a typo of a subfolder) must not read as "no copies", and a job that
    scans nothing must not end as one that found nothing. The line says what was looked for and where: an
    empty folder said "no article could be read (nothing there)", which left the user to guess whether the
    folder was empty or its files of a type not read."""
    if skipped_count(skipped) == 1 and skipped[0].path in (Path(path).name, "<stdin>:1", "<stdin>"):
        fail(f"{path}: {skipped[0].reason}")
    if skipped:
        fail(f"{path}: no article could be read ({plural(skipped_count(skipped), 'input')} skipped, such as {skipped[0].path}: "
             f"{skipped[0].reason})")
    fail(f"{path}: no article could be read: {nothing_there(path)}")


def nothing_there(path: str) -> str:
    """What an input that gave no article and skipped nothing held, and what dedup would have read in it."""
    from dedup.formats import SUPPORTED_SUFFIXES

    if path == "-":
        return "standard input held no line (a JSON object a line was expected, its text under \"text\")"
    if not Path(path).is_dir():
        return "the file holds no article"
    try:
        os.scandir(path).close()
    except OSError as exc:  # it said "the folder and its subfolders hold no file"
        return f"the folder cannot be listed ({exc.strerror}): none of its files can be read"
    read = f"read: {' '.join(sorted(SUPPORTED_SUFFIXES))}"
    hidden = _hidden(Path(path))
    if not hidden:
        return f"the folder and its subfolders hold no file ({read}; hidden files, named .*, are left out)"
    count = f"{len(hidden)}{' or more' if len(hidden) >= _HIDDEN_COUNTED else ''}"
    return (f"the folder and its subfolders hold only hidden files or folders ({count}, such as {min(hidden)}), which "
            f"are left out; give a hidden file by name to read it ({read})")


#: How many hidden names :func:`_hidden` counts before it stops (a folder of a million dot files).
_HIDDEN_COUNTED = 1000


def _hidden(folder: Path) -> list[str]:
    """The hidden files and folders in ``folder`` and its subfolders that are not hidden themselves, as paths
    under it (at most :data:`_HIDDEN_COUNTED`); a folder that cannot be listed counts for nothing."""
    found: list[str] = []
    for place, folders, files in os.walk(folder):
        under = Path(place).relative_to(folder)
        found += [(under / name).as_posix() for name in (*folders, *files) if name.startswith(".")]
        folders[:] = [name for name in folders if not name.startswith(".")]
        if len(found) >= _HIDDEN_COUNTED:
            break
    return found[:_HIDDEN_COUNTED]
