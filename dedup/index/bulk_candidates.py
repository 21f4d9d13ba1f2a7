"""A batch's candidates: every article's candidate pairs as ``add`` of each in turn would find them, in arrays at once.

Article k of a batch meets the stored postings plus those of the batch's articles stored before it, and
skips the buckets crowded at that moment (:func:`batch_candidates`): the batch's keys are looked up in one
lookup, its own postings kept in memory, each bucket's articles counted as they stand when k comes. The
colliding window pairs are counted and judged by the scan's own stages and the pairs assembled in one call
with the scan's rules, as ``Index.add`` assembles one article's (:mod:`dedup.index.collisions`): the
assembly is local to a pair, so it gives each article's pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

import numpy as np

from dedup.buckets import MOST_REPEATS, paired_along
from dedup.candidate_sets import _assemble_arrays, _window_hits, assemble_ranked
from dedup.candidates import CandidateSet
from dedup.channels import ChannelSpec, evidence_rules
from dedup.documents import Document
from dedup.errors import InputError
from dedup.index.intake import CHANNEL_BITS, SHORT_SPAN, short_article, unmarked
from dedup.index.store import distinct, stable_order
from dedup.sorted_arrays import counted_codes, unique_inverse

if TYPE_CHECKING:
    from dedup.index.index import Index

__all__ = ["BatchKeys", "Item", "PROVISIONAL", "batch_candidates"]

#: Provisional numbers of the batch's articles: ``PROVISIONAL + position``, above any stored ``seq``.
PROVISIONAL = 1 << 40


@dataclass
class Item:
    """One valid article of a batch: its text, band keys and spans, and what becomes of it."""

    article: Document
    text: str
    keys: np.ndarray
    spans: np.ndarray
    content_hash: str
    number: int = 0  # provisional number (``PROVISIONAL + position``)
    status: str = "added"  # added | checked (its text is stored under another id) | recorded | refused
    refused: InputError | None = None
    rows: list[int] = field(default_factory=list)  # its rows in the batch's candidate set, in partner order
    bounds: tuple[int, int] | None = None  # its article proper (content_bounds), when signing computed it


@dataclass
class BatchKeys:
    """The band keys of a batch's active items (added or checked), concatenated in item order: with their
    spans, each key's item (its position among them), and their stable order by key, which gives every
    item's keys by ``(key, item)``: the queries of :func:`batch_candidates`, and their occurrences (the item's
    windows under the key, in the item's unit order)."""

    active: list[Item]
    keys: np.ndarray
    spans: np.ndarray
    pos: np.ndarray
    occurrence: np.ndarray

    @classmethod
    def of(cls, active: list[Item]) -> "BatchKeys":
        keys = np.concatenate([item.keys for item in active]) if active else np.zeros(0, dtype=np.int64)
        return cls(active, keys, np.concatenate([item.spans for item in active]) if active else keys,
                   np.repeat(np.arange(len(active)), [len(item.keys) for item in active]), stable_order(keys))

    def added_order(self) -> np.ndarray:
        """``stable_order`` of the added items' keys concatenated (those :func:`~dedup.index.bulk_storing.store_rows` stores), taken from
        the active items' order: its occurrences of added items, in the same order, renumbered (a stable sort
        restricted to some items is the subsequence of their occurrences; the sort of a batch's 1.6 million
        keys again cost 0.1 s).

        >>> a, b = (Item(Document(i, "t"), "t", np.array(k), np.array(k), "h") for i, k in (("a", [7, 3]), ("b", [3, 5])))
        >>> b.status = "checked"
        >>> BatchKeys.of([a, b]).added_order().tolist()
        [1, 0]
        """
        added = np.array([item.status == "added" for item in self.active], dtype=bool)
        lengths = np.array([len(item.keys) for item in self.active], dtype=np.int64)
        mine = lengths * added
        shift = (np.cumsum(lengths) - lengths) - (np.cumsum(mine) - mine)  # an item's start, among all and among the added
        kept = self.occurrence[added[self.pos[self.occurrence]]] if len(self.occurrence) else self.occurrence
        return kept - shift[self.pos[kept]]


