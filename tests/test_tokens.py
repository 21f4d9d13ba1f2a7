"""The byte tokeniser (dedup.tokens): a text's tokens never depend on the other texts of its chunk."""

from __future__ import annotations

import pytest

from dedup.tokens import TokenBatch, tokenize_chunk

HEBREW = "ראש הממשלה ביקר בבית־ספר בירושלים היום׃ הוא אמר שהמצב טוב"  # a maqaf and a sof pasuq
CHINESE = "北京市政府今天宣布新的交通规划"
ARABIC = "قال الوزير إن ١٢ مشروعا جديدا سيبدأ العام المقبل"
ENGLISH = "The minister said on Monday that 12 new projects would start next year."


def _tokens(texts: list[str], k: int) -> list[int]:
    batch = tokenize_chunk(texts)
    return batch.hashes[batch.offsets[k] : batch.offsets[k + 1]].tolist()


@pytest.mark.parametrize("neighbour", [CHINESE, ARABIC, ENGLISH], ids=["chinese", "arabic", "english"])
def test_hebrew_tokens_do_not_depend_on_the_chunk(compiled: bool, neighbour: str) -> None:
    alone = _tokens([HEBREW], 0)
    assert alone == _tokens([HEBREW, neighbour], 0) == _tokens([neighbour, HEBREW], 1)
    # the maqaf joins two words as a hyphen does: "בית" and "ספר" are two tokens
    assert len(alone) == len(HEBREW.replace("־", " ").split())


WRAPPED = "Standard Oil Co and BP North America\nInc said they plan a venture with Deutsche\nBank."
#: the openings a break keeps: after a full stop, an indented paragraph, a blank line, a table row
OPENINGS = "The venture was formed.\nBP said so.\n    Analysts agreed\n\nTraders said\n Net 5 vs 4"


def _openings(texts: list[str], k: int) -> list[str]:
    batch = tokenize_chunk(texts)
    lo, hi = batch.offsets[k], batch.offsets[k + 1]
    text = texts[k]
    return [text[s:e] for s, e, f in zip(batch.starts[lo:hi], batch.ends[lo:hi], batch.flags[lo:hi])
            if f & TokenBatch.SENTENCE_START]


@pytest.mark.parametrize("prefix", ["", "Émile Zola's "], ids=["ascii", "accented"])
def test_a_break_that_wraps_a_line_opens_no_sentence(compiled: bool, prefix: str) -> None:
    # hard-wrapped wire copy breaks lines mid-sentence: "Inc" and "Bank" are names, not openings
    assert _openings([prefix + WRAPPED], 0) == [(prefix or "Standard").split()[0]]


def test_a_break_after_a_stop_or_before_an_indented_line_opens_one(compiled: bool) -> None:
    assert _openings([OPENINGS], 0) == ["The", "BP", "Analysts", "Traders", "Net"]


def test_each_text_of_a_chunk_opens_with_a_sentence(compiled: bool) -> None:
    # texts are joined by a line break, which must not read as a wrapped line between them
    texts = ["a story without a full stop", "Reuters said", "Traders\nsaid"]
    assert [_openings(texts, k) for k in range(3)] == [["a"], ["Reuters"], ["Traders"]]
