"""A pair's evidence as the verdict weighs it: a fixed vector of named features (:func:`pair_features`).

The exact scores, the shared passages and how widely they are found, the sentence alignment, the names
and figures of linked sentences and the lengths of a pair become :data:`FEATURES`, in one order, each
with the direction it may move the confidence (:data:`SIGNS`); :mod:`dedup.confidence` turns the vector
into a probability. What the features read of each text itself (its figures, :mod:`dedup.figure_sets`;
its sentences with numbers, :mod:`dedup.refilled`; its quotations, :mod:`dedup.quotations`) is read
once per text while a :func:`text_memo` block is open. The features an alignment sets are read by
:mod:`dedup.aligned_features` and bounded here (:func:`aligned_ranges`, :func:`aligned_corners`): what
the model's ceiling of a pair not yet aligned is worked out from.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from typing import Any, Iterator, Sequence

import numpy as np

from dedup.aligned_features import alignment_features, worded_links
from dedup.facts import quotation_spans
from dedup.figure_sets import figure_agreement, text_figures
from dedup.language import is_dense, word_share
from dedup.quotations import NO_QUOTES, may_quote, unquoted_shares
from dedup.refilled import refilled_links, refilled_share, slot_sentences

__all__ = ["FEATURES", "SIGNS", "TRACED", "TRACED_FROM", "pair_features", "with_alignment", "text_memo",
           "aligned_ranges", "aligned_corners", "ALIGNED_GROUPS"]


#: Feature names, in vector order. ``*_log`` are ``log1p`` of counts; shares are in [0, 1].
FEATURES = (
    # exact evidence over the whole texts
    "jaccard", "containment_unquoted", "containment_min", "content_jaccard", "fact_agreement", "figure_jaccard",
    "figure_containment", "figures_apart_log", "figures_apart_share", "form_slots_share",
    # copied passages (names and figures agreeing) and the most reworded shared passage
    "copied_cover", "copied_words_log", "passages_log", "passage_similarity", "passage_verbatim_unquoted",
    "passage_wording_log", "passage_facts", "passage_figures", "passage_rare_log", "passage_elsewhere_log",
    # sentence alignment (all 0 when the pair was not aligned)
    "aligned", "wholly_derived", "partially_derived", "derived_from_source", "source_used",
    "cover_verbatim", "cover_edited", "cover_paraphrase", "links_log", "link_score_mean", "link_score_max",
    "placed_share", "link_facts", "run_links_log", "run_score", "links_refilled",
    # lengths
    "words_short_log", "length_ratio",
    # evidence that counts only together: shared text whose facts agree, sentences whose facts agree,
    # a passage whose facts agree and that is found nowhere else (a form is found in many documents)
    "text_with_facts", "text_with_figures", "aligned_with_facts", "passage_with_facts",
    # the length and the whole-text agreement of names and figures where some evidence of reuse is located
    # (a shared passage, or text the alignment traces; :func:`_located`)
    "length_located", "facts_located",
)
# ``containment_unquoted`` and ``passage_verbatim_unquoted`` count the text shared word for word outside
# quotation marks only (:func:`dedup.quotations.unquoted_shares`), and ``passage_wording_log`` and
# ``passage_rare_log`` the best passage's words in the share of it that lies outside them: two reports
# quoting one speaker share the quotation without either having taken it from the other, and a copy shares
# the rest of the text with it.


#: The direction in which each feature may move the confidence: +1 (more of it is more evidence of
#: reuse: shared text, agreeing facts, aligned sentences), -1 (a stretch found in many documents, figures
#: that differ, a form's sentences filled in anew), 0 (either way: lengths, counts whose meaning depends
#: on the rest). Training holds the weights to these signs, so that more shared text never lowers the
#: confidence and every reason a report gives reads the way it should.
SIGNS = {name: 1 for name in FEATURES} | {
    "passage_elsewhere_log": -1, "figures_apart_log": -1, "figures_apart_share": -1, "form_slots_share": -1,
    "placed_share": -1, "links_refilled": -1,
    "passages_log": 0, "aligned": 0, "words_short_log": 0, "length_ratio": 0,
}


def pair_features(evidence: Any, fa: Any, fb: Any, alignment: Any = None, link_facts: float = 0.0,
                  texts: tuple[str, str] = ("", "")) -> np.ndarray:
    """The feature vector of one pair, in :data:`FEATURES` order.

    ``evidence`` is the pair's :class:`~dedup.verify.Evidence`, ``fa`` and ``fb`` the texts'
    :class:`~dedup.verify.Features`, ``alignment`` a :class:`dedup.alignment.Alignment` or None,
    ``link_facts`` the Jaccard similarity of the names and figures in the linked sentences
    (:func:`dedup.verify.link_facts`), ``texts`` the two texts (their figures are read from them).
    Symmetric: the vector does not depend on which text is ``a``.
    """
    ev = evidence
    (figures_a, slots_a, quotes_a), (figures_b, slots_b, quotes_b) = _read_text(texts[0]), _read_text(texts[1])
    figures = figure_agreement(figures_a, figures_b)
    best = max(ev.passages, key=lambda p: (p.wording, p.similarity), default=None)
    text_outside, passage_outside = unquoted_shares(fa, fb, quotes_a, quotes_b, best)
    exact = [
        ev.jaccard, max(ev.a_in_b, ev.b_in_a) * text_outside, min(ev.a_in_b, ev.b_in_a), ev.content_jaccard, ev.fact_agreement,
        *figures, refilled_share(slots_a, slots_b), max(ev.passage_cover_a, ev.passage_cover_b),
        math.log1p(ev.copied_words),
        math.log1p(len(ev.passages)), max((p.similarity for p in ev.passages), default=0.0),
    ]
    if best is None:
        exact += [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    else:
        exact += [best.verbatim * passage_outside, math.log1p(best.wording * passage_outside), best.facts, best.figures,
                  math.log1p(best.rare * passage_outside), math.log1p(best.elsewhere)]
    aligned = alignment_features(alignment, link_facts)
    short, long_ = sorted((_content_words(fa, texts[0]), _content_words(fb, texts[1])))
    sizes = [math.log1p(short), short / long_ if long_ else 0.0]
    together = [
        exact[1] * ev.fact_agreement,
        exact[1] * figures[1],
        aligned[3] * aligned[12],
        (best.similarity * best.facts / (1 + best.elsewhere)) if best is not None else 0.0,
    ]
    return np.array(exact + aligned + sizes + together + _located(aligned, exact[12], sizes[0], ev.fact_agreement),
                    dtype=np.float64)


#: Features an alignment can only lower, from their value without one (:func:`_located`): the ceiling
#: takes each at its value or at 0, whichever weighs more for reuse (:meth:`dedup.confidence.VerdictModel.ceilings`).
TRACED = ("length_located", "facts_located")
#: The features :data:`TRACED` are made from, in their order: what each is where evidence is located, and for
#: a pair neither aligned nor sharing a passage.
TRACED_FROM = ("words_short_log", "fact_agreement")


def _located(aligned: Sequence[float], passages_log: float, words_short_log: float, fact_agreement: float) -> list[float]:
    """``length_located`` and ``facts_located``: the length of the shorter text (``words_short_log``) and
    the whole-text agreement of names and figures, where some evidence of reuse is located (a shared
    passage, or any of the texts traced by the alignment), else 0; as they are for a pair not aligned
    and without a passage (nothing said yet). A linear verdict weighing length and whole-text agreement
    for reuse weighs them wherever they are: a long salad of an article's words (every name and figure the
    article's, no passage, no sentence linked) was a "rewrite" of it. The ``rewrite`` head weighs these in
    their place (``benchmarks/train_verdict.py``, ``HEAD_IGNORES``)."""
    if aligned[0] and not passages_log and not max(aligned[3], aligned[4]):
        return [0.0, 0.0]
    return [words_short_log, fact_agreement]


def _content_words(f: Any, text: str) -> float:
    """How many words the content tokens of ``f`` amount to, in ``text``: a text in a script written
    without spaces (CJK, Thai) is read as overlapping character pairs, about one token a character, where a
    word is about 1.5 characters in Chinese and Japanese and about 4 in Thai
    (:func:`dedup.language.word_share`); counted as words, a short Thai report read as four
    times its length, and the verdict took two short stories naming the same province for long ones
    sharing a passage. A token opening on such a character counts as that share of a word; every other
    token as one word (every text of a script with spaces: its count as before)."""
    n = len(f.content_tokens)
    if not n or not text or not is_dense(text):
        return float(n)
    return sum(word_share(text, start) for start in f.content_starts.tolist())


#: Where the features an alignment sets lie in a vector (:func:`dedup.aligned_features.alignment_features`'
#: block, and the one of the features that count together that reads it).
_ALIGNED_BLOCK = slice(FEATURES.index("aligned"), FEATURES.index("links_refilled") + 1)
_ALIGNED_WITH_FACTS = FEATURES.index("aligned_with_facts")
_TRACED = slice(FEATURES.index("length_located"), FEATURES.index("facts_located") + 1)
_PASSAGES, _WORDS_SHORT, _FACT_AGREEMENT = (FEATURES.index(name) for name in ("passages_log",) + TRACED_FROM)


def with_alignment(x: np.ndarray, alignment: Any, link_facts: float = 0.0, *, refilled: bool = True) -> np.ndarray:
    """:func:`pair_features` of a pair with its ``alignment`` (and ``link_facts``), from ``x``, its vector
    without one: only the features an alignment sets are read again, the texts' own are kept. Bit for bit
    the vector :func:`pair_features` gives with the alignment, at a fraction of its cost (a scan judges
    every candidate without its alignment first, and aligns a third of them). ``refilled=False``:
    ``links_refilled`` left at 0, to be read (:func:`links_refilled`) only for a pair that may reach the
    bar whatever it is (:meth:`dedup.confidence.VerdictModel.bound_over`): no other feature is made from it."""
    out = np.array(x, dtype=np.float64)
    aligned = alignment_features(alignment, link_facts, refilled)
    out[_ALIGNED_BLOCK] = aligned
    out[_ALIGNED_WITH_FACTS] = aligned[3] * aligned[12]
    out[_TRACED] = _located(aligned, float(out[_PASSAGES]), float(out[_WORDS_SHORT]), float(out[_FACT_AGREEMENT]))
    return out


#: What :func:`pair_features` reads of each text itself (its figures, its sentences with numbers, its
#: quotations), by text, while a :func:`text_memo` block is open; None: the bounded caches alone.
_memo: dict[str, tuple[frozenset[str], dict[str, frozenset[str]], np.ndarray]] | None = None


@contextmanager
def text_memo() -> Iterator[None]:
    """Within the block, what the features read of each text itself is read once, however many pairs the
    text is in: a scan's chunk of candidate pairs holds tens of thousands of articles, each in several
    pairs, which the caches of 4,096 texts missed at nearly every pair (a million articles: about a minute).
    Forgotten when the block ends; a block inside another shares the outer one's memo."""
    global _memo
    if _memo is not None:
        yield
        return
    _memo = {}
    try:
        yield
    finally:
        _memo = None


