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
from dedup.evidence import close_stretches, text_copies
from dedup.result import Comparison
from dedup.signing import corpus_vocabulary
from dedup.vocabulary import Vocabulary

__all__ = ["Among", "compare_among", "compare_read", "near_bar", "reading", "reading_line", "with_both", "NEAR_BAR"]

#: How near the bar an answer of the two alone is one a corpus may well move across it: of the 98 pairs of the
#: benchmark sets reported by ``compare`` or by a scan of the set alone, 69 were this near (a stretch's spread
#: moved them 0.02-0.30, the corpus's common words any way and further: benchmarks/RESULTS.md, "compare and a
#: scan on the same pair", fifty-seventh round).
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
    docs, ia, ib = with_both(corpus.documents if isinstance(corpus, Corpus) else corpus, a, b)
    among = Among(docs, channels=channels, thresholds=thresholds, seed=seed, max_bucket=max_bucket,
                  vocabulary=vocabulary)
    return among.compare(ia, ib)


class Among:
    """A corpus signed once and its candidates found once: :meth:`compare` then answers any pair of its
    articles as a scan of it does (what :func:`compare_among` reads; a benchmark asks it of many pairs)."""

    def __init__(self, docs: Sequence[Document], *, channels: Sequence[ChannelSpec] = DEFAULT_CHANNELS,
                 thresholds: Thresholds = Thresholds(), seed: int = 1, max_bucket: int = 50,
                 vocabulary: Vocabulary | None = None) -> None:
        from dedup.pipeline import _sign

        self.docs, self.channels, self.thresholds = list(docs), tuple(channels), thresholds
        self.vocab = corpus_vocabulary([d.text for d in self.docs]) if vocabulary is None else vocabulary
        tables, self.bounds, copies = _sign(self.docs, channels, self.vocab, seed=seed, batch_size=2000,
                                            progress=None, workers=1)
        self.candidates = find_candidates(tables, max_bucket=max_bucket, text_keys=copies)
        for table in tables.values():
            table.close()
        self.copies = text_copies(copies)

    def compare(self, ia: int, ib: int) -> Comparison:
        """Articles ``ia`` and ``ib`` (by number) compared as the scan of the corpus answers for them."""
        from dedup.verify import align_pair, channels_of, score_candidates, verify

        docs, rows = self.docs, _rows_of(self.candidates, ia, ib)
        found = _row_of(self.candidates, rows, ia, ib)
        da, db = docs[ia], docs[ib]
        if found is None:  # the scan never pairs them: their evidence is measured for the view, as compare's is
            lone = CandidateSet(np.array([[ia, ib]], dtype=np.int64),
                                {c.name: np.zeros(1, bool) for c in self.channels}, {})
            (verified,) = verify(docs, lone, self.vocab, self.thresholds, bounds=self.bounds, workers=1,
                                 explain_all=True)
            return Comparison(da, db, None, verified.evidence, (), verified.alignment or align_pair(da, db))
        part = candidate_rows(self.candidates, rows)
        # every pair of either article scored exactly, for the stretches they share closely: a stretch's
        # spread counts an article's own pairs only (the scan's two passes count them so); then the pair's
        feats, pairs, scored = score_candidates(docs, part, self.vocab, self.thresholds, bounds=self.bounds)
        stretches = close_stretches(pairs, scored, min_similarity=self.thresholds.spread_similarity,
                                    copies=self.copies)
        (verified,) = verify(docs, candidate_rows(part, np.array([found], dtype=np.int64)), self.vocab,
                             self.thresholds, bounds=self.bounds, stretches=stretches, evidence=[scored[found]],
                             known=feats, workers=1, explain_all=True, copies=self.copies)
        i, _ = part.pairs[found].tolist()
        evidence = verified.evidence if i == ia else verified.evidence.flipped()
        return Comparison(da, db, verified.verdict, evidence, channels_of(part, found),
                          verified.alignment or align_pair(da, db), verified.confidence, verified.why)


def with_both(corpus: Iterable[Document], a: Document, b: Document) -> tuple[list[Document], int, int]:
    """The articles of ``corpus`` with ``a`` and ``b`` among them (each added where no article stands for it:
    :func:`_place`), and the numbers of the two."""
    docs = list(corpus)
    ia = _place(docs, a, taken=-1)
    return docs, ia, _place(docs, b, taken=ia)


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


def compare_read(a: Document, b: Document, corpus: str | Path | None, *, thresholds: Thresholds,
                 channels: Sequence[ChannelSpec]) -> tuple[Comparison, dict[str, Any]]:
    """``dedup compare A B [--corpus FOLDER]``: the comparison (of the two alone, or read among the corpus at
    ``corpus``) and what it was read among (:func:`reading`)."""
    from dedup.pipeline import compare

    if corpus is None:
        compared = compare(a, b, thresholds=thresholds, channels=channels)
        return compared, reading(compared, thresholds.confidence_bar, 2)
    docs, _, _ = with_both(corpus_of(corpus).documents, a, b)  # the two stand where compare_among places them
    compared = compare(a, b, thresholds=thresholds, channels=channels, corpus=docs)
    return compared, reading(compared, thresholds.confidence_bar, len(docs))


def corpus_of(source: str | Path) -> Corpus:
    """The corpus named on the command line (a folder or a JSONL file), read as a scan reads it."""
    from dedup.reading import read_corpus

    try:
        corpus = read_corpus(source)
    except InputError as error:  # "nothere: no such file or folder" names the option it came from
        said = str(error)
        raise type(error)(f"--corpus {said}" if said.startswith(str(source)) else f"--corpus {source}: {said}") from None
    if not len(corpus.documents):
        raise InputError(f"--corpus {source}: no article read")
    return corpus
