"""Links between the sentences of two articles: which derived sentence was taken from which source sentence(s).

Each derived sentence is linked to its best-scoring source sentence when the score clears
``link_threshold`` and the pair is linkable (see ``dedup.similarity``: enough shared wording, no
contradicting names or numbers). Once derivation is established, mutual-best neighbours of a link
extend it and in-order gaps between links are filled; a derived sentence may take two source sentences
(a merge), and neighbouring derived sentences may share one source sentence (a split). The settings are
a :class:`dedup.align.SentenceAligner`'s (see it for each); ``choose_links`` is called with the aligner.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Callable, Protocol, Sequence

import numpy as np

from dedup import kernels
from dedup.alignment import Link
from dedup.sentence_tables import SentenceTable
from dedup.sentences import Sentence
from dedup.similarity import DocumentVectors
from dedup.words import tokens

__all__ = ["GroupPair", "GroupScorer", "LinkRules", "SHORT_STATEMENT_WORDS", "Side", "choose_links", "linked",
           "short_statements"]

#: (derived sentences, source sentences): one sentence or two neighbours each.
GroupPair = tuple[tuple[int, ...], tuple[int, ...]]
#: Scores the linkable ones of some group pairs: ``[(derived, source, score), ...]``.
GroupScorer = Callable[[Sequence[GroupPair]], list[tuple[tuple[int, ...], tuple[int, ...], float]]]


@dataclass(frozen=True)
class Side:
    """What the link and verdict steps read of one document: its sentences (empty rows outside the
    compared regions), the ids of its names and numbers, and each sentence's word tokens."""

    sentences: tuple[Sentence, ...]
    entities: frozenset[int]
    tokens: Callable[[int], list[str]]
    #: per sentence, how many content stems and how many figures it holds (:func:`short_statements`)
    content_counts: np.ndarray
    figure_counts: np.ndarray

    @classmethod
    def of_vectors(cls, vectors: DocumentVectors) -> Side:
        features = vectors.features
        return cls(vectors.sentences, vectors.entities, lambda k: tokens(vectors.sentences[k].text),
                   np.diff(features.content.indptr), np.diff(features.numbers.indptr))

    @classmethod
    def of_table(cls, table: SentenceTable, mask: np.ndarray | None) -> Side:
        return cls(table.sentences, table.entity_ids(mask), table.tokens, *table.set_counts())


#: Content stems a short statement of a figure must share, all of its own (:func:`short_statements`).
SHORT_STATEMENT_WORDS = 2


def short_statements(side_a: Side, side_b: Side, shared_content: np.ndarray, linkable: np.ndarray) -> np.ndarray:
    """Sentence pairs (rows: ``side_a``'s sentences) in which one sentence is a short statement of a
    figure that the other repeats: it shares all its content stems (:data:`SHORT_STATEMENT_WORDS` at
    least) and both sentences state figures that agree (``linkable``: no figure in conflict, so with
    figures on both sides at least one is shared). Two words and a figure say what three words say in a
    longer sentence ("La crescita acquisita per il 2024 è pari allo 0,5%" and "La crescita già acquisita
    per quest'anno è dello 0,5%"). Not a row of a table: a sentence with as many figures as content
    words ("30-69 days 5.00 pct") states figures, not a fact in words.

    >>> def side(content, figures):
    ...     return Side((), frozenset(), lambda k: [], np.array(content), np.array(figures))
    >>> short_statements(side([3], [1]), side([2, 2], [1, 2]), np.array([[2, 2]]), np.array([[True, True]])).tolist()
    [[True, False]]
    """
    content_a, content_b = side_a.content_counts[:, None], side_b.content_counts[None, :]
    figures_a, figures_b = side_a.figure_counts[:, None], side_b.figure_counts[None, :]
    stated_a = (shared_content >= content_a) & (figures_a < content_a)
    stated_b = (shared_content >= content_b) & (figures_b < content_b)
    return (linkable & (shared_content >= SHORT_STATEMENT_WORDS) & (figures_a > 0) & (figures_b > 0)
            & (stated_a | stated_b))


class LinkRules(Protocol):
    """The settings the link steps read (a :class:`dedup.align.SentenceAligner` has them all)."""

    link_threshold: float
    extend_threshold: float
    extend_window: int
    gap_threshold: float
    edited_min_ratio: float
    merge_gain: float
    min_links: int


