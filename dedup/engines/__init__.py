"""Engines: where a scan runs. The stages are the same everywhere; an engine only schedules them.

``local`` (the default) is :func:`dedup.scan` in this process. ``dask`` spreads the same stages over a
Dask cluster (``pip install 'dedup[dask]'``) and returns the same result, pair for pair.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from dedup.errors import SettingsError

if TYPE_CHECKING:
    from dedup.result import ScanResult

__all__ = ["ENGINES", "scan_with"]

ENGINES = ("local", "dask")


def scan_with(engine: str, source: str | Path, **options: Any) -> "ScanResult":
    """Scan ``source`` on ``engine``; ``options`` are :func:`dedup.scan`'s, plus the engine's own.

    The Dask engine is imported only when asked for, so the local engine never needs Dask.
    """
    if engine == "local":
        from dedup.reading import read_corpus
        from dedup.pipeline import scan

        min_words = options.pop("min_words", None)
        reading = {"follow_links": options.pop("follow_links")} if "follow_links" in options else {}
        corpus = read_corpus(source, **reading) if min_words is None else read_corpus(source, min_words=min_words, **reading)
        return scan(corpus, **options)
    if engine == "dask":
        from dedup.engines.dask import scan_dask

        return scan_dask(source, **options)
    raise SettingsError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
