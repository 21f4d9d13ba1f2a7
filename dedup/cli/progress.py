"""Progress bars on stderr while a command works (none when quiet or not on a terminal), and with -v a line
per finished stage."""

from __future__ import annotations

import logging
import sys
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
from rich.text import Text

from dedup.report.wiredesk import plural

#: The logger's name is the one -v has always printed ("INFO dedup.cli.app: read: 11 files"), kept when the
#: bars left the app's module.
log = logging.getLogger("dedup.cli.app")


#: What each stage counts (for -v).
_UNITS = {"read": "file", "sign": "article", "verify": "candidate pair", "align": "pair", "index": "article",
          "parts read": "part", "parts signed": "part", "parts paired": "part",
          "parts verified": "part"}


class _Rate(ProgressColumn):
    """Items a second, once there is a rate to show."""

    def render(self, task: Any) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f}/s" if speed else "", style="progress.data.speed")


class progress_bars:
    """A rich progress bar per stage on stderr (count, rate, time left); none when quiet or not on a
    terminal. With -v, each finished stage is also logged with its count."""

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self.bar: Progress | None = None
        self.tasks: dict[str, Any] = {}
        self.logged: set[str] = set()

    def __enter__(self):  # type: ignore[no-untyped-def]
        if self.enabled:
            self.bar = Progress(TextColumn("{task.description:<7}"), BarColumn(), MofNCompleteColumn(), _Rate(),
                                TimeRemainingColumn(), transient=True)
            self.bar.start()
        return self.update

    def update(self, stage: str, done: int, total: int) -> None:
        if self.bar is not None:
            if stage not in self.tasks:
                self.tasks[stage] = self.bar.add_task(stage, total=total)
            self.bar.update(self.tasks[stage], completed=done, total=total)
        if done >= total and stage not in self.logged:
            self.logged.add(stage)
            log.info("%s: %s", stage, plural(total, _UNITS.get(stage, "item")))

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
