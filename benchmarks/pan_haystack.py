"""Passage-level candidates on PAN 2013: every source and suspicious document scanned as one haystack.

    python benchmarks/pan_haystack.py [--data ../shared/data/pan13-train] [--no-align | --candidates-only | --stages]
        [--lost] [--passages thorough] [--pairs-out stages.tsv]

``--candidates-only`` stops after the candidate stage and reports, per obfuscation type, the share of
labelled pairs among the candidates (what verification has to decide on), the candidate count and the
pairs each channel proposes. Otherwise it reports, per obfuscation type, the share of labelled (suspicious, source) pairs that ``dedup scan``
reports (any verdict), how many of the 1,000 no-plagiarism pairs are reported, how many other document
pairs are reported, and the scan's time and peak memory. Summary pairs without annotated passages are
left out (PAN's own note: they are unlabelled). The data are read from their folder, never copied.
``--passages thorough`` uses the denser passage windows of ``dedup scan --passages thorough``.

``--stages`` splits every labelled pair by the stage that keeps or loses it, the scan's stages run one
by one with the scan's settings: not a candidate; a candidate not worth aligning (judged without an
alignment) and under the bar; aligned and under the bar; reported. With ``--pairs-out`` each labelled
pair's stage, model confidence, channels and measures are written as TSV (for the verdict's owners).
``--lost`` (with ``--stages``) also says why each lost pair is lost: a pair that is no candidate by what its
passage windows share (:data:`CANDIDATE_LOSSES`: no window pair colliding, a few one-band collisions, enough
bands in all but no window pair sharing ``min_bands``, one window pair sharing them but too few in all, or the
rule met and the pair lost to a crowded bucket), a pair under the bar by the reason that holds it down most
(the refusal, or the feature whose contribution is the most negative), each tabulated per obfuscation type,
and a pair not worth aligning by the way of ``decision.worth_aligning`` it comes nearest to (:data:`WAYS`: shared
text, a rewrite, a similar passage), the measure short of that bar and how near (``nearest_bar``, ``nearness``).
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dedup import Document, scan  # noqa: E402
from dedup.decision import (ALIGN_MIN_WORDING, BARS, FORM_REFILLED, OTHER_SUBJECTS, PASSAGE_FACTS_APART, REFUSED,  # noqa: E402
                            RETOLD_LEAD, Thresholds, what_to_align)
from dedup.evidence import close_stretches  # noqa: E402
from dedup.candidate_sets import candidate_rows  # noqa: E402
from dedup.verify import channels_of, score_candidates, verify  # noqa: E402
from dedup.candidates import NO_BAND, UnitTable, find_candidates  # noqa: E402
from dedup.channels import DEFAULT_CHANNELS, PASSAGE_SETTINGS, ChannelSpec, channels_for  # noqa: E402
from dedup.documents import Corpus  # noqa: E402
from dedup.normalize import text_keys  # noqa: E402
from dedup.signing import corpus_vocabulary, sign_batch, text_bounds  # noqa: E402
from dedup.vocabulary import Vocabulary  # noqa: E402

TYPES = ("01-no-plagiarism", "02-no-obfuscation", "03-random-obfuscation", "04-translation-obfuscation",
         "05-summary-obfuscation")


def load_documents(data: Path) -> list[Document]:
    docs = []
    for folder in ("src", "susp"):
        for path in sorted((data / folder).glob("*.txt")):
            docs.append(Document(id=path.name, text=path.read_text(encoding="utf-8", errors="replace"), outlet=folder))
    return docs


def labelled_pairs(data: Path) -> dict[str, set[frozenset[str]]]:
    out: dict[str, set[frozenset[str]]] = {}
    for kind in TYPES:
        pairs = set()
        for line in (data / kind / "pairs").read_text().splitlines():
            if not line.strip():
                continue
            susp, src = line.split()
            xml = data / kind / f"{susp[:-4]}-{src[:-4]}.xml"
            if kind.startswith("05") and xml.exists() and "plagiarism" not in xml.read_text():
                continue  # unannotated summary pair: unlabelled
            pairs.add(frozenset((susp, src)))
        out[kind] = pairs
    return out


def candidate_pairs(docs: list[Document], *, batch_size: int = 2000,
                    channels: Sequence[ChannelSpec] = DEFAULT_CHANNELS) -> tuple[set[frozenset[str]], dict[str, int]]:
    """The scan's candidate stage alone (same vocabulary, signing and banding as ``scan``): the candidate
    document pairs by id, and how many each channel proposed."""
    found = candidate_set(docs, batch_size=batch_size, channels=channels)
    pairs = {frozenset((docs[a].id, docs[b].id)) for a, b in found.pairs.tolist()}
    return pairs, {name: int(mask.sum()) for name, mask in found.channels.items()}


def candidate_set(docs: list[Document], *, batch_size: int = 2000,
                  channels: Sequence[ChannelSpec] = DEFAULT_CHANNELS):  # type: ignore[no-untyped-def]
    """The scan's :class:`~dedup.candidates.CandidateSet` of ``docs`` (document numbers in list order)."""
    texts = [d.text for d in docs]
    vocab, bounds = corpus_vocabulary(texts), text_bounds(texts)
    tables = {spec.name: UnitTable(spec) for spec in channels}
    for lo in range(0, len(texts), batch_size):
        signed = sign_batch(texts[lo : lo + batch_size], bounds[lo : lo + batch_size], channels,
                            vocab=vocab, seed=1, offset=lo)
        for name, *arrays in signed:
            tables[name].add(*arrays)
    return find_candidates(tables, text_keys=text_keys(texts))


