"""Exact re-scoring of candidate pairs, and the verdict.

LSH proposes pairs from estimates; here each pair is measured exactly on its shingle sets:

- ``jaccard`` and ``containment`` both ways on word 5-grams: verbatim and lightly edited copy;
- ``content_jaccard`` on rare content words: the vocabulary a rewrite keeps;
- ``fact_agreement``: how many of the names and figures of the shorter text the other one has. Template
  stories (two companies' dividend notices) share nearly all their words but not their names and
  numbers; copies share those too;
- shared passages, located as character spans in both texts.

The verdict then combines these with the sentence alignment (:mod:`dedup.align`) when one is given:
a pair that only shares vocabulary is reported as a ``rewrite`` only when sentences line up.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from dedup.candidates import Vocabulary
from dedup.errors import SettingsError
from dedup.shingles import TokenBatch, batch_ngrams, content_mask

if TYPE_CHECKING:
    from dedup.align import Alignment

__all__ = [
    "VERDICTS", "Features", "SharedPassage", "Evidence", "Thresholds", "features", "score_pair", "with_spread",
    "close_stretches", "Stretches", "link_facts", "decide_verdict", "text_verdict", "copied_passages",
]

#: The verdicts a reported pair can have, in report order.
VERDICTS = ("duplicate", "partial", "rewrite")

@dataclass(frozen=True)
class Features:
    """The exact sets one document is compared on (sorted unique hashes), and its token offsets."""

    grams: np.ndarray
    gram_hashes: np.ndarray  # every 5-gram in text order (not unique), with its character span
    gram_starts: np.ndarray
    gram_ends: np.ndarray
    content: np.ndarray
    facts: np.ndarray
    content_tokens: np.ndarray  # content word hashes in text order, for passage scoring
    content_starts: np.ndarray
    content_ends: np.ndarray
    content_is_fact: np.ndarray  # which content words are names (capitalised, not opening a sentence) or figures
    content_is_number: np.ndarray  # which content words are figures


def features(
    batch: TokenBatch,
    bounds: np.ndarray,
    *,
    vocab: Vocabulary,
    boilerplate: np.ndarray | None = None,
    ngram: int = 5,
) -> list[Features]:
    """Features of every text of a batch, each restricted to its article proper ``bounds[i]`` and
    without the tokens marked in ``boilerplate``. Masks are computed once for the whole batch."""
    doc_of = np.repeat(np.arange(len(batch)), np.diff(batch.offsets))
    keep = (batch.starts >= bounds[doc_of, 0]) & (batch.ends <= bounds[doc_of, 1])
    if boilerplate is not None:
        keep &= ~boilerplate
    idx = np.flatnonzero(keep)
    hashes, starts, ends, flags = batch.hashes[idx], batch.starts[idx], batch.ends[idx], batch.flags[idx]
    offsets = np.searchsorted(idx, batch.offsets)
    grams, pos = batch_ngrams(hashes, offsets, ngram)
    gram_offsets = np.searchsorted(pos, offsets)
    content = content_mask(hashes, starts, ends)
    common = vocab.common()
    rare = content & ~np.isin(hashes, common) if len(common) else content
    facts = content & ((flags & (TokenBatch.CAPITALISED | TokenBatch.NUMERIC)) > 0)
    # inside passages and linked sentences, a capital opening a sentence is no name
    capital = flags & (TokenBatch.CAPITALISED | TokenBatch.SENTENCE_START)
    names = content & (((flags & TokenBatch.NUMERIC) > 0) | (capital == TokenBatch.CAPITALISED))
    out = []
    for i in range(len(batch)):
        t = slice(offsets[i], offsets[i + 1])
        g = slice(gram_offsets[i], gram_offsets[i + 1])
        c = content[t]
        gp = pos[g]
        out.append(Features(
            np.unique(grams[g]), grams[g], starts[gp], ends[gp + ngram - 1] if len(gp) else starts[gp],
            np.unique(hashes[t][rare[t]]), np.unique(hashes[t][facts[t]]),
            hashes[t][c], starts[t][c], ends[t][c], names[t][c], (flags[t][c] & TokenBatch.NUMERIC) > 0,
        ))
    return out


@dataclass(frozen=True)
class SharedPassage:
    """A passage found in both texts: character spans ``[start, end)`` in each.

    ``similarity`` is the Jaccard similarity of the passages' content words; ``verbatim`` the share of
    the shorter passage's word 5-grams found in the other (high for copied text, low for a paraphrase);
    ``wording`` the number of distinct content words both share that are neither names nor figures.
    """

    a: tuple[int, int]
    b: tuple[int, int]
    similarity: float
    verbatim: float = 0.0
    facts: float = 0.0  # share of the names and figures of the shorter passage found in the other
    wording: int = 0
    figures: float = 1.0  # Jaccard similarity of the passages' figures (1 if neither has any)
    elsewhere: int = 0  # other documents in which the same stretch of either text was found (a form)
    rare: int = 1  # distinct shared words (names included) that are rare in the corpus

    def to_dict(self) -> dict[str, Any]:
        return {"a": list(self.a), "b": list(self.b), "similarity": round(self.similarity, 4),
                "verbatim": round(self.verbatim, 4), "fact_agreement": round(self.facts, 4),
                "shared_wording": self.wording, "figure_agreement": round(self.figures, 4),
                "found_elsewhere": self.elsewhere, "shared_rare_words": self.rare}

    def swapped(self) -> SharedPassage:
        """The same passage with ``a`` and ``b`` exchanged."""
        return replace(self, a=self.b, b=self.a)

    def copied(self, *, verbatim: float, facts: float) -> bool:
        """Copied text (not a paraphrase, not a template with other names and figures)."""
        return self.verbatim >= verbatim and self.facts >= facts

    def reworded(self, t: Thresholds, *, island: bool = False) -> bool:
        """Reworded text: many of the same words in one short stretch of each text, names and figures
        agreeing. Two reports of one event share names and figures; they do not share this much wording
        in one place. A stretch found in many other documents too is a form (bond issues, market
        reports), filled in again, not reused; so is one whose shared words are all everyday words of
        the corpus ("proceeds", "offering", "payable"), with no rare word among them.

        ``island``: the rest of the two texts shares next to nothing (:meth:`Evidence.island`), so the
        passage stands alone and the looser ``island_*`` bars apply: reports of one story share their
        vocabulary throughout, not in one place only.
        """
        similarity, words = t.reworded_similarity, t.reworded_words
        if island:
            similarity, words = min(similarity, t.island_similarity), min(words, t.island_words)
        return (self.similarity >= similarity and self.wording >= words
                and self.facts >= t.facts and self.figures >= t.reworded_figures
                and self.elsewhere <= t.reworded_elsewhere and self.rare >= t.reworded_rare)


@dataclass(frozen=True)
class Evidence:
    """Exact scores of one pair (``a`` and ``b`` as given; containment ``a_in_b`` = share of a's 5-grams in b)."""

    jaccard: float
    a_in_b: float
    b_in_a: float
    content_jaccard: float
    fact_agreement: float
    passages: tuple[SharedPassage, ...] = ()
    passage_cover_a: float = 0.0
    passage_cover_b: float = 0.0
    copied_words: int = 0  # content words in copied passages (the smaller side)

    def flipped(self) -> Evidence:
        """The same evidence seen from the other text (``a`` and ``b`` exchanged)."""
        return replace(self, a_in_b=self.b_in_a, b_in_a=self.a_in_b, passages=tuple(p.swapped() for p in self.passages),
                       passage_cover_a=self.passage_cover_b, passage_cover_b=self.passage_cover_a)

    def island(self, t: Thresholds) -> bool:
        """The texts share next to no rare vocabulary as wholes: a shared passage in them stands alone."""
        return self.content_jaccard < t.island_content

    def to_dict(self) -> dict[str, Any]:
        return {
            "jaccard": round(self.jaccard, 4),
            "containment": {"a_in_b": round(self.a_in_b, 4), "b_in_a": round(self.b_in_a, 4)},
            "content_jaccard": round(self.content_jaccard, 4),
            "fact_agreement": round(self.fact_agreement, 4),
            "passage_coverage": {"a": round(self.passage_cover_a, 4), "b": round(self.passage_cover_b, 4)},
            "copied_words": self.copied_words,
        }


def _overlap(x: np.ndarray, y: np.ndarray) -> int:
    return len(np.intersect1d(x, y, assume_unique=True))


def score_pair(
    fa: Features,
    fb: Features,
    *,
    windows: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    len_a: int = 1,
    len_b: int = 1,
    min_passage_similarity: float = 0.3,
    min_verbatim: float = 0.5,
    min_facts: float = 0.6,
) -> Evidence:
    """Exact scores of a pair; ``windows`` are colliding passage windows to merge into shared passages.

    ``passage_cover_*`` counts only copied passages (``verbatim >= min_verbatim`` and the names and
    figures agree): a paraphrased passage is evidence for the aligner, not for a ``partial`` verdict.
    """
    shared = _overlap(fa.grams, fb.grams)
    union = len(fa.grams) + len(fb.grams) - shared
    content_shared = _overlap(fa.content, fb.content)
    content_union = len(fa.content) + len(fb.content) - content_shared
    smaller = min(len(fa.facts), len(fb.facts))
    # Texts without any names or figures have none to disagree on.
    facts = _overlap(fa.facts, fb.facts) / smaller if smaller else float(len(fa.facts) == len(fb.facts))
    passages = _passages(fa, fb, windows, min_passage_similarity)
    copied = [p for p in passages if p.copied(verbatim=min_verbatim, facts=min_facts)]
    return Evidence(
        jaccard=shared / union if union else 0.0,
        a_in_b=shared / len(fa.grams) if len(fa.grams) else 0.0,
        b_in_a=shared / len(fb.grams) if len(fb.grams) else 0.0,
        content_jaccard=content_shared / content_union if content_union else 0.0,
        fact_agreement=facts,
        passages=passages,
        passage_cover_a=_cover([p.a for p in copied], len_a),
        passage_cover_b=_cover([p.b for p in copied], len_b),
        copied_words=sum(min(len(_in_span(fa, p.a)), len(_in_span(fb, p.b))) for p in copied),
    )


#: Where each document shares a passage, and with whom: ``{document: [(start, end, partner), ...]}``.
Stretches = dict[int, list[tuple[int, int, int]]]


def close_stretches(pairs: Sequence[tuple[int, int]], evidence: Sequence[Evidence], *,
                    min_similarity: float = 0.5) -> Stretches:
    """The stretches of each document shared with a partner as closely as ``min_similarity``."""
    out: Stretches = {}
    for (i, j), ev in zip(pairs, evidence):
        for p in ev.passages:
            if p.similarity >= min_similarity:
                out.setdefault(i, []).append((p.a[0], p.a[1], j))
                out.setdefault(j, []).append((p.b[0], p.b[1], i))
    return out


def with_spread(pairs: Sequence[tuple[int, int]], evidence: Sequence[Evidence], *, min_similarity: float = 0.5,
                stretches: Stretches | None = None) -> list[Evidence]:
    """``evidence`` whose passages count the other documents in which the same stretch of either text was
    found as closely (passage similarity >= ``min_similarity``; ``SharedPassage.elsewhere``): a form or a
    boilerplate paragraph turns up in many documents, a reused passage in few. Counted among ``pairs``
    (a whole scan, the stored articles one new article is checked against), or in ``stretches`` gathered
    from every part of a scan by :func:`close_stretches`."""
    if stretches is None:
        stretches = close_stretches(pairs, evidence, min_similarity=min_similarity)
    out = []
    for (i, j), ev in zip(pairs, evidence):
        if ev.passages:
            ev = replace(ev, passages=tuple(
                replace(p, elsewhere=max(_partners(stretches.get(i, []), p.a, j),
                                         _partners(stretches.get(j, []), p.b, i)))
                for p in ev.passages))
        out.append(ev)
    return out


def _partners(spans: list[tuple[int, int, int]], span: tuple[int, int], partner: int) -> int:
    """Documents other than ``partner`` sharing most of ``span`` (or it most of theirs)."""
    s0, s1 = span
    return len({k for a0, a1, k in spans if k != partner and min(a1, s1) - max(a0, s0) > 0.5 * min(a1 - a0, s1 - s0)})


def _passages(fa: Features, fb: Features, windows, min_similarity: float) -> tuple[SharedPassage, ...]:  # type: ignore[no-untyped-def]
    """Merge colliding windows that overlap on both sides into passages; keep the similar ones.

    The windows' collisions already estimate a high similarity, so exact measures are taken once per
    merged passage, not per window.
    """
    groups: list[list[int]] = []
    for (a0, a1), (b0, b1) in sorted(set(windows)):
        for g in groups:
            if a0 <= g[1] and g[0] <= a1 and b0 <= g[3] and g[2] <= b1:
                g[:] = [min(g[0], a0), max(g[1], a1), min(g[2], b0), max(g[3], b1)]
                break
        else:
            groups.append([a0, a1, b0, b1])
    out = []
    for a0, a1, b0, b1 in sorted(groups):
        (a0, a1), (b0, b1) = _trim(fa, fb, (a0, a1), (b0, b1))
        a, b = (a0, a1), (b0, b1)
        wa, wb = _span_words(fa, a), _span_words(fb, b)
        similarity = _jaccard(wa.words, wb.words, empty=0.0)
        if similarity >= min_similarity:
            shared = np.intersect1d(wa.words, wb.words, assume_unique=True)
            out.append(SharedPassage(
                a, b, similarity, _verbatim(fa, fb, a, b), _containment(wa.facts, wb.facts),
                len(np.setdiff1d(shared, np.union1d(wa.facts, wb.facts), assume_unique=True)),  # ordinary words
                _jaccard(wa.figures, wb.figures, empty=1.0),
                rare=_overlap(shared, fa.content),  # a word's rarity is the corpus's: one side says it
            ))
    return tuple(out)


def _trim(fa: Features, fb: Features, a: tuple[int, int], b: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]]:
    """Shrink both spans to the stretch between their first and last shared content word.

    Windows reach past the reused text; trimmed spans locate the passage itself, and its measures are
    not diluted by the words around it.
    """
    words = []
    for f, span in ((fa, a), (fb, b)):
        lo = int(np.searchsorted(f.content_starts, span[0], side="left"))
        hi = int(np.searchsorted(f.content_starts, span[1], side="left"))
        words.append((lo, f.content_tokens[lo:hi].tolist()))
    # Python sets: for a few dozen words they beat numpy's set routines by an order of magnitude.
    shared_words = set(words[0][1]) & set(words[1][1])
    spans = []
    for f, span, (lo, tokens) in ((fa, a, words[0]), (fb, b, words[1])):
        hits = [k for k, t in enumerate(tokens) if t in shared_words]
        spans.append((int(f.content_starts[lo + hits[0]]), int(f.content_ends[lo + hits[-1]])) if hits else span)
    return spans[0], spans[1]


