"""The persistent index: articles checked and added one at a time, with the scan's own stages.

``index.py`` (:class:`Index`: the API), its parts ``opening.py`` (what is refused before a store opens, a
closed index), ``intake.py`` (an article's id, text and band keys), ``collisions.py`` (what its keys meet),
``matching.py`` (a check verified) and ``storing.py`` (adds, one or in batches, with ``bulk.py``);
``settings.py`` (what an index is built with), ``store.py`` and its backends (where it keeps its state),
``match.py`` (what a check returns), ``stream.py`` (JSONL in, JSON out) and ``serve.py`` (HTTP).
"""

from __future__ import annotations

from dedup.index.index import INDEX_FORMAT, Index
from dedup.index.match import Match

__all__ = ["Index", "Match", "INDEX_FORMAT"]
