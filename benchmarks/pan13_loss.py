"""Where PAN 2013's pairwise recall is lost: each annotated passage's characters no detection covers, by cause.

Usage (from the project root)::

    python -m benchmarks.pan13_loss [--data ../shared/data/pan13-train] [--per-type N] [--workers 2]
                                    [--part all|train|validation] [--grow 0.3]

Each pair is aligned once (as ``python -m benchmarks.pan13`` aligns it) and its located passages taken
twice, without and with growing over like sentences at their ends (``--grow``, the located passages'
setting by default): plagdet for both, then for each obfuscation type the share of recall lost to each
cause (:data:`CAUSES`), averaged over the cases as PAN's recall is, so a row's causes add up to 1 - recall.
A case's characters on either side are put down to the first cause that fits:

- *no detection in the pair*: the pair has no passage at all;
- *case missed, nothing linked* / *linked elsewhere*: no passage overlaps the case on both sides, and no
  sentence in it is linked / some is (to a sentence outside the case);
- *never linked, past an end*: an unlinked sentence of the case beyond the ends of the passages that detect it;
- *between passages*: inside the stretch the detecting passages span, between two of them;
- *linked, in another passage*: a linked sentence whose passage does not overlap the case on both sides
  (cut off from the one that does by the gap rules);
- *linked, trimmed*: a linked sentence's words cut off a passage's end (``trim``);
- *between sentences*: characters in no sentence (the splitter's gaps).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Sequence

from benchmarks import pan13
from benchmarks.pan13 import Annotation
from dedup.alignment import LOCATED_GROW

CAUSES = ("no detection in the pair", "case missed, nothing linked", "case missed, linked elsewhere",
          "never linked, past an end", "between passages", "linked, in another passage", "linked, trimmed",
          "between sentences")
Spans = list[tuple[int, int]]
#: What a worker keeps of a pair: its detections without and with growth, each side's sentence spans
#: (suspicious, source) and the indices of the linked sentences on each side.
Kept = tuple[list[Annotation], list[Annotation], tuple[Spans, Spans], tuple[set[int], set[int]]]


def kept(pair: tuple[str, str]) -> Kept:
    """One pair aligned, its passages located both ways, its sentences and which are linked."""
    alignment = pan13.aligned(pair)
    sentences = ([(s.start, s.end) for s in alignment.derived_sentences],
                 [(s.start, s.end) for s in alignment.source_sentences])
    linked = ({j for lk in alignment.links for j in lk.derived_sentences},
              {i for lk in alignment.links for i in lk.source_sentences})
    return (pan13.detections(pair, alignment, None, None, None, None),
            pan13.detections(pair, alignment, pan13._GROW, pan13._NEAR, pan13._ALONE, pan13._CONDENSED),
            sentences, linked)


def uncovered(span: tuple[int, int], cover: Spans) -> Spans:
    """The parts of ``span`` in none of ``cover``."""
    out, at = [], span[0]
    for start, end in sorted(cover):
        if end <= at:
            continue
        if start >= span[1]:
            break
        if start > at:
            out.append((at, start))
        at = end
    if at < span[1]:
        out.append((at, span[1]))
    return out


def case_loss(case: Annotation, detections: list[Annotation], sentences: tuple[Spans, Spans],
              linked: tuple[set[int], set[int]]) -> dict[str, int]:
    """The characters of ``case`` (both sides) no detection covers, by cause."""
    sides = pan13._sides(case)
    counting = [d for d in detections if all(pan13._intersection(a, b) for a, b in zip(pan13._sides(d), sides))]
    size = case.this_length + case.source_length
    if not detections:
        return {CAUSES[0]: size}
    if not counting:
        touched = any(k in linked[side] and pan13._intersection(sentence, sides[side])
                      for side in (0, 1) for k, sentence in enumerate(sentences[side]))
        return {CAUSES[2] if touched else CAUSES[1]: size}
    out: dict[str, int] = defaultdict(int)
    for side in (0, 1):
        cover = [pan13._sides(d)[side] for d in counting]
        others = [pan13._sides(d)[side] for d in detections if d not in counting]
        hull = (min(c[0] for c in cover), max(c[1] for c in cover))
        for gap in uncovered(sides[side], cover):
            rest = [gap]
            for k, sentence in enumerate(sentences[side]):
                part = pan13._intersection(sentence, gap)
                if part:
                    out[_cause(part, k in linked[side], hull, others)] += part[1] - part[0]
                    rest = [r for piece in rest for r in uncovered(piece, [sentence])]
            out[CAUSES[7]] += sum(end - start for start, end in rest)
    return out


def _cause(part: tuple[int, int], linked: bool, hull: tuple[int, int], others: Spans) -> str:
    """Why ``part`` of a sentence inside a detected case is uncovered."""
    inside = hull[0] <= part[0] and part[1] <= hull[1]
    if not linked:
        return CAUSES[4] if inside else CAUSES[3]
    if any(pan13._intersection(part, other) for other in others):
        return CAUSES[5]
    return CAUSES[4] if inside else CAUSES[6]


def loss_table(data: Path, pairs: dict[str, list[tuple[str, str]]], found: dict[tuple[str, str], Kept],
               grown: bool) -> dict[str, tuple[int, dict[str, float]]]:
    """Per type with cases: the cases and each cause's share of recall lost (mean over cases)."""
    table = {}
    for kind in pan13.TYPES[1:]:
        lost: dict[str, float] = defaultdict(float)
        n = 0
        for pair in pairs[kind]:
            plain, grow, sentences, linked = found[pair]
            for case in pan13.read_cases(data, kind, *pair):
                n += 1
                for cause, chars in case_loss(case, grow if grown else plain, sentences, linked).items():
                    lost[cause] += chars / (case.this_length + case.source_length)
        table[kind] = (n, {c: lost[c] / n if n else 0.0 for c in CAUSES})
    return table


