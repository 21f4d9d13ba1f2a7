"""Terminal rendering with rich: the scan summary a person reads (a compared pair:
:mod:`dedup.report.terminalpair`)."""

from __future__ import annotations

import errno
import os
import shutil
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from dedup.desk import later_version
from dedup.skips import skipped_count
from dedup.report.wiredesk import MORE_ROWS, credit_cell, plural, render_outlets, render_stories, shown_name, shown_words

if TYPE_CHECKING:
    from dedup.result import ScanResult

__all__ = ["render_scan", "VERDICT_STYLE", "KIND_STYLE"]

KIND_STYLE = {"verbatim": "bold red", "edited": "yellow", "paraphrase": "magenta", "new": "green", "unused": "dim"}

VERDICT_STYLE = {"duplicate": "bold red", "partial": "yellow", "rewrite": "magenta"}


def render_scan(result: "ScanResult", *, max_rows: int = 50, width: int | None = None) -> Group:
    """Summary line, pairs table, clusters table and skipped files, as one printable group.

    ``width`` (the terminal's) lets long file names break after a ``/`` or ``-`` rather than mid-word.
    """
    stats = result.stats
    by_verdict = stats.get("pairs_by_verdict", {})
    # with no pair, the answer in words: "0 pairs (0 duplicate, 0 partial, 0 rewrite)" said it in zeros; and
    # as much as the evidence holds: none found sure enough to report ("no article copies another" was more)
    bar = (getattr(result, "settings", None) or {}).get("min_confidence")
    # a kind none of the pairs is goes unsaid: "1 pair (1 duplicate, 0 partial, 0 rewrite)" read as a form
    found = (f" ({', '.join(f'{n:,} {v}' for v, n in by_verdict.items() if n)})" if result.pairs
             else " (one article alone: nothing to compare it with)" if stats.get("documents", 0) == 1
             else ": none found that copies, partly reuses or rewrites another"
             + (f" with a confidence of {bar:.2f} or more" if isinstance(bar, (int, float)) else ""))
    head = Text.assemble(
        (counted(stats.get("documents", 0), "article"), "bold"),
        f", {counted(len(result.pairs), 'pair')}{found}",
        f", {counted(len(result.clusters), 'cluster')}, {skipped_count(result.skipped):,} skipped",
        f" in {stats.get('seconds', {}).get('total', 0):.2f} s",
    )
    parts: list[object] = [head]
    if result.pairs:
        parts.append(_pairs_table(result, max_rows, width))
    desk = getattr(result, "desk", None)
    parts.extend(t for t in (render_stories(desk, max_rows), render_outlets(desk, max_rows, width)) if t is not None)
    if result.clusters:
        parts.append(_clusters_table(result, max_rows))
    if result.skipped:
        parts.append(_skipped_table(result, max_rows))
    for warning in result.warnings[:max_rows]:
        parts.append(Text(f"warning: {shown_words(warning)}", style="dim"))
    return Group(*parts)  # type: ignore[arg-type]


def counted(n: int, word: str) -> str:
    """:func:`plural` with thousands separated, as a reader counts a large corpus: "3,980 articles" (the scan's
    summary read "3980 articles, 2742 pairs (1189 duplicate ...)").

    >>> counted(3980, "article"), counted(1, "pair")
    ('3,980 articles', '1 pair')
    """
    return plural(n, word).replace(str(n), f"{n:,}", 1)


#: Columns of the pairs table other than the names, with their padding and borders, under 120 columns: the
#: verdict, taken, direction and credit (the word-overlap figures J5 and "in other" are shown from 120
#: columns on: at 80 they left the names 17 characters, and a file name broke into four or five pieces).
_FIXED_WIDTH = 46
#: The same under :data:`NARROWEST` columns, where the direction's basis and the credit share a column.
_FIXED_NARROW = 36
#: Under this many columns the pairs table joins the direction's basis and the credit in one column.
NARROWEST = 75
#: The narrowest terminal the report is laid out for (from this to :data:`NARROWEST`, the pairs table in four
#: columns, the outlets table too): a 60-column terminal wrapped each line of a 72-column table in two, and the
#: summary line, the outlets and clusters tables and their captions, laid out 75 wide, were cut or wrapped.
PAIRS_NARROWEST = 60
#: From this many columns the pairs table shows every column, a pair on one line.
WIDE = 120