def _span_slice(f: Features, span: tuple[int, int]) -> slice:
    """The content words of ``f`` that start inside ``span``."""
    return slice(int(np.searchsorted(f.content_starts, span[0], side="left")),
                 int(np.searchsorted(f.content_starts, span[1], side="left")))


def _in_span(f: Features, span: tuple[int, int], *, facts_only: bool = False) -> np.ndarray:
    k = _span_slice(f, span)
    tokens = f.content_tokens[k]
    if facts_only:
        tokens = tokens[f.content_is_fact[k]]
    return np.unique(tokens)


@dataclass(frozen=True)
class _SpanWords:
    """The distinct content words of a span: all, the names and figures among them, the figures."""

    words: np.ndarray
    facts: np.ndarray
    figures: np.ndarray


def _span_words(f: Features, span: tuple[int, int]) -> _SpanWords:
    k = _span_slice(f, span)
    tokens = f.content_tokens[k]
    return _SpanWords(np.unique(tokens), np.unique(tokens[f.content_is_fact[k]]), np.unique(tokens[f.content_is_number[k]]))


def _jaccard(sa: np.ndarray, sb: np.ndarray, *, empty: float) -> float:
    both = _overlap(sa, sb)
    union = len(sa) + len(sb) - both
    return both / union if union else empty


