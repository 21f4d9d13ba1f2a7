"""One Dask scan's run (dedup.engines.dask_run): the parts read as the whole corpus is read, ids numbered and
checked across parts, stretches and copies counted over every part, results gathered, progress and logs by stage,
links out of a folder read as the local engine reads them."""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from dedup.channels import DEFAULT_CHANNELS
from dedup.cli import app
from dedup.errors import SettingsError
from dedup.parts import plan_parts
from dedup.pipeline import scan
from dedup.reading import read_corpus, read_part
from dedup.verify import Thresholds

from conftest import CORPUS, ROOT
from test_engine_dask import _comparable, _sentence, big_corpus, client, needs_dask  # noqa: F401 - fixtures
from _bad_input_files import REWRITE, TEXT, WIRE
from _bad_input_helpers import _ok, runner


@pytest.mark.parametrize("part_bytes", [300, 1 << 20], ids=["many-parts", "one-part"])
def test_parts_read_like_the_whole_corpus(big_corpus: Path, part_bytes: int) -> None:
    whole = read_corpus(big_corpus)
    pieces = [read_part(p) for p in plan_parts(big_corpus, part_bytes=part_bytes)]
    assert tuple(d for c in pieces for d in c.documents) == whole.documents
    assert tuple(s for c in pieces for s in c.skipped) == whole.skipped


@needs_dask
def test_an_id_in_two_parts_is_one_error_naming_both_places(client: Any, tmp_path: Path) -> None:
    # each part checks its own ids as it is read; across parts the client compares their hashes, and
    # the ids themselves only when a hash repeats
    from dedup.engines.dask import scan_dask
    from dedup.errors import DuplicateIdError

    rnd = random.Random(3)
    for name in ("a", "b"):
        lines = [json.dumps({"id": f"{name}{k}", "text": " ".join(_sentence(rnd) for _ in range(6))}) for k in range(40)]
        lines[25] = json.dumps({"id": "shared", "text": " ".join(_sentence(rnd) for _ in range(6))})
        (tmp_path / f"{name}.jsonl").write_text("\n".join(lines) + "\n")
    assert len(plan_parts(tmp_path, part_bytes=4000)) > 2
    with pytest.raises(DuplicateIdError, match=r"duplicate article id 'shared' in a.jsonl:26 and b.jsonl:26"):
        scan_dask(tmp_path, client=client, align=False, part_bytes=4000)
    (tmp_path / "b.jsonl").write_text((tmp_path / "b.jsonl").read_text().replace('"shared"', '"b-own"'))
    assert len(scan_dask(tmp_path, client=client, align=False, part_bytes=4000).documents) == 80


@needs_dask
def test_one_article_read_again_in_another_part_is_read_once_as_the_local_engine_reads_it(client: Any,
                                                                                          tmp_path: Path) -> None:
    # a feed exported twice, in two files of several parts each: the later copy of each article is named among
    # its part's skipped, dropped there, and the pairs are the local engine's
    from dedup.engines.dask import scan_dask

    rnd = random.Random(7)
    lines = [json.dumps({"id": f"s{k}", "text": " ".join(_sentence(rnd) for _ in range(6))}) for k in range(40)]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n")
    # b's first line twice, in one part: the part skips its second naming its first, which is itself a repeat
    (tmp_path / "b.jsonl").write_text("\n".join(lines[20:21] + lines[20:] + [lines[3].replace('"s3"', '"b-own"')]) + "\n")
    assert len(plan_parts(tmp_path, part_bytes=4000)) > 2
    local = scan(tmp_path, align=False)
    result = scan_dask(tmp_path, client=client, align=False, part_bytes=4000)
    assert [d.id for d in result.documents] == [d.id for d in local.documents] == [f"s{k}" for k in range(40)] + ["b-own"]
    assert sorted((s.path, s.reason) for s in result.skipped) == sorted((s.path, s.reason) for s in local.skipped)
    for where in ("b.jsonl:1", "b.jsonl:2"):  # each names where the article was read first
        assert (where, "the same article as a.jsonl:21 (id 's20'), read once") in [(s.path, s.reason) for s in result.skipped]
    assert len(local.skipped) == 21 and _comparable(result) == _comparable(local)


