"""Where reports go: the file system a place lies on, and why no file can be made there."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from dedup.report import targets
from dedup.report.targets import file_system_type, unwritable_reason

pytestmark = pytest.mark.skipif(not Path("/proc/self/mounts").is_file(), reason="needs Linux's table of mounts")


@pytest.mark.parametrize(("path", "kind"), [("/proc/version", "proc"), ("/proc", "proc"), ("/sys/kernel", "sysfs")],
                         ids=["proc-file", "proc", "sysfs"])
def test_the_file_system_a_path_lies_on_is_the_closest_mount_holding_it(path: str, kind: str) -> None:
    if not Path(path).exists():
        pytest.skip(f"no {path} here")
    assert file_system_type(path) == kind


def test_a_mount_point_with_a_space_is_read_as_the_table_writes_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = tmp_path / "mounts"
    table.write_text(f"/dev/sda1 / ext4 rw 0 0\nnone {tmp_path}/my\\040disk tmpfs rw 0 0\n")
    real_open = open
    monkeypatch.setattr(targets, "open", lambda name, *a, **k: real_open(table if name == "/proc/self/mounts" else name,
                                                                          *a, **k), raising=False)
    (tmp_path / "my disk").mkdir()
    assert file_system_type(tmp_path / "my disk" / "r.json") == "tmpfs"
    assert file_system_type(tmp_path / "my") == "ext4"


def test_the_reason_names_the_kernels_file_system_else_the_systems_reason(tmp_path: Path) -> None:
    gone = OSError(errno.ENOENT, os.strerror(errno.ENOENT))
    assert unwritable_reason("/proc", gone) == "it is on the kernel's proc file system, where no file can be made"
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert unwritable_reason(tmp_path, full) == os.strerror(errno.ENOSPC)


def test_a_folder_on_a_read_only_file_system_is_named_so_not_permission_denied(tmp_path: Path,
                                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # `--json` or `--html` on a read-only mount said "permission denied", to root too; a real read-only mount
    # needs root's mount(2), so the system's two answers are stood in for
    from dedup.errors import InputError

    read_only = os.statvfs(tmp_path)
    flags = os.statvfs_result((*read_only[:8], read_only.f_flag | os.ST_RDONLY, *read_only[9:]))
    monkeypatch.setattr(targets.os, "access", lambda path, mode: False)
    monkeypatch.setattr(targets.os, "statvfs", lambda path: flags)
    with pytest.raises(InputError, match="is on a read-only file system, so the JSON output cannot be written there"):
        targets.check_file_target(tmp_path / "out.json", "JSON output")
    with pytest.raises(InputError, match="is on a read-only file system, so the HTML report"):
        targets.check_folder_target(tmp_path / "site", "HTML report")
    monkeypatch.setattr(targets.os, "statvfs", lambda path: read_only)  # writable, but not for this user
    with pytest.raises(InputError, match="permission denied"):
        targets.check_file_target(tmp_path / "out.json", "JSON output")


@pytest.mark.parametrize(("name", "folder", "says"), [("pairs", False, "a file, where the HTML report writes its folder"),
                                                      ("report.css", True, "a folder, where the HTML report writes its file")],
                         ids=["pairs-a-file", "css-a-folder"])
def test_a_report_folder_holding_the_other_kind_at_one_of_its_names_is_refused_before_the_scan(
        tmp_path: Path, name: str, folder: bool, says: str) -> None:
    # `scan --html site/` with a file site/pairs ran the whole scan, then failed with "(File exists)", having
    # moved site/index.html in: a report linking to pages that were never written
    from dedup.errors import InputError

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / name).mkdir() if folder else (tmp_path / "site" / name).write_text("mine")
    with pytest.raises(InputError, match=says):
        targets.check_folder_target(tmp_path / "site", "HTML report")


def test_a_staged_report_is_moved_in_whole_or_not_at_all(tmp_path: Path) -> None:
    # a file put at site/pairs after the check (the scan takes minutes) stopped the move halfway
    from dedup.errors import InputError

    site = tmp_path / "site"
    site.mkdir()
    with pytest.raises(InputError, match="site/pairs: a file"):
        with targets.staged_folder(site) as stage:
            (stage / "pairs").mkdir()
            (stage / "index.html").write_text("<html>")
            (stage / "pairs" / "a--b.html").write_text("<html>")
            (site / "pairs").write_text("put there meanwhile")
    assert sorted(p.name for p in site.iterdir()) == ["pairs"] and (site / "pairs").read_text() == "put there meanwhile"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # the stage removed


def test_two_runs_writing_one_folder_take_turns_and_leave_it_whole_from_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # each moved its files in one by one: in the milliseconds they overlapped the folder could hold one's index
    # and the other's pages
    import threading
    import time

    site, moved, real = tmp_path / "site", [], os.replace
    both_staged = threading.Barrier(2)

    def replace(source: object, place: object) -> None:  # each move slowed, so that unlocked runs interleave
        moved.append(Path(str(source)).read_text().split(":")[0])
        time.sleep(0.02)
        real(source, place)  # type: ignore[arg-type]

    monkeypatch.setattr(targets.os, "replace", replace)

    def run(name: str) -> None:
        with targets.staged_folder(site) as stage:
            (stage / "pairs").mkdir()
            for page in ("a--b", "c--d", "e--f", "g--h"):
                (stage / "pairs" / f"{page}.html").write_text(f"{name}: {page}")
            (stage / "index.html").write_text(f"{name}: index")
            both_staged.wait()

    runs = [threading.Thread(target=run, args=(name,)) for name in ("one", "two")]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join()
    assert sorted(moved) == ["one"] * 5 + ["two"] * 5
    assert moved in (["one"] * 5 + ["two"] * 5, ["two"] * 5 + ["one"] * 5), moved  # one run's moves, then the other's
    last = moved[-1]
    written = {p.relative_to(site).as_posix(): p.read_text() for p in site.rglob("*") if p.is_file()}
    assert len(written) == 5 and all(text.startswith(f"{last}: ") for text in written.values()), written
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # both stages removed
