"""Passage-level candidates on PAN 2013: every source and suspicious document scanned as one haystack.

    python benchmarks/pan_haystack.py [--data ../shared/data/pan13-train] [--no-align]

Reports, per obfuscation type, the share of labelled (suspicious, source) pairs that ``dedup scan``
reports (any verdict), how many of the 1,000 no-plagiarism pairs are reported, how many other document
pairs are reported, and the scan's time and peak memory. Summary pairs without annotated passages are
left out (PAN's own note: they are unlabelled). The data are read from their folder, never copied.
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dedup import Document, scan  # noqa: E402
from dedup.documents import Corpus  # noqa: E402

TYPES = ("01-no-plagiarism", "02-no-obfuscation", "03-random-obfuscation", "04-translation-obfuscation",
         "05-summary-obfuscation")


def load_documents(data: Path) -> list[Document]:
    docs = []
    for folder in ("src", "susp"):
        for path in sorted((data / folder).glob("*.txt")):
            docs.append(Document(id=path.name, text=path.read_text(encoding="utf-8", errors="replace"), outlet=folder))
    return docs


def labelled_pairs(data: Path) -> dict[str, set[frozenset[str]]]:
    out: dict[str, set[frozenset[str]]] = {}
    for kind in TYPES:
        pairs = set()
        for line in (data / kind / "pairs").read_text().splitlines():
            if not line.strip():
                continue
            susp, src = line.split()
            xml = data / kind / f"{susp[:-4]}-{src[:-4]}.xml"
            if kind.startswith("05") and xml.exists() and "plagiarism" not in xml.read_text():
                continue  # unannotated summary pair: unlabelled
            pairs.add(frozenset((susp, src)))
        out[kind] = pairs
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/pan13-train")
    parser.add_argument("--no-align", action="store_true", help="candidates and exact scores only")
    args = parser.parse_args()
    if not (args.data / "src").is_dir():
        sys.exit(f"{args.data}: PAN 2013 training corpus not found (expected src/, susp/ and pair folders)")
    docs = load_documents(args.data)
    truth = labelled_pairs(args.data)
    start = time.perf_counter()
    result = scan(Corpus(tuple(docs)), align=not args.no_align)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    reported = {frozenset((p.a, p.b)): p.verdict for p in result.pairs}
    labelled = set().union(*truth.values())
    print(f"{len(docs)} documents, {result.stats['candidates']} candidate pairs, {len(reported)} reported pairs; "
          f"scan {seconds:.1f} s, peak {peak:.0f} MB (whole process)\n")
    print("| obfuscation | labelled pairs | reported | share | verdicts |")
    print("|---|---:|---:|---:|---|")
    for kind in TYPES:
        hit = [reported[p] for p in truth[kind] if p in reported]
        share = len(hit) / len(truth[kind]) if truth[kind] else float("nan")
        verdicts = ", ".join(f"{v} {n}" for v, n in sorted(Counter(hit).items()))
        print(f"| {kind} | {len(truth[kind])} | {len(hit)} | {share:.1%} | {verdicts} |")
    others = [p for p in reported if p not in labelled]
    print(f"\nother document pairs reported (not in any pairs file): {len(others)}")
    print(f"candidates by channel: {result.stats['candidates_by_channel']}; stage seconds: {result.stats['seconds']}")
    print(f"\n{datetime.now(timezone.utc):%Y-%m-%d}, {platform.machine()}, Python {platform.python_version()}")


if __name__ == "__main__":
    main()
