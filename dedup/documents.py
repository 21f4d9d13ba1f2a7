"""The article record every stage uses: Document, and the Corpus a read gives (articles, skips, warnings).

Reading input files is :mod:`dedup.reading`'s work; this module holds only the types, the one date
rule every stage shares (:func:`parse_published`) and the rule that a Document holds valid Unicode.
"""

from __future__ import annotations

import os
import pickle
import re
import struct
import tempfile
from array import array
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Iterable, Iterator, Mapping, Sequence, overload

import numpy as np

from dedup.spools import gather_rows

__all__ = ["Document", "Documents", "Corpus", "Skipped", "parse_published", "published_iso", "texts_of", "valid_unicode", "with_ids",
           "replaced_in_id"]

#: The fields of a Document that are text when given.
_OPTIONAL_TEXT = ("title", "outlet", "published", "url", "path", "language")
_SURROGATES = re.compile("[\ud800-\udfff]")
#: What a spilled article's entry holds (:class:`Documents`), each a 64-bit number: where its record and its
#: text start and where they end in the file, its text's length in characters, where its id starts and ends
#: in the id file.
ENTRY_FIELDS = 6
_ENTRY = "<6q"
_ENTRY_BYTES = 8 * ENTRY_FIELDS
#: Entries of spilled articles held in memory before they go to their file together (and read back at once
#: when every id or many lengths are asked for): 3 MB.
INDEX_BLOCK = 1 << 16
#: How deep :func:`valid_unicode` looks into a record's metadata (the reader refuses deeper JSON records).
_META_DEPTH = 64


