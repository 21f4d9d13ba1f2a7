"""Tests for dedup.align: links, kinds, coverage, verdicts, the JSON shape and the estimator contract.

All texts are written for these tests (no corpus excerpts).
"""

from __future__ import annotations

import json
import random
import re

import numpy as np
import pytest

from dedup.align import SentenceAligner
from dedup.documents import Document
from dedup.errors import SettingsError
from dedup.lineage import Direction

WIRE = (
    "Flood waters forced thousands of residents from their homes in the Danube valley on Tuesday.\n\n"
    "Regional governor Anna Kovac said 4,200 people had been moved to temporary shelters in schools.\n\n"
    "The river rose above its 2013 record level overnight after three days of heavy rain.\n\n"
    "Rail services between Linz and Krems were suspended and two bridges were closed to traffic.\n\n"
    "Forecasters expect the rain to ease on Thursday, but warned that dams upstream remain under strain."
)

# Another outlet's heavy rewrite of WIRE: same facts, new wording, one sentence added.
REWRITE = (
    "Thousands of people living in the Danube valley had to leave their homes on Tuesday because of rising flood waters.\n\n"
    "According to governor Anna Kovac, some 4,200 residents were taken to makeshift shelters set up in schools.\n\n"
    "Trains between Linz and Krems stopped running, and authorities shut two bridges to traffic.\n\n"
    "After three days of heavy rain, the river climbed overnight above the record level it reached in 2013.\n\n"
    "Local churches have started collecting blankets and food for the families.\n\n"
    "Weather services said the rain should ease on Thursday, although they warned that upstream dams remain under strain."
)

# An independent report of the same event: same names and numbers, written from scratch.
INDEPENDENT = (
    "Anna Kovac stood on the flooded square in Krems on Tuesday and asked for patience.\n\n"
    "Her office counts 4,200 evacuees so far, most of them elderly people from villages near Linz.\n\n"
    "Volunteers filled sandbags through the night as the Danube crept towards the old town walls.\n\n"
    "Insurance companies estimate the damage will be far higher than in 2013."
)

UNRELATED = (
    "The city council approved a new budget for public libraries on Monday.\n\n"
    "Opening hours will be extended on weekends starting next month.\n\n"
    "Librarians welcomed the decision but asked for more staff."
)

EARNINGS_A = (
    "Norvik Holdings said on Wednesday its third-quarter net profit rose to 412 million euros from 388 million a year earlier.\n\n"
    "Revenue increased 6 percent to 2.9 billion euros, helped by strong demand in Asia.\n\n"
    "The company confirmed its full-year outlook and said it would pay an interim dividend of 0.45 euros per share."
)

EARNINGS_B = (
    "Calder Group said on Wednesday its third-quarter net profit rose to 97 million euros from 81 million a year earlier.\n\n"
    "Revenue increased 3 percent to 1.1 billion euros, helped by strong demand in Asia.\n\n"
    "The company confirmed its full-year outlook and said it would pay an interim dividend of 0.12 euros per share."
)

OTHER_STORY = (
    "Chess grandmaster Ivo Brandt won the national championship in Graz on Sunday.\n\n"
    "He beat the defending champion in a tense final game that lasted six hours.\n\n"
    "Brandt said he would donate part of the prize money to youth chess clubs.\n\n"
    "The tournament drew a record crowd of spectators to the city hall."
)

# A longer story that reuses two paragraphs of WIRE verbatim and adds its own material.
PARTIAL = OTHER_STORY + "\n\n" + WIRE.split("\n\n")[1] + "\n\n" + WIRE.split("\n\n")[3]


def doc(doc_id: str, text: str, published: str | None = None) -> Document:
    return Document(id=doc_id, text=text, published=published)


@pytest.fixture
def aligner() -> SentenceAligner:
    return SentenceAligner().fit([WIRE, REWRITE, INDEPENDENT, UNRELATED, EARNINGS_A, EARNINGS_B, OTHER_STORY])


@pytest.mark.parametrize(
    ("source", "derived", "verdict"),
    [
        (WIRE, WIRE, "wholly_derived"),
        (WIRE, REWRITE, "wholly_derived"),
        (WIRE, PARTIAL, "partially_derived"),
        (WIRE, INDEPENDENT, "independent"),
        (WIRE, UNRELATED, "unrelated"),
        (EARNINGS_A, EARNINGS_B, "unrelated"),
    ],
    ids=["verbatim-copy", "rewrite", "partial-copy", "independent-report", "unrelated", "template-earnings"],
)
def test_verdict(aligner: SentenceAligner, source: str, derived: str, verdict: str) -> None:
    result = aligner.align(doc("s", source, "2024-07-08T08:00:00Z"), doc("d", derived, "2024-07-08T10:00:00Z"))
    assert result.verdict == verdict


@pytest.mark.parametrize("fitted", [True, False], ids=["fitted", "unfitted"])
def test_rewrite_links_each_sentence_to_its_source(aligner: SentenceAligner, fitted: bool) -> None:
    model = aligner if fitted else SentenceAligner()
    result = model.align(doc("s", WIRE), doc("d", REWRITE))
    pairs = sorted((link.derived_sentences, link.source_sentences) for link in result.links)
    assert pairs == [((0,), (0,)), ((1,), (1,)), ((2,), (3,)), ((3,), (2,)), ((5,), (4,))]


# A rewrite of WIRE whose second sentence keeps only the facts' place and a few words of its source.
GAP = (
    "Thousands of people living in the Danube valley had to leave their homes on Tuesday because of rising flood waters.\n\n"
    "The governor's office put the number of displaced residents sheltering in schools at 4,200.\n\n"
    "After three days of heavy rain, the river climbed overnight above the record level it reached in 2013.\n\n"
    "Trains between Linz and Krems stopped running, and authorities shut two bridges to traffic.\n\n"
    "Weather services said the rain should ease on Thursday, although they warned that upstream dams remain under strain."
)


@pytest.mark.parametrize(("gap_threshold", "linked"), [(0.15, True), (0.3, False)])
def test_sentence_between_links_takes_the_source_in_its_place(gap_threshold: float, linked: bool) -> None:
    model = SentenceAligner(gap_threshold=gap_threshold).fit([WIRE, REWRITE, INDEPENDENT, UNRELATED, OTHER_STORY])
    result = model.align(doc("w", WIRE), doc("g", GAP), direction=Direction("w", "g", "given"))
    pairs = {(link.source_sentences, link.derived_sentences) for link in result.links}
    assert {((0,), (0,)), ((2,), (2,)), ((3,), (3,)), ((4,), (4,))} <= pairs
    assert (((1,), (1,)) in pairs) is linked
    assert [link.derived_sentences for link in result.links if link.placed] == ([(1,)] if linked else [])


