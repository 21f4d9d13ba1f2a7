"""A large table read in pieces (dedup.streamed_tables): the same articles, skips and warnings as the table read
whole, whatever the pieces' size (a quoted cell over many lines, a "\\r\\n" or a character parted by a piece's
end), and read whole where the pieces cannot settle how its bytes are decoded."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dedup import streamed_tables
from dedup.codepages import FileBytes, decoded_sample
from dedup.charsets import UNDECODABLE
from dedup.documents import Skipped
from dedup.reading import read_corpus

WORDS = "the minister said on Monday that rates would rise again next year after inflation stayed high".split()


def _body(i: int, n: int) -> str:
    return " ".join(WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(n))


def _table(extra: str, *, rows: int = 40, nl: str = "\n", delimiter: str = ",", header: str = "id,title,text",
           first: int = 0) -> str:
    lines = [header.replace(",", delimiter)]
    for i in range(first, first + rows):
        cells = (f"a{i}", _body(i, 5), f"{_body(i, 40)}{extra}\n{_body(i + 1, 30)}. \"{_body(i + 2, 20)}\"")
        lines.append(delimiter.join('"%s"' % cell.replace('"', '""') for cell in cells))
    return nl.join(lines) + nl


#: name: (bytes, whether its pieces settle how it is read; None: it depends on the pieces' size)
CASES = {
    "utf8-bom-crlf.csv": (b"\xef\xbb\xbf" + _table(" caf\u00e9 \u201cquoted\u201d", nl="\r\n").encode(), True),
    "utf8-separators.csv": (_table(" na\u00efve \u2028 a \x0c b \x85 c").encode(), True),
    "cp1252-controls.csv": (_table(" d\u00e9j\u00e0 \u201cx\u201d \x00nul\x07").encode("cp1252"), True),
    "cp1252-languages.csv": (_table(" d\u00e9j\u00e0 Stra\u00dfe a\u00f1o s\u00f8n").encode("cp1252"), True),
    "cp1252-crlf.csv": (_table(" caf\u00e9", nl="\r\n").encode("cp1252"), True),
    "semicolons.csv": (_table(" x", delimiter=";").encode(), True),
    "tabs.tsv": (_table(" x", delimiter="\t").encode(), True),
    "two-boms.csv": (b"\xef\xbb\xbf\xef\xbb\xbf" + _table(" \u00e9").encode(), True),
    "control-then-bom.csv": (b"\x01\xef\xbb\xbf" + _table(" \u00e9").encode(), True),
    "blank-first.csv": (b"\n\n" + _table("").encode(), True),
    "no-end.csv": (_table(" \u00e9t\u00e9").rstrip("\n").encode(), True),
    "malformed.csv": (_table("").encode() + b'x,"y\nz,"w" q\n' + _table("").encode(), True),
    "too-many-cells.csv": (_table("").encode() + b"a,b,c,d,e\n" + _table("", rows=5).split("\n", 1)[1].encode(), True),
    "no-text-column.csv": (_table("", header="id,headline,story").encode(), True),
    "same-ids.csv": (_table("").encode() + _table("").split("\n", 1)[1].encode(), True),
    "a-long-cell.csv": (("id,text\n1,\"" + _body(1, 3000) + "\"\n2," + _body(2, 50) + "\n").encode(), True),
    # lone "\r" line ends: read in pieces when the first piece holds a "\n" (in a quoted cell), else whole
    "old-mac.csv": (_table(" d\u00e9j\u00e0", nl="\r").encode("cp1252"), None),
    "mixed.csv": (_table(" caf\u00e9").encode()
                  + _table(" d\u00e9j\u00e0", first=40).encode("cp1252").split(b"\n", 1)[1], False),
    "czech.csv": (_table(" P\u0159\u00edli\u0161 \u017elu\u0165ou\u010dk\u00fd k\u016f\u0148").encode("cp1250"), False),
    "utf16.csv": (_table("").encode("utf-16"), False),
    "cut-off.csv": (_table(" \u00e9t\u00e9").encode() + b"tail \xc3", False),
    "undefined-byte.csv": (_table(" d\u00e9j\u00e0").encode("cp1252") + b"x,y,z \x81\n", False),
    "page.csv": (b"<!DOCTYPE html><html><body>" + _table("").encode(), False),
}


def _read(file: Path) -> tuple:
    read = read_corpus(file)
    return [repr(d) for d in read.documents], [repr(s) for s in read.skipped], read.warnings


@pytest.mark.parametrize("piece", [97, 4096])
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_table_read_in_pieces_is_read_as_it_is_read_whole(tmp_path: Path, name: str, piece: int,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    data, settled = CASES[name]
    file = tmp_path / name
    file.write_bytes(data)
    whole = _read(file)  # smaller than STREAM_FROM: read whole
    monkeypatch.setattr(streamed_tables, "STREAM_FROM", 1)
    monkeypatch.setattr(streamed_tables, "PIECE", piece)
    with streamed_table_of(file) as table:
        assert settled is None or (table is not None) == settled
    assert _read(file) == whole
    assert whole[0] or whole[1]  # something was read or said


def streamed_table_of(file: Path):
    return streamed_tables.streamed_table(file, no_link=False)


def test_a_large_table_is_read_in_pieces_its_warnings_said_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "export.csv"
    file.write_bytes(CASES["cp1252-controls.csv"][0])
    monkeypatch.setattr(streamed_tables, "STREAM_FROM", 1)
    monkeypatch.setattr(streamed_tables, "PIECE", 512)
    reads: list[int] = []
    pread = os.pread
    monkeypatch.setattr(streamed_tables.os, "pread", lambda fd, n, at: reads.append(n) or pread(fd, n, at))
    read = read_corpus(file)
    assert len(read.documents) == 40 and 512 in reads and max(reads) == streamed_tables.SNIFF  # a piece at a time, its opening judged
    assert read.warnings[:2] == ("export.csv: not UTF-8; read as Windows-1252",
                                 "export.csv: 80 control characters (such as NUL) dropped")


def test_a_table_written_again_between_its_judgement_and_its_read_is_read_without_a_crash(tmp_path: Path) -> None:
    file = tmp_path / "export.csv"
    file.write_bytes(_table(" caf\u00e9").encode())
    with streamed_tables.streamed_table(file, no_link=False) as table:
        assert table is None  # smaller than STREAM_FROM
    fd = os.open(file, os.O_RDONLY)
    try:
        plan = streamed_tables.table_plan(fd, piece=256)
        assert plan is not None and plan.codec == "utf-8-sig"
        with open(file, "r+b") as fh:  # another program writes bytes no UTF-8 into it
            fh.seek(300)
            fh.write(b"\xff\xfe\x81")
        lines = list(streamed_tables.table_lines(fd, plan, piece=256))
    finally:
        os.close(fd)
    assert "\ufffd" in "".join(lines) and len(lines) > 40


@pytest.mark.parametrize("codec", ["cp1252", "cp1251", "cp932", "gb18030", "big5hkscs", "cp949", "euc_jp"])
def test_a_sample_decoded_in_pieces_is_the_whole_decodings_opening(codec: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from dedup import codepages

    monkeypatch.setattr(codepages, "_PIECE", 7)  # pieces that part double-byte characters
    text = {"cp1251": "Президент заявил", "cp1252": "Le président a déclaré",
            "cp932": "東京電力は処理水の放出を始めた", "gb18030": "政府表示将采取措施", "big5hkscs": "政府表示將採取措施",
            "cp949": "정부는 조치를 취할 것이라고 밝혔다", "euc_jp": "東京電力は処理水の放出を始めた"}[codec] * 5
    data = text.encode(codec)
    assert decoded_sample(data, codec, 30) == text[:30]
    assert decoded_sample(data, codec, 10_000) == text
    wrong = {"cp1252": data + b"\x81", "cp1251": data + b"\x98"}.get(codec, data[:-1])  # a byte it lacks, a cut character
    assert decoded_sample(wrong, codec, 5) is None


def test_a_table_that_grows_while_it_is_read_is_read_to_the_bytes_judged(tmp_path: Path) -> None:
    # the read went on to the end of a file another program kept writing: a log written for ever was never done
    file = tmp_path / "export.csv"
    data = _table(" caf\u00e9").encode()
    file.write_bytes(data)
    fd = os.open(file, os.O_RDONLY)
    try:
        plan = streamed_tables.table_plan(fd, piece=256, end=len(data))
        assert plan is not None and plan.size == len(data)
        with open(file, "ab") as fh:
            fh.write(_table(" more").split("\n", 1)[1].encode())
        lines = list(streamed_tables.table_lines(fd, plan, piece=256))
    finally:
        os.close(fd)
    assert "".join(lines).encode() == data


def test_a_table_past_the_bound_of_a_read_whole_is_read_in_pieces_not_skipped(tmp_path: Path,
                                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # a table past 256 MB was one skip, "too large to be read whole", though tables are read in pieces
    from dedup import whole_reads

    for name in ("utf8-bom-crlf.csv", "cp1252-crlf.csv", "malformed.csv"):
        file = tmp_path / name
        file.write_bytes(CASES[name][0])
        whole = _read(file)
        with monkeypatch.context() as patched:
            patched.setattr(streamed_tables, "STREAM_FROM", 1)
            patched.setattr(streamed_tables, "PIECE", 512)
            patched.setattr(whole_reads, "MAX_WHOLE_BYTES", 1000)
            assert _read(file) == whole and len(whole[0]) >= 40, name


def test_a_table_past_the_bound_its_pieces_cannot_settle_is_still_skipped_as_too_large(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # another code page is judged on the bytes read whole for the while: past the bound it is not read at all
    from dedup import whole_reads

    monkeypatch.setattr(streamed_tables, "STREAM_FROM", 1)
    monkeypatch.setattr(whole_reads, "MAX_WHOLE_BYTES", 1000)
    for name in ("czech.csv", "utf16.csv", "mixed.csv"):
        file = tmp_path / name
        file.write_bytes(CASES[name][0])
        read = read_corpus(file)
        assert not read.documents and [s.reason[:28] for s in read.skipped] == ["too large to be read whole ("], name
        with streamed_table_of(file) as table:
            assert table is None


def test_a_western_table_not_plainly_so_is_judged_in_pieces_whatever_its_size(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # judged on its bytes read whole, a Windows-1252 table of several Western languages was skipped past 256 MB
    from dedup import whole_reads

    file = tmp_path / "export.csv"
    file.write_bytes(CASES["cp1252-languages.csv"][0])
    judged: list[object] = []
    sensible = streamed_tables.sensible_codec
    monkeypatch.setattr(streamed_tables, "sensible_codec", lambda data: judged.append(data) or sensible(data))
    monkeypatch.setattr(streamed_tables, "plainly_western_bytes", lambda wide: False)
    whole = _read(file)
    monkeypatch.setattr(whole_reads, "MAX_WHOLE_BYTES", 1000)
    monkeypatch.setattr(streamed_tables, "STREAM_FROM", 1)
    fd = os.open(file, os.O_RDONLY)
    try:
        plan = streamed_tables.table_plan(fd, piece=256, end=os.fstat(fd).st_size)
        assert plan is not None and plan.codec == "cp1252"
        assert len(judged) == 1 and isinstance(judged[0], FileBytes) and len(judged[0]) == os.fstat(fd).st_size
    finally:
        os.close(fd)
    assert _read(file) == whole and len(whole[0]) >= 40


#: Bytes of other encodings, judged whole and a piece at a time.
_JUDGED = {
    "cp1251": "Президент России заявил сегодня, что правительство примет меры. " * 40,
    "cp932": "東京電力は10日、処理水の海洋放出を始めたと発表した。政府は安全だと説明している。" * 20,
    "gb18030": "国务院总理今天在北京主持召开会议，研究部署经济工作。会议指出，要稳定增长。" * 20,
    "cp1250": "Příliš žluťoučký kůň úpěl ďábelské ódy, řekl ministr v pondělí. " * 40,
    "cp1254": "Türkiye'nin başkenti Ankara'da bugün açıklama yapıldı, bakan şöyle dedi. " * 40,
    "cp1252": "Le président a déclaré à Genève, die Straße, el año, søn og ære. " * 40,
}


@pytest.mark.parametrize("piece", [7, 256, 1 << 20])
@pytest.mark.parametrize("codec", sorted(_JUDGED))
def test_bytes_judged_a_piece_at_a_time_are_judged_as_bytes_held_whole(tmp_path: Path, codec: str, piece: int) -> None:
    from dedup.encodings import sensible_codec, sensible_reading

    data = ("id,text\n1," + _JUDGED[codec] + "\n").encode(codec)
    file = tmp_path / "t.csv"
    file.write_bytes(data)
    fd = os.open(file, os.O_RDONLY)
    try:
        read = sensible_reading(data)
        expected = None if codec == "cp1252" else codec  # Windows-1252 is what is read when none makes sense
        assert sensible_codec(FileBytes(fd, len(data), piece)) == sensible_codec(data) == expected
        assert (read[1] if read else None) == expected
    finally:
        os.close(fd)


def _feed(extra: str, *, items: int = 40, decl: str = "") -> str:
    return (decl + '<rss version="2.0"><channel><title>Wire</title>\n' + "".join(
        f"<item><guid>g{i}</guid><title>{_body(i, 4)}</title><description>{_body(i, 40)}{extra}</description></item>\n"
        for i in range(items)) + "</channel></rss>\n")


_NOWHERE = " a \x81 b \x8d c"  # bytes UTF-8, Windows-1252 and every East Asian encoding lack (an undefined byte, then a space)
#: name: bytes of a large file its pieces read in no encoding, and whether a read whole skips it as undecodable
UNSETTLED = {
    "nowhere.xml": (_feed(_NOWHERE).encode("latin-1"), True),
    "nowhere-declaring-gbk.xml": (_feed(_NOWHERE, decl='<?xml version="1.0" encoding="GBK"?>\n').encode("latin-1"), True),
    "nowhere.csv": (_table(_NOWHERE).encode("latin-1"), True),
    "nowhere.json": (("[" + ",\n".join('{"id": "a%d", "text": "%s%s"}' % (i, _body(i, 40), _NOWHERE) for i in range(40))
                      + "]\n").encode("latin-1"), True),
    # each read whole, as before: a few stray bytes in UTF-8, UTF-8 lines beside others, the encoding declared
    "stray.xml": ((_feed(" caf\u00e9") + "<!-- \x81 -->\n").encode("utf-8").replace(b"\xc2\x81", b"\x81"), False),
    "mixed-lines.xml": (_feed(" caf\u00e9").encode() + _feed(_NOWHERE, items=3).encode("latin-1"), False),
    "declared-1251.xml": (_feed(" \u041f\u0440\u0435\u0437\u0438\u0434\u0435\u043d\u0442 \u0453",
                                decl='<?xml version="1.0" encoding="windows-1251"?>\n').encode("cp1251"), False),
    "sjis-undeclared.xml": (_feed(" \u6771\u4eac\u96fb\u529b\u306f10\u65e5\u3001\u767a\u8868\u3057\u305f\u3002").encode("cp932"),
                            False),
}


@pytest.mark.parametrize("piece", [97, 4096])
@pytest.mark.parametrize("name", sorted(UNSETTLED))
def test_a_large_file_in_no_encoding_is_skipped_without_being_read_whole(tmp_path: Path, name: str, piece: int,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # judged in pieces in no encoding, a feed, a table or a JSON list was read whole (up to 256 MB, and its copies
    # while it was decoded) to be skipped as undecodable; past 256 MB it was "too large to be read whole"
    from dedup import reading, whole_reads

    data, nowhere = UNSETTLED[name]
    file = tmp_path / name
    file.write_bytes(data)
    whole = _read(file)  # smaller than STREAM_FROM: read whole
    assert (whole[1] == [repr(Skipped(name, UNDECODABLE))]) == nowhere and not (nowhere and whole[0])
    read_whole: list[Path] = []
    real = reading.whole_file_data
    monkeypatch.setattr(reading, "whole_file_data", lambda file, *a, **k: read_whole.append(file) or real(file, *a, **k))
    monkeypatch.setattr(streamed_tables, "STREAM_FROM", 1)
    monkeypatch.setattr(streamed_tables, "PIECE", piece)
    assert _read(file) == whole
    assert not (nowhere and read_whole)
    if nowhere:  # past the bound of a read whole too: said so, not "too large to be read whole"
        monkeypatch.setattr(whole_reads, "MAX_WHOLE_BYTES", 1000)
        assert _read(file) == whole


def test_a_row_longer_than_a_cell_may_be_is_malformed_alike_whole_and_in_pieces_and_never_held(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a row of cells each under the cell's bound but longer together was read whole, and held whole by the reader in
    # pieces (a 300 MB row: 916 MB); both say the table is malformed there now, the rows before it read
    import csv

    from dedup import exports
    from dedup.reading import read_corpus

    file = tmp_path / "wide.csv"
    file.write_text("id,text,note\n1,first story here,x\n2," + "a" * 600 + "," + "b" * 600 + "\n3,after,y\n")
    before = csv.field_size_limit()
    monkeypatch.setattr(exports, "_FIELD_LIMIT", 1000)
    csv.field_size_limit(1000)
    try:
        whole = read_corpus(file, min_words=1)
        monkeypatch.setattr(streamed_tables, "STREAM_FROM", 1)
        monkeypatch.setattr(streamed_tables, "PIECE", 64)
        monkeypatch.setattr(streamed_tables, "ROW_HELD", 1000, raising=False)
        given: list[int] = []
        real = streamed_tables.table_line_ends
        monkeypatch.setattr(streamed_tables, "table_line_ends", lambda text: given.append(len(text)) or real(text))
        pieces = read_corpus(file, min_words=1)
    finally:
        csv.field_size_limit(before)
    reason = ("malformed table (a line of more than 1,000 characters, line 3: a row too long to be an article's); "
              "nothing after it read")
    for read in (whole, pieces):
        assert [d.id for d in read.documents] == ["1"]
        assert [(s.path, s.reason) for s in read.skipped] == [("wide.csv", reason)]
    assert given and max(given) <= 1000 + 64
