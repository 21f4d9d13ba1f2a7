"""The decision: the learned verdict against min_confidence, what to align and where, the facts of linked
sentences."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest

from dedup.vocabulary import Vocabulary
from dedup.errors import SettingsError
from dedup.shingles import tokenize_batch
from dedup.confidence import Judgement, Reason
from dedup.decision import (BARS, CHANCE_ORDER, REFUSED, EvidenceBars, Thresholds, decide, island, judge, judge_many,
                            link_facts, located_stretches, refuse_chance_order, reworded, verdict_model, what_to_align,
                            worth_aligning)
from dedup.documents import Document
from dedup.evidence import Evidence, SharedPassage, score_pair
from dedup.exact_sets import features
from dedup.verify import align_pair


STORY = (
    "Acme Corp said its board declared a quarterly dividend of 10 cts a share, payable April 1 to holders "
    "of record March 15. The company also said net profit rose to 12.5 mln dlrs in the first quarter."
)
TEMPLATE = (
    "Beta Industries said its board declared a quarterly dividend of 22 cts a share, payable May 4 to holders "
    "of record April 20. The company also said net profit rose to 3.1 mln dlrs in the first quarter."
)
# a prospectus line, reworded: the same fifteen words, none of them rare where every notice says them
PROSPECTUS = ("Proceeds from the offering will be used to repay bank debt, fund working capital and for general "
              "corporate purposes, the company said, adding that underwriters led by its investment bankers would "
              "sell the shares.")
PROSPECTUS_REWORDED = ("The company said it would use proceeds of the offering for general corporate purposes, "
                       "working capital and to repay bank debt; its investment bankers would lead underwriters "
                       "selling the shares.")


def measured(a: str, b: str):  # type: ignore[no-untyped-def]
    """Evidence and features of two texts whose passage windows collide over their whole length, as
    the candidate stage gives them for texts this short."""
    batch = tokenize_batch([a, b])
    fa, fb = features(batch, np.array([[0, len(a)], [0, len(b)]]), vocab=Vocabulary.empty())
    return score_pair(fa, fb, windows=[((0, len(a)), (0, len(b)))], len_a=len(a), len_b=len(b)), fa, fb


def test_identical_texts_are_a_duplicate() -> None:
    # aligned, as every entry point aligns a pair that shares text (what_to_align)
    ev, fa, fb = measured(STORY, STORY)
    assert what_to_align(ev) == ()
    aligned = align_pair(Document("a", STORY), Document("b", STORY))
    judged = decide(ev, fa, fb, aligned, facts_in_links=link_facts(fa, fb, aligned, "a"), texts=(STORY, STORY))
    assert judged is not None and judged.kind == "duplicate" and judged.confidence > 0.95


def test_an_unaligned_scan_judges_with_its_own_model() -> None:
    # without an alignment the aligned model reads a copy as a pair whose alignment found nothing; the
    # model fitted on pairs without their alignment (--no-align) sees identical texts for what they are
    ev, fa, fb = measured(STORY, STORY)
    case = (ev, fa, fb, None, 0.0, (STORY, STORY))
    (aligned,), (loose,) = judge_many([case]), judge_many([case], aligned=False)
    assert loose.kind == "duplicate" and loose.confidence > 0.95 > aligned.confidence
    assert verdict_model(False) is not verdict_model(True)
    assert Thresholds().bar(False) == verdict_model(False).min_confidence
    assert Thresholds(0.9).bar(False) == Thresholds(0.9).bar(True) == 0.9  # a bar set is the bar in both


def test_template_with_other_names_and_figures_is_not_a_copy() -> None:
    assert decide(*measured(STORY, TEMPLATE), texts=(STORY, TEMPLATE)) is None


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        (SharedPassage((0, 500), (0, 480), 0.6, 0.1, 1.0, 20, 1.0), True),
        (SharedPassage((0, 500), (0, 480), 0.6, 0.1, 1.0, 20, 0.4), False),  # other figures: a template
        (SharedPassage((0, 500), (0, 480), 0.6, 0.1, 0.3, 20, 1.0), False),  # other names
        (SharedPassage((0, 500), (0, 480), 0.6, 0.1, 1.0, 5, 1.0), False),  # names and figures, little wording
        (SharedPassage((0, 500), (0, 480), 0.4, 0.1, 1.0, 20, 1.0), False),  # too loose a match
    ],
    ids=["reworded", "figures-differ", "names-differ", "little-wording", "loose"],
)
def test_reworded_passage(passage: SharedPassage, expected: bool) -> None:
    assert reworded(passage) is expected


def test_looser_bars_for_a_passage_that_stands_alone() -> None:
    # 45% overlap with 9 shared words: too loose for two texts on one story, enough inside unrelated texts
    passage = SharedPassage((0, 300), (0, 280), 0.45, 0.05, 1.0, 9, 1.0)
    for content_jaccard, alone in ((0.02, True), (0.12, False)):
        ev = Evidence(0.0, 0.0, 0.0, content_jaccard, 0.5, (passage,))
        assert island(ev) is alone
        assert reworded(passage, island=island(ev)) is alone
    assert not reworded(passage, EvidenceBars(island_words=10), island=True)


def test_a_passage_in_everyday_words_only_is_not_reworded_reuse() -> None:
    for vocab, expected in ((Vocabulary.empty(), True), (None, False)):
        a, b = PROSPECTUS, PROSPECTUS_REWORDED
        batch = tokenize_batch([a, b])
        everyday = np.unique(batch.hashes)
        vocab = vocab or Vocabulary(everyday, np.full(len(everyday), 0.3), everyday[:0])
        fa, fb = features(batch, np.array([[0, len(a)], [0, len(b)]]), vocab=vocab)
        (passage,) = score_pair(fa, fb, windows=[((0, len(a)), (0, len(b)))]).passages
        assert reworded(passage) is expected


def test_a_stretch_found_in_many_documents_is_no_reworded_reuse() -> None:
    passage = SharedPassage((100, 300), (0, 200), 0.6, 0.1, 1.0, 20, 1.0)
    assert reworded(passage) and reworded(replace(passage, elsewhere=2))
    assert not reworded(replace(passage, elsewhere=3))


def test_min_confidence_is_the_one_setting() -> None:
    with pytest.raises(SettingsError, match="min_confidence"):
        Thresholds(min_confidence=1.5)
    assert Thresholds(0.3).confidence_bar == 0.3
    assert 0.0 < Thresholds().confidence_bar < 1.0
    assert Thresholds().spread_similarity == BARS.spread_similarity == 0.4


def test_min_confidence_decides_what_is_reported() -> None:
    ev, fa, fb = measured(STORY, TEMPLATE)
    everything = decide(ev, fa, fb, t=Thresholds(0.0))
    assert everything is not None and everything.confidence < Thresholds().confidence_bar
    assert decide(ev, fa, fb, t=Thresholds(everything.confidence)) == everything
    assert decide(ev, fa, fb, t=Thresholds(min(1.0, everything.confidence + 1e-6))) is None


def test_pairs_judged_together_get_the_answers_each_gets_alone() -> None:
    wire, rewrite = Document("wire", WIRE_STORY), Document("paper", REWRITE)
    fw, fr = _features(WIRE_STORY, REWRITE)
    aligned = align_pair(wire, rewrite)
    # the copy with its alignment, as every entry point judges a pair sharing this much (what_to_align)
    copy = align_pair(Document("a", STORY), Document("b", STORY))
    ev, fa, fb = measured(STORY, STORY)
    cases = [(ev, fa, fb, copy, link_facts(fa, fb, copy, "a"), (STORY, STORY)),
             (*measured(STORY, TEMPLATE), None, 0.0, (STORY, TEMPLATE)),
             (score_pair(fw, fr), fw, fr, aligned, link_facts(fw, fr, aligned, "wire"), (WIRE_STORY, REWRITE))]
    alone = [judge(ev, fa, fb, al, facts_in_links=facts, texts=texts) for ev, fa, fb, al, facts, texts in cases]
    assert judge_many(cases) == alone  # to the last bit, reasons included
    bar = Thresholds().confidence_bar
    assert alone[0].confidence >= bar > alone[1].confidence  # the copy is reported, the template not
    reported = judge_many(cases, explain_from=bar)
    assert [j.confidence for j in reported] == [j.confidence for j in alone]
    assert reported[0].why == alone[0].why and reported[0].why and reported[1].why == () != alone[1].why
    assert judge_many([]) == []


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
    assert other.links and link_facts(fw, ft, other, "wire") < 0.5  # type: ignore[arg-type]
    assert link_facts(fw, fr, None, "wire") == 0.0  # type: ignore[arg-type]


def _facts_span_by_span(f, spans):  # type: ignore[no-untyped-def]
    """:func:`dedup.decision.facts_in_spans` as first written: each span's facts, then their union."""
    from dedup.passages import facts_in_span

    found = [facts_in_span(f, span) for span in spans]
    return set(np.unique(np.concatenate(found)).tolist()) if found else set()


