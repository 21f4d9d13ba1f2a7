"""The scan's stages applied to one part of a corpus: plain functions that an engine schedules.

Documents are numbered in corpus order across parts (a part's first document is number ``first``), so
every pair, tie-break and sample is the one the local engine sees. Band records are routed to buckets
by their key, so that each bucket holds every unit that shares a key with another: the colliding pairs
of a bucket are exactly those the local engine finds in that key's run.
Nothing here knows about Dask.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from dedup.banding import colliding_pairs
from dedup.candidates import (CandidateSet, ChannelSpec, Vocabulary, assemble_candidates, document_pairs,
                              evidence_rules, learn_vocabulary)
from dedup.decision import Thresholds
from dedup.documents import Corpus, Document
from dedup.evidence import Evidence, Stretches, close_stretches
from dedup.result import Pair
from dedup.shingles import tokenize_batch
from dedup.signing import sign_batch, text_bounds
from dedup.verify import reported_pairs, score_candidates, verify

__all__ = [
    "Bands",
    "Hits",
    "sample_texts",
    "fit_vocabulary",
    "part_bands",
    "bucket_candidates",
    "merge_candidates",
    "involved_documents",
    "select_documents",
    "score_part",
    "merge_stretches",
    "verify_part",
]

Hits = dict[tuple[int, int], list[tuple[tuple[int, int], tuple[int, int]]]]


@dataclass
class Bands:
    """One channel's band records: a row per (unit, band) with the unit's document and span."""

    band: np.ndarray
    key: np.ndarray
    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray

    @classmethod
    def concat(cls, pieces: Sequence["Bands"]) -> "Bands":
        return cls(*(np.concatenate([getattr(p, f) for p in pieces]) for f in ("band", "key", "doc", "start", "end")))

    def take(self, rows: np.ndarray) -> "Bands":
        return Bands(self.band[rows], self.key[rows], self.doc[rows], self.start[rows], self.end[rows])


@dataclass
class Found:
    """Candidate document pairs per channel and passage windows, for the documents of one part."""

    pairs: dict[str, np.ndarray] = field(default_factory=dict)
    hits: Hits = field(default_factory=dict)


def sample_texts(corpus: Corpus, *, first: int, step: int) -> list[str]:
    """Texts of the documents whose corpus number is a multiple of ``step`` (the vocabulary sample)."""
    return [d.text for k, d in enumerate(corpus.documents, start=first) if k % step == 0]


def fit_vocabulary(samples: Sequence[Sequence[str]], *, corpus_size: int) -> Vocabulary:
    """The vocabulary learnt from every part's sample, in corpus order (a few thousand texts at most)."""
    texts = [t for sample in samples for t in sample]
    return learn_vocabulary(tokenize_batch(texts), corpus_size=corpus_size) if texts else Vocabulary.empty()


def part_bands(corpus: Corpus, *, first: int, channels: Sequence[ChannelSpec], vocab: Vocabulary, seed: int,
               batch_size: int, buckets: int) -> list[dict[str, Bands]]:
    """Sign a part's documents and split their band records into ``buckets`` by key."""
    docs = corpus.documents
    records: dict[str, list[Bands]] = {spec.name: [] for spec in channels}
    for lo in range(0, len(docs), batch_size):
        texts = [d.text for d in docs[lo : lo + batch_size]]
        for name, doc, start, end, keys in sign_batch(texts, text_bounds(texts), channels, vocab=vocab, seed=seed, offset=first + lo):
            n, n_bands = keys.shape
            records[name].append(Bands(np.tile(np.arange(n_bands, dtype=np.int64), n), keys.reshape(-1),
                                       np.repeat(doc, n_bands), np.repeat(start, n_bands), np.repeat(end, n_bands)))
    out: list[dict[str, Bands]] = [{} for _ in range(buckets)]
    for name, pieces in records.items():
        table = Bands.concat(pieces) if pieces else _empty_bands()
        bucket = (table.key % np.uint64(buckets)).astype(np.int64)  # keys are already well-mixed hashes
        for b in range(buckets):
            out[b][name] = table.take(np.flatnonzero(bucket == b))
    return out


def _empty_bands() -> Bands:
    none = np.zeros(0, dtype=np.int64)
    return Bands(none, np.zeros(0, dtype=np.uint64), none, none, none)


