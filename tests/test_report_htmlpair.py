"""The rows of a pair page (dedup.report.htmlpair): links laid out along the derived text, every character of both
texts kept, spans clipped, word diffs, the tally of sentences traced."""

from __future__ import annotations

import re
from typing import Any

import pytest

from dedup.report.htmlpair import alignment_rows, clean_spans, word_diff

from test_report_html import DERIVED_TEXT, SOURCE_TEXT, sample_alignment


def test_verbatim_link_has_no_marks() -> None:
    rows = alignment_rows(sample_alignment(), SOURCE_TEXT, DERIVED_TEXT)
    verbatim = next(r for r in rows if r.kind == "verbatim")
    assert all(p.mark == "" for s in verbatim.left + verbatim.right for p in s.pieces)


def test_rows_follow_the_derived_text_and_keep_unused_source_after_its_neighbour() -> None:
    rows = alignment_rows(sample_alignment(), SOURCE_TEXT, DERIVED_TEXT)
    assert [r.kind for r in rows] == ["other", "other", "verbatim", "edited", "paraphrase", "unused", "new"]


def test_one_to_many_link_faces_both_derived_sentences_with_one_link_id() -> None:
    rows = alignment_rows(sample_alignment(), SOURCE_TEXT, DERIVED_TEXT)
    para = next(r for r in rows if r.kind == "paraphrase")
    assert len(para.left) == 1 and len(para.right) == 2
    assert {s.links for s in para.left + para.right} == {"l2"}


def test_every_character_of_both_texts_is_on_the_page() -> None:
    rows = alignment_rows(sample_alignment(), SOURCE_TEXT, DERIVED_TEXT)
    left = "".join(p.text for r in rows for s in r.left for p in s.pieces)
    right = "".join(p.text for r in rows for s in r.right for p in s.pieces)
    assert re.sub(r"\s", "", left) == re.sub(r"\s", "", SOURCE_TEXT)
    assert sorted(re.sub(r"\s", "", right)) == sorted(re.sub(r"\s", "", DERIVED_TEXT))


@pytest.mark.parametrize(("spans", "expected"), [
    ([[5, 2]], []), ([[-10, 3]], [(0, 3)]), ([["x", 2]], []), ([[1]], []), (None, []), ([[0, 10_000]], [(0, 20)]),
    ([[2, 6], [5, 2], [8, 30]], [(2, 6), (8, 20)]),
], ids=["inverted", "negative", "not-a-number", "short", "none", "past-the-end", "good-kept-bad-dropped"])
def test_malformed_spans_are_clipped_or_dropped(spans: Any, expected: list[tuple[int, int]]) -> None:
    assert [tuple(s) for s in clean_spans(spans, "x" * 20)] == expected


def test_word_diff_keeps_the_text() -> None:
    left, right = word_diff(["a b  c d"], ["a x c d e"])
    assert "".join(p.text for p in left[0]) == "a b  c d"
    assert "".join(p.text for p in right[0]) == "a x c d e"


def test_sentence_tally_counts_a_derived_sentence_once_and_the_source_left_unused() -> None:
    from dedup.report.htmlpair import plain_answer, sentence_tally

    rows = alignment_rows(sample_alignment(), SOURCE_TEXT, DERIVED_TEXT)
    tally = sentence_tally(rows)
    assert tally == {"verbatim": 1, "edited": 1, "paraphrase": 2, "new": 1, "unused": 1}
    assert plain_answer(dict.fromkeys(tally, 0), known=True, source="a", derived="b") == ""
    whole = plain_answer(tally | {"new": 0, "unused": 0}, known=True, source="a", derived="b")
    assert whole.startswith("b took all 4 of its sentences from a: 1 word for word, 1 edited, 2 paraphrased")
    assert whole.endswith("2 paraphrased; it has no sentence of its own.")
    # an update of one's own story repeats it: it took nothing
    update = plain_answer(tally, known=True, source="a", derived="b", story=True)
    assert update.startswith("b repeats 4 of its 5 sentences from a") and update.endswith("versions of one story.")
    # one sentence of several with a counterpart, the direction unknown: "has", as the terminal's answer line says
    one = plain_answer(dict.fromkeys(tally, 0) | {"paraphrase": 1, "new": 4}, known=False, source="A", derived="B")
    assert one.startswith("1 of the 5 sentences of B has a counterpart in A")
