"""The candidate stage alone, under several passage-channel settings: candidate count and the labelled pairs
it holds, without verification (seconds to minutes a setting instead of a whole scan).

    python benchmarks/candidate_sweep.py [--sets pan synd reuters synd100k]
        [--variant 24/8,32x3,3,2 ...] [--pan ../shared/data/pan13-train] [--json rows.json]

A variant is ``window/stride,BANDSxROWS,min_hits,min_bands`` of the passage channel: a pair is proposed
when ``min_hits`` distinct window pairs collide and one of them shares ``min_bands`` bands (the default
since 2026-12-01 is ``24/8,32x3,3,2``; before it was ``24/8,16x4,2,1``). Each set is signed once for the
text and content channels (the defaults) and once per passage window/banding; the rules are applied to
the same colliding windows.

Sets: ``pan`` (PAN 2013 training haystack: share of labelled pairs per obfuscation type among the
candidates), ``synd`` (the syndication set, ``benchmarks/out/synd``: share of labelled pairs per kind),
``reuters`` (``benchmarks/out/reuters.jsonl``: candidate count), ``synd100k``
(``benchmarks/out/synd-100k/corpus.jsonl``: count, labelled pairs held, candidates pairing two filler
articles). A set whose files are absent is skipped with a message.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dedup.banding import colliding_pairs_of_bands  # noqa: E402
from dedup.candidate_sets import _assemble_arrays, _oriented, _window_rows, document_pairs  # noqa: E402
from dedup.candidates import UnitTable  # noqa: E402
from dedup.channels import DEFAULT_CHANNELS  # noqa: E402
from dedup.reading import read_corpus  # noqa: E402
from dedup.signing import corpus_vocabulary, sign_batch, text_bounds  # noqa: E402

DEFAULT_VARIANTS = ("24/8,16x4,2,1", "24/8,32x3,3,2")


def parse_variant(text: str) -> tuple[tuple[int, int, int, int], int, int]:
    """``(window, stride, bands, rows)``, min_hits and min_bands."""
    try:
        shape, banding, hits, bands_needed = text.split(",")
        window, stride = (int(x) for x in shape.split("/"))
        bands, rows = (int(x) for x in banding.lower().split("x"))
        return (window, stride, bands, rows), int(hits), int(bands_needed)
    except ValueError:
        raise SystemExit(f"{text}: a variant reads window/stride,BANDSxROWS,min_hits,min_bands") from None


def load_set(name: str, pan: Path) -> tuple[list[str], list[str], dict[str, set[tuple[int, int]]], set[int]] | None:
    """``(ids, texts, labelled pairs by kind (document numbers), documents that are not filler)``."""
    if name == "pan":
        if not (pan / "src").is_dir():
            print(f"{pan}: PAN 2013 training corpus not found; pan skipped")
            return None
        from pan_haystack import labelled_pairs, load_documents

        docs = load_documents(pan)
        number = {d.id: k for k, d in enumerate(docs)}
        truth = {kind: {tuple(sorted(number[x] for x in p)) for p in pairs}
                 for kind, pairs in labelled_pairs(pan).items()}
        return [d.id for d in docs], [d.text for d in docs], truth, set(range(len(docs)))
    path = {"synd": ROOT / "benchmarks/out/synd/corpus.jsonl", "reuters": ROOT / "benchmarks/out/reuters.jsonl",
            "synd100k": ROOT / "benchmarks/out/synd-100k/corpus.jsonl"}[name]
    if not path.exists():
        print(f"{path}: not found; {name} skipped (see benchmarks/README.md to make it)")
        return None
    docs = read_corpus(path).documents
    number = {d.id: k for k, d in enumerate(docs)}
    truth: dict[str, set[tuple[int, int]]] = {}
    labelled = set(number.values())
    truth_file = path.parent / "truth.json"
    if name != "reuters" and truth_file.exists():
        known = json.loads(truth_file.read_text())
        labelled = {number[d] for d in known["documents"] if d in number}
        for p in known["pairs"]:
            if p["a"] in number and p["b"] in number:
                truth.setdefault(p["kind"], set()).add(tuple(sorted((number[p["a"]], number[p["b"]]))))
    return [d.id for d in docs], [d.text for d in docs], truth, labelled


def signed_tables(texts: list[str], specs, vocab, bounds, batch_size: int = 2000) -> dict[str, UnitTable]:  # type: ignore[no-untyped-def]
    tables = {spec.name: UnitTable(spec) for spec in specs}
    for lo in range(0, len(texts), batch_size):
        for name, *arrays in sign_batch(texts[lo : lo + batch_size], bounds[lo : lo + batch_size], specs,
                                        vocab=vocab, seed=1, offset=lo):
            tables[name].add(*arrays)
    return tables


def collide(table: UnitTable, max_bucket: int = 50) -> tuple[np.ndarray, np.ndarray | None]:
    """A channel's document pairs and (window channels) its colliding window rows, as find_candidates has them."""
    doc, start, end = table.spans()
    unit_pairs, shared = colliding_pairs_of_bands(table.columns(), doc, max_bucket=max_bucket, counts=True)
    rows = _window_rows(*_oriented(unit_pairs, doc), doc, start, end, shared) if table.spec.window else None
    return document_pairs(unit_pairs, doc, start, end), rows


