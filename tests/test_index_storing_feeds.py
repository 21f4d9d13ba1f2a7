"""``Index.add_many`` of a feed (dedup.index.storing) that fails or is interrupted midway: the articles it gave
before a failure are added, none of a batch in progress when it is interrupted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import dedup
from dedup.index import Index

from _bad_input_files import TEXT
from _bad_input_helpers import _articles, index, template  # noqa: F401 - fixtures


@pytest.mark.parametrize("fails", ["raises", "gives-none"])
def test_add_many_of_a_feed_that_fails_midway_keeps_the_articles_it_gave(index: Path, fails: str) -> None:
    # the articles taken from the feed before it failed were dropped with the batch in progress
    def feed() -> Any:
        yield dedup.Document("feed-1", TEXT)
        yield dedup.Document("feed-2", TEXT.replace("Belarus", "Minsk"))
        if fails == "raises":
            raise ConnectionError("the feed's server went away")
        yield None

    with Index.open(index) as opened:
        with pytest.raises((ConnectionError, TypeError)) as raised:
            opened.add_many(feed())
        assert raised.value.__notes__ == ["dedup: the 2 articles given before it were added"]
        assert opened.contains("feed-1") and opened.contains("feed-2")
    assert _articles(index) == 3


def test_add_many_interrupted_while_its_feed_is_read_adds_nothing_of_the_batch_in_progress(index: Path) -> None:
    # a Ctrl-C while the feed was read added the articles read so far of the batch in progress (`index add`
    # said "the batch in progress is not" kept, and a stop took a batch's verification first)
    def feed() -> Any:
        yield dedup.Document("feed-1", TEXT)
        yield dedup.Document("feed-2", TEXT.replace("Belarus", "Minsk"))
        raise KeyboardInterrupt

    with Index.open(index) as opened:
        with pytest.raises(KeyboardInterrupt):
            opened.add_many(feed())
        assert not opened.contains("feed-1") and not opened.contains("feed-2")
    assert _articles(index) == 1
