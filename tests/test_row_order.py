"""Tests of dedup.row_order: the order the verification stage decides rows in."""

from __future__ import annotations

import numpy as np
import pytest


def test_rows_of_an_article_come_together_in_the_order_the_workers_take_them() -> None:
    from dedup.row_order import article_order

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
    from dedup.row_order import article_order, star_order, walk_order

    rng = np.random.default_rng(centre)
    for size in (1, 2, 3, 5, 40, 255):
        others = rng.choice(np.setdiff1d(np.arange(1, 900), [centre]), size, replace=False)
        flip = rng.random(size) < 0.5  # the centre on either side of a row
        pairs = np.column_stack([np.where(flip, others, centre), np.where(flip, centre, others)])
        assert star_order(pairs).tolist() == walk_order(pairs).tolist(), size
        assert article_order(pairs).tolist() == walk_order(pairs).tolist()


def test_pairs_that_are_no_star_of_distinct_articles_are_walked() -> None:
    from dedup.row_order import article_order, star_order, walk_order

    chain = np.array([[0, 1], [1, 2], [2, 3]])
    twice = np.array([[0, 1], [0, 2], [0, 1]])  # a pair in two rows
    both_ways = np.array([[0, 1], [1, 0]])
    for pairs in (chain, twice, both_ways):
        assert star_order(pairs) is None
        assert article_order(pairs).tolist() == walk_order(pairs).tolist()
