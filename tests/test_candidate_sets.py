"""Candidate sets assembled, cut into rows, their window pairs kept in a file (dedup.candidate_sets)."""

from __future__ import annotations

import numpy as np

from dedup.candidate_sets import CandidateSet, PassageHits, candidate_rows, hits_in_file
from dedup.memory import Rows

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


def test_window_rows_with_their_bands_give_the_candidates_of_a_row_a_band() -> None:
    # an index's batch hands the assembly int64 rows of seven columns (the last the bands a row counts),
    # taken as they are; the same candidates as six columns a band, or as a dict of window pairs
    from dedup.candidate_sets import assemble_candidates

    w = [(0, 10, 100, 110), (5, 15, 105, 115), (40, 50, 140, 150)]
    bands = {(3, 7): [w[0]] * 4 + [w[1]] * 2 + [w[2]], (3, 9): [w[0]] * 5, (7, 9): [w[1]]}
    per_channel = {"passage": np.array([[3, 7], [3, 9], [7, 9]]), "text": np.array([[3, 9]])}
    rules = dict(min_hits={"passage": 6, "text": 1}, min_bands={"passage": 2})
    six = np.array([(a, b, *s) for (a, b), spans in bands.items() for s in spans], dtype=np.int64)
    seven = np.column_stack([six, np.ones(len(six), dtype=np.int64)])
    as_dict = {pair: [((s[0], s[1]), (s[2], s[3])) for s in spans] for pair, spans in bands.items()}
    found = [assemble_candidates({k: v.copy() for k, v in per_channel.items()}, hits, **rules)
             for hits in (six, seven, as_dict)]
    assert found[0].pairs.tolist() == [[3, 7], [3, 9]]
    for other in found[1:]:
        assert other.pairs.tolist() == found[0].pairs.tolist()
        assert {k: v.tolist() for k, v in other.channels.items()} == {k: v.tolist() for k, v in found[0].channels.items()}
        assert dict(other.passage_hits) == dict(found[0].passage_hits)
