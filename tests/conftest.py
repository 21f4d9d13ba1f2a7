from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture
def forked_pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry for each pool of worker processes :func:`dedup.parallel.parallel_map` starts from now on:
    a test that work ran on workers, not only that its answer is right."""
    import dedup.parallel as parallel

    pools: list[int] = []

    class CountedPool(parallel.ProcessPoolExecutor):
        def __init__(self, *args: object, **kwargs: object) -> None:
            pools.append(1)
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", CountedPool)
    return pools
