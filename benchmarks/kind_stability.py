"""The kind of reuse (duplicate / partial / rewrite): how right it is per labelled kind, how close to a
boundary reported pairs sit, and how many kinds move when the model is refitted on a training set
changed by a trifle.

    python -m benchmarks.kind_stability [--training benchmarks/out/training] [--vectors benchmarks/out/kinds]
        [--model dedup/data/verdict_model.json] [--perturb 3] [--drop 0.001]

Every set is read as dedup reads it, the feature vector of each reported pair recorded where the
decision judges it (:func:`recording`), once (``--vectors``: the folder they are kept in; delete it after
a change of the features): the Reuters-21578 scan (no kind labelled), the syndication set's scan (its
labelled pairs), the newsroom sets ``heldout`` and ``heldout_topics`` scanned and each labelled reuse pair
compared alone (light edits and corrections: ``duplicate``; rewrites; partial copies), and the
multilingual set's languages scanned one by one (the source against its verbatim copy, light edit,
partial copy and rewrite). The kind is a function of the vector and the model, so every figure below is
read from the recorded vectors, and a model differing in its kind alone gives the same reported pairs.

Printed (deterministic): per set, the kinds given each labelled kind (a confusion table, rows the label),
the share right; and the **margin** of each reported pair, the gap between its two highest kind scores
(:func:`kind_margins`; log-odds), counted under 0.5, 1 and 2, with the features that the near pairs'
margins ride on most (the two kinds' weights apart, times the standardised value). With ``--training``:
the kind on the training set's validation pairs per labelled kind, and, ``--perturb N`` times, the kind
refitted on the train part less a random ``--drop`` share of its pairs (seeds 0 to N-1, the features'
standardisation refitted too, as a regenerated model's is): how many kinds of the Reuters scan and the
syndication set move against the kind refitted on the whole train part.
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dedup.confidence import KINDS  # noqa: E402
from dedup.features import FEATURES  # noqa: E402

#: The margins (log-odds between a pair's two highest kind scores) counted as near a boundary.
NEAR = (0.5, 1.0, 2.0)


@contextmanager
def recording() -> Iterator[dict[frozenset[str], list[float]]]:
    """While open, every pair the decision reports (in this process: scan with ``workers=1``) leaves
    its feature vector, as judged, in the dict yielded, by its two document ids."""
    from dedup import verify

    found: dict[frozenset[str], list[float]] = {}
    real = verify._decide_rows

    def hooked(docs: Any, rows: Any, evidence: Any, feats: Any, chunk: Any, todo: Any, **kw: Any) -> Any:
        model = verify.verdict_model(kw["align"])
        seen: list[np.ndarray] = []
        judge = model.judge_many

        def spy(x: np.ndarray, **options: Any) -> Any:
            seen.append(np.array(x, dtype=np.float64, copy=True))
            return judge(x, **options)

        model.judge_many = spy  # type: ignore[method-assign]
        try:
            out = real(docs, rows, evidence, feats, chunk, todo, **kw)
        finally:
            del model.judge_many
        for row, decided, x in zip(chunk, out[0], seen[0]):
            if decided[0] is not None:
                i, j = rows[row]
                found[frozenset((docs[i].id, docs[j].id))] = [float(v) for v in x]
        return out

    verify._decide_rows = hooked
    try:
        yield found
    finally:
        verify._decide_rows = real


def _rows(found: dict[frozenset[str], list[float]], labels: dict[frozenset[str], str | None],
          verdicts: dict[frozenset[str], str], origins: dict[frozenset[str], str] | None = None) -> list[dict[str, Any]]:
    return [{"pair": sorted(key), "label": labels.get(key), "verdict": verdicts[key], "x": x}
            | ({"origin": origins[key]} if origins and key in origins else {})
            for key, x in sorted(found.items(), key=lambda kv: sorted(kv[0]))]


def reuters_set(path: Path) -> list[dict[str, Any]]:
    from dedup import scan

    with recording() as found:
        result = scan(path, workers=1)
    return _rows(found, {}, {frozenset((p.a, p.b)): p.verdict for p in result.pairs})


def synd_set(folder: Path) -> list[dict[str, Any]]:
    from dedup import scan
    from make_training import KIND_OF
    from synd_metrics import read_set

    truth, documents = read_set(folder)
    labels = {frozenset((p["a"], p["b"])): KIND_OF[p["kind"]] for p in truth["pairs"]}
    with recording() as found:
        result = scan(documents, workers=1)
    return _rows(found, labels, {frozenset((p.a, p.b)): p.verdict for p in result.pairs})


def newsroom_set(folder: Path) -> list[dict[str, Any]]:
    """The set scanned as one corpus, and each labelled reuse pair compared alone (two readings, the
    second's pairs named ``alone:``)."""
    from dedup import compare, scan
    from make_training import newsroom_corpus

    docs, labelled = newsroom_corpus(folder)
    labels = {frozenset((a, b)): kind for a, b, y, kind, _ in labelled if y}
    origins = {frozenset((a, b)): f"scan {origin}" for a, b, y, _, origin in labelled if y}
    with recording() as found:
        result = scan(docs, workers=1)
    rows = _rows({k: v for k, v in found.items() if k in labels}, labels,
                 {frozenset((p.a, p.b)): p.verdict for p in result.pairs}, origins)
    for a, b, y, kind, origin in labelled:
        if y:
            with recording() as alone:
                verdict = compare(folder / a, folder / b).verdict
            for x in alone.values():
                rows.append({"pair": ["alone:" + a, "alone:" + b], "label": kind, "verdict": verdict, "x": x,
                             "origin": f"alone {origin}"})
    return rows


def multilingual_set() -> list[dict[str, Any]]:
    from dedup import scan
    from multilingual import DERIVED, EXPECTED, documents, languages

    rows = []
    for language in languages():
        labels = {frozenset((f"{language}/source", f"{language}/{case}")): EXPECTED[case] for case in DERIVED}
        origins = {frozenset((f"{language}/source", f"{language}/{case}")): case for case in DERIVED}
        with recording() as found:
            result = scan(documents(language), workers=1)
        verdicts = {frozenset((p.a, p.b)): p.verdict for p in result.pairs}
        rows += _rows({k: v for k, v in found.items() if k in labels}, labels, verdicts, origins)
    return rows


SETS = {
    "reuters": lambda: reuters_set(ROOT / "benchmarks/out/reuters.jsonl"),
    "syndication": lambda: synd_set(ROOT / "benchmarks/out/synd"),
    "newsroom heldout": lambda: newsroom_set(ROOT / "benchmarks/newsroom/heldout"),
    "newsroom heldout_topics": lambda: newsroom_set(ROOT / "benchmarks/newsroom/heldout_topics"),
    "multilingual": multilingual_set,
}


def vectors(folder: Path | None) -> dict[str, list[dict[str, Any]]]:
    """Every set's reported pairs (:data:`SETS`), read from ``folder`` when kept there, else made (and kept)."""
    out = {}
    for name, make in SETS.items():
        kept = folder / (name.replace(" ", "_") + ".json") if folder else None
        if kept is not None and kept.is_file():
            out[name] = json.loads(kept.read_text(encoding="utf-8"))
            continue
        out[name] = make()
        if kept is not None:
            kept.parent.mkdir(parents=True, exist_ok=True)
            kept.write_text(json.dumps(out[name]) + "\n", encoding="utf-8")
    return out


def kind_scores(spec: dict[str, Any], x: np.ndarray) -> np.ndarray:
    """Each kind's score of each row of ``x`` under the model ``spec`` (a column per kind of :data:`KINDS`):
    :func:`benchmarks.train_verdict.kind_scores` when the trainer has one, else the multinomial's logits."""
    import train_verdict

    if hasattr(train_verdict, "kind_scores"):
        return train_verdict.kind_scores(spec, x)
    z = (x - np.array(spec["mean"])) / np.array(spec["scale"])
    return z @ np.array(spec["kind_weights"]).T + np.array(spec["kind_bias"])


def kinds_and_margins(spec: dict[str, Any], x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The kind of each row (the highest score) and its margin (the gap to the second highest)."""
    scores = kind_scores(spec, x)
    top = np.sort(scores, axis=1)
    return np.array(KINDS)[scores.argmax(axis=1)], top[:, -1] - top[:, -2]


def riding(spec: dict[str, Any], x: np.ndarray, scores: np.ndarray, n: int = 6) -> list[str]:
    """The features the margins of the rows of ``x`` ride on most: summed over the rows, the absolute
    contribution of each to the gap between the row's first and second kind (multinomial weights)."""
    z = (x - np.array(spec["mean"])) / np.array(spec["scale"])
    w = np.array(spec["kind_weights"])
    order = np.argsort(-scores, axis=1)
    parts = np.abs((w[order[:, 0]] - w[order[:, 1]]) * z).sum(axis=0)
    best = np.argsort(-parts, kind="stable")[:n]
    return [f"{FEATURES[i]} {parts[i] / len(x):.2f}" for i in best if parts[i] > 0]


def describe(name: str, rows: list[dict[str, Any]], spec: dict[str, Any]) -> list[str]:
    """The lines printed for one set under ``spec``."""
    if not rows:
        return [f"### {name}: no pair reported"]
    x = np.array([r["x"] for r in rows])
    kinds, margins = kinds_and_margins(spec, x)
    out = [f"### {name}: {len(rows)} reported pairs"]
    out.append("kinds " + " / ".join(f"{k} {int((kinds == k).sum())}" for k in KINDS)
               + "; the same as the verdicts recorded with the vectors (the model then shipped): "
               + f"{sum(k == r['verdict'] for k, r in zip(kinds, rows))} of {len(rows)}")
    out.append("margins: " + ", ".join(f"under {m} {int((margins < m).sum())}" for m in NEAR)
               + f"; median {np.median(margins):.2f}")
    near = margins < NEAR[-1]
    if near.any() and "kind_weights" in spec:
        out.append(f"the {int(near.sum())} under {NEAR[-1]} ride on: "
                   + ", ".join(riding(spec, x[near], kind_scores(spec, x[near]))))
    labelled = [k for k, r in enumerate(rows) if r["label"] in KINDS]
    if labelled:
        truth = np.array([rows[k]["label"] for k in labelled])
        said = kinds[labelled]
        out.append(f"labelled {len(labelled)}: right {np.mean(said == truth):.3f}")
        out.append("| label | " + " | ".join(KINDS) + " | right |")
        out.append("|---|" + "---:|" * (len(KINDS) + 1))
        for k in KINDS:
            m = truth == k
            if m.any():
                out.append(f"| {k} | " + " | ".join(str(int((said[m] == c).sum())) for c in KINDS)
                           + f" | {np.mean(said[m] == k):.3f} |")
        origins = sorted({rows[k]["origin"] for k in labelled if "origin" in rows[k]})
        for origin in origins:
            m = np.array([rows[k].get("origin") == origin for k in labelled])
            out.append(f"  {origin} ({truth[m][0]}): {int(m.sum())}, called "
                       + ", ".join(f"{c} {int((said[m] == c).sum())}" for c in KINDS))
    return out


def validation(spec: dict[str, Any], training: Path) -> list[str]:
    """The kind on the training set's validation reuse pairs with a labelled kind, by data set and kind."""
    import train_verdict

    data, _ = train_verdict.checks(train_verdict.load(training))
    keep = (data["y"] == 1) & ~data["train"] & np.isin(data["kind"], KINDS)
    kinds, margins = kinds_and_margins(spec, data["x"][keep])
    truth, dataset = data["kind"][keep], data["dataset"][keep]
    out = [f"### validation: {int(keep.sum())} reuse pairs with a labelled kind: right {np.mean(kinds == truth):.4f}; "
           + "margins " + ", ".join(f"under {m} {int((margins < m).sum())}" for m in NEAR)]
    for d in sorted(set(dataset)):
        for k in KINDS:
            m = (dataset == d) & (truth == k)
            if m.any():
                out.append(f"  {d} {k}: {int(m.sum())}, called " + ", ".join(
                    f"{c} {int((kinds[m] == c).sum())}" for c in KINDS))
    return out


def refitted(data: dict[str, Any], keep: np.ndarray) -> dict[str, Any]:
    """The kind part of a model fitted on the train pairs of ``keep`` (the standardisation refitted on
    them too, as the trainer does), as a spec :func:`kind_scores` reads."""
    import train_verdict

    train = np.flatnonzero(data["train"] & keep)
    x = data["x"][train]
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    sub = {k: v[train] if isinstance(v, np.ndarray) else v for k, v in data.items()}
    spec = {"mean": mean.tolist(), "scale": scale.tolist()}
    if hasattr(train_verdict, "kind_part"):
        return spec | train_verdict.kind_part(sub, (x - mean) / scale)
    y, kind, dataset = sub["y"], sub["kind"], sub["dataset"]
    rows = (y == 1) & np.isin(kind, KINDS) & ((dataset != "newsroom") | (kind == "rewrite"))
    weights, bias = train_verdict.fit_kinds(((x - mean) / scale)[rows], kind[rows])
    return spec | {"kind_weights": weights.tolist(), "kind_bias": bias.tolist()}


def perturbed(data: dict[str, Any], sets: dict[str, list[dict[str, Any]]], runs: int, drop: float) -> list[str]:
    """How many kinds of the Reuters scan and the syndication set move when the kind is refitted on the
    train part less a random ``drop`` share of its pairs, seed by seed, against the kind refitted on all."""
    whole = refitted(data, np.ones(len(data["y"]), dtype=bool))
    xs = {name: np.array([r["x"] for r in sets[name]]) for name in ("reuters", "syndication")}
    before = {name: kinds_and_margins(whole, x)[0] for name, x in xs.items()}
    train = np.flatnonzero(data["train"])
    out = [f"### stability: the kind refitted {runs} times, each without {drop:.1%} of the {len(train)} train pairs"
           " (at random), kinds moved against the kind refitted on all"]
    for seed in range(runs):
        keep = np.ones(len(data["y"]), dtype=bool)
        keep[np.random.default_rng(seed).choice(train, int(round(drop * len(train))), replace=False)] = False
        spec = refitted(data, keep)
        moved = {name: kinds_and_margins(spec, x)[0] != before[name] for name, x in xs.items()}
        out.append(f"  seed {seed}: " + "; ".join(f"{name} {int(m.sum())} of {len(xs[name])}" for name, m in moved.items()))
        ridden = np.concatenate([x[moved[name]] for name, x in xs.items()])
        if len(ridden) and "kind_weights" in whole:
            out.append("    the moved ride on: " + ", ".join(riding(whole, ridden, kind_scores(whole, ridden))))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=ROOT / "dedup/data/verdict_model.json")
    parser.add_argument("--vectors", type=Path, default=ROOT / "benchmarks/out/kinds",
                        help="folder keeping the sets' recorded vectors (made when missing)")
    parser.add_argument("--training", type=Path, default=None, help="the labelled pairs (make_training's folder)")
    parser.add_argument("--perturb", type=int, default=0, help="refits of the kind on a train part less --drop")
    parser.add_argument("--drop", type=float, default=0.001)
    args = parser.parse_args(argv)
    spec = json.loads(args.model.read_text(encoding="utf-8"))
    sets = vectors(args.vectors)
    for name, rows in sets.items():
        print("\n".join(describe(name, rows, spec)) + "\n")
    if args.training is not None:
        import train_verdict

        if not (args.training / "pairs.jsonl").is_file():
            print(f"{args.training}/pairs.jsonl not found: run python -m benchmarks.make_training first", file=sys.stderr)
            return 2
        print("\n".join(validation(spec, args.training)) + "\n")
        if args.perturb:
            data, _ = train_verdict.checks(train_verdict.load(args.training))
            print("\n".join(perturbed(data, sets, args.perturb, args.drop)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
