"""Adding a batch of articles at once, with the result of adding them one by one.

``Index.add`` checks one article against the stored ones and stores it; ``Index.add_many`` of N articles
must give the answers and store the rows of N ``add`` calls in order, article k checked against the
stored articles and the batch's articles before it. Doing that one article at a time paid a postings
lookup, a tokenisation, a scoring call and a verification call per article: bulk loading ran at a
few dozen stories a second where a scan verifies a thousand.

Here a batch is planned in memory instead, then verified in one call like a scan:

1. the postings of every article of the batch are read in one lookup; the batch's own postings are
   kept in memory, so that article k sees the stored postings plus those of the batch's articles
   before it, and skips the buckets crowded then (stored units, earlier batch units and its own);
2. which articles will be stored is known before any is: an id already stored (or stored earlier
   in the batch) returns its recorded matches, a text already stored under another id is checked but
   not stored again;
3. every candidate pair of the batch is scored in one call, its spread counted as article k would have
   seen it (the stretches stored before the batch plus those recorded by the batch's articles before k);
4. all pairs are verified (aligned, decided) in one call, and the articles are stored in order.

Batch partners go by provisional numbers (above every stored ``seq``, in batch order) until stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from dedup.candidates import CandidateSet
from dedup.documents import Document
from dedup.errors import DuplicateIdError, InputError
from dedup.evidence import close_stretches, with_spread
from dedup.index.match import Match, evidence_to_dict
from dedup.index.store import StoredArticle, StoredMatch
from dedup.tokens import in_sorted
from dedup.verify import channels_of, score_candidates, verify

if TYPE_CHECKING:
    from dedup.index.index import Index

__all__ = ["add_batch", "Item"]

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
    found: dict[int, tuple[set[str], set[Any]]] = field(default_factory=dict)
    candidates: CandidateSet | None = None
    rows: range = range(0)  # its rows in the batch's candidate set


def add_batch(index: "Index", items: list[Item]) -> list[list[Match] | InputError]:
    """``index.add`` of each item in order (the caller holds the index's write lock), batched."""
    store = index._store  # noqa: SLF001 (the index's bulk path)
    for position, item in enumerate(items):
        item.number = _BATCH + position
    _decide_status(store, items)
    _find_candidates(index, items)
    stored = _partners(index, items)
    docs = {n: _document(a) for n, a in stored.items()}
    for item in items:
        docs[item.number] = Document(item.article.id, item.text, title=item.article.title, outlet=item.article.outlet,
                                     published=item.article.published, url=item.article.url)
    candidates = _one_set(items)
    rows = candidates.pairs.tolist()
    db_seqs = [n for n in stored if n < _BATCH]
    feats, _, evidence = score_candidates(docs, candidates, index._vocab, index.thresholds,  # noqa: SLF001
                                          known=index._prepared.features(stored, db_seqs))  # noqa: SLF001
    spread, recorded = _spread(index, items, rows, evidence, db_seqs)
    verified = verify(docs, candidates, index._vocab, index.thresholds, align=index.align,  # noqa: SLF001
                      evidence=spread, known=feats, aligner=index._prepared.aligner, spread=False,  # noqa: SLF001
                      reported_only=True)
    return _store_in_order(index, items, stored, candidates, verified, recorded, feats)


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
                    f"article id {article.id!r} is already indexed with another text; remove it first to replace it")
            else:
                item.status = "recorded"
            continue
        if item.content_hash in added_hashes or store.find(content_hash=item.content_hash) is not None:
            item.status = "checked"
            continue
        added_ids[article.id] = item
        added_hashes.add(item.content_hash)


