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
