"""Terminal rendering with rich: the scan summary a person reads."""

from __future__ import annotations

import errno
import os
import shutil
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from dedup.report.reasons import direction_why, reason_label, sentences_reading
from dedup.report.wiredesk import MORE_ROWS, credit_cell, plural, render_outlets, render_stories, shown_name, shown_words

if TYPE_CHECKING:
    from dedup.result import ScanResult

__all__ = ["render_scan", "render_alignment", "render_judgement", "answer_line", "linked_sentences",
           "VERDICT_STYLE", "KIND_STYLE"]

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
        f", {counted(len(result.clusters), 'cluster')}, {len(result.skipped):,} skipped",
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
    basis = Text.assemble((_basis(pair, short=short, wire=_has_wire(desk, pair), agencies=_wire_agencies(desk, pair)),
                           "dim"), (f" +{sign}" if sign else "", "bold"))
    credit = credit_cell(desk, pair.a, pair.b, bool(pair.source and pair.derived) and not _has_wire(desk, pair))
    return [Text.assemble(basis, "\n", credit)] if joined else [basis, credit]


def _who(pair: Any, names: int | None) -> Text:
    """The pair's two names, ``source -> derived`` or ``a <-> b``; ``names`` wide at most, each name broken
    at its folder, the arrow always after the first: a first name that leaves no room for it on its last line
    is broken so that it does (the arrow stood on a line of its own between two names of 33 characters)."""
    if pair.source and pair.derived:
        first, arrow, second = shown_name(pair.source), " ->", shown_name(pair.derived)
    else:
        first, arrow, second = shown_name(pair.a), " <->", shown_name(pair.b)
    if names is None:
        return Text.assemble(first, (arrow, "bold"), " ", second)
    head = _break(first, names)
    if len(head.rsplit("\n", 1)[-1]) + len(arrow) > names:
        head = _break(first, names - len(arrow))
    return Text.assemble(head, (arrow, "bold"), "\n", _break(second, names))


