"""Ingest latency: ``check`` and ``add`` (check-and-add) on an index of N articles, SQLite and Redis.

Articles are synthesised deterministically from the Reuters-21578 vocabulary: each one draws its length
from the real bodies' lengths and its words from their word frequencies, so two articles share about as
much vocabulary as unrelated wire stories do. One query in ten is a lightly edited reprint of an indexed
article, so that verification (features, exact scores, verdict) is part of what is timed. Sentence
alignment runs as the index's default has it (before the verdict, for candidates it can decide: a reprint
is decided by its shared text and aligned only on demand, ``Match.alignment()``); ``--no-align`` turns
it off.

    python benchmarks/ingest_speed.py --sizes 10000 100000 --backends sqlite redis [--no-align]

``--corpus FILE.jsonl`` times real articles instead (one JSON object per line with ``id`` and ``text``:
``benchmarks/reuters.py``'s Reuters-21578 stories, full of forms, or ``make_syndication.py``'s
``corpus.jsonl``): the corpus is shuffled with a fixed seed, the first N articles are stored, and the
next ``--queries`` are checked, the ones after them added.

    python benchmarks/ingest_speed.py --corpus benchmarks/out/reuters.jsonl --sizes 15000 --backends sqlite

``--compare-scan`` also scans the N stored articles (with the index's common words) and prints a scan's
articles per second beside ``add_many``'s: bulk loading is held to a scan's rate.

After the timed operations the postings still waiting in SQLite's recent segment are merged at once
(``Index.merge()``), and that time is reported too (``merge_s``, per article), as are the add's mean and
maximum (a merge step is part of every add once 10,000 articles wait). ``answers_digest`` folds every
match of the timed checks and adds (id, verdict, confidence to 9 decimals): two versions of the code that
give the same answers give the same digest.

``--slowest N`` also lists the N slowest checks and adds by CPU time (id, words, matches, and the CPU
milliseconds of the garbage collections inside each), on stderr: the p99 is a handful of articles, and
these say which. ``--stages`` adds where each of them spent its CPU, stage by stage (candidates and their
lookup, exact scores, the cut before the spread, stretches read, verification with its alignment and
refilled links, the insert, and the rest: :mod:`ingest_stages`); read its times against each other, and
time the medians and p99 without it (each stage's wrapper costs a few microseconds a call).

Python's garbage collections during the timed checks and adds are counted by generation, with their CPU
milliseconds (``gc``: young, middle, full; a full one walks every object the process holds, 50-100 ms in
this benchmark's process). ``--collector long-lived`` times them as ``dedup serve`` and ``dedup stream``
run (:func:`dedup.index.index.long_lived_collector`: what is alive once the index is open and warm is
frozen, the youngest generation collected every 10,000 allocations); ``python`` (the default) keeps
Python's own setting.

``--fill-merge-at N`` fills a SQLite index merging its recent segment once N articles wait instead of
the index's own threshold (:func:`dedup.index.recent.merge_threshold`: 10,000, a quarter of what is
stored past 40,000, at most 20,000), and merges what waits at the end of the fill (timed with it), before
the timed operations, which run with the index's own setting. A merge rewrites about every leaf page of
the postings table, so the fill slows as the table grows (with a fixed 10,000, 3,000-4,000 articles a
minute past 200,000 stored); a large N (150,000, or past the fill: one merge at its end) is how a million
was stored, at the cost of holding what waits in memory (about 12.7 kB an article). What is stored is
the same.

Each row gives the bytes the fill caused to be written to storage per article added
(``fill_written_bytes_per_article``, from Linux's ``/proc/self/io``; None elsewhere): what a merge
threshold costs the disk.

Prints one JSON object per (backend, size) and a Markdown table for ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dedup.documents import Document  # noqa: E402
from dedup.errors import InputError  # noqa: E402
from dedup.index import Index  # noqa: E402
from ingest_stages import StageClock, shown  # noqa: E402

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


class Corpus:
    """Real articles from a JSONL file, shuffled with a fixed seed: stored ones first, then queries."""

    def __init__(self, path: Path) -> None:
        with path.open(encoding="utf-8") as lines:
            rows = [json.loads(line) for line in lines if line.strip()]
        random.Random(15).shuffle(rows)
        self.docs = [Document(r["id"], r["text"], title=r.get("title"), outlet=r.get("outlet"),
                              published=r.get("published"), url=r.get("url")) for r in rows]

    def article(self, n: int) -> Document:
        return self.docs[n]

    def queries(self, size: int, count: int) -> tuple[list[Document], list[Document]]:
        """``count`` articles to check, then ``count`` to add, none of them among the first ``size``."""
        rest = self.docs[size:]
        if len(rest) < 2 * count:
            raise SystemExit(f"the corpus has {len(self.docs)} articles: too few for {size} stored "
                             f"and 2 x {count} queries")
        return rest[:count], rest[count : 2 * count]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def synthetic_queries(articles: Articles, size: int, queries: int) -> tuple[list[Document], list[Document]]:
    """One query in ten a reprint of a stored article, the rest new articles."""
    rng = random.Random(size)
    checks = [articles.reprint(rng.randrange(size), f"{size}-{q}") if q % 10 == 0
              else articles.article(10_000_000 + size + q) for q in range(queries)]
    adds = [articles.reprint(rng.randrange(size), f"{size}-{queries + q}") if q % 10 == 0
            else articles.article(20_000_000 + size + q) for q in range(queries)]
    return checks, adds


def scan_rate(articles: Articles | Corpus, size: int, vocabulary: object, align: bool) -> tuple[float, float]:
    """Articles per second of a scan of the same ``size`` articles (the rate bulk loading is held to),
    with the index's common words, in this process; and its CPU milliseconds per article (its forked
    workers' included)."""
    from dedup import scan

    docs = [articles.article(n) for n in range(size)]
    started, cpu = time.perf_counter(), _cpu_with_children()
    scan(docs, vocabulary=vocabulary, align=align)  # type: ignore[arg-type]
    return size / (time.perf_counter() - started), (_cpu_with_children() - cpu) * 1000 / size


