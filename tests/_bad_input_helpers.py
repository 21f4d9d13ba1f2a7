"""What the bad-input tests of several files share: one runner, a failed command's one ``Error:`` line (and no
traceback), an index holding the wire story (``template``, copied for each test as ``index``; ``aged``, with an
article of 2001 merged), the HTTP client of one, and ``python -m dedup`` run in a process of its own (standard input
or output closed, an output that takes nothing, a file size limit, as another user)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest
from typer.testing import CliRunner

import dedup
from dedup.cli import app
from dedup.index import Index

from _bad_input_files import TEXT, WIRE
from conftest import CORPUS


runner = CliRunner()


def _error_line(result: Any, code: int = 1) -> str:
    """The single ``Error:`` line of a failed command (and no traceback anywhere)."""
    assert result.exit_code == code, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output and not isinstance(result.exception, AssertionError)
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def _ok(result: Any) -> Any:
    assert result.exit_code == 0, (result.output, result.exception)
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("index") / "news.db"
    _ok(runner.invoke(app, ["index", "add", str(db), str(WIRE), "-q"]))
    return db


@pytest.fixture
def index(template: Path, tmp_path: Path) -> Path:
    db = tmp_path / "news.db"
    shutil.copy(template, db)
    return db


def _articles(db: Path | str) -> int:
    with Index.open(db, create=False) as opened:
        return int(opened.stats()["articles"])


# -- unreadable file (permission denied), as a user whom root's override does not cover ------------------


def _as_nobody(fn: Callable[[], Any]) -> Any:
    """Run ``fn`` in a forked child that has dropped root's privileges; its result comes back as JSON."""
    import pwd

    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("no 'nobody' user to drop privileges to")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            os.write(write, json.dumps(fn()).encode())
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which fails the test
            os.write(write, json.dumps({"crash": repr(exc)}).encode())
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read) as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(data)


LONG_ID = "wire/" + "x" * 2_000  # an id of 2,005 characters, near the longest taken (2,048 bytes: dedup.article_ids.MAX_ID_BYTES)


# -- damaged stores: every command refuses them alike, and writes nothing ------------------------------------


@pytest.fixture(scope="module")
def aged(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The index with an article published long ago (what prune removes) and its postings merged."""
    db = tmp_path_factory.mktemp("aged") / "news.db"
    shutil.copy(template, db)
    with Index.open(db) as opened:
        opened.add(dedup.Document("old-1", TEXT, published="2001-02-03T04:05:06Z"))
        opened.merge()
    return db


DAMAGED = ("Error: the index file is damaged (database disk image is malformed); it is left as it is: restore it from "
           "a copy, or build a new index with dedup index add\n")


def _dedup_limited(args: list[str], cwd: Path, *, stdin: bytes | None = None, file_size: int = 1000, **env: str) -> Any:
    """``python -m dedup ARGS`` in a process whose files may not grow past ``file_size`` bytes (RLIMIT_FSIZE:
    a full disk, as the system tells a writer, without filling one); its pipes are not limited."""
    import resource
    import subprocess
    import sys

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, resource.RLIM_INFINITY))

    return subprocess.run([sys.executable, "-m", "dedup", *args], input=stdin, capture_output=True, cwd=cwd,
                          preexec_fn=limit, timeout=300, env={**os.environ, "PYTHONPATH": str(CORPUS.parent), **env})
