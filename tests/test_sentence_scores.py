"""Tests for dedup.sentence_scores: a batch's sentence scores the same by the kernel, a join and sparse
products, and the scores of a pair's merges and splits, compiled or not.

All texts are written for these tests (no corpus excerpts).
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from _align_texts import EARNINGS_A, EARNINGS_B, GAP, INDEPENDENT, OTHER_STORY, PARTIAL, REWRITE, UNRELATED, WIRE


def _group_pairs(rng: random.Random, n_derived: int, n_source: int, count: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Random (derived group, source group) pairs, each group one sentence or two neighbours."""
    def group(n: int) -> tuple[int, ...]:
        k = rng.randrange(n)
        return (k, k + 1) if k + 1 < n and rng.random() < 0.5 else (k,)
    return [(group(n_derived), group(n_source)) for _ in range(count)]


def _scored_pairs() -> list:
    """Scores of the named pairs, whole and with regions (sentences outside them empty), by the batch's
    sparse products and by a small batch's join."""
    from dedup.sentence_scores import score_tables
    from dedup.sentence_tables import prepare

    texts = [WIRE, REWRITE, PARTIAL, INDEPENDENT, EARNINGS_A, EARNINGS_B, OTHER_STORY, GAP]
    tables = [prepare(text) for text in texts]
    pairs = [(tables[i], tables[j]) for i in range(len(texts)) for j in range(len(texts))]
    rng = random.Random(7)
    masks = []
    for ta, tb in pairs:
        if rng.random() < 0.4:
            masks.append(tuple(np.array([rng.random() < 0.6 for _ in t.sentences], dtype=bool) for t in (ta, tb)))
        else:
            masks.append((None, None))
    batched = score_tables(pairs, masks, min_shared_content=2, idf=None)  # at least JOIN_BELOW pairs: sparse products
    joined = [s for p, m in zip(pairs, masks) for s in score_tables([p], [m], min_shared_content=2, idf=None)]
    return batched + joined


@pytest.mark.parametrize("count", [1, 24, 25, 200], ids=["one", "few", "numpy-path", "many"])
def test_group_links_kernel_gives_the_group_scores(count: int, compiled: bool) -> None:
    """The linkable groups of a pair and their scores, compiled or not, as PairScores.group_scores gives
    them to the last bit: both readings, every group shape, with and without regions, up to
    :data:`dedup.pair_scores._FEW_GROUPS` groups (Python floats) and past it (numpy)."""
    from dedup.sentence_scores import _group_links_py, group_links

    rng = random.Random(count)
    linkable = 0
    for scores in _scored_pairs():
        n_a, n_b = scores.score.shape
        if not n_a or not n_b:
            continue
        for derived_is_a in (True, False):
            n_d, n_s = (n_a, n_b) if derived_is_a else (n_b, n_a)
            for min_shared in (1, 2, 3):
                pairs = _group_pairs(rng, n_d, n_s, count)
                got = group_links(scores, pairs, derived_is_a, min_shared)
                want = _group_links_py(scores, pairs, derived_is_a, min_shared)
                assert [(d, s, v.hex()) for d, s, v in got] == [(d, s, v.hex()) for d, s, v in want]
                linkable += len(got)
    assert linkable > 50 * min(count, 10), linkable


