"""Labelled pairs for the learned verdict: each pair's evidence as dedup computes it, and a label.

    python -m benchmarks.make_training [--out benchmarks/out/training] [--seed 14]
        [--synd benchmarks/out/synd] [--reuters benchmarks/out/reuters.jsonl] [--pan ../shared/data/pan13-train]
        [--short-rewrites [--reuters-sgml ../shared/data/reuters21578]] [--with-msrp [--msrp FILE]]
        [--newsroom benchmarks/newsroom/train [--with-retellings] | --without-newsroom]

Every corpus goes through the scan's own stages (vocabulary, signatures, candidates, exact evidence,
spread of shared stretches); each labelled candidate pair is then aligned with an aligner fitted on its
two texts only (the pair-local IDF every entry point uses) and turned into the vector of
:func:`dedup.features.pair_features`. Only candidate pairs are kept (the decision never sees others),
except PAN's no-plagiarism pairs, kept all as topically close negatives.

Labels:

- syndication set (``make_syndication.py``): a pair inside one truth cluster is reuse (its kind from the
  labelled pair: reprint, light edit, reordered, real duplicate -> ``duplicate``; partial -> ``partial``;
  rewrite -> ``rewrite``); a pair joined only by the collection's own ``related`` reuse is left out;
  every other candidate is a negative (template groups, distractors sharing vocabulary);
- PAN 2013 training pairs: no obfuscation, random, translation and summary obfuscation are reuse
  (``partial``: passages inside longer documents); no-plagiarism pairs are negatives;
- Reuters-21578 scan candidates that are *forms filled in again*: the same headline once figures are
  masked, published on another day, each body with figures the other lacks (Fed operations, gold and
  dollar fixings, tenders, weekly statistics), and template
  stories of different companies (earnings tables, dividend notices); both are negatives. Stories sent
  again (5-gram Jaccard >= 0.8, not a form) are copies (`duplicate`). Other Reuters
  candidates carry no label and are left out, except those read by hand (``benchmarks/reuters_read.tsv``:
  story ids, label and reason; two stories on one subject sharing a stock phrase or a recap are the
  negatives the rules above cannot find), whose label replaces the rules'.
- unrelated articles at scale (``filler``): 40,000 articles written by a seeded first-order word chain
  over the Reuters stories' prose (the generator that pads the syndication set to a million, its own
  seed); every candidate pair among them is a negative: the chance candidates a large corpus meets;
- roundups (``roundups``): 400 long articles, each 3 to 7 Reuters stories of one topic and a few days
  laid end to end, one of them retold; a roundup against a story of its subject it does not hold, or
  against another roundup, sharing no text, is a negative (two long texts meeting by their vocabulary);
  against the story it retells, reuse that ``train_verdict`` only reports (its ``CHECKS``);
- newsroom stories written for dedup (``benchmarks/newsroom/train``): in each, the source with another
  outlet's heavy rewrite and a client's light edit (reuse), with an independent report of the same event
  and a follow-up (not reuse); the rewrite and the light edit with each other (reuse) and with the
  other two (not); where a story has them, a correction (reuse) and a later story repeating one
  sentence (not); forms filled in on two days (not). The heavy human rewrite and the independent
  report of one event are what the other data sets lack; they teach the verdict's ``rewrite`` head only
  (``train_verdict.py``). ``benchmarks/newsroom/heldout`` is never read here (``python -m
  benchmarks.newsroom`` scores it); ``--without-newsroom`` leaves them out. Sets A to F are in the
  shipped model, scanned as one corpus; sets G and H (short sentence-by-sentence retellings, two desks'
  write-ups of one release) only with ``--with-retellings`` (a measured trade, not in the shipped
  model), each scanned as a corpus of its own so that they leave A to F's vectors as they are;
- with ``--with-msrp`` only (a measured trade, not in the shipped model): MSRP's paraphrase pairs laid
  end to end as short rewrites;
- with ``--short-rewrites`` only (a measured trade, not in the shipped model; benchmarks/RESULTS.md):
  rewrites of 60-150 words made by the syndication set's rewrite transform, of a long story's first
  sentences or of a short story whole (the syndication set rewrites long stories only).

Split by story, never by pair: a Reuters story and everything derived from it, or a connected group of
PAN documents, is in train or in validation (seeded hash); pairs whose texts fall on both sides are
dropped. Output: ``pairs.jsonl`` (one labelled pair a line) and ``summary.json``.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import multiprocessing
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from dataclasses import replace

from dedup.candidates import CandidateSet, find_candidates
from dedup.channels import DEFAULT_CHANNELS
from dedup.features import FEATURES, pair_features
from dedup.decision import BARS, Thresholds, link_facts, what_to_align
from dedup.documents import Document
from dedup.evidence import with_spread
from dedup.pipeline import _sign
from dedup.signing import corpus_vocabulary
from dedup.verify import align_pair, score_candidates

from benchmarks.reuters import RESENT, paragraphs

ROOT = Path(__file__).resolve().parent.parent
KIND_OF = {"reprint": "duplicate", "light_edit": "duplicate", "reordered": "duplicate", "real_duplicate": "duplicate",
           "partial": "partial", "rewrite": "rewrite"}
PAN_TYPES = ("01-no-plagiarism", "02-no-obfuscation", "03-random-obfuscation", "04-translation-obfuscation",
             "05-summary-obfuscation")
#: Share of stories (or PAN document groups) in the validation part.
VALIDATION = 0.3


def side(key: str, seed: int) -> str:
    """``train`` or ``validation`` for a story key, from a seeded hash (stable across runs and machines)."""
    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return "validation" if int.from_bytes(digest[:8], "big") / 2**64 < VALIDATION else "train"


# -- the scan's stages over one corpus -------------------------------------------------------------
_SHARED: dict[str, Any] = {}


def corpus_evidence(docs: Sequence[Document], extra: Sequence[tuple[int, int]] = ()) -> tuple[dict, list, list, dict]:
    """Features, candidate rows, spread-counted evidence and channels of a corpus, as a scan computes them.
    ``extra`` document pairs are scored too (without passage windows) if not already candidates."""
    vocab = corpus_vocabulary([d.text for d in docs])
    tables, bounds, copies = _sign(docs, DEFAULT_CHANNELS, vocab, seed=1, batch_size=2000, progress=None)
    found = find_candidates(tables, max_bucket=50, text_keys=copies)
    pairs = found.pairs
    known = {tuple(p) for p in pairs.tolist()}
    more = sorted({(min(i, j), max(i, j)) for i, j in extra} - known)
    if more:
        pairs = np.concatenate([pairs, np.array(more, dtype=pairs.dtype).reshape(-1, 2)])
    candidates = CandidateSet(pairs, found.channels, found.passage_hits)
    feats, rows, evidence = score_candidates(docs, candidates, vocab, Thresholds(), bounds=bounds, workers=2)
    evidence = with_spread(rows, evidence, min_similarity=BARS.spread_similarity)
    channels = {r: tuple(sorted(k for k, m in found.channels.items() if r < len(m) and m[r])) for r in range(len(rows))}
    return feats, rows, evidence, channels


def vectors(docs: Sequence[Document], feats: dict, rows: list, evidence: list, todo: list[int],
            workers: int, *, alone: bool = False) -> list[Any]:
    """Feature vectors of the rows ``todo``: aligned pair-locally where the scan would align them. With
    ``alone``, each row gives two: as found in the corpus, and as the two texts compared alone (no other
    document shares their passages), as ``compare`` or a small index sees them."""
    _SHARED.update(docs=docs, feats=feats, rows=rows, evidence=evidence, alone=alone)
    try:
        if workers > 1 and len(todo) > 50:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                return pool.map(_vector, todo, chunksize=16)
        return [_vector(r) for r in todo]
    finally:
        _SHARED.clear()


def _vector(row: int) -> Any:
    docs, feats, (i, j), ev = _SHARED["docs"], _SHARED["feats"], _SHARED["rows"][row], _SHARED["evidence"][row]
    regions = what_to_align(ev)
    alignment = align_pair(docs[i], docs[j], regions) if regions is not None else None
    facts = link_facts(feats[i], feats[j], alignment, docs[i].id)
    texts = (docs[i].text, docs[j].text)
    x = [round(float(v), 6) for v in pair_features(ev, feats[i], feats[j], alignment, facts, texts)]
    if not _SHARED["alone"]:
        return x
    ev = replace(ev, passages=tuple(replace(p, elsewhere=0) for p in ev.passages))
    return x, [round(float(v), 6) for v in pair_features(ev, feats[i], feats[j], alignment, facts, texts)]


def _record(dataset: str, a: str, b: str, label: int, kind: str | None, origin: str, split: str,
            channels: tuple[str, ...], x: list[float]) -> dict[str, Any]:
    """One labelled pair; ``split`` is ``"train"`` or ``"validation"`` and ``group`` its story key."""
    part, group = split.split(" ", 1)
    return {"dataset": dataset, "a": a, "b": b, "label": label, "kind": kind, "origin": origin, "split": part,
            "group": group, "channels": list(channels), "x": x}


def _records_twice(dataset: str, docs: Sequence[Document], feats: dict, rows: list, evidence: list, channels: dict,
                   todo: list[int], labels: list[tuple[int, str | None, str, str]], workers: int) -> list[dict[str, Any]]:
    """Two records of each labelled row: as found in the corpus, and as the two texts compared alone
    (origin ``...-alone``; see :func:`vectors`)."""
    out = []
    for r, (y, k, o, s), (x, alone) in zip(todo, labels, vectors(docs, feats, rows, evidence, todo, workers, alone=True)):
        a, b = docs[rows[r][0]].id, docs[rows[r][1]].id
        out += [_record(dataset, a, b, y, k, o, s, channels[r], x),
                _record(dataset, a, b, y, k, f"{o}-alone", s, channels[r], alone)]
    return out


# -- the syndication set ---------------------------------------------------------------------------
def syndication(folder: Path, seed: int, workers: int) -> list[dict[str, Any]]:
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    docs = [Document(d["id"], d["text"]) for d in map(json.loads, (folder / "corpus.jsonl").open(encoding="utf-8"))]
    meta = truth["documents"]
    root = {d.id: meta.get(d.id, {}).get("source") or d.id for d in docs}
    cluster = {m: k for k, members in enumerate(truth["clusters"]) for m in members}
    group = _components([(p["a"], p["b"]) for p in truth["pairs"]] + [(r[0], r[1]) for r in truth["related"]])
    template = {m: k for k, members in enumerate(truth["template_groups"]) for m in members}
    labelled = {frozenset((p["a"], p["b"])): KIND_OF[p["kind"]] for p in truth["pairs"]}
    variant = {frozenset((p["a"], p["b"])): p.get("variant") for p in truth["pairs"]}
    origin_kind = {frozenset((p["a"], p["b"])): p["kind"] for p in truth["pairs"]}
    feats, rows, evidence, channels = corpus_evidence(docs)
    todo, labels = [], []
    for r, (i, j) in enumerate(rows):
        a, b = docs[i].id, docs[j].id
        split = side(root[a], seed)
        if side(root[b], seed) != split:
            continue
        split = f"{split} synd:{min(root[a], root[b])}"
        key = frozenset((a, b))
        if a in cluster and cluster.get(a) == cluster.get(b):
            kind = labelled.get(key)
            name = origin_kind.get(key, "same_cluster") + (f"-{variant[key]}" if variant.get(key) else "")
            labels.append((1, kind, f"synd:{name}", split))
        elif a in group and group.get(a) == group.get(b):
            continue  # the collection's own reuse: neither right nor wrong
        else:
            same_template = a in template and template.get(a) == template.get(b)
            labels.append((0, None, "synd:template" if same_template else "synd:other", split))
        todo.append(r)
    xs = vectors(docs, feats, rows, evidence, todo, workers)
    return [_record("synd", docs[rows[r][0]].id, docs[rows[r][1]].id, y, k, o, s, channels[r], x)
            for r, (y, k, o, s), x in zip(todo, labels, xs)]


def _components(edges: Sequence[tuple[str, str]]) -> dict[str, str]:
    from dedup.clusters import Components

    components = Components()
    for a, b in edges:
        components.union(a, b)
    return {x: components.find(x) for x in list(components.parent)}


# -- PAN 2013 --------------------------------------------------------------------------------------
def pan(data: Path, seed: int, workers: int) -> list[dict[str, Any]]:
    docs, index = [], {}
    for folder in ("src", "susp"):
        for path in sorted((data / folder).glob("*.txt")):
            index[path.name] = len(docs)
            docs.append(Document(path.name, path.read_text(encoding="utf-8", errors="replace")))
    typed: dict[frozenset[str], str] = {}
    for kind in PAN_TYPES:
        for line in (data / kind / "pairs").read_text(encoding="utf-8").split("\n"):
            if line.strip():
                susp, src = line.split()
                xml = data / kind / f"{susp[:-4]}-{src[:-4]}.xml"
                if kind.startswith("05") and "plagiarism" not in xml.read_text(encoding="utf-8"):
                    continue  # unannotated summary pair: unlabelled
                typed[frozenset((susp, src))] = kind
    group = _components([tuple(k) for k in typed])  # type: ignore[misc]
    negatives = [(index[a], index[b]) for k, kind in typed.items() if kind == PAN_TYPES[0] for a, b in [tuple(k)]]
    feats, rows, evidence, channels = corpus_evidence(docs, extra=negatives)
    todo, labels = [], []
    for r, (i, j) in enumerate(rows):
        kind = typed.get(frozenset((docs[i].id, docs[j].id)))
        if kind is None:
            continue  # not labelled: two suspicious documents may share a source, two sources may overlap
        split = f"{side(group[docs[i].id], seed)} pan:{group[docs[i].id]}"
        positive = kind != PAN_TYPES[0]
        todo.append(r)
        labels.append((int(positive), "partial" if positive else None, f"pan:{kind[3:]}", split))
    xs = vectors(docs, feats, rows, evidence, todo, workers)
    return [_record("pan", docs[rows[r][0]].id, docs[rows[r][1]].id, y, k, o, s, channels[r], x)
            for r, (y, k, o, s), x in zip(todo, labels, xs)]


# -- Reuters-21578: forms filled in again ----------------------------------------------------------
_FIGURES = re.compile(r"[\d.,/]+")
_EARNINGS = re.compile(r"\bShr\b")


def headline_form(title: str) -> str:
    """A headline with its figures masked: ``FED ADDS RESERVES VIA 2.5 BILLION DLR REPOS`` and the same
    headline of another day read alike."""
    return " ".join(_FIGURES.sub("#", title.upper()).split())


def form_label(da: dict[str, Any], db: dict[str, Any]) -> str | None:
    """``form`` (the same headline form on another day, each body with figures the other lacks),
    ``template`` (two companies' earnings tables or dividend notices), or None (no honest label: a story
    sent again on the next day keeps its figures)."""
    if not da["title"] or not db["title"]:
        return None
    other_day = (da["published"] or "")[:10] != (db["published"] or "")[:10]
    if headline_form(da["title"]) == headline_form(db["title"]):
        fa, fb = _body_figures(da["text"]), _body_figures(db["text"])
        return "form" if other_day and fa - fb and fb - fa else None
    first_a, first_b = _subject(da["title"]), _subject(db["title"])
    if first_a == first_b:
        return None  # the same company: may be a correction or an update
    earnings = all(_EARNINGS.search(d["text"]) and len(d["text"]) < 900 for d in (da, db))
    dividend = all("dividend" in d["text"].lower() and len(d["text"]) < 700 for d in (da, db))
    return "template" if earnings or dividend else None


def _subject(title: str) -> str:
    """The first word of a headline, upper-cased, after a resend's marker: the story's company or
    subject (``CORRECTED-LILLY INDUSTRIAL ...`` is about LILLY, as ``LILLY INDUSTRIAL ...`` is)."""
    words = RESENT.sub("", title.strip()).split()
    return words[0].upper() if words else ""


def _body_figures(text: str) -> set[str]:
    """The figures of a story after its dateline (whose date differs between any two days)."""
    body = text.split(" - ", 1)[-1]
    return set(_FIGURES.findall(body)) - {".", ",", "/"}


#: Reuters-21578 candidate pairs read by hand: ``a``, ``b``, ``label`` (reuse / not / unclear), ``reason``.
READ = ROOT / "benchmarks/reuters_read.tsv"


def read_labels(path: Path = READ) -> dict[frozenset[str], str]:
    """The hand labels of Reuters pairs (``reuse``, ``not`` or ``unclear``), by pair of story ids."""
    if not path.is_file():
        return {}
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    return {frozenset(row[:2]): row[2] for row in rows[1:]}


def reuters(path: Path, seed: int, workers: int, skip: set[frozenset[str]]) -> list[dict[str, Any]]:
    read = read_labels()
    stories = [json.loads(line) for line in path.open(encoding="utf-8")]
    stories = [s for s in stories if len(s["text"].split()) >= 20]
    docs = [Document(s["id"], s["text"]) for s in stories]
    index = {d.id: k for k, d in enumerate(docs)}
    extra = [(index[a], index[b]) for a, b in map(sorted, read) if a in index and b in index]
    feats, rows, evidence, channels = corpus_evidence(docs, extra=extra)  # a pair read is scored even if no candidate
    todo, labels = [], []
    for r, (i, j) in enumerate(rows):
        a, b = stories[i], stories[j]
        split = side(a["id"], seed)
        if side(b["id"], seed) != split or frozenset((a["id"], b["id"])) in skip:
            continue
        label = form_label(a, b)
        split = f"{split} synd:{min(a['id'], b['id'])}"  # the story key the syndication set uses too
        hand = read.get(frozenset((a["id"], b["id"])))
        if hand is not None:
            if hand != "unclear":
                todo.append(r)
                labels.append((int(hand == "reuse"), None, f"reuters:read-{hand}", split))
        elif label is not None:
            todo.append(r)
            labels.append((0, None, f"reuters:{label}", split))
        elif evidence[r].jaccard >= 0.8:  # sent again (most of them short briefs): a copy
            todo.append(r)
            labels.append((1, "duplicate", "reuters:resend", split))
    return _records_twice("reuters", docs, feats, rows, evidence, channels, todo, labels, workers)


# -- roundups: long articles made of several wire stories of one subject ------------------------------
#: Roundups made, the stories each holds (fewest, most), the words of a story taken into one (fewest,
#: most), and the days its stories may lie apart.
ROUNDUPS = 400
ROUNDUP_STORIES = (3, 7)
ROUNDUP_STORY_WORDS = (60, 400)
ROUNDUP_DAYS = 3
#: Reuters-21578 pairs read by hand for the precision benchmark only: their stories go into no roundup.
HELDOUT = ROOT / "benchmarks/reuters_read_heldout.tsv"


def roundups(path: Path, seed: int, workers: int, n: int = ROUNDUPS) -> list[dict[str, Any]]:
    """Long news articles with real subjects: each roundup is 3 to 7 Reuters stories of one topic, published
    within a few days of each other, laid end to end (a desk's digest, a paper's page of briefs), one of
    them retold by the syndication set's rewrite transform; scanned with every Reuters story.

    - A roundup and the story it retells are reuse (``roundup:rewritten``, ``partial``): a reworded
      passage inside a long news article. ``train_verdict`` does not fit them, it reports them
      (``CHECKS``): the check that the negatives below did not teach the model that a long article
      holds no reuse.
    - A roundup and a story of the archive it does not hold, or two roundups, are not, when no story in
      one shares text with a story in the other (any shared 5-gram, copied passage or containment:
      versions of one story, forms refilled and stories sent again carry no label here). They are two
      long texts on one subject meeting by their vocabulary, and the reworded passages they share by
      chance are what the ``passage`` head must tell from reuse; without them it read a document's
      length as evidence (PAN's negatives share no passage).
    - A roundup and a story it holds word for word carry no label: reuse as plain as the syndication
      set's partial copies, and as a data set of their own found at every bar (they lowered the operating
      point chosen on validation from 0.62 to 0.59; benchmarks/RESULTS.md).

    Split by roundup: its stories are taken from one side."""
    stories = [json.loads(line) for line in path.open(encoding="utf-8")]
    stories = [s for s in stories if len(s["text"].split()) >= 20]
    held = {i for pair in read_labels(HELDOUT) for i in pair}
    lo, hi = ROUNDUP_STORY_WORDS
    pool: dict[tuple[str, str], list[int]] = {}
    for k, s in enumerate(stories):
        words = len(s["text"].split())
        if s.get("topics") and s.get("published") and lo <= words <= hi and s["id"] not in held \
                and not _EARNINGS.search(s["text"]):
            pool.setdefault((s["topics"][0], side(s["id"], seed)), []).append(k)
    rng = random.Random(seed + 2000)
    keys = sorted(k for k, members in pool.items() if len(members) >= ROUNDUP_STORIES[0])
    made: list[tuple[str, list[int]]] = []
    used: set[int] = set()
    for _ in range(20 * n):
        if len(made) >= n or not keys:
            break
        members = [k for k in pool[rng.choice(keys)] if k not in used]
        if len(members) < ROUNDUP_STORIES[0]:
            continue
        first = rng.choice(members)
        day = _day(stories[first]["published"])
        near = [k for k in members if k != first and abs(_day(stories[k]["published"]) - day) <= ROUNDUP_DAYS]
        size = rng.randint(*ROUNDUP_STORIES) - 1
        if len(near) < ROUNDUP_STORIES[0] - 1:
            continue
        chosen = [first] + rng.sample(near, min(size, len(near)))
        used.update(chosen)
        made.append((side(stories[first]["id"], seed), chosen))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synd_text import MarkovChain, prose
    from synd_transforms import Source, rewrite

    chain = MarkovChain((prose(paragraphs(s["text"])) for s in stories), min_count=3)
    rewritten = [rng.choice(chosen) for _, chosen in made]
    docs = [Document(s["id"], s["text"]) for s in stories]
    base = len(docs)
    for r, ((_, chosen), told) in enumerate(zip(made, rewritten)):
        parts = []
        for k in chosen:
            if k == told:
                source = Source(stories[k]["id"], stories[k].get("title") or "", "", tuple(paragraphs(stories[k]["text"])))
                parts += [" ".join(sentence for sentence, _ in p) for p in rewrite(source, rng, chain).paragraphs]
            else:
                parts += paragraphs(stories[k]["text"])
        docs.append(Document(f"roundup-{r:04d}", "\n\n".join(parts)))
    feats, rows, evidence, channels = corpus_evidence(docs)
    shared = {frozenset(rows[r]) for r, ev in enumerate(evidence)
              if rows[r][0] < base and rows[r][1] < base
              and (ev.jaccard > 0 or ev.copied_words > 0 or max(ev.a_in_b, ev.b_in_a) >= 0.05)}

    def apart(ours: set[int], theirs: set[int]) -> bool:
        return not any(frozenset((a, b)) in shared or a == b for a in ours for b in theirs)

    todo, labels = [], []
    for r, (i, j) in enumerate(rows):
        if max(i, j) < base:
            continue  # two stories: the Reuters part labels them
        if min(i, j) >= base:  # two roundups
            (si, mi), (sj, mj) = made[i - base], made[j - base]
            if si == sj and apart(mi, mj):
                todo.append(r)
                labels.append((0, None, "roundup:roundup", f"{si} roundup:{docs[min(i, j)].id}"))
            continue
        story, up = (i, j) if i < base else (j, i)
        part, members = made[up - base]
        key = f"{part} roundup:{docs[up].id}"
        if story == rewritten[up - base]:
            todo.append(r)
            labels.append((1, "partial", "roundup:rewritten", key))
        elif story not in members and side(stories[story]["id"], seed) == part and apart({story}, members):
            todo.append(r)
            labels.append((0, None, "roundup:other", key))
    return _records_twice("roundup", docs, feats, rows, evidence, channels, todo, labels, workers)


def _day(published: str) -> int:
    """The day number of an ISO time stamp (``1987-02-26T15:01:01Z``)."""
    return datetime.date.fromisoformat(published[:10]).toordinal()


# -- short rewrites: briefs rewritten from longer stories, short stories rewritten whole --------------
#: Short rewrites made per flavour (a brief of a long story, a short story rewritten whole).
SHORT_REWRITES = 150
#: A brief keeps the source's first sentences, this many at most (the lede and what follows it).
BRIEF_SENTENCES = 5


def short_rewrites(data: Path, synd: Path, seed: int, workers: int) -> list[dict[str, Any]]:
    """Rewrites of 60-150 words, made by the syndication set's rewrite transform: of a long story's
    first sentences (a brief rewritten from a longer source) and of a short story whole. The
    syndication set rewrites only long stories, so the training set had no short rewrite, and the
    length features learnt that two short texts of equal length are a form filled in again.
    Stories of the syndication set are left out; split by story like the rest."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from reuters import paragraphs, read_stories
    from synd_text import MarkovChain, prose
    from synd_transforms import Source, rewrite

    taken = set(json.loads((synd / "truth.json").read_text(encoding="utf-8"))["documents"])
    stories = {s.id: s for s in read_stories(data) if s.body}
    sources = {k: Source(k, s.title, s.dateline.split(",")[0].strip(), tuple(paragraphs(s.body)))
               for k, s in stories.items()}
    chain = MarkovChain((prose(sources[k].paragraphs) for k in sorted(sources)), min_count=3)
    rng = random.Random(seed)
    briefs = [k for k in sorted(sources) if k not in taken and sources[k].is_long]
    whole = [k for k in sorted(sources) if k not in taken and not sources[k].is_long and _short_prose(sources[k])]
    docs, made = [], []
    for flavour, pool in (("brief", briefs), ("whole", whole)):
        for k in rng.sample(pool, min(SHORT_REWRITES, len(pool))):
            source = sources[k] if flavour == "whole" else _first_sentences(sources[k], BRIEF_SENTENCES)
            article = rewrite(source, rng, chain)
            docs += [Document(k, stories[k].text), Document(f"{k}-{flavour}-rewrite", article.text)]
            made.append((k, f"{k}-{flavour}-rewrite", f"synd:short-rewrite-{flavour}-{article.variant}"))
    feats, rows, evidence, channels = corpus_evidence(docs)
    wanted = {frozenset((a, b)): origin for a, b, origin in made}
    todo, labels = [], []
    for r, (i, j) in enumerate(rows):
        origin = wanted.get(frozenset((docs[i].id, docs[j].id)))
        if origin is not None:  # other candidates carry no label (two Reuters stories may share a subject)
            key = min(docs[i].id, docs[j].id)
            todo.append(r)
            labels.append((1, "rewrite", origin, f"{side(key, seed)} synd:{key}"))
    xs = vectors(docs, feats, rows, evidence, todo, workers)
    return [_record("synd", docs[rows[r][0]].id, docs[rows[r][1]].id, y, k, o, s, channels[r], x)
            for r, (y, k, o, s), x in zip(todo, labels, xs)]


