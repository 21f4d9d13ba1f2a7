"""dedup.decoding (through the reader): a file's bytes as text in the encoding they make sense in, each reading
said; code pages and East Asian encodings, mixed lines, byte-order marks, documents that are no text."""

from __future__ import annotations

import codecs
import io
import json
import unicodedata
import random
from pathlib import Path

import pytest

from _reading_cases import ARTICLE, BODY, CHINESE, RUSSIAN, write
from dedup import reading
from dedup.reading import read_corpus


def test_windows_1252_fallback_warns(tmp_path: Path) -> None:
    write(tmp_path / "old.txt", (BODY + " caf\xe9").encode("cp1252"))
    corpus = read_corpus(tmp_path)
    assert corpus.documents[0].text.endswith("café")
    assert "Windows-1252" in corpus.warnings[0]


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    write(tmp_path / "bom.txt", "\ufeff" + BODY)
    assert not read_corpus(tmp_path).documents[0].text.startswith("\ufeff")


@pytest.mark.parametrize(
    "data,warning",
    [(ARTICLE.replace("third", "th\x00rd", 1).encode(), "1 control character (such as NUL) dropped"),
     (ARTICLE.replace("day", "d\x00a\x01y\x1b", 1).encode(), "3 control characters (such as NUL) dropped"),
     (ARTICLE.encode("utf-16"), None), (ARTICLE.encode("utf-16-le"), None), (ARTICLE.encode("utf-16-be"), None)],
    ids=["one-nul", "several-controls", "utf-16-bom", "utf-16-le", "utf-16-be"],
)
def test_text_with_stray_controls_or_in_utf16_is_read(tmp_path: Path, data: bytes, warning: str | None) -> None:
    corpus = read_corpus(write(tmp_path / "a.txt", data))
    assert [d.text.split()[:3] for d in corpus.documents] == [["The", "port", "strike"]]
    assert "\x00" not in corpus.documents[0].text and "third day" in corpus.documents[0].text
    assert corpus.warnings == ((f"a.txt: {warning}",) if warning else ())


@pytest.mark.parametrize("data", [(ARTICLE + "\U0001F600").encode("utf-32"),
                                  codecs.BOM_UTF32_BE + (ARTICLE + "\U0001F600").encode("utf-32-be")],
                         ids=["utf-32-le", "utf-32-be"])
def test_utf32_with_its_mark_is_read(tmp_path: Path, data: bytes) -> None:
    # UTF-32-LE was read as UTF-16-LE (its mark begins with theirs): every other character a NUL dropped with
    # a warning, and characters beyond the BMP garbled; UTF-32-BE was skipped as a binary file
    corpus = read_corpus(write(tmp_path / "a.txt", data))
    assert [d.text for d in corpus.documents] == [(ARTICLE + "\U0001F600").strip()] and corpus.warnings == ()


CAFE = "Café owners said " + ARTICLE


@pytest.mark.parametrize("data", [(CAFE + "\u20ac").encode()[:-1], (CAFE + "\u20ac").encode("utf-16")[:-1],
                                  (CAFE + "\u20ac").encode("utf-16-le")[:-1], (CAFE + "\u20ac").encode("utf-32")[:-2],
                                  (CAFE + "\U0001F600").encode("utf-16")[:-2]],
                         ids=["utf-8", "utf-16", "utf-16-le-unmarked", "utf-32", "utf-16-half-a-pair"])
def test_a_file_cut_off_inside_its_last_character_is_read_without_it(tmp_path: Path, data: bytes) -> None:
    # the article was lost as undecodable (or read as Windows-1252, mojibake in every accented word)
    corpus = read_corpus(write(tmp_path / "a.txt", data))
    assert [d.text for d in corpus.documents] == [CAFE.strip()]
    assert corpus.warnings == ("a.txt: ends inside a character (the file was cut off?); read without it",)


def test_a_windows_1252_text_ending_in_an_accent_is_not_taken_for_cut_off_utf8(tmp_path: Path) -> None:
    corpus = read_corpus(write(tmp_path / "a.txt", (ARTICLE.strip() + " café").encode("cp1252")))
    assert corpus.documents[0].text.endswith(" café") and corpus.warnings == ("a.txt: not UTF-8; read as Windows-1252",)


def test_utf32_that_is_not_is_named_so(tmp_path: Path) -> None:
    corpus = read_corpus(write(tmp_path / "a.txt", codecs.BOM_UTF32_LE + b"\xff\xff\xff\xff" * 40))
    assert corpus.skipped[0].reason == "undecodable: starts as UTF-32 text but is not"


