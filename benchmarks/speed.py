"""Speed and memory: dedup's signatures against datasketch and rensa, and the whole scan at scale.

Usage (the corpus is any dedup JSONL; make the Reuters one first):

    python benchmarks/reuters.py --out benchmarks/out/reuters.jsonl
    python benchmarks/speed.py signatures --corpus benchmarks/out/reuters.jsonl
    python benchmarks/speed.py scan --corpus benchmarks/out/reuters.jsonl [--no-align]
    python benchmarks/speed.py index --corpus benchmarks/out/reuters.jsonl
    python benchmarks/speed.py sign-one --corpus benchmarks/out/reuters.jsonl [--count 400]
    python benchmarks/speed.py recall --corpus benchmarks/out/reuters.jsonl [--seeds 10] [--dedup-seeds 300]

``signatures`` signs the same documents (word 5-grams, 128 permutations) with each tool in one run and
prints documents per second, the ratios, and the recall of true near-duplicate pairs (exact 5-gram
Jaccard >= 0.5) that each tool's signatures give under the same LSH banding. Each tool is timed
``--repeat`` times in a row (default 3) and its fastest run kept (the Python sets given to the others too). A row signs with dedup's numpy code alone (``DEDUP_NO_KERNELS``: what an install without a C compiler
runs). ``sign-one`` signs articles one at a time for the three channels, as ``dedup check`` and
``Index.add`` do, and reports the median, 90th and 99th percentile per article, with the compiled kernels
and with numpy alone, alternating. ``scan`` runs the whole
``dedup scan`` pipeline in a child process and reports wall time and peak memory (ru_maxrss). ``index``
runs the scan's index stage alone and reports what it keeps per document (band keys and spans of every
channel's units): the memory a scan holds for each article until candidates are formed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import re
import resource
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dedup import kernels  # noqa: E402
from dedup.banding import band_keys, choose_bands, colliding_pairs  # noqa: E402
from dedup.reading import read_corpus  # noqa: E402
from dedup.shingles import batch_ngrams, tokenize_batch  # noqa: E402
from dedup.signatures import minhash_units  # noqa: E402

WORD = re.compile(r"[a-z0-9\u0080-\uffff]+")
NUM_PERM = 128


def load(corpus: Path, limit: int | None) -> list[str]:
    if not corpus.exists():
        sys.exit(f"{corpus}: not found. Make it with: python benchmarks/reuters.py --out {corpus}")
    texts = [d.text for d in read_corpus(corpus).documents]
    return texts[:limit] if limit else texts


def python_shingles(text: str) -> set[bytes]:
    words = WORD.findall(text.lower())
    return {" ".join(words[i : i + 5]).encode() for i in range(len(words) - 4)}


def _sign_batch(texts: list[str], seed: int = 1) -> np.ndarray:
    batch = tokenize_batch(texts)
    grams, pos = batch_ngrams(batch.hashes, batch.offsets, 5)
    doc = np.repeat(np.arange(len(texts)), np.diff(batch.offsets))[pos]
    return minhash_units(grams, doc, len(texts), num_perm=NUM_PERM, seed=seed)


def sign_dedup(texts: list[str], threads: int = 1, seed: int = 1) -> np.ndarray:
    """As the scan does it: batches of 2,000 articles, on ``threads`` threads."""
    chunks = [texts[i : i + 2000] for i in range(0, len(texts), 2000)]
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return np.concatenate(list(pool.map(lambda chunk: _sign_batch(chunk, seed), chunks)))


def sign_numpy(texts: list[str]) -> np.ndarray:
    """:func:`sign_dedup` on one thread with the compiled kernels switched off."""
    compiled, kernels.KERNELS = kernels.KERNELS, None
    try:
        return sign_dedup(texts)
    finally:
        kernels.KERNELS = compiled


def sign_datasketch(sets: list[list[bytes]], seed: int = 1) -> np.ndarray:
    from datasketch import MinHash

    hashes = MinHash.bulk(sets, num_perm=NUM_PERM, seed=seed)
    return np.array([h.hashvalues for h in hashes], dtype=np.uint64)


def sign_rensa(sets: list[list[str]], seed: int = 1) -> np.ndarray:
    from rensa import RMinHash

    matrix = RMinHash.digest_matrix_from_token_sets(sets, num_perm=NUM_PERM, seed=seed)
    return np.asarray(matrix.to_rows(), dtype=np.uint64)


REPEAT = 1


def timed(fn, *args):  # type: ignore[no-untyped-def]
    """``fn(*args)`` and its best wall time over ``REPEAT`` runs: on a shared machine the other jobs only
    ever add time, so the fastest run is the closest to the tool's own cost (as ``timeit`` reports)."""
    best = float("inf")
    for _ in range(REPEAT):
        start = time.perf_counter()
        out = fn(*args)
        best = min(best, time.perf_counter() - start)
    return out, best


