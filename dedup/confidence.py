"""How sure dedup is that one text was taken from the other: one learned, calibrated confidence.

The evidence of a pair (exact scores, shared passages and how widely they are found, the sentence
alignment, the names and figures of linked sentences, lengths) becomes a fixed vector of named
features (:func:`pair_features`). Logistic regressions trained on labelled pairs
(``python -m benchmarks.train_verdict``) and calibrated on a held-out part turn the vector into a
probability: three heads, each weighing the evidence of one kind of reuse (kept words, a reworded
passage in a longer document, a story retold with its facts), the strongest of them deciding; a
multinomial one over the same vector says which kind of reuse it is (``duplicate``, ``partial``,
``rewrite``). They ship as plain numbers in ``dedup/data/verdict_model.json`` and are applied with a dot
product each: no scikit-learn at prediction time.

Why linear: each feature's share of the deciding head's score is its weight times its (standardised)
value, and those shares add up exactly to the log-odds. ``why`` lists the largest of them, for and
against, so the reasons a report gives are the reasons the model used, not a story told afterwards.
"""

from __future__ import annotations

import json
import math
import re
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Iterable, Iterator, Sequence

import numpy as np

from dedup import kernels
from dedup.alignment import _trim as _trim_span, _words as _span_words
from dedup.errors import SettingsError
from dedup.facts import QUOTATION_MARKS, all_facts, day_date_spans, later_year, name_key, quotation_spans
from dedup.language import detect_language, is_dense, language_of, word_share
from dedup.numerals import english_figures, with_values
from dedup.tokens import in_sorted
from dedup.words import MULTIPLIER_WORDS, figure_values, multiplier, writes_decimal_comma

__all__ = ["FEATURES", "SIGNS", "KINDS", "TRACED", "TRACED_FROM", "Reason", "Judgement", "VerdictModel", "pair_features", "default_model", "why_dict",
           "aligned_ranges", "aligned_corners", "text_memo", "with_alignment"]