@needs_dask
def test_ids_in_two_parts_that_differ_only_in_how_they_are_composed_are_one_error(client: Any, tmp_path: Path) -> None:
    """As the local engine refuses them (:func:`dedup.article_ids.id_key`): the same one-line error."""
    from dedup.engines.dask import scan_dask
    from dedup.errors import DuplicateIdError

    rnd = random.Random(5)
    for name, shared in (("a", "caf\u00e9"), ("b", "cafe\u0301")):
        lines = [json.dumps({"id": f"{name}{k}", "text": " ".join(_sentence(rnd) for _ in range(6))}) for k in range(40)]
        lines[25] = json.dumps({"id": shared, "text": " ".join(_sentence(rnd) for _ in range(6))})
        (tmp_path / f"{name}.jsonl").write_text("\n".join(lines) + "\n")
    message = r"duplicate article id 'café' in a.jsonl:26 and b.jsonl:26 \(the ids 'caf\\xe9' and 'cafe\\u0301' differ only"
    with pytest.raises(DuplicateIdError, match=message):
        scan_dask(tmp_path, client=client, align=False, part_bytes=4000)
    with pytest.raises(DuplicateIdError, match=message):
        read_corpus(tmp_path)


@needs_dask
def test_an_id_twice_in_one_part_is_the_local_error_with_no_worker_traceback(tmp_path: Path) -> None:
    """A part that holds one id twice is refused by its read as the local engine refuses it, and that line is
    all ``dedup scan --engine dask`` says: raised in the worker, the refusal was logged there with its
    traceback ("Compute Failed", on stderr, once for each of the task's three tries) above the ``Error:`` line."""
    import subprocess
    import sys

    rnd = random.Random(9)
    lines = [json.dumps({"id": f"a{k % 7}", "text": " ".join(_sentence(rnd) for _ in range(6))}) for k in range(9)]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n")
    said = "Error: duplicate article id 'a0' in a.jsonl:1 and a.jsonl:8: ids must be unique\n"
    local = subprocess.run([sys.executable, "-m", "dedup", "scan", str(tmp_path), "-q", "--json", str(tmp_path / "o.json")],
                           capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    dask = subprocess.run([sys.executable, "-m", "dedup", "scan", str(tmp_path), "-q", "--json", str(tmp_path / "o.json"),
                           "--engine", "dask", "--workers", "1"],
                          capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert (local.returncode, local.stderr) == (1, said)
    assert (dask.returncode, dask.stderr) == (1, said)


@needs_dask
def test_client_keeps_gathered_texts_in_a_file_past_the_setting(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import dedup.engines.dask as engine
    from dedup.spilled_documents import Documents

    monkeypatch.setattr(engine, "text_spill", lambda memory: 0)
    result = engine.scan_dask(CORPUS, client=client, align=False, part_bytes=4000)
    assert isinstance(result.documents, Documents) and result.documents.spilled
    assert _comparable(result) == _comparable(scan(read_corpus(CORPUS), align=False))


@needs_dask
def test_same_result_on_generated_corpus(client: Any, big_corpus: Path) -> None:
    from dedup.engines.dask import scan_dask

    local = scan(read_corpus(big_corpus), align=False)
    assert len(local.pairs) > 100 and len(local.clusters) > 50
    result = scan_dask(big_corpus, client=client, align=False, part_bytes=200_000)
    assert [(p.a, p.b, p.verdict) for p in result.pairs] == [(p.a, p.b, p.verdict) for p in local.pairs]
    assert _comparable(result) == _comparable(local)


@needs_dask
def test_stretches_are_counted_over_every_part(client: Any, tmp_path: Path) -> None:
    """A stretch reworded from the wire in many documents counts as found elsewhere (less like reuse, more
    like a form), whichever parts they are read in."""
    from dedup.engines.dask import scan_dask

    from test_pipeline import REUSED, REWORDED, _long

    (tmp_path / "wire").mkdir()
    (tmp_path / "wire" / "story.txt").write_text(_long(1, REUSED))
    (tmp_path / "feature").mkdir()
    (tmp_path / "feature" / "story.txt").write_text(_long(2, REWORDED))
    local = scan(read_corpus(tmp_path), align=False)
    assert [(p.a, p.b) for p in local.pairs] == [("feature/story.txt", "wire/story.txt")]
    alone = scan(read_corpus(tmp_path), align=False, thresholds=Thresholds(0.0)).pairs[0]
    for k in range(4):  # the same reworded stretch in four more documents
        (tmp_path / f"outlet{k}").mkdir()
        (tmp_path / f"outlet{k}" / "story.txt").write_text(_long(10 + k, REWORDED))
    local = scan(read_corpus(tmp_path), align=False, thresholds=Thresholds(0.0))
    (form,) = [p for p in local.pairs if (p.a, p.b) == ("feature/story.txt", "wire/story.txt")]
    assert form.confidence < alone.confidence and form.passages[0].elsewhere == 4
    found = scan_dask(tmp_path, client=client, align=False, part_bytes=6000, thresholds=Thresholds(0.0))
    assert _comparable(found) == _comparable(local)


@needs_dask
def test_copies_of_one_text_count_once_in_a_stretchs_spread_whichever_parts_hold_them(client: Any, tmp_path: Path) -> None:
    """The reworded stretch in four documents that are one text (a story carried word for word by four
    outlets) is found elsewhere once, as an index, which stores one copy of a text, counts it; read in
    several parts, the copies are known to every part's spread."""
    from dedup.engines.dask import scan_dask

    from test_pipeline import REUSED, REWORDED, _long

    (tmp_path / "wire").mkdir()
    (tmp_path / "wire" / "story.txt").write_text(_long(1, REUSED))
    (tmp_path / "feature").mkdir()
    (tmp_path / "feature" / "story.txt").write_text(_long(2, REWORDED))
    for k in range(4):
        (tmp_path / f"outlet{k}").mkdir()
        (tmp_path / f"outlet{k}" / "story.txt").write_text(_long(10, REWORDED))
    local = scan(read_corpus(tmp_path), align=False, thresholds=Thresholds(0.0))
    (form,) = [p for p in local.pairs if (p.a, p.b) == ("feature/story.txt", "wire/story.txt")]
    assert form.passages[0].elsewhere == 1
    found = scan_dask(tmp_path, client=client, align=False, part_bytes=6000, thresholds=Thresholds(0.0))
    assert _comparable(found) == _comparable(local)


@needs_dask
def test_copies_past_the_bucket_limit_are_paired_as_locally(client: Any, tmp_path: Path) -> None:
    """A story carried word for word by 60 outlets (more than max_bucket), read in several parts: the
    parts' text keys reach every bucket, so the copies count once there as in the local scan."""
    from dedup.engines.dask import scan_dask

    story = (CORPUS / "newswire" / "belarus-china-drills.txt").read_text(encoding="utf-8")
    for k in range(60):
        (tmp_path / f"outlet{k:02d}").mkdir()
        (tmp_path / f"outlet{k:02d}" / "story.txt").write_text(story)
    local = scan(read_corpus(tmp_path), align=False)
    assert len(local.pairs) == 59  # each later copy with the first
    assert _comparable(scan_dask(tmp_path, client=client, align=False, part_bytes=20000)) == _comparable(local)


@needs_dask
def test_quiet_dask_scan_prints_nothing_and_verbose_logs_stage_counts() -> None:
    from typer.testing import CliRunner

    from dedup.cli import app

    quiet = CliRunner().invoke(app, ["scan", str(CORPUS), "--engine", "dask", "--no-align", "-q"])
    assert quiet.exit_code == 0 and quiet.output == ""
    verbose = CliRunner().invoke(app, ["-v", "scan", str(CORPUS), "--no-align", "-q"])
    assert verbose.exit_code == 0
    assert "read: 11 articles, 1 input skipped" in verbose.stderr and "candidates: 5" in verbose.stderr
    assert "sign: 11 articles" in verbose.stderr


@needs_dask
def test_progress_is_reported_per_stage_as_parts_finish(client: Any) -> None:
    from dedup.engines.dask import scan_dask

    seen: list[tuple[str, int, int]] = []
    scan_dask(CORPUS, client=client, align=False, part_bytes=4000, progress=lambda *a: seen.append(a))
    stages = [s for s, _, _ in seen]
    assert list(dict.fromkeys(stages)) == ["parts read", "parts signed", "parts paired", "parts verified"]
    for stage in ("parts read", "parts signed", "parts paired", "parts verified"):
        counts = [(done, total) for s, done, total in seen if s == stage]
        assert [d for d, _ in counts] == list(range(1, counts[0][1] + 1)) and counts[0][1] > 1


@needs_dask
def test_long_documents_denser_windows_are_paired_as_locally(client: Any, tmp_path: Path) -> None:
    """Long documents' passage windows (denser, with bands of their own) meet short and long ones as in
    the local scan, their keys spread over the buckets with the short ones'."""
    from dedup.engines.dask import scan_dask

    texts = [d.text for d in read_corpus(CORPUS).documents]
    for k, text in enumerate(texts):
        (tmp_path / f"short{k}.txt").write_text(text)
    (tmp_path / "long_a.txt").write_text("\n\n".join(texts[:8]))
    (tmp_path / "long_b.txt").write_text("\n\n".join(texts[4:]))
    local = scan(read_corpus(tmp_path), align=False)
    assert {"long_a.txt", "long_b.txt"} <= {name for p in local.pairs for name in (p.a, p.b)}
    assert local.settings["channels"][1]["dense_from"] == DEFAULT_CHANNELS[1].dense_from
    assert _comparable(scan_dask(tmp_path, client=client, align=False, part_bytes=6000)) == _comparable(local)


def _uploads_with_links_out(tmp_path: Path) -> Path:
    """The demo corpus copied into ``uploads``, with links leading out of it: to a story elsewhere (a copy of
    one in the corpus, so that it pairs) and to a JSONL feed elsewhere larger than a part."""
    uploads, elsewhere = tmp_path / "uploads", tmp_path / "elsewhere"
    shutil.copytree(CORPUS, uploads)
    elsewhere.mkdir()
    story = (CORPUS / "newswire" / "belarus-china-drills.txt").read_text(encoding="utf-8")
    (elsewhere / "story.txt").write_text(story)
    rnd = random.Random(5)
    feed = [json.dumps({"id": f"feed-{k}", "text": " ".join(_sentence(rnd) for _ in range(6))}) for k in range(30)]
    (elsewhere / "feed.jsonl").write_text("\n".join(feed) + "\n")
    (uploads / "linked.txt").symlink_to(elsewhere / "story.txt")
    (uploads / "feed.jsonl").symlink_to(elsewhere / "feed.jsonl")
    return uploads


@pytest.mark.parametrize("follow", [False, True], ids=["links-named", "links-followed"])
def test_parts_follow_links_out_of_the_folder_as_the_whole_read_does(tmp_path: Path, follow: bool) -> None:
    # the parts read links leading out of the folder as read_corpus does: a link to a JSONL file larger than a
    # part was cut into ranges and read though the link was not to be followed (the others named), and
    # follow_links could not be given to the parts at all
    uploads = _uploads_with_links_out(tmp_path)
    whole = read_corpus(uploads, follow_links=follow)
    parts = plan_parts(uploads, part_bytes=600, follow_links=follow)
    assert any(p.span is not None for p in parts) == follow  # the feed cut into ranges only when it is read
    pieces = [read_part(p) for p in parts]
    assert tuple(d for c in pieces for d in c.documents) == whole.documents
    assert tuple(s for c in pieces for s in c.skipped) == whole.skipped
    assert ("feed-0" in {d.id for d in whole.documents}) == follow
    assert ({"feed.jsonl", "linked.txt"} <= {s.path for s in whole.skipped}) != follow
    with pytest.raises(SettingsError, match="follow_links must be True or False"):
        plan_parts(uploads, follow_links="yes")  # type: ignore[arg-type]


@needs_dask
@pytest.mark.parametrize("follow", [False, True], ids=["links-named", "links-followed"])
def test_links_out_of_the_folder_are_read_as_locally(client: Any, tmp_path: Path, follow: bool) -> None:
    from dedup.engines import scan_with
    from dedup.engines.dask import scan_dask

    uploads = _uploads_with_links_out(tmp_path)
    local = scan_with("local", uploads, align=False, follow_links=follow)
    assert ("linked.txt" in {name for p in local.pairs for name in (p.a, p.b)}) == follow
    found = scan_dask(uploads, client=client, align=False, part_bytes=600, follow_links=follow)
    assert _comparable(found) == _comparable(local)


@pytest.mark.parametrize("follow", [[], ["--follow-links"]], ids=["links-named", "links-followed"])
def test_a_link_out_of_a_folder_scanned_on_dask_is_read_as_locally(tmp_path: Path, follow: list[str]) -> None:
    # "--follow-links is read by the local engine only" (2): the Dask engine's workers read the parts with
    # links left out; they are told now, and answer as the local engine does
    pytest.importorskip("distributed")
    uploads, elsewhere = tmp_path / "uploads", tmp_path / "elsewhere"
    uploads.mkdir()
    elsewhere.mkdir()
    shutil.copy(REWRITE, uploads / "story.txt")
    shutil.copy(WIRE, elsewhere / "wire.txt")
    (uploads / "wire.txt").symlink_to(elsewhere / "wire.txt")
    args = ["scan", str(uploads), "--no-align", "--json", "-", "-q", *follow]
    local = json.loads(_ok(runner.invoke(app, args)).stdout)
    dask = json.loads(_ok(runner.invoke(app, [*args, "--engine", "dask", "--workers", "1"])).stdout)
    assert [d["id"] for d in dask["documents"]] == (["story.txt", "wire.txt"] if follow else ["story.txt"])
    assert bool(dask["pairs"]) == bool(follow)
    assert dask == local


def _nested_past_the_path_limit(root: Path) -> Path:
    """A folder under ``root`` nested deeper than a path can name (ENAMETOOLONG past 4,096 bytes on Linux),
    holding an article: made a level at a time from inside, as only relative paths reach it."""
    here = os.getcwd()
    try:
        os.chdir(root)
        for _ in range(24):
            os.mkdir("d" * 200)
            os.chdir("d" * 200)
        Path("story.txt").write_text(TEXT)
    finally:
        os.chdir(here)
    return root / ("d" * 200)


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_a_folder_nested_deeper_than_a_path_can_name_is_named_not_the_end_of_the_scan(
        tmp_path: Path, engine: str) -> None:
    # "Error: File name too long: ..." stopped the scan (and "a Dask task failed (OSError ...)"), every other
    # article of the corpus lost to one folder no path could reach
    if engine == "dask":
        pytest.importorskip("distributed")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(WIRE, corpus / "wire.txt")
    _nested_past_the_path_limit(corpus)
    args = ["scan", str(corpus), "--no-align", "--json", "-", "-q"] + (["--engine", "dask", "--workers", "1"] if engine == "dask" else [])
    scanned = json.loads(_ok(runner.invoke(app, args)).stdout)
    assert [d["id"] for d in scanned["documents"]] == ["wire.txt"]
    assert [s["reason"] for s in scanned["skipped"]] == [
        "nested deeper than the system can name (its path is longer than it takes): not read; move it nearer the "
        "corpus folder"]


def test_a_file_cut_short_while_its_ranges_are_read_is_said_once_by_the_dask_engine(tmp_path: Path) -> None:
    """Every range of a file read after it was cut short says so (each part is read on its own): the parts'
    warnings gathered say it once, as a local read does; other warnings are kept as each part gives them."""
    from types import SimpleNamespace

    from dedup.documents import Corpus
    from dedup.engines.dask_run import Run
    from dedup.feeds import CUT_SHORT

    cut = f"live.jsonl: {CUT_SHORT} (it holds 10,000 bytes now, fewer than when its read began): read it again"
    parts = [Corpus((), (), ("live.jsonl:3: not UTF-8; read as Windows-1252", cut)), Corpus((), (), (cut,)),
             Corpus((), (), ("live.jsonl:90: not UTF-8; read as Windows-1252", cut))]
    futures = [SimpleNamespace(result=lambda part=part: part) for part in parts]
    gathered = Run._gather_corpus(SimpleNamespace(spill=None), futures)
    assert gathered.warnings == ("live.jsonl:3: not UTF-8; read as Windows-1252", cut,
                                 "live.jsonl:90: not UTF-8; read as Windows-1252")


def test_a_pipe_given_as_the_input_is_refused_in_parts_saying_what_reads_it() -> None:
    # scan --engine dask <(cat feed.jsonl) said "unsupported file type (none)": its workers cannot open the pipe
    from dedup.errors import InputError

    read, write = os.pipe()
    try:
        with pytest.raises(InputError, match=r"a pipe cannot be read in parts .*give --engine local, which reads it"):
            plan_parts(f"/dev/fd/{read}")
    finally:
        os.close(read)
        os.close(write)
