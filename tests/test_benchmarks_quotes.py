"""The pairs of stories sharing a quotation (benchmarks/quote_pairs.py), built from a small made-up wire."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from benchmarks.quote_pairs import build
from dedup.confidence import quotation_spans

TOPICS = ("coffee", "copper", "wheat", "rubber", "cotton", "sugar", "cocoa", "tin", "zinc", "lead", "rice", "oats",
          "barley", "nickel", "silver", "palm oil")


def _story(k: int, topic: str) -> dict[str, str]:
    paragraphs = [
        f"LONDON, March {k + 1} - Traders said {topic} prices moved sharply in thin trading on Monday as "
        f"buyers waited for the {topic} council to publish its quarterly estimate of world stocks.",
        f"Dealers in the {topic} market said the council was expected to lower its forecast because "
        f"shipments from the main producers had slowed considerably during the second half of the year.",
        f"Several exporters of {topic} said they would hold back new sales until the figures were out, "
        "which left the spot market with very few offers.",
        f"The council meets again in April to discuss a new agreement on {topic} quotas among members.",
    ]
    return {"id": f"reuters-{k}", "text": "\n    ".join(paragraphs)}


def test_pairs_share_one_quotation_each_and_are_the_same_from_the_same_seed(tmp_path: Path) -> None:
    wire = tmp_path / "wire.jsonl"
    wire.write_text("".join(json.dumps(_story(k, t)) + "\n" for k, t in enumerate(TOPICS)), encoding="utf-8")
    docs, labelled = build(wire, None, [], seed=3, pairs=2)
    assert (docs, labelled) == build(wire, None, [], seed=3, pairs=2)
    kinds = [origin for *_, origin in labelled]
    assert kinds.count("quotes:shared-quote") == 2 and kinds.count("quotes:copied-with-quote") == 2
    text = {d.id: d.text for d in docs}
    assert len(text) == len(docs) == 8
    for a, b, label, kind, origin in labelled:
        if origin != "quotes:shared-quote":
            assert (label, kind) == (1, "partial")
            continue
        assert (label, kind) == (0, None)
        quoted_a = {text[a][s + 1:e - 1].strip(" ,.") for s, e in quotation_spans(text[a]).tolist()}
        quoted_b = {text[b][s + 1:e - 1].strip(" ,.") for s, e in quotation_spans(text[b]).tolist()}
        assert quoted_a & quoted_b  # the same words quoted in both
    # a quotation's story is used once: each quotation is in the two texts of one pair, no more
    every = Counter(text[d.id][s:e].strip('" ,.') for d in docs for s, e in quotation_spans(d.text).tolist())
    assert set(every.values()) == {2}
    assert not any(q.startswith("LONDON") for q in every)  # a dateline is no one's words
