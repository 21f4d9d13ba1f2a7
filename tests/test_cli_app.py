"""``dedup``'s entry point (dedup/cli/app.py): the version, and a command stopped by Ctrl-C, SIGTERM or a hang-up."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import Any, Callable

import pytest

from dedup.cli import app

from conftest import CORPUS
from _cli_helpers import runner


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("dedup ")


def _interrupted_once_logged(proc: "subprocess.Popen[bytes]", marker: bytes) -> tuple[bytes, list[str]]:
    """Ctrl-C to a command started in a session of its own (as a terminal sends it to the process group)
    once its log (``-v``, stderr) shows ``marker``; its output and its log's lines, once it has stopped,
    which it must do within 15 s."""
    import signal
    import time

    assert proc.stderr is not None
    log = b""
    while marker not in log:
        line = proc.stderr.readline()
        assert line, f"the command ended before it could be interrupted: {log.decode()[-500:]}"
        log += line
    os.killpg(proc.pid, signal.SIGINT)
    sent = time.monotonic()
    stdout, rest = proc.communicate(timeout=60)
    assert time.monotonic() - sent < 15
    return stdout, (log + rest).decode().splitlines()


def _long_scan(tmp_path: Path) -> tuple[Any, Path]:
    """A scan of many seconds writing its JSON and HTML into ``tmp_path / "out"``, in a new session (so
    that a signal to its process group reaches it whole, as Ctrl-C in a terminal does), logging its stages."""
    import subprocess
    import sys

    from test_engine_dask import generated_corpus

    corpus = generated_corpus(tmp_path / "corpus", articles=6000)
    out = tmp_path / "out"
    out.mkdir(parents=True)
    env = {**os.environ, "PYTHONPATH": str(CORPUS.parent)}
    proc = subprocess.Popen([sys.executable, "-m", "dedup", "-v", "scan", str(corpus), "--json", str(out / "r.json"),
                             "--html", str(out / "report")], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, preexec_fn=_hangups_heard)
    return proc, out


def _hangups_heard() -> None:
    """In a command started by a test: SIGHUP back to its default, as a terminal's command has it. Run under
    ``nohup`` (as a CI job may be), the tests' process ignores it, its children inherit that, and dedup keeps
    an ignoring it finds (``nohup dedup ...``): a test of how dedup meets a hang-up would see none."""
    import signal

    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def test_ctrl_c_stops_promptly_with_one_line_and_writes_no_report(tmp_path: Path) -> None:
    proc, out = _long_scan(tmp_path)
    # interrupt once the scan is under way (its log says so), not while Python is still importing: on a
    # loaded machine a fixed wait could land in the imports
    stdout, lines = _interrupted_once_logged(proc, b"signed")
    assert proc.returncode == 130 and lines[-1] == "Error: interrupted; no report written" and stdout == b""
    assert not any("Traceback" in line or line.startswith("Error") for line in lines[:-1])
    assert list(out.iterdir()) == []  # no JSON, no temporary file, no half HTML report


def _children(pid: int) -> list[int]:
    """The processes ``pid`` forked from any of its threads (Linux), waiting up to 20 s for the first."""
    import time

    for _ in range(200):
        found = [int(k) for task in Path(f"/proc/{pid}/task").iterdir() for k in (task / "children").read_text().split()]
        if found:
            return found
        time.sleep(0.1)
    return []


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="lists a process's children from /proc")
@pytest.mark.parametrize(("signum", "code"), [("SIGTERM", 143), ("SIGHUP", 129)])
def test_sigterm_during_a_scan_stops_its_workers_and_writes_no_report(tmp_path: Path, signum: str, code: int) -> None:
    # SIGHUP (the terminal or SSH session closed) ended the scan at once, its workers left waiting for ever
    import signal

    for attempt in range(3):
        proc, out = _long_scan(tmp_path / str(attempt))
        assert proc.stderr is not None
        log = b""
        while b"scored" not in log:  # the pairs are being aligned on worker processes
            line = proc.stderr.readline()
            assert line, f"the scan ended before it could be stopped: {log.decode()[-500:]}"
            log += line
        workers = _children(proc.pid)
        assert workers and proc.poll() is None
        proc.send_signal(getattr(signal, signum))  # to the scan alone, as kill, timeout or a service manager send it
        left: list[int] = []
        try:
            # the workers were left waiting forever, holding the scan's output pipes open
            stdout, rest = proc.communicate(timeout=120)  # long enough for a loaded machine; forever is the fault
            # a worker told to stop may still be exiting the moment its parent has: on a loaded machine it is
            # given a while to end of itself (forever is the fault), and only then counted as left behind
            deadline = time.monotonic() + 60
            while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            for pid in workers:
                if _running(pid):
                    left.append(pid)
                    os.kill(pid, signal.SIGKILL)
        # on a loaded machine the workers found may be the last stage's, the signal landing while the
        # finished report is moved into place: too late to stop it (exit 0, the whole report), so again
        if not (proc.returncode == 0 and (out / "r.json").is_file() and (out / "report" / "index.html").is_file()):
            break
    lines = (log + rest).decode().splitlines()
    assert proc.returncode == code and lines[-1] == "Error: interrupted; no report written" and stdout == b"", lines[-30:]
    assert not any("Traceback" in line for line in lines)
    assert not left, f"workers still running a minute after the scan ended: {left}"
    assert list(out.iterdir()) == []


_STUCK_AT_EXIT = """
import gc, os, signal, sys, threading, time
import dedup.cli

