"""MinHash signatures, computed in bulk with numpy.

dedup uses one-permutation hashing (Li, Owen and Zhang, 2012) with optimal densification: each
shingle hash is mixed with the seed once, its top bits pick one of ``num_perm`` bins, its low 32 bits
are the value, and a bin keeps its minimum. Empty bins borrow from other bins ("optimal
densification", Shrivastava 2017), so that short texts still get full signatures. The fraction of equal positions of two signatures
estimates their Jaccard similarity exactly as with ``num_perm`` independent permutations, at one hash per
shingle instead of ``num_perm``: on news-sized articles this is more than an order of magnitude faster
than datasketch's ``MinHash.bulk`` (figures in ``benchmarks/RESULTS.md``).

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

__all__ = ["EMPTY", "minhash_units", "signature_jaccard", "to_lean_minhash"]

#: Value of a bin that no shingle fell into (only left in signatures of units with no shingles).
EMPTY = np.uint32(0xFFFFFFFF)
_DENSIFY_STEP = np.uint64(0x9E3779B1)
_FIRST_PROBES = 8
_PROBE_SLICE = 1 << 15  # empty bins probed at once past the first probes (40 probes each: 10 MB)


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
    if kernels.KERNELS is not None:
        probes = _compact_probe_table(num_perm)
        kernels.KERNELS.minhash(np.ascontiguousarray(shingles, dtype=np.uint64), np.ascontiguousarray(units, dtype=np.int64),
                                _seed_mix(seed), num_perm, probes, probes.shape[1], sig)
        return sig.reshape(n_units, num_perm)
    if len(shingles):
        h = mix64(shingles ^ mix64(np.array([seed], dtype=np.uint64)))
        # Multiply-shift maps the top 32 bits onto [0, num_perm) without a modulo.
        bins = ((h >> np.uint64(32)) * np.uint64(num_perm)) >> np.uint64(32)
        values = (h & np.uint64(0xFFFFFFFE)).astype(np.uint32)  # EMPTY is never a real value
        np.minimum.at(sig, units.astype(np.int64) * num_perm + bins.astype(np.int64), values)
    sig = sig.reshape(n_units, num_perm)
    _densify(sig)
    return sig


def _densify(sig: np.ndarray) -> None:
    """Fill empty bins in place by "optimal densification" (Shrivastava, 2017).

    An empty bin ``j`` takes the value of the first non-empty bin in a fixed pseudo-random probe
    sequence of its own. Filling from the next bin to the right instead (rotation) copies one value
    into runs of neighbouring bins, so that the rows of an LSH band agree together and short texts
    collide far more often than their Jaccard similarity says.
    """
    empty = sig == EMPTY
    n_empty = np.count_nonzero(empty, axis=1)
    rows = np.flatnonzero((n_empty > 0) & (n_empty < sig.shape[1]))
    if len(rows) == 0:
        return
    sub = sig[rows]
    k = sub.shape[1]
    probes = _probe_table(k)
    filled = (sub != EMPTY).ravel()
    flat = sub.ravel()
    out = flat.copy()
    cells = np.flatnonzero(~filled)
    r, j = cells // k, cells % k
    # the first few probes of every empty bin at once (short texts leave half the bins empty, so a
    # bin almost always finds a donor among them); the rare rest one probe at a time. Flat indices:
    # two-dimensional fancy indexing cost more than the rest of signing
    first = min(_FIRST_PROBES, probes.shape[1])
    donors = (r * k)[:, None] + probes[j, :first]
    ok = filled[donors]
    attempt = ok.argmax(axis=1)
    donor = donors[np.arange(len(cells)), attempt]
    found = filled[donor]
    salt = (attempt[found] + 1).astype(np.uint64) * _DENSIFY_STEP
    out[cells[found]] = ((flat[donor[found]].astype(np.uint64) + salt) & np.uint64(0xFFFFFFFE)).astype(np.uint32)
    r, j = r[~found], j[~found]
    # the rest (bins of units with few shingles) with every later probe at once too, in slices that bound
    # the memory: one numpy step per probe was a millisecond per short article signed alone (ingest)
    left_r, left_j = [r[:0]], [j[:0]]
    for lo in range(0, len(r), _PROBE_SLICE):
        rs, js = r[lo : lo + _PROBE_SLICE], j[lo : lo + _PROBE_SLICE]
        donors = (rs * k)[:, None] + probes[js, first:]
        attempt = filled[donors].argmax(axis=1)
        donor = donors[np.arange(len(rs)), attempt]
        hit = filled[donor]
        salt = (attempt[hit] + first + 1).astype(np.uint64) * _DENSIFY_STEP
        out[rs[hit] * k + js[hit]] = ((flat[donor[hit]].astype(np.uint64) + salt) & np.uint64(0xFFFFFFFE)).astype(np.uint32)
        left_r.append(rs[~hit])
        left_j.append(js[~hit])
    r, j = np.concatenate(left_r), np.concatenate(left_j)
    out = out.reshape(sub.shape)
    if len(r):  # only for units with one or two shingles: fall back to their first filled bin
        out[r, j] = sub[r, np.argmax(filled.reshape(sub.shape), axis=1)[r]]
    sig[rows] = out


_PROBES: dict[int, np.ndarray] = {}


def _probe_table(k: int, attempts: int = 48) -> np.ndarray:
    if k not in _PROBES:
        rng = np.random.Generator(np.random.PCG64(0xD0E5))
        _PROBES[k] = np.ascontiguousarray(rng.integers(0, k, size=(k, attempts)), dtype=np.int64)
    return _PROBES[k]


@lru_cache(maxsize=64)
def _compact_probe_table(k: int) -> np.ndarray:
    """:func:`_probe_table` in 16 bits (``k <= 1024``), as the compiled kernel reads it."""
    return _probe_table(k).astype(np.uint16)


@lru_cache(maxsize=64)
def _seed_mix(seed: int) -> int:
    """What each shingle hash is mixed with: ``mix64(seed)``."""
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
