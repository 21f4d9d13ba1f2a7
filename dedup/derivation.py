"""Which way a pair of aligned articles is read: its direction (dates first, then what the links would cover),
the links chosen with one text read as source, the coverage and verdict; read both ways when nothing says who
took from whom, the reading that explains more kept (:func:`decide`).

Apart from the estimator (:mod:`dedup.align`) because both its paths (the batch of prepared sentence tables, and
the reference on scipy matrices, :mod:`dedup.vector_alignment`) decide a pair from its sentence scores the same
way: one decision, whatever computed the scores.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol, Sequence

from dedup.alignment import Alignment, Span
from dedup.coverage import VerdictRules, alignment_result, covered
from dedup.documents import Document
from dedup.errors import SettingsError
from dedup.lineage import Direction, decide_direction
from dedup.link_model import LinkModel, shipped_model
from dedup.link_seeds import same_figures_lines, states_figures_briefly, strong_cells
from dedup.link_sides import LinkRules, Side
from dedup.links import choose_links, linked

__all__ = ["ReadingRules", "decide"]


class ReadingRules(LinkRules, VerdictRules, Protocol):
    """The settings a pair's reading reads (a :class:`dedup.align.SentenceAligner` has them all): the link
    steps', the verdict's, the content words a seed needs and the learned check on paraphrase links."""

    min_shared_content: int
    link_model: LinkModel | str | None


def decide(rules: ReadingRules, a: Document, b: Document, side_a: Side, side_b: Side, scores, groups, *,  # type: ignore[no-untyped-def]
           direction: Direction | None, regions: Sequence[tuple[Span, Span]]) -> Alignment:
    """Direction, links and verdict from the sentence scores of ``a`` (rows) against ``b``."""
    # names must agree to seed a link; next to a link (derivation established) a renamed entity is
    # tolerated, numbers must still agree
    linkable, short = strong_cells(side_a, side_b, scores, rules.min_shared_content)
    weak_ok = scores.linkable
    if short is not None and states_figures_briefly(a, b):
        linkable = linkable | short
    same = same_figures_lines(side_a.sentences, side_b.sentences) & (scores.score > 0)  # > 0: compared
    if same.any():
        linkable, weak_ok = linkable | same, weak_ok | same
    if direction is None:
        # publication times decide before the text does: what the links would cover is worked out only
        # when they do not (most wire copy is dated)
        direction = decide_direction(a, b)
        if not direction.known:
            ok = linked(scores.score, linkable, weak_ok, rules)
            a_covered = covered(side_a.sentences, ok.any(axis=1))
            b_covered = covered(side_b.sentences, ok.any(axis=0))
            direction = decide_direction(a, b, a_covered=a_covered, b_covered=b_covered)
    elif direction.known and {direction.source_id, direction.derived_id} != {a.id, b.id}:
        raise SettingsError(
            f"direction must name {a.id!r} and {b.id!r}, got {direction.source_id!r}, {direction.derived_id!r}"
        )
    if direction.known or direction.read_as is not None:  # told, or laid out as the shares point
        source = direction.source_id if direction.known else direction.read_as
        return _read(rules, a, b, side_a, side_b, scores, linkable, weak_ok, groups, direction,
                     derived_is_a=source == b.id, regions=regions)
    # no time or text says who took from whom: read the pair both ways and keep the reading that traces
    # more of the two texts to each other, so that the answer never depends on which document came first
    if not side_a.sentences or not side_b.sentences:  # nothing to trace: the text read as source
        return _read(rules, a, b, side_a, side_b, scores, linkable, weak_ok, groups, direction,
                     derived_is_a=not side_a.sentences, regions=regions)
    readings = [_read(rules, a, b, side_a, side_b, scores, linkable, weak_ok, groups, direction,
                      derived_is_a=derived_is_a, regions=regions) for derived_is_a in (False, True)]
    return _better_reading(*readings)


def _read(rules: ReadingRules, a: Document, b: Document, side_a: Side, side_b: Side, scores, linkable, weak_ok,  # type: ignore[no-untyped-def]
          groups, direction: Direction, *, derived_is_a: bool, regions: Sequence[tuple[Span, Span]]) -> Alignment:
    """The alignment with one of the two read as source: its links, coverage and verdict."""
    if derived_is_a:
        src, der, vs, vd = b, a, side_b, side_a
        score, strong, weak = scores.score, linkable, weak_ok
    else:
        src, der, vs, vd = a, b, side_a, side_b
        score, strong, weak = scores.score.T, linkable.T, weak_ok.T
    reason = (direction.reason if direction.known or direction.read_as is not None
              else f"{direction.reason}; read {src.id} as source, the reading that traces more of the two")
    links = choose_links(vs, vd, score, strong, weak, lambda pairs: groups(pairs, derived_is_a), rules)
    if rules.link_model is not None:
        model = shipped_model() if rules.link_model == "shipped" else rules.link_model
        links = model.keep(links, len(vd.sentences))  # type: ignore[union-attr]
    result = alignment_result(src, der, vs, vd, links, direction.source_id, direction.derived_id, reason, rules)
    if regions:
        spans = tuple((tuple(r[0]), tuple(r[1])) if src is a else (tuple(r[1]), tuple(r[0])) for r in regions)
        result = replace(result, regions=tuple(sorted(spans)))  # type: ignore[arg-type]
    return result


def _better_reading(first: Alignment, second: Alignment) -> Alignment:
    """Of the two readings of an undirected pair, the one that explains more: the characters of both texts
    its links cover, then the sum of its link scores; two readings alike, the one whose source text (then
    id) sorts first. The choice depends on the texts only, never on which document came first."""
    explained = [_explained(first), _explained(second)]
    if explained[0] != explained[1]:
        return first if explained[0] > explained[1] else second
    return min((first, second), key=lambda r: (r.source_document.text, r.source_document.id))


def _explained(alignment: Alignment) -> tuple[float, float]:
    cover = alignment.coverage
    d_len = sum(len(s.text) for s in alignment.derived_sentences)
    s_len = sum(len(s.text) for s in alignment.source_sentences)
    # rounded: the two readings' sums add the same numbers in another order
    return (round(cover.derived_from_source * d_len + cover.source_used * s_len, 6),
            round(sum(link.score for link in alignment.links), 6))
