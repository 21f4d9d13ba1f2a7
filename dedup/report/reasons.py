"""The verdict's and the direction's reasons in words a reader of the reports knows.

A pair's ``why`` names the model's features (``passage_rare_log``, ``placed_share``): right for the JSON,
which a program reads and the model documents, but no help to an editor. The terminal and the HTML pages
say instead what each reason measured, in a journalist's words, with what it found: "text in sentences
copied word for word (0%)", "rare words the main shared passage keeps (103)". The value is read back from the
feature's own scale (a share as a percentage, a count taken out of its logarithm), so a reason against
the verdict says plainly what was lacking, and none says "many" of what was a few (a reason's weight
reads its value against the training pairs' usual one, which no word such as "many" would say right).
The JSON keeps the names and values as they are.

>>> reason_label("cover_verbatim", 0.0)
'text in sentences copied word for word (0%)'
>>> reason_label("passages_log", 1.6094)
'shared passages (4)'
>>> reason_label("order_at_chance", 1.3)
'shared words kept in an order chance would give (a chance of 1 in 20)'
>>> reason_label("a_feature_added_later", 0.5)
'a feature added later (0.50)'
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["FEATURE_LABELS", "REFUSAL_LABELS", "feature_label", "reason_label", "direction_why", "sentences_reading", "weighed"]

#: Every feature of :data:`dedup.features.FEATURES`: what it measures, and how its value reads (``share``:
#: a percentage; ``count``: stored as log(1 + n); ``score``: 0 to 1 as it is; ``flag``: yes or no). "The main
#: shared passage" is the passage the two texts share that keeps the most words; "traced" is what the
#: sentence alignment links to the other text.
FEATURE_LABELS = {
    "jaccard": ("runs of five words in common (Jaccard)", "share"),
    "containment_unquoted": ("one text's wording found in the other outside quotations", "share"),
    "containment_min": ("the less covered text's wording found in the other", "share"),
    "content_jaccard": ("rare words in common", "share"),
    "fact_agreement": ("names and figures in common", "share"),
    "figure_jaccard": ("figures in common", "share"),
    "figure_containment": ("one text's figures found in the other", "share"),
    "figures_apart_log": ("figures that differ", "count"),
    "figures_apart_share": ("share of the figures that differ", "share"),
    "form_slots_share": ("sentences alike but for their numbers as in a form", "share"),
    "copied_cover": ("text in passages copied with their names and figures", "share"),
    "copied_words_log": ("words in copied passages", "count"),
    "passages_log": ("shared passages", "count"),
    "passage_similarity": ("likeness of the closest shared passage", "score"),
    "passage_verbatim_unquoted": ("the main shared passage word for word outside quotations", "share"),
    "passage_wording_log": ("words the main shared passage keeps", "count"),
    "passage_facts": ("names and figures the main shared passage keeps", "share"),
    "passage_figures": ("figures the main shared passage keeps", "share"),
    "passage_rare_log": ("rare words the main shared passage keeps", "count"),
    "passage_elsewhere_log": ("other articles holding the main shared passage", "count"),
    "aligned": ("sentences aligned", "flag"),
    "wholly_derived": ("sentences read as wholly taken", "flag"),
    "partially_derived": ("sentences read as partly taken", "flag"),
    "derived_from_source": ("one text traced sentence by sentence to the other", "share"),
    "source_used": ("the other text used", "share"),
    "cover_verbatim": ("text in sentences copied word for word", "share"),
    "cover_edited": ("text in sentences copied with small edits", "share"),
    "cover_paraphrase": ("text in paraphrased sentences", "share"),
    "links_log": ("sentences traced", "count"),
    "link_score_mean": ("closeness of the traced sentences on average", "score"),
    "link_score_max": ("closeness of the closest traced sentence", "score"),
    "placed_share": ("sentences paired only by their place in the text", "share"),
    "link_facts": ("names and figures the traced sentences keep", "share"),
    "run_links_log": ("longest run of traced sentences in order", "count"),
    "run_score": ("closeness of that run", "score"),
    "links_refilled": ("traced sentences with other names or figures in the same places as in a form", "share"),
    "words_short_log": ("the shorter text's content words", "count"),
    "length_ratio": ("how alike the two lengths are", "share"),
    "text_with_facts": ("shared wording with names and figures agreeing", "score"),
    "text_with_figures": ("shared wording with figures agreeing", "score"),
    "aligned_with_facts": ("traced text with names and figures agreeing", "score"),
    "passage_with_facts": ("a passage found nowhere else keeping its names and figures", "score"),
    "length_located": ("the shorter text's content words with reuse found in it", "count"),
    "facts_located": ("names and figures in common where reused text is found", "share"),
}

#: The refusals of :func:`dedup.decision.refuse_chance_order`, first among a refused pair's reasons against: what
#: each read, and how its value reads (``surprise``: the order's surprise in powers of ten, shown as the chance it
#: gives).
REFUSAL_LABELS = {
    "order_at_chance": ("shared words kept in an order chance would give", "surprise"),
    "form_refilled": ("traced sentences alike but for their figures, as a form filled in on another day", "share"),
    "other_subjects": ("one template filled in for two subjects, neither text naming the other's", "flag"),
    "retold_lead": ("one story's lead retold in the other's prose, all the two share", "flag"),
    "passage_facts_apart": ("shared passages alone, each apart in its names and figures", "flag"),
}


def _known(feature: str) -> tuple[str, str] | None:
    return FEATURE_LABELS.get(feature) or REFUSAL_LABELS.get(feature)


def feature_label(feature: str) -> str:
    """The words the reports use for ``feature`` (a feature or a refusal); one they do not know, its name with
    spaces.

    >>> feature_label("form_refilled")
    'traced sentences alike but for their figures, as a form filled in on another day'
    """
    known = _known(feature)
    return known[0] if known else feature.replace("_", " ")


def reason_label(feature: Any, value: float | None = None) -> str:
    """The words for one reason, what it measured and what it found: ``feature`` and its ``value``, or a
    reason (an object or the JSON's dict) as ``feature``."""
    if not isinstance(feature, str):
        reason = feature
        get = reason.get if isinstance(reason, dict) else lambda key: getattr(reason, key, None)
        feature, value = str(get("feature")), get("value")
    label = feature_label(feature)
    if value is None:
        return label
    unit = (_known(feature) or ("", "score"))[1]
    value = float(value)
    if unit == "surprise":
        shown = f"a chance of 1 in {10 ** value:,.0f}"
    elif unit == "share":
        shown = f"{value:.0%}"
    elif unit == "count":
        shown = f"{round(math.expm1(value)):,}"
    elif unit == "flag":
        shown = "yes" if value else "no"
    else:
        shown = f"{value:.2f}"
    return f"{label} ({shown})"


def weighed(contribution: Any) -> bool:
    """Whether a reason's weight shows as one, at the one decimal the reports print it to: a feature that moved
    the log-odds by 0.001 read "figures that differ (3) -0.0" among those that "weighed most" against a verdict,
    as if three figures that differ had counted (its weight is in ``--json``'s ``why``).

    >>> [weighed(c) for c in (1.7, -0.3, 0.05, -0.001, 0.0, None)]
    [True, True, True, False, False, False]
    """
    return isinstance(contribution, (int, float)) and abs(contribution) >= 0.05


def direction_why(reason: str | None, published: tuple[Any, Any] | None = None) -> str:
    """A direction's reason shown beside "direction: unknown": without its own leading "unknown: ".

    ``published``: the two articles' publication times as given. The reason says "no publication times"
    whenever the times did not tell (none, one missing, one not read as a time, or the same moment), and a
    desk looking at two articles stamped 07:02:24 both was told they had none: with both given, the reason
    says what they were.

    >>> direction_why("unknown: no publication times, and the texts cover each other alike (...)")
    'no publication times, and the texts cover each other alike (...)'
    >>> direction_why("unknown: no publication times, and ...", ("1987-04-02T07:02:24Z", "1987-04-02T07:02:24Z"))
    'both published at 1987-04-02T07:02:24Z (the same moment), and ...'
    """
    reason = reason or ""
    reason = reason[len("unknown: "):] if reason.startswith("unknown: ") else reason
    given = [str(p).strip() for p in published or () if p is not None and str(p).strip()]
    if len(given) == 2 and reason.startswith("no publication times"):
        times = (f"both published at {given[0]} (the same moment)" if given[0] == given[1] else
                 f"publication times that do not tell which came first ({given[0]}, {given[1]})")
        reason = times + reason[len("no publication times"):]
    return reason


def sentences_reading(verdict: str, *, directed: bool, left: str = "the left", right: str = "the right text") -> str:
    """The sentence alignment's own reading (``wholly_derived``, ...) in words that claim what it measured and
    no more: "wholly derived" was said of a text 60% of which has a counterpart in the other, and of a pair
    whose direction is unknown, where neither text is known to be derived. ``left`` and ``right`` name the
    two texts as laid out when the direction is unknown.

    >>> sentences_reading("wholly_derived", directed=True)
    'most of the derived text traced to the source'
    >>> sentences_reading("partially_derived", directed=False, left="A", right="B")
    'part of B has a counterpart in A'
    >>> sentences_reading("independent", directed=False)
    'little traced sentence by sentence; names and figures in common'
    """
    amount = {"wholly_derived": "most", "partially_derived": "part"}.get(verdict)
    if amount is None:
        common = "; names and figures in common" if verdict == "independent" else ""
        return f"little traced sentence by sentence{common}" if verdict in ("independent", "unrelated") else verdict.replace("_", " ")
    if directed:
        return f"{amount} of the derived text traced to the source"
    return f"{amount} of {right} has a counterpart in {left}"
