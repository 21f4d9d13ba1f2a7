"""The bad input's common texts and files, for the entry points' tests (`tests/test_equal_readings.py`,
`tests/test_cli_*.py`, ...) and the readers' tests its cases moved to: a wire story, its rewrite (the index of the
entry-point tests holds the story; the rewrite is new to it) as a text and as a JSONL line, and a maker of a file of
given bytes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from conftest import CORPUS

WIRE = CORPUS / "newswire" / "belarus-china-drills.txt"
REWRITE = CORPUS / "eastdesk" / "belarus-china-drills.txt"
TEXT = REWRITE.read_text()  # the index holds WIRE; these are rewrites of it, new to the index
LINE = json.dumps({"id": "feed-1", "text": TEXT})


def _file(name: str, content: str | bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path

    return make
