"""The pairs read as not reuse that a Reuters scan still reports, grouped by the shape of their evidence.

Usage (from the project root)::

    python -m dedup scan benchmarks/out/reuters.jsonl --json scan.json --quiet
    python -m benchmarks.still_reported scan.json [--readings benchmarks/reuters_read.tsv] [--label not]

For each reported pair whose reading carries ``--label``: its verdict and confidence, the three features that
weigh most for it (the scan's ``why``), its worded links by kind (``verbatim``, ``edited``, ``paraphrase``) and
its placed ones, the two texts' lengths, the words they share verbatim, whether their datelines name one day,
what its reader's reason says (:func:`benchmarks.forms_still.kind_of`) and the shape it is still reported on
(:func:`shape_of`, the first that fits):

* ``form, too few refilled``: a link's two sides hold figures and at least one reads as refilled
  (:func:`dedup.forms.refilled_slots`), too few for the forms' refusal;
* ``one release written twice``: both texts short (under :data:`SHORT` characters), their leads linked to each
  other, no passage shared word for word: two write-ups of one release, or two versions of one story;
* ``one link``: a single worded link, not lead to lead (a sentence of background or a recap);
* ``paraphrased only``: every worded link a paraphrase, two or more (a follow-up restating its background);
* ``lead to lead, longer``: the two leads linked, a text longer than :data:`SHORT` (a follow-up, an update);
* ``inside the stories``: links elsewhere (a paragraph carried or restated deep in both);
* ``not aligned``: reported on passages alone.

With ``--label reuse`` the same shapes of the pairs read as reuse: what a refusal of a shape would take.
Design on the training readings only: the held-out readings are scored, their texts not read.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Sequence

from benchmarks.forms_still import DEFAULT_READINGS, alignment_of, kind_of, readings
from dedup.documents import Document
from dedup.forms import refilled_slots

#: Under this many characters a text is a short item (a release written up in two or three sentences).
SHORT = 1100
#: A link whose first span starts within this many characters of its text's first is the lead's.
LEAD_AT = 5
#: A dateline: a place, a month and a day, a dash.
_DATELINE = re.compile(r"^\s*[^\n]{0,60}?,\s*([A-Z][A-Za-z]{2,8})\.?\s+(\d{1,2})\s*-")

SHAPES = ("form, too few refilled", "one release written twice", "one link", "paraphrased only",
          "lead to lead, longer", "inside the stories", "not aligned")


def dateline_day(text: str) -> tuple[str, int] | None:
    """A text's dateline's month word (capitalised as written, upper case read as capitalised) and day.

    >>> dateline_day("DALLAS, APril 3 - Enserch Corp said"), dateline_day("no dateline here")
    (('April', 3), None)
    """
    m = _DATELINE.match(text)
    return (m.group(1).capitalize(), int(m.group(2))) if m else None


def read_pair(pair: dict[str, Any], docs: dict[str, Document]) -> dict[str, Any]:
    """One reported pair's evidence as the module's docstring lists it."""
    texts = docs[pair["a"]].text, docs[pair["b"]].text
    al = pair.get("alignment") or {"links": []}
    worded = [link for link in al["links"] if not link["placed"]]
    kinds = Counter(link["kind"] for link in worded) + Counter(placed=len(al["links"]) - len(worded))
    row = {"a": pair["a"], "b": pair["b"], "verdict": pair["verdict"], "confidence": pair["confidence"],
           "why": [(w["feature"], w["value"], w["contribution"]) for w in pair.get("why", {}).get("for", [])[:3]],
           "kinds": dict(sorted(kinds.items())), "lengths": tuple(map(len, texts)),
           "copied": pair.get("scores", {}).get("copied_words", 0),
           "one_day": dateline_day(texts[0]) is not None and dateline_day(texts[0]) == dateline_day(texts[1])}
    if not worded:
        return row | {"refilled": (0, 0), "lead_to_lead": False, "shape": "not aligned"}
    alignment = alignment_of(pair, docs)
    refilled = refilled_slots(alignment, [link for link in alignment.links if not link.placed])
    lead = any(min(s[0] for s in link["source_spans"]) < LEAD_AT and min(s[0] for s in link["derived_spans"]) < LEAD_AT
               for link in worded)
    return row | {"refilled": refilled, "lead_to_lead": lead, "shape": shape_of(row | {"refilled": refilled,
                                                                                       "lead_to_lead": lead}, worded)}


def shape_of(row: dict[str, Any], worded: Sequence[dict[str, Any]]) -> str:
    """The shape a pair is still reported on (:data:`SHAPES`, the first that fits; the module's docstring)."""
    if row["refilled"][1]:
        return "form, too few refilled"
    if row["lead_to_lead"] and max(row["lengths"]) < SHORT and not row["copied"]:
        return "one release written twice"
    if len(worded) == 1 and not row["lead_to_lead"]:
        return "one link"
    if len(worded) > 1 and all(link["kind"] == "paraphrase" for link in worded):
        return "paraphrased only"
    return "lead to lead, longer" if row["lead_to_lead"] else "inside the stories"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("scan", type=Path, help="a scan's JSON report (python -m dedup scan ... --json)")
    parser.add_argument("--readings", type=Path, default=DEFAULT_READINGS)
    parser.add_argument("--label", default="not")
    args = parser.parse_args(argv)
    try:
        report = json.loads(args.scan.read_text(encoding="utf-8"))
        wanted = readings(args.readings, args.label)
        docs = {d["id"]: Document(id=d["id"], text=d["text"], title=d.get("title")) for d in report["documents"]}
        pairs = [p for p in report["pairs"] if frozenset((p["a"], p["b"])) in wanted]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"cannot read the scan or the readings: {exc}", file=sys.stderr)
        return 2
    table: Counter[tuple[str, str]] = Counter()
    rows = sorted((read_pair(p, docs) for p in pairs), key=lambda r: (SHAPES.index(r["shape"]), r["confidence"]))
    for row in rows:
        kind = kind_of(wanted[frozenset((row["a"], row["b"]))])
        table[row["shape"], kind] += 1
        why = ", ".join(f"{name} {value:.2f} ({contribution:+.2f})" for name, value, contribution in row["why"])
        print(f"{row['a']}~{row['b']}  {row['shape']}  [{kind}]  {row['verdict']} {row['confidence']:.4f}  "
              f"links {row['kinds']}  refilled {row['refilled'][1]}/{row['refilled'][0]}  lengths "
              f"{row['lengths'][0]}/{row['lengths'][1]}  copied {row['copied']}  {'one day' if row['one_day'] else 'days apart or none'}"
              f"\n    why: {why}")
    if not rows:
        print(f"no reported pair is read {args.label}")
        return 0
    kinds = sorted({kind for _, kind in table})
    print("\n| shape | " + " | ".join(kinds) + " | all |\n|---|" + "---|" * (len(kinds) + 1))
    for shape in SHAPES:
        counts = [table[shape, kind] for kind in kinds]
        if any(counts):
            print(f"| {shape} | " + " | ".join(map(str, counts)) + f" | {sum(counts)} |")
    print("| all | " + " | ".join(str(sum(table[s, k] for s in SHAPES)) for k in kinds) + f" | {len(rows)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
