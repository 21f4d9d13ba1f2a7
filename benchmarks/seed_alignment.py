"""Seed pair: does the aligner link the rewrite's sentences to the right wire sentences?

Usage (from the project root)::

    python -m benchmarks.seed_alignment [--data ../shared/seeds] [--gold benchmarks/gold/seed_pair.json]

The gold alignment (``benchmarks/gold/seed_pair.json``) was written by hand; it names sentences by the
start of their text. The aligner runs unfitted (IDF from the pair alone), as ``dedup compare`` does on
two files. This pair is a check, never a tuning target: thresholds come from PAN and MSRP.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from dedup import scan
from dedup.align import SentenceAligner
from dedup.documents import Document
from dedup.sentences import Sentence

DEFAULT_DATA = Path("../shared/seeds")
DEFAULT_GOLD = Path(__file__).parent / "gold" / "seed_pair.json"


def find(sentences: Sequence[Sentence], prefix: str) -> int:
    """Index of the one sentence starting with ``prefix``; a gold file that no longer matches is an error."""
    hits = [i for i, s in enumerate(sentences) if s.text.startswith(prefix)]
    if len(hits) != 1:
        raise SystemExit(f"gold prefix {prefix!r} matches {len(hits)} sentences; update the gold file")
    return hits[0]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="seeds folder (default: %(default)s)")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    args = parser.parse_args(argv)
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    paths = [args.data / gold["source"], args.data / gold["derived"]]
    if not all(p.is_file() for p in paths):
        print(f"seed articles not found in {args.data}: pass --data <folder holding them>", file=sys.stderr)
        return 2
    source, derived = (Document(p.stem, p.read_text(encoding="utf-8")) for p in paths)
    result = SentenceAligner().align(source, derived)
    if result.source_document.id != source.id:
        print("note: the aligner read the rewrite as source; scoring with roles swapped back is not done")
        return 1
    linked = {j: set(link.source_sentences) for link in result.links for j in link.derived_sentences}
    right = missed = wrong = 0
    for item in gold["links"]:
        j = find(result.derived_sentences, item["derived"])
        allowed = {find(result.source_sentences, p) for p in item["sources"]}
        if j not in linked:
            missed += 1
            print(f"  missed  {result.derived_sentences[j].text[:70]!r}")
        elif linked[j] <= allowed:
            right += 1
        else:
            wrong += 1
            print(f"  wrong   {result.derived_sentences[j].text[:70]!r} -> {sorted(linked[j])}")
    new_right = sum(find(result.derived_sentences, p) not in linked for p in gold["new"])
    total = len(gold["links"])
    print(f"derived sentences with a source: {total}; linked right {right} ({right / total:.0%}), "
          f"wrong {wrong}, missed {missed}")
    print(f"derived sentences without a source: {len(gold['new'])}; marked new {new_right}")
    print(f"verdict {result.verdict}; direction: {result.direction_reason}")
    print("coverage " + json.dumps(result.coverage.to_dict()))
    # what `dedup scan` says of the two files on their own (the smallest corpus a user can give it)
    (pair,) = scan([source, derived]).pairs or (None,)
    print(f"scan of the two files alone: {pair.verdict if pair else 'not reported'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
