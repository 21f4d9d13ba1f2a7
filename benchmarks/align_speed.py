"""Speed of aligning one news-sized pair (~800 words each), fitted and cached, fitted, and unfitted.

Usage (from the project root)::

    python -m benchmarks.align_speed [--data ../shared/seeds] [--repeat 50] [--reuters ../shared/data/reuters21578]

The seed pair (~800 and ~650 words) is the typical article size. Three timings per pair:

* ``cached``: IDF fitted, both documents already transformed (a corpus scan after the first pair);
* ``fitted``: IDF fitted, documents seen for the first time (splitting and vectorising included);
* ``unfitted``: IDF learnt from the pair itself, as ``dedup compare`` on two files does;
* ``fitted-ref``, ``unfitted-ref``: the same through the scipy reference (``dedup.vector_alignment.align_vectors``;
  ``align`` itself takes the batch path's prepared tables and compiled scores);
* ``many-new``: ``align_many`` of the pair alone (pair-local IDF), documents seen for the first time (their
  sentences split once in the process: the split of a recent text is kept);
* ``many-cold``: the same with the kept splits and line keys of recent texts dropped before each pair: what
  ``dedup compare`` pays for two articles it has never read (splitting included);
* ``many-prep``: ``align_many`` of 64 pairs per call whose documents were prepared before, per pair;
* ``many-dated``: the same with the two articles dated a day apart, so the pair is read one way (an undated
  pair is read both ways and the reading that traces more is kept; a scan of dated wire copy reads one).

With ``--reuters``, also the cost of ``fit`` on the ~19,000 non-empty Reuters-21578 bodies (a corpus-scan
sized IDF), and of transforming all of them once.

Inside a scan (pair-local IDF, the project's policy: each pair's IDF fitted on its two articles)::

    python -m benchmarks.align_speed --corpus benchmarks/out/synd/corpus.jsonl [--limit N]
    python -m benchmarks.align_speed --pan ../shared/data/pan13-train [--per-type N]

takes the pairs a scan of the corpus aligns (its candidates worth aligning, with the regions it would
give) or the PAN 2013 pairs, aligns them pair by pair (the scipy reference ``align_vectors`` and
``SentenceAligner().align``, the IDF of each pair fitted on the pair) and in batches
(``SentenceAligner().align_many``, each document split and hashed once), reports milliseconds per pair of
each path (CPU, one process) and compares each pair-by-pair path with the batch link by link: verdict,
direction, links (sentences, kind, score to 1e-9), coverage. Exit status 1 when they differ. ``--fitted``
fits one IDF on all the documents of the pairs instead (both paths; the fitting is not timed).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

from dedup.align import SentenceAligner
from dedup.documents import Document
from dedup.vector_alignment import align_vectors

DEFAULT_DATA = Path("../shared/seeds")
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)


def reuters_bodies(folder: Path) -> list[str]:
    """Story bodies of Reuters-21578 (SGML, latin-1), SGML entities left as they are."""
    bodies: list[str] = []
    for path in sorted(folder.glob("reut2-*.sgm")):
        bodies += _BODY.findall(path.read_text(encoding="latin-1"))
    return bodies


def fit_cost(folder: Path) -> None:
    bodies = reuters_bodies(folder)
    started, started_cpu = time.perf_counter(), time.process_time()
    aligner = SentenceAligner(cache_size=len(bodies)).fit(bodies)
    print(f"fit on {len(bodies)} Reuters bodies ({sum(map(len, bodies)) / 1e6:.1f} MB, "
          f"{aligner.n_sentences_} sentences): wall {time.perf_counter() - started:.1f} s, "
          f"cpu {time.process_time() - started_cpu:.1f} s")
    started_cpu = time.process_time()
    for k, body in enumerate(bodies):
        aligner.transform(Document(str(k), body))
    print(f"transform all once: cpu {time.process_time() - started_cpu:.1f} s")


def _cold() -> None:
    """Drop what the process keeps of recent texts (their sentences, their lines' keys): the next pair is
    read as if its articles were new to the process."""
    from dedup import link_seeds
    from dedup.sentences import recent_aligned_sentences

    recent_aligned_sentences.cache_clear()
    link_seeds._line_keys.cache_clear()


def timed(run: Callable[[int], object], repeat: int) -> tuple[float, float, float]:
    """Median and 90th percentile of wall time, and median CPU time, in milliseconds.

    CPU time is reported too because on a shared, loaded machine wall time mostly measures the wait.
    """
    wall, cpu = [], []
    for k in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        run(k)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    wall.sort()
    return statistics.median(wall), wall[int(0.9 * (len(wall) - 1))], statistics.median(cpu)


def scan_pairs(corpus: Path, limit: int | None) -> list[tuple[Document, Document, tuple]]:
    """The pairs a scan of ``corpus`` aligns, with their regions (the verification stage's choice)."""
    from dedup.candidates import find_candidates
    from dedup.channels import DEFAULT_CHANNELS
    from dedup.decision import Thresholds, what_to_align
    from dedup.reading import read_corpus
    from dedup.evidence import with_spread
    from dedup.pipeline import _sign
    from dedup.signing import corpus_vocabulary
    from dedup.verify import score_candidates

    docs = read_corpus(corpus).documents
    thresholds = Thresholds()
    vocab = corpus_vocabulary([d.text for d in docs])
    tables, bounds, copies = _sign(docs, DEFAULT_CHANNELS, vocab, seed=1, batch_size=2000, progress=None)
    candidates = find_candidates(tables, text_keys=copies)
    _, rows, evidence = score_candidates(docs, candidates, vocab, thresholds, bounds=bounds)
    evidence = with_spread(rows, evidence, min_similarity=thresholds.spread_similarity)
    todo = [(docs[i], docs[j], regions) for (i, j), ev in zip(rows, evidence)
            if (regions := what_to_align(ev)) is not None]
    return todo[:limit] if limit else todo


def pan_pairs(data: Path, per_type: int | None) -> list[tuple[Document, Document, tuple]]:
    from benchmarks.pan13 import TYPES, read_text, select

    chosen = select(data, per_type)
    return [(Document(src, read_text(data, "src", src)), Document(susp, read_text(data, "susp", susp)), ())
            for kind in TYPES for susp, src in chosen[kind]]


def differences(one, other) -> list[str]:  # type: ignore[no-untyped-def]
    """What differs between two alignments of one pair (scores compared to 1e-9)."""
    out = []
    for name in ("verdict", "source", "derived", "new", "unused", "regions"):
        if getattr(one, name) != getattr(other, name):
            out.append(f"{name}: {getattr(one, name)!r} != {getattr(other, name)!r}")
    if len(one.links) != len(other.links):
        out.append(f"{len(one.links)} links != {len(other.links)}")
    for x, y in zip(one.links, other.links):
        same = (x.source_sentences, x.derived_sentences, x.kind, x.placed) == (
            y.source_sentences, y.derived_sentences, y.kind, y.placed)
        if not same or abs(x.score - y.score) > 1e-9:
            out.append(f"link {x} != {y}")
    for name in ("derived_from_source", "source_used", "verbatim", "edited", "paraphrase", "new"):
        if abs(getattr(one.coverage, name) - getattr(other.coverage, name)) > 1e-9:
            out.append(f"coverage.{name}")
    return out


def compare_paths(pairs: list[tuple[Document, Document, tuple]], batch_size: int, fitted: bool = False) -> int:
    """Time both paths on ``pairs`` and list every pair whose alignments differ (each pair with its
    own IDF, or with ``fitted`` one IDF fitted on the documents of all pairs, as scans did before)."""
    words = [len(a.text.split()) + len(b.text.split()) for a, b, _ in pairs]
    docs = {d.id for a, b, _ in pairs for d in (a, b)}
    print(f"{len(pairs)} pairs of {len(docs)} documents, {statistics.mean(words) / 2:.0f} words per article "
          f"on average, {sum(1 for p in pairs if p[2])} with regions")
    texts = sorted({d.id: d.text for a, b, _ in pairs for d in (a, b)}.items())

    def aligner() -> SentenceAligner:
        model = SentenceAligner(cache_size=max(4096, len(docs)))
        return model.fit(t for _, t in texts) if fitted else model

    one = aligner()
    started = time.process_time()
    reference = [align_vectors(one if fitted else SentenceAligner(), a, b, regions=regions) for a, b, regions in pairs]
    ref_ms = (time.process_time() - started) * 1000 / max(1, len(pairs))
    one = aligner()
    started = time.process_time()
    single = [(one if fitted else SentenceAligner()).align(a, b, regions=regions) for a, b, regions in pairs]
    one_ms = (time.process_time() - started) * 1000 / max(1, len(pairs))
    many = aligner()
    started = time.process_time()
    batched = many.align_many(pairs, batch_size=batch_size)
    many_ms = (time.process_time() - started) * 1000 / max(1, len(pairs))
    print(f"scipy reference pair by pair {ref_ms:6.2f} ms/pair   align pair by pair {one_ms:6.2f} ms/pair   "
          f"align_many {many_ms:6.2f} ms/pair   ({ref_ms / many_ms:.1f}x), cpu")
    differing = 0
    for (a, b, _), r, x, y in zip(pairs, reference, single, batched):
        found = differences(r, y) + [f"align: {d}" for d in differences(x, y)]
        if found:
            differing += 1
            print(f"DIFFERENT {a.id} / {b.id} ({r.verdict} / {x.verdict} / {y.verdict}): " + "; ".join(found[:4]))
    verdicts = statistics.multimode([x.verdict for x in single]) if single else []
    print(f"pairs differing: {differing} of {len(pairs)} (most common verdict {verdicts})")
    return 1 if differing else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=None, help="align the pairs a scan of this corpus aligns")
    parser.add_argument("--limit", type=int, default=None, help="with --corpus: the first N pairs only")
    parser.add_argument("--pan", type=Path, default=None, help="align the PAN 2013 pairs of this folder")
    parser.add_argument("--per-type", type=int, default=None, help="with --pan: N pairs per obfuscation type")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--fitted", action="store_true", help="one IDF fitted on all documents of the pairs")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="seeds folder (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--reuters", type=Path, default=None, help="also time fit on Reuters-21578 bodies")
    args = parser.parse_args(argv)
    if args.corpus is not None or args.pan is not None:
        source = args.corpus if args.corpus is not None else args.pan
        if not source.exists():
            print(f"not found: {source}", file=sys.stderr)
            return 2
        if args.corpus is not None:
            return compare_paths(scan_pairs(args.corpus, args.limit), args.batch_size, args.fitted)
        return compare_paths(pan_pairs(args.pan, args.per_type), args.batch_size, args.fitted)
    files = sorted(args.data.glob("*.txt"))[:2]
    if len(files) < 2:
        print(f"two seed articles needed in {args.data}: pass --data <folder>", file=sys.stderr)
        return 2
    a_text, b_text = (f.read_text(encoding="utf-8") for f in files)
    print(f"pair: {len(a_text.split())} and {len(b_text.split())} words")
    fitted = SentenceAligner().fit([a_text, b_text])
    fitted.align(Document("a", a_text), Document("b", b_text))
    runs = {
        "cached": lambda k: fitted.align(Document("a", a_text), Document("b", b_text)),
        "fitted": lambda k: fitted.align(Document(f"a{k}", a_text), Document(f"b{k}", b_text)),
        "unfitted": lambda k: SentenceAligner().align(Document("a", a_text), Document("b", b_text)),
        # the scipy reference ``align`` is tested against (``align`` itself goes the batch path)
        "fitted-ref": lambda k: align_vectors(fitted, Document(f"a{k}", a_text), Document(f"b{k}", b_text)),
        "unfitted-ref": lambda k: align_vectors(SentenceAligner(), Document("a", a_text), Document("b", b_text)),
    }
    batch = SentenceAligner()
    same_pair = [(Document("a", a_text), Document("b", b_text))] * 64
    batch.align_many(same_pair[:1])
    runs["many-new"] = lambda k: SentenceAligner().align_many([(Document("a", a_text), Document("b", b_text))])
    runs["many-cold"] = lambda k: _cold() or SentenceAligner().align_many([(Document("a", a_text), Document("b", b_text))])
    for name, run in runs.items():
        median, p90, cpu = timed(run, args.repeat)
        print(f"{name:9s} wall median {median:6.1f} ms   p90 {p90:6.1f} ms   cpu median {cpu:6.1f} ms")
    # a scan's case: many pairs per call, documents already prepared (in other pairs); per pair
    median, p90, cpu = timed(lambda k: batch.align_many(same_pair), max(1, args.repeat // 5))
    print(f"many-prep wall median {median / 64:6.2f} ms   p90 {p90 / 64:6.2f} ms   cpu median {cpu / 64:6.2f} ms"
          "   (64 pairs per call, per pair)")
    # the same, the two articles dated a day apart: the direction known, the pair read one way only (the
    # undated pair above is read both ways, "Direction" in the README), as a scan reads dated wire copy
    dated = [(Document("a", a_text, published="2024-07-08"), Document("b", b_text, published="2024-07-09"))] * 64
    median, p90, cpu = timed(lambda k: batch.align_many(dated), max(1, args.repeat // 5))
    print(f"many-dated wall median {median / 64:5.2f} ms   p90 {p90 / 64:6.2f} ms   cpu median {cpu / 64:6.2f} ms"
          "   (the same, dated: read one way)")
    if args.reuters is not None:
        if not args.reuters.is_dir():
            print(f"Reuters-21578 not found at {args.reuters}", file=sys.stderr)
            return 2
        fit_cost(args.reuters)
    return 0


if __name__ == "__main__":
    sys.exit(main())
