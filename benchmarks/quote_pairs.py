"""Pairs of stories that share a quotation: reports that quote one speaker, and copies that carry a quote.

Two outlets at one news conference write down the same sentence of the speaker's; neither took it
from the other. The labelled sets here hold few such pairs (a few dozen Reuters pairs read by hand;
PAN's documents are books): these measure the
verdict and never train it (``python -m benchmarks.quotes``). Made from real stories, deterministically
from a seed:

- **shared quote** (not reuse): two stories written apart, each given the same quotation (one or
  two), each with its own attribution (``"...," the minister said.`` / ``The minister told
  reporters: "..."``), as its own paragraph at a drawn place. The bases are Reuters pairs read by hand
  as on one subject but not reuse (``benchmarks/reuters_read*.tsv``), other Reuters stories drawn at
  random, and the newsroom stories' independent reports of an event given a quotation sentence of
  the wire story they were written beside (``newsroom/heldout``: the wire story quotes, the
  independent report quotes the same speaker word for word);
- **copied with a quote** (``partial``): a story given a quotation, and another story into which a
  run of its paragraphs holding the quotation and at least 40 words of its own text was copied as it
  was: a copy carries the source's quotations with the rest.

The quotation is a sentence of prose of a third story (14 to 40 words), written as said: what is
quoted does not matter to the pair, only that both hold it inside quotation marks.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Sequence

from dedup import Document
from dedup.facts import quotation_spans

#: How a report gives a quotation: ``{q}`` the words, ``{who}`` the speaker.
ATTRIBUTIONS = (
    '"{q}," {who} said.',
    '{Who} said: "{q}."',
    '"{q}," {who} told reporters.',
    '{Who} told a news conference: "{q}."',
    '"{q}," {who} said in a statement.',
    'According to {who}, "{q}."',
    '"{q}," {who} added.',
)
#: Speakers of the quotations.
SPEAKERS = ("the minister", "a company spokesman", "the chairman", "an official", "the central bank governor",
            "a senior trader", "the union leader", "the chief executive", "a government spokeswoman",
            "the mayor", "a police spokesman", "the analyst")
#: Words of prose a quotation holds.
QUOTE_WORDS = (14, 40)
#: Words of a story's own text copied beside the quotation in a ``copied with a quote`` pair, at least.
COPIED_WORDS = 40

_SENTENCE = re.compile(r"(?<=[a-z)][.])\s+(?=[A-Z])")
#: A wire story's dateline: "SALVADOR, Feb 26 - ".
_DATELINE = re.compile(r"^[A-Z][A-Z.' ]{2,}(?:, [^-]{0,40})? - ")


def quotable(paragraphs: Sequence[str]) -> list[str]:
    """Sentences of prose that can be written as a quotation: 14-40 words, ending with a full stop, no
    quotation mark inside, few figures."""
    out = []
    for paragraph in paragraphs:
        for sentence in _SENTENCE.split(_DATELINE.sub("", paragraph)):
            words = sentence.split()
            digits = sum(any(c.isdigit() for c in w) for w in words)
            if QUOTE_WORDS[0] <= len(words) <= QUOTE_WORDS[1] and sentence.endswith(".") and '"' not in sentence \
                    and digits <= 2 and sentence[0].isupper():
                out.append(sentence)
    return out


def as_quotation(sentence: str, template: str, who: str) -> str:
    """``sentence`` written as ``who``'s words with the attribution ``template``."""
    words = sentence.rstrip(".")
    return template.format(q=words, who=who, Who=who[0].upper() + who[1:])


def with_paragraph(paragraphs: Sequence[str], paragraph: str, rng: random.Random) -> list[str]:
    """``paragraphs`` with ``paragraph`` put in after one of them (never before the first: the lead)."""
    at = rng.randint(1, len(paragraphs))
    return [*paragraphs[:at], paragraph, *paragraphs[at:]]


def shared_quote(a: Sequence[str], b: Sequence[str], sentences: Sequence[str],
                 rng: random.Random) -> tuple[list[str], list[str]]:
    """Stories ``a`` and ``b`` (paragraphs), each given the quotations ``sentences`` with an attribution of
    its own (the same speaker, other words around the quotation)."""
    for sentence in sentences:
        who = rng.choice(SPEAKERS)
        first, second = rng.sample(ATTRIBUTIONS, 2)
        a = with_paragraph(a, as_quotation(sentence, first, who), rng)
        b = with_paragraph(b, as_quotation(sentence, second, who), rng)
    return list(a), list(b)


def copied_with_quote(source: Sequence[str], other: Sequence[str], sentence: str,
                      rng: random.Random) -> tuple[list[str], list[str]] | None:
    """``source`` given the quotation ``sentence``, and ``other`` with a run of the source's paragraphs
    holding the quotation and at least :data:`COPIED_WORDS` words of the source's own text copied in
    after one of its paragraphs; None when the source is too short for that."""
    quote = as_quotation(sentence, rng.choice(ATTRIBUTIONS), rng.choice(SPEAKERS))
    source = with_paragraph(source, quote, rng)
    at = source.index(quote)
    lo, hi = at, at + 1
    while sum(len(p.split()) for p in source[lo:hi]) - len(quote.split()) < COPIED_WORDS:
        if hi < len(source) and (lo == 0 or rng.random() < 0.5):
            hi += 1
        elif lo > 0:
            lo -= 1
        else:
            return None
    return source, with_paragraph(other, "\n\n".join(source[lo:hi]), rng)


