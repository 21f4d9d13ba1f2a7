"""Named texts and the features helper the evidence's tests share (tests/test_evidence.py,
tests/test_exact_sets.py, tests/test_passages.py): a dividend notice and an unrelated weather report."""

from __future__ import annotations

import numpy as np

from dedup.vocabulary import Vocabulary
from dedup.exact_sets import features
from dedup.shingles import tokenize_batch

STORY = ("Acme Corp said its board declared a quarterly dividend of 10 cts a share, payable April 1 to holders "
         "of record March 15. The company also said net profit rose to 12.5 mln dlrs in the first quarter.")
OTHER = ("Weather: sunny spells and light winds are expected across the north of the country tomorrow, with "
         "showers moving in from the west by the evening and a cold night under clear skies in the hills.")


def _features(*texts: str) -> list:  # type: ignore[type-arg]
    batch = tokenize_batch(list(texts))
    return features(batch, np.array([[0, len(t)] for t in texts], dtype=np.int64), vocab=Vocabulary.empty())