def _pairs_table(result: "ScanResult", max_rows: int, width: int | None = None) -> Table:
    table = Table(title="Pairs", title_justify="left", caption_justify="left", show_lines=False)
    # under 75 columns (from 60) the direction's basis and the credit share a column, one above the other
    joined = width is not None and PAIRS_NARROWEST <= width < NARROWEST
    names = (None if width is None or width >= WIDE else
             width - _FIXED_NARROW if joined else max(12, max(width, NARROWEST) - _FIXED_WIDTH))
    # wide, the verdict and its confidence share a line: a pair is one line, not two, at 120 columns and more
    table.add_column("verdict\nconf." if names is not None else "verdict conf.", no_wrap=True)
    header = "source -> derived  (a <-> b: direction unknown)" if names is None else "source -> derived"
    table.add_column(header, overflow="fold", ratio=3)
    table.add_column("taken", justify="right", no_wrap=True)
    if names is None:
        table.add_column("J5", justify="right", no_wrap=True)
        table.add_column("in\nother", justify="right", no_wrap=True)
    if joined:
        table.add_column("direction\ncredit", no_wrap=True)
    else:
        table.add_column("direction by" if names is None else "direction\nby", no_wrap=True)
        table.add_column("credit", no_wrap=True)
    desk = getattr(result, "desk", None)
    shown = [p for p in result.pairs if desk is None or (p.a, p.b) not in desk.pairs or not desk.pairs[(p.a, p.b)].story]
    for pair in shown[:max_rows]:
        coverage = pair.alignment.coverage.derived_from_source if pair.alignment is not None else None
        overlap = [] if names is not None else [f"{pair.evidence.jaccard:.2f}",
                                                f"{max(pair.evidence.a_in_b, pair.evidence.b_in_a):.0%}"]
        table.add_row(
            Text.assemble((pair.verdict, VERDICT_STYLE.get(pair.verdict, "")),
                          f"{' ' * (10 - len(pair.verdict)) if names is None else chr(10)}{pair.confidence:.2f}"),
            _who(pair, names),
            f"{coverage:.0%}" if coverage is not None else "-",
            *overlap,
            *_direction_and_credit(pair, desk, short=names is not None, joined=joined),
        )
    table.caption = _pairs_caption(narrow=names is not None)
    if any(_sign(desk, pair) for pair in shown[:max_rows]):
        table.caption += ("; earlier +N (wire +N): the later has N sentences in the source's own words that the "
                          "earlier article lacks, a sign it took from the source (which: --json, --html)")
    if len(shown) < len(result.pairs):
        hidden = len(result.pairs) - len(shown)
        table.caption += (f". {plural(hidden, 'pair')} between versions of one story {'is' if hidden == 1 else 'are'} "
                          "listed under Stories, not here")
    if len(shown) > max_rows:
        table.caption += f". {counted(len(shown) - max_rows, 'more pair')} {MORE_ROWS}"
    return table


def _direction_and_credit(pair: Any, desk: Any, *, short: bool, joined: bool) -> list[Text]:
    """The cells of what told the direction and of the credit; ``joined``, one cell, the one above the other."""
    # the sign, "+3": how many sentences, bold beside the dim basis (a dim "+", one character, was missed)
    sign = _sign(desk, pair)
    basis = Text.assemble((_basis(pair, short=short, wire=_has_wire(desk, pair), agencies=_wire_agencies(desk, pair),
                                  version=_later_version(desk, pair)), "dim"), (f" +{sign}" if sign else "", "bold"))
    credit = credit_cell(desk, pair.a, pair.b, bool(pair.source and pair.derived) and not _has_wire(desk, pair))
    return [Text.assemble(basis, "\n", credit)] if joined else [basis, credit]


def _who(pair: Any, names: int | None) -> Text:
    """The pair's two names, ``source -> derived`` or ``a <-> b``; ``names`` wide at most, each name broken
    at its folder, the arrow always after the first: a first name that leaves no room for it on its last line
    is broken so that it does (the arrow stood on a line of its own between two names of 33 characters)."""
    if pair.source and pair.derived:
        first, arrow, second = shown_name(pair.source), " ->", shown_name(pair.derived)
    else:
        first, second = (shown_name(name) for name in laid_out(pair))
        arrow = " <->"
    if names is None:
        return Text.assemble(first, (arrow, "bold"), " ", second)
    head = _break(first, names)
    if len(head.rsplit("\n", 1)[-1]) + len(arrow) > names:
        head = _break(first, names - len(arrow))
    return Text.assemble(head, (arrow, "bold"), "\n", _break(second, names))


