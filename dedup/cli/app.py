"""The ``dedup`` typer app, its root options and the entry point; what the commands share lives beside it
(:mod:`dedup.cli.options`, :mod:`dedup.cli.failures`, :mod:`dedup.cli.paths`, :mod:`dedup.cli.progress`,
:mod:`dedup.cli.streams`).

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
import sys
from typing import Any, Optional

import typer

from dedup import __version__
from dedup.cli import failures
from dedup.cli.failures import HungUp, Terminated, _reader_gone, _unnamed_write, fail
from dedup.cli.failures import one_line_errors  # noqa: F401  (a command's wrapper, long imported from here)
from dedup.cli.helptext import PlainGroup
from dedup.cli.streams import _Traced, _visible, _writes_any_text

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


#: The loggers of the engine's libraries (Dask's scheduler and nannies, its dashboard): with --quiet, none of
#: their lines ("Restarting worker", "Removing worker ... lose already computed task(s)") reach stderr
#: (``cli/scan.py``), nor, once a command is interrupted, any (:func:`_on_interrupt`).
_ENGINE_LOGGERS = ("distributed", "bokeh", "tornado")


class _NotFrom(logging.Filter):
    """Drops the records of the named loggers and their children."""

    def __init__(self, names: tuple[str, ...]) -> None:
        super().__init__()
        self.names, self.children = names, tuple(f"{name}." for name in names)

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.name in self.names or record.name.startswith(self.children))


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
    # nor do the Dask engine's loggers say more, in this process: its scheduler, closing after its client, logged
    # each result a worker still sent ("CRITICAL distributed.scheduler: Closed comm <BatchedSend: closed> while
    # trying to write ...", 12 lines with their tracebacks, once in six runs without --quiet)
    stopped = _NotFrom((*_ENGINE_LOGGERS, "asyncio"))
    for handler in logging.getLogger().handlers:
        handler.addFilter(stopped)
    raise HungUp if signum == _SIGHUP else Terminated if signum == signal.SIGTERM else KeyboardInterrupt


_MAIN_PID = os.getpid()
_SIGHUP = getattr(signal, "SIGHUP", None)  # none on Windows


#: The warning filter (``PYTHONWARNINGS``) by which the resource tracker of Python's multiprocessing says nothing of
#: the semaphores its workers left when a command was stopped: after a Dask scan's one "interrupted" line it printed
#: "resource_tracker: There appear to be 12 leaked semaphore objects to clean up at shutdown" and the warning's
#: source line (once in eight runs); it cleans them up all the same.
TRACKER_QUIET = "ignore::UserWarning:multiprocessing.resource_tracker"


def quiet_resource_tracker(environ: Any = None) -> None:
    """Add :data:`TRACKER_QUIET` to the warning filters ``environ`` (``os.environ``) gives the processes started
    from here, the tracker among them, keeping those already given."""
    environ = os.environ if environ is None else environ
    given = environ.get("PYTHONWARNINGS", "")
    if TRACKER_QUIET not in given.split(","):
        environ["PYTHONWARNINGS"] = f"{given},{TRACKER_QUIET}" if given else TRACKER_QUIET


def main() -> None:
    """Console-script entry point."""
    global _MAIN_PID
    _MAIN_PID = os.getpid()
    failures._LEAVE_AT_ONCE = True
    signal.signal(signal.SIGINT, _on_interrupt)
    signal.signal(signal.SIGTERM, _on_interrupt)
    if _SIGHUP is not None and signal.getsignal(_SIGHUP) is not signal.SIG_IGN:  # ``nohup``'s ignoring kept
        signal.signal(_SIGHUP, _on_interrupt)
    quiet_resource_tracker()
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
