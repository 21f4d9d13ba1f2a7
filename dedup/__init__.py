"""dedup: find near-duplicates, syndicated copies and rewrites in news wire copy.

>>> from dedup import scan
>>> result = scan("corpus/")  # doctest: +SKIP
>>> [(p.verdict, p.a, p.b) for p in result.pairs]  # doctest: +SKIP
"""

from __future__ import annotations

from dedup.documents import Corpus, Document, Skipped, read_corpus
from dedup.errors import DedupError
from dedup.ingest import Index
from dedup.match import Match
from dedup.pipeline import Pair, ScanResult, compare, scan

__all__ = ["Document", "Corpus", "Skipped", "read_corpus", "scan", "compare", "ScanResult", "Pair", "Index", "Match", "DedupError", "__version__"]
__version__ = "0.1.0"
