"""How a command ends when it cannot go on: one ``Error: ...`` line on stderr and its exit code.

Library errors and what the system refused (a full disk) exit with 1, a setting refused with 2, an
interruption with 130 (Ctrl-C), 143 (SIGTERM) or 129 (SIGHUP), a reader of the output gone with 141; the
line names what failed (the index file, the output, a temporary file's folder) and what to do.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import typer

from dedup.cli.streams import _Traced
from dedup.errors import DAMAGED_INDEX, WRITE_REFUSED, DedupError, SettingsError, damaged_database, write_refused
from dedup.normalize import shown_bidi
from dedup.report.wiredesk import shown_words


#: Control characters as an error line writes them (``\n``, ``\x1b``): a path given with a line break in it
#: made two lines of the one, and one with an escape sequence had the terminal obey it.
_SHOWN_CONTROLS = {code: repr(chr(code))[1:-1] for code in (*range(0x20), *range(0x7F, 0xA0))}
#: A byte of a path given that is not UTF-8 (Python's "surrogateescape") as the reader names it in an id
#: (``\xe9``; it was written ``\udce9``), and any other lone surrogate as Python writes it.
_SHOWN_CONTROLS |= {code: f"\\x{code - 0xDC00:02x}" if code >= 0xDC80 and code < 0xDD00 else f"\\u{code:04x}"
                    for code in range(0xD800, 0xE000)}


def fail(message: str, code: int = 1) -> None:
    # a long name in it (a 100,000-character id) cut in the middle, as the terminal's tables show it
    try:
        typer.echo(f"Error: {shown_bidi(shown_words(message.translate(_SHOWN_CONTROLS)))}", err=True)
    except OSError:  # standard error gone with the terminal that hung up: the status still says it
        pass
    if code in _INTERRUPTED and _LEAVE_AT_ONCE:
        _leave(code)
    raise typer.Exit(code)


#: The exit codes of an interrupt: Ctrl-C (130), SIGTERM (143) and SIGHUP (129).
_INTERRUPTED = (130, 143, 129)
#: Whether an interrupted command ends its process at once after its one line (:func:`_leave`): the console
#: script's :func:`main` sets it; a command run inside another program (a test's runner) raises as any error.
_LEAVE_AT_ONCE = False


@contextmanager
def usage_errors() -> Iterator[None]:
    """A setting dedup checks itself (a passage setting's name, a memory size) refused as typer refuses a
    number out of range: one ``Error:`` line and exit code 2, before any work (it was an input error, 1)."""
    try:
        yield
    except SettingsError as exc:
        fail(str(exc), 2)


@contextmanager
def written(target: Path, what: str) -> Iterator[None]:
    """A report's write that the system refused (a full disk, its folder removed meanwhile) as one line
    naming ``target`` (it named the temporary file written beside it, or nothing)."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        fail(f"{target}: the {what} could not be written ({exc.strerror or exc})")


@contextmanager
def one_line_errors(interrupted: str = "interrupted", *, index: str | None = None) -> Iterator[None]:
    """Library errors, and what the system refused (a full disk), as one ``Error:`` line (exit 1); Ctrl-C
    as one line too (exit 130). SQLite's errors name the index file: ``index``, or by default the
    ``LOCATION`` the running command was given (every index command takes one)."""
    try:
        yield
    except DedupError as exc:
        said = str(exc)
        # a store's own line of a write refused (stream's, on a full disk) names the index, as SQLite's below do
        fail(_index_named(index) + said.removeprefix(_THE_INDEX_FILE) if said.startswith(_UNWRITTEN) else said)
    except sqlite3.DatabaseError as exc:  # met after the index was opened: a damaged or read-only file
        if damaged_database(exc):  # as opening a damaged index says
            fail(DAMAGED_INDEX)
        named = _index_named(index)
        if write_refused(exc):  # in the words of the index's own StorageError for it, the file named before them
            fail(named + WRITE_REFUSED.format(exc).removeprefix(_THE_INDEX_FILE))
        fail(f"{named}cannot be {'written' if 'readonly' in str(exc) else 'read'} ({exc})")
    except KeyboardInterrupt as exc:
        fail(interrupted, exc.code if isinstance(exc, Terminated) else 130)
    except BrokenPipeError as exc:
        if not _reader_gone():  # another pipe than the output (a worker's, say): an error like any
            fail(f"{exc.strerror or exc}")
        # the reader of the output stopped reading (``| head``): stop quietly, as a filter does (the
        # shell's status for a pipe closed under it); what was stored or written stays
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(141) from None
    except OSError as exc:  # what the system refused: a temporary file or a report on a full disk, say
        fail(f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else _unnamed_write(exc)))


_THE_INDEX_FILE = "the index file "
_UNWRITTEN = _THE_INDEX_FILE + "cannot be written"


def _index_named(index: str | None) -> str:
    """The opening of a message about the index file: ``news.db: the index file `` (the disk of a full
    one is the one to free: "the index file cannot be written" named none, and an ingest job may write
    several), or ``the index file `` when no index is known."""
    if index is None:
        import importlib

        # the click typer runs on: click itself, or the copy recent typers carry (typer._click)
        clicks = importlib.import_module(typer.Context.__mro__[1].__module__.rpartition(".")[0] + ".globals")
        context = clicks.get_current_context(silent=True)
        given = context.params.get("location") if context is not None else None
        index = given if isinstance(given, str) else None
    if index is None:
        return "the index file "
    from dedup.index.store import shown_location

    return f"{shown_location(index)}: the index file "


