"""Build the labelled syndication set: real Reuters stories, what other outlets made of them, the truth.

Usage::

    python benchmarks/make_syndication.py --out benchmarks/out/synd --seed 13 [--n-sources 600]
    python benchmarks/make_syndication.py --out benchmarks/out/synd-100k --seed 13 --scale 100000

Writes ``corpus.jsonl`` (dedup input: id, text, title, outlet, published) and ``truth.json`` (see
benchmarks/README.md). Everything follows from the seed: two runs give byte-identical files.
``--scale N`` appends seeded Markov-chain filler articles (realistic length and vocabulary, copied from
no one) until the corpus holds N articles, streamed so a million articles never sit in memory.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator

from reuters import DEFAULT_DATA, RESENT, Story, paragraphs, read_stories, strip_signoff
from synd_groups import (connected_groups, longest_shared_run, near_duplicate_pairs, overlapping_pairs,
                         shingle_sequence, shingles, template_groups, template_key)
from synd_text import MarkovChain, length_sampler, prose
from synd_desk import desk_changes
from synd_transforms import TRANSFORMS, Derived, Source

OUTLETS = ("harbor-times", "valley-gazette", "metro-ledger", "coastal-post", "northern-chronicle",
           "daily-courier", "river-city-news", "the-bulletin")
# How often each kind is made from an eligible source (partial and rewrite need a long one).
KIND_RATES = {"reprint": 0.4, "light_edit": 0.5, "partial": 0.5, "reordered": 0.35, "rewrite": 0.6}
# Unedited stories sharing this much (5-gram containment), or one passage this long (words), are real
# updates, corrections or background paragraphs reused by Reuters itself, below the duplicate bar:
# listed as "related", neither to be found nor counted against a detector that finds them.
RELATED_CONTAINMENT = 0.5
RELATED_RUN = 25
MIN_WORDS = 40  # dedup skips very short articles; every labelled story stays well above that
# Shares of the distractors drawn from each family of template-like stories (the rest is random).
TEMPLATE_SHARE = {"earn:results": 0.28, "earn:dividend": 0.12, "commodity": 0.18, "acq": 0.12}


@dataclass
class Collection:
    """The Reuters stories with what the generator needs to know about each."""

    stories: dict[str, Story]
    sources: dict[str, Source]
    shingles: dict[str, Any]
    duplicates: list[tuple[str, str, float]]


def load(data: Path) -> Collection:
    """Every story with a body, its Source form, and the collection's real near-duplicate pairs."""
    stories = {s.id: s for s in read_stories(data)}
    sources = {k: Source(k, s.title, s.dateline.split(",")[0].strip(), tuple(paragraphs(s.body)))
               for k, s in stories.items()}
    vocabulary: dict[str, int] = {}
    sets = {k: shingles(strip_signoff(s.body), vocabulary=vocabulary) for k, s in stories.items()}
    return Collection(stories, sources, sets, near_duplicate_pairs(sets))


def _n_words(story: Story) -> int:
    return len(strip_signoff(story.body).split())


def pick_sources(col: Collection, rng: random.Random, n: int) -> list[str]:
    """``n`` stories to derive from: 80 % long ones (``Source.is_long``), none with a real duplicate."""
    duplicated = {k for a, b, _ in col.duplicates for k in (a, b)}
    eligible = [k for k in col.stories if k not in duplicated and _n_words(col.stories[k]) >= MIN_WORDS
                and col.sources[k].n_sentences >= 3]
    long = [k for k in eligible if col.sources[k].is_long]
    n_long = min(len(long), round(0.8 * n))
    chosen = rng.sample(long, n_long)
    rest = sorted(set(eligible) - set(chosen), key=_newid)
    chosen += rng.sample(rest, min(len(rest), n - n_long))
    return sorted(chosen, key=_newid)


def _newid(story_id: str) -> int:
    return int(story_id.rsplit("-", 1)[1])


