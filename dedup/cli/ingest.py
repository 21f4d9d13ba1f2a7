"""Ingest: ``check``, ``stream`` and ``serve`` of a persistent index (``dedup index add/stats/remove/prune``:
:mod:`dedup.cli.indexcmds`; the index a command names: :mod:`dedup.cli.indexfile`)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator, Optional

import typer

from dedup.cli.app import app
from dedup.cli.failures import _unnamed_write, fail, one_line_errors, usage_errors
from dedup.cli.indexfile import (NEW_WHERE, WHERE, check_index_location, nothing_left_if_not_made, refuse_mistyped_url,
                                 shown_index)
from dedup.cli.options import MIN_CONFIDENCE, NO_ALIGN
from dedup.cli.paths import nothing_there, stdin_from_terminal, stdout_open
from dedup.formats import SHOWN_SUFFIXES
from dedup.report.wiredesk import cut_name, plural, shown_name, shown_words
from dedup.errors import InputError
from dedup.skips import skipped_count


def report_input(corpus: Any) -> None:
    """Every input left out, by name and why, and every warning (encoding, truncation, dropped bytes)."""
    for skipped in corpus.skipped:
        said(f"skipped {shown_name(skipped.path)}: {shown_words(skipped.reason)}", err=True)
    for warning in corpus.warnings:
        said(f"warning: {shown_words(warning)}", err=True)


def said(line: str, *, err: bool = False) -> None:
    """A line of words (a summary, a skipped input) written as it is to a file or a pipe, and on a terminal
    broken between words at its width, the lines after the first indented: on 60 columns "11 articles added,
    ..., 1 input skipped" (96 characters) was cut mid-word by the terminal."""
    import shutil
    import textwrap

    stream = sys.stderr if err else sys.stdout
    width = shutil.get_terminal_size().columns if _on_terminal(stream) else 0
    if width >= 20 and len(line) > width:
        line = "\n".join(textwrap.wrap(line, width, subsequent_indent="  ", break_long_words=False,
                                        break_on_hyphens=False))
    typer.echo(line, err=err)


