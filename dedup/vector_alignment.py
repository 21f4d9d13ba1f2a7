"""The reference alignment of a pair on scipy matrices (:mod:`dedup.similarity`): :func:`align_vectors`, what
:meth:`dedup.align.SentenceAligner.align` gave before its batch path of prepared sentence tables, link by link
the same.

Kept apart from the estimator because no entry point takes it: the tests and ``benchmarks/align_speed.py``
compare the batch path with it, and it decides a pair as the batch does (:func:`dedup.derivation.decide`).
"""

from __future__ import annotations

from typing import Sequence

from dedup.align import SentenceAligner, region_rows
from dedup.alignment import Alignment, Span
from dedup.derivation import decide
from dedup.documents import Document
from dedup.language import language_of
from dedup.lineage import Direction
from dedup.link_sides import GroupPair, Side
from dedup.sentences import aligned_sentences
from dedup.similarity import DocumentVectors, common_columns, keep_rows, score_pairs, vectorize_pair, vectorize_rows

__all__ = ["align_vectors"]


def align_vectors(
    aligner: SentenceAligner,
    a: Document,
    b: Document,
    *,
    direction: Direction | None = None,
    regions: Sequence[tuple[Span, Span]] = (),
) -> Alignment:
    """:meth:`SentenceAligner.align` on scipy matrices of the pair (:mod:`dedup.similarity`): the reference the
    batch path is compared with, link by link, in the tests and ``benchmarks/align_speed.py``."""
    aligner._validate()  # noqa: SLF001
    spans_a, spans_b = [r[0] for r in regions], [r[1] for r in regions]
    if not hasattr(aligner, "idf_"):
        va, vb = vectorize_pair(a.text, b.text, (language_of(a), language_of(b)))
        if regions:
            va = keep_rows(va, region_rows(va.sentences, spans_a, aligner.region_margin))
            vb = keep_rows(vb, region_rows(vb.sentences, spans_b, aligner.region_margin))
    elif regions:
        va, vb = _region_vectors(aligner, a, spans_a), _region_vectors(aligner, b, spans_b)
    else:
        va, vb = aligner.transform(a), aligner.transform(b)
    va, vb = common_columns(va, vb)
    scores = score_pairs(va.features, vb.features, min_shared_content=aligner.extend_min_shared)

    def groups(pairs: Sequence[GroupPair], derived_is_a: bool) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
        vs, vd = (vb, va) if derived_is_a else (va, vb)
        return _group_scores(vs, vd, pairs, aligner.extend_min_shared)

    side_a, side_b = Side.of_vectors(va, language_of(a)), Side.of_vectors(vb, language_of(b))
    return decide(aligner, a, b, side_a, side_b, scores, groups, direction=direction, regions=regions)


def _region_vectors(aligner: SentenceAligner, document: Document, spans: Sequence[Span]) -> DocumentVectors:
    """Vectors of ``document`` with only the sentences around ``spans`` comparable; from the cache's
    whole-document vectors when there, else hashing just those sentences (the same rows either way)."""
    cached = aligner._cache.get((document.id, hash(document.text)))  # noqa: SLF001
    if cached is not None:
        return keep_rows(cached, region_rows(cached.sentences, spans, aligner.region_margin))
    language = language_of(document)
    sentences = tuple(aligned_sentences(document.text, language))
    rows = region_rows(sentences, spans, aligner.region_margin)
    return vectorize_rows(sentences, rows, lambda ids: aligner.idf_[ids], language=language)


def _group_scores(
    vs: DocumentVectors, vd: DocumentVectors, pairs: Sequence[tuple[tuple[int, ...], tuple[int, ...]]], min_shared: int
) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """Scores of (derived group, source group) pairs that are linkable as groups."""
    if not pairs:
        return []
    d_feat = vd.features.group([d for d, _ in pairs])
    s_feat = vs.features.group([s for _, s in pairs])
    scores = score_pairs(d_feat, s_feat, min_shared_content=min_shared, rowwise=True)
    ok = scores.linkable & ~scores.entity_conflict
    return [(d, s, float(v)) for (d, s), v, k in zip(pairs, scores.score, ok) if k]
