"""``compare`` read among a corpus gives the scan's answer for the pair; a two-text answer near the bar says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedup import Document, compare, scan
from dedup.decision import Thresholds
from dedup.errors import InputError
from dedup.one_answer import NEAR_BAR, compare_among, corpus_of, near_bar, reading, reading_line
from dedup.signing import corpus_vocabulary


@pytest.fixture(scope="module")
def welsh() -> list[Document]:
    """The Welsh cases: each of their seven articles shares its stretches with the others, so a scan of them
    counts a stretch's spread that ``compare`` of two cannot."""
    from benchmarks.multilingual import documents

    return documents("cy")


def _answer(data: dict, aligned: bool) -> str:
    """A pair's JSON without what only a comparison carries (its schema version, the texts in its alignment);
    without the direction and alignment where the scan judged the pair unaligned (``compare`` then aligns the
    whole texts for the view, and reads the direction from that)."""
    data = dict(data)
    data.pop("schema_version", None)
    if aligned:
        data["alignment"] = {k: v for k, v in data["alignment"].items() if k != "documents"}
    else:
        for key in ("alignment", "source", "derived", "direction_reason"):
            data.pop(key, None)
    return json.dumps(data, sort_keys=True)


def test_compare_among_a_corpus_is_the_scans_pair_byte_for_byte(welsh: list[Document]) -> None:
    by_id = {d.id: d for d in welsh}
    pairs = scan(welsh).pairs
    assert pairs
    for pair in pairs:
        among = compare(by_id[pair.a], by_id[pair.b], corpus=welsh)
        aligned = pair.alignment is not None
        assert _answer(among.to_dict(), aligned) == _answer(pair.to_dict(), aligned)


def test_a_pair_the_corpus_moves_gets_the_scans_answer(welsh: list[Document]) -> None:
    # the rewrite and its source: compare of the two alone reports a rewrite near the bar; a scan of the
    # cases does not (their shared stretches are found in the other articles): the corpus moves it
    by_id = {d.id: d for d in welsh}
    reported = {frozenset((p.a, p.b)) for p in scan(welsh).pairs}
    a, b = by_id["cy/rewrite"], by_id["cy/source"]
    alone = compare(a, b)
    among = compare(a, b, corpus=welsh)
    assert frozenset((a.id, b.id)) not in reported
    assert alone.verdict is not None and near_bar(alone.confidence, Thresholds().bar())
    assert among.verdict is None and among.confidence < alone.confidence
    assert any(p.elsewhere for p in among.evidence.passages)
    assert not any(p.elsewhere for p in alone.evidence.passages)


def test_articles_not_in_the_corpus_are_read_with_it(welsh: list[Document]) -> None:
    by_id = {d.id: d for d in welsh}
    source, rewrite = by_id["cy/source"], by_id["cy/rewrite"]
    given = (Document("mine.txt", source.text), Document("theirs.txt", rewrite.text))
    # given under other ids, found in the corpus by their texts: the corpus's articles stand for them
    found = compare(*given, corpus=welsh)
    assert (found.a.id, found.b.id) == (source.id, rewrite.id)
    assert found.to_dict() == compare(source, rewrite, corpus=welsh).to_dict()
    # not in the corpus: added to it, as a scan of the corpus and the two reads them
    others = [d for d in welsh if d.text not in (source.text, rewrite.text)]  # the verbatim copy too
    added = compare(*given, corpus=others)
    assert (added.a.id, added.b.id) == ("mine.txt", "theirs.txt")
    pairs = {frozenset((p.a, p.b)): p for p in scan(others + list(given)).pairs}
    pair = pairs.get(frozenset(("mine.txt", "theirs.txt")))
    assert (added.verdict, pair and pair.confidence) == ((pair.verdict, added.confidence) if pair else (None, None))


