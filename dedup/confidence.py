"""How sure dedup is that one text was taken from the other: one learned, calibrated confidence.

A pair's evidence is a fixed vector of named features (:mod:`dedup.features`). Logistic regressions
trained on labelled pairs (``python -m benchmarks.train_verdict``) and calibrated on a held-out part turn
the vector into a probability: three heads, each weighing the evidence of one kind of reuse (kept words, a
reworded passage in a longer document, a story retold with its facts), the strongest of them deciding; a
multinomial one over the same vector says which kind of reuse it is (``duplicate``, ``partial``,
``rewrite``), read again from how much of each text the alignment found taken (:mod:`dedup.reuse_kinds`).
They ship as plain numbers in ``dedup/data/verdict_model.json`` and are applied with a dot product each: no
scikit-learn at prediction time.

Why linear: each feature's share of the deciding head's score is its weight times its (standardised)
value, and those shares add up exactly to the log-odds. ``why`` lists the largest of them, for and
against, so the reasons a report gives are the reasons the model used, not a story told afterwards.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Sequence

import numpy as np

from dedup.errors import SettingsError
from dedup.features import _TRACED, FEATURES, TRACED, aligned_corners, aligned_ranges
from dedup.reuse_kinds import read_kinds

__all__ = ["KINDS", "Reason", "Judgement", "VerdictModel", "default_model", "why_dict", "CEILING_SLACK"]


#: The kinds of reuse a reported pair can be, in report order.
KINDS = ("duplicate", "partial", "rewrite")


@dataclass(frozen=True)
class Reason:
    """One feature's share of a decision: ``weight`` x standardised ``value``, in log-odds."""

    feature: str
    value: float
    contribution: float

    def to_dict(self) -> dict[str, Any]:
        return {"feature": self.feature, "value": round(self.value, 4), "contribution": round(self.contribution, 3)}


@dataclass(frozen=True)
class Judgement:
    """The model's answer for one pair: the probability that one text was taken from the other, the
    kind of reuse it most likely is, and the features that weighed most for and against."""

    confidence: float
    kind: str
    why: tuple[Reason, ...]

    def why_dict(self) -> dict[str, list[dict[str, Any]]]:
        return why_dict(self.why)


def why_dict(why: Sequence[Reason]) -> dict[str, list[dict[str, Any]]]:
    """``{"for": [...], "against": [...]}``: the JSON form of a judgement's reasons, largest first."""
    return {"for": [r.to_dict() for r in why if r.contribution > 0],
            "against": [r.to_dict() for r in why if r.contribution < 0]}


