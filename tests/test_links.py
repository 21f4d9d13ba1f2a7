"""links: the group pairs a merge is tried for, whatever the shape of the scores; the first steps of the
choice compiled and in numpy."""

from __future__ import annotations

import numpy as np
import pytest

from dedup import kernels
from dedup.align import SentenceAligner
from dedup.links import _first_links, _first_links_py, _merge_candidates
from _link_cases import _cells


def _tried_one_by_one(score: np.ndarray, threshold: float) -> list:
    """The merges tried, derived sentence by derived sentence (each one's best source and its neighbours)."""
    n_source = score.shape[1]
    out = []
    for j in range(score.shape[0]):
        i = int(np.argmax(score[j])) if n_source else 0
        if score[j, i] >= threshold / 2 if n_source else False:
            out += [((j,), (k, k + 1)) for k in (i - 1, i) if 0 <= k and k + 1 < n_source]
    return out


@pytest.mark.parametrize("shape", [(6, 5), (1, 1), (4, 1), (0, 3), (3, 0), (12, 30)],
                         ids=["square", "one-by-one", "one-source", "no-derived", "no-source", "long"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_merges_are_tried_around_each_derived_sentences_best_source(shape: tuple[int, int], seed: int) -> None:
    rng = np.random.default_rng(seed)
    score = np.round(rng.random(shape), 1)  # ties: the first best source, as argmax row by row
    threshold = 0.6
    tried = _merge_candidates(score, threshold)
    assert tried == _tried_one_by_one(score, threshold)
    assert all(isinstance(j, int) and all(isinstance(k, int) for k in pair) for (j,), pair in tried)


def _best_in_order_as_written(masked: np.ndarray, tie: float = 0.02) -> np.ndarray:
    """:func:`dedup.links._best_in_order` as first written, in numpy row by row: the reference."""
    if not masked.size:
        return np.zeros(masked.shape[0], dtype=np.int64)
    best = np.argmax(masked, axis=1)
    top = masked[np.arange(len(best)), best]
    tied = (masked >= (top - tie)[:, None]) & (top[:, None] > 0)
    ambiguous = tied.sum(axis=1) > 1
    anchors = np.flatnonzero(~ambiguous & (top > 0))
    if not anchors.size:
        return best
    for j in np.flatnonzero(ambiguous):
        anchor = anchors[np.argmin(np.abs(anchors - j))]
        expected = best[anchor] + (j - anchor)
        options = np.flatnonzero(tied[j])
        best[j] = options[np.argmin(np.abs(options - expected))]
    return best


def test_best_in_order_equals_the_numpy_reference_on_ties() -> None:
    from dedup.links import _best_in_order

    rng = np.random.default_rng(11)
    for trial in range(400):
        rows, cols = int(rng.integers(0, 12)), int(rng.integers(0, 12))
        # few distinct values: rows tied on two or more columns, rows of zeros, anchors on either side
        masked = rng.choice([0.0, 0.3, 0.5, 0.51, 0.9], size=(rows, cols))
        got, want = _best_in_order(masked.copy()), _best_in_order_as_written(masked.copy())
        assert got.dtype == want.dtype and got.tolist() == want.tolist(), trial


class _Rules:
    """The settings the first steps read, varied (a SentenceAligner validates its own)."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.link_threshold = float(rng.choice([0.3, 0.45, 0.5]))
        self.extend_threshold = float(rng.choice([0.2, 0.3]))
        self.extend_window = int(rng.integers(0, 4))
        self.min_links = int(rng.integers(0, 4))


def _exact(first) -> tuple:  # type: ignore[no-untyped-def]
    """The first steps' answer with every float as its bits and every number's type (an int is no numpy int)."""
    choice, established, row_best, tried = first
    return (sorted((j, type(j), sources, [type(i) for i in sources], value.hex(), type(value))
                   for j, (sources, value) in choice.items()),
            established, type(established), [(v.hex(), type(v)) for v in row_best], tried)



def test_first_links_kernel_gives_the_numpy_steps() -> None:
    """The compiled first steps against their numpy twin on random scores, bit for bit: links, sources,
    scores, the best single sources, the merges to try; read transposed too (the pair read the other way)."""
    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    rng = np.random.default_rng(37)
    established = extended = ambiguous = 0
    for trial in range(3000):
        rules = _Rules(rng)
        score, strong, weak = _cells(rng, (int(rng.integers(0, 11)), int(rng.integers(0, 11))))
        for s, st, w in ((score, strong, weak), (score.T, strong.T, weak.T)):
            want = _first_links_py(s, st, w, rules)
            got = kernels.KERNELS.first_links(s, st, w, rules.link_threshold, rules.extend_threshold,
                                              rules.extend_window, rules.min_links, 0.02)
            assert _exact(got) == _exact(want), trial
            established += want[1]
            strong_first = sum(1 for j, (i, v) in want[0].items() if v >= rules.link_threshold and st[j, i[0]])
            extended += len(want[0]) > strong_first
        masked = np.where(weak, score, 0.0)
        top = masked.max(axis=1, initial=0.0)
        ambiguous += int(((masked >= top[:, None] - 0.02) & (top[:, None] > 0)).sum(axis=1).max(initial=0) > 1)
    assert established > 1000 and extended > 200 and ambiguous > 1000, (established, extended, ambiguous)


@pytest.mark.parametrize("score, strong, weak", [
    (np.zeros((0, 0)), None, None),
    (np.zeros((0, 4)), None, None),
    (np.zeros((3, 0)), None, None),
    (np.array([[0.7]]), None, None),
    (np.array([[0.0]]), None, None),
    (np.array([[0.5, 0.5, 0.5]]), None, None),
    (np.array([[0.9, 0.1], [0.6, 0.6], [0.61, 0.6], [0.0, 0.0]]), None, None),
    (np.array([[0.6, 0.9], [0.9, 0.6]]), np.array([[True, False], [False, True]]), None),
    (np.array([[0.9, np.nan], [np.nan, 0.2], [0.5, 0.5]]), None, None),
    (np.array([[0.9, 0.1, 0.0], [0.3, 0.35, 0.3], [0.0, 0.32, 0.9]]), None,
     np.array([[1, 1, 1], [0, 1, 0], [1, 1, 1]], dtype=bool)),
], ids=["empty", "no-derived", "no-source", "one-sentence", "one-zero", "one-row-tied", "ties-and-zeros",
        "not-strong", "nan", "extended"])
@pytest.mark.parametrize("min_links", [0, 1, 2])
def test_first_links_on_edges(score: np.ndarray, strong: np.ndarray | None, weak: np.ndarray | None,
                              min_links: int, compiled: bool) -> None:
    """Empty sides, one sentence, ties, rows of zeros, cells that may not link, a NaN: the same answer
    compiled or not (``compiled`` switches the way ``_first_links`` takes)."""
    strong = np.ones(score.shape, dtype=bool) if strong is None else strong
    weak = np.ones(score.shape, dtype=bool) if weak is None else weak
    rules = SentenceAligner(min_links=min_links)
    got = _first_links(score, strong, weak, rules)
    assert _exact(got) == _exact(_first_links_py(score, strong, weak, rules))
    if not score.size:
        assert got == ({}, False, [], [])


def test_first_links_extends_a_mutual_best_next_to_a_link() -> None:
    """Derivation established (two links): the middle sentence, below link_threshold but mutual best and
    next to a link, is taken; the same sentence with no link near it is not."""
    rules = SentenceAligner(min_links=2, extend_window=1)
    score = np.array([[0.9, 0.0, 0.0], [0.0, 0.35, 0.0], [0.0, 0.0, 0.9]])
    ones = np.ones(score.shape, dtype=bool)
    choice, established, _, _ = _first_links(score, ones, ones, rules)
    assert established and sorted(choice) == [0, 1, 2] and choice[1] == ((1,), 0.35)
    far = np.zeros((7, 7))
    far[0, 0] = far[6, 6] = 0.9
    far[3, 3] = 0.35
    choice, established, _, _ = _first_links(far, np.ones(far.shape, dtype=bool), np.ones(far.shape, dtype=bool), rules)
    assert established and sorted(choice) == [0, 6]


@pytest.mark.parametrize("args, error, match", [
    ((np.zeros((2, 2), dtype=np.float32), np.ones((2, 2), bool), np.ones((2, 2), bool)), ValueError, "float64"),
    ((np.zeros((2, 2)), np.ones((2, 2), np.uint8), np.ones((2, 2), bool)), ValueError, "bool"),
    ((np.zeros((2, 2)), np.ones((2, 3), bool), np.ones((2, 2), bool)), ValueError, "shape"),
    ((np.zeros(4), np.ones(4, bool), np.ones(4, bool)), ValueError, "2 dimensions"),
    (([[0.5]], np.ones((1, 1), bool), np.ones((1, 1), bool)), TypeError, "bytes-like"),
], ids=["float32", "not-bool", "shapes-differ", "one-dimension", "not-an-array"])
def test_first_links_kernel_refuses_what_it_cannot_read(args: tuple, error: type, match: str) -> None:
    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    with pytest.raises(error, match=match):
        kernels.KERNELS.first_links(*args, 0.5, 0.3, 2, 2, 0.02)


def test_first_links_kernel_refuses_a_negative_window() -> None:
    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    ones = np.ones((2, 2), dtype=bool)
    with pytest.raises(ValueError, match="extend_window"):
        kernels.KERNELS.first_links(np.zeros((2, 2)), ones, ones, 0.5, 0.3, -1, 2, 0.02)
