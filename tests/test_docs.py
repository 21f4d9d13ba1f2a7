"""Docs that cannot drift: every CLI command and option is documented, and the README's Python runs."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Any

import pytest
import typer

from dedup.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _docs_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in DOCS)


def _commands(command: Any, prefix: str = "dedup") -> list[tuple[str, Any]]:
    found = [(prefix, command)]
    if hasattr(command, "commands"):  # a group (typer may bring its own click classes)
        for name, sub in sorted(command.commands.items()):
            found += _commands(sub, f"{prefix} {name}")
    return found


COMMANDS = _commands(typer.main.get_command(app))


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_and_option_is_documented(name: str, command: Any) -> None:
    text = _docs_text()
    assert len(COMMANDS) >= 10  # scan, compare, check, stream, serve, index and its commands
    assert re.search(rf"{re.escape(name)}\b", text), f"{name} is not in README or docs/"
    for param in command.params:
        if param.param_type_name == "option":
            options = [o for o in param.opts + param.secondary_opts if o.startswith("--") and o != "--help"]
            assert any(o in text for o in options), f"{name} {'/'.join(options)} is not in README or docs/"


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_argument_says_what_it_takes(name: str, command: Any) -> None:
    bare = [p.name for p in command.params if p.param_type_name == "argument" and not getattr(p, "help", None)]
    assert not bare, f"{name}: arguments without help in --help: {bare}"


@pytest.mark.parametrize("group", [[], ["index"]], ids=["dedup", "dedup index"])
def test_the_command_lists_show_each_commands_summary_whole(group: list[str]) -> None:
    # the first sentence of each command's help was cut to "Scan a corpus: which articles are copies,
    # partial reuse or..." on an 80-column terminal
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, [*group, "--help"], env={"COLUMNS": "80"})
    listed = result.output.split("Commands:", 1)[1]
    assert result.exit_code == 0 and "..." not in listed and len(listed.strip().splitlines()) >= 4, listed


def test_the_help_says_what_the_exit_statuses_mean() -> None:
    from typer.testing import CliRunner

    text = " ".join(CliRunner().invoke(app, ["--help"]).output.split())
    assert "Exit status: 0 done (whether or not pairs were found), 1 an error" in text and "2 a wrong command line" in text
    # SIGTERM's and SIGHUP's were in docs/cli.md only
    assert "143 stopped (SIGTERM), 129 hung up (SIGHUP)" in text and "standard output holds the JSON alone" in text


def test_the_json_to_table_recipe_in_the_cli_docs_reads_fields_the_json_has() -> None:
    # a researcher's recipe for a TSV of the pairs (dedup writes no CSV): every field it names is in a pair
    import json as json_module

    from dedup import scan

    recipe = re.search(r"jq -r '\.pairs\[\] \| \[(.*?)\] \| @tsv'", (ROOT / "docs" / "cli.md").read_text()).group(1)
    fields = re.findall(r"\.([a-z_]+(?:\.[a-z_]+)?)", recipe)
    pair = json_module.loads(json_module.dumps(scan(ROOT / "corpus").to_dict()["pairs"][0]))
    for field in fields:
        value: Any = pair
        for key in field.split("."):
            assert key in value, field
            value = value[key]


def _python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def test_readme_python_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    blocks = _python_blocks(ROOT / "README.md")
    assert len(blocks) >= 2
    (tmp_path / "corpus").symlink_to(ROOT / "corpus")
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {"__name__": "readme"})  # noqa: S102 - our own README
    printed = capsys.readouterr().out
    assert "duplicate" in printed and "rewrite" in printed  # the examples did their work
    # a pair whose direction is unknown is not printed as if one had taken from the other
    assert " <-> " in printed and "citypaper/port-strike.txt -> coastnews" not in printed


def test_ingest_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (block,) = _python_blocks(ROOT / "docs" / "ingest.md")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "incoming").mkdir()
    (tmp_path / "incoming" / "partner-story.txt").write_text(
        (ROOT / "corpus" / "citypaper" / "port-strike.txt").read_text(encoding="utf-8"), encoding="utf-8")
    exec(compile(block, "docs/ingest.md", "exec"), {"__name__": "ingest"})  # noqa: S102 - self-contained, as a reader runs it
    assert (tmp_path / "news.db").exists() and os.path.getsize(tmp_path / "news.db") > 0


# --- The JSON schemas docs/json.md shows, against the JSON written ----------------------------------

# Maps whose keys are data (channel names, verdicts, stage names, fact kinds, outlets, input fields),
# not fields of the schema: their own keys are not compared.
_DATA_KEYS = {"candidates_by_channel", "pairs_by_verdict", "seconds", "summary", "from", "from_not_credited", "meta"}
_QUOTED_VALUE = re.compile(r':\s*"[^"\n]*"|"[^"\n]*"\s*(?=\|)|(?<=\|)\s*"[^"\n]*"|\[\s*"[^"\n]*"(,\s*"[^"\n]*")*\]')
_FIELD = re.compile(r'"([A-Za-z_][A-Za-z0-9_]*)"')


def _readme_block(heading: str) -> str:
    """The schema block under ``heading`` in docs/json.md (the README points there)."""
    text = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1]
    return section.split("```\n", 2)[1]


def _documented_fields(block: str) -> dict[str, set[str]]:
    """Field names a schema block of docs/json.md shows, per top-level field (values such as ``"duplicate" |
    "partial"`` and comments left out)."""
    fields: dict[str, set[str]] = {}
    top = ""
    for line in block.splitlines():
        line = _QUOTED_VALUE.sub(":", line.split("#", 1)[0])
        lead = re.match(r'^[{ ]"([A-Za-z_]+)"', line)  # a top-level field starts its line, indented by one
        if lead:
            top = lead.group(1)
        fields.setdefault(top, set()).update(_FIELD.findall(line))
    return fields


def _written_fields(value: Any, into: set[str]) -> set[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            into.add(key)
            if key not in _DATA_KEYS:
                _written_fields(item, into)
    elif isinstance(value, list):
        for item in value:
            _written_fields(item, into)
    return into


def _desk_corpus(folder: Path) -> Path:
    """The demo corpus and a wire story sent twice (a correction) with its clients: every part of the
    schema filled in (stories, credit mentions, changed facts, metadata, a language given, a skipped file)."""
    import json

    from test_desk import DOCS, UNCREDITED

    corpus = folder / "corpus"
    corpus.mkdir()
    for path in (ROOT / "corpus").rglob("*"):
        if path.is_file():
            (corpus / path.relative_to(ROOT / "corpus")).parent.mkdir(parents=True, exist_ok=True)
            (corpus / path.relative_to(ROOT / "corpus")).write_bytes(path.read_bytes())
    lines = [{"id": d.id, "text": d.text, "title": d.title, "outlet": d.outlet, "published": d.published} for d in DOCS]
    lines.append({"id": "harbour-1", "text": UNCREDITED + " Shares of Reuters Holdings rose 2 percent on the news.",
                  "title": "Harlow strike", "outlet": "harbourdaily", "published": "2024-10-08T11:00:00Z",
                  "url": "https://harbourdaily.example/strike", "language": "en-GB", "section": "business"})
    # two clients' copies of an agency's story, the later one without its dateline: a common source
    lines += [{"id": f"{outlet}-surf", "text": dateline + SURF, "outlet": outlet, "published": published}
              for outlet, dateline, published in (("coastal-post", "SURFERS PARADISE (Reuters) - ", "2024-10-09T07:00:00Z"),
                                                  ("northern-chronicle", "", "2024-10-09T08:00:00Z"))]
    (corpus / "desk.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return corpus


SURF = ("Lifeguards closed the beaches along the coast on Monday after a swell of four metres pushed sand into the "
        "surf club's car park, the city council said. Surfers who had come for the annual competition were told to "
        "wait for the wind to drop, and the organisers moved the final to Thursday. The council said the clean-up "
        "would take two days and cost about 80,000 dollars, most of it for the machines that clear the dunes.")


def test_scan_json_schema_in_readme_is_the_json_written(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    out = tmp_path / "result.json"
    result = CliRunner().invoke(app, ["scan", str(_desk_corpus(tmp_path)), "--json", str(out), "--timings", "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    documented = _documented_fields(_readme_block("`dedup scan --json`"))
    assert list(documented) == list(data), "docs/json.md: the top-level fields, in the order they are written"
    assert data["schema_version"] == 7 and "schema_version\": 7" in _readme_block("`dedup scan --json`")
    for top, value in data.items():
        if top == "pairs":  # the alignment is documented under compare --json, as the README says
            value = [p | {"alignment": {}} for p in value]
        written = _written_fields(value, set())
        want = documented[top] - {top}
        assert written - want == set(), f"{top}: written but not in docs/json.md's schema"
        assert want - written == set(), f"{top}: in docs/json.md's schema but not written"
    # what the schema promises is there to be compared: every part of it was filled in
    assert data["stories"] and data["warnings"] == [] and data["skipped"]
    assert any(p["credit"]["mentions"] for p in data["pairs"]) and any(p["facts"]["links"] for p in data["pairs"])
    assert any("meta" in d for d in data["documents"]) and "seconds" in data["stats"]


def test_compare_json_schema_in_readme_is_the_json_written() -> None:
    import json

    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["compare", str(ROOT / "corpus/newswire/belarus-china-drills.txt"),
                                      str(ROOT / "corpus/eastdesk/belarus-china-drills.txt"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    block = _readme_block("`dedup compare --json`")
    documented = set().union(*_documented_fields(block).values())
    assert "`dedup compare --json` adds the pair's `credit`, `facts`, `story` and `common_source` as in a scan" in \
        (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    documented |= {"credit", "facts", "story", "common_source"}
    scan_pair = _documented_fields(_readme_block("`dedup scan --json`"))["pairs"]
    # "as in a scan's pairs", and "adds the pair's credit, facts and story as in a scan"
    inherited = {"why", "scores", "passages", "credit", "facts", "story", "common_source"}
    written = set(data) | set(data["why"]) | _written_fields(data["alignment"], set())
    assert written - documented == set(), "written by compare --json but not in docs/json.md's schema"
    assert documented - written == set(), "in docs/json.md's compare schema but not written"
    assert _written_fields({k: data[k] for k in inherited}, set()) <= scan_pair
    assert inherited <= set(data) and data["schema_version"] == 7 and data["alignment"]["schema_version"] == 2


def _cli_sections() -> dict[str, str]:
    """docs/cli.md's sections, by command: ``### `dedup scan PATH``` -> its text."""
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    parts = re.split(r"^### `(dedup [a-z ]+?)(?: [A-Z_]+)*`\n", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_command_reference_lists_each_command_with_its_own_options(name: str, command: Any) -> None:
    """docs/cli.md says it names every command and option: each command's table, exactly its options."""
    if hasattr(command, "commands"):  # dedup and dedup index: groups, their options in the page's head
        return
    sections = _cli_sections()
    assert name in sections, f"docs/cli.md has no section for {name}"
    listed = set(re.findall(r"^\| `(--[a-z-]+)`", sections[name], flags=re.M))
    options = {next(o for o in p.opts if o.startswith("--")) for p in command.params
               if p.param_type_name == "option" and "--help" not in p.opts}
    assert listed == options, f"docs/cli.md, {name}: listed {sorted(listed)}, the command has {sorted(options)}"
    arguments = [(p.metavar or p.name).upper() for p in command.params if p.param_type_name == "argument"]
    heading = re.search(rf"^### `{re.escape(name)}((?: [A-Z_]+)*)`$", (ROOT / "docs" / "cli.md").read_text(encoding="utf-8"), flags=re.M)
    assert heading and heading.group(1).split() == arguments, f"docs/cli.md, {name}: arguments {arguments}"


def test_match_json_fields_in_ingest_doc_are_those_written(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    runner = CliRunner()
    db = str(tmp_path / "news.db")
    assert runner.invoke(app, ["index", "add", db, str(ROOT / "corpus"), "-q"]).exit_code == 0
    # a copy of a stored file under another name (a stored file checked again is its stored self, checked
    # against the others)
    copy = tmp_path / "partner-story.txt"
    copy.write_bytes((ROOT / "corpus/citypaper/port-strike.txt").read_bytes())
    result = runner.invoke(app, ["check", db, str(copy), "--json"])
    assert result.exit_code == 0, result.output
    line = json.loads(result.stdout.splitlines()[0])
    text = (ROOT / "docs" / "ingest.md").read_text(encoding="utf-8")
    documented = re.search(r"`match\.to_dict\(\)` is a match's JSON \([^)]*\): ((?:`\w+`,?\s*)+)", text)
    assert documented, "docs/ingest.md no longer lists the fields of a match's JSON"
    assert list(line) == ["id", "matches", "same_text_as"] and line["matches"]  # its text is stored: it says as what
    assert line["same_text_as"] == "citypaper/port-strike.txt" and '`"same_text_as"`' in text
    assert set(re.findall(r"`(\w+)`", documented.group(1))) == set(line["matches"][0])


def test_command_reference_states_the_shipped_operating_points() -> None:
    import json

    model = json.loads((ROOT / "dedup" / "data" / "verdict_model.json").read_text(encoding="utf-8"))
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    aligned, unaligned = (round(m["min_confidence"], 2) for m in (model, model["unaligned"]))
    assert f"({aligned:g} with alignment, {unaligned:g} without;" in " ".join(text.split())
    # the README's and the JSON schema's figures of the bar too
    assert f"from {aligned:g} on ({unaligned:g} with `--no-align`)" in " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f'"min_confidence": {aligned:g},' in (ROOT / "docs" / "json.md").read_text(encoding="utf-8")



def test_readme_counts_the_verdicts_features() -> None:
    from dedup.features import FEATURES

    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"becomes {len(FEATURES)} named features" in text  # it said 41 once the model had 44
    # and every other page that counts them (docs/method.md's stage 6)
    stated = [int(n) for p in DOCS for n in re.findall(r"(\d+) named features", " ".join(p.read_text(encoding="utf-8").split()))]
    assert len(stated) >= 2 and set(stated) == {len(FEATURES)}, stated

# --- Every `dedup ...` example in README and docs/ names options its command has -------------------

_SUBCOMMANDS = {name[len("dedup"):].strip(): command for name, command in COMMANDS}


def _options(command: Any) -> set[str]:
    return {o for p in command.params if p.param_type_name == "option" for o in p.opts + p.secondary_opts} | {"-h", "--help"}


def _invocations(text: str) -> list[str]:
    """Every ``dedup ...`` command line the text shows: inline code (```dedup scan --json```, also written
    without ``dedup``: ```check --json```) and the lines of code blocks, split at pipes and ``&&``."""
    found = re.findall(r"`(dedup [^`\n]+)`", text)
    found += [f"dedup {m}" for m in re.findall(r"`((?:scan|compare|check|stream|serve|index [a-z]+) --[^`\n]*)`", text)]
    for block in re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            for part in re.split(r"\||&&", line.split("  #", 1)[0]):
                match = re.search(r"(?:^|\$ |\s)(dedup (?!import\b)\S.*)$", part.strip())
                if match and not part.strip().startswith(("from ", "import ")):
                    found.append(match.group(1).strip())
    # `--no-align` (`scan`, `check`, `stream`, ...): an option said to belong to the commands listed
    for option, names in re.findall(r"`(--[a-z-]+)[^`]*` \(((?:`[a-z ]+`(?:, | and )?)+)\)", text):
        found += [f"dedup {name} {option}" for name in re.findall(r"`([a-z ]+)`", names)]
    return found


def _drift(invocation: str) -> list[str]:
    """What in one ``dedup ...`` command line its command's ``--help`` does not offer."""
    tokens = invocation.split()[1:]
    problems = []
    while tokens and tokens[0].startswith("-"):  # options of dedup itself (-v, --version)
        option = tokens.pop(0)
        if option not in _options(_SUBCOMMANDS[""]) and option != "...":
            problems.append(f"{invocation}: dedup has no option {option}")
    if not tokens or tokens[0] == "..." or tokens[0].isupper():  # dedup COMMAND --help: a placeholder
        return problems
    names = [tokens[0]]
    if tokens[0] == "index" and len(tokens) > 1 and not tokens[1].startswith("-") and not tokens[1].isupper():
        names = [f"index {sub}" for sub in tokens[1].split("|")]  # index stats|remove|prune
    for name in names:
        if name not in _SUBCOMMANDS:
            problems.append(f"{invocation}: no command dedup {name}")
            continue
        options = _options(_SUBCOMMANDS[name])
        given = [t.split("=", 1)[0] for t in tokens if re.fullmatch(r"--[a-z][a-z-]*(=\S*)?|-[a-z]", t)]
        problems += [f"{invocation}: dedup {name} has no option {o}" for o in given if o not in options]
    return problems


def test_every_dedup_example_in_the_docs_names_options_its_command_has() -> None:
    """The reverse of test_every_command_and_option_is_documented: an option the docs show with a
    command (an example, ```check --json```, ``--no-align`` (``scan``, ``check``)) is in that command's --help."""
    invocations = [i for p in _PAGES for i in _invocations(p.read_text(encoding="utf-8"))]  # benchmarks/README.md too
    assert len(invocations) > 60
    problems = [problem for invocation in invocations for problem in _drift(invocation)]
    assert problems == []


@pytest.mark.parametrize(("text", "problem"), [
    ("```console\n$ dedup check news.db a.txt --passages thorough\n```", "dedup check has no option --passages"),
    ("run `dedup scan corpus/ --html=report/ --color` to", "dedup scan has no option --color"),
    ("`--no-align` (`scan`, `compare`)", "dedup compare has no option --no-align"),
    ("`index add --check-only`", "dedup index add has no option --check-only"),
    ("```\ncat x.jsonl | dedup steam news.db\n```", "no command dedup steam"),
], ids=["code-block", "inline", "option-of-commands", "without-dedup", "no-such-command"])
def test_doc_drift_is_found(text: str, problem: str) -> None:
    problems = [p for invocation in _invocations(text) for p in _drift(invocation)]
    assert any(problem in p for p in problems), problems


# --- Console examples, run as written ----------------------------------------------------------------

_COMMENT = re.compile(r"\s{2,}#.*$")  # "$ dedup check news.db x.json   # what it does", "removed 3 articles   # why"
_SECONDS = re.compile(r"\bin \d+(\.\d+)? s\b")


def _console_block(path: Path, first: str, nth: int = 0) -> list[tuple[str, list[str]]]:
    """The commands of the ``nth`` ``console`` block of ``path`` that opens with ``$ first``, each with the lines
    the doc shows it print (the comments after two spaces and a ``#`` left out)."""
    blocks = re.findall(r"```console\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)
    block = [b for b in blocks if b.startswith(f"$ {first}\n")][nth]
    steps: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((_COMMENT.sub("", line[2:]), []))
        else:
            table = any(c in line for c in "┃│")  # "┃  # ┃ what": a table's column, not a comment
            steps[-1][1].append(_SECONDS.sub("in S s", (line if table else _COMMENT.sub("", line)).rstrip()))
    return steps


def _shows(shown: list[str], printed: list[str]) -> str:
    """"" when ``printed`` reads as ``shown``: line for line from the first, a line ending in ``...`` only its start,
    a line that is only ``...`` standing for lines left out; else the first line shown that was not printed."""
    at = 0
    skipping = False
    for want in shown:
        if want.strip() == "..." or want.startswith("...  "):
            skipping = True
            continue
        while at < len(printed) and skipping and not _same(want, printed[at]):
            at += 1
        if at >= len(printed) or not _same(want, printed[at]):
            return want
        at, skipping = at + 1, False
    return ""


def _same(want: str, line: str) -> bool:
    return line.startswith(want[:-3]) if want.endswith("...") else line == want


def _run_console_block(path: Path, first: str, nth: int, tmp_path: Path) -> list[str]:
    """Run the block's commands in order in an empty folder beside the demo corpus, as a reader types them
    (``pip install`` and ``dedup serve`` left out: they install or never end); the problems found."""
    import shlex
    import subprocess
    import sys

    (tmp_path / "corpus").symlink_to(ROOT / "corpus")
    (tmp_path / "bin").mkdir()  # "dedup" is this checkout's, installed or not
    (tmp_path / "bin" / "dedup").write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m dedup "$@"\n')
    (tmp_path / "bin" / "dedup").chmod(0o755)
    env = os.environ | {"COLUMNS": "100", "PATH": f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}",
                        "PYTHONPATH": str(ROOT), "TERM": "dumb", "NO_COLOR": "1"}
    problems = []
    for command, shown in _console_block(path, first, nth):
        if command.startswith("pip ") or "dedup serve" in command:
            continue
        run = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        printed = [_SECONDS.sub("in S s", line.rstrip()) for line in (run.stderr + run.stdout).splitlines()]
        missing = _shows(shown, printed)
        if run.returncode != 0 or missing:
            problems.append(f"$ {command}: exit {run.returncode}; shown but not printed: {missing!r}; printed: {printed[:6]}")
    return problems


_SEED = "dedup compare corpus/newswire/belarus-china-drills.txt corpus/eastdesk/belarus-china-drills.txt"


@pytest.mark.parametrize(("doc", "first", "nth"), [
    ("README.md", "dedup scan corpus/", 0),
    ("README.md", _SEED, 0),
    ("README.md", _SEED, 1),
    ("README.md", "dedup index add news.db corpus/", 0),
    ("docs/ingest.md", "dedup index add news.db corpus/", 0),
], ids=["README first scan", "README compare", "README compare's facts", "README index", "ingest index"])
def test_console_examples_print_what_the_docs_show(doc: str, first: str, nth: int, tmp_path: Path) -> None:
    # the README's first scan showed a caption two changes old, and docs/ingest.md a check listing the article
    # itself, which check skips now that it is stored: examples no test ran
    problems = _run_console_block(ROOT / doc, first, nth, tmp_path)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("shown", "printed", "missing"), [
    (["a", "b"], ["a", "b", "c"], ""),
    (["a", "c"], ["a", "b", "c"], "c"),  # a line left out without "..." is drift
    (["a", "...", "c"], ["a", "b", "c"], ""),
    (["a", "b..."], ["a", "b and more"], ""),
    (["a", "stale caption"], ["a", "new caption"], "stale caption"),
])
def test_a_console_example_is_read_line_for_line(shown: list[str], printed: list[str], missing: str) -> None:
    assert _shows(shown, printed) == missing


# --- What docs/languages.md says of the multilingual set, against the set --------------------------

def _set_languages() -> dict[str, set[str]]:
    """The multilingual set's languages (``benchmarks/multilingual/*.json``), each with the names it goes by: its
    name, what its parentheses say and its first word (``Kurdish (Kurmanji)``, ``Sorani Kurdish``)."""
    import json

    names: dict[str, set[str]] = {}
    for path in sorted((ROOT / "benchmarks" / "multilingual").glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        name = spec["name"].split(",")[0]
        said = {re.sub(r" in \w+$", "", name.split(" (")[0]), name.split()[0], *re.findall(r"\(([^)]*)\)", name)}
        names.setdefault(spec["language"], set()).update(said)
    return names


def test_languages_doc_names_every_language_of_the_multilingual_set_and_no_other() -> None:
    # the list grows a round at a time; a language added to the set and not to the list (or the reverse) is drift
    text = " ".join((ROOT / "docs" / "languages.md").read_text(encoding="utf-8").split())
    listed = text.split("the multilingual set (`python benchmarks/multilingual.py`:", 1)[1].split(") finds every", 1)[0]
    items = [re.sub(r" in [\w ]+$", "", item.strip()) for item in  # "Serbian in Latin script", "Tamazight in Tifinagh"
             re.split(r",|\band\b|\bthen\b|\bsince \d{4}-\d\d-\d\d\b", listed) if item.strip()]

    def names(item: str, said: set[str]) -> bool:  # "Tamazight" names "Standard Moroccan Tamazight"
        return any(s == item or s.endswith(f" {item}") for s in said)

    languages = _set_languages()
    named = {code for code, said in languages.items() if any(names(item, said) for item in items)}
    assert set(languages) - named == {"en"}, "in the set, not in docs/languages.md's list"
    assert [i for i in items if not any(names(i, said) for said in languages.values())] == [], \
        "in docs/languages.md's list, not in the set"
    assert len(items) >= 100


def test_languages_doc_counts_the_texts_and_languages_of_the_set() -> None:
    # "On the set as it stands (1,130 texts in 126 languages and 205 English, ...)": the language-id benchmark's texts
    # (`benchmarks/language_id.py`: five of each case, each in three forms, and 200 Reuters stories as English)
    import json

    specs = [json.loads(p.read_text(encoding="utf-8")) for p in (ROOT / "benchmarks" / "multilingual").glob("*.json")]
    others = [s for s in specs if s["language"] != "en"]
    texts, languages = 5 * len(others), len({s["language"] for s in others})
    english = 5 * (len(specs) - len(others)) + 200
    text = " ".join((ROOT / "docs" / "languages.md").read_text(encoding="utf-8").split())
    assert f"On the set as it stands ({texts:,} texts in {languages} languages and {english} English," in text


# --- Figures the docs give of constants, against the constants ---------------------------------------

def _constant_figures() -> list[tuple[str, str]]:
    """(doc, the words it must hold), each made from the constant it states: a constant changed and its page not
    fails here (the passage windows and bands, the readers' and the index's bounds)."""
    from dedup import (article_ids, buckets, evidence, feeds, file_kinds, json_input, lines, mail, markup, nesting, normalize, parts,
                       passages, records, sentences, skips, whole_reads, xml_feeds)
    from dedup.channels import DEFAULT_CHANNELS, LONG_DOCUMENT, THOROUGH_CHANNELS
    from dedup.engines import dask
    from dedup.index import bulk, matching, recent, serve, serve_body, serve_server, sqlite_file, storing
    from dedup.index import index as index_module

    passage = next(c for c in DEFAULT_CHANNELS if c.name == "passage")
    thorough = next(c for c in THOROUGH_CHANNELS if c.name == "passage")
    assert passage.dense_from == LONG_DOCUMENT
    return [
        ("docs/method.md", f"windows of {passage.window} content words, every {passage.stride} (every "
                           f"{passage.dense_stride} in an article of {LONG_DOCUMENT} content words or more)"),
        ("docs/method.md", f"{passage.bands} bands of {passage.rows} rows ({passage.bands + passage.dense_bands} "
                           f"between a long article and any other)"),
        ("docs/method.md", f"signed in {passage.dense_bands} more bands"),
        ("docs/method.md", f"one every {thorough.stride} content words, {thorough.bands} bands of {thorough.rows} rows"),
        ("docs/cli.md", f"a document of {LONG_DOCUMENT} content words or more"),
        ("docs/method.md", f"bring more than {buckets.MOST_REPEATS} units to a crowded bucket"),
        ("docs/method.md", f"each text on its first {sentences.MAX_ALIGNED:,} sentences (`sentences.MAX_ALIGNED`"),
        ("docs/method.md", f"from {passages.MANY_BOXES:,} windows, merged by passes in numpy"),
        ("docs/method.md", f"fewer than {_words(passages.MIN_PASSAGE_WORDS)} shared distinct content words"),
        ("docs/method.md", f"at least a window's {evidence.SHARED_RUN} content words is a window of its own"),
        ("docs/method.md", f"(up to the {records.MAX_CHARS:,} characters an article is read to)"),
        ("docs/ingest.md", f"Ids** are at most {article_ids.MAX_ID_BYTES:,} bytes in UTF-8"),
        ("docs/input.md", f"An id longer than {article_ids.MAX_ID_BYTES:,} bytes in UTF-8"),
        ("docs/ingest.md", f"Articles are truncated at {records.MAX_CHARS:,} characters"),
        ("docs/input.md", f"up to {whole_reads.MAX_WHOLE_BYTES >> 20} MB (`dedup.whole_reads.MAX_WHOLE_BYTES`)"),
        ("docs/ingest.md", f"once it holds {sqlite_file._WAL_PAGES:,} pages"),
        ("docs/ingest.md", f"a batch on threads, {bulk.SIGN_PART} articles a part"),
        ("docs/ingest.md", f"commits once per batch of {index_module.BATCH:,} articles (fewer when their texts reach "
                           f"{storing.BATCH_CHARS:,} characters"),
        ("docs/cli.md", f"added in batches of {index_module.BATCH:,} (fewer when their texts reach {storing.BATCH_CHARS:,} characters)"),
        ("docs/ingest.md", f"{matching.PREPARED:,} articles, `index.matching.PREPARED`"),
        ("docs/ingest.md", f"{recent.MERGE_AT:,} (`MERGE_AT`)"),
        ("docs/ingest.md", f"up to {recent.MERGE_MOST:,} (`MERGE_MOST`, reached at {recent.MERGE_MOST * recent.MERGE_SHARE:,} stored)"),
        # the readers' bounds (docs/input.md, docs/errors.md) and the server's (docs/cli.md)
        ("docs/input.md", f"an HTML page of more than {markup.MAX_HTML_ELEMENTS:,} elements"),
        ("docs/errors.md", f"of more than {markup.MAX_HTML_ELEMENTS:,} elements"),
        ("docs/input.md", f"over {markup.MAX_ATTRIBUTE_NAMES:,} distinct attributes"),
        ("docs/input.md", f"deeper than the {nesting.MAX_HTML_DEPTH} levels browsers keep"),
        ("docs/input.md", f"Elements nested past {xml_feeds.MAX_FEED_DEPTH} are refused"),
        ("docs/errors.md", f"An e-mail message of more than {mail.MAX_MAIL_PARTS:,} parts"),
        ("docs/errors.md", f"is read lean past {json_input.MAX_JSON_VALUES:,} values"),
        ("docs/errors.md", f"(more than {json_input.MAX_JSON_DEPTH} levels)"),
        ("docs/errors.md", f"(`.txt`, `.html`, `.json`) of more than {lines.MAX_LINE_BYTES >> 20} MB is skipped"),
        ("docs/input.md", f"past {parts.PART_BYTES >> 20} MB, read in ranges"),
        ("docs/errors.md", f"whose first {feeds.NOT_JSONL_LINES:,} lines open with no JSON"),
        ("docs/cli.md", f"skipped lines or items past its first {skips.KEPT_A_FILE:,}"),
        ("docs/errors.md", f"the first {skips.KEPT_A_FILE:,} are named and the rest counted, one row a reason "
                           f"({_words(skips.REASONS_A_FILE)} reasons a file"),
        ("docs/errors.md", f"({skips.KEPT_A_READ:,} named in a read, at most"),
        ("docs/input.md", f"up to {_words(normalize.MAX_FURNITURE_PARAGRAPHS)}, of at most {normalize.MAX_FURNITURE_WORDS} words"),
        ("docs/cli.md", f"(default `{serve.MAX_BODY >> 20}MB`"),
        ("docs/cli.md", f"to {serve.MAX_BODY_LIMIT >> 20}MB ({serve.MAX_BODY_LIMIT})"),
        ("docs/cli.md", f"(default {serve.MAX_CONNECTIONS}; 503 beyond): from 1 to {serve.MAX_CONNECTIONS_LIMIT}"),
        ("docs/cli.md", f"(default {serve_body.BODY_TIMEOUT:.0f}; 408 and the connection closed beyond): from 1 to {serve.MAX_BODY_TIMEOUT:.0f}"),
        ("docs/cli.md", f"(its line and headers) {serve_server.HEAD_TIMEOUT:.0f} s after it opened"),
        ("docs/ingest.md", f"each message at most {serve_server.REPEATS_SHOWN} times a {_per(serve_server.REPEATS_WINDOW)}"),
        ("docs/cli.md", f"each message at most {serve_server.REPEATS_SHOWN} times a {_per(serve_server.REPEATS_WINDOW)}"),
        ("docs/dask.md", f"at most a {_nth(dask.PART_MEMORY_SHARE)} of the least memory limit among the workers"),
        ("docs/cli.md", f"a part of the input is at most a {_nth(dask.PART_MEMORY_SHARE)} of it"),
        ("docs/input.md", f"by its first bytes (up to {file_kinds.SNIFF >> 10} KB"),
        ("docs/ingest.md", f"until it closes, stops sending for {serve_server.LINGER_IDLE:.0f} s, or {serve_server.LINGER:.0f} s have passed"),
    ]


def _per(seconds: float) -> str:
    return "minute" if seconds == 60 else f"{seconds:g} s"


def _nth(n: int) -> str:
    """``32nd``, ``16th``: a share written as docs/dask.md writes it."""
    return f"{n}{'th' if n % 100 in (11, 12, 13) else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _words(n: int) -> str:
    return ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"][n]


@pytest.mark.parametrize(("doc", "words"), _constant_figures(), ids=[f"{d}: {w[:40]}" for d, w in _constant_figures()])
def test_the_docs_figures_of_constants_are_the_constants(doc: str, words: str) -> None:
    assert words in " ".join((ROOT / doc).read_text(encoding="utf-8").split())


@pytest.mark.parametrize("command", [["scan"], ["compare"], ["index", "add"]], ids=["scan", "compare", "index add"])
def test_the_help_of_passages_states_the_long_documents_bound(command: list[str]) -> None:
    # "denser in documents of 500 content words or more" is written out in the help strings
    from typer.testing import CliRunner

    from dedup.channels import LONG_DOCUMENT

    text = " ".join(CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "200"}).output.split())
    assert f"denser in documents of {LONG_DOCUMENT} content words or more" in text


