"""The decision: what a pair's evidence and sentence alignment mean, and what is worth aligning.

:mod:`dedup.evidence` measures a pair, the aligner (:mod:`dedup.align`) links its sentences, and
:func:`decide` turns those measures into a calibrated confidence that one text was taken from the
other, the kind of reuse (``duplicate``, ``partial``, ``rewrite``) and the reasons, through the learned
model of :mod:`dedup.confidence`; a pair is reported from ``Thresholds.min_confidence`` on. Every entry
point (scan, Dask, the index, compare) reaches a verdict through :func:`decide`, through the
verification stage :mod:`dedup.verify`.

What is worth aligning, and where, is decided here too (:func:`what_to_align`), on fixed
:class:`EvidenceBars`: they are no verdict rules, but the model was trained on pairs aligned this way.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, replace
from typing import Sequence

import numpy as np

from dedup.alignment import Alignment, Link, Span
from dedup.confidence import Judgement, Reason, VerdictModel, default_model
from dedup.features import pair_features
from dedup.forms import form_share
from dedup.recaps import retold_lead
from dedup.subjects import other_subjects
from dedup.errors import SettingsError
from dedup.evidence import Evidence, SharedPassage
from dedup.exact_sets import Features
from dedup.language import detect_language
from dedup.order import mostly_dense, order_surprise

__all__ = [
    "VERDICTS", "Thresholds", "EvidenceBars", "BARS", "Regions", "Case", "decide", "judge", "judge_many", "copied_passages", "reworded",
    "island", "worth_aligning", "alignment_regions", "what_to_align", "link_facts", "CHANCE_ORDER", "REFUSED",
    "located_stretches", "refuse_chance_order", "FORM_REFILLED",
    "OTHER_SUBJECTS", "RETOLD_LEAD", "PASSAGE_FACTS_APART",
]

#: The verdicts a reported pair can have, in report order.
VERDICTS = ("duplicate", "partial", "rewrite")
#: Where the aligner should look: ``(span in a, span in b)`` pairs; ``()`` for the whole texts.
Regions = tuple[tuple[Span, Span], ...]
#: Shared ordinary words (names and figures aside) a similar passage needs to be worth aligning.
ALIGN_MIN_WORDING = 3


@dataclass(frozen=True)
class EvidenceBars:
    """Which evidence counts as copied, which is worth the sentence aligner's milliseconds, and where it
    should look. Not verdict rules (:func:`decide` is learned) and not settings: the model was trained
    on evidence gathered with these bars, so they belong to it."""

    facts: float = 0.6  # share of the names and figures of the shorter text found in the other
    verbatim: float = 0.5  # share of a passage's 5-grams found in the other for it to count as copied
    partial: float = 0.5  # share of one text's 5-grams found in the other: much shared, align everything
    passage_cover: float = 0.15  # share of a text covered by copied passages ...
    passage_words: int = 20  # ... or this many content words in them: align only around the passages
    reworded_similarity: float = 0.5  # content-word Jaccard of a reworded shared passage
    reworded_words: int = 12  # distinct shared words in it, names and figures aside
    reworded_figures: float = 0.5  # Jaccard similarity of its figures
    reworded_elsewhere: int = 2  # other documents the same stretch may be found in
    reworded_rare: int = 1  # shared words in it that are rare in the corpus (names included)
    island_content: float = 0.05  # whole-text content-word Jaccard under which a shared passage stands alone
    island_similarity: float = 0.4  # content-word Jaccard of a reworded passage that stands alone
    island_words: int = 8  # distinct shared words in it, names and figures aside

    @property
    def spread_similarity(self) -> float:
        """How closely another document must share a stretch to count as finding it elsewhere: as
        closely as the loosest reworded passage."""
        return min(self.reworded_similarity, self.island_similarity)


#: The bars the shipped model was trained with.
BARS = EvidenceBars()


@dataclass(frozen=True)
class Thresholds:
    """Where a pair starts to be reported: one setting, ``min_confidence``, the calibrated probability
    that one text was taken from the other. None: the shipped model's operating point, chosen on
    validation pairs for a precision of at least 0.98 (``dedup/data/verdict_model.json``)."""

    min_confidence: float | None = None

    def __post_init__(self) -> None:
        if self.min_confidence is not None and (isinstance(self.min_confidence, bool)
                                                or not isinstance(self.min_confidence, numbers.Real)):
            raise SettingsError(f"min_confidence must be a number between 0 and 1, or None, not "
                                f"{type(self.min_confidence).__name__}")
        if self.min_confidence is not None and not 0.0 <= self.min_confidence <= 1.0:
            raise SettingsError(f"min_confidence must be between 0 and 1, got {self.min_confidence}")

    @property
    def confidence_bar(self) -> float:
        """``min_confidence``, or the shipped model's operating point."""
        return self.bar()

    def bar(self, aligned: bool = True) -> float:
        """``min_confidence``, or the operating point of the shipped model a scan with (``aligned``) or
        without sentence alignment judges with (:func:`verdict_model`)."""
        return verdict_model(aligned).min_confidence if self.min_confidence is None else self.min_confidence

    @property
    def spread_similarity(self) -> float:
        """How closely another document must share a stretch to count (:class:`EvidenceBars`)."""
        return BARS.spread_similarity