cli = sys.modules["dedup.cli.app"]  # the module (the package's ``app`` is the command line itself)

# a thread the interpreter's exit would wait for forever, as a worker pool's helper thread left waiting on a
# killed worker can be
threading.Thread(target=threading.Event().wait, name="stuck").start()


class Noisy:
    def __del__(self):
        raise OSError(9, "Bad file descriptor")  # a queue's finalizer on a pipe already closed


class Waiting:
    def __del__(self):
        time.sleep(120)  # let go of as the interrupt's traceback is, after the one line: a pool's object waiting


@cli.app.command("stuck")
def stuck() -> None:
    with cli.one_line_errors("interrupted; no report written"):
        waiting = Waiting()
        noisy = Noisy()
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(60)
        finally:
            del noisy
            if gc.isenabled():  # the abandoned pools' garbage would be collected, their finalizers run
                print("the collector still runs", file=sys.stderr)


sys.argv = ["dedup", "stuck"]
cli.main()
"""


def test_an_interrupted_command_leaves_at_once_after_its_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(CORPUS.parent)}
    try:
        done = subprocess.run([sys.executable, "-c", _STUCK_AT_EXIT], env=env, capture_output=True, timeout=60)
    except subprocess.TimeoutExpired as exc:  # the exit waited for the stuck thread
        pytest.fail(f"the interrupted command did not end: {exc.stderr!r}")
    assert done.returncode == 143 and done.stdout == b""
    assert done.stderr.decode().splitlines() == ["Error: interrupted; no report written"]


_WORKER_LEFT_WAITING = """
import multiprocessing, os, signal, sys, threading
import dedup.cli

cli = sys.modules["dedup.cli.app"]


@cli.app.command("waiting")
def waiting() -> None:
    # a forked worker waiting for its next task, as a pool's are when the interrupt meets the command
    # elsewhere than in the pool's loop: it holds the command's output pipes
    worker = multiprocessing.get_context("fork").Process(target=threading.Event().wait, daemon=True)
    worker.start()
    with cli.one_line_errors("interrupted; no report written"):
        os.kill(os.getpid(), signal.SIGTERM)
        threading.Event().wait(60)


