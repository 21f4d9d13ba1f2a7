"""dedup.lanes: the rows a verification decides, in lanes of chunks (an article's rows together, lanes of
about equal cost), and the orders that keep an article's rows together."""

from __future__ import annotations

import numpy as np
import pytest

from dedup.lanes import article_order, decision_lanes, star_order, walk_order
from dedup.verify import ALIGN_COST, CHUNK, PARALLEL_ALIGNING


def _lanes(rows, todo, workers):  # type: ignore[no-untyped-def]
    """:func:`decision_lanes` with the sizes verification gives it."""
    return decision_lanes(rows, todo, workers, least=PARALLEL_ALIGNING, chunk=CHUNK, cost=ALIGN_COST)


def test_rows_decided_in_lanes_cover_every_row_once_with_few_pairs_to_align_a_chunk() -> None:
    rows = [[k // 3, 700 + k % 700] for k in range(2100)]
    todo = list(range(3, 2000, 3))  # 666 rows worth aligning among 2,100
    lanes, workers = _lanes(rows, todo, 2)
    assert workers == 2 and len(lanes) == 2
    chunks = [chunk for lane in lanes for chunk in lane]
    assert sorted(row for chunk in chunks for row in chunk) == list(range(2100)) and all(chunks)
    counts = [sum(row in set(todo) for row in chunk) for chunk in chunks]
    assert max(counts) <= CHUNK and len(chunks) >= 8  # several a worker
    costs = [sum(1 + ALIGN_COST * (row in set(todo)) for chunk in lane for row in chunk) for lane in lanes]
    assert abs(costs[0] - costs[1]) <= ALIGN_COST + 1  # as even as rows allow
    one, alone = _lanes(rows, todo[:10], 2)  # too few to fork for: one process, one lane
    assert alone == 1 and len(one) == 1 and sorted(row for chunk in one[0] for row in chunk) == list(range(2100))
    assert _lanes([], [], 2)[0] == []


def test_the_sizes_given_cut_the_lanes() -> None:
    # verification passes its own sizes at each call (a test or a benchmark may set them on dedup.verify)
    rows = [[k, k + 1000] for k in range(40)]
    todo = list(range(0, 40, 2))
    assert decision_lanes(rows, todo, 2, least=21, chunk=CHUNK, cost=ALIGN_COST)[1] == 1
    lanes, workers = decision_lanes(rows, todo, 2, least=20, chunk=2, cost=ALIGN_COST)
    assert workers == 2 and all(sum(row in set(todo) for row in chunk) <= 2 for lane in lanes for chunk in lane)


def test_rows_of_an_article_come_together_in_the_order_the_workers_take_them() -> None:
    # two stories, their pairs interleaved in row order (a hub and the articles paired with it)
    pairs = np.array([[0, 10], [1, 20], [0, 11], [1, 21], [0, 12], [1, 22], [11, 12], [21, 22]])
    order = article_order(pairs).tolist()
    assert sorted(order) == list(range(len(pairs)))
    story = [{0, 10, 11, 12}.issuperset(pairs[row]) for row in order]
    assert story in ([True] * 4 + [False] * 4, [False] * 4 + [True] * 4)  # one story, then the other
    assert article_order(pairs).tolist() == order  # the same order every time
    assert article_order(np.zeros((0, 2), dtype=np.int64)).tolist() == []


@pytest.mark.parametrize("centre", [0, 7, 1000], ids=["least", "among", "greatest"])
def test_a_star_of_pairs_is_ordered_as_its_graph_is_walked(centre: int) -> None:
    rng = np.random.default_rng(centre)
    for size in (1, 2, 3, 5, 40, 255):
        others = rng.choice(np.setdiff1d(np.arange(1, 900), [centre]), size, replace=False)
        flip = rng.random(size) < 0.5  # the centre on either side of a row
        pairs = np.column_stack([np.where(flip, others, centre), np.where(flip, centre, others)])
        assert star_order(pairs).tolist() == walk_order(pairs).tolist(), size
        assert article_order(pairs).tolist() == walk_order(pairs).tolist()


def test_pairs_that_are_no_star_of_distinct_articles_are_walked() -> None:
    chain = np.array([[0, 1], [1, 2], [2, 3]])
    twice = np.array([[0, 1], [0, 2], [0, 1]])  # a pair in two rows
    both_ways = np.array([[0, 1], [1, 0]])
    for pairs in (chain, twice, both_ways):
        assert star_order(pairs) is None
        assert article_order(pairs).tolist() == walk_order(pairs).tolist()


def test_rows_that_fit_one_chunk_come_in_one_chunk_and_one_more_row_cuts_it() -> None:
    budget = CHUNK * (ALIGN_COST + 1)  # the cost of a chunk of rows worth aligning
    todo = list(range(10))
    rows = [[k + 1, 0] for k in range(budget - ALIGN_COST * len(todo))]  # the chunk's cost exactly
    lanes, workers = _lanes(rows, todo, 1)
    assert workers == 1 and lanes == [[article_order(np.array(rows)).tolist()]]
    lanes, _ = _lanes(rows + [[len(rows) + 1, 0]], todo, 1)
    assert len(lanes) == 1 and len(lanes[0]) == 2