def _find_candidates(index: "Index", items: list[Item]) -> None:
    """Each item's candidates as ``Index._candidates`` finds them when it is added: stored postings plus
    the postings of the batch's stored items before it, buckets crowded at that moment skipped."""
    active = [item for item in items if item.status in ("added", "checked")]
    if not active:
        return
    most = index.max_bucket - 1
    stored_rows = index._store.lookup(np.concatenate([i.keys for i in active]), most=most)  # noqa: SLF001
    posted: dict[int, list[tuple[int, int]]] = {}
    for key, seq, span in stored_rows:
        posted.setdefault(key, []).append((seq, span))
    # keys the batch's items share that no stored posting was returned for: empty, or crowded already
    uniques = [np.unique(item.keys) for item in active]
    every, times = np.unique(np.concatenate(uniques), return_counts=True)
    shared = every[times > 1]
    crowded = index._store.present(shared[~in_sorted(shared, _sorted(posted))]) if len(shared) else set()  # noqa: SLF001
    # only keys with postings (stored, or of another item of the batch) can make candidates
    relevant = np.union1d(_sorted(posted), shared)
    batch: dict[int, list[tuple[int, int]]] = {}
    for item, unique in zip(active, uniques):
        mine = in_sorted(item.keys, relevant)
        keys, spans = item.keys[mine].tolist(), item.spans[mine].tolist()
        new_keys, new_count = np.unique(item.keys, return_counts=True)
        pick = in_sorted(new_keys, relevant)
        rows: list[tuple[int, int, int]] = []
        for key, count in zip(new_keys[pick].tolist(), new_count[pick].tolist()):
            if key in crowded:
                continue
            stored, earlier = posted.get(key, ()), batch.get(key, ())
            there = len(stored) + len(earlier)
            if there and there + count <= index.max_bucket:
                rows += [(key, seq, span) for seq, span in stored]
                rows += [(key, seq, span) for seq, span in earlier]
        item.found = index._found(rows, keys, spans)  # noqa: SLF001
        if item.status == "added":  # its postings that others may meet, as the store keeps them (distinct)
            for key, span in sorted(set(zip(keys, spans))):
                batch.setdefault(key, []).append((item.number, span))


def _sorted(posted: dict[int, Any]) -> np.ndarray:
    return np.array(sorted(posted), dtype=np.int64)


def _partners(index: "Index", items: list[Item]) -> dict[int, StoredArticle]:
    """The stored articles and earlier batch items that stay candidates, by number; each item's
    candidate set (pairs ``(partner, 0)``, as ``Index._candidate_set`` makes them)."""
    by_number = {item.number: item for item in items}
    wanted: set[int] = set()
    for item in items:
        if item.found:
            item.candidates = index._candidate_set(item.found, sorted(item.found))  # noqa: SLF001
            wanted |= set(np.unique(item.candidates.pairs[:, 0]).tolist())
    stored = index._store.articles(sorted(n for n in wanted if n < _BATCH))  # noqa: SLF001
    for n in wanted:
        if n >= _BATCH:
            other = by_number[n]
            stored[n] = StoredArticle(n, other.article.id, other.content_hash, other.text, other.article.title,
                                      other.article.outlet, other.article.published, other.article.url, None, 0.0, 0, 0)
    for item in items:
        if item.candidates is None:
            continue
        # not the article itself (as Index._match: an id and text stored before)
        keep = [s for s in sorted(set(item.candidates.pairs[:, 0].tolist()))
                if s in stored and (stored[s].id, stored[s].text) != (item.article.id, item.text)]
        if len(keep) < len(set(item.candidates.pairs[:, 0].tolist())):
            item.candidates = index._candidate_set(item.found, keep) if keep else None  # noqa: SLF001
    return stored


def _one_set(items: list[Item]) -> CandidateSet:
    """The items' candidate sets as one, the new article of each numbered by the item."""
    pairs, channels, hits = [], {}, {}
    offset = 0
    for item in items:
        c = item.candidates
        if c is None or not len(c.pairs):
            continue
        p = c.pairs.copy()
        p[:, 1] = item.number
        pairs.append(p)
        for name, mask in c.channels.items():
            channels.setdefault(name, []).append(mask)
        hits |= {offset + row: windows for row, windows in c.passage_hits.items()}
        item.rows = range(offset, offset + len(p))
        offset += len(p)
    if not pairs:
        return CandidateSet(np.zeros((0, 2), dtype=np.int64), {}, {})
    return CandidateSet(np.concatenate(pairs), {k: np.concatenate(v) for k, v in channels.items()}, hits)


