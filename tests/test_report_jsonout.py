"""Streamed JSON: the same bytes as the whole value written at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedup import scan
from dedup.report.jsonout import dumps, iter_json, write_json

from conftest import CORPUS

VALUES = [
    {},
    {"a": []},
    {"a": [1, {"b": "line\nbreak \u2028 caf\u00e9", "c": [[], {}]}], "d": {"e": None, "f": 1.5}, "g": "x"},
    {"only": [{"deep": {"deeper": [1, 2, {"k": "v"}]}}]},
    [1, 2],
    "text",
]


@pytest.mark.parametrize("value", VALUES)
def test_streamed_lists_give_the_bytes_of_the_whole_value(value: object) -> None:
    assert "".join(iter_json(value)) == dumps(value)
    if isinstance(value, dict):
        lazy = {k: iter(v) if isinstance(v, list) else v for k, v in value.items()}
        assert "".join(iter_json(lazy)) == dumps(value)


def test_a_streamed_scan_writes_the_same_file(tmp_path: Path) -> None:
    result = scan(CORPUS, align=True)
    whole, streamed = tmp_path / "whole.json", tmp_path / "streamed.json"
    whole.write_text(dumps(result.to_dict()) + "\n", encoding="utf-8")
    data = result.to_dict(stream=True)
    assert not isinstance(data["documents"], list) and not isinstance(data["pairs"], list)
    write_json(data, streamed)
    assert streamed.read_bytes() == whole.read_bytes()
    assert json.loads(streamed.read_text())["pairs"]


@pytest.mark.parametrize("value", VALUES)
def test_dumps_is_the_standard_librarys_indented_json(value: object) -> None:
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_what_orjson_cannot_write_the_standard_library_writes() -> None:
    """An integer past 64 bits and keys that are not strings: the standard library's text, not an error;
    what neither can write is the standard library's TypeError."""
    for value in ({"big": 1 << 70}, {1: "one", 2.5: [1 << 65]}):
        assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)
    with pytest.raises(TypeError):
        dumps({"a": object()})


def test_json_into_standard_output_on_a_pipe_is_written_through() -> None:
    # --json /dev/stdout | jq: the path resolved to '/proc/.../fd/pipe:[...]', no file, and the write
    # failed (No such file or directory); /proc/self/fd/N is the same link as /dev/stdout is
    import os

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc/self/fd")
    read, write = os.pipe()
    try:
        write_json({"pairs": [1]}, f"/proc/self/fd/{write}")
    finally:
        os.close(write)
    with os.fdopen(read, "rb") as out:
        assert json.loads(out.read()) == {"pairs": [1]}


def test_documents_given_with_lone_surrogates_are_written_as_json(tmp_path: Path) -> None:
    from conftest import lone_surrogate_documents

    result = scan(lone_surrogate_documents())
    written = json.loads(write_json(result.to_dict(), tmp_path / "scan.json").read_text(encoding="utf-8"))
    assert [p["b"] for p in written["pairs"]] == ["wire"] and written["pairs"][0]["a"] == "copy-\ufffd"
    copy = next(d for d in written["documents"] if d["id"] == "copy-\ufffd")
    assert copy["title"] == "Port strike \ufffd" and copy["meta"]["tags"] == ["port", "str\ufffdke"]


def test_a_row_counting_a_files_skipped_lines_says_how_many_in_the_json(tmp_path: Path) -> None:
    # a read names a file's first 1,000 skipped lines and counts the rest (dedup.skips): the JSON's rows were 1,001
    # for 1,250 inputs skipped, with no word of how many the last stood for
    from dedup.cli import app
    from typer.testing import CliRunner

    (tmp_path / "feed.jsonl").write_text("{}\n" * 1_250)
    (tmp_path / "wire.txt").write_text(next(CORPUS.rglob("*.txt")).read_text())
    out = tmp_path / "scan.json"
    result = CliRunner().invoke(app, ["scan", str(tmp_path), "--json", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    skipped = json.loads(out.read_text(encoding="utf-8"))["skipped"]
    assert len(skipped) == 1_001 and all("count" not in s for s in skipped[:1_000])
    assert skipped[-1] == {"path": "feed.jsonl", "reason": "and 250 more lines: no 'text' field with the article",
                           "count": 250}
    assert sum(s.get("count", 1) for s in skipped) == 1_250
