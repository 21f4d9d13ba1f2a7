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
   matches follow the verdicts (:func:`~dedup.index.bulk_storing.beside`).

Batch partners go by provisional numbers (above every stored ``seq``, in batch order) until stored.
Each item's article proper (:func:`~dedup.normalize.content_bounds`) comes from its signing: the features
scored and the row stored use it rather than finding it again, and the postings stored are encoded for the
whole batch at once (:func:`dedup.index.store.batch_postings`; on SQLite the recent segment's view takes them
as the run by key that the same sort gives).

The batch's candidates are :mod:`dedup.index.bulk_candidates`'; its storing, :mod:`dedup.index.bulk_storing`'s.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable, Sequence, TypeVar

import numpy as np

from dedup.candidates import CandidateSet
from dedup.documents import Document, replaced_in_id
from dedup.errors import DuplicateIdError, InputError
from dedup.evidence import close_stretches, with_spread
from dedup.exact_sets import Features
from dedup.index.bulk_candidates import PROVISIONAL, BatchKeys, Item, batch_candidates
from dedup.index.bulk_storing import answers, beside, numbered, store_in_order, store_rows
from dedup.index.match import Match
from dedup.index.store import StoredArticle, distinct
from dedup.parallel import default_workers
from dedup.verify import document_features, score_candidates, verify

if TYPE_CHECKING:
    from dedup.index.index import Index

__all__ = ["add_batch", "signed_in_parts"]

R = TypeVar("R")

#: Texts a thread signs at a time (:func:`signed_in_parts`).
SIGN_PART = 500


def add_batch(index: "Index", items: list[Item], *, workers: int | None = 1) -> list[list[Match] | InputError]:
    """``index.add`` of each item in order (the caller holds the index's write lock), batched.
    ``workers``: processes for exact scoring and the decisions, as in a scan (None: the cores)."""
    store = index._store  # noqa: SLF001 (the index's bulk path)
    for position, item in enumerate(items):
        item.number = PROVISIONAL + position
    _decide_status(store, items)
    keyed = BatchKeys.of([item for item in items if item.status in ("added", "checked")])
    candidates = batch_candidates(index, items, keyed)
    none = np.zeros(0, dtype=np.int64)
    keyed = replace(keyed, keys=none, spans=none)  # only their order is kept, for the storing thread
    stored = _partners(index, items, candidates)
    docs = {n: _document(a) for n, a in stored.items()}
    for item in items:
        docs[item.number] = Document(item.article.id, item.text, title=item.article.title, outlet=item.article.outlet,
                                     published=item.article.published, url=item.article.url,
                                     language=item.article.language)
    rows = candidates.pairs.tolist()
    db_seqs = [n for n in stored if n < PROVISIONAL]
    feats, _, evidence = score_candidates(docs, candidates, index._vocab, index.thresholds,  # noqa: SLF001
                                          known=_features(index, items, docs, candidates, stored, db_seqs),
                                          workers=workers)
    spread, recorded = _spread(index, items, rows, evidence, db_seqs, stored)
    aligner = index._prepared.aligner  # noqa: SLF001 (made here: the storing thread never touches it)

    def check() -> list[Any]:
        return verify(docs, candidates, index._vocab, index.thresholds, align=index.align,  # noqa: SLF001
                      evidence=spread, known=feats, aligner=aligner, spread=False, reported_only=True, workers=workers)

    if not hasattr(store, "insert_batch"):
        return store_in_order(index, items, stored, candidates, check(), recorded, feats)
    # the batch's rows stored while its pairs are verified on the workers: the rows need none of the verdicts
    seq_of = numbered(store, items)
    verified = beside(check, lambda: store_rows(index, items, seq_of, recorded, feats, keyed.added_order()),
                       apart=(default_workers() if workers is None else workers) > 1)
    return answers(index, items, stored, candidates, verified, seq_of)