sys.argv = ["dedup", "waiting"]
cli.main()
"""


def test_an_interrupted_command_stops_its_workers_before_it_leaves(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(CORPUS.parent)}
    proc = subprocess.Popen([sys.executable, "-c", _WORKER_LEFT_WAITING], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=30)  # the pipes end when every process holding them has
    except subprocess.TimeoutExpired:
        pytest.fail("the worker outlived the interrupted command, holding its output pipes open")
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the worker, should it still wait
        except ProcessLookupError:
            pass
    assert proc.returncode == 143 and stdout == b""
    assert stderr.decode().splitlines() == ["Error: interrupted; no report written"]


def _index_add_under_way(tmp_path: Path, batches: int, hangup: Callable[[], None]) -> tuple[Any, Path, bytes]:
    """``index add`` of ``batches`` batches of generated articles, started in a new session with SIGHUP as
    ``hangup`` sets it, once its first batch is committed (the next one under way): the command, the index,
    and what it logged so far."""
    import subprocess
    import sys

    from dedup.index.index import BATCH
    from test_engine_dask import generated_corpus

    corpus = generated_corpus(tmp_path / "corpus", articles=batches * BATCH)
    where = tmp_path / "news.db"
    env = {**os.environ, "PYTHONPATH": str(CORPUS.parent)}
    proc = subprocess.Popen([sys.executable, "-m", "dedup", "-v", "index", "add", str(where), str(corpus)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=hangup)
    assert proc.stderr is not None
    log = b""
    while b"added a batch" not in log:
        line = proc.stderr.readline()
        assert line, f"the command ended before it could be stopped: {log.decode()[-500:]}"
        log += line
    return proc, where, log


@pytest.mark.parametrize(("signum", "code"), [("SIGTERM", 143), ("SIGHUP", 129)])
def test_sigterm_during_index_add_keeps_the_batches_committed_and_the_file_sound(
        tmp_path: Path, signum: str, code: int) -> None:
    # SIGHUP (the terminal closed) ended the command at once, as SIGTERM did before it was handled
    import signal

    from dedup.index import Index
    from dedup.index.index import BATCH

    proc, where, log = _index_add_under_way(tmp_path, 3, _hangups_heard)
    proc.send_signal(getattr(signal, signum))  # to the command alone, as kill, timeout or a service manager send it
    _, rest = proc.communicate(timeout=30)
    lines = (log + rest).decode().splitlines()
    assert proc.returncode == code, lines[-20:]
    assert lines[-1] == "Error: interrupted; the articles added so far are kept, the batch in progress is not"
    assert not any("Traceback" in line for line in lines)
    with Index.open(str(where), create=False) as index:
        assert index._store.integrity() == "ok" and 0 < index.stats()["articles"] < 3 * BATCH


def test_a_hang_up_ignored_by_nohup_stays_ignored(tmp_path: Path) -> None:
    # ``nohup dedup index add ...``: the hang-up a closed terminal sends must not stop the command
    import signal

    from dedup.index import Index
    from dedup.index.index import BATCH

    proc, where, log = _index_add_under_way(tmp_path, 2, lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    proc.send_signal(signal.SIGHUP)
    _, rest = proc.communicate(timeout=120)
    assert proc.returncode == 0, (log + rest).decode().splitlines()[-20:]
    assert b"interrupted" not in rest
    with Index.open(str(where), create=False) as index:  # every article read, the second batch's too
        assert index.stats()["articles"] > BATCH


def test_ctrl_c_during_index_add_keeps_the_batches_committed(tmp_path: Path) -> None:
    import subprocess
    import sys

    from dedup.index import Index
    from dedup.index.index import BATCH
    from dedup.reading import read_corpus
    from test_engine_dask import generated_corpus

    corpus = generated_corpus(tmp_path / "corpus", articles=3 * BATCH)  # several batches, verified on workers
    where = tmp_path / "news.db"
    env = {**os.environ, "PYTHONPATH": str(CORPUS.parent)}
    proc = subprocess.Popen([sys.executable, "-m", "dedup", "-v", "index", "add", str(where), str(corpus)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    _, lines = _interrupted_once_logged(proc, b"added a batch")  # the first batch committed: the next one
    assert proc.returncode == 130
    assert lines[-1] == "Error: interrupted; the articles added so far are kept, the batch in progress is not"
    assert not any("Traceback" in line for line in lines)
    with Index.open(str(where), create=False) as index:
        stored = index.stats()["articles"]
        assert index._store.integrity() == "ok"
    # whole batches, none of the one interrupted: what adding the corpus batch by batch stores after some
    # batch (copies of a text stored earlier are checked, not stored again). The batches are add_many's own,
    # which close at BATCH articles or sooner by their characters: the count after each is taken as it ends.
    docs = read_corpus(corpus).documents
    after: list[int] = []

    class Enough(Exception):
        pass

    def ended(done: int) -> None:
        after.append(reference.stats()["articles"])
        if after[-1] >= stored:
            raise Enough

    with Index.open(str(tmp_path / "reference.db"), common_from=[d.text for d in docs]) as reference:
        with contextlib.suppress(Enough):
            reference.add_many(docs, workers=1, progress=ended)
    # the counts only grow: the first batch end reaching what was stored must be where the add stopped
    assert after and after[-1] == stored, (stored, after)
    assert stored < len(docs)  # interrupted before the last batch


def test_once_interrupted_the_engines_loggers_say_nothing_more(monkeypatch: pytest.MonkeyPatch) -> None:
    # a Dask scan stopped by SIGTERM printed its scheduler's "CRITICAL distributed.scheduler: Closed comm
    # <BatchedSend: closed> while trying to write ..." for each result a worker still sent (once in six runs)
    import gc
    import importlib
    import logging
    import signal
    import sys
    import threading

    from dedup.cli.failures import Terminated

    cli_app = importlib.import_module("dedup.cli.app")  # the module; dedup.cli's ``app`` is the command group

    handler = logging.StreamHandler()
    monkeypatch.setattr(logging.getLogger(), "handlers", [handler])
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)

    def record(name: str) -> logging.LogRecord:
        return logging.LogRecord(name, logging.CRITICAL, __file__, 1, "Closed comm", None, None)

    assert handler.filter(record("distributed.scheduler"))
    try:
        with pytest.raises(Terminated):
            cli_app._on_interrupt(signal.SIGTERM, None)
    finally:
        gc.enable()
    assert not any(handler.filter(record(name)) for name in ("distributed.scheduler", "tornado.general", "asyncio"))
    assert handler.filter(record("dedup.cli"))


@pytest.mark.parametrize("given", ["", "error::DeprecationWarning"])
def test_the_resource_trackers_leaked_semaphores_warning_is_not_shown_by_the_processes_started(given: str) -> None:
    # after a Dask scan's "Error: interrupted; no report written", the tracker printed "resource_tracker: There
    # appear to be 12 leaked semaphore objects to clean up at shutdown" and its source line (once in eight runs)
    import importlib
    import subprocess
    import sys

    cli_app = importlib.import_module("dedup.cli.app")
    environ = {"PYTHONWARNINGS": given} if given else {}
    cli_app.quiet_resource_tracker(environ)
    cli_app.quiet_resource_tracker(environ)  # once only
    assert environ["PYTHONWARNINGS"].split(",") == [*([given] if given else []), cli_app.TRACKER_QUIET]
    warn = ("import warnings; warnings.warn_explicit('resource_tracker: There appear to be 12 leaked semaphore "
            "objects', UserWarning, 'resource_tracker.py', 254, module='multiprocessing.resource_tracker')")
    child = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    shown = subprocess.run([sys.executable, "-c", warn], env=child, capture_output=True, text=True)
    quiet = subprocess.run([sys.executable, "-c", warn], env={**child, **environ}, capture_output=True, text=True)
    assert "leaked semaphore" in shown.stderr and quiet.stderr == ""
