"""Usage errors in one line (dedup/cli/usage.py)."""

from __future__ import annotations

from dedup.cli import app

from conftest import CORPUS
from _cli_helpers import runner


def test_bad_option_is_a_usage_error() -> None:
    result = runner.invoke(app, ["scan", str(CORPUS), "--max-bucket", "1"])
    assert result.exit_code == 2 and "Traceback" not in result.output
