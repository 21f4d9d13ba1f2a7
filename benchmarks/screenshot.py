"""Screenshot of a pair page in headless Chromium: ``docs/screenshot-pair.png`` comes from here.

    python benchmarks/screenshot.py                      # the seed pair -> docs/screenshot-pair.png
    python benchmarks/screenshot.py --page report/pairs/x.html --out x.png --width 600
    python benchmarks/screenshot.py --page report/index.html --time-sort   # the index's sorting and filters, timed

Needs the ``browser`` extra (``pip install ".[browser]"``) and a Chromium binary (``--chromium``, default
``/usr/bin/chromium`` as Debian installs it). The seed pair's page is the one a scan's report holds for it
(``dedup compare --html`` writes the same without the titles): the pair's verdict and confidence, the credit
and changed facts, then the two articles aligned.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = ("newswire/belarus-china-drills.txt", "eastdesk/belarus-china-drills.txt")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]


def seed_page(out_dir: Path) -> Path:
    """Write the seed pair's page into ``out_dir``, as ``dedup compare --html`` writes it, and return its path."""
    from dedup.desk import compare_desk
    from dedup.pipeline import compare
    from dedup.reading import read_corpus
    from dedup.report.html import write_pair_html

    docs = {d.id: d for d in read_corpus(ROOT / "corpus").documents}  # ids and outlets as a scan reads them
    compared = compare(docs[SEED[0]], docs[SEED[1]])
    judged = {k: v for k, v in compared.to_dict().items() if k in ("verdict", "confidence", "why")}
    page = compared.alignment.to_dict() | compare_desk(compared.alignment).to_dict()
    shown = [docs[d["id"]] for d in page["documents"]]  # with their titles, as a scan's report shows them
    return write_pair_html(page, shown, out_dir / "pair.html", judged=judged)


def screenshot(page: Path, out: Path, *, width: int = 1280, height: int = 900, chromium: str = "/usr/bin/chromium",
               full_page: bool = False) -> Path:
    """Open ``page`` from disk and save a PNG of it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
            tab.goto(page.resolve().as_uri())
            tab.screenshot(path=str(out), full_page=full_page)
        finally:
            browser.close()
    return out


#: What ``--time-sort`` does on an index page, in this order: sort by confidence (twice: ascending, then
#: descending), by the derived article, filter by a word and clear it, by a verdict and clear it.
ACTIONS = (
    ("sort by confidence", "document.querySelector('#pairs th button[data-col=\"1\"]').click()"),
    ("sort by confidence, descending", "document.querySelector('#pairs th button[data-col=\"1\"]').click()"),
    ("sort by derived", "document.querySelector('#pairs th button[data-col=\"3\"]').click()"),
    ("filter 'reuters'", "var f = document.getElementById('pair-filter'); f.value = 'reuters'; f.dispatchEvent(new Event('input'))"),
    ("filter cleared", "var f = document.getElementById('pair-filter'); f.value = ''; f.dispatchEvent(new Event('input'))"),
    ("verdict rewrite", "var f = document.getElementById('verdict-filter'); f.value = 'rewrite'; f.dispatchEvent(new Event('change'))"),
    ("verdict all", "var f = document.getElementById('verdict-filter'); f.value = ''; f.dispatchEvent(new Event('change'))"),
)


def time_sort(page: Path, *, width: int = 1280, height: int = 900, chromium: str = "/usr/bin/chromium",
              browser: Any = None) -> list[tuple[str, float, float]]:
    """The browser's main-thread time (Chromium's own counters: task, of it layout) to load ``page`` and for each
    of :data:`ACTIONS`, up to the next frame drawn: what a reader waits for when sorting or filtering the index.
    ``browser``: a Playwright browser already launched (else Chromium is launched, and closed after)."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            launched = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                return time_sort(page, width=width, height=height, browser=launched)
            finally:
                launched.close()
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    try:
        tab = context.new_page()
        cdp = context.new_cdp_session(tab)
        cdp.send("Performance.enable")

        def metrics() -> dict[str, float]:
            return {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}

        tab.goto(page.resolve().as_uri())
        loaded = metrics()
        timings = [("load", loaded["TaskDuration"], loaded["LayoutDuration"])]
        for label, script in ACTIONS:
            before = metrics()
            tab.evaluate("() => { " + script + "; document.body.offsetHeight;"
                         " return new Promise(done => requestAnimationFrame(() => setTimeout(done, 0))); }")
            after = metrics()
            timings.append((label, after["TaskDuration"] - before["TaskDuration"],
                            after["LayoutDuration"] - before["LayoutDuration"]))
        return timings
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", type=Path, help="HTML page to shoot (default: the seed pair's page)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot-pair.png")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1400)  # the verdict, the facts and the first aligned rows
    parser.add_argument("--full-page", action="store_true")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--time-sort", action="store_true",
                        help="time loading, sorting and filtering an index page (--page) instead of a screenshot")
    args = parser.parse_args()
    if args.time_sort:
        if args.page is None:
            parser.error("--time-sort needs --page (a report's index.html)")
        for label, task, layout in time_sort(args.page, width=args.width, chromium=args.chromium):
            print(f"{label}: {task:.2f} s of the main thread, {layout:.2f} s of it layout")
        return
    with tempfile.TemporaryDirectory() as tmp:
        page = args.page or seed_page(Path(tmp))
        screenshot(page, args.out, width=args.width, height=args.height, chromium=args.chromium, full_page=args.full_page)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