# -- MSRP: human paraphrases laid end to end ------------------------------------------------------
#: Sentences a pseudo-article of MSRP paraphrases holds, fewest and most (a brief to a short story).
MSRP_SENTENCES = (4, 9)


def read_msrp(path: Path) -> list[tuple[int, str, str, str, str]]:
    """MSRP's rows: (quality, id 1, id 2, sentence 1, sentence 2); quality 1 is a paraphrase."""
    rows = []
    for line in path.read_text(encoding="utf-8-sig").split("\n")[1:]:
        fields = line.split("\t")
        if len(fields) == 5 and fields[0] in ("0", "1"):
            rows.append((int(fields[0]), fields[1], fields[2], fields[3].strip(), fields[4].strip()))
    return rows


def msrp(data: Path, seed: int, workers: int) -> list[dict[str, Any]]:
    """Short rewrites written by people: MSRP's paraphrase pairs (news sentences of one event from two
    outlets, judged equivalent by annotators) laid end to end, 4 to 9 of them, the first sentence of
    each pair in one text and the second in the other; one text then drops one sentence (half of them)
    and swaps two neighbours (a third), as a rewrite does. Every sentence of the one is a human paraphrase
    of a sentence of the other: a short rewrite of about equal length with no reworded passage, which no
    other data set here has (the syndication set's rewrites are made by a program from long stories;
    short equal-length pairs in training were forms, negatives, so a short human rewrite scored as a form).
    Positives only (kind ``rewrite``): MSRP's non-paraphrases are sentences of one event with other
    details, which as articles are neither clearly reuse nor clearly not. Split by connected group of
    MSRP sentence ids (a sentence in two pairs keeps both on one side); a pseudo-article is made of one
    side's pairs only. Only the pairs the candidate stage finds are kept, like every other data set."""
    rng = random.Random(seed + 2000)
    rows = [r for r in read_msrp(data) if r[0] == 1]
    group = _components([(f"m{r[1]}", f"m{r[2]}") for r in rows])
    by_side: dict[str, list[tuple[int, str, str, str, str]]] = {"train": [], "validation": []}
    for r in rows:
        by_side[side(f"msrp:{group[f'm{r[1]}']}", seed)].append(r)
    docs, made = [], []
    for part in ("train", "validation"):
        pool = by_side[part]
        rng.shuffle(pool)
        k = 0
        while k + MSRP_SENTENCES[0] <= len(pool):
            chunk = pool[k : k + rng.randint(*MSRP_SENTENCES)]
            k += len(chunk)
            first, second = [c[3] for c in chunk], [c[4] for c in chunk]
            if rng.random() < 0.5:
                del second[rng.randrange(len(second))]
            if rng.random() < 1 / 3:
                at = rng.randrange(len(second) - 1)
                second[at], second[at + 1] = second[at + 1], second[at]
            key = f"msrp-{part}-{len(made):04d}"
            docs += [Document(f"{key}-a", " ".join(first)), Document(f"{key}-b", " ".join(second))]
            made.append((f"{key}-a", f"{key}-b", f"{part} msrp:{key}"))
    feats, rows_, evidence, channels = corpus_evidence(docs)
    wanted = {frozenset((a, b)): split for a, b, split in made}
    todo, labels = [], []
    for r, (i, j) in enumerate(rows_):
        split = wanted.get(frozenset((docs[i].id, docs[j].id)))
        if split is not None:  # pseudo-articles of different pairs share nothing but chance words: no label
            todo.append(r)
            labels.append((1, "rewrite", "msrp:paraphrases", split))
    xs = vectors(docs, feats, rows_, evidence, todo, workers)
    return [_record("msrp", docs[rows_[r][0]].id, docs[rows_[r][1]].id, y, k, o, s, channels[r], x)
            for r, (y, k, o, s), x in zip(todo, labels, xs)]