def decide(ev: Evidence, fa: Features, fb: Features, alignment: Alignment | None = None, *,
           facts_in_links: float = 0.0, texts: tuple[str, str] = ("", ""),
           t: Thresholds = Thresholds()) -> Judgement | None:
    """The verdict on a pair: its :class:`~dedup.confidence.Judgement` (confidence, kind, reasons) when
    the confidence reaches ``t.min_confidence``, else None (not reported).

    ``ev`` measures ``fa``'s text against ``fb``'s; ``alignment`` is their sentence alignment when one
    was made (:func:`what_to_align`), ``facts_in_links`` from :func:`link_facts`, ``texts`` the two
    texts (their figures are read as written).
    """
    bar = t.confidence_bar
    judged = refuse_chance_order(judge(ev, fa, fb, alignment, facts_in_links=facts_in_links, texts=texts), ev,
                                 alignment, texts, bar)
    return judged if judged.confidence >= bar else None


def judge(ev: Evidence, fa: Features, fb: Features, alignment: Alignment | None = None, *,
          facts_in_links: float = 0.0, texts: tuple[str, str] = ("", "")) -> Judgement:
    """The model's judgement of a pair, reported or not (arguments as :func:`decide`)."""
    return judge_many([(ev, fa, fb, alignment, facts_in_links, texts)])[0]


#: What :func:`judge_many` judges a pair on: the arguments of :func:`judge`, in order.
Case = tuple[Evidence, Features, Features, Alignment | None, float, tuple[str, str]]


def verdict_model(aligned: bool = True) -> VerdictModel:
    """The shipped model a scan judges with: with sentence alignment, or without (``--no-align``: a
    model fitted on the pairs as they are without their alignment)."""
    model = default_model()
    return model if aligned else model.unaligned


def judge_many(cases: Sequence[Case], *, explain_from: float = 0.0, aligned: bool = True) -> list[Judgement]:
    """:func:`judge` of each ``(ev, fa, fb, alignment, facts_in_links, texts)``, the model applied to all
    their feature vectors at once; reasons only for the pairs whose confidence reaches ``explain_from``
    (:meth:`dedup.confidence.VerdictModel.judge_many`). Each answer is the one :func:`judge` gives.
    ``aligned=False``: the cases come from a scan run without alignment, judged by its own model
    (:func:`verdict_model`)."""
    if not cases:
        return []
    x = np.array([pair_features(ev, fa, fb, alignment, facts, texts)
                  for ev, fa, fb, alignment, facts, texts in cases])
    return verdict_model(aligned).judge_many(x, explain_from=explain_from)


#: Where a pair about to be reported keeps the words its located evidence shares in an order chance gives:
#: a surprise (:func:`dedup.order.order_surprise`, in powers of ten) under this, over its shared passages and
#: worded links and over its whole texts, is no better than chance (a chance of more than one in a hundred).
#: Chosen before measuring; then measured (benchmarks/RESULTS.md, thirty-seventh round): salads 0-1.8, reuse from 2.5.
CHANCE_ORDER = 2.0
#: The name of the refusal among a refused pair's reasons (``why``).
REFUSED = "order_at_chance"
#: The name of the refusal of a form filled in on another day (:func:`dedup.forms.filled_in_again`).
FORM_REFILLED = "form_refilled"
#: The name of the refusal of one template filled in for two subjects (:func:`dedup.subjects.other_subjects`).
OTHER_SUBJECTS = "other_subjects"
#: The name of the refusal of one story's lead retold in another's prose (:func:`dedup.recaps.retold_lead`).
RETOLD_LEAD = "retold_lead"
#: The name of the refusal of a pair reported on shared passages alone, each apart in its names and figures
#: (:func:`passages_apart`).
PASSAGE_FACTS_APART = "passage_facts_apart"