def _spread(index: "Index", items: list[Item], rows: list[list[int]], evidence: list[Any],
            db_seqs: list[int]) -> tuple[list[Any], dict[int, list[tuple[int, int, int, int]]]]:
    """Each row's evidence with its spread counted as when its item is added, and the stretches each
    stored item records (owner, start, end, partner; the item itself as 0)."""
    similarity = index.thresholds.spread_similarity
    known: dict[int, set[tuple[int, int, int]]] = {
        seq: set(found) for seq, found in index._store.stretches(db_seqs).items()}  # noqa: SLF001
    spread: list[Any] = list(evidence)
    recorded: dict[int, list[tuple[int, int, int, int]]] = {}
    for item in items:
        if not item.rows:
            continue
        mine_rows = rows[item.rows.start : item.rows.stop]
        mine_evidence = evidence[item.rows.start : item.rows.stop]
        new = close_stretches(mine_rows, mine_evidence, min_similarity=similarity)
        partners = {i for i, _ in mine_rows}
        stretches = {s: sorted(known.get(s, ())) for s in partners if known.get(s)}
        for doc, spans in new.items():
            stretches.setdefault(doc, []).extend(spans)
        spread[item.rows.start : item.rows.stop] = with_spread(mine_rows, mine_evidence, min_similarity=similarity,
                                                               stretches=stretches)
        if item.status == "added":
            recorded[item.number] = [(doc, start, end, partner) for doc, spans in new.items()
                                     for start, end, partner in spans]
            for doc, start, end, partner in recorded[item.number]:
                known.setdefault(doc, set()).add((start, end, partner))
    return spread, recorded


def _store_in_order(index: "Index", items: list[Item], stored: dict[int, StoredArticle], candidates: CandidateSet,
                    verified: list[Any], recorded: dict[int, list[tuple[int, int, int, int]]],
                    feats: dict[int, Any]) -> list[list[Match] | InputError]:
    from dedup.index.index import _stored

    store = index._store  # noqa: SLF001
    seq_of: dict[int, int] = {}
    rows = candidates.pairs.tolist()
    out: list[list[Match] | InputError] = []
    for position, item in enumerate(items):
        if item.status == "refused":
            out.append(item.refused)  # type: ignore[arg-type]
            continue
        if item.status == "recorded":
            out.append(index.matches(item.article.id, earlier_only=True))
            continue
        found = []
        for row in item.rows:
            v = verified[row]
            if v.verdict is None:
                continue
            partner = rows[row][0]
            other = stored[partner] if partner < _BATCH else replace(stored[partner], seq=seq_of[partner])
            found.append(Match.of(other, v.verdict, v.evidence.flipped(), channels_of(candidates, row), item.text,
                                  v.alignment, confidence=v.confidence, why=v.why))
        found.sort(key=Match.sort_key)
        if item.status == "added":
            real = lambda n: 0 if n == item.number else seq_of.get(n, n)  # noqa: E731
            matched = [StoredMatch(0, m.seq, m.verdict, m.channels,
                                   evidence_to_dict(m.evidence, confidence=m.confidence, why=m.why)) for m in found]
            stretches = [(real(o), a, b, real(p)) for o, a, b, p in recorded.get(item.number, ())]
            row = _stored(item.article, item.text, item.content_hash)
            postings = list(zip(item.keys.tolist(), item.spans.tolist()))
            added, seq = store.insert(row, postings, matched, stretches)
            if not added:  # another writer stored it meanwhile (Redis): as add() answers then; the plan
                # counted it among the stored, so the rest of the batch is added one by one
                out.append(index.matches(item.article.id, earlier_only=True)
                           if store.find(id=item.article.id) is not None else found)
                return out + _one_by_one(index, items[position + 1 :])
            seq_of[item.number] = seq
            if item.number in feats:
                index._prepared.keep({seq: replace(row, seq=seq)}, {seq: feats[item.number]})  # noqa: SLF001
        out.append(found)
    return out


def _one_by_one(index: "Index", items: list[Item]) -> list[list[Match] | InputError]:
    """``add`` of each item in turn."""
    out: list[list[Match] | InputError] = []
    for item in items:
        try:
            out.append(index._add_signed(item.article, item.text, item.keys, item.spans))  # noqa: SLF001
        except InputError as exc:
            out.append(exc)
    return out


def _document(stored: StoredArticle) -> Document:
    return Document(stored.id, stored.text, title=stored.title, outlet=stored.outlet, published=stored.published,
                    url=stored.url)
