"""Figures said roughly: a figure after a hedge ("nearly three billion dollars", "about 12 per cent", "more than
$400 million") and the exact figure it rounds.

A broadcast script, a newsletter or a blog retelling a wire story says its figures as a listener hears them:
"nearly three billion dollars" for $2.94 billion, "almost ten million" for 9.8 million, "about twelve per
cent" for 12.4 per cent. A linked sentence pair whose two sides hold such figures holds no figure in common,
and reads as a form filled in again with other figures (``links_refilled``, :func:`dedup.refilled.refilled_links`).
Read here: the figures of a stretch that stand after a hedge word (:func:`hedged_figures`), and whether a
hedged figure is another figure rounded to its own significant digits (:func:`approximates`). A form filled in
again keeps its hedges from one day to the next ("about 400" and "about 420" both hedged): only a figure
hedged on one side and said exactly on the other is read as rounded. English's hedges are read here; other
languages' words for "nearly" and "about" in :mod:`dedup.approximations` (:func:`dedup.figures.approximate_values`),
and :mod:`dedup.refilled` reads both alike. Pure functions over the texts.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import Sequence

from dedup.figure_sets import link_figures

__all__ = ["HEDGE", "hedged_figures", "significant_digits", "rounds_to", "approximates", "unhedged_apart"]

#: English words that say a figure after them is rounded: "about", "nearly", "almost", "roughly", "around",
#: "approximately", "some", "close to", "more than", "less than", "fewer than", "just over", "just under",
#: "well over", "well under", "upwards of" (plain "over" and "under" too often say something else: "over
#: five years"), an article after them allowed ("about a hundred").
HEDGE = re.compile(r"\b(?:about|around|almost|nearly|roughly|approximately|some|close\s+to|(?:more|less|fewer)\s+than"
                   r"|(?:just|well)\s+(?:over|under)|upwards\s+of)\s+(?:an?\s+)?(?=[$£€¥\d]|[a-z]+\b)", re.IGNORECASE)
#: Where the figure after a hedge ends at the latest: the clause's end (a comma, semicolon, colon or stop
#: followed by a space or the end), or :data:`HEDGED_WORDS` words on.
_CLAUSE_END = re.compile(r"[,;:!?](?=\s|$)|\.(?=\s|$)")
#: Words after a hedge read for its figure ("seven hundred and seventeen thousand dollars").
HEDGED_WORDS = 7
_WORDS = re.compile(r"\S+")


def hedged_figures(text: str, spans: Sequence[tuple[int, int]], comma: bool = False) -> frozenset[str]:
    """The values (as :func:`dedup.figure_sets.link_figures` writes them) of the figures of ``text`` within
    ``spans`` that stand after a hedge (:data:`HEDGE`), each read in the stretch from the hedge to its
    clause's end, :data:`HEDGED_WORDS` words at most.

    >>> sorted(hedged_figures("It cost nearly $2.9 billion, up 4 per cent.", [(0, 43)]))
    ['2900000000']
    >>> sorted(hedged_figures("Sales fell about twelve per cent.", [(0, 33)]))
    ['12']
    """
    out: set[str] = set()
    for start, end in spans:
        for m in HEDGE.finditer(text, start, end):
            stop = _CLAUSE_END.search(text, m.end(), end)
            stretch_end = stop.start() if stop else end
            words = list(_WORDS.finditer(text, m.end(), stretch_end))
            if len(words) > HEDGED_WORDS:
                stretch_end = words[HEDGED_WORDS - 1].end()
            if stretch_end > m.end():
                out |= link_figures(text, [(m.end(), stretch_end)], comma)
    return frozenset(out)


def significant_digits(value: str) -> int:
    """How many significant digits a figure's value holds (an integer's trailing zeros are none)."""
    digits = value.replace(".", "").lstrip("0")
    return max(1, len(digits if "." in value else digits.rstrip("0")))


def rounds_to(rough: str, exact: str) -> bool:
    """Whether ``rough`` is ``exact`` rounded (half up) to its own significant digits, of which it holds fewer:
    "3000000000" rounds 2940000000, "12" 12.4, "10000000" 9800000; "12" is no rounding of "12" (the same
    figure) nor of "13.6", nor a figure of a slash form or a telephone number of anything. The one reading of
    a figure restated rounded: :func:`approximates` for a figure said to be approximate, and
    :func:`dedup.refilled.rounded_alike`, stricter, for one said without a word that says so.

    >>> rounds_to("3000000000", "2940000000"), rounds_to("12", "12.4"), rounds_to("10000000", "9800000")
    (True, True, True)
    >>> rounds_to("400", "450"), rounds_to("12", "13.6"), rounds_to("4.6", "4.7")
    (False, False, False)
    """
    read = _values(rough, exact)
    if read is None:
        return False
    r, e, places = read
    with localcontext() as context:  # as many digits as the figures hold: a run of 30 digits is no error
        context.prec = max(context.prec, len(e.as_tuple().digits) + 2, places + 2)
        return e.quantize(Decimal(1).scaleb(e.adjusted() - places + 1), rounding=ROUND_HALF_UP) == r


def approximates(rough: str, exact: str) -> bool:
    """Whether ``rough``, a figure said to be approximate, restates ``exact``: rounded to its own significant
    digits (:func:`rounds_to`), or, where it is a half of a unit, a thousand, a million, a billion or a trillion
    ("thirty-one and a half thousand", "two and a half million", "twelve and a half per cent": its last
    significant digit a 5 one place below such a unit), rounded to the nearest half of it (half up, as
    :func:`rounds_to`): 31500 for 31640, 2500000 for 2460000, 12.5 for 12.38. A 5 of another place is no half a
    speaker says ("about 15,000" for 13,000 is no rounding), and a figure as precise as the other is none of its
    roundings (a form's 12.4 and 12.5).

    >>> approximates("31500", "31640"), approximates("2500000", "2460000"), approximates("12.5", "12.38")
    (True, True, True)
    >>> approximates("15000", "13000"), approximates("31500", "31800"), approximates("12.5", "12.4")
    (False, False, False)
    """
    if rounds_to(rough, exact):
        return True
    read = _values(rough, exact)
    if read is None:
        return False
    r, e, _ = read
    place = r.normalize().as_tuple().exponent
    if not isinstance(place, int) or r.normalize().as_tuple().digits[-1] != 5 or (place + 1) not in _HALF_UNITS:
        return False
    step = Decimal(5).scaleb(place)
    with localcontext() as context:
        context.prec = max(context.prec, len(e.as_tuple().digits) + len(r.as_tuple().digits) + 2)
        return (e / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step == r


#: The powers of ten of a unit, a thousand, a million, a billion and a trillion: what a speaker says a half of.
_HALF_UNITS = frozenset({0, 3, 6, 9, 12})


def _values(rough: str, exact: str) -> tuple[Decimal, Decimal, int] | None:
    """The two figures as decimals and ``rough``'s significant digits, where both are values, ``exact`` not 0
    and ``rough`` holds fewer significant digits; else None."""
    try:
        r, e = Decimal(rough), Decimal(exact)
    except InvalidOperation:
        return None
    places = significant_digits(rough)
    if e == 0 or not r.is_finite() or not e.is_finite() or places >= significant_digits(exact):
        return None
    return r, e, places


def unhedged_apart(figures: frozenset[str], hedged: frozenset[str], other: frozenset[str],
                   other_hedged: frozenset[str]) -> frozenset[str]:
    """Those of ``figures`` (one side of a link, ``hedged`` of them said roughly) that are no rounding of a
    figure the other side says exactly (``other`` but ``other_hedged``).

    >>> sorted(unhedged_apart(frozenset({"12", "20"}), frozenset({"12"}), frozenset({"12.4", "2020"}), frozenset()))
    ['20']
    """
    exact = other - other_hedged
    return frozenset(f for f in figures if f not in hedged or not any(approximates(f, g) for g in exact))
