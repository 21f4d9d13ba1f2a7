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


def _set_entries_one_by_one(bags):  # type: ignore[no-untyped-def]
    """The set entries as first written, id by id in Python: the reference for the array version."""
    from dedup.hashing import string_ids

    per_sentence = [sorted(set(string_ids(bag))) for bag in bags]
    flat = [f for ids in per_sentence for f in ids]
    vocab = sorted(set(flat))
    rows = [k for k, ids in enumerate(per_sentence) for _ in ids]
    return rows, flat, vocab, [vocab.index(f) for f in flat], [frozenset(ids) for ids in per_sentence]


@pytest.mark.parametrize("bags", [[{"rain", "linz"}, set(), {"linz", "danube", "boats"}], [], [set(), set()]],
                         ids=["sentences", "no-sentences", "empty-sets"])
def test_set_entries_equal_the_one_by_one_reference(bags) -> None:  # type: ignore[no-untyped-def]
    from dedup.pair_scores import _set_entries

    entries, sets = _set_entries(bags)
    rows, flat, vocab, cols, want_sets = _set_entries_one_by_one(bags)
    for got, want in ((entries.rows, rows), (entries.ids, flat), (entries.vocab, vocab), (entries.cols, cols)):
        assert got.dtype == np.int32
        assert got.tolist() == want
    assert entries.values.tolist() == [1.0] * len(flat)
    assert len(entries.next_left) == len(entries.next_right) == 0
    assert list(sets) == want_sets


def test_a_table_is_prepared_from_the_sentences_kept_for_recent_texts() -> None:
    from dedup.sentences import aligned_sentences, recent_aligned_sentences

    table = prepare(SOURCE, "en")
    assert table.sentences == tuple(aligned_sentences(SOURCE, "en"))
    assert table.sentences is recent_aligned_sentences(SOURCE, "en")  # split once for the count and the table
