"""What other outlets do with a wire story: reprint, light edit, partial reuse, reordering, rewrite.

Each transformation takes a :class:`Source` (the story's unwrapped paragraphs) and a seeded
``random.Random`` and returns a :class:`Derived` whose every sentence records the source sentences it
came from (``()`` for the outlet's own material), so the truth file can say what was taken, sentence by
sentence. Source sentences are numbered over :func:`synd_text.sentences_of` of the source paragraphs.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Callable, Sequence

from synd_text import MarkovChain, restyle, sentences_of, spell_out, swap_words

Sentence = tuple[str, tuple[int, ...]]  # text, source sentence indices (empty: the outlet's own)
Paragraph = list[Sentence]

KINDS = ("reprint", "light_edit", "partial", "reordered", "rewrite")
# Closed-class words that may lose their capital when a clause moves inside a sentence.
_PROSE = re.compile(r"[.!?][\"')]*$")
_AUXILIARIES = frozenset("is was are were be been being has have had".split())
_OPENERS = frozenset("the a an it its this that these those he she they we there in on at for".split())


@dataclass(frozen=True)
class Source:
    """A wire story as the generator sees it: headline, dateline place, unwrapped paragraphs."""

    id: str
    title: str
    place: str
    paragraphs: tuple[str, ...]

    def structure(self) -> list[Paragraph]:
        """Paragraphs of (sentence, (its own index,)): the identity mapping every transform starts from."""
        out: list[Paragraph] = []
        counter = 0
        for block in sentences_of(self.paragraphs):
            out.append([(s, (counter + i,)) for i, s in enumerate(block)])
            counter += len(block)
        return out

    @property
    def n_sentences(self) -> int:
        return sum(len(p) for p in sentences_of(self.paragraphs))

    @property
    def n_words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)

    @property
    def is_long(self) -> bool:
        """Long enough for partial reuse and rewriting: >= 8 prose sentences and >= 150 words.

        Prose only: an earnings table has many rows but no sentences worth rewriting.
        """
        prose = [s for p in sentences_of(self.paragraphs) for s in p if _PROSE.search(s) and len(s.split()) >= 6]
        return len(prose) >= 8 and self.n_words >= 150


@dataclass(frozen=True)
class Derived:
    """One outlet's article made from a source; ``paragraphs`` keep the per-sentence provenance."""

    kind: str
    title: str
    dateline: str
    paragraphs: tuple[tuple[Sentence, ...], ...]
    variant: str = ""  # rewrites: "moderate" or "heavy"

    @property
    def text(self) -> str:
        body = "\n\n".join(" ".join(s for s, _ in p) for p in self.paragraphs)
        return f"{self.dateline}{body}"

    @property
    def sentences(self) -> list[str]:
        return [s for p in self.paragraphs for s, _ in p]

    def sentence_map(self) -> list[list[int] | str]:
        """Per derived sentence, the source sentence indices it came from, or ``"new"``."""
        return [list(src) if src else "new" for p in self.paragraphs for _, src in p]


def headline(title: str, rng: random.Random, *, rewrite: bool = False) -> str:
    """A wire headline as another outlet writes it: no tickers, title case, sometimes reworded."""
    text = re.sub(r"\s*<[^>]*>", "", title).strip().lower()
    text = spell_out(text) if rewrite else text
    text, _ = swap_words(text, rng, 0.8 if rewrite else 0.3)
    return re.sub(r"\b([a-z])", lambda m: m.group(1).upper(), text)


def dateline(place: str, rng: random.Random, *, credit: bool) -> str:
    """An outlet's own dateline; reprints and light edits keep the agency credit."""
    city = place.title() if place else ""
    styles = [f"{city} (Reuters) - ", f"{city.upper()} (Reuters) — "] if credit else [f"{city} — ", ""]
    return rng.choice(styles) if city else ""


def _finish(kind: str, source: Source, rng: random.Random, paragraphs: Sequence[Paragraph],
            variant: str = "") -> Derived:
    kept = tuple(tuple(p) for p in paragraphs if p)
    credit = kind in ("reprint", "light_edit", "reordered")
    return Derived(kind, headline(source.title, rng, rewrite=kind == "rewrite"),
                   dateline(source.place, rng, credit=credit), kept, variant)