def valid_unicode(value: Any) -> Any:
    r"""``value`` (a string, or a JSON value holding strings) with every lone surrogate replaced by U+FFFD:
    JSON escapes such as ``"\ud800"``, undecodable bytes read with ``surrogateescape``; no UTF-8 writer (the
    tokeniser, SQLite, Redis, a JSON or HTML report, a terminal) takes them. ``value`` itself when it holds
    none.

    >>> valid_unicode("caf\udce9 " + "\ud83d") == "caf\ufffd \ufffd"
    True
    """
    if isinstance(value, str):
        return value if value.isascii() or not _SURROGATES.search(value) else _SURROGATES.sub("\ufffd", value)
    if not _has_surrogates(value):
        return value
    if isinstance(value, Mapping):
        return {valid_unicode(k): valid_unicode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [valid_unicode(v) for v in value]
    if isinstance(value, tuple):
        return tuple(valid_unicode(v) for v in value)
    return value


def replaced_in_id(doc_id: str, given: Sequence[str] = ()) -> str:
    r"""What an error about a duplicate id adds when the id holds U+FFFD, which stands for a character an
    id cannot hold (a lone surrogate, a control character) in every id made: two ids that differed only
    there became one. ``given``: the ids as they were given, where known (written escaped).

    >>> replaced_in_id("a\ufffd", ["a\ud800", "a\udfff"]).startswith(r" (the ids 'a\ud800' and 'a\udfff' became one")
    True
    >>> replaced_in_id("a")
    ''
    """
    if "\ufffd" not in doc_id:
        return ""
    what = "a character no id can hold, a lone surrogate or a control character, was replaced by U+FFFD"
    named = [repr(g) for g in dict.fromkeys(given) if g != doc_id]  # repr writes a lone surrogate \\ud800
    if len(named) >= 2:
        return f" (the ids {named[0]} and {named[1]} became one when {what})"
    if named:
        return f" (the id {named[0]} became this one when {what})"
    return (" (its U+FFFD may stand for a character no id can hold, a lone surrogate or a control character, "
            "replaced when the article was made: ids that differed only there are one)")


_JSON_SCALARS = (str, int, float, bool, type(None))


def _nested(value: Any) -> Iterator[Any]:
    """``value`` and every value nested in it (a mapping's keys and values, a list's or a tuple's items), a
    level at a time, no deeper than :data:`_META_DEPTH`: what :func:`_meta_findings` and :func:`_has_surrogates`
    look through."""
    level = [value]
    for _ in range(_META_DEPTH):
        nested: list[Any] = []
        for item in level:
            yield item
            kind = type(item)  # the exact types first: isinstance of an abstract class (Mapping) is slow
            if kind is str:
                continue
            if kind is dict:
                nested += item.keys()
                nested += item.values()
            elif kind is list:
                nested += item
            elif isinstance(item, Mapping):
                nested += item.keys()
                nested += item.values()
            elif isinstance(item, tuple):
                nested += item
        if not nested:
            return
        level = nested


def _meta_findings(value: Any) -> tuple[Any, bool]:
    """In one pass over ``value`` (:func:`_nested`): the first value nested in it that JSON writes no value of
    (None: none), and whether a string in it (keys too) holds a lone surrogate.

    >>> _meta_findings({"tags": ["a", 1, None], "seen": {1}})
    ({1}, False)
    """
    surrogates = False
    for item in _nested(value):
        if isinstance(item, str):
            surrogates = surrogates or (not item.isascii() and _SURROGATES.search(item) is not None)
        elif isinstance(item, Mapping):
            key = next((k for k in item if not isinstance(k, _JSON_SCALARS)), None)  # JSON writes string keys
            if key is not None:
                return key, surrogates
        elif not isinstance(item, (int, float, bool, type(None), list, tuple)):
            return item, surrogates
    return None, surrogates


def _has_surrogates(value: Any) -> bool:
    """Whether a string, or the strings (keys too) of mappings and lists nested in ``value``, hold a lone
    surrogate (:func:`_nested`)."""
    return any(isinstance(item, str) and not item.isascii() and _SURROGATES.search(item) is not None
               for item in _nested(value))


@dataclass(frozen=True)
class Document:
    """One article.

    ``text`` is the normalised article body; every character offset dedup reports (sentences, passages,
    alignment spans) points into it. ``meta`` keeps any extra fields of the input as they were (what a JSON
    report writes: strings, numbers, True, False, None, lists and mappings; anything else is a TypeError here,
    not at the report's write).
    ``language`` is the ISO 639-1 code the input gave (a ``language`` field, HTML ``lang``), else None:
    :func:`dedup.language.language_of` detects it where an answer depends on it.

    >>> Document(id="a", text="Some wire copy.").outlet is None
    True
    """

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)
    path: str | None = None
    language: str | None = None

    def __post_init__(self) -> None:
        # A wrong type here used to surface stages later as an AttributeError deep in a stage (a datetime
        # as ``published``) or as an id that is a number in one report and a string in the next.
        for name in ("id", "text"):
            if not isinstance(getattr(self, name), str):
                raise TypeError(f"Document.{name} must be a string, not {type(getattr(self, name)).__name__}"
                                + (" (decode the bytes first)" if isinstance(getattr(self, name), bytes) else ""))
        for name in _OPTIONAL_TEXT:
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                hint = " (give value.isoformat())" if name == "published" and hasattr(value, "isoformat") else ""
                raise TypeError(f"Document.{name} must be a string or None, not {type(value).__name__}{hint}")
        if not isinstance(self.meta, Mapping):
            raise TypeError(f"Document.meta must be a mapping, not {type(self.meta).__name__}")
        # a set, bytes, a datetime or numpy's int64 in it scanned, and the JSON report failed at the very end
        odd, surrogates = _meta_findings(self.meta) if self.meta else (None, False)
        if odd is not None:
            hint = (" (give value.isoformat())" if hasattr(odd, "isoformat") else " (decode the bytes first)"
                    if isinstance(odd, bytes) else " (give a list)" if isinstance(odd, (set, frozenset)) else
                    " (give int(value) or float(value))" if hasattr(odd, "dtype") else "")
            raise TypeError(f"Document.meta must hold what a JSON report writes (strings, numbers, True, False, None, "
                            f"lists and mappings), not {type(odd).__name__}{hint}")
        # A lone surrogate ("\ud800", as surrogateescape decoding or a JSON escape gives) scans, but no UTF-8
        # writer takes it: the JSON and HTML reports, the terminal, SQLite and Redis failed on it. Every
        # Document is valid Unicode instead, each one replaced by U+FFFD, as the reader replaces them.
        for name in ("id", "text", *_OPTIONAL_TEXT):
            value = getattr(self, name)
            if value is not None and not value.isascii() and _SURROGATES.search(value):
                object.__setattr__(self, name, _SURROGATES.sub("\ufffd", value))
        if surrogates:
            object.__setattr__(self, "meta", valid_unicode(self.meta))

    def to_dict(self, *, with_text: bool = True) -> dict[str, Any]:
        """The JSON form used in every output (``text`` optional to keep large reports small)."""
        out: dict[str, Any] = {"id": self.id}
        if with_text:
            out["text"] = self.text
        for key in ("title", "outlet", "published", "url", "path", "language"):
            out[key] = getattr(self, key)
        if self.meta:
            out["meta"] = dict(self.meta)
        return out


