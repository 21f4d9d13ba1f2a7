"""Signing: the band keys of a batch of texts, and the common-word vocabulary they are signed with.

The one signing function of every entry point: the local scan, the Dask engine's parts and the
persistent index all call :func:`sign_batch`, so a text gets the same keys wherever it is signed. Each
unit's keys depend on the unit alone (and the vocabulary and seed), never on the rest of the batch.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any, Sequence

import numpy as np

from dedup import kernels
from dedup.buckets import KEY_BITS, SHORT_MARK
from dedup.candidates import NO_BAND, channel_units, sign_units, token_masks
from dedup.channels import ChannelSpec, dense_seed
from dedup.vocabulary import BOILERPLATE_NGRAM, Vocabulary, boilerplate_tokens, learn_vocabulary
from dedup.normalize import content_bounds
from dedup.shingles import stopword_hashes, tokenize_batch
from dedup.signatures import seed_mix
from dedup.tokens import TokenBatch

__all__ = ["SignedUnits", "sign_batch", "text_bounds", "VOCABULARY_SAMPLE", "vocabulary_step", "corpus_vocabulary",
           "check_channels", "signing_masks", "sign_channel"]

#: Documents read to learn what is too common to count (every k-th document, in corpus order).
VOCABULARY_SAMPLE = 5000
#: One channel's signed units: ``(channel, unit_doc + offset, start, end, band_keys)``.
SignedUnits = tuple[str, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def check_channels(channels: Any) -> tuple[ChannelSpec, ...]:
    """``channels`` as a tuple, or a TypeError unless it is a non-empty sequence of :class:`ChannelSpec`
    (a name such as ``"thorough"`` goes through ``channels_for``; no channel finds nothing, where it must
    not read as "no copies").

    >>> from dedup.channels import DEFAULT_CHANNELS
    >>> check_channels(list(DEFAULT_CHANNELS)) == DEFAULT_CHANNELS
    True
    """
    if isinstance(channels, (str, bytes, ChannelSpec)) or not isinstance(channels, Sequence) or not channels \
            or not all(isinstance(c, ChannelSpec) for c in channels):
        given = f"{channels!r}"[:60] if isinstance(channels, (str, Sequence)) else type(channels).__name__
        raise TypeError(f"channels must be a non-empty sequence of ChannelSpec (DEFAULT_CHANNELS, or "
                        f"dedup.channels.channels_for('thorough')), got {given}")
    return tuple(channels)


def text_bounds(texts: Sequence[str]) -> np.ndarray:
    """``(n, 2)`` spans of each text's article proper (no dateline, no sign-off)."""
    return np.array([content_bounds(t) for t in texts], dtype=np.int64).reshape(-1, 2)


def sign_batch(texts: Sequence[str], bounds: np.ndarray, channels: Sequence[ChannelSpec], *, vocab: Vocabulary,
               seed: int, offset: int = 0) -> list[SignedUnits]:
    """``(channel, unit_doc + offset, start, end, band_keys)`` of the indexed units of a batch of texts,
    channel by channel, units in document order."""
    batch = tokenize_batch(list(texts))
    masks = signing_masks(batch, bounds, vocab)
    out = []
    for spec in channels:
        unit_doc, start, end, keys = sign_channel(batch, spec, vocab=vocab, seed=seed, masks=masks)
        if offset:
            unit_doc += offset
        out.append((spec.name, unit_doc, start, end, keys))
    return out


