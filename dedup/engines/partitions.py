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

from dedup.buckets import KEY_BITS, band_pairs
from dedup.candidate_sets import _assemble_arrays, _oriented
from dedup.candidates import NO_BAND, CandidateSet, document_pairs
from dedup.channels import ChannelSpec, evidence_rules
from dedup.vocabulary import Vocabulary, learn_vocabulary
from dedup.decision import Thresholds
from dedup.documents import Corpus, Document
from dedup.evidence import Copies, Evidence, Stretches, close_stretches, text_copies
from dedup.normalize import text_keys
from dedup.result import Pair
from dedup.shingles import tokenize_batch
from dedup.signing import sign_batch, text_bounds
from dedup.sorted_arrays import sorted_unique, unique_pairs
from dedup.verify import reported_pairs, score_candidates, verify

__all__ = [
    "Bands",
    "Found",
    "sample_texts",
    "fit_vocabulary",
    "part_bands",
    "part_text_keys",
    "bucket_candidates",
    "merge_candidates",
    "involved_documents",
    "select_documents",
    "score_part",
    "merge_stretches",
    "scan_copies",
    "verify_part",
]


@dataclass
class Bands:
    """One channel's band records: a row per (unit, band) with the unit's document and span.

    Held in the narrowest types that fit (band ``int16``, key ``uint64``, document number and character
    offsets ``int32``: 22 bytes a record, against 40 in int64): every record is shuffled once and waits,
    with every other part's, until the bucket reducers run.
    """

    band: np.ndarray
    key: np.ndarray
    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray

    FIELDS = ("band", "key", "doc", "start", "end")

    @classmethod
    def concat(cls, pieces: Sequence["Bands"]) -> "Bands":
        return cls(*(np.concatenate([getattr(p, f) for p in pieces]) for f in cls.FIELDS))

    def take(self, rows: np.ndarray) -> "Bands":
        return Bands(*(getattr(self, f)[rows] for f in self.FIELDS))


@dataclass
class Found:
    """Candidate document pairs per channel, and window collisions, for the documents of one part.

    ``windows`` holds one row ``(doc_a, doc_b, a_start, a_end, b_start, b_end)`` (``int32``) per band a
    window pair collides in: a document pair's rule counts them over every bucket, so they travel as rows
    (24 bytes each), not as dicts of tuples (about ten times that).
    """

    pairs: dict[str, np.ndarray] = field(default_factory=dict)
    windows: list[np.ndarray] = field(default_factory=list)

    @property
    def nbytes(self) -> int:
        return sum(p.nbytes for p in self.pairs.values()) + sum(w.nbytes for w in self.windows)


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
    spec_of = {spec.name: spec for spec in channels}
    for lo in range(0, len(docs), batch_size):
        texts = [d.text for d in docs[lo : lo + batch_size]]
        for name, doc, start, end, keys in sign_batch(texts, text_bounds(texts), channels, vocab=vocab, seed=seed, offset=first + lo):
            n, n_bands = keys.shape
            narrow = [np.repeat(a.astype(np.int32), n_bands) for a in (doc, start, end)]
            bands = Bands(np.tile(np.arange(n_bands, dtype=np.int16), n), keys.reshape(-1), *narrow)
            if n_bands > spec_of[name].banding.bands:  # a short text's windows have no key in the long ones' bands
                bands = bands.take(np.flatnonzero(bands.key != NO_BAND))
            records[name].append(bands)
    out: list[dict[str, Bands]] = [{} for _ in range(buckets)]
    for name, pieces in records.items():
        table = Bands.concat(pieces) if pieces else _empty_bands()
        # keys are already well-mixed hashes; a short text's window in the long ones' bands (its key marked)
        # goes to the bucket of its key unmarked, where it meets them (dedup.buckets.SHORT_MARK)
        bucket = ((table.key & KEY_BITS) % np.uint64(buckets)).astype(np.int64)
        for b in range(buckets):
            out[b][name] = table.take(np.flatnonzero(bucket == b))
    return out


