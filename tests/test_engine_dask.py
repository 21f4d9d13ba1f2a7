"""The Dask engine (dedup.engines.dask) gives the local engine's result, pair for pair, also when a worker dies
mid-run; its settings are checked before any cluster starts, and the cluster it starts or reaches is told so in
one line. The run's stages are tested in tests/test_engine_dask_run.py, the workers' side in
tests/test_engine_dask_workers.py; both take the cluster (``client``) and the generated corpus from here.

Skipped when Dask is not installed, except in CI (``CI=true``), where a missing Dask is a failure.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path
from typing import Any, Callable

import pytest

from dedup.errors import SettingsError
from dedup.pipeline import scan
from dedup.reading import read_corpus

from conftest import CORPUS
from dedup.cli import app
from dedup.errors import DedupError
from _bad_input_helpers import _error_line, runner


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


@needs_dask
def test_same_result_on_demo_corpus(client: Any) -> None:
    from dedup.engines.dask import scan_dask

    local = scan(read_corpus(CORPUS), align=False)
    assert local.pairs, "the demo corpus should hold copies"
    assert _comparable(scan_dask(CORPUS, client=client, align=False, part_bytes=4000)) == _comparable(local)


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
def test_cli_unreachable_scheduler_is_one_line() -> None:
    from typer.testing import CliRunner

    from dedup.cli import app

    result = CliRunner().invoke(app, ["scan", str(CORPUS), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1",
                                      "--connect-timeout", "1"])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:1")


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


def test_a_follow_links_setting_that_is_no_yes_or_no_fails_before_any_cluster_starts() -> None:
    from dedup.engines.dask import scan_dask

    with pytest.raises(SettingsError, match="follow_links must be True or False, not 'no'"):
        scan_dask(CORPUS, scheduler="tcp://127.0.0.1:1", follow_links="no")  # type: ignore[arg-type]
    with pytest.raises(SettingsError) as refused:  # the message cut as every flag's is (it held the value whole)
        scan_dask(CORPUS, scheduler="tcp://127.0.0.1:1", follow_links="x" * 1_000_000)  # type: ignore[arg-type]
    assert str(refused.value) == f"follow_links must be True or False, not '{'x' * 59}"


# -- an unreachable Dask scheduler ---------------------------------------------------------------------


def test_unreachable_dask_scheduler() -> None:
    pytest.importorskip("distributed")
    from dedup.engines import scan_with

    result = runner.invoke(app, ["scan", str(CORPUS), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1",
                                 "--connect-timeout", "1", "--json", str(CORPUS.parent / "never-written.json")])
    assert "cannot reach the Dask scheduler" in _error_line(result)
    assert not (CORPUS.parent / "never-written.json").exists()
    with pytest.raises(DedupError, match="cannot reach the Dask scheduler"):
        scan_with("dask", CORPUS, scheduler="tcp://127.0.0.1:1", timeout=1)


def test_dasks_configuration_at_odd_values_is_one_engine_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # DASK_DISTRIBUTED__SCHEDULER__WORKER_TTL=abc was a KeyError's traceback, DASK_DISTRIBUTED__WORKER__MEMORY__
    # TARGET=abc "RuntimeError: Nanny failed to start" under 80 lines of one
    dask = pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")
    from dedup.engines.dask import scan_dask
    from dedup.errors import EngineError

    with dask.config.set({"distributed.scheduler.worker-ttl": "abc"}), \
            pytest.raises(EngineError, match=r"^the local Dask cluster could not start \(KeyError: Invalid time unit: abc"):
        scan_dask(CORPUS, workers=1)

    def no_nanny(**options: Any) -> Any:
        try:
            raise ValueError("Could not interpret 'abc' as a byte unit")
        except ValueError as cause:
            raise RuntimeError("Nanny failed to start.") from cause

    monkeypatch.setattr(distributed, "LocalCluster", no_nanny)
    with pytest.raises(EngineError, match=r"\(ValueError: Could not interpret 'abc' as a byte unit\): check Dask's "
                                          r"configuration, its DASK_\* environment variables"):
        scan_dask(CORPUS, workers=1)


def test_a_part_size_too_small_to_pay_for_its_tasks_is_raised_and_said(caplog: pytest.LogCaptureFixture) -> None:
    # parts of 333 bytes, an article each, were 2,000 parts for 2,000 stories: eight million tasks in the shuffle
    from dedup.engines.dask import MIN_PART_BYTES, most_buckets, part_size

    assert part_size(2_000_139, 2, 333) == 64_521  # 31 parts at most: one per 64 KB
    assert "parts of 333 bytes asked for: parts of 64521 bytes used, at most 31 parts" in caplog.text
    assert part_size(2_000_139, 2, 100_000) == 100_000 and part_size(2_000_139, 2, 64_521) == 64_521
    assert part_size(50_000, 2, 4000) == 6250  # four parts a worker, whatever the corpus's size
    assert part_size(50_000, 2) == 1 << 20 and part_size(10 << 30, 2) == 32 << 20  # the default plan, as before
    assert part_size(0, 2, 1) == 1 and MIN_PART_BYTES == 64 << 10
    assert most_buckets(2_000_139, 2) == 8 and most_buckets(1 << 30, 2) == 32 and most_buckets(1 << 30, 16) == 64


def _named_tasks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from dedup.engines import dask_run

    names: list[str] = []
    real = dask_run.Run.submit

    def noted(self, fn, *args, name, **kwargs):  # type: ignore[no-untyped-def]
        names.append(name)
        return real(self, fn, *args, name=name, **kwargs)

    monkeypatch.setattr(dask_run.Run, "submit", noted)
    return names


@needs_dask
def test_parts_of_one_byte_asked_for_give_the_local_result_in_few_parts(client: Any, big_corpus: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from dedup.engines.dask import scan_dask
    from dedup.parts import plan_parts

    names = _named_tasks(monkeypatch)
    local = scan(read_corpus(big_corpus), align=False)
    assert _comparable(scan_dask(big_corpus, client=client, align=False, part_bytes=1)) == _comparable(local)
    parts = sum(n.startswith("read-") and not n.startswith("read-once") for n in names)
    total = sum(p.stat().st_size for p in big_corpus.rglob("*") if p.is_file())
    most = max(8, -(-total // (64 << 10)))
    assert 1 < parts <= 2 * most + 1 and len(plan_parts(big_corpus, part_bytes=1)) > 10 * parts
    assert sum(n.startswith("bucket-") for n in names) == min(parts, 8)
    assert len(names) < 20 * parts + 2 * parts * 8  # a part's own tasks, and two a bucket: not the square


@needs_dask
def test_fewer_buckets_than_parts_change_no_pair(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from dedup.engines import dask as engine

    names = _named_tasks(monkeypatch)
    monkeypatch.setattr(engine, "most_buckets", lambda total, workers: 2)
    local = scan(read_corpus(CORPUS), align=False)
    assert _comparable(engine.scan_dask(CORPUS, client=client, align=False, part_bytes=4000)) == _comparable(local)
    assert sum(n.startswith("read-") for n in names) > 4 and sum(n.startswith("bucket-") for n in names) == 2


def _no_cluster(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("a local cluster was started")


@needs_dask
def test_more_workers_than_cores_are_refused_before_any_cluster_starts(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # --workers 500 started 500 processes of a single thread each, whatever the machine
    import dask.system

    from dedup.engines.dask import scan_dask

    monkeypatch.setattr(dask.system, "CPU_COUNT", 2)
    monkeypatch.setattr(distributed, "LocalCluster", _no_cluster)
    with pytest.raises(SettingsError, match=r"^3 workers asked for, and this machine has 2 cores \(a worker uses one\): "
                                            r"start at most 2 here, or run on a cluster \(--scheduler\)$"):
        scan_dask(CORPUS, workers=3)
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["scan", str(CORPUS), "--engine", "dask", "--workers", "200", "--json", str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.output and not out.exists()
    assert _error_line(result).startswith("Error: 200 workers asked for, and this machine has 2 cores")


@needs_dask
def test_workers_whose_memory_adds_up_past_the_machines_are_refused(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import dask.system

    from dedup.engines.dask import scan_dask

    monkeypatch.setattr(dask.system, "CPU_COUNT", 64)
    monkeypatch.setattr(distributed.system, "MEMORY_LIMIT", 6 << 30)
    monkeypatch.setattr(distributed, "LocalCluster", _no_cluster)
    with pytest.raises(SettingsError, match=r"^3 workers of 4.0 GB each need 12.0 GB, and this machine has 6.0 GB: "
                                            r"start at most 2 here, give each less memory \(--memory\), or run on a cluster"):
        scan_dask(CORPUS, workers=3, memory="4GB")
    result = runner.invoke(app, ["scan", str(CORPUS), "--engine", "dask", "--workers", "8", "--memory", "8GB"])
    assert _error_line(result) == (
        "Error: 8 workers of 8.0 GB each need 64.0 GB, and this machine has 6.0 GB: start at most 2 here, give each "
        "less memory (--memory), or run on a cluster (--scheduler)\n")


@pytest.mark.parametrize("workers, memory, cores, machine, refused", [
    (2, 4 << 30, 1, 8 << 30, None),             # two on a machine of one core: the default runs
    (2, 4 << 30, 8, 6 << 30, None),             # two of the default 4 GB on a machine of 6 GB: the default runs
    (1, 64 << 30, 2, 8 << 30, None),            # one worker: its limit is Dask's to keep, as the local engine's is
    (16, None, 16, 1 << 30, None),              # Dask's own share of the machine's memory each
    (3, None, 2, 1 << 40, "3 workers asked for"),
    (3, 512 << 20, 4, 1 << 30, "3 workers of 512 MB each need 1.5 GB"),
], ids=["two-on-one-core", "two-on-a-small-machine", "one-worker", "dask-share", "past-cores", "past-memory"])
def test_what_a_machine_holds_bounds_the_workers_started_on_it(workers: int, memory: int | None, cores: int,
                                                               machine: int, refused: str | None) -> None:
    from dedup.engines.dask import too_many_workers

    said = too_many_workers(workers, memory, cores=cores, machine=machine)
    assert said == refused if refused is None else said is not None and said.startswith(refused)


def test_the_parts_follow_the_least_worker_memory_limit() -> None:
    # --memory sized no part: a worker limited to 256 MB was given parts of 32 MB of input
    from dedup.engines.dask import PART_MEMORY_SHARE, part_size

    corpus = 10 << 30
    assert PART_MEMORY_SHARE == 32
    assert part_size(corpus, 2, memory=512 << 20) == 16 << 20 and part_size(corpus, 2, memory=128 << 20) == 4 << 20
    assert part_size(corpus, 2, memory=16 << 20) == 1 << 20  # never under 1 MB
    assert part_size(corpus, 2, memory=1 << 30) == part_size(corpus, 2) == part_size(corpus, 2, memory=0) == 32 << 20
    assert part_size(50_000, 2, memory=64 << 20) == 1 << 20  # a small corpus: as before
    assert part_size(corpus, 2, 8 << 20, memory=64 << 20) == 8 << 20  # asked for: as asked


def test_scan_dask_plans_its_parts_within_the_clusters_least_memory_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from contextlib import contextmanager

    from dedup.engines import dask as engine

    class Client:
        def scheduler_info(self) -> dict[str, Any]:
            return {"workers": {"tcp://a": {"memory_limit": 1 << 30}, "tcp://b": {"memory_limit": 128 << 20},
                                "tcp://c": {"memory_limit": 0}}}

    @contextmanager
    def connect(*args: Any, **kwargs: Any) -> Any:
        yield Client()

    planned: list[int] = []

    def plan(source: Any, *, part_bytes: int, follow_links: bool) -> Any:
        planned.append(part_bytes)
        raise RuntimeError("planned")

    monkeypatch.setattr(engine, "_connect", connect)
    monkeypatch.setattr(engine, "plan_parts", plan)
    monkeypatch.setattr(engine, "_corpus_bytes", lambda source: 10 << 30)
    with pytest.raises(Exception, match="planned"):
        engine.scan_dask(CORPUS, scheduler="tcp://127.0.0.1:8786")
    assert planned == [4 << 20]  # a 32nd of 128 MB, the least limit (0: none)
