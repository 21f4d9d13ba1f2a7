"""The process's heap between stages: freed memory given back, one arena, resident bytes (dedup.heap)."""

from __future__ import annotations

import numpy as np
import pytest


def test_freed_memory_is_given_back_where_the_c_library_can() -> None:
    import platform

    from dedup.heap import release_freed

    assert release_freed() == (platform.libc_ver()[0] == "glibc")


def test_one_arena_is_asked_of_the_c_library_where_there_is_one(monkeypatch: pytest.MonkeyPatch) -> None:
    import dedup.heap as heap

    asked = []
    monkeypatch.setattr(heap, "_mallopt", lambda: lambda param, value: asked.append((param, value)) or 1)
    assert heap.one_arena() and asked == [(-8, 1)]  # M_ARENA_MAX, one arena
    monkeypatch.setattr(heap, "_mallopt", lambda: None)  # no glibc: nothing asked, nothing fails
    assert not heap.one_arena()


def test_resident_memory_is_read_where_the_system_tells_it() -> None:
    import sys

    from dedup.heap import resident

    held = resident()
    if sys.platform.startswith("linux"):
        assert held is not None and 10 << 20 < held < 1 << 40
        grown = np.ones(64 << 20, dtype=np.uint8)  # 64 MB touched
        assert resident() - held > 48 << 20  # type: ignore[operator]
        del grown
    else:
        assert held is None


def test_a_frozen_heap_keeps_what_was_alive_frozen_until_the_outermost_block_ends() -> None:
    import gc

    from dedup.heap import freeze_alive, frozen_heap, heap_frozen

    assert gc.get_freeze_count() == 0 and not heap_frozen()
    with frozen_heap():
        assert heap_frozen() and gc.get_freeze_count() > 0
        made = [[k] for k in range(1000)]  # alive, young
        before = gc.get_freeze_count()
        freeze_alive()
        assert gc.get_freeze_count() >= before + len(made)
        with frozen_heap():  # nested: leaving it unfreezes nothing
            pass
        assert heap_frozen() and gc.get_freeze_count() >= before + len(made)
    assert not heap_frozen() and gc.get_freeze_count() == 0


def test_freezing_what_is_alive_outside_a_frozen_heap_freezes_nothing() -> None:
    import gc

    from dedup.heap import freeze_alive

    freeze_alive()
    assert gc.get_freeze_count() == 0


def test_a_frozen_heap_is_unfrozen_when_its_block_fails() -> None:
    import gc

    from dedup.heap import frozen_heap, heap_frozen

    with pytest.raises(KeyError):
        with frozen_heap():
            raise KeyError("x")
    assert not heap_frozen() and gc.get_freeze_count() == 0


def test_a_young_cycle_already_unreachable_is_freed_not_frozen_with_what_is_alive() -> None:
    import gc
    import weakref

    from dedup.heap import freeze_alive, frozen_heap

    class Node:
        pass

    with frozen_heap():
        node = Node()
        node.self = node  # a reference cycle: its reference count never falls to 0
        gone = weakref.ref(node)
        del node
        freeze_alive()
        assert gone() is None  # collected before the freeze, not kept frozen to the block's end
