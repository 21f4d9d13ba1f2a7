from __future__ import annotations

import numpy as np
import pytest

from dedup.candidates import (
    DEFAULT_CHANNELS,
    ChannelSpec,
    UnitTable,
    Vocabulary,
    boilerplate_tokens,
    channel_units,
    find_candidates,
    learn_vocabulary,
    sign_units,
)
from dedup.errors import SettingsError
from dedup.shingles import tokenize_batch

PASSAGE = (
    "Valmora will build a four billion euro chip factory near Esken, creating about eighteen hundred jobs. "
    "The plant will produce power chips for electric cars and wind turbines from twenty twenty eight. "
    "The government will contribute nine hundred million euros in subsidies under its industrial strategy. "
)


def filler(seed: int, words: int = 260) -> str:
    rng = np.random.default_rng(seed)
    vocab = [f"w{seed}x{i}" for i in range(400)]
    return " ".join(rng.choice(vocab, words)) + "."


def units_for(texts: list[str], spec: ChannelSpec, vocab: Vocabulary = Vocabulary.empty()) -> UnitTable:
    batch = tokenize_batch(texts)
    shingles, unit, unit_doc, start, end = channel_units(
        batch, spec, vocab=vocab, boilerplate=boilerplate_tokens(batch, vocab)
    )
    indexed, keys = sign_units(shingles, unit, len(unit_doc), spec, seed=1)
    table = UnitTable(spec)
    table.add(unit_doc[indexed], start[indexed], end[indexed], keys)
    return table


def test_whole_document_units_have_spans() -> None:
    texts = ["alpha beta gamma delta", "one two three four five six"]
    batch = tokenize_batch(texts)
    _, _, unit_doc, start, end = channel_units(batch, ChannelSpec("t", ngram=1), vocab=Vocabulary.empty())
    assert unit_doc.tolist() == [0, 1] and start.tolist() == [0, 0] and end.tolist() == [22, 27]


def test_passage_windows_overlap_by_half() -> None:
    text = " ".join(f"word{i}" for i in range(40))
    spec = ChannelSpec("p", ngram=1, window=16)
    batch = tokenize_batch([text])
    shingles, unit, unit_doc, start, end = channel_units(batch, spec, vocab=Vocabulary.empty())
    assert len(unit_doc) == 4  # windows start at words 0, 8, 16, 24
    assert np.bincount(unit).tolist() == [16, 16, 16, 16]


def test_shared_passage_inside_long_different_texts_is_a_candidate() -> None:
    spec = next(c for c in DEFAULT_CHANNELS if c.name == "passage")
    texts = [filler(1) + " " + PASSAGE + filler(2), filler(3) + " " + PASSAGE + filler(4), filler(5)]
    found = find_candidates({"passage": units_for(texts, spec)})
    assert found.pairs.tolist() == [[0, 1]]
    (span_a, span_b), *_ = found.passage_hits[0]
    assert texts[0][span_a[0]:span_a[1]].count("Valmora") + texts[1][span_b[0]:span_b[1]].count("Valmora") >= 1


def test_boilerplate_in_many_documents_is_not_a_candidate() -> None:
    spec = next(c for c in DEFAULT_CHANNELS if c.name == "passage")
    texts = [filler(i) + " " + PASSAGE for i in range(60)]
    vocab = learn_vocabulary(tokenize_batch(texts))
    assert len(vocab.grams) > 0
    found = find_candidates({"passage": units_for(texts, spec, vocab)}, max_bucket=50)
    assert len(found.pairs) == 0


def test_vocabulary_by_document_frequency() -> None:
    texts = ["net profit rose sharply again"] * 60 + [f"unique{i} story" for i in range(40)]
    vocab = learn_vocabulary(tokenize_batch(texts), max_share=0.5, min_docs=10)
    assert len(vocab.common()) == 5 and len(vocab.grams) == 1
    assert len(vocab.common(0.7)) == 0  # each is in 60% of the documents


def test_channel_spec_validates() -> None:
    with pytest.raises(SettingsError, match="window"):
        ChannelSpec("p", window=2)
