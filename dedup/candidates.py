"""Candidate pairs: three LSH channels over units (whole documents or passage windows).

| channel   | unit              | shingles                          | finds                                   |
|-----------|-------------------|-----------------------------------|-----------------------------------------|
| ``text``    | whole document    | word 5-grams                      | reprints and light edits                |
| ``passage`` | windows of words  | rare content words in the window  | a few paragraphs reused in a long text  |
| ``content`` | whole document    | rare content words                | heavy rewrites (reworded sentences)     |

"Rare" content words leave out stopwords and the words found in a large share of the corpus (template
vocabulary such as "shr", "net", "mln" in earnings notices), so that sharing them says little.
Candidates are only proposals: :mod:`dedup.verify` re-scores each one exactly.
"""

from __future__ import annotations

import numpy as np

from dedup import kernels
from dedup.heap import release_freed
from dedup.memory import band_ranges
from dedup.banding import NO_BAND, band_keys, colliding_codes, colliding_pairs_of_bands
from dedup.buckets import UnitTexts
from dedup.candidate_sets import (CandidateSet, PassageHits, _assemble_arrays, _joined, _window_hits, assemble_candidates,
                                  document_pairs)
from dedup.channels import ChannelSpec, evidence_rules
from dedup.shingles import batch_ngrams, content_mask
from dedup.tokens import TokenBatch, in_sorted
from dedup.signatures import minhash_units
from dedup.sorted_arrays import counted_codes
from dedup.unit_tables import UnitTable
from dedup.vocabulary import Vocabulary

__all__ = [
    "NO_BAND",
    "UnitTable",
    "channel_units",
    "token_masks",
    "CandidateSet",
    "PassageHits",
    "find_candidates",
    "document_pairs",
    "assemble_candidates",
]


def token_masks(batch: TokenBatch, *, content_bounds: np.ndarray | None = None,
                boilerplate: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``(kept, content)`` per token of a batch: inside the article proper and not boilerplate (what every
    channel may shingle), and a content word (what content-only channels shingle). Computed once for all
    of a batch's channels (:func:`channel_units`' ``masks``): one article signed alone paid them per channel."""
    keep = np.ones(len(batch.hashes), dtype=bool) if boilerplate is None else ~boilerplate
    if content_bounds is not None:
        doc_of = np.repeat(np.arange(len(batch)), np.diff(batch.offsets))
        keep &= (batch.starts >= content_bounds[doc_of, 0]) & (batch.ends <= content_bounds[doc_of, 1])
    return keep, keep & content_mask(batch.hashes, batch.starts, batch.ends)


def channel_units(
    batch: TokenBatch,
    spec: ChannelSpec,
    *,
    vocab: Vocabulary,
    content_bounds: np.ndarray | None = None,
    boilerplate: np.ndarray | None = None,
    masks: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shingles of every unit of a batch for one channel.

    Returns ``(shingles, shingle_unit, unit_doc, unit_start, unit_end)``: the shingle hashes with the
    unit each belongs to, and for each unit its document (index into the batch) and character span.
    ``content_bounds`` (``(n_docs, 2)``) limits tokens to the article proper (no dateline/sign-off);
    ``boilerplate`` (from :func:`boilerplate_tokens`) marks tokens to leave out; ``masks``, when given,
    is :func:`token_masks` of the two, computed once for several channels.
    """
    kept, content = masks if masks is not None else token_masks(batch, content_bounds=content_bounds,
                                                               boilerplate=boilerplate)
    keep = (content if spec.content_only else kept).copy()
    common = vocab.common(spec.drop_common) if spec.drop_common else vocab.words[:0]
    if len(common) and not spec.window:
        keep &= ~in_sorted(batch.hashes, common)
    idx = np.flatnonzero(keep)
    # each text's kept tokens: a running count read at the texts' first tokens (texts without any count 0)
    kept_before = np.zeros(len(keep) + 1, dtype=np.int64)
    np.cumsum(keep, out=kept_before[1:])
    offsets = kept_before[batch.offsets]
    counts = np.diff(offsets)
    grams, pos = batch_ngrams(batch.hashes[idx], offsets, spec.ngram)
    doc_of_gram = np.repeat(np.arange(len(batch)), np.diff(offsets))[pos]
    local = pos - offsets[doc_of_gram]
    if spec.window and len(common) and spec.ngram == 1:
        # Windows are laid over every kept word, so that they cover the same stretch of text in two
        # copies; only the uncommon words inside a window are its shingles.
        rare = ~in_sorted(grams, common)
        grams, doc_of_gram, local = grams[rare], doc_of_gram[rare], local[rare]
    if not spec.window:
        unit_doc = np.arange(len(batch), dtype=np.int64)
        first = np.minimum(offsets[:-1], max(len(idx) - 1, 0))
        last = np.maximum(offsets[1:] - 1, 0)
        starts = batch.starts[idx[first]] if len(idx) else np.zeros(len(batch), dtype=np.int64)
        ends = batch.ends[idx[last]] if len(idx) else np.zeros(len(batch), dtype=np.int64)
        return grams, doc_of_gram, unit_doc, starts, ends
    return _window_units(batch, spec, idx, offsets, counts, grams, doc_of_gram, local)


