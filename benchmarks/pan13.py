"""PAN 2013 text alignment: dedup's sentence alignment scored with PAN's plagdet.

Usage (from the project root)::

    python -m benchmarks.pan13 [--data ../shared/data/pan13-train] [--per-type N] [--workers 2]
                               [--part all|train|validation] [--seed 14] [--grow 0.3|none]
                               [--near 0.35|none] [--alone 0.5|none] [--condensed 2.5|none]

Each pair's suspicious document is aligned as *derived* against its source document; merged passages of
linked sentences (``Alignment.passages``, see ``PASSAGE_GAP``), grown at their ends over like unlinked sentences
(``--grow``, the located passages' ``LOCATED_GROW``; ``none``: not), with runs of unlinked neighbours
each other's best match (``--near``, ``LOCATED_NEAR``) and such single pairs next to a passage (``--alone``,
``LOCATED_ALONE``), and condensed passages grown over the source sentences they draw on (``--condensed``,
``LOCATED_CONDENSED``) are the detections. Measures follow Potthast et al. (2010),
"An Evaluation Framework for Plagiarism Detection": character-level macro precision and recall over
detections and cases, granularity, and plagdet = F1 / log2(1 + granularity). Summary pairs without an
annotated passage are unlabelled and left out, as the corpus notes say.

``--part`` scores one side of the split the learned parts are trained and validated on
(:func:`split`: by connected group of documents, the verdict's split, ``benchmarks.make_training``).
"""

from __future__ import annotations

import argparse
import logging
import math
import multiprocessing
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, NamedTuple, Sequence

from dedup.align import SentenceAligner
from dedup.alignment import (LOCATED_ALONE, LOCATED_CONDENSED, LOCATED_GAP, LOCATED_GROW, LOCATED_NEAR,
                             LOCATED_SOURCE_GAP, Alignment)
from dedup.documents import Document
from dedup.lineage import Direction

logger = logging.getLogger(__name__)

DEFAULT_DATA = Path("../shared/data/pan13-train")
TYPES = (
    "01-no-plagiarism",
    "02-no-obfuscation",
    "03-random-obfuscation",
    "04-translation-obfuscation",
    "05-summary-obfuscation",
)
# PAN counts one case as one passage however it was obfuscated: a summary draws its few sentences from a
# long source passage, so runs are merged across wide source gaps (measured on a 50-per-type subset:
# summary plagdet 0.27 with the library's reporting defaults 2/8, 0.59 with 4/60; other types unchanged).
PASSAGE_GAP = LOCATED_GAP  # the settings dedup's JSON output locates passages with
PASSAGE_SOURCE_GAP = LOCATED_SOURCE_GAP
#: The seed of the train/validation split (the verdict's: ``benchmarks.make_training --seed``).
SEED = 14
_FEATURE = re.compile(r"<feature\b[^>]*\bname=\"plagiarism\"[^>]*>")
_ATTR = re.compile(r"(\w+)=\"([^\"]*)\"")


class Annotation(NamedTuple):
    """A case or a detection: a passage of the suspicious document and its passage in the source."""

    susp: str
    src: str
    this_offset: int
    this_length: int
    source_offset: int
    source_length: int


@dataclass(frozen=True)
class PlagdetScores:
    precision: float
    recall: float
    granularity: float
    plagdet: float
    cases: int
    detections: int


# -- measures (Potthast et al. 2010) ---------------------------------------------------------------
def _intersection(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int] | None:
    start, end = max(a[0], b[0]), min(a[1], b[1])
    return (start, end) if start < end else None


def _union_length(intervals: Iterable[tuple[int, int]]) -> int:
    total, reach = 0, -1
    for start, end in sorted(intervals):
        if end <= reach:
            continue
        total += end - max(start, reach)
        reach = end
    return total


def _sides(a: Annotation) -> tuple[tuple[int, int], tuple[int, int]]:
    return (a.this_offset, a.this_offset + a.this_length), (a.source_offset, a.source_offset + a.source_length)


