"""One question, one answer: every entry point's answer about every pair of a corpus, side by side.

    python -m benchmarks.agreement CORPUS [CORPUS ...] [--no-dask] [--limit N] [--json OUT]
    python -m benchmarks.agreement --sets DIR [--no-dask] [--explain N]  # write the benchmark sets to DIR, audit each

``--sets`` writes the sets this audit was made for (:func:`write_sets`): the multilingual set (every
language's folder of every group, as ``python -m benchmarks.multilingual --out`` writes them, one corpus),
its agency wire folder, the newsroom train set and each held-out set (:func:`newsroom_sets`), the short
rewrites with their source stories, a sample of PAN 2013 documents, then the two large ones: a slice of
2,000 Reuters stories (full of forms) and the syndication set.

A corpus is a folder or a JSONL file of articles. It is read once and written to one JSONL file, which
every entry point then reads:

- ``scan``: :func:`dedup.scan` of the corpus;
- ``dask``: :func:`dedup.engines.dask.scan_dask` on a local cluster of two small workers;
- ``check``: an index made with the corpus's common words (as ``dedup index add`` makes one), filled
  article by article with ``Index.add``, then every article checked against it (``Index.check``): the
  documented equivalence is a scan of the stored articles plus the one checked, that is the scan's answer
  (docs/ingest.md, "One answer"). A check apart from the scan is read again with no bucket limit, in a
  scan and an index both (:func:`check_causes`): a bucket that crowded after two articles met in it is the
  documented cause;
- ``add``: what each ``Index.add`` answered when its article arrived, against the articles before it. A
  pair is then judged among the articles stored so far (the spread of a shared stretch, a bucket not yet
  crowded), so it may differ from the scan's answer: a corpus effect, documented. Each such difference is
  checked against a scan of the articles stored so far plus the arriving one, which it must equal. A copy
  of a stored text under another id is not stored, so articles added after it never meet it (the index
  reports the copy's pairs through its stored text: documented too);
- ``bulk``: ``dedup index add`` (``Index.add_many``) of the corpus into a second index: the pairs each
  article's matches record (``Index.matches``) must be those the article-by-article index records;
- ``stream``: ``dedup stream`` of the JSONL into a third index made with the same common words: each line's
  answer must be ``Index.add``'s;
- ``compare, among the corpus``: ``compare(a, b, corpus=...)`` of every pair any of them reports (the corpus
  signed once, :class:`dedup.one_answer.Among`): the scan's answers, field by field;
- ``compare``: :func:`dedup.compare` of every pair any of them reports. ``compare`` is a scan of the two
  articles alone, so it may differ from a scan of the corpus where the corpus weighs in (its common words,
  the spread of a stretch that forms share, crowded buckets). Each difference is read again with a scan of
  the two given the corpus's common words, to tell these apart.

and, unless ``--no-more``:

- ``dask, more parts than articles``: the Dask engine reading the corpus in parts of a few bytes;
- ``scan, shuffled``: a scan of the articles in another order: the same answers, and the same JSON of the
  pairs and clusters once sorted (``JSON bytes`` when not);
- ``serve /articles`` and ``serve /check``: ``dedup serve`` of a new index (the corpus's common words),
  every article POSTed to ``/articles`` in order (each answer must be ``Index.add``'s), then each POSTed
  to ``/check`` under its id (the scan's answers);
- ``redis add`` and ``redis check``: the same on a Redis index (``--redis URL``, keys under a prefix of
  their own, deleted after);
- ``check after remove`` and ``check after prune``: an index of the corpus after ``remove`` of every fourth
  article, and one after ``prune`` of its first half (added earlier): each article it still holds checked,
  against a scan of them (a text given under several ids is stored once: removing it removes them all);
- ``index add, 3 runs``: ``dedup index add`` of the corpus in three slices into one index made with the
  corpus's common words: the pairs recorded must be the one-by-one index's;
- ``<setting>: check``: for each setting that changes answers (:data:`VARIANTS`: ``--min-confidence``,
  ``--passages``, ``--no-align``, ``--max-bucket``, ``--seed``), a scan through the Python API and an
  index's checks, both made with it, on the first ``--variants`` articles.

Answers are compared pair by pair: reported or not, verdict, confidence, ``why``, channels, scores,
passages, and (where the entry point gives one) the alignment's reading (``kind``) and links. Prints
one table row per corpus and entry point with the disagreements by field and the cause where found.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dedup import Document, Index, compare, read_corpus, scan  # noqa: E402
from dedup.signing import corpus_vocabulary  # noqa: E402

#: The fields compared, in the order a disagreement is named by (the first that differs).
FIELDS = ("reported", "verdict", "confidence", "why", "channels", "scores", "passages", "kind", "links")
Answer = dict[str, Any]
Key = tuple[str, str]


def key_of(a: str, b: str) -> Key:
    return (a, b) if a <= b else (b, a)


def canonical(data: dict[str, Any], a: str, b: str) -> Answer:
    """A pair's JSON (a scan's pair, a comparison, an index match seen from ``a``) in one orientation: the
    two ids in sorted order, scores and passages turned to match."""
    flip = a > b
    answer: Answer = {"reported": data.get("verdict") is not None, "verdict": data.get("verdict"),
                      "confidence": data.get("confidence"), "why": data.get("why"),
                      "channels": sorted(data.get("channels") or ())}
    scores = json.loads(json.dumps(data.get("scores") or {}))
    if flip and scores:
        c, pc = scores.get("containment", {}), scores.get("passage_coverage", {})
        scores["containment"] = {"a_in_b": c.get("b_in_a"), "b_in_a": c.get("a_in_b")}
        scores["passage_coverage"] = {"a": pc.get("b"), "b": pc.get("a")}
    answer["scores"] = scores
    passages = []
    for p in data.get("passages") or ():
        p = dict(p)
        if flip:
            p["a"], p["b"] = p["b"], p["a"]
        passages.append(json.dumps(p, sort_keys=True))
    answer["passages"] = sorted(passages)
    alignment = data.get("alignment")
    if alignment is not None:
        answer["kind"] = alignment.get("verdict")
        answer["links"] = [(tuple(map(tuple, k["source_spans"])), tuple(map(tuple, k["derived_spans"])), k["kind"],
                            k["placed"], k["score"]) for k in alignment.get("links", ())]
        answer["source"] = alignment.get("source")
    return answer


def from_pairs(pairs: Iterable[Any]) -> dict[Key, Answer]:
    """A scan's reported pairs (``Pair``), by key."""
    out = {}
    for p in pairs:
        out[key_of(p.a, p.b)] = canonical(p.to_dict(), p.a, p.b)
    return out


