"""A batch stored: its rows written while its pairs are verified, then its matches; or each item in turn.

On SQLite a batch's articles, postings and stretches need no verdict: they are stored on a thread of their
own while the worker processes verify the batch's pairs, the parent otherwise idle (:func:`beside`,
:func:`store_rows`), and the matches follow the verdicts (:func:`answers`). A store without batches
(Redis, where another writer may store an article meanwhile) stores each item as ``add`` does, in order
(:func:`store_in_order`).
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable, TypeVar

import numpy as np

from dedup.candidates import CandidateSet
from dedup.errors import InputError
from dedup.index.bulk_candidates import PROVISIONAL, Item
from dedup.index.intake import stored_row
from dedup.index.match import Match, evidence_to_dict
from dedup.index.store import StoredArticle, StoredMatch, batch_postings, encoded_many
from dedup.verify import channels_of

if TYPE_CHECKING:
    from dedup.index.index import Index

__all__ = ["answers", "beside", "numbered", "store_in_order", "store_rows"]

R = TypeVar("R")


def store_in_order(index: "Index", items: list[Item], stored: dict[int, StoredArticle], candidates: CandidateSet,
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


def numbered(store: Any, items: list[Item]) -> dict[int, int]:
    """The ``seq`` of each item to store, by its provisional number: SQLite's next rowids, in batch order
    (asked under the write lock: no other writer stores an article meanwhile)."""
    first = store.next_seq()
    return {item.number: first + k for k, item in enumerate(i for i in items if i.status == "added")}


def store_rows(index: "Index", items: list[Item], seq_of: dict[int, int],
                recorded: dict[int, list[tuple[int, int, int, int]]], feats: dict[int, Any],
                by_key: np.ndarray | None = None) -> None:
    """The batch's articles, postings and stretches stored (SQLite, in one statement a table), and the
    recent segment's upkeep they owe: all that storing a batch does but its matches, which need its
    verification (:func:`answers`). Runs beside that verification: the caller holds the batch's
    transaction and waits for it, using the store for nothing meanwhile. ``by_key``: the stable order
    by key of the added items' keys, when known (:meth:`~dedup.index.bulk_candidates.BatchKeys.added_order`)."""
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


def answers(index: "Index", items: list[Item], stored: dict[int, StoredArticle], candidates: CandidateSet,
             verified: list[Any], seq_of: dict[int, int]) -> list[list[Match] | InputError]:
    """Each item's answer, once the batch's rows are stored (:func:`store_rows`): its matches, stored
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
        other = stored[partner] if partner < PROVISIONAL else replace(stored[partner], seq=seq_of[partner])
        found.append(Match.of(other, v.verdict, v.evidence.flipped(), channels_of(candidates, row), item.text,
                              v.alignment, confidence=v.confidence, why=v.why, incoming_language=item.article.language))
    found.sort(key=Match.sort_key)
    return found


def _stored_matches(found: list[Match]) -> list[StoredMatch]:
    return [StoredMatch(0, m.seq, m.verdict, m.channels, evidence_to_dict(m.evidence, confidence=m.confidence, why=m.why))
            for m in found]


def beside(main: Callable[[], R], side: Callable[[], None], *, apart: bool) -> R:
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
            out.append(exc.with_traceback(None))  # an answer: no frame of this batch held (storing.as_answer)
    return out
