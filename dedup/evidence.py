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

The sets measured are :mod:`dedup.exact_sets`' (``Features``, one a document); how a passage is located and
measured, :mod:`dedup.passages`'. Only measures live here; what they mean (the verdict) is decided in
:mod:`dedup.decision`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping, Sequence

import numpy as np

from dedup import kernels
from dedup.exact_sets import Features
from dedup.passages import cover, merged_boxes, passage_measures
from dedup.tokens import in_sorted

__all__ = [
    "SharedPassage", "Evidence", "score_pair", "with_spread", "close_stretches", "text_copies",
    "Stretches", "Copies", "Windows", "fact_agreement",
]

#: Colliding passage windows of a pair: ``((start, end) in a, (start, end) in b)``.
Windows = Sequence[tuple[tuple[int, int], tuple[int, int]]]

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
        passage_cover_a=cover([p.a for p, _ in copied], len_a),
        passage_cover_b=cover([p.b for p, _ in copied], len_b),
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

#: Content words a stretch shared word for word must hold to be a passage without the passage channel's
#: windows: a passage window's (24 content words, about 40 words in all). A sentence is seldom as long: a
#: recap sentence or a template's fixed sentence two stories share is no passage of its own.
SHARED_RUN = 24


def shared_runs(fa: Features, fb: Features, min_words: int = SHARED_RUN, ngram: int = 5) -> np.ndarray:
    """The stretches both texts hold word for word, holding at least ``min_words`` content words, as
    windows ``(a0, a1, b0, b1)`` (character spans): runs of word ``ngram``-grams one after another in both
    texts (a 5-gram a text repeats, as "in the 10 months to" twice in a sentence, in each of its places;
    one found more than :data:`_MOST_PLACES` times, in none). The passage channel's windows locate a shared
    passage only where they collide in LSH buckets no crowd of other documents fills; text copied word for
    word is located here whatever the buckets did, and its spread is counted as any passage's."""
    span = min_words - ngram  # a run of ``min_words`` words: its last 5-gram this many places after its first
    compiled = kernels.KERNELS
    hashes = (fa.gram_hashes, fb.gram_hashes, fa.grams, fb.grams)
    if compiled is not None and all(h.dtype == _U64 for h in hashes):
        found = compiled.shared_runs(*map(np.ascontiguousarray, hashes), span, _MOST_PLACES)
        runs = np.frombuffer(found, dtype=np.int64).reshape(-1, 4) if found else _NO_RUNS
    else:
        runs = _runs_py(fa, fb, span)
    if not len(runs):  # too few shared to run to ``min_words`` (most candidates of forms), or no run as long
        return np.zeros((0, 4), dtype=np.int64)
    i0, i1, j0, j1 = runs.T
    a0, a1 = fa.gram_starts[i0], fa.gram_ends[i1]
    words = np.searchsorted(fa.content_starts, a1, side="left") - np.searchsorted(fa.content_starts, a0, side="left")
    kept = words >= min_words  # the same words on both sides: copied word for word
    return np.stack([a0[kept], a1[kept], fb.gram_starts[j0[kept]], fb.gram_ends[j1[kept]]],
                    axis=1).astype(np.int64).reshape(-1, 4)


def _runs_py(fa: Features, fb: Features, span: int) -> np.ndarray:
    """The runs of 5-grams ``fa`` and ``fb`` hold one after another in both whose last 5-gram is at least
    ``span`` places after the first, as rows ``(i first, i last, j first, j last)`` (places in each text's
    5-grams) ordered by diagonal (``j - i``) then ``i``; none when ``fa`` has no more than ``span`` places
    shared at all. The compiled ``shared_runs`` computes the same rows."""
    ka = np.flatnonzero(in_sorted(fa.gram_hashes, fb.grams))  # a's places of the 5-grams b has too
    if len(ka) <= span:
        return np.zeros((0, 4), dtype=np.int64)
    kb = np.flatnonzero(in_sorted(fb.gram_hashes, fa.grams))
    ka, kb = _few(fa.gram_hashes, ka), _few(fb.gram_hashes, kb)
    kb = kb[np.argsort(fb.gram_hashes[kb], kind="stable")]
    lo = np.searchsorted(fb.gram_hashes[kb], fa.gram_hashes[ka], side="left")
    n = np.searchsorted(fb.gram_hashes[kb], fa.gram_hashes[ka], side="right") - lo
    i = np.repeat(ka, n)  # every place of a 5-gram in a against every place of it in b
    j = kb[np.repeat(lo - (np.cumsum(n) - n), n) + np.arange(int(n.sum()))]
    order = np.lexsort((i, j - i))
    i, j = i[order], j[order]
    first = np.flatnonzero(np.concatenate(([True], (np.diff(i) != 1) | (np.diff(j) != 1))))
    last = np.concatenate((first[1:], [len(i)])) - 1
    long_ = (last - first) >= span  # a run holds no more content words than words
    s, e = first[long_], last[long_]
    return np.stack([i[s], i[e], j[s], j[e]], axis=1).astype(np.int64).reshape(-1, 4)


#: No runs (read only): what the kernel's empty answer stands for.
_NO_RUNS = np.zeros((0, 4), dtype=np.int64)
_NO_RUNS.flags.writeable = False


#: A 5-gram found more often than this in a text (a list, a table's repeated cells) is left out of the runs.
_MOST_PLACES = 4


def _few(hashes: np.ndarray, places: np.ndarray) -> np.ndarray:
    """The ``places`` (indices into ``hashes``, every place of each value they hold) whose value is found
    at most :data:`_MOST_PLACES` times."""
    _, inverse, counts = np.unique(hashes[places], return_inverse=True, return_counts=True)
    return places[counts[inverse.reshape(-1)] <= _MOST_PLACES]


def _passages(fa: Features, fb: Features, windows, min_similarity: float) -> tuple[SharedPassage, ...]:  # type: ignore[no-untyped-def]
    """Merge colliding windows that overlap on both sides into passages; keep the similar ones that share
    at least :data:`MIN_PASSAGE_WORDS` words.

    The windows' collisions already estimate a high similarity, so exact measures are taken once per
    merged passage, not per window.
    """
    return tuple(passage for passage, _ in _measured_passages(fa, fb, windows, min_similarity))


def _measured_passages(fa: Features, fb: Features, windows, min_similarity: float) -> list[tuple[SharedPassage, int]]:  # type: ignore[no-untyped-def]
    """:func:`_passages`, each with the fewer distinct content words of its two sides (what
    ``copied_words`` sums); the stretches both texts share word for word (:func:`shared_runs`) merged with
    the windows."""
    boxes = np.concatenate([np.array(windows, dtype=np.int64).reshape(-1, 4), shared_runs(fa, fb)])
    groups = merged_boxes(boxes)
    if not groups:
        return []
    found = passage_measures(fa, fb, groups, min_similarity)
    return [(SharedPassage((a0, a1), (b0, b1), similarity, verbatim, facts, wording, figures, rare=rare),
             min(words_a, words_b))
            for a0, a1, b0, b1, similarity, verbatim, facts, wording, figures, rare, words_a, words_b in found]
