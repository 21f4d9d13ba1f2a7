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
