"""dedup.confidence: the calibrated heads, their reasons, gates and ceilings; the shipped model."""

from __future__ import annotations

import math

import numpy as np
import pytest

from _verdict_pairs import CEILING_PAIRS, OTHER, STORY, _aligned
from dedup.confidence import KINDS, VerdictModel, default_model
from dedup.errors import SettingsError
from dedup.features import FEATURES, TRACED
from dedup.reuse_kinds import read_kinds


def _spec(weights: list[float], bias: float = 0.0) -> dict:  # type: ignore[type-arg]
    n = len(FEATURES)
    return {"features": list(FEATURES), "mean": [0.0] * n, "scale": [1.0] * n, "weights": weights, "bias": bias,
            "kind_weights": [[0.0] * n, [1.0] + [0.0] * (n - 1), [0.0] * n], "kind_bias": [0.0, 0.0, 0.0],
            "min_confidence": 0.5}


def _random_spec(rng: np.random.Generator) -> dict:  # type: ignore[type-arg]
    """A model of random weights, bias, means and scales (any signs): what a bound must hold for."""
    n = len(FEATURES)
    spec = _spec(rng.normal(0.0, 1.0, n).tolist(), bias=float(rng.normal()))
    spec["mean"], spec["scale"] = rng.normal(0.0, 0.5, n).tolist(), rng.uniform(0.2, 2.0, n).tolist()
    return spec


def test_reasons_add_up_to_the_log_odds() -> None:
    n = len(FEATURES)
    weights = [0.0] * n
    weights[0], weights[1], weights[2] = 2.0, -1.0, 0.5
    model = VerdictModel(_spec(weights, bias=-0.25))
    x = np.zeros(n)
    x[:3] = [1.0, 0.5, 0.4]
    judged = model.judge(x)
    logit = -0.25 + sum(r.contribution for r in judged.why)
    assert judged.confidence == pytest.approx(1 / (1 + math.exp(-logit)))
    assert [r.feature for r in judged.why] == [FEATURES[0], FEATURES[2], FEATURES[1]]  # for, largest first; against
    assert judged.why_dict()["against"][0]["feature"] == FEATURES[1]
    assert judged.kind == "partial"
    assert model.confidence(np.stack([x, x]))[0] == pytest.approx(judged.confidence)


@pytest.mark.parametrize("rows", [1, 7, 2000])
def test_a_batch_is_judged_row_by_row_to_the_last_bit(rows: int) -> None:
    # a pair judged alone (compare, an index check) and among a scan's thousands get one answer
    model = default_model()
    rng = np.random.default_rng(rows)
    x = model.mean_ + model.scale_ * rng.normal(0.0, 2.0, size=(rows, len(FEATURES)))
    together = model.judge_many(x)
    assert [model.judge(row) for row in x] == together
    for row, judged in zip(x, together):  # the formula, one vector at a time
        z = (row - model.mean_) / model.scale_
        logit = max(b + float((w * z).sum()) for w, b, gate in zip(model.weights_, model.bias_, model.gates_)
                    if gate < 0 or row[gate] > 0)  # the strongest head of those that may speak
        assert judged.confidence == 1.0 / (1.0 + math.exp(-logit))
        # the head's kind, then read from what the alignment measured (dedup.reuse_kinds)
        assert judged.kind == read_kinds([KINDS[int(np.argmax(model.kind_weights_ @ z + model.kind_bias_))]], row)[0]
    explained = model.judge_many(x, explain_from=model.min_confidence)
    assert all(j.why == (t.why if t.confidence >= model.min_confidence else ()) for j, t in zip(explained, together))


