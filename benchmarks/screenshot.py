"""Screenshot of a pair page in headless Chromium: ``docs/screenshot-pair.png`` comes from here.

    python benchmarks/screenshot.py                      # the seed pair -> docs/screenshot-pair.png
    python benchmarks/screenshot.py --page report/pairs/x.html --out x.png --width 600

Needs the ``browser`` extra (``pip install ".[browser]"``) and a Chromium binary (``--chromium``, default
``/usr/bin/chromium`` as Debian installs it). The seed pair is aligned with ``dedup.align`` when it is
available; without it the page shows the shared passages the scan found.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ("newswire/belarus-china-drills.txt", "eastdesk/belarus-china-drills.txt")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]


def seed_page(out_dir: Path) -> Path:
    """Write the seed pair's page into ``out_dir`` and return its path."""
    from dedup.reading import read_corpus
    from dedup.pipeline import scan
    from dedup.report.html import pair_filename, write_pair_html, write_scan_html

    docs = {d.id: d for d in read_corpus(ROOT / "corpus").documents}
    source, derived = docs[SEED[0]], docs[SEED[1]]
    try:
        from dedup.align import SentenceAligner
    except ImportError:
        SentenceAligner = None  # the aligner is not merged yet
    if SentenceAligner is not None:
        alignment = SentenceAligner().fit([source.text, derived.text]).align(source, derived).to_dict()
        return write_pair_html(alignment, [source, derived], out_dir / "pair.html")
    result = scan([source, derived], align=False).to_dict()
    if not result["pairs"]:
        result["pairs"] = [{"a": SEED[0], "b": SEED[1], "verdict": "", "passages": []}]
    write_scan_html(result, out_dir)
    pair = result["pairs"][0]
    return out_dir / "pairs" / pair_filename(pair["a"], pair["b"])


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
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--full-page", action="store_true")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        page = args.page or seed_page(Path(tmp))
        screenshot(page, args.out, width=args.width, height=args.height, chromium=args.chromium, full_page=args.full_page)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
