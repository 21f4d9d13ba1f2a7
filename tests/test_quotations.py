"""dedup.quotations: shared text weighed outside quotation marks, a 5-gram touching a quotation, a sentence
mostly quoted, a text with no mark that opens a quotation."""

from __future__ import annotations

import numpy as np
import pytest

from _verdict_pairs import _features
from dedup.facts import quotation_spans
from dedup.features import FEATURES, pair_features
from dedup.quotations import NO_QUOTES, may_quote, mostly_quoted, touching, unquoted_shares
from dedup.verify import score_pair


REPORT_A = ("The river burst its banks on Wednesday and about 1,800 people left their homes east of the city, "
            "officials said. Army engineers raised barriers in the old town overnight. \"We have not seen water "
            "rise this fast in a generation and we urge everyone to leave the warning zones now,\" the governor "
            "told reporters. Rail services on the western line were suspended.")
REPORT_B = ("Firefighters in boats carried elderly residents from flooded houses as the river rose. The governor "
            "said at a news conference: \"We have not seen water rise this fast in a generation and we urge "
            "everyone to leave the warning zones now.\" Hospitals postponed operations and schools closed.")


def test_shared_text_is_measured_outside_quotation_marks() -> None:
    containment = FEATURES.index("containment_unquoted")

    def x(a: str, b: str) -> np.ndarray:
        fa, fb = _features(a, b)
        return pair_features(score_pair(fa, fb, len_a=len(a), len_b=len(b)), fa, fb, texts=(a, b))

    assert x(REPORT_A, REPORT_B)[containment] == 0.0  # all they share is quoted in both
    # the same words shared outside quotation marks in one text: all of it counts
    plain = REPORT_B.replace('"', "")
    score = score_pair(*_features(REPORT_A, plain), len_a=len(REPORT_A), len_b=len(plain))
    assert x(REPORT_A, plain)[containment] == max(score.a_in_b, score.b_in_a) > 0.1
    # a copy carrying the quotation with the rest: most of what it shares is outside quotations
    copy = REPORT_A + " Schools stayed closed."
    assert 0.5 < x(REPORT_A, copy)[containment] < 1.0


def test_a_5_gram_touching_a_quotation_counts_as_quoted() -> None:

    text = 'He said "we go now" and left.'
    quotes = quotation_spans(text)  # [8, 19)
    starts, ends = np.array([0, 3, 10, 15, 19, 20]), np.array([7, 9, 18, 25, 28, 28])
    assert touching(quotes, starts, ends).tolist() == [False, True, True, True, False, False]
    assert touching(quotation_spans("no quotation"), starts, ends).tolist() == [False] * 6


def test_the_shares_are_whole_where_either_text_quotes_nothing() -> None:
    fa, fb = _features(REPORT_A, REPORT_B)
    best = max(score_pair(fa, fb).passages, key=lambda p: (p.wording, p.similarity), default=None)
    quotes_a, quotes_b = quotation_spans(REPORT_A), quotation_spans(REPORT_B)
    assert unquoted_shares(fa, fb, quotes_a, NO_QUOTES, best) == (1.0, 1.0)
    assert unquoted_shares(fa, fb, NO_QUOTES, quotes_b, None) == (1.0, 1.0)
    assert unquoted_shares(fa, fb, quotes_a, quotes_b, best)[0] == 0.0  # all they share is quoted in both


@pytest.mark.parametrize("text", ['He said "no".', "He said \u00abnon\u00bb.", "He said \u2018no\u2019.", "He said no."],
                         ids=["straight", "guillemets", "single", "none"])
def test_a_text_without_an_opening_mark_holds_no_quotation(text: str) -> None:
    assert may_quote(text) or not len(quotation_spans(text))
    assert may_quote(text) == (text != "He said no.")
    assert not NO_QUOTES.flags.writeable and NO_QUOTES.shape == (0, 2)


def test_a_sentence_is_quoted_when_half_its_characters_are() -> None:
    quotes = np.array([[10, 20]])
    assert mostly_quoted(quotes, [(0, 20)])  # half
    assert not mostly_quoted(quotes, [(0, 21)])
    assert mostly_quoted(quotes, [(0, 5), (10, 15)])  # spans of a link over two sentences
    assert not mostly_quoted(quotes, []) and not mostly_quoted(NO_QUOTES, [(0, 20)])


def test_a_text_of_many_quotations_weighs_a_link_on_those_near_it_alone() -> None:
    """Past ``_MANY_QUOTES`` quotations a link's spans are weighed on the quotations that may overlap them
    (a long text's links each read every quotation): the same answer as summing over all of them, for spans
    inside, across, between and beside quotations, and at their edges."""
    from dedup import quotations

    rng = np.random.default_rng(66)
    for _ in range(300):
        cuts = np.sort(rng.choice(np.arange(1, 2000), size=2 * int(rng.integers(17, 60)), replace=False))
        quotes = cuts.reshape(-1, 2).astype(np.int64)  # sorted, not overlapping, as quotation_spans gives them
        spans = [(int(lo), int(lo + rng.integers(0, 120))) for lo in rng.integers(0, 2000, int(rng.integers(1, 4)))]
        spans += [(int(quotes[3, 0]), int(quotes[3, 1])), (int(quotes[5, 1]), int(quotes[6, 0]))][: int(rng.integers(0, 3))]
        total = sum(hi - lo for lo, hi in spans)
        inside = sum(max(0, min(hi, q1) - max(lo, q0)) for lo, hi in spans for q0, q1 in quotes.tolist())
        assert len(quotes) > quotations._MANY_QUOTES
        assert mostly_quoted(quotes, spans) == (bool(total) and inside >= quotations.QUOTED_SENTENCE * total)
