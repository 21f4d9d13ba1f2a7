"""Tests for dedup.link_seeds: where a pair may seed links (cells strong on their wording, short statements
of a figure, the same line with the same figures), compiled or not."""

from __future__ import annotations

import re

import numpy as np
import pytest


def test_same_figures_lines_needs_the_same_words_and_a_figure() -> None:
    from dedup.link_seeds import same_figures_lines
    from dedup.sentences import split_sentences

    a = split_sentences("Net 200.2 mln vs 173.9 mln\n\nNine mths\n\nShr 1.87 dlrs\n\nRates were unchanged at 5.5 pct")
    b = split_sentences("NET 200.2 MLN VS 173.9 MLN\n\nNine mths\n\nShr 1.88 dlrs\n\nRates were unchanged at 5.5 pct today")
    assert same_figures_lines(a, b).tolist() == [
        [True, False, False, False],
        [False, False, False, False],  # no figure: a form's heading says nothing of where it came from
        [False, False, False, False],  # another figure
        [False, False, False, False],  # not word for word
    ]
    assert same_figures_lines(a, []).shape == (4, 0)


@pytest.mark.parametrize("text", [
    "Output rose by ² ³ points",  # superscripts are digits to str.isdigit, not to \\d: a line with figures
    "Output rose by ①② and ③ points", "Output rose by ٣ ٤ and ٥ points", "Output rose by ５ percent today",
    "“Output rose” — the minister’s words, «plus» ½ de ¼",  # no digit: quotes, dashes, fractions
    "Wzrost o ² punktów — źródło", "Plain ASCII prose without figures", "Net 200.2 mln vs 173.9 mln", "",
])
def test_a_lines_key_is_its_words_when_one_of_them_is_a_number(text: str) -> None:
    """A sentence's line key (what :func:`same_figures_lines` compares): its words, lower case, when it has
    three or more and one of them is all digits to ``str.isdigit``, else nothing; a text none of whose
    characters can be a digit is skipped unread, and that skip keeps the key's definition."""
    from dedup.link_seeds import SAME_LINE_WORDS, _line_keys

    words = re.findall(r"\w+", text.lower())
    want = " ".join(words) if len(words) >= SAME_LINE_WORDS and any(w.isdigit() for w in words) else ""
    assert _line_keys.__wrapped__((text,)) == (want,)



def _cells_and_counts(rng: np.random.Generator, n: int, m: int, dtype: type) -> tuple:
    """A pair's cells (linkable, names in conflict, shared content stems of few values) and each side's counts
    of content stems and figures (small: a short statement of a figure, tables' rows of figures)."""
    from dedup.link_sides import Side
    from dedup.pair_scores import PairScores

    def side(k: int) -> Side:
        return Side((), frozenset(), lambda j: [], rng.integers(0, 5, k).astype(dtype), rng.integers(0, 4, k).astype(dtype))

    empty = np.zeros((0,))
    scores = PairScores(score=rng.random((n, m)), linkable=rng.random((n, m)) < 0.7,
                        entity_conflict=rng.random((n, m)) < 0.2,
                        shared_content=rng.integers(0, 5, (n, m)).astype(np.float64),
                        _cosines=empty, _norms=(empty, empty), _next_dots=(empty, empty), _sets=((), ()))
    return side(n), side(m), scores


def test_strong_cells_kernel_gives_the_numpy_cells() -> None:
    """The compiled cells where a pair may link on its wording, and its short statements of a figure, against
    their numpy twin on random cells: the same arrays (None the same), counts of 64 and 32 bits (a table's and
    a scipy reference's), every minimum of shared stems, cells read transposed (the pair read the other way)."""
    from dataclasses import replace

    from dedup import kernels
    from dedup.link_seeds import _strong_cells_py

    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    rng = np.random.default_rng(49)
    found = 0
    for trial in range(3000):
        n, m = int(rng.integers(0, 9)), int(rng.integers(0, 9))
        side_a, side_b, scores = _cells_and_counts(rng, n, m, np.int64 if rng.random() < 0.7 else np.int32)
        if rng.random() < 0.3:  # the same cells through a transposed array's strides
            scores = replace(scores, linkable=scores.linkable.T.copy().T, shared_content=scores.shared_content.T.copy().T)
        min_shared = int(rng.integers(0, 4))
        want = _strong_cells_py(side_a, side_b, scores, min_shared)
        got = kernels.KERNELS.strong_cells(scores.linkable, scores.entity_conflict, scores.shared_content,
                                           side_a.content_counts, side_a.figure_counts, side_b.content_counts,
                                           side_b.figure_counts, min_shared, 2)
        assert np.frombuffer(got[0], dtype=bool).reshape(n, m).tolist() == want[0].tolist(), trial
        assert (got[1] is None) == (want[1] is None), trial
        if want[1] is not None:
            assert np.frombuffer(got[1], dtype=bool).reshape(n, m).tolist() == want[1].tolist(), trial
            found += 1
    assert found > 40, found


def test_strong_cells_compiled_or_not(compiled: bool) -> None:
    """A short statement of a figure outside the cells linkable on wording is given apart; none: None."""
    from dedup.link_seeds import _strong_cells_py, strong_cells
    from dedup.link_sides import Side
    from dedup.pair_scores import PairScores

    empty = np.zeros((0,))
    scores = PairScores(score=np.ones((1, 2)), linkable=np.ones((1, 2), dtype=bool),
                        entity_conflict=np.zeros((1, 2), dtype=bool), shared_content=np.array([[2.0, 3.0]]),
                        _cosines=empty, _norms=(empty, empty), _next_dots=(empty, empty), _sets=((), ()))
    a = Side((), frozenset(), lambda j: [], np.array([2]), np.array([1]))
    b = Side((), frozenset(), lambda j: [], np.array([5, 3]), np.array([1, 1]))
    strong, short = strong_cells(a, b, scores, 3)
    assert strong.tolist() == [[False, True]] and short is not None and short.tolist() == [[True, False]]
    assert strong_cells(a, b, scores, 2)[1] is None
    for min_shared in (2, 3):
        got, want = strong_cells(a, b, scores, min_shared), _strong_cells_py(a, b, scores, min_shared)
        assert got[0].tolist() == want[0].tolist() and (got[1] is None) == (want[1] is None)


def test_strong_cells_kernel_refuses_what_it_cannot_read() -> None:
    from dedup import kernels

    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    ones, counts = np.ones((2, 2), dtype=bool), np.zeros(2, dtype=np.int64)
    with pytest.raises(ValueError, match="integers"):
        kernels.KERNELS.strong_cells(ones, ones, np.zeros((2, 2)), counts.astype(float), counts, counts, counts, 2, 2)
    with pytest.raises(ValueError, match="shape"):
        kernels.KERNELS.strong_cells(ones, ones, np.zeros((2, 2)), np.zeros(3, np.int64), counts, counts, counts, 2, 2)
    with pytest.raises(ValueError, match="float64"):
        kernels.KERNELS.strong_cells(ones, ones, np.zeros((2, 2), np.float32), counts, counts, counts, counts, 2, 2)
