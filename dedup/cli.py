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


_NO_ALIGN = typer.Option(False, "--no-align", help="Skip sentence alignment (faster; heavy rewrites are then "
                         "not confirmed and show only as their reworded passages, partial, if at all).")


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
    if not verbose:
        logging.getLogger("distributed").setLevel(logging.WARNING)  # Dask's own INFO chatter


@app.command()
def scan(
    path: str = typer.Argument(..., help="Folder (searched recursively), file (.txt .md .html .json .jsonl), or - for JSONL on stdin."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write the full result as JSON to this file."),
    html_out: Optional[Path] = typer.Option(None, "--html", help="Write an HTML report into this folder: index.html and one side-by-side page per pair."),
    min_words: int = typer.Option(20, "--min-words", min=1, help="Skip articles shorter than this many words."),
    seed: int = typer.Option(1, "--seed", help="Seed of the MinHash permutations (same seed, same result)."),
    max_bucket: int = typer.Option(50, "--max-bucket", min=2, help="LSH buckets with more articles than this are boilerplate and ignored."),
    duplicate: float = typer.Option(0.5, "--duplicate", min=0.0, max=1.0, help="Word 5-gram Jaccard from which a pair is a duplicate."),
    partial: float = typer.Option(0.5, "--partial", min=0.0, max=1.0, help="Share of one text's 5-grams in the other from which a pair is partial reuse."),
    no_align: bool = _NO_ALIGN,
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
    from dedup.report.html import write_scan_html
    from dedup.report.terminal import console, render_scan
    from dedup.decision import Thresholds

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
        data = result.to_dict() if json_out is not None or html_out is not None else {}
        if json_out is not None:
            write_json(data, json_out)
        index = write_scan_html(data, html_out) if html_out is not None else None
        if not quiet:
            console().print(render_scan(result, max_rows=rows))
            if json_out is not None:
                console().print(f"Full result written to {json_out}")
            if index is not None:
                console().print(f"HTML report written to {index}")
    except DedupError as exc:
        _fail(str(exc))


@app.command()
def compare(
    a: str = typer.Argument(..., help="First article file (.txt .md .html .json, or a one-line .jsonl)."),
    b: str = typer.Argument(..., help="Second article file."),
    json_out: bool = typer.Option(False, "--json", help="Print the comparison as JSON (a scan pair: verdict, scores, passages, alignment)."),
    html_out: Optional[Path] = typer.Option(None, "--html", help="Also write a side-by-side HTML page to this file."),
) -> None:
    """Align two articles sentence by sentence: what the later one took from the earlier one, and how."""
    from dedup.desk import compare_desk
    from dedup.pipeline import compare as run_compare
    from dedup.report.jsonout import dumps
    from dedup.report.terminal import console, render_alignment
    from dedup.report.wiredesk import render_compare_desk

    try:
        compared = run_compare(a, b)
        alignment = compared.alignment
        desk = compare_desk(alignment).to_dict()  # credit and changed facts (dedup.desk)
        if html_out is not None:
            from dedup.report.html import write_pair_html

            if html_out.is_dir():
                _fail(f"{html_out}: is a folder; give a file name for the HTML page")
            write_pair_html(alignment.to_dict() | desk, None, html_out)
        if json_out:
            typer.echo(dumps(compared.to_dict() | desk))
        else:
            console().print(f"[bold]pair verdict[/bold] (a scan of the two): {compared.verdict or 'not reported'}")
            console().print(render_alignment(alignment))
            console().print(render_compare_desk(desk["credit"], desk["facts"]))
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

# --------------------------------------------------------------------------------------------------
# Ingest: a persistent index (dedup index add/stats/remove/prune, check, stream, serve)
# --------------------------------------------------------------------------------------------------

index_app = typer.Typer(help="A persistent index (SQLite file or redis:// URL) that flags copies as articles arrive.",
                        no_args_is_help=True)
app.add_typer(index_app, name="index")
_WHERE = typer.Argument(..., help="Index: a SQLite file (created if missing) or redis://host:port/db.")


@index_app.command("add")
def index_add(
    location: str = _WHERE,
    path: str = typer.Argument(..., help="Folder, file, or - for JSONL on stdin."),
    min_words: int = typer.Option(20, "--min-words", min=1, help="Skip articles shorter than this many words."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
    no_align: bool = _NO_ALIGN,
) -> None:
    """Add a corpus to the index (articles already indexed are left as they are)."""
    from dedup.documents import read_corpus
    from dedup.index import Index

    try:
        corpus = read_corpus(path, min_words=min_words)
        # A new index freezes the corpus's common words, as a scan of this corpus would derive them.
        texts = [d.text for d in corpus.documents]
        with Index.open(location, common_from=texts, align=not no_align) as index, _progress(quiet) as report:
            before, matched, refused = index.stats()["articles"], 0, []
            for done, (doc, result) in enumerate(index.add_many(corpus.documents), start=1):
                if isinstance(result, DedupError):
                    refused.append(f"{doc.id}: {result}")
                else:
                    matched += bool(result)
                if report:
                    report("index", done, len(corpus.documents))
            added = index.stats()["articles"] - before
        for line in refused:
            typer.echo(f"skipped {line}", err=True)
        if not quiet:
            typer.echo(f"{added} articles added, {len(corpus.documents) - added - len(refused)} already indexed, "
                       f"{matched} matched earlier articles, {len(corpus.skipped)} inputs skipped")
    except DedupError as exc:
        _fail(str(exc))


@index_app.command("stats")
def index_stats(location: str = _WHERE) -> None:
    """Counts, size and settings of an index (JSON)."""
    import json

    from dedup.index import Index

    try:
        with Index.open(location) as index:
            typer.echo(json.dumps(index.stats(), indent=2))
    except DedupError as exc:
        _fail(str(exc))


@index_app.command("remove")
def index_remove(location: str = _WHERE, article_id: str = typer.Argument(..., metavar="ID")) -> None:
    """Remove one article (and its recorded matches)."""
    from dedup.index import Index

    try:
        with Index.open(location) as index:
            if not index.remove(article_id):
                _fail(f"no article {article_id!r} in {location}")
        typer.echo(f"removed {article_id}")
    except DedupError as exc:
        _fail(str(exc))


@index_app.command("prune")
def index_prune(
    location: str = _WHERE,
    older_than: str = typer.Option(..., "--older-than", help="Age (30m, 12h, 7d, 2w) or ISO date; by published date, else by date added."),
) -> None:
    """Remove articles older than an age or a date."""
    from dedup.index import Index
    from dedup.index.stream import parse_age

    try:
        with Index.open(location) as index:
            typer.echo(f"removed {index.prune(parse_age(older_than))} articles")
    except DedupError as exc:
        _fail(str(exc))


@app.command()
def check(
    location: str = _WHERE,
    article: Path = typer.Argument(..., help="The article (.txt .md .html .json)."),
    json_out: bool = typer.Option(False, "--json", help="Print the matches as JSON."),
    no_align: bool = _NO_ALIGN,
) -> None:
    """Which indexed articles does this article copy, partly reuse or rewrite? (changes nothing)"""
    import json

    from dedup.documents import read_corpus
    from dedup.index import Index

    try:
        corpus = read_corpus(article)
        if not corpus.documents:
            _fail(f"{article}: " + (corpus.skipped[0].reason if corpus.skipped else "no article"))
        with Index.open(location, align=not no_align) as index:
            matches = index.check(corpus.documents[0])
        if json_out:
            typer.echo(json.dumps({"id": corpus.documents[0].id, "matches": [m.to_dict() for m in matches]}, indent=2))
            return
        for m in matches:
            typer.echo(f"{m.id}\t{m.verdict}\tjaccard={m.evidence.jaccard:.3f}\tcontained={m.evidence.a_in_b:.3f}"
                       f"\tcontent={m.evidence.content_jaccard:.3f}\t{m.outlet or ''}\t{m.title or ''}")
        if not matches:
            typer.echo("no matches")
    except DedupError as exc:
        _fail(str(exc))


@app.command()
def stream(
    location: str = _WHERE,
    check_only: bool = typer.Option(False, "--check-only", help="Only check; add nothing."),
    no_align: bool = _NO_ALIGN,
) -> None:
    """JSONL articles on stdin -> one JSONL result per article on stdout (bad lines give an error object)."""
    from dedup.index import Index
    from dedup.index.stream import stream_results

    try:
        with Index.open(location, align=not no_align) as index:
            for result in stream_results(index, sys.stdin, add=not check_only):
                sys.stdout.write(result + "\n")
                sys.stdout.flush()
    except DedupError as exc:
        _fail(str(exc))


@app.command()
def serve(
    location: str = _WHERE,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (no authentication: keep it local)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    no_align: bool = _NO_ALIGN,
) -> None:
    """Serve the index over HTTP (POST /check, POST /articles, GET /articles/{id}/matches, GET /health)."""
    from dedup.index.serve import run

    try:
        run(location, host=host, port=port, align=not no_align)
    except DedupError as exc:
        _fail(str(exc))


def main() -> None:
    """Console-script entry point."""
    app()
