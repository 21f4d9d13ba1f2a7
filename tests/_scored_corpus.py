"""corpus/ and the named verdict cases signed, paired and scored: what the verification's tests read."""

from __future__ import annotations

from typing import Any

from conftest import CORPUS
from dedup.candidates import find_candidates
from dedup.channels import DEFAULT_CHANNELS
from dedup.decision import Thresholds
from dedup.documents import Document
from dedup.pipeline import _sign
from dedup.reading import read_corpus
from dedup.signing import corpus_vocabulary
from dedup.verify import score_candidates
from test_verdict_cases import CASES


def scored_corpus() -> tuple[Any, ...]:
    """``(docs, candidates, vocab, bounds, feats, rows, evidence)`` of corpus/ and the named cases: reprints,
    a rewrite, and candidates never reported (forms, templates, two reports of one event)."""
    texts = {text for pair in CASES.values() for text in pair}
    docs = read_corpus(CORPUS).documents + tuple(Document(f"case-{k}", t) for k, t in enumerate(sorted(texts)))
    vocab = corpus_vocabulary([d.text for d in docs])
    tables, bounds, copies = _sign(docs, DEFAULT_CHANNELS, vocab, seed=1, batch_size=4, progress=None, workers=1)
    candidates = find_candidates(tables, text_keys=copies)
    feats, rows, evidence = score_candidates(docs, candidates, vocab, Thresholds(), bounds=bounds, workers=1)
    return docs, candidates, vocab, bounds, feats, rows, evidence
