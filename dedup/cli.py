"""The ``dedup`` command: parses arguments, calls the library, prints. Nothing else.

Library errors become one ``Error: ...`` line on stderr and exit code 1; usage errors exit with 2.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from dedup import __version__
from dedup.errors import DedupError

app = typer.Typer(
    name="dedup",
    help="Find near-duplicates, syndicated copies and rewrites in news wire copy.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dedup {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what each stage does (stderr)."),
    version: Optional[bool] = typer.Option(None, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@app.command()
def scan(
    path: str = typer.Argument(..., help="Folder (searched recursively), file (.txt .md .html .json .jsonl), or - for JSONL on stdin."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write the full result as JSON to this file."),
    min_words: int = typer.Option(20, "--min-words", min=1, help="Skip articles shorter than this many words."),
    seed: int = typer.Option(1, "--seed", help="Seed of the MinHash permutations (same seed, same result)."),
    max_bucket: int = typer.Option(50, "--max-bucket", min=2, help="LSH buckets with more articles than this are boilerplate and ignored."),
    duplicate: float = typer.Option(0.5, "--duplicate", min=0.0, max=1.0, help="Word 5-gram Jaccard from which a pair is a duplicate."),
    partial: float = typer.Option(0.5, "--partial", min=0.0, max=1.0, help="Share of one text's 5-grams in the other from which a pair is partial reuse."),
    no_align: bool = typer.Option(False, "--no-align", help="Skip sentence alignment (faster; rewrites cannot be confirmed and are not reported)."),
    rows: int = typer.Option(50, "--rows", min=1, help="Rows to show per table."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors (use with --json)."),
    engine: str = typer.Option("local", "--engine", help="Where to run: local (this process) or dask (a Dask cluster; pip install 'dedup[dask]')."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="With --engine dask: address of a running scheduler (tcp://host:8786)."),
    workers: int = typer.Option(2, "--workers", min=1, help="With --engine dask and no --scheduler: worker processes to start here."),
) -> None:
    """Scan a corpus: which articles are copies, partial reuse or rewrites of which."""
    from dedup.documents import read_corpus
    from dedup.pipeline import scan as run_scan
    from dedup.report import write_json
    from dedup.report.terminal import console, render_scan
    from dedup.verify import Thresholds

    try:
        if path != "-" and not Path(path).exists():
            _fail(f"{path}: no such file or folder")
        options = dict(seed=seed, max_bucket=max_bucket, align=not no_align,
                       thresholds=Thresholds(duplicate=duplicate, partial=partial))
        if engine != "local":
            from dedup.engines import scan_with

            result = scan_with(engine, path, min_words=min_words, scheduler=scheduler, workers=workers, **options)
        else:
            corpus = read_corpus(path, min_words=min_words)
            with _progress(quiet) as report:
                result = run_scan(corpus, progress=report, **options)
        if json_out is not None:
            write_json(result.to_dict(), json_out)
        if not quiet:
            console().print(render_scan(result, max_rows=rows))
            if json_out is not None:
                console().print(f"Full result written to {json_out}")
    except DedupError as exc:
        _fail(str(exc))


class _progress:
    """A rich progress bar on stderr for long runs; silent when quiet or not on a terminal."""

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self.bar: Progress | None = None
        self.tasks: dict[str, int] = {}

    def __enter__(self):  # type: ignore[no-untyped-def]
        if not self.enabled:
            return None
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            transient=True, console=None)
        self.bar.start()
        return self.update

    def update(self, stage: str, done: int, total: int) -> None:
        assert self.bar is not None
        if stage not in self.tasks:
            self.tasks[stage] = self.bar.add_task(stage, total=total)
        self.bar.update(self.tasks[stage], completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def main() -> None:
    """Console-script entry point."""
    app()