def pick_distractors(col: Collection, rng: random.Random, n: int, taken: set[str]) -> list[str]:
    """``n`` unedited stories: real duplicate groups, many template-like ones, and a random rest."""
    picked: set[str] = set()
    groups = connected_groups({k for p in col.duplicates for k in p[:2]}, [p[:2] for p in col.duplicates])
    for group in rng.sample(groups, min(len(groups), 120)):
        if not taken.intersection(group) and all(_n_words(col.stories[k]) >= MIN_WORDS for k in group):
            picked.update(group)
    pool = [k for k in col.stories if k not in taken and k not in picked and _n_words(col.stories[k]) >= MIN_WORDS]
    by_family: dict[str, list[str]] = {f: [] for f in (*TEMPLATE_SHARE, "other")}
    for k in pool:
        by_family[_family(col.stories[k])].append(k)
    budget = max(0, n - len(picked))
    for family, share in TEMPLATE_SHARE.items():
        picked.update(rng.sample(by_family[family], min(len(by_family[family]), round(share * budget))))
    rest = sorted(set(pool) - picked, key=_newid)
    picked.update(rng.sample(rest, max(0, min(len(rest), n - len(picked)))))
    return sorted(picked, key=_newid)


def _family(story: Story) -> str:
    key = template_key(story.title, story.topics)
    if key is None:
        return "other"
    head = key.split(":")[0]
    if head == "earn":
        return key if key in TEMPLATE_SHARE else "other"
    return head if head == "acq" else "commodity"


def _later(published: str | None, rng: random.Random) -> str:
    base = datetime.fromisoformat(published.replace("Z", "+00:00")) if published else datetime(1987, 3, 1, tzinfo=timezone.utc)
    return (base + timedelta(minutes=rng.randint(10, 36 * 60))).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Made:
    """One derived article: its id, outlet, publication time and the source it was made from."""

    id: str
    outlet: str
    published: str
    source: str
    article: Derived


def derive(col: Collection, source_ids: list[str], rng: random.Random, chain: MarkovChain) -> list[Made]:
    """Every derived article: each source gets a random subset of the kinds it is long enough for."""
    out: list[Made] = []
    used: set[str] = set()
    for sid in source_ids:
        source = col.sources[sid]
        eligible = [k for k in KIND_RATES if _eligible(k, source)]
        kinds = [k for k in eligible if rng.random() < KIND_RATES[k]] or [rng.choice(eligible)]
        for kind, outlet in zip(kinds, rng.sample(OUTLETS, len(kinds))):
            article = TRANSFORMS[kind](source, rng, chain)
            doc_id = f"{outlet}-{rng.getrandbits(32):08x}"
            while doc_id in used:
                doc_id = f"{outlet}-{rng.getrandbits(32):08x}"
            used.add(doc_id)
            out.append(Made(doc_id, outlet, _later(col.stories[sid].published, rng), sid, article))
    return out


def _eligible(kind: str, source: Source) -> bool:
    if kind in ("partial", "rewrite"):
        return source.is_long
    if kind == "reordered":  # prose paragraphs only: shuffled earnings-table rows are no article
        return sum(len(p.split()) >= 8 and p.rstrip("\"')").endswith((".", "!", "?")) for p in source.paragraphs) >= 3
    return True


def related_pairs(col: Collection, originals: list[str]) -> list[tuple[str, str, float, float, int]]:
    """Unedited story pairs that share a long passage or half their text: (a, b, J, containment, run)."""
    out = []
    vocabulary: dict[str, int] = {}
    for a, b, jac, contained in overlapping_pairs({k: col.shingles[k] for k in originals}, 0.1):
        sequence = shingle_sequence(strip_signoff(col.stories[a].body), vocabulary=vocabulary)
        other = shingles(strip_signoff(col.stories[b].body), vocabulary=vocabulary)
        run = longest_shared_run(sequence, other)
        if contained >= RELATED_CONTAINMENT or run >= RELATED_RUN:
            out.append((a, b, jac, contained, run))
    return out


_TICKER = re.compile(r"^<([^>]+)>|^([^<]+)<")


def company(title: str) -> str | None:
    """The company a headline names by its ticker: the words before the first ``<...>``
    (``MURRAY OHIO <MUR> SEES ...`` -> ``MURRAY OHIO``), or the bracketed name when the headline opens
    with it (``<PAGE PETROLEUM LTD> YEAR LOSS``); None when the headline has no ticker, after a resend's
    marker."""
    match = _TICKER.match(RESENT.sub("", title.strip()).upper())
    if match is None:
        return None
    return " ".join((match.group(1) or match.group(2)).split()) or None