def test_design_docs_walk_names_every_module_of_the_package() -> None:
    # docs/design.md opens with one article's path through the package, a line or more per module; the imports
    # block further down is held by tests/test_design.py, this walk was not (a module split off went unnamed)
    walk = (ROOT / "docs" / "design.md").read_text(encoding="utf-8").split("```\n", 2)[1]
    named = set(re.findall(r"\b(\w+)\.py\b", walk))
    modules = {p.stem for p in (ROOT / "dedup").rglob("*.py")} - {"__init__"}
    assert sorted(modules - named) == [], "modules docs/design.md's walk does not name"
    assert sorted(named - modules - {"setup"}) == [], "named in docs/design.md's walk, not in the package"


# --- Every benchmark command the docs show runs a script that has the options shown --------------------

_BENCHMARK_RUN = re.compile(r"(?:python3? -m benchmarks\.(\w+)|(?<![\w/])benchmarks/(\w+)\.py)([^`\n|&;)]*)")


def _benchmark_drift(text: str) -> list[str]:
    problems = []
    for match in _BENCHMARK_RUN.finditer(text):
        script = ROOT / "benchmarks" / f"{match.group(1) or match.group(2)}.py"
        if not script.is_file():
            problems.append(f"{match.group(0).strip()}: no {script.relative_to(ROOT)}")
            continue
        source = script.read_text(encoding="utf-8")
        problems += [f"{match.group(0).strip()}: {script.name} has no option {option}"
                     for option in re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", match.group(3))
                     if f'"{option}"' not in source and f"'{option}'" not in source]
    return problems


