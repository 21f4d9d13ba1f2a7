"""The features a sentence alignment sets (:func:`alignment_features`), read from its worded links.

A pair's vector (:mod:`dedup.features`) holds a block of features read from its alignment: whether it
was aligned, its verdict, what the links cover of each text and by which kind, how many links and how
well they score, the longest run of them in one passage, the names and figures they agree on, the links
of a form filled in again. They are read from the *worded* links (:func:`worded_links`): neither placed
(linked by their place alone) nor a speaker's words linked alone (:func:`speakers_links`), which two
reports quoting one speaker share without either having taken them from the other.
"""

from __future__ import annotations

import bisect
import math
from typing import Any, Sequence

import numpy as np

from dedup.alignment import _trim as _trim_span, _words as _span_words
from dedup.facts import quotation_spans
from dedup.quotations import may_quote, mostly_quoted
from dedup.refilled import refilled_links

__all__ = ["ALIGNED_FEATURES", "RETOLD_LINKS", "alignment_features", "worded_links", "speakers_links"]

#: How many features :func:`alignment_features` sets (from ``aligned`` to ``links_refilled`` in
#: :data:`dedup.features.FEATURES`).
ALIGNED_FEATURES = 16
#: The rest of a text follows its source when at least this many of its other worded links stand in the
#: source's order (:func:`speakers_links`).
RETOLD_LINKS = 3


def alignment_features(alignment: Any, link_facts: float, refilled: bool = True) -> list[float]:
    """The :data:`ALIGNED_FEATURES` features an ``alignment`` sets, in their order (all 0 without one);
    ``link_facts``: the agreement of the names and figures of the linked sentences; ``refilled=False``:
    ``links_refilled`` left at 0 (:func:`dedup.features.with_alignment`)."""
    if alignment is None:
        return [0.0] * ALIGNED_FEATURES
    quoted, links = worded_links(alignment)
    scores = [lk.score for lk in links]
    run, run_score = _longest_run(alignment, links)
    derived = bool(links) or not quoted
    return [
        1.0, float(derived and alignment.verdict == "wholly_derived"),
        float(derived and alignment.verdict == "partially_derived"),
        *_cover_without(alignment, quoted), math.log1p(len(links)), float(np.mean(scores)) if scores else 0.0,
        max(scores, default=0.0), sum(lk.placed for lk in alignment.links) / len(alignment.links) if alignment.links else 0.0,
        link_facts if links else 0.0, math.log1p(run), run_score, refilled_links(alignment, links) if refilled else 0.0,
    ]


def worded_links(alignment: Any) -> tuple[set[Any], list[Any]]:
    """An alignment's links that stand alone as a speaker's words (:func:`speakers_links`), and the links its
    features are read from: those neither placed nor a speaker's words."""
    quoted = speakers_links(alignment)
    return quoted, [lk for lk in alignment.links if not lk.placed and lk not in quoted]


def speakers_links(alignment: Any) -> set[Any]:
    """The worded links that trace a speaker's words and none of the desk's, left out of the alignment's
    features: each link whose sentences are quotations on both sides (:func:`dedup.quotations.mostly_quoted`)
    and that no other worded link stands beside (the sentence before or after, on both sides). Two reports
    quoting one speaker link the quotation as a copied sentence, each with its own attribution, without
    either having taken it from the other; a copy carries the source's quotations with the text around
    them, which links beside them. None when the rest of the text follows the source (:data:`RETOLD_LINKS`
    other worded links in the source's order): a rewrite keeps its source's quotations word for word and
    rewords the sentences around them, which still link, weakly, in the source's order; two reports of one
    event seldom do."""
    texts = (alignment.source_document.text, alignment.derived_document.text)
    if not all(may_quote(t) for t in texts):
        return set()
    spans = [quotation_spans(t) for t in texts]
    if not all(len(s) for s in spans):
        return set()
    worded = [lk for lk in alignment.links if not lk.placed]
    places = {(s, d): lk for lk in worded for s in lk.source_sentences for d in lk.derived_sentences}
    alone = {lk for lk in worded
             if mostly_quoted(spans[0], lk.source_spans) and mostly_quoted(spans[1], lk.derived_spans)
             and not any(places.get((s + i, d + i), lk) is not lk
                         for s in lk.source_sentences for d in lk.derived_sentences for i in (-1, 1))}
    if alone and _in_order([lk for lk in worded if lk not in alone]) >= RETOLD_LINKS:
        return set()
    return alone


def _in_order(links: Sequence[Any]) -> int:
    """The most of ``links`` that stand in the same order in both texts (the longest increasing run of
    their first derived sentences, read in the order of their first source sentences)."""
    tails: list[int] = []
    for _, d in sorted((min(lk.source_sentences), min(lk.derived_sentences)) for lk in links):
        k = bisect.bisect_left(tails, d)
        tails[k:k + 1] = [d]
    return len(tails)


def _cover_without(alignment: Any, quoted: set[Any]) -> list[float]:
    """``derived_from_source``, ``source_used`` and the derived text's verbatim, edited and paraphrased
    shares of the alignment's coverage, without the characters of the ``quoted`` links' sentences."""
    c = alignment.coverage
    cover = [c.derived_from_source, c.source_used, c.verbatim, c.edited, c.paraphrase]
    if not quoted:
        return cover
    d_total = sum(s.end - s.start for s in alignment.derived_sentences) or 1
    s_total = sum(s.end - s.start for s in alignment.source_sentences) or 1
    kinds = {"verbatim": 2, "edited": 3, "paraphrase": 4}
    for lk in quoted:
        d = sum(hi - lo for lo, hi in lk.derived_spans) / d_total
        cover[0] -= d
        cover[1] -= sum(hi - lo for lo, hi in lk.source_spans) / s_total
        if lk.kind in kinds:
            cover[kinds[lk.kind]] -= d
    return [min(1.0, max(0.0, v)) for v in cover]


def _longest_run(alignment: Any, links: Sequence[Any]) -> tuple[int, float]:
    """The most worded links inside one passage of the alignment, and their mean score: reuse of a
    stretch of text shows as a run of links in the same order on both sides."""
    best: tuple[int, float] = (0, 0.0)
    if not links:
        return best
    for lo, hi in _derived_passage_spans(alignment):
        scores = [lk.score for lk in links if lo <= lk.derived_spans[0][0] < hi]
        if len(scores) < best[0]:
            continue  # fewer links: not the longest run, whatever their mean
        found = (len(scores), float(np.mean(scores)) if scores else 0.0)
        if found > best:
            best = found
    return best


def _derived_passage_spans(alignment: Any) -> list[tuple[int, int]]:
    """``[p.derived_span for p in alignment.passages()]``, with only the derived side trimmed (the run
    reads no source span): each untrimmed passage's derived span cut to the words of its source span,
    as :meth:`dedup.alignment.Alignment.passages` cuts it (the tests compare the two)."""
    source_text, derived_text = alignment.source_document.text, alignment.derived_document.text
    return [_trim_span(derived_text, p.derived_span, _span_words(source_text[slice(*p.source_span)]))
            for p in alignment.passages(trim=False)]
