"""Large exports of many articles read: time and peak memory of reading a CSV table, a JSON list and an RSS feed of
given sizes, for two versions of the code side by side (``--code DIR``: a checkout of another version, run with
``PYTHONPATH=DIR``; by default this one).

The files are made from a Reuters JSONL file, its stories one after another until the size is reached, each with a
unique id and a few words beyond ASCII (curly quotes, "café", "à"): ``tN.csv`` in Windows-1252 (id, title, text),
``lN.json`` a list of objects in UTF-8, ``fN.xml`` an RSS 2.0 feed in UTF-8 (N: the size in MB); ``wN.csv`` and
``cN.xml`` with a few words of other Western languages, in Windows-1252 (the feed declaring ISO-8859-1); ``kN.xml`` a
feed in KOI8-R declaring it, with two Russian words an item; ``sN.xml`` one in Shift_JIS declaring it, with a Japanese
sentence an item; ``nN.xml`` one in no encoding (ASCII but for two bytes an item that UTF-8, Windows-1252 and every
East Asian encoding lack, declaring none: skipped as undecodable); ``oN.csv`` a table of one row, and ``oN.jsonl`` a
JSONL file of one line, each of the file's size in Windows-1252; ``rN.csv`` a table of one row of cells of 125 KB
each; ``xN.json`` a JSON list cut inside its second item, millions of empty lists; ``zN.json`` a JSON list of millions
of ``{}``; ``eN.jsonl`` lines of ``{}``; ``nN.json``, ``uN.json``, ``yN.json``, ``qN.json``, ``mN.json`` JSON
lists of millions of ``1``, ``null``, ``[]``, ``"x"``, ``{"x": 0}``; ``dN.jsonl`` lines each giving its title twice. Each is read by
``dedup.reading.read_corpus`` under the texts' share of ``--memory`` (as ``dedup scan`` reads it) in a child process
of its own, which prints one JSON object a line: the file, the seconds, its peak RSS (``ru_maxrss``), the articles
and skips read, and the first skip's reason.

    python benchmarks/large_exports.py --corpus benchmarks/out/reuters.jsonl --out DIR --sizes 128,255,512,1024
    python benchmarks/large_exports.py --corpus benchmarks/out/reuters.jsonl --out DIR --kinds csv --memory 512MB --code BASE
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent

_READ = """
import json, resource, sys, time
from dedup.memory import text_spill
from dedup.reading import read_corpus
try:
    from dedup.skips import skipped_count
except ImportError:  # a version that held every skip
    skipped_count = len
start = time.perf_counter()
corpus = read_corpus(sys.argv[1], spill=text_spill(sys.argv[2]))
print(json.dumps({"file": sys.argv[1].rsplit("/", 1)[-1], "memory": sys.argv[2],
                  "seconds": round(time.perf_counter() - start, 1),
                  "cpu_seconds": round(resource.getrusage(resource.RUSAGE_SELF).ru_utime
                                       + resource.getrusage(resource.RUSAGE_SELF).ru_stime, 1),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                  "articles": len(corpus.documents), "skipped": skipped_count(corpus.skipped),
                  "first_skip": corpus.skipped[0].reason[:120] if corpus.skipped else None,
                  "warnings": len(corpus.warnings)}))