class VerdictModel:
    """Calibrated logistic regressions over standardised :data:`~dedup.features.FEATURES`: one or more *heads*, each
    weighing the evidence of one kind of reuse (the shipped model's: ``copy``, kept words; ``passage``, a
    reworded passage inside longer documents; ``rewrite``, a story told again with its facts), and a
    multinomial one for the kind. A pair's confidence is its strongest head's probability, and its
    reasons are that head's contributions. A head may require a feature (``"requires"`` in its spec:
    the shipped ``passage`` head requires a shared passage): it does not speak for a pair without it.
    Load the shipped model with :func:`default_model`.

    >>> model = default_model()
    >>> 0.0 < model.min_confidence < 1.0
    True
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        if list(spec.get("features", ())) != list(FEATURES):
            raise SettingsError("verdict model was trained on other features than this dedup computes: "
                                "regenerate it with python -m benchmarks.train_verdict")
        self.spec = spec
        self.mean_ = np.asarray(spec["mean"], dtype=np.float64)
        self.scale_ = np.asarray(spec["scale"], dtype=np.float64)
        heads = spec["heads"] if "heads" in spec else [{"name": "reuse", "weights": spec["weights"], "bias": spec["bias"]}]
        self.heads = tuple(str(h["name"]) for h in heads)
        #: one row of weights per head, and one bias per head (Platt scaling folded in)
        self.weights_ = np.asarray([h["weights"] for h in heads], dtype=np.float64).reshape(len(heads), len(FEATURES))
        self.bias_ = np.asarray([h["bias"] for h in heads], dtype=np.float64)
        #: per head, the feature that must be above 0 for it to speak (its ``requires``), or -1: the
        #: ``passage`` head weighs a shared passage, and a pair that shares none is not its to judge
        self.gates_ = np.array([_gate(h.get("requires")) for h in heads], dtype=np.int64)
        if (self.gates_ >= 0).all():
            raise SettingsError("verdict model: every head requires a feature, so some pairs would have no head: "
                                "regenerate it with python -m benchmarks.train_verdict")
        self.kind_weights_ = np.asarray(spec["kind_weights"], dtype=np.float64)
        self.kind_bias_ = np.asarray(spec["kind_bias"], dtype=np.float64)
        self.min_confidence = float(spec["min_confidence"])
        self._corner_cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        #: the model a scan without sentence alignment judges with (``--no-align``): fitted on the pairs
        #: as they are without their alignment, with its own operating point; this one when the spec has none
        loose = spec.get("unaligned")
        self.unaligned: VerdictModel = VerdictModel({"features": spec["features"]} | loose) if loose else self

    def judge(self, x: np.ndarray, *, reasons: int = 3) -> Judgement:
        """Confidence, kind and the ``reasons`` largest contributions each way for one vector ``x``."""
        return self.judge_many(np.atleast_2d(x), reasons=reasons)[0]

    def judge_many(self, x: np.ndarray, *, reasons: int = 3, explain_from: float = 0.0) -> list[Judgement]:
        """:meth:`judge` of each row of ``x``, computed as matrices: a scan judges tens of thousands of
        candidate pairs. Reasons are given for the rows whose confidence reaches ``explain_from`` (the
        reported ones), ``()`` for the others: sorting and naming the contributions is most of the cost.

        A row's answer does not depend on the rows beside it, to the last bit: each row's contributions
        are summed along the row, in the order a single vector's are, and the sigmoid is the same
        ``math.exp``; so one pair judged alone (compare, an index check) and in a scan agree exactly.
        """
        x = np.asarray(x, dtype=np.float64).reshape(-1, len(FEATURES))
        z = (x - self.mean_) / self.scale_
        # each head's contributions and log-odds, summed along the row (not a matrix product, whose
        # summation order depends on the batch's shape); the strongest head decides (ties: the first)
        parts = [w * z for w in self.weights_]
        scores = self._gated(x, np.stack([b + p.sum(axis=1) for b, p in zip(self.bias_, parts)], axis=1))
        deciding = np.argmax(scores, axis=1).tolist()
        logits = scores[np.arange(len(x)), deciding].tolist()
        kinds = np.argmax(np.stack([(w * z).sum(axis=1) for w in self.kind_weights_], axis=1) + self.kind_bias_,
                          axis=1).tolist()
        kinds = read_kinds([KINDS[kind] for kind in kinds], x)  # what the alignment measured of each text
        out = []
        for row, (logit, head, kind) in enumerate(zip(logits, deciding, kinds)):
            confidence = 1.0 / (1.0 + math.exp(-logit)) if logit > -700 else 0.0
            why = self._reasons(x[row], parts[head][row], reasons) if confidence >= explain_from else ()
            out.append(Judgement(confidence, kind, why))
        return out

    @staticmethod
    def _reasons(x: np.ndarray, parts: np.ndarray, reasons: int) -> tuple[Reason, ...]:
        """The ``reasons`` largest contributions for, then the ``reasons`` largest against."""
        order = np.argsort(-parts, kind="stable")
        picked = [int(k) for k in order[:reasons] if parts[k] > 0]
        picked += [int(k) for k in order[::-1][:reasons] if parts[k] < 0]
        return tuple(Reason(FEATURES[k], float(x[k]), float(parts[k])) for k in picked)

    def ceiling(self, x: np.ndarray, sentences: int) -> float:
        """The highest confidence a pair with the features ``x`` (of :func:`~dedup.features.pair_features` without an
        alignment) can reach once aligned, whatever the alignment, when neither text has more than
        ``sentences`` sentences: for each head, the features the alignment sets taken at the corner of
        their group that weighs most for reuse (:func:`~dedup.features.aligned_corners`: the shares of the derived text
        by kind add up to its share from the source, one verdict, ...), and the strongest head. A pair
        whose ceiling is under the bar is never reported, so it need not be aligned to be judged. The
        log-odds are raised by ``CEILING_SLACK``: an aligned pair at a corner sums its parts in another
        order. The features an alignment can only lower (:data:`~dedup.features.TRACED`) are taken at their value or at 0,
        whichever weighs more for reuse in each head."""
        return self.ceilings(x)(sentences)

    def ceilings(self, x: np.ndarray) -> Callable[[int], float]:
        """:meth:`ceiling` of ``x`` as a function of the count of sentences, the parts that do not depend
        on the count worked out once (a pair's ceiling is asked by its length first, then by its count):
        the same operations, so the same bits."""
        x = np.asarray(x, dtype=np.float64)
        z = (x - self.mean_) / self.scale_
        closed = self._closed(x[None, :])
        fixed_by: dict[bytes, np.ndarray] = {}
        # what each head gains where a feature the alignment can only lower weighs more at 0 than as it is
        lowered = (self.weights_[:, _TRACED] * ((0.0 - self.mean_[_TRACED]) / self.scale_[_TRACED] - z[_TRACED]))
        lift = np.maximum(lowered, 0.0).sum(axis=1)

        def at(sentences: int) -> float:
            kept, best = self._corners(sentences)
            key = kept.tobytes()  # the same columns for every count, as the groups are; told apart if not
            fixed = fixed_by.get(key)
            if fixed is None:
                fixed = fixed_by[key] = (self.weights_ * (kept * z)).sum(axis=1)
            logit = float(np.max(np.where(closed, -np.inf, (self.bias_ + fixed + lift + best + CEILING_SLACK)[None, :])))
            return 1.0 / (1.0 + math.exp(-logit)) if logit > -700 else 0.0

        return at

    def bound_over(self, x: np.ndarray, column: int, low: float, high: float) -> float:
        """The highest confidence of the vector ``x`` with its feature ``column`` at any value from ``low``
        to ``high``: each head's log-odds are linear in it, so at one end or the other (raised by
        ``CEILING_SLACK``, as :meth:`ceiling`'s). A pair under the bar at its bound is not reported whatever
        the feature's value, which then need not be read."""
        x = np.asarray(x, dtype=np.float64)
        ends = np.array([x, x])
        ends[:, column] = (low, high)
        z = (ends - self.mean_) / self.scale_
        scores = np.stack([b + (w * z).sum(axis=1) for b, w in zip(self.bias_, self.weights_)], axis=1)
        logit = float(np.max(self._gated(ends, scores))) + CEILING_SLACK
        return 1.0 / (1.0 + math.exp(-logit)) if logit > -700 else 0.0

    def _corners(self, sentences: int) -> tuple[np.ndarray, np.ndarray]:
        """For :meth:`ceiling`: which features the alignment leaves as they are (1.0) or sets (0.0), and each
        head's most from the features it sets, summed over their groups (the same for every pair of
        ``sentences`` sentences at most; kept for every count met: sentence counts, and the powers of two
        that bound them by length, are a few thousand at most)."""
        found = self._corner_cache.get(sentences)
        if found is None:
            groups = aligned_corners(sentences)
            slopes = self.weights_ / self.scale_
            best = sum((((corners - self.mean_[columns]) @ slopes[:, columns].T).max(axis=0)
                        for columns, corners in groups), np.zeros(len(self.heads)))
            kept = np.ones(len(FEATURES))
            for columns, _ in groups:
                kept[columns] = 0.0
            found = self._corner_cache[sentences] = (kept, best)
        return found

    def confidence(self, x: np.ndarray) -> np.ndarray:
        """Confidences of the rows of ``x`` (one vector per row)."""
        x = np.atleast_2d(x)
        z = (x - self.mean_) / self.scale_
        return 1.0 / (1.0 + np.exp(-np.max(self._gated(x, z @ self.weights_.T + self.bias_), axis=1)))

    def _gated(self, x: np.ndarray, scores: np.ndarray) -> np.ndarray:
        """``scores`` (a row per row of ``x``, a column per head) with each head that requires a feature
        the row lacks set to minus infinity: that head does not speak for the pair."""
        return np.where(self._closed(x), -np.inf, scores)

    def _closed(self, x: np.ndarray) -> np.ndarray:
        """For each row of ``x`` and each head, whether the head's gate shuts it (:meth:`_gated`)."""
        closed = np.zeros((len(x), len(self.weights_)), dtype=bool)
        for head, gate in enumerate(self.gates_.tolist()):
            if gate >= 0:
                closed[:, head] = x[:, gate] <= 0.0
        return closed


def _gate(name: str | None) -> int:
    """The column of the feature a head requires (-1: none). Only a feature known before the alignment
    may gate a head: :meth:`VerdictModel.ceiling` bounds a pair before it is aligned."""
    if name is None:
        return -1
    if name not in FEATURES or name in aligned_ranges(1) or name in TRACED:
        raise SettingsError(f"verdict model: a head requires {name!r}, which is no feature known before the "
                            "alignment: regenerate it with python -m benchmarks.train_verdict")
    return FEATURES.index(name)


#: Log-odds added to a ceiling (:meth:`VerdictModel.ceiling`): a pair's own sum of its parts may differ
#: from the ceiling's in the last bits.
CEILING_SLACK = 1e-9

MODEL_FILE = "verdict_model.json"


@lru_cache(maxsize=1)
def default_model() -> VerdictModel:
    """The model shipped with dedup (``dedup/data/verdict_model.json``)."""
    text = resources.files("dedup").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    return VerdictModel(json.loads(text))
