"""coverage: what an alignment's links cover of both articles, counted compiled and in Python."""

from __future__ import annotations

import numpy as np
import pytest

from dedup import kernels
from dedup.alignment import Link
from dedup.coverage import _coverage_counts, _coverage_counts_py, alignment_result
from dedup.documents import Document
from dedup.link_sides import Side
from dedup.sentences import Sentence


def _side(rng: np.random.Generator, n: int) -> Side:
    sentences, start = [], 0
    for _ in range(n):
        text = "x" * int(rng.integers(0, 40))  # an empty sentence now and then
        sentences.append(Sentence(start, start + len(text), text))
        start += len(text) + 1
    counts = np.zeros(n, dtype=np.int64)
    return Side(tuple(sentences), frozenset(), lambda k: [], counts, counts)


def _links(rng: np.random.Generator, n_d: int, n_s: int) -> list[Link]:
    """Links of one or two sentences a side, a derived sentence in two links now and then (the last one's
    kind counts), in no order."""
    out = []
    for _ in range(int(rng.integers(0, 6)) if n_d and n_s else 0):
        j, i = int(rng.integers(0, n_d)), int(rng.integers(0, n_s))
        derived = (j, j + 1) if j + 1 < n_d and rng.random() < 0.3 else (j,)
        sources = (i, i + 1) if i + 1 < n_s and rng.random() < 0.3 else (i,)
        kind = str(rng.choice(["verbatim", "edited", "paraphrase"]))
        out.append(Link(sources, derived, (), (), 0.5, kind))
    return out


def test_coverage_counts_kernel_gives_the_python_counts() -> None:
    """The compiled counts against their Python twin on random sentences and links: characters by kind, new,
    used and in all, the spans new and unused, the same ints and tuples."""
    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    rng = np.random.default_rng(50)
    twice = 0
    for trial in range(3000):
        vs, vd = _side(rng, int(rng.integers(0, 9))), _side(rng, int(rng.integers(0, 9)))
        links = _links(rng, len(vd.sentences), len(vs.sentences))
        want = _coverage_counts_py(links, vs, vd)
        got = kernels.KERNELS.coverage_counts(links, vd.sentences, vs.sentences)
        assert got == want and [type(v) for v in got] == [type(v) for v in want], trial
        derived = [j for link in links for j in link.derived_sentences]
        twice += len(derived) > len(set(derived))
    assert twice > 200, twice


def test_alignment_result_compiled_or_not(compiled: bool) -> None:
    """One verbatim link of two sentences a side: the coverage of both, the new and unused spans."""
    a, b = Document("a", "One two. Three four five."), Document("b", "One two. Six.")
    vs = Side((Sentence(0, 8, "One two."), Sentence(9, 25, "Three four five.")), frozenset(), lambda k: [],
              np.zeros(2, np.int64), np.zeros(2, np.int64))
    vd = Side((Sentence(0, 8, "One two."), Sentence(9, 13, "Six.")), frozenset(), lambda k: [],
              np.zeros(2, np.int64), np.zeros(2, np.int64))
    link = Link((0,), (0,), ((0, 8),), ((0, 8),), 1.0, "verbatim")

    class Rules:
        wholly_derived_min, partially_derived_min, min_links = 0.8, 0.2, 2

    result = alignment_result(a, b, vs, vd, [link], "a", "b", "told", Rules())
    assert result.coverage.derived_from_source == 1.0 - 4 / 12 and result.coverage.source_used == 8 / 24
    assert result.new == ((9, 13),) and result.unused == ((9, 25),) and result.verdict == "partially_derived"
    assert _coverage_counts([link], vs, vd) == _coverage_counts_py([link], vs, vd) == (8, 0, 0, 4, 12, 8, 24,
                                                                                      ((9, 13),), ((9, 25),))


@pytest.mark.parametrize("links, error, match", [
    ([Link((0,), (0,), (), (), 0.5, "copied")], KeyError, "copied"),
    ([Link((5,), (0,), (), (), 0.5, "verbatim")], IndexError, "outside"),
    (5, TypeError, "sequence"),
], ids=["unknown-kind", "source-outside", "not-a-sequence"])
def test_coverage_counts_kernel_refuses_what_it_cannot_read(links, error: type, match: str) -> None:  # type: ignore[no-untyped-def]
    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    sentences = (Sentence(0, 2, "x."),)
    with pytest.raises(error, match=match):
        kernels.KERNELS.coverage_counts(links, sentences, sentences)
