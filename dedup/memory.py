"""The memory setting of a scan (``--memory``): what it means in chunk sizes.

A scan holds its documents and, per channel, the spans of its units; everything else that grows with the
corpus is cut to the setting: candidate pairs are verified in chunks (:func:`verify_rows`) and band keys
past a share of it wait in a temporary file (:data:`KEYS_SHARE`). The result never depends on it.
"""

from __future__ import annotations

import re

from dedup.errors import SettingsError

__all__ = ["DEFAULT_MEMORY", "parse_memory", "verify_rows", "KEYS_SHARE"]

#: The memory a scan plans for when not told: what a laptop can spare.
DEFAULT_MEMORY = 4 << 30
#: Bytes one candidate pair costs while it is verified (the features of its documents, its evidence, the
#: workers' share), measured on the syndication set at 100,000 articles (benchmarks/RESULTS.md), rounded up.
ROW_BYTES = 40_000
#: The share of the memory setting that verification's chunks may use (documents and band keys hold the rest).
VERIFY_SHARE = 0.25
#: The share each channel's band keys may hold in memory; more go to a temporary file, read a band at a time.
KEYS_SHARE = 0.125
_UNITS = {"": 1, "B": 1, "K": 1 << 10, "KB": 1 << 10, "M": 1 << 20, "MB": 1 << 20, "G": 1 << 30, "GB": 1 << 30,
          "T": 1 << 40, "TB": 1 << 40}


def parse_memory(value: int | str) -> int:
    """Bytes from ``4GB``, ``512MB``, ``1.5G`` or a number of bytes; at least 64 MB.

    >>> parse_memory("4GB"), parse_memory("512 mb"), parse_memory(1 << 30)
    (4294967296, 536870912, 1073741824)
    """
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", value)
        unit = match.group(2).upper() if match else ""
        if match is None or unit not in _UNITS:
            raise SettingsError(f"memory must be a size such as 4GB or 512MB, got {value!r}")
        value = int(float(match.group(1)) * _UNITS[unit])
    if isinstance(value, bool) or not isinstance(value, int) or value < 64 << 20:
        raise SettingsError(f"memory must be at least 64MB, got {value!r}")
    return value


def verify_rows(memory: int | str = DEFAULT_MEMORY) -> int:
    """Candidate pairs verified per chunk under the ``memory`` setting (at least 1,000)."""
    return max(1000, int(parse_memory(memory) * VERIFY_SHARE) // ROW_BYTES)
