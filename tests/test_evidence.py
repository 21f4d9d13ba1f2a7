"""Evidence: the exact measures of a pair (no verdicts here; those are tested in test_decision.py)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from dedup.candidates import Vocabulary
from dedup.evidence import Evidence, SharedPassage, close_stretches, features, score_pair, with_spread
from dedup.shingles import tokenize_batch

STORY = ("Acme Corp said its board declared a quarterly dividend of 10 cts a share, payable April 1 to holders "
         "of record March 15. The company also said net profit rose to 12.5 mln dlrs in the first quarter.")
OTHER = ("Weather: sunny spells and light winds are expected across the north of the country tomorrow, with "
         "showers moving in from the west by the evening and a cold night under clear skies in the hills.")


def _features(*texts: str) -> list:  # type: ignore[type-arg]
    batch = tokenize_batch(list(texts))
    return features(batch, np.array([[0, len(t)] for t in texts], dtype=np.int64), vocab=Vocabulary.empty())


def test_identical_texts_share_everything() -> None:
    fa, fb = _features(STORY, STORY)
    ev = score_pair(fa, fb, len_a=len(STORY), len_b=len(STORY))
    assert (ev.jaccard, ev.a_in_b, ev.b_in_a, ev.content_jaccard, ev.fact_agreement) == (1.0, 1.0, 1.0, 1.0, 1.0)


def test_unrelated_texts_share_nothing() -> None:
    fa, fb = _features(STORY, OTHER)
    ev = score_pair(fa, fb, len_a=len(STORY), len_b=len(OTHER))
    assert ev.jaccard == 0.0 and ev.a_in_b == 0.0 and ev.content_jaccard < 0.05 and ev.passages == ()


def test_containment_is_directional() -> None:
    long = STORY + " " + OTHER
    fa, fb = _features(STORY, long)
    ev = score_pair(fa, fb, len_a=len(STORY), len_b=len(long))
    assert ev.a_in_b == 1.0 and 0.3 < ev.b_in_a < 0.7
    flipped = ev.flipped()
    assert (flipped.a_in_b, flipped.b_in_a) == (ev.b_in_a, ev.a_in_b)


def test_a_passage_is_located_in_both_texts_and_its_copy_counted_with_the_bars_given() -> None:
    a, b = OTHER + " " + STORY, STORY + " " + OTHER.replace("sunny", "bright")
    fa, fb = _features(a, b)
    start_a = a.index("Acme")
    window = ((start_a, len(a)), (0, len(STORY)))
    ev = score_pair(fa, fb, windows=[window], len_a=len(a), len_b=len(b))
    (passage,) = ev.passages
    assert a[slice(*passage.a)].startswith("Acme") and b[slice(*passage.b)].startswith("Acme")
    assert passage.verbatim == 1.0 and passage.facts == 1.0 and ev.copied_words > 0
    # the copy bars come from the caller (the verification stage feeds them from Thresholds)
    strict = score_pair(fa, fb, windows=[window], len_a=len(a), len_b=len(b), min_verbatim=1.0, min_facts=1.0)
    assert strict.copied_words == ev.copied_words
    never = score_pair(fa, fb, windows=[window], len_a=len(a), len_b=len(b), min_facts=1.01)
    assert never.copied_words == 0 and never.passage_cover_a == 0.0


@pytest.mark.parametrize("shared, found", [
    ("northern harvest delayed heavy rains cost farmers", False),  # seven words in common: a phrase
    ("northern harvest delayed heavy rains cost farmers dearly", True),  # eight: a passage
])
def test_windows_that_meet_on_fewer_than_eight_words_are_no_passage(shared: str, found: bool) -> None:
    a = f"Markets opened quietly on Monday. The {shared} this year. Traders said volumes were thin."
    b = f"Officials toured the district. Reports say the {shared} again. Prices held at the depot."
    fa, fb = _features(a, b)
    ev = score_pair(fa, fb, windows=[((0, len(a)), (0, len(b)))], len_a=len(a), len_b=len(b), min_passage_similarity=0.0)
    assert len(ev.passages) == int(found)
    if found:
        assert a[slice(*ev.passages[0].a)] == shared == b[slice(*ev.passages[0].b)]


def _ev(a: tuple[int, int], b: tuple[int, int], similarity: float = 0.6) -> Evidence:
    return Evidence(0.01, 0.02, 0.02, 0.1, 0.5, (SharedPassage(a, b, similarity, 0.1, 1.0, 20, 1.0),))


def test_close_stretches_are_recorded_on_both_sides() -> None:
    stretches = close_stretches([(0, 1), (0, 2)], [_ev((100, 300), (0, 200)), _ev((900, 1000), (5, 50), 0.3)])
    assert stretches == {0: [(100, 300, 1)], 1: [(0, 200, 0)]}  # the loose passage is no stretch


@pytest.mark.parametrize("given", [False, True], ids=["counted-here", "given"])
def test_spread_counts_the_other_documents(given: bool, compiled: bool) -> None:
    pairs = [(0, 1), (0, 2), (0, 3)]
    evidence = [_ev((100, 300), (0, 200))] * 3
    stretches = close_stretches(pairs, evidence) if given else None
    assert [e.passages[0].elsewhere for e in with_spread(pairs, evidence, stretches=stretches)] == [2, 2, 2]


@pytest.mark.parametrize("partners", [5, 200], ids=["few-stretches", "a-form's-hundreds"])
def test_spread_counts_what_each_stretch_says_however_many_a_document_has(partners: int, compiled: bool) -> None:
    # document 0 shares stretches of many lengths and places with ``partners`` others (a few twice); the
    # spread of each passage is the documents, other than the pair's partner, whose stretch covers most
    # of it or most of which it covers: counted one stretch at a time here, as the definition reads
    rng = np.random.default_rng(partners)
    pairs = [(0, k) for k in range(1, partners + 1)] + [(0, k) for k in range(1, 4)]
    evidence = []
    for _ in pairs:
        start = int(rng.integers(0, 900))
        evidence.append(_ev((start, start + int(rng.integers(20, 400))), (0, 100)))
    stretches = close_stretches(pairs, evidence)
    expected = []
    for (i, j), ev in zip(pairs, evidence):
        s0, s1 = ev.passages[0].a
        near = {k for a0, a1, k in stretches[i] if k != j and min(a1, s1) - max(a0, s0) > 0.5 * min(a1 - a0, s1 - s0)}
        expected.append(len(near))  # the partners' side adds none: each shares with document 0 only
    assert [e.passages[0].elsewhere for e in with_spread(pairs, evidence, stretches=stretches)] == expected
    assert max(expected) > 1


def test_overlap_and_unique_are_numpys(compiled: bool) -> None:
    """The counts of shared hashes and a document's sorted unique hashes, by the kernel's merge and by one
    sort, equal numpy's intersection and ``np.unique``, on empty, tiny and large arrays of every range."""
    from dedup import evidence

    rng = np.random.default_rng(4)
    for size, span in [(0, 10), (1, 10), (2, 2), (50, 60), (400, 2**64 - 1), (3000, 5000)]:
        for _ in range(20):
            raw = rng.integers(0, span, size=int(rng.integers(0, size + 1)), dtype=np.uint64, endpoint=True)
            other = rng.integers(0, span, size=int(rng.integers(0, size + 1)), dtype=np.uint64, endpoint=True)
            got = evidence._unique(raw)
            assert got.dtype == raw.dtype and got.tolist() == np.unique(raw).tolist()
            x, y = np.unique(raw), np.unique(other)
            assert evidence._overlap(x, y) == len(np.intersect1d(x, y, assume_unique=True))
    assert evidence._overlap(np.array([1, 5, 9], dtype=np.uint64), np.array([5, 9, 12], dtype=np.uint64)) == 2