def batch_candidates(index: "Index", items: list[Item], keyed: BatchKeys | None = None) -> CandidateSet:
    """Every item's candidate pairs ``(partner, item)``, as ``Index._candidates`` and ``_candidate_set``
    find them when it is added: the stored postings plus those of the batch's stored items before it,
    the buckets crowded at that moment skipped. Computed for the whole batch in arrays, and assembled in
    one call: the assembly is local to a pair, so it gives each item's pairs. ``keyed``: the active
    items' keys (:class:`BatchKeys`), when made before."""
    keyed = keyed or BatchKeys.of([item for item in items if item.status in ("added", "checked")])
    active = keyed.active
    if not active:
        return CandidateSet(np.zeros((0, 2), dtype=np.int64), {}, {})
    numbers = np.array([item.number for item in active], dtype=np.int64)
    keys, spans, pos, occurrence = keyed.keys, keyed.spans, keyed.pos, keyed.occurrence
    # the queries by (key, item): one stable sort by key (the items' keys are concatenated in item order)
    ordered = keys[occurrence]
    new_key = np.concatenate(([True], ordered[1:] != ordered[:-1]))
    first = np.flatnonzero(new_key)
    every = ordered[first]
    del ordered
    by_item = pos[occurrence]
    # a key two items share: its first and last occurrences (in item order under the key) are two items'
    shared = by_item[first] != by_item[np.append(first[1:], len(keys)) - 1]
    posted, stored, stored_articles, usable = _stored_postings(index, every, shared)
    # only the occurrences of usable keys go on (a third of a Reuters batch's: most of its band keys are in
    # no stored bucket and in no other item's): the others give no pair and post nothing another item meets
    key_rank = np.cumsum(new_key) - 1
    kept = np.flatnonzero(usable[key_rank])
    del new_key
    width = len(active) + 1  # (key rank, item position) as one code
    occurrence = occurrence[kept]
    code = key_rank[kept] * width + by_item[kept]
    del kept, by_item, key_rank
    q_first = np.flatnonzero(np.concatenate((np.ones(min(len(code), 1), dtype=bool), code[1:] != code[:-1])))
    q_code = code[q_first]
    q_count = np.diff(np.append(q_first, len(code)))
    q_rank, q_pos = q_code // width, q_code % width
    # the postings of the batch's stored items, each (key, span) once per item, by (key, item, span)
    added = np.array([item.status == "added" for item in active])
    mine = usable[code // width] & added[code % width]  # in (key, item) order, each item's units in order
    batch = _distinct_rows(code[mine], spans[occurrence[mine]])
    query, batch_first, before = _met(index, (stored, stored_articles, usable), (q_rank, q_pos), added, batch)
    which, partner, their_span = _partners(query, q_rank, (posted, stored), (batch, batch_first, before), numbers, width)
    which, partner, their_span = _unmarked(active, q_pos, which, partner, their_span)
    spans = unmarked(spans)
    channel = every[q_rank[which]] & ((1 << CHANNEL_BITS) - 1)
    per_channel = {spec.name: _distinct(partner[channel == c], numbers[q_pos[which[channel == c]]], len(items))
                   for c, spec in enumerate(index.channels)}
    rows = _window_rows(index, (which, partner, their_span, channel), (q_first, q_count, q_pos, occurrence), spans,
                        width)
    return _assembled(index, per_channel, numbers, *rows)


def _unmarked(active: list[Item], q_pos: np.ndarray, which: np.ndarray, partner: np.ndarray,
              their_span: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The partner postings of :func:`batch_candidates` without those a short item meets of a short partner in
    the long articles' own bands (both spans carry :data:`~dedup.index.intake.SHORT_SPAN`: a scan never pairs
    two short documents' windows there), the partners' spans unmarked: ``(which, partner, their_span)``."""
    marked = (their_span & SHORT_SPAN) != 0
    if not marked.any():
        return which, partner, their_span
    short = np.array([short_article(item.spans) for item in active], dtype=bool)
    keep = ~(marked & short[q_pos[which]])
    return which[keep], partner[keep], unmarked(their_span[keep])


def _stored_postings(index: "Index", every: np.ndarray,
                     shared: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`batch_candidates`' stored postings of the batch's distinct keys ``every``: the ``(key, seq, span)``
    rows in key order, how many postings and how many articles each key holds, and which keys are usable
    (:func:`_usable`; ``shared``: the keys two items share). Apart, so that the rows' ranks and order are let go
    once used (they were held to the end of the batch's candidates)."""
    # a bucket of max_bucket stored articles is crowded for an item to store, not for one whose text is stored
    posted = index._store.lookup(every, most=index.max_bucket, arrays=True)  # noqa: SLF001
    rank = np.searchsorted(every, posted[:, 0])
    order = stable_order(rank)
    posted, rank = posted[order], rank[order]
    stored = np.bincount(rank, minlength=len(every))
    stored_articles = _articles_by_key(rank, posted[:, 1], len(every))
    usable = _usable(index, every, stored, shared)
    return posted, stored, stored_articles, usable


def _met(index: "Index", keyed: tuple[np.ndarray, np.ndarray, np.ndarray], queries: tuple[np.ndarray, np.ndarray],
         added: np.ndarray, batch: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The queries of :func:`batch_candidates` that meet a posting in a bucket not crowded when their item comes
    (as an add of each item in turn meets it), with each query's first row among the ``batch`` rows of its key
    and how many of them come before it. ``keyed``: per key, its stored postings, stored articles and whether it
    is usable; ``queries``: each query's key rank and item position; ``added``: which items are stored."""
    stored, stored_articles, usable = keyed
    q_rank, q_pos = queries
    # the batch's rows are those of the queries of its stored items under usable keys, in query order
    batch_first, before, items_before = _before_in_key(q_rank, usable[q_rank] & added[q_pos], _run_lengths(batch[:, 0]))
    there = stored[q_rank] + before
    # the bucket's articles when the item comes: the stored ones, the batch's stored items before it, itself
    # unless its text is one of them (a checked item: a scan counts a bucket's distinct texts)
    crowd = stored_articles[q_rank] + items_before + added[q_pos]
    query = np.flatnonzero(usable[q_rank] & (there > 0) & (crowd <= index.max_bucket))
    return query, batch_first, before


def _partners(query: np.ndarray, q_rank: np.ndarray, stored_side: tuple[np.ndarray, np.ndarray],
              batch_side: tuple[np.ndarray, np.ndarray, np.ndarray], numbers: np.ndarray,
              width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The partner postings of :func:`batch_candidates`' met queries ``query``: the stored ones of each query's
    key, then those of the batch's stored items before it; per posting, its query, its partner's number and
    span. ``stored_side``: the stored rows and each key's count; ``batch_side``: the batch's rows, each query's
    first row among them and how many come before it."""
    posted, stored = stored_side
    batch, batch_first, before = batch_side
    s_at, s_query = _ranges((np.cumsum(stored) - stored)[q_rank[query]], stored[q_rank[query]])
    b_at, b_query = _ranges(batch_first[query], before[query])
    which = query[np.concatenate([s_query, b_query])]
    partner = np.concatenate([posted[s_at, 1], numbers[batch[b_at, 0] % width]])
    their_span = np.concatenate([posted[s_at, 2], batch[b_at, 1]])
    return which, partner, their_span


def _window_rows(index: "Index", entries: tuple[np.ndarray, ...], queries: tuple[np.ndarray, ...], spans: np.ndarray,
                 width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The colliding windows of :func:`batch_candidates`' pairs, a row each: every partner posting of a window
    key against each window of the item under that key (paired along their order where both repeat a
    window, :func:`_repeating`), without the rows of pairs with too few to be kept. ``entries``: each partner
    posting's query, partner, span and channel; ``queries``: each query's first occurrence, count and item
    position, and the occurrences' positions among the items' ``spans``. Per row: its partner, its item's
    position, the partner's window span and the item's."""
    which, partner, their_span, channel = entries
    q_first, q_count, q_pos, occurrence = queries
    # every partner posting of a window key against each window of the item under that key
    windowed = np.flatnonzero(np.array([spec.window > 0 for spec in index.channels])[channel])
    windowed, along_at, along_row = _repeating(windowed, which, partner, their_span, (q_first, q_count, occurrence),
                                               spans)
    o_at, o_row = _ranges(q_first[which[windowed]], q_count[which[windowed]])
    o_at, row = np.concatenate([o_at, along_at]), np.concatenate([windowed[o_row], along_row])
    # not the rows of the pairs with too few to be kept (most of a batch's pairs: chance collisions of
    # passage windows), which the assembly would sort with the others only to drop them
    enough = _enough_rows(partner[row] * width + q_pos[which[row]], _least_rows(index.channels))
    o_at, row = o_at[enough], row[enough]
    return partner[row], q_pos[which[row]], their_span[row], spans[occurrence[o_at]]


def _assembled(index: "Index", per_channel: dict[str, np.ndarray], numbers: np.ndarray, partner: np.ndarray,
               item: np.ndarray, their_span: np.ndarray, mine_span: np.ndarray) -> CandidateSet:
    """The batch's candidate set through the scan's own stages, from each channel's pairs and the window rows
    (:func:`_window_rows`: a row's partner, its item's position among ``numbers``, their spans): with one
    window channel, its colliding window pairs counted and judged as a scan counts and judges them
    (:func:`~dedup.sorted_arrays.counted_codes`, ``_window_hits``: a row built only for a window pair sharing
    the bands the assembly keeps, the others' bands counted apart), then assembled (``_assemble_arrays``);
    with several, every row through :func:`~dedup.candidate_sets.assemble_ranked`. The same candidate set
    either way: a Reuters batch's rows were one a band, 736,000 for 15,000 stories, summed by a sort of
    three keys into 409,000 window pairs of which 81,000 share two bands."""
    # the documents ranked for the assembly here, where each item's rank is looked up once and each row's
    # partner once: a window row's pair is one of its channel's pairs
    ranks = distinct(np.concatenate([pairs.ravel() for pairs in per_channel.values()]))
    ranked = {name: np.searchsorted(ranks, pairs).reshape(-1, 2) for name, pairs in per_channel.items()}
    theirs, mine = np.searchsorted(ranks, partner), np.searchsorted(ranks, numbers)[item]
    rules = evidence_rules(index.channels)
    windowed = [spec for spec in index.channels if spec.window > 0]
    if len(windowed) == 1:
        (doc, start, end), codes = _window_units((theirs, their_span), (mine, mine_span))
        codes.sort()
        judged = _window_hits(*counted_codes(codes), doc, start, end, min_hits=windowed[0].min_hits,
                              min_bands=windowed[0].min_bands, row_bands=windowed[0].min_bands)
        found = _assemble_arrays(ranked, [judged[1]], **rules, dropped=judged[2])
        return CandidateSet(ranks[found.pairs].reshape(-1, 2), found.channels, found.passage_hits)
    windows = np.empty((len(partner), 7), dtype=np.int64)
    windows[:, 0], windows[:, 1] = theirs, mine
    windows[:, 2], windows[:, 3] = their_span >> 32, their_span & 0xFFFFFFFF
    windows[:, 4], windows[:, 5] = mine_span >> 32, mine_span & 0xFFFFFFFF
    windows[:, 6] = 1
    return assemble_ranked(ranked, windows, ranks, **rules)


def _window_units(left: tuple[np.ndarray, np.ndarray], right: tuple[np.ndarray, np.ndarray]
                  ) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], np.ndarray]:
    """The windows of window rows numbered as a scan numbers its units, and each row as a scan's colliding
    unit pair: ``left`` and ``right`` each a side's ``(document, span)`` per row (``span``: start << 32 | end);
    returns the units' ``(document, start, end)``, in document order then by span, and the rows' codes
    ``u << 32 | v`` (unsorted).

    >>> (doc, start, end), codes = _window_units((np.array([0, 0]), np.array([5 << 32 | 9, 2 << 32 | 4])),
    ...                                          (np.array([1, 1]), np.array([3 << 32 | 7, 3 << 32 | 7])))
    >>> doc.tolist(), start.tolist(), end.tolist(), [(c >> 32, c & 0xFFFFFFFF) for c in codes.tolist()]
    ([0, 0, 1], [2, 5, 3], [4, 9, 7], [(1, 2), (0, 2)])
    """
    doc = np.concatenate([left[0], right[0]])
    start, end = np.concatenate([left[1] >> 32, right[1] >> 32]), np.concatenate([left[1], right[1]]) & 0xFFFFFFFF
    width = int(max(int(start.max(initial=0)), int(end.max(initial=0)))).bit_length()
    if int(doc.max(initial=0)).bit_length() + 2 * width <= 63:  # one code a window: one sort
        _, unit = unique_inverse((doc << (2 * width)) | (start << width) | end)
    else:
        order = np.lexsort((end, start, doc))
        fresh = np.concatenate(([True], (np.diff(doc[order]) != 0) | (np.diff(start[order]) != 0)
                                | (np.diff(end[order]) != 0)))[: len(order)]
        unit = np.empty(len(order), dtype=np.int64)
        unit[order] = np.cumsum(fresh) - 1
    first = np.zeros(int(unit.max(initial=-1)) + 1, dtype=np.int64)
    first[unit[::-1]] = np.arange(len(unit) - 1, -1, -1)
    rows = len(left[0])
    return (doc[first], start[first], end[first]), (unit[:rows].astype(np.int64) << 32) | unit[rows:]


def _repeating(entries: np.ndarray, which: np.ndarray, partner: np.ndarray, their_span: np.ndarray,
               queries: tuple[np.ndarray, np.ndarray, np.ndarray], spans: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The partner postings ``entries`` (of queries ``which``, by ``partner``) where a partner and the item
    each bring more than :data:`~dedup.banding.MOST_REPEATS` windows to a key (a text that repeats itself),
    paired along their order as a scan's bucket and ``Index.add`` pair them
    (:func:`dedup.banding.paired_along`), not every posting with every window of the item under the key:
    ``(entries, at, rows)``, the other entries, for the caller to expand, and those pairs as the item's
    occurrence positions ``at`` (``queries``: each query's first occurrence and count, and the occurrences'
    positions among the item keys' ``spans``) with the entries they pair with."""
    first, count, occurrence = queries
    none = np.zeros(0, dtype=np.int64)
    if not len(entries) or int(count[which[entries]].max()) <= MOST_REPEATS:
        return entries, none, none
    order = np.lexsort((their_span[entries], partner[entries], which[entries]))
    ranked = entries[order]
    query, theirs = which[ranked], partner[ranked]
    opens = np.flatnonzero(np.concatenate(([True], (query[1:] != query[:-1]) | (theirs[1:] != theirs[:-1]))))
    runs = np.diff(np.append(opens, len(ranked)))
    both = (runs > MOST_REPEATS) & (count[query[opens]] > MOST_REPEATS)
    if not both.any():
        return entries, none, none
    at, rows = [none], [none]
    for start, length in zip(opens[both].tolist(), runs[both].tolist()):
        q = int(query[start])
        mine = first[q] + np.argsort(spans[occurrence[first[q] : first[q] + count[q]]], kind="stable")
        i, j = paired_along(len(mine), length)
        at.append(mine[i])
        rows.append(ranked[start + j])
    return np.sort(ranked[~np.repeat(both, runs)]), np.concatenate(at), np.concatenate(rows)


def _before_in_key(rank: np.ndarray, posting: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For queries ``(key rank, item)`` in order, of which those flagged ``posting`` hold ``rows`` of the
    batch's postings each (in order): where each query's key's batch rows start among them, how many of
    those rows come before the query, and how many posting queries (items) under its key come before it.
    What binary searches of each query's code among the rows' codes give, counted in one pass (those
    searches of a batch's million queries were a sixth of its candidates' time).

    >>> [a.tolist() for a in _before_in_key(np.array([0, 0, 0, 1, 1]), np.array([1, 0, 1, 1, 1], bool),
    ...                                     np.array([2, 1, 3, 1]))]
    [[0, 0, 0, 3, 3], [0, 2, 2, 0, 3], [0, 1, 1, 0, 1]]
    """
    runs = _run_lengths(rank)
    first = np.repeat(np.cumsum(runs) - runs, runs)
    held = np.zeros(len(rank), dtype=np.int64)
    held[posting] = rows
    rows_before = np.cumsum(held) - held
    items = np.cumsum(posting) - posting
    return rows_before[first], rows_before - rows_before[first], items - items[first]


def _run_lengths(values: np.ndarray) -> np.ndarray:
    """The lengths of the runs of equal values of a sorted array.

    >>> _run_lengths(np.array([3, 3, 5, 8, 8, 8])).tolist()
    [2, 1, 3]
    """
    if not len(values):
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))
    return np.diff(np.append(starts, len(values)))


def _least_rows(channels: Sequence[ChannelSpec]) -> int:
    """The colliding window rows (a window pair's row per band it shares) that a document pair needs at
    least to be kept by the assembly (:func:`~dedup.candidate_sets.assemble_candidates`) in any window
    channel: a window channel drops a pair with fewer than its ``min_hits``, and with it all the pair's
    window rows (whatever other channel keeps the pair). 1 (keep every row) without window channels."""
    return min((max(spec.min_hits, 1) for spec in channels if spec.window > 0), default=1)


def _enough_rows(codes: np.ndarray, least: int) -> np.ndarray:
    """Which rows, by the code of their document pair, belong to a pair of at least ``least`` rows.

    >>> _enough_rows(np.array([7, 3, 7, 5, 7, 3]), 2).tolist()
    [True, True, True, False, True, True]
    """
    if least <= 1 or not len(codes):
        return np.ones(len(codes), dtype=bool)
    ordered = np.sort(codes)
    first = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    counts = np.diff(np.append(first, len(ordered)))
    return counts[np.searchsorted(ordered[first], codes)] >= least


def _articles_by_key(rank: np.ndarray, seq: np.ndarray, keys: int) -> np.ndarray:
    """How many distinct articles (``seq``) the postings of each key (by its ``rank`` among ``keys``) hold.

    >>> _articles_by_key(np.array([0, 0, 0, 2]), np.array([7, 7, 9, 7]), 3).tolist()
    [2, 0, 1]
    """
    if not len(rank):
        return np.zeros(keys, dtype=np.int64)
    order = np.lexsort((seq, rank))
    rank, seq = rank[order], seq[order]
    first = np.concatenate(([True], (rank[1:] != rank[:-1]) | (seq[1:] != seq[:-1])))
    return np.bincount(rank[first], minlength=keys)


def _usable(index: "Index", every: np.ndarray, stored: np.ndarray, shared: np.ndarray) -> np.ndarray:
    """Keys (of ``every``) that can make candidates: with stored postings returned by the lookup, or shared
    by items of the batch, and not crowded by stored articles alone (then the lookup returned none)."""
    unseen = np.flatnonzero(shared & (stored == 0))
    crowded = np.zeros(len(every), dtype=bool)
    if len(unseen):
        present = index._store.present(every[unseen])  # noqa: SLF001
        crowded[unseen] = np.isin(every[unseen], np.array(sorted(present), dtype=np.int64))
    return ((stored > 0) | shared) & ~crowded


def _ranges(starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions ``start .. start + count`` of every range, and the range each comes from."""
    counts = np.asarray(counts, dtype=np.int64)
    first = np.cumsum(counts) - counts
    total = int(counts.sum())
    return (np.repeat(np.asarray(starts, dtype=np.int64) - first, counts) + np.arange(total),
            np.repeat(np.arange(len(counts)), counts))


def _distinct(partner: np.ndarray, number: np.ndarray, items: int) -> np.ndarray:
    """The distinct pairs ``(partner, number)`` in order (``number``: a batch item's, below ``PROVISIONAL +
    items``), sorted as one 64-bit code each: ``np.unique(..., axis=0)`` sorts the rows as opaque records,
    several times slower."""
    width = items + 1
    codes = distinct(partner * width + (number - PROVISIONAL))
    return np.stack([codes // width, codes % width + PROVISIONAL], axis=1).reshape(-1, 2)


def _distinct_rows(code: np.ndarray, span: np.ndarray) -> np.ndarray:
    """Rows ``(code, span)`` once each, sorted, of rows sorted by ``code`` (spans mostly in order within
    one code already: an item's units come in order): sorted only where they are not."""
    rows = np.stack([code, span], axis=1).reshape(-1, 2)
    if len(rows) > 1:
        same = code[1:] == code[:-1]
        if (same & (span[1:] < span[:-1])).any():
            rows = rows[np.lexsort((span, code))]
        fresh = np.concatenate(([True], (rows[1:, 0] != rows[:-1, 0]) | (rows[1:, 1] != rows[:-1, 1])))
        rows = rows[fresh]
    return rows
