"""The HTML pair page in a real browser for Arabic and Chinese copy: direction, language, marks, wrapping.

Uses the browser fixtures of ``test_report_browser`` (skipped without Chromium, failed in CI).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from dedup.pipeline import scan
from dedup.report.html import write_scan_html
from dedup.report.htmlenv import pair_filename

from test_report_browser import browser, page  # noqa: F401  (fixtures)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from multilingual import documents  # noqa: E402


def _pair_page(tmp: Path, language: str) -> Path:
    """The pair page of a language's source and its light edit, as ``dedup scan --html`` writes it."""
    docs = {d.id.split("/")[1]: d for d in documents(language)}
    result = scan([docs["source"], docs["light_edit"]])
    assert [p.verdict for p in result.pairs] == ["duplicate"]
    write_scan_html(result.to_dict(), tmp)
    pair = result.pairs[0]
    return tmp / "pairs" / pair_filename(pair.a, pair.b)


@pytest.fixture(scope="module")
def arabic_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _pair_page(tmp_path_factory.mktemp("ar"), "ar")


@pytest.fixture(scope="module")
def chinese_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _pair_page(tmp_path_factory.mktemp("zh"), "zh")


def test_arabic_text_runs_right_to_left(page: Any, arabic_page: Path) -> None:
    page.goto(arabic_page.as_uri())
    column = page.locator(".row .col-right").first
    assert column.get_attribute("lang") == "ar" and column.get_attribute("dir") == "rtl"
    assert column.evaluate("el => getComputedStyle(el).direction") == "rtl"
    # the first line of the first sentence starts at the column's right edge, as Arabic is read
    gaps = column.evaluate("""el => {
        const box = el.getBoundingClientRect(), style = getComputedStyle(el);
        const line = el.querySelector('.sent').getClientRects()[0];
        return [line.left - box.left - parseFloat(style.paddingLeft),
                box.right - parseFloat(style.paddingRight) - line.right];
    }""")
    assert abs(gaps[1]) < 2, gaps
    # the page around the texts stays left to right
    assert page.evaluate("getComputedStyle(document.querySelector('.masthead')).direction") == "ltr"


def test_arabic_edits_are_marked_word_by_word(page: Any, arabic_page: Path) -> None:
    page.goto(arabic_page.as_uri())
    inserted = [m.inner_text() for m in page.locator(".kind-edited .col-right ins").all()]
    # "مجانا." -> "بالمجان.": the word (with its full stop, as in English), not the sentence
    assert "بالمجان." in inserted and all(len(word.split()) <= 2 for word in inserted)


def test_chinese_marks_single_characters(page: Any, chinese_page: Path) -> None:
    page.goto(chinese_page.as_uri())
    column = page.locator(".row .col-right").first
    assert column.get_attribute("lang") == "zh"
    inserted = [m.inner_text() for m in page.locator(".kind-edited .col-right ins").all()]
    deleted = [m.inner_text() for m in page.locator(".kind-edited .col-left del").all()]
    # "约40列旅客列车晚点" -> "约40趟旅客列车晚点": one character marked, not the whole sentence
    assert "趟" in inserted and "列" in deleted
    assert max(len(text) for text in inserted + deleted) <= 6


def test_chinese_lines_wrap_inside_their_column(page: Any, chinese_page: Path) -> None:
    page.goto(chinese_page.as_uri())
    page.set_viewport_size({"width": 900, "height": 900})
    for cell in page.locator(".row > div[data-label]").all():
        assert cell.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    # sentences follow one another without the space Latin text puts between them
    gap = page.locator(".kind-verbatim .col-right .sent + .sent").first
    if gap.count():
        assert gap.evaluate("el => getComputedStyle(el, '::before').content") in ("none", "normal")
