"""dedup.refilled, dedup.sentence_slots and dedup.renamed: what is kept between pairs (a sentence's words and figures, a link side's
figures and names, two sentences' likeness, a name word's reading in another text) answers as read afresh,
and is bounded. A check reads the new article against dozens of a form's look-alikes, and the stored forms
check after check: the readings are kept so, never their answers changed."""

from __future__ import annotations

import random

import pytest

from _verdict_pairs import FORM_DAY_1, FORM_DAY_2, _refilled
from test_refilled import (CPI_NOVEMBER, CPI_OCTOBER, DUTCH_NEXT_DAY, DUTCH_SOURCE, FERRY_DAY_1, FERRY_DAY_2,
                           ROUND_DAY_1, ROUND_DAY_2)
from dedup import refilled, renamed, sentence_slots
from dedup.figure_sets import link_figures
from dedup.renamed import names_within
from dedup.sentences import split_sentences

PAIRS = [(FORM_DAY_1, FORM_DAY_2), (FERRY_DAY_1, FERRY_DAY_2), (ROUND_DAY_1, ROUND_DAY_2),
         (CPI_NOVEMBER, CPI_OCTOBER), (DUTCH_SOURCE, DUTCH_NEXT_DAY), (FORM_DAY_1, FORM_DAY_1)]
KEPT = (sentence_slots._sentence_slots, refilled._held_kept, refilled._names_kept, sentence_slots._alike_words,
        renamed._known_there)


def _cleared() -> None:
    for cache in KEPT:
        cache.cache_clear()


def test_a_sentences_kept_words_and_figures_are_those_read_afresh() -> None:
    _cleared()
    for text in {t for pair in PAIRS for t in pair}:
        for sentence in split_sentences(text):
            for comma in (False, True):
                fresh = sentence_slots._sentence_slots.__wrapped__(text, sentence.start, sentence.end, comma)
                assert sentence_slots._sentence_slots(text, sentence.start, sentence.end, comma) == fresh  # read
                assert sentence_slots._sentence_slots(text, sentence.start, sentence.end, comma) == fresh  # kept
    # the decimal comma is part of the key: "1.400" is 1400 where a comma is the decimal mark, else 1.4
    text = "The company said that its sales of the year rose to 1.400 units from 1.250 units, it said."
    read = {comma: sentence_slots._sentence_slots(text, 0, len(text), comma) for comma in (False, True)}
    assert read[True] is not None and read[False] is not None and read[True][1] != read[False][1]


def test_a_link_sides_kept_figures_and_names_are_those_read_afresh() -> None:
    _cleared()
    for text in {t for pair in PAIRS for t in pair}:
        for sentence in split_sentences(text):
            spans = [(sentence.start, sentence.end)]
            for _ in range(2):  # read, then kept
                assert refilled._held(text, spans, False) == link_figures(text, spans, False)
                assert refilled._held(text, spans, True) == link_figures(text, spans, True)
                assert refilled._names(text, spans) == names_within(text, spans)


def test_two_sentences_likeness_is_the_matchers_whether_kept_or_cut_by_length() -> None:
    from difflib import SequenceMatcher

    _cleared()
    rng = random.Random(60)
    vocabulary = "the bank sold bills to dealers at a rate of pct on monday said it".split()
    answers = set()
    for _ in range(400):
        a = [rng.choice(vocabulary) for _ in range(rng.randint(0, 12))]
        b = list(a) if rng.random() < 0.5 else [rng.choice(vocabulary) for _ in range(rng.randint(0, 12))]
        for k in range(rng.randint(0, 3)):  # a few words changed or dropped
            if b and k % 2:
                b[rng.randrange(len(b))] = rng.choice(vocabulary)
            elif b:
                b.pop(rng.randrange(len(b)))
        matcher = SequenceMatcher(None, a, b, autojunk=False)
        fresh = matcher.real_quick_ratio() >= 0.8 and matcher.quick_ratio() >= 0.8 and matcher.ratio() >= 0.8
        assert sentence_slots.alike_but_figures(a, b) is fresh
        assert sentence_slots.alike_but_figures(a, b) is fresh  # kept
        answers.add(fresh)
    assert answers == {True, False}


def test_a_name_words_kept_reading_is_the_one_read_afresh() -> None:
    _cleared()
    others = [ROUND_DAY_1, ROUND_DAY_2, "The ECB said.", "The Bank of England said.", "The Federal Reserve said."]
    keys = {w.lower() for text in others for w in text.replace(",", " ").replace(".", " ").split()}
    keys |= {"fed", "boe", "ecb", "owen", "farrow", "x", "federally"}
    for other in others:
        for key in sorted(keys):
            fresh = renamed._known_there.__wrapped__(key, other)
            assert renamed._known_there(key, other) is fresh
            assert renamed._known_there(key, other) is fresh


@pytest.mark.parametrize("a, b", PAIRS, ids=["form", "ferry", "round", "chinese", "dutch", "copy"])
def test_refilled_links_answer_alike_with_readings_kept_or_not(a: str, b: str, monkeypatch) -> None:
    _cleared()
    cold = _refilled(a, b)
    warm = _refilled(a, b)
    # every kept reading bypassed: the answer as the functions read it afresh
    monkeypatch.setattr(sentence_slots, "_sentence_slots", sentence_slots._sentence_slots.__wrapped__)
    monkeypatch.setattr(refilled, "_held", lambda text, spans, comma: frozenset(link_figures(text, spans, comma)))
    monkeypatch.setattr(refilled, "_names", names_within)
    monkeypatch.setattr(sentence_slots, "_alike_words", sentence_slots._alike_words.__wrapped__)
    monkeypatch.setattr(renamed, "_known_there", renamed._known_there.__wrapped__)
    assert cold == warm == _refilled(a, b)


def test_what_is_kept_is_bounded() -> None:
    assert sentence_slots._sentence_slots.cache_info().maxsize == sentence_slots.SLOTS_KEPT
    assert refilled._held_kept.cache_info().maxsize == refilled._names_kept.cache_info().maxsize == refilled.SIDES_KEPT
    assert sentence_slots._alike_words.cache_info().maxsize == sentence_slots.ALIKE_KEPT
    assert renamed._known_there.cache_info().maxsize == renamed.KNOWN_KEPT
    _cleared()
    for n in range(refilled.SIDES_KEPT + 10):  # more link sides than are kept: the oldest let go
        text = f"Rates rose {n} pct."
        refilled._held(text, [(0, len(text))], False)
    assert refilled._held_kept.cache_info().currsize == refilled.SIDES_KEPT
