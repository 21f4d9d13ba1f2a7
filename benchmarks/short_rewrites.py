"""Short heavy rewrites of Reuters stories written by hand, compared with their sources.

    python -m benchmarks.short_rewrites [--corpus benchmarks/out/reuters.jsonl] [--cases benchmarks/short_rewrites/dev.json]

``benchmarks/short_rewrites/dev.json`` holds, per case, a Reuters-21578 story id, a short rewrite of that
story written by hand as another outlet would write it (sentences recast, merged and split, clauses
moved, figures kept: reuse) and a report of the same event written from other facts (not reuse). They
are development cases for the verdict on short human rewrites (issue 14): never trained on, and read
while changing the verdict, so they measure nothing held out (``python -m benchmarks.newsroom`` and the
multilingual set do that). Each text is compared with its source alone (``dedup compare``); prints the
verdict, the confidence and the reasons that weighed most.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dedup import Document, compare  # noqa: E402

CASES = ROOT / "benchmarks/short_rewrites/dev.json"
#: What a reader would say of each text against its source; None: not reuse.
EXPECTED = {"rewrite": "rewrite", "independent": None}


def stories(corpus: Path, wanted: set[str]) -> dict[str, str]:
    """The texts of the ``wanted`` Reuters stories, by id, from the JSONL corpus."""
    found = {}
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["id"] in wanted:
                found[record["id"]] = record["text"]
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "benchmarks/out/reuters.jsonl",
                        help="Reuters JSONL (python benchmarks/reuters.py --out ...)")
    parser.add_argument("--cases", type=Path, default=CASES)
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"{args.corpus} not found: python benchmarks/reuters.py --out {args.corpus}", file=sys.stderr)
        return 2
    cases = json.loads(args.cases.read_text(encoding="utf-8"))["cases"]
    texts = stories(args.corpus, {c["story"] for c in cases})
    missing = sorted({c["story"] for c in cases} - texts.keys())
    if missing:
        print(f"not in {args.corpus}: {', '.join(missing)}", file=sys.stderr)
        return 2
    print("| story | text | expected | verdict | confidence | weighed most |")
    print("|---|---|---|---|---:|---|")
    right = 0
    for case in cases:
        for name, expected in EXPECTED.items():
            found = compare(Document(case["story"], texts[case["story"]]), Document(name, case[name]))
            reasons = "; ".join(f"{r.feature} {r.contribution:+.2f}" for r in found.why)
            verdict = found.to_dict()["verdict"]
            right += (verdict is None) == (expected is None)
            print(f"| {case['story']} | {name} | {expected or '-'} | {verdict or '-'} | {found.confidence:.3f} | {reasons} |")
    print(f"\n{right} of {2 * len(cases)} as a reader would say")
    return 0


if __name__ == "__main__":
    sys.exit(main())
