"""What the verdict model leaves unexplained on the pairs read by hand: each feature's say beside the model's.

Usage (from the project root)::

    python -m benchmarks.make_training --out TRAIN --synd benchmarks/out/synd --reuters benchmarks/out/reuters.jsonl
    python -m benchmarks.read_residuals --training TRAIN [--model dedup/data/verdict_model.json] [--floor 0.3]

For the labelled pairs of ``--origins`` (by default the Reuters pairs read by hand,
``benchmarks/reuters_read.tsv``: ``reuters:read-reuse`` and ``reuters:read-not``) whose confidence under the
model reaches ``--floor``: how many the model reports (from its bar) and how many of those were read ``not``;
then, for each feature of :data:`dedup.features.FEATURES`, how much a logistic regression over the model's
log-odds and that feature (standardised) predicts the reading better than one over the log-odds alone
(:func:`residual_gains`: the cross-validated log-loss gained, in nats a pair, and the feature's coefficient).
A feature whose gain is about 0 tells the readings nothing the model does not already weigh; one that gains
is a lead to a feature read wrongly or weighed too little. A question to ask before a new feature is built:
``--extra FILE`` adds the columns of a ``.npy`` file (one row a pair of the training set, in its order, one
column a candidate feature; ``--extra-names`` names them) to the same test.

The pairs it reads are training pairs: read to design, never to report precision (the held-out readings,
``benchmarks/reuters_read_heldout.tsv``, are scored by ``benchmarks.reuters_sample --score`` only).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

import numpy as np

from dedup.features import FEATURES

#: The pairs read by hand, as the training set names them.
READ = ("reuters:read-not", "reuters:read-reuse")
#: Cross-validation folds of the residual test.
FOLDS = 5


def residual_gains(log_odds: np.ndarray, columns: np.ndarray, y: np.ndarray, *,
                   folds: int = FOLDS) -> list[tuple[float, float]]:
    """For each column of ``columns`` (a row per pair): the cross-validated log-loss (nats a pair) a logistic
    regression over ``log_odds`` and the column gains over one over ``log_odds`` alone, and the column's
    coefficient (standardised) fitted on every pair. A constant column gains 0 (coefficient 0)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)

    def loss(z: np.ndarray) -> float:
        return -float(cross_val_score(LogisticRegression(), z, y, cv=cv, scoring="neg_log_loss").mean())

    base = loss(log_odds[:, None])
    out = []
    for column in columns.T:
        spread = float(column.std())
        if spread == 0.0:
            out.append((0.0, 0.0))
            continue
        z = np.c_[log_odds, (column - column.mean()) / spread]
        coefficient = float(LogisticRegression().fit(z, y).coef_[0][1])
        out.append((base - loss(z), coefficient))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.read_residuals", description=__doc__.split("\n")[0])
    parser.add_argument("--training", type=Path, required=True, help="a training set (benchmarks.make_training --out)")
    parser.add_argument("--model", type=Path, default=None, help="a verdict model (default: the shipped one)")
    parser.add_argument("--origins", nargs="+", default=list(READ), help="the labelled kinds of pair to test on")
    parser.add_argument("--floor", type=float, default=0.3, help="only pairs with at least this confidence")
    parser.add_argument("--extra", type=Path, default=None, help="a .npy of candidate features, a row per training pair")
    parser.add_argument("--extra-names", nargs="*", default=None, help="the names of --extra's columns")
    parser.add_argument("--top", type=int, default=12, help="how many features to list")
    args = parser.parse_args(argv)
    pairs = args.training / "pairs.jsonl"
    if not pairs.is_file():
        print(f"error: no training set at {args.training} (make one with python -m benchmarks.make_training)",
              file=sys.stderr)
        return 2
    if args.extra is not None and not args.extra.is_file():
        print(f"error: no file {args.extra}", file=sys.stderr)
        return 2
    from benchmarks.train_verdict import confidences, load

    data = load(args.training)
    spec = json.loads(args.model.read_text(encoding="utf-8")) if args.model is not None else _shipped_spec()
    bar = float(spec["min_confidence"])
    mine = np.isin(data["origin"], args.origins)
    p = np.clip(confidences(spec, data["x"]), 1e-6, 1 - 1e-6)
    keep = mine & (p >= args.floor)
    y = data["y"][keep]
    if len(set(y.tolist())) < 2 or min(np.bincount(y)) < FOLDS:
        print(f"error: too few pairs of each label from {args.floor} on ({len(y)} pairs)", file=sys.stderr)
        return 2
    reported = mine & (p >= bar)
    print(f"{int(reported.sum())} pairs of {', '.join(args.origins)} reported from {bar}, "
          f"{int((reported & (data['y'] == 0)).sum())} of them labelled 0; tested: {len(y)} pairs from {args.floor} "
          f"({int((y == 0).sum())} labelled 0)")
    columns, names = data["x"][keep], list(FEATURES)
    if args.extra is not None:
        extra = np.load(args.extra)
        extra = extra[:, None] if extra.ndim == 1 else extra
        if extra.shape[0] != len(data["y"]):
            print(f"error: {args.extra} has {extra.shape[0]} rows, the training set {len(data['y'])} pairs",
                  file=sys.stderr)
            return 2
        columns = np.c_[columns, extra[keep]]
        names += args.extra_names or [f"extra{k}" for k in range(extra.shape[1])]
    gains = residual_gains(np.log(p[keep] / (1 - p[keep])), columns, y)
    print("\n| feature | log-loss gained (nats a pair) | coefficient |\n|---|---:|---:|")
    for (gain, coefficient), name in sorted(zip(gains, names), key=lambda t: -t[0][0])[:args.top]:
        print(f"| {name} | {gain:+.4f} | {coefficient:+.2f} |")
    return 0


def _shipped_spec() -> dict:
    """The shipped model's spec as trained (``dedup/data/verdict_model.json``)."""
    from importlib import resources

    from dedup.confidence import MODEL_FILE

    return json.loads(resources.files("dedup").joinpath("data", MODEL_FILE).read_text(encoding="utf-8"))


if __name__ == "__main__":
    raise SystemExit(main())
