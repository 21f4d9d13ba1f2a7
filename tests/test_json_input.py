"""Tests for dedup.json_input: reading a JSON record, the fast path against the standard library's."""

from __future__ import annotations

import json
import random

import pytest

from dedup.json_input import TOO_DEEP, json_error, load_json, load_json_standard, where_malformed

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


@pytest.mark.parametrize("depth", [65, 66, 200, 5000])
def test_nesting_too_deep_names_the_bracket_that_opens_the_level_past_the_bound(depth: int) -> None:
    # "nested too deep at column 1" whatever the depth: the column of the 65th level's bracket now, past brackets in strings
    text = '{"id": "a", "note": "[[{{ not a level", "extra": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}"
    with pytest.raises(json.JSONDecodeError) as caught:
        load_json(text)
    assert json_error(caught.value) == f"nested too deep (more than 64 levels) at column {text.index('[[[') + 64}"
    assert caught.value.msg == TOO_DEEP


def test_nesting_too_deep_over_several_lines_names_its_line_and_column() -> None:
    text = '{\n  "id": "a",\n  "x": ' + "[" * 70 + "]" * 70 + "\n}"
    with pytest.raises(json.JSONDecodeError) as caught:
        load_json(text)
    assert json_error(caught.value) == "nested too deep (more than 64 levels) at line 3, column 71"


def test_a_number_too_long_names_where_it_opens_not_a_long_string_of_digits() -> None:
    text = '{"id": "' + "7" * 5000 + '", "n": ' + "9" * 5000 + "}"
    with pytest.raises(json.JSONDecodeError) as caught:
        load_json(text)
    assert json_error(caught.value) == f"a number too long at column {text.index(': 9') + 3}"


def test_where_malformed_is_where_the_value_opens_when_nothing_is_found() -> None:
    assert where_malformed('{"a": [1, 2]}', 3) == 3 and where_malformed("[" * 64 + "]" * 64) == 0
    assert where_malformed("[" * 65) == 64


# ------------------------------------------------------------------ a record of millions of values, left out unbuilt

def _small_bound(monkeypatch: pytest.MonkeyPatch, bound: int = 50) -> None:
    import dedup.json_input as json_input

    monkeypatch.setattr(json_input, "MAX_JSON_VALUES", bound)
    monkeypatch.setattr(json_input, "_COUNTED_FROM", 2 * bound)


@pytest.mark.parametrize("text", EDGES + ['{"a": [[], {}, "[{", 1, null]}', '[{"b": "\\"]"}, [ ] , { } ]', '" [ , "'],
                         ids=range(len(EDGES) + 3))
def test_values_counted_are_the_values_built(text: str) -> None:
    from dedup.json_input import values_in

    def built(value: object) -> int:  # an object's fields as given, a field given twice counted twice
        inner = [v for _, v in value[1]] if isinstance(value, tuple) else value if isinstance(value, list) else ()
        return 1 + sum(built(v) for v in inner)

    try:
        value = json.loads(text.lstrip("\ufeff"), object_pairs_hook=lambda pairs: ("object", pairs))
    except (ValueError, RecursionError):
        return
    assert values_in(text) == built(value)


def test_a_field_past_the_bound_is_left_out_and_named_the_others_read_as_given(monkeypatch: pytest.MonkeyPatch) -> None:
    from dedup.json_input import load_record

    _small_bound(monkeypatch)
    meta = "[" + ", ".join(['{"k": "]}\\"{["}', "[]", "1"] * 30) + "]"  # brackets and an escaped quote in its strings
    text = '{"id": "a", "text": "words [ { ", "meta": ' + meta + ', "n": NaN, "tags": ["x", "y"], "published": NaN}'
    record, read = load_record(text, literal=("published",))
    assert record == {"id": "a", "text": "words [ { ", "n": None, "tags": ["x", "y"], "published": "NaN"}
    assert read.dropped == (("meta", 1 + 30 * 4),)
    assert load_record('{"id": "a", "tags": ["x"]}') == ({"id": "a", "tags": ["x"]}, '{"id": "a", "tags": ["x"]}')


def test_a_record_past_the_bound_in_no_object_or_malformed_is_one_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from dedup.json_input import load_record

    _small_bound(monkeypatch)
    many = "[" + ",".join(["[]"] * 60) + "]"
    for text, why in [(many, "in no object"), ('{"a": ' + many + ', "b" 1}', "Expecting ':' delimiter"),
                      ('{"a": ' + many + ' "b": 1}', "Expecting ',' delimiter"), ('{"a": ' + many[:-1] + "}", "Expecting"),
                      ('{"a": ' + many + "} x", "Extra data"), ('{"a": ' + many + ", 5: 1}", "property name")]:
        with pytest.raises(json.JSONDecodeError, match=why):
            load_record(text)


@pytest.mark.parametrize("deep", ["[" * 70 + "]" * 70, '{"a": ' + "[" * 70 + "0" + "]" * 70 + "}",
                                  '{"a": [1, 2], "b": ' + "[" * 70 + "]" * 70 + "}"])
def test_nesting_too_deep_past_the_bound_is_said_where_a_read_of_it_says_it(deep: str,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from dedup.json_input import load_record

    held = _read(load_json, deep)
    _small_bound(monkeypatch, 20)
    assert held[0] == "error" and _read(lambda text: load_record(text)[0], deep) == held


def test_a_field_given_twice_past_the_bound_is_still_said(monkeypatch: pytest.MonkeyPatch) -> None:
    from dedup.json_input import load_record, repeated_fields

    _small_bound(monkeypatch)
    text = '{"text": "first", "meta": [' + ",".join(["0"] * 80) + '], "text": "second"}'
    record, read = load_record(text)
    assert record == {"text": "second"} and repeated_fields(read, ("text",)) == ["text"]


def test_millions_of_small_fields_past_the_bound_are_left_out_but_an_articles_own(monkeypatch: pytest.MonkeyPatch) -> None:
    from dedup.json_input import load_record

    _small_bound(monkeypatch)
    text = "{" + ", ".join(f'"k{i}": [{i}]' for i in range(40)) + ', "text": "story", "id": "a", "k40": 1}'
    record, read = load_record(text, keep=("text", "id"))
    assert list(record) == [f"k{i}" for i in range(25)] + ["text", "id"]  # 25 fields of two values: 50
    assert read.dropped == () and read.more == (16, 31)
    record, read = load_record('{"text": [' + ", ".join(['"w"'] * 60) + '], "id": "a"}', keep=("text", "id"))
    assert record == {"text": [], "id": "a"} and read.dropped == (("text", 61),)  # "'text' must be a string, not a list"