@pytest.mark.parametrize(("mark", "name"), [(codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"),
                                            (codecs.BOM_UTF32_LE, "UTF-32")], ids=["utf-16-le", "utf-16-be", "utf-32-le"])
def test_utf8_behind_a_wide_byte_order_mark_is_read_as_utf8(tmp_path: Path, mark: bytes, name: str) -> None:
    # read in the width the mark says: Chinese-looking nonsense for a text, and no article at all for a feed
    text = CAFE.strip()
    write(tmp_path / "a.txt", mark + text.encode())
    write(tmp_path / "feed.jsonl", mark + "".join(json.dumps({"id": f"r{k}", "text": text}) + "\n" for k in (1, 2)).encode())
    corpus = read_corpus(tmp_path)
    assert {d.id: d.text for d in corpus.documents} == {"a.txt": text, "r1": text, "r2": text}
    assert sorted(corpus.warnings) == [f"{f}: opens with a {name} byte-order mark, but its bytes are UTF-8; read as UTF-8"
                                       for f in ("a.txt", "feed.jsonl")]


def test_utf8_lines_behind_a_utf16_mark_on_standard_input_are_read() -> None:
    # the first line was lost as malformed JSON ("ÿþ{...")
    from dedup.lines import stdin_lines

    lines = "".join(json.dumps({"id": f"r{k}", "text": CAFE}) + "\n" for k in (1, 2)).encode()
    corpus = read_corpus("-", stdin=stdin_lines(io.BytesIO(codecs.BOM_UTF16_LE + lines)), min_words=5)
    assert [d.id for d in corpus.documents] == ["r1", "r2"] and corpus.skipped == ()


def test_binary_is_still_skipped(tmp_path: Path) -> None:
    corpus = read_corpus(write(tmp_path / "photo.txt", bytes(range(256)) * 40))
    assert corpus.documents == () and corpus.skipped[0].reason == "binary file"


@pytest.mark.parametrize("part_bytes", [None, 300])
def test_a_feed_mixing_utf8_and_windows_1252_lines_is_read_line_by_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, part_bytes: int | None) -> None:
    # A feed put together from two sources: most lines UTF-8 (one with a closing quote, whose UTF-8 bytes
    # hold 0x9D, a byte Windows-1252 lacks), one line from a Windows-1252 source. Read whole as
    # Windows-1252, the UTF-8 lines were mojibake; with the 0x9D line, the whole file was undecodable.
    import dedup.parts as parts

    lines = [json.dumps({"id": f"u{k}", "text": f"Zo\u00eb M\u00fcller \u201cquoted\u201d {k}. {BODY}"}, ensure_ascii=False).encode()
             for k in range(6)]
    lines.insert(3, json.dumps({"id": "w", "text": f"Caf\u00e9 cr\u00e8me story. {BODY}"}, ensure_ascii=False).encode("cp1252"))
    write(tmp_path / "feed.jsonl", b"\n".join(lines) + b"\n")
    if part_bytes is not None:
        monkeypatch.setattr(parts, "PART_BYTES", part_bytes)
    corpus = read_corpus(tmp_path)
    texts = {d.id: d.text for d in corpus.documents}
    assert sorted(texts) == ["u0", "u1", "u2", "u3", "u4", "u5", "w"]
    assert texts["u4"].startswith("Zo\u00eb M\u00fcller \u201cquoted\u201d 4.") and texts["w"].startswith("Caf\u00e9 cr\u00e8me")
    assert list(corpus.warnings) == ["feed.jsonl:4: not UTF-8; read as Windows-1252"]
    ranges = parts.large_jsonl_ranges(tmp_path / "feed.jsonl", tmp_path)
    assert part_bytes is None or (len(ranges) > 2 and {r.encoding for r in ranges} == {"mixed"})  # as Dask reads it


@pytest.mark.parametrize(("text", "declared", "codec"), [
    (CHINESE, '<meta charset="gb2312">', "gbk"),  # a GBK character past GB2312 (扩) read as a browser reads it
    (RUSSIAN, '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">', "cp1251"),
    (RUSSIAN, "<meta charset=KOI8-R>", "koi8_r"),
], ids=["gb2312-label", "http-equiv-1251", "koi8-r"])
def test_an_html_page_is_read_in_the_encoding_it_declares(tmp_path: Path, text: str, declared: str, codec: str) -> None:
    # it was read as Windows-1252: a GBK page became "too short (1 words)", a Russian one latin mojibake
    # that passed for words, with only a warning
    page = f"<html><head>{declared}<title>t</title></head><body><article><p>{text}</p></article></body></html>"
    (tmp_path / "page.html").write_bytes(page.encode(codec))
    corpus = read_corpus(tmp_path)
    assert [d.text for d in corpus.documents] == [text] and not corpus.warnings


JAPANESE = ("東京の中央銀行は火曜日、政策金利を据え置くと発表した。物価の上昇は続いているが、賃金の伸びはまだ弱いと"
            "説明している。市場では、年内に利上げがあるとの見方が広がっている。")
TRADITIONAL = ("台北市政府週一宣布，將在未來三年內投資五百億元新台幣，用於改善城市公共交通系統，包括新建四條捷運路線和擴建"
               "現有的公車網路。官員表示，這項計畫將緩解交通擁擠，並減少空氣污染。")