def true_pairs(texts: list[str], candidates: set[tuple[int, int]]) -> dict[tuple[int, int], float]:
    """The candidates whose 5-gram Jaccard similarity is at least 0.5, with that similarity."""
    sets = {}
    out = {}
    for a, b in candidates:
        sa = sets.setdefault(a, python_shingles(texts[a]))
        sb = sets.setdefault(b, python_shingles(texts[b]))
        jaccard = len(sa & sb) / len(sa | sb) if sa and sb else 0.0
        if jaccard >= 0.5:
            out[(a, b)] = jaccard
    return out


def lsh_pairs(sig: np.ndarray) -> set[tuple[int, int]]:
    sig32 = (sig & np.uint64(0xFFFFFFFF)).astype(np.uint32) if sig.dtype != np.uint32 else sig
    keys = band_keys(sig32, choose_bands(0.5, NUM_PERM))
    pairs = colliding_pairs(keys, np.arange(len(sig)), max_bucket=10**9)
    return {(int(a), int(b)) for a, b in pairs}


def run_signatures(args: argparse.Namespace) -> None:
    global REPEAT
    REPEAT = args.repeat
    texts = load(args.corpus, args.limit)
    n = len(texts)
    rows = []
    sign_dedup(texts[:100])  # warm-up: tables and code paths, as in a long-running scan
    sig_dedup, t_dedup = timed(sign_dedup, texts)
    rows.append(("dedup, 1 thread", t_dedup, 0.0, sig_dedup))
    sig_dedup2, t_dedup2 = timed(sign_dedup, texts, 2)
    rows.append(("dedup, 2 threads (as `dedup scan`)", t_dedup2, 0.0, sig_dedup2))
    if kernels.KERNELS is not None:
        sig_numpy, t_numpy = timed(sign_numpy, texts)
        rows.append(("dedup, 1 thread, numpy only (no compiled kernels)", t_numpy, 0.0, sig_numpy))
    else:
        print("the compiled kernels are not built (python setup.py build_ext --inplace): numpy only")
    sets, t_prep = timed(lambda: [sorted(python_shingles(t)) for t in texts])
    str_sets = [[s.decode() for s in x] for x in sets]
    try:
        sig_rensa, t_rensa = timed(sign_rensa, str_sets)
        rows.append(("rensa RMinHash", t_rensa, t_prep, sig_rensa))
    except ImportError:
        print("rensa is not installed (pip install rensa): skipped")
    sig_ds, t_ds = timed(sign_datasketch, sets)
    rows.append(("datasketch MinHash.bulk", t_ds, t_prep, sig_ds))
    found = {name: lsh_pairs(sig) for name, _, _, sig in rows}
    truth = true_pairs(texts, set().union(*found.values()))
    print(f"\n{n} documents, word 5-grams, {NUM_PERM} permutations. dedup starts from raw text; rensa and "
          f"datasketch are given Python 5-gram sets, which took {t_prep:.2f} s to make (the 'from text' column "
          "adds that time).\n")
    print("| signatures | seconds (sets given) | seconds from text | docs/s from text | vs datasketch from text "
          "| recall of true pairs (J>=0.5) |")
    print("|---|---:|---:|---:|---:|---:|")
    ds_total = t_ds + t_prep
    for name, seconds, prep, _ in rows:
        recall = len(found[name] & truth.keys()) / len(truth) if truth else float("nan")
        total = seconds + prep
        print(f"| {name} | {seconds:.3f} | {total:.3f} | {n / total:,.0f} | {ds_total / total:.1f}x | {recall:.3f} |")
    print(f"\n{len(truth)} true pairs (union of all tools' LSH candidates, verified exactly)")
    footer()