def laid_out(pair: Any) -> tuple[str, str]:
    """A pair of unknown direction's two ids as its alignment lays them out (the reading that traces more: its
    "source" first), else ``a``, ``b``: the "taken" beside it is the second's share, as ``compare`` and the
    pair page say (the table listed ``a`` first whatever the reading, and "taken" was then the first's)."""
    alignment = getattr(pair, "alignment", None)
    if alignment is not None and {alignment.source_document.id, alignment.derived_document.id} == {pair.a, pair.b}:
        return alignment.source_document.id, alignment.derived_document.id
    return pair.a, pair.b


def _pairs_caption(*, narrow: bool) -> str:
    """What each column of the pairs table says (under 120 columns, where the word-overlap figures are left out)."""
    overlap = ("" if narrow else "J5: word 5-gram Jaccard; in other: the larger share of one text's 5-grams found "
               "in the other; ")
    caption = (
        "conf.: calibrated probability that one text was taken from the other (why: --json, --html); "
        "taken: share of the derived text traced to the source by sentence alignment (a <-> b: of b, the text "
        "read as derived, as compare and --html lay the two out); " + overlap +
        "direction by: what told who took from whom ("
        + ("times: publication times; texts: which text covers more of the other; " if narrow else "")
        + "wire" + (" copy" if not narrow else "") + ": published first, but both texts, or one, credit another "
        "agency's copy, which either may have taken; earlier" + (" copy" if not narrow else "") + ": published "
        "first, but an article published before both has the text too; " + ("version" if narrow else "own version")
        + ": published later, but a later version of its outlet's own story, first sent before the earlier: it took "
        "nothing from it; the full reason in --json and --html); "
        "credit: whether the derived article credits the source (yes, no, agency: the agency the source's text "
        "credits, not its outlet, or ?: no name to look for, both articles one outlet's, or its own version; neither: who took from whom is unknown (a <-> b, wire or earlier) and neither "
        "article credits the other, which charges neither)"
    )
    if narrow:
        caption += ("; a <-> b: direction unknown; J5 and in other (the shared wording): from 120 columns on, "
                    "and in --json and --html")
    return caption


