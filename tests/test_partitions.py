"""The Dask engine's stage functions, called directly (no Dask): split over parts, they give the local scan."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import CORPUS
from dedup import scan
from dedup.candidates import find_candidates
from dedup.channels import DEFAULT_CHANNELS
from dedup.decision import Thresholds
from dedup.documents import Corpus, Document
from dedup.engines import partitions as stage
from dedup.pipeline import _sign
from dedup.reading import read_corpus
from dedup.signing import vocabulary_step


@pytest.fixture(scope="module")
def parts() -> tuple[list[Corpus], list[int]]:
    docs = read_corpus(CORPUS).documents
    cuts = [0, 4, 7, len(docs)]  # three uneven parts, in corpus order
    return [Corpus(docs[a:b]) for a, b in zip(cuts, cuts[1:])], cuts


def _candidates(parts: list[Corpus], cuts: list[int]) -> tuple[object, list[object]]:
    total = cuts[-1]
    samples = [stage.sample_texts(c, first=cuts[p], step=vocabulary_step(total)) for p, c in enumerate(parts)]
    vocab = stage.fit_vocabulary(samples, corpus_size=total)
    buckets = 2
    bands = [stage.part_bands(c, first=cuts[p], channels=DEFAULT_CHANNELS, vocab=vocab, seed=1, batch_size=3,
                              buckets=buckets) for p, c in enumerate(parts)]
    starts = np.array(cuts[:-1], dtype=np.int64)
    copies = [stage.part_text_keys(c) for c in parts]
    reduced = [stage.bucket_candidates([b[k] for b in bands], channels=DEFAULT_CHANNELS, max_bucket=50,
                                       part_starts=starts, text_keys=copies) for k in range(buckets)]
    return vocab, [stage.merge_candidates([r[p] for r in reduced], channels=DEFAULT_CHANNELS) for p in range(len(parts))]


def test_parts_find_the_local_candidates(parts: tuple[list[Corpus], list[int]]) -> None:
    corpora, cuts = parts
    docs = [d for c in corpora for d in c.documents]
    vocab, candidates = _candidates(corpora, cuts)
    tables, _, copies = _sign(docs, DEFAULT_CHANNELS, vocab, seed=1, batch_size=2000, progress=None)  # type: ignore[arg-type]
    local = find_candidates(tables, max_bucket=50, text_keys=copies)
    found = np.concatenate([c.pairs for c in candidates])  # type: ignore[attr-defined]
    assert len(local.pairs) > 0
    assert sorted(map(tuple, found.tolist())) == sorted(map(tuple, local.pairs.tolist()))
    # each pair lives in the part of its first document
    for p, c in enumerate(candidates):
        assert all(cuts[p] <= a < cuts[p + 1] for a, _ in c.pairs.tolist())  # type: ignore[attr-defined]


def test_parts_count_copies_of_one_text_once_as_the_local_scan_does() -> None:
    # 60 copies of one story (more than max_bucket) spread over three parts, with the demo corpus
    story = read_corpus(CORPUS).documents[0]
    docs = list(read_corpus(CORPUS).documents) + [Document(f"copy-{k}", story.text) for k in range(60)]
    cuts = [0, 20, 45, len(docs)]
    corpora = [Corpus(docs[a:b]) for a, b in zip(cuts, cuts[1:])]
    vocab, candidates = _candidates(corpora, cuts)
    tables, _, copies = _sign(docs, DEFAULT_CHANNELS, vocab, seed=1, batch_size=2000, progress=None)  # type: ignore[arg-type]
    local = find_candidates(tables, max_bucket=50, text_keys=copies)
    found = np.concatenate([c.pairs for c in candidates])  # type: ignore[attr-defined]
    assert sorted(map(tuple, found.tolist())) == sorted(map(tuple, local.pairs.tolist()))
    assert {(0, len(docs) - 1), (0, len(docs) - 60)} <= set(map(tuple, found.tolist()))  # copies of story 0 found


def test_parts_verify_to_the_local_pairs(parts: tuple[list[Corpus], list[int]]) -> None:
    corpora, cuts = parts
    vocab, candidates = _candidates(corpora, cuts)
    every = {cuts[p] + k: d for p, c in enumerate(corpora) for k, d in enumerate(c.documents)}
    numbers = np.array(sorted(every), dtype=np.int64)
    imported = [stage.select_documents(c, first=cuts[p], numbers=numbers[(numbers >= cuts[p]) & (numbers < cuts[p + 1])])
                for p, c in enumerate(corpora)]
    thresholds = Thresholds()
    scored = [stage.score_part(candidates[p], c, first=cuts[p], imported=imported, vocab=vocab,  # type: ignore[arg-type]
                               thresholds=thresholds) for p, c in enumerate(corpora)]
    stretches = stage.merge_stretches([s for _, s in scored])
    pairs = []
    for p, c in enumerate(corpora):
        found, n, by_channel = stage.verify_part(candidates[p], c, first=cuts[p], imported=imported,  # type: ignore[arg-type]
                                                 vocab=vocab, thresholds=thresholds,  # type: ignore[arg-type]
                                                 stretches=stretches, evidence=scored[p][0])
        assert n == len(candidates[p].pairs) and sum(by_channel.values()) >= n  # type: ignore[attr-defined]
        pairs += found
    local = scan(CORPUS).pairs
    assert local and sorted((p.a, p.b, p.verdict) for p in pairs) == sorted((p.a, p.b, p.verdict) for p in local)
    by_key = {(p.a, p.b): p for p in local}
    assert all(p.to_dict() == by_key[(p.a, p.b)].to_dict() for p in pairs)
