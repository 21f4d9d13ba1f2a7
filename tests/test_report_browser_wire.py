"""The HTML report of a folder of Chinese, Arabic and Russian wire copy (benchmarks/multilingual/wire) in a
real browser: each pair side by side, the source on the left, each text in its direction, edits marked.

Uses the browser fixtures of ``test_report_browser`` (skipped without Chromium, failed in CI).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dedup.pipeline import scan
from dedup.report.html import write_scan_html
from dedup.report.htmlenv import pair_filename

from test_report_browser import browser, page  # noqa: F401  (fixtures)

WIRE = Path(__file__).resolve().parent.parent / "benchmarks" / "multilingual" / "wire"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wire")
    write_scan_html(scan(WIRE).to_dict(), out)
    return out


def _page(report: Path, a: str, b: str) -> Path:
    return report / "pairs" / pair_filename(*sorted((a, b)))


def _side_by_side(page: Any) -> None:
    """Every row's two texts stand next to each other: the source column left of the derived one."""
    rows = page.locator(".row").all()
    assert rows
    for row in rows[:4]:
        left = row.locator(".col-left").bounding_box()
        right = row.locator(".col-right").bounding_box()
        assert left["x"] + left["width"] <= right["x"] + 1 and abs(left["y"] - right["y"]) < 2


def test_the_index_lists_the_pairs_of_every_language(page: Any, report: Path) -> None:
    page.goto((report / "index.html").as_uri())
    text = page.locator("body").inner_text()
    for outlet in ("新华社", "وكالة أنباء الشرق الأوسط", "ТАСС"):
        assert outlet in text
    assert "rewrite" in text and "partial" in text and "duplicate" in text


def test_the_russian_rewrite_reads_source_left_with_reworded_words_marked(page: Any, report: Path) -> None:
    page.goto(_page(report, "ru/tass-commuter-trains.json", "ru/izvestia-commuter-trains.json").as_uri())
    heads = page.locator(".columns.heads")
    assert "ТАСС" in heads.locator(".col-left").inner_text()
    assert "Вечерние известия" in heads.locator(".col-right").inner_text()
    _side_by_side(page)
    rows = page.locator(".row.kind-paraphrase")
    assert rows.count() >= 4
    right = rows.first.locator(".col-right")
    assert right.get_attribute("lang") == "ru"
    inserted = [m.inner_text() for m in page.locator(".kind-paraphrase .col-right ins").all()]
    # words marked, not whole sentences: the kept figures and names stay unmarked
    assert inserted and max(len(text.split()) for text in inserted) <= 5
    assert "Марат Хуснуллин" not in " ".join(inserted) and "120" not in " ".join(inserted)


def test_the_arabic_light_edit_runs_right_to_left_with_its_edits_marked(page: Any, report: Path) -> None:
    page.goto(_page(report, "ar/mena-rate-rise.json", "ar/wafd-rate-rise.json").as_uri())
    assert "وكالة أنباء الشرق الأوسط" in page.locator(".columns.heads .col-left").inner_text()
    _side_by_side(page)
    column = page.locator(".row .col-right").first
    assert column.get_attribute("dir") == "rtl"
    assert column.evaluate("el => getComputedStyle(el).direction") == "rtl"
    inserted = [m.inner_text() for m in page.locator(".kind-edited .col-right ins").all()]
    assert "ورجح" in inserted and all(len(word.split()) <= 2 for word in inserted)


def test_the_chinese_light_edit_marks_characters(page: Any, report: Path) -> None:
    page.goto(_page(report, "zh/xinhua-rrr-cut.json", "zh/nanhai-rrr-cut.json").as_uri())
    assert "新华社" in page.locator(".columns.heads .col-left").inner_text()
    _side_by_side(page)
    inserted = [m.inner_text() for m in page.locator(".kind-edited .col-right ins").all()]
    deleted = [m.inner_text() for m in page.locator(".kind-edited .col-left del").all()]
    # "长期资金" -> "长期流动性": the changed characters, not the sentence
    assert "流动性" in inserted and "资金" in deleted
    assert max(len(text) for text in inserted + deleted) <= 6