def linked(score: np.ndarray, strong: np.ndarray, weak: np.ndarray, rules: LinkRules) -> np.ndarray:
    """Pairs that would link in either direction (strong, or mutual-best extensions); for direction."""
    ok = strong & (score >= rules.link_threshold)
    masked = np.where(weak, score, 0.0)
    if masked.size and np.count_nonzero(ok.any(axis=1)) >= rules.min_links:
        mutual = (masked == masked.max(axis=1, keepdims=True)) & (masked == masked.max(axis=0, keepdims=True))
        ok |= mutual & (masked >= rules.extend_threshold)
    return ok


def choose_links(
    vs: Side, vd: Side, score: np.ndarray, strong: np.ndarray, weak: np.ndarray, groups: GroupScorer, rules: LinkRules
) -> list[Link]:
    """Choose each derived sentence's source group, then join neighbours that share one (splits)."""
    if not score.size:  # a side without a sentence (an empty text read the way a caller gave): nothing links
        return []
    choice, established, row_best, candidates = _first_links(score, strong, weak, rules)
    threshold = rules.extend_threshold if established else rules.link_threshold
    _add_merges(groups, candidates, row_best, choice, threshold, rules)
    split = _splits(len(vd.sentences), groups, choice, rules)
    # wording first, place last: only sentences that no step above linked are placed
    in_groups = {j for derived, _ in split.values() for j in derived}
    placed = _fill_gaps(score, weak, choice, in_groups, rules) if established else set()
    return _build_links(vs, vd, choice, split, placed, rules)


#: Scores within this of a row's best are near-ties, among which :func:`_best_in_order` keeps the order.
TIE = 0.02

#: What the first steps of the link choice give: the links so far (derived sentence: (sources, score)),
#: whether derivation is established, each derived sentence's best single source's score, the merges to try.
FirstLinks = tuple[dict[int, tuple[tuple[int, ...], float]], bool, list[float], list[GroupPair]]


def _first_links(score: np.ndarray, strong: np.ndarray, weak: np.ndarray, rules: LinkRules) -> FirstLinks:
    """The first steps of the choice: each derived sentence's best source in order (:func:`_best_in_order`),
    the links that clear ``link_threshold``, their extensions once derivation is established
    (:func:`_extend`), each derived sentence's best single source and the merges worth scoring
    (:func:`_merge_candidates`). The compiled kernel (``first_links``) computes the same, bit for bit, where
    it is built: these steps were two dozen numpy calls on arrays of a few sentences, about half of choosing
    a pair's links (the tests compare the two)."""
    compiled = kernels.KERNELS
    if compiled is not None:
        return compiled.first_links(score, strong, weak, rules.link_threshold, rules.extend_threshold,
                                    rules.extend_window, rules.min_links, TIE)  # type: ignore[no-any-return]
    return _first_links_py(score, strong, weak, rules)


def _first_links_py(score: np.ndarray, strong: np.ndarray, weak: np.ndarray, rules: LinkRules) -> FirstLinks:
    """:func:`_first_links` in numpy: the reference, and the way where the kernels are not built."""
    if not score.size:
        return {}, False, [], []
    masked = np.where(weak, score, 0.0)
    best = _best_in_order(masked, TIE)
    choice = {
        j: ((int(i),), float(masked[j, i]))
        for j, i in enumerate(best)
        if masked[j, i] >= rules.link_threshold and strong[j, i]
    }
    established = len(choice) >= rules.min_links
    if established:
        _extend(masked, best, choice, rules)
    threshold = rules.extend_threshold if established else rules.link_threshold
    return choice, established, masked.max(axis=1).tolist(), _merge_candidates(score, threshold)


def _extend(
    masked: np.ndarray, best: np.ndarray, choice: dict[int, tuple[tuple[int, ...], float]], rules: LinkRules
) -> None:
    """Add mutual-best matches above ``extend_threshold`` that sit next to an existing link.

    Derivation is established, and heavy rewrites keep the order of facts but little wording; the
    anchor (a link within ``extend_window`` sentences on both sides) keeps topic-alike sentences
    elsewhere in a long article from joining in.
    """
    best_derived = np.argmax(masked, axis=0)
    weak = {
        j: int(i)
        for j, i in enumerate(best)
        if j not in choice and masked[j, i] >= rules.extend_threshold and best_derived[i] == j
    }
    grew = True
    while grew:
        grew = False
        for j, i in sorted(weak.items()):
            if _anchored(j, i, choice, rules):
                choice[j] = ((i,), float(masked[j, i]))
                del weak[j]
                grew = True


