"""The gaps between links filled in order: an unlinked derived sentence between two links whose sources are in
order takes the source sentence in the matching place (:func:`fill_gaps`).

Apart from the other link steps (:mod:`dedup.links`) because it is the last of them and alone reads the place of
a sentence rather than its wording: a rewrite keeps the order of its source, so the place says as much as the
wording once derivation is established.
"""

from __future__ import annotations

import itertools

import numpy as np

from dedup import kernels
from dedup.link_sides import LinkRules

__all__ = ["fill_gaps"]


def fill_gaps(
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