def run_set(name: str, variants: list[str], pan: Path) -> list[dict]:
    loaded = load_set(name, pan)
    if loaded is None:
        return []
    ids, texts, truth, labelled = loaded
    started = time.perf_counter()
    vocab, bounds = corpus_vocabulary(texts), text_bounds(texts)
    fixed = [c for c in DEFAULT_CHANNELS if not c.window]
    base = next(c for c in DEFAULT_CHANNELS if c.window)
    per_channel = {n: collide(t)[0] for n, t in signed_tables(texts, fixed, vocab, bounds).items()}
    print(f"\n## {name}: {len(texts)} documents; text and content channels {time.perf_counter() - started:.1f} s")
    kinds = sorted(truth)
    print("| passage variant | candidates | passage alone | filler pairs | sign+collide s | assemble s | "
          + " | ".join(f"{k} ({len(truth[k])})" for k in kinds) + " |")
    print("|---|---:|---:|---:|---:|---:|" + "---:|" * len(kinds))
    out = []
    by_shape: dict[tuple[int, int, int, int], tuple[np.ndarray, np.ndarray, float]] = {}
    for text in variants:
        shape, need, bands_needed = parse_variant(text)
        if shape not in by_shape:
            mark = time.perf_counter()
            window, stride, bands, rows = shape
            spec = replace(base, window=window, stride=stride, bands=bands, rows=rows, num_perm=max(64, bands * rows),
                           min_bands=1)
            table = signed_tables(texts, [spec], vocab, bounds)[spec.name]
            pairs, windows = collide(table)
            by_shape[shape] = (pairs, windows, time.perf_counter() - mark)
            del table
        pairs, windows, signing = by_shape[shape]
        mark = time.perf_counter()
        found = _assemble_arrays(dict(per_channel, passage=pairs), [windows], min_hits={"passage": need},
                                 min_bands={"passage": bands_needed})
        assembling = time.perf_counter() - mark
        codes = set((found.pairs[:, 0] * (1 << 32) + found.pairs[:, 1]).tolist())
        held = {k: sum(a * (1 << 32) + b in codes for a, b in truth[k]) for k in kinds}
        alone = int((found.channels["passage"] & ~found.channels["text"] & ~found.channels["content"]).sum())
        is_labelled = np.zeros(len(texts), dtype=bool)
        is_labelled[list(labelled)] = True
        filler = int((~is_labelled[found.pairs[:, 0]] & ~is_labelled[found.pairs[:, 1]]).sum())
        row = {"set": name, "variant": text, "candidates": len(found.pairs), "passage_alone": alone, "filler": filler,
               "sign_s": round(signing, 1), "assemble_s": round(assembling, 2),
               "held": {k: [held[k], len(truth[k])] for k in kinds}}
        out.append(row)
        shares = " | ".join(f"{held[k]} ({held[k] / len(truth[k]):.1%})" for k in kinds)
        print(f"| {text} | {len(found.pairs):,} | {alone:,} | {filler:,} | {signing:.1f} | {assembling:.2f} | {shares} |",
              flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", nargs="+", default=["pan", "synd", "reuters"],
                        choices=["pan", "synd", "reuters", "synd100k"])
    parser.add_argument("--variant", action="append", help="window/stride,BANDSxROWS,min_hits,min_bands (repeat)")
    parser.add_argument("--pan", type=Path, default=ROOT.parent / "shared/data/pan13-train")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    args = parser.parse_args()
    for text in args.variant or ():
        parse_variant(text)
    rows = []
    for name in args.sets:
        rows += run_set(name, list(args.variant or DEFAULT_VARIANTS), args.pan)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    print(f"\n{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.machine()}, Python {platform.python_version()}")


if __name__ == "__main__":
    main()
