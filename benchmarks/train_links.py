"""Train the learned check on paraphrase links on PAN 2013 and write ``dedup/data/link_model.json``.

    python -m benchmarks.train_links [--data ../shared/data/pan13-train] [--model dedup/data/link_model.json]
        [--workers 2] [--seed 14] [--no-validate] [--set link_threshold=0.4 ...]

Train part of the PAN split only (``benchmarks.pan13.split``: by connected group of documents, the
verdict's groups and sides); validation is never fitted on:

1. the aligner, without a link model, aligns every train pair (suspicious document as derived, IDF
   fitted on the part's documents, as ``benchmarks.pan13``); each link gets its features
   (``dedup.link_model.link_features``) and a label: it lies in an annotated case, on both sides;
2. a logistic regression over the paraphrase links' standardised features, each weight held to its
   sign (``dedup.link_model.LINK_SIGNS``: more score or longer sentences never make a link less
   likely, unlinked sentences around it or neighbours taken from elsewhere never more likely); links
   unweighted, so that its probability is the share of such links that lie in a case (calibration on
   the validation links is printed);
3. the cutoff is the probability (a multiple of 0.05) under which dropping paraphrase links gives the
   highest plagdet over the train pairs, all types together.

Then plagdet on the validation part, without the model and with it (``--no-validate`` skips it). The
JSON is written byte for byte the same from the same data. ``--set name=value`` changes an aligner
setting for training and validation alike (to measure the model over other link rules; the shipped
model is trained with the defaults).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from benchmarks import pan13
from benchmarks.train_verdict import reliability, signed_regression
from dedup.align import SentenceAligner
from dedup.alignment import Alignment
from dedup.documents import Document
from dedup.lineage import Direction
from dedup.link_model import LINK_FEATURES, LINK_SIGNS, LinkModel, link_features

ROOT = Path(__file__).resolve().parent.parent
#: Inverse regularisation strength (standardised features).
C = 1.0
CUTOFFS = tuple(round(0.05 * k, 2) for k in range(1, 20))

_ALIGNER: SentenceAligner | None = None
_DATA: Path = pan13.DEFAULT_DATA


def _align(pair: tuple[str, str]) -> Alignment:
    susp, src = pair
    derived = Document(id=susp, text=pan13.read_text(_DATA, "susp", susp))
    source = Document(id=src, text=pan13.read_text(_DATA, "src", src))
    if _ALIGNER is None:
        raise RuntimeError("align_part() sets the aligner before aligning")
    return _ALIGNER.align(source, derived, direction=Direction(src, susp, "PAN: roles are given"))


def align_part(data: Path, pairs: dict[str, list[tuple[str, str]]], workers: int,
               settings: dict[str, Any] | None = None) -> dict[tuple[str, str], Alignment]:
    """Every pair aligned by the rules alone (no link model), IDF fitted on the part's documents."""
    global _ALIGNER, _DATA
    everything = [p for kind in pan13.TYPES for p in pairs[kind]]
    texts = [pan13.read_text(data, "susp", s) for s in sorted({s for s, _ in everything})]
    texts += [pan13.read_text(data, "src", s) for s in sorted({s for _, s in everything})]
    _ALIGNER, _DATA = SentenceAligner(**(settings or {}), link_model=None).fit(texts), data
    if workers > 1:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            found = pool.map(_align, everything, chunksize=8)
    else:
        found = [_align(p) for p in everything]
    return dict(zip(everything, found))


def _overlaps(spans: Sequence[tuple[int, int]], start: int, length: int) -> bool:
    return any(s < start + length and start < e for s, e in spans)


def labelled_links(data: Path, pairs: dict[str, list[tuple[str, str]]],
                   alignments: dict[tuple[str, str], Alignment]) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of the paraphrase links: 1 when the link lies in a case on both sides."""
    xs, ys = [], []
    for kind in pan13.TYPES:
        for pair in pairs[kind]:
            cases = pan13.read_cases(data, kind, *pair)
            links = sorted(alignments[pair].links, key=lambda link: link.derived_sentences)
            x = link_features(links, len(alignments[pair].derived_sentences))
            for link, row in zip(links, x):
                if link.kind != "paraphrase":
                    continue
                xs.append(row)
                ys.append(any(_overlaps(link.derived_spans, c.this_offset, c.this_length)
                              and _overlaps(link.source_spans, c.source_offset, c.source_length) for c in cases))
    return np.array(xs).reshape(-1, len(LINK_FEATURES)), np.array(ys, dtype=np.int64)


def fit(x: np.ndarray, y: np.ndarray) -> dict[str, Any]:
    """The model spec (plain numbers, cutoff not yet chosen)."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    coef, bias = signed_regression((x - mean) / scale, y, np.ones(len(y)), c=C, signs=LINK_SIGNS)
    return {"features": list(LINK_FEATURES), "mean": _round(mean), "scale": _round(scale), "weights": _round(coef),
            "bias": round(bias, 8), "cutoff": 0.5}


