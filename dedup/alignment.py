"""The result of aligning two articles: links between sentences, coverage, verdict, and its JSON form.

Kept apart from the aligner so that reports (terminal, JSON, HTML) can read results without importing
the scoring machinery.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from dedup.documents import Document
from dedup.language import language_of
from dedup.sentences import Sentence
from dedup.words import rules_for

__all__ = ["KINDS", "VERDICTS", "SCHEMA_VERSION", "Span", "Link", "Coverage", "Passage", "Alignment",
           "LOCATED_GAP", "LOCATED_SOURCE_GAP", "LOCATED_GROW", "LOCATED_NEAR",
           "LOCATED_ALONE", "LOCATED_CONDENSED"]

SCHEMA_VERSION = 2
KINDS = ("verbatim", "edited", "paraphrase")
VERDICTS = ("wholly_derived", "partially_derived", "independent", "unrelated")
Span = tuple[int, int]
#: How the located passages of the JSON output merge links (:meth:`Alignment.passages`): unlinked derived
#: sentences bridged, and source sentences a run may jump; the settings the PAN 2013 benchmark scores.
LOCATED_GAP = 4
LOCATED_SOURCE_GAP = 60
#: ... and the share of words (Dice) two unlinked sentences next to a passage's ends must share for the
#: passage to grow over them (``grow``); chosen on PAN 2013's training part (benchmarks/RESULTS.md).
LOCATED_GROW = 0.3
#: ... and the share of words (Dice) that two or more neighbouring pairs of unlinked sentences, each pair the
#: other's best match and in the same order on both sides, share for the run to be located as a passage
#: (``near``: :func:`_near_pieces`); chosen on PAN 2013's training part (benchmarks/RESULTS.md, sixty-third round).
#: Located passages only: no link is made, so nothing the verdict reads moves.
LOCATED_NEAR = 0.35
#: ... and the share a single such pair shares for it to join the passage of the links (or the near run) it
#: follows in place (``alone``); chosen on PAN 2013's training part the same way.
LOCATED_ALONE = 0.5
#: ... and how many times as many source sentences as derived ones a passage spans for it to be read as
#: *condensed* (a summary: each derived sentence draws on several source sentences) and grow on its source side
#: over the sentences around it that hold a content word of its derived side (``condensed``: :func:`_drawn_on`);
#: chosen on PAN 2013's training part (benchmarks/RESULTS.md, sixty-fourth round). Located passages only.
LOCATED_CONDENSED = 2.5
#: Words two sentences share at least for a passage to grow over them (as a link needs three content words):
#: a sign-off line alone on both sides ("Reuter") is no part of a passage.
GROW_SHARED = 3


@dataclass(frozen=True)
class Link:
    """Derived sentence(s) taken from source sentence(s).

    One sentence on each side usually; two derived sentences for a source sentence split in two, two
    source sentences for two merged into one. Sentence indices refer to the splitter's output on each
    document (``Alignment.source_sentences`` / ``derived_sentences``); spans are character offsets.
    ``placed`` links were made for their place between two other links (their sources in order) at a
    score too low to link on wording alone; verdicts are judged on the other links.
    """

    source_sentences: tuple[int, ...]
    derived_sentences: tuple[int, ...]
    source_spans: tuple[Span, ...]
    derived_spans: tuple[Span, ...]
    score: float
    kind: str
    placed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_spans": [list(s) for s in self.source_spans],
            "derived_spans": [list(s) for s in self.derived_spans],
            "score": round(self.score, 4),
            "kind": self.kind,
            "placed": self.placed,
        }


@dataclass(frozen=True)
class Coverage:
    """Shares by characters of sentences: of the derived article (by kind) and of the source used."""

    derived_from_source: float
    source_used: float
    verbatim: float
    edited: float
    paraphrase: float
    new: float

    def to_dict(self) -> dict[str, float]:
        return {k: round(v, 4) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class Passage:
    """A contiguous stretch of the derived article and the source stretch it came from."""

    source_span: Span
    derived_span: Span


@dataclass(frozen=True)
class Alignment:
    """Sentence alignment of two articles.

    ``source``/``derived`` are ids when the direction is known, else ``None``; the roles of the spans
    are then those stated in ``direction_reason`` (the first document read as source).
    """

    source_document: Document
    derived_document: Document
    source: str | None
    derived: str | None
    direction_reason: str
    verdict: str
    coverage: Coverage
    links: tuple[Link, ...]
    new: tuple[Span, ...]
    unused: tuple[Span, ...]
    source_sentences: tuple[Sentence, ...]
    derived_sentences: tuple[Sentence, ...]
    #: ``(source span, derived span)`` of the shared regions the comparison was limited to (sentences
    #: around them); empty when every sentence was compared with every other.
    regions: tuple[tuple[Span, Span], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``dedup compare --json`` (schema_version 2; the CLI adds ``credit`` and ``facts``).

        ``documents`` lists the source-role document first, then the derived-role one; sentence indices
        of links are kept on ``Link`` objects, not in this JSON shape. ``passages`` are the located passages
        (merged runs of links, character offsets on both sides; :data:`LOCATED_GAP`).
        """
        return {
            "schema_version": SCHEMA_VERSION,
            "documents": [_document_dict(d) for d in (self.source_document, self.derived_document)],
            "source": self.source,
            "derived": self.derived,
            "direction_reason": self.direction_reason,
            "verdict": self.verdict,
            "coverage": self.coverage.to_dict(),
            "links": [link.to_dict() for link in self.links],
            "new": [list(s) for s in self.new],
            "unused": [list(s) for s in self.unused],
            "regions": [[list(s), list(d)] for s, d in self.regions],
            "passages": [{"source": list(p.source_span), "derived": list(p.derived_span)}
                         for p in self.passages(max_gap=LOCATED_GAP, max_source_gap=LOCATED_SOURCE_GAP,
                                                grow=LOCATED_GROW, near=LOCATED_NEAR, alone=LOCATED_ALONE,
                                                condensed=LOCATED_CONDENSED)],
        }

    def passages(self, *, max_gap: int = 2, max_source_gap: int = 8, trim: bool = True,
                 grow: float | None = None, near: float | None = None, alone: float | None = None,
                 condensed: float | None = None) -> list[Passage]:
        """Merge links that follow each other in both articles into passages.

        Runs of linked derived sentences (allowing ``max_gap`` unlinked sentences between them) whose
        source sentences stay within ``max_source_gap`` sentences of each other become one passage: a
        reused paragraph is reported once, not sentence by sentence. With ``trim``, words at either end
        of a passage that the other side does not contain are cut off: a passage pasted into running
        text often shares its first "sentence" with words that were there before. With ``grow``, each run
        first grows over the unlinked sentences next to its ends on both sides that share that share of
        their words (:func:`_grown`; the located passages use :data:`LOCATED_GROW`). With ``near``, runs of
        two or more unlinked sentence pairs that share that share of their words, each pair the other's best
        match, in the same order on both sides, are merged in with the links first (:func:`_near_pieces`; the
        located passages use :data:`LOCATED_NEAR`): reworded reuse where no sentence kept enough words to link.
        With ``alone``, a single such pair sharing that share joins a passage it continues (never one alone;
        :data:`LOCATED_ALONE`). With ``condensed``, a passage whose source side spans that many times as many
        sentences as its derived side (a summary) grows on its source side over the sentences around it that hold a
        content word of its derived side (:func:`_drawn_on`; :data:`LOCATED_CONDENSED`). None of them makes a link:
        the links, and all the verdict reads of them, stay.
        """
        pieces = [(link.derived_sentences, link.source_sentences, False) for link in self.links]
        pieces += [((j,), (i,), single) for j, i, single in _near_pieces(self, near, alone)]
        runs: list[tuple[list[int], list[int]]] = []
        kept: list[bool] = []  # a run of single near pairs alone is no passage
        for derived, source, single in sorted(pieces):
            if runs and _continues(runs[-1], derived, source, max_gap, max_source_gap):
                runs[-1][0].extend(derived)
                runs[-1][1].extend(source)
                kept[-1] = kept[-1] or not single
            else:
                runs.append((list(derived), list(source)))
                kept.append(not single)
        runs = [run for run, keep in zip(runs, kept) if keep]
        if grow is not None:
            runs = _grown(runs, self, grow)
        if condensed is not None:
            runs = _drawn_on(runs, self, condensed, max_source_gap)
        passages = []
        for d, s in runs:
            source_span = (self.source_sentences[min(s)].start, self.source_sentences[max(s)].end)
            derived_span = (self.derived_sentences[min(d)].start, self.derived_sentences[max(d)].end)
            if trim:
                source_text, derived_text = self.source_document.text, self.derived_document.text
                source_span, derived_span = (
                    _trim(source_text, source_span, _words(derived_text[slice(*derived_span)])),
                    _trim(derived_text, derived_span, _words(source_text[slice(*source_span)])),
                )
            passages.append(Passage(source_span=source_span, derived_span=derived_span))
        return passages