def story_versions(col: Collection, groups: list[list[str]]) -> list[tuple[str, str, float, float, int]]:
    """Pairs of one template group that are one company's story told twice the same day: both
    headlines name the company by ticker, by the same name (a story sent again, updated or followed by a
    second version, ``HARPER INTERNATIONAL INC <HNT> 3RD QTR JAN 31`` and ``... 3RD QTR NET`` eleven
    minutes later). No template is filled in twice there, and whether the second copies the first is no
    honest label either: like ``related`` pairs they are neither to be found nor counted against a
    detector. Returns (a, b, J, containment, longest shared run) as :func:`related_pairs` does."""
    out = []
    vocabulary: dict[str, int] = {}
    for group in groups:
        for a, b in itertools.combinations(sorted(group), 2):
            sa, sb = col.stories[a], col.stories[b]
            name = company(sa.title)
            if name is None or name != company(sb.title) or (sa.published or "")[:10] != (sb.published or "-")[:10]:
                continue
            x = shingles(strip_signoff(sa.body), vocabulary=vocabulary)
            y = shingles(strip_signoff(sb.body), vocabulary=vocabulary)
            shared = len(set(x.tolist()) & set(y.tolist()))
            jac = shared / max(1, len(x) + len(y) - shared)
            contained = shared / max(1, min(len(x), len(y)))
            run = longest_shared_run(shingle_sequence(strip_signoff(sa.body), vocabulary=vocabulary), y)
            out.append((a, b, round(jac, 4), round(contained, 4), run))
    return out


def build_truth(col: Collection, seed: int, originals: list[str], made: list[Made]) -> dict[str, Any]:
    """truth.json: documents, labelled pairs, clusters (components of all pairs), template groups."""
    included = set(originals)
    documents: dict[str, dict[str, Any]] = {}
    for k in originals:
        story = col.stories[k]
        documents[k] = {"outlet": "reuters", "origin": "reuters", "published": story.published,
                        "topics": list(story.topics), "template": template_key(story.title, story.topics)}
    pairs: list[dict[str, Any]] = []
    for m in made:
        documents[m.id] = {"outlet": m.outlet, "origin": "derived", "kind": m.article.kind, "source": m.source,
                           "published": m.published}
        pair = {"a": min(m.source, m.id), "b": max(m.source, m.id), "kind": m.article.kind,
                "source": m.source, "derived": m.id, "sentence_map": m.article.sentence_map()}
        if m.article.kind == "rewrite":
            pair["variant"] = m.article.variant
            pair["sentences"] = m.article.sentences
        pairs.append(pair)
    for a, b, score in col.duplicates:
        if a in included and b in included:
            first, second = sorted((a, b), key=lambda k: (col.stories[k].published or "", _newid(k)))
            pairs.append({"a": a, "b": b, "kind": "real_duplicate", "source": first, "derived": second,
                          "jaccard": score})
    pairs.sort(key=lambda p: (p["a"], p["b"]))
    labelled = {(p["a"], p["b"]) for p in pairs}
    clusters = [g for g in connected_groups(documents, [(p["a"], p["b"]) for p in pairs]) if len(g) > 1]
    groups = template_groups((k, col.stories[k].title, col.stories[k].topics) for k in originals)
    related = {r[:2]: list(r) for r in related_pairs(col, originals) if r[:2] not in labelled}
    for r in story_versions(col, groups):
        if r[:2] not in labelled:
            related.setdefault(r[:2], list(r))
    related = [related[k] for k in sorted(related)]
    return {"seed": seed, "documents": dict(sorted(documents.items())), "pairs": pairs,
            "clusters": clusters, "template_groups": groups, "related": related}


def records(col: Collection, originals: list[str], made: list[Made], rng: random.Random) -> list[dict[str, Any]]:
    """The labelled corpus in a seeded shuffled order (so file order says nothing about who copied whom)."""
    out = [col.stories[k].to_record() for k in originals]
    out += [{"id": m.id, "text": m.article.text, "title": m.article.title, "outlet": m.outlet,
             "published": m.published} for m in made]
    out.sort(key=lambda r: r["id"])
    rng.shuffle(out)
    return out


