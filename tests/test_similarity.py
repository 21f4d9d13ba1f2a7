"""Tests for dedup.similarity: the sentence score and the guards that keep names and numbers from linking."""

from __future__ import annotations

import numpy as np
import pytest

from dedup.sentences import split_sentences
from dedup.similarity import common_columns, score_pairs, sentence_idf, tokens, vectorize_pair

SOURCE = "The central bank raised its key interest rate by half a point to 4.5 percent on Tuesday."


def pair_scores(a: str, b: str):
    va, vb = common_columns(*vectorize_pair(a, b))
    return score_pairs(va.features, vb.features, min_shared_content=3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("The U.S. army", ["the", "u.s", "army"]), ("an 11-day drill", ["an", "11-day", "drill"]),
     ("1,250 troops", ["1,250", "troops"])],
    ids=["abbreviation", "hyphen", "thousands"],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


def test_identical_sentences_score_one() -> None:
    assert pair_scores(SOURCE, SOURCE).score[0, 0] == pytest.approx(1.0)


def test_other_numbers_are_not_linkable() -> None:
    other = "The central bank raised its key interest rate by a quarter point to 3.25 percent on Tuesday."
    assert not pair_scores(SOURCE, other).linkable[0, 0]


def test_same_numbers_reworded_are_linkable() -> None:
    reworded = "On Tuesday the central bank lifted its key interest rate to 4.5 percent, a rise of half a point."
    assert pair_scores(SOURCE, reworded).linkable[0, 0]


def test_other_company_is_an_entity_conflict() -> None:
    a = "Shares of Norvik Holdings fell sharply after the profit warning."
    b = "Shares of Calder Group fell sharply after the profit warning."
    assert pair_scores(a, b).entity_conflict[0, 0]


def test_shared_names_alone_are_not_linkable() -> None:
    a = "Anna Kovac met Ivo Brandt in Krems on Tuesday."
    b = "Krems welcomed Anna Kovac and Ivo Brandt with music."
    assert not pair_scores(a, b).linkable[0, 0]


def test_scores_lie_between_zero_and_one() -> None:
    scores = pair_scores(SOURCE + " Markets rose.", "Markets fell. " + SOURCE).score
    assert np.all((scores >= 0) & (scores <= 1))


def test_idf_counts_sentences() -> None:
    _, n = sentence_idf(["One sentence here. Another one there.", "A third."])
    assert n == len(split_sentences("One sentence here. Another one there.")) + 1


def test_char_ngram_columns_are_the_hashers() -> None:
    from dedup.similarity import _char_matrix, _char_ngrams, _hash

    sentences = split_sentences("Café owners in Zürich said on Monday that prices rose. Prices rose again, they said.")
    expected = _hash([_char_ngrams(s.text) for s in sentences])
    assert (_char_matrix(sentences) != expected).nnz == 0 and expected.nnz > 0
