"""The ``dedup`` typer app and what every command shares: one-line errors, progress bars, the entry point.

Library errors become one ``Error: ...`` line on stderr and exit code 1; usage errors exit with 2, an
interruption (Ctrl-C) with 130, leaving no report half-written; a termination (SIGTERM: ``kill``,
``timeout``, a service stopping) is handled as an interruption and exits with 143, and a hang-up (SIGHUP: the
terminal or the SSH session closed, unless ``nohup`` ignores it) too, with 129.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
from rich.text import Text

from dedup import __version__
from dedup.cli.helptext import PlainGroup
from dedup.errors import DAMAGED_INDEX, DedupError, SettingsError, damaged_database
from dedup.normalize import shown_bidi
from dedup.report.wiredesk import plural, shown_name, shown_words

log = logging.getLogger(__name__)
HELP = {"help_option_names": ["-h", "--help"]}

app = typer.Typer(
    name="dedup",
    help="Find near-duplicates, syndicated copies and rewrites in news wire copy. Each pair reported is a "
         "duplicate (near-identical), partial (part of one text in the other) or rewrite (a story told again "
         "in other words), with a calibrated confidence that one text was taken from the other. Start with "
         "'dedup scan corpus/'; 'dedup COMMAND -h' for each command.\n\n"
         "Exit status: 0 done (whether or not pairs were found), 1 an error (one 'Error: ...' line on standard "
         "error), 2 a wrong command line (one 'Error: ...' line naming the option and what it takes), 130 interrupted (Ctrl-C), 143 stopped "
         "(SIGTERM), 129 hung up (SIGHUP), 141 the reader of the output stopped reading. With --json, standard "
         "output holds the JSON alone. Every command and option: docs/cli.md.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings=HELP,
    cls=PlainGroup,  # every command's help as a person writes it: PATH, --rows N, [default: 50; at least 1]
)


NO_ALIGN = typer.Option(False, "--no-align", help="Skip sentence alignment (faster; pairs are judged by the "
                         "model fitted on pairs without their alignment, with its own operating point, and reports "
                         "carry no linked sentences).")


def shipped_bars() -> str:
    """The shipped model's operating points as ``--min-confidence``'s help gives them (from the model the
    commands judge with, loaded once: the help follows a retrained model)."""
    from dedup.decision import verdict_model

    try:
        return f"{verdict_model(True).min_confidence:.2f}; {verdict_model(False).min_confidence:.2f} with --no-align"
    except (OSError, ValueError, KeyError, TypeError):  # the command that loads it says what is wrong
        return "see the model file"


#: The largest whole number an option takes (a signed 64-bit integer, what SQLite and numpy store): --rows or
#: --max-bucket of 99999999999999999999 was taken, and --min-words of it skipped every article as too short.
LARGEST = 2**63 - 1


def at_most_largest(value: Optional[int]) -> Optional[int]:
    """An integer option's upper bound, :data:`LARGEST`, checked by the option's callback rather than given
    as its ``max``: typer prints a ``max`` in the help (``[1<=x<=9223372036854775807]``), where a person
    writes "at least 1". Refused as any value out of range is (:mod:`dedup.cli.usage`): "--rows
    99999999999999999999: give a whole number from 1 to 9,223,372,036,854,775,807", exit code 2."""
    if value is not None and value > LARGEST:
        raise typer.BadParameter(f"Input should be less than or equal to {LARGEST}")
    return value


MIN_CONFIDENCE = typer.Option(
    None, "--min-confidence", min=0.0, max=1.0,
    help="Report a pair from this confidence on (the calibrated probability that one text was taken from the "
         f"other). Default: the shipped model's operating point ({shipped_bars()}), chosen on validation pairs "
         "for a precision of 0.98; higher is surer (on Reuters wire copy read by hand, nearly every pair from "
         "0.95 was real reuse).")


def passage_setting(value: Optional[str]) -> Optional[str]:
    """``--passages``' value checked as the command line is read: a name it does not know refused with the
    option's name and the settings it takes (it said "unknown passage setting 'dense'", naming no option)."""
    from dedup.candidates import PASSAGE_SETTINGS
    from dedup.cli.usage import OwnWords

    if value is not None and value not in PASSAGE_SETTINGS:
        raise OwnWords(f"no such setting; give one of {', '.join(PASSAGE_SETTINGS)}")
    return value


