"""Direction: which of two related articles copied from the other.

Publication time decides when both articles carry one and they differ. Otherwise the text decides, but
only where it can: a derived article made of part of a source is mostly found in it, while most of the
source is not found in the derived one (a story cut to its first paragraphs, a rewrite of half of it).
When most of each text is found in the other, the text cannot tell: a copy that adds material (a
client's own paragraph, a page's boilerplate) and a source that was cut leave the same two texts. When
neither test decides, the answer is "unknown": a wrong direction accuses the wrong newsroom, so no guess
is made. The alignment still has to lay one text out as source; :attr:`Direction.read_as` says which one
the text's shares point to, without claiming it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from dedup.dates import parse_published
from dedup.documents import Document
from dedup.errors import SettingsError

__all__ = ["Direction", "decide_direction", "parse_published", "times_said"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Direction:
    """Who copied whom; both ids are ``None`` when the evidence does not decide. ``read_as``: with the
    direction unknown, the text to lay out as source when the texts' shares point to one without deciding
    (most of each found in the other, one more than the other); None: read both ways."""

    source_id: str | None
    derived_id: str | None
    reason: str
    read_as: str | None = None

    @property
    def known(self) -> bool:
        return self.source_id is not None


def decide_direction(
    a: Document,
    b: Document,
    *,
    a_covered: float | None = None,
    b_covered: float | None = None,
    min_covered: float = 0.5,
    margin: float = 0.15,
) -> Direction:
    """Decide which of ``a`` and ``b`` is the source.

    ``a_covered`` is the share of ``a`` (by characters of sentences) that has a counterpart in ``b``,
    ``b_covered`` the reverse; the aligner computes both. The text decides only when one article is at
    least ``min_covered`` covered by the other, the other less than ``min_covered``, and the first more
    than ``margin`` above the second. When both are at least ``min_covered`` covered and one by more than
    ``margin`` above the other, the direction is unknown and :attr:`Direction.read_as` names the less
    covered one.

    >>> decide_direction(Document("a", "x", published="2024-07-08"), Document("b", "y",
    ...                  published="2024-07-09")).derived_id
    'b'
    """
    if not 0.0 <= min_covered <= 1.0 or not 0.0 <= margin <= 1.0:
        raise SettingsError("min_covered and margin must lie between 0 and 1, e.g. 0.5 and 0.15")
    by_time = _by_time(a, b)
    if by_time is not None:
        return by_time
    return _by_text(a, b, a_covered, b_covered, min_covered, margin)


def times_said(a: Document, b: Document) -> str:
    """What the publication times told when they did not decide, as a reason opens: "no publication
    times" only when neither article gives one (two copies stamped 07:02:24 both were said to have none,
    in the JSON an ingest pipeline reads). The same whichever article is given first.

    >>> times_said(Document("a", "x"), Document("b", "y", published="2024-07-09T09:00:00Z"))
    'one publication time only (b: 2024-07-09T09:00:00Z)'
    >>> times_said(Document("a", "x", published="2024-07-09T09:00:00Z"), Document("b", "y", published="2024-07-09T09:00:00Z"))
    'both published at 2024-07-09T09:00:00Z (the same moment)'
    """
    given = sorted((d.id, str(d.published).strip()) for d in (a, b) if d.published is not None and str(d.published).strip())
    if not given:
        return "no publication times"
    if len(given) == 1:
        return f"one publication time only ({given[0][0]}: {given[0][1]})"
    (_, first), (_, second) = given
    if first == second:
        return f"both published at {first} (the same moment)"
    return f"publication times that do not tell which came first ({first}, {second})"


def _by_time(a: Document, b: Document) -> Direction | None:
    time_a, time_b = parse_published(a.published), parse_published(b.published)
    if time_a is None or time_b is None or time_a == time_b:
        return None
    first, second = (a, b) if time_a < time_b else (b, a)
    return Direction(first.id, second.id, f"{first.id} was published before {second.id}")


def _by_text(
    a: Document, b: Document, a_covered: float | None, b_covered: float | None, min_covered: float, margin: float
) -> Direction:
    if a_covered is None or b_covered is None:
        return Direction(None, None, f"unknown: {times_said(a, b)}, and no text evidence given")
    for derived, source, covered, other in ((a, b, a_covered, b_covered), (b, a, b_covered, a_covered)):
        if covered >= min_covered and covered - other > margin:
            if other >= min_covered:  # most of each in the other: an addition or a cut, on either side
                return Direction(
                    None, None,
                    f"unknown: {times_said(a, b)}, and most of each text has a counterpart in the other "
                    f"({covered:.0%} of {derived.id}, {other:.0%} of {source.id}, by their wording): a copy "
                    f"that adds material and a source that was cut read alike; {source.id} laid out as "
                    f"source, the text that holds more the other lacks",
                    read_as=source.id,
                )
            return Direction(
                source.id,
                derived.id,
                f"{covered:.0%} of {derived.id} has a counterpart in {source.id}, but only {other:.0%} of "
                f"{source.id} in {derived.id}: {source.id} holds material {derived.id} lacks",
            )
    shares = " and ".join(f"{share:.0%} of {name}" for name, share in sorted([(a.id, a_covered), (b.id, b_covered)]))
    # the shares are of sentences linked on their wording (the caller's first pass), which the final
    # alignment's coverage, with links placed by position, may exceed: said so, lest the two seem to disagree
    why = ("too little of either has a counterpart in the other" if max(a_covered, b_covered) < min_covered
           else "the texts cover each other too evenly to tell")
    return Direction(None, None, f"unknown: {times_said(a, b)}, and {why} (by their wording, {shares} "
                                 "have a counterpart in the other)")
