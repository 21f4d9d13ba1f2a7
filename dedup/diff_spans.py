"""The spans of two articles a fact diff compares: each article's story without its dateline or sign-off
(:func:`story_bounds`), a source sentence left unused and a derived one left new that are one sentence with other
facts (:func:`same_sentences`: the aligner links no sentences whose figures disagree), spans clipped to the
story (:func:`clip`), and linked spans of the same words (:func:`same_words`), in which nothing can differ.
"""

from __future__ import annotations

import re
from typing import Sequence

from dedup.agencies import load_agencies
from dedup.facts import Span
from dedup.normalize import content_bounds

__all__ = ["WORD", "story_bounds", "SAME_SENTENCE", "SAME_SENTENCE_WORDS", "same_sentences", "same_words", "clip"]

#: A word as the fact diff counts words (an apostrophe inside it).
WORD = re.compile(r"[\w'’]+")


# A dateline the normalizer leaves in (it reads the dateline's usual forms only): a place in capitals with its date
# ("NEW YORK, MARCH 17 -"), or any place before a known agency's credit in brackets ("New York (Reuters) -"; not a
# ticker's, "Exxon Corp (XON) -").
_DATELINE = re.compile(r"\s*(?:[A-Z][\w.,'’/ -]{0,40}?\s*\((?P<who>[^()\n]{2,30})\)"
                       r"|[A-Z][A-Z.,'’/ -]{1,40}?,\s*[A-Za-z]{3,9}\.?\s+\d{1,2})\s*[-–—]+\s")


def story_bounds(text: str) -> tuple[int, int]:
    """Where the story's own text starts and ends: :func:`dedup.normalize.content_bounds`, past a dateline it
    leaves in. A client that rewrote the wire's "NEW YORK, MARCH 17 -" as "New York (Reuters) -" dropped no
    figure (17) and added no name (Reuters): the fact diff listed both.

    >>> text = "New York (Reuters) - Exxon said it would close a refinery."
    >>> text[story_bounds(text)[0]:]
    'Exxon said it would close a refinery.'
    """
    start, end = content_bounds(text)
    head = _DATELINE.match(text, start)
    if head is None or head.end() >= end or head.group("who") and load_agencies().find(head.group("who")) is None:
        return start, end
    return head.end(), end


#: Word Jaccard (figures left out) from which an unused source sentence and a new derived sentence
#: are one sentence with changed facts, and the shared words it needs at least.
SAME_SENTENCE = 0.5
SAME_SENTENCE_WORDS = 5


def same_sentences(source_text: str, unused: Sequence[Span], derived_text: str,
                   new: Sequence[Span]) -> list[tuple[Span, Span]]:
    """Pairs (source span, derived span) of unused and new sentences that are one sentence whose facts
    differ ("about 40 ships" / "about 60 ships"): the aligner refuses to link sentences whose figures
    contradict, which is right for deciding what was copied and hides the change an editor wants."""
    def words(text: str, span: Span) -> set[str]:
        return {w.lower() for w in WORD.findall(text[span[0]:span[1]]) if not w[0].isdigit()}

    left = [(span, words(source_text, span)) for span in unused]
    right = [(span, words(derived_text, span)) for span in new]
    scored = []
    for i, (_, a) in enumerate(left):
        for j, (_, b) in enumerate(right):
            shared = len(a & b)
            if shared >= SAME_SENTENCE_WORDS and shared / len(a | b) >= SAME_SENTENCE:
                scored.append((-shared / len(a | b), i, j))
    used_i: set[int] = set()
    used_j: set[int] = set()
    out = []
    for _, i, j in sorted(scored):
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            out.append((left[i][0], right[j][0]))
    return sorted(out, key=lambda p: p[1])


def same_words(a: str, a_spans: Sequence[Span], b: str, b_spans: Sequence[Span]) -> bool:
    """Whether the spans hold the same words in the same order (wire hard wraps aside)."""
    return " ".join(a[s:e] for s, e in a_spans).split() == " ".join(b[s:e] for s, e in b_spans).split()


def clip(spans: Sequence[Span], bounds: tuple[int, int]) -> list[Span]:
    """The spans cut to ``bounds`` (the story's, :func:`story_bounds`), those outside left out."""
    return [(max(s, bounds[0]), min(e, bounds[1])) for s, e in spans if min(e, bounds[1]) > max(s, bounds[0])]