def _pairs_caption(*, narrow: bool) -> str:
    """What each column of the pairs table says (under 120 columns, where the word-overlap figures are left out)."""
    overlap = ("" if narrow else "J5: word 5-gram Jaccard; in other: the larger share of one text's 5-grams found "
               "in the other; ")
    caption = (
        "conf.: calibrated probability that one text was taken from the other (why: --json, --html); "
        "taken: share of the derived text traced to the source by sentence alignment (a <-> b: of the one "
        "laid out as derived, --html shows which); " + overlap +
        "direction by: what told who took from whom ("
        + ("times: publication times; texts: which text covers more of the other; " if narrow else "")
        + "wire" + (" copy" if not narrow else "") + ": published first, but both texts, or one, credit another "
        "agency's copy, which either may have taken; earlier" + (" copy" if not narrow else "") + ": published "
        "first, but an article published before both has the text too; the full reason in --json and --html); "
        "credit: whether the derived article credits the source (yes, no, agency: the agency the source's text "
        "credits, not its outlet, or ?: no name to look for, or both articles one outlet's; neither: who took from whom is unknown (a <-> b, wire or earlier) and neither "
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


def _wire_agencies(desk: Any, pair: Any) -> bool:
    """Whether the pair's common source is an agency its texts credit (not only an earlier article)."""
    found = desk.pairs.get((pair.a, pair.b)) if desk is not None else None
    return bool(found is not None and getattr(found, "wire", None) and found.wire.agencies)


def _basis(pair, *, short: bool = False, wire: bool = False, agencies: bool = True) -> str:  # type: ignore[no-untyped-def]
    """The direction's basis in a word or two (the full reason is in --json and the HTML report); ``short``,
    one word (``times``, ``texts``), as an 80-column table has room for. ``wire``: a common source is in
    sight, so that the order they were published in does not show who took from whom: ``wire`` when the
    texts credit another agency's copy (``agencies``), else ``earlier`` (an article published before both
    has the text)."""
    reason = pair.direction_reason or ""
    if not pair.source or reason.startswith("unknown"):
        return "unknown"
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
    if len(result.skipped) > max_rows:
        table.caption = f"{counted(len(result.skipped) - max_rows, 'more input')} skipped, {MORE_ROWS}"
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


def render_judgement(compared: Any, bar: float | None = None, wire: str | None = None) -> Text:
    """The answer on a compared pair (a :class:`dedup.result.Comparison`), first line first: the kind or
    "not reported", the confidence (beside ``bar``, the confidence a pair is reported from, when it is not
    reported), who took how many sentences from whom (:func:`answer_line`); then the features that weighed
    most."""
    kind = compared.verdict or "not reported"
    head = Text.assemble((kind, VERDICT_STYLE.get(kind, "bold")))
    if not compared.channels:
        return Text.assemble(head, " (the texts share too little to be candidates: a scan of the two reports nothing)")
    if compared.verdict is None and bar is not None:
        # three decimals: "0.63, under the bar 0.63" would read as a contradiction
        head.append(f", confidence {compared.confidence:.3f}, under the bar {bar:.3f}")
    else:
        head.append(f", confidence {compared.confidence:.2f}")
    head.append(": " + answer_line(compared.alignment, wire))
    head.stylize("bold")
    return Text.assemble(head, "\n", ("weighed most", "bold"), f": {weighed_most(compared.why)}")


def weighed_most(reasons: Any) -> str:
    """The features that weighed most, in words (their names are in --json): those for the verdict, then those
    against it, each with its weight (a label may hold a comma: semicolons between them). A reader saw six
    signed figures in a row and had to tell the reasons for from those against by their signs.

    >>> from dedup.confidence import Reason
    >>> weighed_most([Reason("passages_log", 1.6094, 1.7), Reason("cover_verbatim", 0.0, -0.3)])
    'for it, shared passages (4) +1.7. Against it, text in sentences copied word for word (0%) -0.3'
    """
    sides = []
    for word, picked in (("for", [r for r in reasons if r.contribution >= 0]),
                         ("against", [r for r in reasons if r.contribution < 0])):
        if picked:
            lead = f"{word} it, " if not sides else f"{word.capitalize()} it, "
            sides.append(lead + "; ".join(f"{reason_label(r.feature, r.value)} {r.contribution:+.1f}" for r in picked))
    return ". ".join(sides)


def linked_sentences(alignment: Any) -> tuple[int, int]:
    """How many of the derived text's sentences the alignment links to the source, and how many it has."""
    spans = [span for link in alignment.links for span in link.derived_spans]
    sentences = alignment.derived_sentences
    linked = sum(1 for s in sentences if any(start < s.end and s.start < end for start, end in spans))
    return linked, len(sentences)


def answer_line(alignment: Any, wire: str | None = None) -> str:
    """Who took how much from whom, in one line: the answer a reader looks for first.

    With a known direction "B took 12 of its 15 sentences (80% of its text) from A, told by ..."; with an
    unknown one the same counts said of the reading laid out as source and derived, claiming no direction.
    ``wire``: another agency's copy the texts credit (:meth:`dedup.wirecopy.WireCopy.said`): then the counts are
    said of the later article against the earlier, and what the credit leaves open, not "took".
    """
    linked, total = linked_sentences(alignment)
    share = alignment.coverage.derived_from_source
    source, derived = shown_name(alignment.source_document.id), shown_name(alignment.derived_document.id)
    whole = linked == total > 1  # "all 4 of its sentences", not "4 of its 4"; "1 of its 1 sentence" reads as one
    if alignment.source and wire:
        counted = f"All {total} sentences" if whole else f"{linked} of the {plural(total, 'sentence')}"
        verb = "has" if 1 in (linked, total) else "have"
        return (f"{counted} of {derived} ({share:.0%} of its text) {verb} a counterpart in {source}, published "
                f"earlier; {wire}")
    if alignment.source:
        basis = "publication times" if "published" in (alignment.direction_reason or "") else "the texts"
        taken = f"all {total} of its sentences" if whole else f"{linked} of its {plural(total, 'sentence')}"
        return f"{derived} took {taken} ({share:.0%} of its text) from {source} (told by {basis})"
    counted = f"All {total} sentences" if whole else f"{linked} of the {plural(total, 'sentence')}"
    verb = "has" if 1 in (linked, total) else "have"
    return (f"{counted} of {derived} ({share:.0%} of its text) {verb} a counterpart in {source}; who took from whom "
            "is unknown")


def render_alignment(alignment: Any, wire: str | None = None) -> Group:
    """Two columns, source and derived, aligned sentences side by side and coloured by kind; ``wire``: what
    another agency's credit leaves open of the direction (:func:`answer_line`)."""
    src, der = alignment.source_document, alignment.derived_document
    head = Text.assemble(
        # the sentences' own reading, shown under its own name: the pair's verdict is render_judgement's
        ("sentences: ", "bold"), (sentences_reading(alignment.verdict, directed=bool(alignment.source) and not wire), "bold"), "\n",
        ("direction: ", "bold"),
        f"{shown_name(alignment.source)} -> {shown_name(alignment.derived)}" if alignment.source else "unknown",
        f" (the order of publication; {wire})" if alignment.source and wire else "", "\n",
        ("why: ", "bold"), direction_why(alignment.direction_reason, (src.published, der.published)), "\n",
        # the two ids whole, on lines of their own: in a column header a long path was cut mid-name
        *_sides_named(alignment, src.id, der.id, wire=bool(wire)),
        ("coverage: ", "bold"), _coverage_words(alignment, directed=not wire),
    )
    table = Table(show_lines=True, expand=True)
    # the link's number, as --json and the changed facts under the table name it
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    directed = bool(alignment.source) and not wire  # another agency's copy credited: who took is not known
    table.add_column("source" if directed else "left", ratio=1, overflow="fold")
    table.add_column("derived" if directed else "right", ratio=1, overflow="fold")
    for number, kind, label, left, right in _alignment_rows(alignment):
        table.add_row(number, Text(label, style=KIND_STYLE.get(kind, "")),
                      Text(left, style="dim" if kind == "unused" else ""), Text(right))
    legend = Text.assemble(*[(f" {k} ", v) for k, v in KIND_STYLE.items()],
                           ("\nnew: in the right text only (its own reporting, or taken from elsewhere); unused: in "
                            "the left text only", "dim"))
    return Group(head, table, legend)


def _sides_named(alignment: Any, left: str, right: str, *, wire: bool = False) -> tuple[Any, ...]:
    """The two articles as laid out: "source (left)" and "derived (right)" when the direction is known; when
    it is not, which one is laid out as source, said as a layout, not as a finding; with another agency's
    copy credited (``wire``), the earlier and the later."""
    if alignment.source and wire:
        return (("left (published first, laid out as source): ", "bold"), shown_name(left), "\n",
                ("right (published later): ", "bold"), shown_name(right), "\n")
    if alignment.source:
        return (("source (left): ", "bold"), shown_name(left), "\n", ("derived (right): ", "bold"), shown_name(right), "\n")
    return (("left (laid out as source; direction unknown): ", "bold"), shown_name(left), "\n",
            ("right (laid out as derived): ", "bold"), shown_name(right), "\n")


def _coverage_words(alignment: Any, *, directed: bool = True) -> str:
    """The coverage line: how much of the derived text comes from the source; with the direction unknown (or
    not ``directed``: another agency's copy credited), how much of the right text has a counterpart in the left
    ("comes from" would say who took)."""
    cov = alignment.coverage
    kinds = f"(verbatim {cov.verbatim:.0%}, edited {cov.edited:.0%}, paraphrase {cov.paraphrase:.0%})"
    if alignment.source and directed:
        return (f"{cov.derived_from_source:.0%} of the derived text comes from the source {kinds}; "
                f"new {cov.new:.0%}; {cov.source_used:.0%} of the source used")
    return (f"{cov.derived_from_source:.0%} of the right text has a counterpart in the left {kinds}; "
            f"in the right only {cov.new:.0%}; {cov.source_used:.0%} of the left used")


def _alignment_rows(alignment: Any) -> list[tuple[str, str, str, str, str]]:
    """Rows (the link's number, kind, label, source, derived) in the derived text's order; the source's
    unused sentences last. A link's number is its place in ``alignment.links``, as ``--json`` lists them."""
    src_text, der_text = alignment.source_document.text, alignment.derived_document.text
    rows: list[tuple[int, str, str, str, str, str]] = []
    for number, link in enumerate(alignment.links):
        left = " ".join(src_text[s:e] for s, e in link.source_spans)
        right = " ".join(der_text[s:e] for s, e in link.derived_spans)
        label = f"{link.kind}\n(placed)" if link.placed else link.kind
        rows.append((link.derived_spans[0][0], str(number), link.kind, label, left, right))
    for s, e in alignment.new:
        rows.append((s, "", "new", "new", "", der_text[s:e]))
    rows.sort(key=lambda r: r[0])
    out = [row[1:] for row in rows]
    out.extend(("", "unused", "unused", src_text[s:e], "") for s, e in alignment.unused)
    return out