def _empty_bands() -> Bands:
    none = np.zeros(0, dtype=np.int32)
    return Bands(np.zeros(0, dtype=np.int16), np.zeros(0, dtype=np.uint64), none, none, none)


def part_text_keys(corpus: Corpus) -> np.ndarray:
    """The text key of each of a part's documents (:func:`dedup.normalize.text_keys`): 4 bytes a document,
    sent to every bucket reducer whole (cheaper than a column of every band record)."""
    return text_keys(d.text for d in corpus.documents)


def bucket_candidates(pieces: Sequence[dict[str, Bands]], *, channels: Sequence[ChannelSpec], max_bucket: int,
                      part_starts: np.ndarray, text_keys: Sequence[np.ndarray] | None = None) -> list[Found]:
    """Colliding units of one bucket, as document pairs routed to the part of their first document.
    ``text_keys``: every part's :func:`part_text_keys`, in part order (copies count once in a bucket)."""
    found = [Found() for _ in range(len(part_starts))]
    copies = np.concatenate(text_keys) if text_keys is not None else None
    for spec in channels:
        table = Bands.concat([p[spec.name] for p in pieces])
        by_band = np.argsort(table.band, kind="stable")
        bounds = np.searchsorted(table.band[by_band], np.arange(spec.key_bands + 1))
        unit_pairs = [np.zeros((0, 2), dtype=np.int64)]
        for band in np.flatnonzero(np.diff(bounds)).tolist():
            # one band's pairs are distinct already (a unit has one key a band), and a window pair counts
            # once for each band it collides in: no unique here (a sort per band, as the local scan's)
            rows = by_band[bounds[band] : bounds[band + 1]]
            doc = table.doc[rows]
            unit_pairs.append(rows[band_pairs(table.key[rows], doc, max_bucket, None if copies is None else copies[doc])])
        units, doc, start, end = np.concatenate(unit_pairs), table.doc.astype(np.int64), table.start, table.end
        del table, unit_pairs  # the bucket's keys, its largest columns, are done with
        pairs = document_pairs(units, doc, start, end)
        _route(found, part_starts, pairs[:, 0], lambda f, rows: f.pairs.__setitem__(spec.name, pairs[rows]))
        if spec.window:
            ua, ub = _oriented(units, doc)
            windows = np.empty((len(ua), 6), dtype=np.int32)  # filled a column at a time: no int64 copy
            for column, values in enumerate((doc, doc, start, end, start, end)):
                windows[:, column] = values[ua if column in (0, 2, 3) else ub]
            _route(found, part_starts, windows[:, 0], lambda f, rows: f.windows.append(windows[rows]))
    return found


def _route(found: list[Found], part_starts: np.ndarray, first_doc: np.ndarray, put) -> None:  # type: ignore[no-untyped-def]
    """``put(found[p], rows)`` for each part ``p`` with the rows whose first document it holds."""
    owner = np.searchsorted(part_starts, first_doc, side="right") - 1
    order = np.argsort(owner, kind="stable")
    bounds = np.searchsorted(owner[order], np.arange(len(found) + 1))
    for p in np.flatnonzero(np.diff(bounds)).tolist():
        put(found[p], order[bounds[p] : bounds[p + 1]])


def merge_candidates(pieces: Sequence[Found], *, channels: Sequence[ChannelSpec]) -> CandidateSet:
    """The candidate set of one part from every bucket's share of it (same rows as the local engine's)."""
    per_channel: dict[str, np.ndarray] = {}
    for spec in channels:
        found = [p.pairs[spec.name] for p in pieces if spec.name in p.pairs]
        per_channel[spec.name] = unique_pairs(np.concatenate(found)) if found else np.zeros((0, 2), np.int64)
    windows = _enough_hits(np.concatenate([w for p in pieces for w in p.windows] or [np.zeros((0, 6), dtype=np.int32)]),
                           min((c.min_hits for c in channels if c.window), default=1))
    # one row per band a window pair shares, as the scan's own assembly counts them
    rows = np.empty((len(windows), 7), dtype=np.int64)
    rows[:, :6] = windows
    rows[:, 6] = 1
    del windows
    return _assemble_arrays(per_channel, [rows], **evidence_rules(channels))


