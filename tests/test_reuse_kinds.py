"""The kind read from what the alignment measured (dedup.reuse_kinds): named cases end to end, and the readings."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks import multilingual
from dedup import compare
from dedup.confidence import default_model
from dedup.documents import Document
from dedup.features import FEATURES
from dedup.reuse_kinds import (ONE_LENGTH, ONE_STORY, REWORDED_VERBATIM, VERBATIM_DERIVED, WHOLE_KEPT, part_taken,
                               read_kinds, told_again)


def _case(language: str, case: str) -> tuple[Document, Document]:
    articles = multilingual.articles(multilingual.load(language))
    return Document("source", articles["source"]), Document(case, articles[case])


@pytest.mark.parametrize("language", ["es-4"])
def test_a_long_heavy_rewrite_is_a_rewrite(language: str) -> None:
    """A full-length agency story (EFE) rewritten by another outlet, sentences merged, split and reworded,
    quotes made indirect, figures restated: few sentences link, none verbatim, and the head, which met long
    reworded pairs only as passages inside longer documents, called it partial. (Anadolu's ``tr-4``, read as a
    rewrite by the same reading, fell under the bar once a keyed text's decimal figures became one token each:
    a miss of the confidence, not of the kind.)"""
    result = compare(*_case(language, "rewrite"))
    assert result.verdict == "rewrite"


@pytest.mark.parametrize("language", ["it-4", "pt-5"])
def test_a_partial_copy_of_half_a_story_after_the_outlets_lead_is_partial(language: str) -> None:
    """The outlet's own lead, then the first half of the agency's sentences word for word: ANSA's was called a
    duplicate at 1.000 (its half is two thirds of the text's words)."""
    result = compare(*_case(language, "partial"))
    assert result.verdict == "partial"


@pytest.mark.parametrize("case", ["verbatim", "light_edit"])
def test_a_whole_copy_stays_a_duplicate(case: str) -> None:
    assert compare(*_case("it-4", case)).verdict == "duplicate"


def _vector(**values: float) -> np.ndarray:
    """The model's mean vector with the named features set: one row."""
    x = default_model().mean_.copy()
    for name, value in values.items():
        x[FEATURES.index(name)] = value
    return x[None, :]


RETOLD = dict(aligned=1.0, copied_cover=0.0, cover_verbatim=0.0, length_ratio=0.7, content_jaccard=0.4)
HALF = dict(aligned=1.0, cover_verbatim=0.97, containment_min=0.6)


def test_a_story_told_again_whole_is_read_as_such() -> None:
    assert told_again(_vector(**RETOLD)).tolist() == [True]
    assert read_kinds(["partial"], _vector(**RETOLD)) == ["rewrite"]


@pytest.mark.parametrize("name, value", [
    ("aligned", 0.0),  # judged without an alignment: the head's kind
    ("copied_cover", 0.2),  # a passage copied word for word: a partial copy keeps its part's wording
    ("cover_verbatim", REWORDED_VERBATIM + 0.05),
    ("length_ratio", ONE_LENGTH - 0.05),  # a story retold inside a text twice its length (a roundup)
    ("content_jaccard", ONE_STORY - 0.05),  # a passage reworded in a document of its own vocabulary (PAN)
])
def test_a_partial_that_is_not_a_story_told_again_stays_partial(name: str, value: float) -> None:
    x = _vector(**(RETOLD | {name: value}))
    assert told_again(x).tolist() == [False] and read_kinds(["partial"], x) == ["partial"]


def test_a_part_taken_word_for_word_is_partial() -> None:
    assert part_taken(_vector(**HALF)).tolist() == [True]
    assert read_kinds(["duplicate"], _vector(**HALF)) == ["partial"]


@pytest.mark.parametrize("name, value", [
    ("aligned", 0.0),
    ("cover_verbatim", VERBATIM_DERIVED - 0.05),  # edited sentences: a light edit's losses are its edits
    ("containment_min", WHOLE_KEPT),  # a fifth trimmed: a light edit
])
def test_a_duplicate_not_a_part_taken_stays_a_duplicate(name: str, value: float) -> None:
    x = _vector(**(HALF | {name: value}))
    assert part_taken(x).tolist() == [False] and read_kinds(["duplicate"], x) == ["duplicate"]


def test_each_reading_moves_only_its_own_kind() -> None:
    """A story told again is read so only where the head said partial, a part taken only where it said duplicate:
    a rewrite stays a rewrite, and so does anything the head did not call the kind a reading corrects."""
    both = np.vstack([_vector(**RETOLD), _vector(**HALF)])
    assert read_kinds(["rewrite", "rewrite"], both) == ["rewrite", "rewrite"]
    assert read_kinds(["duplicate", "partial"], both) == ["duplicate", "partial"]
    assert read_kinds(["partial", "duplicate"], both) == ["rewrite", "partial"]


def test_the_judgement_carries_the_kind_read() -> None:
    """:meth:`VerdictModel.judge_many` gives the kind read, the confidence untouched."""
    model = default_model()
    x = _vector(**HALF)
    judged = model.judge_many(x)[0]
    assert judged.kind == read_kinds([_head_kind(model, x)], x)[0]
    assert judged.confidence == pytest.approx(float(model.confidence(x)[0]))


def _head_kind(model, x: np.ndarray) -> str:  # type: ignore[no-untyped-def]
    z = (x - model.mean_) / model.scale_
    return ("duplicate", "partial", "rewrite")[int(np.argmax(z @ model.kind_weights_.T + model.kind_bias_))]
