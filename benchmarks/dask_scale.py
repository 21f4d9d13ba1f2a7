"""Scaling out: the local engine against the Dask engine (1 and 2 workers), wall time and peak memory.

Usage:

    python benchmarks/dask_scale.py [--data ../shared/data/reuters21578] [--articles 200000] [--no-align]

Builds two JSONL corpora in ``benchmarks/out/``: the Reuters-21578 stories (``<BODY>`` of the SGML
files) and a larger one made from them by deterministic perturbation (each article is a Reuters story
with half its words replaced by words drawn from the corpus' own word stream, 3% are edited copies and
2% partial copies of earlier articles). Each configuration runs in a fresh child process; a sampler
reads the resident memory of the child and of every process it starts (Dask workers, nannies) every
0.1 s, and the CPU time of the whole process tree is read when it ends (wall time on a shared machine
depends on its other load; CPU time much less). Prints one Markdown table row per run, and checks that every engine reports the same pairs.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
BODY = re.compile(r"<REUTERS[^>]*NEWID=\"(\d+)\".*?(?:<BODY>(.*?)</BODY>|</REUTERS>)", re.S)


def reuters_stories(data: Path) -> list[tuple[str, str]]:
    """``(id, body)`` of every story with a body, in file order."""
    stories = []
    for sgm in sorted(data.glob("reut2-*.sgm")):
        for newid, body in BODY.findall(sgm.read_text(encoding="latin-1")):
            if body and body.strip():
                stories.append((f"reuters-{newid}", html.unescape(body)))
    return stories


def write_jsonl(path: Path, records: list[tuple[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as out:
        for doc_id, text in records:
            out.write(json.dumps({"id": doc_id, "text": text}) + "\n")
    return path


def perturbed(stories: list[tuple[str, str]], n: int, *, seed: int = 1) -> list[tuple[str, str]]:
    """``n`` articles from the stories: half the words replaced, plus edited and partial copies."""
    rnd = random.Random(seed)
    stream = [w for _, text in stories[:2000] for w in text.split()]
    out: list[tuple[str, str]] = []
    for k in range(n):
        roll = rnd.random()
        if out and roll < 0.03:
            words = rnd.choice(out)[1].split()
            for _ in range(max(1, len(words) // 30)):
                words[rnd.randrange(len(words))] = rnd.choice(stream)
            text = " ".join(words)
        elif out and roll < 0.05:
            donor = rnd.choice(out)[1].split()
            own = [rnd.choice(stream) for _ in range(120)]
            text = " ".join(own + donor[: len(donor) // 2])
        else:
            text = " ".join(w if rnd.random() < 0.5 else rnd.choice(stream) for w in stories[k % len(stories)][1].split())
        out.append((f"gen-{k:07d}", text))
    return out


def run_child(args: list[str], trace: Path | None = None) -> dict[str, object]:
    """Run one configuration in a child process; peak resident memory of it and of its descendants.

    With ``trace``, every 5 s a line of each process's resident MB goes to that file (a long run can be
    watched as it goes: which stage, how close each worker is to its limit)."""
    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = psutil.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True,
                        env=os.environ | {"PYTHONPATH": str(ROOT)})
    peaks: dict[int, int] = {}
    done = threading.Event()

    def sample() -> None:
        ticks = 0
        while not done.is_set():
            now: dict[int, int] = {}
            try:
                for p in [proc, *proc.children(recursive=True)]:
                    now[p.pid] = p.memory_info().rss
                    peaks[p.pid] = max(peaks.get(p.pid, 0), now[p.pid])
            except psutil.Error:
                pass
            if trace is not None and ticks % 50 == 0:
                with trace.open("a") as out:
                    out.write(f"{ticks / 10:.0f}s " + " ".join(f"{pid}:{rss >> 20}" for pid, rss in sorted(now.items())) + "\n")
            ticks += 1
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, _ = proc.communicate()
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the whole tree: workers are waited for on exit
    result = json.loads(stdout.strip().splitlines()[-1])
    result["cpu_seconds"] = round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1)
    others = [v for pid, v in peaks.items() if pid != proc.pid]
    result["peak_main_mb"] = round(peaks.get(proc.pid, 0) / 2**20)
    result["peak_other_max_mb"] = round(max(others, default=0) / 2**20)
    result["peak_others_mb"] = sorted((round(v / 2**20) for v in others), reverse=True)
    result["processes"] = len(peaks)
    return result


def scan_once(corpus: str, engine: str, workers: int, align: bool, memory: str | None = None) -> None:
    """The child: one scan, one JSON line (time, counts, a digest of the pairs; for Dask, the seconds at
    which each stage's last task ended and the bytes moved between processes, by stage)."""
    import hashlib

    from dedup.engines import scan_with

    options: dict[str, object] = {"align": align}
    marks: dict[str, float] = {}
    started = time.perf_counter()
    moved: dict[str, int] = {}
    if engine == "dask":
        import distributed

        def progress(stage: str, done: int, total: int) -> None:
            marks[stage] = round(time.perf_counter() - started, 1)
            if done == total:  # on stderr as it happens: a long run can be followed
                print(f"{stage}: {total} at {marks[stage]} s", file=sys.stderr, flush=True)

        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=":0",
                                           memory_limit=memory or "auto")
        client = distributed.Client(cluster)
        client.run(pickled_sizes)
        started = time.perf_counter()
        result = scan_with(engine, corpus, client=client, progress=progress, **options)
        moved = shuffle_bytes(client)
        client.close()
        cluster.close()
    else:
        result = scan_with(engine, corpus, **options, **({"memory": memory} if memory else {}))
    seconds = time.perf_counter() - started
    pairs = json.dumps([p.to_dict() for p in result.pairs] + [c.to_dict() for c in result.clusters])
    print(json.dumps({"engine": engine, "workers": workers if engine == "dask" else 0, "seconds": round(seconds, 1),
                      "documents": len(result.documents), "candidates": result.stats["candidates"],
                      "pairs": len(result.pairs), "clusters": len(result.clusters),
                      "digest": hashlib.sha256(pairs.encode()).hexdigest()[:12],
                      "stages": result.stats["seconds"], "stage_ends": marks, "moved_bytes": moved}))