def test_a_passages_rare_words_are_counted_against_the_documents_rare_words() -> None:
    """``_rare``: how many of a set of words the sorted unique array holds, however the words lie against it
    (below, between, above its values; none; an empty array), as Python's own sets count them."""
    from dedup import evidence

    rng = np.random.default_rng(7)
    for size in (0, 1, 5, 300):
        content = np.unique(rng.integers(10, 2**64 - 10, size=size, dtype=np.uint64))
        pool = content.tolist() + [0, 1, 2**64 - 1] + rng.integers(0, 2**64 - 1, size=20, dtype=np.uint64).tolist()
        for _ in range(30):
            words = {pool[k] for k in rng.integers(0, len(pool), size=int(rng.integers(0, 12)))}
            assert evidence._rare(words, content) == len(words & set(content.tolist()))


def test_a_spans_word_grams_are_those_inside_it() -> None:
    """``_grams_in``: the 5-grams that start in a span and end by its end (a gram that runs past it is left
    out), and ``_span_slice``: the content words that start in it."""
    from dedup import evidence

    (fa,) = _features(STORY)
    starts, ends = fa.gram_starts.tolist(), fa.gram_ends.tolist()
    for k in (0, 3, len(starts) - 6):
        span = (starts[k], ends[k + 5])
        inside = {h for h, s, e in zip(fa.gram_hashes.tolist(), starts, ends) if span[0] <= s < span[1] and e <= span[1]}
        assert evidence._grams_in(fa, span) == inside and len(inside) >= 6
        words = [s for s in fa.content_starts.tolist() if span[0] <= s < span[1]]
        got = evidence._span_slice(fa, span)
        assert fa.content_starts[got].tolist() == words


