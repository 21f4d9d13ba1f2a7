"""The verification stage (dedup.verify): rows decided on worker processes as alone, every row judged as the
decision judges it, texts read without a memo through the caches that outlive the call."""

from __future__ import annotations

import pytest

import dedup.verify as verify_module
from _scored_corpus import scored_corpus
from dedup.decision import Thresholds
from dedup.verify import may_be_reported, score_candidates, verify


@pytest.fixture(scope="module")
def scored():  # type: ignore[no-untyped-def]
    return scored_corpus()


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

def test_a_rows_windows_are_read_from_the_hits_array_as_the_mapping_gives_them(scored) -> None:  # type: ignore[no-untyped-def]
    """:func:`dedup.verify.row_windows` reads a row's windows off :class:`PassageHits`' array: the windows the
    mapping gives, in its order, and none for a row without any; a plain mapping is read as one. The
    evidence scored from either is the same."""
    import numpy as np

    from dedup.candidate_sets import PassageHits
    from dedup.evidence import score_pair
    from dedup.verify import row_windows

    docs, candidates, vocab, bounds, _, _, _ = scored
    hits = candidates.passage_hits
    assert isinstance(hits, PassageHits) and len(hits)
    feats, rows, evidence = score_candidates(docs, candidates, vocab, Thresholds(), bounds=bounds)
    for row in range(len(candidates.pairs)):
        windows = row_windows(hits, row)
        assert windows.tolist() == [[a0, a1, b0, b1] for (a0, a1), (b0, b1) in hits.get(row, ())]
        i, j = rows[row]
        kept = score_pair(feats[i], feats[j], windows=hits.get(row, ()), len_a=len(docs[i].text),
                          len_b=len(docs[j].text))
        assert score_pair(feats[i], feats[j], windows=windows, len_a=len(docs[i].text), len_b=len(docs[j].text)) == kept
    assert row_windows(hits, len(candidates.pairs)) == () == row_windows({}, 0)
    assert row_windows({3: [((0, 5), (1, 6))]}, 3) == [((0, 5), (1, 6))]
    assert isinstance(row_windows(hits, 0), np.ndarray)


def test_the_vectors_read_before_the_spread_are_kept_only_where_it_changed_nothing(  # type: ignore[no-untyped-def]
        scored, monkeypatch: pytest.MonkeyPatch) -> None:
    """An index reads every row's features without an alignment to drop those that cannot be reported
    (:func:`dedup.reachable.hopes_before_spread`) and passes them on (``before_spread``): a row whose spread
    changed nothing of its evidence keeps its vector, one whose spread changed it is read again. The
    answers are those read afresh, row for row."""
    from dedup.features import pair_features
    from dedup.reachable import hopes_before_spread

    docs, candidates, vocab, bounds, feats, rows, evidence = scored
    thresholds = Thresholds()
    hopes = hopes_before_spread(docs, rows, evidence, feats, thresholds.confidence_bar)
    assert hopes.vectors is not None and len(hopes.vectors) == len(rows)
    afresh = verify(docs, candidates, vocab, thresholds, bounds=bounds, workers=1, evidence=evidence,
                    explain_all=True)
    spread = [v.evidence for v in afresh]
    same = [row for row, ev in enumerate(evidence) if ev == spread[row]]
    moved = [row for row in range(len(rows)) if row not in same]
    assert same and moved  # some rows' spread changes their evidence, some not (or this proves nothing)
    read: list[object] = []
    real = verify_module.pair_features

    def counted(ev, fa, fb, *args, **kwargs):  # type: ignore[no-untyped-def]
        read.append(ev)
        return real(ev, fa, fb, *args, **kwargs)

    monkeypatch.setattr(verify_module, "pair_features", counted)
    kept = verify(docs, candidates, vocab, thresholds, bounds=bounds, workers=1, evidence=evidence,
                  explain_all=True, before_spread=list(zip(evidence, hopes.vectors)))
    # the rows whose spread moved their evidence read again, and only they
    assert len(read) == len(moved) and all(any(ev == spread[row] for row in moved) for ev in read)
    assert [(v.verdict, v.confidence, v.why, v.evidence) for v in kept] == \
        [(v.verdict, v.confidence, v.why, v.evidence) for v in afresh]
    assert all((hopes.vectors[row] == pair_features(evidence[row], feats[rows[row][0]], feats[rows[row][1]], None,
                                                    0.0, (docs[rows[row][0]].text, docs[rows[row][1]].text))).all()
               for row in same)