def test_the_strongest_head_decides_and_gives_the_reasons() -> None:
    # a copy head that weighs the first feature, a rewrite head that weighs the second: a pair strong
    # on either is as sure as that head says, and its reasons are that head's alone
    n = len(FEATURES)
    copy_weights, rewrite_weights = [0.0] * n, [0.0] * n
    copy_weights[0], rewrite_weights[1], rewrite_weights[2] = 3.0, 2.0, -1.0
    spec = _spec([0.0] * n)
    del spec["weights"], spec["bias"]
    spec["heads"] = [{"name": "copy", "weights": copy_weights, "bias": -1.0},
                     {"name": "rewrite", "weights": rewrite_weights, "bias": -0.5}]
    model = VerdictModel(spec)
    assert model.heads == ("copy", "rewrite")
    copied, retold, neither = np.zeros(n), np.zeros(n), np.zeros(n)
    copied[0], retold[1], retold[2] = 1.0, 1.0, 0.5
    assert model.judge(copied).confidence == pytest.approx(1 / (1 + math.exp(-2.0)))
    assert [r.feature for r in model.judge(copied).why] == [FEATURES[0]]
    judged = model.judge(retold)
    assert judged.confidence == pytest.approx(1 / (1 + math.exp(-(-0.5 + 2.0 - 0.5))))
    assert [(r.feature, r.contribution) for r in judged.why] == [(FEATURES[1], 2.0), (FEATURES[2], -0.5)]
    assert model.judge(neither).confidence == pytest.approx(1 / (1 + math.exp(0.5)))  # the higher bias
    assert list(model.confidence(np.stack([copied, retold, neither]))) == pytest.approx(
        [j.confidence for j in model.judge_many(np.stack([copied, retold, neither]))])
    # the ceiling is the strongest head's: an aligned feature at the top of its range lifts only its head
    aligned = FEATURES.index("links_log")
    rewrite_weights[aligned] = 1.0
    lifted = VerdictModel(spec | {"heads": [spec["heads"][0], {"name": "rewrite", "weights": rewrite_weights, "bias": -0.5}]})
    assert lifted.ceiling(neither, 8) == pytest.approx(1 / (1 + math.exp(-(-0.5 + math.log1p(8)))))


def test_a_head_that_requires_a_feature_does_not_speak_for_a_pair_without_it() -> None:
    # a passage head weighs a shared passage: on a pair that shares none, it would weigh the lengths
    # alone, so it is silent there and the other heads decide, the ceiling included
    n, passages = len(FEATURES), FEATURES.index("passages_log")
    long_words, short = FEATURES.index("words_short_log"), np.zeros(n)
    passage_weights = [0.0] * n
    passage_weights[long_words] = 2.0
    spec = _spec([0.0] * n)
    del spec["weights"], spec["bias"]
    spec["heads"] = [{"name": "copy", "weights": [0.0] * n, "bias": -3.0},
                     {"name": "passage", "weights": passage_weights, "bias": 0.0, "requires": "passages_log"}]
    model = VerdictModel(spec)
    long_apart, long_sharing = np.zeros(n), np.zeros(n)
    long_apart[long_words] = long_sharing[long_words] = 6.0
    long_sharing[passages] = math.log1p(1)
    assert model.judge(long_sharing).confidence == pytest.approx(1 / (1 + math.exp(-12.0)))
    assert model.judge(long_apart).confidence == pytest.approx(1 / (1 + math.exp(3.0)))  # the copy head's
    assert model.judge(long_apart).why == ()  # the copy head weighs nothing
    assert list(model.confidence(np.stack([long_sharing, long_apart, short]))) == pytest.approx(
        [j.confidence for j in model.judge_many(np.stack([long_sharing, long_apart, short]))])
    assert model.ceiling(long_apart, 8) == pytest.approx(1 / (1 + math.exp(3.0)))


@pytest.mark.parametrize("heads", [
    [{"name": "passage", "weights": [0.0] * len(FEATURES), "bias": 0.0, "requires": "passages_log"}],
    [{"name": "copy", "weights": [0.0] * len(FEATURES), "bias": 0.0},
     {"name": "passage", "weights": [0.0] * len(FEATURES), "bias": 0.0, "requires": "links_log"}],
    [{"name": "copy", "weights": [0.0] * len(FEATURES), "bias": 0.0},
     {"name": "passage", "weights": [0.0] * len(FEATURES), "bias": 0.0, "requires": "no_such_feature"}],
], ids=["every-head-gated", "gate-set-by-the-alignment", "unknown-feature"])
def test_a_head_gate_the_model_cannot_honour_is_refused(heads: list[dict]) -> None:
    spec = _spec([0.0] * len(FEATURES))
    del spec["weights"], spec["bias"]
    with pytest.raises(SettingsError, match="regenerate it"):
        VerdictModel(spec | {"heads": heads})


def test_a_model_without_an_unaligned_part_judges_unaligned_pairs_itself() -> None:
    model = VerdictModel(_spec([0.0] * len(FEATURES)))
    assert model.unaligned is model


def test_a_model_trained_on_other_features_is_refused() -> None:
    spec = _spec([0.0] * len(FEATURES))
    spec["features"] = spec["features"][:-1]
    with pytest.raises(SettingsError, match="regenerate it"):
        VerdictModel(spec)


def test_the_shipped_model_is_plain_numbers_over_these_features() -> None:
    model = default_model()
    assert model.spec["features"] == list(FEATURES)
    assert model.spec["kinds"] == list(KINDS)
    assert model.heads == ("copy", "passage", "rewrite")
    assert [h.get("requires") for h in model.spec["heads"]] == [None, "passages_log", None]
    assert model.weights_.shape == (3, len(FEATURES)) and np.isfinite(model.weights_).all()
    loose = model.unaligned  # the model of scans without alignment: its own heads and operating point
    assert loose is not model and loose.heads == model.heads and 0.0 < loose.min_confidence < 1.0
    assert not np.array_equal(loose.weights_, model.weights_) and loose.unaligned is loose
    assert 0.0 < model.min_confidence < 1.0
    assert model.spec["validation"]["expected_calibration_error"] <= 0.05


