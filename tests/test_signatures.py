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


def test_short_near_duplicates_collide_in_bands_as_with_independent_permutations() -> None:
    # 1,000 pairs of 20-shingle texts at Jaccard 0.5, banded 30 x 4 as the text channel is. With k
    # independent permutations a pair misses every band with probability (1 - 0.5**4)**30 = 0.144; the
    # densified one-permutation sketch dedup used before missed 0.197 of such pairs (bins copied from one
    # donor agree or differ together), which is why it found fewer short near-duplicates than datasketch.
    pairs = 1000
    rng = np.random.default_rng(5)
    sides = [np.concatenate([common, rng.integers(0, 2**63, 5, dtype=np.uint64)])
             for common in rng.integers(0, 2**63, (pairs, 10), dtype=np.uint64) for _ in range(2)]
    units = np.repeat(np.arange(2 * pairs), 15)
    sig = minhash_units(np.concatenate(sides), units, 2 * pairs, num_perm=128, seed=3)
    bands = sig[:, :120].reshape(pairs, 2, 30, 4)
    missed = ~(bands[:, 0] == bands[:, 1]).all(axis=2).any(axis=1)
    assert missed.mean() < 0.16


def _reference(shingles: list[int], k: int, seed: int) -> list[int]:
    """Fast similarity sketching as written in the paper, every one of its 2k rounds run (minhash_units
    stops a unit once its bins are full): round r < k sends each shingle to a random bin, round k + j to
    bin j; a bin keeps the least (round, value)."""
    mask, step = 2**64 - 1, 0x9E3779B97F4A7C15

    def mix(x: int) -> int:
        x ^= x >> 30
        x = (x * 0xBF58476D1CE4E5B9) & mask
        x ^= x >> 27
        x = (x * 0x94D049BB133111EB) & mask
        return x ^ (x >> 31)

    best = [(2 * k, 0)] * k
    for s in shingles:
        first = mix(s ^ mix(seed))
        for r in range(2 * k):
            h = first if r == 0 else mix((first + r * step) & mask)
            j = ((h >> 32) * k) >> 32 if r < k else r - k
            best[j] = min(best[j], (r, h & 0xFFFFFFFE))
    return [value for _, value in best]


def test_sketch_is_the_papers_with_every_round_run(compiled: bool) -> None:
    rng = np.random.default_rng(11)
    sizes = [1, 2, 3, 6, 16, 40, 0, 200]  # a unit of one shingle needs the rounds past k
    shingles = [rng.integers(0, 2**64, n, dtype=np.uint64, endpoint=False) for n in sizes]
    for k in (2, 8, 16):
        sig = minhash_units(np.concatenate(shingles), np.repeat(np.arange(len(sizes)), sizes), len(sizes),
                            num_perm=k, seed=9)
        for unit, own in enumerate(shingles):
            expected = _reference([int(x) for x in own], k, 9) if len(own) else [int(EMPTY)] * k
            assert sig[unit].tolist() == expected, (k, sizes[unit])


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
