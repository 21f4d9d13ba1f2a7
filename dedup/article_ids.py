"""Article ids: what makes two ids one (Unicode's composed form), their hash, and the check that the ids of
a read are unique as it goes.

Pure but for :class:`SeenIds`, which compares the ids of the articles a read (:mod:`dedup.reading`) has
appended so far when two of their hashes meet; it reads no input itself.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Sequence

import numpy as np

from dedup.documents import Documents, replaced_in_id
from dedup.errors import DuplicateIdError

__all__ = ["id_key", "id_hash", "composed_apart", "SeenIds"]


def id_key(doc_id: str) -> str:
    r"""What makes two article ids one id: the id in Unicode's composed form (NFC). ``café`` written with a
    composed ``é`` and with ``e`` and a combining accent (a file name from macOS) are two strings that every
    report, terminal and page shows alike: two articles under them could not be told apart (a cluster of
    "café, café"), so they are one id read twice.

    >>> id_key("cafe\u0301") == id_key("caf\u00e9") == "caf\u00e9"
    True
    """
    return doc_id if doc_id.isascii() else unicodedata.normalize("NFC", doc_id)


def composed_apart(ids: Sequence[str]) -> str:
    r"""What an error about a duplicate id adds when the ids read were two strings that are one id only
    composed (:func:`id_key`): both, escaped, so that the user can find them; ``""`` otherwise.

    >>> composed_apart(["caf\u00e9", "cafe\u0301"])
    " (the ids 'caf\\xe9' and 'cafe\\u0301' differ only in how their accents are composed, which no report shows)"
    >>> composed_apart(["a", "a"])
    ''
    """
    first, second = ids[0], ids[-1]
    if first == second:
        return ""
    return (f" (the ids {ascii(first)} and {ascii(second)} differ only in how their accents are composed, "
            "which no report shows)")


def id_hash(doc_id: str) -> int:
    """A 64-bit hash of an article id (:func:`id_key`), the same in every process (an engine compares the ids
    its workers read by their hashes); ids that share one are told apart by comparing their keys.

    >>> id_hash("reuters-1") == id_hash("reuters-1") != id_hash("reuters-2")
    True
    """
    return int.from_bytes(hashlib.blake2b(id_key(doc_id).encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                          "little", signed=True)


class SeenIds:
    """The ids of the articles read so far, checked for uniqueness in 8 bytes an article (the strings stay
    in :class:`Documents` only): the hashes of the latest ``BATCH`` in a set, the older ones in one sorted
    array that each full batch is merged into. A hash met again (within the batch at once, against the
    older ones when the batch is merged, or at :meth:`finish`) has the articles read so far compared by
    their ids, and the first id read twice, if any, raises :class:`DuplicateIdError` naming where it was
    read both times."""

    BATCH = 1 << 16

    def __init__(self, documents: Documents) -> None:
        self._documents = documents
        self._recent: set[int] = set()
        self._older = np.zeros(0, dtype=np.int64)
        #: the ids as given of the articles (by place) whose ids had characters replaced by U+FFFD, to name
        #: in the error when two of them became one (few: held as strings)
        self.given: dict[str, str] = {}

    def add(self, doc_id: str, where: str) -> None:
        """Note the id of the article about to be appended to the documents, read at ``where``."""
        if len(self._recent) >= self.BATCH:
            self.finish()
        h = id_hash(doc_id)
        if h in self._recent:
            self._raise_first((doc_id, where))
        self._recent.add(h)

    def finish(self) -> None:
        """Check the batch against the older ids and merge it into them (every article noted is appended)."""
        if not self._recent:
            return
        batch = np.sort(np.fromiter(self._recent, dtype=np.int64, count=len(self._recent)))
        self._recent = set()
        at = np.searchsorted(self._older, batch)
        if len(self._older) and (self._older[np.minimum(at, len(self._older) - 1)] == batch).any():
            self._raise_first(None)
        merged = np.empty(len(self._older) + len(batch), dtype=np.int64)
        mine = np.zeros(len(merged), dtype=bool)
        mine[at + np.arange(len(batch))] = True  # where each of the batch goes among the older ones
        merged[mine], merged[~mine] = batch, self._older
        self._older = merged

    def _raise_first(self, new: tuple[str, str] | None) -> None:
        """Raise for the first id read twice among the documents (and ``new``, the id and place of the
        article about to be appended), if any: a hash met twice may be two ids."""
        ids = [self._documents.id(k) for k in range(len(self._documents))] + ([new[0]] if new is not None else [])
        hashes = np.fromiter(map(id_hash, ids), dtype=np.int64, count=len(ids))
        order = np.argsort(hashes, kind="stable")
        repeated = np.flatnonzero(hashes[order][1:] == hashes[order][:-1])
        first: dict[str, int] = {}
        seconds = []
        for k in sorted({int(order[r]) for r in repeated} | {int(order[r + 1]) for r in repeated}):
            if id_key(ids[k]) in first:
                seconds.append((k, first[id_key(ids[k])]))
            else:
                first[id_key(ids[k])] = k
        if seconds:
            second, earlier = min(seconds)
            later = new[1] if new is not None and second == len(self._documents) else self._documents[second].path
            first_place = self._documents[earlier].path
            given = [self.given.get(place or "", ids[earlier]) for place in (first_place, later)]
            raise DuplicateIdError(f"duplicate article id {ids[earlier]!r} in {first_place} and {later}"
                                   f"{replaced_in_id(ids[earlier], given)}{composed_apart([ids[earlier], ids[second]])}: "
                                   "ids must be unique")
