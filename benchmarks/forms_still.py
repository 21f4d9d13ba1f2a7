"""The pairs read as not reuse that a Reuters scan still reports, each with how the forms' readings see it.

Usage (from the project root)::

    python -m dedup scan benchmarks/out/reuters.jsonl --json scan.json --quiet
    python -m benchmarks.forms_still scan.json [--readings benchmarks/reuters_read.tsv] [--label not] [--links]

For each reported pair whose reading carries ``--label``: what its reader's reason says (:data:`KINDS`), its verdict and confidence, its worded links, how many
of them hold figures or dates on both sides and how many of those read as refilled (:func:`dedup.forms.refilled_slots`),
each lead's subject (:func:`dedup.subjects.lead_subject`) and whether the other text names it, and a short cause:
``one link`` (a single worded link), ``refilled <`` (links refilled, too few for a form), ``no slots`` (no link
holds figures on both sides), ``same subject`` / ``no subject``; and whether its only worded link reads as one text's lead retold inside the
other's prose (:func:`dedup.recaps.retold_lead`: ``retold lead``). ``--links`` prints each worded link's two sides.
With ``--label reuse`` the same readings of the pairs read as reuse: what a refusal must leave reported.
Design on the training readings only: the held-out readings are scored, their texts not read.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Sequence

from dedup.documents import Document
from dedup.forms import FORM_LINKS, _link_sides, _refilled
from dedup.recaps import retold_lead
from dedup.subjects import lead_subject, named_in

DEFAULT_READINGS = Path("benchmarks/reuters_read.tsv")


def readings(path: Path, label: str) -> dict[frozenset[str], str]:
    """The pairs of ``path`` (a readings file) read as ``label``, each as a set of its two ids, with its reason."""
    with path.open(encoding="utf-8") as handle:
        rows = csv.reader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {frozenset(row[:2]): (row[3] if len(row) > 3 else "") for row in rows if len(row) >= 3 and row[2] == label}


#: The readers' reasons grouped by what they say (the first group whose word a reason holds), in this order.
KINDS = (("form or template", ("form", "template")), ("follow-up", ("follow-up",)),
         ("separate write-ups", ("write-up", "written up", "two sources", "two reports", "facts restated")),
         ("recap or background sentence", ("recap", "background", "single")), ("same subject", ("subject",)))


def kind_of(reason: str) -> str:
    """What a reader's reason says (:data:`KINDS`), "unstated" when none of its words ("drawn at random")."""
    return next((kind for kind, words in KINDS if any(word in reason for word in words)), "unstated")


def alignment_of(pair: dict[str, Any], docs: dict[str, Document]) -> Any:
    """The pair's alignment as :mod:`dedup.forms` reads it, rebuilt from the scan's JSON (a link's span is one
    sentence, so its sentences are counted from its spans; their indices are not in the JSON)."""
    al = pair["alignment"]
    source, derived = (docs[d["id"]] for d in al["documents"])
    links = [SimpleNamespace(source_spans=[tuple(s) for s in link["source_spans"]],
                             derived_spans=[tuple(s) for s in link["derived_spans"]], placed=link["placed"],
                             source_sentences=tuple(range(len(link["source_spans"]))),
                             derived_sentences=tuple(range(len(link["derived_spans"]))))
             for link in al["links"]]
    return SimpleNamespace(source_document=source, derived_document=derived, links=links)


def read_pair(pair: dict[str, Any], docs: dict[str, Document]) -> dict[str, Any]:
    """How the forms' readings see one reported pair (the module's docstring)."""
    alignment = alignment_of(pair, docs)
    worded = [link for link in alignment.links if not link.placed]
    sides = _link_sides(alignment, worded)
    refilled = sum(_refilled(one, other) for one, other in sides)
    src, der = alignment.source_document.text, alignment.derived_document.text
    subj = lead_subject(src), lead_subject(der)
    if len(worded) == 1:
        cause = "one link"
    elif not sides:
        cause = "no slots"
    elif refilled:
        cause = f"refilled < {FORM_LINKS}" if refilled < FORM_LINKS else "refilled, under half"
    else:
        cause = "slots kept"
    return {"a": pair["a"], "b": pair["b"], "verdict": pair["verdict"], "confidence": pair["confidence"],
            "links": len(worded), "holding": len(sides), "refilled": refilled, "cause": cause,
            "retold": retold_lead(alignment, worded),
            "subjects": [s[0] if s else None for s in subj],
            "named": [bool(subj[0]) and named_in(subj[0][0], der), bool(subj[1]) and named_in(subj[1][0], src)],
            "sides": [(" ".join(src[a:b] for a, b in link.source_spans), " ".join(der[a:b] for a, b in link.derived_spans))
                      for link in worded]}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("scan", type=Path, help="a scan's JSON report (python -m dedup scan ... --json)")
    parser.add_argument("--readings", type=Path, default=DEFAULT_READINGS)
    parser.add_argument("--label", default="not")
    parser.add_argument("--links", action="store_true", help="print each worded link's two sides")
    args = parser.parse_args(argv)
    try:
        report = json.loads(args.scan.read_text(encoding="utf-8"))
        wanted = readings(args.readings, args.label)
    except (OSError, ValueError) as exc:
        print(f"cannot read the scan or the readings: {exc}", file=sys.stderr)
        return 2
    docs = {d["id"]: Document(id=d["id"], text=d["text"], title=d.get("title")) for d in report["documents"]}
    causes: Counter[str] = Counter()
    retold = 0
    kinds: Counter[str] = Counter()
    for pair in report["pairs"]:
        if frozenset((pair["a"], pair["b"])) not in wanted:
            continue
        if not pair.get("alignment"):
            kinds[kind_of(wanted[frozenset((pair["a"], pair["b"]))])] += 1
            print(f"{pair['a']}~{pair['b']}  {pair['verdict']} {pair['confidence']:.4f}  not aligned")
            continue
        row = read_pair(pair, docs)
        causes[row["cause"]] += 1
        retold += row["retold"]
        kind = kind_of(wanted[frozenset((pair["a"], pair["b"]))])
        kinds[kind] += 1
        print(f"{row['a']}~{row['b']}  {kind}  {row['verdict']} {row['confidence']:.4f}  links {row['links']}  "
              f"slots {row['refilled']}/{row['holding']}  {row['cause']}  subjects {row['subjects']} named {row['named']}"
              + ("  retold lead" if row["retold"] else ""))
        for one, other in row["sides"] if args.links else ():
            print("   | " + " ".join(one.split())[:160] + "\n   ~ " + " ".join(other.split())[:160])
    print("read as:", ", ".join(f"{kind} {n}" for kind, n in kinds.most_common()), f"(of {sum(kinds.values())})")
    print("forms' reading:", ", ".join(f"{cause} {n}" for cause, n in causes.most_common()))
    print("retold leads:", retold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
