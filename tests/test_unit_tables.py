"""A channel's units with their keys and spans in files past the setting (dedup.unit_tables)."""

from __future__ import annotations

import tempfile

import numpy as np
import pytest

import dedup.unit_tables as unit_tables
from dedup.candidates import DEFAULT_CHANNELS, NO_BAND, SPARSE_CHANNELS
from dedup.errors import SettingsError
from dedup.unit_tables import SpanColumn, UnitTable

PASSAGE = next(c for c in SPARSE_CHANNELS if c.name == "passage")
DENSE = next(c for c in DEFAULT_CHANNELS if c.name == "passage")  # long documents' windows in 16 more bands


def _batches(rng: np.random.Generator, n_batches: int = 9):  # type: ignore[no-untyped-def]
    first = 0
    for _ in range(n_batches):
        n = int(rng.integers(0, 40))
        doc = np.sort(rng.integers(first, first + 10, n)).astype(np.int64)
        start = rng.integers(0, 10_000, n).astype(np.int64)
        keys = rng.integers(0, 1 << 63, (n, PASSAGE.banding.bands), dtype=np.int64).astype(np.uint64)
        yield doc, start, start + rng.integers(1, 300, n), keys
        first += 10


@pytest.mark.parametrize("spill", [None, 0, 20_000])
def test_units_and_keys_are_the_same_spilled_or_not(spill: int | None) -> None:
    batches = list(_batches(np.random.default_rng(1)))
    table = UnitTable(PASSAGE, spill=spill)
    for batch in batches:
        table.add(*batch)
    doc, start, end = table.units()
    expected = [np.concatenate([b[k] for b in batches]) for k in range(4)]
    assert doc.tolist() == expected[0].tolist()
    assert doc.dtype == (np.int64 if spill is None else np.int32)  # a spilled table holds its documents narrow
    assert isinstance(start, SpanColumn) == (spill is not None)
    every = np.arange(len(doc))
    assert start[every].tolist() == expected[1].tolist() and end[every].tolist() == expected[2].tolist()
    assert np.array_equal(np.stack(list(table.columns()), axis=1), expected[3])
    whole = table.arrays()
    assert all(a.dtype == np.int64 for a in whole[:3]) and whole[1].tolist() == expected[1].tolist()
    table.close()
    assert table._spans is None and table._file is None and table.units()[0].shape == (0,)


@pytest.mark.parametrize("spill", [None, 0, 20_000])
def test_a_long_documents_own_bands_are_kept_apart_and_given_back(spill: int | None) -> None:
    rng = np.random.default_rng(4)
    batches = []
    for doc, start, end, keys in _batches(rng):
        extra = rng.integers(1, 1 << 63, (len(doc), DENSE.dense_bands), dtype=np.int64).astype(np.uint64)
        extra[doc % 3 != 0] = NO_BAND  # the units of documents 0, 3, 6, ... are a long document's
        batches.append((doc, start, end, np.concatenate([keys, extra], axis=1)))
    table = UnitTable(DENSE, spill=spill)
    for batch in batches:
        table.add(*batch)
    every = np.concatenate([b[3] for b in batches])
    columns = list(table.columns())
    assert len(columns) == DENSE.key_bands == 48
    assert np.array_equal(np.stack(columns[:32], axis=1), every[:, :32])  # every unit's, as without them
    long = np.flatnonzero(every[:, 32] != NO_BAND)
    for band, ((units, keys),) in enumerate(columns[32:], start=32):  # the long documents' units alone
        assert units.tolist() == long.tolist() and np.array_equal(keys, every[long, band])
    assert np.array_equal(table.arrays()[3], every)
    table.close()
    assert len(list(table.columns())) == 48 and table.arrays()[3].shape == (0, 48)


def test_a_span_column_gathers_as_numpy_indexing_does(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(unit_tables, "GATHER_ROWS", 7)  # many blocks, some not asked for
    rng = np.random.default_rng(2)
    rows = rng.integers(0, 1 << 40, (200, 2), dtype=np.int64)
    with tempfile.TemporaryFile() as file:
        file.write(rows.tobytes())
        file.flush()
        start, end = SpanColumn(file, len(rows), 0), SpanColumn(file, len(rows), 1)
        units = rng.integers(0, len(rows), (30, 2))  # repeats, any order, any shape
        assert np.array_equal(start[units], rows[:, 0][units]) and np.array_equal(end[units], rows[:, 1][units])
        assert start[np.zeros(0, dtype=np.int64)].shape == (0,) and len(start) == 200
        for wrong in ([200], [-1]):
            with pytest.raises(IndexError, match="out of range"):
                start[np.array(wrong)]


@pytest.mark.parametrize("spill", [None, 0, 20_000], ids=["held", "spilled", "some held"])
def test_a_band_in_key_ranges_is_its_column_cut_by_the_keys_leading_bits(spill: int | None) -> None:
    table = UnitTable(PASSAGE, spill=spill)
    for batch in _batches(np.random.default_rng(3), 12):
        table.add(*batch)
    columns = list(table.columns())
    for band, parts in enumerate(table.columns(4)):
        parts = list(parts)
        assert len(parts) == 4
        for r, (units, keys) in enumerate(parts):
            assert (np.diff(units) > 0).all() and ((keys >> np.uint64(62)) == r).all()
            assert np.array_equal(columns[band][units], keys)
        assert sorted(np.concatenate([u for u, _ in parts]).tolist()) == list(range(len(columns[band])))
    with pytest.raises(SettingsError, match="power of two"):
        next(table.columns(3))


def test_a_spilled_table_finished_holds_no_keys_and_reads_the_same_bands() -> None:
    batches = list(_batches(np.random.default_rng(4), 12))
    table, held = UnitTable(PASSAGE, spill=20_000), UnitTable(PASSAGE)
    for batch in batches:
        table.add(*batch)
        held.add(*batch)
    assert table._spilled and table.keys  # some keys in the file, the last ones held
    table.finish()
    held.finish()  # never spilled: nothing to write, every key stays
    assert not table.keys and held.keys and not held._spilled
    assert all(np.array_equal(a, b) for a, b in zip(table.columns(), held.columns()))
