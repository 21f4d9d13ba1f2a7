"""The persistent index: articles checked and added one at a time, with the scan's own stages.

``index.py`` (:class:`Index`), ``settings.py`` (what an index is built with), ``store.py`` and
``store_redis.py`` (where it keeps its state), ``match.py`` (what a check returns), ``stream.py``
(JSONL in, JSON out) and ``serve.py`` (HTTP).
"""

from __future__ import annotations

from dedup.index.index import INDEX_FORMAT, Index
from dedup.index.match import Match

__all__ = ["Index", "Match", "INDEX_FORMAT"]
