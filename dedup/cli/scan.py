"""``dedup scan`` and ``dedup compare``: a corpus or two articles through the scan's stages, reported."""

from __future__ import annotations

import logging
import signal
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional

import typer

from dedup.cli.app import _ENGINE_LOGGERS, _NotFrom, app
from dedup.cli.failures import fail, one_line_errors, usage_errors, written
from dedup.cli.options import MIN_CONFIDENCE, NO_ALIGN, PASSAGES, at_most_largest
from dedup.cli.paths import given_path, is_stdout, nothing_read, stdin_from_terminal, stdout_open, writable
from dedup.cli.progress import progress_bars
from dedup.formats import SHOWN_SUFFIXES
from dedup.report.wiredesk import plural
from dedup.skips import skipped_count

log = logging.getLogger(__name__)


@app.command(short_help="Find the copies, partial reuse and rewrites in a corpus.")
def scan(
    path: str = typer.Argument(..., metavar="PATH", help=f"Folder (searched recursively), file ({SHOWN_SUFFIXES}), or - for JSONL on stdin."),
    json_given: Optional[str] = typer.Option(None, "--json", metavar="FILE", help="Write the full result as JSON to this file (its folder must exist; checked before the scan starts), or - for standard output (the summary then goes to standard error)."),
    html_given: Optional[str] = typer.Option(None, "--html", metavar="FOLDER", help="Write an HTML report into this folder: index.html and one side-by-side page per pair (a folder, so not - for standard output)."),
    min_words: int = typer.Option(20, "--min-words", min=1, callback=at_most_largest, help="Skip articles shorter than this many words."),
    seed: int = typer.Option(1, "--seed", min=0, callback=at_most_largest, help="Seed of the MinHash permutations (same seed, same result; another can move a pair near the bar)."),
    max_bucket: int = typer.Option(50, "--max-bucket", min=2, callback=at_most_largest, help="LSH buckets with more distinct texts than this are boilerplate and ignored. Copies of one text count once; a story carried with small edits by more articles than this is ignored too: raise it then."),
    min_confidence: Optional[float] = MIN_CONFIDENCE,
    no_align: bool = NO_ALIGN,
    passages: Optional[str] = PASSAGES,
    rows: int = typer.Option(50, "--rows", min=1, callback=at_most_largest, help="Rows to show per table on the terminal (the JSON and HTML reports hold every row, but a file's skipped lines or items past its first 1,000, counted in one row a reason)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors (use with --json); no progress bars."),
    timings: bool = typer.Option(False, "--timings", help="Add the seconds each stage took to the JSON (stats.seconds); without it, two runs write the same bytes."),
    engine: str = typer.Option("local", "--engine", metavar="local|dask", help="Where to run: local (this process) or dask (a Dask cluster; pip install '.[dask]')."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help="With --engine dask: address of a running scheduler (tcp://host:8786)."),
    workers: int = typer.Option(2, "--workers", min=1, max=256, help="With --engine dask and no --scheduler: worker processes to start here, one thread each: at most this machine's cores and as many as its memory holds at --memory each (2 always), and 256."),
    connect_timeout: float = typer.Option(10.0, "--connect-timeout", metavar="SECONDS", min=0.1, max=86400.0, help="With --scheduler: seconds to wait for the scheduler before giving up (at most 86400, a day)."),
    follow_links: bool = typer.Option(False, "--follow-links", help="Read the files that links in the folder lead to outside it (by default such links are listed among the skipped, not read: a folder of uploads may link to any file of this machine)."),
    memory: str = typer.Option("4GB", "--memory", metavar="SIZE", help="Memory the scan plans for (such as 4GB or 512MB; from 64MB to 1024TB): candidates are verified in chunks sized from it, band keys and texts past a share of it wait in temporary files; with --engine dask, each worker started here is limited to it, and a part of the input is at most a 32nd of it. The result does not depend on it."),
) -> None:
    """Scan a corpus: which articles are copies, partial reuse or rewrites of which.

    Prints a summary line, then tables: the pairs (verdict and confidence, source -> derived or a <-> b when
    the direction is unknown, the share of the derived text taken (of b, the text compare reads as derived),
    what told the direction, credit: yes, no, ? (no name to look for), neither when the direction is unknown
    and neither credits the other, agency when the derived credits the agency the source's text credits, not
    the source's outlet; from 120 columns the word-overlap figures too), the outlets that took copy, the
    stories sent in versions, the clusters, and the inputs skipped and why. --json and --html hold every row,
    every sentence link and the reasons. Exit status 0 whether or not pairs were found.
    """
    from dedup.channels import channels_for
    from dedup.memory import parse_memory

    _refuse_usage(engine, scheduler, html_given)
    json_out, html_out = given_path(json_given, "--json", file=True), given_path(html_given, "--html")
    with usage_errors():  # a bad size or setting name fails before any work
        memory_bytes = parse_memory(memory, "--memory")
        channels = channels_for(passages if passages is not None else "default")
    # "--json -" wrote a file named "-" in the current folder, where a pipe to jq read nothing
    to_stdout = is_stdout(json_out)
    with one_line_errors("interrupted; no report written"):
        _check_targets(path, json_out, html_out, to_stdout=to_stdout, quiet=quiet)
        result = _scanned(path, engine, quiet, memory_bytes, dict(
            min_words=min_words, follow_links=follow_links, seed=seed, max_bucket=max_bucket, align=not no_align,
            min_confidence=min_confidence, channels=channels, scheduler=scheduler, workers=workers,
            timeout=connect_timeout))
        if not result.documents:
            nothing_read(path, result.skipped)
        _log_stats(result.stats, skipped_count(result.skipped))
        _write_reports(result, json_out, html_out, to_stdout=to_stdout, timings=timings)
        if not quiet:
            _print_scan(result, rows, json_out, html_out, to_stdout=to_stdout)