def bucket_candidates(pieces: Sequence[dict[str, Bands]], *, channels: Sequence[ChannelSpec], max_bucket: int,
                      part_starts: np.ndarray) -> list[Found]:
    """Colliding units of one bucket, as document pairs routed to the part of their first document."""
    found = [Found() for _ in range(len(part_starts))]
    for spec in channels:
        table = Bands.concat([p[spec.name] for p in pieces])
        unit_pairs = [np.zeros((0, 2), dtype=np.int64)]
        for band in np.unique(table.band).tolist():
            rows = np.flatnonzero(table.band == band)
            local = colliding_pairs(table.key[rows][:, None], table.doc[rows], max_bucket=max_bucket)
            unit_pairs.append(rows[local])
        hits: Hits | None = {} if spec.window else None
        pairs = document_pairs(np.concatenate(unit_pairs), table.doc, table.start, table.end, hits=hits)
        owner = np.searchsorted(part_starts, pairs[:, 0], side="right") - 1
        for p in np.unique(owner).tolist():
            found[p].pairs[spec.name] = pairs[owner == p]
        for key, windows in (hits or {}).items():
            found[int(np.searchsorted(part_starts, key[0], side="right") - 1)].hits.setdefault(key, []).extend(windows)
    return found


def merge_candidates(pieces: Sequence[Found], *, channels: Sequence[ChannelSpec]) -> CandidateSet:
    """The candidate set of one part from every bucket's share of it (same rows as the local engine's)."""
    per_channel: dict[str, np.ndarray] = {}
    for spec in channels:
        found = [p.pairs[spec.name] for p in pieces if spec.name in p.pairs]
        per_channel[spec.name] = np.unique(np.concatenate(found), axis=0) if found else np.zeros((0, 2), np.int64)
    hits: Hits = {}
    for piece in pieces:
        for key, windows in piece.hits.items():
            hits.setdefault(key, []).extend(windows)
    return assemble_candidates(per_channel, hits, **evidence_rules(channels))


def involved_documents(candidates: CandidateSet) -> np.ndarray:
    """Numbers of the documents a part's candidates involve (its own and other parts')."""
    return np.unique(candidates.pairs) if len(candidates.pairs) else np.zeros(0, dtype=np.int64)


def select_documents(corpus: Corpus, *, first: int, numbers: np.ndarray) -> dict[int, Document]:
    """The documents of a part that other tasks need, by corpus number."""
    return {int(k): corpus.documents[int(k) - first] for k in numbers.tolist()}


def _part_documents(corpus: Corpus, first: int, imported: Sequence[dict[int, Document]]) -> dict[int, Document]:
    docs: dict[int, Document] = {first + k: d for k, d in enumerate(corpus.documents)}
    for extra in imported:
        docs.update(extra)
    return docs


def score_part(candidates: CandidateSet, corpus: Corpus, *, first: int, imported: Sequence[dict[int, Document]],
               vocab: Vocabulary, thresholds: Thresholds) -> tuple[list[Evidence], Stretches]:
    """The exact evidence of one part's candidates, and their closely shared stretches (every part's,
    merged, count how many documents share a stretch, as one process counts them over the whole scan)."""
    _, rows, evidence = score_candidates(_part_documents(corpus, first, imported), candidates, vocab, thresholds)
    return evidence, close_stretches(rows, evidence, min_similarity=thresholds.spread_similarity)


def merge_stretches(pieces: Sequence[Stretches]) -> Stretches:
    out: Stretches = {}
    for piece in pieces:
        for doc, found in piece.items():
            out.setdefault(doc, []).extend(found)
    return out


def verify_part(candidates: CandidateSet, corpus: Corpus, *, first: int, imported: Sequence[dict[int, Document]],
                vocab: Vocabulary, thresholds: Thresholds, align: bool = True,
                stretches: Stretches | None = None,
                evidence: list[Evidence] | None = None) -> tuple[list[Pair], int, dict[str, int]]:
    """Verify one part's candidates where its documents live; the partners come in ``imported``, the
    shared stretches of every part in ``stretches``, the part's evidence from :func:`score_part`.

    Returns the reported pairs, the number of candidates and their count per channel (for the stats).
    """
    docs = _part_documents(corpus, first, imported)
    verified = verify(docs, candidates, vocab, thresholds, align=align, stretches=stretches, evidence=evidence,
                      reported_only=True)
    by_channel = {k: int(v.sum()) for k, v in candidates.channels.items()}
    return reported_pairs(docs, candidates, verified), len(candidates.pairs), by_channel
