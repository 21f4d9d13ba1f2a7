"""The ``dedup`` command: parses arguments, calls the library, prints. Nothing else.

Library errors become one ``Error: ...`` line on stderr and exit code 1; usage errors exit with 2, an
interruption (Ctrl-C) with 130, leaving no report half-written.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
from rich.text import Text

from dedup import __version__
from dedup.errors import DedupError

log = logging.getLogger("dedup.cli")
_HELP = {"help_option_names": ["-h", "--help"]}

app = typer.Typer(
    name="dedup",
    help="Find near-duplicates, syndicated copies and rewrites in news wire copy.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings=_HELP,
)


_NO_ALIGN = typer.Option(False, "--no-align", help="Skip sentence alignment (faster; heavy rewrites are then "
                         "not confirmed and show only as their reworded passages, partial, if at all).")


_MIN_CONFIDENCE = typer.Option(
    None, "--min-confidence", min=0.0, max=1.0,
    help="Report a pair from this confidence on (the calibrated probability that one text was taken from the "
         "other). Default: the shipped model's operating point, chosen for a precision of 0.98.")


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def _errors(interrupted: str = "interrupted") -> Iterator[None]:
    """Library errors as one ``Error:`` line (exit 1); Ctrl-C as one line too (exit 130)."""
    try:
        yield
    except DedupError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        _fail(interrupted, 130)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _nothing_read(path: str, skipped: Any) -> None:
    """No article at all is an error, not an empty result: a wrong path must not read as "no copies"."""
    if len(skipped) == 1 and skipped[0].path in (Path(path).name, "<stdin>:1"):
        _fail(f"{path}: {skipped[0].reason}")
    why = f"{_plural(len(skipped), 'input')} skipped, such as {skipped[0].path}: {skipped[0].reason}" if skipped else "nothing there"
    _fail(f"{path}: no article could be read ({why})")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dedup {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what each stage does (stderr)."),
    version: Optional[bool] = typer.Option(None, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    # The level is set on the handler, not only the root logger: libraries that set their own loggers'
    # levels (Dask's scheduler logs at INFO) must still not reach stderr unless -v asks for it.
    handler = logging.StreamHandler()
    handler.setLevel(logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler], force=True,
                        format="%(levelname)s %(name)s: %(message)s")


@app.command()
def scan(
    path: str = typer.Argument(..., help="Folder (searched recursively), file (.txt .md .html .json .jsonl), or - for JSONL on stdin."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write the full result as JSON to this file (its folder must exist; checked before the scan starts)."),
    html_out: Optional[Path] = typer.Option(None, "--html", help="Write an HTML report into this folder: index.html and one side-by-side page per pair."),
    min_words: int = typer.Option(20, "--min-words", min=1, help="Skip articles shorter than this many words."),
    seed: int = typer.Option(1, "--seed", help="Seed of the MinHash permutations (same seed, same result)."),
    max_bucket: int = typer.Option(50, "--max-bucket", min=2, help="LSH buckets with more articles than this are boilerplate and ignored."),
    min_confidence: Optional[float] = _MIN_CONFIDENCE,
    no_align: bool = _NO_ALIGN,
    rows: int = typer.Option(50, "--rows", min=1, help="Rows to show per table."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors (use with --json); no progress bars."),
    timings: bool = typer.Option(False, "--timings", help="Add the seconds each stage took to the JSON (stats.seconds); without it, two runs write the same bytes."),
    engine: str = typer.Option("local", "--engine", help="Where to run: local (this process) or dask (a Dask cluster; pip install 'dedup[dask]')."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="With --engine dask: address of a running scheduler (tcp://host:8786)."),
    workers: int = typer.Option(2, "--workers", min=1, help="With --engine dask and no --scheduler: worker processes to start here."),
    connect_timeout: float = typer.Option(10.0, "--connect-timeout", min=0.1, help="With --scheduler: seconds to wait for the scheduler before giving up."),
    memory: str = typer.Option("4GB", "--memory", help="Memory the scan plans for (such as 4GB or 512MB): candidates are verified in chunks sized from it; with --engine dask, each worker started here is limited to it. The result does not depend on it."),
) -> None:
    """Scan a corpus: which articles are copies, partial reuse or rewrites of which."""
    from dedup.reading import read_corpus
    from dedup.memory import parse_memory
    from dedup.pipeline import scan as run_scan
    from dedup.report import write_json
    from dedup.report.html import write_scan_html
    from dedup.report.targets import check_file_target, check_folder_target, staged_folder
    from dedup.report.terminal import console, render_scan
    from dedup.decision import Thresholds

    if scheduler is not None and engine != "dask":
        _fail("--scheduler needs --engine dask", 2)
    with _errors("interrupted; no report written"):
        if path != "-" and not Path(path).exists():
            _fail(f"{path}: no such file or folder")
        if json_out is not None:  # before any work: a bad destination must not cost a whole scan
            check_file_target(json_out, "JSON output")
        if html_out is not None:
            check_folder_target(html_out, "HTML report")
        memory_bytes = parse_memory(memory)  # a bad size fails before any work
        options = dict(seed=seed, max_bucket=max_bucket, align=not no_align,
                       thresholds=Thresholds(min_confidence))
        with _progress(quiet) as report:
            if engine != "local":
                from dedup.engines import scan_with

                result = scan_with(engine, path, min_words=min_words, scheduler=scheduler, workers=workers,
                                   timeout=connect_timeout, progress=report, memory=memory_bytes, **options)
            else:
                corpus = read_corpus(path, min_words=min_words, progress=report)
                result = run_scan(corpus, progress=report, memory=memory_bytes, **options)
        if not result.documents:
            _nothing_read(path, result.skipped)
        _log_stats(result.stats, len(result.skipped))
        # without an HTML report, documents and pairs are made as the JSON file is written (streamed)
        data = result.to_dict(stream=html_out is None) if json_out is not None or html_out is not None else {}
        if not timings and data:
            data["stats"] = {k: v for k, v in data["stats"].items() if k != "seconds"}
        with _committing() as commit:
            with staged_folder(html_out) if html_out is not None else _no_stage() as stage:
                if stage is not None:
                    write_scan_html(data, stage)  # the slow part: Ctrl-C here leaves nothing behind
                commit.armed = True  # from here on both outputs are written whole, or neither started
                if json_out is not None:
                    write_json(data, json_out)
        index = html_out / "index.html" if html_out is not None else None
        if not quiet:
            out = console()
            out.print(render_scan(result, max_rows=rows, width=out.width))
            if json_out is not None:
                out.print(f"Full result written to {json_out}")
            if index is not None:
                out.print(f"HTML report written to {index}")


class _Commit:
    armed = False


@contextmanager
def _committing() -> Iterator[_Commit]:
    """Ctrl-C stops the scan until the outputs are ready to move into place (``commit.armed``); after
    that it is held back for the few renames left, so that a report is never half there (say, the JSON
    written and the HTML not) while the message says none was written."""
    commit = _Commit()
    held: list[int] = []

    def handler(signum: int, frame: Any) -> None:
        if commit.armed:
            held.append(signum)
            return
        if callable(previous):
            previous(signum, frame)  # the CLI's own handler (forked workers leave quietly)
        raise KeyboardInterrupt

    import threading

    if threading.current_thread() is not threading.main_thread():  # only the main thread gets signals
        yield commit
        return
    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield commit
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def _no_stage() -> Iterator[None]:
    yield None


def _log_stats(stats: dict[str, Any], skipped: int) -> None:
    """-v: what each stage counted (the summary line says less)."""
    log.info("read: %s, %s skipped", _plural(stats.get("documents", 0), "article"), _plural(skipped, "input"))
    log.info("candidates: %d (by channel: %s)", stats.get("candidates", 0),
             ", ".join(f"{k} {v}" for k, v in stats.get("candidates_by_channel", {}).items()))
    log.info("pairs: %s", ", ".join(f"{v} {k}" for k, v in stats.get("pairs_by_verdict", {}).items()))
    log.info("seconds: %s", ", ".join(f"{k} {v:.2f}" for k, v in stats.get("seconds", {}).items()))


@app.command()
def compare(
    a: str = typer.Argument(..., help="First article file (.txt .md .html .json, or a one-line .jsonl)."),
    b: str = typer.Argument(..., help="Second article file."),
    json_out: bool = typer.Option(False, "--json", help="Print the comparison as JSON (a scan pair: verdict, scores, passages, alignment)."),
    html_out: Optional[Path] = typer.Option(None, "--html", help="Also write a side-by-side HTML page to this file."),
    min_confidence: Optional[float] = _MIN_CONFIDENCE,
) -> None:
    """Align two articles sentence by sentence: what the later one took from the earlier one, and how."""
    from dedup.decision import Thresholds
    from dedup.desk import compare_desk
    from dedup.pipeline import compare as run_compare
    from dedup.report.jsonout import dumps
    from dedup.report.targets import check_file_target
    from dedup.report.terminal import console, render_alignment, render_judgement
    from dedup.report.wiredesk import render_compare_desk

    with _errors():
        if html_out is not None:
            check_file_target(html_out, "HTML page", make_folder=True)
        compared = run_compare(a, b, thresholds=Thresholds(min_confidence))
        alignment = compared.alignment
        desk = compare_desk(alignment).to_dict()  # credit and changed facts (dedup.desk)
        if html_out is not None:
            from dedup.report.html import write_pair_html

            judged = {k: v for k, v in compared.to_dict().items() if k in ("verdict", "confidence", "why")}
            write_pair_html(alignment.to_dict() | desk, None, html_out, judged=judged)
        if json_out:
            typer.echo(dumps(compared.to_dict() | desk))
        else:
            console().print(render_judgement(compared))
            console().print(render_alignment(alignment))
            console().print(render_compare_desk(desk["credit"], desk["facts"]))


#: What each stage counts (for -v).
_UNITS = {"read": "file", "sign": "article", "verify": "candidate pair", "align": "pair", "index": "article",
          "parts read": "part", "parts signed": "part", "parts verified": "part"}


class _Rate(ProgressColumn):
    """Items a second, once there is a rate to show."""

    def render(self, task: Any) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f}/s" if speed else "", style="progress.data.speed")


class _progress:
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
            log.info("%s: %s", stage, _plural(total, _UNITS.get(stage, "item")))

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

# --------------------------------------------------------------------------------------------------
# Ingest: a persistent index (dedup index add/stats/remove/prune, check, stream, serve)
# --------------------------------------------------------------------------------------------------

index_app = typer.Typer(help="A persistent index (SQLite file or redis:// URL) that flags copies as articles arrive.",
                        no_args_is_help=True, context_settings=_HELP)
app.add_typer(index_app, name="index")
_WHERE = typer.Argument(..., help="Index: a SQLite file or redis://host:port/db (must exist; only adding creates one).")
_NEW_WHERE = typer.Argument(..., help="Index: a SQLite file (created if missing) or redis://host:port/db.")


def _report_input(corpus: Any) -> None:
    """Every input left out, by name and why, and every warning (encoding, truncation, dropped bytes)."""
    for skipped in corpus.skipped:
        typer.echo(f"skipped {skipped.path}: {skipped.reason}", err=True)
    for warning in corpus.warnings:
        typer.echo(f"warning: {warning}", err=True)


def _check_index_location(location: str) -> None:
    """Before a corpus is read: an index that cannot be opened (another program's file, no such folder,
    an unreachable server) is refused now, not after the reading. A new SQLite file is not made yet."""
    from dedup.index.store import open_storage

    if "://" in location or Path(location).exists():
        open_storage(location).close()
    elif not Path(location).parent.is_dir():
        _fail(f"{location}: the folder does not exist; create it first")


@index_app.command("add")
def index_add(
    location: str = _NEW_WHERE,
    path: str = typer.Argument(..., help="Folder, file, or - for JSONL on stdin."),
    min_words: int = typer.Option(20, "--min-words", min=1, help="Skip articles shorter than this many words."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors and skipped inputs."),
    no_align: bool = _NO_ALIGN,
    min_confidence: Optional[float] = _MIN_CONFIDENCE,
) -> None:
    """Add a corpus to the index (articles already indexed are left as they are)."""
    from dedup.reading import read_corpus
    from dedup.index import Index

    with _errors("interrupted; the articles added so far are kept, the batch in progress is not"):
        if path != "-" and not Path(path).exists():
            _fail(f"{path}: no such file or folder")
        _check_index_location(location)
        with _progress(quiet) as report:
            corpus = read_corpus(path, min_words=min_words, progress=report)
            if not corpus.documents:
                _nothing_read(path, corpus.skipped)
            # A new index freezes the corpus's common words, as a scan of this corpus would derive them.
            texts = [d.text for d in corpus.documents]
            with Index.open(location, common_from=texts, align=not no_align, min_confidence=min_confidence) as index:
                before, matched, refused = index.stats()["articles"], 0, []
                for done, (doc, result) in enumerate(index.add_many(corpus.documents), start=1):
                    if isinstance(result, DedupError):
                        refused.append(f"{doc.id}: {result}")
                    else:
                        matched += bool(result)
                    report("index", done, len(corpus.documents))
                added = index.stats()["articles"] - before
        _report_input(corpus)
        for line in refused:
            typer.echo(f"skipped {line}", err=True)
        if not quiet:
            kept = len(corpus.documents) - added - len(refused)
            typer.echo(f"{_plural(added, 'article')} added, {kept} already indexed, {matched} matched earlier "
                       f"articles, {_plural(len(corpus.skipped) + len(refused), 'input')} skipped")


@index_app.command("stats")
def index_stats(location: str = _WHERE) -> None:
    """Counts, size and settings of an index (JSON)."""
    import json

    from dedup.index import Index

    with _errors():
        with Index.open(location, create=False) as index:
            typer.echo(json.dumps(index.stats(), indent=2))


@index_app.command("remove")
def index_remove(location: str = _WHERE, article_id: str = typer.Argument(..., metavar="ID")) -> None:
    """Remove one article (and its recorded matches)."""
    from dedup.index import Index

    with _errors():
        with Index.open(location, create=False) as index:
            if not index.remove(article_id):
                _fail(f"no article {article_id!r} in {location}")
        typer.echo(f"removed {article_id}")


@index_app.command("prune")
def index_prune(
    location: str = _WHERE,
    older_than: str = typer.Option(..., "--older-than", help="Age (30m, 12h, 7d, 2w) or ISO date; by published date, else by date added."),
) -> None:
    """Remove articles older than an age or a date."""
    from dedup.index import Index
    from dedup.index.stream import parse_age

    with _errors():
        age = parse_age(older_than)
        with Index.open(location, create=False) as index:
            typer.echo(f"removed {_plural(index.prune(age), 'article')}")


@app.command()
def check(
    location: str = _WHERE,
    article: Path = typer.Argument(..., help="The article (.txt .md .html .json), or a .jsonl file or folder of several: each is checked."),
    json_out: bool = typer.Option(False, "--json", help="Print the matches as JSON, one line per article."),
    no_align: bool = _NO_ALIGN,
    min_confidence: Optional[float] = _MIN_CONFIDENCE,
) -> None:
    """Which indexed articles does this article copy, partly reuse or rewrite? (changes nothing)

    With several articles (a .jsonl file, a folder), each is checked; the id leads each line. Inputs that
    cannot be read are named on stderr, and the exit code is then 1.
    """
    import json

    from dedup.reading import read_corpus
    from dedup.index import Index

    with _errors():
        if not article.exists():
            _fail(f"{article}: no such file or folder")
        with Index.open(location, align=not no_align, create=False, min_confidence=min_confidence) as index:
            corpus = read_corpus(article)
            several = len(corpus.documents) + len(corpus.skipped) > 1
            if several:
                _report_input(corpus)
            elif corpus.skipped:
                _fail(f"{article}: {corpus.skipped[0].reason}")
            else:
                for warning in corpus.warnings:
                    typer.echo(f"warning: {warning}", err=True)
            for doc in corpus.documents:
                matches = index.check(doc)
                if json_out:
                    typer.echo(json.dumps({"id": doc.id, "matches": [m.to_dict() for m in matches]}))
                    continue
                lead = f"{doc.id}\t" if several else ""
                for m in matches:
                    typer.echo(f"{lead}{m.id}\t{m.verdict}\tconfidence={m.confidence:.3f}\tjaccard={m.evidence.jaccard:.3f}\tcontained={m.evidence.a_in_b:.3f}"
                               f"\tcontent={m.evidence.content_jaccard:.3f}\t{m.outlet or ''}\t{m.title or ''}")
                if not matches:
                    typer.echo(f"{lead}no matches")
        if not corpus.documents:
            _fail(f"{article}: no article to check")
        if corpus.skipped:
            _fail(f"{_plural(len(corpus.skipped), 'input')} of {article} not checked (named above)")


@app.command()
def stream(
    location: str = _NEW_WHERE,
    check_only: bool = typer.Option(False, "--check-only", help="Only check; add nothing (the index must exist)."),
    no_align: bool = _NO_ALIGN,
    min_confidence: Optional[float] = _MIN_CONFIDENCE,
) -> None:
    """JSONL articles on stdin -> one JSONL result per article on stdout (bad lines give an error object)."""
    from dedup.formats import stdin_lines
    from dedup.index import Index
    from dedup.index.stream import stream_results

    with _errors():
        with Index.open(location, align=not no_align, create=not check_only, min_confidence=min_confidence) as index:
            for result in stream_results(index, stdin_lines(), add=not check_only):
                sys.stdout.write(result + "\n")
                sys.stdout.flush()


@app.command()
def serve(
    location: str = _NEW_WHERE,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind. There is no authentication: addresses beyond this machine (loopback) are refused unless --allow-remote is given."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    allow_remote: bool = typer.Option(False, "--allow-remote", help="Allow --host to be an address other machines can reach (put an authenticating proxy in front)."),
    max_body: int = typer.Option(2 * 1024 * 1024, "--max-body", min=1024, help="Largest request body in bytes (413 beyond)."),
    max_connections: int = typer.Option(64, "--max-connections", min=1, help="Connections served at once (503 beyond)."),
    no_align: bool = _NO_ALIGN,
    min_confidence: Optional[float] = _MIN_CONFIDENCE,
) -> None:
    """Serve the index over HTTP (POST /check, POST /articles, GET /articles/{id}/matches, GET /health).

    Binds 127.0.0.1 by default; another address needs --allow-remote.
    """
    from dedup.index.serve import run

    with _errors("stopped"):
        run(location, host=host, port=port, align=not no_align, allow_remote=allow_remote, max_body=max_body,
            min_confidence=min_confidence,
            max_connections=max_connections)


def _on_interrupt(signum: int, frame: Any) -> None:
    """Ctrl-C: the main process stops with one line; forked workers (alignment) leave quietly at once,
    without a traceback each."""
    if os.getpid() != _MAIN_PID:
        os._exit(130)
    import threading

    # the worker pools' helper threads may now fail on their vanished workers: expected, and not worth
    # a traceback each after the one line the interrupt gets
    threading.excepthook = lambda args: None
    raise KeyboardInterrupt


_MAIN_PID = os.getpid()


def main() -> None:
    """Console-script entry point."""
    global _MAIN_PID
    _MAIN_PID = os.getpid()
    signal.signal(signal.SIGINT, _on_interrupt)
    app()