KOREAN = ("서울시는 월요일 앞으로 삼 년 동안 대중교통 체계를 개선하기 위해 오천억 원을 투자하겠다고 발표했다. 관계자는 "
          "이 계획이 교통 혼잡을 줄이고 대기 오염을 낮출 것이라고 말했다.")
# Korean with jamo written alone: read as EUC-JP, its jamo are kana and its syllables common Han characters
KOREAN_JAMO = ("국립국어원은 화요일 누리꾼들이 댓글에 ㅋㅋㅋ, ㅎㅎ, ㅠㅠ 같은 자음과 모음만 쓰는 일이 늘었다고 밝혔다. "
               "연구진은 ㅇㅇ 이나 ㄱㅅ 같은 줄임말도 흔하다고 말했다.")


@pytest.mark.parametrize(("text", "codec", "declared", "read_as"), [
    (JAPANESE, "cp932", "GBK", "Shift_JIS"),  # valid GBK bytes, read as rare Chinese characters: nonsense
    (JAPANESE, "cp932", "Big5", "Shift_JIS"),  # not Big5 at all: it fell back to Windows-1252, then was skipped
    (JAPANESE, "euc_jp", "GBK", "EUC-JP"),  # common Chinese characters, but kana among them: Japanese
    (CHINESE, "gbk", "Shift_JIS", "GBK"),
    (TRADITIONAL, "big5", "GBK", "Big5"),
    (KOREAN, "cp949", "GBK", "EUC-KR"),  # common Chinese characters spaced as Korean words are
    (KOREAN_JAMO, "cp949", "EUC-JP", "EUC-KR"),  # Han characters spaced as Korean words, kana for its jamo
    (JAPANESE, "euc_jp", "EUC-KR", "EUC-JP"),
], ids=["sjis-as-gbk", "sjis-as-big5", "eucjp-as-gbk", "gbk-as-sjis", "big5-as-gbk", "euckr-as-gbk", "jamo-as-eucjp",
        "eucjp-as-euckr"])
def test_east_asian_bytes_under_another_east_asian_name_are_read_in_what_they_say(
        tmp_path: Path, text: str, codec: str, declared: str, read_as: str) -> None:
    # a Shift_JIS page declaring GBK was read as GBK without a word: its bytes are valid GBK, but read so
    # they are rare Chinese characters no text uses ("堦尨巕椡敪揹強偺")
    page = f'<html><head><meta charset="{declared}"><title>t</title></head><body><p>{text}</p></body></html>'
    (tmp_path / "page.html").write_bytes(page.encode(codec))
    corpus = read_corpus(tmp_path)
    assert [d.text for d in corpus.documents] == [text]
    assert list(corpus.warnings) == [f"page.html: declares {declared}, but its bytes are not {declared} text (or read "
                                     f"as rare characters only); read as {read_as}, in which they make sense"]


@pytest.mark.parametrize(("text", "codec", "read_as"), [(JAPANESE, "cp932", "Shift_JIS"), (JAPANESE, "euc_jp", "EUC-JP"),
                                                        (CHINESE, "gbk", "GBK"), (TRADITIONAL, "big5", "Big5"),
                                                        (KOREAN, "cp949", "EUC-KR")],
                         ids=["sjis", "eucjp", "gbk", "big5", "euckr"])
@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_east_asian_text_that_declares_nothing_is_read_in_what_its_bytes_say(
        tmp_path: Path, text: str, codec: str, read_as: str, suffix: str) -> None:
    # it was skipped as undecodable (Shift_JIS's 0x81, which Windows-1252 lacks), or read as Windows-1252
    # mojibake, too short for want of spaces or words of Latin letters
    (tmp_path / f"story{suffix}").write_bytes((f"<p>{text}</p>" if suffix == ".html" else text).encode(codec))
    corpus = read_corpus(tmp_path)
    assert [d.text for d in corpus.documents] == [text]
    assert list(corpus.warnings) == [f"story{suffix}: not UTF-8; read as {read_as}, the East Asian encoding its bytes "
                                     "make sense in (it declares none)"]


def _japanese_line(number: int, codec: str = "cp932") -> bytes:
    return json.dumps({"id": f"j{number}", "text": f"{JAPANESE}{number}。{JAPANESE}"}, ensure_ascii=False).encode(codec)


def test_shift_jis_lines_in_a_feed_of_utf_8_lines_are_read_as_shift_jis(tmp_path: Path) -> None:
    # each was read as Windows-1252, line by line: mojibake ("“Œ‹ž‚Ì’†‰›‹â")
    utf8 = json.dumps({"id": "u", "text": f"Zo\u00eb M\u00fcller. {BODY}"}, ensure_ascii=False).encode()
    write(tmp_path / "feed.jsonl", utf8 + b"\n" + _japanese_line(2) + b"\n")
    corpus = read_corpus(tmp_path)
    assert {d.id: d.text for d in corpus.documents}["j2"] == f"{JAPANESE}2。{JAPANESE}"
    assert list(corpus.warnings) == ["feed.jsonl:2: not UTF-8; read as Shift_JIS, the East Asian encoding its bytes "
                                     "make sense in"]