def _refuse_usage(engine: str, scheduler: Optional[str], html_given: Optional[str]) -> None:
    """What typer cannot refuse itself, refused as typer refuses a value (one line, exit 2) before any work."""
    from dedup.engines import ENGINES

    if engine not in ENGINES:  # a usage error as typer's own (it was a library error, exit 1)
        fail(f"--engine {engine!r}: no such engine; choose one of {', '.join(ENGINES)}", 2)
    if scheduler is not None and engine != "dask":
        fail("--scheduler needs --engine dask", 2)
    if scheduler is not None and not scheduler.strip():  # it was "cannot reach the Dask scheduler at  within 10 s"
        fail("--scheduler '': an empty address; give the scheduler's, such as tcp://host:8786", 2)
    if html_given == "-":  # it made a folder named "-"
        fail("--html -: an HTML report is a folder of pages and cannot go to standard output; give a folder "
             "(--json - writes the result to standard output)", 2)


def _check_targets(path: str, json_out: Optional[Path], html_out: Optional[Path], *, to_stdout: bool,
                   quiet: bool) -> None:
    """Before any work: the input is there and every output can be written where it goes, apart from the
    input and from each other (a bad destination must not cost a whole scan)."""
    from dedup.readable import not_there
    from dedup.report.targets import check_apart, check_file_target, check_folder_target, check_own_file, check_own_page

    if path != "-" and not Path(path).exists():
        fail(f"{path}: {not_there(path)}")
    if to_stdout:
        stdout_open("the JSON result")
    elif json_out is None and html_out is None and not quiet:  # the tables are the only report: lost, exit 0
        stdout_open("the report (the tables)")
    if json_out is not None and not to_stdout:
        check_file_target(json_out, "JSON output")
        writable(json_out, "JSON output")
    if html_out is not None:
        check_folder_target(html_out, "HTML report")
        writable(html_out, "HTML report", folder=True)
    check_apart([path] if path != "-" else [], {"JSON output": None if to_stdout else json_out, "HTML report": html_out})
    if html_out is not None:
        check_own_page(html_out, "HTML report")
    if json_out is not None and not to_stdout:
        check_own_file(json_out, "JSON output")
    stdin_from_terminal(path)


