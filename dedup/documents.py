"""The article record every stage uses: Document, and the Corpus a read gives (articles, skips, warnings).

Reading input files is :mod:`dedup.reading`'s work; this module holds only the types and the rule that a
Document holds valid Unicode. A large corpus's articles kept in a temporary file are
:mod:`dedup.spilled_documents`'s; the one date rule every stage shares is :mod:`dedup.dates`'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping, Sequence

__all__ = ["Document", "Corpus", "Skipped", "valid_unicode", "replaced_in_id"]

#: The fields of a Document that are text when given.
_OPTIONAL_TEXT = ("title", "outlet", "published", "url", "path", "language")
_SURROGATES = re.compile("[\ud800-\udfff]")
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
    before: ``check`` checked it), True for an article that could not be read. ``counted``: 0 for one input named
    here; else the row counts that many of a file's lines or items skipped past those named, for one reason
    (:mod:`dedup.skips`: ``path`` the file, ``reason`` "and 2,999,000 more lines: ...")."""

    path: str
    reason: str
    article: bool = True
    counted: int = 0


@dataclass(frozen=True)
class Corpus:
    """What :func:`dedup.reading.read_corpus` found: the articles, what it skipped, and warnings.

    ``documents`` is a tuple, or :class:`Documents` when a large read kept the texts in a file."""

    documents: Sequence[Document]
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[str, ...] = ()
