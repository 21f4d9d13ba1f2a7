"""Draw reported Reuters-21578 pairs at random, to be read by a person.

    python -m benchmarks.reuters_sample [--corpus benchmarks/out/reuters.jsonl] [--n 100] [--seed 14]
        [--verdicts partial,rewrite] [--out benchmarks/out/reuters_sample.md] [--exclude benchmarks/reuters_read.tsv]
    python -m benchmarks.reuters_sample --score benchmarks/reuters_read_heldout.tsv [--corpus ...] [--min-confidence 0.62]

Scans the Reuters JSONL (``python benchmarks/reuters.py --out ...``) with the defaults, draws ``--n`` of the
pairs given one of ``--verdicts`` with a fixed seed, and writes each with its confidence, reasons,
headlines, dates, the opening of both stories and their longest shared passage, so that a reader can say
whether it is real reuse (or two versions of one story) or not. The counts by verdict of the whole scan
are printed too. ``--exclude`` leaves out every pair with a story in a file of pairs already read (the
hand labels the verdict is trained on), so that a draw read to measure precision holds no story the model
was trained on by hand.

``--score`` draws nothing: it scans the same way and prints, for the pairs read in a file (the held-out
readings, never trained on), how many the scan reports at the default bar (and from higher confidences)
and how many of those are real reuse by the readers' labels: the precision of the verdict that is
installed, measured on pairs no model was fitted on. ``--min-confidence`` scans from another bar than the
model's (a regenerated model's bar moves: counts from a fixed confidence tell a move of the bar from one of
the evidence).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Sequence

from dedup import scan
from dedup.decision import Thresholds
from dedup.reading import read_corpus
from dedup.result import ScanResult

ROOT = Path(__file__).resolve().parent.parent


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "benchmarks/out/reuters.jsonl")
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--verdicts", default="partial,rewrite")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/out/reuters_sample.md")
    parser.add_argument("--chars", type=int, default=700, help="characters of each story to show")
    parser.add_argument("--exclude", type=Path, default=None,
                        help="leave out pairs with a story in this file of pairs read (a<TAB>b<TAB>label<TAB>reason)")
    parser.add_argument("--score", type=Path, default=None,
                        help="draw nothing: score the scan on this file of pairs read (a<TAB>b<TAB>label<TAB>reason)")
    parser.add_argument("--min-confidence", type=float, default=None,
                        help="report pairs from this confidence on (default: the model's operating point)")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"{args.corpus} not found: python benchmarks/reuters.py --out {args.corpus}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    if args.min_confidence is not None and not 0.0 <= args.min_confidence <= 1.0:
        print(f"--min-confidence must be between 0 and 1, got {args.min_confidence}", file=sys.stderr)
        return 2
    result = scan(read_corpus(args.corpus), thresholds=Thresholds(min_confidence=args.min_confidence))
    seconds = time.perf_counter() - started
    if args.score:
        print(json.dumps(score_read(result, args.score) | {"scan_seconds": round(seconds, 1)}))
        return 0
    wanted = set(args.verdicts.split(","))
    read = _stories(args.exclude) if args.exclude else set()
    pool = [p for p in result.pairs if p.verdict in wanted and p.a not in read and p.b not in read]
    drawn = random.Random(args.seed).sample(pool, min(args.n, len(pool)))
    docs = {d.id: d for d in result.documents}
    lines = [f"# {len(drawn)} of {len(pool)} reported {'/'.join(sorted(wanted))} pairs (seed {args.seed})", ""]
    for k, p in enumerate(drawn, start=1):
        why = ", ".join(f"{r.feature} {r.contribution:+.1f}" for r in p.why)
        lines += [f"## {k}. {p.verdict} {p.confidence:.3f}  {p.a} / {p.b}", f"why: {why}", ""]
        for side in (p.a, p.b):
            d = docs[side]
            text = " ".join(d.text.split())[: args.chars]
            lines += [f"**{d.title}** ({d.published})", "", text, ""]
        longest = max(p.passages, key=lambda s: s.a[1] - s.a[0], default=None)
        if longest is not None:
            for side, (start, end) in ((p.a, longest.a), (p.b, longest.b)):
                lines += [f"> shared ({side}): " + " ".join(docs[side].text[start:end].split())[: args.chars], ""]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    counts = Counter(p.verdict for p in result.pairs)
    print(json.dumps({"documents": len(result.documents), "pairs": len(result.pairs), "by_verdict": dict(sorted(counts.items())),
                      "drawn": len(drawn), "scan_seconds": round(seconds, 1), "written": str(args.out)}))
    return 0


def score_read(result: ScanResult, path: Path, bars: Sequence[float] = (0.8, 0.9, 0.95)) -> dict[str, object]:
    """Of the pairs read in ``path``: how many ``result`` reports, with what labels (``reuse``, ``not``,
    ``unclear``), and the same from each confidence in ``bars`` on."""
    from benchmarks.make_training import read_labels

    labels = read_labels(path)
    reported = {frozenset((p.a, p.b)): p for p in result.pairs if frozenset((p.a, p.b)) in labels}

    def counts(bar: float) -> dict[str, int]:
        found = Counter(labels[k] for k, p in reported.items() if p.confidence >= bar)
        return {"reported": sum(found.values()), "reuse": found["reuse"], "not": found["not"], "unclear": found["unclear"]}

    return {"read": len(labels), "read_reuse": sum(v == "reuse" for v in labels.values()),
            "default": counts(0.0) | {"by_verdict": dict(sorted(Counter(p.verdict for p in reported.values()).items()))},
            **{f">={bar}": counts(bar) for bar in bars}}


def _stories(path: Path) -> set[str]:
    """Every story id in a file of pairs read (tab-separated, ``#`` comments and a header line)."""
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return {story for row in rows[1:] for story in row[:2]}


if __name__ == "__main__":
    sys.exit(main())
