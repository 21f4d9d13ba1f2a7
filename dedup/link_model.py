"""The learned check on paraphrase links: does a link that shares only some wording stand in a run of reuse?

The link rules (``dedup.links``) link a derived sentence to a source sentence from the score of the
pair alone, or next to a link already made. A sentence of a long article that speaks of the same
thing as a sentence of the other (the same disease, the same product) can clear that score without
having been taken from it, and it shows in where it stands: a taken sentence sits among other links
in the same order on both sides, a chance match stands alone among unlinked sentences. Scores say
little on their own here (PAN 2013 links inside and outside the annotated reuse overlap at every
score: AUC 0.67), place says much.

So a *paraphrase* link is kept only when a logistic model over its score, its place among the
other links and the lengths of its sentences gives it a probability of lying in reused text of at
least ``cutoff``. Verbatim and edited links are always kept: a sentence repeated word for word is its
own evidence, whatever stands around it. The model is learnt from PAN 2013's character-level
annotations (``python -m benchmarks.train_links``) and ships as plain numbers in
``dedup/data/link_model.json``; each weight is held to the sign its feature should have
(:data:`LINK_SIGNS`), and what stands around a link only ever counts against it, so that a short
article is not marked down for the context it cannot have.

>>> from dedup.alignment import Link
>>> link = Link((0,), (0,), ((0, 60),), ((0, 58),), 0.5, "paraphrase")
>>> shipped_model().keep([link], n_derived=1) == [link]  # a one-sentence article: no context against it
True
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any, Sequence

import numpy as np

from dedup.alignment import Link
from dedup.errors import SettingsError

__all__ = ["LINK_FEATURES", "LINK_SIGNS", "LinkModel", "link_features", "shipped_model"]

#: Feature names, in vector order, and the sign each weight is held to. What stands around a link
#: counts only *against* it (unlinked sentences around it, neighbouring links taken from elsewhere):
#: a one-sentence article, or a link at an article's edge, has no context and is judged on its score
#: and length alone, not marked down for the context it cannot have.
LINK_FEATURES = (
    "score",  # the link's sentence-pair score
    "unlinked_around",  # derived sentences within NEAR either side that no link takes
    "out_of_order",  # neighbouring links (within RUN_GAP) whose source is not just before / after (0-2)
    "derived_length_log",  # log1p of the derived sentences' characters
    "source_length_log",  # log1p of the source sentences' characters
)
LINK_SIGNS = (1, -1, -1, 1, 1)
#: How far (derived sentences) a link looks around; and the gaps within which two links continue one
#: run (derived sentences, source sentences): a rewrite drops a sentence here and there.
NEAR = 3
RUN_GAP = 4
RUN_SOURCE_GAP = 6
MODEL_FILE = "link_model.json"


def link_features(links: Sequence[Link], n_derived: int) -> np.ndarray:
    """One row of :data:`LINK_FEATURES` per link; ``links`` in derived order (as ``choose_links`` makes
    them), ``n_derived`` the derived article's sentences."""
    n = len(links)
    x = np.zeros((n, len(LINK_FEATURES)))
    if not n:
        return x
    # every alignment with a paraphrase link comes here, a few dozen links: Python ints, and numpy only for
    # the logarithms and the array (two dozen numpy calls on arrays this short cost more than the work)
    unlinked = [0] * NEAR + [1] * n_derived + [0] * NEAR  # padded: a window never leaves the list
    for link in links:
        for j in link.derived_sentences:
            unlinked[NEAR + j] = 0
    before = list(itertools.accumulate(unlinked, initial=0))  # unlinked sentences before each place
    around, out_of_order = [], [0] * n
    previous = None
    for k, link in enumerate(links):
        first, last = link.derived_sentences[0] + NEAR, link.derived_sentences[-1] + NEAR
        around.append(before[first] - before[first - NEAR] + before[last + NEAR + 1] - before[last + 1])
        # neighbouring links (at most RUN_GAP derived sentences apart) whose sources do not follow each other
        if previous is not None and first - (previous.derived_sentences[-1] + NEAR) <= RUN_GAP:
            step = link.source_sentences[0] - previous.source_sentences[-1]
            if step < 0 or step > RUN_SOURCE_GAP:
                out_of_order[k - 1] += 1
                out_of_order[k] += 1
        previous = link
    x[:, 0] = [link.score for link in links]
    x[:, 1] = around
    x[:, 2] = out_of_order
    x[:, 3] = np.log1p([sum(end - start for start, end in link.derived_spans) for link in links])
    x[:, 4] = np.log1p([sum(end - start for start, end in link.source_spans) for link in links])
    return x


@dataclass(frozen=True)
class LinkModel:
    """Standardised features, one weight each, a bias and the probability from which a link is kept."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    cutoff: float

    def __post_init__(self) -> None:
        if not len(self.mean) == len(self.scale) == len(self.weights) == len(LINK_FEATURES):
            raise SettingsError(f"a link model needs {len(LINK_FEATURES)} means, scales and weights "
                                f"({', '.join(LINK_FEATURES)})")
        if any(w * sign < 0 for w, sign in zip(self.weights, LINK_SIGNS)):
            raise SettingsError(f"a link model's weights must have the signs {LINK_SIGNS} ({', '.join(LINK_FEATURES)})")
        if not 0.0 <= self.cutoff <= 1.0:
            raise SettingsError(f"a link model's cutoff must be between 0 and 1, got {self.cutoff!r}")

    @classmethod
    def from_dict(cls, spec: dict[str, Any]) -> LinkModel:
        if list(spec.get("features", ())) != list(LINK_FEATURES):
            raise SettingsError(f"the link model was trained on other features: {spec.get('features')!r}")
        return cls(tuple(spec["mean"]), tuple(spec["scale"]), tuple(spec["weights"]), float(spec["bias"]),
                   float(spec["cutoff"]))

    def probability(self, x: np.ndarray) -> np.ndarray:
        """The probability that each row's link lies in reused text."""
        mean, scale, weights = self._arrays
        z = (x - mean) / scale
        return 1.0 / (1.0 + np.exp(-(z @ weights + self.bias)))

    @cached_property
    def _arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The means, scales and weights as arrays, made once a model (read, never changed): the same numbers
        as arrays made at every call, which cost a third of judging a pair's links."""
        arrays = (np.array(self.mean), np.array(self.scale), np.array(self.weights))
        for array in arrays:
            array.setflags(write=False)
        return arrays

    def keep(self, links: Sequence[Link], n_derived: int) -> list[Link]:
        """``links`` (in derived order, of an article of ``n_derived`` sentences) without the paraphrase
        links the model gives less than ``cutoff``."""
        if all(link.kind != "paraphrase" for link in links):
            return list(links)
        p = self.probability(link_features(links, n_derived))
        return [link for link, pk in zip(links, p) if link.kind != "paraphrase" or pk >= self.cutoff]


@lru_cache(maxsize=1)
def shipped_model() -> LinkModel:
    """The link model shipped with dedup (``dedup/data/link_model.json``)."""
    text = resources.files("dedup").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    return LinkModel.from_dict(json.loads(text))