def run_recall(args: argparse.Namespace) -> None:
    """Recall of true pairs for each tool over several seeds: one seed's 732 Reuters pairs move a tool's
    recall by a point either way, so "equal recall" is a statement about the spread over seeds."""
    texts = load(args.corpus, args.limit)
    sets = [sorted(python_shingles(t)) for t in texts]
    str_sets = [[s.decode() for s in x] for x in sets]
    # dedup's sketch fed the same shingle sets as the others (64-bit hashes of the bytes), to tell its
    # sketch from its tokens: the truth is measured on these regex shingles, not on dedup's tokens
    hashed = [np.array([int.from_bytes(hashlib.blake2b(x, digest_size=8).digest(), "little") for x in one],
                       dtype=np.uint64) for one in sets]
    flat = np.concatenate(hashed) if hashed else np.zeros(0, dtype=np.uint64)
    owner = np.repeat(np.arange(len(hashed)), [len(h) for h in hashed])
    tools = {"dedup": lambda seed: sign_dedup(texts, 2, seed),
             "dedup's sketch, the same sets given": lambda seed: minhash_units(flat, owner, len(texts), num_perm=NUM_PERM,
                                                                               seed=seed),
             "datasketch MinHash.bulk": lambda seed: sign_datasketch(sets, seed)}
    try:
        sign_rensa(str_sets[:2])
        tools["rensa RMinHash"] = lambda seed: sign_rensa(str_sets, seed)
    except ImportError:
        print("rensa is not installed (pip install rensa): skipped")
    seeds = range(1, args.seeds + 1)
    found = {(name, seed): lsh_pairs(sign(seed)) for name, sign in tools.items() for seed in seeds}
    truth = true_pairs(texts, set().union(*found.values()))
    print(f"\n{len(texts)} documents of {args.corpus.name}, word 5-grams, {NUM_PERM} permutations, LSH at 0.5; "
          f"{len(truth)} true pairs (Jaccard >= 0.5 among every tool's candidates over seeds 1-{args.seeds})\n")
    print("| signatures | mean recall | standard error | lowest | highest | per seed |")
    print("|---|---:|---:|---:|---:|---|")
    for name in tools:
        recalls = [len(found[(name, seed)] & truth.keys()) / len(truth) for seed in seeds]
        error = np.std(recalls, ddof=1) / np.sqrt(len(recalls)) if len(recalls) > 1 else float("nan")
        print(f"| {name} | {np.mean(recalls):.4f} | {error:.4f} | {min(recalls):.3f} | {max(recalls):.3f} | "
              f"{' '.join(f'{r:.3f}' for r in recalls)} |")
    if args.dedup_seeds > args.seeds:  # dedup alone over many more seeds: its own mean, without the scatter
        extra = [len(lsh_pairs(sign_dedup(texts, 2, seed)) & truth.keys()) / len(truth)
                 for seed in range(1, args.dedup_seeds + 1)]
        print(f"| dedup, seeds 1-{args.dedup_seeds} | {np.mean(extra):.4f} | "
              f"{np.std(extra, ddof=1) / np.sqrt(len(extra)):.4f} | {min(extra):.3f} | {max(extra):.3f} | |")
    # what independent permutations find on average, exactly: a pair of Jaccard J shares one of b bands of
    # r rows with probability 1 - (1 - J**r)**b. Ten seeds' means scatter around it by a few pairs
    banding = choose_bands(0.5, NUM_PERM)
    jaccard = np.array(list(truth.values()))
    expected = np.mean(1 - (1 - jaccard**banding.rows) ** banding.bands)
    print(f"| independent permutations, expected (exact, from each pair's Jaccard) | {expected:.4f} | 0 | | | |")
    footer()


