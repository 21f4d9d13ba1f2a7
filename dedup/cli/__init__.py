"""The ``dedup`` command: parses arguments, calls the library, prints. Nothing else.

:mod:`dedup.cli.app` holds the typer app, one-line errors, progress bars and the entry point;
:mod:`dedup.cli.scan` the scan and compare commands; :mod:`dedup.cli.ingest` the persistent index's.
"""

# Importing the command modules registers their commands on the app, scan's first (the order of --help).
from dedup.cli import scan  # noqa: F401
from dedup.cli import ingest  # noqa: F401  # isort: skip
from dedup.cli.app import app, main

__all__ = ["app", "main"]
