"""``dedup index add/stats/remove/prune``: a persistent index made, read, thinned (``check``, ``stream`` and
``serve`` are :mod:`dedup.cli.ingest`'s)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional

import typer

from dedup.cli.app import HELP, app
from dedup.cli.failures import fail, one_line_errors, usage_errors
from dedup.cli.indexfile import NEW_WHERE, WHERE, check_index_location, nothing_left_if_not_made, settings_named, shown_index
from dedup.cli.ingest import report_input, said
from dedup.cli.options import MIN_CONFIDENCE, NO_ALIGN, at_most_largest, passage_setting
from dedup.cli.paths import nothing_read, stdin_from_terminal, stdout_open
from dedup.cli.progress import progress_bars
from dedup.report.wiredesk import plural, shown_name, shown_words
from dedup.errors import DedupError
from dedup.skips import skipped_count


index_app = typer.Typer(help="A persistent index (SQLite file or redis:// URL) that flags copies as articles arrive.",
                        short_help="A persistent index: add, stats, remove, prune.",
                        no_args_is_help=True, context_settings=HELP)
app.add_typer(index_app, name="index")


@index_app.command("add", short_help="Add a corpus; say which articles matched earlier ones.")
def index_add(
    location: str = NEW_WHERE,
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
    from dedup.channels import channels_for
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
        check_index_location(location)
        stdin_from_terminal(path)
        with progress_bars(quiet) as report:
            corpus = read_corpus(path, min_words=min_words or MIN_WORDS, progress=report, follow_links=follow_links)
            if not corpus.documents:
                nothing_read(path, corpus.skipped)
            added, matched, refused, same_text = _added(location, corpus.documents, report, dict(
                align=not no_align, min_confidence=min_confidence, min_words=min_words, channels=channels))
        report_input(corpus)
        for line in refused:
            said(f"skipped {line}", err=True)
        if not quiet:
            kept = len(corpus.documents) - added - len(refused)
            said(f"{plural(added, 'article')} added, {_already(kept, same_text)}, {matched} of those added "
                 f"matched earlier articles, {plural(skipped_count(corpus.skipped) + len(refused), 'input')} skipped")


def _added(location: str, documents: Any, report: Any,
           settings: dict[str, Any]) -> tuple[int, int, list[str], list[tuple[str, str]]]:
    """``documents`` added to the index at ``location`` (opened, or made, with ``settings``): how many were
    added, how many of those matched earlier articles, the lines of those the index refused, and the
    (id, stored id) of those whose text it holds under another id."""
    from dedup.index import Index
    from dedup.index.index import long_lived_collector
    from dedup.index.match import same_text_id

    # A new index freezes the corpus's common words, as a scan of this corpus would derive them.
    texts = [d.text for d in documents]
    with settings_named(location), nothing_left_if_not_made(location), Index.open(
            location, common_from=texts, **settings) as index:
        before, matched, refused, same_text = index.stats()["articles"], 0, [], []
        total = len(documents)
        # an article stored before answers with the matches recorded when it was added: counted as
        # matched, a second run said "0 articles added, 11 already indexed, 4 matched earlier articles"
        stored_before = {d.id for d in documents if index.contains(d.id)}
        with _stopped_part_way() as answered:
            # a load owns its process: Python's collections cost 0.08-0.2 CPU ms a story of 1.0-1.1 (15,000
            # Reuters stories, one process), about half of which this setting takes
            with long_lived_collector():
                added = index.add_many(documents, progress=lambda done: report("index", done, total))
            for doc, result in added:
                answered.append(doc.id)
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


@contextmanager
def _stopped_part_way() -> Iterator[list[str]]:
    """A store that fails part way through an add, once articles were answered (a Redis server gone: "Redis at
    redis://... failed: Error 111 connecting ... Connection refused", and nothing more), said with what became of
    the run: what it stored before is kept, and the same command adds the rest. The block appends each article
    answered to the list it is given. A write refused and a damaged index already say what to do."""
    from dedup.errors import DAMAGED_INDEX, WRITE_REFUSED, NotAnIndexError, StorageError

    answered: list[str] = []
    try:
        yield answered
    except StorageError as exc:
        said = str(exc)
        if not answered or isinstance(exc, NotAnIndexError) or said.startswith(
                (DAMAGED_INDEX, WRITE_REFUSED.partition(" (")[0])):
            raise
        raise StorageError(f"{said.rstrip('.')}; index add stopped part way: the articles it stored before are kept, and running "
                           "it again adds the rest (an article stored is not added twice)") from exc


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
def index_stats(location: str = WHERE) -> None:
    """Print the counts, size and settings of an index (JSON)."""
    from dedup.index import Index
    from dedup.report.jsonout import stats_json

    with one_line_errors():
        stdout_open("the stats")  # its only output
        with Index.open(location, create=False) as index:
            typer.echo(stats_json(index.stats()))  # the same JSON, read by a person too


@index_app.command("remove")
def index_remove(location: str = WHERE, article_id: str = typer.Argument(
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
                fail(f"no article {article_id!r} in {shown_index(location)}")
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
    location: str = WHERE,
    older_than: str = typer.Option(..., "--older-than", callback=_age_given, help="Age (30m, 12h, 7d, 2w) or ISO date; by published date, else by date added. An age of 0 or a date still to come (every article) is refused, exit 2."),
) -> None:
    """Remove articles older than an age or a date."""
    from dedup.index import Index
    from dedup.index.stream import parse_age

    with one_line_errors():
        age = parse_age(older_than)
        with Index.open(location, create=False) as index:
            typer.echo(f"removed {plural(index.prune(age), 'article')}")