def _break(name: str, width: int) -> str:
    """``name`` in lines of at most ``width`` characters, broken after a ``/`` where possible (a folder,
    such as the outlet's, on its own line), else after a ``-`` or ``_`` (a file name read in pieces, not
    cut mid-word).

    A ``/`` is passed over for a later ``-`` or ``_`` when it would leave a short line and what follows it does
    not fit on one either: a folder too long for a line put "chronicle/" alone on one.

    >>> print(_break("weeklyreview/northern-industry-feature.txt", 34))
    weeklyreview/
    northern-industry-feature.txt
    >>> print(_break("the-international-herald-evening-chronicle/2026-12-05-port-strike-talks-go-on.txt", 34))
    the-international-herald-evening-
    chronicle/2026-12-05-port-strike-
    talks-go-on.txt
    """
    lines: list[str] = []
    while len(name) > width:
        folder = name.rfind("/", 0, width) + 1
        other = max(name.rfind(mark, 0, width) for mark in "-_") + 1
        if folder and (folder >= width // 2 or len(name) - folder <= width or other <= folder):
            cut = folder
        else:
            cut = other or folder or width
        lines.append(name[:cut])
        name = name[cut:]
    return "\n".join(lines + [name])


def _has_wire(desk: Any, pair: Any) -> bool:
    """Whether a common source is in sight: another agency's copy the texts credit, or an earlier article
    reported with both (:attr:`dedup.desk.PairDesk.wire`)."""
    found = desk.pairs.get((pair.a, pair.b)) if desk is not None else None
    return bool(found is not None and getattr(found, "wire", None))


def _sign(desk: Any, pair: Any) -> int:
    """How many sentences the later article has in the source's own words that the earlier articles reported with
    both lack (:func:`dedup.desk.source_wording`; 0: none): a sign, shown beside "earlier", that it took from the
    source."""
    found = desk.pairs.get((pair.a, pair.b)) if desk is not None else None
    return int(getattr(found.wire, "apart", 0) or 0) if found is not None and getattr(found, "wire", None) else 0


def _later_version(desk: Any, pair: Any) -> bool:
    """Whether the derived article is a later version of its outlet's story, first sent before the source
    (:func:`dedup.desk.later_version`): publication order tells no taking there."""
    found = desk.pairs.get((pair.a, pair.b)) if desk is not None else None
    return found is not None and later_version(found.credit) is not None


def _wire_agencies(desk: Any, pair: Any) -> bool:
    """Whether the pair's common source is an agency its texts credit (not only an earlier article)."""
    found = desk.pairs.get((pair.a, pair.b)) if desk is not None else None
    return bool(found is not None and getattr(found, "wire", None) and found.wire.agencies)


def _basis(pair, *, short: bool = False, wire: bool = False, agencies: bool = True,  # type: ignore[no-untyped-def]
           version: bool = False) -> str:
    """The direction's basis in a word or two (the full reason is in --json and the HTML report); ``short``,
    one word (``times``, ``texts``), as an 80-column table has room for. ``wire``: a common source is in
    sight, so that the order they were published in does not show who took from whom: ``wire`` when the
    texts credit another agency's copy (``agencies``), else ``earlier`` (an article published before both
    has the text). ``version``: the later is a later version of its outlet's own story, first sent before the
    earlier (``version``, ``own version``): it took nothing from it."""
    reason = pair.direction_reason or ""
    if not pair.source or reason.startswith("unknown"):
        return "unknown"
    if version:
        return "version" if short else "own version"
    if wire and not agencies:
        return "earlier" if short else "earlier copy"
    if wire:
        return "wire" if short else "wire copy"
    if "published" in reason:
        return "times" if short else "publication time"
    return "texts" if short else "text coverage"


def _clusters_table(result: "ScanResult", max_rows: int) -> Table:
    table = Table(title="Clusters", title_justify="left", caption_justify="left")
    table.add_column("cluster")
    table.add_column("size", justify="right")
    table.add_column("members", overflow="fold")
    for cluster in result.clusters[:max_rows]:
        table.add_row(Text(cluster.id), str(len(cluster.members)), Text(", ".join(map(shown_name, cluster.members))))  # names are no markup
    if len(result.clusters) > max_rows:
        table.caption = f"{counted(len(result.clusters) - max_rows, 'more cluster')} {MORE_ROWS}"
    return table


def _skipped_table(result: "ScanResult", max_rows: int) -> Table:
    table = Table(title="Skipped", title_justify="left", caption_justify="left")
    table.add_column("input")
    table.add_column("reason")
    for skipped in result.skipped[:max_rows]:
        table.add_row(Text(shown_name(skipped.path)), Text(shown_words(skipped.reason)))
    if len(result.skipped) > max_rows:  # a row may count many (dedup.skips): the count is theirs
        table.caption = f"{counted(skipped_count(result.skipped[max_rows:]), 'more input')} skipped, {MORE_ROWS}"
    return table


class _Console(Console):
    """rich's console, leaving a closed output pipe to the command (``dedup compare a b | head``): rich's own
    answer exits with status 1 and no word, which a script reads as a failure, where every other writer of
    dedup stops as a filter does (status 141)."""

    def on_broken_pipe(self) -> None:
        self.quiet = True  # nothing more is written to it
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


def console(*, stderr: bool = False) -> Console:
    """A console that stays plain when output is not a terminal (pipes, CI logs)."""
    out = _Console(stderr=stderr, highlight=False, soft_wrap=False)
    if out.width < 1:  # COLUMNS=0 (a pseudo-terminal whose size was never set): rich printed nothing at all
        out.width = shutil.get_terminal_size().columns or 80
    # narrower, the pairs table cut its figures to "…" and hid whole columns, and COLUMNS=1 printed one
    # character a line: the report is laid out at least 60 wide, and the terminal wraps what is wider than it
    out.asked_width = out.width  # type: ignore[attr-defined]  # the pairs table is laid out for it from 60 on
    out.width = max(out.width, PAIRS_NARROWEST)
    return out
