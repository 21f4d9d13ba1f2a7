"""links: the group pairs a merge is tried for, whatever the shape of the scores; the first steps of the
choice compiled and in numpy; the gaps filled and the runs made compiled and in Python."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from dedup import kernels
from dedup.align import SentenceAligner
from dedup.alignment import Link
from dedup.links import (LONGEST_EDIT, Side, _fill_gaps, _fill_gaps_py, _first_links, _first_links_py, _link_runs,
                         _link_runs_py, _make_link, _make_links, _merge_candidates)
from dedup.sentences import Sentence
from dedup.cli import app
from _bad_input_files import TEXT
from _bad_input_helpers import _ok, runner


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


def _token_lists(rng: np.random.Generator, alphabet: int, longest: int) -> tuple[list[str], list[str]]:
    """Two token lists over a small alphabet (many equal tokens, many ties between matches), the second
    often an edit of the first (tokens swapped, dropped, inserted), as linked sentences are."""
    words = [f"w{k}" for k in range(alphabet)]
    a = [words[k] for k in rng.integers(0, alphabet, int(rng.integers(0, longest)))]
    if rng.random() < 0.5 or not a:
        return a, [words[k] for k in rng.integers(0, alphabet, int(rng.integers(0, longest)))]
    b = list(a)
    for _ in range(int(rng.integers(0, 6))):
        place = int(rng.integers(0, len(b) + 1))
        action = rng.integers(0, 3)
        if action == 0:
            b.insert(place, words[int(rng.integers(0, alphabet))])
        elif b and action == 1:
            del b[min(place, len(b) - 1)]
        elif b:
            b[min(place, len(b) - 1)] = words[int(rng.integers(0, alphabet))]
    return a, b


@pytest.mark.parametrize("alphabet", [2, 4, 12, 60])
def test_edit_ratio_kernel_gives_what_difflib_gives(alphabet: int, compiled: bool) -> None:
    """The edit ratio a link's kind is read from, compiled or not: 0.0 under either bound, the shared
    tokens' ratio past LONGEST_EDIT tokens, else difflib's ratio to the last bit (matching blocks found as
    difflib finds them among equal-length ties: small alphabets make many)."""
    from difflib import SequenceMatcher

    from dedup import links

    rng = np.random.default_rng(alphabet)
    exact = bounded = 0
    for _ in range(1500):
        a, b = _token_lists(rng, alphabet, 40)
        needed = float(rng.choice([0.0, 0.3, 0.7, 0.9]))
        got = links._edit_ratio(a, b, needed)
        assert got == links._edit_ratio_py(a, b, needed)
        if not a and not b:
            assert got == 1.0
            continue
        ratio = SequenceMatcher(None, a, b, autojunk=False).ratio()
        if got or not ratio:
            exact += 1
            assert got == ratio  # the bounds passed: difflib's own figure, bit for bit
        else:
            bounded += 1
            assert ratio < needed  # a bound says no only when difflib says no
    assert exact > 500 and bounded > 100


def test_edit_ratio_past_the_longest_edit_is_the_shared_tokens(compiled: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """A "sentence" of thousands of tokens is not handed to difflib: the multiset bound is its ratio."""
    from dedup import links

    monkeypatch.setattr(links, "LONGEST_EDIT", 10)
    a = ["x", "y", "z", "x", "y", "z"]
    b = ["z", "y", "x", "z", "y", "q"]
    assert links._edit_ratio(a, b, 0.5) == 2.0 * 5 / 12
    assert links._edit_ratio(a[:5], b[:5], 0.5) == links._edit_ratio_py(a[:5], b[:5], 0.5)  # under the limit


def test_edit_ratio_kernel_compares_tokens_as_python_objects(compiled: bool) -> None:
    """Equal strings made apart (not one object) are one token; non-ASCII tokens are tokens like others."""
    from dedup import links

    a = ["".join(["ab", "c"]), "Zürich", "東京", "c"]
    b = ["abc", "Zürich", "東京", "d"]
    assert links._edit_ratio(a, b, 0.1) == 0.75
    with pytest.raises(TypeError):
        links._edit_ratio([["unhashable"]], [["unhashable"]], 0.1)


def _side(content: list[int], figures: list[int]):  # type: ignore[no-untyped-def]
    from dedup.links import Side

    return Side((), frozenset(), lambda k: [], np.array(content), np.array(figures))


@pytest.mark.parametrize("content_a, figures_a, content_b, figures_b, shared, linkable, expected", [
    (2, 1, 5, 2, 2, True, True),     # a's two words both in b, figures agree
    (5, 2, 2, 1, 2, True, True),     # the other way round
    (3, 1, 4, 1, 2, True, False),    # neither shares all its words
    (2, 0, 5, 2, 2, True, False),    # a states no figure
    (2, 1, 5, 0, 2, True, False),    # b states none to agree with
    (2, 1, 5, 2, 2, False, False),   # figures in conflict
    (1, 0, 1, 1, 1, True, False),    # one word is not a statement
    (2, 2, 2, 2, 2, True, False),    # as many figures as words: a table's row
], ids=["a-short", "b-short", "neither-whole", "no-figure-a", "no-figure-b", "figures-differ", "one-word", "table-row"])
def test_short_statements(content_a: int, figures_a: int, content_b: int, figures_b: int, shared: int,
                          linkable: bool, expected: bool) -> None:
    from dedup.links import short_statements

    found = short_statements(_side([content_a], [figures_a]), _side([content_b], [figures_b]),
                             np.array([[shared]]), np.array([[linkable]]))
    assert found.tolist() == [[expected]]


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


def _cells(rng: np.random.Generator, shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scores of few distinct values (near-ties within 0.02, equal maxima in rows and columns, rows of
    zeros) or of any value, and where a pair may link strongly and weakly."""
    if rng.random() < 0.5:
        score = rng.choice([0.0, 0.1, 0.2, 0.25, 0.3, 0.31, 0.4, 0.45, 0.5, 0.51, 0.6, 0.9], size=shape)
    else:
        score = rng.random(shape)
    strong = rng.random(shape) < 0.6
    weak = strong | (rng.random(shape) < 0.5)
    return score, strong, weak


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


