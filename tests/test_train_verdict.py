"""The verdict trainer's calibration report: the reliability table and its diagram (pure helpers, no data)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np

from benchmarks.train_verdict import reliability, reliability_svg

# confidences in three bins: 0.0-0.1 (all not reuse), 0.5-0.6 (half), 0.9-1.0 (all reuse)
P = np.array([0.05, 0.05, 0.55, 0.55, 0.95, 0.95, 0.95])
Y = np.array([0, 0, 1, 0, 1, 1, 1])


def test_reliability_bins_mean_confidence_against_share_of_reuse() -> None:
    ece, rows = reliability(P, Y)
    assert [(r[0], r[1]) for r in rows] == [("0.0-0.1", 2), ("0.5-0.6", 2), ("0.9-1.0", 3)]
    assert rows[1][2:] == (0.55, 0.5)
    assert abs(ece - 0.05) < 1e-12  # every bin 0.05 from its share


def test_the_diagram_is_svg_with_a_point_per_bin_and_the_operating_point() -> None:
    svg = reliability_svg(P, Y, 0.6, "a <model>")
    root = ET.fromstring(svg)  # well-formed, the title escaped
    circles = root.findall("{http://www.w3.org/2000/svg}circle")
    assert len(circles) == 3
    ys = [float(c.get("cy")) for c in circles]
    assert ys[0] > ys[1] > ys[2]  # a larger share of reuse is drawn higher
    assert "operating point 0.60" in svg and "ECE 0.050" in svg and "a &lt;model&gt;" in svg
    assert re.search(r'<polyline points="[^"]+"', svg)
