"""Ingest: a persistent index (``dedup index add/stats/remove/prune``, ``check``, ``stream``, ``serve``)."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator, Optional

import typer

from dedup.cli.app import HELP, app
from dedup.cli.failures import _unnamed_write, fail, one_line_errors, usage_errors
from dedup.cli.options import MIN_CONFIDENCE, NO_ALIGN, at_most_largest, passage_setting
from dedup.cli.paths import nothing_read, stdin_from_terminal, stdout_open, writable
from dedup.cli.progress import progress_bars
from dedup.report.wiredesk import plural, shown_name, shown_words
from dedup.errors import DedupError, IndexMismatchError, InputError

index_app = typer.Typer(help="A persistent index (SQLite file or redis:// URL) that flags copies as articles arrive.",
                        short_help="A persistent index: add, stats, remove, prune.",
                        no_args_is_help=True, context_settings=HELP)
app.add_typer(index_app, name="index")
_WHERE = typer.Argument(..., metavar="LOCATION", help="Index: a SQLite file or redis://host:port/db (must exist: only index add, stream and serve create one).")
_NEW_WHERE = typer.Argument(..., metavar="LOCATION", help="Index: a SQLite file (created if missing) or redis://host:port/db.")


def _report_input(corpus: Any) -> None:
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


#: The options of ``index add`` that set what an index records, by the name it records them under.
_RECORDED_OPTIONS = {"min_words": "--min-words", "channels": "--passages"}


def _shown(location: str) -> str:
    """``location`` as an output line names it: a Redis URL's password as ``***``."""
    from dedup.index.store import shown_location

    return shown_location(location)


@contextmanager
def _settings_named(location: str) -> Iterator[None]:
    """An index refusing other settings than its own, said in the options that set them."""
    try:
        yield
    except IndexMismatchError as exc:
        if not exc.differ or not set(exc.differ) <= set(_RECORDED_OPTIONS):
            raise
        options = [_RECORDED_OPTIONS[name] for name in exc.differ]
        made = ", ".join(f"{_RECORDED_OPTIONS[name]} {stored}" for name, (stored, _) in exc.differ.items())
        given = ", ".join(asked for _, asked in exc.differ.values())
        fail(f"{_shown(location)} was made with {made} (given: {given}): leave out {' and '.join(options)} to add "
             "to it with its own, or give a new index")


@contextmanager
def _nothing_left_if_not_made(location: str) -> Iterator[None]:
    """A new index file that could not be made (a full disk, a file size limit: SQLite failed before it wrote
    its first page, or after its tables but before any article) is removed, not left behind: every later command
    refused the empty file as "not a dedup index", and the user had to find and delete it. Only a file this
    command created and left without an article goes; a file that was there before, or that holds an article,
    is left as it is."""
    new = "://" not in location and not os.path.lexists(location)
    try:
        yield
    except BaseException:
        if new:
            _remove_if_empty(Path(location))
        raise


def _remove_if_empty(path: Path) -> None:
    """``path`` and the journals SQLite opens beside it, when the file holds no article (empty, or its tables
    made but no article in them: a full disk met while the index was being made) and no journal holds anything."""
    import stat

    beside = [path.with_name(path.name + end) for end in ("-journal", "-wal", "-shm")]
    try:
        mode = path.lstat()
        if not stat.S_ISREG(mode.st_mode) or any(p.exists() and p.stat().st_size for p in beside[:2]):
            return
        if mode.st_size and not _holds_no_article(path):
            return
        for made in (path, *beside):
            made.unlink(missing_ok=True)
    except OSError:  # gone meanwhile, or not ours to remove: the error being reported says enough
        return


def _holds_no_article(path: Path) -> bool:
    """Whether a SQLite file (its journals empty) has no ``articles`` table or no row in it; False when it
    cannot be read as SQLite. Read as immutable: no journal or lock file is made beside it."""
    import sqlite3

    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
        try:
            if not db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'articles'").fetchone():
                return True
            return db.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None
        finally:
            db.close()
    except sqlite3.Error:
        return False


def _check_index_location(location: str) -> None:
    """Before a corpus is read: an index that cannot be opened (another program's file, no such folder,
    an unreachable server) is refused now, not after the reading. A new SQLite file is not made yet."""
    from dedup.index.store import open_storage

    if "://" in location or Path(location).exists():
        open_storage(location).close()
    elif location.endswith(("/", os.sep)):  # it made a file of that name, without the slash
        fail(f"{location}: ends in '/', so it names a folder; give the index's file name")
    elif Path(location).parent.exists() and not Path(location).parent.is_dir():
        fail(f"{Path(location).parent}: is a file, not a folder, so the index cannot be made under it")
    elif not Path(location).parent.is_dir():
        fail(f"{location}: the folder does not exist; create it first")
    else:  # a folder the system will not write in (a read-only file system, /proc) was met after the reading
        writable(Path(location), "index")