def test_shift_jis_lines_on_standard_input_are_read_as_shift_jis() -> None:
    from dedup.lines import stdin_lines

    utf8 = json.dumps({"id": "u", "text": f"Zo\u00eb M\u00fcller. {BODY}"}, ensure_ascii=False).encode()
    corpus = read_corpus("-", stdin=stdin_lines(io.BytesIO(utf8 + b"\n" + _japanese_line(2) + b"\n")))
    assert {d.id: d.text for d in corpus.documents}["j2"] == f"{JAPANESE}2。{JAPANESE}"


@pytest.mark.parametrize(("codec", "name"), [("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP")])
def test_a_large_east_asian_feed_read_in_ranges_is_read_as_it_is_whole(tmp_path: Path, codec: str, name: str) -> None:
    # past PART_BYTES a JSONL file is read in ranges, each decoded as the plan said: Windows-1252 (mojibake),
    # or the whole file read and skipped as undecodable; read whole, it was read in its East Asian encoding
    import dedup.parts as parts

    lines = [_japanese_line(k, codec) for k in range(1, 13)]
    write(tmp_path / "feed.jsonl", b"\n".join(lines) + b"\n")
    ranges = parts.plan_parts(tmp_path / "feed.jsonl", part_bytes=3 * len(lines[0]))
    assert len(ranges) >= 3 and {r.encoding for r in ranges} == {codec}
    read = [reading.read_part(r) for r in ranges]
    whole = read_corpus(tmp_path)
    assert [(d.id, d.text) for c in read for d in c.documents] == [(d.id, d.text) for d in whole.documents]
    assert [d.text for d in whole.documents] == [f"{JAPANESE}{k}。{JAPANESE}" for k in range(1, 13)]
    warning = f"feed.jsonl: not UTF-8; read as {name}, the East Asian encoding its bytes make sense in (it declares none)"
    assert [w for c in read for w in c.warnings] == list(whole.warnings) == [warning]


def test_western_text_in_windows_1252_is_not_taken_for_east_asian(tmp_path: Path) -> None:
    texts = {"fr": "Le président a déclaré à Genève que l'économie européenne était à un tournant décisif, après "
                   "une réunion où les ministres ont évoqué la crise énergétique et les prix élevés. " * 2,
             "de": "Die Bundesregierung hat beschlossen, dass die Förderung für Elektroautos früher endet; Käufer "
                   "müssen sich auf höhere Preise einstellen. Übrigens äußerte sich auch der Verband. " * 2,
             "mojibake": "Ã©Ã¨Ã Ã§ÃªÃ®Ã´Ã» " * 10 + BODY}
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_bytes(text.encode("cp1252"))
    corpus = read_corpus(tmp_path)
    assert sorted(d.text for d in corpus.documents) == sorted(t.strip() for t in texts.values())
    assert set(corpus.warnings) == {f"{name}.txt: not UTF-8; read as Windows-1252" for name in texts}


def test_a_declared_encoding_the_bytes_are_not_in_falls_back_to_windows_1252(tmp_path: Path) -> None:
    page = f'<meta charset="utf-8"><p>{BODY} Caf\xe9 au lait, na\xefve r\xe9sum\xe9.</p>'
    (tmp_path / "page.html").write_bytes(page.encode("cp1252"))
    corpus = read_corpus(tmp_path)
    assert corpus.documents[0].text.endswith("Café au lait, naïve résumé.")
    assert list(corpus.warnings) == ["page.html: not UTF-8; read as Windows-1252"]


@pytest.mark.parametrize("label", ["base64", "rot13", "undefined", "unicode_escape", "utf-7"])
def test_a_declared_codec_no_browser_reads_a_page_in_is_not_used(tmp_path: Path, label: str) -> None:
    # any name Python knows was used: base64, rot13 or undefined failed the whole read with LookupError or
    # UnicodeError (a traceback), unicode_escape read the page's "\\u00e9" as an accent
    page = f'<meta charset="{label}"><p>{BODY} Caf\xe9 au lait, \\u00e9 + 1.</p>'
    (tmp_path / "page.html").write_bytes(page.encode("cp1252"))
    corpus = read_corpus(tmp_path)
    assert corpus.documents[0].text.endswith("Café au lait, \\u00e9 + 1.")
    assert list(corpus.warnings) == ["page.html: not UTF-8; read as Windows-1252"]


def test_a_mixed_feed_of_lone_carriage_returns_is_decoded_line_by_line(tmp_path: Path) -> None:
    # read as one line, a feed of UTF-8 lines and one Windows-1252 line was all Windows-1252: mojibake
    utf8 = json.dumps({"id": "u", "text": f"Zo\u00eb M\u00fcller. {BODY}"}, ensure_ascii=False).encode()
    cp1252 = json.dumps({"id": "w", "text": f"Caf\u00e9 cr\u00e8me. {BODY}"}, ensure_ascii=False).encode("cp1252")
    write(tmp_path / "feed.jsonl", utf8 + b"\r" + cp1252 + b"\r")
    corpus = read_corpus(tmp_path)
    texts = {d.id: d.text for d in corpus.documents}
    assert texts["u"].startswith("Zo\u00eb M\u00fcller.") and texts["w"].startswith("Caf\u00e9 cr\u00e8me.")
    assert list(corpus.warnings) == ["feed.jsonl:2: not UTF-8; read as Windows-1252"]


