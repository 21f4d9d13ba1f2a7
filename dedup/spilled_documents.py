"""A corpus's articles kept in order in little memory: :class:`Documents`, its ids packed while held, its
records and texts in temporary files once they pass a size, read back an article or a block at a time.

Apart from :mod:`dedup.documents` (the record itself) because a scan bounded by its memory setting needs its
articles held this way, while every other stage reads one Document at a time: :func:`texts_of` and
:func:`with_ids` read a list and a :class:`Documents` alike.
"""

from __future__ import annotations

import os
import pickle
import struct
import tempfile
from array import array
from dataclasses import replace
from typing import Any, Iterable, Iterator, Sequence, overload

import numpy as np

from dedup.documents import Document
from dedup.spools import gather_rows

__all__ = ["Documents", "texts_of", "with_ids"]

#: What a spilled article's entry holds (:class:`Documents`), each a 64-bit number: where its record and its
#: text start and where they end in the file, its text's length in characters, where its id starts and ends
#: in the id file.
ENTRY_FIELDS = 6
_ENTRY = "<6q"
_ENTRY_BYTES = 8 * ENTRY_FIELDS
#: Entries of spilled articles held in memory before they go to their file together (and read back at once
#: when every id or many lengths are asked for): 3 MB.
INDEX_BLOCK = 1 << 16