def from_matches(article: str, matches: Iterable[Any], *, alignments: bool = False) -> dict[Key, Answer]:
    """An index's matches of ``article`` (``Match``), by key; with the alignment where it was aligned."""
    out = {}
    for m in matches:
        if m.id == article:
            continue  # a stored article checked again finds itself: no pair
        data = m.to_dict()
        if alignments and m.verdict is not None:
            data["alignment"] = m.alignment().to_dict()
        out[key_of(article, m.id)] = canonical(data, article, m.id)
    return out


def differing(x: Answer | None, y: Answer | None) -> str | None:
    """The first field two answers differ in (None: they agree), over the fields both carry."""
    if x is None and y is None:
        return None
    if x is None or y is None:
        return "reported"
    for field in FIELDS:
        if field in x and field in y and x[field] != y[field]:
            return field
    return None


# ----------------------------------------------------------------------------------------------- entry points

def run_scan(path: Path, keep: list[Any] | None = None) -> dict[Key, Answer]:
    """A scan's answers (its result appended to ``keep``, when given)."""
    result = scan(path)
    if keep is not None:
        keep.append(result)
    return from_pairs(result.pairs)


def run_dask(path: Path) -> dict[Key, Answer]:
    from dedup.engines.dask import scan_dask

    return from_pairs(scan_dask(path, workers=2, memory="1GB").pairs)


def run_index(docs: Sequence[Document], db: Path) -> tuple[dict[Key, Answer], dict[Key, Answer], dict[Key, int],
                                                           dict[str, set[Key]]]:
    """Articles added one by one, then each checked: (the adds' answers, the checks' answers, the place of
    the article whose add answered each pair, the pairs each article's recorded matches name)."""
    added: dict[Key, Answer] = {}
    when: dict[Key, int] = {}
    checked: dict[Key, Answer] = {}
    with Index.open(db, common_from=[d.text for d in docs]) as index:
        for i, doc in enumerate(docs):
            for k, answer in from_matches(doc.id, index.add(doc)).items():
                added[k] = answer
                when[k] = i
        for doc in docs:
            for k, answer in from_matches(doc.id, index.check(doc), alignments=True).items():
                if k in checked and differing(checked[k], answer):
                    answer = dict(answer, asymmetric=True)  # checked from either side, answered otherwise
                checked[k] = answer
        recorded = {d.id: {key_of(d.id, m.id) for m in index.matches(d.id)} for d in docs if index.contains(d.id)}
    return added, checked, when, recorded


