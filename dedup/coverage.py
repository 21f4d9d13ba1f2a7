"""What an alignment's links cover of both articles, and the alignment's verdict.

``wholly_derived`` / ``partially_derived`` by the share of the derived article's characters that come
from the source (with enough links), else ``independent`` (the same story: shared names and numbers)
or ``unrelated``. The settings are a :class:`dedup.align.SentenceAligner`'s.
"""

from __future__ import annotations

from typing import Protocol, Sequence

import numpy as np

from dedup import kernels
from dedup.alignment import Alignment, Coverage, Link, Span
from dedup.documents import Document
from dedup.link_sides import Side
from dedup.sentences import Sentence

__all__ = ["VerdictRules", "alignment_result", "covered"]


class VerdictRules(Protocol):
    """The settings the verdict reads (a :class:`dedup.align.SentenceAligner` has them all)."""

    wholly_derived_min: float
    partially_derived_min: float
    min_links: int


def alignment_result(
    src: Document,
    der: Document,
    vs: Side,
    vd: Side,
    links: list[Link],
    source_id: str | None,
    derived_id: str | None,
    reason: str,
    rules: VerdictRules,
) -> Alignment:
    """The alignment of ``der`` (its sentences ``vd``) with ``src`` (``vs``) through ``links``: the share of
    each article covered, by link kind, the new and unused sentences, and the verdict."""
    verbatim, edited, paraphrase, new, d_total, used, s_total, new_spans, unused = _coverage_counts(links, vs, vd)
    d_total, s_total = d_total or 1, s_total or 1
    by_kind = {"verbatim": verbatim, "edited": edited, "paraphrase": paraphrase, "new": new}
    derived_share = 1.0 - by_kind["new"] / d_total if vd.sentences else 0.0
    coverage = Coverage(
        derived_from_source=derived_share,
        source_used=used / s_total,
        **{k: v / d_total for k, v in by_kind.items()},
    )
    return Alignment(
        source_document=src,
        derived_document=der,
        source=source_id,
        derived=derived_id,
        direction_reason=reason,
        verdict=_verdict(coverage, links, vs, vd, rules),
        coverage=coverage,
        links=tuple(links),
        new=new_spans,
        unused=unused,
        source_sentences=vs.sentences,
        derived_sentences=vd.sentences,
    )


#: What :func:`_coverage_counts` gives: the derived characters verbatim, edited, paraphrased and new, all of
#: them, the source characters used and all of them, the spans of the new and of the unused sentences.
Counts = tuple[int, int, int, int, int, int, int, tuple[Span, ...], tuple[Span, ...]]


def _coverage_counts(links: list[Link], vs: Side, vd: Side) -> Counts:
    """What ``links`` cover of the derived sentences ``vd`` (by the kind of the last link taking each) and of
    the source sentences ``vs``, in characters, and the spans left new and unused (see
    :func:`_coverage_counts_py`). The compiled kernel (``coverage_counts``) counts the same where it is built:
    these passes over every sentence of both sides were a sixth of deciding a pair (the tests compare the two)."""
    compiled = kernels.KERNELS
    if compiled is not None:
        return compiled.coverage_counts(links, vd.sentences, vs.sentences)  # type: ignore[no-any-return]
    return _coverage_counts_py(links, vs, vd)


def _coverage_counts_py(links: list[Link], vs: Side, vd: Side) -> Counts:
    """:func:`_coverage_counts` in Python: the reference, and the way where the kernels are not built."""
    kind_of = {j: link.kind for link in links for j in link.derived_sentences}
    used = {i for link in links for i in link.source_sentences}
    by_kind = {k: 0 for k in ("verbatim", "edited", "paraphrase", "new")}
    for j, sentence in enumerate(vd.sentences):
        by_kind[kind_of.get(j, "new")] += len(sentence.text)
    return (by_kind["verbatim"], by_kind["edited"], by_kind["paraphrase"], by_kind["new"],
            sum(len(s.text) for s in vd.sentences), sum(len(vs.sentences[i].text) for i in used),
            sum(len(s.text) for s in vs.sentences),
            tuple(_span(s) for j, s in enumerate(vd.sentences) if j not in kind_of),
            tuple(_span(s) for i, s in enumerate(vs.sentences) if i not in used))


def _verdict(coverage: Coverage, links: list[Link], vs: Side, vd: Side, rules: VerdictRules) -> str:
    # one paraphrase link is too little evidence even in a one-sentence brief (template notices:
    # "X said its board declared a quarterly dividend ..."); one verbatim or edited sentence is enough
    enough = len(links) >= rules.min_links or any(link.kind != "paraphrase" for link in links)
    if enough and coverage.derived_from_source >= rules.wholly_derived_min:
        return "wholly_derived"
    if enough and coverage.derived_from_source >= rules.partially_derived_min:
        return "partially_derived"
    shared = len(vs.entities & vd.entities)
    union = len(vs.entities | vd.entities) or 1
    # same story: several shared names/numbers, a fair share of both articles' sets
    return "independent" if shared >= 3 and shared / union >= 0.1 else "unrelated"


def covered(sentences: Sequence[Sentence], linked: np.ndarray) -> float:
    """Share of the characters of ``sentences`` in the rows ``linked`` marks (0 for no text)."""
    total = sum(len(s.text) for s in sentences)
    return sum(len(s.text) for s, k in zip(sentences, linked) if k) / total if total else 0.0


def _span(sentence: Sentence) -> Span:
    return (sentence.start, sentence.end)