@index_app.command("add", short_help="Add a corpus; say which articles matched earlier ones.")
def index_add(
    location: str = _NEW_WHERE,
    path: str = typer.Argument(..., metavar="PATH", help="Folder, file, or - for JSONL on stdin."),
    min_words: Optional[int] = typer.Option(None, "--min-words", min=1, callback=at_most_largest, show_default="20 for a new index", help="Skip articles shorter than this many words. A new index records it (default 20); an existing index keeps its own, and another value is refused."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors and skipped inputs."),
    no_align: bool = NO_ALIGN,
    min_confidence: Optional[float] = MIN_CONFIDENCE,
    follow_links: bool = typer.Option(False, "--follow-links", help="Read the files that links in the folder lead to outside it (by default such links are named among the skipped, not read)."),
    passages: Optional[str] = typer.Option(None, "--passages", callback=passage_setting, help="Passage windows of a new index: default (denser in documents of 500 content words or more), thorough (denser in every document), or sparse (the default before 2026-12-03); see docs/method.md. An index keeps the setting it was made with; given for an existing one, it must be that."),
) -> None:
    """Add a corpus to the index (articles already indexed are left as they are).

    Prints how many articles were added, how many were indexed already, how many of those added matched
    earlier articles (dedup check lists the matches), and how many inputs were skipped.
    """
    from dedup.candidates import channels_for
    from dedup.readable import not_there
    from dedup.reading import read_corpus
    from dedup.records import MIN_WORDS

    with usage_errors():  # a bad name before any work
        channels = channels_for(passages) if passages is not None else None
    with one_line_errors("interrupted; the articles added so far are kept, the batch in progress is not"):
        if path != "-" and not Path(path).exists():
            fail(f"{path}: {not_there(path)}")
        if location == ":memory:":  # SQLite's name for a database in memory: "11 articles added", and none kept
            fail("':memory:' names an index held in memory while the command runs, so index add would keep nothing; "
                 "give a file path (./:memory: for a file of that name)")
        _check_index_location(location)
        stdin_from_terminal(path)
        with progress_bars(quiet) as report:
            corpus = read_corpus(path, min_words=min_words or MIN_WORDS, progress=report, follow_links=follow_links)
            if not corpus.documents:
                nothing_read(path, corpus.skipped)
            added, matched, refused, same_text = _added(location, corpus.documents, report, dict(
                align=not no_align, min_confidence=min_confidence, min_words=min_words, channels=channels))
        _report_input(corpus)
        for line in refused:
            said(f"skipped {line}", err=True)
        if not quiet:
            kept = len(corpus.documents) - added - len(refused)
            said(f"{plural(added, 'article')} added, {_already(kept, same_text)}, {matched} of those added "
                 f"matched earlier articles, {plural(len(corpus.skipped) + len(refused), 'input')} skipped")


def _added(location: str, documents: Any, report: Any,
           settings: dict[str, Any]) -> tuple[int, int, list[str], list[tuple[str, str]]]:
    """``documents`` added to the index at ``location`` (opened, or made, with ``settings``): how many were
    added, how many of those matched earlier articles, the lines of those the index refused, and the
    (id, stored id) of those whose text it holds under another id."""
    from dedup.index import Index
    from dedup.index.match import same_text_id

    # A new index freezes the corpus's common words, as a scan of this corpus would derive them.
    texts = [d.text for d in documents]
    with _settings_named(location), _nothing_left_if_not_made(location), Index.open(
            location, common_from=texts, **settings) as index:
        before, matched, refused, same_text = index.stats()["articles"], 0, [], []
        total = len(documents)
        # an article stored before answers with the matches recorded when it was added: counted as
        # matched, a second run said "0 articles added, 11 already indexed, 4 matched earlier articles"
        stored_before = {d.id for d in documents if index.contains(d.id)}
        for doc, result in index.add_many(documents, progress=lambda done: report("index", done, total)):
            if isinstance(result, DedupError):
                refused.append(shown_words(f"{shown_name(doc.id)}: {result}"))
            elif (stored_as := same_text_id(result)) is not None:
                same_text.append((doc.id, stored_as))
            elif doc.id not in stored_before:
                matched += bool(result)
        # another writer's adds meanwhile are not this run's: the count is kept within what it gave and
        # could store (a text stored under another id is not stored again: it said "3 articles added, 0
        # already stored (1 the same text under another id)")
        could = len(documents) - len(refused) - len(same_text)
        return max(0, min(index.stats()["articles"] - before, could)), matched, refused, same_text


def _already(kept: int, same_text: list[tuple[str, str]]) -> str:
    """The summary's count of articles not stored, saying which were stored before under another id
    (their text is: an index holds a text once)."""
    if not same_text:
        return f"{kept} already indexed"
    if kept == 1:
        new_id, stored_id = same_text[0]
        return f"{shown_name(new_id)} already stored under the id {shown_name(stored_id)} (the same text)"
    same_id = f"{kept - len(same_text)} under the same id, " if kept > len(same_text) else ""
    return f"{kept} already stored ({same_id}{len(same_text)} the same text under another id)"


@index_app.command("stats")
def index_stats(location: str = _WHERE) -> None:
    """Print the counts, size and settings of an index (JSON)."""
    from dedup.index import Index
    from dedup.report.jsonout import stats_json

    with one_line_errors():
        stdout_open("the stats")  # its only output
        with Index.open(location, create=False) as index:
            typer.echo(stats_json(index.stats()))  # the same JSON, read by a person too


@index_app.command("remove")
def index_remove(location: str = _WHERE, article_id: str = typer.Argument(
        ..., metavar="ID", help="The article's id in the index, as dedup check lists it.")) -> None:
    """Remove one article (and its recorded matches)."""
    from dedup.formats import file_name
    from dedup.index import Index

    # an id typed as the file name it came from, with bytes that are not UTF-8 (a traceback): the id that
    # name was given (each such byte written \xe9)
    article_id = file_name(article_id)
    with one_line_errors():
        with Index.open(location, create=False) as index:
            if not index.remove(article_id):
                fail(f"no article {article_id!r} in {_shown(location)}")
        typer.echo(f"removed {shown_name(article_id)}")


def _age_given(value: str) -> str:
    """``--older-than`` read as the command line is: a value it refuses (no age or date, an age of 0, a date
    still to come) is a usage error, exit 2, as every other option's refused value is (it was exit 1, as if
    the index had failed)."""
    from dedup.cli.usage import OwnWords
    from dedup.errors import InputError
    from dedup.index.stream import parse_age

    try:
        parse_age(value)
    except InputError as exc:
        raise OwnWords(str(exc).removeprefix(repr(value)).lstrip(": ")) from exc
    return value


@index_app.command("prune")
def index_prune(
    location: str = _WHERE,
    older_than: str = typer.Option(..., "--older-than", callback=_age_given, help="Age (30m, 12h, 7d, 2w) or ISO date; by published date, else by date added. An age of 0 or a date still to come (every article) is refused, exit 2."),
) -> None:
    """Remove articles older than an age or a date."""
    from dedup.index import Index
    from dedup.index.stream import parse_age

    with one_line_errors():
        age = parse_age(older_than)
        with Index.open(location, create=False) as index:
            typer.echo(f"removed {plural(index.prune(age), 'article')}")


@app.command(short_help="Which indexed articles an article copies (adds nothing).")
def check(
    location: str = _WHERE,
    article: str = typer.Argument(..., metavar="ARTICLE", help="The article (.txt .md .html .json), or a .jsonl file or folder of several: each is checked."),
    json_out: bool = typer.Option(False, "--json", help='Print the matches as JSON, one line per article: {"id", "matches"}.'),
    no_align: bool = NO_ALIGN,
    min_confidence: Optional[float] = MIN_CONFIDENCE,
    follow_links: bool = typer.Option(False, "--follow-links", help="With a folder: read the files that links in it lead to outside it (by default such links are named among the skipped, not read: see scan)."),
) -> None:
    """Which indexed articles does this article copy, partly reuse or rewrite? (changes nothing)

    Each line: the stored article's id, verdict, confidence, jaccard (word 5-grams), contained (the share of
    this article's 5-grams in the stored one), content (rare-word Jaccard), outlet and title. With several articles (a .jsonl file, a folder), each is checked; the id leads each line. Every input
    left out is named on stderr; the exit code is 1 when an article among them could not be read (a file
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
            several = len(corpus.documents) + len(corpus.skipped) > 1
            if several:
                _report_input(corpus)
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
        if not corpus.documents:
            fail(f"{article}: no article to check")
        unread = len([s for s in corpus.skipped if s.article]) + refused
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
                 shown_name(m.outlet or ''), shown_name(m.title or '')])
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
    location: str = _NEW_WHERE,
    check_only: bool = typer.Option(False, "--check-only", help="Only check; add nothing (the index must exist)."),
    no_align: bool = NO_ALIGN,
    min_confidence: Optional[float] = MIN_CONFIDENCE,
) -> None:
    """JSONL articles on stdin -> one JSON result line per article on stdout, each article checked and added.

    Each result: {"line", "id", "matches"}, with "stored_before": true for an id stored before (its matches are
    those recorded then: a feed given again answers as it did), or {"line", "error"} (with "id" when the line
    gives one). A bad line gives an error object and the stream goes on; --check-only adds nothing.
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
            _check_index_location(location)
            first = next(lines, None)
            if first is None:  # nothing came: no index is made (at a mistyped path, say)
                return
            lines = itertools.chain([first], lines)
        with _nothing_left_if_not_made(location), \
                Index.open(location, align=not no_align, create=not check_only, min_confidence=min_confidence) as index:
            for result in stream_results(index, lines, add=not check_only):
                try:
                    sys.stdout.write(result + "\n")  # a reader gone (``| head``): one_line_errors stops quietly
                    sys.stdout.flush()
                except BrokenPipeError:
                    raise
                except OSError as exc:  # an output that takes no more (a full disk): which answer was lost
                    fail(f"{exc.strerror or exc}{_unnamed_write(exc)}; {_unanswered(result, check_only)}")


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


@app.command(short_help="Serve the index over HTTP: check, add, matches.")
def serve(
    location: str = _NEW_WHERE,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind. There is no authentication: an address other machines can reach is refused unless --allow-remote is given."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    allow_remote: bool = typer.Option(False, "--allow-remote", help="Allow --host to be an address other machines can reach (put an authenticating proxy in front)."),
    max_body: str = typer.Option("2MB", "--max-body", metavar="SIZE", help="Largest request body (413 beyond): a size such as 512KB or 4MB, or a number of bytes, from 1KB (1024) to 16MB (16777216: an article is cut at 1,000,000 characters, at most 12 MB as JSON, and each connection may hold a body in memory)."),
    max_connections: int = typer.Option(64, "--max-connections", help="Connections served at once (503 beyond): from 1 to 1024 (each holds an open file and may hold a request body in memory)."),
    body_timeout: float = typer.Option(30.0, "--body-timeout", metavar="SECONDS", help="Seconds a request has for its whole body once its head has come (408 beyond): from 1 to 3600. Raise it for clients behind slow links; each slow body holds one of --max-connections that long."),
    no_align: bool = NO_ALIGN,
    min_confidence: Optional[float] = MIN_CONFIDENCE,
    access_log: bool = typer.Option(False, "--access-log", help="Log a line per request on stdout (client, request, status)."),
) -> None:
    """Serve the index over HTTP (POST /check, POST /articles, GET /articles/{id}/matches, GET /health).

    Binds 127.0.0.1 by default; another address needs --allow-remote. Prints one line saying where it
    serves; --access-log adds a line per request.
    """
    from dedup.errors import SettingsError
    from dedup.index.serve import MAX_BODY_LIMIT, MIN_BODY, check_limits, run
    from dedup.memory import parse_size

    with usage_errors():  # a limit out of range, before the index is opened (one line, exit 2)
        body_bytes = parse_size(max_body.strip(), "--max-body")  # "2MB" was "Input should be a valid integer"
        if not max_body.strip().isdigit() and not MIN_BODY <= body_bytes <= MAX_BODY_LIMIT:  # named as given
            raise SettingsError(f"--max-body {max_body.strip()[:40]} ({body_bytes:,} bytes): give from 1KB (1024) to "
                                f"16MB ({MAX_BODY_LIMIT}) bytes")
        check_limits(body_bytes, max_connections, body_timeout)

    def serving(url: str) -> None:
        typer.echo(f"serving {_shown(location)} at {url}; Ctrl+C stops it", err=True)

    with one_line_errors("stopped"), _nothing_left_if_not_made(location):
        run(location, host=host, port=port, align=not no_align, allow_remote=allow_remote, max_body=body_bytes,
            min_confidence=min_confidence, max_connections=max_connections, access_log=access_log,
            body_timeout=body_timeout, serving=serving)