def test_rewrite_added_sentence_is_new(aligner: SentenceAligner) -> None:
    result = aligner.align(doc("s", WIRE, "2024-07-08"), doc("d", REWRITE, "2024-07-09"))
    assert [REWRITE[s:e] for s, e in result.new] == ["Local churches have started collecting blankets and food for the families."]


def test_independent_report_has_no_links(aligner: SentenceAligner) -> None:
    assert aligner.align(doc("s", WIRE), doc("d", INDEPENDENT)).links == ()


def test_template_story_has_no_links_with_other_numbers(aligner: SentenceAligner) -> None:
    result = aligner.align(doc("s", EARNINGS_A), doc("d", EARNINGS_B))
    assert result.links == ()


@pytest.mark.parametrize(
    ("derived", "kind"),
    [
        ("Rail services between Linz and Krems were suspended and two bridges were closed to traffic.", "verbatim"),
        ("Rail services between Linz and Krems were halted and two bridges were closed to all traffic.", "edited"),
        ("Authorities halted rail services from Linz to Krems, and traffic was barred from two bridges.", "paraphrase"),
    ],
    ids=["verbatim", "edited", "paraphrase"],
)
def test_link_kind(aligner: SentenceAligner, derived: str, kind: str) -> None:
    source = "Rail services between Linz and Krems were suspended and two bridges were closed to traffic."
    (link,) = aligner.align(doc("s", source, "2024-01-01"), doc("d", derived, "2024-01-02")).links
    assert link.kind == kind


def test_merged_sentences_link_to_both_sources(aligner: SentenceAligner) -> None:
    source = (
        "Rail services between Linz and Krems were suspended on Tuesday.\n\n"
        "Two bridges over the river were also closed to traffic.\n\n"
        "Schools in the region will stay shut until Friday."
    )
    derived = "Rail services between Linz and Krems were suspended on Tuesday and two bridges over the river were closed to traffic."
    result = aligner.align(doc("s", source, "2024-01-01"), doc("d", derived, "2024-01-02"))
    assert [link.source_sentences for link in result.links] == [(0, 1)]


def test_split_sentence_links_both_parts(aligner: SentenceAligner) -> None:
    source = "Rail services between Linz and Krems were suspended on Tuesday and two bridges over the river were closed to traffic."
    derived = (
        "Rail services between Linz and Krems were suspended on Tuesday.\n\n"
        "Two bridges over the river were also closed to traffic."
    )
    result = aligner.align(doc("s", source, "2024-01-01"), doc("d", derived, "2024-01-02"))
    assert [link.derived_sentences for link in result.links] == [(0, 1)]


def test_coverage_shares_sum_to_one(aligner: SentenceAligner) -> None:
    cov = aligner.align(doc("s", WIRE), doc("d", REWRITE)).coverage
    assert cov.verbatim + cov.edited + cov.paraphrase + cov.new == pytest.approx(1.0)


def test_verbatim_copy_covers_everything(aligner: SentenceAligner) -> None:
    cov = aligner.align(doc("s", WIRE, "2024-01-01"), doc("d", WIRE, "2024-01-02")).coverage
    assert (cov.verbatim, cov.source_used, cov.new) == (1.0, 1.0, 0.0)


def test_direction_from_publication_time(aligner: SentenceAligner) -> None:
    result = aligner.align(doc("late", WIRE, "2024-07-08T12:00:00+02:00"), doc("early", REWRITE, "2024-07-08T09:00:00Z"))
    assert (result.source, result.derived) == ("early", "late")


def test_direction_from_text_when_one_is_a_small_part_of_the_other(aligner: SentenceAligner) -> None:
    shorter = "\n\n".join(WIRE.split("\n\n")[:2])  # two of five paragraphs: most of the long one is not in it
    result = aligner.align(doc("short", shorter), doc("long", WIRE))
    assert (result.source, result.derived) == ("long", "short")


def test_no_direction_from_text_when_most_of_each_is_in_the_other(aligner: SentenceAligner) -> None:
    # three of five paragraphs: the long one is the short one with two paragraphs added, or the short one
    # the long one cut; the pair is laid out with the long one as source, and no direction is claimed
    shorter = "\n\n".join(WIRE.split("\n\n")[:3])
    for first, second in ((doc("short", shorter), doc("long", WIRE)), (doc("long", WIRE), doc("short", shorter))):
        result = aligner.align(first, second)
        assert (result.source, result.derived) == (None, None)
        assert (result.source_document.id, result.derived_document.id) == ("long", "short")
        assert result.direction_reason.startswith("unknown: no publication times, and most of each text has a counterpart")
        assert result.coverage.derived_from_source == 1.0


def test_unknown_direction_reads_identical_texts_by_id(aligner: SentenceAligner) -> None:
    for first, second in (("a", "b"), ("b", "a")):
        result = aligner.align(doc(first, WIRE), doc(second, WIRE))
        assert (result.source, result.derived, result.source_document.id) == (None, None, "a")


@pytest.mark.parametrize("first, second", [("WIRE", "REWRITE"), ("PARTIAL", "WIRE"), ("GAP", "REWRITE")])
def test_unknown_direction_reads_a_pair_alike_in_either_order(aligner: SentenceAligner, first: str, second: str) -> None:
    # Neither time nor text says which is the source: both readings are made and the one that traces more
    # of the two texts is kept, so the links, coverage and verdict never depend on the order of the pair.
    x, y = doc("x", globals()[first]), doc("y", globals()[second])
    one, other = aligner.align(x, y), aligner.align(y, x)
    assert one.source is None and other.source is None
    assert one.to_dict() == other.to_dict()
    assert one.links and one.source_document.id in ("x", "y")
    if {first, second} == {"WIRE", "REWRITE"}:  # the rewrite's added sentence is new: it reads as derived
        assert one.derived_document.text == REWRITE and one.coverage.new > 0


