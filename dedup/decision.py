"""The decision: what a pair's evidence and sentence alignment mean, and what is worth aligning.

Every verdict rule lives here and nowhere else. :mod:`dedup.evidence` measures a pair, the aligner
(:mod:`dedup.align`) links its sentences, and :func:`decide` turns those measures into ``duplicate``,
``partial``, ``rewrite`` or None (not reported). Every entry point (scan, Dask, the index, compare)
reaches a verdict through :func:`decide`, through the verification stage :mod:`dedup.verify`.

Shared text counts only when the facts agree, so template stories never pass as copies. A pair that
shares no copied text is reported only when its sentences line up (a rewrite, a reworded passage) and
the linked sentences keep the names and figures (:func:`link_facts`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dedup.alignment import Alignment, Link, Span
from dedup.errors import SettingsError
from dedup.evidence import Evidence, Features, SharedPassage, facts_in_span

__all__ = [
    "VERDICTS", "Thresholds", "Regions", "decide", "text_verdict", "copied_passages", "reworded", "island",
    "worth_aligning", "alignment_regions", "what_to_align", "link_facts",
]

#: The verdicts a reported pair can have, in report order.
VERDICTS = ("duplicate", "partial", "rewrite")
#: Where the aligner should look: ``(span in a, span in b)`` pairs; ``()`` for the whole texts.
Regions = tuple[tuple[Span, Span], ...]
#: Shared ordinary words (names and figures aside) a similar passage needs to be worth aligning.
ALIGN_MIN_WORDING = 3


@dataclass(frozen=True)
class Thresholds:
    """Where the verdicts start. Defaults were set on the Reuters syndication set and PAN 2013."""

    duplicate: float = 0.5  # 5-gram Jaccard of near-identical copies
    partial: float = 0.5  # share of one text's 5-grams found in the other
    facts: float = 0.6  # share of the names and figures of the shorter text found in the other
    passage_cover: float = 0.15  # share of a text covered by copied passages
    passage_words: int = 20  # or this many distinct content words in copied passages, however long the texts
    rewrite_share: float = 0.5  # share of the derived text that alignment traces to the source
    link_facts: float = 0.5  # Jaccard of the names and figures in linked sentences (rewrites, paraphrase)
    link_score: float = 0.55  # mean score of the links of a pair reported on alignment alone
    many_links: int = 8  # a rewrite with this many links ...
    many_link_cover: float = 0.8  # ... tracing this share of the derived text to the source ...
    many_link_score: float = 0.5  # ... needs only this mean link score
    reworded_similarity: float = 0.5  # content-word Jaccard of a reworded shared passage
    reworded_words: int = 12  # distinct shared words in it, names and figures aside
    reworded_figures: float = 0.5  # Jaccard similarity of its figures
    reworded_elsewhere: int = 2  # other documents the same stretch may be found in
    reworded_rare: int = 1  # shared words in it that are rare in the corpus (names included)
    island_content: float = 0.05  # whole-text content-word Jaccard under which a shared passage stands alone
    island_similarity: float = 0.4  # content-word Jaccard of a reworded passage that stands alone
    island_words: int = 8  # distinct shared words in it, names and figures aside
    verbatim: float = 0.5  # share of a passage's 5-grams found in the other for it to count as copied

    def __post_init__(self) -> None:
        shares = ("duplicate", "partial", "facts", "passage_cover", "rewrite_share", "link_facts", "link_score",
                  "many_link_score", "many_link_cover", "reworded_similarity", "reworded_figures",
                  "island_content", "island_similarity", "verbatim")
        for name in shares:
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise SettingsError(f"threshold {name} must be between 0 and 1, got {value}")
        for name in ("passage_words", "reworded_words", "island_words", "many_links"):
            if getattr(self, name) < 1:
                raise SettingsError(f"{name} must be at least 1, got {getattr(self, name)}")
        for name in ("reworded_elsewhere", "reworded_rare"):
            if getattr(self, name) < 0:
                raise SettingsError(f"{name} must be at least 0, got {getattr(self, name)}")

    @property
    def spread_similarity(self) -> float:
        """How closely another document must share a stretch to count as finding it elsewhere: as
        closely as the loosest reworded passage the verdicts accept."""
        return min(self.reworded_similarity, self.island_similarity)


def decide(ev: Evidence, alignment: Alignment | None, t: Thresholds = Thresholds(), *,
           facts_in_links: float = 1.0) -> str | None:
    """``duplicate``, ``partial``, ``rewrite``, or None (not reported).

    Shared text with agreeing facts is reported whatever the aligner says (:func:`text_verdict`).
    Without it, a pair that only aligns sentence by sentence (a rewrite, a paraphrased passage) must
    also keep the names and figures of its linked sentences (``facts_in_links``, from
    :func:`link_facts`) and link with confidence: two reports of one event share names but are worded
    apart. A reworded shared passage (:func:`reworded`; looser where it stands alone in otherwise
    unrelated texts, :func:`island`) is partial reuse when the alignment says no more.
    """
    verdict = text_verdict(ev, t)
    if verdict is not None:
        return verdict
    verdict = _aligned_verdict(ev, alignment, t, facts_in_links)
    if verdict is None and any(reworded(p, t, island=island(ev, t)) for p in ev.passages):
        # An obfuscated, translated or paraphrased passage keeps many of its words in one place, even
        # where its sentences no longer align one by one.
        return "partial"
    return verdict


def text_verdict(ev: Evidence, t: Thresholds = Thresholds()) -> str | None:
    """The verdict shared text decides on its own, whatever the alignment: ``duplicate``, ``partial``, or
    None when it takes the alignment (or a reworded passage) to decide."""
    facts_agree = ev.fact_agreement >= t.facts
    if ev.jaccard >= t.duplicate and facts_agree:
        return "duplicate"  # shared text with shared facts: no sentence split (tables, lists) overrules it
    contained = max(ev.a_in_b, ev.b_in_a) >= t.partial
    if (contained and facts_agree) or copied_passages(ev, t):
        # Copied text with agreeing facts stands on its own: a few copied paragraphs inside a long article
        # are too small a share of it for the sentence aligner's article-level verdict to see.
        return "partial"
    return None


def copied_passages(ev: Evidence, t: Thresholds = Thresholds()) -> bool:
    """Copied passages (names and figures agreeing) cover enough of a text, or hold enough words, to make
    the pair ``partial`` whatever else the texts share."""
    return max(ev.passage_cover_a, ev.passage_cover_b) >= t.passage_cover or ev.copied_words >= t.passage_words


def island(ev: Evidence, t: Thresholds = Thresholds()) -> bool:
    """The texts share next to no rare vocabulary as wholes: a shared passage in them stands alone."""
    return ev.content_jaccard < t.island_content


def reworded(p: SharedPassage, t: Thresholds = Thresholds(), *, island: bool = False) -> bool:
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


def worth_aligning(ev: Evidence, t: Thresholds = Thresholds()) -> bool:
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


def alignment_regions(ev: Evidence, t: Thresholds = Thresholds()) -> Regions:
    """Where the aligner should look: the located passages, when copied passages already make the pair
    ``partial`` and little else of the texts is shared (a few paragraphs inside two long articles);
    otherwise ``()``, every sentence compared with every other (copies, rewrites, and pairs the
    alignment decides)."""
    much_shared = ev.jaccard >= 0.1 or max(ev.a_in_b, ev.b_in_a) >= t.partial
    if much_shared or not copied_passages(ev, t):
        return ()
    return tuple((p.a, p.b) for p in ev.passages)


def what_to_align(ev: Evidence, t: Thresholds = Thresholds()) -> Regions | None:
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
    sa = np.unique(np.concatenate([facts_in_span(fs, span) for link in links for span in link.source_spans]))
    sd = np.unique(np.concatenate([facts_in_span(fd, span) for link in links for span in link.derived_spans]))
    both = len(np.intersect1d(sa, sd, assume_unique=True))
    union = len(sa) + len(sd) - both
    return both / union if union else 1.0


def _aligned_verdict(ev: Evidence, alignment: Alignment | None, t: Thresholds, facts_in_links: float) -> str | None:
    """The verdict sentence alignment supports on its own, for a pair that shares no copied text."""
    if alignment is None or facts_in_links < t.link_facts:
        return None
    if alignment.verdict not in ("wholly_derived", "partially_derived"):
        # Too small a share of a long article for an article-level verdict, but a run of reworded
        # sentences in the same order on both sides is a reused passage.
        return "partial" if _reworded_passage(alignment, t) else None
    taken = alignment.coverage.derived_from_source
    scores = [link.score for link in _worded(alignment)]
    if len(scores) < 2:
        return None
    mean = float(np.mean(scores))
    whole = alignment.verdict == "wholly_derived" and taken >= t.rewrite_share and ev.fact_agreement >= t.facts
    # Evidence adds up: two reports of one event may link a few sentences at a fair score, not a long
    # run of them covering nearly all of one article; a human rewrite of a long story keeps many
    # sentences at moderate scores.
    many = whole and len(scores) >= t.many_links and taken >= t.many_link_cover
    if mean < (min(t.link_score, t.many_link_score) if many else t.link_score):
        return None
    if whole:
        return "rewrite"
    # Reworded reuse of part of a text: a few sentences in a row, not one or two stock phrases.
    return "partial" if len(scores) >= 3 else None


def _reworded_passage(alignment: Alignment, t: Thresholds, *, min_links: int = 4) -> bool:
    """At least ``min_links`` confident links (mean score above the bar, none weak) inside one passage."""
    links = _worded(alignment)
    if len(links) < min_links:
        return False
    for passage in alignment.passages():
        inside = [lk for lk in links if passage.derived_span[0] <= lk.derived_spans[0][0] < passage.derived_span[1]]
        scores = [lk.score for lk in inside]
        if len(scores) >= min_links and float(np.mean(scores)) >= t.link_score + 0.05:
            return True
    return False
