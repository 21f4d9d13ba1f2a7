"""The scale benchmark's plot: a log-log SVG of time per stage and peak memory against articles."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from scale import main, svg  # noqa: E402

ROWS = [
    {"articles": n, "wall_seconds": s, "peak_mb": m, "peak_with_workers_mb": 2 * m,
     "stages": {"sign": {"seconds": s / 4}, "verify": {"seconds": s / 2}}}
    for n, s, m in ((1000, 17.0, 300.0), (10000, 98.0, 660.0), (100000, 900.0, 2800.0))
]


def test_plot_is_svg_with_one_line_per_series_on_log_axes() -> None:
    drawing = svg(ROWS)
    root = ET.fromstring(drawing)
    lines = root.findall("{http://www.w3.org/2000/svg}polyline")
    assert len(lines) == 5  # sign, verify, total; peak, peak with workers
    # log axes: 1e3..1e5 articles; three points per line, evenly spaced in x (sizes grow tenfold)
    xs = [float(p.split(",")[0]) for p in lines[0].get("points", "").split()]
    assert len(xs) == 3 and abs((xs[1] - xs[0]) - (xs[2] - xs[1])) < 0.2
    assert re.search(r">1e3<", drawing) and re.search(r">1e5<", drawing)


def test_replots_saved_results(tmp_path: Path) -> None:
    import json

    saved, out = tmp_path / "scale.json", tmp_path / "scale.svg"
    saved.write_text(json.dumps(ROWS))
    assert main(["--corpus", "unused", "--results", str(saved), "--svg", str(out)]) == 0
    assert out.read_text() == svg(ROWS)


def test_merges_results_of_several_runs_by_size(tmp_path: Path) -> None:
    import json

    big, small, out = tmp_path / "big.json", tmp_path / "small.json", tmp_path / "scale.svg"
    big.write_text(json.dumps(ROWS[2:]))
    small.write_text(json.dumps(ROWS[:2]))
    assert main(["--corpus", "unused", "--results", str(big), str(small), "--svg", str(out)]) == 0
    assert out.read_text() == svg(ROWS)


def test_missing_corpus_is_one_line_and_status_2(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--corpus", str(tmp_path / "none.jsonl")]) == 2
    assert "not found" in capsys.readouterr().err


def test_proportional_set_size_of_a_process_and_its_children() -> None:
    import os

    import pytest

    from scale import _tree_pss, _tree_rss

    if not Path(f"/proc/{os.getpid()}/smaps_rollup").exists():
        pytest.skip("no /proc/PID/smaps_rollup here")
    own, tree = _tree_pss(os.getpid())
    rss, _ = _tree_rss(os.getpid())
    assert 0 < own <= rss and tree >= own  # a shared page counts a share of itself: never more than resident
    assert _tree_pss(1 << 30) == (0, 0)  # no such process: nothing
