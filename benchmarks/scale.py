"""Time and memory of a whole scan, stage by stage, against corpus size; a log-log plot of both.

Usage (from the project root; the corpus is any dedup JSONL, e.g. ``make_syndication.py --scale``)::

    python benchmarks/scale.py --corpus benchmarks/out/synd-100k/corpus.jsonl --sizes 10000 100000 \\
        [--no-align] [--passages thorough] [--out benchmarks/out/scale.json] [--svg benchmarks/out/scale.svg]

Each size scans the first N lines of the corpus in a child process (``dedup.pipeline.scan``, the
defaults, alignment on unless ``--no-align``). While it runs, the resident memory of the child and of
its forked workers is read from ``/proc`` every 0.1 s; each sample is put in the stage the scan's log says
is running (read, sign, candidates, verify, desk, json: the result streamed to a JSON file). The result is one JSON object per size: seconds and
peak memory (the scanning process alone, and with its workers: resident pages in full, an upper bound,
and proportional set sizes, read once a second, which count a page shared by k processes 1/k each) per stage, and, when the corpus has a
``truth.json`` beside it (``make_syndication.py`` writes one), precision and recall on its labelled pairs
(``synd_metrics.score``: a pair with a filler article counts against precision). ``--svg`` draws time and peak
memory against articles on log-log axes (a plain SVG file, no plotting library needed).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import logging, os, sys, time, json
from dedup.candidates import channels_for
from dedup.pipeline import scan
from dedup.memory import text_spill
from dedup.reading import read_corpus
from dedup.report.jsonout import write_json
logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(created).3f %(name)s %(message)s")
print(f"{time.time():.3f} stage read", file=sys.stderr, flush=True)
corpus = read_corpus(sys.argv[1], spill=text_spill(sys.argv[3]))
print(f"{time.time():.3f} stage sign", file=sys.stderr, flush=True)
result = scan(corpus, align=sys.argv[2] == "1", memory=sys.argv[3], channels=channels_for(os.environ["SCALE_PASSAGES"]))
print(f"{time.time():.3f} stage json", file=sys.stderr, flush=True)
write_json(result.to_dict(stream=True), sys.argv[4])
print(f"{time.time():.3f} stage done", file=sys.stderr, flush=True)
quality = {}
if len(sys.argv) > 5:  # the labelled pairs inside the corpus, scored after the scan (not timed)
    sys.path.insert(0, "benchmarks")
    from synd_metrics import Found, score
    truth = json.load(open(sys.argv[5], encoding="utf-8"))
    s = score(truth, [Found(p.a, p.b, p.verdict) for p in result.pairs], [c.members for c in result.clusters])
    quality = {"overall": s.overall, "recall": s.recall, "template_fp": s.template_fp,
               "false_positives": len(s.false_positives)}
print(json.dumps({"stats": result.stats, "pairs": len(result.pairs), "quality": quality}))
"""
# log lines that end a stage, and the stage that starts after them
STAGE_AFTER = (("signed ", "candidates"), ("candidate pairs in", "verify"), ("pairs reported in", "desk"))


def _tree_rss(pid: int) -> tuple[int, int]:
    """Resident kB of ``pid`` and of it plus its children (forked workers share pages: an upper bound)."""
    return _tree(pid, "status", "VmRSS:")


def _tree_pss(pid: int) -> tuple[int, int]:
    """Proportional set size (kB) of ``pid`` and of it plus its children: a page shared by k processes
    counts 1/k in each, so the sum is what the tree holds (``/proc/PID/smaps_rollup``; 0 where unreadable)."""
    return _tree(pid, "smaps_rollup", "Pss:")


def _tree(pid: int, file: str, field: str) -> tuple[int, int]:
    """The kB that line ``field`` of ``/proc/PID/file`` gives for ``pid``, and for it plus its children."""
    def kb(p: int) -> int:
        try:
            for line in Path(f"/proc/{p}/{file}").read_text().splitlines():
                if line.startswith(field):
                    return int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            pass
        return 0

    try:
        children = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        children = []
    own = kb(pid)
    return own, own + sum(kb(c) for c in children)


