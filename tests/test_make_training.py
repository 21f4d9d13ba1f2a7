"""The training set's builder: the short rewrites made with --short-rewrites (pure helpers, no data)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from benchmarks.make_training import _first_sentences, _part, _short_prose  # noqa: E402
from synd_transforms import Source  # noqa: E402

LEDE = "Acme Corp said on Tuesday it would close its plant in Denver by the end of the year."
STORY = Source("reuters-1", "ACME TO CLOSE DENVER PLANT", "DENVER", (
    LEDE + " The plant employs 400 people and makes valves for the oil industry.",
    "The company said demand for its valves had fallen by a third since last spring.",
    "It will move production to its larger plant in Tulsa, Oklahoma, the company said.",
    "Acme shares fell 50 cts to 12.25 dlrs in early trading on the American exchange.",
))
TABLE = Source("reuters-2", "ACME CORP 1ST QTR NET", "DENVER", (
    "Shr 10 cts vs 12 cts", "Net 1.2 mln vs 1.4 mln", "Revs 20.1 mln vs 19.8 mln", "Avg shrs 12 mln vs 12 mln",
))


def test_a_brief_keeps_whole_paragraphs_up_to_the_sentences_asked() -> None:
    assert _first_sentences(STORY, 3).paragraphs == STORY.paragraphs[:2]
    assert _first_sentences(STORY, 1).paragraphs == STORY.paragraphs[:1]  # at least the lede's paragraph
    assert _first_sentences(STORY, 99).paragraphs == STORY.paragraphs


def test_only_short_prose_is_rewritten_whole() -> None:
    assert _short_prose(STORY)
    assert not _short_prose(TABLE)  # table rows are no sentences to rewrite
    long_story = Source("reuters-3", STORY.title, STORY.place, STORY.paragraphs * 3)
    assert not _short_prose(long_story)


def test_short_rewrites_are_their_own_part_of_the_build() -> None:
    assert _part({"origin": "synd:short-rewrite-brief-heavy", "dataset": "synd"}) == "short"
    assert _part({"origin": "synd:rewrite-heavy", "dataset": "synd"}) == "synd"


def test_filler_pairs_are_negatives_split_by_group_and_the_same_each_run(tmp_path: Path) -> None:
    import json

    from benchmarks.make_training import filler

    sentences = ["The harvest in the northern provinces was delayed by heavy rains this year, officials said.",
                 "Traders said the central bank would hold interest rates steady at its meeting next week.",
                 "The company said its quarterly profit rose on higher sales of equipment to oil producers."]
    stories = [{"id": f"reuters-{i}", "text": "    " + " ".join(sentences[(i + k) % 3] for k in range(6))}
               for i in range(12)]
    path = tmp_path / "reuters.jsonl"
    path.write_text("".join(json.dumps(s) + "\n" for s in stories), encoding="utf-8")
    first = filler(path, 14, 1, n=10)
    assert first, "articles written from three sentences must meet as candidates"
    assert {(r["dataset"], r["label"], r["kind"], r["origin"]) for r in first} == {("filler", 0, None, "filler:unrelated")}
    side_of: dict[str, set[str]] = {}
    for r in first:
        for doc in (r["a"], r["b"]):
            side_of.setdefault(doc, set()).add(r["split"])
    assert all(len(sides) == 1 for sides in side_of.values())  # no article on both sides of the split
    assert filler(path, 14, 1, n=10) == first


TABLE_TEXT = "INDIANAPOLIS, March 25 - Feb 28 end\n    Shr 18 cts vs 13 cts\n    Net 1,541,000 vs 1,122,000\n Reuter\n"


def _story(title: str, text: str = TABLE_TEXT, published: str = "1987-03-25T11:20:55Z") -> dict[str, str]:
    return {"title": title, "text": text, "published": published}


def test_a_resent_earnings_table_is_no_template_of_another_company() -> None:
    from benchmarks.make_training import form_label

    first = _story("LILLY INDUSTRIAL COATINGS INC <LICIA> 1ST QTR")
    for resent in ("CORRECTED-LILLY INDUSTRIAL COATINGS INC <LICIA>", "CORRECTED - LILLY INDUSTRIAL <LICIA> 1ST QTR",
                   "RPT-LILLY INDUSTRIAL COATINGS INC <LICIA> NET"):
        assert form_label(first, _story(resent)) is None, resent  # a version of one story: no honest label
    other = _story("GETTY PETROLEUM <GTY> YEAR NET")
    assert form_label(first, other) == "template"
    assert form_label(_story("CORRECTED-LILLY INDUSTRIAL COATINGS INC <LICIA>"), other) == "template"


def _roundup_archive(path: Path) -> dict[str, str]:
    """A small archive of two topics: each story 8 sentences of 10 words drawn from its topic's words (no
    two share a 5-gram), and one story sent again word for word (it shares text with the first)."""
    import json
    import random

    rng = random.Random(7)
    vocab = {"grain": "wheat maize harvest tonnes export sorghum barley silo farmers rains crop yield".split(),
             "money": "bundesbank rates dealers liquidity repurchase pfennig marks dollar call money tender".split()}
    stories = []
    for i in range(24):
        topic = ("grain", "money")[i % 2]
        sentences = [" ".join(rng.choice(vocab[topic]) for _ in range(10)).capitalize() + "." for _ in range(8)]
        stories.append({"id": f"reuters-{i}", "text": "    " + " ".join(sentences), "topics": [topic],
                        "published": f"1987-03-{1 + i % 3:02d}T10:00:00Z", "title": f"STORY {i}"})
    stories.append(dict(stories[0], id="reuters-99"))
    path.write_text("".join(json.dumps(s) + "\n" for s in stories), encoding="utf-8")
    return {s["id"]: s["topics"][0] for s in stories}


def test_roundups_give_their_retold_story_and_negatives_never_a_story_they_hold_or_its_copies(
        tmp_path: Path, monkeypatch) -> None:
    import benchmarks.make_training as mt
    from benchmarks.reuters import paragraphs

    path = tmp_path / "reuters.jsonl"
    _roundup_archive(path)
    texts: dict[str, str] = {}
    scan = mt.corpus_evidence

    def seen(docs, extra=()):  # the roundups' texts, as the builder scans them
        texts.update({d.id: d.text for d in docs})
        return scan(docs, extra)

    monkeypatch.setattr(mt, "corpus_evidence", seen)
    first = mt.roundups(path, 14, 1, n=4)
    assert first, "stories of one topic's words must meet the roundups as candidates"
    kinds = {(r["dataset"], r["label"], r["kind"], r["origin"].removesuffix("-alone")) for r in first}
    assert kinds == {("roundup", 1, "partial", "roundup:rewritten"), ("roundup", 0, None, "roundup:other")} \
        or kinds == {("roundup", 1, "partial", "roundup:rewritten"), ("roundup", 0, None, "roundup:other"),
                     ("roundup", 0, None, "roundup:roundup")}
    ups = {k: v for k, v in texts.items() if k.startswith("roundup-")}
    retold: dict[str, set[str]] = {}
    for r in first:
        if r["label"] == 1:
            up, story = sorted((r["a"], r["b"]), key=lambda d: not d.startswith("roundup-"))
            retold.setdefault(up, set()).add(story)
            assert paragraphs(texts[story])[0] not in ups[up]  # retold, not held word for word
    assert retold and all(len(stories) == 1 for stories in retold.values())  # one story retold a roundup
    # which roundup holds each story, word for word or retold
    holder = {k: up for k in texts for up, text in ups.items()
              if not k.startswith("roundup-") and (paragraphs(texts[k])[0] in text or k in retold.get(up, ()))}
    assert holder.get("reuters-0") is not None, "the story sent again must be in a roundup for the test to tell"
    for r in first:
        up, story = sorted((r["a"], r["b"]), key=lambda d: not d.startswith("roundup-"))
        if r["label"] == 0 and not story.startswith("roundup-"):
            # no story is the negative of the roundup holding it, nor of the one holding its copy
            assert holder.get(story) != up, (up, story)
            twin = {"reuters-0": "reuters-99", "reuters-99": "reuters-0"}.get(story)
            assert twin is None or holder.get(twin) != up, (up, story)
    side_of: dict[str, set[str]] = {}
    for r in first:
        for doc in (r["a"], r["b"]):
            side_of.setdefault(doc, set()).add(r["split"])
    assert all(len(sides) == 1 for sides in side_of.values())
    assert mt.roundups(path, 14, 1, n=4) == first