def test_every_benchmark_command_in_the_docs_names_a_script_and_options_it_has() -> None:
    pages = [*DOCS, ROOT / "benchmarks" / "README.md"]
    assert sum(len(_BENCHMARK_RUN.findall(p.read_text(encoding="utf-8"))) for p in pages) > 80
    assert [problem for p in pages for problem in _benchmark_drift(p.read_text(encoding="utf-8"))] == []


@pytest.mark.parametrize(("text", "problem"), [
    ("`python -m benchmarks.newsroom --sets x`", "newsroom.py has no option --sets"),
    ("```\npython benchmarks/quality.py --corpus c --detail d\n```", "quality.py has no option --detail"),
    ("`python -m benchmarks.no_such_script`", "no benchmarks/no_such_script.py"),
], ids=["module", "script", "no-script"])
def test_benchmark_drift_is_found(text: str, problem: str) -> None:
    assert any(problem in p for p in _benchmark_drift(text)), _benchmark_drift(text)


# --- Every code name and repository path the docs give exists ------------------------------------------

_PAGES = [*DOCS, ROOT / "benchmarks" / "README.md"]
_MODULES = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            for p in (ROOT / "dedup").rglob("*.py")}
# ``credit.status``, ``settings.min_confidence``: the JSON's objects and fields, written as their paths
# (and ``dask.sizeof``, Dask's own)
_NOT_OURS = {"credit", "settings", "common_source", "containment", "scores", "stats", "dask"}