class _GapRules:
    """The settings filling the gaps reads, varied: windows 0-3, a gap threshold of 0 among them (a cell that
    may not link weakly, 0, then fills a gap)."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.extend_window = int(rng.integers(0, 4))
        self.gap_threshold = float(rng.choice([0.0, 0.1, 0.15, 0.3]))


def _random_choice(rng: np.random.Generator, n: int, m: int, values: list[float]) -> dict:
    """Links of some derived sentences (of ``n``) to one source or two neighbours (of ``m``), in order or not,
    with scores of few distinct values (equal scores: which one a max keeps)."""
    choice = {}
    in_order = rng.random() < 0.5  # sources following the derived sentences, as a taken text's do
    for j in range(n):
        if m and rng.random() < 0.45:
            i = min(m - 1, max(0, j * m // n + int(rng.integers(-1, 2)))) if in_order else int(rng.integers(0, m))
            sources = (i, i + 1) if i + 1 < m and rng.random() < 0.2 else (i,)
            choice[j] = (sources, float(rng.choice(values)))
    return choice


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
        got = _fill_gaps(score, weak, got_choice, in_groups, rules)
        assert got == _fill_gaps_py(score, weak, want_choice, in_groups, rules)
        assert _exact_links(got_choice) == _exact_links(want_choice)
    zeros = SentenceAligner(extend_window=2, gap_threshold=0.0, extend_threshold=0.1)
    choice = {0: ((0,), 0.9), 2: ((1,), 0.9)}
    assert _fill_gaps(np.zeros((3, 2)), np.zeros((3, 2), dtype=bool), choice, set(), zeros) == set()


@pytest.mark.parametrize("window", [3, 10**6, 2**40, 2**62], ids=["wide", "million", "past-memory", "past-overflow"])
def test_fill_gaps_with_a_window_wider_than_the_pair(window: int, compiled: bool) -> None:
    """A window wider than both articles lets every gap through, compiled as in Python (no room kept for the
    window itself, no sum that overflows)."""
    class Rules:
        extend_window, gap_threshold = window, 0.15

    score = np.array([[0.9, 0.0, 0.0], [0.2, 0.5, 0.0], [0.0, 0.0, 0.9]])
    weak = np.ones(score.shape, dtype=bool)
    got_choice, want_choice = {0: ((0,), 0.9), 2: ((2,), 0.9)}, {0: ((0,), 0.9), 2: ((2,), 0.9)}
    assert _fill_gaps(score, weak, got_choice, set(), Rules()) == _fill_gaps_py(score, weak, want_choice, set(), Rules())
    assert got_choice == want_choice and got_choice[1] == ((1,), 0.5)


def test_fill_gaps_takes_the_best_in_order_pick() -> None:
    """Between links 0 -> 0 and 3 -> 3 the in-order picks that score most; a pick out of order is not one."""
    rules = SentenceAligner(extend_window=2, gap_threshold=0.15)
    score = np.array([[0.9, 0.0, 0.0, 0.0], [0.0, 0.2, 0.5, 0.0], [0.0, 0.6, 0.4, 0.0], [0.0, 0.0, 0.0, 0.9]])
    choice = {0: ((0,), 0.9), 3: ((3,), 0.9)}
    assert _fill_gaps(score, np.ones(score.shape, dtype=bool), choice, set(), rules) == {1, 2}
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


def _exact_runs(runs: list) -> list:
    return [(d, [type(j) for j in d], s, v.hex(), type(v), p, type(p)) for d, s, v, p in runs]


def test_link_runs_kernel_gives_the_python_runs() -> None:
    """The compiled runs against their Python twin on random links, splits and placed sentences: the same
    runs, bit for bit (a joined run's score the first of equal maxima), splits whose sentences are taken."""
    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    rng = np.random.default_rng(47)
    joined = split = 0
    for trial in range(4000):
        n, m = int(rng.integers(0, 14)), int(rng.integers(1, 6))  # few sources: neighbours share one often
        values = [0.25, 0.5, 0.5, 0.75, 1.0, 0.0, -0.0]
        choice = _random_choice(rng, n, m, values)
        groups = {}
        for j in choice:
            if rng.random() < 0.3:
                other = j + (1 if rng.random() < 0.5 else -1)
                if 0 <= other < n and other not in choice:
                    derived = (min(j, other), max(j, other)) if rng.random() < 0.8 else (max(j, other), min(j, other))
                    groups[j] = (derived, float(rng.choice(values)))
        placed = {j for j in choice if rng.random() < 0.2}
        want = _link_runs_py(dict(choice), dict(groups), set(placed))
        got = kernels.KERNELS.link_runs(dict(choice), dict(groups), set(placed))
        assert _exact_runs(got) == _exact_runs(want), trial
        joined += sum(len(d) > 1 and d not in [g for g, _ in groups.values()] for d, _, _, _ in want)
        split += any(len(d) > 1 for d, _, _, _ in want)
    assert joined > 500 and split > 500, (joined, split)


def test_link_runs_on_edges(compiled: bool) -> None:
    """Nothing linked, a placed sentence beside one linked on wording from the same source (two runs), a
    split beside a sentence from its source (one run), a split whose partner is taken: the same compiled or not."""
    cases = [({}, {}, set()), ({0: ((1,), 0.5), 1: ((1,), 0.4)}, {}, {1}),
             ({0: ((1,), 0.5), 1: ((1,), 0.7), 3: ((1,), 0.2)}, {3: ((2, 3), 0.6)}, set()),
             ({0: ((2,), 0.5), 1: ((2,), 0.5)}, {0: ((0, 1), 0.8), 1: ((1, 2), 0.9)}, set())]
    for choice, groups, placed in cases:
        assert _exact_runs(_link_runs(choice, groups, placed)) == _exact_runs(_link_runs_py(choice, groups, placed))
    assert _link_runs({0: ((1,), 0.5), 1: ((1,), 0.7)}, {}, set()) == [((0, 1), (1,), 0.7, False)]


@pytest.mark.parametrize("args, error, match", [
    (([], {}, set()), TypeError, "dict"),
    (({}, {}, []), TypeError, "set"),
    (({0: (0,)}, {}, set()), ValueError, "sources, score"),
    (({0: ((0,), 0.5)}, {0: (0, 0.5)}, set()), ValueError, "split"),
], ids=["not-a-dict", "not-a-set", "not-a-link", "not-a-split"])
def test_link_runs_kernel_refuses_what_it_cannot_read(args: tuple, error: type, match: str) -> None:
    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    with pytest.raises(error, match=match):
        kernels.KERNELS.link_runs(*args)


def _said_side(rng: np.random.Generator, n: int, words: list[str], other: Side | None = None) -> Side:
    """A side of ``n`` sentences whose tokens are drawn from ``words`` (few: equal and near-equal sentences),
    an empty sentence among them now and then, or (half of them) copied from ``other``'s."""
    said = [list(rng.choice(words, size=int(rng.integers(0, 9)))) for _ in range(n)]
    if other is not None:
        said = [other.tokens(k % len(other.sentences)) if rng.random() < 0.5 else t for k, t in enumerate(said)]
    sentences, start = [], 0
    for k in range(n):
        text = " ".join(said[k]) + "."
        sentences.append(Sentence(start, start + len(text), text))
        start += len(text) + 1
    empty = np.zeros(n, dtype=np.int64)
    return Side(tuple(sentences), frozenset(), lambda k: said[k], empty, empty)


def _exact_made(links: list) -> list:
    return [(link, link.score.hex(), type(link.score), type(link.placed)) for link in links]


def test_make_links_kernel_gives_the_python_links() -> None:
    """The compiled links against :func:`_make_link` run by run, on random sentences of few words: the same
    links (kinds, spans, scores as bits, placed), runs of one and of several sentences a side, tokens equal
    (verbatim), near (edited), apart (paraphrase) and empty."""
    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    rng = np.random.default_rng(48)
    kinds: dict[str, int] = {}
    for trial in range(1500):
        words = ["a", "b", "c", "d", "e", "f"][: int(rng.integers(1, 7))]
        vs = _said_side(rng, int(rng.integers(1, 8)), words)
        vd = _said_side(rng, int(rng.integers(1, 8)), words, vs)
        rules = SentenceAligner(edited_min_ratio=float(rng.choice([0.0, 0.5, 0.7, 1.0])))
        runs = []
        for _ in range(int(rng.integers(0, 6))):
            j = int(rng.integers(0, len(vd.sentences)))
            i = int(rng.integers(0, len(vs.sentences)))
            derived = (j, j + 1) if j + 1 < len(vd.sentences) and rng.random() < 0.3 else (j,)
            sources = (i, i + 1) if i + 1 < len(vs.sentences) and rng.random() < 0.3 else (i,)
            runs.append((derived, sources, float(rng.choice([0.2, 0.5, 0.8])), bool(rng.random() < 0.3)))
        want = [_make_link(vs, vd, d, s, v, p, rules) for d, s, v, p in runs]
        got = kernels.KERNELS.make_links(runs, vs.sentences, vd.sentences, vs.tokens, vd.tokens, Link,
                                         rules.edited_min_ratio, LONGEST_EDIT)
        assert _exact_made(got) == _exact_made(want), trial
        for link in want:
            kinds[link.kind] = kinds.get(link.kind, 0) + 1
    assert min(kinds.get(k, 0) for k in ("verbatim", "edited", "paraphrase")) > 300, kinds


def test_make_links_on_edges(compiled: bool) -> None:
    """No runs, a placed verbatim run (not placed: its wording is its own evidence), a placed paraphrase:
    the same compiled or not."""
    said = [["x", "y"], ["x", "y"], ["z"]]
    sentences = (Sentence(0, 4, "x y."), Sentence(5, 9, "x y."), Sentence(10, 12, "z."))
    side = Side(sentences, frozenset(), lambda k: said[k], np.zeros(3, np.int64), np.zeros(3, np.int64))
    rules = SentenceAligner()
    runs = [((0,), (1,), 0.4, True), ((2,), (0,), 0.3, True), ((1, 2), (0, 2), 0.6, False)]
    assert _make_links(side, side, [], rules) == []
    got = _make_links(side, side, runs, rules)
    assert got == [_make_link(side, side, d, s, v, p, rules) for d, s, v, p in runs]
    assert [(link.kind, link.score, link.placed) for link in got] == [
        ("verbatim", 1.0, False), ("paraphrase", 0.3, True), ("verbatim", 1.0, False)]


@pytest.mark.parametrize("runs, tokens, error, match", [
    ([(0,)], lambda k: [], ValueError, "a run is"),
    ([((), (0,), 0.5, False)], lambda k: [], ValueError, "at least one"),
    ([((0,), (0,), 0.5, False)], lambda k: ("x",), TypeError, "a list"),
    ([((0, 1), (0,), 0.5, False)], lambda k: ("x",), TypeError, "a list"),
    ([((5,), (0,), 0.5, False)], lambda k: ["x"] if k < 2 else ["y"], IndexError, "out of range"),
], ids=["not-a-run", "no-sentence", "tokens-not-a-list", "joined-not-a-list", "sentence-outside"])
def test_make_links_kernel_refuses_what_it_cannot_read(runs: list, tokens, error: type, match: str) -> None:  # type: ignore[no-untyped-def]
    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    sentences = (Sentence(0, 2, "x."), Sentence(3, 5, "y."))
    with pytest.raises(error, match=match):
        kernels.KERNELS.make_links(runs, sentences, sentences, tokens, tokens, Link, 0.5, LONGEST_EDIT)


def test_texts_without_full_stops_are_compared(tmp_path: Path) -> None:
    # One "sentence" of 30,000 words each: difflib's edit ratio of the two grew with the square of it, and
    # so did collecting the facts inside the linked spans (a scan of two 150,000-word lines did not end).
    from dedup.links import LONGEST_EDIT, _edit_ratio

    import random

    vocabulary = sorted({w.strip(".,") for w in TEXT.split()})
    draw = random.Random(5)
    words = [draw.choice(vocabulary) + ("s" if draw.random() < 0.3 else "") for _ in range(30_000)]
    edited = [("changed" if k % 40 == 0 else w) for k, w in enumerate(words)]
    (tmp_path / "a.txt").write_text(" ".join(words))
    (tmp_path / "b.txt").write_text(" ".join(edited))
    result = _ok(runner.invoke(app, ["scan", str(tmp_path), "-q", "--json", str(tmp_path / "out.json")]))
    pairs = json.loads((tmp_path / "out.json").read_text())["pairs"]
    assert [p["verdict"] for p in pairs] == ["duplicate"] and not result.stdout
    assert len(words) + len(edited) > LONGEST_EDIT
    assert _edit_ratio(words, edited, 0.5) == pytest.approx(2 * sum(1 for w in edited if w != "changed") / (2 * len(words)), abs=0.01)