def _scanned(path: str, engine: str, quiet: bool, memory_bytes: int, given: dict[str, Any]) -> Any:
    """The scan's result, run here or on the engine named, with progress bars; ``given`` the command's
    settings (the engine's own only read for it)."""
    from dedup.decision import Thresholds
    from dedup.memory import text_spill
    from dedup.pipeline import scan as run_scan
    from dedup.reading import read_corpus

    options = dict(seed=given["seed"], max_bucket=given["max_bucket"], align=given["align"],
                   thresholds=Thresholds(given["min_confidence"]), channels=given["channels"])
    with progress_bars(quiet) as report:
        if engine != "local":
            from dedup.engines import scan_with

            with _engine_logs_quiet(quiet):
                return scan_with(engine, path, min_words=given["min_words"], scheduler=given["scheduler"],
                                 workers=given["workers"], timeout=given["timeout"], progress=report,
                                 memory=memory_bytes, follow_links=given["follow_links"], **options)
        corpus = read_corpus(path, min_words=given["min_words"], progress=report, spill=text_spill(memory_bytes),
                             follow_links=given["follow_links"])
        return run_scan(corpus, progress=report, memory=memory_bytes, **options)


def _write_reports(result: Any, json_out: Optional[Path], html_out: Optional[Path], *, to_stdout: bool,
                   timings: bool) -> None:
    """The JSON (a file or standard output) and the HTML report, each written whole or not at all; the HTML report
    kept when the reader of standard output stopped reading its JSON (``--json - | head``: it was lost, its scan's
    work with it, the status 141 saying nothing of it)."""
    from dedup.report import write_json
    from dedup.report.html import write_scan_html
    from dedup.report.targets import staged_folder

    # without an HTML report, documents and pairs are made as the JSON file is written (streamed)
    data = result.to_dict(stream=html_out is None) if json_out is not None or html_out is not None else {}
    if not timings and data:
        data["stats"] = {k: v for k, v in data["stats"].items() if k != "seconds"}
    gone: BrokenPipeError | None = None
    with _committing() as commit:
        with written(html_out, "HTML report") if html_out is not None else _no_stage(), \
                staged_folder(html_out) if html_out is not None else _no_stage() as stage:
            if stage is not None:
                write_scan_html(data, stage)  # the slow part: Ctrl-C here leaves nothing behind
            commit.armed = True  # from here on both outputs are written whole, or neither started
            if to_stdout:
                try:
                    _write_stdout(data)
                except BrokenPipeError as exc:  # the pages are whole: kept, then the reader gone said (141)
                    gone = exc
            elif json_out is not None:
                with written(json_out, "JSON output"):
                    write_json(data, json_out)
    if gone is not None:
        raise gone


def _print_scan(result: Any, rows: int, json_out: Optional[Path], html_out: Optional[Path], *, to_stdout: bool) -> None:
    """The summary and tables on the terminal (on standard error when the JSON goes to standard output), and
    where the reports were written."""
    from dedup.report.terminal import console, render_scan

    out = console(stderr=to_stdout)
    out.print(render_scan(result, max_rows=rows, width=getattr(out, "asked_width", out.width)))
    if json_out is not None and not to_stdout:
        out.print(f"Full result written to {json_out}")
    if html_out is not None:
        out.print(f"HTML report written to {html_out / 'index.html'}")


def _write_stdout(data: dict[str, Any]) -> None:
    """The JSON of ``data`` on standard output, streamed as a file is (:func:`dedup.report.jsonout.iter_json`)."""
    import sys

    from dedup.report.jsonout import iter_json

    for piece in iter_json(data):
        sys.stdout.write(piece)
    sys.stdout.write("\n")
    sys.stdout.flush()


class _Commit:
    armed = False


@contextmanager
def _committing() -> Iterator[_Commit]:
    """Ctrl-C (and SIGTERM or SIGHUP, when the CLI handles them) stops the scan until the outputs are ready to move
    into place (``commit.armed``); after that it is held back for the few renames left, so that a report
    is never half there (say, the JSON written and the HTML not) while the message says none was written."""
    commit = _Commit()
    held: list[int] = []
    previous: dict[int, Any] = {}

    def handler(signum: int, frame: Any) -> None:
        if commit.armed:
            held.append(signum)
            return
        if callable(previous[signum]):
            previous[signum](signum, frame)  # the CLI's own handler (forked workers leave quietly)
        raise KeyboardInterrupt

    import threading

    if threading.current_thread() is not threading.main_thread():  # only the main thread gets signals
        yield commit
        return
    previous[signal.SIGINT] = signal.signal(signal.SIGINT, handler)
    for other in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if other is not None and callable(signal.getsignal(other)):  # its own default ends the process: left alone
            previous[other] = signal.signal(other, handler)
    try:
        yield commit
    finally:
        for signum, before in previous.items():
            signal.signal(signum, before)