def pickled_sizes() -> None:
    """In a worker: the size Dask records for a result that is not an array or a container is its pickled
    length (Dask's default, ``sys.getsizeof``, counts a Corpus or a CandidateSet as a few dozen bytes)."""
    import pickle

    from dask.sizeof import sizeof

    sizeof.register(object)(lambda value: len(pickle.dumps(value, protocol=5)))


def shuffle_bytes(client: object) -> dict[str, int]:
    """Bytes each stage's results moved out of the worker that made them (to another worker or to this
    client), from the workers' own transfer logs, by task name (``dedup-<stage>-...``); sizes as
    :func:`pickled_sizes` has Dask record them."""
    def outgoing(dask_worker: object) -> list[dict[str, int]]:
        return [dict(entry["keys"]) for entry in dask_worker.transfer_outgoing_log]  # type: ignore[attr-defined]

    moved: dict[str, int] = {}
    for log in client.run(outgoing).values():  # type: ignore[attr-defined]
        for keys in log:
            for key, size in keys.items():
                name = str(key).split("-")[1] if str(key).startswith("dedup-") else "other"
                moved[name] = moved.get(name, 0) + int(size)
    return dict(sorted(moved.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "reuters21578")
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--no-align", action="store_true")
    parser.add_argument("--only", choices=["reuters", "generated"], default=None)
    parser.add_argument("--corpus", type=Path, default=None,
                        help="scan this JSONL (e.g. the first lines of make_syndication.py --scale) instead")
    parser.add_argument("--memory", default=None, help="each Dask worker's memory limit, the local scan's --memory")
    parser.add_argument("--engines", default="local,dask", help="which engines to run on --corpus (comma-separated)")
    parser.add_argument("--trace", type=Path, default=None, help="append each process's memory every 5 s to this file")
    parser.add_argument("--child", nargs=3, metavar=("CORPUS", "ENGINE", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        scan_once(args.child[0], args.child[1], int(args.child[2]), not args.no_align, args.memory)
        return
    if args.corpus is not None:
        compare_engines({args.corpus.stem: args.corpus}, args)
        return
    if not args.data.exists():
        sys.exit(f"{args.data}: Reuters-21578 not found; pass --data (skipping the benchmark)")
    stories = reuters_stories(args.data)
    corpora = {"reuters": write_jsonl(OUT / "reuters.jsonl", stories)}
    if args.articles:
        corpora["generated"] = write_jsonl(OUT / f"generated-{args.articles}.jsonl", perturbed(stories, args.articles))
    compare_engines(corpora, args)


def compare_engines(corpora: dict[str, Path], args: argparse.Namespace) -> None:
    print(f"# {datetime.now(timezone.utc):%Y-%m-%d}, {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("| corpus | engine | workers | documents | candidates | pairs | wall s | CPU s (all processes) "
          "| peak main MB | peak worker MB | same pairs |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, path in corpora.items():
        if args.only and name != args.only:
            continue
        reference = None
        for engine, workers in (("local", 0), ("dask", 1), ("dask", 2)):
            if args.corpus is not None and (workers == 1 or engine not in args.engines.split(",")):
                continue  # a given corpus: the local engine against the two-worker cluster only
            extra = (["--no-align"] if args.no_align else []) + (["--memory", args.memory] if args.memory else [])
            r = run_child(["--child", str(path), engine, str(workers), *extra], args.trace)
            reference = reference or r["digest"]
            print(f"| {name} | {engine} | {workers or '-'} | {r['documents']:,} | {r['candidates']:,} | {r['pairs']:,} "
                  f"| {r['seconds']} | {r['cpu_seconds']} | {r['peak_main_mb']:,} | {r['peak_other_max_mb']:,} | {r['digest'] == reference} |",
                  flush=True)
            print(f"<!-- {json.dumps(r)} -->", flush=True)


if __name__ == "__main__":
    main()
