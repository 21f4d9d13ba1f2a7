"""The public API: what ``dedup`` exports covers what its functions take and return."""

from __future__ import annotations

import inspect
import typing
from importlib.metadata import version
from pathlib import Path
from typing import Any, Callable

import pytest

import dedup
from dedup import Document, Index
from dedup.errors import DedupError

from _bad_input_files import REWRITE, TEXT, WIRE


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


def test_python_api_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(DedupError, match="no such file or folder"):
        dedup.scan(tmp_path / "nothing")
    with pytest.raises(DedupError, match="no such file"):
        dedup.compare(tmp_path / "nothing", REWRITE)
    assert dedup.scan(tmp_path).documents == ()


# -- the Python API given values of the wrong type ------------------------------------------------------


@pytest.mark.parametrize("call,error,says", [
    (lambda: dedup.scan(None), TypeError, "scan\\(\\) takes a path, a Corpus or an iterable of Documents, not NoneType"),
    (lambda: dedup.scan([TEXT, TEXT]), TypeError, "scan\\(\\) takes Documents, not str: make each article a Document"),
    (lambda: dedup.scan(TEXT), DedupError, "cannot be read \\(File name too long\\); give the path .* a Document"),
    (lambda: dedup.scan([dedup.Document("a", TEXT)], seed=-1), DedupError, "seed must be a whole number"),
    (lambda: dedup.scan([dedup.Document("a", TEXT)], seed="1"), DedupError, "seed must be a whole number"),
    (lambda: dedup.compare(None, REWRITE), TypeError, "compare\\(\\) takes Documents or paths of article files, not NoneType"),
    (lambda: dedup.compare(TEXT, TEXT), DedupError, "cannot be read \\(File name too long\\)"),
    (lambda: dedup.compare(WIRE, REWRITE, seed=-1), DedupError, "seed must be a whole number"),
    (lambda: dedup.read_corpus(TEXT), DedupError, "cannot be read \\(File name too long\\)"),
], ids=["scan-none", "scan-texts", "scan-a-text", "scan-seed-negative", "scan-seed-text", "compare-none",
        "compare-texts", "compare-seed-negative", "read-a-text"])
def test_python_api_of_the_wrong_type(call: Callable[[], Any], error: type, says: str) -> None:
    # were an AttributeError, an OSError or numpy's OverflowError from deep inside a stage
    with pytest.raises(error, match=says):
        call()


@pytest.mark.parametrize("options, says", [
    ({"workers": "4"}, r"workers must be a whole number of at least 0, got '4'"),
    ({"workers": -3}, r"workers must be a whole number of at least 0, got -3"),
    ({"workers": 2.5}, r"workers must be a whole number of at least 0, got 2.5"),
    ({"progress": 5}, r"progress must be a function called as progress\(stage, done, total\), or None, not int"),
    ({"vocabulary": 5}, r"vocabulary must be a Vocabulary \(an index's Index.vocabulary\), or None, not int"),
], ids=["workers-text", "workers-negative", "workers-fraction", "progress-not-callable", "vocabulary-not-one"])
def test_api_scan_options_of_the_wrong_type_are_refused_where_they_enter(options: dict, says: str) -> None:  # type: ignore[type-arg]
    """Each failed deep in the scan (a string compared with a number at its end, "'int' object is not
    callable", an AttributeError inside signing) or was taken as it came (``workers=-3``)."""
    import dedup
    from dedup.errors import SettingsError

    docs = [Document("a", "The port strike entered its third day on Tuesday as dock workers refused the offer. " * 3),
            Document("b", "The port strike entered its third day on Tuesday as dock workers refused the offer. " * 3
                     + "Talks resume.")]
    with pytest.raises((SettingsError, TypeError), match=says):
        dedup.scan(docs, **options)