def test_a_texts_features_in_a_batch_are_its_features_alone() -> None:
    """A batch's texts (a scan's) get the features each gets alone (an index's check: one text, read
    without sorting its tokens out by text), article proper and common words as given."""
    texts = [OTHER, STORY, STORY + " " + OTHER, "Too short."]
    vocab = Vocabulary(np.unique(tokenize_batch(["the company said"]).hashes), np.full(3, 0.5), np.zeros(0, dtype=np.uint64))
    bounds = np.array([[0, len(t)] for t in texts], dtype=np.int64)
    bounds[2, 0] = len(STORY) + 1  # the article proper leaves out its first story
    together = features(tokenize_batch(texts), bounds, vocab=vocab)
    for k, text in enumerate(texts):
        (alone,) = features(tokenize_batch([text]), bounds[k : k + 1], vocab=vocab)
        for name in alone.__dataclass_fields__:
            mine, theirs = getattr(alone, name), getattr(together[k], name)
            assert mine.dtype == theirs.dtype and mine.tolist() == theirs.tolist(), (k, name)
    assert len(together[1].content) < len(features(tokenize_batch([STORY]), bounds[1:2], vocab=Vocabulary.empty())[0].content)


def test_unique_runs_kernel_gives_each_runs_np_unique() -> None:
    """The kernel sorting and thinning each document's run of hashes at once: ``np.unique`` of each run, on
    runs empty, of one value, all equal, sorted, reversed, of few values, of the whole 64-bit range."""
    from dedup import kernels

    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    rng = np.random.default_rng(11)
    runs = [np.zeros(0, dtype=np.uint64), np.array([7], dtype=np.uint64), np.full(40, 2**64 - 1, dtype=np.uint64),
            np.arange(100, dtype=np.uint64), np.arange(300, dtype=np.uint64)[::-1].copy()]
    for size, span in [(17, 3), (33, 2), (200, 10), (1000, 2**64 - 1), (5000, 600), (64, 2**63)]:
        for _ in range(5):
            runs.append(rng.integers(0, span, size=int(rng.integers(0, size + 1)), dtype=np.uint64, endpoint=True))
    runs.append(np.concatenate([np.full(30, 5, dtype=np.uint64), np.arange(30, dtype=np.uint64)]))  # a repeated pivot
    order = rng.permutation(len(runs))
    values = np.concatenate([runs[k] for k in order])
    offsets = np.concatenate([[0], np.cumsum([len(runs[k]) for k in order])]).astype(np.int64)
    out, where = np.empty(len(values), dtype=np.uint64), np.empty(len(offsets), dtype=np.int64)
    count = kernels.KERNELS.unique_runs(values, offsets, out, where)
    assert count == where[-1] == sum(len(np.unique(r)) for r in runs)
    for d, k in enumerate(order):
        assert out[where[d] : where[d + 1]].tolist() == np.unique(runs[k]).tolist()
    with pytest.raises(ValueError, match="offsets"):
        kernels.KERNELS.unique_runs(values, np.array([0, 5, 3, len(values)], dtype=np.int64), out, np.empty(4, dtype=np.int64))
    with pytest.raises(ValueError, match="offsets"):
        kernels.KERNELS.unique_runs(values, np.array([0, len(values) + 1], dtype=np.int64), out, np.empty(2, dtype=np.int64))
    with pytest.raises(ValueError):
        kernels.KERNELS.unique_runs(values, offsets, out[:-1], where)


