"""What may be opened as a SQLite index (:mod:`dedup.index.sqlite_file`): a missing folder, a file of
another kind, an empty file, a folder, a pipe, a file it may not read or write, an index on a read-only
file system (read as it is, never written)."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from dedup.cli import app
from dedup.errors import NotAnIndexError, StorageError
from dedup.index import Index
from dedup.index.store import MIGRATED, open_storage

from _ingest_fixtures import synthetic_article
from _bad_input_files import REWRITE
from _bad_input_helpers import _as_nobody, runner, template  # noqa: F401 - fixtures


def test_a_missing_folder_is_a_storage_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StorageError, match="does not exist"):
        open_storage(tmp_path / "nowhere" / "news.db")


@pytest.mark.parametrize("location", [" ", "\t", "\x00.db", "news\x00.db"], ids=["space", "tab", "nul", "nul-inside"])
def test_a_location_of_white_space_or_with_a_nul_is_refused_and_nothing_made(tmp_path: Path, location: str,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # " " made an index file named " " in the current folder; a NUL was SQLite's ValueError ("embedded null byte")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(NotAnIndexError, match=r"an empty index location|a path holding a NUL character"):
        Index.open(location)
    assert list(tmp_path.iterdir()) == []
    result = runner.invoke(app, ["index", "stats", location]) if "\x00" not in location else None  # no NUL in argv
    assert result is None or (result.exit_code == 1 and "an empty index location" in result.output)


@pytest.mark.parametrize("create", [False, True], ids=["read", "create"])
def test_garbage_file_is_refused_and_left_unchanged(tmp_path: Path, create: bool) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    with pytest.raises(NotAnIndexError, match="not an SQLite database"):
        open_storage(path, create=create)
    assert path.read_bytes() == b"these are my notes, not a database\n" * 200


def test_reading_a_missing_index_never_creates_it(tmp_path: Path) -> None:
    path = tmp_path / "typo.db"
    with pytest.raises(NotAnIndexError, match="no such index"):
        Index.open(path, create=False)
    assert not path.exists() and list(tmp_path.iterdir()) == []


def test_reading_an_empty_file_is_not_an_index(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with pytest.raises(NotAnIndexError, match="not a dedup index"):
        Index.open(path, create=False)
    assert path.read_bytes() == b""


def test_a_folder_is_not_an_index(tmp_path: Path) -> None:
    with pytest.raises(NotAnIndexError, match="is a folder"):
        Index.open(tmp_path, create=False)


def test_an_existing_index_opens_for_reading(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    with Index.open(path) as index:
        index.add(synthetic_article(1))
    with Index.open(path, create=False) as index:
        assert index.stats()["articles"] == 1


@pytest.mark.parametrize("create", [False, True], ids=["read", "create"])
def test_a_pipe_is_refused_as_a_pipe(tmp_path: Path, create: bool) -> None:
    # SQLite answered "cannot open (disk I/O error)", which reads like a failing disk
    path = tmp_path / "news.db"
    os.mkfifo(path)
    with pytest.raises(NotAnIndexError, match="a pipe, not a dedup index"):
        open_storage(path, create=create)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.db"]


def test_an_index_it_may_not_read_is_said_so(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    path = tmp_path / "news.db"
    Index.open(path).close()
    path.chmod(0)
    try:
        with pytest.raises(StorageError, match="cannot be read"):
            open_storage(path, create=False)
    finally:
        path.chmod(0o644)


def _on_read_only_mount(monkeypatch: pytest.MonkeyPatch) -> None:
    """The system's answer for a folder on a read-only mount, stood in for (a real one needs mount(2))."""
    real = os.statvfs

    def statvfs(path: object) -> os.statvfs_result:
        got = real(path)  # type: ignore[arg-type]
        return os.statvfs_result((*got[:8], got.f_flag | os.ST_RDONLY, *got[9:]))

    monkeypatch.setattr(os, "statvfs", statvfs)


def _index_of(path: Path, count: int) -> list:  # type: ignore[type-arg]
    docs = [synthetic_article(n) for n in range(count)]
    with Index.open(str(path)) as index:
        index.add_many(docs)
    return docs


