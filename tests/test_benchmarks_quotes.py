"""The pairs of stories sharing a quotation (benchmarks/quote_pairs.py), built from a small made-up wire."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from benchmarks.quote_pairs import build, copied_with_quote, quotable, shared_quote
from dedup.facts import quotation_spans

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


def test_two_reports_given_one_quotation_share_its_words_with_their_own_attributions() -> None:
    import random

    story = _story(0, "coffee")["text"].split("\n    ")
    other = ["Unions called a strike at the port.", "Ships waited outside the harbour.", "Talks resume on Monday."]
    donor = ("Dock workers said the new cranes would cost hundreds of jobs at the terminals over the next "
             "two years and that they would not accept it.",)
    sentence = quotable(donor)[0]
    assert quotable(["Shr 10 cts vs 12 cts", "Net 1.2 mln vs 1.4 mln"]) == []  # no prose to quote
    a, b = shared_quote(story, other, [sentence], random.Random(3))
    words = sentence.rstrip(".")
    added_a, added_b = [p for p in a if p not in story], [p for p in b if p not in other]
    assert len(added_a) == len(added_b) == 1 and added_a != added_b
    assert words in added_a[0] and words in added_b[0] and '"' in added_a[0] and '"' in added_b[0]
    assert a[0] == story[0]  # never before the lead
    source, copy = copied_with_quote(story, other, sentence, random.Random(3))
    copied = [p for p in copy if p not in other]
    assert len(copied) == 1 and words in copied[0]
    own = " ".join(p for p in source if p in copied[0] and words not in p)  # the source's own text copied
    assert len(own.split()) >= 40
