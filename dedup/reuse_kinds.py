"""The kind of reuse read from what the alignment measured: how much of each text is taken, word for word or reworded.

The learned kind (:mod:`dedup.confidence`'s multinomial head) weighs the whole feature vector, and most of
what it learned the kinds from is the syndication set's copies of Reuters stories of 100-300 words, PAN's
passages inside long documents and the roundups' stories retold inside longer ones. Two readings it cannot
make from those, and that :func:`read_kinds` makes from the measures themselves, for every language alike:

- **A story told again whole is a rewrite** (:func:`told_again`). Nothing copied word for word (no copied
  passage, next to no sentence linked verbatim), two texts of about one length that share their vocabulary
  as wholes: a heavy rewrite of a long story, whose sentences are merged, split and reworded so far that the
  aligner links only a few of them. The head, which met long reworded pairs only as a passage inside a
  longer document (PAN, a roundup), calls it ``partial``; a partial copy keeps its part's wording, and a
  passage reworded inside a longer document leaves that document's vocabulary mostly its own.
- **A part taken word for word is a partial copy** (:func:`part_taken`). The derived sentences are linked
  verbatim, yet the source keeps under three quarters of its word 5-grams in the other text: what is
  missing was left out, not edited (an edit rewords the sentences it touches, which then are not
  verbatim). A light edit trims a fifth of a story at most; half a story under the outlet's own lead is
  a part of it, which the head, having met half-stories only as short openings, calls a ``duplicate``.

Applied to the feature vectors :meth:`dedup.confidence.VerdictModel.judge_many` judges, so that every
entry point reads the same kind; pairs judged without an alignment keep the head's kind.
"""

from __future__ import annotations

import numpy as np

from dedup.features import FEATURES

__all__ = ["REWORDED_VERBATIM", "ONE_LENGTH", "ONE_STORY", "VERBATIM_DERIVED", "WHOLE_KEPT", "told_again",
           "part_taken", "read_kinds"]

#: The most of the derived text linked verbatim for its reuse to count as reworded (one sentence in ten).
REWORDED_VERBATIM = 0.1
#: The shorter text at least this share of the longer (content words): two texts of about one length.
ONE_LENGTH = 0.5
#: Whole-text content-word Jaccard from which two texts share their vocabulary as one story's (PAN's
#: reworded passages: 0.03 at the median, 0.12 at the 95th percentile; the roundups' stories: 0.20 and 0.46).
ONE_STORY = 0.3
#: The least of the derived text linked verbatim for it to count as taken word for word.
VERBATIM_DERIVED = 0.9
#: The share of a text's word 5-grams the other must hold for a verbatim copy of it to be whole: a light
#: edit trims a fifth at most (the syndication set's, and a desk's), a partial copy takes a part.
WHOLE_KEPT = 0.75

_COLUMNS = {name: FEATURES.index(name) for name in (
    "aligned", "copied_cover", "cover_verbatim", "length_ratio", "content_jaccard", "containment_min")}


def _column(x: np.ndarray, name: str) -> np.ndarray:
    return x[:, _COLUMNS[name]]


def told_again(x: np.ndarray) -> np.ndarray:
    """For each row of ``x`` (feature vectors, :data:`~dedup.features.FEATURES`), whether the pair is a story
    told again whole: aligned, no passage copied word for word, at most :data:`REWORDED_VERBATIM` of the
    derived text linked verbatim, the shorter text at least :data:`ONE_LENGTH` of the longer and the two
    sharing their vocabulary from :data:`ONE_STORY` on."""
    return ((_column(x, "aligned") > 0) & (_column(x, "copied_cover") <= 0)
            & (_column(x, "cover_verbatim") <= REWORDED_VERBATIM) & (_column(x, "length_ratio") >= ONE_LENGTH)
            & (_column(x, "content_jaccard") >= ONE_STORY))


def part_taken(x: np.ndarray) -> np.ndarray:
    """For each row of ``x``, whether one text holds a part of the other word for word: aligned, at least
    :data:`VERBATIM_DERIVED` of the derived text linked verbatim, and one text keeping under
    :data:`WHOLE_KEPT` of its word 5-grams in the other."""
    return ((_column(x, "aligned") > 0) & (_column(x, "cover_verbatim") >= VERBATIM_DERIVED)
            & (_column(x, "containment_min") < WHOLE_KEPT))


def read_kinds(kinds: list[str], x: np.ndarray) -> list[str]:
    """The kinds of the rows of ``x`` as the head gave them (``kinds``), with a ``partial`` that is a story
    told again (:func:`told_again`) read as ``rewrite`` and a ``duplicate`` that holds a part of the other
    text (:func:`part_taken`) read as ``partial``."""
    x = np.asarray(x, dtype=np.float64).reshape(len(kinds), len(FEATURES))
    retold, part = told_again(x).tolist(), part_taken(x).tolist()
    return ["rewrite" if kind == "partial" and again else "partial" if kind == "duplicate" and taken else kind
            for kind, again, taken in zip(kinds, retold, part)]
