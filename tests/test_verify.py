"""The verification stage (dedup.verify): which candidates may still be reported before their spread is
counted, the bound a scan verified in chunks drops the others by."""

from __future__ import annotations

import copy

import numpy as np
import pytest

import dedup.verify as verify_module
from dedup.candidates import find_candidates
from dedup.channels import DEFAULT_CHANNELS
from dedup.documents import Document
from dedup.confidence import default_model
from dedup.features import FEATURES, pair_features
from dedup.decision import Thresholds
from dedup.pipeline import _sign
from dedup.reading import read_corpus
from dedup.signing import corpus_vocabulary
from dedup.verify import may_be_reported, score_candidates, verify

from conftest import CORPUS
from test_verdict_cases import CASES


@pytest.fixture(scope="module")
def scored():  # type: ignore[no-untyped-def]
    # corpus/ and the named cases: reprints, a rewrite, and candidates never reported (forms, templates,
    # two reports of one event)
    texts = {text for pair in CASES.values() for text in pair}
    docs = read_corpus(CORPUS).documents + tuple(Document(f"case-{k}", t) for k, t in enumerate(sorted(texts)))
    vocab = corpus_vocabulary([d.text for d in docs])
    tables, bounds, copies = _sign(docs, DEFAULT_CHANNELS, vocab, seed=1, batch_size=4, progress=None, workers=1)
    candidates = find_candidates(tables, text_keys=copies)
    feats, rows, evidence = score_candidates(docs, candidates, vocab, Thresholds(), bounds=bounds, workers=1)
    return docs, candidates, vocab, bounds, feats, rows, evidence


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
    monkeypatch.setattr(verify_module, "default_model", lambda: model)
    monkeypatch.setattr(verify_module, "verdict_model", lambda aligned=True: model)
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


