"""Tests for dedup.align: links, kinds, coverage, verdicts, the JSON shape and the estimator contract.

All texts are written for these tests (no corpus excerpts).
"""

from __future__ import annotations

import json

import pytest

from dedup.align import SentenceAligner
from dedup.documents import Document
from dedup.errors import SettingsError
from dedup.lineage import Direction
from dedup.vector_alignment import align_vectors

from _align_cases import BATCH, STOCK, _around, _regions, _same, doc
from _align_texts import (
    EARNINGS_A,
    EARNINGS_B,
    GAP,
    INDEPENDENT,
    OTHER_STORY,
    PARTIAL,
    REWRITE,
    UNRELATED,
    WIRE,
)


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


def test_align_many_equals_align_with_the_pairs_own_idf() -> None:
    batched = SentenceAligner().align_many(BATCH, batch_size=3)
    assert [r.verdict for r in batched] == [
        "wholly_derived", "wholly_derived", "partially_derived", "independent", "unrelated", "unrelated",
        "wholly_derived", "unrelated",
    ]
    for (a, b), result in zip(BATCH, batched):
        _same(align_vectors(SentenceAligner(), a, b), result)
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
    _same(align_vectors(SentenceAligner(), a, b, regions=regions), limited)
    _same(align_vectors(SentenceAligner(), a, b), whole)
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
        _same(align_vectors(aligner, x, y, regions=regions[0] if regions else ()), result)
        assert aligner.align(x, y, regions=regions[0] if regions else ()).to_dict() == result.to_dict()


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
    assert align_vectors(SentenceAligner(), *pair).to_dict() == alignment.to_dict()  # the vectors' path too


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
    assert align_vectors(SentenceAligner(), *pair).to_dict() == alignment.to_dict()  # the vectors' path too


@pytest.mark.parametrize("source, rewrite, language", [
    (EN_SOURCE, EN_REWRITE, "en"),
    (IT_SOURCE, IT_REWRITE.replace(" per quest'anno è dello 0,5%", " è già acquisita"), "it"),
    (IT_SOURCE.replace("il 2024", "il 2024 e il 2025"), IT_REWRITE.replace("quest'anno", "il 2024 e il 2025"), "it"),
], ids=["english", "no-figure", "as-many-figures-as-words"])
def test_a_short_statement_does_not_link_alone_outside_its_rule(source: str, rewrite: str, language: str | None) -> None:
    pair = _pair(source, rewrite, language)
    for alignment in (SentenceAligner().align(*pair), align_vectors(SentenceAligner(), *pair)):
        assert [link.derived_sentences for link in alignment.links] == [(0,)]
