"""dedup.features: a pair's feature vector, the bounds of its alignment's features, the text memo, what it reads
of a text, sizes and agreement where evidence is located."""

from __future__ import annotations

import contextlib
import math
import random

import numpy as np
import pytest

from _verdict_pairs import CEILING_PAIRS, LONGER, STORY, _aligned, _features
from dedup.features import FEATURES, TRACED, aligned_corners, aligned_ranges, pair_features
from dedup.verify import score_pair


def test_features_do_not_depend_on_which_text_comes_first() -> None:
    fa, fb = _features(STORY, LONGER)
    forward = pair_features(score_pair(fa, fb, len_a=len(STORY), len_b=len(LONGER)), fa, fb, texts=(STORY, LONGER))
    backward = pair_features(score_pair(fb, fa, len_a=len(LONGER), len_b=len(STORY)), fb, fa, texts=(LONGER, STORY))
    assert forward.shape == (len(FEATURES),)
    np.testing.assert_allclose(forward, backward)


def test_figures_are_read_as_written() -> None:
    # the word tokens split "6-1/4" into single digits; a form filled in again differs only there
    other_day = STORY.replace("10 cts", "11 cts").replace("12.5 mln", "13.1 mln")
    fa, fb = _features(STORY, other_day)
    x = pair_features(score_pair(fa, fb), fa, fb, texts=(STORY, other_day))
    same = pair_features(score_pair(fa, fa), fa, fa, texts=(STORY, STORY))
    k = FEATURES.index("figure_jaccard")
    assert same[k] == 1.0 and x[k] < 1.0
    assert x[FEATURES.index("figures_apart_log")] > 0


def test_the_share_of_figures_apart_tells_a_form_from_a_correction() -> None:
    share = FEATURES.index("figures_apart_share")
    text = "Net 12.5 mln vs 10.1 mln, revenue 80.5 mln vs 82.6 mln, shares 1,250 vs 1,100. "
    form = "Net 13.5 mln vs 11.1 mln, revenue 81.5 mln vs 83.6 mln, shares 1,260 vs 1,200. "
    correction = text.replace("80.5", "81.5")
    fa, fb = _features(STORY + text, STORY + form)
    _, fc = _features(STORY + text, STORY + correction)
    x_form = pair_features(score_pair(fa, fb), fa, fb, texts=(STORY + text, STORY + form))
    x_corr = pair_features(score_pair(fa, fc), fa, fc, texts=(STORY + text, STORY + correction))
    x_same = pair_features(score_pair(fa, fa), fa, fa, texts=(STORY + text, STORY + text))
    assert x_same[share] == 0.0 < x_corr[share] < 0.5 < x_form[share]
    # one figure or none on a side: too little to tell, the share says nothing
    one = pair_features(score_pair(fa, fa), fa, fa, texts=("rose 12 pct", "rose 15 pct"))
    assert one[share] == 0.0


def test_only_the_aligned_features_change_with_an_alignment_and_stay_in_their_ranges() -> None:
    # the ceiling moves only the features aligned_ranges names: one read from the alignment and not
    # listed there would let it prune a pair that its alignment would report
    changed = set()
    for a, b in CEILING_PAIRS:
        without, aligned, sentences, alignment = _aligned(a, b)
        ranges = aligned_ranges(sentences)
        for k, name in enumerate(FEATURES):
            if without[k] != aligned[k]:
                changed.add(name)
                # or one an alignment only lowers, which the ceiling takes at its value or at 0
                assert name in ranges or (name in TRACED and 0.0 <= aligned[k] < without[k]), name
            if name in ranges:
                assert ranges[name][0] <= aligned[k] <= ranges[name][1], (name, aligned[k])
        assert len([lk for lk in alignment.links if not lk.placed]) <= sentences
    assert {"aligned", "cover_verbatim", "links_log", "run_links_log"} <= changed  # the pairs are aligned


