"""The examples in the library's docstrings run as written (``>>>`` lines and their output)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import dedup

# every module but ``python -m dedup``'s, which runs the command line when imported
MODULES = sorted(m.name for m in pkgutil.walk_packages(dedup.__path__, "dedup.") if not m.name.endswith("__main__"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name: str) -> None:
    try:
        module = importlib.import_module(name)
    except ImportError as exc:  # an optional extra (the server, Redis, Dask) that is not installed
        pytest.skip(f"{name}: {exc}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed"


def test_the_modules_hold_examples() -> None:
    """The walk finds the package's modules and their examples (a broken walk would pass every test above)."""
    attempted = sum(doctest.testmod(importlib.import_module(name), verbose=False).attempted
                    for name in ("dedup.banding", "dedup.normalize", "dedup.memory"))
    assert len(MODULES) > 40 and attempted >= 10
