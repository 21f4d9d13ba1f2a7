"""Tests for dedup.pair_scores: batched sentence scores equal the per-pair scorer's, pair by pair."""

from __future__ import annotations

import numpy as np
import pytest

from dedup.pair_scores import prepare, score_batch
from dedup.similarity import common_columns, keep_rows, score_pairs, vectorize_pair

SOURCE = (
    "Heavy rain flooded the Danube valley on Monday, forcing 2,300 people from their homes.\n\n"
    "Officials in Linz said the river rose 4.5 metres overnight. Rescue teams used boats to reach villages.\n\n"
    "The national weather service expects more rain on Wednesday."
)
COPY = (
    "Officials in Linz said the river rose 4.5 metres overnight, local media reported.\n\n"
    "Heavy rain flooded the Danube valley on Monday and forced 2,300 people from their homes. "
    "Rescue teams used boats to reach villages."
)
OTHER = "The central bank left its key rate unchanged on Thursday. Analysts had expected a cut of 25 basis points."


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