def _cpu_with_children() -> float:
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def written_bytes() -> int | None:
    """Bytes this process has caused to be written to storage so far (Linux's ``/proc/self/io``
    ``write_bytes``: SQLite's pages, its log and checkpoints), or None where that is not kept."""
    try:
        with open("/proc/self/io", encoding="ascii") as io:
            for line in io:
                if line.startswith("write_bytes:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _digest(answers: Any, kind: str, doc: Document, found: list[Any]) -> None:
    """Fold one answer into the digest: each match's id, verdict and confidence (9 decimals), in order."""
    for m in found:
        answers.update(f"{kind} {doc.id} {m.id} {m.verdict} {m.confidence:.9f}\n".encode())


class Collections:
    """Python's garbage collections while it is active (a ``with`` block): a count and CPU milliseconds per
    generation (0 young, 1 middle, 2 full), and the slowest one."""

    def __init__(self) -> None:
        self.count, self.ms, self.slowest_ms = [0, 0, 0], [0.0, 0.0, 0.0], 0.0
        self._started = 0.0

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.process_time()
            return
        ms = (time.process_time() - self._started) * 1000
        self.count[info["generation"]] += 1
        self.ms[info["generation"]] += ms
        self.slowest_ms = max(self.slowest_ms, ms)

    def __enter__(self) -> "Collections":
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._callback)

    def summary(self) -> str:
        """``young/middle/full`` counts, their CPU ms, and the slowest: ``165/16/2 in 50/45/145 ms (max 97)``."""
        return (f"{'/'.join(map(str, self.count))} in {'/'.join(f'{ms:.0f}' for ms in self.ms)} ms "
                f"(max {self.slowest_ms:.0f})")


def collector(setting: str) -> contextlib.AbstractContextManager[None]:
    """The garbage collector's setting the timed operations run under (``--collector``)."""
    if setting == "long-lived":
        from dedup.index.index import long_lived_collector

        return long_lived_collector()
    return contextlib.nullcontext()


@contextlib.contextmanager
def merging_every(index: Index, articles: int | None) -> Any:
    """Within the block a SQLite index merges its recent segment once ``articles`` wait (None: as set),
    and at its end what waits is merged and the setting given back (``--fill-merge-at``)."""
    store = index._store
    if articles is None or not hasattr(store, "merge_at"):
        yield
        return
    before, store.merge_at = store.merge_at, articles
    try:
        yield
    finally:
        store.merge_at = before
    index.merge()


