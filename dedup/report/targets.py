"""Where reports go, checked before any work starts: a bad destination costs a second, not a scan."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from dedup.errors import InputError

__all__ = ["check_file_target", "check_folder_target", "creation_mode", "staged_folder"]


def check_file_target(path: str | Path, what: str, *, make_folder: bool = False) -> Path:
    """Raise :class:`InputError` unless a file can be written at ``path``, in a folder that exists (or,
    with ``make_folder``, that can be made)."""
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{target}: is a folder; give a file name for the {what}")
    _check_folder(target.parent, what)
    if not make_folder and not target.parent.is_dir():
        raise InputError(f"{target.parent}: no such folder for the {what}; create it first")
    return target


def check_folder_target(path: str | Path, what: str) -> Path:
    """Raise :class:`InputError` unless ``path`` is, or can be made, a writable folder."""
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise InputError(f"{target}: is a file; give a folder for the {what}")
    _check_folder(target, what)
    return target


def _check_folder(folder: Path, what: str) -> None:
    """The folder, or its nearest existing ancestor when it is to be made, must be a writable folder."""
    existing = _ancestor(folder)
    if not existing.is_dir():
        raise InputError(f"{existing}: is a file, not a folder, so the {what} cannot be written under it")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(f"{existing}: permission denied; the {what} cannot be written there")


def _ancestor(folder: Path) -> Path:
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    return existing


def creation_mode(replacing: Path | None = None) -> int:
    """The permissions a new file gets from the user's umask, or those of the file being replaced."""
    if replacing is not None:
        try:
            return replacing.stat().st_mode & 0o7777
        except OSError:
            pass
    mask = os.umask(0)  # the only portable way to read the umask is to set it (and put it back at once)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def staged_folder(target: str | Path) -> Iterator[Path]:
    """A temporary folder beside ``target`` to write a report into; its files are moved into ``target``
    only when the block ends without error (an interrupted run leaves no half report, and files of
    earlier runs that this one does not write are left alone)."""
    final = Path(target)
    final.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{final.name}.", dir=final.parent))
    try:
        yield stage
        for file in sorted(p for p in stage.rglob("*") if p.is_file()):
            place = final / file.relative_to(stage)
            place.parent.mkdir(parents=True, exist_ok=True)
            os.replace(file, place)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