# -- newsroom stories written for dedup ------------------------------------------------------------
NEWSROOM = ROOT / "benchmarks/newsroom"
#: A story folder's texts and what each is to the source (kind of reuse, or None: not reuse): the heavy
#: rewrite, the light edit, the story sent again with one figure or name corrected, the partial copy inside
#: a longer piece, and the styles of ``heldout_styles`` (a story made from a press release, a digest, a
#: reordered, a tabloid's, a local paper's, a broadcast, a translated version, a live blog's entry), and the
#: retellings of ``heldout_retold`` (figures rounded and hedged, a summary, a script, an explainer, facts recast), the
#: rival desk's rewrite and the local paper's cut-down of ``heldout_beats``; the
#: independent report of the same event, the follow-up, and a later story repeating one background sentence word for word
#: (one recap sentence is no reuse, by the rules the Reuters pairs are read with), and the same beat's form
#: filled in on another day (``heldout_beats``' ``sameform``: next week's match report, the next results release). Files a story lacks are
#: left out.
NEWSROOM_FILES = {"rewrite": "rewrite", "light": "duplicate", "correction": "duplicate", "partial": "partial",
                  "churned": "rewrite", "digest": "rewrite", "restructured": "rewrite", "tabloid": "rewrite",
                  "local": "partial", "broadcast": "rewrite", "translated": "rewrite", "liveblog": "partial",
                  "rounded": "rewrite", "summary": "rewrite", "script": "rewrite", "explainer": "rewrite",
                  "recast": "rewrite", "rival": "rewrite", "cutdown": "partial",
                  "quoted": "rewrite", "background": "rewrite", "plain": "rewrite", "regional": "partial",
                  "shorter": "rewrite",
                  "independent": None, "followup": None, "recap": None, "sameform": None}