def test_the_ceiling_takes_the_best_kind_of_coverage_not_every_kind_at_once() -> None:
    # the derived text is verbatim, edited and paraphrased in shares that add up to at most all of it:
    # weights on two kinds lift the ceiling by the larger one, not by both
    n = len(FEATURES)
    weights = [0.0] * n
    weights[FEATURES.index("cover_verbatim")], weights[FEATURES.index("cover_edited")] = 1.5, 1.0
    weights[FEATURES.index("wholly_derived")], weights[FEATURES.index("partially_derived")] = 0.5, 0.25
    model = VerdictModel(_spec(weights, bias=-2.0))
    assert model.ceiling(np.zeros(n), 8) == pytest.approx(1 / (1 + math.exp(-(-2.0 + 1.5 + 0.5))))


@pytest.mark.parametrize("seed", range(6))
def test_the_ceiling_bounds_the_confidence_of_any_alignment(seed: int) -> None:
    # whatever the weights' signs (random models) and the shipped model: never under the aligned answer
    rng = np.random.default_rng(seed)
    spec = _random_spec(rng)
    for model in (VerdictModel(spec), default_model()):
        for a, b in CEILING_PAIRS:
            without, aligned, sentences, _ = _aligned(a, b)
            ceiling = model.ceiling(without, sentences)
            assert model.judge(aligned).confidence <= ceiling
            assert model.ceiling(without, sentences + 50) >= ceiling  # more sentences, a higher ceiling


def _ceiling_as_first_written(model: VerdictModel, x: np.ndarray, sentences: int) -> float:
    """:meth:`VerdictModel.ceiling` computed whole for one count: the reference of ``ceilings``."""
    from dedup.confidence import CEILING_SLACK

    kept, best = model._corners(sentences)
    z = (x - model.mean_) / model.scale_
    fixed = (model.weights_ * (kept * z)).sum(axis=1)
    located = [FEATURES.index(name) for name in TRACED]  # taken at their value or at 0, whichever weighs more
    lift = np.maximum(model.weights_[:, located] * (-model.mean_[located] / model.scale_[located] - z[located]), 0.0).sum(axis=1)
    logit = float(np.max(model._gated(x[None, :], (model.bias_ + fixed + lift + best + CEILING_SLACK)[None, :])))
    return 1.0 / (1.0 + math.exp(-logit)) if logit > -700 else 0.0


@pytest.mark.parametrize("seed", range(4))
def test_ceilings_of_one_row_equal_each_ceiling_computed_whole(seed: int) -> None:
    # one row's ceilings asked for many counts (its length's bound, then its sentences) share what does not
    # depend on the count: the same bits as each computed alone, gated heads included
    rng = np.random.default_rng(seed)
    n = len(FEATURES)
    spec = _random_spec(rng)
    for model in (VerdictModel(spec), default_model()):
        for x in [rng.normal(0.0, 1.0, n), np.zeros(n), np.abs(rng.normal(0.0, 3.0, n))]:
            ceiling = model.ceilings(x)
            for sentences in (1, 3, 8, 40, 1 << 12, 5, 1):
                assert ceiling(sentences) == _ceiling_as_first_written(model, x, sentences)
                assert model.ceiling(x, sentences) == _ceiling_as_first_written(model, x, sentences)


def test_a_pair_far_under_the_bar_has_a_ceiling_under_it() -> None:
    model = default_model()
    without, aligned, sentences, _ = _aligned(STORY, OTHER)
    assert model.ceiling(without, sentences) < model.min_confidence
    assert model.ceiling(without, 1) <= model.ceiling(without, sentences)


def test_the_ceiling_takes_a_located_feature_at_its_value_or_at_none() -> None:
    # an alignment only lowers length_located: a head weighing it against reuse gains most when nothing is
    # traced, and the ceiling must bound that pair too
    col = FEATURES.index(TRACED[0])
    for sign in (1.0, -1.0):
        weights = [0.0] * len(FEATURES)
        weights[col] = sign
        model = VerdictModel(_spec(weights))
        for a, b in CEILING_PAIRS:
            without, aligned, sentences, _ = _aligned(a, b)
            assert model.judge(aligned).confidence <= model.ceiling(without, sentences)
            nothing = without.copy()
            nothing[col] = 0.0
            assert model.judge(nothing).confidence <= model.ceiling(without, sentences)
