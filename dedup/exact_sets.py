"""The exact sets a document is compared on: its word 5-grams, rare content words, names and figures.

LSH proposes pairs from estimates; :mod:`dedup.evidence` measures each exactly, on these sets. They are
worked out once per document (a document is in many pairs), for a whole batch of texts at once, each
restricted to its article proper and without boilerplate (:func:`features`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dedup import kernels
from dedup.vocabulary import COMMON_SHARE, Vocabulary
from dedup.shingles import batch_ngrams, content_mask
from dedup.tokens import TokenBatch, in_sorted

__all__ = ["Features", "features", "unique_sorted"]


@dataclass(frozen=True)
class Features:
    """The exact sets one document is compared on (sorted unique hashes), and its token offsets."""

    grams: np.ndarray
    gram_hashes: np.ndarray  # every 5-gram in text order (not unique), with its character span
    gram_starts: np.ndarray
    gram_ends: np.ndarray
    content: np.ndarray
    facts: np.ndarray
    content_tokens: np.ndarray  # content word hashes in text order, for passage scoring
    content_starts: np.ndarray
    content_ends: np.ndarray
    content_is_fact: np.ndarray  # which content words are names (capitalised, not opening a sentence) or figures
    content_is_number: np.ndarray  # which content words are figures
    #: the distinct words capitalised anywhere, sentence openings included, and figures: where ``facts``
    #: of the other text are looked for (a rewrite opens a sentence with a name the source has inside one)
    capitals: np.ndarray


def features(
    batch: TokenBatch,
    bounds: np.ndarray,
    *,
    vocab: Vocabulary,
    boilerplate: np.ndarray | None = None,
    ngram: int = 5,
) -> list[Features]:
    """Features of every text of a batch, each restricted to its article proper ``bounds[i]`` and
    without the tokens marked in ``boilerplate``. Masks are computed once for the whole batch."""
    idx = _kept_tokens(batch, bounds, boilerplate)
    hashes, starts, ends, flags = batch.hashes[idx], batch.starts[idx], batch.ends[idx], batch.flags[idx]
    offsets = np.searchsorted(idx, batch.offsets)
    grams, pos = batch_ngrams(hashes, offsets, ngram)
    gram_offsets = np.searchsorted(pos, offsets)
    content = content_mask(hashes, starts, ends)
    rare, numbers, names, facts, capitals = _word_kinds(hashes, offsets, flags, content, vocab)
    distinct = _batch_distinct(len(batch), hashes, offsets, grams, gram_offsets, (rare, facts, capitals))
    out = []
    for i in range(len(batch)):
        t = slice(offsets[i], offsets[i + 1])
        g = slice(gram_offsets[i], gram_offsets[i + 1])
        c = content[t]
        gp = pos[g]
        text_hashes, text_starts = hashes[t], starts[t]
        out.append(Features(
            _distinct_of(distinct[0], i, grams[g]), grams[g], starts[gp], ends[gp + ngram - 1] if len(gp) else starts[gp],
            _distinct_of(distinct[1], i, text_hashes, rare[t]), _distinct_of(distinct[2], i, text_hashes, facts[t]),
            text_hashes[c], text_starts[c], ends[t][c], names[t][c], numbers[t][c],
            _distinct_of(distinct[3], i, text_hashes, capitals[t]),
        ))
    return out


def _kept_tokens(batch: TokenBatch, bounds: np.ndarray, boilerplate: np.ndarray | None) -> np.ndarray:
    """The positions of the batch's tokens that are measured: inside each text's article proper (a dateline,
    a byline and a site's closing lines are every article's and would make any two alike), boilerplate out."""
    if len(batch) == 1:  # an index's check: one article, whose tokens need no sorting out by text
        keep = (batch.starts >= bounds[0, 0]) & (batch.ends <= bounds[0, 1])
    else:
        doc_of = np.repeat(np.arange(len(batch)), np.diff(batch.offsets))
        keep = (batch.starts >= bounds[doc_of, 0]) & (batch.ends <= bounds[doc_of, 1])
    if boilerplate is not None:
        keep &= ~boilerplate
    return np.flatnonzero(keep)


def _word_kinds(hashes: np.ndarray, offsets: np.ndarray, flags: np.ndarray, content: np.ndarray,
                vocab: Vocabulary) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Masks of the kept tokens: the rare content words (a rewrite keeps its source's vocabulary, not its
    common words), the figures, the names inside sentences, the names and figures of each whole text
    (``facts``), and every capital with the figures (``capitals``: where the other text's facts are looked for)."""
    common = vocab.sorted_common(COMMON_SHARE)  # made once per vocabulary: the same words as common()
    rare = content & ~in_sorted(hashes, common) if len(common) else content
    numbers = (flags & TokenBatch.NUMERIC) > 0
    # a capital opening a sentence is no name: inside passages and linked sentences never, in the whole
    # text unless the text capitalises the same word mid-sentence too (:func:`_whole_text_facts`)
    capital = flags & (TokenBatch.CAPITALISED | TokenBatch.SENTENCE_START)
    names = content & (numbers | (capital == TokenBatch.CAPITALISED))
    opening = content & (capital == _OPENING_CAPITAL)
    facts = _whole_text_facts(hashes, offsets, names, opening)
    capitals = names | opening
    return rare, numbers, names, facts, capitals


