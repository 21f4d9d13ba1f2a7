"""What the reading stage makes of text it was not written for (measuring only; nothing here sets a value).

    python -m benchmarks.readings cjk        # East Asian texts under wrong declarations, others never taken for them
    python -m benchmarks.readings salad [--corpus benchmarks/out/reuters.jsonl] [--pan ../shared/data/pan13-train]
    python -m benchmarks.readings lines      # seconds to read 20,000 JSONL lines of standard input, not UTF-8
    python -m benchmarks.readings single [--corpus benchmarks/out/reuters.jsonl]  # one article a line, single-byte

``cjk``: every Chinese, Japanese and Korean text of the multilingual set (its held-out stories too, for measuring)
encoded in each East Asian encoding that holds it, in an HTML page declaring each East Asian encoding, none, or
ISO-8859-1, read as a file is: how many come back exactly; the texts of eleven other languages in their
single-byte encodings: how many are taken for East Asian; Japanese without its kana, and prefixes of Chinese texts
(:func:`kanji`). ``salad``: how many texts have 50 sentence starts or more
in a cased script (what :func:`dedup.normalize.word_salad` judges), the fewest share of them that open with a capital
per source, and which texts it calls words without sentences. ``lines``: standard input of Windows-1252 (French,
German, Spanish, Portuguese, Italian) and Windows-1251 (Russian, Ukrainian) lines, best of three. ``single``: every
text of the multilingual set in each single-byte code page of its language (the held-out stories too, for measuring),
one article a JSONL line on standard input, then a file of each: how many come back exactly, and what the others are
read as; and every story of ``--corpus`` as a Windows-1252 line: how many are read otherwise than as Windows-1252.
"""

from __future__ import annotations

import argparse
import io
import json
import time
from pathlib import Path
from typing import Any, Iterator

from dedup.encodings import cjk_reading
from dedup.formats import UNDECODABLE, decode_bytes, stdin_lines

HERE = Path(__file__).parent / "multilingual"
CJK = {"ja": ["cp932", "euc_jp"], "zh": ["gb18030", "big5hkscs"], "ko": ["cp949"]}
DECLARED = [None, "Shift_JIS", "EUC-JP", "GBK", "Big5", "EUC-KR", "ISO-8859-1"]
SINGLE = {"ru": ["cp1251", "koi8_r"], "uk": ["cp1251", "koi8_u"], "el": ["cp1253", "iso8859_7"], "he": ["cp1255", "iso8859_8"],
          "ar": ["cp1256"], "fa": ["cp1256"], "tr": ["cp1254"], "pl": ["cp1250", "iso8859_2"], "de": ["cp1252"],
          "fr": ["cp1252"], "es": ["cp1252"], "pt": ["cp1252"], "it": ["cp1252"], "vi": ["cp1258"], "th": ["cp874"]}