def _fill_gaps(
    score: np.ndarray,
    weak: np.ndarray,
    choice: dict[int, tuple[tuple[int, ...], float]],
    in_groups: set[int],
    rules: LinkRules,
) -> set[int]:
    """Link the unlinked derived sentences between two links whose sources are in order (see
    :func:`_fill_gaps_py`). The compiled kernel (``fill_gaps``) computes the same, bit for bit, where it is
    built: the picks of a gap tried one by one in Python were a tenth of choosing a pair's links (the tests
    compare the two)."""
    compiled = kernels.KERNELS
    if compiled is not None:
        return compiled.fill_gaps(score, weak, choice, in_groups, rules.extend_window,  # type: ignore[no-any-return]
                                  rules.gap_threshold)
    return _fill_gaps_py(score, weak, choice, in_groups, rules)


def _fill_gaps_py(
    score: np.ndarray,
    weak: np.ndarray,
    choice: dict[int, tuple[tuple[int, ...], float]],
    in_groups: set[int],
    rules: LinkRules,
) -> set[int]:
    """Link the unlinked derived sentences between two links whose sources are in order: the reference, and
    the way where the kernels are not built.

    A gap of at most ``extend_window`` derived sentences between derived ``j0`` (taken from source
    ``lo``) and ``j1`` (from ``hi >= lo``, at most ``extend_window + 1`` sentences further on) is
    filled with the in-order choice of sources in ``lo..hi`` that scores most, each link at least
    ``gap_threshold`` (and linkable: numbers agree, content words shared); a sentence that fits
    none stays new; a gap holding part of a split (``in_groups``) is left alone. Returns the derived
    sentences linked this way. A cell's value is its score where the pair may link weakly, else 0.
    """

    def value(j: int, i: int) -> float:
        return float(score[j, i]) if weak[j, i] else 0.0

    w = rules.extend_window
    filled: set[int] = set()
    linked = sorted(choice)
    for j0, j1 in zip(linked, linked[1:]):
        lo, hi = max(choice[j0][0]), min(choice[j1][0])
        rows = range(j0 + 1, j1)
        if not 1 < j1 - j0 <= w + 1 or not 0 <= hi - lo <= w + 1 or in_groups.intersection(rows):
            continue
        best_total, best_pick = 0.0, ()
        for pick in itertools.product((None, *range(lo, hi + 1)), repeat=len(rows)):
            used = [i for i in pick if i is not None]
            values = [value(j, i) for j, i in zip(rows, pick) if i is not None]
            if used != sorted(used) or any(v < rules.gap_threshold for v in values):
                continue
            total = sum(values)
            if total > best_total:
                best_total, best_pick = total, pick
        for j, i in zip(rows, best_pick):
            if i is not None:
                choice[j] = ((i,), value(j, i))
                filled.add(j)
    return filled


def _merge_candidates(score: np.ndarray, threshold: float) -> list[GroupPair]:
    """The merges worth scoring: each derived sentence whose best source scores ``threshold / 2`` at least,
    with that source and either neighbour of it (two sentences merged into one were neighbours in the
    source; the second one may share little with the merged sentence on its own, a date, a clause, so
    neighbours are tried, not the second-best match)."""
    n_source = score.shape[1]
    candidates: list[GroupPair] = []
    if n_source:  # each derived sentence's best source, all at once: this runs for every aligned pair
        best = np.argmax(score, axis=1)
        found = best.tolist()
        for j in np.flatnonzero(score[np.arange(len(best)), best] >= threshold / 2).tolist():
            i = found[j]
            candidates += [((j,), (k, k + 1)) for k in (i - 1, i) if 0 <= k and k + 1 < n_source]
    return candidates


def _add_merges(
    groups: GroupScorer,
    candidates: list[GroupPair],
    row_best: list[float],
    choice: dict[int, tuple[tuple[int, ...], float]],
    threshold: float,
    rules: LinkRules,
) -> None:
    """Link a derived sentence to its best source sentence plus a neighbour when together they fit better
    (``candidates``, from :func:`_merge_candidates`; ``row_best``, each derived sentence's best single source).

    A merge that creates a new link needs ``link_threshold`` unless it sits next to an existing link (then
    ``threshold``, the extension threshold once derivation is established).
    """
    merges = groups(candidates)
    if not merges:
        return
    # what the merges are weighed against, read before any of them is made: the links so far (a merge is
    # anchored by one of them) and each derived sentence's best single source
    before = dict(choice)
    for (j,), sources, value in merges:
        if value < threshold or value < row_best[j] + rules.merge_gain:
            continue  # short of what is needed below whatever else holds (a larger sum rounds no lower)
        # always beat the best single source sentence by merge_gain: a merge must explain more
        needed = max(row_best[j], choice.get(j, ((), 0.0))[1]) + rules.merge_gain
        if j not in choice:
            needed = max(needed, threshold if _anchored(j, None, before, rules) else rules.link_threshold)
        if value >= max(threshold, needed) and value > choice.get(j, ((), 0.0))[1]:
            choice[j] = (sources, value)


