"""The document types (reading files into them is tests/test_reading.py)."""

from __future__ import annotations

import collections
import json
import re
import types
from datetime import datetime

import numpy as np
import pytest

from dedup.documents import Document, parse_published


def test_parse_published_naive_is_utc() -> None:
    from datetime import datetime, timezone

    naive = parse_published("2024-01-02T03:04:05")
    assert naive == datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc) and naive.utcoffset().total_seconds() == 0
    # an explicit offset is kept, not overwritten with UTC
    assert parse_published("2024-01-02T03:04:05+02:00") == datetime(2024, 1, 2, 1, 4, 5, tzinfo=timezone.utc)
    assert parse_published("not a date") is None


@pytest.mark.parametrize("given,utc", [
    ("Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00 +0200", "2003-06-10T02:00:00+00:00"),
    ("Wed, 02 Oct 2002 08:00:00 EDT", "2002-10-02T12:00:00+00:00"),
    ("tuesday, 10 june 2003 04:00 pst", "2003-06-10T12:00:00+00:00"),
    ("Tue, 10 Jun 2003 04:00:00", "2003-06-10T04:00:00+00:00"),
    ("2003-06-10t04:00:00z", "2003-06-10T04:00:00+00:00"),
], ids=["gmt", "offset", "edt", "lower-case-full-names", "no-zone", "rfc3339-small"])
def test_parse_published_reads_rfc_2822_as_rss_writes_it(given: str, utc: str) -> None:
    assert parse_published(given).isoformat() == utc


@pytest.mark.parametrize("given", ["Tue, 10 Jun 2003 04:00:00 IST", "10 Jun 2003 04:00:00 A", "Jun 10 2003 04:00 GMT",
                                   "Tue, 10 Jun 2003 04:00:00 GMT and more", "Monday 4pm", "5", ""])
def test_parse_published_reads_nothing_else(given: str) -> None:
    assert parse_published(given) is None


def test_a_lone_surrogate_in_a_document_becomes_u_fffd() -> None:
    from conftest import lone_surrogate_documents

    doc = lone_surrogate_documents()[1]
    assert (doc.id, doc.title, doc.outlet, doc.url) == ("copy-\ufffd", "Port strike \ufffd", "coast\ufffd",
                                                        "https://example.com/\ufffd")
    assert doc.text.endswith("on Monday \ufffd.")
    assert doc.meta == {"byline": "J. Sm\ufffdth", "tags": ["port", "str\ufffdke"], "k\ufffd": {"deep": "\ufffd"}}
    assert Document("a", "t\udc80", path="p\ud800", language="e\udfff") == Document("a", "t\ufffd", path="p\ufffd",
                                                                                    language="e\ufffd")
    # every writer takes it now: UTF-8, and JSON
    json.dumps(doc.to_dict(), ensure_ascii=False).encode("utf-8")


def test_a_valid_document_keeps_what_it_was_given() -> None:
    meta = {"tags": ["caf\u00e9", "\U0001f600"]}  # a pair of surrogates in a JSON escape is one character
    doc = Document("caf\u00e9", "Text \U0001f600.", meta=meta)
    assert doc.meta is meta and doc.text == "Text \U0001f600."


def test_document_to_dict_can_leave_out_text() -> None:
    assert "text" not in Document("a", "t").to_dict(with_text=False)


def test_documents_keep_texts_in_a_file_past_the_spill() -> None:
    import pickle

    from dedup.documents import Documents, texts_of, with_ids

    docs = [Document(f"d{k}", f"Text number {k}: caf\u00e9 \u05e9\u05dc\u05d5\u05dd \ud800.", title=f"t{k}",
                     meta={"k": k}) for k in range(5)]
    held = Documents(docs, spill=10**6)
    assert not held.spilled and list(held) == docs
    stored = Documents(docs[:2], spill=60)  # the third text takes them past 60 characters: all go to the file
    assert not stored.spilled
    for doc in docs[2:]:
        stored.append(doc)
    assert stored.spilled and stored == docs and stored == tuple(docs) and stored != docs[:4]
    assert stored[-1] == docs[-1] and stored[1:4] == docs[1:4] and stored.text(3) == docs[3].text
    assert stored.lengths() == [len(d.text) for d in docs]
    assert texts_of(stored)[::2] == [d.text for d in docs[::2]] and texts_of(docs)[1] == docs[1].text
    assert with_ids(stored, {"d4", "d0"}) == [docs[0], docs[4]] == with_ids(docs, {"d0", "d4"})
    copy = pickle.loads(pickle.dumps(stored))  # another process gets the articles themselves
    assert not copy.spilled and copy == docs
    try:
        stored[5]
    except IndexError:
        pass
    else:
        raise AssertionError("an index past the end must raise IndexError")


def test_documents_hold_their_ids_packed_and_give_them_back_whole() -> None:
    from dedup.documents import Documents, with_ids

    ids = ["a", "caf\u00e9-\u05e9\u05dc\u05d5\u05dd", "lone \ud800 surrogate", "", "z" * 300]
    docs = [Document(doc_id, f"Text {k}.") for k, doc_id in enumerate(ids)]
    ids = [doc.id for doc in docs]  # the lone surrogate as U+FFFD
    for spill in (None, 0):
        stored = Documents(docs, spill=spill)
        assert [stored.id(k) for k in range(len(ids))] == ids and stored.id(-1) == ids[-1]
        assert len(stored._id_bytes) < sum(len(i) for i in ids) + 20  # bytes, not a string object an id
        assert with_ids(stored, {ids[2], ids[1], "missing"}) == docs[1:3]


