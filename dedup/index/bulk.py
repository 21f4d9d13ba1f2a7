"""Adding a batch of articles at once, with the result of adding them one by one.

``Index.add`` checks one article against the stored ones and stores it; ``Index.add_many`` of N articles
must give the answers and store the rows of N ``add`` calls in order, article k checked against the
stored articles and the batch's articles before it. Doing that one article at a time paid a postings
lookup, a tokenisation, a scoring call and a verification call per article: bulk loading ran at a
few dozen stories a second where a scan verifies a thousand.

Here a batch is signed on threads, a part of it a thread (:func:`signed_in_parts`, as a scan signs), and
planned in memory, then verified in one call like a scan:

1. the postings of every article of the batch are read in one lookup; the batch's own postings are
   kept in memory, so that article k sees the stored postings plus those of the batch's articles
   before it, and skips the buckets crowded then (stored articles, earlier batch articles and itself:
   a long article's windows sharing a key count once, as in a scan);
2. which articles will be stored is known before any is: an id already stored (or stored earlier
   in the batch) returns its recorded matches, a text already stored under another id is checked but
   not stored again;
3. every candidate pair of the batch is scored in one call, its spread counted as article k would have
   seen it (the stretches stored before the batch plus those recorded by the batch's articles before k);
4. all pairs are verified (aligned, decided) in one call, and the articles are stored in order. On SQLite
   the batch's articles, postings and stretches (and the recent segment's upkeep they owe) need no verdict:
   they are stored on a thread while the worker processes verify, the parent otherwise idle; the
   matches follow the verdicts (:func:`_beside`).

Batch partners go by provisional numbers (above every stored ``seq``, in batch order) until stored.
Each item's article proper (:func:`~dedup.normalize.content_bounds`) comes from its signing: the features
scored and the row stored use it rather than finding it again, and the postings stored are encoded for the
whole batch at once (:func:`dedup.index.store.batch_postings`; on SQLite the recent segment's view takes them
as the run by key that the same sort gives).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Callable, Sequence, TypeVar

import numpy as np

from dedup.banding import MOST_REPEATS, paired_along
from dedup.candidate_sets import assemble_ranked
from dedup.candidates import CandidateSet, ChannelSpec, evidence_rules
from dedup.documents import Document, replaced_in_id
from dedup.errors import DuplicateIdError, InputError
from dedup.evidence import Features, close_stretches, with_spread
from dedup.index.intake import CHANNEL_BITS, stored_row
from dedup.index.match import Match, evidence_to_dict
from dedup.index.store import StoredArticle, StoredMatch, batch_postings, distinct, encoded_many, stable_order
from dedup.parallel import default_workers
from dedup.verify import channels_of, document_features, score_candidates, verify

if TYPE_CHECKING:
    from dedup.index.index import Index

__all__ = ["add_batch", "Item", "signed_in_parts"]

R = TypeVar("R")

#: Texts a thread signs at a time (:func:`signed_in_parts`).
SIGN_PART = 500

#: Provisional numbers of the batch's articles: ``_BATCH + position``, above any stored ``seq``.
_BATCH = 1 << 40


@dataclass
class Item:
    """One valid article of a batch: its text, band keys and spans, and what becomes of it."""

    article: Document
    text: str
    keys: np.ndarray
    spans: np.ndarray
    content_hash: str
    number: int = 0  # provisional number (``_BATCH + position``)
    status: str = "added"  # added | checked (its text is stored under another id) | recorded | refused
    refused: InputError | None = None
    rows: list[int] = field(default_factory=list)  # its rows in the batch's candidate set, in partner order
    bounds: tuple[int, int] | None = None  # its article proper (content_bounds), when signing computed it


def add_batch(index: "Index", items: list[Item], *, workers: int | None = 1) -> list[list[Match] | InputError]:
    """``index.add`` of each item in order (the caller holds the index's write lock), batched.
    ``workers``: processes for exact scoring and the decisions, as in a scan (None: the cores)."""
    store = index._store  # noqa: SLF001 (the index's bulk path)
    for position, item in enumerate(items):
        item.number = _BATCH + position
    _decide_status(store, items)
    keyed = _BatchKeys.of([item for item in items if item.status in ("added", "checked")])
    candidates = _candidates(index, items, keyed)
    none = np.zeros(0, dtype=np.int64)
    keyed = replace(keyed, keys=none, spans=none)  # only their order is kept, for the storing thread
    stored = _partners(index, items, candidates)
    docs = {n: _document(a) for n, a in stored.items()}
    for item in items:
        docs[item.number] = Document(item.article.id, item.text, title=item.article.title, outlet=item.article.outlet,
                                     published=item.article.published, url=item.article.url,
                                     language=item.article.language)
    rows = candidates.pairs.tolist()
    db_seqs = [n for n in stored if n < _BATCH]
    feats, _, evidence = score_candidates(docs, candidates, index._vocab, index.thresholds,  # noqa: SLF001
                                          known=_features(index, items, docs, candidates, stored, db_seqs),
                                          workers=workers)
    spread, recorded = _spread(index, items, rows, evidence, db_seqs, stored)
    aligner = index._prepared.aligner  # noqa: SLF001 (made here: the storing thread never touches it)

    def check() -> list[Any]:
        return verify(docs, candidates, index._vocab, index.thresholds, align=index.align,  # noqa: SLF001
                      evidence=spread, known=feats, aligner=aligner, spread=False, reported_only=True, workers=workers)

    if not hasattr(store, "insert_batch"):
        return _store_in_order(index, items, stored, candidates, check(), recorded, feats)
    # the batch's rows stored while its pairs are verified on the workers: the rows need none of the verdicts
    seq_of = _numbered(store, items)
    verified = _beside(check, lambda: _store_rows(index, items, seq_of, recorded, feats, keyed.added_order()),
                       apart=(default_workers() if workers is None else workers) > 1)
    return _answers(index, items, stored, candidates, verified, seq_of)


def signed_in_parts(sign: Callable[[Sequence[str], np.ndarray], list[R]], texts: Sequence[str], bounds: np.ndarray, *,
                    workers: int | None) -> list[R]:
    """``sign(texts, bounds)`` (one result a text, each text's independent of the others) on ``workers``
    threads (None: the cores, at most four), :data:`SIGN_PART` texts at a time, as a scan signs its
    batches: numpy releases the interpreter's lock in its loops. The results in order.

    >>> signed_in_parts(lambda t, b: [len(x) + int(y[0]) for x, y in zip(t, b)], ["a", "bb", "ccc"],
    ...                 np.array([[0, 1], [1, 2], [2, 3]]), workers=2)
    [1, 3, 5]
    """
    threads = workers or default_workers()
    starts = range(0, len(texts), SIGN_PART)
    if threads < 2 or len(starts) < 2:
        return sign(texts, bounds)
    pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="dedup-sign")
    try:
        parts = list(pool.map(lambda lo: sign(texts[lo : lo + SIGN_PART], bounds[lo : lo + SIGN_PART]), starts))
    except BaseException:  # a part's error, Ctrl-C: the parts not begun are not signed; those begun end first
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)  # no thread left running when the batch's workers are forked
    return [one for part in parts for one in part]


def _features(index: "Index", items: list[Item], docs: dict[int, Document], candidates: CandidateSet,
              stored: dict[int, StoredArticle], db_seqs: list[int]) -> dict[int, Features]:
    """The features an open index keeps, and those of the batch's items among the candidate pairs, computed
    as :func:`~dedup.verify.score_candidates` computes them, in one batch, each item's article proper taken
    from its signing instead of found again (the stored articles' others, few, are left to it)."""
    known = index._prepared.features(stored, db_seqs)  # noqa: SLF001
    by_number = {item.number: item for item in items}
    mine = [n for n in distinct(candidates.pairs).tolist()
            if n >= _BATCH and n not in known and by_number[n].bounds is not None]
    if not mine:
        return known
    bounds = np.array([by_number[n].bounds for n in mine], dtype=np.int64).reshape(-1, 2)
    return known | document_features(docs, mine, index._vocab, bounds=bounds)  # noqa: SLF001


def _decide_status(store: Any, items: list[Item]) -> None:
    """What ``add`` would do with each item, in order: store it, or not (and why)."""
    added_ids: dict[str, Item] = {}
    added_hashes: set[str] = set()
    for item in items:
        article = item.article
        existing = store.find(id=article.id)
        earlier = added_ids.get(article.id)
        known_hash = existing.content_hash if existing is not None else earlier.content_hash if earlier else None
        if known_hash is not None:
            if known_hash != item.content_hash:
                item.status, item.refused = "refused", DuplicateIdError(
                    f"article id {article.id!r} is already indexed with another text{replaced_in_id(article.id)}; "
                    "remove it first to replace it")
            else:
                item.status = "recorded"
            continue
        if item.content_hash in added_hashes or store.find(content_hash=item.content_hash) is not None:
            item.status = "checked"
            continue
        added_ids[article.id] = item
        added_hashes.add(item.content_hash)


@dataclass
class _BatchKeys:
    """The band keys of a batch's active items (added or checked), concatenated in item order: with their
    spans, each key's item (its position among them), and their stable order by key, which gives every
    item's keys by ``(key, item)``: the queries of :func:`_candidates`, and their occurrences (the item's
    windows under the key, in the item's unit order)."""

    active: list[Item]
    keys: np.ndarray
    spans: np.ndarray
    pos: np.ndarray
    occurrence: np.ndarray

    @classmethod
    def of(cls, active: list[Item]) -> "_BatchKeys":
        keys = np.concatenate([item.keys for item in active]) if active else np.zeros(0, dtype=np.int64)
        return cls(active, keys, np.concatenate([item.spans for item in active]) if active else keys,
                   np.repeat(np.arange(len(active)), [len(item.keys) for item in active]), stable_order(keys))

    def added_order(self) -> np.ndarray:
        """``stable_order`` of the added items' keys concatenated (those :func:`_store_rows` stores), taken from
        the active items' order: its occurrences of added items, in the same order, renumbered (a stable sort
        restricted to some items is the subsequence of their occurrences; the sort of a batch's 1.6 million
        keys again cost 0.1 s).

        >>> a, b = (Item(Document(i, "t"), "t", np.array(k), np.array(k), "h") for i, k in (("a", [7, 3]), ("b", [3, 5])))
        >>> b.status = "checked"
        >>> _BatchKeys.of([a, b]).added_order().tolist()
        [1, 0]
        """
        added = np.array([item.status == "added" for item in self.active], dtype=bool)
        lengths = np.array([len(item.keys) for item in self.active], dtype=np.int64)
        mine = lengths * added
        shift = (np.cumsum(lengths) - lengths) - (np.cumsum(mine) - mine)  # an item's start, among all and among the added
        kept = self.occurrence[added[self.pos[self.occurrence]]] if len(self.occurrence) else self.occurrence
        return kept - shift[self.pos[kept]]


def _candidates(index: "Index", items: list[Item], keyed: _BatchKeys | None = None) -> CandidateSet:
    """Every item's candidate pairs ``(partner, item)``, as ``Index._candidates`` and ``_candidate_set``
    find them when it is added: the stored postings plus those of the batch's stored items before it,
    the buckets crowded at that moment skipped. Computed for the whole batch in arrays, and assembled in
    one call: the assembly is local to a pair, so it gives each item's pairs. ``keyed``: the active
    items' keys (:class:`_BatchKeys`), when made before."""
    keyed = keyed or _BatchKeys.of([item for item in items if item.status in ("added", "checked")])
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
    # a bucket of max_bucket stored articles is crowded for an item to store, not for one whose text is stored
    posted = index._store.lookup(every, most=index.max_bucket, arrays=True)  # noqa: SLF001
    rank = np.searchsorted(every, posted[:, 0])
    order = stable_order(rank)
    posted, rank = posted[order], rank[order]
    stored = np.bincount(rank, minlength=len(every))
    stored_articles = _articles_by_key(rank, posted[:, 1], len(every))
    usable = _usable(index, every, stored, shared)
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
    # the batch's rows are those of the queries of its stored items under usable keys, in query order
    batch_first, before, items_before = _before_in_key(q_rank, usable[q_rank] & added[q_pos], _run_lengths(batch[:, 0]))
    there = stored[q_rank] + before
    # the bucket's articles when the item comes: the stored ones, the batch's stored items before it, itself
    # unless its text is one of them (a checked item: a scan counts a bucket's distinct texts)
    crowd = stored_articles[q_rank] + items_before + added[q_pos]
    query = np.flatnonzero(usable[q_rank] & (there > 0) & (crowd <= index.max_bucket))
    s_at, s_query = _ranges((np.cumsum(stored) - stored)[q_rank[query]], stored[q_rank[query]])
    b_at, b_query = _ranges(batch_first[query], before[query])
    which = query[np.concatenate([s_query, b_query])]
    partner = np.concatenate([posted[s_at, 1], numbers[batch[b_at, 0] % width]])
    their_span = np.concatenate([posted[s_at, 2], batch[b_at, 1]])
    channel = every[q_rank[which]] & ((1 << CHANNEL_BITS) - 1)
    per_channel = {spec.name: _distinct(partner[channel == c], numbers[q_pos[which[channel == c]]], len(items))
                   for c, spec in enumerate(index.channels)}
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
    mine_span = spans[occurrence[o_at]]
    # the documents ranked for the assembly here, where each item's rank is looked up once and each row's
    # partner once: a window row's pair is one of its channel's pairs
    ranks = distinct(np.concatenate([pairs.ravel() for pairs in per_channel.values()]))
    windows = np.empty((len(row), 7), dtype=np.int64)
    windows[:, 0] = np.searchsorted(ranks, partner[row])
    windows[:, 1] = np.searchsorted(ranks, numbers)[q_pos[which[row]]]
    windows[:, 2], windows[:, 3] = their_span[row] >> 32, their_span[row] & 0xFFFFFFFF
    windows[:, 4], windows[:, 5] = mine_span >> 32, mine_span & 0xFFFFFFFF
    windows[:, 6] = 1
    return assemble_ranked({name: np.searchsorted(ranks, pairs).reshape(-1, 2) for name, pairs in per_channel.items()},
                           windows, ranks, **evidence_rules(index.channels))


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
    """The distinct pairs ``(partner, number)`` in order (``number``: a batch item's, below ``_BATCH +
    items``), sorted as one 64-bit code each: ``np.unique(..., axis=0)`` sorts the rows as opaque records,
    several times slower."""
    width = items + 1
    codes = distinct(partner * width + (number - _BATCH))
    return np.stack([codes // width, codes % width + _BATCH], axis=1).reshape(-1, 2)


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


def _partners(index: "Index", items: list[Item], candidates: CandidateSet) -> dict[int, StoredArticle]:
    """The candidate partners by number (stored articles, and earlier batch items as stored articles),
    and each item's rows (its pairs, in partner order, as its own candidate set has them). An item never
    meets its own stored self, which ``Index._match`` leaves out: an item whose id is stored, or stored
    earlier in the batch, is only recorded (:func:`_decide_status`), never checked."""
    by_number = {item.number: item for item in items}
    wanted = distinct(candidates.pairs[:, 0]).tolist()
    stored = index._store.articles([n for n in wanted if n < _BATCH])  # noqa: SLF001
    for n in wanted:
        if n >= _BATCH:
            other = by_number[n]
            stored[n] = StoredArticle(n, other.article.id, other.content_hash, other.text, other.article.title,
                                      other.article.outlet, other.article.published, other.article.url, None, 0.0, 0, 0,
                                      language=other.article.language)
    for row in np.lexsort((candidates.pairs[:, 0], candidates.pairs[:, 1])).tolist():
        by_number[int(candidates.pairs[row, 1])].rows.append(row)
    return stored


def _spread(index: "Index", items: list[Item], rows: list[list[int]], evidence: list[Any],
            db_seqs: list[int], stored: dict[int, StoredArticle]) -> tuple[list[Any], dict[int, list[tuple[int, int, int, int]]]]:
    """Each row's evidence with its spread counted as when its item is added, and the stretches each
    stored item records (owner, start, end, partner; the item itself as 0). A partner holding the item's
    text under another id (``stored``: the partners) counts once with it, as ``Index._match`` counts it."""
    similarity = index.thresholds.spread_similarity
    known: dict[int, set[tuple[int, int, int]]] = {
        seq: set(found) for seq, found in index._store.stretches(db_seqs).items()}  # noqa: SLF001
    spread: list[Any] = list(evidence)
    recorded: dict[int, list[tuple[int, int, int, int]]] = {}
    for item in items:
        if not item.rows:
            continue
        mine_rows = [rows[row] for row in item.rows]
        mine_evidence = [evidence[row] for row in item.rows]
        copies = {i: item.number for i, _ in mine_rows if stored[i].content_hash == item.content_hash}
        new = close_stretches(mine_rows, mine_evidence, min_similarity=similarity, copies=copies)
        partners = {i for i, _ in mine_rows}
        stretches = {s: sorted(x for x in known.get(s, ()) if x[2] not in copies) for s in partners if known.get(s)}
        for doc, spans in new.items():
            stretches.setdefault(doc, []).extend(spans)
        for row, found in zip(item.rows, with_spread(mine_rows, mine_evidence, min_similarity=similarity,
                                                     stretches=stretches)):
            spread[row] = found
        if item.status == "added":
            recorded[item.number] = [(doc, start, end, partner) for doc, spans in new.items()
                                     for start, end, partner in spans]
            for doc, start, end, partner in recorded[item.number]:
                known.setdefault(doc, set()).add((start, end, partner))
    return spread, recorded


def _store_in_order(index: "Index", items: list[Item], stored: dict[int, StoredArticle], candidates: CandidateSet,
                    verified: list[Any], recorded: dict[int, list[tuple[int, int, int, int]]],
                    feats: dict[int, Any]) -> list[list[Match] | InputError]:
    """Each item stored with its matches in turn, as ``add`` stores it (a store without ``insert_batch``:
    Redis, where another writer may store an article meanwhile)."""
    store = index._store  # noqa: SLF001
    seq_of: dict[int, int] = {}
    rows = candidates.pairs.tolist()
    adding = [item for item in items if item.status == "added"]
    postings_of = dict(zip((item.number for item in adding),
                           encoded_many([item.keys for item in adding], [item.spans for item in adding])))
    out: list[list[Match] | InputError] = []
    for position, item in enumerate(items):
        if item.status == "refused":
            out.append(item.refused)  # type: ignore[arg-type]
            continue
        if item.status == "recorded":
            out.append(index.matches(item.article.id, earlier_only=True))
            continue
        found = _found(item, rows, stored, candidates, verified, seq_of)
        if item.status == "added":
            real = lambda n: 0 if n == item.number else seq_of.get(n, n)  # noqa: E731
            stretches = [(real(o), a, b, real(p)) for o, a, b, p in recorded.get(item.number, ())]
            row = stored_row(item.article, item.text, item.content_hash, item.bounds)
            added, seq = store.insert(row, postings_of.pop(item.number), _stored_matches(found), stretches)
            if not added:  # another writer stored it meanwhile: as add() answers then; the plan counted it
                # among the stored, so the rest of the batch is added one by one
                out.append(index.matches(item.article.id, earlier_only=True)
                           if store.find(id=item.article.id) is not None else found)
                return out + _one_by_one(index, items[position + 1 :])
            seq_of[item.number] = seq
            if item.number in feats:
                index._prepared.keep({seq: replace(row, seq=seq)}, {seq: feats[item.number]})  # noqa: SLF001
        out.append(found)
    return out


def _numbered(store: Any, items: list[Item]) -> dict[int, int]:
    """The ``seq`` of each item to store, by its provisional number: SQLite's next rowids, in batch order
    (asked under the write lock: no other writer stores an article meanwhile)."""
    first = store.next_seq()
    return {item.number: first + k for k, item in enumerate(i for i in items if i.status == "added")}


def _store_rows(index: "Index", items: list[Item], seq_of: dict[int, int],
                recorded: dict[int, list[tuple[int, int, int, int]]], feats: dict[int, Any],
                by_key: np.ndarray | None = None) -> None:
    """The batch's articles, postings and stretches stored (SQLite, in one statement a table), and the
    recent segment's upkeep they owe: all that storing a batch does but its matches, which need its
    verification (:func:`_answers`). Runs beside that verification: the caller holds the batch's
    transaction and waits for it, using the store for nothing meanwhile. ``by_key``: the stable order
    by key of the added items' keys, when known (:meth:`_BatchKeys.added_order`)."""
    store = index._store  # noqa: SLF001
    adding = [item for item in items if item.status == "added"]
    pairs, run = batch_postings([item.keys for item in adding], [item.spans for item in adding], by_key=by_key)
    rows = [(stored_row(item.article, item.text, item.content_hash, item.bounds, seq=seq_of[item.number]), posted, [],
             _stretches_of(item, recorded, seq_of)) for item, posted in zip(adding, pairs)]
    store.insert_batch(rows, run=run)
    # the rows' encoded postings let go before the view takes the run (its key filter is made then)
    articles = [row for row, *_ in rows]
    del rows, pairs, run
    store.settle()
    for item, row in zip(adding, articles):
        if item.number in feats:
            index._prepared.keep({row.seq: row}, {row.seq: feats[item.number]})  # noqa: SLF001


def _stretches_of(item: Item, recorded: dict[int, list[tuple[int, int, int, int]]], seq_of: dict[int, int]
                  ) -> list[tuple[int, int, int, int]]:
    """The stretches ``item`` stores: its own number as 0 (its seq, once stored), the batch's others' as their seqs."""
    def real(n: int) -> int:
        return 0 if n == item.number else seq_of.get(n, n)

    return [(real(o), a, b, real(p)) for o, a, b, p in recorded.get(item.number, ())]


def _answers(index: "Index", items: list[Item], stored: dict[int, StoredArticle], candidates: CandidateSet,
             verified: list[Any], seq_of: dict[int, int]) -> list[list[Match] | InputError]:
    """Each item's answer, once the batch's rows are stored (:func:`_store_rows`): its matches, stored
    with it; a recorded item's read back (its id may be one stored earlier in the batch)."""
    rows = candidates.pairs.tolist()
    out: list[list[Match] | InputError | None] = []
    matched: list[tuple[int, list[StoredMatch]]] = []
    for item in items:
        if item.status in ("refused", "recorded"):
            out.append(item.refused)
            continue
        found = _found(item, rows, stored, candidates, verified, seq_of)
        if item.status == "added" and found:
            matched.append((seq_of[item.number], _stored_matches(found)))
        out.append(found)
    if matched:
        index._store.insert_matches(matched)  # noqa: SLF001
    return [index.matches(item.article.id, earlier_only=True) if item.status == "recorded" else answer  # type: ignore[misc]
            for item, answer in zip(items, out)]


def _found(item: Item, rows: list[list[int]], stored: dict[int, StoredArticle], candidates: CandidateSet,
           verified: list[Any], seq_of: dict[int, int]) -> list[Match]:
    """An item's matches: its verified rows with a verdict, partners by their stored ``seq``."""
    found = []
    for row in item.rows:
        v = verified[row]
        if v.verdict is None:
            continue
        partner = rows[row][0]
        other = stored[partner] if partner < _BATCH else replace(stored[partner], seq=seq_of[partner])
        found.append(Match.of(other, v.verdict, v.evidence.flipped(), channels_of(candidates, row), item.text,
                              v.alignment, confidence=v.confidence, why=v.why, incoming_language=item.article.language))
    found.sort(key=Match.sort_key)
    return found


def _stored_matches(found: list[Match]) -> list[StoredMatch]:
    return [StoredMatch(0, m.seq, m.verdict, m.channels, evidence_to_dict(m.evidence, confidence=m.confidence, why=m.why))
            for m in found]


def _beside(main: Callable[[], R], side: Callable[[], None], *, apart: bool) -> R:
    """``main()`` with ``side()`` run meanwhile on a thread of its own when ``apart`` (else before it).
    ``side`` is always let finish before this returns or raises (it may be writing the transaction that
    an error in ``main`` rolls back), a Ctrl-C meanwhile included; its error is raised when ``main``'s is not."""
    if not apart:
        side()
        return main()
    failed: list[BaseException] = []

    def run() -> None:
        try:
            side()
        except BaseException as exc:  # raised in the caller's thread
            failed.append(exc)

    thread = threading.Thread(target=run, name="dedup-store-batch", daemon=True)
    thread.start()
    try:
        result = main()
    finally:
        interrupted: BaseException | None = None
        while thread.is_alive():
            try:
                thread.join()
            except BaseException as exc:  # a second Ctrl-C: raised once the side is done
                interrupted = interrupted or exc
        if interrupted is not None:
            raise interrupted
    if failed:
        raise failed[0]
    return result


def _one_by_one(index: "Index", items: list[Item]) -> list[list[Match] | InputError]:
    """``add`` of each item in turn."""
    out: list[list[Match] | InputError] = []
    for item in items:
        try:
            out.append(index._add_signed(item.article, item.text, item.keys, item.spans, item.bounds))  # noqa: SLF001
        except InputError as exc:
            out.append(exc)
    return out


def _document(stored: StoredArticle) -> Document:
    return Document(stored.id, stored.text, title=stored.title, outlet=stored.outlet, published=stored.published,
                    url=stored.url, language=stored.language)