def _enough_hits(windows: np.ndarray, min_hits: int) -> np.ndarray:
    """The rows of the document pairs with at least ``min_hits`` of them (one row a band): the others fail
    every window channel's rule, and the assembly drops them anyway. At a million articles most rows are
    chance collisions of a pair in a band or two; assembling them all (56 bytes a row there) took a
    worker past its memory limit."""
    if min_hits <= 1 or not len(windows):
        return windows
    codes = (windows[:, 0].astype(np.int64) << 32) | windows[:, 1].astype(np.int64)
    order = np.argsort(codes, kind="stable")
    starts = np.flatnonzero(np.concatenate(([True], codes[order][1:] != codes[order][:-1])))
    sizes = np.diff(np.append(starts, len(codes)))
    return windows[np.sort(order[np.repeat(sizes >= min_hits, sizes)])]


def involved_documents(candidates: CandidateSet) -> np.ndarray:
    """Numbers of the documents a part's candidates involve (its own and other parts')."""
    return sorted_unique(candidates.pairs) if len(candidates.pairs) else np.zeros(0, dtype=np.int64)


def select_documents(corpus: Corpus, *, first: int, numbers: np.ndarray) -> dict[int, Document]:
    """The documents of a part that other tasks need, by corpus number."""
    return {int(k): corpus.documents[int(k) - first] for k in numbers.tolist()}


def _part_documents(corpus: Corpus, first: int, imported: Sequence[dict[int, Document]]) -> dict[int, Document]:
    docs: dict[int, Document] = {first + k: d for k, d in enumerate(corpus.documents)}
    for extra in imported:
        docs.update(extra)
    return docs


def scan_copies(text_keys: Sequence[np.ndarray]) -> Copies:
    """The documents whose text is an earlier one's, over every part (``text_keys``: every part's
    :func:`part_text_keys`, in part order): counted once with it in the spread, as the local engine counts them."""
    return text_copies(np.concatenate([np.zeros(0, dtype=np.uint32), *text_keys]))


def score_part(candidates: CandidateSet, corpus: Corpus, *, first: int, imported: Sequence[dict[int, Document]],
               vocab: Vocabulary, thresholds: Thresholds, copies: Copies | None = None) -> tuple[list[Evidence], Stretches]:
    """The exact evidence of one part's candidates, and their closely shared stretches (every part's,
    merged, count how many documents share a stretch, as one process counts them over the whole scan;
    ``copies`` of one text once, :func:`scan_copies`)."""
    _, rows, evidence = score_candidates(_part_documents(corpus, first, imported), candidates, vocab, thresholds)
    return evidence, close_stretches(rows, evidence, min_similarity=thresholds.spread_similarity, copies=copies)


def merge_stretches(pieces: Sequence[Stretches]) -> Stretches:
    out: Stretches = {}
    for piece in pieces:
        for doc, found in piece.items():
            out.setdefault(doc, []).extend(found)
    return out


def verify_part(candidates: CandidateSet, corpus: Corpus, *, first: int, imported: Sequence[dict[int, Document]],
                vocab: Vocabulary, thresholds: Thresholds, align: bool = True,
                stretches: Stretches | None = None, evidence: list[Evidence] | None = None,
                copies: Copies | None = None) -> tuple[list[Pair], int, dict[str, int]]:
    """Verify one part's candidates where its documents live; the partners come in ``imported``, the
    shared stretches of every part in ``stretches``, the part's evidence from :func:`score_part`.

    Returns the reported pairs, the number of candidates and their count per channel (for the stats).
    """
    docs = _part_documents(corpus, first, imported)
    verified = verify(docs, candidates, vocab, thresholds, align=align, stretches=stretches, evidence=evidence,
                      reported_only=True, copies=copies)
    by_channel = {k: int(v.sum()) for k, v in candidates.channels.items()}
    return reported_pairs(docs, candidates, verified), len(candidates.pairs), by_channel
