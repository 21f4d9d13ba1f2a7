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
def corpus_here(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The corpus named as a user in the repository names it, ``corpus`` (the test runs from the root): a
    test that reads a name back from a report holds in any checkout. Named by its absolute path, a name
    past 120 characters is shortened in the middle on the terminal, and five tests failed in a checkout
    whose path was longer than ~80 characters."""
    monkeypatch.chdir(ROOT)
    return Path(CORPUS.name)


@pytest.fixture(params=[True, False], ids=["kernels", "python"])
def compiled(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """The test once with dedup's compiled kernels (skipped when they are not built) and once with their
    numpy and Python twins: each kernel must give what its twin gives. True for the compiled run."""
    from dedup import kernels

    if request.param and kernels.KERNELS is None:
        pytest.skip("the compiled kernels are not built (python setup.py build_ext --inplace)")
    if not request.param:
        monkeypatch.setattr(kernels, "KERNELS", None)
    return bool(request.param)


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


def lone_surrogate_documents() -> list:
    """A wire story and a reprint of it whose every text field holds a lone surrogate (as ``surrogateescape``
    decoding gives for a byte that is not UTF-8), metadata too: no UTF-8 writer takes them as they are."""
    from dedup import Document

    wire = (CORPUS / "citypaper" / "port-strike.txt").read_text(encoding="utf-8")
    return [
        Document("wire", wire, outlet="citypaper"),
        Document("copy-\udce9", wire + "\n\nDock workers said they would meet again on Monday \ud800.",
                 title="Port strike \udcff", outlet="coast\ud83d", url="https://example.com/\udc80",
                 meta={"byline": "J. Sm\udce9th", "tags": ["port", "str\udc81ke"], "k\udc82": {"deep": "\ud800"}}),
    ]
