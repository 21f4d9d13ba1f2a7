"""A large JSON list read a piece at a time (dedup.streamed_lists), and a large list or feed read in pieces by the
read (dedup.reading with dedup.streamed_tables): the same items, articles, skips, warnings and errors (message,
line and column) as the text read whole, whatever the pieces' size; what the pieces cannot settle read whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedup import streamed_tables, whole_reads
from dedup.exports import json_items
from dedup.json_input import json_error
from dedup.reading import read_corpus
from dedup.streamed_lists import list_items, too_long_item

TEXTS = [
    '[{"id": "a"}, {"id": "b"}]', "\ufeff[\n{\"a\":1},\n{\"b\":[1,2,3]}\n]\n  ", "[{\"a\":1}, 123, 456]", "[{\"a\":1},]",
    '[{"a":1} {"b":2}]', '[{"a":1}, {"b":"x\ny', '[{"a":1}]\n x', "[{\"a\":1}, 1", '[{"a": ' + "[" * 70 + "]" * 70 + "}]",
    '[{"a":1},\n {"n": 1' + "2" * 5000 + "}]", '[{"a":"\\u00e9 \u00e9 \\"q\\""}, {"b": tru}]', "[]", "[", '[{"a":1}',
    '[{"a":1},\n\n  {"b": 2}\n  x]', '[{"a": 1e400}, {"b": NaN}]', '[ {"a": "]"} , {"b": "[,"} ]', '[{"a": 1}, 12',
]


def _items(items) -> tuple:
    got: list[str] = []
    try:
        for item in items:
            got.append(item)
    except json.JSONDecodeError as exc:
        return got, json_error(exc), exc.pos
    return got, None, None


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64, 1 << 20])
@pytest.mark.parametrize("number", range(len(TEXTS)))
def test_a_list_in_pieces_gives_the_items_and_the_error_the_whole_text_gives(number: int, size: int) -> None:
    text = TEXTS[number]
    whole = _items(json_items(text))
    assert _items(list_items(text[at:at + size] for at in range(0, len(text), size))) == whole
    assert whole[0] or whole[1] or text == "[]"


def test_an_item_longer_than_an_article_stops_the_read_with_one_error_naming_where_it_opens() -> None:
    text = '[{"id": "a"},\n {"text": "' + "x" * 300
    got = _items(list_items([text[at:at + 10] for at in range(0, len(text), 10)], most=100))
    assert got == (['{"id": "a"}'], f"{too_long_item(100)} at line 2, column 2", 15)
    # within the bound, or the list's end reached: the error the whole text gives
    assert _items(list_items([text], most=100)) == _items(json_items(text))
    assert _items(list_items([text[:200], text[200:] + '"}]'], most=1000))[0][1] == '{"text": "' + "x" * 300 + '"}'


WORDS = "the minister said on Monday that rates would rise again next year after inflation stayed high".split()


def _body(i: int, n: int) -> str:
    return " ".join(WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(n))


def _list(extra: str = "", n: int = 30, sep: str = ",\n") -> str:
    return "[\n" + sep.join(json.dumps({"id": f"a{i}", "title": _body(i, 4), "text": _body(i, 40) + extra}, ensure_ascii=False)
                            for i in range(n)) + "\n]\n"


def _rss(extra: str = "", n: int = 30, decl: str = '<?xml version="1.0" encoding="UTF-8"?>\n') -> str:
    return decl + '<rss version="2.0"><channel><title>Wire</title>\n' + "".join(
        f"<item><guid>g{i}</guid><title>{_body(i, 4)}</title><description>{_body(i, 40)}{extra}</description></item>\n"
        for i in range(n)) + "</channel></rss>\n"


_JA = " \u6771\u4eac\u96fb\u529b\u306f10\u65e5\u3001\u51e6\u7406\u6c34\u306e\u6d77\u6d0b\u653e\u51fa\u3092\u59cb\u3081\u305f\u3068\u767a\u8868\u3057\u305f\u3002"
_ZH = " \u653f\u5e9c\u4eca\u5929\u53d1\u8868\u58f0\u660e\uff0c\u8868\u793a\u5c06\u7ee7\u7eed\u63a8\u52a8\u7ecf\u6d4e\u53d1\u5c55\u3002"
_KO = " \uc815\ubd80\ub294 \uc624\ub298 \uc0c8\ub85c\uc6b4 \uacbd\uc81c \uc815\ucc45\uc744 \ubc1c\ud45c\ud588\ub2e4."

#: name: (bytes, whether it is read in pieces)
CASES = {
    "plain.json": (_list(" caf\u00e9 \u201cq\u201d").encode(), True),
    "bom.json": (b"\xef\xbb\xbf" + _list().encode(), True),
    "minified.json": (_list(sep=",").replace("\n", "").encode(), True),
    "cp1252.json": (_list(" d\u00e9j\u00e0 \u201cx\u201d").encode("cp1252"), True),
    "controls.json": (_list(" \x00nul\x07").replace("\\u0000", "\x00").encode(), True),
    "malformed.json": (_list()[:-3].encode() + b',\n{"id": "z", "text": tru}]', True),
    "not-objects.json": (_list()[:-3].encode() + b',\n1, "x", [1], null\n]', True),
    "extra.json": (_list().encode() + b"x", True),
    "cut.json": (_list().encode()[:-200], True),
    "trailing-comma.json": (_list()[:-3].encode() + b",]", True),
    "deep.json": (_list()[:-3].encode() + b',{"id": "d", "text": ' + b"[" * 100 + b"]" * 100 + b"}]", True),
    "same-ids.json": ((_list()[:-3] + "," + _list()[2:]).encode(), True),
    "empty.json": (b"[\n\n]\n", True),
    "one-article.json": (json.dumps({"id": "x", "text": _body(1, 80)}).encode(), False),
    "utf16.json": (_list().encode("utf-16"), False),
    "mixed.json": (_list(" caf\u00e9").encode()[:-3] + b",\n"
                   + json.dumps({"id": "m", "text": _body(1, 40) + " d\u00e9j\u00e0"}, ensure_ascii=False).encode("cp1252") + b"]", False),
    "feed.xml": (_rss(" caf\u00e9 &amp; \u201cq\u201d").encode(), True),
    "feed-bom.rss": (b"\xef\xbb\xbf" + _rss().encode(), True),
    "feed-no-declaration.rss": (_rss(decl="").encode(), True),
    # UTF-8 is read as UTF-8 whatever a feed declares, whole or in pieces; Windows-1252 where it declares no other
    "feed-latin1.xml": (_rss(" caf\u00e9", decl='<?xml version="1.0" encoding="ISO-8859-1"?>\n').encode(), True),
    "feed-latin1-ascii.xml": (_rss("", decl='<?xml version="1.0" encoding="ISO-8859-1"?>\n').encode(), True),
    "feed-cp1252.xml": (_rss(" caf\u00e9", decl="").encode("cp1252"), True),
    "feed-latin1-bytes.xml": (_rss(" caf\u00e9 \u201cq\u201d", decl='<?xml version="1.0" encoding="ISO-8859-1"?>\n')
                              .encode("cp1252"), True),
    "feed-languages.xml": (_rss(" d\u00e9j\u00e0 Stra\u00dfe a\u00f1o s\u00f8n", decl="").encode("cp1252"), True),
    "feed-koi8.xml": (_rss(" \u041f\u0440\u0435\u0437\u0438\u0434\u0435\u043d\u0442 \u0437\u0430\u044f\u0432\u0438\u043b",
                           decl='<?xml version="1.0" encoding="KOI8-R"?>\n').encode("koi8_r"), True),
    "feed-koi8-utf8.xml": (_rss(" caf\u00e9", decl='<?xml version="1.0" encoding="KOI8-R"?>\n').encode(), True),
    # bytes that do not all decode in what it declares: read whole, as before
    "feed-declared-wrong.xml": (_rss(" \u041f\u0440\u0435\u0437\u0438\u0434\u0435\u043d\u0442",
                                     decl='<?xml version="1.0" encoding="ISO-8859-8"?>\n').encode("cp1251"), False),
    "feed-sjis.xml": (_rss(" \u6771\u4eac\u3067", decl='<?xml version="1.0" encoding="Shift_JIS"?>\n').encode("cp932"), True),
    # East Asian: in what it declares, or in the East Asian encoding its bytes make sense in (the warning of a read
    # whole); bytes that decode in none: read whole
    "feed-sjis-text.xml": (_rss(_JA, decl='<?xml version="1.0" encoding="Shift_JIS"?>\n').encode("cp932"), True),
    "feed-sjis-as-gbk.xml": (_rss(_JA, decl='<?xml version="1.0" encoding="GBK"?>\n').encode("cp932"), True),
    "feed-sjis-as-big5.xml": (_rss(_JA, decl='<?xml version="1.0" encoding="Big5"?>\n').encode("cp932"), True),
    "feed-gbk.xml": (_rss(_ZH, decl='<?xml version="1.0" encoding="GB2312"?>\n').encode("gb18030"), True),
    "feed-euckr.xml": (_rss(_KO, decl='<?xml version="1.0" encoding="EUC-KR"?>\n').encode("cp949"), True),
    "feed-cp1251-as-sjis.xml": (_rss(" \u041f\u0440\u0435\u0437\u0438\u0434\u0435\u043d\u0442",
                                     decl='<?xml version="1.0" encoding="Shift_JIS"?>\n').encode("cp1251"), True),
    "feed-cp1252-as-sjis.xml": (_rss(" caf\u00e9 x", decl='<?xml version="1.0" encoding="Shift_JIS"?>\n').encode("cp1252"),
                                False),
    "feed-malformed.xml": (_rss().encode()[:-30] + b"<item><title>x</titl></item></channel></rss>", True),
    "feed-doctype.xml": (b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaa">]>\n' + _rss(decl="").encode(), True),
    "feed-entities.xml": (_rss(" &nbsp;caf&eacute;").encode(), True),
    "feed-atom.xml": (('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>'
                       + "".join(f'<entry><id>e{i}</id><title>t</title><content type="xhtml"><div xmlns="http://www.w3.org/'
                                 f'1999/xhtml"><p>{_body(i, 40)}</p></div></content></entry>' for i in range(20))
                       + "</feed>").encode(), True),
    "feed-controls.xml": (_rss(" a\x01b").encode(), True),
    "sitemap.xml": (b'<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>', True),
}


def _read(file: Path) -> tuple:
    read = read_corpus(file)
    return [repr(d) for d in read.documents], [repr(s) for s in read.skipped], read.warnings


def _read_in_pieces(file: Path) -> bool:
    with streamed_tables.streamed_table(file, no_link=False, header=False) as opened:
        if opened is None:
            return False
        if file.suffix == ".json":
            return opened[1].head.lstrip("\ufeff \t\r\n").startswith("[")
        return streamed_tables.streamed_feed(opened[1])


@pytest.mark.parametrize("piece", [97, 4096])
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_list_or_a_feed_read_in_pieces_is_read_as_it_is_read_whole(tmp_path: Path, name: str, piece: int,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    data, in_pieces = CASES[name]
    file = tmp_path / name
    file.write_bytes(data)
    whole = _read(file)  # smaller than STREAM_FROM: read whole
    monkeypatch.setattr(streamed_tables, "STREAM_FROM", 1)
    monkeypatch.setattr(streamed_tables, "PIECE", piece)
    assert _read_in_pieces(file) == in_pieces
    assert _read(file) == whole
    assert whole[0] or whole[1]


def test_a_list_and_a_feed_past_the_bound_of_a_read_whole_are_read_in_pieces(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # past 256 MB they were one skip, "too large to be read whole"; in pieces they cost their articles
    monkeypatch.setattr(streamed_tables, "STREAM_FROM", 1)
    monkeypatch.setattr(streamed_tables, "PIECE", 512)
    monkeypatch.setattr(whole_reads, "MAX_WHOLE_BYTES", 1000)
    for name in ("plain.json", "feed.xml", "feed-latin1.xml", "feed-latin1-bytes.xml", "feed-cp1252.xml",
                 "feed-languages.xml", "feed-koi8.xml"):  # the last five were skipped past 256 MB, "too large to be read
        # whole"
        file = tmp_path / name
        file.write_bytes(CASES[name][0])
        read = read_corpus(file)
        assert len(read.documents) == 30 and not read.skipped, name
    for name in ("feed-sjis-text.xml", "feed-sjis-as-gbk.xml", "feed-gbk.xml", "feed-euckr.xml"):  # skipped past
        # 256 MB until the sixty-first round: read in pieces, in what they declare or what their bytes make sense in
        file = tmp_path / name
        file.write_bytes(CASES[name][0])
        read = read_corpus(file)
        assert len(read.documents) == 30 and not read.skipped, name
        assert [w for w in read.warnings if "declares" in w] == (
            [f"{name}: declares GBK, but its bytes are not GBK text (or read as rare characters only); read as "
             "Shift_JIS, in which they make sense"] if "as-gbk" in name else []), name
    for name in ("feed-declared-wrong.xml", "feed-cp1252-as-sjis.xml"):  # not settled by the pieces: read whole, so past the
        # bound skipped
        file = tmp_path / name
        file.write_bytes(CASES[name][0])
        assert [s.reason[:28] for s in read_corpus(file).skipped] == ["too large to be read whole ("], name


def test_items_that_are_not_articles_after_good_ones_keep_the_good_ones_and_name_each(tmp_path: Path,
                                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "export.json"
    file.write_bytes(CASES["not-objects.json"][0])
    monkeypatch.setattr(streamed_tables, "STREAM_FROM", 1)
    read = read_corpus(file)
    assert len(read.documents) == 30
    assert [s.path for s in read.skipped] == [f"export.json[{n}]" for n in range(30, 34)]
    assert all(s.reason == "a JSON article must be an object with a 'text' field" for s in read.skipped)


def test_an_item_longer_than_an_article_in_a_large_list_is_one_skip_after_the_items_before_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dedup import streamed_lists

    file = tmp_path / "export.json"
    file.write_bytes(_list(n=5)[:-3].encode() + b',\n{"id": "z", "text": "' + b"x" * 5000)
    monkeypatch.setattr(streamed_tables, "STREAM_FROM", 1)
    monkeypatch.setattr(streamed_tables, "PIECE", 512)
    monkeypatch.setattr(streamed_lists.list_items, "__kwdefaults__", {"most": 1000})  # one article's bound, small
    read = read_corpus(file)
    assert len(read.documents) == 5
    assert [s.reason for s in read.skipped] == [f"malformed JSON list ({too_long_item(1000)} at line 7, column 1); "
                                                "the 5 items before it read"]


def test_a_large_json_file_that_opens_no_list_is_read_whole_without_being_judged_in_pieces(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # one article's .json (up to 64 MB) was read twice: judged in pieces for nothing, then read whole
    file = tmp_path / "one.json"
    file.write_bytes(CASES["one-article.json"][0])
    monkeypatch.setattr(streamed_tables, "STREAM_FROM", 1)
    judged: list[int] = []
    monkeypatch.setattr(streamed_tables, "table_plan", lambda fd, **kw: judged.append(fd))
    read = read_corpus(file)
    assert len(read.documents) == 1 and judged == []


def test_the_items_read_before_a_fault_are_counted_with_thousands_marked(tmp_path: Path) -> None:
    # "the 1074776 items before it read" was hard to read, as "100000 inputs skipped" was
    file = tmp_path / "export.json"
    file.write_bytes(_list(n=1200)[:-3].encode() + b",\n{]")
    assert read_corpus(file).skipped[-1].reason.endswith("; the 1,200 items before it read")


@pytest.mark.parametrize("piece", [None, 4096], ids=["whole", "pieces"])
def test_an_item_of_millions_of_values_is_found_unbuilt_and_read_lean(tmp_path: Path, piece: int | None,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # the list's reader found each item's end by building it: an item of 20,000,000 empty lists took 1.5 GB
    import json as json_module

    spans: list[int] = []
    real = json_module.JSONDecoder.raw_decode

    def noted(self, s, idx=0):  # type: ignore[no-untyped-def]
        value, end = real(self, s, idx)
        spans.append(end - idx)
        return value, end

    file = tmp_path / "list.json"
    wide = {"id": "wide", "text": _body(2, 40), "meta": []}
    file.write_text(_list(n=3)[:-3] + ",\n" + json.dumps(wide).replace("[]", "[" + ",".join(["[]"] * 100_001) + "]") + "\n]\n")
    if piece is not None:
        monkeypatch.setattr(streamed_tables, "STREAM_FROM", 1)
        monkeypatch.setattr(streamed_tables, "PIECE", piece)
    monkeypatch.setattr(json_module.JSONDecoder, "raw_decode", noted)
    read = read_corpus(file)
    assert [d.id for d in read.documents] == ["a0", "a1", "a2", "wide"] and not read.skipped
    assert list(read.warnings) == ["list.json[3]: its 'meta' field left out unread: 100,002 values, more than the 100,000 a "
                             "field is read with"]
    assert spans and max(spans) < 10_000  # the articles' items and scalars decoded; the wide one never


def _wide_item_given_whole(openings: list[tuple[str, int]]) -> list[int]:
    """How much of the item opening ``{"id": "wide"`` each decode was given past 700,000 characters: read in
    pieces, the item is tried while it is too short to hold so many values (300,000 characters here), and its
    pieces come twice as many at a time, never the 1.5 million characters."""
    return [given for opening, given in openings if opening.startswith('{"id": "wide"') and given > 700_000]


def _decodes_noted(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """The opening of each text the JSON reader is asked to decode an item of, from then on, and the characters
    it was given from there."""
    import json as json_module

    openings: list[tuple[str, int]] = []
    real = json_module.JSONDecoder.raw_decode

    def noted(self, s, idx=0):  # type: ignore[no-untyped-def]
        openings.append((s[idx:idx + 20], len(s) - idx))
        return real(self, s, idx)

    monkeypatch.setattr(json_module.JSONDecoder, "raw_decode", noted)
    return openings


@pytest.mark.parametrize("piece", [None, 4096], ids=["whole", "pieces"])
def test_an_item_past_the_bound_never_closed_is_malformed_unbuilt(tmp_path: Path, piece: int | None,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # a list cut inside an item of millions of values was given to the JSON reader, which built what it read before
    # it failed (30 MB of empty lists: 0.8 GB) to say "Expecting value"
    file = tmp_path / "cut.json"
    file.write_text(_list(n=3)[:-3] + ',\n{"id": "wide", "meta": [' + "[]," * 500_000)
    if piece is not None:
        monkeypatch.setattr(streamed_tables, "STREAM_FROM", 1)
        monkeypatch.setattr(streamed_tables, "PIECE", piece)
    openings = _decodes_noted(monkeypatch)
    read = read_corpus(file)
    assert [d.id for d in read.documents] == ["a0", "a1", "a2"]
    assert [s.reason for s in read.skipped] == [
        "malformed JSON list (an item of more than 100,000 values that never closes at line 5, column 1); the 3 items before it read"]
    assert not _wide_item_given_whole(openings)


def test_an_item_past_the_bound_longer_than_an_item_may_be_is_said_unbuilt(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # read in pieces, an item past the bound and past the longest item was decoded up to that bound to say so
    file = tmp_path / "long.json"
    file.write_text(_list(n=2)[:-3] + ',\n{"id": "wide", "meta": [' + "[]," * 500_000 + "[]]}\n]\n")
    monkeypatch.setattr(streamed_tables, "STREAM_FROM", 1)
    monkeypatch.setattr(streamed_tables, "PIECE", 4096)
    monkeypatch.setattr(list_items, "__kwdefaults__", {"most": 1_000_000})
    openings = _decodes_noted(monkeypatch)
    read = read_corpus(file)
    assert [d.id for d in read.documents] == ["a0", "a1"]
    assert read.skipped[0].reason.startswith(f"malformed JSON list ({too_long_item(1_000_000)} at line 4, column 1)")
    assert not _wide_item_given_whole(openings)


@pytest.mark.parametrize("piece", [None, 4096], ids=["whole", "pieces"])
def test_an_item_past_the_bound_nested_too_deep_is_said_so_unbuilt(tmp_path: Path, piece: int | None,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # an item of millions of values with a value nested too deep was built whole by the list's reader
    file = tmp_path / "deep.json"
    deep = "[" * 70 + "]" * 70
    file.write_text(_list(n=2)[:-3] + ',\n{"id": "wide", "text": "x", "meta": [' + "[]," * 500_000 + deep + "]}" + ",\n"
                    + json.dumps({"id": "after", "text": _body(5, 40)}) + "\n]\n")
    if piece is not None:
        monkeypatch.setattr(streamed_tables, "STREAM_FROM", 1)
        monkeypatch.setattr(streamed_tables, "PIECE", piece)
    openings = _decodes_noted(monkeypatch)
    read = read_corpus(file)
    assert [d.id for d in read.documents] == ["a0", "a1", "after"]
    assert [(s.path, s.reason) for s in read.skipped] == [
        ("deep.json[2]", "malformed JSON (nested too deep (more than 64 levels) at column 1500100)")]
    assert not _wide_item_given_whole(openings)
