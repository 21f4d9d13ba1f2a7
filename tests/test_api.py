"""The public API: what ``dedup`` exports covers what its functions take and return."""

from __future__ import annotations

import inspect
import typing
from importlib.metadata import version
from pathlib import Path

import dedup
from dedup import Document, Index


def test_version_comes_from_the_installed_metadata() -> None:
    assert dedup.__version__ == version("dedup")


def test_every_exported_name_exists() -> None:
    assert all(hasattr(dedup, name) for name in dedup.__all__)


def _dedup_classes(hint: object) -> set[type]:
    found: set[type] = set()
    if isinstance(hint, type) and hint.__module__.startswith("dedup"):
        found.add(hint)
    for arg in typing.get_args(hint):
        found |= _dedup_classes(arg)
    return found


def test_types_in_public_signatures_are_exported() -> None:
    used: set[type] = set()
    functions = [dedup.scan, dedup.compare, dedup.read_corpus, Index.open, Index.check, Index.add, Index.add_many,
                 Index.matches]
    classes = [dedup.Pair, dedup.Comparison, dedup.ScanResult, dedup.Match]
    for fn in functions:
        for hint in typing.get_type_hints(fn).values():
            used |= _dedup_classes(hint)
    for cls in classes:
        for hint in typing.get_type_hints(cls).values():
            used |= _dedup_classes(hint)
    exported = {getattr(dedup, name) for name in dedup.__all__}
    missing = {c.__qualname__ for c in used if c not in exported and not c.__name__.startswith("_")}
    assert not missing, f"used in public signatures but not exported from dedup: {sorted(missing)}"


def test_add_many_stores_without_being_iterated(tmp_path: Path) -> None:
    text = ("Harlow port workers walked out on Monday after talks with Kestrel Shipping broke down, the union said, "
            "and 1,200 members joined the strike at the container terminal.")
    with Index.open(tmp_path / "n.db") as index:
        done = index.add_many([Document("a", text), Document("b", "too short")])  # result not iterated
        assert [d.id for d, _ in done] == ["a", "b"] and isinstance(done, list)
        assert index.contains("a") and not index.contains("b")
        assert isinstance(done[1][1], dedup.DedupError)


def test_public_functions_have_docstrings() -> None:
    for name in dedup.__all__:
        obj = getattr(dedup, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert obj.__doc__, name
