"""``Index.prune`` (dedup.index.index) that fails midway removes nothing."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import dedup
from dedup.index import Index

from _bad_input_files import TEXT
from _bad_input_helpers import aged, template  # noqa: F401 - fixtures


def test_a_prune_that_fails_midway_removes_nothing(aged: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import timedelta

    db = tmp_path / "news.db"
    shutil.copy(aged, db)
    with Index.open(db) as opened:  # a second article to prune, added and dated after the first
        opened.add(dedup.Document("old-2", TEXT.replace("Belarus", "Minsk"), published="2002-02-03T04:05:06Z"))
        before = opened.stats()["articles"]
        store = opened._store  # noqa: SLF001
        deleted = []
        real_delete = store.delete

        def delete(seq: int, keys: Any) -> None:
            if deleted:  # the second removal meets a damaged page
                raise sqlite3.DatabaseError("database disk image is malformed")
            deleted.append(seq)
            real_delete(seq, keys)

        monkeypatch.setattr(store, "delete", delete)
        with pytest.raises(sqlite3.DatabaseError):
            opened.prune(timedelta(days=3650))
        assert deleted and opened.stats()["articles"] == before
        assert opened.contains("old-1") and opened.contains("old-2")