def signing_masks(batch: TokenBatch, bounds: np.ndarray, vocab: Vocabulary) -> tuple[np.ndarray, np.ndarray]:
    """:func:`token_masks` of a batch inside ``bounds`` (:func:`text_bounds`) with the boilerplate of
    ``vocab`` (:func:`boilerplate_tokens`): what every channel of a signing starts from; one pass of the
    compiled kernel, where it is built."""
    if kernels.KERNELS is None:
        return token_masks(batch, content_bounds=bounds, boilerplate=boilerplate_tokens(batch, vocab))
    kept, content = np.empty(len(batch.hashes), dtype=bool), np.empty(len(batch.hashes), dtype=bool)
    kernels.KERNELS.token_masks(_u64(batch.hashes), _i64(batch.starts), _i64(batch.ends), _i64(batch.offsets),
                                _i64(bounds), vocab.sorted_grams(), BOILERPLATE_NGRAM, stopword_hashes(),
                                kept, content)
    return kept, content


def sign_channel(batch: TokenBatch, spec: ChannelSpec, *, vocab: Vocabulary, seed: int,
                 masks: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(unit_doc, start, end, band_keys)`` of one channel's indexed units (those of at least
    ``min_shingles`` shingles), in unit order: :func:`channel_units` then :func:`sign_units`, or the
    compiled kernel that does both text by text (where it is built and takes the channel's settings),
    which on one article saves the fixed cost of some thirty small array operations.

    A channel with denser windows for long documents (``spec.dense_from``) gives ``spec.key_bands`` keys a
    unit: a short document's units are signed as without it (their first bands' keys the same, bit for
    bit) and have keys marked by :data:`~dedup.buckets.SHORT_MARK` in the long documents' bands."""
    if spec.dense_from:
        return _sign_dense(batch, spec, vocab=vocab, seed=seed, masks=masks)
    return _sign_plain(batch, spec, vocab=vocab, seed=seed, masks=masks)