def _unnamed_write(exc: OSError) -> str:
    """Where a write the system refused without naming a file went: a scan's temporary files (band keys,
    texts and evidence past a share of ``--memory``) are unnamed, and "Error: No space left on device" left
    the user to guess which disk, when the output's had room and the temporary folder (often a small
    in-memory file system) had none."""
    import errno
    import tempfile

    if exc.errno not in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return _kernel_output()
    full = _full_output()
    if full is not None:  # `> out.json` on a full disk was blamed on the temporary folder, which had room
        return f" (writing standard output, {full}: its disk is full; give a file on a disk with room)"
    if _Traced.refused == exc.errno:  # `> /dev/full`: standard output itself took no more
        return " (writing standard output, which takes no more: give the command an output with room)"
    return (f" (writing a temporary file in {tempfile.gettempdir()}, or the output: temporary files go in the "
            "folder TMPDIR names; give it one with more room)")


def _full_output() -> str | None:
    """Standard output's file when it is a file on a disk with no room left (``dedup scan x --json - > out.json``
    on a full disk); None otherwise (a terminal, a pipe, a disk with room)."""
    import stat

    try:
        if not stat.S_ISREG(os.fstat(1).st_mode) or os.fstatvfs(1).f_bavail > 0:
            return None
        return os.readlink("/proc/self/fd/1")
    except (OSError, ValueError):
        return None


def _kernel_output() -> str:
    """Where a write the system refused went when standard output is a file of the kernel's file system
    (``dedup compare a b > /proc/version``: "Error: Input/output error" named neither the output nor why); ""
    otherwise."""
    from dedup.report.targets import KERNEL_FILE_SYSTEMS, file_system_type

    try:
        path = os.readlink("/proc/self/fd/1")
    except (OSError, ValueError):
        return ""
    kind = file_system_type(path) if path.startswith("/") else None
    if kind not in KERNEL_FILE_SYSTEMS:
        return ""
    return f" (writing standard output, {path}, a file of the kernel's {kind} file system: give a file on a disk)"


def _reader_gone() -> bool:
    """Whether standard output is a pipe whose reader has closed it (``poll`` says so with POLLERR)."""
    import select

    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _, events in poller.poll(0))
    except (AttributeError, OSError, ValueError):  # no poll here, or no real stdout (a test's capture)
        return False



class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C raises KeyboardInterrupt: the same cleaning up (worker processes
    stopped, no report half written, the batch in progress rolled back), then exit 143. Left to the
    default action, the signal ended the main process at once and left its forked workers waiting
    forever to hand back their results."""

    code = 143


class HungUp(Terminated):
    """SIGHUP (the terminal or SSH session closed): stopped as SIGTERM stops a command, with exit 129. Left
    to the default action, it ended the main process at once, as SIGTERM did, leaving its forked workers
    waiting forever and a report's temporary files behind."""

    code = 129



def _leave(code: int) -> None:
    """End an interrupted command at once, its one line written: what it stored is committed or rolled back
    and its outputs removed by then (the one line is written last, by :func:`one_line_errors` around the
    whole command). What is left would only wait: letting go of the abandoned worker pools' objects and
    the interpreter's exit, which joins their helper threads, and a killed worker can leave those waiting
    forever (a scan stopped by SIGTERM hung there after its one line, twice in clean-clone CI runs)."""
    _stop_workers()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more to say on it
            pass
    os._exit(code)


def _stop_workers() -> None:
    """Kill the worker processes this command started that are still alive. A pool is stopped where the
    interrupt meets its loop (:func:`dedup.parallel._abandon`); met elsewhere, while the command handled a
    result, the pool's loop stays suspended, held by the interrupt's traceback, and its workers waited
    forever for their next task, holding the command's output pipes open: whoever read them (a shell's
    pipe, a service manager, a test) waited too, long after the one line (a scan stopped by SIGTERM, once
    in a clean-clone CI run)."""
    import multiprocessing

    try:
        workers = multiprocessing.active_children()
    except (OSError, ValueError):  # a child already reaped elsewhere: nothing left to ask about
        return
    for worker in workers:
        try:
            worker.kill()
        except (OSError, ValueError):  # it ended meanwhile
            pass
    for pid in _forked_children():  # a worker forked as the interrupt met its pool: not yet among those known
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:  # it ended meanwhile
            pass


def _forked_children() -> list[int]:
    """This process's children that are forks of it (its own command line: a pool's workers), read from
    ``/proc`` (Linux; none elsewhere). An interrupt that meets a pool while it forks its workers is raised
    between a worker's fork and its pool's record of it: that worker is in no list :func:`_stop_workers`
    reads, and waited for ever for its first task, holding the command's output pipes open. Children that
    are not forks of it (the semaphores' resource tracker, a Dask cluster's processes) are left to end of
    themselves."""
    try:
        own = Path("/proc/self/cmdline").read_bytes()
        pids = {int(pid) for task in Path("/proc/self/task").iterdir()
                for pid in (task / "children").read_text().split()}
    except (OSError, ValueError):  # no /proc here, or no children file
        return []
    forked = []
    for pid in sorted(pids):
        try:
            if Path(f"/proc/{pid}/cmdline").read_bytes() == own:
                forked.append(pid)
        except OSError:  # it ended meanwhile
            pass
    return forked
