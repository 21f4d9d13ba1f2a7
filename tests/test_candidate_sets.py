"""Candidate sets assembled, cut into rows, their window pairs kept in a file (dedup.candidate_sets)."""

from __future__ import annotations

import numpy as np

from dedup.candidate_sets import CandidateSet, PassageHits, candidate_rows, hits_in_file
from dedup.spools import Rows

SPANS = np.arange(24, dtype=np.int64).reshape(6, 4)
# rows 0 and 2 have window pairs (two and four), row 1 none
HITS = PassageHits(np.array([0, 2, 2, 6]), SPANS)
CANDIDATES = CandidateSet(np.array([[0, 1], [0, 2], [1, 2]]), {"passage": np.array([True, False, True])}, HITS)


def test_window_pairs_in_a_file_are_read_back_as_they_were_held() -> None:
    spilled = hits_in_file(CANDIDATES)
    assert isinstance(spilled.passage_hits.spans, Rows) and spilled.pairs is CANDIDATES.pairs
    assert dict(spilled.passage_hits) == dict(HITS) and list(spilled.passage_hits) == [0, 2]
    for rows in ([2, 0], [1], [0, 1, 2], []):
        held, read = candidate_rows(CANDIDATES, np.array(rows)), candidate_rows(spilled, np.array(rows))
        assert isinstance(read.passage_hits.spans, np.ndarray)  # a chunk's own, in memory
        assert dict(read.passage_hits) == dict(held.passage_hits) and np.array_equal(read.pairs, held.pairs)
    assert hits_in_file(spilled) is spilled  # in a file already


def test_window_pairs_of_a_dict_stay_as_they_are() -> None:
    given = CandidateSet(CANDIDATES.pairs, CANDIDATES.channels, {0: [((0, 1), (2, 3))]})
    assert hits_in_file(given) is given


def test_ranked_documents_assemble_as_their_numbers_do() -> None:
    # an index's batch ranks its documents itself (numbers from 2**40 up): the same pairs, channels and
    # window hits as the assembly of the numbers, a pair with too few window bands dropped by both
    from dedup.candidate_sets import assemble_candidates, assemble_ranked

    big = 1 << 40
    per_channel = {"text": np.array([[3, big + 1]]), "passages": np.array([[3, big + 1], [5, big + 2], [big, big + 2]])}
    hits = np.array([[3, big + 1, 0, 40, 10, 50], [3, big + 1, 0, 40, 10, 50], [3, big + 1, 40, 80, 50, 90],
                     [5, big + 2, 0, 40, 0, 40], [big, big + 2, 0, 40, 0, 40], [big, big + 2, 0, 40, 0, 40]])
    rules = {"min_hits": {"text": 1, "passages": 2}, "min_bands": {"passages": 2}}
    numbers = np.array([3, 5, big, big + 1, big + 2])
    windows = np.column_stack([np.searchsorted(numbers, hits[:, :2]), hits[:, 2:], np.ones(len(hits), dtype=np.int64)])
    ranked = assemble_ranked({k: np.searchsorted(numbers, v) for k, v in per_channel.items()}, windows, numbers, **rules)
    plain = assemble_candidates({k: v.copy() for k, v in per_channel.items()}, hits, **rules)
    assert ranked.pairs.tolist() == plain.pairs.tolist() == [[3, big + 1], [big, big + 2]]
    assert {k: v.tolist() for k, v in ranked.channels.items()} == {k: v.tolist() for k, v in plain.channels.items()}
    assert dict(ranked.passage_hits) == dict(plain.passage_hits) == {0: [((0, 40), (10, 50))], 1: [((0, 40), (0, 40))]}
