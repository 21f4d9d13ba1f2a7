"""The memory setting of a scan (``--memory``): what it means in chunk sizes.

A scan holds its documents' ids and lengths and, per channel, the document of each unit; everything else
that grows with the corpus is cut to the setting: candidate pairs are verified in chunks
(:func:`verify_chunks`, sized from what the setting leaves above what is resident), what the first pass
over them keeps for the second waits in a temporary file (:class:`dedup.spools.Spool`), band keys past a
share of it wait in a temporary file with the units' spans (:data:`KEYS_SHARE`,
:class:`dedup.unit_tables.UnitTable`), and so do the texts (:data:`TEXTS_SHARE`).
Between stages the memory a stage freed is given back to the system (:mod:`dedup.heap`); what waits for a
later stage goes to temporary files (:mod:`dedup.spools`). The result never depends on the setting.
"""

from __future__ import annotations

import math
import re

import numpy as np

from dedup.errors import SettingsError

__all__ = ["DEFAULT_MEMORY", "MAX_MEMORY", "parse_memory", "verify_chunks", "verify_budget", "chunk_cost", "measured_scale",
           "KEYS_SHARE", "TEXTS_SHARE", "text_spill", "keys_spill", "band_ranges"]

#: The memory a scan plans for when not told: what a laptop can spare.
DEFAULT_MEMORY = 4 << 30
#: Bytes a document's features cost per character of its text while a chunk that involves it is verified
#: (9.0-9.4 traced on Reuters-21578 and the syndication set, benchmarks/RESULTS.md), rounded up.
DOC_BYTES_PER_CHAR = 10
#: Bytes a candidate pair costs per character of its two texts besides their features (its evidence, its
#: alignment, the workers' share): at 100,000 synthetic articles a chunk's resident memory grew 38 kB a
#: row, 10.5 kB of it the features of the documents it brought, the rest 7.8 bytes per pair character.
PAIR_BYTES_PER_CHAR = 8
#: Bytes a candidate pair costs whatever its length.
ROW_BYTES = 1_000
#: Rows added to a chunk at a time (and the smallest chunk).
CHUNK_STEP = 1000
#: The share of the memory setting that verification's chunks may use (documents and band keys hold the rest).
VERIFY_SHARE = 0.25
#: Of what the setting leaves above the memory already resident when a verification pass starts, the share
#: its chunks may plan for: a chunk's peak rose up to 1.4 times its estimate above what was resident at two
#: million articles, and what stays resident grows a little through a pass (benchmarks/RESULTS.md,
#: 2026-12-02).
VERIFY_FILL = 0.6
#: The least of the setting verification's chunks plan for, however much is resident: a scan already over
#: its setting still verifies, in small chunks.
VERIFY_FLOOR = 1 / 16
#: The share the channels' band keys may hold in memory together (each channel an equal part of it); more
#: go to a temporary file, read a band at a time.
KEYS_SHARE = 0.125
#: The share of the memory setting the articles' texts may hold; past it they wait in a temporary file and
#: are read back when a stage needs them (:class:`dedup.spilled_documents.Documents`).
TEXTS_SHARE = 0.125
#: Bytes sorting a band costs per unit: its key and unit, the order and the sorted keys, the flags beside
#: them, and the part's pieces while they are gathered (:meth:`dedup.unit_tables.UnitTable.columns`).
SORT_BYTES_PER_UNIT = 40
#: The most a setting may say: a petabyte (1024TB), more memory than any one machine has. A larger value
#: (``99999999999TB``, past what a 64-bit process can address) was taken as given, and the scan planned
#: to hold everything in memory.
MAX_MEMORY = 1 << 50
_UNITS = {"": 1, "B": 1, "K": 1 << 10, "KB": 1 << 10, "M": 1 << 20, "MB": 1 << 20, "G": 1 << 30, "GB": 1 << 30,
          "T": 1 << 40, "TB": 1 << 40}
# the units are binary already: 4GiB (as container limits write it) is 4GB here; it was "a size such as 4GB"
_UNITS |= {f"{unit[0]}IB": size for unit, size in _UNITS.items() if unit in ("KB", "MB", "GB", "TB")}