def texts(language: str) -> list[str]:
    """The texts of a language in the multilingual set: its stories' roles, its wire folder, its briefs."""
    found: list[str] = []

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, str) and len(value) > 60 and key not in ("name", "about"):
            found.append(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for file in sorted(HERE.glob(f"{language}*.json")) + sorted((HERE / "wire" / language).glob("*.json")):
        walk(json.loads(file.read_text()))
    walk(json.loads((HERE / "copies" / "briefs.json").read_text())["stories"].get(language, []))
    return found


def read_as_a_file(data: bytes) -> tuple[str | None, str]:
    """As the reader reads a file: the declared or found encoding, else an East Asian or single-byte one its bytes fit."""
    text, name = decode_bytes(data, html=True)
    if name in ("cp1252", UNDECODABLE):
        found = _sensible(data)
        if found is not None:
            return found
    return text, name


def _sensible(data: bytes) -> tuple[str, str] | None:
    """The reader's reading of a file that is not UTF-8 (East Asian, else a single-byte code page; East Asian
    alone in a tree before single-byte readings)."""
    try:
        from dedup.encodings import sensible_reading
    except ImportError:
        return cjk_reading(data)
    return sensible_reading(data)


def encoded(table: dict[str, list[str]]) -> Iterator[tuple[str, str, str, bytes]]:
    """``(language, codec, text, bytes)`` of every text of each language of ``table`` in each of its codecs
    that can write it."""
    for language, codecs_ in table.items():
        for text in texts(language):
            for codec in codecs_:
                try:
                    yield language, codec, text, text.encode(codec)
                except UnicodeEncodeError:
                    continue


def cjk() -> None:
    exact = wrong = 0
    for language, codec, text, body in encoded(CJK):
        for declared in DECLARED:
            head = f'<html><head><meta charset="{declared}"></head><body>' if declared else "<html><body>"
            read, name = read_as_a_file(head.encode() + b"<p>" + body + b"</p></body></html>")
            if read is not None and text in read:
                exact += 1
            else:
                wrong += 1
                print(f"wrong: {language} in {codec}, declared {declared}: read as {name}")
    taken = files = 0
    for language, codec, _, data in encoded(SINGLE):
        files += 1
        name = read_as_a_file(data)[1]
        if name.split(";")[0] in ("cp932", "euc_jp", "gb18030", "big5hkscs", "cp949"):
            taken += 1
            print(f"taken for East Asian: {language} in {codec} ({name})")
    print(f"East Asian readings: {exact} exact, {wrong} wrong; other scripts: {files} files, {taken} taken for East Asian")
    kanji()


def kanji() -> None:
    """Japanese written with few kana (a run of headlines), stood for by the set's Japanese texts with their kana
    dropped, in Shift_JIS and EUC-JP: how many are read as Japanese; and every prefix of the Chinese texts (20
    characters, 25, ...) in GBK and Big5: how many are taken for Japanese."""
    read = files = 0
    for _, codec, text, _ in encoded({"ja": CJK["ja"]}):
        bare = "".join(c for c in text if not "\u3041" <= c <= "\u30fa")
        files += 1
        read += _sensible(bare.encode(codec)) == (bare, codec)
    taken = prefixes = 0
    for _, codec, text, _ in encoded({"zh": CJK["zh"]}):
        for size in range(20, len(text), 5):
            try:
                found = _sensible(text[:size].encode(codec))
            except UnicodeEncodeError:
                continue
            prefixes += 1
            taken += found is not None and found[1] in CJK["ja"]
    print(f"Japanese without kana: {read} of {files} read as Japanese; Chinese prefixes: {taken} of {prefixes} taken for Japanese")


def _corpus(corpus: Path, pan: Path | None) -> Iterator[tuple[str, str, str]]:
    for line in corpus.open(encoding="utf-8"):
        record = json.loads(line)
        yield corpus.name, record["id"], record["text"]
    for folder in ("src", "susp"):
        for file in sorted((pan / folder).glob("*.txt")) if pan is not None else []:
            yield "pan13", file.name, file.read_text(errors="replace")


def salad(corpus: Path, pan: Path | None) -> None:
    from dedup.normalize import _SENTENCE_START, word_salad  # here: a tree without it still runs cjk and lines

    judged: dict[str, list[float]] = {}
    seen: dict[str, int] = {}
    for source, name, text in _corpus(corpus, pan):
        seen[source] = seen.get(source, 0) + 1
        starts = [c.isupper() for c in _SENTENCE_START.findall(text) if c.isupper() or c.islower()]
        if len(starts) >= 50:
            judged.setdefault(source, []).append(sum(starts) / len(starts))
        reason = word_salad(text)
        if reason is not None:
            print(f"words without sentences: {source} {name}: {reason}")
    for source, count in seen.items():
        shares = judged.get(source, [])
        fewest = f", fewest opening with a capital {min(shares):.0%}" if shares else ""
        print(f"{source}: {count:,} texts, {len(shares):,} with 50 sentence starts or more{fewest}")


def lines() -> None:
    for languages, codec in ((("fr", "de", "es", "pt", "it"), "cp1252"), (("ru", "uk"), "cp1251")):
        pool = [t for language in languages for t in texts(language)]
        data = b"".join(json.dumps({"id": f"a{i}", "text": pool[i % len(pool)]}, ensure_ascii=False).encode(
            codec, errors="replace") + b"\n" for i in range(20_000))
        best = min(_timed(data) for _ in range(3))
        print(f"{codec}: {len(data) / 1e6:.1f} MB, 20,000 lines, best of three {best:.3f} s")


def single(corpus: Path) -> None:
    from dedup.formats import decode_line  # here: a tree without single-byte readings still runs cjk and lines

    exact: dict[str, int] = {}
    wrong: dict[str, int] = {}
    for language, codec, text, body in encoded({k: v for k, v in SINGLE.items()}):
        line = json.dumps({"id": "a", "text": text}, ensure_ascii=False).encode(codec, errors="strict")
        read = json.loads(next(iter(stdin_lines(io.BytesIO(line + b"\n")))))["text"]
        as_file = read_as_a_file(body)[0]
        key = f"{language} {codec}"
        for way, got in (("line", read), ("file", as_file)):
            if got == text:
                exact[way] = exact.get(way, 0) + 1
            else:
                wrong[way] = wrong.get(way, 0) + 1
                print(f"not exact: {key} as a {way}")
    print(f"single-byte texts as lines: {exact.get('line', 0)} exact, {wrong.get('line', 0)} not; as files: "
          f"{exact.get('file', 0)} exact, {wrong.get('file', 0)} not")
    changed = stories = 0
    for line in corpus.open(encoding="utf-8"):
        try:
            data = line.rstrip("\n").encode("cp1252")
        except UnicodeEncodeError:
            continue
        stories += 1
        if decode_line(data)[0] != data.decode("cp1252", errors="replace"):
            changed += 1
            print(f"read otherwise than as Windows-1252: {json.loads(line)['id']}")
    wide = sum(1 for line in corpus.open(encoding="utf-8") if not line.isascii())
    print(f"{corpus.name}: {stories:,} stories as Windows-1252 lines ({wide:,} with characters beyond ASCII), "
          f"{changed} read otherwise")


def _timed(data: bytes) -> float:
    start = time.perf_counter()
    for _ in stdin_lines(io.BytesIO(data)):
        pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["cjk", "salad", "lines", "single"])
    parser.add_argument("--corpus", type=Path, default=Path("benchmarks/out/reuters.jsonl"))
    parser.add_argument("--pan", type=Path, default=None)
    args = parser.parse_args()
    {"cjk": cjk, "salad": lambda: salad(args.corpus, args.pan), "lines": lines,
     "single": lambda: single(args.corpus)}[args.what]()


if __name__ == "__main__":
    main()
