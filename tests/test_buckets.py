"""dedup.buckets: one band's buckets paired (copies of one text counted once, crowded buckets, repeating texts
paired along their order, a band in parts by key range)."""

from __future__ import annotations

import numpy as np
import pytest

from dedup import buckets
from dedup.banding import colliding_pairs


def test_copies_of_one_text_count_once_in_a_bucket() -> None:
    # 60 copies of one text share a key in every band: a wire story carried word for word by 60 outlets
    keys = np.ones((60, 1), dtype=np.uint64)
    unit_doc = np.arange(60)
    assert colliding_pairs(keys, unit_doc, max_bucket=50).tolist() == []  # every unit counts: boilerplate
    copies = np.zeros(60, dtype=np.uint32)
    # one text: each copy pairs with the first copy (the index stores it and reports the rest against it)
    assert colliding_pairs(keys, unit_doc, max_bucket=50, unit_text=copies).tolist() == [[0, d] for d in range(1, 60)]
    # sixty texts: boilerplate still
    assert colliding_pairs(keys, unit_doc, max_bucket=50, unit_text=np.arange(60, dtype=np.uint32)).tolist() == []


def test_a_crowded_bucket_pairs_every_unit_with_each_texts_first_document() -> None:
    # 55 copies of text 7 (documents 3..57), one document of text 9 (number 1) holding two units, and a
    # copy of text 9 (document 60)
    unit_doc = np.array([1, 1] + list(range(3, 58)) + [60])
    texts = np.array([9, 9] + [7] * 55 + [9], dtype=np.uint32)
    keys = np.full((len(unit_doc), 1), 5, dtype=np.uint64)
    pairs = colliding_pairs(keys, unit_doc, max_bucket=50, unit_text=texts).tolist()
    first_of_7, units_of_1 = 2, [0, 1]  # unit 2 is document 3's
    expected = {(u, first_of_7) if u < first_of_7 else (first_of_7, u) for u in range(len(unit_doc)) if u != first_of_7}
    expected |= {(r, u) for r in units_of_1 for u in range(2, len(unit_doc))}
    assert set(map(tuple, pairs)) == expected
    assert (0, 1) not in expected  # units of one document never pair
    # a bucket of at most max_bucket units pairs every unit with every other, as before
    small = colliding_pairs(keys[:5], unit_doc[:5], max_bucket=50, unit_text=texts[:5]).tolist()
    assert small == colliding_pairs(keys[:5], unit_doc[:5], max_bucket=50).tolist()


def test_a_document_repeating_a_passage_costs_no_square_of_its_units() -> None:
    # two copies of a text that repeats one passage 3,000 times: one bucket of 6,000 units of one text,
    # 9 million unit pairs all with all; paired along their order instead, each unit with the other
    # copy's unit in its place and REPEAT_REACH either side
    unit_doc = np.repeat([0, 1], 3000)
    keys = np.ones((6000, 1), dtype=np.uint64)
    pairs = colliding_pairs(keys, unit_doc, max_bucket=50, unit_text=np.zeros(6000, dtype=np.uint32))
    reach = buckets.REPEAT_REACH
    assert len(pairs) == 3000 * (2 * reach + 1) - reach * (reach + 1)  # the first and last reach fewer
    assert np.abs(pairs[:, 1] - 3000 - pairs[:, 0]).max() == reach
    assert set(pairs[:, 0].tolist()) == set(range(3000)) and set(pairs[:, 1].tolist()) == set(range(3000, 6000))
    alone = colliding_pairs(keys[:3000], unit_doc[:3000], max_bucket=50, unit_text=np.zeros(3000, dtype=np.uint32))
    assert alone.tolist() == []  # one document's own windows never pair


