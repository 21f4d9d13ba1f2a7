"""One band's buckets paired (:mod:`dedup.banding` bands the signatures and gathers the bands' pairs): every pair
of units of different documents in a bucket of at most ``max_bucket`` units, bucket by bucket in key order; in a
larger bucket of at most ``max_bucket`` distinct texts each unit with the first document's units of each text (a
story carried word for word by many outlets is one text); two documents repeating one passage many times paired
along their order (:func:`paired_along`), not every unit with every unit. A band may come whole or in parts by key
range (:data:`BandPart`), so that only a part need be sorted at once.

A key's top bit (:data:`SHORT_MARK`) marks a short document's passage window signed in the long documents' own
bands (:attr:`dedup.channels.ChannelSpec.dense_bands`): such a unit shares the bucket of its key without the mark
(counted in it against ``max_bucket`` with the rest) and pairs with the long documents' units there, never with
another short document's (:func:`band_pair_blocks`). Every other key has the bit clear.
"""

from __future__ import annotations

from typing import Any, Iterator

import numpy as np

from dedup.sorted_arrays import sorted_unique, unique_pairs

__all__ = ["UnitTexts", "BandPart", "band_pairs", "band_pair_blocks", "paired_along", "MOST_REPEATS", "REPEAT_REACH",
           "CROWDED_PAIRS", "SHORT_MARK", "KEY_BITS"]

#: The top bit of a band key: set on a short document's window in the long documents' own bands alone.
SHORT_MARK = np.uint64(1 << 63)
#: The bits of a band key that name its bucket (every bit but :data:`SHORT_MARK`).
KEY_BITS = np.uint64((1 << 63) - 1)


class UnitTexts:
    """Each unit's text key, looked up through its document: indexed with unit numbers as an array of one
    key a unit would be (the ``unit_text`` of :func:`colliding_codes`), without holding four bytes a unit
    (a million articles' passage windows are 9.5 million units; their documents, a million keys).

    >>> UnitTexts(np.array([7, 9], dtype=np.uint32), np.array([0, 0, 1]))[np.array([2, 0])].tolist()
    [9, 7]
    """

    def __init__(self, doc_texts: np.ndarray, unit_doc: np.ndarray) -> None:
        self._texts, self._doc = doc_texts, unit_doc

    def __len__(self) -> int:
        return len(self._doc)

    def __getitem__(self, units: Any) -> np.ndarray:
        return self._texts[self._doc[units]]


def band_pairs(column: np.ndarray, unit_doc: np.ndarray, max_bucket: int,
                unit_text: np.ndarray | UnitTexts | None = None) -> np.ndarray:
    """The colliding unit pairs of one band: every pair of units of different documents in a bucket of at
    most ``max_bucket`` units, bucket by bucket in key order, a bucket's pairs by their distance in it (1,
    2, ...); then in a larger bucket of at most ``max_bucket`` distinct texts (given ``unit_text``) each
    unit with the first document's units of each text (:func:`_crowded_pairs`)."""
    found = list(band_pair_blocks(column, unit_doc, max_bucket, unit_text))
    return np.concatenate(found) if found else np.zeros((0, 2), dtype=np.int64)


def band_pair_blocks(column: Any, unit_doc: np.ndarray, max_bucket: int,
                      unit_text: np.ndarray | UnitTexts | None = None, block: int = 1 << 20) -> Iterator[np.ndarray]:
    """:func:`band_pairs` in blocks of at most ``block`` pairs (the crowded buckets' pairs last), in the
    same order.

    ``column`` is the band's key of every unit, or the band in parts by key range (:data:`BandPart`:
    units of equal keys are in one part), each part's buckets paired in turn: the same pairs, in another
    order, with only a part sorted at once. Units whose key carries :data:`SHORT_MARK` (short documents'
    windows in a long documents' band) are in the bucket of their key without it and pair with its other
    units only (:func:`_marked_pairs`)."""
    parts = [(None, column)] if isinstance(column, np.ndarray) else column
    for units, keys in parts:
        if len(keys) and int(keys.max()) >= 1 << 63:
            yield from _marked_pairs(units, keys, unit_doc, max_bucket, unit_text, block)
        else:
            yield from _part_pair_blocks(units, keys, unit_doc, max_bucket, unit_text, block)


def _marked_pairs(units: np.ndarray | None, keys: np.ndarray, unit_doc: np.ndarray, max_bucket: int,
                  unit_text: np.ndarray | UnitTexts | None, block: int) -> Iterator[np.ndarray]:
    """:func:`_part_pair_blocks` of a band where some keys carry :data:`SHORT_MARK`: every unit in the bucket
    of its key without the mark, the buckets that hold no unmarked unit left out first (most of a wire
    desk's, whose documents are all short), and the pairs of two marked units dropped: a short document's
    window meets the long documents' windows there, never another short document's."""
    marked = keys >= SHORT_MARK
    bare = keys & KEY_BITS
    plain = np.unique(bare[~marked])
    if not len(plain):
        return
    at = np.minimum(np.searchsorted(plain, bare), len(plain) - 1)
    kept = np.flatnonzero(~marked | (plain[at] == bare))
    members = kept if units is None else units[kept]
    short_units = members[marked[kept]]  # increasing: units come in order
    for pairs in _part_pair_blocks(members, bare[kept], unit_doc, max_bucket, unit_text, block):
        both = _among(short_units, pairs[:, 0]) & _among(short_units, pairs[:, 1])
        if both.any():
            pairs = pairs[~both]
        if len(pairs):
            yield pairs


