"""The ``dedup`` command: parses arguments, calls the library, prints. Nothing else.

:mod:`dedup.cli.app` holds the typer app and the entry point; :mod:`dedup.cli.options` the options commands
share, :mod:`dedup.cli.failures` the one-line errors and exit codes, :mod:`dedup.cli.paths` the checks of
inputs and outputs before any work, :mod:`dedup.cli.progress` the progress bars, :mod:`dedup.cli.streams` standard
output and error as written; :mod:`dedup.cli.scan` the scan and compare commands; :mod:`dedup.cli.ingest` the
persistent index's check, stream and serve, :mod:`dedup.cli.indexcmds` its ``index`` commands and
:mod:`dedup.cli.indexfile` the index a command names.
"""

# Importing the command modules registers their commands on the app, scan's first (the order of --help).
from dedup.cli import scan  # noqa: F401
from dedup.cli import ingest  # noqa: F401  # isort: skip
from dedup.cli import indexcmds  # noqa: F401  # isort: skip
from dedup.cli.app import app, main

__all__ = ["app", "main"]
