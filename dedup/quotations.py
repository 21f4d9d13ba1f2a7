"""Where a text quotes, as the verdict's features read it: shared text weighed outside quotation marks.

Two reports quoting one speaker share the quotation without either having taken it from the other; a
copy shares the rest of the text with it. :mod:`dedup.features` counts the text two documents share word
for word outside quotation marks (:func:`unquoted_shares`), and :mod:`dedup.aligned_features` leaves out a
linked sentence that is a speaker's words alone (:func:`mostly_quoted`). Most wire stories quote nothing:
a text without a mark that opens a quotation is not searched (:func:`may_quote`).
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from dedup.facts import QUOTATION_MARKS
from dedup.tokens import in_sorted

__all__ = ["NO_QUOTES", "QUOTED_SENTENCE", "may_quote", "touching", "unquoted_shares", "mostly_quoted"]

#: Every quotation opens with one of these (:data:`dedup.facts.QUOTATION_MARKS`, and the single mark
#: ‘): most wire stories hold none, and the quotations' pattern tries every character of a text.
_OPENERS = tuple(QUOTATION_MARKS) + ("\u2018",)
#: The quotations of a text without an opening mark (read-only: shared by every such text).
NO_QUOTES = np.zeros((0, 2), dtype=np.int64)
NO_QUOTES.flags.writeable = False
#: A linked sentence is a quotation when at least this share of its characters lies inside quotation marks.
QUOTED_SENTENCE = 0.5


def may_quote(text: str) -> bool:
    """Whether ``text`` holds a mark that opens a quotation (else it has none: :func:`dedup.facts.quotation_spans`).

    >>> may_quote('He said "no".'), may_quote("He said no.")
    (True, False)
    """
    return any(mark in text for mark in _OPENERS)


def touching(spans: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Which stretches ``[starts, ends)`` overlap one of the ``spans`` (sorted, not overlapping): a word
    5-gram that runs out of a quotation into its attribution carries the quoted words."""
    if not len(spans) or not len(starts):
        return np.zeros(len(starts), dtype=bool)
    k = np.searchsorted(spans[:, 0], ends, side="left") - 1  # the last quotation opening before the stretch ends
    return (k >= 0) & (spans[np.maximum(k, 0), 1] > starts)


def unquoted_shares(fa: Any, fb: Any, quotes_a: np.ndarray, quotes_b: np.ndarray, best: Any) -> tuple[float, float]:
    """The share of the text two documents share word for word (their common word 5-grams, where they
    stand) that lies outside quotation marks, overall and inside the ``best`` passage's spans, in the
    text where more of it does: a copy carries the source's quotations with the rest, two reports of
    one event may share a speaker's words and nothing else. 1.0 where either text quotes nothing; counted on
    the shared 5-grams, not on the passage's characters, whose edges reach past what is shared."""
    if not len(quotes_a) or not len(quotes_b):
        return 1.0, 1.0
    text, passage = [], []
    for f, other, quotes, span in ((fa, fb, quotes_a, best.a if best else None),
                                   (fb, fa, quotes_b, best.b if best else None)):
        shared = in_sorted(f.gram_hashes, other.grams)  # ``grams``: sorted and unique
        starts, ends = f.gram_starts[shared], f.gram_ends[shared]
        outside = ~touching(quotes, starts, ends)
        text.append(np.count_nonzero(outside) / len(outside) if len(outside) else 1.0)
        if span is not None:
            within = (starts >= span[0]) & (ends <= span[1])
            n = np.count_nonzero(within)
            passage.append(np.count_nonzero(outside & within) / n if n else 1.0)
    return max(text), max(passage, default=1.0)


def mostly_quoted(quotes: np.ndarray, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether :data:`QUOTED_SENTENCE` of the characters of ``spans`` lie inside the ``quotes`` spans.

    >>> mostly_quoted(np.array([[8, 19]]), [(0, 20)]), mostly_quoted(np.array([[8, 19]]), [(0, 30)])
    (True, False)
    """
    total = sum(hi - lo for lo, hi in spans)
    inside = sum(max(0, min(hi, q1) - max(lo, q0)) for lo, hi in spans for q0, q1 in _near(quotes, lo, hi))
    return bool(total) and inside >= QUOTED_SENTENCE * total


#: From this many quotations a text's are narrowed to those a span may overlap before they are summed.
_MANY_QUOTES = 16


def _near(quotes: np.ndarray, lo: int, hi: int) -> list[list[int]]:
    """The ``quotes`` (sorted, not overlapping) that may overlap ``[lo, hi)``: all of a few, else those
    that end after ``lo`` and open before ``hi`` (the others overlap it by nothing). A long text's links each
    read every quotation of the text: a million characters of wire copy, 7,000 links and 2,000
    quotations, took seconds."""
    if len(quotes) <= _MANY_QUOTES:
        return quotes.tolist()
    first = int(np.searchsorted(quotes[:, 1], lo, side="right"))
    last = int(np.searchsorted(quotes[:, 0], hi, side="left"))
    return quotes[first:last].tolist()
