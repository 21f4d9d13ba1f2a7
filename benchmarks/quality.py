"""Quality on the syndication set: dedup's scan against a plain MinHash LSH baseline, side by side.

Usage (make the set first)::

    python benchmarks/make_syndication.py --out benchmarks/out/synd --seed 13
    python benchmarks/quality.py --corpus benchmarks/out/synd [--results benchmarks/RESULTS.md]
        [--details benchmarks/out/synd/quality-details.json]

The baseline is what most people would write first: datasketch ``MinHashLSH`` over word 5-grams,
threshold 0.5, 128 permutations, every colliding pair reported as a duplicate with no verification.
Both read the same documents (dedup's reader), and both are scored by :mod:`synd_metrics`.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from synd_groups import connected_groups, shingles  # noqa: E402
from synd_metrics import KINDS, Found, Score, read_set, score  # noqa: E402

TARGETS = {"reprint": 0.99, "light_edit": 0.99, "partial": 0.95, "rewrite": 0.90}
SECTION = "## Syndication set"
BEGIN, END = "<!-- syndication:generated -->", "<!-- /syndication:generated -->"
_WORD = re.compile(r"[a-z0-9]+")


def run_dedup(documents: Sequence[Any], **options: Any) -> tuple[list[Found], list[tuple[str, ...]], float]:
    """dedup's scan with its defaults (``options`` passed through): reported pairs, clusters, seconds."""
    from dedup import scan

    started = time.perf_counter()
    result = scan(list(documents), **options)
    seconds = time.perf_counter() - started
    found = [Found(p.a, p.b, p.verdict) for p in result.pairs]
    return found, [tuple(c.members) for c in result.clusters], seconds


def run_baseline(documents: Sequence[Any], *, threshold: float = 0.5, num_perm: int = 128
                 ) -> tuple[list[Found], list[list[str]], float]:
    """datasketch MinHashLSH over word 5-grams; every collision is reported, none is verified."""
    from datasketch import MinHash, MinHashLSH

    started = time.perf_counter()
    ids, sets = [], []
    for doc in documents:
        tokens = _WORD.findall(doc.text.lower())
        grams = {" ".join(tokens[i : i + 5]).encode() for i in range(len(tokens) - 4)}
        if grams:  # an empty MinHash matches every other empty one
            ids.append(doc.id)
            sets.append(list(grams))
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    signatures = MinHash.bulk(sets, num_perm=num_perm, seed=1)
    for doc_id, sig in zip(ids, signatures):
        lsh.insert(doc_id, sig)
    pairs = sorted({tuple(sorted((d, o))) for d, sig in zip(ids, signatures) for o in lsh.query(sig) if o != d})
    found = [Found(a, b, "duplicate") for a, b in pairs]
    clusters = [g for g in connected_groups(ids, pairs) if len(g) > 1]
    return found, clusters, time.perf_counter() - started


def _fmt(x: float) -> str:
    return "n/a" if x != x else f"{x:.3f}"


def table(scores: dict[str, Score], seconds: dict[str, float]) -> str:
    """The side-by-side Markdown table."""
    names = list(scores)
    rows = ["| measure | " + " | ".join(names) + " | target |", "|---|" + "---|" * (len(names) + 1)]

    def row(label: str, values: list[str], target: str = "") -> None:
        rows.append(f"| {label} | " + " | ".join(values) + f" | {target} |")

    for kind in KINDS:
        target = f">= {TARGETS[kind]}" if kind in TARGETS else ""
        row(f"F1 {kind} (P / R)", [f"{_fmt(s.f1[kind])} ({_fmt(s.precision[kind])} / {_fmt(s.recall[kind])})"
                                   for s in scores.values()], target)
    for variant in sorted({v for s in scores.values() for v in s.recall_variant}):
        row(f"recall {variant}", [_fmt(s.recall_variant.get(variant, float("nan"))) for s in scores.values()])
    row("overall P / R / F1", [" / ".join(_fmt(s.overall[k]) for k in ("precision", "recall", "f1"))
                               for s in scores.values()])
    verdicts = sorted({v for s in scores.values() for v in s.precision_by_verdict})
    for verdict in verdicts:
        row(f"precision of verdict `{verdict}`", [_fmt(s.precision_by_verdict.get(verdict, float("nan")))
                                                 for s in scores.values()])
    row("pairs reported (ignored)", [f"{int(s.overall['reported']) + s.ignored:,} ({s.ignored})"
                                     for s in scores.values()])
    row("cluster ARI", [_fmt(s.ari) for s in scores.values()])
    row("template-group false positives: other subjects (as rewrite); one subject",
        [f"{s.template_fp} ({s.template_fp_rewrite}); {s.template_same_subject}" for s in scores.values()], "0")
    row("seconds", [f"{seconds[n]:.1f}" for n in names])
    return "\n".join(rows)


def verdict_table(s: Score) -> str:
    """Which verdict each kind of labelled pair received, when found."""
    verdicts = sorted({v for counts in s.verdicts.values() for v in counts})
    rows = ["| kind | " + " | ".join(verdicts) + " |", "|---|" + "---|" * len(verdicts)]
    rows += [f"| {k} | " + " | ".join(str(s.verdicts[k].get(v, 0)) for v in verdicts) + " |" for k in KINDS]
    return "\n".join(rows)


