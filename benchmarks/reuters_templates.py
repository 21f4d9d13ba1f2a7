"""Precision on template stories: how often does the aligner call unrelated Reuters stories derived?

Usage (from the project root)::

    python -m benchmarks.reuters_templates [--data ../shared/data/reuters21578] [--pairs 400] [--seed 0]

Reuters-21578 holds many template stories (dividend notices, earnings tables) that share most of their
wording but copy nothing from each other. Random pairs of distinct stories are drawn (fixed seed) from
three pools: short dividend notices, earnings reports ("Shr ... vs ..."), and any story. Every
``wholly_derived`` / ``partially_derived`` verdict here is a false "copied" claim (exact resends of one
story are skipped by comparing texts; near-duplicate resends may exist and would be true copies).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Sequence

from benchmarks.align_speed import reuters_bodies
from dedup.align import SentenceAligner
from dedup.documents import Document

DEFAULT_DATA = Path("../shared/data/reuters21578")
_EARNINGS = re.compile(r"\bShr\b")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="reuters21578 folder (default: %(default)s)")
    parser.add_argument("--pairs", type=int, default=400, help="pairs drawn per pool")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"Reuters-21578 not found at {args.data}: pass --data <folder of reut2-*.sgm>", file=sys.stderr)
        return 2
    bodies = reuters_bodies(args.data)
    aligner = SentenceAligner().fit(bodies)
    pools = {
        "dividend notices": [b for b in bodies if "dividend" in b.lower() and len(b) < 600],
        "earnings reports": [b for b in bodies if _EARNINGS.search(b) and len(b) < 800],
        "any story": bodies,
    }
    rng = random.Random(args.seed)
    for name, pool in pools.items():
        verdicts: Counter[str] = Counter()
        for k in range(args.pairs):
            a, b = rng.sample(pool, 2)
            if a == b:
                continue
            verdicts[aligner.align(Document(f"a{k}", a), Document(f"b{k}", b)).verdict] += 1
        false_copies = verdicts["wholly_derived"] + verdicts["partially_derived"]
        print(f"{name:17s} pool {len(pool):5d}  pairs {sum(verdicts.values()):4d}  derived verdicts {false_copies:3d}  "
              + "  ".join(f"{v} {verdicts[v]}" for v in sorted(verdicts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
