"""Evidence: the exact measures of a pair (no verdicts here; those are tested in test_decision.py)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from dedup.evidence import SHARED_RUN, Evidence, SharedPassage, close_stretches, score_pair, shared_runs, with_spread
from dedup.shingles import tokenize_batch

from _evidence_texts import OTHER, STORY, _features


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
    a, b = OTHER + " " + STORY, STORY + " " + OTHER.replace("sunny", "bright").replace("showers", "rain")
    fa, fb = _features(a, b)  # the weather report's words shared in runs shorter than a passage
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
    from dedup.exact_sets import unique_sorted

    rng = np.random.default_rng(4)
    for size, span in [(0, 10), (1, 10), (2, 2), (50, 60), (400, 2**64 - 1), (3000, 5000)]:
        for _ in range(20):
            raw = rng.integers(0, span, size=int(rng.integers(0, size + 1)), dtype=np.uint64, endpoint=True)
            other = rng.integers(0, span, size=int(rng.integers(0, size + 1)), dtype=np.uint64, endpoint=True)
            got = unique_sorted(raw)
            assert got.dtype == raw.dtype and got.tolist() == np.unique(raw).tolist()
            x, y = np.unique(raw), np.unique(other)
            assert evidence._overlap(x, y) == len(np.intersect1d(x, y, assume_unique=True))
    assert evidence._overlap(np.array([1, 5, 9], dtype=np.uint64), np.array([5, 9, 12], dtype=np.uint64)) == 2





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


#: A paragraph of a budget report (41 words) that writes "in the 10 months to" twice.
BUDGET = ("New Zealand's budget deficit in the 10 months to January widened to 4.37 billion dlrs from 3.41 billion "
          "in the 10 months to January 1986, government figures show. Revenue rose to 12.92 billion dlrs from "
          "10.82 billion, while spending climbed to 17.28 billion.")


def test_text_shared_word_for_word_is_a_passage_without_windows() -> None:
    # the passage channel's windows may not collide (their buckets crowded by other documents): a stretch
    # as long as a window held word for word by both texts is located all the same, a repeated 5-gram in it
    a, b = f"{OTHER} {BUDGET}", f"Markets were quiet. {BUDGET} Traders waited for the trade figures."
    fa, fb = _features(a, b)
    ev = score_pair(fa, fb, len_a=len(a), len_b=len(b))
    (passage,) = ev.passages
    assert a[slice(*passage.a)] == b[slice(*passage.b)] and a[slice(*passage.a)].startswith("Zealand's budget")
    assert BUDGET.endswith(a[slice(*passage.a)] + ".")  # trimmed to the words both share, "New" aside
    assert passage.verbatim == 1.0 and passage.facts == 1.0 and ev.copied_words > 0
    turned = score_pair(fb, fa, len_a=len(b), len_b=len(a))
    assert turned.flipped().passages == ev.passages  # the same passage whichever text comes first
    assert shared_runs(fb, fa).tolist() == shared_runs(fa, fb)[:, [2, 3, 0, 1]].tolist()


def test_a_stretch_shorter_than_a_window_is_no_passage_without_windows(compiled: bool) -> None:
    # a passage window's 24 content words: a stretch holding one fewer (a sentence, a template's fixed
    # sentence) is no passage unless the passage channel's windows met on it
    words = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa "
             "quebec romeo sierra tango uniform victor whiskey xray yankee zulu").split()  # every one a content word
    for n, runs in ((SHARED_RUN - 1, 0), (SHARED_RUN, 1)):
        shared = " ".join(words[:n])
        a, b = f"{OTHER} {shared} went on.", f"Markets were quiet. {shared} and stopped."
        fa, fb = _features(a, b)
        assert len(shared_runs(fa, fb)) == runs
        assert len(score_pair(fa, fb, len_a=len(a), len_b=len(b)).passages) == runs
    # stop words between them lengthen a stretch, not its count of content words
    padded = " of the ".join(words[:SHARED_RUN - 1])
    fa, fb = _features(f"{OTHER} {padded} went on.", f"Markets were quiet. {padded} and stopped.")
    assert len(shared_runs(fa, fb)) == 0


def test_text_copied_in_two_places_is_two_runs(compiled: bool) -> None:
    # a copy that moves a paragraph: each stretch on its own diagonal, two runs
    first = BUDGET
    second = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa "
              "quebec romeo sierra tango uniform victor whiskey xray yankee zulu")
    a, b = f"{first} {OTHER} {second}", f"{second} Markets were quiet. {first}"
    fa, fb = _features(a, b)
    runs = shared_runs(fa, fb).tolist()
    assert len(runs) == 2
    assert all(a[a0:a1] == b[b0:b1] and (a[a0:a1] in first or a[a0:a1] in second) for a0, a1, b0, b1 in runs)


def _hashed(values: np.ndarray) -> SimpleNamespace:
    """The 5-gram hashes of a made-up text (``values`` in text order), as ``shared_runs`` reads them."""
    return SimpleNamespace(gram_hashes=values, grams=np.unique(values))


def test_the_compiled_runs_are_the_numpy_runs() -> None:
    """The compiled ``shared_runs`` gives the rows :func:`dedup.evidence._runs_py` gives, in its order, on texts of
    few distinct 5-grams (runs on many diagonals, values repeated up to the limit and past it), of none
    shared and of fewer shared places than a run needs."""
    from dedup import evidence, kernels

    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built (python setup.py build_ext --inplace)")
    rng = np.random.default_rng(7)
    found = 0
    for size, alphabet, span in [(0, 5, 3), (1, 1, 0), (30, 3, 2), (200, 12, 3), (300, 40, 4), (500, 500, 19), (60, 2, 19)]:
        for _ in range(30):
            a = rng.integers(0, alphabet, size=int(rng.integers(0, size + 1)), dtype=np.uint64)
            b = rng.integers(0, alphabet, size=int(rng.integers(0, size + 1)), dtype=np.uint64)
            if len(a) > 40 and rng.random() < 0.5:  # a stretch copied into b, somewhere
                start = int(rng.integers(0, len(a) - 30))
                b = np.concatenate([b[: len(b) // 2], a[start : start + 30], b[len(b) // 2 :]])
            fa, fb = _hashed(a), _hashed(b)
            want = evidence._runs_py(fa, fb, span)
            got = np.frombuffer(kernels.KERNELS.shared_runs(a, b, fa.grams, fb.grams, span, evidence._MOST_PLACES),
                                dtype=np.int64).reshape(-1, 4)
            assert got.tolist() == want.tolist()
            found += len(want)
    assert found > 20


def test_the_compiled_runs_refuse_arrays_of_another_kind() -> None:
    """The kernel given hashes that are not 8-byte values raises instead of reading past them."""
    from dedup import kernels

    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built (python setup.py build_ext --inplace)")
    good, odd = np.arange(10, dtype=np.uint64), np.arange(10, dtype=np.uint32)
    with pytest.raises(ValueError, match="grams_b"):
        kernels.KERNELS.shared_runs(good, good, good, odd, 2, 4)
    with pytest.raises(ValueError, match="a:"):
        kernels.KERNELS.shared_runs(odd, good, good, good, 2, 4)
