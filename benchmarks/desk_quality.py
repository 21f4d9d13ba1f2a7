"""The wire desk's answers against what the generator did: credit, changed figures, story versions.

Usage (make the set with ``--desk`` first)::

    python benchmarks/make_syndication.py --out benchmarks/out/synd-desk --seed 13 --desk
    python benchmarks/desk_quality.py --corpus benchmarks/out/synd-desk [--details out.json]
    python benchmarks/desk_quality.py --reuters benchmarks/out/reuters.jsonl   # versions on Reuters-21578

Scans the corpus once with dedup's defaults, then, over the derived articles whose pair with their
source the scan reported:

* **credit**: ``not credited`` against the truth (credit line removed or never added), precision and
  recall, and the same for ``credited``; articles the generator gave a mention of Reuters (a sentence of
  their own citing it for something else) counted apart;
* **figures**: each changed figure the generator recorded is found when the pair's fact diff lists a
  figure change with the same numbers (house style aside: "1.5 mln" and "$1.5 million" are one figure);
  precision over every figure change the fact diff reports on those pairs;
* **versions**: corrections grouped with their original; for copies of a corrected story, the version
  the desk says was taken and whether it flags the missed correction;
* **direction claims** (any syndication set, ``--desk`` or not): how often "took from" is right, over the
  directed pairs of two outlets the desk names no common source for, and how many it hedges.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def numbers(text: str | None) -> list[float]:
    return [float(n.replace(",", "")) for n in _NUMBER.findall(text or "")]


def ratio(num: int, den: int) -> float | None:
    return round(num / den, 3) if den else None


def credit_figures(truth: dict[str, Any], result: Any, *, attributions_credit: bool = False) -> dict[str, Any]:
    """Precision/recall of ``not credited`` and ``credited`` over reported (source, derived) pairs.

    With ``attributions_credit``, a copy that kept a source sentence naming Reuters ("... told
    Reuters") counts as credited in the truth too (it attributes to Reuters, without a credit line).
    """
    desk = result.desk
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0, "unknown": 0, "mention_kept_uncredited": 0, "mentions": 0}
    by_form: dict[str, list[int]] = {}
    errors = []
    for doc_id, doc in truth["documents"].items():
        entry = (doc.get("desk") or {}).get("credit")
        pair = desk.pairs.get(tuple(sorted((doc.get("source") or "", doc_id)))) if entry else None
        if pair is None:
            continue
        predicted = pair.credit.status
        actual = entry["credited"] or (attributions_credit and entry.get("kept_reuters_sentence", False))
        if predicted == "unknown":
            counts["unknown"] += 1
            continue
        said_uncredited = predicted == "not credited"
        key = {(True, False): "tp", (True, True): "fp", (False, False): "fn", (False, True): "tn"}[(said_uncredited, actual)]
        counts[key] += 1
        form = entry["form"] or ("kept attribution" if actual else "none")
        by_form.setdefault(form, [0, 0])
        by_form[form][0] += 1
        by_form[form][1] += (predicted == "credited") == actual
        if entry.get("mention"):
            counts["mentions"] += 1
            counts["mention_kept_uncredited"] += said_uncredited
        if key in ("fp", "fn"):
            errors.append({"id": doc_id, "truth": actual, "form": entry["form"], "said": predicted,
                           "why": pair.credit.reason, "text": pair.credit.text})
    c = counts
    return {"not_credited": {"precision": ratio(c["tp"], c["tp"] + c["fp"]), "recall": ratio(c["tp"], c["tp"] + c["fn"])},
            "credited": {"precision": ratio(c["tn"], c["tn"] + c["fn"]), "recall": ratio(c["tn"], c["tn"] + c["fp"])},
            "counts": counts, "right_by_form": {k: f"{v[1]}/{v[0]}" for k, v in sorted(by_form.items())},
            "errors": errors[:40]}


def figure_figures(truth: dict[str, Any], result: Any) -> dict[str, Any]:
    """Recall of the generator's figure changes, precision of the fact diff's figure changes."""
    desk = result.desk
    made = found = reported = right = 0
    missed = []
    for doc_id, doc in truth["documents"].items():
        entry = doc.get("desk") or {}
        if "figures" not in entry or doc.get("source") is None:
            continue
        pair = desk.pairs.get(tuple(sorted((doc["source"], doc_id))))
        if pair is None:
            continue
        said = [(numbers(c.source), numbers(c.derived)) for link in pair.facts for c in link.changes
                if c.kind == "figure" and c.change == "changed"]
        # a copy that carries a correction differs from the original in that figure too
        changed = entry["figures"] + ([entry["corrected_figure"]] if entry.get("corrected_figure") else [])
        truths = [([float(f["from"].replace(",", ""))], [float(f["to"].replace(",", ""))]) for f in changed]
        if pair.story is None and _reads_forward(result, doc["source"], doc_id):
            reported += len(said)
            right += sum(any(_same(s, t) for t in truths) for s in said)
        made += len(truths)
        hits = sum(any(_same(s, t) for s in said) for t in truths)
        found += hits
        if hits < len(truths):
            missed.append({"id": doc_id, "kind": doc.get("kind"), "figures": entry["figures"]})
    return {"recall": ratio(found, made), "precision": ratio(right, reported), "made": made, "found": found,
            "reported": reported, "right": right, "missed": missed[:30]}


def _same(said: tuple[list[float], list[float]], truth: tuple[list[float], list[float]]) -> bool:
    return truth[0][0] in said[0] and truth[1][0] in said[1]


def _reads_forward(result: Any, source: str, derived: str) -> bool:
    """The alignment read the source as source (else its spans, and changes, are the other way round)."""
    for pair in result.pairs:
        if {pair.a, pair.b} == {source, derived} and pair.alignment is not None:
            return pair.alignment.source_document.id == source
    return True


def direction_figures(truth: dict[str, Any], result: Any) -> dict[str, Any]:
    """How often "took from" is right: over the directed pairs of two outlets (one outlet's two stories are
    its own), a pair whose desk names no common source claims that the later took from the earlier, right
    when the truth says the later was taken from the earlier; a pair with one claims only who published first
    (``hedged``; ``hedged_true``: of those, the truth's takings, claims lost)."""
    docs = {d.id: d for d in result.documents}
    claims = right = hedged = hedged_true = 0
    wrong: list[dict[str, Any]] = []
    for pair in result.pairs:
        if not (pair.source and pair.derived):
            continue
        outlets = docs[pair.source].outlet, docs[pair.derived].outlet
        if not all(outlets) or outlets[0] == outlets[1]:
            continue
        true = (truth["documents"].get(pair.derived) or {}).get("source") == pair.source
        if result.desk.pairs[(pair.a, pair.b)].wire is not None:
            hedged += 1
            hedged_true += true
            continue
        claims += 1
        right += true
        if not true:
            wrong.append({"source": pair.source, "derived": pair.derived,
                          "truth": (truth["documents"].get(pair.derived) or {}).get("source")})
    return {"took_from_claims": claims, "right": right, "precision": ratio(right, claims), "hedged": hedged,
            "hedged_true": hedged_true, "wrong": wrong[:30]}


def version_figures(truth: dict[str, Any], result: Any) -> dict[str, Any]:
    desk = result.desk
    story_of = {v.id: s.id for s in desk.stories for v in s.versions}
    corrections = truth.get("corrections") or []
    grouped = sum(story_of.get(c) is not None and story_of.get(c) == story_of.get(c.removesuffix("-c"))
                  for c in corrections)
    taken = {t.derived: t for t in desk.taken}
    right_version = flagged_right = flagged = should_flag = total = 0
    errors: list[dict[str, Any]] = []
    for doc_id, doc in truth["documents"].items():
        version = (doc.get("desk") or {}).get("version")
        if not version:
            continue
        total += 1
        said = taken.get(doc_id)
        right_version += said is not None and said.version == version
        truth_missed = (doc["desk"].get("missed_correction") is not None)
        said_missed = said is not None and said.missed_correction is not None
        should_flag += truth_missed
        flagged += said_missed
        flagged_right += said_missed and truth_missed
        if said is None or said.version != version or said_missed != truth_missed:
            errors.append({"id": doc_id, "kind": doc.get("kind"), "truth": version,
                           "truth_missed": doc["desk"].get("missed_correction"),
                           "said": None if said is None else said.version,
                           "said_missed": None if said is None else said.missed_correction})
    return {"corrections": len(corrections), "grouped_with_original": grouped, "copies": total,
            "version_right": right_version, "missed_correction": {
                "precision": ratio(flagged_right, flagged), "recall": ratio(flagged_right, should_flag),
                "flagged": flagged, "should_flag": should_flag}, "errors": errors}


def reuters_versions(path: Path) -> dict[str, Any]:
    """Story versions on Reuters-21578 as it is: titles with a leading version marker, how many of them
    are in a reported pair with another Reuters story (their earlier version may predate the
    collection), and how many of those the desk groups into a story."""
    from dedup import scan
    from dedup.versions import version_marker

    started = time.perf_counter()
    result = scan(str(path))
    seconds = time.perf_counter() - started
    desk = result.desk
    in_story = {v.id for s in desk.stories for v in s.versions}
    paired = {x for p in result.pairs for x in (p.a, p.b)}
    marked = [d for d in result.documents if version_marker(d.title)]
    markers: dict[str, int] = {}
    for d in marked:
        marker = version_marker(d.title) or ""
        markers[marker] = markers.get(marker, 0) + 1
    version_pairs = [p for p in result.pairs if desk.pairs[(p.a, p.b)].story]
    return {"documents": len(result.documents), "pairs": len(result.pairs), "scan_seconds": round(seconds, 1),
            "marked_titles": len(marked), "markers": dict(sorted(markers.items())),
            "marked_in_a_pair": sum(d.id in paired for d in marked),
            "marked_grouped": sum(d.id in in_story for d in marked),
            "stories": len(desk.stories), "versions": sum(len(s.versions) for s in desk.stories),
            "version_pairs": len(version_pairs),
            "version_pairs_by_verdict": {v: sum(p.verdict == v for p in version_pairs)
                                         for v in ("duplicate", "partial", "rewrite")},
            "notes_in_text": sum(1 for d in result.documents if not version_marker(d.title)
                                 and version_marker(None, d.text))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Credit check, fact diff and versions against the generator's truth.")
    parser.add_argument("--corpus", default="benchmarks/out/synd-desk", help="folder with corpus.jsonl and truth.json")
    parser.add_argument("--details", default=None, help="write the figures and errors as JSON here")
    parser.add_argument("--reuters", default=None,
                        help="instead: story versions on the Reuters-21578 JSONL (benchmarks/reuters.py --out ...)")
    args = parser.parse_args(argv)
    if args.reuters:
        if not Path(args.reuters).is_file():
            sys.exit(f"Error: {args.reuters} not found: python benchmarks/reuters.py --out {args.reuters}")
        print(json.dumps(reuters_versions(Path(args.reuters)), indent=1))
        return 0
    folder = Path(args.corpus)
    if not (folder / "truth.json").is_file():
        sys.exit(f"Error: {folder}/truth.json not found: run make_syndication.py --desk --out {folder} first")
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    # a set made without --desk has no credit, figure or version truth, but its takings are known
    desk_made = any("desk" in d for d in truth["documents"].values())
    from dedup import scan

    started = time.perf_counter()
    result = scan(str(folder / "corpus.jsonl"))
    seconds = time.perf_counter() - started
    figures = {"documents": len(result.documents), "pairs": len(result.pairs), "scan_seconds": round(seconds, 1),
               "desk_seconds": result.stats["seconds"].get("desk"),
               "direction_claims": direction_figures(truth, result)}
    if desk_made:
        figures |= {"credit": credit_figures(truth, result),
                    "credit_with_kept_attributions": credit_figures(truth, result, attributions_credit=True),
                    "figures": figure_figures(truth, result),
                    "versions": version_figures(truth, result)}
    summary = {k: v for k, v in figures.items()}
    for part in ("direction_claims", "credit", "credit_with_kept_attributions", "figures", "versions"):
        if part in figures:
            summary[part] = {k: v for k, v in figures[part].items() if k not in ("errors", "missed", "wrong")}
    print(json.dumps(summary, indent=1))
    if args.details:
        Path(args.details).write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
