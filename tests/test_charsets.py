"""Tests for dedup.charsets: which encoding a file's bytes are in, and their text."""

from __future__ import annotations

import array
import json
from pathlib import Path

import pytest

import dedup
from _bad_input_files import TEXT, _file
from dedup.charsets import decode_bytes, decode_line
from dedup.file_kinds import EMPTY_OF_TEXT
from _bad_input_cases import CASES, IDS


def test_nuls_and_white_space_alone_are_still_empty_not_binary() -> None:
    assert decode_bytes(b"\x00" * 10000) == (None, EMPTY_OF_TEXT)
    assert decode_bytes(b"\n\x00\x01 " * 3000) == (None, EMPTY_OF_TEXT)


def test_a_line_in_utf16_is_read_as_such_whatever_its_script() -> None:
    for text in ('{"id": "a", "text": "Dock workers walked out"}', '{"id": "g", "text": "Οι λιμενεργάτες απήργησαν"}',
                 '{"id": "r", "text": "Докеры объявили забастовку"}'):
        for order in ("utf-16-le", "utf-16-be"):
            got, note = decode_line(text.encode(order))
            assert got == text and note is not None and order.upper() in note
        # after a UTF-16-LE line, its line end's NUL opens the next one
        assert decode_line(b"\x00" + text.encode("utf-16-le"))[0] == text
    # a UTF-8 line holding a NUL or two is no UTF-16 line
    assert decode_line('{"id": "a", "text": "x\x00y\x00z"}'.encode())[1] is None


JAPANESE = ("東京証券取引所は３日、日経平均株価が前日比２５０円高の３万２千円で取引を終えたと発表した。"
            "市場関係者によると、半導体関連株に買いが集まった。ｶﾀｶﾅの社名も含む。")
KOREAN = "서울 중앙지방법원은 3일 전 시장에게 징역 4년을 선고했다고 밝혔다. 재판부는 뇌물 수수 혐의를 모두 유죄로 판단했다."


def test_iso_2022_japanese_and_korean_are_read_by_their_escapes_in_a_text_a_page_and_a_mail(tmp_path) -> None:
    from dedup.reading import read_corpus

    # 7-bit bytes: read as UTF-8 they were ASCII letters ("$B%3%s%T%e"), the Korean shifts a "binary file"
    plain = JAPANESE.replace("ｶﾀｶﾅの社名も含む。", "")
    assert decode_bytes(plain.encode("iso2022_jp")) == (plain, "iso2022_jp_2")
    assert decode_bytes(JAPANESE.encode("iso2022_jp_ext"))[0] == JAPANESE  # half-width katakana, ESC ( I
    assert decode_bytes(KOREAN.encode("iso2022_kr")) == (KOREAN, "iso2022_kr")
    (tmp_path / "jp.txt").write_bytes((plain * 2).encode("iso2022_jp"))
    (tmp_path / "jp.html").write_bytes(b'<html><head><meta charset="iso-2022-jp"></head><body><p>'
                                       + (plain * 2).encode("iso2022_jp") + b"</p></body></html>")
    (tmp_path / "jp.eml").write_bytes(b"From: a@example.com\nSubject: Nikkei\nMIME-Version: 1.0\nContent-Type: text/plain;"
                                      b" charset=ISO-2022-JP\nContent-Transfer-Encoding: 7bit\n\n"
                                      + (plain * 2).encode("iso2022_jp"))
    (tmp_path / "kr.txt").write_bytes((KOREAN * 2).encode("iso2022_kr"))
    corpus = read_corpus(tmp_path)
    assert not corpus.skipped and not corpus.warnings
    texts = {d.id: d.text for d in corpus.documents}
    assert all(texts[name].startswith(plain[:20]) for name in ("jp.txt", "jp.html", "jp.eml"))
    assert texts["kr.txt"].startswith(KOREAN[:20])


def test_ascii_with_other_escapes_is_no_iso_2022_text() -> None:
    from dedup.charsets import iso2022_text

    assert iso2022_text(b"a terminal's \x1b[31mred\x1b[0m text") is None
    assert iso2022_text(b"\x1b$B") is None  # the escape alone: no character read
    assert iso2022_text("caf\u00e9 \x1b$B".encode()) is None  # not 7-bit


