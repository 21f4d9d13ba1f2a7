"""Hashed sentence features (dedup.hashing): the columns scikit-learn's FeatureHasher gives, each distinct
string hashed once."""

from __future__ import annotations

from dedup.hashing import _char_ngrams, binary, char_matrix, hash_bags, hash_sentences, sentence_bags, string_ids
from dedup.sentences import split_sentences


def test_char_ngram_columns_are_the_hashers() -> None:
    sentences = split_sentences("Café owners in Zürich said on Monday that prices rose. Prices rose again, they said.")
    expected = hash_bags([_char_ngrams(s.text) for s in sentences])
    assert (char_matrix(sentences) != expected).nnz == 0 and expected.nnz > 0


def test_hashed_words_are_the_hashers() -> None:
    """Words, content stems, names and numbers are hashed into the columns scikit-learn's hasher gives
    the strings of :func:`sentence_bags` (each distinct string hashed once, not per call)."""
    sentences = split_sentences("Anna Kovac said 4,200 people in Zürich were moved. Kovac said the rain eased.")
    hashed = hash_sentences(sentences)
    bags = sentence_bags(sentences)
    matrices = (hashed.words, hashed.content, hashed.entities, hashed.numbers)
    for k, (bag, matrix) in enumerate(zip(bags, matrices)):
        expected = hash_bags(bag) if k == 0 else binary(hash_bags(bag))
        assert (matrix != expected).nnz == 0 and expected.nnz > 0
    assert string_ids(["kovac"]) == [int(hash_bags([["kovac"]]).indices[0])]
