"""MSRP: the aligner's sentence-pair score as a paraphrase classifier.

Usage (from the project root)::

    python -m benchmarks.msrp [--data ../shared/data/msrp] [--seed 0]

The train split's pairs are shuffled with a fixed seed and halved; the accuracy-maximising threshold is
chosen on the first half and reported on the second. Three scores are compared:

* ``tfidf-cosine``: plain word TF-IDF cosine (scikit-learn ``TfidfVectorizer``), the baseline;
* ``dedup-score``: the aligner's calibrated sentence score (word + char cosine + content Dice);
* ``dedup-link``: the score where the pair is *linkable* (shares content words, no contradicting names
  or numbers), else 0: what the aligner can actually link.

IDF is fitted on all MSRP sentences (no labels are used for that).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from dedup.align import SentenceAligner
from dedup.documents import Document
from dedup.similarity import score_pairs

DEFAULT_DATA = Path("../shared/data/msrp")


def read_msrp(path: Path) -> tuple[np.ndarray, list[str], list[str]]:
    """Labels and the two sentences of every pair (TSV, UTF-8 with BOM, no quoting)."""
    labels, first, second = [], [], []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for row in reader:
            labels.append(int(row[0]))
            first.append(row[3])
            second.append(row[4])
    return np.array(labels), first, second


def dedup_scores(first: list[str], second: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The aligner's score and linkable flag for each pair (each sentence taken as a one-line article)."""
    aligner = SentenceAligner().fit(first + second)
    scores, linkable = [], []
    for k, (a, b) in enumerate(zip(first, second)):
        va = aligner.transform(Document(f"a{k}", a)).features
        vb = aligner.transform(Document(f"b{k}", b)).features
        result = score_pairs(va, vb, min_shared_content=aligner.min_shared_content)
        if not result.score.size:
            scores.append(0.0)
            linkable.append(False)
            continue
        # a one-sentence "article" may be split in two: take the best sentence pair
        best = np.unravel_index(int(np.argmax(result.score)), result.score.shape)
        scores.append(float(result.score[best]))
        linkable.append(bool(result.linkable[best] and not result.entity_conflict[best]))
    return np.array(scores), np.array(linkable)


def tfidf_cosine(first: list[str], second: list[str]) -> np.ndarray:
    vectorizer = TfidfVectorizer().fit(first + second)
    a, b = vectorizer.transform(first), vectorizer.transform(second)
    return np.asarray(a.multiply(b).sum(axis=1)).ravel()


def evaluate(score: np.ndarray, labels: np.ndarray, tune: np.ndarray, test: np.ndarray) -> tuple[float, float, float]:
    """Threshold maximising accuracy on ``tune``; accuracy and F1 (paraphrase class) on ``test``."""
    candidates = np.unique(np.round(score[tune], 3))
    accuracy = [((score[tune] >= t) == labels[tune]).mean() for t in candidates]
    threshold = float(candidates[int(np.argmax(accuracy))])
    predicted = score[test] >= threshold
    truth = labels[test] == 1
    tp = int((predicted & truth).sum())
    f1 = 2 * tp / (predicted.sum() + truth.sum())
    return threshold, float((predicted == truth).mean()), float(f1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="msrp folder (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    path = args.data / "msr_paraphrase_train.txt"
    if not path.is_file():
        print(f"MSRP not found at {path}: pass --data <folder holding msr_paraphrase_train.txt>", file=sys.stderr)
        return 2
    labels, first, second = read_msrp(path)
    order = np.random.default_rng(args.seed).permutation(len(labels))
    tune, test = order[: len(order) // 2], order[len(order) // 2 :]
    score, linkable = dedup_scores(first, second)
    print(f"{len(labels)} pairs, {labels.mean():.1%} paraphrases; threshold tuned on {len(tune)}, tested on {len(test)}")
    print(f"{'score':14s} {'threshold':>9s} {'accuracy':>8s} {'F1':>6s}")
    for name, values in (("tfidf-cosine", tfidf_cosine(first, second)), ("dedup-score", score),
                         ("dedup-link", np.where(linkable, score, 0.0))):
        threshold, accuracy, f1 = evaluate(values, labels, tune, test)
        print(f"{name:14s} {threshold:9.3f} {accuracy:8.3f} {f1:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
