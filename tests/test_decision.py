"""The decision: every verdict rule, what to align and where, and the facts of linked sentences."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from dedup.candidates import Vocabulary
from dedup.errors import SettingsError
from dedup.shingles import tokenize_batch
from dedup.alignment import Coverage
from dedup.decision import Thresholds, island
from dedup.decision import reworded as is_reworded
from dedup.decision import decide as decide_verdict
from dedup.evidence import Evidence, SharedPassage, features, score_pair, with_spread
from dedup.decision import link_facts, what_to_align, worth_aligning
from dedup.decision import decide
from dedup.documents import Document
from dedup.verify import align_pair

STORY = (
    "Acme Corp said its board declared a quarterly dividend of 10 cts a share, payable April 1 to holders "
    "of record March 15. The company also said net profit rose to 12.5 mln dlrs in the first quarter."
)
TEMPLATE = (
    "Beta Industries said its board declared a quarterly dividend of 22 cts a share, payable May 4 to holders "
    "of record April 20. The company also said net profit rose to 3.1 mln dlrs in the first quarter."
)


def evidence(a: str, b: str) -> Evidence:
    batch = tokenize_batch([a, b])
    fa, fb = features(batch, np.array([[0, len(a)], [0, len(b)]]), vocab=Vocabulary.empty())
    return score_pair(fa, fb, len_a=len(a), len_b=len(b))


def test_identical_texts() -> None:
    ev = evidence(STORY, STORY)
    assert ev.jaccard == 1.0 and ev.a_in_b == 1.0 and ev.fact_agreement == 1.0
    assert decide_verdict(ev, None) == "duplicate"


def test_template_with_other_names_and_figures_is_not_a_copy() -> None:
    ev = evidence(STORY, TEMPLATE)
    assert ev.fact_agreement < 0.6
    assert decide_verdict(ev, None) is None


def test_prefix_is_partial() -> None:
    long = STORY + " " + " ".join(f"Separate paragraph number {i} about other matters entirely." for i in range(12))
    ev = evidence(STORY, long)
    assert ev.a_in_b == 1.0 and ev.b_in_a < 0.5
    assert decide_verdict(ev, None) == "partial"


class FakeLink:
    def __init__(self, score: float, placed: bool = False) -> None:
        self.score, self.placed = score, placed


def _coverage(shares: dict[str, float]) -> Coverage:
    values = {"derived_from_source": 0.0, "source_used": 0.0, "verbatim": 0.0, "edited": 0.0, "paraphrase": 0.0,
              "new": 0.0}
    return Coverage(**(values | shares))


class FakeAlignment:
    def __init__(self, verdict: str, coverage: dict[str, float], scores: tuple[float, ...] = (0.7, 0.7, 0.7)) -> None:
        self.verdict, self.shares = verdict, coverage
        self.links = [FakeLink(x) for x in scores]

    @property
    def coverage(self) -> Coverage:
        return _coverage(self.shares)


def test_alignment_confirms_a_rewrite_but_never_refutes_copied_text() -> None:
    low = Evidence(0.05, 0.1, 0.1, 0.45, 0.9)
    rewrite = FakeAlignment("wholly_derived", {"derived_from_source": 0.9, "paraphrase": 0.8})
    assert decide_verdict(low, rewrite) == "rewrite"
    partly = FakeAlignment("partially_derived", {"derived_from_source": 0.3, "paraphrase": 0.3})
    assert decide_verdict(low, partly) == "partial"
    assert decide_verdict(low, FakeAlignment("independent", {})) is None
    contained = Evidence(0.3, 0.9, 0.3, 0.5, 1.0)
    assert decide_verdict(contained, FakeAlignment("unrelated", {})) == "partial"
    loose = Evidence(0.1, 0.2, 0.2, 0.5, 1.0)
    assert decide_verdict(loose, FakeAlignment("independent", {})) is None
    high = Evidence(0.9, 0.9, 0.9, 0.9, 1.0)
    assert decide_verdict(high, FakeAlignment("unrelated", {})) == "duplicate"


def test_placed_links_do_not_weigh_in_the_verdict() -> None:
    low = Evidence(0.05, 0.1, 0.1, 0.45, 0.9)
    rewrite = FakeAlignment("wholly_derived", {"derived_from_source": 0.9, "paraphrase": 0.8})
    rewrite.links += [FakeLink(0.2), FakeLink(0.2)]  # worded: low, they sink the mean below the bar
    assert decide_verdict(low, rewrite) is None
    rewrite.links[-2:] = [FakeLink(0.2, placed=True), FakeLink(0.2, placed=True)]
    assert decide_verdict(low, rewrite) == "rewrite"


@pytest.mark.parametrize(
    ("passage", "reworded"),
    [
        (SharedPassage((0, 500), (0, 480), 0.6, 0.1, 1.0, 20, 1.0), True),
        (SharedPassage((0, 500), (0, 480), 0.6, 0.1, 1.0, 20, 0.4), False),  # other figures: a template
        (SharedPassage((0, 500), (0, 480), 0.6, 0.1, 0.3, 20, 1.0), False),  # other names
        (SharedPassage((0, 500), (0, 480), 0.6, 0.1, 1.0, 5, 1.0), False),  # names and figures, little wording
        (SharedPassage((0, 500), (0, 480), 0.4, 0.1, 1.0, 20, 1.0), False),  # too loose a match
    ],
    ids=["reworded", "figures-differ", "names-differ", "little-wording", "loose"],
)
def test_reworded_passage_is_partial(passage: SharedPassage, reworded: bool) -> None:
    ev = Evidence(0.01, 0.02, 0.02, 0.1, 0.5, (passage,))
    assert is_reworded(passage, Thresholds()) is reworded
    assert decide_verdict(ev, None) == ("partial" if reworded else None)


@pytest.mark.parametrize(("content_jaccard", "verdict"), [(0.02, "partial"), (0.12, None)],
                         ids=["stands-alone", "same-story-throughout"])
def test_looser_reworded_passage_counts_only_where_it_stands_alone(content_jaccard: float, verdict: str | None) -> None:
    # 45% overlap with 9 shared words: too loose for two texts on one story, enough inside unrelated texts
    passage = SharedPassage((0, 300), (0, 280), 0.45, 0.05, 1.0, 9, 1.0)
    ev = Evidence(0.0, 0.0, 0.0, content_jaccard, 0.5, (passage,))
    assert island(ev, Thresholds()) is (content_jaccard < 0.05)
    assert decide_verdict(ev, None) == verdict
    # the island bars are bars of their own: below them, or without the names, nothing
    assert decide_verdict(ev, None, Thresholds(island_similarity=0.5)) is None
    assert decide_verdict(ev, None, Thresholds(island_words=10)) is None
    assert decide_verdict(replace(ev, passages=(replace(passage, facts=0.3),)), None) is None


def test_reworded_passage_in_everyday_words_only_is_a_form() -> None:
    # a prospectus line, reworded: the same fifteen words, none of them rare where every notice says them
    a = ("Proceeds from the offering will be used to repay bank debt, fund working capital and for general corporate "
         "purposes, the company said, adding that underwriters led by its investment bankers would sell the shares.")
    b = ("The company said it would use proceeds of the offering for general corporate purposes, working capital and "
         "to repay bank debt; its investment bankers would lead underwriters selling the shares.")
    batch = tokenize_batch([a, b])
    everyday = np.unique(batch.hashes)
    for vocab, rare, verdict in ((Vocabulary.empty(), 15, "partial"),
                                 (Vocabulary(everyday, np.full(len(everyday), 0.3), everyday[:0]), 0, None)):
        fa, fb = features(batch, np.array([[0, len(a)], [0, len(b)]]), vocab=vocab)
        ev = score_pair(fa, fb, windows=[((0, len(a)), (0, len(b)))], len_a=len(a), len_b=len(b))
        (passage,) = ev.passages
        assert (passage.wording, passage.rare) == (15, rare)
        assert decide_verdict(ev, None) == verdict
        assert decide_verdict(ev, None, Thresholds(reworded_rare=0)) == "partial"


@pytest.mark.parametrize(("n_links", "verdict"), [(4, None), (7, None), (8, "rewrite"), (21, "rewrite")])
def test_a_long_run_of_moderate_links_is_a_rewrite(n_links: int, verdict: str | None) -> None:
    # a human rewrite of a long story: many sentences kept at moderate scores (mean 0.52); a few links
    # at that mean are what two reports of one event can reach
    low = Evidence(0.05, 0.1, 0.1, 0.45, 0.9)
    scores = tuple(0.52 + (0.1 if k % 2 else -0.1) * (k < n_links - n_links % 2) for k in range(n_links))
    alignment = FakeAlignment("wholly_derived", {"derived_from_source": 0.95, "paraphrase": 0.9}, scores)
    assert abs(float(np.mean(scores)) - 0.52) < 1e-9
    assert decide_verdict(low, alignment) == verdict
    assert decide_verdict(low, alignment, Thresholds(many_links=30)) is None
    # only for a rewrite of nearly the whole article: not for part of one, nor for a looser share of it
    alignment.shares = {"derived_from_source": 0.7, "paraphrase": 0.7}
    assert decide_verdict(low, alignment) is None
    alignment.verdict, alignment.shares = "partially_derived", {"derived_from_source": 0.4, "paraphrase": 0.4}
    assert decide_verdict(low, alignment) is None


def test_spread_counts_other_documents_sharing_the_stretch() -> None:
    def ev(a: tuple[int, int], b: tuple[int, int], similarity: float = 0.6) -> Evidence:
        return Evidence(0.01, 0.02, 0.02, 0.1, 0.5, (SharedPassage(a, b, similarity, 0.1, 1.0, 20, 1.0),))

    # document 0's stretch 100-300 turns up in documents 1, 2, 3 and 4 (a form); 5 shares another
    # stretch; 6 shares the first one only loosely, which does not count
    pairs = [(0, 1), (0, 2), (0, 3), (0, 4), (0, 5), (0, 6)]
    found = with_spread(pairs, [ev((100, 300), (0, 200))] * 4 + [ev((900, 1100), (0, 200)), ev((100, 300), (0, 200), 0.35)])
    assert [e.passages[0].elsewhere for e in found] == [3, 3, 3, 3, 0, 4]
    assert [decide_verdict(e, None) for e in found[:5]] == [None] * 4 + ["partial"]
    assert decide_verdict(found[0], None, Thresholds(reworded_elsewhere=3)) == "partial"
    # with the form in only one other document, the pair is reuse
    assert [e.passages[0].elsewhere for e in with_spread(pairs[:2], [ev((100, 300), (0, 200))] * 2)] == [1, 1]


def test_thresholds_validate() -> None:
    with pytest.raises(SettingsError, match="duplicate"):
        Thresholds(duplicate=2.0)
    with pytest.raises(SettingsError, match="reworded_words"):
        Thresholds(reworded_words=0)
    with pytest.raises(SettingsError, match="reworded_figures"):
        Thresholds(reworded_figures=1.5)
    with pytest.raises(SettingsError, match="reworded_elsewhere"):
        Thresholds(reworded_elsewhere=-1)
    with pytest.raises(SettingsError, match="reworded_rare"):
        Thresholds(reworded_rare=-1)
    with pytest.raises(SettingsError, match="many_links"):
        Thresholds(many_links=0)
    with pytest.raises(SettingsError, match="island_content"):
        Thresholds(island_content=-0.1)
    with pytest.raises(SettingsError, match="island_words"):
        Thresholds(island_words=0)
    assert Thresholds(reworded_similarity=0.6, island_similarity=0.45).spread_similarity == 0.45


def test_aligned_pair_whose_linked_facts_differ_is_not_reported() -> None:
    low = Evidence(0.05, 0.1, 0.1, 0.45, 0.9)
    rewrite = FakeAlignment("wholly_derived", {"derived_from_source": 0.9, "paraphrase": 0.8})
    assert decide_verdict(low, rewrite, facts_in_links=0.2) is None


def test_weak_or_short_alignments_are_not_reported() -> None:
    low = Evidence(0.05, 0.1, 0.1, 0.45, 0.9)
    weak = FakeAlignment("wholly_derived", {"derived_from_source": 0.9}, scores=(0.42, 0.45, 0.5))
    assert decide_verdict(low, weak) is None
    two = FakeAlignment("partially_derived", {"derived_from_source": 0.3}, scores=(0.8, 0.8))
    assert decide_verdict(low, two) is None


class FakePassage:
    def __init__(self, span: tuple[int, int]) -> None:
        self.derived_span = span


class FakeSpanLink:
    def __init__(self, start: int, score: float) -> None:
        self.derived_spans, self.score, self.placed = ((start, start + 10),), score, False


class FakeLongAlignment:
    """A long article with one run of reworded sentences: the article-level verdict says independent."""

    verdict = "independent"
    coverage = _coverage({"derived_from_source": 0.05})

    def __init__(self, scores: tuple[float, ...]) -> None:
        self.links = [FakeSpanLink(100 + 20 * k, x) for k, x in enumerate(scores)]

    def passages(self) -> list[FakePassage]:
        return [FakePassage((100, 100 + 20 * len(self.links)))]


def test_a_run_of_confident_reworded_links_in_a_long_article_is_partial() -> None:
    low = Evidence(0.01, 0.02, 0.02, 0.05, 0.2)
    assert decide_verdict(low, FakeLongAlignment((0.7, 0.72, 0.68, 0.75))) == "partial"
    assert decide_verdict(low, FakeLongAlignment((0.7, 0.72, 0.68))) is None  # too few
    assert decide_verdict(low, FakeLongAlignment((0.55, 0.56, 0.57, 0.58))) is None  # not confident enough
    assert decide_verdict(low, FakeLongAlignment((0.7, 0.72, 0.68, 0.75)), facts_in_links=0.1) is None


COPIED = SharedPassage((10, 400), (2000, 2390), 0.9, verbatim=0.95, facts=1.0, wording=30)
WIRE_STORY = ("Harlow port workers walked out on Monday after talks with Kestrel Shipping broke down. "
          "The union said 1,200 members joined the strike. Kestrel said it would meet the union on Thursday.")
REWRITE = ("Talks between Kestrel Shipping and dockers in Harlow collapsed on Monday, and the workers walked out. "
           "Some 1,200 union members joined the stoppage, the union said. Kestrel plans to meet the union on Thursday.")
OTHER_PORT = ("Ardmore port workers walked out on Monday after talks with Valdez Shipping broke down. "
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
    wire, rewrite, template = Document("wire", WIRE_STORY), Document("paper", REWRITE), Document("other", OTHER_PORT)
    fw, fr, ft = _features(WIRE_STORY, REWRITE, OTHER_PORT)
    kept = align_pair(wire, rewrite)
    assert kept.links and link_facts(fw, fr, kept, "wire") >= 0.5  # type: ignore[arg-type]
    swapped = link_facts(fr, fw, kept, "paper")  # type: ignore[arg-type]
    assert swapped == link_facts(fw, fr, kept, "wire")  # type: ignore[arg-type]  # either side first
    other = align_pair(wire, template)
    assert other.links and link_facts(fw, ft, other, "wire") < Thresholds().link_facts  # type: ignore[arg-type]
    assert link_facts(fw, fr, None, "wire") == 0.0  # type: ignore[arg-type]


def test_decide_needs_agreeing_facts_in_the_links() -> None:
    wire, rewrite = Document("wire", WIRE_STORY), Document("paper", REWRITE)
    alignment = align_pair(wire, rewrite)
    low = Evidence(0.05, 0.1, 0.1, 0.45, 0.9)
    assert alignment.verdict == "wholly_derived"
    assert decide(low, alignment, facts_in_links=1.0) == "rewrite"
    assert decide(low, alignment, facts_in_links=0.2) is None
    assert decide(low, None) is None