def _anchored(j: int, i: int | None, choice: dict[int, tuple[tuple[int, ...], float]], rules: LinkRules) -> bool:
    """Whether another link sits within ``extend_window`` sentences of derived ``j`` (and source ``i``)."""
    w = rules.extend_window
    # the neighbours' places, not every link: this runs for every sentence of every aligned pair
    return any(
        k != j and k in choice and (i is None or abs(i - choice[k][0][0]) <= w + 1) for k in range(j - w, j + w + 1)
    )


def _splits(
    n: int, groups: GroupScorer, choice: dict[int, tuple[tuple[int, ...], float]], rules: LinkRules
) -> dict[int, tuple[tuple[int, ...], float]]:
    """Unlinked neighbours of a linked derived sentence (of ``n``) that, joined to it, fit its source better."""
    candidates = [((j - 1, j), choice[j - 1][0]) for j in range(1, n) if j - 1 in choice and j not in choice]
    candidates += [((j, j + 1), choice[j + 1][0]) for j in range(n - 1) if j + 1 in choice and j not in choice]
    split: dict[int, tuple[tuple[int, ...], float]] = {}
    for derived, _, value in groups(candidates):
        (partner,) = [d for d in derived if d in choice]
        if value >= choice[partner][1] + rules.merge_gain and value > split.get(partner, ((), 0.0))[1]:
            split[partner] = (derived, value)
    return split


def _build_links(
    vs: Side,
    vd: Side,
    choice: dict[int, tuple[tuple[int, ...], float]],
    groups: dict[int, tuple[tuple[int, ...], float]],
    placed: set[int],
    rules: LinkRules,
) -> list[Link]:
    return _make_links(vs, vd, _link_runs(choice, groups, placed), rules)


#: A run of links: derived sentences, their source sentences, the score, whether placed (:func:`_link_runs`).
Run = tuple[tuple[int, ...], tuple[int, ...], float, bool]


def _link_runs(
    choice: dict[int, tuple[tuple[int, ...], float]], groups: dict[int, tuple[tuple[int, ...], float]], placed: set[int]
) -> list[Run]:
    """The links in derived order (see :func:`_link_runs_py`). The compiled kernel (``link_runs``) computes the
    same where it is built (the tests compare the two)."""
    compiled = kernels.KERNELS
    if compiled is not None:
        return compiled.link_runs(choice, groups, placed)  # type: ignore[no-any-return]
    return _link_runs_py(choice, groups, placed)


def _link_runs_py(
    choice: dict[int, tuple[tuple[int, ...], float]], groups: dict[int, tuple[tuple[int, ...], float]], placed: set[int]
) -> list[Run]:
    """Each derived sentence of ``choice`` in order, or the split ``groups`` holds for it when none of its
    sentences is taken yet; neighbours taken from the same sources (placed alike) joined into one run: the
    reference, and the way where the kernels are not built."""
    taken: set[int] = set()
    runs: list[Run] = []
    for j in sorted(choice):
        if j in taken:
            continue
        sources, value = choice[j]
        derived: tuple[int, ...] = (j,)
        by_place = j in placed
        if j in groups and not taken.intersection(groups[j][0]):
            derived, value = groups[j]
            by_place = False
        taken.update(derived)
        if runs and runs[-1][1] == sources and runs[-1][0][-1] == min(derived) - 1 and runs[-1][3] == by_place:
            # neighbours taken from the same source sentence: one sentence split in two (a placed
            # sentence stays a link of its own, so that verdicts can leave it out)
            prev = runs.pop()
            derived, value = prev[0] + tuple(sorted(derived)), max(prev[2], value)
        runs.append((tuple(sorted(derived)), sources, value, by_place))
    return runs


def _make_links(vs: Side, vd: Side, runs: list[Run], rules: LinkRules) -> list[Link]:
    """Each run's :class:`Link` (:func:`_make_link`). The compiled kernel (``make_links``) makes the same links
    where it is built, reading the tokens, the kind and the spans of every run in one call: a link's Python
    here was a third of choosing a pair's links (the tests compare the two)."""
    compiled = kernels.KERNELS
    if compiled is not None:
        return compiled.make_links(runs, vs.sentences, vd.sentences, vs.tokens, vd.tokens,  # type: ignore[no-any-return]
                                   Link, rules.edited_min_ratio, LONGEST_EDIT)
    return [_make_link(vs, vd, d, s, v, p, rules) for d, s, v, p in runs]