#: The kinds of reuse a reported pair can be, in report order.
KINDS = ("duplicate", "partial", "rewrite")

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
# quotation marks only (:func:`_unquoted`), and ``passage_wording_log`` and ``passage_rare_log`` the best
# passage's words in the share of it that lies outside them: two reports quoting one speaker share the
# quotation without either having taken it from the other, and a copy shares the rest of the text with it.


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
    figures = _figure_agreement(figures_a, figures_b)
    best = max(ev.passages, key=lambda p: (p.wording, p.similarity), default=None)
    text_outside, passage_outside = _unquoted(fa, fb, quotes_a, quotes_b, best)
    exact = [
        ev.jaccard, max(ev.a_in_b, ev.b_in_a) * text_outside, min(ev.a_in_b, ev.b_in_a), ev.content_jaccard, ev.fact_agreement,
        *figures, _refilled_share(slots_a, slots_b), max(ev.passage_cover_a, ev.passage_cover_b),
        math.log1p(ev.copied_words),
        math.log1p(len(ev.passages)), max((p.similarity for p in ev.passages), default=0.0),
    ]
    if best is None:
        exact += [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    else:
        exact += [best.verbatim * passage_outside, math.log1p(best.wording * passage_outside), best.facts, best.figures,
                  math.log1p(best.rare * passage_outside), math.log1p(best.elsewhere)]
    aligned = _alignment_features(alignment, link_facts)
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
#: takes each at its value or at 0, whichever weighs more for reuse (:meth:`VerdictModel.ceilings`).
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


#: Where the features an alignment sets lie in a vector (:func:`_alignment_features`' block, and the
#: one of the features that count together that reads it).
_ALIGNED_BLOCK = slice(FEATURES.index("aligned"), FEATURES.index("links_refilled") + 1)
_ALIGNED_WITH_FACTS = FEATURES.index("aligned_with_facts")
_TRACED = slice(FEATURES.index("length_located"), FEATURES.index("facts_located") + 1)
_PASSAGES, _WORDS_SHORT, _FACT_AGREEMENT = (FEATURES.index(name) for name in ("passages_log",) + TRACED_FROM)


def with_alignment(x: np.ndarray, alignment: Any, link_facts: float = 0.0) -> np.ndarray:
    """:func:`pair_features` of a pair with its ``alignment`` (and ``link_facts``), from ``x``, its vector
    without one: only the features an alignment sets are read again, the texts' own are kept. Bit for bit
    the vector :func:`pair_features` gives with the alignment, at a fraction of its cost (a scan judges
    every candidate without its alignment first, and aligns a third of them)."""
    out = np.array(x, dtype=np.float64)
    aligned = _alignment_features(alignment, link_facts)
    out[_ALIGNED_BLOCK] = aligned
    out[_ALIGNED_WITH_FACTS] = aligned[3] * aligned[12]
    out[_TRACED] = _located(aligned, float(out[_PASSAGES]), float(out[_WORDS_SHORT]), float(out[_FACT_AGREEMENT]))
    return out


#: A figure as written: "6-1/4", "2.5", "1,250", "1987" (single digits alone are too common to count;
#: digits inside a word, as in a code or an id, are no figure).
_FIGURE = re.compile(r"\b\d+(?:[.,/-]\d+)+\b|\b\d{2,}\b")
#: :data:`_FIGURE` with its two alternatives' common opening (a word boundary, a digit) read once: the
#: same matches (the tests compare them), a third faster over a text.
_FIGURE_FAST = re.compile(r"\b\d(?:\d*(?:[.,/-]\d+)+\b|\d+\b)")


@lru_cache(maxsize=4096)
def _figure_set(text: str) -> frozenset[str]:
    """The figures of a text, read once: a scan's articles are in many candidate pairs each. An ASCII
    text's by the compiled kernel (``figure_set``), else by the pattern (:func:`_figure_set_py`)."""
    compiled = kernels.KERNELS
    found = compiled.figure_set(text) if compiled is not None else None
    return _figure_set_py(text) if found is None else found


#: Languages whose figures the verdict reads as written (:func:`_figure_set`), not by value
#: (:func:`dedup.words.figure_values`): English, the language of the pairs the model was trained on, whose
#: kernels read its figures as written and its rewrites keep them so; and the scripts written without
#: spaces, whose figures, read as written, hold none the model ever saw agree (read by value, a Japanese
#: rewrite's confidence fell from 0.81 to 0.60). Every other language's desk restates a figure in its
#: own way ("1.400" and "1400", "5,8" and "5.8" in Arabic, "1,3 miljoen" and "1.300.000").
_AS_WRITTEN = frozenset({"en", "zh", "ja", "ko", "th"})


def _by_value(text: str) -> str | None:
    """The language whose reading of figures by value ``text`` takes, or None: as written (an English
    text, a dense script's, one whose language is not told; :data:`_AS_WRITTEN`)."""
    language = detect_language(text)
    return None if language is None or language in _AS_WRITTEN else language


def _text_figures(text: str, *, cached: bool = True) -> frozenset[str]:
    """The figures a text's whole-text agreement reads: by value in a language that restates them
    (:func:`_by_value`), else as written (:func:`_figure_set`; ``cached``: through its bounded cache)."""
    language = _by_value(text)
    if language is not None:  # digits alone: number words are read only in a link's sentences
        return figure_values(text, language, worded=False)
    return _figure_set(text) if cached else _figure_set.__wrapped__(text)


def _figure_set_py(text: str) -> frozenset[str]:
    """:func:`_figure_set` by the pattern: the reference, and the way for every text not ASCII."""
    return frozenset(_FIGURE_FAST.findall(text))


def _figure_agreement(sa: frozenset[str], sb: frozenset[str]) -> list[float]:
    """Whole-text agreement of the figures as written (each text's set, :func:`_figure_set`): a copy or a
    rewrite keeps them, a form filled in again on another day (market operations, price fixings, tenders)
    changes them and keeps the rest. Read from the text because the word tokens split "6-1/4" into single
    digits.

    Jaccard, containment, the log count of the fewer figures' side missing from the other, and that
    count as a share when both texts have two figures or more (0 otherwise: one figure, or none, is too
    little to tell a form from a copy). The share tells "every figure changed" (a form, 1.0) from "one
    of several corrected" (a correction, 0.1-0.3) in a short text, where the counts are alike; it is
    the only figure feature that can lower the confidence as disagreement, not just fail to raise it."""
    both = len(sa & sb)
    union = len(sa | sb)
    smaller = min(len(sa), len(sb))
    return [both / union if union else 1.0, both / smaller if smaller else 1.0, math.log1p(smaller - both),
            (smaller - both) / smaller if smaller >= 2 else 0.0]


def _touching(spans: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Which stretches ``[starts, ends)`` overlap one of the ``spans`` (sorted, not overlapping): a word
    5-gram that runs out of a quotation into its attribution carries the quoted words."""
    if not len(spans) or not len(starts):
        return np.zeros(len(starts), dtype=bool)
    k = np.searchsorted(spans[:, 0], ends, side="left") - 1  # the last quotation opening before the stretch ends
    return (k >= 0) & (spans[np.maximum(k, 0), 1] > starts)


def _unquoted(fa: Any, fb: Any, quotes_a: np.ndarray, quotes_b: np.ndarray, best: Any) -> tuple[float, float]:
    """The share of the text two documents share word for word (their common word 5-grams, where they
    stand) that lies outside quotation marks, overall and inside the ``best`` passage's spans, in the
    text where more of it does: a copy carries the source's quotations with the rest, two reports of
    one event may share a speaker's words and nothing else. 1.0 where either text quotes nothing; counted on
    the shared 5-grams, not on the passage's characters, whose edges reach past what is shared."""
    if not len(quotes_a) or not len(quotes_b):
        return 1.0, 1.0
    text, passage = [], []
    for f, other, quotes, span in ((fa, fb, quotes_a, best.a if best else None), (fb, fa, quotes_b, best.b if best else None)):
        shared = in_sorted(f.gram_hashes, other.grams)  # ``grams``: sorted and unique
        starts, ends = f.gram_starts[shared], f.gram_ends[shared]
        outside = ~_touching(quotes, starts, ends)
        text.append(np.count_nonzero(outside) / len(outside) if len(outside) else 1.0)
        if span is not None:
            within = (starts >= span[0]) & (ends <= span[1])
            n = np.count_nonzero(within)
            passage.append(np.count_nonzero(outside & within) / n if n else 1.0)
    return max(text), max(passage, default=1.0)


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
        return _text_figures(text), _slot_sentences(text), quotation_spans(text) if _may_quote(text) else _NO_QUOTES
    found = memo.get(text)
    if found is None:
        found = memo[text] = (_text_figures(text, cached=False), _slot_sentences.__wrapped__(text),
                              quotation_spans.__wrapped__(text) if _may_quote(text) else _NO_QUOTES)
    return found


#: Every quotation opens with one of these (:data:`dedup.facts.QUOTATION_MARKS`, and the single mark
#: ‘): most wire stories hold none, and the quotations' pattern tries every character of a text.
_OPENERS = tuple(QUOTATION_MARKS) + ("\u2018",)
#: The quotations of a text without an opening mark (read-only: shared by every such text).
_NO_QUOTES = np.zeros((0, 2), dtype=np.int64)
_NO_QUOTES.flags.writeable = False


def _may_quote(text: str) -> bool:
    """Whether ``text`` holds a mark that opens a quotation (else it has none: :func:`quotation_spans`)."""
    return any(mark in text for mark in _OPENERS)


#: A sentence: up to an end mark followed by a space, or a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
#: :data:`_SENTENCE_END` tried only where a space is (the same cuts, the tests compare them): its
#: look-behind was tried at every character of a text.
_SENTENCE_END_FAST = re.compile(r"(?=\s)(?:(?<=[.!?])\s+|\n+)")
#: A number as a form's slot holds it: "6-3/8", "98.734", "12:45", "4".
_SLOT = re.compile(r"\d[\d.,:/-]*")
#: What opens a :data:`_SLOT`.
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=4096)
def _slot_sentences(text: str) -> dict[str, frozenset[str]]:
    """The sentences of a text that hold a number and four words or more, by their wording with every
    number written ``#`` (lower case, single spaces): a form's sentence keeps its key from day to day.
    An ASCII text's by the compiled kernel (``slot_sentences``), else by the patterns."""
    compiled = kernels.KERNELS
    found = compiled.slot_sentences(text) if compiled is not None else None
    return _slot_sentences_py(text) if found is None else found


def _slot_sentences_py(text: str) -> dict[str, frozenset[str]]:
    """:func:`_slot_sentences` by the patterns: the reference, and the way for every text not ASCII."""
    out: dict[str, set[str]] = {}
    if not _DIGIT.search(text):
        return {}
    for sentence in _SENTENCE_END_FAST.split(text):
        if not _DIGIT.search(sentence):  # no number: splitting its words would find none
            continue
        words = sentence.split()
        raw = " ".join(words)
        if len(words) >= 4 and _SLOT.search(raw):
            out.setdefault(_SLOT.sub("#", raw.lower()), set()).add(raw)
    return {key: frozenset(raws) for key, raws in out.items()}


def _form_slots(text_a: str, text_b: str) -> float:
    """The share of the sentences with numbers (of the text with fewer, two at least) that the other text
    holds word for word with other numbers in them: a form filled in again on another day (a market
    operation, a price fixing: its sentences of figures filled in anew), where a copy keeps its figures
    (0) and a correction changes one sentence of several. A sentence both hold as it is (a form's fixed
    text, or what an update kept) counts in the base only, so that an update refilling two sentences of
    six reads as a third, a form refilling all but its fixed text as most. The figures of the whole text
    cannot say this: a form's fixed text, shared word for word, reads as a passage copied."""
    return _refilled_share(_slot_sentences(text_a), _slot_sentences(text_b))


def _refilled_share(sa: dict[str, frozenset[str]], sb: dict[str, frozenset[str]]) -> float:
    """:func:`_form_slots` of the two texts' sentences with numbers (:func:`_slot_sentences`)."""
    fewer = min(len(sa), len(sb))
    if fewer < 2:
        return 0.0
    refilled = sum(1 for key in sa.keys() & sb.keys() if not sa[key] & sb[key])
    return refilled / fewer


def _alignment_features(alignment: Any, link_facts: float) -> list[float]:
    if alignment is None:
        return [0.0] * 16
    coverage = alignment.coverage
    links = [lk for lk in alignment.links if not lk.placed]
    scores = [lk.score for lk in links]
    run, run_score = _longest_run(alignment, links)
    return [
        1.0, float(alignment.verdict == "wholly_derived"), float(alignment.verdict == "partially_derived"),
        coverage.derived_from_source, coverage.source_used, coverage.verbatim, coverage.edited,
        coverage.paraphrase, math.log1p(len(links)), float(np.mean(scores)) if scores else 0.0,
        max(scores, default=0.0), (len(alignment.links) - len(links)) / len(alignment.links) if alignment.links else 0.0,
        link_facts if links else 0.0, math.log1p(run), run_score, _refilled_links(alignment, links),
    ]


def _refilled_links(alignment: Any, links: Sequence[Any]) -> float:
    """The share of the worded links, of those whose sentences hold figures on both sides, where each side
    holds a figure the other lacks, or of those whose sentences hold two capitalised words in a row on
    both sides (:func:`_capitalised_pair`), where each side holds a name the other text lacks in the same
    place (:func:`_slot_refilled`), whichever is higher: a form filled in again on another day links
    sentence by sentence with every figure changed (a market operation's amounts, a fixing's prices, the
    dateline's day) or every name (a court's defendants, a round's teams, a list's winners), where a copy
    or a rewrite keeps its figures, adds one (both sides' figures, one inside the other) or drops one, and
    a correction changes one sentence of several. The two shares are read apart, so that a figures'
    form's sentences of names kept (its issuer, its dealers) do not thin its share. A name counts as
    lacking only when the other text holds it nowhere, in no form (:func:`_new_names`): a rewrite that
    moves a name to another sentence, writes "the Fed" for "the Federal Reserve" or "ECB" for "European
    Central Bank", or adds a spokesman's name on one side only, refills nothing. Unlike
    ``form_slots_share``, which needs a form's sentences word for word, it reads linked sentences however
    they were reworded. A form's sentences whose figures all changed are often not linked at all (their
    figures conflict): the pairs of sentences left unlinked that are alike in wording but for figures
    that differ (:func:`_refilled_unlinked`) count as sentences refilled, so that the fixed sentences a
    form keeps with their figures (a phone number, the hour of the next update) do not read it as a copy."""
    source, derived = alignment.source_document.text, alignment.derived_document.text
    comma_s = writes_decimal_comma(language_of(alignment.source_document))
    comma_d = writes_decimal_comma(language_of(alignment.derived_document))
    holding = refilled = named = renamed = 0
    for link in links:
        fs = _link_figures(source, link.source_spans, comma_s)
        if fs:
            fd = _link_figures(derived, link.derived_spans, comma_d)
            if fd:
                holding += 1
                refilled += bool(fs - fd) and bool(fd - fs)
        if _capitalised_pair(source, link.source_spans) and _capitalised_pair(derived, link.derived_spans):
            named += 1
            if (_capitalised_pair(source, link.source_spans, derived)
                    and _capitalised_pair(derived, link.derived_spans, source)):
                ns, nd = _names_within(source, link.source_spans), _names_within(derived, link.derived_spans)
                renamed += bool(ns) and bool(nd) and ns.keys() != nd.keys() and _slot_refilled(ns, nd, source, derived)
    alike = _refilled_unlinked(alignment, links, comma_s, comma_d)
    holding, refilled = holding + alike, refilled + alike
    return max(refilled / holding if holding else 0.0, renamed / named if named else 0.0)


#: A figure as :func:`dedup.words.numbers` reads one in a language of decimal commas: thousands grouped with
#: spaces ("1 300 000"), or a figure as :data:`_FIGURE_FAST` reads it, or a single digit before a word for
#: thousands, millions or billions ("3 miljoen"), with that word if one follows.
_FIGURE_WORDED = re.compile(
    rf"\b(\d{{1,3}}(?:[ \u00a0\u202f]\d{{3}})+(?!\d)|\d(?:\d*(?:[.,/-]\d+)+\b|\d+\b)"
    rf"|\d\b(?=\s?(?i:{MULTIPLIER_WORDS})(?!\w)))(?:\s?((?i:{MULTIPLIER_WORDS}))(?!\w))?")
#: A figure whose thousands are grouped, with decimals or none: with full stops and a decimal comma
#: ("1.300.000", "1.400,5"), and with commas and a decimal point ("1,200", "1,200.5").
_GROUPED_BY = {True: re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?"), False: re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")}
_DECIMAL_BY_COMMA = re.compile(r"\d+,\d+")
_SPACES = str.maketrans("", "", " \u00a0\u202f")


