"""The byte tokeniser (dedup.tokens): a text's tokens never depend on the other texts of its chunk."""

from __future__ import annotations

import pytest

from dedup.tokens import tokenize_chunk

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
