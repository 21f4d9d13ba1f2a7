"""links: the group pairs a merge is tried for, whatever the shape of the scores."""

from __future__ import annotations

import numpy as np
import pytest

from dedup.align import SentenceAligner
from dedup.links import _add_merges


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
    tried: list = []

    def groups(pairs):  # type: ignore[no-untyped-def]
        tried.extend(pairs)
        return []

    choice: dict = {}
    _add_merges(groups, score, score, choice, threshold, SentenceAligner())
    assert tried == _tried_one_by_one(score, threshold) and choice == {}
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
