from __future__ import annotations

import numpy as np
import pytest

from dedup.shingles import TokenBatch, batch_ngrams, content_mask, hash_tokens, ngram_hashes, tokenize_batch


def words(text: str) -> list[str]:
    batch = tokenize_batch([text])
    starts, ends = batch.doc_spans(0)
    return [text[s:e] for s, e in zip(starts, ends)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shares rose 5%.", ["Shares", "rose", "5"]),
        ("Belarus\u2019 \u201cFalcon\u201d \u2014 drills", ["Belarus", "Falcon", "drills"]),
        ("caf\u00e9 \u00e0 Z\u00fcrich", ["caf\u00e9", "\u00e0", "Z\u00fcrich"]),
        ("U.S.-led", ["U", "S", "led"]),
    ],
    ids=["ascii", "typographic-punctuation", "accents", "abbreviation"],
)
def test_tokens_and_character_offsets(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_hashes_ignore_ascii_case_and_are_stable_across_batches() -> None:
    one = tokenize_batch(["Rose"]).doc(0)
    other = tokenize_batch(["x y z", "rose"]).doc(1)
    assert one.tolist() == other.tolist() == hash_tokens(["rose"]).tolist()


def test_batches_split_into_chunks_give_the_same_tokens() -> None:
    texts = [f"article number {i} says prices rose" for i in range(50)]
    whole, chunked = tokenize_batch(texts), tokenize_batch(texts, chunk_chars=64)
    assert np.array_equal(whole.hashes, chunked.hashes)
    assert np.array_equal(whole.offsets, chunked.offsets)


def test_flags_mark_names_and_figures() -> None:
    batch = tokenize_batch(["Acme paid 10 cts"])
    assert batch.flags.tolist() == [TokenBatch.CAPITALISED | TokenBatch.SENTENCE_START, 0, TokenBatch.NUMERIC, 0]


def test_sentence_starts_are_marked_abbreviations_are_not() -> None:
    text = "Mr. Smith met Gen. Jones in Paris. Engineers left!\nNew plans here? Yes."
    batch = tokenize_batch([text, "Second text Here."])
    n = batch.offsets[1]
    starts = [text[s:e] for s, e, f in zip(batch.starts[:n], batch.ends[:n], batch.flags[:n])
              if f & TokenBatch.SENTENCE_START]
    assert starts == ["Mr", "Engineers", "New", "Yes"]
    assert batch.flags[batch.offsets[1]] & TokenBatch.SENTENCE_START  # each text opens a sentence
    assert not batch.flags[-1] & TokenBatch.SENTENCE_START  # "Here": capitalised mid-sentence


def test_ngrams_are_order_sensitive_and_do_not_cross_texts() -> None:
    a = ngram_hashes(hash_tokens(["a", "b", "c"]), 2)
    b = ngram_hashes(hash_tokens(["b", "a", "c"]), 2)
    assert not set(a.tolist()) & set(b.tolist())
    batch = tokenize_batch(["one two", "three four"])
    grams, _ = batch_ngrams(batch.hashes, batch.offsets, 2)
    assert len(grams) == 2


def test_content_mask_drops_stopwords_and_single_letters() -> None:
    batch = tokenize_batch(["the minister said a reform"])
    mask = content_mask(batch.hashes, batch.starts, batch.ends)
    assert mask.tolist() == [False, True, False, False, True]


def test_empty_input() -> None:
    batch = tokenize_batch([""])
    assert len(batch) == 1 and len(batch.doc(0)) == 0