def newsroom_story_pairs(folder: Path) -> list[tuple[str, str, int, str | None, str]]:
    """The labelled pairs of one newsroom set (``benchmarks/newsroom/<set>``), as ``(text file, text
    file, label, kind, origin)`` relative to ``folder``: in each story, the source with what was taken
    from it (:data:`NEWSROOM_FILES`: heavy rewrite, light edit, correction) is reuse, with the rest (the
    independent report of the same event, the follow-up, the later story repeating one sentence) not;
    the texts taken from one source with each other (reuse, ``siblings``: both came from it) and with the
    rest (not); each pair of forms (``forms/X_day1.txt`` and ``X_day2.txt``: one wording, other figures)
    not reuse."""
    pairs = []
    for story in sorted(p for p in folder.iterdir() if p.is_dir() and p.name != "forms"):
        files = {f.stem: f"{story.name}/{f.name}" for f in story.glob("*.txt")}
        if "source" not in files:
            continue
        derived = [name for name, kind in NEWSROOM_FILES.items() if kind and name in files]
        for name, kind in NEWSROOM_FILES.items():
            if name in files:
                pairs.append((files["source"], files[name], int(kind is not None), kind, f"newsroom:{name}"))
        for k, one in enumerate(derived):
            for other in derived[k + 1:]:
                kind = "duplicate" if NEWSROOM_FILES[one] == NEWSROOM_FILES[other] == "duplicate" else "rewrite"
                pairs.append((files[one], files[other], 1, kind, "newsroom:siblings"))
            for other in (name for name, kind in NEWSROOM_FILES.items() if kind is None and name in files):
                pairs.append((files[one], files[other], 0, None, f"newsroom:{one}-{other}"))
    forms = folder / "forms"
    if forms.is_dir():
        for first in sorted(forms.glob("*1.txt")):
            second = first.with_name(first.name[:-5] + "2.txt")
            if second.is_file():
                pairs.append((f"forms/{first.name}", f"forms/{second.name}", 0, None, "newsroom:form"))
    return pairs