def _sign_dense(batch: TokenBatch, spec: ChannelSpec, *, vocab: Vocabulary, seed: int,
                masks: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`sign_channel` of a channel with denser windows for long documents: the short documents
    and the long ones signed apart, their units put back in document order. A short document's windows
    are signed in the long documents' own bands too, from the same second sketch, their keys marked by
    :data:`~dedup.buckets.SHORT_MARK`: there they meet the long documents' windows and never another short
    document's (:func:`dedup.buckets.band_pair_blocks`)."""
    laid = masks[1] if spec.content_only else masks[0]  # the words the windows are laid over
    words = np.diff(np.concatenate(([0], np.cumsum(laid)))[batch.offsets])
    long = words >= spec.dense_from
    windows, extra = spec.dense  # type: ignore[misc]
    parts = []
    for chosen, sparse in ((np.flatnonzero(~long), True), (np.flatnonzero(long), False)):
        if not len(chosen):
            continue
        sub, sub_masks = (batch, masks) if len(chosen) == len(long) else _texts_of(batch, masks, chosen)
        laid_out = spec.sparse if sparse else windows
        doc, start, end, keys = _sign_plain(sub, laid_out, vocab=vocab, seed=seed, masks=sub_masks)
        if extra is not None:  # the same windows in the second sketch's bands, so the same units in order
            more = _sign_plain(sub, replace(laid_out, num_perm=extra.num_perm, bands=extra.bands, rows=extra.rows,
                                            min_bands=1), vocab=vocab, seed=dense_seed(seed), masks=sub_masks)[3]
            keys = np.concatenate([keys, more | SHORT_MARK if sparse else more], axis=1)
        else:
            keys = _widened(keys, spec.key_bands)
        parts.append((chosen[doc], start, end, keys))
    if len(parts) == 1:
        return parts[0]
    doc = np.concatenate([p[0] for p in parts])
    order = np.argsort(doc, kind="stable")  # each part's units are in document order already
    return doc[order], np.concatenate([p[1] for p in parts])[order], np.concatenate([p[2] for p in parts])[order], \
        np.concatenate([p[3] for p in parts])[order]


def _widened(keys: np.ndarray, width: int) -> np.ndarray:
    """``keys`` with columns of :data:`~dedup.candidates.NO_BAND` added up to ``width``."""
    out = np.full((len(keys), width), NO_BAND, dtype=np.uint64)
    out[:, : keys.shape[1]] = keys
    return out


def _texts_of(batch: TokenBatch, masks: tuple[np.ndarray, np.ndarray],
              chosen: np.ndarray) -> tuple[TokenBatch, tuple[np.ndarray, np.ndarray]]:
    """The texts ``chosen`` (numbers in the batch, increasing) of a batch as a batch of their own, with
    their masks."""
    lengths = np.diff(batch.offsets)[chosen]
    first = batch.offsets[chosen]
    take = np.repeat(first - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths) + np.arange(int(lengths.sum()))
    offsets = np.concatenate(([0], np.cumsum(lengths))).astype(batch.offsets.dtype)
    sub = TokenBatch(batch.hashes[take], batch.starts[take], batch.ends[take], offsets, batch.flags[take])
    return sub, (masks[0][take], masks[1][take])


def _sign_plain(batch: TokenBatch, spec: ChannelSpec, *, vocab: Vocabulary, seed: int,
                masks: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`sign_channel` of a channel that windows every document alike; every key with its top bit
    clear (:data:`~dedup.buckets.KEY_BITS`: the bit marks a short document's window, :func:`_sign_dense`)."""
    settings = _kernel_settings(spec)
    if kernels.KERNELS is None or settings is None:
        shingles, unit, unit_doc, start, end = channel_units(batch, spec, vocab=vocab, masks=masks)
        indexed, keys = sign_units(shingles, unit, len(unit_doc), spec, seed=seed)
        return unit_doc[indexed], start[indexed], end[indexed], keys & KEY_BITS
    ngram, window, step, min_shingles, num_perm, bands, rows = settings
    texts = len(batch.offsets) - 1
    # a text of c kept words has at most c / step + 1 windows
    cap = texts + (len(batch.hashes) // step + texts if window else 0)
    units = np.empty((3, cap), dtype=np.int64)  # document, start, end: rows of one array, a third of the calls
    keys = np.empty((cap, bands), dtype=np.uint64)
    count = kernels.KERNELS.channel_keys(
        _u64(batch.hashes), _i64(batch.starts), _i64(batch.ends), _i64(batch.offsets),
        masks[1] if spec.content_only else masks[0], vocab.sorted_common(spec.drop_common), ngram, window, step,
        min_shingles, seed_mix(seed), num_perm, bands, rows, units[0], units[1], units[2], keys)
    keys.resize((count, bands), refcheck=False)  # shrunk in place: a scan holds the keys of every batch
    keys &= KEY_BITS
    return units[0, :count], units[1, :count], units[2, :count], keys


@lru_cache(maxsize=64)
def _kernel_settings(spec: ChannelSpec) -> tuple[int, ...] | None:
    """``(ngram, window, step, min_shingles, num_perm, bands, rows)`` for the compiled :func:`sign_channel`,
    or None for settings it does not take (its numpy twin raises on those it cannot sign)."""
    if not 1 <= spec.ngram <= 9 or not 2 <= spec.num_perm <= 1024:
        return None
    banding = spec.banding
    if banding.bands * banding.rows > spec.num_perm:
        return None
    return spec.ngram, spec.window, spec.step if spec.window else 0, spec.min_shingles, spec.num_perm, banding.bands, \
        banding.rows


def _u64(a: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=np.uint64)


def _i64(a: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=np.int64)


def vocabulary_step(n_docs: int) -> int:
    """Every k-th document (in corpus order) is read to learn the vocabulary: this k."""
    return max(1, -(-n_docs // VOCABULARY_SAMPLE))


def corpus_vocabulary(texts: Sequence[str]) -> Vocabulary:
    """The common-word vocabulary of a corpus, learnt from every ``vocabulary_step``-th text: what a scan
    of these texts uses, and what an index created from them freezes."""
    if not texts:
        return Vocabulary.empty()
    sample = texts[:: vocabulary_step(len(texts))]
    return learn_vocabulary(tokenize_batch(list(sample)), corpus_size=len(texts))