GREEK = ("Η κυβέρνηση ανακοίνωσε τη Δευτέρα νέα μέτρα στήριξης για τις μικρές επιχειρήσεις, μεταξύ των οποίων μείωση "
         "φόρων και φθηνότερα δάνεια, δήλωσε ο υπουργός Οικονομικών σε συνέντευξη Τύπου.")
HEBREW = ("הממשלה הודיעה ביום שני על צעדים חדשים לתמיכה בעסקים קטנים, ובהם הפחתת מסים והלוואות בתנאים נוחים, כך אמר "
          "שר האוצר במסיבת עיתונאים בירושלים.")
ARABIC = ("أعلنت الحكومة يوم الاثنين عن إجراءات جديدة لدعم الشركات الصغيرة، من بينها خفض الضرائب وتقديم قروض ميسرة، "
          "بحسب ما قاله وزير المالية في مؤتمر صحفي.")
POLISH = ("Rząd ogłosił w poniedziałek nowe środki wsparcia dla małych firm, w tym obniżkę podatków i tańsze kredyty dla "
          "przedsiębiorstw, które ucierpiały z powodu kryzysu, powiedział minister finansów na konferencji prasowej.")
TURKISH = ("Hükümet pazartesi günü küçük işletmelere yönelik yeni destek önlemlerini açıkladı; bunlar arasında vergi "
           "indirimi ve düşük faizli krediler bulunuyor. Maliye bakanı, yardımın bütçeye yaklaşık iki milyar liraya "
           "mal olacağını söyledi.")
THAI = ("รัฐบาลประกาศมาตรการใหม่เมื่อวันจันทร์เพื่อช่วยเหลือธุรกิจขนาดเล็ก รวมถึงการลดภาษีและสินเชื่อดอกเบี้ยต่ำ "
        "รัฐมนตรีว่าการกระทรวงการคลังกล่าวในการแถลงข่าวที่กรุงเทพฯ")
HUNGARIAN = ("A kormány hétfőn új támogatási intézkedéseket jelentett be a kisvállalkozások számára, köztük adócsökkentést "
             "és kedvezőbb hiteleket, mondta a pénzügyminiszter a sajtótájékoztatón, ahol a szűkülő piacról is beszélt.")
LITHUANIAN = ("Vyriausybė pirmadienį paskelbė naujas paramos priemones smulkiajam verslui, tarp jų mokesčių mažinimą ir "
              "pigesnes paskolas, sakė finansų ministras spaudos konferencijoje Vilniuje. Jis pridūrė, kad šių "
              "priemonių kaina biudžetui sieks apie du šimtus milijonų eurų per metus.")
LATVIAN = ("Valdība pirmdien paziņoja par jauniem atbalsta pasākumiem mazajiem uzņēmumiem, tostarp nodokļu samazinājumu "
           "un lētākiem aizdevumiem, sacīja finanšu ministrs preses konferencē Rīgā.")
#: Vietnamese as Windows-1258 writes it: its tones as combining marks after the letters the page holds (ệ: ê, dot below)
VIETNAMESE = ("Ch\xednh phu\u0309 h\xf4m th\u01b0\u0301 hai c\xf4ng b\xf4\u0301 c\xe1c bi\xea\u0323n ph\xe1p "
              "m\u01a1\u0301i \u0111\xea\u0309 h\xf4\u0303 tr\u01a1\u0323 doanh nghi\xea\u0323p nho\u0309, trong \u0111\xf3 "
              "c\xf3 gia\u0309m thu\xea\u0301 v\xe0 cho vay la\u0303i su\xe2\u0301t th\xe2\u0301p, b\xf4\u0323 "
              "tr\u01b0\u01a1\u0309ng t\xe0i ch\xednh cho bi\xea\u0301t ta\u0323i cu\xf4\u0323c ho\u0323p b\xe1o "
              "\u01a1\u0309 H\xe0 N\xf4\u0323i.")
#: Romanian as ISO-8859-16 writes it (ș, ț with a comma below; „ and ” at bytes that are Windows-1250's Ą and µ), and as
#: Windows-1250 does (ş, ţ with a cedilla, its own „ and ”)
ROMANIAN = ("Premierul a declarat joi că „nu va exista nicio creștere a taxelor” anul acesta, iar sindicatele din "
            "învățământ cer o majorare a salariilor și amenință cu grevă dacă guvernul nu răspunde până la sfârșitul lunii.")
