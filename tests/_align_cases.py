"""Articles the aligner's tests share (tests/test_align.py, tests/test_derivation.py,
tests/test_vector_alignment.py): documents made of the named texts, long articles around WIRE and REWRITE with
the regions they share, a batch of pairs, and the equality of two alignments."""

from __future__ import annotations

import pytest

from dedup.documents import Document

from _align_texts import EARNINGS_A, EARNINGS_B, INDEPENDENT, PARTIAL, REWRITE, UNRELATED, WIRE


def doc(doc_id: str, text: str, published: str | None = None) -> Document:
    return Document(id=doc_id, text=text, published=published)


# Long articles around WIRE and REWRITE; one stock sentence far from them is in both.
STOCK = "Markets in Vienna closed higher on Tuesday as investors weighed the flood damage against insurance payouts."


FILLER = {
    "a": ("Chess club member {k} won a tournament game quickly.", "Bakery number {k} sold fresh rye bread today."),
    "b": ("Choir singer {k} rehearsed hymns before lunch.", "Garage owner {k} repaired vintage motorbikes overnight."),
}


def _around(middle: str, seed: str) -> str:
    first, second = FILLER[seed]
    before = " ".join(first.format(k=k) for k in range(12))
    after = " ".join(second.format(k=k) for k in range(12))
    return f"{STOCK}\n\n{before}\n\n{middle}\n\n{after}"


def _regions(a: str, b: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    return [((a.index(WIRE), a.index(WIRE) + len(WIRE)), (b.index(REWRITE), b.index(REWRITE) + len(REWRITE)))]


# -- align_many: the batch path a scan uses, equal to the scipy reference with the pair's own IDF -----------
def _same(one, other) -> None:  # type: ignore[no-untyped-def]
    """Equal alignments; link scores of sentence groups may differ in the last bits (summed differently)."""
    x, y = one.to_dict(), other.to_dict()
    for lx, ly in zip(x.pop("links"), y.pop("links"), strict=True):
        assert lx.pop("score") == pytest.approx(ly.pop("score"), abs=1e-9)
        assert lx == ly
    assert x == y


BATCH = [
    (doc("s", WIRE, "2024-07-08T08:00:00Z"), doc("d", REWRITE, "2024-07-08T10:00:00Z")),
    (doc("d", REWRITE, "2024-07-08T10:00:00Z"), doc("s", WIRE, "2024-07-08T08:00:00Z")),
    (doc("s", WIRE), doc("p", PARTIAL)),
    (doc("s", WIRE), doc("i", INDEPENDENT)),
    (doc("s", WIRE), doc("u", UNRELATED)),
    (doc("e1", EARNINGS_A), doc("e2", EARNINGS_B)),
    (doc("s", WIRE), doc("s2", WIRE)),
    (doc("s", WIRE), doc("empty", "")),
]
