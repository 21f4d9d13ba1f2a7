"""Screenshot of a pair page in headless Chromium: ``docs/screenshot-pair.png`` comes from here.

    python benchmarks/screenshot.py                      # the seed pair -> docs/screenshot-pair.png
    python benchmarks/screenshot.py --page report/pairs/x.html --out x.png --width 600

Needs the ``browser`` extra (``pip install ".[browser]"``) and a Chromium binary (``--chromium``, default
``/usr/bin/chromium`` as Debian installs it). The seed pair's page is the one a scan's report holds for it
(``dedup compare --html`` writes the same without the titles): the pair's verdict and confidence, the credit
and changed facts, then the two articles aligned.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", type=Path, help="HTML page to shoot (default: the seed pair's page)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot-pair.png")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1400)  # the verdict, the facts and the first aligned rows
    parser.add_argument("--full-page", action="store_true")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        page = args.page or seed_page(Path(tmp))
        screenshot(page, args.out, width=args.width, height=args.height, chromium=args.chromium, full_page=args.full_page)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
