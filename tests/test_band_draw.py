"""A band draw must move no verdict: the passages of a pair (and so its evidence, features and confidence) should be
measured on the two texts alone, whichever bands of the candidate stage met; ``compare`` and a scan should read a
pair alike under any seed. Today the passage channel's colliding windows are the pair's passages (benchmarks/
RESULTS.md, "One pair, one reading whatever proposed it"): these fail, marked, until a replacement keeps the
held-out recall."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dedup import compare, scan
from dedup.candidate_sets import CandidateSet
from dedup.decision import Thresholds
from dedup.reading import read_article
from dedup.signing import corpus_vocabulary
from dedup.verify import score_candidates

# French siblings whose shared passages the passage channel's bands find under one seed in two (a band draw
# decides whether the pair is a rewrite)
SIBLINGS = Path(__file__).resolve().parent.parent / "benchmarks/newsroom/heldout/fr_2"
PAIR = (SIBLINGS / "light.txt", SIBLINGS / "rewrite.txt")
BAND_DRAW = pytest.mark.xfail(strict=True, reason="the passage channel's colliding windows are the pair's passages")


def _passages(result) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(p.a, p.b, round(p.similarity, 6)) for p in result.evidence.passages]


@BAND_DRAW
def test_a_pairs_passages_and_confidence_are_the_same_under_every_seed() -> None:
    results = [compare(*PAIR, seed=seed) for seed in range(1, 9)]
    assert len({tuple(_passages(r)) for r in results}) == 1
    assert len({(r.verdict, round(r.confidence, 9)) for r in results}) == 1


@BAND_DRAW
def test_a_scan_of_two_articles_reads_them_as_compare_does_under_another_seed() -> None:
    docs = [read_article(path) for path in PAIR]
    alone = compare(*PAIR, seed=3)
    for seed in (1, 2, 5):
        scanned = scan(docs, seed=seed, thresholds=Thresholds(min_confidence=0.01)).pairs
        if scanned:  # proposed under this seed: the same reading
            (pair,) = scanned
            assert pair.confidence == pytest.approx(alone.confidence, abs=1e-9)
            assert [(p.a, p.b) for p in pair.evidence.passages] == [(p.a, p.b) for p in alone.evidence.passages]


def _candidates(hits: dict) -> CandidateSet:  # type: ignore[type-arg]
    return CandidateSet(np.array([[0, 1]], dtype=np.int64), {"passage": np.ones(1, bool)}, hits)


@BAND_DRAW
def test_the_windows_whose_bands_met_do_not_reach_the_evidence() -> None:
    docs = [read_article(path) for path in PAIR]
    vocab = corpus_vocabulary([d.text for d in docs])
    met = {0: [((736, 793), (287, 386))]}  # a window pair the bands of one seed found
    _, _, with_hits = score_candidates(docs, _candidates(met), vocab, Thresholds())
    _, _, without = score_candidates(docs, _candidates({}), vocab, Thresholds())
    assert with_hits == without
