"""How much of a reported pair's shared wording is the corpus's stock, for the pairs read by hand.

Usage (from the project root)::

    python -m dedup scan benchmarks/out/reuters.jsonl --json scan.json --quiet
    python -m benchmarks.shared_stock scan.json [--readings benchmarks/reuters_read.tsv] [--n 4] [--below 0.9]

A measure for a feature not yet built: whether wording two stories share is the stock of many stories (a
phrase of every market report, a desk's boilerplate) or theirs alone. Every text of the scan's report is cut
into word ``--n``-grams (lower case, figures kept as tokens); for each reported pair read ``reuse`` or ``not``,
the n-grams both texts hold are read against the rest of the corpus (:func:`pair_stock`):

* ``stock``: the share of them found in three other texts or more;
* ``own``: how many are found in no other text, as a share of the shorter text's n-grams;
* ``third``: the largest share of them one other text holds (the same release written up a third time).

Printed by label, over every pair and over those under ``--below`` (the confidences where the pairs read
``not`` lie: above it nearly every reported pair is reuse), as quartiles, and the pairs of each label past
a few cuts: what a feature reading the spread would take from each. Design on the training readings only:
the held-out readings are scored, their texts not read.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from benchmarks.forms_still import DEFAULT_READINGS, readings

_TOKEN = re.compile(r"[a-z]+|\d[\d.,/-]*")
#: Other texts an n-gram must be found in to be stock.
STOCK = 3
#: An n-gram found in more texts than this is passed over in ``third`` (a phrase of thousands: it names no text).
COMMON = 200
LABELS = ("reuse", "not")


def ngrams(text: str, n: int) -> frozenset[tuple[str, ...]]:
    """The word ``n``-grams of ``text`` (lower case; a figure, with its points and commas, one token).

    >>> sorted(ngrams("Net profit 1,234 dlrs", 3))
    [('net', 'profit', '1,234'), ('profit', '1,234', 'dlrs')]
    """
    words = _TOKEN.findall(text.lower())
    return frozenset(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def holders(grams: dict[str, frozenset[tuple[str, ...]]]) -> dict[tuple[str, ...], list[str]]:
    """Which texts hold each n-gram (the ids, in the order of ``grams``)."""
    out: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for key, mine in grams.items():
        for gram in mine:
            out[gram].append(key)
    return out


def pair_stock(a: str, b: str, grams: dict[str, frozenset[tuple[str, ...]]],
               held: dict[tuple[str, ...], list[str]]) -> tuple[float, float, float]:
    """``stock``, ``own`` and ``third`` of the pair ``a``, ``b`` (the module's docstring); all 0 when they
    share no n-gram."""
    shared = grams[a] & grams[b]
    if not shared:
        return 0.0, 0.0, 0.0
    others = np.array([len(held[g]) - 2 for g in shared])
    third: Counter[str] = Counter()
    for gram in shared:
        if len(held[gram]) <= COMMON:
            third.update(k for k in held[gram] if k not in (a, b))
    short = max(1, min(len(grams[a]), len(grams[b])))
    top = third.most_common(1)[0][1] / len(shared) if third else 0.0
    return float((others >= STOCK).mean()), float((others == 0).sum()) / short, top


def quartiles(values: Iterable[float]) -> str:
    v = np.array(list(values), dtype=np.float64)
    return " / ".join(f"{q:.3f}" for q in np.quantile(v, [0.25, 0.5, 0.75])) if len(v) else "-"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("scan", type=Path, help="a scan's JSON report (python -m dedup scan ... --json)")
    parser.add_argument("--readings", type=Path, default=DEFAULT_READINGS)
    parser.add_argument("--n", type=int, default=4, help="words in an n-gram (default 4)")
    parser.add_argument("--below", type=float, default=0.9, help="the confidences read apart: under this")
    args = parser.parse_args(argv)
    if args.n < 1:
        print("--n must be 1 or more", file=sys.stderr)
        return 2
    try:
        report = json.loads(args.scan.read_text(encoding="utf-8"))
        read = {label: readings(args.readings, label) for label in LABELS}
        grams = {d["id"]: ngrams(d["text"], args.n) for d in report["documents"]}
        pairs = report["pairs"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"cannot read the scan or the readings: {exc}", file=sys.stderr)
        return 2
    held = holders(grams)
    rows: dict[str, list[tuple[float, float, float, float]]] = {label: [] for label in LABELS}
    for pair in pairs:
        key = frozenset((pair["a"], pair["b"]))
        for label in LABELS:
            if key in read[label]:
                rows[label].append((*pair_stock(pair["a"], pair["b"], grams, held), pair["confidence"]))
    names = ("stock", "own", "third")
    print(f"`python -m benchmarks.shared_stock {args.scan.name} --n {args.n}`: word {args.n}-grams both texts "
          f"hold, read against the {len(grams):,} texts of the scan\n")
    print("| label | part | pairs | " + " | ".join(f"{n} (quartiles)" for n in names) + " |\n|---|---|---:|---|---|---|")
    for label in LABELS:
        for part, mine in (("all", rows[label]), (f"under {args.below}", [r for r in rows[label] if r[3] < args.below])):
            print(f"| {label} | {part} | {len(mine)} | " + " | ".join(quartiles(r[k] for r in mine) for k in range(3)) + " |")
    print(f"\n| cut (pairs under {args.below}) | " + " | ".join(LABELS) + " |\n|---|---:|---:|")
    for k, name, cuts, past in ((0, "stock", (0.3, 0.5), ">"), (1, "own", (0.05, 0.1), "<"), (2, "third", (0.3, 0.5), ">")):
        for cut in cuts:
            counts = [sum(1 for r in rows[label] if r[3] < args.below and (r[k] > cut if past == ">" else r[k] < cut))
                      for label in LABELS]
            print(f"| {name} {past} {cut} | " + " | ".join(str(c) for c in counts) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
