"""Tests for dedup.json_input: reading a JSON record, the fast path against the standard library's."""

from __future__ import annotations

import json
import random

import pytest

from dedup.json_input import load_json, load_json_standard

# texts on which orjson and the standard library differ, or where one refuses what the other reads
EDGES = ['"\\ud800"', '{"id": "\\udc80x"}', "18446744073709551616", "-9223372036854775809", "9223372036854775808",
         "[1e400, -1e400]", "NaN", '{"a": Infinity}', "1.7976931348623159e308", "9007199254740993.0",
         '{"a": 1, "a": 2}', "\ufeff{}", "-0", "-0.0", "[1,2", '"\x01"', "01", "[1,]", '"\\u0000"', "1e-400",
         "[" * 70 + "]" * 70, "[" * 2000 + "]" * 2000, '{"n": ' + "9" * 5000 + "}", '{"t": "caf\u00e9", "p": 1E2}',
         '{"big": [1, {"x": 123456789012345678901234567890}]}', "1" * 19, "-" + "1" * 19, "[0.5, 2]"]


def _read(reader, text: str) -> tuple[str, str]:
    try:
        return "value", repr(reader(text))
    except json.JSONDecodeError as exc:
        return "error", f"{exc.msg} {exc.pos}"


@pytest.mark.parametrize("text", EDGES, ids=range(len(EDGES)))
def test_load_json_reads_edge_cases_as_the_standard_library(text: str) -> None:
    assert _read(load_json, text) == _read(load_json_standard, text)


@pytest.mark.parametrize("reader", [load_json, load_json_standard])
def test_a_field_named_literal_keeps_a_number_no_float_is_as_its_text(reader) -> None:
    text = '{"published": -Infinity, "p": NaN, "m": {"published": 1e999}, "l": [NaN, {"published": NaN}]}'
    assert reader(text, literal=("published",)) == {"published": "-Infinity", "p": None, "m": {"published": None},
                                                     "l": [None, {"published": None}]}
    assert reader(text)["published"] is None and reader("NaN", literal=("published",)) is None
    assert reader('[NaN, 1e999]', literal=("published",)) == [None, None]


def _value(rng: random.Random, depth: int = 0):
    kind = rng.randrange(9 if depth < 4 else 6)
    if kind == 0:
        return rng.choice([0, -1, 2**63 - 1, 2**63, 2**64, -(2**63) - 1, 10**30, rng.randint(-10**6, 10**6)])
    if kind == 1:
        return rng.choice([0.1, -0.0, 1e300, 5e-324, rng.uniform(-1e6, 1e6), 9.3e18, float("nan"), float("inf")])
    if kind == 2:
        return "".join(rng.choice(["a", "é", "\n", '"', "\\", "\ud83d", "\udc80", "😀", "\x00", " "])
                       for _ in range(rng.randrange(6)))
    if kind in (3, 4, 5):
        return rng.choice([None, True, False])
    if kind in (6, 7):
        return [_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {f"k{i}": _value(rng, depth + 1) for i in range(rng.randrange(4))}


@pytest.mark.parametrize("seed", range(20))
def test_load_json_reads_random_records_as_the_standard_library(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(200):
        text = json.dumps(_value(rng), ensure_ascii=rng.random() < 0.5)  # NaN and Infinity as Python writes them
        if rng.random() < 0.2:
            text = text[: rng.randrange(len(text) + 1)]  # cut short: malformed
        assert _read(load_json, text) == _read(load_json_standard, text), text
