"""dedup.article_ids: ids unique in a read, one id however its accents are composed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from _reading_cases import BODY, write
from dedup.errors import DuplicateIdError
from dedup import article_ids
from dedup.article_ids import text_digest
from dedup.reading import read_corpus


def _jsonl_ids(path: Path, ids: list[str]) -> Path:
    # each line another text: one id under two texts is two articles (one id under one text is read once, below)
    path.write_text("".join(json.dumps({"id": i, "text": f"{BODY} Line {k}."}) + "\n" for k, i in enumerate(ids)),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("batch", [2, 3, 1 << 16])
@pytest.mark.parametrize("spill", [None, 0], ids=["held", "texts-in-a-file"])
def test_the_first_id_read_twice_is_named_whatever_the_batches_of_the_check(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int, spill: int | None) -> None:
    # ids are checked a batch at a time against the older ones: a repeat across batches is found when its
    # batch is merged, and the one reported is still the first read twice (here 'c', not the later 'a');
    # where each was read comes back from the articles, also when they wait in a file
    monkeypatch.setattr(article_ids.SeenIds, "BATCH", batch)
    feed = _jsonl_ids(tmp_path / "feed.jsonl", ["a", "b", "c", "d", "e", "c", "a"])
    with pytest.raises(DuplicateIdError, match=r"'c' in feed.jsonl:3 and feed.jsonl:6"):
        read_corpus(feed, spill=spill)
    assert len(read_corpus(_jsonl_ids(tmp_path / "ok.jsonl", list("abcdefg"))).documents) == 7


def test_ids_that_share_a_hash_are_told_apart_by_their_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(article_ids, "id_hash", len)  # every id of one length collides
    monkeypatch.setattr(article_ids.SeenIds, "BATCH", 2)
    ids = ["a1", "b2", "c3", "d4", "e5"]
    assert [d.id for d in read_corpus(_jsonl_ids(tmp_path / "ok.jsonl", ids)).documents] == ids
    with pytest.raises(DuplicateIdError, match=r"'c3' in dup.jsonl:3 and dup.jsonl:5"):
        read_corpus(_jsonl_ids(tmp_path / "dup.jsonl", ["a1", "b2", "c3", "d4", "c3", "a1"]))


def test_duplicate_ids_name_both_places(tmp_path: Path) -> None:
    write(tmp_path / "a.jsonl", json.dumps({"id": "x", "text": BODY + " Updated."}) + "\n")
    write(tmp_path / "b.json", json.dumps({"id": "x", "text": BODY}))
    with pytest.raises(DuplicateIdError, match=r"'x' in a.jsonl:1 and b.json"):
        read_corpus(tmp_path)


@pytest.mark.parametrize("ids", [["caf\u00e9", "cafe\u0301"], ["cafe\u0301", "caf\u00e9"], ["\uac00", "\u1100\u1161"]],
                         ids=["composed-first", "decomposed-first", "hangul-jamo"])
def test_ids_that_differ_only_in_how_they_are_composed_are_one_id(tmp_path: Path, ids: list[str]) -> None:
    """Two ids that are one string composed (NFC) are one id read twice: every report showed them alike (a
    cluster of "café, café"), and the two articles could not be told apart. Neither id is changed."""
    lines = [json.dumps({"id": doc_id, "text": f"{BODY} {k}"}) for k, doc_id in enumerate(ids)]
    write(tmp_path / "f.jsonl", "\n".join(lines) + "\n")
    with pytest.raises(DuplicateIdError, match=rf"in f.jsonl:1 and f.jsonl:2 \(the ids {re.escape(ascii(ids[0]))} "
                                                rf"and {re.escape(ascii(ids[1]))} differ only in how"):
        read_corpus(tmp_path / "f.jsonl")
    write(tmp_path / "g.jsonl", lines[0] + "\n")
    assert [d.id for d in read_corpus(tmp_path / "g.jsonl").documents] == ids[:1]  # kept as given


def test_the_api_refuses_ids_that_differ_only_in_how_they_are_composed() -> None:
    from dedup import Document, scan

    with pytest.raises(DuplicateIdError, match=r"the ids 'caf\\xe9' and 'cafe\\u0301' differ only"):
        scan([Document("caf\u00e9", BODY), Document("cafe\u0301", BODY + " Later.")])


@pytest.mark.parametrize("ids, named", [
    (["a\ud800", "a\udfff"], r"the ids 'a\\ud800' and 'a\\udfff' became one"),  # lone surrogates
    (["a\x01", "a\x1b"], r"the ids 'a\\x01' and 'a\\x1b' became one"),          # control characters
    (["a\ufffd", "a\ud800"], r"the id 'a\\ud800' became this one"),              # one was U+FFFD as given
], ids=["surrogates", "controls", "one-as-given"])
def test_ids_made_one_by_replaced_characters_are_named_as_given(tmp_path: Path, ids: list[str], named: str) -> None:
    # both became 'a\ufffd': the error named that id only, which neither line of the feed holds
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": i, "text": f"{BODY} {k}"}) + "\n" for k, i in enumerate(ids)),
                    encoding="utf-8")
    with pytest.raises(DuplicateIdError, match=r"'a\ufffd' in feed.jsonl:1 and feed.jsonl:2 \(" + named):
        read_corpus(feed)


@pytest.mark.parametrize("batch", [2, 1 << 16])
@pytest.mark.parametrize("spill", [None, 0], ids=["held", "texts-in-a-file"])
def test_one_id_with_one_text_is_one_article_read_once_whatever_the_batches(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int, spill: int | None) -> None:
    # a feed exported twice (its lines again after its own): it was "duplicate article id 'a' in feed.jsonl:1 and
    # feed.jsonl:4"; the first read is kept, its metadata too, and each repeat is named among the skipped
    monkeypatch.setattr(article_ids.SeenIds, "BATCH", batch)
    texts = {i: f"{BODY} Story {i}." for i in "abc"}
    lines = [{"id": i, "text": texts[i], "title": f"first {i}"} for i in "abc"]
    lines += [{"id": i, "text": texts[i], "title": f"later {i}"} for i in "cab"]
    write(tmp_path / "feed.jsonl", "".join(json.dumps(line) + "\n" for line in lines))
    corpus = read_corpus(tmp_path / "feed.jsonl", spill=spill)
    assert [(d.id, d.title) for d in corpus.documents] == [("a", "first a"), ("b", "first b"), ("c", "first c")]
    assert [(s.path, s.reason, s.article) for s in corpus.skipped] == [
        (f"feed.jsonl:{n}", f"the same article as feed.jsonl:{k} (id {i!r}), read once", False)
        for n, (i, k) in enumerate([("c", 3), ("a", 1), ("b", 2)], start=4)]
    # the same id under the same text once normalised (accents composed, line ends): one article too
    write(tmp_path / "composed.jsonl", json.dumps({"id": "a", "text": texts["a"] + "\nCaf\u00e9."}) + "\n"
          + json.dumps({"id": "a", "text": texts["a"] + "\r\nCafe\u0301."}) + "\n")
    assert len(read_corpus(tmp_path / "composed.jsonl").documents) == 1
    # and one word changed is another text: the error it was, naming both places
    write(tmp_path / "updated.jsonl", json.dumps({"id": "a", "text": texts["a"]}) + "\n"
          + json.dumps({"id": "a", "text": texts["a"].replace("budget", "budgets")}) + "\n")
    with pytest.raises(DuplicateIdError, match=r"'a' in updated.jsonl:1 and updated.jsonl:2: ids must be unique"):
        read_corpus(tmp_path / "updated.jsonl")


def test_a_repeat_across_files_keeps_the_first_read_and_the_python_api_refuses_repeats_as_before(tmp_path: Path) -> None:
    write(tmp_path / "a.jsonl", json.dumps({"id": "x", "text": BODY}) + "\n")
    write(tmp_path / "b.json", json.dumps({"id": "x", "text": BODY}))
    corpus = read_corpus(tmp_path)
    assert [d.path for d in corpus.documents] == ["a.jsonl:1"]
    assert [s.reason for s in corpus.skipped] == ["the same article as a.jsonl:1 (id 'x'), read once"]
    # Documents the caller built are no read: one given twice is the caller's slip, refused as before
    from dedup import Document, scan

    with pytest.raises(DuplicateIdError, match=r"duplicate article id 'x': ids must be unique"):
        scan([Document("x", BODY), Document("x", BODY)])


def test_a_repeat_whose_white_space_differs_is_read_once_and_its_digest_is_the_same(tmp_path: Path) -> None:
    # an export given twice, its lines wrapped anew: it stopped the scan as one id under two texts
    wrapped = BODY.replace(". ", ".\n\n", 2).replace(" ", "  ", 3)
    assert wrapped != BODY and wrapped.split() == BODY.split()
    write(tmp_path / "a.jsonl", json.dumps({"id": "x", "text": BODY}) + "\n")
    write(tmp_path / "b.jsonl", json.dumps({"id": "x", "text": wrapped}) + "\n")
    corpus = read_corpus(tmp_path)
    assert [d.path for d in corpus.documents] == ["a.jsonl:1"] and corpus.documents[0].text == BODY
    assert [s.reason for s in corpus.skipped] == ["the same article as a.jsonl:1 (id 'x'), read once"]
    # the Dask engine compares texts read in two processes by their digests: alike
    assert text_digest(wrapped) == text_digest(BODY) != text_digest(BODY.replace("budget", "budgets"))
