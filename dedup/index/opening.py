"""Opening an index and closing it: what is refused before a store opens, stored settings found damaged, a closed index.

A session that cannot start must leave nothing behind: a location of another type, a setting a scan
refuses, common words given as one string are refused before :func:`dedup.index.store.open_storage` can
create a new index (:func:`check_arguments`, :func:`strings_given`); once the store is open, stored settings
that cannot be read are one :class:`~dedup.errors.NotAnIndexError` and the store is closed again
(:func:`closed_on_failure`). A closed index answers every use with one :class:`~dedup.errors.StorageError`
(:class:`Closed`).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

from dedup.errors import DedupError, NotAnIndexError, SettingsError, StorageError
from dedup.index.store import Storage, shown_location
from dedup.signatures import check_seed, check_whole
from dedup.signing import check_channels

__all__ = ["Closed", "check_arguments", "closed_on_failure", "strings_given"]


class Closed:
    """What a closed :class:`Index` holds in its storage's place: every use is one :class:`StorageError` naming
    the index, not the backend's own error (SQLite's ``ProgrammingError: Cannot operate on a closed
    database``, outside dedup's exception tree)."""

    def __init__(self, store: Any) -> None:
        self._where = getattr(store, "shown_url", None) or getattr(store, "path", None) or "the index"

    def close(self) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        raise StorageError(f"{self._where}: this index was closed; open it again (Index.open) to use it")


def check_arguments(location: Any, *, seed: Any, max_bucket: Any, min_words: Any, channels: Any) -> None:
    """Refuse a location of another type, or a setting out of range, before any storage is opened: a new
    index must not be created (a file named "None", or settings a scan refuses) for a session that fails."""
    if not isinstance(location, (str, os.PathLike)):
        raise TypeError(f"an index location is a file path or a redis:// URL, not {type(location).__name__}")
    if seed is not None:
        check_seed(seed)
    for name, value, least in (("max_bucket", max_bucket, 2), ("min_words", min_words, 1)):
        if value is not None:
            check_whole(name, value, least)
    if channels is not None:
        check_channels(channels)


def strings_given(name: str, given: Iterable[str] | None) -> list[str] | None:
    """``common_words`` or ``common_from`` as a list, refused before any storage is opened when it is one string
    (each of its letters would be a word, or a text) or holds anything but strings: ``[5]`` was "its stored
    settings are damaged" and left a new index behind, holding no settings, for a session that failed."""
    if given is None:
        return None
    kind = "words" if name == "common_words" else "texts"
    if isinstance(given, (str, bytes)):
        raise SettingsError(f"{name} must be a collection of {kind}, such as [{given!r:.60}], not one string")
    if not hasattr(given, "__iter__"):
        raise TypeError(f"{name} must be a collection of {kind} (strings), not {type(given).__name__}")
    out = given if isinstance(given, (list, tuple)) else list(given)  # a corpus's texts are not copied
    odd = next((item for item in out if not isinstance(item, str)), _NONE)
    if odd is not _NONE:
        raise TypeError(f"{name} must hold {kind} as strings, not {type(odd).__name__}"
                        + (" (decode the bytes first)" if isinstance(odd, bytes) else ""))
    return list(out) if isinstance(out, tuple) else out


_NONE = object()  # no item found (None is an item)


@contextmanager
def closed_on_failure(store: Storage, location: str | Path) -> Iterator[None]:
    """The settings of the index just opened at ``location`` read, checked and taken inside this block; on
    any failure the store is closed again (a session that cannot start holds no file or connection), and
    settings that cannot be read are one :class:`~dedup.errors.NotAnIndexError` saying to build a new index."""
    try:
        yield
    except SettingsError as exc:  # a stored setting out of range: every argument was checked before the store opened
        store.close()
        raise NotAnIndexError(f"{shown_location(location)}: its stored settings are damaged ({exc}); build a new "
                              "index with dedup index add") from exc
    except DedupError:
        store.close()
        raise
    except (KeyError, TypeError, ValueError) as exc:  # a settings entry written by hand, or damaged
        store.close()
        raise NotAnIndexError(f"{shown_location(location)}: its stored settings are damaged ({type(exc).__name__}: "
                              f"{exc}); build a new index with dedup index add") from exc
    except BaseException:
        store.close()
        raise