@pytest.mark.parametrize("seed", range(6))
def test_facts_in_spans_equal_the_union_of_each_spans_facts(seed: int) -> None:
    # spans overlapping, nested, repeated, empty, reversed, past either end, starting inside a word
    from dedup.decision import facts_in_spans

    rng = np.random.default_rng(seed)
    text = WIRE_STORY + " " + REWRITE + " " + OTHER_PORT
    (f,) = _features(text)
    n = len(text)
    spans = [tuple(sorted(rng.integers(-5, n + 5, 2).tolist())) for _ in range(int(rng.integers(0, 12)))]
    spans += [(int(s), int(s)) for s in rng.integers(0, n, 2)] + [(int(rng.integers(50, n)), 10)]
    for k in range(len(spans) + 1):
        assert facts_in_spans(f, spans[:k]) == _facts_span_by_span(f, spans[:k])
    whole = facts_in_spans(f, [(0, n)])
    assert whole and whole == set(f.content_tokens[f.content_is_fact].tolist())


def test_link_facts_equal_the_span_by_span_reading() -> None:
    # the alignment's linked spans read in one pass: the same Jaccard as each span read alone
    from dedup.decision import _worded

    docs = {"wire": WIRE_STORY, "paper": REWRITE, "other": OTHER_PORT, "story": STORY, "template": TEMPLATE}
    feats = dict(zip(docs, _features(*docs.values())))
    linked = 0
    for a, b in [("wire", "paper"), ("wire", "other"), ("story", "template"), ("paper", "wire")]:
        alignment = align_pair(Document(a, docs[a]), Document(b, docs[b]))
        links = _worded(alignment)
        if not links:
            assert link_facts(feats[a], feats[b], alignment, a) == 0.0
            continue
        linked += 1
        fs, fd = (feats[a], feats[b]) if alignment.source_document.id == a else (feats[b], feats[a])
        sa = _facts_span_by_span(fs, [span for link in links for span in link.source_spans])
        sd = _facts_span_by_span(fd, [span for link in links for span in link.derived_spans])
        union = len(sa | sd)
        assert link_facts(feats[a], feats[b], alignment, a) == (len(sa & sd) / union if union else 1.0)
    assert linked >= 3


