from __future__ import annotations

import numpy as np

from dedup.candidates import Vocabulary
from dedup.evidence import Evidence, SharedPassage, features, score_pair, with_spread
from dedup.shingles import tokenize_batch

STORY = (
    "Acme Corp said its board declared a quarterly dividend of 10 cts a share, payable April 1 to holders "
    "of record March 15. The company also said net profit rose to 12.5 mln dlrs in the first quarter."
)
TEMPLATE = (
    "Beta Industries said its board declared a quarterly dividend of 22 cts a share, payable May 4 to holders "
    "of record April 20. The company also said net profit rose to 3.1 mln dlrs in the first quarter."
)
# a prospectus line, reworded: the same fifteen words, none of them rare where every notice says them
PROSPECTUS = ("Proceeds from the offering will be used to repay bank debt, fund working capital and for general "
              "corporate purposes, the company said, adding that underwriters led by its investment bankers would "
              "sell the shares.")
PROSPECTUS_REWORDED = ("The company said it would use proceeds of the offering for general corporate purposes, "
                       "working capital and to repay bank debt; its investment bankers would lead underwriters "
                       "selling the shares.")


def evidence(a: str, b: str) -> Evidence:
    batch = tokenize_batch([a, b])
    fa, fb = features(batch, np.array([[0, len(a)], [0, len(b)]]), vocab=Vocabulary.empty())
    return score_pair(fa, fb, len_a=len(a), len_b=len(b))


def test_identical_texts() -> None:
    ev = evidence(STORY, STORY)
    assert ev.jaccard == 1.0 and ev.a_in_b == 1.0 and ev.fact_agreement == 1.0


def test_template_with_other_names_and_figures_shares_words_not_facts() -> None:
    ev = evidence(STORY, TEMPLATE)
    assert ev.fact_agreement < 0.6 and ev.content_jaccard > 0.3


def test_prefix_is_contained() -> None:
    long = STORY + " " + " ".join(f"Separate paragraph number {i} about other matters entirely." for i in range(12))
    ev = evidence(STORY, long)
    assert ev.a_in_b == 1.0 and ev.b_in_a < 0.5


def test_shared_words_rare_in_the_corpus_are_counted() -> None:
    a, b = PROSPECTUS, PROSPECTUS_REWORDED
    batch = tokenize_batch([a, b])
    everyday = np.unique(batch.hashes)
    for vocab, rare in ((Vocabulary.empty(), 15), (Vocabulary(everyday, np.full(len(everyday), 0.3), everyday[:0]), 0)):
        fa, fb = features(batch, np.array([[0, len(a)], [0, len(b)]]), vocab=vocab)
        ev = score_pair(fa, fb, windows=[((0, len(a)), (0, len(b)))], len_a=len(a), len_b=len(b))
        (passage,) = ev.passages
        assert (passage.wording, passage.rare) == (15, rare)


def test_spread_counts_other_documents_sharing_the_stretch() -> None:
    def ev(a: tuple[int, int], b: tuple[int, int], similarity: float = 0.6) -> Evidence:
        return Evidence(0.01, 0.02, 0.02, 0.1, 0.5, (SharedPassage(a, b, similarity, 0.1, 1.0, 20, 1.0),))

    # document 0's stretch 100-300 turns up in documents 1, 2, 3 and 4 (a form); 5 shares another
    # stretch; 6 shares the first one only loosely, which does not count
    pairs = [(0, 1), (0, 2), (0, 3), (0, 4), (0, 5), (0, 6)]
    found = with_spread(pairs, [ev((100, 300), (0, 200))] * 4 + [ev((900, 1100), (0, 200)), ev((100, 300), (0, 200), 0.35)])
    assert [e.passages[0].elsewhere for e in found] == [3, 3, 3, 3, 0, 4]
    # with the form in only one other document, the pair is reuse
    assert [e.passages[0].elsewhere for e in with_spread(pairs[:2], [ev((100, 300), (0, 200))] * 2)] == [1, 1]