def _containment(sa: np.ndarray, sb: np.ndarray) -> float:
    """Share of the smaller set found in the other (1 when either is empty: nothing to disagree on)."""
    smaller = min(len(sa), len(sb))
    return _overlap(sa, sb) / smaller if smaller else 1.0


def _grams_in(f: Features, span: tuple[int, int]) -> np.ndarray:
    lo = np.searchsorted(f.gram_starts, span[0], side="left")
    hi = np.searchsorted(f.gram_starts, span[1], side="left")
    return np.unique(f.gram_hashes[lo:hi][f.gram_ends[lo:hi] <= span[1]])


def _verbatim(fa: Features, fb: Features, a: tuple[int, int], b: tuple[int, int]) -> float:
    ga, gb = _grams_in(fa, a), _grams_in(fb, b)
    smaller = min(len(ga), len(gb))
    return _overlap(ga, gb) / smaller if smaller else 0.0


def _cover(spans: Sequence[tuple[int, int]], length: int) -> float:
    covered, reach = 0, 0
    for start, end in sorted(spans):
        start = max(start, reach)
        if end > start:
            covered += end - start
            reach = end
    return min(1.0, covered / length) if length else 0.0


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

    def __post_init__(self) -> None:
        shares = ("duplicate", "partial", "facts", "passage_cover", "rewrite_share", "link_facts", "link_score",
                  "many_link_score", "many_link_cover",
                  "reworded_similarity", "reworded_figures", "island_content", "island_similarity")
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


