"""A batch stored (:mod:`dedup.index.bulk_storing`): the storing thread beside the verification."""

from __future__ import annotations

import pytest


def test_beside_lets_the_side_finish_and_raises_its_error() -> None:
    import threading
    import time

    from dedup.index.bulk_storing import beside

    seen: list[str] = []

    def side() -> None:
        time.sleep(0.2)
        seen.append(threading.current_thread().name)

    def failing() -> None:
        raise ValueError("main failed")

    with pytest.raises(ValueError, match="main failed"):
        beside(failing, side, apart=True)
    assert seen == ["dedup-store-batch"]  # done before the error reached the caller
    assert beside(lambda: 7, side, apart=False) == 7 and seen[-1] == threading.current_thread().name

    def side_fails() -> None:
        raise OSError("side failed")

    with pytest.raises(OSError, match="side failed"):
        beside(lambda: 7, side_fails, apart=True)
