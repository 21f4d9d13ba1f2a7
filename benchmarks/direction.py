"""Who took from whom: the direction dedup claims for the syndication set's labelled pairs, right, wrong
or left unknown, with the articles' publication times and without them.

    python benchmarks/make_syndication.py --out benchmarks/out/synd --seed 13
    python benchmarks/direction.py --corpus benchmarks/out/synd [--dated]

Every article of the set has a publication time, which decides every direction; without them (``--dated``
left out: the times are dropped, as from a folder of plain text files) only the texts can tell. A pair
counts where the scan reports it: ``right`` when its source is the labelled source, ``wrong`` when it is the
labelled derived article (a false claim that the source took from its copy), ``unknown`` when dedup claims
no direction. Prints a Markdown table and the wrong claims' reasons.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUTCOMES = ("right", "unknown", "wrong")


def directions(truth: dict, pairs: list) -> tuple[Counter, list[tuple[str, str, str]]]:
    """Per (labelled kind, outcome) the count of reported labelled pairs, and the wrong claims."""
    labelled = {frozenset((p["a"], p["b"])): p for p in truth["pairs"]}
    counts: Counter = Counter()
    wrong = []
    for pair in pairs:
        label = labelled.get(frozenset((pair.a, pair.b)))
        if label is None:
            continue
        outcome = "unknown" if pair.source is None else "right" if pair.source == label["source"] else "wrong"
        counts[label["kind"], outcome] += 1
        if outcome == "wrong":
            wrong.append((label["kind"], f"{pair.source} -> {pair.derived}", pair.direction_reason))
    return counts, wrong


def table(counts: Counter) -> str:
    kinds = sorted({kind for kind, _ in counts})
    rows = ["| kind | " + " | ".join(OUTCOMES) + " |", "|---|" + "---:|" * len(OUTCOMES)]
    for kind in kinds + ["all"]:
        cells = [sum(v for (k, o), v in counts.items() if o == outcome and kind in (k, "all")) for outcome in OUTCOMES]
        rows.append(f"| {kind} | " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Direction claimed for the syndication set's labelled pairs.")
    parser.add_argument("--corpus", default="benchmarks/out/synd", help="folder from make_syndication.py")
    parser.add_argument("--dated", action="store_true", help="keep the publication times (they decide every pair)")
    args = parser.parse_args(argv)
    from dedup import scan
    from synd_metrics import read_set

    truth, documents = read_set(args.corpus)
    if not args.dated:
        documents = [replace(d, published=None) for d in documents]
    counts, wrong = directions(truth, list(scan(documents).pairs))
    print(f"{len(documents)} articles, publication times {'kept' if args.dated else 'dropped'}\n")
    print(table(counts))
    for kind, claim, reason in wrong:
        print(f"- wrong ({kind}): {claim}: {reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
