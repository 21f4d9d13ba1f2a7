"""The memory setting: how it is read, and how it cuts verification into chunks (dedup.memory)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from dedup.errors import SettingsError

from dedup.memory import (CHUNK_STEP, DOC_BYTES_PER_CHAR, PAIR_BYTES_PER_CHAR, ROW_BYTES, VERIFY_SHARE, parse_memory,
                          verify_chunks)


def _cover(starts: list[int], total: int) -> None:
    assert starts[0] == 0 and starts[-1] == total
    assert all(b > a for a, b in zip(starts, starts[1:]))


def test_rows_sharing_documents_fill_one_chunk() -> None:
    # A form filled in again and again: many rows, few documents; the same rows over documents of their
    # own need more room.
    n = 20 * CHUNK_STEP
    shared = np.array([[k % 50, 50 + k % 7] for k in range(n)])
    own = np.arange(2 * n).reshape(n, 2)
    lengths = np.full(2 * n, 500)
    assert verify_chunks(shared, lengths, "1GB") == [0, n]
    assert len(verify_chunks(own, lengths, "1GB")) > 2


def test_rows_bringing_documents_of_their_own_are_cut_to_the_setting() -> None:
    n = 20 * CHUNK_STEP
    pairs = np.arange(2 * n).reshape(n, 2)
    lengths = np.full(2 * n, 5000)
    starts = verify_chunks(pairs, lengths, "1GB")
    _cover(starts, n)
    budget = parse_memory("1GB") * VERIFY_SHARE
    per_row = 2 * 5000 * (DOC_BYTES_PER_CHAR + PAIR_BYTES_PER_CHAR) + ROW_BYTES
    assert len(starts) - 1 == -(-n // (budget // per_row // CHUNK_STEP * CHUNK_STEP))
    for lo, hi in zip(starts, starts[1:]):
        assert (hi - lo) * per_row <= budget


def test_a_larger_setting_makes_fewer_chunks() -> None:
    n = 30 * CHUNK_STEP
    pairs = np.arange(2 * n).reshape(n, 2)
    lengths = np.full(2 * n, 3000)
    small, large = verify_chunks(pairs, lengths, "128MB"), verify_chunks(pairs, lengths, "1GB")
    _cover(small, n)
    _cover(large, n)
    assert len(small) > len(large)


def test_a_chunk_holds_one_step_whatever_it_costs() -> None:
    n = 3 * CHUNK_STEP + 5
    pairs = np.arange(2 * n).reshape(n, 2)
    starts = verify_chunks(pairs, np.full(2 * n, 10_000_000), "64MB")
    assert starts == [0, CHUNK_STEP, 2 * CHUNK_STEP, 3 * CHUNK_STEP, n]


def test_no_candidates_is_one_empty_chunk() -> None:
    assert verify_chunks(np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.int64)) == [0, 0]


def test_bad_setting_is_refused() -> None:
    from dedup.errors import SettingsError

    with pytest.raises(SettingsError, match="memory"):
        verify_chunks(np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.int64), "lots")


def test_the_keys_share_is_split_between_the_channels() -> None:
    from dedup.memory import KEYS_SHARE, keys_spill

    assert keys_spill("1GB", 1) == int(parse_memory("1GB") * KEYS_SHARE)
    assert keys_spill("1GB", 3) == int(parse_memory("1GB") * KEYS_SHARE) // 3
    assert keys_spill("1GB", 0) == keys_spill("1GB", 1)
    with pytest.raises(SettingsError):
        keys_spill("a lot")


def test_the_chunks_plan_for_what_the_setting_leaves_above_what_is_resident() -> None:
    from dedup.memory import VERIFY_FILL, VERIFY_FLOOR, verify_budget

    setting = parse_memory("1GB")
    assert verify_budget(setting) == int(setting * VERIFY_SHARE)  # resident unknown: the share
    assert verify_budget(setting, 100 << 20) == int(setting * VERIFY_SHARE)  # plenty left: the share still
    held = 700 << 20
    assert verify_budget(setting, held) == int((setting - held) * VERIFY_FILL) < int(setting * VERIFY_SHARE)
    assert verify_budget(setting, 2 * setting) == int(setting * VERIFY_FLOOR)  # over the setting: small chunks
    # rows that each bring documents of their own: more resident, more chunks
    pairs = np.array([[2 * k, 2 * k + 1] for k in range(20_000)])
    lengths = np.full(40_000, 2_000)
    assert len(verify_chunks(pairs, lengths, setting, resident=held)) > len(verify_chunks(pairs, lengths, setting))


@pytest.mark.parametrize("value,says", [
    ("9" * 400 + "GB", "memory must be a size such as 4GB or 512MB, got '9999"),
    (4.5e9, "memory must be a size such as 4GB or 512MB, or a whole number of bytes, got 4500000000.0"),
    (None, "memory must be a size such as 4GB or 512MB, or a whole number of bytes, got None"),
], ids=["more-digits-than-a-float-holds", "a-float", "none"])
def test_a_size_that_is_no_size_is_refused_as_one(value: object, says: str) -> None:
    # were an OverflowError traceback (dedup scan --memory 999...9GB), and 'at least 64MB' for 4.5 GB
    from typer.testing import CliRunner

    from conftest import CORPUS
    from dedup.cli import app
    from dedup.memory import parse_memory

    with pytest.raises(SettingsError, match=re.escape(says)):
        parse_memory(value)  # type: ignore[arg-type]
    if isinstance(value, str):
        result = CliRunner().invoke(app, ["scan", str(CORPUS), "--memory", value])
        assert result.exit_code == 2 and result.output.startswith("Error: --memory must be a size")  # a usage error
        assert result.output.count("\n") == 1


@pytest.mark.parametrize("value, says", [
    ("99999999999TB", "at most 1024TB"),      # taken as given: the scan planned to hold everything
    ("1025TB", "at most 1024TB"),
    (1 << 60, "at most 1024TB"),
    ("0", "at least 64MB"),
    ("-1GB", "a size such as"),
    ("nan", "a size such as"),
    ("inf", "a size such as"),
    ("1e3GB", "a size such as"),
    ("", "a size such as"),
    ("GB", "a size such as"),
    ("4 XB", "a size such as"),
    ("9" * 400 + "TB", "a size such as"),
], ids=["huge", "past-a-petabyte", "huge-int", "zero", "negative", "nan", "inf", "exponent", "empty",
        "unit-alone", "unknown-unit", "400-digits"])
def test_a_memory_setting_no_machine_has_is_refused(value: object, says: str) -> None:
    with pytest.raises(SettingsError, match=says):
        parse_memory(value)  # type: ignore[arg-type]


def test_a_petabyte_is_the_largest_setting() -> None:
    assert parse_memory("1024TB") == 1 << 50


def test_a_chunk_is_estimated_as_verify_chunks_fills_it() -> None:
    from dedup.memory import chunk_cost, verify_budget

    n = 20 * CHUNK_STEP
    rng = np.random.default_rng(3)
    pairs = rng.integers(0, 30_000, size=(n, 2))
    lengths = rng.integers(200, 8_000, size=30_000)
    starts = verify_chunks(pairs, lengths, "1GB")
    budget = verify_budget("1GB")
    costs = [chunk_cost(pairs[lo:hi], lengths) for lo, hi in zip(starts, starts[1:])]
    assert len(costs) > 2 and all(cost <= budget for cost in costs)
    # each chunk but the last stopped because one more step would pass the budget
    assert all(chunk_cost(pairs[lo : hi + CHUNK_STEP], lengths) > budget for lo, hi in zip(starts, starts[1:-1]))
    assert chunk_cost(pairs[:0], lengths) == 0


def test_chunks_measured_over_their_estimate_shrink_the_next_ones() -> None:
    from dedup.memory import MAX_SCALE, chunk_cost, measured_scale, verify_budget

    n = 40 * CHUNK_STEP
    pairs = np.arange(2 * n).reshape(n, 2)
    lengths = np.full(2 * n, 3000)
    estimate = chunk_cost(pairs[:CHUNK_STEP], lengths)
    scale = measured_scale(1.0, estimate, 100 << 20, (100 << 20) + int(1.5 * estimate))
    assert scale == pytest.approx(1.5)
    assert measured_scale(scale, estimate, 0, estimate // 2) == scale  # cheaper than estimated: kept
    assert measured_scale(1.0, estimate, 0, 10 * estimate) == MAX_SCALE
    assert measured_scale(1.3, estimate, None, 5) == 1.3 and measured_scale(1.3, 0, 0, 5) == 1.3
    plain, scaled = verify_chunks(pairs, lengths, "1GB"), verify_chunks(pairs, lengths, "1GB", scale=scale)
    _cover(scaled, n)
    assert len(scaled) > len(plain)
    budget = verify_budget("1GB")
    assert all(scale * chunk_cost(pairs[lo:hi], lengths) <= budget for lo, hi in zip(scaled, scaled[1:]))
    assert verify_chunks(pairs, lengths, "1GB", scale=0.5) == plain  # never larger than the estimates allow


@pytest.mark.parametrize(("value", "size"), [("4GiB", 4 << 30), ("512MiB", 512 << 20), ("1.5 gib", 3 << 29),
                                             ("65536KiB", 64 << 20), ("1TiB", 1 << 40)])
def test_a_memory_setting_in_binary_units_is_read(value: str, size: int) -> None:
    # "4GiB" (as container limits write it) was refused: "memory must be a size such as 4GB or 512MB"
    assert parse_memory(value) == size


def test_a_memory_setting_under_64mb_is_refused_as_given() -> None:
    # "63MB" was told "got 66060288"
    with pytest.raises(SettingsError, match=r"at least 64MB, got '63MB' \(66,060,288 bytes\)"):
        parse_memory("63MB")


@pytest.mark.parametrize("value, says", [("1B", "got '1B' (1 byte)"), ("1", "got '1'"), (" 2 ", "got ' 2 '"),
                                         ("2B", "got '2B' (2 bytes)"), ("1KB", "got '1KB' (1,024 bytes)")])
def test_a_byte_is_said_in_the_singular_and_a_plain_number_not_twice(value: str, says: str) -> None:
    # "--memory 1B" was told "got '1B' (1 bytes)", and "--memory 1" "got '1' (1 bytes)"
    with pytest.raises(SettingsError) as refused:
        parse_memory(value)
    assert str(refused.value).endswith(says)


@pytest.mark.parametrize("value, says", [("lots", "a size such as"), ("63MB", "at least 64MB"), ("1025TB", "at most 1024TB")],
                         ids=["no-size", "too-small", "too-large"])
def test_a_bad_memory_setting_names_the_option_as_it_was_given(value: str, says: str) -> None:
    # the command line was told "memory must be ...", naming no option; the Python API's keyword is memory
    from typer.testing import CliRunner

    from conftest import CORPUS
    from dedup.cli import app

    result = CliRunner().invoke(app, ["scan", str(CORPUS), "--memory", value])
    assert result.exit_code == 2 and result.output.startswith(f"Error: --memory must be {says}")
    assert result.output.count("\n") == 1
    with pytest.raises(SettingsError, match=f"^memory must be {says}"):
        parse_memory(value)