def _refilled_unlinked(alignment: Any, links: Sequence[Any], comma_s: bool, comma_d: bool) -> int:
    """How many sentences left unlinked by the worded ``links`` pair one to one with a sentence of the
    other text alike in wording but for their figures (:func:`_alike_but_figures`), each side holding a
    figure the other lacks: a form's sentence filled in again ("restored to 182,000 customers" and "to
    221,000 customers"), which the aligner leaves unlinked for its conflicting figures. A copy keeps
    its figures and links; a rewrite that restates them rewords its sentences, which then are not alike.
    One such pair alone counts for nothing: a correction or an update changes one sentence of several."""
    source, derived = alignment.source_document.text, alignment.derived_document.text
    regions_s = [s for s, _ in alignment.regions]
    rest_s = _unlinked_with_figures(source, alignment.source_sentences, {i for lk in links for i in lk.source_sentences},
                                    comma_s, regions_s)
    if not rest_s:
        return 0
    rest_d = _unlinked_with_figures(derived, alignment.derived_sentences, {i for lk in links for i in lk.derived_sentences},
                                    comma_d, [d for _, d in alignment.regions])
    found = 0
    for words_s, figures_s in rest_s:
        for j, (words_d, figures_d) in enumerate(rest_d):
            if figures_s - figures_d and figures_d - figures_s and _alike_but_figures(words_s, words_d):
                found += 1
                del rest_d[j]
                break
    return found if found >= 2 else 0


