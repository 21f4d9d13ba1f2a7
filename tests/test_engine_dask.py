"""The Dask engine gives the local engine's result, pair for pair, also when a worker dies mid-run.

Skipped when Dask is not installed, except in CI (``CI=true``), where a missing Dask is a failure.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
from pathlib import Path
from typing import Any, Callable

import pytest

from dedup.candidates import DEFAULT_CHANNELS, Vocabulary
from dedup.errors import MissingExtraError, SettingsError
from dedup.parts import plan_parts
from dedup.pipeline import scan
from dedup.reading import read_corpus, read_part
from dedup.verify import Thresholds

from conftest import CORPUS, ROOT

try:
    import distributed
except ImportError:  # pragma: no cover - depends on the environment
    distributed = None
    if os.environ.get("CI") == "true":
        raise
needs_dask = pytest.mark.skipif(distributed is None, reason="Dask is not installed: pip install 'dedup[dask]'")

WORDS = [f"{a}{b}{c}" for a in ("ka", "lo", "mi", "ne", "pu", "ra", "si", "to") for b in ("ba", "de", "fi", "go", "hu", "ja")
         for c in ("n", "r", "s", "l", "t", "m", "x", "")]
NAMES = ["Acme", "Borland", "Corvo", "Delmar", "Estrel", "Fintra", "Gaspar", "Halden", "Ivers", "Jorvik"]


def _sentence(rnd: random.Random) -> str:
    words = [rnd.choice(WORDS) for _ in range(rnd.randint(8, 18))]
    words.insert(rnd.randrange(len(words)), rnd.choice(NAMES))
    words.insert(rnd.randrange(len(words)), str(rnd.randint(2, 9999)))
    return " ".join(words).capitalize() + "."


def generated_corpus(folder: Path, *, articles: int = 2500, seed: int = 7) -> Path:
    """Random articles plus copies, edited copies and partial copies; a big JSONL file and a folder of texts."""
    rnd = random.Random(seed)
    texts: list[str] = []
    for k in range(articles):
        kind = rnd.random()
        if texts and kind < 0.06:
            texts.append(rnd.choice(texts))  # verbatim copy
        elif texts and kind < 0.12:
            sentences = rnd.choice(texts).split(". ")
            sentences[rnd.randrange(len(sentences))] = _sentence(rnd).rstrip(".")
            texts.append(". ".join(sentences))  # edited copy
        elif texts and kind < 0.17:
            half = rnd.choice(texts).split(". ")[:5]
            texts.append(" ".join(_sentence(rnd) for _ in range(8)) + " " + ". ".join(half))  # partial copy
        else:
            texts.append(" ".join(_sentence(rnd) for _ in range(rnd.randint(6, 14))))
    (folder / "wire").mkdir(parents=True)
    with (folder / "wire" / "stories.jsonl").open("w") as out:
        for k, text in enumerate(texts[: articles - 300]):
            out.write(json.dumps({"text": text} if k % 3 else {"id": f"w{k}", "text": text}) + "\n")
    for k, text in enumerate(texts[articles - 300 :]):
        outlet = folder / f"outlet{k % 4}"
        outlet.mkdir(exist_ok=True)
        (outlet / f"story{k:04d}.txt").write_text(text)
    return folder


@pytest.fixture(scope="module")
def client() -> Any:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as cluster:
        with distributed.Client(cluster) as connected:
            yield connected


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_corpus(tmp_path_factory.mktemp("generated"))


def _comparable(result: Any) -> dict[str, Any]:
    out = result.to_dict()
    out["stats"].pop("seconds")  # wall times differ from run to run; everything else must not
    return out


@pytest.mark.parametrize("part_bytes", [300, 1 << 20], ids=["many-parts", "one-part"])
def test_parts_read_like_the_whole_corpus(big_corpus: Path, part_bytes: int) -> None:
    whole = read_corpus(big_corpus)
    pieces = [read_part(p) for p in plan_parts(big_corpus, part_bytes=part_bytes)]
    assert tuple(d for c in pieces for d in c.documents) == whole.documents
    assert tuple(s for c in pieces for s in c.skipped) == whole.skipped


@needs_dask
def test_same_result_on_demo_corpus(client: Any) -> None:
    from dedup.engines.dask import scan_dask

    local = scan(read_corpus(CORPUS), align=False)
    assert local.pairs, "the demo corpus should hold copies"
    assert _comparable(scan_dask(CORPUS, client=client, align=False, part_bytes=4000)) == _comparable(local)


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
    from dedup.documents import Documents

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


class _KillOnce(distributed.WorkerPlugin if distributed else object):  # type: ignore[misc]
    """Kills its worker process when a signing task starts, once (a marker file remembers)."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish == "executing" and "dedup-bands-" in str(key) and not os.path.exists(self.marker):
            Path(self.marker).write_text(str(key))
            os._exit(1)


