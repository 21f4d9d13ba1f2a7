from __future__ import annotations

import numpy as np
import pytest

from dedup.errors import SettingsError
from dedup.signatures import EMPTY, minhash_units, signature_jaccard, to_lean_minhash

RNG = np.random.default_rng(7)


def pair_signatures(shared: int, only_a: int, only_b: int, *, num_perm: int = 256, seed: int = 1) -> np.ndarray:
    common = RNG.integers(0, 2**63, shared, dtype=np.uint64)
    a = np.concatenate([common, RNG.integers(0, 2**63, only_a, dtype=np.uint64)])
    b = np.concatenate([common, RNG.integers(0, 2**63, only_b, dtype=np.uint64)])
    units = np.concatenate([np.zeros(len(a), np.int64), np.ones(len(b), np.int64)])
    return minhash_units(np.concatenate([a, b]), units, 2, num_perm=num_perm, seed=seed)


@pytest.mark.parametrize(("shared", "only", "jaccard"), [(300, 100, 0.6), (100, 300, 0.143), (20, 10, 0.5)],
                         ids=["large-similar", "large-distant", "short-text"])
def test_estimate_is_close_to_true_jaccard(shared: int, only: int, jaccard: float) -> None:
    sig = pair_signatures(shared, only, only)
    assert signature_jaccard(sig[0], sig[1]) == pytest.approx(jaccard, abs=0.1)


def test_densified_short_texts_do_not_share_runs_of_bins() -> None:
    # Unrelated short texts: with rotation densification they collided in whole LSH bands.
    sig = pair_signatures(1, 12, 12, num_perm=128)
    assert signature_jaccard(sig[0], sig[1]) < 0.25


def test_unit_without_shingles_stays_empty() -> None:
    sig = minhash_units(np.arange(5, dtype=np.uint64), np.zeros(5, np.int64), 2, num_perm=8)
    assert (sig[1] == EMPTY).all() and (sig[0] != EMPTY).all()


def test_seed_changes_signatures_deterministically() -> None:
    shingles = np.arange(100, dtype=np.uint64)
    units = np.zeros(100, np.int64)
    one = minhash_units(shingles, units, 1, seed=1)
    assert np.array_equal(one, minhash_units(shingles, units, 1, seed=1))
    assert not np.array_equal(one, minhash_units(shingles, units, 1, seed=2))


def test_lean_minhash_round_trip() -> None:
    sig = pair_signatures(50, 50, 50, num_perm=64)
    a, b = to_lean_minhash(sig[0]), to_lean_minhash(sig[1])
    assert a.jaccard(b) == pytest.approx(signature_jaccard(sig[0], sig[1]))


def test_bad_num_perm() -> None:
    with pytest.raises(SettingsError, match="num_perm"):
        minhash_units(np.zeros(1, np.uint64), np.zeros(1, np.int64), 1, num_perm=1)
