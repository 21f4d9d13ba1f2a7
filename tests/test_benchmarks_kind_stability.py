"""The kind's measure (``benchmarks/kind_stability.py``): the recorded vectors are the ones the decision
judged, and margins and the features they ride on are read as the kind's scores say."""

from __future__ import annotations

import numpy as np

from benchmarks.kind_stability import kind_scores, kinds_and_margins, recording, riding
from dedup.confidence import KINDS
from dedup.features import FEATURES


def _spec(weights: np.ndarray, bias: np.ndarray) -> dict:
    return {"mean": [0.0] * len(FEATURES), "scale": [1.0] * len(FEATURES), "kind_weights": weights.tolist(),
            "kind_bias": bias.tolist()}


def test_the_margin_is_the_gap_between_the_two_highest_kind_scores() -> None:
    weights = np.zeros((len(KINDS), len(FEATURES)))
    weights[1, FEATURES.index("source_used")] = -2.0
    spec = _spec(weights, np.array([-3.0, 1.0, 0.5]))
    x = np.zeros((2, len(FEATURES)))
    x[1, FEATURES.index("source_used")] = 1.0  # partial 1 - 2 = -1, under rewrite 0.5, over duplicate -3
    kinds, margins = kinds_and_margins(spec, x)
    assert kinds.tolist() == ["partial", "rewrite"]
    assert np.allclose(margins, [0.5, 1.5])
    # the gap of the second row rides on the one feature its two kinds weigh apart, and on nothing else
    assert riding(spec, x[1:], kind_scores(spec, x[1:])) == ["source_used 2.00"]


def test_the_recorded_vector_is_the_one_the_decision_judged() -> None:
    from dedup import Document, scan
    from dedup.confidence import default_model

    story = ("The central bank raised its main interest rate by a quarter point on Tuesday, citing prices that "
             "rose faster than expected in the spring. The governor said further moves would depend on wages. "
             "Markets had expected the increase after a run of strong figures from factories and shops.")
    docs = [Document("a", story), Document("b", story + " Shares fell slightly after the announcement.")]
    with recording() as found:
        result = scan(docs, workers=1)
    (pair,) = result.pairs
    x = np.array(found[frozenset(("a", "b"))])
    judged = default_model().judge(x)
    assert judged.kind == pair.verdict and round(judged.confidence, 4) == round(pair.confidence, 4)
    assert kinds_and_margins(default_model().spec, x[None, :])[0][0] == pair.verdict
