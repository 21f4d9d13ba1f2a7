"""Article ids: what makes two ids one (Unicode's composed form), their hash, and the check that the ids of
a read are unique as it goes.

Pure but for :class:`SeenIds`, which compares the ids (and then the texts) of the articles a read
(:mod:`dedup.reading`) has appended so far when two of their hashes meet; it reads no input itself.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Sequence

import numpy as np

from dedup.documents import Document, replaced_in_id
from dedup.spilled_documents import Documents
from dedup.errors import DuplicateIdError

__all__ = ["MAX_ID_BYTES", "id_too_long", "id_key", "id_hash", "composed_apart", "SeenIds", "same_article", "same_text", "text_digest"]


#: The longest article id taken, in bytes of UTF-8 (2,048 ASCII characters, 682 Chinese ones). An id is a
#: name: a guid, a URL (the sitemap protocol's longest is 2,048 characters), a file's path. One of 300,000
#: characters was stored, and could be answered by no ``GET /articles/{id}/matches`` (percent-encoded, a
#: request line of 900 KB; servers and proxies take 8-16 KB, which 2,048 bytes fit even percent-encoded) and
#: filled every report line naming it. Every reader refuses it alike (:func:`id_too_long`): a scan skips the
#: article, saying why, as ``index add``, ``stream``, ``serve`` and :class:`~dedup.index.Index` refuse it.
MAX_ID_BYTES = 2048


def id_too_long(doc_id: str) -> str | None:
    """Why ``doc_id`` is refused as too long (past :data:`MAX_ID_BYTES`), in one line; None when it is taken.

    >>> id_too_long("reuters-1") is None
    True
    >>> id_too_long("x" * 3000)
    'an id of 3,000 characters (3,000 bytes in UTF-8), longer than the 2,048 bytes an id may be: give a shorter one'
    """
    if len(doc_id) * 4 <= MAX_ID_BYTES:  # no character is more than 4 bytes in UTF-8
        return None
    size = len(id_key(doc_id).encode("utf-8", "surrogatepass"))
    if size <= MAX_ID_BYTES:
        return None
    return (f"an id of {len(doc_id):,} characters ({size:,} bytes in UTF-8), longer than the {MAX_ID_BYTES:,} bytes "
            "an id may be: give a shorter one")


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
    """The ids of the articles read so far, checked for uniqueness in 16 bytes an article (the strings stay
    in :class:`Documents` only): the hashes of the latest ``BATCH`` in a dict to the article's number, the
    older ones in one sorted array (beside their numbers) that each full batch is merged into. An id met
    again is the same article read again when its text is the same (:meth:`add` says where it was read
    first, and it is not appended): a day of one outlet's feeds carries one story under one guid in every
    hourly snapshot, and in its "top news" and its "world" feed. Under another text it is another article
    (an updated story, or two outlets' ids that meet): :class:`DuplicateIdError` names where it was read both
    times."""

    BATCH = 1 << 16

    def __init__(self, documents: Documents) -> None:
        self._documents = documents
        self._recent: dict[int, int] = {}
        self._older = np.zeros(0, dtype=np.int64)
        self._older_at = np.zeros(0, dtype=np.int64)
        #: the ids as given of the articles (by place) whose ids had characters replaced by U+FFFD, to name
        #: in the error when two of them became one (few: held as strings)
        self.given: dict[str, str] = {}
        #: by :func:`id_key`, where the ids of an engine's earlier parts were read first and their texts'
        #: :func:`text_digest` (a part read again once its articles read in those are known)
        self.known: dict[str, tuple[str, bytes]] = {}

    def add(self, doc: Document, where: str) -> str | None:
        """Note ``doc``, read at ``where`` and about to be appended to the documents; or, when an article read
        earlier has its id and its text (:func:`same_article`), the place of that one: ``doc`` is not appended."""
        if self.known and (known := self.known.get(id_key(doc.id))) is not None:
            if known[1] == text_digest(doc.text):
                return known[0]
            raise DuplicateIdError(f"duplicate article id {doc.id!r} in {known[0]} and {where}: ids must be unique")
        h = id_hash(doc.id)
        earlier = self._earlier(h, doc.id)
        if earlier is not None:
            first = self._documents[earlier]
            if same_text(first.text, doc.text):
                return first.path or first.id
            self._raise(earlier, doc.id, where)
        if len(self._recent) >= self.BATCH:
            self.finish()
        self._recent.setdefault(h, len(self._documents))
        return None

    def _earlier(self, h: int, doc_id: str) -> int | None:
        """The number of the article read earlier under ``doc_id`` (of hash ``h``), if any."""
        k = self._recent.get(h)
        if k is None and len(self._older):
            at = int(np.searchsorted(self._older, h))
            k = int(self._older_at[at]) if at < len(self._older) and self._older[at] == h else None
        if k is None or id_key(self._documents.id(k)) == id_key(doc_id):
            return k
        key = id_key(doc_id)  # two ids of one hash (one in 2**64): the articles compared by their ids
        return next((j for j in range(len(self._documents)) if id_key(self._documents.id(j)) == key), None)

    def finish(self) -> None:
        """Merge the batch into the older ids (each was checked against them as it was noted)."""
        if not self._recent:
            return
        batch = np.fromiter(self._recent, dtype=np.int64, count=len(self._recent))
        numbers = np.fromiter(self._recent.values(), dtype=np.int64, count=len(self._recent))
        self._recent = {}
        order = np.argsort(batch, kind="stable")
        batch, numbers = batch[order], numbers[order]
        at = np.searchsorted(self._older, batch)
        merged = np.empty(len(self._older) + len(batch), dtype=np.int64)
        merged_at = np.empty(len(merged), dtype=np.int64)
        mine = np.zeros(len(merged), dtype=bool)
        mine[at + np.arange(len(batch))] = True  # where each of the batch goes among the older ones
        merged[mine], merged[~mine] = batch, self._older
        merged_at[mine], merged_at[~mine] = numbers, self._older_at
        self._older, self._older_at = merged, merged_at

    def _raise(self, earlier: int, doc_id: str, later: str) -> None:
        """Raise for ``doc_id``, read at ``later`` with another text than the article number ``earlier``."""
        first_id, first_place = self._documents.id(earlier), self._documents[earlier].path
        given = [self.given.get(place or "", first_id) for place in (first_place, later)]
        raise DuplicateIdError(f"duplicate article id {first_id!r} in {first_place} and {later}"
                               f"{replaced_in_id(first_id, given)}{composed_apart([first_id, doc_id])}: "
                               "ids must be unique")


def same_text(a: str, b: str) -> bool:
    """Whether two texts read under one id are one article: the same words, whatever white space parts them (an
    export given twice with its lines wrapped anew, a feed's item indented otherwise), as the index takes them.

    >>> same_text("One story.\\n\\nIts second line.", "One story. Its  second line.")
    True
    """
    return a == b or a.split() == b.split()


def text_digest(text: str) -> bytes:
    """A 16-byte digest of an article's text: two texts are compared by it where they lie in two processes (its
    words, whatever white space parts them, as :func:`same_text` compares them)."""
    return hashlib.blake2b(" ".join(text.split()).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def same_article(first_place: str, doc_id: str) -> str:
    """Why an article is skipped that was read before under its id with its text (:meth:`SeenIds.add`).

    >>> same_article("feeds/a.rss[0]", "urn:1")
    "the same article as feeds/a.rss[0] (id 'urn:1'), read once"
    """
    return f"the same article as {first_place} (id {doc_id!r}), read once"
