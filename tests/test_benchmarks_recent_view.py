"""The recent view's benchmark (``benchmarks/recent_view.py``): it times the appends and lookups of a view
that holds every posting appended, the same work for the same seed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import recent_view  # noqa: E402


def test_the_view_timed_holds_every_posting_filled_and_appended() -> None:
    row = recent_view.run(stored=30, adds=12, postings=40, keys=20, lookup_every=3, seed=4)
    again = recent_view.run(stored=30, adds=12, postings=40, keys=20, lookup_every=3, seed=4)
    assert row["postings"] == again["postings"] and row["postings"] > 42 * 8  # at least 8 postings an article
    assert row["adds"] == 12 and len(row["slowest_appends"]) == 5  # type: ignore[arg-type]
    assert 0 <= row["append_ms_median"] <= row["append_ms_max"]  # type: ignore[operator]
    assert row["most_runs"] >= 1


@pytest.mark.parametrize("argv", [["--adds", "0"], ["--stored", "-3"], ["--keys", "0"]], ids=["adds", "stored", "keys"])
def test_a_count_below_one_is_refused(argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["recent_view.py", *argv])
    with pytest.raises(SystemExit) as raised:
        recent_view.main()
    assert raised.value.code == 2 and "take a number from 1 on" in capsys.readouterr().err