def _own(chain: MarkovChain, rng: random.Random, n_words: float) -> list[Paragraph]:
    """The outlet's own material: about ``n_words`` words (at least one sentence) in short paragraphs."""
    paragraphs: list[Paragraph] = []
    total = 0
    while not paragraphs or total < n_words:
        block = [(chain.sentence(rng), ()) for _ in range(rng.randint(1, 2))]
        total += sum(len(s.split()) for s, _ in block)
        paragraphs.append(block)
    return paragraphs


def _words(paragraph: Paragraph) -> int:
    return sum(len(s.split()) for s, _ in paragraph)


def reprint(source: Source, rng: random.Random, chain: MarkovChain) -> Derived:
    """Verbatim body (reflowed off the wire's hard wrap, sign-off dropped), new headline and dateline."""
    return _finish("reprint", source, rng, source.structure())


def light_edit(source: Source, rng: random.Random, chain: MarkovChain) -> Derived:
    """2-4 % of words changed, then the ending trimmed and/or a local paragraph added (<= 20 % each)."""
    paragraphs = source.structure()
    flat = [(i, j) for i, p in enumerate(paragraphs) for j in range(len(p))]
    total = source.n_words
    target = max(1, round(rng.uniform(0.02, 0.04) * total))
    changed = 0
    for i, j in rng.sample(flat, len(flat)):
        if changed >= target:
            break
        text, src = paragraphs[i][j]
        new, n = swap_words(text, rng, 0.5)
        if n == 0 and rng.random() < 0.3:
            new, n = spell_out(text), int(spell_out(text) != text)
        paragraphs[i][j] = (new, src)
        changed += n
    ops = rng.choice([("trim",), ("local",), ("trim", "local")])
    if "trim" in ops:
        budget = rng.uniform(0.05, 0.2) * total
        while len(paragraphs) > 1 and _words(paragraphs[-1]) <= budget:
            budget -= _words(paragraphs.pop())
    if "local" in ops and total >= 80:
        where = rng.choice([1, len(paragraphs)])
        paragraphs[where:where] = _own(chain, rng, rng.uniform(0.05, 0.2) * total)
    return _finish("light_edit", source, rng, paragraphs)


def partial(source: Source, rng: random.Random, chain: MarkovChain) -> Derived:
    """The opening 20-50 % of a long story (whole sentences), often with the outlet's own material
    around it (never more than the part taken)."""
    goal = source.n_words * rng.uniform(0.2, 0.5)
    taken: list[Paragraph] = []
    words = 0
    for paragraph in source.structure():
        kept: Paragraph = []
        for sentence in paragraph:
            if words >= goal and sum(len(p) for p in taken) + len(kept) >= 2:
                break
            kept.append(sentence)
            words += len(sentence[0].split())
        if kept:
            taken.append(kept)
        if len(kept) < len(paragraph):
            break
    if rng.random() < 0.5:
        taken[:0] = _own(chain, rng, rng.uniform(0.1, 0.4) * words)
    if rng.random() < 0.6:
        taken.extend(_own(chain, rng, rng.uniform(0.2, 0.6) * words))
    return _finish("partial", source, rng, taken)


def reordered(source: Source, rng: random.Random, chain: MarkovChain) -> Derived:
    """The same paragraphs in another order (needs at least three paragraphs)."""
    paragraphs = source.structure()
    order = list(range(len(paragraphs)))
    while len(order) > 1 and order == sorted(order):
        rng.shuffle(order)
    return _finish("reordered", source, rng, [paragraphs[i] for i in order])


TRANSFORMS: dict[str, Callable[[Source, random.Random, MarkovChain], Derived]] = {
    "reprint": reprint, "light_edit": light_edit, "partial": partial, "reordered": reordered,
}


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _decapitalise(text: str, lowercase: frozenset[str] = frozenset()) -> str:
    """Lower-case the first word when it moves inside a sentence, unless it looks like a name.

    A word counts as common when it is a closed-class opener or occurs in lower case in the wire copy
    the chain was trained on (``MarkovChain.lowercase``).
    """
    first = text.split(" ", 1)[0].strip(",;:")
    common = first.lower() in _OPENERS or (first[1:].islower() and first.lower() in lowercase)
    return text[:1].lower() + text[1:] if common else text


_SAID_LAST = re.compile(r"^(?P<clause>.{20,}?),\s+(?P<who>(?:the\s+)?[A-Za-z][\w.'\- ]{1,40}?)\s+"
                        r"(?P<verb>said|stated|noted|added)(?P<tail>\s+(?:on|in|at)\s+[\w ]{2,25})?\.$")
