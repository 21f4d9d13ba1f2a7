"""Tests for dedup.formats: reading a JSON record, the fast path against the standard library's."""

from __future__ import annotations

import json
import random

import pytest

from dedup.formats import decode_bytes, load_json, load_json_standard

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


ARTICLE_BYTES = ("Dock workers at Harlow walked out over pay on Monday, leaving ships waiting at sea. " * 6).encode()


@pytest.mark.parametrize("data, binary", [
    (ARTICLE_BYTES + b"\x00" * 4096, False),  # a copy cut short where the disk filled: the block allocated
    (ARTICLE_BYTES + b"\n" + b"\x00" * 4096 + b"\n" + ARTICLE_BYTES, False),  # a writer that crashed, then wrote on
    (b"\x00" * 4096 + ARTICLE_BYTES, False),
    (bytes(range(256)) * 40, True),
    (bytes(range(256)) * 4 + b"\x00" * 4096, True),  # the bytes around the block decide
    (b"x.txt" + b"\x00" * 95 + b"0000644\x00" * 8 + b"\x00" * 200 + ARTICLE_BYTES[:300], True),  # NULs inside a line count
], ids=["nul-tail", "nul-block-between-lines", "nul-lead", "all-bytes", "bytes-then-nuls", "archive-header"])
def test_a_block_of_nuls_where_a_line_starts_or_at_the_end_is_no_sign_of_binary(data: bytes, binary: bool) -> None:
    from dedup.formats import is_binary

    assert is_binary(data[:8192]) is binary
    text, encoding = decode_bytes(data)
    assert (text is None) is binary and (encoding == "binary file") is binary


def test_nuls_and_white_space_alone_are_still_empty_not_binary() -> None:
    from dedup.formats import EMPTY_OF_TEXT

    assert decode_bytes(b"\x00" * 10000) == (None, EMPTY_OF_TEXT)
    assert decode_bytes(b"\n\x00\x01 " * 3000) == (None, EMPTY_OF_TEXT)


def test_a_line_in_utf16_is_read_as_such_whatever_its_script() -> None:
    from dedup.formats import decode_line

    for text in ('{"id": "a", "text": "Dock workers walked out"}', '{"id": "g", "text": "Οι λιμενεργάτες απήργησαν"}',
                 '{"id": "r", "text": "Докеры объявили забастовку"}'):
        for order in ("utf-16-le", "utf-16-be"):
            got, note = decode_line(text.encode(order))
            assert got == text and note is not None and order.upper() in note
        # after a UTF-16-LE line, its line end's NUL opens the next one
        assert decode_line(b"\x00" + text.encode("utf-16-le"))[0] == text
    # a UTF-8 line holding a NUL or two is no UTF-16 line
    assert decode_line('{"id": "a", "text": "x\x00y\x00z"}'.encode())[1] is None


def test_json_lines_among_a_feed_that_reads_as_binary_are_found_and_none_in_binary_data() -> None:
    from dedup.formats import json_lines_among

    lines = [json.dumps({"id": f"a{n}", "text": f"story {n} " * 20}) + "\n" for n in range(4)]
    mixed = lines[0].encode() + lines[1].encode("utf-16-le") + (lines[2] + lines[3]).encode()
    assert decode_bytes(mixed)[1] == "binary file" and json_lines_among(mixed)
    rng = random.Random(3)
    blob = bytes(rng.randrange(256) for _ in range(8192))
    assert not json_lines_among(blob)
    # a blob holding a JSON line or two among much else is no feed
    assert not json_lines_among(blob[:3000] + b"\n" + lines[0].encode() + lines[1].encode() + blob[3000:])
