from __future__ import annotations

import numpy as np
import pytest

from dedup.errors import SettingsError
from dedup.banding import Banding, band_keys, choose_bands, colliding_pairs


def test_choose_bands_favours_recall_around_threshold() -> None:
    banding = choose_bands(0.5, 128)
    assert banding.bands * banding.rows <= 128
    assert banding.probability(0.6) > 0.95 and banding.probability(0.2) < 0.1


@pytest.mark.parametrize("num_perm", [16, 96, 128, 144])
def test_choose_bands_is_datasketchs_optimum(num_perm: int) -> None:
    """The same bands and rows as datasketch's ``MinHashLSH`` optimiser (scipy's integration), by exact
    Gauss-Legendre integration of the collision polynomials instead."""
    from datasketch.lsh import _optimal_param

    for threshold in (0.05, 0.2, 0.33, 0.5, 0.62, 0.8, 0.95):
        for recall_weight in (0.5, 0.8):
            mine = choose_bands.__wrapped__(threshold, num_perm, recall_weight=recall_weight)
            theirs = _optimal_param(threshold, num_perm, 1.0 - recall_weight, recall_weight)
            assert (mine.bands, mine.rows) == tuple(theirs), (threshold, recall_weight)


def test_equal_signatures_share_all_band_keys() -> None:
    sig = np.tile(np.arange(16, dtype=np.uint32), (2, 1))
    keys = band_keys(sig, Banding(4, 4))
    assert keys.shape == (2, 4) and np.array_equal(keys[0], keys[1])
    assert len(set(keys[0].tolist())) == 4  # the band index is mixed in


def test_colliding_pairs_skip_same_document_and_big_buckets() -> None:
    keys = np.array([[1], [1], [1], [2], [2]], dtype=np.uint64)
    unit_doc = np.array([0, 0, 1, 2, 3])
    assert colliding_pairs(keys, unit_doc).tolist() == [[0, 2], [1, 2], [3, 4]]
    assert colliding_pairs(keys, unit_doc, max_bucket=2).tolist() == [[3, 4]]


@pytest.mark.parametrize(("call", "message"), [
    (lambda: choose_bands(1.5, 128), "threshold"),
    (lambda: choose_bands(0.5, 0), "num_perm"),
    (lambda: band_keys(np.zeros((1, 8), np.uint32), Banding(3, 3)), "permutations"),
    (lambda: colliding_pairs(np.zeros((1, 1), np.uint64), np.zeros(1), max_bucket=1), "max_bucket"),
], ids=["threshold", "no-permutations", "too-many-rows", "bucket"])
def test_bad_parameters(call, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SettingsError, match=message):
        call()


def test_colliding_pairs_count_the_bands_they_share() -> None:
    from dedup.banding import colliding_pairs_of_bands

    keys = np.array([[1, 2, 3, 4], [1, 2, 3, 9], [1, 7, 8, 9], [5, 6, 7, 8]], dtype=np.uint64)
    doc = np.array([0, 1, 2, 2])
    pairs, shared = colliding_pairs_of_bands((keys[:, b] for b in range(4)), doc, counts=True)
    assert pairs.tolist() == [[0, 1], [0, 2], [1, 2]] and shared.tolist() == [3, 1, 2]
    assert colliding_pairs_of_bands((keys[:, b] for b in range(4)), doc).tolist() == pairs.tolist()
    none, zero = colliding_pairs_of_bands(iter(()), doc, counts=True)
    assert none.shape == (0, 2) and len(zero) == 0


def test_colliding_codes_in_parts_are_the_whole_split_by_document() -> None:
    from dedup.banding import colliding_codes

    rng = np.random.default_rng(3)
    keys = rng.integers(0, 40, size=(300, 6)).astype(np.uint64)
    doc = np.sort(rng.integers(0, 60, size=300))
    (whole,) = colliding_codes((keys[:, b] for b in range(6)), doc)
    parts = list(colliding_codes((keys[:, b] for b in range(6)), doc, parts=4))
    assert len(parts) == 4 and len(whole) > 500 and (np.diff(whole) >= 0).all()
    assert np.sort(np.concatenate(parts)).tolist() == whole.tolist()
    for k, codes in enumerate(parts):
        assert (np.diff(codes) >= 0).all() and (doc[codes >> 32] % 4 == k).all()


def test_part_files_are_read_back_together_while_they_fit() -> None:
    from dedup.banding import _groups

    assert list(_groups([10, 10, 30, 5, 5], 20)) == [[0, 1], [2], [3, 4]]  # 30 is over the limit: alone
    assert list(_groups([10, 10, 30, 5, 5], 100)) == [[0, 1, 2, 3, 4]]
    assert list(_groups([1, 2], None)) == [[0], [1]]  # no limit: a part a file
    assert list(_groups([], 10)) == []