def test_rows_decided_in_lanes_cover_every_row_once_with_few_pairs_to_align_a_chunk() -> None:
    from dedup.verify import ALIGN_COST, CHUNK, _decision_lanes

    rows = [[k // 3, 700 + k % 700] for k in range(2100)]
    todo = list(range(3, 2000, 3))  # 666 rows worth aligning among 2,100
    lanes, workers = _decision_lanes(rows, todo, 2)
    assert workers == 2 and len(lanes) == 2
    chunks = [chunk for lane in lanes for chunk in lane]
    assert sorted(row for chunk in chunks for row in chunk) == list(range(2100)) and all(chunks)
    counts = [sum(row in set(todo) for row in chunk) for chunk in chunks]
    assert max(counts) <= CHUNK and len(chunks) >= 8  # several a worker
    costs = [sum(1 + ALIGN_COST * (row in set(todo)) for chunk in lane for row in chunk) for lane in lanes]
    assert abs(costs[0] - costs[1]) <= ALIGN_COST + 1  # as even as rows allow
    one, alone = _decision_lanes(rows, todo[:10], 2)  # too few to fork for: one process, one lane
    assert alone == 1 and len(one) == 1 and sorted(row for chunk in one[0] for row in chunk) == list(range(2100))
    assert _decision_lanes([], [], 2)[0] == []


def test_rows_of_an_article_come_together_in_the_order_the_workers_take_them() -> None:
    from dedup.verify import _article_order

    # two stories, their pairs interleaved in row order (a hub and the articles paired with it)
    pairs = np.array([[0, 10], [1, 20], [0, 11], [1, 21], [0, 12], [1, 22], [11, 12], [21, 22]])
    order = _article_order(pairs).tolist()
    assert sorted(order) == list(range(len(pairs)))
    story = [{0, 10, 11, 12}.issuperset(pairs[row]) for row in order]
    assert story in ([True] * 4 + [False] * 4, [False] * 4 + [True] * 4)  # one story, then the other
    assert _article_order(pairs).tolist() == order  # the same order every time
    assert _article_order(np.zeros((0, 2), dtype=np.int64)).tolist() == []


@pytest.mark.parametrize("centre", [0, 7, 1000], ids=["least", "among", "greatest"])
def test_a_star_of_pairs_is_ordered_as_its_graph_is_walked(centre: int) -> None:
    from dedup.verify import _article_order, _star_order, _walk_order

    rng = np.random.default_rng(centre)
    for size in (1, 2, 3, 5, 40, 255):
        others = rng.choice(np.setdiff1d(np.arange(1, 900), [centre]), size, replace=False)
        flip = rng.random(size) < 0.5  # the centre on either side of a row
        pairs = np.column_stack([np.where(flip, others, centre), np.where(flip, centre, others)])
        assert _star_order(pairs).tolist() == _walk_order(pairs).tolist(), size
        assert _article_order(pairs).tolist() == _walk_order(pairs).tolist()


def test_pairs_that_are_no_star_of_distinct_articles_are_walked() -> None:
    from dedup.verify import _article_order, _star_order, _walk_order

    chain = np.array([[0, 1], [1, 2], [2, 3]])
    twice = np.array([[0, 1], [0, 2], [0, 1]])  # a pair in two rows
    both_ways = np.array([[0, 1], [1, 0]])
    for pairs in (chain, twice, both_ways):
        assert _star_order(pairs) is None
        assert _article_order(pairs).tolist() == _walk_order(pairs).tolist()


def test_rows_that_fit_one_chunk_come_in_one_chunk_and_one_more_row_cuts_it() -> None:
    from dedup.verify import ALIGN_COST, CHUNK, _article_order, _decision_lanes

    budget = CHUNK * (ALIGN_COST + 1)  # the cost of a chunk of rows worth aligning
    todo = list(range(10))
    rows = [[k + 1, 0] for k in range(budget - ALIGN_COST * len(todo))]  # the chunk's cost exactly
    lanes, workers = _decision_lanes(rows, todo, 1)
    assert workers == 1 and lanes == [[_article_order(np.array(rows)).tolist()]]
    lanes, _ = _decision_lanes(rows + [[len(rows) + 1, 0]], todo, 1)
    assert len(lanes) == 1 and len(lanes[0]) == 2


def test_pairs_decided_on_worker_processes_are_the_ones_decided_alone(  # type: ignore[no-untyped-def]
        scored, monkeypatch: pytest.MonkeyPatch, forked_pools: list[int]) -> None:
    docs, candidates, vocab, bounds, _, _, _ = scored
    alone = verify(docs, candidates, vocab, Thresholds(), bounds=bounds, workers=1, explain_all=True)
    monkeypatch.setattr(verify_module, "PARALLEL_ALIGNING", 1)
    monkeypatch.setattr(verify_module, "CHUNK", 2)
    forked = verify(docs, candidates, vocab, Thresholds(), bounds=bounds, workers=2, explain_all=True)
    assert forked_pools == [1]  # decided on worker processes (scoring, under its own bar, in this one)
    assert [v.row for v in forked] == list(range(len(candidates.pairs)))
    assert any(v.alignment is not None for v in alone)
    assert [(v.verdict, v.confidence, v.why, v.alignment and v.alignment.links) for v in forked] == \
        [(v.verdict, v.confidence, v.why, v.alignment and v.alignment.links) for v in alone]


def test_every_row_is_judged_as_decision_judges_it(scored) -> None:  # type: ignore[no-untyped-def]
    # verify reckons each row's features without an alignment once (for the ceiling and the judgement)
    # and again only for the rows it aligns: the answers are decision.judge_many's, row for row, a pair about
    # to be reported in chance order refused as decision.refuse_chance_order refuses it (the named salads)
    from dedup.decision import judge_many, link_facts, refuse_chance_order

    docs, candidates, vocab, bounds, feats, rows, _ = scored
    verified = verify(docs, candidates, vocab, Thresholds(), bounds=bounds, workers=1, explain_all=True)
    assert any(v.alignment is not None for v in verified) and any(v.alignment is None for v in verified)
    cases = [(v.evidence, feats[rows[v.row][0]], feats[rows[v.row][1]], v.alignment,
              link_facts(feats[rows[v.row][0]], feats[rows[v.row][1]], v.alignment, docs[rows[v.row][0]].id),
              (docs[rows[v.row][0]].text, docs[rows[v.row][1]].text)) for v in verified]
    bar = Thresholds().confidence_bar
    judged = [refuse_chance_order(j, case[0], case[3], case[5], bar) for j, case in zip(judge_many(cases), cases)]
    assert [(v.confidence, v.why) for v in verified] == [(j.confidence, j.why) for j in judged]
    assert any(j.why and j.why[0].feature == "order_at_chance" for j in judged)


def test_without_a_memo_texts_are_read_through_the_caches_that_outlive_the_call(scored) -> None:  # type: ignore[no-untyped-def]
    # an index verifies a few pairs a call and meets the same stored forms call after call
    import dedup.refilled as refilled

    docs, candidates, vocab, bounds, _, _, _ = scored
    with_memo = verify(docs, candidates, vocab, Thresholds(), bounds=bounds, workers=1, reported_only=True)
    refilled.slot_sentences.cache_clear()
    without = verify(docs, candidates, vocab, Thresholds(), bounds=bounds, workers=1, reported_only=True, memo=False)
    assert refilled.slot_sentences.cache_info().currsize > 0  # read through the bounded cache, kept
    assert [(v.verdict, v.confidence, v.why) for v in without] == [(v.verdict, v.confidence, v.why) for v in with_memo]
    feats, rows, evidence = score_candidates(docs, candidates, vocab, Thresholds(), bounds=bounds, workers=1)
    bar = Thresholds().confidence_bar
    refilled.slot_sentences.cache_clear()
    hopeful = may_be_reported(docs, rows, evidence, feats, bar, memo=False)
    assert refilled.slot_sentences.cache_info().currsize > 0
    assert hopeful == may_be_reported(docs, rows, evidence, feats, bar) and not all(hopeful)


def test_a_row_not_worth_aligning_may_be_reported_only_by_its_confidence_alone(scored) -> None:  # type: ignore[no-untyped-def]
    from dedup.decision import what_to_align
    from dedup.verify import _may_be_reported

    docs, _, _, _, feats, rows, evidence = scored
    bar = Thresholds().confidence_bar
    hopeful = may_be_reported(docs, rows, evidence, feats, bar)
    x = np.array([pair_features(ev, feats[i], feats[j], None, 0.0, (docs[i].text, docs[j].text))
                  for (i, j), ev in zip(rows, evidence)])
    alone = default_model().confidence(x)
    lone = [row for row, ev in enumerate(evidence) if what_to_align(ev) is None]
    assert lone and all(hopeful[row] == (alone[row] >= bar - 1e-9) for row in lone)
    # the ceiling of an alignment it will never get would have kept one (or this test proves nothing)
    assert any(_may_be_reported(docs, rows[row], evidence[row], feats, bar) for row in lone if not hopeful[row])


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
