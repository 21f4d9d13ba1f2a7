"""dedup: find near-duplicates, syndicated copies and rewrites in news wire copy."""

from __future__ import annotations

from dedup.documents import Document
from dedup.errors import DedupError

__all__ = ["Document", "DedupError", "__version__"]
__version__ = "0.1.0"
