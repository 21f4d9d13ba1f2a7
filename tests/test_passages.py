"""Tests for dedup.passages: a passage's words, grams and measures, by the kernel and in Python alike, and
colliding windows merged into passages."""

from __future__ import annotations

import random

import numpy as np
import pytest

from _evidence_texts import STORY, _features


def test_a_passages_rare_words_are_counted_against_the_documents_rare_words() -> None:
    """``_rare``: how many of a set of words the sorted unique array holds, however the words lie against it
    (below, between, above its values; none; an empty array), as Python's own sets count them."""
    from dedup import passages

    rng = np.random.default_rng(7)
    for size in (0, 1, 5, 300):
        content = np.unique(rng.integers(10, 2**64 - 10, size=size, dtype=np.uint64))
        pool = content.tolist() + [0, 1, 2**64 - 1] + rng.integers(0, 2**64 - 1, size=20, dtype=np.uint64).tolist()
        for _ in range(30):
            words = {pool[k] for k in rng.integers(0, len(pool), size=int(rng.integers(0, 12)))}
            assert passages._rare(words, content) == len(words & set(content.tolist()))


def test_a_spans_word_grams_are_those_inside_it() -> None:
    """``_grams_in``: the 5-grams that start in a span and end by its end (a gram that runs past it is left
    out), and ``_span_slice``: the content words that start in it."""
    from dedup import passages

    (fa,) = _features(STORY)
    starts, ends = fa.gram_starts.tolist(), fa.gram_ends.tolist()
    for k in (0, 3, len(starts) - 6):
        span = (starts[k], ends[k + 5])
        inside = {h for h, s, e in zip(fa.gram_hashes.tolist(), starts, ends) if span[0] <= s < span[1] and e <= span[1]}
        assert passages._grams_in(fa, span) == inside and len(inside) >= 6
        words = [s for s in fa.content_starts.tolist() if span[0] <= s < span[1]]
        got = passages._span_slice(fa, span)
        assert fa.content_starts[got].tolist() == words


def _random_features(rng: np.random.Generator, n: int, alphabet: int, grams: int) -> object:
    """Features of a made-up text: ``n`` content words drawn from ``alphabet`` hashes (names and figures
    flagged place by place, so that one word can be a name in one place and not in another), and its
    5-grams drawn from ``grams`` hashes, at increasing offsets."""
    from dedup.exact_sets import Features

    words = rng.integers(1, alphabet + 1, size=n).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    starts = np.cumsum(rng.integers(1, 9, size=n)).astype(np.int64)
    ends = starts + rng.integers(1, 8, size=n)
    g = max(0, n - 4)
    gram_hashes = rng.integers(0, grams, size=g).astype(np.uint64) + np.uint64(2**63)
    rare = np.unique(words[rng.random(n) < 0.5])
    is_fact = rng.random(n) < 0.3
    return Features(np.unique(gram_hashes), gram_hashes, starts[:g].copy(), ends[4:].copy() if g else starts[:0].copy(),
                    rare, np.unique(words[is_fact]), words, starts, ends, is_fact, is_fact & (rng.random(n) < 0.5),
                    np.unique(words[is_fact]))