PASSAGES = typer.Option(
    None, "--passages", metavar="SETTING", callback=passage_setting,
    help="Passage windows: default (denser in documents of 500 content words or more), thorough (denser in "
         "every document: more candidates, a slower candidate stage), or sparse (as dense in every document as "
         "in a short one; the default before 2026-12-03). See docs/method.md.")


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


#: SQLite's names for a write the system refused: a full disk (SQLITE_FULL), a write past a quota or a
#: file size limit (SQLITE_IOERR_WRITE, "disk I/O error").
_WRITE_REFUSED = frozenset({"SQLITE_FULL", "SQLITE_IOERR_WRITE"})


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
        if getattr(exc, "sqlite_errorname", None) in _WRITE_REFUSED:  # it was "cannot be read (... disk is full)"
            fail(f"{named}cannot be written ({exc}): its disk is full, or the file may grow no more (a quota, a "
                 "file size limit); nothing stored before is lost: free space and run it again")
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


def nothing_read(path: str, skipped: Any) -> None:
    """No article at all is an error, not an empty result: a wrong path (a folder not yet mounted, a feed's
    folder before its first delivery, a typo of a subfolder) must not read as "no copies", and a job that
    scans nothing must not end as one that found nothing. The line says what was looked for and where: an
    empty folder said "no article could be read (nothing there)", which left the user to guess whether the
    folder was empty or its files of a type not read."""
    if len(skipped) == 1 and skipped[0].path in (Path(path).name, "<stdin>:1", "<stdin>"):
        fail(f"{path}: {skipped[0].reason}")
    if skipped:
        fail(f"{path}: no article could be read ({plural(len(skipped), 'input')} skipped, such as {skipped[0].path}: "
             f"{skipped[0].reason})")
    fail(f"{path}: no article could be read: {_nothing_there(path)}")


def _nothing_there(path: str) -> str:
    """What an input that gave no article and skipped nothing held, and what dedup would have read in it."""
    from dedup.formats import SUPPORTED_SUFFIXES

    if path == "-":
        return "standard input held no line (a JSON object a line was expected, its text under \"text\")"
    if not Path(path).is_dir():
        return "the file holds no article"
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


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dedup {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what each stage did (counts, seconds) on stderr."),
    version: Optional[bool] = typer.Option(None, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    # The level is set on the handler, not only the root logger: libraries that set their own loggers'
    # levels (Dask's scheduler logs at INFO) must still not reach stderr unless -v asks for it.
    handler = logging.StreamHandler()
    handler.setLevel(logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler], force=True,
                        format="%(levelname)s %(name)s: %(message)s")


#: What each stage counts (for -v).
_UNITS = {"read": "file", "sign": "article", "verify": "candidate pair", "align": "pair", "index": "article",
          "parts read": "part", "parts signed": "part", "parts paired": "part",
          "parts verified": "part"}


class _Rate(ProgressColumn):
    """Items a second, once there is a rate to show."""

    def render(self, task: Any) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f}/s" if speed else "", style="progress.data.speed")


class progress_bars:
    """A rich progress bar per stage on stderr (count, rate, time left); none when quiet or not on a
    terminal. With -v, each finished stage is also logged with its count."""

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self.bar: Progress | None = None
        self.tasks: dict[str, Any] = {}
        self.logged: set[str] = set()

    def __enter__(self):  # type: ignore[no-untyped-def]
        if self.enabled:
            self.bar = Progress(TextColumn("{task.description:<7}"), BarColumn(), MofNCompleteColumn(), _Rate(),
                                TimeRemainingColumn(), transient=True)
            self.bar.start()
        return self.update

    def update(self, stage: str, done: int, total: int) -> None:
        if self.bar is not None:
            if stage not in self.tasks:
                self.tasks[stage] = self.bar.add_task(stage, total=total)
            self.bar.update(self.tasks[stage], completed=done, total=total)
        if done >= total and stage not in self.logged:
            self.logged.add(stage)
            log.info("%s: %s", stage, plural(total, _UNITS.get(stage, "item")))

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


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