#: Newsroom training sets of short sentence-by-sentence retellings and of two desks' write-ups of one
#: release (``benchmarks/newsroom/train/G`` and ``H``): a measured trade, not in the shipped model
#: (benchmarks/RESULTS.md, forty-third round); read only with ``--with-retellings``.
RETELLING_SETS = ("G", "H")


def newsroom_sets(folder: Path, *, with_retellings: bool = True) -> list[Path]:
    """``folder`` when it is one newsroom set (story folders, ``forms/``), else its sub-folders that are
    (``benchmarks/newsroom/train`` holds A to H); without ``with_retellings``, not the sub-folders named
    in :data:`RETELLING_SETS`."""
    if (folder / "forms").is_dir() or any((p / "source.txt").is_file() for p in folder.iterdir() if p.is_dir()):
        return [folder]
    return sorted(p for p in folder.iterdir() if p.is_dir() and newsroom_sets(p) == [p]
                  and (with_retellings or p.name not in RETELLING_SETS))


def newsroom_corpora(folder: Path, *, with_retellings: bool = False) -> list[list[Path]]:
    """The newsroom sets under ``folder`` grouped as the corpora a training scan sees: the sets of the
    shipped model's training as one corpus, each retelling set (:data:`RETELLING_SETS`, only
    ``with_retellings``) as one of its own. The common words and the candidates of a corpus of a few
    hundred texts move with every text added: scanned with the others, G and H removed 30 of set B's
    candidate pairs and changed D's and E's, so a set added must not change the vectors of the sets
    already trained on."""
    sets = newsroom_sets(folder, with_retellings=with_retellings)
    first = [s for s in sets if s == folder or s.name not in RETELLING_SETS]
    return ([first] if first else []) + [[s] for s in sets if s != folder and s.name in RETELLING_SETS]