def test_a_vector_given_its_alignment_is_the_one_computed_with_it_to_the_last_bit() -> None:
    from dedup.features import with_alignment
    from dedup.verify import link_facts

    for a, b in CEILING_PAIRS:
        without, aligned, _, alignment = _aligned(a, b)
        fa, fb = _features(a, b)
        given = with_alignment(without, alignment, link_facts(fa, fb, alignment, "a"))
        assert given.tobytes() == aligned.tobytes()
        assert with_alignment(without, None).tobytes() == without.tobytes()  # no alignment: as computed without
        assert not np.shares_memory(given, without)


def test_the_aligned_features_keep_the_ties_the_ceiling_counts_on() -> None:
    # the ceiling takes each group of aligned features at one corner of what they can be together: an
    # alignment whose features broke a tie (shares by kind adding up to more than the share from the
    # source, two verdicts, a run longer than the links) could be reported over a ceiling under the bar
    col = {name: FEATURES.index(name) for name in FEATURES}
    for a, b in CEILING_PAIRS:
        _, x, sentences, _ = _aligned(a, b)
        kinds = x[col["cover_verbatim"]] + x[col["cover_edited"]] + x[col["cover_paraphrase"]]
        assert kinds == pytest.approx(x[col["derived_from_source"]], abs=1e-12)
        assert x[col["aligned_with_facts"]] == pytest.approx(x[col["derived_from_source"]] * x[col["link_facts"]])
        assert x[col["wholly_derived"]] + x[col["partially_derived"]] <= 1.0
        assert x[col["run_links_log"]] <= x[col["links_log"]]
        assert max(x[col["link_score_mean"]], x[col["run_score"]]) <= x[col["link_score_max"]]
        for columns, corners in aligned_corners(sentences):  # every group's values inside its corners' box
            assert (corners.min(axis=0) <= x[columns]).all() and (x[columns] <= corners.max(axis=0)).all()


def test_a_text_memo_gives_the_features_of_the_caches_and_is_forgotten_after() -> None:
    # a scan's chunk reads each text's figures and form sentences once inside the memo; the features are
    # the same as read through the bounded caches, and nothing stays behind once the block ends
    import dedup.features

    pairs = [_aligned(a, b)[:2] for a, b in CEILING_PAIRS]
    texts = [t for pair in CEILING_PAIRS for t in pair]
    with dedup.features.text_memo():
        with dedup.features.text_memo():  # a block inside another shares its memo
            inner = [pair_features(*_args(a, b)) for a, b in CEILING_PAIRS]
        assert dedup.features._memo is not None and set(dedup.features._memo) == set(texts)
    assert dedup.features._memo is None
    outside = [pair_features(*_args(a, b)) for a, b in CEILING_PAIRS]
    assert all(np.array_equal(x, y) for x, y in zip(inner, outside))
    assert all(np.array_equal(x, without) for x, (without, _) in zip(outside, pairs))


def _args(a: str, b: str):  # type: ignore[no-untyped-def]
    """``pair_features``' arguments for a pair without an alignment."""
    fa, fb = _features(a, b)
    return score_pair(fa, fb, len_a=len(a), len_b=len(b)), fa, fb, None, 0.0, (a, b)


#: Texts with and without numbers and quotation marks of every kind, for what the features read of a text.
READ_TEXTS = {
    "plain": "The board met on Tuesday. It made no decision and will meet again next week.",
    "no-digits-quoted": 'He said "we will not sell" and left.\n\nShe called it \u2018a fair offer\u2019 today.',
    "figures": "Profit rose to 12.5 mln dlrs from 9.8 mln. Sales were 1,250 mln dlrs in 1987.\nShr 1.20 vs 90 cts",
    "form": "The Bank of England bought 120 mln stg of bills. It bought 45 mln in band 1 at 9-7/8 pct.",
    "marks": "\u00abIl pleut\u00bb, dit-il. \u201eJa\u201c sagte er 3 mal. \u201cFine,\u201d 4 of them said. "
             "\u300c\u306f\u3044\u300d \u2039ok\u203a",
    "open-paragraph": '"This runs on\ninto the next line\n\nNew paragraph with 22 words or so here.',
    "digits-only-in-short": "Up 5. Down 12 now. Then the market closed at 1,234.56 points on the day.",
}