_WORD = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    """The lower-cased words of ``text``. ASCII text is lower-cased whole first (the same words: lowering
    ASCII keeps every character a word character or not); other text word by word, since lowering may
    change which characters are word characters (``"İ"`` becomes ``"i"`` and a combining dot)."""
    if text.isascii():
        return set(_WORD.findall(text.lower()))
    return {w.lower() for w in _WORD.findall(text)}


def _trim(text: str, span: Span, other: set[str], window: int = 4, needed: int = 2) -> Span:
    """Shrink ``span`` to start and end where ``needed`` of ``window`` consecutive words occur in ``other``."""
    piece = text[span[0]:span[1]]
    if piece.isascii():
        hits = [w in other for w in _WORD.findall(piece.lower())]
    else:
        hits = [w.lower() in other for w in _WORD.findall(piece)]
    n = len(hits)
    # the first word that starts such a window and the last that ends one (scanned from either end)
    first = next((k for k in range(n) if hits[k] and sum(hits[k : k + window]) >= min(needed, n - k)), None)
    last = next((k for k in range(n - 1, -1, -1)
                 if hits[k] and sum(hits[max(0, k - window + 1) : k + 1]) >= min(needed, k + 1)), None)
    if first is None or last is None or last < first:
        return span
    if first == 0 and last == n - 1:
        return span
    bounds = _word_bounds(piece, first, last)
    return (span[0] if first == 0 else span[0] + bounds[0], span[1] if last == n - 1 else span[0] + bounds[1])


