"""A band draw moves no verdict: the passages of a pair (and so its evidence, features and confidence) are
measured on the two texts alone, whichever bands of the candidate stage met and whichever channel proposed
the pair; ``compare`` and a scan read a pair alike under any seed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dedup import compare, scan
from dedup import evidence as evidence_module
from dedup.candidate_sets import CandidateSet
from dedup.decision import Thresholds
from dedup.evidence import shared_windows, window_table
from dedup.reading import read_article
from dedup.signing import corpus_vocabulary
from dedup.channels import DEFAULT_CHANNELS, even_similarity
from dedup.evidence import WINDOW_SIMILARITY
from dedup.verify import document_features, score_candidates

# French siblings whose shared passages the passage channel's bands found under one seed in two (a band
# draw decided whether the pair was a rewrite)
SIBLINGS = Path(__file__).resolve().parent.parent / "benchmarks/newsroom/heldout/fr_2"
PAIR = (SIBLINGS / "light.txt", SIBLINGS / "rewrite.txt")


def _passages(result) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(p.a, p.b, round(p.similarity, 6)) for p in result.evidence.passages]


def test_a_pairs_passages_and_confidence_are_the_same_under_every_seed() -> None:
    results = [compare(*PAIR, seed=seed) for seed in range(1, 9)]
    assert len({tuple(_passages(r)) for r in results}) == 1
    assert len({(r.verdict, round(r.confidence, 9)) for r in results}) == 1


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


def test_the_windows_whose_bands_met_do_not_reach_the_evidence() -> None:
    docs = [read_article(path) for path in PAIR]
    vocab = corpus_vocabulary([d.text for d in docs])
    met = {0: [((736, 793), (287, 386))]}  # a window pair the bands of one seed found
    _, _, with_hits = score_candidates(docs, _candidates(met), vocab, Thresholds())
    _, _, without = score_candidates(docs, _candidates({}), vocab, Thresholds())
    assert with_hits == without


def _table_pair(texts: tuple[str, str]):  # type: ignore[no-untyped-def]
    from dedup.documents import Document

    docs = [Document(f"d{i}", text) for i, text in enumerate(texts)]
    vocab = corpus_vocabulary(list(texts))
    feats = document_features(docs, [0, 1], vocab)
    return feats[0], feats[1]


def test_sparse_and_dense_window_tables_find_the_same_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = tuple(path.read_text(encoding="utf-8") for path in PAIR)
    fa, fb = _table_pair(texts)  # type: ignore[arg-type]
    dense = shared_windows(window_table(fa), window_table(fb), 0.2)
    monkeypatch.setattr(evidence_module, "DENSE_CELLS", 0)
    sparse = shared_windows(window_table(fa), window_table(fb), 0.2)
    assert len(dense) and sorted(map(tuple, dense.tolist())) == sorted(map(tuple, sparse.tolist()))


def test_a_copied_paragraph_is_found_by_its_windows_and_unrelated_texts_share_none() -> None:
    para = ("The central bank raised its benchmark lending rate by half a point on Thursday, citing persistent "
            "inflation in food and energy prices, and signalled further increases before the end of the year as "
            "wages kept climbing across manufacturing, retail and construction firms in every region.")
    a = "Markets opened lower in Asia after a quiet session overnight. " + para + " Traders awaited fresh data."
    b = "Farmers protested outside parliament over subsidies and diesel taxes. " + para
    c = "A storm closed schools along the coast as forecasters warned of flooding, landslides and power cuts."
    fa, fb = _table_pair((a, b))
    found = shared_windows(window_table(fa), window_table(fb), WINDOW_SIMILARITY)
    lo_a, lo_b = a.find(para), b.find(para)
    assert len(found) and all(a0 < lo_a + len(para) and a1 > lo_a and b0 < lo_b + len(para) and b1 > lo_b
                              for a0, a1, b0, b1 in found.tolist())
    fa, fc = _table_pair((a, c))
    assert not len(shared_windows(window_table(fa), window_table(fc), WINDOW_SIMILARITY))


def test_the_window_similarity_is_where_the_passage_channels_bands_meet_half_the_time() -> None:
    (passage,) = [spec for spec in DEFAULT_CHANNELS if spec.window]
    assert even_similarity(passage, 0.1) == pytest.approx(WINDOW_SIMILARITY, abs=5e-4)
