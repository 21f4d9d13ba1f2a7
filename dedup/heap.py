"""The process's heap between a scan's stages: freed memory given back, one arena, resident bytes, and
what lives through the scan kept out of the garbage collector's walks.

The C library keeps what a stage freed and gives each thread an arena of its own; a large scan asks it
to give freed pages back (:func:`release_freed`) and, once its corpus outgrew the memory setting, to use
one arena (:func:`one_arena`). :func:`resident` is what verification's chunks are sized against
(:func:`dedup.memory.verify_budget`). :func:`frozen_heap` keeps what a stage leaves alive for the stages
after it (the documents, their signatures' tables, a chunk's features) out of the collector's full walks.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Iterator

__all__ = ["one_arena", "release_freed", "resident", "frozen_heap", "freeze_alive", "heap_frozen"]


@lru_cache(maxsize=None)
def _libc_function(function: str) -> Any:
    """The C library's ``function``, where there is one (``malloc_trim``, ``mallopt``: glibc), else None."""
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), function, None) if name else None
    except OSError:
        return None


def _malloc_trim() -> Any:
    return _libc_function("malloc_trim")


def _mallopt() -> Any:
    return _libc_function("mallopt")


#: glibc's ``mallopt`` parameter for the most arenas its allocator keeps (``M_ARENA_MAX``).
_M_ARENA_MAX = -8


def one_arena() -> bool:
    """Have the C library allocate every thread's memory from one arena from now on (glibc's
    ``M_ARENA_MAX``); True when it could be asked. For the rest of the process: a scan asks it only once
    its corpus has outgrown the memory setting (the texts went to a file).

    Signing threads each got an arena of their own, and what a million articles' batches left in them
    stayed resident after every freed page was given back: 517 MB after signing against 440 MB in one
    arena, in a probe where signing took about two minutes either way (benchmarks/RESULTS.md,
    2026-12-01)."""
    mallopt = _mallopt()
    return bool(mallopt is not None and mallopt(_M_ARENA_MAX, 1))


def release_freed() -> bool:
    """Give the memory freed by a finished stage back to the system; True when it could be asked.

    The C library keeps freed heap memory for later use, and a stage's many small arrays and objects leave
    it in pieces that the next stage's large arrays cannot use: it still counts as the scan's resident
    memory (a million articles read: about 200 MB). ``malloc_trim`` returns every free page of it."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


def resident() -> int | None:
    """Bytes of this process's memory resident now (Linux's ``/proc/self/statm``); None where unknown."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None



@contextmanager
def frozen_heap() -> Iterator[None]:
    """What is alive on entering, and what :func:`freeze_alive` freezes inside, kept out of the garbage
    collector's walks (:func:`gc.freeze`) until leaving; nested, only the outermost unfreezes (what a caller
    had frozen before stays so, with what was frozen here).

    A full collection walks every object the process holds: a Reuters-21578 scan's parent process made seven,
    some 0.6-1.3 s of a 20 s scan in which it works alone, most of it walking the documents and the signing
    tables that live through the scan (benchmarks/RESULTS.md, sixty-fourth round). Nothing is lost: frozen
    objects are freed by their reference counts as before, and a reference cycle among them is collected
    after leaving (they are unfrozen then). Nothing read or written depends on it: the same answers."""
    global _depth
    before = gc.get_freeze_count()
    gc.freeze()
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if not before:
            gc.unfreeze()


def freeze_alive() -> None:
    """Freeze what is alive now inside a :func:`frozen_heap` (a stage's output that the next stages keep);
    nothing outside one (there it would stay frozen until something unfreezes it). The young generations are
    collected first (a few thousand objects at most), so that a stage's fresh reference cycles already unreachable
    are freed now rather than kept frozen to the scan's end."""
    if _depth:
        gc.collect(1)
        gc.freeze()


def heap_frozen() -> bool:
    """Whether a :func:`frozen_heap` is open: what is frozen then stays so until it closes."""
    return _depth > 0


#: Open :func:`frozen_heap` blocks (a scan inside a scan's thread counts its own).
_depth = 0