STAGES = ("not a candidate", "not worth aligning, under the bar", "aligned, under the bar", "reported")


#: Why a labelled pair is not a candidate, by the band collisions of its passage windows (``min_hits`` and
#: ``min_bands`` the passage channel's): what :func:`candidate_losses` answers.
CANDIDATE_LOSSES = ("no window pair colliding", "one-band collisions, under min_hits in all",
                    "min_hits in all, no window pair sharing min_bands", "a window pair sharing min_bands, under min_hits in all",
                    "the rule met, lost to a crowded bucket")


def candidate_losses(docs: list[Document], pairs: Sequence[frozenset[str]], *, vocab: Vocabulary, bounds,  # type: ignore[no-untyped-def]
                     channels: Sequence[ChannelSpec] = DEFAULT_CHANNELS) -> dict[frozenset[str], str]:
    """Each of ``pairs`` (document ids, none of them a candidate) with its :data:`CANDIDATE_LOSSES` entry: the
    documents of the pairs signed as the scan signs them (the corpus's ``vocab`` and ``bounds``), and every
    window pair of a pair's two documents counted with the bands it shares (a bucket's crowding left aside,
    which is the last entry's case). Empty without a window channel."""
    spec = next((c for c in channels if c.window), None)
    if spec is None or not pairs:
        return {}
    ids = sorted({i for p in pairs for i in p})
    number = {d.id: k for k, d in enumerate(docs)}
    rows = [number[i] for i in ids]
    _, unit_doc, _, _, keys = sign_batch([docs[k].text for k in rows], bounds[rows], [spec], vocab=vocab, seed=1)[0]
    keys = np.asarray(keys)
    units = {i: keys[unit_doc == k] for k, i in enumerate(ids)}
    out = {}
    for pair in pairs:
        a, b = (units[i] for i in sorted(pair))
        shared = np.zeros((len(a), len(b)), dtype=np.int64)
        for band in range(min(a.shape[1], b.shape[1])):
            x, y = a[:, band][:, None], b[:, band][None, :]
            shared += (x == y) & (x != NO_BAND)
        total, most = int(shared.sum()), int(shared.max(initial=0))
        enough, strong = total >= spec.min_hits, most >= spec.min_bands
        out[pair] = CANDIDATE_LOSSES[0 if not total else 4 if enough and strong else 3 if strong else 2 if enough else 1]
    return out


#: The decision's refusals, named first among a refused pair's reasons.
REFUSALS = (REFUSED, FORM_REFILLED, OTHER_SUBJECTS, RETOLD_LEAD, PASSAGE_FACTS_APART)


def held_by(v) -> str:  # type: ignore[no-untyped-def]
    """What holds a pair under the bar most: its refusal (the first reason, when the decision refused it), else
    the feature whose contribution is the most negative; "" with no reason given."""
    if v.why and v.why[0].feature in REFUSALS:
        return v.why[0].feature
    against = [r for r in v.why if r.contribution < 0]
    return min(against, key=lambda r: r.contribution).feature if against else ""


