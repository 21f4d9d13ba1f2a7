"""dedup: find near-duplicates, syndicated copies and rewrites in news wire copy.

>>> from dedup import scan
>>> result = scan("corpus/")  # doctest: +SKIP
>>> [(p.verdict, p.a, p.b) for p in result.pairs]  # doctest: +SKIP
"""

from __future__ import annotations

from dedup.alignment import Alignment, Coverage, Link, Passage
from dedup.channels import DEFAULT_CHANNELS, ChannelSpec
from dedup.vocabulary import Vocabulary
from dedup.clusters import Cluster
from dedup.confidence import Reason
from dedup.decision import Thresholds
from dedup.desk import PairDesk, WireDesk
from dedup.documents import Corpus, Document, Skipped
from dedup.errors import DedupError, InputError
from dedup.evidence import Evidence, SharedPassage
from dedup.index import Index, Match
from dedup.pipeline import compare, scan
from dedup.reading import read_corpus
from dedup.result import Comparison, Pair, ScanResult
from dedup.version import __version__

__all__ = [
    "Document", "Corpus", "Skipped", "read_corpus", "scan", "compare", "ScanResult", "Pair", "Comparison",
    "Evidence", "SharedPassage", "Alignment", "Link", "Coverage", "Passage", "Thresholds", "Reason", "ChannelSpec",
    "DEFAULT_CHANNELS", "Vocabulary", "Cluster", "WireDesk", "PairDesk", "Index", "Match", "DedupError", "InputError", "__version__",
]