def signed_in_parts(sign: Callable[[Sequence[str], np.ndarray], list[R]], texts: Sequence[str], bounds: np.ndarray, *,
                    workers: int | None) -> list[R]:
    """``sign(texts, bounds)`` (one result a text, each text's independent of the others) on ``workers``
    threads (None: the cores, at most four), :data:`SIGN_PART` texts at a time, as a scan signs its
    batches: numpy releases the interpreter's lock in its loops. The results in order. On one thread the
    parts are signed in turn: a whole batch's arrays at once (1.6 million band keys, each step's arrays
    fresh pages of memory) cost 0.05-0.10 CPU ms a text against 0.045 a part at a time.

    >>> signed_in_parts(lambda t, b: [len(x) + int(y[0]) for x, y in zip(t, b)], ["a", "bb", "ccc"],
    ...                 np.array([[0, 1], [1, 2], [2, 3]]), workers=2)
    [1, 3, 5]
    """
    threads = workers or default_workers()
    starts = range(0, len(texts), SIGN_PART)
    if len(starts) < 2:
        return sign(texts, bounds)
    if threads < 2:  # a part at a time all the same: a batch's 5,000 texts signed at once cost more CPU (above)
        return [one for lo in starts for one in sign(texts[lo : lo + SIGN_PART], bounds[lo : lo + SIGN_PART])]
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
            if n >= PROVISIONAL and n not in known and by_number[n].bounds is not None]
    if not mine:
        return known
    bounds = np.array([by_number[n].bounds for n in mine], dtype=np.int64).reshape(-1, 2)
    return known | document_features(docs, mine, index._vocab, bounds=bounds)  # noqa: SLF001


def _decide_status(store: Any, items: list[Item]) -> None:
    """What ``add`` would do with each item, in order: store it, or not (and why). A store that can
    (SQLite: ``stored_of``) is asked for the batch's stored ids and texts at once, another by ``find``."""
    added_ids: dict[str, Item] = {}
    added_hashes: set[str] = set()
    stored_of = getattr(store, "stored_of", None)
    stored = (stored_of([item.article.id for item in items], [item.content_hash for item in items])
              if stored_of else None)
    for item in items:
        article = item.article
        earlier = added_ids.get(article.id)
        if stored is not None:
            stored_hash = stored[0].get(article.id)
        else:
            existing = store.find(id=article.id)
            stored_hash = existing.content_hash if existing is not None else None
        known_hash = stored_hash if stored_hash is not None else earlier.content_hash if earlier else None
        if known_hash is not None:
            if known_hash != item.content_hash:
                item.status, item.refused = "refused", DuplicateIdError(
                    f"article id {article.id!r} is already indexed with another text{replaced_in_id(article.id)}; "
                    "remove it first to replace it")
            else:
                item.status = "recorded"
            continue
        if item.content_hash in added_hashes or (item.content_hash in stored[1] if stored is not None
                                                 else store.find(content_hash=item.content_hash) is not None):
            item.status = "checked"
            continue
        added_ids[article.id] = item
        added_hashes.add(item.content_hash)


def _partners(index: "Index", items: list[Item], candidates: CandidateSet) -> dict[int, StoredArticle]:
    """The candidate partners by number (stored articles, and earlier batch items as stored articles),
    and each item's rows (its pairs, in partner order, as its own candidate set has them). An item never
    meets its own stored self, which ``Index._match`` leaves out: an item whose id is stored, or stored
    earlier in the batch, is only recorded (:func:`_decide_status`), never checked."""
    by_number = {item.number: item for item in items}
    wanted = distinct(candidates.pairs[:, 0]).tolist()
    stored = index._store.articles([n for n in wanted if n < PROVISIONAL])  # noqa: SLF001
    for n in wanted:
        if n >= PROVISIONAL:
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


def _document(stored: StoredArticle) -> Document:
    return Document(stored.id, stored.text, title=stored.title, outlet=stored.outlet, published=stored.published,
                    url=stored.url, language=stored.language)