#: The ways :func:`dedup.decision.worth_aligning` lets a pair through to the aligner, and the bars each asks (its
#: own figures): shared text (word Jaccard, or either text's containment in the other), a rewrite (content-word
#: Jaccard and agreeing facts, both), a closely similar passage (its content-word Jaccard and shared ordinary words).
WAYS = {"shared text": {"jaccard": 0.1, "containment": 0.2},
        "rewritten": {"content_jaccard": 0.3, "fact_agreement": BARS.facts},
        "passage": {"similarity": 0.5, "wording": ALIGN_MIN_WORDING}}
#: How near a pair not worth aligning comes to the nearest way's bar: bands of the share of it reached.
NEARNESS = (0.9, 0.75, 0.5)


def nearest_bar(ev) -> tuple[str, str, float]:  # type: ignore[no-untyped-def]
    """For a pair's evidence: the way of :data:`WAYS` it comes nearest to, the measure that keeps it short there
    (of two asked at once, the lower; of two either of which does, the higher), and the share of that bar it
    reaches (1 or more: that way lets it through; a reworded passage by ``decision.reworded`` aside)."""
    bars = WAYS
    shared = max((ev.jaccard / bars["shared text"]["jaccard"], "jaccard"),
                 (max(ev.a_in_b, ev.b_in_a) / bars["shared text"]["containment"], "containment"), key=lambda m: m[0])
    rewritten = min((ev.content_jaccard / bars["rewritten"]["content_jaccard"], "content_jaccard"),
                    (ev.fact_agreement / bars["rewritten"]["fact_agreement"], "fact_agreement"), key=lambda m: m[0])
    passage = max((min((q.similarity / bars["passage"]["similarity"], "similarity"),
                       (q.wording / bars["passage"]["wording"], "wording"), key=lambda m: m[0]) for q in ev.passages),
                  default=(0.0, "no passage"), key=lambda m: m[0])
    (share, measure), way = max(((shared, "shared text"), (rewritten, "rewritten"), (passage, "passage")),
                                key=lambda near: near[0][0])  # a tie: the first way
    return way, measure, round(share, 4)


#: The bands' names, nearest first: "0.9-1", "0.75-0.9", "0.5-0.75", "under 0.5".
BANDS = tuple(f"{low:g}-{high:g}" for high, low in zip((1.0,) + NEARNESS, NEARNESS)) + (f"under {NEARNESS[-1]:g}",)


def nearness_band(share: float) -> str:
    """The band of :data:`BANDS` a share of a bar under 1 falls in."""
    return next((band for band, low in zip(BANDS, NEARNESS) if share >= low), BANDS[-1])


def stage_split(docs: list[Document], truth: dict[str, set[frozenset[str]]], *,
                channels: Sequence[ChannelSpec] = DEFAULT_CHANNELS, workers: int = 2,
                lost: bool = False) -> list[dict[str, object]]:
    """Each labelled pair with the stage that keeps or loses it (:data:`STAGES`), the scan's stages run one
    by one: the candidate set, every candidate's exact evidence and the stretches it shares closely (the
    spread counted over all of them, as a scan counts it), then the labelled candidates' alignment and
    decision at the shipped model's bar. With ``lost``, a ``lost_by`` column: a pair not a candidate, its
    :func:`candidate_losses` entry; a pair under the bar, what holds it down (:func:`held_by`)."""
    thresholds = Thresholds()
    texts = [d.text for d in docs]
    vocab = corpus_vocabulary(texts)
    found = candidate_set(docs, channels=channels)
    bounds = text_bounds(texts)
    feats, rows, evidence = score_candidates(docs, found, vocab, thresholds, bounds=bounds, workers=workers)
    stretches = close_stretches(rows, evidence, min_similarity=thresholds.spread_similarity)
    number = {frozenset((docs[a].id, docs[b].id)): k for k, (a, b) in enumerate(rows)}
    labelled = sorted({number[p] for pairs in truth.values() for p in pairs if p in number})
    part = candidate_rows(found, labelled)
    verified = verify(docs, part, vocab, thresholds, bounds=bounds, stretches=stretches,
                      evidence=[evidence[k] for k in labelled], known=feats, workers=workers, explain_all=lost)
    bar = thresholds.bar(True)
    by_row = dict(zip(labelled, verified))
    missed = [p for pairs in truth.values() for p in sorted(pairs, key=sorted) if p not in number]
    losses = candidate_losses(docs, missed, vocab=vocab, bounds=bounds, channels=channels) if lost else {}
    out = []
    for kind in TYPES:
        for p in sorted(truth[kind], key=sorted):
            row = number.get(p)
            v = by_row.get(row) if row is not None else None
            ev = v.evidence if v is not None else None
            if v is None:
                stage = STAGES[0]
            elif v.verdict is not None:
                stage = STAGES[3]
            else:
                stage = STAGES[2] if v.alignment is not None else STAGES[1]
            out.append({
                "kind": kind, "pair": " ".join(sorted(p)), "stage": stage,
                "confidence": round(v.confidence, 4) if v is not None else "",
                "bar": round(bar, 4),
                "channels": ",".join(channels_of(part, v.row)) if v is not None else "",
                "worth_aligning": (what_to_align(ev) is not None) if ev is not None else "",
                "passages": len(ev.passages) if ev is not None else "",
                "copied_words": ev.copied_words if ev is not None else "",
                "content_jaccard": round(ev.content_jaccard, 4) if ev is not None else "",
                "best_passage_similarity": round(max((q.similarity for q in ev.passages), default=0.0), 4)
                if ev is not None else "",
                "links": len(v.alignment.links) if v is not None and v.alignment is not None else "",
            })
            if lost:
                out[-1]["lost_by"] = (losses.get(p, "") if v is None else "" if v.verdict is not None else held_by(v))
                near = nearest_bar(ev) if stage == STAGES[1] else None
                out[-1]["nearest_bar"] = f"{near[0]}: {near[1]}" if near else ""
                out[-1]["nearness"] = near[2] if near else ""
    return out


