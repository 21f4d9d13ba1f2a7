"""The rows a verification decides, in lanes of chunks, one lane a worker process (:func:`decision_lanes`).

The rows of an article come together (:func:`article_order`: a walk of the graph the pairs make, or a
star's order without building it), so that its sentences are prepared and its text read in one worker
while its rows last; the lanes are of about equal cost, a row worth aligning costing more than one
decided without an alignment. Pure functions of the rows' document numbers: the same lanes every run.
:mod:`dedup.verify` gives the costs and sizes (its ``ALIGN_COST``, ``CHUNK``, ``PARALLEL_ALIGNING``).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from dedup.parallel import default_workers

__all__ = ["decision_lanes", "article_order", "walk_order", "star_order"]

#: Rows up to which :func:`article_order` looks for a star before walking the graph: a check's candidates
#: are a few dozen (a scan's chunk, thousands of rows and no star); from 256 rows on, the walk breaks the
#: ties of a star's articles (one pair each) another way.
STAR_MOST = 255


def decision_lanes(rows: Sequence[Sequence[int]], todo: Sequence[int], workers: int | None, *, least: int,
                   chunk: int, cost: int) -> tuple[list[list[list[int]]], int]:
    """The rows to decide in lanes of chunks, one lane a worker process (:func:`dedup.parallel.parallel_lanes`),
    and how many: the rows of an article together (:func:`article_order`), so that its sentences are
    prepared and its text read in one worker, while the rows last; the lanes of about equal cost (a row
    of ``todo``, those worth aligning, costs ``cost`` more than the others), each cut into chunks
    of at most ``chunk`` of those rows, several a worker for one that finishes first to take over the
    last of another's. One process, one lane, when there are fewer than ``least`` rows to align.

    >>> decision_lanes([[0, 1], [2, 3], [0, 2]], [1], 1, least=200, chunk=64, cost=8)
    ([[[1, 2, 0]]], 1)
    """
    n_workers = (workers or default_workers()) if len(todo) >= least else 1
    if not len(rows):
        return [], n_workers
    order = article_order(np.asarray(rows, dtype=np.int64).reshape(-1, 2))
    if n_workers == 1 and len(rows) + cost * len(todo) <= chunk * (cost + 1):
        return [[order.tolist()]], 1  # what the cuts below give: one chunk (an index's check, most often)
    worth = np.zeros(len(rows), dtype=bool)
    worth[np.asarray(todo, dtype=np.int64)] = True
    costs = np.where(worth[order], cost + 1, 1)
    before = np.cumsum(costs) - costs
    lane_of = np.minimum(n_workers - 1, before * n_workers // int(costs.sum()))
    step = max(1, min(chunk, -(-len(todo) // (4 * n_workers)))) if n_workers > 1 else chunk
    lanes = []
    for k in range(n_workers):
        mine, spent = order[lane_of == k], costs[lane_of == k]
        # a chunk costs at most ``step`` rows worth aligning: it holds no more of them
        part = (np.cumsum(spent) - spent) // (step * (cost + 1))
        cuts = np.flatnonzero(np.diff(part)) + 1
        lanes.append([piece.tolist() for piece in np.split(mine, cuts) if len(piece)])
    return lanes, n_workers


def article_order(pairs: np.ndarray) -> np.ndarray:
    """The rows of ``pairs`` (document numbers, one pair a row) in an order that keeps the rows of an
    article near each other: the articles numbered along a breadth-first walk of the graph the pairs make
    (reverse Cuthill-McKee: an article, then those it is paired with, then theirs), each row placed by the
    first of its two articles in that walk, then by the other. A stable order of the pairs alone."""
    if not len(pairs):
        return np.zeros(0, dtype=np.int64)
    star = star_order(pairs) if len(pairs) <= STAR_MOST else None
    return star if star is not None else walk_order(pairs)


def walk_order(pairs: np.ndarray) -> np.ndarray:
    """:func:`article_order` by walking the graph the pairs make (reverse Cuthill-McKee)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import reverse_cuthill_mckee

    articles, ends = np.unique(pairs, return_inverse=True)
    ends = ends.reshape(-1, 2)
    graph = coo_matrix((np.ones(len(ends), dtype=np.int8), (ends[:, 0], ends[:, 1])),
                       shape=(len(articles), len(articles))).tocsr()
    walk = reverse_cuthill_mckee((graph + graph.T).tocsr(), symmetric_mode=True)
    place = np.empty(len(articles), dtype=np.int64)
    place[walk] = np.arange(len(articles))
    first = np.minimum(place[ends[:, 0]], place[ends[:, 1]])
    second = np.maximum(place[ends[:, 0]], place[ends[:, 1]])
    return np.lexsort((np.arange(len(ends)), second, first))


def star_order(pairs: np.ndarray) -> np.ndarray | None:
    """:func:`article_order` of pairs that all hold one article (an index's check: each stored
    candidate paired with the new article), without building the graph: the walk starts at the article
    of fewest pairs (the least of the others, in a star), goes to the centre, then to the rest in order;
    reversed, the rows come by their other article, greatest first (the order :func:`walk_order` gives,
    tested). None when the pairs are no star of distinct articles."""
    ends = pairs.tolist()
    if len(ends) < 2:
        return np.arange(len(ends), dtype=np.int64)
    for centre in ends[0]:
        if all(centre in pair for pair in ends):
            others = [b if a == centre else a for a, b in ends]
            if centre in others or len(set(others)) < len(others):
                return None
            return np.array(sorted(range(len(others)), key=others.__getitem__, reverse=True), dtype=np.int64)
    return None
