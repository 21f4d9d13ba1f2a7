"""A batch's candidates (:mod:`dedup.index.bulk_candidates`): the pairs and rows made distinct, the rows a pair
needs, the counts before a query in its key, the added items' order by key (``add_many`` of a batch giving what
``add`` of each gives is ``tests/test_index_bulk.py``'s)."""

from __future__ import annotations

import numpy as np
import pytest

from dedup.documents import Document


def test_pairs_and_rows_of_a_batch_made_distinct_in_order() -> None:
    from dedup.index.bulk_candidates import PROVISIONAL, _distinct, _distinct_rows

    partner = np.array([7, 3, 7, PROVISIONAL + 1, 3], dtype=np.int64)
    number = np.array([PROVISIONAL + 2, PROVISIONAL + 4, PROVISIONAL + 2, PROVISIONAL + 2, PROVISIONAL + 1], dtype=np.int64)
    assert _distinct(partner, number, 5).tolist() == [[3, PROVISIONAL + 1], [3, PROVISIONAL + 4], [7, PROVISIONAL + 2],
                                                      [PROVISIONAL + 1, PROVISIONAL + 2]]
    # spans in order within each code (an item's units) and out of order (sorted then): the same rows
    ordered = _distinct_rows(np.array([1, 1, 1, 4, 4]), np.array([5, 5, 9, 2, 3]))
    assert ordered.tolist() == [[1, 5], [1, 9], [4, 2], [4, 3]]
    shuffled = _distinct_rows(np.array([1, 1, 1, 4, 4]), np.array([9, 5, 5, 3, 2]))
    assert shuffled.tolist() == ordered.tolist()


def test_the_rows_a_pair_needs_are_the_fewest_of_its_window_channels() -> None:
    from dedup.channels import DEFAULT_CHANNELS, ChannelSpec
    from dedup.index.bulk_candidates import _least_rows

    assert _least_rows(DEFAULT_CHANNELS) == 6  # the passage channel's min_hits
    whole = ChannelSpec("text")
    assert _least_rows([whole]) == 1
    assert _least_rows([whole, ChannelSpec("passage", window=24, min_hits=6)]) == 6
    assert _least_rows([whole, ChannelSpec("passage", window=24, min_hits=6), ChannelSpec("other", window=12, min_hits=3)]) == 3
    assert _least_rows([ChannelSpec("passage", window=24, min_hits=6), ChannelSpec("loose", window=12)]) == 1


@pytest.mark.parametrize("seed", range(5))
def test_counts_before_a_query_in_its_key_are_what_binary_searches_of_the_codes_give(seed: int) -> None:
    # (key rank, item) queries, some holding batch rows ((code, span) rows of the batch's stored items):
    # the counts by one pass equal the searches they replace
    from dedup.index.bulk_candidates import _before_in_key, _run_lengths

    rng = np.random.default_rng(seed)
    width = 9
    q_code = np.unique(rng.integers(0, 40 * width, 300))
    q_rank = q_code // width
    posting = rng.random(len(q_code)) < 0.6
    batch_code = np.sort(np.repeat(q_code[posting], rng.integers(1, 4, int(posting.sum()))))
    batch_first, before, items_before = _before_in_key(q_rank, posting, _run_lengths(batch_code))
    assert batch_first.tolist() == np.searchsorted(batch_code, q_rank * width).tolist()
    assert before.tolist() == (np.searchsorted(batch_code, q_code) - np.searchsorted(batch_code, q_rank * width)).tolist()
    items = np.unique(batch_code)
    assert items_before.tolist() == (np.searchsorted(items, q_code) - np.searchsorted(items, q_rank * width)).tolist()
    assert [a.tolist() for a in _before_in_key(q_rank[:0], posting[:0], _run_lengths(batch_code[:0]))] == [[], [], []]


@pytest.mark.parametrize("seed", range(4))
def test_the_added_items_order_by_key_is_the_stable_sort_of_their_keys(seed: int) -> None:
    # taken from the order of every active item's keys (checked items among them), as batch_postings
    # would sort the added items' keys concatenated: the same order, ties by position included
    from dedup.index.bulk_candidates import BatchKeys, Item
    from dedup.index.store import stable_order

    rng = np.random.default_rng(seed)
    items = []
    for n in range(int(rng.integers(1, 40))):
        keys = rng.integers(-20, 20, int(rng.integers(1, 300))) * (1 << 58)  # few keys, shared by many items
        item = Item(Document(f"d{n}", "text"), "text", keys, np.arange(len(keys)), f"h{n}")
        item.status = "checked" if rng.random() < 0.3 else "added"
        items.append(item)
    added = [item.keys for item in items if item.status == "added"]
    want = stable_order(np.concatenate(added)) if added else np.zeros(0, dtype=np.int64)
    assert BatchKeys.of(items).added_order().tolist() == want.tolist()


