"""Terminal rendering of the wire desk's answers: credit, changed facts, story versions, outlets.

Kept apart from ``terminal.py`` so the scan and compare views only gain a call each.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from rich.console import Group
from rich.table import Table
from rich.text import Text

from dedup.normalize import INVISIBLE, shown_id

__all__ = ["change_shown", "facts_shown", "CREDIT_STYLE", "NEITHER_CREDITS", "credit_label", "credit_cell", "render_stories", "render_outlets", "render_compare_desk", "plural", "desk_order",
           "SHOWN_NAME", "SHOWN_RUN", "MORE_ROWS", "shown_name", "cut_name", "shown_words", "INVISIBLE", "shown_id"]

#: Dropped or added facts listed under ``dedup compare`` (the rest are in --json and --html).
MAX_MINOR = 6
#: The widest an outlet's name is kept whole in the outlets table before it folds onto a second line.
OUTLET_WIDTH = 30
#: Where the rows a terminal table leaves out are, said under it as the same words in every table.
MORE_ROWS = "in --json and --html (--rows shows more)"
#: A pair's credit as the reports show it when who took from whom is unknown and neither article credits the
#: other (the JSON's status there is "not credited"): no one can be said to have owed the credit, so it is
#: said plainly and without the red of a charge (the seed pair showed a red "not credited" naming no one).
NEITHER_CREDITS = "neither credits the other"
CREDIT_STYLE = {"credited": "green", "not credited": "bold red", "unknown": "dim", NEITHER_CREDITS: ""}


#: Why, in the reports' words, beside :data:`NEITHER_CREDITS`.
NEITHER_WHY = "who took from whom is unknown, so neither can be said to have owed the other a credit"


def credit_label(status: str, directed: bool) -> str:
    """The words the reports give a credit ``status``: :data:`NEITHER_CREDITS` for "not credited" when the
    direction is unknown (``directed`` false), else the status itself.

    >>> credit_label("not credited", False), credit_label("not credited", True), credit_label("credited", False)
    ('neither credits the other', 'not credited', 'credited')
    """
    return NEITHER_CREDITS if status == "not credited" and not directed else status


def plural(n: int, word: str) -> str:
    """``1 pair``, ``2 pairs``: a count and its word in the right number."""
    return f"{n} {word}" if n == 1 else f"{n:,} {word}s"  # "100000 inputs skipped" was hard to read


#: The most characters of a name (an article's id, an outlet, a title, a path) the terminal shows: a longer
#: one is cut in the middle (a 100,000-character id filled a thousand lines of the clusters table). The
#: JSON and HTML reports and the index keep every name whole.
SHOWN_NAME = 120
#: The most characters of a run without a space (an id, a path, a value quoted) in a line of free text (an
#: error, a warning), where a whole path is what fixes the error: more than a table's names.
SHOWN_RUN = 300
_LONG_RUN = re.compile(r"\S{%d,}" % (SHOWN_RUN + 1))
#: The most characters of a line of free text once its long runs are cut.
SHOWN_LINE = 2000


def shown_name(name: str, limit: int = SHOWN_NAME) -> str:
    """``name`` as the terminal shows it: whole up to ``limit`` characters, else its first and last
    characters around an ellipsis, ``limit`` in all (the same cut every time; its two ends tell names apart
    that share a prefix, such as a folder's); its bidirectional controls and invisible characters written out
    (:func:`~dedup.normalize.shown_id`), on a terminal or not.

    >>> shown_name("wire/" + "x" * 200 + "/story-17.txt", 30)
    'wire/xxxxxxxxx…xx/story-17.txt'
    >>> shown_name("reuters-1\u2060")
    'reuters-1<U+2060>'
    """
    return shown_id(cut_name(name, limit))


def cut_name(name: str, limit: int = SHOWN_NAME) -> str:
    """``name`` cut as :func:`shown_name` cuts it, its characters kept: for a title, whose invisible characters
    are its spelling (a Persian title's non-joiner)."""
    if len(name) <= limit:
        return name
    head = (limit - 1) // 2
    return f"{name[:head]}…{name[len(name) - (limit - 1 - head):]}"


def shown_words(text: str) -> str:
    """A line of free text (an error, a warning) as the terminal shows it: each run of more than
    :data:`SHOWN_RUN` characters without a space (an id, a path, a value quoted) cut in the middle as
    :func:`shown_name` cuts a name, to that length, and the line itself at most :data:`SHOWN_LINE` characters;
    its bidirectional controls and invisible characters written out (:func:`~dedup.normalize.shown_id`).

    >>> shown_words("duplicate id '" + "x" * 500 + "' in a.jsonl:1")[:20]
    "duplicate id 'xxxxxx"
    >>> len(shown_words("duplicate id '" + "x" * 500 + "' in a.jsonl:1"))
    326
    """
    if len(text) <= SHOWN_RUN:
        return shown_id(text)
    return shown_name(_LONG_RUN.sub(lambda run: shown_name(run.group(), SHOWN_RUN), text), SHOWN_LINE)


def credit_cell(desk: Any, a: str, b: str, directed: bool = True) -> Text:
    """The credit column of the pairs table, kept narrow: ``yes``, ``no``, ``neither`` (direction unknown,
    and neither credits the other), ``agency`` (credits the agency the source's text credits, not the source's
    outlet: :func:`dedup.credit.check_credit`), ``?`` (unknown)."""
    pair = desk.pairs.get((a, b)) if desk is not None else None
    if pair is None:
        return Text("-", style="dim")
    status = credit_label(pair.credit.status, directed)
    words = {"credited": "yes", "not credited": "no", NEITHER_CREDITS: "neither"}
    if status == "credited" and pair.credit.agency_of:  # the agency the source's text credits
        return Text("agency", style=CREDIT_STYLE["credited"])
    return Text(words.get(status, "?"), style=CREDIT_STYLE.get(status, ""))


def desk_order(row: Mapping[str, Any]) -> tuple[int, int, str]:
    """The order a desk reads the outlets that took copy in: most taken without credit first, then most
    taken, then by name (the JSON keeps them by name)."""
    return -int(row.get("not_credited") or 0), -int(row.get("took") or 0), str(row.get("outlet") or "")


def render_stories(desk: Any, max_rows: int) -> Table | None:
    """One row per story sent in several versions: its versions in time order, and who took which."""
    if desk is None or not desk.stories:
        return None
    taken: dict[str, list[Any]] = {}
    for t in desk.taken:
        taken.setdefault(t.story, []).append(t)
    table = Table(title="Stories sent in several versions (not counted as copies of each other)",
                  title_justify="left", caption_justify="left")
    table.add_column("story", no_wrap=True)
    table.add_column("outlet")
    table.add_column("versions, in time order", overflow="fold", ratio=2)
    table.add_column("taken by", overflow="fold", ratio=2)
    for story in desk.stories[:max_rows]:
        versions = "\n".join(f"{v.published or '?'} {shown_name(v.id)}" + (f" [{v.marker}]" if v.marker else "")
                             for v in story.versions)
        takers = "\n".join(f"{shown_name(t.derived)} took {shown_name(t.version)}"
                           + (f"; lacks correction {shown_name(t.missed_correction)}" if t.missed_correction else "")
                           for t in taken.get(story.id, ()))
        table.add_row(Text(shown_name(story.id)), Text(shown_name(story.outlet or "")), Text(versions),
                      Text(takers or "-"))
    if len(desk.stories) > max_rows:
        more = len(desk.stories) - max_rows
        table.caption = f"{more} more {'story' if more == 1 else 'stories'} {MORE_ROWS}"
    return table


def taken_from(row: Mapping[str, Any], source: str) -> str:
    """How many articles an outlet's row took from ``source``, and how many of those without credit:
    "134, 52 uncredited", or "134" when it credited every one it was looked for in (short enough for a
    source a line in 80 columns: "reuters (140, 58 without credit)" broke in two there).

    >>> taken_from({"from": {"wire": 3}, "from_not_credited": {"wire": 2}}, "wire")
    '3, 2 uncredited'
    """
    took = (row.get("from") or {}).get(source, 0)
    uncredited = (row.get("from_not_credited") or {}).get(source, 0)
    return f"{took:,}, {uncredited:,} uncredited" if uncredited else f"{took:,}"


def render_outlets(desk: Any, max_rows: int, width: int | None = None) -> Table | None:
    """Per outlet: articles that took from another outlet, mean share taken, how many without credit.
    ``width`` (the terminal's): a source's line too long for its column breaks after its count, the rest
    indented under it."""
    if desk is None or not desk.outlets:
        return None
    table = Table(title="Outlets that took copy", title_justify="left", caption_justify="left")
    rows = sorted(desk.outlets, key=desk_order)[:max_rows]
    if width is not None and width < OUTLETS_NARROWEST:
        return _narrow_outlets(table, rows, width, len(desk.outlets) > max_rows and len(desk.outlets) - max_rows)
    # the outlet whole (at 80 columns "northern-chroni…" was the client a desk looks for), the figures' names on
    # two lines, and each source on a line of its own ("reuters (140, 58 without credit)" broke in four)
    widest = max((len(shown_name(str(row["outlet"]))) for row in rows), default=6)
    table.add_column("outlet", min_width=min(widest, OUTLET_WIDTH), overflow="fold")
    table.add_column("took", justify="right")
    table.add_column("of their\ntext", justify="right")
    table.add_column("without\ncredit", justify="right")
    room = None if width is None else width - _fixed_width(rows, min(widest, OUTLET_WIDTH))
    sources, aligned = _source_lines(rows, room)
    table.add_column("from (taken,\nuncredited)" if aligned else "from", overflow="fold")
    for row, lines in zip(rows, sources):
        share = row.get("mean_share")
        table.add_row(Text(shown_name(str(row["outlet"]))),
                      f"{row['took']:,}", f"{share:.0%}" if share is not None else "-",
                      Text(f"{row['not_credited']:,}", style="bold red" if row["not_credited"] else ""),
                      Text(lines))
    table.caption = OUTLETS_CAPTION
    if len(desk.outlets) > max_rows:
        table.caption += f"; {plural(len(desk.outlets) - max_rows, 'more outlet')} {MORE_ROWS}"
    return table


#: What the outlets table's columns say.
OUTLETS_CAPTION = ("took: articles that took from another outlet (each counted once, by the source it took most "
                   "from; a pair with a common source, wire or earlier, is no one's taking); of their text: mean "
                   "share traced to the source; without credit: no credit to the source found (unknown ones not "
                   "counted); from: each source, how many taken from it and how many of those without credit; "
                   "most taken without credit first")
#: Under this many columns the outlets table lists each outlet's sources under its name, four columns in all
#: (at 60 the fifth column, "from", was cut to "reuters: 13 uncredite" at the terminal's edge).
OUTLETS_NARROWEST = 75


def _narrow_outlets(table: Table, rows: list[Any], width: int, more: int) -> Table:
    """The outlets table in four columns for a terminal under :data:`OUTLETS_NARROWEST` columns: each outlet's
    sources on lines of their own under its name ("from reuters: 22, 13 uncredited", broken after the count
    where the column is narrower)."""
    table.add_column("outlet, and from", overflow="fold")
    table.add_column("took", justify="right")
    table.add_column("of their\ntext", justify="right")
    table.add_column("without\ncredit", justify="right")
    took = max([4, *(len(f"{row['took']:,}") for row in rows)])
    uncredited = max([7, *(len(f"{row['not_credited']:,}") for row in rows)])
    room = max(12, width - (took + 8 + uncredited + 4 * 2 + 5))
    for row in rows:
        lines = [f"from {shown_name(str(o))}: {taken_from(row, o)}" for o in row["from"]]
        lines = [t if len(t) <= room - 2 or ", " not in t else "{},\n    {}".format(*t.rsplit(", ", 1)) for t in lines]
        share = row.get("mean_share")
        table.add_row(Text.assemble((shown_name(str(row["outlet"])), "bold"), *("\n  " + t for t in lines)),
                      f"{row['took']:,}", f"{share:.0%}" if share is not None else "-",
                      Text(f"{row['not_credited']:,}", style="bold red" if row["not_credited"] else ""))
    table.caption = OUTLETS_CAPTION.replace("from: each source", "from (under each outlet): each source")
    if more:
        table.caption += f"; {plural(more, 'more outlet')} {MORE_ROWS}"
    return table


def _fixed_width(rows: list[Any], outlet: int) -> int:
    """The outlets table's width but its "from" column: the outlet's, the three figures' (each as wide as
    its header or its widest figure), each column's padding and the borders."""
    took = max([4, *(len(f"{row['took']:,}") for row in rows)])
    uncredited = max([7, *(len(f"{row['not_credited']:,}") for row in rows)])
    return outlet + took + 8 + uncredited + 5 * 2 + 6


def _source_lines(rows: list[Any], room: int | None) -> tuple[list[str], bool]:
    """Each outlet row's sources as aligned lines, name, taken, uncredited ("reuters         140  58"), all
    rows alike; where those are wider than ``room``, "reuters: 140, 58 uncredited" broken after the count,
    the uncredited indented under it. At 80 columns "valley-gazette: 11, 10 uncredited" ran on to a line of
    its own that read "uncredited", as if it were another source, and every source took two lines. The
    second item: whether the lines are aligned."""
    named = [[(shown_name(str(o)), f"{row['from'][o]:,}", f"{(row.get('from_not_credited') or {}).get(o, 0):,}")
              for o in row["from"]] for row in rows]
    widths = [max([0, *(len(line[k]) for lines in named for line in lines)]) for k in range(3)]
    if room is None or sum(widths) + 2 * 2 <= room:
        return ["\n".join(f"{n:<{widths[0]}}  {t:>{widths[1]}}  {u:>{widths[2]}}" for n, t, u in lines) for lines in named], True
    broken = []
    for row, lines in zip(rows, named):
        texts = [f"{n}: {taken_from(row, o)}" for o, (n, _, _) in zip(row["from"], lines)]
        broken.append("\n".join(t if len(t) <= room or ", " not in t else "{},\n  {}".format(*t.rsplit(", ", 1))
                                for t in texts))
    return broken, False


def render_compare_desk(credit: dict[str, Any], facts: dict[str, Any], directed: bool = True) -> Group:
    """Under ``dedup compare``'s table: the credit check and the changed facts, most serious first
    (``credit`` and ``facts`` as in the JSON; ``directed``: whether the direction is known). With the
    direction unknown, a fact is said to differ, or to be in one text only, not to be altered or dropped."""
    status = credit_label(str(credit.get("status") or "unknown"), directed)
    line = Text.assemble(("credit: ", "bold"), (status, CREDIT_STYLE.get(status, "")))
    if status == NEITHER_CREDITS:
        names = " or ".join(map(str, credit.get("names") or ()))
        line.append(f" ({f'looked for {names}; ' if names else ''}{NEITHER_WHY})")
    elif credit.get("text"):
        line.append(f' ({credit.get("form")}: "{credit["text"]}")')
        # whom it credits when not the source's outlet: the agency the source's text credits (dedup.credit)
        whom = str(credit.get("reason") or "").partition("), ")[2]
        if whom:
            line.append(f", {whom}")
    elif credit.get("reason"):
        line.append(f" ({credit['reason']})")
    sides = () if directed else ("the left", "the right")
    summary = facts_shown(str(facts.get("text") or ""), *sides) or "none"
    parts: list[Any] = [line, Text.assemble(("facts changed: " if directed else "facts that differ: ", "bold"), summary)]
    changes = [(link.get("link"), c) for link in facts.get("links") or () for c in link.get("changes") or ()]
    major = [lc for lc in changes if lc[1].get("change") in ("altered", "changed")]
    minor = [lc for lc in changes if lc[1].get("change") not in ("altered", "changed")]
    shown = sorted(major, key=lambda lc: (not lc[1].get("serious"), lc[0] if lc[0] is not None else -1))
    shown += minor[:max(0, MAX_MINOR - len(major))]
    if shown:
        table = Table(show_lines=False, caption_justify="left")
        table.add_column("#", justify="right")
        table.add_column("what")
        table.add_column("source -> derived" if directed else "left | right", overflow="fold")
        for number, change in shown:
            kind, what = change.get("kind"), change.get("change")
            style = "bold red" if change.get("serious") else ("yellow" if what == "changed" else "dim")
            table.add_row("-" if number is None else str(number),
                          Text(f"{kind} {change_shown(str(what), *sides)}", style=style), Text(_label(change, directed)))
        table.caption = ("#: the row of that number in the table above, the link's number in --json (-: sentences the "
                         "aligner left apart for a changed figure)")
        if len(shown) < len(changes):
            more = len(changes) - len(shown)
            what = plural(more, "more dropped or added fact") if directed else \
                f"{more:,} more fact{'s' if more != 1 else ''} in one text only"
            table.caption += f"; {what} in --json and --html"
        parts.append(table)
    return Group(*parts)


def _label(change: dict[str, Any], directed: bool = True) -> str:
    source, derived = change.get("source"), change.get("derived")
    if source is not None and derived is not None:
        return f"{source} {'->' if directed else '|'} {derived}"
    if not directed:
        return f"{source if source is not None else derived}"
    return f"{change.get('change')}: {source if source is not None else derived}"


#: A fact's change as the JSON names it (``factdiff``), and what it is when the direction is unknown: of two
#: texts neither known to be the source, a figure one gives otherwise "differs" (it was "altered", "changed"),
#: and a name one leaves out is "only in" the other ("dropped", "added" said which text took and cut).
_UNDIRECTED = {"altered": "differs", "changed": "differs", "dropped": "only in {left}", "added": "only in {right}"}


def change_shown(change: str, left: str | None = None, right: str | None = None) -> str:
    """``change`` as a reader is told it: as it is when the direction is known (``left`` None), else in words
    that take no side, naming the two texts as laid out.

    >>> change_shown("dropped"), change_shown("dropped", "A", "B"), change_shown("altered", "A", "B")
    ('dropped', 'only in A', 'differs')
    """
    if left is None or right is None or change not in _UNDIRECTED:
        return change
    return _UNDIRECTED[change].format(left=left, right=right)


def facts_shown(text: str, left: str | None = None, right: str | None = None) -> str:
    """The facts' summary ("2 quotations altered, 1 name dropped"), said as :func:`change_shown` says a change.

    >>> facts_shown("2 quotations altered, 1 name dropped, 1 figure added", "A", "B")
    '2 quotations differ, 1 name only in A, 1 figure only in B'
    """
    if left is None or right is None:
        return text

    def said(match: re.Match[str]) -> str:
        count, what, change = match.group(1), match.group(2), match.group(3)
        shown = change_shown(change, left, right)
        return f"{count} {what} {'differ' if shown == 'differs' and count != '1' else shown}"

    return re.sub(r"\b(\d[\d,]*) ([^,;]+?) (altered|changed|dropped|added)\b", said, text)