def _samples(child: subprocess.Popen) -> list[tuple[float, int, int, int, int]]:
    """``(time, own kB, with workers kB, own PSS kB, PSS with workers kB)`` every 0.1 s until ``child`` ends
    (the PSS once a second: reading smaps walks every mapped page)."""
    samples = []
    pss = (0, 0)
    while child.poll() is None:
        if len(samples) % 10 == 0:
            pss = _tree_pss(child.pid)
        samples.append((time.time(), *_tree_rss(child.pid), *pss))
        time.sleep(0.1)
    return samples


def run_size(corpus: Path, n: int, align: bool, memory: str = "4GB", truth: Path | None = None,
             keep_json: Path | None = None, passages: str = "default") -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        part = Path(tmp) / "part.jsonl"
        with corpus.open(encoding="utf-8") as src, part.open("w", encoding="utf-8") as dst:
            for k, line in enumerate(src):
                if k >= n:
                    break
                dst.write(line)
        err_path = Path(tmp) / "err.log"
        with err_path.open("w") as err:
            started = time.time()
            child = subprocess.Popen([sys.executable, "-c", CHILD, str(part), "1" if align else "0", memory, str(Path(tmp) / "result.json"),
                                      *([str(truth.resolve())] if truth is not None else [])],
                                     stdout=subprocess.PIPE, stderr=err, text=True, cwd=ROOT,
                                     env={**os.environ, "PYTHONPATH": str(ROOT), "SCALE_PASSAGES": passages})
            samples = _samples(child)
            out = child.stdout.read() if child.stdout else ""
        log = err_path.read_text()
        if keep_json is not None and child.returncode == 0:
            keep_json.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(tmp) / "result.json", keep_json / f"scan-{n}-{memory}.json")
    if child.returncode != 0:
        raise SystemExit(f"scan of {n} articles failed:\n{log[-2000:]}")
    marks = [(started, "start")]
    for line in log.splitlines():
        stamp, _, text = line.partition(" ")
        if text.startswith("stage "):
            marks.append((float(stamp), text.split()[1]))
        for end, nxt in STAGE_AFTER:
            if end in text:
                marks.append((float(stamp), nxt))
    marks.sort()
    stages: dict[str, dict[str, float]] = {}
    for k, (at, name) in enumerate(marks):
        if name == "done":
            break
        until = marks[k + 1][0] if k + 1 < len(marks) else samples[-1][0]
        inside = [s for s in samples if at <= s[0] < until] or [min(samples, key=lambda s: abs(s[0] - at))]
        stages[name] = {"seconds": round(until - at, 2), "peak_mb": round(max(s[1] for s in inside) / 1024, 1),
                        "peak_with_workers_mb": round(max(s[2] for s in inside) / 1024, 1),
                        "peak_pss_with_workers_mb": round(max(s[4] for s in inside) / 1024, 1)}
    stages.pop("start", None)
    result = json.loads(out.strip().splitlines()[-1])
    return {"articles": n, "documents": result["stats"]["documents"], "pairs": result["pairs"], "align": align,
            "memory_setting": memory, "passages": passages, "candidates": result["stats"]["candidates"],
            "wall_seconds": round(samples[-1][0] - started, 2),
            "peak_mb": round(max(s[1] for s in samples) / 1024, 1),
            "peak_with_workers_mb": round(max(s[2] for s in samples) / 1024, 1),
            "peak_pss_with_workers_mb": round(max(s[4] for s in samples) / 1024, 1),
            "stages": stages, "load": os.getloadavg()[0], "quality": result.get("quality") or {}}


