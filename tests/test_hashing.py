"""Hashed sentence features (dedup.hashing): the columns scikit-learn's FeatureHasher gives, each distinct
string hashed once."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
from sklearn.feature_extraction import FeatureHasher
from sklearn.utils import murmurhash3_32

from dedup import hashing, kernels
from dedup.hashing import (N_FEATURES, _char_ngrams, binary, char_matrix, hash_bags, hash_sentences, sentence_bags,
                           string_ids)
from dedup.sentences import split_sentences

_SKLEARN = FeatureHasher(n_features=N_FEATURES, input_type="string", alternate_sign=False)


def _hashers(bags: list[list[str]]):  # type: ignore[no-untyped-def]
    matrix = _SKLEARN.transform(bags).tocsr()
    matrix.sum_duplicates()
    return matrix


def test_char_ngram_columns_are_the_hashers() -> None:
    sentences = split_sentences("Café owners in Zürich said on Monday that prices rose. Prices rose again, they said.")
    expected = _hashers([_char_ngrams(s.text) for s in sentences])
    assert (char_matrix(sentences) != expected).nnz == 0 and expected.nnz > 0


def test_hashed_words_are_the_hashers() -> None:
    """Words, content stems, names and numbers are hashed into the columns scikit-learn's hasher gives
    the strings of :func:`sentence_bags` (each distinct string hashed once, not per call)."""
    sentences = split_sentences("Anna Kovac said 4,200 people in Zürich were moved. Kovac said the rain eased.")
    hashed = hash_sentences(sentences)
    bags = sentence_bags(sentences)
    matrices = (hashed.words, hashed.content, hashed.entities, hashed.numbers)
    for k, (bag, matrix) in enumerate(zip(bags, matrices)):
        expected = _hashers(bag) if k == 0 else binary(_hashers(bag))
        assert (matrix != expected).nnz == 0 and expected.nnz > 0
    assert string_ids(["kovac"]) == [int(_hashers([["kovac"]]).indices[0])]


def test_hash_bags_counts_as_scikit_learns_hasher() -> None:
    bags = [["rate", "rate", "oslo", "4.5"], [], ["ставка", "利率", "prix", "rate"]]
    mine, theirs = hash_bags(bags), _hashers(bags)
    assert mine.shape == theirs.shape == (3, N_FEATURES) and mine.dtype == theirs.dtype
    assert (mine != theirs).nnz == 0 and mine[0].sum() == 4
    assert hash_bags([]).shape == (0, N_FEATURES)


@pytest.mark.parametrize("compiled", [True, False])
def test_murmurhash_is_scikit_learns_with_and_without_the_kernels(compiled: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if compiled and kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    if not compiled:
        monkeypatch.setattr(kernels, "KERNELS", None)
    rng = random.Random(5)
    alphabet = "abcxyzABC0129 .-éüßжд中文日本\U0001F600"
    words = ["", "a", "ab", "abc", "abcd", "abcde"] + [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14))) for _ in range(2000)]
    assert [hashing._murmurhash3_32(w) for w in words] == [murmurhash3_32(w, seed=0) for w in words]
    # the one hash whose absolute value does not fit: FeatureHasher's own column for it
    assert hashing._feature_id("x") == abs(murmurhash3_32("x", seed=0)) % N_FEATURES


def test_reading_a_text_does_not_import_scikit_learn() -> None:
    """A scan's modules need neither scikit-learn nor datasketch (nor scipy's statistics under them)
    at import: loading them was a second or more of every command's start."""
    code = ("import sys, dedup, dedup.cli.app, dedup.hashing, dedup.similarity\n"
            "print(sorted(m for m in ('sklearn', 'datasketch', 'scipy.stats') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