class Documents(Sequence[Document]):
    """A corpus's articles in order: in memory, or, once their texts pass ``spill`` characters, written to
    a temporary file with nothing held per article.

    A million wire stories are about 1.1 GB of text and 1.8 GB as Python objects (their records alone,
    ids, paths and fields, over 0.7 GB), more than a scan bounded by its memory setting can hold beside its
    band keys; the stages need a few articles at a time (a batch to sign, a chunk of candidate pairs to
    verify). Held, the ids are packed, one UTF-8 string after another, and made into strings when asked
    for. Once spilled, each article is its record and text in one file, its id in a second, and an entry
    of fixed width in a third that says where they lie and the text's length (:data:`ENTRY_FIELDS`): the
    latest :data:`INDEX_BLOCK` entries wait in memory, the rest are read back with a positioned read when
    asked for, so what a scan holds for its articles no longer grows with the corpus (46 bytes an article
    as arrays: 46 MB at a million). An article asked for is read back with positioned reads (safe from
    several threads and forked workers) and built again. The files go when the object does. A copy
    pickled to another process carries the articles themselves.

    >>> docs = Documents([Document("a", "One text."), Document("b", "Another text.")], spill=0)
    >>> docs[1].text, docs.spilled, len(docs)
    ('Another text.', True, 2)
    """

    def __init__(self, documents: Iterable[Document] = (), *, spill: int | None = None) -> None:
        self._held: list[Document] = []  # the articles, until their texts pass the spill
        self._id_bytes = bytearray()  # held: every id, UTF-8, one after another; spilled: those not yet written
        self._id_ends = array("q", [0])  # held: id k is _id_bytes[_id_ends[k]:_id_ends[k + 1]]
        self._chars = array("q")  # held: each text's length in characters
        # spilled: article k is bytes record:text of the file (its record without the text, pickled: a file
        # this object wrote and alone reads) and text:end (its text, UTF-8); its id bytes id_start:id_end of
        # the id file; entries of the articles before _indexed in the entry file, the later ones in _entries
        self._entries = array("q")
        self._indexed = 0
        self._end = 0  # bytes written to the file, and to the id file
        self._id_end = 0
        self._spill = spill
        self._total = 0
        self._count = 0
        self._file: Any = None
        self._ids: Any = None
        self._index: Any = None
        self._unflushed = False
        for doc in documents:
            self.append(doc)

    @property
    def spilled(self) -> bool:
        return self._file is not None

    def append(self, doc: Document) -> None:
        self._count += 1
        self._total += len(doc.text)
        if self._file is not None:
            self._write(doc)
            return
        self._id_bytes += doc.id.encode("utf-8", "surrogatepass")
        self._id_ends.append(len(self._id_bytes))
        self._chars.append(len(doc.text))
        self._held.append(doc)
        if self._spill is not None and self._total > self._spill:
            self._file = tempfile.TemporaryFile(prefix="dedup-texts-")
            self._ids = tempfile.TemporaryFile(prefix="dedup-ids-", buffering=0)
            self._index = tempfile.TemporaryFile(prefix="dedup-entries-", buffering=0)
            held, self._held = self._held, []
            self._id_bytes, self._id_ends, self._chars = bytearray(), array("q", [0]), array("q")
            for kept in held:
                self._write(kept)

    def _write(self, doc: Document) -> None:
        record = pickle.dumps(replace(doc, text=""), protocol=pickle.HIGHEST_PROTOCOL)
        text = doc.text.encode("utf-8", "surrogatepass")
        self._file.write(record)
        self._file.write(text)
        self._unflushed = True
        doc_id = doc.id.encode("utf-8", "surrogatepass")
        self._id_bytes += doc_id
        start, id_start = self._end, self._id_end
        self._end += len(record) + len(text)
        self._id_end += len(doc_id)
        self._entries.extend((start, start + len(record), self._end, len(doc.text), id_start, self._id_end))
        if len(self._entries) >= INDEX_BLOCK * ENTRY_FIELDS:
            self._ids.write(self._id_bytes)
            self._index.write(self._entries.tobytes())
            self._indexed += len(self._entries) // ENTRY_FIELDS
            self._id_bytes, self._entries = bytearray(), array("q")

    def _entry(self, k: int) -> tuple[int, ...]:
        """Where spilled article ``k`` (from 0) lies: :data:`ENTRY_FIELDS` numbers."""
        if k >= self._indexed:
            at = (k - self._indexed) * ENTRY_FIELDS
            return tuple(self._entries[at : at + ENTRY_FIELDS])
        return struct.unpack(_ENTRY, os.pread(self._index.fileno(), _ENTRY_BYTES, k * _ENTRY_BYTES))

    def _entry_block(self, lo: int, hi: int) -> np.ndarray:
        """The entries of spilled articles ``lo`` to ``hi``, one row each (read in one positioned read)."""
        parts = []
        if lo < self._indexed:
            upto = min(hi, self._indexed)
            data = os.pread(self._index.fileno(), (upto - lo) * _ENTRY_BYTES, lo * _ENTRY_BYTES)
            parts.append(np.frombuffer(data, dtype="<i8").reshape(-1, ENTRY_FIELDS))
        if hi > self._indexed:
            tail = np.frombuffer(self._entries, dtype=np.int64).reshape(-1, ENTRY_FIELDS)
            parts.append(tail[max(0, lo - self._indexed) : hi - self._indexed].copy())
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def _read(self, start: int, end: int) -> bytes:
        if self._unflushed:
            self._file.flush()
            self._unflushed = False
        return os.pread(self._file.fileno(), end - start, start)

    def _id_data(self, start: int, end: int) -> bytes:
        """Bytes ``start:end`` of the spilled ids: from the id file, from those not yet written, or both."""
        written = self._id_end - len(self._id_bytes)
        if start >= written:
            return bytes(self._id_bytes[start - written : end - written])
        return os.pread(self._ids.fileno(), min(end, written) - start, start) + bytes(self._id_bytes[: max(0, end - written)])

    def text(self, k: int) -> str:
        """The text of article ``k`` (negative counts from the end)."""
        k = range(len(self))[k]
        if self._file is None:
            return self._held[k].text
        _, text, end, *_ = self._entry(k)
        return self._read(text, end).decode("utf-8", "surrogatepass")

    def id(self, k: int) -> str:
        """The id of article ``k`` (negative counts from the end), without reading its record back."""
        k = range(len(self))[k]
        if self._file is None:
            return self._id_bytes[self._id_ends[k] : self._id_ends[k + 1]].decode("utf-8", "surrogatepass")
        *_, start, end = self._entry(k)
        return self._id_data(start, end).decode("utf-8", "surrogatepass")

    def _all_ids(self) -> Iterator[str]:
        """Every id in order, a block of entries and their ids read at a time once spilled."""
        if self._file is None:
            yield from (self.id(k) for k in range(len(self)))
            return
        for lo in range(0, len(self), INDEX_BLOCK):
            block = self._entry_block(lo, min(lo + INDEX_BLOCK, len(self)))
            first, last = int(block[0, 4]), int(block[-1, 5])
            data = self._id_data(first, last)
            for start, end in (block[:, 4:6] - first).tolist():
                yield data[start:end].decode("utf-8", "surrogatepass")

    def select(self, ids: set[str]) -> list[Document]:
        """The articles whose ids are in ``ids``, in corpus order: only theirs are read back."""
        return [self[k] for k, doc_id in enumerate(self._all_ids()) if doc_id in ids]

    def lengths(self) -> list[int]:
        """Each text's length in characters, without reading any text back."""
        return self.lengths_of(np.arange(len(self))).tolist()

    def lengths_of(self, numbers: Sequence[int] | np.ndarray) -> np.ndarray:
        """The lengths in characters of the texts of articles ``numbers`` (int64), without reading any text
        back: once spilled, only the blocks of entries that hold them are read."""
        numbers = np.asarray(numbers, dtype=np.int64).reshape(-1)
        if len(numbers) and (numbers.min() < 0 or numbers.max() >= len(self)):
            raise IndexError(f"article out of range: there are {len(self)}")
        if self._file is None:
            return np.frombuffer(self._chars, dtype=np.int64)[numbers] if len(self._chars) else np.zeros(0, np.int64)
        return gather_rows(numbers, INDEX_BLOCK, lambda first, end: self._entry_block(first, end)[:, 3],
                           np.empty(len(numbers), dtype=np.int64))

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, k: int) -> Document: ...
    @overload
    def __getitem__(self, k: slice) -> list[Document]: ...

    def __getitem__(self, k: int | slice) -> Document | list[Document]:
        if isinstance(k, slice):
            return [self[i] for i in range(len(self))[k]]
        if self._file is None:
            return self._held[k]
        k = range(len(self))[k]
        start, text, end, *_ = self._entry(k)
        data = self._read(start, end)
        cut = text - start
        return replace(pickle.loads(data[:cut]), text=data[cut:].decode("utf-8", "surrogatepass"))

    def __iter__(self) -> Iterator[Document]:
        return (self[k] for k in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (Documents, tuple, list)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (Documents, (tuple(self),))

    def __repr__(self) -> str:
        return f"Documents({len(self)} articles{', in a temporary file' if self.spilled else ''})"


class _Texts(Sequence[str]):
    """The texts of :class:`Documents`, read back only when asked for (slices with steps too)."""

    def __init__(self, docs: Documents) -> None:
        self._docs = docs

    def __len__(self) -> int:
        return len(self._docs)

    def __getitem__(self, k: int | slice) -> Any:
        if isinstance(k, slice):
            return [self._docs.text(i) for i in range(len(self._docs))[k]]
        return self._docs.text(k)


def with_ids(docs: Sequence[Document], ids: set[str]) -> list[Document]:
    """The articles of ``docs`` whose ids are in ``ids``, in order (without reading other texts back)."""
    return docs.select(ids) if isinstance(docs, Documents) else [d for d in docs if d.id in ids]


def texts_of(docs: Sequence[Document]) -> Sequence[str]:
    """The articles' texts as a sequence: read back one at a time when they wait in a file."""
    return _Texts(docs) if isinstance(docs, Documents) else [d.text for d in docs]
