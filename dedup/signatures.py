"""MinHash signatures, computed in bulk with numpy (or the compiled kernel, bit for bit the same).

dedup signs with fast similarity sketching (Dahlgaard, Knudsen and Thorup, "Fast Similarity Sketching",
FOCS 2017): in a first round each shingle hash is mixed with the seed once, its top bits pick one of
``num_perm`` bins, its low 32 bits are the value, and a bin keeps its minimum (one-permutation hashing,
Li, Owen and Zhang 2012). A text with fewer shingles than bins leaves bins empty; instead of copying other
bins' values into them (densification, which dedup used before: bins filled from one donor agree
together, so short near-duplicates collided in LSH bands less often than their Jaccard similarity says),
further rounds hash the shingles of that text again, each round with fresh hashes, until every bin has a
value. The fraction of equal positions of two signatures estimates their Jaccard similarity without bias,
concentrated as with ``num_perm`` independent permutations (the paper's analysis), at one hash per shingle for
texts of many shingles and about ``num_perm * ln(num_perm)`` hashes in all for short ones (instead of
``num_perm`` per shingle): more than an order of magnitude faster than datasketch's ``MinHash.bulk``
(figures in ``benchmarks/RESULTS.md``).

The signatures are *not* bit-identical to datasketch's ``MinHash.update`` (another hashing scheme), but
they are usable as datasketch objects: :func:`to_lean_minhash` wraps one in a ``LeanMinHash`` that
datasketch's ``MinHashLSH`` and its storage backends accept, and ``jaccard`` between two such objects
estimates the same quantity.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from dedup import kernels
from dedup.errors import SettingsError
from dedup.tokens import mix64

if TYPE_CHECKING:
    from datasketch import LeanMinHash

__all__ = ["EMPTY", "minhash_units", "seed_mix", "check_seed", "check_whole", "signature_jaccard", "to_lean_minhash"]

#: Value of a bin that no shingle fell into (only left in signatures of units with no shingles).
EMPTY = np.uint32(0xFFFFFFFF)
_ROUND_STEP = np.uint64(0x9E3779B97F4A7C15)  # SplitMix64's increment: round r hashes base + r * step
_NO_KEY = np.uint64(0xFFFFFFFFFFFFFFFF)


def minhash_units(
    shingles: np.ndarray,
    units: np.ndarray,
    n_units: int,
    *,
    num_perm: int = 128,
    seed: int = 1,
) -> np.ndarray:
    """Signatures of many units (documents or passages) at once.

    ``shingles[k]`` belongs to unit ``units[k]`` (0 <= unit < n_units; order free, repeats allowed).
    Returns a ``(n_units, num_perm)`` uint32 array. A unit without shingles keeps a row of ``EMPTY``:
    callers must not index such rows (two empty signatures would look identical).

    >>> sig = minhash_units(np.arange(50, dtype=np.uint64), np.zeros(50, dtype=np.int64), 1, num_perm=16)
    >>> sig.shape, bool((sig != EMPTY).all())
    ((1, 16), True)
    """
    if num_perm < 2 or num_perm > 1024:
        raise SettingsError(f"num_perm must be between 2 and 1024, got {num_perm}")
    sig = np.full(n_units * num_perm, EMPTY, dtype=np.uint32)
    shingles = np.ascontiguousarray(shingles, dtype=np.uint64)
    units = np.ascontiguousarray(units, dtype=np.int64)
    if kernels.KERNELS is not None:
        kernels.KERNELS.minhash(shingles, units, seed_mix(seed), num_perm, sig)
    elif len(shingles):
        if units.min() < 0 or units.max() >= n_units:
            raise IndexError("a shingle's unit is out of range")
        _sketch(mix64(shingles ^ np.uint64(seed_mix(seed))), units, sig, num_perm)
    return sig.reshape(n_units, num_perm)


def _round_hash(base: np.ndarray, rnd: np.ndarray | int) -> np.ndarray:
    """Round ``rnd``'s hash of shingles whose first hash is ``base``: a SplitMix64 stream per shingle."""
    return mix64(base + np.atleast_1d(np.asarray(rnd, dtype=np.uint64)) * _ROUND_STEP)


