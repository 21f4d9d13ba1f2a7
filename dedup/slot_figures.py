"""A form's slots compared figure by figure: whether one side holds a figure the other lacks, neither with the
same significant digits nor rounded from it ("3,612 Millionen" restated as "rund 3,6 Millionen" is kept; 450 against
400 is a slot filled in anew), read over a side's figures as a set or cell by cell (a table's row). Pure functions
over figures written as decimal strings (:func:`dedup.figures.slot_values`), for :mod:`dedup.forms`.
"""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = ["apart", "apart_counted", "rounded", "digits"]


def apart_counted(one: frozenset[str], counts: Counter[str], other: frozenset[str], other_counts: Counter[str]) -> bool:
    """Whether a side (its figures ``one``, its cells' ``counts``, :func:`dedup.forms.cell_counts`) holds a figure
    the other lacks (:func:`apart`), or a figure both hold in more of its cells than the other does: a table's row
    "5.90 pct  5.93 pct" against "5.93 pct  5.93 pct", one column filled in anew."""
    return apart(one, other) or any(n > other_counts[key] > 0 for key, n in counts.items())


def apart(one: frozenset[str], other: frozenset[str]) -> bool:
    """Whether ``one`` holds a figure that ``other`` holds in none of its figures, neither with the same digits
    (:func:`digits`) nor rounded (:func:`rounded`: "3,612 Millionen" restated as "rund 3,6 Millionen")."""
    held = {digits(g) for g in other}
    return any(digits(f) not in held and not any(rounded(f, g) for g in other) for f in one)


def rounded(figure: str, other: str) -> bool:
    """Whether ``other`` is ``figure`` rounded to fewer significant digits, two at least (3612000 and 3600000,
    46.08 and 46.1; not 35 and 40: a round figure of one digit is as often a slot filled in anew)."""
    try:
        a, b = Decimal(figure).normalize(), Decimal(other).normalize()
        kept = len(b.as_tuple().digits)
        if not (a.is_finite() and b.is_finite() and 2 <= kept < len(a.as_tuple().digits)):
            return False
        return a.quantize(Decimal(1).scaleb(a.adjusted() - kept + 1), rounding=ROUND_HALF_UP) == b
    except InvalidOperation:  # a fraction ("3/4"), or a figure past the decimal context's precision
        return False


def digits(figure: str) -> str:
    """A figure's significant digits, its scale left out: "181", "181000000" and "18.1" are "181"; a figure
    that is no decimal number (a fraction) as it is."""
    try:
        return "".join(map(str, Decimal(figure).normalize().as_tuple().digits))
    except InvalidOperation:
        return figure