def _on_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a stream replaced (a test's), or closed
        return False


@app.command(short_help="Which indexed articles an article copies (adds nothing).")
def check(
    location: str = WHERE,
    article: str = typer.Argument(..., metavar="ARTICLE", help=f"The article, or a file of several or a feed ({SHOWN_SUFFIXES}), or a folder of several: each is checked."),
    json_out: bool = typer.Option(False, "--json", help='Print the matches as JSON, one line per article: {"id", "matches"}.'),
    no_align: bool = NO_ALIGN,
    min_confidence: Optional[float] = MIN_CONFIDENCE,
    follow_links: bool = typer.Option(False, "--follow-links", help="With a folder: read the files that links in it lead to outside it (by default such links are named among the skipped, not read: see scan)."),
) -> None:
    """Which indexed articles does this article copy, partly reuse or rewrite? (changes nothing)

    Each line: the stored article's id, verdict, confidence, jaccard (word 5-grams), contained (the share of
    this article's 5-grams in the stored one), content (rare-word Jaccard), outlet and title. With several articles (a .jsonl file, a folder), each is checked; the id leads each line. Every input
    left out is named on stderr (a file's lines past its first 1,000 counted by reason); the exit code is 1 when an article among them could not be read (a file
    that is no article, such as a README or an image, does not count).
    """
    from dedup.readable import not_there
    from dedup.reading import read_corpus
    from dedup.index import Index

    if article == "-" and not Path("-").exists():  # it said "-: no such file or folder"
        fail("check reads an article file, a .jsonl file or a folder, not standard input: for JSONL on standard "
             "input, dedup stream LOCATION --check-only checks each line and adds nothing", 2)
    with one_line_errors():
        stdout_open("the matches")  # its only output: the lines were lost, with exit status 0
        if article != "" and not Path(article).exists():  # "": read_corpus refuses it (Path("") is ".")
            fail(f"{article}: {not_there(article)}")
        with Index.open(location, align=not no_align, create=False, min_confidence=min_confidence) as index:
            corpus = read_corpus(article, follow_links=follow_links)
            several = len(corpus.documents) + skipped_count(corpus.skipped) > 1
            if several:
                report_input(corpus)
            elif corpus.skipped:
                fail(f"{article}: {corpus.skipped[0].reason}")
            else:
                for warning in corpus.warnings:
                    typer.echo(f"warning: {warning}", err=True)
            base = Path(article) if Path(article).is_dir() else Path(article).parent
            refused = 0  # of several, those the index refuses (too many window pairs): named, the others checked
            for doc in corpus.documents:
                checked = _checked(index, doc, base, several)
                if checked is None:
                    refused += 1
                    continue
                _print_matches(*checked, several=several, json_out=json_out)
        if not corpus.documents:  # an empty folder, or one that cannot be listed, said why as scan says it
            fail(f"{article}: no article to check" + ("" if corpus.skipped else f": {nothing_there(article)}"))
        unread = skipped_count(s for s in corpus.skipped if s.article) + refused
        if unread:
            fail(f"{plural(unread, 'input')} of {article} not checked (named above)")


def _checked(index: Any, doc: Any, base: Path, several: bool) -> Optional[tuple[Any, list[Any]]]:
    """``doc`` and its matches in ``index``, or None when the index refuses it (too many window pairs) and it
    is one of several: named on stderr, the others checked. A file of the index checked again (its id is its
    path under the folder added) is the stored article, checked against the others, as a check under its
    stored id is (a JSONL line is no file)."""
    from dedup.index.match import stored_as

    try:
        matches = index.check(doc)
    except InputError as exc:
        if not several:
            raise
        typer.echo(f"skipped {exc}", err=True)
        return None
    where = base / doc.path if doc.path else None
    own = stored_as(where, matches) if where is not None and where.is_file() else None
    if own is not None and own != doc.id:
        typer.echo(f"{shown_name(doc.id)}: stored as {shown_name(own)}; checked against the other "
                   "stored articles", err=True)
        doc = replace(doc, id=own)
        matches = index.check(doc)
    return doc, matches


def _print_matches(doc: Any, matches: list[Any], *, several: bool, json_out: bool) -> None:
    """An article's matches: a JSON line, or a tab-separated line each (led by the article's id when several
    are checked), or "no matches"."""
    import json

    from dedup.index.match import same_text_id

    if json_out:
        same = same_text_id(matches)
        typer.echo(json.dumps({"id": doc.id, "matches": [m.to_dict() for m in matches]}
                              | ({"same_text_as": same} if same is not None else {})))
        return
    lead = [shown_name(doc.id)] if several else []  # names whole in --json
    for m in matches:
        _fields([*lead, shown_name(m.id), m.verdict, f"confidence={m.confidence:.3f}", f"jaccard={m.evidence.jaccard:.3f}",
                 f"contained={m.evidence.a_in_b:.3f}", f"content={m.evidence.content_jaccard:.3f}",
                 shown_name(m.outlet or ''), cut_name(m.title or '')])
    if not matches:
        _fields([*lead, "no matches"])


def _fields(fields: list[str]) -> None:
    """A line of ``check``: its fields tab-separated, as scripts read them from a file or a pipe; on a terminal
    narrower than the line, laid out on lines of its width, two spaces apart, the lines after the first
    indented (a title longer than a line broken between words). Each match's line ran to 150 to 250
    characters, its tabs a column apart, and a 60-column terminal cut it mid-word, ids, numbers and titles
    run together."""
    import shutil
    import textwrap

    line = "\t".join(fields)
    width = shutil.get_terminal_size().columns if _on_terminal(sys.stdout) else 0
    if width < 20 or len(line.expandtabs()) <= width:
        typer.echo(line)
        return
    rows: list[str] = []
    for field in filter(None, fields):  # an outlet or title not given: nothing to show
        if rows and len(rows[-1]) + 2 + len(field) <= width:
            rows[-1] += f"  {field}"
        else:
            rows += textwrap.wrap(field, width, initial_indent="  " if rows else "", subsequent_indent="  ",
                                  break_on_hyphens=False)
    typer.echo("\n".join(rows))


@app.command(short_help="JSONL on stdin: check and add each, one JSON line out.")
def stream(
    location: str = NEW_WHERE,
    check_only: bool = typer.Option(False, "--check-only", help="Only check; add nothing (the index must exist)."),
    no_align: bool = NO_ALIGN,
    min_confidence: Optional[float] = MIN_CONFIDENCE,
) -> None:
    """JSONL articles on stdin -> one JSON result line per article on stdout, each article checked and added.

    Each result: {"line", "id", "matches"}, with "stored_before": true for an id stored before (its matches are
    those recorded then: a feed given again answers as it did), or {"line", "error"} (with "id" when the line
    gives one). A bad line gives an error object and the stream goes on; --check-only adds nothing. Stopped
    (Ctrl-C, SIGTERM, SIGHUP), it says the last line answered and the line to give the feed again from.
    """
    import itertools

    from dedup.lines import stdin_lines
    from dedup.index import Index
    from dedup.index.stream import stream_results

    with one_line_errors():
        stdout_open("the result lines")
        stdin_from_terminal("-")
        lines: Iterator[str] = stdin_lines()
        if not check_only:  # an index that cannot be opened is said at once; a new one waits for an article
            check_index_location(location)
            first = next(lines, None)
            if first is None:  # nothing came: no index is made (at a mistyped path, say)
                return
            lines = itertools.chain([first], lines)
        written = None  # the last answer written
        try:
            with nothing_left_if_not_made(location), \
                    Index.open(location, align=not no_align, create=not check_only, min_confidence=min_confidence) as index:
                for result in stream_results(index, lines, add=not check_only):
                    try:
                        sys.stdout.write(result + "\n")  # a reader gone (``| head``): one_line_errors stops quietly
                        sys.stdout.flush()
                    except BrokenPipeError:
                        raise
                    except OSError as exc:  # an output that takes no more (a full disk): which answer was lost
                        fail(f"{exc.strerror or exc}{_unnamed_write(exc)}; {_unanswered(result, check_only)}")
                    written = result
        except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM, SIGHUP, the index closed: where to take the feed up
            fail(_interrupted(written, check_only), getattr(exc, "code", 130))


def _interrupted(written: str | None, check_only: bool) -> str:
    """The line of a stream stopped by Ctrl-C or a signal after the answer ``written`` (None: before its first):
    which lines were answered, and where to give the feed again (it was "interrupted" alone)."""
    import json

    line = json.loads(written)["line"] if written is not None else 0
    done = (f"interrupted after line {line:,} was answered" if line else "interrupted before the first line was answered")
    kept = "" if check_only or not line else " (the articles of the lines answered are stored and kept)"
    again = "" if check_only else " (an article stored is answered again, not stored twice)"
    return f"{done}{kept}: give the feed again from line {line + 1:,}{again}"


def _unanswered(result: str, check_only: bool) -> str:
    """What became of the line whose answer ``result`` could not be written: an article stored is kept (it is
    sound, and a feed given again from that line answers it again without storing it twice), and said so; it
    was "No space left on device" alone, which left the user to guess where to take the feed up again."""
    import json

    answer = json.loads(result)
    line = answer["line"]
    if "error" in answer:
        done = f"line {line:,} was refused (nothing stored)"
    elif check_only:
        done = f"line {line:,}, article {answer['id']!r}, was checked (nothing stored)"
    else:
        done = f"line {line:,}, article {answer['id']!r}, was stored (and kept: the index is sound)"
    before = "; the lines before it were answered" if line > 1 else ""
    again = "" if check_only else " (an article stored is answered again, not stored twice)"
    return f"{done}, its answer not written{before}: give the feed again from line {line:,}{again}"


def body_size(given: str) -> int:
    """Bytes of ``serve --max-body`` as given (``2MB``, ``512KB``, ``1048576``), or the one usage line of anything
    else, named as typed: ``1e99``, ``-5`` and ``nanMB`` were "must be a size such as 4GB or 512MB" with no word of
    the bounds, ``99999999999999999999999TB`` a count of bytes of 36 digits, a 26-digit number another number
    (read through a float), ``1.5`` "1 bytes"."""
    from dedup.errors import SettingsError
    from dedup.index.serve import MAX_BODY_LIMIT, MIN_BODY
    from dedup.memory import parse_size

    text = given.strip()
    try:
        size = parse_size(text, "--max-body")  # "2MB" was "Input should be a valid integer"
    except SettingsError:
        size = None
    if size is not None and MIN_BODY <= size <= MAX_BODY_LIMIT:
        return size
    bytes_ = f" ({size:,} bytes)" if size is not None and not text.isdigit() and MIN_BODY <= size < 1 << 50 else ""
    raise SettingsError(f"--max-body {cut_name(text, 40) or repr(text)}{bytes_}: give a size from 1KB to 16MB ({MIN_BODY} to "
                        f"{MAX_BODY_LIMIT} bytes), such as 512KB or 4MB")


@app.command(short_help="Serve the index over HTTP: check, add, matches.")
def serve(
    location: str = NEW_WHERE,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind. There is no authentication: an address other machines can reach is refused unless --allow-remote is given."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    allow_remote: bool = typer.Option(False, "--allow-remote", help="Allow --host to be an address other machines can reach (put an authenticating proxy in front)."),
    max_body: str = typer.Option("2MB", "--max-body", metavar="SIZE", help="Largest request body (413 beyond): a size such as 512KB or 4MB, or a number of bytes, from 1KB (1024) to 16MB (16777216: an article is cut at 1,000,000 characters, at most 12 MB as JSON, and each connection may hold a body in memory)."),
    max_connections: int = typer.Option(64, "--max-connections", help="Connections served at once (503 beyond): from 1 to 1024 (each holds an open file and may hold a request body in memory)."),
    body_timeout: float = typer.Option(30.0, "--body-timeout", metavar="SECONDS", help="Seconds a request has for its whole body once its head has come (408 beyond): from 1 to 3600. Raise it for clients behind slow links; each slow body holds one of --max-connections that long."),
    no_align: bool = NO_ALIGN,
    min_confidence: Optional[float] = MIN_CONFIDENCE,
    access_log: bool = typer.Option(False, "--access-log", help="Log a line per request on stdout (client, request, status). The server's own warnings are logged on stderr whatever this says, each message at most 10 times a minute."),
) -> None:
    """Serve the index over HTTP (POST /check, POST /articles, GET /articles/{id}/matches, GET /health).

    Binds 127.0.0.1 by default; another address needs --allow-remote. Prints one line saying where it
    serves; --access-log adds a line per request. GET /docs shows the API as a plain page that loads nothing
    from elsewhere (GET /openapi.json: the OpenAPI document). A query string on the API's routes is refused
    (400; GET /health takes any): the bar is --min-confidence.
    """
    from dedup.index.serve import check_limits, run

    with usage_errors():  # a limit out of range, before the index is opened (one line, exit 2)
        body_bytes = body_size(max_body)
        check_limits(body_bytes, max_connections, body_timeout)

    def serving(url: str) -> None:
        typer.echo(f"serving {shown_index(location)} at {url}; Ctrl+C stops it", err=True)

    refuse_mistyped_url(location)  # a new file of that name made and served
    with one_line_errors("stopped"), nothing_left_if_not_made(location):
        run(location, host=host, port=port, align=not no_align, allow_remote=allow_remote, max_body=body_bytes,
            min_confidence=min_confidence, max_connections=max_connections, access_log=access_log,
            body_timeout=body_timeout, serving=serving)