def parse_size(value: int | str, what: str) -> int:
    """Bytes from a size such as ``2MB``, ``512KB``, ``1.5G``, ``4GiB`` (the units binary) or a whole number of
    bytes; ``what`` names the setting in the :class:`SettingsError` of anything else (no bounds here).

    >>> parse_size("2MB", "--max-body"), parse_size("512 kib", "--max-body"), parse_size(1024, "--max-body")
    (2097152, 524288, 1024)
    """
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", value)
        unit = match.group(2).upper() if match else ""
        if match is None or unit not in _UNITS:
            raise SettingsError(f"{what} must be a size such as 4GB or 512MB, got {value[:40]!r}")
        number = float(match.group(1)) * _UNITS[unit]
        if not math.isfinite(number):  # more digits than a float holds: an OverflowError traceback
            raise SettingsError(f"{what} must be a size such as 4GB or 512MB, got {value[:40]!r}")
        return int(number)
    if isinstance(value, bool) or not isinstance(value, int):  # a float was told it was under 64MB
        raise SettingsError(f"{what} must be a size such as 4GB or 512MB, or a whole number of bytes, got {value!r}")
    return value


def parse_memory(value: int | str, what: str = "memory") -> int:
    """Bytes from ``4GB``, ``512MB``, ``1.5G`` or a number of bytes; at least 64 MB, at most a petabyte
    (:data:`MAX_MEMORY`). ``what`` names the setting as its caller was given it (``--memory`` on the command
    line, where "memory must be ..." named no option; ``memory`` to the Python API).

    >>> parse_memory("4GB"), parse_memory("512 mb"), parse_memory(1 << 30), parse_memory("4GiB")
    (4294967296, 536870912, 1073741824, 4294967296)
    """
    given = value if not isinstance(value, str) else value[:40]
    value = parse_size(value, what)
    if value < 64 << 20:  # "--memory 63MB" was told "got 66060288"
        # "got '1B' (1 bytes)": one byte said in the singular; a plain number ("1") not said again
        said = isinstance(given, str) and value > 0 and given.strip() != str(value)
        raise SettingsError(f"{what} must be at least 64MB, got {given!r}"
                            + (f" ({value:,} byte{'s' * (value != 1)})" if said else ""))
    if value > MAX_MEMORY:
        raise SettingsError(f"{what} must be at most 1024TB (a petabyte, more than any machine has), got {given!r}")
    return value


def text_spill(memory: int | str = DEFAULT_MEMORY) -> int:
    """Characters of text a scan under the ``memory`` setting holds before the texts go to a file.

    >>> text_spill("4GB") // (1 << 20)
    512
    """
    return int(parse_memory(memory) * TEXTS_SHARE)


def keys_spill(memory: int | str = DEFAULT_MEMORY, channels: int = 3) -> int:
    """Bytes of band keys each of ``channels`` channels holds before its keys (and its units' spans) go to
    a file: an equal part of the keys' share of the setting.

    >>> keys_spill("4GB", 2) // (1 << 20)
    256
    """
    return int(parse_memory(memory) * KEYS_SHARE) // max(1, channels)


#: The fewest units a band's key range holds on average (a range is one pass over the whole band): a
#: tiny budget must not cut a band in one range a key.
MIN_RANGE_UNITS = 1 << 16


