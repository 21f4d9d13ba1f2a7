"""A form filled in on another day: two texts alike in wording, apart in every figure their linked sentences hold.

Wire copy sends forms again day after day (a weather warning, a central bank's operations, a market fixing, a
month's inflation flash): the same sentences, the figures filled in anew. The learned verdict weighs a long
shared wording against the links refilled (``links_refilled``) and can still report such a pair. Read here, for
a pair about to be reported: the worded links whose two sentences both hold figures (:func:`link_slots`, each
side by value with its single digits and its dates kept, :func:`dedup.figures.slot_values`), and how many of them
hold on each side a figure the other lacks (:func:`refilled_slots`). A copy or a rewrite keeps its figures, in
whatever way it writes them ("640.000" and "640 duizend", "1,5 %" and "1.5%"); a correction changes one
sentence of several. Pure functions over an alignment, for :func:`dedup.decision.refuse_chance_order`.
"""

from __future__ import annotations

from typing import Any, Sequence

from dedup.figures import slot_values
from dedup.language import language_of

__all__ = ["FORM_LINKS", "FORM_SHARE", "link_slots", "refilled_slots", "filled_in_again"]

#: The least number of linked sentences refilled for a pair to read as a form: one is a correction.
FORM_LINKS = 2
#: The least share of the linked sentences holding figures on both sides that are refilled.
FORM_SHARE = 0.5


def link_slots(alignment: Any, links: Sequence[Any]) -> list[tuple[frozenset[str], frozenset[str]]]:
    """Each of ``links``' source and derived figures by value (:func:`dedup.figures.slot_values`, each side in
    its text's language), for the links whose two sides both hold figures."""
    source, derived = alignment.source_document, alignment.derived_document
    ls, ld = language_of(source), language_of(derived)
    out = []
    for link in links:
        fs = slot_values(" ".join(source.text[a:b] for a, b in link.source_spans), ls)
        if fs:
            fd = slot_values(" ".join(derived.text[a:b] for a, b in link.derived_spans), ld)
            if fd:
                out.append((fs, fd))
    return out


def refilled_slots(alignment: Any, links: Sequence[Any]) -> tuple[int, int]:
    """How many of ``links`` hold figures on both sides, and how many of those hold on each side a figure
    the other lacks (a form's slots filled in anew)."""
    held = link_slots(alignment, links)
    return len(held), sum(bool(fs - fd) and bool(fd - fs) for fs, fd in held)


def filled_in_again(alignment: Any, links: Sequence[Any]) -> bool:
    """Whether the linked sentences ``links`` of ``alignment`` read as a form filled in on another day: at
    least :data:`FORM_LINKS` of them refilled, and at least :data:`FORM_SHARE` of those holding figures."""
    holding, refilled = refilled_slots(alignment, links)
    return refilled >= FORM_LINKS and refilled >= FORM_SHARE * holding