def describe(truth: dict[str, Any], n_read: int) -> str:
    kinds = {k: sum(p["kind"] == k for p in truth["pairs"]) for k in KINDS}
    filler = n_read - len(truth["documents"])
    return (f"{n_read:,} articles ({filler:,} filler), seed {truth['seed']}; labelled pairs: "
            + ", ".join(f"{k} {n}" for k, n in kinds.items())
            + f"; {len(truth.get('related', []))} related pairs; {len(truth['template_groups'])} template groups "
            f"({sum(len(g) for g in truth['template_groups']):,} stories)")


def difficulty(truth: dict[str, Any], texts: dict[str, str]) -> str:
    """How much verbatim text each kind keeps: median and lowest exact 5-gram Jaccard, median share of
    the derived text's 5-grams found in the source (the seed pair's human rewrite: Jaccard 0.06)."""
    rows = ["| kind | pairs | median 5-gram Jaccard | lowest | median derived-in-source |", "|---|---|---|---|---|"]
    groups = [(k, [p for p in truth["pairs"] if p["kind"] == k]) for k in KINDS]
    variants = sorted({p["variant"] for p in truth["pairs"] if p.get("variant")})
    groups += [(f"rewrite ({v})", [p for p in truth["pairs"] if p.get("variant") == v]) for v in variants]
    for kind, pairs in groups:
        scores = [overlap(texts.get(p["derived"], ""), texts.get(p["source"], "")) for p in pairs]
        if scores:
            jac = sorted(x["jaccard"] for x in scores)
            inside = sorted(x["a_in_b"] for x in scores)
            rows.append(f"| {kind} | {len(scores)} | {jac[len(jac) // 2]:.2f} | {jac[0]:.2f} | "
                        f"{inside[len(inside) // 2]:.2f} |")
    return "\n".join(rows)


def update_results(path: Path, block: str) -> None:
    """Replace the generated part of this benchmark's section of RESULTS.md (between its markers),
    keeping the notes written under it and every other section; create the section when missing."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    generated = f"{BEGIN}\n{block.strip()}\n{END}"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + generated + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + f"\n\n{SECTION}\n\n{generated}\n"
    path.write_text(text.rstrip() + "\n", encoding="utf-8")


def overlap(a: str, b: str) -> dict[str, float]:
    """Exact word 5-gram Jaccard and containments of two texts: why a pair was easy or hard."""
    vocabulary: dict[str, int] = {}
    x, y = shingles(a, vocabulary=vocabulary), shingles(b, vocabulary=vocabulary)
    n = len(np.intersect1d(x, y, assume_unique=True))
    return {"jaccard": round(n / max(1, len(x) + len(y) - n), 3), "a_in_b": round(n / max(1, len(x)), 3),
            "b_in_a": round(n / max(1, len(y)), 3), "words_a": len(a.split()), "words_b": len(b.split())}


def details(s: Score, texts: dict[str, str], limit: int = 25) -> dict[str, Any]:
    """Examples to read: missed labelled pairs per kind and wrong pairs, first ``limit`` of each, with
    their exact overlap (derived first for labelled pairs)."""
    missed = {k: [{"source": p["source"], "derived": p["derived"],
                   **overlap(texts.get(p["derived"], ""), texts.get(p["source"], ""))} for p in v[:limit]]
              for k, v in s.missed.items()}
    wrong = [{"a": f.a, "b": f.b, "verdict": f.verdict, **overlap(texts.get(f.a, ""), texts.get(f.b, ""))}
             for f in s.false_positives[:limit]]
    return {"missed": missed, "false_positives": wrong, "false_positive_count": len(s.false_positives)}


def _revision() -> str:
    """The commit measured, so a figure can be traced to the code that produced it."""
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score dedup and a MinHash LSH baseline on the syndication set.")
    parser.add_argument("--corpus", default="benchmarks/out/synd", help="folder from make_syndication.py")
    parser.add_argument("--results", help="RESULTS.md whose '## Syndication set' section to rewrite")
    parser.add_argument("--details", help="JSON file for missed pairs and false positives")
    parser.add_argument("--no-align", action="store_true", help="scan without sentence alignment (faster; judged by the model fitted without it)")
    args = parser.parse_args(argv)
    truth, documents = read_set(args.corpus)
    found, clusters, dedup_s = run_dedup(documents, **({"align": False} if args.no_align else {}))
    base_found, base_clusters, base_s = run_baseline(documents)
    titles = {d.id: d.title for d in documents}
    scores = {"dedup": score(truth, found, clusters, titles),
              "MinHashLSH baseline": score(truth, base_found, base_clusters, titles)}
    seconds = {"dedup": dedup_s, "MinHashLSH baseline": base_s}
    command = f"python benchmarks/quality.py --corpus {args.corpus}" + (" --no-align" if args.no_align else "")
    revision = _revision()
    texts = {d.id: d.text for d in documents}
    section = (f"{describe(truth, len(documents))}. dedup at commit {revision}.\n\n`{command}`\n\n{table(scores, seconds)}\n\n"
               f"Verdicts dedup gave the labelled pairs it found:\n\n{verdict_table(scores['dedup'])}\n\n"
               f"How much verbatim text each kind keeps:\n\n{difficulty(truth, texts)}\n")
    print(section)
    if args.results:
        update_results(Path(args.results), section)
    if args.details:
        out = {name: details(s, texts) for name, s in scores.items()}
        Path(args.details).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
