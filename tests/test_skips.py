"""A read's skips in bounded memory (dedup.skips): the first of a file's lines or items named, the rest counted by
reason, every count exact; the same rows whether a file is read whole or in parts merged (the Dask engine)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from dedup import skips as skips_module
from dedup.documents import Corpus, Skipped
from dedup.parts import plan_parts
from dedup.reading import read_corpus, read_part
from dedup.skips import KEPT_A_FILE, OTHER_REASONS, REASONS_A_FILE, REASONS_A_PART, Skips, file_of, skipped_count

NO_TEXT = "no 'text' field (or 'html') with the article"


def _lines(n: int, reason: str = NO_TEXT, file: str = "feed.jsonl") -> list[Skipped]:
    return [Skipped(f"{file}:{i}", reason) for i in range(1, n + 1)]


def test_the_first_skips_of_a_file_are_named_and_the_rest_counted_by_reason() -> None:
    skips = Skips()
    skips.extend(_lines(3_000))
    rows = list(skips)
    assert skips.count == skipped_count(rows) == 3_000
    assert rows[:KEPT_A_FILE] == _lines(KEPT_A_FILE)
    assert rows[KEPT_A_FILE:] == [Skipped("feed.jsonl", f"and {3_000 - KEPT_A_FILE:,} more lines: no 'text' field with "
                                                        "the article", counted=3_000 - KEPT_A_FILE)]


def test_a_file_named_itself_is_always_named_whatever_the_count() -> None:
    skips = Skips(kept_a_file=1, kept_a_read=1)
    skips.extend(Skipped(f"notes{i}.doc", "an unsupported type") for i in range(5))
    assert [s.path for s in skips] == [f"notes{i}.doc" for i in range(5)] and skips.count == 5


def test_a_counted_row_names_lines_or_items_and_keeps_whether_they_were_articles() -> None:
    skips = Skips(kept_a_file=1)
    skips.extend([Skipped("list.json[0]", "empty"), Skipped("list.json[1]", "empty"),
                  Skipped("list.json[2]", "the same article as list.json[0] (id 'a'), read once", article=False),
                  Skipped("list.json[3]", "empty")])
    assert list(skips)[1:] == [Skipped("list.json", "and 2 more items: empty", counted=2),
                               Skipped("list.json", "and 1 more item: the same article as list.json[0], read once",
                                       article=False, counted=1)]


def test_reasons_past_the_bound_are_counted_as_other_reasons_last() -> None:
    skips = Skips(kept_a_file=0)
    skips.extend(Skipped(f"f.jsonl:{i}", f"reason {i}") for i in range(REASONS_A_FILE + 5))
    rows = list(skips)
    assert len(rows) == REASONS_A_FILE + 1 and skips.count == REASONS_A_FILE + 5
    assert rows[-1] == Skipped("f.jsonl", f"and 5 more lines: {OTHER_REASONS}", counted=5)


def test_the_read_bound_counts_the_lines_of_later_files() -> None:
    skips = Skips(kept_a_file=3, kept_a_read=4)
    skips.extend(_lines(3, file="a.jsonl") + _lines(3, file="b.jsonl"))
    assert [(s.path, s.counted) for s in skips] == [("a.jsonl:1", 0), ("a.jsonl:2", 0), ("a.jsonl:3", 0),
                                                    ("b.jsonl:1", 0), ("b.jsonl", 2)]


def test_a_file_forgotten_leaves_the_others_and_the_count_exact() -> None:
    skips = Skips(kept_a_file=2)
    skips.extend(_lines(2, file="a.jsonl") + _lines(5) + [Skipped("feed.jsonl", "whole")])
    skips.forget("feed.jsonl")
    skips.append(Skipped("feed.jsonl", "JSON written over several lines"))
    assert [s.path for s in skips] == ["a.jsonl:1", "a.jsonl:2", "feed.jsonl"] and skips.count == 3
    skips.extend(_lines(3))  # the file's bound counted again from none
    assert [s.counted for s in skips][-3:] == [0, 0, 1]


@pytest.mark.parametrize("cut", [0, 1, 50, 150, 599])
def test_rows_merged_again_are_the_rows_of_one_read(cut: int) -> None:
    given = [Skipped(f"f.jsonl:{i}", f"malformed (at {i})" if i % 3 else f"reason {i % 37}") for i in range(600)]
    whole = Skips(kept_a_file=100)
    whole.extend(given)
    # a part tells more reasons apart, as read_part's does: the merge tells apart those the whole read does
    first, second = (Skips(kept_a_file=100, reasons=REASONS_A_PART) for _ in range(2))
    first.extend(given[:cut])
    second.extend(given[cut:])
    merged = Skips(kept_a_file=100)
    merged.extend([*first, *second])
    assert list(merged) == list(whole) and merged.count == whole.count == 600


def test_a_part_that_tells_fewer_reasons_apart_would_merge_otherwise() -> None:
    # why parts tell more apart: a reason seen first in an earlier part, put among "other reasons" by a later one
    given = [Skipped(f"f.jsonl:{i}", f"reason {i % 37}") for i in range(600)]
    whole, first, second, merged = (Skips(kept_a_file=100) for _ in range(4))
    whole.extend(given)
    first.extend(given[:50])
    second.extend(given[50:])
    merged.extend([*first, *second])
    assert list(merged) != list(whole) and merged.count == whole.count


def test_file_of_names_the_file_of_a_line_or_an_item() -> None:
    assert file_of("a:b.jsonl:3") == ("a:b.jsonl", "line")
    assert file_of("feeds/x.rss[12]") == ("feeds/x.rss", "item")
    assert file_of(":3") == (":3", None) and file_of("<stdin>:4") == ("<stdin>", "line")


def test_three_thousand_lines_of_no_article_are_counted_exactly_in_a_read(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("{}\n" * 3_000)
    corpus = read_corpus(feed)
    assert skipped_count(corpus.skipped) == 3_000 and len(corpus.skipped) == KEPT_A_FILE + 1
    assert corpus.skipped[-1] == Skipped("feed.jsonl", f"and {3_000 - KEPT_A_FILE:,} more lines: no 'text' field with "
                                                       "the article", counted=3_000 - KEPT_A_FILE)


def test_a_file_read_in_parts_gathered_gives_the_skips_of_one_read(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from dedup.engines.dask_run import Run

    monkeypatch.setattr(skips_module, "KEPT_A_FILE", 7)
    monkeypatch.setattr(skips_module, "KEPT_A_READ", 12)
    lines = [json.dumps({"id": f"x{i}", "text": "short"}) if i % 4 else "{}" if i % 3 else f'{{"id": {i}' for i in range(400)]
    for name in ("a.jsonl", "b.jsonl"):
        (tmp_path / name).write_text("\n".join(lines) + "\n")
    whole = read_corpus(tmp_path)
    parts = plan_parts(tmp_path, part_bytes=2_000)
    assert len(parts) > 4
    futures = [SimpleNamespace(result=lambda part=part: read_part(part)) for part in parts]
    gathered: Corpus = Run._gather_corpus(SimpleNamespace(spill=None), futures)
    assert gathered.skipped == whole.skipped
    assert skipped_count(whole.skipped) == 800 and len(whole.skipped) < 30
