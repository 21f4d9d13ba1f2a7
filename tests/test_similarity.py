"""Tests for dedup.similarity: the sentence score and the guards that keep names and numbers from linking."""

from __future__ import annotations

import numpy as np
import pytest

from dedup.sentences import split_sentences
from dedup.similarity import common_columns, score_pairs, sentence_idf, vectorize_pair
from dedup.words import tokens

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


def _scores_in(language: str | None, a: str, b: str):  # type: ignore[no-untyped-def]
    va, vb = common_columns(*vectorize_pair(a, b, (language, language)))
    return score_pairs(va.features, vb.features, min_shared_content=3)


@pytest.mark.parametrize(
    ("language", "a", "b"),
    [("pl", "Stopy procentowe pozostawiła bez zmian w środę Rada, informując o decyzji po posiedzeniu.",
      "Po środowym posiedzeniu decyzję Rady o pozostawieniu stóp procentowych bez zmian ogłoszono w komunikacie."),
     ("ru", "Ключевую ставку в пятницу сохранил Центробанк, сообщила пресс-служба регулятора.",
      "Пресс-служба регулятора сообщила, что в пятницу Центробанком сохранена ключевая ставка.")],
    ids=["polish-rada-rady", "russian-nominative-instrumental"],
)
def test_one_name_in_two_cases_is_no_entity_conflict(language: str, a: str, b: str) -> None:
    scores = _scores_in(language, a, b)
    assert not scores.entity_conflict[0, 0] and scores.linkable[0, 0]


@pytest.mark.parametrize(
    ("language", "a", "b"),
    [("ru", "Ключевую ставку в пятницу сохранил Путин, сообщила пресс-служба регулятора.",
      "Пресс-служба регулятора сообщила, что в пятницу Путилов сохранил ключевую ставку."),
     (None, "Shares of Calders fell sharply after the profit warning from the retailer.",
      "Shares of Calder fell sharply after the profit warning from the retailer.")],
    ids=["russian-names-the-stemmer-keeps-apart", "english-names-are-not-stemmed"],
)
def test_other_names_stay_an_entity_conflict(language: str | None, a: str, b: str) -> None:
    # English compares its names as written (its crude stemmer would make "Calders" "Calder")
    assert _scores_in(language, a, b).entity_conflict[0, 0]


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


def test_vectors_of_some_rows_equal_those_rows_of_the_whole_document() -> None:
    from dedup.similarity import keep_rows, vectorize, vectorize_rows

    text = ("Anna Kovac said 4,200 people were moved. The river rose overnight. Rail services were suspended. "
            "Forecasters expect the rain to ease. Kovac thanked the volunteers.")
    sentences = tuple(split_sentences(text))
    idf, _ = sentence_idf([text])

    def weights(ids: np.ndarray) -> np.ndarray:
        return idf[ids]

    whole = vectorize(sentences, weights)
    rows = [1, 4]  # "Kovac" in row 4 is a name because the whole document capitalises it mid-sentence
    some, kept = vectorize_rows(sentences, rows, weights), keep_rows(whole, rows)
    for part in (some, kept):
        a, b = common_columns(part, whole)
        for ma, mb in zip(a.features._matrices(), b.features._matrices()):
            assert (ma[rows] != mb[rows]).nnz == 0  # the kept rows: as in the whole document
            assert ma[[0, 2, 3]].nnz == 0  # the others: empty, they never link
        assert part.sentences == whole.sentences
    assert some.entities == kept.entities and kept.entities < whole.entities
    assert vectorize_rows(sentences, [], weights).features.words.nnz == 0