def _word_bounds(piece: str, first: int, last: int) -> Span:
    """Where word ``first`` of ``piece`` starts and word ``last`` ends (as ``\\w+`` finds words)."""
    start = end = 0
    for k, match in enumerate(_WORD.finditer(piece)):
        if k == first:
            start = match.start()
        if k == last:
            end = match.end()
            break
    return (start, end)


def _grown(runs: list[tuple[list[int], list[int]]], alignment: Alignment,
           least: float) -> list[tuple[list[int], list[int]]]:
    """``runs`` each grown at either end, a sentence on both sides at a time, while the sentences just
    before (after) it on the two sides are linked to nothing and share ``least`` of their words (Dice:
    twice the words in both over the words of each), :data:`GROW_SHARED` at least: the first or last
    sentence of a reworded passage often shares too little wording to link on its own (or a figure that
    differs, a dateline's day), but follows in place from a run that did."""
    taken = ({j for lk in alignment.links for j in lk.derived_sentences},
             {i for lk in alignment.links for i in lk.source_sentences})
    sides = ((alignment.derived_document.text, alignment.derived_sentences),
             (alignment.source_document.text, alignment.source_sentences))

    def alike(j: int, i: int) -> bool:
        words = []
        for k, (text, sentences), used in zip((j, i), sides, taken):
            if not 0 <= k < len(sentences) or k in used:
                return False
            words.append(_words(text[sentences[k].start:sentences[k].end]))
        both = len(words[0] & words[1])
        return both >= GROW_SHARED and 2 * both >= least * (len(words[0]) + len(words[1]))

    out = []
    for derived, source in runs:
        derived, source = list(derived), list(source)
        for step, edge in ((-1, min), (1, max)):
            while alike(edge(derived) + step, edge(source) + step):
                derived.append(edge(derived) + step)
                source.append(edge(source) + step)
                taken[0].add(derived[-1])
                taken[1].add(source[-1])
        out.append((derived, source))
    return out


