"""An index stores band keys made by the sketch: one signed by another sketch is refused, never half-matched."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dedup.cli import app
from dedup.errors import IndexMismatchError
from dedup.index import Index
from dedup.index.settings import SCHEME
from dedup.reading import read_corpus

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
ARTICLE = CORPUS / "citypaper" / "port-strike.txt"


def test_an_index_signed_with_the_densified_sketch_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Index.open(str(path)) as index:
        index.add(next(iter(read_corpus(CORPUS / "citypaper").documents)))
    # what an index built before fast similarity sketching recorded
    db = sqlite3.connect(path)
    settings = json.loads(db.execute("SELECT value FROM settings WHERE name = 'index'").fetchone()[0])
    old = "oph-optimal-densification-splitmix64/1"
    assert settings["scheme"]["minhash"] == SCHEME["minhash"] != old
    settings["scheme"] = settings["scheme"] | {"minhash": old}
    db.execute("UPDATE settings SET value = ? WHERE name = 'index'", (json.dumps(settings),))
    db.commit()
    db.close()
    with pytest.raises(IndexMismatchError, match=rf"another version of dedup.*minhash '{old}' .*build a new index"):
        Index.open(str(path))
    result = CliRunner().invoke(app, ["check", str(path), str(ARTICLE)])
    assert result.exit_code == 1 and "minhash" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
