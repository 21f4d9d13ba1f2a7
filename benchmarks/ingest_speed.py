"""Ingest latency: ``check`` and ``add`` (check-and-add) on an index of N articles, SQLite and Redis.

Articles are synthesised deterministically from the Reuters-21578 vocabulary: each one draws its length
from the real bodies' lengths and its words from their word frequencies, so two articles share about as
much vocabulary as unrelated wire stories do. One query in ten is a lightly edited reprint of an indexed
article, so that verification (features, exact scores, verdict) is part of what is timed. Sentence
alignment runs as the index's default has it (before the verdict, for candidates it can decide: a reprint
is decided by its shared text and aligned only on demand, ``Match.alignment()``); ``--no-align`` turns
it off.

    python benchmarks/ingest_speed.py --sizes 10000 100000 --backends sqlite redis [--no-align]

Prints one JSON object per (backend, size) and a Markdown table for ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import html
import itertools
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dedup.documents import Document  # noqa: E402
from dedup.index import Index  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "reuters21578"


def reuters_model(data: Path) -> tuple[list[str], list[int], list[int]]:
    """Words, their counts, and the body lengths (in words) of the Reuters-21578 stories."""
    counts: Counter[str] = Counter()
    lengths = []
    for file in sorted(data.glob("reut2-*.sgm")):
        for body in re.findall(r"<BODY>(.*?)</BODY>", file.read_text("latin-1"), re.S):
            words = html.unescape(body).split()[:-1]  # drop the "Reuter" sign-off
            if len(words) >= 20:
                counts.update(words)
                lengths.append(len(words))
    vocab = sorted(counts)
    return vocab, [counts[w] for w in vocab], lengths


class Articles:
    """Deterministic synthetic articles: article ``n`` is always the same text."""

    def __init__(self, model: tuple[list[str], list[int], list[int]]) -> None:
        self.vocab, weights, self.lengths = model
        self.cumulative = list(itertools.accumulate(weights))

    def article(self, n: int) -> Document:
        rng = random.Random(n)
        words = rng.choices(self.vocab, cum_weights=self.cumulative, k=rng.choice(self.lengths))
        return Document(f"a{n}", " ".join(words), outlet=f"outlet{n % 20}", title=" ".join(words[:6]))

    def reprint(self, n: int, query: str) -> Document:
        """A reprint of article ``n`` with a new last line (a syndication partner's edit)."""
        base = self.article(n)
        return Document(f"q{query}", base.text + " The company declined further comment.", outlet="partner")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(location: str, size: int, articles: Articles, queries: int, progress: bool,
        align: bool = True) -> dict[str, object]:
    """Fill an index to ``size`` articles, then time ``queries`` checks and ``queries`` adds (ms)."""
    sample = [articles.article(n).text for n in range(min(size, 5000))]  # frozen common words, as a scan derives them
    with Index.open(location, common_from=sample, align=align) as index:
        have = index.stats()["articles"]
        started = time.perf_counter()
        for done, _ in enumerate(index.add_many(articles.article(n) for n in range(have, size)), start=have + 1):
            if progress and done % 10000 == 0:
                print(f"  {location}: {done} articles", file=sys.stderr, flush=True)
        build = time.perf_counter() - started
        rng = random.Random(size)
        check_ms, add_ms, check_cpu, add_cpu, flagged = [], [], [], [], 0
        for q in range(queries):
            doc = articles.reprint(rng.randrange(size), f"{size}-{q}") if q % 10 == 0 else articles.article(10_000_000 + size + q)
            t, c = time.perf_counter(), time.process_time()
            flagged += bool(index.check(doc))
            check_ms.append((time.perf_counter() - t) * 1000)
            check_cpu.append((time.process_time() - c) * 1000)
        for q in range(queries):
            doc = articles.reprint(rng.randrange(size), f"{size}-{queries + q}") if q % 10 == 0 else articles.article(20_000_000 + size + q)
            t, c = time.perf_counter(), time.process_time()
            index.add(doc)
            add_ms.append((time.perf_counter() - t) * 1000)
            add_cpu.append((time.process_time() - c) * 1000)
        stats = index.stats()
    size_bytes = stats.get("bytes") or stats.get("server_bytes") or 0
    return {
        "backend": stats["backend"], "articles": stats["articles"], "queries": queries,
        "check_ms_median": round(statistics.median(check_ms), 3), "check_ms_p99": round(percentile(check_ms, 0.99), 3),
        "add_ms_median": round(statistics.median(add_ms), 3), "add_ms_p99": round(percentile(add_ms, 0.99), 3),
        # CPU time of this process: what the operation costs, apart from waiting for a busy machine
        "check_cpu_ms_median": round(statistics.median(check_cpu), 3),
        "add_cpu_ms_median": round(statistics.median(add_cpu), 3),
        "load_average": round(os.getloadavg()[0], 1),
        "reprints_flagged": f"{flagged}/{len(range(0, queries, 10))}",
        "bytes_per_article": round(size_bytes / max(1, stats["articles"])),
        "postings_per_article": round(stats["postings"] / max(1, stats["articles"]), 1),
        "add_many_articles_per_s": round((size - have) / build) if size > have else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="Reuters-21578 folder (reut2-*.sgm)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "redis"], choices=["sqlite", "redis"])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14?prefix=dedup-bench:")
    parser.add_argument("--workdir", type=Path, default=None, help="where the SQLite file goes (default: a temp dir)")
    parser.add_argument("--no-align", action="store_true", help="no sentence alignment before the verdict")
    args = parser.parse_args()
    if not args.data.is_dir() or not any(args.data.glob("reut2-*.sgm")):
        print(f"skipped: no Reuters-21578 (reut2-*.sgm) in {args.data}; pass --data", file=sys.stderr)
        return
    articles = Articles(reuters_model(args.data))
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="dedup-bench-"))
    rows = []
    for backend in args.backends:
        location = str(workdir / "bench.db") if backend == "sqlite" else args.redis_url
        if backend == "redis":
            from dedup.index.store_redis import RedisStorage

            RedisStorage(location).clear()
        for size in sorted(args.sizes):  # the index grows from one size to the next
            row = run(location, size, articles, args.queries, progress=True, align=not args.no_align)
            rows.append(row)
            print(json.dumps(row), flush=True)
    print("\n| backend | articles | check median / p99 (ms) | add median / p99 (ms) | CPU ms check / add (median) | bytes/article | reprints flagged | load |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['backend']} | {r['articles']:,} | {r['check_ms_median']} / {r['check_ms_p99']} | "
              f"{r['add_ms_median']} / {r['add_ms_p99']} | {r['check_cpu_ms_median']} / {r['add_cpu_ms_median']} | "
              f"{r['bytes_per_article']:,} | {r['reprints_flagged']} | {r['load_average']} |")


if __name__ == "__main__":
    main()