def _unlinked_with_figures(text: str, sentences: Sequence[Any], linked: set[int], comma: bool,
                           regions: Sequence[tuple[int, int]] = ()) -> list[tuple[list[str], set[str]]]:
    """The words (no figures) and the figures (:func:`_link_figures`, a date's day left out:
    :func:`_without_days`) of each sentence not in ``linked`` that holds a figure and four words or more,
    as :func:`_slot_sentences` reads a form's sentences; where the alignment was limited to ``regions``
    (long texts sharing a passage), only those inside them: the rest were never compared."""
    out = []
    for i, sentence in enumerate(sentences):
        if i in linked or not _DIGIT.search(sentence.text):
            continue
        if regions and not any(start < sentence.end and sentence.start < end for start, end in regions):
            continue
        words = [w for w in _WORD_PART.findall(sentence.text.lower()) if not w[0].isdigit()]
        if len(words) >= 4:
            figures = _link_figures(text, _without_days(text, (sentence.start, sentence.end)), comma)
            if figures:
                out.append((words, figures))
    return out


def _without_days(text: str, *spans: tuple[int, int]) -> list[tuple[int, int]]:
    """The stretches ``spans`` of ``text`` less the days of its dates of a day of the month (the 26 of
    "April 26", the 8 of "8 July 2024", :func:`dedup.facts.day_date_spans`; a year written with one stays): a
    story sent again on another day with its dateline's day changed is the same story, where a form
    filled in again changes its other figures."""
    days = _days(text) if _DIGIT.search(text) else ()
    out = []
    for start, end in spans:
        at = start
        for day_start, day_end in days:
            if start <= day_start and day_end <= end:
                out.append((at, day_start))
                at = day_end
        out.append((at, end))
    return out


@lru_cache(maxsize=4096)
def _days(text: str) -> tuple[tuple[int, int], ...]:
    """Where the days of the month of a text's dates stand (:func:`_without_days`), once per text."""
    return tuple(_day_of(text, span) for span in day_date_spans(text))


