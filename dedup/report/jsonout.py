"""JSON output: stable key order and formatting, written atomically so a failed run leaves no half file."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from dedup.errors import InputError

__all__ = ["write_json", "dumps"]


def dumps(data: Any) -> str:
    """Deterministic JSON text (UTF-8 characters kept, two-space indent)."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def write_json(data: Any, path: str | Path) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename (an existing file is replaced
    only once the new one is complete)."""
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{target}: is a folder; give a file name for the JSON output")
    if not target.parent.exists():
        raise InputError(f"{target.parent}: no such folder for the JSON output")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(dumps(data))
            handle.write("\n")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
