"""link_gaps: the gaps between links filled in order, compiled and in Python."""

from __future__ import annotations

import numpy as np
import pytest

from dedup import kernels
from dedup.align import SentenceAligner
from dedup.link_gaps import _fill_gaps_py, fill_gaps
from _link_cases import _cells, _random_choice


class _GapRules:
    """The settings filling the gaps reads, varied: windows 0-3, a gap threshold of 0 among them (a cell that
    may not link weakly, 0, then fills a gap)."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.extend_window = int(rng.integers(0, 4))
        self.gap_threshold = float(rng.choice([0.0, 0.1, 0.15, 0.3]))


def _exact_links(choice: dict) -> list:
    return sorted((j, type(j), sources, [type(i) for i in sources], value.hex(), type(value))
                  for j, (sources, value) in choice.items())


def test_fill_gaps_kernel_gives_the_python_steps() -> None:
    """The compiled gap filling against its Python twin on random scores and links, bit for bit: the links it
    adds (sources, scores as bits, the types of each number), the sentences it returns; ties among picks
    (the first best in itertools.product's order), cells that may not link weakly, splits in a gap, the
    scores read transposed (the pair read the other way)."""
    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    rng = np.random.default_rng(46)
    filled = tied = 0
    for trial in range(4000):
        rules = _GapRules(rng)
        n, m = int(rng.integers(0, 12)), int(rng.integers(0, 12))
        score, _, weak = _cells(rng, (n, m))
        if rng.random() < 0.3:
            score, weak = score.T.copy().T, weak.T.copy().T  # the same values read through other strides
        choice = _random_choice(rng, n, m, [0.3, 0.5, 0.5, 0.9, 1.0])
        in_groups = {j for j in range(n) if rng.random() < 0.1}
        want_choice, got_choice = dict(choice), dict(choice)
        want = _fill_gaps_py(score, weak, want_choice, set(in_groups), rules)
        got = kernels.KERNELS.fill_gaps(score, weak, got_choice, set(in_groups), rules.extend_window,
                                        rules.gap_threshold)
        assert (sorted(got), type(got)) == (sorted(want), type(want)), trial
        assert _exact_links(got_choice) == _exact_links(want_choice), trial
        filled += bool(want)
        masked = np.where(weak, score, 0.0)
        tied += bool(want) and any(np.count_nonzero(masked[j] == masked[j, want_choice[j][0][0]]) > 1 for j in want)
    assert filled > 500 and tied > 60, (filled, tied)


def test_fill_gaps_on_edges(compiled: bool) -> None:
    """No links, one link, links next to each other, a gap whose sources run backwards, a gap holding a split,
    a NaN in a gap, a gap of zeros with a gap threshold of 0: the same answer compiled or not."""
    rules = SentenceAligner(extend_window=2, gap_threshold=0.15)
    score = np.array([[0.9, 0.1, 0.0, 0.0], [0.2, 0.3, 0.2, 0.0], [np.nan, 0.2, 0.4, 0.0], [0.0, 0.0, 0.1, 0.9]])
    weak = np.ones(score.shape, dtype=bool)
    cases = [({}, set()), ({0: ((0,), 0.9)}, set()), ({0: ((0,), 0.9), 1: ((1,), 0.3)}, set()),
             ({0: ((3,), 0.9), 3: ((0,), 0.9)}, set()), ({0: ((0,), 0.9), 3: ((3,), 0.9)}, {1}),
             ({0: ((0,), 0.9), 3: ((3,), 0.9)}, set()), ({0: ((0, 1), 0.9), 3: ((2, 3), 0.9)}, set())]
    for choice, in_groups in cases:
        got_choice, want_choice = dict(choice), dict(choice)
        got = fill_gaps(score, weak, got_choice, in_groups, rules)
        assert got == _fill_gaps_py(score, weak, want_choice, in_groups, rules)
        assert _exact_links(got_choice) == _exact_links(want_choice)
    zeros = SentenceAligner(extend_window=2, gap_threshold=0.0, extend_threshold=0.1)
    choice = {0: ((0,), 0.9), 2: ((1,), 0.9)}
    assert fill_gaps(np.zeros((3, 2)), np.zeros((3, 2), dtype=bool), choice, set(), zeros) == set()


@pytest.mark.parametrize("window", [3, 10**6, 2**40, 2**62], ids=["wide", "million", "past-memory", "past-overflow"])
def test_fill_gaps_with_a_window_wider_than_the_pair(window: int, compiled: bool) -> None:
    """A window wider than both articles lets every gap through, compiled as in Python (no room kept for the
    window itself, no sum that overflows)."""
    class Rules:
        extend_window, gap_threshold = window, 0.15

    score = np.array([[0.9, 0.0, 0.0], [0.2, 0.5, 0.0], [0.0, 0.0, 0.9]])
    weak = np.ones(score.shape, dtype=bool)
    got_choice, want_choice = {0: ((0,), 0.9), 2: ((2,), 0.9)}, {0: ((0,), 0.9), 2: ((2,), 0.9)}
    assert fill_gaps(score, weak, got_choice, set(), Rules()) == _fill_gaps_py(score, weak, want_choice, set(), Rules())
    assert got_choice == want_choice and got_choice[1] == ((1,), 0.5)


def test_fill_gaps_takes_the_best_in_order_pick() -> None:
    """Between links 0 -> 0 and 3 -> 3 the in-order picks that score most; a pick out of order is not one."""
    rules = SentenceAligner(extend_window=2, gap_threshold=0.15)
    score = np.array([[0.9, 0.0, 0.0, 0.0], [0.0, 0.2, 0.5, 0.0], [0.0, 0.6, 0.4, 0.0], [0.0, 0.0, 0.0, 0.9]])
    choice = {0: ((0,), 0.9), 3: ((3,), 0.9)}
    assert fill_gaps(score, np.ones(score.shape, dtype=bool), choice, set(), rules) == {1, 2}
    assert choice[1] == ((2,), 0.5) and choice[2] == ((2,), 0.4)  # 0.5 + 0.6 would run backwards


@pytest.mark.parametrize("args, error, match", [
    ((np.zeros((2, 2), dtype=np.float32), np.ones((2, 2), bool), {}, set()), ValueError, "float64"),
    ((np.zeros((2, 2)), np.ones((2, 3), bool), {}, set()), ValueError, "shape"),
    ((np.zeros((2, 2)), np.ones((2, 2), bool), [], set()), TypeError, "dict"),
    ((np.zeros((2, 2)), np.ones((2, 2), bool), {}, []), TypeError, "set"),
    ((np.zeros((4, 2)), np.ones((4, 2), bool), {0: ((0,), 0.9), 2: ((3,), 0.9)}, set()), IndexError, "outside"),
    ((np.zeros((4, 2)), np.ones((4, 2), bool), {0: ((-1,), 0.9), 2: ((1,), 0.9)}, set()), ValueError, "negative"),
    ((np.zeros((4, 2)), np.ones((4, 2), bool), {0: (0, 0.9), 2: ((1,), 0.9)}, set()), ValueError, "sources"),
], ids=["float32", "shapes-differ", "not-a-dict", "not-a-set", "source-outside", "negative-source", "not-a-tuple"])
def test_fill_gaps_kernel_refuses_what_it_cannot_read(args: tuple, error: type, match: str) -> None:
    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    with pytest.raises(error, match=match):
        kernels.KERNELS.fill_gaps(*args, 2, 0.15)
    with pytest.raises(ValueError, match="extend_window"):
        kernels.KERNELS.fill_gaps(np.zeros((2, 2)), np.ones((2, 2), bool), {}, set(), -1, 0.15)