def _sketch(base: np.ndarray, units: np.ndarray, sig: np.ndarray, k: int) -> None:
    """Fast similarity sketching (Dahlgaard, Knudsen and Thorup, 2017) into ``sig`` (flat, all EMPTY).

    Round ``r < k`` hashes every shingle of a unit into a random bin; a bin takes the least value of the
    first round that reaches it. Past round ``k`` (units of a few shingles), round ``k + j`` sends every
    shingle to bin ``j``, so that every bin is filled. A round's values all exceed the earlier rounds', so
    a unit stops once its bins are full, and the result is the same as with every round run. An empty bin
    gets fresh hashes of its own instead of a copy of another bin's value (densification), so that the
    bins of a short text agree with another's as independently as with ``k`` permutations: banded, short
    near-duplicates collide as often as their Jaccard similarity says.
    """
    keys = np.full(len(sig), _NO_KEY, dtype=np.uint64)  # (round << 32) | value: the least wins
    rows = keys.reshape(-1, k)
    alive = np.unique(units)
    done, block = 0, 1
    while done < k:
        # rounds in blocks of growing length: one numpy step per block, not per round (a text of a few
        # shingles needs dozens of rounds; most of a long one's bins are filled by the first)
        rounds = np.arange(done, min(done + block, k), dtype=np.uint64)
        h = _round_hash(base[:, None], rounds[None, :])
        if done == 0:
            h[:, 0] = base
        cell = (units * k)[:, None] + (((h >> np.uint64(32)) * np.uint64(k)) >> np.uint64(32)).astype(np.int64)
        np.minimum.at(keys, cell.ravel(), ((rounds << np.uint64(32)) | (h & np.uint64(0xFFFFFFFE))).ravel())
        done, block = done + len(rounds), block * 4
        alive = alive[(rows[alive] == _NO_KEY).any(axis=1)]
        if len(alive) == 0:
            break
        still = np.isin(units, alive)
        base, units = base[still], units[still]
    filled = keys != _NO_KEY
    sig[filled] = (keys[filled] & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    if len(alive) == 0:
        return
    # round k + j for each bin j still empty: every shingle of its unit into it
    order = np.argsort(units, kind="stable")
    base, units = base[order], units[order]
    empty = np.flatnonzero(rows[alive] == _NO_KEY)
    unit, j = alive[empty // k], empty % k
    start, stop = np.searchsorted(units, unit, "left"), np.searchsorted(units, unit, "right")
    count = stop - start
    pick = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count - start, count)
    h = _round_hash(base[pick], k + np.repeat(j, count))
    np.minimum.at(sig, np.repeat(unit * k + j, count), (h & np.uint64(0xFFFFFFFE)).astype(np.uint32))


def check_seed(seed: object) -> int:
    """``seed`` as an int, or :class:`SettingsError` when it is no whole number a 64-bit hash can be mixed with.

    >>> check_seed(7)
    7
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 1 << 64:
        raise SettingsError(f"seed must be a whole number from 0 to 2**64 - 1, got {seed!r}")
    return int(seed)


#: The largest whole-number setting taken (a signed 64-bit integer, as SQLite and numpy store one).
LARGEST_SETTING = 2**63 - 1


def check_whole(name: str, value: object, least: int) -> int:
    """``value`` as an int, or :class:`SettingsError` unless it is a whole number of at least ``least``
    (not a float, a string or True, which compared or counted with deep inside a stage)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < least:
        raise SettingsError(f"{name} must be a whole number of at least {least}, got {value!r}")
    if value > LARGEST_SETTING:  # min_words=10**20 made an index that stores nothing; SQLite holds 64 bits
        raise SettingsError(f"{name} must be a whole number from {least} to 2**63 - 1, got {value!r:.60}")
    return int(value)


def check_flag(name: str, value: object) -> bool:
    """``value`` when it is True or False, else :class:`SettingsError`: ``align="false"`` or ``"no"`` is a string
    that is true, and aligned without a word.

    >>> check_flag("align", False)
    False
    """
    if not isinstance(value, (bool, np.bool_)):
        raise SettingsError(f"{name} must be True or False, not {value!r:.60}")
    return bool(value)


@lru_cache(maxsize=64)
def seed_mix(seed: int) -> int:
    """What each shingle hash is mixed with: ``mix64(seed)`` (the compiled signing of
    :func:`dedup.signing.sign_channel` takes it as it is).

    >>> seed_mix(1) == int(mix64(np.array([1], dtype=np.uint64))[0])
    True
    """
    return int(mix64(np.array([seed], dtype=np.uint64))[0])


def signature_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures (fraction of equal positions)."""
    if a.shape != b.shape:
        raise SettingsError("signatures of different lengths cannot be compared")
    return float(np.count_nonzero(a == b)) / a.shape[-1]


def to_lean_minhash(signature: np.ndarray, *, seed: int = 1) -> "LeanMinHash":
    """Wrap one signature in a datasketch ``LeanMinHash`` (for ``MinHashLSH`` and its storages)."""
    from datasketch import LeanMinHash

    # 32-bit values are what datasketch calls its "legacy" scheme; the scheme only tells datasketch how
    # wide the values are, it never re-hashes them.
    return LeanMinHash(seed=seed, hashvalues=signature.astype(np.uint64), scheme="legacy")