def test_an_index_on_a_read_only_file_system_is_checked_as_it_is_and_never_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # it could not even be checked: SQLite makes a -shm file beside an index in WAL mode to read it, so `check`,
    # `index stats` and `stream --check-only` said "give write access", which no permission cures on such a mount
    docs = _index_of(tmp_path / "x.db", 12)
    probe = dataclasses.replace(docs[3], id="probe", text=docs[3].text + " A line added by the reprinting paper.")
    with Index.open(str(tmp_path / "x.db"), create=False) as index:
        expected, stats = index.check(probe), index.stats()
    assert expected and not (tmp_path / "x.db-wal").exists()
    before = (tmp_path / "x.db").read_bytes()
    _on_read_only_mount(monkeypatch)
    with Index.open(str(tmp_path / "x.db"), create=False) as index:
        assert index._store.read_only  # noqa: SLF001
        assert index.check(probe) == expected and index.stats() == stats
        with pytest.raises(StorageError, match="on a read-only file system, where an index can be checked .* but not written"):
            index.add(probe)
        with pytest.raises(StorageError, match="read-only file system"):
            index.remove(docs[0].id)
        with pytest.raises(StorageError, match="read-only file system"):
            index.merge()
    with pytest.raises(StorageError, match="read-only file system"):  # `index add` to it: refused at the first write
        with Index.open(str(tmp_path / "x.db")) as index:
            index.add_many([probe])
    assert (tmp_path / "x.db").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.db"]  # no -wal, -shm or journal made beside it


def test_an_index_on_a_read_only_file_system_is_read_with_what_its_log_holds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a writer elsewhere holds it open (its write-ahead log beside it): read through the log, not past it
    docs = _index_of(tmp_path / "x.db", 6)
    with Index.open(str(tmp_path / "x.db"), create=False) as writer:
        writer._store._db.execute("PRAGMA wal_autocheckpoint=0")  # noqa: SLF001 (the added article stays in the log)
        writer.add(synthetic_article(40))
        assert (tmp_path / "x.db-wal").stat().st_size > 0
        added = synthetic_article(40)
        probe = dataclasses.replace(added, id="probe", text=added.text + " A line added by the reprinting paper.")
        with monkeypatch.context() as patch:
            _on_read_only_mount(patch)
            with Index.open(str(tmp_path / "x.db"), create=False) as reader:
                assert reader._store.read_only and reader.stats()["articles"] == len(docs) + 1  # noqa: SLF001
                assert [m.id for m in reader.check(probe)] == [added.id]  # the article only the log holds