@functools.lru_cache(maxsize=1)
def _classes() -> dict[str, list[type]]:
    """The classes dedup defines, by name (``Index``, ``Alignment``, ...)."""
    import importlib
    import inspect

    found: dict[str, list[type]] = {}
    for name in sorted(_MODULES - {"dedup.__main__"}):
        module = importlib.import_module(name)
        for cls_name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == name:
                found.setdefault(cls_name, []).append(cls)
    return found


def _has(owner: Any, attrs: list[str]) -> bool:
    for attr in attrs:
        if not hasattr(owner, attr) and attr not in getattr(owner, "__dataclass_fields__", {}):
            return False
        owner = getattr(owner, attr, None)
    return True


def _named(text: str) -> list[str]:
    """The dotted names the text gives in backticks that start at a module or a class of dedup:
    ``dedup.whole_reads.MAX_WHOLE_BYTES``, ``sentences.MAX_ALIGNED``, ``index.matching.PREPARED``,
    ``match.alignment()``, ``Alignment.passages`` (files, ``verdict_model.json``, left out)."""
    stems = {m.rsplit(".", 1)[-1] for m in _MODULES} | {"dedup"} | set(_classes())
    names = re.findall(r"`((?:[A-Za-z_]\w*\.)+[A-Za-z_]\w*)(?:\(\))?`", text)
    return [n for n in names if n.split(".")[0] in stems and n.split(".")[0] not in _NOT_OURS
            and not re.search(r"\.(py|md|json|jsonl|txt|tsv|db|html|svg|png|csv|css|js|c|so)$", n)]