def test_a_pairs_passages_are_measured_alike_by_the_kernel_and_in_python(compiled: bool) -> None:
    """:func:`dedup.passages.passage_measures` (the compiled ``passage_measures`` where built) gives each group's trimmed spans,
    similarity, verbatim, names, ordinary words, figures, rare words and words on each side exactly as the
    Python sets do, on made-up texts with repeated words (small alphabets) and spans of every kind: empty,
    past either end, sharing nothing, all of both texts."""
    from dedup import passages

    rng = np.random.default_rng(11)
    checked = kept = 0
    for _ in range(400):
        alphabet = int(rng.choice([3, 12, 60, 400]))
        fa = _random_features(rng, int(rng.integers(0, 120)), alphabet, alphabet)
        fb = _random_features(rng, int(rng.integers(0, 120)), alphabet, alphabet)
        reach = [int(f.content_ends[-1]) + 5 if len(f.content_ends) else 10 for f in (fa, fb)]
        groups = []
        for _ in range(int(rng.integers(1, 5))):
            a0, a1 = sorted(rng.integers(-3, reach[0] + 3, size=2).tolist())
            b0, b1 = sorted(rng.integers(-3, reach[1] + 3, size=2).tolist())
            groups.append([a0, a1, b0, b1])
        groups.append([0, reach[0], 0, reach[1]])
        groups.sort()
        for similarity in (0.0, 0.3):
            got = passages.passage_measures(fa, fb, groups, similarity)
            want = passages._passage_measures_py(fa, fb, groups, similarity)
            assert got == want and [type(v) for row in got for v in row] == [type(v) for row in want for v in row]
            checked += len(groups)
            kept += len(want)
    assert kept > 100 and checked - kept > 100  # passages kept and groups left out, both ways


def test_the_passage_kernel_refuses_features_it_cannot_read() -> None:
    """``passage_measures`` on arrays of the wrong size or kind raises, and ``passage_measures`` takes the Python
    way for arrays that are not contiguous (the same answer)."""
    import dataclasses

    from dedup import kernels, passages

    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    fa, fb = _features(STORY, STORY)
    groups = [[0, len(STORY), 0, len(STORY)]]
    short = dataclasses.replace(fa, content_ends=fa.content_ends[:-1].copy())
    with pytest.raises(ValueError, match="content_ends"):
        kernels.KERNELS.passage_measures(short, fb, groups, 0.3, 8)
    with pytest.raises(ValueError, match="four integers"):
        kernels.KERNELS.passage_measures(fa, fb, [[0, 1, 2]], 0.3, 8)
    strided = dataclasses.replace(fa, content_starts=np.repeat(fa.content_starts, 2)[::2])
    assert passages.passage_measures(strided, fb, groups, 0.3) == passages._passage_measures_py(fa, fb, groups, 0.3) != []


def test_window_pairs_chained_first_merge_into_the_passages_merged_one_by_one() -> None:
    """:func:`dedup.passages.chained` joins runs of overlapping windows along each diagonal in numpy before
    :func:`dedup.passages.merged`: the same passages as the windows merged one by one, for windows of
    every shape, repeats among them, and for the diagonals of a text that repeats itself."""
    from dedup.passages import chained, merged

    rng = random.Random(52)
    for _ in range(1500):
        length = rng.choice([20, 60, 300])
        windows = []
        for _ in range(rng.randint(0, 40)):
            a0, b0 = rng.randint(0, length), rng.randint(0, length)
            windows.append(((a0, a0 + rng.randint(0, 12)), (b0, b0 + rng.randint(0, 12))))
        windows += windows[: rng.randint(0, 3)]
        one_by_one = merged([[a0, a1, b0, b1] for (a0, a1), (b0, b1) in sorted(set(windows))])
        assert merged(chained(np.array(windows, dtype=np.int64).reshape(-1, 4))) == one_by_one
    # a story of 100 words pasted 5 times in each text: windows of 24 words every 8, all against all
    starts = range(0, 476, 8)
    repeated = [((a, a + 24), (b, b + 24)) for a in starts for b in starts if (a - b) % 100 in (0, 4, 96)]
    chained = chained(np.array(repeated, dtype=np.int64).reshape(-1, 4))
    assert len(chained) < len(set(repeated))
    assert merged(chained) == merged([[a0, a1, b0, b1] for (a0, a1), (b0, b1) in sorted(set(repeated))])