def test_group_links_kernel_reads_the_sets_conflicts(compiled: bool) -> None:
    """Made-up scores whose sentences' stems, names and numbers overlap by chance (small alphabets): the
    shared stems, the name conflict and the number conflict of two-sentence unions decided as the sets
    decide them, the score clipped as they clip it."""
    from dedup.pair_scores import PairScores

    rng = np.random.default_rng(3)
    kept = dropped = 0
    for _ in range(300):
        n_a, n_b = int(rng.integers(1, 7)), int(rng.integers(1, 7))

        def sets(n: int, alphabet: int) -> tuple[frozenset[int], ...]:
            return tuple(frozenset(rng.integers(0, alphabet, int(rng.integers(0, 4))).tolist()) for _ in range(n))

        cos = rng.random((2, n_a, n_b)) * rng.choice([1.0, 3.0])  # past 1: the clip
        norms = (rng.random((2, n_a)) * (rng.random((2, n_a)) < 0.9), rng.random((2, n_b)))  # some rows of no words
        scores = PairScores(cos[0, :, :], cos[0] > 0, cos[0] > 2, cos[1], cos, norms,
                            (rng.random((2, n_a)), rng.random((2, n_b))),
                            (tuple(sets(n_a, k) for k in (6, 4, 4)), tuple(sets(n_b, k) for k in (6, 4, 4))))
        for got, asked in _links_as_twin(scores, rng, n_a, n_b):
            kept, dropped = kept + got, dropped + asked - got
    assert kept > 500 and dropped > 500


def _links_as_twin(scores, rng: np.random.Generator, n_a: int, n_b: int) -> list[tuple[int, int]]:
    """Random groups of sentence pairs linked by the kernel (``group_links``) and by its Python twin, either
    side the derived one: asserted the same bit for bit; each direction's (links kept, pairs asked)."""
    from dedup.sentence_scores import _group_links_py, group_links

    rows, counts = random.Random(int(rng.integers(1 << 30))), []
    for derived_is_a in (True, False):
        n_d, n_s = (n_a, n_b) if derived_is_a else (n_b, n_a)
        pairs = _group_pairs(rows, n_d, n_s, int(rng.integers(1, 40)))
        got = group_links(scores, pairs, derived_is_a, 1)
        assert [(d, s, v.hex()) for d, s, v in got] == \
            [(d, s, v.hex()) for d, s, v in _group_links_py(scores, pairs, derived_is_a, 1)]
        counts.append((len(got), len(pairs)))
    return counts


@pytest.mark.parametrize("members", ["ints", "wide ints", "strings", "mixed"])
def test_group_links_kernel_reads_any_members_as_the_sets_do(members: str, compiled: bool) -> None:
    """The kernel reads a sentence's ids sorted as C longs where every member is an int, and its sets as
    sets where one is not (from that group on): the same groups and scores either way, and as the Python
    twin gives them (ids past 32 bits and negative ones, strings, a set of both kinds)."""
    from dedup.pair_scores import PairScores

    rng = np.random.default_rng(11)
    as_member = {"ints": lambda v: v, "wide ints": lambda v: (v - 3) * (1 << 40), "strings": str,
                 "mixed": lambda v: str(v) if v % 3 == 0 else v}[members]
    kept = 0
    for _ in range(120):
        n_a, n_b = int(rng.integers(1, 7)), int(rng.integers(1, 7))

        def sets(n: int, alphabet: int) -> tuple[frozenset, ...]:
            return tuple(frozenset(as_member(v) for v in rng.integers(0, alphabet, int(rng.integers(0, 5))).tolist())
                         for _ in range(n))

        cos = rng.random((2, n_a, n_b))
        scores = PairScores(cos[0, :, :], cos[0] > 0, cos[0] > 2, cos[1], cos, (rng.random((2, n_a)), rng.random((2, n_b))),
                            (rng.random((2, n_a)), rng.random((2, n_b))),
                            (tuple(sets(n_a, k) for k in (6, 4, 4)), tuple(sets(n_b, k) for k in (6, 4, 4))))
        kept += sum(got for got, _ in _links_as_twin(scores, rng, n_a, n_b))
    assert kept > 300


def test_group_links_kernel_refuses_groups_out_of_range() -> None:
    from dedup import kernels
    from dedup.sentence_scores import group_links

    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    scores = _scored_pairs()[0]
    n_a, n_b = scores.score.shape
    with pytest.raises(IndexError, match="out of range"):
        group_links(scores, [((0,), (n_b,))], True, 2)
    with pytest.raises(IndexError, match="out of range"):
        group_links(scores, [((n_a - 1, n_a), (0,))], True, 2)
    with pytest.raises(ValueError, match="one or two sentences"):
        group_links(scores, [((0, 1, 2), (0,))], True, 2)


