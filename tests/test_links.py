"""links: the group pairs a merge is tried for, whatever the shape of the scores; the first steps of the
choice compiled and in numpy."""

from __future__ import annotations

import numpy as np
import pytest

from dedup import kernels
from dedup.align import SentenceAligner
from dedup.links import _first_links, _first_links_py, _merge_candidates


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
