"""`compare` of two files against a scan of the folder holding them: the disagreements a user sees.

    python -m benchmarks.compare_scan CORPUS [CORPUS ...] [--each] [--json OUT]
    python -m benchmarks.compare_scan --sets DIR [--json OUT]   # write the benchmark sets to DIR, read each

A user sees a pair's verdict (reported or not, and its kind: a confidence that crosses the bar is a pair
reported by one and not the other). For every pair of a corpus that a scan of it reports, that its scan
makes a candidate, or (corpora of at most ``--all-candidates`` articles) that a scan with no common words and
no bucket limit makes a candidate (what ``compare`` of two texts may pair), this reads ``compare`` of the two
(:func:`dedup.compare`, the two alone) beside the scan's answer, and for each visible disagreement:

- whether ``compare`` read among the corpus (:class:`dedup.one_answer.Among`, what ``compare(a, b, corpus=...)``
  reads) gives the scan's answer (it must: anything else is a bug);
- its cause: the corpus's *common words* (a scan of the two given the corpus's common words answers as the
  corpus's scan), a *crowded bucket* (the scan never makes them a candidate, or the corpus read with no bucket
  limit answers as the two with its common words: a passage whose windows met only in crowded buckets), a
  *stretch's spread* (a passage of the pair found elsewhere in the corpus), else *other*; and the scan's refusal named first in its
  reasons against (``retold_lead``, ``form_refilled``, ...), where it refused.

``--each``: each folder of a folder is a corpus of its own (the multilingual cases, as
``python -m benchmarks.multilingual`` scans them). The largest move of a confidence between the two answers
(both candidates, one of the two reporting it) is printed too: how near the bar a two-text answer is one a corpus could move.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.agreement import Key, _write_jsonl, canonical, from_pairs, key_of, write_sets  # noqa: E402
from dedup import Document, compare, read_corpus, scan  # noqa: E402
from dedup.candidates import find_candidates  # noqa: E402
from dedup.channels import DEFAULT_CHANNELS  # noqa: E402
from dedup.one_answer import Among  # noqa: E402
from dedup.signing import corpus_vocabulary  # noqa: E402
from dedup.vocabulary import Vocabulary  # noqa: E402

REFUSALS = ("order_at_chance", "form_refilled", "other_subjects", "retold_lead", "passage_facts_apart")


def candidate_keys(docs: Sequence[Document], vocab: Vocabulary, max_bucket: int) -> set[Key]:
    """The pairs a scan of ``docs`` with ``vocab`` and ``max_bucket`` makes candidates."""
    from dedup.pipeline import _sign

    tables, _, copies = _sign(docs, DEFAULT_CHANNELS, vocab, seed=1, batch_size=2000, progress=None, workers=1)
    candidates = find_candidates(tables, max_bucket=max_bucket, text_keys=copies)
    return {key_of(docs[i].id, docs[j].id) for i, j in candidates.pairs.tolist()}


def _visible(scanned: dict[str, Any] | None, alone: dict[str, Any]) -> str | None:
    """The disagreement a user sees: one reports the pair and the other not, or their kinds differ."""
    if (scanned is not None) != alone["reported"]:
        return "scan only" if scanned is not None else "compare only"
    if scanned is not None and scanned["verdict"] != alone["verdict"]:
        return "verdict"
    return None


def _same(scanned: dict[str, Any] | None, among: dict[str, Any]) -> bool:
    """Whether ``compare`` read among the corpus gives the scan's answer: not reported where the scan reports
    nothing, else its verdict, confidence, reasons, channels, scores and passages."""
    if scanned is None:
        return not among["reported"]
    return all(scanned[f] == among[f] for f in ("verdict", "confidence", "why", "channels", "scores", "passages"))


def _refusal(answer: dict[str, Any] | None) -> str:
    against = ((answer or {}).get("why") or {}).get("against") or []
    first = against[0] if against else None
    name = first.get("feature") if isinstance(first, dict) else first
    return name if name in REFUSALS else ""


def cause(a: Document, b: Document, scanned: dict[str, Any] | None, vocab: Vocabulary, candidates: set[Key],
          among: dict[str, Any], unlimited: Callable[[], Among], number: dict[str, int]) -> str:
    """Why ``compare`` of ``a`` and ``b`` alone answers otherwise than the scan (``among``: compare read
    among the corpus, whose answer, reported or not, is the scan's; ``unlimited``: the corpus read with no
    bucket limit, asked last)."""
    two = from_pairs(scan([a, b], vocabulary=vocab).pairs).get(key_of(a.id, b.id))
    alone = two or {"reported": False, "verdict": None}
    if _visible(scanned, alone) is None:
        return "common words"
    if key_of(a.id, b.id) not in candidates:
        return "crowded bucket"
    if any(json.loads(p).get("found_elsewhere") for p in among["passages"]):
        return "a stretch's spread"
    # a passage whose windows met only in band buckets the corpus crowds is not located in the scan
    loose = canonical(unlimited().compare(number[a.id], number[b.id]).to_dict(), a.id, b.id)
    if _visible(loose if loose["reported"] else None, alone) is None:
        return "crowded bucket"
    return "other"


def read_corpus_pairs(docs: list[Document], name: str, *, all_candidates: int, log: Any = print) -> dict[str, Any]:
    """Every visible disagreement of ``compare`` and the scan on ``docs``, with its cause."""
    started = time.perf_counter()
    by_id = {d.id: d for d in docs}
    result = scan(docs)
    scanned = from_pairs(result.pairs)
    vocab = corpus_vocabulary([d.text for d in docs])
    candidates = candidate_keys(docs, vocab, 50)
    keys = set(scanned) | candidates
    if len(docs) <= all_candidates:
        keys |= candidate_keys(docs, Vocabulary.empty(), 10**9)
    rows, moves, among_wrong = [], [], 0
    reader, number = Among(docs, vocabulary=vocab), {d.id: k for k, d in enumerate(docs)}
    lazy: list[Among] = []

    def unlimited() -> Among:
        if not lazy:
            lazy.append(Among(docs, vocabulary=vocab, max_bucket=10**9))
        return lazy[0]
    for k in sorted(keys):
        a, b = by_id[k[0]], by_id[k[1]]
        alone = canonical(compare(a, b).to_dict(), a.id, b.id)
        seen = scanned.get(k)
        if seen is None and not alone["reported"]:  # neither reports it: nothing a user sees (not read again)
            continue
        among = canonical(reader.compare(number[a.id], number[b.id]).to_dict(), a.id, b.id)
        if among["channels"] and alone["channels"]:  # both candidates: a confidence read both ways
            moves.append(abs(among["confidence"] - alone["confidence"]))
        same = _same(seen, among)
        among_wrong += not same
        what = _visible(seen, alone)
        if what is None:
            continue
        rows.append({"a": a.id, "b": b.id, "what": what, "scan": _brief(seen), "compare": _brief(alone),
                     "among": _brief(among) + ("" if same else " (differs!)"),
                     "cause": cause(a, b, seen, vocab, candidates, among, unlimited, number),
                     "refusal": _refusal(seen or among)})
    report = {"corpus": name, "articles": len(docs), "scan_pairs": len(scanned), "pairs_read": len(keys),
              "reported_by_one": len(moves),
              "disagreements": rows, "among_differs": among_wrong,
              "largest_move": round(max(moves, default=0.0), 4), "seconds": round(time.perf_counter() - started, 1)}
    log(f"{name}: {len(docs)} articles, {len(scanned)} scan pairs, {len(keys)} pairs read, {len(rows)} visible "
        f"disagreements ({dict(Counter(r['cause'] for r in rows))}), compare --corpus apart from the scan "
        f"{among_wrong}, largest confidence move {report['largest_move']}, {report['seconds']} s")
    for r in rows:
        log(f"    {r['a']} / {r['b']}: {r['what']}; scan {r['scan']}, compare {r['compare']}, --corpus {r['among']}; "
            f"{r['cause']}{'; ' + r['refusal'] if r['refusal'] else ''}")
    return report


def _brief(answer: dict[str, Any] | None) -> str:
    if answer is None:
        return "not reported"
    if not answer["reported"]:
        return f"not reported ({answer['confidence']:.4f})"
    return f"{answer['verdict']} {answer['confidence']:.4f}"


def corpora(paths: Sequence[Path], each: bool) -> list[tuple[str, Path]]:
    """The corpora to read: each path, or (``each``) each folder of each path."""
    out = []
    for path in paths:
        if each and path.is_dir():
            out += [(f"{path.name}/{sub.name}", sub) for sub in sorted(path.iterdir()) if sub.is_dir()]
        else:
            out.append((path.name, path))
    return out


def bench_sets(out: Path) -> list[tuple[str, Path, bool]]:
    """The benchmark sets (:func:`benchmarks.agreement.write_sets`, but the PAN sample), the multilingual cases
    by folder, and the two seed files as a folder of their own: (name, path, each)."""
    made = [p for p in write_sets(out) if p.name != "pan-sample.jsonl"]
    seeds = ROOT.parent / "shared/seeds"
    sets = [(p.name, p, p.name == "multilingual") for p in made]
    if seeds.is_dir():
        docs = [Document(p.name, p.read_text(encoding="utf-8")) for p in sorted(seeds.glob("*.txt"))]
        sets.insert(0, ("seeds", _write_jsonl(out / "seeds.jsonl", docs), False))
    return sets


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="*", type=Path, help="folders or JSONL files of articles")
    parser.add_argument("--each", action="store_true", help="each folder of a folder given is a corpus")
    parser.add_argument("--sets", type=Path, help="write the benchmark sets to this folder and read each")
    parser.add_argument("--all-candidates", type=int, default=400,
                        help="corpora of at most this many articles also read the pairs a scan with no common "
                             "words and no bucket limit makes candidates (default 400)")
    parser.add_argument("--json", type=Path, help="write the reports here")
    args = parser.parse_args(argv)
    todo = [(name, path) for name, path in corpora(args.corpus, args.each)]
    if args.sets:
        for name, path, each in bench_sets(args.sets):
            todo += corpora([path], True) if each else [(name, path)]
    reports = []
    for name, path in todo:
        docs = list(read_corpus(path).documents)
        reports.append(read_corpus_pairs(docs, name, all_candidates=args.all_candidates))
        if args.json:
            args.json.write_text(json.dumps(reports, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    shown = [r for r in reports if r["disagreements"] or r["among_differs"]]
    total = Counter(d["cause"] for r in reports for d in r["disagreements"])
    print(f"\n{len(reports)} corpora, {sum(len(r['disagreements']) for r in reports)} visible disagreements "
          f"({dict(total)}) in {len(shown)}; compare --corpus apart from the scan: "
          f"{sum(r['among_differs'] for r in reports)}; largest confidence move "
          f"{max((r['largest_move'] for r in reports), default=0.0)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