#: Where a sentence ends: a full stop, question or exclamation mark followed by a space, or a CJK one.
_END = re.compile(r"[.!?](?=\s)|[\u3002\uff01\uff1f]")


def newsroom_quotes(source: str) -> list[str]:
    """The sentences of a newsroom wire story that hold a quotation of 40 characters or more, each with
    its attribution (from the end of the sentence before the quotation to the end of the one it closes
    in): ``"This fire is behaving ...," said incident commander Marla Dyck.``"""
    out = []
    for paragraph in source.split("\n\n"):
        ends = [m.end() for m in _END.finditer(paragraph)]
        for lo, hi in quotation_spans(paragraph).tolist():
            if hi - lo < 42:
                continue
            start = max((e for e in ends if e <= lo), default=0)
            end = min((e for e in ends if e > hi), default=len(paragraph))
            sentence = paragraph[start:end].strip()
            if sentence and sentence not in out:
                out.append(sentence)
    return out


def newsroom_stories(folder: Path) -> list[tuple[str, str, str]]:
    """``(story key, source text, independent report)`` of every newsroom story under ``folder`` that has
    both and whose source quotes someone."""
    out = []
    for source in sorted(folder.rglob("source.txt")):
        independent = source.with_name("independent.txt")
        if independent.is_file():
            text = source.read_text(encoding="utf-8")
            if newsroom_quotes(text):
                out.append((str(source.parent.relative_to(folder)), text, independent.read_text(encoding="utf-8")))
    return out


#: Pairs made of each kind from Reuters stories drawn at random (besides the pairs read by hand).
PAIRS = 300
#: A labelled pair: two document ids, the label (1: reuse), its kind and where it comes from.
Labelled = tuple[str, str, int, str | None, str]


def build(reuters_jsonl: Path, newsroom: Path | None, read: Sequence[tuple[str, str]], seed: int,
          pairs: int = PAIRS) -> tuple[list[Document], list[Labelled]]:
    """The documents and labelled pairs: ``read`` Reuters pairs (on one subject, read as not reuse) and
    ``pairs`` pairs of Reuters stories drawn at random given a shared quotation (``shared-quote``), the
    independent reports of the newsroom stories under ``newsroom`` given a quotation of their wire story
    (``newsroom-independent``), and ``pairs`` partial copies carrying a quotation
    (``copied-with-quote``). Each Reuters story, and each quotation, is used once: a quotation found in
    many documents reads as a form's fixed text."""
    from benchmarks.reuters import paragraphs

    rng = random.Random(seed)
    bodies = {}
    for record in map(json.loads, reuters_jsonl.open(encoding="utf-8")):
        body = paragraphs(record["text"])
        if len(body) >= 4 and 80 <= sum(len(p.split()) for p in body) <= 900:
            bodies[record["id"]] = body
    pool = sorted(bodies)
    rng.shuffle(pool)
    donors = [(sid, s) for sid in pool for s in quotable(bodies[sid])[:1]]
    rng.shuffle(donors)
    used: set[str] = set()

    def take() -> str | None:
        while pool:
            sid = pool.pop()
            if sid not in used:
                used.add(sid)
                return sid
        return None

    def quotation() -> str | None:
        while donors:
            sid, sentence = donors.pop()
            if sid not in used:
                used.add(sid)
                return sentence
        return None

    docs: list[Document] = []
    labelled: list[Labelled] = []

    def add(key: str, a: Sequence[str], b: Sequence[str], label: int, kind: str | None, origin: str) -> None:
        ids = (f"quote-{key}-a", f"quote-{key}-b")
        docs.extend(Document(i, "\n\n".join(t)) for i, t in zip(ids, (a, b)))
        labelled.append((*ids, label, kind, f"quotes:{origin}"))

    bases = [(a, b) for a, b in read if a in bodies and b in bodies]
    used.update(x for pair in bases for x in pair)
    bases += [(take(), take()) for _ in range(pairs)]
    for k, (a, b) in enumerate(bases):
        sentences = [quotation() for _ in range(1 + (rng.random() < 0.3))]
        if a is not None and b is not None and None not in sentences:
            add(f"shared-{k:04d}", *shared_quote(bodies[a], bodies[b], sentences, rng), 0, None, "shared-quote")
    for k in range(pairs):
        a, b, sentence = take(), take(), quotation()
        made = copied_with_quote(bodies[a], bodies[b], sentence, rng) if a and b and sentence else None
        if made is not None:
            add(f"copied-{k:04d}", *made, 1, "partial", "copied-with-quote")
    for k, (story, source, independent) in enumerate(newsroom_stories(newsroom) if newsroom else []):
        quoted = newsroom_quotes(source)
        given = independent.strip().split("\n\n")
        for sentence in rng.sample(quoted, min(len(quoted), 1 + (rng.random() < 0.3))):
            given = with_paragraph(given, sentence, rng)
        add(f"newsroom-{k:03d}", source.strip().split("\n\n"), given, 0, None, "newsroom-independent")
    return docs, labelled
