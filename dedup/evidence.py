"""Evidence: exact measures of a candidate pair, taken on its shingle sets.

LSH proposes pairs from estimates; here each pair is measured exactly:

- ``jaccard`` and ``containment`` both ways on word 5-grams: verbatim and lightly edited copy;
- ``content_jaccard`` on rare content words: the vocabulary a rewrite keeps;
- ``fact_agreement``: how many of the names and figures of the shorter text the other one has (a capital
  opening a sentence is a name only where the text capitalises the word inside a sentence too; the other
  text may write it anywhere). Template stories (two companies' dividend notices) share nearly all their
  words but not their names and numbers; copies share those too;
- shared passages, located as character spans in both texts, and their spread (in how many other
  documents the same stretch turns up: forms and boilerplate turn up in many).

Only measures live here; what they mean (the verdict) is decided in :mod:`dedup.decision`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping, Sequence

import numpy as np

from dedup import kernels
from dedup.candidates import COMMON_SHARE, Vocabulary
from dedup.shingles import batch_ngrams, content_mask
from dedup.tokens import TokenBatch, in_sorted

__all__ = [
    "Features", "SharedPassage", "Evidence", "features", "score_pair", "with_spread", "close_stretches",
    "Stretches", "Windows", "facts_in_span", "fact_agreement",
]

#: Colliding passage windows of a pair: ``((start, end) in a, (start, end) in b)``.
Windows = Sequence[tuple[tuple[int, int], tuple[int, int]]]

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
    #: the distinct words capitalised anywhere, sentence openings included, and figures: where ``facts``
    #: of the other text are looked for (a rewrite opens a sentence with a name the source has inside one)
    capitals: np.ndarray


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
    if len(batch) == 1:  # an index's check: one article, whose tokens need no sorting out by text
        keep = (batch.starts >= bounds[0, 0]) & (batch.ends <= bounds[0, 1])
    else:
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
    common = vocab.sorted_common(COMMON_SHARE)  # made once per vocabulary: the same words as common()
    rare = content & ~in_sorted(hashes, common) if len(common) else content
    numbers = (flags & TokenBatch.NUMERIC) > 0
    # a capital opening a sentence is no name: inside passages and linked sentences never, in the whole
    # text unless the text capitalises the same word mid-sentence too (:func:`_whole_text_facts`)
    capital = flags & (TokenBatch.CAPITALISED | TokenBatch.SENTENCE_START)
    names = content & (numbers | (capital == TokenBatch.CAPITALISED))
    opening = content & (capital == _OPENING_CAPITAL)
    facts = _whole_text_facts(hashes, offsets, names, opening)
    capitals = names | opening
    # each document's distinct n-grams, rare words and facts, for the whole batch at once where the kernel is built
    distinct = [_unique_runs(grams, gram_offsets), _unique_runs(hashes[rare], _runs_of(rare, offsets)),
                _unique_runs(hashes[facts], _runs_of(facts, offsets)),
                _unique_runs(hashes[capitals], _runs_of(capitals, offsets))] if len(batch) > 1 else [None] * 4
    out = []
    for i in range(len(batch)):
        t = slice(offsets[i], offsets[i + 1])
        g = slice(gram_offsets[i], gram_offsets[i + 1])
        c = content[t]
        gp = pos[g]
        text_hashes, text_starts = hashes[t], starts[t]
        out.append(Features(
            _distinct_of(distinct[0], i, grams[g]), grams[g], starts[gp], ends[gp + ngram - 1] if len(gp) else starts[gp],
            _distinct_of(distinct[1], i, text_hashes, rare[t]), _distinct_of(distinct[2], i, text_hashes, facts[t]),
            text_hashes[c], text_starts[c], ends[t][c], names[t][c], numbers[t][c],
            _distinct_of(distinct[3], i, text_hashes, capitals[t]),
        ))
    return out


_OPENING_CAPITAL = TokenBatch.CAPITALISED | TokenBatch.SENTENCE_START


def _whole_text_facts(hashes: np.ndarray, offsets: np.ndarray, names: np.ndarray, opening: np.ndarray) -> np.ndarray:
    """The names and figures of each whole text: ``names`` (figures, and capitals inside a sentence), and
    of the capitals ``opening`` a sentence those whose word the same text also capitalises inside a
    sentence ("Moore said" after "Trade minister Mike Moore"). A rewrite restarts and reorders sentences,
    so a capital that only ever opens one ("Ministers", "Trade") says nothing of a name and would count
    against agreement. The documents are cut at ``offsets``; a word is matched within its own document."""
    out = names.copy()
    at = np.flatnonzero(opening)
    if not len(at):
        return out
    inside = np.flatnonzero(names)
    if not len(inside):
        return out
    doc = np.searchsorted(offsets, np.concatenate([inside, at]), side="right") - 1
    # a (document, word) key, exact: the words ranked among those in question, then offset by document
    _, rank = np.unique(hashes[np.concatenate([inside, at])], return_inverse=True)
    keys = doc.astype(np.int64) * (int(rank.max()) + 1) + rank.reshape(-1)
    named = np.unique(keys[: len(inside)])
    out[at] = in_sorted(keys[len(inside):], named)
    return out


def _runs_of(mask: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Where each document's run of ``values[mask]`` starts (and the last ends), the documents cut at ``offsets``."""
    return np.concatenate([[0], np.cumsum(mask, dtype=np.int64)])[offsets]