def test_two_copies_of_one_text_stand_for_two_articles_of_the_corpus() -> None:
    text = ("The port authority said on Monday that dock workers would strike for two days from Thursday over "
            "pay, halting container traffic at the country's busiest harbour during the holiday season.")
    docs = [Document("x", text), Document("y", text), Document("z", "Unrelated weather notes for the north, "
                                                                   "sunny spells and light winds tomorrow.")]
    compared = compare(Document("p", text), Document("q", text), corpus=docs)
    assert (compared.a.id, compared.b.id) == ("x", "y") and compared.verdict == "duplicate"


def test_an_id_the_corpus_holds_with_another_text_is_made_unique() -> None:
    docs = [Document("a", "The council voted to close the old library on Friday after a long debate.")]
    other = Document("a", "Completely different words about football results and the weekend's league table.")
    compared = compare(other, Document("b", docs[0].text), corpus=docs)
    assert compared.a.id == "a (2)" and compared.b.id == "a"


def test_a_vocabulary_given_is_read_with(welsh: list[Document]) -> None:
    a, b = welsh[0], welsh[1]
    vocab = corpus_vocabulary([d.text for d in welsh])
    assert compare(a, b, vocabulary=vocab).to_dict() == compare_among(a, b, [a, b], vocabulary=vocab).to_dict()
    with pytest.raises(TypeError, match="vocabulary must be a Vocabulary"):
        compare(a, b, vocabulary={"the"})


def test_near_the_bar_both_sides() -> None:
    assert near_bar(0.62 + NEAR_BAR / 2, 0.62) and near_bar(0.62 - NEAR_BAR / 2, 0.62)
    assert not near_bar(0.62 + NEAR_BAR * 1.5, 0.62) and not near_bar(0.1, 0.62)


def test_reading_says_a_two_text_answer_near_the_bar(welsh: list[Document]) -> None:
    by_id = {d.id: d for d in welsh}
    alone = compare(by_id["cy/light_edit"], by_id["cy/rewrite"])
    read = reading(alone, 0.62, 2)
    assert read == {"read_among": 2, "near_bar": True}
    assert "two-text answer near the bar" in reading_line(read)
    among = reading(compare(by_id["cy/light_edit"], by_id["cy/rewrite"], corpus=welsh), 0.62, len(welsh))
    assert among == {"read_among": 7, "near_bar": False}
    assert reading_line(among).startswith("read among 7 articles")
    far = reading(compare(by_id["cy/source"], by_id["cy/verbatim"]), 0.62, 2)
    assert far["near_bar"] is False and reading_line(far) is None


def test_an_empty_corpus_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no article read"):
        corpus_of(tmp_path)
    with pytest.raises(InputError, match="^--corpus .*nothere: no such file or folder"):
        corpus_of(tmp_path / "nothere")
    text = "The council voted on Friday to close the old library after a long and bitter debate in the town hall."
    (tmp_path / "twice.jsonl").write_text(json.dumps({"id": "x", "text": text}) + "\n" +
                                          json.dumps({"id": "x", "text": text + " More."}) + "\n")
    with pytest.raises(InputError, match="^--corpus .*twice.jsonl: duplicate article id"):
        corpus_of(tmp_path / "twice.jsonl")


def test_a_corpus_given_by_its_path_is_read_as_a_scan_reads_it(tmp_path: Path, welsh: list[Document]) -> None:
    with (tmp_path / "cases.jsonl").open("w", encoding="utf-8") as out:
        for doc in welsh:
            out.write(json.dumps({"id": doc.id, "text": doc.text, "outlet": doc.outlet}) + "\n")
    by_id = {d.id: d for d in welsh}
    a, b = by_id["cy/light_edit"], by_id["cy/rewrite"]
    assert compare(a, b, corpus=tmp_path / "cases.jsonl").to_dict() == compare(a, b, corpus=welsh).to_dict()
    with pytest.raises(InputError):
        compare(a, b, corpus=tmp_path / "nothere.jsonl")
