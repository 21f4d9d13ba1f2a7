"""What the pair page shows, as plain values: rows of facing sentences and word-level edits.

Kept apart from ``html.py`` (which only writes files) so the layout rules can be tested without
rendering: which sentence faces which, where unused source sentences go, what was inserted or deleted.
Everything here reads the plain dicts of ``Alignment.to_dict()`` and ``Pair.to_dict()``; spans are
character offsets into the documents' ``text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Iterable, Sequence

from dedup.language import DENSE_CHAR

__all__ = ["Piece", "Sentence", "Row", "alignment_rows", "passage_pieces", "word_diff", "link_fit", "KINDS",
           "sentence_tally", "plain_answer"]

#: Link kinds in the order the legend lists them; ``new`` is derived text with no source.
KINDS = ("verbatim", "edited", "paraphrase", "new")
#: Kinds whose links get word-level ``<ins>``/``<del>`` marks (verbatim has none, by definition).
DIFFED = frozenset({"edited", "paraphrase"})
# A diff unit: a word, or one character of a script written without spaces (a Chinese sentence is one
# "word" between spaces, and marking all of it as inserted would say nothing).
_WORD = re.compile(f"(\\s*)({DENSE_CHAR}|(?:(?!{DENSE_CHAR})\\S)+)")


@dataclass(frozen=True)
class Piece:
    """A run of text with one mark: ``""`` plain, ``"ins"``, ``"del"`` or ``"mark"`` (shared passage)."""

    text: str
    mark: str = ""
    link: str = ""


@dataclass(frozen=True)
class Sentence:
    """One span of one document, cut into pieces; ``links`` are the ids that connect it to its counterparts."""

    pieces: tuple[Piece, ...]
    links: str
    start: int
    end: int


@dataclass(frozen=True)
class Row:
    """One line of the side-by-side view: source sentences on the left, derived ones on the right."""

    kind: str  # verbatim | edited | paraphrase | new | unused | other
    left: tuple[Sentence, ...]
    right: tuple[Sentence, ...]
    score: float | None = None
    placed: bool = False  # linked for its place between two links, not its wording alone


def clean_spans(spans: Any, text: str) -> list[tuple[int, int]]:
    """Spans clipped to the text, empty or malformed ones dropped: the JSON may come from elsewhere."""
    out: list[tuple[int, int]] = []
    for span in spans or ():
        try:
            start, end = int(span[0]), int(span[1])
        except (TypeError, ValueError, IndexError):
            continue
        start, end = max(0, start), min(len(text), end)
        if start < end:
            out.append((start, end))
    return out


def word_diff(left: Sequence[str], right: Sequence[str]) -> tuple[list[list[Piece]], list[list[Piece]]]:
    """Word-level deletions (left) and insertions (right) between two groups of sentences.

    The sentences of each side are compared as one word stream, so a sentence split in two still lines
    up; the marks are then cut back into the sentences they came from.

    >>> l, r = word_diff(["The port closed on Monday."], ["The port shut on Monday."])
    >>> [(p.text, p.mark) for p in r[0]]
    [('The port ', ''), ('shut', 'ins'), (' on Monday.', '')]
    """
    a = [(i, ws, w) for i, text in enumerate(left) for ws, w in _words(text)]
    b = [(i, ws, w) for i, text in enumerate(right) for ws, w in _words(text)]
    a_marks, b_marks = [""] * len(a), [""] * len(b)
    matcher = SequenceMatcher(None, [w for _, _, w in a], [w for _, _, w in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            a_marks[i1:i2] = ["del"] * (i2 - i1)
        if tag in ("insert", "replace"):
            b_marks[j1:j2] = ["ins"] * (j2 - j1)
    return _pieces(left, a, a_marks), _pieces(right, b, b_marks)


def _words(text: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in _WORD.finditer(text)]


def _pieces(texts: Sequence[str], tokens: list[tuple[int, str, str]], marks: list[str]) -> list[list[Piece]]:
    """Join marked tokens back into runs; the space before a mark stays outside it unless both neighbours share it."""
    runs: list[list[list[str]]] = [[] for _ in texts]  # per sentence: [text, mark] runs
    previous: list[tuple[int, str]] = []
    for (sentence, ws, word), mark in zip(tokens, marks):
        out = runs[sentence]
        joined = bool(out) and previous[-1] == (sentence, mark) and mark != ""
        if ws and not joined:
            _append(out, ws, "")
        elif ws:
            out[-1][0] += ws
        _append(out, word, mark)
        previous.append((sentence, mark))
    for sentence, text in enumerate(texts):  # trailing whitespace of the span, if any
        tail = text[len(text.rstrip()):]
        if tail:
            _append(runs[sentence], tail, "")
    return [[Piece(text, mark) for text, mark in out] for out in runs]


def _append(runs: list[list[str]], text: str, mark: str) -> None:
    if runs and runs[-1][1] == mark:
        runs[-1][0] += text
    else:
        runs.append([text, mark])


def alignment_rows(alignment: dict[str, Any], source_text: str, derived_text: str) -> list[Row]:
    """Rows in the derived article's order; unused source sentences follow the link they came after.

    Text that no span mentions (headlines, bylines the aligner skipped) is kept as ``other`` rows so
    nothing of either article disappears from the page.
    """
    keyed: list[tuple[tuple[int, int, int, int], Row]] = []
    anchors: list[tuple[int, int]] = []  # (source start, derived start) of every link
    for number, link in enumerate(alignment.get("links") or ()):
        src = clean_spans(link.get("source_spans"), source_text)
        dst = clean_spans(link.get("derived_spans"), derived_text)
        if not src and not dst:
            continue
        row = _link_row(f"l{number}", link, src, dst, source_text, derived_text)
        d_at, s_at = (dst[0][0] if dst else -1), (src[0][0] if src else -1)
        keyed.append(((d_at, 0, s_at, number), row))
        if src and dst:
            anchors.append((s_at, d_at))
    anchors.sort()
    for start, end in clean_spans(alignment.get("new"), derived_text):
        keyed.append(((start, 0, -1, -1), Row("new", (), (_plain(derived_text, start, end),))))
    for start, end in clean_spans(alignment.get("unused"), source_text):
        keyed.append(((_anchor(anchors, start), 1, start, -1), Row("unused", (_plain(source_text, start, end),), ())))
    for start, end in _gaps(derived_text, [r.right for _, r in keyed]):
        keyed.append(((start, 0, -1, -1), Row("other", (), (_plain(derived_text, start, end),))))
    for start, end in _gaps(source_text, [r.left for _, r in keyed]):
        keyed.append(((_anchor(anchors, start), 1, start, -1), Row("other", (_plain(source_text, start, end),), ())))
    keyed.sort(key=lambda item: item[0])
    return [row for _, row in keyed]


def _link_row(link_id: str, link: dict[str, Any], src: list[tuple[int, int]], dst: list[tuple[int, int]],
              source_text: str, derived_text: str) -> Row:
    kind = str(link.get("kind") or "paraphrase")
    left_texts = [source_text[s:e] for s, e in src]
    right_texts = [derived_text[s:e] for s, e in dst]
    if kind in DIFFED:
        left_pieces, right_pieces = word_diff(left_texts, right_texts)
    else:
        left_pieces, right_pieces = [[Piece(t)] for t in left_texts], [[Piece(t)] for t in right_texts]
    left = tuple(Sentence(tuple(p), link_id, s, e) for p, (s, e) in zip(left_pieces, src))
    right = tuple(Sentence(tuple(p), link_id, s, e) for p, (s, e) in zip(right_pieces, dst))
    score = link.get("score")
    return Row(kind, left, right, float(score) if isinstance(score, (int, float)) else None,
               link.get("placed") is True)


def _plain(text: str, start: int, end: int) -> Sentence:
    return Sentence((Piece(text[start:end]),), "", start, end)


def _anchor(anchors: list[tuple[int, int]], source_start: int) -> int:
    """The derived position of the last link whose source sentence comes before ``source_start``."""
    best = -1
    for s_at, d_at in anchors:
        if s_at > source_start:
            break
        best = d_at
    return best


def _gaps(text: str, groups: Iterable[tuple[Sentence, ...]]) -> list[tuple[int, int]]:
    """Stretches of ``text`` with visible characters that no sentence of ``groups`` covers."""
    covered = sorted((s.start, s.end) for group in groups for s in group)
    gaps, at = [], 0
    for start, end in covered + [(len(text), len(text))]:
        if start > at and text[at:start].strip():
            lead = len(text[at:start]) - len(text[at:start].lstrip())
            trail = len(text[at:start].rstrip())
            gaps.append((at + lead, at + trail))
        at = max(at, end)
    return gaps


def link_fit(alignment: dict[str, Any], source_text: str, derived_text: str) -> float:
    """How well the links' spans fit this assignment of texts: mean word overlap of linked spans.

    When the direction is unknown the alignment does not say which text its ``source_spans`` point into;
    linked sentences share words under the right assignment and look like noise under the wrong one.
    """
    overlaps = []
    for link in alignment.get("links") or ():
        src = {w.lower() for s, e in clean_spans(link.get("source_spans"), source_text) for _, w in _words(source_text[s:e])}
        dst = {w.lower() for s, e in clean_spans(link.get("derived_spans"), derived_text) for _, w in _words(derived_text[s:e])}
        overlaps.append(len(src & dst) / len(src | dst) if src or dst else 0.0)
    return sum(overlaps) / len(overlaps) if overlaps else 0.0


def passage_pieces(text: str, spans: Sequence[tuple[int, int, str]]) -> list[Piece]:
    """A whole text cut into plain runs and shared passages (``mark``, with the passage id as link).

    Overlapping passages are clipped so every character is shown exactly once.
    """
    pieces: list[Piece] = []
    at = 0
    for start, end, link in sorted(spans):
        start = max(start, at)
        if start >= end:
            continue
        if start > at:
            pieces.append(Piece(text[at:start]))
        pieces.append(Piece(text[start:end], "mark", link))
        at = end
    if at < len(text):
        pieces.append(Piece(text[at:]))
    return pieces


def sentence_tally(rows: Sequence[Row]) -> dict[str, int]:
    """How many of the derived text's sentences each kind of link holds (a sentence counts once, under its
    first link), how many are ``new``, and how many of the source's went ``unused``.

    >>> s = Sentence((Piece("x"),), "l0", 0, 1)
    >>> sentence_tally([Row("paraphrase", (s,), (s,)), Row("new", (), (Sentence((), "", 2, 3),))])
    {'verbatim': 0, 'edited': 0, 'paraphrase': 1, 'new': 1, 'unused': 0}
    """
    tally = dict.fromkeys((*KINDS, "unused"), 0)
    seen: set[tuple[int, int]] = set()
    for row in rows:
        if row.kind in ("new", *DIFFED, "verbatim"):
            for sentence in row.right:
                if (sentence.start, sentence.end) not in seen:
                    seen.add((sentence.start, sentence.end))
                    tally[row.kind] += 1
        elif row.kind == "unused":
            tally["unused"] += len(row.left)
    return tally


def plain_answer(tally: dict[str, int], *, known: bool, source: str, derived: str, story: bool = False) -> str:
    """The pair page's answer in a sentence a reader of the news knows: how many of the derived article's
    sentences were copied word for word, edited, paraphrased, and how many are its own (newly reported, or
    at least not from the source); without a direction, of article B against article A. ``story``: the two are
    versions of one story (an update, a correction), and the later one repeats the earlier, it takes nothing.

    >>> plain_answer({"verbatim": 0, "edited": 1, "paraphrase": 23, "new": 2, "unused": 3}, known=True,
    ...              source="wire", derived="daily")
    'daily took 24 of its 26 sentences from wire: none word for word, 1 edited, 23 paraphrased; 2 are not in wire (new reporting, or from elsewhere). 3 sentences of wire were not used.'
    >>> plain_answer({"verbatim": 4, "edited": 0, "paraphrase": 0, "new": 0, "unused": 0}, known=False,
    ...              source="article A", derived="article B")
    'All 4 sentences of article B have a counterpart in article A: 4 word for word, none edited, none paraphrased; it has no sentence of its own.'
    """
    taken = sum(tally[k] for k in ("verbatim", "edited", "paraphrase"))
    total = taken + tally["new"]
    if not total:
        return ""
    kinds = [(tally["verbatim"], "word for word"), (tally["edited"], "edited"), (tally["paraphrase"], "paraphrased")]
    how = ", ".join(f"{n or 'none'} {word}" for n, word in kinds)
    sentences = f"sentence{'s' if total != 1 else ''}"
    if known:
        share = f"all {total} of its {sentences}" if taken == total > 1 else f"{taken} of its {total} {sentences}"
        head = f"{derived} {'repeats' if story else 'took'} {share} from {source}: {how}"
    else:
        share = f"All {total} {sentences}" if taken == total > 1 else f"{taken} of the {total} {sentences}"
        head = f"{share} of {derived} {'has' if 1 in (taken, total) else 'have'} a counterpart in {source}: {how}"
    new = tally["new"]
    tail = (f"; {new} {'is' if new == 1 else 'are'} not in {source} (new reporting, or from elsewhere)." if new
            else f"; it has no sentence of its own.")
    unused = tally["unused"]
    if unused:
        tail += f" {unused} sentence{'s' if unused != 1 else ''} of {source} {'was' if unused == 1 else 'were'} not used."
    if story:
        tail += " The two are versions of one story."
    return head + tail
