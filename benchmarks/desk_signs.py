"""A client's copy of another client's own words: how often the wire desk's sign (``common_source.apart``,
:func:`dedup.desk.source_wording`) is given, rightly and wrongly.

Usage::

    python -m benchmarks.desk_signs --corpus benchmarks/out/synd [--copies 60] [--seed 7]

The syndication set's truth: every client took from Reuters, none from another client, so a sign on any pair of
the set with an earlier article (hedged "published first") is wrong. ``--copies`` client articles drawn at
random are each copied whole (every second one without its last paragraph) as an article of a new outlet
(``copy-desk-0`` to ``-4``) published two hours later: a sign on the pair of a copy and its client is right. The
set with the copies is scanned once; the sign is counted at several margins and numbers of sentences.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: (margin, sentences) counted: the shipped pair (:data:`dedup.desk.APART_MARGIN`, ``APART_SENTENCES``) among them.
SETTINGS = ((0.05, 2), (0.1, 2), (0.2, 2), (0.2, 3), (0.3, 2), (0.3, 3))


def with_copies(corpus: Path, truth: dict[str, Any], copies: int, seed: int) -> tuple[list[str], dict[tuple[str, str], str]]:
    """The set's JSONL lines with ``copies`` copies of clients' articles added, and (client, copy) -> the
    client's kind of taking."""
    lines = corpus.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    clients = [r for r in records if truth.get(r["id"], {}).get("origin") == "derived" and r.get("published")]
    random.Random(seed).shuffle(clients)
    added: dict[tuple[str, str], str] = {}
    for k, client in enumerate(clients[:copies]):
        when = datetime.datetime.fromisoformat(client["published"].replace("Z", "+00:00")) + datetime.timedelta(hours=2)
        text, paragraphs = client["text"], client["text"].split("\n\n")
        if k % 2 and len(paragraphs) > 2:
            text = "\n\n".join(paragraphs[:-1])
        copy = {"id": f"copycat-{k:02d}", "text": text, "outlet": f"copy-desk-{k % 5}", "title": client.get("title"),
                "published": when.isoformat().replace("+00:00", "Z")}
        lines.append(json.dumps(copy))
        added[(client["id"], copy["id"])] = truth[client["id"]]["kind"]
    return lines, added


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default="benchmarks/out/synd", help="folder with corpus.jsonl and truth.json")
    parser.add_argument("--copies", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    from dedup import scan
    from dedup.desk import earlier_common, source_wording

    folder = Path(args.corpus)
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))["documents"]
    lines, added = with_copies(folder / "corpus.jsonl", truth, args.copies, args.seed)
    with tempfile.TemporaryDirectory() as scratch:
        feed = Path(scratch) / "corpus.jsonl"
        feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = scan(str(feed))
    pairs, docs = list(result.pairs), {d.id: d for d in result.documents}
    by_ids = {(p.a, p.b): p for p in pairs}
    # per hedged pair (an earlier article reported with both), its signed sentences at each margin
    signs: dict[tuple[str, str], dict[float, int]] = {}
    for (source, derived), articles in earlier_common(pairs, docs).items():
        pair = by_ids[(min(source, derived), max(source, derived))]
        others = [by_ids.get((min(e, derived), max(e, derived))) for e in articles]
        signs[(source, derived)] = {m: source_wording(pair, others, margin=m) for m in {m for m, _ in SETTINGS}}
    counts: dict[str, Any] = {"pairs": len(pairs), "hedged": len(signs), "copies": len(added),
                              "copies_hedged": dict(Counter(kind for key, kind in added.items() if key in signs))}
    for margin, sentences in SETTINGS:
        signed = [key for key, found in signs.items() if found[margin] >= sentences]
        right = Counter(added[key] for key in signed if key in added)
        counts[f"{margin}/{sentences}"] = {"wrong": sum(1 for key in signed if key not in added),
                                           "right": sum(right.values()), "right_by_kind": dict(right)}
    print(json.dumps(counts, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