def newsroom_corpus(folder: Path, sets: Sequence[Path] | None = None) -> tuple[list[Document], list[tuple[str, str, int, str | None, str]]]:
    """Every text of the newsroom sets under ``folder`` (or of ``sets``, sets under it; ids: their paths
    relative to ``folder``) and the labelled pairs of :func:`newsroom_story_pairs` with the same ids."""
    sets = newsroom_sets(folder) if sets is None else list(sets)
    files = sorted(f for s in sets for f in s.rglob("*.txt") if f.name != "README.txt")
    docs = [Document(str(f.relative_to(folder)), f.read_text(encoding="utf-8")) for f in files]
    labelled = [(str((s / a).relative_to(folder)), str((s / b).relative_to(folder)), label, kind, origin)
                for s in sets for a, b, label, kind, origin in newsroom_story_pairs(s)]
    return docs, labelled


def newsroom(root: Path, seed: int, workers: int, *, with_retellings: bool = False) -> list[dict[str, Any]]:
    """Stories written for dedup's training (``benchmarks/newsroom/train``, README there): invented events,
    each told as a wire story, another outlet's heavy rewrite written as a journalist avoiding copying
    would, a client's light edit, an independent report of the same event and a follow-up, in several
    languages, and forms filled in on two days. The heavy human rewrite (facts kept, wording replaced)
    and the independent report of the same event (main facts shared, the rest not) are the pairs the
    other data sets lack. Each corpus of :func:`newsroom_corpora` as a scan of it (the retelling sets,
    ``with_retellings`` only, each apart); each labelled pair also enters as compared alone. Split by
    story (a story folder and its texts on one side); candidate pairs between stories are negatives
    (invented separately, they share nothing but chance)."""
    records: list[dict[str, Any]] = []
    for sets in newsroom_corpora(root, with_retellings=with_retellings):
        docs, pairs = newsroom_corpus(root, sets)
        labelled = {frozenset((a, b)): (y, kind, origin) for a, b, y, kind, origin in pairs}
        story = {d.id: d.id.rsplit("/", 1)[0] for d in docs}
        feats, rows, evidence, channels = corpus_evidence(docs)
        todo, labels = [], []
        for r, (i, j) in enumerate(rows):
            a, b = docs[i].id, docs[j].id
            split = side(f"newsroom:{story[a]}", seed)
            if side(f"newsroom:{story[b]}", seed) != split:
                continue
            y, kind, origin = labelled.get(frozenset((a, b)), (0, None, "newsroom:unrelated"))
            todo.append(r)
            labels.append((y, kind, origin, f"{split} newsroom:{min(story[a], story[b])}"))
        records += _records_twice("newsroom", docs, feats, rows, evidence, channels, todo, labels, workers)
    return records