def test_to_dict_shape(aligner: SentenceAligner) -> None:
    out = json.loads(json.dumps(aligner.align(doc("s", WIRE, "2024-01-01"), doc("d", REWRITE, "2024-01-02")).to_dict()))
    assert list(out) == ["schema_version", "documents", "source", "derived", "direction_reason", "verdict",
                         "coverage", "links", "new", "unused", "regions", "passages"]
    assert out["passages"] and list(out["passages"][0]) == ["source", "derived"]
    assert list(out["coverage"]) == ["derived_from_source", "source_used", "verbatim", "edited", "paraphrase", "new"]
    assert list(out["links"][0]) == ["source_spans", "derived_spans", "score", "kind", "placed"]
    assert list(out["documents"][0]) == ["id", "text", "outlet", "published", "language"]


def test_spans_point_at_linked_sentences(aligner: SentenceAligner) -> None:
    result = aligner.align(doc("s", WIRE, "2024-01-01"), doc("d", REWRITE, "2024-01-02"))
    link = result.links[0]
    assert REWRITE[slice(*link.derived_spans[0])] == result.derived_sentences[link.derived_sentences[0]].text


def test_fit_returns_self_and_sets_state() -> None:
    model = SentenceAligner()
    assert model.fit([WIRE]) is model and model.n_sentences_ == 5


def test_init_only_stores_params() -> None:
    assert not hasattr(SentenceAligner(link_threshold=2.0), "idf_")


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"link_threshold": 1.5}, "link_threshold"),
        ({"extend_threshold": 0.6}, "extend_threshold"),
        ({"gap_threshold": 0.4}, "gap_threshold"),
        ({"min_links": -1}, "min_links"),
        ({"partially_derived_min": 0.9}, "partially_derived_min"),
        ({"region_margin": -2}, "region_margin"),
    ],
    ids=["threshold-above-one", "extend-above-link", "gap-above-extend", "negative-links", "partial-above-wholly",
         "negative-margin"],
)
def test_bad_params_raise(params: dict[str, float], match: str) -> None:
    with pytest.raises(SettingsError, match=match):
        SentenceAligner(**params).fit([WIRE])


def test_transform_unfitted_raises() -> None:
    with pytest.raises(SettingsError, match="not fitted"):
        SentenceAligner().transform(doc("a", WIRE))


def test_transform_is_cached(aligner: SentenceAligner) -> None:
    assert aligner.transform(doc("a", WIRE)) is aligner.transform(doc("a", WIRE))


def test_cache_notices_changed_text(aligner: SentenceAligner) -> None:
    assert aligner.transform(doc("a", WIRE)) is not aligner.transform(doc("a", REWRITE))


def test_empty_document_aligns_as_unrelated(aligner: SentenceAligner) -> None:
    assert aligner.align(doc("s", WIRE), doc("d", "")).verdict == "unrelated"


@pytest.mark.parametrize("empty", ["s", "d"])
def test_an_empty_document_read_the_way_a_caller_gives_links_nothing(aligner: SentenceAligner, empty: str) -> None:
    source, derived = doc("s", "" if empty == "s" else WIRE), doc("d", "" if empty == "d" else WIRE)
    result = aligner.align(source, derived, direction=Direction("s", "d", "given"))
    assert result.verdict == "unrelated" and not result.links


def test_passages_merge_adjacent_links(aligner: SentenceAligner) -> None:
    result = aligner.align(doc("s", WIRE, "2024-01-01"), doc("d", WIRE, "2024-01-02"))
    assert [(p.source_span, p.derived_span) for p in result.passages()] == [((0, len(WIRE)), (0, len(WIRE)))]


def test_passage_trimmed_to_shared_words(aligner: SentenceAligner) -> None:
    # The copied sentence was pasted after a heading without a stop, so the splitter glues them together.
    copied = "Rail services between Linz and Krems were suspended and two bridges were closed to traffic."
    derived = "Latest updates from our newsroom " + copied
    result = aligner.align(doc("s", copied, "2024-01-01"), doc("d", derived, "2024-01-02"))
    (passage,) = result.passages()
    assert derived[slice(*passage.derived_span)] == copied


def test_direction_must_name_the_pair(aligner: SentenceAligner) -> None:
    with pytest.raises(SettingsError, match="direction must name"):
        aligner.align(doc("s", WIRE), doc("d", REWRITE), direction=Direction("x", "y", "given"))


def test_single_paraphrase_link_is_not_derived(aligner: SentenceAligner) -> None:
    source = "Authorities halted rail services from Linz to Krems, and traffic was barred from two bridges."
    derived = "Rail services between Linz and Krems were suspended and two bridges were closed to traffic."
    result = aligner.align(doc("s", source, "2024-01-01"), doc("d", derived, "2024-01-02"))
    assert len(result.links) == 1 and result.verdict not in ("wholly_derived", "partially_derived")


def test_the_link_check_keeps_every_link_of_a_rewrite(aligner: SentenceAligner) -> None:
    checked = aligner.align(doc("s", WIRE, "2024-01-01"), doc("d", REWRITE, "2024-01-02")).links
    aligner.link_model = None
    assert checked == aligner.align(doc("s", WIRE, "2024-01-01"), doc("d", REWRITE, "2024-01-02")).links
    assert len(checked) == 5


def test_the_link_check_drops_a_paraphrase_standing_alone_in_another_story(aligner: SentenceAligner) -> None:
    # one sentence on the same facts, in the middle of a story about something else
    alone = "Authorities halted rail services from Linz to Krems, and traffic was barred from two bridges."
    derived = "\n\n".join(OTHER_STORY.split("\n\n")[:3] + [alone] + UNRELATED.split("\n\n"))
    assert aligner.align(doc("s", WIRE, "2024-01-01"), doc("d", derived, "2024-01-02")).links == ()
    aligner.link_model = None
    (link,) = aligner.align(doc("s", WIRE, "2024-01-01"), doc("d", derived, "2024-01-02")).links
    assert link.kind == "paraphrase"


def test_single_verbatim_sentence_brief_is_derived(aligner: SentenceAligner) -> None:
    brief = "Rail services between Linz and Krems were suspended and two bridges were closed to traffic."
    result = aligner.align(doc("s", WIRE, "2024-01-01"), doc("d", brief, "2024-01-02"))
    assert result.verdict == "wholly_derived"


# Long articles around WIRE and REWRITE; one stock sentence far from them is in both.
STOCK = "Markets in Vienna closed higher on Tuesday as investors weighed the flood damage against insurance payouts."


FILLER = {
    "a": ("Chess club member {k} won a tournament game quickly.", "Bakery number {k} sold fresh rye bread today."),
    "b": ("Choir singer {k} rehearsed hymns before lunch.", "Garage owner {k} repaired vintage motorbikes overnight."),
}