def _covered(target: Annotation, others: Sequence[Annotation]) -> tuple[float, int]:
    """Share of ``target``'s characters in ``others`` that detect it / are detected by it, and their count.

    ``s ⊓ r`` is ``s ∩ r`` only when ``r`` detects ``s``: they overlap in the suspicious *and* the
    source document of the same pair.
    """
    t_this, t_src = _sides(target)
    this_parts, src_parts, hits = [], [], 0
    for other in others:
        o_this, o_src = _sides(other)
        this_part, src_part = _intersection(t_this, o_this), _intersection(t_src, o_src)
        if this_part and src_part:
            this_parts.append(this_part)
            src_parts.append(src_part)
            hits += 1
    size = target.this_length + target.source_length
    return (_union_length(this_parts) + _union_length(src_parts)) / size if size else 0.0, hits


def plagdet(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> PlagdetScores:
    """PAN's precision, recall, granularity and plagdet over a set of cases and detections."""
    by_pair: dict[tuple[str, str], list[Annotation]] = defaultdict(list)
    for d in detections:
        by_pair[(d.susp, d.src)].append(d)
    case_pair: dict[tuple[str, str], list[Annotation]] = defaultdict(list)
    for c in cases:
        case_pair[(c.susp, c.src)].append(c)
    recalls, grains = [], []
    for case in cases:
        share, hits = _covered(case, by_pair[(case.susp, case.src)])
        recalls.append(share)
        if hits:
            grains.append(hits)
    precisions = [_covered(d, case_pair[(d.susp, d.src)])[0] for d in detections]
    precision = _macro(precisions, len(cases), len(detections))
    recall = _macro(recalls, len(detections), len(cases))
    granularity = sum(grains) / len(grains) if grains else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PlagdetScores(precision, recall, granularity, f1 / math.log2(1 + granularity), len(cases), len(detections))


def _macro(values: list[float], n_other: int, n_own: int) -> float:
    # as PAN's evaluation script: 1 when both sets are empty, 0 when only one is
    if n_own == 0:
        return 1.0 if n_other == 0 else 0.0
    return sum(values) / n_own


# -- corpus ----------------------------------------------------------------------------------------
def read_pairs(data: Path, kind: str) -> list[tuple[str, str]]:
    """``(susp, src)`` file names of one obfuscation type, sorted (a stable order for subsets)."""
    lines = (data / kind / "pairs").read_text(encoding="utf-8").split("\n")
    return sorted(tuple(line.split()) for line in lines if line.strip())  # type: ignore[misc]


def read_cases(data: Path, kind: str, susp: str, src: str) -> list[Annotation]:
    """The annotated passages of one pair (empty for no-plagiarism and unlabelled summary pairs)."""
    xml = (data / kind / f"{Path(susp).stem}-{Path(src).stem}.xml").read_text(encoding="utf-8")
    cases = []
    for feature in _FEATURE.findall(xml):
        attrs = dict(_ATTR.findall(feature))
        cases.append(Annotation(susp, src, int(attrs["this_offset"]), int(attrs["this_length"]),
                                int(attrs["source_offset"]), int(attrs["source_length"])))
    return cases


def read_text(data: Path, folder: str, name: str) -> str:
    return (data / folder / name).read_text(encoding="utf-8")


def select(data: Path, per_type: int | None) -> dict[str, list[tuple[str, str]]]:
    """Pairs per type; with ``per_type``, an evenly spaced deterministic subset of the labelled pairs."""
    chosen = {}
    for kind in TYPES:
        pairs = read_pairs(data, kind)
        if kind == "05-summary-obfuscation":
            pairs = [p for p in pairs if read_cases(data, kind, *p)]
        if per_type is not None and len(pairs) > per_type:
            step = len(pairs) / per_type
            pairs = [pairs[int(i * step)] for i in range(per_type)]
        chosen[kind] = pairs
    return chosen


def split(pairs: dict[str, list[tuple[str, str]]], seed: int = SEED) -> dict[tuple[str, str], str]:
    """``train`` or ``validation`` for each pair, by connected group of documents (never by pair).

    A suspicious document takes passages from several sources and a source gives to several
    suspicious documents: the pairs linked that way form one group, and a group is on one side
    only, so no text is on both. The groups and their sides are those of the verdict's training
    set (``benchmarks.make_training``, same seed), so one validation part serves both models.
    """
    from benchmarks.make_training import side
    from dedup.clusters import Components

    groups = Components()
    for kind in TYPES:
        for susp, src in pairs[kind]:
            groups.union(susp, src)
    return {(susp, src): side(groups.find(susp), seed) for kind in TYPES for susp, src in pairs[kind]}


def only(pairs: dict[str, list[tuple[str, str]]], part: str,
         sides: dict[tuple[str, str], str]) -> dict[str, list[tuple[str, str]]]:
    """The pairs of one part (``all``: every pair), per type; ``sides`` from :func:`split` over every
    labelled pair (a subset's groups would be smaller than the corpus's, and fall otherwise)."""
    if part == "all":
        return pairs
    return {kind: [p for p in chosen if sides[p] == part] for kind, chosen in pairs.items()}


# -- running the aligner ---------------------------------------------------------------------------
_ALIGNER: SentenceAligner | None = None
_DATA: Path = DEFAULT_DATA
_GROW: float | None = LOCATED_GROW
_NEAR: float | None = LOCATED_NEAR
_ALONE: float | None = LOCATED_ALONE
_CONDENSED: float | None = LOCATED_CONDENSED


def detect(pair: tuple[str, str]) -> list[Annotation]:
    """dedup's detections for one pair (uses the aligner fitted before the worker pool started)."""
    return detections(pair, aligned(pair), _GROW, _NEAR, _ALONE, _CONDENSED)


def aligned(pair: tuple[str, str]) -> Alignment:
    """One pair aligned, its suspicious document as derived (with the aligner fitted before the pool started)."""
    susp, src = pair
    derived = Document(id=susp, text=read_text(_DATA, "susp", susp))
    source = Document(id=src, text=read_text(_DATA, "src", src))
    if _ALIGNER is None:
        raise RuntimeError("evaluate() sets the aligner before detecting")
    return _ALIGNER.align(source, derived, direction=Direction(src, susp, "PAN: roles are given"))


def detections(pair: tuple[str, str], alignment: Alignment, grow: float | None = LOCATED_GROW,
               near: float | None = LOCATED_NEAR, alone: float | None = LOCATED_ALONE,
               condensed: float | None = LOCATED_CONDENSED) -> list[Annotation]:
    """The located passages of ``alignment`` (the pair's source as source) as PAN detections; ``grow``,
    ``near``, ``alone`` and ``condensed`` as :meth:`dedup.alignment.Alignment.passages` takes them (the located
    passages': :data:`LOCATED_GROW`, :data:`LOCATED_NEAR`, :data:`LOCATED_ALONE`, :data:`LOCATED_CONDENSED`)."""
    susp, src = pair
    return [
        Annotation(susp, src, p.derived_span[0], p.derived_span[1] - p.derived_span[0],
                   p.source_span[0], p.source_span[1] - p.source_span[0])
        for p in alignment.passages(max_gap=PASSAGE_GAP, max_source_gap=PASSAGE_SOURCE_GAP, grow=grow,
                                     near=near, alone=alone, condensed=condensed)
    ]


def evaluate(
    data: Path, pairs: dict[str, list[tuple[str, str]]], *, workers: int = 2, aligner: SentenceAligner | None = None,
    grow: float | None = LOCATED_GROW, near: float | None = LOCATED_NEAR, alone: float | None = LOCATED_ALONE,
    condensed: float | None = LOCATED_CONDENSED,
) -> dict[str, PlagdetScores]:
    """Fit IDF on the documents involved, detect in every pair, and score per type and overall."""
    detections = dict(zip(*run(data, pairs, detect, workers=workers, aligner=aligner, grow=grow, near=near,
                               alone=alone, condensed=condensed)))
    return scored(data, pairs, detections)


def run(data: Path, pairs: dict[str, list[tuple[str, str]]], work, *, workers: int = 2,  # type: ignore[no-untyped-def]
        aligner: SentenceAligner | None = None, grow: float | None = LOCATED_GROW,
        near: float | None = LOCATED_NEAR, alone: float | None = LOCATED_ALONE,
        condensed: float | None = LOCATED_CONDENSED) -> tuple[list, list]:
    """Every pair of ``pairs`` and what ``work`` (given a pair, in worker processes) made of it, with the
    aligner's IDF fitted on the documents involved (:func:`detect` reads it, ``grow``, ``near``, ``alone`` and
    ``condensed``)."""
    global _ALIGNER, _DATA, _GROW, _NEAR, _ALONE, _CONDENSED
    everything = [p for kind in TYPES for p in pairs[kind]]
    texts = [read_text(data, "susp", s) for s in sorted({s for s, _ in everything})]
    texts += [read_text(data, "src", s) for s in sorted({s for _, s in everything})]
    _ALIGNER, _DATA = (aligner or SentenceAligner()).fit(texts), data
    _GROW, _NEAR, _ALONE, _CONDENSED = grow, near, alone, condensed
    if workers > 1:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return everything, pool.map(work, everything, chunksize=8)
    return everything, [work(p) for p in everything]


def scored(data: Path, pairs: dict[str, list[tuple[str, str]]],
           detections: dict[tuple[str, str], list[Annotation]]) -> dict[str, PlagdetScores]:
    """PAN's measures per type and overall, of each pair's ``detections``."""
    results, all_cases, all_dets = {}, [], []
    for kind in TYPES:
        cases = [c for p in pairs[kind] for c in read_cases(data, kind, *p)]
        dets = [d for p in pairs[kind] for d in detections[p]]
        results[kind] = plagdet(cases, dets)
        all_cases += cases
        all_dets += dets
    results["overall"] = plagdet(all_cases, all_dets)
    return results


def _optional(noun: str, low: float, high: float, bounds: str):
    """A parser of an option that is a ``noun`` from ``low`` to ``high`` (``bounds`` in its message), or ``none``."""
    def parse(text: str) -> float | None:
        if text.lower() == "none":
            return None
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a {noun} or 'none': {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{bounds} or 'none', got {text}")
        return value
    return parse


#: ``--grow`` (and ``--near``, ``--alone``): a share from 0 to 1, or ``none``.
_grow = _optional("share", 0, 1, "a share from 0 to 1")
#: ``--condensed``: a ratio of 1 or more (finite), or ``none``.
_times = _optional("ratio", 1, math.nextafter(math.inf, 0), "a ratio of 1 or more")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="pan13-train folder (default: %(default)s)")
    parser.add_argument("--per-type", type=int, default=None, help="evenly spaced subset of N pairs per type")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--part", choices=("all", "train", "validation"), default="all",
                        help="score one side of the train/validation split by document group (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=SEED, help="seed of the split (default: %(default)s)")
    parser.add_argument("--grow", type=_grow, default=LOCATED_GROW,
                        help="share of words two unlinked sentences next to a passage's ends share for it to grow "
                             "over them, or 'none' (default: %(default)s, the located passages')")
    parser.add_argument("--near", type=_grow, default=LOCATED_NEAR,
                        help="share of words two or more neighbouring unlinked sentence pairs, each the other's best "
                             "match in order, share to be located as a passage, or 'none' (default: %(default)s, "
                             "the located passages')")
    parser.add_argument("--alone", type=_grow, default=LOCATED_ALONE,
                        help="share of words a single such pair shares to join a passage it continues, or 'none' "
                             "(default: %(default)s, the located passages')")
    parser.add_argument("--condensed", type=_times, default=LOCATED_CONDENSED,
                        help="how many times as many source sentences as derived ones a passage spans to be read as "
                             "condensed and grow over the source sentences it draws on, or 'none' (default: "
                             "%(default)s, the located passages')")
    args = parser.parse_args(argv)
    if not (args.data / "pairs").is_file():
        print(f"PAN 2013 corpus not found at {args.data}: pass --data <path to pan13-train>", file=sys.stderr)
        return 2
    started = time.perf_counter()
    sides = split(select(args.data, None), args.seed) if args.part != "all" else {}
    pairs = only(select(args.data, args.per_type), args.part, sides)
    results = evaluate(args.data, pairs, workers=args.workers, grow=args.grow, near=args.near,
                       alone=args.alone, condensed=args.condensed)
    print(f"{'type':28s} {'pairs':>5s} {'cases':>5s} {'dets':>5s} {'prec':>6s} {'rec':>6s} {'gran':>6s} {'plagdet':>7s}")
    for kind, r in results.items():
        n = sum(len(v) for v in pairs.values()) if kind == "overall" else len(pairs[kind])
        print(f"{kind:28s} {n:5d} {r.cases:5d} {r.detections:5d} {r.precision:6.3f} {r.recall:6.3f} "
              f"{r.granularity:6.3f} {r.plagdet:7.3f}")
    print(f"elapsed {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
