"""Tests for dedup.pair_scores: batched sentence scores equal the per-pair scorer's, pair by pair."""

from __future__ import annotations

import numpy as np
import pytest

from dedup.pair_scores import score_batch
from dedup.sentence_tables import prepare
from dedup.similarity import common_columns, keep_rows, score_pairs, vectorize_pair

from _pair_texts import COPY, OTHER, SOURCE



def reference(text_a: str, text_b: str, rows_a=None, rows_b=None):  # type: ignore[no-untyped-def]
    va, vb = vectorize_pair(text_a, text_b)
    if rows_a is not None:
        va, vb = keep_rows(va, rows_a), keep_rows(vb, rows_b)
    va, vb = common_columns(va, vb)
    return va, vb, score_pairs(va.features, vb.features, min_shared_content=2)


@pytest.mark.parametrize(("a", "b"), [(SOURCE, COPY), (COPY, SOURCE), (SOURCE, OTHER), (SOURCE, "")],
                         ids=["copy", "flipped", "other-story", "empty"])
def test_scores_equal_the_per_pair_scorer(a: str, b: str) -> None:
    # batched with an unrelated pair before it: each pair keeps its own IDF and its own block
    _, got = score_batch([(prepare(OTHER), prepare(COPY)), (prepare(a), prepare(b))])
    _, _, want = reference(a, b)
    np.testing.assert_array_equal(got.score, want.score)
    np.testing.assert_array_equal(got.linkable, want.linkable)
    np.testing.assert_array_equal(got.entity_conflict, want.entity_conflict)
    np.testing.assert_array_equal(got.shared_content, want.shared_content)


def test_masked_sentences_score_zero_and_keep_the_pairs_idf() -> None:
    mask_a, mask_b = np.array([True, False, True, False]), np.array([False, True, True])
    (got,) = score_batch([(prepare(SOURCE), prepare(COPY))], masks=[(mask_a, mask_b)])
    _, _, want = reference(SOURCE, COPY, np.flatnonzero(mask_a), np.flatnonzero(mask_b))
    np.testing.assert_array_equal(got.score, want.score)
    assert not got.score[~mask_a].any() and not got.score[:, ~mask_b].any()


def test_group_scores_equal_summed_rows() -> None:
    (got,) = score_batch([(prepare(SOURCE), prepare(COPY))])
    va, vb, _ = reference(SOURCE, COPY)
    groups = [((1,), (0, 1)), ((0, 1), (1,)), ((2, 3), (0,)), ((0,), (2,))]
    values, ok = got.group_scores(groups, min_shared_content=2)
    want = score_pairs(va.features.group([g for g, _ in groups]), vb.features.group([g for _, g in groups]),
                       min_shared_content=2, rowwise=True)
    np.testing.assert_allclose(values, want.score, atol=1e-12)
    np.testing.assert_array_equal(ok, want.linkable & ~want.entity_conflict)
    assert ok.any() and not ok.all()


def test_empty_batch() -> None:
    assert score_batch([]) == []


def _group_sets_one_by_one(got, groups, min_shared_content):  # type: ignore[no-untyped-def]
    """The set parts of :meth:`PairScores.group_scores` as first written: the reference of the loop."""
    from dedup.pair_scores import _union

    (content_a, ent_a, num_a), (content_b, ent_b, num_b) = got._sets
    shared, ok = [], []
    for da, db in groups:
        ca, cb = _union(content_a, da), _union(content_b, db)
        inter, size = len(ca & cb), len(ca) + len(cb)
        shared.append(2.0 * inter / size if size else 0.0)
        ea, eb, na, nb = _union(ent_a, da), _union(ent_b, db), _union(num_a, da), _union(num_b, db)
        number_conflict = bool(na) and bool(nb) and 2 * len(na & nb) < min(len(na), len(nb))
        entity_conflict = bool(ea) and bool(eb) and not ea & eb
        ok.append(inter >= min_shared_content and not number_conflict and not entity_conflict)
    return shared, ok