def _drawn_on(runs: list[tuple[list[int], list[int]]], alignment: Alignment, condensed: float,
              reach: int) -> list[tuple[list[int], list[int]]]:
    """``runs``, those spanning ``condensed`` times as many source sentences as derived ones (first to last, both
    sides) grown on their source side: while a source sentence within ``reach`` sentences of an end holds a
    content word (as the aligner reads them: no stop word, no figure) of the run's derived sentences, the run
    reaches the farthest such sentence. A summary's sentence condenses several source sentences, its words spread
    over a stretch no one of its links covers; a copy or a reworded passage keeps one source sentence for each of
    its own, so its passages are not condensed and stay as they are."""
    out, content = [], None
    for derived, source in runs:
        lo, hi = min(source), max(source)
        if hi - lo + 1 < condensed * (max(derived) - min(derived) + 1):
            out.append((derived, source))
            continue
        if content is None:  # read only for a pair with a condensed passage
            content = (_content(alignment.derived_document, alignment.derived_sentences),
                       _content(alignment.source_document, alignment.source_sentences))
        words = set().union(*content[0][min(derived):max(derived) + 1])
        held = [i for i, sentence in enumerate(content[1]) if sentence & words]
        while (lower := [i for i in held if lo - reach <= i < lo]):
            lo = lower[0]
        while (upper := [i for i in held if hi < i <= hi + reach]):
            hi = upper[-1]
        out.append((derived, [*source, lo, hi]))
    return out


def _content(document: Document, sentences: tuple[Sentence, ...]) -> list[set[str]]:
    """The content words of each of ``document``'s ``sentences`` (lower-cased; the word rules of its language)."""
    rules = rules_for(language_of(document))
    return [{w for w in _words(document.text[s.start:s.end]) if rules.is_content(w)} for s in sentences]


def _continues(run: tuple[list[int], list[int]], derived: tuple[int, ...], source: tuple[int, ...], max_gap: int,
               max_source_gap: int) -> bool:
    """Whether a link's (or a near run's pair's) ``derived`` and ``source`` sentences continue ``run``."""
    if derived[0] - max(run[0]) > max_gap + 1:
        return False
    lo, hi = min(run[1]), max(run[1])
    return all(lo - max_source_gap <= i <= hi + max_source_gap for i in source)


_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
#: Derived sentences scored against every source sentence at a time (bounds the dense block's memory).
_NEAR_BLOCK = 128


def _near_pieces(alignment: Alignment, near: float | None, alone: float | None) -> list[tuple[int, int, bool]]:
    """``(derived, source, single)``: the pairs of :func:`_near_pairs` in runs of two or more neighbours that
    each share ``near``, in the same order on both sides (``single`` false), and the others that share
    ``alone`` (``single`` true); none when both are ``None``."""
    bars = [bar for bar in (near, alone) if bar is not None]
    if not bars:
        return []
    pairs = _near_pairs(alignment, min(bars))
    at = {j: (i, value) for j, i, value in pairs}
    out = []
    for j, i, value in pairs:
        if near is not None and value >= near and any(
                k in at and at[k][0] == i + step and at[k][1] >= near for k, step in ((j - 1, -1), (j + 1, 1))):
            out.append((j, i, False))
        elif alone is not None and value >= alone:
            out.append((j, i, True))
    return out