# -- unrelated articles at scale -------------------------------------------------------------------
#: Filler articles written for the training set: at this many, a few thousand pairs of them are candidates.
FILLER_ARTICLES = 40_000


def filler(reuters_jsonl: Path, seed: int, workers: int, n: int = FILLER_ARTICLES) -> list[dict[str, Any]]:
    """Candidate pairs among articles copied from no one: a seeded first-order word chain over the Reuters
    stories' prose (the generator that pads the syndication set to a million, with its own seed), as
    long as real stories. All are negatives. A large corpus of unrelated stories meets many chance
    candidates (a few rare words in windows that collide) whose evidence is one short weak passage in
    two long texts; PAN's negatives are mostly no candidates at all, so without these the length
    features alone carried such pairs over the bar. Split by connected group of articles."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from reuters import paragraphs
    from synd_text import MarkovChain, length_sampler, prose

    bodies = [paragraphs(r["text"]) for r in map(json.loads, reuters_jsonl.open(encoding="utf-8"))]
    chain = MarkovChain((prose(b) for b in bodies), min_count=3)
    draw = length_sampler([len(" ".join(b).split()) for b in bodies])
    rng = random.Random(seed + 1000)
    docs = [Document(f"filler-train-{i:06d}", "\n\n".join(chain.article(rng, draw(rng)))) for i in range(n)]
    feats, rows, evidence, channels = corpus_evidence(docs)
    group = _components([(docs[i].id, docs[j].id) for i, j in rows])
    todo = list(range(len(rows)))
    splits = [f"{side(group[docs[i].id], seed)} filler:{group[docs[i].id]}" for i, _ in rows]
    xs = vectors(docs, feats, rows, evidence, todo, workers)
    return [_record("filler", docs[rows[r][0]].id, docs[rows[r][1]].id, 0, None, "filler:unrelated", s, channels[r], x)
            for r, s, x in zip(todo, splits, xs)]


def _short_prose(source: Any) -> bool:
    """A short story of prose: 4 to 8 sentences, 60 to 150 words (no table)."""
    sentences = [s for p in source.structure() for s, _ in p]
    prose_ = [s for s in sentences if len(s.split()) >= 6 and s.rstrip("\"')").endswith((".", "!", "?"))]
    return 4 <= len(sentences) <= 8 and len(prose_) == len(sentences) and 60 <= source.n_words <= 150


def _first_sentences(source: Any, n: int) -> Any:
    """The story cut after its first ``n`` sentences (whole paragraphs, at least one)."""
    kept, count = [], 0
    for paragraph, block in zip(source.paragraphs, (p for p in source.structure())):
        if kept and count + len(block) > n:
            break
        kept.append(paragraph)
        count += len(block)
    return replace(source, paragraphs=tuple(kept))


def _part(record: dict[str, Any]) -> str:
    """Which part of the build made a record (``--only``): the short rewrites count as syndication pairs."""
    return "short" if record["origin"].startswith("synd:short-rewrite") else record["dataset"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/out/training")
    parser.add_argument("--seed", type=int, default=14, help="seed of the train/validation split")
    parser.add_argument("--synd", type=Path, default=ROOT / "benchmarks/out/synd",
                        help="syndication set folder (python benchmarks/make_syndication.py --out ... --seed 13)")
    parser.add_argument("--reuters", type=Path, default=ROOT / "benchmarks/out/reuters.jsonl",
                        help="Reuters JSONL (python benchmarks/reuters.py --out ...)")
    parser.add_argument("--pan", type=Path, default=ROOT.parent / "shared/data/pan13-train")
    parser.add_argument("--short-rewrites", action="store_true",
                        help="also make short rewrites (a measured trade, not in the shipped model: benchmarks/RESULTS.md)")
    parser.add_argument("--reuters-sgml", type=Path, default=ROOT.parent / "shared/data/reuters21578",
                        help="Reuters-21578 SGML folder, for --short-rewrites")
    parser.add_argument("--with-msrp", action="store_true",
                        help="also make MSRP pseudo-articles (a measured trade, not in the shipped model: benchmarks/RESULTS.md)")
    parser.add_argument("--msrp", type=Path, default=ROOT.parent / "shared/data/msrp/msr_paraphrase_train.txt",
                        help="MSRP's train file (msr_paraphrase_train.txt), for --with-msrp")
    parser.add_argument("--without-newsroom", action="store_true",
                        help="leave out the newsroom stories (they are in the shipped model's training)")
    parser.add_argument("--newsroom", type=Path, default=NEWSROOM / "train",
                        help="the newsroom stories written for training (benchmarks/newsroom/train)")
    parser.add_argument("--with-retellings", action="store_true",
                        help="also the newsroom sets G and H, each scanned apart (a measured trade, not in the shipped model: benchmarks/RESULTS.md)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", default=None,
                        help="rebuild only these data sets (comma-separated: synd,pan,reuters,filler,roundup,msrp,newsroom,short), keep the others' pairs")
    args = parser.parse_args(argv)
    needed = (args.synd / "truth.json", args.reuters, args.pan / "src") + \
        ((args.reuters_sgml,) if args.short_rewrites else ()) + ((args.msrp,) if args.with_msrp else ()) + \
        (() if args.without_newsroom else (args.newsroom,))
    missing = [str(p) for p in needed if not p.exists()]
    if missing:
        print(f"not found: {', '.join(missing)} (see benchmarks/README.md to build or point to them)", file=sys.stderr)
        return 2
    only = set(args.only.split(",")) if args.only else {"synd", "pan", "reuters", "filler", "roundup"} | ({"short"} if args.short_rewrites else set()) \
        | ({"msrp"} if args.with_msrp else set()) | (set() if args.without_newsroom else {"newsroom"})
    kept = args.out / "pairs.jsonl"
    records: list[dict[str, Any]] = [r for r in map(json.loads, kept.open(encoding="utf-8")) if _part(r) not in only] \
        if args.only and kept.is_file() else []
    for name, make in (("synd", lambda: syndication(args.synd, args.seed, args.workers)),
                       ("pan", lambda: pan(args.pan, args.seed, args.workers)),
                       ("reuters", lambda: reuters(args.reuters, args.seed, args.workers,
                                                   {frozenset((r["a"], r["b"])) for r in records})),
                       ("filler", lambda: filler(args.reuters, args.seed, args.workers)),
                       ("roundup", lambda: roundups(args.reuters, args.seed, args.workers)),
                       ("msrp", lambda: msrp(args.msrp, args.seed, args.workers)),
                       ("newsroom", lambda: newsroom(args.newsroom, args.seed, args.workers,
                                                     with_retellings=args.with_retellings)),
                       ("short", lambda: short_rewrites(args.reuters_sgml, args.synd, args.seed, args.workers))):
        if name not in only:
            continue
        started = time.perf_counter()
        part = make()
        records += part
        print(f"{name}: {len(part)} labelled pairs in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    records.sort(key=lambda r: (r["dataset"], r["a"], r["b"]))
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "pairs.jsonl").open("w", encoding="utf-8") as out:
        for r in records:
            out.write(json.dumps(r, sort_keys=True) + "\n")
    counts = Counter((r["split"], r["origin"], r["label"]) for r in records)
    summary = {"seed": args.seed, "features": list(FEATURES), "validation_share": VALIDATION,
               "counts": {f"{s} {o} {y}": n for (s, o, y), n in sorted(counts.items())}}
    (args.out / "summary.json").write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for key, n in summary["counts"].items():
        print(f"{key:50s} {n:6d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