@needs_dask
def test_worker_killed_mid_run_changes_nothing(big_corpus: Path, tmp_path: Path) -> None:
    import cloudpickle

    from dedup.engines.dask import scan_dask

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import the tests
    marker = tmp_path / "killed"
    local = scan(read_corpus(big_corpus), align=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as cluster:
        with distributed.Client(cluster) as fresh:
            fresh.register_plugin(_KillOnce(str(marker)))
            result = scan_dask(big_corpus, client=fresh, align=False, part_bytes=200_000, retries=2)
    assert marker.exists(), "no worker was killed: the test did not test anything"
    assert _comparable(result) == _comparable(local)


def test_missing_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from dedup.engines.dask import scan_dask

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MissingExtraError, match=r"pip install '\.\[dask\]'"):
        scan_dask(CORPUS, align=False)


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


# -- failures: one line, bounded in time, never a hang ------------------------------------------------


@needs_dask
def test_unreachable_scheduler_is_an_engine_error_within_the_timeout() -> None:
    import time

    from dedup.engines.dask import scan_dask
    from dedup.errors import EngineError

    started = time.monotonic()
    with pytest.raises(EngineError, match=r"cannot reach the Dask scheduler at tcp://127.0.0.1:1 within 1 s"):
        scan_dask(CORPUS, scheduler="tcp://127.0.0.1:1", timeout=1)
    assert time.monotonic() - started < 20


@needs_dask
def test_a_failing_task_fails_the_scan_with_one_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from dedup.engines import partitions
    from dedup.engines.dask import scan_dask
    from dedup.errors import EngineError

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("OrderedDict mutated during iteration")

    monkeypatch.setattr(partitions, "verify_part", broken)
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=":0") as inproc:
        with ThreadPoolExecutor(1) as pool:
            running = pool.submit(scan_dask, CORPUS, client=inproc, align=False, retries=1)
            with pytest.raises(EngineError, match=r"a Dask task failed \(RuntimeError: OrderedDict mutated"):
                running.result(timeout=120)  # a hang fails here instead of stopping the suite


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
def test_cli_unreachable_scheduler_is_one_line() -> None:
    from typer.testing import CliRunner

    from dedup.cli import app

    result = CliRunner().invoke(app, ["scan", str(CORPUS), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1",
                                      "--connect-timeout", "1"])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:1")


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
def test_workers_started_here_are_limited_to_the_memory_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from dedup.engines.dask import scan_dask

    limits: list[object] = []
    ttls: list[object] = []
    real = distributed.LocalCluster

    def recorded(*args: Any, **kwargs: Any) -> Any:
        cluster = real(*args, **kwargs)
        cluster.wait_for_workers(2)
        limits.extend(w["memory_limit"] for w in cluster.scheduler_info["workers"].values())
        ttls.append(cluster.scheduler.worker_ttl)
        return cluster

    monkeypatch.setattr(distributed, "LocalCluster", recorded)
    result = scan_dask(CORPUS, workers=2, align=False, memory="1GB", part_bytes=4000)
    assert limits == [1 << 30, 1 << 30]  # each worker the scheduler knows
    assert ttls == [30 * 60]  # a worker starved by a loaded machine is not dropped after Dask's 5 minutes
    assert _comparable(result) == _comparable(scan(read_corpus(CORPUS), align=False))


def test_a_bad_memory_setting_fails_before_any_cluster_starts() -> None:
    from dedup.engines.dask import scan_dask

    with pytest.raises(SettingsError, match="memory"):
        scan_dask(CORPUS, memory="plenty")


@pytest.mark.parametrize("setting", [{"max_bucket": 1}, {"batch_size": 0}, {"workers": 0}, {"align": "false"}])
def test_bad_settings_fail_before_any_cluster_starts(setting: dict[str, int]) -> None:
    from dedup.engines.dask import scan_dask

    with pytest.raises(SettingsError, match=next(iter(setting))):
        scan_dask(CORPUS, **setting)  # type: ignore[arg-type]