def test_a_jsonl_line_in_iso_2022_is_read_by_its_escapes_in_a_mixed_file_on_standard_input_and_in_ranges(
        tmp_path) -> None:
    import io
    import json

    from dedup.feeds import Feeds
    from dedup.lines import stdin_lines
    from dedup.parts import Part
    from dedup.reading import read_corpus

    line = json.dumps({"id": "jp", "text": JAPANESE}, ensure_ascii=False)
    raw = line.encode("iso2022_jp_ext")  # as ASCII its double-byte characters' quotes made the line malformed
    assert decode_line(raw) == (line, None)
    assert decode_line(b'{"id": "t", "text": "a \x1b[1m bold"}') == ('{"id": "t", "text": "a \x1b[1m bold"}', None)
    assert list(stdin_lines(io.BytesIO(raw + b"\n"))) == [line + "\n"]
    other = json.dumps({"id": "u", "text": "Café " + JAPANESE}, ensure_ascii=False).encode()
    (tmp_path / "mixed.jsonl").write_bytes(other + b"\n" + raw + b"\n" + '{"id": "w", "text": "caf\xe9 a b c d e"}'
                                           .encode("cp1252") + b"\n")  # UTF-8, ISO-2022-JP and Windows-1252 lines
    (tmp_path / "utf8.jsonl").write_bytes(other + b"\n" + raw + b"\n")  # UTF-8 as a whole, its ISO-2022 line too
    for name in ("mixed.jsonl", "utf8.jsonl"):
        corpus = read_corpus(tmp_path / name, min_words=5)
        assert {d.id: d.text for d in corpus.documents}["jp"] == JAPANESE and not corpus.skipped
        assert sorted(d.id for d in corpus.documents) == ["jp", "u", "w"][: 2 + (name == "mixed.jsonl")]
    assert read_corpus("-", stdin=io.BytesIO(raw + b"\n"), min_words=5).documents[0].text.startswith(JAPANESE[:10])
    (tmp_path / "big.jsonl").write_bytes(b'{"id": "a", "text": "plain"}\n' + raw + b"\n")  # planned as UTF-8
    size = (tmp_path / "big.jsonl").stat().st_size
    for span in ((0, size), None):
        reader = Feeds(min_words=5)
        reader.read_range(tmp_path / "big.jsonl", tmp_path, Part((str(tmp_path / "big.jsonl"),), str(tmp_path),
                                                                    span or (0, size), 1, "utf-8-sig"))
        assert [d.id for d in reader.documents] == ["jp"]


@pytest.mark.parametrize("data", [array.array("i", range(2000)).tobytes(), array.array("i", range(2000)).tobytes()[::-1],
                                  array.array("f", range(2000)).tobytes()], ids=["int32", "int32-big-endian", "float32"])
def test_32_bit_numbers_are_no_utf32_text(data: bytes, tmp_path: Path) -> None:
    corpus = dedup.read_corpus(_file("numbers.txt", data)(tmp_path))
    assert not corpus.documents and corpus.skipped[0].reason == "binary file"


def test_stray_bytes_are_replaced_only_when_few_in_utf8_text(tmp_path: Path) -> None:
    line = json.dumps({"id": "s", "text": TEXT}, ensure_ascii=False).encode()
    (doc,) = dedup.read_corpus(_file("one.json", line.replace(b"military", b"milit\xe4ry", 1))(tmp_path)).documents
    assert "milit\ufffdry" in doc.text and "Belarus\u2019" in doc.text
    many = line.replace(b" ", b" \x9d")  # a stray byte between every two words: no UTF-8 text
    assert dedup.read_corpus(_file("many.json", many)(tmp_path)).skipped[0].reason.startswith("undecodable")


def test_a_text_of_mixed_encodings_keeps_the_characters_of_each_line(tmp_path: Path) -> None:
    path = _file("mixed.txt", CASES[IDS.index("mixed-encodings")].make(tmp_path).read_bytes())(tmp_path)
    (doc,) = dedup.read_corpus(path).documents
    assert "Belarus\u2019 defense" in doc.text and "Caf\xe9 owners in Minsk were \xabworried\xbb." in doc.text