def test_a_batchs_features_are_the_same_with_and_without_the_kernels(compiled: bool) -> None:
    """Every array of every text's features, the batch's distinct n-grams, rare words and facts read by the
    kernel or one text at a time by numpy: texts empty, without rare words or facts, repeated, long."""
    texts = [STORY, OTHER, "", "Too short.", STORY + " " + STORY, "the the the the the the the", OTHER * 12,
             "Acme 10 cts April 1 March 15 12.5 mln " * 20, "Совет директоров объявил дивиденд 10 центов."]
    vocab = Vocabulary(np.unique(tokenize_batch(["the company said of a"]).hashes), np.full(5, 0.5), np.zeros(0, dtype=np.uint64))
    bounds = np.array([[0, len(t)] for t in texts], dtype=np.int64)
    bounds[4, 0] = len(STORY) // 2
    got = features(tokenize_batch(texts), bounds, vocab=vocab)
    for k, text in enumerate(texts):
        (alone,) = features(tokenize_batch([text]), bounds[k : k + 1], vocab=vocab)  # one text: numpy's way
        for name in alone.__dataclass_fields__:
            mine, theirs = getattr(alone, name), getattr(got[k], name)
            assert mine.dtype == theirs.dtype and mine.tolist() == theirs.tolist(), (k, name)
    assert len(got[6].grams) < len(got[6].gram_hashes) and len(got[0].grams) > 0


def _random_features(rng: np.random.Generator, n: int, alphabet: int, grams: int) -> object:
    """Features of a made-up text: ``n`` content words drawn from ``alphabet`` hashes (names and figures
    flagged place by place, so that one word can be a name in one place and not in another), and its
    5-grams drawn from ``grams`` hashes, at increasing offsets."""
    from dedup.evidence import Features

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
    """``_measures`` (the compiled ``passage_measures`` where built) gives each group's trimmed spans,
    similarity, verbatim, names, ordinary words, figures, rare words and words on each side exactly as the
    Python sets do, on made-up texts with repeated words (small alphabets) and spans of every kind: empty,
    past either end, sharing nothing, all of both texts."""
    from dedup import evidence

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
            got = evidence._measures(fa, fb, groups, similarity)
            want = evidence._passage_measures_py(fa, fb, groups, similarity)
            assert got == want and [type(v) for row in got for v in row] == [type(v) for row in want for v in row]
            checked += len(groups)
            kept += len(want)
    assert kept > 100 and checked - kept > 100  # passages kept and groups left out, both ways


def test_score_pair_counts_the_same_passages_with_and_without_the_kernel(compiled: bool) -> None:
    """A whole pair scored with its windows: the same evidence either way, ``copied_words`` the fewer
    distinct content words of each copied passage's two sides."""
    a, b = OTHER + " " + STORY, STORY + " " + OTHER.replace("sunny", "bright")
    fa, fb = _features(a, b)
    windows = [((a.index("Acme"), len(a)), (0, len(STORY))), ((0, 60), (len(STORY), len(b))), ((5, 90), (len(STORY) + 9, len(b)))]
    ev = score_pair(fa, fb, windows=windows, len_a=len(a), len_b=len(b))
    assert len(ev.passages) == 2
    words = [len(set(f.content_tokens[(f.content_starts >= s0) & (f.content_starts < s1)].tolist()))
             for p in ev.passages for f, (s0, s1) in ((fa, p.a), (fb, p.b))]
    assert ev.copied_words == min(words[0], words[1]) + min(words[2], words[3])