def _near_pairs(alignment: Alignment, least: float) -> list[tuple[int, int, float]]:
    """``(derived, source, share)`` sentence pairs, none linked, each sharing ``least`` of its words or more
    (``share``: Dice, :data:`GROW_SHARED` words at least, no figure in conflict: each side holding one the other
    lacks) and each sentence's best match among the unlinked sentences of the other side (the first on a tie).

    One such pair says little (two texts on one subject share a topic's words), but neighbours that are each
    other's best match in the same order on both sides are what reworded reuse leaves where every sentence
    lost too many words to link (PAN 2013's random obfuscation: words dropped, swapped and shuffled, which a
    bag of words reads as well as before); a form filled in again differs in its figures.
    """
    taken = ({j for lk in alignment.links for j in lk.derived_sentences},
             {i for lk in alignment.links for i in lk.source_sentences})
    sides = []
    for text, sentences, used in ((alignment.derived_document.text, alignment.derived_sentences, taken[0]),
                                  (alignment.source_document.text, alignment.source_sentences, taken[1])):
        pieces = ["" if k in used else text[s.start:s.end] for k, s in enumerate(sentences)]
        sides.append(([_words(p) for p in pieces], [set(_FIGURE.findall(p)) for p in pieces]))
    (derived_words, derived_figures), (source_words, source_figures) = sides
    if not derived_words or not source_words:
        return []
    vocabulary: dict[str, int] = {}
    derived, source = (_incidence(words, vocabulary) for words in (derived_words, source_words))
    derived, source = (sparse.csr_matrix((np.ones(len(ix), dtype=np.float32), ix, ptr),
                                         shape=(len(ptr) - 1, max(len(vocabulary), 1)))
                       for ix, ptr in (derived, source))
    derived_sizes = np.array([len(w) for w in derived_words], dtype=float)
    source_sizes = np.array([len(w) for w in source_words], dtype=float)
    row_best = np.zeros(len(derived_words), dtype=np.int64)
    row_value = np.zeros(len(derived_words))
    column_best = np.zeros(len(source_words), dtype=np.int64)
    column_value = np.zeros(len(source_words))
    for lo in range(0, len(derived_words), _NEAR_BLOCK):
        both = (derived[lo:lo + _NEAR_BLOCK] @ source.T).toarray()
        dice = 2 * both / np.maximum(derived_sizes[lo:lo + _NEAR_BLOCK, None] + source_sizes[None, :], 1.0)
        dice[(both < GROW_SHARED) | (dice < least)] = 0.0  # under the bar: neither a row's nor a column's best
        for j, i in zip(*np.nonzero(dice)):
            own, other = derived_figures[lo + j], source_figures[i]
            if own - other and other - own:
                dice[j, i] = 0.0
        rows = np.arange(len(dice))
        row_best[lo:lo + len(dice)] = best = dice.argmax(axis=1)
        row_value[lo:lo + len(dice)] = dice[rows, best]
        block_best = dice.argmax(axis=0)
        block_value = dice[block_best, np.arange(dice.shape[1])]
        better = block_value > column_value  # strictly: an earlier block's row keeps a tie
        column_best[better], column_value[better] = block_best[better] + lo, block_value[better]
    return [(j, int(row_best[j]), float(row_value[j])) for j in range(len(derived_words))
            if row_value[j] > 0.0 and column_best[row_best[j]] == j]


def _incidence(words: list[set[str]], vocabulary: dict[str, int]) -> tuple[list[int], list[int]]:
    """The column indices and row pointers of a matrix with one row per sentence and a 1 in the column of each of
    its words (``vocabulary`` grows as words are met)."""
    indptr, indices = [0], []
    for sentence in words:
        indices += sorted(vocabulary.setdefault(w, len(vocabulary)) for w in sentence)
        indptr.append(len(indices))
    return indices, indptr


def _document_dict(document: Document) -> dict[str, Any]:
    return {"id": document.id, "text": document.text, "outlet": document.outlet, "published": document.published,
            "language": language_of(document)}
