"""The wire desk's terminal pieces (dedup.report.wiredesk): names as a person reads them, cut when long and
their invisible characters written out, while the JSON keeps every id as it was read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dedup.cli import app
from dedup.report.wiredesk import INVISIBLE, shown_id, shown_name, shown_words

from conftest import CORPUS


@pytest.mark.parametrize("mark", list(INVISIBLE))
def test_an_invisible_character_in_a_name_is_written_out(mark: str) -> None:
    shown = f"<U+{ord(mark):04X}>"
    assert shown_name(f"caf\u00e9{mark}") == f"caf\u00e9{shown}" != shown_name("caf\u00e9")
    assert shown_words(f"duplicate id 'a{mark}b' in a.jsonl:1") == f"duplicate id 'a{shown}b' in a.jsonl:1"
    # a long name is cut as before, its marks written out on either side of the cut
    assert shown_name(mark + "x" * 300 + mark, 30) == f"{shown}{'x' * 13}…{'x' * 14}{shown}"


def test_a_name_without_invisible_characters_is_shown_as_before() -> None:
    for name in ("reuters-1", "caf\u00e9", "\u0645\u06cc\u200c\u062f\u0647\u062f"[:2], "wire/\u65b0\u95fb.txt"):
        assert shown_id(name) is name and shown_name(name) == name


def _pair(tmp_path: Path, source_id: str, derived_id: str) -> list[str]:
    paths = []
    for doc_id, path in ((source_id, CORPUS / "globalwire" / "port-strike.json"),
                         (derived_id, CORPUS / "coastnews" / "port-strike-reprint.json")):
        paths.append(tmp_path / f"{len(paths)}.json")
        paths[-1].write_text(json.dumps(json.loads(path.read_text(encoding="utf-8")) | {"id": doc_id}), encoding="utf-8")
    return [str(p) for p in paths]


def test_compare_shows_an_invisible_character_in_an_id_and_its_json_keeps_it(tmp_path: Path) -> None:
    # "café" and "café" + U+200B read the same on a terminal; the escape tells them apart, the JSON is the data
    sides = _pair(tmp_path, "caf\u00e9\u200b", "reprint\u00ad-1")
    result = CliRunner().invoke(app, ["compare", *sides])
    assert result.exit_code == 0, result.output
    assert "caf\u00e9<U+200B>" in result.output and "reprint<U+00AD>-1" in result.output
    assert "\u200b" not in result.output and "\u00ad" not in result.output
    result = CliRunner().invoke(app, ["compare", *sides, "--json"])
    assert result.exit_code == 0, result.output
    assert {"caf\u00e9\u200b", "reprint\u00ad-1"} <= set(json.dumps(json.loads(result.output), ensure_ascii=False).split('"'))
    assert "<U+" not in result.output


_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@pytest.mark.parametrize("control", list(_BIDI))
def test_a_bidirectional_control_in_a_name_is_written_out_on_a_terminal_or_not(control: str) -> None:
    # the terminal's stream alone wrote them out: `dedup scan ... | less` obeyed them ("Trojan source")
    shown = f"<U+{ord(control):04X}>"
    assert shown_name(f"wire{control}txt.exe") == f"wire{shown}txt.exe"
    assert shown_words(f"duplicate id 'a{control}b' in a.jsonl:1") == f"duplicate id 'a{shown}b' in a.jsonl:1"
    assert shown_name(control + "x" * 300 + "\u200b", 30) == f"{shown}{'x' * 13}…{'x' * 14}<U+200B>"


def test_every_place_an_id_is_shown_writes_its_controls_out_and_json_keeps_them(tmp_path: Path) -> None:
    # CliRunner's output is no terminal: as piped to a pager or a file
    runner = CliRunner()
    sides = _pair(tmp_path, "wire\u202etxt.exe", "paper\u2067-1")
    rows = [json.loads(Path(side).read_text(encoding="utf-8")) for side in sides]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    index = tmp_path / "news.db"
    said = {
        "compare": runner.invoke(app, ["compare", *sides]),
        "scan": runner.invoke(app, ["scan", str(corpus), "--no-align"]),
        "index add": runner.invoke(app, ["index", "add", str(index), str(corpus), "--no-align"]),
        "check": runner.invoke(app, ["check", str(index), str(corpus), "--no-align"]),
        "index remove": runner.invoke(app, ["index", "remove", str(index), "paper\u2067-1"]),
    }
    for command, result in said.items():
        assert result.exit_code == 0, (command, result.output)
        assert not any(control in result.output for control in _BIDI), (command, result.output)
    for command in ("compare", "scan", "check"):
        assert "wire<U+202E>txt.exe" in said[command].output and "paper<U+2067>-1" in said[command].output, command
    assert said["index remove"].output.strip() == "removed paper<U+2067>-1"
    scanned = runner.invoke(app, ["scan", str(corpus), "--no-align", "--json", "-"])
    assert {d["id"] for d in json.loads(scanned.stdout)["documents"]} == {"wire\u202etxt.exe", "paper\u2067-1"}


def test_checks_line_keeps_a_titles_invisible_characters_and_writes_out_its_ids(tmp_path: Path) -> None:
    # a Persian title's non-joiner is its spelling: check wrote it out as <U+200C>, as though it were an id's
    title = "\u0645\u06cc\u200c\u062f\u0647\u062f"
    sides = _pair(tmp_path, "wire\u200c1", "paper-1")
    rows = [json.loads(Path(side).read_text(encoding="utf-8")) | {"title": title} for side in sides]
    corpus, index = tmp_path / "corpus.jsonl", tmp_path / "news.db"
    corpus.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    assert CliRunner().invoke(app, ["index", "add", str(index), str(corpus), "--no-align"]).exit_code == 0
    checked = CliRunner().invoke(app, ["check", str(index), sides[1], "--no-align"])
    assert checked.exit_code == 0, checked.output
    line = next(line for line in checked.output.splitlines() if line.startswith("wire"))
    assert line.startswith("wire<U+200C>1\t") and line.endswith("\t" + title), line
