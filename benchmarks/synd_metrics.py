"""Scoring a detector's pairs and clusters against the syndication set's truth.

Pure functions over plain data (id pairs, verdicts, member lists), so the tests can score tiny fake
results and quality.py can score dedup and the baseline the same way.

Definitions (also in benchmarks/README.md):

* **recall of a kind**: the share of labelled pairs of that kind that the detector reports.
* **precision**: a reported pair is correct when both articles are in the same truth cluster (a reprint
  and a light edit of one story are copies of each other too, though only their pairs with the source are
  labelled). Per verdict: over the pairs given that verdict.
* **precision of a kind**: over the reported pairs that involve an article derived by that kind (pairs
  between two unedited stories count under ``real_duplicate``); F1 of a kind combines the two.
* **ignored**: a pair that is not correct but lies inside a group joined by labelled *or* ``related``
  pairs (the collection's own updates and corrections below the duplicate bar, and copies of them) is
  neither right nor wrong: it is left out of precision.
* **template false positives**: reported pairs inside one template group that are not in one truth cluster,
  between stories on different subjects when the headlines are known (:func:`subject`: two companies'
  earnings notices, two countries' tenders). Two stories of one group on one subject (a company's story
  sent twice an hour apart, a follow-up) are versions of one story, not a template filled in twice; they
  stay false positives, counted apart (``template_same_subject``).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from sklearn.metrics import adjusted_rand_score

KINDS = ("reprint", "light_edit", "partial", "reordered", "rewrite", "real_duplicate")


@dataclass(frozen=True)
class Found:
    """A reported pair, whatever the detector: two ids and a verdict."""

    a: str
    b: str
    verdict: str

    @property
    def key(self) -> frozenset[str]:
        return frozenset((self.a, self.b))


@dataclass
class Score:
    """All figures for one detector on one truth."""

    recall: dict[str, float] = field(default_factory=dict)
    recall_variant: dict[str, float] = field(default_factory=dict)
    precision: dict[str, float] = field(default_factory=dict)
    f1: dict[str, float] = field(default_factory=dict)
    precision_by_verdict: dict[str, float] = field(default_factory=dict)
    overall: dict[str, float] = field(default_factory=dict)
    ari: float = 0.0
    template_fp: int = 0
    template_fp_rewrite: int = 0
    template_same_subject: int = 0
    verdicts: dict[str, dict[str, int]] = field(default_factory=dict)
    ignored: int = 0
    missed: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    false_positives: list[Found] = field(default_factory=list)


def cluster_of(truth: Mapping[str, Any]) -> dict[str, int]:
    """Truth cluster number of every clustered document."""
    return {doc: i for i, members in enumerate(truth["clusters"]) for doc in members}


def related_scope(truth: Mapping[str, Any]) -> dict[str, int]:
    """Groups joined by labelled pairs *or* related pairs: a pair inside one but not inside a truth
    cluster is ignored (the collection's own updates and corrections, and copies of them)."""
    from synd_groups import connected_groups

    edges = [(p["a"], p["b"]) for p in truth["pairs"]] + [(r[0], r[1]) for r in truth.get("related", [])]
    nodes = sorted({x for e in edges for x in e})
    return {doc: i for i, group in enumerate(connected_groups(nodes, edges)) for doc in group}


def _ratio(num: int, den: int) -> float:
    return num / den if den else float("nan")


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p == p and r == r and p + r > 0 else float("nan")


def _kinds_of(found: Found, documents: Mapping[str, Mapping[str, Any]]) -> set[str]:
    kinds = {documents.get(d, {}).get("kind") for d in (found.a, found.b)} - {None}
    return kinds or {"real_duplicate"}


def score(truth: Mapping[str, Any], found: Sequence[Found], clusters: Iterable[Sequence[str]],
          titles: Mapping[str, str | None] | None = None) -> Score:
    """Score reported pairs and clusters against ``truth`` (the truth.json structure); ``titles`` (document
    id -> headline) tell the template pairs on one subject from the others."""
    documents = truth["documents"]
    cluster = cluster_of(truth)
    labelled = {frozenset((p["a"], p["b"])): p for p in truth["pairs"]}
    reported = {f.key: f for f in found}
    out = Score()
    correct = {k: f for k, f in reported.items() if f.a in cluster and cluster.get(f.b) == cluster[f.a]}
    scope = related_scope(truth)
    ignored = {k for k, f in reported.items() if k not in correct and f.a in scope and scope.get(f.b) == scope[f.a]}
    reported = {k: f for k, f in reported.items() if k not in ignored}
    out.ignored = len(ignored)
    out.false_positives = sorted((f for k, f in reported.items() if k not in correct), key=lambda f: (f.a, f.b))
    for kind in KINDS:
        mine = [p for k, p in labelled.items() if p["kind"] == kind]
        hit = [p for p in mine if frozenset((p["a"], p["b"])) in reported]
        out.recall[kind] = _ratio(len(hit), len(mine))
        out.missed[kind] = [p for p in mine if frozenset((p["a"], p["b"])) not in reported]
        blamed = [k for k, f in reported.items() if kind in _kinds_of(f, documents)]
        out.precision[kind] = _ratio(sum(k in correct for k in blamed), len(blamed))
        out.f1[kind] = _f1(out.precision[kind], out.recall[kind])
        out.verdicts[kind] = {}
        for p in hit:
            verdict = reported[frozenset((p["a"], p["b"]))].verdict
            out.verdicts[kind][verdict] = out.verdicts[kind].get(verdict, 0) + 1
    for variant in sorted({p["variant"] for p in truth["pairs"] if p.get("variant")}):
        mine = [p for p in truth["pairs"] if p.get("variant") == variant]
        hit = sum(frozenset((p["a"], p["b"])) in reported for p in mine)
        out.recall_variant[f"{mine[0]['kind']} ({variant})"] = _ratio(hit, len(mine))
    for verdict in sorted({f.verdict for f in found}):
        given = [k for k, f in reported.items() if f.verdict == verdict]
        out.precision_by_verdict[verdict] = _ratio(sum(k in correct for k in given), len(given))
    recall = _ratio(sum(k in reported for k in labelled), len(labelled))
    precision = _ratio(len(correct), len(reported))
    out.overall = {"precision": precision, "recall": recall, "f1": _f1(precision, recall),
                   "reported": len(reported), "labelled": len(labelled)}
    out.ari = cluster_ari(list(documents), truth["clusters"], clusters)
    out.template_fp, out.template_fp_rewrite, out.template_same_subject = template_false_positives(
        truth, out.false_positives, titles)
    return out


def cluster_ari(ids: Sequence[str], truth_clusters: Iterable[Sequence[str]],
                predicted: Iterable[Sequence[str]]) -> float:
    """Adjusted Rand index over all documents; an unclustered document is its own cluster."""
    def labels(groups: Iterable[Sequence[str]]) -> list[int]:
        of = {doc: i for i, members in enumerate(groups) for doc in members}
        base = len(of) + 1
        return [of.get(doc, base + n) for n, doc in enumerate(ids)]

    return float(adjusted_rand_score(labels(truth_clusters), labels(predicted)))


def template_false_positives(truth: Mapping[str, Any], false_positives: Iterable[Found],
                             titles: Mapping[str, str | None] | None = None) -> tuple[int, int, int]:
    """Wrong pairs inside one template group between stories on different subjects, how many of those
    were called rewrites, and the wrong pairs inside one group on one subject (none without ``titles``)."""
    group = {doc: i for i, members in enumerate(truth["template_groups"]) for doc in members}
    inside = [f for f in false_positives if f.a in group and group.get(f.b) == group[f.a]]
    titles = titles or {}
    one = [f for f in inside if subject(titles.get(f.a)) is not None and subject(titles.get(f.a)) == subject(titles.get(f.b))]
    apart = [f for f in inside if f not in one]
    return len(apart), sum(f.verdict == "rewrite" for f in apart), len(one)


def subject(title: str | None) -> str | None:
    """What a template story is about: its headline's first word, upper-cased ("MURRAY OHIO <MUR> SEES
    HIGHER FIRST QUARTER NET" -> "MURRAY"), the rule ``make_training`` reads Reuters templates by; None
    without a headline."""
    words = (title or "").upper().split()
    return words[0] if words else None


def read_set(folder: str | Path) -> tuple[dict[str, Any], list[Any]]:
    """A syndication set made by ``make_syndication.py``: its truth and its documents (dedup's reader);
    exits with one line when the folder holds no set."""
    folder = Path(folder)
    if not (folder / "truth.json").exists():
        sys.exit(f"Error: {folder}/truth.json not found; make the set with benchmarks/make_syndication.py")
    from dedup import read_corpus

    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    return truth, list(read_corpus(folder / "corpus.jsonl").documents)
