"""Newsroom stories written for dedup: heavy human-style rewrites, light edits, independent reports of one
event, follow-ups and forms, scored as a scan and as ``dedup compare`` sees them.

    python -m benchmarks.newsroom [--set benchmarks/newsroom/heldout_topics] [--json out.json]

Each set (``benchmarks/newsroom/README.md``) holds story folders (``source.txt``, ``rewrite.txt``,
``light.txt``, ``independent.txt``, ``followup.txt``; ``heldout_topics`` also ``partial.txt``) and
``forms/`` (``X_day1.txt`` / ``X_day2.txt``). The labelled pairs are those of
:func:`benchmarks.make_training.newsroom_story_pairs`: the source with its rewrite, its light edit and
a partial copy inside a longer piece are reuse, with the independent report and the follow-up not; forms
filled in on two days are not. ``heldout``, ``heldout_topics`` (English news outside the business
wire: sport, courts, science, health, elections, disasters, local government, culture, tech),
``heldout_figures`` and ``heldout_styles`` (reuse in other styles: a story made from a press release, a
digest, a tabloid's, a broadcast script, a live blog, ...; each style its own row), ``heldout_retold``,
``heldout_beats``, ``heldout_desks``, ``heldout_wires``, ``heldout_outlets`` and ``heldout_angles`` (the story
rebuilt around its quote, merged with background, put from idiom into plain words, localised by a regional
paper, cut to a third or less) are never used in training (``make_training`` reads ``train``).

Two readings of every labelled pair: a scan of the whole set as one corpus, and ``compare`` of the two
files alone (a scan of those two). They are two questions: a scan weighs a stretch by how many texts of
the set share it and learns the common words from the set, so the two may differ on a pair near the bar.
Prints a table by kind of pair, and precision and recall over all.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.make_training import NEWSROOM, newsroom_corpus  # noqa: E402
from dedup import Document, compare, scan  # noqa: E402


def evaluate(folder: Path) -> dict[str, object]:
    """Each labelled pair's verdict in a scan of ``folder`` (every text of its sets, as one corpus) and
    compared alone, and the counts by kind."""
    docs, labelled = newsroom_corpus(folder)
    rows, by_origin = two_readings(docs, labelled, lambda a, b: compare(folder / a, folder / b))
    summary = {}
    for reading in ("scan", "compare"):
        tp = sum(1 for r in rows if r["label"] and r[reading] is not None)
        fp = sum(1 for r in rows if not r["label"] and r[reading] is not None)
        pos = sum(1 for r in rows if r["label"])
        summary[reading] = {"reported": tp + fp, "right": tp, "false": fp, "reuse pairs": pos,
                            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
                            "recall": round(tp / pos, 3) if pos else None}
    return {"set": folder.name, "pairs": rows, "by_origin": by_origin, "summary": summary,
            "disagree": [r for r in rows if (r["scan"] is None) != (r["compare"] is None)]}


def two_readings(docs: Sequence[Document], labelled: Sequence[tuple[str, str, int, str | None, str]],
                 alone: Callable[[str, str], Any]) -> tuple[list[dict[str, Any]], dict[str, list[int]]]:
    """Each labelled pair ``(a, b, label, kind, origin)`` as a scan of ``docs`` reads it and as ``alone(a,
    b)`` (``compare`` of the two) does: one row a pair, and by origin the pairs, those the scan
    reported and those reported compared alone."""
    scanned = {frozenset((p.a, p.b)): p for p in scan(docs).pairs}
    rows = []
    for a, b, label, kind, origin in labelled:
        in_scan = scanned.get(frozenset((a, b)))
        result = alone(a, b)
        rows.append({"a": a, "b": b, "label": label, "kind": kind, "origin": origin,
                     "scan": in_scan.verdict if in_scan else None,
                     "scan_confidence": round(in_scan.confidence, 4) if in_scan else None,
                     "compare": result.verdict, "compare_confidence": round(result.confidence, 4)})
    by_origin: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in rows:
        counts = by_origin[_row_of(r)]
        counts[0] += 1
        counts[1] += r["scan"] is not None
        counts[2] += r["compare"] is not None
    return rows, dict(by_origin)


def _row_of(pair: dict[str, Any]) -> str:
    """The table row of a labelled pair: its origin, the siblings by the two texts taken from the source
    (a light edit and a partial copy share the source's sentences word for word, a heavy rewrite and a
    partial copy only their facts: two questions of another difficulty)."""
    if pair["origin"] != "newsroom:siblings":
        return pair["origin"]
    return "newsroom:siblings " + "-".join(sorted(Path(name).stem for name in (pair["a"], pair["b"])))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", type=Path, default=NEWSROOM / "heldout", help="a newsroom set folder")
    parser.add_argument("--json", type=Path, default=None, help="also write every pair's verdicts here")
    args = parser.parse_args(argv)
    if not args.set.is_dir():
        print(f"not found: {args.set}", file=sys.stderr)
        return 2
    out = evaluate(args.set)
    print(f"`python -m benchmarks.newsroom --set {args.set.relative_to(ROOT) if args.set.is_relative_to(ROOT) else args.set}`\n")
    print("| pair | label | pairs | reported by a scan | reported compared alone |\n|---|---:|---:|---:|---:|")
    label_of = {_row_of(r): r["label"] for r in out["pairs"]}
    for origin, (n, in_scan, alone) in sorted(out["by_origin"].items()):
        print(f"| {origin.split(':', 1)[1]} | {label_of[origin]} | {n} | {in_scan} | {alone} |")
    for reading, s in out["summary"].items():
        print(f"\n{reading}: {s['reported']} reported, {s['right']} of {s['reuse pairs']} reuse pairs "
              f"(recall {s['recall']}), {s['false']} false (precision {s['precision']})")
    print(f"reported by one reading and not the other: {len(out['disagree'])} pairs (a scan counts the spread "
          f"of shared stretches and the common words over the whole set, compare over the two texts)")
    for r in out["disagree"]:
        print(f"  {r['a']} / {r['b']}: scan {r['scan']} ({r['scan_confidence']}), compare {r['compare']} "
              f"({r['compare_confidence']})")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
