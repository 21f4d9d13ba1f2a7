"""Links between the sentences of two articles: which derived sentence was taken from which source sentence(s).

Each derived sentence is linked to its best-scoring source sentence when the score clears
``link_threshold`` and the pair is linkable (see ``dedup.similarity``: enough shared wording, no
contradicting names or numbers). Once derivation is established, mutual-best neighbours of a link
extend it and in-order gaps between links are filled; a derived sentence may take two source sentences
(a merge), and neighbouring derived sentences may share one source sentence (a split). The settings are
a :class:`dedup.align.SentenceAligner`'s (see it for each); ``choose_links`` is called with the aligner.

The steps in order are here; a side and the settings they read are :mod:`dedup.link_sides`', the gaps filled
in order :mod:`dedup.link_gaps`', the links made of the choice (runs, kinds) :mod:`dedup.link_kinds`'.
"""

from __future__ import annotations

import bisect

import numpy as np

from dedup import kernels
from dedup.alignment import Link
from dedup.link_gaps import fill_gaps
from dedup.link_kinds import build_links
from dedup.link_sides import GroupPair, GroupScorer, LinkRules, Side

__all__ = ["choose_links", "linked"]


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
    placed = fill_gaps(score, weak, choice, in_groups, rules) if established else set()
    return build_links(vs, vd, choice, split, placed, rules)


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
