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