RENAMED = (
    "Heavy rain flooded the Rhine valley on Monday, forcing 4,100 people from their homes.\n\n"
    "Officials in Basel said the river rose 4.5 metres overnight. Rescue teams used boats to reach villages.\n\n"
    "The national weather service expects more rain on Wednesday."
)


@pytest.mark.parametrize("other", [COPY, RENAMED, OTHER], ids=["copy", "names-and-figures-changed", "other-story"])
@pytest.mark.parametrize("min_shared", [0, 2, 4])
def test_group_links_equal_the_one_by_one_reference(other: str, min_shared: int) -> None:
    from dedup.pair_scores import _group_cosine

    (got,) = score_batch([(prepare(SOURCE), prepare(other))])
    n_a, n_b = got.score.shape
    singles_a, singles_b = [(i,) for i in range(n_a)], [(j,) for j in range(n_b)]
    doubles_a, doubles_b = [(i, i + 1) for i in range(n_a - 1)], [(j, j + 1) for j in range(n_b - 1)]
    groups = [(ga, gb) for ga in singles_a + doubles_a for gb in singles_b + doubles_b]
    values, ok = got.group_scores(groups, min_shared_content=min_shared)
    shared, want_ok = _group_sets_one_by_one(got, groups, min_shared)
    assert ok.tolist() == want_ok
    cosine = _group_cosine(got._cosines, got._norms, got._next_dots, groups)
    np.testing.assert_array_equal(values, np.clip((np.zeros(len(groups)) + cosine[0] + cosine[1] + shared) / 3.0, 0, 1))
    if other is not OTHER:
        assert any(want_ok) and not all(want_ok)


@pytest.mark.parametrize("other", [COPY, RENAMED, OTHER], ids=["copy", "names-and-figures-changed", "other-story"])
def test_few_groups_score_the_same_bits_as_many(other: str) -> None:
    from dedup.pair_scores import _FEW_GROUPS, _few_group_cosines, _group_cosine

    (got,) = score_batch([(prepare(SOURCE), prepare(other))])
    n_a, n_b = got.score.shape
    groups = [(ga, gb) for ga in [(i,) for i in range(n_a)] + [(i, i + 1) for i in range(n_a - 1)]
              for gb in [(j,) for j in range(n_b)] + [(j, j + 1) for j in range(n_b - 1)]]
    groups = groups * (1 + _FEW_GROUPS // len(groups))  # one call takes numpy's way, calls of a few Python's
    many, many_ok = got.group_scores(groups, min_shared_content=2)
    np.testing.assert_array_equal(np.array(_few_group_cosines(got._cosines, got._norms, got._next_dots, groups)),
                                  _group_cosine(got._cosines, got._norms, got._next_dots, groups))
    for k in range(0, len(groups), 5):
        few, few_ok = got.group_scores(groups[k : k + 5], min_shared_content=2)
        assert few.dtype == many.dtype and few.tobytes() == many[k : k + 5].tobytes()
        assert few_ok.tolist() == many_ok[k : k + 5].tolist()


def test_few_group_cosines_equal_numpys_on_random_cells() -> None:
    from dedup.pair_scores import _few_group_cosines, _group_cosine

    rng = np.random.default_rng(3)
    for n_a, n_b in ((1, 1), (1, 4), (5, 1), (7, 9)):
        cos = rng.random((2, n_a + 3, n_b + 3))[:, 1 : n_a + 1, 2 : n_b + 2]  # a strided view, as a batch's
        norms = (rng.random((2, n_a)) * 3, rng.random((2, n_b)) * 3)
        norms[0][:, 0] = 0.0  # a sentence without features
        next_dots = (rng.random((2, n_a)), rng.random((2, n_b)))
        groups = [((i,) if i + 1 >= n_a or i % 2 else (i, i + 1), (j,) if j + 1 >= n_b or j % 3 else (j, j + 1))
                  for i in range(n_a) for j in range(n_b)]
        want = _group_cosine(cos, norms, next_dots, groups)
        assert np.array(_few_group_cosines(cos, norms, next_dots, groups)).tobytes() == want.tobytes()