def _read_text(text: str) -> tuple[frozenset[str], dict[str, frozenset[str]], np.ndarray]:
    """The figures, the sentences with numbers and the quotations of ``text`` (from the memo when one is
    open)."""
    memo = _memo  # once: a block closing in another thread (a server's checks) leaves this one its dict
    if memo is None:
        return text_figures(text), slot_sentences(text), quotation_spans(text) if may_quote(text) else NO_QUOTES
    found = memo.get(text)
    if found is None:
        found = memo[text] = (text_figures(text, cached=False), slot_sentences.__wrapped__(text),
                              quotation_spans.__wrapped__(text) if may_quote(text) else NO_QUOTES)
    return found


#: The column of ``links_refilled``: the last feature an alignment sets, the costliest to read.
LINKS_REFILLED = FEATURES.index("links_refilled")


def links_refilled(alignment: Any) -> float:
    """``links_refilled`` of an alignment, as :func:`with_alignment` reads it."""
    return refilled_links(alignment, worded_links(alignment)[1])


def aligned_ranges(sentences: int) -> dict[str, tuple[float, float]]:
    """The lowest and highest value of every feature read from a sentence alignment, once a pair is
    aligned, when neither text has more than ``sentences`` sentences (a link takes derived sentences no
    other link takes, so links and runs count at most that many); the other features do not depend on
    the alignment. What :meth:`dedup.confidence.VerdictModel.ceiling` bounds a pair's confidence with before aligning it.
    A feature added to :func:`dedup.aligned_features.alignment_features` must be added here (the tests compare the two)."""
    most = math.log1p(max(0, sentences))
    shares = ("wholly_derived", "partially_derived", "derived_from_source", "source_used", "cover_verbatim",
              "cover_edited", "cover_paraphrase", "link_score_mean", "link_score_max", "placed_share", "link_facts",
              "run_score", "aligned_with_facts", "links_refilled")
    return {"aligned": (1.0, 1.0), "links_log": (0.0, most), "run_links_log": (0.0, most)} | {
        name: (0.0, 1.0) for name in shares}


