"""What a scan keeps for a later stage in temporary files: spools of objects, rows of numbers (dedup.spools)."""

from __future__ import annotations

import numpy as np
import pytest


def test_a_spool_gives_back_what_it_was_given_in_order() -> None:
    from dedup.spools import Spool

    with Spool() as spool:
        spool.extend([{"row": k} for k in range(5)])
        spool.extend([])
        spool.extend([("tuple", k) for k in range(5, 12)])
        assert len(spool) == 12
        assert spool.take(3) == [{"row": 0}, {"row": 1}, {"row": 2}]
        assert spool.take(0) == []
        assert spool.take(4) == [{"row": 3}, {"row": 4}, ("tuple", 5), ("tuple", 6)]  # across the writes
        with pytest.raises(ValueError, match="no more"):
            spool.extend([1])
        with pytest.raises(ValueError, match="holds 5"):
            spool.take(6)
        assert spool.take(5) == [("tuple", k) for k in range(7, 12)] and len(spool) == 0
    assert spool._file.closed  # noqa: SLF001  # the file goes with the block


def test_rows_give_back_the_rows_asked_for_in_the_order_asked() -> None:
    from dedup import spools
    from dedup.spools import Rows

    kept = np.arange(2 * 300, dtype=np.int64).reshape(-1, 2) * 7
    rows = Rows(2)
    for lo in range(0, 300, 70):  # appended in blocks of their own
        rows.append(kept[lo : lo + 70])
    asked = np.array([299, 0, 5, 5, 140, 71, -1])
    assert len(rows) == 300 and rows.shape == (300, 2)
    assert rows[asked].tolist() == kept[asked].tolist() and rows[[]].shape == (0, 2)
    original = spools.GATHER_ROWS
    try:  # the rows asked for lie in many blocks, each read once
        spools.GATHER_ROWS = 16
        assert rows[asked].tolist() == kept[asked].tolist() and rows[list(range(300))].tolist() == kept.tolist()
    finally:
        spools.GATHER_ROWS = original
    with pytest.raises(IndexError, match="there are 300"):
        rows[[300]]
    with pytest.raises(ValueError, match="rows of 2 numbers"):
        rows.append(np.zeros((3, 3)))
    rows.close()


def test_rows_are_sliced_as_an_array_is() -> None:
    from dedup.spools import Rows

    table = np.arange(30, dtype=np.int64).reshape(10, 3)
    rows = Rows(3)
    rows.append(table)
    for cut in (slice(2, 5), slice(None), slice(7, 100), slice(4, 4), slice(-3, None), slice(1, 9, 3)):
        assert np.array_equal(rows[cut], table[cut]), cut
    rows.close()