def located_stretches(ev: Evidence, alignment: Alignment | None, texts: tuple[str, str]) -> list[tuple[str, str]]:
    """The located evidence of a pair, as pairs of stretches of text: each shared passage's two spans of
    ``texts`` (``ev`` measures ``texts[0]`` against ``texts[1]``), each worded link's source and derived
    sentences; ``[]`` where nothing is located."""
    out = [(texts[0][p.a[0]:p.a[1]], texts[1][p.b[0]:p.b[1]]) for p in ev.passages]
    if alignment is not None:
        source, derived = alignment.source_document.text, alignment.derived_document.text
        out += [(" ".join(source[a:b] for a, b in link.source_spans), " ".join(derived[a:b] for a, b in link.derived_spans))
                for link in _worded(alignment)]
    return out


def refuse_chance_order(judged: Judgement, ev: Evidence, alignment: Alignment | None, texts: tuple[str, str],
                        bar: float, language: str | None = None, other: str | None = None) -> Judgement:
    """``judged`` as it is, unless the pair is about to be reported (its confidence reaches ``bar``) on
    evidence whose words stand in chance order: its located evidence (:func:`located_stretches`) and its
    whole texts both keep the words they share in an order no better than chance (a surprise under
    :data:`CHANCE_ORDER`, :func:`dedup.order.order_surprise`). Then the confidence is capped just under the
    bar (the 4-decimal value under it) and the first reason is :data:`REFUSED` (its value the surprise, its
    contribution the log-odds taken away).

    A salad of an article's words meets the article's words everywhere: the passage channel finds chance
    passages in it and the aligner links sentences on a word or two each, and the learned heads weigh the
    length and the agreeing facts of such a pair as a rewrite's. Reuse keeps runs of words, a rewrite too.
    Read only for the few pairs about to be reported; the model and its features are untouched.

    A pair whose linked sentences read as a form filled in on another day (:func:`dedup.forms.filled_in_again`:
    a weather warning, a month's inflation flash, alike in wording, apart in every figure) is refused too, the
    same way (when its order is not at chance), its first reason :data:`FORM_REFILLED` (its value the share of the
    links holding figures refilled; the sentences left unlinked alike but for their figures counted among them, and a
    sentence alike in wording dated more than a week apart read as a form of another day, :func:`dedup.forms.dated_again`):
    a long wording shared word for word is what a form keeps. So is one whose
    leads read as one template filled in for two subjects (:func:`dedup.subjects.other_subjects`: "Unocal Corp
    said it raised ..." and "Murphy Oil said it raised ...", neither text naming the other's subject), its first
    reason :data:`OTHER_SUBJECTS` (value 1). A pair with no alignment (not worth aligning) whose texts agree
    on their facts as wholes and whose every shared passage is apart in its own (:func:`passages_apart`) is
    refused too, its first reason :data:`PASSAGE_FACTS_APART` (value 0): two reports of one subject, nothing
    located keeping a fact.
    ``language`` and ``other``: the first and the second text's (each detected from its text when not given); the
    order is read in each, the surer reading kept (a pair's answer the same whichever text comes first)."""
    if bar <= 0.0 or judged.confidence < bar or not (texts[0] and texts[1]):  # no texts given: nothing to read
        return judged
    surprise = _chance_surprise(ev, alignment, texts, language, other)
    if surprise is not None:
        return _refused(judged, bar, REFUSED, surprise)
    if alignment is None:
        return _refused(judged, bar, PASSAGE_FACTS_APART, 0.0) if passages_apart(ev) else judged
    links = _worded(alignment)
    share = form_share(alignment, links)  # its slots read once
    if share is not None:
        return _refused(judged, bar, FORM_REFILLED, share)
    if other_subjects(alignment, links):
        return _refused(judged, bar, OTHER_SUBJECTS, 1.0)
    if retold_lead(alignment, links):
        return _refused(judged, bar, RETOLD_LEAD, 1.0)
    return judged