_SAID_FIRST = re.compile(r"^(?P<who>[A-Z][\w.'\- ]{1,40}?)\s+(?P<verb>said|stated|noted)\s+(?:that\s+)?"
                         r"(?P<clause>.{20,})\.$")

_LEADING_CLAUSE = re.compile(r"^(?P<lead>(?:If|When|While|Although|After|Before|As|In|On|With|Despite|Since)"
                             r" [^,]{8,80}),\s+(?:then\s+)?(?P<rest>[^,]{20,})\.$")


def move_attribution(sentence: str, rng: random.Random, lowercase: frozenset[str] = frozenset()) -> str:
    """Clauses the other way round: the speaker up front or at the end, a leading clause moved last."""
    if match := _SAID_LAST.match(sentence):
        who, clause = _capitalise(match["who"]), _decapitalise(match["clause"], lowercase)
        if rng.random() < 0.5:
            return f"According to {_decapitalise(match['who'])}, {clause}."
        return f"{who} {match['verb']}{match['tail'] or ''} that {clause}."
    if (match := _SAID_FIRST.match(sentence)) and len(match["who"].split()) <= 5 \
            and match["who"].split()[-1].lower() not in _AUXILIARIES:
        return f"{_capitalise(match['clause'])}, {_decapitalise(match['who'])} {match['verb']}."
    if (match := _LEADING_CLAUSE.match(sentence)) and len(match["rest"].split()) >= 6:
        return f"{_capitalise(match['rest'])} {_decapitalise(match['lead'], lowercase)}."
    return sentence


def split_sentence(sentence: str) -> list[str]:
    """A long sentence cut at a clause boundary near its middle, or unchanged."""
    n = len(sentence)
    for marker, opener in ((", and ", ""), ("; ", ""), (", but ", "But ")):
        at = sentence.find(marker, n // 4)
        if 0 < at < 3 * n // 4:
            head, tail = sentence[:at], sentence[at + len(marker):]
            return [head.rstrip(",;") + ".", opener + tail if opener else _capitalise(tail)]
    return [sentence]


def rewrite(source: Source, rng: random.Random, chain: MarkovChain) -> Derived:
    """Spelled-out style, synonyms, moved attributions, split/merged/dropped sentences, new ones added.

    Half the rewrites are *heavy* (every listed synonym, present tense, asides cut, a quarter of the
    sentences dropped), to reach the low verbatim overlap of real rewrites (the seed pair's human rewrite:
    5-gram Jaccard 0.06).
    """
    heavy = rng.random() < 0.5
    flat = [s for p in source.structure() for s in p]
    kept = [s for k, s in enumerate(flat) if k < 2 or rng.random() >= (0.25 if heavy else 0.15)]
    out: list[Sentence] = []
    for text, src in kept:
        text = restyle(spell_out(text)) if heavy else spell_out(text)
        text, _ = swap_words(text, rng, 1.0 if heavy else 0.7)
        text = move_attribution(text, rng, chain.lowercase) if heavy or rng.random() < 0.7 else text
        parts = split_sentence(text) if len(text.split()) > 22 and rng.random() < 0.7 else [text]
        out.extend((part, src) for part in parts)
    out = _merge_short(out, rng, chain.lowercase)
    for _ in range(rng.randint(1, 3)):
        out.insert(rng.randint(1, len(out)), (chain.sentence(rng), ()))
    paragraphs: list[Paragraph] = []
    while out:
        size = rng.randint(1, 2)
        paragraphs.append(out[:size])
        out = out[size:]
    return _finish("rewrite", source, rng, paragraphs, "heavy" if heavy else "moderate")


def _merge_short(sentences: list[Sentence], rng: random.Random, lowercase: frozenset[str]) -> list[Sentence]:
    out: list[Sentence] = []
    for text, src in sentences:
        if out and out[-1][1] and src and len(out[-1][0].split()) < 14 and len(text.split()) < 14 \
                and out[-1][0].endswith(".") and rng.random() < 0.35:
            prev, prev_src = out.pop()
            joiner = rng.choice([", and ", ", while ", "; "])
            merged_src = tuple(sorted(set(prev_src) | set(src)))
            out.append((prev[:-1] + joiner + _decapitalise(text, lowercase), merged_src))
        else:
            out.append((text, src))
    return out


TRANSFORMS["rewrite"] = rewrite