@pytest.mark.parametrize("timeout", [float("inf"), float("nan"), 1e300, 0])
def test_a_wait_for_the_scheduler_of_no_length_or_for_ever_is_refused(timeout: float) -> None:
    # inf was a KeyError traceback from Dask's parsing of it, 1e300 a wait for ever on an address that
    # does not answer, NaN taken as given
    from typer.testing import CliRunner

    from dedup.cli import app
    from dedup.engines.dask import scan_dask

    with pytest.raises(SettingsError, match="timeout must be a number of seconds above 0 and at most 86400"):
        scan_dask(CORPUS, scheduler="tcp://127.0.0.1:1", timeout=timeout)
    if timeout:
        result = CliRunner().invoke(app, ["scan", str(CORPUS), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1",
                                          "--connect-timeout", str(timeout)])
        assert result.exit_code in (1, 2) and result.stderr.count("\n") <= 4 and "Traceback" not in result.output
        assert "timeout" in result.stderr


@needs_dask
def test_workers_know_the_size_of_what_they_hold(client: Any) -> None:
    """Dask spills a stored result to disk by its size: parts and band records must not count as a few
    dozen bytes (sys.getsizeof), or a worker holding every part's keeps it all in memory."""
    from dedup.engines.dask import scan_dask

    scan_dask(CORPUS, client=client, align=False, part_bytes=4000)

    def sizes() -> dict[str, int]:
        from dask.sizeof import sizeof

        from dedup.engines.partitions import part_bands
        from dedup.reading import read_part

        part = read_part(plan_parts(CORPUS, part_bytes=1 << 20)[0])
        bands = part_bands(part, first=0, channels=DEFAULT_CHANNELS, vocab=Vocabulary.empty(), seed=1,
                           batch_size=100, buckets=1)[0]
        return {"corpus": sizeof(part), "text": sum(len(d.text) for d in part.documents),
                "bands": sizeof(bands), "keys": sum(b.key.nbytes for b in bands.values())}

    for found in client.run(sizes).values():
        assert found["corpus"] > found["text"] > 10_000
        assert found["bands"] > found["keys"] > 10_000


def _first_lines_logged(name: str, log: Callable[[Any], None]) -> list[str]:
    """The first line of every record logger ``name`` passes on while ``log(logger)`` runs."""
    import logging

    seen: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage().splitlines()[0])

    logger, keep = logging.getLogger(name), Keep()
    logger.addHandler(keep)
    try:
        log(logger)
    finally:
        logger.removeHandler(keep)
    return seen


def test_a_slow_worker_exit_is_not_reported_while_the_cluster_closes() -> None:
    from dedup.engines.dask import _quiet_nannies

    def log(nanny: Any) -> None:
        with _quiet_nannies():
            nanny.warning("Worker process still alive after 4.0 seconds, killing")
            nanny.warning("Worker exceeded 95% memory budget. Restarting")
        nanny.warning("Worker process still alive after 4.0 seconds, killing")

    assert _first_lines_logged("distributed.nanny", log) == [
        "Worker exceeded 95% memory budget. Restarting", "Worker process still alive after 4.0 seconds, killing"]


def test_a_future_the_closing_cluster_dropped_is_not_reported() -> None:
    """asyncio's word on a timed-out future a closing cluster let go is not printed while the cluster
    closes (``--quiet`` printed it once); asyncio's other errors, and the same word after, still are."""
    from dedup.engines.dask import _quiet_nannies

    def log(loop: Any) -> None:
        with _quiet_nannies():
            loop.error("Future exception was never retrieved\nfuture: <Future finished exception=TimeoutError()>")
            loop.error("Task exception was never retrieved\nfuture: <Task finished>")
            loop.error("Exception in callback Handle._run()")
        loop.error("Future exception was never retrieved\nfuture: <Future finished>")

    assert _first_lines_logged("asyncio", log) == ["Exception in callback Handle._run()", "Future exception was never retrieved"]


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


def test_a_follow_links_setting_that_is_no_yes_or_no_fails_before_any_cluster_starts() -> None:
    from dedup.engines.dask import scan_dask

    with pytest.raises(SettingsError, match="follow_links must be True or False, not 'no'"):
        scan_dask(CORPUS, scheduler="tcp://127.0.0.1:1", follow_links="no")  # type: ignore[arg-type]
    with pytest.raises(SettingsError) as refused:  # the message cut as every flag's is (it held the value whole)
        scan_dask(CORPUS, scheduler="tcp://127.0.0.1:1", follow_links="x" * 1_000_000)  # type: ignore[arg-type]
    assert str(refused.value) == f"follow_links must be True or False, not '{'x' * 59}"