ROMANIAN_CEDILLA = ROMANIAN.translate(str.maketrans("șțȘȚ", "şţŞŢ"))
SINGLE_BYTE = [(RUSSIAN, "cp1251", "Windows-1251"), (RUSSIAN, "koi8_r", "KOI8-R/U"), (GREEK, "cp1253", "Windows-1253"),
               (GREEK, "iso8859_7", "Windows-1253"), (HEBREW, "cp1255", "Windows-1255"), (HEBREW, "iso8859_8", "Windows-1255"),
               (ARABIC, "cp1256", "Windows-1256"), (POLISH, "cp1250", "Windows-1250"), (POLISH, "iso8859_2", "ISO-8859-2"),
               (TURKISH, "cp1254", "Windows-1254"), (THAI, "cp874", "Windows-874"),
               # read as Windows-1252 before: Hungarian's ő and ű are its õ and û (Portuguese's and French's letters),
               # Baltic and Vietnamese pages were not tried, and Latvian's ā, ī, ū, š, ž are Turkish's â, î, û, ğ, ş
               (HUNGARIAN, "cp1250", "Windows-1250"), (HUNGARIAN, "iso8859_2", "Windows-1250"),
               (LITHUANIAN, "cp1257", "Windows-1257"), (LATVIAN, "cp1257", "Windows-1257"),
               (LATVIAN, "iso8859_13", "Windows-1257"), (VIETNAMESE, "cp1258", "Windows-1258"),
               # ISO-8859-16 was not tried: read as Windows-1250, "Ąnu va exista ... taxelorµ" with ş and ţ
               (ROMANIAN, "iso8859_16", "ISO-8859-16"), (ROMANIAN_CEDILLA, "cp1250", "Windows-1250")]
SINGLE_IDS = ["cp1251", "koi8-r", "cp1253", "iso8859-7", "cp1255", "iso8859-8", "cp1256", "cp1250", "iso8859-2", "cp1254",
              "cp874", "hungarian-cp1250", "hungarian-iso8859-2", "lithuanian-cp1257", "latvian-cp1257",
              "latvian-iso8859-13", "vietnamese-cp1258", "romanian-iso8859-16", "romanian-cp1250"]


@pytest.mark.parametrize(("text", "codec", "name"), SINGLE_BYTE, ids=SINGLE_IDS)
def test_a_line_of_standard_input_in_a_single_byte_code_page_is_read_in_it(text: str, codec: str, name: str) -> None:
    # every line neither UTF-8 nor East Asian was read as Windows-1252: "Ïðåçèäåíò", "g³ówny", "açýkladý"
    from dedup.lines import stdin_lines

    line = json.dumps({"id": "s", "text": text}, ensure_ascii=False).encode(codec)
    corpus = read_corpus("-", stdin=stdin_lines(io.BytesIO(line + b"\n")), min_words=5)
    assert [d.text for d in corpus.documents] == [unicodedata.normalize("NFC", text)]  # Vietnamese's marks composed


@pytest.mark.parametrize(("text", "codec", "name"), SINGLE_BYTE, ids=SINGLE_IDS)
def test_a_file_and_a_feed_line_in_a_single_byte_code_page_are_read_in_it(tmp_path: Path, text: str, codec: str,
                                                                          name: str) -> None:
    (tmp_path / "story.txt").write_bytes(text.encode(codec))
    utf8 = json.dumps({"id": "u", "text": f"Zo\u00eb M\u00fcller. {BODY}"}, ensure_ascii=False).encode()
    line = json.dumps({"id": "s", "text": text}, ensure_ascii=False).encode(codec)
    write(tmp_path / "feed.jsonl", utf8 + b"\n" + line + b"\n")
    corpus = read_corpus(tmp_path, min_words=5)
    text = unicodedata.normalize("NFC", text)
    assert {d.id: d.text for d in corpus.documents if d.id != "u"} == {"s": text, "story.txt": text}
    assert sorted(corpus.warnings) == [f"feed.jsonl:2: not UTF-8; read as {name}, the code page its letters make sense in",
                                       f"story.txt: not UTF-8; read as {name}, the code page its letters make sense in "
                                       "(it declares none)"]


def test_a_large_feed_in_a_single_byte_code_page_read_in_ranges_is_read_in_it(tmp_path: Path) -> None:
    import dedup.parts as parts

    lines = [json.dumps({"id": f"r{k}", "text": f"{RUSSIAN} {k}"}, ensure_ascii=False).encode("cp1251") for k in range(12)]
    write(tmp_path / "feed.jsonl", b"\n".join(lines) + b"\n")
    ranges = parts.plan_parts(tmp_path / "feed.jsonl", part_bytes=3 * len(lines[0]))
    assert len(ranges) >= 3 and {r.encoding for r in ranges} == {"cp1251"}
    assert [d.text for r in ranges for d in reading.read_part(r).documents] == [f"{RUSSIAN} {k}" for k in range(12)]