@dataclass(frozen=True)
class Skipped:
    """An input that was not read as an article, and why. ``article``: False for a file that was never one
    (an unsupported type, a project file such as README) or an article read once already (its id and text met
    before: ``check`` checked it), True for an article that could not be read."""

    path: str
    reason: str
    article: bool = True


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


@dataclass(frozen=True)
class Corpus:
    """What :func:`dedup.reading.read_corpus` found: the articles, what it skipped, and warnings.

    ``documents`` is a tuple, or :class:`Documents` when a large read kept the texts in a file."""

    documents: Sequence[Document]
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[str, ...] = ()


def parse_published(value: str | None) -> datetime | None:
    """A date as a UTC datetime, else None: ISO 8601 (RFC 3339, as Atom and JSON Feed write it; naive ones are
    taken as UTC), or RFC 2822 (RFC 822, as an RSS ``pubDate`` writes it: ``Tue, 10 Jun 2003 04:00:00 GMT``,
    with an offset such as ``+0000`` or ``-0500``, ``UT``, ``GMT``, ``Z`` or a North American zone such as
    ``EST``; without one, or ``-0000``, in UTC). An RFC 2822 date in another zone's name (``CEST``,
    ``IST``: some of them name two zones) is no date: its hour cannot be placed.

    >>> parse_published("2024-07-08T10:00:00+02:00").isoformat()
    '2024-07-08T08:00:00+00:00'
    >>> parse_published("Tue, 10 Jun 2003 04:00:00 EST").isoformat()
    '2003-06-10T09:00:00+00:00'
    """
    parsed = _parsed(value)
    if parsed is None:
        return None
    try:
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
    except (ValueError, OverflowError):  # one that leaves the calendar in UTC (0001-01-01+05:00)
        return None


def published_iso(value: str | None) -> str | None:
    """A date as the reader keeps it, or None when :func:`parse_published` reads none: an ISO 8601 one as
    given, an RFC 2822 one in ISO 8601 with the offset it was given (in UTC without one), so that every
    article's ``published`` is written one way whatever its feed wrote.

    >>> published_iso("Tue, 10 Jun 2003 04:00:00 -0500"), published_iso("2003-06-10")
    ('2003-06-10T04:00:00-05:00', '2003-06-10')
    """
    if parse_published(value) is None:
        return None
    rfc = _rfc2822(value)
    if rfc is None:  # ISO 8601
        return value
    return (rfc if rfc.tzinfo else rfc.replace(tzinfo=timezone.utc)).isoformat()


#: An RFC 2822 date-time (RFC 822's, with a two-digit year too): an optional day name, the day, the month's
#: name, the year (from 1000, or two digits), the time and a zone :func:`email.utils.parsedate_to_datetime` places (or none).
_RFC2822 = re.compile(r"\s*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s*,?\s*)?\d{1,2}\s+"
                      r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:[1-9]\d{3}|\d{2})\s+"
                      r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{4}|ut|utc|gmt|z|[ecmp][sd]t)?\s*", re.IGNORECASE | re.ASCII)


def _parsed(value: str | None) -> datetime | None:
    """``value`` read as ISO 8601, else as RFC 2822, naive or with its offset; else None."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().upper().replace("Z", "+00:00"))  # RFC 3339 allows t and z
    except (ValueError, OverflowError):
        return _rfc2822(value)


def _rfc2822(value: str | None) -> datetime | None:
    """``value`` read as an RFC 2822 date (:data:`_RFC2822`), naive or with its offset; else None."""
    if not value or _RFC2822.fullmatch(value) is None:
        return None
    try:
        return parsedate_to_datetime(value)
    except (ValueError, TypeError, OverflowError, IndexError):  # 31 Feb, 25:00, an offset of +9999
        return None
