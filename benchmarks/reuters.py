"""Reuters-21578 as records, and as dedup input JSONL.

Reuters-21578 is the realistic wire haystack of dedup's benchmarks: real 1987 stories with their own
resent copies and hundreds of template-like earnings and dividend notices. This module turns its SGML
files into plain records so the benchmarks never parse SGML themselves.

Choices, and why:

* ``body`` keeps the wire layout as published: hard-wrapped at ~70 characters, paragraphs opened by an
  indented line, and the trailing "Reuter" sign-off. dedup must cope with wire copy as it arrives, so
  the benchmark does not clean it up. :func:`paragraphs` unwraps it for code that needs paragraphs.
* ``text`` (what dedup reads) is the dateline followed by the body, as the wire sends it
  ("SALVADOR, Feb 26 - Showers continued ...").
* ``published`` is the ``<DATE>`` as ISO 8601 UTC, to the second (the collection gives no time zone).

Usage::

    python benchmarks/reuters.py --out benchmarks/out/reuters.jsonl [--data ../shared/data/reuters21578]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

DEFAULT_DATA = "../shared/data/reuters21578"

_NEWID = re.compile(r'NEWID="(\d+)"')
_FIELDS = ("DATE", "TITLE", "DATELINE", "BODY")
_DATE = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})\s+(\d\d):(\d\d):(\d\d)")
_MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), start=1)}
_D = re.compile(r"<D>(.*?)</D>")
# The collection's control characters (&#2; &#3; ...) are wire transmission codes, not text.
_CONTROL_REF = re.compile(r"&#(?:[0-8]|1[0-9]|2[0-9]|3[01]);")
_PARAGRAPH_START = re.compile(r"\n(?=[ \t]+\S)")
_SPACE = re.compile(r"\s+")
# Usually on a line of its own, sometimes after the last table row ("(33.7).        REUTER").
_SIGNOFF = re.compile(r"\s+reuter\s*\Z", re.IGNORECASE)
#: What a wire puts before a headline sent again: ``CORRECTED - LILLY ...``, ``RPT-INSITUFORM ...``,
#: ``UPDATE 2-...`` (the training labels and the syndication set's truth read a headline's subject after it).
RESENT = re.compile(r"^(?:CORRECTED|CORRECTION|CORRECTS|REFILED|REFILE|REPEAT|RPT|UPDATE\s*\d*)\s*-\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Story:
    """One Reuters story; ``body`` keeps the wire's hard wrap and its "Reuter" sign-off."""

    newid: int
    published: str | None
    topics: tuple[str, ...]
    title: str
    dateline: str
    body: str
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def id(self) -> str:
        return f"reuters-{self.newid}"

    @property
    def text(self) -> str:
        """What the wire sends: the dateline, then the body."""
        return f"{self.dateline} {self.body}".strip() if self.dateline else self.body

    def to_record(self) -> dict[str, object]:
        """The dedup input JSONL record."""
        return {"id": self.id, "text": self.text, "title": self.title, "outlet": "reuters",
                "published": self.published, "topics": list(self.topics)}


def parse_date(raw: str) -> str | None:
    """``26-FEB-1987 15:01:01.79`` as ``1987-02-26T15:01:01Z``; None when it does not parse.

    >>> parse_date(" 26-FEB-1987 15:01:01.79")
    '1987-02-26T15:01:01Z'
    """
    match = _DATE.match(raw.strip())
    month = _MONTHS.get(match.group(2).upper(), 0) if match else 0
    if not match or not month:
        return None
    day, _, year, hh, mm, ss = match.groups()
    return f"{year}-{month:02d}-{int(day):02d}T{hh}:{mm}:{ss}Z"


def _unescape(text: str) -> str:
    return html.unescape(_CONTROL_REF.sub("", text)) if "&" in text else text


def _field(chunk: str, name: str) -> str:
    start = chunk.find(f"<{name}>")
    if start < 0:
        return ""
    start += len(name) + 2
    end = chunk.find(f"</{name}>", start)
    return chunk[start:end] if end >= 0 else ""


def parse_sgml(text: str) -> Iterator[Story]:
    """Every ``<REUTERS>`` element of one SGML file's text, in file order (stories without a body too).

    Plain string search rather than one regex per field: the whole collection parses in about a second.
    """
    for chunk in text.split("<REUTERS ")[1:]:
        chunk = chunk.split("</REUTERS>", 1)[0]
        newid = _NEWID.search(chunk, 0, chunk.find(">"))
        if newid is None:
            continue
        got = {name: _field(chunk, name) for name in _FIELDS}
        topics = tuple(_D.findall(_field(chunk, "TOPICS")))
        yield Story(
            newid=int(newid.group(1)),
            published=parse_date(got["DATE"]),
            topics=topics,
            title=_SPACE.sub(" ", _unescape(got["TITLE"])).strip(),
            dateline=_SPACE.sub(" ", _unescape(got["DATELINE"])).strip(),
            body=_unescape(got["BODY"]).rstrip().strip("\n"),
        )


def read_stories(data: Path, *, with_body: bool = True) -> list[Story]:
    """All stories of the collection in ``data`` (``reut2-*.sgm``), ordered by NEWID.

    Raises ``FileNotFoundError`` with a one-line hint when the folder holds no SGML files.
    """
    files = sorted(Path(data).glob("reut2-*.sgm"))
    if not files:
        raise FileNotFoundError(f"{data}: no reut2-*.sgm files (pass --data with the Reuters-21578 folder)")
    stories = [s for f in files for s in parse_sgml(f.read_text(encoding="latin-1"))]
    if with_body:
        stories = [s for s in stories if s.body.strip()]
    return sorted(stories, key=lambda s: s.newid)


def paragraphs(body: str) -> list[str]:
    """The body's paragraphs, each unwrapped onto one line; the sign-off is dropped.

    Reuters opens a paragraph with an indented line; every other newline is the wire's hard wrap.

    >>> paragraphs("First line\\nwrapped.\\n    Second one.\\n Reuter")
    ['First line wrapped.', 'Second one.']
    """
    parts = [_SPACE.sub(" ", p).strip() for p in _PARAGRAPH_START.split(strip_signoff(body))]
    return [p for p in parts if p]


def strip_signoff(body: str) -> str:
    """The body without its trailing "Reuter" / "REUTER" sign-off line."""
    return _SIGNOFF.sub("", body.rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Export Reuters-21578 stories with a body as dedup JSONL.")
    parser.add_argument("--data", default=DEFAULT_DATA, help="folder with reut2-*.sgm (default: %(default)s)")
    parser.add_argument("--out", required=True, help="JSONL file to write, e.g. benchmarks/out/reuters.jsonl")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        stories = read_stories(Path(args.data))
    except FileNotFoundError as exc:
        sys.exit(f"Error: {exc}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for story in stories:
            fh.write(json.dumps(story.to_record(), ensure_ascii=False) + "\n")
    print(f"{len(stories):,} stories written to {out} in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