@pytest.mark.parametrize("text", [
    "Le président a déclaré à Genève que l'économie européenne était à un tournant décisif, après une réunion où "
    "les ministres ont évoqué la crise énergétique et les prix élevés.",
    "Þjóðin kaus í gær nýjan forseta; á kjörstað var þröng á þingi og kjörsóknin sú mesta í áratugi, að sögn "
    "yfirkjörstjórnar í Reykjavík.",  # Icelandic: Turkish read as Windows-1252 is its ð, ý and þ
    "The company’s chief executive said it wouldn’t cut jobs, but analysts didn’t believe him; the shares fell "
    "3% to £4.20 and the bonds’ yields rose — “a bad day”, one trader said, “worse than Monday’s”.",
], ids=["french", "icelandic", "curly-quotes"])
def test_western_text_in_windows_1252_stays_windows_1252(text: str) -> None:
    from dedup.charsets import decode_line

    assert decode_line(text.encode("cp1252")) == (text, "not UTF-8; read as Windows-1252")


KANJI_HEADLINES = ("日経平均株価大幅続落　米長期金利上昇受　東証一部銘柄八割下落　円相場一時百五十円台　日銀総裁発言受円安加速　"
                   "政府経済対策閣議決定　総額二十兆円規模　国土交通省新幹線延伸計画発表　東京都知事選告示　与野党候補者乱立　"
                   "大阪万博会場建設費増額　関西電力原発再稼働申請　北海道大雪交通機関混乱　気象庁警報発表")


@pytest.mark.parametrize(("codec", "name"), [("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP")])
def test_japanese_headlines_with_few_kana_are_read_as_japanese(tmp_path: Path, codec: str, name: str) -> None:
    # under a twentieth of kana was no Japanese: Shift_JIS was read as Windows-1252 mojibake, EUC-JP as GBK Chinese
    (tmp_path / "story.txt").write_bytes(KANJI_HEADLINES.encode(codec))
    corpus = read_corpus(tmp_path, min_words=5)
    assert [d.text for d in corpus.documents] == [KANJI_HEADLINES]
    assert list(corpus.warnings) == [f"story.txt: not UTF-8; read as {name}, the East Asian encoding its bytes make sense "
                                     "in (it declares none)"]


@pytest.mark.parametrize("label", [None, "utf-8", "ISO-8859-1"], ids=["none", "utf-8", "iso-8859-1"])
def test_a_page_of_one_paragraph_is_read_in_its_code_page_and_named_with_its_declaration(tmp_path: Path,
                                                                                          label: str | None) -> None:
    # its one capital glued to the tag before it ("<p>Президент": a small p before a capital) was no word, so the
    # Cyrillic reading had no capital and made no sense: Windows-1252 mojibake; and a page that declared an
    # encoding its text is not was said to declare none
    meta = f'<meta charset="{label}">' if label else ""
    page = f"<html><head>{meta}<title>t</title></head><body><p>{RUSSIAN}</p></body></html>"
    (tmp_path / "a.html").write_bytes(page.encode("cp1251"))
    corpus = read_corpus(tmp_path, min_words=5)
    assert [d.text for d in corpus.documents] == [RUSSIAN]
    declares = f"declares {label}, which its text is not" if label else "declares none"
    assert corpus.warnings == (f"a.html: not UTF-8; read as Windows-1251, the code page its letters make sense in (it "
                               f"{declares})",)


def test_a_feed_with_a_line_in_utf16_among_its_utf8_lines_is_read_line_by_line(tmp_path: Path) -> None:
    # the UTF-16 line's NULs made the feed's first bytes look binary: the whole feed was skipped ("binary file")
    lines = [json.dumps({"id": f"g{n}", "text": "Οι λιμενεργάτες απήργησαν για τους μισθούς τους τη Δευτέρα " * 3
                         + str(n)}, ensure_ascii=False) + "\n" for n in range(4)]
    (tmp_path / "feed.jsonl").write_bytes(lines[0].encode() + lines[1].encode("utf-16-le")
                                          + (lines[2] + lines[3]).encode())
    corpus = read_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["g0", "g1", "g2", "g3"] and not corpus.skipped
    assert corpus.documents[1].text.startswith("Οι λιμενεργάτες")
    assert any("feed.jsonl:2: not UTF-8; read as UTF-16-LE" in w for w in corpus.warnings)
    # binary data named .jsonl is still a binary file
    (tmp_path / "feed.jsonl").write_bytes(random.Random(4).randbytes(9000))
    assert [(s.path, s.reason) for s in read_corpus(tmp_path).skipped] == [("feed.jsonl", "binary file")]


