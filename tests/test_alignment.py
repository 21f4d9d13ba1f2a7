"""Tests for dedup.alignment: a passage's words and its trim as first defined."""

from __future__ import annotations

import random
import re

import pytest


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


def _alignment(source: list[str], derived: list[str], pairs: list[tuple[int, int]]):  # type: ignore[no-untyped-def]
    """An alignment of two texts of the sentences given, linking derived ``j`` to source ``i`` for each ``(i, j)``."""
    from dedup.alignment import Alignment, Coverage, Link
    from dedup.documents import Document
    from dedup.sentences import Sentence

    def sentences(parts: list[str]) -> tuple[str, tuple[Sentence, ...]]:
        out, at = [], 0
        for part in parts:
            out.append(Sentence(at, at + len(part), part))
            at += len(part) + 1
        return " ".join(parts), tuple(out)

    (s_text, s_sents), (d_text, d_sents) = sentences(source), sentences(derived)
    links = tuple(Link((i,), (j,), ((s_sents[i].start, s_sents[i].end),), ((d_sents[j].start, d_sents[j].end),),
                       0.9, "verbatim") for i, j in pairs)
    return Alignment(Document(id="s", text=s_text), Document(id="d", text=d_text), "s", "d", "given", "partially_derived",
                     Coverage(0, 0, 0, 0, 0, 0), links, (), (), s_sents, d_sents)


_SOURCE = ["Officials met on Monday.", "The river rose three metres overnight in the old town.",
           "Rescue teams moved two hundred families to schools.", "The mayor asked for army help.",
           "Rain is expected to stop on Thursday.", "Prices of bread went up again."]
_DERIVED = ["A farmer sold his cows.", "Overnight the river in the old town rose by three metres.",
            "Rescue teams moved two hundred families to schools.", "The mayor asked for army help.",
            "By Thursday, the rain is expected to stop.", "Nobody knows when the market will open."]


def test_a_passage_grows_over_like_unlinked_neighbours_and_stops_at_unlike_ones() -> None:
    alignment = _alignment(_SOURCE, _DERIVED, [(2, 2), (3, 3)])
    (plain,) = alignment.passages(trim=False)
    (grown,) = alignment.passages(trim=False, grow=0.3)
    s, d = alignment.source_sentences, alignment.derived_sentences
    assert plain == type(plain)((s[2].start, s[3].end), (d[2].start, d[3].end))
    # sentences 1 and 4 share most of their words on both sides; 0 and 5 share none (or "the" alone)
    assert grown == type(plain)((s[1].start, s[4].end), (d[1].start, d[4].end))
    assert alignment.passages(trim=False, grow=0.95) == [plain]  # the neighbours share less than that


def test_a_passage_never_grows_over_a_linked_sentence_or_past_either_text() -> None:
    # derived 1 is linked elsewhere (to source 5, a passage of its own): the run of 2-3 may not take it,
    # though source 1 is free; it grows forwards alone
    alignment = _alignment(_SOURCE, _DERIVED, [(2, 2), (3, 3), (5, 1)])
    grown = alignment.passages(trim=False, max_source_gap=1, grow=0.3)
    s, d = alignment.source_sentences, alignment.derived_sentences
    assert [(p.source_span, p.derived_span) for p in grown] == [
        ((s[5].start, s[5].end), (d[1].start, d[1].end)), ((s[2].start, s[4].end), (d[2].start, d[4].end))]
    edge = _alignment(_SOURCE[1:3], _DERIVED[1:3], [(1, 1)])  # growing backwards reaches sentence 0 and stops
    (passage,) = edge.passages(trim=False, grow=0.3)
    assert passage.derived_span == (0, len(edge.derived_document.text))


def test_the_located_passages_of_the_json_grow() -> None:
    from dedup.alignment import LOCATED_GAP, LOCATED_GROW, LOCATED_SOURCE_GAP

    alignment = _alignment(_SOURCE, _DERIVED, [(2, 2), (3, 3)])
    located = alignment.passages(max_gap=LOCATED_GAP, max_source_gap=LOCATED_SOURCE_GAP, grow=LOCATED_GROW)
    assert located != alignment.passages(max_gap=LOCATED_GAP, max_source_gap=LOCATED_SOURCE_GAP)
    assert alignment.to_dict()["passages"] == [{"source": list(p.source_span), "derived": list(p.derived_span)}
                                               for p in located]


# Two source sentences reworded the way PAN's random obfuscation rewords: words shuffled, dropped and swapped, so
# no sentence keeps enough to link (no link is given here), while each is the other side's best match, in order.
_NEAR_SOURCE = ["Officials met on Monday.", "The committee approved the new budget for the schools after a long debate.",
                "Teachers will receive their first raise since the strike ended.", "Prices of bread went up again."]
_NEAR_DERIVED = ["A farmer sold his cows.", "After debate long the board approved budget the new for schools.",
                 "Their first raise teachers get since the strike ended.", "Nobody knows when the market will open."]


