"""Where a timed check's or add's CPU goes, stage by stage (``ingest_speed.py --stages``).

The p99 of ``check`` and ``add`` is a handful of operations (a wire form meeting dozens of stored forms, a
collection, a checkpoint): ``--slowest N`` says which, and ``--stages`` says where each spent its CPU. The
index's stages are wrapped for the timed operations only (:class:`StageClock`), each call timed with
``process_time``; what no stage holds (signing, the commit and any checkpoint in it, the matches built) is
the operation's CPU less its top-level stages. Nested stages (the alignment and the refilled links read
inside verification) are shown inside theirs.

Wrapping costs a few microseconds a call: read the stages against each other, and time the medians and
p99 without ``--stages``.
"""

from __future__ import annotations

import importlib
import time
from typing import Any, Callable

__all__ = ["STAGES", "StageClock", "shown"]

#: ``(module, attribute, label, inside)``: what is wrapped, as the index's code calls it (a function imported
#: by name is wrapped in the module that calls it), and the stage it runs inside (None: top level).
STAGES: tuple[tuple[str, str, str, str | None], ...] = (
    ("dedup.index.matching", "Matching._partners", "candidates", None),  # lookup, assembly, rows read back
    ("dedup.index.store_sqlite", "SQLiteStorage.lookup", "lookup", "candidates"),
    ("dedup.index.matching", "score_candidates", "exact scores", None),
    ("dedup.index.matching", "hopes_before_spread", "pre-spread cut", None),
    ("dedup.index.matching", "Matching._known_stretches", "stretches read", None),
    ("dedup.index.matching", "verify", "verification", None),
    ("dedup.verify", "align_pairs", "alignment", "verification"),
    ("dedup.features", "refilled_links", "refilled links", "verification"),
    ("dedup.index.store_sqlite", "SQLiteStorage.insert", "insert", None),
)


class StageClock:
    """While active (a ``with`` block), the :data:`STAGES` wrapped: between :meth:`start` and :meth:`stop`,
    each stage's CPU seconds are summed."""

    def __init__(self) -> None:
        self._current: dict[str, float] | None = None
        self._undo: list[Callable[[], None]] = []

    def _wrapped(self, original: Callable[..., Any], label: str) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            current = self._current
            if current is None:
                return original(*args, **kwargs)
            started = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                current[label] = current.get(label, 0.0) + time.process_time() - started

        return timed

    def __enter__(self) -> "StageClock":
        for module, attribute, label, _ in STAGES:
            owner: Any = importlib.import_module(module)
            *path, name = attribute.split(".")
            for part in path:
                owner = getattr(owner, part)
            had = name in vars(owner)
            original = getattr(owner, name)
            setattr(owner, name, self._wrapped(original, label))
            self._undo.append(lambda o=owner, n=name, f=original, h=had: setattr(o, n, f) if h else delattr(o, n))
        return self

    def __exit__(self, *exc: object) -> None:
        while self._undo:
            self._undo.pop()()

    def start(self) -> None:
        self._current = {}

    def stop(self) -> dict[str, float]:
        """The CPU milliseconds of each stage since :meth:`start` (only stages that ran)."""
        found, self._current = self._current or {}, None
        return {label: round(seconds * 1000, 3) for label, seconds in found.items()}


def shown(stages: dict[str, float], cpu_ms: float) -> str:
    """One operation's stages as a line: top-level stages with their nested ones in brackets, then the
    rest (``other``: the operation's CPU less its top-level stages)."""
    parts, top = [], 0.0
    for _, _, label, inside in STAGES:
        if inside is not None or label not in stages:
            continue
        top += stages[label]
        nested = [f"{name} {stages[name]:.1f}" for _, _, name, within in STAGES if within == label and name in stages]
        parts.append(f"{label} {stages[label]:.1f}" + (f" ({', '.join(nested)})" if nested else ""))
    parts.append(f"other {max(0.0, cpu_ms - top):.1f}")
    return ", ".join(parts)