def run_bulk(path: Path, db: Path) -> dict[str, set[Key]]:
    """``dedup index add`` of the corpus: the pairs each stored article's matches record."""
    done = subprocess.run([sys.executable, "-m", "dedup", "index", "add", str(db), str(path), "--quiet"],
                          capture_output=True, text=True, cwd=ROOT, env=_env())
    if done.returncode != 0:
        raise RuntimeError(f"dedup index add failed: {done.stderr.strip()}")
    with Index.open(db) as index:
        ids = [d.id for d in read_corpus(path).documents]
        return {i: {key_of(i, m.id) for m in index.matches(i)} for i in ids if index.contains(i)}


def run_stream(path: Path, docs: Sequence[Document], db: Path) -> dict[Key, Answer]:
    """``dedup stream`` of the JSONL into a new index made with the corpus's common words."""
    with Index.open(db, common_from=[d.text for d in docs]):
        pass
    with path.open("rb") as lines:
        done = subprocess.run([sys.executable, "-m", "dedup", "stream", str(db)], stdin=lines, capture_output=True,
                              cwd=ROOT, env=_env())
    if done.returncode != 0:
        raise RuntimeError(f"dedup stream failed: {done.stderr.decode(errors='replace').strip()}")
    out: dict[Key, Answer] = {}
    for line in done.stdout.decode("utf-8").splitlines():
        record = json.loads(line)
        for m in record.get("matches", ()):
            if m["id"] != record["id"]:
                out[key_of(record["id"], m["id"])] = canonical(m, record["id"], m["id"])
    return out


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


# ----------------------------------------------------------------------------------------------- more entry points

#: Settings that change answers, each run through the Python API (a scan and an index made with them).
VARIANTS: dict[str, dict[str, Any]] = {
    "min-confidence 0.3": {"min_confidence": 0.3},
    "min-confidence 0.9": {"min_confidence": 0.9},
    "passages thorough": {"passages": "thorough"},
    "passages sparse": {"passages": "sparse"},
    "no-align": {"align": False},
    "max-bucket 5": {"max_bucket": 5},
    "seed 7": {"seed": 7},
}


def _scan_kwargs(settings: dict[str, Any]) -> dict[str, Any]:
    from dedup.channels import channels_for
    from dedup.decision import Thresholds

    out: dict[str, Any] = {k: settings[k] for k in ("align", "max_bucket", "seed") if k in settings}
    if "min_confidence" in settings:
        out["thresholds"] = Thresholds(settings["min_confidence"])
    if "passages" in settings:
        out["channels"] = channels_for(settings["passages"])
    return out


def _index_kwargs(settings: dict[str, Any]) -> dict[str, Any]:
    out = _scan_kwargs(settings)
    out.pop("thresholds", None)
    if "min_confidence" in settings:
        out["min_confidence"] = settings["min_confidence"]
    return out


def run_checks(index: Index, docs: Sequence[Document]) -> dict[Key, Answer]:
    """Every article of ``docs`` checked against ``index`` (an article found from both sides: the first)."""
    out: dict[Key, Answer] = {}
    for doc in docs:
        for k, answer in from_matches(doc.id, index.check(doc)).items():
            out.setdefault(k, answer)
    return out


def run_variant(docs: Sequence[Document], db: Path, settings: dict[str, Any], vocab: Any
                ) -> tuple[dict[Key, Answer], dict[Key, Answer]]:
    """A scan and an index's checks, both with ``settings``: (the scan's answers, the checks')."""
    scanned = from_pairs(scan(list(docs), vocabulary=vocab, **_scan_kwargs(settings)).pairs)
    with Index.open(db, common_from=[d.text for d in docs], **_index_kwargs(settings)) as index:
        index.add_many(docs)
        return scanned, run_checks(index, docs)


def run_redis(docs: Sequence[Document], url: str) -> tuple[dict[Key, Answer], dict[Key, Answer]]:
    """``Index.add`` of every article into a Redis index, then every article checked: (adds, checks)."""
    import redis

    added: dict[Key, Answer] = {}
    prefix = url.split("prefix=", 1)[1]
    try:
        with Index.open(url, common_from=[d.text for d in docs]) as index:
            for doc in docs:
                added.update(from_matches(doc.id, index.add(doc)))
            return added, run_checks(index, docs)
    finally:
        client = redis.Redis.from_url(url.split("?", 1)[0])
        for name in client.scan_iter(match=prefix + "*", count=1000):
            client.delete(name)