def test_the_passage_kernel_refuses_features_it_cannot_read() -> None:
    """``passage_measures`` on arrays of the wrong size or kind raises, and ``_measures`` takes the Python
    way for arrays that are not contiguous (the same answer)."""
    import dataclasses

    from dedup import evidence, kernels

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
    assert evidence._measures(strided, fb, groups, 0.3) == evidence._passage_measures_py(fa, fb, groups, 0.3) != []


def test_a_passage_found_elsewhere_is_a_copy_with_that_count() -> None:
    """``found_elsewhere`` and ``with_passages`` give what ``dataclasses.replace`` gives, every field carried
    over, the original untouched."""
    from dataclasses import fields, replace

    passage = SharedPassage((1, 9), (3, 11), 0.7, 0.4, 0.9, 12, 0.5, elsewhere=2, rare=5)
    moved = passage.found_elsewhere(7)
    assert moved == replace(passage, elsewhere=7) and passage.elsewhere == 2 and type(moved) is SharedPassage
    assert [getattr(moved, f.name) for f in fields(moved)] == [(1, 9), (3, 11), 0.7, 0.4, 0.9, 12, 0.5, 7, 5]
    ev = _ev((100, 300), (0, 200))
    again = ev.with_passages((moved,))
    assert again == replace(ev, passages=(moved,)) and ev.passages != again.passages and hash(moved) == hash(replace(passage, elsewhere=7))


# A source and its rewrite: the rewrite restarts and reorders the sentences, so other words open them.
WIRE = ("Ministers from more than twenty nations were told by New Zealand that the talks in Taupo would be the last "
        "this century. Trade minister Mike Moore opened the meeting on Sunday.")
REWRITE = ("Mike Moore, the trade minister of New Zealand, opened the meeting in Taupo on Sunday. Delegates from more "
           "than twenty nations heard that the talks would be the last this century.")


def _hash(word: str) -> int:
    return int(tokenize_batch([word]).hashes[0])


def test_a_capital_opening_a_sentence_is_no_name_of_the_whole_text() -> None:
    """"Ministers" and "Delegates" open sentences: neither is a name of its text, and a rewrite that opens
    its sentences with other words keeps all the names and figures of its source."""
    fa, fb = _features(WIRE, REWRITE)
    assert _hash("Ministers") not in fa.facts.tolist() and _hash("Delegates") not in fb.facts.tolist()
    assert {_hash(w) for w in ("Taupo", "Moore", "Zealand")} <= set(fa.facts.tolist())
    assert score_pair(fa, fb, len_a=len(WIRE), len_b=len(REWRITE)).fact_agreement == 1.0


def test_a_word_capitalised_inside_a_sentence_is_a_name_wherever_it_stands() -> None:
    """A name that opens one sentence and stands inside another is a name; one that only opens sentences
    is none. A word is asked of its own text only, in a batch too."""
    inside = "Moore spoke first. The minister, Mike Moore, said talks would go on."
    opening = "Moore spoke first. Talks would go on, the minister said."
    for fi, fo in [_features(inside, opening), _features(opening, inside)[::-1]]:
        assert _hash("Moore") in fi.facts.tolist() and _hash("Moore") not in fo.facts.tolist()
        assert _hash("Talks") not in fo.facts.tolist()
        # the other text finds the name wherever it writes it
        assert _hash("Moore") in fo.capitals.tolist()


def test_names_a_text_has_only_at_sentence_starts_are_found_by_the_other() -> None:
    """A name the shorter text has inside a sentence counts as found where the other opens a sentence with it."""
    a = "Officials said Acme Corp would pay 10 cts a share."
    b = "Acme Corp would pay a dividend of 10 cts a share, officials said on Monday in a statement to holders."
    fa, fb = _features(a, b)
    assert _hash("Acme") not in fb.facts.tolist()
    assert score_pair(fa, fb, len_a=len(a), len_b=len(b)).fact_agreement == 1.0