def _round(values: np.ndarray) -> list[float]:
    return [round(float(v), 8) for v in values]


def plagdet_with(data: Path, pairs: dict[str, list[tuple[str, str]]], alignments: dict[tuple[str, str], Alignment],
                 model: LinkModel | None) -> dict[str, pan13.PlagdetScores]:
    """Plagdet per type and overall of the given alignments, paraphrase links checked by ``model``."""
    results, all_cases, all_dets = {}, [], []
    for kind in pan13.TYPES:
        cases, dets = [], []
        for pair in pairs[kind]:
            alignment = alignments[pair]
            if model is not None:
                links = sorted(alignment.links, key=lambda link: link.derived_sentences)
                alignment = replace(alignment, links=tuple(model.keep(links, len(alignment.derived_sentences))))
            cases += pan13.read_cases(data, kind, *pair)
            dets += pan13.detections(pair, alignment)
        results[kind] = pan13.plagdet(cases, dets)
        all_cases += cases
        all_dets += dets
    results["overall"] = pan13.plagdet(all_cases, all_dets)
    return results


def choose_cutoff(data: Path, pairs: dict[str, list[tuple[str, str]]], alignments: dict[tuple[str, str], Alignment],
                  spec: dict[str, Any]) -> float:
    """The cutoff of the highest train plagdet overall (the lowest of equals)."""
    best, chosen = -1.0, CUTOFFS[0]
    for cutoff in CUTOFFS:
        value = plagdet_with(data, pairs, alignments, LinkModel.from_dict(spec | {"cutoff": cutoff}))["overall"].plagdet
        print(f"  cutoff {cutoff:.2f}: train plagdet {value:.4f}")
        if value > best + 1e-12:
            best, chosen = value, cutoff
    return chosen


def _table(title: str, results: dict[str, pan13.PlagdetScores]) -> None:
    print(f"\n{title}\n| type | precision | recall | granularity | plagdet | detections |\n|---|---:|---:|---:|---:|---:|")
    for kind, r in results.items():
        print(f"| {kind} | {r.precision:.3f} | {r.recall:.3f} | {r.granularity:.3f} | **{r.plagdet:.3f}** | {r.detections} |")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=pan13.DEFAULT_DATA, help="pan13-train folder (default: %(default)s)")
    parser.add_argument("--model", type=Path, default=ROOT / "dedup/data/link_model.json")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=pan13.SEED, help="seed of the split (default: %(default)s)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="an aligner setting for training and validation (default: the aligner's defaults)")
    parser.add_argument("--no-validate", action="store_true", help="skip plagdet on the validation part")
    args = parser.parse_args(argv)
    if not (args.data / "pairs").is_file():
        print(f"PAN 2013 corpus not found at {args.data}: pass --data <path to pan13-train>", file=sys.stderr)
        return 2
    settings = {name: json.loads(value) for name, value in (item.split("=", 1) for item in args.set)}
    everything = pan13.select(args.data, None)
    sides = pan13.split(everything, args.seed)
    train = pan13.only(everything, "train", sides)
    alignments = align_part(args.data, train, args.workers, settings)
    x, y = labelled_links(args.data, train, alignments)
    print(f"train: {sum(map(len, train.values()))} pairs, {len(y)} paraphrase links, {int(y.sum())} in a case")
    spec = fit(x, y)
    spec["cutoff"] = choose_cutoff(args.data, train, alignments, spec)
    spec["training"] = {"pairs": sum(map(len, train.values())), "paraphrase_links": len(y),
                        "in_a_case": int(y.sum()), "seed": args.seed} | ({"aligner": settings} if settings else {})
    args.model.parent.mkdir(parents=True, exist_ok=True)
    args.model.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    print("weights (standardised features): "
          + ", ".join(f"{name} {w:+.3f}" for name, w in zip(LINK_FEATURES, spec["weights"]))
          + f"; bias {spec['bias']:+.3f}; cutoff {spec['cutoff']:.2f}")
    if not args.no_validate:
        validation = pan13.only(everything, "validation", sides)
        held = align_part(args.data, validation, args.workers, settings)
        _table("validation, rules alone", plagdet_with(args.data, validation, held, None))
        _table("validation, paraphrase links checked by the model",
               plagdet_with(args.data, validation, held, LinkModel.from_dict(spec)))
        xv, yv = labelled_links(args.data, validation, held)
        ece, rows = reliability(LinkModel.from_dict(spec).probability(xv), yv)
        print(f"\nvalidation paraphrase links: {len(yv)}, {int(yv.sum())} in a case; expected calibration error {ece:.4f}")
        print("| probability | links | mean probability | share in a case |\n|---|---:|---:|---:|")
        for r in rows:
            print(f"| {r[0]} | {r[1]} | {r[2]:.3f} | {r[3]:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