def _worded_links(alignment: Any) -> list[Any]:
    """The links that stand on their wording (not ``placed`` between others): what verdicts weigh."""
    links = getattr(alignment, "links", None) or ()
    return [link for link in links if not getattr(link, "placed", False)]


def link_facts(fa: Features, fb: Features, alignment: Any, a_id: str) -> float:
    """Jaccard similarity of the names and figures inside the linked sentences of both texts.

    Template stories (two bond issues, two companies' results) link sentence by sentence on their
    shared wording, but their names and figures differ; a copy or a rewrite keeps them.
    """
    links = _worded_links(alignment)
    if not links:
        return 0.0
    fs, fd = (fa, fb) if alignment.source_document.id == a_id else (fb, fa)
    src = [_in_span(fs, span, facts_only=True) for link in links for span in link.source_spans]
    der = [_in_span(fd, span, facts_only=True) for link in links for span in link.derived_spans]
    sa, sd = np.unique(np.concatenate(src)), np.unique(np.concatenate(der))
    union = len(sa) + len(sd) - _overlap(sa, sd)
    return _overlap(sa, sd) / union if union else 1.0


def decide_verdict(
    ev: Evidence, alignment: "Alignment | None", t: Thresholds = Thresholds(), *, facts_in_links: float = 1.0
) -> str | None:
    """``duplicate``, ``partial``, ``rewrite``, or None (not reported).

    Shared text counts only when the facts agree, so template stories never pass as copies; such text
    evidence is reported whatever the aligner says. Without it, a pair that
    shares no text and only aligns sentence by sentence (a rewrite, a paraphrased passage) must also keep
    the names and figures of its linked sentences (``facts_in_links``, from :func:`link_facts`) and link
    with confidence: two reports of one event share names but are worded apart. A reworded shared
    passage (:meth:`SharedPassage.reworded`; looser where it stands alone in otherwise unrelated texts,
    :meth:`Evidence.island`) is partial reuse when the alignment says no more.
    """
    verdict = text_verdict(ev, t)
    if verdict is not None:
        return verdict
    verdict = _aligned_verdict(ev, alignment, t, facts_in_links)
    if verdict is None and any(p.reworded(t, island=ev.island(t)) for p in ev.passages):
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