def _on_interrupt(signum: int, frame: Any) -> None:
    """Ctrl-C or SIGTERM: the main process stops with one line; forked workers (alignment) leave quietly
    at once, without a traceback each."""
    if os.getpid() != _MAIN_PID:
        os._exit(128 + signum)
    import threading

    # the worker pools' helper threads may now fail on their vanished workers, and their queues' finalizers
    # on pipes already closed: expected, and not worth a traceback each after the one line the interrupt gets
    threading.excepthook = lambda args: None
    sys.unraisablehook = lambda unraisable: None
    # nor is the garbage of the abandoned pools collected now: their queues' finalizers join helper threads
    # that a killed worker can leave waiting forever; the process ends once its outputs are cleaned up
    gc.disable()
    raise HungUp if signum == _SIGHUP else Terminated if signum == signal.SIGTERM else KeyboardInterrupt


_MAIN_PID = os.getpid()
_SIGHUP = getattr(signal, "SIGHUP", None)  # none on Windows


class _Traced:
    """Standard output, remembering the error a write or flush of it met: a write refused for want of room
    names no file, and one to an output that takes no more (``> /dev/full``, a device or pipe of a full
    disk) was blamed on the temporary folder (:func:`_unnamed_write`)."""

    #: The ``errno`` of the last write to standard output that failed (None: none has).
    refused: int | None = None

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as exc:
            _Traced.refused = exc.errno
            raise

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            _Traced.refused = exc.errno
            raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _Visible(_Traced):
    """A terminal stream on which the bidirectional controls are shown as ``<U+202E>``, not obeyed.
    Only terminals get it: what is piped or written to a file stays byte for byte what dedup wrote."""

    def write(self, text: str) -> int:
        super().write(shown_bidi(text))
        return len(text)


def _visible(stream: Any) -> Any:
    """``stream`` itself, or wrapped in :class:`_Visible` when it is a terminal."""
    try:
        return _Visible(stream) if stream is not None and stream.isatty() else stream
    except (AttributeError, ValueError):  # a closed or stand-in stream
        return stream


def main() -> None:
    """Console-script entry point."""
    global _MAIN_PID, _LEAVE_AT_ONCE
    _MAIN_PID = os.getpid()
    _LEAVE_AT_ONCE = True
    signal.signal(signal.SIGINT, _on_interrupt)
    signal.signal(signal.SIGTERM, _on_interrupt)
    if _SIGHUP is not None and signal.getsignal(_SIGHUP) is not signal.SIG_IGN:  # ``nohup``'s ignoring kept
        signal.signal(_SIGHUP, _on_interrupt)
    for stream in (sys.stdout, sys.stderr):
        _writes_any_text(stream)
    sys.stdout, sys.stderr = _visible(sys.stdout), _visible(sys.stderr)
    if sys.stdout is not None and not isinstance(sys.stdout, _Traced):
        sys.stdout = _Traced(sys.stdout)
    try:
        app()
    except SystemExit as exc:
        # the help or the version to a reader gone (``dedup --help | head -1``): click ends that with status 1,
        # where every command ends so with the status of a pipe closed under it
        if exc.code == 1 and _reader_gone():
            raise SystemExit(141) from None
        raise
    except OSError as exc:  # the help or the version refused by its output (``dedup --help > /dev/full``)
        try:
            fail(f"{exc.strerror or exc}" + _unnamed_write(exc))
        except typer.Exit as done:
            raise SystemExit(done.exit_code) from None


def _writes_any_text(stream: Any) -> None:
    """Make ``stream`` take any character when its encoding is not UTF-8 (``PYTHONIOENCODING=ascii``, a
    Latin-1 locale): a name or a text it could not encode ended the command in a traceback. Output for
    programs (a pipe, a file: the JSON of ``--json -``, ``stream``'s lines) is written in UTF-8, as JSON
    must be; a terminal keeps its encoding and shows what it lacks as escapes (``\\xe9``)."""
    import codecs

    try:
        if codecs.lookup(stream.encoding).name == "utf-8":
            return
        if stream.isatty():
            stream.reconfigure(errors="backslashreplace")
        else:
            stream.reconfigure(encoding="utf-8", errors="strict")
    except (AttributeError, LookupError, TypeError, ValueError, OSError):  # no stream, or not a text file's
        return


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
