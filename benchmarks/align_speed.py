"""Speed of aligning one news-sized pair (~800 words each), fitted and cached, fitted, and unfitted.

Usage (from the project root)::

    python -m benchmarks.align_speed [--data ../shared/seeds] [--repeat 50] [--reuters ../shared/data/reuters21578]

The seed pair (~800 and ~650 words) is the typical article size. Three timings per pair:

* ``cached``: IDF fitted, both documents already transformed (a corpus scan after the first pair);
* ``fitted``: IDF fitted, documents seen for the first time (splitting and vectorising included);
* ``unfitted``: IDF learnt from the pair itself, as ``dedup compare`` on two files does.

With ``--reuters``, also the cost of ``fit`` on the ~19,000 non-empty Reuters-21578 bodies (a corpus-scan
sized IDF), and of transforming all of them once.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

from dedup.align import SentenceAligner
from dedup.documents import Document

DEFAULT_DATA = Path("../shared/seeds")
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)


def reuters_bodies(folder: Path) -> list[str]:
    """Story bodies of Reuters-21578 (SGML, latin-1), SGML entities left as they are."""
    bodies: list[str] = []
    for path in sorted(folder.glob("reut2-*.sgm")):
        bodies += _BODY.findall(path.read_text(encoding="latin-1"))
    return bodies


def fit_cost(folder: Path) -> None:
    bodies = reuters_bodies(folder)
    started, started_cpu = time.perf_counter(), time.process_time()
    aligner = SentenceAligner(cache_size=len(bodies)).fit(bodies)
    print(f"fit on {len(bodies)} Reuters bodies ({sum(map(len, bodies)) / 1e6:.1f} MB, "
          f"{aligner.n_sentences_} sentences): wall {time.perf_counter() - started:.1f} s, "
          f"cpu {time.process_time() - started_cpu:.1f} s")
    started_cpu = time.process_time()
    for k, body in enumerate(bodies):
        aligner.transform(Document(str(k), body))
    print(f"transform all once: cpu {time.process_time() - started_cpu:.1f} s")


def timed(run: Callable[[int], object], repeat: int) -> tuple[float, float, float]:
    """Median and 90th percentile of wall time, and median CPU time, in milliseconds.

    CPU time is reported too because on a shared, loaded machine wall time mostly measures the wait.
    """
    wall, cpu = [], []
    for k in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        run(k)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    wall.sort()
    return statistics.median(wall), wall[int(0.9 * (len(wall) - 1))], statistics.median(cpu)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="seeds folder (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--reuters", type=Path, default=None, help="also time fit on Reuters-21578 bodies")
    args = parser.parse_args(argv)
    files = sorted(args.data.glob("*.txt"))[:2]
    if len(files) < 2:
        print(f"two seed articles needed in {args.data}: pass --data <folder>", file=sys.stderr)
        return 2
    a_text, b_text = (f.read_text(encoding="utf-8") for f in files)
    print(f"pair: {len(a_text.split())} and {len(b_text.split())} words")
    fitted = SentenceAligner().fit([a_text, b_text])
    fitted.align(Document("a", a_text), Document("b", b_text))
    runs = {
        "cached": lambda k: fitted.align(Document("a", a_text), Document("b", b_text)),
        "fitted": lambda k: fitted.align(Document(f"a{k}", a_text), Document(f"b{k}", b_text)),
        "unfitted": lambda k: SentenceAligner().align(Document("a", a_text), Document("b", b_text)),
    }
    for name, run in runs.items():
        median, p90, cpu = timed(run, args.repeat)
        print(f"{name:9s} wall median {median:6.1f} ms   p90 {p90:6.1f} ms   cpu median {cpu:6.1f} ms")
    if args.reuters is not None:
        if not args.reuters.is_dir():
            print(f"Reuters-21578 not found at {args.reuters}", file=sys.stderr)
            return 2
        fit_cost(args.reuters)
    return 0


if __name__ == "__main__":
    sys.exit(main())