def band_ranges(units: int, budget: int | None) -> int:
    """Key ranges (a power of two) to cut a band of ``units`` units in, so that sorting one costs at most
    ``budget`` bytes (one range without a budget): a million articles' passage windows are 9.5 million
    units a band, and the sort of a whole band grew with the corpus past any setting. Never so many that
    a range holds fewer than :data:`MIN_RANGE_UNITS` units on average: each range reads the whole band
    again, and a budget of a few bytes (the library accepts 0; the command line's floor is 64MB) made
    a 30-article band take minutes.

    >>> band_ranges(9_500_000, 64 << 20), band_ranges(950_000, 64 << 20), band_ranges(10, None)
    (8, 1, 1)
    >>> band_ranges(5_000, 0), band_ranges(10_000_000, 1)
    (1, 128)
    """
    if budget is None:
        return 1
    need = -(-units * SORT_BYTES_PER_UNIT // max(1, budget))
    most = 1 << (max(1, units // MIN_RANGE_UNITS).bit_length() - 1)  # the largest power of two that fits
    return min(1 << max(0, need - 1).bit_length(), most)


def verify_budget(memory: int | str = DEFAULT_MEMORY, resident: int | None = None) -> int:
    """Bytes verification's chunks may plan for under the ``memory`` setting: :data:`VERIFY_SHARE` of it, or
    less when the bytes already ``resident`` (when known) leave less: :data:`VERIFY_FILL` of what the
    setting leaves above them, and never less than :data:`VERIFY_FLOOR` of the setting. A fixed share came
    on top of what the earlier stages left resident: two million articles under 1GB peaked at 1,069 MB in
    verification.

    >>> [verify_budget("1GB", held) >> 20 for held in (None, 300 << 20, 700 << 20, 2 << 30)]
    [256, 256, 194, 64]
    """
    memory = parse_memory(memory)
    share = int(memory * VERIFY_SHARE)
    if resident is None:
        return share
    return max(int(memory * VERIFY_FLOOR), min(share, int((memory - resident) * VERIFY_FILL)))


def verify_chunks(pairs: np.ndarray, lengths: np.ndarray, memory: int | str = DEFAULT_MEMORY, *,
                  resident: int | None = None, scale: float = 1.0) -> list[int]:
    """Where the chunks of candidate ``pairs`` (rows of two document numbers) verified under the ``memory``
    setting start, and the end: ``[0, ..., len(pairs)]``; ``resident``: the bytes already held when known
    (:func:`verify_budget`); ``scale``: what a chunk was measured to cost for each byte estimated
    (:func:`measured_scale`), its estimates multiplied by it.

    A chunk costs the features of the distinct documents it involves (``lengths``: characters of each
    document's text, by number) and, per row, a share that grows with the pair's texts, so rows that
    share documents (forms, versions of one story) fill a chunk slower than rows that each bring two
    documents of their own. Rows join a chunk :data:`CHUNK_STEP` at a time; a chunk holds at least one
    step, whatever it costs.

    >>> verify_chunks(np.array([[0, 1]] * 2500), np.array([100, 100]), "64MB")
    [0, 2500]
    >>> verify_chunks(np.array([[2 * k, 2 * k + 1] for k in range(2500)]), np.full(5000, 1000), "64MB")
    [0, 1000, 2000, 2500]
    """
    budget = int(verify_budget(memory, resident) / max(1.0, scale))
    total = len(pairs)
    row_cost = ROW_BYTES + PAIR_BYTES_PER_CHAR * (lengths[pairs].sum(axis=1) if total else np.zeros(0, np.int64))
    starts, cost = [0], 0
    seen = np.zeros(len(lengths), dtype=bool)
    for lo in range(0, total, CHUNK_STEP):
        block = pairs[lo : lo + CHUNK_STEP]
        docs = np.unique(block)
        rows = int(row_cost[lo : lo + CHUNK_STEP].sum())
        new = docs[~seen[docs]]
        if lo > starts[-1] and cost + rows + int(lengths[new].sum()) * DOC_BYTES_PER_CHAR > budget:
            starts.append(lo)
            seen[:] = False
            new, cost = docs, 0
        cost += rows + int(lengths[new].sum()) * DOC_BYTES_PER_CHAR
        seen[new] = True
    return starts + [total]


def chunk_cost(pairs: np.ndarray, lengths: np.ndarray) -> int:
    """The bytes :func:`verify_chunks` estimates one chunk of candidate ``pairs`` to cost (``lengths``: characters
    of each document's text, by number): its rows and the features of the distinct documents they involve.

    >>> chunk_cost(np.array([[0, 1], [0, 2]]), np.array([100, 100, 100]))
    8200
    """
    if not len(pairs):
        return 0
    rows = len(pairs) * ROW_BYTES + PAIR_BYTES_PER_CHAR * int(lengths[pairs].sum())
    return rows + DOC_BYTES_PER_CHAR * int(lengths[np.unique(pairs)].sum())


#: The most :func:`measured_scale` lets a chunk's measured cost shrink the next chunks (a chunk measured far
#: over its estimate is more likely other memory grown beside it than the chunk's own).
MAX_SCALE = 2.0


def measured_scale(scale: float, estimate: int, before: int | None, after: int | None) -> float:
    """``scale`` raised to what a chunk estimated at ``estimate`` bytes was measured to cost: the resident bytes
    ``after`` it (its features and evidence all still held) less those ``before`` it, per byte estimated; at
    most :data:`MAX_SCALE`, never lowered (the estimates stay an upper bound), unchanged where either is
    unknown. The estimates were fitted to texts held in memory: the first 300,000 articles of the synthetic
    million, their texts read back from their file, cost 270-285 MB a chunk planned for 256 (against 210-225 at
    100,000 with the texts held), so verification's peak rose with the corpus (benchmarks/RESULTS.md,
    2026-12-03).

    >>> measured_scale(1.0, 100, 1000, 1150), measured_scale(1.2, 100, 1000, 1050), measured_scale(1.0, 100, None, 5)
    (1.5, 1.2, 1.0)
    """
    if before is None or after is None or estimate <= 0:
        return scale
    return max(scale, min(MAX_SCALE, (after - before) / estimate))