# a salad of STORY's and TEMPLATE's words: every word theirs, none in their order
SALAD = " ".join(random.Random(5).choice((STORY + " " + TEMPLATE).split()) for _ in range(400))
REPORTED = Judgement(0.8, "rewrite", (Reason("facts_located", 1.0, 1.7),))


def test_a_pair_about_to_be_reported_in_chance_order_is_refused() -> None:
    page = STORY + " " + TEMPLATE
    ev, _, _ = measured(page, SALAD)
    refused = refuse_chance_order(REPORTED, ev, None, (page, SALAD), 0.61, "en")
    assert refused.confidence == 0.6099 and refused.kind == "rewrite"
    first = refused.why[0]
    assert first.feature == REFUSED and first.value < CHANCE_ORDER and first.contribution < 0
    assert refused.why[1:] == REPORTED.why
    assert refuse_chance_order(REPORTED, ev, None, (page, SALAD), 0.6123, "en").confidence == 0.6122


def test_reuse_is_not_refused() -> None:
    ev, _, _ = measured(WIRE_STORY, REWRITE)
    assert refuse_chance_order(REPORTED, ev, None, (WIRE_STORY, REWRITE), 0.61, "en") is REPORTED
    ev, _, _ = measured(STORY, STORY)
    aligned = align_pair(Document("a", STORY), Document("b", STORY))
    assert refuse_chance_order(REPORTED, ev, aligned, (STORY, STORY), 0.61) is REPORTED  # language detected


@pytest.mark.parametrize("bar", [0.9, 0.0], ids=["under-the-bar", "no-bar"])
def test_only_a_pair_about_to_be_reported_is_read(bar: float) -> None:
    # under the bar nothing is read (the cost falls on the reported pairs); at a bar of 0 every pair is reported
    page = STORY + " " + TEMPLATE
    ev, _, _ = measured(page, SALAD)
    assert refuse_chance_order(REPORTED, ev, None, (page, SALAD), bar, "en") is REPORTED


