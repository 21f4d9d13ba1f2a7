from __future__ import annotations

import numpy as np
import pytest

from dedup.shingles import batch_ngrams, content_mask, ngram_hashes, tokenize_batch
from dedup.tokens import TokenBatch, hash_tokens, tokenize_chunk


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


def test_chunks_take_texts_up_to_the_chunk_size(monkeypatch: pytest.MonkeyPatch) -> None:
    # chunk boundaries matter: a chunk holding a text of a dense script is folded as a whole
    import dedup.shingles as shingles

    lengths = np.random.default_rng(5).integers(0, 90, 300).tolist() + [0, 0, 500, 1, 63, 64, 65]
    texts = ["x" * n for n in lengths]
    seen: list[int] = []
    monkeypatch.setattr(shingles, "tokenize_chunk", lambda chunk: seen.append(len(chunk)) or tokenize_chunk(chunk))
    for chunk_chars in (1, 64, 200, 10_000):
        seen.clear()
        shingles.tokenize_batch(texts, chunk_chars=chunk_chars)
        expected, lo = [], 0
        while lo < len(texts):  # every text while the chunk's characters, a separator each, fit; at least one
            hi, size = lo, 0
            while hi < len(texts) and (hi == lo or size + len(texts[hi]) <= chunk_chars):
                size += len(texts[hi]) + 1
                hi += 1
            expected.append(hi - lo)
            lo = hi
        assert seen == expected
    seen.clear()
    shingles.tokenize_batch([])
    assert seen == [0]


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


def test_dense_scripts_become_overlapping_character_pairs() -> None:
    text = "新华社电 北京市 Apple公司营收１２亿元。"
    batch = tokenize_batch([text])
    starts, ends = batch.doc_spans(0)
    assert [text[s:e] for s, e in zip(starts, ends)] == [
        "新华", "华社", "社电", "北京", "京市", "Apple", "公司", "司营", "营收", "１２", "亿元"]
    flags = batch.flags[batch.offsets[0]:batch.offsets[1]]
    assert flags[5] & TokenBatch.CAPITALISED and flags[9] & TokenBatch.NUMERIC
    assert not flags[0] & TokenBatch.CAPITALISED


def test_digits_of_every_script_hash_as_ascii() -> None:
    ascii_ = tokenize_batch(["14 and 2006"]).doc(0)
    for text in ("١٤ and ٢٠٠٦", "१४ and २००६", "１４ and ２００６"):
        assert np.array_equal(tokenize_batch([text]).doc(0), ascii_)


def test_a_lone_dense_character_is_a_token_and_pairs_stay_in_their_text() -> None:
    batch = tokenize_batch(["在 A", "北京"])
    assert len(batch.doc(0)) == 2 and len(batch.doc(1)) == 1
    assert batch.doc(1)[0] == hash_tokens(["北京"])[0]


def test_cjk_punctuation_ends_sentences() -> None:
    batch = tokenize_batch(["增长五成。下降"])
    flags = batch.flags[batch.offsets[0]:batch.offsets[1]]
    assert [bool(f & TokenBatch.SENTENCE_START) for f in flags] == [True, False, False, True]


def test_capitals_of_every_cased_script_mark_names() -> None:
    text = "Глава ЦБ Эльвира Набиуллина сказала, École Łódź émile"
    batch = tokenize_batch([text])
    starts, ends = batch.doc_spans(0)
    capital = {text[s:e]: bool(f & TokenBatch.CAPITALISED) for s, e, f in zip(starts, ends, batch.flags)}
    assert capital == {"Глава": True, "ЦБ": True, "Эльвира": True, "Набиуллина": True, "сказала": False,
                       "École": True, "Łódź": True, "émile": False}


def test_katakana_marks_names_where_japanese_has_no_capitals() -> None:
    text = "トヨタ自動車はナビウリナ氏と会った"
    batch = tokenize_batch([text])
    starts, ends = batch.doc_spans(0)
    named = [text[s:e] for s, e, f in zip(starts, ends, batch.flags) if f & TokenBatch.CAPITALISED]
    assert named == ["トヨ", "ヨタ", "ナビ", "ビウ", "ウリ", "リナ"]
