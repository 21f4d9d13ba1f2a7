"""Stories that share a quotation: two reports quoting one speaker are no copy; a copy carrying a quote is.

    python -m benchmarks.quotes [--reuters benchmarks/out/reuters.jsonl] [--newsroom benchmarks/newsroom/heldout]
        [--seed 7] [--pairs 300] [--json out.json]

The pairs of ``benchmarks/quote_pairs.py`` (Reuters stories given one quotation each with its own
attribution, the newsroom stories' independent reports given a quotation of their wire story: not
reuse; stories copied in part with a quotation inside the copied part: reuse), read two ways as
``benchmarks.newsroom`` reads its pairs: a scan of all of them as one corpus, and ``compare`` of each
pair alone. None of them is in the verdict's training set. Prints a table by kind of pair and the
false and found pairs of each reading.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.make_training import NEWSROOM, read_labels  # noqa: E402
from benchmarks.newsroom import two_readings  # noqa: E402
from benchmarks.quote_pairs import build  # noqa: E402
from dedup.pipeline import compare  # noqa: E402

#: Reuters pairs read by hand: those read as on one subject but not reuse are bases of shared-quote pairs.
READ = (ROOT / "benchmarks/reuters_read.tsv", ROOT / "benchmarks/reuters_read_heldout.tsv")


def evaluate(reuters: Path, newsroom: Path | None, seed: int, pairs: int) -> dict[str, object]:
    """Each labelled pair's verdict in a scan of the whole set and compared alone, and the counts by kind."""
    read = sorted(tuple(sorted(p)) for path in READ for p, label in read_labels(path).items() if label == "not")
    docs, labelled = build(reuters, newsroom, read, seed, pairs)
    by_id = {d.id: d for d in docs}
    rows, by_origin = two_readings(docs, labelled, lambda a, b: compare(by_id[a], by_id[b]))
    return {"pairs": rows, "by_origin": by_origin}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reuters", type=Path, default=ROOT / "benchmarks/out/reuters.jsonl",
                        help="Reuters JSONL (python benchmarks/reuters.py --out ...)")
    parser.add_argument("--newsroom", type=Path, default=NEWSROOM / "heldout",
                        help="newsroom stories whose independent reports are given a quotation")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pairs", type=int, default=300, help="pairs of each kind drawn from Reuters stories")
    parser.add_argument("--json", type=Path, default=None, help="also write every pair's verdicts here")
    args = parser.parse_args(argv)
    missing = [str(p) for p in (args.reuters, args.newsroom) if not p.exists()]
    if missing:
        print(f"not found: {', '.join(missing)} (see benchmarks/README.md to build or point to them)", file=sys.stderr)
        return 2
    out = evaluate(args.reuters, args.newsroom, args.seed, args.pairs)
    print(f"`python -m benchmarks.quotes --seed {args.seed} --pairs {args.pairs}`\n")
    print("| pair | label | pairs | reported by a scan | reported compared alone |\n|---|---:|---:|---:|---:|")
    label_of = {r["origin"]: r["label"] for r in out["pairs"]}
    for origin, (n, in_scan, alone) in sorted(out["by_origin"].items()):
        print(f"| {origin.split(':', 1)[1]} | {label_of[origin]} | {n} | {in_scan} | {alone} |")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