def test_located_stretches_are_the_passages_and_the_worded_links() -> None:
    ev, _, _ = measured(STORY, STORY)
    assert located_stretches(ev, None, (STORY, STORY)) == [(STORY[p.a[0]:p.a[1]], STORY[p.b[0]:p.b[1]])
                                                            for p in ev.passages]
    aligned = align_pair(Document("a", STORY), Document("b", STORY))
    worded = [link for link in aligned.links if not link.placed]
    assert worded and len(located_stretches(ev, aligned, (STORY, STORY))) == len(ev.passages) + len(worded)


def test_decide_refuses_a_salad_the_model_reports() -> None:
    page = STORY + " " + TEMPLATE
    ev, fa, fb = measured(page, SALAD)
    judged = judge(ev, fa, fb, texts=(page, SALAD))
    bar = judged.confidence  # a bar the model's judgement reaches: the salad is about to be reported
    assert decide(ev, fa, fb, texts=(page, SALAD), t=Thresholds(bar)) is None
    assert decide(ev, fa, fb, texts=(page, SALAD), t=Thresholds(0.0)) == judged


def test_an_english_page_quoting_a_chinese_name_is_read_by_its_runs_of_words() -> None:
    # one Chinese name makes a text hold a character of a script without spaces; read as such a script (the
    # order of its shared character pairs only, the located stretches ignored), a PAN translation pair was refused
    page = WIRE_STORY + " Its chairman, Lu Xun (鲁迅), declined to comment."
    reordered = " ".join(reversed(WIRE_STORY.split(". ")))  # its sentences in another order: words' order kept
    ev, _, _ = measured(page, reordered)
    assert refuse_chance_order(REPORTED, ev, None, (page, reordered), 0.61, "en") is REPORTED


def test_a_copy_of_a_text_written_twice_is_not_refused() -> None:
    # written twice over, a Chinese story has no character pair found once in each copy (what its order is read
    # by); passages shared word for word keep their order by what they are
    import json
    from pathlib import Path
    text = json.loads((Path(__file__).resolve().parents[1] / "benchmarks" / "multilingual" / "zh.json")
                      .read_text(encoding="utf-8"))["source"] * 2
    ev, _, _ = measured(text, text)
    assert ev.copied_words > 0
    assert refuse_chance_order(REPORTED, ev, None, (text, text), 0.61, "zh") is REPORTED


def test_a_form_of_another_day_about_to_be_reported_is_refused() -> None:
    from _verdict_pairs import FORM_DAY_1, FORM_DAY_2

    from dedup.decision import FORM_REFILLED

    ev, _, _ = measured(FORM_DAY_1, FORM_DAY_2)
    aligned = align_pair(Document("a", FORM_DAY_1), Document("b", FORM_DAY_2))
    refused = refuse_chance_order(REPORTED, ev, aligned, (FORM_DAY_1, FORM_DAY_2), 0.61, "en")
    assert refused.confidence == 0.6099 and refused.why[0].feature == FORM_REFILLED
    assert refused.why[0].value == 1.0 and refused.why[0].contribution < 0 and refused.why[1:] == REPORTED.why
    # the same form copied keeps its figures: reported as judged
    copied = align_pair(Document("a", FORM_DAY_1), Document("b", FORM_DAY_1))
    ev, _, _ = measured(FORM_DAY_1, FORM_DAY_1)
    assert refuse_chance_order(REPORTED, ev, copied, (FORM_DAY_1, FORM_DAY_1), 0.61, "en") is REPORTED
    # under the bar nothing is read
    assert refuse_chance_order(REPORTED, ev, aligned, (FORM_DAY_1, FORM_DAY_2), 0.9, "en") is REPORTED


def test_a_refused_forms_slots_are_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from _verdict_pairs import FORM_DAY_1, FORM_DAY_2

    from dedup import forms
    from dedup.decision import FORM_REFILLED

    reads = []
    original = forms._held_links
    monkeypatch.setattr(forms, "_held_links", lambda *args: reads.append(1) or original(*args))
    ev, _, _ = measured(FORM_DAY_1, FORM_DAY_2)
    aligned = align_pair(Document("a", FORM_DAY_1), Document("b", FORM_DAY_2))
    refused = refuse_chance_order(REPORTED, ev, aligned, (FORM_DAY_1, FORM_DAY_2), 0.61, "en")
    assert refused.why[0].feature == FORM_REFILLED and refused.why[0].value == 1.0 and reads == [1]


#: One template filled in for two companies the same day: the same price rise, the same figures, two subjects.
UNOCAL = ("NEW YORK, March 12 - Unocal Corp said it raised the contract price it will pay for most grades of crude "
          "oil 50 cts a barrel, effective today. The increase brings Unocal's posted price for West Texas "
          "Intermediate to 17.50 dlrs a barrel.")