@pytest.mark.parametrize("fields,says", [
    ({"id": 5}, r"Document\.id must be a string, not int"),
    ({"text": None}, r"Document\.text must be a string, not NoneType"),
    ({"text": b"bytes"}, r"not bytes \(decode the bytes first\)"),
    ({"published": datetime(2026, 1, 2)}, r"Document\.published must be a string or None, not datetime \(give value\.isoformat\(\)\)"),
    ({"published": 1767312000}, r"Document\.published must be a string or None, not int"),
    ({"outlet": ["wire"]}, r"Document\.outlet must be a string or None, not list"),
    ({"language": 5}, r"Document\.language must be a string or None, not int"),
    ({"meta": None}, r"Document\.meta must be a mapping, not NoneType"),
], ids=["id-number", "text-none", "text-bytes", "published-datetime", "published-epoch", "outlet-list", "language-number",
        "meta-none"])
def test_a_field_of_another_type_is_refused_when_the_document_is_made(fields: dict, says: str) -> None:
    # these used to pass, then fail stages later (an AttributeError in the date rule) or give an id that is
    # a number in one report and a string in the next
    with pytest.raises(TypeError, match=says):
        Document(**({"id": "a", "text": "Some wire copy."} | fields))


class _Text(str):
    pass


@pytest.mark.parametrize(("value", "found"), [
    ({"a": ["b", {"c": "d\ud800"}]}, True),
    ({"a": ["b", {"c": "d"}]}, False),
    ({"k\udfff": 1}, True),
    (("x", ["y", ("z\ud800",)]), True),
    (_Text("sub\ud800"), True),  # subclasses and other mappings take the general checks
    (types.MappingProxyType({"a": _Text("b")}), False),
    (collections.OrderedDict(a=["\ud800"]), True),
    ([1, 2.5, None, b"\xed\xa0\x80"], False),
], ids=["nested-dict", "clean", "key", "tuples", "str-subclass", "mapping-proxy", "ordered-dict", "no-strings"])
def test_lone_surrogates_are_found_in_every_kind_of_container(value, found: bool) -> None:  # type: ignore[no-untyped-def]
    from dedup.documents import valid_unicode

    # a value holding none is given back itself; one holding a lone surrogate anywhere, remade without it
    made = valid_unicode(value)
    assert (made is not value) is found
    assert "\ud800" not in repr(made) and "\udfff" not in repr(made)


def test_spilled_documents_hold_nothing_per_article(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once spilled, where each article lies waits in a file of its own past a block of them: articles,
    ids and lengths read back whole, from the file and from the block still held alike."""
    from dedup import documents
    from dedup.documents import ENTRY_FIELDS, Documents, with_ids

    monkeypatch.setattr(documents, "INDEX_BLOCK", 4)
    docs = [Document(f"id-{k}-caf\u00e9" * (1 + k % 3), f"Text {k} \u05e9\u05dc\u05d5\u05dd." * (1 + k % 5),
                     meta={"k": k}) for k in range(23)]
    stored = Documents(docs[:3], spill=30)
    for doc in docs[3:]:
        stored.append(doc)
    assert stored.spilled and len(stored._entries) < 4 * ENTRY_FIELDS  # noqa: SLF001
    assert len(stored._id_bytes) < 4 * 40 and not stored._chars and not stored._held  # noqa: SLF001
    assert list(stored) == docs and stored[-1] == docs[-1] and stored.text(21) == docs[21].text
    assert [stored.id(k) for k in range(23)] == [d.id for d in docs]
    assert stored.lengths() == [len(d.text) for d in docs]
    assert stored.lengths_of([22, 0, 9, 9]).tolist() == [len(docs[k].text) for k in (22, 0, 9, 9)]
    assert with_ids(stored, {docs[22].id, docs[1].id, docs[13].id}) == [docs[1], docs[13], docs[22]]
    with pytest.raises(IndexError, match="there are 23"):
        stored.lengths_of([23])


def test_held_documents_give_their_lengths_by_number() -> None:
    from dedup.documents import Documents

    docs = [Document(str(k), "x" * (k + 1)) for k in range(4)]
    assert Documents(docs).lengths_of([3, 1]).tolist() == [4, 2]
    assert Documents().lengths_of([]).tolist() == [] and Documents().lengths() == []


@pytest.mark.parametrize(("meta", "says"), [
    ({"seen": {1, 2}}, "not set (give a list)"),
    ({"fetched": datetime(2026, 12, 5)}, "not datetime (give value.isoformat())"),
    ({"raw": b"x"}, "not bytes"),
    ({"count": np.int64(3)}, "not int64 (give int(value)"),
    ({"deep": [{"k": object()}]}, "not object"),
    ({(1, 2): "pair"}, "not tuple"),
], ids=["set", "datetime", "bytes", "numpy-int", "nested-object", "tuple-key"])
def test_meta_that_no_json_report_writes_is_refused_when_the_document_is_made(meta: dict, says: str) -> None:  # type: ignore[type-arg]
    # it scanned, and the JSON report failed at the very end: "Object of type set is not JSON serializable"
    with pytest.raises(TypeError, match=re.escape(says)):
        Document("a", "Some wire copy.", meta=meta)


def test_meta_of_what_json_writes_is_kept_as_given() -> None:
    meta = {"tags": ["port", 1, 2.5, None, True], "nested": {"k": ("a", "b")}, 3: "a number key"}
    assert Document("a", "Some wire copy.", meta=meta).meta is meta
    from dedup.report.jsonout import dumps

    assert json.loads(dumps(Document("a", "Some wire copy.", meta=meta).to_dict()))["meta"]["3"] == "a number key"