@pytest.mark.parametrize("high", [1 << 12, 1 << 31])
def test_window_units_number_each_documents_window_once_in_document_order(high: int) -> None:
    # spans below 2**12 take the one code a window; at 2**31 the codes do not fit and the rows are sorted
    from dedup.index.bulk_candidates import _window_units

    rng = np.random.default_rng(high)
    doc = rng.integers(0, 9, size=(2, 300))
    start = rng.integers(0, high - 40, size=(2, 300))
    span = (start << 32) | (start + rng.integers(1, 4, size=(2, 300)))
    (unit_doc, unit_start, unit_end), codes = _window_units((doc[0], span[0]), (doc[1], span[1]))
    expected = np.unique(np.stack([doc.ravel(), span.ravel() >> 32, span.ravel() & 0xFFFFFFFF], axis=1), axis=0)
    assert np.stack([unit_doc, unit_start, unit_end], axis=1).tolist() == expected.tolist()
    u, v = codes >> 32, codes & 0xFFFFFFFF
    assert unit_doc[u].tolist() == doc[0].tolist() and unit_doc[v].tolist() == doc[1].tolist()
    assert ((unit_start[u] << 32) | unit_end[u]).tolist() == span[0].tolist()
    assert ((unit_start[v] << 32) | unit_end[v]).tolist() == span[1].tolist()


@pytest.mark.parametrize("seed", range(6))
def test_window_pairs_judged_as_a_scan_judges_them_give_what_every_row_assembled_gives(seed: int) -> None:
    # a batch's window rows (a row a band) counted by window pair and judged with the scan's stages, against
    # all of them summed by the assembly as they were: the same pairs, channels and passage hits
    from types import SimpleNamespace

    from dedup.candidate_sets import assemble_ranked
    from dedup.channels import DEFAULT_CHANNELS, evidence_rules
    from dedup.index.bulk_candidates import PROVISIONAL, _assembled, _distinct

    rng = np.random.default_rng(seed)
    items, rows = 12, 4000
    numbers = PROVISIONAL + np.arange(items, dtype=np.int64)
    item = rng.integers(1, items, size=rows)
    partner = np.where(rng.random(rows) < 0.5, rng.integers(1, 6, size=rows), numbers[rng.integers(0, items, size=rows)])
    partner = np.where(partner < numbers[item], partner, rng.integers(1, 6, size=rows))  # an earlier partner
    # few windows a document, so that window pairs share several bands and pairs gather several window pairs
    their = rng.integers(0, 8, size=rows) * 10
    mine = rng.integers(0, 8, size=rows) * 10
    their_span, mine_span = (their << 32) | (their + 24), (mine << 32) | (mine + 24)
    index = SimpleNamespace(channels=DEFAULT_CHANNELS)
    text = _distinct(partner[::7], numbers[item[::7]], items)

    def per_channel() -> dict[str, np.ndarray]:
        return {"text": text.copy(), "passage": _distinct(partner, numbers[item], items), "content": text[::2].copy()}

    judged = _assembled(index, per_channel(), numbers, partner, item, their_span, mine_span)
    given = per_channel()
    ranks = np.unique(np.concatenate([p.ravel() for p in given.values()]))
    windows = np.stack([np.searchsorted(ranks, partner), np.searchsorted(ranks, numbers)[item], their, their + 24,
                        mine, mine + 24, np.ones(rows, dtype=np.int64)], axis=1)
    every = assemble_ranked({name: np.searchsorted(ranks, p).reshape(-1, 2) for name, p in given.items()}, windows,
                            ranks, **evidence_rules(DEFAULT_CHANNELS))
    assert len(every.passage_hits) and every.channels["passage"].sum() < len(given["passage"])  # some kept, some not
    assert judged.pairs.tolist() == every.pairs.tolist()
    assert {k: np.asarray(v).tolist() for k, v in judged.channels.items()} == \
        {k: np.asarray(v).tolist() for k, v in every.channels.items()}
    assert judged.passage_hits.offsets.tolist() == every.passage_hits.offsets.tolist()
    assert np.asarray(judged.passage_hits.spans).tolist() == np.asarray(every.passage_hits.spans).tolist()
