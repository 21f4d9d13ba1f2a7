"""The index file a command is given (dedup/cli/indexfile.py): checked before any work, nothing made for a mistake."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from dedup.cli import app
from dedup.errors import DedupError
from dedup.index import Index

from conftest import CORPUS
from _cli_helpers import SEED_REWRITE, SEED_WIRE, _one_error_line, runner
from _bad_input_files import LINE, REWRITE, WIRE, _file
from _bad_input_helpers import _dedup_limited, _error_line, _ok


def test_an_index_refusing_its_settings_names_the_options(tmp_path: Path) -> None:
    db = str(tmp_path / "i.db")
    assert runner.invoke(app, ["index", "add", db, str(CORPUS / "newswire"), "-q"]).exit_code == 0
    before = (tmp_path / "i.db").read_bytes()
    other = runner.invoke(app, ["index", "add", db, str(CORPUS / "eastdesk"), "-q", "--min-words", "30",
                                "--passages", "thorough"])
    assert other.exit_code == 1 and other.output.strip() == (
        f"Error: {db} was made with --passages default, --min-words 20 (given: thorough, 30): leave out "
        "--passages and --min-words to add to it with its own, or give a new index")
    assert (tmp_path / "i.db").read_bytes() == before


@pytest.mark.parametrize("command", [["check", "{db}", str(SEED_REWRITE)], ["stream", "{db}", "--check-only"],
                                     ["index", "stats", "{db}"], ["index", "remove", "{db}", "x"],
                                     ["index", "prune", "{db}", "--older-than", "7d"]],
                         ids=["check", "stream-check-only", "stats", "remove", "prune"])
def test_a_mistyped_index_path_is_an_error_and_creates_nothing(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "typo.db"
    result = runner.invoke(app, [c.format(db=db) for c in command], input="")
    assert "no such index" in _one_error_line(result)
    assert list(tmp_path.iterdir()) == []


def test_check_refuses_a_foreign_sqlite_file_and_adds_no_tables(tmp_path: Path) -> None:
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, caption TEXT)")
    before = other.read_bytes()
    result = runner.invoke(app, ["check", str(other), str(SEED_REWRITE)])
    assert "another program (tables photos)" in _one_error_line(result)
    assert other.read_bytes() == before


@pytest.mark.parametrize("where", ["other.db", "missing/news.db"], ids=["foreign-file", "missing-folder"])
def test_index_add_checks_the_index_before_reading_the_corpus(tmp_path: Path, where: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    import dedup.reading

    with sqlite3.connect(tmp_path / "other.db") as db:
        db.execute("CREATE TABLE notes (body TEXT)")
    monkeypatch.setattr(dedup.reading, "read_corpus", lambda *a, **k: pytest.fail("the corpus was read"))
    result = runner.invoke(app, ["index", "add", str(tmp_path / where), str(CORPUS)])
    _one_error_line(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


@pytest.mark.parametrize("command", [["index", "add", "{db}", str(SEED_WIRE)], ["stream", "{db}"]], ids=["index-add", "stream"])
def test_an_index_named_with_a_slash_at_its_end_or_under_a_file_is_refused(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "file.txt").write_text("x")
    for db, says in ((f"{tmp_path / 'news.db'}/", "ends in '/', so it names a folder; give the index's file name"),
                     (str(tmp_path / "file.txt" / "news.db"), f"{tmp_path / 'file.txt'}: is a file, not a folder")):
        result = runner.invoke(app, [c.replace("{db}", db) for c in command], input=(SEED_JSONL_LINE + "\n"))
        assert says in _one_error_line(result)  # it said "the folder does not exist" of a file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


SEED_JSONL_LINE = json.dumps({"id": "wire", "text": SEED_WIRE.read_text()})


def test_index_add_into_an_index_held_in_memory_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # SQLite reads ":memory:" as a database in memory: "11 articles added", and not one of them kept
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["index", "add", ":memory:", str(CORPUS)])
    assert result.exit_code == 1 and result.output.startswith("Error: ':memory:' names an index held in memory")
    assert list(tmp_path.iterdir()) == []
    assert runner.invoke(app, ["index", "add", "./:memory:", str(CORPUS), "-q"]).exit_code == 0  # a file so named
    assert (tmp_path / ":memory:").is_file()


# -- indexes that are not what they seem -------------------------------------------------------------


def _garbage(tmp_path: Path) -> str:
    path = tmp_path / "garbage.db"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16)
    return str(path)


def _foreign(tmp_path: Path) -> str:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    return str(path)


def _empty(tmp_path: Path) -> str:
    path = tmp_path / "news.db"  # made by another program, or by a mistaken touch: not taken over
    path.touch()
    return str(path)


def _device(tmp_path: Path) -> str:
    path = tmp_path / "news.db"  # SQLite opened /dev/null, found "an empty database", and wrote /dev/null-journal
    path.symlink_to("/dev/null")
    return str(path)


INDEXES = {
    "garbage-file": (_garbage, "not an SQLite database"),
    "text-file": (lambda tmp: str(_file("notes.txt", "hello\n")(tmp)), "not an SQLite database, so not a dedup index"),
    "empty-file": (_empty, "an empty file, not a dedup index"),
    "device": (_device, "a device, not a dedup index (a dedup index is an SQLite file made by `dedup index add`)"),
    "foreign-sqlite": (_foreign, "another program (tables invoices)"),
    "unreachable-redis": (lambda tmp: "redis://127.0.0.1:1/0", "cannot reach Redis"),
    "malformed-redis-url": (lambda tmp: "redis://127.0.0.1:sixtythree/0", "malformed Redis URL"),
    # the URL's parser failed with ValueError (a traceback) before redis-py saw it
    "unclosed-ipv6-redis-url": (lambda tmp: "redis://[::1:6379/0", "6379/0' (Invalid IPv6 URL): use redis://host:port/db"),
}


INDEX_COMMANDS = {
    "check": ["check", "{db}", str(REWRITE)],
    "index-add": ["index", "add", "{db}", str(WIRE)],
    "stream": ["stream", "{db}"],
    "stream-check-only": ["stream", "{db}", "--check-only"],
    "stats": ["index", "stats", "{db}"],
    "serve": ["serve", "{db}"],  # refused before the server starts (and the test never lets it start)
}


@pytest.mark.parametrize("command", list(INDEX_COMMANDS.values()), ids=list(INDEX_COMMANDS))
@pytest.mark.parametrize("kind", list(INDEXES), ids=list(INDEXES))
def test_bad_index(kind: str, command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if "redis" in kind:
        pytest.importorskip("redis")
    if command[0] == "serve":
        uvicorn = pytest.importorskip("uvicorn")
        monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("served an index it should have refused"))
    make, says = INDEXES[kind]
    db = make(tmp_path)
    before = Path(db).read_bytes() if Path(db).exists() else None
    journal = Path("/dev/null-journal").exists()
    result = runner.invoke(app, [c.format(db=db) for c in command], input=LINE + "\n")
    assert says in _error_line(result)
    if before is not None:
        assert Path(db).read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == [Path(db).name]  # no -wal, no -shm
    if kind == "device":
        assert Path("/dev/null-journal").exists() is journal


@pytest.mark.parametrize("kind", list(INDEXES), ids=list(INDEXES))
def test_python_api_bad_index(kind: str, tmp_path: Path) -> None:
    if "redis" in kind:
        pytest.importorskip("redis")
    make, says = INDEXES[kind]
    with pytest.raises(DedupError, match=says.replace("(", r"\(").replace(")", r"\)")):
        Index.open(make(tmp_path))


@pytest.mark.parametrize("command", ["index-add", "stream", "serve"])
def test_a_new_index_that_could_not_be_made_leaves_no_empty_file(command: str, tmp_path: Path) -> None:
    # a full disk when the index is made: SQLite failed before its first page and left an empty file, which
    # every later command refused ("an empty file, not a dedup index") until the user found and deleted it
    args = {"index-add": ["index", "add", "news.db", str(WIRE), "-q"], "stream": ["stream", "news.db"],
            "serve": ["serve", "news.db", "--port", "1"]}[command]
    if command == "serve":  # a port no one may take must not be what fails first
        args[-1] = str(_free_port())
    done = _dedup_limited(args, tmp_path, stdin=(LINE + "\n").encode())
    assert done.returncode == 1 and done.stderr.decode().startswith("Error: news.db: ") and done.stderr.count(b"\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    assert _ok(runner.invoke(app, ["index", "add", str(tmp_path / "news.db"), str(WIRE), "-q"]))


@pytest.mark.parametrize("file_size", [8192, 40000])
def test_a_new_index_whose_tables_were_made_but_no_article_leaves_nothing(file_size: int, tmp_path: Path) -> None:
    # the disk full after SQLite wrote its first page (or its tables): the file, its -wal and -shm were left
    # behind holding no article, and the next command met a half-made index
    done = _dedup_limited(["index", "add", "news.db", str(WIRE), "-q"], tmp_path, file_size=file_size)
    assert done.returncode == 1 and done.stderr.decode().startswith("Error: ") and done.stderr.count(b"\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_new_index_that_holds_an_article_is_kept_when_a_later_add_fails(tmp_path: Path) -> None:
    from dedup.cli.indexfile import _remove_if_empty

    assert _ok(runner.invoke(app, ["index", "add", str(tmp_path / "news.db"), str(WIRE), "-q"]))
    _remove_if_empty(tmp_path / "news.db")
    assert (tmp_path / "news.db").exists() and _ok(runner.invoke(app, ["index", "stats", str(tmp_path / "news.db")]))


def test_an_index_that_was_there_is_never_removed_when_a_command_fails(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")  # another program's empty file: refused, and left as it is
    done = _dedup_limited(["index", "add", "empty.db", str(WIRE), "-q"], tmp_path)
    assert done.returncode == 1 and b"an empty file, not a dedup index" in done.stderr and empty.exists()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("location, meant", [
    ("redis:127.0.0.1:6379", "redis://127.0.0.1:6379"), ("REDIS:/127.0.0.1:6379/1", "redis://127.0.0.1:6379/1"),
    ("127.0.0.1:6379", "redis://127.0.0.1:6379/0"), ("localhost:6379/2", "redis://localhost:6379/2"),
    ("[::1]:6379", "redis://[::1]:6379/0"), ("unix:/run/redis.sock", "unix:///run/redis.sock")])
def test_a_redis_url_mistyped_makes_no_file_of_its_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       location: str, meant: str) -> None:
    # "index add redis:127.0.0.1:6379 corpus" made a new SQLite file of that name, exit 0: the server never used
    monkeypatch.chdir(tmp_path)
    said = f"Error: {location}: reads as a Redis server's address without its '//'"
    for args, given in ((["index", "add", location, str(CORPUS / "newswire"), "-q"], None),
                        (["stream", location, "--no-align"], LINE + "\n"), (["serve", location, "--port", "1"], None)):
        result = runner.invoke(app, args, input=given)
        assert result.exit_code == 1, (args, result.output)
        line = _one_error_line(result)
        assert line.startswith(said) and f"give {meant}, or ./{location} for a file of that name" in line, line
        assert list(tmp_path.iterdir()) == [], args


def test_a_file_named_like_a_server_address_is_made_when_given_as_a_path_and_opened_when_there(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    made = runner.invoke(app, ["index", "add", "./127.0.0.1:6379", str(CORPUS / "newswire"), "-q"])
    assert made.exit_code == 0, made.output
    stats = runner.invoke(app, ["index", "stats", "127.0.0.1:6379"])  # there now: opened as the file it is
    assert stats.exit_code == 0 and json.loads(stats.stdout)["articles"] > 0, stats.output
    again = runner.invoke(app, ["index", "add", "127.0.0.1:6379", str(CORPUS / "eastdesk"), "-q"])
    assert again.exit_code == 0, again.output
    news = runner.invoke(app, ["index", "add", "news:1.db", str(CORPUS / "newswire"), "-q"])  # no address: a file
    assert news.exit_code == 0 and (tmp_path / "news:1.db").is_file(), news.output