def test_a_few_windows_are_chained_in_python_as_numpy_chains_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Up to ``_FEW_BOXES`` windows are chained in Python (:func:`dedup.passages._chained_few`): the same runs in
    the same order as numpy's passes give, for windows on one diagonal and on many, overlapping and repeated."""
    from dedup import passages

    rng = np.random.default_rng(64)
    for n in range(2, passages._FEW_BOXES + 1):
        for _ in range(60):
            a0 = rng.integers(0, 200, n)
            b0 = a0 + rng.integers(0, 3, n) * 40 if rng.random() < 0.5 else rng.integers(0, 200, n)
            boxes = np.stack([a0, a0 + rng.integers(0, 60, n), b0, b0 + rng.integers(0, 60, n)], axis=1).astype(np.int64)
            if rng.random() < 0.3:
                boxes = np.concatenate([boxes, boxes[: n // 2]])
            few = passages.chained(boxes)
            monkeypatch.setattr(passages, "_FEW_BOXES", 0)
            assert few == passages.chained(boxes)
            monkeypatch.undo()


@pytest.mark.parametrize(("most_near", "wide_box"), [(4_000_000, 64), (0, 64), (4_000_000, 1), (300, 64)])
def test_many_windows_merge_in_numpy_passes_into_the_passages_merged_one_by_one(
        monkeypatch: pytest.MonkeyPatch, most_near: int, wide_box: int) -> None:
    """From ``MANY_BOXES`` windows :func:`dedup.passages.merged_boxes` joins them in numpy passes (then the
    groups of boxes that overlap, found among those sharing a cell of a grid or, for a box spanning more than
    ``_WIDE_BOX`` cells, among all; past ``_MOST_NEAR`` pairs the loop): the same passages as
    ``merged(chained(...))``, for scattered windows, a text that repeats itself, and repeats among them."""
    from dedup import passages

    monkeypatch.setattr(passages, "MANY_BOXES", 64)
    monkeypatch.setattr(passages, "_MOST_NEAR", most_near)
    monkeypatch.setattr(passages, "_WIDE_BOX", wide_box)
    rng = np.random.default_rng(66)
    for trial in range(120):
        n, length, width = int(rng.integers(64, 900)), int(rng.choice([300, 3000, 30000])), int(rng.integers(2, 80))
        a0, b0 = rng.integers(0, length, n), rng.integers(0, length, n)
        if trial % 3 == 0:  # a text that repeats itself: the windows of a few diagonals
            b0 = (a0 + rng.integers(-3, 4, n) * (length // 7)) % length
        boxes = np.stack([a0, a0 + rng.integers(0, width, n), b0, b0 + rng.integers(0, width, n)], axis=1).astype(np.int64)
        if trial % 2:
            boxes = np.concatenate([boxes, boxes[: n // 3]])
        if trial % 5 == 1:  # a few boxes far wider than the rest, spanning many cells of the grid
            wide = boxes[: 3].copy()
            wide[:, 1] += length // 3
            wide[:, 3] += length // 4
            boxes = np.concatenate([boxes, wide])
        expected = [list(row) for row in passages.merged(passages.chained(boxes))]
        assert passages.merged_boxes(boxes) == expected
    assert passages.merged_boxes(np.array([[0, 5, 0, 5], [3, 9, 4, 8]] * 40, dtype=np.int64)) == [[0, 9, 0, 8]]


def test_few_windows_are_merged_as_they_always_were(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under ``MANY_BOXES`` windows :func:`dedup.passages.merged_boxes` is ``merged(chained(...))`` itself:
    no numpy pass is taken (every pair of ordinary size is merged as before)."""
    from dedup import passages

    def refuse(*_: object) -> None:
        raise AssertionError("a numpy pass on few windows")

    monkeypatch.setattr(passages, "_joined", refuse)
    boxes = np.array([[0, 10, 5, 15], [8, 20, 12, 25], [40, 50, 0, 9]], dtype=np.int64)
    assert passages.merged_boxes(boxes) == passages.merged(passages.chained(boxes)) == [[0, 20, 5, 25], [40, 50, 0, 9]]
