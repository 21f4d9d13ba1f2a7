"""Pairs and helpers the verdict's tests share (tests/test_confidence.py, test_features.py, test_figure_sets.py,
test_refilled.py, test_renamed.py): a story, its rewrite, a form filled in on two days; a pair's features with
and without its alignment."""

from __future__ import annotations

import numpy as np

from dedup.vocabulary import Vocabulary
from dedup.features import FEATURES, pair_features
from dedup.shingles import tokenize_batch
from dedup.verify import features, score_pair


STORY = (
    "Acme Corp said its board declared a quarterly dividend of 10 cts a share, payable April 1 to holders "
    "of record March 15. The company also said net profit rose to 12.5 mln dlrs in the first quarter."
)
LONGER = STORY + " Acme, based in Denver, makes valves and pumps for the oil industry and employs 1,200 people."


def _features(a: str, b: str):  # type: ignore[no-untyped-def]
    batch = tokenize_batch([a, b])
    fa, fb = features(batch, np.array([[0, len(a)], [0, len(b)]]), vocab=Vocabulary.empty())
    return fa, fb


#: Pairs aligned to test the ceiling: a copy with a sentence added, a rewrite of figures, unrelated texts.
REWRITE = ("The board of Acme Corp declared a quarterly dividend of 10 cts a share on Tuesday. It is payable "
           "April 1 to holders of record March 15. First-quarter net profit rose to 12.5 mln dlrs, Acme said.")
OTHER = ("Heavy rain flooded roads across the north of the country on Monday, and the weather service warned "
         "of more storms. Schools closed in three towns. Rivers rose to their highest level in a decade.")
CEILING_PAIRS = [(STORY, LONGER), (STORY, REWRITE), (LONGER, REWRITE), (STORY, OTHER)]


def _aligned(a: str, b: str):  # type: ignore[no-untyped-def]
    """The pair's features without an alignment, with its alignment, and its most sentences."""
    from dedup.documents import Document
    from dedup.sentences import split_sentences
    from dedup.verify import align_pair, link_facts

    fa, fb = _features(a, b)
    ev = score_pair(fa, fb, len_a=len(a), len_b=len(b))
    alignment = align_pair(Document("a", a), Document("b", b))
    facts = link_facts(fa, fb, alignment, "a")
    sentences = max(len(split_sentences(a)), len(split_sentences(b)))
    return (pair_features(ev, fa, fb, None, 0.0, (a, b)), pair_features(ev, fa, fb, alignment, facts, (a, b)),
            sentences, alignment)


#: A money-market form filled in on two days: every sentence linked, each with a figure changed (the
#: dateline's day, an amount) beside those that stayed.
FORM_DAY_1 = ("LONDON, March 17 - The Bank of England said it forecast a shortage of around 450 mln stg in the "
              "money market today. Bills maturing in official hands will drain some 650 mln stg while a rise in "
              "note circulation will take out around 50 mln stg. Exchequer transactions and bankers balances "
              "above target will add some 200 mln stg and 40 mln stg to the system.")
FORM_DAY_2 = (FORM_DAY_1.replace("March 17", "March 19").replace("around 450 mln", "around 400 mln")
              .replace("around 50 mln", "around 30 mln")
              .replace("40 mln", "35 mln"))


def _refilled(a: str, b: str) -> float:
    _, x, _, alignment = _aligned(a, b)
    assert [lk for lk in alignment.links if not lk.placed]  # the sentences link: the share is read from them
    return float(x[FEATURES.index("links_refilled")])


def _texts_of_every_kind(seed: int, n: int) -> list[str]:
    """Figures, sentence ends and spaces of every kind, packed close together, and plain wire copy."""
    import random

    rng = random.Random(seed)
    pieces = ["6-1/4", "2.5", "1,250", "1987", "7", "a1", "12:45", "x", "Shr", " ", "  ", "\n", "\n\n", "\t", "\xa0",
              ".", "!", "?", ". ", ".\n", "-", "/", ",", "U.S.", "٣٥", "１２", "pct", "mln"]
    return ["", "5", "Shr 12 cts vs 10 cts.\n    Net 1.2 mln vs 1.0 mln. Revs 5.1 mln?\nUp 6-1/4 to 98.734."] + [
        "".join(rng.choice(pieces) for _ in range(rng.randint(1, 60))) for _ in range(n)]
