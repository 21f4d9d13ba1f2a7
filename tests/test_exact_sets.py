"""Tests for dedup.exact_sets: a batch's features are each text's alone, by the kernel or by numpy."""

from __future__ import annotations

import numpy as np
import pytest

from dedup.vocabulary import Vocabulary
from dedup.exact_sets import features
from dedup.shingles import tokenize_batch

from _evidence_texts import OTHER, STORY


def test_a_texts_features_in_a_batch_are_its_features_alone() -> None:
    """A batch's texts (a scan's) get the features each gets alone (an index's check: one text, read
    without sorting its tokens out by text), article proper and common words as given."""
    texts = [OTHER, STORY, STORY + " " + OTHER, "Too short."]
    vocab = Vocabulary(np.unique(tokenize_batch(["the company said"]).hashes), np.full(3, 0.5), np.zeros(0, dtype=np.uint64))
    bounds = np.array([[0, len(t)] for t in texts], dtype=np.int64)
    bounds[2, 0] = len(STORY) + 1  # the article proper leaves out its first story
    together = features(tokenize_batch(texts), bounds, vocab=vocab)
    for k, text in enumerate(texts):
        (alone,) = features(tokenize_batch([text]), bounds[k : k + 1], vocab=vocab)
        for name in alone.__dataclass_fields__:
            mine, theirs = getattr(alone, name), getattr(together[k], name)
            assert mine.dtype == theirs.dtype and mine.tolist() == theirs.tolist(), (k, name)
    assert len(together[1].content) < len(features(tokenize_batch([STORY]), bounds[1:2], vocab=Vocabulary.empty())[0].content)


def test_unique_runs_kernel_gives_each_runs_np_unique() -> None:
    """The kernel sorting and thinning each document's run of hashes at once: ``np.unique`` of each run, on
    runs empty, of one value, all equal, sorted, reversed, of few values, of the whole 64-bit range."""
    from dedup import kernels

    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    rng = np.random.default_rng(11)
    runs = [np.zeros(0, dtype=np.uint64), np.array([7], dtype=np.uint64), np.full(40, 2**64 - 1, dtype=np.uint64),
            np.arange(100, dtype=np.uint64), np.arange(300, dtype=np.uint64)[::-1].copy()]
    for size, span in [(17, 3), (33, 2), (200, 10), (1000, 2**64 - 1), (5000, 600), (64, 2**63)]:
        for _ in range(5):
            runs.append(rng.integers(0, span, size=int(rng.integers(0, size + 1)), dtype=np.uint64, endpoint=True))
    runs.append(np.concatenate([np.full(30, 5, dtype=np.uint64), np.arange(30, dtype=np.uint64)]))  # a repeated pivot
    order = rng.permutation(len(runs))
    values = np.concatenate([runs[k] for k in order])
    offsets = np.concatenate([[0], np.cumsum([len(runs[k]) for k in order])]).astype(np.int64)
    out, where = np.empty(len(values), dtype=np.uint64), np.empty(len(offsets), dtype=np.int64)
    count = kernels.KERNELS.unique_runs(values, offsets, out, where)
    assert count == where[-1] == sum(len(np.unique(r)) for r in runs)
    for d, k in enumerate(order):
        assert out[where[d] : where[d + 1]].tolist() == np.unique(runs[k]).tolist()
    with pytest.raises(ValueError, match="offsets"):
        kernels.KERNELS.unique_runs(values, np.array([0, 5, 3, len(values)], dtype=np.int64), out, np.empty(4, dtype=np.int64))
    with pytest.raises(ValueError, match="offsets"):
        kernels.KERNELS.unique_runs(values, np.array([0, len(values) + 1], dtype=np.int64), out, np.empty(2, dtype=np.int64))
    with pytest.raises(ValueError):
        kernels.KERNELS.unique_runs(values, offsets, out[:-1], where)


def test_a_batchs_features_are_the_same_with_and_without_the_kernels(compiled: bool) -> None:
    """Every array of every text's features, the batch's distinct n-grams, rare words and facts read by the
    kernel or one text at a time by numpy: texts empty, without rare words or facts, repeated, long."""
    texts = [STORY, OTHER, "", "Too short.", STORY + " " + STORY, "the the the the the the the", OTHER * 12,
             "Acme 10 cts April 1 March 15 12.5 mln " * 20, "Совет директоров объявил дивиденд 10 центов."]
    vocab = Vocabulary(np.unique(tokenize_batch(["the company said of a"]).hashes), np.full(5, 0.5), np.zeros(0, dtype=np.uint64))
    bounds = np.array([[0, len(t)] for t in texts], dtype=np.int64)
    bounds[4, 0] = len(STORY) // 2
    got = features(tokenize_batch(texts), bounds, vocab=vocab)
    for k, text in enumerate(texts):
        (alone,) = features(tokenize_batch([text]), bounds[k : k + 1], vocab=vocab)  # one text: numpy's way
        for name in alone.__dataclass_fields__:
            mine, theirs = getattr(alone, name), getattr(got[k], name)
            assert mine.dtype == theirs.dtype and mine.tolist() == theirs.tolist(), (k, name)
    assert len(got[6].grams) < len(got[6].gram_hashes) and len(got[0].grams) > 0
