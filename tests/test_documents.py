"""The document types (reading files into them is tests/test_reading.py)."""

from __future__ import annotations

import collections
import json
import re
import types
from datetime import datetime

import numpy as np
import pytest

from dedup.documents import Document


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
