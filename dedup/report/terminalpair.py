"""Terminal rendering with rich of a compared pair: the answer first, then the two texts side by side,
sentence by sentence (``dedup compare``)."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from dedup.report.reasons import direction_why, reason_label, sentences_reading, weighed
from dedup.report.terminal import KIND_STYLE, VERDICT_STYLE
from dedup.report.wiredesk import plural, shown_name, shown_words

__all__ = ["render_alignment", "render_judgement", "answer_line", "linked_sentences", "weighed_most"]


def render_judgement(compared: Any, bar: float | None = None, wire: str | None = None) -> Text:
    """The answer on a compared pair (a :class:`dedup.result.Comparison`), first line first: the kind or
    "not reported", the confidence (beside ``bar``, the confidence a pair is reported from, when it is not
    reported), who took how many sentences from whom (:func:`answer_line`); then the features that weighed
    most."""
    kind = compared.verdict or "not reported"
    head = Text.assemble((kind, VERDICT_STYLE.get(kind, "bold")))
    if not compared.channels:
        return Text.assemble(head, " (the texts share too little to be candidates: a scan never pairs them)")
    if compared.verdict is None and bar is not None:
        # three decimals, four where three read alike: "0.630, under the bar 0.630" (a refused form capped at
        # 0.6299) would read as a contradiction
        digits = 3 if f"{compared.confidence:.3f}" != f"{bar:.3f}" else 4
        head.append(f", confidence {compared.confidence:.{digits}f}, under the bar {bar:.{digits}f}")
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
    reasons = [r for r in reasons if weighed(r.contribution)]  # "-0.0" weighed nothing: in --json only
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
        ("why: ", "bold"), shown_words(direction_why(alignment.direction_reason, (src.published, der.published))), "\n",
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
