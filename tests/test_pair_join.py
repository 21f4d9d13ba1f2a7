"""Tests for dedup.pair_join: one pair's sentence scores by a join equal the sparse batch's bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from dedup import sentence_scores
from dedup.align import SentenceAligner
from dedup.documents import Document
from dedup.pair_join import score_pair
from dedup.pair_scores import PairScores, score_batch
from dedup.sentence_tables import prepare
from _pair_texts import COPY, OTHER, SOURCE

FORM = (
    "Shr 1.12 dlrs vs 98 cts. Net 4.5 mln vs 3.9 mln. Revs 112.4 mln vs 101.2 mln. "
    "Note: Net includes gain of 300,000 dlrs from the sale of a unit."
)
FORM_TOO = "Shr 1.02 dlrs vs 91 cts. Net 4.1 mln vs 3.6 mln. Revs 108.0 mln vs 99.7 mln."
ONE = "Rescue teams used boats."

PAIRS = [(SOURCE, COPY), (COPY, SOURCE), (SOURCE, OTHER), (FORM, FORM_TOO), (SOURCE, ""), ("", COPY), (ONE, SOURCE)]
IDS = ["copy", "flipped", "other-story", "forms", "empty-second", "empty-first", "one-sentence"]


def assert_same(got: PairScores, want: PairScores) -> None:
    """Equal to the last bit (bytes, not just ==), shapes and all."""
    for name in ("score", "linkable", "entity_conflict", "shared_content", "_cosines"):
        a, b = getattr(got, name), getattr(want, name)
        assert a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes(), name
    for name in ("_norms", "_next_dots"):
        for a, b in zip(getattr(got, name), getattr(want, name)):
            assert a.shape == b.shape and a.astype(np.float64).tobytes() == b.astype(np.float64).tobytes(), name
    assert got._sets == want._sets


@pytest.mark.parametrize(("a", "b"), PAIRS, ids=IDS)
def test_join_equals_the_sparse_batch(a: str, b: str) -> None:
    ta, tb = prepare(a), prepare(b)
    # the batch with an unrelated pair before it: its blocks are offset, the numbers must not move
    _, want = score_batch([(prepare(OTHER), prepare(FORM)), (ta, tb)], min_shared_content=2)
    assert_same(score_pair(ta, tb, min_shared_content=2), want)


@pytest.mark.parametrize(("a", "b"), PAIRS[:4], ids=IDS[:4])
def test_join_equals_the_sparse_batch_with_a_fitted_idf(a: str, b: str) -> None:
    ta, tb = prepare(a), prepare(b)
    idf = np.random.default_rng(7).uniform(1.0, 6.0, 2**20)
    (want,) = score_batch([(ta, tb)], min_shared_content=2, idf=idf)
    assert_same(score_pair(ta, tb, min_shared_content=2, idf=idf), want)


def test_join_equals_the_sparse_batch_on_masked_sentences() -> None:
    ta, tb = prepare(SOURCE), prepare(COPY)
    mask_a, mask_b = np.array([True, False, True, False]), np.array([False, True, True])
    (want,) = score_batch([(ta, tb)], masks=[(mask_a, mask_b)], min_shared_content=2)
    got = score_pair(ta, tb, mask_a, mask_b, min_shared_content=2)
    assert_same(got, want)
    assert not got.score[~mask_a].any() and got.score.any()


def test_group_scores_of_the_join_equal_the_batch() -> None:
    ta, tb = prepare(SOURCE), prepare(COPY)
    (want,) = score_batch([(ta, tb)], min_shared_content=2)
    groups = [((1,), (0, 1)), ((0, 1), (1,)), ((2, 3), (0,)), ((0,), (2,))]
    got_values, got_ok = score_pair(ta, tb, min_shared_content=2).group_scores(groups, min_shared_content=2)
    want_values, want_ok = want.group_scores(groups, min_shared_content=2)
    assert got_values.tobytes() == want_values.tobytes() and (got_ok == want_ok).all()


def test_small_and_large_batches_align_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = [Document(f"d{k}", text) for k, text in enumerate([SOURCE, COPY, OTHER, FORM, FORM_TOO, ONE])]
    pairs = [(docs[0], docs[1]), (docs[1], docs[0]), (docs[3], docs[4]), (docs[5], docs[0]), (docs[0], docs[2])]
    joined = SentenceAligner().align_many(pairs)  # fewer than JOIN_BELOW pairs: the join
    monkeypatch.setattr(sentence_scores, "JOIN_BELOW", 1)  # every batch by sparse products
    assert repr(SentenceAligner().align_many(pairs)) == repr(joined)


def test_pairs_too_large_to_join_go_to_the_sparse_product(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = [Document(f"d{k}", text) for k, text in enumerate([SOURCE, COPY, FORM, FORM_TOO])]
    pairs = [(docs[0], docs[1]), (docs[2], docs[3])]
    joined = SentenceAligner().align_many(pairs)
    monkeypatch.setattr(sentence_scores, "JOIN_MAX_CELLS", 0)  # a small batch, but every pair "too large"
    assert repr(SentenceAligner().align_many(pairs)) == repr(joined)