@pytest.mark.parametrize("text", READ_TEXTS.values(), ids=READ_TEXTS.keys())
def test_what_the_features_read_of_a_text_is_read_in_full_wherever_it_is_skipped(text: str) -> None:
    import re

    import dedup.features
    import dedup.figure_sets
    from dedup.facts import quotation_spans
    from dedup.quotations import may_quote

    def slot_sentences(text: str) -> dict[str, frozenset[str]]:  # every sentence split into words
        out: dict[str, set[str]] = {}
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
            words = sentence.split()
            raw = " ".join(words)
            if len(words) >= 4 and re.search(r"\d[\d.,:/-]*", raw):
                out.setdefault(re.sub(r"\d[\d.,:/-]*", "#", raw.lower()), set()).add(raw)
        return {key: frozenset(raws) for key, raws in out.items()}

    expected = (dedup.figure_sets._figure_set(text), slot_sentences(text), quotation_spans.__wrapped__(text))
    for memo in (True, False):
        with dedup.features.text_memo() if memo else contextlib.nullcontext():
            figures, slots, quotes = dedup.features._read_text(text)
        assert (figures, slots) == expected[:2]
        assert quotes.dtype == expected[2].dtype and quotes.tolist() == expected[2].tolist()
    assert may_quote(text) or not len(expected[2])  # skipped only where there is none


def test_a_dense_script_counts_its_character_pairs_as_words() -> None:
    """The size features count words: a Thai text's content tokens are character pairs, about four to a
    word, and a Chinese or Japanese one's about 1.5; a token of another script is a word, as every token of
    a text written with spaces is."""
    from types import SimpleNamespace

    from dedup.features import _content_words

    def counted(text: str, starts: list[int]) -> float:
        return _content_words(SimpleNamespace(content_tokens=np.zeros(len(starts)),
                                              content_starts=np.array(starts)), text)

    thai = "ธนาคารแห่งประเทศไทย"  # 19 characters, 18 pairs
    assert counted(thai, list(range(18))) == pytest.approx(18 / 4)
    chinese = "中国人民银行宣布"  # 8 characters, 7 pairs
    assert counted(chinese, list(range(7))) == pytest.approx(7 / 1.5)
    mixed = "SK하이닉스 中国银行 HBM"  # Latin and Hangul words are words; the Han pairs are not
    assert counted(mixed, [0, 2, 7, 8, 9, 12]) == pytest.approx(3 + 3 / 1.5)
    english = "The central bank kept its key rate"
    assert counted(english, [4, 12, 17, 22, 30]) == 5.0


def test_length_and_agreement_count_only_where_evidence_is_located() -> None:
    # length and whole-text agreement weigh for reuse in a linear verdict wherever they are; located, they
    # count only with a shared passage or text the alignment traces (a salad of an article's words: long,
    # every name and figure the article's, no passage, nothing aligned)
    col = {name: FEATURES.index(name) for name in FEATURES}
    salad = " ".join(random.Random(5).choice(STORY.split()) for _ in range(600))
    for a, b in CEILING_PAIRS + [(STORY, salad)]:
        without, x, _, _ = _aligned(a, b)
        located = x[col["passages_log"]] > 0 or max(x[col["derived_from_source"]], x[col["source_used"]]) > 0
        assert x[col["length_located"]] == (x[col["words_short_log"]] if located else 0.0)
        assert x[col["facts_located"]] == (x[col["fact_agreement"]] if located else 0.0)
        # not aligned: as they are (nothing said yet)
        assert without[col["length_located"]] == without[col["words_short_log"]]
        assert without[col["facts_located"]] == without[col["fact_agreement"]]
    # aligned with no passage and nothing traced: nothing located; a passage, or any text traced: as they are
    from dedup.features import _located

    nothing = [1.0] + [0.0] * 15
    assert _located(nothing, 0.0, 6.0, 1.0) == [0.0, 0.0]
    assert _located(nothing, math.log1p(1), 6.0, 1.0) == [6.0, 1.0]
    assert _located([1.0, 0.0, 0.0, 0.0, 0.01] + [0.0] * 11, 0.0, 6.0, 1.0) == [6.0, 1.0]
    _, x, _, _ = _aligned(STORY, LONGER)
    assert x[col["length_located"]] == x[col["words_short_log"]] > 0.0  # a copy: located
