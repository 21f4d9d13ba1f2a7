"""What the tests of the CLI (tests/test_cli_*.py) share: one runner, the seed pair, one-line errors."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import CORPUS

runner = CliRunner()


SEED_WIRE = CORPUS / "newswire" / "belarus-china-drills.txt"
SEED_REWRITE = CORPUS / "eastdesk" / "belarus-china-drills.txt"


# -- issue 17: safe by default ----------------------------------------------------------------------


def _one_error_line(result, code: int = 1) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


# -- destinations the system will not write in: refused before the scan, naming the destination ---------------


def _refused_folder(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Temporary files in ``folder`` refused as on a read-only file system, which root cannot write either
    (its permission bits say it may)."""
    import errno
    import tempfile

    made = tempfile.mkstemp

    def mkstemp(*args: Any, **kwargs: Any) -> Any:
        if Path(str(kwargs.get("dir", ""))).resolve() == folder.resolve():
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return made(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


def _dedup(args: list[str], **env: str) -> "Any":
    """``python -m dedup ARGS`` in a process of its own, as a shell runs it (the code of this checkout)."""
    import subprocess
    import sys

    return subprocess.Popen([sys.executable, "-m", "dedup", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(CORPUS.parent), **env})