def svg(rows: list[dict]) -> str:
    """Two log-log panels: seconds per stage and peak memory, against articles."""
    width, height, pad = 360, 260, 50
    colours = {"read": "#888", "sign": "#1f77b4", "candidates": "#2ca02c", "verify": "#d62728",
               "desk": "#9467bd", "json": "#8c564b", "total": "#000", "peak": "#000", "peak with workers": "#ff7f0e"}

    def panel(x0: int, title: str, series: dict[str, list[tuple[float, float]]], unit: str) -> str:
        points = [p for s in series.values() for p in s if p[1] > 0]
        if not points:
            return ""
        lx = [math.log10(p[0]) for p in points]
        ly = [math.log10(p[1]) for p in points]
        x_lo, x_hi = math.floor(min(lx)), math.ceil(max(lx)) + (min(lx) == max(lx))
        y_lo, y_hi = math.floor(min(ly)), math.ceil(max(ly)) + (min(ly) == max(ly))

        def at(x: float, y: float) -> tuple[float, float]:
            return (x0 + pad + (math.log10(x) - x_lo) / (x_hi - x_lo) * (width - 2 * pad),
                    height - pad - (math.log10(y) - y_lo) / (y_hi - y_lo) * (height - 2 * pad))

        parts = [f'<text x="{x0 + width / 2}" y="20" text-anchor="middle" font-size="13">{title}</text>',
                 f'<rect x="{x0 + pad}" y="{pad}" width="{width - 2 * pad}" height="{height - 2 * pad}" '
                 'fill="none" stroke="#ccc"/>']
        for e in range(x_lo, x_hi + 1):
            x, _ = at(10**e, 10**y_lo)
            parts.append(f'<text x="{x}" y="{height - pad + 15}" text-anchor="middle" font-size="10">1e{e}</text>')
        for e in range(y_lo, y_hi + 1):
            _, y = at(10**x_lo, 10**e)
            parts.append(f'<text x="{x0 + pad - 5}" y="{y + 3}" text-anchor="end" font-size="10">1e{e}</text>')
        parts.append(f'<text x="{x0 + width / 2}" y="{height - 10}" text-anchor="middle" font-size="11">articles</text>')
        parts.append(f'<text x="{x0 + 12}" y="{height / 2}" font-size="11" transform="rotate(-90 {x0 + 12},{height / 2})" '
                     f'text-anchor="middle">{unit}</text>')
        for k, (name, pts) in enumerate(series.items()):
            pts = [p for p in pts if p[1] > 0]
            xy = " ".join(f"{x:.1f},{y:.1f}" for x, y in (at(*p) for p in pts))
            colour = colours.get(name, "#333")
            parts.append(f'<polyline points="{xy}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
            parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}"/>' for x, y in (at(*p) for p in pts)]
            parts.append(f'<text x="{x0 + pad + 5}" y="{pad + 12 + 12 * k}" font-size="10" fill="{colour}">{name}</text>')
        return "\n".join(parts)

    names = sorted({s for r in rows for s in r["stages"]}, key=list(colours).index)
    time_series = {s: [(r["articles"], r["stages"].get(s, {}).get("seconds", 0)) for r in rows] for s in names}
    time_series["total"] = [(r["articles"], r["wall_seconds"]) for r in rows]
    memory = {"peak": [(r["articles"], r["peak_mb"]) for r in rows],
              "peak with workers": [(r["articles"], r["peak_with_workers_mb"]) for r in rows]}
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * width}" height="{height}" font-family="sans-serif">\n'
            + panel(0, "time per stage", time_series, "seconds") + "\n"
            + panel(width, "peak resident memory", memory, "MB") + "\n</svg>\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--no-align", action="store_true")
    parser.add_argument("--memory", default="4GB", help="the scan's memory setting (dedup scan --memory)")
    parser.add_argument("--passages", default="default", choices=("default", "thorough"),
                        help="the scan's passage windows (dedup scan --passages)")
    parser.add_argument("--truth", type=Path, default=None,
                        help="the corpus's truth.json (default: the one beside the corpus, if any): precision and "
                             "recall on its labelled pairs, per size")
    parser.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    parser.add_argument("--keep-json", type=Path, default=None,
                        help="keep each scan's result JSON in this folder (scan-N-MEMORY.json), to compare runs")
    parser.add_argument("--svg", type=Path, default=None, help="draw the log-log plot here")
    parser.add_argument("--results", type=Path, nargs="+", default=None,
                        help="JSON files written before: merge their rows by size, plot them, scan nothing")
    args = parser.parse_args(argv)
    if args.results is not None:
        rows = sorted((row for path in args.results for row in json.loads(path.read_text())), key=lambda r: r["articles"])
    else:
        if not args.corpus.exists():
            print(f"{args.corpus}: not found (make it with benchmarks/make_syndication.py --scale N)", file=sys.stderr)
            return 2
        truth = args.truth or (args.corpus.parent / "truth.json")
        rows = []
        for n in args.sizes:
            rows.append(run_size(args.corpus, n, not args.no_align, args.memory, truth if truth.exists() else None,
                                 args.keep_json, args.passages))
            print(json.dumps(rows[-1]), flush=True)
    if args.out:
        args.out.write_text(json.dumps(rows, indent=1))
    if args.svg:
        args.svg.write_text(svg(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
