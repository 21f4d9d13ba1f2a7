"""Tests for dedup.vector_alignment: the reference path on scipy matrices, limited to regions from the cache or
not, and equal to ``align`` with the roles given.

All texts are written for these tests (no corpus excerpts).
"""

from __future__ import annotations

import pytest

from dedup.align import SentenceAligner
from dedup.vector_alignment import align_vectors

from _align_cases import BATCH, _around, _regions, _same, doc
from _align_texts import REWRITE, WIRE


def test_region_vectors_are_the_same_from_the_cache_or_not() -> None:
    a, b = doc("s", _around(WIRE, "a")), doc("d", _around(REWRITE, "b"))
    regions = _regions(a.text, b.text)
    fresh = align_vectors(SentenceAligner().fit([a.text, b.text]), a, b, regions=regions)
    warm = SentenceAligner().fit([a.text, b.text])
    warm.transform(a), warm.transform(b)
    assert align_vectors(warm, a, b, regions=regions).to_dict() == fresh.to_dict()
    # unfitted, the pair's own IDF: limited all the same
    own = SentenceAligner().align(a, b, regions=regions)
    assert own.links and all(lk.derived_spans[0][0] >= b.text.index(REWRITE) for lk in own.links)


@pytest.mark.parametrize("fitted", [False, True])
def test_align_with_a_direction_equals_the_reference(fitted: bool) -> None:
    """``align`` with the roles given (both ways, and unknown) is the reference's alignment."""
    from dedup.lineage import Direction

    for a, b in BATCH:
        model = SentenceAligner().fit([a.text, b.text, WIRE]) if fitted else SentenceAligner()
        for told in (Direction(a.id, b.id, "told"), Direction(b.id, a.id, "told"), None):
            if told is not None and not b.text:  # told roles with an empty text fail either way (choose_links)
                continue
            _same(align_vectors(model, a, b, direction=told), model.align(a, b, direction=told))
