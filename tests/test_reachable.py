"""dedup.reachable: which candidates may still be reported before their spread is counted (the bound a scan
verified in chunks, and an index, drop the others by), and the ceiling of a pair not yet aligned."""

from __future__ import annotations

import copy

import numpy as np
import pytest

import dedup.reachable as reachable
from _scored_corpus import scored_corpus
from dedup.confidence import default_model
from dedup.decision import Thresholds
from dedup.features import FEATURES, pair_features
from dedup.reachable import ceiling_reaches, may_be_reported
from dedup.verify import verify


@pytest.fixture(scope="module")
def scored():  # type: ignore[no-untyped-def]
    return scored_corpus()


@pytest.mark.parametrize("bar", [None, 0.9])
def test_every_reported_pair_may_be_reported_before_its_spread(scored, bar: float | None) -> None:  # type: ignore[no-untyped-def]
    docs, candidates, vocab, bounds, feats, rows, evidence = scored
    thresholds = Thresholds(bar)
    hopeful = may_be_reported(docs, rows, evidence, feats, thresholds.confidence_bar)
    reported = [v.row for v in verify(docs, candidates, vocab, thresholds, bounds=bounds, workers=1) if v.verdict]
    assert reported and all(hopeful[row] for row in reported)
    if bar is not None:  # at 0.9 the bound drops some candidates of corpus/, or this test proves nothing
        assert not all(hopeful)


def test_a_model_that_rewards_spread_keeps_every_row(scored, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    docs, _, _, _, feats, rows, evidence = scored
    model = copy.deepcopy(default_model())
    model.weights_ = model.weights_.copy()
    model.weights_[-1, FEATURES.index("passage_elsewhere_log")] = 1.0  # one head: more documents sharing a stretch, more sure
    monkeypatch.setattr(reachable, "default_model", lambda: model)
    monkeypatch.setattr(reachable, "verdict_model", lambda aligned=True: model)
    for aligned in (True, False):
        assert may_be_reported(docs, rows, evidence, feats, Thresholds().confidence_bar, aligned=aligned) == [True] * len(rows)


def test_a_bar_of_zero_keeps_every_row_and_none_is_kept_above_one(scored) -> None:  # type: ignore[no-untyped-def]
    docs, _, _, _, feats, rows, evidence = scored
    assert all(may_be_reported(docs, rows, evidence, feats, 0.0))
    assert not any(may_be_reported(docs, rows, evidence, feats, 1.5))
    assert may_be_reported(docs, [], [], feats, 0.5) == []


def test_the_shipped_model_lowers_confidence_with_spread() -> None:
    # what lets a chunked scan drop rows before it knows their spread
    model = default_model()
    for head in np.asarray(model.weights_) / np.asarray(model.scale_):  # every head
        weights = dict(zip(FEATURES, head))
        assert weights["passage_elsewhere_log"] <= 0 and weights["passage_with_facts"] >= 0


def test_a_row_not_worth_aligning_may_be_reported_only_by_its_confidence_alone(scored) -> None:  # type: ignore[no-untyped-def]
    from dedup.decision import what_to_align

    docs, _, _, _, feats, rows, evidence = scored
    bar = Thresholds().confidence_bar
    hopeful = may_be_reported(docs, rows, evidence, feats, bar)
    x = np.array([pair_features(ev, feats[i], feats[j], None, 0.0, (docs[i].text, docs[j].text))
                  for (i, j), ev in zip(rows, evidence)])
    alone = default_model().confidence(x)
    lone = [row for row, ev in enumerate(evidence) if what_to_align(ev) is None]
    assert lone and all(hopeful[row] == (alone[row] >= bar - 1e-9) for row in lone)
    # the ceiling of an alignment it will never get would have kept one (or this test proves nothing)
    assert any(ceiling_reaches(docs, rows[row], evidence[row], feats, bar) for row in lone if not hopeful[row])


def test_the_ceiling_given_the_features_is_the_one_computed_from_the_pair(scored) -> None:  # type: ignore[no-untyped-def]
    # verification passes each row's features without an alignment, computed once; the answer is the same
    docs, _, _, _, feats, rows, evidence = scored
    answers = []
    for bar in (Thresholds().confidence_bar, 0.99):
        for (i, j), ev in zip(rows, evidence):
            x = pair_features(ev, feats[i], feats[j], None, 0.0, (docs[i].text, docs[j].text))
            answers.append(ceiling_reaches(docs, (i, j), ev, feats, bar, x=x))
            assert answers[-1] == ceiling_reaches(docs, (i, j), ev, feats, bar)
    assert any(answers) and not all(answers)  # both answers met, or this test proves nothing


@pytest.mark.parametrize("more", [1, 3, 100])
def test_more_spread_never_makes_a_pair_worth_aligning(scored, more: int) -> None:  # type: ignore[no-untyped-def]
    # what lets may_be_reported judge a row not worth aligning before its spread by its confidence alone
    from dataclasses import replace

    from dedup.decision import what_to_align

    _, _, _, _, _, _, evidence = scored
    assert any(ev.passages for ev in evidence)
    for ev in evidence:
        crowded = replace(ev, passages=tuple(replace(p, elsewhere=p.elsewhere + more) for p in ev.passages))
        assert what_to_align(crowded) is None or what_to_align(ev) is not None


def test_verification_gives_the_same_bound() -> None:
    # the index and the scan import it from the verification stage
    import dedup.verify

    assert dedup.verify.may_be_reported is may_be_reported


def test_the_hopes_before_the_spread_carry_the_vectors_they_were_read_from(scored) -> None:  # type: ignore[no-untyped-def]
    # what verification keeps for a row whose spread changes nothing: each row's features without an alignment
    from dedup.reachable import hopes_before_spread

    docs, _, _, _, feats, rows, evidence = scored
    bar = Thresholds().confidence_bar
    hopes = hopes_before_spread(docs, rows, evidence, feats, bar)
    assert hopes.hopeful == may_be_reported(docs, rows, evidence, feats, bar) and not all(hopes.hopeful)
    x = np.array([pair_features(ev, feats[i], feats[j], None, 0.0, (docs[i].text, docs[j].text))
                  for (i, j), ev in zip(rows, evidence)])
    assert hopes.vectors is not None and (hopes.vectors == x).all()
    assert hopes_before_spread(docs, [], [], feats, bar) == ([], None)  # nothing read for no rows
