"""The order in which the verification stage decides a scan's rows: the rows of an article near each other, so
that a worker process prepares its sentences and reads its text once (:func:`dedup.verify.verify`'s lanes).
A stable order of the pairs alone; it moves no answer.
"""

from __future__ import annotations

import numpy as np

__all__ = ["article_order", "walk_order", "star_order", "STAR_MOST"]


def article_order(pairs: np.ndarray) -> np.ndarray:
    """The rows of ``pairs`` (document numbers, one pair a row) in an order that keeps the rows of an
    article near each other: the articles numbered along a breadth-first walk of the graph the pairs make
    (reverse Cuthill-McKee: an article, then those it is paired with, then theirs), each row placed by the
    first of its two articles in that walk, then by the other. A stable order of the pairs alone."""
    if not len(pairs):
        return np.zeros(0, dtype=np.int64)
    star = star_order(pairs) if len(pairs) <= STAR_MOST else None
    return star if star is not None else walk_order(pairs)


#: Rows up to which :func:`article_order` looks for a star before walking the graph: a check's candidates
#: are a few dozen (a scan's chunk, thousands of rows and no star); from 256 rows on, the walk breaks the
#: ties of a star's articles (one pair each) another way.
STAR_MOST = 255


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