def _around(middle: str, seed: str) -> str:
    first, second = FILLER[seed]
    before = " ".join(first.format(k=k) for k in range(12))
    after = " ".join(second.format(k=k) for k in range(12))
    return f"{STOCK}\n\n{before}\n\n{middle}\n\n{after}"


def _regions(a: str, b: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    return [((a.index(WIRE), a.index(WIRE) + len(WIRE)), (b.index(REWRITE), b.index(REWRITE) + len(REWRITE)))]


def test_regions_limit_the_comparison_to_the_sentences_around_them() -> None:
    a, b = _around(WIRE, "a"), _around(REWRITE, "b")
    fitted = SentenceAligner().fit([a, b, UNRELATED])
    whole = fitted.align(doc("s", a, "2024-01-01"), doc("d", b, "2024-01-02"))
    stock = (0, len(STOCK))
    assert any(link.derived_spans[0] == stock for link in whole.links)  # whole documents: the stock sentence links
    regions = _regions(a, b)
    limited = fitted.align(doc("s", a, "2024-01-01"), doc("d", b, "2024-01-02"), regions=regions)
    assert not any(link.derived_spans[0] == stock for link in limited.links)
    inside = [lk for lk in whole.links if lk.derived_spans[0][0] >= b.index(REWRITE)]
    assert [lk.to_dict() for lk in limited.links] == [lk.to_dict() for lk in inside] and len(inside) >= 5
    assert limited.regions == tuple((s, d) for s, d in regions) and whole.regions == ()
    assert limited.to_dict()["regions"] == [[list(regions[0][0]), list(regions[0][1])]]
    # the regions follow the roles: given as (span in b, span in a), read back as (source, derived)
    flipped = fitted.align(doc("d", b, "2024-01-02"), doc("s", a, "2024-01-01"), regions=[(r[1], r[0]) for r in regions])
    assert flipped.source == "s" and flipped.regions == limited.regions


def test_region_vectors_are_the_same_from_the_cache_or_not() -> None:
    a, b = doc("s", _around(WIRE, "a")), doc("d", _around(REWRITE, "b"))
    regions = _regions(a.text, b.text)
    fresh = SentenceAligner().fit([a.text, b.text])._align_vectors(a, b, regions=regions)
    warm = SentenceAligner().fit([a.text, b.text])
    warm.transform(a), warm.transform(b)
    assert warm._align_vectors(a, b, regions=regions).to_dict() == fresh.to_dict()
    # unfitted, the pair's own IDF: limited all the same
    own = SentenceAligner().align(a, b, regions=regions)
    assert own.links and all(lk.derived_spans[0][0] >= b.text.index(REWRITE) for lk in own.links)


# -- align_many: the batch path a scan uses, equal to the scipy reference with the pair's own IDF -----------
def _same(one, other) -> None:  # type: ignore[no-untyped-def]
    """Equal alignments; link scores of sentence groups may differ in the last bits (summed differently)."""
    x, y = one.to_dict(), other.to_dict()
    for lx, ly in zip(x.pop("links"), y.pop("links"), strict=True):
        assert lx.pop("score") == pytest.approx(ly.pop("score"), abs=1e-9)
        assert lx == ly
    assert x == y


BATCH = [
    (doc("s", WIRE, "2024-07-08T08:00:00Z"), doc("d", REWRITE, "2024-07-08T10:00:00Z")),
    (doc("d", REWRITE, "2024-07-08T10:00:00Z"), doc("s", WIRE, "2024-07-08T08:00:00Z")),
    (doc("s", WIRE), doc("p", PARTIAL)),
    (doc("s", WIRE), doc("i", INDEPENDENT)),
    (doc("s", WIRE), doc("u", UNRELATED)),
    (doc("e1", EARNINGS_A), doc("e2", EARNINGS_B)),
    (doc("s", WIRE), doc("s2", WIRE)),
    (doc("s", WIRE), doc("empty", "")),
]


def test_align_many_equals_align_with_the_pairs_own_idf() -> None:
    batched = SentenceAligner().align_many(BATCH, batch_size=3)
    assert [r.verdict for r in batched] == [
        "wholly_derived", "wholly_derived", "partially_derived", "independent", "unrelated", "unrelated",
        "wholly_derived", "unrelated",
    ]
    for (a, b), result in zip(BATCH, batched):
        _same(SentenceAligner()._align_vectors(a, b), result)
        assert SentenceAligner().align(a, b).to_dict() == result.to_dict()  # one pair: the batch path


def test_align_many_does_not_depend_on_the_other_pairs_in_the_batch() -> None:
    alone = [SentenceAligner().align_many([pair])[0] for pair in BATCH]
    together = SentenceAligner().align_many(BATCH)
    for one, other in zip(alone, together):
        assert one.to_dict() == other.to_dict()


def test_align_many_with_regions_equals_align() -> None:
    a, b = doc("s", _around(WIRE, "a"), "2024-01-01"), doc("d", _around(REWRITE, "b"), "2024-01-02")
    regions = _regions(a.text, b.text)
    limited, whole = SentenceAligner().align_many([(a, b, regions), (a, b)])
    _same(SentenceAligner()._align_vectors(a, b, regions=regions), limited)
    _same(SentenceAligner()._align_vectors(a, b), whole)
    assert SentenceAligner().align(a, b, regions=regions).to_dict() == limited.to_dict()
    assert limited.regions and len(limited.links) < len(whole.links)


def test_align_many_empty_and_bad_batch_size() -> None:
    assert SentenceAligner().align_many([]) == []
    with pytest.raises(SettingsError, match="batch_size"):
        SentenceAligner().align_many(BATCH, batch_size=0)


def test_align_many_uses_the_fitted_idf_when_fitted(aligner: SentenceAligner) -> None:
    a, b = doc("s", _around(WIRE, "a"), "2024-01-01"), doc("d", _around(REWRITE, "b"), "2024-01-02")
    pairs = [*BATCH, (a, b, _regions(a.text, b.text))]
    for (x, y, *regions), result in zip(pairs, aligner.align_many(pairs)):
        _same(aligner._align_vectors(x, y, regions=regions[0] if regions else ()), result)
        assert aligner.align(x, y, regions=regions[0] if regions else ()).to_dict() == result.to_dict()


@pytest.mark.parametrize("fitted", [False, True])
def test_align_with_a_direction_equals_the_reference(fitted: bool) -> None:
    """``align`` with the roles given (both ways, and unknown) is the reference's alignment."""
    from dedup.lineage import Direction

    for a, b in BATCH:
        model = SentenceAligner().fit([a.text, b.text, WIRE]) if fitted else SentenceAligner()
        for told in (Direction(a.id, b.id, "told"), Direction(b.id, a.id, "told"), None):
            if told is not None and not b.text:  # told roles with an empty text fail either way (choose_links)
                continue
            _same(model._align_vectors(a, b, direction=told), model.align(a, b, direction=told))


class _NoPickle(dict):  # type: ignore[type-arg]
    def __reduce_ex__(self, protocol: object) -> object:
        raise RuntimeError("OrderedDict mutated during iteration")  # what a cache updated mid-pickle raises


def test_aligner_pickles_without_its_cache() -> None:
    import pickle

    fitted = SentenceAligner().fit([WIRE, REWRITE])
    expected = fitted.align(Document("w", WIRE), Document("r", REWRITE))
    fitted.align_many([(Document("w", WIRE), Document("r", REWRITE))])  # fills the batch path's cache too
    fitted._cache = _NoPickle(fitted._cache)  # pickling must not touch the caches another thread may update
    fitted._tables = _NoPickle(fitted._tables)
    copy = pickle.loads(pickle.dumps(fitted))
    assert len(copy._cache) == 0 and not hasattr(copy, "_tables")
    assert copy.align(Document("w", WIRE), Document("r", REWRITE)) == expected
    assert not hasattr(pickle.loads(pickle.dumps(SentenceAligner())), "_cache")


# A Reuters earnings table, hard-wrapped with indented rows, and the same table reflowed by a client
# one row a paragraph; and the company's next quarter, the same form with other figures.
TABLE = ("NEW YORK, Oct 20 - Shr 70 cts vs 61 cts\n    Net 200.2 mln vs 173.9 mln\n    Sales 1.38 billion vs "
         "1.26 billion\n    Nine mths\n    Shr 1.87 dlrs vs 1.54 dlrs\n    Net 535.6 mln vs 437.8 mln\n Reuter")
TABLE_REFLOWED = ("New York (Reuters) - Shr 70 cts vs 61 cts\n\nNet 200.2 mln vs 173.9 mln\n\nSales 1.38 billion vs "
                  "1.26 billion\n\nNine mths\n\nShr 1.87 dlrs vs 1.54 dlrs\n\nNet 535.6 mln vs 437.8 mln")
TABLE_NEXT_QUARTER = ("NEW YORK, Jan 22 - Shr 74 cts vs 66 cts\n    Net 211.4 mln vs 180.2 mln\n    Sales 1.41 billion vs "
                      "1.30 billion\n    Year\n    Shr 2.61 dlrs vs 2.20 dlrs\n    Net 746.9 mln vs 618.0 mln\n Reuter")


def test_a_reprinted_table_links_row_by_row_though_its_rows_are_short() -> None:
    result = SentenceAligner().align(doc("wire", TABLE, "1987-10-20T10:00:00Z"),
                                     doc("client", TABLE_REFLOWED, "1987-10-20T12:00:00Z"))
    linked = {k for link in result.links for k in link.derived_sentences}
    assert len(linked) >= 5  # every row with figures, "Nine mths" perhaps not
    assert result.verdict == "wholly_derived"


def test_a_form_filled_in_again_links_no_row_by_its_text() -> None:
    result = SentenceAligner().align(doc("q3", TABLE, "1987-10-20T10:00:00Z"),
                                     doc("q4", TABLE_NEXT_QUARTER, "1988-01-22T10:00:00Z"))
    assert not [link for link in result.links if link.kind == "verbatim"]


def test_same_figures_lines_needs_the_same_words_and_a_figure() -> None:
    from dedup.align import same_figures_lines
    from dedup.sentences import split_sentences

    a = split_sentences("Net 200.2 mln vs 173.9 mln\n\nNine mths\n\nShr 1.87 dlrs\n\nRates were unchanged at 5.5 pct")
    b = split_sentences("NET 200.2 MLN VS 173.9 MLN\n\nNine mths\n\nShr 1.88 dlrs\n\nRates were unchanged at 5.5 pct today")
    assert same_figures_lines(a, b).tolist() == [
        [True, False, False, False],
        [False, False, False, False],  # no figure: a form's heading says nothing of where it came from
        [False, False, False, False],  # another figure
        [False, False, False, False],  # not word for word
    ]
    assert same_figures_lines(a, []).shape == (4, 0)


@pytest.mark.parametrize("text", [
    "Output rose by ² ³ points",  # superscripts are digits to str.isdigit, not to \\d: a line with figures
    "Output rose by ①② and ③ points", "Output rose by ٣ ٤ and ٥ points", "Output rose by ５ percent today",
    "“Output rose” — the minister’s words, «plus» ½ de ¼",  # no digit: quotes, dashes, fractions
    "Wzrost o ² punktów — źródło", "Plain ASCII prose without figures", "Net 200.2 mln vs 173.9 mln", "",
])
def test_a_lines_key_is_its_words_when_one_of_them_is_a_number(text: str) -> None:
    """A sentence's line key (what :func:`same_figures_lines` compares): its words, lower case, when it has
    three or more and one of them is all digits to ``str.isdigit``, else nothing; a text none of whose
    characters can be a digit is skipped unread, and that skip keeps the key's definition."""
    from dedup.align import SAME_LINE_WORDS, _line_keys

    words = re.findall(r"\w+", text.lower())
    want = " ".join(words) if len(words) >= SAME_LINE_WORDS and any(w.isdigit() for w in words) else ""
    assert _line_keys.__wrapped__((text,)) == (want,)


def _words_by_definition(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", text)}


def _trim_by_definition(text: str, span: tuple[int, int], other: set[str], window: int = 4,
                        needed: int = 2) -> tuple[int, int]:
    """``alignment._trim`` as first written: every word's match object, lowered one by one."""
    words = list(re.compile(r"\w+").finditer(text, span[0], span[1]))
    hits = [w.group().lower() in other for w in words]
    n = len(words)
    first = next((k for k in range(n) if hits[k] and sum(hits[k : k + window]) >= min(needed, n - k)), None)
    last = next((k for k in range(n - 1, -1, -1)
                 if hits[k] and sum(hits[max(0, k - window + 1) : k + 1]) >= min(needed, k + 1)), None)
    if first is None or last is None or last < first:
        return span
    return (span[0] if first == 0 else words[first].start(), span[1] if last == n - 1 else words[last].end())


# words whose lowering changes which characters are word characters, or their length ("İ" -> "i" and a
# combining dot; "ẞ" -> "ß"), mixed with ASCII, digits, underscores and punctuation
_VOCABULARY = ["bank", "Bank", "BANK", "rates", "7.5", "pct", "İstanbul", "istanbul", "Straße", "STRAẞE", "café",
               "Ωmega", "ωmega", "a_b", "x", "Tōkyō", "東京", "1987", "—", "...", "İİ", "ǅemal"]


@pytest.mark.parametrize("seed", range(40))
def test_trim_and_words_match_their_definition(seed: int) -> None:
    from dedup.alignment import _trim, _words

    rng = random.Random(seed)
    for _ in range(150):
        text = "".join(rng.choice(_VOCABULARY) + rng.choice([" ", ", ", ". ", "\n", "", "-"])
                       for _ in range(rng.randint(0, 30)))
        other = {w.lower() for w in rng.sample(_VOCABULARY, rng.randint(0, 8))} | {"i̇stanbul"}
        a, b = sorted(rng.randint(0, len(text)) for _ in range(2))
        assert _words(text[a:b]) == _words_by_definition(text[a:b])
        assert _trim(text, (a, b), other) == _trim_by_definition(text, (a, b), other), (text, a, b, other)


def _group_pairs(rng: random.Random, n_derived: int, n_source: int, count: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Random (derived group, source group) pairs, each group one sentence or two neighbours."""
    def group(n: int) -> tuple[int, ...]:
        k = rng.randrange(n)
        return (k, k + 1) if k + 1 < n and rng.random() < 0.5 else (k,)
    return [(group(n_derived), group(n_source)) for _ in range(count)]


def _scored_pairs() -> list:
    """Scores of the named pairs, whole and with regions (sentences outside them empty), by the batch's
    sparse products and by a small batch's join."""
    from dedup.align import _scores
    from dedup.pair_scores import prepare

    texts = [WIRE, REWRITE, PARTIAL, INDEPENDENT, EARNINGS_A, EARNINGS_B, OTHER_STORY, GAP]
    tables = [prepare(text) for text in texts]
    pairs = [(tables[i], tables[j]) for i in range(len(texts)) for j in range(len(texts))]
    rng = random.Random(7)
    masks = []
    for ta, tb in pairs:
        if rng.random() < 0.4:
            masks.append(tuple(np.array([rng.random() < 0.6 for _ in t.sentences], dtype=bool) for t in (ta, tb)))
        else:
            masks.append((None, None))
    batched = _scores(pairs, masks, min_shared_content=2, idf=None)  # at least JOIN_BELOW pairs: sparse products
    joined = [s for p, m in zip(pairs, masks) for s in _scores([p], [m], min_shared_content=2, idf=None)]
    return batched + joined


@pytest.mark.parametrize("count", [1, 24, 25, 200], ids=["one", "few", "numpy-path", "many"])
def test_group_links_kernel_gives_the_group_scores(count: int, compiled: bool) -> None:
    """The linkable groups of a pair and their scores, compiled or not, as PairScores.group_scores gives
    them to the last bit: both readings, every group shape, with and without regions, up to
    :data:`dedup.pair_scores._FEW_GROUPS` groups (Python floats) and past it (numpy)."""
    from dedup.align import _group_links, _group_links_py

    rng = random.Random(count)
    linkable = 0
    for scores in _scored_pairs():
        n_a, n_b = scores.score.shape
        if not n_a or not n_b:
            continue
        for derived_is_a in (True, False):
            n_d, n_s = (n_a, n_b) if derived_is_a else (n_b, n_a)
            for min_shared in (1, 2, 3):
                pairs = _group_pairs(rng, n_d, n_s, count)
                got = _group_links(scores, pairs, derived_is_a, min_shared)
                want = _group_links_py(scores, pairs, derived_is_a, min_shared)
                assert [(d, s, v.hex()) for d, s, v in got] == [(d, s, v.hex()) for d, s, v in want]
                linkable += len(got)
    assert linkable > 50 * min(count, 10), linkable


def test_group_links_kernel_reads_the_sets_conflicts(compiled: bool) -> None:
    """Made-up scores whose sentences' stems, names and numbers overlap by chance (small alphabets): the
    shared stems, the name conflict and the number conflict of two-sentence unions decided as the sets
    decide them, the score clipped as they clip it."""
    from dedup.align import _group_links, _group_links_py
    from dedup.pair_scores import PairScores

    rng = np.random.default_rng(3)
    kept = dropped = 0
    for _ in range(300):
        n_a, n_b = int(rng.integers(1, 7)), int(rng.integers(1, 7))

        def sets(n: int, alphabet: int) -> tuple[frozenset[int], ...]:
            return tuple(frozenset(rng.integers(0, alphabet, int(rng.integers(0, 4))).tolist()) for _ in range(n))

        cos = rng.random((2, n_a, n_b)) * rng.choice([1.0, 3.0])  # past 1: the clip
        norms = (rng.random((2, n_a)) * (rng.random((2, n_a)) < 0.9), rng.random((2, n_b)))  # some rows of no words
        scores = PairScores(cos[0, :, :], cos[0] > 0, cos[0] > 2, cos[1], cos, norms,
                            (rng.random((2, n_a)), rng.random((2, n_b))),
                            (tuple(sets(n_a, k) for k in (6, 4, 4)), tuple(sets(n_b, k) for k in (6, 4, 4))))
        rows = random.Random(int(rng.integers(1 << 30)))
        for derived_is_a in (True, False):
            n_d, n_s = (n_a, n_b) if derived_is_a else (n_b, n_a)
            pairs = _group_pairs(rows, n_d, n_s, int(rng.integers(1, 40)))
            got = _group_links(scores, pairs, derived_is_a, 1)
            assert [(d, s, v.hex()) for d, s, v in got] == \
                [(d, s, v.hex()) for d, s, v in _group_links_py(scores, pairs, derived_is_a, 1)]
            kept, dropped = kept + len(got), dropped + len(pairs) - len(got)
    assert kept > 500 and dropped > 500


def test_group_links_kernel_refuses_groups_out_of_range() -> None:
    from dedup import kernels
    from dedup.align import _group_links

    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    scores = _scored_pairs()[0]
    n_a, n_b = scores.score.shape
    with pytest.raises(IndexError, match="out of range"):
        _group_links(scores, [((0,), (n_b,))], True, 2)
    with pytest.raises(IndexError, match="out of range"):
        _group_links(scores, [((n_a - 1, n_a), (0,))], True, 2)
    with pytest.raises(ValueError, match="one or two sentences"):
        _group_links(scores, [((0, 1, 2), (0,))], True, 2)


def _score_arrays(scores) -> list[bytes]:  # type: ignore[no-untyped-def]
    arrays = [scores.score, scores.linkable, scores.entity_conflict, scores.shared_content, scores._cosines,
              *scores._norms, *scores._next_dots]
    return [np.ascontiguousarray(a).tobytes() + str((a.dtype, a.shape)).encode() for a in arrays]


@pytest.mark.parametrize("fitted", [False, True], ids=["pair-idf", "fitted-idf"])
def test_pair_scores_kernel_gives_the_batch_and_the_join(fitted: bool) -> None:
    """A pair's sentence scores from the kernel, to the last bit and with the same shapes and dtypes, as the
    batch's sparse products and a check's join give them: every ordered pair of the named texts (an empty
    one and one-line ones among them), whole and with regions, with the pair's IDF and a fitted one."""
    from dedup import kernels
    from dedup.align import _pair_scores
    from dedup.pair_join import score_pair
    from dedup.pair_scores import prepare, score_batch

    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    texts = [WIRE, REWRITE, PARTIAL, INDEPENDENT, UNRELATED, EARNINGS_A, EARNINGS_B, OTHER_STORY, GAP, "",
             "Net 2.1 mln vs 1.9 mln", "Тихий Дон",
             # half their figures shared: at the number conflict's edge
             "Sales rose 10 pct to 20 mln dlrs in the quarter.", "Sales rose 10 pct to 30 mln dlrs in the quarter."]
    tables = [prepare(text) for text in texts]
    rng = random.Random(11 + fitted)
    idf = np.random.default_rng(5).random(2**20) + 0.5 if fitted else None
    pairs, masks = [], []
    for ta in tables:
        for tb in tables:
            for _ in range(2):
                pairs.append((ta, tb))
                masks.append(tuple(None if rng.random() < 0.5 else
                                   np.array([rng.random() < 0.6 for _ in t.sentences], dtype=bool) for t in (ta, tb)))
    batch = score_batch(pairs, masks=masks, min_shared_content=2, idf=idf)
    for (ta, tb), (ma, mb), want in zip(pairs, masks, batch):
        got = _pair_scores(kernels.KERNELS, ta, tb, ma, mb, min_shared_content=2, idf=idf)
        assert _score_arrays(got) == _score_arrays(want)
        assert _score_arrays(got) == _score_arrays(score_pair(ta, tb, ma, mb, min_shared_content=2, idf=idf))
        assert got._sets == want._sets


def test_pair_scores_kernel_refuses_malformed_tables() -> None:
    from dedup import kernels
    from dedup.align import _table_kinds
    from dedup.pair_scores import prepare

    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    table = prepare(WIRE)
    n = len(table.sentences)
    kinds = _table_kinds(table)
    weights = np.log((1.0 + 2 * n) / (1.0 + np.arange(2 * n + 1))) + 1.0
    args = (kinds, kinds, table.df, table.df, n, n, None, None, weights, False, 2)
    assert len(kernels.KERNELS.pair_scores(*args)) == 9
    with pytest.raises(IndexError, match="out of range"):
        kernels.KERNELS.pair_scores(kinds, kinds, table.df, table.df, n - 1, n, None, None, weights, False, 2)
    with pytest.raises(IndexError, match="past the IDF"):
        kernels.KERNELS.pair_scores(kinds, kinds, table.df, table.df, n, n, None, None, weights[:3], False, 2)
    with pytest.raises(ValueError, match="a mask a sentence"):
        kernels.KERNELS.pair_scores(kinds, kinds, table.df, table.df, n, n, np.ones(n + 1, np.uint8), None, weights,
                                    False, 2)
    short = (kinds[0][:6], *kinds[1:])
    with pytest.raises(ValueError, match="seven arrays"):
        kernels.KERNELS.pair_scores(short, kinds, table.df, table.df, n, n, None, None, weights, False, 2)


def test_persian_copy_typed_with_arabic_letters_links_verbatim() -> None:
    # the same Persian sentences, one copy keyed with Arabic's ي and ك: word for word the same text
    persian = ("بانک مرکزی ایران روز یکشنبه اعلام کرد نرخ تورم سالانه به ۳۷ درصد رسیده است. "
               "رئیس کل بانک مرکزی گفت سیاست‌های انقباضی پولی در حال اثرگذاری است.")
    arabic_keys = persian.replace("ی", "ي").replace("ک", "ك")
    alignment = SentenceAligner().align(Document("a", persian, language="fa"), Document("b", arabic_keys, language="fa"))
    assert [link.kind for link in alignment.links] == ["verbatim", "verbatim"]


# One institution named in two cases in each sentence: the source's "Центробанк", "Центробанка", the
# rewrite's "Центробанком", "Центробанке".
RU_SOURCE = ("Ключевую ставку в пятницу сохранил Центробанк, сообщила пресс-служба регулятора. "
             "Решение Центробанка совпало с ожиданиями большинства опрошенных аналитиков.")
RU_REWRITE = ("Пресс-служба регулятора сообщила, что в пятницу Центробанком сохранена ключевая ставка. "
              "Такое решение совпало с ожиданиями большинства опрошенных накануне аналитиков, сообщили в Центробанке.")


def test_a_russian_rewrite_naming_one_institution_in_other_cases_links() -> None:
    pair = (Document("s", RU_SOURCE, published="2024-07-08T08:00:00Z", language="ru"),
            Document("d", RU_REWRITE, published="2024-07-08T10:00:00Z", language="ru"))
    alignment = SentenceAligner().align(*pair)
    assert [(link.source_sentences, link.derived_sentences) for link in alignment.links] == [((0,), (0,)), ((1,), (1,))]
    assert SentenceAligner()._align_vectors(*pair).to_dict() == alignment.to_dict()  # the vectors' path too


# A short statement of a figure, rewritten: its two content words and its figure, nothing else ("acquisita",
# "crescita", 0,5%); the first sentence links on its own wording.
IT_SOURCE = ("Il ministro dell'Economia Marco Ferrante ha definito il dato «incoraggiante». "
             "La crescita acquisita per il 2024 è pari allo 0,5%.")
IT_REWRITE = ("Per il ministro dell'Economia Marco Ferrante si tratta di un risultato «incoraggiante». "
              "La crescita già acquisita per quest'anno è dello 0,5%.")
EN_SOURCE = ("Economy minister Marco Ferrante called the figure encouraging for the economy. "
             "Carried-over growth for 2024 stands at 0.5%.")
EN_REWRITE = ("For economy minister Marco Ferrante the figure was an encouraging result for the economy. "
              "Carried-over growth this year is 0.5%.")


def _pair(source: str, rewrite: str, language: str | None) -> tuple[Document, Document]:
    return (Document("s", source, published="2024-05-31T08:00:00Z", language=language),
            Document("d", rewrite, published="2024-05-31T10:00:00Z", language=language))


def test_a_short_statement_of_a_figure_links_on_its_two_words() -> None:
    pair = _pair(IT_SOURCE, IT_REWRITE, "it")
    alignment = SentenceAligner().align(*pair)
    assert [(link.source_sentences, link.derived_sentences) for link in alignment.links] == [((0,), (0,)), ((1,), (1,))]
    assert SentenceAligner()._align_vectors(*pair).to_dict() == alignment.to_dict()  # the vectors' path too


@pytest.mark.parametrize("source, rewrite, language", [
    (EN_SOURCE, EN_REWRITE, "en"),
    (IT_SOURCE, IT_REWRITE.replace(" per quest'anno è dello 0,5%", " è già acquisita"), "it"),
    (IT_SOURCE.replace("il 2024", "il 2024 e il 2025"), IT_REWRITE.replace("quest'anno", "il 2024 e il 2025"), "it"),
], ids=["english", "no-figure", "as-many-figures-as-words"])
def test_a_short_statement_does_not_link_alone_outside_its_rule(source: str, rewrite: str, language: str | None) -> None:
    pair = _pair(source, rewrite, language)
    for alignment in (SentenceAligner().align(*pair), SentenceAligner()._align_vectors(*pair)):
        assert [link.derived_sentences for link in alignment.links] == [(0,)]


def _cells_and_counts(rng: np.random.Generator, n: int, m: int, dtype: type) -> tuple:
    """A pair's cells (linkable, names in conflict, shared content stems of few values) and each side's counts
    of content stems and figures (small: a short statement of a figure, tables' rows of figures)."""
    from dedup.links import Side
    from dedup.pair_scores import PairScores

    def side(k: int) -> Side:
        return Side((), frozenset(), lambda j: [], rng.integers(0, 5, k).astype(dtype), rng.integers(0, 4, k).astype(dtype))

    empty = np.zeros((0,))
    scores = PairScores(score=rng.random((n, m)), linkable=rng.random((n, m)) < 0.7,
                        entity_conflict=rng.random((n, m)) < 0.2,
                        shared_content=rng.integers(0, 5, (n, m)).astype(np.float64),
                        _cosines=empty, _norms=(empty, empty), _next_dots=(empty, empty), _sets=((), ()))
    return side(n), side(m), scores


def test_strong_cells_kernel_gives_the_numpy_cells() -> None:
    """The compiled cells where a pair may link on its wording, and its short statements of a figure, against
    their numpy twin on random cells: the same arrays (None the same), counts of 64 and 32 bits (a table's and
    a scipy reference's), every minimum of shared stems, cells read transposed (the pair read the other way)."""
    from dataclasses import replace

    from dedup import kernels
    from dedup.align import _strong_cells_py

    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    rng = np.random.default_rng(49)
    found = 0
    for trial in range(3000):
        n, m = int(rng.integers(0, 9)), int(rng.integers(0, 9))
        side_a, side_b, scores = _cells_and_counts(rng, n, m, np.int64 if rng.random() < 0.7 else np.int32)
        if rng.random() < 0.3:  # the same cells through a transposed array's strides
            scores = replace(scores, linkable=scores.linkable.T.copy().T, shared_content=scores.shared_content.T.copy().T)
        min_shared = int(rng.integers(0, 4))
        want = _strong_cells_py(side_a, side_b, scores, min_shared)
        got = kernels.KERNELS.strong_cells(scores.linkable, scores.entity_conflict, scores.shared_content,
                                           side_a.content_counts, side_a.figure_counts, side_b.content_counts,
                                           side_b.figure_counts, min_shared, 2)
        assert np.frombuffer(got[0], dtype=bool).reshape(n, m).tolist() == want[0].tolist(), trial
        assert (got[1] is None) == (want[1] is None), trial
        if want[1] is not None:
            assert np.frombuffer(got[1], dtype=bool).reshape(n, m).tolist() == want[1].tolist(), trial
            found += 1
    assert found > 40, found


def test_strong_cells_compiled_or_not(compiled: bool) -> None:
    """A short statement of a figure outside the cells linkable on wording is given apart; none: None."""
    from dedup.align import _strong_cells, _strong_cells_py
    from dedup.links import Side
    from dedup.pair_scores import PairScores

    empty = np.zeros((0,))
    scores = PairScores(score=np.ones((1, 2)), linkable=np.ones((1, 2), dtype=bool),
                        entity_conflict=np.zeros((1, 2), dtype=bool), shared_content=np.array([[2.0, 3.0]]),
                        _cosines=empty, _norms=(empty, empty), _next_dots=(empty, empty), _sets=((), ()))
    a = Side((), frozenset(), lambda j: [], np.array([2]), np.array([1]))
    b = Side((), frozenset(), lambda j: [], np.array([5, 3]), np.array([1, 1]))
    strong, short = _strong_cells(a, b, scores, 3)
    assert strong.tolist() == [[False, True]] and short is not None and short.tolist() == [[True, False]]
    assert _strong_cells(a, b, scores, 2)[1] is None
    for min_shared in (2, 3):
        got, want = _strong_cells(a, b, scores, min_shared), _strong_cells_py(a, b, scores, min_shared)
        assert got[0].tolist() == want[0].tolist() and (got[1] is None) == (want[1] is None)


def test_strong_cells_kernel_refuses_what_it_cannot_read() -> None:
    from dedup import kernels

    if kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built")
    ones, counts = np.ones((2, 2), dtype=bool), np.zeros(2, dtype=np.int64)
    with pytest.raises(ValueError, match="integers"):
        kernels.KERNELS.strong_cells(ones, ones, np.zeros((2, 2)), counts.astype(float), counts, counts, counts, 2, 2)
    with pytest.raises(ValueError, match="shape"):
        kernels.KERNELS.strong_cells(ones, ones, np.zeros((2, 2)), np.zeros(3, np.int64), counts, counts, counts, 2, 2)
    with pytest.raises(ValueError, match="float64"):
        kernels.KERNELS.strong_cells(ones, ones, np.zeros((2, 2), np.float32), counts, counts, counts, counts, 2, 2)