def test_other_names_still_disagree() -> None:
    """A template story with another company and other figures: its names and figures are not found."""
    a = "The board of Acme Corp declared a dividend of 10 cts a share, payable to holders of Acme stock."
    b = "The board of Zenith Inc declared a dividend of 25 cts a share, payable to holders of Zenith stock."
    fa, fb = _features(a, b)
    assert score_pair(fa, fb, len_a=len(a), len_b=len(b)).fact_agreement == 0.0
    fa, fb = _features("", "")
    assert score_pair(fa, fb).fact_agreement == 1.0  # nothing to disagree on


def test_fact_agreement_is_the_same_whichever_text_comes_first() -> None:
    # Both texts have three names and figures; all of the first's are in the second (Boston opens a sentence
    # there), two of the second's in the first (no Denver). The text given first was taken as the one with
    # fewer: 1.0 one way, 0.67 the other, and one pair was judged twice (compare a b, compare b a, an index
    # checking either against the other).
    a = ("The board of Acme met in Boston on Monday and said the dividend would be 10 cts a share, payable to "
         "holders of record.")
    b = "Directors of Acme gathered on Monday in Denver and set a dividend of 10 cts a share. Boston analysts had expected it."
    fa, fb = _features(a, b)
    assert len(fa.facts) == len(fb.facts) == 3
    one_way = score_pair(fa, fb, len_a=len(a), len_b=len(b)).fact_agreement
    assert one_way == score_pair(fb, fa, len_a=len(b), len_b=len(a)).fact_agreement == pytest.approx(5 / 6)


def test_a_pairs_passages_are_the_same_whichever_text_comes_first() -> None:
    # Four colliding windows that a greedy pass merged into two passages read one way and three the other
    # (a window joined the first passage it met; two passages grown into each other stayed apart): they are
    # one passage either way now.
    text = " ".join(f"word{k} Name{k} {k}" for k in range(60))
    fa, fb = _features(text, text)
    windows = [((0, 100), (0, 100)), ((200, 300), (200, 300)), ((250, 350), (50, 150)), ((80, 220), (120, 220))]
    ev = score_pair(fa, fb, windows=windows, len_a=len(text), len_b=len(text))
    turned = score_pair(fb, fa, windows=[(w_b, w_a) for w_a, w_b in windows], len_a=len(text), len_b=len(text))
    assert ev.passages == turned.flipped().passages
    assert len(ev.passages) == 1


def test_window_pairs_chained_first_merge_into_the_passages_merged_one_by_one() -> None:
    """:func:`dedup.evidence._chained` joins runs of overlapping windows along each diagonal in numpy before
    :func:`dedup.evidence._merged`: the same passages as the windows merged one by one, for windows of
    every shape, repeats among them, and for the diagonals of a text that repeats itself."""
    from dedup.evidence import _chained, _merged

    rng = random.Random(52)
    for _ in range(1500):
        length = rng.choice([20, 60, 300])
        windows = []
        for _ in range(rng.randint(0, 40)):
            a0, b0 = rng.randint(0, length), rng.randint(0, length)
            windows.append(((a0, a0 + rng.randint(0, 12)), (b0, b0 + rng.randint(0, 12))))
        windows += windows[: rng.randint(0, 3)]
        one_by_one = _merged([[a0, a1, b0, b1] for (a0, a1), (b0, b1) in sorted(set(windows))])
        assert _merged(_chained(np.array(windows, dtype=np.int64).reshape(-1, 4))) == one_by_one
    # a story of 100 words pasted 5 times in each text: windows of 24 words every 8, all against all
    starts = range(0, 476, 8)
    repeated = [((a, a + 24), (b, b + 24)) for a in starts for b in starts if (a - b) % 100 in (0, 4, 96)]
    chained = _chained(np.array(repeated, dtype=np.int64).reshape(-1, 4))
    assert len(chained) < len(set(repeated))
    assert _merged(chained) == _merged([[a0, a1, b0, b1] for (a0, a1), (b0, b1) in sorted(set(repeated))])