def _resolves(name: str) -> bool:
    """Whether ``name`` is a module of dedup with the attributes it names, read from the package (``dedup.x.y``), from
    ``dedup`` (``channels.LONG_DOCUMENT``), ``dedup.index``, ``dedup.report`` or ``dedup.cli`` (``matching.PREPARED``); an
    attribute may be one of a class the module defines (``match.alignment``: the ``Match``'s, ``result.warnings``)."""
    import importlib
    import inspect

    parts = name.split(".")
    if any(_has(cls, parts[1:]) for cls in _classes().get(parts[0], [])):  # Alignment.passages
        return True
    for prefix in ([[]] if parts[0] == "dedup" else [["dedup"], ["dedup", "index"], ["dedup", "report"], ["dedup", "cli"]]):
        full = prefix + parts
        cut = next((i for i in range(len(full), 0, -1) if ".".join(full[:i]) in _MODULES), 0)
        if not cut:
            continue
        module = importlib.import_module(".".join(full[:cut]))
        rest = full[cut:]
        if not rest:
            return True
        owners = [module, *(c for _, c in inspect.getmembers(module, inspect.isclass) if c.__module__ == module.__name__)]
        if any(_has(owner, rest) for owner in owners):
            return True
    return False


def test_every_code_name_in_the_docs_is_in_the_package() -> None:
    # `dedup.engines.dask.PART_MEMORY_SHARE`, `sentences.MAX_ALIGNED`: a constant renamed or a function moved and
    # its page not was found by no test
    named = sorted({(p.relative_to(ROOT).as_posix(), n) for p in _PAGES for n in _named(p.read_text(encoding="utf-8"))})
    assert len(named) > 120
    assert [f"{page}: `{name}`" for page, name in named if not _resolves(name)] == []