def report_stages(docs: list[Document], truth: dict[str, set[frozenset[str]]], *,
                  channels: Sequence[ChannelSpec] = DEFAULT_CHANNELS, pairs_out: Path | None = None,
                  lost: bool = False) -> None:
    start = time.perf_counter()
    split = stage_split(docs, truth, channels=channels, lost=lost)
    seconds = time.perf_counter() - start
    print(f"{len(docs)} documents; stages run in {seconds:.1f} s\n")
    print("| obfuscation | labelled pairs | " + " | ".join(STAGES) + " |")
    print("|---|---:|" + "---:|" * len(STAGES))
    for kind in TYPES:
        mine = Counter(r["stage"] for r in split if r["kind"] == kind)
        print(f"| {kind} | {sum(mine.values())} | " + " | ".join(str(mine[s]) for s in STAGES) + " |")
    if lost:
        report_losses(split)
    if pairs_out is not None:
        columns = list(split[0]) if split else []
        lines = ["\t".join(columns)] + ["\t".join(str(r[c]) for c in columns) for r in split]
        pairs_out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"\nevery labelled pair's stage written to {pairs_out}")
    print(f"\n{datetime.now(timezone.utc):%Y-%m-%d}, {platform.machine()}, Python {platform.python_version()}")


def report_losses(split: list[dict[str, object]], most: int = 6) -> None:
    """The tables of ``--lost``: the pairs not a candidate by :data:`CANDIDATE_LOSSES`, and the pairs under the
    bar by what holds them down (the ``most`` commonest per stage, the rest counted together)."""
    print("\nnot a candidate, by the passage windows' collisions:\n")
    print("| obfuscation | " + " | ".join(CANDIDATE_LOSSES) + " |")
    print("|---|" + "---:|" * len(CANDIDATE_LOSSES))
    for kind in TYPES:
        mine = Counter(r["lost_by"] for r in split if r["kind"] == kind and r["stage"] == STAGES[0])
        print(f"| {kind} | " + " | ".join(str(mine[c]) for c in CANDIDATE_LOSSES) + " |")
    print("\nunder the bar, by what holds each down most (refusal or feature):\n")
    print("| obfuscation | stage | pairs | held down by |")
    print("|---|---|---:|---|")
    for kind in TYPES:
        for stage in STAGES[1:3]:
            mine = Counter(r["lost_by"] or "(no reason)" for r in split if r["kind"] == kind and r["stage"] == stage)
            if not mine:
                continue
            top = mine.most_common(most)
            rest = sum(mine.values()) - sum(n for _, n in top)
            held = ", ".join(f"{name} {n}" for name, n in top) + (f", others {rest}" if rest else "")
            print(f"| {kind} | {stage} | {sum(mine.values())} | {held} |")
    bands = BANDS
    print("\nnot worth aligning, by the way of `worth_aligning` each comes nearest to, the measure short of its bar,"
          " and the share of the bar reached:\n")
    print("| obfuscation | nearest bar: measure short | pairs | " + " | ".join(bands) + " |")
    print("|---|---|---:|" + "---:|" * len(bands))
    for kind in TYPES:
        rows = [r for r in split if r["kind"] == kind and r["stage"] == STAGES[1]]
        for near, n in Counter(r["nearest_bar"] for r in rows).most_common():
            mine = Counter(nearness_band(float(r["nearness"])) for r in rows if r["nearest_bar"] == near)
            print(f"| {kind} | {near} | {n} | " + " | ".join(str(mine[b]) for b in bands) + " |")