def run_sign_one(args: argparse.Namespace) -> None:
    from dedup.channels import DEFAULT_CHANNELS
    from dedup.signing import corpus_vocabulary, sign_batch, text_bounds

    texts = load(args.corpus, None)
    vocab = corpus_vocabulary(texts)
    sample = texts[:: max(1, len(texts) // args.count)][: args.count]
    compiled = kernels.KERNELS
    times: dict[str, list[float]] = {"compiled kernels": [], "numpy only": []}
    for rep in range(args.repeat + 1):  # the first round warms caches up and is not counted
        for name, module in (("compiled kernels", compiled), ("numpy only", None)):
            if name == "compiled kernels" and compiled is None:
                continue
            kernels.KERNELS = module
            for text in sample:
                start = time.perf_counter()
                sign_batch([text], text_bounds([text]), DEFAULT_CHANNELS, vocab=vocab, seed=1)
                if rep:
                    times[name].append(time.perf_counter() - start)
    kernels.KERNELS = compiled
    print(f"\n{len(sample)} articles of {args.corpus.name} signed one at a time for the three channels "
          f"({args.repeat} rounds, alternating), milliseconds per article\n")
    print("| signing | median | p90 | p99 |")
    print("|---|---:|---:|---:|")
    for name, values in times.items():
        if values:
            ms = np.array(values) * 1000
            print(f"| {name} | {np.median(ms):.3f} | {np.percentile(ms, 90):.3f} | {np.percentile(ms, 99):.3f} |")
    footer()


def run_scan(args: argparse.Namespace) -> None:
    if not args.corpus.exists():
        sys.exit(f"{args.corpus}: not found")
    code = (
        "import json, resource, sys, time; from dedup import scan; t = time.perf_counter(); "
        f"r = scan({str(args.corpus)!r}, align={not args.no_align}); el = time.perf_counter() - t; "
        "print(json.dumps({'seconds': el, 'documents': len(r.documents), 'pairs': len(r.pairs), "
        "'stats': r.stats, 'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))"
    )
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    wall = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "scan failed")
    res = json.loads(out.stdout.strip().splitlines()[-1])
    print("| corpus | documents | pairs | scan seconds | process wall s | peak MB |")
    print("|---|---:|---:|---:|---:|---:|")
    print(f"| {args.corpus.name} | {res['documents']} | {res['pairs']} | {res['seconds']:.2f} | {wall:.2f} | {res['peak_mb']:.0f} |")
    print(f"\nstage seconds: {res['stats']['seconds']}")
    print(f"candidates by channel: {res['stats']['candidates_by_channel']}")
    footer()


def run_index(args: argparse.Namespace) -> None:
    from dedup.channels import DEFAULT_CHANNELS
    from dedup.pipeline import _sign
    from dedup.signing import corpus_vocabulary

    if not args.corpus.exists():
        sys.exit(f"{args.corpus}: not found")
    docs = read_corpus(args.corpus).documents
    words = np.array([len(WORD.findall(d.text.lower())) for d in docs])
    tables, _, _ = _sign(docs, DEFAULT_CHANNELS, corpus_vocabulary([d.text for d in docs]), seed=1, batch_size=2000,
                      progress=None)
    print(f"{len(docs)} documents, {words.sum():,} words (median {int(np.median(words))}, max {words.max():,})\n")
    print("| channel | units | units per document (median / max) | bytes per document (mean / max) | bytes per 1,000 words |")
    print("|---|---:|---:|---:|---:|")
    total = np.zeros(len(docs))
    for name, table in tables.items():
        doc, start, end, keys = table.arrays()
        per_unit = doc.itemsize + start.itemsize + end.itemsize + keys.shape[1] * keys.itemsize
        units = np.bincount(doc, minlength=len(docs))
        size = units * per_unit
        total += size
        print(f"| {name} | {len(doc):,} | {int(np.median(units))} / {units.max()} | {size.mean():,.0f} / {size.max():,} "
              f"| {1000 * size.sum() / max(1, words.sum()):,.0f} |")
    print(f"| all | | | {total.mean():,.0f} / {total.max():,.0f} | {1000 * total.sum() / max(1, words.sum()):,.0f} |")
    footer()


def footer() -> None:
    print(f"\n{datetime.now(timezone.utc):%Y-%m-%d}, {platform.machine()}, {resource.getpagesize() and ''}"
          f"Python {platform.python_version()}, numpy {np.__version__}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    sig = sub.add_parser("signatures", help="signature throughput and recall: dedup vs datasketch vs rensa")
    sig.add_argument("--corpus", type=Path, default=ROOT / "benchmarks/out/reuters.jsonl")
    sig.add_argument("--limit", type=int, default=None)
    sig.add_argument("--repeat", type=int, default=3, help="time each tool this many times, keep the fastest")
    rec = sub.add_parser("recall", help="recall of true pairs over several seeds: dedup vs datasketch vs rensa")
    rec.add_argument("--corpus", type=Path, default=ROOT / "benchmarks/out/reuters.jsonl")
    rec.add_argument("--limit", type=int, default=None)
    rec.add_argument("--seeds", type=int, default=10, help="seeds 1..N for every tool")
    rec.add_argument("--dedup-seeds", type=int, default=0,
                     help="also dedup alone over seeds 1..N (N above --seeds), against the same true pairs")
    one = sub.add_parser("sign-one", help="signing one article at a time (what check and add pay)")
    one.add_argument("--corpus", type=Path, default=ROOT / "benchmarks/out/reuters.jsonl")
    one.add_argument("--count", type=int, default=400, help="articles, spread over the corpus")
    one.add_argument("--repeat", type=int, default=3, help="rounds over the articles")
    sc = sub.add_parser("scan", help="whole-scan wall time and peak memory")
    sc.add_argument("--corpus", type=Path, default=ROOT / "benchmarks/out/reuters.jsonl")
    sc.add_argument("--no-align", action="store_true")
    ix = sub.add_parser("index", help="what the scan's index keeps per document")
    ix.add_argument("--corpus", type=Path, default=ROOT / "benchmarks/out/reuters.jsonl")
    args = parser.parse_args()
    {"signatures": run_signatures, "recall": run_recall, "sign-one": run_sign_one, "scan": run_scan, "index": run_index}[args.what](args)


if __name__ == "__main__":
    main()