def passages_apart(ev: Evidence) -> bool:
    """Whether ``ev`` reads as two reports of one subject: the whole texts agree on their names and figures
    (``fact_agreement`` of at least a half: they tell of one thing) while
    every shared passage is apart in its own, none of the names and figures of the shorter stretch found in
    the other and the two stretches' figures disjoint (both hold figures). Wording alike where every name and
    figure differs is what two stories of one subject share (two stories of one commodity pact: "direct cash
    contributions from members" beside the one's tonnages and the other's council); a reused passage, however
    reworded, keeps some of its facts, and one inserted in an unrelated text (whose facts disagree as wholes)
    is left to the model."""
    return (ev.fact_agreement >= 0.5 and bool(ev.passages)
            and all(p.facts == 0.0 and p.figures == 0.0 for p in ev.passages))


def _chance_surprise(ev: Evidence, alignment: Alignment | None, texts: tuple[str, str], language: str | None,
                     other: str | None) -> float | None:
    """The surprise of the order a pair's located evidence and its whole texts keep their shared words in, when
    both are under :data:`CHANCE_ORDER` (no better than chance); None otherwise (arguments as
    :func:`refuse_chance_order`)."""
    if ev.copied_words:  # passages shared word for word keep their order by what they are (a text written twice
        return None      # twice over has no character pair once in each, the order read in unspaced scripts)
    # each text's language read, the surer reading taken: the pair's answer must not depend on which text
    # came first (a Serbian story in Cyrillic detected "sr", its Latin rewrite "bs": only "sr" reads the two
    # scripts as one)
    languages = dict.fromkeys([given or detect_language(text) for given, text in zip((language, other), texts)])
    # in a script without spaces a located stretch is a few dozen characters: a salad of the article's
    # word-sized pieces keeps the order inside each, which is all such a stretch holds; the whole texts tell
    stretches = [] if mostly_dense(texts[0]) or mostly_dense(texts[1]) else located_stretches(ev, alignment, texts)
    surprise = max(order_surprise(stretches, one) for one in languages) if stretches else 0.0
    if surprise >= CHANCE_ORDER:
        return None
    surprise = max(surprise, *(order_surprise([texts], one) for one in languages))
    return None if surprise >= CHANCE_ORDER else surprise


def _refused(judged: Judgement, bar: float, name: str, value: float) -> Judgement:
    """``judged`` capped just under ``bar`` (the 4-decimal value under it), the refusal ``name`` its first
    reason (its value ``value``, its contribution the log-odds taken away)."""
    capped = min(judged.confidence, max(0.0, math.floor(bar * 10_000 - 1e-6) / 10_000))
    taken = _log_odds(capped) - _log_odds(judged.confidence)
    return replace(judged, confidence=capped, why=(Reason(name, value, taken),) + judged.why)


