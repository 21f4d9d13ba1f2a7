"""One question, one answer: ``compare`` of two articles read among a corpus, and whether a two-text answer
is near enough the bar for a corpus to move it.

``compare a b`` is a scan of the two alone: no common words (a scan learns them from 50 articles or
more) and no other document sharing a stretch. A scan of a corpus holding both may answer otherwise
where its corpus weighs in (docs/design.md, "One question gets one answer"). :func:`compare_among`
gives the pair the answer a scan of the corpus gives it: the corpus's common words (or an index's, when
given), its candidates (a band bucket crowded by the corpus's other texts pairs no one), and the spread of
each shared stretch counted over the corpus's candidate pairs of either text. Only the pairs of the two
articles are verified: a stretch's spread is counted from a text's own pairs, so it is the scan's.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from dedup.candidate_sets import candidate_rows
from dedup.candidates import CandidateSet, find_candidates
from dedup.channels import DEFAULT_CHANNELS, ChannelSpec
from dedup.decision import Thresholds
from dedup.documents import Corpus, Document
from dedup.errors import InputError
from dedup.evidence import text_copies
from dedup.result import Comparison
from dedup.signing import corpus_vocabulary
from dedup.vocabulary import Vocabulary

__all__ = ["compare_among", "near_bar", "reading", "NEAR_BAR"]

#: How near the bar a two-text answer is one a corpus could move across it: the largest move of a pair's
#: confidence between ``compare`` and a scan of a benchmark set holding it, rounded up
#: (benchmarks/RESULTS.md, "One question, one answer: compare and scan on the same pair").
NEAR_BAR = 0.1


def near_bar(confidence: float, bar: float, margin: float = NEAR_BAR) -> bool:
    """Whether ``confidence`` is within ``margin`` of ``bar``, on either side: a corpus's common words or a
    shared stretch's spread may take it across."""
    return abs(float(confidence) - float(bar)) < margin


def reading(compared: Comparison, bar: float, among: int) -> dict[str, Any]:
    """What a comparison was read among, for its JSON: ``among`` articles (2: the two alone), and, for a
    two-text answer, whether its confidence is near enough ``bar`` for a corpus to move it (``near_bar``;
    False for an answer read among a corpus, which is the scan's)."""
    return {"read_among": among, "near_bar": among == 2 and near_bar(compared.confidence, bar)}


def reading_line(read: dict[str, Any]) -> str | None:
    """The terminal's line for a reading: said only for a two-text answer near the bar, or one read among a
    corpus."""
    if read["read_among"] > 2:
        return f"read among {read['read_among']:,} articles: the answer a scan of them gives this pair"
    if read["near_bar"]:
        return ("a two-text answer near the bar: a scan of a corpus holding both may answer otherwise "
                "(its common words, a shared stretch found elsewhere); --corpus gives that scan's answer")
    return None


def compare_among(a: Document, b: Document, corpus: Iterable[Document] | Corpus, *,
                  channels: Sequence[ChannelSpec] = DEFAULT_CHANNELS, thresholds: Thresholds = Thresholds(),
                  seed: int = 1, max_bucket: int = 50, vocabulary: Vocabulary | None = None) -> Comparison:
    """``a`` and ``b`` compared as a scan of ``corpus`` (with the two in it) answers for them: verdict,
    confidence, reasons, evidence, channels and alignment, as the scan's pair (reported or not). A corpus
    article with ``a``'s text (its id first, else the first such) stands for ``a``; the same for ``b``;
    either not in the corpus is added to it. ``vocabulary``: common words to read with (an index's), else
    learnt from the corpus, as a scan learns them."""
    from dedup.pipeline import _sign
    from dedup.verify import align_pair, channels_of, verify

    docs = list(corpus.documents if isinstance(corpus, Corpus) else corpus)
    ia = _place(docs, a, taken=-1)
    ib = _place(docs, b, taken=ia)
    vocab = corpus_vocabulary([d.text for d in docs]) if vocabulary is None else vocabulary
    tables, bounds, copies = _sign(docs, channels, vocab, seed=seed, batch_size=2000, progress=None, workers=1)
    candidates = find_candidates(tables, max_bucket=max_bucket, text_keys=copies)
    for table in tables.values():
        table.close()
    rows = _rows_of(candidates, ia, ib)
    found = _row_of(candidates, rows, ia, ib)
    da, db = docs[ia], docs[ib]
    if found is None:  # the scan never pairs them: their evidence is measured for the view, as compare's is
        lone = CandidateSet(np.array([[ia, ib]], dtype=np.int64), {c.name: np.zeros(1, bool) for c in channels}, {})
        (verified,) = verify(docs, lone, vocab, thresholds, bounds=bounds, workers=1, explain_all=True)
        return Comparison(da, db, None, verified.evidence, (), verified.alignment or align_pair(da, db))
    part = candidate_rows(candidates, rows)
    verified = verify(docs, part, vocab, thresholds, bounds=bounds, workers=1, explain_all=True,
                      copies=text_copies(copies))[found]
    i, _ = part.pairs[found].tolist()
    evidence = verified.evidence if i == ia else verified.evidence.flipped()
    alignment = verified.alignment or align_pair(da, db)
    return Comparison(da, db, verified.verdict, evidence, channels_of(part, found), alignment, verified.confidence,
                      verified.why)


def _place(docs: list[Document], doc: Document, *, taken: int) -> int:
    """The number of the corpus article standing for ``doc``: one with its id and text, else the first with
    its text (not ``taken``, the other article's); else ``doc`` added at the end (its id made unique)."""
    same = [k for k, d in enumerate(docs) if d.text == doc.text and k != taken]
    for k in same:
        if docs[k].id == doc.id:
            return k
    if same:
        return same[0]
    ids = {d.id for d in docs}
    name, n = doc.id, 2
    while name in ids:
        name, n = f"{doc.id} ({n})", n + 1
    docs.append(doc if name == doc.id else replace(doc, id=name))
    return len(docs) - 1


def _rows_of(candidates: CandidateSet, ia: int, ib: int) -> np.ndarray:
    """The candidate rows holding article ``ia`` or ``ib``: every pair a stretch of either is counted in."""
    pairs = candidates.pairs
    if not len(pairs):
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.isin(pairs, (ia, ib)).any(axis=1)).astype(np.int64)


def _row_of(candidates: CandidateSet, rows: np.ndarray, ia: int, ib: int) -> int | None:
    """Where the pair of ``ia`` and ``ib`` is among ``rows`` (None: not a candidate)."""
    for k, row in enumerate(rows.tolist()):
        if set(candidates.pairs[row].tolist()) == {ia, ib}:
            return k
    return None


def corpus_of(source: str | Path) -> Corpus:
    """The corpus named on the command line (a folder or a JSONL file), read as a scan reads it."""
    from dedup.reading import read_corpus

    corpus = read_corpus(source)
    if not len(corpus.documents):
        raise InputError(f"--corpus {source}: no article read")
    return corpus