def test_a_utf16_line_in_a_feed_of_ascii_lines_is_read_alike_whole_and_in_ranges(tmp_path: Path) -> None:
    # the feed was read as Windows-1252 as a whole (the Greek line's UTF-16 bytes are no UTF-8): "Ÿ¹ »¹¼µ½µÁ³¬..."
    import dedup.parts as parts

    greek = "Οι λιμενεργάτες απήργησαν για τους μισθούς τους τη Δευτέρα και τα πλοία περιμένουν ανοιχτά. " * 2
    greek = greek.strip()
    lines = [(json.dumps({"id": f"a{k}", "text": f"Story {k}. {BODY}"}) + "\n").encode() for k in range(60)]
    lines[50] = (json.dumps({"id": "greek", "text": greek}, ensure_ascii=False) + "\n").encode("utf-16-le")
    assert sum(map(len, lines[:50])) > 8192  # past the first bytes a file's kind is judged by: no binary file
    write(tmp_path / "feed.jsonl", b"".join(lines))
    whole = read_corpus(tmp_path)
    assert {d.id: d.text for d in whole.documents}["greek"] == greek and len(whole.documents) == 60
    assert "feed.jsonl:51: not UTF-8; read as UTF-16-LE (its NULs)" in whole.warnings
    ranges = parts.plan_parts(tmp_path / "feed.jsonl", part_bytes=10 * len(lines[0]))
    assert len(ranges) >= 3 and {r.encoding for r in ranges} == {"mixed"}
    read = [reading.read_part(r) for r in ranges]
    assert [(d.id, d.text) for c in read for d in c.documents] == [(d.id, d.text) for d in whole.documents]


@pytest.mark.parametrize("text", ["中国经济增长快。" * 40, "今天天气很好，" * 40, "北京上海广州深圳" * 30])
def test_a_few_chinese_characters_repeated_are_read_as_chinese_not_kana_less_japanese(tmp_path: Path, text: str) -> None:
    # read as EUC-JP (mojibake, "嶄忽将蔀奐海酔"): their repeats counted as the many kanji of Japanese headlines, whose
    # common kanji say enough without kana; the few different characters say nothing of Japanese
    (tmp_path / "story.txt").write_bytes(text.encode("gb18030"))
    corpus = read_corpus(tmp_path, min_words=5)
    assert [d.text for d in corpus.documents] == [text]
    assert list(corpus.warnings) == ["story.txt: not UTF-8; read as GBK, the East Asian encoding its bytes make sense in "
                                     "(it declares none)"]


_RTF_HEADER = ("{\\rtf1\\ansi\\ansicpg1252\\cocoartf2709\n{\\fonttbl\\f0\\fswiss\\fcharset0 Helvetica;\\f1\\froman\\fcharset0 "
               "Times-Roman;}\n{\\colortbl;\\red255\\green255\\blue255;\\red0\\green0\\blue0;\\red38\\green38\\blue38;}\n"
               "\\paperw11900\\paperh16840\\margl1440\\margr1440\\vieww11520\\viewh8400\\viewkind0\n"
               "\\pard\\tx566\\tx1133\\tx1700\\tx2267\\tx2834\\tx3401\\tx3968\\tx4535\\tx5102\\pardirnatural\n\\f0\\fs24 \\cf0 ")


def _office_zip(first: str, content: str) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(first, "application/vnd.oasis.opendocument.text" if first == "mimetype" else "<Types/>")
        archive.writestr("content.xml", content)
    return out.getvalue()


@pytest.mark.parametrize(("content", "kind"), [
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n" + BODY.encode(), "a PDF document"),
    ((_RTF_HEADER + BODY + "}").encode(), "an RTF document"),
    (codecs.BOM_UTF8 + (_RTF_HEADER + BODY + "}").encode(), "an RTF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600) + BODY.encode(), "a Word, Excel or PowerPoint document (of before 2007)"),
    (_office_zip("[Content_Types].xml", BODY), "an office document (Word, Excel, OpenDocument)"),
    (_office_zip("mimetype", BODY), "an office document (Word, Excel, OpenDocument)"),
], ids=["pdf", "rtf", "rtf-behind-a-mark", "ole", "docx", "odt"])
def test_a_document_named_as_text_is_skipped_as_what_it_is(tmp_path: Path, content: bytes, kind: str) -> None:
    # "binary file" or "a zip archive: extract it first" for a PDF or a .docx; an RTF file was read as text, its
    # control words and all
    write(tmp_path / "story.txt", content)
    corpus = read_corpus(tmp_path)
    assert corpus.documents == ()
    assert corpus.skipped[0].reason == f"{kind}, not text: save it as text (.txt) or HTML first"


def test_two_stories_saved_as_rtf_by_one_editor_are_no_copy(tmp_path: Path) -> None:
    # the editor's header of fonts and colours, the same in both, made two unrelated stories a copy (these two a
    # duplicate; two Reuters stories of 473 and 791 characters so saved, partial 0.66)
    from typer.testing import CliRunner

    from dedup.cli import app

    first = "The central bank raised its main rate by a quarter point on Tuesday, its third rise this year. " * 3
    second = "Heavy rain flooded the river valley overnight and hundreds of homes were left without power. " * 3
    write(tmp_path / "a.txt", _RTF_HEADER + first + "\\par\n}")
    write(tmp_path / "b.txt", _RTF_HEADER + second + "\\par\n}")
    result = CliRunner().invoke(app, ["scan", str(tmp_path), "--json", "-"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "no article could be read (2 inputs skipped, such as a.txt: an RTF document, not text" in result.output