def run(location: str, size: int, articles: Articles | Corpus, queries: int, progress: bool,
        align: bool = True, compare_scan: bool = False, slowest: int = 0,
        collector_setting: str = "python", fill_merge_at: int | None = None,
        stages: bool = False) -> dict[str, object]:
    """Fill an index to ``size`` articles, then time ``queries`` checks and ``queries`` adds (ms).
    ``slowest``: the row also lists that many slowest checks and adds (:func:`_slowest`);
    ``collector_setting``: ``python`` or ``long-lived`` (:func:`collector`); ``fill_merge_at``: the
    fill merges once that many articles wait, and all at its end (:func:`merging_every`); ``stages``: the
    slowest operations listed also carry their CPU by stage (:class:`ingest_stages.StageClock`)."""
    if isinstance(articles, Corpus):
        sample = [articles.article(n).text for n in range(size)]  # a scan of these learns from every k-th
        checks, adds = articles.queries(size, queries)
    else:
        sample = [articles.article(n).text for n in range(min(size, 5000))]  # frozen common words, as a scan derives them
        checks, adds = synthetic_queries(articles, size, queries)
    with Index.open(location, common_from=sample, align=align) as index:
        have = index.stats()["articles"]
        started, cpu, written = time.perf_counter(), _cpu_with_children(), written_bytes()
        with merging_every(index, fill_merge_at if size > have else None):
            for lo in range(have, size, 10_000):  # in slices, for progress: add_many stores what adding one by one does
                index.add_many(articles.article(n) for n in range(lo, min(lo + 10_000, size)))
                if progress:
                    print(f"  {location}: {min(lo + 10_000, size)} articles", file=sys.stderr, flush=True)
        build, build_cpu = time.perf_counter() - started, _cpu_with_children() - cpu
        fill_written = None if written is None else (written_bytes() or 0) - written
        scanned = scan_rate(articles, size, index.vocabulary, align) if compare_scan and size > have else None
        check_ms, add_ms, check_cpu, add_cpu, flagged = [], [], [], [], 0
        # (kind, CPU ms, article, matches, collections' CPU ms, stages' CPU ms) of every operation
        timed: list[tuple[str, float, Document, int, float, dict[str, float]]] = []
        answers = hashlib.sha256()  # every match of every timed check and add: the same answers, or not
        for doc in checks[: max(1, queries // 50)]:  # warm up: lazy imports, the language model
            index.check(doc)
        clock = StageClock() if stages else contextlib.nullcontext()
        with collector(collector_setting), Collections() as collections, clock:  # the timed operations
            for doc in checks:
                t, c, g = time.perf_counter(), time.process_time(), sum(collections.ms)
                if stages:
                    clock.start()
                try:
                    found = index.check(doc)
                except InputError:
                    continue
                check_ms.append((time.perf_counter() - t) * 1000)
                check_cpu.append((time.process_time() - c) * 1000)
                timed.append(("check", check_cpu[-1], doc, len(found), sum(collections.ms) - g,
                              clock.stop() if stages else {}))
                flagged += bool(found)
                _digest(answers, "check", doc, found)
            for doc in adds:
                t, c, g = time.perf_counter(), time.process_time(), sum(collections.ms)
                if stages:
                    clock.start()
                try:
                    found = index.add(doc)
                except InputError:  # too short to index: real corpora have some
                    continue
                add_ms.append((time.perf_counter() - t) * 1000)
                add_cpu.append((time.process_time() - c) * 1000)
                timed.append(("add", add_cpu[-1], doc, len(found), sum(collections.ms) - g,
                              clock.stop() if stages else {}))
                _digest(answers, "add", doc, found)
        # what the adds left waiting in the recent segment (SQLite), merged now: the cost an add pays
        # once every merge threshold's adds, per article merged
        started, cpu = time.perf_counter(), time.process_time()
        merged = index.merge()
        merge_s, merge_cpu = time.perf_counter() - started, time.process_time() - cpu
        stats = index.stats()
    size_bytes = stats.get("bytes") or stats.get("server_bytes") or 0
    row: dict[str, object] = {
        "backend": stats["backend"], "articles": stats["articles"], "queries": queries,
        "corpus": getattr(articles, "name", "synthetic"),
        "check_ms_median": round(statistics.median(check_ms), 3), "check_ms_p99": round(percentile(check_ms, 0.99), 3),
        "add_ms_median": round(statistics.median(add_ms), 3), "add_ms_p99": round(percentile(add_ms, 0.99), 3),
        # CPU time of this process: what the operation costs, apart from waiting for a busy machine
        "check_cpu_ms_median": round(statistics.median(check_cpu), 3),
        "check_cpu_ms_p95": round(percentile(check_cpu, 0.95), 3),
        "check_cpu_ms_p99": round(percentile(check_cpu, 0.99), 3),
        "add_cpu_ms_median": round(statistics.median(add_cpu), 3),
        "add_cpu_ms_p95": round(percentile(add_cpu, 0.95), 3),
        "add_cpu_ms_p99": round(percentile(add_cpu, 0.99), 3),
        "add_ms_mean": round(statistics.mean(add_ms), 3), "add_ms_max": round(max(add_ms), 1),
        "check_ms_max": round(max(check_ms), 1),
        "merged_articles": merged, "merge_s": round(merge_s, 2),
        "merge_ms_per_article": round(merge_s * 1000 / merged, 3) if merged else None,
        "merge_cpu_ms_per_article": round(merge_cpu * 1000 / merged, 3) if merged else None,
        "load_average": round(os.getloadavg()[0], 1),
        "flagged": f"{flagged}/{len(check_ms)}",
        "collector": collector_setting,
        "gc": collections.summary(),  # young/middle/full collections during the timed operations
        "answers_digest": answers.hexdigest()[:16],
        "bytes_per_article": round(size_bytes / max(1, stats["articles"])),
        "free_bytes_per_article": round(stats.get("free_bytes", 0) / max(1, stats["articles"])),
        "postings_per_article": round(stats["postings"] / max(1, stats["articles"]), 1),
        "add_many_articles_per_s": round((size - have) / build) if size > have else None,
        "add_many_cpu_ms_per_article": round(build_cpu * 1000 / (size - have), 2) if size > have else None,
        # bytes written to storage while filling (its merges too), per article added
        "fill_written_bytes_per_article": (round(fill_written / (size - have))
                                           if size > have and fill_written is not None else None),
        "scan_articles_per_s": round(scanned[0]) if scanned else None,
        "scan_cpu_ms_per_article": round(scanned[1], 2) if scanned else None,
    }
    if slowest:
        row["slowest"] = _slowest(timed, slowest)
    return row


def _slowest(timed: list[tuple[str, float, Document, int, float, dict[str, float]]],
             count: int) -> dict[str, list[dict[str, object]]]:
    """The ``count`` slowest checks and adds by CPU time, slowest first (ties in the order they ran), with
    the collections' CPU inside each (ms) and, when timed, its stages' (``stages``)."""
    out: dict[str, list[dict[str, object]]] = {}
    for kind in ("check", "add"):
        ops = sorted((op for op in timed if op[0] == kind), key=lambda op: -op[1])[:count]
        out[kind] = [{"id": doc.id, "cpu_ms": round(ms, 3), "words": len(doc.text.split()), "matches": found,
                      "gc_ms": round(gc_ms, 3), **({"stages": stages} if stages else {})}
                     for _, ms, doc, found, gc_ms, stages in ops]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="Reuters-21578 folder (reut2-*.sgm)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "redis"], choices=["sqlite", "redis"])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14?prefix=dedup-bench:")
    parser.add_argument("--workdir", type=Path, default=None, help="where the SQLite file goes (default: a temp dir)")
    parser.add_argument("--corpus", type=Path, default=None,
                        help="real articles (JSONL with id and text) instead of synthetic ones")
    parser.add_argument("--no-align", action="store_true", help="no sentence alignment before the verdict")
    parser.add_argument("--compare-scan", action="store_true",
                        help="also scan the stored articles, for the articles per second of a scan beside add_many's")
    parser.add_argument("--collector", choices=["python", "long-lived"], default="python",
                        help="the garbage collector's setting for the timed operations: Python's own, or "
                             "the one dedup serve and dedup stream run under")
    parser.add_argument("--slowest", type=int, default=0, metavar="N",
                        help="also list the N slowest checks and adds by CPU time (id, words, matches) on stderr")
    parser.add_argument("--stages", action="store_true",
                        help="the --slowest list also says where each operation spent its CPU, stage by stage")
    parser.add_argument("--fill-merge-at", type=int, default=None, metavar="N",
                        help="SQLite: while filling, merge the recent segment once N articles wait (default: "
                             "the index's own, 10,000 to 20,000 as it grows), and what waits at the end of the fill")
    args = parser.parse_args()
    if args.slowest < 0:
        parser.error("--slowest takes a number of operations, 0 or more")
    if args.stages and not args.slowest:
        parser.error("--stages is shown on the list of the slowest operations: give --slowest N too")
    if args.fill_merge_at is not None and args.fill_merge_at < 1:
        parser.error("--fill-merge-at takes a number of articles, 1 or more")
    if args.corpus is not None and not args.corpus.is_file():
        print(f"skipped: no corpus file {args.corpus}", file=sys.stderr)
        return
    if args.corpus is None and (not args.data.is_dir() or not any(args.data.glob("reut2-*.sgm"))):
        print(f"skipped: no Reuters-21578 (reut2-*.sgm) in {args.data}; pass --data", file=sys.stderr)
        return
    if args.corpus is not None:
        articles: Articles | Corpus = Corpus(args.corpus)
        articles.name = args.corpus.name  # type: ignore[union-attr]
    else:
        articles = Articles(reuters_model(args.data))
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="dedup-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)  # a folder named that is not there yet: made, as the default one is
    rows = []
    for backend in args.backends:
        location = str(workdir / "bench.db") if backend == "sqlite" else args.redis_url
        if backend == "redis":
            from dedup.index.store_redis import RedisStorage

            RedisStorage(location).clear()
        for size in sorted(args.sizes):  # the index grows from one size to the next
            row = run(location, size, articles, args.queries, progress=True, align=not args.no_align,
                      compare_scan=args.compare_scan, slowest=args.slowest, collector_setting=args.collector,
                      fill_merge_at=args.fill_merge_at, stages=args.stages)
            slow = row.pop("slowest", None)
            rows.append(row)
            print(json.dumps(row), flush=True)
            for kind, ops in (slow or {}).items():  # type: ignore[union-attr]
                for op in ops:
                    print(f"  slowest {kind}: {op['cpu_ms']} ms CPU, {op['id']}, {op['words']} words, "
                          f"{op['matches']} matches, collections {op['gc_ms']:.1f} ms", file=sys.stderr)
                    if "stages" in op:
                        print(f"    {shown(op['stages'], op['cpu_ms'])}", file=sys.stderr)  # type: ignore[arg-type]
    print("\n| corpus | backend | articles | check median / p99 (ms) | add median / p99 (ms) | CPU ms check median / p95 / p99 "
          "| CPU ms add median / p95 / p99 | add mean / max (ms) | merge: articles, s (ms each) | bytes/article (written a fill's article) "
          "| add_many articles/s (CPU ms each) | scan articles/s (CPU ms each) | checks flagged | collections (collector) | load |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['corpus']} | {r['backend']} | {r['articles']:,} | {r['check_ms_median']} / {r['check_ms_p99']} | "
              f"{r['add_ms_median']} / {r['add_ms_p99']} | {r['check_cpu_ms_median']} / {r['check_cpu_ms_p95']} / "
              f"{r['check_cpu_ms_p99']} | {r['add_cpu_ms_median']} / {r['add_cpu_ms_p95']} / {r['add_cpu_ms_p99']} | "
              f"{r['add_ms_mean']} / {r['add_ms_max']} | "
              f"{r['merged_articles']}, {r['merge_s']} ({r['merge_ms_per_article'] or '-'}) | {r['bytes_per_article']:,} "
              f"({r['fill_written_bytes_per_article'] or '-'}) | "
              f"{r['add_many_articles_per_s']} ({r['add_many_cpu_ms_per_article']}) | {r['scan_articles_per_s'] or '-'} "
              f"({r['scan_cpu_ms_per_article'] or '-'}) | {r['flagged']} | {r['gc']} ({r['collector']}) | {r['load_average']} |")


if __name__ == "__main__":
    main()