def _score_arrays(scores) -> list[bytes]:  # type: ignore[no-untyped-def]
    arrays = [scores.score, scores.linkable, scores.entity_conflict, scores.shared_content, scores._cosines,
              *scores._norms, *scores._next_dots]
    return [np.ascontiguousarray(a).tobytes() + str((a.dtype, a.shape)).encode() for a in arrays]


@pytest.mark.parametrize("fitted", [False, True], ids=["pair-idf", "fitted-idf"])
def test_pair_scores_kernel_gives_the_batch_and_the_join(fitted: bool) -> None:
    """A pair's sentence scores from the kernel, to the last bit and with the same shapes and dtypes, as the
    batch's sparse products and a check's join give them: every ordered pair of the named texts (an empty
    one and one-line ones among them), whole and with regions, with the pair's IDF and a fitted one."""
    from dedup import kernels
    from dedup.sentence_scores import _pair_scores
    from dedup.pair_join import score_pair
    from dedup.pair_scores import score_batch
    from dedup.sentence_tables import prepare

    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    texts = [WIRE, REWRITE, PARTIAL, INDEPENDENT, UNRELATED, EARNINGS_A, EARNINGS_B, OTHER_STORY, GAP, "",
             "Net 2.1 mln vs 1.9 mln", "Тихий Дон",
             # half their figures shared: at the number conflict's edge
             "Sales rose 10 pct to 20 mln dlrs in the quarter.", "Sales rose 10 pct to 30 mln dlrs in the quarter."]
    tables = [prepare(text) for text in texts]
    rng = random.Random(11 + fitted)
    idf = np.random.default_rng(5).random(2**20) + 0.5 if fitted else None
    pairs, masks = [], []
    for ta in tables:
        for tb in tables:
            for _ in range(2):
                pairs.append((ta, tb))
                masks.append(tuple(None if rng.random() < 0.5 else
                                   np.array([rng.random() < 0.6 for _ in t.sentences], dtype=bool) for t in (ta, tb)))
    batch = score_batch(pairs, masks=masks, min_shared_content=2, idf=idf)
    for (ta, tb), (ma, mb), want in zip(pairs, masks, batch):
        got = _pair_scores(kernels.KERNELS, ta, tb, ma, mb, min_shared_content=2, idf=idf)
        assert _score_arrays(got) == _score_arrays(want)
        assert _score_arrays(got) == _score_arrays(score_pair(ta, tb, ma, mb, min_shared_content=2, idf=idf))
        assert got._sets == want._sets


def test_pair_scores_kernel_refuses_malformed_tables() -> None:
    from dedup import kernels
    from dedup.sentence_scores import _table_kinds
    from dedup.sentence_tables import prepare

    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    table = prepare(WIRE)
    n = len(table.sentences)
    kinds = _table_kinds(table)
    weights = np.log((1.0 + 2 * n) / (1.0 + np.arange(2 * n + 1))) + 1.0
    args = (kinds, kinds, table.df, table.df, n, n, None, None, weights, False, 2)
    assert len(kernels.KERNELS.pair_scores(*args)) == 9
    with pytest.raises(IndexError, match="out of range"):
        kernels.KERNELS.pair_scores(kinds, kinds, table.df, table.df, n - 1, n, None, None, weights, False, 2)
    with pytest.raises(IndexError, match="past the IDF"):
        kernels.KERNELS.pair_scores(kinds, kinds, table.df, table.df, n, n, None, None, weights[:3], False, 2)
    with pytest.raises(ValueError, match="a mask a sentence"):
        kernels.KERNELS.pair_scores(kinds, kinds, table.df, table.df, n, n, np.ones(n + 1, np.uint8), None, weights,
                                    False, 2)
    short = (kinds[0][:6], *kinds[1:])
    with pytest.raises(ValueError, match="seven arrays"):
        kernels.KERNELS.pair_scores(short, kinds, table.df, table.df, n, n, None, None, weights, False, 2)
