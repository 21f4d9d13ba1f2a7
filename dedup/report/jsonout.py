"""JSON output: stable key order and formatting, written atomically so a failed run leaves no half file."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from dedup.report.targets import check_file_target, creation_mode

__all__ = ["write_json", "dumps"]


def dumps(data: Any) -> str:
    """Deterministic JSON text (UTF-8 characters kept, two-space indent)."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def write_json(data: Any, path: str | Path) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename (an existing file is replaced
    only once the new one is complete). The file gets the permissions of the one it replaces, else those
    the umask gives a new file (not the temporary file's private 0600)."""
    target = check_file_target(path, "JSON output")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        os.fchmod(fd, creation_mode(target if target.exists() else None))
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(dumps(data))
            handle.write("\n")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
