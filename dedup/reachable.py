"""Which pairs may still be reported, before they are aligned or their spread is counted.

A pair whose confidence cannot reach the bar whatever its alignment (:meth:`VerdictModel.ceiling`) need
not be aligned (:func:`ceiling_reaches`); a pair scored before its spread is counted may be dropped when
it cannot be reported once it is (:func:`may_be_reported`): a scan verified in chunks drops the others
after its first pass, an index before it reads the stored stretches. Both are bounds: a pair they keep
is decided in full by :mod:`dedup.verify`, and one they drop would not have been reported.
"""

from __future__ import annotations

from contextlib import nullcontext
from functools import lru_cache
from typing import Mapping, NamedTuple, Sequence

import numpy as np

from dedup.confidence import default_model
from dedup.decision import verdict_model, what_to_align
from dedup.documents import Document
from dedup.evidence import Evidence
from dedup.exact_sets import Features
from dedup.features import FEATURES, pair_features, text_memo
from dedup.language import language_of
from dedup.sentences import recent_aligned_sentences

__all__ = ["Hopes", "hopes_before_spread", "may_be_reported", "ceiling_reaches"]

Documents = Sequence[Document] | Mapping[int, Document]
#: Features through which the spread of a pair's passages (``SharedPassage.elsewhere``) reaches the model,
#: and the sign each must weigh with for more spread never to raise a confidence.
_SPREAD_FEATURES = {"passage_elsewhere_log": -1, "passage_with_facts": 1}
#: Texts whose sentence counts are kept (as many as a verification's aligner keeps prepared articles).
_COUNTED = 1024


def ceiling_reaches(docs: Documents, pair: Sequence[int], ev: Evidence, feats: Mapping[int, Features],
                    bar: float, x: np.ndarray | None = None) -> bool:
    """Whether the pair's confidence can reach ``bar`` once aligned (:meth:`VerdictModel.ceiling`). The
    ceiling grows with the most sentences either text has: first bounded by the texts' lengths (a
    sentence has at least one character), then, only when that bound cannot settle it, counted.
    ``x``: the pair's features without an alignment, when computed before."""
    i, j = pair
    a, b = docs[i], docs[j]
    if x is None:
        x = pair_features(ev, feats[i], feats[j], None, 0.0, (a.text, b.text))
    ceiling = default_model().ceilings(x)
    if ceiling(1 << max(len(a.text), len(b.text)).bit_length()) < bar:  # a power of two above the length
        return False
    return ceiling(max(_sentences(a.text, language_of(a)), _sentences(b.text, language_of(b)))) >= bar


class Hopes(NamedTuple):
    """:func:`hopes_before_spread`'s answer: which rows may still be reported once their spread is counted,
    and each row's features without an alignment read to say so (None: none read, every row may be)."""

    hopeful: list[bool]
    vectors: np.ndarray | None


def may_be_reported(docs: Documents, rows: Sequence[Sequence[int]], evidence: Sequence[Evidence],
                    feats: Mapping[int, Features], bar: float, *, aligned: bool = True,
                    memo: bool = True) -> list[bool]:
    """Which ``rows``, scored (``evidence``) before their spread is counted, may still be reported once it
    is: their confidence without an alignment, or, for a row worth aligning, the most an alignment could
    give it (:meth:`VerdictModel.ceiling`), reaches ``bar``. Spread only adds documents a stretch is found in,
    which only lowers a confidence under a model whose spread features weigh with their signs; under
    any other model every row may be reported. A scan verified in chunks drops the others after its
    first pass; an index, before it reads the stored stretches. ``aligned=False``: a scan without
    alignment, judged by its own model, and no alignment to hope for. ``memo``: as
    :func:`dedup.verify.verify`'s."""
    return hopes_before_spread(docs, rows, evidence, feats, bar, aligned=aligned, memo=memo).hopeful


def hopes_before_spread(docs: Documents, rows: Sequence[Sequence[int]], evidence: Sequence[Evidence],
                        feats: Mapping[int, Features], bar: float, *, aligned: bool = True,
                        memo: bool = True) -> Hopes:
    """:func:`may_be_reported`, with the rows' features without an alignment it read: a row whose
    spread, once counted, changes nothing of its evidence has these features still, which
    :func:`dedup.verify.verify` then need not read again (``before_spread``)."""
    model = verdict_model(aligned)
    weights = model.weights_ / model.scale_
    if not rows or any((weights[:, FEATURES.index(name)] * sign < 0).any() for name, sign in _SPREAD_FEATURES.items()):
        return Hopes([True] * len(rows), None)
    with text_memo() if memo else nullcontext():
        x = np.array([pair_features(ev, feats[i], feats[j], None, 0.0, (docs[i].text, docs[j].text))
                      for (i, j), ev in zip(rows, evidence)])
    alone = model.confidence(x)
    # a hair under the bar: the decision sums each row's parts its own way. Only a row worth aligning
    # may hope for an alignment: one that is not now is not once its spread is counted either (more
    # spread makes no passage reworded text, :func:`dedup.decision.worth_aligning`), and is judged alone
    return Hopes([bool(c >= bar - 1e-9) or (aligned and what_to_align(ev) is not None
                                            and ceiling_reaches(docs, row, ev, feats, bar - 1e-9, x=vector))
                  for row, ev, c, vector in zip(rows, evidence, alone.tolist(), x)], x)


@lru_cache(maxsize=_COUNTED)
def _sentences(text: str, language: str | None) -> int:
    """How many sentences the aligner splits ``text`` into (an index meets the same stored articles often)."""
    return len(recent_aligned_sentences(text, language))
