"""Random link choices and score cells the link steps' tests share (tests/test_links.py, tests/test_link_gaps.py,
tests/test_link_kinds.py): the compiled steps and their Python references are compared on them."""

from __future__ import annotations

import numpy as np


def _cells(rng: np.random.Generator, shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scores of few distinct values (near-ties within 0.02, equal maxima in rows and columns, rows of
    zeros) or of any value, and where a pair may link strongly and weakly."""
    if rng.random() < 0.5:
        score = rng.choice([0.0, 0.1, 0.2, 0.25, 0.3, 0.31, 0.4, 0.45, 0.5, 0.51, 0.6, 0.9], size=shape)
    else:
        score = rng.random(shape)
    strong = rng.random(shape) < 0.6
    weak = strong | (rng.random(shape) < 0.5)
    return score, strong, weak


def _random_choice(rng: np.random.Generator, n: int, m: int, values: list[float]) -> dict:
    """Links of some derived sentences (of ``n``) to one source or two neighbours (of ``m``), in order or not,
    with scores of few distinct values (equal scores: which one a max keeps)."""
    choice = {}
    in_order = rng.random() < 0.5  # sources following the derived sentences, as a taken text's do
    for j in range(n):
        if m and rng.random() < 0.45:
            i = min(m - 1, max(0, j * m // n + int(rng.integers(-1, 2)))) if in_order else int(rng.integers(0, m))
            sources = (i, i + 1) if i + 1 < m and rng.random() < 0.2 else (i,)
            choice[j] = (sources, float(rng.choice(values)))
    return choice
