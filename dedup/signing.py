"""Signing: the band keys of a batch of texts, and the common-word vocabulary they are signed with.

The one signing function of every entry point: the local scan, the Dask engine's parts and the
persistent index all call :func:`sign_batch`, so a text gets the same keys wherever it is signed. Each
unit's keys depend on the unit alone (and the vocabulary and seed), never on the rest of the batch.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from dedup.candidates import (ChannelSpec, Vocabulary, boilerplate_tokens, channel_units, learn_vocabulary, sign_units,
                              token_masks)
from dedup.normalize import content_bounds
from dedup.shingles import tokenize_batch

__all__ = ["SignedUnits", "sign_batch", "text_bounds", "VOCABULARY_SAMPLE", "vocabulary_step", "corpus_vocabulary",
           "check_channels"]

#: Documents read to learn what is too common to count (every k-th document, in corpus order).
VOCABULARY_SAMPLE = 5000
#: One channel's signed units: ``(channel, unit_doc + offset, start, end, band_keys)``.
SignedUnits = tuple[str, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def check_channels(channels: Any) -> tuple[ChannelSpec, ...]:
    """``channels`` as a tuple, or a TypeError unless it is a non-empty sequence of :class:`ChannelSpec`
    (a name such as ``"thorough"`` goes through ``channels_for``; no channel finds nothing, where it must
    not read as "no copies").

    >>> from dedup.candidates import DEFAULT_CHANNELS
    >>> check_channels(list(DEFAULT_CHANNELS)) == DEFAULT_CHANNELS
    True
    """
    if isinstance(channels, (str, bytes, ChannelSpec)) or not isinstance(channels, Sequence) or not channels \
            or not all(isinstance(c, ChannelSpec) for c in channels):
        given = f"{channels!r}"[:60] if isinstance(channels, (str, Sequence)) else type(channels).__name__
        raise TypeError(f"channels must be a non-empty sequence of ChannelSpec (DEFAULT_CHANNELS, or "
                        f"dedup.candidates.channels_for('thorough')), got {given}")
    return tuple(channels)


def text_bounds(texts: Sequence[str]) -> np.ndarray:
    """``(n, 2)`` spans of each text's article proper (no dateline, no sign-off)."""
    return np.array([content_bounds(t) for t in texts], dtype=np.int64).reshape(-1, 2)


def sign_batch(texts: Sequence[str], bounds: np.ndarray, channels: Sequence[ChannelSpec], *, vocab: Vocabulary,
               seed: int, offset: int = 0) -> list[SignedUnits]:
    """``(channel, unit_doc + offset, start, end, band_keys)`` of the indexed units of a batch of texts,
    channel by channel, units in document order."""
    batch = tokenize_batch(list(texts))
    masks = token_masks(batch, content_bounds=bounds, boilerplate=boilerplate_tokens(batch, vocab))
    out = []
    for spec in channels:
        shingles, unit, unit_doc, start, end = channel_units(batch, spec, vocab=vocab, masks=masks)
        indexed, keys = sign_units(shingles, unit, len(unit_doc), spec, seed=seed)
        out.append((spec.name, unit_doc[indexed] + offset, start[indexed], end[indexed], keys))
    return out


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
