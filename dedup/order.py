"""Word order: whether two stretches of text keep the words they share in an order chance does not give.

Reuse keeps runs of words, even a heavy rewrite or a shuffled copy: names, phrases, clauses. A salad of an
article's words (its words drawn at random) shares every word with the article but keeps none of their
order: the passages and sentence links it meets are chance ones, one word in common here and there. The
decision (:func:`dedup.decision.refuse_chance_order`) reads this measure of a pair about to be reported, over
its located evidence (its shared passages and its worded links), and over the whole texts when nothing is
located or the located stretches do not tell.

The measure is the surprise of what is seen under a chance order, in powers of ten (``-log10`` of its
chance; :func:`order_surprise`): 0 for a salad, tens or hundreds for a copy or a rewrite.

>>> order_surprise([("the central bank raised interest rates on Tuesday",
...                  "on Tuesday the central bank raised its interest rates")], "en") > 3.0
True
>>> order_surprise([("bank the Tuesday rates on central interest raised",
...                  "on Tuesday the central bank raised its interest rates")], "en") < 1.0
True
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from functools import lru_cache
from typing import Sequence

from dedup.language import DENSE_CHAR, DENSE_CHARS_PER_WORD, is_dense
from dedup.words import rules_for, tokens as word_tokens

__all__ = ["RUN_TOKENS", "order_surprise", "mostly_dense", "runs", "kendall", "poisson_surprise", "normal_surprise"]

#: A run of words, in tokens (:func:`dedup.words.tokens`): two words. Three miss what a table sent again with
#: its figures swapped keeps ("avg shrs", "nine mths"; benchmarks/RESULTS.md, thirty-sixth round).
RUN_TOKENS = 2


def order_surprise(stretches: Sequence[tuple[str, str]], language: str | None = None) -> float:
    """How surely the pairs of ``stretches`` keep the words they share in an order chance does not give:
    ``-log10`` of the chance of what is seen were each side's words in a chance order (0: nothing beyond
    chance). Words are compared by their stems in ``language`` (:func:`dedup.words.rules_for`). The same
    either way round.

    What is seen: in a script with spaces, the runs of :data:`RUN_TOKENS` words of one side's stretches found
    in the other's, against the count expected were that side's words in a chance order (:func:`runs`;
    Poisson), the surer of the two sides. In a script without spaces, whose tokens are overlapping pairs of
    characters, a run of a few tokens is a piece of a word or two, which a salad of such pieces keeps whole:
    there (:func:`mostly_dense`), the order of the shared tokens found once on each side (Kendall's S against
    its spread under chance order, :func:`kendall`). The two kinds of stretch are counted apart, the surer one taken.

    >>> order_surprise([])
    0.0
    """
    found = [0, 0]
    expected = [0.0, 0.0]
    s = variance = 0.0
    for x, y in stretches:
        words_x, words_y = _stems(x, language), _stems(y, language)
        if mostly_dense(x) or mostly_dense(y):
            ds, dv = kendall(words_x, words_y)
            s += ds
            variance += dv
        else:
            for side, (one, other) in enumerate(((words_x, words_y), (words_y, words_x))):
                n, e = runs(one, other, RUN_TOKENS)
                found[side] += n
                expected[side] += e
    return max(poisson_surprise(found[0], expected[0]), poisson_surprise(found[1], expected[1]),
               normal_surprise(s / math.sqrt(variance)) if variance else 0.0)


_DENSE = re.compile(DENSE_CHAR)


def mostly_dense(text: str) -> bool:
    """True when most of ``text``'s words are in a script written without spaces (its characters counted
    as words as :func:`dedup.language.count_words` counts them): an English page quoting a Chinese name is
    read by its runs of words, a Chinese story quoting an English one by its order.

    >>> mostly_dense("北京市政府今天宣布新的交通规划"), mostly_dense("Lu Xun (鲁迅) wrote in Shanghai in 1931.")
    (True, False)
    """
    if not is_dense(text):
        return False
    dense = len(_DENSE.findall(text)) / DENSE_CHARS_PER_WORD["cjk"]
    return dense > len(_DENSE.sub(" ", text).split())


@lru_cache(maxsize=4096)
def _stems(text: str, language: str | None) -> tuple[str, ...]:
    """The word tokens of ``text`` (:func:`dedup.words.tokens`), stemmed in ``language``: a text read once
    when it is in several reported pairs."""
    stem = rules_for(language).stem
    return tuple(stem(token) for token in word_tokens(text))


def runs(source: Sequence[str], derived: Sequence[str], n: int) -> tuple[int, float]:
    """The runs of ``n`` tokens of ``derived`` found among those of ``source``, and how many would be were
    the tokens of ``derived`` in a chance order: per place, the chance that ``n`` tokens drawn from
    ``derived``'s make one of ``source``'s runs.

    >>> runs("a b c d".split(), "a b c x".split(), 3)
    (1, 0.03125)
    """
    m = len(derived)
    if m < n or len(source) < n:
        return 0, 0.0
    grams = set(zip(*(source[k:] for k in range(n))))
    found = sum(1 for gram in zip(*(derived[k:] for k in range(n))) if gram in grams)
    counts = Counter(derived)
    ways = 0
    for gram in grams:  # a Python loop, the cheapest way here (a reported pair's stretches: ~1 ms in all)
        product = 1
        for token in gram:
            product *= counts.get(token, 0)
            if not product:
                break
        ways += product
    return found, (m - n + 1) * ways / m ** n


def kendall(source: Sequence[str], derived: Sequence[str]) -> tuple[float, float]:
    """Kendall's S (pairs in the same order minus pairs in the other) of the tokens found once in ``source``
    and once in ``derived``, and its variance under chance order. Tokens found more often are left out: a
    token frequent in a text comes early in it by its frequency alone, and a salad drawn from the text's
    pieces draws its frequent pieces early too (the first places of all shared tokens agreed beyond chance
    in a salad of 3-character pieces, 3 seeds of 15).

    >>> kendall("a b c d".split(), "a b d c".split())
    (4.0, 8.666666666666666)
    >>> kendall("a b a c d".split(), "a b d c".split())  # "a" twice in the source: left out
    (1.0, 3.6666666666666665)
    """
    once = _once(source)
    in_derived = _once(derived)
    places = [once[token] for token in derived if token in once and token in in_derived]
    n = len(places)
    if n < 2:
        return 0.0, 0.0
    inversions = 0
    ordered: list[int] = []
    for k in places:  # how many tokens before it in the derived stretch stand after it in the source
        at = bisect.bisect_right(ordered, k)
        inversions += len(ordered) - at
        ordered.insert(at, k)
    return n * (n - 1) / 2 - 2 * inversions, n * (n - 1) * (2 * n + 5) / 18


def _once(tokens: Sequence[str]) -> dict[str, int]:
    """The tokens found once in ``tokens``, with their place."""
    place: dict[str, int] = {}
    seen: set[str] = set()
    for k, token in enumerate(tokens):
        if token in seen:
            place.pop(token, None)
        else:
            seen.add(token)
            place[token] = k
    return place


def normal_surprise(z: float) -> float:
    """``-log10`` of the chance that a standard normal value reaches ``z`` (0 at or under 0; 300 where the
    chance is under the smallest float).

    >>> round(normal_surprise(2.33), 2), normal_surprise(40.0)
    (2.0, 300.0)
    """
    if z <= 0:
        return 0.0
    tail = 0.5 * math.erfc(z / math.sqrt(2.0))
    return -math.log10(tail) if tail > 0 else 300.0


def poisson_surprise(found: int, expected: float) -> float:
    """``-log10`` of the chance that a Poisson count of mean ``expected`` reaches ``found`` (0 when it is no
    more than expected; 300 when ``expected`` is 0 and something is found).

    >>> round(poisson_surprise(6, 0.9), 2), poisson_surprise(1, 2.0)
    (3.46, 0.0)
    """
    if found <= expected:
        return 0.0
    if expected <= 0.0:
        return 300.0
    # the tail's terms fall from the first on (found > expected): summed until they no longer count
    log_mean = math.log(expected)
    top = found * log_mean - expected - math.lgamma(found + 1)
    total, k, term = 1.0, found, top
    while k < found + 400:
        k += 1
        term += log_mean - math.log(k)
        if term < top - 40.0:
            break
        total += math.exp(term - top)
    return min(300.0, -(top + math.log(total)) / math.log(10))