def _log_odds(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def copied_passages(ev: Evidence, t: EvidenceBars = BARS) -> bool:
    """Copied passages (names and figures agreeing) cover enough of a text, or hold enough words, for the
    aligner to look only around them in two long texts."""
    return max(ev.passage_cover_a, ev.passage_cover_b) >= t.passage_cover or ev.copied_words >= t.passage_words


def island(ev: Evidence, t: EvidenceBars = BARS) -> bool:
    """The texts share next to no rare vocabulary as wholes: a shared passage in them stands alone."""
    return ev.content_jaccard < t.island_content


def reworded(p: SharedPassage, t: EvidenceBars = BARS, *, island: bool = False) -> bool:
    """Reworded text: many of the same words in one short stretch of each text, names and figures
    agreeing. Two reports of one event share names and figures; they do not share this much wording
    in one place. A stretch found in many other documents too is a form (bond issues, market
    reports), filled in again, not reused; so is one whose shared words are all everyday words of
    the corpus ("proceeds", "offering", "payable"), with no rare word among them.

    ``island``: the rest of the two texts shares next to nothing (:func:`island`), so the passage
    stands alone and the looser ``island_*`` bars apply: reports of one story share their vocabulary
    throughout, not in one place only.
    """
    similarity, words = t.reworded_similarity, t.reworded_words
    if island:
        similarity, words = min(similarity, t.island_similarity), min(words, t.island_words)
    return (p.similarity >= similarity and p.wording >= words
            and p.facts >= t.facts and p.figures >= t.reworded_figures
            and p.elsewhere <= t.reworded_elsewhere and p.rare >= t.reworded_rare)


def worth_aligning(ev: Evidence, t: EvidenceBars = BARS) -> bool:
    """Alignment costs milliseconds a pair: align pairs with shared text (for the evidence shown),
    pairs whose rare vocabulary and facts are close enough for a rewrite (a rewrite needs agreeing facts
    anyway), and pairs with a closely similar passage that shares at least ``ALIGN_MIN_WORDING`` ordinary
    words (the aligner links no sentence on fewer); skip the rest (most passage-channel candidates)."""
    shared_text = ev.jaccard >= 0.1 or max(ev.a_in_b, ev.b_in_a) >= 0.2 or ev.copied_words > 0
    rewritten = ev.content_jaccard >= 0.3 and ev.fact_agreement >= t.facts
    alone = island(ev, t)
    passage = any((p.similarity >= 0.5 and p.wording >= ALIGN_MIN_WORDING) or reworded(p, t, island=alone)
                  for p in ev.passages)
    return shared_text or rewritten or passage


def alignment_regions(ev: Evidence, t: EvidenceBars = BARS) -> Regions:
    """Where the aligner should look: the located passages, when copied passages already make the pair
    ``partial`` and little else of the texts is shared (a few paragraphs inside two long articles);
    otherwise ``()``, every sentence compared with every other (copies, rewrites, and pairs the
    alignment decides)."""
    much_shared = ev.jaccard >= 0.1 or max(ev.a_in_b, ev.b_in_a) >= t.partial
    if much_shared or not copied_passages(ev, t):
        return ()
    return tuple((p.a, p.b) for p in ev.passages)


def what_to_align(ev: Evidence, t: EvidenceBars = BARS) -> Regions | None:
    """None when the pair is not worth aligning; else the regions to align (``()``: the whole texts).
    Every entry point aligns exactly the pairs and regions this names."""
    return alignment_regions(ev, t) if worth_aligning(ev, t) else None


def _worded(alignment: Alignment | None) -> list[Link]:
    """The links that stand on their wording (not ``placed`` between others): what verdicts weigh."""
    return [link for link in alignment.links if not link.placed] if alignment is not None else []


def link_facts(fa: Features, fb: Features, alignment: Alignment | None, a_id: str) -> float:
    """Jaccard similarity of the names and figures inside the linked sentences of both texts (``fa`` is
    the document with id ``a_id``); 0 without links.

    Template stories (two bond issues, two companies' results) link sentence by sentence on their
    shared wording, but their names and figures differ; a copy or a rewrite keeps them.
    """
    links = _worded(alignment)
    if alignment is None or not links:
        return 0.0
    fs, fd = (fa, fb) if alignment.source_document.id == a_id else (fb, fa)
    sa = facts_in_spans(fs, [span for link in links for span in link.source_spans])
    sd = facts_in_spans(fd, [span for link in links for span in link.derived_spans])
    both = len(sa & sd)
    union = len(sa) + len(sd) - both
    return both / union if union else 1.0


def facts_in_spans(f: Features, spans: Sequence[tuple[int, int]]) -> set[int]:
    """The distinct names and figures of ``f`` inside any of ``spans``: the union of
    :func:`dedup.passages.facts_in_span` of each (the content words that start inside a span), read in
    one pass over the words (an alignment has dozens of spans, each a few numpy calls)."""
    if not spans:
        return set()
    lo, hi = f.content_starts.searchsorted(np.asarray(spans, dtype=np.int64).reshape(-1, 2)).T
    hi = np.maximum(lo, hi)  # a span that ends before it starts holds nothing
    n = len(f.content_starts)
    inside = np.cumsum(np.bincount(lo, minlength=n + 1) - np.bincount(hi, minlength=n + 1))[:n] > 0
    return set(f.content_tokens[inside & f.content_is_fact].tolist())