def test_repeats_of_unequal_counts_are_paired_in_proportion_and_alike_either_way_round() -> None:
    # a passage 300 times in one document, 120 in another: each unit meets the other's units where it
    # stands in its own, scaled; numbered the other way round, the same pairs
    def found(first: int, second: int) -> set[tuple[int, int]]:
        unit_doc = np.repeat([0, 1], [first, second])
        keys = np.ones((first + second, 1), dtype=np.uint64)
        pairs = colliding_pairs(keys, unit_doc, max_bucket=50, unit_text=np.zeros(first + second, dtype=np.uint32))
        return {(u, v - first) for u, v in pairs.tolist()}

    one, other = found(300, 120), found(120, 300)
    assert one == {(v, u) for u, v in other}
    assert {u for u, _ in one} == set(range(300)) and {v for _, v in one} == set(range(120))
    assert all(abs(u * 120 // 300 - v) <= buckets.REPEAT_REACH for u, v in one)
    assert len(one) < 300 * (2 * buckets.REPEAT_REACH + 1)


def test_a_repeating_document_meets_every_unit_of_one_that_does_not_repeat() -> None:
    # 200 units of a repeating text and 3 of a story that has the passage once: every pair, as before;
    # a third document repeating too is paired along the order with the first alone
    unit_doc = np.repeat([0, 1, 2], [200, 3, 100])
    keys = np.ones((len(unit_doc), 1), dtype=np.uint64)
    texts = np.array([0] * 200 + [1] * 3 + [2] * 100, dtype=np.uint32)
    pairs = {tuple(p) for p in colliding_pairs(keys, unit_doc, max_bucket=50, unit_text=texts).tolist()}
    assert {(u, v) for u in range(200) for v in (200, 201, 202)} <= pairs
    assert {(v, w) for v in (200, 201, 202) for w in range(203, 303)} <= pairs
    repeats = {(u, w) for u, w in pairs if u < 200 and w >= 203}
    assert repeats and len(repeats) < 200 * (2 * buckets.REPEAT_REACH + 1)
    # under MOST_REPEATS units each, every pair is made
    few = np.repeat([0, 1], [buckets.MOST_REPEATS, 30])
    small = colliding_pairs(np.ones((len(few), 1), dtype=np.uint64), few, max_bucket=50,
                            unit_text=np.zeros(len(few), dtype=np.uint32))
    assert len(small) == buckets.MOST_REPEATS * 30


def test_band_pairs_are_every_pair_of_a_bucket_of_two_documents() -> None:
    """Buckets of one band: every pair of units of different documents in a bucket of at most
    ``max_bucket``, by their distance in key order (the order the Dask engine's buckets rely on)."""
    from dedup.buckets import band_pairs

    rng = np.random.default_rng(11)
    for _ in range(60):
        n = int(rng.integers(0, 400))
        column = rng.integers(0, max(1, n // 3), n).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) & buckets.KEY_BITS
        doc = np.sort(rng.integers(0, max(1, n // 2), n))
        limit = int(rng.integers(2, 12))
        order = np.argsort(column, kind="stable")
        expected = []
        for gap in range(1, limit):
            for k in range(n - gap):
                u, v = order[k], order[k + gap]
                bucket = np.flatnonzero(column == column[u])
                if column[u] == column[v] and len(bucket) <= limit and doc[u] != doc[v]:
                    expected.append([min(u, v), max(u, v)])
        found = band_pairs(column, doc, limit)
        assert found.dtype == np.int64 and found.tolist() == expected


def test_band_pairs_in_blocks_are_the_band_pairs_in_order() -> None:
    from dedup.buckets import band_pair_blocks, band_pairs

    rng = np.random.default_rng(12)
    column = rng.integers(0, 60, 500).astype(np.uint64)
    doc = np.sort(rng.integers(0, 200, 500))
    blocks = list(band_pair_blocks(column, doc, 50, block=7))
    assert len(blocks) > 10 and all(len(b) <= 7 for b in blocks)
    assert np.concatenate(blocks).tolist() == band_pairs(column, doc, 50).tolist()


def _parts_by_key_range(column: np.ndarray, ranges: int) -> list[tuple[np.ndarray, np.ndarray]]:
    top = (column >> np.uint64(63 - (ranges - 1).bit_length())).astype(np.int64)
    return [(np.flatnonzero(top == r), column[top == r]) for r in range(ranges)]


@pytest.mark.parametrize("ranges", [2, 8], ids=["two ranges", "eight ranges"])
@pytest.mark.parametrize("copies", [False, True], ids=["every unit counts", "copies count once"])
def test_a_band_in_key_ranges_gives_the_pairs_of_the_whole_band(ranges: int, copies: bool) -> None:
    """A band cut by key range pairs each range's buckets in turn: the same pairs (in another order),
    crowded buckets of copies included."""
    from dedup.buckets import band_pair_blocks, band_pairs

    rng = np.random.default_rng(13)
    n = 3000
    column = rng.integers(0, 400, n).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) & buckets.KEY_BITS  # every range
    column[:120] = column[0]  # a crowded bucket: 120 units of 2 texts
    doc = np.sort(rng.integers(0, 1500, n))
    texts = (doc % 2 if copies else doc).astype(np.uint32)
    unit_text = texts if copies else None
    expected = band_pairs(column, doc, 50, unit_text)
    parts = _parts_by_key_range(column, ranges)
    assert sum(len(u) > 0 for u, _ in parts) == ranges
    found = np.concatenate(list(band_pair_blocks(iter(parts), doc, 50, unit_text)))
    crowded = int(((expected[:, 0] < 120) & (expected[:, 1] < 120)).sum())
    assert len(expected) > 1000 and (crowded > 0) == copies  # the crowded bucket is paired only by its copies
    assert sorted(map(tuple, found.tolist())) == sorted(map(tuple, expected.tolist()))


def test_unit_texts_look_each_units_text_up_through_its_document() -> None:
    from dedup.buckets import UnitTexts

    doc_texts = np.array([5, 5, 9, 2], dtype=np.uint32)
    unit_doc = np.array([0, 0, 1, 2, 2, 2, 3], dtype=np.int32)
    units = np.array([[6, 0], [3, 1]])
    assert np.array_equal(UnitTexts(doc_texts, unit_doc)[units], doc_texts[unit_doc][units])
    keys = np.full((7, 1), 3, dtype=np.uint64)
    assert colliding_pairs(keys, unit_doc, max_bucket=2, unit_text=UnitTexts(doc_texts, unit_doc)).tolist() == \
        colliding_pairs(keys, unit_doc, max_bucket=2, unit_text=doc_texts[unit_doc]).tolist()


def test_a_marked_unit_meets_the_unmarked_ones_of_its_key_and_never_another_marked_one() -> None:
    # a short document's window in a long documents' band (its key marked) is in the bucket of its key unmarked,
    # counted there against max_bucket, and pairs with the long documents' units only
    from dedup.buckets import SHORT_MARK, band_pairs

    key = np.uint64(77)
    column = np.array([key, key | SHORT_MARK, key | SHORT_MARK, np.uint64(5) | SHORT_MARK, np.uint64(5) | SHORT_MARK,
                       key, np.uint64(9)], dtype=np.uint64)
    doc = np.array([0, 1, 2, 3, 4, 5, 6])
    assert sorted(map(tuple, band_pairs(column, doc, 50).tolist())) == [(0, 1), (0, 2), (0, 5), (1, 5), (2, 5)]
    # four units under the key: over a max_bucket of 3, none pairs
    assert band_pairs(column, doc, 3).tolist() == []
    # the same pairs with the band in parts (a unit's number given with its key)
    parts = [(np.array([0, 1, 2, 5]), column[[0, 1, 2, 5]]), (np.array([3, 4, 6]), column[[3, 4, 6]])]
    found = np.concatenate(list(buckets.band_pair_blocks(iter(parts), doc, 50)))
    assert sorted(map(tuple, found.tolist())) == [(0, 1), (0, 2), (0, 5), (1, 5), (2, 5)]