def filler(chain: MarkovChain, lengths: list[int], rng: random.Random, n: int) -> Iterator[dict[str, Any]]:
    """``n`` Markov-chain articles as long as real stories, each from its own outlet and date."""
    draw = length_sampler(lengths)
    start = datetime(1987, 2, 26, tzinfo=timezone.utc)
    for i in range(n):
        body = chain.article(rng, draw(rng))
        title = " ".join(body[0].split()[:7]).rstrip(".,").upper()
        published = start + timedelta(seconds=rng.randint(0, 120 * 86400))
        yield {"id": f"filler-{i:07d}", "text": "\n\n".join(body), "title": title,
               "outlet": f"{rng.choice(OUTLETS)}", "published": published.strftime("%Y-%m-%dT%H:%M:%SZ")}


def generate(data: Path, out: Path, *, seed: int, n_sources: int, n_distractors: int, scale: int | None,
             desk: bool = False) -> str:
    """Write corpus.jsonl and truth.json under ``out``; returns a one-paragraph summary."""
    started = time.perf_counter()
    col = load(data)
    rng = random.Random(seed)
    chain = MarkovChain((prose(col.sources[k].paragraphs) for k in sorted(col.sources, key=_newid)), min_count=3)
    source_ids = pick_sources(col, rng, n_sources)
    originals = sorted(set(source_ids) | set(pick_distractors(col, rng, n_distractors, set(source_ids))), key=_newid)
    made = derive(col, source_ids, rng, chain)
    desk_truth: dict[str, dict[str, Any]] = {}
    extra: list[dict[str, Any]] = []
    if desk:  # its own generator: the default set stays byte-identical
        made, desk_truth, extra = desk_changes(made, {k: col.stories[k].to_record() for k in source_ids},
                                               {k: col.sources[k].place for k in source_ids}, random.Random(seed + 18))
    truth = build_truth(col, seed, originals, made)
    rows = records(col, originals, made, rng)
    if desk:
        for doc_id, entry in desk_truth.items():
            truth["documents"][doc_id]["desk"] = entry
        for record in extra:
            truth["documents"][record["id"]] = {"outlet": "reuters", "origin": "correction",
                                                "corrects": record["id"].removesuffix("-c"),
                                                "published": record["published"]}
        truth["corrections"] = [r["id"] for r in extra]
        place = random.Random(seed + 19)  # seeded places in the shuffled order, not all at the end
        for record in extra:
            rows.insert(place.randrange(len(rows) + 1), record)
    out.mkdir(parents=True, exist_ok=True)
    (out / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    labelled = time.perf_counter() - started
    n_filler = max(0, (scale or 0) - len(rows))
    with (out / "corpus.jsonl").open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        lengths = [len(" ".join(col.sources[k].paragraphs).split()) for k in sorted(col.sources, key=_newid)]
        for row in filler(chain, lengths, random.Random(seed + 1), n_filler):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    kinds: dict[str, int] = {}
    for p in truth["pairs"]:
        kinds[p["kind"]] = kinds.get(p["kind"], 0) + 1
    return (f"{len(rows) + n_filler:,} articles ({len(originals):,} Reuters, {len(made):,} derived, {n_filler:,} filler); "
            f"pairs {dict(sorted(kinds.items()))}; {len(truth['template_groups'])} template groups; "
            f"labelled set {labelled:.1f} s, total {time.perf_counter() - started:.1f} s -> {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the labelled Reuters syndication benchmark set.")
    parser.add_argument("--data", default=DEFAULT_DATA, help="Reuters-21578 folder (default: %(default)s)")
    parser.add_argument("--out", default="benchmarks/out/synd", help="output folder (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--n-sources", type=int, default=600, help="stories to derive copies from")
    parser.add_argument("--n-distractors", type=int, default=2000, help="unedited Reuters stories added")
    parser.add_argument("--scale", type=int, default=None, help="pad with filler to this many articles")
    parser.add_argument("--desk", action="store_true",
                        help="also flip credit lines, change figures and send corrections (truth in 'desk'); "
                             "measured by benchmarks/desk_quality.py")
    args = parser.parse_args(argv)
    if not Path(args.data).is_dir():
        sys.exit(f"Error: {args.data}: Reuters-21578 not found (pass --data with the folder of reut2-*.sgm)")
    print(generate(Path(args.data), Path(args.out), seed=args.seed, n_sources=args.n_sources,
                   n_distractors=args.n_distractors, scale=args.scale, desk=args.desk))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