def _unique_runs(values: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, list[int]] | None:
    """Each run ``values[offsets[d]:offsets[d + 1]]`` sorted and without repeats, one after another, and
    where each starts (:func:`_unique` of every document's at once, by the kernel ``unique_runs``); None
    where the kernel is not built or the values are no 64-bit hashes (each document takes :func:`_unique`)."""
    compiled = kernels.KERNELS
    if compiled is None or values.dtype != np.uint64:
        return None
    out, where = np.empty(len(values), dtype=np.uint64), np.empty(len(offsets), dtype=np.int64)
    compiled.unique_runs(np.ascontiguousarray(values), np.ascontiguousarray(offsets, dtype=np.int64), out, where)
    return out, where.tolist()


def _distinct_of(runs: tuple[np.ndarray, list[int]] | None, i: int, values: np.ndarray,
                 mask: np.ndarray | None = None) -> np.ndarray:
    """Document ``i``'s distinct ``values`` (``values[mask]``): its run of ``runs`` (a copy: a document's
    features keep nothing of the batch's), or :func:`_unique` of them."""
    if runs is None:
        return _unique(values if mask is None else values[mask])
    out, where = runs
    return out[where[i] : where[i + 1]].copy()


def _unique(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` of a document's hashes by one sort: numpy's own hashes them first, several
    times slower on arrays of a few hundred (three arrays a document, in the parent before scoring)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


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

    def found_elsewhere(self, elsewhere: int) -> SharedPassage:
        """``replace(self, elsewhere=elsewhere)``, copied field by field without ``replace``'s checks (a
        scan counts the spread of tens of thousands of passages, and ``replace`` was a third of it)."""
        return _copied(self, elsewhere=elsewhere)

    def copied(self, *, verbatim: float, facts: float) -> bool:
        """Copied text (not a paraphrase, not a template with other names and figures)."""
        return self.verbatim >= verbatim and self.facts >= facts


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

    def with_passages(self, passages: tuple[SharedPassage, ...]) -> Evidence:
        """``replace(self, passages=passages)``, as :meth:`SharedPassage.found_elsewhere` copies."""
        return _copied(self, passages=passages)

    def flipped(self) -> Evidence:
        """The same evidence seen from the other text (``a`` and ``b`` exchanged), its passages in the order
        of their spans in the new ``a``, as located passages are (a pair's JSON was ordered by the text that
        came first in the scan's rows, so by the order of the input files)."""
        passages = tuple(sorted((p.swapped() for p in self.passages), key=lambda p: (p.a, p.b)))
        return replace(self, a_in_b=self.b_in_a, b_in_a=self.a_in_b, passages=passages,
                       passage_cover_a=self.passage_cover_b, passage_cover_b=self.passage_cover_a)

    def to_dict(self) -> dict[str, Any]:
        return {
            "jaccard": round(self.jaccard, 4),
            "containment": {"a_in_b": round(self.a_in_b, 4), "b_in_a": round(self.b_in_a, 4)},
            "content_jaccard": round(self.content_jaccard, 4),
            "fact_agreement": round(self.fact_agreement, 4),
            "passage_coverage": {"a": round(self.passage_cover_a, 4), "b": round(self.passage_cover_b, 4)},
            "copied_words": self.copied_words,
        }


def fact_agreement(fa: Features, fb: Features) -> float:
    """How many of the names and figures (``facts``) of the text that has fewer are in the other, where
    the other may write them anywhere (``capitals``: opening a sentence too); 1 when neither text has
    any, 0 when only one has none. When both have as many, the mean of the two ways: the pair's answer
    whichever text is given first (the first one's share was taken, and ``compare a b``, ``compare b a``
    and an index checking either against the other judged one pair on two agreements)."""
    if len(fa.facts) != len(fb.facts):
        short, other = (fa, fb) if len(fa.facts) < len(fb.facts) else (fb, fa)
        return _overlap(short.facts, other.capitals) / len(short.facts) if len(short.facts) else 0.0
    if not len(fa.facts):
        return 1.0
    return (_overlap(fa.facts, fb.capitals) + _overlap(fb.facts, fa.capitals)) / (2 * len(fa.facts))


def _copied(value: Any, **changes: Any) -> Any:
    """A frozen dataclass instance (with neither slots nor ``__post_init__``) copied with ``changes``: its
    fields as they are but those, every field carried over (one added later too)."""
    copy = object.__new__(type(value))
    copy.__dict__.update(value.__dict__, **changes)
    return copy


def _overlap(x: np.ndarray, y: np.ndarray) -> int:
    """How many values the sorted unique arrays ``x`` and ``y`` share: one merge by the compiled kernel
    for hashes (three a candidate pair), else numpy's intersection."""
    compiled = kernels.KERNELS
    if compiled is not None and x.dtype == _U64 and y.dtype == _U64:
        return int(compiled.sorted_overlap(np.ascontiguousarray(x), np.ascontiguousarray(y)))
    return len(np.intersect1d(x, y, assume_unique=True))


_U64 = np.dtype(np.uint64)


def score_pair(
    fa: Features,
    fb: Features,
    *,
    windows: Windows = (),
    len_a: int = 1,
    len_b: int = 1,
    min_passage_similarity: float = 0.3,
    min_verbatim: float = 0.5,
    min_facts: float = 0.6,
) -> Evidence:
    """Exact scores of a pair; ``windows`` are colliding passage windows to merge into shared passages.

    ``passage_cover_*`` counts only copied passages (``verbatim >= min_verbatim`` and the names and
    figures agree): a paraphrased passage is evidence for the aligner, not for a ``partial`` verdict.
    The verification stage feeds both bars from :class:`dedup.decision.Thresholds` (``verbatim``, ``facts``).
    """
    shared = _overlap(fa.grams, fb.grams)
    union = len(fa.grams) + len(fb.grams) - shared
    content_shared = _overlap(fa.content, fb.content)
    content_union = len(fa.content) + len(fb.content) - content_shared
    # Texts without any names or figures have none to disagree on.
    facts = fact_agreement(fa, fb)
    measured = _measured_passages(fa, fb, windows, min_passage_similarity)
    passages = tuple(p for p, _ in measured)
    copied = [(p, words) for p, words in measured if p.copied(verbatim=min_verbatim, facts=min_facts)]
    return Evidence(
        jaccard=shared / union if union else 0.0,
        a_in_b=shared / len(fa.grams) if len(fa.grams) else 0.0,
        b_in_a=shared / len(fb.grams) if len(fb.grams) else 0.0,
        content_jaccard=content_shared / content_union if content_union else 0.0,
        fact_agreement=facts,
        passages=passages,
        passage_cover_a=_cover([p.a for p, _ in copied], len_a),
        passage_cover_b=_cover([p.b for p, _ in copied], len_b),
        copied_words=sum(words for _, words in copied),
    )


#: Where each document shares a passage, and with whom: ``{document: [(start, end, partner), ...]}``.
Stretches = dict[int, list[tuple[int, int, int]]]


#: Documents whose text is an earlier document's, white space aside: ``{document: that earlier document}``.
Copies = Mapping[int, int]


def close_stretches(pairs: Sequence[tuple[int, int]], evidence: Sequence[Evidence], *,
                    min_similarity: float = 0.5, copies: Copies | None = None) -> Stretches:
    """The stretches of each document shared with a partner as closely as ``min_similarity``.

    ``copies`` (:func:`text_copies`): a document whose text is another's (white space aside) is recorded as
    that one, and a pair of copies of one text records nothing: copies of one text count once where a
    stretch is counted, as an index, which stores one copy of a text, counts them."""
    out: Stretches = {}
    for (i, j), ev in zip(pairs, evidence):
        if copies:
            i_as, j_as = copies.get(i, i), copies.get(j, j)
            if i_as == j_as:
                continue
        else:
            i_as, j_as = i, j
        for p in ev.passages:
            if p.similarity >= min_similarity:
                out.setdefault(i, []).append((p.a[0], p.a[1], j_as))
                out.setdefault(j, []).append((p.b[0], p.b[1], i_as))
    return out


def text_copies(keys: np.ndarray, numbers: np.ndarray | None = None) -> dict[int, int]:
    """Each document whose text key (:func:`dedup.normalize.text_keys`, one a document) is an earlier
    document's, mapped to the first document with that key; ``numbers``: the documents' numbers (default
    0, 1, ...). Empty when every text is its own, as in most corpora."""
    keys = np.asarray(keys)
    if not len(keys):
        return {}
    numbers = np.arange(len(keys), dtype=np.int64) if numbers is None else np.asarray(numbers, dtype=np.int64)
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    firsts = first[inverse.reshape(-1)]
    later = np.flatnonzero(firsts != np.arange(len(keys)))
    return dict(zip(numbers[later].tolist(), numbers[firsts[later]].tolist()))


def with_spread(pairs: Sequence[tuple[int, int]], evidence: Sequence[Evidence], *, min_similarity: float = 0.5,
                stretches: Stretches | None = None, copies: Copies | None = None) -> list[Evidence]:
    """``evidence`` whose passages count the other documents in which the same stretch of either text was
    found as closely (passage similarity >= ``min_similarity``; ``SharedPassage.elsewhere``): a form or a
    boilerplate paragraph turns up in many documents, a reused passage in few. Counted among ``pairs``
    (a whole scan, the stored articles one new article is checked against), or in ``stretches`` gathered
    from every part of a scan by :func:`close_stretches`. ``copies`` (:func:`text_copies`): copies of one
    text count once, as :func:`close_stretches` records them (give the stretches recorded with the same)."""
    if stretches is None:
        stretches = close_stretches(pairs, evidence, min_similarity=min_similarity, copies=copies)
    arrays: dict[int, np.ndarray] = {}  # the lists as arrays, made once
    out = []
    for (i, j), ev in zip(pairs, evidence):
        if ev.passages:
            i_as, j_as = (copies.get(i, i), copies.get(j, j)) if copies else (i, j)
            ev = ev.with_passages(tuple(
                p.found_elsewhere(max(_partners(stretches, arrays, i, p.a, j_as),
                                      _partners(stretches, arrays, j, p.b, i_as)))
                for p in ev.passages))
        out.append(ev)
    return out


#: Stretches of one document from which they are counted as an array (where the kernels are not built): a
#: form shares its fixed text with hundreds of documents, and each of its pairs' passages is counted
#: against all of them.
_ARRAY_FROM = 32


def _partners(stretches: Stretches, arrays: dict[int, np.ndarray], doc: int, span: tuple[int, int], partner: int) -> int:
    """Documents other than ``partner`` sharing most of ``span`` of ``doc`` (or it most of theirs): by the
    compiled kernel (``spread_partners``, on the document's stretches as an array made once), else in
    Python."""
    spans = stretches.get(doc, ())
    if not spans:
        return 0
    s0, s1 = span
    compiled = kernels.KERNELS
    if len(spans) < _ARRAY_FROM and compiled is None:
        return len({k for a0, a1, k in spans if k != partner and 2 * (min(a1, s1) - max(a0, s0)) > min(a1 - a0, s1 - s0)})
    table = arrays.get(doc)
    if table is None:
        table = arrays[doc] = np.array(spans, dtype=np.int64).reshape(-1, 3)
    if compiled is not None:
        return int(compiled.spread_partners(table, s0, s1, partner))
    a0, a1, k = table.T
    near = (k != partner) & (2 * (np.minimum(a1, s1) - np.maximum(a0, s0)) > np.minimum(a1 - a0, s1 - s0))
    return len(set(k[near].tolist()))


#: Distinct content words (names and figures included) a shared passage must have in common to be one:
#: fewer is a phrase, not a passage (two windows that met on "rebuild depleted uranium"). Among a million
#: unrelated generated articles, such phrases of two to seven words were the only evidence of 59 of the
#: 61 pairs reported as partial copies (benchmarks/RESULTS.md, 2026-12-01).
MIN_PASSAGE_WORDS = 8


def _passages(fa: Features, fb: Features, windows, min_similarity: float) -> tuple[SharedPassage, ...]:  # type: ignore[no-untyped-def]
    """Merge colliding windows that overlap on both sides into passages; keep the similar ones that share
    at least :data:`MIN_PASSAGE_WORDS` words.

    The windows' collisions already estimate a high similarity, so exact measures are taken once per
    merged passage, not per window.
    """
    return tuple(passage for passage, _ in _measured_passages(fa, fb, windows, min_similarity))


def _measured_passages(fa: Features, fb: Features, windows, min_similarity: float) -> list[tuple[SharedPassage, int]]:  # type: ignore[no-untyped-def]
    """:func:`_passages`, each with the fewer distinct content words of its two sides (what
    ``copied_words`` sums)."""
    groups = _merged(_chained(np.array(windows, dtype=np.int64).reshape(-1, 4)))
    if not groups:
        return []
    found = _measures(fa, fb, groups, min_similarity)
    return [(SharedPassage((a0, a1), (b0, b1), similarity, verbatim, facts, wording, figures, rare=rare),
             min(words_a, words_b))
            for a0, a1, b0, b1, similarity, verbatim, facts, wording, figures, rare, words_a, words_b in found]


def _chained(boxes: np.ndarray) -> list[list[int]]:
    """Windows ``(a0, a1, b0, b1)`` (rows, repeats allowed) with each run of windows that overlap their
    neighbour on both sides, taken along each diagonal (``b0 - a0``) in order, already merged, sorted:
    what :func:`_merged` would make of them in the end, in one pass of numpy. Its passages are the same
    whichever windows merge first (two boxes it joins stay joined whatever joins before them; a box grows
    only over boxes it overlaps), and a text that repeats itself brings hundreds of thousands of window
    pairs, which its loop in Python took seconds to join one by one."""
    if len(boxes) < 2:
        return boxes.tolist()
    order = np.lexsort((boxes[:, 3], boxes[:, 2], boxes[:, 1], boxes[:, 0], boxes[:, 2] - boxes[:, 0]))
    a0, a1, b0, b1 = boxes[order].T
    joined = (a0[1:] <= a1[:-1]) & (a0[:-1] <= a1[1:]) & (b0[1:] <= b1[:-1]) & (b0[:-1] <= b1[1:])
    first = np.flatnonzero(np.concatenate(([True], ~joined)))
    chained = np.stack([np.minimum.reduceat(a0, first), np.maximum.reduceat(a1, first),
                        np.minimum.reduceat(b0, first), np.maximum.reduceat(b1, first)], axis=1)
    return sorted(set(map(tuple, chained.tolist())))  # type: ignore[arg-type]


def _merged(boxes: list[list[int]]) -> list[list[int]]:
    """Windows ``[a0, a1, b0, b1]`` merged into passages, in order: any two that overlap on both sides become
    one spanning both, again until no two do. The passages are the same whichever text is given first
    (a window joined the first passage it met, and two passages that had grown into each other stayed
    apart in one order of the texts and not in the other: ``compare a b`` and ``compare b a`` located
    other passages, and judged one pair twice)."""
    groups = boxes
    while True:
        out: list[list[int]] = []
        for a0, a1, b0, b1 in groups:
            for g in out:
                if a0 <= g[1] and g[0] <= a1 and b0 <= g[3] and g[2] <= b1:
                    g[:] = [min(g[0], a0), max(g[1], a1), min(g[2], b0), max(g[3], b1)]
                    break
            else:
                out.append([a0, a1, b0, b1])
        out.sort()
        if len(out) == len(groups):
            return out
        groups = out


#: A passage's measures as :func:`_passage_measures_py` gives them: its spans, similarity, verbatim share,
#: names and figures kept, ordinary words, figures' Jaccard, rare words, and each side's distinct words.
_Measured = tuple[int, int, int, int, float, float, float, int, float, int, int, int]


def _measures(fa: Features, fb: Features, groups: list[list[int]], min_similarity: float) -> list[_Measured]:
    """The measures of each merged group of windows (in order) that is a passage: by the compiled kernel
    (``passage_measures``, a pair's passages a fifth of exact scoring in Python), else in Python."""
    compiled = kernels.KERNELS
    if compiled is not None:
        try:
            return compiled.passage_measures(fa, fb, groups, min_similarity, MIN_PASSAGE_WORDS)
        except BufferError:  # features whose arrays are not contiguous (``features`` makes them so)
            pass
    return _passage_measures_py(fa, fb, groups, min_similarity)


def _passage_measures_py(fa: Features, fb: Features, groups: list[list[int]], min_similarity: float) -> list[_Measured]:
    """:func:`_measures` in Python sets: the reference, and the way where the kernels are not built."""
    out = []
    for a0, a1, b0, b1 in groups:
        (a0, a1), (b0, b1) = _trim(fa, fb, (a0, a1), (b0, b1))
        a, b = (a0, a1), (b0, b1)
        wa, wb = _span_words(fa, a), _span_words(fb, b)
        similarity = _set_jaccard(wa.words, wb.words, empty=0.0)
        shared = wa.words & wb.words
        if similarity >= min_similarity and len(shared) >= MIN_PASSAGE_WORDS:
            out.append((
                a0, a1, b0, b1, similarity, _verbatim(fa, fb, a, b), _containment(wa.facts, wb.facts),
                len(shared - wa.facts - wb.facts),  # ordinary words
                _set_jaccard(wa.figures, wb.figures, empty=1.0),
                _rare(shared, fa.content),  # a word's rarity is the corpus's: one side says it
                len(wa.words), len(wb.words),
            ))
    return out


def _trim(fa: Features, fb: Features, a: tuple[int, int], b: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]]:
    """Shrink both spans to the stretch between their first and last shared content word.

    Windows reach past the reused text; trimmed spans locate the passage itself, and its measures are
    not diluted by the words around it.
    """
    words = []
    for f, span in ((fa, a), (fb, b)):
        lo, hi = f.content_starts.searchsorted(span).tolist()  # both ends in one call: a passage's few words
        words.append((lo, f.content_tokens[lo:hi].tolist()))  # cost less than numpy's calls on them
    # Python sets: for a few dozen words they beat numpy's set routines by an order of magnitude.
    shared_words = set(words[0][1]) & set(words[1][1])
    spans = []
    for f, span, (lo, tokens) in ((fa, a, words[0]), (fb, b, words[1])):
        hits = [k for k, t in enumerate(tokens) if t in shared_words]
        spans.append((int(f.content_starts[lo + hits[0]]), int(f.content_ends[lo + hits[-1]])) if hits else span)
    return spans[0], spans[1]


def _span_slice(f: Features, span: tuple[int, int]) -> slice:
    """The content words of ``f`` that start inside ``span``."""
    lo, hi = f.content_starts.searchsorted(span).tolist()
    return slice(lo, hi)


def facts_in_span(f: Features, span: tuple[int, int]) -> np.ndarray:
    """The distinct names and figures of ``f`` inside ``span``."""
    k = _span_slice(f, span)
    return _unique(f.content_tokens[k][f.content_is_fact[k]])


# The measures of a passage work on Python sets: a passage holds a few dozen words, and for so few
# numpy's set routines cost an order of magnitude more in per-call overhead (the counts are the same).

@dataclass(frozen=True)
class _SpanWords:
    """The distinct content words of a span: all, the names and figures among them, the figures."""

    words: set[int]
    facts: set[int]
    figures: set[int]


def _span_words(f: Features, span: tuple[int, int]) -> _SpanWords:
    k = _span_slice(f, span)
    tokens = f.content_tokens[k].tolist()
    is_fact, is_number = f.content_is_fact[k].tolist(), f.content_is_number[k].tolist()
    return _SpanWords(set(tokens), {t for t, x in zip(tokens, is_fact) if x},
                      {t for t, x in zip(tokens, is_number) if x})


def _set_jaccard(sa: set[int], sb: set[int], *, empty: float) -> float:
    both = len(sa & sb)
    union = len(sa) + len(sb) - both
    return both / union if union else empty


def _containment(sa: set[int], sb: set[int]) -> float:
    """Share of the smaller set found in the other (1 when either is empty: nothing to disagree on)."""
    smaller = min(len(sa), len(sb))
    return len(sa & sb) / smaller if smaller else 1.0


def _rare(words: set[int], content: np.ndarray) -> int:
    """How many of ``words`` are in the sorted unique array ``content``."""
    if not words or not len(content):
        return 0
    values = np.fromiter(words, dtype=content.dtype, count=len(words))
    at = content.searchsorted(values)
    at[at == len(content)] = 0
    return int(np.count_nonzero(content[at] == values))


def _grams_in(f: Features, span: tuple[int, int]) -> set[int]:
    lo, hi = f.gram_starts.searchsorted(span).tolist()
    last = span[1]
    return {h for h, end in zip(f.gram_hashes[lo:hi].tolist(), f.gram_ends[lo:hi].tolist()) if end <= last}


def _verbatim(fa: Features, fb: Features, a: tuple[int, int], b: tuple[int, int]) -> float:
    ga, gb = _grams_in(fa, a), _grams_in(fb, b)
    smaller = min(len(ga), len(gb))
    return len(ga & gb) / smaller if smaller else 0.0


def _cover(spans: Sequence[tuple[int, int]], length: int) -> float:
    covered, reach = 0, 0
    for start, end in sorted(spans):
        start = max(start, reach)
        if end > start:
            covered += end - start
            reach = end
    return min(1.0, covered / length) if length else 0.0