def run_serve(path: Path, docs: Sequence[Document], db: Path) -> tuple[dict[Key, Answer], dict[Key, Answer]]:
    """``dedup serve`` of a new index (the corpus's common words): every article POSTed to /articles in
    order, then each POSTed to /check under its id: (the adds' answers, the checks')."""
    import socket
    import urllib.request

    with Index.open(db, common_from=[d.text for d in docs]):
        pass
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "dedup", "serve", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, env=_env())

    def post(route: str, record: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(f"http://127.0.0.1:{port}{route}", data=json.dumps(record).encode(),
                                         headers={"content-type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as answer:
            return json.loads(answer.read())

    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5).read()
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError(f"dedup serve failed: {server.stderr.read().decode(errors='replace')}")
                time.sleep(0.1)
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        added: dict[Key, Answer] = {}
        checked: dict[Key, Answer] = {}
        for record in lines:
            answer = post("/articles", record)
            for m in answer.get("matches", ()):
                if m["id"] != record["id"]:
                    added[key_of(record["id"], m["id"])] = canonical(m, record["id"], m["id"])
        for record in lines:
            answer = post("/check", record)
            for m in answer.get("matches", ()):
                if m["id"] != record["id"]:
                    checked.setdefault(key_of(record["id"], m["id"]), canonical(m, record["id"], m["id"]))
        return added, checked
    finally:
        server.terminate()
        server.wait(timeout=60)


def run_runs(path: Path, docs: Sequence[Document], work: Path, runs: int = 3) -> dict[str, set[Key]]:
    """``dedup index add`` of the corpus in ``runs`` slices, one run each, into an index made with the
    corpus's common words: the pairs each article's matches record."""
    db = work / "runs.db"
    with Index.open(db, common_from=[d.text for d in docs]):
        pass
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    step = -(-len(lines) // runs)
    for n in range(runs):
        part = work / f"run-{n}.jsonl"
        part.write_text("".join(lines[n * step:(n + 1) * step]), encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "dedup", "index", "add", str(db), str(part), "--quiet"],
                              capture_output=True, text=True, cwd=ROOT, env=_env())
        if done.returncode != 0:
            raise RuntimeError(f"dedup index add failed: {done.stderr.strip()}")
    with Index.open(db) as index:
        return {d.id: {key_of(d.id, m.id) for m in index.matches(d.id)} for d in docs if index.contains(d.id)}


def run_removed(docs: Sequence[Document], work: Path, vocab: Any, *, every: int = 4
                ) -> dict[str, tuple[dict[Key, Answer], dict[Key, Answer]]]:
    """An index of the corpus after ``remove`` of every ``every``-th article, and one after ``prune`` of
    the first half (added earlier): each article still stored checked, beside a scan of them (a text given
    under several ids is stored once: its other ids go with it)."""
    out = {}
    with Index.open(work / "removed.db", common_from=[d.text for d in docs]) as index:
        index.add_many(docs)
        for doc in docs[::every]:
            index.remove(doc.id)
        # what the index still holds: a copy of a removed text under another id was never stored (documented)
        rest = [d for n, d in enumerate(docs) if n % every and index.contains(d.id)]
        out["remove"] = (from_pairs(scan(rest, vocabulary=vocab).pairs), run_checks(index, rest))
    half = len(docs) // 2
    with Index.open(work / "pruned.db", common_from=[d.text for d in docs]) as index:
        index.add_many(docs[:half])
        time.sleep(0.05)
        cutoff = datetime.now(timezone.utc)
        time.sleep(0.05)
        index.add_many(docs[half:])
        index.prune(cutoff)
        rest = [d for d in docs[half:] if index.contains(d.id)]
        out["prune"] = (from_pairs(scan(rest, vocabulary=vocab).pairs), run_checks(index, rest))
    return out


def run_shuffled(docs: Sequence[Document], scanned: Any, seed: int = 44) -> tuple[dict[Key, Answer], bool]:
    """A scan of the corpus shuffled: its answers, and whether its pairs' and clusters' JSON equals the
    scan's, sorted."""
    import random

    order = list(docs)
    random.Random(seed).shuffle(order)
    shuffled = scan(order, vocabulary=None)
    return from_pairs(shuffled.pairs), _sorted_json(shuffled) == _sorted_json(scanned)


def _sorted_json(result: Any) -> list[str]:
    data = result.to_dict(with_text=False)
    pairs = sorted(json.dumps(p, sort_keys=True, ensure_ascii=False) for p in data["pairs"])
    clusters = sorted(json.dumps(sorted(c.get("members") or c.get("documents") or []), ensure_ascii=False)
                      for c in data["clusters"])
    return pairs + clusters


def run_dask_parts(path: Path, docs: Sequence[Document]) -> dict[Key, Answer]:
    """The Dask engine with more parts than articles (parts of a few bytes: most hold no article)."""
    from dedup.engines.dask import scan_dask

    size = max(1, path.stat().st_size // (3 * max(1, len(docs))))
    return from_pairs(scan_dask(path, workers=2, memory="1GB", part_bytes=size).pairs)

# ----------------------------------------------------------------------------------------------- causes

def run_among(docs: Sequence[Document], vocab: Any, keys: Iterable[Key]) -> dict[Key, Answer]:
    """``compare(a, b, corpus=docs)`` of each pair of ``keys`` (:class:`dedup.one_answer.Among`, the corpus
    signed once), reported or not: those it reports must be the scan's, field by field."""
    from dedup.one_answer import Among

    reader, number = Among(docs, vocabulary=vocab), {d.id: k for k, d in enumerate(docs)}
    return {k: canonical(reader.compare(number[k[0]], number[k[1]]).to_dict(), k[0], k[1]) for k in sorted(keys)}


def compare_cause(a: Document, b: Document, scanned: Answer | None, vocab: Any, among: Answer | None = None) -> str:
    """Why ``compare(a, b)`` (a scan of the two) answers otherwise than the scan of the corpus (``among``:
    ``compare(a, b, corpus=...)``'s answer, reported or not, whose passages say where the scan's are not)."""
    two = from_pairs(scan([a, b], vocabulary=vocab).pairs).get(key_of(a.id, b.id))
    if differing(two, scanned) is None:
        return "corpus common words"
    if scanned is None and not (among and among["channels"]):
        return "crowded bucket / corpus candidates"
    if any(json.loads(p).get("found_elsewhere") for p in (scanned or among or {}).get("passages", ())):
        return "spread of a shared stretch (forms)"
    return "unexplained"


def add_cause(docs: Sequence[Document], k: Key, place: int, added: Answer | None, vocab: Any) -> str:
    """Why the add's answer differs from the scan's: it must be a scan's of the articles stored by then."""
    partial = scan(list(docs[: place + 1]), vocabulary=vocab).pairs
    then = from_pairs(partial).get(k)
    if differing(then, added) is None:
        return "corpus so far (documented)"
    return f"unexplained ({differing(then, added)} differs from a scan of the articles so far)"


def check_causes(docs: Sequence[Document], keys: Sequence[Key], work: Path, vocab: Any) -> dict[Key, str]:
    """Why an index's checks answer otherwise than the scan, for ``keys``: the documented cause is a band
    bucket that crowded after two stored articles met in it (the index keeps their pair and its stretches,
    a scan skips the bucket). With no bucket limit, in both, that cause is gone: a pair the two then agree
    on had it; one they still disagree on is unexplained. One scan and one index of the corpus, for all."""
    if not keys:
        return {}
    wide = len(docs) + 1  # no bucket can crowd
    scanned = from_pairs(scan(list(docs), vocabulary=vocab, max_bucket=wide).pairs)
    wanted = {i for k in keys for i in k}
    with Index.open(work / "no-bucket-limit.db", common_from=[d.text for d in docs], max_bucket=wide) as index:
        index.add_many(docs)
        again = run_checks(index, [d for d in docs if d.id in wanted])
    out = {}
    for k in keys:
        if differing(scanned.get(k), again.get(k)) is None:
            out[k] = "a bucket crowded after the two met (documented)"
        else:
            out[k] = f"unexplained ({differing(scanned.get(k), again.get(k))} differs with no bucket limit too)"
    return out


# ----------------------------------------------------------------------------------------------- the audit

def audit(source: Path | Sequence[Document], name: str, *, dask: bool = True, limit: int | None = None,
          explain: int = 40, log: Callable[[str], None] = print, more: bool = True, redis: str | None = None,
          variants: int = 400) -> dict[str, Any]:
    """Every entry point on one corpus; the disagreements with the scan's answers, by entry point and field."""
    with tempfile.TemporaryDirectory(prefix="agreement-") as tmp:
        work = Path(tmp)
        docs = list(read_corpus(source).documents) if isinstance(source, Path) else list(source)
        if limit:
            docs = docs[:limit]
        path = _write_jsonl(work / "corpus.jsonl", docs)
        docs = list(read_corpus(path).documents)
        by_id = {d.id: d for d in docs}
        vocab = corpus_vocabulary([d.text for d in docs])
        times: dict[str, float] = {}
        answers: dict[str, dict[Key, Answer]] = {}

        def timed(label: str, fn: Callable[[], Any]) -> Any:
            started = time.perf_counter()
            result = fn()
            times[label] = time.perf_counter() - started
            return result

        kept: list[Any] = []
        answers["scan"] = timed("scan", lambda: run_scan(path, kept))
        if dask:
            answers["dask"] = timed("dask", lambda: run_dask(path))
        added, checked, when, recorded = timed("index", lambda: run_index(docs, work / "one.db"))
        answers["check"], answers["add"] = checked, added
        bulk = timed("bulk", lambda: run_bulk(path, work / "bulk.db"))
        answers["stream"] = timed("stream", lambda: run_stream(path, docs, work / "stream.db"))
        every = set().union(*(a.keys() for a in answers.values()))
        answers["compare"] = timed("compare", lambda: {
            k: canonical(compare(by_id[k[0]], by_id[k[1]]).to_dict(), k[0], k[1]) for k in sorted(every)})
        among = timed("compare, among the corpus", lambda: run_among(docs, vocab, every))
        rows: dict[str, Counter[str]] = defaultdict(Counter)
        causes: dict[str, Counter[str]] = defaultdict(Counter)
        examples: dict[str, list[str]] = defaultdict(list)
        scanned = answers["scan"]
        checks_apart = [k for k in sorted(every) if differing(scanned.get(k), answers["check"].get(k))]
        why_checks = timed("check causes", lambda: check_causes(docs, checks_apart[:explain], work, vocab))
        for entry in ("dask", "check", "add", "stream", "compare"):
            if entry not in answers:
                continue
            explained = 0  # causes looked for, at most ``explain`` an entry point
            # stream and bulk are read against the index's adds (their documented twin), the rest against the scan
            base = answers["add"] if entry == "stream" else scanned
            for k in sorted(every):
                x = answers[entry].get(k)
                if entry == "compare" and x is not None and not x["reported"]:
                    x = None
                field = differing(base.get(k), x)
                if field is None:
                    continue
                rows[entry][field] += 1
                cause = "-"
                if explained < explain and entry == "compare":
                    cause = compare_cause(by_id[k[0]], by_id[k[1]], scanned.get(k), vocab, among.get(k))
                    explained += 1
                elif entry == "check" and k in why_checks:
                    cause = why_checks[k]
                elif entry == "add" and x is None and not {k[0], k[1]} <= set(recorded):
                    cause = "one copy of a text stored (documented)"  # a later article never meets the other copy
                elif explained < explain and entry == "add":
                    place = when.get(k, max(docs.index(by_id[k[0]]), docs.index(by_id[k[1]])))
                    cause = add_cause(docs, k, place, x, vocab)
                    explained += 1
                causes[entry][cause] += 1
                if len(examples[entry]) < 5:
                    examples[entry].append(f"{k[0]} | {k[1]}: {field} ({_brief(base.get(k), field)} vs "
                                           f"{_brief(x, field)}) {cause}")
        extra: dict[str, dict[Key, Answer]] = {}

        def tally(entry: str, base: dict[Key, Answer], got: dict[Key, Answer]) -> None:
            """The disagreements of ``got`` with ``base`` (both complete: no cause looked for)."""
            extra[entry] = got
            for k in sorted(set(base) | set(got)):
                field = differing(base.get(k), got.get(k))
                if field is None:
                    continue
                rows[entry][field] += 1
                if len(examples[entry]) < 5:
                    examples[entry].append(f"{k[0]} | {k[1]}: {field} ({_brief(base.get(k), field)} vs "
                                           f"{_brief(got.get(k), field)})")

        tally("compare, among the corpus", scanned, {k: a for k, a in among.items() if a["reported"]})
        if more:
            if dask:
                tally("dask, more parts than articles", scanned, timed("dask parts", lambda: run_dask_parts(path, docs)))
            shuffled, same_json = timed("shuffled", lambda: run_shuffled(docs, kept[0]))
            tally("scan, shuffled", scanned, shuffled)
            if not same_json:
                rows["scan, shuffled"]["JSON bytes"] += 1
            served_adds, served_checks = timed("serve", lambda: run_serve(path, docs, work / "serve.db"))
            tally("serve /articles", added, served_adds)
            tally("serve /check", scanned, served_checks)
            if redis:
                redis_adds, redis_checks = timed("redis", lambda: run_redis(
                    docs, f"{redis}?prefix=agreement-{os.getpid()}-{int(time.time())}:"))
                tally("redis add", added, redis_adds)
                tally("redis check", scanned, redis_checks)
            for label, (base, got) in timed("remove, prune", lambda: run_removed(docs, work, vocab)).items():
                tally(f"check after {label}", base, got)
            runs = timed("runs", lambda: run_runs(path, docs, work))
            for i in sorted(set(recorded) | set(runs)):
                if recorded.get(i, set()) != runs.get(i, set()):
                    rows["index add, 3 runs"]["reported"] += 1
                    if len(examples["index add, 3 runs"]) < 5:
                        examples["index add, 3 runs"].append(f"{i}: {sorted(recorded.get(i, set()) ^ runs.get(i, set()))}")
            some = docs[:variants] if variants else []
            for label, settings in (VARIANTS.items() if some else ()):
                base, got = timed(label, lambda: run_variant(some, work / f"{label.replace(' ', '-')}.db", settings,
                                                             corpus_vocabulary([d.text for d in some])))
                extra[f"{label}: scan"] = base
                tally(f"{label}: check", base, got)
        # the bulk index records the pairs the article-by-article index records
        for i in sorted(set(recorded) | set(bulk)):
            if recorded.get(i, set()) != bulk.get(i, set()):
                rows["bulk"]["reported"] += 1
                if len(examples["bulk"]) < 5:
                    examples["bulk"].append(f"{i}: {sorted(recorded.get(i, set()) ^ bulk.get(i, set()))}")
        report = {"corpus": name, "articles": len(docs), "pairs": {e: sum(v["reported"] for v in a.values())
                                                                  for e, a in (answers | extra).items()},
                  "disagree": {e: dict(c) for e, c in rows.items()}, "causes": {e: dict(c) for e, c in causes.items()},
                  "examples": dict(examples), "seconds": {k: round(v, 1) for k, v in times.items()}}
        log(table_rows(report))
        return report


def _brief(answer: Answer | None, field: str) -> str:
    if answer is None:
        return "not reported"
    value = answer.get(field)
    text = json.dumps(value, default=str)
    return text if len(text) < 60 else text[:57] + "..."


def table_rows(report: dict[str, Any]) -> str:
    lines = []
    pairs = report["pairs"]
    named = ("dask", "check", "add", "bulk", "stream", "compare")
    later = [e for e in list(pairs) + list(report["disagree"]) if e not in named and e != "scan" and not e.endswith(": scan")]
    for entry in [*named, *dict.fromkeys(later)]:
        if entry not in pairs and entry not in report["disagree"] and entry != "bulk":
            continue
        found = report["disagree"].get(entry, {})
        order = FIELDS + ("JSON bytes",)
        by_field = ", ".join(f"{f} {n}" for f, n in sorted(found.items(), key=lambda x: order.index(x[0]))) or "none"
        causes = ", ".join(f"{c} {n}" for c, n in sorted(report["causes"].get(entry, {}).items()) if c != "-") or "-"
        lines.append(f"| {report['corpus']} | {report['articles']} | {pairs.get('scan', 0)} | {entry} | "
                     f"{pairs.get(entry, '')} | {by_field} | {causes} |")
    for entry, shown in report["examples"].items():
        for example in shown:
            lines.append(f"<!-- {entry}: {example} -->")
    return "\n".join(lines)


HEADER = ("| corpus | articles | scan pairs | entry point | its pairs | disagreements (first field that differs) | cause |\n"
          "|---|---:|---:|---|---:|---|---|")


def newsroom_sets() -> list[str]:
    """The newsroom sets audited, each a corpus of its own: every folder of ``benchmarks/newsroom``, the train set
    first, then the held-out sets by name (a set added later is audited without a change here)."""
    from benchmarks.make_training import NEWSROOM

    found = sorted(p.name for p in NEWSROOM.iterdir() if p.is_dir()) if NEWSROOM.is_dir() else []
    return sorted(found, key=lambda name: (name != "train", name))


def write_sets(out: Path, *, reuters: Path = ROOT / "benchmarks/out/reuters.jsonl",
               synd: Path = ROOT / "benchmarks/out/synd/corpus.jsonl",
               pan: Path = ROOT.parent / "shared/data/pan13-train", pan_pairs: int = 40) -> list[Path]:
    """The benchmark sets as corpora under ``out``, those whose data are found; the paths, in order: the
    small sets first, the two large ones (the Reuters slice, the syndication set) last, so that on a
    loaded machine a run stopped late has audited every small set."""
    from benchmarks.make_training import NEWSROOM, newsroom_corpus
    from benchmarks.multilingual import WIRE, write_folders

    out.mkdir(parents=True, exist_ok=True)
    made = []
    write_folders(out / "multilingual")  # every language's cases, every group (first to sixth cases), one corpus
    made.append(out / "multilingual")
    if WIRE.is_dir():  # the agency wire's copies, every language together, as a desk scans them
        made.append(WIRE)
    for name in newsroom_sets():
        if (NEWSROOM / name).is_dir():
            docs, _ = newsroom_corpus(NEWSROOM / name)
            made.append(_write_jsonl(out / f"newsroom-{name}.jsonl", docs))
    large = []
    if reuters.is_file():
        cases = json.loads((ROOT / "benchmarks/short_rewrites/dev.json").read_text(encoding="utf-8"))["cases"]
        wanted = {c["story"] for c in cases}
        stories, slice_ = {}, []
        with reuters.open(encoding="utf-8") as lines:
            for n, line in enumerate(lines):
                record = json.loads(line)
                if record["id"] in wanted:
                    stories[record["id"]] = Document(record["id"], record["text"])
                if n < 2000:
                    slice_.append(Document(record["id"], record["text"], title=record.get("title")))
        rewrites = [stories[c["story"]] for c in cases if c["story"] in stories]
        for c in cases:
            rewrites += [Document(f"{c['story']}-rewrite", c["rewrite"]), Document(f"{c['story']}-independent",
                                                                                     c["independent"])]
        made.append(_write_jsonl(out / "short-rewrites.jsonl", rewrites))
        large.append(_write_jsonl(out / "reuters-2000.jsonl", slice_))
    if (pan / "pairs").is_file():
        made.append(_write_jsonl(out / "pan-sample.jsonl", _pan_sample(pan, pan_pairs)))
    if synd.is_file():
        large.append(synd)
    return made + large


def _pan_sample(data: Path, per_type: int) -> list[Document]:
    """The documents of the first ``per_type`` pairs of each PAN 2013 obfuscation type (no-plagiarism
    pairs included), each once, as ``benchmarks/pan_haystack.py`` reads them."""
    from benchmarks.pan_haystack import TYPES

    names: dict[str, str] = {}
    for kind in TYPES:
        lines = [line.split() for line in (data / kind / "pairs").read_text().splitlines() if line.strip()]
        for susp, src in lines[:per_type]:
            names.setdefault(susp, "susp")
            names.setdefault(src, "src")
    return [Document(name, (data / folder / name).read_text(encoding="utf-8", errors="replace"), outlet=folder)
            for name, folder in sorted(names.items())]


def _write_jsonl(path: Path, docs: Iterable[Document]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for d in docs:
            record = {"id": d.id, "text": d.text}
            for field in ("title", "outlet", "published", "url", "language"):
                if getattr(d, field, None):
                    record[field] = str(getattr(d, field))
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="*", type=Path, help="folders or JSONL files of articles")
    parser.add_argument("--sets", type=Path, help="write the benchmark sets to this folder and audit each")
    parser.add_argument("--reuters", type=Path, default=ROOT / "benchmarks/out/reuters.jsonl",
                        help="with --sets: the Reuters JSONL (python benchmarks/reuters.py --out ...)")
    parser.add_argument("--synd", type=Path, default=ROOT / "benchmarks/out/synd/corpus.jsonl",
                        help="with --sets: the syndication set's corpus")
    parser.add_argument("--pan", type=Path, default=ROOT.parent / "shared/data/pan13-train",
                        help="with --sets: the PAN 2013 training data")
    parser.add_argument("--no-dask", action="store_true", help="leave the Dask engine out")
    parser.add_argument("--limit", type=int, help="the first N articles of each corpus")
    parser.add_argument("--json", type=Path, help="write every corpus's report here")
    parser.add_argument("--explain", type=int, default=40,
                        help="the differences an entry point's cause is looked for in (an add's: a scan of the "
                             "articles stored by then, each)")
    parser.add_argument("--no-more", action="store_true", help="only the entry points of the first audit (no serve, "
                        "Redis, shuffled order, settings, several runs, removals)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15",
                        help="a Redis server for the Redis store's audit (keys under a prefix of their own, deleted "
                             "after); 'none' leaves it out")
    parser.add_argument("--variants", type=int, default=400,
                        help="the first N articles of a corpus audited with each setting that changes answers "
                             "(0: none)")
    args = parser.parse_args(argv)
    corpora = list(args.corpus) + (write_sets(args.sets, reuters=args.reuters, synd=args.synd, pan=args.pan)
                                          if args.sets else [])
    if not corpora:
        parser.error("give at least one corpus (a folder or a JSONL file), or --sets DIR")
    print(HEADER)
    reports = []
    for corpus in corpora:
        if not corpus.exists():
            print(f"Error: {corpus} not found", file=sys.stderr)
            return 2
        reports.append(audit(corpus, corpus.name, dask=not args.no_dask, limit=args.limit, more=not args.no_more,
                             redis=None if args.redis == "none" else args.redis, variants=args.variants,
                             explain=args.explain))
        sys.stdout.flush()
    if args.json:
        args.json.write_text(json.dumps(reports, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