def _make_link(
    vs: Side,
    vd: Side,
    derived: tuple[int, ...],
    sources: tuple[int, ...],
    value: float,
    placed: bool,
    rules: LinkRules,
) -> Link:
    # one sentence's tokens as they are (most links): read, never changed
    d_tokens = vd.tokens(derived[0]) if len(derived) == 1 else [t for j in derived for t in vd.tokens(j)]
    s_tokens = vs.tokens(sources[0]) if len(sources) == 1 else [t for i in sources for t in vs.tokens(i)]
    if d_tokens == s_tokens:
        kind, value = "verbatim", 1.0
    elif _edit_ratio(d_tokens, s_tokens, rules.edited_min_ratio) >= rules.edited_min_ratio:
        kind = "edited"
    else:
        kind = "paraphrase"
    return Link(
        source_sentences=sources,
        derived_sentences=derived,
        source_spans=tuple([(vs.sentences[i].start, vs.sentences[i].end) for i in sources]),
        derived_spans=tuple([(vd.sentences[j].start, vd.sentences[j].end) for j in derived]),
        score=value,
        kind=kind,
        placed=placed and kind == "paraphrase",
    )


def _best_in_order(masked: np.ndarray, tie: float = 0.02) -> np.ndarray:
    """Each row's best column; among near-ties, the one in line with the nearest unambiguous row.

    Sources repeat themselves (a paragraph quoted twice, boilerplate): the copy that keeps the
    alignment in order with its neighbours is the one that was taken.
    """
    if not masked.size:
        return np.zeros(masked.shape[0], dtype=np.int64)
    best = np.argmax(masked, axis=1)
    top = masked[np.arange(len(best)), best]
    tied = (masked >= (top - tie)[:, None]) & (top[:, None] > 0)
    ambiguous = tied.sum(axis=1) > 1
    anchors = np.flatnonzero(~ambiguous & (top > 0))
    if not anchors.size:
        return best
    # in Python ints, row by row (a few rows of a pair, where numpy's calls cost more than the work): the
    # nearest anchor, the earlier of two as near (argmin's first), and the nearest tied column likewise
    order = anchors.tolist()
    for j in np.flatnonzero(ambiguous).tolist():
        k = bisect.bisect_left(order, j)  # j is ambiguous, so no anchor
        anchor = order[k - 1] if k == len(order) or (k and j - order[k - 1] <= order[k] - j) else order[k]
        expected = int(best[anchor]) + (j - anchor)
        best[j] = min(np.flatnonzero(tied[j]).tolist(), key=lambda option: abs(option - expected))
    return best


#: Tokens of two linked sentences beyond which their edit ratio is their shared tokens' share (below, and
#: in every text with sentences, difflib's ratio as before).
LONGEST_EDIT = 4000


def _edit_ratio(a: list[str], b: list[str], needed: float) -> float:
    """difflib's ratio of two token lists, skipping the full computation when its bound already fails.
    The compiled kernel (``edit_ratio``) computes the same, bit for bit, where it is built: difflib's
    matcher in Python was a fifth of aligning two long articles (the tests compare the two)."""
    compiled = kernels.KERNELS
    if compiled is not None:
        return float(compiled.edit_ratio(a, b, needed, LONGEST_EDIT))
    return _edit_ratio_py(a, b, needed)


def _edit_ratio_py(a: list[str], b: list[str], needed: float) -> float:
    """:func:`_edit_ratio` in Python: the reference, and the way where the kernels are not built."""
    # the two bounds SequenceMatcher offers (length ratio, then shared tokens as a multiset), computed
    # without building the matcher's index of ``b``: most links fail them, and building it cost more
    # than the rest of their alignment
    total = len(a) + len(b)
    if not total:
        return 1.0
    if 2.0 * min(len(a), len(b)) / total < needed:
        return 0.0
    shared = 2.0 * _shared_tokens(a, b) / total
    if shared < needed:
        return 0.0
    if total > LONGEST_EDIT:  # a "sentence" of thousands of words (a text without full stops): difflib's
        return shared  # time grows with the square of it (minutes), the multiset bound is what is left
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _shared_tokens(a: list[str], b: list[str]) -> int:
    """Tokens ``a`` and ``b`` share, counted as multisets (difflib's ``quick_ratio`` numerator)."""
    left: dict[str, int] = {}
    for token in b:
        left[token] = left.get(token, 0) + 1
    shared = 0
    for token in a:
        n = left.get(token, 0)
        if n > 0:
            left[token] = n - 1
            shared += 1
    return shared
