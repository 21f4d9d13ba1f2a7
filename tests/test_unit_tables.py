"""A channel's units with their keys and spans in files past the setting (dedup.unit_tables)."""

from __future__ import annotations

import tempfile

import numpy as np
import pytest

import dedup.unit_tables as unit_tables
from dedup.candidates import NO_BAND
from dedup.channels import DEFAULT_CHANNELS, SPARSE_CHANNELS
from dedup.errors import SettingsError
from dedup.unit_tables import SpanColumn, UnitDocs, UnitTable

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
    every = np.arange(len(doc))
    assert isinstance(doc, UnitDocs) and doc[every].tolist() == expected[0].tolist()
    assert doc.nbytes < 2 * len(doc)  # about a byte a unit, spilled or not
    assert isinstance(start, SpanColumn) == (spill is not None)
    assert start[every].tolist() == expected[1].tolist() and end[every].tolist() == expected[2].tolist()
    assert np.array_equal(np.stack(list(table.columns()), axis=1), expected[3])
    whole = table.arrays()
    assert all(a.dtype == np.int64 for a in whole[:3]) and whole[1].tolist() == expected[1].tolist()
    table.close()
    assert table._spans is None and table._file is None and table.units()[0].shape == (0,)


# documents of units in order with gaps (documents without units), and in any order
DOCUMENTS = {"in order": np.sort(np.random.default_rng(5).integers(0, 900, 3000)),
             "a gap past a byte": np.array([0] * 5 + [1000] * 3 + [1001] * 300),
             "any order": np.random.default_rng(6).integers(-50, 1 << 40, 700)}


@pytest.mark.parametrize("doc", DOCUMENTS.values(), ids=DOCUMENTS.keys())
@pytest.mark.parametrize("batch", [1, 7, 256, 1000])
def test_unit_documents_are_looked_up_as_the_array_they_were_added_as(doc: np.ndarray, batch: int) -> None:
    table = UnitTable(PASSAGE)
    keys = np.zeros((batch, PASSAGE.banding.bands), dtype=np.uint64)
    for lo in range(0, len(doc), batch):
        part = doc[lo : lo + batch]
        table.add(part, part, part + 1, keys[: len(part)])
    units = table.units()[0]
    rng = np.random.default_rng(7)
    asked = rng.integers(0, len(doc), (40, 3))
    assert len(units) == len(doc) and np.array_equal(units[asked], doc[asked])
    assert units[asked].dtype == np.int64
    if doc.max() < 1 << 31:
        assert units.astype(np.int32)[asked[0]].tolist() == doc[asked[0]].tolist()
        assert units.astype(np.int32)[asked[0]].dtype == np.int32
    assert np.array_equal(np.asarray(units), doc) and np.array_equal(table.spans()[0], doc)
    assert np.array_equal(UnitDocs.of(doc, block=8)[asked], doc[asked])


def test_unit_documents_in_order_take_a_byte_a_unit() -> None:
    doc = DOCUMENTS["in order"]
    assert UnitDocs.of(doc).nbytes == len(doc) + 8 * -(-len(doc) // unit_tables.DOC_BLOCK)
    with pytest.raises(ValueError, match="power of two"):
        UnitDocs(np.zeros(1, np.int64), np.zeros(1, np.uint8), block=3)


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
    table.finish()
    if spill is not None:  # counted with the other keys: past the spill, in a file of their own
        assert table._dense_spilled and not table._dense_keys and not table._dense_units
        assert sum(table._dense_spilled) == len(long)
        for (units, keys), ((held_units, held_keys),) in zip((a[0] for a in list(table.columns())[32:]), columns[32:]):
            assert np.array_equal(units, held_units) and np.array_equal(keys, held_keys)
    table.close()
    assert len(list(table.columns())) == 48 and table.arrays()[3].shape == (0, 48)


def test_long_documents_keys_count_against_the_spill() -> None:
    doc = np.arange(10, dtype=np.int64)
    keys = np.zeros((10, DENSE.key_bands), dtype=np.uint64)
    keys[:, :32] = 1
    keys[:, 32:] = 2  # every unit a long document's: 16 more keys and a unit number each, 136 bytes a unit
    table = UnitTable(DENSE, spill=10 * 8 * 32 + 10 * 8 * 16)  # the 32 bands' keys fit, not with the others'
    table.add(doc, doc, doc + 1, keys)
    assert table._file is not None and table._dense_spilled == [10] and not table._dense_keys
    table.add(doc[:1] + 10, doc[:1], doc[:1] + 1, keys[:1])  # under the spill: held, until signing is done
    assert table._dense_spilled == [10] and len(table._dense_keys) == 1
    table.finish()
    assert table._dense_spilled == [10, 1] and not table._dense_keys and not table._dense_units
    assert [units.tolist() for ((units, _),) in list(table.columns())[32:]] == [list(range(11))] * 16


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
            assert (np.diff(units) > 0).all() and ((keys >> np.uint64(61)) == r).all()  # the top bit is clear
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