@contextmanager
def _engine_logs_quiet(quiet: bool) -> Iterator[None]:
    """With ``quiet``, the engine's libraries print nothing while the scan runs: their records are dropped
    on their way to stderr (Dask, imported with the engine, sets its loggers' levels as it is imported, so a
    level set before would be undone), and the workers of a cluster started here follow the level of Dask's
    logger (:func:`dedup.engines.dask.worker_log_level`). What fails is said by the scan's own ``Error:``
    line, which names a worker lost past its memory limit."""
    if not quiet:
        yield
        return
    try:
        import distributed  # noqa: F401  (its loggers' levels set now, not inside the scan)
    except ImportError:  # the engine says the extra is missing
        pass
    dropped, handlers = _NotFrom(_ENGINE_LOGGERS), list(logging.getLogger().handlers)
    engine = logging.getLogger("distributed")
    level = engine.level
    for handler in handlers:
        handler.addFilter(dropped)
    engine.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        engine.setLevel(level)
        for handler in handlers:
            handler.removeFilter(dropped)


@contextmanager
def _no_stage() -> Iterator[None]:
    yield None


def _log_stats(stats: dict[str, Any], skipped: int) -> None:
    """-v: what each stage counted (the summary line says less)."""
    log.info("read: %s, %s skipped", plural(stats.get("documents", 0), "article"), plural(skipped, "input"))
    log.info("candidates: %d (by channel: %s)", stats.get("candidates", 0),
             ", ".join(f"{k} {v}" for k, v in stats.get("candidates_by_channel", {}).items()))
    log.info("pairs: %s", ", ".join(f"{v} {k}" for k, v in stats.get("pairs_by_verdict", {}).items()))
    log.info("seconds: %s", ", ".join(f"{k} {v:.2f}" for k, v in stats.get("seconds", {}).items()))


@app.command(short_help="Two articles side by side: what one took from the other.")
def compare(
    a: str = typer.Argument(..., metavar="A", help=f"First article file ({SHOWN_SUFFIXES}) holding one article (a .jsonl of one line, a feed of one item)."),
    b: str = typer.Argument(..., metavar="B", help="Second article file."),
    json_out: bool = typer.Option(False, "--json", help="Print the comparison as JSON on standard output instead of the tables (a scan's pair: verdict, scores, passages, alignment, credit, changed facts). A flag: it takes no file name (redirect the output)."),
    html_given: Optional[str] = typer.Option(None, "--html", metavar="FILE", help="Also write a side-by-side HTML page to this file (its folder is created if missing; not - for standard output)."),
    min_confidence: Optional[float] = MIN_CONFIDENCE,
    passages: Optional[str] = PASSAGES,
    corpus_given: Optional[str] = typer.Option(None, "--corpus", metavar="FOLDER", help="Read the pair among the articles of this folder (or JSONL file; the two added where it lacks them): the answer a scan of it gives the pair, with its common words and the other articles sharing a stretch (without it, the answer of the two alone)."),
) -> None:
    """Align two articles sentence by sentence: which sentences one took from the other, and how (the direction when publication times or the texts tell it).

    The first line is the answer: the verdict a scan of the two gives (with --corpus, a scan of the corpus
    holding them; or "not reported"), its confidence, and how many of the derived text's sentences have a
    counterpart in the source; a line says when the answer of the two alone is near enough the bar for a
    corpus to move it (or what it was read among); then the features
    that weighed most, the direction and why, the coverage, the two texts sentence facing sentence, the
    credit and the facts changed. Exit status 0 whether or not the pair is reported.
    """
    from dedup.channels import channels_for
    from dedup.decision import Thresholds
    from dedup.desk import compare_desk
    from dedup.one_answer import compare_read

    if html_given == "-":  # it wrote a file named "-"
        fail("--html -: the HTML page is written to a file, not to standard output; give its name "
             "(--json prints the comparison)", 2)
    if "-" in (a, b) and not Path("-").exists():  # it said "-: no such file"
        fail("compare reads two article files, not standard input: save the article to a file and give "
             "its name (scan, index add and stream read JSONL on standard input)", 2)
    html_out = given_path(html_given, "--html", file=True)
    with usage_errors():
        channels = channels_for(passages if passages is not None else "default")
    with one_line_errors():
        _check_page(a, b, html_out, json_out)
        thresholds = Thresholds(min_confidence)
        docs = _read_two(a, b)
        compared, read = compare_read(*docs, corpus_given, thresholds=thresholds, channels=channels)
        desk = compare_desk(compared.alignment).to_dict()  # credit and changed facts (dedup.desk)
        if html_out is not None:
            from dedup.report.html import write_pair_html

            judged = {k: v for k, v in compared.to_dict().items() if k in ("verdict", "confidence", "why")}
            with written(html_out, "HTML page"):
                write_pair_html(compared.alignment.to_dict() | desk, docs, html_out, judged=judged)
        _print_compare(compared, desk | read, thresholds.confidence_bar, json_out)


