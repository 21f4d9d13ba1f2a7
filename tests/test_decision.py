"""The decision: what to align and where, and the names and figures of linked sentences (real alignments)."""

from __future__ import annotations

import numpy as np
import pytest

from dedup.candidates import Vocabulary
from dedup.decision import Thresholds, decide, link_facts, what_to_align, worth_aligning
from dedup.documents import Document
from dedup.evidence import Evidence, SharedPassage, features
from dedup.shingles import tokenize_batch
from dedup.verify import align_pair

COPIED = SharedPassage((10, 400), (2000, 2390), 0.9, verbatim=0.95, facts=1.0, wording=30)
SOURCE = ("Harlow port workers walked out on Monday after talks with Kestrel Shipping broke down. "
          "The union said 1,200 members joined the strike. Kestrel said it would meet the union on Thursday.")
REWRITE = ("Talks between Kestrel Shipping and dockers in Harlow collapsed on Monday, and the workers walked out. "
           "Some 1,200 union members joined the stoppage, the union said. Kestrel plans to meet the union on Thursday.")
TEMPLATE = ("Ardmore port workers walked out on Monday after talks with Valdez Shipping broke down. "
            "The union said 800 members joined the strike. Valdez said it would meet the union on Friday.")


@pytest.mark.parametrize(("evidence", "expected"), [
    (Evidence(0.01, 0.05, 0.04, 0.05, 1.0, (COPIED,), 0.03, 0.02, copied_words=40), ((COPIED.a, COPIED.b),)),
    (Evidence(0.3, 0.7, 0.4, 0.5, 1.0, (COPIED,), 0.6, 0.4, copied_words=40), ()),
    (Evidence(0.02, 0.05, 0.05, 0.35, 0.8), ()),
    (Evidence(0.02, 0.05, 0.05, 0.35, 0.3), None),
    (Evidence(0.0, 0.0, 0.0, 0.01, 1.0, (SharedPassage((0, 50), (0, 50), 0.5, wording=2),)), None),
    (Evidence(0.0, 0.0, 0.0, 0.01, 1.0, (SharedPassage((0, 50), (0, 50), 0.5, wording=3),)), ()),
], ids=["copied-passages-only-their-regions", "much-shared-whole-texts", "rewrite-like-whole-texts",
        "facts-disagree-skip", "passage-too-few-words-skip", "passage-enough-words"])
def test_what_to_align(evidence: Evidence, expected: object) -> None:
    assert what_to_align(evidence) == expected
    assert worth_aligning(evidence) is (expected is not None)


def _features(*texts: str) -> list[object]:
    batch = tokenize_batch(list(texts))
    bounds = np.array([(0, len(t)) for t in texts], dtype=np.int64)
    return features(batch, bounds, vocab=Vocabulary.empty())  # type: ignore[return-value]


def test_link_facts_keeps_a_rewrite_and_catches_a_template() -> None:
    wire, rewrite, template = Document("wire", SOURCE), Document("paper", REWRITE), Document("other", TEMPLATE)
    fw, fr, ft = _features(SOURCE, REWRITE, TEMPLATE)
    kept = align_pair(wire, rewrite)
    assert kept.links and link_facts(fw, fr, kept, "wire") >= 0.5  # type: ignore[arg-type]
    swapped = link_facts(fr, fw, kept, "paper")  # type: ignore[arg-type]
    assert swapped == link_facts(fw, fr, kept, "wire")  # type: ignore[arg-type]  # either side first
    other = align_pair(wire, template)
    assert other.links and link_facts(fw, ft, other, "wire") < Thresholds().link_facts  # type: ignore[arg-type]
    assert link_facts(fw, fr, None, "wire") == 0.0  # type: ignore[arg-type]


def test_decide_needs_agreeing_facts_in_the_links() -> None:
    wire, rewrite = Document("wire", SOURCE), Document("paper", REWRITE)
    alignment = align_pair(wire, rewrite)
    low = Evidence(0.05, 0.1, 0.1, 0.45, 0.9)
    assert alignment.verdict == "wholly_derived"
    assert decide(low, alignment, facts_in_links=1.0) == "rewrite"
    assert decide(low, alignment, facts_in_links=0.2) is None
    assert decide(low, None) is None
