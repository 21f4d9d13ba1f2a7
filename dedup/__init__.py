"""dedup: find near-duplicates, syndicated copies and rewrites in news wire copy.

>>> from dedup import scan
>>> result = scan("corpus/")  # doctest: +SKIP
>>> [(p.verdict, p.a, p.b) for p in result.pairs]  # doctest: +SKIP
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from dedup.alignment import Alignment, Coverage, Link, Passage
from dedup.candidates import DEFAULT_CHANNELS, ChannelSpec, Vocabulary
from dedup.decision import Thresholds
from dedup.documents import Corpus, Document, Skipped, read_corpus
from dedup.errors import DedupError
from dedup.evidence import Evidence, SharedPassage
from dedup.index import Index, Match
from dedup.pipeline import compare, scan
from dedup.result import Comparison, Pair, ScanResult

try:
    __version__ = version("dedup")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = [
    "Document", "Corpus", "Skipped", "read_corpus", "scan", "compare", "ScanResult", "Pair", "Comparison",
    "Evidence", "SharedPassage", "Alignment", "Link", "Coverage", "Passage", "Thresholds", "ChannelSpec",
    "DEFAULT_CHANNELS", "Vocabulary", "Index", "Match", "DedupError", "__version__",
]