#: Features the alignment sets together, and what ties them (each tuple: the features, then the corners of
#: the values they can take together, scaled to the top of each one's range by :func:`aligned_corners`):
#: the derived text's share from the source is the sum of its verbatim, edited and paraphrased shares, and
#: ``aligned_with_facts`` is that share times ``link_facts``; an alignment has one verdict; the longest run
#: of links counts no more links than there are; a mean score is no higher than the highest. A linear
#: function of features tied this way is highest at one of the corners.
ALIGNED_GROUPS: tuple[tuple[tuple[str, ...], tuple[tuple[float, ...], ...]], ...] = (
    (("derived_from_source", "cover_verbatim", "cover_edited", "cover_paraphrase", "link_facts", "aligned_with_facts"),
     ((0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 1, 0))
     + tuple((1, *(float(k == kind) for k in range(3)), facts, facts) for kind in range(3) for facts in (0, 1))),
    (("wholly_derived", "partially_derived"), ((0, 0), (1, 0), (0, 1))),
    (("links_log", "run_links_log"), ((0, 0), (1, 0), (1, 1))),
    (("link_score_mean", "link_score_max", "run_score"), ((0, 0, 0), (0, 1, 0), (1, 1, 0), (0, 1, 1), (1, 1, 1))),
)


def aligned_corners(sentences: int) -> list[tuple[list[int], np.ndarray]]:
    """The features read from an alignment in groups (their columns in :data:`FEATURES`) with the corners
    of the values each group can take together (one row a corner) when neither text has more than
    ``sentences`` sentences: :data:`ALIGNED_GROUPS`, and each other feature of :func:`aligned_ranges`
    alone, at either end of its range. Every alignment's features lie inside the corners' hull."""
    ranges = aligned_ranges(sentences)
    grouped = {name for names, _ in ALIGNED_GROUPS for name in names}
    out = [([FEATURES.index(n) for n in names], np.array(corners, dtype=np.float64) * [ranges[n][1] for n in names])
           for names, corners in ALIGNED_GROUPS]
    return out + [([FEATURES.index(name)], np.array([[lo], [hi]], dtype=np.float64))
                  for name, (lo, hi) in ranges.items() if name not in grouped]