def _near(source: list[str], derived: list[str], pairs: list[tuple[int, int]] = [], least: float = 0.35):  # noqa: B006
    from dedup.alignment import _near_pieces

    return [(j, i) for j, i, _ in _near_pieces(_alignment(source, derived, pairs), least, None)]


def test_a_run_of_unlinked_neighbours_each_the_others_best_is_located() -> None:
    alignment = _alignment(_NEAR_SOURCE, _NEAR_DERIVED, [])
    assert alignment.passages(trim=False) == [] and alignment.passages(trim=False, grow=0.3) == []
    (located,) = alignment.passages(trim=False, near=0.35)
    s, d = alignment.source_sentences, alignment.derived_sentences
    assert located == type(located)((s[1].start, s[2].end), (d[1].start, d[2].end))
    assert alignment.passages(trim=False, near=0.9) == []  # they share less than that
    assert alignment.links == ()  # located, never linked: nothing the verdict reads of the links moves


@pytest.mark.parametrize(
    ("derived", "pairs", "found"),
    [
        (_NEAR_DERIVED, [], [(1, 1), (2, 2)]),
        ([_NEAR_DERIVED[0], _NEAR_DERIVED[1], "Nothing like it was said.", _NEAR_DERIVED[3]], [], []),  # alone
        ([_NEAR_DERIVED[0], _NEAR_DERIVED[2], _NEAR_DERIVED[1], _NEAR_DERIVED[3]], [], []),  # the other way round
        (_NEAR_DERIVED[:1] + ["After debate long the board approved budget 12 new for schools.",
                              _NEAR_DERIVED[2], _NEAR_DERIVED[3]], [], []),  # a figure the source lacks, and
        ([*_NEAR_DERIVED, _NEAR_SOURCE[1]], [], []),  # source 1's best derived sentence is another (a copy)
        ([*_NEAR_DERIVED, _NEAR_SOURCE[1]], [(0, 4)], [(1, 1), (2, 2)]),  # ... unless that one is linked (elsewhere)
        (_NEAR_DERIVED, [(1, 1)], []),  # a linked sentence is no part of a near run
    ],
    ids=["run", "alone", "reversed", "figure", "not-mutual", "best-linked", "linked"],
)
def test_near_runs(derived: list[str], pairs: list[tuple[int, int]], found: list[tuple[int, int]]) -> None:
    source = [*_NEAR_SOURCE[:1], _NEAR_SOURCE[1].replace("the new", "the 9 new") if derived[1].count("12") else
              _NEAR_SOURCE[1], *_NEAR_SOURCE[2:]]
    assert _near(source, derived, pairs) == found


def test_a_near_run_joins_the_passage_of_the_links_next_to_it() -> None:
    source = [*_NEAR_SOURCE, "The mayor asked for army help."]
    derived = [*_NEAR_DERIVED[:3], "The mayor asked for army help."]
    alignment = _alignment(source, derived, [(4, 3)])
    s, d = alignment.source_sentences, alignment.derived_sentences
    assert [p.derived_span for p in alignment.passages(trim=False)] == [(d[3].start, d[3].end)]
    assert alignment.passages(trim=False, near=0.35) == [
        type(alignment.passages()[0])((s[1].start, s[4].end), (d[1].start, d[3].end))]


def test_a_single_near_pair_joins_a_passage_it_continues_and_is_never_one_alone() -> None:
    source = [_NEAR_SOURCE[0], "Prices of bread went up again.", _NEAR_SOURCE[2], "The mayor asked for army help."]
    derived = [_NEAR_DERIVED[0], "Nobody knows when the market will open.", _NEAR_DERIVED[2],
               "The mayor asked for army help."]
    alignment = _alignment(source, derived, [(3, 3)])
    s, d = alignment.source_sentences, alignment.derived_sentences
    (plain,) = alignment.passages(trim=False)
    assert plain.derived_span == (d[3].start, d[3].end)
    assert alignment.passages(trim=False, near=0.35) == [plain]  # one pair is no run
    assert alignment.passages(trim=False, alone=0.5) == [type(plain)((s[2].start, s[3].end), (d[2].start, d[3].end))]
    assert alignment.passages(trim=False, alone=0.9) == [plain]  # it shares less than that
    assert _alignment(source[:3], derived[:3], []).passages(trim=False, near=0.35, alone=0.5) == []  # no link


