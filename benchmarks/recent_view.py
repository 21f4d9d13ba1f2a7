"""The recent segment's view in memory (``dedup.index.recent.RecentPostings``), an add at a time: what
each add's append costs the open index (its run merged up the view's runs), and what a check's lookup
in the view costs meanwhile.

The view is filled as ``add_many`` fills it (one run a batch of 5,000 articles), then ``--adds`` single
articles are appended as ``add`` appends them, each article's postings drawn at random (band keys are
hashes: uniform over int64) in the number of a Reuters-21578 story's (``--postings``, the mean;
``index stats`` gives 323 at 15,657 stored). A lookup of ``--keys`` keys (a check's: a few that the view
holds, the rest not) is timed after every ``--lookup-every``-th add. Times are the thread's CPU time;
same seed, same postings, so two versions of the code are compared on the same work.

    python benchmarks/recent_view.py --stored 15000 --adds 4000

Prints one JSON object: the appends' median, p99, mean and maximum (ms), the slowest appends (their
number and ms), the lookups' median and p99 (us), and the most runs a lookup searched.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dedup.index.recent import RecentPostings, encode, encoded  # noqa: E402

BATCH = 5000


def _postings(rng: np.random.Generator, mean: int) -> np.ndarray:
    """One article's distinct ``(key, span)`` pairs, sorted: about ``mean`` of them (a story's length varies)."""
    count = max(8, int(rng.gamma(4.0, mean / 4.0)))
    keys = rng.integers(-(1 << 63), (1 << 63) - 1, count, dtype=np.int64)
    spans = rng.integers(0, 1 << 40, count, dtype=np.int64)
    return encoded(np.stack([keys, spans], axis=1))


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(stored: int, adds: int, postings: int = 323, keys: int = 262, lookup_every: int = 10,
        seed: int = 15, slowest: int = 5) -> dict[str, object]:
    """Fill a view with ``stored`` articles in batches, then time ``adds`` appends and a lookup after every
    ``lookup_every``-th."""
    rng = np.random.default_rng(seed)
    view = RecentPostings(0)
    row = 0
    recent_keys: list[np.ndarray] = []
    for lo in range(0, stored, BATCH):
        rows = []
        for _ in range(lo, min(lo + BATCH, stored)):
            row += 1
            pairs = _postings(rng, postings)
            rows.append((row, row, encode(pairs)))
        view.extend(rows)
    appends: list[float] = []
    lookups: list[float] = []
    most_runs = len(view._runs)  # noqa: SLF001 (what a lookup searches)
    for n in range(adds):
        row += 1
        pairs = _postings(rng, postings)
        recent_keys.append(pairs[:: max(1, len(pairs) // 4), 0])
        started = time.thread_time()
        view.append(row, row, pairs)
        appends.append((time.thread_time() - started) * 1000)
        most_runs = max(most_runs, len(view._runs))  # noqa: SLF001
        if n % lookup_every == 0:
            held = recent_keys[int(rng.integers(0, len(recent_keys)))]
            asked = np.unique(np.concatenate([held, rng.integers(-(1 << 63), (1 << 63) - 1, keys - len(held),
                                                                 dtype=np.int64)]))
            started = time.thread_time()
            view.rows(asked)
            lookups.append((time.thread_time() - started) * 1e6)
    order = sorted(range(len(appends)), key=lambda k: -appends[k])[:slowest]
    return {
        "stored": stored, "adds": adds, "postings": len(view),
        "append_ms_median": round(statistics.median(appends), 4), "append_ms_p99": round(_percentile(appends, 0.99), 3),
        "append_ms_mean": round(statistics.mean(appends), 4), "append_ms_max": round(max(appends), 2),
        "append_s_total": round(sum(appends) / 1000, 3),
        "slowest_appends": [[k, round(appends[k], 2)] for k in order],
        "lookup_us_median": round(statistics.median(lookups), 1), "lookup_us_p99": round(_percentile(lookups, 0.99), 1),
        "most_runs": most_runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stored", type=int, default=15_000, help="articles in the view before the timed adds")
    parser.add_argument("--adds", type=int, default=4000, help="single adds timed")
    parser.add_argument("--postings", type=int, default=323, help="an article's postings, on average")
    parser.add_argument("--keys", type=int, default=262, help="keys a lookup asks for")
    parser.add_argument("--lookup-every", type=int, default=10, metavar="N", help="a lookup after every N-th add")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    if min(args.stored, args.postings, args.keys, args.lookup_every) < 1 or args.adds < 1:
        parser.error("--stored, --adds, --postings, --keys and --lookup-every take a number from 1 on")
    print(json.dumps(run(args.stored, args.adds, args.postings, args.keys, args.lookup_every, args.seed)))


if __name__ == "__main__":
    main()