def _aligned_verdict(ev: Evidence, alignment: Any, t: Thresholds, facts_in_links: float) -> str | None:
    """The verdict sentence alignment supports on its own, for a pair that shares no copied text."""
    if alignment is None or facts_in_links < t.link_facts:
        return None
    if alignment.verdict not in ("wholly_derived", "partially_derived"):
        # Too small a share of a long article for an article-level verdict, but a run of reworded
        # sentences in the same order on both sides is a reused passage.
        return "partial" if _reworded_passage(alignment, t) else None
    taken = _coverage(alignment).get("derived_from_source", 0.0)
    scores = [link.score for link in _worded_links(alignment)]
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


def _reworded_passage(alignment: Any, t: Thresholds, *, min_links: int = 4) -> bool:
    """At least ``min_links`` confident links (mean score above the bar, none weak) inside one passage."""
    links = _worded_links(alignment)
    if len(links) < min_links or not hasattr(alignment, "passages"):
        return False
    for passage in alignment.passages():
        inside = [lk for lk in links if passage.derived_span[0] <= lk.derived_spans[0][0] < passage.derived_span[1]]
        scores = [lk.score for lk in inside]
        if len(scores) >= min_links and float(np.mean(scores)) >= t.link_score + 0.05:
            return True
    return False


def _coverage(alignment: Any) -> dict[str, float]:
    coverage = alignment.coverage
    return coverage if isinstance(coverage, dict) else coverage.to_dict()
