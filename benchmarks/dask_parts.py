"""The Dask engine asked for tiny parts: how many parts and tasks it plans, its time and peaks, its answer.

Usage:

    python benchmarks/dask_parts.py CORPUS [--limit 2000] [--per-article 3] [--part-bytes N] [--timeout 300]

Writes the first ``--limit`` articles of ``CORPUS`` as one JSONL file (as ``benchmarks/agreement.py`` does for
its run "with more parts than articles"), scans it with the local engine, then with the Dask engine on a local
cluster of two 1 GB workers asked for parts of ``--part-bytes`` (default: the file's size over ``--per-article``
times its articles, a few hundred bytes). The Dask run is a child process stopped after ``--timeout`` seconds.
Prints the parts and buckets used, the tasks submitted, the wall and CPU seconds, the client's peak (the
process that submits the tasks and holds their futures, the scheduler of a local cluster with it) and the
workers' peak (``ru_maxrss`` of the reaped children), and whether its pairs are the local engine's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_corpus(source: Path, limit: int, out: Path) -> tuple[Path, int]:
    """The first ``limit`` articles of ``source`` written to ``out`` as JSONL, as the agreement benchmark writes
    its sets; returns the file and how many."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.agreement import _write_jsonl
    from dedup.reading import read_corpus

    docs = list(read_corpus(source).documents)[:limit]
    return _write_jsonl(out, docs), len(docs)


def pair_keys(result: object) -> list[str]:
    data = result.to_dict(with_text=False)  # type: ignore[attr-defined]
    return sorted(json.dumps(p, sort_keys=True, ensure_ascii=False) for p in data["pairs"])


def child(path: Path, part_bytes: int, keys_out: Path) -> None:
    """One Dask scan in this process: its figures as one JSON line on stdout."""
    from dedup.engines import dask_run
    from dedup.engines.dask import scan_dask

    submitted = [0]
    real = dask_run.Run.submit

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        submitted[0] += 1
        return real(self, *args, **kwargs)

    dask_run.Run.submit = counted  # type: ignore[method-assign]
    planned: dict[str, int] = {}
    real_scan = dask_run.Run.scan

    def noted(self, parts, **kwargs):  # type: ignore[no-untyped-def]
        planned["parts"] = len(parts)
        return real_scan(self, parts, **kwargs)

    dask_run.Run.scan = noted  # type: ignore[method-assign]
    started, cpu = time.perf_counter(), time.process_time()
    result = scan_dask(path, workers=2, memory="1GB", part_bytes=part_bytes or None)
    wall = time.perf_counter() - started
    keys_out.write_text(json.dumps(pair_keys(result)), encoding="utf-8")
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"parts": planned.get("parts"), "tasks": submitted[0], "wall": round(wall, 1),
                      "cpu_client": round(time.process_time() - cpu, 1),
                      "cpu_workers": round(kids.ru_utime + kids.ru_stime, 1),
                      "client_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                      "workers_mb": kids.ru_maxrss // 1024, "pairs": len(result.pairs)}))


def sample_rss(pid: int) -> dict[str, int]:
    """The resident memory (KB) of ``pid`` and the largest of its descendants', sampled every 0.5 s while it lives."""
    peaks = {"client": 0, "client_now": 0, "others": 0}

    def rss(p: int) -> int:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def descendants(p: int) -> list[int]:
        try:
            kids = [int(k) for t in Path(f"/proc/{p}/task").iterdir()
                    for k in (t / "children").read_text().split()]
        except OSError:
            return []
        return kids + [d for k in kids for d in descendants(k)]

    def sample() -> None:
        while Path(f"/proc/{pid}").exists():
            now = rss(pid)
            if now:
                peaks["client_now"] = now
            peaks["client"] = max(peaks["client"], now)
            peaks["others"] = max([peaks["others"], *(rss(d) for d in descendants(pid))])
            time.sleep(0.5)

    threading.Thread(target=sample, daemon=True).start()
    return peaks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument("--per-article", type=int, default=3, help="parts asked for per article (default 3)")
    parser.add_argument("--part-bytes", type=int, help="the parts' size asked for (default: from --per-article; 0: "
                        "none asked, the engine's own plan)")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(Path(args.child[0]), int(args.child[1]), Path(args.child[2]))
        return 0
    with tempfile.TemporaryDirectory(prefix="dask-parts-") as tmp:
        path, n = write_corpus(args.corpus, args.limit, Path(tmp) / "corpus.jsonl")
        size = (args.part_bytes if args.part_bytes is not None
                else max(1, path.stat().st_size // (args.per_article * max(1, n))))
        from dedup import scan

        started = time.perf_counter()
        local = pair_keys(scan(path))
        print(f"{n} articles, {path.stat().st_size:,} bytes; local scan: {len(local)} pairs, "
              f"{time.perf_counter() - started:.1f} s; Dask asked for parts of {size:,} bytes")
        from dedup.parts import PART_BYTES, plan_parts

        planned = len(plan_parts(path, part_bytes=size or PART_BYTES))
        print(f"parts of {size:,} bytes planned: {planned:,}; with a bucket a part, the shuffle alone is "
              f"{2 * planned * planned:,} tasks")
        keys = Path(tmp) / "dask-keys.json"
        started = time.perf_counter()
        run = subprocess.Popen([sys.executable, __file__, str(args.corpus), "--child", str(path), str(size), str(keys)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                               start_new_session=True)  # its group stopped whole: the cluster's processes with it
        peaks = sample_rss(run.pid)
        try:
            out, err = run.communicate(timeout=args.timeout)
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGKILL)
            run.communicate()
            print(f"Dask: stopped after {time.perf_counter() - started:.0f} s (timeout); client's resident memory "
                  f"then {peaks['client_now'] // 1024} MB, its peak {peaks['client'] // 1024} MB; a worker's peak "
                  f"{peaks['others'] // 1024} MB")
            return 1
        done = subprocess.CompletedProcess(run.args, run.returncode, out, err)
        if done.returncode != 0:
            print(f"Dask: exit {done.returncode} after {time.perf_counter() - started:.0f} s; stderr's last lines:")
            print("\n".join(done.stderr.strip().splitlines()[-5:]))
            return 1
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        same = json.loads(keys.read_text(encoding="utf-8")) == local
        print(f"Dask: {json.dumps(figures)}; the local engine's pairs: {'yes' if same else 'NO'}")
        return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
