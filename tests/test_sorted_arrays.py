"""dedup.sorted_arrays: distinct values, pairs and counts by sorts, as numpy's ``np.unique`` gives them."""

from __future__ import annotations

import numpy as np
import pytest


def test_unique_pairs_is_unique_on_rows() -> None:
    from dedup.sorted_arrays import unique_pairs

    rng = np.random.default_rng(3)
    for high in (5, 1000, 1 << 31, 1 << 40):  # the last beyond the codes: rows sorted the slow way
        pairs = rng.integers(0, high, size=(500, 2), dtype=np.int64)
        pairs = np.concatenate([pairs, pairs[:100]])
        expected = np.unique(pairs, axis=0)
        found = unique_pairs(pairs)
        assert found.dtype == expected.dtype and np.array_equal(found, expected)
    assert unique_pairs(np.zeros((0, 2), dtype=np.int64)).shape == (0, 2)


def test_sorted_unique_is_numpys_unique() -> None:
    from dedup.sorted_arrays import sorted_unique

    rng = np.random.default_rng(5)
    for values in (rng.integers(0, 50, 400), rng.integers(0, 1 << 62, 400), rng.integers(0, 9, (30, 2)),
                   np.zeros(0, dtype=np.int64), np.array([7], dtype=np.uint64)):
        expected = np.unique(values)
        found = sorted_unique(values)
        assert found.dtype == expected.dtype and np.array_equal(found, expected)


def test_unique_inverse_is_numpys_unique() -> None:
    from dedup.sorted_arrays import unique_inverse

    rng = np.random.default_rng(6)
    runs = np.sort(rng.integers(0, 1 << 40, (300, 4)), axis=1).reshape(-1)  # short sorted runs, as collisions come
    for values in (rng.integers(0, 50, 400), rng.integers(0, 1 << 62, 400), runs, np.zeros(0, dtype=np.int64),
                   np.array([7], dtype=np.uint64)):
        expected, inverse = np.unique(values, return_inverse=True)
        found, which = unique_inverse(values)
        assert found.dtype == expected.dtype and np.array_equal(found, expected)
        assert np.array_equal(which, inverse.reshape(-1)) and np.array_equal(found[which], values)


@pytest.mark.parametrize("n", [0, 1, 2, 7, 2000], ids=lambda n: f"{n} codes")
def test_counted_codes_are_numpys_unique_with_counts(n: int) -> None:
    from dedup.sorted_arrays import counted_codes

    codes = np.sort(np.random.default_rng(n).integers(0, n // 2 + 2, n)).astype(np.int64)
    distinct, counts = counted_codes(codes)
    expected, expected_counts = np.unique(codes, return_counts=True)
    assert distinct.tolist() == expected.tolist() and counts.tolist() == expected_counts.tolist()
    assert counts.dtype == np.int64