"""


def _row(kind: str, n: int, story: dict) -> bytes:
    """Story ``n`` written as a row, a list's item, a feed's item or a JSONL line with no article."""
    text = f"{story['text']} \u201cLe caf\u00e9 \u00e0 Paris\u201d, copy {n}."
    if kind == "rsskoi":  # a feed in KOI8-R, declaring it
        text = (f"{story['text']} \u041f\u0440\u0435\u0437\u0438\u0434\u0435\u043d\u0442 "
                "\u0437\u0430\u044f\u0432\u0438\u043b, copy {n}.").replace("{n}", str(n))
    if kind == "rsssjis":  # a feed in Shift_JIS, declaring it
        text += " \u6771\u4eac\u96fb\u529b\u306f10\u65e5\u3001\u767a\u8868\u3057\u305f\u3002"
    if kind == "rssnone":  # bytes no encoding it could be read in has (read as Latin-1 below, one byte each)
        text = f"{story['text']} a \x81 b \x8d c, copy {n}."
    if kind in ("csvw", "rsscp"):  # letters of several Western languages: judged, not plainly Western
        text += " Die Stra\u00dfe, el a\u00f1o, s\u00f8n."
    ident, title = f"r{n}", (story.get("title") or "")[:80]
    if kind == "empty":
        return b"{}\n"
    if kind in ("csv", "csvw"):
        buf = io.StringIO()
        csv.writer(buf).writerow([ident, title, text])
        return buf.getvalue().encode("cp1252")
    if kind == "json":
        item = json.dumps({"id": ident, "title": title, "text": text}, ensure_ascii=False)
        return (item if n == 0 else ",\n" + item).encode()
    return (f"<item><guid>{ident}</guid><title>{escape(title)}</title><description>{escape(text)}</description>"
            "</item>\n").encode({"rsscp": "cp1252", "rsskoi": "koi8_r", "rsssjis": "cp932", "rssnone": "latin-1"}.get(kind, "utf-8"),
                        "replace")


_OPEN = {"csv": "id,title,text\r\n".encode(), "json": b"[\n",
         "rss": b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Wire</title>\n',
         "rsscp": b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<rss version="2.0"><channel><title>Wire</title>\n',
         "rsskoi": b'<?xml version="1.0" encoding="KOI8-R"?>\n<rss version="2.0"><channel><title>Wire</title>\n',
         "rsssjis": b'<?xml version="1.0" encoding="Shift_JIS"?>\n<rss version="2.0"><channel><title>Wire</title>\n',
         "rssnone": b'<rss version="2.0"><channel><title>Wire</title>\n', "empty": b""}
_OPEN["csvw"] = _OPEN["csv"]
_CLOSE = {"csv": b"", "csvw": b"", "json": b"\n]\n", "rss": b"</channel></rss>\n", "rsscp": b"</channel></rss>\n",
          "rsskoi": b"</channel></rss>\n", "rsssjis": b"</channel></rss>\n", "rssnone": b"</channel></rss>\n", "empty": b""}
_NAMES = {"csv": "t{}.csv", "csvw": "w{}.csv", "json": "l{}.json", "rss": "f{}.xml", "rsscp": "c{}.xml",
          "rsskoi": "k{}.xml", "rsssjis": "s{}.xml", "rssnone": "n{}.xml",
          "empty": "e{}.jsonl"}


_CP1252_WORDS = "caf\u00e9 na\u00efve d\u00e9j\u00e0 ".encode("cp1252") * 5000
#: A table of one row after its header, and a JSONL file of one line, each line the file's size in Windows-1252; a
#: JSON list cut inside its second item, empty lists to the file's size.
_ONE_LINE = {"csvline": (b'id,text\n1,"', b'"\n', _CP1252_WORDS), "jsonlline": (b'{"id": "a", "text": "', b'"}\n', _CP1252_WORDS),
             "jsoncut": (b'[{"id": "a", "text": "' + b"words " * 40 + b'"},\n{"id": "b", "meta": [', b"", b"[]," * 100_000),
             "csvcells": (b'id,text\n1,', b'x\n', b'"' + _CP1252_WORDS + b'",'),
             "jsonempty": (b"[", b"{}]\n", b"{}," * 100_000),
             "jsonnumbers": (b"[", b"1]\n", b"1," * 100_000), "jsonnulls": (b"[", b"null]\n", b"null," * 100_000),
             "jsonlists": (b"[", b"[]]\n", b"[]," * 100_000), "jsonstrings": (b"[", b'"x"]\n', b'"x",' * 100_000),
             "jsonnear": (b"[", b'{"x": 0}]\n', b'{"x": 0},' * 100_000),
             "jsonltwice": (b"", b"", b'{"title": "a", "title": "b"}\n' * 100_000)}
_NAMES.update(csvline="o{}.csv", jsonlline="o{}.jsonl", jsoncut="x{}.json", csvcells="r{}.csv", jsonempty="z{}.json",
              jsonnumbers="n{}.json", jsonnulls="u{}.json", jsonlists="y{}.json", jsonstrings="q{}.json",
              jsonnear="m{}.json", jsonltwice="d{}.jsonl")


def make(kind: str, megabytes: int, stories: list[dict], out: Path) -> Path:
    """The file of ``kind`` of about ``megabytes`` MB in ``out`` (made once, then kept)."""
    path = out / _NAMES[kind].format(megabytes)
    if path.exists():
        return path
    size, written, n = megabytes << 20, 0, 0
    if kind in _ONE_LINE:  # one line of the file's size after its opening (its block again and again)
        opening, closing, block = _ONE_LINE[kind]
        with open(path, "wb") as fh:
            fh.write(opening)
            for _ in range((size - len(opening) - len(closing)) // len(block)):
                fh.write(block)
            fh.write(closing)
        return path
    with open(path, "wb") as fh:
        fh.write(_OPEN[kind])
        written = len(_OPEN[kind]) + len(_CLOSE[kind])
        while written + len(row := _row(kind, n, stories[n % len(stories)])) <= size:
            fh.write(row)
            written += len(row)
            n += 1
        fh.write(_CLOSE[kind])
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", required=True, help="a JSONL file of stories (benchmarks/out/reuters.jsonl)")
    parser.add_argument("--out", required=True, help="a folder for the files made (kept for the next run)")
    parser.add_argument("--sizes", default="128,255,512,1024", help="sizes in MB, comma-separated")
    parser.add_argument("--kinds", default="csv,json,rss", help="csv, json, rss, comma-separated; csvw: a table in "
                        "Windows-1252 of several Western languages, rsscp: a feed in Windows-1252 declaring "
                        "ISO-8859-1, rsskoi: a feed in KOI8-R declaring it, rsssjis: one in Shift_JIS declaring it, "
                        "rssnone: one in no encoding, csvline: a table of one row of the file's size in Windows-1252, jsonlline: "
                        "a JSONL file of one such line, jsoncut: a JSON list cut inside an item of millions of empty lists, csvcells: "
                        "a table of one row of cells of 125 KB each, jsonempty: a JSON list of millions of {}, empty: "
                        "JSONL lines of {} (no article); jsonnumbers, jsonnulls, jsonlists, jsonstrings, jsonnear: "
                        "JSON lists of millions of 1, null, [], \"x\" or {\"x\": 0}; jsonltwice: JSONL lines each giving "
                        "its title twice (a warning a line)")
    parser.add_argument("--memory", default="4GB", help="the --memory setting whose texts' share the read is given")
    parser.add_argument("--code", default=str(ROOT), help="the checkout whose code reads (PYTHONPATH)")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with open(args.corpus, encoding="utf-8") as fh:
        stories = [json.loads(line) for line in fh if line.strip()]
    for kind in args.kinds.split(","):
        for megabytes in (int(s) for s in args.sizes.split(",")):
            path = make(kind, megabytes, stories, out)
            env = {**os.environ, "PYTHONPATH": str(Path(args.code).resolve())}
            subprocess.run([sys.executable, "-c", _READ, str(path.resolve()), args.memory], env=env,
                           cwd=args.code, check=False)


if __name__ == "__main__":
    main()