def test_an_older_or_incomplete_index_on_a_read_only_file_system_is_refused_saying_why(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _index_of(tmp_path / "part.db", 3)
    with sqlite3.connect(tmp_path / "part.db") as db:  # a table of this format missing (made when opened writable)
        db.execute("DROP TABLE keyfilter")
    db.close()
    _index_of(tmp_path / "old.db", 3)
    with sqlite3.connect(tmp_path / "old.db") as db:  # recorded as of a format this version brings up to date
        (value,) = db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()
        db.execute("UPDATE settings SET value = ? WHERE name = 'index'",
                   (json.dumps(json.loads(value) | {"format": min(MIGRATED)}),))
    db.close()
    before = (tmp_path / "old.db").read_bytes()
    _on_read_only_mount(monkeypatch)
    with pytest.raises(StorageError, match="without its table keyfilter, on a read-only file system where they cannot"):
        open_storage(str(tmp_path / "part.db"), create=False)
    with pytest.raises(StorageError, match="an index of an older format, on a read-only file system: open it once"):
        open_storage(str(tmp_path / "old.db"), create=False)
    assert (tmp_path / "old.db").read_bytes() == before


@pytest.fixture
def read_only_mount(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A folder on a file system of its own, and a function that mounts it read-only: root's mount(2) of a
    tmpfs, skipped where it is not allowed (the tests above stand the system's answer in)."""
    import shutil
    import subprocess

    folder = tmp_path / "mounted"
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a file system needs root and mount(8)")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)], capture_output=True)
    if made.returncode:
        pytest.skip(f"mount not allowed here: {made.stderr.decode(errors='replace').strip()[:100]}")

    def read_only() -> None:
        made = subprocess.run(["mount", "-o", "remount,ro", str(folder)], capture_output=True)
        if made.returncode:
            pytest.skip(f"remounting read-only not allowed here: {made.stderr.decode(errors='replace').strip()[:100]}")

    try:
        yield folder, read_only
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_an_index_on_a_real_read_only_mount_is_checked_and_a_log_it_cannot_read_is_named(
        tmp_path: Path, read_only_mount) -> None:  # type: ignore[no-untyped-def]
    import shutil

    folder, read_only = read_only_mount
    docs = _index_of(tmp_path / "x.db", 8)
    probe = dataclasses.replace(docs[2], id="probe", text=docs[2].text + " A line added by the reprinting paper.")
    with Index.open(str(tmp_path / "x.db"), create=False) as index:
        expected = index.check(probe)
        index._store._db.execute("PRAGMA wal_autocheckpoint=0")  # noqa: SLF001
        index.add(synthetic_article(50))  # in the log only
        shutil.copy(tmp_path / "x.db", folder / "logged.db")
        shutil.copy(tmp_path / "x.db-wal", folder / "logged.db-wal")  # without its -shm
    shutil.copy(tmp_path / "x.db", folder / "x.db")  # closed: the log folded in
    read_only()
    with Index.open(str(folder / "x.db"), create=False) as index:
        assert [m.id for m in index.check(probe)] == [m.id for m in expected] and expected
        assert index.stats()["articles"] == 9
        with pytest.raises(StorageError, match="read-only file system, where an index can be checked .* but not written"):
            index.add(probe)
    with pytest.raises(StorageError, match="with changes in its write-ahead log"):
        Index.open(str(folder / "logged.db"), create=False)
    with pytest.raises(StorageError, match="is on a read-only file system; a new index cannot be made there"):
        Index.open(str(folder / "new.db"))
    assert sorted(p.name for p in folder.iterdir()) == ["logged.db", "logged.db-wal", "x.db"]


def test_an_index_file_read_only_to_its_user_says_so_when_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # another user's index, read-only to this one in a folder it may write: SQLite opens it read-only and reads it
    # (check works); a write was "the index file cannot be written (attempt to write a readonly database)", naming
    # neither the file nor what to do. Opened here as SQLite opens such a file (mode=ro), which root obeys too
    import re

    from dedup.documents import Document
    from dedup.index import store_sqlite
    from dedup.index.stream import stream_results

    text = synthetic_article(21, words=150).text
    path = tmp_path / "news.db"
    with Index.open(path) as index:
        index.add(Document(id="wire", text=text))
    connect = store_sqlite.connect

    def read_only(where: str, timeout: float, on_read_only: bool) -> sqlite3.Connection:
        if on_read_only:
            return connect(where, timeout, on_read_only)
        return sqlite3.connect(Path(where).absolute().as_uri() + "?mode=ro", uri=True, timeout=timeout,
                               isolation_level=None, check_same_thread=False)

    monkeypatch.setattr(store_sqlite, "connect", read_only)
    says = f"{path}: the file is read-only to this user (attempt to write a readonly database), so the index can be checked"
    with Index.open(path, create=False) as index:
        assert [m.id for m in index.check(Document(id="copy", text=text + " More."))] == ["wire"]
        with pytest.raises(StorageError, match=re.escape(says)):
            index.add(Document(id="copy", text=text + " More."))
        with pytest.raises(StorageError, match=re.escape(says)):
            index.remove("wire")
        line = json.dumps({"id": "copy", "text": text + " More."})
        with pytest.raises(StorageError, match=r"; the stream stopped at line 1, whose article 'copy' was not stored "
                                               r"\(the index is as it was before it\): give the feed again from line 1"):
            list(stream_results(index, [line]))
    monkeypatch.undo()
    with Index.open(path) as index:
        assert index.stats()["articles"] == 1 and index.contains("wire")


@pytest.mark.parametrize("file_mode,folder_mode", [(0o666, 0o555), (0o644, 0o555), (0o644, 0o777)],
                         ids=["read-only-folder", "read-only-file-and-folder", "read-only-file"])
def test_an_index_it_may_not_write_is_named_so_not_called_no_index(template: Path, file_mode: int, folder_mode: int) -> None:
    # in a folder it may not write, SQLite cannot even read an index (its -shm file goes beside it): that was
    # "not a dedup index (not an SQLite database: attempt to write a readonly database)", and a user told
    # their index is no index may well delete it
    if os.geteuid() != 0:
        pytest.skip("needs root to drop privileges to 'nobody' (as another user, chmod tests the same)")
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="dedup-ro-"))  # world-traversable, unlike pytest's tmp_path
    try:
        db = folder / "news.db"
        shutil.copy(template, db)
        shutil.copy(REWRITE, folder / "rewrite.txt")
        for args in (["check", str(db), str(REWRITE)], ["index", "add", str(db), str(folder / "rewrite.txt")]):
            runner.invoke(app, args)  # as root first: every module a command imports lazily is loaded
        shutil.copy(template, db)
        (folder / "rewrite.txt").chmod(0o644)
        db.chmod(file_mode)
        folder.chmod(folder_mode)

        def run() -> dict[str, Any]:
            found = {}
            for name, args in {"check": ["check", str(db), str(REWRITE)], "stats": ["index", "stats", str(db)],
                               "add": ["index", "add", str(db), str(folder / "rewrite.txt")]}.items():
                result = runner.invoke(app, args)
                found[name] = [result.exit_code, result.stderr]
            return found

        found = _as_nobody(run)
        assert "crash" not in found, found
        if folder_mode == 0o555:
            for name, (code, stderr) in found.items():
                assert code == 1 and stderr.count("\n") == 1, (name, stderr)
                assert stderr.startswith(f"Error: {db}: its folder {folder} is not writable; ") and "give write access" in stderr
        else:  # beside it, the -shm file is made: it is read, and only an add is refused
            assert found["check"][0] == found["stats"][0] == 0
            # it was "Error: the index file cannot be written (attempt to write a readonly database)": no file named
            assert found["add"] == [1, f"Error: {db}: the file is read-only to this user (attempt to write a readonly "
                                       "database), so the index can be checked (dedup check, stream --check-only) but "
                                       "not written to (added to, removed from, merged): give write access to it, or "
                                       "run as its owner; nothing was changed\n"]
        assert db.read_bytes() == template.read_bytes()
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


_CUT_SHORT = """
import os, sqlite3, sys
from dedup.index.sqlite_file import set_up
db = sqlite3.connect(sys.argv[1], isolation_level=None)
set_up(db, read_only=False)
db.execute("CREATE TABLE t (x BLOB)")
db.execute("BEGIN")
db.executemany("INSERT INTO t VALUES (?)", [(os.urandom(1000),) for _ in range(4000)])
db.execute("COMMIT")
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.execute("BEGIN")
db.execute("SELECT length(x) FROM t WHERE rowid < 5").fetchall()
os.truncate(sys.argv[1], 4096)  # another program cuts the file short while it is read
try:
    db.execute("SELECT sum(length(x)) FROM t").fetchone()
except sqlite3.DatabaseError as exc:
    print("damaged:", exc)
print("answered")
"""


def test_an_index_file_cut_short_by_another_program_while_it_is_read_is_no_signal(tmp_path: Path) -> None:
    # read through a memory map, the file cut short (``truncate``, a restore, ``> index.db``) during ``index add``
    # killed the process with SIGBUS (exit 135, no word said); read by SQLite's own reads, the read answers or
    # says the file is damaged, in one line
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _CUT_SHORT, str(tmp_path / "cut.db")], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert done.returncode == 0 and done.stdout.endswith("answered\n"), (done.returncode, done.stderr[-500:])


def test_a_writing_connection_checkpoints_its_log_every_few_thousand_pages(tmp_path: Path) -> None:
    """The log is copied into the file once it holds ``_WAL_PAGES`` pages, not SQLite's 1,000: an add rewrites
    pages earlier adds wrote, copied once a checkpoint; what a commit holds is durable either way."""
    from dedup.index.sqlite_file import _WAL_PAGES, set_up

    db = sqlite3.connect(str(tmp_path / "a.db"))
    set_up(db, False)
    assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == _WAL_PAGES > 1000
    db.execute("CREATE TABLE t (x BLOB)")
    for _ in range(700):  # ~2,100 pages committed one row at a time: more than SQLite's default, fewer than ours
        db.execute("INSERT INTO t VALUES (randomblob(3000))")
        db.commit()
    busy, log, copied = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert busy == 0 and log > 1000  # no automatic checkpoint emptied the log on the way
    db.close()
    assert sqlite3.connect(str(tmp_path / "a.db")).execute("SELECT count(*) FROM t").fetchone()[0] == 700