def _window_units(batch, spec, idx, offsets, counts, grams, doc_of_gram, local):  # type: ignore[no-untyped-def]
    """Overlapping windows of ``spec.window`` words every ``spec.step`` words."""
    step = spec.step
    n_windows = np.where(counts > spec.window, -(-(counts - spec.window) // step) + 1, np.minimum(counts, 1))
    first_unit = np.concatenate([[0], np.cumsum(n_windows)]).astype(np.int64)
    unit_doc = np.repeat(np.arange(len(batch)), n_windows).astype(np.int64)
    k = np.arange(first_unit[-1]) - first_unit[unit_doc]
    w_start = offsets[unit_doc] + k * step
    w_end = np.minimum(w_start + spec.window, offsets[unit_doc + 1]) - 1
    starts = batch.starts[idx[w_start]] if len(idx) else np.zeros(0, dtype=np.int64)
    ends = batch.ends[idx[w_end]] if len(idx) else np.zeros(0, dtype=np.int64)
    # A shingle at local position p lies in windows p // step, p // step - 1, ... (when they exist).
    if kernels.KERNELS is not None:
        cap = len(grams) * -(-spec.window // step)
        shingles, units = np.empty(cap, dtype=np.uint64), np.empty(cap, dtype=np.int64)
        count = kernels.KERNELS.window_units(
            np.ascontiguousarray(grams, dtype=np.uint64), np.ascontiguousarray(doc_of_gram, dtype=np.int64),
            np.ascontiguousarray(local, dtype=np.int64), np.ascontiguousarray(n_windows, dtype=np.int64),
            np.ascontiguousarray(first_unit[:-1], dtype=np.int64), step, spec.window, shingles, units)
        shingles.resize(count, refcheck=False)
        units.resize(count, refcheck=False)
        return shingles, units, unit_doc, starts, ends
    own = local // step
    shingles, units = [], []
    for shift in range(-(-spec.window // step)):
        win = own - shift
        ok = (win >= 0) & (win < n_windows[doc_of_gram]) & (local < win * step + spec.window)
        shingles.append(grams[ok])
        units.append(first_unit[doc_of_gram[ok]] + win[ok])
    return np.concatenate(shingles), np.concatenate(units), unit_doc, starts, ends


def sign_units(
    shingles: np.ndarray, shingle_unit: np.ndarray, n_units: int, spec: ChannelSpec, *, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Band keys of the units that have at least ``min_shingles`` shingles: ``(unit_indices, keys)``."""
    unit = shingle_unit.astype(np.int64)
    enough = np.bincount(unit, minlength=n_units) >= spec.min_shingles
    indexed = np.flatnonzero(enough)
    # only the indexed units are signed (a unit's signature depends on its shingles alone): the others,
    # units with a shingle or two, are the dearest to sketch (many rounds to fill their bins)
    rank = np.cumsum(enough) - 1
    keep = enough[unit]
    sig = minhash_units(shingles[keep], rank[unit[keep]], len(indexed), num_perm=spec.num_perm, seed=seed)
    return indexed, band_keys(sig, spec.banding)


#: Bytes counting and judging a passage channel's collisions holds per byte of their codes (measured at
#: 100,000 and a million articles under ``--memory 1GB``: 270 MB for a group of 64 MB of codes).
JUDGING_COST = 4


def find_candidates(tables: dict[str, UnitTable], *, max_bucket: int = 50, text_keys: np.ndarray | None = None,
                    keys_bytes: int | None = None) -> CandidateSet:
    """Pair the documents whose units collide in any band of any channel.

    ``text_keys`` (one per document, :func:`dedup.normalize.text_keys`) lets a bucket crowded by copies
    of one text count them once (:mod:`dedup.banding`); without it every unit counts. ``keys_bytes``: the
    keys' share of the memory setting, which sizes the parts a passage channel's collisions are judged in
    (default: each table's ``spill``).

    A passage channel proposes a pair only when its colliding window pairs share at least
    ``spec.min_hits`` bands in all and one of them at least ``spec.min_bands``: a shared passage spans
    several overlapping windows that agree in many bands, a chance collision of a few rare words shows as
    two or three neighbouring windows sharing one band each.
    """
    per_channel: dict[str, np.ndarray] = {}
    windows: list[np.ndarray] = []
    dropped: list[np.ndarray] = []
    rules = evidence_rules(t.spec for t in tables.values())
    # with one window channel, the window pairs sharing fewer bands than it keeps are left out before their
    # rows are built (their bands counted apart): a text repeating itself shares tens of millions in one band
    row_bands = min(rules["min_bands"].values()) if len(rules["min_bands"]) == 1 else 1
    for name, table in tables.items():
        doc, start, end = table.units()
        unit_text = None if text_keys is None else UnitTexts(text_keys, doc)  # looked up, not 4 bytes a unit
        # with a memory setting (a scan), the keys' share of it bounds a band's sort (a band is cut in key
        # ranges past it), and half of it the collisions judged at once: every band is sorted and its
        # collisions written out before the first are judged. Cutting the million's passage bands in two
        # at the default 4GB, where the whole band's sort holds 380 MB, cost 20 s of 230.
        spill = table.spill if keys_bytes is None else keys_bytes
        budget = None if spill is None else spill // 2
        columns = table.columns(band_ranges(len(doc), spill))
        if table.spec.window:
            # the collisions wait in many small files and are judged a few files at a time: counting and
            # judging them holds about four times their codes (8 bytes each; the distinct ones, the bands
            # they share, where each starts), so as many files as a quarter of the budget holds
            parts = 1 if spill is None else max(64, len(doc) // 100_000)
            part_bytes = None if budget is None else budget // JUDGING_COST
            # a chunk of unit pairs judged at once holds about sixty bytes a pair while it is judged
            chunk = 1 << 22 if budget is None else max(1 << 18, min(1 << 22, budget // 64))
            found = []
            for codes in colliding_codes(columns, doc, max_bucket=max_bucket, parts=parts, part_bytes=part_bytes,
                                         unit_text=unit_text):
                distinct, shared = counted_codes(codes)
                del codes  # judged by its distinct codes; gone before the next part is read
                found.append(_window_hits(distinct, shared, doc, start, end, min_hits=table.spec.min_hits,
                                          min_bands=table.spec.min_bands, row_bands=row_bands, chunk=chunk))
                del distinct, shared
                release_freed()  # the C library keeps what a part freed: the next part would come on top
            per_channel[name] = _joined([f[0] for f in found])
            windows.append(_joined([f[1] for f in found]))  # one part's rows as they are, not copied
            dropped.append(_joined([f[2] for f in found]))
            del found  # the parts' rows, copied above when several: the assembly below sorts a copy of them again
        else:
            unit_pairs = colliding_pairs_of_bands(columns, doc, max_bucket=max_bucket, unit_text=unit_text)
            per_channel[name] = document_pairs(unit_pairs, doc.astype(np.int64), start, end)
    # the assembly takes the window rows out of the list: held here too, they would stay while it sorts them
    return _assemble_arrays(per_channel, windows, **rules, dropped=np.concatenate(dropped) if dropped else None)