@pytest.mark.parametrize("seed", range(6))
def test_near_runs_are_the_same_whatever_block_the_rows_are_scored_in(seed: int, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from dedup import alignment as module

    rng = random.Random(seed)
    vocabulary = "the a river rose town rain bread army mayor met teams moved families schools stop 3 7".split()
    source = [" ".join(rng.choices(vocabulary, k=rng.randint(3, 9))) + "." for _ in range(rng.randint(5, 30))]
    derived = [" ".join(rng.sample(s.rstrip(".").split(), k=len(s.split()))) + "." if rng.random() < 0.6 else
               " ".join(rng.choices(vocabulary, k=rng.randint(3, 9))) + "." for s in rng.sample(source, len(source))]
    pairs = [(i, j) for j, i in enumerate(rng.sample(range(len(source)), 2))]
    whole = _near(source, derived, pairs)
    monkeypatch.setattr(module, "_NEAR_BLOCK", 1)
    assert _near(source, derived, pairs) == whole
    monkeypatch.setattr(module, "_NEAR_BLOCK", 3)
    assert _near(source, derived, pairs) == whole


def test_the_located_passages_of_the_json_take_near_runs() -> None:
    from dedup.alignment import LOCATED_ALONE, LOCATED_GAP, LOCATED_GROW, LOCATED_NEAR, LOCATED_SOURCE_GAP

    alignment = _alignment(_NEAR_SOURCE, _NEAR_DERIVED, [])
    located = alignment.passages(max_gap=LOCATED_GAP, max_source_gap=LOCATED_SOURCE_GAP, grow=LOCATED_GROW,
                                 near=LOCATED_NEAR, alone=LOCATED_ALONE)
    assert located and alignment.to_dict()["passages"] == [
        {"source": list(p.source_span), "derived": list(p.derived_span)} for p in located]


# A summary: two derived sentences condense a source stretch, linked to source sentences 2 and 6 (five source
# sentences for two derived ones); the words each draws on lie in the source sentences around its links.
_SUMMARY_SOURCE = ["A farmer sold his cows.", "Dockers in Lagos walked out on Monday.", "The port strike ended on Friday.",
                   "Union leaders said wages would rise by a fifth.", "The ministry promised to buy new cranes.",
                   "Officials met again on Tuesday.", "Shipping firms expect cargo delays to ease.",
                   "Ships had queued outside the harbour for weeks.", "Cargo piled up on the quays.",
                   "A farmer sold his cows.", "Prices of bread went up again."]
_SUMMARY_DERIVED = ["Prices of bread went up again.",
                    "The Lagos port strike ended after dockers won higher wages and the ministry promised new cranes.",
                    "Shipping firms expect cargo delays to ease by March.", "Nobody knows when the market will open."]


def test_a_condensed_passage_grows_over_the_source_sentences_its_words_are_drawn_from() -> None:
    alignment = _alignment(_SUMMARY_SOURCE, _SUMMARY_DERIVED, [(2, 1), (6, 2)])
    s, d = alignment.source_sentences, alignment.derived_sentences
    (plain,) = alignment.passages(trim=False)
    assert plain.source_span == (s[2].start, s[6].end)
    (drawn,) = alignment.passages(trim=False, condensed=2.5)
    # source 1 (dockers, Lagos) and 8 (cargo) hold words of the summary; 7 none, within reach of 8; 0, 9, 10 none
    assert drawn.source_span == (s[1].start, s[8].end) and drawn.derived_span == (d[1].start, d[2].end)
    from dedup.alignment import _drawn_on

    # within one sentence of either end (the passages' reach is their ``max_source_gap``): 1, not 8 (two past 6)
    assert _drawn_on([([1, 2], [2, 6])], alignment, 2.5, 1) == [([1, 2], [2, 6, 1, 6])]
    assert alignment.passages(trim=False, condensed=3.0) == [plain]  # five source sentences for two: not 3 times
    assert alignment.passages(trim=False, condensed=None) == [plain]


def test_a_passage_of_one_source_sentence_for_each_is_not_condensed() -> None:
    copy = _alignment(_SUMMARY_SOURCE, _SUMMARY_DERIVED, [(2, 1), (3, 2)])  # a copy's links, one for one
    assert copy.passages(trim=False, condensed=2.5) == copy.passages(trim=False)
    shorter = _alignment(_SUMMARY_SOURCE, _SUMMARY_DERIVED, [(2, 1), (5, 2)])  # four source sentences for two
    assert shorter.passages(trim=False, condensed=2.5) == shorter.passages(trim=False)
    news = _alignment(_SOURCE, _DERIVED, [(2, 2), (3, 3)])
    assert news.passages(trim=False, grow=0.3, condensed=2.5) == news.passages(trim=False, grow=0.3)


def test_the_located_passages_of_the_json_take_condensed_passages_and_no_link_moves() -> None:
    from dedup.alignment import (LOCATED_ALONE, LOCATED_CONDENSED, LOCATED_GAP, LOCATED_GROW, LOCATED_NEAR,
                                 LOCATED_SOURCE_GAP)

    alignment = _alignment(_SUMMARY_SOURCE, _SUMMARY_DERIVED, [(2, 1), (6, 2)])
    settings = dict(max_gap=LOCATED_GAP, max_source_gap=LOCATED_SOURCE_GAP, grow=LOCATED_GROW, near=LOCATED_NEAR,
                    alone=LOCATED_ALONE)
    located = alignment.passages(**settings, condensed=LOCATED_CONDENSED)
    assert located != alignment.passages(**settings)
    as_json = alignment.to_dict()
    assert as_json["passages"] == [{"source": list(p.source_span), "derived": list(p.derived_span)} for p in located]
    assert as_json["links"] == [link.to_dict() for link in alignment.links] and len(alignment.links) == 2
