"""Tests of dedup.windows: a pair's passage windows measured on its two texts, whatever bands met."""

from __future__ import annotations

import random

import numpy as np
import pytest

from dedup import compare, windows
from dedup.channels import SPARSE_CHANNELS
from dedup.documents import Document
from dedup.signing import corpus_vocabulary
from dedup.verify import document_features

SYLLABLES = ("ka", "lo", "mi", "ren", "tos", "va", "pel", "dor", "sun", "bri", "gal", "hem", "jup", "nor", "qui",
             "ras", "tem", "ulf", "vim", "wex", "yor", "zan", "cob", "fid", "gur", "hax", "ilm", "jov", "kep", "lum")
#: 900 made-up words: two texts drawn from them share a word here and there, never a stretch
WORDS = [a + b + "ter" for a in SYLLABLES for b in SYLLABLES]


def _text(rng: random.Random, words: int) -> str:
    sentences = []
    while words > 0:
        n = min(words, rng.randint(8, 16))
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + ".")
        words -= n
    return " ".join(sentences)


def _features(*texts: str):  # type: ignore[no-untyped-def]
    docs = [Document(id=str(k), text=text) for k, text in enumerate(texts)]
    found = document_features(docs, list(range(len(docs))), corpus_vocabulary(list(texts)))
    return [found[k] for k in range(len(docs))]


PARAGRAPH = ("The harbour authority said on Tuesday that copper cargo volumes through the northern quay had "
             "fallen for a third straight quarter, blaming the tariff dispute with its largest trading partner "
             "and a shortage of vessels willing to call at the port during the winter storms.")
STORY_A = ("Farmers in the valley gathered at the town hall to protest against the new pension rules, which "
           "they say will force many to sell their orchards before the next harvest season begins. " + PARAGRAPH +
           " The mayor promised to raise the matter with the senate budget committee next month.")
STORY_B = ("A ferry operator announced it would suspend two routes across the strait from March. " + PARAGRAPH +
           " Wheat exporters, meanwhile, reported record shipments to southern markets despite the glacier "
           "melt that closed the mountain road for a week.")


def test_the_chance_a_draw_finds_a_window_pair_grows_with_its_similarity() -> None:
    grid = np.linspace(0.0, 1.0, 101)
    chance = windows.met_chance(grid)
    assert chance[0] == 0.0 and chance[-1] == pytest.approx(1.0)
    assert np.all(np.diff(chance) >= 0) and np.all(np.diff(chance[5:80]) > 0)  # 1.0 in floats from 0.8
    # the channel's own bands: a window pair 0.5 alike is found nine draws in ten
    passage = next(spec for spec in SPARSE_CHANNELS if spec.window)
    assert (windows.WINDOW, windows.STEP, windows.MIN_WORDS) == (passage.window, passage.step, passage.min_shingles)
    assert (windows.BANDS, windows.ROWS, windows.MIN_BANDS) == (passage.banding.bands, passage.banding.rows,
                                                                passage.min_bands)
    one_band = windows.met_chance(0.5, min_bands=1)
    assert one_band == pytest.approx(passage.banding.probability(0.5)) and one_band > windows.met_chance(0.5)


@pytest.mark.parametrize("n", [0, 1, 7, 24, 25, 32, 33, 100, 1001])
def test_the_windows_are_laid_as_the_passage_channel_lays_them(n: int) -> None:
    first, end = windows.window_table(n)
    passage = next(spec for spec in SPARSE_CHANNELS if spec.window)
    expected = (-(-(n - passage.window) // passage.step) + 1) if n > passage.window else min(n, 1)
    assert len(first) == expected
    if n:
        assert first[0] == 0 and end[-1] == n and np.all(np.diff(first) == passage.step)
        assert np.all(end - first <= passage.window)


def test_a_copied_paragraph_is_found_and_unrelated_texts_share_no_passage() -> None:
    fa, fb = _features(STORY_A, STORY_B)
    found = windows.expected_windows(fa, fb)
    start_a, start_b = STORY_A.index(PARAGRAPH), STORY_B.index(PARAGRAPH)
    assert found and all(a0 < start_a + len(PARAGRAPH) and a1 > start_a and b0 < start_b + len(PARAGRAPH)
                         and b1 > start_b for (a0, a1), (b0, b1) in found)
    rng = random.Random(7)
    fc, fd = _features(_text(rng, 300), _text(rng, 300))  # one vocabulary, no text in common
    assert windows.expected_windows(fc, fd) == []


def test_a_copied_paragraph_is_one_passage_under_every_seed() -> None:
    readings = {tuple((p.a, p.b) for p in compare(Document(id="a", text=STORY_A), Document(id="b", text=STORY_B), seed=seed).evidence.passages)
                for seed in range(1, 7)}
    assert len(readings) == 1 and len(next(iter(readings))) >= 1


def test_dense_and_sparse_products_measure_the_same_window_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(3)
    shared = _text(rng, 200)
    fa, fb = _features(_text(rng, 150) + " " + shared, shared + " " + _text(rng, 120))
    dense = windows.window_similarities(fa, fb)
    monkeypatch.setattr(windows, "DENSE_MOST", 0)
    sparse = windows.window_similarities(fa, fb)
    for x, y in zip(dense[:3], sparse[:3]):
        np.testing.assert_allclose(x, y)
    assert windows.expected_windows(fa, fb)  # the shared stretch is found either way


def test_a_window_pairs_similarity_is_the_jaccard_similarity_of_its_words() -> None:
    rng = random.Random(11)
    fa, fb = _features(_text(rng, 80), _text(rng, 90))
    ia, ib, similarity, ((first_a, end_a), (first_b, end_b)) = windows.window_similarities(fa, fb)
    assert len(ia)
    for k in range(0, len(ia), max(1, len(ia) // 25)):
        wa = set(fa.content_tokens[first_a[ia[k]] : end_a[ia[k]]].tolist())
        wb = set(fb.content_tokens[first_b[ib[k]] : end_b[ib[k]]].tolist())
        assert similarity[k] == pytest.approx(len(wa & wb) / len(wa | wb))


def test_more_alike_window_pairs_never_find_fewer_passages() -> None:
    # the groups a draw finds more often than not, at a lower bar, hold those found at a higher one
    rng = random.Random(5)
    shared = _text(rng, 120)
    fa, fb = _features(_text(rng, 100) + " " + shared, _text(rng, 60) + " " + shared)
    spans = [windows.expected_windows(fa, fb, found=found) for found in (0.9, 0.5, 0.1)]
    for higher, lower in zip(spans, spans[1:]):
        assert all(any(a0 >= c0 and a1 <= c1 and b0 >= d0 and b1 <= d1 for (c0, c1), (d0, d1) in lower)
                   for (a0, a1), (b0, b1) in higher)
