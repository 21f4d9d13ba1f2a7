from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from dedup.candidates import Vocabulary
from dedup.errors import SettingsError
from dedup.shingles import tokenize_batch
from dedup.decision import BARS, EvidenceBars, Thresholds, decide, island, reworded
from dedup.evidence import Evidence, SharedPassage, features, score_pair

from test_evidence import PROSPECTUS, PROSPECTUS_REWORDED, STORY, TEMPLATE

def measured(a: str, b: str):  # type: ignore[no-untyped-def]
    """Evidence and features of two texts whose passage windows collide over their whole length, as
    the candidate stage gives them for texts this short."""
    batch = tokenize_batch([a, b])
    fa, fb = features(batch, np.array([[0, len(a)], [0, len(b)]]), vocab=Vocabulary.empty())
    return score_pair(fa, fb, windows=[((0, len(a)), (0, len(b)))], len_a=len(a), len_b=len(b)), fa, fb


def test_identical_texts_are_a_duplicate() -> None:
    judged = decide(*measured(STORY, STORY), texts=(STORY, STORY))
    assert judged is not None and judged.kind == "duplicate" and judged.confidence > 0.95


def test_template_with_other_names_and_figures_is_not_a_copy() -> None:
    assert decide(*measured(STORY, TEMPLATE), texts=(STORY, TEMPLATE)) is None


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        (SharedPassage((0, 500), (0, 480), 0.6, 0.1, 1.0, 20, 1.0), True),
        (SharedPassage((0, 500), (0, 480), 0.6, 0.1, 1.0, 20, 0.4), False),  # other figures: a template
        (SharedPassage((0, 500), (0, 480), 0.6, 0.1, 0.3, 20, 1.0), False),  # other names
        (SharedPassage((0, 500), (0, 480), 0.6, 0.1, 1.0, 5, 1.0), False),  # names and figures, little wording
        (SharedPassage((0, 500), (0, 480), 0.4, 0.1, 1.0, 20, 1.0), False),  # too loose a match
    ],
    ids=["reworded", "figures-differ", "names-differ", "little-wording", "loose"],
)
def test_reworded_passage(passage: SharedPassage, expected: bool) -> None:
    assert reworded(passage) is expected


def test_looser_bars_for_a_passage_that_stands_alone() -> None:
    # 45% overlap with 9 shared words: too loose for two texts on one story, enough inside unrelated texts
    passage = SharedPassage((0, 300), (0, 280), 0.45, 0.05, 1.0, 9, 1.0)
    for content_jaccard, alone in ((0.02, True), (0.12, False)):
        ev = Evidence(0.0, 0.0, 0.0, content_jaccard, 0.5, (passage,))
        assert island(ev) is alone
        assert reworded(passage, island=island(ev)) is alone
    assert not reworded(passage, EvidenceBars(island_words=10), island=True)


def test_a_passage_in_everyday_words_only_is_not_reworded_reuse() -> None:
    for vocab, expected in ((Vocabulary.empty(), True), (None, False)):
        a, b = PROSPECTUS, PROSPECTUS_REWORDED
        batch = tokenize_batch([a, b])
        everyday = np.unique(batch.hashes)
        vocab = vocab or Vocabulary(everyday, np.full(len(everyday), 0.3), everyday[:0])
        fa, fb = features(batch, np.array([[0, len(a)], [0, len(b)]]), vocab=vocab)
        (passage,) = score_pair(fa, fb, windows=[((0, len(a)), (0, len(b)))]).passages
        assert reworded(passage) is expected


def test_a_stretch_found_in_many_documents_is_no_reworded_reuse() -> None:
    passage = SharedPassage((100, 300), (0, 200), 0.6, 0.1, 1.0, 20, 1.0)
    assert reworded(passage) and reworded(replace(passage, elsewhere=2))
    assert not reworded(replace(passage, elsewhere=3))


def test_min_confidence_is_the_one_setting() -> None:
    with pytest.raises(SettingsError, match="min_confidence"):
        Thresholds(min_confidence=1.5)
    assert Thresholds(0.3).confidence_bar == 0.3
    assert 0.0 < Thresholds().confidence_bar < 1.0
    assert Thresholds().spread_similarity == BARS.spread_similarity == 0.4


def test_min_confidence_decides_what_is_reported() -> None:
    ev, fa, fb = measured(STORY, TEMPLATE)
    everything = decide(ev, fa, fb, t=Thresholds(0.0))
    assert everything is not None and everything.confidence < Thresholds().confidence_bar
    assert decide(ev, fa, fb, t=Thresholds(everything.confidence)) == everything
    assert decide(ev, fa, fb, t=Thresholds(min(1.0, everything.confidence + 1e-6))) is None
