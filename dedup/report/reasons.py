"""The verdict's and the direction's reasons in words a reader of the reports knows.

A pair's ``why`` names the model's features (``passage_rare_log``, ``placed_share``): right for the JSON,
which a program reads and the model documents, but no help to an editor. The terminal and the HTML pages
show these labels instead; the JSON keeps the names.

>>> feature_label("fact_agreement")
'names and figures in common'
>>> feature_label("a_feature_added_later")
'a feature added later'
"""

from __future__ import annotations

__all__ = ["FEATURE_LABELS", "feature_label", "direction_why"]

#: Every feature of :data:`dedup.confidence.FEATURES`, as the reports name it. "The best passage" is the
#: most reworded passage the two texts share; counts (``*_log``) read as "how many".
FEATURE_LABELS = {
    "jaccard": "word 5-grams in common (Jaccard)",
    "containment_unquoted": "share of one text's 5-grams in the other outside quotations",
    "containment_min": "share of the other text's 5-grams in the one",
    "content_jaccard": "rare words in common",
    "fact_agreement": "names and figures in common",
    "figure_jaccard": "figures in common",
    "figure_containment": "share of one text's figures in the other",
    "figures_apart_log": "figures that differ",
    "figures_apart_share": "share of figures that differ",
    "form_slots_share": "sentences filled in with other numbers (a form)",
    "copied_cover": "share covered by copied passages",
    "copied_words_log": "words in copied passages",
    "passages_log": "shared passages",
    "passage_similarity": "likeness of the best shared passage",
    "passage_verbatim_unquoted": "word-for-word share of the best passage outside quotations",
    "passage_wording_log": "words the best passage keeps",
    "passage_facts": "names and figures the best passage keeps",
    "passage_figures": "figures the best passage keeps",
    "passage_rare_log": "rare words the best passage keeps",
    "passage_elsewhere_log": "other articles with the best passage",
    "aligned": "sentences aligned",
    "wholly_derived": "sentences: wholly derived",
    "partially_derived": "sentences: partially derived",
    "derived_from_source": "share of the derived text traced to the source",
    "source_used": "share of the source used",
    "cover_verbatim": "share linked verbatim",
    "cover_edited": "share linked as edited",
    "cover_paraphrase": "share linked as paraphrase",
    "links_log": "linked sentences",
    "link_score_mean": "mean score of the links",
    "link_score_max": "best link score",
    "placed_share": "share of links placed by position only",
    "link_facts": "names and figures the linked sentences keep",
    "run_links_log": "longest run of links in order",
    "run_score": "score of the longest run of links",
    "links_refilled": "linked sentences with their figures changed",
    "words_short_log": "length of the shorter text",
    "length_ratio": "lengths alike",
    "text_with_facts": "shared 5-grams with names and figures kept",
    "text_with_figures": "shared 5-grams with figures kept",
    "aligned_with_facts": "text traced to the source with names and figures kept",
    "passage_with_facts": "a passage found nowhere else with names and figures kept",
    "length_located": "length where a passage is shared or text traced",
    "facts_located": "names and figures agreeing where a passage is shared or text traced",
}


def feature_label(feature: str) -> str:
    """The words the reports use for ``feature``; a feature they do not know, its name with spaces."""
    return FEATURE_LABELS.get(feature) or feature.replace("_", " ")


def direction_why(reason: str | None) -> str:
    """A direction's reason shown beside "direction: unknown": without its own leading "unknown: ".

    >>> direction_why("unknown: no publication times, and the texts cover each other alike (...)")
    'no publication times, and the texts cover each other alike (...)'
    """
    reason = reason or ""
    return reason[len("unknown: "):] if reason.startswith("unknown: ") else reason
