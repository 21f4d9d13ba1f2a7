"""Word order: runs of words against a chance order, Kendall's S in scripts without spaces, the surprises."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from dedup.order import kendall, normal_surprise, order_surprise, poisson_surprise, runs

STORY = (
    "Dockworkers at the port of Rotterdam walked out on Monday over pay, halting container traffic at Europe's "
    "busiest port. The strike, called by the FNV union, is the first at the port in twenty years. Shipping lines "
    "diverted vessels to Antwerp and Hamburg, and the port authority said it expected the stoppage to last two "
    "days. Union leaders said they would meet employers on Wednesday to discuss a new wage offer."
)
REWRITE = (
    "Container traffic at Europe's busiest port came to a halt on Monday as dockworkers at the port of Rotterdam "
    "walked out over pay. Vessels were diverted to Antwerp and Hamburg. The FNV union called the strike, the first "
    "at the port in twenty years; leaders will meet employers on Wednesday to discuss a new wage offer."
)
CHINESE = "新华社广州6月12日电受强降雨影响广东省多地出现洪涝灾害当地政府紧急转移安置受灾群众数万人抢险救灾工作正在进行"
#: The multilingual set's Chinese story and another outlet's rewrite of it.
ZH = json.loads((Path(__file__).resolve().parents[1] / "benchmarks" / "multilingual" / "zh.json").read_text(encoding="utf-8"))


def _salad(text: str, words: int, seed: int) -> str:
    rng = random.Random(seed)
    pool = text.split()
    return " ".join(rng.choice(pool) for _ in range(words))


def _pieces(text: str, size: int, pieces: int, seed: int) -> str:
    rng = random.Random(seed)
    cut = [run[k:k + size] for run in re.findall(r"[\u4e00-\u9fff]+", text) for k in range(0, len(run), size)]
    cut = [piece for piece in cut if len(piece) == size]
    return "".join(rng.choice(cut) for _ in range(pieces))


def test_runs_count_what_is_found_and_what_chance_gives() -> None:
    assert runs("a b c d".split(), "a b c x".split(), 2) == (2, 3 * 2 / 16)  # "a b", "b c" found; 3 places, 2 of 16 ordered draws a run
    assert runs("a b".split(), "a".split(), 2) == (0, 0.0)
    found, expected = runs("a b c d".split(), "d c b a".split(), 2)
    assert found == 0 and expected > 0


def test_kendall_of_the_same_order_and_the_reverse() -> None:
    same, variance = kendall(list("abcdef"), list("abcdef"))
    assert same == 15 and variance > 0
    assert kendall(list("abcdef"), list("fedcba"))[0] == -15
    assert kendall(list("ab"), list("xy")) == (0.0, 0.0)  # fewer than two shared tokens: nothing to say


@pytest.mark.parametrize(("found", "expected", "low", "high"), [
    (0, 1.0, 0.0, 0.0), (2, 2.0, 0.0, 0.0), (6, 0.9, 3.0, 4.0), (1, 0.0, 300.0, 300.0), (500, 0.5, 299.0, 300.0),
], ids=["none", "as-expected", "beyond", "nothing-expected", "capped"])
def test_poisson_surprise(found: int, expected: float, low: float, high: float) -> None:
    assert low <= poisson_surprise(found, expected) <= high


def test_normal_surprise() -> None:
    assert normal_surprise(-1.0) == 0.0 == normal_surprise(0.0)
    assert 1.2 < normal_surprise(1.645) < 1.4
    assert normal_surprise(50.0) == 300.0


def test_a_rewrite_keeps_runs_of_words_a_salad_none() -> None:
    assert order_surprise([(STORY, REWRITE)], "en") > 10.0
    for seed in range(5):
        assert order_surprise([(STORY, _salad(STORY, 300, seed))], "en") < 2.0


def test_the_same_either_way_round() -> None:
    salad = _salad(STORY, 200, 1)
    assert order_surprise([(STORY, REWRITE)], "en") == order_surprise([(REWRITE, STORY)], "en")
    assert order_surprise([(STORY, salad)], "en") == order_surprise([(salad, STORY)], "en")


def test_stretches_are_counted_together() -> None:
    # each sentence pair alone keeps a run or two; together they are far beyond chance
    pairs = list(zip(STORY.split(". "), REWRITE.split(". ")))
    assert order_surprise(pairs, "en") >= max(order_surprise([pair], "en") for pair in pairs)


def test_an_unspaced_script_is_read_by_the_order_of_its_shared_tokens() -> None:
    assert order_surprise([(CHINESE, CHINESE)], "zh") > 10.0
    assert order_surprise([(ZH["source"], ZH["rewrite"])], "zh") > 10.0


@pytest.mark.parametrize("size", [3, 4])
def test_a_salad_of_an_unspaced_story_s_pieces_is_at_chance(size: int) -> None:
    # the pieces are whole (their characters in order), and the story's frequent ones are drawn early: only
    # the order of tokens found once on each side says anything (all shared tokens: 3 seeds of 15 beyond 2)
    for seed in range(1, 16):
        assert order_surprise([(ZH["source"], _pieces(ZH["source"], size, 2000, seed))], "zh") < 2.0


def test_nothing_shared_is_nothing_beyond_chance() -> None:
    assert order_surprise([("alpha beta gamma", "delta epsilon zeta")], "en") == 0.0
    assert order_surprise([], "en") == 0.0