def _day_of(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Where the day of the month stands in a date (``span``, "March 17, 1987" or "8 July 2024")."""
    m = _DAY.search(text, *span)
    return m.span() if m else span


#: The day of a date: one or two digits (with "st", "nd", "rd", "th").
_DAY = re.compile(r"(?<!\d)\d{1,2}(?:st|nd|rd|th)?(?!\d)")


def _alike_but_figures(words_a: list[str], words_b: list[str]) -> bool:
    """Whether two sentences' words (their figures left out) are one wording: in the same order, all
    but a fifth of them the same (a form's place or weekday filled in too, a name dropped from a list).
    The matcher's two quick bounds first: most pairs of sentences compared are far apart."""
    matcher = SequenceMatcher(None, words_a, words_b, autojunk=False)
    return matcher.real_quick_ratio() >= _ALIKE and matcher.quick_ratio() >= _ALIKE and matcher.ratio() >= _ALIKE


#: How alike two sentences' words must be to be one form's (:func:`_alike_but_figures`).
_ALIKE = 0.8


def _link_figures(text: str, spans: Sequence[tuple[int, int]], comma: bool) -> set[str]:
    """The values of the figures one side of a link holds (:func:`_held_figures`, each read by
    :func:`_figure_value`): a rewrite writing "1400" for "1.400", "1,200" for "1200", "3.5" for "3,5" or
    "1.300.000" for "1,3 miljoen" keeps its figures. ``comma``: the text's language writes a decimal
    comma (:func:`dedup.words.writes_decimal_comma`; a language not known reads as English). In a language
    that restates figures (:func:`_by_value`), each as :func:`dedup.words.figure_values` reads it, as the
    whole-text agreement does ("5,8" is 5.8 in Arabic, "38.6" and "38,6" one figure in Spanish)."""
    language = _by_value(text)
    if language is not None:
        return set().union(*(figure_values(text[start:end], language) for start, end in spans))
    if not comma:  # English: "1.3 million", "$1.3 mln" and "fourteen" as their values (_english_valued)
        return {_figure_value(f, False) for f in _held_figures(
            f for start, end in spans for f in _FIGURE_FAST.findall(_english_valued(text[start:end])))}
    out: set[str] = set()
    for start, end in spans:
        for figure, word in _FIGURE_WORDED.findall(text, start, end):
            factor = multiplier(word.lower()) if word else 1
            out.update(_figure_value(f, True, factor) for f in _held_figures([figure.translate(_SPACES)]))
    return out


@lru_cache(maxsize=4096)
def _english_valued(text: str) -> str:
    """An English stretch with its figures of a word for millions and its number words written as their
    values (:func:`dedup.numerals.english_figures`): "1.3 million" and "1,300,000" are one figure, "fourteen"
    and "14", "$2.5 billion" and "2.5 bln dlrs"; where the text holds none (most), the text itself."""
    return with_values(text, english_figures(text))


@lru_cache(maxsize=4096)
def _figure_value(figure: str, comma: bool, factor: int = 1) -> str:
    """A figure held (:func:`_held_figures`) written by its value: thousands separators of its language
    dropped, a decimal comma or point written as a point, no trailing zeros of decimals, times ``factor``
    (a word for millions after it). A separator before digits that are no group of three is a decimal
    one whatever the language ("3.5" in a Dutch text is 3,5); a price in fractions or a slash form stays.

    >>> _figure_value("1.400", True), _figure_value("1,200", False), _figure_value("3,50", True), _figure_value("1,3", True, 10**6)
    ('1400', '1200', '3.5', '1300000')
    """
    if "/" in figure:
        return figure
    value = figure
    if _GROUPED_BY[comma].fullmatch(figure):
        value = figure.replace("." if comma else ",", "").replace(",", ".")
    elif comma and _DECIMAL_BY_COMMA.fullmatch(figure):
        value = figure.replace(",", ".")
    if factor != 1:
        try:
            return format((Decimal(value) * factor).normalize(), "f")
        except InvalidOperation:
            return value
    if "." in value and value.count(".") == 1:
        value = value.rstrip("0").rstrip(".")
    return value


def _slot_refilled(ns: dict[tuple[str, ...], set[tuple[str, str]]], nd: dict[tuple[str, ...], set[tuple[str, str]]],
                   source: str, derived: str) -> bool:
    """Whether two linked sentences (their names and where each stands, :func:`_names_within`) hold a
    blank filled in with other names: a name on each side that the other text holds nowhere
    (:func:`_new_names`), the two in one place of the sentence (the same word or mark before them, or
    after). A form's blank keeps its place ("goals from Sean Tully" and "goals from Owen Farrow"); a
    link whose sentences only begin or end apart (a passage taken into another text mid-sentence) holds
    other names in other places."""
    new_s = [ns[run] for run in ns.keys() - nd.keys() if _new_names({run}, derived, ns.keys())]
    if not new_s:
        return False
    new_d = [nd[run] for run in nd.keys() - ns.keys() if _new_names({run}, source, nd.keys())]
    places_s = {place for places in new_s for place in places}
    return any(before == b or after == a for places in new_d for b, a in places for before, after in places_s)


def _capitalised_pair(text: str, spans: Sequence[tuple[int, int]], other: str | None = None) -> bool:
    """Whether the spans hold two capitalised words in a row (where a name of two words may be), or a
    letter of a script without capitals (whose names :mod:`dedup.names` reads otherwise); with
    ``other``, two capitalised words neither of which is a word of that text (where a name it holds
    nowhere may be, as :func:`_slot_refilled` needs on each side). A quick test: the names themselves
    are read only where it holds on both sides of a link."""
    words = _word_parts(other) if other is not None else frozenset()
    for start, end in spans:
        part = text[start:end]
        tokens = part.split()
        for first, second in zip(tokens, tokens[1:]):
            if second[0].isupper() and any(ch.isupper() for ch in first[:3]) and (
                    other is None or _token_key(first) not in words and _token_key(second) not in words):
                return True
        if not part.isascii() and any(ch.isalpha() and not ch.isupper() and not ch.islower() for ch in part):
            return True
    return False


def _token_key(token: str) -> str:
    """The first of a token's word parts (:func:`_word_parts`): "(Gary" is gary."""
    m = _WORD_PART.search(token)
    return m.group().lower() if m else ""


#: A run of letters and digits: the parts of "Sung-sang" or "O'Neill" apart.
_WORD_PART = re.compile(r"[^\W_]+")


@lru_cache(maxsize=4096)
def _word_parts(text: str) -> frozenset[str]:
    """The lower-case runs of letters and digits of a text (:data:`_WORD_PART`)."""
    return frozenset(_WORD_PART.findall(text.lower()))


def _names_within(text: str, spans: Sequence[tuple[int, int]]) -> dict[tuple[str, ...], set[tuple[str, str]]]:
    """The names of two words or more inside ``spans`` of ``text`` (:func:`dedup.facts.all_facts`;
    capitalised words apart by spaces only are one name: "Federal Reserve", "Judge Rachel Hume"), by
    their keys, each with the places it stands in (the word or mark before it and the one after it,
    lower case; "" at the text's ends). A single capitalised word is as often a common word ("Bank", a
    sentence's "Fell" written "Dropped" by a rewrite) or a dateline's city as a name, where a person's
    or a team's name has two words."""
    runs: list[tuple[list[str], int, int]] = []
    for fact in all_facts(text):
        if fact.kind != "name" or not any(start <= fact.span[0] and fact.span[1] <= end for start, end in spans):
            continue
        if runs and runs[-1][2] <= fact.span[0] and not text[runs[-1][2]:fact.span[0]].strip():
            runs[-1][0].append(fact.key)
            runs[-1] = (runs[-1][0], runs[-1][1], fact.span[1])
        else:
            runs.append(([fact.key], fact.span[0], fact.span[1]))
    out: dict[tuple[str, ...], set[tuple[str, str]]] = {}
    for keys, start, end in runs:
        if len(keys) > 1:
            out.setdefault(tuple(keys), set()).add((_token_before(text, start), _token_after(text, end)))
    return out


#: The word or mark that ends a stretch of text, and the one that opens one.
_LAST_TOKEN = re.compile(r"(?:[^\W_]+|[^\w\s])\s*$")
_FIRST_TOKEN = re.compile(r"\s*([^\W_]+|[^\w\s])")


def _token_before(text: str, at: int) -> str:
    m = _LAST_TOKEN.search(text, max(0, at - 40), at)
    return m.group().strip().lower() if m else ""


def _token_after(text: str, at: int) -> str:
    m = _FIRST_TOKEN.match(text, at, at + 40)
    return m.group(1).lower() if m else ""


@lru_cache(maxsize=4096)
def _text_words(text: str) -> tuple[frozenset[str], tuple[str, ...], frozenset[str]]:
    """The lower-case words of a text (possessives cut, :func:`dedup.facts.name_key`); the initials of each
    run of its capitalised words, with and without the small words between them ("Bank of England"
    gives "boe" and "be"); and its words written with two capitals or more ("ECB", "BoE": initials)."""
    words = frozenset(name_key(w) for w in _NAME_WORD.findall(text))
    initials: list[str] = []
    for m in _CAPITALISED_RUN.finditer(text):
        run = m.group().split()
        initials.append("".join(w[0] for w in run).lower())
        initials.append("".join(w[0] for w in run if w[0].isupper()).lower())
    capitals = frozenset(name_key(w) for w in _NAME_WORD.findall(text) if sum(ch.isupper() for ch in w) >= 2)
    return words, tuple(initials), capitals


#: Words a name written in initials may leave out ("Bank of England" is "BoE" or "BE").
_SMALL_WORDS = "of|and|the|for|de|la|le|du|des|der|von|van"
_NAME_WORD = re.compile(r"[^\W_]+(?:['\u2019.-][^\W_]+)*")
#: Capitalised words in a row, with small words between them: what initials stand for.
_CAPITALISED_RUN = re.compile(f"[^\\W\\d_a-z][\\w'\u2019.-]*(?:\\s+(?:(?:{_SMALL_WORDS})\\s+)?[^\\W\\d_a-z][\\w'\u2019.-]*)+")


def _new_names(names: Iterable[tuple[str, ...]], other: str, beside: Iterable[tuple[str, ...]] = ()) -> bool:
    """Whether any of ``names`` (runs of keys, :func:`_names_within`) is one the ``other`` text holds
    nowhere: a name is known there when any word of it is (the words of "Federal Reserve" with "Fed", of
    "Rachel Hume" with "Hume"), and a word is known as a word of the other text (a name moved, or
    opening a sentence there), as the start of a longer word or a word that starts it ("Fed" and
    "Federal"), as the initials of a run of its words ("ECB"), or spelled out where the other text writes
    initials (the letters of a short word of it all initials of ``names`` and the names ``beside`` them)."""
    words, initials, capitals = _text_words(other)
    names = tuple(names)
    spelled = {key[0] for run in (*names, *beside) for key in run if key}
    return any(not any(_known(key, words, initials, capitals, spelled) for key in run) for run in names)


def _known(key: str, words: frozenset[str], initials: tuple[str, ...], capitals: frozenset[str],
           spelled: set[str]) -> bool:
    """Whether the other text (its ``words``, ``initials`` and ``capitals``, :func:`_text_words`) holds
    the name word ``key`` in some form (:func:`_new_names`); ``spelled``: the initials of this side's names."""
    if key in words or len(key) < 2:
        return True
    if len(key) >= 3 and any(w.startswith(key) or (len(w) >= 3 and key.startswith(w)) for w in words):
        return True
    if key.isalpha() and len(key) <= 6 and any(key in run for run in initials):
        return True
    return any(len(w) <= 6 and w.isalpha() and key[0] in w and set(w) <= spelled for w in capitals)


#: A range's ends or a crop year's two years joined by a hyphen ("6.5-7", "1987-88"): a hyphen before a
#: fraction is a price's ("11-5/8" is eleven and five eighths), not a range's.
_RANGE_PART = re.compile(r"[^-]+?(?:-\d+/\d+)?(?=-|$)")
_SPAN_YEAR = re.compile(r"(?:19|20)\d\d")
#: A crop or fiscal year written with a slash ("1986/87"), which is no slash form of parts ("3/15/87").
_CROP_YEAR = re.compile(r"(?:19|20)\d\d/\d\d")


def _held_figures(found: Iterable[str]) -> set[str]:
    """The figures a sentence's figures as written (:data:`_FIGURE_FAST`) hold: a range gives its ends and
    a span of years its two years ("6.5-7" gives 6.5, "1987-88" and "1987/88" give 1987 and 1988), so
    that a rewrite writing "6.5% to 7%" as "6.5-7%" keeps its figures; a price in fractions ("11-5/8",
    "6-1/4-6-3/8" its two) and a slash form ("3/15/87") stay whole. A single digit alone is no figure, as
    in the pattern.

    >>> sorted(_held_figures(["6.5-7", "1987-88", "1986/87", "6-1/4-6-3/8", "3/15/87", "45"]))
    ['1986', '1987', '1988', '3/15/87', '45', '6-1/4', '6-3/8', '6.5']
    """
    out: set[str] = set()
    for figure in found:
        if "-" in figure:
            parts = _RANGE_PART.findall(figure)
        elif _CROP_YEAR.fullmatch(figure):
            parts = figure.split("/")
        else:
            out.add(figure)
            continue
        if len(parts) == 2 and len(parts[1]) == 2 and _SPAN_YEAR.fullmatch(parts[0]) and parts[1].isdigit():
            second = later_year(int(parts[0]), parts[1])  # "1987-88", "1969-71", "1999-00", as dedup.facts reads it
            if second is not None:
                parts[1] = str(second)
        out.update(part for part in parts if len(part) > 1)
    return out


def aligned_ranges(sentences: int) -> dict[str, tuple[float, float]]:
    """The lowest and highest value of every feature read from a sentence alignment, once a pair is
    aligned, when neither text has more than ``sentences`` sentences (a link takes derived sentences no
    other link takes, so links and runs count at most that many); the other features do not depend on
    the alignment. What :meth:`VerdictModel.ceiling` bounds a pair's confidence with before aligning it.
    A feature added to :func:`_alignment_features` must be added here (the tests compare the two)."""
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


@dataclass(frozen=True)
class Reason:
    """One feature's share of a decision: ``weight`` x standardised ``value``, in log-odds."""

    feature: str
    value: float
    contribution: float

    def to_dict(self) -> dict[str, Any]:
        return {"feature": self.feature, "value": round(self.value, 4), "contribution": round(self.contribution, 3)}


@dataclass(frozen=True)
class Judgement:
    """The model's answer for one pair: the probability that one text was taken from the other, the
    kind of reuse it most likely is, and the features that weighed most for and against."""

    confidence: float
    kind: str
    why: tuple[Reason, ...]

    def why_dict(self) -> dict[str, list[dict[str, Any]]]:
        return why_dict(self.why)


def why_dict(why: Sequence[Reason]) -> dict[str, list[dict[str, Any]]]:
    """``{"for": [...], "against": [...]}``: the JSON form of a judgement's reasons, largest first."""
    return {"for": [r.to_dict() for r in why if r.contribution > 0],
            "against": [r.to_dict() for r in why if r.contribution < 0]}


class VerdictModel:
    """Calibrated logistic regressions over standardised :data:`FEATURES`: one or more *heads*, each
    weighing the evidence of one kind of reuse (the shipped model's: ``copy``, kept words; ``passage``, a
    reworded passage inside longer documents; ``rewrite``, a story told again with its facts), and a
    multinomial one for the kind. A pair's confidence is its strongest head's probability, and its
    reasons are that head's contributions. A head may require a feature (``"requires"`` in its spec:
    the shipped ``passage`` head requires a shared passage): it does not speak for a pair without it.
    Load the shipped model with :func:`default_model`.

    >>> model = default_model()
    >>> 0.0 < model.min_confidence < 1.0
    True
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        if list(spec.get("features", ())) != list(FEATURES):
            raise SettingsError("verdict model was trained on other features than this dedup computes: "
                                "regenerate it with python -m benchmarks.train_verdict")
        self.spec = spec
        self.mean_ = np.asarray(spec["mean"], dtype=np.float64)
        self.scale_ = np.asarray(spec["scale"], dtype=np.float64)
        heads = spec["heads"] if "heads" in spec else [{"name": "reuse", "weights": spec["weights"], "bias": spec["bias"]}]
        self.heads = tuple(str(h["name"]) for h in heads)
        #: one row of weights per head, and one bias per head (Platt scaling folded in)
        self.weights_ = np.asarray([h["weights"] for h in heads], dtype=np.float64).reshape(len(heads), len(FEATURES))
        self.bias_ = np.asarray([h["bias"] for h in heads], dtype=np.float64)
        #: per head, the feature that must be above 0 for it to speak (its ``requires``), or -1: the
        #: ``passage`` head weighs a shared passage, and a pair that shares none is not its to judge
        self.gates_ = np.array([_gate(h.get("requires")) for h in heads], dtype=np.int64)
        if (self.gates_ >= 0).all():
            raise SettingsError("verdict model: every head requires a feature, so some pairs would have no head: "
                                "regenerate it with python -m benchmarks.train_verdict")
        self.kind_weights_ = np.asarray(spec["kind_weights"], dtype=np.float64)
        self.kind_bias_ = np.asarray(spec["kind_bias"], dtype=np.float64)
        self.min_confidence = float(spec["min_confidence"])
        self._corner_cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        #: the model a scan without sentence alignment judges with (``--no-align``): fitted on the pairs
        #: as they are without their alignment, with its own operating point; this one when the spec has none
        loose = spec.get("unaligned")
        self.unaligned: VerdictModel = VerdictModel({"features": spec["features"]} | loose) if loose else self

    def judge(self, x: np.ndarray, *, reasons: int = 3) -> Judgement:
        """Confidence, kind and the ``reasons`` largest contributions each way for one vector ``x``."""
        return self.judge_many(np.atleast_2d(x), reasons=reasons)[0]

    def judge_many(self, x: np.ndarray, *, reasons: int = 3, explain_from: float = 0.0) -> list[Judgement]:
        """:meth:`judge` of each row of ``x``, computed as matrices: a scan judges tens of thousands of
        candidate pairs. Reasons are given for the rows whose confidence reaches ``explain_from`` (the
        reported ones), ``()`` for the others: sorting and naming the contributions is most of the cost.

        A row's answer does not depend on the rows beside it, to the last bit: each row's contributions
        are summed along the row, in the order a single vector's are, and the sigmoid is the same
        ``math.exp``; so one pair judged alone (compare, an index check) and in a scan agree exactly.
        """
        x = np.asarray(x, dtype=np.float64).reshape(-1, len(FEATURES))
        z = (x - self.mean_) / self.scale_
        # each head's contributions and log-odds, summed along the row (not a matrix product, whose
        # summation order depends on the batch's shape); the strongest head decides (ties: the first)
        parts = [w * z for w in self.weights_]
        scores = self._gated(x, np.stack([b + p.sum(axis=1) for b, p in zip(self.bias_, parts)], axis=1))
        deciding = np.argmax(scores, axis=1).tolist()
        logits = scores[np.arange(len(x)), deciding].tolist()
        kinds = np.argmax(np.stack([(w * z).sum(axis=1) for w in self.kind_weights_], axis=1) + self.kind_bias_,
                          axis=1).tolist()
        out = []
        for row, (logit, head, kind) in enumerate(zip(logits, deciding, kinds)):
            confidence = 1.0 / (1.0 + math.exp(-logit)) if logit > -700 else 0.0
            why = self._reasons(x[row], parts[head][row], reasons) if confidence >= explain_from else ()
            out.append(Judgement(confidence, KINDS[kind], why))
        return out

    @staticmethod
    def _reasons(x: np.ndarray, parts: np.ndarray, reasons: int) -> tuple[Reason, ...]:
        """The ``reasons`` largest contributions for, then the ``reasons`` largest against."""
        order = np.argsort(-parts, kind="stable")
        picked = [int(k) for k in order[:reasons] if parts[k] > 0]
        picked += [int(k) for k in order[::-1][:reasons] if parts[k] < 0]
        return tuple(Reason(FEATURES[k], float(x[k]), float(parts[k])) for k in picked)

    def ceiling(self, x: np.ndarray, sentences: int) -> float:
        """The highest confidence a pair with the features ``x`` (of :func:`pair_features` without an
        alignment) can reach once aligned, whatever the alignment, when neither text has more than
        ``sentences`` sentences: for each head, the features the alignment sets taken at the corner of
        their group that weighs most for reuse (:func:`aligned_corners`: the shares of the derived text
        by kind add up to its share from the source, one verdict, ...), and the strongest head. A pair
        whose ceiling is under the bar is never reported, so it need not be aligned to be judged. The
        log-odds are raised by ``CEILING_SLACK``: an aligned pair at a corner sums its parts in another
        order. The features an alignment can only lower (:data:`TRACED`) are taken at their value or at 0,
        whichever weighs more for reuse in each head."""
        return self.ceilings(x)(sentences)

    def ceilings(self, x: np.ndarray) -> Callable[[int], float]:
        """:meth:`ceiling` of ``x`` as a function of the count of sentences, the parts that do not depend
        on the count worked out once (a pair's ceiling is asked by its length first, then by its count):
        the same operations, so the same bits."""
        x = np.asarray(x, dtype=np.float64)
        z = (x - self.mean_) / self.scale_
        closed = self._closed(x[None, :])
        fixed_by: dict[bytes, np.ndarray] = {}
        # what each head gains where a feature the alignment can only lower weighs more at 0 than as it is
        lowered = (self.weights_[:, _TRACED] * ((0.0 - self.mean_[_TRACED]) / self.scale_[_TRACED] - z[_TRACED]))
        lift = np.maximum(lowered, 0.0).sum(axis=1)

        def at(sentences: int) -> float:
            kept, best = self._corners(sentences)
            key = kept.tobytes()  # the same columns for every count, as the groups are; told apart if not
            fixed = fixed_by.get(key)
            if fixed is None:
                fixed = fixed_by[key] = (self.weights_ * (kept * z)).sum(axis=1)
            logit = float(np.max(np.where(closed, -np.inf, (self.bias_ + fixed + lift + best + CEILING_SLACK)[None, :])))
            return 1.0 / (1.0 + math.exp(-logit)) if logit > -700 else 0.0

        return at

    def _corners(self, sentences: int) -> tuple[np.ndarray, np.ndarray]:
        """For :meth:`ceiling`: which features the alignment leaves as they are (1.0) or sets (0.0), and each
        head's most from the features it sets, summed over their groups (the same for every pair of
        ``sentences`` sentences at most; kept for every count met: sentence counts, and the powers of two
        that bound them by length, are a few thousand at most)."""
        found = self._corner_cache.get(sentences)
        if found is None:
            groups = aligned_corners(sentences)
            slopes = self.weights_ / self.scale_
            best = sum((((corners - self.mean_[columns]) @ slopes[:, columns].T).max(axis=0)
                        for columns, corners in groups), np.zeros(len(self.heads)))
            kept = np.ones(len(FEATURES))
            for columns, _ in groups:
                kept[columns] = 0.0
            found = self._corner_cache[sentences] = (kept, best)
        return found

    def confidence(self, x: np.ndarray) -> np.ndarray:
        """Confidences of the rows of ``x`` (one vector per row)."""
        x = np.atleast_2d(x)
        z = (x - self.mean_) / self.scale_
        return 1.0 / (1.0 + np.exp(-np.max(self._gated(x, z @ self.weights_.T + self.bias_), axis=1)))

    def _gated(self, x: np.ndarray, scores: np.ndarray) -> np.ndarray:
        """``scores`` (a row per row of ``x``, a column per head) with each head that requires a feature
        the row lacks set to minus infinity: that head does not speak for the pair."""
        return np.where(self._closed(x), -np.inf, scores)

    def _closed(self, x: np.ndarray) -> np.ndarray:
        """For each row of ``x`` and each head, whether the head's gate shuts it (:meth:`_gated`)."""
        closed = np.zeros((len(x), len(self.weights_)), dtype=bool)
        for head, gate in enumerate(self.gates_.tolist()):
            if gate >= 0:
                closed[:, head] = x[:, gate] <= 0.0
        return closed


def _gate(name: str | None) -> int:
    """The column of the feature a head requires (-1: none). Only a feature known before the alignment
    may gate a head: :meth:`VerdictModel.ceiling` bounds a pair before it is aligned."""
    if name is None:
        return -1
    if name not in FEATURES or name in aligned_ranges(1) or name in TRACED:
        raise SettingsError(f"verdict model: a head requires {name!r}, which is no feature known before the "
                            "alignment: regenerate it with python -m benchmarks.train_verdict")
    return FEATURES.index(name)


#: Log-odds added to a ceiling (:meth:`VerdictModel.ceiling`): a pair's own sum of its parts may differ
#: from the ceiling's in the last bits.
CEILING_SLACK = 1e-9

MODEL_FILE = "verdict_model.json"


@lru_cache(maxsize=1)
def default_model() -> VerdictModel:
    """The model shipped with dedup (``dedup/data/verdict_model.json``)."""
    text = resources.files("dedup").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    return VerdictModel(json.loads(text))
