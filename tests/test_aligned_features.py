"""dedup.aligned_features: the features an alignment sets, a speaker's words linked alone left out of them, the
longest run of links read on the derived side."""

from __future__ import annotations

import math

import numpy as np
import pytest

from _verdict_pairs import CEILING_PAIRS
from dedup.aligned_features import ALIGNED_FEATURES, _derived_passage_spans, _longest_run, alignment_features
from dedup.documents import Document
from dedup.features import FEATURES
from dedup.verify import align_pair
from test_quotations import REPORT_A, REPORT_B


def test_the_block_an_alignment_sets_is_the_vectors() -> None:
    block = FEATURES[FEATURES.index("aligned"):FEATURES.index("links_refilled") + 1]
    assert len(block) == ALIGNED_FEATURES == len(alignment_features(None, 0.0))
    a, b = CEILING_PAIRS[0]
    assert len(alignment_features(align_pair(Document("a", a), Document("b", b)), 1.0)) == ALIGNED_FEATURES


def _longest_run_as_written(alignment, links):  # type: ignore[no-untyped-def]
    """:func:`dedup.aligned_features._longest_run` as first written, over the trimmed passages: the reference."""
    best = (0, 0.0)
    for passage in alignment.passages():
        lo, hi = passage.derived_span
        scores = [lk.score for lk in links if lo <= lk.derived_spans[0][0] < hi]
        if (len(scores), float(np.mean(scores)) if scores else 0.0) > best:
            best = (len(scores), float(np.mean(scores)))
    return best


# a story pasted into running text twice, with words before and after each paste that the source lacks
_PASTED_SOURCE = ("Heavy rain flooded the Danube valley on Monday, forcing 2,300 people from their homes. "
                  "Officials in Linz said the river rose 4.5 metres overnight. Rescue teams used boats to reach "
                  "villages. The national weather service expects more rain on Wednesday. Schools stayed shut.")
_PASTED = ("In other news from abroad this week, heavy rain flooded the Danube valley on Monday, forcing 2,300 people "
           "from their homes. Officials in Linz said the river rose 4.5 metres overnight. Our correspondent adds "
           "that prices of bread rose sharply in the capital's markets. Rescue teams used boats to reach villages. "
           "The national weather service expects more rain on Wednesday, we were told by phone.")


def test_the_longest_run_reads_only_the_derived_side_of_the_passages() -> None:

    seen = 0
    for a, b in [*CEILING_PAIRS, (_PASTED_SOURCE, _PASTED), (_PASTED, _PASTED_SOURCE)]:
        alignment = align_pair(Document("a", a), Document("b", b))
        if alignment is None:
            continue
        assert _derived_passage_spans(alignment) == [p.derived_span for p in alignment.passages()]
        links = [lk for lk in alignment.links if not lk.placed]
        assert _longest_run(alignment, links) == _longest_run_as_written(alignment, links)
        seen += len(alignment.passages()) > 1 or alignment.passages() != alignment.passages(trim=False)
    assert seen  # passages that trimming cuts, or more than one


def _alignment_block(a: str, b: str) -> dict[str, float]:
    block = FEATURES[FEATURES.index("aligned"):FEATURES.index("links_refilled") + 1]
    return dict(zip(block, alignment_features(align_pair(Document("a", a), Document("b", b)), 1.0)))


def test_a_quotation_linked_alone_is_the_speakers_not_the_desks() -> None:
    # two reports give the governor's words, each with its own attribution: the link is the quotation alone
    plain = _alignment_block(REPORT_A.replace('"', ""), REPORT_B.replace('"', ""))
    quoted = _alignment_block(REPORT_A, REPORT_B)
    assert plain["links_log"] > 0 and plain["derived_from_source"] > 0
    assert quoted["links_log"] == 0 and quoted["derived_from_source"] < 1e-9 and quoted["link_facts"] == 0
    assert quoted["partially_derived"] == quoted["wholly_derived"] == 0
    assert quoted["placed_share"] == plain["placed_share"]
    # a copy carries the quotation with the sentences around it: every link counts as without the marks
    copy = "Schools stayed closed. " + REPORT_A
    kept, unmarked = _alignment_block(REPORT_A, copy), _alignment_block(REPORT_A.replace('"', ""), copy.replace('"', ""))
    assert kept["links_log"] == unmarked["links_log"] > 0
    assert kept == pytest.approx(unmarked, abs=0.01)  # the marks' own characters apart


RETOLD_SOURCE = ("The river burst its banks on Wednesday and about 1,800 people left their homes east of the city. "
                 "Army engineers raised sandbag barriers along the old town quay overnight. "
                 "Rail services on the western line were suspended until further notice. "
                 "\"We have not seen water rise this fast in a generation and we urge everyone to leave the warning "
                 "zones now,\" the governor told reporters. Forecasters expect more rain over the weekend.")
RETOLD = ("The river burst its banks on Wednesday, and some 1,800 people fled their homes east of the city. "
          "Army engineers put up sandbag barriers along the old town quay during the night. "
          "Rail services on the western line were halted until further notice. "
          "Shopkeepers on the quay spent the evening carrying stock upstairs. "
          "The governor said at a news conference: \"We have not seen water rise this fast in a generation and we "
          "urge everyone to leave the warning zones now.\"")


def test_a_quotation_kept_by_a_text_retold_in_its_sources_order_counts() -> None:
    # the quotation links alone (a sentence of the retelling's own stands before it, nothing after it) but the
    # three sentences before it follow the source's order: a rewrite keeping its source's quotation, traced
    retold, unmarked = _alignment_block(RETOLD_SOURCE, RETOLD), _alignment_block(
        RETOLD_SOURCE.replace('"', ""), RETOLD.replace('"', ""))
    assert retold["links_log"] == unmarked["links_log"] == pytest.approx(math.log1p(4))
    assert retold == pytest.approx(unmarked, abs=0.01)
    # the same quotation with one sentence of the source's retold before it: the speaker's words alone
    short = _alignment_block(RETOLD_SOURCE, RETOLD.split(" Army engineers")[0] + " " + RETOLD.split("upstairs. ")[1])
    assert short["links_log"] == pytest.approx(math.log1p(1))