def report_candidates(docs: list[Document], truth: dict[str, set[frozenset[str]]],
                      channels: Sequence[ChannelSpec] = DEFAULT_CHANNELS) -> None:
    start = time.perf_counter()
    pairs, by_channel = candidate_pairs(docs, channels=channels)
    seconds = time.perf_counter() - start
    print(f"{len(docs)} documents, {len(pairs)} candidate pairs; signing and candidates {seconds:.1f} s\n")
    print("| obfuscation | labelled pairs | among the candidates | share |")
    print("|---|---:|---:|---:|")
    for kind in TYPES:
        held = sum(p in pairs for p in truth[kind])
        share = held / len(truth[kind]) if truth[kind] else float("nan")
        print(f"| {kind} | {len(truth[kind])} | {held} | {share:.1%} |")
    print(f"\ncandidates by channel: {by_channel}")
    print(f"\n{datetime.now(timezone.utc):%Y-%m-%d}, {platform.machine()}, Python {platform.python_version()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/pan13-train")
    parser.add_argument("--no-align", action="store_true", help="candidates and exact scores only")
    parser.add_argument("--candidates-only", action="store_true",
                        help="stop after the candidate stage: labelled pairs among the candidates")
    parser.add_argument("--stages", action="store_true",
                        help="split the labelled pairs by the stage that keeps or loses them")
    parser.add_argument("--pairs-out", type=Path, help="with --stages: every labelled pair's stage as TSV")
    parser.add_argument("--lost", action="store_true",
                        help="with --stages: why each lost pair is lost (window collisions; what holds it under the bar)")
    parser.add_argument("--passages", default="default", choices=tuple(PASSAGE_SETTINGS),
                        help="the passage windows (dedup scan --passages)")
    args = parser.parse_args()
    if not (args.data / "src").is_dir():
        sys.exit(f"{args.data}: PAN 2013 training corpus not found (expected src/, susp/ and pair folders)")
    docs = load_documents(args.data)
    truth = labelled_pairs(args.data)
    if args.lost and not args.stages:
        sys.exit("--lost needs --stages (it says why the pairs the stage split loses are lost)")
    if args.candidates_only:
        report_candidates(docs, truth, channels_for(args.passages))
        return
    if args.stages:
        report_stages(docs, truth, channels=channels_for(args.passages), pairs_out=args.pairs_out, lost=args.lost)
        return
    start = time.perf_counter()
    result = scan(Corpus(tuple(docs)), align=not args.no_align, channels=channels_for(args.passages))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    reported = {frozenset((p.a, p.b)): p.verdict for p in result.pairs}
    labelled = set().union(*truth.values())
    print(f"{len(docs)} documents, {result.stats['candidates']} candidate pairs, {len(reported)} reported pairs; "
          f"scan {seconds:.1f} s, peak {peak:.0f} MB (whole process)\n")
    print("| obfuscation | labelled pairs | reported | share | verdicts |")
    print("|---|---:|---:|---:|---|")
    for kind in TYPES:
        hit = [reported[p] for p in truth[kind] if p in reported]
        share = len(hit) / len(truth[kind]) if truth[kind] else float("nan")
        verdicts = ", ".join(f"{v} {n}" for v, n in sorted(Counter(hit).items()))
        print(f"| {kind} | {len(truth[kind])} | {len(hit)} | {share:.1%} | {verdicts} |")
    others = [p for p in reported if p not in labelled]
    print(f"\nother document pairs reported (not in any pairs file): {len(others)}")
    print(f"candidates by channel: {result.stats['candidates_by_channel']}; stage seconds: {result.stats['seconds']}")
    print(f"\n{datetime.now(timezone.utc):%Y-%m-%d}, {platform.machine()}, Python {platform.python_version()}")


if __name__ == "__main__":
    main()