CITGO = ("NEW YORK, March 12 - Southland Corp's Citgo Petroleum Corp said it raised the contract price it will pay "
         "for crude oil 50 cts a barrel, effective today. The increase brings Citgo's posted price for West Texas "
         "Intermediate to 17.50 dlrs a barrel.")


def test_one_template_of_two_subjects_about_to_be_reported_is_refused() -> None:
    from dedup.decision import OTHER_SUBJECTS

    ev, _, _ = measured(UNOCAL, CITGO)
    aligned = align_pair(Document("a", UNOCAL), Document("b", CITGO))
    refused = refuse_chance_order(REPORTED, ev, aligned, (UNOCAL, CITGO), 0.61, "en")
    assert refused.confidence == 0.6099 and refused.why[0].feature == OTHER_SUBJECTS and refused.why[1:] == REPORTED.why
    # a rewrite of the Unocal story, its lead rephrased, names its subject: reported as judged
    rewrite = UNOCAL.replace("Unocal Corp said it raised", "Unocal Corp, the oil company, raised").replace(
        "effective today", "starting today")
    ev, _, _ = measured(UNOCAL, rewrite)
    aligned = align_pair(Document("a", UNOCAL), Document("b", rewrite))
    assert refuse_chance_order(REPORTED, ev, aligned, (UNOCAL, rewrite), 0.61, "en") is REPORTED


def _ev_with(*passages: SharedPassage) -> Evidence:
    return Evidence(jaccard=0.004, a_in_b=0.006, b_in_a=0.0116, content_jaccard=0.08, fact_agreement=0.56,
                    passages=passages)


#: Two stories of one commodity pact (the Reuters pair that shared this wording): alike in a stretch, apart in
#: every name and figure there.
_PACT_A = ("Direct cash contributions from members will fund buffer stock purchases, the council said, and "
           "bank financing was a particular feature of the failed ITC buffer stock.")
_PACT_B = ("Financing of purchases for the normal buffer stock of 400,000 tonnes would be done through direct "
           "cash contributions from members, he said.")


@pytest.mark.parametrize(("facts", "figures", "refused"), [(0.0, 0.0, True), (0.5, 0.0, False), (0.0, 1.0, False)],
                         ids=["apart-in-both", "a-name-kept", "no-figures-to-differ"])
def test_an_unaligned_pair_whose_every_passage_is_apart_in_its_facts_is_refused(facts: float, figures: float,
                                                                                 refused: bool) -> None:
    from dedup.decision import PASSAGE_FACTS_APART

    texts = (_PACT_A, _PACT_B)
    apart = SharedPassage((0, 60), (0, 60), 0.33, verbatim=0.04, facts=facts, wording=9, figures=figures)
    answer = refuse_chance_order(REPORTED, _ev_with(apart), None, texts, 0.61, "en")
    assert (answer.confidence == 0.6099 and answer.why[0].feature == PASSAGE_FACTS_APART) if refused \
        else answer is REPORTED
    # one passage keeping its facts beside it: reported as judged
    kept = SharedPassage((70, 120), (70, 120), 0.6, verbatim=0.5, facts=1.0, wording=12, figures=1.0)
    assert refuse_chance_order(REPORTED, _ev_with(apart, kept), None, texts, 0.61, "en") is REPORTED


def test_a_passage_apart_in_texts_whose_facts_disagree_as_wholes_is_left_to_the_model() -> None:
    # a passage inserted in an unrelated text (PAN's essays): the whole texts' facts disagree, nothing refused
    apart = SharedPassage((0, 60), (0, 60), 0.33, verbatim=0.04, facts=0.0, wording=9, figures=0.0)
    unrelated = replace(_ev_with(apart), fact_agreement=0.2)
    assert refuse_chance_order(REPORTED, unrelated, None, (_PACT_A, _PACT_B), 0.61, "en") is REPORTED


def test_an_aligned_pair_is_not_refused_for_its_passages_facts() -> None:
    ev, _, _ = measured(WIRE_STORY, REWRITE)
    apart = replace(ev, passages=tuple(replace(p, facts=0.0, figures=0.0) for p in ev.passages) or
                    (SharedPassage((0, 10), (0, 10), 0.4, facts=0.0, figures=0.0),))
    aligned = align_pair(Document("a", WIRE_STORY), Document("b", REWRITE))
    assert refuse_chance_order(REPORTED, apart, aligned, (WIRE_STORY, REWRITE), 0.61, "en") is REPORTED