def _check_page(a: str, b: str, html_out: Optional[Path], json_out: bool) -> None:
    """Before any work: the output open, and the HTML page writable and apart from the two articles."""
    from dedup.report.targets import check_apart, check_file_target, check_own_file

    if html_out is None:  # the tables or the JSON are the only output: they were lost, with exit status 0
        stdout_open("the JSON comparison" if json_out else "the comparison (the tables)")
    if html_out is not None:
        check_file_target(html_out, "HTML page", make_folder=True)
        writable(html_out, "HTML page")
        check_apart([a, b], {"HTML page": html_out})
        check_own_file(html_out, "HTML page")


def _read_two(a: str, b: str) -> list[Any]:
    """The two articles, with what they were read with said on stderr: a verdict on a text cut at 1,000,000
    characters must say so, and one file given twice is compared with itself, and said."""
    from dedup.errors import InputError
    from dedup.readable import is_pipe
    from dedup.reading import read_article
    from dedup.report.wiredesk import shown_words

    warnings: list[str] = []
    if _one_file(a, b) and is_pipe(Path(a)):  # read twice, the named pipe's second open waited for ever for another
        # writer, and /dev/stdin twice found nothing left the second time ("not one readable article (empty)")
        raise InputError(f"{a} and {b} are one pipe, whose text can be read once: save it to a file to compare it with itself")
    docs = [read_article(given, warnings=warnings) for given in (a, b)]
    if _one_file(a, b):  # a slip of the shell's completion: the answer stands, and says so
        warnings.append(f"{a} and {b} are one file: it is compared with itself")
    for warning in warnings:
        typer.echo(f"warning: {shown_words(warning)}", err=True)
    return docs


def _print_compare(compared: Any, desk: dict[str, Any], bar: float, json_out: bool) -> None:
    """The comparison as JSON on standard output, or as the tables: the answer, the texts side by side, the
    credit and the facts changed."""
    from dedup.report.jsonout import dumps
    from dedup.report.terminal import console
    from dedup.report.terminalpair import render_alignment, render_judgement
    from dedup.one_answer import reading_line
    from dedup.report.wiredesk import render_compare_desk

    if json_out:
        typer.echo(dumps(compared.to_dict() | desk))
        return
    alignment = compared.alignment
    wire = (desk.get("common_source") or {}).get("text")  # another agency's copy: who took is not known
    console().print(render_judgement(compared, bar, wire))
    if (said := reading_line(desk)) is not None:  # a two-text answer near the bar, or one read among a corpus
        console().print(said, markup=False)
    console().print(render_alignment(alignment, wire))
    console().print(render_compare_desk(desk["credit"], desk["facts"], alignment.source is not None and not wire))


def _one_file(a: str, b: str) -> bool:
    """Whether paths ``a`` and ``b`` name one file (the same path, a link to it, another spelling)."""
    try:
        return Path(a).samefile(b)
    except (OSError, ValueError):  # one not there, or a name no file can have: read_article said so already
        return False
