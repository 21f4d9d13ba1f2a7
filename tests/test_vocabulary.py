"""dedup.vocabulary: what is too common in a corpus to count, learned by document frequency."""

from __future__ import annotations

import numpy as np

from dedup.shingles import tokenize_batch
from dedup.vocabulary import Vocabulary, learn_vocabulary


def test_vocabulary_by_document_frequency() -> None:
    # 60 texts sharing a phrase (texts of the very same words would count once: one story sent 60 times)
    texts = [f"item{i} net profit rose sharply again" for i in range(60)] + [f"unique{i} story" for i in range(40)]
    vocab = learn_vocabulary(tokenize_batch(texts), max_share=0.5, min_docs=10)
    assert len(vocab.common()) == 5 and len(vocab.grams) == 1
    assert len(vocab.common(0.7)) == 0  # each is in 60% of the documents


def test_a_story_carried_word_for_word_is_no_boilerplate() -> None:
    # 60 outlets carrying one wire story verbatim: its 5-grams are in 60 of 70 articles, but they are one
    # text sent 60 times; a paragraph shared by 60 *different* stories is boilerplate.
    from dedup.vocabulary import learn_vocabulary

    story = ("Dock workers at the port of Harlow walked out on Monday after talks on a new pay deal broke down, "
             "leaving twelve container ships waiting at sea and lorries queueing for miles on the coast road.")
    others = [f"Story {k} about the council budget for year {2000 + k} says spending on roads rises by {k} percent "
              f"while libraries in district {k} close early." for k in range(10)]
    carried = learn_vocabulary(tokenize_batch([story] * 60 + others))
    boiler = " The Harlow Port Authority is a public body that runs the docks and the ferry terminal."
    shared = learn_vocabulary(tokenize_batch([o + boiler + f" Note {k}." for k, o in enumerate(others * 6)] + others))
    assert len(carried.grams) == 0
    assert len(shared.grams) > 5


def test_vocabulary_tables_are_sorted_distinct_and_made_once() -> None:
    words = np.array([9, 3, 7, 3], dtype=np.uint64)  # built by hand: unsorted, one word twice
    vocab = Vocabulary(words, np.array([0.5, 0.2, 0.02, 0.2]), np.array([5, 1, 5], dtype=np.uint64), 0.01)
    assert vocab.sorted_common(0.1).tolist() == [3, 9]
    assert vocab.sorted_common(0.1) is vocab.sorted_common(0.1)
    assert vocab.sorted_common(0.0).tolist() == []  # a channel that leaves no word out
    assert vocab.sorted_grams().tolist() == [1, 5] and vocab.sorted_grams() is vocab.sorted_grams()