def _batch_distinct(n: int, hashes: np.ndarray, offsets: np.ndarray, grams: np.ndarray, gram_offsets: np.ndarray,
                    masks: tuple[np.ndarray, np.ndarray, np.ndarray]) -> list[tuple[np.ndarray, list[int]] | None]:
    """Each document's distinct n-grams, rare words, facts and capitals (``masks``: the last three), for
    the whole batch at once where the kernel is built (one call, not four a document); Nones for one
    document, whose own sort is as quick (:func:`_distinct_of`)."""
    rare, facts, capitals = masks
    return [_unique_runs(grams, gram_offsets), _unique_runs(hashes[rare], _runs_of(rare, offsets)),
            _unique_runs(hashes[facts], _runs_of(facts, offsets)),
            _unique_runs(hashes[capitals], _runs_of(capitals, offsets))] if n > 1 else [None] * 4


_OPENING_CAPITAL = TokenBatch.CAPITALISED | TokenBatch.SENTENCE_START


def _whole_text_facts(hashes: np.ndarray, offsets: np.ndarray, names: np.ndarray, opening: np.ndarray) -> np.ndarray:
    """The names and figures of each whole text: ``names`` (figures, and capitals inside a sentence), and
    of the capitals ``opening`` a sentence those whose word the same text also capitalises inside a
    sentence ("Moore said" after "Trade minister Mike Moore"). A rewrite restarts and reorders sentences,
    so a capital that only ever opens one ("Ministers", "Trade") says nothing of a name and would count
    against agreement. The documents are cut at ``offsets``; a word is matched within its own document."""
    out = names.copy()
    at = np.flatnonzero(opening)
    if not len(at):
        return out
    inside = np.flatnonzero(names)
    if not len(inside):
        return out
    doc = np.searchsorted(offsets, np.concatenate([inside, at]), side="right") - 1
    # a (document, word) key, exact: the words ranked among those in question, then offset by document
    _, rank = np.unique(hashes[np.concatenate([inside, at])], return_inverse=True)
    keys = doc.astype(np.int64) * (int(rank.max()) + 1) + rank.reshape(-1)
    named = np.unique(keys[: len(inside)])
    out[at] = in_sorted(keys[len(inside):], named)
    return out


def _runs_of(mask: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Where each document's run of ``values[mask]`` starts (and the last ends), the documents cut at ``offsets``."""
    return np.concatenate([[0], np.cumsum(mask, dtype=np.int64)])[offsets]


def _unique_runs(values: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, list[int]] | None:
    """Each run ``values[offsets[d]:offsets[d + 1]]`` sorted and without repeats, one after another, and
    where each starts (:func:`unique_sorted` of every document's at once, by the kernel ``unique_runs``); None
    where the kernel is not built or the values are no 64-bit hashes (each document takes :func:`unique_sorted`)."""
    compiled = kernels.KERNELS
    if compiled is None or values.dtype != np.uint64:
        return None
    out, where = np.empty(len(values), dtype=np.uint64), np.empty(len(offsets), dtype=np.int64)
    compiled.unique_runs(np.ascontiguousarray(values), np.ascontiguousarray(offsets, dtype=np.int64), out, where)
    return out, where.tolist()


def _distinct_of(runs: tuple[np.ndarray, list[int]] | None, i: int, values: np.ndarray,
                 mask: np.ndarray | None = None) -> np.ndarray:
    """Document ``i``'s distinct ``values`` (``values[mask]``): its run of ``runs`` (a copy: a document's
    features keep nothing of the batch's), or :func:`unique_sorted` of them."""
    if runs is None:
        return unique_sorted(values if mask is None else values[mask])
    out, where = runs
    return out[where[i] : where[i + 1]].copy()


def unique_sorted(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` of a document's hashes by one sort: numpy's own hashes them first, several
    times slower on arrays of a few hundred (three arrays a document, in the parent before scoring)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]