def _among(ordered: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Which ``values`` are in the increasing array ``ordered``."""
    if not len(ordered):
        return np.zeros(len(values), dtype=bool)
    return ordered[np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)] == values


#: One part of a band cut by key range: ``(units, keys)``, the units (in increasing order) whose key in
#: the band falls in the range, and those keys (:meth:`dedup.unit_tables.UnitTable.columns`).
BandPart = tuple[np.ndarray, np.ndarray]


def _part_pair_blocks(units: np.ndarray | None, keys: np.ndarray, unit_doc: np.ndarray, max_bucket: int,
                      unit_text: np.ndarray | UnitTexts | None, block: int) -> Iterator[np.ndarray]:
    """The pairs of the buckets of ``keys`` (the keys of ``units``, or of every unit when None), a block at
    a time.

    Only the sorted positions inside buckets of two or more are kept past the sort: most keys of a band are
    alone, and arrays over every unit beyond the sort itself were most of a band's memory (a million
    articles' passage windows: 9.5 million units a band)."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    same = ordered[1:] == ordered[:-1]  # position k and k + 1 share a key
    del ordered
    shared = np.flatnonzero(same)
    if not len(shared):
        return
    # positions inside a bucket of two or more: each first of a shared neighbour pair and the one after it
    inside = np.zeros(len(keys), dtype=bool)
    inside[shared] = True
    inside[shared + 1] = True
    del shared
    where = np.flatnonzero(inside)
    del inside
    starts = np.flatnonzero(np.concatenate(([True], ~same[where[1:] - 1])))
    del same
    members = order[where] if units is None else units[order[where]]  # the units of the buckets, in order
    del order, where
    sizes = np.diff(np.append(starts, len(members)))
    keep = sizes <= max_bucket
    crowded = _crowded_pairs(members, starts, sizes, unit_doc, unit_text, max_bucket) \
        if unit_text is not None and not keep.all() else None
    if not keep.any():
        if crowded is not None:
            yield crowded
        return
    group_of = np.repeat(np.arange(len(starts)), sizes)
    chosen = keep[group_of]
    order, group_of = members[chosen], group_of[chosen]
    del members, chosen
    for gap in range(1, int(sizes[keep].max())):
        left = np.flatnonzero(group_of[:-gap] == group_of[gap:])
        if len(left) == 0:
            break
        for lo in range(0, len(left), block):
            yield _cross_document(order[left[lo : lo + block]], order[left[lo : lo + block] + gap], unit_doc)
    if crowded is not None:
        yield crowded


def _cross_document(u: np.ndarray, v: np.ndarray, unit_doc: np.ndarray) -> np.ndarray:
    """The unit pairs ``(u[k], v[k])`` of different documents, each as ``(lower, higher)`` (int64)."""
    different = unit_doc[u] != unit_doc[v]
    return np.stack([np.minimum(u, v)[different], np.maximum(u, v)[different]], axis=1).astype(np.int64, copy=False)


#: Unit pairs a crowded bucket may cost before each document speaks by its first unit in it alone (a text
#: repeating one passage thousands of times, carried twice, would otherwise pair every repeat with every
#: other).
CROWDED_PAIRS = 1 << 22


def _crowded_pairs(order: np.ndarray, starts: np.ndarray, sizes: np.ndarray, unit_doc: np.ndarray,
                   unit_text: np.ndarray | UnitTexts | None, max_bucket: int) -> np.ndarray:
    """Pairs from the buckets of more than ``max_bucket`` units that hold at most ``max_bucket`` distinct
    texts: copies of one text crowd a bucket without being boilerplate. Each unit pairs with the units of
    every text's first document (its lowest number) in the bucket, so that a text's copies are each
    paired with its first copy and with every other text there, in ``units x texts`` pairs rather than
    ``units**2``; units of one document never pair. Past :data:`CROWDED_PAIRS` such pairs, a document
    speaks by its first unit in the bucket only."""
    none = np.zeros((0, 2), dtype=np.int64)
    big = np.flatnonzero(sizes > max_bucket)
    if unit_text is None or not len(big):
        return none
    out = [none]
    for g in big.tolist():
        members = order[starts[g] : starts[g] + sizes[g]]
        doc = unit_doc[members]
        if len(sorted_unique(doc)) < 2:
            continue  # one document's own windows
        reps = _representatives(members, unit_doc, unit_text, max_bucket)
        if reps is None:
            continue  # boilerplate: many texts share this key
        if _repeating(doc):
            pairs = _diagonal_pairs(members, reps, unit_doc)
        else:
            if len(members) * len(reps) > CROWDED_PAIRS:
                by_doc = np.lexsort((members, doc))
                members = members[by_doc][np.concatenate([[True], doc[by_doc][1:] != doc[by_doc][:-1]])]
                reps = _representatives(members, unit_doc, unit_text, max_bucket)
            pairs = _cross_document(np.repeat(members, len(reps)), np.tile(reps, len(members)), unit_doc)
        out.append(unique_pairs(pairs) if len(pairs) else pairs)
    return np.concatenate(out)


#: Units one document may bring to a crowded bucket before its pairs with another document that brings as
#: many are thinned (:func:`_diagonal_pairs`): a text that repeats a passage (a story pasted twenty times,
#: a feed item concatenated over and over) puts every repeat of a window in its bucket, and two such texts
#: paired every repeat of one with every repeat of the other, the square of the repeats in every band (a
#: 90,000-character text of 20 copies of a story against a copy of it: 25 s and 590 MB; two of 900,000
#: characters: killed at 15.9 GB). No bucket of the Reuters scan has two documents over 32 units
#: (benchmarks/RESULTS.md, forty-eighth round, `robust52`).
MOST_REPEATS = 48
#: Units of the other document each unit of a repeating one meets, on either side of its place
#: (:func:`_diagonal_pairs`).
REPEAT_REACH = 4


def _repeating(doc: np.ndarray) -> bool:
    """Whether two documents each bring more than :data:`MOST_REPEATS` units to a bucket (``doc``: the
    document of each unit in it)."""
    if len(doc) <= 2 * MOST_REPEATS:
        return False
    _, counts = np.unique(doc, return_counts=True)
    return int(np.count_nonzero(counts > MOST_REPEATS)) >= 2


def _diagonal_pairs(members: np.ndarray, reps: np.ndarray, unit_doc: np.ndarray) -> np.ndarray:
    """The pairs of a crowded bucket (each unit of ``members`` with the units ``reps`` of other documents),
    two documents' units there paired by :func:`paired_along`: all with all, or, where both bring more than
    :data:`MOST_REPEATS` units, along their order. The same pairs whichever document comes first."""
    out = [np.zeros((0, 2), dtype=np.int64)]
    mine_doc, their_doc = unit_doc[members], unit_doc[reps]
    for d in np.unique(mine_doc).tolist():
        mine = np.sort(members[mine_doc == d])
        for e in np.unique(their_doc).tolist():
            if e == d:
                continue
            theirs = np.sort(reps[their_doc == e])
            i, j = paired_along(len(mine), len(theirs))
            out.append(_cross_document(mine[i], theirs[j], unit_doc))
    return unique_pairs(np.concatenate(out))


def paired_along(mine: int, theirs: int) -> tuple[np.ndarray, np.ndarray]:
    """Which of two documents' units in one bucket pair, ``mine`` and ``theirs`` of them in the order of
    their texts: positions ``(i, j)``, the i-th of mine with the j-th of theirs. Every one with every one,
    unless both bring more than :data:`MOST_REPEATS`: then the k-th of the longer run with the units of the
    shorter that stand where it stands in its own (k scaled by their counts), :data:`REPEAT_REACH` either
    side. A text pasted twenty times is still met copy by copy, every repeat of it with a partner (the
    copies' passages cover the whole text), in ``units x (2 x REPEAT_REACH + 1)`` pairs, not ``units**2``;
    the same pairs whichever document is ``mine``. The one rule of a scan's buckets
    (:func:`_diagonal_pairs`) and of an index's join of a new article's windows with a stored one's
    postings under a key (:mod:`dedup.index`): one question, one answer.

    >>> [a.tolist() for a in paired_along(2, 3)]
    [[0, 0, 0, 1, 1, 1], [0, 1, 2, 0, 1, 2]]
    >>> i, j = paired_along(100, 50); len(i), sorted(set(j[i == 99].tolist()))
    (860, [45, 46, 47, 48, 49])
    """
    if min(mine, theirs) <= MOST_REPEATS:
        return np.repeat(np.arange(mine), theirs), np.tile(np.arange(theirs), mine)
    longer, shorter = max(mine, theirs), min(mine, theirs)
    at = np.arange(longer) * shorter // longer
    near = at[:, None] + np.arange(-REPEAT_REACH, REPEAT_REACH + 1)[None, :]
    inside = (near >= 0) & (near < shorter)
    along, other = np.repeat(np.arange(longer), inside.sum(axis=1)), near[inside]
    return (along, other) if mine >= theirs else (other, along)


def _representatives(members: np.ndarray, unit_doc: np.ndarray, unit_text: np.ndarray, max_bucket: int):  # type: ignore[no-untyped-def]
    """The units (of ``members``) of each text's first document, or None past ``max_bucket`` texts."""
    doc, text = unit_doc[members], unit_text[members]
    by_text = np.lexsort((doc, text))
    text_sorted = text[by_text]
    first = np.concatenate([[True], text_sorted[1:] != text_sorted[:-1]])
    if first.sum() > max_bucket:
        return None
    first_doc = doc[by_text][first][np.cumsum(first) - 1]  # per unit (text order): its text's first document
    return members[by_text][doc[by_text] == first_doc]