def report(data: Path, pairs: dict[str, list[tuple[str, str]]], found: dict[tuple[str, str], Kept],
           grow: float | None) -> list[str]:
    """The lines printed: plagdet and the losses, without growth and with ``grow``."""
    lines = []
    for grown, label in ((False, "passages as linked"), (True, f"grown (--grow {grow})")):
        detections = {p: (f[1] if grown else f[0]) for p, f in found.items()}
        lines.append(f"## {label}")
        lines.append(f"{'type':28s} {'dets':>5s} {'prec':>6s} {'rec':>6s} {'gran':>6s} {'plagdet':>7s}")
        for kind, r in pan13.scored(data, pairs, detections).items():
            lines.append(f"{kind:28s} {r.detections:5d} {r.precision:6.3f} {r.recall:6.3f} {r.granularity:6.3f} "
                         f"{r.plagdet:7.3f}")
        lines.append("recall lost by cause | " + " | ".join(CAUSES))
        for kind, (n, row) in loss_table(data, pairs, found, grown).items():
            lines.append(f"{kind} ({n} cases) | " + " | ".join(f"{row[c]:.3f}" for c in CAUSES))
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=pan13.DEFAULT_DATA,
                        help="pan13-train folder (default: %(default)s)")
    parser.add_argument("--per-type", type=int, default=None, help="evenly spaced subset of N pairs per type")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--part", choices=("all", "train", "validation"), default="all",
                        help="one side of the train/validation split by document group (default: %(default)s)")
    parser.add_argument("--grow", type=pan13._grow, default=LOCATED_GROW,
                        help="the growth measured against none (default: %(default)s, the located passages')")
    args = parser.parse_args(argv)
    if not (args.data / "pairs").is_file():
        print(f"PAN 2013 corpus not found at {args.data}: pass --data <path to pan13-train>", file=sys.stderr)
        return 2
    started = time.perf_counter()
    sides = pan13.split(pan13.select(args.data, None)) if args.part != "all" else {}
    pairs = pan13.only(pan13.select(args.data, args.per_type), args.part, sides)
    found = dict(zip(*pan13.run(args.data, pairs, kept, workers=args.workers, grow=args.grow)))
    print("\n".join(report(args.data, pairs, found, args.grow)))
    print(f"elapsed {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