_REPO_PATH = re.compile(r"(?<![\w/.-])((?:dedup|tests|benchmarks)/[\w./<>*-]*[\w>*])")


def _missing_paths(text: str) -> list[str]:
    """The paths under ``dedup/``, ``tests/`` and ``benchmarks/`` the text names that are not in the checkout
    (``benchmarks/out/``, what the benchmarks write, left out; ``<code>`` and ``*`` stand for any name)."""
    missing = []
    for path in _REPO_PATH.findall(text):
        if path.startswith("benchmarks/out/") or path == "benchmarks/out":
            continue
        pattern = re.sub(r"<[^>]*>", "*", path)
        if not (list(ROOT.glob(pattern)) if "*" in pattern else (ROOT / path).exists() or (ROOT / f"{path}.py").exists()):
            missing.append(path)
    return missing


def test_every_path_in_the_docs_is_in_the_checkout() -> None:
    found = [p for page in _PAGES for p in _REPO_PATH.findall(page.read_text(encoding="utf-8"))]
    assert len(found) > 100
    assert [f"{page.relative_to(ROOT).as_posix()}: {path}" for page in _PAGES
            for path in _missing_paths(page.read_text(encoding="utf-8"))] == []


@pytest.mark.parametrize(("text", "named", "resolves"), [
    ("`dedup.whole_reads.MAX_WHOLE_BYTES`", "dedup.whole_reads.MAX_WHOLE_BYTES", True),
    ("`sentences.MAX_ALIGNED`", "sentences.MAX_ALIGNED", True),
    ("`index.matching.PREPARED`", "index.matching.PREPARED", True),
    ("`match.alignment()`", "match.alignment", True),
    ("`sentences.MAX_ALIGN`", "sentences.MAX_ALIGN", False),
    ("`dedup.engines.dask.PART_SHARE`", "dedup.engines.dask.PART_SHARE", False),
    ("`Alignment.passages`", "Alignment.passages", True),
    ("`Index.add_all`", "Index.add_all", False),
    ("`dedup.no_such_module`", "dedup.no_such_module", False),
], ids=["dedup-path", "module-constant", "subpackage", "instance-attribute", "renamed", "nested-renamed", "class",
        "no-such-method", "no-module"])
def test_a_code_name_that_is_not_in_the_package_is_found(text: str, named: str, resolves: bool) -> None:
    assert _named(text) == [named]
    assert _resolves(named) is resolves


@pytest.mark.parametrize(("text", "missing"), [
    ("see `tests/test_docs.py` and dedup/data/stop_words_<code>.txt", []),
    ("the set (`benchmarks/multilingual/*.json`), written to benchmarks/out/x.json", []),
    ("kept in dedup/data/stop_words_xx.txt, tested by tests/test_no_such.py", ["dedup/data/stop_words_xx.txt", "tests/test_no_such.py"]),
], ids=["placeholder", "glob-and-output", "missing"])
def test_a_path_not_in_the_checkout_is_found(text: str, missing: list[str]) -> None:
    assert _missing_paths(text) == missing
